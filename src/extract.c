/* The extractor: text → mentions (DESIGN.md: reader … recognizer). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "entgraph/extract.h"
#include "extract_impl.h"
#include "entgraph/matcher.h"
#include "entgraph/text.h"
#include "internal.h"
#include "recognize.h"
#include "util.h"


eg_extract_options eg_extract_defaults(void)
{
    eg_extract_options o = {1, 1, EG_CONVERT_NONE, 1};
    return o;
}

const char *eg_extract_rule_name(uint32_t rule) { return eg__rule_name((eg__rule)rule); }

double eg_extract_rule_confidence(uint32_t rule) { return eg__rule_confidence((eg__rule)rule); }

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
    if (!x->shared) eg_matcher_free(x->matcher);
    if (!x->tables_borrowed && !x->shared) {
        free(x->group_start);
        free(x->group_members);
        free(x->parent);
    }
    free(x->mark);
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
    eg__spans_free(&x->cand);
    eg__spans_free(&x->tagged);
    eg__tag_scratch_free(&x->tag);
    if (!x->shared) eg__lexicon_free(x->lexicon);
    eg__seg_free(&x->seg);
    free(x->extra);
    free(x->info);
    eg__spans_free(&x->before_resolve);
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
        for (const char *a = e->aliases; !st && *a;) {
            const char *bar = strchr(a, '|');
            size_t l = bar ? (size_t)(bar - a) : strlen(a);
            st = collect_key(x, &refs, &n_refs, &cap_refs, a, l, (uint32_t)i, 0);
            a += l + (bar ? 1 : 0);
        }
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

/* The entity a rule found, by its normalised name; created on first sight. */
/* An entity the dictionary does not hold: a person a rule found
 * ("per:NAME") or a name left ambiguous in a document ("amb:NAME"). Created
 * on first sight, looked up by id afterwards. A dictionary entity with the
 * same id takes precedence (a person the user added by hand). */
static eg_status found_entity_scoped(eg_extractor *x, const char *prefix, const char *name, size_t len,
                                     const char *scope, const char *type, const char *source, uint32_t *index)
{
    char id[300];
    if (len + strlen(prefix) + strlen(scope) + 3 > sizeof id) return EG_ELIMIT;
    snprintf(id, sizeof id, "%s:%.*s%s%s", prefix, (int)len, name, scope[0] ? "@" : "", scope);
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

static eg_status found_entity(eg_extractor *x, const char *prefix, const char *name, size_t len,
                              const char *type, const char *source, uint32_t *index)
{
    return found_entity_scoped(x, prefix, name, len, "", type, source, index);
}

eg_status eg__extractor_build_kinds(eg_extractor *x)
{
    size_t n = eg_dict_count(x->dict);
    if (!(x->kind = malloc(n ? n : 1))) return EG_ENOMEM;
    for (size_t i = 0; i < n; i++) {
        const char *t = eg_dict_entity(x->dict, i)->type;
        x->kind[i] = !strcmp(t, "LOC")   ? EG__T_LOC
                     : !strcmp(t, "ORG") ? EG__T_ORG
                     : !strcmp(t, "PER") ? EG__T_PER
                     : !strcmp(t, "NOT") ? EG__T_NOT
                                         : EG__T_OTHER;
    }
    return EG_OK;
}

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
        /* the first entry for a character wins; keep the table sorted */
        size_t pos = 0;
        while (pos < x->n_abbr && x->abbr_cp[pos] < c) pos++;
        if (pos < x->n_abbr && x->abbr_cp[pos] == c) continue;
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

/* The entity abbreviated by c, or UINT32_MAX. */
static uint32_t abbr_target(const eg_extractor *x, uint32_t c)
{
    size_t lo = 0, hi = x->n_abbr;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (x->abbr_cp[mid] < c) lo = mid + 1;
        else hi = mid;
    }
    return lo < x->n_abbr && x->abbr_cp[lo] == c ? x->abbr_entity[lo] : UINT32_MAX;
}

static int is_abbr(void *user, uint32_t c)
{
    const eg_extractor *x = user;
    /* most characters abbreviate nothing: a bit per character first */
    if (c < 0x10000 && !(x->abbr_bits[c >> 6] >> (c & 63) & 1)) return 0;
    return abbr_target(user, c) != UINT32_MAX;
}

/* Is a an ancestor of e (parent, grandparent, …)? */
static int has_ancestor(const eg_extractor *x, uint32_t e, uint32_t a)
{
    int32_t p = x->parent[e];
    for (int depth = 0; p >= 0 && depth < 32; depth++, p = x->parent[p])
        if ((uint32_t)p == a) return 1;
    return 0;
}

/* The entities *id may be: the members of a group of equal names, or the
 * entity itself. */
static const uint32_t *readings(const eg_extractor *x, const uint32_t *id, size_t *n)
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
static int inside_previous(const eg_extractor *x, uint32_t prev, uint32_t e)
{
    size_t np, ne;
    const uint32_t *ps = readings(x, &prev, &np), *es = readings(x, &e, &ne);
    for (size_t i = 0; i < ne; i++)
        for (size_t j = 0; j < np; j++)
            if (has_ancestor(x, es[i], ps[j])) return 1;
    return 0;
}

/* Resolves every ambiguous name of the document at once. Evidence is the
 * unambiguous dictionary mentions of the document and their ancestors: a
 * candidate scores one for each of its ancestors in the evidence and one
 * for each mentioned entity it is an ancestor of (双桥村 under 王江泾镇 when
 * the text names 秀洲区 or 王江泾镇). The best score wins; with no evidence
 * or a tie the mention goes to one "amb:NAME" node instead of a guess. */
