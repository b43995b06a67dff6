/* Text module: with decode.c, the only user of ICU. */
#include <stdlib.h>
#include <string.h>

#include <unicode/ubrk.h>
#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/ustring.h>
#include <unicode/utext.h>
#include <unicode/utrans.h>

#include "entgraph/text.h"
#include "internal.h"
#include "recognize.h"
#include "util.h"

struct eg_text {
    const UNormalizer2 *nfkc_cf; /* owned by ICU, never closed */
    UBreakIterator *sentences;
    UChar *u16;        /* scratch for normalising one chunk */
    size_t u16_cap;
    UChar *u16_out;
    size_t u16_out_cap;
    /* Traditional → Simplified, when set */
    UTransliterator *t2s;
    uint32_t *t2s_bmp; /* per BMP code point: 0 unknown, else T2S_KNOWN | result */
    uint64_t *t2s_self; /* a bit per BMP code point: t2s_bmp says it converts to itself */
    uint32_t *conv;    /* scratch: the converted code points of one run */
    uint32_t *conv_src; /* and the original code point each came from */
    size_t conv_cap;
    /* scratch for sentences: the text in UTF-16, and the byte offset in
     * the UTF-8 text of each unit */
    UChar *s16;
    uint32_t *s16_at;
    size_t s16_cap, s16_at_cap;
    /* per BMP code point, learnt from ICU as the text goes: whether
     * NFKC_Casefold has a boundary before it, and what it becomes alone
     * when that is one code point (NORM1_*; NULL when out of memory) */
    uint32_t *norm1;
    /* per BMP code point, its Sentence_Break class + 1 as ICU gave it, 0
     * before it is asked (NULL when out of memory) */
    uint8_t *sb_class;
};

#define NORM1_BOUNDARY_KNOWN 0x80000000u
#define NORM1_BOUNDARY 0x40000000u
#define NORM1_ALONE_KNOWN 0x20000000u
#define NORM1_ALONE_MANY 0x10000000u /* becomes several code points, or none */
#define NORM1_CP 0x001FFFFFu

/* t2s_bmp: the one code point a character converts to, or T2S_MANY when
 * it converts to several (then ICU is asked each time). */
#define T2S_KNOWN 0x80000000u
#define T2S_MANY 0xFFFFFFFFu

/* ICU reports running out of memory like any other failure. */
static eg_status icu_status(UErrorCode uerr)
{
    return uerr == U_MEMORY_ALLOCATION_ERROR ? EG_ENOMEM : EG_EDEP;
}

eg_status eg_text_new(eg_text **out, eg_error *err)
{
    UErrorCode uerr = U_ZERO_ERROR;
    eg_text *t = calloc(1, sizeof *t);
    if (!t) return eg__error(err, EG_ENOMEM, NULL, 0, 0, "out of memory");
    t->nfkc_cf = unorm2_getNFKCCasefoldInstance(&uerr);
    if (U_FAILURE(uerr)) {
        eg__error(err, icu_status(uerr), NULL, 0, 0, "ICU: cannot open the NFKC_Casefold normaliser: %s",
                  u_errorName(uerr));
        goto fail;
    }
    t->sentences = ubrk_open(UBRK_SENTENCE, "zh", NULL, 0, &uerr);
    if (U_FAILURE(uerr)) {
        eg__error(err, icu_status(uerr), NULL, 0, 0, "ICU: cannot open the sentence break iterator: %s",
                  u_errorName(uerr));
        goto fail;
    }
    *out = t;
    return EG_OK;
fail:
    eg_text_free(t);
    return icu_status(uerr);
}

void eg_text_free(eg_text *t)
{
    if (!t) return;
    if (t->sentences) ubrk_close(t->sentences);
    if (t->t2s) utrans_close(t->t2s);
    free(t->t2s_bmp);
    free(t->t2s_self);
    free(t->conv);
    free(t->conv_src);
    free(t->u16);
    free(t->u16_out);
    free(t->s16);
    free(t->s16_at);
    free(t->norm1);
    free(t->sb_class);
    free(t);
}

int eg_text_is_han(uint32_t c) { return eg__is_han(c); }

int eg_text_is_space(uint32_t c)
{
    return c == ' ' || c == '\t' || c == '\f' || c == '\v' || c == 0x3000 || c == 0xA0 ||
           c == 0xFEFF || (c >= 0x2000 && c <= 0x200B) || c == 0x202F || c == 0x205F;
}

/* ---- decoding ---------------------------------------------------------- */

/* Arrays grow by eg__grow_array (util.h), from 64 elements. */
static int grow(void **p, size_t *cap, size_t need, size_t elem)
{
    return eg__grow_array(p, cap, need, elem, 64);
}

