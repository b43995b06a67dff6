/* Unit tests of the graph module (graph.c, graphio/json.c's reader) and the queries on
 * it (query.c). */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "entgraph/export.h"
#include "entgraph/graph.h"
#include "entgraph/query.h"
#include "graph_check.h"

/* A scratch folder for the files a test writes; removed by teardown. */
typedef struct fixture {
    char dir[64];
    char paths[32][128];
    int n_paths;
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    if (!f) return -1;
    strcpy(f->dir, "test_graph.tmp-XXXXXX");
    if (!mkdtemp(f->dir)) {
        free(f);
        return -1;
    }
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    for (int i = 0; i < f->n_paths; i++) unlink(f->paths[i]);
    int rc = rmdir(f->dir);
    free(f);
    return rc;
}

/* Writes text to NAME in the scratch folder and returns its path. */
static const char *write_file(fixture *f, const char *name, const char *text)
{
    assert_true(f->n_paths < 32);
    char *path = f->paths[f->n_paths++];
    char buf[sizeof f->paths[0]];
    snprintf(buf, sizeof buf, "%s/%s", f->dir, name);
    memcpy(path, buf, sizeof buf);
    FILE *fp = fopen(path, "wb");
    assert_non_null(fp);
    fputs(text, fp);
    assert_int_equal(fclose(fp), 0);
    return path;
}

/* A (0) – B (1) – C (2) triangle with D (3) hanging off C. */
static void build_small(eg_graph *g)
{
    static const char *const ids[] = {"A", "B", "C", "D"};
    eg_graph_init(g);
    for (int i = 0; i < 4; i++)
        assert_int_equal(eg_graph_add_node(g, ids[i], ids[i], "ORG", NULL, NULL, 1, 1, NULL),
                         EG_OK);
    assert_int_equal(eg_graph_add_edge(g, 0, 1, 2, 1), EG_OK);
    assert_int_equal(eg_graph_add_edge(g, 1, 2, 1, 1), EG_OK);
    assert_int_equal(eg_graph_add_edge(g, 2, 0, 3, 1), EG_OK);
    assert_int_equal(eg_graph_add_edge(g, 2, 3, 4, 1), EG_OK);
}

static void add_node_and_edge(void **state)
{
    (void)state;
    eg_graph g;
    uint32_t idx = 99;
    eg_graph_init(&g);
    assert_int_equal(eg_graph_add_node(&g, "a", "甲", "PER", NULL, NULL, 3, 2, &idx), EG_OK);
    assert_int_equal(idx, 0);
    assert_int_equal(eg_graph_add_node(&g, "b", "乙", "LOC", "b1|b2", "dict", 1, 1, &idx),
                     EG_OK);
    assert_int_equal(idx, 1);
    assert_string_equal(g.nodes[0].aliases, "");
    assert_string_equal(g.nodes[0].source, "");
    assert_string_equal(g.nodes[1].aliases, "b1|b2");
    assert_int_equal(g.nodes[0].count, 3);
    assert_true(g.nodes[0].pagerank == 0.0);

    assert_int_equal(eg_graph_add_edge(&g, 1, 0, 5, 4), EG_OK);
    assert_int_equal(g.edges[0].source, 0); /* stored with source < target */
    assert_int_equal(g.edges[0].target, 1);
    assert_string_equal(g.edges[0].kind, "cooccurrence");
    assert_int_equal(eg_graph_add_edge_kind(&g, 0, 1, 1, 1, "part_of"), EG_OK);
    assert_ptr_equal(g.edges[1].kind, eg_edge_kind_find("part_of"));

    /* failure paths leave the graph as it was */
    assert_int_equal(eg_graph_add_edge(&g, 0, 2, 1, 1), EG_EINVAL);
    assert_int_equal(eg_graph_add_edge(&g, 7, 0, 1, 1), EG_EINVAL);
    assert_int_equal(eg_graph_add_edge(&g, 1, 1, 1, 1), EG_EINVAL);
    assert_int_equal(eg_graph_add_edge_kind(&g, 0, 1, 1, 1, "likes"), EG_EINVAL);
    assert_int_equal(eg_graph_add_node(&g, NULL, "x", "PER", NULL, NULL, 0, 0, NULL), EG_EINVAL);
    assert_int_equal(g.n_nodes, 2);
    assert_int_equal(g.n_edges, 2);
    assert_null(eg_edge_kind_find(NULL));

    assert_int_equal(eg_graph_set_window(&g, "sentence"), EG_OK);
    assert_string_equal(g.window, "sentence");
    assert_int_equal(eg_graph_set_window(&g, NULL), EG_OK);
    assert_null(g.window);

    eg_graph_destroy(&g);
    assert_int_equal(g.n_nodes, 0);
    assert_null(g.nodes);
    eg_graph_destroy(&g); /* twice is harmless */
}

static void many_nodes_grow(void **state)
{
    (void)state;
    eg_graph g;
    char id[32];
    eg_graph_init(&g);
    for (int i = 0; i < 1000; i++) {
        snprintf(id, sizeof id, "n%04d", i);
        assert_int_equal(eg_graph_add_node(&g, id, id, "LOC", NULL, NULL, 0, 0, NULL), EG_OK);
        if (i) assert_int_equal(eg_graph_add_edge(&g, (uint32_t)i - 1, (uint32_t)i, 1, 1), EG_OK);
    }
    assert_int_equal(g.n_nodes, 1000);
    assert_int_equal(g.n_edges, 999);
    assert_string_equal(g.nodes[999].id, "n0999");
    eg_graph_destroy(&g);
}

static void analyze_known_graph(void **state)
{
    (void)state;
    eg_graph g;
    eg_error err = {0};
    build_small(&g);
    assert_int_equal(eg_graph_analyze(&g, NULL, &err), EG_OK);
    static const double degree[] = {2, 2, 3, 1}, strength[] = {5, 3, 8, 4};
    /* python3-igraph 0.10 with PRPACK, damping 0.85 */
    static const double pagerank[] = {0.25257395453068554, 0.16407459480896772,
                                      0.38305364958620819, 0.2002978010741385};
    double sum = 0;
    for (int i = 0; i < 4; i++) {
        assert_true(g.nodes[i].degree == degree[i]);
        assert_true(g.nodes[i].strength == strength[i]);
        assert_float_equal(g.nodes[i].pagerank, pagerank[i], 1e-9);
        sum += g.nodes[i].pagerank;
    }
    assert_float_equal(sum, 1.0, 1e-9);

    /* an isolated node gets degree 0 and the teleport share of PageRank */
    assert_int_equal(eg_graph_add_node(&g, "E", "E", "LOC", NULL, NULL, 0, 0, NULL), EG_OK);
    assert_int_equal(eg_graph_analyze(&g, NULL, &err), EG_OK);
    assert_true(g.nodes[4].degree == 0);
    assert_true(g.nodes[4].strength == 0);
    assert_float_equal(g.nodes[4].pagerank, 0.03614457831325301, 1e-9);
    eg_graph_destroy(&g);
}

