/* entgraph — questions asked of a built graph (eg_graph_load_json() or one
 * just built): neighbours of an entity, top entities by a measure, names
 * close to one that matched nothing.
 *
 * Results are arrays of indexes into the graph they were computed on,
 * allocated by the library: free them with eg_query_free_nodes(),
 * eg_query_free_edges() or eg_query_free_neighbors(), as each function
 * says. They stay valid
 * while the graph is not changed. The graph is only read, so several queries
 * may run on one graph at once. Ties are always broken the same way (label,
 * then id, in byte order), so a graph gives the same answer on every run.
 */
#ifndef ENTGRAPH_QUERY_H
#define ENTGRAPH_QUERY_H

#include "common.h"
#include "graph.h"
#include "status.h"

/* A per-node number to rank by: the node attributes the library's table
 * of attributes ranks (src/graph_attrs.c). The constants name the ones
 * every version has; a measure added later follows them, and is reached
 * by its name through eg_measure_parse(). */
typedef enum eg_measure {
    EG_MEASURE_DEGREE,
    EG_MEASURE_STRENGTH,
    EG_MEASURE_PAGERANK,
    EG_MEASURE_COUNT,
    EG_MEASURE_DOCS,
    EG_MEASURE_BETWEENNESS,
} eg_measure;

/* Brief: the measure called name.
 * name: "degree", "strength", "pagerank", "count", "docs", "betweenness",
 * or a later measure's name.
 * out: receives the measure; untouched on failure.
 * Returns EG_OK, or EG_EINVAL for any other name. */
EG_API eg_status eg_measure_parse(const char *name, eg_measure *out);

/* Brief: the name of m ("degree", …), or "unknown" outside the enum. */
EG_API const char *eg_measure_name(eg_measure m);

/* Brief: how many measures there are: eg_measure values 0 to this - 1,
 * the six constants and those added later (EG_NODE_MEASURES). */
EG_API unsigned eg_measure_count(void);

/* Brief: the value of m on node n (count and docs converted to double). */
EG_API double eg_node_measure(const eg_node *n, eg_measure m);

/* One entry of eg_query_neighbors(). */
typedef struct eg_neighbor {
    uint32_t node;   /* index of the neighbouring node */
    size_t edge;     /* index of the edge between them */
    double weight;   /* the edge's weight and docs, copied for convenience */
    uint64_t docs;
} eg_neighbor;

/* Brief: the entities linked to one entity, strongest link first.
 * g: the graph (read only).
 * node: index of the entity asked about.
 * type: keep only neighbours of this type (ASCII case ignored); NULL for all.
 * limit: at most this many entries; 0 for all.
 * out, n_out: receive a new array (NULL when empty) and its length; free it
 *   with eg_query_free_neighbors(). Untouched on failure.
 * Order: weight descending, then label, then id; a graph with two edges
 * between the same pair lists the neighbour twice (in edge order).
 * Returns EG_OK, EG_EINVAL when node is not an index of g, EG_ENOMEM.
 * Complexity: O(E + k log k) for E edges and k neighbours. */
EG_API eg_status eg_query_neighbors(const eg_graph *g, uint32_t node, const char *type,
                                    size_t limit, eg_neighbor **out, size_t *n_out);

/* Brief: the entities with the highest value of a measure.
 * g: the graph (read only).
 * by: the measure to rank by.
 * type: keep only entities of this type (ASCII case ignored); NULL for all.
 * limit: at most this many entries; 0 for all.
 * out, n_out: receive a new array of node indexes (NULL when empty) and its
 *   length; free it with eg_query_free_nodes(). Untouched on failure.
 * Order: value descending (NaN last), then label, then id.
 * Returns EG_OK, EG_EINVAL for a measure outside the enum, EG_ENOMEM.
 * Complexity: O(N log N) for N nodes. */
EG_API eg_status eg_query_top(const eg_graph *g, eg_measure by, const char *type,
                              size_t limit, uint32_t **out, size_t *n_out);

