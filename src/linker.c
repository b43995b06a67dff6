/* The linker: co-occurrence counts per window, association measures,
 * evidence, dates and the registry hierarchy. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "entgraph/date.h"
#include "entgraph/linker.h"
#include "graph_check.h"
#include "graph_impl.h"
#include "internal.h"
#include "util.h"

#include "linker_impl.h"

static const char *const window_names[] = {"sentence", "paragraph", "document", "chars"};

eg_status eg_window_parse(const char *s, eg_window *w, uint32_t *chars)
{
    uint32_t n = 0;
    if (!strcmp(s, "sentence")) *w = EG_WINDOW_SENTENCE;
    else if (!strcmp(s, "paragraph") || !strcmp(s, "para")) *w = EG_WINDOW_PARAGRAPH;
    else if (!strcmp(s, "document") || !strcmp(s, "doc")) *w = EG_WINDOW_DOCUMENT;
    else if (!strncmp(s, "chars:", 6)) {
        const char *d = s + 6;
        if (!*d || strspn(d, "0123456789") != strlen(d) || strlen(d) > 7) return EG_EINVAL;
        n = (uint32_t)strtoul(d, NULL, 10);
        if (n < 1 || n > 1000000) return EG_EINVAL;
        *w = EG_WINDOW_CHARS;
    } else
        return EG_EINVAL;
    if (chars) *chars = n;
    return EG_OK;
}

const char *eg_window_name(eg_window w)
{
    return (unsigned)w <= EG_WINDOW_CHARS ? window_names[w] : "unknown";
}

eg_link_options eg_link_defaults(void)
{
    eg_link_options o;
    memset(&o, 0, sizeof o);
    o.window = EG_WINDOW_SENTENCE;
    o.evidence = 3;
    o.hierarchy = 1;
    return o;
}

eg_status eg_linker_new(eg_linker **out, const eg_link_options *opt)
{
    eg_link_options d = eg_link_defaults();
    if (!opt) opt = &d;
    if ((unsigned)opt->window > EG_WINDOW_CHARS || (opt->window == EG_WINDOW_CHARS && !opt->chars))
        return EG_EINVAL;
    eg_linker *l = calloc(1, sizeof *l);
    if (!l) return EG_ENOMEM;
    l->opt = *opt;
    l->spell_gap = 1;
    *out = l;
    return EG_OK;
}

eg_status eg__linker_count_form(eg_linker *l, uint32_t e, const char *text, size_t len, uint64_t count)
{
    eg_status st = eg__linker_nodes_reserve(l, e);
    if (st) return st;
    uint32_t *link = &l->nodes[e].forms;
    for (; *link != NO_RUNS; link = &l->forms[*link].next) {
        label_form *f = &l->forms[*link];
        if (strlen(f->text) == len && !memcmp(f->text, text, len)) {
            f->count += count;
            return EG_OK;
        }
    }
    /* indexes are uint32_t, NO_RUNS is none */
    if (l->n_forms + 1 >= NO_RUNS ||
        eg__grow_array((void **)&l->forms, &l->cap_forms, l->n_forms + 1, sizeof *l->forms, 64))
        return EG_ENOMEM;
    char *copy = eg__arena_strndup(&l->strings, text, len);
    if (!copy) return EG_ENOMEM;
    l->forms[l->n_forms] = (label_form){copy, count, NO_RUNS};
    *link = (uint32_t)l->n_forms++;
    return EG_OK;
}

eg_status eg_linker_add_form(eg_linker *l, uint32_t entity, const char *text, size_t len)
{
    if (!text || !len || entity == UINT32_MAX) return EG_EINVAL;
    return eg__linker_count_form(l, entity, text, len, 1);
}

void eg_linker_set_spell_gap(eg_linker *l, uint32_t days) { l->spell_gap = days ? days : 1; }

eg_status eg__linker_add_days(eg_linker *l, uint32_t *runs, int32_t from, int32_t to)
{
    if (*runs == NO_RUNS) {
        if (l->n_runs + 1 >= NO_RUNS ||
            eg__grow_array((void **)&l->runs, &l->cap_runs, l->n_runs + 1, sizeof *l->runs, 64))
            return EG_ENOMEM;
        memset(&l->runs[l->n_runs], 0, sizeof l->runs[l->n_runs]);
        *runs = (uint32_t)l->n_runs++;
    }
    day_runs *r = &l->runs[*runs];
    /* the first run that ends at or after from - 1 (binary search) */
    uint32_t lo = 0, hi = r->n;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if ((int64_t)r->v[2 * mid + 1] < (int64_t)from - 1) lo = mid + 1;
        else hi = mid;
    }
    if (lo < r->n && (int64_t)r->v[2 * lo] <= (int64_t)to + 1) {
        /* touches run lo: widen it, then swallow the runs it now reaches */
        if (from < r->v[2 * lo]) r->v[2 * lo] = from;
        if (to > r->v[2 * lo + 1]) r->v[2 * lo + 1] = to;
        uint32_t k = lo + 1;
        while (k < r->n && (int64_t)r->v[2 * k] <= (int64_t)r->v[2 * lo + 1] + 1) {
            if (r->v[2 * k + 1] > r->v[2 * lo + 1]) r->v[2 * lo + 1] = r->v[2 * k + 1];
            k++;
        }
        if (k > lo + 1) {
            memmove(r->v + 2 * (lo + 1), r->v + 2 * k, (size_t)(r->n - k) * 2 * sizeof *r->v);
            r->n -= k - lo - 1;
        }
        return EG_OK;
    }
    if (r->n == r->cap) {
        uint32_t cap = r->cap ? 2 * r->cap : 2;
        size_t bytes;
        int32_t *v;
        if (cap > (UINT32_MAX >> 2) || eg__mul_overflow((size_t)cap * 2, sizeof *v, &bytes) ||
            !(v = realloc(r->v, bytes)))
            return EG_ENOMEM;
        r->v = v;
        r->cap = cap;
    }
    memmove(r->v + 2 * (lo + 1), r->v + 2 * lo, (size_t)(r->n - lo) * 2 * sizeof *r->v);
    r->v[2 * lo] = from;
    r->v[2 * lo + 1] = to;
    r->n++;
    return EG_OK;
}

