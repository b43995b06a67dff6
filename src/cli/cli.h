/* CLI-internal declarations: the only code that prints or exits. */
#ifndef ENTGRAPH_CLI_H
#define ENTGRAPH_CLI_H

#include <stdio.h>

#include "entgraph/corpus.h"
#include "entgraph/dict.h"
#include "entgraph/extract.h"
#include "entgraph/reader.h"
#include "entgraph/status.h"
#include "entgraph/tagger.h"
/* the library's internal helpers the command line shares (src/internal.h:
 * the atomic writer, the whole-file reader, the UTF-8 codec) */
#include "internal.h"

enum { EXIT_OK = 0, EXIT_FAIL = 1, EXIT_USAGE = 2 };

int cmd_build(int argc, char **argv);
int cmd_merge(int argc, char **argv);
int cmd_extract(int argc, char **argv);
int cmd_query(int argc, char **argv);
int cmd_dict(int argc, char **argv);
int cmd_train(int argc, char **argv);

/* Prints err as "path:line:col: error: msg" (or "entgraph: error: msg") on
 * stderr. */
void cli_print_error(const eg_error *err);

/* Options shared by build and extract. */
typedef struct cli_corpus_opts {
    const char **dicts; /* -d PATH, in order */
    size_t n_dicts;
    int no_default_dict;
    const char *lexicon; /* --lexicon PATH; else the bundled one unless --no-lexicon
                            or --no-default-dict */
    int no_lexicon;
    int text_dict; /* compile the bundled dictionary from its text even when
                      the build's image of it is fresh (dict compile) */
    eg_extract_options extract;
    eg_reader_options reader;
    int quiet;
    int verbose;
    size_t threads; /* --threads: extractors working at once (default 1) */
    size_t bad_inputs; /* inputs the reader could not read, each printed */
    const char *model; /* --model PATH, else the bundled one when present */
    int no_model;      /* --no-model */
    eg_tagger_mode model_mode;
    int model_everywhere; /* --model-everywhere: the tagger reads every clause */
    eg_tagger *tagger; /* opened by cli_open_extractor, freed by cli_corpus_destroy */
} cli_corpus_opts;

/* The folder of the bundled dictionary: $ENTGRAPH_DICT_DIR, else the
 * source tree's dict/ when it exists, else the installed one. */
const char *cli_default_dict_dir(void);

/* Loads the bundled dictionary (unless disabled) and every -d path into a
 * new registry. Prints errors; returns EXIT_OK or EXIT_FAIL. */
int cli_load_dict(const cli_corpus_opts *o, eg_dict **out);

/* The extractor for the options: the build's compiled image of the bundled
 * dictionary and lexicon when the options ask for no other and the image is
 * not older than the text it was compiled from; a compiled dictionary (.egd,
 * which must then be the only -d) mapped from disk; else the registry of
 * cli_load_dict compiled now (*dict is then set and must be freed after *x). Prints
 * errors; returns EXIT_OK or EXIT_FAIL. */
int cli_open_extractor(cli_corpus_opts *o, eg_dict **dict, eg_extractor **x);

/* The bundled tagger model: tagger.egt in the default dictionary folder. */
const char *cli_default_model(char *buf, size_t size);

/* Adds a -d path; EXIT_FAIL when out of memory. */
int cli_add_dict(cli_corpus_opts *o, const char *path);

/* Progress on stderr when it is a terminal and not quiet: bytes read of
 * the total, documents, MB/s and the time left. */
typedef struct cli_progress {
    int on;
    int shown; /* a progress line is on the screen */
    uint64_t total, done, docs;
    double start, last;
} cli_progress;

void cli_progress_start(cli_progress *p, int quiet, uint64_t total);
/* One more document done; bytes_read is the reader's count so far (JSONL
 * files hold many documents, so progress follows bytes, not files).
 * Redraws at most ten times a second. */
void cli_progress_update(cli_progress *p, uint64_t bytes_read);
/* Clears the progress line (before other output on stderr). */
void cli_progress_end(cli_progress *p);

/* What a long step after the reading is doing (merging partials, building,
 * analysing, writing), as one line on stderr that the next note replaces,
 * when stderr is a terminal and not quiet; cli_note_end clears it. The
 * steps of a large graph take seconds to minutes with nothing else to show. */
