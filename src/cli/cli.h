/* CLI-internal declarations: the only code that prints or exits. */
#ifndef ENTGRAPH_CLI_H
#define ENTGRAPH_CLI_H

#include <stdio.h>

#include "entgraph/dict.h"
#include "entgraph/extract.h"
#include "entgraph/reader.h"
#include "entgraph/status.h"

#define ENTGRAPH_VERSION_STRING "0.1.0"

enum { EXIT_OK = 0, EXIT_FAIL = 1, EXIT_USAGE = 2 };

int cmd_build(int argc, char **argv);
int cmd_extract(int argc, char **argv);
int cmd_query(int argc, char **argv);
int cmd_dict(int argc, char **argv);

/* Prints err as "path:line:col: error: msg" (or "entgraph: error: msg") on
 * stderr. */
void cli_print_error(const eg_error *err);

/* Options shared by build and extract. */
typedef struct cli_corpus_opts {
    const char **dicts; /* -d PATH, in order */
    size_t n_dicts;
    int no_default_dict;
    eg_extract_options extract;
    eg_input_format input_format;
    int quiet;
} cli_corpus_opts;

/* The folder of the bundled dictionary: $ENTGRAPH_DICT_DIR, else the
 * source tree's dict/ when it exists, else the installed one. */
const char *cli_default_dict_dir(void);

/* Loads the bundled dictionary (unless disabled) and every -d path into a
 * new registry. Prints errors; returns EXIT_OK or EXIT_FAIL. */
int cli_load_dict(const cli_corpus_opts *o, eg_dict **out);

/* The extractor for the options: a compiled dictionary (.egd, which must
 * then be the only -d) mapped from disk, else the registry of cli_load_dict
 * compiled now (*dict is then set and must be freed after *x). Prints
 * errors; returns EXIT_OK or EXIT_FAIL. */
int cli_open_extractor(const cli_corpus_opts *o, eg_dict **dict, eg_extractor **x);

/* Adds a -d path; EXIT_FAIL when out of memory. */
int cli_add_dict(cli_corpus_opts *o, const char *path);

/* Progress on stderr when it is a terminal and not quiet. */
typedef struct cli_progress {
    int on;
    uint64_t total, done, docs;
    double start;
} cli_progress;

void cli_progress_start(cli_progress *p, int quiet, uint64_t total);
void cli_progress_update(cli_progress *p, uint64_t bytes);
void cli_progress_end(cli_progress *p);

/* Warns about invalid bytes a document had. */
void cli_warn_invalid(const eg_doc *doc, const eg_doc_mentions *dm);

/* Monotonic seconds. */
double cli_now(void);

#endif

/* getopt_long codes of the corpus options (short ones are their letters). */
enum {
    OPT_NO_DEFAULT_DICT = 1000,
    OPT_NO_RULES,
    OPT_NO_REFLOW,
    OPT_INPUT_FORMAT,
    OPT_OTHER_BASE = 1100,
};

#define CLI_CORPUS_LONG_OPTIONS                                         \
    {"dict", required_argument, NULL, 'd'},                             \
    {"no-default-dict", no_argument, NULL, OPT_NO_DEFAULT_DICT},        \
    {"no-rules", no_argument, NULL, OPT_NO_RULES},                      \
    {"no-reflow", no_argument, NULL, OPT_NO_REFLOW},                    \
    {"input-format", required_argument, NULL, OPT_INPUT_FORMAT},        \
    {"quiet", no_argument, NULL, 'q'},                                  \
    {"help", no_argument, NULL, 'h'}

#define CLI_CORPUS_HELP                                                              \
    "  -d, --dict PATH         also load this dictionary file or folder (repeatable;\n" \
    "                          later entries with the same id win)\n"                \
    "      --no-default-dict   do not load the bundled dictionary (dict/)\n"         \
    "      --no-rules          dictionary matches only: no names found by rules\n"   \
    "      --no-reflow         keep every input line a paragraph (no rejoining of\n" \
    "                          lines broken inside Chinese text)\n"                  \
    "      --input-format F    auto (default: .jsonl files are JSONL), text, jsonl\n" \
    "  -q, --quiet             no progress or summary on stderr\n"                  \
    "  -h, --help              show this help\n"

/* Handles a corpus option; 1 when handled, -1 on a bad value (message
 * printed), 0 when c is not a corpus option. */
int cli_corpus_option(cli_corpus_opts *o, int c, const char *arg);
void cli_corpus_init(cli_corpus_opts *o);
void cli_corpus_destroy(cli_corpus_opts *o);
