/* Training the tagger: an averaged structured perceptron (Collins 2002)
 * over the features of tagger.c, in integers so that the same examples,
 * order and seed give the same model bytes on any machine of this byte
 * order. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "extract_impl.h"
#include "internal.h"
#include "tagger_impl.h"
#include "util.h"

struct eg_trainer {
    eg_extractor *x; /* borrowed */
    eg_train_options opt;
    /* the examples (one per paragraph): characters first[k] .. first[k + 1]
     * of the flat arrays, and their weight */
    size_t *first, n_ex, cap_ex;
    uint16_t *weight;
    /* per character: feature rows (EG__TAG_MAXF slots), their count, gold label */
    uint32_t *feat;
    uint8_t *nf, *gold;
    /* per character: the gate's feature rows (EG__GATE_F) and GATE_* flags */
    uint32_t *gfeat;
    uint8_t *gflag;
    size_t n_chars, cap_chars;
    /* while adding: the labelled span (or -1) of each code point of the text */
    int32_t *span_of;
    uint8_t *type_of_span;
    unsigned cur_weight;
    eg__tag_class_cache classes;
    eg_status failed;
};

eg_train_options eg_train_defaults(void)
{
    eg_train_options o = {1, 10, 18, 1, {0, 0, 0}, 0, 990};
    return o;
}

eg_status eg_trainer_new(eg_trainer **out, eg_extractor *x, const eg_train_options *opt, eg_error *err)
{
    *out = NULL;
    eg_train_options o = opt ? *opt : eg_train_defaults();
    int bias_ok = 1;
    for (unsigned k = 0; k < 3; k++)
        bias_ok &= o.start_bias[k] >= -EG_TRAIN_START_BIAS_MAX && o.start_bias[k] <= EG_TRAIN_START_BIAS_MAX;
    if (o.hash_bits < 8 || o.hash_bits > 24 || o.epochs < 1 || o.epochs > 1000 || o.runs < 1 || o.runs > 64 ||
        !bias_ok || (o.omit_features & ~EG_TAG_OMIT_ALL) || o.gate_recall > 1000)
        return eg__error(err, EG_EINVAL, NULL, 0, 0,
                         "training options out of range (hash bits 8-24, epochs 1-1000, runs 1-64, start bias "
                         "-%d to %d, feature groups EG_TAG_OMIT_*, gate recall 0-1000)",
                         EG_TRAIN_START_BIAS_MAX, EG_TRAIN_START_BIAS_MAX);
    eg_trainer *t = calloc(1, sizeof *t);
    if (!t) return eg__error(err, EG_ENOMEM, NULL, 0, 0, "out of memory");
    t->x = x;
    t->opt = o;
    *out = t;
    return EG_OK;
}

void eg_trainer_free(eg_trainer *t)
{
    if (!t) return;
    free(t->first);
    free(t->weight);
    free(t->feat);
    free(t->nf);
    free(t->gold);
    free(t->gfeat);
    free(t->gflag);
    free(t->span_of);
    free(t->type_of_span);
    free(t);
}

size_t eg_trainer_examples(const eg_trainer *t) { return t->n_ex; }
size_t eg_trainer_chars(const eg_trainer *t) { return t->n_chars; }

/* Arrays grow by eg__grow_array (util.h), from 1024 elements. */
static int grow(void **p, size_t *cap, size_t need, size_t size)
{
    return eg__grow_array(p, cap, need, size, 1024);
}

/* eg_trainer.gflag: a clause ends at the character, its clause has a
 * span (the gate lets it through whatever its score). */
enum { GATE_END = 1, GATE_OPEN = 2 };

/* The gate's table: 2^EG__GATE_BITS rows, no more than the tagger's. */
static unsigned gate_bits_of(const eg_trainer *t)
{
    return t->opt.hash_bits < EG__GATE_BITS ? t->opt.hash_bits : EG__GATE_BITS;
}

