/* The rules (recognize_*.c) on the extractor's paragraphs: their spans
 * moved to document offsets and given what the registry knows (the place
 * an abbreviation stands for, the places inside an organisation), and
 * surnames with a form of address linked to the full names of their
 * document. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "entgraph/matcher.h"
#include "entgraph/text.h"
#include "extract_impl.h"
#include "internal.h"
#include "recognize.h"
#include "util.h"

/* ---- organisations and places --------------------------------------------- */

eg_status eg__find_places(eg_extractor *x, size_t b, size_t e, eg__spans *local)
{
    const char *s = x->nt.s + b;
    size_t len = e - b, base = b, n = local->n;
    eg__span *rel = malloc((n ? n : 1) * sizeof *rel);
    uint8_t *types = malloc(n ? n : 1);
    eg__spans found = {0};
    eg_status st = EG_OK;
    if (!rel || !types) {
        st = EG_ENOMEM;
        goto done;
    }
    for (size_t k = 0; k < n; k++) {
        rel[k] = local->v[k];
        rel[k].start -= base;
        rel[k].end -= base;
        uint32_t ent = local->v[k].entity;
        if (ent & GROUP_BIT) ent = x->group_members[x->group_start[ent & ~GROUP_BIT]];
        types[k] = x->kind[ent] == EG__T_NOT ? EG__T_OTHER : x->kind[ent];
        /* a place right after the place it lies in: 河南省|郑州市 */
        if (k > 0 && types[k] == EG__T_LOC && (types[k - 1] & EG__T_MASK) == EG__T_LOC &&
            local->v[k - 1].end == local->v[k].start && eg__inside_previous(x, local->v[k - 1].entity, local->v[k].entity))
            types[k] |= EG__T_INSIDE_PREV;
    }
    st = eg__recognize_compounds(s, len, rel, types, n, &found);
    for (size_t k = 0; !st && k < found.n; k++)
        if (eg__spans_push(local, base + found.v[k].start, base + found.v[k].end, found.v[k].rule))
            st = EG_ENOMEM;
done:
    eg__spans_free(&found);
    free(rel);
    free(types);
    return st;
}

/* 1 + the last known place (a dictionary LOC, not a shared name) among
 * the dictionary names inside an organisation's name t[b..e), its last
 * character left out so that the name itself does not match; 0 none. */
typedef struct within_ctx {
    const eg_extractor *x;
    uint32_t place;
    uint32_t seen[8]; /* the places before, for a shared name (望海街道 after 海盐县) */
    size_t n_seen;
} within_ctx;

static int on_within(void *user, const eg_match *m)
{
    within_ctx *w = user;
    const eg_extractor *x = w->x;
    uint32_t e = m->value;
    if (e & GROUP_BIT) {
        /* the one reading that lies inside a place named before it */
        size_t n;
        const uint32_t *r = eg__readings(x, &e, &n);
        e = UINT32_MAX;
        for (size_t i = 0; i < n; i++)
            for (size_t k = 0; k < w->n_seen; k++)
                if (eg__has_ancestor(x, r[i], w->seen[k])) e = e == UINT32_MAX || e == r[i] ? r[i] : UINT32_MAX - 1;
        if (e >= UINT32_MAX - 1) return 0;
    }
    if (x->kind[e] != EG__T_LOC) return 0;
    w->place = e + 1;
    if (w->n_seen < 8) w->seen[w->n_seen++] = e;
    return 0;
}

uint32_t eg__place_within(const eg_extractor *x, size_t b, size_t e)
{
    within_ctx w = {x, 0, {0}, 0};
    size_t last = e;
    while (last > b && eg__utf8_is_cont(x->nt.s[last - 1])) last--;
    if (last > b) last--;
    if (last > b) eg_matcher_scan(x->matcher, x->nt.s + b, last - b, on_within, &w);
    return w.place;
}

/* ---- abbreviations, and their table ---------------------------------------- */

