#define _GNU_SOURCE /* memmem */
/* Unit tests of the mapped, indexed graph file (egb version 3: graphio/egb.c
 * writes it, egb_map.c reads it, and version 2): look-up, neighbours, top,
 * find, stats and the small graphs they make answer as the whole graph
 * does; node measures are columns found by name; damaged and old files
 * are refused with a message, or read. */
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
#include "entgraph/graph_map.h"
#include "entgraph/query.h"

#define PATH "test_graph_map.tmp.egb"

/* Five entities; "甲" is the label of 0 and an alias of 3 (label wins), "乙"
 * an alias of both 1 and 4 (ambiguous); 0 has edges of weights 3, 3, 5, 1. */
static void build(eg_graph *g)
{
    eg_graph_init(g);
    assert_int_equal(eg_graph_add_node(g, "PER:jia", "甲", "PER", "老甲", "dict", 9, 3, NULL), EG_OK);
    assert_int_equal(eg_graph_add_node(g, "ORG:yi", "乙公司", "ORG", "乙|乙司", "dict", 4, 2, NULL), EG_OK);
    assert_int_equal(eg_graph_add_node(g, "ORG:bing", "丙公司", "ORG", "", "dict", 4, 2, NULL), EG_OK);
    assert_int_equal(eg_graph_add_node(g, "LOC:ding", "丁市", "LOC", "甲|Ding", "rule", 1, 1, NULL), EG_OK);
    assert_int_equal(eg_graph_add_node(g, "ORG:wu", "戊厂", "ORG", "乙", "rule", 2, 1, NULL), EG_OK);
    assert_int_equal(eg_graph_add_edge(g, 0, 1, 3, 2), EG_OK);
    assert_int_equal(eg_graph_add_edge(g, 0, 2, 3, 1), EG_OK);
    assert_int_equal(eg_graph_add_edge(g, 3, 0, 5, 1), EG_OK);
    assert_int_equal(eg_graph_add_edge(g, 0, 4, 1, 1), EG_OK);
    assert_int_equal(eg_graph_add_edge(g, 1, 2, 1, 1), EG_OK);
    assert_int_equal(eg_graph_add_evidence(g, 2, "doc1", "丁市的甲说。"), EG_OK);
    assert_int_equal(eg_graph_set_window(g, "sentence"), EG_OK);
    assert_int_equal(eg_graph_sort(g), EG_OK);
    assert_int_equal(eg_graph_analyze(g, NULL, NULL), EG_OK);
    assert_int_equal(eg_export_egb(g, PATH, NULL, NULL), EG_OK);
}

static uint32_t node_of(const eg_graph *g, const char *id)
{
    uint32_t v;
    assert_int_equal(eg_graph_find(g, id, &v, 1), 1);
    return v;
}

static void lookup_as_find(void **state)
{
    (void)state;
    eg_graph g;
    eg_graph_map *m = NULL;
    build(&g);
    assert_int_equal(eg_graph_map_open(PATH, &m, NULL), EG_OK);
    assert_int_equal(eg_graph_map_n_nodes(m), 5);
    assert_int_equal(eg_graph_map_n_edges(m), 5);
    const char *names[] = {"甲", "乙", "PER:jia", "Ding", "ding", "老甲", "乙司", "", "无"};
    for (size_t k = 0; k < sizeof names / sizeof names[0]; k++) {
        uint32_t a[8], b[8];
        size_t n = 0, want = eg_graph_find(&g, names[k], a, 8);
        assert_int_equal(eg_graph_map_lookup(m, names[k], b, 8, &n, NULL), EG_OK);
        assert_int_equal(n, want);
        assert_memory_equal(a, b, n * sizeof *a);
    }
    eg_graph_map_close(m);
    eg_graph_destroy(&g);
    unlink(PATH);
}

