/* The tagger: decoder, features, the model loader, training, and the
 * extractor's use of it. Models here are made by hand (weights that force
 * a known path) or trained on a few made-up sentences. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <unistd.h>

#include <cmocka.h>

#include "entgraph/extract.h"
#include "entgraph/tagger.h"
#include "recognize.h" /* EG__T_* */
#include "tagger_impl.h"
#include "tagger_model.h"
#include "util.h"

/* The gate tables of the hand-made models here: 2^GATE_TEST_BITS rows. */
#define GATE_TEST_BITS 10

/* ---- the decoder -------------------------------------------------------- */

static uint32_t rnd_state = 12345;
static int32_t rnd(int32_t range)
{
    rnd_state = rnd_state * 1103515245u + 12345u;
    return (int32_t)((rnd_state >> 8) % (uint32_t)(2 * range + 1)) - range;
}

static int64_t path_score(const int32_t *emit, size_t n, const int32_t *trans, const int32_t *last, const uint8_t *p)
{
    int64_t s = (int64_t)trans[EG__TAG_LABELS * EG__TAG_ROW + p[0]] + last[p[n - 1]];
    for (size_t i = 0; i < n; i++) s += emit[i * EG__TAG_ROW + p[i]];
    for (size_t i = 1; i < n; i++) s += trans[p[i - 1] * EG__TAG_ROW + p[i]];
    return s;
}

/* The paths of n labels (n <= 4), code 0 .. EG__TAG_LABELS^n - 1: path
 * number code into path; 1 when it is allowed and ends outside a name. */
static size_t path_count(size_t n)
{
    size_t total = 1;
    for (size_t i = 0; i < n; i++) total *= EG__TAG_LABELS;
    return total;
}

static int allowed_path(size_t code, size_t n, uint8_t *path)
{
    for (size_t i = 0; i < n; i++) {
        path[i] = (uint8_t)(code % EG__TAG_LABELS);
        code /= EG__TAG_LABELS;
    }
    int ok = eg__tag_allowed(EG__TAG_LABELS, path[0]);
    for (size_t i = 1; ok && i < n; i++) ok = eg__tag_allowed(path[i - 1], path[i]);
    unsigned y = path[n - 1];
    return ok && !(y && ((y - 1) % 4 == 0 || (y - 1) % 4 == 1));
}

/* The best allowed path by trying every one (n <= 4). */
static int64_t brute_best(const int32_t *emit, size_t n, const int32_t *trans, const int32_t *last, uint8_t *best_path)
{
    int64_t best = INT64_MIN;
    uint8_t path[4];
    for (size_t code = 0, total = path_count(n); code < total; code++) {
        if (!allowed_path(code, n, path)) continue;
        int64_t s = path_score(emit, n, trans, last, path);
        if (s > best) {
            best = s;
            memcpy(best_path, path, n);
        }
    }
    return best;
}

static void viterbi_finds_the_best_allowed_path(void **state)
{
    (void)state;
    int32_t emit[4 * EG__TAG_ROW], trans[(EG__TAG_LABELS + 2) * EG__TAG_ROW];
    uint8_t back[4 * EG__TAG_ROW], labels[4], want[4];
    for (int round = 0; round < 300; round++) {
        size_t n = 1 + (size_t)round % 4;
        for (size_t i = 0; i < sizeof emit / sizeof *emit; i++) emit[i] = rnd(1000);
        for (size_t i = 0; i < sizeof trans / sizeof *trans; i++) trans[i] = rnd(round % 2 ? 1000 : 10);
        const int32_t *last = trans + (EG__TAG_LABELS + 1) * EG__TAG_ROW;
        eg__tag_viterbi(emit, n, trans, last, back, labels);
        int64_t best = brute_best(emit, n, trans, last, want);
        /* the same score (ties may pick another path of it) */
        assert_true(path_score(emit, n, trans, last, labels) == best);
        uint8_t labels32[4];
        int32_t score[4 * EG__TAG_ROW];
        eg__tag_viterbi32(emit, n, trans, last, score, labels32);
        assert_true(path_score(emit, n, trans, last, labels32) == best);
        assert_true(eg__tag_allowed(EG__TAG_LABELS, labels[0]));
        for (size_t i = 1; i < n; i++) assert_true(eg__tag_allowed(labels[i - 1], labels[i]));
    }
}

static void viterbi32_agrees_on_long_inputs(void **state)
{
    (void)state;
    /* emissions as large as 32 int16 weights make them, transitions up to
     * 2^20: the int32 decoder finds a path as good as the int64 one */
    enum { N = 400 };
    static int32_t emit[N * EG__TAG_ROW];
    static uint8_t back[N * EG__TAG_ROW], a[N], b[N];
    static int32_t score[N * EG__TAG_ROW];
    int32_t trans[(EG__TAG_LABELS + 2) * EG__TAG_ROW];
    for (int round = 0; round < 20; round++) {
        for (size_t i = 0; i < N * EG__TAG_ROW; i++) emit[i] = rnd(1000000);
        for (size_t i = 0; i < sizeof trans / sizeof *trans; i++) trans[i] = rnd(1 << 20);
        const int32_t *last = trans + (EG__TAG_LABELS + 1) * EG__TAG_ROW;
        eg__tag_viterbi(emit, N, trans, last, back, a);
        eg__tag_viterbi32(emit, N, trans, last, score, b);
        assert_true(path_score(emit, N, trans, last, a) == path_score(emit, N, trans, last, b));
    }
}

/* The margins against every path (n <= 4): margin[i] is the best path's
 * score less the best of the paths with another label at i, and the least
 * margin of a span is what the best path that labels it otherwise loses. */
static void margins_are_the_best_paths_loss(void **state)
{
    (void)state;
    int32_t emit[4 * EG__TAG_ROW], trans[(EG__TAG_LABELS + 2) * EG__TAG_ROW], score[4 * EG__TAG_ROW], margin[4];
    uint8_t labels[4], want[4], path[4];
    for (int round = 0; round < 600; round++) {
        size_t n = 1 + (size_t)round % 4;
        /* weights up to what the loader lets through in a fifth of the
         * rounds: 32 int8 rows' emissions, EG__TAG_MAX_TRANS */
        int big = round % 5 == 4;
        for (size_t i = 0; i < sizeof emit / sizeof *emit; i++) emit[i] = rnd(big ? 32 * 128 : round % 3 ? 1000 : 3);
        for (size_t i = 0; i < sizeof trans / sizeof *trans; i++)
            trans[i] = big ? rnd(4096) * 4096 : rnd(round % 2 ? 1000 : 10);
        const int32_t *last = trans + (EG__TAG_LABELS + 1) * EG__TAG_ROW;
        eg__tag_viterbi32(emit, n, trans, last, score, labels);
        int64_t best = brute_best(emit, n, trans, last, want);
        /* every instruction set, and every range of characters */
        unsigned level = (unsigned)round % 3;
        size_t lo = (size_t)round / 3 % n, hi = lo + 1 + (size_t)round / 7 % (n - lo);
        for (size_t i = 0; i < n; i++) margin[i] = -7;
        eg__tag_margins_at(emit, score, n, trans, last, labels, margin, lo, hi, level);
        for (size_t i = 0; i < n; i++)
            if (i < lo || i >= hi) assert_int_equal(margin[i], -7); /* untouched */
        int32_t part[4];
        memcpy(part, margin, sizeof part);
        eg__tag_margins(emit, score, n, trans, last, labels, margin);
        for (size_t i = lo; i < hi; i++) assert_int_equal(part[i], margin[i]);
        int64_t other[4] = {INT64_MIN, INT64_MIN, INT64_MIN, INT64_MIN}, span_other = INT64_MIN;
        for (size_t code = 0, total = path_count(n); code < total; code++) {
            if (!allowed_path(code, n, path)) continue;
            int64_t v = path_score(emit, n, trans, last, path);
            for (size_t i = 0; i < n; i++)
                if (path[i] != labels[i] && v > other[i]) other[i] = v;
            /* the span of characters 0 .. n - 1 labelled otherwise */
            if (memcmp(path, labels, n) && v > span_other) span_other = v;
        }
        int32_t least = INT32_MAX;
        for (size_t i = 0; i < n; i++) {
            assert_true(margin[i] >= 0);
            assert_int_equal(margin[i], best - other[i]);
            least = margin[i] < least ? margin[i] : least;
        }
        assert_int_equal(eg__tag_span_margin(margin, 0, n - 1), least);
        assert_int_equal(least, best - span_other);
    }
}

/* The margins as they were first written: a backward pass in int64 over
 * all labels, with no floor. The int32 passes give the very same margins
 * on long inputs with the largest weights the loader takes, at every
 * level and for any range of characters. */
#define REF_NEG_INF (INT64_MIN / 4)
static const uint8_t ref_outside_prev[7] = {0, 3, 4, 7, 8, 11, 12};
static const uint8_t ref_outside_next[7] = {0, 1, 4, 5, 8, 9, 12};
static void ref_margins64(const int32_t *emit, const int32_t *score, size_t n, const int32_t *trans, const int32_t *last,
                          const uint8_t *labels, int32_t *margin)
{
    enum { L = EG__TAG_LABELS };
    if (!n) return;
    int64_t alpha[L], beta[L], nb[L];
    /* the last step's forward scores, which viterbi32 kept in a register */
    for (unsigned y = 0; y < L; y++) {
        int64_t best = REF_NEG_INF;
        if (n == 1) best = eg__tag_allowed(L, y) ? trans[L * EG__TAG_ROW + y] : REF_NEG_INF;
        else
            for (unsigned p = 0; p < L; p++)
                if (eg__tag_allowed(p, y) && (int64_t)score[(n - 2) * EG__TAG_ROW + p] + trans[p * EG__TAG_ROW + y] > best)
                    best = (int64_t)score[(n - 2) * EG__TAG_ROW + p] + trans[p * EG__TAG_ROW + y];
        alpha[y] = best > REF_NEG_INF ? best + emit[(n - 1) * EG__TAG_ROW + y] : REF_NEG_INF;
        /* a path ends outside a name: O, E or S */
        beta[y] = y == 0 || (y - 1) % 4 >= 2 ? (int64_t)last[y] : REF_NEG_INF;
    }
    for (size_t i = n; i-- > 0;) {
        if (i + 1 < n)
            for (unsigned y = 0; y < L; y++) alpha[y] = score[i * EG__TAG_ROW + y];
        int64_t top = REF_NEG_INF, other = REF_NEG_INF;
        for (unsigned y = 0; y < L; y++) {
            int64_t m = alpha[y] + beta[y];
            if (y == labels[i]) top = m;
            else if (m > other) other = m;
        }
        int64_t d = top - other;
        margin[i] = d < 0 ? 0 : d > INT32_MAX ? INT32_MAX : (int32_t)d;
        if (!i) break;
        /* beta at i - 1: the best way on through a label at i, as the
         * forward pass goes: O, E and S on to O, B or S; B and I of a type
         * on to its I or E */
        const int32_t *e = emit + i * EG__TAG_ROW;
        int64_t g[L];
        for (unsigned y = 0; y < L; y++) g[y] = beta[y] + e[y];
        int64_t hi = REF_NEG_INF;
        for (unsigned q = 0; q < 7; q++) {
            unsigned p = ref_outside_prev[q];
            const int32_t *tr = trans + p * EG__TAG_ROW;
            int64_t best = g[0] + tr[0];
            for (unsigned k = 1; k < 7; k++) {
                int64_t v = g[ref_outside_next[k]] + tr[ref_outside_next[k]];
                best = v > best ? v : best;
            }
            nb[p] = best;
            hi = best > hi ? best : hi;
        }
        for (unsigned t = 0; t < 3; t++)
            for (unsigned p = 1 + 4 * t; p <= 2 + 4 * t; p++) { /* B, I */
                unsigned il = 2 + 4 * t, el = 3 + 4 * t;
                int64_t vi = g[il] + trans[p * EG__TAG_ROW + il], ve = g[el] + trans[p * EG__TAG_ROW + el];
                nb[p] = vi > ve ? vi : ve;
                hi = nb[p] > hi ? nb[p] : hi;
            }
        for (unsigned p = 0; p < L; p++) beta[p] = nb[p] - hi < REF_NEG_INF ? REF_NEG_INF : nb[p] - hi;
    }
}

