/* entgraph build: corpus → graph files. */
#include <errno.h>
#include <getopt.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "entgraph/export.h"
#include "entgraph/graph.h"
#include "entgraph/linker.h"
#include "entgraph/text.h"

static const char usage_text[] =
    "usage: entgraph build [options] INPUT...\n"
    "\n"
    "Reads the documents (files, folders read recursively, - for stdin; .jsonl\n"
    "files hold one {\"id\",\"text\",\"title\",\"date\",\"source\"} document per\n"
    "line; text files over 4 MiB are read in parts cut at paragraph ends) in any\n"
    "encoding (see --encoding), finds the people, organisations and places they\n"
    "mention, links entities mentioned in the same window, analyses the graph\n"
    "(degree, strength, PageRank, betweenness, Leiden communities, k-cores, a\n"
    "layout) and writes it to OUT.\n"
    "\n"
    "output:\n"
    "  -o, --out DIR           output folder (default: output; created if missing)\n"
    "  -f, --format LIST       comma-separated, any of: graphml (graph.graphml),\n"
    "                          json (graph.json), gexf (graph.gexf, GEXF 1.3),\n"
    "                          csv (nodes.csv + edges.csv), egb (graph.egb, the\n"
    "                          binary form 'entgraph query' loads fastest; always\n"
    "                          written with json), mentions (mentions.jsonl, as\n"
    "                          'entgraph extract' prints it), html (graph.html, a\n"
    "                          page to explore the graph in a browser, offline),\n"
    "                          svg (graph.svg, a picture). Default graphml,json\n"
    "      --json-style S      node-link (default; networkx, d3), graphology\n"
    "                          (Gephi Lite, sigma.js) or cytoscape\n"
    "      --graphml-evidence  also put each edge's evidence into GraphML\n"
    "      --view-max-nodes N  graph.html shows at most N nodes, those of highest\n"
    "                          PageRank, and says so (default 20000)\n"
    "      --view-max-edges N  graph.html shows at most N edges, the heaviest among\n"
    "                          those nodes (default 200000); graph.svg draws at\n"
    "                          most N edges (default 20000)\n"
    "      --evidence K        keep up to K snippets per edge (default 3; 0: none)\n"
    "      --partial FILE      write the counts to FILE instead of a graph, for\n"
    "                          'entgraph merge' to add up with other shards'\n"
    "      --spell-gap N       GEXF time spells: dated documents at most N days\n"
    "                          apart make one interval (default 1: consecutive\n"
    "                          days), so the timeline shows the gaps\n"
    "\n"
    "linking:\n"
    "  -w, --window W          co-occurrence window: sentence (default), paragraph,\n"
    "                          document, or chars:N: two mentions of a document\n"
    "                          link their entities when their starts are at most\n"
    "                          N characters apart in the normalised text\n"
    "                          (NFKC, case-folded, without line breaks)\n"
    "      --counting C        full (default: weight = shared windows) or\n"
    "                          fractional (a window of k entities adds 1/(k-1)\n"
    "                          to each of its links, as in VOSviewer)\n"
    "      --no-hierarchy      no part_of edges from the dictionary's parents\n"
    "      --labels L          original (default: a node converted from another\n"
    "                          script is labelled with its most frequent form in\n"
    "                          the text, 吳卓羲 rather than 吴卓羲, the canonical\n"
    "                          name then an alias) or canonical\n"
    "\n";

