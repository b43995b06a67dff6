/* entgraph merge: partial counts of shards → graph files. */
#include <stdlib.h>
#include <string.h>

#include "graph_cmd.h"

static const char merge_usage_text[] =
    "usage: entgraph merge [options] PARTIAL...\n"
    "\n"
    "Adds up the partial counts that 'entgraph build --partial FILE' wrote for\n"
    "shards of a corpus and writes the graph of the whole, as build would: the\n"
    "files are byte-identical to those of one build over the shards' inputs in\n"
    "the order the partials are given (that order decides the evidence kept and\n"
    "nothing else). The partials must have been counted with the same window,\n"
    "counting, --evidence and hierarchy options; those, the dictionary and the\n"
    "reading options are build's and are not given here.\n"
    "\n"
    "      --partial FILE      write the sum to FILE as one partial instead of a\n"
    "                          graph, to merge again with others: partials can be\n"
    "                          added up in rounds, in any grouping that keeps\n"
    "                          their order, and give the same graph\n"
    "\n"
    "options: -o/--out, -f/--format (not mentions), --json-style,\n"
    "--graphml-evidence, --view-max-nodes, --view-max-edges, the filters\n"
    "(--types, --min-count, --min-weight, --min-docs, --top-per-node,\n"
    "--top-edges, --largest-component), --size-by, --no-layout,\n"
    "--betweenness-limit, --seed, --spell-gap, --keep-isolates, --threads (here: graph files\n"
    "written at once) and -q, as for build (entgraph build --help).\n";

/* Whether build option c is one merge refuses: the dictionary, reading,
 * window, counting, evidence, hierarchy and label options, whose effect
 * the partial files already hold. */
static int build_only(int c)
{
    if (c == 'q' || c == 'h' || c == 'o' || c == 'f' || c == '?') return 0;
    return (c < OPT_OTHER_BASE && c != OPT_THREADS) || c == OPT_EVIDENCE || c == OPT_COUNTING ||
           c == OPT_NO_HIERARCHY || c == OPT_LABELS;
}

/* Parses merge's options into o (-q, --threads) and go; EXIT_OK to go on,
 * else the exit status (-1: help printed, EXIT_OK with nothing more). */
static int parse_options(int argc, char **argv, cli_corpus_opts *o, cli_graph_opts *go)
{
    static const struct option longopts[] = {CLI_GRAPH_LONG_OPTIONS};
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, CLI_GRAPH_SHORT_OPTIONS, longopts, NULL)) != -1) {
        if (build_only(c)) {
            fprintf(stderr, "entgraph merge: error: the dictionary, reading, window, counting, "
                            "evidence, hierarchy and label options are build's: the partial files hold "
                            "what build counted with them\n");
            return EXIT_USAGE;
        }
        int h = cli_corpus_option(o, c, optarg);
        if (!h) h = cli_graph_option(go, c, optarg);
        if (h < 0) return EXIT_USAGE;
        if (h) continue;
        if (c == 'h') {
            fputs(merge_usage_text, stdout);
            return -1;
        }
        fputs(merge_usage_text, stderr);
        return EXIT_USAGE;
    }
    if (optind >= argc) {
        fprintf(stderr, "entgraph merge: error: no partial files (from entgraph build --partial)\n");
        fputs(merge_usage_text, stderr);
        return EXIT_USAGE;
    }
    return cli_graph_formats(go, 0);
}

/* Adds up the partials in argument order (corpus order: evidence and
 * dates follow it) into a new *l. Prints errors; EXIT_OK or EXIT_FAIL. */
static int load_partials(char **paths, int n, int quiet, eg_linker **l)
{
    eg_error err = {0};
    for (int i = 0; i < n; i++) {
        cli_note(quiet, "reading partial %d of %d: %s", i + 1, n, paths[i]);
        eg_status st = i == 0 ? eg_linker_load_partial(l, paths[i], &err)
                              : eg_linker_merge_partial(*l, paths[i], &err);
        if (st) {
            cli_note_end(quiet);
            cli_print_error(&err);
            return EXIT_FAIL;
        }
    }
    return EXIT_OK;
}

int cmd_merge(int argc, char **argv)
{
    cli_corpus_opts o;
    cli_graph_opts go;
    int rc;
    eg_linker *l = NULL;
    eg_graph g;
    eg_graph_init(&g);
    cli_corpus_init(&o);
    cli_graph_init(&go, "merge");
    if ((rc = parse_options(argc, argv, &o, &go))) {
        if (rc < 0) rc = EXIT_OK;
        goto done;
    }
    rc = EXIT_FAIL;
    if (load_partials(argv + optind, argc - optind, o.quiet, &l)) goto done;
    if (go.partial) {
        if (cli_graph_save_partial(l, &go, o.quiet)) goto done;
        if (!o.quiet) cli_graph_partial_summary(l, &go, 0);
        rc = EXIT_OK;
        goto done;
    }
    if (cli_graph_make(l, &go, o.quiet, &g)) goto done;
    if (!o.quiet)
        cli_graph_summary(&g, eg_linker_documents(l), eg_linker_rule_mentions(l), 0, go.isolates_dropped);
    if (cli_graph_write(&g, &go, o.threads, o.quiet)) goto done;
    rc = EXIT_OK;
done:
    eg_linker_free(l);
    eg_graph_destroy(&g);
    cli_corpus_destroy(&o);
    return rc;
}