static void margins_agree_with_the_int64_reference(void **state)
{
    (void)state;
    enum { N = 300 };
    static int32_t emit[N * EG__TAG_ROW], score[N * EG__TAG_ROW], want[N], got[N];
    static uint8_t labels[N];
    int32_t trans[(EG__TAG_LABELS + 2) * EG__TAG_ROW];
    const int32_t ranges[] = {0, 3, 200, 32 * 128};
    for (int round = 0; round < 64; round++) {
        int32_t re = ranges[round % 4];
        size_t n = 1 + (size_t)(round * 37) % N;
        for (size_t i = 0; i < N * EG__TAG_ROW; i++) emit[i] = rnd(re);
        for (size_t i = 0; i < sizeof trans / sizeof *trans; i++)
            trans[i] = round / 4 % 4 == 3 ? rnd(4096) * 4096 : rnd(ranges[round / 4 % 4]);
        const int32_t *last = trans + (EG__TAG_LABELS + 1) * EG__TAG_ROW;
        eg__tag_viterbi32(emit, n, trans, last, score, labels);
        ref_margins64(emit, score, n, trans, last, labels, want);
        size_t lo = (size_t)round * 11 % n, hi = lo + 1 + (size_t)round * 13 % (n - lo);
        for (unsigned level = 0; level <= 2; level++) {
            memset(got, 0, sizeof got);
            eg__tag_margins_at(emit, score, n, trans, last, labels, got, 0, n, level);
            assert_memory_equal(want, got, n * sizeof *got);
            memset(got, 0, sizeof got);
            eg__tag_margins_at(emit, score, n, trans, last, labels, got, lo, hi, level);
            assert_memory_equal(want + lo, got + lo, (hi - lo) * sizeof *got);
        }
    }
}

/* The int32 decoder as it was first written: every label's best
 * predecessor kept at every step (the first of equal ones, in ascending
 * order), then followed back. The decoder of tagging must pick the very
 * same path, ties included, or a faster decoder would change the output. */
#define REF_FLOOR (-(1 << 29))
static void ref_viterbi32(const int32_t *emit, size_t n, const int32_t *trans, const int32_t *last, uint8_t *back,
                          uint8_t *labels)
{
    int32_t cur[EG__TAG_LABELS], nxt[EG__TAG_LABELS];
    for (unsigned y = 0; y < EG__TAG_LABELS; y++)
        cur[y] = eg__tag_allowed(EG__TAG_LABELS, y) ? trans[EG__TAG_LABELS * EG__TAG_ROW + y] + emit[y] : REF_FLOOR;
    for (size_t i = 1; i < n; i++) {
        int32_t top = cur[0];
        for (unsigned y = 1; y < EG__TAG_LABELS; y++) top = cur[y] > top ? cur[y] : top;
        for (unsigned y = 0; y < EG__TAG_LABELS; y++) cur[y] = cur[y] - top < REF_FLOOR ? REF_FLOOR : cur[y] - top;
        for (unsigned y = 0; y < EG__TAG_LABELS; y++) {
            int32_t best = 0;
            int found = 0;
            for (unsigned p = 0; p < EG__TAG_LABELS; p++) {
                if (!eg__tag_allowed(p, y)) continue;
                int32_t v = cur[p] + trans[p * EG__TAG_ROW + y];
                if (!found || v > best) {
                    best = v;
                    back[i * EG__TAG_ROW + y] = (uint8_t)p;
                    found = 1;
                }
            }
            nxt[y] = best + emit[i * EG__TAG_ROW + y];
        }
        memcpy(cur, nxt, sizeof cur);
    }
    int64_t best = INT64_MIN;
    for (unsigned y = 0; y < EG__TAG_LABELS; y++) {
        if (y && ((y - 1) % 4 == 0 || (y - 1) % 4 == 1)) continue; /* ends outside a name */
        if ((int64_t)cur[y] + last[y] > best) {
            best = (int64_t)cur[y] + last[y];
            labels[n - 1] = (uint8_t)y;
        }
    }
    for (size_t i = n - 1; i > 0; i--) labels[i - 1] = back[i * EG__TAG_ROW + labels[i]];
}

static void viterbi32_breaks_ties_as_the_reference(void **state)
{
    (void)state;
    /* small ranges make many ties; large ones push labels to the floor */
    enum { N = 300 };
    static int32_t emit[N * EG__TAG_ROW], score[N * EG__TAG_ROW];
    static uint8_t back[N * EG__TAG_ROW], a[N], b[N];
    int32_t trans[(EG__TAG_LABELS + 2) * EG__TAG_ROW];
    const int32_t ranges[] = {0, 1, 3, 50, 1 << 20};
    for (int round = 0; round < 60; round++) {
        int32_t re = ranges[round % 5], rt = ranges[(round / 5) % 5];
        size_t n = 1 + (size_t)(round * 37) % N;
        for (size_t i = 0; i < N * EG__TAG_ROW; i++) emit[i] = rnd(re > 1 << 19 ? 1000000 : re);
        for (size_t i = 0; i < sizeof trans / sizeof *trans; i++) trans[i] = rnd(rt);
        const int32_t *last = trans + (EG__TAG_LABELS + 1) * EG__TAG_ROW;
        ref_viterbi32(emit, n, trans, last, back, a);
        for (unsigned level = 0; level <= 2; level++) {
            memset(b, 0xFF, n);
            eg__tag_viterbi32_at(emit, n, trans, last, score, b, level);
            assert_memory_equal(a, b, n);
        }
        eg__tag_viterbi32(emit, n, trans, last, score, b);
        assert_memory_equal(a, b, n);
        /* the scores may be the emissions themselves */
        eg__tag_viterbi32(emit, n, trans, last, emit, b);
        assert_memory_equal(a, b, n);
    }
}

static void viterbi_keeps_names_whole(void **state)
{
    (void)state;
    /* emissions that want I-PER everywhere: the path may not start or end
     * inside a name, so it is B I … E */
    int32_t emit[5 * EG__TAG_ROW] = {0}, trans[(EG__TAG_LABELS + 2) * EG__TAG_ROW] = {0};
    uint8_t back[5 * EG__TAG_ROW], labels[5];
    for (size_t i = 0; i < 5; i++) emit[i * EG__TAG_ROW + 2] = 100;
    eg__tag_viterbi(emit, 5, trans, trans + (EG__TAG_LABELS + 1) * EG__TAG_ROW, back, labels);
    const uint8_t want[5] = {1, 2, 2, 2, 3};
    assert_memory_equal(labels, want, 5);
    assert_false(eg__tag_allowed(0, 2));  /* O then I */
    assert_false(eg__tag_allowed(1, 6));  /* B-PER then I-LOC */
    assert_true(eg__tag_allowed(3, 9));   /* E-PER then B-ORG */
    assert_false(eg__tag_allowed(EG__TAG_LABELS, 3)); /* E first */
}

/* ---- the start bias ------------------------------------------------------ */

/* The start bias (eg_train_options.start_bias, eg__tag_add_start_bias): a
 * score added to every name of a type, written into the transitions.
 * Checked against brute force over every path, on a hand-made model whose
 * decision it flips, and through training (below). */

enum { BIAS_NT = (EG__TAG_LABELS + 2) * EG__TAG_ROW };

/* The bias the path's names bring: bias[t] for each B or S of type t. */
static int64_t names_bias(const uint8_t *path, size_t n, const int32_t bias[3])
{
    int64_t s = 0;
    for (size_t i = 0; i < n; i++)
        if (path[i] && ((path[i] - 1) % 4 == 0 || (path[i] - 1) % 4 == 3)) s += bias[(path[i] - 1) / 4];
    return s;
}

/* Every allowed path of up to four labels scores exactly the bias of its
 * names more, under random transitions and emissions; the decoder finds
 * the best path of the biased scores; nothing else of the table moves, and
 * a transition at the loader's bound stays within it. */
static void start_bias_adds_the_bias_of_each_name(void **state)
{
    (void)state;
    const int32_t biases[][3] = {{0, 0, 0}, {7, -5, 13}, {40, 0, 0}, {-30, 25, 1000}};
    for (size_t b = 0; b < sizeof biases / sizeof biases[0]; b++) {
        for (int round = 0; round < 20; round++) {
            int32_t plain[BIAS_NT], biased[BIAS_NT], emit[4 * EG__TAG_ROW], score[4 * EG__TAG_ROW];
            for (size_t i = 0; i < BIAS_NT; i++) plain[i] = rnd(40);
            for (size_t i = 0; i < 4 * EG__TAG_ROW; i++) emit[i] = rnd(60);
            memcpy(biased, plain, sizeof plain);
            eg__tag_add_start_bias(biased, biases[b]);
            for (unsigned p = 0; p < EG__TAG_LABELS + 2; p++)
                for (unsigned y = 0; y < EG__TAG_ROW; y++) {
                    int starts = y && y < EG__TAG_LABELS && ((y - 1) % 4 == 0 || (y - 1) % 4 == 3);
                    int moved = p <= EG__TAG_LABELS && starts && eg__tag_allowed(p, y);
                    int32_t want = plain[p * EG__TAG_ROW + y] + (moved ? biases[b][(y - 1) / 4] : 0);
                    assert_int_equal(biased[p * EG__TAG_ROW + y], want);
                }
            for (size_t n = 1; n <= 4; n++) {
                size_t total = path_count(n);
                uint8_t path[4], best_path[4], got[4];
                int64_t best = INT64_MIN;
                for (size_t code = 0; code < total; code++) {
                    if (!allowed_path(code, n, path)) continue;
                    int64_t s = path_score(emit, n, biased, biased + (EG__TAG_LABELS + 1) * EG__TAG_ROW, path);
                    assert_true(s - path_score(emit, n, plain, plain + (EG__TAG_LABELS + 1) * EG__TAG_ROW, path) == names_bias(path, n, biases[b]));
                    if (s > best) {
                        best = s;
                        memcpy(best_path, path, n);
                    }
                }
                eg__tag_viterbi32(emit, n, biased, biased + (EG__TAG_LABELS + 1) * EG__TAG_ROW, score, got);
                assert_true(path_score(emit, n, biased, biased + (EG__TAG_LABELS + 1) * EG__TAG_ROW, got) == best);
            }
        }
    }
    /* held within the loader's bound */
    int32_t t[BIAS_NT];
    for (size_t i = 0; i < BIAS_NT; i++) t[i] = EG__TAG_MAX_TRANS - 3;
    const int32_t up[3] = {1000, 0, 0}, down[3] = {0, -1000, 0};
    eg__tag_add_start_bias(t, up);
    assert_int_equal(t[EG__TAG_LABELS * EG__TAG_ROW + 1], EG__TAG_MAX_TRANS); /* start -> B-PER */
    assert_int_equal(t[EG__TAG_LABELS * EG__TAG_ROW + 2], EG__TAG_MAX_TRANS - 3); /* I-PER: no name starts there */
    for (size_t i = 0; i < BIAS_NT; i++) t[i] = -EG__TAG_MAX_TRANS + 3;
    eg__tag_add_start_bias(t, down);
    assert_int_equal(t[0 * EG__TAG_ROW + 8], -EG__TAG_MAX_TRANS); /* O -> S-LOC */
}

/* ---- features ------------------------------------------------------------ */

static size_t decode(const char *s, uint32_t *cp)
{
    size_t n = 0, len = strlen(s);
    for (size_t i = 0; i < len;) cp[n++] = eg__utf8_decode(s, len, &i, NULL);
    return n;
}

