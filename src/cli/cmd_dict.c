/* entgraph dict: dictionary tools. */
#include <stdio.h>
#include <string.h>

#include "cli.h"

static const char usage_text[] =
    "usage: entgraph dict lint PATH...   check dictionary files or folders;\n"
    "                                    errors as FILE:LINE:COLUMN: error: ...\n"
    "       entgraph dict stats [PATH...] count entries by type (default: the\n"
    "                                    bundled dictionary)\n"
    "       entgraph dict path           print the bundled dictionary folder\n";

static int lint(int argc, char **argv)
{
    if (argc < 1) {
        fputs(usage_text, stderr);
        return EXIT_USAGE;
    }
    int rc = EXIT_OK;
    for (int i = 0; i < argc; i++) {
        eg_dict *d = NULL;
        eg_error err = {0};
        if (eg_dict_new(&d)) return EXIT_FAIL;
        if (eg_dict_load_path(d, argv[i], &err)) {
            cli_print_error(&err);
            rc = EXIT_FAIL;
        } else {
            /* Parents must name a known entity. */
            for (size_t k = 0; k < eg_dict_count(d); k++) {
                const eg_entity *e = eg_dict_entity(d, k);
                if (e->parent[0] && eg_dict_find_id(d, e->parent) < 0) {
                    fprintf(stderr, "%s:%ld:1: error: parent '%s' of '%s' is not a known id\n",
                            e->file, e->line, e->parent, e->id);
                    rc = EXIT_FAIL;
                }
            }
            if (rc == EXIT_OK) printf("%s: %zu entries, ok\n", argv[i], eg_dict_count(d));
        }
        eg_dict_free(d);
    }
    return rc;
}

static int stats(int argc, char **argv)
{
    eg_dict *d = NULL;
    eg_error err = {0};
    if (eg_dict_new(&d)) return EXIT_FAIL;
    int rc = EXIT_OK;
    if (argc == 0) {
        if (eg_dict_load_path(d, cli_default_dict_dir(), &err)) goto fail;
    }
    for (int i = 0; i < argc; i++)
        if (eg_dict_load_path(d, argv[i], &err)) goto fail;
    const char *types[64];
    size_t counts[64], nt = 0, aliases = 0;
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
    }
    printf("entries: %zu\naliases: %zu\n", eg_dict_count(d), aliases);
    for (size_t j = 0; j < nt; j++) printf("%s: %zu\n", types[j], counts[j]);
    goto done;
fail:
    cli_print_error(&err);
    rc = EXIT_FAIL;
done:
    eg_dict_free(d);
    return rc;
}

int cmd_dict(int argc, char **argv)
{
    if (argc < 2) {
        fputs(usage_text, stderr);
        return EXIT_USAGE;
    }
    if (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")) {
        fputs(usage_text, stdout);
        return EXIT_OK;
    }
    if (!strcmp(argv[1], "lint")) return lint(argc - 2, argv + 2);
    if (!strcmp(argv[1], "stats")) return stats(argc - 2, argv + 2);
    if (!strcmp(argv[1], "path")) {
        printf("%s\n", cli_default_dict_dir());
        return EXIT_OK;
    }
    fprintf(stderr, "entgraph dict: unknown subcommand '%s'\n", argv[1]);
    fputs(usage_text, stderr);
    return EXIT_USAGE;
}
