/* entgraph query GRAPH SUBCOMMAND …: answers from a built graph. */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "buf.h"
#include "cli.h"
#include "entgraph/export.h"
#include "entgraph/graph.h"
#include "entgraph/graph_map.h"
#include "entgraph/query.h"
#include "entgraph/text.h"
#include "util.h"

#define DEFAULT_LIMIT 10
#define MAX_CANDIDATES 20 /* ambiguous names: how many candidates to list */
#define MAX_SUGGESTIONS 5 /* unknown names: how many close names to offer */

static const char usage_text[] =
    "usage: entgraph query GRAPH stats\n"
    "       entgraph query GRAPH top [--by MEASURE] [--type T] [-n N]\n"
    "       entgraph query GRAPH neighbors NAME [--type T] [-n N] [--min-weight W]\n"
    "       entgraph query GRAPH path A B [--max-len L] [--weighted]\n"
    "       entgraph query GRAPH explain A B\n"
    "       entgraph query GRAPH ego NAME [--depth D] -o FILE [--json-style S]\n"
    "       entgraph query GRAPH find TEXT [-n N]\n"
    "  (every subcommand also takes --json or --tsv)\n";

static const char help_text[] =
    "\n"
    "Answers questions about a graph written by 'entgraph build'. GRAPH is its\n"
    "graph.json, graph.graphml or graph.egb; given graph.json, the graph.egb\n"
    "beside it is read instead when it is at least as new (it loads much faster).\n"
    "\n"
    "subcommands:\n"
    "  stats            nodes and edges by type and kind, components,\n"
    "                   communities, density\n"
    "  top              entities ranked by a measure, highest first\n"
    "  neighbors NAME   entities linked to NAME, strongest link first\n"
    "  path A B         a shortest path from A to B, with each edge's weight:\n"
    "                   fewest edges, or with --weighted the least total 1/weight\n"
    "  explain A B      the evidence linking A and B: documents and sentences\n"
    "  ego NAME         the entities at most --depth edges from NAME, and the\n"
    "                   edges between them, written to FILE in the format its\n"
    "                   name says (.graphml, .json, .gexf, .egb, or a .csv name\n"
    "                   containing 'nodes')\n"
    "  find TEXT        entities whose id, name or an alias contains TEXT\n"
    "NAME, A and B are an entity id, its canonical name or one of its aliases;\n"
    "a name several entities share lists them, an unknown one suggests close names.\n"
    "\n"
    "options:\n";

/* After the line of --by, which names the measures (by_help). */
static const char help_options[] =
    "  --type TYPE      only entities of this type (PER, ORG, LOC, ...)\n"
    "  -n N             show at most N rows (default 10, find 20; 0 for all)\n"
    "  --min-weight W   only links of weight W or more (neighbors)\n"
    "  --max-len L      paths of at most L edges (path)\n"
    "  --weighted       strong links make short paths (path)\n"
    "  --depth D        hops from NAME (ego; default 1)\n"
    "  -o FILE          where ego writes the neighbourhood; the format follows the\n"
    "                   extension: .graphml .json .gexf .egb .csv, .html (a page\n"
    "                   to explore it in a browser) or .svg (a picture)\n"
    "  --json-style S   node-link (default), graphology or cytoscape (ego to .json)\n"
    "  --json           one JSON document instead of a table\n"
    "  --tsv            tab-separated rows without a header, for scripts\n"
    "  -h, --help       show this help\n"
    "\n"
    "Tables align Chinese text by display width. Ties are broken by name, then\n"
    "id, so answers are the same on every run.\n"
    "exit status: 0 ok, 1 bad input, unknown or ambiguous name, or no path;\n"
    "2 usage error\n";

enum output { OUT_TABLE, OUT_JSON, OUT_TSV };

typedef struct query_args {
    const char *graph_path;
    const char *subcommand;
    const char *pos[2]; /* NAME / A B / TEXT */
    int n_pos;
    const char *by, *type, *out_file, *json_style;
    size_t limit;
    int limit_given;
    double min_weight;
    size_t max_len, depth;
    int weighted;
    enum output output;
} query_args;

