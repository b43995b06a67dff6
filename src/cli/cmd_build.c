/* entgraph build: corpus → graph files. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "graph_cmd.h"

static const char usage_text[] =
    "usage: entgraph build [options] INPUT...\n"
    "\n"
    "Reads the documents (files, folders read recursively, - for stdin; .jsonl\n"
    "files hold one {\"id\",\"text\",\"title\",\"date\",\"source\"} document per\n"
    "line; text files over 4 MiB are read in parts cut at paragraph ends) in any\n"
    "encoding (see --encoding), finds the people, organisations and places they\n"
    "mention, links entities mentioned in the same window, analyses the graph\n"
    "(degree, strength, PageRank, betweenness, Leiden communities, k-cores, a\n"
    "layout) and writes it to OUT.\n"
    "\n"
    "output:\n"
    "  -o, --out DIR           output folder (default: output; created if missing)\n"
    "  -f, --format LIST       comma-separated, any of: graphml (graph.graphml),\n"
    "                          json (graph.json), gexf (graph.gexf, GEXF 1.3),\n"
    "                          csv (nodes.csv + edges.csv), egb (graph.egb, the\n"
    "                          binary form 'entgraph query' loads fastest; always\n"
    "                          written with json), mentions (mentions.jsonl, as\n"
    "                          'entgraph extract' prints it), html (graph.html, a\n"
    "                          page to explore the graph in a browser, offline),\n"
    "                          svg (graph.svg, a picture). Default graphml,json\n"
    "      --json-style S      node-link (default; networkx, d3), graphology\n"
    "                          (Gephi Lite, sigma.js) or cytoscape\n"
    "      --graphml-evidence  also put each edge's evidence into GraphML\n"
    "      --view-max-nodes N  graph.html shows at most N nodes, those of highest\n"
    "                          PageRank, and says so (default 20000)\n"
    "      --view-max-edges N  graph.html shows at most N edges, the heaviest among\n"
    "                          those nodes (default 200000); graph.svg draws at\n"
    "                          most N edges (default 20000)\n"
    "      --evidence K        keep up to K snippets per edge (default 3; 0: none)\n"
    "      --partial FILE      write the counts to FILE instead of a graph, for\n"
    "                          'entgraph merge' to add up with other shards'\n"
    "      --spell-gap N       GEXF time spells: dated documents at most N days\n"
    "                          apart make one interval (default 1: consecutive\n"
    "                          days), so the timeline shows the gaps\n"
    "\n"
    "linking:\n"
    "  -w, --window W          co-occurrence window: sentence (default), paragraph,\n"
    "                          document, or chars:N: two mentions of a document\n"
    "                          link their entities when their starts are at most\n"
    "                          N characters apart in the normalised text\n"
    "                          (NFKC, case-folded, without line breaks)\n"
    "      --counting C        full (default: weight = shared windows) or\n"
    "                          fractional (a window of k entities adds 1/(k-1)\n"
    "                          to each of its links, as in VOSviewer)\n"
    "      --no-hierarchy      no part_of edges from the dictionary's parents\n"
    "      --labels L          original (default: a node converted from another\n"
    "                          script is labelled with its most frequent form in\n"
    "                          the text, 吳卓羲 rather than 吴卓羲, the canonical\n"
    "                          name then an alias) or canonical\n"
    "\n";

/* The second half (C11 guarantees string literals of 4095 bytes only). */
static const char usage_text2[] =
    "filters (applied in this order):\n"
    "      --types LIST        keep only these entity types (e.g. PER,ORG)\n"
    "      --min-count N       drop entities mentioned fewer than N times\n"
    "      --min-weight W      drop co-occurrence edges lighter than W\n"
    "      --min-docs N        drop co-occurrence edges in fewer than N documents\n"
    "      --top-per-node K    keep an edge only if it is among the K heaviest\n"
    "                          of one of its ends\n"
    "      --top-edges N       keep the N heaviest co-occurrence edges\n"
    "      --keep-isolates     keep the nodes the edge filters above leave\n"
    "                          without edges (by default they go, and the\n"
    "                          summary says how many)\n"
    "      --largest-component keep only the largest connected component\n"
    "\n"
    "analysis:\n"
    "      --size-by M         node size from pagerank (default) or count\n"
    "      --no-layout         no x/y positions (Gephi can lay the graph out\n"
    "                          itself)\n"
    "      --betweenness-limit N  steps for betweenness (default 10000000, ~0.1 s):\n"
    "                          exact, else sampled from pivots, else none (see\n"
    "                          README); the graph's metadata says which\n"
    "      --seed N            seed of Leiden, layout and pivots (default 42);\n"
    "                          same input and seed give byte-identical files\n"
    "\n"
    "reading:\n" CLI_CORPUS_HELP;

