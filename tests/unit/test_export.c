/* Unit tests of the exporters (src/graphio/, atomic.c):
 * golden files, round trips, escaping, and failures that must leave nothing
 * behind.
 *
 * Set EG_UPDATE_GOLDEN=1 to rewrite tests/data/golden/ from the current
 * output (then read the diff before committing it). */
#include <dirent.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cjson/cJSON.h>
#include <cmocka.h>

#include "entgraph/export.h"
#include "entgraph/graph.h"
#include "internal.h" /* eg__format_double, eg__format_double_exact */

#ifndef EG_TEST_DATA
#error "EG_TEST_DATA must name the tests/data folder"
#endif
#define GOLDEN_DIR EG_TEST_DATA "/golden"

/* A scratch folder for the files a test writes; teardown removes what is in
 * it and fails when something is left that should not be. */
typedef struct fixture {
    char dir[64];
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    if (!f) return -1;
    strcpy(f->dir, "test_export.tmp-XXXXXX");
    if (!mkdtemp(f->dir)) {
        free(f);
        return -1;
    }
    *state = f;
    return 0;
}

static int name_cmp(const void *a, const void *b)
{
    return strcmp(a, b);
}

/* Names in dir other than . and .., sorted, joined by ' ' into buf. */
static void list_dir(const char *dir, char *buf, size_t n)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    char names[16][256];
    int count = 0;
    buf[0] = '\0';
    assert_non_null(d);
    while ((e = readdir(d))) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
        assert_true(count < 16);
        snprintf(names[count++], sizeof names[0], "%s", e->d_name);
    }
    closedir(d);
    qsort(names, (size_t)count, sizeof names[0], name_cmp);
    for (int i = 0; i < count; i++) {
        if (i) strncat(buf, " ", n - strlen(buf) - 1);
        strncat(buf, names[i], n - strlen(buf) - 1);
    }
}

static int teardown(void **state)
{
    fixture *f = *state;
    DIR *d = opendir(f->dir);
    struct dirent *e;
    char path[512];
    while (d && (e = readdir(d))) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
        snprintf(path, sizeof path, "%s/%s", f->dir, e->d_name);
        if (unlink(path) != 0) rmdir(path);
    }
    if (d) closedir(d);
    int rc = rmdir(f->dir);
    free(f);
    return rc;
}

static char *path_in(const fixture *f, const char *name, char *buf, size_t n)
{
    snprintf(buf, n, "%s/%s", f->dir, name);
    return buf;
}

/* The whole of path, NUL-terminated; *len excludes the NUL. */
static char *slurp(const char *path, size_t *len)
{
    FILE *fp = fopen(path, "rb");
    if (!fp) fail_msg("cannot open %s", path);
    assert_int_equal(fseek(fp, 0, SEEK_END), 0);
    long size = ftell(fp);
    assert_true(size >= 0);
    rewind(fp);
    char *buf = malloc((size_t)size + 1);
    assert_non_null(buf);
    assert_int_equal(fread(buf, 1, (size_t)size, fp), (size_t)size);
    buf[size] = '\0';
    fclose(fp);
    if (len) *len = (size_t)size;
    return buf;
}

static void assert_same_file(const char *got_path, const char *want_path)
{
    size_t got_len, want_len;
    char *got = slurp(got_path, &got_len), *want = slurp(want_path, &want_len);
    if (got_len != want_len || memcmp(got, want, got_len)) {
        /* point at the first difference to make a failure readable */
        size_t i = 0;
        while (i < got_len && i < want_len && got[i] == want[i]) i++;
        size_t line = 1;
        for (size_t j = 0; j < i; j++) line += got[j] == '\n';
        free(got);
        free(want);
        fail_msg("%s differs from %s at byte %zu (line %zu)", got_path, want_path, i, line);
    }
    free(got);
    free(want);
}

/* The golden graph: Chinese labels, aliases, a part_of edge, a label that
 * needs XML escaping, and one isolated node. Added out of order, then
 * sorted and analysed as 'entgraph build' does. */
static void build_golden(eg_graph *g)
{
    uint32_t jx, icbc, icbc_jx, zhang, ab, hy;
    eg_graph_init(g);
    assert_int_equal(eg_graph_add_node(g, "PER:zhang-wei", "张伟", "PER", "", "rule", 2, 2, &zhang), EG_OK);
    assert_int_equal(eg_graph_add_node(g, "ORG:icbc", "中国工商银行", "ORG", "工行|ICBC", "dict", 5, 3, &icbc), EG_OK);
    assert_int_equal(eg_graph_add_node(g, "LOC:jiaxing", "嘉兴市", "LOC", "嘉兴", "dict", 4, 2, &jx), EG_OK);
    assert_int_equal(eg_graph_add_node(g, "ORG:icbc-jiaxing", "中国工商银行嘉兴分行", "ORG", "工行嘉兴分行", "dict", 3, 2, &icbc_jx), EG_OK);
    assert_int_equal(eg_graph_add_node(g, "ORG:a&b", "A&B \"<科技>\"公司", "ORG", "A&B", "rule", 1, 1, &ab), EG_OK);
    assert_int_equal(eg_graph_add_node(g, "LOC:haiyan", "海盐县", "LOC", NULL, NULL, 1, 1, &hy), EG_OK);
    assert_int_equal(eg_graph_add_edge(g, icbc, jx, 2, 1), EG_OK);
    assert_int_equal(eg_graph_add_edge(g, jx, icbc_jx, 3, 2), EG_OK);
    assert_int_equal(eg_graph_add_edge(g, zhang, icbc_jx, 1, 1), EG_OK);
    assert_int_equal(eg_graph_add_edge_kind(g, icbc_jx, icbc, 1, 1, "part_of"), EG_OK);
    assert_int_equal(eg_graph_add_edge(g, ab, jx, 1, 1), EG_OK);
    assert_int_equal(eg_graph_set_window(g, "sentence"), EG_OK);
    g->n_docs = 3;
    g->n_mentions = 16;
    assert_int_equal(eg_graph_sort(g), EG_OK);
    assert_int_equal(eg_graph_analyze(g, NULL, NULL), EG_OK);
}