/* The document's day into *runs, when it has one. */
static eg_status add_doc_day(eg_linker *l, uint32_t *runs)
{
    if (l->doc_date == NO_DATE || l->date_days[l->doc_date] == INT32_MIN) return EG_OK;
    int32_t d = l->date_days[l->doc_date];
    return eg__linker_add_days(l, runs, d, d);
}

void eg_linker_free(eg_linker *l)
{
    if (!l) return;
    free(l->nodes);
    free(l->pairs);
    free(l->scratch);
    free(l->ev);
    free(l->snips);
    free(l->dates);
    free(l->date_days);
    for (size_t i = 0; i < l->n_runs; i++) free(l->runs[i].v);
    free(l->runs);
    free(l->forms);
    free(l->ents);
    eg__strmap_free(&l->ent_ids);
    eg__strmap_free(&l->date_ids);
    eg__arena_free(&l->strings);
    free(l);
}

uint64_t eg_linker_documents(const eg_linker *l) { return l->n_docs; }
uint64_t eg_linker_mentions(const eg_linker *l) { return l->n_mentions; }
uint64_t eg_linker_rule_mentions(const eg_linker *l) { return l->n_rule_mentions; }

/* A copy of s in the linker's strings ("" for NULL). */
static const char *keep_string(eg_linker *l, const char *s)
{
    return eg__arena_strndup(&l->strings, s ? s : "", s ? strlen(s) : 0);
}

eg_status eg_linker_intern(eg_linker *l, const eg_entity *e, uint32_t *index)
{
    uint32_t idx;
    if (eg__strmap_get(&l->ent_ids, e->id, &idx)) {
        *index = idx;
        return EG_OK;
    }
    if (l->n_ents + 1 >= UINT32_MAX ||
        eg__grow_array((void **)&l->ents, &l->cap_ents, l->n_ents + 1, sizeof *l->ents, 256))
        return EG_ENOMEM;
    eg_entity *c = &l->ents[l->n_ents];
    memset(c, 0, sizeof *c);
    c->id = keep_string(l, e->id);
    c->name = keep_string(l, e->name);
    c->type = keep_string(l, e->type);
    c->aliases = keep_string(l, e->aliases);
    c->parent = keep_string(l, e->parent);
    c->source = keep_string(l, e->source);
    c->file = "";
    if (!c->id || !c->name || !c->type || !c->aliases || !c->parent || !c->source) return EG_ENOMEM;
    idx = (uint32_t)l->n_ents;
    if (eg__strmap_put(&l->ent_ids, c->id, idx)) return EG_ENOMEM;
    l->n_ents++;
    *index = idx;
    return EG_OK;
}

const eg_entity *eg_linker_entity(const eg_linker *l, uint32_t index)
{
    return index < l->n_ents ? &l->ents[index] : NULL;
}

long eg_linker_find_entity(const eg_linker *l, const char *id)
{
    uint32_t idx;
    return eg__strmap_get(&l->ent_ids, id, &idx) ? (long)idx : -1;
}

/* The linker's own table as eg_linker_graph's callbacks (user: own_table). */
typedef struct own_table {
    const eg_linker *l;
} own_table;

static const eg_entity *own_entity(void *user, uint32_t index)
{
    return eg_linker_entity(((const own_table *)user)->l, index);
}

static long own_find(void *user, const char *id)
{
    return eg_linker_find_entity(((const own_table *)user)->l, id);
}

uint64_t eg__linker_mix(uint64_t k)
{
    k ^= k >> 33;
    k *= 0xff51afd7ed558ccdull;
    k ^= k >> 33;
    return k;
}

int eg__linker_pairs_grow(eg_linker *l)
{
    size_t cap = l->pair_cap ? l->pair_cap * 2 : 1024, bytes;
    if (eg__mul_overflow(cap, sizeof(pair_stat), &bytes)) return -1;
    pair_stat *p = malloc(bytes);
    if (!p) return -1;
    for (size_t i = 0; i < cap; i++) p[i].key = UINT64_MAX;
    for (size_t i = 0; i < l->pair_cap; i++) {
        if (l->pairs[i].key == UINT64_MAX) continue;
        size_t j = eg__linker_mix(l->pairs[i].key) & (cap - 1);
        while (p[j].key != UINT64_MAX) j = (j + 1) & (cap - 1);
        p[j] = l->pairs[i];
    }
    free(l->pairs);
    l->pairs = p;
    l->pair_cap = cap;
    return 0;
}

int eg__linker_pairs_reserve(eg_linker *l, size_t extra)
{
    size_t want;
    if (eg__add_overflow(l->pair_count, extra, &want) || eg__mul_overflow(want, 4, &want)) return -1;
    while (want > l->pair_cap * 3)
        if (eg__linker_pairs_grow(l)) return -1;
    return 0;
}

void eg__linker_update_dates(uint32_t *first, uint32_t *last, uint32_t date, const char *const *dates)
{
    if (date == NO_DATE) return;
    if (*first == NO_DATE || strcmp(dates[date], dates[*first]) < 0) *first = date;
    if (*last == NO_DATE || strcmp(dates[date], dates[*last]) > 0) *last = date;
}

