/* Benchmark for the matcher. Built by `ninja -C build bench`; run:
 *
 *   build/bench/bench_matcher [text_mb]
 *   build/bench/bench_matcher 50 dict/cn_divisions.tsv sample/000_d3a17d0daa653c78.txt
 *
 * For 5 000 and 300 000 random keys of 2..6 CJK characters (uniform over
 * U+4E00..U+9FFF) it reports add and build time, automaton memory and the
 * scan throughput over text_mb (default 50) MB of
 *   random: uniformly random CJK characters (few matches);
 *   dense:  keys drawn uniformly, each followed by 0..3 random characters
 *           (about 73% of the text is matched; no locality at all);
 *   zipf:   the same with keys drawn by a Zipf law (s = 1), as words are.
 * Given a dictionary TSV (name and |-separated aliases in columns 2 and 4)
 * and a text file, it also scans that text repeated to text_mb MB.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "entgraph/matcher.h"

static int dict_bench(const char *dict, const char *textfile, size_t len);

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static uint64_t rng_next(uint64_t *s)
{
    uint64_t x = *s;
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    *s = x;
    return x * 0x2545F4914F6CDD1Du;
}

static size_t put_cjk(char *out, uint64_t *rng)
{
    uint32_t cp = 0x4E00 + (uint32_t)(rng_next(rng) % (0x9FFF - 0x4E00 + 1));
    out[0] = (char)(0xE0 | (cp >> 12));
    out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[2] = (char)(0x80 | (cp & 0x3F));
    return 3;
}

typedef struct counter {
    size_t n, bytes;
} counter;

static int count(void *user, const eg_match *m)
{
    counter *c = user;
    c->n++;
    c->bytes += m->end - m->start;
    return 0;
}

static void scan(const eg_matcher *m, const char *text, size_t len, const char *what)
{
    double best = 1e9;
    counter c = { 0, 0 };
    for (int rep = 0; rep < 3; rep++) {
        c.n = c.bytes = 0;
        double t0 = now();
        if (eg_matcher_scan(m, text, len, count, &c) != EG_OK) exit(1);
        double t = now() - t0;
        if (t < best) best = t;
    }
    printf("  scan %-6s %7.1f MB/s  (%.3f s, %zu matches covering %.1f%%)\n", what,
           (double)len / 1e6 / best, best, c.n, 100.0 * (double)c.bytes / (double)len);
}

int main(int argc, char **argv)
{
    size_t mb = argc > 1 ? (size_t)atol(argv[1]) : 50;
    size_t len = mb * 1000 * 1000 / 3 * 3;
    uint64_t rng = 0x12345678u;
    char *text = malloc(len);
    char *dense = malloc(len + 64);
    if (!text || !dense) return 1;
    for (size_t i = 0; i < len; i += 3) put_cjk(text + i, &rng);

    static const size_t sizes[] = { 5000, 300000 };
    for (size_t si = 0; si < 2; si++) {
        size_t n = sizes[si];
        char *keys = malloc(n * 18);
        size_t *lens = malloc(n * sizeof *lens);
        if (!keys || !lens) return 1;
        size_t total = 0;
        for (size_t i = 0; i < n; i++) {
            size_t chars = 2 + (size_t)(rng_next(&rng) % 5), l = 0;
            for (size_t j = 0; j < chars; j++) l += put_cjk(keys + i * 18 + l, &rng);
            lens[i] = l;
            total += l;
        }
        double t0 = now();
        eg_matcher_builder *b;
        if (eg_matcher_builder_new(&b) != EG_OK) return 1;
        for (size_t i = 0; i < n; i++)
            if (eg_matcher_builder_add(b, keys + i * 18, lens[i], (uint32_t)i) != EG_OK) return 1;
        double t1 = now();
        eg_matcher *m;
        if (eg_matcher_build(b, &m) != EG_OK) return 1;
        double t2 = now();
        printf("%zu keys (%zu distinct, %.2f MB of keys, avg %.1f bytes)\n", n,
               eg_matcher_builder_count(b), (double)total / 1e6, (double)total / (double)n);
        printf("  add %.3f s, build %.3f s, memory %.1f MB (%.1f bytes per key byte)\n",
               t1 - t0, t2 - t1, (double)eg_matcher_memory(m) / 1e6,
               (double)eg_matcher_memory(m) / (double)total);
        eg_matcher_builder_free(b);

        /* Dense text: a key, then 0..3 random characters, and so on. */
        size_t dl = 0;
        while (dl + 30 < len) {
            size_t k = (size_t)(rng_next(&rng) % n);
            memcpy(dense + dl, keys + k * 18, lens[k]);
            dl += lens[k];
            for (size_t j = rng_next(&rng) % 4; j; j--) dl += put_cjk(dense + dl, &rng);
        }
        scan(m, text, len, "random");
        scan(m, dense, dl, "dense");

        /* Zipf: P(key k) ~ 1 / (k + 1). */
        double *cum = malloc(n * sizeof *cum);
        if (!cum) return 1;
        double acc = 0;
        for (size_t k = 0; k < n; k++) cum[k] = acc += 1.0 / (double)(k + 1);
        dl = 0;
        while (dl + 30 < len) {
            double x = (double)(rng_next(&rng) >> 11) / 9007199254740992.0 * acc;
            size_t lo = 0, hi = n - 1;
            while (lo < hi) {
                size_t mid = (lo + hi) / 2;
                if (cum[mid] < x) lo = mid + 1;
                else hi = mid;
            }
            memcpy(dense + dl, keys + lo * 18, lens[lo]);
            dl += lens[lo];
            for (size_t j = rng_next(&rng) % 4; j; j--) dl += put_cjk(dense + dl, &rng);
        }
        free(cum);
        scan(m, dense, dl, "zipf");
        eg_matcher_free(m);
        free(keys);
        free(lens);
    }
    free(text);
    free(dense);
    return argc > 3 ? dict_bench(argv[2], argv[3], len) : 0;
}

