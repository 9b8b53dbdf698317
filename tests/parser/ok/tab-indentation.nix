{ pkgs }:
{
	name = "tabs";
	value = [
		1
		2
	];
	script = ''
		echo "tab-indented indented string"
	'';
	mixed = {
	    a = 1;
	};
}