eg_status eg_text_decode(const char *s, size_t len, eg_codepoints *cps)
{
    cps->len = 0;
    cps->invalid = 0;
    cps->first_invalid = 0;
    size_t cap = cps->cap, cap2 = cps->cap;
    if (grow((void **)&cps->cp, &cap, len + 1, sizeof *cps->cp)) return EG_ENOMEM;
    if (grow((void **)&cps->byte, &cap2, len + 1, sizeof *cps->byte)) return EG_ENOMEM;
    cps->cap = cap < cap2 ? cap : cap2;
    /* (the arrays, the count and the index in locals: the slow path's
     * call would otherwise have them read back from memory at every
     * character; and eg__utf8_decode's fast paths written out here, so
     * that only the slow path's call takes the index's address, which
     * kept it in memory at every character) */
    uint32_t *cp = cps->cp;
    size_t *byte = cps->byte, n = 0, i = 0;
    while (i < len) {
        const unsigned char *p = (const unsigned char *)s + i;
        uint32_t c;
        size_t next;
        if (p[0] < 0x80) {
            c = p[0];
            next = i + 1;
        } else if (eg__utf8_plain3(p, len - i)) {
            c = ((uint32_t)(p[0] & 0x0F) << 12) | ((uint32_t)(p[1] & 0x3F) << 6) | (p[2] & 0x3F);
            next = i + 3;
        } else {
            int bad = 0;
            next = i;
            c = eg__utf8_decode_slow(s, len, &next, &bad);
            if (bad && !cps->invalid++) cps->first_invalid = i;
        }
        byte[n] = i;
        cp[n++] = c;
        i = next;
    }
    byte[n] = len;
    cps->len = n;
    return EG_OK;
}

void eg_codepoints_destroy(eg_codepoints *cps)
{
    free(cps->cp);
    free(cps->byte);
    memset(cps, 0, sizeof *cps);
}

/* ---- layout ------------------------------------------------------------ */

static int is_final_punct(uint32_t c)
{
    switch (c) {
    case 0x3002: /* 。 */ case 0xFF01: case 0xFF1F: case '!': case '?': case '.':
    case 0x2026: /* … */ case 0x201D: /* ” */ case 0x2019: case 0x300D: case 0x300F:
    case 0xFF09: case ')': case 0x3011: case 0xFF0E: case 0x300B: /* 》 */
        return 1;
    }
    return 0;
}

static int is_cjk_punct(uint32_t c)
{
    return (c >= 0x3000 && c <= 0x303F) || (c >= 0xFF00 && c <= 0xFF0F) ||
           (c >= 0xFF1A && c <= 0xFF20) || (c >= 0x2010 && c <= 0x2027);
}

/* May a line ending in c continue on the next line? */
static int continues_after(uint32_t c)
{
    if (is_final_punct(c)) return 0;
    return eg__is_han(c) || is_cjk_punct(c) || c == ',' || c == ';' || c == ':' ||
           (c >= '0' && c <= '9');
}

static int continues_before(uint32_t c)
{
    return eg__is_han(c) || is_cjk_punct(c) || (c >= '0' && c <= '9') ||
           (c >= 0xFF10 && c <= 0xFF19);
}

enum { BODY_LINE_MIN = 24 };

int eg_text_line_ends_paragraph(const char *s, size_t len)
{
    size_t n = 0, first = (size_t)-1, last = 0;
    uint32_t last_c = 0;
    for (size_t i = 0; i < len; n++) {
        uint32_t c = eg__utf8_decode(s, len, &i, NULL);
        if (eg_text_is_space(c) || c == '\r' || c == '\n') continue;
        if (first == (size_t)-1) first = n;
        last = n;
        last_c = c;
    }
    if (first == (size_t)-1) return 1;
    return !(last + 1 - first >= BODY_LINE_MIN && continues_after(last_c));
}

