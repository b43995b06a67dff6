/* Partial counts: a linker's state saved to a file and merged into
 * another, so that shards of a corpus can be counted apart (linker.h). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "graph_check.h"
#include "internal.h"
#include "linker_impl.h"

/* The file: this magic line, then little-endian fields in the order
 * save_partial writes them; a string is a u64 byte count and the bytes.
 * Version 2 writes each evidence snippet once and has pairs cite it;
 * version 3 adds the runs of days of each node and pair (spells) and the
 * label forms of each node. */
static const char partial_magic[] = "entgraph-partial 3\n";
static const char partial_magic_any[] = "entgraph-partial ";

/* Fields go out through eg__out (internal.h), a buffer of its own. */
static void put_u64(eg__out *w, uint64_t v)
{
    unsigned char b[8];
    for (int i = 0; i < 8; i++) b[i] = (unsigned char)(v >> (8 * i));
    eg__out_bytes(w, b, 8);
}

static void put_f64(eg__out *w, double d)
{
    uint64_t v;
    memcpy(&v, &d, sizeof v);
    put_u64(w, v);
}

/* s, n bytes long */
static void put_strn(eg__out *w, const char *s, size_t n)
{
    put_u64(w, n);
    if (n) eg__out_bytes(w, s, n);
}

static void put_str(eg__out *w, const char *s) { put_strn(w, s, s ? strlen(s) : 0); }

static uint64_t date_or_none(uint32_t d) { return d == NO_DATE ? UINT64_MAX : d; }

/* A day-runs list: its number of runs, then from and to of each. */
static void put_runs(eg__out *w, const eg_linker *l, uint32_t runs)
{
    const day_runs *r = runs == NO_RUNS ? NULL : &l->runs[runs];
    put_u64(w, r ? r->n : 0);
    for (uint32_t k = 0; r && k < 2 * r->n; k++) put_u64(w, (uint64_t)(uint32_t)r->v[k]);
}