/* The second half (C11 guarantees string literals of 4095 bytes only). */
static const char usage_text2[] =
    "filters (applied in this order):\n"
    "      --types LIST        keep only these entity types (e.g. PER,ORG)\n"
    "      --min-count N       drop entities mentioned fewer than N times\n"
    "      --min-weight W      drop co-occurrence edges lighter than W\n"
    "      --min-docs N        drop co-occurrence edges in fewer than N documents\n"
    "      --top-per-node K    keep an edge only if it is among the K heaviest\n"
    "                          of one of its ends\n"
    "      --top-edges N       keep the N heaviest co-occurrence edges\n"
    "      --keep-isolates     keep the nodes the edge filters above leave\n"
    "                          without edges (by default they go, and the\n"
    "                          summary says how many)\n"
    "      --largest-component keep only the largest connected component\n"
    "\n"
    "analysis:\n"
    "      --size-by M         node size from pagerank (default) or count\n"
    "      --no-layout         no x/y positions (Gephi can lay the graph out\n"
    "                          itself)\n"
    "      --betweenness-limit N  steps for betweenness (default 10000000, ~0.1 s):\n"
    "                          exact, else sampled from pivots, else none (see\n"
    "                          README); the graph's metadata says which\n"
    "      --seed N            seed of Leiden, layout and pivots (default 42);\n"
    "                          same input and seed give byte-identical files\n"
    "\n"
    "reading:\n" CLI_CORPUS_HELP;

static const char merge_usage_text[] =
    "usage: entgraph merge [options] PARTIAL...\n"
    "\n"
    "Adds up the partial counts that 'entgraph build --partial FILE' wrote for\n"
    "shards of a corpus and writes the graph of the whole, as build would: the\n"
    "files are byte-identical to those of one build over the shards' inputs in\n"
    "the order the partials are given (that order decides the evidence kept and\n"
    "nothing else). The partials must have been counted with the same window,\n"
    "counting, --evidence and hierarchy options; those, the dictionary and the\n"
    "reading options are build's and are not given here.\n"
    "\n"
    "      --partial FILE      write the sum to FILE as one partial instead of a\n"
    "                          graph, to merge again with others: partials can be\n"
    "                          added up in rounds, in any grouping that keeps\n"
    "                          their order, and give the same graph\n"
    "\n"
    "options: -o/--out, -f/--format (not mentions), --json-style,\n"
    "--graphml-evidence, --view-max-nodes, --view-max-edges, the filters\n"
    "(--types, --min-count, --min-weight, --min-docs, --top-per-node,\n"
    "--top-edges, --largest-component), --size-by, --no-layout,\n"
    "--betweenness-limit, --seed, --spell-gap, --keep-isolates, --threads (here: graph files\n"
    "written at once) and -q, as for build (entgraph build --help).\n";

enum {
    OPT_JSON_STYLE = OPT_OTHER_BASE,
    OPT_GRAPHML_EVIDENCE,
    OPT_EVIDENCE,
    OPT_COUNTING,
    OPT_NO_HIERARCHY,
    OPT_TYPES,
    OPT_MIN_COUNT,
    OPT_MIN_WEIGHT,
    OPT_MIN_DOCS,
    OPT_TOP_PER_NODE,
    OPT_TOP_EDGES,
    OPT_LARGEST_COMPONENT,
    OPT_SIZE_BY,
    OPT_SEED,
    OPT_NO_LAYOUT,
    OPT_BETWEENNESS_LIMIT,
    OPT_PARTIAL,
    OPT_SPELL_GAP,
    OPT_KEEP_ISOLATES,
    OPT_LABELS,
    OPT_VIEW_MAX_NODES,
    OPT_VIEW_MAX_EDGES,
};

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

static void print_usage(FILE *fp)
{
    fputs(usage_text, fp);
    fputs(usage_text2, fp);
}

static int mkdir_p(const char *path)
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

/* What the documents, handed over in corpus order, go into. Mentions
 * come with the entity indexes of the extractor of the worker that found
 * them; they are renumbered into the linker's own entity table (by id), so
 * that the counts are the same whatever the number of workers. */
typedef struct build_state {
    eg_linker *l;
    eg_mentions_writer *mw;
    const eg_dict *registry; /* for the ancestors of an entity (part_of) */
    uint32_t **map;          /* per worker: extractor index → linker index + 1, 0 unknown */
    size_t *map_len;
    uint64_t with_text; /* documents that are not blank */
    eg_text *forms;     /* for original labels: the extractor's conversion, else NULL */
} build_state;

/* Whether surface (text of the document) is entity name in another script:
 * not the same bytes, the same number of characters, the same once
 * converted and normalised as the extractor does. */
