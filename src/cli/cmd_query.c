/* entgraph query GRAPH.json top|neighbors …: answers from a built graph. */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "entgraph/graph.h"
#include "entgraph/query.h"

#define DEFAULT_LIMIT 10
#define MAX_CANDIDATES 20 /* ambiguous names: how many candidates to list */
#define MAX_SUGGESTIONS 5 /* unknown names: how many close names to offer */

static const char usage_text[] =
    "usage: entgraph query GRAPH.json top [--by MEASURE] [--type TYPE] [-n N] [--json]\n"
    "       entgraph query GRAPH.json neighbors NAME [--type TYPE] [-n N] [--json]\n";

static const char help_text[] =
    "\n"
    "Answers questions about a graph written by 'entgraph build' (node-link JSON).\n"
    "\n"
    "subcommands:\n"
    "  top              entities ranked by a measure, highest first\n"
    "  neighbors NAME   entities linked to NAME, strongest link first; NAME is an\n"
    "                   entity id, its canonical name or one of its aliases\n"
    "\n"
    "options:\n"
    "  --by MEASURE     degree, strength, pagerank (default), count or docs (top only)\n"
    "  --type TYPE      only entities of this type (PER, ORG, LOC, ...)\n"
    "  -n N             show at most N rows (default 10; 0 for all)\n"
    "  --json           print one JSON document instead of a table\n"
    "  -h, --help       show this help\n"
    "\n"
    "Ties are broken by name, then id, so answers are the same on every run.\n"
    "exit status: 0 ok, 1 bad input or unknown/ambiguous name, 2 usage error\n";

typedef struct query_args {
    const char *graph_path;
    const char *subcommand;
    const char *name;
    const char *by;
    const char *type;
    size_t limit;
    int json;
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

/* "N" as a row limit: decimal digits only. */
static int parse_limit(const char *s, size_t *out)
{
    if (!*s || strspn(s, "0123456789") != strlen(s)) return -1;
    errno = 0;
    unsigned long long v = strtoull(s, NULL, 10);
    if (errno || v > SIZE_MAX) return -1;
    *out = (size_t)v;
    return 0;
}

/* Fills a from argv; returns -1 when all is well, else the exit status. */
static int parse_args(int argc, char **argv, query_args *a)
{
    const char *positional[3];
    int n_pos = 0, options_done = 0;
    memset(a, 0, sizeof *a);
    a->limit = DEFAULT_LIMIT;
    for (int i = 1; i < argc && strcmp(argv[i], "--"); i++) {
        if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
            fputs(usage_text, stdout);
            fputs(help_text, stdout);
            return EXIT_OK;
        }
    }
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i], *value = NULL;
        if (options_done || arg[0] != '-' || !arg[1]) {
            if (n_pos == 3) return usage_error("unexpected argument '%s'", arg);
            positional[n_pos++] = arg;
            continue;
        }
        if (!strcmp(arg, "--")) {
            options_done = 1;
        } else if (!strcmp(arg, "--json")) {
            a->json = 1;
        } else if (!strncmp(arg, "--by", 4) || !strncmp(arg, "--type", 6) ||
                   !strncmp(arg, "-n", 2)) {
            size_t len = arg[1] == 'n' ? 2 : strcspn(arg, "=");
            if (arg[len] == '=')
                value = arg + len + 1;
            else if (arg[len] == '\0' && i + 1 < argc)
                value = argv[++i];
            else if (arg[len] == '\0')
                return usage_error("option '%s' needs a value", arg);
            else if (len == 2) /* -n5 */
                value = arg + 2;
            else
                return usage_error("unknown option '%s'", arg);
            if (len == 4 && !strncmp(arg, "--by", 4)) {
                eg_measure m;
                if (eg_measure_parse(value, &m))
                    return usage_error(
                        "--by takes degree, strength, pagerank, count or docs, not '%s'", value);
                a->by = value;
            } else if (len == 6 && !strncmp(arg, "--type", 6)) {
                a->type = value;
            } else if (len == 2) {
                if (parse_limit(value, &a->limit))
                    return usage_error("-n takes a number of rows, not '%s'", value);
            } else {
                return usage_error("unknown option '%s'", arg);
            }
        } else {
            return usage_error("unknown option '%s'", arg);
        }
    }
    if (n_pos < 1) return usage_error("%s", "missing GRAPH.json");
    if (n_pos < 2) return usage_error("%s", "missing subcommand (top or neighbors)");
    a->graph_path = positional[0];
    a->subcommand = positional[1];
    if (!strcmp(a->subcommand, "top")) {
        if (n_pos > 2) return usage_error("unexpected argument '%s'", positional[2]);
    } else if (!strcmp(a->subcommand, "neighbors")) {
        if (n_pos < 3) return usage_error("%s", "neighbors needs a NAME");
        if (a->by) return usage_error("%s", "--by only applies to 'top'");
        a->name = positional[2];
    } else {
        return usage_error("unknown subcommand '%s' (expected top or neighbors)",
                           a->subcommand);
    }
    return -1;
}

