/* entgraph build: corpus → graph files. */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "entgraph/export.h"
#include "entgraph/graph.h"
#include "entgraph/linker.h"

static const char usage_text[] =
    "usage: entgraph build [options] INPUT...\n"
    "\n"
    "Reads the documents (files, folders read recursively, - for stdin; .jsonl\n"
    "files hold one {\"id\",\"text\",\"title\",\"date\",\"source\"} document per\n"
    "line; text files over 4 MiB are read in parts cut at paragraph ends) in any\n"
    "encoding (see --encoding), finds the people, organisations and places they\n"
    "mention, links entities mentioned in the same window, and writes the graph\n"
    "to OUT/graph.<format>.\n"
    "\n"
    "options:\n"
    "  -o, --out DIR           output folder (default: output; created if missing)\n"
    "  -w, --window W          co-occurrence window: sentence (default), paragraph,\n"
    "                          document\n"
    "  -f, --format LIST       comma-separated formats: graphml,json (default both)\n" CLI_CORPUS_HELP;

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

static const eg_entity *entity_of(void *user, uint32_t i)
{
    return eg_extractor_entity(user, i);
}

static int by_count_desc(const void *a, const void *b, const eg_graph *g)
{
    const eg_node *x = &g->nodes[*(const uint32_t *)a], *y = &g->nodes[*(const uint32_t *)b];
    if (x->count != y->count) return x->count > y->count ? -1 : 1;
    return strcmp(x->id, y->id);
}

/* qsort has no user pointer in C11: sort by insertion over a small top list. */
static size_t top_by_count(const eg_graph *g, uint32_t *top, size_t k)
{
    size_t n = 0;
    for (uint32_t i = 0; i < g->n_nodes; i++) {
        size_t pos = n;
        while (pos > 0 && by_count_desc(&i, &top[pos - 1], g) < 0) pos--;
        if (pos >= k) continue;
        if (n < k) n++;
        memmove(top + pos + 1, top + pos, (n - 1 - pos) * sizeof *top);
        top[pos] = i;
    }
    return n;
}

static void print_summary(const eg_graph *g, uint64_t docs, uint64_t rule_mentions)
{
    printf("documents: %llu\n", (unsigned long long)docs);
    printf("mentions:  %llu (%llu found by rules)\n", (unsigned long long)g->n_mentions,
           (unsigned long long)rule_mentions);
    /* nodes by type, types in byte order */
    const char *types[32];
    size_t counts[32], nt = 0, other = 0;
    for (size_t i = 0; i < g->n_nodes; i++) {
        size_t k = 0;
        while (k < nt && strcmp(types[k], g->nodes[i].type)) k++;
        if (k == nt) {
            if (nt == 32) {
                other++;
                continue;
            }
            types[nt] = g->nodes[i].type;
            counts[nt++] = 0;
        }
        counts[k]++;
    }
    for (size_t a = 0; a < nt; a++)
        for (size_t b = a + 1; b < nt; b++)
            if (strcmp(types[b], types[a]) < 0) {
                const char *t = types[a];
                types[a] = types[b];
                types[b] = t;
                size_t c = counts[a];
                counts[a] = counts[b];
                counts[b] = c;
            }
    printf("nodes:     %zu (", g->n_nodes);
    for (size_t k = 0; k < nt; k++) printf("%s%s %zu", k ? ", " : "", types[k], counts[k]);
    if (other) printf(", other %zu", other);
    printf(")\n");
    printf("edges:     %zu (window: %s)\n", g->n_edges, g->window ? g->window : "?");
    uint32_t top[10];
    size_t n = top_by_count(g, top, 10);
    if (n) printf("top entities by mentions:\n");
    for (size_t i = 0; i < n; i++) {
        const eg_node *v = &g->nodes[top[i]];
        printf("  %2zu. %s (%s) %llu mentions, degree %.0f\n", i + 1, v->label, v->type,
               (unsigned long long)v->count, v->degree);
    }
}

