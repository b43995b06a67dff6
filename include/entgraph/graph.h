/* entgraph — the entity graph: nodes are canonical entities, edges are one
 * aggregated undirected link per pair of entities.
 *
 * eg_graph is a caller-allocated value: eg_graph_init() before use,
 * eg_graph_destroy() after. All strings in it are owned by the graph (copied
 * in by the add functions). igraph is used inside graph.c only.
 */
#ifndef ENTGRAPH_GRAPH_H
#define ENTGRAPH_GRAPH_H

#include "common.h"
#include "status.h"

typedef struct eg_node {
    char *id;      /* stable entity id, unique in the graph */
    char *label;   /* canonical name */
    char *type;    /* PER, ORG, LOC, … */
    char *aliases; /* '|'-separated, "" when none */
    char *source;  /* "dict" or "rule" */
    uint64_t count; /* mentions */
    uint64_t docs;  /* documents mentioning it */
    /* computed by eg_graph_analyze(); 0 before */
    double degree;
    double strength;
    double pagerank;
} eg_node;

typedef struct eg_edge {
    uint32_t source; /* index into nodes; source < target */
    uint32_t target;
    uint64_t weight; /* windows shared */
    uint64_t docs;   /* documents shared */
    const char *kind; /* static string: "cooccurrence" */
} eg_edge;

typedef struct eg_graph {
    eg_node *nodes;
    size_t n_nodes, cap_nodes;
    eg_edge *edges;
    size_t n_edges, cap_edges;
    /* graph-level metadata; owned strings, may be NULL */
    char *window;       /* "sentence", "paragraph", "document" */
    uint64_t n_docs;     /* documents read */
    uint64_t n_mentions; /* mentions found */
} eg_graph;

EG_API void eg_graph_init(eg_graph *g);
EG_API void eg_graph_destroy(eg_graph *g);

/* Appends a node, copying the strings (aliases, source may be NULL → "").
 * *index_out (may be NULL) receives its index. EG_ENOMEM. */
EG_API eg_status eg_graph_add_node(eg_graph *g, const char *id, const char *label,
                                   const char *type, const char *aliases,
                                   const char *source, uint64_t count, uint64_t docs,
                                   uint32_t *index_out);

/* Appends an edge between node indexes a != b (stored with source < target).
 * Does not merge with an existing edge: the caller aggregates.
 * EG_EINVAL for a bad index or a == b, EG_ENOMEM. */
EG_API eg_status eg_graph_add_edge(eg_graph *g, uint32_t a, uint32_t b,
                                   uint64_t weight, uint64_t docs);

/* Like eg_graph_add_edge(), with the edge's kind: "cooccurrence" or
 * "part_of". The edge stores the library's static copy of the name, so kind
 * need not outlive the call. EG_EINVAL also for an unknown kind. */
EG_API eg_status eg_graph_add_edge_kind(eg_graph *g, uint32_t a, uint32_t b,
                                        uint64_t weight, uint64_t docs, const char *kind);

/* The library's static copy of an edge kind name ("cooccurrence",
 * "part_of"), or NULL when kind is not one of them. */
EG_API const char *eg_edge_kind_find(const char *kind);

/* Replaces g->window with a copy of window (NULL clears it). EG_ENOMEM leaves
 * the old value in place. */
EG_API eg_status eg_graph_set_window(eg_graph *g, const char *window);

/* Puts nodes in byte order of id and edges in (source, target) order, so
 * that output does not depend on the order things were added. O(n log n). */
EG_API eg_status eg_graph_sort(eg_graph *g);

/* Fills degree, strength (sum of weights) and PageRank (weighted, damping
 * 0.85) with igraph. EG_EDEP when igraph fails, EG_ENOMEM.
 * igraph's error and warning handlers are swapped for silent ones during the
 * call and restored after it; Debian's igraph is built without thread
 * safety, so do not run two analyses at once. O(N + E) plus PRPACK's solve. */
EG_API eg_status eg_graph_analyze(eg_graph *g, eg_error *err);

/* Looks a node up by id, label, or one of its aliases, in that order of
 * preference. Writes up to max matching indexes to out (sorted by index,
 * each once) and returns how many nodes match (may be > max). Names are
 * compared byte for byte. */
EG_API size_t eg_graph_find(const eg_graph *g, const char *name, uint32_t *out, size_t max);

/* Reads a graph written by eg_export_json() (node-link JSON). Fills g (which
 * must be initialised and empty). Errors name the path; EG_EIO, EG_EPARSE
 * (not JSON, or missing "nodes"/"links"), EG_ENOMEM.
 * Nodes keep the file's order. A node needs a string "id"; missing fields
 * are "" or 0 (a null measure is NaN); "aliases" is an array of strings
 * (joined with '|') or a string. Links name nodes by id; an unknown id, a
 * duplicate node id, a link from a node to itself, an unknown "kind" or a
 * field of the wrong type is EG_EPARSE, with the field ("links[3].weight")
 * in the message. EG_EINVAL when g is not empty. On failure g is left
 * initialised and empty. Counts above 2^53 are not exact (cJSON reads
 * numbers as doubles). */
EG_API eg_status eg_graph_load_json(eg_graph *g, const char *path, eg_error *err);

#endif