/* Decodes one code point, leniently: a bad byte is U+FFFD and one byte. */
static size_t next_cp(const unsigned char *s, uint32_t *cp)
{
    unsigned char c = s[0];
    size_t len = c < 0x80 ? 1 : c >= 0xC2 && c <= 0xDF ? 2 : c >= 0xE0 && c <= 0xEF ? 3
                 : c >= 0xF0 && c <= 0xF4 ? 4 : 0;
    uint32_t v = len == 1 ? c : len == 2 ? c & 0x1Fu : len == 3 ? c & 0x0Fu : c & 0x07u;
    if (!len) {
        *cp = 0xFFFD;
        return 1;
    }
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80) {
            *cp = 0xFFFD;
            return 1;
        }
        v = (v << 6) | (s[i] & 0x3Fu);
    }
    static const uint32_t min_of_len[] = {0, 0, 0x80, 0x800, 0x10000};
    if (v < min_of_len[len] || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) v = 0xFFFD;
    *cp = v;
    return len;
}

/* Terminal columns of a code point: 2 for East Asian wide and full-width
 * characters, 1 for the rest. Deliberately simple. */
static int cp_width(uint32_t cp)
{
    return (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF) ||
                   (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) ||
                   (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
                   (cp >= 0xFFE0 && cp <= 0xFFE6) || cp >= 0x20000
               ? 2
               : 1;
}

static int is_control(uint32_t cp)
{
    return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F);
}

/* Display width of s as print_cell() shows it. */
static size_t display_width(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t w = 0;
    while (*p) {
        uint32_t cp;
        p += next_cp(p, &cp);
        w += is_control(cp) ? 1 : (size_t)cp_width(cp);
    }
    return w;
}

/* Prints s (control characters as '?', so that a stray newline cannot break
 * the table) padded with spaces to width columns; right-aligned if right. */
static void print_cell(const char *s, size_t width, int right)
{
    size_t w = display_width(s);
    size_t pad = width > w ? width - w : 0;
    if (right)
        for (size_t i = 0; i < pad; i++) putchar(' ');
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        uint32_t cp;
        size_t k = next_cp(p, &cp);
        if (is_control(cp))
            putchar('?');
        else if (cp == 0xFFFD && k == 1)
            fputs("\xEF\xBF\xBD", stdout);
        else
            fwrite(p, 1, k, stdout);
        p += k;
    }
    if (!right)
        for (size_t i = 0; i < pad; i++) putchar(' ');
}

/* A table: rows × cols cells (row 0 is the header); right[c] right-aligns
 * column c. Columns are separated by two spaces; the last is not padded. */