static void print_usage(FILE *fp)
{
    fputs(usage_text, fp);
    fputs(usage_text2, fp);
}

/* A build that read no document with text, or only files that did not
 * decode, fails before anything is written: a graph of nothing must not
 * replace the previous one. Prints why; 1 when so. */
static int nothing_read(const eg_reader *r, uint64_t with_text, char **inputs, int n,
                        const char *kept)
{
    size_t files = eg_reader_files_done(r), bad = eg_reader_files_undecodable(r);
    if (with_text && bad < files) return 0;
    fprintf(stderr, "entgraph build: error: ");
    if (!with_text) {
        fprintf(stderr, "no documents in ");
        for (int i = 0; i < n; i++) fprintf(stderr, "%s%s", i ? ", " : "", inputs[i]);
        if (!files)
            fprintf(stderr, " (no files: hidden files and folders are skipped)");
        else
            fprintf(stderr, " (%zu file%s, all empty or blank)", files, files == 1 ? "" : "s");
    } else {
        fprintf(stderr, "no file could be decoded (%zu file%s, each more than %d%% U+FFFD: see "
                        "the warnings above)", files, files == 1 ? "" : "s", EG_READER_BAD_PERCENT);
    }
    fprintf(stderr, "; nothing written, %s left as it was\n", kept);
    return 1;
}

/* Opens OUT/mentions.jsonl for -f mentions into *mw (*path its name).
 * Prints errors; EXIT_OK or EXIT_FAIL. */
static int open_mentions(const char *out_dir, char **path, eg_mentions_writer **mw)
{
    eg_error err = {0};
    if (cli_mkdir_p(out_dir)) {
        fprintf(stderr, "%s: error: cannot create output folder: %s\n", out_dir, strerror(errno));
        return EXIT_FAIL;
    }
    size_t len = strlen(out_dir) + sizeof "/mentions.jsonl";
    if (!(*path = malloc(len))) return EXIT_FAIL;
    snprintf(*path, len, "%s/mentions.jsonl", out_dir);
    if (eg_mentions_writer_open(mw, *path, &err)) {
        cli_print_error(&err);
        return EXIT_FAIL;
    }
    return EXIT_OK;
}

/* Puts the mentions file in place (mw freed). Prints errors; EXIT_OK or
 * EXIT_FAIL. */
static int commit_mentions(eg_mentions_writer *mw)
{
    eg_error err = {0};
    if (!mw || !eg_mentions_writer_commit(mw, &err)) return EXIT_OK;
    cli_print_error(&err);
    return EXIT_FAIL;
}

/* Parses build's options into o and go; EXIT_OK to go on, else the exit
 * status (help printed: -1 stands for EXIT_OK with nothing more to do). */
static int parse_options(int argc, char **argv, cli_corpus_opts *o, cli_graph_opts *go)
{
    static const struct option longopts[] = {CLI_GRAPH_LONG_OPTIONS};
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, CLI_GRAPH_SHORT_OPTIONS, longopts, NULL)) != -1) {
        int h = cli_corpus_option(o, c, optarg);
        if (!h) h = cli_graph_option(go, c, optarg);
        if (h < 0) return EXIT_USAGE;
        if (h) continue;
        if (c == 'h') {
            print_usage(stdout);
            return -1;
        }
        print_usage(stderr);
        return EXIT_USAGE;
    }
    if (optind >= argc) {
        fprintf(stderr, "entgraph build: error: no input (give files, folders, or - for stdin)\n");
        print_usage(stderr);
        return EXIT_USAGE;
    }
    return cli_graph_formats(go, 1);
}

