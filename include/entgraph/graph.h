/* entgraph — the entity graph: nodes are canonical entities, edges are one
 * aggregated undirected link per pair of entities.
 *
 * eg_graph is a caller-allocated value: eg_graph_init() before use,
 * eg_graph_destroy() after. All strings in it are owned by the graph (copied
 * in by the add and set functions). igraph is used inside graph.c only.
 */
#ifndef ENTGRAPH_GRAPH_H
#define ENTGRAPH_GRAPH_H

#include "common.h"
#include "status.h"

/* One piece of evidence for an edge: a document and the sentence (or, for
 * windows wider than a sentence, the two sentences joined by " … ") that
 * names both entities, with line breaks removed. */
typedef struct eg_evidence {
    char *doc;
    char *text;
} eg_evidence;

/* The node measures eg_graph_analyze() computes, one line each:
 *   X(name, unset, rank, label)
 * name: the eg_node field (a double) and the attribute's name in every
 *   format (GraphML, GEXF, JSON, CSV, egb columns, the HTML page);
 * unset: its value before it is computed, and what a reader takes when a
 *   file leaves it out (an expression: NAN needs <math.h> where X uses it);
 * rank: its eg_measure number ('query top --by name'): the next free
 *   number for a new measure;
 * label: how the page's panel names it.
 * Adding a measure is a line here and the code in graph.c that computes
 * it; the library's table of attributes (src/graph_attrs.c) expands this
 * list, and every writer, reader and 'query top' follows the table. */
#define EG_NODE_MEASURES(X)                                                                \
    X(degree, 0, 0, "degree")                                                              \
    X(strength, 0, 1, "strength")                                                          \
    X(pagerank, 0, 2, "PageRank")                                                          \
    X(betweenness, NAN, 5, "betweenness") /* NaN when skipped (eg_graph.betweenness) */

/* One double field of eg_node per measure. */
#define EG_NODE_MEASURE_FIELD(name, unset, rank, label) double name;

typedef struct eg_node {
    char *id;      /* stable entity id, unique in the graph */
    char *label;   /* canonical name */
    char *type;    /* PER, ORG, LOC, … */
    char *aliases; /* '|'-separated, "" when none */
    char *source;  /* "dict" or "rule" */
    uint64_t count; /* mentions */
    uint64_t docs;  /* documents mentioning it */
    /* dates of the first and last dated document naming it ("2022-05-31");
     * NULL when no such document had a date */
    char *first_date, *last_date;
    /* when the dated documents leave gaps (see eg_linker_set_spell_gap):
     * "FROM/TO;FROM/TO…", one interval per run of dates, in time order;
     * NULL when one interval, first_date to last_date, says it all. Only
     * GEXF writes it (Gephi's timeline); the other formats keep first and
     * last. */
    char *spells;
    /* computed by eg_graph_analyze(); their unset value before (community
     * -1): degree, strength, pagerank, betweenness, … (EG_NODE_MEASURES) */
    EG_NODE_MEASURES(EG_NODE_MEASURE_FIELD)
    int32_t community;  /* 0 is the largest community; -1 none */
    uint32_t core;      /* k-core number */
    double x, y;        /* layout position */
    double size;        /* display size, from PageRank or count */
    uint8_t r, g, b;    /* display colour, from the community */
} eg_node;

typedef struct eg_edge {
    uint32_t source; /* index into nodes; source < target */
    uint32_t target;
    double weight;   /* co-occurrences: count (full counting) or the sum of
                      * 1/(k-1) over shared windows of k entities (fractional) */
    uint64_t count;  /* windows shared */
    uint64_t docs;   /* documents shared */
    /* association measures (eg_linker_graph); 0 when not computed */
    double jaccard;     /* count / (w_a + w_b - count) */
    double npmi;        /* normalised pointwise mutual information, [-1, 1] */
    double association; /* count * T / (w_a * w_b): 1 = as often as chance */
    const char *kind;   /* static string: "cooccurrence" or "part_of" */
    char *first_date, *last_date; /* as for nodes */
    char *spells;                 /* as for nodes */
    eg_evidence *evidence;        /* n_evidence of them, in corpus order */
    size_t n_evidence;
} eg_edge;

