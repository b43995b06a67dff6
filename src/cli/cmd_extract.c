/* entgraph extract: corpus → mentions JSONL on stdout. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "entgraph/export.h"
#include "entgraph/text.h"

static const char usage_text[] =
    "usage: entgraph extract [options] [INPUT...]\n"
    "\n"
    "Finds the people, organisations and places in each document and writes one\n"
    "JSON line per document on stdout:\n"
    "  {\"id\":…,\"text\":…,\"entities\":[{\"start\",\"end\",\"type\",\"text\",\"entity\",\"rule\",\n"
    "   \"confidence\"}]}\n"
    "start/end are code-point offsets into the original text (end exclusive),\n"
    "entity is the canonical entity id, rule is \"dict\" or the rule that found it,\n"
    "confidence how far that rule is to be trusted (1 for the dictionary).\n"
    "JSONL input's title, date and source are passed on when present; a part of a\n"
    "large text file (id FILE#N) has \"part\" and \"offset\", the code points of\n"
    "the file before it. For non-UTF-8 input, \"text\" is the decoded text.\n"
    "INPUT is a file, a folder (read recursively) or - for stdin (the default).\n"
    "\n"
    "options:\n" CLI_CORPUS_HELP "      --no-text           leave the \"text\" field out\n";

enum { OPT_NO_TEXT = OPT_OTHER_BASE };

typedef struct extract_out {
    char *buf;
    size_t used, cap;
    int with_text;
} extract_out;

/* Prints one document's mentions as a JSONL line. */
static int write_doc(void *user, const cli_extracted *e)
{
    extract_out *o = user;
    o->used = 0;
    if (eg_mentions_append_jsonl(&o->buf, &o->used, &o->cap, e->x, e->doc, e->dm, o->with_text)) {
        fprintf(stderr, "entgraph: error: out of memory\n");
        return EXIT_FAIL;
    }
    if (fwrite(o->buf, 1, o->used, stdout) != o->used) {
        fprintf(stderr, "entgraph: error: cannot write to stdout\n");
        return EXIT_FAIL;
    }
    return EXIT_OK;
}

int cmd_extract(int argc, char **argv)
{
    static const struct option longopts[] = {
        CLI_CORPUS_LONG_OPTIONS,
        {"no-text", no_argument, NULL, OPT_NO_TEXT},
        {NULL, 0, NULL, 0},
    };
    cli_corpus_opts o;
    int with_text = 1, c, rc = EXIT_FAIL;
    eg_dict *dict = NULL;
    eg_extractor *x = NULL;
    eg_reader *r = NULL;
    eg_extractor **workers = NULL;
    char *buf = NULL;
    cli_corpus_init(&o);
    optind = 1;
    while ((c = getopt_long(argc, argv, CLI_CORPUS_SHORT_OPTIONS, longopts, NULL)) != -1) {
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
        if (c == OPT_NO_TEXT) {
            with_text = 0;
            continue;
        }
        fputs(usage_text, stderr);
        rc = EXIT_USAGE;
        goto done;
    }
    const char *stdin_only[] = {"-"};
    const char *const *inputs = optind < argc ? (const char *const *)argv + optind : stdin_only;
    size_t n_inputs = optind < argc ? (size_t)(argc - optind) : 1;
    /* the inputs first: their problems before the dictionary's seconds */
    if (cli_open_reader(&o, "extract", inputs, n_inputs, &r)) goto done;
    if (cli_open_extractor(&o, &dict, &x)) goto done;
    if (cli_open_workers(&o, x, &workers)) goto done;
    cli_progress prog;
    cli_progress_start(&prog, o.quiet, eg_reader_total_bytes(r));
    extract_out out = {NULL, 0, 0, with_text};
    int run = cli_extract_corpus(&o, workers, r, &prog, write_doc, &out);
    buf = out.buf;
    if (run) goto done;
    cli_progress_end(&prog);
    if (fflush(stdout)) {
        fprintf(stderr, "entgraph: error: cannot write to stdout\n");
        goto done;
    }
    rc = EXIT_OK;
done:
    free(buf);
    cli_close_workers(&o, workers);
    eg_reader_free(r);
    eg_extractor_free(x);
    eg_dict_free(dict);
    cli_corpus_destroy(&o);
    return rc;
}
