#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "entgraph/reader.h"

/* A fresh folder per test, removed with its files afterwards. */
typedef struct fixture {
    char dir[64];
    char paths[8][128];
    int n;
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    snprintf(f->dir, sizeof f->dir, "/tmp/eg-reader-XXXXXX");
    if (!mkdtemp(f->dir)) return -1;
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    for (int i = 0; i < f->n; i++) unlink(f->paths[i]);
    rmdir(f->dir);
    free(f);
    return 0;
}

static const char *write_file(fixture *f, const char *name, const void *data, size_t len)
{
    char *p = f->paths[f->n++], dir[64];
    memcpy(dir, f->dir, sizeof dir);
    snprintf(p, 128, "%s/%s", dir, name);
    FILE *fp = fopen(p, "wb");
    assert_non_null(fp);
    assert_int_equal(fwrite(data, 1, len, fp), len);
    fclose(fp);
    return p;
}

static eg_reader *open1(const char *path, const eg_reader_options *o)
{
    eg_reader *r = NULL;
    eg_error err = {0};
    const char *in[] = {path};
    assert_int_equal(eg_reader_new(&r, in, 1, o, &err), EG_OK);
    return r;
}

static void next_doc(eg_reader *r, eg_doc *doc)
{
    eg_error err = {0};
    assert_int_equal(eg_reader_next(r, doc, &err), EG_OK);
}

/* 和林县 青石镇 in GB18030, UTF-16LE with a BOM, and Big5 (和林縣 青石鎮). */
static void encodings_are_detected_and_decoded(void **state)
{
    fixture *f = *state;
    const char gb[] = "\xba\xcd\xc1\xd6\xcf\xd8 \xc7\xe0\xca\xaf\xd5\xf2";
    const char u16[] = "\xff\xfe\x8c\x54\x97\x67\xbf\x53\x20\x00\x52\x97\xf3\x77\x47\x95";
    const char b5[] = "\xa9\x4d\xaa\x4c\xbf\xa4 \xab\x43\xa5\xdb\xc2\xed";
    const char *want[] = {"和林县 青石镇", "和林县 青石镇", "和林縣 青石鎮"};
    const char *enc[] = {"GB18030", "UTF-16", "big5-hkscs"}; /* as detected, or given */
    const char *how[] = {"charset detector", "byte order mark", "given"};
    const char *paths[] = {write_file(f, "gb.txt", gb, sizeof gb - 1),
                           write_file(f, "u16.txt", u16, sizeof u16 - 1),
                           write_file(f, "b5.txt", b5, sizeof b5 - 1)};
    for (int i = 0; i < 3; i++) {
        eg_reader_options o = eg_reader_defaults();
        if (i == 2) o.encoding = "big5-hkscs"; /* too short for the detector */
        eg_reader *r = open1(paths[i], &o);
        eg_doc doc;
        eg_file_report rep;
        next_doc(r, &doc);
        assert_string_equal(doc.text, want[i]);
        assert_int_equal(doc.len, strlen(want[i]));
        assert_string_equal(doc.id, paths[i]);
        assert_int_equal(eg_reader_report(r, &rep), 1);
        assert_int_equal(rep.finished, 0);
        assert_string_equal(rep.encoding, enc[i]);
        assert_string_equal(rep.how, how[i]);
        assert_int_equal(eg_reader_report(r, &rep), 1); /* a whole text file: done */
        assert_int_equal(rep.finished, 1);
        assert_int_equal(rep.invalid, 0);
        assert_int_equal(rep.documents, 1);
        assert_int_equal(eg_reader_report(r, &rep), 0);
        next_doc(r, &doc);
        assert_null(doc.text);
        assert_int_equal(eg_reader_bytes_read(r), eg_reader_total_bytes(r));
        eg_reader_free(r);
    }
}

