#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "entgraph/matcher.h"

/* Internal (src/matcher.c): scan with mode 1 = serial only, 2 = interleaved
 * lanes whenever the text is long enough, 0 = as eg_matcher_scan. */
eg_status eg__matcher_scan_mode(const eg_matcher *m, const char *text, size_t len,
                                eg_match_fn fn, void *user, int mode);

#include "internal.h" /* eg__matcher_scan_segments */

/* Internal (src/matcher.c): 1 when m reads characters as labels. */
int eg__matcher_reads_chars(const eg_matcher *m);

/* Failure injection for the out-of-memory test (skipped where another
 * allocator owns malloc: sanitizers, valgrind). */
#include "failing_malloc.h"

/* --------------------------------------------------------------- helpers */

typedef struct found {
    eg_match m[512];
    size_t n;
    size_t stop_after; /* stop the scan after this many matches; 0 = never */
} found;

static int collect(void *user, const eg_match *m)
{
    found *f = user;
    assert_true(f->n < sizeof f->m / sizeof f->m[0]);
    f->m[f->n++] = *m;
    return f->stop_after && f->n >= f->stop_after;
}

static eg_matcher *build_strs(const char *const *keys, size_t n)
{
    eg_matcher_builder *b = NULL;
    assert_int_equal(eg_matcher_builder_new(&b), EG_OK);
    for (size_t i = 0; i < n; i++)
        assert_int_equal(eg_matcher_builder_add(b, keys[i], strlen(keys[i]), (uint32_t)i), EG_OK);
    eg_matcher *m = NULL;
    assert_int_equal(eg_matcher_build(b, &m), EG_OK);
    eg_matcher_builder_free(b);
    assert_non_null(m);
    return m;
}

static void scan_str(const eg_matcher *m, const char *text, found *f)
{
    f->n = 0;
    assert_int_equal(eg_matcher_scan(m, text, strlen(text), collect, f), EG_OK);
}

static void expect_match(const found *f, size_t i, size_t start, size_t end, uint32_t value)
{
    assert_true(i < f->n);
    assert_int_equal(f->m[i].start, start);
    assert_int_equal(f->m[i].end, end);
    assert_int_equal(f->m[i].value, value);
}

/* xorshift64*: fixed seeds keep the random tests deterministic. */
static uint64_t rng_next(uint64_t *s)
{
    uint64_t x = *s;
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    *s = x;
    return x * 0x2545F4914F6CDD1Du;
}

static size_t rng_below(uint64_t *s, size_t n)
{
    return (size_t)(rng_next(s) % n);
}

static size_t put_cjk(char *out, uint32_t cp)
{
    out[0] = (char)(0xE0 | (cp >> 12));
    out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[2] = (char)(0x80 | (cp & 0x3F));
    return 3;
}

/* ------------------------------------------------------- brute force ref */

typedef struct refkey {
    char s[256];
    size_t len;
    uint32_t value;
} refkey;

typedef struct refset {
    refkey k[64];
    size_t n;
} refset;

static void ref_add(refset *r, const char *s, size_t len, uint32_t value)
{
    for (size_t i = 0; i < r->n; i++)
        if (r->k[i].len == len && !memcmp(r->k[i].s, s, len)) {
            r->k[i].value = value;
            return;
        }
    assert_true(r->n < 64 && len <= sizeof r->k[0].s);
    memcpy(r->k[r->n].s, s, len);
    r->k[r->n].len = len;
    r->k[r->n].value = value;
    r->n++;
}

/* Leftmost-longest by definition: at each position take the longest key
 * that starts there, else move on by one byte. */
static void ref_scan(const refset *r, const char *text, size_t len, found *f)
{
    f->n = 0;
    size_t pos = 0;
    while (pos < len) {
        size_t best = 0;
        uint32_t value = 0;
        for (size_t i = 0; i < r->n; i++) {
            const refkey *k = &r->k[i];
            if (k->len > best && k->len <= len - pos && !memcmp(text + pos, k->s, k->len)) {
                best = k->len;
                value = k->value;
            }
        }
        if (best) {
            assert_true(f->n < sizeof f->m / sizeof f->m[0]);
            f->m[f->n++] = (eg_match){ pos, pos + best, value };
            pos += best;
        } else {
            pos++;
        }
    }
}

static void assert_same(const found *a, const found *b)
{
    assert_int_equal(a->n, b->n);
    for (size_t i = 0; i < a->n; i++) {
        assert_int_equal(a->m[i].start, b->m[i].start);
        assert_int_equal(a->m[i].end, b->m[i].end);
        assert_int_equal(a->m[i].value, b->m[i].value);
    }
}

/* ----------------------------------------------------------------- tests */