#if defined(__GNUC__)
__attribute__((format(printf, 1, 2)))
#endif
static int usage_error(const char *fmt, ...)
{
    va_list ap;
    fputs("entgraph query: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    fputs(usage_text, stderr);
    return EXIT_USAGE;
}

/* "N": decimal digits only. */
static int parse_size(const char *s, size_t *out)
{
    if (!*s || strspn(s, "0123456789") != strlen(s)) return -1;
    errno = 0;
    unsigned long long v = strtoull(s, NULL, 10);
    if (errno || v > SIZE_MAX) return -1;
    *out = (size_t)v;
    return 0;
}

static const struct sub {
    const char *name;
    int min_pos, max_pos; /* positional arguments after the subcommand */
    const char *needs;
} subs[] = {
    {"stats", 0, 0, ""},          {"top", 0, 0, ""},        {"neighbors", 1, 1, "a NAME"},
    {"path", 2, 2, "two names"},  {"explain", 2, 2, "two names"}, {"ego", 1, 1, "a NAME"},
    {"find", 1, 1, "a TEXT"},
};

/* The measures 'top --by' takes, as the library numbers them: "a, b or
 * c"; with_default marks pagerank "(default)". Into buf (n bytes). */
static const char *measure_names(char *buf, size_t n, int with_default)
{
    size_t used = 0;
    unsigned count = eg_measure_count();
    buf[0] = '\0';
    for (unsigned m = 0; m < count && used < n; m++) {
        const char *sep = !m ? "" : m + 1 == count ? " or " : ", ";
        int k = snprintf(buf + used, n - used, "%s%s%s", sep, eg_measure_name((eg_measure)m),
                         with_default && m == EG_MEASURE_PAGERANK ? " (default)" : "");
        if (k < 0) break;
        used += (size_t)k;
    }
    return buf;
}

/* The help's line for --by: the measures' names, wrapped under the
 * description column. */
static void by_help(FILE *out)
{
    char names[512], *word;
    size_t col;
    const size_t indent = 19, width = 77;
    size_t used = strlen(measure_names(names, sizeof names - 8, 1));
    snprintf(names + used, sizeof names - used, " (top)");
    fputs("  --by MEASURE     ", out);
    col = indent;
    for (char *p = names; (word = strtok(p, " ")); p = NULL) {
        size_t len = strlen(word);
        if (col > indent && col + 1 + len > width) {
            fprintf(out, "\n%*s", (int)indent, "");
            col = indent;
        } else if (col > indent) {
            fputc(' ', out);
            col++;
        }
        fputs(word, out);
        col += len;
    }
    fputc('\n', out);
}

/* Options with a value: name, and where it goes. */
static int option_value(query_args *a, const char *opt, const char *value)
{
    if (!strcmp(opt, "--by")) {
        eg_measure m;
        if (eg_measure_parse(value, &m)) {
            char names[512];
            return usage_error("--by takes %s, not '%s'", measure_names(names, sizeof names, 0), value);
        }
        a->by = value;
    } else if (!strcmp(opt, "--type")) {
        a->type = value;
    } else if (!strcmp(opt, "-n")) {
        if (parse_size(value, &a->limit)) return usage_error("-n takes a number of rows, not '%s'", value);
        a->limit_given = 1;
    } else if (!strcmp(opt, "--min-weight")) {
        char *end;
        a->min_weight = strtod(value, &end);
        if (!*value || *end || !(a->min_weight >= 0))
            return usage_error("--min-weight takes a number >= 0, not '%s'", value);
    } else if (!strcmp(opt, "--max-len")) {
        if (parse_size(value, &a->max_len)) return usage_error("--max-len takes a number, not '%s'", value);
    } else if (!strcmp(opt, "--depth")) {
        if (parse_size(value, &a->depth)) return usage_error("--depth takes a number, not '%s'", value);
    } else if (!strcmp(opt, "-o")) {
        a->out_file = value;
    } else if (!strcmp(opt, "--json-style")) {
        eg_json_style st;
        if (eg_json_style_parse(value, &st))
            return usage_error("--json-style takes node-link, graphology or cytoscape, not '%s'", value);
        a->json_style = value;
    } else {
        return usage_error("unknown option '%s'", opt);
    }
    return -1;
}

/* Fills a from argv; returns -1 when all is well, else the exit status. */
static int parse_args(int argc, char **argv, query_args *a)
{
    static const char *const valued[] = {"--by", "--type", "-n", "--min-weight", "--max-len",
                                         "--depth", "-o", "--json-style"};
    const char *positional[5];
    int n_pos = 0, options_done = 0, rc;
    memset(a, 0, sizeof *a);
    a->limit = DEFAULT_LIMIT;
    a->depth = 1;
    for (int i = 1; i < argc && strcmp(argv[i], "--"); i++) {
        if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
            fputs(usage_text, stdout);
            fputs(help_text, stdout);
            by_help(stdout);
            fputs(help_options, stdout);
            return EXIT_OK;
        }
    }
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        if (options_done || arg[0] != '-' || !arg[1]) {
            if (n_pos == 5) return usage_error("unexpected argument '%s'", arg);
            positional[n_pos++] = arg;
            continue;
        }
        if (!strcmp(arg, "--")) {
            options_done = 1;
        } else if (!strcmp(arg, "--json")) {
            a->output = OUT_JSON;
        } else if (!strcmp(arg, "--tsv")) {
            a->output = OUT_TSV;
        } else if (!strcmp(arg, "--weighted")) {
            a->weighted = 1;
        } else {
            size_t len = strcspn(arg, "=");
            const char *value = NULL;
            int known = 0;
            for (size_t k = 0; k < sizeof valued / sizeof *valued; k++)
                if (strlen(valued[k]) == len && !strncmp(arg, valued[k], len)) known = 1;
            if (!known && !strncmp(arg, "-n", 2) && arg[2]) { /* -n5 */
                len = 2;
                known = 1;
                value = arg + 2;
            }
            if (!known) return usage_error("unknown option '%s'", arg);
            char opt[16];
            snprintf(opt, sizeof opt, "%.*s", (int)len, arg);
            if (!value && arg[len] == '=') value = arg + len + 1;
            if (!value) {
                if (i + 1 >= argc) return usage_error("option '%s' needs a value", arg);
                value = argv[++i];
            }
            if ((rc = option_value(a, opt, value)) >= 0) return rc;
        }
    }
    if (n_pos < 1) return usage_error("%s", "missing GRAPH");
    if (n_pos < 2) return usage_error("%s", "missing subcommand");
    a->graph_path = positional[0];
    a->subcommand = positional[1];
    const struct sub *s = NULL;
    for (size_t k = 0; k < sizeof subs / sizeof *subs; k++)
        if (!strcmp(subs[k].name, a->subcommand)) s = &subs[k];
    if (!s)
        return usage_error("unknown subcommand '%s' (stats, top, neighbors, path, explain, ego, find)",
                           a->subcommand);
    if (n_pos - 2 < s->min_pos) return usage_error("%s needs %s", s->name, s->needs);
    if (n_pos - 2 > s->max_pos) return usage_error("unexpected argument '%s'", positional[2 + s->max_pos]);
    for (int k = 2; k < n_pos; k++) a->pos[k - 2] = positional[k];
    a->n_pos = n_pos - 2;
    if (a->by && strcmp(s->name, "top")) return usage_error("%s", "--by only applies to 'top'");
    if (!strcmp(s->name, "ego") && !a->out_file) return usage_error("%s", "ego needs -o FILE");
    if (!strcmp(s->name, "find") && !a->limit_given) a->limit = 20;
    return -1;
}

/* --- output helpers ---------------------------------------------------- */

