/* The graph loaders `entgraph query` uses: built three times, as
 * fuzz_graph_json (eg_graph_load_json), fuzz_graphml
 * (eg_graph_load_graphml) and fuzz_graph_egb (eg_graph_load_egb), chosen
 * by FUZZ_LOADER. A graph that loads must be consistent, answer the
 * queries, and survive being written as JSON, GraphML and egb and read
 * back: every loader applies the same rules (graph_check.h), so whatever
 * one format loads, each of the others must carry, with the same ids,
 * counts, weights, dates and communities, and the same value of every
 * finite measure (a measure that is not a number may come back as
 * GraphML's default: GraphML leaves it out). */
#include "fuzz.h"

#include <math.h>

#include "entgraph/export.h"
#include "entgraph/graph.h"
#include "entgraph/query.h"
#include "graph_check.h"

#if FUZZ_LOADER == 1
#define LOAD eg_graph_load_json
#define NAME "g.json"
#elif FUZZ_LOADER == 2
#define LOAD eg_graph_load_graphml
#define NAME "g.graphml"
#else
#define LOAD eg_graph_load_egb
#define NAME "g.egb"
#endif

typedef eg_status (*load_fn)(eg_graph *, const char *, eg_error *);
typedef eg_status (*export_fn)(const eg_graph *, const char *, const eg_export_options *,
                               eg_error *);

/* Whether every node id is well-formed UTF-8 without control characters
 * or U+FFFE/U+FFFF: what the exporters write unchanged. */
static int ids_clean(const eg_graph *g)
{
    for (size_t i = 0; i < g->n_nodes; i++) {
        const char *id = g->nodes[i].id;
        size_t n = strlen(id);
        if (!fuzz_utf8_ok(id, n) || strstr(id, "\xEF\xBF\xBE") || strstr(id, "\xEF\xBF\xBF"))
            return 0;
        for (size_t k = 0; k < n; k++)
            if ((unsigned char)id[k] < 0x20 || id[k] == 0x7F) return 0;
    }
    return 1;
}

static int same_string(const char *a, const char *b)
{
    return a == b || (a && b && !strcmp(a, b));
}

/* Whether b, read back, is a: equal, or a is not a number and b is
 * (or, from GraphML, is that format's default, which is finite). */
static int same_measure(double a, double b)
{
    return a == b || isnan(a);
}

