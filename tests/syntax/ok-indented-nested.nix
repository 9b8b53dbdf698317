let x = "v"; in ''
  a ${''b ${x}''} c
''
