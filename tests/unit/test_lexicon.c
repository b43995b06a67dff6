#include <setjmp.h>
#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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

/* eg__lexicon_prefetch is a hint: on any text (a word, a prefix, one
 * character, none, a character outside the table, ill-formed bytes, no
 * lexicon) it reads only inside its tables and changes no answer. */
static void test_prefetch_is_a_hint(void **state)
{
    (void)state;
    eg__lexicon *lx = NULL;
    eg_error err = {0};
    assert_int_equal(eg__lexicon_load(&lx, SMALL, &err), EG_OK);
    const char *texts[] = {"维护", "维护人员", "维", "", "ab", "\xf0\xa0\x80\x80字", "字\xff", "\xe4\xb8", "白云山"};
    for (size_t k = 0; k < sizeof texts / sizeof *texts; k++) {
        eg__lexicon_prefetch(lx, texts[k], strlen(texts[k]));
        eg__lexicon_prefetch(NULL, texts[k], strlen(texts[k]));
    }
    assert_int_equal(eg__lexicon_freq(lx, "维护", strlen("维护")), 5000);
    assert_true(eg__lexicon_prefix(lx, "维", strlen("维")));
    assert_true(eg__lexicon_is_name(lx, "白云", strlen("白云")));
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

/* Writes lines to a temporary file; its path into path (PATH_MAX). */
static void temp_words(const char *lines, char *path)
{
    strcpy(path, "/tmp/eg-lexicon-XXXXXX");
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, lines, strlen(lines)), (ssize_t)strlen(lines));
    close(fd);
}

/* "nr common": a name that is a common word too. The mark changes no
 * frequency, no path and no name bit (what the tagger's features read);
 * eg__lexicon_is_common_name says it, an image keeps it, and an image of
 * version 2 (no such mark) still loads. */