eg_status eg_linker_save_partial(const eg_linker *l, const char *path, eg_error *err)
{
    eg__atomic out;
    for (size_t i = l->n_ents; i < l->n_nodes; i++)
        if (l->nodes[i].count)
            return eg__error(err, EG_EINVAL, NULL, 0, 0,
                             "partial counts need the linker's entity table (eg_linker_intern)");
    eg_status st = eg__atomic_open(&out, path, err);
    if (st) return st;
    eg__out *w = malloc(sizeof *w);
    if (!w) {
        eg__atomic_abort(&out);
        return eg__error(err, EG_ENOMEM, NULL, 0, 0, "out of memory");
    }
    w->fp = out.fp;
    w->failed = 0;
    w->used = 0;
    eg__out_bytes(w, partial_magic, sizeof partial_magic - 1);
    put_u64(w, (uint64_t)l->opt.window);
    put_u64(w, l->opt.chars);
    put_u64(w, (uint64_t)l->opt.fractional);
    put_u64(w, l->opt.evidence);
    put_u64(w, (uint64_t)l->opt.hierarchy);
    put_u64(w, l->n_docs);
    put_u64(w, l->n_mentions);
    put_u64(w, l->n_windows);
    put_u64(w, l->n_rule_mentions);
    put_u64(w, l->n_dates);
    for (size_t i = 0; i < l->n_dates; i++) put_str(w, l->dates[i]);
    put_u64(w, l->n_ents);
    for (size_t i = 0; i < l->n_ents; i++) {
        const eg_entity *e = &l->ents[i];
        put_str(w, e->id);
        put_str(w, e->name);
        put_str(w, e->type);
        put_str(w, e->aliases);
        put_str(w, e->parent);
        put_str(w, e->source);
    }
    size_t used = 0;
    for (size_t i = 0; i < l->n_nodes; i++) used += l->nodes[i].count || l->nodes[i].windows || l->nodes[i].docs;
    put_u64(w, used);
    for (size_t i = 0; i < l->n_nodes; i++) {
        const node_stat *s = &l->nodes[i];
        if (!s->count && !s->windows && !s->docs) continue; /* docs alone: a place within a name */
        put_u64(w, i);
        put_u64(w, s->count);
        put_u64(w, s->docs);
        put_u64(w, s->windows);
        put_u64(w, date_or_none(s->first_date));
        put_u64(w, date_or_none(s->last_date));
        put_runs(w, l, s->runs);
        uint64_t n_forms = 0;
        for (uint32_t k = s->forms; k != NO_RUNS; k = l->forms[k].next) n_forms++;
        put_u64(w, n_forms);
        for (uint32_t k = s->forms; k != NO_RUNS; k = l->forms[k].next) {
            put_str(w, l->forms[k].text);
            put_u64(w, l->forms[k].count);
        }
    }
    /* the snippets pairs cite, in the order they were kept, numbered
     * from 0 in the file (a merge may hold snippets no pair kept) */
    uint32_t *num = l->n_snips ? malloc(l->n_snips * sizeof *num) : NULL;
    if (l->n_snips && !num) {
        free(w);
        eg__atomic_abort(&out);
        return eg__error(err, EG_ENOMEM, NULL, 0, 0, "out of memory");
    }
    for (size_t k = 0; k < l->n_snips; k++) num[k] = NO_EVIDENCE;
    for (size_t i = 0; i < l->pair_cap; i++) {
        const pair_stat *p = &l->pairs[i];
        if (p->key == UINT64_MAX) continue;
        for (uint32_t k = p->ev_head; k != NO_EVIDENCE; k = l->ev[k].next) num[l->ev[k].snippet] = 0;
    }
    uint32_t n_cited = 0;
    for (size_t k = 0; k < l->n_snips; k++)
        if (num[k] != NO_EVIDENCE) num[k] = n_cited++;
    put_u64(w, n_cited);
    for (size_t k = 0; k < l->n_snips; k++) {
        if (num[k] == NO_EVIDENCE) continue;
        put_str(w, l->snips[k].doc);
        put_strn(w, l->snips[k].text, l->snips[k].text_len);
    }
    put_u64(w, l->pair_count);
    for (size_t i = 0; i < l->pair_cap; i++) {
        const pair_stat *p = &l->pairs[i];
        if (p->key == UINT64_MAX) continue;
        put_u64(w, p->key >> 32);
        put_u64(w, p->key & 0xFFFFFFFFu);
        put_u64(w, p->count);
        put_u64(w, p->docs);
        put_f64(w, p->weight);
        put_u64(w, date_or_none(p->first_date));
        put_u64(w, date_or_none(p->last_date));
        put_u64(w, p->n_ev);
        for (uint32_t k = p->ev_head; k != NO_EVIDENCE; k = l->ev[k].next)
            put_u64(w, num[l->ev[k].snippet]);
        put_runs(w, l, p->runs);
    }
    free(num);
    eg__out_flush(w);
    int failed = w->failed;
    free(w);
    if (failed) {
        eg__atomic_abort(&out);
        return eg__error(err, EG_EIO, path, 0, 0, "cannot write the partial counts");
    }
    return eg__atomic_commit(&out, err);
}

typedef struct reader {
    const char *buf;
    size_t len, at;
    int bad;
} reader;

static uint64_t get_u64(reader *r)
{
    if (r->len - r->at < 8) {
        r->bad = 1;
        return 0;
    }
    uint64_t v = 0;
    for (int i = 0; i < 8; i++) v |= (uint64_t)(unsigned char)r->buf[r->at + (size_t)i] << (8 * i);
    r->at += 8;
    return v;
}

static double get_f64(reader *r)
{
    uint64_t v = get_u64(r);
    double d;
    memcpy(&d, &v, sizeof d);
    return d;
}

/* A string of the file copied into the linker's strings (NUL-terminated),
 * its length in *len (may be NULL); NULL when the file is cut short
 * (r->bad) or out of memory. */
