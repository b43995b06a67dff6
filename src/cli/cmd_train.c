/* entgraph train: labelled JSONL → a trained tagger model. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "entgraph/tagger.h"

static const char usage_text[] =
    "usage: entgraph train -o MODEL [options] FILE[:WEIGHT]...\n"
    "\n"
    "Trains the tagger (an averaged perceptron over characters, with the\n"
    "dictionary's and the rules' findings as features) on labelled JSONL files:\n"
    "one object a line, {\"text\":…,\"entities\":[{\"start\",\"end\",\"type\"}]}, offsets\n"
    "in code points, types PER, LOC and ORG (others are ignored). A file's\n"
    "WEIGHT (1-100, default 1) multiplies its examples' updates. The same files,\n"
    "dictionary and options give the same model bytes. scripts/train-tagger.sh\n"
    "makes the bundled model.\n"
    "\n"
    "options:\n"
    "  -o, --output MODEL      where to write the model (atomically)\n"
    "      --seed N            the order of the examples (default 1)\n"
    "      --epochs N          passes over the data (default 10)\n"
    "      --hash-bits B       2^B feature rows of 16 bytes (default 18: 4 MiB)\n"
    "      --runs N            train N perceptrons (seeds SEED, SEED+1, ...), keep\n"
    "                          the mean of their weights (default 1; up to 64)\n"
    "      --omit-features G[,G...]  train without these feature groups (the model\n"
    "                          records it; tagging then skips them): seg (the\n"
    "                          lexicon's segmentation), class5, skip (skip bigram and\n"
    "                          trigram), outer (characters two away), span-char,\n"
    "                          edge (see include/entgraph/tagger.h)\n"
    "      --start-bias T=N[,T=N...]  add N to the score of every name of type T\n"
    "                          (PER, LOC, ORG) a labelling holds, written into the\n"
    "                          transitions after training: N > 0 trades precision\n"
    "                          for recall (model units: an emission weight is at\n"
    "                          most 127; -1000 to 1000; default 0)\n"
    "      --gate-recall N     the gate that lets the tagger skip clauses: the\n"
    "                          clauses it lets through hold N per mille of the\n"
    "                          labelled names' characters, each example scored\n"
    "                          by a gate trained without it (out of fold)\n"
    "                          (0-1000, default 990; 0: no gate, every clause read)\n"
    "  -d, --dict PATH         also load this dictionary file or folder\n"
    "      --no-default-dict   do not load the bundled dictionary (dict/)\n"
    "      --no-rules          no rule features\n"
    "      --convert auto|t2s|none  as for extract (the model is to be used so)\n"
    "  -q, --quiet             no summary on stderr\n"
    "  -h, --help              show this help\n";

enum { OPT_SEED = OPT_OTHER_BASE, OPT_EPOCHS, OPT_HASH_BITS, OPT_RUNS, OPT_START_BIAS, OPT_OMIT, OPT_GATE_RECALL };

static int parse_uint(const char *opt, const char *arg, unsigned long max, unsigned long *out)
{
    char *end;
    unsigned long v = strtoul(arg, &end, 10);
    if (!*arg || *end || v > max || arg[0] == '-') {
        fprintf(stderr, "entgraph: error: %s takes a number up to %lu, not '%s'\n", opt, max, arg);
        return -1;
    }
    *out = v;
    return 0;
}

/* --omit-features seg,class5,... into *omit (EG_TAG_OMIT_*); -1 after an
 * error printed. "none" is no group. */
