/* The trained tagger: features, Viterbi decoding and the model file
 * (include/entgraph/tagger.h; training is tagger_train.c). */
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#if defined(__GNUC__) && defined(__x86_64__)
/* pmaxsd (SSE4.1) for the decoder, where the processor has it */
#define TAG_SSE41 1
#include <smmintrin.h>
/* vpmovsxbw for the emissions (AVX2), where the processor has it */
#define TAG_AVX2 1
#include <immintrin.h>
#endif
#endif

#include "entgraph/text.h"
#include "internal.h"
#include "recognize.h"
#include "tagger_impl.h"
#include "util.h"

/* ---- features ---------------------------------------------------------- */

/* Beyond the paragraph's ends. */
#define BOS 0x110000u
#define EOS 0x110001u

/* The row of template t with values a, b and c (each below 2^32): four
 * independent multiplications (they run side by side), mixed by one more;
 * the top bits are the row. Cheap (the tagger hashes some twenty features
 * a character) and spread enough that collisions cost little. The four
 * terms are XORed before the mixing, so a character's terms (its value
 * times H_A, plus H_B0 times H_B, ...) may be computed once and combined:
 * eg__tag_features does so for the characters of the window. */
#define H_T 0x9E3779B97F4A7C15ull
#define H_A 0xC2B2AE3D27D4EB4Full
#define H_B 0x165667B19E3779F9ull
#define H_C 0xD6E8FEB86659FD93ull
#define H_B0 0x5bd1e995u
#define H_C0 0x27d4eb2fu

static inline uint32_t row_mix(unsigned bits, uint64_t h)
{
    h ^= h >> 31;
    h *= 0x9FB21C651E98DF25ull;
    return (uint32_t)(h >> (64 - bits));
}

static inline uint32_t row_of(unsigned bits, uint64_t t, uint64_t a, uint64_t b, uint64_t c)
{
    return row_mix(bits, ((t + 1) * H_T) ^ (a * H_A) ^ ((b + H_B0) * H_B) ^ ((c + H_C0) * H_C));
}

/* A character's class: bits 0-2 the script (1 Han, 2 Latin, 3 digit, 4
 * Chinese numeral, 5 punctuation or space, 6 beyond the paragraph, 0
 * other), bit 3 a surname, bit 4 a transliteration character, bits 5-6
 * how likely a given-name character (Han only). Bit 7 (CLASS_COMPOUND, not
 * part of the class features) says that c may be part of a compound
 * surname, so that the pair is looked up only when both may. */
static unsigned char_class_bits(uint32_t c);
#define CLASS_COMPOUND 0x80u
#define CLASS_BITS 0x7Fu
static unsigned char_class_of(uint32_t c)
{
    if (c < BOS && eg__in_compound_surname(c)) return CLASS_COMPOUND | char_class_bits(c);
    return char_class_bits(c);
}

static unsigned char_class_bits(uint32_t c)
{
    if (c >= BOS) return 6;
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) return 2;
    if (c >= '0' && c <= '9') return 3;
    if (eg_text_is_han(c)) {
        static const char numerals[] = "〇零一二三四五六七八九十百千万亿两";
        for (size_t i = 0; numerals[i];) {
            size_t j = i;
            if (eg__utf8_decode(numerals, sizeof numerals - 1, &j, NULL) == c) return 4;
            i = j;
        }
        unsigned k = 1;
        if (eg__is_surname(c)) k |= 8;
        if (eg__is_translit(c)) k |= 16;
        double g = eg__given_name_likelihood(c);
        k |= (g >= 0.3 ? 3u : g >= 0.1 ? 2u : g >= 0.03 ? 1u : 0u) << 5;
        return k;
    }
    if (c < 0x80 || (c >= 0x2000 && c < 0x2070) || (c >= 0x3000 && c < 0x3040) || (c >= 0xFF00 && c < 0xFF66))
        return 5;
    if (c >= 0xC0 && c < 0x250) return 2;
    return 0;
}

/* char_class_of through the cache (NULL: none): the surname, transliteration
 * and given-name tables cost more than the rest of a character's features. */
static inline unsigned char_class(eg__tag_class_cache *cc, uint32_t c)
{
    if (!cc) return char_class_of(c);
    size_t slot = (c * 2654435761u) >> (32 - EG__TAG_CLASS_CACHE_BITS);
    if (cc->key[slot] != c + 1) {
        cc->key[slot] = c + 1;
        cc->value[slot] = (uint8_t)char_class_of(c);
    }
    return cc->value[slot];
}

/* Characters ahead whose class cache slot eg__tag_features_range asks the
 * caches for: the cache (80 KB) is out of the first level by the time a
 * paragraph's features are made (the weight rows pass through it), and
 * the lookup of the character entering the window was a third of the
 * function's time (perf, 20 MB of news), each waiting behind the last. */
#define CLASS_AHEAD 8

static inline void char_class_prefetch(const eg__tag_class_cache *cc, uint32_t c)
{
    size_t slot = (c * 2654435761u) >> (32 - EG__TAG_CLASS_CACHE_BITS);
    eg__prefetch_line(&cc->key[slot]);
    eg__prefetch_line(&cc->value[slot]);
}

static unsigned length_bucket(uint32_t n) { return n <= 4 ? n : n <= 6 ? 5 : n <= 9 ? 6 : 7; }

enum {
    T_BIAS = 1, T_UNI, T_BI, T_SKIP, T_TRI, T_CLASS3, T_CLASS5, T_SPAN, T_SPAN_CHAR, T_LEFT, T_RIGHT,
    T_NONE, T_COMPOUND, T_SEG, T_SEG3, T_TRANS, T_TRANS_NEXT, T_TRANS_DOT,
};

/* The marks that join the parts of a transliterated name (黑尔·毕什,
 * 马图特斯—胡安): middle dots of the several codes, and dashes, as they are
 * after NFKC (the full-width full stop is '.', the full-width hyphen '-'). */
static int is_name_joiner(uint32_t c)
{
    return c == 0xB7 || c == 0x2022 || c == 0x2027 || c == 0x30FB || c == '.' || c == '-' || c == 0x2010 ||
           c == 0x2013 || c == 0x2014;
}

int eg__tag_is_name_joiner(uint32_t c) { return is_name_joiner(c); }

#define CLASS_TRANSLIT 16u
/* How many transliteration characters stand side by side from i on (step
 * +1) or before it (step -1), at most 6. */
static unsigned translit_run(const uint32_t *cp, size_t n, size_t i, int step, eg__tag_class_cache *cc)
{
    unsigned k = 0;
    for (long j = (long)i; j >= 0 && (size_t)j < n && k < 6 && (char_class(cc, cp[j]) & CLASS_TRANSLIT); j += step)
        k++;
    return k;
}

void eg__tag_features(const eg__tag_input *in, unsigned bits, uint32_t *feat, uint8_t *nf, eg__tag_class_cache *cc)
{
    eg__tag_features_range(in, bits, 0, 0, in->n, feat, nf, cc);
}