static void features_are_bounded_and_see_the_spans(void **state)
{
    (void)state;
    uint32_t cp[32];
    size_t n = decode("昨天白沙洲的码头很忙", cp);
    uint32_t feat[32 * EG__TAG_MAXF], feat2[32 * EG__TAG_MAXF];
    uint8_t nf[32], nf2[32];
    eg__tag_class_cache *cc = calloc(1, sizeof *cc);
    assert_non_null(cc);
    eg__tag_input in = {cp, n, NULL, 0, NULL};
    eg__tag_features(&in, 10, feat, nf, cc);
    for (size_t i = 0; i < n; i++) {
        assert_true(nf[i] > 10 && nf[i] <= EG__TAG_MAXF);
        for (size_t k = 0; k < nf[i]; k++) assert_true(feat[i * EG__TAG_MAXF + k] < 1024);
    }
    /* the same with or without the cache */
    eg__tag_features(&in, 10, feat2, nf2, NULL);
    assert_memory_equal(nf, nf2, n);
    for (size_t i = 0; i < n; i++) assert_memory_equal(feat + i * EG__TAG_MAXF, feat2 + i * EG__TAG_MAXF, nf[i] * 4);
    /* a dictionary place on 白沙洲 adds features to its characters and to
     * the characters beside it, and to no other */
    eg__tag_span sp = {2, 5, 1 /* EG__T_LOC */, 0};
    eg__tag_input in2 = {cp, n, &sp, 1, NULL};
    eg__tag_features(&in2, 10, feat2, nf2, cc);
    for (size_t i = 0; i < n; i++) {
        if (i >= 1 && i <= 5) assert_true(nf2[i] > nf[i]);
        else assert_int_equal(nf2[i], nf[i]);
    }
    /* a span out of range is ignored */
    eg__tag_span bad = {3, 99, 1, 0};
    eg__tag_input in3 = {cp, n, &bad, 1, NULL};
    eg__tag_features(&in3, 10, feat2, nf2, cc);
    assert_memory_equal(nf, nf2, n);
    free(cc);
}

/* Features of a paragraph taken in pieces (as tagging does) are those of
 * the whole, with spans across the pieces' edges. */
static void features_in_pieces_are_the_whole(void **state)
{
    (void)state;
    enum { N = 300 };
    static uint32_t cp[N], whole[N * EG__TAG_MAXF], part[N * EG__TAG_MAXF];
    static uint8_t nf_whole[N], nf_part[N];
    for (size_t i = 0; i < N; i++) cp[i] = i % 17 == 16 ? 0x3002 : 0x4E00 + (uint32_t)((i * 7919) % 3000);
    eg__tag_span sp[40];
    for (size_t k = 0; k < 40; k++) {
        sp[k].start = (uint32_t)((k * 131) % (N - 6));
        sp[k].end = sp[k].start + 1 + (uint32_t)(k % 5);
        sp[k].kind = (uint16_t)(k % 3);
        sp[k].src = (uint16_t)(k % 4);
    }
    sp[0].start = 0; /* at the paragraph's edges */
    sp[1].end = N;
    eg__tag_input in = {cp, N, sp, 40, NULL};
    eg__tag_features(&in, 14, whole, nf_whole, NULL);
    const size_t pieces[] = {1, 3, 7, 64, EG__TAG_CHUNK, N};
    for (size_t q = 0; q < sizeof pieces / sizeof *pieces; q++) {
        memset(part, 0, sizeof part);
        for (size_t lo = 0; lo < N; lo += pieces[q]) {
            size_t hi = lo + pieces[q] < N ? lo + pieces[q] : N;
            eg__tag_features_range(&in, 14, 0, lo, hi, part + lo * EG__TAG_MAXF, nf_part + lo, NULL);
        }
        assert_memory_equal(nf_whole, nf_part, N);
        for (size_t i = 0; i < N; i++)
            assert_memory_equal(whole + i * EG__TAG_MAXF, part + i * EG__TAG_MAXF, nf_whole[i] * sizeof *whole);
    }
}

/* The emission scores are the exact sums of the rows, at the int8 extremes
 * too (a full character of -128 rows, one of 127), whatever the rows'
 * order. */
static void emissions_sum_rows_exactly(void **state)
{
    (void)state;
    enum { ROWS = 64, N = 3 };
    int8_t *w = NULL;
    assert_int_equal(posix_memalign((void **)&w, 64, ROWS * EG__TAG_ROW), 0);
    for (size_t i = 0; i < ROWS * EG__TAG_ROW; i++) w[i] = (int8_t)rnd(128);
    for (size_t y = 0; y < EG__TAG_ROW; y++) {
        w[0 * EG__TAG_ROW + y] = -128;
        w[1 * EG__TAG_ROW + y] = 127;
    }
    uint32_t feat[N * EG__TAG_MAXF];
    uint8_t nf[N] = {EG__TAG_MAXF, EG__TAG_MAXF, 7};
    for (size_t k = 0; k < EG__TAG_MAXF; k++) {
        feat[k] = 0;
        feat[EG__TAG_MAXF + k] = 1;
        feat[2 * EG__TAG_MAXF + k] = (uint32_t)(2 + (k * 37) % (ROWS - 2));
    }
    int32_t emit[N * EG__TAG_ROW];
    for (unsigned level = 0; level <= 3; level++) { /* plain C, SSE2, AVX2 (where the processor has them) */
        memset(emit, 0x55, sizeof emit);
        if (level < 3) eg__tag_emit8_at(w, feat, nf, N, emit, level);
        else eg__tag_emit8(w, feat, nf, N, emit);
        for (size_t i = 0; i < N; i++)
            for (size_t y = 0; y < EG__TAG_ROW; y++) {
                int32_t want = 0;
                for (size_t k = 0; k < nf[i]; k++) want += w[feat[i * EG__TAG_MAXF + k] * EG__TAG_ROW + y];
                assert_int_equal(emit[i * EG__TAG_ROW + y], want);
            }
        assert_int_equal(emit[0], -128 * EG__TAG_MAXF);
        assert_int_equal(emit[EG__TAG_ROW], 127 * EG__TAG_MAXF);
    }
    free(w);
}

/* A character's unigram rows at its five offsets lie in one block of eight
 * rows, a pair's bigram rows at its four offsets in one block of four: the
 * same blocks at each character that sees them, their rows by offset. */
static void unigrams_and_bigrams_share_blocks(void **state)
{
    (void)state;
    uint32_t cp[8];
    size_t n = decode("甲乙丙丁戊己", cp);
    uint32_t feat[8 * EG__TAG_MAXF];
    uint8_t nf[8];
    eg__tag_input in = {cp, n, NULL, 0, NULL};
    eg__tag_features(&in, 12, feat, nf, NULL);
    /* 丙 (index 2) at offsets +2, +1, 0, -1, -2: feature 5 - d of character d */
    for (size_t i = 0; i < 5; i++) {
        uint32_t r = feat[i * EG__TAG_MAXF + 5 - i];
        assert_int_equal(r >> 3, feat[0 * EG__TAG_MAXF + 5] >> 3);
        assert_int_equal(r & 7, i); /* its slot: +2 is 0 .. -2 is 4 */
    }
    /* the pair 丙丁 (2, 3) at offsets (+1, +2) .. (-2, -1): feature 9 - d */
    for (size_t i = 1; i < 5; i++) {
        uint32_t r = feat[i * EG__TAG_MAXF + 9 - (i - 1)];
        assert_int_equal(r >> 2, feat[1 * EG__TAG_MAXF + 9] >> 2);
        assert_int_equal(r & 3, i - 1);
    }
}

/* ---- a hand-made model ---------------------------------------------------- */

#define BITS 10

/* A model image of 2^BITS rows, all weights zero, transitions zero. */
static unsigned char *empty_model(size_t *size)
{
    unsigned char *buf = test_empty_model(BITS, size);
    assert_non_null(buf);
    return buf;
}

/* Sets the weights so that each character of text gets want[i]: the row of
 * its own character (feature 3, the unigram at the character) votes for it.
 * The bias row (feature 0) votes for O a little, so that unseen characters
 * are outside names. */
static void force_path(unsigned char *buf, size_t size, const char *text, const uint8_t *want)
{
    uint32_t cp[64];
    size_t n = decode(text, cp);
    uint32_t feat[64 * EG__TAG_MAXF];
    uint8_t nf[64];
    eg__tag_input in = {cp, n, NULL, 0, NULL};
    eg__tag_features(&in, BITS, feat, nf, NULL);
    int8_t *w = (int8_t *)(void *)(buf + TEST_MODEL_WEIGHTS);
    w[feat[0] * EG__TAG_ROW + 0] = 1; /* bias: the same row for every character */
    for (size_t i = 0; i < n; i++) w[feat[i * EG__TAG_MAXF + 3] * EG__TAG_ROW + want[i]] = 100;
    eg__egt_seal(buf, size);
}

/* A run of transliteration characters is seen whole: a character's
 * features tell how far the run reaches beyond the window of -2 .. +2
 * (卡特琳娜斯 and 我特琳娜斯 differ at 斯 in that row alone), and a middle
 * dot between two runs (雷诺·卡特) has a row a pause mark there (、)
 * lacks, as have the characters beside it. */
static void transliteration_run_features(void **state)
{
    (void)state;
    uint32_t a[16], b[16];
    size_t n = decode("它叫卡特琳娜斯了", a);
    assert_int_equal(decode("它叫我特琳娜斯了", b), n);
    uint32_t fa[16 * EG__TAG_MAXF], fb[16 * EG__TAG_MAXF];
    uint8_t na[16], nb[16];
    eg__tag_input ia = {a, n, NULL, 0, NULL}, ib = {b, n, NULL, 0, NULL};
    eg__tag_features(&ia, BITS, fa, na, NULL);
    eg__tag_features(&ib, BITS, fb, nb, NULL);
    assert_int_equal(na[6], nb[6]);
    size_t differ = 0;
    for (size_t k = 0; k < na[6]; k++) differ += fa[6 * EG__TAG_MAXF + k] != fb[6 * EG__TAG_MAXF + k];
    assert_int_equal(differ, 1);
    /* a plain character has no such rows: 我 has fewer than 卡 */
    assert_true(nb[2] < na[2]);

    n = decode("他见雷诺·卡特说", a);
    assert_int_equal(decode("他见雷诺、卡特说", b), n);
    ib.n = ia.n = n;
    eg__tag_features(&ia, BITS, fa, na, NULL);
    eg__tag_features(&ib, BITS, fb, nb, NULL);
    assert_int_equal(na[4], nb[4] + 1);
    assert_memory_not_equal(fa + 3 * EG__TAG_MAXF, fb + 3 * EG__TAG_MAXF, na[3] * 4);
    assert_memory_not_equal(fa + 5 * EG__TAG_MAXF, fb + 5 * EG__TAG_MAXF, na[5] * 4);
    /* and at the ends of the paragraph */
    n = decode("雷诺", a);
    ia.n = n;
    eg__tag_features(&ia, BITS, fa, na, NULL);
    assert_true(na[0] > 0 && na[1] > 0);
}

/* The segmentation's features: a word the lexicon marks as a name adds
 * rows its plain twin does not, at its own characters and (through the
 * neighbours' context) beside them only; a model that weighs those rows
 * labels the word a person, and the same text segmented without the name
 * mark, or not segmented, stays outside names. */