static int parse_omit(const char *arg, unsigned *omit)
{
    static const struct {
        const char *name;
        unsigned bit;
    } groups[] = {{"seg", EG_TAG_OMIT_SEG},     {"class5", EG_TAG_OMIT_CLASS5},       {"skip", EG_TAG_OMIT_SKIP},
                  {"outer", EG_TAG_OMIT_OUTER}, {"span-char", EG_TAG_OMIT_SPAN_CHAR}, {"edge", EG_TAG_OMIT_EDGE},
                  {"none", 0}};
    const char *p = arg;
    *omit = 0;
    for (;;) {
        const char *comma = strchr(p, ',');
        size_t len = comma ? (size_t)(comma - p) : strlen(p), k = 0;
        while (k < sizeof groups / sizeof *groups && (strlen(groups[k].name) != len || strncmp(p, groups[k].name, len)))
            k++;
        if (k == sizeof groups / sizeof *groups) {
            fprintf(stderr,
                    "entgraph: error: --omit-features takes seg, class5, skip, outer, span-char, edge or none, not "
                    "'%.*s'\n",
                    (int)len, p);
            return -1;
        }
        *omit |= groups[k].bit;
        if (!comma) return 0;
        p = comma + 1;
    }
}

/* --start-bias PER=N,LOC=N,ORG=N (any of them, each once) into bias[];
 * -1 after an error printed. */
static int parse_start_bias(const char *arg, int32_t bias[3])
{
    static const char *const types[3] = {"PER", "LOC", "ORG"};
    int seen[3] = {0, 0, 0};
    const char *p = arg;
    for (;;) {
        const char *comma = strchr(p, ',');
        size_t len = comma ? (size_t)(comma - p) : strlen(p);
        int t = -1;
        for (int k = 0; k < 3; k++)
            if (len >= 4 && !strncmp(p, types[k], 3) && p[3] == '=') t = k;
        if (t < 0) {
            fprintf(stderr, "entgraph: error: --start-bias takes TYPE=N items (TYPE PER, LOC or ORG), not '%.*s'\n",
                    (int)len, p);
            return -1;
        }
        char num[16];
        size_t nl = len - 4;
        char *end = num;
        long v = 0;
        if (nl && nl < sizeof num) {
            memcpy(num, p + 4, nl);
            num[nl] = 0;
            v = strtol(num, &end, 10);
        }
        /* digits with an optional minus only: no space, plus or empty */
        if (!nl || nl >= sizeof num || *end || !(num[0] == '-' || (num[0] >= '0' && num[0] <= '9')) ||
            v < -EG_TRAIN_START_BIAS_MAX || v > EG_TRAIN_START_BIAS_MAX) {
            fprintf(stderr, "entgraph: error: --start-bias %s takes a whole number from -%d to %d, not '%.*s'\n",
                    types[t], EG_TRAIN_START_BIAS_MAX, EG_TRAIN_START_BIAS_MAX, (int)nl, p + 4);
            return -1;
        }
        if (seen[t]++) {
            fprintf(stderr, "entgraph: error: --start-bias gives %s twice\n", types[t]);
            return -1;
        }
        bias[t] = (int32_t)v;
        if (!comma) return 0;
        p = comma + 1;
    }
}