void eg__tag_features_range(const eg__tag_input *in, unsigned bits, unsigned omit, size_t lo, size_t hi,
                            uint32_t *feat, uint8_t *nf, eg__tag_class_cache *cc)
{
    size_t n = in->n;
    const uint32_t *cp = in->cp;
    const uint8_t *seg = omit & EG_TAG_OMIT_SEG ? NULL : in->seg;
    /* the groups the model has (every one for omit 0). Left out, outer
     * moves the rows after it to lower slots: eg__tag_emit8's prefetch of
     * slots 5 and 9 then misses the new blocks (no other harm) */
    const int outer = !(omit & EG_TAG_OMIT_OUTER), skip_tri = !(omit & EG_TAG_OMIT_SKIP);
    const int class5 = !(omit & EG_TAG_OMIT_CLASS5), span_char = !(omit & EG_TAG_OMIT_SPAN_CHAR);
    const int edge = !(omit & EG_TAG_OMIT_EDGE);
    if (hi > n) hi = n;
    if (lo >= hi) return;
    /* from here on feat and nf are indexed by the character */
    feat -= lo * EG__TAG_MAXF;
    nf -= lo;
#define C(k) ((size_t)(k) < n ? cp[k] : (k) < 0 ? BOS : EOS)
#define CL(k) ((size_t)(k) < n ? char_class(cc, cp[k]) : 6u)
    unsigned cl_prev2 = CL((long)lo - 2), cl_prev = CL((long)lo - 1), cl = CL(lo), cl_next = CL(lo + 1);
    /* the window i-2 .. i+2: each character's code point and its terms of
     * row_of as a (ta) and as b (tb), computed once */
    uint32_t x[5];
    uint64_t ta[5], tb[5];
    for (long j = 0; j < 5; j++) {
        x[j] = C((long)lo + j - 2);
        ta[j] = x[j] * H_A;
        tb[j] = (x[j] + (uint64_t)H_B0) * H_B;
    }
    const uint32_t bias = row_of(bits, T_BIAS, 0, 0, 0);
    /* the rest of each template's terms: row_of(bits, t, a, b, c) is
     * row_mix of these XOR the characters' terms */
#define K(t, a, c) (((uint64_t)(t) + 1) * H_T ^ (uint64_t)(a) * H_A ^ ((uint64_t)(c) + H_C0) * H_C)
    /* A character's unigrams at offsets -2 .. +2 are the first five rows of
     * one block of eight (two cache lines, 128-byte aligned) and a
     * bigram's at its four offsets the four rows of one block of four (one
     * line): the character entering the window at i + 2 brings one new
     * block of each, the others were read at the characters before. */
    const uint64_t uni = K(T_UNI, 0, 0), bi = K(T_BI, 0, 0);
    const uint64_t skip = K(T_SKIP, 0, 0);
#undef K
    const unsigned ubits = bits - 3, bbits = bits - 2; /* blocks of eight and of four rows */
    /* the window's blocks: ub[j] of character x[j], bb[j] of the pair x[j], x[j + 1] */
    uint32_t ub[5], bb[4];
    for (unsigned j = 0; j < 5; j++) ub[j] = row_mix(ubits, uni ^ tb[j]) << 3;
    for (unsigned j = 0; j < 4; j++) bb[j] = row_mix(bbits, bi ^ ta[j] ^ tb[j + 1]) << 2;
    for (size_t i = lo; i < hi; i++) {
        uint32_t *f = feat + i * EG__TAG_MAXF;
        unsigned k = 0;
        if (cc && i + CLASS_AHEAD < n) char_class_prefetch(cc, cp[i + CLASS_AHEAD]);
        unsigned cl_next2 = i + 2 < n ? char_class(cc, cp[i + 2]) : 6;
        uint32_t m1 = x[1], c0 = x[2], p1 = x[3];
        f[k++] = bias;
        if (outer) f[k++] = ub[0] | 4; /* x[0] at offset -2 */
        f[k++] = ub[1] | 3;
        f[k++] = ub[2] | 2;
        f[k++] = ub[3] | 1;
        if (outer) f[k++] = ub[4] | 0; /* x[4] at +2 */
        if (outer) f[k++] = bb[0] | 3; /* the pair at -2, -1 */
        f[k++] = bb[1] | 2;
        f[k++] = bb[2] | 1;
        if (outer) f[k++] = bb[3] | 0; /* at +1, +2 */
        /* the skip bigram x[1] _ x[3] is row 0 of its block of eight, the
         * trigram x[1] x[2] x[3] one of the seven others, by its middle */
        if (skip_tri) {
            uint32_t blk = row_mix(ubits, skip ^ ta[1] ^ tb[3]) << 3;
            f[k++] = blk;
            f[k++] = blk | (1 + (uint32_t)(((uint64_t)(c0 * 0x9E3779B1u) * 7) >> 32));
        }
        {
            unsigned a = cl_prev2 & CLASS_BITS, b = cl_prev & CLASS_BITS, c = cl & CLASS_BITS, d = cl_next & CLASS_BITS,
                     e = cl_next2 & CLASS_BITS;
            f[k++] = row_of(bits, T_CLASS3, b, c, (uint64_t)d + 1);
            if (class5) f[k++] = row_of(bits, T_CLASS5, (a << 8) | b, (c << 8) | d, (uint64_t)e + 1);
        }
        /* a run of transliteration characters (the letters of a foreign
         * name): where the character stands in it and whether a joiner
         * (· or a dash) ties it to another run on either side; the
         * character right after the run (国 of 英国, 说, 杯); and a joiner
         * between two runs, with their lengths */
        if (cl & CLASS_TRANSLIT) {
            unsigned left = i > 0 ? translit_run(cp, n, i - 1, -1, cc) : 0;
            unsigned right = translit_run(cp, n, i + 1, +1, cc);
            size_t a = i - left, e = i + 1 + right;
            unsigned dl = a >= 2 && is_name_joiner(cp[a - 1]) && (char_class(cc, cp[a - 2]) & CLASS_TRANSLIT);
            unsigned dr = e + 1 < n && is_name_joiner(cp[e]) && (char_class(cc, cp[e + 1]) & CLASS_TRANSLIT);
            f[k++] = row_of(bits, T_TRANS, (left << 4) | right, dl | dr << 1, 0);
            if (right < 3)
                f[k++] = row_of(bits, T_TRANS_NEXT, right, e < n ? cp[e] : EOS, (uint64_t)(left > 2 ? 2 : left) + 1);
        } else if (is_name_joiner(c0) && (cl_prev & CLASS_TRANSLIT) && (cl_next & CLASS_TRANSLIT)) {
            unsigned left = translit_run(cp, n, i - 1, -1, cc), right = translit_run(cp, n, i + 1, +1, cc);
            f[k++] = row_of(bits, T_TRANS_DOT, left, right, 0);
        }
        if (i + 1 < n && (cl & cl_next & CLASS_COMPOUND) && eg__is_compound_surname(c0, p1))
            f[k++] = row_of(bits, T_COMPOUND, 0, 0, 0);
        else if (i > 0 && (cl_prev & cl & CLASS_COMPOUND) && eg__is_compound_surname(m1, c0))
            f[k++] = row_of(bits, T_COMPOUND, 1, 0, 0);
        if (seg) {
            /* the lexicon's word the character stands in: its place, length
             * and name mark, alone and with its neighbours'; and the
             * character at its place (B, E or S: rows 5-7 of the character's
             * unigram block, already read for its offsets -2 .. +2) */
            unsigned s0 = seg[i], sp = i > 0 ? seg[i - 1] : 0xFFu, sn = i + 1 < n ? seg[i + 1] : 0xFFu;
            f[k++] = row_of(bits, T_SEG, s0, 0, 0);
            f[k++] = row_of(bits, T_SEG3, sp, s0, (uint64_t)sn + 1);
            unsigned pos = EG__SEG_POS(s0);
            if (pos != EG__SEG_M) f[k++] = ub[2] | (pos == EG__SEG_B ? 5u : pos == EG__SEG_E ? 6u : 7u);
        }
        cl_prev2 = cl_prev;
        cl_prev = cl;
        cl = cl_next;
        cl_next = cl_next2;
        nf[i] = (uint8_t)k;
        /* the window moves on by one (written out: GCC made the loops
         * two calls of memmove a character) */
        x[0] = x[1], x[1] = x[2], x[2] = x[3], x[3] = x[4];
        ta[0] = ta[1], ta[1] = ta[2], ta[2] = ta[3], ta[3] = ta[4];
        tb[0] = tb[1], tb[1] = tb[2], tb[2] = tb[3], tb[3] = tb[4];
        ub[0] = ub[1], ub[1] = ub[2], ub[2] = ub[3], ub[3] = ub[4];
        bb[0] = bb[1], bb[1] = bb[2], bb[2] = bb[3];
        x[4] = C((long)i + 3);
        ta[4] = x[4] * H_A;
        tb[4] = (x[4] + (uint64_t)H_B0) * H_B;
        ub[4] = row_mix(ubits, uni ^ tb[4]) << 3;
        bb[3] = row_mix(bbits, bi ^ ta[3] ^ tb[4]) << 2;
    }
    /* the dictionary's and the rules' spans: what covers each character and
     * where in it, and what ends right before it or starts right after */
    for (size_t s = 0; s < in->n_spans; s++) {
        const eg__tag_span *sp = &in->spans[s];
        if (sp->start >= sp->end || sp->end > n || sp->end + 1 <= lo || sp->start >= hi + 1) continue;
        uint32_t len = sp->end - sp->start;
        uint64_t what = ((uint64_t)sp->kind << 8) | sp->src;
        for (size_t i = sp->start > lo ? sp->start : lo; i < sp->end && i < hi; i++) {
            unsigned pos = len == 1 ? 3 : i == sp->start ? 0 : i + 1 == sp->end ? 2 : 1;
            uint32_t *f = feat + i * EG__TAG_MAXF;
            if (nf[i] + 2 > EG__TAG_MAXF - 2) continue;
            f[nf[i]++] = row_of(bits, T_SPAN, what, (pos << 4) | length_bucket(len), 0);
            if (span_char) f[nf[i]++] = row_of(bits, T_SPAN_CHAR, what, pos, (uint64_t)cp[i] + 1);
        }
        if (!edge) continue;
        size_t before = (size_t)sp->start - 1, after = sp->end;
        if (sp->start > 0 && before >= lo && before < hi && nf[before] < EG__TAG_MAXF)
            feat[before * EG__TAG_MAXF + nf[before]++] = row_of(bits, T_RIGHT, what, 0, 0);
        if (after < n && after >= lo && after < hi && nf[after] < EG__TAG_MAXF)
            feat[after * EG__TAG_MAXF + nf[after]++] = row_of(bits, T_LEFT, what, 0, 0);
    }
#undef CL
#undef C
}

/* ---- the gate ------------------------------------------------------------ */

enum { G_UNI = 1, G_BI, G_TRI, G_CLASS3, G_CLASS5 };

/* The gate's rows. A character's unigrams (itself, the one before, the
 * one after) are rows 0-2 of one block of four (8 bytes) and a pair's
 * bigrams (at -1 0, 0 +1, -2 -1, +1 +2) the four rows of one block, so that
 * the character entering the window brings one new block of each. */
static inline uint32_t gate_uni(unsigned bits, uint64_t ta) { return row_mix(bits - 2, ((uint64_t)G_UNI + 1) * H_T ^ ta) << 2; }
static inline uint32_t gate_bi(unsigned bits, uint64_t ta, uint64_t tb)
{
    return row_mix(bits - 2, ((uint64_t)G_BI + 1) * H_T ^ ta ^ tb) << 2;
}
static inline uint32_t gate_tri(unsigned bits, uint64_t ta, uint64_t tb, uint64_t tc)
{
    return row_mix(bits, ((uint64_t)G_TRI + 1) * H_T ^ ta ^ tb ^ tc);
}
/* The classes (CLASS_BITS) of the characters i-1 .. i+1 and i-2 .. i+2
 * (a surname, a transliteration character, how likely in a given name
 * ...: what n-grams of rare characters cannot say), packed a byte each. */
static inline uint32_t gate_class3(unsigned bits, uint64_t k3) { return row_mix(bits, ((uint64_t)G_CLASS3 + 1) * H_T ^ k3 * H_A); }
static inline uint32_t gate_class5(unsigned bits, uint64_t k5) { return row_mix(bits, ((uint64_t)G_CLASS5 + 1) * H_T ^ k5 * H_A); }