typedef struct eg_graph {
    eg_node *nodes;
    size_t n_nodes, cap_nodes;
    eg_edge *edges;
    size_t n_edges, cap_edges;
    /* graph-level metadata */
    char *window;        /* "sentence", "paragraph", "document", "chars:N"; may be NULL */
    uint64_t n_docs;     /* documents read */
    uint64_t n_mentions; /* mentions found */
    uint64_t n_windows;  /* windows counted (T of the association measures) */
    char counting[16];   /* "full", "fractional" or "" */
    char betweenness[64]; /* how betweenness was computed: "exact",
                           * "sampled(…)", "skipped(…)" */
    char layout[32];     /* "fruchterman-reingold+pack", "fruchterman-reingold-grid+pack"
                          * (each component laid out on its own, then packed) or "" */
    uint32_t n_communities;
    double modularity;
    /* private to the library: the blocks of strings and of evidence
     * entries that a loaded or linked graph's strings and evidence point
     * into, each freed once by eg_graph_destroy(); NULL when none */
    struct eg__graph_blocks *blocks;
} eg_graph;

EG_API void eg_graph_init(eg_graph *g);
EG_API void eg_graph_destroy(eg_graph *g);

/* Appends a node, copying the strings (aliases, source may be NULL → "").
 * *index_out (may be NULL) receives its index. EG_ENOMEM. */
EG_API eg_status eg_graph_add_node(eg_graph *g, const char *id, const char *label,
                                   const char *type, const char *aliases,
                                   const char *source, uint64_t count, uint64_t docs,
                                   uint32_t *index_out);

/* Appends an edge between node indexes a != b (stored with source < target)
 * with count = weight = the given count. Does not merge with an existing
 * edge: the caller aggregates.
 * EG_EINVAL for a bad index or a == b, EG_ENOMEM. */
EG_API eg_status eg_graph_add_edge(eg_graph *g, uint32_t a, uint32_t b,
                                   uint64_t count, uint64_t docs);

/* Like eg_graph_add_edge(), with the edge's kind: "cooccurrence" or
 * "part_of". The edge stores the library's static copy of the name, so kind
 * need not outlive the call. EG_EINVAL also for an unknown kind. */
EG_API eg_status eg_graph_add_edge_kind(eg_graph *g, uint32_t a, uint32_t b,
                                        uint64_t count, uint64_t docs, const char *kind);

/* Which of a graph's records a setter addresses. */
typedef enum eg_graph_item {
    EG_GRAPH_NODE = 0,
    EG_GRAPH_EDGE = 1,
} eg_graph_item;

/* Sets the first and last dates of node i (item EG_GRAPH_NODE) or edge i
 * (EG_GRAPH_EDGE), copying them; NULL clears. EG_EINVAL for a bad index or
 * item, EG_ENOMEM (the old values stay). */
EG_API eg_status eg_graph_set_dates(eg_graph *g, eg_graph_item item, size_t i, const char *first,
                                    const char *last);

/* Sets the spells ("FROM/TO;…", see eg_node) of node or edge i, copying
 * them; NULL clears. EG_EINVAL for a bad index or item, EG_ENOMEM. */
EG_API eg_status eg_graph_set_spells(eg_graph *g, eg_graph_item item, size_t i, const char *spells);

/* Appends a piece of evidence (copied) to edge i. EG_EINVAL, EG_ENOMEM. */
EG_API eg_status eg_graph_add_evidence(eg_graph *g, size_t i, const char *doc,
                                       const char *text);

/* The library's static copy of an edge kind name ("cooccurrence",
 * "part_of"), or NULL when kind is not one of them. */
EG_API const char *eg_edge_kind_find(const char *kind);

/* Replaces g->window with a copy of window (NULL clears it). EG_ENOMEM leaves
 * the old value in place. */
EG_API eg_status eg_graph_set_window(eg_graph *g, const char *window);