#define SAME(cond, what, i)                                                                \
    do {                                                                                   \
        if (!(cond))                                                                       \
            fprintf(stderr, "%s: %s %lu: %s changed in the round trip\n", name, what,       \
                    (unsigned long)(i), #cond);                                            \
        FUZZ_CHECK(cond);                                                                  \
    } while (0)

static void round_trip(const eg_graph *g, const char *name, export_fn write, load_fn read)
{
    const char *path = fuzz_file(name, (const uint8_t *)"", 0);
    if (!path) return;
    char copy[512];
    snprintf(copy, sizeof copy, "%s", path);
    eg_error err;
    memset(&err, 0, sizeof err);
    if (write(g, copy, NULL, &err) != EG_OK) return;
    eg_graph h;
    eg_graph_init(&h);
    eg_status st = read(&h, copy, &err);
    if (st) fprintf(stderr, "%s: %s (%s)\n", name, err.message, eg_status_name(st));
    /* entgraph reads back whatever it loaded and wrote */
    FUZZ_CHECK(st == EG_OK);
    FUZZ_CHECK(h.n_nodes == g->n_nodes && h.n_edges == g->n_edges);
    SAME(h.n_docs == g->n_docs && h.n_mentions == g->n_mentions && h.n_windows == g->n_windows,
         "graph", 0);
    for (size_t i = 0; i < g->n_nodes; i++) {
        const eg_node *a = &g->nodes[i], *b = &h.nodes[i];
        if (strcmp(b->id, a->id))
            fprintf(stderr, "%s: node %lu: id '%s' read back as '%s'\n", name, (unsigned long)i,
                    a->id, b->id);
        FUZZ_CHECK(!strcmp(b->id, a->id));
        SAME(b->count == a->count && b->docs == a->docs, "node", i);
        SAME(same_string(b->first_date, a->first_date) && same_string(b->last_date, a->last_date),
             "node", i);
        SAME(b->community == a->community && b->core == a->core, "node", i);
        SAME(b->r == a->r && b->g == a->g && b->b == a->b, "node", i);
        /* every measure of EG_NODE_MEASURES, and the layout */
#define SAME_MEASURE(name, unset, rank, label) same_measure(a->name, b->name) &&
        SAME(EG_NODE_MEASURES(SAME_MEASURE) same_measure(a->x, b->x) && same_measure(a->y, b->y) &&
                 same_measure(a->size, b->size),
             "node", i);
#undef SAME_MEASURE
    }
    for (size_t i = 0; i < g->n_edges; i++) {
        const eg_edge *a = &g->edges[i], *b = &h.edges[i];
        SAME(b->source == a->source && b->target == a->target && !strcmp(b->kind, a->kind),
             "edge", i);
        SAME(b->weight == a->weight && b->count == a->count && b->docs == a->docs, "edge", i);
        SAME(same_string(b->first_date, a->first_date) && same_string(b->last_date, a->last_date),
             "edge", i);
        SAME(same_measure(a->jaccard, b->jaccard) && same_measure(a->npmi, b->npmi) &&
                 same_measure(a->association, b->association),
             "edge", i);
    }
    eg_graph_destroy(&h);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *path = fuzz_file(NAME, data, size);
    if (!path) return 0;
    eg_graph g;
    eg_graph_init(&g);
    eg_error err;
    memset(&err, 0, sizeof err);
    eg_status st = LOAD(&g, path, &err);
    if (st) {
        FUZZ_CHECK(st == EG_EPARSE || st == EG_ENOMEM || st == EG_EIO || st == EG_EUTF8 ||
                   st == EG_ELIMIT);
        FUZZ_CHECK(err.message[0] && g.n_nodes == 0 && g.n_edges == 0);
        eg_graph_destroy(&g);
        return 0;
    }
    /* what loaded keeps the rules, by their own check and by the fuzzer's */
    FUZZ_CHECK(eg__graph_check(&g, path, NULL) == EG_OK);
    FUZZ_CHECK(ids_clean(&g));
    for (size_t i = 0; i < g.n_nodes; i++)
        FUZZ_CHECK(g.nodes[i].id && g.nodes[i].label && g.nodes[i].type && g.nodes[i].aliases);
    for (size_t i = 0; i < g.n_edges; i++) {
        const eg_edge *e = &g.edges[i];
        FUZZ_CHECK(e->source < g.n_nodes && e->target < g.n_nodes && e->source != e->target);
        FUZZ_CHECK(e->kind);
        for (size_t k = 0; k < e->n_evidence; k++)
            FUZZ_CHECK(e->evidence[k].doc && e->evidence[k].text);
    }
    uint32_t *idx = NULL;
    size_t n = 0;
    if (eg_query_top(&g, EG_MEASURE_PAGERANK, NULL, 5, &idx, &n) == EG_OK) eg_query_free_nodes(idx);
    if (eg_query_find(&g, "a", 5, &idx, &n) == EG_OK) eg_query_free_nodes(idx);
    if (g.n_nodes) {
        eg_neighbor *nb = NULL;
        if (eg_query_neighbors(&g, 0, NULL, 0, &nb, &n) == EG_OK) eg_query_free_neighbors(nb);
        if (eg_query_similar(&g, g.nodes[0].label, 5, &idx, &n) == EG_OK) eg_query_free_nodes(idx);
        uint32_t *pn = NULL;
        size_t *pe = NULL;
        for (int w = 0; w < 2; w++)
            if (eg_query_path(&g, 0, (uint32_t)(g.n_nodes - 1), 0, w, &pn, &pe, &n) == EG_OK) {
                FUZZ_CHECK(n >= 1 && pn[0] == 0 && pn[n - 1] == g.n_nodes - 1);
                eg_query_free_nodes(pn);
                eg_query_free_edges(pe);
            }
        unsigned char *keep = calloc(g.n_nodes, 1);
        FUZZ_CHECK(keep);
        FUZZ_CHECK(eg_query_ego(&g, 0, 2, keep) == EG_OK && keep[0]);
        free(keep);
    }
    round_trip(&g, "rt.json", eg_export_json, eg_graph_load_json);
    round_trip(&g, "rt.graphml", eg_export_graphml, eg_graph_load_graphml);
    round_trip(&g, "rt.egb", eg_export_egb, eg_graph_load_egb);
    eg_graph_destroy(&g);
    return 0;
}