void eg__tag_gate_features(const uint32_t *cp, size_t n, size_t i, unsigned bits, uint32_t *f,
                           eg__tag_class_cache *cc)
{
#define C(k) ((size_t)(k) < n ? cp[k] : (long)(k) < 0 ? BOS : EOS)
    uint64_t x[5], k5 = 0;
    for (long j = 0; j < 5; j++) {
        x[j] = C((long)i + j - 2);
        k5 = k5 << 8 | (x[j] < BOS ? char_class(cc, (uint32_t)x[j]) & CLASS_BITS : 6u);
    }
#undef C
#define A(j) (x[j] * H_A)
#define B(j) ((x[j] + (uint64_t)H_B0) * H_B)
    f[0] = gate_uni(bits, A(2)) | 0;
    f[1] = gate_uni(bits, A(1)) | 1;
    f[2] = gate_uni(bits, A(3)) | 2;
    f[3] = gate_bi(bits, A(1), B(2)) | 0;
    f[4] = gate_bi(bits, A(2), B(3)) | 1;
    f[5] = gate_bi(bits, A(0), B(1)) | 2;
    f[6] = gate_bi(bits, A(3), B(4)) | 3;
    f[7] = gate_tri(bits, A(1), B(2), (x[3] + (uint64_t)H_C0) * H_C);
    f[8] = gate_class3(bits, k5 >> 8 & 0xFFFFFFu);
    f[9] = gate_class5(bits, k5);
#undef A
#undef B
}

/* Does the gate let clause a .. z - 1 through on its characters alone?
 * Its rows are eg__tag_gate_features', each character's block and each
 * pair's computed once as the window moves. */
#define GATE_PIECE 32

static int gate_opens(const eg_tagger *t, const uint32_t *cp, size_t n, size_t a, size_t z, eg__tag_class_cache *cc)
{
    const unsigned bits = t->gate_bits;
    const int16_t *g = t->gate;
#define C(k) ((size_t)(k) < n ? cp[k] : (long)(k) < 0 ? BOS : EOS)
#define CL(k) ((size_t)(k) < n ? char_class(cc, cp[k]) & CLASS_BITS : 6u)
    /* the window a-2 .. a+2: terms, unigram blocks, pair blocks, classes */
    uint64_t ta[5], tb[5], k5 = 0;
    uint32_t ub[5], bb[4];
    for (long j = 0; j < 5; j++) {
        uint64_t x = C((long)a + j - 2);
        ta[j] = x * H_A;
        tb[j] = (x + (uint64_t)H_B0) * H_B;
        ub[j] = gate_uni(bits, ta[j]);
        k5 = k5 << 8 | CL((long)a + j - 2);
    }
    for (unsigned j = 0; j < 4; j++) bb[j] = gate_bi(bits, ta[j], tb[j + 1]);
    /* a piece of the clause at a time: its rows first, each asked of the
     * caches as it is found, then their sums, so that the reads of the
     * table (most of the gate's time) wait side by side, not in turn */
    uint32_t row[GATE_PIECE][EG__GATE_F];
    for (size_t lo = a; lo < z; lo += GATE_PIECE) {
        size_t hi = z - lo > GATE_PIECE ? lo + GATE_PIECE : z;
        for (size_t i = lo; i < hi; i++) {
            uint32_t *r = row[i - lo];
            uint64_t tc = ((uint64_t)C(i + 1) + (uint64_t)H_C0) * H_C;
            r[0] = ub[2];
            r[1] = ub[1] | 1;
            r[2] = ub[3] | 2;
            r[3] = bb[1];
            r[4] = bb[2] | 1;
            r[5] = bb[0] | 2;
            r[6] = bb[3] | 3;
            r[7] = gate_tri(bits, ta[1], tb[2], tc);
            r[8] = gate_class3(bits, k5 >> 8 & 0xFFFFFFu);
            r[9] = gate_class5(bits, k5);
            eg__prefetch_line(&g[r[7]]);
            eg__prefetch_line(&g[r[8]]);
            eg__prefetch_line(&g[r[9]]);
            if (cc && i + CLASS_AHEAD < n) char_class_prefetch(cc, cp[i + CLASS_AHEAD]);
            k5 = (k5 << 8 | CL((long)i + 3)) & 0xFFFFFFFFFFull;
            for (unsigned j = 0; j < 4; j++) {
                ta[j] = ta[j + 1];
                tb[j] = tb[j + 1];
                ub[j] = ub[j + 1];
            }
            bb[0] = bb[1], bb[1] = bb[2], bb[2] = bb[3];
            uint64_t x = C((long)i + 3);
            ta[4] = x * H_A;
            tb[4] = (x + (uint64_t)H_B0) * H_B;
            ub[4] = gate_uni(bits, ta[4]);
            bb[3] = gate_bi(bits, ta[3], tb[4]);
            eg__prefetch_line(&g[ub[4]]);
            eg__prefetch_line(&g[bb[3]]);
        }
        for (size_t i = lo; i < hi; i++) {
            const uint32_t *r = row[i - lo];
            int32_t sum = 0;
            for (unsigned k = 0; k < EG__GATE_F; k++) sum += g[r[k]];
            if (sum >= t->gate_threshold) return 1;
        }
    }
#undef CL
#undef C
    return 0;
}

int eg__tag_gate_opens(const eg_tagger *t, const uint32_t *cp, size_t n, size_t a, size_t z, eg__tag_class_cache *cc)
{
    return t->gate_bits && gate_opens(t, cp, n, a, z, cc);
}

void eg__tag_spanned_clauses(const eg__tag_input *in, uint8_t *spanned)
{
    size_t n = in->n;
    memset(spanned, 0, n);
    for (size_t k = 0; k < in->n_spans; k++)
        for (size_t i = in->spans[k].start; i < in->spans[k].end && i < n; i++) spanned[i] = 1;
    for (size_t i = 0, a = 0; i < n; i++) {
        if (!eg__tag_clause_end(in->cp, n, i)) continue;
        memset(spanned + a, memchr(spanned + a, 1, i + 1 - a) != NULL, i + 1 - a);
        a = i + 1;
    }
}

/* The whole input of n characters as the one region of s. */
static void whole_region(eg__tag_scratch *s, size_t n)
{
    s->reg[0] = 0;
    s->reg[1] = (uint32_t)n;
    s->n_reg = n ? 1 : 0;
}

void eg__tagger_regions(const eg_tagger *t, int gate, eg__tag_scratch *s, const eg__tag_input *in)
{
    size_t n = in->n, nr = 0;
    uint32_t *reg = s->reg;
    if (!t || !gate || !t->gate_bits) {
        whole_region(s, n);
        return;
    }
    uint8_t *spanned = s->cov;
    eg__tag_spanned_clauses(in, spanned);
    const uint32_t *cp = in->cp;
    size_t a = 0;
    for (size_t i = 0; i < n; i++) {
        if (!eg__tag_clause_end(cp, n, i)) continue;
        size_t z = i + 1;
        if (spanned[a] || gate_opens(t, cp, n, a, z, &s->classes)) {
            if (nr && reg[2 * nr - 1] == a) reg[2 * nr - 1] = (uint32_t)z;
            else {
                reg[2 * nr] = (uint32_t)a;
                reg[2 * nr + 1] = (uint32_t)z;
                nr++;
            }
        }
        a = z;
    }
    s->n_reg = nr;
}

/* Characters ahead whose weight rows eg__tag_emit8 asks the caches for.
 * Cycles of eg__tag_emit8 a character on 20 MB of Sogou news (rdtsc about
 * each call, distances taking turns by paragraph in one run, load 8):
 * none 164-188, 2 123-137, 4 103-114, 8 72-97, 12 72-82, 24 75-93; asking
 * for every row, not only the new blocks, 85-100 at 8 and 12. */
#ifndef TAG_PREFETCH
#define TAG_PREFETCH 8
#endif

/* ---- decoding ------------------------------------------------------------ */

int eg__tag_allowed(unsigned a, unsigned b)
{
    /* inside a name (B or I of type t) only I or E of t may follow */
    if (a != EG__TAG_LABELS && a != 0) {
        unsigned pa = (a - 1) % 4, ta = (a - 1) / 4;
        if (pa == 0 || pa == 1) return b != 0 && (b - 1) / 4 == ta && ((b - 1) % 4 == 1 || (b - 1) % 4 == 2);
    }
    /* outside: O, B or S */
    return b == 0 || (b - 1) % 4 == 0 || (b - 1) % 4 == 3;
}

void eg__tag_add_start_bias(int32_t *trans, const int32_t bias[3])
{
    for (unsigned t = 0; t < 3; t++) {
        for (unsigned y = 1 + 4 * t; y <= 4 + 4 * t; y += 3) { /* B, S */
            for (unsigned p = 0; p <= EG__TAG_LABELS; p++) {
                if (!eg__tag_allowed(p, y)) continue;
                int64_t v = (int64_t)trans[p * EG__TAG_ROW + y] + bias[t];
                trans[p * EG__TAG_ROW + y] = (int32_t)(v > EG__TAG_MAX_TRANS    ? EG__TAG_MAX_TRANS
                                                       : v < -EG__TAG_MAX_TRANS ? -EG__TAG_MAX_TRANS
                                                                                : v);
            }
        }
    }
}

#define NEG_INF (INT64_MIN / 4)

/* Of the labels, those a name may not be inside of before them (O, E, S)
 * and those that may come after them (O, B, S); I and E of a type follow
 * its B or I. The loops below visit predecessors in ascending order and
 * keep the first best, as a loop over all allowed pairs would. */
static const uint8_t outside_prev[7] = {0, 3, 4, 7, 8, 11, 12};
static const uint8_t outside_next[7] = {0, 1, 4, 5, 8, 9, 12};