static eg_status resolve_groups(eg_extractor *x, eg__spans *sp)
{
    size_t nd = eg_dict_count(x->dict);
    x->stamp++;
    for (size_t k = 0; k < sp->n; k++) {
        uint32_t e = sp->v[k].entity;
        if (sp->v[k].rule != EG_RULE_NONE || (e & GROUP_BIT)) continue;
        int32_t p = (int32_t)e;
        for (int depth = 0; p >= 0 && depth < 32; depth++, p = x->parent[p]) x->mark[p] = x->stamp;
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
                for (size_t q = 0; q < sp->n; q++) {
                    uint32_t e = sp->v[q].entity;
                    if (sp->v[q].rule == EG_RULE_NONE && !(e & GROUP_BIT) && e < nd && has_ancestor(x, e, c))
                        score++;
                }
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
                eg_status st = found_entity(x, "amb", x->nt.s + sp->v[k].start,
                                            sp->v[k].end - sp->v[k].start, type, "ambiguous", &chosen);
                if (st) return st;
            }
            if (n_done < 64) {
                done_g[n_done] = g;
                done_e[n_done++] = chosen;
            }
        }
        sp->v[k].entity = chosen;
    }
    return EG_OK;
}

/* The bytes of s[0..n) that are no UTF-8 continuation byte: the code
 * points of valid text. Eight bytes at a time (continuation bytes are
 * 10xxxxxx: bit 7 set and bit 6 clear). */
static size_t lead_bytes(const char *s, size_t n)
{
    size_t count = 0, i = 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t w;
        memcpy(&w, s + i, 8);
        uint64_t cont = w & ~(w << 1) & 0x8080808080808080ull;
#if defined(__GNUC__)
        count += 8 - (size_t)__builtin_popcountll(cont);
#else
        size_t c = 0;
        for (; cont; cont &= cont - 1) c++;
        count += 8 - c;
#endif
    }
    for (; i < n; i++) count += ((unsigned char)s[i] & 0xC0) != 0x80;
    return count;
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

static int is_cont(char b) { return ((unsigned char)b & 0xC0) == 0x80; }

static int on_match(void *user, size_t par, const eg_match *m)
{
    match_ctx *c = user;
    while (c->next <= par) c->first[c->next++] = c->spans->n;
    /* Keys of a registry are valid UTF-8, so their matches lie on character
     * boundaries; only a damaged compiled automaton gives others. */
    if (m->end <= m->start || is_cont(c->s[m->start]) || (m->end < c->bounds[par + 1] && is_cont(c->s[m->end])))
        return 0;
    /* value holds the entity; spans carry it in rule slot via a side array */
    if (eg__spans_push(c->spans, m->start, m->end, EG_RULE_NONE)) {
        c->failed = 1;
        return 1;
    }
    c->spans->v[c->spans->n - 1].entity = m->value;
    return 0;
}

/* The compound rules over the paragraph's dictionary spans (offsets
 * relative to the document's normalised text; the paragraph starts at base). */
static eg_status compounds(eg_extractor *x, const char *s, size_t len, size_t base, eg__spans *local)
{
    size_t n = local->n;
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
        uint32_t e = local->v[k].entity;
        if (e & GROUP_BIT) e = x->group_members[x->group_start[e & ~GROUP_BIT]];
        types[k] = x->kind[e] == EG__T_NOT ? EG__T_OTHER : x->kind[e];
        /* a place right after the place it lies in: 河南省|郑州市 */
        if (k > 0 && types[k] == EG__T_LOC && (types[k - 1] & EG__T_MASK) == EG__T_LOC &&
            local->v[k - 1].end == local->v[k].start && inside_previous(x, local->v[k - 1].entity, local->v[k].entity))
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

static int span_cmp(const void *a, const void *b)
{
    const eg__span *x = a, *y = b;
    if (x->start != y->start) return x->start < y->start ? -1 : 1;
    if (x->end != y->end) return x->end > y->end ? -1 : 1;
    return (int)x->rule - (int)y->rule;
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
                                        "lost to an overlapping candidate", "an expression that is no entity"};
    return (unsigned)v < sizeof names / sizeof *names ? names[v] : "?";
}

/* Tells the explain callback about candidate c (normalised offsets). */
static void explain(const eg_extractor *x, const eg__span *c, eg_explain_verdict v, const char *path)
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

/* ---- word-aware acceptance ------------------------------------------------
 *
 * A short candidate (a dictionary name or alias of up to three characters,
 * a one-character abbreviation, a person a rule proposes) is taken only
 * where the words around it allow it: the window of up to LEX_WINDOW
 * characters on each side is segmented with the lexicon's words and the
 * paragraph's candidates competing as words (jieba's max-probability path),
 * and the candidate must survive on the best path. Long dictionary names
 * (four characters or more) are certain and cost nothing. The strengths
 * below are word frequencies (jieba's dictionary sums to 6·10^7); they were
 * set on msra_dev and pd_dev. */
#define LEX_WINDOW 4
#define LEX_F_DICT 100.0        /* a short dictionary name */
#define LEX_F_ABBR 1000.0       /* a one-character abbreviation */
#define LEX_F_NAME 20.0         /* a person the rules propose */
#define LEX_RARE 50             /* a rarer lexicon word the span of a person is a name (刘彦彬) */
#define LEX_F_FUNCTION 60000.0 /* a character this frequent is no bare surname (但, 向, 于) */
#define LEX_F_CROSS 2000.0      /* a word a person the model proposes cannot end inside */
#define LEX_LONG 4              /* characters from which a dictionary name is certain */

/* eg__span.strong: a candidate the word test refused */
#define DROPPED 0x80

enum { TEST_NONE = 0, TEST_CROSS, TEST_WORD, TEST_INSIDE, TEST_DROP };

