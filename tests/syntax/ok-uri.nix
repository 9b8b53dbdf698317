[ https://example.org/a?b=c&d=e http://x.y:8080 mirror://gnu/hello ]