void eg__tag_viterbi(const int32_t *emit, size_t n, const int32_t *trans, const int32_t *last,
                     uint8_t *back, uint8_t *labels)
{
    int64_t cur[EG__TAG_ROW], nxt[EG__TAG_ROW];
    if (!n) return;
    for (unsigned y = 0; y < EG__TAG_LABELS; y++)
        cur[y] = eg__tag_allowed(EG__TAG_LABELS, y) ? (int64_t)trans[EG__TAG_LABELS * EG__TAG_ROW + y] + emit[y] : NEG_INF;
    for (size_t i = 1; i < n; i++) {
        const int32_t *e = emit + i * EG__TAG_ROW;
        uint8_t *bk = back + i * EG__TAG_ROW;
        /* O, B and S: the best of O, E and S before; predecessors outer,
         * so that the seven targets are updated side by side, branch-free */
        int64_t best[7];
        uint8_t arg[7];
        for (unsigned k = 0; k < 7; k++) {
            best[k] = cur[0] + trans[outside_next[k]];
            arg[k] = 0;
        }
        for (unsigned q = 1; q < 7; q++) {
            unsigned p = outside_prev[q];
            const int32_t *tr = trans + p * EG__TAG_ROW;
            for (unsigned k = 0; k < 7; k++) {
                int64_t v = cur[p] + tr[outside_next[k]];
                int better = v > best[k];
                best[k] = better ? v : best[k];
                arg[k] = better ? (uint8_t)p : arg[k];
            }
        }
        for (unsigned k = 0; k < 7; k++) {
            nxt[outside_next[k]] = best[k] + e[outside_next[k]];
            bk[outside_next[k]] = arg[k];
        }
        for (unsigned t = 0; t < 3; t++) {
            unsigned bl = 1 + 4 * t, il = 2 + 4 * t;
            for (unsigned y = il; y <= il + 1; y++) { /* I and E */
                int64_t vb = cur[bl] + trans[bl * EG__TAG_ROW + y], vi = cur[il] + trans[il * EG__TAG_ROW + y];
                int from_i = vi > vb;
                nxt[y] = (from_i ? vi : vb) + e[y];
                bk[y] = (uint8_t)(from_i ? il : bl);
            }
        }
        for (unsigned y = 0; y < EG__TAG_LABELS; y++) cur[y] = nxt[y] < NEG_INF ? NEG_INF : nxt[y];
    }
    int64_t best = NEG_INF;
    unsigned arg = 0;
    for (unsigned k = 0; k < 7; k++) {
        /* the path must end outside a name: O, E or S */
        unsigned y = outside_prev[k];
        int64_t v = cur[y] + last[y];
        if (v > best) {
            best = v;
            arg = y;
        }
    }
    labels[n - 1] = (uint8_t)arg;
    for (size_t i = n - 1; i > 0; i--) labels[i - 1] = back[i * EG__TAG_ROW + labels[i]];
}

/* Scores relative to the best of the previous step stay within
 * [TAG_FLOOR, 0] plus one step's emission and transition, which the loader
 * bounds (EG__TAG_MAX_TRANS; 32 int8 emissions), so int32 cannot
 * overflow. A label that falls below TAG_FLOOR is that far behind the best
 * and is held there.
 *
 * The forward pass keeps only scores: score[(i - 1) * EG__TAG_ROW + y] is
 * the normalised score of label y at i - 1 that step i started from. The
 * way back finds each step's predecessor again from them, for the one
 * label the path takes, visiting predecessors in ascending order and
 * keeping the first best, as a pass that kept back pointers for every
 * label would: the same path, with a seventh of the compare-and-selects. */
#define TAG_FLOOR (-(1 << 29))

/* The predecessor of label y at step i + 1 given the scores c at i. */
static inline unsigned best_prev(const int32_t *c, const int32_t *trans, unsigned y)
{
    if (y && ((y - 1) % 4 == 1 || (y - 1) % 4 == 2)) { /* I or E: from B or I of its type */
        unsigned bl = 1 + 4 * ((y - 1) / 4), il = bl + 1;
        int32_t vb = c[bl] + trans[bl * EG__TAG_ROW + y], vi = c[il] + trans[il * EG__TAG_ROW + y];
        return vi > vb ? il : bl;
    }
    /* O, E or S before, in ascending order, written out (the loop over
     * outside_prev cost twice the instructions) */
    unsigned arg = 0;
    int32_t best = c[0] + trans[y];
#define TRY(p) \
    do { \
        int32_t v = c[p] + trans[(p) * EG__TAG_ROW + y]; \
        arg = v > best ? (p) : arg; \
        best = v > best ? v : best; \
    } while (0)
    TRY(3);
    TRY(4);
    TRY(7);
    TRY(8);
    TRY(11);
    TRY(12);
#undef TRY
    return arg;
}

#if defined(__SSE2__)
/* max of int32 lanes (SSE2 has no pmaxsd) */
static inline __m128i max32(__m128i a, __m128i b)
{
    __m128i gt = _mm_cmpgt_epi32(a, b);
    return _mm_or_si128(_mm_and_si128(gt, a), _mm_andnot_si128(gt, b));
}
/* The lane-wise max of x[i] + t[i][k] over the seven i, as a tree (depth 3) rather than a chain
 * (depth 6): the maxes lie on the path from one step to the next, and a
 * max of values is the same in any order. */
#define ADD_AT(x, t, i, k) _mm_add_epi32((x)[i], (t)[i][k])
#define MAX7_SUM(x, t, k, MAX32)                                                                                   \
    MAX32(MAX32(MAX32(ADD_AT(x, t, 0, k), ADD_AT(x, t, 1, k)), MAX32(ADD_AT(x, t, 2, k), ADD_AT(x, t, 3, k))),     \
          MAX32(MAX32(ADD_AT(x, t, 4, k), ADD_AT(x, t, 5, k)), ADD_AT(x, t, 6, k)))

/* The forward pass (cur: the scores at 0 in, at n - 1 out), its lanes'
 * max as MAX32: SSE2 has no pmaxsd, SSE4.1 has. */
#define FORWARD_BODY(MAX32) \
    /* the transitions among O, E, S (from) and O, B, S (to), as 7 rows of \
     * 8 lanes (to O B-PER S-PER B-LOC | S-LOC B-ORG S-ORG -), and into I \
     * and E from B and from I, in the labels' own lanes (rows 0-2) */ \
    __m128i tout[7][2], tb[3], ti[3]; \
    for (unsigned q = 0; q < 7; q++) { \
        int32_t r[8]; \
        for (unsigned k = 0; k < 7; k++) r[k] = trans[outside_prev[q] * EG__TAG_ROW + outside_next[k]]; \
        r[7] = 0; \
        tout[q][0] = _mm_loadu_si128((const __m128i *)(const void *)r); \
        tout[q][1] = _mm_loadu_si128((const __m128i *)(const void *)(r + 4)); \
    } \
    for (unsigned t = 0; t < 3; t++) { \
        unsigned bl = 1 + 4 * t, il = bl + 1; \
        int32_t rb[4] = {0, 0, trans[bl * EG__TAG_ROW + il], trans[bl * EG__TAG_ROW + il + 1]}; \
        int32_t ri[4] = {0, 0, trans[il * EG__TAG_ROW + il], trans[il * EG__TAG_ROW + il + 1]}; \
        tb[t] = _mm_loadu_si128((const __m128i *)(const void *)rb); \
        ti[t] = _mm_loadu_si128((const __m128i *)(const void *)ri); \
    } \
    const __m128i floor = _mm_set1_epi32(TAG_FLOOR); \
    __m128i c0 = _mm_loadu_si128((const __m128i *)(const void *)cur), c1 = _mm_loadu_si128((const __m128i *)(const void *)(cur + 4)), \
            c2 = _mm_loadu_si128((const __m128i *)(const void *)(cur + 8)), c3 = _mm_loadu_si128((const __m128i *)(const void *)(cur + 12)); \
    for (size_t i = 1; i < n; i++) { \
        /* the best of labels 0 .. 12, in every lane */ \
        __m128i m = MAX32(MAX32(c0, c1), MAX32(c2, _mm_shuffle_epi32(c3, 0))); \
        m = MAX32(m, _mm_shuffle_epi32(m, _MM_SHUFFLE(1, 0, 3, 2))); \
        m = MAX32(m, _mm_shuffle_epi32(m, _MM_SHUFFLE(2, 3, 0, 1))); \
        c0 = MAX32(_mm_sub_epi32(c0, m), floor); \
        c1 = MAX32(_mm_sub_epi32(c1, m), floor); \
        c2 = MAX32(_mm_sub_epi32(c2, m), floor); \
        c3 = MAX32(_mm_sub_epi32(c3, m), floor); \
        __m128i *sc = (__m128i *)(void *)(score + (i - 1) * EG__TAG_ROW); \
        _mm_storeu_si128(sc, c0); \
        _mm_storeu_si128(sc + 1, c1); \
        _mm_storeu_si128(sc + 2, c2); \
        _mm_storeu_si128(sc + 3, c3); \
        /* O, B and S from O, E and S: predecessors 0 3 4 7 8 11 12 */ \
        const __m128i p[7] = {_mm_shuffle_epi32(c0, 0x00), _mm_shuffle_epi32(c0, 0xFF), _mm_shuffle_epi32(c1, 0x00), \
                              _mm_shuffle_epi32(c1, 0xFF), _mm_shuffle_epi32(c2, 0x00), _mm_shuffle_epi32(c2, 0xFF), \
                              _mm_shuffle_epi32(c3, 0x00)}; \
        __m128i o0 = MAX7_SUM(p, tout, 0, MAX32); \
        __m128i o1 = MAX7_SUM(p, tout, 1, MAX32); \
        /* I and E of each type from its B (lane 1) or I (lane 2) */ \
        __m128i x0 = MAX32(_mm_add_epi32(_mm_shuffle_epi32(c0, 0xAA), ti[0]), _mm_add_epi32(_mm_shuffle_epi32(c0, 0x55), tb[0])); \
        __m128i x1 = MAX32(_mm_add_epi32(_mm_shuffle_epi32(c1, 0xAA), ti[1]), _mm_add_epi32(_mm_shuffle_epi32(c1, 0x55), tb[1])); \
        __m128i x2 = MAX32(_mm_add_epi32(_mm_shuffle_epi32(c2, 0xAA), ti[2]), _mm_add_epi32(_mm_shuffle_epi32(c2, 0x55), tb[2])); \
        /* back into the labels' lanes, plus the emissions */ \
        const __m128i *e = (const __m128i *)(const void *)(emit + i * EG__TAG_ROW); \
        c0 = _mm_add_epi32(_mm_castpd_si128(_mm_move_sd(_mm_castsi128_pd(x0), _mm_castsi128_pd(o0))), _mm_loadu_si128(e)); \
        c1 = _mm_add_epi32(_mm_unpackhi_epi64(o0, x1), _mm_loadu_si128(e + 1)); \
        c2 = _mm_add_epi32(_mm_castpd_si128(_mm_move_sd(_mm_castsi128_pd(x2), _mm_castsi128_pd(o1))), _mm_loadu_si128(e + 2)); \
        c3 = _mm_add_epi32(_mm_unpackhi_epi64(o1, o1), _mm_loadu_si128(e + 3)); \
    } \
    _mm_storeu_si128((__m128i *)(void *)cur, c0); \
    _mm_storeu_si128((__m128i *)(void *)(cur + 4), c1); \
    _mm_storeu_si128((__m128i *)(void *)(cur + 8), c2); \
    _mm_storeu_si128((__m128i *)(void *)(cur + 12), c3);

