/* Benchmark for the lexicon's segmentation (src/lexicon.c), the walk the
 * tagger makes over every paragraph. Built by `ninja -C build bench`; run:
 *
 *   build/bench/bench_lexicon LEXICON TEXT [passes] [rows]
 *   build/bench/bench_lexicon dict/lexicon/words.txt /tmp/entgraph-bench-sogou-20.jsonl 1 8
 *
 * TEXT is cut into paragraphs at line ends and at the two characters
 * "\n" (JSONL's escaped line breaks), each segmented as the tagger does
 * (eg__lexicon_segment_decoded); it reports ns a character, the best of
 * `passes` (default 3). With rows > 0, each character also reads that
 * many random 64-byte rows of a 4 MiB table, as the tagger's emissions
 * do between two paragraphs' segmentation, so that the lexicon's tables
 * do not sit in the cache as they would in a loop of segmentation alone.
 * With WARM=1 in the environment each paragraph is segmented once more,
 * untimed, just before its timed run (see the loop).
 * The sum it prints depends on every path, so nothing is optimised away.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lexicon.h"
#include "utf8.h"

static double cpu_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: %s LEXICON TEXT [passes] [rows]\n", argv[0]);
        return 2;
    }
    int passes = argc > 3 ? atoi(argv[3]) : 3, rows = argc > 4 ? atoi(argv[4]) : 0;
    int warm = getenv("WARM") ? atoi(getenv("WARM")) : 0;
    eg__lexicon *lx = NULL;
    eg_error err = {0};
    if (eg__lexicon_load(&lx, argv[1], &err)) {
        fprintf(stderr, "%s: %s\n", argv[1], err.message);
        return 1;
    }
    FILE *fp = fopen(argv[2], "rb");
    if (!fp) {
        perror(argv[2]);
        return 1;
    }
    fseek(fp, 0, SEEK_END);
    size_t len = (size_t)ftell(fp);
    fseek(fp, 0, SEEK_SET);
    char *text = malloc(len + 1);
    if (!text || fread(text, 1, len, fp) != len) return 1;
    fclose(fp);
    text[len] = 0;
    size_t table_len = (size_t)4 << 20;
    unsigned char *table = calloc(table_len, 1);
    uint32_t *cp = malloc((len + 1) * sizeof *cp), *at = malloc((len + 1) * sizeof *at);
    if (!table || !cp || !at) return 1;
    eg__seg g = {0};
    double best = 0;
    size_t chars = 0;
    uint64_t sum = 0, rng = 88172645463325252ull;
    for (int pass = 0; pass < passes; pass++) {
        double t0 = cpu_now(), busy = 0;
        chars = 0;
        for (size_t b = 0; b < len;) {
            size_t e = b;
            while (e < len && text[e] != '\n' && !(text[e] == '\\' && text[e + 1] == 'n')) e++;
            size_t n = 0;
            for (size_t i = 0; i < e - b;) {
                at[n] = (uint32_t)i;
                cp[n++] = eg__utf8_decode(text + b, e - b, &i, NULL);
            }
            at[n] = (uint32_t)(e - b);
            if (rows) {
                /* the tagger's share, outside the timed segmentation */
                double r0 = cpu_now();
                for (size_t k = 0; k < n * (size_t)rows; k++) {
                    rng ^= rng << 13, rng ^= rng >> 7, rng ^= rng << 17;
                    sum += table[(rng % (table_len / 64)) * 64]++;
                }
                busy += cpu_now() - r0;
            }
            if (warm && n) {
                /* WARM=1: the paragraph is segmented once untimed first,
                 * so that the timed run finds what it reads in the cache
                 * and its branches learned; the gap to WARM=0 bounds what
                 * any layout of the tables could gain */
                double w0 = cpu_now();
                if (eg__lexicon_segment_decoded(lx, text + b, cp, at, n, &g)) return 1;
                busy += cpu_now() - w0;
            }
            if (n && eg__lexicon_segment_decoded(lx, text + b, cp, at, n, &g)) return 1;
            for (size_t i = 0; i < n; i = g.word_end[i]) sum += g.word_end[i] + g.word_val[i];
            chars += n;
            b = e + (e < len && text[e] == '\\' ? 2 : 1);
        }
        double t = cpu_now() - t0 - busy;
        if (!pass || t < best) best = t;
    }
    printf("%zu characters, %.1f ns a character (best of %d, rows %d), sum %llu\n", chars, best * 1e9 / (double)chars,
           passes, rows, (unsigned long long)sum);
    eg__seg_free(&g);
    eg__lexicon_free(lx);
    free(cp);
    free(at);
    free(table);
    free(text);
    return 0;
}