static void leftmost_longest_edges(void **state)
{
    (void)state;
    found f = { .n = 0 };

    const char *k1[] = { "ab", "bcd" };
    eg_matcher *m = build_strs(k1, 2);
    scan_str(m, "abcd", &f);
    assert_int_equal(f.n, 1);
    expect_match(&f, 0, 0, 2, 0);
    scan_str(m, "xbcdab", &f); /* both, in text order */
    assert_int_equal(f.n, 2);
    expect_match(&f, 0, 1, 4, 1);
    expect_match(&f, 1, 4, 6, 0);
    eg_matcher_free(m);

    const char *k2[] = { "a", "abc" };
    m = build_strs(k2, 2);
    scan_str(m, "abd", &f);
    assert_int_equal(f.n, 1);
    expect_match(&f, 0, 0, 1, 0);
    scan_str(m, "abcabca", &f);
    assert_int_equal(f.n, 3);
    expect_match(&f, 0, 0, 3, 1);
    expect_match(&f, 1, 3, 6, 1);
    expect_match(&f, 2, 6, 7, 0);
    scan_str(m, "ab", &f); /* pending match reported at the end of text */
    assert_int_equal(f.n, 1);
    expect_match(&f, 0, 0, 1, 0);
    eg_matcher_free(m);

    const char *k3[] = { "abcd", "bc" };
    m = build_strs(k3, 2);
    scan_str(m, "abce", &f);
    assert_int_equal(f.n, 1);
    expect_match(&f, 0, 1, 3, 1);
    scan_str(m, "abcd", &f);
    assert_int_equal(f.n, 1);
    expect_match(&f, 0, 0, 4, 0);
    scan_str(m, "abc", &f);
    assert_int_equal(f.n, 1);
    expect_match(&f, 0, 1, 3, 1);
    eg_matcher_free(m);

    /* After a match the scan restarts at its end, not where it failed. */
    const char *k4[] = { "abcdef", "ab", "cd" };
    m = build_strs(k4, 3);
    scan_str(m, "abcdex", &f);
    assert_int_equal(f.n, 2);
    expect_match(&f, 0, 0, 2, 1);
    expect_match(&f, 1, 2, 4, 2);
    eg_matcher_free(m);

    const char *k5[] = { "中国", "中国工商银行", "工商银行嘉兴分行" };
    m = build_strs(k5, 3);
    scan_str(m, "中国工商银行嘉兴分行", &f);
    assert_int_equal(f.n, 1);
    expect_match(&f, 0, 0, 18, 1);
    scan_str(m, "在中国的工商银行嘉兴分行", &f);
    assert_int_equal(f.n, 2);
    expect_match(&f, 0, 3, 9, 0);
    expect_match(&f, 1, 12, 36, 2);
    eg_matcher_free(m);

    const char *k6[] = { "he", "she", "his", "hers" };
    m = build_strs(k6, 4);
    scan_str(m, "ushers", &f);
    assert_int_equal(f.n, 1);
    expect_match(&f, 0, 1, 4, 1);
    scan_str(m, "ahishers", &f);
    assert_int_equal(f.n, 2);
    expect_match(&f, 0, 1, 4, 2);
    expect_match(&f, 1, 4, 8, 3);
    eg_matcher_free(m);
}

static void empty_builder(void **state)
{
    (void)state;
    eg_matcher_builder *b = NULL;
    assert_int_equal(eg_matcher_builder_new(&b), EG_OK);
    assert_int_equal(eg_matcher_builder_count(b), 0);
    eg_matcher *m = NULL;
    assert_int_equal(eg_matcher_build(b, &m), EG_OK);
    assert_non_null(m);
    assert_true(eg_matcher_memory(m) > 0);
    found f = { .n = 0 };
    scan_str(m, "anything at all", &f);
    assert_int_equal(f.n, 0);
    assert_int_equal(eg_matcher_scan(m, NULL, 0, collect, &f), EG_OK);
    assert_int_equal(f.n, 0);
    eg_matcher_free(m);
    eg_matcher_builder_free(b);
}

static void bad_arguments(void **state)
{
    (void)state;
    eg_matcher_builder *b = NULL;
    assert_int_equal(eg_matcher_builder_new(&b), EG_OK);
    assert_int_equal(eg_matcher_builder_add(b, "", 0, 1), EG_EINVAL);
    assert_int_equal(eg_matcher_builder_add(b, "x", 0, 1), EG_EINVAL);
    assert_int_equal(eg_matcher_builder_add(b, NULL, 3, 1), EG_EINVAL);
    assert_int_equal(eg_matcher_builder_add(NULL, "x", 1, 1), EG_EINVAL);
    assert_int_equal(eg_matcher_builder_count(b), 0);
    assert_int_equal(eg_matcher_builder_add(b, "x", 1, 1), EG_OK);
    eg_matcher *m = NULL;
    assert_int_equal(eg_matcher_build(b, &m), EG_OK);
    assert_int_equal(eg_matcher_scan(m, "x", 1, NULL, NULL), EG_EINVAL);
    assert_int_equal(eg_matcher_scan(NULL, "x", 1, collect, NULL), EG_EINVAL);
    assert_int_equal(eg_matcher_scan(m, NULL, 1, collect, NULL), EG_EINVAL);
    eg_matcher_free(m);
    eg_matcher_builder_free(b);
    eg_matcher_free(NULL);
    eg_matcher_builder_free(NULL);
}

static void later_value_wins(void **state)
{
    (void)state;
    eg_matcher_builder *b = NULL;
    assert_int_equal(eg_matcher_builder_new(&b), EG_OK);
    assert_int_equal(eg_matcher_builder_add(b, "abc", 3, 1), EG_OK);
    assert_int_equal(eg_matcher_builder_add(b, "ab", 2, 5), EG_OK);
    assert_int_equal(eg_matcher_builder_add(b, "abc", 3, 2), EG_OK);
    assert_int_equal(eg_matcher_builder_count(b), 2);
    eg_matcher *m = NULL;
    assert_int_equal(eg_matcher_build(b, &m), EG_OK);
    found f = { .n = 0 };
    scan_str(m, "abcab", &f);
    assert_int_equal(f.n, 2);
    expect_match(&f, 0, 0, 3, 2);
    expect_match(&f, 1, 3, 5, 5);

    /* The builder is still usable after build and does not affect m. */
    assert_int_equal(eg_matcher_builder_add(b, "abc", 3, 7), EG_OK);
    scan_str(m, "abc", &f);
    expect_match(&f, 0, 0, 3, 2);
    eg_matcher *m2 = NULL;
    assert_int_equal(eg_matcher_build(b, &m2), EG_OK);
    scan_str(m2, "abc", &f);
    expect_match(&f, 0, 0, 3, 7);
    eg_matcher_free(m2);
    eg_matcher_free(m);
    eg_matcher_builder_free(b);
}