static const char *get_strn(reader *r, eg_linker *l, size_t *len)
{
    uint64_t n = get_u64(r);
    if (r->bad || n > r->len - r->at || memchr(r->buf + r->at, 0, (size_t)n)) {
        r->bad = 1;
        return NULL;
    }
    const char *s = eg__arena_strndup(&l->strings, r->buf + r->at, (size_t)n);
    r->at += (size_t)n;
    if (len) *len = (size_t)n;
    return s;
}

static const char *get_str(reader *r, eg_linker *l) { return get_strn(r, l, NULL); }

/* A string of the file appended to scratch with a NUL, for the functions
 * that copy what they keep (eg_linker_intern, dates, label forms): so a
 * merge does not copy again what the linker holds already. *off is where
 * it starts in scratch (data may move until the last append); its length
 * in *len (may be NULL). -1 when the file is cut short (r->bad) or out of
 * memory. */
static int get_tmp(reader *r, eg__buf *scratch, size_t *off, size_t *len)
{
    uint64_t n = get_u64(r);
    if (r->bad || n > r->len - r->at || memchr(r->buf + r->at, 0, (size_t)n)) {
        r->bad = 1;
        return -1;
    }
    *off = scratch->len;
    eg__buf_append(scratch, r->buf + r->at, (size_t)n);
    eg__buf_putc(scratch, '\0');
    r->at += (size_t)n;
    if (len) *len = (size_t)n;
    return eg__buf_status(scratch) ? -1 : 0;
}

/* A snippet's document id: the previous snippet's copy when it is the same
 * (snippets come a document at a time), else as get_str. */
static const char *get_doc(reader *r, eg_linker *l, const char *prev)
{
    size_t at = r->at;
    uint64_t n = get_u64(r);
    if (prev && !r->bad && n == strlen(prev) && n <= r->len - r->at &&
        !memcmp(r->buf + r->at, prev, (size_t)n)) {
        r->at += (size_t)n;
        return prev;
    }
    r->at = at; /* read it again, as any string */
    return get_str(r, l);
}

/* Steps over a string as get_strn would read it; -1 (r->bad) when the
 * file is cut short or the string holds a NUL. */
static int skip_str(reader *r)
{
    uint64_t n = get_u64(r);
    if (r->bad || n > r->len - r->at || memchr(r->buf + r->at, 0, (size_t)n)) {
        r->bad = 1;
        return -1;
    }
    r->at += (size_t)n;
    return 0;
}

/* Copies into l the snippets of the file that its pairs will keep — each
 * pair's first citations, as many as it has room for beside the evidence
 * l holds — in file order; snip_map[i] is then snippet i's index in l,
 * NO_EVIDENCE for one no pair keeps. So a merge holds the evidence it
 * keeps, not every snippet of every file. Reads the pairs ahead (r starts
 * and ends at them; damage there is left to the merge to report); the
 * snippets at snip_at[] have been checked (skip_str). EG_ENOMEM, EG_ELIMIT. */
static eg_status keep_cited(eg_linker *l, reader *r, uint64_t n_ents, const uint32_t *ent_map,
                            uint64_t n_snips, const size_t *snip_at, uint32_t *snip_map)
{
    size_t pairs_at = r->at;
    for (uint64_t i = 0; i < n_snips; i++) snip_map[i] = NO_EVIDENCE;
    uint64_t n_pairs = get_u64(r);
    for (uint64_t i = 0; i < n_pairs && !r->bad; i++) {
        uint64_t a = get_u64(r), b = get_u64(r);
        for (int k = 0; k < 5; k++) (void)get_u64(r); /* count, docs, weight, dates */
        uint64_t n_ev = get_u64(r), room = 0;
        if (r->bad || n_ev > (r->len - r->at) / 8) break;
        if (a < n_ents && b < n_ents && ent_map[a] != ent_map[b]) {
            uint32_t x = ent_map[a], y = ent_map[b];
            const pair_stat *p = eg__linker_pair(l, x < y ? x : y, x < y ? y : x);
            uint64_t have = p ? p->n_ev : 0;
            room = have < l->opt.evidence ? l->opt.evidence - have : 0;
        }
        for (uint64_t k = 0; k < n_ev; k++) {
            uint64_t cited = get_u64(r);
            if (k < room && cited < n_snips) snip_map[cited] = 0; /* wanted */
        }
        uint64_t n_runs = get_u64(r);
        if (r->bad || n_runs > (r->len - r->at) / 16) break;
        r->at += (size_t)n_runs * 16;
    }
    r->bad = 0;
    const char *prev = NULL; /* the last copied snippet's document id */
    for (uint64_t i = 0; i < n_snips; i++) {
        if (snip_map[i] == NO_EVIDENCE) continue;
        size_t text_len = 0;
        r->at = snip_at[i];
        const char *doc = get_doc(r, l, prev);
        const char *text = get_strn(r, l, &text_len);
        if (!doc || !text) return EG_ENOMEM; /* checked: not damage */
        eg_status st = eg__linker_add_snippet(l, doc, text, text_len, &snip_map[i]);
        if (st) return st;
        prev = doc;
    }
    r->at = pairs_at;
    return EG_OK;
}