const pair_stat *eg__linker_pair(const eg_linker *l, uint32_t a, uint32_t b)
{
    if (!l->pair_cap) return NULL;
    uint64_t key = ((uint64_t)a << 32) | b;
    size_t j = eg__linker_mix(key) & (l->pair_cap - 1);
    while (l->pairs[j].key != UINT64_MAX && l->pairs[j].key != key) j = (j + 1) & (l->pair_cap - 1);
    return l->pairs[j].key == key ? &l->pairs[j] : NULL;
}

pair_stat *eg__linker_find_pair(eg_linker *l, uint32_t a, uint32_t b)
{
    if ((l->pair_count + 1) * 4 > l->pair_cap * 3 && eg__linker_pairs_grow(l)) return NULL;
    uint64_t key = ((uint64_t)a << 32) | b;
    size_t j = eg__linker_mix(key) & (l->pair_cap - 1);
    while (l->pairs[j].key != UINT64_MAX && l->pairs[j].key != key) j = (j + 1) & (l->pair_cap - 1);
    pair_stat *p = &l->pairs[j];
    if (p->key == UINT64_MAX) {
        memset(p, 0, sizeof *p);
        p->key = key;
        p->first_date = p->last_date = NO_DATE;
        p->runs = NO_RUNS;
        p->ev_head = p->ev_tail = NO_EVIDENCE;
        l->pair_count++;
    }
    return p;
}

/* Asks the caches for the home slots of the pairs of v[0..u) (sorted),
 * which the counting then visits: on a table of millions of pairs each is
 * a miss, and this way they overlap. Only a hint: slots move when the
 * table grows. */
static void prefetch_pairs(const eg_linker *l, const uint32_t *v, size_t u)
{
#if defined(__GNUC__)
    if (!l->pair_cap || u < 3) return; /* one pair: nothing to overlap */
    for (size_t a = 0; a < u && a < 16; a++)
        for (size_t b = a + 1; b < u && b < 16; b++) {
            uint64_t key = ((uint64_t)v[a] << 32) | v[b];
            __builtin_prefetch(&l->pairs[eg__linker_mix(key) & (l->pair_cap - 1)]);
        }
#else
    (void)l, (void)v, (void)u;
#endif
}

/* Counts one window shared by a < b, adding w to its weight. */
static pair_stat *count_pair(eg_linker *l, uint32_t a, uint32_t b, double w)
{
    pair_stat *p = eg__linker_find_pair(l, a, b);
    if (!p) return NULL;
    p->count++;
    p->weight += w;
    if (p->last_doc != l->n_docs) {
        p->last_doc = l->n_docs;
        p->docs++;
        eg__linker_update_dates(&p->first_date, &p->last_date, l->doc_date, l->dates);
        if (add_doc_day(l, &p->runs)) return NULL;
    }
    return p;
}

/* Appends the original text of sentence s to buf as a snippet: line breaks
 * and other control characters removed, runs of white space at the ends
 * trimmed, cut at SNIPPET_MAX_CPS code points. */
static void put_sentence(const eg_link_doc *d, uint32_t s, char *buf, size_t *used, size_t cap)
{
    const eg_sentence *q = &d->mentions->sentences[s];
    size_t b = q->byte_start, e = q->byte_end, cps = 0;
    if (e > d->len) e = d->len;
    while (b < e && (d->text[b] == ' ' || d->text[b] == '\t' || d->text[b] == '\r' || d->text[b] == '\n')) b++;
    while (e > b && (d->text[e - 1] == ' ' || d->text[e - 1] == '\t' || d->text[e - 1] == '\r' || d->text[e - 1] == '\n')) e--;
    for (size_t i = b; i < e;) {
        size_t start = i;
        unsigned char b0 = (unsigned char)d->text[i];
        if (b0 >= 0xE3 && b0 <= 0xEC && eg__utf8_plain3((const unsigned char *)d->text + i, e - i) &&
            cps < SNIPPET_MAX_CPS) {
            /* the bulk of Chinese text (U+3000..U+CFFF: no control or
             * separator characters), copied without decoding */
            if (*used + 3 + 1 >= cap) break;
            memcpy(buf + *used, d->text + i, 3);
            *used += 3;
            i += 3;
            cps++;
            continue;
        }
        int bad = 0;
        uint32_t cp = eg__utf8_decode(d->text, e, &i, &bad);
        if (cp < 0x20 || cp == 0x7F || cp == 0x2028 || cp == 0x2029) continue;
        if (cps == SNIPPET_MAX_CPS) {
            if (*used + 4 < cap) {
                memcpy(buf + *used, "\xE2\x80\xA6", 3); /* … */
                *used += 3;
            }
            break;
        }
        char tmp[4];
        size_t k = bad ? eg__utf8_put(0xFFFD, tmp) : i - start;
        if (*used + k + 1 >= cap) break;
        memcpy(buf + *used, bad ? tmp : d->text + start, k);
        *used += k;
        cps++;
    }
    buf[*used] = '\0';
}

/* Makes room for element n of *items (capacity *cap, elements of size
 * bytes), an array indexed by uint32 below NO_EVIDENCE: doubles the
 * capacity from 256. EG_ELIMIT when it is full, EG_ENOMEM; on failure
 * *items is unchanged. */
static eg_status grow_indexed(void **items, size_t *cap, size_t n, size_t size)
{
    if (n < *cap) return EG_OK;
    size_t new_cap = *cap ? 2 * *cap : 256, bytes;
    if (new_cap > NO_EVIDENCE) new_cap = NO_EVIDENCE;
    if (n >= new_cap) return EG_ELIMIT;
    void *v;
    if (eg__mul_overflow(new_cap, size, &bytes) || !(v = realloc(*items, bytes))) return EG_ENOMEM;
    *items = v;
    *cap = new_cap;
    return EG_OK;
}

