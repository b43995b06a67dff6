#include <stdio.h>

#include "cli.h"

int cmd_extract(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fprintf(stderr, "entgraph extract: not implemented yet\n");
    return EXIT_FAIL;
}
