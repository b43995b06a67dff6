/* Library-internal: the tagger's features, decoder and model layout, shared
 * by tagger.c (features, decoding, the model file), tagger_train.c
 * (training) and extract.c (the hook that runs it on each paragraph). */
#ifndef ENTGRAPH_TAGGER_IMPL_H
#define ENTGRAPH_TAGGER_IMPL_H

#include <stddef.h>
#include <stdint.h>

#include "entgraph/tagger.h"
#include "internal.h" /* eg__is_han */

/* Labels: 0 is O; type t (0 PER, 1 LOC, 2 ORG) has B 1+4t, I 2+4t,
 * E 3+4t, S 4+4t. A weight row holds EG__TAG_ROW int8 weights, one per
 * label (three unused): 16 bytes, four rows to a cache line. */
#define EG__TAG_LABELS 13
#define EG__TAG_ROW 16
/* Features per character, at most. */
#define EG__TAG_MAXF 32
/* Dictionary and rule features per character, at most. */
#define EG__TAG_MAX_SPANF 8
/* The features' version, in the model header: a model trained with other
 * features is refused instead of giving nonsense. */
#define EG__TAG_FEATURES_VERSION 5u
/* The largest weight the trainer writes (any int8 is read: EG__TAG_MAXF
 * rows of them sum exactly in int16). */
#define EG__TAG_MAX_W 127

enum { EG__TAG_PER = 0, EG__TAG_LOC = 1, EG__TAG_ORG = 2 };

/* What the dictionary or a rule proposed in a paragraph, in characters of
 * the paragraph (end exclusive). kind is EG__T_LOC, _ORG, _PER, _OTHER or
 * EG__T_NOT; src 0 for the dictionary, else the rule (eg__rule). */
typedef struct eg__tag_span {
    uint32_t start, end;
    uint16_t kind, src;
} eg__tag_span;

/* The lexicon's best segmentation of a paragraph, one byte a character
 * (eg__tag_input.seg): where the character stands in its word
 * (EG__SEG_B, _M, _E, _S), the word's length bucket (EG__SEG_LEN: 1-4
 * characters as they are, 5 for five or more, 6 for a run of characters
 * that are not ideographs), whether the lexicon knows the word as a
 * person's name (EG__SEG_NAME) and, for an ideograph that is a word of its
 * own, how often the lexicon has it so (EG__SEG_FREQ: 0 under 10, 1 under
 * 1000, 2 under 30 000, 3 more; jieba's frequencies). */
enum { EG__SEG_B = 0, EG__SEG_M = 1, EG__SEG_E = 2, EG__SEG_S = 3 };
#define EG__SEG_POS(v) ((v) & 3u)
#define EG__SEG_LEN(v) (((v) >> 2) & 7u)
#define EG__SEG_NAME 0x20u
#define EG__SEG_FREQ(b) ((uint8_t)((b) << 6))
#define EG__SEG_MAKE(pos, len, name) ((uint8_t)((pos) | (len) << 2 | ((name) ? EG__SEG_NAME : 0)))

/* One paragraph as the tagger sees it: normalised code points, the
 * candidate spans and (may be NULL: no such features) the segmentation. */
typedef struct eg__tag_input {
    const uint32_t *cp;
    size_t n;
    const eg__tag_span *spans;
    size_t n_spans;
    const uint8_t *seg;
} eg__tag_input;

/* Recent characters' classes (a direct-mapped cache; zeroed is empty). */
#define EG__TAG_CLASS_CACHE_BITS 14
typedef struct eg__tag_class_cache {
    uint32_t key[1u << EG__TAG_CLASS_CACHE_BITS]; /* code point + 1 */
    uint8_t value[1u << EG__TAG_CLASS_CACHE_BITS];
} eg__tag_class_cache;

/* The feature rows of each character: feat[i * EG__TAG_MAXF + k] for
 * k < nf[i], each below 2^bits. cc (may be NULL) caches character classes.
 * Deterministic; no allocation. O(n + covered characters of the spans). */
void eg__tag_features(const eg__tag_input *in, unsigned bits, uint32_t *feat, uint8_t *nf,
                      eg__tag_class_cache *cc);
