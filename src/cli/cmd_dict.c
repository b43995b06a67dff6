#include <stdio.h>

#include "cli.h"

int cmd_dict(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fprintf(stderr, "entgraph dict: not implemented yet\n");
    return EXIT_FAIL;
}
