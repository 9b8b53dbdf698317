# Names after `?` and `.` are attribute names, never variables.
set:
[
  (set ? someAttribute)
  (set ? a.b.c)
  set.deep.path.name
  (set.maybe or null)
  (set ? "quoted")
]