static void forward_sse2(const int32_t *emit, size_t n, const int32_t *trans, int32_t *score, int32_t *cur)
{
    FORWARD_BODY(max32)
}

#if defined(TAG_SSE41)
__attribute__((target("sse4.1"))) static void forward_sse41(const int32_t *emit, size_t n, const int32_t *trans,
                                                             int32_t *score, int32_t *cur)
{
    FORWARD_BODY(_mm_max_epi32)
}
#endif
#endif


/* The forward pass in plain C. */
static void forward_scalar(const int32_t *emit, size_t n, const int32_t *trans, int32_t *score, int32_t *cur)
{
    for (size_t i = 1; i < n; i++) {
        const int32_t *e = emit + i * EG__TAG_ROW;
        int32_t *c = score + (i - 1) * EG__TAG_ROW;
        int32_t top = cur[0];
        for (unsigned y = 1; y < EG__TAG_LABELS; y++) top = cur[y] > top ? cur[y] : top;
        for (unsigned y = 0; y < EG__TAG_LABELS; y++) {
            int32_t v = cur[y] - top;
            c[y] = v < TAG_FLOOR ? TAG_FLOOR : v;
        }
        for (unsigned k = 0; k < 7; k++) {
            unsigned y = outside_next[k];
            int32_t best = c[0] + trans[y];
            for (unsigned q = 1; q < 7; q++) {
                int32_t v = c[outside_prev[q]] + trans[outside_prev[q] * EG__TAG_ROW + y];
                best = v > best ? v : best;
            }
            cur[y] = best + e[y];
        }
        for (unsigned t = 0; t < 3; t++) {
            unsigned bl = 1 + 4 * t, il = bl + 1;
            for (unsigned y = il; y <= il + 1; y++) {
                int32_t vb = c[bl] + trans[bl * EG__TAG_ROW + y], vi = c[il] + trans[il * EG__TAG_ROW + y];
                cur[y] = (vi > vb ? vi : vb) + e[y];
            }
        }
    }
}

void eg__tag_viterbi32_at(const int32_t *emit, size_t n, const int32_t *trans, const int32_t *last,
                          int32_t *score, uint8_t *labels, unsigned level)
{
    int32_t cur[EG__TAG_ROW];
    if (!n) return;
    for (unsigned y = 0; y < EG__TAG_ROW; y++)
        cur[y] = y < EG__TAG_LABELS && eg__tag_allowed(EG__TAG_LABELS, y) ? trans[EG__TAG_LABELS * EG__TAG_ROW + y] + emit[y]
                                                                          : TAG_FLOOR;
#if defined(TAG_SSE41)
    if (level >= 2 && __builtin_cpu_supports("sse4.1")) forward_sse41(emit, n, trans, score, cur);
    else
#endif
#if defined(__SSE2__)
    if (level >= 1) forward_sse2(emit, n, trans, score, cur);
    else
#endif
        forward_scalar(emit, n, trans, score, cur);
    (void)level;
    int64_t best = INT64_MIN;
    unsigned arg = 0;
    for (unsigned k = 0; k < 7; k++) {
        unsigned y = outside_prev[k];
        int64_t v = (int64_t)cur[y] + last[y];
        if (v > best) {
            best = v;
            arg = y;
        }
    }
    labels[n - 1] = (uint8_t)arg;
    for (size_t i = n - 1; i > 0; i--) labels[i - 1] = (uint8_t)best_prev(score + (i - 1) * EG__TAG_ROW, trans, labels[i]);
}

void eg__tag_viterbi32(const int32_t *emit, size_t n, const int32_t *trans, const int32_t *last,
                       int32_t *score, uint8_t *labels)
{
    eg__tag_viterbi32_at(emit, n, trans, last, score, labels, 2);
}

/* ---- the confidence of the path ------------------------------------------ */

/* The max-marginals of each character: alpha (the best score of a path up
 * to i ending on y, as the forward pass left it in score, each step less
 * its best) plus beta (the best score of the rest of a path from y at i,
 * found here going back, each step less its best: the margins are
 * differences at one step, which no step's constant changes). margin[i]
 * is the best of them, the path's, less the best with another label at i:
 * how much the path loses at least if i is labelled otherwise.
 *
 * beta is kept as the forward pass keeps its scores, in int32 within
 * [TAG_FLOOR, 0] after each step, by the same argument: a step adds one
 * emission (|e| <= 32 × 128) and one transition (EG__TAG_MAX_TRANS). The
 * last character's beta is the end weights (B and I, which may not end a
 * path, at TAG_FLOOR: a step from there loses to any allowed way on, which
 * is far above it); its margin is found apart, in int64, over the labels
 * a path may end on. A margin is then a difference of two sums of numbers
 * within [TAG_FLOOR - 2^25, 2^25], which int32 holds. */

/* The last character's margin: alpha from the scores of the step before
 * (n > 1) or the start weights, beta the end weights. */
static int32_t last_margin(const int32_t *emit, const int32_t *score, size_t n, const int32_t *trans,
                           const int32_t *last, unsigned label)
{
    enum { L = EG__TAG_LABELS };
    int64_t top = NEG_INF, other = NEG_INF;
    for (unsigned y = 0; y < L; y++) {
        if (y && (y - 1) % 4 < 2) continue; /* a path ends outside a name: O, E or S */
        int64_t best = NEG_INF;
        if (n == 1) best = eg__tag_allowed(L, y) ? trans[L * EG__TAG_ROW + y] : NEG_INF;
        else
            for (unsigned p = 0; p < L; p++)
                if (eg__tag_allowed(p, y) && (int64_t)score[(n - 2) * EG__TAG_ROW + p] + trans[p * EG__TAG_ROW + y] > best)
                    best = (int64_t)score[(n - 2) * EG__TAG_ROW + p] + trans[p * EG__TAG_ROW + y];
        if (best == NEG_INF) continue; /* no path has y there */
        int64_t m = best + emit[(n - 1) * EG__TAG_ROW + y] + last[y];
        if (y == label) top = m;
        else if (m > other) other = m;
    }
    int64_t d = top - other;
    return d < 0 ? 0 : d > INT32_MAX ? INT32_MAX : (int32_t)d;
}

/* The backward pass in plain C: beta (16 lanes, at n - 1 in) stepped back
 * to each i from n - 2 down to lo, margin[i] for i < hi. */
static void backward_scalar(const int32_t *emit, const int32_t *score, size_t n, const int32_t *trans,
                            const uint8_t *labels, int32_t *margin, size_t lo, size_t hi, int32_t *beta)
{
    enum { L = EG__TAG_LABELS };
    for (size_t i = n - 1; i-- > lo;) {
        /* beta at i: the best way on through a label at i + 1, as the
         * forward pass goes: O, E and S on to O, B or S; B and I of a type
         * on to its I or E */
        const int32_t *e = emit + (i + 1) * EG__TAG_ROW;
        int32_t g[L], nb[L];
        for (unsigned y = 0; y < L; y++) g[y] = beta[y] + e[y];
        for (unsigned q = 0; q < 7; q++) {
            unsigned p = outside_prev[q];
            int32_t best = g[0] + trans[p * EG__TAG_ROW];
            for (unsigned k = 1; k < 7; k++) {
                int32_t v = g[outside_next[k]] + trans[p * EG__TAG_ROW + outside_next[k]];
                best = v > best ? v : best;
            }
            nb[p] = best;
        }
        for (unsigned t = 0; t < 3; t++)
            for (unsigned p = 1 + 4 * t; p <= 2 + 4 * t; p++) { /* B, I */
                unsigned il = 2 + 4 * t, el = 3 + 4 * t;
                int32_t vi = g[il] + trans[p * EG__TAG_ROW + il], ve = g[el] + trans[p * EG__TAG_ROW + el];
                nb[p] = vi > ve ? vi : ve;
            }
        int32_t hi_nb = nb[0];
        for (unsigned y = 1; y < L; y++) hi_nb = nb[y] > hi_nb ? nb[y] : hi_nb;
        for (unsigned y = 0; y < L; y++) beta[y] = nb[y] - hi_nb < TAG_FLOOR ? TAG_FLOOR : nb[y] - hi_nb;
        if (i >= hi) continue;
        const int32_t *a = score + i * EG__TAG_ROW;
        int32_t top = a[labels[i]] + beta[labels[i]], other = INT32_MIN;
        for (unsigned y = 0; y < L; y++)
            if (y != labels[i] && a[y] + beta[y] > other) other = a[y] + beta[y];
        margin[i] = top > other ? top - other : 0;
    }
}