/* The golden graph with what a dated, evidenced corpus adds: dates on two
 * nodes and an edge, evidence with a quote, a comma and a newline-free
 * Chinese sentence. Written by the GEXF (spells), JSON and CSV goldens. */
static void build_golden_dated(eg_graph *g)
{
    build_golden(g);
    /* nodes are sorted by id: LOC:haiyan 0, LOC:jiaxing 1, ORG:a&b 2,
     * ORG:icbc 3, ORG:icbc-jiaxing 4, PER:zhang-wei 5 */
    assert_string_equal(g->nodes[1].id, "LOC:jiaxing");
    assert_int_equal(eg_graph_set_dates(g, EG_GRAPH_NODE, 1, "2022-05-31", "2022-06-02"), EG_OK);
    assert_int_equal(eg_graph_set_dates(g, EG_GRAPH_NODE, 4, "2022-06-01", "2022-06-01"), EG_OK);
    for (size_t i = 0; i < g->n_edges; i++) {
        const eg_edge *e = &g->edges[i];
        if (e->source == 1 && e->target == 4) {
            assert_int_equal(eg_graph_set_dates(g, EG_GRAPH_EDGE, i, "2022-06-01", "2022-06-01"), EG_OK);
            assert_int_equal(eg_graph_add_evidence(g, i, "news/1.txt",
                                                   "工行嘉兴分行在嘉兴市开业,\"喜讯\"传来。"),
                             EG_OK);
            assert_int_equal(eg_graph_add_evidence(g, i, "news/2.txt", "嘉兴市 … 工行嘉兴分行"),
                             EG_OK);
        }
    }
    assert_int_equal(eg_graph_set_dates(g, EG_GRAPH_EDGE, 99, "x", "y"), EG_EINVAL);
}

/* Writes g with the exporter called name to scratch file out, then compares
 * it with golden file want (or rewrites want under EG_UPDATE_GOLDEN). */
static void check_golden_opt(const fixture *f, const eg_graph *g, const char *name,
                             const eg_export_options *opt, const char *out, const char *want)
{
    char path[256];
    eg_error err = {0};
    const eg_exporter *ex = eg_exporter_find(name);
    assert_non_null(ex);
    const char *update = getenv("EG_UPDATE_GOLDEN");
    if (update && *update && strcmp(update, "0")) {
        mkdir(GOLDEN_DIR, 0777);
        assert_int_equal(ex->write(g, want, opt, &err), EG_OK);
    }
    if (ex->write(g, path_in(f, out, path, sizeof path), opt, &err) != EG_OK)
        fail_msg("%s", err.message);
    assert_same_file(path, want);
}

static void check_golden(const fixture *f, const eg_graph *g, const char *name,
                         const char *out, const char *want)
{
    check_golden_opt(f, g, name, NULL, out, want);
}

/* The graph in graph.html: between the tags of the data element (id, the
 * graph's columns) or of the evidence element, JSON in which no byte can
 * end the element or change how the page reads ('<', '>', '&', U+2028,
 * U+2029 are \u escapes), which reads back to the graph's strings. Writing
 * twice gives the same bytes. */
static char *html_element(const char *html, const char *id)
{
    char tag[96];
    snprintf(tag, sizeof tag, "<script type=\"application/json\" id=\"%s\">", id);
    const char *open = strstr(html, tag);
    assert_non_null(open);
    open = strchr(open, '>') + 1;
    const char *close = strstr(open, "</script>");
    assert_non_null(close);
    char *data = malloc((size_t)(close - open) + 1);
    assert_non_null(data);
    memcpy(data, open, (size_t)(close - open));
    data[close - open] = '\0';
    return data;
}

static char *html_data(const char *html) { return html_element(html, "eg-data"); }

static void no_raw_markup(const char *data)
{
    for (const unsigned char *c = (const unsigned char *)data; *c; c++) {
        if (*c == '<' || *c == '>' || *c == '&') fail_msg("raw '%c' in the page's data", *c);
        if (c[0] == 0xE2 && c[1] == 0x80 && (c[2] == 0xA8 || c[2] == 0xA9)) fail_msg("raw U+2028/9");
    }
}

/* column name of the page's nodes or links: an array of n items */
static cJSON *html_column(cJSON *doc, const char *table, const char *name, size_t n)
{
    cJSON *col = cJSON_GetObjectItem(cJSON_GetObjectItem(doc, table), name);
    assert_non_null(col);
    assert_int_equal(cJSON_GetArraySize(col), (int)n);
    return col;
}

