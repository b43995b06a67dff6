/* entgraph dict: check, search, grow and convert dictionaries. */
#define _XOPEN_SOURCE 700 /* realpath */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "cli.h"

static const char usage_text[] =
    "usage: entgraph dict lint [--no-default-dict] PATH...\n"
    "                                         report every problem of these dictionaries\n"
    "                                         as FILE:LINE:COLUMN: error|warning: ...;\n"
    "                                         parents may point into the bundled one\n"
    "       entgraph dict find [-d PATH] [--no-default-dict] [--prefix] TEXT\n"
    "                                         entities named TEXT (name or alias), with\n"
    "                                         their parent chain; all candidates when\n"
    "                                         the name is ambiguous\n"
    "       entgraph dict stats [PATH...]     entries by type, aliases, shared names\n"
    "                                         (default: the bundled dictionary)\n"
    "       entgraph dict suggest [-d PATH]... [-o REVIEW.tsv] [--min-count N] INPUT...\n"
    "                                         names the rules or the tagger (rule model)\n"
    "                                         found that no dictionary holds, with counts,\n"
    "                                         rule, confidence and two\n"
    "                                         contexts, most evidence first, for review\n"
    "       entgraph dict add FILE --id ID --name NAME --type TYPE [--aliases A|B]\n"
    "                         [--parent ID] [-d PATH] [--no-default-dict]\n"
    "       entgraph dict add FILE --from REVIEW.tsv\n"
    "                                         append checked entries to a user TSV file\n"
    "                                         (created with a header when missing); with\n"
    "                                         --from, the lines kept in a review file\n"
    "       entgraph dict import --from jieba|tsv|jsonl [-o OUT.tsv] FILE...\n"
    "                                         convert to entgraph TSV (stdout by default)\n"
    "       entgraph dict compile [-d PATH]... [--no-default-dict] -o FILE.egd\n"
    "                                         compile the dictionaries (the bundled one\n"
    "                                         unless --no-default-dict) into one file that\n"
    "                                         build/extract map from disk with -d FILE.egd\n"
    "       entgraph dict path                print the bundled dictionary folder\n"
    "\n"
    "Dictionary files: TSV (id name type aliases parent [attributes...]), JSONL with\n"
    "the same fields, or jieba user dictionaries (word [freq] [tag]; nr/nrt/nrfg ->\n"
    "PER, ns -> LOC, nt -> ORG). See dict/README.md.\n";

typedef struct lint_state {
    size_t errors, warnings;
    const char *context; /* the bundled folder loaded for context, or NULL */
} lint_state;

static void print_diag(void *user, const eg_diag *dg)
{
    lint_state *s = user;
    /* problems inside the context dictionary are not the user's */
    if (s->context && !strncmp(dg->path, s->context, strlen(s->context))) return;
    const char *level = dg->level == EG_DIAG_ERROR ? "error" : "warning";
    if (dg->level == EG_DIAG_ERROR) s->errors++;
    else s->warnings++;
    if (dg->line > 0)
        fprintf(stderr, "%s:%ld:%ld: %s: %s\n", dg->path, dg->line, dg->column > 0 ? dg->column : 1,
                level, dg->message);
    else
        fprintf(stderr, "%s: %s: %s\n", dg->path, level, dg->message);
}

static int lint(int argc, char **argv)
{
    int first = 0, with_context = 1;
    if (argc > 0 && !strcmp(argv[0], "--no-default-dict")) {
        with_context = 0;
        first = 1;
    }
    if (argc <= first) {
        fputs(usage_text, stderr);
        return EXIT_USAGE;
    }
    eg_dict *d = NULL;
    eg_error err = {0};
    lint_state s = {0, 0, NULL};
    if (eg_dict_new(&d)) return EXIT_FAIL;
    /* The bundled dictionary is the context parents may point into, unless
     * it is itself linted or left out. */
    const char *bundled = cli_default_dict_dir();
    char *bundled_real = realpath(bundled, NULL);
    for (int i = first; i < argc && bundled_real; i++) {
        char *r = realpath(argv[i], NULL);
        if (r && !strncmp(r, bundled_real, strlen(bundled_real))) with_context = 0;
        free(r);
    }
    free(bundled_real);
    if (with_context && eg_dict_load_path(d, bundled, &err) == EG_OK) s.context = bundled;
    size_t context_entries = eg_dict_count(d);
    eg_dict_set_diag(d, print_diag, &s);
    for (int i = first; i < argc; i++) {
        memset(&err, 0, sizeof err);
        eg_status st = eg_dict_load_path(d, argv[i], &err);
        if (st && st != EG_EPARSE && st != EG_EUTF8) {
            cli_print_error(&err);
            s.errors++;
        }
    }
    if (eg_dict_check(d, NULL) == EG_ENOMEM || eg_dict_lint_names(d, s.context, NULL)) {
        fprintf(stderr, "entgraph: error: out of memory\n");
        eg_dict_free(d);
        return EXIT_FAIL;
    }
    printf("%zu entries, %zu errors, %zu warnings\n", eg_dict_count(d) - context_entries, s.errors,
           s.warnings);
    eg_dict_free(d);
    return s.errors ? EXIT_FAIL : EXIT_OK;
}