eg_status eg__linker_add_snippet(eg_linker *l, const char *doc, const char *text, size_t text_len,
                                 uint32_t *out)
{
    eg_status st;
    if (text_len > UINT32_MAX) return EG_ELIMIT;
    if ((st = grow_indexed((void **)&l->snips, &l->cap_snips, l->n_snips, sizeof *l->snips)))
        return st;
    *out = (uint32_t)l->n_snips;
    l->snips[l->n_snips++] = (snippet){doc, text, (uint32_t)text_len};
    return EG_OK;
}

eg_status eg__linker_attach(eg_linker *l, pair_stat *p, uint32_t s)
{
    eg_status st;
    if ((st = grow_indexed((void **)&l->ev, &l->cap_ev, l->n_ev, sizeof *l->ev))) return st;
    uint32_t k = (uint32_t)l->n_ev++;
    l->ev[k] = (evidence_rec){s, NO_EVIDENCE};
    if (p->ev_tail == NO_EVIDENCE)
        p->ev_head = k;
    else
        l->ev[p->ev_tail].next = k;
    p->ev_tail = k;
    p->n_ev++;
    return EG_OK;
}

/* Keeps a snippet for pair p from the sentences sa and sb (the same or
 * not) of the current document, when p wants more evidence; the other
 * pairs of a window reuse it. */
static eg_status keep_evidence(eg_linker *l, pair_stat *p, uint32_t sa, uint32_t sb)
{
    const eg_link_doc *d = l->doc;
    char buf[4 * (2 * SNIPPET_MAX_CPS + 8)];
    size_t used = 0;
    eg_status st;
    if (!d || !d->id || !d->text || !d->mentions->sentences || p->n_ev >= l->opt.evidence)
        return EG_OK;
    /* one snippet per document and pair */
    if (p->ev_tail != NO_EVIDENCE && l->doc_id &&
        l->snips[l->ev[p->ev_tail].snippet].doc == l->doc_id)
        return EG_OK;
    if (sa >= d->mentions->n_sentences || sb >= d->mentions->n_sentences) return EG_EINVAL;
    if (sa > sb) {
        uint32_t t = sa;
        sa = sb;
        sb = t;
    }
    if (l->last_snip != NO_EVIDENCE && l->last_sa == sa && l->last_sb == sb)
        return eg__linker_attach(l, p, l->last_snip);
    put_sentence(d, sa, buf, &used, sizeof buf);
    if (sb != sa) {
        memcpy(buf + used, " \xE2\x80\xA6 ", 5);
        used += 5;
        put_sentence(d, sb, buf, &used, sizeof buf);
    }
    if (!l->doc_id && !(l->doc_id = eg__arena_strndup(&l->strings, d->id, strlen(d->id))))
        return EG_ENOMEM;
    const char *text = eg__arena_strndup(&l->strings, buf, used);
    uint32_t s;
    if (!text) return EG_ENOMEM;
    if ((st = eg__linker_add_snippet(l, l->doc_id, text, used, &s))) return st;
    l->last_snip = s;
    l->last_sa = sa;
    l->last_sb = sb;
    return eg__linker_attach(l, p, s);
}

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

static uint32_t window_of(const eg_linker *l, const eg_mention *m)
{
    switch (l->opt.window) {
    case EG_WINDOW_SENTENCE: return m->sentence;
    case EG_WINDOW_PARAGRAPH: return m->paragraph;
    default: return 0;
    }
}

/* Sorts scratch[0..k) and removes repeats; returns the new length. */
static size_t unique_entities(uint32_t *v, size_t k)
{
    qsort(v, k, sizeof *v, cmp_u32);
    size_t u = 0;
    for (size_t q = 0; q < k; q++)
        if (!u || v[u - 1] != v[q]) v[u++] = v[q];
    return u;
}

/* The sentences of the closest mentions of entities a and b in m[0..n). */
static void closest_sentences(const eg_mention *m, size_t n, uint32_t a, uint32_t b,
                              uint32_t *sa, uint32_t *sb)
{
    uint32_t last_a = UINT32_MAX, last_b = UINT32_MAX, best = UINT32_MAX;
    for (size_t i = 0; i < n && best; i++) {
        if (m[i].entity == a) last_a = m[i].sentence;
        else if (m[i].entity == b) last_b = m[i].sentence;
        else continue;
        if (last_a == UINT32_MAX || last_b == UINT32_MAX) continue;
        uint32_t d = last_a > last_b ? last_a - last_b : last_b - last_a;
        if (d < best) {
            best = d;
            *sa = last_a;
            *sb = last_b;
        }
    }
}

eg_status eg__linker_nodes_reserve(eg_linker *l, uint32_t e)
{
    if (e >= l->n_nodes) {
        size_t cap = l->n_nodes ? l->n_nodes : 256, bytes;
        while (cap <= e) cap *= 2;
        if (eg__mul_overflow(cap, sizeof *l->nodes, &bytes)) return EG_ENOMEM;
        node_stat *p = realloc(l->nodes, bytes);
        if (!p) return EG_ENOMEM;
        for (size_t i = l->n_nodes; i < cap; i++) {
            memset(&p[i], 0, sizeof p[i]);
            p[i].first_date = p[i].last_date = NO_DATE;
            p[i].runs = NO_RUNS;
            p[i].forms = NO_RUNS;
        }
        l->nodes = p;
        l->n_nodes = cap;
    }
    return EG_OK;
}

static eg_status count_node(eg_linker *l, uint32_t e)
{
    eg_status st = eg__linker_nodes_reserve(l, e);
    if (st) return st;
    node_stat *s = &l->nodes[e];
    s->count++;
    if (s->last_doc != l->n_docs) {
        s->last_doc = l->n_docs;
        s->docs++;
        eg__linker_update_dates(&s->first_date, &s->last_date, l->doc_date, l->dates);
        return add_doc_day(l, &s->runs);
    }
    return EG_OK;
}

/* An organisation whose name holds a place: the place becomes a node of
 * the document (docs, not count: no mention of it is counted) and the pair
 * a link of count 0, which the graph makes a part_of edge. */