/* The same for characters lo .. hi - 1 only (their features as they are in
 * the whole paragraph's), into feat[(i - lo) * EG__TAG_MAXF + k] and
 * nf[i - lo]: tagging takes a paragraph in pieces that stay in the first
 * level cache until their emissions are summed. And without the feature
 * groups omit (EG_TAG_OMIT_*, entgraph/tagger.h: what the model was
 * trained without; eg__tag_features has them all). */
void eg__tag_features_range(const eg__tag_input *in, unsigned bits, unsigned omit, size_t lo, size_t hi,
                            uint32_t *feat, uint8_t *nf, eg__tag_class_cache *cc);
/* The characters of such a piece. */
#define EG__TAG_CHUNK 128

/* The best label sequence under BIOES constraints: emit[i * EG__TAG_ROW +
 * y] is the score of label y at i, trans[p * EG__TAG_ROW + y] of y after p
 * (row EG__TAG_LABELS: at the start), last[y] of ending on y. back holds n
 * × EG__TAG_ROW bytes of scratch. labels[0..n) receives the path. */
void eg__tag_viterbi(const int32_t *emit, size_t n, const int32_t *trans, const int32_t *last,
                     uint8_t *back, uint8_t *labels);

/* The same for the model's scores (int8 emissions summed, transitions
 * within EG__TAG_MAX_TRANS), in int32 arithmetic: the decoder of tagging.
 * Training, whose weights are not bounded so, uses eg__tag_viterbi. score
 * holds n × EG__TAG_ROW int32 of scratch and may be emit itself (each
 * emission row is overwritten only once it has been used). The same path as
 * eg__tag_viterbi's rule for ties: of equal predecessors, the first. */
#define EG__TAG_MAX_TRANS (1 << 24)
void eg__tag_viterbi32(const int32_t *emit, size_t n, const int32_t *trans, const int32_t *last,
                       int32_t *score, uint8_t *labels);
/* The same with the instructions of level at most (0 plain C, 1 SSE2, 2
 * SSE4.1 where the processor has it), so that tests try every one. */
void eg__tag_viterbi32_at(const int32_t *emit, size_t n, const int32_t *trans, const int32_t *last,
                          int32_t *score, uint8_t *labels, unsigned level);

/* The max-marginal margins of the path labels (the best under BIOES, as
 * eg__tag_viterbi32 gives it) of emissions emit: margin[i] is the best
 * path's score less the best score of a path with another label at i (0
 * on a tie). score is what eg__tag_viterbi32 left in its score argument,
 * which must not have been emit. The best path that labels a span
 * first..last of the path otherwise scores the best less
 * eg__tag_span_margin (the least margin of its characters). O(n ×
 * labels²), no allocation. */
void eg__tag_margins(const int32_t *emit, const int32_t *score, size_t n, const int32_t *trans, const int32_t *last,
                     const uint8_t *labels, int32_t *margin);
/* The same for characters lo .. hi - 1 only (margin[i] there, the rest
 * untouched; the pass back still starts at the end, but stops at lo),
 * with the instructions of level at most (0 plain C, 1 SSE2, 2 SSE4.1
 * where the processor has it), so that tests try every one. */
void eg__tag_margins_at(const int32_t *emit, const int32_t *score, size_t n, const int32_t *trans,
                        const int32_t *last, const uint8_t *labels, int32_t *margin, size_t lo, size_t hi,
                        unsigned level);
int32_t eg__tag_span_margin(const int32_t *margin, size_t first, size_t last);

/* Does c join the parts of a transliterated name (黑尔·毕什: middle dots,
 * dashes, after NFKC)? */
int eg__tag_is_name_joiner(uint32_t c);

/* May label b follow label a (a = EG__TAG_LABELS: the start)? */
int eg__tag_allowed(unsigned a, unsigned b);

/* Adds bias[t] (t: EG__TAG_PER, _LOC, _ORG) to the transitions trans
 * (the model's layout: EG__TAG_LABELS + 2 rows) into B and S of type t
 * from every label that may come before them and from the start row,
 * each held within EG__TAG_MAX_TRANS. Every allowed path then scores
 * bias[t] more for each name of type t it holds (a name starts by exactly
 * one such transition), so it moves the decision between names and no
 * names, and the margins of eg__tag_margins include it; paths with the
 * same names keep their differences. The trainer's decision rule
 * (eg_train_options.start_bias). */