static int is_script_form(eg_text *t, const char *surface, size_t len, const char *name)
{
    size_t nl = strlen(name);
    if ((len == nl && !memcmp(surface, name, len)) || !len) return 0;
    size_t a = 0, b = 0;
    for (size_t i = 0; i < len; i++) a += ((unsigned char)surface[i] & 0xC0) != 0x80;
    for (size_t i = 0; i < nl; i++) b += ((unsigned char)name[i] & 0xC0) != 0x80;
    if (a != b) return 0;
    char *x = NULL, *y = NULL;
    size_t xl = 0, yl = 0;
    int same = !eg_text_normalize_utf8(t, surface, len, &x, &xl) &&
               !eg_text_normalize_utf8(t, name, nl, &y, &yl) && xl == yl && !memcmp(x, y, xl);
    free(x);
    free(y);
    return same;
}

/* Copies entity e and its registry ancestors into the linker's table. */
static eg_status intern_entity(build_state *b, const eg_entity *e, uint32_t *index)
{
    eg_status st = eg_linker_intern(b->l, e, index);
    for (int depth = 0; !st && e->parent && *e->parent && depth < 64; depth++) {
        if (eg_linker_find_entity(b->l, e->parent) >= 0) break; /* its chain is in */
        long p = eg_dict_find_id(b->registry, e->parent);
        if (p < 0) break;
        e = eg_dict_entity(b->registry, (size_t)p);
        uint32_t ignored;
        st = eg_linker_intern(b->l, e, &ignored);
    }
    return st;
}