static eg_status count_within(eg_linker *l, const eg_mention *m)
{
    uint32_t place = m->within - 1;
    eg_status st = eg__linker_nodes_reserve(l, place);
    if (st) return st;
    node_stat *s = &l->nodes[place];
    if (s->last_doc != l->n_docs) {
        s->last_doc = l->n_docs;
        s->docs++;
        eg__linker_update_dates(&s->first_date, &s->last_date, l->doc_date, l->dates);
    }
    uint32_t a = m->entity < place ? m->entity : place, b = m->entity ^ place ^ a;
    return eg__linker_find_pair(l, a, b) ? EG_OK : EG_ENOMEM;
}

/* The index of date in l->dates, added when new. */
eg_status eg__linker_intern_date(eg_linker *l, const char *date, uint32_t *out)
{
    uint32_t idx;
    if (eg__strmap_get(&l->date_ids, date, &idx)) {
        *out = idx;
        return EG_OK;
    }
    if (l->n_dates == l->cap_dates) {
        size_t cap = l->cap_dates ? 2 * l->cap_dates : 64, bytes;
        const char **v;
        int32_t *days;
        if (cap >= NO_DATE || eg__mul_overflow(cap, sizeof *v, &bytes) ||
            !(v = realloc(l->dates, bytes)))
            return EG_ENOMEM;
        l->dates = v;
        if (!(days = realloc(l->date_days, cap * sizeof *days))) return EG_ENOMEM;
        l->date_days = days;
        l->cap_dates = cap;
    }
    int32_t day;
    l->date_days[l->n_dates] = eg_date_days(date, &day) ? INT32_MIN : day;
    char *copy = eg__arena_strndup(&l->strings, date, strlen(date));
    if (!copy) return EG_ENOMEM;
    idx = (uint32_t)l->n_dates;
    if (eg__strmap_put(&l->date_ids, copy, idx)) return EG_ENOMEM;
    l->dates[l->n_dates++] = copy;
    *out = idx;
    return EG_OK;
}

/* Windows of the extractor's units: each is a run of mentions. */
static eg_status add_unit_windows(eg_linker *l, const eg_mention *m, size_t n, size_t known_windows)
{
    eg_status st;
    size_t with_mentions = 0;
    for (size_t i = 0; i < n;) {
        size_t j = i, k = 0;
        uint32_t w = window_of(l, &m[i]);
        while (j < n && window_of(l, &m[j]) == w) l->scratch[k++] = m[j++].entity;
        size_t u = unique_entities(l->scratch, k);
        with_mentions++;
        for (size_t a = 0; a < u; a++) l->nodes[l->scratch[a]].windows++;
        prefetch_pairs(l, l->scratch, u);
        double share = l->opt.fractional && u > 1 ? 1.0 / (double)(u - 1) : 1.0;
        for (size_t a = 0; a < u; a++)
            for (size_t b = a + 1; b < u; b++) {
                pair_stat *p = count_pair(l, l->scratch[a], l->scratch[b], share);
                if (!p) return EG_ENOMEM;
                if (p->n_ev < l->opt.evidence && l->doc && l->doc->text) {
                    uint32_t sa = m[i].sentence, sb = m[i].sentence;
                    closest_sentences(m + i, j - i, l->scratch[a], l->scratch[b], &sa, &sb);
                    if ((st = keep_evidence(l, p, sa, sb))) return st;
                }
            }
        i = j;
    }
    l->n_windows += known_windows ? known_windows : with_mentions;
    return EG_OK;
}

/* chars:N: a window anchored at every mention. */
static eg_status add_char_windows(eg_linker *l, const eg_mention *m, size_t n)
{
    eg_status st;
    for (size_t i = 0; i < n; i++) {
        size_t j = i, k = 0;
        uint64_t end = (uint64_t)m[i].norm_start + l->opt.chars;
        while (j < n && m[j].norm_start <= end) l->scratch[k++] = m[j++].entity;
        size_t u = unique_entities(l->scratch, k);
        for (size_t a = 0; a < u; a++) l->nodes[l->scratch[a]].windows++;
        double share = l->opt.fractional && u > 1 ? 1.0 / (double)(u - 1) : 1.0;
        uint32_t anchor = m[i].entity;
        for (size_t b = 0; b < u; b++) {
            uint32_t other = l->scratch[b];
            if (other == anchor) continue;
            pair_stat *p = count_pair(l, anchor < other ? anchor : other,
                                      anchor < other ? other : anchor, share);
            if (!p) return EG_ENOMEM;
            if (p->n_ev < l->opt.evidence && l->doc && l->doc->text) {
                uint32_t so = m[i].sentence;
                for (size_t q = i + 1; q < j; q++)
                    if (m[q].entity == other) {
                        so = m[q].sentence;
                        break;
                    }
                if ((st = keep_evidence(l, p, m[i].sentence, so))) return st;
            }
        }
    }
    l->n_windows += n;
    return EG_OK;
}