static void neighbors_top_find_stats(void **state)
{
    (void)state;
    eg_graph g;
    eg_graph_map *m = NULL;
    eg_error err = {0};
    build(&g);
    assert_int_equal(eg_graph_map_open(PATH, &m, &err), EG_OK);
    uint32_t jia = node_of(&g, "PER:jia");
    /* neighbours: the same edges in the same order, with each filter */
    const char *types[] = {NULL, "org", "LOC"};
    for (size_t t = 0; t < 3; t++)
        for (size_t limit = 0; limit < 4; limit++) {
            eg_neighbor *nb = NULL;
            size_t n_nb = 0, n = 0, *edges = NULL;
            assert_int_equal(eg_query_neighbors(&g, jia, types[t], limit, &nb, &n_nb), EG_OK);
            assert_int_equal(eg_graph_map_neighbors(m, jia, types[t], 0, limit, &edges, &n, NULL), EG_OK);
            assert_int_equal(n, n_nb);
            for (size_t i = 0; i < n; i++) assert_int_equal(edges[i], nb[i].edge);
            eg_query_free_neighbors(nb);
            eg_query_free_edges(edges);
        }
    size_t *edges = NULL, n = 0;
    assert_int_equal(eg_graph_map_neighbors(m, jia, NULL, 3, 0, &edges, &n, NULL), EG_OK);
    assert_int_equal(n, 3); /* weights 5, 3, 3 */
    eg_query_free_edges(edges);
    assert_int_equal(eg_graph_map_neighbors(m, 99, NULL, 0, 0, &edges, &n, NULL), EG_EINVAL);
    /* edges between two nodes, and the small graph they make */
    uint32_t ding = node_of(&g, "LOC:ding"), two[2] = {jia, ding};
    assert_int_equal(eg_graph_map_edges_between(m, ding, jia, &edges, &n, NULL), EG_OK);
    assert_int_equal(n, 1);
    assert_int_equal(edges[0], eg_query_edge(&g, jia, ding));
    eg_graph s;
    eg_graph_init(&s);
    assert_int_equal(eg_graph_map_subgraph(m, two, 2, edges, n, &s, NULL), EG_OK);
    assert_int_equal(s.n_nodes, 2);
    assert_int_equal(s.n_edges, 1);
    assert_string_equal(s.window, "sentence");
    const eg_edge *e = &s.edges[0], *f = &g.edges[edges[0]];
    assert_true(e->weight == f->weight && e->count == f->count && e->npmi == f->npmi);
    assert_int_equal(e->n_evidence, 1);
    assert_string_equal(e->evidence[0].text, "丁市的甲说。");
    assert_string_equal(s.nodes[e->source].id, g.nodes[f->source].id);
    for (size_t i = 0; i < 2; i++) { /* every attribute of the nodes came along */
        const eg_node *a = &s.nodes[i], *b = &g.nodes[node_of(&g, a->id)];
        assert_string_equal(a->label, b->label);
        assert_string_equal(a->aliases, b->aliases);
        assert_true(a->pagerank == b->pagerank && a->betweenness == b->betweenness &&
                    a->community == b->community && a->count == b->count && a->x == b->x);
    }
    eg_graph_destroy(&s);
    eg_query_free_edges(edges);
    /* top: the stored orders are eg_query_top's */
    for (int by = 0; by < 6; by++)
        for (size_t t = 0; t < 3; t++) {
            uint32_t *a = NULL, *b = NULL;
            size_t na = 0, nb = 0;
            assert_int_equal(eg_query_top(&g, (eg_measure)by, types[t], 0, &a, &na), EG_OK);
            assert_int_equal(eg_graph_map_top(m, (eg_measure)by, types[t], 0, &b, &nb, NULL), EG_OK);
            assert_int_equal(na, nb);
            if (na) assert_memory_equal(a, b, na * sizeof *a);
            eg_query_free_nodes(a);
            eg_query_free_nodes(b);
        }
    /* find: ASCII case ignored, across the '|' of aliases too */
    const char *texts[] = {"甲", "ding", "ORG:", "公司", "甲|d", "", "zz"};
    for (size_t k = 0; k < sizeof texts / sizeof texts[0]; k++) {
        uint32_t *a = NULL, *b = NULL;
        size_t na = 0, nb = 0;
        assert_int_equal(eg_query_find(&g, texts[k], 2, &a, &na), EG_OK);
        assert_int_equal(eg_graph_map_find(m, texts[k], 2, &b, &nb, NULL), EG_OK);
        assert_int_equal(na, nb);
        if (na) assert_memory_equal(a, b, na * sizeof *a);
        eg_query_free_nodes(a);
        eg_query_free_nodes(b);
    }
    eg_graph_map_stats st;
    assert_int_equal(eg_graph_map_stats_get(m, &st, NULL), EG_OK);
    assert_int_equal(st.n_nodes, 5);
    assert_int_equal(st.n_components, 1);
    assert_int_equal(st.n_isolated, 0);
    assert_int_equal(st.n_types, 3);
    assert_string_equal(st.window, "sentence");
    assert_string_equal(st.betweenness, "exact");
    const char *name;
    uint64_t count;
    assert_int_equal(eg_graph_map_type(m, 1, &name, &count, NULL), EG_OK);
    assert_string_equal(name, "ORG");
    assert_int_equal(count, 3);
    assert_int_equal(eg_graph_map_type(m, 3, &name, &count, NULL), EG_EINVAL);
    eg_graph_map_close(m);
    /* the whole file loads back as the graph it was */
    eg_graph h;
    eg_graph_init(&h);
    assert_int_equal(eg_graph_load(&h, PATH, NULL), EG_OK);
    assert_int_equal(h.n_nodes, 5);
    assert_int_equal(h.n_edges, 5);
    for (size_t i = 0; i < 5; i++) {
        assert_string_equal(h.nodes[i].aliases, g.nodes[i].aliases);
        assert_true(h.nodes[i].pagerank == g.nodes[i].pagerank);
    }
    eg_graph_destroy(&h);
    eg_graph_destroy(&g);
    unlink(PATH);
}

