/* entgraph command line: dispatches to one cmd_*.c per subcommand. */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "entgraph/version.h"

static const struct command {
    const char *name;
    int (*fn)(int argc, char **argv);
    const char *summary;
} commands[] = {
    {"build", cmd_build, "corpus -> graph files (GraphML, JSON, GEXF, CSV, egb, HTML, SVG, mentions)"},
    {"merge", cmd_merge, "partial counts of shards (build --partial) -> graph files"},
    {"extract", cmd_extract, "corpus -> mentions JSONL on stdout"},
    {"query", cmd_query, "ask a built graph: stats, top, neighbors, path, explain, ego, find"},
    {"dict", cmd_dict, "dictionaries: lint, stats, find, suggest, add, import, compile, path"},
    {"train", cmd_train, "labelled JSONL -> a trained tagger model (.egt)"},
    {NULL, NULL, NULL},
};

static void usage(FILE *fp)
{
    fprintf(fp, "usage: entgraph COMMAND [options] ...\n\ncommands:\n");
    for (const struct command *c = commands; c->name; c++)
        fprintf(fp, "  %-8s %s\n", c->name, c->summary);
    fprintf(fp, "\n'entgraph COMMAND --help' describes each command.\n"
                "exit status: 0 ok, 1 bad input or runtime failure, 2 usage error\n");
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return EXIT_USAGE;
    }
    if (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help") || !strcmp(argv[1], "help")) {
        usage(stdout);
        return 0;
    }
    if (!strcmp(argv[1], "--version")) {
        printf("entgraph %s\n", eg_version());
        return 0;
    }
    for (const struct command *c = commands; c->name; c++)
        if (!strcmp(argv[1], c->name)) return c->fn(argc - 1, argv + 1);
    fprintf(stderr, "entgraph: unknown command '%s'\n", argv[1]);
    usage(stderr);
    return EXIT_USAGE;
}