eg_status eg_linker_add(eg_linker *l, const eg_link_doc *doc)
{
    eg_status st = EG_OK;
    const eg_doc_mentions *dm = doc->mentions;
    const eg_mention *m = dm->v;
    size_t n = dm->n;
    l->n_docs++;
    l->n_mentions += n;
    for (size_t i = 0; i < n; i++) l->n_rule_mentions += m[i].rule != 0;
    l->doc = doc;
    l->doc_id = NULL;
    l->last_snip = NO_EVIDENCE;
    l->doc_date = NO_DATE;
    /* a date the graph could not hold (graph_check.h: control characters,
     * ill-formed UTF-8) is no date, as an empty one is */
    if (doc->date && *doc->date && eg__graph_text_ok(doc->date) &&
        (st = eg__linker_intern_date(l, doc->date, &l->doc_date)))
        goto done;
    for (size_t i = 0; i < n; i++)
        if ((st = count_node(l, m[i].entity))) goto done;
    for (size_t i = 0; i < n; i++)
        if (m[i].within && m[i].within - 1 != m[i].entity && (st = count_within(l, &m[i])))
            goto done;
    if (n > l->scratch_cap) {
        uint32_t *p = realloc(l->scratch, n * sizeof *p);
        if (!p) {
            st = EG_ENOMEM;
            goto done;
        }
        l->scratch = p;
        l->scratch_cap = n;
    }
    /* Mentions are in text order, so each window is a contiguous run. */
    if (l->opt.window == EG_WINDOW_CHARS) {
        st = add_char_windows(l, m, n);
    } else {
        size_t known = l->opt.window == EG_WINDOW_SENTENCE    ? dm->n_sentences
                       : l->opt.window == EG_WINDOW_PARAGRAPH ? dm->n_paragraphs
                                                              : 1;
        st = add_unit_windows(l, m, n, known);
    }
done:
    l->doc = NULL;
    l->doc_id = NULL;
    l->last_snip = NO_EVIDENCE;
    return st;
}

eg_status eg_linker_add_document(eg_linker *l, const eg_mention *m, size_t n)
{
    eg_doc_mentions dm;
    eg_link_doc d;
    memset(&dm, 0, sizeof dm);
    memset(&d, 0, sizeof d);
    dm.v = (eg_mention *)m; /* only read */
    dm.n = n;
    d.mentions = &dm;
    return eg_linker_add(l, &d);
}

static double npmi(uint64_t c, uint64_t wa, uint64_t wb, uint64_t t)
{
    if (!t || !wa || !wb || !c) return 0;
    double pab = (double)c / (double)t, pa = (double)wa / (double)t, pb = (double)wb / (double)t;
    if (pab >= 1) return 1;
    double v = log(pab / (pa * pb)) / -log(pab);
    return v > 1 ? 1 : v < -1 ? -1 : v;
}

/* Where each snippet went when the evidence is laid out in blocks
 * (evidence_blocks); blocks 0 when it is copied snippet by snippet. */
typedef struct ev_cursor {
    int blocks;
    eg_evidence *ev_block; /* the graph's evidence block (eg__graph_evidence_block) */
    char *pool;            /* the graph's string block (eg__graph_adopt_strings) */
    size_t ev, at;    /* next entry of ev_block, next byte of pool */
    uint64_t *placed; /* per snippet: its text's offset in pool, or UINT64_MAX */
    /* document ids by content (two documents may share one) → index into
     * doc_at, their copies' offsets */
    eg__strmap docs;
    uint64_t *doc_at;
    size_t n_docs, cap_docs;
} ev_cursor;

/* The evidence of every pair in two blocks the graph owns (graph_impl.h),
 * as a loaded graph has them (eg_graph_destroy frees each once):
 * two allocations in all instead of three per snippet, millions on an
 * archive, and each snippet and document id once however many edges cite
 * them (the egb writer keeps that sharing; it depends on the counts alone,
 * so a merge shares as one build does). Only into a graph without blocks
 * of its own. */
static eg_status evidence_blocks(const eg_linker *l, eg_graph *g, ev_cursor *c)
{
    size_t n = 0, bytes = 0;
    memset(c, 0, sizeof *c);
    if (eg__graph_has_blocks(g) || !l->n_snips) return EG_OK;
    if (!(c->placed = malloc(l->n_snips * sizeof *c->placed))) return EG_ENOMEM;
    for (size_t k = 0; k < l->n_snips; k++) c->placed[k] = UINT64_MAX;
    for (size_t i = 0; i < l->pair_cap; i++) {
        const pair_stat *p = &l->pairs[i];
        if (p->key == UINT64_MAX) continue;
        for (uint32_t k = p->ev_head; k != NO_EVIDENCE; k = l->ev[k].next) {
            const snippet *v = &l->snips[l->ev[k].snippet];
            n++;
            if (c->placed[l->ev[k].snippet] != UINT64_MAX) continue;
            c->placed[l->ev[k].snippet] = 0; /* counted */
            size_t more = v->text_len + 1;
            if (!eg__strmap_get(&c->docs, v->doc, NULL)) {
                if (eg__strmap_put(&c->docs, v->doc, 0)) goto nomem;
                more += strlen(v->doc) + 1;
            }
            if (eg__add_overflow(bytes, more, &bytes)) goto nomem;
        }
    }
    for (size_t k = 0; k < l->n_snips; k++) c->placed[k] = UINT64_MAX;
    eg__strmap_free(&c->docs);
    if (!n) goto none;
    if (!(c->pool = malloc(bytes))) goto nomem;
    if (eg__graph_adopt_strings(g, c->pool, bytes)) {
        free(c->pool);
        c->pool = NULL;
        goto nomem;
    }
    if (eg__graph_evidence_block(g, n, &c->ev_block)) goto nomem;
    c->blocks = 1;
    return EG_OK;
nomem:
    eg__strmap_free(&c->docs);
    free(c->placed);
    c->placed = NULL;
    return EG_ENOMEM;
none:
    free(c->placed);
    c->placed = NULL;
    return EG_OK;
}

/* s (n bytes and its NUL) copied to the end of the graph's pool */
static uint64_t pool_append(ev_cursor *c, const char *s, size_t n)
{
    uint64_t at = c->at;
    memcpy(c->pool + at, s, n + 1);
    c->at += n + 1;
    return at;
}

/* Snippet s's strings in the graph's pool, copied there on first use (its
 * document id on the first use of any of the document's snippets). */
