#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "lexicon.h"

#define SMALL EG_TEST_DATA "/lexicon_small.txt"

/* The best path of text as words separated by '|'. */
static void path_of(const eg__lexicon *lx, const char *text, const eg__seg_word *extra, size_t n_extra,
                    char *out)
{
    eg__seg g = {0};
    assert_int_equal(eg__lexicon_segment(lx, text, strlen(text), extra, n_extra, &g), EG_OK);
    out[0] = 0;
    for (size_t i = 0; i < g.n_chars; i = g.word_end[i]) {
        if (i) strcat(out, "|");
        strncat(out, text + g.at[i], g.at[g.word_end[i]] - g.at[i]);
    }
    eg__seg_free(&g);
}

static void test_load_and_lookup(void **state)
{
    (void)state;
    eg__lexicon *lx = NULL;
    eg_error err = {0};
    assert_int_equal(eg__lexicon_load(&lx, SMALL, &err), EG_OK);
    assert_int_equal(eg__lexicon_count(lx), 20);
    assert_int_equal(eg__lexicon_freq(lx, "维护", strlen("维护")), 5000);
    assert_int_equal(eg__lexicon_freq(lx, "维", strlen("维")), 0); /* a prefix, no word */
    assert_true(eg__lexicon_prefix(lx, "维", strlen("维")));
    assert_false(eg__lexicon_prefix(lx, "维修", strlen("维修")));
    assert_true(eg__lexicon_is_name(lx, "白云", strlen("白云")));
    assert_false(eg__lexicon_is_name(lx, "长白", strlen("长白")));
    eg__lexicon_free(lx);
}

static void test_best_path(void **state)
{
    (void)state;
    eg__lexicon *lx = NULL;
    char out[256];
    assert_int_equal(eg__lexicon_load(&lx, SMALL, NULL), EG_OK);
    path_of(lx, "更新和维护", NULL, 0, out);
    assert_string_equal(out, "更新|和|维护");
    path_of(lx, "他在化工行业工作", NULL, 0, out);
    assert_string_equal(out, "他|在|化工|行业|工作");
    path_of(lx, "市长白云说", NULL, 0, out);
    assert_string_equal(out, "市长|白云|说");
    /* a word more frequent than the log table reaches */
    path_of(lx, "大家维护更新", NULL, 0, out);
    assert_string_equal(out, "大家|维护|更新");
    /* a run of other characters is one word */
    path_of(lx, "维护abc更新", NULL, 0, out);
    assert_string_equal(out, "维护|abc|更新");
    /* an added word competes: weak, it loses; strong, it wins */
    eg__seg_word w = {1, 3, -30.0}; /* 新和 */
    path_of(lx, "更新和维护", &w, 1, out);
    assert_string_equal(out, "更新|和|维护");
    w.logp = 0;
    path_of(lx, "更新和维护", &w, 1, out);
    assert_string_equal(out, "更|新和|维护");
    /* the tags for a tagger */
    eg__seg g = {0};
    char tags[32];
    const char *t = "他在化工行业";
    assert_int_equal(eg__lexicon_bmes(lx, t, strlen(t), tags, &g), EG_OK);
    assert_memory_equal(tags, "SSBEBE", 6);
    eg__seg_free(&g);
    eg__lexicon_free(lx);
}

/* The path's words carry their lexicon entries: what eg__lexicon_freq
 * and eg__lexicon_is_name say of the word, 0 for other characters. */
static void test_path_entries(void **state)
{
    (void)state;
    eg__lexicon *lx = NULL;
    assert_int_equal(eg__lexicon_load(&lx, SMALL, NULL), EG_OK);
    const char *texts[] = {"市长白云说", "他在化工行业工作", "维护abc更新x", "群众向白云说话", "大家维护"};
    eg__seg_word w = {1, 3, 0}; /* an added word that wins: 长白 in the first text */
    eg__seg g = {0};
    int names = 0, others = 0, unknown = 0;
    for (size_t t = 0; t < sizeof texts / sizeof *texts; t++) {
        const char *s = texts[t];
        assert_int_equal(eg__lexicon_segment(lx, s, strlen(s), &w, t == 0, &g), EG_OK);
        for (size_t i = 0; i < g.n_chars; i = g.word_end[i]) {
            const char *word = s + g.at[i];
            size_t len = g.at[g.word_end[i]] - g.at[i];
            uint32_t want = 0;
            if ((unsigned char)word[0] >= 0x80) {
                want = eg__lexicon_freq(lx, word, len) |
                       (eg__lexicon_is_name(lx, word, len) ? EG__LEX_NAME_BIT : 0);
                unknown += want == 0;
            } else {
                others++;
            }
            names += (want & EG__LEX_NAME_BIT) != 0;
            assert_int_equal(g.word_val[i], want);
        }
    }
    assert_true(names > 0);   /* 白云 */
    assert_true(others > 0);  /* abc, x */
    assert_true(unknown > 0); /* 话 */
    eg__seg_free(&g);
    eg__lexicon_free(lx);
}

