"tab\t nl\n cr\r quote\" backslash\\ dollar\${x} other\q"