static int is_latin_alnum(unsigned char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* A Latin or digit name must start and end at a Latin word boundary: no
 * 'lse' in 'else'. */
static int latin_inside_word(const char *t, size_t b, size_t e, const eg__span *c)
{
    if (is_latin_alnum((unsigned char)t[c->start]) && c->start > b &&
        is_latin_alnum((unsigned char)t[c->start - 1]))
        return 1;
    return is_latin_alnum((unsigned char)t[c->end - 1]) && c->end < e && is_latin_alnum((unsigned char)t[c->end]);
}

/* Code points of t[a..z), up to max (counted to max + 1 at most), and
 * whether all are CJK ideographs. */
static size_t han_chars(const char *t, size_t a, size_t z, size_t max, int *all_han)
{
    size_t n = 0;
    *all_han = 1;
    for (size_t i = a; i < z && n <= max; n++) {
        uint32_t c = eg__utf8_decode(t, z, &i, NULL);
        if (!eg_text_is_han(c)) *all_han = 0;
    }
    return n;
}

static int is_person_rule(eg__rule r)
{
    return r == EG_RULE_TITLE || r == EG_RULE_REPEAT || r == EG_RULE_LIST || r == EG_RULE_PLAIN;
}

/* Which test candidate c takes, and its strength as a word (log p). */
static int test_of(const eg_extractor *x, const eg__span *c, double *logp)
{
    const char *t = x->nt.s;
    double lt = eg__lexicon_log_total(x->lexicon);
    int han;
    size_t n = han_chars(t, c->start, c->end, LEX_LONG, &han);
    *logp = 0; /* certain */
    if (c->rule == EG_RULE_NONE) {
        uint32_t e = c->entity;
        if (e & GROUP_BIT) e = x->group_members[x->group_start[e & ~GROUP_BIT]];
        if (n >= LEX_LONG || !han || x->kind[e] == EG__T_NOT) return TEST_NONE;
        double f = eg__lexicon_freq(x->lexicon, t + c->start, c->end - c->start);
        *logp = log(f > LEX_F_DICT ? f : LEX_F_DICT) - lt;
        return TEST_CROSS;
    }
    if (c->rule == EG_RULE_ABBR) {
        double f = eg__lexicon_freq(x->lexicon, t + c->start, c->end - c->start);
        *logp = log(f > LEX_F_ABBR ? f : LEX_F_ABBR) - lt;
        return TEST_INSIDE;
    }
    if (is_person_rule(c->rule)) {
        /* a bare surname (李 of 李局长), unless the character is far more
         * often a word of its own (但校长说: 但 is "but") */
        if (n < 2 && han && eg__lexicon_freq(x->lexicon, t + c->start, c->end - c->start) >= LEX_F_FUNCTION)
            return TEST_DROP;
        if (n < 2 || !han || (c->strong & 7) == 4) return TEST_NONE;
        *logp = log(LEX_F_NAME) - lt;
        return TEST_WORD;
    }
    if (c->rule == EG_RULE_BYLINE || n >= LEX_LONG || !han) return TEST_NONE;
    *logp = log(LEX_F_DICT) - lt;
    return TEST_CROSS;
}



/* The start of the code point before byte p of t (p > b). */
static size_t prev_char(const char *t, size_t b, size_t p)
{
    p--;
    while (p > b && is_cont(t[p])) p--;
    return p;
}

/* Can a lexicon word cross an end of candidate c or hold it in its middle?
 * 0 when surely not (then no segmentation is needed): no word starts one
 * or two characters before c and goes on into it, and none starts inside c
 * and goes on past it. Words of four characters or more starting further
 * back are left out: they are rare, and the segmentation would seldom
 * let them win. */
static int may_cross(const eg_extractor *x, size_t b, size_t e, const eg__span *c)
{
    const char *t = x->nt.s;
    size_t first_end = c->start, after_end = c->end;
    eg__utf8_decode(t, e, &first_end, NULL); /* end of c's first character */
    if (after_end < e) eg__utf8_decode(t, e, &after_end, NULL);
    /* words from the one or two characters before c, into c */
    size_t p = c->start;
    for (int back = 0; back < 2 && p > b; back++) {
        p = prev_char(t, b, p);
        if (eg__lexicon_prefix(x->lexicon, t + p, first_end - p)) return 1;
    }
    /* words from inside c, past its end */
    if (after_end == c->end) return 0;
    for (size_t q = first_end; q < c->end;) {
        if (eg__lexicon_prefix(x->lexicon, t + q, after_end - q)) return 1;
        eg__utf8_decode(t, e, &q, NULL);
    }
    return 0;
}

/* Does candidate cands[k] survive the best segmentation of its window in
 * paragraph t[b..e)? cands[0..n) are the paragraph's candidates sorted by
 * start, with their tests and strengths in info; those inside the window
 * compete as words. 1 yes, 0 no, -1 out of memory. */
static int survives(eg_extractor *x, size_t b, size_t e, const eg__span *cands, const cand_info *info,
                    size_t n, size_t k)
{
    const char *t = x->nt.s;
    const eg__span *c = &cands[k];
    int kind = info[k].kind;
    /* the window: up to LEX_WINDOW Chinese characters on each side */
    size_t ws = c->start, we = c->end;
    for (int w = 0; w < LEX_WINDOW && ws > b; w++) {
        size_t p = prev_char(t, b, ws), q = p;
        if (!eg_text_is_han(eg__utf8_decode(t, e, &q, NULL))) break;
        ws = p;
    }
    for (int w = 0; w < LEX_WINDOW && we < e; w++) {
        size_t q = we;
        if (!eg_text_is_han(eg__utf8_decode(t, e, &q, NULL))) break;
        we = q;
    }
    /* the competing words: candidates inside the window, c among them */
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (cands[mid].start < ws) lo = mid + 1;
        else hi = mid;
    }
    size_t ne = 0;
    int self = -1;
    for (size_t q = lo; q < n && cands[q].start < we; q++) {
        const eg__span *o = &cands[q];
        if (o->end > we || (q != k && (o->strong & DROPPED))) continue;
        if (ne == x->cap_extra) {
            size_t cap = x->cap_extra ? 2 * x->cap_extra : 16;
            eg__seg_word *v = realloc(x->extra, cap * sizeof *v);
            if (!v) return -1;
            x->extra = v;
            x->cap_extra = cap;
        }
        /* code point offsets in the window */
        x->extra[ne].start = (uint32_t)lead_bytes(t + ws, o->start - ws);
        x->extra[ne].end = x->extra[ne].start + (uint32_t)lead_bytes(t + o->start, o->end - o->start);
        x->extra[ne].logp = info[q].logp;
        if (q == k) self = (int)ne;
        ne++;
    }
    if (eg__lexicon_segment(x->lexicon, t + ws, we - ws, x->extra, ne, &x->seg)) return -1;
    x->seg_text = t + ws;
    const eg__seg *g = &x->seg;
    uint32_t cs = (uint32_t)lead_bytes(t + ws, c->start - ws);
    uint32_t ce = cs + (uint32_t)lead_bytes(t + c->start, c->end - c->start);
    for (uint32_t i = 0; i < g->n_chars; i = g->word_end[i]) {
        uint32_t j = g->word_end[i];
        if (j <= cs || i >= ce) continue;
        switch (kind) {
        case TEST_CROSS:
            /* no word of the path may cross an end of c (化[工行]业), nor
             * hold it in its middle (加[工行]业); one that starts or ends
             * with it is a compound of it (中国政府, 老红军) */
            if ((i < cs && j > cs && j < ce) || (i > cs && i < ce && j > ce)) return 0;
            if (i < cs && j > ce && g->extra_word[i] < 0) return 0;
            break;
        case TEST_WORD:
            /* c must be a word of the path: its own, or a person's name of
             * the lexicon (基金, 白皮书 are words; 刘彦彬 is a name) */
            return i == cs && j == ce &&
                   (g->extra_word[i] == self || eg__lexicon_is_name(x->lexicon, t + c->start, c->end - c->start) ||
                    eg__lexicon_freq(x->lexicon, t + c->start, c->end - c->start) < LEX_RARE);
        case TEST_INSIDE: /* no word may join c to the characters after it: 推进[法治] */
            if (i == cs && j > ce && g->extra_word[i] < 0) return 0;
            break;
        }
    }
    return 1;
}