eg_status eg_text_layout(const uint32_t *cp, size_t n, int reflow, eg_layout *L)
{
    L->n_pieces = 0;
    L->n_pars = 0;
    L->joins = 0;
    size_t i = 0;
    int blank_run = 0;    /* line breaks since the last non-blank line */
    int can_join = 0;     /* the last non-blank line may continue */
    while (i < n) {
        size_t b = i;
        while (i < n && cp[i] != '\n' && cp[i] != '\r') i++;
        size_t e = i;
        if (i < n) {
            if (cp[i] == '\r' && i + 1 < n && cp[i + 1] == '\n') i++;
            i++;
        }
        while (b < e && (eg_text_is_space(cp[b]) || cp[b] == 0xFEFF)) b++;
        while (e > b && eg_text_is_space(cp[e - 1])) e--;
        if (b == e) {
            blank_run++;
            continue;
        }
        int join = reflow && can_join && blank_run <= 1 && continues_before(cp[b]);
        if (grow((void **)&L->pieces, &L->cap_pieces, L->n_pieces + 1, sizeof *L->pieces))
            return EG_ENOMEM;
        if (!join) {
            if (grow((void **)&L->par_start, &L->cap_pars, L->n_pars + 2, sizeof *L->par_start))
                return EG_ENOMEM;
            L->par_start[L->n_pars++] = L->n_pieces;
        } else {
            L->joins++;
        }
        L->pieces[L->n_pieces].begin = (uint32_t)b;
        L->pieces[L->n_pieces].end = (uint32_t)e;
        L->n_pieces++;
        can_join = e - b >= BODY_LINE_MIN && continues_after(cp[e - 1]);
        blank_run = 0;
    }
    if (L->par_start) L->par_start[L->n_pars] = L->n_pieces;
    return EG_OK;
}

void eg_layout_destroy(eg_layout *L)
{
    free(L->pieces);
    free(L->par_start);
    memset(L, 0, sizeof *L);
}

/* ---- normalisation ----------------------------------------------------- */

void eg_normtext_clear(eg_normtext *nt) { nt->len = 0; }

void eg_normtext_destroy(eg_normtext *nt)
{
    free(nt->s);
    free(nt->from);
    free(nt->to);
    memset(nt, 0, sizeof *nt);
}

static int normtext_reserve(eg_normtext *nt, size_t extra)
{
    size_t need;
    if (eg__add_overflow(nt->len, extra + 1, &need)) return -1;
    if (need <= nt->cap) return 0;
    size_t cap = nt->cap, c1 = cap, c2 = cap;
    if (grow((void **)&nt->s, &cap, need, 1)) return -1;
    if (grow((void **)&nt->from, &c1, need, sizeof *nt->from)) return -1;
    if (grow((void **)&nt->to, &c2, need, sizeof *nt->to)) return -1;
    nt->cap = cap < c1 ? (cap < c2 ? cap : c2) : (c1 < c2 ? c1 : c2);
    return 0;
}

/* Appends c, from the original code points [from, to), to nt; and to ch
 * (when not NULL), at its byte offset in nt->s less base. */
static int emit(eg_normtext *nt, eg__chars *ch, size_t base, uint32_t c, uint32_t from, uint32_t to)
{
    if (normtext_reserve(nt, 4)) return -1;
    if (ch) {
        if (eg__chars_reserve(ch, ch->n + 1)) return -1;
        ch->c[ch->n] = c;
        ch->at[ch->n++] = nt->len - base;
    }
    size_t k = eg__utf8_put(c, nt->s + nt->len);
    for (size_t j = 0; j < k; j++) {
        nt->from[nt->len + j] = from;
        nt->to[nt->len + j] = to;
    }
    nt->len += k;
    nt->s[nt->len] = 0;
    return 0;
}

/* 丨 (U+4E28, a radical) stands in web headlines for the bar that
 * separates their parts (北京丨上海丨广州, 新闻丨…); as the ideograph it is,
 * it would join the names on both sides into one word. It becomes '|',
 * like the full-width ｜ that NFKC folds. */
#define SEPARATOR_BAR 0x4E28

/* Characters NFKC_Casefold leaves alone (or only lower-cases), and that
 * start a normalisation chunk: the hot path for Chinese text. All take one
 * byte (ASCII) or three in UTF-8 (normalize_run relies on it). */
static int fast_char(uint32_t c)
{
    return (c < 0x80) || (c >= 0x4E00 && c <= 0x9FFF && c != SEPARATOR_BAR) || (c >= 0x3400 && c <= 0x4DBF) ||
           (c >= 0x3001 && c <= 0x3029) || (c >= 0x3030 && c <= 0x3035);
}