/* Reads a day-runs list (put_runs) into *runs; EG_EPARSE when damaged. */
static eg_status get_runs(reader *r, eg_linker *l, uint32_t *runs)
{
    uint64_t n = get_u64(r);
    if (r->bad || n > (r->len - r->at) / 16) return EG_EPARSE;
    for (uint64_t k = 0; k < n; k++) {
        int32_t from = (int32_t)(uint32_t)get_u64(r), to = (int32_t)(uint32_t)get_u64(r);
        if (r->bad || from > to) return EG_EPARSE;
        eg_status st = eg__linker_add_days(l, runs, from, to);
        if (st) return st;
    }
    return EG_OK;
}

/* Reads the options at the start of a partial file. */
static void get_options(reader *r, eg_link_options *o)
{
    memset(o, 0, sizeof *o);
    o->window = (eg_window)get_u64(r);
    o->chars = (uint32_t)get_u64(r);
    o->fractional = (int)get_u64(r);
    o->evidence = (size_t)get_u64(r);
    o->hierarchy = (int)get_u64(r);
}

/* Adds count v to dst; EG_EPARSE when v or the sum is above the largest
 * count a graph may hold (graph_check.h): a damaged file, and a graph that
 * no loader would read back. Both at most 2^53, the sum does not wrap. */
#define ADD_COUNT(dst, v)                                                     \
    do {                                                                      \
        if ((v) > EG__COUNT_MAX || (dst) > EG__COUNT_MAX - (v)) return EG_EPARSE; \
        (dst) += (v);                                                         \
    } while (0)

/* One file being merged, between its sections. Each section's reader
 * returns EG_OK, EG_EPARSE for a damaged file, or what failed (EG_ENOMEM). */
typedef struct merge_state {
    eg_linker *l;
    reader *r;
    uint32_t *date_map; /* the file's dates → l's */
    uint32_t *ent_map;  /* the file's entities → l's table */
    uint32_t *snip_map; /* the file's snippets → l's, NO_EVIDENCE when not kept */
    size_t *snip_at;    /* where each snippet is in the file */
    uint64_t n_dates, n_ents, n_snips;
    eg__buf scratch;    /* strings the linker copies if new */
} merge_state;

/* The status of a string read with get_tmp that failed. */
static eg_status tmp_failed(const merge_state *m) { return m->r->bad ? EG_EPARSE : EG_ENOMEM; }

static eg_status merge_dates(merge_state *m)
{
    reader *r = m->r;
    m->n_dates = get_u64(r);
    if (r->bad || m->n_dates > (r->len - r->at) / 8) return EG_EPARSE;
    if (!(m->date_map = malloc((m->n_dates ? m->n_dates : 1) * sizeof *m->date_map))) return EG_ENOMEM;
    for (uint64_t i = 0; i < m->n_dates; i++) {
        size_t at;
        eg__buf_reset(&m->scratch);
        if (get_tmp(r, &m->scratch, &at, NULL)) return tmp_failed(m);
        const char *d = m->scratch.data + at;
        /* the rules a graph's dates keep (graph_check.h) */
        if (!*d || !eg__graph_text_ok(d)) return EG_EPARSE;
        eg_status st = eg__linker_intern_date(m->l, d, &m->date_map[i]);
        if (st) return st;
    }
    return EG_OK;
}