static void damaged_and_old_files(void **state)
{
    (void)state;
    eg_graph g;
    eg_graph_map *m = NULL;
    eg_error err = {0};
    build(&g);
    eg_graph_destroy(&g);
    FILE *fp = fopen(PATH, "rb");
    assert_non_null(fp);
    unsigned char buf[1 << 14];
    size_t len = fread(buf, 1, sizeof buf, fp);
    fclose(fp);
    assert_true(len > 300 && len < sizeof buf);
    /* cut anywhere: refused at open, or (inside a section) by the checks */
    size_t cuts[] = {2, 100, 300, len / 2, len - 8};
    for (size_t k = 0; k < sizeof cuts / sizeof cuts[0]; k++) {
        fp = fopen(PATH, "wb");
        fwrite(buf, 1, cuts[k], fp);
        fclose(fp);
        assert_int_equal(eg_graph_map_open(PATH, &m, &err), EG_EPARSE);
        assert_null(m);
        assert_string_equal(err.path, PATH);
        assert_true(err.message[0] != '\0');
    }
    /* version 1: named, and told what to do */
    memcpy(buf, "EGB1", 4);
    fp = fopen(PATH, "wb");
    fwrite(buf, 1, len, fp);
    fclose(fp);
    assert_int_equal(eg_graph_map_open(PATH, &m, &err), EG_EPARSE);
    assert_non_null(strstr(err.message, "version 1"));
    /* a string offset of a node pointing past the table */
    memcpy(buf, "EGB2", 4);
    uint64_t nodes_off;
    memcpy(&nodes_off, buf + 256 + 16 * 1, 8);
    uint64_t far = 1ull << 40;
    memcpy(buf + nodes_off + 8, &far, 8); /* node 0's label */
    fp = fopen(PATH, "wb");
    fwrite(buf, 1, len, fp);
    fclose(fp);
    assert_int_equal(eg_graph_map_open(PATH, &m, &err), EG_OK);
    uint32_t zero = 0;
    eg_graph_init(&g);
    assert_int_equal(eg_graph_map_subgraph(m, &zero, 1, NULL, 0, &g, &err), EG_EPARSE);
    assert_int_equal(g.n_nodes, 0);
    assert_non_null(strstr(err.message, "inconsistent"));
    eg_graph_map_close(m);
    assert_int_equal(eg_graph_load(&g, PATH, &err), EG_EPARSE);
    assert_int_equal(eg_graph_map_open("no/such/file.egb", &m, &err), EG_EIO);
    unlink(PATH);
}