eg_status eg_text_set_convert(eg_text *t, eg_convert c, eg_error *err)
{
    if (c == EG_CONVERT_NONE) {
        if (t->t2s) utrans_close(t->t2s);
        t->t2s = NULL;
        return EG_OK;
    }
    if (c != EG_CONVERT_T2S) return eg__error(err, EG_EINVAL, NULL, 0, 0, "unknown conversion");
    if (t->t2s) return EG_OK;
    UChar id[32];
    u_uastrcpy(id, "Traditional-Simplified");
    UErrorCode uerr = U_ZERO_ERROR;
    UTransliterator *tr = utrans_openU(id, -1, UTRANS_FORWARD, NULL, 0, NULL, &uerr);
    if (U_FAILURE(uerr))
        return eg__error(err, EG_EDEP, NULL, 0, 0,
                         "ICU: cannot open the Traditional-Simplified transliterator: %s",
                         u_errorName(uerr));
    if (!t->t2s_bmp) t->t2s_bmp = calloc(0x10000, sizeof *t->t2s_bmp);
    if (!t->t2s_self) t->t2s_self = calloc(0x10000 / 64, sizeof *t->t2s_self);
    if (!t->t2s_bmp || !t->t2s_self) {
        utrans_close(tr);
        return eg__error(err, EG_ENOMEM, NULL, 0, 0, "out of memory");
    }
    t->t2s = tr;
    return EG_OK;
}

/* Converts one Han character c with ICU into out (room for 8); returns
 * how many code points it became (c itself when ICU fails). */
static size_t t2s_icu(eg_text *t, uint32_t c, uint32_t *out)
{
    UChar buf[16];
    int32_t len = 0, limit;
    U16_APPEND_UNSAFE(buf, len, c);
    limit = len;
    UErrorCode uerr = U_ZERO_ERROR;
    utrans_transUChars(t->t2s, buf, &len, (int32_t)(sizeof buf / sizeof buf[0]), 0, &limit, &uerr);
    if (U_FAILURE(uerr) || len <= 0 || len > 16) {
        out[0] = c;
        return 1;
    }
    size_t n = 0;
    for (int32_t k = 0; k < len && n < 8;) {
        UChar32 oc;
        U16_NEXT(buf, k, len, oc);
        out[n++] = (uint32_t)oc;
    }
    return n;
}

/* The Traditional → Simplified form of c into out (room for 8). Only Han
 * characters and CJK punctuation (「」 → “”) are looked up. */
static size_t t2s_char(eg_text *t, uint32_t c, uint32_t *out)
{
    if (c <= 0xFFFF && (t->t2s_self[c >> 6] >> (c & 63) & 1)) { /* known to stay (t2s_self) */
        out[0] = c;
        return 1;
    }
    if (!eg__is_han(c) && !(c >= 0x3000 && c <= 0x303F)) {
        out[0] = c;
        return 1;
    }
    if (c > 0xFFFF) return t2s_icu(t, c, out);
    uint32_t v = t->t2s_bmp[c];
    if (v != 0 && v != T2S_MANY) {
        out[0] = v & ~T2S_KNOWN;
        return 1;
    }
    size_t n = t2s_icu(t, c, out);
    if (v == 0) {
        t->t2s_bmp[c] = n == 1 ? (T2S_KNOWN | out[0]) : T2S_MANY;
        if (n == 1 && out[0] == c) t->t2s_self[c >> 6] |= 1ull << (c & 63);
    }
    return n;
}

/* unorm2_hasBoundaryBefore, remembered per BMP code point. */
static int has_boundary_before(eg_text *t, uint32_t c)
{
    if (c < 0x10000 && t->norm1) {
        uint32_t v = t->norm1[c];
        if (v & NORM1_BOUNDARY_KNOWN) return (v & NORM1_BOUNDARY) != 0;
        int b = unorm2_hasBoundaryBefore(t->nfkc_cf, (UChar32)c) != 0;
        t->norm1[c] = v | NORM1_BOUNDARY_KNOWN | (b ? NORM1_BOUNDARY : 0);
        return b;
    }
    return unorm2_hasBoundaryBefore(t->nfkc_cf, (UChar32)c) != 0;
}

/* Normalises the code points cp[0..n); cp[k] came from the original code
 * point src[k] (src NULL: base + k). Each code point written is appended
 * to ch too (when not NULL), at its byte offset in nt->s less ch_base. */