static eg_status merge_entities(merge_state *m)
{
    reader *r = m->r;
    m->n_ents = get_u64(r);
    if (r->bad || m->n_ents > (r->len - r->at) / 48) return EG_EPARSE;
    if (!(m->ent_map = malloc((m->n_ents ? m->n_ents : 1) * sizeof *m->ent_map))) return EG_ENOMEM;
    for (uint64_t i = 0; i < m->n_ents; i++) {
        eg_entity e;
        size_t at[6]; /* id, name, type, aliases, parent, source */
        memset(&e, 0, sizeof e);
        eg__buf_reset(&m->scratch);
        for (int k = 0; k < 6; k++)
            if (get_tmp(r, &m->scratch, &at[k], NULL)) return tmp_failed(m);
        e.id = m->scratch.data + at[0];
        e.name = m->scratch.data + at[1];
        e.type = m->scratch.data + at[2];
        e.aliases = m->scratch.data + at[3];
        e.parent = m->scratch.data + at[4];
        e.source = m->scratch.data + at[5];
        if (!eg__graph_text_ok(e.id)) return EG_EPARSE; /* ids become node ids */
        eg_status st = eg_linker_intern(m->l, &e, &m->ent_map[i]);
        if (st) return st;
    }
    return EG_OK;
}

/* A date of the file as l's index (NO_DATE for none); r->bad when it
 * names no date of the file. */
static uint32_t date_of(const merge_state *m, uint64_t v)
{
    if (v == UINT64_MAX) return NO_DATE;
    if (v < m->n_dates) return m->date_map[v];
    m->r->bad = 1;
    return NO_DATE;
}

/* Counts, dates, day runs and label forms of the file's nodes. */
static eg_status merge_nodes(merge_state *m)
{
    reader *r = m->r;
    eg_linker *l = m->l;
    eg_status st;
    uint64_t n_nodes = get_u64(r);
    if (r->bad || n_nodes > (r->len - r->at) / 48) return EG_EPARSE;
    for (uint64_t i = 0; i < n_nodes; i++) {
        uint64_t e = get_u64(r), count = get_u64(r), ndocs = get_u64(r), nwin = get_u64(r);
        uint64_t first = get_u64(r), last = get_u64(r);
        if (r->bad || e >= m->n_ents) return EG_EPARSE;
        uint32_t idx = m->ent_map[e];
        if ((st = eg__linker_nodes_reserve(l, idx))) return st;
        node_stat *s = &l->nodes[idx];
        ADD_COUNT(s->count, count);
        ADD_COUNT(s->docs, ndocs);
        s->windows += nwin;
        uint32_t f = date_of(m, first), t = date_of(m, last);
        if (r->bad) return EG_EPARSE;
        eg__linker_update_dates(&s->first_date, &s->last_date, f, l->dates);
        eg__linker_update_dates(&s->first_date, &s->last_date, t, l->dates);
        if ((st = get_runs(r, l, &s->runs))) return st;
        uint64_t n_forms = get_u64(r);
        if (r->bad || n_forms > (r->len - r->at) / 16) return EG_EPARSE;
        for (uint64_t k = 0; k < n_forms; k++) {
            size_t flen = 0, at;
            eg__buf_reset(&m->scratch);
            if (get_tmp(r, &m->scratch, &at, &flen)) return tmp_failed(m);
            uint64_t fcount = get_u64(r);
            if (r->bad || !flen) return EG_EPARSE;
            if ((st = eg__linker_count_form(l, idx, m->scratch.data + at, flen, fcount))) return st;
        }
    }
    return EG_OK;
}