static void invalid_bytes_are_replaced_and_located(void **state)
{
    fixture *f = *state;
    /* UTF-8 with a stray byte at 9 and a sequence cut by the end */
    const char u8[] = "和林县\xff青石镇\xe4\xb8";
    /* GB18030 with an impossible pair at byte 6 */
    const char gb[] = "\xba\xcd\xc1\xd6\xcf\xd8\xff\xff\xc7\xe0";
    const char *p1 = write_file(f, "u8.txt", u8, sizeof u8 - 1);
    const char *p2 = write_file(f, "gb.txt", gb, sizeof gb - 1);
    eg_reader *r = open1(p1, NULL);
    eg_doc doc;
    eg_file_report rep;
    next_doc(r, &doc);
    assert_string_equal(doc.text, "和林县\xef\xbf\xbd青石镇\xef\xbf\xbd");
    assert_int_equal(eg_reader_report(r, &rep), 1);
    assert_string_equal(rep.how, "mostly valid UTF-8");
    assert_int_equal(eg_reader_report(r, &rep), 1);
    assert_int_equal(rep.invalid, 2);
    assert_int_equal(rep.first_invalid, 9);
    eg_reader_free(r);

    eg_reader_options o = eg_reader_defaults();
    o.encoding = "gb18030";
    r = open1(p2, &o);
    next_doc(r, &doc);
    assert_string_equal(doc.text, "和林县\xef\xbf\xbd\xef\xbf\xbd青");
    assert_int_equal(eg_reader_report(r, &rep), 1);
    assert_int_equal(eg_reader_report(r, &rep), 1);
    assert_true(rep.invalid >= 1);
    assert_int_equal(rep.first_invalid, 6);
    eg_reader_free(r);
}

/* A UTF-8 character split by the reader's 64 KiB block is not bad. */
static void sequences_cut_by_blocks_survive(void **state)
{
    fixture *f = *state;
    size_t n = 64 * 1024 - 1;
    char *buf = malloc(n + 3);
    memset(buf, 'a', n);
    memcpy(buf + n, "中", 3);
    const char *p = write_file(f, "cut.txt", buf, n + 3);
    eg_reader *r = open1(p, NULL);
    eg_doc doc;
    eg_file_report rep;
    next_doc(r, &doc);
    assert_int_equal(doc.len, n + 3);
    assert_memory_equal(doc.text + n, "中", 3);
    while (eg_reader_report(r, &rep))
        if (rep.finished) assert_int_equal(rep.invalid, 0);
    eg_reader_free(r);
    free(buf);
}

static void large_text_is_cut_at_paragraph_ends(void **state)
{
    fixture *f = *state;
    /* A body line that reflow would join across the blank line after it,
     * and a line that ends a paragraph. Parts may only end after the
     * latter's blank line. */
    const char *open_line = "今年春季，山区多个乡镇的茶农陆续开始采摘明前茶，当地农业合作\n\n";
    const char *end_line = "社组织技术人员上门指导，全县今年的茶叶产量预计比去年增加一成。\n\n";
    char text[4096] = "";
    for (int i = 0; i < 8; i++) {
        strcat(text, open_line);
        strcat(text, end_line);
    }
    const char *p = write_file(f, "big.txt", text, strlen(text));
    eg_reader_options o = eg_reader_defaults();
    o.chunk_bytes = 300;
    eg_reader *r = open1(p, &o);
    char joined[4096] = "";
    uint64_t cps = 0;
    size_t parts = 0;
    for (;;) {
        eg_doc doc;
        next_doc(r, &doc);
        if (!doc.text) break;
        parts++;
        assert_int_equal(doc.part, parts);
        char id[160];
        snprintf(id, sizeof id, "%s#%zu", p, parts);
        assert_string_equal(doc.id, id);
        assert_int_equal(doc.offset, cps);
        /* every part but the last ends with the paragraph and its blank line */
        size_t l = strlen(end_line);
        if (strlen(joined) + doc.len < strlen(text)) {
            assert_true(doc.len >= 300);
            assert_memory_equal(doc.text + doc.len - l, end_line, l);
        }
        strcat(joined, doc.text);
        for (size_t i = 0; i < doc.len; i++) cps += ((unsigned char)doc.text[i] & 0xC0) != 0x80;
    }
    assert_true(parts >= 3);
    assert_string_equal(joined, text);
    eg_reader_free(r);

    /* With no paragraph end at all, a part ends at a line break by 4 chunk
     * sizes, and text without line breaks between two characters. */
    char lines[4096] = "", flat[4096] = "";
    for (int i = 0; i < 16; i++) {
        strcat(lines, "一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十，\n");
        strcat(flat, "一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十，");
    }
    const char *srcs[] = {lines, flat};
    const char *names[] = {"lines.txt", "flat.txt"};
    for (int k = 0; k < 2; k++) {
        const char *q = write_file(f, names[k], srcs[k], strlen(srcs[k]));
        o.chunk_bytes = 100;
        r = open1(q, &o);
        joined[0] = 0;
        parts = 0;
        for (;;) {
            eg_doc doc;
            next_doc(r, &doc);
            if (!doc.text) break;
            parts++;
            assert_true(doc.len <= 400);
            if (k == 0 && strlen(joined) + doc.len < strlen(srcs[k]))
                assert_int_equal(doc.text[doc.len - 1], '\n');
            strcat(joined, doc.text);
        }
        assert_true(parts > 1);
        assert_string_equal(joined, srcs[k]);
        eg_reader_free(r);
    }
}