static void print_table(const char *const *cells, size_t rows, size_t cols, const int *right)
{
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

/* A measure for people: integers without decimals, PageRank with six, other
 * fractions with four significant digits. */
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

/* JSON output, written by hand: cJSON stays behind the library's JSON
 * modules. Strings are escaped; bad UTF-8 becomes U+FFFD. */
static void json_string(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    putchar('"');
    while (*p) {
        uint32_t cp;
        size_t k = next_cp(p, &cp);
        if (cp == '"' || cp == '\\')
            printf("\\%c", (int)cp);
        else if (cp == '\n')
            fputs("\\n", stdout);
        else if (cp == '\t')
            fputs("\\t", stdout);
        else if (cp < 0x20)
            printf("\\u%04x", (unsigned)cp);
        else if (cp == 0xFFFD && k == 1)
            fputs("\xEF\xBF\xBD", stdout);
        else
            fwrite(p, 1, k, stdout);
        p += k;
    }
    putchar('"');
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

static void json_type_filter(const char *type)
{
    fputs(",\"type\":", stdout);
    if (type)
        json_string(type);
    else
        fputs("null", stdout);
}

static void print_top_json(const eg_graph *g, const query_args *a, eg_measure by,
                           const uint32_t *top, size_t n)
{
    fputs("{\"graph\":", stdout);
    json_string(a->graph_path);
    printf(",\"by\":\"%s\"", eg_measure_name(by));
    json_type_filter(a->type);
    fputs(",\"results\":[", stdout);
    for (size_t i = 0; i < n; i++) {
        const eg_node *nd = &g->nodes[top[i]];
        printf("%s{\"rank\":%zu,", i ? "," : "", i + 1);
        json_node_fields(nd);
        fputs(",\"value\":", stdout);
        json_double(eg_node_measure(nd, by));
        printf(",\"count\":%llu,\"docs\":%llu,\"degree\":", (unsigned long long)nd->count,
               (unsigned long long)nd->docs);
        json_double(nd->degree);
        fputs(",\"strength\":", stdout);
        json_double(nd->strength);
        fputs(",\"pagerank\":", stdout);
        json_double(nd->pagerank);
        putchar('}');
    }
    fputs("]}\n", stdout);
}

/* Text of the number cells of one table row. */
typedef struct row_text {
    char a[32], b[48];
} row_text;

static int print_top_table(const eg_graph *g, eg_measure by, const uint32_t *top, size_t n)
{
    enum { COLS = 4 };
    static const int right[COLS] = {1, 0, 0, 1};
    int rc = EXIT_FAIL;
    const char **cells = calloc((n + 1) * COLS, sizeof *cells);
    row_text *text = calloc(n ? n : 1, sizeof *text);
    if (!cells || !text) {
        fprintf(stderr, "entgraph: error: %s\n", eg_status_message(EG_ENOMEM));
        goto fail;
    }
    cells[0] = "rank";
    cells[1] = "label";
    cells[2] = "type";
    cells[3] = eg_measure_name(by);
    for (size_t i = 0; i < n; i++) {
        const eg_node *nd = &g->nodes[top[i]];
        snprintf(text[i].a, sizeof text[i].a, "%zu", i + 1);
        format_value(text[i].b, sizeof text[i].b, eg_node_measure(nd, by),
                     by == EG_MEASURE_PAGERANK);
        cells[(i + 1) * COLS + 0] = text[i].a;
        cells[(i + 1) * COLS + 1] = nd->label;
        cells[(i + 1) * COLS + 2] = nd->type;
        cells[(i + 1) * COLS + 3] = text[i].b;
    }
    print_table(cells, n + 1, COLS, right);
    rc = EXIT_OK;
fail:
    free(cells);
    free(text);
    return rc;
}

static int run_top(const eg_graph *g, const query_args *a)
{
    eg_measure by = EG_MEASURE_PAGERANK;
    uint32_t *top = NULL;
    size_t n = 0;
    int rc = EXIT_OK;
    if (a->by) eg_measure_parse(a->by, &by);
    if (eg_query_top(g, by, a->type, a->limit, &top, &n)) {
        fprintf(stderr, "entgraph: error: %s\n", eg_status_message(EG_ENOMEM));
        return EXIT_FAIL;
    }
    if (a->json)
        print_top_json(g, a, by, top, n);
    else
        rc = print_top_table(g, by, top, n);
    eg_query_free(top);
    return rc;
}

/* Resolves a NAME to one node; prints why not on stderr. */
static int resolve_name(const eg_graph *g, const char *name, uint32_t *index)
{
    uint32_t found[MAX_CANDIDATES];
    eg_error err = {0};
    size_t n = eg_graph_find(g, name, found, MAX_CANDIDATES);
    if (n == 1) {
        *index = found[0];
        return 0;
    }
    err.status = EG_ENOTFOUND;
    if (n > 1) {
        snprintf(err.message, sizeof err.message,
                 "'%s' is ambiguous: it names %zu entities; give the id of one:", name, n);
        cli_print_error(&err);
        for (size_t i = 0; i < n && i < MAX_CANDIDATES; i++) {
            const eg_node *nd = &g->nodes[found[i]];
            fprintf(stderr, "  %s\t%s\t%s\n", nd->id, nd->label, nd->type);
        }
        if (n > MAX_CANDIDATES) fprintf(stderr, "  … and %zu more\n", n - MAX_CANDIDATES);
        return -1;
    }
    snprintf(err.message, sizeof err.message, "no entity named '%s'", name);
    cli_print_error(&err);
    uint32_t *similar = NULL;
    size_t n_similar = 0;
    if (!eg_query_similar(g, name, MAX_SUGGESTIONS, &similar, &n_similar) && n_similar) {
        fputs("did you mean:\n", stderr);
        for (size_t i = 0; i < n_similar; i++) {
            const eg_node *nd = &g->nodes[similar[i]];
            fprintf(stderr, "  %s\t%s\t%s\n", nd->label, nd->type, nd->id);
        }
    }
    eg_query_free(similar);
    return -1;
}

static void print_neighbors_json(const eg_graph *g, const query_args *a, uint32_t node,
                                 const eg_neighbor *nb, size_t n)
{
    fputs("{\"graph\":", stdout);
    json_string(a->graph_path);
    fputs(",\"node\":{", stdout);
    json_node_fields(&g->nodes[node]);
    putchar('}');
    json_type_filter(a->type);
    fputs(",\"neighbors\":[", stdout);
    for (size_t i = 0; i < n; i++) {
        const eg_edge *e = &g->edges[nb[i].edge];
        printf("%s{", i ? "," : "");
        json_node_fields(&g->nodes[nb[i].node]);
        printf(",\"weight\":%g,\"docs\":%llu,\"kind\":", nb[i].weight,
               (unsigned long long)nb[i].docs);
        json_string(e->kind ? e->kind : "cooccurrence");
        putchar('}');
    }
    fputs("]}\n", stdout);
}

static int print_neighbors_table(const eg_graph *g, const eg_neighbor *nb, size_t n)
{
    enum { COLS = 4 };
    static const int right[COLS] = {0, 0, 1, 1};
    int rc = EXIT_FAIL;
    const char **cells = calloc((n + 1) * COLS, sizeof *cells);
    row_text *text = calloc(n ? n : 1, sizeof *text);
    if (!cells || !text) {
        fprintf(stderr, "entgraph: error: %s\n", eg_status_message(EG_ENOMEM));
        goto fail;
    }
    cells[0] = "label";
    cells[1] = "type";
    cells[2] = "weight";
    cells[3] = "docs";
    for (size_t i = 0; i < n; i++) {
        const eg_node *nd = &g->nodes[nb[i].node];
        snprintf(text[i].a, sizeof text[i].a, "%g", nb[i].weight);
        snprintf(text[i].b, sizeof text[i].b, "%llu", (unsigned long long)nb[i].docs);
        cells[(i + 1) * COLS + 0] = nd->label;
        cells[(i + 1) * COLS + 1] = nd->type;
        cells[(i + 1) * COLS + 2] = text[i].a;
        cells[(i + 1) * COLS + 3] = text[i].b;
    }
    print_table(cells, n + 1, COLS, right);
    rc = EXIT_OK;
fail:
    free(cells);
    free(text);
    return rc;
}

static int run_neighbors(const eg_graph *g, const query_args *a)
{
    uint32_t node;
    eg_neighbor *nb = NULL;
    size_t n = 0;
    int rc = EXIT_OK;
    if (resolve_name(g, a->name, &node)) return EXIT_FAIL;
    if (eg_query_neighbors(g, node, a->type, a->limit, &nb, &n)) {
        fprintf(stderr, "entgraph: error: %s\n", eg_status_message(EG_ENOMEM));
        return EXIT_FAIL;
    }
    if (a->json)
        print_neighbors_json(g, a, node, nb, n);
    else
        rc = print_neighbors_table(g, nb, n);
    eg_query_free(nb);
    return rc;
}

int cmd_query(int argc, char **argv)
{
    query_args a;
    eg_graph g;
    eg_error err = {0};
    int rc = parse_args(argc, argv, &a);
    if (rc >= 0) return rc;
    eg_graph_init(&g);
    if (eg_graph_load_json(&g, a.graph_path, &err)) {
        cli_print_error(&err);
        return EXIT_FAIL;
    }
    rc = !strcmp(a.subcommand, "top") ? run_top(&g, &a) : run_neighbors(&g, &a);
    eg_graph_destroy(&g);
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fprintf(stderr, "entgraph: error: cannot write the answer: %s\n", strerror(errno));
        return EXIT_FAIL;
    }
    return rc;
}
