{ pkgs ? import <nixpkgs> { }, user ? "alice" }:
{
  script = ''
    #!/bin/sh
    set -eu
    echo "Hello, ${user}"
    echo "home is ''${HOME:-/home/${user}}"
    echo 'single quotes are fine'
    cost='$5'
    echo "''$notInterpolated and $alsoLiteral"
  '';

  escapes = ''
    three quotes: '''
    dollar: ''$
    newline escape: ''\n
    tab escape: ''\t
    backslash kept: \n \t \\
  '';

  nested = ''
    outer ${''inner ${user}''} done
    ${pkgs.lib.concatMapStrings (x: ''
      item ${x}
    '') [ "a" "b" ]}
  '';

  dollarDollar = ''$${user} and $$'';
  empty = '''';
  oneLine = ''no newline'';
  endsWithQuote = ''it's ''\'' '';
  quoteBeforeClose = ''a ' b '';
  nixInNix = ''
    { pkgs, ... }: {
      environment.systemPackages = [ pkgs.hello ];
    }
  '';
  json = ''{"key": "value", "n": ${toString 1}}'';
}
