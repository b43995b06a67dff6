/* How the library's graph builders (the linker, the egb readers) hand a
 * graph the blocks its strings and evidence point into, without writing
 * into eg_graph's private fields (graph.c owns them). Not installed. */
#ifndef ENTGRAPH_GRAPH_IMPL_H
#define ENTGRAPH_GRAPH_IMPL_H

#include <stddef.h>

#include "entgraph/graph.h"

/* Gives g the block of strings block[0..len) (malloc'd): node, edge and
 * evidence strings may point into it, and eg_graph_destroy() frees it once
 * (strings inside it are never freed one by one). On success g owns block;
 * on failure the caller still does. EG_EINVAL when g has a string block
 * already, EG_ENOMEM. */
eg_status eg__graph_adopt_strings(eg_graph *g, char *block, size_t len);

/* A block of n zeroed evidence entries owned by g, at *out: edges' evidence
 * may point into it (eg_edge.evidence = *out + k), and adding evidence to
 * such an edge later copies it out first. EG_EINVAL when g has an evidence
 * block already or n is 0, EG_ENOMEM. */
eg_status eg__graph_evidence_block(eg_graph *g, size_t n, eg_evidence **out);

/* Whether g holds a string or evidence block. */
int eg__graph_has_blocks(const eg_graph *g);

/* Room for n_nodes nodes and n_edges edges in all (zeroed beyond the ones
 * there), so that a reader can fill the records in place and count them
 * in g->n_nodes / g->n_edges. EG_ENOMEM (g unchanged). */
eg_status eg__graph_reserve(eg_graph *g, size_t n_nodes, size_t n_edges);

#endif