static void nul_bytes_in_keys(void **state)
{
    (void)state;
    eg_matcher_builder *b = NULL;
    assert_int_equal(eg_matcher_builder_new(&b), EG_OK);
    assert_int_equal(eg_matcher_builder_add(b, "a\0b", 3, 1), EG_OK);
    assert_int_equal(eg_matcher_builder_add(b, "a", 1, 2), EG_OK);
    assert_int_equal(eg_matcher_builder_add(b, "\0", 1, 3), EG_OK);
    assert_int_equal(eg_matcher_builder_add(b, "\xff\0\xff", 3, 4), EG_OK);
    assert_int_equal(eg_matcher_builder_add(b, "a\0c", 3, 5), EG_OK);
    assert_int_equal(eg_matcher_builder_count(b), 5);
    eg_matcher *m = NULL;
    assert_int_equal(eg_matcher_build(b, &m), EG_OK);
    found f = { .n = 0 };
    static const char text[] = "xa\0bya\0\xff\0\xff" "a\0c";
    assert_int_equal(eg_matcher_scan(m, text, sizeof text - 1, collect, &f), EG_OK);
    assert_int_equal(f.n, 5);
    expect_match(&f, 0, 1, 4, 1);  /* a\0b */
    expect_match(&f, 1, 5, 6, 2);  /* a */
    expect_match(&f, 2, 6, 7, 3);  /* \0 */
    expect_match(&f, 3, 7, 10, 4); /* \xff\0\xff */
    expect_match(&f, 4, 10, 13, 5); /* a\0c */
    eg_matcher_free(m);
    eg_matcher_builder_free(b);
}

static void callback_stops(void **state)
{
    (void)state;
    const char *keys[] = { "ab", "cd" };
    eg_matcher *m = build_strs(keys, 2);
    found f = { .n = 0, .stop_after = 1 };
    scan_str(m, "ab cd ab cd", &f);
    assert_int_equal(f.n, 1);
    expect_match(&f, 0, 0, 2, 0);
    f.stop_after = 3;
    scan_str(m, "ab cd ab cd", &f);
    assert_int_equal(f.n, 3);
    expect_match(&f, 2, 6, 8, 0);
    f.stop_after = 0;
    scan_str(m, "ab cd ab cd", &f);
    assert_int_equal(f.n, 4);
    eg_matcher_free(m);
}

/* One random round: nkeys keys from gen_key, texts from gen_text, every
 * scan compared with the brute-force reference. */
typedef size_t (*gen_fn)(uint64_t *rng, char *out, size_t max_units);

static size_t gen_abc(uint64_t *rng, char *out, size_t n)
{
    for (size_t i = 0; i < n; i++) out[i] = (char)('a' + rng_below(rng, 3));
    return n;
}

static size_t gen_cjk(uint64_t *rng, char *out, size_t n)
{
    static const uint32_t chars[] = { 0x4E2D, 0x56FD, 0x5DE5, 0x5546, 0x94F6, 0x884C };
    size_t len = 0;
    for (size_t i = 0; i < n; i++) len += put_cjk(out + len, chars[rng_below(rng, 6)]);
    return len;
}

static size_t gen_bin(uint64_t *rng, char *out, size_t n)
{
    static const unsigned char bytes[] = { 0x00, 0x80, 0xFF, 'a' };
    for (size_t i = 0; i < n; i++) out[i] = (char)bytes[rng_below(rng, 4)];
    return n;
}

static void random_rounds(uint64_t seed, int rounds, gen_fn gen, size_t max_key_units,
                          size_t max_text_units)
{
    uint64_t rng = seed;
    char buf[32];
    char text[256];
    found got, want;
    got.stop_after = 0;
    for (int round = 0; round < rounds; round++) {
        refset ref;
        ref.n = 0;
        eg_matcher_builder *b = NULL;
        assert_int_equal(eg_matcher_builder_new(&b), EG_OK);
        size_t nkeys = 1 + rng_below(&rng, 24);
        for (size_t i = 0; i < nkeys; i++) {
            size_t len = gen(&rng, buf, 1 + rng_below(&rng, max_key_units));
            uint32_t value = (uint32_t)rng_next(&rng);
            assert_int_equal(eg_matcher_builder_add(b, buf, len, value), EG_OK);
            ref_add(&ref, buf, len, value);
        }
        assert_int_equal(eg_matcher_builder_count(b), ref.n);
        eg_matcher *m = NULL;
        assert_int_equal(eg_matcher_build(b, &m), EG_OK);
        for (int t = 0; t < 20; t++) {
            size_t len = gen(&rng, text, rng_below(&rng, max_text_units + 1));
            ref_scan(&ref, text, len, &want);
            got.n = 0;
            assert_int_equal(eg_matcher_scan(m, text, len, collect, &got), EG_OK);
            assert_same(&got, &want);
        }
        eg_matcher_free(m);
        eg_matcher_builder_free(b);
    }
}