/* Drops, in place, the candidates of paragraph t[b..e) that the words
 * around them refuse (see above), and Latin names inside Latin words.
 * Leaves local sorted by span_cmp. EG_ENOMEM. */
static eg_status word_filter(eg_extractor *x, size_t b, size_t e, eg__spans *local)
{
    const char *t = x->nt.s;
    size_t n = local->n;
    if (n > 1) qsort(local->v, n, sizeof *local->v, span_cmp);
    if (x->lexicon) {
        if (n > x->cap_info) {
            size_t cap = x->cap_info ? x->cap_info : 64;
            while (cap < n) cap *= 2;
            cand_info *v = realloc(x->info, cap * sizeof *v);
            if (!v) return EG_ENOMEM;
            x->info = v;
            x->cap_info = cap;
        }
        for (size_t k = 0; k < n; k++) {
            const eg__span *c = &local->v[k];
            x->info[k].kind = (uint8_t)test_of(x, c, &x->info[k].logp);
            if (x->info[k].kind == TEST_INSIDE && (c->strong & 7) != 3)
                x->info[k].kind = TEST_NONE; /* 中美关系: certain */
            else if (x->info[k].kind == TEST_CROSS && !may_cross(x, b, e, c))
                x->info[k].kind = TEST_NONE;
        }
    }
    for (size_t k = 0; k < n; k++) {
        const eg__span *c = &local->v[k];
        int keep = c->rule != EG_RULE_NONE || !latin_inside_word(t, b, e, c);
        eg_explain_verdict why = EG_EXPLAIN_LATIN;
        if (keep && x->lexicon && x->info[k].kind == TEST_DROP) {
            keep = 0;
            why = EG_EXPLAIN_FUNCTION;
        } else if (keep && x->lexicon && x->info[k].kind != TEST_NONE) {
            int r = survives(x, b, e, local->v, x->info, n, k);
            if (r < 0) return EG_ENOMEM;
            keep = r;
            why = EG_EXPLAIN_WORDS;
        }
        if (!keep && x->explain) {
            char path[512];
            size_t used = 0;
            path[0] = 0;
            for (uint32_t i = 0; why == EG_EXPLAIN_WORDS && i < x->seg.n_chars; i = x->seg.word_end[i]) {
                size_t a = x->seg.at[i], z = x->seg.at[x->seg.word_end[i]];
                if (used + (z - a) + 2 >= sizeof path) break;
                if (i) path[used++] = '|';
                /* the window starts at the first character of the path */
                memcpy(path + used, x->seg_text + a, z - a);
                used += z - a;
                path[used] = 0;
            }
            explain(x, c, why, why == EG_EXPLAIN_WORDS ? path : NULL);
        }
        if (!keep) local->v[k].strong |= DROPPED;
    }
    size_t out = 0;
    for (size_t k = 0; k < n; k++)
        if (!(local->v[k].strong & DROPPED)) local->v[out++] = local->v[k];
    local->n = out;
    return EG_OK;
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

/* The kind (EG__T_*) of a candidate span: its entity's for a dictionary
 * match (a group's first reading), its rule's type for a rule span. */
static uint16_t span_kind(const eg_extractor *x, const eg__span *s)
{
    if (s->rule == EG_RULE_NONE) {
        uint32_t e = s->entity;
        if (e & GROUP_BIT) e = x->group_members[x->group_start[e & ~GROUP_BIT]];
        return x->kind[e];
    }
    const char *t = eg__rule_type((eg__rule)s->rule);
    return t[0] == 'P' ? EG__T_PER : t[0] == 'O' ? EG__T_ORG : EG__T_LOC;
}

/* The first character of the paragraph at or after byte offset off
 * (byte[0..n] ascending). */
static uint32_t char_at(const uint32_t *byte, size_t n, size_t off)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (byte[mid] < off) lo = mid + 1;
        else hi = mid;
    }
    return (uint32_t)lo;
}

static int is_address_name(const eg_extractor *x, const eg__span *span);

/* White space at the edge of a tagger span: the text's own (eg_text_is_space)
 * and line breaks. */
static int is_tag_space(uint32_t c) { return eg_text_is_space(c) || c == '\n' || c == '\r'; }

/* The trained tagger on paragraph nt.s[b..e): its input is the text and
 * the candidates (x->cand); its spans replace the resolved spans in local
 * (eg_tagger_mode). A tagger span the resolved spans or the candidates
 * hold as they are keeps that span's entity and rule (the registry's
 * identity, a rule's name); the rest become rule "model". With a capture
 * hook, the input goes to it first. */