/* The capture hook: one paragraph of the example being added. */
static eg_status on_paragraph(void *user, const eg__tag_input *in, const uint32_t *orig)
{
    eg_trainer *t = user;
    size_t n = in->n;
    if (!n) return EG_OK;
    size_t cap = t->cap_chars, cap_ex = t->cap_ex;
    if (grow((void **)&t->nf, &cap, t->n_chars + n, 1)) return EG_ENOMEM;
    cap = t->cap_chars;
    if (grow((void **)&t->gold, &cap, t->n_chars + n, 1)) return EG_ENOMEM;
    cap = t->cap_chars;
    if (grow((void **)&t->gflag, &cap, t->n_chars + n, 1)) return EG_ENOMEM;
    cap = t->cap_chars;
    if (grow((void **)&t->gfeat, &cap, t->n_chars + n, EG__GATE_F * sizeof *t->gfeat)) return EG_ENOMEM;
    cap = t->cap_chars;
    if (grow((void **)&t->feat, &cap, t->n_chars + n, EG__TAG_MAXF * sizeof *t->feat)) return EG_ENOMEM;
    t->cap_chars = cap;
    if (grow((void **)&t->weight, &cap_ex, t->n_ex + 2, sizeof *t->weight)) return EG_ENOMEM;
    cap_ex = t->cap_ex;
    if (grow((void **)&t->first, &cap_ex, t->n_ex + 2, sizeof *t->first)) return EG_ENOMEM;
    t->cap_ex = cap_ex;
    size_t base = t->n_chars;
    eg__tag_features_range(in, t->opt.hash_bits, t->opt.omit_features, 0, n, t->feat + base * EG__TAG_MAXF,
                           t->nf + base, &t->classes);
    /* features are kept compact: EG__TAG_MAXF slots each, unused ones unread */
    uint8_t *g = t->gold + base;
    for (size_t i = 0; i < n; i++) {
        int32_t e = t->span_of[orig[i]];
        if (e < 0) {
            g[i] = 0;
            continue;
        }
        int first = i == 0 || t->span_of[orig[i - 1]] != e;
        int last = i + 1 == n || t->span_of[orig[i + 1]] != e;
        unsigned pos = first && last ? 3 : first ? 0 : last ? 2 : 1;
        g[i] = (uint8_t)(1 + 4 * t->type_of_span[e] + pos);
    }
    /* the gate's view: each character's n-grams, the clause ends, and
     * the clauses a span touches (which the gate always lets through) */
    uint8_t *gf = t->gflag + base;
    eg__tag_spanned_clauses(in, gf);
    for (size_t i = 0; i < n; i++) {
        eg__tag_gate_features(in->cp, n, i, gate_bits_of(t), t->gfeat + (base + i) * EG__GATE_F, &t->classes);
        gf[i] = (uint8_t)((gf[i] ? GATE_OPEN : 0) | (eg__tag_clause_end(in->cp, n, i) ? GATE_END : 0));
    }
    t->first[t->n_ex] = base;
    t->weight[t->n_ex] = (uint16_t)t->cur_weight;
    t->n_ex++;
    t->n_chars += n;
    t->first[t->n_ex] = t->n_chars;
    return EG_OK;
}

eg_status eg_trainer_add(eg_trainer *t, const char *text, size_t len, const eg_train_span *spans,
                         size_t n_spans, unsigned weight, eg_error *err)
{
    eg_status st;
    eg_doc_mentions dm = {0};
    size_t ncp = eg__utf8_count(text, len);
    if (weight < 1 || weight > 100) return eg__error(err, EG_EINVAL, NULL, 0, 0, "weight out of range (1-100)");
    if (n_spans >= INT32_MAX) return eg__error(err, EG_ELIMIT, NULL, 0, 0, "too many spans");
    free(t->span_of);
    free(t->type_of_span);
    t->span_of = malloc((ncp + 1) * sizeof *t->span_of);
    t->type_of_span = malloc(n_spans ? n_spans : 1);
    if (!t->span_of || !t->type_of_span) return eg__error(err, EG_ENOMEM, NULL, 0, 0, "out of memory");
    for (size_t i = 0; i <= ncp; i++) t->span_of[i] = -1;
    for (size_t k = 0; k < n_spans; k++) {
        const eg_train_span *s = &spans[k];
        if (s->start >= s->end || s->end > ncp)
            return eg__error(err, EG_EINVAL, NULL, 0, 0, "span %zu out of range", k);
        int type = !strcmp(s->type, "PER") ? EG__TAG_PER : !strcmp(s->type, "LOC") ? EG__TAG_LOC
                 : !strcmp(s->type, "ORG") ? EG__TAG_ORG : -1;
        if (type < 0) continue;
        t->type_of_span[k] = (uint8_t)type;
        for (uint32_t i = s->start; i < s->end; i++) t->span_of[i] = (int32_t)k;
    }
    t->cur_weight = weight;
    eg__extractor_set_capture(t->x, on_paragraph, t);
    st = eg_extractor_run(t->x, text, len, &dm, err);
    eg__extractor_set_capture(t->x, NULL, NULL);
    eg_doc_mentions_destroy(&dm);
    return st;
}