static void test_image(void **state)
{
    (void)state;
    eg__lexicon *lx = NULL, *back = NULL;
    assert_int_equal(eg__lexicon_load(&lx, SMALL, NULL), EG_OK);
    size_t n = eg__lexicon_image_size(lx);
    uint64_t *buf = calloc((n + 7) / 8, 8);
    assert_non_null(buf);
    eg__lexicon_write_image(lx, buf);
    assert_int_equal(eg__lexicon_from_image(buf, n, &back), EG_OK);
    assert_int_equal(eg__lexicon_freq(back, "化工", strlen("化工")), 4000);
    assert_int_equal(eg__lexicon_count(back), eg__lexicon_count(lx));
    eg__lexicon_free(back);
    /* damaged: a truncated image; a node whose parent is beyond the
     * table, one whose entry is beyond the entries (the header: magic,
     * total, then uint32 n_slots, n_words, n_values, pad; then a uint64
     * per slot: bits 0-17 the character, 18-43 the parent, 45-63 the
     * entry) */
    assert_int_equal(eg__lexicon_from_image(buf, n - 1, &back), EG_EPARSE);
    assert_int_equal(eg__lexicon_from_image(buf, 16, &back), EG_EPARSE);
    unsigned char *p = (unsigned char *)buf;
    uint32_t n_slots, n_values;
    memcpy(&n_slots, p + 16, 4);
    memcpy(&n_values, p + 24, 4);
    size_t k = 0;
    uint64_t e = 0;
    while (k < n_slots && !(e = buf[4 + k])) k++;
    assert_true(k < n_slots);
    buf[4 + k] = (e & ~(((1ull << 26) - 1) << 18)) | (uint64_t)(n_slots + 1) << 18;
    assert_int_equal(eg__lexicon_from_image(buf, n, &back), EG_EPARSE);
    assert_null(back);
    buf[4 + k] = (e & ((1ull << 45) - 1)) | (uint64_t)n_values << 45;
    assert_int_equal(eg__lexicon_from_image(buf, n, &back), EG_EPARSE);
    assert_null(back);
    buf[4 + k] = e;
    assert_int_equal(eg__lexicon_from_image(buf, n, &back), EG_OK);
    eg__lexicon_free(back);
    /* a full table: no probe would end */
    for (k = 0; k < n_slots; k++)
        if (!buf[4 + k]) buf[4 + k] = e;
    assert_int_equal(eg__lexicon_from_image(buf, n, &back), EG_EPARSE);
    assert_null(back);
    free(buf);
    eg__lexicon_free(lx);
}

static void test_words_again(void **state)
{
    (void)state;
    eg__lexicon *lx = NULL;
    assert_int_equal(eg__lexicon_load(&lx, EG_TEST_DATA "/lexicon_again.txt", NULL), EG_OK);
    /* the later line wins, and counts once */
    assert_int_equal(eg__lexicon_count(lx), 4);
    assert_int_equal(eg__lexicon_freq(lx, "长白", strlen("长白")), 30);
    assert_true(eg__lexicon_is_name(lx, "长白", strlen("长白")));
    assert_int_equal(eg__lexicon_freq(lx, "天池", strlen("天池")), 20);
    assert_int_equal(eg__lexicon_freq(lx, "长白山", strlen("长白山")), 0); /* a prefix */
    assert_true(eg__lexicon_prefix(lx, "长白山", strlen("长白山")));
    assert_false(eg__lexicon_prefix(lx, "长白天", strlen("长白天")));
    assert_false(eg__lexicon_prefix(lx, "白山", strlen("白山")));
    assert_int_equal(eg__lexicon_freq(lx, "一二三四五六七八", strlen("一二三四五六七八")), 5);
    assert_false(eg__lexicon_prefix(lx, "一二三四五六七八九", strlen("一二三四五六七八九")));
    /* not ideographs: no word, no prefix */
    assert_int_equal(eg__lexicon_freq(lx, "长白a", strlen("长白a")), 0);
    assert_false(eg__lexicon_prefix(lx, "a", 1));
    assert_false(eg__lexicon_prefix(lx, "\xE9\x95", 2)); /* a cut character */
    /* the total is the sum of the entries that stand: 100 + 30 + 20 + 5 */
    assert_true(eg__lexicon_log_total(lx) > 5.04 && eg__lexicon_log_total(lx) < 5.05);
    char out[128];
    path_of(lx, "长白山天池", NULL, 0, out);
    assert_string_equal(out, "长白山天池");
    eg__lexicon_free(lx);
}

static void test_errors(void **state)
{
    (void)state;
    eg__lexicon *lx = NULL;
    eg_error err = {0};
    assert_int_equal(eg__lexicon_load(&lx, EG_TEST_DATA "/lexicon_bad.txt", &err), EG_EPARSE);
    assert_null(lx);
    assert_int_equal(err.line, 2);
    assert_int_equal(err.column, 4);
    assert_int_equal(eg__lexicon_load(&lx, EG_TEST_DATA "/no-such-lexicon.txt", &err), EG_EIO);
    assert_null(lx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_load_and_lookup),
        cmocka_unit_test(test_best_path),
        cmocka_unit_test(test_path_entries),
        cmocka_unit_test(test_image),
        cmocka_unit_test(test_words_again),
        cmocka_unit_test(test_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
