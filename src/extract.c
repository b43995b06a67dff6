/* The extractor: text → mentions (DESIGN.md: reader … recognizer). */
#include <stdlib.h>
#include <string.h>

#include "entgraph/extract.h"
#include "entgraph/matcher.h"
#include "entgraph/text.h"
#include "internal.h"
#include "recognize.h"
#include "util.h"

struct eg_extractor {
    const eg_dict *dict; /* borrowed */
    eg_extract_options opt;
    eg_text *text;
    eg_matcher *matcher;
    size_t clashes;
    /* entities found by rules, after the dictionary's */
    eg__arena strings;
    eg_entity *found;
    size_t n_found, cap_found;
    eg__strmap found_by_name;
    /* per-document scratch, kept to avoid reallocating */
    eg_codepoints cps;
    eg_layout layout;
    eg_normtext nt;
    eg__spans spans;
};

eg_extract_options eg_extract_defaults(void)
{
    eg_extract_options o = {1, 1, EG_CONVERT_NONE};
    return o;
}

const char *eg_extract_rule_name(uint32_t rule) { return eg__rule_name((eg__rule)rule); }

void eg_doc_mentions_destroy(eg_doc_mentions *dm)
{
    free(dm->v);
    free(dm->sentences);
    memset(dm, 0, sizeof *dm);
}

void eg_extractor_free(eg_extractor *x)
{
    if (!x) return;
    eg_text_free(x->text);
    eg_matcher_free(x->matcher);
    eg__arena_free(&x->strings);
    free(x->found);
    eg__strmap_free(&x->found_by_name);
    eg_codepoints_destroy(&x->cps);
    eg_layout_destroy(&x->layout);
    eg_normtext_destroy(&x->nt);
    eg__spans_free(&x->spans);
    free(x);
}

/* Adds the normalised form of name[0..len) for entity index. */
static eg_status add_key(eg_extractor *x, eg_matcher_builder *b, eg__strmap *owner,
                         const char *name, size_t len, uint32_t index)
{
    char *norm = NULL;
    size_t nlen;
    eg_status st = eg_text_normalize_utf8(x->text, name, len, &norm, &nlen);
    if (st) return st;
    if (nlen == 0) goto done;
    char *key = eg__arena_strndup(&x->strings, norm, nlen);
    if (!key) {
        st = EG_ENOMEM;
        goto done;
    }
    uint32_t prev;
    if (eg__strmap_get(owner, key, &prev) && prev != index) x->clashes++;
    if (eg__strmap_put(owner, key, index) || eg_matcher_builder_add(b, key, nlen, index))
        st = EG_ENOMEM;
done:
    free(norm);
    return st;
}

eg_status eg_extractor_new(eg_extractor **out, const eg_dict *dict,
                           const eg_extract_options *opt, eg_error *err)
{
    eg_status st;
    eg_matcher_builder *b = NULL;
    eg__strmap owner = {0};
    eg_extractor *x = calloc(1, sizeof *x);
    if (!x) return eg__error(err, EG_ENOMEM, NULL, 0, 0, "out of memory");
    x->dict = dict;
    x->opt = opt ? *opt : eg_extract_defaults();
    st = eg_text_new(&x->text, err);
    if (!st) st = eg_text_set_convert(x->text, x->opt.convert, err);
    if (st) goto fail;
    st = eg_matcher_builder_new(&b);
    if (st) goto fail;
    size_t n = eg_dict_count(dict);
    if (n >= UINT32_MAX / 2) {
        st = eg__error(err, EG_ELIMIT, NULL, 0, 0, "too many dictionary entries");
        goto fail;
    }
    for (size_t i = 0; i < n; i++) {
        const eg_entity *e = eg_dict_entity(dict, i);
        st = add_key(x, b, &owner, e->name, strlen(e->name), (uint32_t)i);
        for (const char *a = e->aliases; !st && *a;) {
            const char *bar = strchr(a, '|');
            size_t l = bar ? (size_t)(bar - a) : strlen(a);
            st = add_key(x, b, &owner, a, l, (uint32_t)i);
            a += l + (bar ? 1 : 0);
        }
        if (st) goto fail;
    }
    st = eg_matcher_build(b, &x->matcher);
    if (st) goto fail;
    eg_matcher_builder_free(b);
    eg__strmap_free(&owner);
    *out = x;
    return EG_OK;
fail:
    if (st == EG_ENOMEM) eg__error(err, st, NULL, 0, 0, "out of memory");
    else if (err && !err->message[0]) eg__error(err, st, NULL, 0, 0, "%s", eg_status_message(st));
    eg_matcher_builder_free(b);
    eg__strmap_free(&owner);
    eg_extractor_free(x);
    return st;
}

