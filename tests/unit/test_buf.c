/* The growable buffer and its escapers (src/buf.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "failing_malloc.h"

#include "buf.h"
#include "entgraph/reader.h"
#include "internal.h"

static void append_and_grow(void **state)
{
    (void)state;
    eg__buf b = EG__BUF_INIT;
    assert_int_equal(eg__buf_puts(&b, "ab"), EG_OK);
    assert_int_equal(eg__buf_putc(&b, 'c'), EG_OK);
    assert_int_equal(eg__buf_append(&b, "d\0e", 3), EG_OK);
    assert_int_equal(b.len, 6);
    assert_memory_equal(b.data, "abcd\0e", 7); /* NUL kept after the bytes */
    /* grows past its first block, keeping what was there */
    for (int i = 0; i < 1000; i++) assert_int_equal(eg__buf_printf(&b, "%d,", i % 10), EG_OK);
    assert_int_equal(b.len, 6 + 2000);
    assert_memory_equal(b.data + 6, "0,1,2,", 6);
    assert_int_equal(b.data[b.len], '\0');
    assert_true(b.cap > b.len);
    eg__buf_free(&b);
    assert_null(b.data);
    assert_int_equal(b.len, 0);
}

static void printf_longer_than_its_scratch(void **state)
{
    (void)state;
    eg__buf b = EG__BUF_INIT;
    char big[1000];
    memset(big, 'x', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    assert_int_equal(eg__buf_printf(&b, "[%s|%5.2f]", big, 1.5), EG_OK);
    assert_int_equal(b.len, 1 + 999 + 7);
    assert_memory_equal(b.data + 1000, "| 1.50]", 8);
    assert_int_equal(b.data[0], '[');
    eg__buf_free(&b);
}

static void reserve_reset_steal(void **state)
{
    (void)state;
    eg__buf b = EG__BUF_INIT;
    assert_int_equal(eg__buf_reserve(&b, 5000), EG_OK);
    assert_true(b.cap >= 5001);
    assert_int_equal(b.len, 0);
    /* a size that cannot be held fails and sticks until reset */
    assert_int_equal(eg__buf_reserve(&b, (size_t)-1), EG_ENOMEM);
    assert_int_equal(eg__buf_status(&b), EG_ENOMEM);
    assert_int_equal(eg__buf_puts(&b, "lost"), EG_ENOMEM);
    assert_int_equal(b.len, 0);
    eg__buf_reset(&b);
    assert_int_equal(eg__buf_status(&b), EG_OK);
    assert_int_equal(eg__buf_puts(&b, "kept"), EG_OK);
    size_t n = 99;
    char *s = eg__buf_steal(&b, &n);
    assert_string_equal(s, "kept");
    assert_int_equal(n, 4);
    assert_null(b.data);
    free(s);
    /* an empty buffer hands over an empty string */
    s = eg__buf_steal(&b, &n);
    assert_non_null(s);
    assert_string_equal(s, "");
    assert_int_equal(n, 0);
    free(s);
    /* a failed one hands over nothing and frees its memory */
    assert_int_equal(eg__buf_puts(&b, "x"), EG_OK);
    assert_int_equal(eg__buf_reserve(&b, (size_t)-1 - 1), EG_ENOMEM); /* 1 + that + NUL overflows */
    assert_null(eg__buf_steal(&b, &n));
    assert_null(b.data);
    assert_int_equal(b.failed, 0);
}

static void write_to_a_file(void **state)
{
    (void)state;
    char *text = NULL;
    size_t size = 0;
    FILE *fp = open_memstream(&text, &size);
    assert_non_null(fp);
    eg__buf b = EG__BUF_INIT;
    assert_int_equal(eg__buf_puts(&b, "one "), EG_OK);
    assert_int_equal(eg__buf_write(&b, fp), EG_OK);
    assert_int_equal(b.len, 0);
    assert_int_equal(eg__buf_puts(&b, "two"), EG_OK);
    assert_int_equal(eg__buf_write(&b, fp), EG_OK);
    assert_int_equal(eg__buf_write(&b, fp), EG_OK); /* nothing to write */
    fclose(fp);
    assert_string_equal(text, "one two");
    free(text);
    /* a failed buffer writes nothing */
    assert_int_equal(eg__buf_reserve(&b, (size_t)-1), EG_ENOMEM);
    assert_int_equal(eg__buf_write(&b, stdout), EG_ENOMEM);
    eg__buf_free(&b);
}

static void expect_json(const char *in, size_t len, unsigned flags, const char *want)
{
    eg__buf b = EG__BUF_INIT;
    assert_int_equal(eg__buf_json_string(&b, in, len, flags), EG_OK);
    assert_int_equal(b.len, strlen(want));
    assert_string_equal(b.data, want);
    eg__buf_free(&b);
}

/* Each caller's flavour, byte for byte as its own escaper wrote it. */
static void json_flavours(void **state)
{
    (void)state;
    static const char in[] = "a\"\\\b\f\n\r\t\x01\x1f\x7f<>&\xE2\x80\xA8\xE4\xB8\xAD/";
    size_t n = sizeof in - 1;
    expect_json(in, n, EG__JSON_AS_CJSON,
                "\"a\\\"\\\\\\b\\f\\n\\r\\t\\u0001\\u001f\x7f<>&\xE2\x80\xA8\xE4\xB8\xAD/\"");
    expect_json(in, n, EG__JSON_AS_CJSON | EG__JSON_HTML,
                "\"a\\\"\\\\\\b\\f\\n\\r\\t\\u0001\\u001f\x7f\\u003c\\u003e\\u0026\\u2028"
                "\xE4\xB8\xAD/\"");
    expect_json(in, n, EG__JSON_AS_MENTIONS,
                "\"a\\\"\\\\\\u0008\\u000c\\n\\r\\t\\u0001\\u001f\\u007f<>&\xE2\x80\xA8\xE4\xB8\xAD/\"");
    expect_json(in, n, EG__JSON_AS_QUERY,
                "\"a\\\"\\\\\\u0008\\u000c\\n\\u000d\\t\\u0001\\u001f\x7f<>&\xE2\x80\xA8\xE4\xB8\xAD/\"");
    /* a NUL inside the length is a control like the others */
    expect_json("a\0b", 3, 0, "\"a\\u0000b\"");
    expect_json("", 0, 0, "\"\"");
    /* U+2029 too, and E2 sequences that are not line ends stay */
    expect_json("\xE2\x80\xA9\xE2\x80\x94", 6, EG__JSON_HTML, "\"\\u2029\xE2\x80\x94\"");
}

static void json_ill_formed(void **state)
{
    (void)state;
    /* one U+FFFD per maximal subpart; a U+FFFD in the text stays one */
    expect_json("\xE4\xB8" "A", 3, 0, "\"\xEF\xBF\xBD" "A\"");
    expect_json("\xC0\xAF", 2, 0, "\"\xEF\xBF\xBD\xEF\xBF\xBD\"");
    expect_json("\xE0\x80\x80", 3, 0, "\"\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\"");
    expect_json("\xED\xA0\x80", 3, 0, "\"\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\"");
    expect_json("\xF4\x90\x80\x80", 4, 0,
                "\"\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\"");
    expect_json("\xEF\xBF\xBD", 3, 0, "\"\xEF\xBF\xBD\"");
    expect_json("\xF0\x9F\x98\x80", 4, 0, "\"\xF0\x9F\x98\x80\"");
    /* cut at the end of the length, not at a NUL */
    expect_json("\xE4\xB8\xAD", 2, 0, "\"\xEF\xBF\xBD\"");
}

static void expect_xml(const char *in, int comment, const char *want)
{
    eg__buf b = EG__BUF_INIT;
    size_t n = strlen(in);
    assert_int_equal(comment ? eg__buf_xml_comment(&b, in, n) : eg__buf_xml_text(&b, in, n), EG_OK);
    assert_string_equal(b.data, want);
    eg__buf_free(&b);
}

static void xml_text_and_comment(void **state)
{
    (void)state;
    expect_xml("a&b<c>d\"e'f", 0, "a&amp;b&lt;c&gt;d&quot;e'f");
    /* controls (tab and newline too), DEL and C1 dropped */
    expect_xml("a\tb\nc\x7f" "d\xC2\x85" "e\xC2\xA0", 0, "abcde\xC2\xA0");
    expect_xml("\xEF\xBF\xBE\xEF\xBF\xBF\xE4\xB8", 0, "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");
    expect_xml("a--b---c<&>", 1, "a-b-c<&>");
    /* a dropped or replaced character does not end a run of '-' */
    expect_xml("-\n-", 1, "-");
    expect_xml("-\xEF\xBF\xBE-", 1, "-\xEF\xBF\xBD");
}

/* ---- the same bytes as the escapers it replaces ------------------------- */

static uint64_t rng = 88172645463325252ull;
static unsigned next_rand(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (unsigned)(rng >> 11);
}

/* A string of pieces each escaper treats differently (no NUL: the old
 * escapers took C strings). */
static size_t random_text(char *out, size_t max)
{
    static const char *const pieces[] = {
        "a", " ", "\"", "\\", "<", ">", "&", "-", "\x7f", "\t", "\n", "\r", "\b", "\f", "\x01",
        "\x1f", "\xC2\x80", "\xC2\x9F", "\xC2\xA0", "\xE2\x80\xA8", "\xE2\x80\xA9", "\xE2\x80\x94",
        "\xE4\xB8\xAD", "\xEF\xBF\xBD", "\xEF\xBF\xBE", "\xEF\xBF\xBF", "\xED\xA0\x80", "\xE0\x80\x80",
        "\xF0\x9F\x98\x80", "\xF4\x90\x80\x80", "\xC0", "\xE4\xB8", "\x80", "\xFF",
    };
    size_t n = 0, want = next_rand() % 24;
    for (size_t i = 0; i < want; i++) {
        const char *p = pieces[next_rand() % (sizeof pieces / sizeof *pieces)];
        size_t k = strlen(p);
        if (n + k >= max) break;
        memcpy(out + n, p, k);
        n += k;
    }
    out[n] = '\0';
    return n;
}

/* The escapers the graph formats had before they wrote through the buffer
 * (graphio/json.c's put_escaped_as on repaired UTF-8, graphio/xml.c's
 * FILE escapers), kept here as they were: the buffer's flavours must
 * give their bytes. */
static void old_json_escaped(FILE *fp, const char *s, int html)
{
    const unsigned char *p = (const unsigned char *)s, *run = p;
    fputc('"', fp);
    for (; *p; p++) {
        if (*p > 31 && *p != '"' && *p != '\\' &&
            !(html && (*p == '<' || *p == '>' || *p == '&' ||
                       (*p == 0xE2 && p[1] == 0x80 && (p[2] == 0xA8 || p[2] == 0xA9)))))
            continue;
        if (p > run) fwrite(run, 1, (size_t)(p - run), fp);
        run = p + 1;
        if (*p == 0xE2) {
            fputs(p[2] == 0xA8 ? "\\u2028" : "\\u2029", fp);
            p += 2;
            run = p + 1;
            continue;
        }
        switch (*p) {
        case '"': fputs("\\\"", fp); break;
        case '\\': fputs("\\\\", fp); break;
        case '\b': fputs("\\b", fp); break;
        case '\f': fputs("\\f", fp); break;
        case '\n': fputs("\\n", fp); break;
        case '\r': fputs("\\r", fp); break;
        case '\t': fputs("\\t", fp); break;
        default: fprintf(fp, "\\u%04x", *p); break;
        }
    }
    if (p > run) fwrite(run, 1, (size_t)(p - run), fp);
    fputc('"', fp);
}

static void old_json_string(FILE *fp, const char *s, int html)
{
    char *fixed = eg__utf8_repair(s);
    assert_non_null(fixed);
    old_json_escaped(fp, fixed, html);
    free(fixed);
}

static void old_xml(FILE *fp, const char *s, int comment)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t n = strlen(s);
    uint32_t prev = 0;
    while (n) {
        uint32_t cp;
        size_t k = eg__utf8_next(p, n, &cp);
        const char *instead = NULL;
        if (!comment && cp == '&') instead = "&amp;";
        else if (!comment && cp == '<') instead = "&lt;";
        else if (!comment && cp == '>') instead = "&gt;";
        else if (!comment && cp == '"') instead = "&quot;";
        if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || (comment && cp == '-' && prev == '-')) {
            /* dropped */
        } else if (instead) {
            fputs(instead, fp);
        } else if (cp == 0xFFFD || cp == 0xFFFE || cp == 0xFFFF) {
            fputs("\xEF\xBF\xBD", fp);
        } else {
            fwrite(p, 1, k, fp);
            prev = cp;
        }
        p += k;
        n -= k;
    }
}