static eg_status place_snippet(const eg_linker *l, eg_graph *g, ev_cursor *c, uint32_t s,
                               eg_evidence *out)
{
    const snippet *v = &l->snips[s];
    uint32_t d;
    if (!eg__strmap_get(&c->docs, v->doc, &d)) {
        if (c->n_docs + 1 > UINT32_MAX ||
            eg__grow_array((void **)&c->doc_at, &c->cap_docs, c->n_docs + 1, sizeof *c->doc_at, 64))
            return EG_ENOMEM;
        d = (uint32_t)c->n_docs;
        if (eg__strmap_put(&c->docs, v->doc, d)) return EG_ENOMEM;
        c->doc_at[c->n_docs++] = pool_append(c, v->doc, strlen(v->doc));
    }
    uint64_t doc = c->doc_at[d];
    if (c->placed[s] == UINT64_MAX) c->placed[s] = pool_append(c, v->text, v->text_len);
    *out = (eg_evidence){c->pool + doc, c->pool + c->placed[s]};
    return EG_OK;
}

/* The spells of runs (see eg_node.spells) into node or edge i: NULL when
 * the runs, joined across gaps of at most spell_gap days, are one. */
static eg_status set_spells(const eg_linker *l, eg_graph *g, eg_graph_item item, size_t i,
                            uint32_t runs)
{
    if (runs == NO_RUNS) return EG_OK;
    const day_runs *r = &l->runs[runs];
    uint32_t n = 0;
    for (uint32_t k = 0; k < r->n; k++)
        n += !k || (int64_t)r->v[2 * k] - r->v[2 * k - 1] > (int64_t)l->spell_gap;
    if (n < 2) return EG_OK;
    char *buf = malloc((size_t)n * 22), *o = buf;
    if (!buf) return EG_ENOMEM;
    for (uint32_t k = 0; k < r->n;) {
        int32_t from = r->v[2 * k], to = r->v[2 * k + 1];
        for (k++; k < r->n && (int64_t)r->v[2 * k] - to <= (int64_t)l->spell_gap; k++)
            to = r->v[2 * k + 1];
        if (o != buf) *o++ = ';';
        eg_date_from_days(from, o);
        o[10] = '/';
        eg_date_from_days(to, o + 11);
        o += 21;
    }
    eg_status st = eg_graph_set_spells(g, item, i, buf);
    free(buf);
    return st;
}

static eg_status set_measures(const eg_linker *l, eg_graph *g, size_t ei, const pair_stat *p,
                              uint32_t a, uint32_t b, ev_cursor *c)
{
    eg_edge *e = &g->edges[ei];
    uint64_t wa = l->nodes[a].windows, wb = l->nodes[b].windows, t = l->n_windows;
    e->weight = l->opt.fractional ? p->weight : (double)p->count;
    e->jaccard = wa + wb > p->count ? (double)p->count / (double)(wa + wb - p->count) : 1;
    e->npmi = npmi(p->count, wa, wb, t);
    e->association = wa && wb ? (double)p->count * (double)t / ((double)wa * (double)wb) : 0;
    eg_status st = eg_graph_set_dates(g, EG_GRAPH_EDGE, ei,
                                      p->first_date == NO_DATE ? NULL : l->dates[p->first_date],
                                      p->last_date == NO_DATE ? NULL : l->dates[p->last_date]);
    if (!st) st = set_spells(l, g, EG_GRAPH_EDGE, ei, p->runs);
    if (c->blocks && p->ev_head != NO_EVIDENCE) {
        e->evidence = c->ev_block + c->ev;
        for (uint32_t k = p->ev_head; !st && k != NO_EVIDENCE; k = l->ev[k].next) {
            if ((st = place_snippet(l, g, c, l->ev[k].snippet, &c->ev_block[c->ev]))) break;
            c->ev++;
            e->n_evidence++;
        }
        return st;
    }
    for (uint32_t k = p->ev_head; !st && k != NO_EVIDENCE; k = l->ev[k].next) {
        const snippet *v = &l->snips[l->ev[k].snippet];
        st = eg_graph_add_evidence(g, ei, v->doc, v->text);
    }
    return st;
}

typedef struct hier_pair {
    uint64_t key;             /* the pair as in pair_stat */
    uint32_t child, ancestor; /* entity indexes; child UINT32_MAX once used */
} hier_pair;

static int hier_cmp(const void *pa, const void *pb)
{
    const hier_pair *a = pa, *b = pb;
    return (a->key > b->key) - (a->key < b->key);
}

static hier_pair *hier_find(hier_pair *v, size_t n, uint64_t key)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (v[mid].key == key) return &v[mid];
        if (v[mid].key < key) lo = mid + 1;
        else hi = mid;
    }
    return NULL;
}

/* The nearest ancestor of entity e that is mentioned, or UINT32_MAX. */
static uint32_t mentioned_ancestor(eg_entity_fn entity,
                                   eg_entity_find_fn find, void *user, uint32_t e,
                                   const eg__strmap *present)
{
    const eg_entity *ent = entity(user, e);
    for (int depth = 0; ent && ent->parent && *ent->parent && depth < MAX_ANCESTORS; depth++) {
        uint32_t idx;
        if (eg__strmap_get(present, ent->parent, &idx)) return idx;
        if (!find) return UINT32_MAX;
        long p = find(user, ent->parent);
        if (p < 0 || (uint64_t)p >= UINT32_MAX) return UINT32_MAX;
        ent = entity(user, (uint32_t)p);
    }
    return UINT32_MAX;
}