/* The corpus into the linker *l (and the mentions file): reader, extractor,
 * the corpus run. Prints errors; EXIT_OK or EXIT_FAIL. */
static int count_corpus(cli_corpus_opts *o, const cli_graph_opts *go, char **inputs, int n,
                        eg_reader **r, eg_dict **dict, eg_extractor **x, eg_linker **l,
                        eg_mentions_writer **mw, char **mentions_path)
{
    eg_corpus_stats stats;
    /* the inputs first: their problems before the dictionary's seconds */
    if (cli_open_reader(o, "build", (const char *const *)inputs, (size_t)n, r)) return EXIT_FAIL;
    if (cli_open_extractor(o, dict, x)) return EXIT_FAIL;
    if (go->want_mentions && open_mentions(go->out_dir, mentions_path, mw)) return EXIT_FAIL;
    if (eg_linker_new(l, &go->link)) {
        fprintf(stderr, "entgraph: error: out of memory\n");
        return EXIT_FAIL;
    }
    eg_corpus_options run = {
        .linker = *l,
        .label_forms = go->canonical_labels ? EG_CONVERT_NONE : o->extract.convert,
        .mentions = *mw,
    };
    if (cli_run_corpus(o, *x, *r, &run, &stats)) return EXIT_FAIL;
    if (nothing_read(*r, stats.with_text, inputs, n, go->partial ? go->partial : go->out_dir))
        return EXIT_FAIL;
    return EXIT_OK;
}

int cmd_build(int argc, char **argv)
{
    cli_corpus_opts o;
    cli_graph_opts go;
    int rc = EXIT_FAIL;
    eg_mentions_writer *mw = NULL;
    char *mentions_path = NULL;
    eg_dict *dict = NULL;
    eg_extractor *x = NULL;
    eg_reader *r = NULL;
    eg_linker *l = NULL;
    eg_graph g;
    eg_graph_init(&g);
    cli_corpus_init(&o);
    cli_graph_init(&go, "build");
    if ((rc = parse_options(argc, argv, &o, &go))) {
        if (rc < 0) rc = EXIT_OK;
        goto done;
    }
    rc = EXIT_FAIL;
    if (count_corpus(&o, &go, argv + optind, argc - optind, &r, &dict, &x, &l, &mw, &mentions_path))
        goto done;
    if (go.partial) {
        if (cli_graph_save_partial(l, &go, o.quiet)) goto done;
        int failed = commit_mentions(mw);
        mw = NULL;
        if (failed) goto done;
        if (!o.quiet) cli_graph_partial_summary(l, &go, eg_reader_skipped(r));
        rc = EXIT_OK;
        goto done;
    }
    if (cli_graph_make(l, &go, o.quiet, &g)) goto done;
    if (!o.quiet)
        cli_graph_summary(&g, eg_linker_documents(l), eg_linker_rule_mentions(l), eg_reader_skipped(r),
                          go.isolates_dropped);
    if (mw) {
        int failed = commit_mentions(mw);
        mw = NULL;
        if (failed) goto done;
        if (!o.quiet) printf("wrote %s\n", mentions_path);
    }
    if (cli_graph_write(&g, &go, o.threads, o.quiet)) goto done;
    rc = EXIT_OK;
done:
    eg_mentions_writer_abort(mw);
    free(mentions_path);
    eg_reader_free(r);
    eg_linker_free(l);
    eg_extractor_free(x);
    eg_dict_free(dict);
    eg_graph_destroy(&g);
    cli_corpus_destroy(&o);
    return rc;
}