/* Loads the dictionaries the options name: the bundled one unless
 * --no-default-dict, then each -d. */
static int parse_dict_opts(int argc, char **argv, const char *shortopts,
                           const struct option *extra, size_t n_extra,
                           int (*on_opt)(void *, int, const char *), void *user,
                           cli_corpus_opts *o)
{
    struct option longopts[16];
    size_t n = 0;
    longopts[n++] = (struct option){"dict", required_argument, NULL, 'd'};
    longopts[n++] = (struct option){"no-default-dict", no_argument, NULL, OPT_NO_DEFAULT_DICT};
    longopts[n++] = (struct option){"help", no_argument, NULL, 'h'};
    for (size_t k = 0; k < n_extra && n < 15; k++) longopts[n++] = extra[k];
    longopts[n] = (struct option){NULL, 0, NULL, 0};
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, shortopts, longopts, NULL)) != -1) {
        if (c == 'd') {
            if (cli_add_dict(o, optarg)) return EXIT_FAIL;
        } else if (c == OPT_NO_DEFAULT_DICT) {
            o->no_default_dict = 1;
        } else if (c == 'h') {
            fputs(usage_text, stdout);
            return -1;
        } else if (c == '?' || !on_opt || on_opt(user, c, optarg)) {
            fputs(usage_text, stderr);
            return EXIT_USAGE;
        }
    }
    return EXIT_OK;
}

static void print_entity(const eg_dict *d, size_t i)
{
    const eg_entity *e = eg_dict_entity(d, i);
    printf("%s\t%s\t%s", e->id, e->name, e->type);
    if (e->aliases[0]) printf("\taliases: %s", e->aliases);
    printf("\n");
    /* the parent chain, bounded in case of a cycle */
    const eg_entity *p = e;
    int depth = 0;
    if (p->parent[0]) printf("  in:");
    while (p->parent[0] && depth++ < 16) {
        long k = eg_dict_find_id(d, p->parent);
        if (k < 0) {
            printf(" %s (unknown)", p->parent);
            break;
        }
        p = eg_dict_entity(d, (size_t)k);
        printf(" %s %s", depth > 1 ? "<" : "", p->name);
    }
    if (e->parent[0]) printf("\n");
    for (size_t k = 0; k < e->n_attr; k++)
        printf("  %s: %s\n", e->attr[2 * k], e->attr[2 * k + 1]);
    printf("  from: %s:%ld\n", e->file, e->line);
}

static int find_prefix;
static int on_find_opt(void *user, int c, const char *arg)
{
    (void)user;
    (void)arg;
    if (c == 'p') {
        find_prefix = 1;
        return 0;
    }
    return 1;
}

static int find(int argc, char **argv)
{
    static const struct option extra[] = {{"prefix", no_argument, NULL, 'p'}};
    cli_corpus_opts o;
    eg_dict *d = NULL;
    int rc;
    cli_corpus_init(&o);
    find_prefix = 0;
    rc = parse_dict_opts(argc, argv, "d:hp", extra, 1, on_find_opt, NULL, &o);
    if (rc) goto done;
    if (optind != argc - 1) {
        fprintf(stderr, "entgraph dict find: give one TEXT\n");
        rc = EXIT_USAGE;
        goto done;
    }
    rc = cli_load_dict(&o, &d);
    if (rc) goto done;
    const char *text = argv[optind];
    uint32_t hits[50];
    size_t n = eg_dict_lookup(d, text, find_prefix, hits, 50);
    if (!n) { /* in the other script: 吳 for an entry written 吴 */
        char *simple = cli_simplified(text);
        if (simple) n = eg_dict_lookup(d, simple, find_prefix, hits, 50);
        free(simple);
    }
    if (!n) {
        fprintf(stderr, "entgraph: error: no entity named '%s'%s\n", text,
                find_prefix ? " or starting with it" : " (try --prefix)");
        rc = EXIT_FAIL;
        goto done;
    }
    if (n > 1) printf("%zu entities are named '%s'%s:\n", n, text, find_prefix ? " (or start with it)" : "");
    for (size_t k = 0; k < n && k < 50; k++) print_entity(d, hits[k]);
    if (n > 50) printf("... and %zu more\n", n - 50);
    rc = EXIT_OK;
done:
    if (rc < 0) rc = EXIT_OK;
    eg_dict_free(d);
    cli_corpus_destroy(&o);
    return rc;
}