static void html_page(void **state)
{
    fixture *f = *state;
    eg_graph g;
    eg_error err = {0};
    char p[256], q[256];
    static const char *const hostile[] = {
        "</script><script>alert(1)</script>", "\"onload=\"alert(1)", "<!--", "a\xe2\x80\xa8" "b\xe2\x80\xa9" "c",
        "&amp;", "]]>",
    };
    build_golden(&g);
    for (size_t k = 0; k < sizeof hostile / sizeof *hostile; k++) {
        char id[16];
        uint32_t v;
        snprintf(id, sizeof id, "h%zu", k);
        assert_int_equal(eg_graph_add_node(&g, id, hostile[k], "PER", hostile[k], "rule", 1, 1, &v), EG_OK);
        assert_int_equal(eg_graph_add_edge(&g, 0, v, 1, 1), EG_OK);
        assert_int_equal(eg_graph_add_evidence(&g, g.n_edges - 1, hostile[k], hostile[k]), EG_OK);
    }
    assert_int_equal(eg_export_html(&g, path_in(f, "g.html", p, sizeof p), NULL, &err), EG_OK);
    assert_int_equal(eg_export_html(&g, path_in(f, "g2.html", q, sizeof q), NULL, &err), EG_OK);
    assert_same_file(p, q);
    char *html = slurp(p, NULL);
    assert_non_null(strstr(html, "<!DOCTYPE html>"));
    assert_non_null(strstr(html, "Permission is hereby granted")); /* the vendored licences */
    char *data = html_data(html);
    no_raw_markup(data);
    assert_non_null(strstr(data, "\"\\u003c/script\\u003e\\u003cscript\\u003ealert(1)\\u003c/script\\u003e\""));
    assert_non_null(strstr(data, "\"a\\u2028b\\u2029c\""));
    cJSON *doc = cJSON_Parse(data);
    assert_non_null(doc);
    cJSON *ids = html_column(doc, "nodes", "id", g.n_nodes), *labels = html_column(doc, "nodes", "label", g.n_nodes);
    for (size_t k = 0; k < g.n_nodes; k++) {
        assert_string_equal(cJSON_GetArrayItem(ids, (int)k)->valuestring, g.nodes[k].id);
        assert_string_equal(cJSON_GetArrayItem(labels, (int)k)->valuestring, g.nodes[k].label);
    }
    cJSON *src = html_column(doc, "links", "source", g.n_edges), *dst = html_column(doc, "links", "target", g.n_edges);
    for (size_t k = 0; k < g.n_edges; k++) {
        assert_int_equal(cJSON_GetArrayItem(src, (int)k)->valueint, (int)g.edges[k].source);
        assert_int_equal(cJSON_GetArrayItem(dst, (int)k)->valueint, (int)g.edges[k].target);
    }
    assert_false(cJSON_IsTrue(cJSON_GetObjectItem(cJSON_GetObjectItem(doc, "meta"), "limited")));
    cJSON_Delete(doc);
    free(data);
    /* the evidence, one array of [doc, text] per edge, after the scripts */
    data = html_element(html, "eg-evidence");
    no_raw_markup(data);
    assert_true(strstr(html, "id=\"eg-evidence\"") > strstr(html, "id=\"eg-data\""));
    doc = cJSON_Parse(data);
    assert_non_null(doc);
    assert_int_equal(cJSON_GetArraySize(doc), (int)g.n_edges);
    for (size_t k = 0; k < g.n_edges; k++) {
        cJSON *ev = cJSON_GetArrayItem(doc, (int)k);
        assert_int_equal(cJSON_GetArraySize(ev), (int)g.edges[k].n_evidence);
        for (size_t j = 0; j < g.edges[k].n_evidence; j++) {
            cJSON *pair = cJSON_GetArrayItem(ev, (int)j);
            assert_string_equal(cJSON_GetArrayItem(pair, 0)->valuestring, g.edges[k].evidence[j].doc);
            assert_string_equal(cJSON_GetArrayItem(pair, 1)->valuestring, g.edges[k].evidence[j].text);
        }
    }
    cJSON_Delete(doc);
    free(data);
    free(html);

    /* past the size limit: the nodes of highest PageRank, and a note */
    eg_export_options opt = {0};
    opt.view_max_nodes = 3;
    opt.view_max_edges = 1;
    assert_int_equal(eg_export_html(&g, p, &opt, &err), EG_OK);
    html = slurp(p, NULL);
    data = html_data(html);
    doc = cJSON_Parse(data);
    assert_non_null(doc);
    assert_true(cJSON_IsTrue(cJSON_GetObjectItem(cJSON_GetObjectItem(doc, "meta"), "limited")));
    cJSON *pagerank = html_column(doc, "nodes", "pagerank", 3);
    html_column(doc, "links", "source", 1);
    double lowest_kept = 1;
    for (int k = 0; k < 3; k++) {
        double pr = cJSON_GetArrayItem(pagerank, k)->valuedouble;
        if (pr < lowest_kept) lowest_kept = pr;
    }
    size_t above = 0;
    for (size_t k = 0; k < g.n_nodes; k++) above += g.nodes[k].pagerank > lowest_kept;
    assert_true(above <= 2);
    cJSON_Delete(doc);
    free(data);
    free(html);
    eg_graph_destroy(&g);
}

/* The SVG picture: the golden graph's, byte for byte; hostile names as
 * escaped text. */
static void golden_svg(void **state)
{
    eg_graph g;
    build_golden(&g);
    check_golden(*state, &g, "svg", "small.svg", GOLDEN_DIR "/small.svg");
    eg_graph_destroy(&g);
}