/* xorshift64*: the example order of each pass. */
static uint64_t next_random(uint64_t *s)
{
    *s ^= *s >> 12;
    *s ^= *s << 25;
    *s ^= *s >> 27;
    return *s * 2685821657736338717ull;
}

typedef struct weights {
    int32_t *w;   /* current */
    int64_t *acc; /* sum of (update count) × change, for the average */
} weights;

static void update(weights *W, size_t row, unsigned y, int32_t delta, int64_t c)
{
    W->w[row * EG__TAG_ROW + y] += delta;
    W->acc[row * EG__TAG_ROW + y] += c * delta;
}

/* Room for the example order and for the longest example. */
typedef struct train_scratch {
    size_t *order;
    int32_t *emit;
    uint8_t *back, *pred;
} train_scratch;

/* One averaged perceptron on the examples in the order of seed: E and T
 * (zeroed by the caller) receive its weights and their sums. Returns the
 * number of steps taken + 1, the divisor of the average. */
static int64_t train_once(const eg_trainer *t, uint32_t seed, weights *E, weights *T, train_scratch *s)
{
    size_t *order = s->order;
    int32_t *emit = s->emit;
    uint8_t *back = s->back, *pred = s->pred;
    for (size_t k = 0; k < t->n_ex; k++) order[k] = k;
    uint64_t rnd = 0x9E3779B97F4A7C15ull ^ ((uint64_t)seed * 0xD1B54A32D192ED03ull);
    if (!rnd) rnd = 1;
    int64_t c = 1;
    for (unsigned ep = 0; ep < t->opt.epochs; ep++) {
        for (size_t k = t->n_ex; k > 1; k--) {
            size_t j = (size_t)(next_random(&rnd) % k);
            size_t tmp = order[k - 1];
            order[k - 1] = order[j];
            order[j] = tmp;
        }
        for (size_t q = 0; q < t->n_ex; q++, c++) {
            size_t k = order[q], b = t->first[k], n = t->first[k + 1] - b;
            const uint32_t *feat = t->feat + b * EG__TAG_MAXF;
            const uint8_t *nf = t->nf + b, *gold = t->gold + b;
            for (size_t i = 0; i < n; i++) {
                int32_t acc[EG__TAG_ROW] = {0};
                for (unsigned f = 0; f < nf[i]; f++) {
                    const int32_t *r = E->w + (size_t)feat[i * EG__TAG_MAXF + f] * EG__TAG_ROW;
                    for (unsigned y = 0; y < EG__TAG_ROW; y++) acc[y] += r[y];
                }
                memcpy(emit + i * EG__TAG_ROW, acc, sizeof acc);
            }
            eg__tag_viterbi(emit, n, T->w, T->w + (EG__TAG_LABELS + 1) * EG__TAG_ROW, back, pred);
            int32_t wt = (int32_t)t->weight[k];
            for (size_t i = 0; i < n; i++) {
                if (pred[i] != gold[i])
                    for (unsigned f = 0; f < nf[i]; f++) {
                        size_t row = feat[i * EG__TAG_MAXF + f];
                        update(E, row, gold[i], wt, c);
                        update(E, row, pred[i], -wt, c);
                    }
                unsigned gp = i ? gold[i - 1] : EG__TAG_LABELS, pp = i ? pred[i - 1] : EG__TAG_LABELS;
                if (gp != pp || gold[i] != pred[i]) {
                    update(T, gp, gold[i], wt, c);
                    update(T, pp, pred[i], -wt, c);
                }
            }
            if (n && gold[n - 1] != pred[n - 1]) {
                update(T, EG__TAG_LABELS + 1, gold[n - 1], wt, c);
                update(T, EG__TAG_LABELS + 1, pred[n - 1], -wt, c);
            }
        }
    }
    return c;
}

/* sum[i] += the averaged weight i of W after c steps. */
static void add_average(double *sum, const weights *W, size_t n, int64_t c)
{
    for (size_t i = 0; i < n; i++) sum[i] += (double)W->w[i] - (double)W->acc[i] / (double)c;
}

/* A clause the gate could leave out, as train_gate sees it: the best
 * score of its characters and how many labelled characters it holds. */
typedef struct gate_clause {
    double score;
    uint32_t named;
} gate_clause;

static int by_score_down(const void *a, const void *b)
{
    double x = ((const gate_clause *)a)->score, y = ((const gate_clause *)b)->score;
    return x > y ? -1 : x < y;
}