/* Two triangles joined by the edge 2–3, and an isolated node 6. */
static void build_barbell(eg_graph *g)
{
    static const char *const ids[] = {"a", "b", "c", "d", "e", "f", "g"};
    static const char *const types[] = {"PER", "PER", "ORG", "ORG", "LOC", "LOC", "PER"};
    eg_graph_init(g);
    for (int i = 0; i < 7; i++)
        assert_int_equal(eg_graph_add_node(g, ids[i], ids[i], types[i], NULL, NULL,
                                           (uint64_t)i + 1, 1, NULL),
                         EG_OK);
    static const uint32_t e[][3] = {{0, 1, 5}, {1, 2, 5}, {0, 2, 5}, {2, 3, 1},
                                    {3, 4, 5}, {4, 5, 5}, {3, 5, 5}};
    for (int i = 0; i < 7; i++)
        assert_int_equal(eg_graph_add_edge(g, e[i][0], e[i][1], e[i][2], 1), EG_OK);
}

/* The packed layout: a 60-node ring-with-chords component, 12 triangles,
 * 10 pairs and 30 isolated nodes. Each component's nodes stay together
 * (the components' bounding boxes do not overlap), the largest sits in the
 * middle, the isolated nodes lie below everything else, and the same seed
 * gives the same positions. */
static void build_components(eg_graph *g)
{
    char id[16];
    eg_graph_init(g);
    for (int i = 0; i < 60 + 36 + 20 + 30; i++) {
        snprintf(id, sizeof id, "n%03d", i);
        assert_int_equal(eg_graph_add_node(g, id, id, "ORG", NULL, NULL, (uint64_t)(i % 7) + 1, 1, NULL), EG_OK);
    }
    for (uint32_t i = 0; i < 60; i++) {
        assert_int_equal(eg_graph_add_edge(g, i, (i + 1) % 60, 2, 1), EG_OK);
        if (i % 3 == 0) assert_int_equal(eg_graph_add_edge(g, i, (i + 17) % 60, 1, 1), EG_OK);
    }
    for (uint32_t t = 0; t < 12; t++) {
        uint32_t b = 60 + 3 * t;
        assert_int_equal(eg_graph_add_edge(g, b, b + 1, 1, 1), EG_OK);
        assert_int_equal(eg_graph_add_edge(g, b + 1, b + 2, 1, 1), EG_OK);
        assert_int_equal(eg_graph_add_edge(g, b, b + 2, 1, 1), EG_OK);
    }
    for (uint32_t p = 0; p < 10; p++)
        assert_int_equal(eg_graph_add_edge(g, 96 + 2 * p, 97 + 2 * p, 3, 1), EG_OK);
}

static int component_of(uint32_t v)
{
    return v < 60 ? 0 : v < 96 ? 1 + (int)(v - 60) / 3 : v < 116 ? 13 + (int)(v - 96) / 2 : -1;
}

static void packed_layout(void **state)
{
    (void)state;
    eg_graph g, h;
    build_components(&g);
    assert_int_equal(eg_graph_analyze(&g, NULL, NULL), EG_OK);
    assert_string_equal(g.layout, "fruchterman-reingold+pack");
    /* each component fills a disc around its centroid; no two discs meet */
    double sx[23] = {0}, sy[23] = {0}, rad[23] = {0}, lowest = HUGE_VAL;
    int count[23] = {0};
    for (uint32_t v = 0; v < g.n_nodes; v++) {
        int c = component_of(v);
        double x = g.nodes[v].x, y = g.nodes[v].y;
        assert_true(isfinite(x) && isfinite(y));
        if (c < 0) continue;
        sx[c] += x;
        sy[c] += y;
        count[c]++;
        if (y < lowest) lowest = y;
    }
    for (int c = 0; c < 23; c++) {
        sx[c] /= count[c];
        sy[c] /= count[c];
    }
    for (uint32_t v = 0; v < 116; v++) {
        int c = component_of(v);
        double d = hypot(g.nodes[v].x - sx[c], g.nodes[v].y - sy[c]);
        if (d > rad[c]) rad[c] = d;
    }
    /* the largest in the middle: its centroid is the origin (to rounding) */
    assert_true(fabs(sx[0]) < 0.1 && fabs(sy[0]) < 0.1);
    for (int a = 0; a < 23; a++)
        for (int b = a + 1; b < 23; b++)
            if (hypot(sx[a] - sx[b], sy[a] - sy[b]) < rad[a] + rad[b])
                fail_msg("components %d and %d overlap", a, b);
    for (uint32_t v = 116; v < g.n_nodes; v++) {
        assert_true(g.nodes[v].y < lowest);
        for (uint32_t u = 116; u < v; u++) /* one place each */
            assert_true(g.nodes[u].x != g.nodes[v].x || g.nodes[u].y != g.nodes[v].y);
    }
    /* the pairs: both ends in one place apart */
    for (uint32_t p = 96; p < 116; p += 2)
        assert_true(g.nodes[p].x != g.nodes[p + 1].x || g.nodes[p].y != g.nodes[p + 1].y);
    build_components(&h);
    assert_int_equal(eg_graph_analyze(&h, NULL, NULL), EG_OK);
    for (uint32_t v = 0; v < g.n_nodes; v++)
        assert_true(g.nodes[v].x == h.nodes[v].x && g.nodes[v].y == h.nodes[v].y);
    eg_graph_destroy(&g);
    eg_graph_destroy(&h);
}

static void analyze_communities_betweenness_layout(void **state)
{
    (void)state;
    eg_graph g, h;
    build_barbell(&g);
    assert_int_equal(eg_graph_analyze(&g, NULL, NULL), EG_OK);
    /* weighted shortest paths (length 1/weight) all cross the bridge */
    static const double betweenness[] = {0, 0, 6, 6, 0, 0, 0};
    for (int i = 0; i < 7; i++) assert_float_equal(g.nodes[i].betweenness, betweenness[i], 1e-9);
    assert_string_equal(g.betweenness, "exact");
    /* the triangles are the two largest communities; the isolated node is
     * the third; numbering by size, ties by smallest member */
    assert_int_equal(g.n_communities, 3);
    assert_int_equal(g.nodes[0].community, 0);
    assert_int_equal(g.nodes[1].community, 0);
    assert_int_equal(g.nodes[2].community, 0);
    assert_int_equal(g.nodes[3].community, 1);
    assert_int_equal(g.nodes[5].community, 1);
    assert_int_equal(g.nodes[6].community, 2);
    assert_true(g.modularity > 0.4);
    assert_int_equal(g.nodes[0].core, 2);
    assert_int_equal(g.nodes[6].core, 0);
    uint8_t rgb[3];
    eg_community_color(1, rgb);
    assert_true(g.nodes[3].r == rgb[0] && g.nodes[3].g == rgb[1] && g.nodes[3].b == rgb[2]);
    assert_true(g.nodes[0].r != g.nodes[3].r || g.nodes[0].g != g.nodes[3].g);
    assert_string_equal(g.layout, "fruchterman-reingold+pack");
    assert_true(g.nodes[0].x != g.nodes[4].x || g.nodes[0].y != g.nodes[4].y);
    /* size: PageRank scaled into [5, 30] */
    double lo = 1e9, hi = 0;
    for (int i = 0; i < 7; i++) {
        lo = g.nodes[i].size < lo ? g.nodes[i].size : lo;
        hi = g.nodes[i].size > hi ? g.nodes[i].size : hi;
    }
    assert_true(lo == 5.0 && hi == 30.0);
    /* the same graph and seed give the same numbers; the grid layout also runs */
    build_barbell(&h);
    assert_int_equal(eg_graph_analyze(&h, NULL, NULL), EG_OK);
    for (int i = 0; i < 7; i++) {
        assert_true(g.nodes[i].x == h.nodes[i].x && g.nodes[i].y == h.nodes[i].y);
        assert_int_equal(g.nodes[i].community, h.nodes[i].community);
    }
    eg_analyze_options opt = eg_analyze_defaults();
    opt.betweenness_limit = 0;
    opt.grid_threshold = 1;
    assert_int_equal(eg_graph_analyze(&h, &opt, NULL), EG_OK);
    assert_true(isnan(h.nodes[2].betweenness));
    assert_non_null(strstr(h.betweenness, "skipped"));
    assert_string_equal(h.layout, "fruchterman-reingold-grid+pack");
    for (int i = 1; i < 7; i++) /* positions, not all in one spot */
        assert_true(h.nodes[i].x != h.nodes[0].x || h.nodes[i].y != h.nodes[0].y);
    eg_graph_destroy(&g);
    eg_graph_destroy(&h);
}