eg_status eg__extractor_build_abbr(eg_extractor *x)
{
    size_t n = eg_dict_count(x->dict), k = 0;
    for (size_t i = 0; i < n; i++) k += !strcmp(eg_dict_entity(x->dict, i)->type, "ABBR");
    if (!k) return EG_OK;
    x->abbr_cp = malloc(k * sizeof *x->abbr_cp);
    x->abbr_entity = malloc(k * sizeof *x->abbr_entity);
    if (!x->abbr_cp || !x->abbr_entity) return EG_ENOMEM;
    for (size_t i = 0; i < n; i++) {
        const eg_entity *e = eg_dict_entity(x->dict, i);
        if (strcmp(e->type, "ABBR") || x->parent[i] < 0) continue;
        char *norm = NULL;
        size_t nlen;
        eg_status st = eg_text_normalize_utf8(x->text, e->name, strlen(e->name), &norm, &nlen);
        if (st) return st;
        size_t j = 0;
        uint32_t c = nlen ? eg__utf8_decode(norm, nlen, &j, NULL) : 0;
        free(norm);
        if (!c || j != nlen) continue; /* one character only */
        /* sorted by character, a character's entries in the registry's
         * order: the first is what it stands for unless its document says
         * otherwise (eg__abbr_targets) */
        size_t pos = 0;
        while (pos < x->n_abbr && x->abbr_cp[pos] <= c) pos++;
        memmove(x->abbr_cp + pos + 1, x->abbr_cp + pos, (x->n_abbr - pos) * sizeof *x->abbr_cp);
        memmove(x->abbr_entity + pos + 1, x->abbr_entity + pos, (x->n_abbr - pos) * sizeof *x->abbr_entity);
        x->abbr_cp[pos] = c;
        x->abbr_entity[pos] = (uint32_t)x->parent[i];
        x->n_abbr++;
        if (c < 0x10000) x->abbr_bits[c >> 6] |= 1ull << (c & 63);
        else memset(x->abbr_bits, 0xFF, sizeof x->abbr_bits); /* beyond the bits: ask the table */
    }
    return EG_OK;
}

size_t eg__abbr_targets(const eg_extractor *x, uint32_t c, const uint32_t **targets)
{
    size_t lo = 0, hi = x->n_abbr;
    *targets = NULL;
    if (!hi) return 0; /* no table at all (NULL + 0 is undefined) */
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (x->abbr_cp[mid] < c) lo = mid + 1;
        else hi = mid;
    }
    size_t end = lo;
    while (end < x->n_abbr && x->abbr_cp[end] == c) end++;
    *targets = x->abbr_entity + lo;
    return end - lo;
}

/* The entity abbreviated by c (its first entry), or UINT32_MAX. */
static uint32_t abbr_target(const eg_extractor *x, uint32_t c)
{
    const uint32_t *t;
    return eg__abbr_targets(x, c, &t) ? t[0] : UINT32_MAX;
}

static int is_abbr(void *user, uint32_t c)
{
    const eg_extractor *x = user;
    /* most characters abbreviate nothing: a bit per character first; the
     * bits say exactly which do unless one lies beyond U+FFFF (then all
     * are set, and the table is asked; it is sorted: the last is the
     * greatest) */
    if (c < 0x10000) {
        if (!(x->abbr_bits[c >> 6] >> (c & 63) & 1)) return 0;
        if (x->abbr_cp[x->n_abbr - 1] < 0x10000) return 1;
    }
    return abbr_target(user, c) != UINT32_MAX;
}

/* Do the words refuse the two abbreviations s[a..m) s[m..z) of paragraph
 * s[0..len) (a loose pair, strong 6)? They do where the pair is a word
 * (美德; 中日 too, sadly), or a word ends with the first, started one or
 * two characters before it (其中, 夏日), a common word starts with the
 * second and goes on past it (美国, 美好), or starts with the first and goes on past the pair
 * (中美洲), or a character of transliterations that starts no common word
 * follows (范德法特); without a lexicon always. */