static void segmentation_features_fire(void **state)
{
    (void)state;
    uint32_t cp[16];
    size_t n = decode("他叫岚山说好", cp);
    const uint8_t named[] = {EG__SEG_MAKE(EG__SEG_S, 1, 0), EG__SEG_MAKE(EG__SEG_S, 1, 0),
                             EG__SEG_MAKE(EG__SEG_B, 2, 1), EG__SEG_MAKE(EG__SEG_E, 2, 1),
                             EG__SEG_MAKE(EG__SEG_S, 1, 0), EG__SEG_MAKE(EG__SEG_S, 1, 0)};
    uint8_t plain[6];
    for (size_t i = 0; i < n; i++) plain[i] = named[i] & (uint8_t)~EG__SEG_NAME;
    uint32_t f0[16 * EG__TAG_MAXF], f1[16 * EG__TAG_MAXF], f2[16 * EG__TAG_MAXF];
    uint8_t n0[16], n1[16], n2[16];
    eg__tag_input in0 = {cp, n, NULL, 0, NULL}, in1 = {cp, n, NULL, 0, named}, in2 = {cp, n, NULL, 0, plain};
    eg__tag_features(&in0, BITS, f0, n0, NULL);
    eg__tag_features(&in1, BITS, f1, n1, NULL);
    eg__tag_features(&in2, BITS, f2, n2, NULL);
    for (size_t i = 0; i < n; i++) {
        /* its place, with its neighbours', and the character at its place */
        assert_int_equal(n1[i], n0[i] + 3);
        assert_int_equal(n2[i], n1[i]);
        assert_memory_equal(f0 + i * EG__TAG_MAXF, f1 + i * EG__TAG_MAXF, n0[i] * 4);
        int differs = memcmp(f1 + i * EG__TAG_MAXF, f2 + i * EG__TAG_MAXF, n1[i] * 4) != 0;
        assert_int_equal(differs, i >= 1 && i <= 4);
    }
    /* a model whose only name weights are on the named word's own rows */
    size_t size;
    unsigned char *buf = empty_model(&size);
    int8_t *w = (int8_t *)(void *)(buf + TEST_MODEL_WEIGHTS);
    w[f1[0] * EG__TAG_ROW + 0] = 1;
    const uint8_t want[] = {0, 0, 1, 3, 0, 0}; /* 岚山: B-PER E-PER */
    for (size_t i = 2; i <= 3; i++)
        for (unsigned k = n0[i]; k < n1[i]; k++)
            if (f1[i * EG__TAG_MAXF + k] != f2[i * EG__TAG_MAXF + k]) w[f1[i * EG__TAG_MAXF + k] * EG__TAG_ROW + want[i]] = 100;
    eg__egt_seal(buf, size);
    eg_tagger *t = NULL;
    eg_error err = {0};
    assert_int_equal(eg_tagger_open_buffer(buf, size, &t, &err), EG_OK);
    eg__tag_scratch s;
    memset(&s, 0, sizeof s);
    assert_int_equal(eg__tag_scratch_reserve(&s, 16, 4), EG_OK);
    memcpy(s.cp, cp, n * sizeof *cp);
    const uint8_t none[6] = {0};
    eg__tag_input a = {s.cp, n, NULL, 0, named}, b = {s.cp, n, NULL, 0, plain}, c = {s.cp, n, NULL, 0, NULL};
    eg__tagger_label(t, &s, &a);
    assert_memory_equal(s.labels, want, n);
    eg__tagger_label(t, &s, &b);
    assert_memory_equal(s.labels, none, n);
    eg__tagger_label(t, &s, &c);
    assert_memory_equal(s.labels, none, n);
    eg__tag_scratch_free(&s);
    eg_tagger_free(t);
    free(buf);
}

/* The tagger's labels of a long paragraph, taken in pieces with each
 * piece shown only the spans that may touch it, are those of its features
 * computed whole, summed plainly and decoded: with spans sorted by start
 * (as extract gives them; a long one across several pieces, a pile at one
 * character beyond the feature limit, spans at both ends) and unsorted. */
static void labelling_in_pieces_is_the_whole(void **state)
{
    (void)state;
    enum { N = 1000, S = 160 };
    size_t size;
    unsigned char *buf = empty_model(&size);
    int8_t *w = (int8_t *)(void *)(buf + TEST_MODEL_WEIGHTS);
    for (size_t r = 0; r < ((size_t)1 << BITS) * EG__TAG_ROW; r++) w[r] = (int8_t)(rnd(255) - 127);
    eg__egt_seal(buf, size);
    eg_tagger *t = NULL;
    eg_error err = {0};
    assert_int_equal(eg_tagger_open_buffer(buf, size, &t, &err), EG_OK);
    static uint32_t feat[N * EG__TAG_MAXF];
    static uint8_t nf[N], want[N];
    static int32_t emit[N * EG__TAG_ROW];
    eg__tag_span sp[S];
    size_t m = 0;
    for (uint32_t k = 0; k < 20; k++) sp[m++] = (eg__tag_span){300, 301 + k % 6, (uint16_t)(k % 3), (uint16_t)k};
    sp[m++] = (eg__tag_span){0, 2, 1, 0};
    sp[m++] = (eg__tag_span){90, 490, 2, 3};
    sp[m++] = (eg__tag_span){N - 3, N, 0, 1};
    while (m < S) {
        uint32_t a = (uint32_t)rnd(N - 8);
        sp[m++] = (eg__tag_span){a, a + 1 + (uint32_t)rnd(6), (uint16_t)rnd(3), (uint16_t)rnd(4)};
    }
    eg__tag_scratch s;
    memset(&s, 0, sizeof s);
    assert_int_equal(eg__tag_scratch_reserve(&s, N, S), EG_OK);
    for (size_t i = 0; i < N; i++) s.cp[i] = i % 23 == 22 ? 0x3002 : 0x4E00 + (uint32_t)rnd(200);
    for (int sorted = 0; sorted < 2; sorted++) {
        if (sorted) /* by start, ties in their order */
            for (size_t a = 1; a < S; a++)
                for (size_t b = a; b > 0 && sp[b - 1].start > sp[b].start; b--) {
                    eg__tag_span tmp = sp[b];
                    sp[b] = sp[b - 1];
                    sp[b - 1] = tmp;
                }
        eg__tag_input in = {s.cp, N, sp, S, NULL};
        eg__tag_features(&in, BITS, feat, nf, NULL);
        assert_true(nf[300] >= EG__TAG_MAXF - 2); /* the pile reached the limit */
        eg__tag_emit8(t->w, feat, nf, N, emit);
        eg__tag_viterbi32(emit, N, t->trans, t->trans + (EG__TAG_LABELS + 1) * EG__TAG_ROW, emit, want);
        eg__tagger_label(t, &s, &in);
        assert_memory_equal(s.labels, want, N);
    }
    eg__tag_scratch_free(&s);
    eg_tagger_free(t);
    free(buf);
}

static void hand_made_model_forces_its_path(void **state)
{
    (void)state;
    size_t size;
    unsigned char *buf = empty_model(&size);
    /* 某 O, 柯 B-PER, 岚 E-PER, 到 O, 梧 B-LOC, 州 E-LOC, 。 S-ORG (which
     * the extractor drops: a name has a letter) */
    const uint8_t want[] = {0, 1, 3, 0, 5, 7, 12};
    force_path(buf, size, "某柯岚到梧州。", want);
    eg_tagger *t = NULL;
    eg_error err = {0};
    assert_int_equal(eg_tagger_open_buffer(buf, size, &t, &err), EG_OK);
    assert_int_equal(eg_tagger_bytes(t), size);
    eg__tag_scratch s;
    memset(&s, 0, sizeof s);
    assert_int_equal(eg__tag_scratch_reserve(&s, 16, 4), EG_OK);
    size_t n = decode("某柯岚到梧州。", s.cp);
    eg__tag_input in = {s.cp, n, NULL, 0, NULL};
    eg__tagger_label(t, &s, &in);
    assert_memory_equal(s.labels, want, n);

    /* Through the extractor: 柯岚 is a person no rule finds (no title, no
     * verb), 梧州 a place the registry knows, so it keeps its identity. */
    const char *tsv = "id\tname\ttype\taliases\tparent\nloc:wz\t梧州\tLOC\t\t\n";
    eg_dict *d = NULL;
    assert_int_equal(eg_dict_new(&d), EG_OK);
    assert_int_equal(eg_dict_load_buffer(d, "mem.tsv", tsv, strlen(tsv), &err), EG_OK);
    eg_extractor *x = NULL, *y = NULL;
    assert_int_equal(eg_extractor_new(&x, d, NULL, &err), EG_OK);
    eg_doc_mentions dm = {0};
    const char *text = "某柯岚到梧州。";
    assert_int_equal(eg_extractor_run(x, text, strlen(text), &dm, &err), EG_OK);
    assert_int_equal(dm.n, 1); /* without the tagger: the place only */
    eg_extractor_set_tagger(x, t, EG_TAGGER_ONLY);
    assert_int_equal(eg_extractor_clone(x, &y, &err), EG_OK);
    for (int k = 0; k < 2; k++) {
        assert_int_equal(eg_extractor_run(k ? y : x, text, strlen(text), &dm, &err), EG_OK);
        assert_int_equal(dm.n, 2);
        const eg_entity *p = eg_extractor_entity(k ? y : x, dm.v[0].entity);
        assert_int_equal(dm.v[0].start, 1);
        assert_int_equal(dm.v[0].end, 3);
        assert_string_equal(p->id, "per:柯岚");
        assert_string_equal(p->type, "PER");
        assert_string_equal(p->source, "model");
        assert_string_equal(eg_extract_rule_name(dm.v[0].rule), "model");
        assert_true(eg_extract_rule_confidence(dm.v[0].rule) < 1.0);
        assert_string_equal(eg_extractor_entity(k ? y : x, dm.v[1].entity)->id, "loc:wz");
        assert_string_equal(eg_extract_rule_name(dm.v[1].rule), "dict");
    }
    /* the tagger taken away: as before */
    eg_extractor_set_tagger(x, NULL, EG_TAGGER_ONLY);
    assert_int_equal(eg_extractor_run(x, text, strlen(text), &dm, &err), EG_OK);
    assert_int_equal(dm.n, 1);
    eg_doc_mentions_destroy(&dm);
    eg_extractor_free(y);
    eg_extractor_free(x);
    eg_dict_free(d);
    eg__tag_scratch_free(&s);
    eg_tagger_free(t);
    free(buf);
}

/* The margins of a hand-made model: each character's own row votes 100
 * for its label, the bias row 1 for O, no transition weighs anything. 某
 * labelled otherwise loses its 101 (S of a type: 0); either character of
 * 柯岚 labelled otherwise takes the other with it (B needs its E), the
 * best such path being O O: 200 - 2; 。 as O instead of S-ORG: 100 - 1. */
static void hand_made_model_gives_known_margins(void **state)
{
    (void)state;
    size_t size;
    unsigned char *buf = empty_model(&size);
    const uint8_t want[] = {0, 1, 3, 0, 5, 7, 12};
    force_path(buf, size, "某柯岚到梧州。", want);
    eg_tagger *t = NULL;
    eg_error err = {0};
    assert_int_equal(eg_tagger_open_buffer(buf, size, &t, &err), EG_OK);
    eg__tag_scratch s;
    memset(&s, 0, sizeof s);
    assert_int_equal(eg__tag_scratch_reserve(&s, 16, 4), EG_OK);
    size_t n = decode("某柯岚到梧州。", s.cp);
    eg__tag_input in = {s.cp, n, NULL, 0, NULL};
    eg__tagger_label(t, &s, &in);
    assert_memory_equal(s.labels, want, n);
    const int32_t margins[] = {101, 198, 198, 101, 198, 198, 99};
    const int32_t *last = t->trans + (EG__TAG_LABELS + 1) * EG__TAG_ROW;
    eg__tag_margins(s.emit, s.score, n, t->trans, last, s.labels, s.margin);
    for (size_t i = 0; i < n; i++) assert_int_equal(s.margin[i], margins[i]);
    /* the tagger's own: from the character before its first name (某, is
     * the name's edge sure?) to the one after its last */
    for (size_t i = 0; i < n; i++) s.margin[i] = -1;
    eg__tagger_margins(t, &s, n);
    for (size_t i = 0; i < n; i++) assert_int_equal(s.margin[i], margins[i]);
    /* without a name, none is written */
    const uint8_t none[] = {0, 0, 0, 0, 0, 0, 0};
    memcpy(s.labels, none, n);
    for (size_t i = 0; i < n; i++) s.margin[i] = -1;
    eg__tagger_margins(t, &s, n);
    for (size_t i = 0; i < n; i++) assert_int_equal(s.margin[i], -1);
    eg__tagger_label(t, &s, &in); /* (the path again, for what follows) */
    eg__tagger_margins(t, &s, n);
    assert_int_equal(eg__tag_span_margin(s.margin, 1, 2), 198);
    /* a weaker vote for 岚's E: the person is less sure, the rest is not */
    uint32_t feat[16 * EG__TAG_MAXF];
    uint8_t nf[16];
    eg__tag_features(&in, BITS, feat, nf, NULL);
    int8_t *w = (int8_t *)(void *)(buf + TEST_MODEL_WEIGHTS);
    w[feat[2 * EG__TAG_MAXF + 3] * EG__TAG_ROW + 3] = 30;
    eg__egt_seal(buf, size);
    eg_tagger_free(t);
    t = NULL;
    assert_int_equal(eg_tagger_open_buffer(buf, size, &t, &err), EG_OK);
    eg__tagger_label(t, &s, &in);
    assert_memory_equal(s.labels, want, n);
    eg__tagger_margins(t, &s, n);
    assert_int_equal(eg__tag_span_margin(s.margin, 1, 2), 130 - 2);
    assert_int_equal(s.margin[3], 101);
    eg__tag_scratch_free(&s);
    eg_tagger_free(t);
    free(buf);
}

