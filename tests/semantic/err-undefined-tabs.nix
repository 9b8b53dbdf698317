{
	a = 1;
	b =		unknown;
}
