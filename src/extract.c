/* The extractor: text → mentions (DESIGN.md: reader … recognizer). This
 * file makes extractors and runs the stages over a document; the stages
 * live beside it: the rules in recognize_*.c (run by extract_rules.c),
 * the word test in extract_words.c, the choice between candidates in
 * extract_resolve.c, the repeat rule in extract_repeat.c, the trained
 * tagger's spans in extract_model.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "entgraph/extract.h"
#include "entgraph/matcher.h"
#include "entgraph/text.h"
#include "extract_impl.h"
#include "internal.h"
#include "recognize.h"
#include "util.h"

eg_extract_options eg_extract_defaults(void)
{
    eg_extract_options o = {1, 1, EG_CONVERT_NONE, 1, 1};
    return o;
}

const char *eg_extract_rule_name(uint32_t rule) { return eg__rule_name((eg__rule)rule); }
const char *eg_extract_rule_type(uint32_t rule)
{
    return rule && rule < EG_RULE_COUNT ? eg__rule_type((eg__rule)rule) : NULL;
}

double eg_extract_rule_confidence(uint32_t rule) { return eg__rule_confidence((eg__rule)rule); }
double eg_extract_confidence(uint32_t rule, int32_t margin) { return eg__span_confidence((eg__rule)rule, margin); }

void eg_doc_mentions_destroy(eg_doc_mentions *dm)
{
    free(dm->v);
    free(dm->sentences);
    memset(dm, 0, sizeof *dm);
}

void eg__extractor_unmap(eg_extractor *x)
{
    eg_dict_free(x->owned_dict);
    x->owned_dict = NULL;
    if (x->map_heap) free(x->map);
    else if (x->map) munmap(x->map, x->map_len);
    x->map = NULL;
}

void eg_extractor_free(eg_extractor *x)
{
    if (!x) return;
    eg_text_free(x->text);
    if (!x->shared) eg_matcher_free(x->matcher);
    if (!x->tables_borrowed && !x->shared) {
        free(x->group_start);
        free(x->group_members);
        free(x->parent);
    }
    free(x->mark);
    free(x->evid_n);
    free(x->evid_stamp);
    free(x->sense_n);
    free(x->sense_longer);
    free(x->sense_at);
    if (!x->shared) free(x->kind);
    free(x->abbr_cp);
    free(x->abbr_entity);
    eg__arena_free(&x->strings);
    for (int k = 0; k < EG__FOUND_CHUNKS; k++) free(x->found[k]);
    eg__strmap_free(&x->found_by_name);
    eg_codepoints_destroy(&x->cps);
    eg_layout_destroy(&x->layout);
    eg_normtext_destroy(&x->nt);
    eg__spans_free(&x->spans);
    eg__spans_free(&x->matches);
    eg__spans_free(&x->local);
    eg__chars_free(&x->doc_chars);
    free(x->pair_max);
    eg__spans_free(&x->cand);
    eg__spans_free(&x->tagged);
    eg__tag_scratch_free(&x->tag);
    if (!x->shared) eg__lexicon_free(x->lexicon);
    eg__seg_free(&x->seg);
    free(x->extra);
    free(x->info);
    eg__spans_free(&x->before_resolve);
    eg__spans_free(&x->resolved);
    if (!x->shared) eg__extractor_unmap(x);
    free(x);
}

/* A name or alias of an entity, normalised, while the keys are collected. */
typedef struct keyref {
    const char *key;
    uint32_t entity;
    uint32_t is_name;
} keyref;

static int keyref_cmp(const void *a, const void *b)
{
    const keyref *x = a, *y = b;
    int c = strcmp(x->key, y->key);
    if (c) return c;
    if (x->is_name != y->is_name) return x->is_name ? -1 : 1;
    return x->entity < y->entity ? -1 : x->entity > y->entity;
}

static eg_status collect_key(eg_extractor *x, keyref **refs, size_t *n, size_t *cap,
                             const char *name, size_t len, uint32_t index, int is_name)
{
    char *norm = NULL;
    size_t nlen;
    eg_status st = eg_text_normalize_utf8(x->text, name, len, &norm, &nlen);
    if (st) return st;
    if (nlen == 0) goto done;
    if (*n == *cap) {
        size_t c = *cap ? *cap * 2 : 1024, bytes;
        keyref *p;
        if (eg__mul_overflow(c, sizeof *p, &bytes) || !(p = realloc(*refs, bytes))) {
            st = EG_ENOMEM;
            goto done;
        }
        *refs = p;
        *cap = c;
    }
    keyref *r = &(*refs)[(*n)++];
    r->key = eg__arena_strndup(&x->strings, norm, nlen);
    r->entity = index;
    r->is_name = (uint32_t)is_name;
    if (!r->key) st = EG_ENOMEM;
done:
    free(norm);
    return st;
}

/* Compiles the keys: an entity's own name beats other entities' aliases;
 * a name several entities claim equally becomes a group, resolved per
 * document by resolve_groups(). */
