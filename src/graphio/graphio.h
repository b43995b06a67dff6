/* The graph formats' private parts (src/graphio/): what the table of
 * formats (formats.c) calls besides the public readers and writers. Not
 * installed. */
#ifndef ENTGRAPH_GRAPHIO_H
#define ENTGRAPH_GRAPHIO_H

#include <stddef.h>
#include <stdio.h>

#include "buf.h"
#include "entgraph/graph.h"

/* Whether the first bytes of a file, head[0..n) (n <= EG__SNIFF_BYTES),
 * look like the format's: the binary graph by its magic ("EGB1", "EGB2"),
 * GraphML by a '<' after an optional BOM and white space; JSON takes
 * anything (the table asks it last). */
#define EG__SNIFF_BYTES 8
int eg__egb_sniff(const unsigned char *head, size_t n);
int eg__graphml_sniff(const unsigned char *head, size_t n);
int eg__json_sniff(const unsigned char *head, size_t n);

/* The writers build their text in one buffer (buf.h) and hand it to the
 * file a piece at a time: eg__spill() after each node or edge writes it
 * out once it holds EG__SPILL_BYTES. EG_OK, EG_ENOMEM (an append failed),
 * EG_EIO (fwrite came up short; ferror says so too). */
#define EG__SPILL_BYTES (1u << 16)
static inline eg_status eg__spill(eg__buf *b, FILE *fp)
{
    return b->len >= EG__SPILL_BYTES ? eg__buf_write(b, fp) : eg__buf_status(b);
}

/* Ends a writer's file: st EG_OK or EG_EIO (a short write, which the
 * stream's error flag holds) commits it, and the commit reports a failed
 * write; any other status drops the file and is reported naming path. */
struct eg__atomic;
eg_status eg__write_finish(struct eg__atomic *out, eg_status st, const char *path, eg_error *err);

/* Writes g to path through a writer that fills the buffer b and spills
 * it to fp: the edge check, the atomic file, the buffer, the ending
 * (opt NULL: the defaults). */
struct eg_export_options;
typedef eg_status (*eg__graph_writer)(const eg_graph *g, eg__buf *b, FILE *fp,
                                      const struct eg_export_options *opt);
eg_status eg__write_graph(const eg_graph *g, const char *path, const struct eg_export_options *opt,
                          eg_error *err, eg__graph_writer write);

/* The XML escapers for a C string, in the shape eg__graph_meta_text()
 * takes: character data / attribute value, and comment text. */
eg_status eg__xml_put_text(eg__buf *b, const char *s);
eg_status eg__xml_put_comment(eg__buf *b, const char *s);
/* " window=… documents=N mentions=N …": the graph metadata as key=value
 * words, strings written through text(). */
void eg__graph_meta_text(eg__buf *b, const eg_graph *g, eg_status (*text)(eg__buf *, const char *));

#endif
