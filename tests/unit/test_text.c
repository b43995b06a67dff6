#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "entgraph/text.h"
#include "internal.h"
#include "recognize.h"

static void decode_replaces_invalid_bytes(void **state)
{
    (void)state;
    eg_codepoints cps = {0};
    const char s[] = "a\xff中\xe4\xb8"; /* \xe4\xb8: one truncated sequence */
    assert_int_equal(eg_text_decode(s, sizeof s - 1, &cps), EG_OK);
    assert_int_equal(cps.len, 4);
    assert_int_equal(cps.cp[1], 0xFFFD);
    assert_int_equal(cps.cp[2], 0x4E2D);
    assert_int_equal(cps.cp[3], 0xFFFD);
    assert_int_equal(cps.invalid, 2);
    assert_int_equal(cps.first_invalid, 1);
    assert_int_equal(cps.byte[2], 2);
    assert_int_equal(cps.byte[3], 5);
    assert_int_equal(cps.byte[4], sizeof s - 1);
    /* a literal U+FFFD in the input is not an error */
    assert_int_equal(eg_text_decode("\xef\xbf\xbd", 3, &cps), EG_OK);
    assert_int_equal(cps.invalid, 0);
    eg_codepoints_destroy(&cps);
}

/* Paragraph p as UTF-8, pieces joined. */
static char *paragraph(const eg_codepoints *cps, const eg_layout *L, size_t p, const char *src)
{
    char *out = calloc(1, strlen(src) + 1);
    for (size_t k = L->par_start[p]; k < L->par_start[p + 1]; k++) {
        size_t b = cps->byte[L->pieces[k].begin], e = cps->byte[L->pieces[k].end];
        strncat(out, src + b, e - b);
    }
    return out;
}

static void layout_rejoins_broken_lines_only(void **state)
{
    (void)state;
    /* Made-up text: a headline, a byline, a body paragraph hard-wrapped in
     * the middle of a word, and a paragraph that ends with a full stop. */
    const char *src = "春季茶叶开采启动\n\n"
                      "李明 王芳\n\n"
                      "今年春季，山区多个乡镇的茶农陆续开始采摘明前茶，当地农业合作\n\n"
                      "社组织技术人员上门指导。\r\n"
                      "   这一段到此为止，全文结束了，下面另起一段的内容继续说明情况。\n"
                      "新的段落。\n";
    eg_codepoints cps = {0};
    eg_layout L = {0};
    assert_int_equal(eg_text_decode(src, strlen(src), &cps), EG_OK);
    assert_int_equal(eg_text_layout(cps.cp, cps.len, 1, &L), EG_OK);
    assert_int_equal(L.n_pars, 5);
    assert_int_equal(L.joins, 1);
    const char *want[] = {"春季茶叶开采启动", "李明 王芳",
                          "今年春季，山区多个乡镇的茶农陆续开始采摘明前茶，当地农业合作社组织技术人员上门指导。",
                          "这一段到此为止，全文结束了，下面另起一段的内容继续说明情况。", "新的段落。"};
    for (size_t p = 0; p < 5; p++) {
        char *got = paragraph(&cps, &L, p, src);
        assert_string_equal(got, want[p]);
        free(got);
    }
    /* Without reflow every line is its own paragraph. */
    assert_int_equal(eg_text_layout(cps.cp, cps.len, 0, &L), EG_OK);
    assert_int_equal(L.n_pars, 6);
    assert_int_equal(L.joins, 0);
    eg_layout_destroy(&L);
    eg_codepoints_destroy(&cps);
}