/* Brief: entities whose names resemble name, for "did you mean" after
 * eg_graph_find() found nothing.
 * g: the graph (read only).
 * name: the name that was asked for (UTF-8).
 * limit: at most this many entries; 0 for all.
 * out, n_out: receive a new array of node indexes (NULL when empty) and its
 *   length; free it with eg_query_free_nodes(). Untouched on failure.
 * A node resembles name when its id, label or one of its aliases contains
 * name or is contained in it, or has at least half of name's distinct
 * characters (ASCII case ignored). Order: containment first, then more
 * shared characters, then label, then id.
 * Returns EG_OK, EG_ENOMEM.
 * Complexity: O(N · L · M) for N nodes, names of L code points and M the
 * number of distinct characters in name. */
EG_API eg_status eg_query_similar(const eg_graph *g, const char *name, size_t limit,
                                  uint32_t **out, size_t *n_out);

/* Brief: a shortest path between two entities.
 * g: the graph (read only).
 * from, to: node indexes.
 * max_len: at most this many edges; 0 for no limit.
 * weighted: 0 counts edges (breadth-first; ties go to the lower node
 *   index); 1 minimises the sum of 1/weight over the path (Dijkstra), so
 *   that strong links make short paths. Edges of weight <= 0 are not used.
 * nodes, edges: receive new arrays (free with eg_query_free_nodes() and
 *   eg_query_free_edges()) of the *n_nodes nodes from `from` to `to` and
 *   the *n_nodes - 1 edge indexes between them; untouched on failure or when there is no path.
 * Returns EG_OK, EG_ENOTFOUND when no path (within max_len) exists,
 * EG_EINVAL for a bad index, EG_ENOMEM.
 * Complexity: O(E) unweighted, O(E log N) weighted (plus an O(E) index). */
EG_API eg_status eg_query_path(const eg_graph *g, uint32_t from, uint32_t to, size_t max_len,
                               int weighted, uint32_t **nodes, size_t **edges,
                               size_t *n_nodes);

/* Brief: the neighbourhood of an entity: keep[v] = 1 for the nodes at most
 * depth edges from node (itself included), 0 for the others.
 * keep: the caller's array of g->n_nodes bytes.
 * Returns EG_OK, EG_EINVAL for a bad index, EG_ENOMEM. O(N + E). */
EG_API eg_status eg_query_ego(const eg_graph *g, uint32_t node, size_t depth,
                              unsigned char *keep);

/* Brief: the entities whose id, label or one of whose aliases contains
 * text (ASCII case ignored), by label then id.
 * out, n_out, limit: as for eg_query_top().
 * Returns EG_OK, EG_ENOMEM. O(N · L). */
EG_API eg_status eg_query_find(const eg_graph *g, const char *text, size_t limit,
                               uint32_t **out, size_t *n_out);

/* Brief: the edge between nodes a and b (the first in edge order), or
 * (size_t)-1. O(E). */
EG_API size_t eg_query_edge(const eg_graph *g, uint32_t a, uint32_t b);

/* Brief: connected components: comp[v] (a caller's array of g->n_nodes)
 * numbered by their smallest node; *n_comp their count. EG_ENOMEM. */
EG_API eg_status eg_query_components(const eg_graph *g, uint32_t *comp, size_t *n_comp);

/* Freeing results: one function for each kind of array, so that the
 * compiler checks which is passed; NULL is fine for each. */
/* Brief: frees an array of node indexes: from eg_query_top(),
 * eg_query_similar(), eg_query_find(), the nodes of eg_query_path(),
 * eg_graph_map_top() and eg_graph_map_find(). */
EG_API void eg_query_free_nodes(uint32_t *nodes);
/* Brief: frees an array of edge indexes: the edges of eg_query_path(),
 * eg_graph_map_neighbors() and eg_graph_map_edges_between(). */
EG_API void eg_query_free_edges(size_t *edges);
/* Brief: frees the array of eg_query_neighbors(). */
EG_API void eg_query_free_neighbors(eg_neighbor *neighbors);

#endif
