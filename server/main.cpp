#include "server/cli.h"

int main(int argc, char** argv) { return fw::server::runMain(argc, argv); }