/* The snippets: checked, then those the pairs will keep copied (keep_cited). */
static eg_status merge_snippets(merge_state *m)
{
    reader *r = m->r;
    m->n_snips = get_u64(r);
    if (r->bad || m->n_snips > (r->len - r->at) / 16) return EG_EPARSE;
    m->snip_map = malloc((m->n_snips ? m->n_snips : 1) * sizeof *m->snip_map);
    m->snip_at = malloc((m->n_snips ? m->n_snips : 1) * sizeof *m->snip_at);
    if (!m->snip_map || !m->snip_at) return EG_ENOMEM;
    for (uint64_t i = 0; i < m->n_snips; i++) {
        m->snip_at[i] = r->at;
        if (skip_str(r) || skip_str(r)) return EG_EPARSE; /* document id, text */
    }
    eg_status st = keep_cited(m->l, r, m->n_ents, m->ent_map, m->n_snips, m->snip_at, m->snip_map);
    return st == EG_ELIMIT ? EG_EPARSE : st;
}

/* Adds one pair of the file (its entities a and b of the file) with its
 * evidence and day runs. */
static eg_status merge_pair(merge_state *m, uint64_t a, uint64_t b)
{
    reader *r = m->r;
    eg_linker *l = m->l;
    eg_status st;
    uint64_t count = get_u64(r), ndocs = get_u64(r);
    double weight = get_f64(r);
    uint64_t first = get_u64(r), last = get_u64(r), n_ev = get_u64(r);
    if (r->bad || a >= m->n_ents || b >= m->n_ents || a == b || !(weight >= 0) || !(weight <= EG__COUNT_MAX))
        return EG_EPARSE;
    uint32_t x = m->ent_map[a], y = m->ent_map[b];
    /* a pair's entities were mentioned in its shard, whose nodes came
     * before its pairs: a pair without them would be an edge to no node;
     * two entities of the file with one id are one node. A pair never
     * counted (an organisation and a place within its name, whose node
     * has documents and no mention of its own) needs the nodes only to
     * have documents. */
    if (x == y || x >= l->n_nodes || y >= l->n_nodes ||
        (count ? !l->nodes[x].count || !l->nodes[y].count
               : (!l->nodes[x].count && !l->nodes[x].docs) || (!l->nodes[y].count && !l->nodes[y].docs)))
        return EG_EPARSE;
    pair_stat *p = eg__linker_find_pair(l, x < y ? x : y, x < y ? y : x);
    if (!p) return EG_ENOMEM;
    ADD_COUNT(p->count, count);
    ADD_COUNT(p->docs, ndocs);
    if (!(p->weight + weight <= EG__COUNT_MAX)) return EG_EPARSE;
    p->weight += weight;
    uint32_t f = date_of(m, first), t = date_of(m, last);
    if (r->bad) return EG_EPARSE;
    eg__linker_update_dates(&p->first_date, &p->last_date, f, l->dates);
    eg__linker_update_dates(&p->first_date, &p->last_date, t, l->dates);
    if (n_ev > (r->len - r->at) / 8) return EG_EPARSE;
    for (uint64_t k = 0; k < n_ev; k++) {
        uint64_t cited = get_u64(r);
        if (r->bad || cited >= m->n_snips) return EG_EPARSE;
        if (p->n_ev >= l->opt.evidence) continue;
        if (m->snip_map[cited] == NO_EVIDENCE) return EG_EPARSE; /* keep_cited saw the file otherwise */
        if ((st = eg__linker_attach(l, p, m->snip_map[cited]))) return st == EG_ELIMIT ? EG_EPARSE : st;
    }
    return get_runs(r, l, &p->runs);
}

static eg_status merge_pairs(merge_state *m)
{
    reader *r = m->r;
    uint64_t n_pairs = get_u64(r);
    if (r->bad || n_pairs > (r->len - r->at) / 64) return EG_EPARSE;
    if (eg__linker_pairs_reserve(m->l, (size_t)n_pairs)) return EG_ENOMEM;
    for (uint64_t i = 0; i < n_pairs; i++) {
        uint64_t a = get_u64(r), b = get_u64(r);
        eg_status st = merge_pair(m, a, b);
        if (st) return st;
    }
    return EG_OK;
}