static eg_status compile_keys(eg_extractor *x, keyref *refs, size_t n, eg_matcher_builder *b)
{
    size_t cap_members = 0, cap_groups = 0;
    if (n > 1) qsort(refs, n, sizeof *refs, keyref_cmp);
    for (size_t i = 0; i < n;) {
        size_t j = i, k = i;
        while (j < n && !strcmp(refs[j].key, refs[i].key)) j++;
        /* candidates: the name-claimers if any (sorted first), each once */
        size_t m = i;
        while (m < j && refs[m].is_name == refs[i].is_name) m++;
        x->shadowed += refs[i].is_name && m < j;
        size_t distinct = 0;
        for (k = i; k < m; k++) distinct += k == i || refs[k].entity != refs[k - 1].entity;
        uint32_t value;
        if (distinct == 1) {
            value = refs[i].entity;
        } else {
            x->ambiguous++;
            if (x->n_groups + 2 > cap_groups) {
                size_t c = cap_groups ? cap_groups * 2 : 256;
                uint32_t *p = realloc(x->group_start, c * sizeof *p);
                if (!p) return EG_ENOMEM;
                x->group_start = p;
                cap_groups = c;
            }
            size_t base = x->n_groups ? x->group_start[x->n_groups] : 0;
            if (!x->n_groups) x->group_start[0] = 0;
            if (base + distinct > cap_members) {
                size_t c = cap_members ? cap_members : 1024;
                while (c < base + distinct) c *= 2;
                uint32_t *p = realloc(x->group_members, c * sizeof *p);
                if (!p) return EG_ENOMEM;
                x->group_members = p;
                cap_members = c;
            }
            size_t at = base;
            for (k = i; k < m; k++)
                if (k == i || refs[k].entity != refs[k - 1].entity) x->group_members[at++] = refs[k].entity;
            x->group_start[x->n_groups + 1] = (uint32_t)at;
            if (x->n_groups >= GROUP_BIT - 1) return EG_ELIMIT;
            value = GROUP_BIT | (uint32_t)x->n_groups++;
        }
        if (eg_matcher_builder_add(b, refs[i].key, strlen(refs[i].key), value)) return EG_ENOMEM;
        i = j;
    }
    return EG_OK;
}

eg_status eg_extractor_new(eg_extractor **out, const eg_dict *dict,
                           const eg_extract_options *opt, eg_error *err)
{
    eg_status st;
    eg_matcher_builder *b = NULL;
    keyref *refs = NULL;
    size_t n_refs = 0, cap_refs = 0;
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
    x->parent = malloc((n ? n : 1) * sizeof *x->parent);
    x->mark = calloc(n ? n : 1, sizeof *x->mark);
    if (!x->parent || !x->mark) {
        st = EG_ENOMEM;
        goto fail;
    }
    for (size_t i = 0; i < n; i++) {
        const eg_entity *e = eg_dict_entity(dict, i);
        x->parent[i] = e->parent[0] ? (int32_t)eg_dict_find_id(dict, e->parent) : -1;
        if (!strcmp(e->type, "ABBR")) continue; /* used by the abbreviation rule only */
        st = collect_key(x, &refs, &n_refs, &cap_refs, e->name, strlen(e->name), (uint32_t)i, 1);
        const char *list = e->aliases, *a;
        size_t l;
        while (!st && eg__list_next(&list, &a, &l))
            st = collect_key(x, &refs, &n_refs, &cap_refs, a, l, (uint32_t)i, 0);
        if (st) goto fail;
    }
    st = compile_keys(x, refs, n_refs, b);
    if (st) goto fail;
    st = eg_matcher_build(b, &x->matcher);
    if (st) goto fail;
    st = eg__extractor_build_abbr(x);
    if (!st) st = eg__extractor_build_kinds(x);
    if (st) goto fail;
    eg_matcher_builder_free(b);
    free(refs);
    *out = x;
    return EG_OK;
fail:
    if (st == EG_ENOMEM) eg__error(err, st, NULL, 0, 0, "out of memory");
    else if (err && !err->message[0]) eg__error(err, st, NULL, 0, 0, "%s", eg_status_message(st));
    eg_matcher_builder_free(b);
    free(refs);
    eg_extractor_free(x);
    return st;
}

eg_status eg_extractor_clone(const eg_extractor *src, eg_extractor **out, eg_error *err)
{
    eg_status st;
    eg_extractor *x = calloc(1, sizeof *x);
    if (!x) return eg__error(err, EG_ENOMEM, NULL, 0, 0, "out of memory");
    /* what compiling or opening made, read only while running: shared */
    x->shared = 1;
    x->dict = src->dict;
    x->opt = src->opt;
    x->matcher = src->matcher;
    x->ambiguous = src->ambiguous;
    x->shadowed = src->shadowed;
    x->group_start = src->group_start;
    x->group_members = src->group_members;
    x->n_groups = src->n_groups;
    x->parent = src->parent;
    x->tables_borrowed = 1;
    x->kind = src->kind;
    x->tagger = src->tagger;
    x->tagger_mode = src->tagger_mode;
    x->tagger_everywhere = src->tagger_everywhere;
    x->lexicon = src->lexicon;
    /* its own: ICU handles, the per-document evidence marks, the
     * abbreviations (small), the rule-found entities and the scratch */
    size_t n = eg_dict_count(x->dict);
    st = eg_text_new(&x->text, err);
    if (!st) st = eg_text_set_convert(x->text, x->opt.convert, err);
    if (st) goto fail;
    x->mark = calloc(n ? n : 1, sizeof *x->mark);
    if (!x->mark) goto nomem;
    if (src->n_abbr) {
        x->abbr_cp = malloc(src->n_abbr * sizeof *x->abbr_cp);
        x->abbr_entity = malloc(src->n_abbr * sizeof *x->abbr_entity);
        if (!x->abbr_cp || !x->abbr_entity) goto nomem;
        memcpy(x->abbr_cp, src->abbr_cp, src->n_abbr * sizeof *x->abbr_cp);
        memcpy(x->abbr_entity, src->abbr_entity, src->n_abbr * sizeof *x->abbr_entity);
        x->n_abbr = src->n_abbr;
        memcpy(x->abbr_bits, src->abbr_bits, sizeof x->abbr_bits);
    }
    *out = x;
    return EG_OK;
nomem:
    st = eg__error(err, EG_ENOMEM, NULL, 0, 0, "out of memory");
fail:
    eg_extractor_free(x);
    return st;
}