static eg_status normalize_run(eg_text *t, const uint32_t *cp, const uint32_t *src, size_t base,
                               size_t n, eg_normtext *nt, eg__chars *ch, size_t ch_base)
{
#define ORIGIN(k) (src ? src[k] : (uint32_t)(base + (k)))
    size_t i = 0;
    if (!t->norm1) t->norm1 = calloc(0x10000, sizeof *t->norm1); /* a cache: NULL is fine */
    while (i < n) {
        /* the fast characters, written straight into room made once: one
         * byte (ASCII) or three (the rest of fast_char) each */
        if (normtext_reserve(nt, 3 * (n - i))) return EG_ENOMEM;
        if (ch && eg__chars_reserve(ch, ch->n + (n - i))) return EG_ENOMEM;
        /* (the arrays in locals: a store through char * may alias the
         * pointers in nt, which were read back after each byte; and each
         * character's fast_char is asked once, as the next one, then
         * carried over) */
        char *s = nt->s;
        uint32_t *from = nt->from, *to = nt->to, *chc = ch ? ch->c : NULL;
        size_t len = nt->len, *chat = ch ? ch->at : NULL, chn = ch ? ch->n : 0;
        int fast = fast_char(cp[i]);
        while (i < n) {
            uint32_t c = cp[i];
            int next_fast = i + 1 < n && fast_char(cp[i + 1]);
            if (!fast || !(i + 1 == n || next_fast || has_boundary_before(t, cp[i + 1]))) break;
            uint32_t o = ORIGIN(i);
            if (c < 0x80) {
                if (c >= 'A' && c <= 'Z') c += 'a' - 'A';
                if (chc) {
                    chc[chn] = c;
                    chat[chn++] = len - ch_base;
                }
                s[len] = (char)c;
                from[len] = o;
                to[len++] = o + 1;
            } else {
                if (chc) {
                    chc[chn] = c;
                    chat[chn++] = len - ch_base;
                }
                s[len] = (char)(0xE0 | c >> 12);
                s[len + 1] = (char)(0x80 | (c >> 6 & 0x3F));
                s[len + 2] = (char)(0x80 | (c & 0x3F));
                from[len] = from[len + 1] = from[len + 2] = o;
                to[len] = to[len + 1] = to[len + 2] = o + 1;
                len += 3;
            }
            fast = next_fast;
            i++;
        }
        nt->len = len;
        nt->s[len] = 0;
        if (ch) ch->n = chn;
        if (i == n) break;
        if (cp[i] == SEPARATOR_BAR) {
            if (emit(nt, ch, ch_base, '|', ORIGIN(i), ORIGIN(i) + 1)) return EG_ENOMEM;
            i++;
            continue;
        }
        size_t j = i + 1;
        while (j < n && !has_boundary_before(t, cp[j]))
            j++;
        /* what NFKC_Casefold removes at the end of the chunk (a zero-width
         * space or joiner, a soft hyphen) is no part of the character
         * before it: 王建国\u200b说 names 王建国, not 王建国 and the space */
        size_t z = j;
        while (z > i + 1 && u_hasBinaryProperty((UChar32)cp[z - 1], UCHAR_DEFAULT_IGNORABLE_CODE_POINT))
            z--;
        /* one code point alone (fullwidth punctuation, mostly): what ICU
         * made of it before, when that was one code point */
        uint32_t *known = j == i + 1 && cp[i] < 0x10000 && t->norm1 ? &t->norm1[cp[i]] : NULL;
        if (known && (*known & NORM1_ALONE_KNOWN) && !(*known & NORM1_ALONE_MANY)) {
            if (emit(nt, ch, ch_base, *known & NORM1_CP, ORIGIN(i), ORIGIN(i) + 1)) return EG_ENOMEM;
            i = j;
            continue;
        }
        /* UTF-16 for ICU: at most two units per code point. */
        size_t need = 2 * (j - i);
        if (grow((void **)&t->u16, &t->u16_cap, need, sizeof(UChar))) return EG_ENOMEM;
        int32_t ulen = 0;
        for (size_t k = i; k < j; k++) U16_APPEND_UNSAFE(t->u16, ulen, cp[k]);
        for (;;) {
            UErrorCode uerr = U_ZERO_ERROR;
            int32_t olen = unorm2_normalize(t->nfkc_cf, t->u16, ulen, t->u16_out,
                                            (int32_t)t->u16_out_cap, &uerr);
            if (uerr == U_BUFFER_OVERFLOW_ERROR) {
                if (grow((void **)&t->u16_out, &t->u16_out_cap, (size_t)olen + 1, sizeof(UChar)))
                    return EG_ENOMEM;
                continue;
            }
            if (U_FAILURE(uerr)) return EG_EDEP;
            size_t made = 0;
            UChar32 oc = 0;
            for (int32_t k = 0; k < olen;) {
                U16_NEXT(t->u16_out, k, olen, oc);
                if (emit(nt, ch, ch_base, (uint32_t)oc, ORIGIN(i), ORIGIN(z - 1) + 1)) return EG_ENOMEM;
                made++;
            }
            if (known && !(*known & NORM1_ALONE_KNOWN))
                *known |= NORM1_ALONE_KNOWN | (made == 1 ? (uint32_t)oc : NORM1_ALONE_MANY);
            break;
        }
        i = j;
    }
    return EG_OK;
#undef ORIGIN
}

