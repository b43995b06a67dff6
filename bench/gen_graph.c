/* Generates a large entity graph for the query benchmark (never timed by
 * the tests). Built by `ninja -C build bench`; run:
 *
 *   build/bench/gen_graph OUT_DIR [nodes] [edges] [formats]
 *       (with html or svg among the formats the layout is computed too,
 *       for bench/bench_page.sh)
 *
 * (defaults 100000, 1000000 and "json,egb") writes OUT_DIR/graph.json
 * and/or OUT_DIR/graph.egb as 'entgraph build' would, with nodes named 实体N
 * (types PER/ORG/LOC in turn, one alias 别名N each), edges drawn with a
 * preferential bias (a few hubs, many leaves; a seeded xorshift, so the
 * graph is the same on every run), weights 1..20, one evidence snippet per
 * edge, and the analysis of a build except the layout and betweenness
 * (both are too slow for 10^6 edges and do not matter to query speed).
 * bench/bench_query.sh times the queries on it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "entgraph/export.h"
#include "entgraph/graph.h"

static uint64_t rng_state = 0x9E3779B97F4A7C15ull;

static uint64_t next(void)
{
    uint64_t x = rng_state;
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    return rng_state = x;
}

/* A pair key in a simple open-addressing set, to keep edges unique. */
static uint64_t *set;
static size_t set_cap;

static int set_add(uint64_t key)
{
    size_t j = (size_t)(key * 0x9E3779B97F4A7C15ull) & (set_cap - 1);
    while (set[j]) {
        if (set[j] == key) return 0;
        j = (j + 1) & (set_cap - 1);
    }
    set[j] = key;
    return 1;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: gen_graph OUT_DIR [nodes] [edges] [formats]\n");
        return 2;
    }
    size_t n = argc > 2 ? strtoul(argv[2], NULL, 10) : 100000;
    size_t m = argc > 3 ? strtoul(argv[3], NULL, 10) : 1000000;
    char formats_buf[256];
    snprintf(formats_buf, sizeof formats_buf, "%s", argc > 4 ? argv[4] : "json,egb");
    static const char *const types[] = {"PER", "ORG", "LOC"};
    eg_graph g;
    eg_error err = {0};
    char id[32], label[64], alias[64], path[4096], text[256];
    eg_graph_init(&g);
    for (size_t i = 0; i < n; i++) {
        snprintf(id, sizeof id, "ent:%07zu", i);
        snprintf(label, sizeof label, "实体%zu", i);
        snprintf(alias, sizeof alias, "别名%zu", i);
        if (eg_graph_add_node(&g, id, label, types[i % 3], alias, "dict", 1 + next() % 50,
                              1 + next() % 10, NULL)) {
            fprintf(stderr, "out of memory\n");
            return 1;
        }
    }
    for (set_cap = 1; set_cap < 2 * m; set_cap *= 2) {}
    set = calloc(set_cap, sizeof *set);
    if (!set) return 1;
    while (g.n_edges < m) {
        /* the square of a uniform number favours small indexes: hubs */
        uint64_t r = next() % 1000000;
        uint32_t a = (uint32_t)((r * r / 1000000) * n / 1000000), b = (uint32_t)(next() % n);
        if (a == b) continue;
        uint64_t key = ((uint64_t)(a < b ? a : b) << 32 | (a < b ? b : a)) + 1;
        if (!set_add(key)) continue;
        uint64_t w = 1 + next() % 20;
        if (eg_graph_add_edge(&g, a, b, w, 1 + w / 4)) return 1;
        snprintf(text, sizeof text, "实体%u与实体%u在同一句中出现。", a, b);
        if (eg_graph_add_evidence(&g, g.n_edges - 1, "bench/doc.txt", text)) return 1;
    }
    free(set);
    if (eg_graph_set_window(&g, "sentence") || eg_graph_sort(&g)) return 1;
    eg_analyze_options opt = eg_analyze_defaults();
    opt.layout = strstr(formats_buf, "html") || strstr(formats_buf, "svg");
    opt.betweenness_limit = 0;
    if (eg_graph_analyze(&g, &opt, &err)) {
        fprintf(stderr, "%s\n", err.message);
        return 1;
    }
    for (char *save = NULL, *f = strtok_r(formats_buf, ",", &save); f; f = strtok_r(NULL, ",", &save)) {
        const eg_exporter *ex = eg_exporter_find(f);
        if (!ex) {
            fprintf(stderr, "unknown format %s\n", f);
            return 2;
        }
        snprintf(path, sizeof path, "%s/graph%s", argv[1], ex->extension);
        if (ex->write(&g, path, NULL, &err)) {
            fprintf(stderr, "%s: %s\n", path, err.message);
            return 1;
        }
        printf("wrote %s\n", path);
    }
    printf("%zu nodes, %zu edges, %lu communities\n", g.n_nodes, g.n_edges,
           (unsigned long)g.n_communities);
    eg_graph_destroy(&g);
    return 0;
}