static void svg_escapes(void **state)
{
    fixture *f = *state;
    eg_graph g;
    eg_error err = {0};
    char p[256];
    eg_graph_init(&g);
    assert_int_equal(eg_graph_add_node(&g, "a", "</text><script>alert(1)</script>", "PER", NULL, NULL, 3, 1, NULL), EG_OK);
    assert_int_equal(eg_graph_add_node(&g, "b", "x\"y&z\x01", "ORG", NULL, NULL, 1, 1, NULL), EG_OK);
    assert_int_equal(eg_graph_add_edge(&g, 0, 1, 1, 1), EG_OK);
    assert_int_equal(eg_graph_analyze(&g, NULL, NULL), EG_OK);
    assert_int_equal(eg_export_svg(&g, path_in(f, "g.svg", p, sizeof p), NULL, &err), EG_OK);
    char *svg = slurp(p, NULL);
    assert_null(strstr(svg, "<script"));
    assert_non_null(strstr(svg, ">&lt;/text&gt;&lt;script&gt;alert(1)&lt;/script&gt;</text>"));
    assert_non_null(strstr(svg, ">x&quot;y&amp;z</text>"));
    free(svg);
    eg_graph_destroy(&g);
}

static void exporter_table(void **state)
{
    (void)state;
    static const struct {
        const char *name, *ext, *path;
        eg_export_fn fn;
        eg_import_fn read;
    } want[] = {
        {"graphml", ".graphml", "out/graph.graphml", eg_export_graphml, eg_graph_load_graphml},
        {"json", ".json", "out/graph.json", eg_export_json, eg_graph_load_json},
        {"gexf", ".gexf", "out/graph.gexf", eg_export_gexf, NULL},
        {"csv", "nodes.csv", "out/nodes.csv", eg_export_csv, NULL},
        {"egb", ".egb", "out/graph.egb", eg_export_egb, eg_graph_load_egb},
        {"html", ".html", "out/graph.html", eg_export_html, NULL},
        {"svg", ".svg", "out/graph.svg", eg_export_svg, NULL},
    };
    size_t n = 0;
    for (const eg_exporter *e = eg_exporters(); e->name; e++) n++;
    assert_int_equal(n, sizeof want / sizeof want[0]);
    for (size_t i = 0; i < n; i++) {
        const eg_exporter *e = eg_exporter_find(want[i].name);
        assert_non_null(e);
        assert_string_equal(e->extension, want[i].ext);
        assert_ptr_equal(e->write, want[i].fn);
        if (want[i].read) assert_ptr_equal(e->read, want[i].read);
        /* a format is read back exactly when it can be told by content */
        assert_int_equal(e->read != NULL, e->sniff != NULL);
        assert_int_equal(e->read != NULL, !strcmp(e->name, "graphml") || !strcmp(e->name, "json") ||
                                              !strcmp(e->name, "egb"));
        char *p = eg_exporter_path(e, "out");
        assert_string_equal(p, want[i].path);
        free(p);
    }
    /* content tests: magic bytes, a '<' after a BOM and blanks, JSON last */
    const eg_exporter *egb = eg_exporter_find("egb"), *gml = eg_exporter_find("graphml");
    assert_true(egb->sniff((const unsigned char *)"EGB2\4\3\2\1", 8));
    assert_true(egb->sniff((const unsigned char *)"EGB1", 4));
    assert_false(egb->sniff((const unsigned char *)"EGB", 3));
    assert_false(egb->sniff((const unsigned char *)"{\"nodes\"", 8));
    assert_true(gml->sniff((const unsigned char *)"\xEF\xBB\xBF \n<?xml", 8));
    assert_false(gml->sniff((const unsigned char *)" {\"a\":<", 8));
    assert_false(gml->sniff((const unsigned char *)"", 0));
    assert_true(eg_exporter_find("json")->sniff((const unsigned char *)"", 0));
    assert_null(eg_exporter_find("pdf"));
    assert_null(eg_exporter_find(NULL));
    eg_json_style st;
    assert_int_equal(eg_json_style_parse("graphology", &st), EG_OK);
    assert_int_equal(st, EG_JSON_GRAPHOLOGY);
    assert_int_equal(eg_json_style_parse("sigma", &st), EG_EINVAL);
}

static void golden_graphml(void **state)
{
    eg_graph g;
    build_golden(&g);
    check_golden(*state, &g, "graphml", "small.graphml", GOLDEN_DIR "/small.graphml");
    eg_graph_destroy(&g);
}

static void golden_json(void **state)
{
    eg_graph g;
    build_golden(&g);
    check_golden(*state, &g, "json", "small.json", GOLDEN_DIR "/small.json");
    eg_graph_destroy(&g);
}

static void golden_json_styles(void **state)
{
    eg_graph g;
    eg_export_options opt = {0};
    build_golden_dated(&g);
    check_golden(*state, &g, "json", "dated.json", GOLDEN_DIR "/dated.json");
    opt.json_style = EG_JSON_GRAPHOLOGY;
    check_golden_opt(*state, &g, "json", &opt, "graphology.json", GOLDEN_DIR "/graphology.json");
    opt.json_style = EG_JSON_CYTOSCAPE;
    check_golden_opt(*state, &g, "json", &opt, "cytoscape.json", GOLDEN_DIR "/cytoscape.json");
    eg_graph_destroy(&g);
}

