/* The graph formats' private parts (src/graphio/): what the table of
 * formats (formats.c) calls besides the public readers and writers. Not
 * installed. */
#ifndef ENTGRAPH_GRAPHIO_H
#define ENTGRAPH_GRAPHIO_H

#include <stddef.h>

#include "entgraph/graph.h"

/* Whether the first bytes of a file, head[0..n) (n <= EG__SNIFF_BYTES),
 * look like the format's: the binary graph by its magic ("EGB1", "EGB2"),
 * GraphML by a '<' after an optional BOM and white space; JSON takes
 * anything (the table asks it last). */
#define EG__SNIFF_BYTES 8
int eg__egb_sniff(const unsigned char *head, size_t n);
int eg__graphml_sniff(const unsigned char *head, size_t n);
int eg__json_sniff(const unsigned char *head, size_t n);

#endif
