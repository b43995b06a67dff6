/* The one UTF-8 codec (src/utf8.c, src/utf8.h): its call shapes read the
 * same code points, and the helpers the fast paths of other modules use
 * agree with it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "utf8.h"

/* Code points of s[0..n) by eg__utf8_next, and whether any was ill-formed. */
static size_t next_all(const char *s, size_t n, uint32_t *cp, size_t max, int *bad)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t k = 0;
    *bad = 0;
    while (n && k < max) {
        size_t len = eg__utf8_next(p, n, &cp[k]);
        assert_true(len >= 1 && len <= n);
        if (eg__utf8_was_bad(p, len, cp[k])) *bad = 1;
        p += len;
        n -= len;
        k++;
    }
    return k;
}

static void maximal_subparts(void **state)
{
    (void)state;
    static const struct {
        const char *in;
        uint32_t cp[8];
        size_t n;
        int bad;
    } cases[] = {
        {"a\xE4\xB8\xAD", {'a', 0x4E2D}, 2, 0},
        {"\xF0\x9F\x98\x80", {0x1F600}, 1, 0},
        {"\xC3\xA9", {0xE9}, 1, 0},
        /* a U+FFFD written in the text is one, and not bad */
        {"\xEF\xBF\xBD", {0xFFFD}, 1, 0},
        /* a lead byte cut short: one U+FFFD for what there was */
        {"\xE4\xB8" "a", {0xFFFD, 'a'}, 2, 1},
        /* overlong, surrogate, above U+10FFFF: the lead byte alone */
        {"\xC0\xAF", {0xFFFD, 0xFFFD}, 2, 1},
        {"\xE0\x80\xAF", {0xFFFD, 0xFFFD, 0xFFFD}, 3, 1},
        {"\xED\xA0\x80", {0xFFFD, 0xFFFD, 0xFFFD}, 3, 1},
        {"\xF4\x90\x80\x80", {0xFFFD, 0xFFFD, 0xFFFD, 0xFFFD}, 4, 1},
        /* a stray continuation byte, and one at the end */
        {"\x80" "b\xBF", {0xFFFD, 'b', 0xFFFD}, 3, 1},
    };
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        uint32_t cp[8];
        int bad;
        size_t n = next_all(cases[c].in, strlen(cases[c].in), cp, 8, &bad);
        assert_int_equal(n, cases[c].n);
        assert_memory_equal(cp, cases[c].cp, n * sizeof *cp);
        assert_int_equal(bad, cases[c].bad);
        assert_int_equal(eg__utf8_valid(cases[c].in), !cases[c].bad);
        assert_int_equal(eg__utf8_count(cases[c].in, strlen(cases[c].in)), cases[c].n);
    }
}

/* eg__utf8_decode (its inline fast path and the slow one) reads what
 * eg__utf8_next reads, over every lead byte and some continuations. */
static void decode_agrees_with_next(void **state)
{
    (void)state;
    static const unsigned char tails[] = {0x00, 0x41, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xFF};
    for (unsigned lead = 1; lead < 256; lead++) {
        for (size_t t1 = 0; t1 < sizeof tails; t1++) {
            for (size_t t2 = 0; t2 < sizeof tails; t2++) {
                char s[5] = {(char)lead, (char)tails[t1], (char)tails[t2], (char)0x80, 0};
                size_t len = strlen(s); /* a 0x00 tail cuts the input there */
                uint32_t cp[8];
                int bad_next;
                size_t n = next_all(s, len, cp, 8, &bad_next);
                size_t i = 0, k = 0;
                int bad = 0;
                while (i < len) {
                    assert_true(k < n);
                    assert_int_equal(eg__utf8_decode(s, len, &i, &bad), cp[k]);
                    k++;
                }
                assert_int_equal(k, n);
                assert_int_equal(bad, bad_next);
                assert_int_equal(eg__utf8_count(s, len), n);
            }
        }
    }
}

/* eg__utf8_put writes what eg__utf8_next reads back, for every scalar
 * value's length class and its edges. */
static void put_round_trip(void **state)
{
    (void)state;
    static const uint32_t cps[] = {0x01, 0x7F, 0x80, 0x7FF, 0x800, 0x4E2D, 0xD7FF, 0xE000, 0xFFFD, 0xFFFF,
                                   0x10000, 0x1F600, 0x10FFFF};
    for (size_t k = 0; k < sizeof cps / sizeof cps[0]; k++) {
        char out[8]; /* 4 would do, but gcc cannot see that lead_bytes reads no 8 bytes of 4 */
        size_t n = eg__utf8_put(cps[k], out);
        assert_int_equal(n, cps[k] < 0x80 ? 1 : cps[k] < 0x800 ? 2 : cps[k] < 0x10000 ? 3 : 4);
        uint32_t back;
        assert_int_equal(eg__utf8_next((const unsigned char *)out, n, &back), n);
        assert_int_equal(back, cps[k]);
        assert_int_equal(eg__utf8_lead_bytes(out, n), 1);
    }
}

/* The fast-path helpers: plain3 admits only well-formed three-byte
 * sequences, is_cont only 10xxxxxx, lead_bytes counts code points of
 * well-formed text at every length around its eight-byte steps. */
static void fast_path_helpers(void **state)
{
    (void)state;
    for (unsigned a = 0xE0; a <= 0xEF; a++) {
        for (unsigned b = 0x70; b <= 0xCF; b++) {
            const unsigned char s[3] = {(unsigned char)a, (unsigned char)b, 0x80};
            uint32_t cp;
            if (eg__utf8_plain3(s, 3)) {
                assert_int_equal(eg__utf8_next(s, 3, &cp), 3);
                assert_false(eg__utf8_was_bad(s, 3, cp));
            }
            assert_false(eg__utf8_plain3(s, 2));
        }
    }
    for (unsigned b = 0; b < 256; b++) assert_int_equal(eg__utf8_is_cont((unsigned char)b), b >= 0x80 && b < 0xC0);

    /* a mix of one-, two-, three- and four-byte characters */
    const char *text = "a中é😀b文字,\xEF\xBF\xBD" "c国zé😀中";
    size_t len = strlen(text);
    for (size_t from = 0; from < len; from++) {
        if (eg__utf8_is_cont((unsigned char)text[from])) continue;
        for (size_t to = from; to <= len; to++) {
            if (to < len && eg__utf8_is_cont((unsigned char)text[to])) continue;
            assert_int_equal(eg__utf8_lead_bytes(text + from, to - from), eg__utf8_count(text + from, to - from));
        }
    }
}

static void repair(void **state)
{
    (void)state;
    char *r = eg__utf8_repair("a\xE4\xB8" "b\xEF\xBF\xBD\xFF");
    assert_non_null(r);
    assert_string_equal(r, "a\xEF\xBF\xBD" "b\xEF\xBF\xBD\xEF\xBF\xBD");
    assert_true(eg__utf8_valid(r));
    free(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(maximal_subparts),
        cmocka_unit_test(decode_agrees_with_next),
        cmocka_unit_test(put_round_trip),
        cmocka_unit_test(fast_path_helpers),
        cmocka_unit_test(repair),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