#if defined(__SSE2__)
/* lanes 1 and 2 (B and I of a type) of x, the others of o */
static inline __m128i blend12_sse2(__m128i o, __m128i x)
{
    const __m128i m = _mm_setr_epi32(0, -1, -1, 0);
    return _mm_or_si128(_mm_and_si128(m, x), _mm_andnot_si128(m, o));
}
#define BLEND12_SSE41(o, x) _mm_blend_epi16((o), (x), 0x3C)

/* The backward pass (beta: at n - 1 in), its lanes' max as MAX32 and its
 * lane blend as BLEND12 (SSE4.1 has both in one instruction). */
#define BACKWARD_BODY(MAX32, BLEND12) \
    /* the transitions from O, E, S (to) into O, B, S (from), transposed: \
     * a row of 8 lanes (from O E-PER S-PER E-LOC | S-LOC E-ORG S-ORG -) for \
     * each label after; and from B and from I (lanes 1, 2) into I and into \
     * E of their type */ \
    __m128i tz[7][2], tI[3], tE[3]; \
    for (unsigned k = 0; k < 7; k++) { \
        int32_t r[8]; \
        for (unsigned q = 0; q < 7; q++) r[q] = trans[outside_prev[q] * EG__TAG_ROW + outside_next[k]]; \
        r[7] = 0; \
        tz[k][0] = _mm_loadu_si128((const __m128i *)(const void *)r); \
        tz[k][1] = _mm_loadu_si128((const __m128i *)(const void *)(r + 4)); \
    } \
    for (unsigned t = 0; t < 3; t++) { \
        unsigned bl = 1 + 4 * t, il = bl + 1, el = bl + 2; \
        int32_t ri[4] = {0, trans[bl * EG__TAG_ROW + il], trans[il * EG__TAG_ROW + il], 0}; \
        int32_t re[4] = {0, trans[bl * EG__TAG_ROW + el], trans[il * EG__TAG_ROW + el], 0}; \
        tI[t] = _mm_loadu_si128((const __m128i *)(const void *)ri); \
        tE[t] = _mm_loadu_si128((const __m128i *)(const void *)re); \
    } \
    const __m128i floor = _mm_set1_epi32(TAG_FLOOR), minv = _mm_set1_epi32(INT32_MIN); \
    const __m128i lane0 = _mm_setr_epi32(0, 1, 2, 3), lane1 = _mm_setr_epi32(4, 5, 6, 7), \
                  lane2 = _mm_setr_epi32(8, 9, 10, 11), lane3 = _mm_setr_epi32(12, 13, 14, 15); \
    __m128i b0 = _mm_loadu_si128((const __m128i *)(const void *)beta), \
            b1 = _mm_loadu_si128((const __m128i *)(const void *)(beta + 4)), \
            b2 = _mm_loadu_si128((const __m128i *)(const void *)(beta + 8)), \
            b3 = _mm_loadu_si128((const __m128i *)(const void *)(beta + 12)); \
    for (size_t i = n - 1; i-- > lo;) { \
        const __m128i *e = (const __m128i *)(const void *)(emit + (i + 1) * EG__TAG_ROW); \
        __m128i g0 = _mm_add_epi32(b0, _mm_loadu_si128(e)), g1 = _mm_add_epi32(b1, _mm_loadu_si128(e + 1)), \
                g2 = _mm_add_epi32(b2, _mm_loadu_si128(e + 2)), g3 = _mm_add_epi32(b3, _mm_loadu_si128(e + 3)); \
        /* O, E and S on to O, B and S: labels after 0 1 4 5 8 9 12 */ \
        const __m128i nx[7] = {_mm_shuffle_epi32(g0, 0x00), _mm_shuffle_epi32(g0, 0x55), _mm_shuffle_epi32(g1, 0x00), \
                               _mm_shuffle_epi32(g1, 0x55), _mm_shuffle_epi32(g2, 0x00), _mm_shuffle_epi32(g2, 0x55), \
                               _mm_shuffle_epi32(g3, 0x00)}; \
        __m128i o0 = MAX7_SUM(nx, tz, 0, MAX32); \
        __m128i o1 = MAX7_SUM(nx, tz, 1, MAX32); \
        /* B and I of each type on to its I (lane 2) or E (lane 3) */ \
        __m128i x0 = MAX32(_mm_add_epi32(_mm_shuffle_epi32(g0, 0xAA), tI[0]), _mm_add_epi32(_mm_shuffle_epi32(g0, 0xFF), tE[0])); \
        __m128i x1 = MAX32(_mm_add_epi32(_mm_shuffle_epi32(g1, 0xAA), tI[1]), _mm_add_epi32(_mm_shuffle_epi32(g1, 0xFF), tE[1])); \
        __m128i x2 = MAX32(_mm_add_epi32(_mm_shuffle_epi32(g2, 0xAA), tI[2]), _mm_add_epi32(_mm_shuffle_epi32(g2, 0xFF), tE[2])); \
        /* back into the labels' lanes: O, E, S of o0 and o1 at 0 3 | 4 7 | 8 11 | 12 */ \
        __m128i v0 = BLEND12(_mm_shuffle_epi32(o0, _MM_SHUFFLE(1, 0, 0, 0)), x0); \
        __m128i v1 = BLEND12(_mm_shuffle_epi32(o0, _MM_SHUFFLE(3, 2, 2, 2)), x1); \
        __m128i v2 = BLEND12(_mm_shuffle_epi32(o1, _MM_SHUFFLE(1, 0, 0, 0)), x2); \
        __m128i v3 = _mm_shuffle_epi32(o1, 0xAA); \
        /* each step less its best, held at the floor */ \
        __m128i m = MAX32(MAX32(v0, v1), MAX32(v2, v3)); \
        m = MAX32(m, _mm_shuffle_epi32(m, _MM_SHUFFLE(1, 0, 3, 2))); \
        m = MAX32(m, _mm_shuffle_epi32(m, _MM_SHUFFLE(2, 3, 0, 1))); \
        b0 = MAX32(_mm_sub_epi32(v0, m), floor); \
        b1 = MAX32(_mm_sub_epi32(v1, m), floor); \
        b2 = MAX32(_mm_sub_epi32(v2, m), floor); \
        b3 = MAX32(_mm_sub_epi32(v3, m), floor); \
        if (i >= hi) continue; \
        /* the margin: the path's label's alpha + beta less the best of the \
         * other labels', its own lane set to the least int32 */ \
        const __m128i *a = (const __m128i *)(const void *)(score + i * EG__TAG_ROW); \
        __m128i s0 = _mm_add_epi32(_mm_loadu_si128(a), b0), s1 = _mm_add_epi32(_mm_loadu_si128(a + 1), b1), \
                s2 = _mm_add_epi32(_mm_loadu_si128(a + 2), b2), s3 = _mm_add_epi32(_mm_loadu_si128(a + 3), b3); \
        int32_t sum[EG__TAG_ROW]; \
        _mm_storeu_si128((__m128i *)(void *)sum, s0); \
        _mm_storeu_si128((__m128i *)(void *)(sum + 4), s1); \
        _mm_storeu_si128((__m128i *)(void *)(sum + 8), s2); \
        _mm_storeu_si128((__m128i *)(void *)(sum + 12), s3); \
        const __m128i l = _mm_set1_epi32(labels[i]); \
        __m128i k0 = _mm_cmpeq_epi32(lane0, l), k1 = _mm_cmpeq_epi32(lane1, l), k2 = _mm_cmpeq_epi32(lane2, l), \
                k3 = _mm_cmpeq_epi32(lane3, l); \
        s0 = _mm_or_si128(_mm_andnot_si128(k0, s0), _mm_and_si128(k0, minv)); \
        s1 = _mm_or_si128(_mm_andnot_si128(k1, s1), _mm_and_si128(k1, minv)); \
        s2 = _mm_or_si128(_mm_andnot_si128(k2, s2), _mm_and_si128(k2, minv)); \
        s3 = _mm_or_si128(_mm_andnot_si128(k3, s3), _mm_and_si128(k3, minv)); \
        __m128i w = MAX32(MAX32(s0, s1), MAX32(s2, _mm_shuffle_epi32(s3, 0))); \
        w = MAX32(w, _mm_shuffle_epi32(w, _MM_SHUFFLE(1, 0, 3, 2))); \
        w = MAX32(w, _mm_shuffle_epi32(w, _MM_SHUFFLE(2, 3, 0, 1))); \
        int32_t top = sum[labels[i]], other = _mm_cvtsi128_si32(w); \
        margin[i] = top > other ? top - other : 0; \
    }

static void backward_sse2(const int32_t *emit, const int32_t *score, size_t n, const int32_t *trans,
                          const uint8_t *labels, int32_t *margin, size_t lo, size_t hi, const int32_t *beta)
{
    BACKWARD_BODY(max32, blend12_sse2)
}

#if defined(TAG_SSE41)
__attribute__((target("sse4.1"))) static void backward_sse41(const int32_t *emit, const int32_t *score, size_t n,
                                                              const int32_t *trans, const uint8_t *labels,
                                                              int32_t *margin, size_t lo, size_t hi,
                                                              const int32_t *beta)
{
    BACKWARD_BODY(_mm_max_epi32, BLEND12_SSE41)
}
#endif
#endif

void eg__tag_margins_at(const int32_t *emit, const int32_t *score, size_t n, const int32_t *trans,
                        const int32_t *last, const uint8_t *labels, int32_t *margin, size_t lo, size_t hi,
                        unsigned level)
{
    if (hi > n) hi = n;
    if (lo >= hi) return;
    if (hi == n) margin[n - 1] = last_margin(emit, score, n, trans, last, labels[n - 1]);
    /* beta at n - 1: the end weights of O, E and S */
    int32_t beta[EG__TAG_ROW];
    for (unsigned y = 0; y < EG__TAG_ROW; y++)
        beta[y] = y < EG__TAG_LABELS && (y == 0 || (y - 1) % 4 >= 2) ? last[y] : TAG_FLOOR;
#if defined(TAG_SSE41)
    if (level >= 2 && __builtin_cpu_supports("sse4.1")) backward_sse41(emit, score, n, trans, labels, margin, lo, hi, beta);
    else
#endif
#if defined(__SSE2__)
    if (level >= 1) backward_sse2(emit, score, n, trans, labels, margin, lo, hi, beta);
    else
#endif
        backward_scalar(emit, score, n, trans, labels, margin, lo, hi, beta);
    (void)level;
}

