/* What build and merge share (graph_cmd.h). */
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "graph_cmd.h"

/* A non-negative decimal integer option value; -1 (message printed) if not. */
static int parse_count(const char *opt, const char *s, uint64_t *out)
{
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (!*s || *end || errno || s[0] == '-') {
        fprintf(stderr, "entgraph build: error: %s takes a whole number, not '%s'\n", opt, s);
        return -1;
    }
    *out = v;
    return 0;
}

void cli_graph_init(cli_graph_opts *go, const char *cmd)
{
    memset(go, 0, sizeof *go);
    go->cmd = cmd;
    go->out_dir = "output";
    go->formats = "graphml,json";
    go->link = eg_link_defaults();
    go->analyze = eg_analyze_defaults();
    go->filter.isolates_dropped = &go->isolates_dropped;
    go->spell_gap = 1;
}

/* The whole-number options and their names. */
static const struct {
    int code;
    const char *name;
} count_options[] = {
    {OPT_BETWEENNESS_LIMIT, "--betweenness-limit"}, {OPT_SPELL_GAP, "--spell-gap"},
    {OPT_EVIDENCE, "--evidence"}, {OPT_MIN_COUNT, "--min-count"}, {OPT_MIN_DOCS, "--min-docs"},
    {OPT_TOP_PER_NODE, "--top-per-node"}, {OPT_TOP_EDGES, "--top-edges"},
    {OPT_VIEW_MAX_NODES, "--view-max-nodes"}, {OPT_VIEW_MAX_EDGES, "--view-max-edges"},
    {OPT_SEED, "--seed"},
};

static size_t to_size(uint64_t v) { return v > SIZE_MAX ? SIZE_MAX : (size_t)v; }

/* A whole-number option: 1 when handled, -1 on a bad value (message
 * printed), 0 when c is not one. */
static int count_option(cli_graph_opts *go, int c, const char *arg)
{
    const char *name = NULL;
    uint64_t num;
    for (size_t i = 0; i < sizeof count_options / sizeof *count_options; i++)
        if (count_options[i].code == c) name = count_options[i].name;
    if (!name) return 0;
    if (parse_count(name, arg, &num)) return -1;
    switch (c) {
    case OPT_BETWEENNESS_LIMIT: go->analyze.betweenness_limit = to_size(num); break;
    case OPT_EVIDENCE: go->link.evidence = (size_t)num; break;
    case OPT_SPELL_GAP:
        if (num < 1 || num > 100000) {
            fprintf(stderr, "entgraph %s: error: --spell-gap takes a number of days from 1 "
                            "to 100000, not '%s'\n", go->cmd, arg);
            return -1;
        }
        go->spell_gap = (uint32_t)num;
        break;
    case OPT_MIN_COUNT: go->filter.min_count = num; break;
    case OPT_MIN_DOCS: go->filter.min_docs = num; break;
    case OPT_TOP_PER_NODE: go->filter.top_per_node = (size_t)num; break;
    case OPT_TOP_EDGES: go->filter.top_edges = (size_t)num; break;
    case OPT_VIEW_MAX_NODES: go->export_opt.view_max_nodes = to_size(num); break;
    case OPT_VIEW_MAX_EDGES: go->export_opt.view_max_edges = to_size(num); break;
    default: go->analyze.seed = num; break;
    }
    return 1;
}

/* 0 when arg is a, 1 when b, else -1 (message printed). */
static int one_of(const char *opt, const char *arg, const char *a, const char *b)
{
    if (!strcmp(arg, a)) return 0;
    if (!strcmp(arg, b)) return 1;
    fprintf(stderr, "entgraph build: error: %s takes %s or %s, not '%s'\n", opt, a, b, arg);
    return -1;
}

