/* What every recognition rule shares: the rules' names, types and
 * confidences, and the list of spans they propose. The rules themselves
 * are split by what they find: people (recognize_people.c), organisations
 * and places (recognize_places.c) and one-character abbreviations of
 * places (recognize_abbr.c). They see one paragraph's text, never the
 * extractor: extract_rules.c runs them on a document, extract_repeat.c
 * spreads the names they found (the repeat rule), extract_resolve.c
 * decides between overlapping candidates and between the entities a
 * shared name may stand for. */
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "recognize.h"
#include "recognize_impl.h"
#include "util.h"

/* the arrays of the rules' character-set table, declared in recognize_impl.h */
#include "recognize_tables.inc"

const char *eg__rule_name(eg__rule r)
{
    static const char *const names[EG_RULE_COUNT] = {"dict", "byline", "title", "repeat", "list",
                                                     "team", "org_suffix", "congress", "loc_suffix",
                                                     "abbr", "plain", "model", "model", "model", "sense",
                                                     "japanese"};
    return (unsigned)r < EG_RULE_COUNT ? names[r] : "unknown";
}

double eg__rule_confidence(eg__rule r)
{
    /* Measured precision of each rule on msra_dev + pd_dev (exact span and
     * type), rounded down; byline from the sample page (all right), plain
     * lowered to what learning its table on one set and scoring the other
     * suggests. */
    static const double conf[EG_RULE_COUNT] = {
        1.0,  /* dict */
        0.9,  /* byline */
        0.8,  /* title */
        0.5,  /* repeat (measured on a handful of mentions only) */
        0.75, /* list */
        0.95, /* team */
        0.75, /* org_suffix */
        0.8,  /* congress */
        0.85, /* loc_suffix (12 mentions) */
        0.85, /* abbr */
        0.85, /* plain */
        /* model: the tagger's spans no dictionary entry or rule found the
         * same, precision measured by cross-validation on msra_dev and
         * pd_dev (README, "The trained tagger"); a mention has its own,
         * from its margin (eg__span_confidence) */
        0.8,  /* model PER */
        0.7,  /* model LOC */
        0.7,  /* model ORG */
        /* sense: a notable's short name its document does not support,
         * taken as a person of that document (153 of 160 right on msra_dev
         * + pd_dev, --no-model) */
        0.95,
        /* japanese: 14 of 14 right on msra_dev + pd_dev (--no-model), 13 of
         * 13 kept with the tagger (cross-validated); few, so rounded down
         * further */
        0.9,
    };
    return (unsigned)r < EG_RULE_COUNT ? conf[r] : 0.5;
}

/* One bin of a calibration table: from margin "from" on, p. */
typedef struct conf_bin {
    int32_t from;
    double p;
} conf_bin;

double eg__span_confidence(eg__rule r, int32_t margin)
{
    if (r < EG_RULE_MODEL_PER || r > EG_RULE_MODEL_ORG) return eg__rule_confidence(r);
    /* The share of the tagger's own names of a type that were right, by
     * their margin: cross-validated predictions of msra_dev, pd_dev and
     * bench/genres (5 folds, keep-dict, the default), bins of at least 20
     * names, pooled where the share fell as the margin grew
     * (scripts/calibrate_confidence.py; README, "The tagger's
     * confidence"). */
    static const conf_bin per[] = {{0, 0.52}, {8, 0.69}, {16, 0.70}, {32, 0.85}, {64, 0.95}, {128, 0.98}, {INT32_MAX, 0}};
    static const conf_bin loc[] = {{0, 0.68}, {8, 0.70}, {32, 0.82}, {64, 0.83}, {128, 0.97}, {INT32_MAX, 0}};
    /* (the margins of organisations include the model's start bias of 16,
     * scripts/train-tagger.sh START_BIAS: a name whose nearest rival is
     * no name sits 16 higher than it would without it) */
    static const conf_bin org[] = {{0, 0.35}, {16, 0.64}, {64, 0.81}, {128, 0.87}, {256, 0.87}, {INT32_MAX, 0}};
    const conf_bin *t = r == EG_RULE_MODEL_PER ? per : r == EG_RULE_MODEL_LOC ? loc : org;
    size_t k = 0;
    while (t[k + 1].from != INT32_MAX && margin >= t[k + 1].from) k++;
    return t[k].p;
}