static void random_vs_brute_force(void **state)
{
    (void)state;
    random_rounds(0x5EED0001u, 200, gen_abc, 5, 60);
    random_rounds(0x5EED0002u, 200, gen_cjk, 4, 30);
    random_rounds(0x5EED0003u, 200, gen_bin, 5, 60);
}

/* Long texts: the reference's matches in a heap array, and a callback
 * that checks the scan's matches against them one by one. */
typedef struct expect_list {
    eg_match *m;
    size_t n, seen;
    size_t stop_after; /* 0: never stop */
} expect_list;

static void ref_scan_list(const refset *r, const char *text, size_t len, expect_list *e)
{
    e->m = malloc((len + 1) * sizeof *e->m);
    assert_non_null(e->m);
    e->n = e->seen = 0;
    size_t pos = 0;
    while (pos < len) {
        size_t best = 0;
        uint32_t value = 0;
        for (size_t i = 0; i < r->n; i++) {
            const refkey *k = &r->k[i];
            if (k->len > best && k->len <= len - pos && !memcmp(text + pos, k->s, k->len)) {
                best = k->len;
                value = k->value;
            }
        }
        if (best) {
            e->m[e->n++] = (eg_match){ pos, pos + best, value };
            pos += best;
        } else {
            pos++;
        }
    }
}

static int append_match(void *user, const eg_match *m)
{
    expect_list *e = user;
    e->m[e->n++] = *m;
    return 0;
}

static int check_next(void *user, const eg_match *m)
{
    expect_list *e = user;
    assert_true(e->seen < e->n);
    assert_int_equal(m->start, e->m[e->seen].start);
    assert_int_equal(m->end, e->m[e->seen].end);
    assert_int_equal(m->value, e->m[e->seen].value);
    e->seen++;
    return e->stop_after && e->seen >= e->stop_after;
}

static void many_cjk_keys(void **state)
{
    (void)state;
    enum { N = 50000, NCHARS = 0x9FFF - 0x4E00 + 1 };
    uint64_t rng = 0xC0FFEEu;
    char *keys = malloc((size_t)N * 18);
    size_t *lens = malloc((size_t)N * sizeof *lens);
    assert_non_null(keys);
    assert_non_null(lens);
    eg_matcher_builder *b = NULL;
    assert_int_equal(eg_matcher_builder_new(&b), EG_OK);
    for (size_t i = 0; i < N; i++) {
        /* Distinct by their first two characters; 2..6 characters long. */
        char *k = keys + i * 18;
        size_t len = put_cjk(k, 0x4E00 + (uint32_t)(i % NCHARS));
        len += put_cjk(k + len, 0x4E00 + (uint32_t)((i / NCHARS) * 977 % NCHARS));
        size_t extra = rng_below(&rng, 5);
        for (size_t j = 0; j < extra; j++)
            len += put_cjk(k + len, 0x4E00 + (uint32_t)rng_below(&rng, NCHARS));
        lens[i] = len;
        assert_int_equal(eg_matcher_builder_add(b, k, len, (uint32_t)i), EG_OK);
    }
    assert_int_equal(eg_matcher_builder_count(b), N);
    eg_matcher *m = NULL;
    assert_int_equal(eg_matcher_build(b, &m), EG_OK);
    eg_matcher_builder_free(b);
    assert_true(eg_matcher_memory(m) > (size_t)N * 16);

    found f = { .n = 0 };
    for (size_t i = 0; i < N; i++) {
        f.n = 0;
        assert_int_equal(eg_matcher_scan(m, keys + i * 18, lens[i], collect, &f), EG_OK);
        assert_int_equal(f.n, 1);
        expect_match(&f, 0, 0, lens[i], (uint32_t)i);
    }

    /* A text made of keys: every match is a whole-character key with the
     * right value, and the key at the very start is found there. */
    char text[600];
    size_t tl = 0;
    for (size_t i = 0; i < 40; i++) {
        size_t k = rng_below(&rng, N);
        memcpy(text + tl, keys + k * 18, lens[k]);
        tl += lens[k];
    }
    f.n = 0;
    assert_int_equal(eg_matcher_scan(m, text, tl, collect, &f), EG_OK);
    assert_true(f.n >= 1);
    assert_int_equal(f.m[0].start, 0);
    size_t prev_end = 0;
    for (size_t i = 0; i < f.n; i++) {
        const eg_match *x = &f.m[i];
        assert_true(x->start >= prev_end);
        assert_int_equal(x->start % 3, 0);
        assert_int_equal(x->end - x->start, lens[x->value]);
        assert_memory_equal(text + x->start, keys + (size_t)x->value * 18, lens[x->value]);
        prev_end = x->end;
    }

    /* A long text of keys and random characters: serial and interleaved
     * scans agree, and each match is a key with its value. */
    size_t cap = 200000, tl2 = 0;
    char *big = malloc(cap + 64);
    assert_non_null(big);
    while (tl2 < cap) {
        size_t k = rng_below(&rng, N);
        memcpy(big + tl2, keys + k * 18, lens[k]);
        tl2 += lens[k];
        for (size_t j = rng_below(&rng, 3); j; j--)
            tl2 += put_cjk(big + tl2, 0x4E00 + (uint32_t)rng_below(&rng, NCHARS));
    }
    expect_list e;
    e.m = malloc(tl2 * sizeof *e.m);
    assert_non_null(e.m);
    e.n = 0;
    assert_int_equal(eg__matcher_scan_mode(m, big, tl2, append_match, &e, 1), EG_OK);
    assert_true(e.n > tl2 / 60);
    for (size_t i = 0; i < e.n; i++) {
        assert_int_equal(e.m[i].end - e.m[i].start, lens[e.m[i].value]);
        assert_memory_equal(big + e.m[i].start, keys + (size_t)e.m[i].value * 18,
                            lens[e.m[i].value]);
    }
    e.seen = 0;
    e.stop_after = 0;
    assert_int_equal(eg__matcher_scan_mode(m, big, tl2, check_next, &e, 2), EG_OK);
    assert_int_equal(e.seen, e.n);
    free(e.m);
    free(big);
    eg_matcher_free(m);
    free(keys);
    free(lens);
}