static int stats(int argc, char **argv)
{
    eg_dict *d = NULL;
    eg_error err = {0};
    if (eg_dict_new(&d)) return EXIT_FAIL;
    int rc = EXIT_OK;
    if (argc == 0 && eg_dict_load_path(d, cli_default_dict_dir(), &err)) goto fail;
    for (int i = 0; i < argc; i++)
        if (eg_dict_load_path(d, argv[i], &err)) goto fail;
    const char *types[64];
    size_t counts[64], nt = 0, aliases = 0, with_parent = 0;
    for (size_t k = 0; k < eg_dict_count(d); k++) {
        const eg_entity *e = eg_dict_entity(d, k);
        size_t j = 0;
        while (j < nt && strcmp(types[j], e->type)) j++;
        if (j == nt && nt < 64) {
            types[nt] = e->type;
            counts[nt++] = 0;
        }
        if (j < nt) counts[j]++;
        if (e->aliases[0]) {
            aliases++;
            for (const char *p = e->aliases; *p; p++) aliases += *p == '|';
        }
        with_parent += e->parent[0] != 0;
    }
    printf("entries:     %zu\n", eg_dict_count(d));
    for (size_t j = 0; j < nt; j++) printf("  %-10s %zu\n", types[j], counts[j]);
    printf("aliases:     %zu\n", aliases);
    printf("with parent: %zu\n", with_parent);
    printf("overridden:  %zu\n", eg_dict_overrides(d));
    goto done;
fail:
    cli_print_error(&err);
    rc = EXIT_FAIL;
done:
    eg_dict_free(d);
    return rc;
}

/* ---- add ---------------------------------------------------------------- */

typedef struct add_opts {
    const char *id, *name, *type, *aliases, *parent, *from;
} add_opts;

enum { OPT_ID = OPT_OTHER_BASE, OPT_NAME, OPT_TYPE, OPT_ALIASES, OPT_PARENT, OPT_FROM, OPT_OUT,
       OPT_MIN_COUNT };

static int on_add_opt(void *user, int c, const char *arg)
{
    add_opts *a = user;
    switch (c) {
    case OPT_ID: a->id = arg; return 0;
    case OPT_NAME: a->name = arg; return 0;
    case OPT_TYPE: a->type = arg; return 0;
    case OPT_ALIASES: a->aliases = arg; return 0;
    case OPT_PARENT: a->parent = arg; return 0;
    case OPT_FROM: a->from = arg; return 0;
    }
    return 1;
}

/* A field may not hold a tab, a newline or other control characters. */
static int clean_field(const char *s)
{
    for (; *s; s++)
        if ((unsigned char)*s < 0x20 || *s == 0x7F) return 0;
    return 1;
}

typedef struct new_entry {
    char *id, *name, *type, *aliases, *parent;
} new_entry;

static void lower_ascii(char *s)
{
    for (; *s; s++)
        if (*s >= 'A' && *s <= 'Z') *s = (char)(*s - 'A' + 'a');
}

/* Reads the entries a user kept from a review file of 'dict suggest'
 * (header: name, type, …): each becomes <type>:<name>. */
static int read_review(const char *path, new_entry **out, size_t *n_out)
{
    FILE *fp = fopen(path, "rb");
    if (!fp) {
        fprintf(stderr, "%s: error: cannot open: %s\n", path, strerror(errno));
        return EXIT_FAIL;
    }
    char line[8192];
    long lineno = 0;
    int header = 0, rc = EXIT_OK;
    new_entry *v = NULL;
    size_t n = 0;
    while (fgets(line, sizeof line, fp)) {
        lineno++;
        size_t l = strlen(line);
        while (l && (line[l - 1] == '\n' || line[l - 1] == '\r')) line[--l] = 0;
        if (!l || line[0] == '#') continue;
        char *tab = strchr(line, '\t');
        char *tab2 = tab ? strchr(tab + 1, '\t') : NULL;
        if (!header) {
            if (!tab || strncmp(line, "name\ttype", 9)) {
                fprintf(stderr, "%s:%ld:1: error: a review file starts with the header 'name<TAB>type<TAB>…' "
                                "that 'entgraph dict suggest' writes\n", path, lineno);
                rc = EXIT_FAIL;
                break;
            }
            header = 1;
            continue;
        }
        if (!tab) {
            fprintf(stderr, "%s:%ld:%zu: error: expected name<TAB>type\n", path, lineno, l + 1);
            rc = EXIT_FAIL;
            break;
        }
        *tab = 0;
        if (tab2) *tab2 = 0;
        new_entry *p = realloc(v, (n + 1) * sizeof *v);
        if (!p) {
            rc = EXIT_FAIL;
            break;
        }
        v = p;
        char idbuf[8300];
        snprintf(idbuf, sizeof idbuf, "%s", tab + 1);
        lower_ascii(idbuf); /* the type, lower-cased, prefixes the name: per:王立新 */
        size_t pl = strlen(idbuf);
        snprintf(idbuf + pl, sizeof idbuf - pl, ":%s", line);
        v[n].id = strdup(idbuf);
        v[n].name = strdup(line);
        v[n].type = strdup(tab + 1);
        v[n].aliases = strdup("");
        v[n].parent = strdup("");
        n++;
        if (!v[n - 1].id || !v[n - 1].name || !v[n - 1].type || !v[n - 1].aliases || !v[n - 1].parent) {
            rc = EXIT_FAIL;
            break;
        }
    }
    fclose(fp);
    *out = v;
    *n_out = n;
    return rc;
}