static eg_status tag_paragraph(eg_extractor *x, size_t b, size_t e, eg__spans *local)
{
    eg__tag_scratch *ts = &x->tag;
    const char *s = x->nt.s;
    eg_status st = eg__tag_scratch_reserve(ts, e - b, x->cand.n);
    if (st) return st;
    size_t n = 0;
    for (size_t i = b; i < e; n++) {
        ts->byte[n] = (uint32_t)(i - b);
        ts->orig[n] = x->nt.from[i];
        ts->cp[n] = eg__utf8_decode(s, e, &i, NULL);
    }
    ts->byte[n] = (uint32_t)(e - b);
    if (x->cand.n > 1) qsort(x->cand.v, x->cand.n, sizeof *x->cand.v, span_cmp);
    for (size_t k = 0; k < x->cand.n; k++) {
        const eg__span *c = &x->cand.v[k];
        ts->spans[k].start = char_at(ts->byte, n, c->start - b);
        ts->spans[k].end = char_at(ts->byte, n, c->end - b);
        ts->spans[k].kind = span_kind(x, c);
        ts->spans[k].src = (uint16_t)c->rule;
    }
    eg__tag_input in = {ts->cp, n, ts->spans, x->cand.n};
    if (x->capture && (st = x->capture(x->capture_user, &in, ts->orig))) return st;
    if (!x->tagger) return EG_OK;
    eg__tagger_label(x->tagger, ts, &in);
    eg__spans *out = &x->tagged;
    out->n = 0;
    size_t li = 0, ci = 0; /* local and cand are sorted by start */
    for (size_t i = 0; i < n; i++) {
        unsigned y = ts->labels[i];
        if (!y || ((y - 1) % 4 != 0 && (y - 1) % 4 != 3)) continue; /* a span starts at B or S */
        size_t j = i;
        while ((ts->labels[j] - 1) % 4 != 2 && (ts->labels[j] - 1) % 4 != 3) j++; /* to its E or S */
        unsigned type = (y - 1) / 4;
        uint16_t want = type == EG__TAG_PER ? EG__T_PER : type == EG__TAG_LOC ? EG__T_LOC : EG__T_ORG;
        size_t first = i, last = j;
        i = j;
        /* a name neither starts nor ends with white space (a byline's
         * "俞佳 " was taken with its space), nor holds a line break */
        while (first <= last && is_tag_space(ts->cp[first])) first++;
        while (last > first && is_tag_space(ts->cp[last])) last--;
        if (first > last || is_tag_space(ts->cp[last])) continue;
        int broken = 0;
        for (size_t k = first; k <= last; k++) broken |= ts->cp[k] == '\n' || ts->cp[k] == '\r';
        if (broken) continue;
        j = last;
        size_t s0 = b + ts->byte[first], s1 = b + ts->byte[j + 1];
        /* a name has a letter (Han or Latin) and no replaced bytes */
        int letters = 0, replaced = 0;
        for (size_t k = first; k <= j; k++) {
            uint32_t c = ts->cp[k];
            letters |= eg_text_is_han(c) || (c >= 'a' && c <= 'z') || (c >= 0xC0 && c < 0x250);
            replaced |= c == 0xFFFD;
        }
        if (!letters || replaced) continue;
        eg__span pick = {s0, s1, (eg__rule)(EG_RULE_MODEL_PER + type), 0, 0};
        while (li < local->n && local->v[li].start < s0) li++;
        while (ci < x->cand.n && x->cand.v[ci].start < s0) ci++;
        int found = 0;
        for (size_t k = li; k < local->n && local->v[k].start == s0; k++)
            if (local->v[k].end == s1) {
                pick = local->v[k];
                found = 1;
                break;
            }
        for (size_t k = ci; !found && k < x->cand.n && x->cand.v[k].start == s0; k++)
            if (x->cand.v[k].end == s1 && span_kind(x, &x->cand.v[k]) == want) {
                pick = x->cand.v[k];
                found = 1;
            }
        /* a surname with a form of address a rule found (张 of 张女士) stays
         * the rules': the model would make 张女士 one person everywhere */
        int address = 0;
        for (size_t k = li; !found && type == EG__TAG_PER && k < local->n && local->v[k].start < s1; k++)
            address |= local->v[k].end > s0 && is_address_name(x, &local->v[k]);
        if (address) continue;
        /* a person only the model proposes does not end inside a common
         * two-character word (聚焦平 before 安: 平安 is the word) */
        if (!found && type == EG__TAG_PER && x->lexicon && j + 1 < n && j > first &&
            eg_text_is_han(ts->cp[j + 1]) &&
            eg__lexicon_freq(x->lexicon, x->nt.s + b + ts->byte[j], ts->byte[j + 2] - ts->byte[j]) >=
                LEX_F_CROSS)
            continue;
        if (eg__spans_push(out, pick.start, pick.end, pick.rule)) return EG_ENOMEM;
        out->v[out->n - 1].entity = pick.entity;
    }
    if (x->tagger_mode == EG_TAGGER_KEEP_DICT) {
        size_t tagged = out->n, t = 0;
        for (size_t k = 0; k < local->n; k++) {
            const eg__span *r = &local->v[k];
            while (t < tagged && out->v[t].end <= r->start) t++;
            if (t < tagged && out->v[t].start < r->end) continue; /* a tagger span overlaps it */
            if (eg__spans_push(out, r->start, r->end, r->rule)) return EG_ENOMEM;
            out->v[out->n - 1].entity = r->entity;
        }
        if (out->n > tagged) qsort(out->v, out->n, sizeof *out->v, span_cmp);
    }
    local->n = 0;
    for (size_t k = 0; k < out->n; k++) {
        if (eg__spans_push(local, out->v[k].start, out->v[k].end, out->v[k].rule)) return EG_ENOMEM;
        local->v[local->n - 1].entity = out->v[k].entity;
    }
    return EG_OK;
}

void eg_extractor_set_tagger(eg_extractor *x, const eg_tagger *t, eg_tagger_mode mode)
{
    x->tagger = t;
    x->tagger_mode = (int)mode;
}

void eg__extractor_set_capture(eg_extractor *x, eg__tag_capture_fn fn, void *user)
{
    x->capture = fn;
    x->capture_user = user;
}

/* An occurrence of a pass-2 name: its slot in the name map, its byte offset. */
typedef struct repeat_hit {
    size_t slot, pos;
} repeat_hit;

static int repeat_hit_cmp(const void *a, const void *b)
{
    const repeat_hit *x = a, *y = b;
    if (x->slot != y->slot) return x->slot < y->slot ? -1 : 1;
    return (x->pos > y->pos) - (x->pos < y->pos);
}