void eg__tag_margins(const int32_t *emit, const int32_t *score, size_t n, const int32_t *trans, const int32_t *last,
                     const uint8_t *labels, int32_t *margin)
{
    eg__tag_margins_at(emit, score, n, trans, last, labels, margin, 0, n, 2);
}

int32_t eg__tag_span_margin(const int32_t *margin, size_t first, size_t last)
{
    int32_t m = INT32_MAX;
    for (size_t i = first; i <= last; i++) m = margin[i] < m ? margin[i] : m;
    return m;
}

/* Asks the caches for the rows character i + TAG_PREFETCH reads first: the
 * blocks its newest character and pair bring (features 5 and 9) and the
 * rest from 10 on; the other blocks were read at the characters before. */
static inline void emit_prefetch(const int8_t *w, const uint32_t *feat, const uint8_t *nf, size_t n, size_t i)
{
    if (i + TAG_PREFETCH < n) {
        const uint32_t *g = feat + (i + TAG_PREFETCH) * EG__TAG_MAXF;
        eg__prefetch_line(w + (size_t)g[5] * EG__TAG_ROW);
        eg__prefetch_line(w + (size_t)g[9] * EG__TAG_ROW);
        for (unsigned k = 10; k < nf[i + TAG_PREFETCH]; k++) eg__prefetch_line(w + (size_t)g[k] * EG__TAG_ROW);
    }
}

static void emit8_scalar(const int8_t *w, const uint32_t *feat, const uint8_t *nf, size_t n, int32_t *emit)
{
    for (size_t i = 0; i < n; i++) {
        const uint32_t *f = feat + i * EG__TAG_MAXF;
        int32_t acc[EG__TAG_ROW] = {0};
        for (unsigned k = 0; k < nf[i]; k++) {
            const int8_t *r = w + (size_t)f[k] * EG__TAG_ROW;
            for (unsigned y = 0; y < EG__TAG_ROW; y++) acc[y] += r[y];
        }
        memcpy(emit + i * EG__TAG_ROW, acc, sizeof acc);
    }
}

#if defined(__SSE2__)
static void emit8_sse2(const int8_t *w, const uint32_t *feat, const uint8_t *nf, size_t n, int32_t *emit)
{
    for (size_t i = 0; i < n; i++) {
        const uint32_t *f = feat + i * EG__TAG_MAXF;
        unsigned nk = nf[i];
        emit_prefetch(w, feat, nf, n, i);
        /* each row's int8 lanes widened to int16 (unpacked with themselves
         * and shifted back: the sign is kept) and summed in int16, exact:
         * at most EG__TAG_MAXF rows of int8, |sum| <= 32 × 128 */
        __m128i lo = _mm_setzero_si128(), hi = lo;
        for (unsigned k = 0; k < nk; k++) {
            __m128i r = _mm_load_si128((const __m128i *)(const void *)(w + (size_t)f[k] * EG__TAG_ROW));
            lo = _mm_add_epi16(lo, _mm_srai_epi16(_mm_unpacklo_epi8(r, r), 8));
            hi = _mm_add_epi16(hi, _mm_srai_epi16(_mm_unpackhi_epi8(r, r), 8));
        }
        __m128i *out = (__m128i *)(void *)(emit + i * EG__TAG_ROW);
        _mm_storeu_si128(out, _mm_srai_epi32(_mm_unpacklo_epi16(lo, lo), 16));
        _mm_storeu_si128(out + 1, _mm_srai_epi32(_mm_unpackhi_epi16(lo, lo), 16));
        _mm_storeu_si128(out + 2, _mm_srai_epi32(_mm_unpacklo_epi16(hi, hi), 16));
        _mm_storeu_si128(out + 3, _mm_srai_epi32(_mm_unpackhi_epi16(hi, hi), 16));
    }
}
#endif

#if defined(TAG_AVX2)
/* The same with AVX2: a row is sign-extended to sixteen int16 as it is
 * loaded (vpmovsxbw) and added in one instruction, a third of SSE2's. */
__attribute__((target("avx2"))) static void emit8_avx2(const int8_t *w, const uint32_t *feat, const uint8_t *nf,
                                                       size_t n, int32_t *emit)
{
    for (size_t i = 0; i < n; i++) {
        const uint32_t *f = feat + i * EG__TAG_MAXF;
        unsigned nk = nf[i];
        emit_prefetch(w, feat, nf, n, i);
        __m256i acc = _mm256_setzero_si256();
        for (unsigned k = 0; k < nk; k++)
            acc = _mm256_add_epi16(acc, _mm256_cvtepi8_epi16(_mm_load_si128(
                                            (const __m128i *)(const void *)(w + (size_t)f[k] * EG__TAG_ROW))));
        __m256i *out = (__m256i *)(void *)(emit + i * EG__TAG_ROW);
        _mm256_storeu_si256(out, _mm256_cvtepi16_epi32(_mm256_castsi256_si128(acc)));
        _mm256_storeu_si256(out + 1, _mm256_cvtepi16_epi32(_mm256_extracti128_si256(acc, 1)));
    }
}
#endif

void eg__tag_emit8_at(const int8_t *w, const uint32_t *feat, const uint8_t *nf, size_t n, int32_t *emit,
                      unsigned level)
{
#if defined(TAG_AVX2)
    if (level >= 2 && __builtin_cpu_supports("avx2")) {
        emit8_avx2(w, feat, nf, n, emit);
        return;
    }
#endif
#if defined(__SSE2__)
    if (level >= 1) {
        emit8_sse2(w, feat, nf, n, emit);
        return;
    }
#endif
    (void)level;
    emit8_scalar(w, feat, nf, n, emit);
}

void eg__tag_emit8(const int8_t *w, const uint32_t *feat, const uint8_t *nf, size_t n, int32_t *emit)
{
    eg__tag_emit8_at(w, feat, nf, n, emit, 2);
}

eg_status eg__tag_scratch_reserve(eg__tag_scratch *s, size_t n, size_t m)
{
    if (n + 1 > s->cap) {
        size_t c = s->cap ? s->cap : 256;
        while (c < n + 1) {
            if (c > SIZE_MAX / 2 / (EG__TAG_MAXF * sizeof(uint32_t))) return EG_ENOMEM;
            c *= 2;
        }
        uint32_t *cp = realloc(s->cp, c * sizeof *cp);
        if (cp) s->cp = cp;
        uint32_t *byte = realloc(s->byte, c * sizeof *byte);
        if (byte) s->byte = byte;
        uint32_t *orig = realloc(s->orig, c * sizeof *orig);
        if (orig) s->orig = orig;
        uint8_t *seg = realloc(s->seg, c);
        if (seg) s->seg = seg;
        uint32_t *feat = s->feat ? s->feat : malloc(EG__TAG_CHUNK * EG__TAG_MAXF * sizeof *feat);
        if (feat) s->feat = feat;
        uint8_t *nf = s->nf ? s->nf : malloc(EG__TAG_CHUNK);
        if (nf) s->nf = nf;
        uint8_t *labels = realloc(s->labels, c);
        if (labels) s->labels = labels;
        int32_t *emit = realloc(s->emit, c * EG__TAG_ROW * sizeof *emit);
        if (emit) s->emit = emit;
        int32_t *score = realloc(s->score, c * EG__TAG_ROW * sizeof *score);
        if (score) s->score = score;
        int32_t *margin = realloc(s->margin, c * sizeof *margin);
        if (margin) s->margin = margin;
        uint32_t *reg = realloc(s->reg, 2 * c * sizeof *reg);
        if (reg) s->reg = reg;
        uint8_t *cov = realloc(s->cov, c);
        if (cov) s->cov = cov;
        if (!cp || !byte || !orig || !seg || !feat || !nf || !labels || !emit || !score || !margin || !reg || !cov)
            return EG_ENOMEM;
        s->cap = c;
    }
    if (m > s->cap_spans) {
        size_t c = s->cap_spans ? s->cap_spans : 64;
        while (c < m) {
            if (c > SIZE_MAX / 2 / sizeof(eg__tag_span)) return EG_ENOMEM;
            c *= 2;
        }
        eg__tag_span *p = realloc(s->spans, c * sizeof *p);
        if (!p) return EG_ENOMEM;
        s->spans = p;
        s->cap_spans = c;
    }
    return EG_OK;
}

void eg__tag_scratch_free(eg__tag_scratch *s)
{
    free(s->cp);
    free(s->byte);
    free(s->orig);
    free(s->seg);
    free(s->feat);
    free(s->nf);
    free(s->labels);
    free(s->emit);
    free(s->score);
    free(s->margin);
    free(s->reg);
    free(s->cov);
    free(s->spans);
    memset(s, 0, sizeof *s);
}

void eg__tagger_label(const eg_tagger *t, eg__tag_scratch *s, const eg__tag_input *in)
{
    whole_region(s, in->n);
    eg__tagger_label_regions(t, s, in);
}

/* The transitions of region a .. z - 1 of n characters (*trans, with its
 * start row) and its end weights (*last): the model's at the paragraph's
 * ends, those after and before an O at a clause the gate left out. */
static void region_ends(const eg_tagger *t, size_t a, size_t z, size_t n, const int32_t **trans, const int32_t **last)
{
    *trans = a ? t->trans_after_o : t->trans;
    *last = z < n ? t->last_before_o : t->trans + (EG__TAG_LABELS + 1) * EG__TAG_ROW;
}