static void free_entries(new_entry *v, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(v[i].id);
        free(v[i].name);
        free(v[i].type);
        free(v[i].aliases);
        free(v[i].parent);
    }
    free(v);
}

/* Why e cannot be added to d (NULL when it can); msg is filled. */
static const char *refusal(const eg_dict *d, const new_entry *e, char *msg, size_t cap)
{
    eg_error err = {0};
    if (!clean_field(e->id) || !clean_field(e->name) || !clean_field(e->type) ||
        !clean_field(e->aliases) || !clean_field(e->parent)) {
        snprintf(msg, cap, "fields may not contain tabs, newlines or control characters");
        return msg;
    }
    /* the entry must load as a dictionary of its own */
    char buf[4096];
    snprintf(buf, sizeof buf, "id\tname\ttype\taliases\tparent\n%s\t%s\t%s\t%s\t%s\n", e->id, e->name,
             e->type, e->aliases, e->parent);
    eg_dict *one = NULL;
    if (eg_dict_new(&one)) return "out of memory";
    eg_status st = eg_dict_load_buffer(one, "(new entry)", buf, strlen(buf), &err);
    eg_dict_free(one);
    if (st) {
        snprintf(msg, cap, "%s", err.message);
        return msg;
    }
    long have = eg_dict_find_id(d, e->id);
    if (have >= 0) {
        const eg_entity *x = eg_dict_entity(d, (size_t)have);
        snprintf(msg, cap, "id '%s' already exists (%s, %s:%ld)", e->id, x->name, x->file, x->line);
        return msg;
    }
    uint32_t hits[8];
    size_t n = eg_dict_lookup(d, e->name, 0, hits, 8);
    for (size_t k = 0; k < n && k < 8; k++) {
        const eg_entity *x = eg_dict_entity(d, hits[k]);
        if (!strcmp(x->type, e->type) && !strcmp(x->parent, e->parent)) {
            snprintf(msg, cap, "'%s' is already %s (%s, %s:%ld); add an alias there instead", e->name,
                     x->id, x->type, x->file, x->line);
            return msg;
        }
    }
    if (e->parent[0] && eg_dict_find_id(d, e->parent) < 0) {
        snprintf(msg, cap, "parent '%s' is not a known id", e->parent);
        return msg;
    }
    return NULL;
}