eg_status eg_extractor_load_lexicon(eg_extractor *x, const char *path, eg_error *err)
{
    if (x->shared) return eg__error(err, EG_EINVAL, path, 0, 0, "a clone shares its lexicon");
    eg__lexicon *lx;
    eg_status st = eg__lexicon_load(&lx, path, err);
    if (st) return st;
    eg__lexicon_free(x->lexicon);
    x->lexicon = lx;
    return EG_OK;
}

size_t eg_extractor_lexicon_words(const eg_extractor *x)
{
    return x->lexicon ? eg__lexicon_count(x->lexicon) : 0;
}

size_t eg_extractor_entity_count(const eg_extractor *x)
{
    return eg_dict_count(x->dict) + atomic_load_explicit(&x->n_found, memory_order_acquire);
}

/* Where rule-found entity i lives: chunk *k, at *off. */
static void found_place(size_t i, int *k, size_t *off)
{
    size_t j = i + EG__FOUND_FIRST;
    int b = 0; /* floor(log2(j)) */
#if defined(__GNUC__)
    b = 63 - __builtin_clzll((unsigned long long)j);
#else
    while (j >> (b + 1)) b++;
#endif
    *k = b - 6; /* EG__FOUND_FIRST is 2^6 */
    *off = j - ((size_t)EG__FOUND_FIRST << *k);
}

const eg_entity *eg_extractor_entity(const eg_extractor *x, uint32_t index)
{
    size_t nd = eg_dict_count(x->dict);
    if (index < nd) return eg_dict_entity(x->dict, index);
    index -= (uint32_t)nd;
    if (index >= atomic_load_explicit(&x->n_found, memory_order_acquire)) return NULL;
    int k;
    size_t off;
    found_place(index, &k, &off);
    return &x->found[k][off];
}

size_t eg_extractor_name_clashes(const eg_extractor *x) { return x->ambiguous; }
size_t eg_extractor_shadowed_aliases(const eg_extractor *x) { return x->shadowed; }

/* An entity the dictionary does not hold: a person a rule found
 * ("per:NAME") or a name left ambiguous in a document ("amb:NAME"). Created
 * on first sight, looked up by id afterwards. A dictionary entity with the
 * same id takes precedence (a person the user added by hand). */
eg_status eg__found_entity(eg_extractor *x, const char *prefix, const char *name, size_t len, const char *scope,
                            const char *type, const char *source, uint32_t *index)
{
    char id[300];
    size_t lp = strlen(prefix), ls = strlen(scope);
    if (len + lp + ls + 3 > sizeof id) return EG_ELIMIT;
    /* "PREFIX:NAME" or "PREFIX:NAME@SCOPE" (no printf: once per name found) */
    char *o = id;
    memcpy(o, prefix, lp);
    o += lp;
    *o++ = ':';
    const char *nul = memchr(name, 0, len); /* as %.*s: up to a NUL */
    size_t ln = nul ? (size_t)(nul - name) : len;
    memcpy(o, name, ln);
    o += ln;
    if (ls) {
        *o++ = '@';
        memcpy(o, scope, ls);
        o += ls;
    }
    *o = 0;
    return eg__found_entity_id(x, id, name, len, type, source, index);
}

eg_status eg__found_entity_id(eg_extractor *x, const char *id, const char *name, size_t len, const char *type,
                              const char *source, uint32_t *index)
{
    uint32_t v;
    if (eg__strmap_get(&x->found_by_name, id, &v)) {
        *index = v;
        return EG_OK;
    }
    long d = eg_dict_find_id(x->dict, id);
    if (d >= 0) {
        *index = (uint32_t)d;
        return EG_OK;
    }
    size_t n_found = atomic_load_explicit(&x->n_found, memory_order_relaxed), off;
    int chunk;
    found_place(n_found, &chunk, &off);
    if (chunk >= EG__FOUND_CHUNKS) return EG_ELIMIT;
    if (!x->found[chunk] && !(x->found[chunk] = malloc(((size_t)EG__FOUND_FIRST << chunk) * sizeof *x->found[chunk])))
        return EG_ENOMEM;
    eg_entity *e = &x->found[chunk][off];
    memset(e, 0, sizeof *e);
    e->name = eg__arena_strndup(&x->strings, name, len);
    e->id = eg__arena_strndup(&x->strings, id, strlen(id));
    e->type = type;
    e->aliases = "";
    e->parent = "";
    e->source = source;
    e->file = "";
    if (!e->name || !e->id) return EG_ENOMEM;
    uint32_t idx = (uint32_t)(eg_dict_count(x->dict) + n_found);
    if (eg__strmap_put(&x->found_by_name, e->id, idx)) return EG_ENOMEM;
    atomic_store_explicit(&x->n_found, n_found + 1, memory_order_release); /* e is complete */
    *index = idx;
    return EG_OK;
}