static void golden_graphml_evidence(void **state)
{
    eg_graph g;
    eg_export_options opt = {0};
    opt.graphml_evidence = 1;
    build_golden_dated(&g);
    check_golden_opt(*state, &g, "graphml", &opt, "dated.graphml", GOLDEN_DIR "/dated.graphml");
    eg_graph_destroy(&g);
}

/* Static GEXF without dates, dynamic GEXF with spells when dated. */
static void golden_gexf(void **state)
{
    eg_graph g;
    build_golden(&g);
    check_golden(*state, &g, "gexf", "small.gexf", GOLDEN_DIR "/small.gexf");
    eg_graph_destroy(&g);
    build_golden_dated(&g);
    check_golden(*state, &g, "gexf", "dated.gexf", GOLDEN_DIR "/dated.gexf");
    char *text = slurp(GOLDEN_DIR "/dated.gexf", NULL);
    assert_non_null(strstr(text, "mode=\"dynamic\" timeformat=\"date\""));
    assert_non_null(strstr(text, "<spell start=\"2022-05-31\" end=\"2022-06-02\"/>"));
    free(text);
    eg_graph_destroy(&g);
}

/* nodes.csv and edges.csv; the edge table is named after the node table. */
static void golden_csv(void **state)
{
    fixture *f = *state;
    eg_graph g;
    char p[256];
    build_golden_dated(&g);
    check_golden(f, &g, "csv", "nodes.csv", GOLDEN_DIR "/nodes.csv");
    /* under EG_UPDATE_GOLDEN, check_golden wrote GOLDEN_DIR/edges.csv too */
    assert_same_file(path_in(f, "edges.csv", p, sizeof p), GOLDEN_DIR "/edges.csv");
    assert_int_equal(eg_export_csv(&g, path_in(f, "graph.csv", p, sizeof p), NULL, NULL),
                     EG_EINVAL);
    eg_graph_destroy(&g);
}

/* JSON, GraphML and the binary form each load back to a graph that writes
 * the same bytes again, dates and evidence included. */
static void every_loader_round_trips(void **state)
{
    fixture *f = *state;
    eg_graph g;
    eg_error err = {0};
    eg_export_options opt = {0};
    char p1[256], p2[256];
    static const struct {
        const char *name, *ext;
        eg_status (*load)(eg_graph *, const char *, eg_error *);
    } forms[] = {
        {"json", "json", eg_graph_load_json},
        {"graphml", "graphml", eg_graph_load_graphml},
        {"egb", "egb", eg_graph_load_egb},
        {"egb", "egb", eg_graph_load}, /* by content */
        {"graphml", "graphml", eg_graph_load},
        {"json", "json", eg_graph_load},
    };
    opt.graphml_evidence = 1;
    build_golden_dated(&g);
    for (size_t i = 0; i < sizeof forms / sizeof forms[0]; i++) {
        const eg_exporter *ex = eg_exporter_find(forms[i].name);
        char n1[32], n2[32];
        snprintf(n1, sizeof n1, "one%zu.%s", i, forms[i].ext);
        snprintf(n2, sizeof n2, "two%zu.%s", i, forms[i].ext);
        assert_int_equal(ex->write(&g, path_in(f, n1, p1, sizeof p1), &opt, &err), EG_OK);
        eg_graph back;
        eg_graph_init(&back);
        if (forms[i].load(&back, p1, &err)) fail_msg("%s: %s", n1, err.message);
        assert_int_equal(back.n_nodes, g.n_nodes);
        assert_int_equal(back.n_edges, g.n_edges);
        assert_string_equal(back.betweenness, "exact");
        assert_int_equal(back.n_communities, g.n_communities);
        assert_int_equal(ex->write(&back, path_in(f, n2, p2, sizeof p2), &opt, &err), EG_OK);
        assert_same_file(p2, p1);
        /* a loaded graph can still grow: evidence is copied out of a pool */
        for (size_t k = 0; k < back.n_edges; k++)
            if (back.edges[k].n_evidence)
                assert_int_equal(eg_graph_add_evidence(&back, k, "d", "t"), EG_OK);
        eg_graph_destroy(&back);
    }
    eg_graph_destroy(&g);
}

/* A node that leaves its attributes out reads as not computed in both
 * readers alike: betweenness NaN (not 0), community -1, the other
 * measures 0; an edge's association measures 0. (The JSON reader took 0
 * for a missing betweenness before the attributes were one table.) */
static void absent_attributes_read_alike(void **state)
{
    fixture *f = *state;
    char p[256];
    static const char json[] = "{\"nodes\":[{\"id\":\"a\"},{\"id\":\"b\",\"betweenness\":2.5}],"
                               "\"links\":[{\"source\":\"a\",\"target\":\"b\",\"weight\":2.0}]}\n";
    static const char graphml[] =
        "<graphml><key id=\"b\" for=\"node\" attr.name=\"betweenness\" attr.type=\"double\"/>"
        "<key id=\"w\" for=\"edge\" attr.name=\"weight\" attr.type=\"double\"/>"
        "<graph edgedefault=\"undirected\"><node id=\"a\"/>"
        "<node id=\"b\"><data key=\"b\">2.5</data></node>"
        "<edge source=\"a\" target=\"b\"><data key=\"w\">2.0</data></edge></graph></graphml>\n";
    const char *const texts[] = {json, graphml}, *const names[] = {"absent.json", "absent.graphml"};
    for (size_t k = 0; k < 2; k++) {
        eg_graph g;
        eg_error err = {0};
        FILE *fp = fopen(path_in(f, names[k], p, sizeof p), "wb");
        assert_non_null(fp);
        fputs(texts[k], fp);
        fclose(fp);
        eg_graph_init(&g);
        if (eg_graph_load(&g, p, &err)) fail_msg("%s: %s", names[k], err.message);
        assert_int_equal(g.n_nodes, 2);
        assert_true(isnan(g.nodes[0].betweenness));
        assert_true(g.nodes[1].betweenness == 2.5);
        assert_true(g.nodes[0].degree == 0 && g.nodes[0].pagerank == 0 && g.nodes[0].x == 0);
        assert_int_equal(g.nodes[0].community, -1);
        assert_int_equal(g.nodes[0].core, 0);
        assert_int_equal(g.n_edges, 1);
        assert_true(g.edges[0].weight == 2.0);
        assert_int_equal(g.edges[0].count, 2); /* no count: the weight counted windows */
        assert_true(g.edges[0].jaccard == 0 && g.edges[0].npmi == 0);
        eg_graph_destroy(&g);
    }
}