/* A path of 40 linked nodes beside 200 isolated ones: betweenness of path
 * node i is i * (39 - i). With the limit just below the exact cost but room
 * for every linked node as a pivot, the estimate is the exact value; with
 * fewer pivots it is an estimate, the same on every run, said so in the
 * metadata; below EG_BETWEENNESS_MIN_PIVOTS pivots it is skipped. */
static void build_path_and_isolated(eg_graph *g)
{
    char id[16];
    eg_graph_init(g);
    for (int i = 0; i < 240; i++) {
        snprintf(id, sizeof id, "n%03d", i);
        assert_int_equal(eg_graph_add_node(g, id, id, "PER", NULL, NULL, 1, 1, NULL), EG_OK);
    }
    for (uint32_t i = 0; i + 1 < 40; i++) assert_int_equal(eg_graph_add_edge(g, i, i + 1, 1, 1), EG_OK);
}

static void analyze_betweenness_sampled(void **state)
{
    (void)state;
    eg_graph g, h;
    eg_analyze_options opt = eg_analyze_defaults();
    opt.layout = 0;
    double per_source = 39 + 240 * log2(242.0);
    build_path_and_isolated(&g);
    opt.betweenness_limit = (size_t)(40 * per_source) + 1; /* every linked node, not all 240 */
    assert_int_equal(eg_graph_analyze(&g, &opt, NULL), EG_OK);
    assert_string_equal(g.betweenness, "sampled(40/40 sources)");
    for (int i = 0; i < 40; i++) assert_true(fabs(g.nodes[i].betweenness - i * (39 - i)) < 1e-9);
    assert_true(g.nodes[100].betweenness == 0);
    eg_graph_destroy(&g);

    opt.betweenness_limit = (size_t)(33 * per_source) + 1;
    build_path_and_isolated(&g);
    build_path_and_isolated(&h);
    assert_int_equal(eg_graph_analyze(&g, &opt, NULL), EG_OK);
    assert_int_equal(eg_graph_analyze(&h, &opt, NULL), EG_OK);
    assert_string_equal(g.betweenness, "sampled(33/40 sources)");
    double total = 0;
    for (int i = 0; i < 240; i++) {
        assert_true(g.nodes[i].betweenness == h.nodes[i].betweenness);
        assert_true(g.nodes[i].betweenness >= 0);
        total += g.nodes[i].betweenness;
    }
    assert_true(total > 0);
    eg_graph_destroy(&g);
    eg_graph_destroy(&h);

    opt.betweenness_limit = (size_t)(31 * per_source);
    build_path_and_isolated(&g);
    assert_int_equal(eg_graph_analyze(&g, &opt, NULL), EG_OK);
    assert_non_null(strstr(g.betweenness, "skipped"));
    assert_true(isnan(g.nodes[5].betweenness));
    eg_graph_destroy(&g);
}

static void filters(void **state)
{
    (void)state;
    eg_graph g;
    eg_filter f;
    memset(&f, 0, sizeof f);
    build_barbell(&g);
    f.types = "per, org";
    assert_int_equal(eg_graph_filter(&g, &f), EG_OK);
    assert_int_equal(g.n_nodes, 5); /* a b c d g */
    assert_int_equal(g.n_edges, 4); /* the a-b-c triangle and c-d */
    assert_string_equal(g.nodes[3].id, "d");
    assert_string_equal(g.nodes[g.edges[3].target].id, "d");
    eg_graph_destroy(&g);

    build_barbell(&g);
    memset(&f, 0, sizeof f);
    f.min_weight = 2; /* drops the bridge */
    f.largest_component = 1;
    assert_int_equal(eg_graph_filter(&g, &f), EG_OK);
    assert_int_equal(g.n_nodes, 3); /* a tie of two triangles: the one with node 0 */
    assert_string_equal(g.nodes[0].id, "a");
    eg_graph_destroy(&g);

    build_barbell(&g);
    memset(&f, 0, sizeof f);
    size_t dropped = 99;
    f.min_count = 4; /* d e f g */
    f.top_edges = 2;
    f.isolates_dropped = &dropped;
    assert_int_equal(eg_graph_filter(&g, &f), EG_OK);
    assert_int_equal(g.n_nodes, 3); /* g, left without an edge, goes */
    assert_int_equal(dropped, 1);
    assert_int_equal(g.n_edges, 2); /* heaviest first, ties in edge order: d-e, e-f */
    assert_string_equal(g.nodes[g.edges[0].source].id, "d");
    assert_string_equal(g.nodes[g.edges[1].target].id, "f");
    eg_graph_destroy(&g);

    build_barbell(&g);
    f.keep_isolates = 1;
    assert_int_equal(eg_graph_filter(&g, &f), EG_OK);
    assert_int_equal(g.n_nodes, 4); /* g stays */
    assert_int_equal(dropped, 0);
    assert_int_equal(g.n_edges, 2);
    eg_graph_destroy(&g);

    build_barbell(&g);
    memset(&f, 0, sizeof f);
    f.top_per_node = 1; /* the bridge is nobody's heaviest */
    assert_int_equal(eg_graph_add_edge_kind(&g, 2, 6, 0, 0, "part_of"), EG_OK);
    assert_int_equal(eg_graph_filter(&g, &f), EG_OK);
    for (size_t i = 0; i < g.n_edges; i++)
        assert_false(g.edges[i].source == 2 && g.edges[i].target == 3);
    assert_string_equal(g.edges[g.n_edges - 1].kind, "part_of"); /* part_of stays */
    eg_graph_destroy(&g);
}

