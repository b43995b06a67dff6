/* The graph loaders `entgraph query` uses: built three times, as
 * fuzz_graph_json (eg_graph_load_json), fuzz_graphml
 * (eg_graph_load_graphml) and fuzz_graph_egb (eg_graph_load_egb), chosen
 * by FUZZ_LOADER. A graph that loads must be consistent, answer the
 * queries, and survive being written as JSON, GraphML and egb and read
 * back with the same nodes and edges. The exporters change strings that
 * entgraph never writes (ill-formed UTF-8 becomes U+FFFD, GraphML drops
 * control characters and XML's non-characters), so the round trip is
 * required to be exact only for graphs whose ids are free of them. */
#include "fuzz.h"

#include "entgraph/export.h"
#include "entgraph/graph.h"
#include "entgraph/query.h"

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
    if (!ids_clean(g)) {
        eg_graph_destroy(&h);
        return;
    }
    if (st) fprintf(stderr, "%s: %s (%s)\n", name, err.message, eg_status_name(st));
    /* entgraph reads back whatever it writes */
    FUZZ_CHECK(st == EG_OK);
    FUZZ_CHECK(h.n_nodes == g->n_nodes && h.n_edges == g->n_edges);
    for (size_t i = 0; i < g->n_nodes; i++) {
        if (strcmp(h.nodes[i].id, g->nodes[i].id))
            fprintf(stderr, "%s: node %lu: id '%s' read back as '%s'\n", name, (unsigned long)i,
                    g->nodes[i].id, h.nodes[i].id);
        FUZZ_CHECK(!strcmp(h.nodes[i].id, g->nodes[i].id));
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
    if (eg_query_top(&g, EG_MEASURE_PAGERANK, NULL, 5, &idx, &n) == EG_OK) eg_query_free(idx);
    if (eg_query_find(&g, "a", 5, &idx, &n) == EG_OK) eg_query_free(idx);
    if (g.n_nodes) {
        eg_neighbor *nb = NULL;
        if (eg_query_neighbors(&g, 0, NULL, 0, &nb, &n) == EG_OK) eg_query_free(nb);
        if (eg_query_similar(&g, g.nodes[0].label, 5, &idx, &n) == EG_OK) eg_query_free(idx);
        uint32_t *pn = NULL;
        size_t *pe = NULL;
        for (int w = 0; w < 2; w++)
            if (eg_query_path(&g, 0, (uint32_t)(g.n_nodes - 1), 0, w, &pn, &pe, &n) == EG_OK) {
                FUZZ_CHECK(n >= 1 && pn[0] == 0 && pn[n - 1] == g.n_nodes - 1);
                eg_query_free(pn);
                eg_query_free(pe);
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