static void jsonl_carries_metadata(void **state)
{
    fixture *f = *state;
    const char *jl =
        "{\"id\":\"a1\",\"text\":\"和林县\",\"title\":\"标题\",\"date\":\"2021-03-05\",\"source\":\"嘉兴日报\"}\n"
        "\n"
        "{\"text\":\"青石镇\",\"date\":20210306}\r\n"
        "{\"id\":42,\"text\":\"\"}";
    const char *p = write_file(f, "c.jsonl", jl, strlen(jl));
    eg_reader *r = open1(p, NULL);
    eg_doc doc;
    next_doc(r, &doc);
    assert_string_equal(doc.id, "a1");
    assert_string_equal(doc.text, "和林县");
    assert_string_equal(doc.title, "标题");
    assert_string_equal(doc.date, "2021-03-05");
    assert_string_equal(doc.source, "嘉兴日报");
    assert_int_equal(doc.line, 1);
    assert_true(doc.is_jsonl);
    next_doc(r, &doc);
    char id[160];
    snprintf(id, sizeof id, "%s:3", p);
    assert_string_equal(doc.id, id); /* no id: path:line */
    assert_string_equal(doc.date, "2021-03-06"); /* the number 20210306, read as a date */
    assert_null(doc.title);
    assert_null(doc.source);
    next_doc(r, &doc);
    assert_string_equal(doc.id, "42");
    assert_string_equal(doc.text, "");
    assert_null(doc.date);
    next_doc(r, &doc);
    assert_null(doc.text);
    eg_file_report rep;
    assert_int_equal(eg_reader_report(r, &rep), 1);
    assert_int_equal(eg_reader_report(r, &rep), 1);
    assert_int_equal(rep.finished, 1);
    assert_int_equal(rep.documents, 3);
    assert_int_equal(rep.bytes, strlen(jl));
    eg_reader_free(r);
}

static void jsonl_field_names_are_configurable(void **state)
{
    fixture *f = *state;
    const char *jl = "{\"url\":\"http://x/1\",\"content\":\"和林县\",\"text\":\"not this\","
                     "\"meta\":{\"published\":\"2020-01-02T08:00:00+08:00\",\"site\":\"x\"},"
                     "\"meta.site\":\"dotted name wins\"}\n"
                     "{\"url\":\"http://x/2\",\"text\":\"no content\"}\n";
    const char *p = write_file(f, "d.jsonl", jl, strlen(jl));
    eg_reader_options o = eg_reader_defaults();
    o.fields[EG_FIELD_ID] = "url";
    o.fields[EG_FIELD_TEXT] = "content";
    o.fields[EG_FIELD_DATE] = "meta.published";
    o.fields[EG_FIELD_SOURCE] = "meta.site";
    o.fields[EG_FIELD_TITLE] = "meta.missing.deeper";
    eg_reader *r = open1(p, &o);
    eg_doc doc;
    eg_error err = {0};
    next_doc(r, &doc);
    assert_string_equal(doc.id, "http://x/1");
    assert_string_equal(doc.text, "和林县");
    assert_string_equal(doc.date, "2020-01-02"); /* the date as written, zone aside */
    assert_string_equal(doc.source, "dotted name wins");
    assert_null(doc.title);
    assert_int_equal(eg_reader_next(r, &doc, &err), EG_EPARSE);
    assert_int_equal(err.line, 2);
    assert_string_equal(err.message, "missing string field \"content\"");
    eg_reader_free(r);
    assert_string_equal(eg_doc_field_name(EG_FIELD_SOURCE), "source");
    assert_null(eg_doc_field_name(EG_FIELD_COUNT));
}