/* The gate's threshold is set out of fold: GATE_FOLDS gates, each trained
 * without one in GATE_FOLDS examples (k % GATE_FOLDS), score the examples
 * they did not see (with fewer than 2 × GATE_FOLDS examples, the gate
 * scores those it was trained on). */
#define GATE_FOLDS 10

/* An averaged perceptron, per character, on "is it in a labelled name",
 * over the characters of the clauses no span touches (the others are read
 * anyway), of the examples not in fold (all for fold -1), in the order of
 * the seed: its averaged weights into avg (2^gate_bits_of(t)). */
static eg_status gate_perceptron(const eg_trainer *t, int fold, double *avg)
{
    size_t rows = (size_t)1 << gate_bits_of(t);
    int32_t *w = calloc(rows, sizeof *w);
    int64_t *acc = calloc(rows, sizeof *acc);
    size_t *order = malloc((t->n_ex ? t->n_ex : 1) * sizeof *order), n_order = 0;
    if (!w || !acc || !order) {
        free(w);
        free(acc);
        free(order);
        return EG_ENOMEM;
    }
    for (size_t k = 0; k < t->n_ex; k++)
        if (fold < 0 || k % GATE_FOLDS != (size_t)fold) order[n_order++] = k;
    uint64_t rnd = 0x2545F4914F6CDD1Dull ^ ((uint64_t)t->opt.seed * 0xD1B54A32D192ED03ull);
    int64_t c = 1;
    for (unsigned ep = 0; ep < t->opt.epochs; ep++) {
        for (size_t k = n_order; k > 1; k--) {
            size_t j = (size_t)(next_random(&rnd) % k), tmp = order[k - 1];
            order[k - 1] = order[j];
            order[j] = tmp;
        }
        for (size_t o = 0; o < n_order; o++, c++) {
            size_t k = order[o];
            int32_t wt = (int32_t)t->weight[k];
            for (size_t i = t->first[k]; i < t->first[k + 1]; i++) {
                if (t->gflag[i] & GATE_OPEN) continue;
                const uint32_t *f = t->gfeat + i * EG__GATE_F;
                int64_t sum = 0;
                for (unsigned g = 0; g < EG__GATE_F; g++) sum += w[f[g]];
                int32_t y = t->gold[i] ? 1 : -1;
                if (y * sum > 0) continue;
                for (unsigned g = 0; g < EG__GATE_F; g++) {
                    w[f[g]] += y * wt;
                    acc[f[g]] += c * y * wt;
                }
            }
        }
    }
    for (size_t r = 0; r < rows; r++) avg[r] = (double)w[r] - (double)acc[r] / (double)c;
    free(w);
    free(acc);
    free(order);
    return EG_OK;
}

/* Appends to *cl the clauses no span touches that hold labelled
 * characters, of the examples of fold (all for -1), scored by weights avg
 * (doubles) or, when q, by q; counts the examples' labelled characters
 * into *named and those of clauses a span touches into *named_open. */
static eg_status gate_clauses(const eg_trainer *t, int fold, const double *avg, const int16_t *q, gate_clause **cl,
                              size_t *n_cl, size_t *cap_cl, uint64_t *named, uint64_t *named_open)
{
    for (size_t k = 0; k < t->n_ex; k++) {
        if (fold >= 0 && k % GATE_FOLDS != (size_t)fold) continue;
        double best = -HUGE_VAL;
        uint32_t in_clause = 0;
        for (size_t i = t->first[k]; i < t->first[k + 1]; i++) {
            int open = (t->gflag[i] & GATE_OPEN) != 0;
            *named += t->gold[i] != 0;
            *named_open += open && t->gold[i];
            if (!open) {
                const uint32_t *f = t->gfeat + i * EG__GATE_F;
                double sc = 0;
                for (unsigned g = 0; g < EG__GATE_F; g++) sc += q ? (double)q[f[g]] : avg[f[g]];
                if (sc > best) best = sc;
                in_clause += t->gold[i] != 0;
            }
            if (!(t->gflag[i] & GATE_END)) continue;
            if (!open && in_clause) {
                if (*n_cl == *cap_cl && grow((void **)cl, cap_cl, *n_cl + 1, sizeof **cl)) return EG_ENOMEM;
                (*cl)[*n_cl].score = best;
                (*cl)[*n_cl].named = in_clause;
                (*n_cl)++;
            }
            best = -HUGE_VAL;
            in_clause = 0;
        }
    }
    return EG_OK;
}

