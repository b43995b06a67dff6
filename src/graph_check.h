/* The one rule set for the attributes of a loaded graph (graph_check.c). */
#ifndef ENTGRAPH_GRAPH_CHECK_H
#define ENTGRAPH_GRAPH_CHECK_H

#include "entgraph/graph.h"
#include "entgraph/status.h"

/* The largest count a graph may hold: 2^53, the largest integer that JSON
 * readers which hold numbers as doubles (cJSON, JavaScript) carry exactly. */
#define EG__COUNT_MAX ((uint64_t)1 << 53)

/* Whether s is well-formed UTF-8 without control characters or
 * U+FFFE/U+FFFF: the rule for ids and dates below, for readers of other
 * files that become graphs (partial counts). */
int eg__graph_text_ok(const char *s);

/* Checks every node and edge attribute of g, just loaded from path, against
 * the rules every graph loader applies (JSON, GraphML, egb), so that a
 * graph that loads from one format can be written in each of the others
 * and read back with the same values:
 *   node ids and dates: well-formed UTF-8 without control characters or
 *     U+FFFE/U+FFFF (what every exporter writes unchanged, so that ids stay
 *     distinct); a date is NULL (none) or not empty, and a first date
 *     sorts no later than the last;
 *   counts (node and edge count and docs; documents, mentions and windows
 *     of the graph): at most EG__COUNT_MAX;
 *   edge weights: finite and >= 0;
 *   measures (degree, strength, PageRank, betweenness, x, y, size, the
 *     association measures, modularity): finite, or NaN for "not
 *     computed" (JSON has no infinity);
 *   community: -1 (none) or more;
 *   edges: between two different nodes of g.
 * Labels, types, aliases, sources and evidence are free text: each exporter
 * repairs what its format cannot carry.
 * EG_EPARSE naming path and the node or edge (by index), else EG_OK.
 * O(N + E + bytes of ids and dates); allocates nothing. */
eg_status eg__graph_check(const eg_graph *g, const char *path, eg_error *err);

#endif