static void analyze_empty_graph(void **state)
{
    (void)state;
    eg_graph g;
    eg_graph_init(&g);
    assert_int_equal(eg_graph_analyze(&g, NULL, NULL), EG_OK);
    assert_int_equal(eg_graph_add_node(&g, "x", "x", "PER", NULL, NULL, 0, 0, NULL), EG_OK);
    assert_int_equal(eg_graph_analyze(&g, NULL, NULL), EG_OK);
    assert_float_equal(g.nodes[0].pagerank, 1.0, 1e-12);
    eg_graph_destroy(&g);
}

/* The same graph added in two orders sorts to the same arrays. */
static void sort_is_deterministic(void **state)
{
    (void)state;
    eg_graph a, b;
    eg_graph_init(&a);
    eg_graph_init(&b);
    static const char *const ids[] = {"LOC:z", "ORG:b", "PER:a", "LOC:c"};
    for (int i = 0; i < 4; i++) {
        assert_int_equal(eg_graph_add_node(&a, ids[i], ids[i], "T", NULL, NULL, (uint64_t)i, 0, NULL), EG_OK);
        assert_int_equal(eg_graph_add_node(&b, ids[3 - i], ids[3 - i], "T", NULL, NULL,
                                           (uint64_t)(3 - i), 0, NULL),
                         EG_OK);
    }
    /* in a, node i is ids[i]; in b it is ids[3 - i] */
    assert_int_equal(eg_graph_add_edge(&a, 0, 1, 10, 1), EG_OK); /* z-b */
    assert_int_equal(eg_graph_add_edge(&a, 2, 3, 20, 2), EG_OK); /* a-c */
    assert_int_equal(eg_graph_add_edge(&a, 0, 2, 30, 3), EG_OK); /* z-a */
    assert_int_equal(eg_graph_add_edge(&b, 1, 3, 30, 3), EG_OK); /* a-z */
    assert_int_equal(eg_graph_add_edge(&b, 0, 1, 20, 2), EG_OK); /* c-a */
    assert_int_equal(eg_graph_add_edge(&b, 3, 2, 10, 1), EG_OK); /* z-b */
    assert_int_equal(eg_graph_sort(&a), EG_OK);
    assert_int_equal(eg_graph_sort(&b), EG_OK);

    static const char *const sorted[] = {"LOC:c", "LOC:z", "ORG:b", "PER:a"};
    for (int i = 0; i < 4; i++) {
        assert_string_equal(a.nodes[i].id, sorted[i]);
        assert_string_equal(b.nodes[i].id, sorted[i]);
        assert_int_equal(a.nodes[i].count, b.nodes[i].count);
    }
    /* c=0 z=1 b=2 a=3: edges (0,3) w20, (1,2) w10, (1,3) w30 */
    static const uint32_t src[] = {0, 1, 1}, dst[] = {3, 2, 3};
    static const uint64_t w[] = {20, 10, 30};
    for (int i = 0; i < 3; i++) {
        assert_int_equal(a.edges[i].source, src[i]);
        assert_int_equal(a.edges[i].target, dst[i]);
        assert_int_equal(a.edges[i].weight, w[i]);
        assert_memory_equal(&a.edges[i], &b.edges[i], offsetof(eg_edge, kind));
    }
    /* sorting again changes nothing */
    assert_int_equal(eg_graph_sort(&a), EG_OK);
    assert_string_equal(a.nodes[0].id, "LOC:c");
    assert_int_equal(a.edges[2].weight, 30);
    eg_graph_destroy(&a);
    eg_graph_destroy(&b);
}

/* Equal (source, target) pairs keep the order they were added in. */
static void sort_is_stable(void **state)
{
    (void)state;
    eg_graph g;
    eg_graph_init(&g);
    assert_int_equal(eg_graph_add_node(&g, "b", "b", "T", NULL, NULL, 0, 0, NULL), EG_OK);
    assert_int_equal(eg_graph_add_node(&g, "a", "a", "T", NULL, NULL, 0, 0, NULL), EG_OK);
    for (uint64_t w = 1; w <= 5; w++) assert_int_equal(eg_graph_add_edge(&g, 0, 1, w, 0), EG_OK);
    assert_int_equal(eg_graph_sort(&g), EG_OK);
    for (uint64_t w = 1; w <= 5; w++) assert_int_equal(g.edges[w - 1].weight, w);
    eg_graph_destroy(&g);

    eg_graph_init(&g); /* and an empty graph sorts */
    assert_int_equal(eg_graph_sort(&g), EG_OK);
    eg_graph_destroy(&g);
}

static void find_by_id_label_alias(void **state)
{
    (void)state;
    eg_graph g;
    uint32_t out[4];
    eg_graph_init(&g);
    assert_int_equal(eg_graph_add_node(&g, "ORG:icbc", "中国工商银行", "ORG", "工行|ICBC", "dict", 0, 0, NULL), EG_OK);
    assert_int_equal(eg_graph_add_node(&g, "ORG:icbc-jx", "中国工商银行嘉兴分行", "ORG", "工行嘉兴分行|工行", "dict", 0, 0, NULL), EG_OK);
    assert_int_equal(eg_graph_add_node(&g, "PER:1", "张伟", "PER", "", "rule", 0, 0, NULL), EG_OK);
    assert_int_equal(eg_graph_add_node(&g, "PER:2", "张伟", "PER", "", "rule", 0, 0, NULL), EG_OK);
    /* a label that is also someone's id: the id wins */
    assert_int_equal(eg_graph_add_node(&g, "X", "PER:1", "PER", "", "rule", 0, 0, NULL), EG_OK);

    assert_int_equal(eg_graph_find(&g, "ORG:icbc", out, 4), 1);
    assert_int_equal(out[0], 0);
    assert_int_equal(eg_graph_find(&g, "中国工商银行嘉兴分行", out, 4), 1);
    assert_int_equal(out[0], 1);
    assert_int_equal(eg_graph_find(&g, "ICBC", out, 4), 1);
    assert_int_equal(out[0], 0);
    assert_int_equal(eg_graph_find(&g, "工行嘉兴分行", out, 4), 1);
    assert_int_equal(out[0], 1);
    /* ambiguous alias and label: every match, in index order */
    assert_int_equal(eg_graph_find(&g, "工行", out, 4), 2);
    assert_int_equal(out[0], 0);
    assert_int_equal(out[1], 1);
    assert_int_equal(eg_graph_find(&g, "张伟", out, 1), 2); /* more than max */
    assert_int_equal(out[0], 2);
    assert_int_equal(eg_graph_find(&g, "PER:1", out, 4), 1);
    assert_int_equal(out[0], 2);
    /* no partial matches */
    assert_int_equal(eg_graph_find(&g, "工", out, 4), 0);
    assert_int_equal(eg_graph_find(&g, "", out, 4), 0);
    assert_int_equal(eg_graph_find(&g, "中国工商银行|工行", out, 4), 0);
    eg_graph_destroy(&g);
}