/* Decodes one code point, leniently: a bad byte is U+FFFD and one byte. */
/* The code point at s (NUL-terminated), by the library's one UTF-8 codec
 * (eg__utf8_next: one U+FFFD per maximal subpart); *bad says it was
 * ill-formed rather than a U+FFFD written in the text. */
static size_t next_cp(const unsigned char *s, uint32_t *cp, int *bad)
{
    size_t k = eg__utf8_next(s, strnlen((const char *)s, 4), cp);
    *bad = eg__utf8_was_bad(s, k, *cp);
    return k;
}

static int is_control(uint32_t cp)
{
    return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F);
}

/* Display width of s as print_cell() shows it (controls as '?'). */
static size_t display_width(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t w = 0;
    while (*p) {
        uint32_t cp;
        int bad;
        p += next_cp(p, &cp, &bad);
        w += is_control(cp) ? 1 : (size_t)eg_text_cp_width(cp);
    }
    return w;
}

/* Prints s with control characters as c (so that a stray newline or tab
 * cannot break a table or a TSV row). */
static void print_clean(const char *s, char c)
{
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        uint32_t cp;
        int bad;
        size_t k = next_cp(p, &cp, &bad);
        if (is_control(cp))
            putchar(c);
        else if (bad)
            fputs("\xEF\xBF\xBD", stdout);
        else
            fwrite(p, 1, k, stdout);
        p += k;
    }
}

static void print_cell(const char *s, size_t width, int right)
{
    size_t w = display_width(s);
    size_t pad = width > w ? width - w : 0;
    if (right)
        for (size_t i = 0; i < pad; i++) putchar(' ');
    print_clean(s, '?');
    if (!right)
        for (size_t i = 0; i < pad; i++) putchar(' ');
}

/* A table of rows × cols cells (row 0 is the header); right[c]
 * right-aligns column c. As TSV, the header is left out. */
static void print_rows(const char *const *cells, size_t rows, size_t cols, const int *right,
                       enum output out)
{
    if (out == OUT_TSV) {
        for (size_t r = 1; r < rows; r++) {
            for (size_t c = 0; c < cols; c++) {
                if (c) putchar('\t');
                print_clean(cells[r * cols + c], ' ');
            }
            putchar('\n');
        }
        return;
    }
    size_t width[8] = {0};
    for (size_t r = 0; r < rows; r++)
        for (size_t c = 0; c < cols; c++) {
            size_t w = display_width(cells[r * cols + c]);
            if (w > width[c]) width[c] = w;
        }
    for (size_t r = 0; r < rows; r++) {
        for (size_t c = 0; c < cols; c++) {
            if (c) fputs("  ", stdout);
            int last = c + 1 == cols;
            print_cell(cells[r * cols + c], last && !right[c] ? 0 : width[c], right[c]);
        }
        putchar('\n');
    }
}

/* Growable table: cells point into owned copies. */
typedef struct table {
    char **cells;
    size_t n, cap, cols;
} table;

static int table_add(table *t, const char *s)
{
    if (eg__grow_array((void **)&t->cells, &t->cap, t->n + 1, sizeof *t->cells, 64)) return -1;
    if (!(t->cells[t->n] = strdup(s ? s : ""))) return -1;
    t->n++;
    return 0;
}

#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
static int table_addf(table *t, const char *fmt, ...)
{
    char buf[128];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    return table_add(t, buf);
}

static int table_print(table *t, const int *right, enum output out)
{
    print_rows((const char *const *)t->cells, t->n / t->cols, t->cols, right, out);
    for (size_t i = 0; i < t->n; i++) free(t->cells[i]);
    free(t->cells);
    return EXIT_OK;
}

static void table_free(table *t)
{
    for (size_t i = 0; i < t->n; i++) free(t->cells[i]);
    free(t->cells);
}

/* A measure for people: integers without decimals, PageRank with six,
 * other fractions with four significant digits. */
static void format_value(char *buf, size_t n, double v, int is_pagerank)
{
    if (!isfinite(v))
        snprintf(buf, n, "-");
    else if (is_pagerank)
        snprintf(buf, n, "%.6f", v);
    else if (v == floor(v) && fabs(v) < 1e15)
        snprintf(buf, n, "%.0f", v);
    else
        snprintf(buf, n, "%.4g", v);
}

/* A JSON string (null for NULL) by the library's one escaper, in the
 * flavour query has always written: only \n and \t short, bad UTF-8 as
 * U+FFFD. */
static void json_string(const char *s)
{
    if (!s) {
        fputs("null", stdout);
        return;
    }
    eg__buf b = EG__BUF_INIT;
    if (eg__buf_json_string(&b, s, strlen(s), EG__JSON_AS_QUERY)) {
        fputs("entgraph: error: out of memory\n", stderr);
        exit(EXIT_FAIL);
    }
    fwrite(b.data, 1, b.len, stdout);
    eg__buf_free(&b);
}

static void json_double(double d)
{
    char buf[40];
    if (!isfinite(d)) {
        fputs("null", stdout);
        return;
    }
    for (int prec = 15; prec <= 17; prec++) {
        snprintf(buf, sizeof buf, "%.*g", prec, d);
        if (strtod(buf, NULL) == d) break;
    }
    fputs(buf, stdout);
}

static void json_node_fields(const eg_node *n)
{
    fputs("\"id\":", stdout);
    json_string(n->id);
    fputs(",\"label\":", stdout);
    json_string(n->label);
    fputs(",\"type\":", stdout);
    json_string(n->type);
}

static void json_edge_fields(const eg_edge *e)
{
    fputs("\"weight\":", stdout);
    json_double(e->weight);
    printf(",\"count\":%llu,\"docs\":%llu,\"kind\":", (unsigned long long)e->count,
           (unsigned long long)e->docs);
    json_string(e->kind);
}

static void json_head(const query_args *a)
{
    fputs("{\"graph\":", stdout);
    json_string(a->graph_path);
}

static int nomem(void)
{
    fprintf(stderr, "entgraph: error: %s\n", eg_status_message(EG_ENOMEM));
    return EXIT_FAIL;
}

