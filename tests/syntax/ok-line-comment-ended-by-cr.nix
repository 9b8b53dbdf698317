[ # comment]