eg_status eg_text_normalize_append(eg_text *t, const uint32_t *cp, size_t begin, size_t end,
                                   eg_normtext *nt)
{
    return eg__text_normalize_chars(t, cp, begin, end, nt, NULL, 0);
}

eg_status eg__text_normalize_chars(eg_text *t, const uint32_t *cp, size_t begin, size_t end, eg_normtext *nt,
                                   eg__chars *ch, size_t ch_base)
{
    if (!t->t2s) return normalize_run(t, cp + begin, NULL, begin, end - begin, nt, ch, ch_base);
    /* Text already in Simplified characters (the common case) converts to
     * itself: then normalise it in place, as if converted, rather than
     * copying every code point with its origin first. */
    size_t same = begin;
    while (same < end) {
        uint32_t c = cp[same];
        /* known to convert to itself (first: most characters are; the
         * bit, in 8 KB, rather than t2s_bmp's entry, in 256 KB) */
        if (c <= 0xFFFF && (t->t2s_self[c >> 6] >> (c & 63) & 1)) {
            same++;
            continue;
        }
        if (!eg__is_han(c) && !(c >= 0x3000 && c <= 0x303F)) {
            same++;
            continue;
        }
        uint32_t out[8];
        if (t2s_char(t, c, out) != 1 || out[0] != c) break;
        same++;
    }
    if (same == end) return normalize_run(t, cp + begin, NULL, begin, end - begin, nt, ch, ch_base);
    /* Convert first, remembering where each converted code point came
     * from; a character that becomes several maps them all to itself. */
    size_t m = 0;
    for (size_t i = begin; i < end; i++) {
        uint32_t out[8];
        size_t k = t2s_char(t, cp[i], out);
        size_t c1 = t->conv_cap, c2 = t->conv_cap;
        if (grow((void **)&t->conv, &c1, m + k, sizeof *t->conv) ||
            grow((void **)&t->conv_src, &c2, m + k, sizeof *t->conv_src))
            return EG_ENOMEM;
        t->conv_cap = c1 < c2 ? c1 : c2;
        for (size_t q = 0; q < k; q++) {
            t->conv[m] = out[q];
            t->conv_src[m++] = (uint32_t)i;
        }
    }
    return normalize_run(t, t->conv, t->conv_src, 0, m, nt, ch, ch_base);
}

eg_status eg_text_normalize_utf8(eg_text *t, const char *s, size_t len, char **out,
                                 size_t *out_len)
{
    eg_codepoints cps = {0};
    eg_normtext nt = {0};
    eg_status st = eg_text_decode(s, len, &cps);
    if (st) goto fail;
    if (normtext_reserve(&nt, 0)) {
        st = EG_ENOMEM;
        goto fail;
    }
    nt.s[0] = 0;
    st = eg_text_normalize_append(t, cps.cp, 0, cps.len, &nt);
    if (st) goto fail;
    *out = nt.s;
    *out_len = nt.len;
    nt.s = NULL;
fail:
    eg_normtext_destroy(&nt);
    eg_codepoints_destroy(&cps);
    return st;
}

/* ---- sentences --------------------------------------------------------- */

/* Appends boundary b (a byte offset) to out; -1 when out of memory. */
static int push_end(size_t **out, size_t *cap, size_t *count, size_t b)
{
    if (grow((void **)out, cap, *count + 2, sizeof **out)) return -1;
    (*out)[(*count)++] = b;
    return 0;
}

/* Room in t->s16 and t->s16_at for a text of len bytes (at most len
 * UTF-16 units, and one offset more for the end); 0 when too long or out
 * of memory. */
static int utf16_room(eg_text *t, size_t len)
{
    return len < INT32_MAX / 2 && !grow((void **)&t->s16, &t->s16_cap, len + 1, sizeof *t->s16) &&
           !grow((void **)&t->s16_at, &t->s16_at_cap, len + 1, sizeof *t->s16_at);
}

/* Appends code point c, which starts at byte at, to t->s16 at unit *k
 * (and its offset to t->s16_at). */
static void utf16_put(eg_text *t, int32_t *k, uint32_t c, size_t at)
{
    if (c < 0x10000) {
        t->s16[*k] = (UChar)c;
        t->s16_at[(*k)++] = (uint32_t)at;
    } else {
        t->s16[*k] = (UChar)(0xD7C0 + (c >> 10));
        t->s16[*k + 1] = (UChar)(0xDC00 | (c & 0x3FF));
        t->s16_at[(*k)++] = (uint32_t)at;
        t->s16_at[(*k)++] = (uint32_t)at; /* no break falls inside a pair */
    }
}