static void load_missing_file(void **state)
{
    fixture *f = *state;
    eg_graph g;
    eg_error err = {0};
    char path[128];
    snprintf(path, sizeof path, "%s/no-such-graph.json", f->dir);
    eg_graph_init(&g);
    assert_int_equal(eg_graph_load_json(&g, path, &err), EG_EIO);
    assert_int_equal(err.status, EG_EIO);
    assert_string_equal(err.path, path);
    assert_non_null(strstr(err.message, "No such file"));
    assert_int_equal(g.n_nodes, 0);
    eg_graph_destroy(&g);
}

/* Loads text and expects st, with want (if non-NULL) in the message. */
static void expect_load_failure(fixture *f, const char *name, const char *text, eg_status st,
                                const char *want, long line)
{
    eg_graph g;
    eg_error err = {0};
    const char *path = write_file(f, name, text);
    eg_graph_init(&g);
    assert_int_equal(eg_graph_load_json(&g, path, &err), st);
    assert_string_equal(err.path, path);
    if (want && !strstr(err.message, want)) fail_msg("message '%s' lacks '%s'", err.message, want);
    assert_int_equal(err.line, line);
    /* the graph is left empty and usable */
    assert_int_equal(g.n_nodes, 0);
    assert_int_equal(g.n_edges, 0);
    assert_null(g.window);
    eg_graph_destroy(&g);
}

static void load_bad_files(void **state)
{
    fixture *f = *state;
    expect_load_failure(f, "invalid.json", "{\"nodes\": [\n  {\"id\": \"a\",}\n]}", EG_EPARSE,
                        "not valid JSON", 2);
    expect_load_failure(f, "empty.json", "", EG_EPARSE, "not valid JSON", 1);
    expect_load_failure(f, "trailing.json", "{\"nodes\":[],\"links\":[]} x", EG_EPARSE,
                        "not valid JSON", 1);
    expect_load_failure(f, "array.json", "[1, 2]", EG_EPARSE, "node-link", 0);
    expect_load_failure(f, "no-links.json", "{\"nodes\":[{\"id\":\"a\"}]}", EG_EPARSE, "\"links\"", 0);
    expect_load_failure(f, "no-nodes.json", "{\"links\":[]}", EG_EPARSE, "\"nodes\"", 0);
    expect_load_failure(f, "links-object.json", "{\"nodes\":[],\"links\":{}}", EG_EPARSE,
                        "\"links\"", 0);
    expect_load_failure(f, "unknown-node.json",
                        "{\"nodes\":[{\"id\":\"a\"},{\"id\":\"b\"}],"
                        "\"links\":[{\"source\":\"a\",\"target\":\"b\"},{\"source\":\"a\",\"target\":\"zz\"}]}",
                        EG_EPARSE, "links[1]: target 'zz'", 0);
    expect_load_failure(f, "no-id.json", "{\"nodes\":[{\"label\":\"a\"}],\"links\":[]}",
                        EG_EPARSE, "nodes[0]: missing \"id\"", 0);
    expect_load_failure(f, "numeric-id.json", "{\"nodes\":[{\"id\":1}],\"links\":[]}", EG_EPARSE,
                        "nodes[0].id", 0);
    expect_load_failure(f, "dup-id.json", "{\"nodes\":[{\"id\":\"a\"},{\"id\":\"a\"}],\"links\":[]}",
                        EG_EPARSE, "duplicate id 'a'", 0);
    expect_load_failure(f, "bad-count.json",
                        "{\"nodes\":[{\"id\":\"a\",\"count\":\"3\"}],\"links\":[]}", EG_EPARSE,
                        "nodes[0].count", 0);
    expect_load_failure(f, "neg-count.json",
                        "{\"nodes\":[{\"id\":\"a\",\"count\":-1}],\"links\":[]}", EG_EPARSE,
                        "non-negative integer", 0);
    expect_load_failure(f, "bad-aliases.json",
                        "{\"nodes\":[{\"id\":\"a\",\"aliases\":[1]}],\"links\":[]}", EG_EPARSE,
                        "nodes[0].aliases", 0);
    expect_load_failure(f, "self-link.json",
                        "{\"nodes\":[{\"id\":\"a\"}],\"links\":[{\"source\":\"a\",\"target\":\"a\"}]}",
                        EG_EPARSE, "itself", 0);
    expect_load_failure(f, "bad-kind.json",
                        "{\"nodes\":[{\"id\":\"a\"},{\"id\":\"b\"}],"
                        "\"links\":[{\"source\":\"a\",\"target\":\"b\",\"kind\":\"likes\"}]}",
                        EG_EPARSE, "unknown kind 'likes'", 0);
    expect_load_failure(f, "bad-graph.json", "{\"graph\":[],\"nodes\":[],\"links\":[]}", EG_EPARSE,
                        "\"graph\"", 0);
}

static void load_needs_empty_graph(void **state)
{
    fixture *f = *state;
    eg_graph g;
    const char *path = write_file(f, "ok.json", "{\"nodes\":[],\"links\":[]}");
    eg_graph_init(&g);
    assert_int_equal(eg_graph_add_node(&g, "x", "x", "PER", NULL, NULL, 0, 0, NULL), EG_OK);
    assert_int_equal(eg_graph_load_json(&g, path, NULL), EG_EINVAL);
    assert_int_equal(g.n_nodes, 1); /* untouched */
    eg_graph_destroy(&g);
}

/* The rule for ids and dates, by its definition: decode, then refuse
 * ill-formed sequences (overlong, surrogates, above U+10FFFF, cut short),
 * controls and U+FFFE/U+FFFF. */
static int text_ok_reference(const unsigned char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        unsigned c = s[i];
        size_t k;
        uint32_t cp, min;
        if (c < 0x80) k = 0, cp = c, min = 0;
        else if ((c & 0xE0) == 0xC0) k = 1, cp = c & 0x1F, min = 0x80;
        else if ((c & 0xF0) == 0xE0) k = 2, cp = c & 0x0F, min = 0x800;
        else if ((c & 0xF8) == 0xF0) k = 3, cp = c & 0x07, min = 0x10000;
        else return 0;
        if (n - i <= k) return 0;
        for (size_t j = 1; j <= k; j++) {
            if ((s[i + j] & 0xC0) != 0x80) return 0;
            cp = cp << 6 | (s[i + j] & 0x3F);
        }
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
        if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || cp == 0xFFFE || cp == 0xFFFF) return 0;
        i += k + 1;
    }
    return 1;
}

