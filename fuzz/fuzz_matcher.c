/* The matcher with random dictionaries against a brute-force reference:
 * leftmost-longest, non-overlapping matches, the later value of a key
 * added twice, in every scan mode (serial, interleaved lanes) and through
 * a saved image. Byte 0: the number of keys (mod 64); bit 7 of byte 1
 * folds keys and text onto a four-letter alphabet (many overlaps), bits
 * 0-6 repeat the text (long texts reach the lanes). Then per key a length
 * byte (1-8) and its bytes; the rest is the text. */
#include "fuzz.h"

#include "entgraph/matcher.h"

eg_status eg__matcher_scan_mode(const eg_matcher *m, const char *text, size_t len,
                                eg_match_fn fn, void *user, int mode);

typedef struct key {
    char s[8];
    size_t len;
    uint32_t value;
} key;

typedef struct found {
    eg_match *m;
    size_t n, cap;
} found;

static int collect(void *user, const eg_match *m)
{
    found *f = user;
    if (f->n == f->cap) {
        f->cap = f->cap ? 2 * f->cap : 64;
        f->m = realloc(f->m, f->cap * sizeof *f->m);
        FUZZ_CHECK(f->m);
    }
    f->m[f->n++] = *m;
    return 0;
}

static void expect_same(const found *want, const found *got)
{
    FUZZ_CHECK(want->n == got->n);
    for (size_t i = 0; i < want->n; i++)
        FUZZ_CHECK(want->m[i].start == got->m[i].start && want->m[i].end == got->m[i].end &&
                   want->m[i].value == got->m[i].value);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char fold[4] = {'a', 'b', '\xe4', '\x00'};
    if (size < 2) return 0;
    size_t nk = data[0] % 64, reps = (data[1] & 0x7F) + 1, at = 2;
    int folded = data[1] >> 7;
    key keys[64];
    size_t n = 0;
    for (size_t i = 0; i < nk && at < size; i++) {
        size_t len = data[at++] % 8 + 1;
        if (len > size - at) break;
        key k;
        k.len = len;
        for (size_t j = 0; j < len; j++) k.s[j] = folded ? fold[data[at + j] & 3] : (char)data[at + j];
        k.value = (uint32_t)i;
        at += len;
        /* A key added again keeps its place and takes the new value. */
        size_t j = 0;
        while (j < n && !(keys[j].len == k.len && !memcmp(keys[j].s, k.s, k.len))) j++;
        if (j < n) keys[j].value = k.value;
        else keys[n++] = k;
    }
    size_t tl = size - at;
    if (tl && tl * reps > 8192) reps = 8192 / tl ? 8192 / tl : 1; /* keep the reference fast */
    char *text = malloc(tl * reps + 1);
    FUZZ_CHECK(text);
    for (size_t r = 0; r < reps; r++)
        for (size_t j = 0; j < tl; j++)
            text[r * tl + j] = folded ? fold[data[at + j] & 3] : (char)data[at + j];
    tl *= reps;

    eg_matcher_builder *b = NULL;
    eg_matcher *m = NULL;
    found want = {0}, got = {0};
    FUZZ_CHECK(eg_matcher_builder_new(&b) == EG_OK);
    /* Added in input order, so duplicates reach the builder too. */
    at = 2;
    for (size_t i = 0; i < nk && at < size; i++) {
        size_t len = data[at++] % 8 + 1;
        if (len > size - at) break;
        char s[8];
        for (size_t j = 0; j < len; j++) s[j] = folded ? fold[data[at + j] & 3] : (char)data[at + j];
        FUZZ_CHECK(eg_matcher_builder_add(b, s, len, (uint32_t)i) == EG_OK);
        at += len;
    }
    FUZZ_CHECK(eg_matcher_builder_count(b) == n);
    FUZZ_CHECK(eg_matcher_build(b, &m) == EG_OK);

    /* Brute force: at each position the longest key, then skip past it. */
    for (size_t i = 0; i < tl;) {
        size_t best = n;
        for (size_t k = 0; k < n; k++)
            if (keys[k].len <= tl - i && !memcmp(text + i, keys[k].s, keys[k].len) &&
                (best == n || keys[k].len > keys[best].len))
                best = k;
        if (best == n) {
            i++;
            continue;
        }
        eg_match mm = {i, i + keys[best].len, keys[best].value};
        collect(&want, &mm);
        i += keys[best].len;
    }
    for (int mode = 0; mode < 3; mode++) {
        got.n = 0;
        FUZZ_CHECK(eg__matcher_scan_mode(m, text, tl, collect, &got, mode) == EG_OK);
        expect_same(&want, &got);
    }
    size_t isize = eg_matcher_image_size(m);
    uint64_t *img = calloc(isize / 8 + 1, 8);
    FUZZ_CHECK(img);
    FUZZ_CHECK(eg_matcher_write_image(m, img, isize) == EG_OK);
    eg_matcher *v = NULL;
    FUZZ_CHECK(eg_matcher_from_image(img, isize, &v) == EG_OK);
    got.n = 0;
    FUZZ_CHECK(eg_matcher_scan(v, text, tl, collect, &got) == EG_OK);
    expect_same(&want, &got);
    eg_matcher_free(v);
    free(img);
    free(want.m);
    free(got.m);
    free(text);
    eg_matcher_free(m);
    eg_matcher_builder_free(b);
    return 0;
}
