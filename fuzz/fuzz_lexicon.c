/* The word lexicon's two loaders: the text loader (WORD FREQ [TAG] lines,
 * eg__lexicon_load) and the image reader of compiled dictionaries
 * (eg__lexicon_from_image), then segmentation over made-up text.
 *
 * Input: one byte of mode, then the payload.
 *   mode bit 0 clear: the payload is a lexicon text file. When it loads,
 *     its image must read back (same counts, same segmentation), and a
 *     copy of the image with one byte changed (offset and value from the
 *     mode byte and the payload's length) must be refused or read safely.
 *   mode bit 0 set: the payload is an image, read in place.
 * Seeds: fuzz/corpus/lexicon/ (a small text lexicon; its image). */
#include "fuzz.h"

#include "entgraph/status.h"
#include "lexicon.h"

static const char text[] =
    "系统需要定期更新和维护。他在化工行业工作，ABC 公司 2024 年。全国办理此类案件";

/* Segments text and checks the promises of eg__seg; the cut vector. */
static void segment(const eg__lexicon *lx, uint8_t *cut_out, size_t *n_out)
{
    eg__seg g;
    memset(&g, 0, sizeof g);
    eg__seg_word extra[2] = {{2, 4, -3.0}, {40, 900, -1.0}}; /* the second beyond the text */
    eg_status st = eg__lexicon_segment(lx, text, sizeof text - 1, extra, 2, &g);
    FUZZ_CHECK(st == EG_OK || st == EG_ENOMEM);
    if (st == EG_OK) {
        FUZZ_CHECK(g.cut[0] == 1 && g.cut[g.n_chars] == 1);
        FUZZ_CHECK(g.at[g.n_chars] == sizeof text - 1);
        for (size_t i = 0; i < g.n_chars; i++)
            if (g.cut[i]) FUZZ_CHECK(g.word_end[i] > i && g.word_end[i] <= g.n_chars && g.cut[g.word_end[i]]);
        if (cut_out) {
            memcpy(cut_out, g.cut, g.n_chars + 1);
            *n_out = g.n_chars;
        }
    }
    char tags[sizeof text];
    st = eg__lexicon_bmes(lx, text, sizeof text - 1, tags, &g);
    FUZZ_CHECK(st == EG_OK || st == EG_ENOMEM);
    if (st == EG_OK)
        for (size_t i = 0; i < g.n_chars; i++) FUZZ_CHECK(strchr("BMES", tags[i]) && tags[i]);
    eg__seg_free(&g);
    (void)eg__lexicon_freq(lx, "更新", 6);
    (void)eg__lexicon_prefix(lx, "化工行业", 12);
}

/* An 8-aligned copy of p[0..len) (the image reader wants alignment). */
static uint64_t *aligned_copy(const void *p, size_t len)
{
    uint64_t *buf = malloc(len ? (len + 7) & ~(size_t)7 : 8);
    FUZZ_CHECK(buf);
    if (len) memcpy(buf, p, len);
    return buf;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!size) return 0;
    uint8_t mode = data[0];
    data++;
    size--;
    eg__lexicon *lx = NULL;
    if (mode & 1) {
        uint64_t *img = aligned_copy(data, size);
        eg_status st = eg__lexicon_from_image(img, size, &lx);
        FUZZ_CHECK(st == EG_OK || st == EG_EPARSE || st == EG_ENOMEM);
        FUZZ_CHECK((st == EG_OK) == (lx != NULL));
        if (lx) segment(lx, NULL, NULL);
        eg__lexicon_free(lx);
        free(img);
        return 0;
    }
    const char *path = fuzz_file("words.txt", data, size);
    if (!path) return 0;
    eg_error err;
    memset(&err, 0, sizeof err);
    eg_status st = eg__lexicon_load(&lx, path, &err);
    if (st) {
        FUZZ_CHECK(st == EG_EPARSE || st == EG_ENOMEM || st == EG_EIO || st == EG_ELIMIT);
        FUZZ_CHECK(err.message[0] && lx == NULL);
        return 0;
    }
    uint8_t cut_a[sizeof text + 1], cut_b[sizeof text + 1];
    size_t n_a = 0, n_b = 0;
    segment(lx, cut_a, &n_a);

    /* the image reads back as the same lexicon */
    size_t len = eg__lexicon_image_size(lx);
    uint64_t *img = malloc((len + 7) & ~(size_t)7);
    FUZZ_CHECK(img);
    eg__lexicon_write_image(lx, img);
    eg__lexicon *back = NULL;
    FUZZ_CHECK(eg__lexicon_from_image(img, len, &back) == EG_OK);
    FUZZ_CHECK(eg__lexicon_count(back) == eg__lexicon_count(lx));
    FUZZ_CHECK(eg__lexicon_log_total(back) == eg__lexicon_log_total(lx));
    segment(back, cut_b, &n_b);
    FUZZ_CHECK(n_a == n_b && !memcmp(cut_a, cut_b, n_a + 1));
    eg__lexicon_free(back);

    /* one byte changed: refused, or read without harm */
    size_t at = ((size_t)(mode >> 1) * 2654435761u + size) % len;
    ((unsigned char *)img)[at] ^= (unsigned char)(mode | 1);
    back = NULL;
    st = eg__lexicon_from_image(img, len, &back);
    FUZZ_CHECK(st == EG_OK || st == EG_EPARSE || st == EG_ENOMEM);
    if (back) segment(back, NULL, NULL);
    eg__lexicon_free(back);
    free(img);
    eg__lexicon_free(lx);
    return 0;
}