static int words_refuse_pair(const eg_extractor *x, const char *s, size_t len, size_t a, size_t m, size_t z)
{
    if (!x->lexicon || eg__lexicon_freq(x->lexicon, s + a, z - a) >= EG__LEX_RARE) return 1;
    size_t p = a;
    for (int back = 0; back < 2 && p > 0; back++) {
        p = eg__utf8_prev(s, 0, p);
        if (eg__lexicon_freq(x->lexicon, s + p, m - p) >= EG__LEX_RARE) return 1;
    }
    /* a character of transliterations after them that starts no common
     * word goes on with a foreign name (范德法特也) */
    size_t q = z, q2 = z;
    uint32_t after = q < len ? eg__utf8_decode(s, len, &q2, NULL) : 0;
    if (after && eg__is_translit(after)) {
        size_t q3 = q2;
        if (q3 >= len) return 1;
        eg__utf8_decode(s, len, &q3, NULL);
        if (eg__lexicon_freq(x->lexicon, s + z, q3 - z) < EG__LEX_F_CROSS_PLACE) return 1;
    }
    for (int on = 0; on < 2 && q < len; on++) {
        eg__utf8_decode(s, len, &q, NULL);
        if (eg__lexicon_freq(x->lexicon, s + m, q - m) >= EG__LEX_F_CROSS_PLACE ||
            eg__lexicon_freq(x->lexicon, s + a, q - a) >= EG__LEX_RARE)
            return 1;
    }
    return 0;
}

eg_status eg__find_abbreviations(eg_extractor *x, size_t b, size_t e, eg__spans *local)
{
    size_t before = local->n;
    eg_status st = eg__recognize_abbreviations_in(x->nt.s + b, &x->chars, is_abbr, x, x->abbr_bits, local);
    size_t out = before;
    for (size_t k = before; k < local->n; k++) {
        eg__span sp = local->v[k];
        if (sp.strong == 6) {
            /* a loose pair comes as two spans side by side */
            int refused = k + 1 >= local->n ||
                          words_refuse_pair(x, x->nt.s + b, e - b, sp.start, sp.end, local->v[k + 1].end);
            if (!refused) {
                local->v[k].strong = local->v[k + 1].strong = 0;
                sp.strong = 0;
            } else {
                k++; /* both go */
                continue;
            }
        }
        size_t j = sp.start;
        uint32_t c = eg__utf8_decode(x->nt.s + b, e - b, &j, NULL);
        sp.start += b;
        sp.end += b;
        sp.entity = abbr_target(x, c);
        local->v[out++] = sp;
    }
    local->n = out;
    return st;
}

/* ---- people -------------------------------------------------------------- */

/* Does an abbreviation of the list before it end right before "、" at
 * byte at (中、日、|韩正式签署: the list's next item is a place too)? spans
 * v[0..n): the paragraph's candidates so far. */
static int after_listed_abbr(const eg_extractor *x, const eg__span *v, size_t n, size_t at)
{
    static const char dun[] = "、";
    if (at < sizeof dun - 1 || memcmp(x->nt.s + at - (sizeof dun - 1), dun, sizeof dun - 1)) return 0;
    for (size_t q = 0; q < n; q++)
        if (v[q].rule == EG_RULE_ABBR && v[q].end == at - (sizeof dun - 1)) return 1;
    return 0;
}

eg_status eg__find_people(eg_extractor *x, size_t b, size_t e, eg__spans *local)
{
    size_t before = local->n, out = before;
    (void)e; /* the paragraph, decoded, is x->chars */
    eg_status st = eg__recognize_people_in(x->nt.s + b, &x->chars, local);
    for (size_t k = before; k < local->n; k++) {
        eg__span sp = local->v[k];
        sp.start += b;
        sp.end += b;
        /* a surname that is the next item of a list of abbreviations is
         * that place, not a person's name (中、日、韩正式签署, 美、英、法三国:
         * 韩正式, 法三国) */
        if (after_listed_abbr(x, local->v, before, sp.start)) continue;
        local->v[out++] = sp;
    }
    local->n = out;
    return st;
}

