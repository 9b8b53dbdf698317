[
  (args@{ ... }: args)
  args
]