void eg__tagger_label_regions(const eg_tagger *t, eg__tag_scratch *s, const eg__tag_input *in)
{
    /* The spans as extract gives them are sorted by start: then a piece
     * (characters lo .. hi - 1) is shown only those that may touch it,
     * starting at most the longest span's length before lo and at hi at
     * the latest, in their order (so each character's features come in the
     * same order), instead of all the paragraph's: with all, a long
     * paragraph cost its pieces times its spans. Unsorted, all. */
    const eg__tag_span *sp = in->spans;
    size_t ns = in->n_spans, longest = 0;
    int sorted = 1;
    for (size_t k = 0; k < ns; k++) {
        if (k && sp[k].start < sp[k - 1].start) sorted = 0;
        if (sp[k].end > sp[k].start && sp[k].end - sp[k].start > longest) longest = sp[k].end - sp[k].start;
    }
    eg__tag_input piece = *in;
    size_t sa = 0, sb = 0; /* the piece's spans: sp[sa .. sb) */
    memset(s->labels, 0, in->n);
    for (size_t r = 0; r < s->n_reg; r++) {
        size_t a = s->reg[2 * r], z = s->reg[2 * r + 1];
        /* a piece at a time, so that its features are still in the first
         * level cache when their rows are summed */
        for (size_t lo = a; lo < z; lo += EG__TAG_CHUNK) {
            size_t hi = z - lo > EG__TAG_CHUNK ? lo + EG__TAG_CHUNK : z;
            if (sorted) {
                while (sa < ns && (size_t)sp[sa].start + longest < lo) sa++;
                if (sb < sa) sb = sa;
                while (sb < ns && sp[sb].start <= hi) sb++;
                piece.spans = sp + sa;
                piece.n_spans = sb - sa;
            }
            eg__tag_features_range(&piece, t->bits, t->omit, lo, hi, s->feat, s->nf, &s->classes);
            eg__tag_emit8(t->w, s->feat, s->nf, hi - lo, s->emit + lo * EG__TAG_ROW);
        }
        /* the forward scores go beside the emissions, which the margins
         * read again (eg__tagger_margins) */
        const int32_t *trans, *last;
        region_ends(t, a, z, in->n, &trans, &last);
        eg__tag_viterbi32(s->emit + a * EG__TAG_ROW, z - a, trans, last, s->score + a * EG__TAG_ROW, s->labels + a);
    }
}

void eg__tagger_margins(const eg_tagger *t, eg__tag_scratch *s, size_t n)
{
    for (size_t i = 0; i < n; i++) s->margin[i] = -1;
    for (size_t r = 0; r < s->n_reg; r++) {
        size_t a = s->reg[2 * r], z = s->reg[2 * r + 1];
        /* only the names' margins are read, and those of the characters
         * right beside them (is a name's edge sure?): no pass back below
         * the first */
        size_t lo = a, hi = z;
        while (lo < z && !s->labels[lo]) lo++;
        while (hi > lo && !s->labels[hi - 1]) hi--;
        if (lo == hi) continue;
        if (lo > a) lo--;
        if (hi < z) hi++;
        const int32_t *trans, *last;
        region_ends(t, a, z, n, &trans, &last);
        eg__tag_margins_at(s->emit + a * EG__TAG_ROW, s->score + a * EG__TAG_ROW, z - a, trans, last, s->labels + a,
                           s->margin + a, lo - a, hi - a, 2);
    }
}

/* ---- the model file ------------------------------------------------------ */

size_t eg_tagger_bytes(const eg_tagger *t) { return t ? t->len : 0; }

void eg_tagger_free(eg_tagger *t)
{
    if (!t) return;
    if (t->heap) free(t->map);
    else if (t->map) munmap(t->map, t->len);
    free(t);
}

/* t's transitions of a region the gate let through (eg_tagger's
 * trans_after_o, last_before_o), from t->trans. */
static void derive(eg_tagger *t)
{
    enum { L = EG__TAG_LABELS, R = EG__TAG_ROW };
    memcpy(t->trans_after_o, t->trans, sizeof t->trans_after_o);
    memcpy(t->trans_after_o + L * R, t->trans, R * sizeof *t->trans); /* the start row: O's */
    for (unsigned y = 0; y < R; y++) t->last_before_o[y] = y < L ? t->trans[y * R + 0] : 0;
}

/* Checks the model t->map[0..t->len) and sets the pointers into it; NULL
 * or why it is refused. */
static const char *check_model(eg_tagger *t)
{
    const unsigned char *base = t->map;
    egt_header h;
    if (t->len < sizeof h) return "not an entgraph tagger model (too short)";
    memcpy(&h, base, sizeof h);
    if (memcmp(h.magic, EGT_MAGIC, 8)) return "not an entgraph tagger model";
    if (h.bom != EGT_BOM) return "made on a machine of another byte order";
    if (h.version != EGT_VERSION || h.features_version != EG__TAG_FEATURES_VERSION)
        return "made by another version of entgraph; train it again";
    if (h.total != t->len) return "truncated or extended file";
    if (h.labels != EG__TAG_LABELS || h.row != EG__TAG_ROW) return "unexpected label set";
    if (h.bits < 8 || h.bits > 26) return "bad feature table size";
    if (h.omit & ~EG_TAG_OMIT_ALL) return "made by another version of entgraph (unknown features); train it again";
    uint64_t trans_bytes = (uint64_t)(EG__TAG_LABELS + 2) * EG__TAG_ROW * sizeof(int32_t);
    uint64_t w_bytes = ((uint64_t)1 << h.bits) * EG__TAG_ROW;
    if (h.off_trans % 64 || h.off_weights % 64 || h.off_trans < sizeof h || h.off_trans > t->len ||
        t->len - h.off_trans < trans_bytes || h.off_weights < h.off_trans + trans_bytes ||
        h.off_weights > t->len || t->len - h.off_weights < w_bytes)
        return "section out of bounds";
    if (eg__hash_bytes(base + sizeof h, t->len - sizeof h) != h.checksum) return "checksum mismatch (damaged file)";
    t->bits = h.bits;
    t->omit = h.omit;
    t->trans = (const int32_t *)(const void *)(base + h.off_trans);
    for (size_t i = 0; i < (EG__TAG_LABELS + 2) * EG__TAG_ROW; i++)
        if (t->trans[i] > EG__TAG_MAX_TRANS || t->trans[i] < -EG__TAG_MAX_TRANS) return "transition weight out of range";
    t->w = (const int8_t *)(const void *)(base + h.off_weights);
    t->gate_bits = h.gate_bits;
    t->gate_threshold = h.gate_threshold;
    t->gate = NULL;
    if (h.gate_bits) {
        if (h.gate_bits < 8 || h.gate_bits > 24) return "bad gate table size";
        uint64_t g_bytes = ((uint64_t)1 << h.gate_bits) * sizeof(int16_t);
        if (h.off_gate % 64 || h.off_gate < h.off_weights + w_bytes || h.off_gate > t->len ||
            t->len - h.off_gate < g_bytes)
            return "section out of bounds";
        /* EG__GATE_F of them sum in int32 whatever they are */
        t->gate = (const int16_t *)(const void *)(base + h.off_gate);
    }
    derive(t);
    return NULL;
}

void eg__egt_seal(unsigned char *buf, size_t size)
{
    egt_header h;
    if (size < sizeof h) return;
    memcpy(&h, buf, sizeof h);
    h.total = size;
    h.checksum = eg__hash_bytes(buf + sizeof h, size - sizeof h);
    memcpy(buf, &h, sizeof h);
}

eg_status eg_tagger_open(const char *path, eg_tagger **out, eg_error *err)
{
    eg_status st;
    *out = NULL;
    eg_tagger *t = calloc(1, sizeof *t);
    if (!t) return eg__error(err, EG_ENOMEM, path, 0, 0, "out of memory");
    if ((st = eg__map_file(path, sizeof(egt_header), "not an entgraph tagger model", &t->map, &t->len, err)))
        goto fail;
    const char *why = check_model(t);
    if (why) {
        st = eg__error(err, EG_EPARSE, path, 0, 0, "%s", why);
        goto fail;
    }
    /* The weights are read at random, some twenty rows a character: a copy
     * in memory that the kernel may give huge pages misses the TLB far
     * less than the file's mapping (a missed copy only costs that). */
    unsigned char *copy = eg__alloc_table(t->len);
    if (copy) {
        memcpy(copy, t->map, t->len);
        t->trans = (const int32_t *)(const void *)(copy + ((const unsigned char *)t->trans - (const unsigned char *)t->map));
        t->w = (const int8_t *)(const void *)(copy + ((const unsigned char *)t->w - (const unsigned char *)t->map));
        if (t->gate)
            t->gate = (const int16_t *)(const void *)(copy + ((const unsigned char *)t->gate - (const unsigned char *)t->map));
        munmap(t->map, t->len);
        t->map = copy;
        t->heap = 1;
    }
    *out = t;
    return EG_OK;
fail:
    eg_tagger_free(t);
    return st;
}

eg_status eg_tagger_open_buffer(const void *buf, size_t len, eg_tagger **out, eg_error *err)
{
    *out = NULL;
    eg_tagger *t = calloc(1, sizeof *t);
    /* 64-byte aligned, as a mapping is, so that the rows may be read as arrays */
    void *copy = NULL;
    if (!t || posix_memalign(&copy, 64, len ? len : 1)) {
        free(t);
        return eg__error(err, EG_ENOMEM, NULL, 0, 0, "out of memory");
    }
    if (len) memcpy(copy, buf, len);
    t->map = copy;
    t->len = len;
    t->heap = 1;
    const char *why = check_model(t);
    if (why) {
        eg_tagger_free(t);
        return eg__error(err, EG_EPARSE, NULL, 0, 0, "%s", why);
    }
    *out = t;
    return EG_OK;
}