/* A 16-bit hash of a name's first two code points, for find_repeats. */
static uint32_t pair_hash(uint32_t a, uint32_t b)
{
    return ((a * 40503u) ^ (b * 2654435761u) ^ (b >> 16)) & 0xFFFF;
}

/* Pass 2: every occurrence of a name a rule found (names: the document's
 * names → entity) that overlaps no span becomes a repeat mention. The
 * result is that of searching each name in turn, in the map's slot order,
 * left to right and without overlapping itself, through each paragraph;
 * the paragraph is read once, looking names up by their first character
 * and their lengths instead of searching the text once per name. */
static eg_status find_repeats(eg_extractor *x, const eg__strmap *names, const size_t *par_bytes,
                              size_t np, const size_t *par_first_span)
{
    eg__spans *sp = &x->spans;
    /* filters: names of one code point by it (mod 2^16), longer names by a
     * hash of their first two, which also gives the longest such name, so
     * that a position is read no further than a name starting there can
     * reach; byte lengths below 512 */
    uint64_t single[1024], lens[8];
    repeat_hit *hits = NULL;
    size_t n_hits = 0, cap_hits = 0;
    eg_status st = EG_OK;
    /* each slot's key hash, compared before the bytes */
    uint64_t *key_hash = malloc(names->cap * sizeof *key_hash);
    uint16_t *pair_max = calloc(1u << 16, sizeof *pair_max);
    if (!key_hash || !pair_max) {
        free(key_hash);
        free(pair_max);
        return EG_ENOMEM;
    }
    memset(single, 0, sizeof single);
    memset(lens, 0, sizeof lens);
    for (size_t h = 0; h < names->cap; h++) {
        const char *name = names->keys[h];
        if (!name) continue;
        size_t nl = strlen(name), j = 0;
        key_hash[h] = eg__hash_bytes(name, nl);
        if (!nl) continue;
        uint32_t c = eg__utf8_decode(name, nl, &j, NULL);
        if (j == nl) {
            c &= 0xFFFF;
            single[c >> 6] |= 1ull << (c & 63);
        } else {
            uint32_t k = pair_hash(c, eg__utf8_decode(name, nl, &j, NULL));
            if (nl > pair_max[k]) pair_max[k] = nl < UINT16_MAX ? (uint16_t)nl : UINT16_MAX;
        }
        if (nl < 512) lens[nl >> 6] |= 1ull << (nl & 63);
    }
    for (size_t p = 0; !st && p < np; p++) {
        size_t b = par_bytes[p], e = par_bytes[p + 1], p2_first = sp->n;
        const char *t = x->nt.s;
        n_hits = 0;
        size_t j = b;
        uint32_t c = b < e ? eg__utf8_decode(t, e, &j, NULL) : 0;
        for (size_t i = b; i < e;) {
            size_t j2 = j;
            uint32_t c2 = j < e ? eg__utf8_decode(t, e, &j2, NULL) : UINT32_MAX;
            uint32_t c16 = c & 0xFFFF, k2 = pair_hash(c, c2);
            size_t most = single[c16 >> 6] >> (c16 & 63) & 1 ? j - i : 0; /* the name c */
            if (c2 != UINT32_MAX && pair_max[k2] > most) most = pair_max[k2];
            if (most) {
                if (most > e - i) most = e - i;
                uint64_t hash = EG__HASH_INIT; /* the map's hash, grown a byte at a time */
                for (size_t nl = 1; nl <= most; nl++) {
                    hash = eg__hash_step(hash, (unsigned char)t[i + nl - 1]);
                    if (nl < 512 && !(lens[nl >> 6] >> (nl & 63) & 1)) continue;
                    for (size_t k = hash & (names->cap - 1); names->keys[k]; k = (k + 1) & (names->cap - 1)) {
                        if (key_hash[k] != hash || strncmp(names->keys[k], t + i, nl) || names->keys[k][nl])
                            continue;
                        if (n_hits == cap_hits) {
                            size_t cap = cap_hits ? 2 * cap_hits : 64, bytes;
                            repeat_hit *v;
                            if (eg__mul_overflow(cap, sizeof *v, &bytes) || !(v = realloc(hits, bytes))) {
                                st = EG_ENOMEM;
                                goto done;
                            }
                            hits = v;
                            cap_hits = cap;
                        }
                        hits[n_hits++] = (repeat_hit){k, i};
                        break;
                    }
                }
            }
            i = j;
            j = j2;
            c = c2;
        }
        if (n_hits > 1) qsort(hits, n_hits, sizeof *hits, repeat_hit_cmp);
        for (size_t q = 0, at = b; q < n_hits; q++) {
            if (q && hits[q].slot != hits[q - 1].slot) at = b;
            size_t nl = strlen(names->keys[hits[q].slot]);
            size_t s0 = hits[q].pos, s1 = s0 + nl;
            if (s0 < at) continue;
            int overlaps = 0;
            for (size_t k = par_first_span[p]; k < par_first_span[p + 1]; k++)
                if (sp->v[k].start < s1 && s0 < sp->v[k].end) overlaps = 1;
            for (size_t k = p2_first; k < sp->n; k++)
                if (sp->v[k].start < s1 && s0 < sp->v[k].end) overlaps = 1;
            uint32_t ent = names->values[hits[q].slot];
            if (!overlaps && !strcmp(eg_extractor_entity(x, ent)->type, "PER") &&
                !eg__name_stands_alone(t + b, e - b, s0 - b, s1 - b))
                overlaps = 1; /* 高峰 the person is not in 高峰会议 */
            if (!overlaps && x->lexicon && !strcmp(eg_extractor_entity(x, ent)->type, "PER")) {
                /* nor where the words around it make it none: the name
                 * must be a word of the best path here, as in pass 1 */
                eg__span one = {s0, s1, EG_RULE_REPEAT, ent, 0};
                cand_info ci;
                ci.kind = (uint8_t)test_of(x, &one, &ci.logp);
                if (ci.kind == TEST_DROP) overlaps = 1;
                else if (ci.kind != TEST_NONE) {
                    int r = survives(x, b, e, &one, &ci, 1, 0);
                    if (r < 0) {
                        st = EG_ENOMEM;
                        goto done;
                    }
                    overlaps = !r;
                }
            }
            if (!overlaps) {
                if (eg__spans_push(sp, s0, s1, EG_RULE_REPEAT)) {
                    st = EG_ENOMEM;
                    goto done;
                }
                sp->v[sp->n - 1].entity = names->values[hits[q].slot];
            }
            at = s1;
        }
    }
done:
    free(hits);
    free(key_hash);
    free(pair_max);
    return st;
}

