/* The mapped, indexed graph (egb versions 2 and 3) as 'entgraph query' reads it:
 * eg_graph_map_open() and every question it answers, on any bytes. Each
 * call must succeed or fail with EG_EPARSE (damaged) and a message, never
 * read outside the file; what succeeds must be in range, and a selection
 * must turn into a small graph whose edges name its nodes. */
#include "fuzz.h"

#include "entgraph/graph.h"
#include "entgraph/graph_map.h"
#include "entgraph/query.h"

static void check_status(eg_status st, const eg_error *err)
{
    FUZZ_CHECK(st == EG_OK || st == EG_EPARSE || st == EG_ENOMEM);
    if (st == EG_EPARSE) FUZZ_CHECK(err->message[0]);
}

/* The small graph of a selection: consistent, or refused as damaged. */
static void check_subgraph(const eg_graph_map *m, const uint32_t *nodes, size_t n_nodes,
                           const size_t *edges, size_t n_edges)
{
    eg_graph g;
    eg_error err;
    memset(&err, 0, sizeof err);
    eg_graph_init(&g);
    eg_status st = eg_graph_map_subgraph(m, nodes, n_nodes, edges, n_edges, &g, &err);
    check_status(st, &err);
    if (st == EG_OK) {
        FUZZ_CHECK(g.n_nodes <= n_nodes + 2 * n_edges && g.n_edges <= n_edges);
        for (size_t i = 0; i < g.n_edges; i++)
            FUZZ_CHECK(g.edges[i].source < g.n_nodes && g.edges[i].target < g.n_nodes);
        for (size_t i = 0; i < g.n_nodes; i++) FUZZ_CHECK(g.nodes[i].id && g.nodes[i].type);
    }
    eg_graph_destroy(&g);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *path = fuzz_file("g.egb", data, size);
    if (!path) return 0;
    eg_graph_map *m = NULL;
    eg_error err;
    memset(&err, 0, sizeof err);
    eg_status st = eg_graph_map_open(path, &m, &err);
    if (st) {
        FUZZ_CHECK(st == EG_EPARSE || st == EG_EIO || st == EG_ENOMEM);
        FUZZ_CHECK(err.message[0] && !m);
        return 0;
    }
    size_t nn = eg_graph_map_n_nodes(m), n = 0, n_edges = 0;
    eg_graph_map_stats s;
    check_status(eg_graph_map_stats_get(m, &s, &err), &err);
    for (size_t k = 0; k < 70; k++) {
        const char *name;
        uint64_t count;
        st = eg_graph_map_type(m, k, &name, &count, &err);
        FUZZ_CHECK(st == EG_OK || st == EG_EPARSE || st == EG_EINVAL);
        if (st == EG_OK) FUZZ_CHECK(name != NULL);
    }
    uint32_t found[4], *nodes = NULL;
    size_t *edges = NULL;
    static const char *const names[] = {"a", "A", "和林", "", "per:1"};
    for (size_t k = 0; k < sizeof names / sizeof names[0]; k++) {
        check_status(eg_graph_map_lookup(m, names[k], found, 4, &n, &err), &err);
        for (size_t i = 0; i < n && i < 4; i++) FUZZ_CHECK(found[i] < nn);
        st = eg_graph_map_find(m, names[k], 3, &nodes, &n, &err);
        check_status(st, &err);
        if (st == EG_OK) {
            FUZZ_CHECK(n <= 3);
            for (size_t i = 0; i < n; i++) FUZZ_CHECK(nodes[i] < nn);
            check_subgraph(m, nodes, n, NULL, 0);
            eg_query_free_nodes(nodes);
        }
    }
    for (int by = 0; by < 6; by++) {
        st = eg_graph_map_top(m, (eg_measure)by, by % 2 ? "per" : NULL, 4, &nodes, &n, &err);
        /* a file whose columns name no ranking by this measure (version 3
         * finds them by name) refuses it, with a message */
        if (st == EG_EINVAL)
            FUZZ_CHECK(err.message[0]);
        else
            check_status(st, &err);
        if (st == EG_OK) {
            for (size_t i = 0; i < n; i++) FUZZ_CHECK(nodes[i] < nn);
            check_subgraph(m, nodes, n, NULL, 0);
            eg_query_free_nodes(nodes);
        }
    }
    for (uint32_t v = 0; v < nn && v < 3; v++) {
        st = eg_graph_map_neighbors(m, v, v == 1 ? "LOC" : NULL, 0, 0, &edges, &n_edges, &err);
        check_status(st, &err);
        if (st == EG_OK) {
            for (size_t i = 0; i < n_edges; i++) FUZZ_CHECK(edges[i] < eg_graph_map_n_edges(m));
            check_subgraph(m, &v, 1, edges, n_edges);
            eg_query_free_edges(edges);
        }
        if (v + 1 < nn) {
            st = eg_graph_map_edges_between(m, v, v + 1, &edges, &n_edges, &err);
            check_status(st, &err);
            if (st == EG_OK) eg_query_free_edges(edges);
        }
    }
    eg_graph_map_close(m);
    return 0;
}
