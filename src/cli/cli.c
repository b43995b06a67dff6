#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"

#ifndef EG_SOURCE_DICT_DIR
#define EG_SOURCE_DICT_DIR ""
#endif
#ifndef EG_INSTALLED_DICT_DIR
#define EG_INSTALLED_DICT_DIR "/usr/local/share/entgraph/dict"
#endif

void cli_print_error(const eg_error *err)
{
    char buf[1200];
    eg_error_format(err, buf, sizeof buf);
    if (err->path[0])
        fprintf(stderr, "%s\n", buf);
    else
        fprintf(stderr, "entgraph: %s\n", buf);
}

const char *cli_default_dict_dir(void)
{
    const char *env = getenv("ENTGRAPH_DICT_DIR");
    if (env && *env) return env;
    struct stat sb;
    if (EG_SOURCE_DICT_DIR[0] && !stat(EG_SOURCE_DICT_DIR, &sb) && S_ISDIR(sb.st_mode))
        return EG_SOURCE_DICT_DIR;
    return EG_INSTALLED_DICT_DIR;
}

int cli_add_dict(cli_corpus_opts *o, const char *path)
{
    const char **p = realloc(o->dicts, (o->n_dicts + 1) * sizeof *p);
    if (!p) {
        fprintf(stderr, "entgraph: error: out of memory\n");
        return EXIT_FAIL;
    }
    o->dicts = p;
    o->dicts[o->n_dicts++] = path;
    return EXIT_OK;
}

int cli_load_dict(const cli_corpus_opts *o, eg_dict **out)
{
    eg_dict *d = NULL;
    eg_error err = {0};
    if (eg_dict_new(&d)) {
        fprintf(stderr, "entgraph: error: out of memory\n");
        return EXIT_FAIL;
    }
    if (!o->no_default_dict && eg_dict_load_path(d, cli_default_dict_dir(), &err)) goto fail;
    for (size_t i = 0; i < o->n_dicts; i++)
        if (eg_dict_load_path(d, o->dicts[i], &err)) goto fail;
    *out = d;
    return EXIT_OK;
fail:
    cli_print_error(&err);
    eg_dict_free(d);
    return EXIT_FAIL;
}

static int is_compiled(const char *path)
{
    size_t l = strlen(path);
    return l > 4 && !strcmp(path + l - 4, ".egd");
}

int cli_open_extractor(const cli_corpus_opts *o, eg_dict **dict, eg_extractor **x)
{
    eg_error err = {0};
    *dict = NULL;
    *x = NULL;
    size_t compiled = 0;
    for (size_t i = 0; i < o->n_dicts; i++) compiled += is_compiled(o->dicts[i]);
    if (compiled) {
        if (o->n_dicts > 1) {
            fprintf(stderr, "entgraph: error: a compiled dictionary (.egd) cannot be combined with "
                            "other dictionaries; compile them together with 'entgraph dict compile'\n");
            return EXIT_FAIL;
        }
        /* The compiled file holds what it was compiled from, the bundled
         * dictionary included. */
        if (eg_extractor_open(o->dicts[0], &o->extract, x, &err)) {
            cli_print_error(&err);
            return EXIT_FAIL;
        }
        return EXIT_OK;
    }
    if (cli_load_dict(o, dict)) return EXIT_FAIL;
    if (eg_extractor_new(x, *dict, &o->extract, &err)) {
        cli_print_error(&err);
        eg_dict_free(*dict);
        *dict = NULL;
        return EXIT_FAIL;
    }
    return EXIT_OK;
}

double cli_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void cli_progress_start(cli_progress *p, int quiet, uint64_t total)
{
    memset(p, 0, sizeof *p);
    p->on = !quiet && isatty(STDERR_FILENO);
    p->total = total;
    p->start = cli_now();
}

void cli_progress_update(cli_progress *p, uint64_t bytes)
{
    p->done += bytes;
    p->docs++;
    if (!p->on) return;
    double el = cli_now() - p->start;
    double mbs = el > 0 ? (double)p->done / 1e6 / el : 0;
    if (p->total) {
        double frac = (double)p->done / (double)p->total;
        if (frac > 1) frac = 1;
        int bars = (int)(frac * 30);
        double eta = mbs > 0 ? (double)(p->total - (p->done < p->total ? p->done : p->total)) / 1e6 / mbs : 0;
        fprintf(stderr, "\r[%-30.*s] %3.0f%%  %llu docs  %.1f MB/s  ETA %.0fs ", bars,
                "##############################", frac * 100, (unsigned long long)p->docs, mbs, eta);
    } else {
        fprintf(stderr, "\r%llu docs  %.1f MB  %.1f MB/s ", (unsigned long long)p->docs,
                (double)p->done / 1e6, mbs);
    }
}

void cli_progress_end(cli_progress *p)
{
    if (p->on) fprintf(stderr, "\r%*s\r", 70, "");
}

void cli_warn_invalid(const eg_doc *doc, const eg_doc_mentions *dm)
{
    if (!dm->invalid_bytes) return;
    if (doc->line)
        fprintf(stderr, "%s:%ld: warning: %zu invalid UTF-8 sequences replaced by U+FFFD\n", doc->path,
                doc->line, dm->invalid_bytes);
    else
        fprintf(stderr, "%s: warning: %zu invalid UTF-8 sequences replaced by U+FFFD (first at byte %zu)\n",
                doc->path, dm->invalid_bytes, dm->first_invalid);
}

void cli_corpus_init(cli_corpus_opts *o)
{
    memset(o, 0, sizeof *o);
    o->extract = eg_extract_defaults();
}

void cli_corpus_destroy(cli_corpus_opts *o) { free(o->dicts); }

int cli_corpus_option(cli_corpus_opts *o, int c, const char *arg)
{
    switch (c) {
    case 'd': return cli_add_dict(o, arg) == EXIT_OK ? 1 : -1;
    case OPT_NO_DEFAULT_DICT: o->no_default_dict = 1; return 1;
    case OPT_NO_RULES: o->extract.rules = 0; return 1;
    case OPT_NO_REFLOW: o->extract.reflow = 0; return 1;
    case 'q': o->quiet = 1; return 1;
    case OPT_INPUT_FORMAT:
        if (!strcmp(arg, "auto")) o->input_format = EG_INPUT_AUTO;
        else if (!strcmp(arg, "text")) o->input_format = EG_INPUT_TEXT;
        else if (!strcmp(arg, "jsonl")) o->input_format = EG_INPUT_JSONL;
        else {
            fprintf(stderr, "entgraph: error: --input-format takes auto, text or jsonl, not '%s'\n", arg);
            return -1;
        }
        return 1;
    }
    return 0;
}