int cli_graph_option(cli_graph_opts *go, int c, const char *arg)
{
    int k = count_option(go, c, arg);
    if (k) return k;
    switch (c) {
    case 'o': go->out_dir = arg; break;
    case OPT_PARTIAL: go->partial = arg; break;
    case 'f': go->formats = arg; break;
    case 'w':
        if (eg_window_parse(arg, &go->link.window, &go->link.chars)) {
            fprintf(stderr, "entgraph build: error: unknown window '%s' (sentence, paragraph, "
                            "document, chars:N with N from 1 to 1000000)\n",
                    arg);
            return -1;
        }
        break;
    case OPT_JSON_STYLE:
        if (eg_json_style_parse(arg, &go->export_opt.json_style)) {
            fprintf(stderr, "entgraph build: error: --json-style takes node-link, graphology "
                            "or cytoscape, not '%s'\n", arg);
            return -1;
        }
        break;
    case OPT_GRAPHML_EVIDENCE: go->export_opt.graphml_evidence = 1; break;
    case OPT_COUNTING:
        if ((k = one_of("--counting", arg, "full", "fractional")) < 0) return -1;
        go->link.fractional = k;
        break;
    case OPT_NO_HIERARCHY: go->link.hierarchy = 0; break;
    case OPT_TYPES: go->filter.types = arg; break;
    case OPT_LARGEST_COMPONENT: go->filter.largest_component = 1; break;
    case OPT_SIZE_BY:
        if ((k = one_of("--size-by", arg, "pagerank", "count")) < 0) return -1;
        go->analyze.size_by_count = k;
        break;
    case OPT_MIN_WEIGHT: {
        char *end;
        go->filter.min_weight = strtod(arg, &end);
        if (!*arg || *end || !(go->filter.min_weight >= 0) || go->filter.min_weight > 1e300) {
            fprintf(stderr, "entgraph build: error: --min-weight takes a number >= 0, not '%s'\n",
                    arg);
            return -1;
        }
        break;
    }
    case OPT_NO_LAYOUT: go->analyze.layout = 0; break;
    case OPT_KEEP_ISOLATES: go->filter.keep_isolates = 1; break;
    case OPT_LABELS:
        if ((k = one_of("--labels", arg, "original", "canonical")) < 0) return -1;
        go->canonical_labels = k;
        break;
    default:
        return 0;
    }
    return 1;
}

