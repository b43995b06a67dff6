/* entgraph dict: check, search, grow and convert dictionaries. */
#define _XOPEN_SOURCE 700 /* realpath */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

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
    "       entgraph dict add FILE --id ID --name NAME --type TYPE [--aliases A|B]\n"
    "                         [--parent ID] [-d PATH] [--no-default-dict]\n"
    "                                         append a checked entry to a user TSV file\n"
    "                                         (created with a header when missing)\n"
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
    if (eg_dict_check(d, NULL) == EG_ENOMEM) {
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
    const char *id, *name, *type, *aliases, *parent;
} add_opts;

enum { OPT_ID = OPT_OTHER_BASE, OPT_NAME, OPT_TYPE, OPT_ALIASES, OPT_PARENT, OPT_FROM, OPT_OUT };

static int on_add_opt(void *user, int c, const char *arg)
{
    add_opts *a = user;
    switch (c) {
    case OPT_ID: a->id = arg; return 0;
    case OPT_NAME: a->name = arg; return 0;
    case OPT_TYPE: a->type = arg; return 0;
    case OPT_ALIASES: a->aliases = arg; return 0;
    case OPT_PARENT: a->parent = arg; return 0;
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

static int add(int argc, char **argv)
{
    static const struct option extra[] = {
        {"id", required_argument, NULL, OPT_ID},
        {"name", required_argument, NULL, OPT_NAME},
        {"type", required_argument, NULL, OPT_TYPE},
        {"aliases", required_argument, NULL, OPT_ALIASES},
        {"parent", required_argument, NULL, OPT_PARENT},
    };
    cli_corpus_opts o;
    add_opts a = {NULL, NULL, NULL, "", ""};
    eg_dict *d = NULL, *target = NULL;
    eg_error err = {0};
    char *old = NULL, *tmp = NULL;
    int rc;
    cli_corpus_init(&o);
    rc = parse_dict_opts(argc, argv, "d:h", extra, 5, on_add_opt, &a, &o);
    if (rc) goto done;
    if (optind != argc - 1 || !a.id || !a.name || !a.type) {
        fprintf(stderr, "entgraph dict add: give FILE, --id, --name and --type\n");
        rc = EXIT_USAGE;
        goto done;
    }
    const char *file = argv[optind];
    rc = EXIT_FAIL;
    if (!clean_field(a.id) || !clean_field(a.name) || !clean_field(a.type) ||
        !clean_field(a.aliases) || !clean_field(a.parent)) {
        fprintf(stderr, "entgraph: error: fields may not contain tabs, newlines or control characters\n");
        goto done;
    }
    /* The entry must load as a dictionary of its own … */
    size_t len = strlen(a.id) + strlen(a.name) + strlen(a.type) + strlen(a.aliases) + strlen(a.parent) + 64;
    char *line = malloc(len);
    if (!line) goto done;
    snprintf(line, len, "%s\t%s\t%s\t%s\t%s\n", a.id, a.name, a.type, a.aliases, a.parent);
    size_t buflen = strlen(line) + 40;
    char *buf = malloc(buflen);
    if (!buf) {
        free(line);
        goto done;
    }
    snprintf(buf, buflen, "id\tname\ttype\taliases\tparent\n%s", line);
    eg_dict_new(&target);
    if (!target || eg_dict_load_buffer(target, "(new entry)", buf, strlen(buf), &err)) {
        err.line = 0; /* the position is in our own buffer, not the user's file */
        cli_print_error(&err);
        free(line);
        free(buf);
        goto done;
    }
    free(buf);
    /* … not clash with the file or the other dictionaries … */
    if (cli_load_dict(&o, &d)) {
        free(line);
        goto done;
    }
    struct stat sb;
    int exists = stat(file, &sb) == 0;
    if (exists && eg_dict_load_path(d, file, &err)) {
        cli_print_error(&err);
        free(line);
        goto done;
    }
    long have = eg_dict_find_id(d, a.id);
    if (have >= 0) {
        const eg_entity *e = eg_dict_entity(d, (size_t)have);
        fprintf(stderr, "entgraph: error: id '%s' already exists (%s, %s:%ld)\n", a.id, e->name, e->file, e->line);
        free(line);
        goto done;
    }
    uint32_t hits[8];
    size_t n = eg_dict_lookup(d, a.name, 0, hits, 8);
    for (size_t k = 0; k < n && k < 8; k++) {
        const eg_entity *e = eg_dict_entity(d, hits[k]);
        if (!strcmp(e->type, a.type) && !strcmp(e->parent, a.parent)) {
            fprintf(stderr, "entgraph: error: '%s' is already %s (%s, %s:%ld); add an alias there instead\n",
                    a.name, e->id, e->type, e->file, e->line);
            free(line);
            goto done;
        }
    }
    if (a.parent[0] && eg_dict_find_id(d, a.parent) < 0) {
        fprintf(stderr, "entgraph: error: parent '%s' is not a known id\n", a.parent);
        free(line);
        goto done;
    }
    /* … and then the file is rewritten whole, atomically. */
    size_t oldlen = 0;
    if (exists) {
        FILE *fp = fopen(file, "rb");
        if (!fp) {
            fprintf(stderr, "%s: error: cannot open: %s\n", file, strerror(errno));
            free(line);
            goto done;
        }
        old = malloc((size_t)sb.st_size + 1);
        oldlen = old ? fread(old, 1, (size_t)sb.st_size, fp) : 0;
        fclose(fp);
        if (!old) {
            free(line);
            goto done;
        }
    }
    size_t tl = strlen(file) + 16;
    tmp = malloc(tl);
    if (!tmp) {
        free(line);
        goto done;
    }
    snprintf(tmp, tl, "%s.tmp-XXXXXX", file);
    int fd = mkstemp(tmp);
    FILE *out = fd >= 0 ? fdopen(fd, "wb") : NULL;
    if (!out) {
        fprintf(stderr, "%s: error: cannot write: %s\n", file, strerror(errno));
        if (fd >= 0) close(fd);
        free(line);
        goto done;
    }
    if (!exists || oldlen == 0) fputs("# entgraph user dictionary (format: dict/README.md)\nid\tname\ttype\taliases\tparent\n", out);
    else {
        fwrite(old, 1, oldlen, out);
        if (old[oldlen - 1] != '\n') fputc('\n', out);
    }
    fputs(line, out);
    free(line);
    if (exists) fchmod(fileno(out), sb.st_mode & 07777);
    else fchmod(fileno(out), 0644);
    if (fflush(out) || fsync(fileno(out)) || fclose(out) || rename(tmp, file)) {
        fprintf(stderr, "%s: error: cannot write: %s\n", file, strerror(errno));
        unlink(tmp);
        goto done;
    }
    printf("added %s (%s, %s) to %s\n", a.id, a.name, a.type, file);
    rc = EXIT_OK;
done:
    if (rc < 0) rc = EXIT_OK;
    free(old);
    free(tmp);
    eg_dict_free(d);
    eg_dict_free(target);
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
    char *tmp = NULL;
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
    if (out_path) {
        size_t tl = strlen(out_path) + 16;
        tmp = malloc(tl);
        if (!tmp) goto done;
        snprintf(tmp, tl, "%s.tmp-XXXXXX", out_path);
        int fd = mkstemp(tmp);
        out = fd >= 0 ? fdopen(fd, "wb") : NULL;
        if (!out) {
            fprintf(stderr, "%s: error: cannot write: %s\n", out_path, strerror(errno));
            if (fd >= 0) close(fd);
            free(tmp);
            tmp = NULL;
            out = stdout;
            goto done;
        }
        fchmod(fileno(out), 0644);
    }
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
    if (out != stdout) {
        if (fflush(out) || fsync(fileno(out)) || fclose(out) || rename(tmp, out_path)) {
            fprintf(stderr, "%s: error: cannot write: %s\n", out_path, strerror(errno));
            unlink(tmp);
            out = stdout;
            goto done;
        }
        out = stdout;
        fprintf(stderr, "wrote %zu entries to %s\n", eg_dict_count(d), out_path);
    } else if (fflush(stdout)) {
        fprintf(stderr, "entgraph: error: cannot write to stdout\n");
        goto done;
    }
    rc = EXIT_OK;
done:
    if (out != stdout) {
        fclose(out);
        unlink(tmp);
    }
    free(tmp);
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
    if (!strcmp(sub, "path")) {
        printf("%s\n", cli_default_dict_dir());
        return EXIT_OK;
    }
    fprintf(stderr, "entgraph dict: unknown subcommand '%s'\n", sub);
    fputs(usage_text, stderr);
    return EXIT_USAGE;
}