static int add_document(void *user, const cli_extracted *e)
{
    build_state *b = user;
    eg_error err = {0};
    eg_doc_mentions *dm = e->dm;
    b->with_text += !e->doc->blank;
    if (b->mw && eg_mentions_writer_add(b->mw, e->x, e->doc, dm, &err)) {
        cli_print_error(&err);
        return EXIT_FAIL;
    }
    size_t want = eg_extractor_entity_count(e->x);
    if (want > b->map_len[e->worker]) {
        uint32_t *v = realloc(b->map[e->worker], want * sizeof *v);
        if (!v) goto nomem;
        memset(v + b->map_len[e->worker], 0, (want - b->map_len[e->worker]) * sizeof *v);
        b->map[e->worker] = v;
        b->map_len[e->worker] = want;
    }
    uint32_t *map = b->map[e->worker];
    for (size_t i = 0; i < dm->n; i++) {
        uint32_t local = dm->v[i].entity;
        if (local >= want) {
            fprintf(stderr, "entgraph: error: mention of unknown entity %lu\n", (unsigned long)local);
            return EXIT_FAIL;
        }
        if (!map[local]) {
            uint32_t idx;
            if (intern_entity(b, eg_extractor_entity(e->x, local), &idx)) goto nomem;
            map[local] = idx + 1;
        }
        dm->v[i].entity = map[local] - 1;
        const eg_mention *m = &dm->v[i];
        if (b->forms && m->byte_end <= e->doc->len && m->byte_start < m->byte_end &&
            is_script_form(b->forms, e->doc->text + m->byte_start, m->byte_end - m->byte_start,
                           eg_extractor_entity(e->x, local)->name) &&
            eg_linker_add_form(b->l, m->entity, e->doc->text + m->byte_start,
                               m->byte_end - m->byte_start))
            goto nomem;
        uint32_t in = dm->v[i].within; /* 1 + index, 0 none */
        if (!in) continue;
        if (in - 1 >= want) {
            dm->v[i].within = 0;
            continue;
        }
        if (!map[in - 1]) {
            uint32_t idx;
            if (intern_entity(b, eg_extractor_entity(e->x, in - 1), &idx)) goto nomem;
            map[in - 1] = idx + 1;
        }
        dm->v[i].within = map[in - 1];
    }
    eg_link_doc ld = {dm, e->doc->id, e->doc->text, e->doc->len, e->doc->date};
    if (eg_linker_add(b->l, &ld)) goto nomem;
    return EXIT_OK;
nomem:
    fprintf(stderr, "entgraph: error: out of memory\n");
    return EXIT_FAIL;
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

static void print_summary(const eg_graph *g, uint64_t docs, uint64_t rule_mentions, size_t skipped,
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

/* Writes the chosen files into out_dir with up to `threads` threads and
 * reports each (or its error) in the order chosen; 0 when all were written. */
static int write_files(const eg_graph *g, const eg_export_options *opt, const char *out_dir,
                       const eg_exporter *const *chosen, size_t n_chosen, size_t threads,
                       int quiet)
{
    export_job jobs[8];
    pthread_t tid[8];
    size_t n_started = 0;
    int failed = 0;
    export_queue q = {.g = g, .opt = opt, .jobs = jobs, .n = n_chosen};
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

/* A build that read no document with text, or only files that did not
 * decode, fails before anything is written: a graph of nothing must not
 * replace the previous one. Prints why; 1 when so. */
static int nothing_read(const eg_reader *r, uint64_t with_text, char **inputs, int n,
                        const char *kept)
{
    size_t files = eg_reader_files_done(r), bad = eg_reader_files_undecodable(r);
    if (with_text && bad < files) return 0;
    fprintf(stderr, "entgraph build: error: ");
    if (!with_text) {
        fprintf(stderr, "no documents in ");
        for (int i = 0; i < n; i++) fprintf(stderr, "%s%s", i ? ", " : "", inputs[i]);
        if (!files)
            fprintf(stderr, " (no files: hidden files and folders are skipped)");
        else
            fprintf(stderr, " (%zu file%s, all empty or blank)", files, files == 1 ? "" : "s");
    } else {
        fprintf(stderr, "no file could be decoded (%zu file%s, each more than %d%% U+FFFD: see "
                        "the warnings above)", files, files == 1 ? "" : "s", EG_READER_BAD_PERCENT);
    }
    fprintf(stderr, "; nothing written, %s left as it was\n", kept);
    return 1;
}

/* build (merge 0) and merge (merge 1): the same output, analysis and
 * filter options; merge reads partial count files instead of a corpus. */
static int run(int argc, char **argv, int merge)
{
    const char *cmd = merge ? "merge" : "build";
    const char *partial = NULL;
    static const struct option longopts[] = {
        CLI_CORPUS_LONG_OPTIONS,
        {"out", required_argument, NULL, 'o'},
        {"window", required_argument, NULL, 'w'},
        {"format", required_argument, NULL, 'f'},
        {"json-style", required_argument, NULL, OPT_JSON_STYLE},
        {"graphml-evidence", no_argument, NULL, OPT_GRAPHML_EVIDENCE},
        {"view-max-nodes", required_argument, NULL, OPT_VIEW_MAX_NODES},
        {"view-max-edges", required_argument, NULL, OPT_VIEW_MAX_EDGES},
        {"evidence", required_argument, NULL, OPT_EVIDENCE},
        {"counting", required_argument, NULL, OPT_COUNTING},
        {"no-hierarchy", no_argument, NULL, OPT_NO_HIERARCHY},
        {"types", required_argument, NULL, OPT_TYPES},
        {"min-count", required_argument, NULL, OPT_MIN_COUNT},
        {"min-weight", required_argument, NULL, OPT_MIN_WEIGHT},
        {"min-docs", required_argument, NULL, OPT_MIN_DOCS},
        {"top-per-node", required_argument, NULL, OPT_TOP_PER_NODE},
        {"top-edges", required_argument, NULL, OPT_TOP_EDGES},
        {"largest-component", no_argument, NULL, OPT_LARGEST_COMPONENT},
        {"size-by", required_argument, NULL, OPT_SIZE_BY},
        {"seed", required_argument, NULL, OPT_SEED},
        {"no-layout", no_argument, NULL, OPT_NO_LAYOUT},
        {"betweenness-limit", required_argument, NULL, OPT_BETWEENNESS_LIMIT},
        {"partial", required_argument, NULL, OPT_PARTIAL},
        {"spell-gap", required_argument, NULL, OPT_SPELL_GAP},
        {"keep-isolates", no_argument, NULL, OPT_KEEP_ISOLATES},
        {"labels", required_argument, NULL, OPT_LABELS},
        {NULL, 0, NULL, 0},
    };
    cli_corpus_opts o;
    const char *out_dir = "output", *formats = "graphml,json";
    eg_link_options link = eg_link_defaults();
    eg_analyze_options analyze = eg_analyze_defaults();
    eg_export_options export_opt = {0};
    eg_filter filter;
    uint64_t num;
    uint32_t spell_gap = 1;
    size_t isolates_dropped = 0;
    int canonical_labels = 0;
    int c, rc = EXIT_FAIL, want_mentions = 0;
    eg_mentions_writer *mw = NULL;
    char *mentions_path = NULL;
    build_state state;
    eg_extractor **workers = NULL;
    eg_dict *dict = NULL;
    eg_extractor *x = NULL;
    eg_reader *r = NULL;
    eg_linker *l = NULL;
    eg_graph g;
    eg_error err = {0};
    const eg_exporter *chosen[8];
    size_t n_chosen = 0;
    uint64_t rule_mentions = 0;
    char *fmt_copy = NULL;
    eg_status st_note; /* of a step shown with cli_note */
    memset(&filter, 0, sizeof filter);
    filter.isolates_dropped = &isolates_dropped;
    memset(&state, 0, sizeof state);
    eg_graph_init(&g);
    cli_corpus_init(&o);
    optind = 1;
    while ((c = getopt_long(argc, argv, CLI_CORPUS_SHORT_OPTIONS "o:w:f:", longopts, NULL)) != -1) {
        if (merge && c != 'q' && c != 'h' && c != 'o' && c != 'f' && c != '?' &&
            ((c < OPT_OTHER_BASE && c != OPT_THREADS) || c == OPT_EVIDENCE || c == OPT_COUNTING || c == OPT_NO_HIERARCHY ||
             c == OPT_LABELS)) {
            fprintf(stderr, "entgraph merge: error: the dictionary, reading, window, counting, "
                            "evidence, hierarchy and label options are build's: the partial files hold "
                            "what build counted with them\n");
            rc = EXIT_USAGE;
            goto done;
        }
        int h = cli_corpus_option(&o, c, optarg);
        if (h < 0) {
            rc = EXIT_USAGE;
            goto done;
        }
        if (h) continue;
        switch (c) {
        case 'h':
            if (merge) fputs(merge_usage_text, stdout);
            else print_usage(stdout);
            rc = EXIT_OK;
            goto done;
        case 'o': out_dir = optarg; break;
        case OPT_PARTIAL: partial = optarg; break;
        case 'f': formats = optarg; break;
        case 'w':
            if (eg_window_parse(optarg, &link.window, &link.chars)) {
                fprintf(stderr, "entgraph build: error: unknown window '%s' (sentence, paragraph, "
                                "document, chars:N with N from 1 to 1000000)\n",
                        optarg);
                rc = EXIT_USAGE;
                goto done;
            }
            break;
        case OPT_JSON_STYLE:
            if (eg_json_style_parse(optarg, &export_opt.json_style)) {
                fprintf(stderr, "entgraph build: error: --json-style takes node-link, graphology "
                                "or cytoscape, not '%s'\n", optarg);
                rc = EXIT_USAGE;
                goto done;
            }
            break;
        case OPT_GRAPHML_EVIDENCE: export_opt.graphml_evidence = 1; break;
        case OPT_COUNTING:
            if (strcmp(optarg, "full") && strcmp(optarg, "fractional")) {
                fprintf(stderr, "entgraph build: error: --counting takes full or fractional, not '%s'\n",
                        optarg);
                rc = EXIT_USAGE;
                goto done;
            }
            link.fractional = !strcmp(optarg, "fractional");
            break;
        case OPT_NO_HIERARCHY: link.hierarchy = 0; break;
        case OPT_TYPES: filter.types = optarg; break;
        case OPT_LARGEST_COMPONENT: filter.largest_component = 1; break;
        case OPT_SIZE_BY:
            if (strcmp(optarg, "pagerank") && strcmp(optarg, "count")) {
                fprintf(stderr, "entgraph build: error: --size-by takes pagerank or count, not '%s'\n",
                        optarg);
                rc = EXIT_USAGE;
                goto done;
            }
            analyze.size_by_count = !strcmp(optarg, "count");
            break;
        case OPT_MIN_WEIGHT: {
            char *end;
            filter.min_weight = strtod(optarg, &end);
            if (!*optarg || *end || !(filter.min_weight >= 0) || filter.min_weight > 1e300) {
                fprintf(stderr, "entgraph build: error: --min-weight takes a number >= 0, not '%s'\n",
                        optarg);
                rc = EXIT_USAGE;
                goto done;
            }
            break;
        }
        case OPT_NO_LAYOUT: analyze.layout = 0; break;
        case OPT_KEEP_ISOLATES: filter.keep_isolates = 1; break;
        case OPT_LABELS:
            if (strcmp(optarg, "original") && strcmp(optarg, "canonical")) {
                fprintf(stderr, "entgraph build: error: --labels takes original or canonical, not '%s'\n",
                        optarg);
                rc = EXIT_USAGE;
                goto done;
            }
            canonical_labels = !strcmp(optarg, "canonical");
            break;
        case OPT_BETWEENNESS_LIMIT:
        case OPT_SPELL_GAP:
        case OPT_EVIDENCE:
        case OPT_MIN_COUNT:
        case OPT_MIN_DOCS:
        case OPT_TOP_PER_NODE:
        case OPT_TOP_EDGES:
        case OPT_VIEW_MAX_NODES:
        case OPT_VIEW_MAX_EDGES:
        case OPT_SEED: {
            const char *name = c == OPT_VIEW_MAX_NODES ? "--view-max-nodes"
                               : c == OPT_VIEW_MAX_EDGES ? "--view-max-edges"
                               : c == OPT_BETWEENNESS_LIMIT ? "--betweenness-limit"
                               : c == OPT_SPELL_GAP ? "--spell-gap"
                               : c == OPT_EVIDENCE ? "--evidence" : c == OPT_MIN_COUNT ? "--min-count"
                               : c == OPT_MIN_DOCS ? "--min-docs" : c == OPT_TOP_PER_NODE ? "--top-per-node"
                               : c == OPT_TOP_EDGES ? "--top-edges" : "--seed";
            if (parse_count(name, optarg, &num)) {
                rc = EXIT_USAGE;
                goto done;
            }
            if (c == OPT_BETWEENNESS_LIMIT) analyze.betweenness_limit = num > SIZE_MAX ? SIZE_MAX : (size_t)num;
            else if (c == OPT_EVIDENCE) link.evidence = (size_t)num;
            else if (c == OPT_SPELL_GAP) {
                if (num < 1 || num > 100000) {
                    fprintf(stderr, "entgraph %s: error: --spell-gap takes a number of days from 1 "
                                    "to 100000, not '%s'\n", cmd, optarg);
                    rc = EXIT_USAGE;
                    goto done;
                }
                spell_gap = (uint32_t)num;
            }
            else if (c == OPT_MIN_COUNT) filter.min_count = num;
            else if (c == OPT_MIN_DOCS) filter.min_docs = num;
            else if (c == OPT_TOP_PER_NODE) filter.top_per_node = (size_t)num;
            else if (c == OPT_TOP_EDGES) filter.top_edges = (size_t)num;
            else if (c == OPT_VIEW_MAX_NODES) export_opt.view_max_nodes = num > SIZE_MAX ? SIZE_MAX : (size_t)num;
            else if (c == OPT_VIEW_MAX_EDGES) export_opt.view_max_edges = num > SIZE_MAX ? SIZE_MAX : (size_t)num;
            else analyze.seed = num;
            break;
        }
        default:
            if (merge) fputs(merge_usage_text, stderr);
            else print_usage(stderr);
            rc = EXIT_USAGE;
            goto done;
        }
    }
    if (optind >= argc) {
        if (merge) {
            fprintf(stderr, "entgraph merge: error: no partial files (from entgraph build --partial)\n");
            fputs(merge_usage_text, stderr);
        } else {
            fprintf(stderr, "entgraph build: error: no input (give files, folders, or - for stdin)\n");
            print_usage(stderr);
        }
        rc = EXIT_USAGE;
        goto done;
    }
    fmt_copy = strdup(formats);
    if (!fmt_copy) goto done;
    for (char *save = NULL, *tok = strtok_r(fmt_copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
        const eg_exporter *e = eg_exporter_find(tok);
        if (!strcmp(tok, "mentions") && !merge) { /* streamed while reading, not a graph exporter */
            want_mentions = 1;
            continue;
        }
        if (!e) {
            fprintf(stderr, "entgraph %s: error: unknown format '%s' (known:", cmd, tok);
            for (const eg_exporter *k = eg_exporters(); k->name; k++) fprintf(stderr, " %s", k->name);
            fprintf(stderr, "%s)\n", merge ? "" : " mentions");
            rc = EXIT_USAGE;
            goto done;
        }
        int dup = 0;
        for (size_t k = 0; k < n_chosen; k++) dup |= chosen[k] == e;
        if (!dup && n_chosen < 8) chosen[n_chosen++] = e;
    }
    /* the binary form goes with the JSON, so that query loads fast */
    for (size_t k = 0; k < n_chosen; k++)
        if (!strcmp(chosen[k]->name, "json")) {
            const eg_exporter *egb = eg_exporter_find("egb");
            int have = 0;
            for (size_t j = 0; j < n_chosen; j++) have |= chosen[j] == egb;
            if (!have && n_chosen < 8) chosen[n_chosen++] = egb;
            break;
        }
    if (!n_chosen && !want_mentions) {
        fprintf(stderr, "entgraph %s: error: --format is empty\n", cmd);
        rc = EXIT_USAGE;
        goto done;
    }

    if (merge) {
        /* argument order is corpus order: evidence and dates follow it */
        for (int i = optind; i < argc; i++) {
            cli_note(o.quiet, "reading partial %d of %d: %s", i - optind + 1, argc - optind, argv[i]);
            eg_status st = i == optind ? eg_linker_load_partial(&l, argv[i], &err)
                                       : eg_linker_merge_partial(l, argv[i], &err);
            if (st) {
                cli_note_end(o.quiet);
                cli_print_error(&err);
                goto done;
            }
        }
        rule_mentions = eg_linker_rule_mentions(l);
    } else {
        /* the inputs first: their problems before the dictionary's seconds */
        if (cli_open_reader(&o, "build", (const char *const *)argv + optind,
                            (size_t)(argc - optind), &r))
            goto done;
        if (cli_open_extractor(&o, &dict, &x)) goto done;
        if (want_mentions) {
            if (mkdir_p(out_dir)) {
                fprintf(stderr, "%s: error: cannot create output folder: %s\n", out_dir, strerror(errno));
                goto done;
            }
            size_t len = strlen(out_dir) + sizeof "/mentions.jsonl";
            if (!(mentions_path = malloc(len))) goto done;
            snprintf(mentions_path, len, "%s/mentions.jsonl", out_dir);
            if (eg_mentions_writer_open(&mw, mentions_path, &err)) {
                cli_print_error(&err);
                goto done;
            }
        }
        if (eg_linker_new(&l, &link)) {
            fprintf(stderr, "entgraph: error: out of memory\n");
            goto done;
        }
        if (cli_open_workers(&o, x, &workers)) goto done;
        state.l = l;
        state.mw = mw;
        state.registry = eg_extractor_dict(x); /* the registry, also when compiled */
        if (!canonical_labels && o.extract.convert != EG_CONVERT_NONE &&
            (eg_text_new(&state.forms, &err) || eg_text_set_convert(state.forms, o.extract.convert, &err))) {
            cli_print_error(&err);
            goto done;
        }
        state.map = calloc(o.threads, sizeof *state.map);
        state.map_len = calloc(o.threads, sizeof *state.map_len);
        if (!state.map || !state.map_len) {
            fprintf(stderr, "entgraph: error: out of memory\n");
            goto done;
        }
        cli_progress prog;
        cli_progress_start(&prog, o.quiet, eg_reader_total_bytes(r));
        int run = cli_extract_corpus(&o, workers, r, &prog, add_document, &state);
        cli_progress_end(&prog);
        if (run) goto done;
        if (nothing_read(r, state.with_text, argv + optind, argc - optind, partial ? partial : out_dir))
            goto done;
        rule_mentions = eg_linker_rule_mentions(l);
    }
    if (partial) {
        cli_note(o.quiet, "writing %s", partial);
        st_note = eg_linker_save_partial(l, partial, &err);
        cli_note_end(o.quiet);
        if (st_note) {
            cli_print_error(&err);
            goto done;
        }
        if (mw) {
            eg_status st = eg_mentions_writer_commit(mw, &err);
            mw = NULL;
            if (st) {
                cli_print_error(&err);
                goto done;
            }
        }
        if (!o.quiet) {
            size_t skipped = r ? eg_reader_skipped(r) : 0;
            printf("documents: %llu\n", (unsigned long long)eg_linker_documents(l));
            if (skipped) printf("skipped:   %zu input%s that could not be read\n", skipped, skipped == 1 ? "" : "s");
            printf("mentions:  %llu (%llu found by rules)\nwrote %s\n",
                   (unsigned long long)eg_linker_mentions(l), (unsigned long long)rule_mentions, partial);
        }
        rc = EXIT_OK;
        goto done;
    }
    cli_note(o.quiet, "building the graph");
    eg_linker_set_spell_gap(l, spell_gap);
    st_note = eg_linker_graph(l, eg_linker_entity, eg_linker_find_entity, l, &g, &err);
    if (!st_note && (st_note = eg_graph_filter(&g, &filter)))
        snprintf(err.message, sizeof err.message, "out of memory");
    if (!st_note) {
        cli_note(o.quiet, "analysing the graph: %zu nodes, %zu edges (PageRank, betweenness, communities, k-cores%s)",
                 g.n_nodes, g.n_edges, analyze.layout ? ", layout" : "");
        st_note = eg_graph_analyze(&g, &analyze, &err);
    }
    cli_note_end(o.quiet);
    if (st_note) {
        cli_print_error(&err);
        goto done;
    }
    if (mkdir_p(out_dir)) {
        fprintf(stderr, "%s: error: cannot create output folder: %s\n", out_dir, strerror(errno));
        goto done;
    }
    if (!o.quiet) print_summary(&g, eg_linker_documents(l), rule_mentions, r ? eg_reader_skipped(r) : 0,
                                isolates_dropped);
    if (mw) {
        eg_status st = eg_mentions_writer_commit(mw, &err);
        mw = NULL;
        if (st) {
            cli_print_error(&err);
            goto done;
        }
        if (!o.quiet) printf("wrote %s\n", mentions_path);
    }
    if (write_files(&g, &export_opt, out_dir, chosen, n_chosen, o.threads, o.quiet)) goto done;
    rc = EXIT_OK;
done:
    eg_mentions_writer_abort(mw);
    free(mentions_path);
    free(fmt_copy);
    for (size_t i = 0; state.map && i < o.threads; i++) free(state.map[i]);
    free(state.map);
    free(state.map_len);
    eg_text_free(state.forms);
    cli_close_workers(&o, workers);
    eg_reader_free(r);
    eg_linker_free(l);
    eg_extractor_free(x);
    eg_dict_free(dict);
    eg_graph_destroy(&g);
    cli_corpus_destroy(&o);
    return rc;
}

int cmd_build(int argc, char **argv) { return run(argc, argv, 0); }
int cmd_merge(int argc, char **argv) { return run(argc, argv, 1); }