int cli_graph_formats(cli_graph_opts *go, int mentions_ok)
{
    char *fmt_copy = strdup(go->formats);
    if (!fmt_copy) {
        fprintf(stderr, "entgraph: error: out of memory\n");
        return EXIT_FAIL;
    }
    for (char *save = NULL, *tok = strtok_r(fmt_copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
        const eg_exporter *e = eg_exporter_find(tok);
        if (!strcmp(tok, "mentions") && mentions_ok) { /* streamed while reading, not a graph exporter */
            go->want_mentions = 1;
            continue;
        }
        if (!e) {
            fprintf(stderr, "entgraph %s: error: unknown format '%s' (known:", go->cmd, tok);
            for (const eg_exporter *k = eg_exporters(); k->name; k++) fprintf(stderr, " %s", k->name);
            fprintf(stderr, "%s)\n", mentions_ok ? " mentions" : "");
            free(fmt_copy);
            return EXIT_USAGE;
        }
        int dup = 0;
        for (size_t k = 0; k < go->n_chosen; k++) dup |= go->chosen[k] == e;
        if (!dup && go->n_chosen < 8) go->chosen[go->n_chosen++] = e;
    }
    /* the binary form goes with the JSON, so that query loads fast */
    for (size_t k = 0; k < go->n_chosen; k++)
        if (!strcmp(go->chosen[k]->name, "json")) {
            const eg_exporter *egb = eg_exporter_find("egb");
            int have = 0;
            for (size_t j = 0; j < go->n_chosen; j++) have |= go->chosen[j] == egb;
            if (!have && go->n_chosen < 8) go->chosen[go->n_chosen++] = egb;
            break;
        }
    if (!go->n_chosen && !go->want_mentions) {
        fprintf(stderr, "entgraph %s: error: --format is empty\n", go->cmd);
        free(fmt_copy);
        return EXIT_USAGE;
    }
    free(fmt_copy);
    return EXIT_OK;
}

int cli_mkdir_p(const char *path)
{
    char *p = strdup(path);
    if (!p) return -1;
    for (char *s = p + 1; *s; s++) {
        if (*s != '/') continue;
        *s = 0;
        if (mkdir(p, 0777) && errno != EEXIST) {
            free(p);
            return -1;
        }
        *s = '/';
    }
    int r = mkdir(p, 0777) && errno != EEXIST ? -1 : 0;
    free(p);
    return r;
}

int cli_graph_save_partial(const eg_linker *l, const cli_graph_opts *go, int quiet)
{
    eg_error err = {0};
    cli_note(quiet, "writing %s", go->partial);
    eg_status st = eg_linker_save_partial(l, go->partial, &err);
    cli_note_end(quiet);
    if (st) {
        cli_print_error(&err);
        return EXIT_FAIL;
    }
    return EXIT_OK;
}

void cli_graph_partial_summary(const eg_linker *l, const cli_graph_opts *go, size_t skipped)
{
    printf("documents: %llu\n", (unsigned long long)eg_linker_documents(l));
    if (skipped) printf("skipped:   %zu input%s that could not be read\n", skipped, skipped == 1 ? "" : "s");
    printf("mentions:  %llu (%llu found by rules)\nwrote %s\n", (unsigned long long)eg_linker_mentions(l),
           (unsigned long long)eg_linker_rule_mentions(l), go->partial);
}

int cli_graph_make(eg_linker *l, cli_graph_opts *go, int quiet, eg_graph *g)
{
    eg_error err = {0};
    cli_note(quiet, "building the graph");
    eg_linker_set_spell_gap(l, go->spell_gap);
    eg_status st = eg_linker_graph(l, NULL, NULL, NULL, g, &err);
    if (!st && (st = eg_graph_filter(g, &go->filter))) snprintf(err.message, sizeof err.message, "out of memory");
    if (!st) {
        cli_note(quiet, "analysing the graph: %zu nodes, %zu edges (PageRank, betweenness, communities, k-cores%s)",
                 g->n_nodes, g->n_edges, go->analyze.layout ? ", layout" : "");
        st = eg_graph_analyze(g, &go->analyze, &err);
    }
    cli_note_end(quiet);
    if (st) {
        cli_print_error(&err);
        return EXIT_FAIL;
    }
    if (cli_mkdir_p(go->out_dir)) {
        fprintf(stderr, "%s: error: cannot create output folder: %s\n", go->out_dir, strerror(errno));
        return EXIT_FAIL;
    }
    return EXIT_OK;
}

static int by_count_desc(const void *a, const void *b, const eg_graph *g, int pagerank)
{
    const eg_node *x = &g->nodes[*(const uint32_t *)a], *y = &g->nodes[*(const uint32_t *)b];
    if (pagerank && x->pagerank != y->pagerank) return x->pagerank > y->pagerank ? -1 : 1;
    if (x->count != y->count) return x->count > y->count ? -1 : 1;
    return strcmp(x->id, y->id);
}

/* qsort has no user pointer in C11: sort by insertion over a small top list. */
static size_t top_by_count(const eg_graph *g, uint32_t *top, size_t k, int pagerank)
{
    size_t n = 0;
    for (uint32_t i = 0; i < g->n_nodes; i++) {
        size_t pos = n;
        while (pos > 0 && by_count_desc(&i, &top[pos - 1], g, pagerank) < 0) pos--;
        if (pos >= k) continue;
        if (n < k) n++;
        memmove(top + pos + 1, top + pos, (n - 1 - pos) * sizeof *top);
        top[pos] = i;
    }
    return n;
}

void cli_graph_summary(const eg_graph *g, uint64_t docs, uint64_t rule_mentions, size_t skipped,
                       size_t isolates_dropped)
{
    printf("documents: %llu\n", (unsigned long long)docs);
    if (skipped) printf("skipped:   %zu input%s that could not be read\n", skipped, skipped == 1 ? "" : "s");
    printf("mentions:  %llu (%llu found by rules)\n", (unsigned long long)g->n_mentions,
           (unsigned long long)rule_mentions);
    /* the counts 'query stats' gives (eg_graph_stats_get): nodes by type,
     * types in byte order, the first 32 named; edges by kind */
    eg_graph_stats gs;
    if (eg_graph_stats_get(g, &gs)) {
        printf("nodes:     %zu\nedges:     %zu\n", g->n_nodes, g->n_edges);
    } else {
        size_t nt = gs.n_types < 32 ? gs.n_types : 32, other = 0;
        for (size_t k = nt; k < gs.n_types; k++) other += gs.type_counts[k];
        printf("nodes:     %zu (", gs.n_nodes);
        for (size_t k = 0; k < nt; k++)
            printf("%s%s %zu", k ? ", " : "", gs.types[k], gs.type_counts[k]);
        if (other) printf(", other %zu", other);
        printf(")\n");
        if (isolates_dropped)
            printf("           (and %zu left without edges by the edge filters, dropped; "
                   "--keep-isolates keeps them)\n", isolates_dropped);
        printf("edges:     %zu (window: %s", gs.n_cooccurrence, g->window ? g->window : "?");
        if (gs.n_part_of) printf("; and %zu part_of", gs.n_part_of);
        printf(")\n");
        eg_graph_stats_free(&gs);
    }
    printf("communities: %lu (modularity %.3f)\n", (unsigned long)g->n_communities,
           g->modularity);
    uint32_t top[10];
    size_t n = top_by_count(g, top, 10, 0);
    if (n) printf("top entities by mentions:\n");
    for (size_t i = 0; i < n; i++) {
        const eg_node *v = &g->nodes[top[i]];
        printf("  %2zu. %s (%s) %llu mentions, degree %.0f\n", i + 1, v->label, v->type,
               (unsigned long long)v->count, v->degree);
    }
    n = top_by_count(g, top, 5, 1);
    if (n) printf("top entities by PageRank:\n");
    for (size_t i = 0; i < n; i++) {
        const eg_node *v = &g->nodes[top[i]];
        printf("  %2zu. %s (%s) %.4f, community %ld\n", i + 1, v->label, v->type, v->pagerank,
               (long)v->community);
    }
}

/* One graph file to write. The exporters only read the graph, so with
 * --threads N up to N of them write at once; each file is still written
 * whole under a temporary name and renamed, and the bytes do not depend on
 * the order. */
typedef struct {
    const eg_exporter *exporter;
    char *path;
    eg_status st;
    eg_error err;
} export_job;

typedef struct {
    const eg_graph *g;
    const eg_export_options *opt;
    export_job *jobs;
    size_t n;
    atomic_size_t next;
} export_queue;

static void *export_worker(void *arg)
{
    export_queue *q = arg;
    for (size_t k; (k = atomic_fetch_add(&q->next, 1)) < q->n;) {
        export_job *j = &q->jobs[k];
        j->st = j->exporter->write(q->g, j->path, q->opt, &j->err);
    }
    return NULL;
}

int cli_graph_write(const eg_graph *g, const cli_graph_opts *go, size_t threads, int quiet)
{
    const eg_exporter *const *chosen = go->chosen;
    const char *out_dir = go->out_dir;
    size_t n_chosen = go->n_chosen;
    export_job jobs[8];
    pthread_t tid[8];
    size_t n_started = 0;
    int failed = 0;
    export_queue q = {.g = g, .opt = &go->export_opt, .jobs = jobs, .n = n_chosen};
    atomic_init(&q.next, 0);
    memset(jobs, 0, sizeof jobs);
    for (size_t k = 0; k < n_chosen; k++) {
        jobs[k].exporter = chosen[k];
        if (!(jobs[k].path = eg_exporter_path(chosen[k], out_dir))) {
            fprintf(stderr, "entgraph: error: out of memory\n");
            failed = 1;
            goto done;
        }
    }
    if (threads > n_chosen) threads = n_chosen;
    cli_note(quiet, "writing %zu graph file%s to %s", n_chosen, n_chosen == 1 ? "" : "s", out_dir);
    for (; threads > 1 && n_started < threads - 1; n_started++)
        if (pthread_create(&tid[n_started], NULL, export_worker, &q)) break;
    export_worker(&q);
    for (size_t t = 0; t < n_started; t++) pthread_join(tid[t], NULL);
    cli_note_end(quiet);
    for (size_t k = 0; k < n_chosen; k++) {
        if (jobs[k].st) {
            cli_print_error(&jobs[k].err);
            failed = 1;
        } else if (!quiet) {
            printf("wrote %s", jobs[k].path);
            if (!strcmp(chosen[k]->name, "csv")) printf(" and %s/edges.csv", out_dir);
            printf("\n");
        }
    }
done:
    for (size_t k = 0; k < n_chosen; k++) free(jobs[k].path);
    return failed;
}