/* s in UTF-16 in t->s16 (and the byte offset of each unit in t->s16_at,
 * one more for the end); 0 when s is not valid UTF-8 (or too long), which
 * ICU's UTF-8 text then reads its own way. */
static int sentences_utf16(eg_text *t, const char *s, size_t len, int32_t *n16)
{
    if (!utf16_room(t, len)) return 0;
    size_t i = 0;
    int32_t k = 0;
    while (i < len) {
        size_t j = i;
        int bad = 0;
        uint32_t c = eg__utf8_decode(s, len, &j, &bad);
        if (bad) return 0;
        utf16_put(t, &k, c, i);
        i = j;
    }
    t->s16_at[k] = (uint32_t)len;
    *n16 = k;
    return 1;
}

/* The sentence ends (byte offsets) of the len bytes of text in t->s16
 * (n16 units), the last at len, into *ends (malloc'd) and *n. */
static eg_status utf16_sentences(eg_text *t, int32_t n16, size_t len, size_t **ends, size_t *n)
{
    UErrorCode uerr = U_ZERO_ERROR;
    size_t *out = NULL, cap = 0, count = 0;
    /* The same text as UTF-16, which ICU reads much faster than UTF-8
     * through a UText; the boundaries map back to the same bytes. */
    ubrk_setText(t->sentences, t->s16, n16, &uerr);
    if (U_FAILURE(uerr)) return EG_EDEP;
    for (int32_t b = ubrk_next(t->sentences); b != UBRK_DONE; b = ubrk_next(t->sentences))
        if (push_end(&out, &cap, &count, t->s16_at[b])) goto nomem;
    if ((!count || out[count - 1] != len) && push_end(&out, &cap, &count, len)) goto nomem;
    *ends = out;
    *n = count;
    return EG_OK;
nomem:
    free(out);
    return EG_ENOMEM;
}

/* The Sentence_Break class of c; the CJK Unified Ideographs, most of
 * Chinese text, are OLetter, without asking ICU. */
static inline int sentence_class(eg_text *t, uint32_t c)
{
    if (c >= 0x4E00 && c <= 0x9FFF) return U_SB_OLETTER;
    if (c > 0xFFFF || !t->sb_class) return u_getIntPropertyValue((UChar32)c, UCHAR_SENTENCE_BREAK);
    if (!t->sb_class[c]) t->sb_class[c] = (uint8_t)(u_getIntPropertyValue((UChar32)c, UCHAR_SENTENCE_BREAK) + 1);
    return t->sb_class[c] - 1;
}

/* The sentence ends of cp[0..n) (at: their byte offsets, at[n] the end)
 * where ICU's sentence rules (UAX #29) give them without looking further:
 * a sentence ends only after a terminator (STerm: 。！？; ATerm: the
 * full stop) and the closing marks and spaces after it (SB9-SB11), when a
 * Han character (OLetter) follows, or the end; after a run without a full
 * stop also when a letter, a digit, any other character of class Other
 * or, after spaces, a closing mark follows. ICU's iterator took some 55
 * instructions a character of Chinese news; it is left the rest: 0
 * (nothing in *ends) for a text with a line or paragraph separator (SB4)
 * or a terminator's run followed by anything else (Extend and Format,
 * SB5; a letter after a full stop, SB7 and SB8; a comma or a colon,
 * SB8a). A full stop right before a digit (SB6: 3.5) ends nothing. 1 with
 * the ends as eg_text_sentences gives them, -1 when out of memory. */
static int plain_sentences(eg_text *t, const uint32_t *cp, const size_t *at, size_t n, size_t **ends, size_t *count)
{
    size_t *out = NULL, cap = 0, m = 0;
    for (size_t q = 0; q < n; q++) {
        if (cp[q] >= 0x4E00 && cp[q] <= 0x9FFF) continue;
        int sb = sentence_class(t, cp[q]);
        if (sb == U_SB_ATERM && q + 1 < n && sentence_class(t, cp[q + 1]) == U_SB_NUMERIC) continue; /* SB6 */
        if (sb == U_SB_CR || sb == U_SB_LF || sb == U_SB_SEP) goto icu;
        if (sb != U_SB_STERM && sb != U_SB_ATERM) continue;
        /* the terminators' run and the spaces after it */
        int aterm = sb == U_SB_ATERM;
        size_t r = q + 1;
        while (r < n && ((sb = sentence_class(t, cp[r])) == U_SB_STERM || sb == U_SB_ATERM || sb == U_SB_CLOSE)) {
            aterm |= sb == U_SB_ATERM;
            r++;
        }
        int spaces = 0;
        while (r < n && (sb = sentence_class(t, cp[r])) == U_SB_SP) r++, spaces = 1;
        /* a sentence ends there (SB11) before a Han character (OLetter),
         * and after no full stop before a letter, a digit, any other
         * character of class Other and, after spaces, a closing mark too
         * (SB7 and SB8 look past a full stop for a letter) */
        if (r < n && sb != U_SB_OLETTER &&
            (aterm || (sb != U_SB_OTHER && sb != U_SB_NUMERIC && sb != U_SB_LOWER && sb != U_SB_UPPER &&
                       !(spaces && sb == U_SB_CLOSE))))
            goto icu; /* SB5, SB7, SB8, SB8a */
        if (push_end(&out, &cap, &m, at[r])) {
            free(out);
            return -1;
        }
        q = r - 1;
    }
    if ((!m || out[m - 1] != at[n]) && push_end(&out, &cap, &m, at[n])) {
        free(out);
        return -1;
    }
    *ends = out;
    *count = m;
    return 1;
icu:
    free(out);
    return 0;
}

