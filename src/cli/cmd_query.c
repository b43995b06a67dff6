#include <stdio.h>

#include "cli.h"

int cmd_query(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fprintf(stderr, "entgraph query: not implemented yet\n");
    return EXIT_FAIL;
}
