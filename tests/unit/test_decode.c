/* The decoder's count of code points (src/decode.c): what it says it wrote
 * must be what eg__utf8_count reads in its output, for any input bytes cut
 * into any blocks, UTF-8 and UTF-16 alike. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "decode.h"
#include "utf8.h"

static uint32_t rnd(uint64_t *s)
{
    *s = *s * 6364136223846793005ull + 1442695040888963407ull;
    return (uint32_t)(*s >> 33);
}

/* Input bytes: mostly pieces of well-formed text (ASCII, two-, three- and
 * four-byte sequences), with ill-formed ones among them (a lone
 * continuation byte, a cut sequence, an overlong form, a surrogate, bytes
 * above 0xF4). */
static size_t make_input(uint64_t *seed, unsigned char *in, size_t cap)
{
    static const char *const pieces[] = {
        "a", " ", "\n", "\xC3\xA9", "\xE4\xB8\xAD", "\xE5\x9B\xBD", "\xF0\x9F\x98\x80", "\xEF\xBF\xBD",
        "\x80", "\xE4\xB8", "\xC0\xAF", "\xED\xA0\x80", "\xF5\x80\x80\x80", "\xFF", "\xE0\x80\x80", "\xF4\x90\x80\x80",
    };
    size_t n = 0, want = rnd(seed) % (cap - 8);
    while (n < want) {
        const char *p = pieces[rnd(seed) % 16 < 12 ? rnd(seed) % 8 : 8 + rnd(seed) % 8];
        size_t k = strlen(p);
        memcpy(in + n, p, k);
        n += k;
    }
    return n;
}

static void run_blocks(uint64_t *seed, const char *name, const unsigned char *in, size_t n)
{
    eg__decoder *d = NULL;
    assert_int_equal(eg__decoder_new(&d, name, NULL), EG_OK);
    eg__bytes out = {0};
    size_t i = 0;
    do {
        size_t k = 1 + rnd(seed) % 40;
        if (k > n - i) k = n - i;
        assert_int_equal(eg__decoder_run(d, (const char *)in + i, k, i + k == n, &out), EG_OK);
        i += k;
    } while (i < n);
    size_t len = out.len - out.start;
    char *text = malloc(len + 1); /* (no input byte is 0: nor is any output byte) */
    assert_non_null(text);
    if (len) memcpy(text, out.p + out.start, len);
    text[len] = 0;
    assert_true(eg__utf8_valid(text));
    assert_int_equal(eg__decoder_chars(d), eg__utf8_count(text, len));
    free(text);
    eg__bytes_free(&out);
    eg__decoder_free(d);
}

static void chars_are_the_output_s_code_points(void **state)
{
    (void)state;
    uint64_t seed = 5;
    unsigned char in[400];
    for (int round = 0; round < 3000; round++) {
        size_t n = make_input(&seed, in, sizeof in);
        run_blocks(&seed, "UTF-8", in, n);
        run_blocks(&seed, "UTF-16LE", in, n); /* the same bytes read as UTF-16 (lone surrogates too) */
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(chars_are_the_output_s_code_points),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