static int add(int argc, char **argv)
{
    static const struct option extra[] = {
        {"id", required_argument, NULL, OPT_ID},
        {"name", required_argument, NULL, OPT_NAME},
        {"type", required_argument, NULL, OPT_TYPE},
        {"aliases", required_argument, NULL, OPT_ALIASES},
        {"parent", required_argument, NULL, OPT_PARENT},
        {"from", required_argument, NULL, OPT_FROM},
    };
    cli_corpus_opts o;
    add_opts a = {NULL, NULL, NULL, "", "", NULL};
    eg_dict *d = NULL;
    eg_error err = {0};
    char *old = NULL;
    new_entry *v = NULL;
    size_t n = 0, kept = 0;
    int rc;
    cli_corpus_init(&o);
    rc = parse_dict_opts(argc, argv, "d:h", extra, 6, on_add_opt, &a, &o);
    if (rc) goto done;
    if (optind != argc - 1 || (!a.from && (!a.id || !a.name || !a.type)) || (a.from && (a.id || a.name))) {
        fprintf(stderr, "entgraph dict add: give FILE and either --id, --name and --type, or --from REVIEW.tsv\n");
        rc = EXIT_USAGE;
        goto done;
    }
    const char *file = argv[optind];
    rc = EXIT_FAIL;
    if (a.from) {
        if (read_review(a.from, &v, &n)) goto done;
    } else {
        v = calloc(1, sizeof *v);
        if (!v) goto done;
        n = 1;
        v[0].id = strdup(a.id);
        v[0].name = strdup(a.name);
        v[0].type = strdup(a.type);
        v[0].aliases = strdup(a.aliases);
        v[0].parent = strdup(a.parent);
        if (!v[0].id || !v[0].name || !v[0].type || !v[0].aliases || !v[0].parent) goto done;
    }
    /* checked against the file and the other dictionaries … */
    if (cli_load_dict(&o, &d)) goto done;
    struct stat sb;
    int exists = stat(file, &sb) == 0;
    if (exists && eg_dict_load_path(d, file, &err)) {
        cli_print_error(&err);
        goto done;
    }
    eg__buf lines = EG__BUF_INIT, one = EG__BUF_INIT;
    int refused = 0;
    for (size_t i = 0; i < n; i++) {
        char msg[1024];
        const char *why = refusal(d, &v[i], msg, sizeof msg);
        if (why) {
            fprintf(stderr, "%s%s: %s: %s\n", a.from ? a.from : "entgraph", a.from ? "" : "",
                    a.from ? "skipped" : "error", why);
            refused = 1;
            free(v[i].id);
            v[i].id = NULL;
            continue;
        }
        /* a later entry of the same batch must not repeat this one */
        eg__buf_reset(&one);
        eg__buf_printf(&one, "id\tname\ttype\taliases\tparent\n%s\t%s\t%s\t%s\t%s\n", v[i].id,
                       v[i].name, v[i].type, v[i].aliases, v[i].parent);
        size_t header = sizeof "id\tname\ttype\taliases\tparent\n" - 1;
        if (eg__buf_status(&one) || eg__buf_append(&lines, one.data + header, one.len - header)) {
            eg__buf_free(&one);
            eg__buf_free(&lines);
            goto done;
        }
        kept++;
        eg_dict_load_buffer(d, file, one.data, one.len, NULL);
    }
    eg__buf_free(&one);
    if (!kept) {
        eg__buf_free(&lines);
        /* with --from, lines skipped as already present are reports, not failures */
        rc = a.from ? EXIT_OK : EXIT_FAIL;
        if (a.from) fprintf(stderr, "%s: nothing to add\n", a.from);
        goto done;
    }
    /* … and the file rewritten whole, atomically. */
    size_t oldlen = 0;
    if (exists && eg__read_file(file, &old, &oldlen, &err)) {
        cli_print_error(&err);
        eg__buf_free(&lines);
        goto done;
    }
    cli_out co = {0};
    if (cli_out_open(&co, file)) {
        eg__buf_free(&lines);
        goto done;
    }
    FILE *out = co.fp;
    if (!exists || oldlen == 0)
        fputs("# entgraph user dictionary (format: dict/README.md)\nid\tname\ttype\taliases\tparent\n", out);
    else {
        fwrite(old, 1, oldlen, out);
        if (old[oldlen - 1] != '\n') fputc('\n', out);
    }
    fwrite(lines.data, 1, lines.len, out);
    eg__buf_free(&lines);
    if (cli_out_commit(&co)) goto done;
    for (size_t i = 0; i < n; i++)
        if (v[i].id) printf("added %s (%s, %s) to %s\n", v[i].id, v[i].name, v[i].type, file);
    rc = refused && !a.from ? EXIT_FAIL : EXIT_OK;
done:
    if (rc < 0) rc = EXIT_OK;
    free_entries(v, n);
    free(old);
    eg_dict_free(d);
    cli_corpus_destroy(&o);
    return rc;
}

/* ---- suggest ------------------------------------------------------------ */

typedef struct suggestion {
    uint32_t entity;
    uint64_t count, docs, last_doc;
    uint32_t rule;
    double confidence;
    char *context[2];
} suggestion;

static int by_evidence(const void *pa, const void *pb)
{
    const suggestion *a = pa, *b = pb;
    if (a->count != b->count) return a->count > b->count ? -1 : 1;
    if (a->docs != b->docs) return a->docs > b->docs ? -1 : 1;
    if (a->confidence != b->confidence) return a->confidence > b->confidence ? -1 : 1;
    return a->entity < b->entity ? -1 : a->entity > b->entity;
}

/* The sentence around a mention, at most 40 bytes of context each side,
 * without line breaks or tabs, the mention in 【】. */