/* The integer attributes keep their whole range through every format:
 * a core of UINT32_MAX, a community of INT32_MAX, colour 255 (a core of
 * UINT32_MAX read back from JSON or GraphML was 0: the bound of a uint32
 * left its largest value out; found by fuzz_graph_egb). */
static void integer_extremes_round_trip(void **state)
{
    fixture *f = *state;
    eg_graph g;
    eg_error err = {0};
    char p[256];
    static const struct {
        const char *name;
        eg_status (*load)(eg_graph *, const char *, eg_error *);
    } forms[] = {{"json", eg_graph_load_json}, {"graphml", eg_graph_load_graphml}, {"egb", eg_graph_load_egb}};
    build_golden(&g);
    g.nodes[0].core = UINT32_MAX;
    g.nodes[0].community = INT32_MAX;
    g.nodes[0].r = g.nodes[0].g = g.nodes[0].b = 255;
    g.nodes[1].core = UINT32_MAX - 1;
    for (size_t i = 0; i < sizeof forms / sizeof forms[0]; i++) {
        char name[32];
        snprintf(name, sizeof name, "extremes.%s", forms[i].name);
        assert_int_equal(eg_exporter_find(forms[i].name)->write(&g, path_in(f, name, p, sizeof p), NULL, &err),
                         EG_OK);
        eg_graph back;
        eg_graph_init(&back);
        if (forms[i].load(&back, p, &err)) fail_msg("%s: %s", name, err.message);
        assert_int_equal(back.nodes[0].core, UINT32_MAX);
        assert_int_equal(back.nodes[1].core, UINT32_MAX - 1);
        assert_int_equal(back.nodes[0].community, INT32_MAX);
        assert_int_equal(back.nodes[0].r, 255);
        assert_int_equal(back.nodes[0].b, 255);
        eg_graph_destroy(&back);
    }
    eg_graph_destroy(&g);
}

/* write → load → write gives the same bytes, in both formats. */
static void json_round_trip(void **state)
{
    fixture *f = *state;
    eg_graph g, back;
    eg_error err = {0};
    char p1[256], p2[256], p3[256];
    build_golden(&g);
    assert_int_equal(eg_export_json(&g, path_in(f, "one.json", p1, sizeof p1), NULL, &err), EG_OK);
    eg_graph_init(&back);
    if (eg_graph_load_json(&back, p1, &err)) fail_msg("%s", err.message);
    assert_int_equal(back.n_nodes, g.n_nodes);
    assert_int_equal(back.n_edges, g.n_edges);
    for (size_t i = 0; i < g.n_nodes; i++) {
        assert_string_equal(back.nodes[i].id, g.nodes[i].id);
        assert_string_equal(back.nodes[i].aliases, g.nodes[i].aliases);
        assert_true(back.nodes[i].pagerank == g.nodes[i].pagerank); /* exact */
    }
    for (size_t i = 0; i < g.n_edges; i++) {
        assert_int_equal(back.edges[i].source, g.edges[i].source);
        assert_string_equal(back.edges[i].kind, g.edges[i].kind);
    }
    assert_string_equal(back.window, "sentence");
    assert_int_equal(back.n_mentions, 16);
    assert_int_equal(eg_export_json(&back, path_in(f, "two.json", p2, sizeof p2), NULL, &err), EG_OK);
    assert_same_file(p2, p1);
    assert_int_equal(eg_export_graphml(&back, path_in(f, "two.graphml", p3, sizeof p3), NULL, &err),
                     EG_OK);
    assert_same_file(p3, GOLDEN_DIR "/small.graphml");
    eg_graph_destroy(&back);
    eg_graph_destroy(&g);
}

static void empty_graph(void **state)
{
    fixture *f = *state;
    eg_graph g, back;
    char p[256];
    eg_graph_init(&g);
    assert_int_equal(eg_export_json(&g, path_in(f, "empty.json", p, sizeof p), NULL, NULL), EG_OK);
    char *text = slurp(p, NULL);
    assert_string_equal(text, "{\"directed\":false,\"multigraph\":false,\"graph\":"
                              "{\"window\":null,\"documents\":0,\"mentions\":0,\"windows\":0,"
                              "\"counting\":\"\",\"betweenness\":\"\",\"layout\":\"\","
                              "\"communities\":0,\"modularity\":0.0},\n"
                              "\"nodes\":[],\n\"links\":[]}\n");
    free(text);
    eg_graph_init(&back);
    assert_int_equal(eg_graph_load_json(&back, p, NULL), EG_OK);
    assert_int_equal(back.n_nodes, 0);
    eg_graph_destroy(&back);
    assert_int_equal(eg_export_graphml(&g, path_in(f, "empty.graphml", p, sizeof p), NULL, NULL), EG_OK);
    text = slurp(p, NULL);
    assert_non_null(strstr(text, "<graph id=\"G\" edgedefault=\"undirected\">\n  </graph>"));
    free(text);
    eg_graph_destroy(&g);
}