static void normalize_folds_width_and_case_with_offsets(void **state)
{
    (void)state;
    eg_text *t = NULL;
    eg_error err = {0};
    assert_int_equal(eg_text_new(&t, &err), EG_OK);
    char *out = NULL;
    size_t len = 0;
    const char *s = "ＡＢＣ银行Ｅ链１２３ＣＥＯ";
    assert_int_equal(eg_text_normalize_utf8(t, s, strlen(s), &out, &len), EG_OK);
    assert_string_equal(out, "abc银行e链123ceo");
    free(out);
    /* Offsets: one ASCII byte per full-width letter maps back to it. */
    eg_codepoints cps = {0};
    eg_normtext nt = {0};
    const char *s2 = "中Ａb\xe3\x8d\xbb"; /* U+337B ㍻ → 平成: one source char, two output chars */
    assert_int_equal(eg_text_decode(s2, strlen(s2), &cps), EG_OK);
    assert_int_equal(eg_text_normalize_append(t, cps.cp, 0, cps.len, &nt), EG_OK);
    assert_string_equal(nt.s, "中ab平成");
    assert_int_equal(nt.from[3], 1);
    assert_int_equal(nt.to[3], 2);
    assert_int_equal(nt.from[5], 3);
    assert_int_equal(nt.to[nt.len - 1], 4);
    /* Combining sequence composes: e + U+0301 → é */
    eg_normtext_clear(&nt);
    const char *s3 = "Cafe\xcc\x81";
    assert_int_equal(eg_text_decode(s3, strlen(s3), &cps), EG_OK);
    assert_int_equal(eg_text_normalize_append(t, cps.cp, 0, cps.len, &nt), EG_OK);
    assert_string_equal(nt.s, "caf\xc3\xa9");
    eg_normtext_destroy(&nt);
    eg_codepoints_destroy(&cps);
    eg_text_free(t);
}

/* 丨, the bar of web headlines, becomes '|' with its offset, alone, at
 * either end, twice in a row, and after a character ICU normalises; with
 * the Traditional conversion on as well. */
static void headline_bar_becomes_a_separator(void **state)
{
    (void)state;
    eg_text *t = NULL;
    eg_error err = {0};
    assert_int_equal(eg_text_new(&t, &err), EG_OK);
    const char *in[] = {"北京丨上海", "丨新闻丨", "丨", "甲丨丨乙", "Ａ丨ｂ", "廣州丨深圳"};
    const char *want[] = {"北京|上海", "|新闻|", "|", "甲||乙", "a|b", NULL};
    for (int conv = 0; conv < 2; conv++) {
        if (conv) assert_int_equal(eg_text_set_convert(t, EG_CONVERT_T2S, &err), EG_OK);
        for (size_t k = 0; k < sizeof in / sizeof *in; k++) {
            char *out = NULL;
            size_t len = 0;
            assert_int_equal(eg_text_normalize_utf8(t, in[k], strlen(in[k]), &out, &len), EG_OK);
            if (want[k]) assert_string_equal(out, want[k]);
            else assert_string_equal(out, conv ? "广州|深圳" : "廣州|深圳");
            free(out);
        }
    }
    /* the bar maps back to its own code point */
    eg_codepoints cps = {0};
    eg_normtext nt = {0};
    const char *s = "王丨李";
    assert_int_equal(eg_text_decode(s, strlen(s), &cps), EG_OK);
    assert_int_equal(eg_text_normalize_append(t, cps.cp, 0, cps.len, &nt), EG_OK);
    assert_string_equal(nt.s, "王|李");
    assert_int_equal(nt.from[3], 1);
    assert_int_equal(nt.to[3], 2);
    eg_normtext_destroy(&nt);
    eg_codepoints_destroy(&cps);
    eg_text_free(t);
}

/* A character NFKC_Casefold removes (zero-width space, zero-width joiner,
 * byte order mark) after another belongs to none: the one before keeps its
 * own end, so a name before it does not take it in. */