eg_status eg_linker_graph(const eg_linker *l, eg_entity_fn entity, eg_entity_find_fn find,
                          void *user, eg_graph *g, eg_error *err)
{
    own_table own = {l};
    if (!entity) {
        entity = own_entity;
        find = own_find;
        user = &own;
    }
    eg_status st = EG_OK;
    uint32_t *index = NULL;
    eg__strmap present = {0}; /* id of a mentioned entity → its entity index */
    hier_pair *hier = NULL;
    size_t n_hier = 0;
    char window[32];
    ev_cursor cursor = {0};
    if (l->n_nodes) {
        index = malloc(l->n_nodes * sizeof *index);
        hier = malloc(l->n_nodes * sizeof *hier);
        if (!index || !hier) {
            st = EG_ENOMEM;
            goto fail;
        }
    }
    for (size_t e = 0; e < l->n_nodes; e++) {
        const node_stat *s = &l->nodes[e];
        index[e] = UINT32_MAX;
        /* docs alone: a place inside an organisation's name, a node for its
         * part_of edge only */
        if (!s->count && (!s->docs || !l->opt.hierarchy)) continue;
        const eg_entity *ent = entity(user, (uint32_t)e);
        if (!ent) {
            st = eg__error(err, EG_EINVAL, NULL, 0, 0, "mention of unknown entity %zu", e);
            goto fail;
        }
        /* the most frequent original form as the label (the first seen
         * among equals), the name then first among the aliases */
        const char *label = ent->name, *aliases = ent->aliases;
        char *joined = NULL;
        uint64_t best = 0;
        for (uint32_t k = s->forms; k != NO_RUNS; k = l->forms[k].next)
            if (l->forms[k].count > best) best = l->forms[k].count, label = l->forms[k].text;
        if (strcmp(label, ent->name)) {
            size_t nl = strlen(ent->name), al = strlen(ent->aliases);
            if (!(joined = malloc(nl + al + 2))) {
                st = EG_ENOMEM;
                goto fail;
            }
            memcpy(joined, ent->name, nl);
            joined[nl] = al ? '|' : 0;
            if (al) memcpy(joined + nl + 1, ent->aliases, al + 1);
            aliases = joined;
        }
        st = eg_graph_add_node(g, ent->id, label, ent->type, aliases, ent->source, s->count, s->docs,
                               &index[e]);
        free(joined);
        if (!st)
            st = eg_graph_set_dates(g, EG_GRAPH_NODE, index[e],
                                    s->first_date == NO_DATE ? NULL : l->dates[s->first_date],
                                    s->last_date == NO_DATE ? NULL : l->dates[s->last_date]);
        if (!st) st = set_spells(l, g, EG_GRAPH_NODE, index[e], s->runs);
        if (!st && l->opt.hierarchy && eg__strmap_put(&present, g->nodes[index[e]].id, (uint32_t)e))
            st = EG_ENOMEM;
        if (st) goto fail;
    }
    if (l->opt.hierarchy) {
        for (size_t e = 0; e < l->n_nodes; e++) {
            if (!l->nodes[e].count && !l->nodes[e].docs) continue;
            uint32_t anc = mentioned_ancestor(entity, find, user, (uint32_t)e, &present);
            if (anc == UINT32_MAX || anc == e) continue;
            uint64_t lo = anc < e ? anc : e, hi = anc < e ? e : anc;
            hier[n_hier++] = (hier_pair){(lo << 32) | hi, (uint32_t)e, anc};
        }
        if (n_hier) qsort(hier, n_hier, sizeof *hier, hier_cmp); /* hier may be NULL */
        size_t u = 0; /* a cycle in the registry can name a pair twice */
        for (size_t h = 0; h < n_hier; h++)
            if (!u || hier[u - 1].key != hier[h].key) hier[u++] = hier[h];
        n_hier = u;
    }
    if ((st = evidence_blocks(l, g, &cursor))) goto fail;
    for (size_t i = 0; i < l->pair_cap; i++) {
        const pair_stat *p = &l->pairs[i];
        if (p->key == UINT64_MAX) continue;
        uint32_t a = (uint32_t)(p->key >> 32), b = (uint32_t)(p->key & 0xFFFFFFFFu);
        const char *kind = "cooccurrence";
        hier_pair *h = hier_find(hier, n_hier, p->key);
        if (h) {
            kind = "part_of";
            h->child = UINT32_MAX; /* its edge exists */
        }
        if (!p->count) {
            /* an organisation and the place its name holds: a part_of
             * edge as the registry's, never counted as co-occurring */
            if (!l->opt.hierarchy) continue;
            st = eg_graph_add_edge_kind(g, index[a], index[b], 0, 0, "part_of");
            if (st) goto fail;
            g->edges[g->n_edges - 1].weight = 1;
            continue;
        }
        st = eg_graph_add_edge_kind(g, index[a], index[b], p->count, p->docs, kind);
        if (!st) st = set_measures(l, g, g->n_edges - 1, p, a, b, &cursor);
        if (st) goto fail;
    }
    for (size_t h = 0; h < n_hier; h++) {
        if (hier[h].child == UINT32_MAX) continue;
        st = eg_graph_add_edge_kind(g, index[hier[h].child], index[hier[h].ancestor], 0, 0,
                                    "part_of");
        if (st) goto fail;
        g->edges[g->n_edges - 1].weight = 1;
    }
    g->n_docs = l->n_docs;
    g->n_mentions = l->n_mentions;
    g->n_windows = l->n_windows;
    snprintf(g->counting, sizeof g->counting, "%s", l->opt.fractional ? "fractional" : "full");
    if (l->opt.window == EG_WINDOW_CHARS)
        snprintf(window, sizeof window, "chars:%lu", (unsigned long)l->opt.chars);
    else
        snprintf(window, sizeof window, "%s", eg_window_name(l->opt.window));
    if ((st = eg_graph_set_window(g, window))) goto fail;
    st = eg_graph_sort(g);
fail:
    if (st == EG_ENOMEM) eg__error(err, st, NULL, 0, 0, "out of memory");
    eg__strmap_free(&present);
    free(index);
    free(hier);
    free(cursor.placed);
    free(cursor.doc_at);
    eg__strmap_free(&cursor.docs);
    return st;
}