/* The gate (tagger_impl.h): gate_perceptron on all the examples, its
 * weights scaled into q (2^gate_bits_of(t) int16, the largest 4095). The
 * threshold is the highest score that lets through clauses holding at
 * least gate_recall per mille of the examples' labelled characters (those
 * in clauses a span touches count as let through), each example scored
 * out of fold (GATE_FOLDS), in q's units. Deterministic for the seed. */
static eg_status train_gate(const eg_trainer *t, int16_t *q, int32_t *threshold)
{
    size_t rows = (size_t)1 << gate_bits_of(t), n_cl = 0, cap_cl = 0;
    double *avg = malloc(rows * sizeof *avg);
    gate_clause *cl = NULL;
    uint64_t named = 0, named_open = 0;
    eg_status st = EG_ENOMEM;
    int folds = t->n_ex >= 2 * GATE_FOLDS;
    if (!avg) goto done;
    for (int fold = 0; folds && fold < GATE_FOLDS; fold++)
        if ((st = gate_perceptron(t, fold, avg)) ||
            (st = gate_clauses(t, fold, avg, NULL, &cl, &n_cl, &cap_cl, &named, &named_open)))
            goto done;
    if ((st = gate_perceptron(t, -1, avg))) goto done;
    double most = 0;
    for (size_t r = 0; r < rows; r++)
        if (fabs(avg[r]) > most) most = fabs(avg[r]);
    double scale = most > 0 ? 4095.0 / most : 1.0;
    for (size_t r = 0; r < rows; r++) {
        long v = lround(avg[r] * scale);
        q[r] = (int16_t)(v > 4095 ? 4095 : v < -4095 ? -4095 : v);
    }
    if (!folds && (st = gate_clauses(t, -1, NULL, q, &cl, &n_cl, &cap_cl, &named, &named_open))) goto done;
    if (n_cl > 1) qsort(cl, n_cl, sizeof *cl, by_score_down);
    /* the labelled characters the clauses let through must reach */
    uint64_t need = (named * t->opt.gate_recall + 999) / 1000, got = named_open;
    double thr = HUGE_VAL; /* none needed: only the spans' clauses */
    for (size_t k = 0; k < n_cl && got < need; k++) {
        got += cl[k].named;
        thr = cl[k].score;
    }
    /* in q's units (the folds' raw scores scaled as the whole's), rounded
     * down: a clause at the threshold is let through */
    if (folds && thr != HUGE_VAL) thr *= scale;
    *threshold = thr >= INT32_MAX ? INT32_MAX : thr <= INT32_MIN ? INT32_MIN : (int32_t)floor(thr);
    st = EG_OK;
done:
    free(avg);
    free(cl);
    return st;
}