/* Control characters are dropped from GraphML (escaped in JSON), bad UTF-8
 * becomes U+FFFD in both, markup is escaped, and "--" cannot end a comment. */
static void hostile_strings(void **state)
{
    fixture *f = *state;
    eg_graph g, back;
    eg_error err = {0};
    char p[256];
    eg_graph_init(&g);
    assert_int_equal(eg_graph_add_node(&g, "a<b>&\"c\"", "x\ty\nz\x7f\xc2\x85!", "ORG",
                                       "ok|bad\xff|cut\xe4\xb8", "dict", 0, 0, NULL),
                     EG_OK);
    assert_int_equal(eg_graph_add_node(&g, "b", "\xed\xa0\x80\xc0\xaf", "PER", NULL, NULL, 0, 0, NULL), EG_OK);
    assert_int_equal(eg_graph_add_edge(&g, 0, 1, 1, 1), EG_OK);
    assert_int_equal(eg_graph_set_window(&g, "chars:50 -- x-"), EG_OK);

    assert_int_equal(eg_export_graphml(&g, path_in(f, "h.graphml", p, sizeof p), NULL, &err), EG_OK);
    char *xml = slurp(p, NULL);
    assert_non_null(strstr(xml, "<node id=\"a&lt;b&gt;&amp;&quot;c&quot;\">"));
    assert_non_null(strstr(xml, "<data key=\"label\">xyz!</data>"));
    assert_non_null(strstr(xml, "<data key=\"aliases\">ok|bad\xef\xbf\xbd|cut\xef\xbf\xbd</data>"));
    /* ED A0 80 (a surrogate) is three bad bytes; C0 and AF one each */
    assert_non_null(strstr(xml, "<data key=\"label\">\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd"
                                "\xef\xbf\xbd\xef\xbf\xbd</data>"));
    assert_non_null(strstr(xml, "<!-- entgraph: window=chars:50 - x- documents=0 mentions=0 -->"));
    for (const char *c = xml; *c; c++)
        if ((unsigned char)*c < 0x20 && *c != '\n') fail_msg("control byte 0x%02x", *c);
    free(xml);

    assert_int_equal(eg_export_json(&g, path_in(f, "h.json", p, sizeof p), NULL, &err), EG_OK);
    char *json = slurp(p, NULL);
    assert_non_null(strstr(json, "\"label\":\"x\\ty\\nz\x7f\xc2\x85!\""));
    assert_non_null(strstr(json, "\"aliases\":[\"ok\",\"bad\xef\xbf\xbd\",\"cut\xef\xbf\xbd\"]"));
    free(json);
    eg_graph_init(&back);
    if (eg_graph_load_json(&back, p, &err)) fail_msg("%s", err.message);
    assert_string_equal(back.nodes[0].id, "a<b>&\"c\"");
    assert_string_equal(back.nodes[0].label, "x\ty\nz\x7f\xc2\x85!");
    assert_string_equal(back.nodes[0].aliases, "ok|bad\xef\xbf\xbd|cut\xef\xbf\xbd");
    eg_graph_destroy(&back);
    eg_graph_destroy(&g);
}

/* A folder that does not exist: EG_EIO naming the path, nothing written. */
static void missing_directory(void **state)
{
    fixture *f = *state;
    eg_graph g;
    eg_error err = {0};
    char p[256], listing[512];
    build_golden(&g);
    for (const eg_exporter *e = eg_exporters(); e->name; e++) {
        memset(&err, 0, sizeof err);
        path_in(f, "no-such-dir/nodes.out", p, sizeof p);
        assert_int_equal(e->write(&g, p, NULL, &err), EG_EIO);
        assert_int_equal(err.status, EG_EIO);
        assert_string_equal(err.path, p);
        assert_non_null(strstr(err.message, "No such file or directory"));
    }
    list_dir(f->dir, listing, sizeof listing);
    assert_string_equal(listing, "");
    eg_graph_destroy(&g);
}

/* The rename fails (the target is a folder): the temporary file is removed
 * and what was there is untouched. */
static void failed_rename_cleans_up(void **state)
{
    fixture *f = *state;
    eg_graph g;
    eg_error err = {0};
    char p[256], listing[512];
    build_golden(&g);
    path_in(f, "nodes.json", p, sizeof p);
    assert_int_equal(mkdir(p, 0777), 0);
    for (const eg_exporter *e = eg_exporters(); e->name; e++) {
        assert_int_equal(e->write(&g, p, NULL, &err), EG_EIO);
        assert_non_null(strstr(err.message, "rename"));
    }
    list_dir(f->dir, listing, sizeof listing);
    assert_string_equal(listing, "nodes.json");
    eg_graph_destroy(&g);
}

/* Replacing a file is atomic and keeps its permissions; a new file gets
 * 0666 minus the umask, not mkstemp's 0600. */
