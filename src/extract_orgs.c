/* Organisations after the tagger: a known organisation's name followed
 * directly by the head of an organisation's name is part of that longer
 * name (华润 + 银行 is 华润银行, a bank, not the group 华润 before the
 * word "bank"; 美国航空 + 集团; 中远 + 澳洲 + 公司). The dictionary's
 * short company names (京东, 华润) would otherwise cut the longer names
 * users look for. And a name the tagger cut at its start is taken whole. */
#include <stdint.h>

#include "entgraph/matcher.h"
#include "extract_impl.h"
#include "recognize.h"

/* The organisation among the candidates before the tagger (x->cand,
 * sorted by start) that ends where the tagger's organisation sp ends and
 * starts before it, after prev (the end of the span before): the tagger
 * cut that name at its start (安局 of 贵阳市公安局, 社部 of 人社部); its
 * index + 1, the longest, or 0. */
static size_t cut_from(const eg_extractor *x, const eg__span *sp, size_t prev)
{
    size_t lo = 0, hi = x->cand.n, best = 0;
    while (lo < hi) { /* the first candidate starting at prev or later */
        size_t mid = lo + (hi - lo) / 2;
        if (x->cand.v[mid].start < prev) lo = mid + 1;
        else hi = mid;
    }
    for (size_t k = lo; k < x->cand.n && x->cand.v[k].start < sp->start; k++)
        if (x->cand.v[k].end == sp->end && !best && eg__span_kind(x, &x->cand.v[k]) == EG__T_ORG) best = k + 1;
    return best;
}

typedef struct place_head_ctx {
    const eg_extractor *x;
    size_t start, end, e; /* r's bytes in x->nt.s, the paragraph's end */
    int found;
} place_head_ctx;

static int on_place(void *user, const eg_match *m)
{
    place_head_ctx *c = user;
    if (m->start) return 0;
    const eg__span sp = {c->start, c->start + m->end, EG_RULE_NONE, m->value, 0, 0};
    c->found |= eg__span_kind(c->x, &sp) == EG__T_LOC &&
                eg__org_head_after(c->x->nt.s, c->e, c->start + m->end, 0) == c->end;
    return c->found;
}

/* Is rule span r of paragraph ..e a dictionary place and an organisation's
 * head right after it (澳洲 + 公司), nothing more? */
static int place_then_head(const eg_extractor *x, const eg__span *r, size_t e)
{
    place_head_ctx c = {x, r->start, r->end, e, 0};
    eg_matcher_scan(x->matcher, x->nt.s + r->start, r->end - r->start, on_place, &c);
    return c.found;
}

/* The final spans of paragraph ..e (sorted, not overlapping): a name of
 * the tagger that is the end of an organisation among the candidates
 * becomes that candidate (安局 of 贵阳市公安局: the tagger cut it); then
 * each organisation is widened over an organisation's head that follows
 * it directly, or over a place and such a head (中远 + 澳洲 + 公司, or the
 * rules' 澳洲公司 after 中远: the place is then part of the name and no
 * mention of its own), up to three
 * heads (…集团 + 公司). The head must not be, or start, a name of its own
 * among the spans. A dictionary name widened becomes a rule's name (the
 * longer name is not the entry's: had it been an entry's name or alias,
 * the dictionary would have matched it); a tagger's name stays the
 * tagger's, with its margin, and is widened by a tail that names a body
 * of it only (…分公司 + 办公室): the tagger saw the head and left it out
 * (上海市环境监测中心 + 日报室, a room). */
void eg__widen_orgs(const eg_extractor *x, size_t e, eg__spans *local)
{
    size_t n = 0;
    for (size_t k = 0; k < local->n; k++) {
        eg__span sp = local->v[k];
        if (sp.rule == EG_RULE_MODEL_ORG && x->tagger) {
            size_t c = cut_from(x, &sp, n ? local->v[n - 1].end : 0);
            if (c) {
                int32_t margin = sp.margin;
                sp = x->cand.v[c - 1];
                sp.margin = margin;
                if (x->explain)
                    eg__explain(x, &sp, EG_EXPLAIN_TAKEN, "the tagger's organisation cut at its start, whole");
            }
        }
        /* a place and a periodical's title in 《》 right after it, every
         * span after it inside the title (美国《时代》周刊, 波兰《生活报》):
         * the periodical, named with its place as the labelled text does
         * (the tagger's place, or its organisation cut at the bracket) */
        size_t t = sp.rule != EG_RULE_COUNT && (eg__span_kind(x, &sp) == EG__T_LOC || sp.rule == EG_RULE_MODEL_ORG)
                       ? eg__periodical_after(x->nt.s, e, sp.end)
                       : 0;
        size_t jt = k + 1;
        while (t && jt < local->n && local->v[jt].start < t) t = local->v[jt++].end <= t ? t : 0;
        if (t) {
            sp.end = t;
            sp.rule = EG_RULE_ORG_SUFFIX;
            sp.entity = 0;
            if (x->explain) eg__explain(x, &sp, EG_EXPLAIN_TAKEN, "a place and its periodical's title after it");
            local->v[n++] = sp;
            k = jt - 1;
            continue;
        }
        /* (a word for a kind of body, 公司 or 银行, is no name to widen) */
        if (sp.rule != EG_RULE_COUNT && eg__span_kind(x, &sp) == EG__T_ORG &&
            !eg__is_org_head(x->nt.s + sp.start, sp.end - sp.start)) {
            int model = sp.rule == EG_RULE_MODEL_ORG;
            size_t end = sp.end, j = k + 1;
            for (int round = 0; round < 3; round++) {
                size_t mid = end, jj = j;
                /* a place right after it, before the head */
                if (round == 0 && jj < local->n && local->v[jj].start == end && local->v[jj].rule != EG_RULE_COUNT &&
                    eg__span_kind(x, &local->v[jj]) == EG__T_LOC)
                    mid = local->v[jj++].end;
                size_t h = eg__org_head_after(x->nt.s, e, mid, model);
                /* or the rules' place + head right after it (中远 + [澳洲公司]) */
                if (round == 0 && !h && jj < local->n && local->v[jj].start == end &&
                    local->v[jj].rule == EG_RULE_ORG_SUFFIX && place_then_head(x, &local->v[jj], e))
                    h = local->v[jj++].end;
                if (!h || (jj < local->n && local->v[jj].start < h)) break;
                end = h;
                j = jj;
            }
            if (end != sp.end) {
                const eg__span orig = sp;
                sp.end = end;
                if (sp.rule == EG_RULE_NONE) {
                    sp.rule = EG_RULE_ORG_SUFFIX;
                    sp.entity = 0;
                }
                if (x->explain)
                    eg__explain(x, &sp, EG_EXPLAIN_TAKEN,
                                orig.rule == EG_RULE_NONE ? "a known organisation widened by the head after it"
                                                          : "an organisation widened by the head after it");
                k = j - 1; /* the place inside it is no mention of its own */
            }
        }
        local->v[n++] = sp;
    }
    local->n = n;
}