/* JSONL in UTF-16 is decoded before it is split into lines. */
static void jsonl_in_utf16(void **state)
{
    fixture *f = *state;
    const char *jl = "{\"id\":\"a\",\"text\":\"和林县\"}\n{\"id\":\"b\",\"text\":\"青石镇\"}\n";
    unsigned char buf[256];
    size_t n = 0;
    buf[n++] = 0xFF;
    buf[n++] = 0xFE;
    for (size_t i = 0; jl[i];) { /* UTF-8 → UTF-16LE, BMP only */
        unsigned char c = (unsigned char)jl[i];
        unsigned cp;
        if (c < 0x80) cp = c, i += 1;
        else cp = ((c & 0x0Fu) << 12) | (((unsigned char)jl[i + 1] & 0x3Fu) << 6) |
                  ((unsigned char)jl[i + 2] & 0x3Fu), i += 3;
        buf[n++] = (unsigned char)(cp & 0xFF);
        buf[n++] = (unsigned char)(cp >> 8);
    }
    const char *p = write_file(f, "u16.jsonl", buf, n);
    eg_reader *r = open1(p, NULL);
    eg_doc doc;
    next_doc(r, &doc);
    assert_string_equal(doc.id, "a");
    assert_string_equal(doc.text, "和林县");
    next_doc(r, &doc);
    assert_string_equal(doc.text, "青石镇");
    next_doc(r, &doc);
    assert_null(doc.text);
    eg_reader_free(r);
}

static void bad_options_and_paths(void **state)
{
    fixture *f = *state;
    eg_reader *r = NULL;
    eg_error err = {0};
    const char *p = write_file(f, "empty.txt", "", 0);
    eg_reader_options o = eg_reader_defaults();
    o.encoding = "no-such-encoding";
    const char *in[] = {p};
    assert_int_equal(eg_reader_new(&r, in, 1, &o, &err), EG_EINVAL);
    assert_string_equal(err.message, "unknown encoding 'no-such-encoding'");
    assert_true(eg_reader_encoding_known("auto"));
    assert_true(eg_reader_encoding_known("big5-hkscs"));
    assert_false(eg_reader_encoding_known("no-such-encoding"));
    const char *missing[] = {"/nonexistent/eg-reader"};
    assert_int_equal(eg_reader_new(&r, missing, 1, NULL, &err), EG_EIO);
    /* an empty file is one empty document, marked blank */
    r = open1(p, NULL);
    eg_doc doc;
    next_doc(r, &doc);
    assert_string_equal(doc.text, "");
    assert_true(doc.blank);
    next_doc(r, &doc);
    assert_null(doc.text);
    eg_reader_free(r);
}

static void count_problem(void *user, const eg_error *problem)
{
    assert_int_equal(problem->status, EG_EIO);
    assert_true(strstr(problem->path, "/nonexistent/") != NULL);
    ++*(int *)user;
}

/* Every unreadable input is found before reading, each reported once;
 * skip_bad_inputs reads the rest. */