/* The whole file into memory (*len bytes). */
static unsigned char *slurp_file(const char *path, size_t *len)
{
    FILE *fp = fopen(path, "rb");
    assert_non_null(fp);
    fseek(fp, 0, SEEK_END);
    long n = ftell(fp);
    rewind(fp);
    unsigned char *buf = malloc((size_t)n + 1);
    assert_non_null(buf);
    assert_int_equal(fread(buf, 1, (size_t)n, fp), (size_t)n);
    fclose(fp);
    *len = (size_t)n;
    return buf;
}

static void write_file(const char *path, const unsigned char *buf, size_t len)
{
    FILE *fp = fopen(path, "wb");
    assert_non_null(fp);
    assert_int_equal(fwrite(buf, 1, len, fp), len);
    fclose(fp);
}

/* 'top' from the mapped file gives the whole graph's order for every
 * measure the file ranks. */
static void top_as_whole(const eg_graph_map *m, const eg_graph *g, eg_measure by)
{
    uint32_t *a = NULL, *b = NULL;
    size_t na, nb;
    eg_error err = {0};
    assert_int_equal(eg_query_top(g, by, NULL, 0, &a, &na), EG_OK);
    if (eg_graph_map_top(m, by, NULL, 0, &b, &nb, &err)) fail_msg("%s", err.message);
    assert_int_equal(na, nb);
    for (size_t i = 0; i < na; i++) assert_int_equal(a[i], b[i]);
    eg_query_free_nodes(a);
    eg_query_free_nodes(b);
}

/* A version 2 file (written by entgraph before the column table) still
 * reads: whole, it writes the JSON the old reader wrote from it (kept in
 * tests/data/egb/v2.json), and mapped it ranks by its six measures. */
static void version_2_still_read(void **state)
{
    (void)state;
    eg_graph g;
    eg_graph_map *m = NULL;
    eg_error err = {0};
    const char *json = "test_graph_map.tmp.json";
    eg_graph_init(&g);
    if (eg_graph_load_egb(&g, EG_TEST_DATA "/egb/v2.egb", &err)) fail_msg("%s", err.message);
    assert_int_equal(eg_export_json(&g, json, NULL, &err), EG_OK);
    size_t n1, n2;
    unsigned char *got = slurp_file(json, &n1), *want = slurp_file(EG_TEST_DATA "/egb/v2.json", &n2);
    assert_int_equal(n1, n2);
    assert_memory_equal(got, want, n1);
    free(got);
    free(want);
    assert_int_equal(eg_graph_map_open(EG_TEST_DATA "/egb/v2.egb", &m, &err), EG_OK);
    for (int by = EG_MEASURE_DEGREE; by <= EG_MEASURE_BETWEENNESS; by++) top_as_whole(m, &g, (eg_measure)by);
    uint32_t zero = 0;
    eg_graph one;
    eg_graph_init(&one);
    assert_int_equal(eg_graph_map_subgraph(m, &zero, 1, NULL, 0, &one, &err), EG_OK);
    assert_true(one.nodes[0].pagerank == g.nodes[0].pagerank && one.nodes[0].core == g.nodes[0].core &&
                one.nodes[0].community == g.nodes[0].community && one.nodes[0].count == g.nodes[0].count);
    eg_graph_destroy(&one);
    eg_graph_map_close(m);
    eg_graph_destroy(&g);
    unlink(json);
}

/* Version 3 keeps every numeric node and edge attribute as a column named
 * in the file: read by name, a column of an unknown name is skipped and
 * the attribute no column names keeps its unset value (and a node measure
 * has no ranking). */