static void replace_keeps_mode(void **state)
{
    fixture *f = *state;
    eg_graph g;
    char p[256], listing[512];
    struct stat st;
    mode_t old = umask(022);
    build_golden(&g);
    path_in(f, "graph.graphml", p, sizeof p);
    assert_int_equal(eg_export_graphml(&g, p, NULL, NULL), EG_OK);
    assert_int_equal(stat(p, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0644);
    assert_int_equal(chmod(p, 0640), 0);
    assert_int_equal(eg_export_graphml(&g, p, NULL, NULL), EG_OK);
    assert_int_equal(stat(p, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0640);
    list_dir(f->dir, listing, sizeof listing);
    assert_string_equal(listing, "graph.graphml");
    umask(old);
    eg_graph_destroy(&g);
}

/* The fast formatter gives the bytes of its definition (shortest of %.15g,
 * %.16g, %.17g that reads back) on hand-picked edges and on doubles drawn
 * from the shapes the graph files hold: any bit pattern, fractions in
 * [0, 1), numbers with two decimals, powers of two and of ten, quotients. */
static void format_double_matches_definition(void **state)
{
    (void)state;
    static const double edges[] = {
        0.0, -0.0, 1.0, -1.0, 0.1, 0.2, 0.3, 1.0 / 3, 2.0 / 3, 0.5, 1e-5, 1e-4,
        9.9999999999999995e-5, 0.0001, 1e14, 1e15, 999999999999999.0, 1e16,
        9999999999999998.0, 1e17, 123456789012345678.0, 1e21, 1e22, 1e23,
        5e-324, 2.2250738585072014e-308, 1.7976931348623157e308, 314.99, -21.54,
        0.011279824850267918, -0.007840953474905274, 0.9353801577701271,
        9.5, 99.5, 0.95, 1e-37, 1e43, 9.999999999999999e42, 4.35e-38,
    };
    char fast[EG__DOUBLE_BUFSIZE], exact[EG__DOUBLE_BUFSIZE];
    for (size_t i = 0; i < sizeof edges / sizeof edges[0]; i++) {
        eg__format_double(fast, edges[i]);
        eg__format_double_exact(exact, edges[i]);
        assert_string_equal(fast, exact);
    }
    /* and integers as %llu / %lld print them */
    static const int64_t ints[] = {0, 1, -1, 9, 10, -10, 123456789, INT64_MAX, INT64_MIN};
    for (size_t i = 0; i < sizeof ints / sizeof ints[0]; i++) {
        char buf[EG__INT_BUFSIZE], want[32];
        snprintf(want, sizeof want, "%lld", (long long)ints[i]);
        assert_string_equal(eg__format_i64(buf, ints[i]), want);
        snprintf(want, sizeof want, "%llu", (unsigned long long)ints[i]);
        assert_string_equal(eg__format_u64(buf, (uint64_t)ints[i]), want);
    }
    uint64_t x = 88172645463325252ull;
    for (long t = 0; t < 300000; t++) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        double d;
        switch (t % 6) {
        case 0:
            memcpy(&d, &x, sizeof d);
            if (!isfinite(d)) continue;
            break;
        case 1: d = (double)(x >> 11) / 9007199254740992.0; break;
        case 2: d = (double)((int64_t)(x % 2000001) - 1000000) / 100.0; break;
        case 3: d = ldexp((x >> 40) & 1 ? -1.0 : 1.0, (int)(x % 200) - 100); break;
        case 4: d = pow(10.0, (int)(x % 90) - 45) * (1 + (double)((x >> 8) % 1000) / 1000); break;
        default: d = (double)(x >> 20) / (double)((x & 1023) + 1); break;
        }
        eg__format_double(fast, d);
        eg__format_double_exact(exact, d);
        if (strcmp(fast, exact)) fail_msg("%a: %s, by definition %s", d, fast, exact);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(exporter_table),
        cmocka_unit_test(format_double_matches_definition),
        cmocka_unit_test_setup_teardown(golden_graphml, setup, teardown),
        cmocka_unit_test_setup_teardown(golden_json, setup, teardown),
        cmocka_unit_test_setup_teardown(json_round_trip, setup, teardown),
        cmocka_unit_test_setup_teardown(absent_attributes_read_alike, setup, teardown),
        cmocka_unit_test_setup_teardown(integer_extremes_round_trip, setup, teardown),
        cmocka_unit_test_setup_teardown(golden_json_styles, setup, teardown),
        cmocka_unit_test_setup_teardown(golden_graphml_evidence, setup, teardown),
        cmocka_unit_test_setup_teardown(golden_gexf, setup, teardown),
        cmocka_unit_test_setup_teardown(golden_csv, setup, teardown),
        cmocka_unit_test_setup_teardown(every_loader_round_trips, setup, teardown),
        cmocka_unit_test_setup_teardown(empty_graph, setup, teardown),
        cmocka_unit_test_setup_teardown(hostile_strings, setup, teardown),
        cmocka_unit_test_setup_teardown(html_page, setup, teardown),
        cmocka_unit_test_setup_teardown(golden_svg, setup, teardown),
        cmocka_unit_test_setup_teardown(svg_escapes, setup, teardown),
        cmocka_unit_test_setup_teardown(missing_directory, setup, teardown),
        cmocka_unit_test_setup_teardown(failed_rename_cleans_up, setup, teardown),
        cmocka_unit_test_setup_teardown(replace_keeps_mode, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