eg_status eg_trainer_save(eg_trainer *t, const char *path, eg_error *err)
{
    eg_status st = EG_OK;
    size_t rows = (size_t)1 << t->opt.hash_bits;
    size_t trows = EG__TAG_LABELS + 2; /* previous label, start, end */
    size_t ne = rows * EG__TAG_ROW, nt = trows * EG__TAG_ROW;
    weights E = {calloc(ne, sizeof(int32_t)), calloc(ne, sizeof(int64_t))};
    weights T = {calloc(nt, sizeof(int32_t)), calloc(nt, sizeof(int64_t))};
    double *sumE = calloc(ne, sizeof *sumE), *sumT = calloc(nt, sizeof *sumT);
    size_t longest = 1;
    for (size_t k = 0; k < t->n_ex; k++)
        if (t->first[k + 1] - t->first[k] > longest) longest = t->first[k + 1] - t->first[k];
    train_scratch s = {malloc((t->n_ex ? t->n_ex : 1) * sizeof *s.order),
                       malloc(longest * EG__TAG_ROW * sizeof *s.emit), malloc(longest * EG__TAG_ROW),
                       malloc(longest)};
    unsigned char *file = NULL;
    if (!E.w || !E.acc || !T.w || !T.acc || !sumE || !sumT || !s.order || !s.emit || !s.back || !s.pred) {
        st = eg__error(err, EG_ENOMEM, NULL, 0, 0, "out of memory");
        goto done;
    }
    /* each run from zero weights on its own seed; the model is the mean of
     * their averages (one run: its average as it is) */
    for (unsigned r = 0; r < t->opt.runs; r++) {
        if (r) {
            memset(E.w, 0, ne * sizeof *E.w);
            memset(E.acc, 0, ne * sizeof *E.acc);
            memset(T.w, 0, nt * sizeof *T.w);
            memset(T.acc, 0, nt * sizeof *T.acc);
        }
        int64_t c = train_once(t, (uint32_t)(t->opt.seed + r), &E, &T, &s);
        add_average(sumE, &E, ne, c);
        add_average(sumT, &T, nt, c);
    }
    for (size_t i = 0; i < ne; i++) sumE[i] /= t->opt.runs;
    for (size_t i = 0; i < nt; i++) sumT[i] /= t->opt.runs;
    /* the averages, scaled so that the largest emission weight is
     * EG__TAG_MAX_W */
    double most = 0;
    for (size_t i = 0; i < ne; i++)
        if (fabs(sumE[i]) > most) most = fabs(sumE[i]);
    double scale = most > 0 ? EG__TAG_MAX_W / most : 1.0;
    size_t off_trans = 128, trans_bytes = trows * EG__TAG_ROW * sizeof(int32_t);
    size_t off_weights = (off_trans + trans_bytes + 127) / 128 * 128; /* the blocks' alignment */
    size_t off_gate = off_weights + rows * EG__TAG_ROW; /* a multiple of 4096 */
    size_t gate_rows = t->opt.gate_recall ? (size_t)1 << gate_bits_of(t) : 0;
    size_t total = off_gate + gate_rows * sizeof(int16_t);
    int32_t gate_threshold = 0;
    if (!(file = calloc(1, total))) {
        st = eg__error(err, EG_ENOMEM, NULL, 0, 0, "out of memory");
        goto done;
    }
    int32_t trans[(EG__TAG_LABELS + 2) * EG__TAG_ROW];
    for (size_t i = 0; i < trows * EG__TAG_ROW; i++) {
        double a = sumT[i] * scale;
        if (a > EG__TAG_MAX_TRANS) a = EG__TAG_MAX_TRANS;
        if (a < -EG__TAG_MAX_TRANS) a = -EG__TAG_MAX_TRANS;
        trans[i] = (int32_t)lround(a);
    }
    /* the decision rule, in the quantised model's units: the weights are
     * the training's whatever the bias (so its effect is measured alone) */
    eg__tag_add_start_bias(trans, t->opt.start_bias);
    memcpy(file + off_trans, trans, sizeof trans);
    for (size_t i = 0; i < rows * EG__TAG_ROW; i++) {
        long v = lround(sumE[i] * scale);
        int8_t q = (int8_t)(v > EG__TAG_MAX_W ? EG__TAG_MAX_W : v < -EG__TAG_MAX_W ? -EG__TAG_MAX_W : v);
        memcpy(file + off_weights + i, &q, 1);
    }
    if (gate_rows) {
        int16_t *q = malloc(gate_rows * sizeof *q);
        if (!q || train_gate(t, q, &gate_threshold)) {
            free(q);
            st = eg__error(err, EG_ENOMEM, NULL, 0, 0, "out of memory");
            goto done;
        }
        memcpy(file + off_gate, q, gate_rows * sizeof *q);
        free(q);
    }
    egt_header h;
    memset(&h, 0, sizeof h);
    memcpy(h.magic, EGT_MAGIC, 8);
    h.bom = EGT_BOM;
    h.version = EGT_VERSION;
    h.total = total;
    h.bits = t->opt.hash_bits;
    h.labels = EG__TAG_LABELS;
    h.row = EG__TAG_ROW;
    h.features_version = EG__TAG_FEATURES_VERSION;
    h.omit = t->opt.omit_features;
    h.off_trans = off_trans;
    h.off_weights = off_weights;
    if (gate_rows) {
        h.gate_bits = gate_bits_of(t);
        h.off_gate = off_gate;
        h.gate_threshold = gate_threshold;
    }
    h.checksum = eg__hash_bytes(file + sizeof h, total - sizeof h);
    memcpy(file, &h, sizeof h);
    eg__atomic a;
    st = eg__atomic_open(&a, path, err);
    if (st) goto done;
    if (fwrite(file, 1, total, a.fp) != total) {
        eg__atomic_abort(&a);
        st = eg__error(err, EG_EIO, path, 0, 0, "cannot write");
        goto done;
    }
    st = eg__atomic_commit(&a, err);
done:
    free(E.w);
    free(E.acc);
    free(T.w);
    free(T.acc);
    free(sumE);
    free(sumT);
    free(s.order);
    free(s.emit);
    free(s.back);
    free(s.pred);
    free(file);
    return st;
}