static void version_3_columns_by_name(void **state)
{
    (void)state;
    eg_graph g, back;
    eg_graph_map *m = NULL;
    eg_error err = {0};
    build(&g);
    size_t len;
    unsigned char *buf = slurp_file(PATH, &len);
    uint32_t version;
    memcpy(&version, buf + 8, 4);
    assert_int_equal(version, 3);
    assert_int_equal(eg_graph_map_open(PATH, &m, &err), EG_OK);
    for (int by = EG_MEASURE_DEGREE; by <= EG_MEASURE_BETWEENNESS; by++) top_as_whole(m, &g, (eg_measure)by);
    eg_graph_map_close(m);
    eg_graph_init(&back);
    if (eg_graph_load_egb(&back, PATH, &err)) fail_msg("%s", err.message);
    for (size_t i = 0; i < g.n_nodes; i++) {
        assert_true(back.nodes[i].pagerank == g.nodes[i].pagerank && back.nodes[i].x == g.nodes[i].x);
        assert_int_equal(back.nodes[i].core, g.nodes[i].core);
        assert_int_equal(back.nodes[i].community, g.nodes[i].community);
        assert_int_equal(back.nodes[i].count, g.nodes[i].count);
        assert_int_equal(back.nodes[i].r, g.nodes[i].r);
    }
    eg_graph_destroy(&back);
    /* the column "pagerank" renamed to a name no version knows */
    unsigned char *at = memmem(buf, len, "pagerank", 9);
    assert_non_null(at);
    memcpy(at, "pagerenk", 8);
    write_file(PATH, buf, len);
    eg_graph_init(&back);
    if (eg_graph_load_egb(&back, PATH, &err)) fail_msg("%s", err.message);
    for (size_t i = 0; i < g.n_nodes; i++) {
        assert_true(back.nodes[i].pagerank == 0); /* unset */
        assert_true(back.nodes[i].degree == g.nodes[i].degree);
        assert_true(back.nodes[i].betweenness == g.nodes[i].betweenness);
    }
    eg_graph_destroy(&back);
    /* the same for an edge column: "jaccard" unknown, the edge's unset 0 */
    at = memmem(buf, len, "jaccard", 8);
    assert_non_null(at);
    memcpy(at, "jaccarx", 7);
    write_file(PATH, buf, len);
    eg_graph_init(&back);
    if (eg_graph_load_egb(&back, PATH, &err)) fail_msg("%s", err.message);
    for (size_t i = 0; i < g.n_edges; i++) {
        assert_true(back.edges[i].jaccard == 0);
        assert_true(back.edges[i].weight == g.edges[i].weight && back.edges[i].npmi == g.edges[i].npmi);
        assert_int_equal(back.edges[i].count, g.edges[i].count);
        assert_string_equal(back.edges[i].kind, g.edges[i].kind);
    }
    eg_graph_destroy(&back);
    assert_int_equal(eg_graph_map_open(PATH, &m, &err), EG_OK);
    uint32_t *top = NULL;
    size_t n_top;
    assert_int_equal(eg_graph_map_top(m, EG_MEASURE_PAGERANK, NULL, 0, &top, &n_top, &err), EG_EINVAL);
    assert_non_null(strstr(err.message, "no ranking by 'pagerank'"));
    top_as_whole(m, &g, EG_MEASURE_BETWEENNESS); /* its list follows the unknown column's */
    eg_graph_map_close(m);
    /* a column named twice is inconsistent */
    at = memmem(buf, len, "degree", 7);
    assert_non_null(at);
    memcpy(at, "docs\0\0", 6);
    write_file(PATH, buf, len);
    assert_int_equal(eg_graph_map_open(PATH, &m, &err), EG_EPARSE);
    free(buf);
    eg_graph_destroy(&g);
    unlink(PATH);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(lookup_as_find),
        cmocka_unit_test(neighbors_top_find_stats),
        cmocka_unit_test(damaged_and_old_files),
        cmocka_unit_test(version_2_still_read),
        cmocka_unit_test(version_3_columns_by_name),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