void eg__tag_add_start_bias(int32_t *trans, const int32_t bias[3]);

/* The model file: a header, then the transitions ((EG__TAG_LABELS + 2) ×
 * EG__TAG_ROW int32: a row per previous label, the start row, the end row),
 * then 2^bits rows of EG__TAG_ROW int8 weights. Offsets are 64-byte
 * aligned (the weights' 128-byte aligned as the trainer writes them). */
#define EGT_MAGIC "EGTAGGER"
#define EGT_VERSION 3u
#define EGT_BOM 0x01020304u
typedef struct egt_header {
    char magic[8];
    uint32_t bom, version;
    uint64_t total;    /* file size */
    uint64_t checksum; /* FNV-1a of everything after the header */
    uint32_t bits, labels, row, features_version;
    uint64_t off_trans, off_weights;
    uint32_t omit; /* the feature groups (EG_TAG_OMIT_*) the model was trained without; 0: none */
    /* the gate (eg__tagger_regions): 2^gate_bits int16 weights at off_gate
     * (64-byte aligned) and the score from which a clause is read; 0
     * gate_bits: no gate, every clause is read */
    uint32_t gate_bits;
    uint64_t off_gate;
    int32_t gate_threshold;
    uint32_t reserved32;
} egt_header;

/* Makes the header of a model image buf[0..size) agree with its body (total
 * size and checksum), for tests and fuzzing that damage the body on purpose
 * and want the structural checks to see it. Nothing below the header size. */
void eg__egt_seal(unsigned char *buf, size_t size);

struct eg_tagger {
    void *map;        /* the file mapping, or a heap copy */
    size_t len;
    int heap;
    unsigned bits;
    unsigned omit; /* egt_header.omit */
    const int32_t *trans; /* (EG__TAG_LABELS + 2) rows */
    const int8_t *w;
    unsigned gate_bits;  /* 0: no gate */
    int32_t gate_threshold;
    const int16_t *gate; /* 2^gate_bits weights */
    /* the transitions of a region that starts after a clause the gate left
     * out (whose characters are O): trans with the start row O's row, and
     * the end weights of one that ends before such a clause (into O) */
    int32_t trans_after_o[(EG__TAG_LABELS + 2) * EG__TAG_ROW];
    int32_t last_before_o[EG__TAG_ROW];
};

/* The gate: before the tagger labels a paragraph, it is cut into clauses
 * (eg__tag_clause_end), and a clause is read only when a dictionary or
 * rule span touches it or a small linear model of its characters (a
 * weight per character n-gram around each, EG__GATE_F of them, summed)
 * scores one of its characters gate_threshold or more. The rest is
 * labelled O without features, segmentation or decoding: most clauses of
 * news hold no name, and reading them was most of the tagger's time. A
 * region of clauses read is decoded as the whole paragraph would be with
 * the clauses around it labelled O. */
#define EG__GATE_F 10
/* The gate's table, as the trainer makes it: 2^EG__GATE_BITS rows (at
 * most the tagger's 2^hash_bits). */
#define EG__GATE_BITS 17
/* Does a clause end at character i (the last one, or a comma, stop,
 * colon, semicolon, list comma or white space, ASCII or full width, with
 * an ideograph after it)? No word of the lexicon and no feature of the
 * segmentation crosses such an end. */
static inline int eg__tag_clause_end(const uint32_t *cp, size_t n, size_t i)
{
    if (i + 1 >= n) return 1;
    uint32_t c = cp[i];
    if (!(c == ',' || c == 0x3002 /* 。 */ || c == 0x3001 /* 、 */ || c == '!' || c == '?' || c == ';' || c == ':' ||
          c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0x3000 || c == 0xFF0C || c == 0xFF01 ||
          c == 0xFF1F || c == 0xFF1B || c == 0xFF1A))
        return 0;
    return eg__is_han(cp[i + 1]);
}
/* Marks each character of in (spanned[0 .. in->n)) 1 when a span of in
 * touches its clause (eg__tag_clause_end), 0 else: the clauses the gate
 * lets through whatever their characters score. */