static void test_common_names(void **state)
{
    (void)state;
    char marked[64], plain[64];
    temp_words("王朝 3792 nr common\n王 9000 nr\n朝 4000\n朝代 800\n高尔夫 176 nr common\n白云 300 nr\n"
               "高尔 5 nr comm\n",
               marked);
    temp_words("王朝 3792 nr\n王 9000 nr\n朝 4000\n朝代 800\n高尔夫 176 nr\n白云 300 nr\n高尔 5 nr comm\n", plain);
    eg__lexicon *a = NULL, *b = NULL, *back = NULL;
    assert_int_equal(eg__lexicon_load(&a, marked, NULL), EG_OK);
    assert_int_equal(eg__lexicon_load(&b, plain, NULL), EG_OK);
    const char *words[] = {"王朝", "高尔夫", "白云", "高尔", "朝代", "王"};
    const int common[] = {1, 1, 0, 0, 0, 0};
    for (size_t k = 0; k < sizeof words / sizeof *words; k++) {
        size_t len = strlen(words[k]);
        assert_int_equal(eg__lexicon_freq(a, words[k], len), eg__lexicon_freq(b, words[k], len));
        assert_int_equal(eg__lexicon_is_name(a, words[k], len), eg__lexicon_is_name(b, words[k], len));
        assert_int_equal(eg__lexicon_is_common_name(a, words[k], len), common[k]);
        assert_false(eg__lexicon_is_common_name(b, words[k], len));
    }
    assert_int_equal(eg__lexicon_freq(a, "王朝", strlen("王朝")), 3792);
    assert_true(eg__lexicon_log_total(a) == eg__lexicon_log_total(b));
    const char *text = "王朝代高尔夫白云朝王朝";
    char pa[256], pb[256];
    path_of(a, text, NULL, 0, pa);
    path_of(b, text, NULL, 0, pb);
    assert_string_equal(pa, pb);
    eg__seg ga = {0}, gb = {0};
    assert_int_equal(eg__lexicon_segment(a, text, strlen(text), NULL, 0, &ga), EG_OK);
    assert_int_equal(eg__lexicon_segment(b, text, strlen(text), NULL, 0, &gb), EG_OK);
    for (size_t i = 0; i < ga.n_chars; i = ga.word_end[i]) {
        assert_true(ga.route[i] == gb.route[i]);
        assert_int_equal(ga.word_val[i] & ~EG__LEX_COMMON_BIT, gb.word_val[i]);
    }
    eg__seg_free(&ga);
    eg__seg_free(&gb);
    /* the image keeps the mark */
    size_t n = eg__lexicon_image_size(a);
    uint64_t *buf = calloc((n + 7) / 8, 8);
    assert_non_null(buf);
    eg__lexicon_write_image(a, buf);
    assert_int_equal(eg__lexicon_from_image(buf, n, &back), EG_OK);
    assert_true(eg__lexicon_is_common_name(back, "高尔夫", strlen("高尔夫")));
    assert_false(eg__lexicon_is_common_name(back, "白云", strlen("白云")));
    eg__lexicon_free(back);
    back = NULL;
    /* version 2 (the byte after "EGLEX") loads; another version does not */
    unsigned char *p = (unsigned char *)buf;
    assert_int_equal(p[5], 3);
    p[5] = 2;
    assert_int_equal(eg__lexicon_from_image(buf, n, &back), EG_OK);
    eg__lexicon_free(back);
    back = NULL;
    p[5] = 4;
    assert_int_equal(eg__lexicon_from_image(buf, n, &back), EG_EPARSE);
    assert_null(back);
    free(buf);
    eg__lexicon_free(a);
    eg__lexicon_free(b);
    unlink(marked);
    unlink(plain);
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

/* ---- the walk against a brute-force lookup ------------------------------ */

/* A made-up lexicon over a few characters, so that words share long
 * prefixes: ideographs of the chars table (一 二 三 中 国), ideographs
 * outside it (〇 U+3007, 豈 U+F900, 𠀀 U+20000: their walks start with a
 * probe), and text with 'a' and '，' between them. */
static const uint32_t ALPHABET[] = {0x4E00, 0x4E8C, 0x4E09, 0x4E2D, 0x56FD, 0x3007, 0xF900, 0x20000, 'a', 0xFF0C};
#define N_HAN 8
#define N_WORDS 400

typedef struct made_word {
    uint32_t cp[10];
    size_t n;
    uint32_t freq; /* with EG__LEX_NAME_BIT for a name */
} made_word;

static uint32_t rnd(uint64_t *s)
{
    *s = *s * 6364136223846793005ull + 1442695040888963407ull;
    return (uint32_t)(*s >> 33);
}

static size_t put_utf8(char *out, uint32_t c)
{
    if (c < 0x80) {
        out[0] = (char)c;
        return 1;
    }
    if (c < 0x800) {
        out[0] = (char)(0xC0 | c >> 6);
        out[1] = (char)(0x80 | (c & 0x3F));
        return 2;
    }
    if (c < 0x10000) {
        out[0] = (char)(0xE0 | c >> 12);
        out[1] = (char)(0x80 | (c >> 6 & 0x3F));
        out[2] = (char)(0x80 | (c & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | c >> 18);
    out[1] = (char)(0x80 | (c >> 12 & 0x3F));
    out[2] = (char)(0x80 | (c >> 6 & 0x3F));
    out[3] = (char)(0x80 | (c & 0x3F));
    return 4;
}

/* The entry of word cp[0..n) by a scan of the list, the later line winning
 * as the loader's does; 0 for none (and for words longer than the
 * lexicon keeps). */
static uint32_t brute_entry(const made_word *w, size_t nw, const uint32_t *cp, size_t n)
{
    uint32_t v = 0;
    if (n > EG__LEX_MAX_CHARS) return 0;
    for (size_t k = 0; k < nw; k++)
        if (w[k].n == n && !memcmp(w[k].cp, cp, n * sizeof *cp)) v = w[k].freq;
    return v;
}

static int brute_han(uint32_t c) { return c >= 0x3000 && c != 0xFF0C; }

/* segment()'s contract written out with brute_entry: a run of other
 * characters is one word of log probability 0; from an ideograph, the
 * word of one character (log(f) - log total, in float for a character of
 * the chars table; an unknown one, or one outside the table, -log total)
 * and then each longer lexicon word in order of length, taken when
 * strictly better. route, word_end, word_val as eg__seg holds them. */
static void brute_path(const made_word *w, size_t nw, double log_total, const uint32_t *cp, size_t n,
                       double *route, uint32_t *word_end, uint32_t *word_val)
{
    route[n] = 0;
    for (size_t i = n; i-- > 0;) {
        if (!brute_han(cp[i])) {
            size_t j = i + 1;
            while (j < n && !brute_han(cp[j]) && j - i < 64) j++;
            route[i] = route[j];
            word_end[i] = (uint32_t)j;
            word_val[i] = 0;
            continue;
        }
        uint32_t v = brute_entry(w, nw, cp + i, 1), f = v & ~EG__LEX_NAME_BIT;
        int in_table = cp[i] >= 0x3400 && cp[i] <= 0x9FFF;
        double lp1 = !in_table ? -log_total : f ? (float)(log((double)f) - log_total) : (float)-log_total;
        double best = lp1 + route[i + 1];
        uint32_t best_end = (uint32_t)(i + 1), best_val = v;
        for (size_t j = i + 2; j <= n && brute_han(cp[j - 1]); j++) {
            v = brute_entry(w, nw, cp + i, j - i);
            if (!v) continue;
            double r = log((double)(v & ~EG__LEX_NAME_BIT)) - log_total + route[j];
            if (r > best) {
                best = r;
                best_end = (uint32_t)j;
                best_val = v;
            }
        }
        route[i] = best;
        word_end[i] = best_end;
        word_val[i] = best_val;
    }
}

static void test_walk_brute_force(void **state)
{
    (void)state;
    uint64_t seed = 16;
    made_word *w = calloc(N_WORDS, sizeof *w);
    assert_non_null(w);
    char path[] = "/tmp/eg_test_lexicon_XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *fp = fdopen(fd, "w");
    assert_non_null(fp);
    for (size_t k = 0; k < N_WORDS; k++) {
        /* mostly short words, some up to 9 characters (one too many) */
        w[k].n = 1 + rnd(&seed) % 4;
        if (rnd(&seed) % 4 == 0) w[k].n += rnd(&seed) % 6;
        for (size_t i = 0; i < w[k].n; i++) w[k].cp[i] = ALPHABET[rnd(&seed) % N_HAN];
        uint32_t range = rnd(&seed) % 2 ? 100 : 300000;
        w[k].freq = 1 + rnd(&seed) % range;
        char word[64];
        size_t len = 0;
        for (size_t i = 0; i < w[k].n; i++) len += put_utf8(word + len, w[k].cp[i]);
        int name = rnd(&seed) % 5 == 0;
        fprintf(fp, "%.*s %u%s\n", (int)len, word, w[k].freq, name ? " nr" : " n");
        if (name) w[k].freq |= EG__LEX_NAME_BIT;
    }
    assert_int_equal(fclose(fp), 0);
    eg__lexicon *lx = NULL;
    assert_int_equal(eg__lexicon_load(&lx, path, NULL), EG_OK);
    unlink(path);
    /* the total is the sum of the entries that stand */
    uint64_t total = 0;
    size_t words = 0;
    for (size_t k = 0; k < N_WORDS; k++) {
        int later = 0;
        for (size_t m = k + 1; m < N_WORDS && !later; m++)
            later = w[m].n == w[k].n && !memcmp(w[m].cp, w[k].cp, w[k].n * sizeof *w[k].cp);
        if (later || w[k].n > EG__LEX_MAX_CHARS) continue;
        total += w[k].freq & ~EG__LEX_NAME_BIT;
        words++;
    }
    assert_int_equal(eg__lexicon_count(lx), words);
    double log_total = log((double)total);
    assert_true(eg__lexicon_log_total(lx) == log_total);

    /* and the image reads back as the same walk */
    size_t len = eg__lexicon_image_size(lx);
    uint64_t *img = calloc((len + 7) / 8, 8);
    assert_non_null(img);
    eg__lexicon_write_image(lx, img);
    eg__lexicon *back = NULL;
    assert_int_equal(eg__lexicon_from_image(img, len, &back), EG_OK);

    eg__seg g = {0};
    /* texts of up to 199 characters: the walks are made a block of
     * positions at a time (lexicon.c SEG_BLOCK, 64), so that some cross
     * two or three blocks' edges */
    uint32_t cp[200], word_end[201], word_val[201];
    double route[201];
    char text[1000];
    size_t long_words = 0;
    for (int round = 0; round < 3000; round++) {
        size_t n = rnd(&seed) % 200, tl = 0;
        /* text mostly made of the lexicon's words, so that walks go deep */
        for (size_t i = 0; i < n;) {
            if (rnd(&seed) % 3) {
                const made_word *m = &w[rnd(&seed) % N_WORDS];
                for (size_t c = 0; c < m->n && i < n; c++) cp[i++] = m->cp[c];
            } else {
                cp[i++] = ALPHABET[rnd(&seed) % (sizeof ALPHABET / sizeof *ALPHABET)];
            }
        }
        if (round % 8 == 0 && n > 80) {
            /* a run of other characters longer than one such word (64) */
            size_t from = rnd(&seed) % (n - 80), run = 65 + rnd(&seed) % 15;
            for (size_t i = from; i < from + run; i++) cp[i] = rnd(&seed) % 2 ? 'a' : 0xFF0C;
        }
        for (size_t i = 0; i < n; i++) tl += put_utf8(text + tl, cp[i]);
        brute_path(w, N_WORDS, log_total, cp, n, route, word_end, word_val);
        for (int which = 0; which < 2; which++) {
            assert_int_equal(eg__lexicon_segment(which ? back : lx, text, tl, NULL, 0, &g), EG_OK);
            assert_int_equal(g.n_chars, n);
            for (size_t i = 0; i < n; i++) {
                assert_int_equal(g.word_end[i], word_end[i]);
                assert_int_equal(g.word_val[i], word_val[i]);
                assert_true(g.route[i] == route[i]);
                long_words += which == 0 && word_end[i] > i + 2 && brute_han(cp[i]);
            }
        }
    }
    assert_true(long_words > 1000); /* the walks went past two characters */
    eg__seg_free(&g);
    eg__lexicon_free(back);
    free(img);
    eg__lexicon_free(lx);
    free(w);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_load_and_lookup),
        cmocka_unit_test(test_prefetch_is_a_hint),
        cmocka_unit_test(test_best_path),
        cmocka_unit_test(test_path_entries),
        cmocka_unit_test(test_image),
        cmocka_unit_test(test_words_again),
        cmocka_unit_test(test_common_names),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_walk_brute_force),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