static void graph_text_rule(void **state)
{
    (void)state;
    /* pieces near every boundary of the rule, strung together at random */
    static const char *const pieces[] = {
        "a", "\x01", "\x1f", " ", "\x7f", "\xc2\x80", "\xc2\x9f", "\xc2\xa0", "\xc0\x80",
        "\xe4\xb8\xad", "\xed\x9f\xbf", "\xed\xa0\x80", "\xef\xbf\xbd", "\xef\xbf\xbe",
        "\xef\xbf\xbf", "\xf0\x9f\x98\x80", "\xf4\x8f\xbf\xbf", "\xf4\x90\x80\x80", "\xe4\xb8",
        "\xf0\x9f", "\x80", "\xff", "\xc3",
    };
    const size_t np = sizeof pieces / sizeof *pieces;
    unsigned long x = 88172645463325252ul;
    char buf[64];
    size_t agreed_ok = 0;
    for (int t = 0; t < 200000; t++) {
        size_t len = 0;
        x ^= x << 13, x ^= x >> 7, x ^= x << 17;
        for (unsigned k = 0, parts = (unsigned)(x % 6); k < parts; k++) {
            x ^= x << 13, x ^= x >> 7, x ^= x << 17;
            const char *p = pieces[x % np];
            memcpy(buf + len, p, strlen(p));
            len += strlen(p);
        }
        buf[len] = '\0';
        int want = text_ok_reference((const unsigned char *)buf, len);
        if (eg__graph_text_ok(buf) != want) fail_msg("string %d: expected %d", t, want);
        agreed_ok += (size_t)want;
    }
    assert_true(agreed_ok > 1000); /* both answers were asked for */
}

/* One rule set (graph_check.c) in every loader: each case breaks one rule
 * in a JSON file, a GraphML file and an egb file (the graph written as
 * egb from memory, which carries any value), and every loader refuses
 * it with the same message. Node "c" is the one broken, but for edge
 * rules, which break the edge a - b. */
typedef struct rule_case {
    const char *json_node, *json_link;       /* members added to node c / link a-b */
    const char *graphml_node, *graphml_edge; /* <data> added to them */
    int mutation;                            /* for the egb graph, below */
    const char *want;
} rule_case;

static const rule_case rule_cases[] = {
    {"", ",\"weight\":-49.21", "", "<data key=\"w\">-49.21</data>", 0,
     "edge 0 ('a' - 'b'): weight: expected a finite number >= 0"},
    {"", ",\"weight\":1e999", "", "<data key=\"w\">INF</data>", 1,
     "weight: expected a finite number >= 0"},
    {"", ",\"weight\":null", "", "<data key=\"w\">NaN</data>", 2,
     "weight: expected a finite number >= 0"},
    {",\"count\":1e17", "", "<data key=\"n\">100000000000000000</data>", "", 3,
     "node 2 ('c'): count: expected an integer at most 2^53"},
    {",\"community\":-5", "", "<data key=\"k\">-5</data>", "", 4,
     "node 2 ('c'): community: expected -1 (none)"},
    {",\"x\":-1e999", "", "<data key=\"x\">-INF</data>", "", 5,
     "node 2 ('c'): x: expected a finite number"},
    {",\"first_date\":\"2022-06-15\",\"last_date\":\"2022-05-01\"", "",
     "<data key=\"f\">2022-06-15</data><data key=\"l\">2022-05-01</data>", "", 6,
     "node 2 ('c'): first_date '2022-06-15' is after last_date '2022-05-01'"},
    {",\"first_date\":\"\"", "", "<data key=\"f\"></data>", "", 7,
     "node 2 ('c'): first_date: expected a date, not an empty string"},
    {"", "", "", "", 8, /* node c's id is "c\x01" */
     "node 2: id: expected well-formed UTF-8 without control characters"},
};

static void rule_graph(eg_graph *g, int mutation)
{
    eg_graph_init(g);
    assert_int_equal(eg_graph_add_node(g, "a", "a", "PER", NULL, NULL, 1, 1, NULL), EG_OK);
    assert_int_equal(eg_graph_add_node(g, "b", "b", "PER", NULL, NULL, 1, 1, NULL), EG_OK);
    assert_int_equal(eg_graph_add_node(g, mutation == 8 ? "c\x01" : "c", "c", "PER", NULL, NULL, 1,
                                       1, NULL),
                     EG_OK);
    assert_int_equal(eg_graph_add_edge(g, 0, 1, 1, 1), EG_OK);
    eg_node *c = &g->nodes[2];
    switch (mutation) {
    case 0: g->edges[0].weight = -49.21; break;
    case 1: g->edges[0].weight = INFINITY; break;
    case 2: g->edges[0].weight = NAN; break;
    case 3: c->count = 100000000000000000ull; break;
    case 4: c->community = -5; break;
    case 5: c->x = -INFINITY; break;
    case 6: assert_int_equal(eg_graph_set_dates(g, EG_GRAPH_NODE, 2, "2022-06-15", "2022-05-01"), EG_OK); break;
    case 7: assert_int_equal(eg_graph_set_dates(g, EG_GRAPH_NODE, 2, "", NULL), EG_OK); break;
    default: break;
    }
}

static void overwrite(const char *path, const char *text)
{
    FILE *fp = fopen(path, "wb");
    assert_non_null(fp);
    fputs(text, fp);
    assert_int_equal(fclose(fp), 0);
}

static void expect_refused(eg_status (*load)(eg_graph *, const char *, eg_error *),
                           const char *path, const char *want)
{
    eg_graph g;
    eg_error err = {0};
    eg_graph_init(&g);
    eg_status st = load(&g, path, &err);
    if (st != EG_EPARSE) fail_msg("%s: loaded (%s), expected '%s'", path, eg_status_name(st), want);
    if (!strstr(err.message, want)) fail_msg("%s: message '%s' lacks '%s'", path, err.message, want);
    assert_string_equal(err.path, path);
    assert_int_equal(g.n_nodes, 0);
    assert_int_equal(g.n_edges, 0);
    eg_graph_destroy(&g);
}