/* Keys: column 2 (name) and the |-separated aliases of column 4. */
static int dict_bench(const char *dict, const char *textfile, size_t len)
{
    FILE *f = fopen(dict, "r");
    if (!f) return 1;
    eg_matcher_builder *b;
    if (eg_matcher_builder_new(&b) != EG_OK) return 1;
    char line[4096];
    uint32_t v = 0;
    while (fgets(line, sizeof line, f)) {
        if (line[0] == '#' || !strncmp(line, "id\t", 3)) continue;
        char *col[4] = { 0 }, *p = line;
        for (int c = 0; c < 4 && p; c++) {
            col[c] = p;
            p = strchr(p, '\t');
            if (p) *p++ = 0;
        }
        if (!col[1]) continue;
        col[1][strcspn(col[1], "\n")] = 0;
        if (*col[1]) eg_matcher_builder_add(b, col[1], strlen(col[1]), v);
        for (char *a = col[3]; a && *a && *a != '\n';) {
            size_t n = strcspn(a, "|\t\n");
            if (n) eg_matcher_builder_add(b, a, n, v);
            a += n;
            if (*a == '|') a++;
            else break;
        }
        v++;
    }
    fclose(f);
    f = fopen(textfile, "rb");
    if (!f) return 1;
    char *sample = malloc(1 << 20);
    size_t sl = sample ? fread(sample, 1, 1 << 20, f) : 0;
    fclose(f);
    if (!sl) return 1;
    char *text = malloc(len);
    if (!text) return 1;
    for (size_t i = 0; i < len; i += sl) memcpy(text + i, sample, len - i < sl ? len - i : sl);
    double t0 = now();
    eg_matcher *m;
    if (eg_matcher_build(b, &m) != EG_OK) return 1;
    printf("%s: %zu keys, build %.3f s, memory %.2f MB\n", dict, eg_matcher_builder_count(b),
           now() - t0, (double)eg_matcher_memory(m) / 1e6);
    scan(m, text, len, "text");
    eg_matcher_free(m);
    eg_matcher_builder_free(b);
    free(text);
    free(sample);
    return 0;
}