/* Is span a bare surname a rule found with a form of address (张 of
 * 张女士, 李 of 老李 or 李局长)? */
static int is_address_name(const eg_extractor *x, const eg__span *span)
{
    if (span->rule != EG_RULE_TITLE) return 0;
    size_t i = span->start;
    uint32_t c = eg__utf8_decode(x->nt.s, x->nt.len, &i, NULL);
    return i == span->end && eg_text_is_han(c);
}

/* How far before a surname with a form of address its full name may
 * stand, in bytes of normalised text (about 600 characters). */
#define ADDRESS_REACH 1800

/* The people a surname with a form of address stands for. Within its
 * document, the one full name (two characters or more, from the
 * dictionary or the rules) with that surname shortly before it, when
 * there is exactly one (张女士 after 张丽华); else a person of this document only, "per:张女士@D"
 * where D is a hash of the names the document mentions, never one node per surname
 * across documents. With the option address_names off, the unlinked
 * ones are left out. EG_ENOMEM. */
static eg_status address_names(eg_extractor *x, eg__spans *sp, const size_t *par_bytes, size_t np)
{
    const char *t = x->nt.s;
    /* the document's mark: a hash of the names it mentions, in order, so
     * that the same story read from another encoding or with a damaged
     * byte gets the same one */
    uint64_t h = EG__HASH_INIT;
    for (size_t k = 0; k < sp->n; k++) {
        if (sp->v[k].rule == EG_RULE_COUNT) continue;
        for (size_t i = sp->v[k].start; i < sp->v[k].end; i++) h = eg__hash_step(h, (unsigned char)t[i]);
        h = eg__hash_step(h, 0);
    }
    char scope[17];
    snprintf(scope, sizeof scope, "%016llx", (unsigned long long)h);
    for (size_t k = 0; k < sp->n; k++) {
        eg__span *a = &sp->v[k];
        if (a->rule == EG_RULE_COUNT || !is_address_name(x, a)) continue;
        size_t alen = a->end - a->start;
        uint32_t link = UINT32_MAX;
        int several = 0;
        for (size_t q = 0; q < sp->n; q++) {
            const eg__span *f = &sp->v[q];
            size_t flen = f->end - f->start;
            if (q == k || f->rule == EG_RULE_COUNT || f->rule == EG_RULE_ABBR || is_address_name(x, f) ||
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
        eg_status st = found_entity_scoped(x, "per", t + par_bytes[p] + from, to - from, scope, "PER", "rule", &idx);
        if (st == EG_ELIMIT) {
            a->rule = EG_RULE_COUNT;
            continue;
        }
        if (st) return st;
        a->entity = idx;
    }
    return EG_OK;
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
        const uint32_t *r = readings(x, &e, &n);
        e = UINT32_MAX;
        for (size_t i = 0; i < n; i++)
            for (size_t k = 0; k < w->n_seen; k++)
                if (has_ancestor(x, r[i], w->seen[k])) e = e == UINT32_MAX || e == r[i] ? r[i] : UINT32_MAX - 1;
        if (e >= UINT32_MAX - 1) return 0;
    }
    if (x->kind[e] != EG__T_LOC) return 0;
    w->place = e + 1;
    if (w->n_seen < 8) w->seen[w->n_seen++] = e;
    return 0;
}

static uint32_t place_within(const eg_extractor *x, size_t b, size_t e)
{
    within_ctx w = {x, 0, {0}, 0};
    size_t last = e;
    while (last > b && is_cont(x->nt.s[last - 1])) last--;
    if (last > b) last--;
    if (last > b) eg_matcher_scan(x->matcher, x->nt.s + b, last - b, on_within, &w);
    return w.place;
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
    size_t *par_first_match = malloc((np + 1) * sizeof *par_first_match);
    if (!par_first_span || !par_first_match) {
        free(par_first_span);
        free(par_first_match);
        st = EG_ENOMEM;
        goto fail;
    }
    /* the dictionary matches of every paragraph, the paragraphs scanned
     * side by side (each on its own, as if alone) */
    eg__spans *dm = &x->matches;
    dm->n = 0;
    match_ctx mc = {dm, par_first_match, 0, x->nt.s, par_bytes, 0};
    st = eg__matcher_scan_segments(x->matcher, x->nt.s, par_bytes, np, on_match, &mc, 0);
    if (!st && mc.failed) st = EG_ENOMEM;
    while (mc.next <= np) par_first_match[mc.next++] = dm->n;
    eg__spans *lp = &x->local;
    for (size_t p = 0; !st && p < np; p++) {
        size_t b = par_bytes[p], e = par_bytes[p + 1];
        par_first_span[p] = sp->n;
        eg__spans local = *lp; /* the buffer is kept from paragraph to paragraph */
        local.n = 0;
        for (size_t k = par_first_match[p]; !st && k < par_first_match[p + 1]; k++) {
            if (eg__spans_push(&local, dm->v[k].start, dm->v[k].end, EG_RULE_NONE)) st = EG_ENOMEM;
            else local.v[local.n - 1].entity = dm->v[k].entity;
        }
        if (!st && x->opt.rules) st = compounds(x, x->nt.s + b, e - b, b, &local);
        if (!st && x->opt.rules && x->n_abbr) {
            size_t before = local.n;
            st = eg__recognize_abbreviations(x->nt.s + b, e - b, is_abbr, x, &local);
            for (size_t k = before; k < local.n; k++) {
                size_t j = local.v[k].start;
                uint32_t c = eg__utf8_decode(x->nt.s + b, e - b, &j, NULL);
                local.v[k].start += b;
                local.v[k].end += b;
                local.v[k].entity = abbr_target(x, c);
            }
        }
        if (!st && x->opt.rules) {
            size_t before = local.n;
            st = eg__recognize_people(x->nt.s + b, e - b, &local);
            for (size_t k = before; k < local.n; k++) {
                local.v[k].start += b;
                local.v[k].end += b;
            }
        }
        if (!st) st = word_filter(x, b, e, &local);
        if (!st && (x->tagger || x->capture)) {
            /* the candidates before resolution: the tagger's features */
            x->cand.n = 0;
            for (size_t k = 0; !st && k < local.n; k++) {
                if (eg__spans_push(&x->cand, local.v[k].start, local.v[k].end, local.v[k].rule)) st = EG_ENOMEM;
                else x->cand.v[x->cand.n - 1].entity = local.v[k].entity;
            }
        }
        if (!st && x->explain) {
            x->before_resolve.n = 0;
            for (size_t k = 0; k < local.n && !st; k++)
                if (eg__spans_push(&x->before_resolve, local.v[k].start, local.v[k].end, local.v[k].rule)) st = EG_ENOMEM;
                else x->before_resolve.v[k].entity = local.v[k].entity;
        }
        if (!st) resolve(&local);
        if (!st && x->explain)
            for (size_t k = 0; k < x->before_resolve.n; k++) {
                const eg__span *c = &x->before_resolve.v[k];
                int kept = 0;
                for (size_t q = 0; q < local.n && !kept; q++)
                    kept = local.v[q].start == c->start && local.v[q].end == c->end && local.v[q].rule == c->rule;
                int not_entity = kept && c->rule == EG_RULE_NONE && !(c->entity & GROUP_BIT) &&
                                 x->kind[c->entity] == EG__T_NOT;
                explain(x, c, not_entity ? EG_EXPLAIN_NOT_ENTITY : kept ? EG_EXPLAIN_TAKEN : EG_EXPLAIN_OVERLAP,
                        NULL);
            }
        if (!st && (x->tagger || x->capture)) st = tag_paragraph(x, b, e, &local);
        for (size_t k = 0; !st && k < local.n; k++) {
            /* expressions that are no entity (NOT) hid the names inside them */
            if (local.v[k].rule == EG_RULE_NONE && !(local.v[k].entity & GROUP_BIT) &&
                x->kind[local.v[k].entity] == EG__T_NOT)
                continue;
            if (eg__spans_push(sp, local.v[k].start, local.v[k].end, local.v[k].rule)) st = EG_ENOMEM;
            else sp->v[sp->n - 1].entity = local.v[k].entity;
        }
        *lp = local;
        if (st) break;
    }
    free(par_first_match);
    par_first_span[np] = sp->n;

    if (!st && x->n_groups) st = resolve_groups(x, sp);

    /* Give rule spans their entities; collect the names for pass 2. */
    eg__strmap doc_names = {0};
    int has_address = 0;
    for (size_t k = 0; !st && k < sp->n; k++) {
        if (sp->v[k].rule == EG_RULE_NONE || sp->v[k].rule == EG_RULE_ABBR) continue;
        const char *name = x->nt.s + sp->v[k].start;
        size_t nl = sp->v[k].end - sp->v[k].start;
        if (is_address_name(x, &sp->v[k])) {
            has_address = 1; /* a surname with a form of address: after the full names */
            continue;
        }
        uint32_t idx = 0;
        const char *type = eg__rule_type((eg__rule)sp->v[k].rule);
        int by_model = sp->v[k].rule >= EG_RULE_MODEL_PER && sp->v[k].rule <= EG_RULE_MODEL_ORG;
        st = found_entity(x, !strcmp(type, "PER") ? "per" : !strcmp(type, "ORG") ? "org" : "loc", name,
                          nl, type, by_model ? "model" : "rule", &idx);
        if (st == EG_ELIMIT) {
            st = EG_OK;
            sp->v[k].rule = EG_RULE_COUNT; /* too long to be a name: drop */
            continue;
        }
        sp->v[k].entity = idx;
        /* The repeat rule spreads names found on evidence. A tagger span is
         * a guess, not evidence: a place or organisation the model found is
         * not repeated (on the dev sets such repeats were right in fewer
         * than half of their mentions: 延迟退休 spread one wrong guess over
         * a whole article), nor a person whose span the lexicon knows as a
         * common word rather than a name. */
        if (by_model && (strcmp(type, "PER") ||
                         (x->lexicon && !eg__lexicon_is_name(x->lexicon, name, nl) &&
                          eg__lexicon_freq(x->lexicon, name, nl) >= LEX_RARE)))
            continue;
        const eg_entity *ent = eg_extractor_entity(x, idx);
        if (!st && eg__strmap_put(&doc_names, ent->name, idx)) st = EG_ENOMEM;
    }

    if (!st && has_address) st = address_names(x, sp, par_bytes, np);

    /* Pass 2: a name a rule found is a name everywhere in the document. */
    if (!st && doc_names.count) st = find_repeats(x, &doc_names, par_bytes, np, par_first_span);
    eg__strmap_free(&doc_names);
    if (st) {
        free(par_first_span);
        goto fail;
    }
    free(par_first_span);
    if (sp->n > 1) qsort(sp->v, sp->n, sizeof *sp->v, span_cmp);

    /* Sentences and mentions in text order. */
    size_t nd = eg_dict_count(x->dict);
    size_t si = 0, sent_base = 0, p = 0;
    size_t norm_byte = 0, norm_cp = 0; /* code points of nt.s before norm_byte */
    for (p = 0; p < np; p++) {
        size_t b = par_bytes[p], e = par_bytes[p + 1];
        /* the offset maps were written long ago: ask for the next
         * paragraph's parts while this one's are used */
        if (p + 1 < np) prefetch_maps(x, par_bytes[p + 1], par_bytes[p + 2]);
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
            m.within = 0;
            /* (a shared name left unresolved is an "amb:" entity past the dictionary's) */
            if (k->rule == EG_RULE_NONE ? k->entity < nd && x->kind[k->entity] == EG__T_ORG
                                        : !strcmp(eg__rule_type((eg__rule)k->rule), "ORG"))
                m.within = place_within(x, k->start, k->end);
            norm_cp += lead_bytes(x->nt.s + norm_byte, k->start - norm_byte);
            norm_byte = k->start;
            m.norm_start = (uint32_t)norm_cp;
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
