/* Deciding between candidates: which of overlapping spans stays, and
 * which entity a name several entities share stands for in a document. */
#include <stdlib.h>
#include <string.h>

#include "extract_impl.h"
#include "internal.h"
#include "recognize.h"

/* Is a an ancestor of e (parent, grandparent, …)? */
int eg__has_ancestor(const eg_extractor *x, uint32_t e, uint32_t a)
{
    int32_t p = x->parent[e];
    for (int depth = 0; p >= 0 && depth < 32; depth++, p = x->parent[p])
        if ((uint32_t)p == a) return 1;
    return 0;
}

/* The entities *id may be: the members of a group of equal names, or the
 * entity itself. */
const uint32_t *eg__readings(const eg_extractor *x, const uint32_t *id, size_t *n)
{
    if (!(*id & GROUP_BIT)) {
        *n = 1;
        return id;
    }
    uint32_t g = *id & ~GROUP_BIT;
    *n = x->group_start[g + 1] - x->group_start[g];
    return x->group_members + x->group_start[g];
}

/* Does (any reading of) entity or group e lie inside (a reading of) prev? */
int eg__inside_previous(const eg_extractor *x, uint32_t prev, uint32_t e)
{
    size_t np, ne;
    const uint32_t *ps = eg__readings(x, &prev, &np), *es = eg__readings(x, &e, &ne);
    for (size_t i = 0; i < ne; i++)
        for (size_t j = 0; j < np; j++)
            if (eg__has_ancestor(x, es[i], ps[j])) return 1;
    return 0;
}

/* Resolves every ambiguous name of the document at once. Evidence is the
 * unambiguous dictionary mentions of the document and their ancestors: a
 * candidate scores one for each of its ancestors in the evidence and one
 * for each mentioned entity it is an ancestor of (双桥村 under 王江泾镇 when
 * the text names 秀洲区 or 王江泾镇). The best score wins; with no evidence
 * or a tie the mention goes to one "amb:NAME" node instead of a guess. */
/* Counts span k's entity (a plain dictionary mention) as evidence for each
 * of its ancestors, once each, as eg__has_ancestor() walks them. */
static void count_evidence(eg_extractor *x, uint32_t e)
{
    int32_t chain[32];
    int n = 0;
    for (int32_t p = x->parent[e]; p >= 0 && n < 32; p = x->parent[p]) {
        int again = 0; /* (a parent cycle, which a checked dictionary has not) */
        for (int j = 0; j < n && !again; j++) again = chain[j] == p;
        chain[n++] = p;
        if (again) continue;
        if (x->evid_stamp[p] != x->stamp) {
            x->evid_stamp[p] = x->stamp;
            x->evid_n[p] = 0;
        }
        x->evid_n[p]++;
    }
}

/* Resolves every ambiguous name of the document at once. Evidence is the
 * unambiguous dictionary mentions of the document and their ancestors: a
 * candidate scores one for each of its ancestors in the evidence and one
 * for each mentioned entity it is an ancestor of (双桥村 under 王江泾镇 when
 * the text names 秀洲区 or 王江泾镇). The best score wins; with no evidence
 * or a tie the mention goes to one "amb:NAME" node instead of a guess.
 * A mention resolved to a dictionary entity is evidence for the names
 * decided after it. The second count is kept per entity (evid_n, made once
 * per document and grown as mentions are resolved) rather than found by
 * comparing every mention with every other (quadratic on a long document). */