static void removed_characters_map_to_nothing(void **state)
{
    (void)state;
    eg_text *t = NULL;
    eg_error err = {0};
    assert_int_equal(eg_text_new(&t, &err), EG_OK);
    const char *s[] = {"王\xe2\x80\x8b说", "王\xe2\x80\x8d说", "王\xef\xbb\xbf说", "王\xe2\x80\x8b\xe2\x80\x8b说"};
    for (size_t k = 0; k < sizeof s / sizeof *s; k++) {
        eg_codepoints cps = {0};
        eg_normtext nt = {0};
        assert_int_equal(eg_text_decode(s[k], strlen(s[k]), &cps), EG_OK);
        assert_int_equal(eg_text_normalize_append(t, cps.cp, 0, cps.len, &nt), EG_OK);
        assert_string_equal(nt.s, "王说");
        assert_int_equal(nt.from[0], 0);
        assert_int_equal(nt.to[2], 1); /* 王 is code point 0 alone */
        assert_int_equal(nt.from[3], cps.len - 1);
        eg_normtext_destroy(&nt);
        eg_codepoints_destroy(&cps);
    }
    eg_text_free(t);
}

static void sentences_split_at_chinese_stops(void **state)
{
    (void)state;
    eg_text *t = NULL;
    eg_error err = {0};
    assert_int_equal(eg_text_new(&t, &err), EG_OK);
    const char *s = "第一句话。第二句话！第三句？没有句号";
    size_t *ends = NULL, n = 0;
    assert_int_equal(eg_text_sentences(t, s, strlen(s), &ends, &n), EG_OK);
    assert_int_equal(n, 4);
    assert_int_equal(ends[0], strlen("第一句话。"));
    assert_int_equal(ends[3], strlen(s));
    free(ends);
    assert_int_equal(eg_text_sentences(t, "", 0, &ends, &n), EG_OK);
    assert_int_equal(n, 1);
    free(ends);
    /* characters beyond U+FFFF (two UTF-16 units, four bytes): the ends
     * are still byte offsets of the UTF-8 text */
    const char *wide = "\xf0\xa0\x80\x80\xf0\xa0\x80\x81说。\xf0\xa0\x80\x82好！尾";
    assert_int_equal(eg_text_sentences(t, wide, strlen(wide), &ends, &n), EG_OK);
    assert_int_equal(n, 3);
    assert_int_equal(ends[0], 8 + strlen("说。"));
    assert_int_equal(ends[1], 8 + strlen("说。") + 4 + strlen("好！"));
    assert_int_equal(ends[2], strlen(wide));
    free(ends);
    /* invalid UTF-8 is read by ICU's UTF-8 text: the same stops */
    const char *bad = "第一\xff句。第二句";
    assert_int_equal(eg_text_sentences(t, bad, strlen(bad), &ends, &n), EG_OK);
    assert_int_equal(n, 2);
    assert_int_equal(ends[0], strlen("第一\xff句。"));
    assert_int_equal(ends[1], strlen(bad));
    free(ends);
    eg_text_free(t);
}

/* eg__text_sentences_decoded (the extractor's, on text it has decoded)
 * finds the ends eg_text_sentences finds in the same text. */
static void sentences_of_decoded_text_are_the_same(void **state)
{
    (void)state;
    eg_text *t = NULL;
    eg_error err = {0};
    assert_int_equal(eg_text_new(&t, &err), EG_OK);
    const char *texts[] = {"第一句话。第二句话！第三句？没有句号", "", "Mr. Li left. 他说：“走吧。”然后走了",
                           "\xf0\xa0\x80\x80\xf0\xa0\x80\x81说。\xf0\xa0\x80\x82好！尾",
                           /* what the extractor breaks without ICU (text.c, plain_sentences) */
                           "他说：“走吧！”“好。”我们走了。", "涨了3.5%。价格？123元！abc。Xyz？",
                           "真的吗？！是的。。 好 。 “引号”。", "网址是a.com?x=1#y。完", "结束。」",
                           "句尾。\xee\x90\x8c图片", "好！  ", "！开头", "等等……还有...然后。", "完了.”他说",
                           "好... 然后。", "好。 [注]完。", "是吗？ “对。”", "v.1 版本。", "完了.",
                           /* and what it leaves to ICU */
                           "是吗？，不是。", "行\n下一行。", "好. [注]完。", "完了.abc", "好... a然后。",
                           "句号。\xcc\x81后", "Dr. Wang. 王医生。", "好。\xe2\x80\xa8又"};
    for (size_t k = 0; k < sizeof texts / sizeof *texts; k++) {
        const char *s = texts[k];
        eg_codepoints cps = {0};
        assert_int_equal(eg_text_decode(s, strlen(s), &cps), EG_OK);
        size_t *a = NULL, *b = NULL, na = 0, nb = 0;
        assert_int_equal(eg_text_sentences(t, s, strlen(s), &a, &na), EG_OK);
        assert_int_equal(eg__text_sentences_decoded(t, s, cps.cp, cps.byte, cps.len, &b, &nb), EG_OK);
        assert_int_equal(na, nb);
        for (size_t q = 0; q < na; q++) assert_int_equal(a[q], b[q]);
        free(a);
        free(b);
        eg_codepoints_destroy(&cps);
    }
    eg_text_free(t);
}