/* Puts nodes in byte order of id and edges in (source, target) order, so
 * that output does not depend on the order things were added. O(n log n). */
EG_API eg_status eg_graph_sort(eg_graph *g);

/* Keeps the nodes whose keep[i] is non-zero and the edges between them;
 * the order of what is kept does not change. Computed measures stay as they
 * were (run eg_graph_analyze() again to recompute them). EG_ENOMEM leaves g
 * unchanged. O(N + E). */
EG_API eg_status eg_graph_keep_nodes(eg_graph *g, const unsigned char *keep);

/* Keeps the edges whose keep[i] is non-zero. Cannot fail. O(E). */
EG_API void eg_graph_keep_edges(eg_graph *g, const unsigned char *keep);

/* What the filters of 'entgraph build' keep; a zero field filters nothing. */
typedef struct eg_filter {
    const char *types;    /* comma-separated types to keep ("PER,ORG"); NULL: all */
    uint64_t min_count;   /* nodes mentioned fewer times go */
    double min_weight;    /* co-occurrence edges lighter than this go */
    uint64_t min_docs;    /* co-occurrence edges in fewer documents go */
    size_t top_per_node;  /* keep an edge only if it is among the K heaviest of
                           * one of its two ends */
    size_t top_edges;     /* then keep the N heaviest co-occurrence edges */
    int largest_component; /* then keep the largest connected component */
    /* after any of the four edge filters, nodes left without an edge go,
     * unless this is set; their number goes to *isolates_dropped (may be
     * NULL) */
    int keep_isolates;
    size_t *isolates_dropped;
} eg_filter;

/* Applies f in the order of its fields: types and min_count drop nodes
 * (and their edges); min_weight, min_docs, top_per_node and top_edges
 * drop co-occurrence edges (part_of edges stay while both ends do); the
 * largest component (most nodes; ties: the one holding the smallest node
 * index) is taken over all remaining edges. When an edge filter is given,
 * nodes with no edge left after it go (before the largest component),
 * unless keep_isolates. Ties in weight are broken by edge order,
 * so the result is deterministic. EG_ENOMEM. O(E log E). */
EG_API eg_status eg_graph_filter(eg_graph *g, const eg_filter *f);

/* Fewer pivots than this give too rough an estimate: betweenness is skipped. */
#define EG_BETWEENNESS_MIN_PIVOTS 32

/* How eg_graph_analyze() works; eg_analyze_defaults() gives the defaults. */
typedef struct eg_analyze_options {
    uint64_t seed;               /* for Leiden and the layouts (default 42) */
    size_t betweenness_limit;    /* work allowed for betweenness, in shortest-
                                  * path steps (one step takes about 10 ns
                                  * here): exact while nodes * (edges +
                                  * nodes * log2(nodes + 2)) is at most this,
                                  * else sampled from k = limit / (edges +
                                  * nodes * log2(nodes + 2)) pivot sources
                                  * while k >= EG_BETWEENNESS_MIN_PIVOTS, else
                                  * skipped (default 1e7: about 0.1 s) */
    size_t grid_threshold;       /* Fruchterman-Reingold on a grid for components
                                  * of this many nodes on (default 1000), else exact */
    int layout;                  /* compute positions (default 1) */
    int size_by_count;           /* size from count instead of PageRank */
} eg_analyze_options;

EG_API eg_analyze_options eg_analyze_defaults(void);