eg_status eg__text_sentences_decoded(eg_text *t, const char *s, const uint32_t *cp, const size_t *at, size_t n,
                                     size_t **ends, size_t *count)
{
    size_t len = at[n];
    int32_t k = 0;
    if (!t->sb_class) t->sb_class = calloc(0x10000, 1); /* a cache: NULL is fine */
    int plain = plain_sentences(t, cp, at, n, ends, count);
    if (plain) return plain > 0 ? EG_OK : EG_ENOMEM;
    if (!utf16_room(t, len)) return eg_text_sentences(t, s, len, ends, count);
    for (size_t q = 0; q < n; q++) utf16_put(t, &k, cp[q], at[q]);
    t->s16_at[k] = (uint32_t)len;
    return utf16_sentences(t, k, len, ends, count);
}

eg_status eg_text_sentences(eg_text *t, const char *s, size_t len, size_t **ends, size_t *n)
{
    eg_status st = EG_OK;
    UErrorCode uerr = U_ZERO_ERROR;
    size_t *out = NULL, cap = 0, count = 0;
    UText *ut = NULL;
    int32_t n16;
    *ends = NULL;
    *n = 0;
    if (len > INT32_MAX) return EG_ELIMIT;
    if (sentences_utf16(t, s, len, &n16)) return utf16_sentences(t, n16, len, ends, n);
    ut = utext_openUTF8(NULL, s, (int64_t)len, &uerr);
    if (U_FAILURE(uerr)) return EG_EDEP;
    ubrk_setUText(t->sentences, ut, &uerr);
    if (U_FAILURE(uerr)) {
        st = EG_EDEP;
        goto fail;
    }
    for (int32_t b = ubrk_next(t->sentences); b != UBRK_DONE; b = ubrk_next(t->sentences))
        if (push_end(&out, &cap, &count, (size_t)b)) {
            st = EG_ENOMEM;
            goto fail;
        }
    if ((!count || out[count - 1] != len) && push_end(&out, &cap, &count, len)) {
        st = EG_ENOMEM;
        goto fail;
    }
    *ends = out;
    *n = count;
    out = NULL;
fail:
    if (ut) {
        /* Detach the iterator from the text before the text goes away. */
        UErrorCode e2 = U_ZERO_ERROR;
        UText *empty = utext_openUTF8(NULL, "", 0, &e2);
        if (U_SUCCESS(e2)) ubrk_setUText(t->sentences, empty, &e2);
        utext_close(empty);
        utext_close(ut);
    }
    free(out);
    return st;
}

int eg_text_cp_width(uint32_t c)
{
    if (c < 0x20 || (c >= 0x7F && c <= 0x9F)) return 0;
    if (c > 0x10FFFF) return 1;
    UChar32 u = (UChar32)c;
    int8_t cat = (int8_t)u_charType(u);
    if (cat == U_NON_SPACING_MARK || cat == U_ENCLOSING_MARK || cat == U_FORMAT_CHAR ||
        u_hasBinaryProperty(u, UCHAR_DEFAULT_IGNORABLE_CODE_POINT))
        return 0;
    int ea = u_getIntPropertyValue(u, UCHAR_EAST_ASIAN_WIDTH);
    return ea == U_EA_WIDE || ea == U_EA_FULLWIDTH ? 2 : 1;
}

size_t eg_text_display_width(const char *s, size_t len)
{
    size_t i = 0, w = 0;
    while (i < len) w += (size_t)eg_text_cp_width(eg__utf8_decode(s, len, &i, NULL));
    return w;
}
