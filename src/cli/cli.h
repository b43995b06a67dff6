/* CLI-internal declarations: the only code that prints or exits. */
#ifndef ENTGRAPH_CLI_H
#define ENTGRAPH_CLI_H

#include "entgraph/status.h"

#define ENTGRAPH_VERSION_STRING "0.1.0"

enum { EXIT_OK = 0, EXIT_FAIL = 1, EXIT_USAGE = 2 };

int cmd_build(int argc, char **argv);
int cmd_extract(int argc, char **argv);
int cmd_query(int argc, char **argv);
int cmd_dict(int argc, char **argv);

/* Prints err as "path:line:col: error: msg" (or "entgraph: error: msg") on
 * stderr. */
void cli_print_error(const eg_error *err);

#endif