/* --- names ------------------------------------------------------------- */

/* Resolves a NAME to one node; prints why not on stderr. */
static int resolve_name(const eg_graph *g, const char *name, uint32_t *index)
{
    uint32_t found[MAX_CANDIDATES];
    size_t n = eg_graph_find(g, name, found, MAX_CANDIDATES);
    if (!n) { /* in the other script: 吳卓羲 for a node labelled 吴卓羲 */
        char *simple = cli_simplified(name);
        if (simple) n = eg_graph_find(g, simple, found, MAX_CANDIDATES);
        free(simple);
    }
    if (n == 1) {
        *index = found[0];
        return 0;
    }
    if (n > 1) {
        fprintf(stderr, "entgraph: error: '%s' is ambiguous: it names %zu entities; give the id of one:\n",
                name, n);
        for (size_t i = 0; i < n && i < MAX_CANDIDATES; i++) {
            const eg_node *nd = &g->nodes[found[i]];
            fprintf(stderr, "  %s\t%s\t%s\n", nd->id, nd->label, nd->type);
        }
        if (n > MAX_CANDIDATES) fprintf(stderr, "  … and %zu more\n", n - MAX_CANDIDATES);
        return -1;
    }
    fprintf(stderr, "entgraph: error: no entity named '%s'\n", name);
    uint32_t *similar = NULL;
    size_t n_similar = 0;
    if (!eg_query_similar(g, name, MAX_SUGGESTIONS, &similar, &n_similar) && n_similar) {
        fputs("did you mean:\n", stderr);
        for (size_t i = 0; i < n_similar; i++) {
            const eg_node *nd = &g->nodes[similar[i]];
            fprintf(stderr, "  %s\t%s\t%s\n", nd->label, nd->type, nd->id);
        }
    }
    eg_query_free_nodes(similar);
    return -1;
}

/* --- subcommands ------------------------------------------------------- */

/* What 'stats' prints, from a loaded graph or from the mapped file. */
typedef struct graph_stats {
    size_t n_nodes, n_edges, part_of, n_comp, isolated, nt;
    const char **types; /* nt of them, in byte order, borrowed */
    size_t *type_n;
    uint32_t n_communities;
    double modularity;
    const char *window, *betweenness;
    uint64_t n_docs, n_mentions;
} graph_stats;

/* Fills s from g's counts (borrowed: they live as long as gs). */
static void stats_of_graph(const eg_graph *g, const eg_graph_stats *gs, graph_stats *s)
{
    memset(s, 0, sizeof *s);
    s->types = gs->types;
    s->type_n = gs->type_counts;
    s->nt = gs->n_types;
    s->n_nodes = gs->n_nodes;
    s->n_edges = gs->n_edges;
    s->part_of = gs->n_part_of;
    s->n_comp = gs->n_components;
    s->isolated = gs->n_isolated;
    s->n_communities = g->n_communities;
    s->modularity = g->modularity;
    s->window = g->window;
    s->betweenness = g->betweenness;
    s->n_docs = g->n_docs;
    s->n_mentions = g->n_mentions;
}

static int print_stats(const graph_stats *s, const query_args *a)
{
    const char *const *types = s->types;
    const size_t *type_n = s->type_n;
    size_t nt = s->nt, part_of = s->part_of, n_comp = s->n_comp, isolated = s->isolated;
    double n = (double)s->n_nodes;
    double density = s->n_nodes > 1 ? 2.0 * (double)s->n_edges / (n * (n - 1)) : 0;
    if (a->output == OUT_JSON) {
        json_head(a);
        printf(",\"nodes\":%zu,\"edges\":%zu,\"types\":{", s->n_nodes, s->n_edges);
        for (size_t k = 0; k < nt; k++) {
            if (k) putchar(',');
            json_string(types[k]);
            printf(":%zu", type_n[k]);
        }
        printf("},\"kinds\":{\"cooccurrence\":%zu,\"part_of\":%zu}", s->n_edges - part_of, part_of);
        printf(",\"components\":%zu,\"isolated\":%zu,\"communities\":%lu,\"modularity\":", n_comp,
               isolated, (unsigned long)s->n_communities);
        json_double(s->modularity);
        fputs(",\"density\":", stdout);
        json_double(density);
        fputs(",\"window\":", stdout);
        json_string(s->window);
        printf(",\"documents\":%llu,\"mentions\":%llu,\"betweenness\":", (unsigned long long)s->n_docs,
               (unsigned long long)s->n_mentions);
        json_string(s->betweenness);
        puts("}");
        return EXIT_OK;
    }
    table t = {0};
    t.cols = 3;
    static const int right[3] = {0, 0, 1};
    int bad = table_add(&t, "") || table_add(&t, "") || table_add(&t, "");
    bad |= table_add(&t, "nodes") || table_add(&t, "") || table_addf(&t, "%zu", s->n_nodes);
    for (size_t k = 0; k < nt; k++)
        bad |= table_add(&t, "type") || table_add(&t, types[k]) || table_addf(&t, "%zu", type_n[k]);
    bad |= table_add(&t, "edges") || table_add(&t, "") || table_addf(&t, "%zu", s->n_edges);
    bad |= table_add(&t, "kind") || table_add(&t, "cooccurrence") ||
           table_addf(&t, "%zu", s->n_edges - part_of);
    bad |= table_add(&t, "kind") || table_add(&t, "part_of") || table_addf(&t, "%zu", part_of);
    bad |= table_add(&t, "components") || table_add(&t, "") || table_addf(&t, "%zu", n_comp);
    bad |= table_add(&t, "isolated") || table_add(&t, "") || table_addf(&t, "%zu", isolated);
    bad |= table_add(&t, "communities") || table_add(&t, "") ||
           table_addf(&t, "%lu", (unsigned long)s->n_communities);
    bad |= table_add(&t, "modularity") || table_add(&t, "") || table_addf(&t, "%.4f", s->modularity);
    bad |= table_add(&t, "density") || table_add(&t, "") || table_addf(&t, "%.4f", density);
    bad |= table_add(&t, "window") || table_add(&t, s->window ? s->window : "") || table_add(&t, "");
    bad |= table_add(&t, "documents") || table_add(&t, "") ||
           table_addf(&t, "%llu", (unsigned long long)s->n_docs);
    if (bad) {
        table_free(&t);
        return nomem();
    }
    /* the empty header row is not printed as a table */
    if (a->output == OUT_TSV) {
        /* drop empty middle cells: "nodes\t61", "type\tLOC\t20" */
        for (size_t r = 1; r < t.n / 3; r++) {
            fputs(t.cells[3 * r], stdout);
            for (size_t c = 1; c < 3; c++)
                if (t.cells[3 * r + c][0]) printf("\t%s", t.cells[3 * r + c]);
            putchar('\n');
        }
        table_free(&t);
        return EXIT_OK;
    }
    print_rows((const char *const *)t.cells + 3, t.n / 3 - 1, 3, right, OUT_TABLE);
    table_free(&t);
    return EXIT_OK;
}

