#include <stdio.h>

#include "cli.h"

void cli_print_error(const eg_error *err)
{
    char buf[1200];
    eg_error_format(err, buf, sizeof buf);
    if (err->path[0])
        fprintf(stderr, "%s\n", buf);
    else
        fprintf(stderr, "entgraph: %s\n", buf);
}