static void t2s_keeps_the_offset_map(void **state)
{
    (void)state;
    eg_text *t = NULL;
    eg_error err = {0};
    assert_int_equal(eg_text_new(&t, &err), EG_OK);
    char *out = NULL;
    size_t len = 0;
    const char *trad = "工行嘉興分行「三個圈」ＡＢ";
    /* without conversion the Traditional text stays as it is */
    assert_int_equal(eg_text_normalize_utf8(t, trad, strlen(trad), &out, &len), EG_OK);
    assert_string_equal(out, "工行嘉興分行「三個圈」ab");
    free(out);
    assert_int_equal(eg_text_set_convert(t, EG_CONVERT_T2S, &err), EG_OK);
    assert_int_equal(eg_text_normalize_utf8(t, trad, strlen(trad), &out, &len), EG_OK);
    assert_string_equal(out, "工行嘉兴分行“三个圈”ab");
    free(out);
    /* each output byte maps back to the one character it came from */
    eg_codepoints cps = {0};
    eg_normtext nt = {0};
    assert_int_equal(eg_text_decode(trad, strlen(trad), &cps), EG_OK);
    assert_int_equal(eg_text_normalize_append(t, cps.cp, 2, cps.len, &nt), EG_OK);
    assert_memory_equal(nt.s, "嘉兴", strlen("嘉兴"));
    assert_int_equal(nt.from[3], 3); /* 兴 ← 興, the fourth character */
    assert_int_equal(nt.to[3], 4);
    assert_int_equal(nt.from[nt.len - 1], cps.len - 1);
    assert_int_equal(nt.to[nt.len - 1], cps.len);
    /* the cache answers the second time as ICU did the first */
    eg_normtext_clear(&nt);
    assert_int_equal(eg_text_normalize_append(t, cps.cp, 2, 4, &nt), EG_OK);
    assert_string_equal(nt.s, "嘉兴");
    /* Simplified text is left alone; NONE turns it off again */
    assert_int_equal(eg_text_normalize_utf8(t, "沈荡镇", strlen("沈荡镇"), &out, &len), EG_OK);
    assert_string_equal(out, "沈荡镇");
    free(out);
    assert_int_equal(eg_text_set_convert(t, EG_CONVERT_NONE, &err), EG_OK);
    assert_int_equal(eg_text_normalize_utf8(t, "興", strlen("興"), &out, &len), EG_OK);
    assert_string_equal(out, "興");
    free(out);
    assert_int_equal(eg_text_set_convert(t, (eg_convert)7, &err), EG_EINVAL);
    eg_normtext_destroy(&nt);
    eg_codepoints_destroy(&cps);
    eg_text_free(t);
}

/* eg__text_normalize_chars hands the extractor the code points it writes,
 * so that the normalised text is not decoded again: they are what decoding
 * it gives, at byte offsets from the start of the text the chars hold,
 * over several calls, through ICU, the caches and the conversion. */