int cmd_train(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"output", required_argument, NULL, 'o'},
        {"seed", required_argument, NULL, OPT_SEED},
        {"epochs", required_argument, NULL, OPT_EPOCHS},
        {"hash-bits", required_argument, NULL, OPT_HASH_BITS},
        {"runs", required_argument, NULL, OPT_RUNS},
        {"start-bias", required_argument, NULL, OPT_START_BIAS},
        {"omit-features", required_argument, NULL, OPT_OMIT},
        {"gate-recall", required_argument, NULL, OPT_GATE_RECALL},
        {"dict", required_argument, NULL, 'd'},
        {"no-default-dict", no_argument, NULL, OPT_NO_DEFAULT_DICT},
        {"no-rules", no_argument, NULL, OPT_NO_RULES},
        {"convert", required_argument, NULL, OPT_CONVERT},
        {"quiet", no_argument, NULL, 'q'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    cli_corpus_opts o;
    eg_train_options topt = eg_train_defaults();
    const char *output = NULL, *omit_arg = "none";
    int c, rc = EXIT_FAIL;
    eg_dict *dict = NULL;
    eg_extractor *x = NULL;
    eg_trainer *t = NULL;
    eg_error err = {0};
    unsigned long v;
    cli_corpus_init(&o);
    o.no_model = 1; /* the features are the dictionary's and rules' alone */
    optind = 1;
    while ((c = getopt_long(argc, argv, "o:d:qh", longopts, NULL)) != -1) {
        switch (c) {
        case 'o': output = optarg; continue;
        case OPT_SEED:
            if (parse_uint("--seed", optarg, UINT32_MAX, &v)) goto usage;
            topt.seed = (uint32_t)v;
            continue;
        case OPT_EPOCHS:
            if (parse_uint("--epochs", optarg, 1000, &v) || !v) goto usage;
            topt.epochs = (unsigned)v;
            continue;
        case OPT_HASH_BITS:
            if (parse_uint("--hash-bits", optarg, 24, &v) || v < 8) {
                fprintf(stderr, "entgraph: error: --hash-bits takes 8 to 24\n");
                goto usage;
            }
            topt.hash_bits = (unsigned)v;
            continue;
        case OPT_RUNS:
            if (parse_uint("--runs", optarg, 64, &v) || !v) goto usage;
            topt.runs = (unsigned)v;
            continue;
        case OPT_START_BIAS:
            if (parse_start_bias(optarg, topt.start_bias)) goto usage;
            continue;
        case OPT_GATE_RECALL:
            if (parse_uint("--gate-recall", optarg, 1000, &v)) goto usage;
            topt.gate_recall = (unsigned)v;
            continue;
        case OPT_OMIT:
            if (parse_omit(optarg, &topt.omit_features)) goto usage;
            omit_arg = optarg;
            continue;
        case 'h':
            fputs(usage_text, stdout);
            rc = EXIT_OK;
            goto done;
        default: {
            int h = cli_corpus_option(&o, c, optarg);
            if (h > 0) continue;
            if (h == 0) fputs(usage_text, stderr);
            goto usage;
        }
        }
    }
    if (!output || optind >= argc) {
        fputs(usage_text, stderr);
        goto usage;
    }
    double t0 = cli_now();
    if (cli_open_extractor(&o, &dict, &x)) goto done;
    if (eg_trainer_new(&t, x, &topt, &err)) {
        cli_print_error(&err);
        goto done;
    }
    for (int i = optind; i < argc; i++) {
        char path[4096];
        unsigned long weight = 1;
        const char *colon = strrchr(argv[i], ':');
        size_t pl = strlen(argv[i]);
        if (colon && colon[1] && strspn(colon + 1, "0123456789") == strlen(colon + 1)) {
            if (parse_uint("a file's weight", colon + 1, 100, &weight) || !weight) goto usage;
            pl = (size_t)(colon - argv[i]);
        }
        if (pl >= sizeof path) {
            fprintf(stderr, "entgraph: error: path too long: %s\n", argv[i]);
            goto done;
        }
        memcpy(path, argv[i], pl);
        path[pl] = 0;
        size_t added;
        if (eg_trainer_add_jsonl(t, path, (unsigned)weight, &added, &err)) {
            cli_print_error(&err);
            goto done;
        }
        if (!o.quiet) fprintf(stderr, "%s: %zu examples, weight %lu\n", path, added, weight);
    }
    double t1 = cli_now();
    if (eg_trainer_save(t, output, &err)) {
        cli_print_error(&err);
        goto done;
    }
    if (!o.quiet)
        fprintf(stderr,
                "%s: %zu paragraphs, %zu characters, %u epochs, %u runs, start bias PER=%d,LOC=%d,ORG=%d%s%s: "
                "features %.1f s, training %.1f s\n",
                output, eg_trainer_examples(t), eg_trainer_chars(t), topt.epochs, topt.runs, (int)topt.start_bias[0],
                (int)topt.start_bias[1], (int)topt.start_bias[2], topt.omit_features ? ", omitted features " : "",
                topt.omit_features ? omit_arg : "", t1 - t0, cli_now() - t1);
    rc = EXIT_OK;
    goto done;
usage:
    rc = EXIT_USAGE;
done:
    eg_trainer_free(t);
    eg_extractor_free(x);
    eg_dict_free(dict);
    cli_corpus_destroy(&o);
    return rc;
}