static void same_as_before(void **state)
{
    (void)state;
    for (int round = 0; round < 4000; round++) {
        char in[128];
        size_t n = random_text(in, sizeof in);
        eg__buf b = EG__BUF_INIT;
        assert_int_equal(eg__buf_json_string(&b, in, n, EG__JSON_AS_MENTIONS), EG_OK);
        /* the graph's JSON, plain and for the HTML page */
        for (int html = 0; html < 2; html++) {
            char *text = NULL;
            size_t size = 0;
            FILE *fp = open_memstream(&text, &size);
            assert_non_null(fp);
            old_json_string(fp, in, html);
            fclose(fp);
            eg__buf_reset(&b);
            assert_int_equal(eg__buf_json_string(&b, in, n, EG__JSON_AS_CJSON | (html ? EG__JSON_HTML : 0)),
                             EG_OK);
            assert_int_equal(b.len, size);
            assert_memory_equal(b.data, text, size);
            free(text);
        }
        /* XML text and comments */
        for (int comment = 0; comment < 2; comment++) {
            char *text = NULL;
            size_t size = 0;
            FILE *fp = open_memstream(&text, &size);
            assert_non_null(fp);
            old_xml(fp, in, comment);
            fclose(fp);
            eg__buf_reset(&b);
            assert_int_equal(comment ? eg__buf_xml_comment(&b, in, n) : eg__buf_xml_text(&b, in, n), EG_OK);
            assert_int_equal(b.len, size);
            assert_memory_equal(b.data, text, size);
            free(text);
        }
        eg__buf_free(&b);
    }
}