/* Scans in every mode and checks against the reference list, also with a
 * stop after a random number of matches. */
static void check_all_modes(const eg_matcher *m, const char *text, size_t len, expect_list *e,
                            uint64_t *rng)
{
    for (int mode = 0; mode <= 2; mode++) {
        e->seen = 0;
        e->stop_after = 0;
        assert_int_equal(eg__matcher_scan_mode(m, text, len, check_next, e, mode), EG_OK);
        assert_int_equal(e->seen, e->n);
        if (e->n) {
            e->seen = 0;
            e->stop_after = 1 + rng_below(rng, e->n);
            assert_int_equal(eg__matcher_scan_mode(m, text, len, check_next, e, mode), EG_OK);
            assert_int_equal(e->seen, e->stop_after);
        }
    }
}

static void long_texts_all_modes(void **state)
{
    (void)state;
    uint64_t rng = 0x5EED0004u;
    static const gen_fn gens[] = { gen_abc, gen_bin, gen_cjk };
    static char text[8000];
    char buf[256];
    for (int round = 0; round < 45; round++) {
        gen_fn gen = gens[round % 3];
        refset ref;
        ref.n = 0;
        eg_matcher_builder *b = NULL;
        assert_int_equal(eg_matcher_builder_new(&b), EG_OK);
        size_t nkeys = 1 + rng_below(&rng, 40);
        size_t maxk = round % 2 ? 12 : 4; /* in units of gen */
        for (size_t i = 0; i < nkeys; i++) {
            size_t len = gen(&rng, buf, 1 + rng_below(&rng, maxk));
            uint32_t value = (uint32_t)rng_next(&rng);
            assert_int_equal(eg_matcher_builder_add(b, buf, len, value), EG_OK);
            ref_add(&ref, buf, len, value);
        }
        eg_matcher *m = NULL;
        assert_int_equal(eg_matcher_build(b, &m), EG_OK);
        eg_matcher_builder_free(b);
        for (int t = 0; t < 3; t++) {
            size_t units = 1500 + rng_below(&rng, 1000);
            size_t len = gen(&rng, text, gen == gen_cjk ? units : 2 * units);
            expect_list e;
            ref_scan_list(&ref, text, len, &e);
            check_all_modes(m, text, len, &e, &rng);
            free(e.m);
        }
        eg_matcher_free(m);
    }

    /* A long key that keeps the real scan out of step with the lanes: the
     * runs of "aa" after it are shifted by one against each lane's. */
    for (size_t shift = 0; shift < 2; shift++) {
        refset ref;
        ref.n = 0;
        memset(buf, 'a', sizeof buf);
        buf[0] = 'x';
        ref_add(&ref, buf, 199 + shift, 1);
        ref_add(&ref, "a", 1, 2);
        ref_add(&ref, "aa", 2, 3);
        eg_matcher_builder *b = NULL;
        assert_int_equal(eg_matcher_builder_new(&b), EG_OK);
        for (size_t i = 0; i < ref.n; i++)
            assert_int_equal(eg_matcher_builder_add(b, ref.k[i].s, ref.k[i].len, ref.k[i].value),
                             EG_OK);
        eg_matcher *m = NULL;
        assert_int_equal(eg_matcher_build(b, &m), EG_OK);
        eg_matcher_builder_free(b);
        memset(text, 'a', 4001);
        text[0] = 'x';
        expect_list e;
        ref_scan_list(&ref, text, 4001, &e);
        assert_int_equal(e.m[0].end, 199 + shift);
        check_all_modes(m, text, 4001, &e, &rng);
        free(e.m);
        eg_matcher_free(m);
    }
}

/* Segments scanned side by side find what each scanned alone finds. */
typedef struct seg_expect {
    expect_list *per; /* the matches of each segment alone (offsets in it) */
    const size_t *bounds;
    size_t segment, seen, total, stop_after;
} seg_expect;

static int check_segment_next(void *user, size_t segment, const eg_match *m)
{
    seg_expect *e = user;
    while (e->segment < segment) {
        assert_int_equal(e->seen, e->per[e->segment].n); /* the last one is complete */
        e->segment++;
        e->seen = 0;
    }
    assert_int_equal(segment, e->segment);
    const expect_list *l = &e->per[segment];
    assert_true(e->seen < l->n);
    assert_int_equal(m->start, e->bounds[segment] + l->m[e->seen].start);
    assert_int_equal(m->end, e->bounds[segment] + l->m[e->seen].end);
    assert_int_equal(m->value, l->m[e->seen].value);
    e->seen++;
    e->total++;
    return e->stop_after && e->total >= e->stop_after;
}