size_t eg_extractor_entity_count(const eg_extractor *x)
{
    return eg_dict_count(x->dict) + x->n_found;
}

const eg_entity *eg_extractor_entity(const eg_extractor *x, uint32_t index)
{
    size_t nd = eg_dict_count(x->dict);
    if (index < nd) return eg_dict_entity(x->dict, index);
    index -= (uint32_t)nd;
    return index < x->n_found ? &x->found[index] : NULL;
}

size_t eg_extractor_name_clashes(const eg_extractor *x) { return x->clashes; }

/* The entity a rule found, by its normalised name; created on first sight. */
static eg_status found_entity(eg_extractor *x, const char *name, size_t len, const char *type,
                              uint32_t *index)
{
    char key[256];
    if (len + 1 > sizeof key) return EG_ELIMIT;
    memcpy(key, name, len);
    key[len] = 0;
    uint32_t v;
    if (eg__strmap_get(&x->found_by_name, key, &v)) {
        *index = v;
        return EG_OK;
    }
    /* A dictionary entity of the same id takes precedence. */
    char id[300];
    snprintf(id, sizeof id, "%s:%s", !strcmp(type, "PER") ? "per" : type, key);
    long d = eg_dict_find_id(x->dict, id);
    if (d >= 0) {
        *index = (uint32_t)d;
        return EG_OK;
    }
    if (x->n_found == x->cap_found) {
        size_t cap = x->cap_found ? x->cap_found * 2 : 64, bytes;
        if (eg__mul_overflow(cap, sizeof *x->found, &bytes)) return EG_ENOMEM;
        eg_entity *p = realloc(x->found, bytes);
        if (!p) return EG_ENOMEM;
        x->found = p;
        x->cap_found = cap;
    }
    eg_entity *e = &x->found[x->n_found];
    memset(e, 0, sizeof *e);
    e->name = eg__arena_strndup(&x->strings, key, len);
    e->id = eg__arena_strndup(&x->strings, id, strlen(id));
    e->type = type;
    e->aliases = "";
    e->parent = "";
    e->source = "rule";
    e->file = "";
    if (!e->name || !e->id) return EG_ENOMEM;
    uint32_t idx = (uint32_t)(eg_dict_count(x->dict) + x->n_found);
    if (eg__strmap_put(&x->found_by_name, e->name, idx)) return EG_ENOMEM;
    x->n_found++;
    *index = idx;
    return EG_OK;
}

/* First occurrence of needle in hay, or NULL (memmem is not C11/POSIX). */
static const char *find_bytes(const char *hay, size_t hl, const char *needle, size_t nl)
{
    if (!nl || nl > hl) return NULL;
    for (const char *p = hay; (p = memchr(p, needle[0], hl - nl + 1 - (size_t)(p - hay)));
         p++)
        if (!memcmp(p, needle, nl)) return p;
    return NULL;
}

static int push_mention(eg_doc_mentions *dm, const eg_mention *m)
{
    if (dm->n == dm->cap) {
        size_t cap = dm->cap ? dm->cap * 2 : 64, bytes;
        if (eg__mul_overflow(cap, sizeof *dm->v, &bytes)) return -1;
        eg_mention *p = realloc(dm->v, bytes);
        if (!p) return -1;
        dm->v = p;
        dm->cap = cap;
    }
    dm->v[dm->n++] = *m;
    return 0;
}

typedef struct match_ctx {
    eg__spans *spans;
    size_t base;
    int failed;
} match_ctx;

static int on_match(void *user, const eg_match *m)
{
    match_ctx *c = user;
    /* value holds the entity; spans carry it in rule slot via a side array */
    if (eg__spans_push(c->spans, c->base + m->start, c->base + m->end, EG_RULE_NONE)) {
        c->failed = 1;
        return 1;
    }
    c->spans->v[c->spans->n - 1].entity = m->value;
    return 0;
}

