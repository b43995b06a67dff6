/* entgraph — a built graph answered from its file: 'graph.egb' (version 3,
 * the indexed form eg_export_egb() writes, or version 2) opened and read in place, so that
 * a question about one entity reads the few records it needs (with pread,
 * a few kilobytes) rather than the whole graph.
 *
 * eg_graph_map_open() checks the header and that every section lies inside
 * the file; every offset read later (strings, records, adjacency, indexes)
 * is checked before use, so a damaged file gives EG_EPARSE, never a read
 * outside the file or a crash. The functions only read: several may run on
 * one map at once. Results are arrays allocated by the library of node
 * and edge indexes (free them with eg_query_free_nodes() and
 * eg_query_free_edges()), which are those of the whole graph as
 * eg_graph_load() would read it. eg_graph_map_subgraph()
 * turns a selection into a small eg_graph on which the eg_query_* functions
 * give the answers they give on the whole graph.
 */
#ifndef ENTGRAPH_GRAPH_MAP_H
#define ENTGRAPH_GRAPH_MAP_H

#include "common.h"
#include "graph.h"
#include "query.h"
#include "status.h"

typedef struct eg_graph_map eg_graph_map;

/* Brief: opens the indexed graph file at path (kept open until closed).
 * out: receives the map; free it with eg_graph_map_close().
 * Returns EG_OK; EG_EIO (cannot open or read, not a regular file); EG_EPARSE for a file that is
 * not an indexed entgraph graph: another format, binary graph version 1
 * (the message says to load it whole or rebuild), another byte order, or
 * a header or section table that does not fit the file; EG_ENOMEM.
 * Reads the header, the section table and the list of types. */
EG_API eg_status eg_graph_map_open(const char *path, eg_graph_map **out, eg_error *err);

/* Brief: closes m. NULL is fine. */
EG_API void eg_graph_map_close(eg_graph_map *m);

/* Brief: node and edge counts. */
EG_API size_t eg_graph_map_n_nodes(const eg_graph_map *m);
EG_API size_t eg_graph_map_n_edges(const eg_graph_map *m);

/* Brief: the nodes named name, as eg_graph_find() finds them: by id, else
 * by label, else by alias (the first of these that matches any node).
 * out, max: up to max node indexes, in index order; *n_found: how many
 * match (may be > max). Returns EG_OK, EG_EPARSE (damaged file).
 * O(log K + matches) for K names. */
EG_API eg_status eg_graph_map_lookup(const eg_graph_map *m, const char *name, uint32_t *out,
                                     size_t max, size_t *n_found, eg_error *err);

/* Brief: the edges of node in the order eg_query_neighbors() lists them
 * (weight descending, then the neighbour's label and id), keeping those
 * whose other end is of type (ASCII case ignored; NULL: all) and whose
 * weight is at least min_weight, at most limit of them (0: all).
 * edges, n: a new array of edge indexes and its length.
 * Returns EG_OK, EG_EINVAL (node out of range), EG_EPARSE, EG_ENOMEM.
 * O(entries read): the row is stored in that order. */
EG_API eg_status eg_graph_map_neighbors(const eg_graph_map *m, uint32_t node, const char *type,
                                        double min_weight, size_t limit, size_t **edges,
                                        size_t *n, eg_error *err);

/* Brief: the edges between nodes a and b, in edge order (none: *n = 0).
 * Returns EG_OK, EG_EINVAL, EG_EPARSE, EG_ENOMEM. O(min degree). */
EG_API eg_status eg_graph_map_edges_between(const eg_graph_map *m, uint32_t a, uint32_t b,
                                            size_t **edges, size_t *n, eg_error *err);

/* Brief: the first limit (0: all) nodes of type (NULL: all) in the order
 * eg_query_top() ranks them by `by`. Returns EG_OK, EG_EINVAL (measure),
 * EG_EPARSE, EG_ENOMEM. O(nodes read): the order is stored. */
EG_API eg_status eg_graph_map_top(const eg_graph_map *m, eg_measure by, const char *type,
                                  size_t limit, uint32_t **nodes, size_t *n, eg_error *err);

/* Brief: the first limit (0: all) nodes whose id, label or aliases contain
 * text (ASCII case ignored), by label then id, as eg_query_find().
 * Returns EG_OK, EG_EPARSE, EG_ENOMEM. O(size of the names + matches). */
EG_API eg_status eg_graph_map_find(const eg_graph_map *m, const char *text, size_t limit,
                                   uint32_t **nodes, size_t *n, eg_error *err);

/* Figures of the whole graph, computed when the file was written. */
typedef struct eg_graph_map_stats {
    size_t n_nodes, n_edges, n_part_of, n_components, n_isolated, n_types;
    uint32_t n_communities;
    double modularity;
    uint64_t n_docs, n_mentions;
    const char *window;      /* NULL when none; borrowed from the map */
    char betweenness[64];    /* how betweenness was computed */
} eg_graph_map_stats;

/* Brief: fills *out. EG_EPARSE (damaged file). O(1). */
EG_API eg_status eg_graph_map_stats_get(const eg_graph_map *m, eg_graph_map_stats *out,
                                        eg_error *err);

/* Brief: type k (0 <= k < n_types, in byte order) and its node count;
 * *name is borrowed from the map. EG_EINVAL, EG_EPARSE. */
EG_API eg_status eg_graph_map_type(const eg_graph_map *m, size_t k, const char **name,
                                   uint64_t *count, eg_error *err);

/* Brief: a small graph of the given nodes, the given edges and their ends
 * (each node once), with every attribute, the evidence and the graph's
 * metadata. g: initialised and empty. Nodes come in increasing index
 * order, edges in increasing index order; an index out of range is
 * EG_EINVAL. Queries on it (neighbors of a node given all its edges, top,
 * find, the edge between two nodes) answer as on the whole graph.
 * Returns EG_OK, EG_EINVAL, EG_EPARSE, EG_ENOMEM; on failure g is left
 * empty. O((nodes + edges) log). */
EG_API eg_status eg_graph_map_subgraph(const eg_graph_map *m, const uint32_t *nodes, size_t n_nodes,
                                       const size_t *edges, size_t n_edges, eg_graph *g,
                                       eg_error *err);

#endif