/* 某柯岚到。 with weights on each character's own row (feature 3) and the
 * bias row (feature 0, 1 for O at every character): 某, 到 and 。 100 for
 * O; 柯 60 for O and 50 for B-PER, 岚 60 for O and 50 for E-PER. Without
 * a bias 柯岚 is no name (O O: 122, B E: 100); transitions zero but the
 * start bias. */
static unsigned char *person_model(const int32_t bias[3], size_t *size)
{
    unsigned char *buf = test_empty_model(BITS, size);
    assert_non_null(buf);
    uint32_t cp[8], feat[8 * EG__TAG_MAXF];
    uint8_t nf[8];
    size_t n = decode("某柯岚到。", cp);
    eg__tag_input in = {cp, n, NULL, 0, NULL};
    eg__tag_features(&in, BITS, feat, nf, NULL);
    int8_t *w = (int8_t *)(void *)(buf + TEST_MODEL_WEIGHTS);
    const uint8_t lab[5] = {0, 1, 3, 0, 0};
    const int8_t vote[5] = {100, 50, 50, 100, 100};
    w[feat[0] * EG__TAG_ROW + 0] = 1;
    for (size_t i = 0; i < n; i++) {
        int8_t *r = w + (size_t)feat[i * EG__TAG_MAXF + 3] * EG__TAG_ROW;
        r[lab[i]] = vote[i];
        if (lab[i]) r[0] = 60;
    }
    eg__tag_add_start_bias((int32_t *)(void *)(buf + 128), bias);
    eg__egt_seal(buf, *size);
    return buf;
}

/* Labels 某柯岚到。 with the person model under bias; the margin of 柯 into
 * *margin. */
static void label_with_bias(const int32_t bias[3], uint8_t *labels, int32_t *margin)
{
    size_t size;
    unsigned char *buf = person_model(bias, &size);
    eg_tagger *t = NULL;
    eg_error err = {0};
    assert_int_equal(eg_tagger_open_buffer(buf, size, &t, &err), EG_OK); /* the loader takes it */
    eg__tag_scratch s;
    memset(&s, 0, sizeof s);
    assert_int_equal(eg__tag_scratch_reserve(&s, 16, 4), EG_OK);
    size_t n = decode("某柯岚到。", s.cp);
    eg__tag_input in = {s.cp, n, NULL, 0, NULL};
    eg__tagger_label(t, &s, &in);
    memcpy(labels, s.labels, n);
    *margin = -1;
    if (s.labels[1]) {
        eg__tagger_margins(t, &s, n);
        *margin = eg__tag_span_margin(s.margin, 1, 2);
    }
    eg__tag_scratch_free(&s);
    eg_tagger_free(t);
    free(buf);
}

static void start_bias_flips_a_hand_made_path(void **state)
{
    (void)state;
    const uint8_t none[5] = {0, 0, 0, 0, 0}, person[5] = {0, 1, 3, 0, 0};
    uint8_t got[5];
    int32_t m;
    const int32_t zero[3] = {0, 0, 0}, per21[3] = {21, 0, 0}, per23[3] = {23, 0, 0}, per30[3] = {30, 0, 0},
                  loc30[3] = {0, 30, 30}, per30_neg[3] = {30, -90, -90};
    label_with_bias(zero, got, &m); /* 0 leaves the path: no name */
    assert_memory_equal(got, none, 5);
    label_with_bias(per21, got, &m); /* 121 < 122 */
    assert_memory_equal(got, none, 5);
    label_with_bias(loc30, got, &m); /* another type's bias: nothing to gain */
    assert_memory_equal(got, none, 5);
    label_with_bias(per23, got, &m); /* 123 > 122: the person */
    assert_memory_equal(got, person, 5);
    assert_int_equal(m, 1);
    label_with_bias(per30, got, &m); /* its margin includes the bias: 130 - 122 */
    assert_memory_equal(got, person, 5);
    assert_int_equal(m, 8);
    label_with_bias(per30_neg, got, &m); /* the other types' do not touch it */
    assert_memory_equal(got, person, 5);
    assert_int_equal(m, 8);
}

static void keep_dict_keeps_what_the_tagger_missed(void **state)
{
    (void)state;
    size_t size;
    unsigned char *buf = empty_model(&size);
    const uint8_t want[] = {0, 1, 3, 0, 0, 0}; /* the tagger sees 柯岚, not 梧州 */
    force_path(buf, size, "某柯岚到梧州", want);
    eg_tagger *t = NULL;
    eg_error err = {0};
    assert_int_equal(eg_tagger_open_buffer(buf, size, &t, &err), EG_OK);
    const char *tsv = "id\tname\ttype\taliases\tparent\nloc:wz\t梧州\tLOC\t\t\n";
    eg_dict *d = NULL;
    assert_int_equal(eg_dict_new(&d), EG_OK);
    assert_int_equal(eg_dict_load_buffer(d, "mem.tsv", tsv, strlen(tsv), &err), EG_OK);
    eg_extractor *x = NULL;
    assert_int_equal(eg_extractor_new(&x, d, NULL, &err), EG_OK);
    eg_doc_mentions dm = {0};
    const char *text = "某柯岚到梧州";
    eg_extractor_set_tagger(x, t, EG_TAGGER_ONLY);
    assert_int_equal(eg_extractor_run(x, text, strlen(text), &dm, &err), EG_OK);
    assert_int_equal(dm.n, 1);
    eg_extractor_set_tagger(x, t, EG_TAGGER_KEEP_DICT);
    assert_int_equal(eg_extractor_run(x, text, strlen(text), &dm, &err), EG_OK);
    assert_int_equal(dm.n, 2);
    assert_string_equal(eg_extractor_entity(x, dm.v[1].entity)->id, "loc:wz");
    eg_doc_mentions_destroy(&dm);
    eg_extractor_free(x);
    eg_dict_free(d);
    eg_tagger_free(t);
    free(buf);
}

/* ---- the loader on damaged files ----------------------------------------- */

static void expect_refused(const unsigned char *buf, size_t size, const char *why)
{
    eg_tagger *t = (eg_tagger *)(uintptr_t)1;
    eg_error err = {0};
    assert_int_equal(eg_tagger_open_buffer(buf, size, &t, &err), EG_EPARSE);
    assert_null(t);
    if (!strstr(err.message, why)) fail_msg("'%s' does not say '%s'", err.message, why);
}

static void loader_refuses_damaged_models(void **state)
{
    (void)state;
    size_t size;
    unsigned char *good = empty_model(&size), *buf = malloc(size);
    assert_non_null(buf);
    egt_header h;
    eg_tagger *t = NULL;
    eg_error err = {0};
    assert_int_equal(eg_tagger_open_buffer(good, size, &t, &err), EG_OK);
    eg_tagger_free(t);

    expect_refused(good, 10, "too short");
    expect_refused(good, size - 2, "truncated");
    memcpy(buf, good, size);
    buf[0] = 'X';
    expect_refused(buf, size, "not an entgraph tagger model");
    memcpy(buf, good, size);
    buf[size - 1] ^= 1; /* a weight changed, the checksum not */
    expect_refused(buf, size, "checksum");
/* the image from_ of size_ bytes, copied to to_ with one header field
 * changed (and sealed again), is refused for why */
#define DAMAGE_OF(from_, to_, size_, field, value, why) \
    do {                                                \
        memcpy(to_, from_, size_);                      \
        memcpy(&h, to_, sizeof h);                      \
        h.field = value;                                \
        memcpy(to_, &h, sizeof h);                      \
        eg__egt_seal(to_, size_);                       \
        expect_refused(to_, size_, why);                \
    } while (0)
#define DAMAGE(field, value, why) DAMAGE_OF(good, buf, size, field, value, why)
    DAMAGE(bom, 0x04030201u, "byte order");
    DAMAGE(version, EGT_VERSION + 1, "another version");
    DAMAGE(features_version, EG__TAG_FEATURES_VERSION + 1, "another version");
    DAMAGE(labels, 9, "label set");
    DAMAGE(bits, 30, "table size");
    DAMAGE(bits, BITS + 1, "out of bounds"); /* the table would pass the end */
    DAMAGE(off_weights, size, "out of bounds");
    DAMAGE(off_weights, 130, "out of bounds"); /* not aligned */
    DAMAGE(off_trans, (uint64_t)-64, "out of bounds");
    DAMAGE(off_weights, 128, "out of bounds"); /* overlaps the transitions */
    memcpy(buf, good, size);
    int32_t big = EG__TAG_MAX_TRANS + 1;
    memcpy(buf + 128 + 4 * 20, &big, sizeof big);
    eg__egt_seal(buf, size);
    expect_refused(buf, size, "transition weight out of range");
#undef DAMAGE
    /* the gate's section */
    {
        size_t gsize;
        unsigned char *gated = test_gated_model(BITS, GATE_TEST_BITS, 7, &gsize), *gbuf = malloc(gsize);
        assert_non_null(gated);
        assert_non_null(gbuf);
        assert_int_equal(eg_tagger_open_buffer(gated, gsize, &t, &err), EG_OK);
        assert_int_equal(t->gate_bits, GATE_TEST_BITS);
        assert_int_equal(t->gate_threshold, 7);
        eg_tagger_free(t);
#define GATE_DAMAGE(field, value, why) DAMAGE_OF(gated, gbuf, gsize, field, value, why)
        GATE_DAMAGE(gate_bits, 30, "gate table size");
        GATE_DAMAGE(gate_bits, 100, "gate table size"); /* beyond a shift of 64 bits */
        GATE_DAMAGE(gate_bits, 4, "gate table size");
        GATE_DAMAGE(gate_bits, GATE_TEST_BITS + 1, "out of bounds"); /* past the end */
        GATE_DAMAGE(off_gate, 128 + 64, "out of bounds"); /* over the weights */
        GATE_DAMAGE(off_gate, gsize - 32, "out of bounds"); /* not aligned */
        GATE_DAMAGE(off_gate, (uint64_t)-64, "out of bounds");
#undef GATE_DAMAGE
#undef DAMAGE_OF
        free(gbuf);
        free(gated);
    }
    /* from a file: missing, then the good one */
    assert_int_equal(eg_tagger_open("/nonexistent/model.egt", &t, &err), EG_EIO);
    assert_null(t);
    char path[] = "/tmp/eg-test-tagger-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, good, size), (ssize_t)size);
    close(fd);
    assert_int_equal(eg_tagger_open(path, &t, &err), EG_OK);
    eg_tagger_free(t);
    fd = open(path, O_WRONLY | O_TRUNC);
    assert_int_equal(write(fd, good, 100), 100);
    close(fd);
    assert_int_equal(eg_tagger_open(path, &t, &err), EG_EPARSE);
    assert_string_equal(err.path, path);
    unlink(path);
    free(buf);
    free(good);
}