/* Fills degree, strength (sum of weights), PageRank (weighted, damping
 * 0.85), betweenness (shortest paths with length 1/weight; exact, sampled
 * from pivot sources or skipped by opt->betweenness_limit, and recorded in
 * g->betweenness: "exact", "sampled(K/N sources)", the pivots drawn with opt->seed, or
 * "skipped(cost>LIMIT)"),
 * Leiden communities (modularity objective on weights, seeded, renumbered
 * by size so that 0 is the largest), k-core numbers, a seeded layout
 * (x, y), size and colour, with igraph. The layout lays out each connected
 * component on its own (Fruchterman-Reingold, all edges), at the same
 * density of nodes for all, and packs them: the largest centred on the
 * origin, the others on rings around it, the isolated nodes in a compact
 * band below (y grows upwards, as in Gephi). opt NULL means the defaults.
 * Only edges of positive count take part in the measures and communities
 * (part_of edges without co-occurrence do not); all edges shape the layout.
 * The same graph and options give the same numbers on every run.
 * EG_EDEP when igraph fails, EG_ENOMEM, EG_ELIMIT.
 * igraph's error and warning handlers and its default random number
 * generator are swapped for the library's during the call and restored
 * after it; Debian's igraph is built without thread safety, so do not run
 * two analyses at once. Betweenness is bounded by opt->betweenness_limit;
 * the rest is near linear. */
EG_API eg_status eg_graph_analyze(eg_graph *g, const eg_analyze_options *opt,
                                  eg_error *err);

/* The display colour of community c (a fixed palette of 12 readable
 * colours; grey for c < 0 or beyond the palette). */
EG_API void eg_community_color(int32_t c, uint8_t rgb[3]);

/* Looks a node up by id, label, or one of its aliases, in that order of
 * preference. Writes up to max matching indexes to out (sorted by index,
 * each once) and returns how many nodes match (may be > max). Names are
 * compared byte for byte. */
EG_API size_t eg_graph_find(const eg_graph *g, const char *name, uint32_t *out, size_t max);

/* What a graph holds, counted once for the build summary, 'query stats' and
 * the egb file's header, so that they agree. Edges are told apart by their
 * kind (a part_of edge may also carry co-occurrences). */
typedef struct eg_graph_stats {
    size_t n_nodes, n_edges;
    size_t n_cooccurrence, n_part_of; /* edges by kind; they add up to n_edges */
    size_t n_components;              /* connected components over all edges */
    size_t n_isolated;                /* nodes without an edge */
    size_t n_types;
    const char **types;  /* the node types in byte order (a NULL type counts
                          * as ""), borrowed from the graph */
    size_t *type_counts; /* nodes of each type */
} eg_graph_stats;

/* Fills *out from g; free its arrays with eg_graph_stats_free(). EG_ENOMEM
 * (nothing to free). O(N log N + E). */
EG_API eg_status eg_graph_stats_get(const eg_graph *g, eg_graph_stats *out);
/* Frees the arrays of s (filled by eg_graph_stats_get()); NULL is fine. */
EG_API void eg_graph_stats_free(eg_graph_stats *s);

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

/* Reads GraphML written by eg_export_graphml() (and GraphML like it: keys
 * declared with attr.name, nodes before the edges that name them). Attribute
 * names are those of eg_export_graphml(); unknown ones are ignored.
 * Errors name path:line:column; EG_EIO, EG_EPARSE, EG_ENOMEM, EG_EINVAL as
 * for eg_graph_load_json(). */
EG_API eg_status eg_graph_load_graphml(eg_graph *g, const char *path, eg_error *err);

/* Reads the binary form written by eg_export_egb() (version 3), or by
 * entgraph before it (versions 2 and 1), whole; a node measure the file
 * has no column for keeps its unset value. EG_EIO, EG_EPARSE (not an entgraph
 * binary graph, unknown version, truncated or inconsistent), EG_ENOMEM,
 * EG_EINVAL as above. O(file size).
 *
 * All three loaders apply the same rules to what they read, so that a
 * graph that loads from one format can be written in the others and read
 * back with the same values; a graph that breaks one is EG_EPARSE, naming
 * the node or edge: node ids and dates well-formed UTF-8 without control
 * characters (a date, when present, not empty, and the first no later
 * than the last), counts at most 2^53, edge weights finite and >= 0,
 * measures finite or NaN (not computed), community -1 or more. */
EG_API eg_status eg_graph_load_egb(eg_graph *g, const char *path, eg_error *err);

/* Reads any of the above, chosen by content: the binary form by its magic
 * bytes, GraphML by a leading '<', else JSON. */
EG_API eg_status eg_graph_load(eg_graph *g, const char *path, eg_error *err);

#endif
