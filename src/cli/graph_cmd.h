/* What 'entgraph build' and 'entgraph merge' share: the options of the
 * graph they write (output, filters, analysis; build's counting options,
 * which merge refuses), making the graph from a linker, writing its files
 * and the partial counts, and the summary. */
#ifndef ENTGRAPH_CLI_GRAPH_CMD_H
#define ENTGRAPH_CLI_GRAPH_CMD_H

#include <getopt.h>

#include "cli.h"
#include "entgraph/export.h"
#include "entgraph/graph.h"
#include "entgraph/linker.h"

enum {
    OPT_JSON_STYLE = OPT_OTHER_BASE,
    OPT_GRAPHML_EVIDENCE,
    OPT_EVIDENCE,
    OPT_COUNTING,
    OPT_NO_HIERARCHY,
    OPT_TYPES,
    OPT_MIN_COUNT,
    OPT_MIN_WEIGHT,
    OPT_MIN_DOCS,
    OPT_TOP_PER_NODE,
    OPT_TOP_EDGES,
    OPT_LARGEST_COMPONENT,
    OPT_SIZE_BY,
    OPT_SEED,
    OPT_NO_LAYOUT,
    OPT_BETWEENNESS_LIMIT,
    OPT_PARTIAL,
    OPT_SPELL_GAP,
    OPT_KEEP_ISOLATES,
    OPT_LABELS,
    OPT_VIEW_MAX_NODES,
    OPT_VIEW_MAX_EDGES,
};

/* getopt short options of build and merge (merge knows build's to refuse
 * them with a reason). */
#define CLI_GRAPH_SHORT_OPTIONS CLI_CORPUS_SHORT_OPTIONS "o:w:f:"

#define CLI_GRAPH_LONG_OPTIONS                                                  \
    CLI_CORPUS_LONG_OPTIONS,                                                    \
    {"out", required_argument, NULL, 'o'},                                      \
    {"window", required_argument, NULL, 'w'},                                   \
    {"format", required_argument, NULL, 'f'},                                   \
    {"json-style", required_argument, NULL, OPT_JSON_STYLE},                    \
    {"graphml-evidence", no_argument, NULL, OPT_GRAPHML_EVIDENCE},              \
    {"view-max-nodes", required_argument, NULL, OPT_VIEW_MAX_NODES},            \
    {"view-max-edges", required_argument, NULL, OPT_VIEW_MAX_EDGES},            \
    {"evidence", required_argument, NULL, OPT_EVIDENCE},                        \
    {"counting", required_argument, NULL, OPT_COUNTING},                        \
    {"no-hierarchy", no_argument, NULL, OPT_NO_HIERARCHY},                      \
    {"types", required_argument, NULL, OPT_TYPES},                              \
    {"min-count", required_argument, NULL, OPT_MIN_COUNT},                      \
    {"min-weight", required_argument, NULL, OPT_MIN_WEIGHT},                    \
    {"min-docs", required_argument, NULL, OPT_MIN_DOCS},                        \
    {"top-per-node", required_argument, NULL, OPT_TOP_PER_NODE},                \
    {"top-edges", required_argument, NULL, OPT_TOP_EDGES},                      \
    {"largest-component", no_argument, NULL, OPT_LARGEST_COMPONENT},            \
    {"size-by", required_argument, NULL, OPT_SIZE_BY},                          \
    {"seed", required_argument, NULL, OPT_SEED},                                \
    {"no-layout", no_argument, NULL, OPT_NO_LAYOUT},                            \
    {"betweenness-limit", required_argument, NULL, OPT_BETWEENNESS_LIMIT},      \
    {"partial", required_argument, NULL, OPT_PARTIAL},                          \
    {"spell-gap", required_argument, NULL, OPT_SPELL_GAP},                      \
    {"keep-isolates", no_argument, NULL, OPT_KEEP_ISOLATES},                    \
    {"labels", required_argument, NULL, OPT_LABELS},                            \
    {NULL, 0, NULL, 0}

/* The graph options, set by cli_graph_option(); cli_graph_init() gives the
 * defaults. Not to be copied (filter points at isolates_dropped). */
typedef struct cli_graph_opts {
    const char *cmd;     /* "build" or "merge", for messages */
    const char *out_dir; /* -o (default "output") */
    const char *formats; /* -f (default "graphml,json") */
    const char *partial; /* --partial FILE, else NULL */
    eg_link_options link; /* build's -w, --evidence, --counting, --no-hierarchy */
    int canonical_labels; /* build's --labels canonical */
    eg_export_options export_opt;
    eg_filter filter;
    size_t isolates_dropped;
    eg_analyze_options analyze;
    uint32_t spell_gap;
    /* from cli_graph_formats(): the graph writers, and build's mentions */
    const eg_exporter *chosen[8];
    size_t n_chosen;
    int want_mentions;
} cli_graph_opts;

void cli_graph_init(cli_graph_opts *go, const char *cmd);

/* Handles a graph option; 1 when handled, -1 on a bad value (message
 * printed), 0 when c is not one. */
int cli_graph_option(cli_graph_opts *go, int c, const char *arg);

/* Parses go->formats into go->chosen (egb goes with json); "mentions"
 * only when mentions_ok. Prints errors; EXIT_OK, EXIT_USAGE or EXIT_FAIL. */
int cli_graph_formats(cli_graph_opts *go, int mentions_ok);

/* Creates path and its parents as needed; -1 (errno set) on failure. */
int cli_mkdir_p(const char *path);

/* Writes l's partial counts to go->partial. Prints errors; EXIT_OK or
 * EXIT_FAIL. */
int cli_graph_save_partial(const eg_linker *l, const cli_graph_opts *go, int quiet);

/* What a partial holds, printed after it was written. */
void cli_graph_partial_summary(const eg_linker *l, const cli_graph_opts *go, size_t skipped);

/* The graph of l (its own entity table), filtered and analysed as go says
 * into g (initialised, empty), and the output folder created. Prints
 * errors; EXIT_OK or EXIT_FAIL. */
int cli_graph_make(eg_linker *l, cli_graph_opts *go, int quiet, eg_graph *g);

/* The build summary on stdout: documents, mentions, nodes by type, edges,
 * communities and the top entities. */
void cli_graph_summary(const eg_graph *g, uint64_t docs, uint64_t rule_mentions, size_t skipped,
                       size_t isolates_dropped);

/* Writes the chosen files into go->out_dir with up to `threads` threads
 * and reports each (or its error) in the order chosen; EXIT_OK when all
 * were written. */
int cli_graph_write(const eg_graph *g, const cli_graph_opts *go, size_t threads, int quiet);

#endif