void eg__tag_spanned_clauses(const eg__tag_input *in, uint8_t *spanned);
/* Does the gate of t (one it has) score a character of clause a .. z - 1
 * of cp[0..n) gate_threshold or more (eg__tagger_regions' test, spans
 * aside)? */
int eg__tag_gate_opens(const eg_tagger *t, const uint32_t *cp, size_t n, size_t a, size_t z, eg__tag_class_cache *cc);
/* The gate's feature rows of character i (each below 2^bits) into
 * f[0 .. EG__GATE_F). */
void eg__tag_gate_features(const uint32_t *cp, size_t n, size_t i, unsigned bits, uint32_t *f,
                           eg__tag_class_cache *cc);

/* Per-extractor scratch of the tagger, grown per paragraph, never per
 * character. */
typedef struct eg__tag_scratch {
    uint32_t *cp, *byte, *orig; /* per character: code point, byte offset (n + 1), original code point */
    uint8_t *seg;               /* per character: the segmentation (eg__tag_input.seg) */
    int have_seg;               /* seg holds this paragraph's */
    uint32_t *feat;             /* EG__TAG_CHUNK characters' features */
    uint8_t *nf, *labels;
    int32_t *emit;
    int32_t *score;  /* the forward pass's scores (eg__tag_viterbi32) */
    int32_t *margin; /* per character, after eg__tagger_margins: -1 where it wrote none */
    size_t cap;
    uint32_t *reg; /* the regions eg__tagger_label_regions labels: [reg[2k], reg[2k + 1]) */
    size_t n_reg;
    uint8_t *cov;  /* per character: a span touches its clause (eg__tagger_regions) */
    eg__tag_span *spans;
    size_t cap_spans;
    eg__tag_class_cache classes;
} eg__tag_scratch;

/* Room for n characters and m spans. EG_ENOMEM. */
eg_status eg__tag_scratch_reserve(eg__tag_scratch *s, size_t n, size_t m);
void eg__tag_scratch_free(eg__tag_scratch *s);

/* Labels the input (s->cp and s->spans filled by the caller: in->cp ==
 * s->cp) into s->labels, all of it (one region). */
void eg__tagger_label(const eg_tagger *t, eg__tag_scratch *s, const eg__tag_input *in);
/* The regions of the input the tagger reads, into s->reg and s->n_reg:
 * the clauses the gate lets through (in->seg is not read), runs of them
 * together; the whole input when gate is 0, t is NULL or the model has no
 * gate. O(n + the spans' characters). */
void eg__tagger_regions(const eg_tagger *t, int gate, eg__tag_scratch *s, const eg__tag_input *in);
/* Labels the regions s->reg of the input (their segmentation filled, if
 * any) into s->labels, the rest O. */
void eg__tagger_label_regions(const eg_tagger *t, eg__tag_scratch *s, const eg__tag_input *in);

/* How sure the tagger is of the path s->labels it gave the n characters
 * just labelled: s->margin[i] >= 0, what the best path's score (in the
 * model's units: summed int8 weights and transitions) loses at least when
 * character i is labelled otherwise (eg__tag_margins), for the characters
 * of each region (s->reg) from the one before its first name to the one
 * after its last; -1 for the rest. No allocation. */
void eg__tagger_margins(const eg_tagger *t, eg__tag_scratch *s, size_t n);

/* Called by the extractor for each paragraph while a trainer collects
 * examples: the tagger's input and, per character, the original code
 * point it came from. EG_OK to go on. */
typedef eg_status (*eg__tag_capture_fn)(void *user, const eg__tag_input *in, const uint32_t *orig);
void eg__extractor_set_capture(eg_extractor *x, eg__tag_capture_fn fn, void *user);

/* Emission scores of features under weights w (int8 rows of EG__TAG_ROW,
 * 16-byte aligned). */
void eg__tag_emit8(const int8_t *w, const uint32_t *feat, const uint8_t *nf, size_t n, int32_t *emit);
/* The same with the instructions of level at most (0 plain C, 1 SSE2, 2
 * AVX2 where the processor has it), so that tests try every one. */
void eg__tag_emit8_at(const int8_t *w, const uint32_t *feat, const uint8_t *nf, size_t n, int32_t *emit,
                      unsigned level);

#endif