static void bad_inputs_are_all_reported(void **state)
{
    fixture *f = *state;
    eg_reader *r = NULL;
    eg_error err = {0};
    int seen = 0;
    const char *ok = write_file(f, "ok.txt", "x", 1);
    const char *in[] = {"/nonexistent/a", ok, "/nonexistent/b"};
    eg_reader_options o = eg_reader_defaults();
    o.on_bad_input = count_problem;
    o.on_bad_input_user = &seen;
    assert_int_equal(eg_reader_new(&r, in, 3, &o, &err), EG_EIO);
    assert_string_equal(err.path, "/nonexistent/a");
    assert_int_equal(seen, 2);
    seen = 0;
    o.skip_bad_inputs = 1;
    assert_int_equal(eg_reader_new(&r, in, 3, &o, &err), EG_OK);
    assert_int_equal(seen, 2);
    assert_int_equal(eg_reader_skipped(r), 2);
    eg_doc doc;
    next_doc(r, &doc);
    assert_string_equal(doc.text, "x");
    assert_false(doc.blank);
    next_doc(r, &doc);
    assert_null(doc.text);
    assert_int_equal(eg_reader_files_done(r), 1);
    eg_reader_free(r);
}

/* The .json entry point on bytes: an array of objects with the field
 * mapping, made-up ids, an element that is no object, JSON that does not
 * parse (line:column), a lone object. */
static void json_file_documents(void **state)
{
    (void)state;
    eg_json_file *f = NULL;
    eg_error err = {0};
    eg_doc doc;
    const char arr[] = "[\n {\"body\": \"甲\", \"date\": 20220501},\n {\"id\": \"x\", \"body\": \" \"},\n 7\n]";
    const char *fields[EG_FIELD_COUNT] = {NULL, "body"};
    assert_int_equal(eg_json_file_parse(&f, arr, strlen(arr), "a.json", fields, EG_DATE_AUTO, &err), EG_OK);
    assert_int_equal(eg_json_file_count(f), 3);
    assert_int_equal(eg_json_file_doc(f, 0, &doc, &err), EG_OK);
    assert_string_equal(doc.id, "a.json#1");
    assert_string_equal(doc.text, "甲");
    assert_string_equal(doc.date, "2022-05-01");
    assert_false(doc.blank);
    assert_int_equal(eg_json_file_doc(f, 1, &doc, &err), EG_OK);
    assert_string_equal(doc.id, "x");
    assert_true(doc.blank);
    assert_int_equal(eg_json_file_doc(f, 2, &doc, &err), EG_EPARSE);
    assert_string_equal(err.message, "element 3 of the array: expected a JSON object");
    assert_int_equal(eg_json_file_doc(f, 3, &doc, &err), EG_EINVAL);
    eg_json_file_free(f);
    const char bad[] = "{\n \"text\": \"a\",\n ]";
    assert_int_equal(eg_json_file_parse(&f, bad, strlen(bad), "b.json", NULL, EG_DATE_AUTO, &err), EG_EPARSE);
    assert_null(f);
    assert_int_equal(err.line, 3);
    const char one[] = "\xEF\xBB\xBF{\"text\": \"乙\"}";
    assert_int_equal(eg_json_file_parse(&f, one, strlen(one), NULL, NULL, EG_DATE_AUTO, &err), EG_OK);
    assert_int_equal(eg_json_file_count(f), 1);
    assert_int_equal(eg_json_file_doc(f, 0, &doc, &err), EG_OK);
    assert_string_equal(doc.id, "<json>");
    assert_string_equal(doc.text, "乙");
    eg_json_file_free(f);
    assert_int_equal(eg_json_file_parse(&f, "3", 1, "c.json", NULL, EG_DATE_AUTO, &err), EG_EPARSE);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(encodings_are_detected_and_decoded, setup, teardown),
        cmocka_unit_test_setup_teardown(invalid_bytes_are_replaced_and_located, setup, teardown),
        cmocka_unit_test_setup_teardown(sequences_cut_by_blocks_survive, setup, teardown),
        cmocka_unit_test_setup_teardown(large_text_is_cut_at_paragraph_ends, setup, teardown),
        cmocka_unit_test_setup_teardown(jsonl_carries_metadata, setup, teardown),
        cmocka_unit_test_setup_teardown(jsonl_field_names_are_configurable, setup, teardown),
        cmocka_unit_test_setup_teardown(jsonl_in_utf16, setup, teardown),
        cmocka_unit_test_setup_teardown(bad_options_and_paths, setup, teardown),
        cmocka_unit_test_setup_teardown(bad_inputs_are_all_reported, setup, teardown),
        cmocka_unit_test(json_file_documents),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