static char *snippet(const eg_doc *doc, const eg_doc_mentions *dm, const eg_mention *m)
{
    const eg_sentence *se = &dm->sentences[m->sentence];
    size_t b = se->byte_start, e = se->byte_end;
    if (m->byte_start > b + 45) {
        b = m->byte_start - 45;
        while (b < m->byte_start && eg__utf8_is_cont((unsigned char)doc->text[b])) b++;
    }
    if (e > m->byte_end + 45) {
        e = m->byte_end + 45;
        while (e > m->byte_end && eg__utf8_is_cont((unsigned char)doc->text[e])) e--;
    }
    char *out = malloc(e - b + 8), *o = out;
    if (!out) return NULL;
    for (size_t i = b; i < e; i++) {
        if (i == m->byte_start) o += sprintf(o, "\u3010");
        if (i == m->byte_end) o += sprintf(o, "\u3011");
        char c = doc->text[i];
        if (c == '\n' || c == '\r' || c == '\t') continue;
        *o++ = c;
    }
    if (e == m->byte_end) o += sprintf(o, "\u3011");
    *o = 0;
    return out;
}

static int suggest(int argc, char **argv)
{
    static const struct option longopts[] = {
        CLI_CORPUS_LONG_OPTIONS,
        {"out", required_argument, NULL, 'o'},
        {"min-count", required_argument, NULL, OPT_MIN_COUNT},
        {NULL, 0, NULL, 0},
    };
    cli_corpus_opts o;
    const char *out_path = NULL;
    long min_count = 1;
    int c, rc = EXIT_FAIL;
    eg_dict *dict = NULL;
    eg_extractor *x = NULL;
    eg_reader *r = NULL;
    eg_doc_mentions dm = {0};
    eg_error err = {0};
    suggestion *sg = NULL;
    size_t n_sg = 0;
    uint32_t *slot = NULL; /* entity → 1 + index into sg */
    size_t n_slot = 0;
    uint64_t docs = 0;
    FILE *out = stdout;
    cli_out co = {0};
    cli_corpus_init(&o);
    optind = 1;
    while ((c = getopt_long(argc, argv, "d:qho:", longopts, NULL)) != -1) {
        int h = cli_corpus_option(&o, c, optarg);
        if (h < 0) {
            rc = EXIT_USAGE;
            goto done;
        }
        if (h) continue;
        if (c == 'h') {
            fputs(usage_text, stdout);
            rc = EXIT_OK;
            goto done;
        }
        if (c == 'o') out_path = optarg;
        else if (c == OPT_MIN_COUNT) {
            char *end;
            min_count = strtol(optarg, &end, 10);
            if (*end || min_count < 1) {
                fprintf(stderr, "entgraph dict suggest: --min-count takes a whole number >= 1\n");
                rc = EXIT_USAGE;
                goto done;
            }
        } else {
            fputs(usage_text, stderr);
            rc = EXIT_USAGE;
            goto done;
        }
    }
    if (optind >= argc) {
        fprintf(stderr, "entgraph dict suggest: give the texts to read (files, folders, -)\n");
        rc = EXIT_USAGE;
        goto done;
    }
    if (cli_open_extractor(&o, &dict, &x)) goto done;
    if (eg_reader_new(&r, (const char *const *)argv + optind, (size_t)(argc - optind), &o.reader, &err)) {
        cli_print_error(&err);
        goto done;
    }
    for (;;) {
        eg_doc doc;
        if (eg_reader_next(r, &doc, &err)) {
            cli_print_error(&err);
            goto done;
        }
        if (!doc.text) break;
        if (eg_extractor_run(x, doc.text, doc.len, &dm, &err)) {
            cli_print_error(&err);
            goto done;
        }
        docs++;
        for (size_t i = 0; i < dm.n; i++) {
            const eg_mention *m = &dm.v[i];
            const eg_entity *e = eg_extractor_entity(x, m->entity);
            if (strcmp(e->source, "rule") && strcmp(e->source, "model")) continue;
            if (m->entity >= n_slot) {
                size_t ns = n_slot ? n_slot : 1024;
                while (ns <= m->entity) ns *= 2;
                uint32_t *p = realloc(slot, ns * sizeof *p);
                if (!p) goto nomem;
                memset(p + n_slot, 0, (ns - n_slot) * sizeof *p);
                slot = p;
                n_slot = ns;
            }
            if (!slot[m->entity]) {
                suggestion *p = realloc(sg, (n_sg + 1) * sizeof *sg);
                if (!p) goto nomem;
                sg = p;
                memset(&sg[n_sg], 0, sizeof *sg);
                sg[n_sg].entity = m->entity;
                slot[m->entity] = (uint32_t)++n_sg;
            }
            suggestion *g = &sg[slot[m->entity] - 1];
            g->count++;
            if (g->last_doc != docs) {
                g->last_doc = docs;
                g->docs++;
            }
            double conf = m->confidence;
            if (conf > g->confidence) {
                g->confidence = conf;
                g->rule = m->rule;
            }
            for (int k = 0; k < 2; k++) {
                if (g->context[k]) continue;
                if (k == 1 && g->docs < 2 && g->count < 2) break;
                g->context[k] = snippet(&doc, &dm, m);
                break;
            }
        }
    }
    if (n_sg) qsort(sg, n_sg, sizeof *sg, by_evidence);
    if (cli_out_open(&co, out_path)) goto done;
    out = co.fp;
    fprintf(out, "# names the rules or the tagger found in %llu documents that no dictionary holds, most evidence first.\n"
                 "# Delete the lines you do not want, then: entgraph dict add MY.tsv --from THIS_FILE\n",
            (unsigned long long)docs);
    fprintf(out, "name\ttype\tcount\tdocs\trule\tconfidence\tcontext1\tcontext2\n");
    size_t written = 0;
    for (size_t i = 0; i < n_sg; i++) {
        const suggestion *g = &sg[i];
        if ((long)g->count < min_count) continue;
        const eg_entity *e = eg_extractor_entity(x, g->entity);
        fprintf(out, "%s\t%s\t%llu\t%llu\t%s\t%.2f\t%s\t%s\n", e->name, e->type,
                (unsigned long long)g->count, (unsigned long long)g->docs, eg_extract_rule_name(g->rule),
                g->confidence, g->context[0] ? g->context[0] : "", g->context[1] ? g->context[1] : "");
        written++;
    }
    if (cli_out_commit(&co)) goto done;
    if (out_path && !o.quiet) fprintf(stderr, "wrote %zu suggestions to %s\n", written, out_path);
    rc = EXIT_OK;
    goto done;
nomem:
    fprintf(stderr, "entgraph: error: out of memory\n");
done:
    cli_out_abort(&co);
    for (size_t i = 0; i < n_sg; i++) {
        free(sg[i].context[0]);
        free(sg[i].context[1]);
    }
    free(sg);
    free(slot);
    eg_doc_mentions_destroy(&dm);
    eg_reader_free(r);
    eg_extractor_free(x);
    eg_dict_free(dict);
    cli_corpus_destroy(&o);
    return rc;
}