/* The totals, added last: a file that fails before leaves l's as they were. */
static eg_status merge_totals(eg_linker *l, const uint64_t t[4])
{
    ADD_COUNT(l->n_docs, t[0]);
    ADD_COUNT(l->n_mentions, t[1]);
    ADD_COUNT(l->n_windows, t[2]);
    l->n_rule_mentions += t[3];
    return EG_OK;
}
#undef ADD_COUNT

static eg_status merge_buffer(eg_linker *l, reader *r, const char *path, eg_error *err)
{
    eg_link_options o;
    get_options(r, &o);
    if (r->bad) return eg__error(err, EG_EPARSE, path, 0, 0, "not a partial count file of this version, or damaged");
    if (o.window != l->opt.window || o.chars != l->opt.chars || !o.fractional != !l->opt.fractional ||
        o.evidence != l->opt.evidence || !o.hierarchy != !l->opt.hierarchy)
        return eg__error(err, EG_EINVAL, path, 0, 0,
                         "counted with other options (window, counting, evidence or hierarchy) than "
                         "the partials before it");
    uint64_t totals[4]; /* documents, mentions, windows, mentions by rules */
    for (int k = 0; k < 4; k++) totals[k] = get_u64(r);
    merge_state m = {.l = l, .r = r, .scratch = EG__BUF_INIT};
    eg_status st = merge_dates(&m);
    if (!st) st = merge_entities(&m);
    if (!st) st = merge_nodes(&m);
    if (!st) st = merge_snippets(&m);
    if (!st) st = merge_pairs(&m);
    if (!st && r->at != r->len) st = EG_EPARSE;
    if (!st) st = merge_totals(l, totals);
    if (st == EG_EPARSE)
        eg__error(err, st, path, 0, 0, "not a partial count file of this version, or damaged");
    else if (st)
        eg__error(err, st, NULL, 0, 0, "%s", eg_status_message(st));
    free(m.date_map);
    free(m.ent_map);
    free(m.snip_map);
    free(m.snip_at);
    eg__buf_free(&m.scratch);
    return st;
}

static eg_status read_partial(const char *path, char **buf, size_t *len, reader *r, eg_error *err)
{
    eg_status st = eg__read_file(path, buf, len, err);
    if (st) return st;
    size_t m = sizeof partial_magic - 1;
    if (*len < m || memcmp(*buf, partial_magic, m)) {
        int other = *len >= sizeof partial_magic_any - 1 &&
                    !memcmp(*buf, partial_magic_any, sizeof partial_magic_any - 1);
        free(*buf);
        *buf = NULL;
        return eg__error(err, EG_EPARSE, path, 0, 0,
                         other ? "a partial count file of another entgraph version: count the "
                                 "shard again with this one"
                               : "not a partial count file (entgraph build --partial)");
    }
    *r = (reader){*buf, *len, m, 0};
    return EG_OK;
}

eg_status eg_linker_merge_partial(eg_linker *l, const char *path, eg_error *err)
{
    char *buf = NULL;
    size_t len;
    reader r;
    eg_status st = read_partial(path, &buf, &len, &r, err);
    if (!st) st = merge_buffer(l, &r, path, err);
    free(buf);
    return st;
}

eg_status eg_linker_load_partial(eg_linker **out, const char *path, eg_error *err)
{
    char *buf = NULL;
    size_t len;
    reader r;
    eg_link_options o;
    eg_linker *l = NULL;
    eg_status st = read_partial(path, &buf, &len, &r, err);
    if (st) return st;
    get_options(&r, &o);
    r.at = sizeof partial_magic - 1; /* merge_buffer reads them again */
    if (r.bad || (st = eg_linker_new(&l, &o))) {
        st = r.bad || st == EG_EINVAL
                 ? eg__error(err, EG_EPARSE, path, 0, 0, "not a partial count file of this version, or damaged")
                 : eg__error(err, st, NULL, 0, 0, "out of memory");
        free(buf);
        return st;
    }
    st = merge_buffer(l, &r, path, err);
    free(buf);
    if (st) {
        eg_linker_free(l);
        return st;
    }
    *out = l;
    return EG_OK;
}