eg_status eg__resolve_groups(eg_extractor *x, eg__spans *sp)
{
    size_t nd = eg_dict_count(x->dict);
    x->stamp++;
    int has_group = 0;
    for (size_t k = 0; k < sp->n; k++) {
        uint32_t e = sp->v[k].entity;
        if (sp->v[k].rule != EG_RULE_NONE) continue;
        if (e & GROUP_BIT) {
            has_group = 1;
            continue;
        }
        int32_t p = (int32_t)e;
        for (int depth = 0; p >= 0 && depth < 32; depth++, p = x->parent[p]) x->mark[p] = x->stamp;
    }
    if (!has_group) return EG_OK;
    if (!x->evid_n) {
        x->evid_n = calloc(nd ? nd : 1, sizeof *x->evid_n);
        x->evid_stamp = calloc(nd ? nd : 1, sizeof *x->evid_stamp);
        if (!x->evid_n || !x->evid_stamp) {
            free(x->evid_n);
            free(x->evid_stamp);
            x->evid_n = NULL;
            x->evid_stamp = NULL;
            return EG_ENOMEM;
        }
    }
    for (size_t k = 0; k < sp->n; k++) {
        uint32_t e = sp->v[k].entity;
        if (sp->v[k].rule == EG_RULE_NONE && !(e & GROUP_BIT) && e < nd) count_evidence(x, e);
    }
    /* decisions per group, for this document */
    uint32_t done_g[64], done_e[64];
    size_t n_done = 0;
    for (size_t k = 0; k < sp->n; k++) {
        uint32_t v = sp->v[k].entity;
        if (sp->v[k].rule != EG_RULE_NONE || !(v & GROUP_BIT)) continue;
        uint32_t g = v & ~GROUP_BIT, chosen = UINT32_MAX;
        for (size_t q = 0; q < n_done; q++)
            if (done_g[q] == g) chosen = done_e[q];
        if (chosen == UINT32_MAX) {
            long best = 0;
            int tie = 0;
            for (uint32_t m = x->group_start[g]; m < x->group_start[g + 1]; m++) {
                uint32_t c = x->group_members[m];
                long score = 0;
                int32_t p = x->parent[c];
                for (int depth = 0; p >= 0 && depth < 32; depth++, p = x->parent[p])
                    score += x->mark[p] == x->stamp;
                if (x->evid_stamp[c] == x->stamp) score += x->evid_n[c];
                if (score > best) {
                    best = score;
                    chosen = c;
                    tie = 0;
                } else if (score == best && score > 0) {
                    tie = 1;
                }
            }
            if (!best || tie) {
                const eg_entity *first = eg_dict_entity(x->dict, x->group_members[x->group_start[g]]);
                const char *type = first->type;
                for (uint32_t m = x->group_start[g]; m < x->group_start[g + 1]; m++)
                    if (strcmp(eg_dict_entity(x->dict, x->group_members[m])->type, type)) type = "MISC";
                eg_status st = eg__found_entity(x, "amb", x->nt.s + sp->v[k].start, sp->v[k].end - sp->v[k].start, "", type,
                                                "ambiguous", &chosen);
                if (st) return st;
            }
            if (n_done < 64) {
                done_g[n_done] = g;
                done_e[n_done++] = chosen;
            }
        }
        sp->v[k].entity = chosen;
        if (!(chosen & GROUP_BIT) && chosen < nd) count_evidence(x, chosen); /* evidence from now on */
    }
    return EG_OK;
}

/* Keeps the winners among overlapping spans, in place: a dictionary match
 * wins over a rule span it overlaps, unless the rule span contains it
 * whole (朱文成 over a place alias 文成). */
void eg__resolve_overlaps(eg__spans *s)
{
    if (s->n < 2) return;
    qsort(s->v, s->n, sizeof *s->v, eg__span_cmp);
    size_t out = 0;
    for (size_t i = 0; i < s->n; i++) {
        eg__span cur = s->v[i];
        int keep = 1;
        while (out > 0 && s->v[out - 1].end > cur.start) {
            eg__span *prev = &s->v[out - 1];
            int prev_contains = prev->start <= cur.start && prev->end >= cur.end;
            int cur_contains = cur.start <= prev->start && cur.end >= prev->end;
            int prev_dict = prev->rule == EG_RULE_NONE, cur_dict = cur.rule == EG_RULE_NONE;
            if (prev_dict == cur_dict) {
                /* same kind: the earlier, longer one stays; of two rules on the
                 * same span, the more trusted (伊朗队: a team, not a person) */
                if (!cur_dict && prev->start == cur.start && prev->end == cur.end &&
                    eg__rule_confidence((eg__rule)cur.rule) > eg__rule_confidence((eg__rule)prev->rule)) {
                    out--;
                    continue;
                }
                keep = 0;
            } else if (!cur_dict && cur_contains && !(prev->start == cur.start && prev->end == cur.end)) {
                out--; /* rule span contains the dictionary match */
                continue;
            } else if (!prev_dict && prev_contains && !(prev->start == cur.start && prev->end == cur.end)) {
                keep = 0;
            } else if (cur_dict) {
                out--; /* the dictionary wins a partial overlap */
                continue;
            } else {
                keep = 0;
            }
            break;
        }
        if (keep) s->v[out++] = cur;
    }
    s->n = out;
}