static void segments_as_alone(void **state)
{
    (void)state;
    uint64_t rng = 0x5EED0005u;
    static const gen_fn gens[] = { gen_abc, gen_bin, gen_cjk };
    static char text[20000];
    char buf[256];
    for (int round = 0; round < 30; round++) {
        gen_fn gen = gens[round % 3];
        refset ref;
        ref.n = 0;
        eg_matcher_builder *b = NULL;
        assert_int_equal(eg_matcher_builder_new(&b), EG_OK);
        size_t nkeys = 1 + rng_below(&rng, 40);
        for (size_t i = 0; i < nkeys; i++) {
            size_t len = gen(&rng, buf, 1 + rng_below(&rng, round % 2 ? 12 : 4));
            uint32_t value = (uint32_t)rng_next(&rng);
            assert_int_equal(eg_matcher_builder_add(b, buf, len, value), EG_OK);
            ref_add(&ref, buf, len, value);
        }
        eg_matcher *m = NULL;
        assert_int_equal(eg_matcher_build(b, &m), EG_OK);
        eg_matcher_builder_free(b);
        /* segments of 0 to 800 bytes, cut anywhere (also inside a key or
         * a character), as many as fit */
        size_t bounds[64], n = 0, total = 0;
        bounds[0] = 0;
        size_t len = gen(&rng, text, gen == gen_cjk ? 5000 : 10000);
        while (n + 1 < 64 && bounds[n] < len) {
            size_t k = rng_below(&rng, 5) == 0 ? 0 : rng_below(&rng, 800);
            bounds[n + 1] = bounds[n] + k < len ? bounds[n] + k : len;
            n++;
        }
        expect_list per[64];
        for (size_t k = 0; k < n; k++) {
            ref_scan_list(&ref, text + bounds[k], bounds[k + 1] - bounds[k], &per[k]);
            total += per[k].n;
        }
        for (int mode = 1; mode <= 2; mode++) {
            seg_expect e = { per, bounds, 0, 0, 0, 0 };
            assert_int_equal(eg__matcher_scan_segments(m, text, bounds, n, check_segment_next, &e, mode), EG_OK);
            assert_int_equal(e.total, total);
            if (total) {
                seg_expect s = { per, bounds, 0, 0, 0, 1 + rng_below(&rng, total) };
                assert_int_equal(eg__matcher_scan_segments(m, text, bounds, n, check_segment_next, &s, mode),
                                 EG_OK);
                assert_int_equal(s.total, s.stop_after);
            }
        }
        for (size_t k = 0; k < n; k++) free(per[k].m);
        eg_matcher_free(m);
    }
}

/* ------------------------------------------------ characters as labels */

static size_t put_utf8(char *out, uint32_t cp)
{
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) return put_cjk(out, cp);
    out[0] = (char)(0xF0 | (cp >> 18));
    out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

/* A made-up dictionary of many keys: keys[i] is bytes[off[i] .. off[i + 1]). */
typedef struct bigref {
    char bytes[16384];
    size_t off[401];
    uint32_t value[400];
    size_t n;
} bigref;

/* The naive search: at each byte the longest key that starts there. A key
 * added twice keeps its later value (searched from the last one). */
static void bigref_scan(const bigref *r, const char *text, size_t len, expect_list *e)
{
    e->m = malloc((len + 1) * sizeof *e->m);
    assert_non_null(e->m);
    e->n = e->seen = 0;
    for (size_t pos = 0; pos < len;) {
        size_t best = 0;
        uint32_t value = 0;
        for (size_t i = r->n; i-- > 0;) {
            size_t kl = r->off[i + 1] - r->off[i];
            if (kl > best && kl <= len - pos && !memcmp(text + pos, r->bytes + r->off[i], kl)) {
                best = kl;
                value = r->value[i];
            }
        }
        if (best) {
            e->m[e->n++] = (eg_match){ pos, pos + best, value };
            pos += best;
        } else {
            pos++;
        }
    }
}

/* A character for a key: often one of 24 frequent ones (they get labels of
 * their own), else one of a pool of 700 (with a large dictionary more
 * than the single labels: pairs), in one to four bytes. */
static uint32_t key_char(uint64_t *rng)
{
    static const uint32_t odd[] = { 'a', 'b', 'Z', '7', 0xE9, 0x3B1, 0x20BB7, 0x1F600, 0xFFFD, 0x9FA5 };
    if (rng_below(rng, 2)) return 0x5E00 + (uint32_t)rng_below(rng, 24);
    if (rng_below(rng, 10) == 0) return odd[rng_below(rng, 10)];
    return 0x4E00 + (uint32_t)rng_below(rng, 700) * 3;
}

/* Dictionaries of made-up well-formed keys with more distinct characters
 * than there are single labels, scanned over texts that mix their keys
 * (whole or cut inside a character), their characters, characters no key
 * has and ill-formed sequences: the matches are the naive search's, in
 * every scan mode, side by side in segments, and through an image. A
 * dictionary with one ill-formed key reads bytes, and agrees too. */