/* ---- import ------------------------------------------------------------- */

static int import(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"from", required_argument, NULL, OPT_FROM},
        {"out", required_argument, NULL, 'o'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *from = NULL, *out_path = NULL;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "o:h", longopts, NULL)) != -1) {
        if (c == OPT_FROM) from = optarg;
        else if (c == 'o') out_path = optarg;
        else if (c == 'h') {
            fputs(usage_text, stdout);
            return EXIT_OK;
        } else {
            fputs(usage_text, stderr);
            return EXIT_USAGE;
        }
    }
    eg_dict_format fmt;
    if (!from) {
        fprintf(stderr, "entgraph dict import: --from jieba|tsv|jsonl is required\n");
        return EXIT_USAGE;
    }
    if (!strcmp(from, "jieba")) fmt = EG_DICT_JIEBA;
    else if (!strcmp(from, "tsv")) fmt = EG_DICT_TSV;
    else if (!strcmp(from, "jsonl")) fmt = EG_DICT_JSONL;
    else {
        fprintf(stderr, "entgraph dict import: unknown format '%s' (jieba, tsv, jsonl)\n", from);
        return EXIT_USAGE;
    }
    if (optind >= argc) {
        fprintf(stderr, "entgraph dict import: give at least one FILE\n");
        return EXIT_USAGE;
    }
    eg_dict *d = NULL;
    eg_error err = {0};
    int rc = EXIT_FAIL;
    FILE *out = stdout;
    cli_out co = {0};
    if (eg_dict_new(&d)) return EXIT_FAIL;
    for (int i = optind; i < argc; i++) {
        eg_jieba_stats js;
        if (eg_dict_load_path_as(d, argv[i], fmt, &js, &err)) {
            cli_print_error(&err);
            goto done;
        }
        if (fmt == EG_DICT_JIEBA)
            fprintf(stderr, "%s: %zu lines, %zu entries kept, %zu skipped%s%s%s\n", argv[i], js.lines,
                    js.kept, js.skipped, js.skipped ? " (tags: " : "", js.skipped_tags, js.skipped ? ")" : "");
    }
    if (cli_out_open(&co, out_path)) goto done;
    out = co.fp;
    /* attribute columns: the union of attribute names, in first-seen order */
    const char *cols[32];
    size_t ncols = 0;
    for (size_t k = 0; k < eg_dict_count(d); k++) {
        const eg_entity *e = eg_dict_entity(d, k);
        for (size_t a = 0; a < e->n_attr; a++) {
            size_t j = 0;
            while (j < ncols && strcmp(cols[j], e->attr[2 * a])) j++;
            if (j == ncols && ncols < 32) cols[ncols++] = e->attr[2 * a];
        }
    }
    fprintf(out, "id\tname\ttype\taliases\tparent");
    for (size_t j = 0; j < ncols; j++) fprintf(out, "\t%s", cols[j]);
    fputc('\n', out);
    for (size_t k = 0; k < eg_dict_count(d); k++) {
        const eg_entity *e = eg_dict_entity(d, k);
        fprintf(out, "%s\t%s\t%s\t%s\t%s", e->id, e->name, e->type, e->aliases, e->parent);
        for (size_t j = 0; j < ncols; j++) {
            const char *v = eg_dict_attr(d, k, cols[j]);
            fprintf(out, "\t%s", v ? v : "");
        }
        fputc('\n', out);
    }
    if (cli_out_commit(&co)) goto done;
    if (out_path) fprintf(stderr, "wrote %zu entries to %s\n", eg_dict_count(d), out_path);
    rc = EXIT_OK;
