/* entgraph extract: corpus → mentions JSONL on stdout. */
#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "cli.h"
#include "entgraph/mentions.h"
#include "entgraph/text.h"
#include "util.h"

static const char usage_text[] =
    "usage: entgraph extract [options] [INPUT...]\n"
    "\n"
    "Finds the people, organisations and places in each document and writes one\n"
    "JSON line per document on stdout:\n"
    "  {\"id\":…,\"text\":…,\"entities\":[{\"start\",\"end\",\"type\",\"text\",\"entity\",\"rule\",\n"
    "   \"confidence\"}]}\n"
    "start/end are code-point offsets into the original text (end exclusive),\n"
    "entity is the canonical entity id, rule is \"dict\" or the rule that found it,\n"
    "confidence how far that rule is to be trusted (1 for the dictionary); a name\n"
    "the tagger alone found (rule \"model\") has its own, calibrated from \"margin\",\n"
    "how far the tagger's best labelling is ahead of any without that name.\n"
    "JSONL input's title, date and source are passed on when present; a part of a\n"
    "large text file (id FILE#N) has \"part\" and \"offset\", the code points of\n"
    "the file before it. For non-UTF-8 input, \"text\" is the decoded text.\n"
    "INPUT is a file, a folder (read recursively) or - for stdin (the default).\n"
    "\n"
    "options:\n" CLI_CORPUS_HELP "      --no-text           leave the \"text\" field out\n"
    "      --explain           instead of JSON, why each candidate of the dictionary,\n"
    "                          the rules and the tagger became a mention or not\n"
    "                          ('# ID', then TEXT TYPE HOW VERDICT [WHY]); one thread\n";

enum { OPT_NO_TEXT = OPT_OTHER_BASE, OPT_EXPLAIN };

/* One explanation, kept until its document is written (the callback
 * fires while the extractor runs, before the document's text is at hand). */
typedef struct explained {
    eg_explain e;
    size_t path; /* offset in paths, or SIZE_MAX */
} explained;

typedef struct extract_out {
    char *buf;
    size_t used, cap;
    int with_text;
    int explain;
    eg_extractor *x;
    explained *items; /* the document's explanations so far */
    size_t n_items, cap_items;
    eg__buf paths; /* their paths, each ending in a NUL */
    int failed;
} extract_out;

static void on_explain(void *user, const eg_explain *e)
{
    extract_out *o = user;
    if (eg__grow_array((void **)&o->items, &o->cap_items, o->n_items + 1, sizeof *o->items, 64)) {
        o->failed = 1;
        return;
    }
    explained *it = &o->items[o->n_items];
    it->e = *e;
    it->e.path = NULL;
    it->path = SIZE_MAX;
    if (e->path) {
        it->path = o->paths.len;
        if (eg__buf_append(&o->paths, e->path, strlen(e->path) + 1)) {
            o->failed = 1;
            return;
        }
    }
    o->n_items++;
}

/* Fills err with msg for the corpus run to stop on (it prints it). */
static eg_status failed_with(eg_error *err, eg_status st, const char *msg)
{
    memset(err, 0, sizeof *err);
    err->status = st;
    snprintf(err->message, sizeof err->message, "%s", msg);
    return st;
}

/* Prints the explanations of document d: '# ID', then a line per candidate. */
static eg_status write_explained(extract_out *o, const eg_corpus_doc *d, eg_error *err)
{
    if (o->failed) return failed_with(err, EG_ENOMEM, "out of memory");
    printf("# %s\n", d->doc->id ? d->doc->id : "");
    for (size_t i = 0; i < o->n_items; i++) {
        const eg_explain *x = &o->items[i].e;
        const eg_entity *ent = x->entity != UINT32_MAX ? eg_extractor_entity(o->x, x->entity) : NULL;
        const char *type = ent ? ent->type : eg_extract_rule_type(x->rule);
        printf("%.*s\t%s\t%s%s%s\t%s", (int)(x->byte_end - x->byte_start), d->doc->text + x->byte_start,
               type ? type : "-", x->rule ? eg_extract_rule_name(x->rule) : "dict", ent ? " " : "",
               ent ? ent->id : "", eg_explain_verdict_name(x->verdict));
        if (o->items[i].path != SIZE_MAX) printf("\t%s", o->paths.data + o->items[i].path);
        putchar('\n');
    }
    o->n_items = 0;
    eg__buf_reset(&o->paths);
    if (ferror(stdout)) return failed_with(err, EG_EIO, "cannot write to stdout");
    return EG_OK;
}