/* ---- the gate ------------------------------------------------------------ */

/* The gate's fast scan of a clause opens it exactly when some character's
 * feature rows (eg__tag_gate_features, what training sees) sum to the
 * threshold or more: random text of ideographs, punctuation, letters and
 * digits, random weights, every clause of it. */
static void gate_scan_is_its_features_sum(void **state)
{
    (void)state;
    size_t size;
    unsigned char *buf = test_gated_model(BITS, GATE_TEST_BITS, 0, &size);
    assert_non_null(buf);
    egt_header h;
    memcpy(&h, buf, sizeof h);
    int16_t *g = (int16_t *)(void *)(buf + h.off_gate);
    for (size_t r = 0; r < (size_t)1 << GATE_TEST_BITS; r++) g[r] = (int16_t)rnd(1000);
    static const uint32_t pool[] = {0x738B, 0x674E, 0x5F20, 0x660E, 0x534E, 0x53BF, 0x5E02, 0x8BF4, 0x7684, 0x4E86,
                                    0x963F, 0x5C14, 0x65AF, ',', 0x3002, 0x3001, ' ', 'A', 'x', '7', 0xB7};
    enum { N = 300 };
    uint32_t cp[N];
    int32_t score[N];
    for (int round = 0; round < 20; round++) {
        for (size_t i = 0; i < N; i++) cp[i] = pool[(size_t)(rnd(1000) + 1000) % (sizeof pool / sizeof *pool)];
        for (size_t i = 0; i < N; i++) {
            uint32_t f[EG__GATE_F];
            eg__tag_gate_features(cp, N, i, GATE_TEST_BITS, f, NULL);
            score[i] = 0;
            for (unsigned k = 0; k < EG__GATE_F; k++) {
                assert_true(f[k] < (1u << GATE_TEST_BITS));
                score[i] += g[f[k]];
            }
        }
        /* a threshold that opens some clauses and not others */
        int32_t thr = score[(size_t)(rnd(1000) + 1000) % N];
        h.gate_threshold = thr;
        memcpy(buf, &h, sizeof h);
        eg__egt_seal(buf, size);
        eg_tagger *t = NULL;
        eg_error err = {0};
        assert_int_equal(eg_tagger_open_buffer(buf, size, &t, &err), EG_OK);
        int opened = 0, closed = 0;
        for (size_t a = 0, i = 0; i < N; i++) {
            if (!eg__tag_clause_end(cp, N, i)) continue;
            int want = 0;
            for (size_t k = a; k <= i; k++) want |= score[k] >= thr;
            assert_int_equal(eg__tag_gate_opens(t, cp, N, a, i + 1, NULL), want);
            opened += want;
            closed += !want;
            a = i + 1;
        }
        assert_true(opened + closed > 5);
        eg_tagger_free(t);
    }
    free(buf);
}

/* The regions the tagger reads: the clauses a span touches and those the
 * gate scores high enough, side by side ones as one; everything with the
 * gate off or a model without one. A clause ends at a comma, stop, list
 * comma ... with an ideograph after it, not before a digit. */
static void gate_regions_are_the_clauses_let_through(void **state)
{
    (void)state;
    size_t size;
    unsigned char *buf = test_gated_model(BITS, GATE_TEST_BITS, 50, &size);
    assert_non_null(buf);
    egt_header h;
    memcpy(&h, buf, sizeof h);
    /* 甲乙，丙丁。戊己，庚辛，3个壬癸 */
    eg__tag_scratch s;
    memset(&s, 0, sizeof s);
    assert_int_equal(eg__tag_scratch_reserve(&s, 32, 4), EG_OK);
    size_t n = decode("甲乙，丙丁。戊己，庚辛，3个壬癸", s.cp);
    assert_int_equal(n, 16);
    /* the unigram of 戊 at itself (its first feature row) scores 100 */
    uint32_t f[EG__GATE_F];
    eg__tag_gate_features(s.cp, n, 6, GATE_TEST_BITS, f, NULL);
    int16_t *g = (int16_t *)(void *)(buf + h.off_gate);
    g[f[0]] = 100;
    eg__egt_seal(buf, size);
    eg_tagger *t = NULL;
    eg_error err = {0};
    assert_int_equal(eg_tagger_open_buffer(buf, size, &t, &err), EG_OK);
    assert_true(eg__tag_clause_end(s.cp, n, 2));
    assert_false(eg__tag_clause_end(s.cp, n, 11)); /* ，3 */
    assert_true(eg__tag_clause_end(s.cp, n, 15));
    /* a span on 甲乙, the gate on 戊: two regions */
    s.spans[0] = (eg__tag_span){0, 2, EG__T_PER, 0};
    eg__tag_input in = {s.cp, n, s.spans, 1, NULL};
    eg__tagger_regions(t, 1, &s, &in);
    assert_int_equal(s.n_reg, 2);
    assert_int_equal(s.reg[0], 0);
    assert_int_equal(s.reg[1], 3);
    assert_int_equal(s.reg[2], 6);
    assert_int_equal(s.reg[3], 9);
    /* and one on 丙丁 between them: one */
    s.spans[1] = (eg__tag_span){3, 5, EG__T_LOC, 0};
    in.n_spans = 2;
    eg__tagger_regions(t, 1, &s, &in);
    assert_int_equal(s.n_reg, 1);
    assert_int_equal(s.reg[0], 0);
    assert_int_equal(s.reg[1], 9);
    /* the gate off: all of it */
    eg__tagger_regions(t, 0, &s, &in);
    assert_int_equal(s.n_reg, 1);
    assert_int_equal(s.reg[0], 0);
    assert_int_equal(s.reg[1], n);
    eg_tagger_free(t);
    free(buf);
    /* a model without a gate: all of it */
    buf = empty_model(&size);
    assert_int_equal(eg_tagger_open_buffer(buf, size, &t, &err), EG_OK);
    in.n_spans = 0;
    eg__tagger_regions(t, 1, &s, &in);
    assert_int_equal(s.n_reg, 1);
    assert_int_equal(s.reg[1], n);
    eg_tagger_free(t);
    free(buf);
    eg__tag_scratch_free(&s);
}

/* A region decoded alone, with the transitions after and before an O
 * (eg_tagger.trans_after_o, last_before_o), gets the labels and margins
 * the whole input gets when the characters around it are held to O (their
 * emissions far for O): random emissions and transitions. */
static void a_region_decodes_as_the_whole_with_o_around(void **state)
{
    (void)state;
    enum { N = 60, R = EG__TAG_ROW, BIG = 4000 };
    size_t size;
    unsigned char *buf = empty_model(&size);
    egt_header h;
    memcpy(&h, buf, sizeof h);
    for (int round = 0; round < 200; round++) {
        int32_t *tr = (int32_t *)(void *)(buf + h.off_trans);
        for (size_t i = 0; i < (EG__TAG_LABELS + 2) * R; i++) tr[i] = rnd(300);
        eg__egt_seal(buf, size);
        eg_tagger *t = NULL;
        eg_error err = {0};
        assert_int_equal(eg_tagger_open_buffer(buf, size, &t, &err), EG_OK);
        size_t a = (size_t)(rnd(20) + 20) % 25, z = a + 1 + (size_t)(rnd(20) + 20) % 30;
        if (round % 4 == 0) a = 0;
        if (round % 4 == 1) z = N;
        int32_t emit[N * R], score[N * R], rscore[N * R], margin[N], rmargin[N];
        uint8_t labels[N], rlabels[N];
        for (size_t i = 0; i < N; i++)
            for (unsigned y = 0; y < R; y++)
                emit[i * R + y] = i >= a && i < z ? rnd(200) : y == 0 ? BIG : -BIG;
        const int32_t *end = t->trans + (EG__TAG_LABELS + 1) * R;
        eg__tag_viterbi32(emit, N, t->trans, end, score, labels);
        eg__tag_margins_at(emit, score, N, t->trans, end, labels, margin, a, z, 2);
        const int32_t *tr_a = a ? t->trans_after_o : t->trans, *last_z = z < N ? t->last_before_o : end;
        eg__tag_viterbi32(emit + a * R, z - a, tr_a, last_z, rscore, rlabels);
        eg__tag_margins_at(emit + a * R, rscore, z - a, tr_a, last_z, rlabels, rmargin, 0, z - a, 2);
        for (size_t i = 0; i < N; i++)
            if (i < a || i >= z) assert_int_equal(labels[i], 0);
        assert_memory_equal(labels + a, rlabels, z - a);
        for (size_t i = a; i < z; i++)
            if (margin[i] < BIG) assert_int_equal(margin[i], rmargin[i - a]);
        eg_tagger_free(t);
    }
    free(buf);
}

/* ---- training ------------------------------------------------------------ */

/* Made-up sentences: people named with no cue, a made-up place. */
static const char train_jsonl[] =
    "{\"text\":\"柯岚和闵哲去了梧川。\",\"entities\":[{\"start\":0,\"end\":2,\"type\":\"PER\"},{\"start\":3,\"end\":5,\"type\":\"PER\"},{\"start\":7,\"end\":9,\"type\":\"LOC\"}]}\n"
    "{\"text\":\"昨天闵哲在梧川看书。\",\"entities\":[{\"start\":2,\"end\":4,\"type\":\"PER\"},{\"start\":5,\"end\":7,\"type\":\"LOC\"}]}\n"
    "{\"text\":\"柯岚喜欢梧川的秋天。\",\"entities\":[{\"start\":0,\"end\":2,\"type\":\"PER\"},{\"start\":4,\"end\":6,\"type\":\"LOC\"}]}\n"
    "{\"text\":\"今天下雨了。\",\"entities\":[]}\n";

/* The model trained on data_path (examples of them) with options o. */
static unsigned char *train_with(const char *data_path, size_t examples, const eg_train_options *o, size_t *size)
{
    eg_dict *d = NULL;
    eg_error err = {0};
    assert_int_equal(eg_dict_new(&d), EG_OK);
    eg_extractor *x = NULL;
    assert_int_equal(eg_extractor_new(&x, d, NULL, &err), EG_OK);
    eg_trainer *t = NULL;
    assert_int_equal(eg_trainer_new(&t, x, o, &err), EG_OK);
    size_t added = 0;
    assert_int_equal(eg_trainer_add_jsonl(t, data_path, 2, &added, &err), EG_OK);
    assert_int_equal(added, examples);
    assert_int_equal(eg_trainer_examples(t), examples);
    char out[] = "/tmp/eg-test-model-XXXXXX";
    int fd = mkstemp(out);
    assert_true(fd >= 0);
    close(fd);
    assert_int_equal(eg_trainer_save(t, out, &err), EG_OK);
    char *bytes = NULL;
    size_t len = 0;
    FILE *fp = fopen(out, "rb");
    assert_non_null(fp);
    fseek(fp, 0, SEEK_END);
    len = (size_t)ftell(fp);
    fseek(fp, 0, SEEK_SET);
    bytes = malloc(len);
    assert_int_equal(fread(bytes, 1, len, fp), len);
    fclose(fp);
    unlink(out);
    eg_trainer_free(t);
    eg_extractor_free(x);
    eg_dict_free(d);
    *size = len;
    return (unsigned char *)bytes;
}

/* train_jsonl written to a new file of template path (mkstemp's XXXXXX). */
static void write_train_data(char *path)
{
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, train_jsonl, sizeof train_jsonl - 1), (ssize_t)(sizeof train_jsonl - 1));
    close(fd);
}

static unsigned char *train_runs(const char *data_path, size_t examples, uint32_t seed, unsigned runs,
                                 const int32_t *bias, size_t *size)
{
    eg_train_options o = eg_train_defaults();
    o.seed = seed;
    o.hash_bits = 12;
    o.epochs = 5;
    o.runs = runs;
    if (bias) memcpy(o.start_bias, bias, sizeof o.start_bias);
    return train_with(data_path, examples, &o, size);
}