eg_status eg__extractor_build_kinds(eg_extractor *x)
{
    size_t n = eg_dict_count(x->dict);
    if (!(x->kind = malloc(n ? n : 1))) return EG_ENOMEM;
    for (size_t i = 0; i < n; i++) x->kind[i] = eg__kind_of_type(eg_dict_entity(x->dict, i)->type);
    return EG_OK;
}

uint8_t eg__kind_of_type(const char *t)
{
    return !strcmp(t, "LOC")   ? EG__T_LOC
           : !strcmp(t, "ORG") ? EG__T_ORG
           : !strcmp(t, "PER") ? EG__T_PER
           : !strcmp(t, "NOT") ? EG__T_NOT
                               : EG__T_OTHER;
}

/* Asks the caches for the offset maps of normalised bytes [b, e) and of
 * the original code points they come from. */
static void prefetch_maps(const eg_extractor *x, size_t b, size_t e)
{
#if defined(__GNUC__)
    for (size_t i = b; i < e; i += 16) {
        __builtin_prefetch(&x->nt.from[i]);
        __builtin_prefetch(&x->nt.to[i]);
    }
    if (e > b)
        for (size_t i = x->nt.from[b], last = x->nt.to[e - 1]; i <= last; i += 16)
            __builtin_prefetch(&x->cps.byte[i]);
#else
    (void)x, (void)b, (void)e;
#endif
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

/* The dictionary matches of all paragraphs, collected in one scan. */
typedef struct match_ctx {
    eg__spans *spans;
    size_t *first;         /* first[p]: the first span of paragraph p */
    size_t next;           /* paragraphs whose first is set */
    const char *s;         /* the document's normalised text */
    const size_t *bounds;  /* paragraph p is s[bounds[p] .. bounds[p + 1]) */
    int failed;
} match_ctx;

static int on_match(void *user, size_t par, const eg_match *m)
{
    match_ctx *c = user;
    while (c->next <= par) c->first[c->next++] = c->spans->n;
    /* Keys of a registry are valid UTF-8, so their matches lie on character
     * boundaries; only a damaged compiled automaton gives others. */
    if (m->end <= m->start || eg__utf8_is_cont(c->s[m->start]) ||
        (m->end < c->bounds[par + 1] && eg__utf8_is_cont(c->s[m->end])))
        return 0;
    /* value holds the entity; spans carry it in rule slot via a side array */
    if (eg__spans_push(c->spans, m->start, m->end, EG_RULE_NONE)) {
        c->failed = 1;
        return 1;
    }
    c->spans->v[c->spans->n - 1].entity = m->value;
    return 0;
}

void eg_extractor_set_explain(eg_extractor *x, eg_explain_fn fn, void *user)
{
    x->explain = fn;
    x->explain_user = user;
}

const char *eg_explain_verdict_name(eg_explain_verdict v)
{
    static const char *const names[] = {"taken", "refused by the words around it",
                                        "refused: inside a Latin word", "refused: mostly a word of its own",
                                        "lost to an overlapping candidate", "an expression that is no entity",
                                        "sense: supported by its document",
                                        "sense: unsupported, a person of this document",
                                        "sense: unsupported, dropped",
                                        "a word for a kind of body: a node of this document",
                                        "refused: inside a user handle or web address",
                                        "refused: inside damaged text",
                                        "refused: the first part of a longer word at each mention",
                                        "refused: two surnames for two people of the document",
                                        "a given name: the person its document names in full",
                                        "a person with a word glued on: the person its document names",
                                        "dropped: not among the tagger's names",
                                        "refused: the tagger's name fails a check",
                                        "refused: a common word the lexicon tags as a name"};
    return (unsigned)v < sizeof names / sizeof *names ? names[v] : "?";
}

/* Tells the explain callback about candidate c (normalised offsets). */
void eg__explain(const eg_extractor *x, const eg__span *c, eg_explain_verdict v, const char *path)
{
    eg_explain e;
    e.start = x->nt.from[c->start];
    e.end = x->nt.to[c->end - 1];
    e.byte_start = x->cps.byte[e.start];
    e.byte_end = x->cps.byte[e.end];
    e.rule = c->rule;
    e.entity = UINT32_MAX;
    if (c->rule == EG_RULE_NONE)
        e.entity = c->entity & GROUP_BIT ? x->group_members[x->group_start[c->entity & ~GROUP_BIT]] : c->entity;
    else if (c->rule == EG_RULE_ABBR)
        e.entity = c->entity;
    e.verdict = v;
    e.path = path;
    x->explain(x->explain_user, &e);
}

/* ---- running a document ---------------------------------------------------
 *
 * One document's paragraphs while it is run: paragraph p is the normalised
 * text nt.s[bytes[p] .. bytes[p + 1]); its dictionary matches are
 * x->matches.v[first_match[p] .. first_match[p + 1]) and, after pass 1,
 * its spans x->spans.v[first_span[p] .. first_span[p + 1]). */
typedef struct doc_pars {
    size_t n;
    size_t *bytes, *first_match, *first_span;
    size_t *first_char; /* paragraph p in x->doc_chars */
} doc_pars;

static void doc_pars_free(doc_pars *d)
{
    free(d->first_char);
    free(d->bytes);
    free(d->first_match);
    free(d->first_span);
}

/* Decodes text, lays it out in paragraphs and normalises them into x->nt
 * and, code point by code point as they are written, into x->doc_chars
 * (the paragraphs one after another, each ended by eg__chars_end), once
 * for the rules, the repeat rule and the sentences. */
static eg_status normalise(eg_extractor *x, const char *text, size_t len, eg_doc_mentions *out, doc_pars *d,
                           eg_error *err)
{
    eg_status st = eg_text_decode(text, len, &x->cps);
    if (st) return st;
    out->n_codepoints = x->cps.len;
    out->invalid_bytes = x->cps.invalid;
    out->first_invalid = x->cps.first_invalid;
    if (x->cps.len >= UINT32_MAX) return eg__error(err, EG_ELIMIT, NULL, 0, 0, "document longer than 2^32 characters");
    st = eg_text_layout(x->cps.cp, x->cps.len, x->opt.reflow, &x->layout);
    if (st) return st;
    eg_normtext_clear(&x->nt);
    size_t np = x->layout.n_pars;
    d->n = np;
    d->bytes = malloc((np + 1) * sizeof *d->bytes);
    d->first_match = malloc((np + 1) * sizeof *d->first_match);
    d->first_span = malloc((np + 1) * sizeof *d->first_span);
    d->first_char = malloc((np + 1) * sizeof *d->first_char);
    if (!d->bytes || !d->first_match || !d->first_span || !d->first_char) return EG_ENOMEM;
    x->doc_chars.n = 0;
    for (size_t p = 0; p < np; p++) {
        d->bytes[p] = x->nt.len;
        d->first_char[p] = x->doc_chars.n;
        for (size_t k = x->layout.par_start[p]; k < x->layout.par_start[p + 1]; k++) {
            st = eg__text_normalize_chars(x->text, x->cps.cp, x->layout.pieces[k].begin, x->layout.pieces[k].end,
                                          &x->nt, &x->doc_chars, d->bytes[p]);
            if (st) return st;
        }
        st = eg__chars_end(&x->doc_chars, x->nt.len - d->bytes[p]);
        if (st) return st;
    }
    d->bytes[np] = x->nt.len;
    d->first_char[np] = x->doc_chars.n;
    out->n_paragraphs = np;
    return EG_OK;
}

/* Paragraph p of x->nt decoded (a view into x->doc_chars). */
static eg__chars par_chars(const eg_extractor *x, const doc_pars *d, size_t p)
{
    return eg__chars_at(&x->doc_chars, d->first_char[p], d->first_char[p + 1] - d->first_char[p] - 1);
}

/* The dictionary matches of every paragraph, the paragraphs scanned side
 * by side (each on its own, as if alone), into x->matches. */
static eg_status scan_dictionary(eg_extractor *x, doc_pars *d)
{
    eg__spans *dm = &x->matches;
    dm->n = 0;
    match_ctx mc = {dm, d->first_match, 0, x->nt.s, d->bytes, 0};
    eg_status st = eg__matcher_scan_segments(x->matcher, x->nt.s, d->bytes, d->n, on_match, &mc, 0);
    if (!st && mc.failed) st = EG_ENOMEM;
    while (mc.next <= d->n) d->first_match[mc.next++] = dm->n;
    return st;
}

/* Appends src's spans (with their entities and what the rules knew of
 * them, strong) to dst. EG_ENOMEM. */
static eg_status copy_spans(eg__spans *dst, const eg__spans *src)
{
    for (size_t k = 0; k < src->n; k++) {
        if (eg__spans_push(dst, src->v[k].start, src->v[k].end, src->v[k].rule)) return EG_ENOMEM;
        dst->v[dst->n - 1].entity = src->v[k].entity;
        dst->v[dst->n - 1].strong = src->v[k].strong;
    }
    return EG_OK;
}

/* The candidates of paragraph p, into local: its dictionary matches and
 * what the rules find (organisations and places, abbreviations, people). */
static eg_status candidates(eg_extractor *x, const doc_pars *d, size_t p, eg__spans *local)
{
    size_t b = d->bytes[p], e = d->bytes[p + 1];
    eg_status st = EG_OK;
    for (size_t k = d->first_match[p]; k < d->first_match[p + 1]; k++) {
        if (eg__spans_push(local, x->matches.v[k].start, x->matches.v[k].end, EG_RULE_NONE)) return EG_ENOMEM;
        local->v[local->n - 1].entity = x->matches.v[k].entity;
    }
    x->chars = par_chars(x, d, p); /* the rules' and the tagger's (tag_input) */
    if (!x->opt.rules) return EG_OK;
    st = eg__find_places(x, b, e, local);
    if (!st && x->n_abbr) st = eg__find_abbreviations(x, b, e, local);
    if (!st) st = eg__find_people(x, b, e, local);
    return st;
}

/* Is a span of start, end and rule in spans? */
static int has_span(const eg__spans *spans, const eg__span *c)
{
    for (size_t q = 0; q < spans->n; q++)
        if (spans->v[q].start == c->start && spans->v[q].end == c->end && spans->v[q].rule == c->rule) return 1;
    return 0;
}

/* When explaining: what became of each candidate resolve() saw, kept in
 * final (the paragraph's spans after resolve() and, with the tagger, after
 * it); with the tagger, resolved is what resolve() kept before it, and the
 * tagger's own names are told too, with their confidence. */
static void explain_resolved(const eg_extractor *x, const eg__spans *final, const eg__spans *resolved)
{
    for (size_t k = 0; k < x->before_resolve.n; k++) {
        const eg__span *c = &x->before_resolve.v[k];
        int kept = has_span(final, c);
        int not_entity = kept && c->rule == EG_RULE_NONE && !(c->entity & GROUP_BIT) && x->kind[c->entity] == EG__T_NOT;
        eg_explain_verdict v = not_entity ? EG_EXPLAIN_NOT_ENTITY
                               : kept     ? EG_EXPLAIN_TAKEN
                               : resolved && has_span(resolved, c) ? EG_EXPLAIN_UNTAGGED
                                                                   : EG_EXPLAIN_OVERLAP;
        eg__explain(x, c, v, NULL);
    }
    if (!resolved) return;
    for (size_t k = 0; k < final->n; k++) {
        const eg__span *c = &final->v[k];
        if (has_span(&x->before_resolve, c)) continue;
        char conf[32];
        snprintf(conf, sizeof conf, "confidence %.2f", eg__span_confidence(c->rule, c->margin));
        eg__explain(x, c, EG_EXPLAIN_TAKEN, conf);
    }
}

/* Drops from local the people of the rules that no cue points at (plain,
 * list) that are as a whole a name of jieba's that CC-CEDICT lists only
 * as a common word ("nr common": 高尔夫, 阳光, 白鹭). After the tagger, which
 * read them as its features as it was trained; the tagger's own are
 * refused among its checks (extract_model.c). Cross-validated, the two
 * rules named 3 such words on the dev sets, all wrong. */
static void drop_common_word_people(const eg_extractor *x, eg__spans *local)
{
    if (!x->lexicon) return;
    size_t out = 0;
    for (size_t k = 0; k < local->n; k++) {
        const eg__span *c = &local->v[k];
        if ((c->rule == EG_RULE_PLAIN || c->rule == EG_RULE_LIST) &&
            eg__lexicon_is_common_name(x->lexicon, x->nt.s + c->start, c->end - c->start)) {
            if (x->explain) eg__explain(x, c, EG_EXPLAIN_COMMON_WORD, NULL);
            continue;
        }
        local->v[out++] = *c;
    }
    local->n = out;
}

/* Pass 1 on paragraph p: its candidates, the words' test, the choice
 * between overlapping ones, the tagger; the spans kept go to x->spans. */
static eg_status paragraph(eg_extractor *x, const doc_pars *d, size_t p)
{
    size_t b = d->bytes[p], e = d->bytes[p + 1];
    eg__spans *local = &x->local; /* the buffer is kept from paragraph to paragraph */
    local->n = 0;
    eg_status st = candidates(x, d, p, local);
    if (!st) st = eg__word_filter(x, b, e, local);
    if (!st && (x->tagger || x->capture)) {
        x->cand.n = 0; /* the candidates before resolution: the tagger's features */
        st = copy_spans(&x->cand, local);
    }
    if (!st && x->explain) {
        x->before_resolve.n = 0;
        st = copy_spans(&x->before_resolve, local);
    }
    if (st) return st;
    eg__resolve_overlaps(local);
    if (x->explain && x->tagger) {
        x->resolved.n = 0;
        st = copy_spans(&x->resolved, local);
    }
    if (!st && (x->tagger || x->capture)) st = eg__tag_paragraph(x, b, e, local); /* capture alone: local as it is */
    if (!st && x->explain) explain_resolved(x, local, x->tagger ? &x->resolved : NULL);
    if (!st && x->opt.rules) eg__widen_orgs(x, e, local);
    if (!st && !x->capture) drop_common_word_people(x, local);
    if (!st) eg__drop_in_handles(x, b, e, local);
    if (!st) eg__drop_in_damaged(x, b, e, local);
    for (size_t k = 0; !st && k < local->n; k++) {
        /* expressions that are no entity (NOT) hid the names inside them */
        if (local->v[k].rule == EG_RULE_NONE && !(local->v[k].entity & GROUP_BIT) &&
            x->kind[local->v[k].entity] == EG__T_NOT)
            continue;
        if (eg__spans_push(&x->spans, local->v[k].start, local->v[k].end, local->v[k].rule)) st = EG_ENOMEM;
        else {
            x->spans.v[x->spans.n - 1].entity = local->v[k].entity;
            x->spans.v[x->spans.n - 1].margin = local->v[k].margin;
        }
    }
    return st;
}

/* Gives the rule spans of x->spans their entities and collects, in names,
 * those the repeat rule spreads; *has_address when a surname with a form
 * of address is among them (linked after the full names). */
static eg_status name_rule_spans(eg_extractor *x, eg__strmap *names, int *has_address)
{
    eg__spans *sp = &x->spans;
    for (size_t k = 0; k < sp->n; k++) {
        if (sp->v[k].rule == EG_RULE_NONE || sp->v[k].rule == EG_RULE_ABBR || sp->v[k].rule == EG_RULE_COUNT ||
            sp->v[k].rule == EG_RULE_SENSE) /* (a person of its document already) */
            continue;
        const char *name = x->nt.s + sp->v[k].start;
        size_t nl = sp->v[k].end - sp->v[k].start;
        if (eg__is_address_name(x, &sp->v[k])) {
            *has_address = 1;
            continue;
        }
        uint32_t idx = 0;
        const char *type = eg__rule_type((eg__rule)sp->v[k].rule);
        int by_model = sp->v[k].rule >= EG_RULE_MODEL_PER && sp->v[k].rule <= EG_RULE_MODEL_ORG;
        eg_status st = eg__found_entity(x, !strcmp(type, "PER") ? "per" : !strcmp(type, "ORG") ? "org" : "loc", name,
                                        nl, "", type, by_model ? "model" : "rule", &idx);
        if (st == EG_ELIMIT) {
            sp->v[k].rule = EG_RULE_COUNT; /* too long to be a name: drop */
            continue;
        }
        if (st) return st;
        sp->v[k].entity = idx;
        /* The repeat rule spreads names found on evidence. A tagger span is
         * a guess, not evidence: a place or organisation the model found is
         * not repeated (on the dev sets such repeats were right in fewer
         * than half of their mentions: 延迟退休 spread one wrong guess over
         * a whole article), nor a person whose span the lexicon knows as a
         * common word rather than a name. */
        if (by_model && (strcmp(type, "PER") ||
                         (x->lexicon && !eg__lexicon_is_name(x->lexicon, name, nl) &&
                          eg__lexicon_freq(x->lexicon, name, nl) >= EG__LEX_RARE)))
            continue;
        if (eg__strmap_put(names, eg_extractor_entity(x, idx)->name, idx)) return EG_ENOMEM;
    }
    return EG_OK;
}

/* The given names of the people the repeat rule spreads (郑秀妍 → 秀妍)
 * are names of those people in the document too: added to names, when one full name of the document has the given name, the
 * given name is no name of its own there, and the lexicon knows it as a
 * name or not as a common word (建国, 基金 stay words). */
static eg_status given_name_repeats(eg_extractor *x, eg__strmap *names)
{
    eg__strmap given = {0};
    eg_status st = EG_OK;
    for (size_t j = 0; j < names->cap && !st; j++) {
        if (!names->keys[j]) continue;
        uint32_t idx = names->values[j], prev;
        const eg_entity *e = eg_extractor_entity(x, idx);
        if (!e || strcmp(e->type, "PER")) continue;
        size_t nl = strlen(names->keys[j]), g = eg__given_name_at(names->keys[j], nl);
        if (!g) continue;
        const char *key = names->keys[j] + g; /* (the tail of an entity's name: it outlives the run) */
        if (x->lexicon && !eg__lexicon_is_name(x->lexicon, key, nl - g) &&
            eg__lexicon_freq(x->lexicon, key, nl - g) >= EG__LEX_RARE)
            continue;
        if (eg__strmap_put(&given, key, eg__strmap_get(&given, key, &prev) && prev != idx ? UINT32_MAX : idx))
            st = EG_ENOMEM;
    }
    for (size_t j = 0; j < given.cap && !st; j++) {
        uint32_t v;
        if (!given.keys[j] || given.values[j] == UINT32_MAX || eg__strmap_get(names, given.keys[j], &v)) continue;
        if (eg__strmap_put(names, given.keys[j], given.values[j])) st = EG_ENOMEM;
    }
    eg__strmap_free(&given);
    return st;
}

/* The sentences of paragraph p and its mentions (x->spans from *si on, in
 * text order) into out; *sent_base counts the sentences before it, *norm_cp
 * the code points of nt.s before byte *norm_byte. */
static eg_status paragraph_mentions(eg_extractor *x, const doc_pars *d, size_t p, size_t *si, size_t *sent_base,
                                    size_t *norm_byte, size_t *norm_cp, eg_doc_mentions *out)
{
    size_t b = d->bytes[p], e = d->bytes[p + 1], nd = eg_dict_count(x->dict);
    eg__spans *sp = &x->spans;
    size_t *ends = NULL, n_ends = 0;
    eg__chars ch = par_chars(x, d, p);
    eg_status st = eg__text_sentences_decoded(x->text, x->nt.s + b, ch.c, ch.at, ch.n, &ends, &n_ends);
    if (st) goto done;
    if (*sent_base + n_ends > out->cap_sentences) {
        size_t cap = out->cap_sentences ? out->cap_sentences : 64, bytes;
        while (cap < *sent_base + n_ends) cap *= 2;
        eg_sentence *q;
        if (eg__mul_overflow(cap, sizeof *q, &bytes) || !(q = realloc(out->sentences, bytes))) {
            st = EG_ENOMEM;
            goto done;
        }
        out->sentences = q;
        out->cap_sentences = cap;
    }
    for (size_t k = 0; k < n_ends; k++) {
        size_t s0 = b + (k ? ends[k - 1] : 0), s1 = b + ends[k];
        eg_sentence *q = &out->sentences[*sent_base + k];
        q->start = s1 > s0 ? x->nt.from[s0] : (s0 < x->nt.len ? x->nt.from[s0] : (uint32_t)x->cps.len);
        q->end = s1 > s0 ? x->nt.to[s1 - 1] : q->start;
        q->byte_start = x->cps.byte[q->start];
        q->byte_end = x->cps.byte[q->end];
        q->paragraph = (uint32_t)p;
    }
    size_t s = 0;
    while (*si < sp->n && sp->v[*si].start < e) {
        eg__span *k = &sp->v[(*si)++];
        if (k->rule == EG_RULE_COUNT || k->start < b) continue;
        while (s + 1 < n_ends && ends[s] <= k->start - b) s++;
        eg_mention m;
        m.entity = k->entity;
        m.start = x->nt.from[k->start];
        m.end = x->nt.to[k->end - 1];
        m.paragraph = (uint32_t)p;
        m.sentence = (uint32_t)(*sent_base + s);
        m.rule = k->rule;
        m.margin = k->rule >= EG_RULE_MODEL_PER && k->rule <= EG_RULE_MODEL_ORG ? k->margin : 0;
        m.confidence = eg__span_confidence((eg__rule)k->rule, m.margin);
        m.within = 0;
        /* (a shared name left unresolved is an "amb:" entity past the dictionary's) */
        if (k->rule == EG_RULE_NONE ? k->entity < nd && x->kind[k->entity] == EG__T_ORG
                                    : !strcmp(eg__rule_type((eg__rule)k->rule), "ORG"))
            m.within = eg__place_within(x, k->start, k->end);
        *norm_cp += eg__utf8_lead_bytes(x->nt.s + *norm_byte, k->start - *norm_byte);
        *norm_byte = k->start;
        m.norm_start = (uint32_t)*norm_cp;
        m.byte_start = x->cps.byte[m.start];
        m.byte_end = x->cps.byte[m.end];
        if (push_mention(out, &m)) {
            st = EG_ENOMEM;
            goto done;
        }
    }
    *sent_base += n_ends;
done:
    free(ends);
    return st;
}

/* Sentences and mentions in text order. */
static eg_status write_mentions(eg_extractor *x, const doc_pars *d, eg_doc_mentions *out)
{
    size_t si = 0, sent_base = 0, norm_byte = 0, norm_cp = 0;
    for (size_t p = 0; p < d->n; p++) {
        /* the offset maps were written long ago: ask for the next
         * paragraph's parts while this one's are used */
        if (p + 1 < d->n) prefetch_maps(x, d->bytes[p + 1], d->bytes[p + 2]);
        eg_status st = paragraph_mentions(x, d, p, &si, &sent_base, &norm_byte, &norm_cp, out);
        if (st) return st;
    }
    out->n_sentences = sent_base;
    return EG_OK;
}

eg_status eg_extractor_run(eg_extractor *x, const char *text, size_t len, eg_doc_mentions *out,
                           eg_error *err)
{
    doc_pars d = {0};
    eg__strmap names = {0};
    eg__arena alias_keys = {0};
    int has_address = 0;
    out->n = 0;
    out->n_paragraphs = out->n_sentences = 0;
    x->spans.n = 0;
    eg_status st = normalise(x, text, len, out, &d, err);
    /* pass 1: dictionary and rules, paragraph by paragraph */
    if (!st) st = scan_dictionary(x, &d);
    for (size_t p = 0; !st && p < d.n; p++) {
        d.first_span[p] = x->spans.n;
        st = paragraph(x, &d, p);
    }
    if (!st) d.first_span[d.n] = x->spans.n;
    if (!st && x->n_groups) st = eg__resolve_groups(x, &x->spans);
    if (!st && x->opt.senses) st = eg__resolve_senses(x, &x->spans);
    if (!st) st = name_rule_spans(x, &names, &has_address);
    if (!st) st = eg__document_aliases(x, &x->spans, &names, &alias_keys);
    if (!st && has_address) st = eg__link_address_names(x, &x->spans, d.bytes, d.n);
    if (!st && names.count) st = given_name_repeats(x, &names);
    /* pass 2: a name a rule found is a name everywhere in the document */
    if (!st && names.count) st = eg__find_repeats(x, &names, d.bytes, d.first_char, d.n, d.first_span);
    if (!st && x->tagger) st = eg__drop_word_heads(x, &x->spans, d.bytes, d.n);
    if (!st && x->tagger) st = eg__drop_surname_pairs(x, &x->spans);
    if (!st && x->tagger) st = eg__trim_glued_people(x, &x->spans);
    if (!st) eg__drop_foreign_word_tails(x, &x->spans);
    if (!st) eg__drop_surname_words(x, &x->spans);
    /* names found again: the dictionary's entity, the document's place */
    if (!st) st = eg__link_found_names(x, &x->spans);
    if (!st) st = eg__scope_kind_names(x, &x->spans);
    if (!st) st = eg__link_given_names(x, &x->spans);
    if (!st) st = eg__link_short_places(x, &x->spans);
    if (!st && x->spans.n > 1) qsort(x->spans.v, x->spans.n, sizeof *x->spans.v, eg__span_cmp);
    if (!st) st = write_mentions(x, &d, out);
    if (st == EG_ENOMEM) eg__error(err, st, NULL, 0, 0, "out of memory");
    else if (st && err && !err->message[0]) eg__error(err, st, NULL, 0, 0, "%s", eg_status_message(st));
    eg__strmap_free(&names);
    eg__arena_free(&alias_keys);
    doc_pars_free(&d);
    return st;
}