static void load_rules_every_format(void **state)
{
    fixture *f = *state;
    const char *json = write_file(f, "rule.json", ""), *graphml = write_file(f, "rule.graphml", ""),
               *egb = write_file(f, "rule.egb", "");
    char text[2048];
    for (size_t k = 0; k < sizeof rule_cases / sizeof *rule_cases; k++) {
        const rule_case *c = &rule_cases[k];
        snprintf(text, sizeof text,
                 "{\"nodes\":[{\"id\":\"a\"},{\"id\":\"b\"},{\"id\":\"%s\"%s}],"
                 "\"links\":[{\"source\":\"a\",\"target\":\"b\"%s}]}",
                 k == 8 ? "c\\u0001" : "c", c->json_node, c->json_link);
        overwrite(json, text);
        expect_refused(eg_graph_load_json, json, c->want);
        snprintf(text, sizeof text,
                 "<graphml><key id=\"w\" for=\"edge\" attr.name=\"weight\"/>"
                 "<key id=\"n\" for=\"node\" attr.name=\"count\"/>"
                 "<key id=\"k\" for=\"node\" attr.name=\"community\"/>"
                 "<key id=\"x\" for=\"node\" attr.name=\"x\"/>"
                 "<key id=\"f\" for=\"node\" attr.name=\"first_date\"/>"
                 "<key id=\"l\" for=\"node\" attr.name=\"last_date\"/><graph>"
                 "<node id=\"a\"/><node id=\"b\"/><node id=\"%s\">%s</node>"
                 "<edge source=\"a\" target=\"b\">%s</edge></graph></graphml>",
                 k == 8 ? "c&#1;" : "c", c->graphml_node, c->graphml_edge);
        overwrite(graphml, text);
        expect_refused(eg_graph_load_graphml, graphml, c->want);
        eg_graph g;
        eg_error err = {0};
        rule_graph(&g, c->mutation);
        if (eg_export_egb(&g, egb, NULL, &err)) fail_msg("%s", err.message);
        eg_graph_destroy(&g);
        expect_refused(eg_graph_load_egb, egb, c->want);
    }
    /* at the edges of the rules: loads in each format */
    eg_graph g, back;
    eg_error err = {0};
    rule_graph(&g, -1);
    g.nodes[2].count = 9007199254740992ull; /* 2^53 */
    g.nodes[2].community = -1;
    g.nodes[2].betweenness = NAN;
    g.edges[0].weight = 0;
    assert_int_equal(eg_graph_set_dates(&g, EG_GRAPH_EDGE, 0, "2022-05-01", "2022-05-01"), EG_OK);
    eg_status (*const writers[3])(const eg_graph *, const char *, const eg_export_options *,
                                  eg_error *) = {eg_export_json, eg_export_graphml, eg_export_egb};
    eg_status (*const loaders[3])(eg_graph *, const char *, eg_error *) = {
        eg_graph_load_json, eg_graph_load_graphml, eg_graph_load_egb};
    const char *paths[3] = {json, graphml, egb};
    for (int i = 0; i < 3; i++) {
        if (writers[i](&g, paths[i], NULL, &err)) fail_msg("%s", err.message);
        eg_graph_init(&back);
        if (loaders[i](&back, paths[i], &err)) fail_msg("%s", err.message);
        assert_int_equal(back.nodes[2].count, 9007199254740992ull);
        assert_int_equal(back.edges[0].weight, 0);
        assert_string_equal(back.edges[0].last_date, "2022-05-01");
        eg_graph_destroy(&back);
    }
    eg_graph_destroy(&g);
}

/* Optional fields default to 0 / "" / cooccurrence; order is the file's. */
static void load_defaults(void **state)
{
    fixture *f = *state;
    eg_graph g;
    eg_error err = {0};
    const char *path = write_file(
        f, "minimal.json",
        "{\"nodes\":[{\"id\":\"b\",\"aliases\":\"x|y\"},{\"id\":\"a\",\"label\":\"甲\","
        "\"aliases\":[\"甲甲\",\"\",\"A\"],\"pagerank\":null}],"
        "\"links\":[{\"source\":\"b\",\"target\":\"a\",\"weight\":7}]}");
    eg_graph_init(&g);
    assert_int_equal(eg_graph_load_json(&g, path, &err), EG_OK);
    assert_int_equal(g.n_nodes, 2);
    assert_string_equal(g.nodes[0].id, "b");
    assert_string_equal(g.nodes[0].label, "");
    assert_string_equal(g.nodes[0].type, "");
    assert_string_equal(g.nodes[0].aliases, "x|y");
    assert_string_equal(g.nodes[0].source, "");
    assert_int_equal(g.nodes[0].count, 0);
    assert_true(g.nodes[0].degree == 0);
    assert_string_equal(g.nodes[1].label, "甲");
    assert_string_equal(g.nodes[1].aliases, "甲甲|A");
    assert_true(g.nodes[1].pagerank != g.nodes[1].pagerank); /* null → NaN */
    assert_int_equal(g.n_edges, 1);
    assert_int_equal(g.edges[0].source, 0);
    assert_int_equal(g.edges[0].target, 1);
    assert_int_equal(g.edges[0].weight, 7);
    assert_int_equal(g.edges[0].docs, 0);
    assert_string_equal(g.edges[0].kind, "cooccurrence");
    assert_null(g.window);
    assert_int_equal(g.n_docs, 0);
    eg_graph_destroy(&g);
}

/* A graph for the query tests: 甲 is linked to everyone else. */
static void build_query_graph(eg_graph *g)
{
    eg_graph_init(g);
    assert_int_equal(eg_graph_add_node(g, "PER:jia", "甲", "PER", "老甲", "dict", 9, 3, NULL), EG_OK);
    assert_int_equal(eg_graph_add_node(g, "ORG:yi", "乙公司", "ORG", "乙", "dict", 4, 2, NULL), EG_OK);
    assert_int_equal(eg_graph_add_node(g, "ORG:bing", "丙公司", "ORG", "", "dict", 4, 2, NULL), EG_OK);
    assert_int_equal(eg_graph_add_node(g, "LOC:ding", "丁市", "LOC", "", "rule", 1, 1, NULL), EG_OK);
    assert_int_equal(eg_graph_add_edge(g, 0, 1, 3, 2), EG_OK);
    assert_int_equal(eg_graph_add_edge(g, 0, 2, 3, 1), EG_OK);
    assert_int_equal(eg_graph_add_edge(g, 3, 0, 5, 1), EG_OK);
    assert_int_equal(eg_graph_add_edge(g, 1, 2, 1, 1), EG_OK);
    assert_int_equal(eg_graph_analyze(g, NULL, NULL), EG_OK);
}

static void query_top(void **state)
{
    (void)state;
    eg_graph g;
    uint32_t *top = NULL;
    size_t n = 0;
    eg_measure m;
    build_query_graph(&g);
    assert_int_equal(eg_measure_parse("count", &m), EG_OK);
    assert_int_equal(m, EG_MEASURE_COUNT);
    assert_int_equal(eg_measure_parse("closeness", &m), EG_EINVAL);
    assert_string_equal(eg_measure_name(EG_MEASURE_PAGERANK), "pagerank");
    assert_string_equal(eg_measure_name((eg_measure)42), "unknown");
    /* the public constants name the table's ranked attributes, each its
     * own field (the values of the node differ from each other) */
    static const struct {
        eg_measure m;
        const char *name;
        size_t offset;
        int is_count;
    } named[] = {
        {EG_MEASURE_DEGREE, "degree", offsetof(eg_node, degree), 0},
        {EG_MEASURE_STRENGTH, "strength", offsetof(eg_node, strength), 0},
        {EG_MEASURE_PAGERANK, "pagerank", offsetof(eg_node, pagerank), 0},
        {EG_MEASURE_COUNT, "count", offsetof(eg_node, count), 1},
        {EG_MEASURE_DOCS, "docs", offsetof(eg_node, docs), 1},
        {EG_MEASURE_BETWEENNESS, "betweenness", offsetof(eg_node, betweenness), 0},
    };
    eg_node probe;
    memset(&probe, 0, sizeof probe);
    for (size_t k = 0; k < sizeof named / sizeof *named; k++) {
        double v = 10.0 + (double)k;
        uint64_t u = 10 + k;
        if (named[k].is_count)
            memcpy((char *)&probe + named[k].offset, &u, sizeof u);
        else
            memcpy((char *)&probe + named[k].offset, &v, sizeof v);
    }
    for (size_t k = 0; k < sizeof named / sizeof *named; k++) {
        assert_string_equal(eg_measure_name(named[k].m), named[k].name);
        assert_int_equal(eg_measure_parse(named[k].name, &m), EG_OK);
        assert_int_equal(m, named[k].m);
        assert_true(eg_node_measure(&probe, named[k].m) == 10.0 + (double)k);
    }

    assert_int_equal(eg_query_top(&g, EG_MEASURE_COUNT, NULL, 0, &top, &n), EG_OK);
    assert_int_equal(n, 4);
    /* 9, then the 4/4 tie by label (丙 U+4E19 < 乙 U+4E59), then 1 */
    assert_int_equal(top[0], 0);
    assert_int_equal(top[1], 2);
    assert_int_equal(top[2], 1);
    assert_int_equal(top[3], 3);
    eg_query_free_nodes(top);

    assert_int_equal(eg_query_top(&g, EG_MEASURE_DEGREE, "org", 1, &top, &n), EG_OK);
    assert_int_equal(n, 1);
    assert_int_equal(top[0], 2); /* both degree 2: label order again */
    eg_query_free_nodes(top);

    assert_int_equal(eg_query_top(&g, EG_MEASURE_PAGERANK, "EVENT", 5, &top, &n), EG_OK);
    assert_int_equal(n, 0);
    assert_null(top);
    assert_int_equal(eg_query_top(&g, (eg_measure)42, NULL, 0, &top, &n), EG_EINVAL);
    eg_graph_destroy(&g);
}