static int span_cmp(const void *a, const void *b)
{
    const eg__span *x = a, *y = b;
    if (x->start != y->start) return x->start < y->start ? -1 : 1;
    if (x->end != y->end) return x->end > y->end ? -1 : 1;
    return (int)x->rule - (int)y->rule;
}

/* Keeps the winners among overlapping spans, in place: a dictionary match
 * wins over a rule span it overlaps, unless the rule span contains it
 * whole (朱文成 over a place alias 文成). */
static void resolve(eg__spans *s)
{
    if (s->n < 2) return;
    qsort(s->v, s->n, sizeof *s->v, span_cmp);
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
                keep = 0; /* same kind: the earlier, longer one stays */
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

eg_status eg_extractor_run(eg_extractor *x, const char *text, size_t len, eg_doc_mentions *out,
                           eg_error *err)
{
    eg_status st;
    size_t *ends = NULL, n_ends = 0;
    size_t *par_bytes = NULL;
    out->n = 0;
    out->n_paragraphs = out->n_sentences = 0;
    st = eg_text_decode(text, len, &x->cps);
    if (st) goto fail;
    out->n_codepoints = x->cps.len;
    out->invalid_bytes = x->cps.invalid;
    out->first_invalid = x->cps.first_invalid;
    if (x->cps.len >= UINT32_MAX) {
        st = eg__error(err, EG_ELIMIT, NULL, 0, 0, "document longer than 2^32 characters");
        goto fail;
    }
    st = eg_text_layout(x->cps.cp, x->cps.len, x->opt.reflow, &x->layout);
    if (st) goto fail;
    eg_normtext_clear(&x->nt);
    size_t np = x->layout.n_pars;
    par_bytes = malloc((np + 1) * sizeof *par_bytes);
    if (!par_bytes) {
        st = EG_ENOMEM;
        goto fail;
    }
    for (size_t p = 0; p < np; p++) {
        par_bytes[p] = x->nt.len;
        for (size_t k = x->layout.par_start[p]; k < x->layout.par_start[p + 1]; k++) {
            st = eg_text_normalize_append(x->text, x->cps.cp, x->layout.pieces[k].begin,
                                          x->layout.pieces[k].end, &x->nt);
            if (st) goto fail;
        }
    }
    par_bytes[np] = x->nt.len;
    out->n_paragraphs = np;

    /* Pass 1: dictionary and rules, paragraph by paragraph. */
    eg__spans *sp = &x->spans;
    sp->n = 0;
    size_t *par_first_span = malloc((np + 1) * sizeof *par_first_span);
    if (!par_first_span) {
        st = EG_ENOMEM;
        goto fail;
    }
    for (size_t p = 0; p < np; p++) {
        size_t b = par_bytes[p], e = par_bytes[p + 1];
        par_first_span[p] = sp->n;
        eg__spans local = {0};
        match_ctx mc = {&local, b, 0};
        eg_matcher_scan(x->matcher, x->nt.s + b, e - b, on_match, &mc);
        if (mc.failed) st = EG_ENOMEM;
        if (!st && x->opt.rules) {
            size_t before = local.n;
            st = eg__recognize_people(x->nt.s + b, e - b, &local);
            for (size_t k = before; k < local.n; k++) {
                local.v[k].start += b;
                local.v[k].end += b;
            }
        }
        if (!st) resolve(&local);
        for (size_t k = 0; !st && k < local.n; k++)
            if (eg__spans_push(sp, local.v[k].start, local.v[k].end, local.v[k].rule)) st = EG_ENOMEM;
            else sp->v[sp->n - 1].entity = local.v[k].entity;
        eg__spans_free(&local);
        if (st) break;
    }
    par_first_span[np] = sp->n;

    /* Give rule spans their entities; collect the names for pass 2. */
    eg__strmap doc_names = {0};
    for (size_t k = 0; !st && k < sp->n; k++) {
        if (sp->v[k].rule == EG_RULE_NONE) continue;
        const char *name = x->nt.s + sp->v[k].start;
        size_t nl = sp->v[k].end - sp->v[k].start;
        uint32_t idx = 0;
        st = found_entity(x, name, nl, "PER", &idx);
        if (st == EG_ELIMIT) {
            st = EG_OK;
            sp->v[k].rule = EG_RULE_COUNT; /* too long to be a name: drop */
            continue;
        }
        sp->v[k].entity = idx;
        const eg_entity *ent = eg_extractor_entity(x, idx);
        if (!st && eg__strmap_put(&doc_names, ent->name, idx)) st = EG_ENOMEM;
    }

    /* Pass 2: a name a rule found is a name everywhere in the document. */
    for (size_t p = 0; !st && doc_names.count && p < np; p++) {
        size_t b = par_bytes[p], e = par_bytes[p + 1];
        for (size_t h = 0; !st && h < doc_names.cap; h++) {
            const char *name = doc_names.keys[h];
            if (!name) continue;
            size_t nl = strlen(name);
            for (size_t at = b; at + nl <= e;) {
                const char *hit = find_bytes(x->nt.s + at, e - at, name, nl);
                if (!hit) break;
                size_t s0 = (size_t)(hit - x->nt.s), s1 = s0 + nl;
                int overlaps = 0;
                for (size_t k = par_first_span[p]; k < par_first_span[p + 1]; k++)
                    if (sp->v[k].start < s1 && s0 < sp->v[k].end) overlaps = 1;
                for (size_t k = par_first_span[np]; k < sp->n; k++)
                    if (sp->v[k].start < s1 && s0 < sp->v[k].end) overlaps = 1;
                if (!overlaps) {
                    if (eg__spans_push(sp, s0, s1, EG_RULE_REPEAT)) {
                        st = EG_ENOMEM;
                        break;
                    }
                    sp->v[sp->n - 1].entity = doc_names.values[h];
                }
                at = s1;
            }
        }
    }
    eg__strmap_free(&doc_names);
    if (st) {
        free(par_first_span);
        goto fail;
    }
    free(par_first_span);
    if (sp->n > 1) qsort(sp->v, sp->n, sizeof *sp->v, span_cmp);

    /* Sentences and mentions in text order. */
    size_t si = 0, sent_base = 0, p = 0;
    for (p = 0; p < np; p++) {
        size_t b = par_bytes[p], e = par_bytes[p + 1];
        free(ends);
        ends = NULL;
        st = eg_text_sentences(x->text, x->nt.s + b, e - b, &ends, &n_ends);
        if (st) goto fail;
        if (sent_base + n_ends > out->cap_sentences) {
            size_t cap = out->cap_sentences ? out->cap_sentences : 64, bytes;
            while (cap < sent_base + n_ends) cap *= 2;
            eg_sentence *q;
            if (eg__mul_overflow(cap, sizeof *q, &bytes) || !(q = realloc(out->sentences, bytes))) {
                st = EG_ENOMEM;
                goto fail;
            }
            out->sentences = q;
            out->cap_sentences = cap;
        }
        for (size_t k = 0; k < n_ends; k++) {
            size_t s0 = b + (k ? ends[k - 1] : 0), s1 = b + ends[k];
            eg_sentence *q = &out->sentences[sent_base + k];
            q->start = s1 > s0 ? x->nt.from[s0] : (s0 < x->nt.len ? x->nt.from[s0] : (uint32_t)x->cps.len);
            q->end = s1 > s0 ? x->nt.to[s1 - 1] : q->start;
            q->byte_start = x->cps.byte[q->start];
            q->byte_end = x->cps.byte[q->end];
            q->paragraph = (uint32_t)p;
        }
        size_t s = 0;
        while (si < sp->n && sp->v[si].start < e) {
            eg__span *k = &sp->v[si++];
            if (k->rule == EG_RULE_COUNT || k->start < b) continue;
            while (s + 1 < n_ends && ends[s] <= k->start - b) s++;
            eg_mention m;
            m.entity = k->entity;
            m.start = x->nt.from[k->start];
            m.end = x->nt.to[k->end - 1];
            m.paragraph = (uint32_t)p;
            m.sentence = (uint32_t)(sent_base + s);
            m.rule = k->rule;
            m.byte_start = x->cps.byte[m.start];
            m.byte_end = x->cps.byte[m.end];
            if (push_mention(out, &m)) {
                st = EG_ENOMEM;
                goto fail;
            }
        }
        sent_base += n_ends;
    }
    out->n_sentences = sent_base;
fail:
    if (st == EG_ENOMEM) eg__error(err, st, NULL, 0, 0, "out of memory");
    else if (st && err && !err->message[0]) eg__error(err, st, NULL, 0, 0, "%s", eg_status_message(st));
    free(ends);
    free(par_bytes);
    return st;
}