static unsigned char *train_once(const char *data_path, uint32_t seed, size_t *size)
{
    return train_runs(data_path, 4, seed, 1, NULL, size);
}

/* Two runs with start bias bias[3]. */
static unsigned char *train_biased(const char *data_path, const int32_t bias[3], size_t *size)
{
    return train_runs(data_path, 4, 7, 2, bias, size);
}

static void training_is_deterministic_and_learns(void **state)
{
    (void)state;
    char data[] = "/tmp/eg-test-train-XXXXXX";
    write_train_data(data);
    size_t a_len, b_len;
    unsigned char *a = train_once(data, 7, &a_len), *b = train_once(data, 7, &b_len);
    assert_int_equal(a_len, b_len);
    assert_memory_equal(a, b, a_len);
    /* it tags its own training sentences */
    eg_tagger *t = NULL;
    eg_error err = {0};
    assert_int_equal(eg_tagger_open_buffer(a, a_len, &t, &err), EG_OK);
    eg_dict *d = NULL;
    assert_int_equal(eg_dict_new(&d), EG_OK);
    eg_extractor *x = NULL;
    assert_int_equal(eg_extractor_new(&x, d, NULL, &err), EG_OK);
    eg_extractor_set_tagger(x, t, EG_TAGGER_KEEP_DICT);
    eg_doc_mentions dm = {0};
    const char *text = "柯岚和闵哲去了梧川。";
    assert_int_equal(eg_extractor_run(x, text, strlen(text), &dm, &err), EG_OK);
    assert_int_equal(dm.n, 3);
    assert_string_equal(eg_extractor_entity(x, dm.v[0].entity)->id, "per:柯岚");
    assert_string_equal(eg_extractor_entity(x, dm.v[2].entity)->id, "loc:梧川");

    /* bad input */
    eg_trainer *tr = NULL;
    eg_train_options o = eg_train_defaults();
    o.hash_bits = 30;
    assert_int_equal(eg_trainer_new(&tr, x, &o, &err), EG_EINVAL);
    o = eg_train_defaults();
    o.runs = 0;
    assert_int_equal(eg_trainer_new(&tr, x, &o, &err), EG_EINVAL);
    o.runs = 65;
    assert_int_equal(eg_trainer_new(&tr, x, &o, &err), EG_EINVAL);
    o = eg_train_defaults();
    o.gate_recall = 1001;
    assert_int_equal(eg_trainer_new(&tr, x, &o, &err), EG_EINVAL);
    o = eg_train_defaults();
    o.hash_bits = 8;
    assert_int_equal(eg_trainer_new(&tr, x, &o, &err), EG_OK);
    eg_train_span sp = {3, 99, "PER"};
    assert_int_equal(eg_trainer_add(tr, "今天", strlen("今天"), &sp, 1, 1, &err), EG_EINVAL);
    assert_int_equal(eg_trainer_add(tr, "今天", strlen("今天"), NULL, 0, 0, &err), EG_EINVAL);
    size_t added;
    int fd = open(data, O_WRONLY | O_TRUNC);
    const char bad[] = "{\"text\":\"今天\"}\n{\"text\":3}\n";
    assert_int_equal(write(fd, bad, sizeof bad - 1), (ssize_t)(sizeof bad - 1));
    close(fd);
    assert_int_equal(eg_trainer_add_jsonl(tr, data, 1, &added, &err), EG_EPARSE);
    assert_int_equal(err.line, 2);
    eg_trainer_free(tr);

    unlink(data);
    eg_doc_mentions_destroy(&dm);
    eg_extractor_free(x);
    eg_dict_free(d);
    eg_tagger_free(t);
    free(a);
    free(b);
}

/* A model has a gate unless trained with gate_recall 0; one without reads
 * every clause. */
static void training_makes_a_gate_when_asked(void **state)
{
    (void)state;
    char data[] = "/tmp/eg-test-train-XXXXXX";
    write_train_data(data);
    eg_train_options o = eg_train_defaults();
    o.hash_bits = 12;
    o.epochs = 5;
    size_t with_len, without_len;
    unsigned char *with = train_with(data, 4, &o, &with_len);
    o.gate_recall = 0;
    unsigned char *without = train_with(data, 4, &o, &without_len);
    egt_header h;
    memcpy(&h, with, sizeof h);
    assert_int_equal(h.gate_bits, 12); /* no more than the tagger's rows */
    assert_int_equal(with_len, h.off_gate + ((size_t)1 << 12) * sizeof(int16_t));
    memcpy(&h, without, sizeof h);
    assert_int_equal(h.gate_bits, 0);
    assert_int_equal(without_len, h.off_weights + ((size_t)1 << 12) * EG__TAG_ROW);
    /* the tagger's weights are the same either way */
    assert_memory_equal(with + 128, without + 128, without_len - 128);
    unlink(data);
    free(with);
    free(without);
}

/* With twenty examples or more the gate's threshold is set out of fold:
 * the same bytes again, a lower threshold for a higher gate_recall, the
 * tagger's weights whatever it is. Made-up sentences: people with no cue
 * in one clause, none in the other. */
static void the_gate_threshold_follows_its_recall(void **state)
{
    (void)state;
    static const char *const people[] = {"柯岚", "闵哲", "蒯文", "邬岩", "宓青", "甄朗", "訾安", "仉方"};
    static const char *const rest[] = {"今天下雨了", "会议开了很久", "大家都很高兴", "路上车很多", "天气转凉"};
    char data[] = "/tmp/eg-test-train-XXXXXX";
    int fd = mkstemp(data);
    assert_true(fd >= 0);
    FILE *fp = fdopen(fd, "w");
    assert_non_null(fp);
    for (unsigned k = 0; k < 40; k++) {
        const char *p = people[k % 8], *r = rest[k % 5];
        /* 2 characters each: the person at code points 0-1, or in the
         * second clause after the rest and a comma */
        if (k % 3 == 0)
            fprintf(fp, "{\"text\":\"%s，%s。\",\"entities\":[]}\n", r, rest[(k + 1) % 5]);
        else if (k % 3 == 1)
            fprintf(fp, "{\"text\":\"%s去了，%s。\",\"entities\":[{\"start\":0,\"end\":2,\"type\":\"PER\"}]}\n", p, r);
        else
            fprintf(fp, "{\"text\":\"%s，%s说了。\",\"entities\":[{\"start\":%zu,\"end\":%zu,\"type\":\"PER\"}]}\n", r,
                    p, (size_t)eg__utf8_count(r, strlen(r)) + 1, (size_t)eg__utf8_count(r, strlen(r)) + 3);
    }
    fclose(fp);
    eg_train_options o = eg_train_defaults();
    o.hash_bits = 12;
    o.epochs = 5;
    o.gate_recall = 500;
    size_t lo_len, hi_len, again_len;
    unsigned char *lo = train_with(data, 40, &o, &lo_len);
    o.gate_recall = 1000;
    unsigned char *hi = train_with(data, 40, &o, &hi_len), *again = train_with(data, 40, &o, &again_len);
    assert_int_equal(hi_len, again_len);
    assert_memory_equal(hi, again, hi_len);
    assert_int_equal(lo_len, hi_len);
    egt_header hl, hh;
    memcpy(&hl, lo, sizeof hl);
    memcpy(&hh, hi, sizeof hh);
    assert_true(hh.gate_threshold <= hl.gate_threshold);
    assert_true(hh.gate_threshold < INT32_MAX);
    /* only the threshold differs */
    assert_memory_equal(lo + 128, hi + 128, hi_len - 128);
    unlink(data);
    free(lo);
    free(hi);
    free(again);
}

/* Several runs: deterministic, not any one seed's model, and the mean of
 * the runs' averages, each from zero weights: on one example every seed
 * visits the same order, so two runs give the one run's bytes exactly. */
static void training_runs_are_averaged(void **state)
{
    (void)state;
    char data[] = "/tmp/eg-test-train-XXXXXX";
    write_train_data(data);
    size_t a_len, b_len, s7_len, s8_len;
    unsigned char *a = train_runs(data, 4, 7, 2, NULL, &a_len), *b = train_runs(data, 4, 7, 2, NULL, &b_len);
    unsigned char *s7 = train_runs(data, 4, 7, 1, NULL, &s7_len), *s8 = train_runs(data, 4, 8, 1, NULL, &s8_len);
    assert_int_equal(a_len, b_len);
    assert_memory_equal(a, b, a_len);
    assert_int_equal(a_len, s7_len);
    assert_int_equal(a_len, s8_len);
    assert_memory_not_equal(s7, s8, a_len); /* the seeds differ on four examples */
    assert_memory_not_equal(a, s7, a_len);
    assert_memory_not_equal(a, s8, a_len);
    /* the mean still tags its training sentences */
    eg_tagger *t = NULL;
    eg_error err = {0};
    assert_int_equal(eg_tagger_open_buffer(a, a_len, &t, &err), EG_OK);
    eg_dict *d = NULL;
    assert_int_equal(eg_dict_new(&d), EG_OK);
    eg_extractor *x = NULL;
    assert_int_equal(eg_extractor_new(&x, d, NULL, &err), EG_OK);
    eg_extractor_set_tagger(x, t, EG_TAGGER_KEEP_DICT);
    eg_doc_mentions dm = {0};
    const char *text = "柯岚和闵哲去了梧川。";
    assert_int_equal(eg_extractor_run(x, text, strlen(text), &dm, &err), EG_OK);
    assert_int_equal(dm.n, 3);
    assert_string_equal(eg_extractor_entity(x, dm.v[0].entity)->id, "per:柯岚");
    eg_doc_mentions_destroy(&dm);
    eg_extractor_free(x);
    eg_dict_free(d);
    eg_tagger_free(t);
    free(a);
    free(b);
    free(s7);
    free(s8);

    /* one example: the runs coincide, and so does their mean */
    int fd = open(data, O_WRONLY | O_TRUNC);
    const char *line_end = strchr(train_jsonl, '\n') + 1;
    size_t one = (size_t)(line_end - train_jsonl);
    assert_int_equal(write(fd, train_jsonl, one), (ssize_t)one);
    close(fd);
    unsigned char *r1 = train_runs(data, 1, 7, 1, NULL, &a_len), *r2 = train_runs(data, 1, 7, 2, NULL, &b_len);
    assert_int_equal(a_len, b_len);
    assert_memory_equal(r1, r2, a_len);
    free(r1);
    free(r2);
    unlink(data);
}

/* The same data and bias give the same bytes; the bias changes the
 * transitions into names by itself and not one weight; the defaults are 0;
 * a bias out of range is refused. */
static void training_with_a_bias_is_deterministic(void **state)
{
    (void)state;
    char data[] = "/tmp/eg-test-train-XXXXXX";
    write_train_data(data);
    const int32_t zero[3] = {0, 0, 0}, bias[3] = {40, -7, 12};
    size_t a_len, b_len, z_len;
    unsigned char *a = train_biased(data, bias, &a_len), *b = train_biased(data, bias, &b_len);
    unsigned char *z = train_biased(data, zero, &z_len);
    assert_int_equal(a_len, b_len);
    assert_memory_equal(a, b, a_len);
    assert_int_equal(a_len, z_len);
    egt_header ha, hz;
    memcpy(&ha, a, sizeof ha);
    memcpy(&hz, z, sizeof hz);
    assert_true(ha.checksum != hz.checksum);
    ha.checksum = hz.checksum;
    assert_memory_equal(&ha, &hz, sizeof ha); /* no format change */
    assert_memory_equal(a + ha.off_weights, z + hz.off_weights, a_len - ha.off_weights);
    int32_t ta[BIAS_NT], tz[BIAS_NT];
    memcpy(ta, a + ha.off_trans, sizeof ta);
    memcpy(tz, z + hz.off_trans, sizeof tz);
    assert_memory_not_equal(ta, tz, sizeof ta);
    eg__tag_add_start_bias(tz, bias);
    assert_memory_equal(ta, tz, sizeof ta);
    eg_tagger *t = NULL;
    eg_error err = {0};
    assert_int_equal(eg_tagger_open_buffer(a, a_len, &t, &err), EG_OK);
    eg_tagger_free(t);

    eg_train_options o = eg_train_defaults();
    for (int k = 0; k < 3; k++) assert_int_equal(o.start_bias[k], 0);
    eg_dict *d = NULL;
    assert_int_equal(eg_dict_new(&d), EG_OK);
    eg_extractor *x = NULL;
    assert_int_equal(eg_extractor_new(&x, d, NULL, &err), EG_OK);
    eg_trainer *tr = NULL;
    o.start_bias[2] = EG_TRAIN_START_BIAS_MAX + 1;
    assert_int_equal(eg_trainer_new(&tr, x, &o, &err), EG_EINVAL);
    o.start_bias[2] = -EG_TRAIN_START_BIAS_MAX - 1;
    assert_int_equal(eg_trainer_new(&tr, x, &o, &err), EG_EINVAL);
    o.start_bias[2] = -EG_TRAIN_START_BIAS_MAX;
    assert_int_equal(eg_trainer_new(&tr, x, &o, &err), EG_OK);
    eg_trainer_free(tr);
    eg_extractor_free(x);
    eg_dict_free(d);
    unlink(data);
    free(a);
    free(b);
    free(z);
}