done:
    cli_out_abort(&co);
    eg_dict_free(d);
    return rc;
}

static const char *compile_out;
static int on_compile_opt(void *user, int c, const char *arg)
{
    (void)user;
    if (c == 'o') {
        compile_out = arg;
        return 0;
    }
    return 1;
}

static int compile(int argc, char **argv)
{
    static const struct option extra[] = {{"out", required_argument, NULL, 'o'}};
    cli_corpus_opts o;
    eg_dict *d = NULL;
    eg_extractor *x = NULL;
    eg_error err = {0};
    int rc;
    cli_corpus_init(&o);
    o.text_dict = 1; /* what the build's own image is made from */
    compile_out = NULL;
    rc = parse_dict_opts(argc, argv, "d:ho:", extra, 1, on_compile_opt, NULL, &o);
    if (rc) goto done;
    if (!compile_out || optind != argc) {
        fprintf(stderr, "entgraph dict compile: give -o FILE.egd (and dictionaries with -d)\n");
        rc = EXIT_USAGE;
        goto done;
    }
    for (size_t i = 0; i < o.n_dicts; i++) {
        size_t l = strlen(o.dicts[i]);
        if (l > 4 && !strcmp(o.dicts[i] + l - 4, ".egd")) {
            fprintf(stderr, "entgraph dict compile: %s is compiled already\n", o.dicts[i]);
            rc = EXIT_USAGE;
            goto done;
        }
    }
    double t0 = cli_now();
    rc = cli_open_extractor(&o, &d, &x);
    if (rc) goto done;
    double t1 = cli_now();
    if (eg_extractor_save(x, compile_out, &err)) {
        cli_print_error(&err);
        rc = EXIT_FAIL;
        goto done;
    }
    struct stat sb;
    long long size = stat(compile_out, &sb) ? -1 : (long long)sb.st_size;
    printf("compiled %zu entities (%zu names shared by several, resolved per document) in %.2f s\n"
           "wrote %s (%.1f MB)\n",
           eg_dict_count(d), eg_extractor_name_clashes(x), t1 - t0, compile_out, (double)size / 1e6);
    rc = EXIT_OK;
done:
    if (rc < 0) rc = EXIT_OK;
    eg_extractor_free(x);
    eg_dict_free(d);
    cli_corpus_destroy(&o);
    return rc;
}

int cmd_dict(int argc, char **argv)
{
    if (argc < 2) {
        fputs(usage_text, stderr);
        return EXIT_USAGE;
    }
    const char *sub = argv[1];
    if (!strcmp(sub, "-h") || !strcmp(sub, "--help")) {
        fputs(usage_text, stdout);
        return EXIT_OK;
    }
    if (!strcmp(sub, "lint")) return lint(argc - 2, argv + 2);
    if (!strcmp(sub, "stats")) return stats(argc - 2, argv + 2);
    if (!strcmp(sub, "find")) return find(argc - 1, argv + 1);
    if (!strcmp(sub, "add")) return add(argc - 1, argv + 1);
    if (!strcmp(sub, "import")) return import(argc - 1, argv + 1);
    if (!strcmp(sub, "compile")) return compile(argc - 1, argv + 1);
    if (!strcmp(sub, "suggest")) return suggest(argc - 1, argv + 1);
    if (!strcmp(sub, "path")) {
        printf("%s\n", cli_default_dict_dir());
        return EXIT_OK;
    }
    fprintf(stderr, "entgraph dict: unknown subcommand '%s'\n", sub);
    fputs(usage_text, stderr);
    return EXIT_USAGE;
}
