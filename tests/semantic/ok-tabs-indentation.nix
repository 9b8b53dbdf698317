{
	alpha = 1;
	beta = let
		gamma = 2;
	in
		gamma;
	delta.epsilon = 3;
	delta.zeta = 4;
}