void cli_note(int quiet, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void cli_note_end(int quiet);

/* Prints what the reader has to report since the last call: with -v the
 * encoding each file is read as; always the bad bytes a file had, with the
 * offset of the first. Call after each eg_reader_next(). */
void cli_reader_reports(const cli_corpus_opts *o, eg_reader *r, cli_progress *p);

/* An output file written whole or not at all, through the library's
 * atomic writer (src/atomic.c: a hidden temporary file beside path,
 * fsync'd, renamed onto path, the folder fsync'd; the file keeps the mode
 * of the one it replaces, else 0666 minus the umask). cli_out_open() opens
 * it (or stdout when path is NULL); cli_out_commit() puts it in place;
 * cli_out_abort() removes it (nothing for stdout). Both print their errors
 * and return EXIT_OK or EXIT_FAIL; after either, o->fp is closed.
 * Zero-initialise before cli_out_open(), so that abort is safe without it. */
typedef struct cli_out {
    FILE *fp;
    int to_file; /* file is open (not stdout) */
    eg__atomic file;
} cli_out;

int cli_out_open(cli_out *o, const char *path);
int cli_out_commit(cli_out *o);
void cli_out_abort(cli_out *o);

/* Monotonic seconds. */
double cli_now(void);

/* Runs the corpus of r through x (eg_corpus_run with o->threads) into the
 * sinks of c, with the progress bar and the reader's reports
 * (cli_reader_reports) on stderr; c's threads and progress are set here.
 * Prints errors; EXIT_OK or EXIT_FAIL. */
int cli_run_corpus(const cli_corpus_opts *o, eg_extractor *x, eg_reader *r, eg_corpus_options *c,
                   eg_corpus_stats *stats);


/* getopt_long codes of the corpus options (short ones are their letters). */
enum {
    OPT_NO_DEFAULT_DICT = 1000,
    OPT_NO_RULES,
    OPT_NO_REFLOW,
    OPT_INPUT_FORMAT,
    OPT_ENCODING,
    OPT_CONVERT,
    OPT_FIELD,
    OPT_REFLOW,
    OPT_THREADS,
    OPT_SKIP_BAD_INPUTS,
    OPT_DATE_FORMAT,
    OPT_MODEL,
    OPT_NO_MODEL,
    OPT_MODEL_MODE,
    OPT_MODEL_EVERYWHERE,
    OPT_LEXICON,
    OPT_NO_LEXICON,
    OPT_NO_ADDRESS_NAMES,
    OPT_OTHER_BASE = 1100,
};

/* getopt short options of the corpus options; commands append theirs. */
#define CLI_CORPUS_SHORT_OPTIONS "d:qvh"

#define CLI_CORPUS_LONG_OPTIONS                                         \
    {"dict", required_argument, NULL, 'd'},                             \
    {"no-default-dict", no_argument, NULL, OPT_NO_DEFAULT_DICT},        \
    {"no-rules", no_argument, NULL, OPT_NO_RULES},                      \
    {"lexicon", required_argument, NULL, OPT_LEXICON},                  \
    {"no-lexicon", no_argument, NULL, OPT_NO_LEXICON},                  \
    {"no-address-names", no_argument, NULL, OPT_NO_ADDRESS_NAMES},      \
    {"no-reflow", no_argument, NULL, OPT_NO_REFLOW},                    \
    {"input-format", required_argument, NULL, OPT_INPUT_FORMAT},        \
    {"encoding", required_argument, NULL, OPT_ENCODING},                \
    {"convert", required_argument, NULL, OPT_CONVERT},                  \
    {"field", required_argument, NULL, OPT_FIELD},                      \
    {"reflow", required_argument, NULL, OPT_REFLOW},                    \
    {"threads", required_argument, NULL, OPT_THREADS},                  \
    {"skip-bad-inputs", no_argument, NULL, OPT_SKIP_BAD_INPUTS},        \
    {"date-format", required_argument, NULL, OPT_DATE_FORMAT},          \
    {"model", required_argument, NULL, OPT_MODEL},                      \
    {"no-model", no_argument, NULL, OPT_NO_MODEL},                      \
    {"model-mode", required_argument, NULL, OPT_MODEL_MODE},            \
    {"model-everywhere", no_argument, NULL, OPT_MODEL_EVERYWHERE},      \
    {"quiet", no_argument, NULL, 'q'},                                  \
    {"verbose", no_argument, NULL, 'v'},                                \
    {"help", no_argument, NULL, 'h'}

#define CLI_CORPUS_HELP                                                              \
    "  -d, --dict PATH         also load this dictionary file or folder (repeatable;\n" \
    "                          later entries with the same id win)\n"                \
    "      --no-default-dict   do not load the bundled dictionary (dict/)\n"         \
    "      --no-rules          dictionary matches only: no names found by rules\n"   \
    "      --model PATH        the trained tagger (default: the bundled one)\n"    \
    "      --no-model          the dictionary and rules alone, no tagger\n"        \
    "      --model-mode M      keep-dict (default) or only (the tagger's alone)\n" \
    "      --model-everywhere  the tagger reads every clause, not only those its\n" \
    "                          gate lets through (slower; for comparison)\n"      \
    "      --lexicon PATH      words short names must fit (--no-lexicon: none)\n" \
    "      --no-address-names  leave out 张女士, 老李 … that name nobody in full\n" \
    "      --reflow auto|off   rejoin lines broken inside Chinese text (auto, the\n" \
    "                          default), or keep every line a paragraph (off)\n"   \
    "      --no-reflow         the same as --reflow off\n"                          \
    "      --input-format F    auto (default: .jsonl files are JSONL, .json files\n" \
    "                          JSON), text, jsonl, or json (an object or an array\n" \
    "                          of objects per file, one document each)\n"         \
    "      --encoding E        auto (default: byte order mark, else valid UTF-8,\n" \
    "                          else ICU's charset detector), or utf-8, gb18030,\n" \
    "                          gbk, big5, big5-hkscs, utf-16, utf-16le, utf-16be,\n" \
    "                          or any other ICU converter name\n"                  \
    "      --convert C         auto (default) or t2s: match Traditional Chinese\n" \
    "                          text (and dictionary names) in Simplified form,\n" \
    "                          which leaves Simplified text as it is; offsets\n" \
    "                          stay those of the original text; none: no\n"      \
    "                          conversion\n"                                    \
    "      --field F=NAME      read field F (id, text, title, date, source) of\n"    \
    "                          JSONL and JSON documents from member NAME (a.b\n"  \
    "                          for nested members)\n"                             \
    "      --date-format F     auto (default): dates as 2022-05-31 (ISO 8601, time\n" \
    "                          and zone allowed), 20220531, 2022/5/31, 2022-05,\n" \
    "                          2022年5月31日; unix: Unix seconds. Other dates are\n" \
    "                          left out, with a warning per file\n"              \
    "      --threads N         extract with N threads (default 1; build also\n"   \
    "                          writes up to N graph files at once); the output\n" \
    "                          is the same for any N\n"                            \
    "      --skip-bad-inputs   go on without inputs that cannot be read (one\n"   \
    "                          warning each; without it, every input is checked\n" \
    "                          before reading and all problems are errors)\n"     \
    "  -q, --quiet             no progress or summary on stderr\n"                  \
    "  -v, --verbose           say which encoding each file is read as\n"          \
    "  -h, --help              show this help\n"

/* Handles a corpus option; 1 when handled, -1 on a bad value (message
 * printed), 0 when c is not a corpus option. */
int cli_corpus_option(cli_corpus_opts *o, int c, const char *arg);
void cli_corpus_init(cli_corpus_opts *o);
void cli_corpus_destroy(cli_corpus_opts *o);

/* The Simplified form of a name typed by the user (ICU's
 * Traditional-Simplified, normalised as dictionary names are), for lookups
 * that accept either script: a new string (free it), or NULL when it is
 * the same as s or cannot be made. */
char *cli_simplified(const char *s);

/* Opens the reader of the inputs with o's reader options; inputs that
 * cannot be read are printed all at once (errors, or warnings with
 * --skip-bad-inputs). Prints errors; EXIT_OK or EXIT_FAIL. */
int cli_open_reader(cli_corpus_opts *o, const char *cmd, const char *const *inputs, size_t n,
                    eg_reader **r);

#endif