/* ---- forms of address across the document ---------------------------- */

/* Is span a bare surname a rule found with a form of address (张 of
 * 张女士, 李 of 老李 or 李局长)? */
int eg__is_address_name(const eg_extractor *x, const eg__span *span)
{
    if (span->rule != EG_RULE_TITLE) return 0;
    size_t i = span->start;
    uint32_t c = eg__utf8_decode(x->nt.s, x->nt.len, &i, NULL);
    return i == span->end && eg__is_han(c);
}

/* How far before a surname with a form of address its full name may
 * stand, in bytes of normalised text (about 600 characters). */
#define ADDRESS_REACH 1800

/* The document's mark: a hash of the names it mentions, in order, so that
 * the same story read from another encoding or with a damaged byte gets
 * the same one (16 hex digits). */
void eg__doc_mark(const eg_extractor *x, const eg__spans *sp, char mark[17])
{
    uint64_t h = EG__HASH_INIT;
    for (size_t k = 0; k < sp->n; k++) {
        if (sp->v[k].rule == EG_RULE_COUNT) continue;
        for (size_t i = sp->v[k].start; i < sp->v[k].end; i++) h = eg__hash_step(h, (unsigned char)x->nt.s[i]);
        h = eg__hash_step(h, 0);
    }
    snprintf(mark, 17, "%016llx", (unsigned long long)h);
}

/* The people a surname with a form of address stands for. Within its
 * document, the one full name (two characters or more, from the
 * dictionary or the rules) with that surname shortly before it, when
 * there is exactly one (张女士 after 张丽华); else a person of this document only, "per:张女士@D"
 * where D is a hash of the names the document mentions, never one node per surname
 * across documents. With the option address_names off, the unlinked
 * ones are left out. EG_ENOMEM. */
/* The extent t[*from..*to) of the surname with a form of address a
 * (its paragraph found from par_bytes), and that paragraph's end. */
static size_t address_label(const eg_extractor *x, const eg__span *a, const size_t *par_bytes, size_t np,
                            size_t *from, size_t *to)
{
    size_t lo = 0, hi = np; /* the last paragraph starting at or before a (par_bytes ascending) */
    while (hi - lo > 1) {
        size_t mid = (lo + hi) / 2;
        if (par_bytes[mid] <= a->start) lo = mid;
        else hi = mid;
    }
    size_t p = lo;
    const char *pt = x->nt.s + par_bytes[p];
    size_t pl = par_bytes[p + 1] - par_bytes[p];
    eg__address_extent(pt, pl, a->start - par_bytes[p], a->end - par_bytes[p], from, to);
    *from += par_bytes[p];
    *to += par_bytes[p];
    return par_bytes[p + 1];
}

/* A surname with a form of address is the name of a company or brand in
 * its document when one of its mentions there is followed by a word of
 * one (康师傅方面, 康师傅的一位联系人): all its mentions are left out. The
 * labels found so (up to BRAND_LABELS of them) are collected first, then
 * each mention's label is compared with them: linear in the mentions. */
#define BRAND_LABELS 8
static void drop_brand_addresses(eg_extractor *x, eg__spans *sp, const size_t *par_bytes, size_t np)
{
    const char *t = x->nt.s;
    size_t lab_at[BRAND_LABELS], lab_len[BRAND_LABELS], n_lab = 0;
    for (size_t k = 0; k < sp->n && n_lab < BRAND_LABELS; k++) {
        const eg__span *a = &sp->v[k];
        if (a->rule == EG_RULE_COUNT || !eg__is_address_name(x, a)) continue;
        size_t from, to, pe = address_label(x, a, par_bytes, np, &from, &to);
        if (to == a->end || !eg__address_org_cue(t, pe, to)) continue;
        lab_at[n_lab] = from;
        lab_len[n_lab++] = to - from;
    }
    for (size_t q = 0; n_lab && q < sp->n; q++) {
        eg__span *b = &sp->v[q];
        if (b->rule == EG_RULE_COUNT || !eg__is_address_name(x, b)) continue;
        size_t bf, bt;
        address_label(x, b, par_bytes, np, &bf, &bt);
        for (size_t l = 0; l < n_lab; l++)
            if (bt - bf == lab_len[l] && !memcmp(t + bf, t + lab_at[l], lab_len[l])) b->rule = EG_RULE_COUNT;
    }
}