static eg_status write_doc(void *user, const eg_corpus_doc *d, eg_error *err)
{
    extract_out *o = user;
    if (o->explain) return write_explained(o, d, err);
    o->used = 0;
    if (eg_mentions_append_jsonl(&o->buf, &o->used, &o->cap, d->x, d->doc, d->dm, o->with_text))
        return failed_with(err, EG_ENOMEM, "out of memory");
    if (fwrite(o->buf, 1, o->used, stdout) != o->used) return failed_with(err, EG_EIO, "cannot write to stdout");
    return EG_OK;
}

/* Parses extract's options into o and out; EXIT_OK to go on, else the
 * exit status (-1: help printed, EXIT_OK with nothing more to do). */
static int parse_options(int argc, char **argv, cli_corpus_opts *o, extract_out *out)
{
    static const struct option longopts[] = {
        CLI_CORPUS_LONG_OPTIONS,
        {"no-text", no_argument, NULL, OPT_NO_TEXT},
        {"explain", no_argument, NULL, OPT_EXPLAIN},
        {NULL, 0, NULL, 0},
    };
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, CLI_CORPUS_SHORT_OPTIONS, longopts, NULL)) != -1) {
        int h = cli_corpus_option(o, c, optarg);
        if (h < 0) return EXIT_USAGE;
        if (h) continue;
        if (c == 'h') {
            fputs(usage_text, stdout);
            return -1;
        }
        if (c == OPT_NO_TEXT) out->with_text = 0;
        else if (c == OPT_EXPLAIN) out->explain = 1;
        else {
            fputs(usage_text, stderr);
            return EXIT_USAGE;
        }
    }
    return EXIT_OK;
}

int cmd_extract(int argc, char **argv)
{
    cli_corpus_opts o;
    int rc;
    eg_dict *dict = NULL;
    eg_reader *r = NULL;
    extract_out out = {.with_text = 1};
    cli_corpus_init(&o);
    if ((rc = parse_options(argc, argv, &o, &out))) {
        if (rc < 0) rc = EXIT_OK;
        goto done;
    }
    rc = EXIT_FAIL;
    const char *stdin_only[] = {"-"};
    const char *const *inputs = optind < argc ? (const char *const *)argv + optind : stdin_only;
    size_t n_inputs = optind < argc ? (size_t)(argc - optind) : 1;
    /* the inputs first: their problems before the dictionary's seconds */
    if (cli_open_reader(&o, "extract", inputs, n_inputs, &r)) goto done;
    if (out.explain) o.threads = 1; /* explanations come in document order */
    if (cli_open_extractor(&o, &dict, &out.x)) goto done;
    if (out.explain) eg_extractor_set_explain(out.x, on_explain, &out);
    eg_corpus_options run = {.each = write_doc, .each_user = &out};
    if (cli_run_corpus(&o, out.x, r, &run, NULL)) goto done;
    if (fflush(stdout)) {
        fprintf(stderr, "entgraph: error: cannot write to stdout\n");
        goto done;
    }
    rc = EXIT_OK;
done:
    free(out.buf);
    free(out.items);
    eg__buf_free(&out.paths);
    eg_reader_free(r);
    eg_extractor_free(out.x);
    eg_dict_free(dict);
    cli_corpus_destroy(&o);
    return rc;
}