static void chars_as_labels_vs_naive(void **state)
{
    (void)state;
    uint64_t rng = 0x5EED0006u;
    static bigref ref;
    static char text[6000];
    static const char *const bad[] = { "\x80", "\xE4\xB8", "\xFF", "\xF0\xA0\xAE", "\xED\xA0\x80", "\xC0\xAF" };
    for (int round = 0; round < 24; round++) {
        eg_matcher_builder *b = NULL;
        assert_int_equal(eg_matcher_builder_new(&b), EG_OK);
        ref.n = 0;
        ref.off[0] = 0;
        size_t nkeys = round % 3 == 0 ? 1 + rng_below(&rng, 30) : 250 + rng_below(&rng, 150);
        int ill = round % 8 == 7; /* one ill-formed key: bytes */
        for (size_t i = 0; i < nkeys; i++) {
            char *k = ref.bytes + ref.off[ref.n];
            size_t len = 0, nch = 1 + rng_below(&rng, 6);
            for (size_t c = 0; c < nch; c++) len += put_utf8(k + len, key_char(&rng));
            if (ill && i == nkeys / 2) {
                memcpy(k + len, "\xE5\xB8", 2);
                len += 2;
            }
            ref.value[ref.n] = (uint32_t)rng_next(&rng);
            assert_int_equal(eg_matcher_builder_add(b, k, len, ref.value[ref.n]), EG_OK);
            ref.off[ref.n + 1] = ref.off[ref.n] + len;
            ref.n++;
        }
        eg_matcher *m = NULL;
        assert_int_equal(eg_matcher_build(b, &m), EG_OK);
        eg_matcher_builder_free(b);
        assert_int_equal(eg__matcher_reads_chars(m), !ill);
        size_t isize = eg_matcher_image_size(m);
        uint64_t *img = calloc(isize / 8 + 1, 8);
        assert_non_null(img);
        assert_int_equal(eg_matcher_write_image(m, img, isize), EG_OK);
        eg_matcher *v = NULL;
        assert_int_equal(eg_matcher_from_image(img, isize, &v), EG_OK);

        for (int t = 0; t < 6; t++) {
            size_t len = 0, want = 200 + rng_below(&rng, 5000);
            while (len + 32 < want) {
                size_t what = rng_below(&rng, 10), i = rng_below(&rng, ref.n);
                const char *k = ref.bytes + ref.off[i];
                size_t kl = ref.off[i + 1] - ref.off[i];
                if (what < 4) { /* a key */
                    memcpy(text + len, k, kl);
                    len += kl;
                } else if (what == 4) { /* a key cut anywhere */
                    size_t cut = rng_below(&rng, kl);
                    memcpy(text + len, k, cut);
                    len += cut;
                } else if (what < 8) { /* a character of the keys */
                    len += put_utf8(text + len, key_char(&rng));
                } else if (what == 8) { /* one no key has */
                    static const uint32_t none[] = { ' ', 0x3002, 0x4E01, 0x4000, 0x10400 };
                    len += put_utf8(text + len, none[rng_below(&rng, 5)]);
                } else { /* ill-formed */
                    const char *s = bad[rng_below(&rng, 6)];
                    memcpy(text + len, s, strlen(s));
                    len += strlen(s);
                }
            }
            expect_list e;
            bigref_scan(&ref, text, len, &e);
            check_all_modes(m, text, len, &e, &rng);
            check_all_modes(v, text, len, &e, &rng);
            free(e.m);

            /* segments cut anywhere, each as if alone */
            size_t bounds[33], n = 0, total = 0;
            bounds[0] = 0;
            while (n + 1 < 33 && bounds[n] < len) {
                size_t k = rng_below(&rng, 400);
                bounds[n + 1] = bounds[n] + k < len ? bounds[n] + k : len;
                n++;
            }
            expect_list per[32];
            for (size_t k = 0; k < n; k++) {
                bigref_scan(&ref, text + bounds[k], bounds[k + 1] - bounds[k], &per[k]);
                total += per[k].n;
            }
            for (int mode = 1; mode <= 2; mode++) {
                seg_expect se = { per, bounds, 0, 0, 0, 0 };
                assert_int_equal(eg__matcher_scan_segments(v, text, bounds, n, check_segment_next, &se, mode),
                                 EG_OK);
                assert_int_equal(se.total, total);
            }
            for (size_t k = 0; k < n; k++) free(per[k].m);
        }
        eg_matcher_free(v);
        free(img);
        eg_matcher_free(m);
    }
}

#ifdef FAILING_MALLOC
/* Runs builder_new/add/build/scan with the n-th allocation failing (a
 * failure the library may absorb, such as a shrinking realloc, must not
 * break anything); returns 1 once there were fewer than n + 1 allocations. */