const char *eg__rule_type(eg__rule r)
{
    switch (r) {
    case EG_RULE_TEAM:
    case EG_RULE_ORG_SUFFIX:
    case EG_RULE_CONGRESS: return "ORG";
    case EG_RULE_LOC_SUFFIX:
    case EG_RULE_ABBR:
    case EG_RULE_MODEL_LOC: return "LOC";
    case EG_RULE_MODEL_ORG: return "ORG";
    default: return "PER";
    }
}

int eg__spans_push(eg__spans *s, size_t start, size_t end, eg__rule rule)
{
    if (s->n == s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 16, bytes;
        if (eg__mul_overflow(cap, sizeof *s->v, &bytes)) return -1;
        eg__span *p = realloc(s->v, bytes);
        if (!p) return -1;
        s->v = p;
        s->cap = cap;
    }
    s->v[s->n].start = start;
    s->v[s->n].end = end;
    s->v[s->n].rule = rule;
    s->v[s->n].entity = 0;
    s->v[s->n].strong = 0;
    s->v[s->n].margin = 0;
    s->n++;
    return 0;
}

void eg__spans_free(eg__spans *s)
{
    free(s->v);
    memset(s, 0, sizeof *s);
}

int eg__span_cmp(const void *a, const void *b)
{
    const eg__span *x = a, *y = b;
    if (x->start != y->start) return x->start < y->start ? -1 : 1;
    if (x->end != y->end) return x->end > y->end ? -1 : 1;
    return (int)x->rule - (int)y->rule;
}

eg_status eg__chars_reserve(eg__chars *p, size_t need)
{
    if (need <= p->cap) return EG_OK;
    size_t cap = p->cap ? p->cap : 256, bytes;
    while (cap < need) cap *= 2;
    if (eg__mul_overflow(cap, sizeof *p->at, &bytes)) return EG_ENOMEM;
    uint32_t *c = realloc(p->c, cap * sizeof *c);
    if (c) p->c = c;
    size_t *at = realloc(p->at, bytes);
    if (at) p->at = at;
    if (!c || !at) return EG_ENOMEM;
    p->cap = cap;
    return EG_OK;
}

/* Decodes s[0..len) into p from index first on (room made for the
 * characters and one slot more: code point 0 at offset len); *n: how many. */
static eg_status decode_at(eg__chars *p, size_t first, const char *s, size_t len, size_t *n)
{
    size_t need;
    if (eg__add_overflow(first, len + 1, &need)) return EG_ENOMEM;
    eg_status st = eg__chars_reserve(p, need);
    if (st) return st;
    /* (the arrays and the index in locals: the slow path's call would
     * otherwise have them read back from memory at every character) */
    uint32_t *c = p->c + first;
    size_t *at = p->at + first, i = 0, k = 0;
    while (i < len) {
        size_t j = i;
        at[k] = i;
        c[k++] = eg__utf8_decode(s, len, &j, NULL);
        i = j;
    }
    at[k] = len;
    c[k] = 0;
    *n = k;
    return EG_OK;
}

eg_status eg__chars_decode(eg__chars *p, const char *s, size_t len)
{
    size_t n = 0;
    eg_status st = decode_at(p, 0, s, len, &n);
    p->n = st ? 0 : n;
    return st;
}

eg_status eg__chars_end(eg__chars *p, size_t len)
{
    eg_status st = eg__chars_reserve(p, p->n + 1);
    if (st) return st;
    p->c[p->n] = 0;
    p->at[p->n++] = len;
    return EG_OK;
}

void eg__chars_free(eg__chars *p)
{
    free(p->c);
    free(p->at);
    memset(p, 0, sizeof *p);
}
