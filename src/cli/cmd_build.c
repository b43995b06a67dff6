#include <stdio.h>

#include "cli.h"

int cmd_build(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fprintf(stderr, "entgraph build: not implemented yet\n");
    return EXIT_FAIL;
}