static void query_neighbors(void **state)
{
    (void)state;
    eg_graph g;
    eg_neighbor *nb = NULL;
    size_t n = 0;
    build_query_graph(&g);
    assert_int_equal(eg_query_neighbors(&g, 0, NULL, 0, &nb, &n), EG_OK);
    assert_int_equal(n, 3);
    /* weight 5, then the weight-3 tie by label */
    assert_int_equal(nb[0].node, 3);
    assert_int_equal(nb[0].weight, 5);
    assert_int_equal(nb[0].edge, 2);
    assert_int_equal(nb[1].node, 2);
    assert_int_equal(nb[2].node, 1);
    assert_int_equal(nb[2].docs, 2);
    eg_query_free_neighbors(nb);

    assert_int_equal(eg_query_neighbors(&g, 0, "ORG", 1, &nb, &n), EG_OK);
    assert_int_equal(n, 1);
    assert_int_equal(nb[0].node, 2);
    eg_query_free_neighbors(nb);

    assert_int_equal(eg_query_neighbors(&g, 9, NULL, 0, &nb, &n), EG_EINVAL);
    eg_graph_destroy(&g);
}

static void query_similar(void **state)
{
    (void)state;
    eg_graph g;
    uint32_t *out = NULL;
    size_t n = 0;
    build_query_graph(&g);
    /* contained in a label first, then sharing characters */
    assert_int_equal(eg_query_similar(&g, "公司", 5, &out, &n), EG_OK);
    assert_int_equal(n, 2);
    assert_int_equal(out[0], 2);
    assert_int_equal(out[1], 1);
    eg_query_free_nodes(out);
    assert_int_equal(eg_query_similar(&g, "乙集团", 5, &out, &n), EG_OK);
    assert_int_equal(n, 1); /* the alias 乙 is contained in the query */
    assert_int_equal(out[0], 1);
    eg_query_free_nodes(out);
    assert_int_equal(eg_query_similar(&g, "戊", 5, &out, &n), EG_OK);
    assert_int_equal(n, 0);
    assert_null(out);
    assert_int_equal(eg_query_similar(&g, "", 5, &out, &n), EG_OK);
    assert_int_equal(n, 0);
    eg_graph_destroy(&g);
}

/* eg_graph_stats_get counts edges by kind (a part_of edge with
 * co-occurrences is part_of), types in byte order, components and isolated
 * nodes. */
static void stats_by_kind(void **state)
{
    (void)state;
    eg_graph g;
    eg_graph_stats s;
    eg_graph_init(&g);
    assert_int_equal(eg_graph_add_node(&g, "t", "town", "LOC", NULL, NULL, 1, 1, NULL), EG_OK);
    assert_int_equal(eg_graph_add_node(&g, "c", "county", "LOC", NULL, NULL, 1, 1, NULL), EG_OK);
    assert_int_equal(eg_graph_add_node(&g, "p", "person", "PER", NULL, NULL, 1, 1, NULL), EG_OK);
    assert_int_equal(eg_graph_add_node(&g, "o", "office", "ORG", NULL, NULL, 1, 1, NULL), EG_OK);
    assert_int_equal(eg_graph_add_node(&g, "x", "alone", "LOC", NULL, NULL, 1, 1, NULL), EG_OK);
    /* part_of with 2 co-occurrences, part_of with none, one co-occurrence */
    assert_int_equal(eg_graph_add_edge_kind(&g, 0, 1, 2, 1, "part_of"), EG_OK);
    assert_int_equal(eg_graph_add_edge_kind(&g, 3, 1, 0, 0, "part_of"), EG_OK);
    assert_int_equal(eg_graph_add_edge(&g, 2, 0, 3, 1), EG_OK);
    assert_int_equal(eg_graph_stats_get(&g, &s), EG_OK);
    assert_int_equal(s.n_nodes, 5);
    assert_int_equal(s.n_edges, 3);
    assert_int_equal(s.n_part_of, 2);
    assert_int_equal(s.n_cooccurrence, 1);
    assert_int_equal(s.n_components, 2);
    assert_int_equal(s.n_isolated, 1);
    assert_int_equal(s.n_types, 3);
    assert_string_equal(s.types[0], "LOC");
    assert_int_equal(s.type_counts[0], 3);
    assert_string_equal(s.types[1], "ORG");
    assert_int_equal(s.type_counts[1], 1);
    assert_string_equal(s.types[2], "PER");
    assert_int_equal(s.type_counts[2], 1);
    eg_graph_stats_free(&s);
    eg_graph_destroy(&g);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(add_node_and_edge),
        cmocka_unit_test(many_nodes_grow),
        cmocka_unit_test(analyze_known_graph),
        cmocka_unit_test(analyze_empty_graph),
        cmocka_unit_test(analyze_communities_betweenness_layout),
        cmocka_unit_test(packed_layout),
        cmocka_unit_test(analyze_betweenness_sampled),
        cmocka_unit_test(filters),
        cmocka_unit_test(sort_is_deterministic),
        cmocka_unit_test(sort_is_stable),
        cmocka_unit_test(find_by_id_label_alias),
        cmocka_unit_test(stats_by_kind),
        cmocka_unit_test_setup_teardown(load_missing_file, setup, teardown),
        cmocka_unit_test_setup_teardown(load_bad_files, setup, teardown),
        cmocka_unit_test_setup_teardown(load_needs_empty_graph, setup, teardown),
        cmocka_unit_test_setup_teardown(load_defaults, setup, teardown),
        cmocka_unit_test_setup_teardown(load_rules_every_format, setup, teardown),
        cmocka_unit_test(graph_text_rule),
        cmocka_unit_test(query_top),
        cmocka_unit_test(query_neighbors),
        cmocka_unit_test(query_similar),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