static int run_stats(const eg_graph *g, const query_args *a)
{
    eg_graph_stats gs;
    graph_stats s;
    if (eg_graph_stats_get(g, &gs)) return nomem();
    stats_of_graph(g, &gs, &s);
    int rc = print_stats(&s, a);
    eg_graph_stats_free(&gs);
    return rc;
}

static int run_top(const eg_graph *g, const query_args *a)
{
    eg_measure by = EG_MEASURE_PAGERANK;
    uint32_t *top = NULL;
    size_t n = 0;
    if (a->by) eg_measure_parse(a->by, &by);
    if (eg_query_top(g, by, a->type, a->limit, &top, &n)) return nomem();
    if (a->output == OUT_JSON) {
        json_head(a);
        printf(",\"by\":\"%s\",\"type\":", eg_measure_name(by));
        json_string(a->type);
        fputs(",\"results\":[", stdout);
        for (size_t i = 0; i < n; i++) {
            const eg_node *nd = &g->nodes[top[i]];
            printf("%s{\"rank\":%zu,", i ? "," : "", i + 1);
            json_node_fields(nd);
            fputs(",\"value\":", stdout);
            json_double(eg_node_measure(nd, by));
            printf(",\"count\":%llu,\"docs\":%llu", (unsigned long long)nd->count, (unsigned long long)nd->docs);
            /* every measure of the list, in its order */
#define PRINT_MEASURE(name, unset, rank, label) \
    fputs(",\"" #name "\":", stdout);          \
    json_double(nd->name);
            EG_NODE_MEASURES(PRINT_MEASURE)
#undef PRINT_MEASURE
            printf(",\"community\":%ld}", (long)nd->community);
        }
        fputs("]}\n", stdout);
        eg_query_free_nodes(top);
        return EXIT_OK;
    }
    table t = {0};
    static const int right[4] = {1, 0, 0, 1};
    t.cols = 4;
    int bad = table_add(&t, "rank") || table_add(&t, "label") || table_add(&t, "type") ||
              table_add(&t, eg_measure_name(by));
    for (size_t i = 0; i < n && !bad; i++) {
        const eg_node *nd = &g->nodes[top[i]];
        char v[48];
        format_value(v, sizeof v, eg_node_measure(nd, by), by == EG_MEASURE_PAGERANK);
        bad = table_addf(&t, "%zu", i + 1) || table_add(&t, nd->label) || table_add(&t, nd->type) ||
              table_add(&t, v);
    }
    eg_query_free_nodes(top);
    if (bad) {
        table_free(&t);
        return nomem();
    }
    return table_print(&t, right, a->output);
}

static int run_neighbors(const eg_graph *g, const query_args *a)
{
    uint32_t node;
    eg_neighbor *nb = NULL;
    size_t n = 0, k = 0;
    if (resolve_name(g, a->pos[0], &node)) return EXIT_FAIL;
    if (eg_query_neighbors(g, node, a->type, 0, &nb, &n)) return nomem();
    for (size_t i = 0; i < n; i++) /* weight order: the kept ones stay in order */
        if (nb[i].weight >= a->min_weight) nb[k++] = nb[i];
    if (a->limit && k > a->limit) k = a->limit;
    if (a->output == OUT_JSON) {
        json_head(a);
        fputs(",\"node\":{", stdout);
        json_node_fields(&g->nodes[node]);
        fputs("},\"type\":", stdout);
        json_string(a->type);
        fputs(",\"neighbors\":[", stdout);
        for (size_t i = 0; i < k; i++) {
            printf("%s{", i ? "," : "");
            json_node_fields(&g->nodes[nb[i].node]);
            putchar(',');
            json_edge_fields(&g->edges[nb[i].edge]);
            putchar('}');
        }
        fputs("]}\n", stdout);
        eg_query_free_neighbors(nb);
        return EXIT_OK;
    }
    table t = {0};
    static const int right[5] = {0, 0, 1, 1, 0};
    t.cols = 5;
    int bad = table_add(&t, "label") || table_add(&t, "type") || table_add(&t, "weight") ||
              table_add(&t, "docs") || table_add(&t, "kind");
    for (size_t i = 0; i < k && !bad; i++) {
        const eg_node *nd = &g->nodes[nb[i].node];
        char w[48];
        format_value(w, sizeof w, nb[i].weight, 0);
        bad = table_add(&t, nd->label) || table_add(&t, nd->type) || table_add(&t, w) ||
              table_addf(&t, "%llu", (unsigned long long)nb[i].docs) ||
              table_add(&t, g->edges[nb[i].edge].kind);
    }
    eg_query_free_neighbors(nb);
    if (bad) {
        table_free(&t);
        return nomem();
    }
    return table_print(&t, right, a->output);
}

static int run_path(const eg_graph *g, const query_args *a)
{
    uint32_t from, to, *nodes = NULL;
    size_t *edges = NULL, n = 0;
    if (resolve_name(g, a->pos[0], &from) || resolve_name(g, a->pos[1], &to)) return EXIT_FAIL;
    eg_status st = eg_query_path(g, from, to, a->max_len, a->weighted, &nodes, &edges, &n);
    if (st == EG_ENOTFOUND) {
        fprintf(stderr, "entgraph: error: no path between '%s' and '%s'", g->nodes[from].label,
                g->nodes[to].label);
        if (a->max_len) fprintf(stderr, " of at most %zu edges", a->max_len);
        fputc('\n', stderr);
        return EXIT_FAIL;
    }
    if (st) return nomem();
    double total = 0;
    for (size_t i = 0; i + 1 < n; i++) total += g->edges[edges[i]].weight;
    if (a->output == OUT_JSON) {
        json_head(a);
        printf(",\"weighted\":%s,\"length\":%zu,\"path\":[", a->weighted ? "true" : "false", n - 1);
        for (size_t i = 0; i < n; i++) {
            printf("%s{", i ? "," : "");
            json_node_fields(&g->nodes[nodes[i]]);
            if (i) {
                fputs(",\"edge\":{", stdout);
                json_edge_fields(&g->edges[edges[i - 1]]);
                putchar('}');
            }
            putchar('}');
        }
        fputs("]}\n", stdout);
    } else {
        table t = {0};
        static const int right[5] = {1, 0, 0, 1, 0};
        t.cols = 5;
        int bad = table_add(&t, "step") || table_add(&t, "label") || table_add(&t, "type") ||
                  table_add(&t, "weight") || table_add(&t, "kind");
        for (size_t i = 0; i < n && !bad; i++) {
            char w[48] = "";
            if (i) format_value(w, sizeof w, g->edges[edges[i - 1]].weight, 0);
            bad = table_addf(&t, "%zu", i) || table_add(&t, g->nodes[nodes[i]].label) ||
                  table_add(&t, g->nodes[nodes[i]].type) || table_add(&t, w) ||
                  table_add(&t, i ? g->edges[edges[i - 1]].kind : "");
        }
        if (bad) {
            table_free(&t);
            eg_query_free_nodes(nodes);
            eg_query_free_edges(edges);
            return nomem();
        }
        table_print(&t, right, a->output);
        if (a->output == OUT_TABLE) {
            char w[48];
            format_value(w, sizeof w, total, 0);
            printf("%zu edges, total weight %s\n", n - 1, w);
        }
    }
    eg_query_free_nodes(nodes);
    eg_query_free_edges(edges);
    return EXIT_OK;
}

static int run_explain(const eg_graph *g, const query_args *a)
{
    uint32_t x, y;
    if (resolve_name(g, a->pos[0], &x) || resolve_name(g, a->pos[1], &y)) return EXIT_FAIL;
    size_t ei = x == y ? (size_t)-1 : eg_query_edge(g, x, y);
    if (ei == (size_t)-1) {
        fprintf(stderr, "entgraph: error: '%s' and '%s' are not linked (try 'path')\n",
                g->nodes[x].label, g->nodes[y].label);
        return EXIT_FAIL;
    }
    const eg_edge *e = &g->edges[ei];
    if (a->output == OUT_JSON) {
        json_head(a);
        fputs(",\"a\":{", stdout);
        json_node_fields(&g->nodes[x]);
        fputs("},\"b\":{", stdout);
        json_node_fields(&g->nodes[y]);
        fputs("},", stdout);
        json_edge_fields(e);
        fputs(",\"first_date\":", stdout);
        json_string(e->first_date);
        fputs(",\"last_date\":", stdout);
        json_string(e->last_date);
        fputs(",\"evidence\":[", stdout);
        for (size_t k = 0; k < e->n_evidence; k++) {
            fputs(k ? ",{\"doc\":" : "{\"doc\":", stdout);
            json_string(e->evidence[k].doc);
            fputs(",\"text\":", stdout);
            json_string(e->evidence[k].text);
            putchar('}');
        }
        fputs("]}\n", stdout);
        return EXIT_OK;
    }
    if (a->output == OUT_TSV) {
        for (size_t k = 0; k < e->n_evidence; k++) {
            print_clean(e->evidence[k].doc, ' ');
            putchar('\t');
            print_clean(e->evidence[k].text, ' ');
            putchar('\n');
        }
        return EXIT_OK;
    }
    char w[48];
    format_value(w, sizeof w, e->weight, 0);
    print_clean(g->nodes[x].label, '?');
    fputs(" — ", stdout);
    print_clean(g->nodes[y].label, '?');
    printf(": %s, weight %s, %llu windows in %llu documents", e->kind, w,
           (unsigned long long)e->count, (unsigned long long)e->docs);
    if (e->first_date) printf(", %s to %s", e->first_date, e->last_date ? e->last_date : "?");
    putchar('\n');
    if (!e->n_evidence) puts("(no evidence kept: a part_of link, or built with --evidence 0)");
    for (size_t k = 0; k < e->n_evidence; k++) {
        fputs("  [", stdout);
        print_clean(e->evidence[k].doc, '?');
        fputs("] ", stdout);
        print_clean(e->evidence[k].text, '?');
        putchar('\n');
    }
    return EXIT_OK;
}

/* The exporter for a file name: by extension, CSV when it names nodes. */
static const eg_exporter *exporter_for(const char *file)
{
    const char *dot = strrchr(file, '.'), *slash = strrchr(file, '/');
    if (!dot || (slash && dot < slash)) return NULL;
    if (!strcmp(dot, ".csv")) return strstr(slash ? slash : file, "nodes") ? eg_exporter_find("csv") : NULL;
    return eg_exporter_find(dot + 1);
}

static int run_ego(eg_graph *g, const query_args *a)
{
    uint32_t node;
    eg_error err = {0};
    eg_export_options opt = {0};
    const eg_exporter *ex = exporter_for(a->out_file);
    if (!ex) {
        fprintf(stderr, "entgraph query: error: cannot tell the format of '%s' (.graphml, .json, "
                        ".gexf, .egb, .html, .svg, or a .csv name containing 'nodes')\n", a->out_file);
        return EXIT_USAGE;
    }
    if (a->json_style) eg_json_style_parse(a->json_style, &opt.json_style);
    if (resolve_name(g, a->pos[0], &node)) return EXIT_FAIL;
    unsigned char *keep = malloc(g->n_nodes);
    if (!keep) return nomem();
    if (eg_query_ego(g, node, a->depth, keep) || eg_graph_keep_nodes(g, keep)) {
        free(keep);
        return nomem();
    }
    free(keep);
    if (ex->write(g, a->out_file, &opt, &err)) {
        cli_print_error(&err);
        return EXIT_FAIL;
    }
    if (a->output == OUT_JSON) {
        json_head(a);
        fputs(",\"file\":", stdout);
        json_string(a->out_file);
        printf(",\"nodes\":%zu,\"edges\":%zu}\n", g->n_nodes, g->n_edges);
    } else if (a->output == OUT_TSV) {
        printf("%s\t%zu\t%zu\n", a->out_file, g->n_nodes, g->n_edges);
    } else {
        printf("wrote %s: %zu nodes, %zu edges within %zu hops\n", a->out_file, g->n_nodes,
               g->n_edges, a->depth);
    }
    return EXIT_OK;
}

static int run_find(const eg_graph *g, const query_args *a)
{
    uint32_t *found = NULL;
    size_t n = 0;
    if (eg_query_find(g, a->pos[0], a->limit, &found, &n)) return nomem();
    if (!n) { /* in the other script */
        char *simple = cli_simplified(a->pos[0]);
        eg_status st = simple ? eg_query_find(g, simple, a->limit, &found, &n) : EG_OK;
        free(simple);
        if (st) return nomem();
    }
    if (a->output == OUT_JSON) {
        json_head(a);
        fputs(",\"text\":", stdout);
        json_string(a->pos[0]);
        fputs(",\"results\":[", stdout);
        for (size_t i = 0; i < n; i++) {
            const eg_node *nd = &g->nodes[found[i]];
            fputs(i ? ",{" : "{", stdout);
            json_node_fields(nd);
            fputs(",\"aliases\":", stdout);
            json_string(nd->aliases);
            printf(",\"count\":%llu}", (unsigned long long)nd->count);
        }
        fputs("]}\n", stdout);
        eg_query_free_nodes(found);
        return EXIT_OK;
    }
    table t = {0};
    static const int right[5] = {0, 0, 1, 0, 0};
    t.cols = 5;
    int bad = table_add(&t, "label") || table_add(&t, "type") || table_add(&t, "count") ||
              table_add(&t, "id") || table_add(&t, "aliases");
    for (size_t i = 0; i < n && !bad; i++) {
        const eg_node *nd = &g->nodes[found[i]];
        bad = table_add(&t, nd->label) || table_add(&t, nd->type) ||
              table_addf(&t, "%llu", (unsigned long long)nd->count) || table_add(&t, nd->id) ||
              table_add(&t, nd->aliases);
    }
    eg_query_free_nodes(found);
    if (bad) {
        table_free(&t);
        return nomem();
    }
    if (!n && a->output == OUT_TABLE) {
        table_free(&t);
        fprintf(stderr, "entgraph: no entity's name contains '%s'\n", a->pos[0]);
        return EXIT_FAIL;
    }
    return table_print(&t, right, a->output);
}

/* graph.json → graph.egb beside it, when that exists and is at least as
 * new; else the path itself. The result is malloc'd. */
static char *fast_path(const char *path)
{
    size_t len = strlen(path);
    struct stat js, bs;
    char *egb;
    if (len < 5 || strcmp(path + len - 5, ".json") || !(egb = malloc(len))) return strdup(path);
    memcpy(egb, path, len - 5);
    memcpy(egb + len - 5, ".egb", 5);
    if (!stat(path, &js) && !stat(egb, &bs) && S_ISREG(bs.st_mode) &&
        (bs.st_mtim.tv_sec > js.st_mtim.tv_sec ||
         (bs.st_mtim.tv_sec == js.st_mtim.tv_sec && bs.st_mtim.tv_nsec >= js.st_mtim.tv_nsec)))
        return egb;
    free(egb);
    return strdup(path);
}

/* Whether the file at path is the indexed binary graph (egb version 2 or
 * 3: both begin "EGB2"). */
static int is_indexed(const char *path)
{
    char head[4] = {0};
    FILE *fp = fopen(path, "rb");
    if (!fp) return 0;
    size_t got = fread(head, 1, 4, fp);
    fclose(fp);
    return got == 4 && !memcmp(head, "EGB2", 4);
}

/* The name's one node in the mapped graph; -1 when it names none or
 * several (the whole graph is then loaded, for the messages), -2 on a
 * damaged file (printed). */
static int map_resolve(const eg_graph_map *m, const char *name, uint32_t *node)
{
    eg_error err = {0};
    size_t n = 0;
    if (eg_graph_map_lookup(m, name, node, 1, &n, &err)) {
        cli_print_error(&err);
        return -2;
    }
    if (!n) { /* in the other script, as resolve_name() tries */
        char *simple = cli_simplified(name);
        eg_status st = simple ? eg_graph_map_lookup(m, simple, node, 1, &n, &err) : EG_OK;
        free(simple);
        if (st) {
            cli_print_error(&err);
            return -2;
        }
    }
    return n == 1 ? 0 : -1;
}

/* Answers stats, top, neighbors, explain and find from the mapped file:
 * the few nodes and edges the answer needs become a small graph that the
 * same run_* functions answer from (the queries give on it what they give
 * on the whole graph; see graph_map.h). Returns the exit status, or -1 to
 * say "load the whole graph" (other subcommands, names that need the
 * messages about ambiguous or unknown names). */
static int query_mapped(const char *path, const query_args *a)
{
    const char *s = a->subcommand;
    eg_graph_map *m = NULL;
    eg_graph g;
    eg_error err = {0};
    uint32_t *nodes = NULL, ends[2];
    size_t *edges = NULL, n_nodes = 0, n_edges = 0;
    eg_status st;
    int rc = -1;
    if (strcmp(s, "stats") && strcmp(s, "top") && strcmp(s, "neighbors") && strcmp(s, "explain") &&
        strcmp(s, "find"))
        return -1;
    if (eg_graph_map_open(path, &m, &err)) {
        cli_print_error(&err);
        return EXIT_FAIL;
    }
    eg_graph_init(&g);
    if (!strcmp(s, "stats")) {
        eg_graph_map_stats ms;
        graph_stats gs = {0};
        if ((st = eg_graph_map_stats_get(m, &ms, &err))) goto failed;
        gs.types = malloc((ms.n_types ? ms.n_types : 1) * sizeof *gs.types);
        gs.type_n = malloc((ms.n_types ? ms.n_types : 1) * sizeof *gs.type_n);
        if (!gs.types || !gs.type_n) {
            free(gs.types);
            free(gs.type_n);
            rc = nomem();
            goto done;
        }
        for (size_t k = 0; k < ms.n_types && !st; k++) {
            uint64_t c = 0;
            st = eg_graph_map_type(m, k, &gs.types[k], &c, &err);
            gs.type_n[k] = (size_t)c;
        }
        if (!st) {
            gs.nt = ms.n_types;
            gs.n_nodes = ms.n_nodes;
            gs.n_edges = ms.n_edges;
            gs.part_of = ms.n_part_of;
            gs.n_comp = ms.n_components;
            gs.isolated = ms.n_isolated;
            gs.n_communities = ms.n_communities;
            gs.modularity = ms.modularity;
            gs.window = ms.window;
            gs.betweenness = ms.betweenness;
            gs.n_docs = ms.n_docs;
            gs.n_mentions = ms.n_mentions;
            rc = print_stats(&gs, a);
        }
        free(gs.types);
        free(gs.type_n);
        if (st) goto failed;
        goto done;
    }
    if (!strcmp(s, "top")) {
        eg_measure by = EG_MEASURE_PAGERANK;
        if (a->by) eg_measure_parse(a->by, &by);
        st = eg_graph_map_top(m, by, a->type, a->limit, &nodes, &n_nodes, &err);
    } else if (!strcmp(s, "find")) {
        st = eg_graph_map_find(m, a->pos[0], a->limit, &nodes, &n_nodes, &err);
        if (!st && !n_nodes) { /* in the other script, as run_find() tries */
            char *simple = cli_simplified(a->pos[0]);
            if (simple) {
                eg_query_free_nodes(nodes);
                nodes = NULL;
                st = eg_graph_map_find(m, simple, a->limit, &nodes, &n_nodes, &err);
            }
            free(simple);
        }
    } else if (!strcmp(s, "neighbors")) {
        if ((rc = map_resolve(m, a->pos[0], &ends[0])) != 0) {
            rc = rc == -2 ? EXIT_FAIL : -1;
            goto done;
        }
        st = eg_graph_map_neighbors(m, ends[0], a->type, a->min_weight, a->limit, &edges, &n_edges,
                                    &err);
        nodes = ends;
        n_nodes = 1;
    } else { /* explain */
        for (int k = 0; k < 2; k++)
            if ((rc = map_resolve(m, a->pos[k], &ends[k])) != 0) {
                rc = rc == -2 ? EXIT_FAIL : -1;
                goto done;
            }
        st = eg_graph_map_edges_between(m, ends[0], ends[1], &edges, &n_edges, &err);
        nodes = ends;
        n_nodes = 2;
    }
    if (st || (st = eg_graph_map_subgraph(m, nodes, n_nodes, edges, n_edges, &g, &err))) goto failed;
    rc = !strcmp(s, "top")         ? run_top(&g, a)
         : !strcmp(s, "find")      ? run_find(&g, a)
         : !strcmp(s, "neighbors") ? run_neighbors(&g, a)
                                   : run_explain(&g, a);
    goto done;
failed:
    if (st == EG_ENOMEM)
        rc = nomem();
    else {
        cli_print_error(&err);
        rc = EXIT_FAIL;
    }
done:
    if (nodes != ends) eg_query_free_nodes(nodes);
    eg_query_free_edges(edges);
    eg_graph_destroy(&g);
    eg_graph_map_close(m);
    return rc;
}

int cmd_query(int argc, char **argv)
{
    query_args a;
    eg_graph g;
    eg_error err = {0};
    int rc = parse_args(argc, argv, &a);
    if (rc >= 0) return rc;
    char *path = fast_path(a.graph_path);
    if (!path) return nomem();
    if (is_indexed(path) && (rc = query_mapped(path, &a)) >= 0) {
        free(path);
        if (fflush(stdout) != 0 || ferror(stdout)) {
            fprintf(stderr, "entgraph: error: cannot write the answer: %s\n", strerror(errno));
            return EXIT_FAIL;
        }
        return rc;
    }
    eg_graph_init(&g);
    if (eg_graph_load(&g, path, &err)) {
        cli_print_error(&err);
        free(path);
        return EXIT_FAIL;
    }
    free(path);
    const char *s = a.subcommand;
    rc = !strcmp(s, "stats")       ? run_stats(&g, &a)
         : !strcmp(s, "top")       ? run_top(&g, &a)
         : !strcmp(s, "neighbors") ? run_neighbors(&g, &a)
         : !strcmp(s, "path")      ? run_path(&g, &a)
         : !strcmp(s, "explain")   ? run_explain(&g, &a)
         : !strcmp(s, "ego")       ? run_ego(&g, &a)
                                   : run_find(&g, &a);
    eg_graph_destroy(&g);
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fprintf(stderr, "entgraph: error: cannot write the answer: %s\n", strerror(errno));
        return EXIT_FAIL;
    }
    return rc;
}