/* ---- allocation failure ------------------------------------------------- */

static eg_status build_some(eg__buf *b)
{
    char big[600];
    memset(big, 'y', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    for (int i = 0; i < 20; i++) {
        eg__buf_puts(b, "\xE4\xB8\xAD");
        eg__buf_printf(b, "%s%d", i % 5 ? "" : big, i);
        eg__buf_json_string(b, big, sizeof big - 1, 0);
        eg__buf_xml_text(b, "<&>", 3);
    }
    return eg__buf_status(b);
}

static void out_of_memory(void **state)
{
    (void)state;
#ifdef FAILING_MALLOC
    if (!failing_malloc_active()) skip();
    eg__buf b = EG__BUF_INIT;
    assert_int_equal(build_some(&b), EG_OK);
    size_t full = b.len;
    char *want = eg__buf_steal(&b, NULL);
    long failures = 0;
    for (long n = 0;; n++) {
        long live = alloc_live;
        alloc_countdown = n;
        eg_status st = build_some(&b);
        int done = alloc_countdown >= 0;
        alloc_countdown = -1;
        if (done) {
            assert_int_equal(st, EG_OK);
            assert_int_equal(b.len, full);
            assert_memory_equal(b.data, want, full);
            eg__buf_free(&b);
            break;
        }
        failures++;
        /* the failure sticks: no later append wrote past it */
        assert_int_equal(st, EG_ENOMEM);
        assert_null(eg__buf_steal(&b, NULL));
        assert_int_equal(alloc_live, live);
    }
    free(want);
    assert_true(failures > 3);
#else
    skip();
#endif
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(append_and_grow),
        cmocka_unit_test(printf_longer_than_its_scratch),
        cmocka_unit_test(reserve_reset_steal),
        cmocka_unit_test(write_to_a_file),
        cmocka_unit_test(json_flavours),
        cmocka_unit_test(json_ill_formed),
        cmocka_unit_test(xml_text_and_comment),
        cmocka_unit_test(same_as_before),
        cmocka_unit_test(out_of_memory),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