static int oom_scenario(long n)
{
    static const char *const keys[] = { "中国", "中国工商银行", "工商银行嘉兴分行", "ab",
                                        "abc", "b", "bcd", "x\0y" };
    long live = alloc_live;
    int ok = 0;
    eg_matcher_builder *b = NULL;
    eg_matcher *m = NULL;
    alloc_countdown = n;
    eg_status st = eg_matcher_builder_new(&b);
    if (st != EG_OK) {
        assert_null(b);
        goto done;
    }
    /* Enough keys to grow every array of the builder and the automaton. */
    for (uint32_t i = 0; i < 300; i++) {
        char k[64];
        size_t len;
        if (i < 8) {
            len = i == 7 ? 3 : strlen(keys[i]);
            memcpy(k, keys[i], len);
        } else {
            len = put_cjk(k, 0x4E00 + i * 37);
            len += put_cjk(k + len, 0x4E00 + i * 91);
            if (i % 3 == 0) len += put_cjk(k + len, 0x4E00 + i);
        }
        size_t before = eg_matcher_builder_count(b);
        st = eg_matcher_builder_add(b, k, len, i);
        if (st != EG_OK) {
            assert_int_equal(eg_matcher_builder_count(b), before);
            /* A failed add leaves the builder usable. */
            alloc_countdown = -1;
            assert_int_equal(eg_matcher_builder_add(b, k, len, i), EG_OK);
            assert_int_equal(eg_matcher_builder_count(b), before + 1);
            goto done;
        }
    }
    st = eg_matcher_build(b, &m);
    if (st != EG_OK) {
        assert_null(m);
        goto done;
    }
    found f = { .n = 0 };
    static const char text[] = "ab中国工商银行嘉兴分行x";
    assert_int_equal(eg_matcher_scan(m, text, sizeof text - 1, collect, &f), EG_OK);
    assert_int_equal(f.n, 2);
    expect_match(&f, 0, 0, 2, 3);
    expect_match(&f, 1, 2, 20, 1);
done:
    if (st != EG_OK) assert_int_equal(st, EG_ENOMEM);
    ok = alloc_countdown >= 0; /* the n-th allocation never came */
    alloc_countdown = -1;
    eg_matcher_free(m);
    eg_matcher_builder_free(b);
    assert_int_equal(alloc_live, live); /* nothing leaked */
    return ok;
}
#endif

static void out_of_memory(void **state)
{
    (void)state;
#ifdef FAILING_MALLOC
    if (!failing_malloc_active()) skip();
    long n = 0;
    while (!oom_scenario(n)) n++;
    assert_true(n > 10); /* the scenario really allocates */
#else
    skip();
#endif
}

/* A matcher saved as an image and borrowed back scans the same; damaged
 * or truncated images are refused. */
static void image_round_trip(void **state)
{
    (void)state;
    const char *keys[] = {"中国", "中国工商银行", "工商银行嘉兴分行", "ab", "bcd", "嘉兴"};
    eg_matcher *m = build_strs(keys, 6);
    size_t size = eg_matcher_image_size(m);
    uint64_t *img = calloc(size / 8 + 1, 8);
    assert_non_null(img);
    assert_int_equal(eg_matcher_write_image(m, img, size - 1), EG_EINVAL);
    assert_int_equal(eg_matcher_write_image(m, img, size), EG_OK);
    eg_matcher *v = NULL;
    assert_int_equal(eg_matcher_from_image(img, size, &v), EG_OK);
    const char *text = "中国工商银行嘉兴分行在嘉兴abcd";
    found a, b;
    a.stop_after = b.stop_after = 0;
    scan_str(m, text, &a);
    scan_str(v, text, &b);
    assert_int_equal(a.n, b.n);
    assert_int_equal(a.n, 4); /* 中国工商银行, 嘉兴 (twice), ab */
    for (size_t i = 0; i < a.n; i++) {
        assert_int_equal(a.m[i].start, b.m[i].start);
        assert_int_equal(a.m[i].end, b.m[i].end);
        assert_int_equal(a.m[i].value, b.m[i].value);
    }
    eg_matcher_free(v);
    /* truncated, misaligned, wrong magic, an index out of bounds */
    assert_int_equal(eg_matcher_from_image(img, size - 8, &v), EG_EPARSE);
    assert_int_equal(eg_matcher_from_image((char *)img + 1, size - 1, &v), EG_EPARSE);
    img[0] ^= 1;
    assert_int_equal(eg_matcher_from_image(img, size, &v), EG_EPARSE);
    img[0] ^= 1;
    /* the header is 7 uint64 (img[1] units, img[2] outs, img[5] pages) */
    assert_int_equal(eg__matcher_reads_chars(m), 1);
    uint64_t units = img[1], outs = img[2], npages = img[5];
    assert_true(npages >= 2);
    uint32_t *fail = (uint32_t *)((char *)img + 56 + ((units * 8 + 7) & ~(uint64_t)7));
    uint32_t keep = fail[3];
    fail[3] = 0x7FFFFFF0u;
    assert_int_equal(eg_matcher_from_image(img, size, &v), EG_EPARSE);
    fail[3] = keep;
    /* a page number past the pages */
    uint16_t *top = (uint16_t *)((char *)fail + 2 * ((units * 4 + 7) & ~(uint64_t)7) + outs * 8);
    assert_int_equal(top[0x4E], 1 + (top[0] != 0)); /* 中 and 国's page */
    top[0x4E] = (uint16_t)npages;
    assert_int_equal(eg_matcher_from_image(img, size, &v), EG_EPARSE);
    top[0x4E] = (uint16_t)(npages - 1);
    assert_int_equal(eg_matcher_from_image(img, size, &v), EG_OK); /* in bounds: scans */
    scan_str(v, text, &b);
    eg_matcher_free(v);
    free(img);
    eg_matcher_free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(image_round_trip),
        cmocka_unit_test(leftmost_longest_edges),
        cmocka_unit_test(empty_builder),
        cmocka_unit_test(bad_arguments),
        cmocka_unit_test(later_value_wins),
        cmocka_unit_test(nul_bytes_in_keys),
        cmocka_unit_test(callback_stops),
        cmocka_unit_test(random_vs_brute_force),
        cmocka_unit_test(many_cjk_keys),
        cmocka_unit_test(long_texts_all_modes),
        cmocka_unit_test(segments_as_alone),
        cmocka_unit_test(chars_as_labels_vs_naive),
        cmocka_unit_test(out_of_memory),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