static void normalized_chars_are_the_decoded_text(void **state)
{
    (void)state;
    eg_text *t = NULL;
    eg_error err = {0};
    assert_int_equal(eg_text_new(&t, &err), EG_OK);
    const char *texts[] = {"ＡＢｃ中文丨标题，", "王建国\xe2\x80\x8b说Ｉｎｔｅｒｎｅｔ", "e\xcc\x81t\xc3\xa9 ﬁ①㎏",
                           "a\xff中\xe4\xb8", "\xf0\xa0\x80\x80字\xc3\x84", "", "工行嘉興分行「三個圈」ＡＢ",
                           "沈荡镇\r\n\t!"};
    for (int round = 0; round < 2; round++) {
        if (round) assert_int_equal(eg_text_set_convert(t, EG_CONVERT_T2S, &err), EG_OK);
        for (size_t k = 0; k < sizeof texts / sizeof *texts; k++) {
            eg_codepoints cps = {0};
            eg_normtext nt = {0};
            eg__chars ch = {0}, ref = {0};
            /* a text before, in nt and in ch */
            assert_int_equal(eg_text_decode("前文", strlen("前文"), &cps), EG_OK);
            assert_int_equal(eg__text_normalize_chars(t, cps.cp, 0, cps.len, &nt, &ch, 0), EG_OK);
            assert_int_equal(eg__chars_end(&ch, nt.len), EG_OK);
            size_t base = nt.len, first = ch.n;
            /* this one in two pieces */
            assert_int_equal(eg_text_decode(texts[k], strlen(texts[k]), &cps), EG_OK);
            assert_int_equal(eg__text_normalize_chars(t, cps.cp, 0, cps.len / 2, &nt, &ch, base), EG_OK);
            assert_int_equal(eg__text_normalize_chars(t, cps.cp, cps.len / 2, cps.len, &nt, &ch, base), EG_OK);
            assert_int_equal(eg__chars_end(&ch, nt.len - base), EG_OK);
            assert_int_equal(eg__chars_decode(&ref, nt.s + base, nt.len - base), EG_OK);
            assert_int_equal(ch.n - first, ref.n + 1);
            for (size_t q = 0; q <= ref.n; q++) {
                assert_int_equal(ch.c[first + q], q < ref.n ? ref.c[q] : 0);
                assert_int_equal(ch.at[first + q], ref.at[q]);
            }
            eg__chars_free(&ch);
            eg__chars_free(&ref);
            eg_normtext_destroy(&nt);
            eg_codepoints_destroy(&cps);
        }
    }
    eg_text_free(t);
}

static void line_ends_paragraph_as_reflow_sees_it(void **state)
{
    (void)state;
    const char *body = "今年春季，山区多个乡镇的茶农陆续开始采摘明前茶，当地农业合作";
    const char *done = "今年春季，山区多个乡镇的茶农陆续开始采摘明前茶，当地农业合作。";
    assert_false(eg_text_line_ends_paragraph(body, strlen(body)));
    assert_true(eg_text_line_ends_paragraph(done, strlen(done)));
    assert_true(eg_text_line_ends_paragraph("春季茶叶开采启动", strlen("春季茶叶开采启动")));
    assert_true(eg_text_line_ends_paragraph(" \t\r", 3));
    /* trailing white space does not count */
    char buf[200];
    snprintf(buf, sizeof buf, "%s   \r", done);
    assert_true(eg_text_line_ends_paragraph(buf, strlen(buf)));
    snprintf(buf, sizeof buf, "%s \r", body);
    assert_false(eg_text_line_ends_paragraph(buf, strlen(buf)));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(decode_replaces_invalid_bytes),
        cmocka_unit_test(layout_rejoins_broken_lines_only),
        cmocka_unit_test(normalize_folds_width_and_case_with_offsets),
        cmocka_unit_test(headline_bar_becomes_a_separator),
        cmocka_unit_test(removed_characters_map_to_nothing),
        cmocka_unit_test(sentences_split_at_chinese_stops),
        cmocka_unit_test(sentences_of_decoded_text_are_the_same),
        cmocka_unit_test(t2s_keeps_the_offset_map),
        cmocka_unit_test(normalized_chars_are_the_decoded_text),
        cmocka_unit_test(line_ends_paragraph_as_reflow_sees_it),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