int cmd_build(int argc, char **argv)
{
    static const struct option longopts[] = {
        CLI_CORPUS_LONG_OPTIONS,
        {"out", required_argument, NULL, 'o'},
        {"window", required_argument, NULL, 'w'},
        {"format", required_argument, NULL, 'f'},
        {NULL, 0, NULL, 0},
    };
    cli_corpus_opts o;
    const char *out_dir = "output", *formats = "graphml,json";
    eg_window window = EG_WINDOW_SENTENCE;
    int c, rc = EXIT_FAIL;
    eg_dict *dict = NULL;
    eg_extractor *x = NULL;
    eg_reader *r = NULL;
    eg_linker *l = NULL;
    eg_doc_mentions dm = {0};
    eg_graph g;
    eg_error err = {0};
    const eg_exporter *chosen[8];
    size_t n_chosen = 0;
    uint64_t rule_mentions = 0;
    char *fmt_copy = NULL;
    eg_graph_init(&g);
    cli_corpus_init(&o);
    optind = 1;
    while ((c = getopt_long(argc, argv, CLI_CORPUS_SHORT_OPTIONS "o:w:f:", longopts, NULL)) != -1) {
        int h = cli_corpus_option(&o, c, optarg);
        if (h < 0) {
            rc = EXIT_USAGE;
            goto done;
        }
        if (h) continue;
        switch (c) {
        case 'h':
            fputs(usage_text, stdout);
            rc = EXIT_OK;
            goto done;
        case 'o': out_dir = optarg; break;
        case 'f': formats = optarg; break;
        case 'w':
            if (eg_window_parse(optarg, &window)) {
                fprintf(stderr, "entgraph build: error: unknown window '%s' (sentence, paragraph, document)\n",
                        optarg);
                rc = EXIT_USAGE;
                goto done;
            }
            break;
        default:
            fputs(usage_text, stderr);
            rc = EXIT_USAGE;
            goto done;
        }
    }
    if (optind >= argc) {
        fprintf(stderr, "entgraph build: error: no input (give files, folders, or - for stdin)\n");
        fputs(usage_text, stderr);
        rc = EXIT_USAGE;
        goto done;
    }
    fmt_copy = strdup(formats);
    if (!fmt_copy) goto done;
    for (char *save = NULL, *tok = strtok_r(fmt_copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
        const eg_exporter *e = eg_exporter_find(tok);
        if (!e) {
            fprintf(stderr, "entgraph build: error: unknown format '%s' (known:", tok);
            for (const eg_exporter *k = eg_exporters(); k->name; k++) fprintf(stderr, " %s", k->name);
            fprintf(stderr, ")\n");
            rc = EXIT_USAGE;
            goto done;
        }
        int dup = 0;
        for (size_t k = 0; k < n_chosen; k++) dup |= chosen[k] == e;
        if (!dup && n_chosen < 8) chosen[n_chosen++] = e;
    }
    if (!n_chosen) {
        fprintf(stderr, "entgraph build: error: --format is empty\n");
        rc = EXIT_USAGE;
        goto done;
    }

    if (cli_load_dict(&o, &dict)) goto done;
    if (eg_extractor_new(&x, dict, &o.extract, &err) || eg_linker_new(&l, window) ||
        eg_reader_new(&r, (const char *const *)argv + optind, (size_t)(argc - optind),
                      &o.reader, &err)) {
        if (!err.message[0]) snprintf(err.message, sizeof err.message, "out of memory");
        cli_print_error(&err);
        goto done;
    }
    cli_progress prog;
    cli_progress_start(&prog, o.quiet, eg_reader_total_bytes(r));
    for (;;) {
        eg_doc doc;
        if (eg_reader_next(r, &doc, &err)) {
            cli_progress_end(&prog);
            cli_print_error(&err);
            goto done;
        }
        cli_reader_reports(&o, r, &prog);
        if (!doc.text) break;
        if (eg_extractor_run(x, doc.text, doc.len, &dm, &err) ||
            eg_linker_add_document(l, dm.v, dm.n)) {
            cli_progress_end(&prog);
            if (!err.message[0]) snprintf(err.message, sizeof err.message, "out of memory");
            cli_print_error(&err);
            goto done;
        }
        for (size_t i = 0; i < dm.n; i++) rule_mentions += dm.v[i].rule != 0;
        cli_progress_update(&prog, eg_reader_bytes_read(r));
    }
    cli_progress_end(&prog);
    if (eg_linker_graph(l, entity_of, x, &g, &err) || eg_graph_analyze(&g, &err)) {
        cli_print_error(&err);
        goto done;
    }
    if (mkdir_p(out_dir)) {
        fprintf(stderr, "%s: error: cannot create output folder: %s\n", out_dir, strerror(errno));
        goto done;
    }
    if (!o.quiet) print_summary(&g, eg_linker_documents(l), rule_mentions);
    for (size_t k = 0; k < n_chosen; k++) {
        size_t len = strlen(out_dir) + strlen(chosen[k]->extension) + 8;
        char *path = malloc(len);
        if (!path) goto done;
        snprintf(path, len, "%s/graph%s", out_dir, chosen[k]->extension);
        eg_status st = chosen[k]->write(&g, path, &err);
        if (!st && !o.quiet) printf("wrote %s\n", path);
        free(path);
        if (st) {
            cli_print_error(&err);
            goto done;
        }
    }
    rc = EXIT_OK;
done:
    free(fmt_copy);
    eg_doc_mentions_destroy(&dm);
    eg_reader_free(r);
    eg_linker_free(l);
    eg_extractor_free(x);
    eg_dict_free(dict);
    eg_graph_destroy(&g);
    cli_corpus_destroy(&o);
    return rc;
}