eg_status eg__link_address_names(eg_extractor *x, eg__spans *sp, const size_t *par_bytes, size_t np)
{
    const char *t = x->nt.s;
    char scope[17];
    eg__doc_mark(x, sp, scope);
    drop_brand_addresses(x, sp, par_bytes, np);
    /* the spans are in text order (paragraph after paragraph, each sorted):
     * then the full names within reach before a mention lie in one run of
     * spans, found by binary search, instead of every span of the document
     * for each mention (quadratic on a long one-document input); in any
     * other order, all of them, as before */
    int in_order = 1;
    for (size_t k = 1; k < sp->n && in_order; k++) in_order = sp->v[k - 1].start <= sp->v[k].start;
    for (size_t k = 0; k < sp->n; k++) {
        eg__span *a = &sp->v[k];
        if (a->rule == EG_RULE_COUNT || !eg__is_address_name(x, a)) continue;
        size_t alen = a->end - a->start;
        uint32_t link = UINT32_MAX;
        int several = 0;
        size_t q0 = 0, q1 = sp->n;
        if (in_order) {
            size_t lo = 0, hi = k, from = a->start > ADDRESS_REACH ? a->start - ADDRESS_REACH : 0;
            while (lo < hi) { /* the first span starting at or after from */
                size_t mid = lo + (hi - lo) / 2;
                if (sp->v[mid].start < from) lo = mid + 1;
                else hi = mid;
            }
            q0 = lo;
            for (q1 = k; q1 < sp->n && sp->v[q1].start <= a->start;) q1++;
        }
        for (size_t q = q0; q < q1; q++) {
            const eg__span *f = &sp->v[q];
            size_t flen = f->end - f->start;
            if (q == k || f->rule == EG_RULE_COUNT || f->rule == EG_RULE_ABBR || eg__is_address_name(x, f) ||
                flen <= alen || memcmp(t + f->start, t + a->start, alen))
                continue;
            /* named in full a little before (a page of several stories
             * names other people further off) */
            if (f->start > a->start || a->start - f->start > ADDRESS_REACH) continue;
            if (f->entity & GROUP_BIT) continue;
            const eg_entity *fe = eg_extractor_entity(x, f->entity);
            if (!fe || strcmp(fe->type, "PER")) continue;
            if (link != UINT32_MAX && link != f->entity) several = 1;
            link = f->entity;
        }
        if (link != UINT32_MAX && !several) {
            a->entity = link;
            continue;
        }
        if (!x->opt.address_names) {
            a->rule = EG_RULE_COUNT; /* left out */
            continue;
        }
        /* the label: the surname with its form of address, as written */
        size_t p = 0;
        while (p + 1 < np && par_bytes[p + 1] <= a->start) p++;
        size_t from, to;
        eg__address_extent(t + par_bytes[p], par_bytes[p + 1] - par_bytes[p], a->start - par_bytes[p],
                           a->end - par_bytes[p], &from, &to);
        uint32_t idx;
        eg_status st = eg__found_entity(x, "per", t + par_bytes[p] + from, to - from, scope, "PER", "rule", &idx);
        if (st == EG_ELIMIT) {
            a->rule = EG_RULE_COUNT;
            continue;
        }
        if (st) return st;
        a->entity = idx;
    }
    return EG_OK;
}