/* ---- feature groups a model leaves out --------------------------------- */

/* Is a[0..na) b[0..nb) with some rows left out, in their order? */
static int is_subsequence(const uint32_t *a, size_t na, const uint32_t *b, size_t nb)
{
    size_t j = 0;
    for (size_t i = 0; i < nb && j < na; i++)
        if (b[i] == a[j]) j++;
    return j == na;
}

/* A made-up paragraph with a dictionary place and a segmentation. */
static const char omit_text[] = "昨天白沙洲的码头很忙";
static const uint8_t omit_seg[10] = {
    EG__SEG_MAKE(EG__SEG_B, 2, 0), EG__SEG_MAKE(EG__SEG_E, 2, 0), EG__SEG_MAKE(EG__SEG_B, 3, 0),
    EG__SEG_MAKE(EG__SEG_M, 3, 0), EG__SEG_MAKE(EG__SEG_E, 3, 0), EG__SEG_MAKE(EG__SEG_S, 1, 0),
    EG__SEG_MAKE(EG__SEG_B, 2, 0), EG__SEG_MAKE(EG__SEG_E, 2, 0), EG__SEG_MAKE(EG__SEG_S, 1, 0),
    EG__SEG_MAKE(EG__SEG_S, 1, 0)};

/* Each group left out takes exactly its rows from each character and
 * leaves the others as they were, in their order; without the
 * segmentation the features are those of an input that has none. */
static void omitted_feature_groups_are_left_out(void **state)
{
    (void)state;
    uint32_t cp[16];
    size_t n = decode(omit_text, cp);
    assert_int_equal(n, 10);
    eg__tag_span sp = {2, 5, 1 /* EG__T_LOC */, 0};
    eg__tag_input in = {cp, n, &sp, 1, omit_seg}, noseg = {cp, n, &sp, 1, NULL};
    uint32_t all[16 * EG__TAG_MAXF], part[16 * EG__TAG_MAXF], ref[16 * EG__TAG_MAXF];
    uint8_t nall[16], npart[16], nref[16];
    eg__tag_features(&in, BITS, all, nall, NULL);
    unsigned total_less[16] = {0};
    for (unsigned g = 1; g <= EG_TAG_OMIT_ALL; g <<= 1) {
        eg__tag_features_range(&in, BITS, g, 0, n, part, npart, NULL);
        for (size_t i = 0; i < n; i++) {
            unsigned less = g == EG_TAG_OMIT_SEG         ? (i == 3 ? 2u : 3u) /* no place row inside a word */
                            : g == EG_TAG_OMIT_CLASS5    ? 1u
                            : g == EG_TAG_OMIT_SKIP      ? 2u
                            : g == EG_TAG_OMIT_OUTER     ? 4u
                            : g == EG_TAG_OMIT_SPAN_CHAR ? (i >= 2 && i < 5)
                                                         : (i == 1 || i == 5); /* EDGE */
            total_less[i] += less;
            assert_int_equal(npart[i], nall[i] - less);
            assert_true(is_subsequence(part + i * EG__TAG_MAXF, npart[i], all + i * EG__TAG_MAXF, nall[i]));
        }
        if (g == EG_TAG_OMIT_SEG) {
            eg__tag_features(&noseg, BITS, ref, nref, NULL);
            assert_memory_equal(npart, nref, n);
            for (size_t i = 0; i < n; i++)
                assert_memory_equal(part + i * EG__TAG_MAXF, ref + i * EG__TAG_MAXF, nref[i] * 4);
        }
    }
    eg__tag_features_range(&in, BITS, EG_TAG_OMIT_ALL, 0, n, part, npart, NULL);
    for (size_t i = 0; i < n; i++) assert_int_equal(npart[i], nall[i] - total_less[i]);
}

/* A model trained without some groups reads none of their rows: weights
 * put on those rows alone (where no row it reads shares them) change the
 * labels of the same model that says it has every group, and not its
 * own. The loader refuses groups it does not know. */
static void a_model_without_a_group_reads_none_of_it(void **state)
{
    (void)state;
    const unsigned bits = 16, omit = EG_TAG_OMIT_SEG | EG_TAG_OMIT_CLASS5 | EG_TAG_OMIT_SPAN_CHAR;
    uint32_t cp[16];
    size_t n = decode(omit_text, cp);
    eg__tag_span sp = {2, 5, 1 /* EG__T_LOC */, 0};
    eg__tag_input in = {cp, n, &sp, 1, omit_seg};
    uint32_t all[16 * EG__TAG_MAXF], part[16 * EG__TAG_MAXF];
    uint8_t nall[16], npart[16];
    eg__tag_features(&in, bits, all, nall, NULL);
    eg__tag_features_range(&in, bits, omit, 0, n, part, npart, NULL);
    size_t size;
    unsigned char *full = test_empty_model(bits, &size);
    assert_non_null(full);
    int8_t *w = (int8_t *)(void *)(full + TEST_MODEL_WEIGHTS);
    size_t weighted = 0;
    for (size_t i = 0; i < n; i++)
        for (unsigned k = 0; k < nall[i]; k++) {
            uint32_t r = all[i * EG__TAG_MAXF + k];
            int read = 0;
            for (size_t j = 0; j < n; j++)
                for (unsigned q = 0; q < npart[j]; q++) read |= part[j * EG__TAG_MAXF + q] == r;
            if (!read) {
                w[r * EG__TAG_ROW + 4] = 100; /* S-PER */
                weighted++;
            }
        }
    assert_true(weighted >= 2 * n);
    eg__egt_seal(full, size);
    unsigned char *without = malloc(size);
    assert_non_null(without);
    memcpy(without, full, size);
    egt_header h;
    memcpy(&h, without, sizeof h);
    h.omit = omit;
    memcpy(without, &h, sizeof h);
    eg__egt_seal(without, size);

    eg_tagger *tf = NULL, *tw = NULL;
    eg_error err = {0};
    assert_int_equal(eg_tagger_open_buffer(full, size, &tf, &err), EG_OK);
    assert_int_equal(eg_tagger_open_buffer(without, size, &tw, &err), EG_OK);
    eg__tag_scratch s;
    memset(&s, 0, sizeof s);
    assert_int_equal(eg__tag_scratch_reserve(&s, 16, 4), EG_OK);
    memcpy(s.cp, cp, n * sizeof *cp);
    eg__tag_input a = {s.cp, n, &sp, 1, omit_seg};
    const uint8_t none[10] = {0};
    eg__tagger_label(tf, &s, &a);
    assert_memory_not_equal(s.labels, none, n);
    eg__tagger_label(tw, &s, &a);
    assert_memory_equal(s.labels, none, n);
    eg__tag_scratch_free(&s);
    eg_tagger_free(tf);
    eg_tagger_free(tw);

    h.omit = EG_TAG_OMIT_ALL + 1;
    memcpy(without, &h, sizeof h);
    eg__egt_seal(without, size);
    expect_refused(without, size, "unknown features");
    free(full);
    free(without);
}

/* Training without some groups is deterministic, writes them into the
 * model's header and gives another model; groups it does not know are
 * refused. */
static void training_records_the_groups_left_out(void **state)
{
    (void)state;
    char data[] = "/tmp/eg-test-train-XXXXXX";
    write_train_data(data);
    eg_train_options o = eg_train_defaults();
    o.hash_bits = 12;
    o.epochs = 3;
    eg_trainer *tr = NULL;
    eg_error err = {0};
    o.omit_features = EG_TAG_OMIT_ALL + 1;
    assert_int_equal(eg_trainer_new(&tr, NULL, &o, &err), EG_EINVAL);
    size_t a_len, b_len, c_len;
    o.omit_features = 0;
    unsigned char *c = train_with(data, 4, &o, &c_len);
    o.omit_features = EG_TAG_OMIT_CLASS5 | EG_TAG_OMIT_SEG;
    unsigned char *a = train_with(data, 4, &o, &a_len), *b = train_with(data, 4, &o, &b_len);
    assert_int_equal(a_len, b_len);
    assert_memory_equal(a, b, a_len);
    egt_header h;
    memcpy(&h, a, sizeof h);
    assert_int_equal(h.omit, EG_TAG_OMIT_CLASS5 | EG_TAG_OMIT_SEG);
    memcpy(&h, c, sizeof h);
    assert_int_equal(h.omit, 0);
    assert_int_equal(a_len, c_len);
    assert_memory_not_equal(a + sizeof h, c + sizeof h, a_len - sizeof h);
    eg_tagger *t = NULL;
    assert_int_equal(eg_tagger_open_buffer(a, a_len, &t, &err), EG_OK);
    eg_tagger_free(t);
    unlink(data);
    free(a);
    free(b);
    free(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(viterbi_finds_the_best_allowed_path),
        cmocka_unit_test(viterbi32_agrees_on_long_inputs),
        cmocka_unit_test(margins_are_the_best_paths_loss),
        cmocka_unit_test(margins_agree_with_the_int64_reference),
        cmocka_unit_test(hand_made_model_gives_known_margins),
        cmocka_unit_test(viterbi32_breaks_ties_as_the_reference),
        cmocka_unit_test(viterbi_keeps_names_whole),
        cmocka_unit_test(features_are_bounded_and_see_the_spans),
        cmocka_unit_test(features_in_pieces_are_the_whole),
        cmocka_unit_test(labelling_in_pieces_is_the_whole),
        cmocka_unit_test(emissions_sum_rows_exactly),
        cmocka_unit_test(unigrams_and_bigrams_share_blocks),
        cmocka_unit_test(hand_made_model_forces_its_path),
        cmocka_unit_test(segmentation_features_fire),
        cmocka_unit_test(transliteration_run_features),
        cmocka_unit_test(keep_dict_keeps_what_the_tagger_missed),
        cmocka_unit_test(loader_refuses_damaged_models),
        cmocka_unit_test(gate_scan_is_its_features_sum),
        cmocka_unit_test(gate_regions_are_the_clauses_let_through),
        cmocka_unit_test(a_region_decodes_as_the_whole_with_o_around),
        cmocka_unit_test(training_makes_a_gate_when_asked),
        cmocka_unit_test(the_gate_threshold_follows_its_recall),
        cmocka_unit_test(training_is_deterministic_and_learns),
        cmocka_unit_test(training_runs_are_averaged),
        cmocka_unit_test(start_bias_adds_the_bias_of_each_name),
        cmocka_unit_test(start_bias_flips_a_hand_made_path),
        cmocka_unit_test(training_with_a_bias_is_deterministic),
        cmocka_unit_test(omitted_feature_groups_are_left_out),
        cmocka_unit_test(a_model_without_a_group_reads_none_of_it),
        cmocka_unit_test(training_records_the_groups_left_out),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
