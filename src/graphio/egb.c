/* The binary graph ('graph.egb'): the writer of version 3, the indexed
 * form (layout in egb_index.h): the graph's records plus the indexes
 * 'entgraph query' answers from without reading the rest (egb_map.c
 * maps it and reads it whole); and the reader of version 1, which
 * entgraph wrote before, so that graphs built then still load.
 *
 * Version 1 (host byte order, checked by a marker; all offsets in bytes):
 *   header   HEADER_SIZE bytes: magic "EGB1", byte-order marker, version,
 *            counts, graph metadata
 *   nodes    NODE_SIZE bytes each: 7 string offsets, count, docs,
 *            7 measures, community, core, r, g, b
 *   edges    EDGE_SIZE bytes each: source, target, weight, count, docs,
 *            3 measures, kind, evidence count, 2 date offsets, first evidence
 *   evidence 16 bytes each: document and text string offsets
 *   pool     NUL-terminated UTF-8 strings; offsets point here; NO_STRING
 *            (all ones) is NULL. Evidence strings the graph shares between
 *            edges (a snippet cites every pair of its sentence) are written
 *            once and their offset given again.
 * Every byte is written explicitly (no struct padding), so the file is the
 * same on every run. */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "egb_index.h"
#include "entgraph/export.h"
#include "entgraph/graph.h"
#include "entgraph/query.h"
#include "graph_attrs.h"
#include "graph_check.h"
#include "graph_impl.h"
#include "graphio.h"
#include "internal.h"
#include "util.h"


/* One growable buffer (buf.h) per section: an append that fails marks it
 * failed, and the writer asks once per section. */
typedef eg__buf buf;

static void buf_add(buf *b, const void *p, size_t n) { (void)eg__buf_append(b, p, n); }

static void add_u32(buf *b, uint32_t v) { buf_add(b, &v, sizeof v); }
static void add_u64(buf *b, uint64_t v) { buf_add(b, &v, sizeof v); }
static void add_f64(buf *b, double v) { buf_add(b, &v, sizeof v); }

/* Appends s (NULL: nothing) to the string table; its offset, or NO_STRING. */
static uint64_t add_str(buf *strings, const char *s)
{
    if (!s) return EGB2_NO_STRING;
    uint64_t off = strings->len;
    buf_add(strings, s, strlen(s) + 1);
    return off;
}

/* The same for n bytes of s, terminated. */
static uint64_t add_strn(buf *strings, const char *s, size_t n)
{
    uint64_t off = strings->len;
    buf_add(strings, s, n);
    buf_add(strings, "", 1);
    return off;
}

/* A string shared by pointer (evidence): stored once. -1 when out of memory. */
static int add_shared(buf *strings, eg__ptrmap *seen, const char *s, uint64_t *off)
{
    if (eg__ptrmap_get(seen, s, off)) return 0;
    *off = add_str(strings, s);
    return eg__ptrmap_put(seen, s, *off);
}

/* Sort keys; qsort is not stable, so each ends with a unique tie-breaker. */
typedef struct name_key {
    const char *label, *id;
    uint32_t node;
} name_key;

static int name_key_cmp(const void *pa, const void *pb)
{
    const name_key *a = pa, *b = pb;
    int c = strcmp(a->label, b->label);
    if (!c) c = strcmp(a->id, b->id);
    return c ? c : (a->node > b->node) - (a->node < b->node);
}

typedef struct adj_key {
    double weight;
    uint32_t rank, node;
    uint64_t edge;
} adj_key;

static int adj_key_cmp(const void *pa, const void *pb)
{
    const adj_key *a = pa, *b = pb;
    if (a->weight != b->weight) return a->weight > b->weight ? -1 : 1;
    if (a->rank != b->rank) return a->rank < b->rank ? -1 : 1;
    return (a->edge > b->edge) - (a->edge < b->edge);
}

typedef struct top_key {
    double value;
    uint32_t rank, node;
} top_key;

static int top_key_cmp(const void *pa, const void *pb)
{
    const top_key *a = pa, *b = pb;
    int c = eg__rank_cmp(a->value, b->value);
    return c ? c : (a->rank > b->rank) - (a->rank < b->rank);
}

typedef struct lookup_key {
    const char *name;
    uint64_t off;
    uint32_t node, kind;
} lookup_key;

static int lookup_key_cmp(const void *pa, const void *pb)
{
    const lookup_key *a = pa, *b = pb;
    int c = strcmp(a->name, b->name);
    if (c) return c;
    if (a->kind != b->kind) return a->kind < b->kind ? -1 : 1;
    return (a->node > b->node) - (a->node < b->node);
}

/* A fixed field of n bytes: s cut to n - 1, the rest zeros. */
static void put_fixed(unsigned char *dst, const char *s, size_t n)
{
    size_t k = strnlen(s, n - 1);
    memcpy(dst, s, k);
    memset(dst + k, 0, n - k);
}

static void *alloc_n(size_t n, size_t size)
{
    size_t bytes;
    if (eg__mul_overflow(n ? n : 1, size, &bytes)) return NULL;
    return malloc(bytes);
}

/* ASCII letters lower-cased, as 'query find' compares. */
static void add_folded(buf *b, const char *s)
{
    char chunk[256];
    size_t n = 0;
    for (; *s; s++) {
        char c = *s;
        chunk[n++] = c >= 'A' && c <= 'Z' ? (char)(c + ('a' - 'A')) : c;
        if (n == sizeof chunk) {
            buf_add(b, chunk, n);
            n = 0;
        }
    }
    chunk[n++] = '\0';
    buf_add(b, chunk, n);
}

/* The column table of the numeric attributes among attrs[0..n) into b
 * (names into strings), the columns into cols; how many. A rankable
 * attribute names the next TOP list. */
static size_t add_columns(buf *b, buf *strings, const eg__attr *attrs, size_t n, const eg__attr **cols)
{
    size_t n_cols = 0;
    uint32_t n_top = 0;
    for (size_t k = 0; k < n; k++) {
        const eg__attr *a = &attrs[k];
        if (!eg__attr_is_number(a)) continue;
        cols[n_cols++] = a;
        add_u64(b, add_str(strings, a->name));
        add_u32(b, a->type == EG__ATTR_F64 ? EGB_COL_F64 : a->type == EG__ATTR_I32 ? EGB_COL_I64 : EGB_COL_U64);
        add_u32(b, a->rank ? ++n_top : 0);
    }
    return n_cols;
}

/* The values of item's columns, 8 bytes each. */
static void add_values(buf *b, const void *item, const eg__attr *const *cols, size_t n_cols)
{
    for (size_t k = 0; k < n_cols; k++) {
        if (cols[k]->type == EG__ATTR_F64)
            add_f64(b, eg__attr_f64(item, cols[k]));
        else if (cols[k]->type == EG__ATTR_I32)
            add_u64(b, (uint64_t)eg__attr_i64(item, cols[k]));
        else
            add_u64(b, eg__attr_u64(item, cols[k]));
    }
}

eg_status eg_export_egb(const eg_graph *g, const char *path, const eg_export_options *opt,
                        eg_error *err)
{
    eg_status st = EG_OK;
    size_t nn = g->n_nodes, ne = g->n_edges, n_adj;
    buf sec[EGB3_N_SECTIONS];
    eg__ptrmap shared = {0};
    name_key *names = NULL;
    uint32_t *rank = NULL;
    uint64_t *start = NULL, *fill = NULL;
    adj_key *adj = NULL;
    top_key *top = NULL;
    lookup_key *lookup = NULL;
    eg_graph_stats stats = {0};
    size_t n_lookup = 0, cap_lookup = 0;
    uint64_t n_ev = 0;
    eg__atomic out;
    (void)opt;
    memset(sec, 0, sizeof sec);
    if ((st = eg__check_edges(g, path, err))) return st;
    if (nn >= UINT32_MAX || eg__mul_overflow(ne, 2, &n_adj)) {
        return eg__error(err, EG_ELIMIT, path, 0, 0, "graph too large for the binary form");
    }
    if (!(names = alloc_n(nn, sizeof *names)) || !(rank = alloc_n(nn, sizeof *rank)) ||
        !(start = calloc(nn + 1, sizeof *start)) || !(fill = alloc_n(nn + 1, sizeof *fill)) ||
        !(adj = alloc_n(n_adj, sizeof *adj)) || !(top = alloc_n(nn, sizeof *top)) ||
        eg_graph_stats_get(g, &stats))
        goto nomem;

    /* the order by name, which every other order falls back on */
    for (size_t i = 0; i < nn; i++)
        names[i] = (name_key){g->nodes[i].label, g->nodes[i].id, (uint32_t)i};
    qsort(names, nn, sizeof *names, name_key_cmp);
    for (size_t r = 0; r < nn; r++) rank[names[r].node] = (uint32_t)r;

    /* strings, the columns (every numeric node and edge attribute of the
     * table, a TOP list for each one 'query top' ranks by), node records,
     * types */
    buf *strings = &sec[EGB2_STRINGS];
    uint64_t window = add_str(strings, g->window);
    const eg__attr *cols[EG__MAX_ATTRS], *ecols[EG__MAX_ATTRS];
    size_t n_cols = add_columns(&sec[EGB3_COLUMNS], strings, eg__node_attrs, eg__n_node_attrs, cols);
    size_t n_ecols = add_columns(&sec[EGB3_EDGE_COLUMNS], strings, eg__edge_attrs, eg__n_edge_attrs, ecols);
    size_t node_size = EGB3_NODE_FIXED + 8 * n_cols;
    for (size_t i = 0; i < nn; i++) {
        const eg_node *n = &g->nodes[i];
        const char *s[] = {n->id, n->label, n->type, n->aliases, n->source, n->first_date, n->last_date};
        for (size_t k = 0; k < 7; k++) add_u64(&sec[EGB2_NODES], add_str(strings, s[k]));
        add_values(&sec[EGB2_NODES], n, cols, n_cols);
    }
    /* the counts 'query stats' answers from: the same as on a loaded graph */
    for (size_t k = 0; k < stats.n_types; k++) {
        add_u64(&sec[EGB2_TYPES], add_str(strings, stats.types[k]));
        add_u64(&sec[EGB2_TYPES], stats.type_counts[k]);
    }

    /* edge records and evidence */
    for (size_t i = 0; i < ne; i++) {
        const eg_edge *e = &g->edges[i];
        buf *b = &sec[EGB2_EDGES];
        add_u32(b, e->source);
        add_u32(b, e->target);
        add_u32(b, e->kind && !strcmp(e->kind, "part_of") ? 1 : 0);
        add_u32(b, (uint32_t)e->n_evidence);
        add_u64(b, add_str(strings, e->first_date));
        add_u64(b, add_str(strings, e->last_date));
        add_u64(b, n_ev);
        add_values(b, e, ecols, n_ecols);
        n_ev += e->n_evidence;
        for (size_t k = 0; k < e->n_evidence; k++) {
            uint64_t doc, text;
            if (add_shared(strings, &shared, e->evidence[k].doc, &doc) ||
                add_shared(strings, &shared, e->evidence[k].text, &text))
                goto nomem;
            add_u64(&sec[EGB2_EVIDENCE], doc);
            add_u64(&sec[EGB2_EVIDENCE], text);
        }
    }

    /* adjacency: each edge in both its ends' rows, in neighbours order */
    for (size_t i = 0; i < ne; i++) {
        start[g->edges[i].source + 1]++;
        start[g->edges[i].target + 1]++;
    }
    for (size_t v = 0; v < nn; v++) start[v + 1] += start[v];
    memcpy(fill, start, (nn + 1) * sizeof *fill);
    for (size_t i = 0; i < ne; i++) {
        const eg_edge *e = &g->edges[i];
        adj[fill[e->source]++] = (adj_key){e->weight, rank[e->target], e->target, i};
        adj[fill[e->target]++] = (adj_key){e->weight, rank[e->source], e->source, i};
    }
    for (size_t v = 0; v < nn; v++)
        qsort(adj + start[v], (size_t)(start[v + 1] - start[v]), sizeof *adj, adj_key_cmp);
    for (size_t v = 0; v <= nn; v++) add_u64(&sec[EGB2_ADJ_START], start[v]);
    for (size_t k = 0; k < n_adj; k++) {
        add_u32(&sec[EGB2_ADJ], adj[k].node);
        add_u32(&sec[EGB2_ADJ], 0);
        add_u64(&sec[EGB2_ADJ], adj[k].edge);
    }

    /* orders: by name, and by each measure */
    for (size_t r = 0; r < nn; r++) add_u32(&sec[EGB2_NAME_ORDER], names[r].node);
    for (size_t i = 0; i < nn; i++) add_u32(&sec[EGB2_NAME_RANK], rank[i]);
    for (size_t c = 0; c < n_cols; c++) {
        if (!cols[c]->rank) continue;
        for (size_t i = 0; i < nn; i++)
            top[i] = (top_key){eg__attr_number(&g->nodes[i], cols[c]), rank[i], (uint32_t)i};
        qsort(top, nn, sizeof *top, top_key_cmp);
        for (size_t i = 0; i < nn; i++) add_u32(&sec[EGB2_TOP], top[i].node);
    }

    /* names for exact look-up: ids and labels where the records put them,
     * each alias as a string of its own */
    const unsigned char *node_recs = (const unsigned char *)sec[EGB2_NODES].data;
    for (size_t i = 0; i < nn && !sec[EGB2_NODES].failed; i++) {
        const eg_node *n = &g->nodes[i];
        uint64_t id_off, label_off;
        memcpy(&id_off, node_recs + i * node_size, 8);
        memcpy(&label_off, node_recs + i * node_size + 8, 8);
        size_t need = 2;
        for (const char *p = n->aliases; p && *p; p++) need += *p == '|';
        need += n->aliases && *n->aliases;
        if (eg__grow_array((void **)&lookup, &cap_lookup, n_lookup + need, sizeof *lookup, 1024))
            goto nomem;
        lookup[n_lookup++] = (lookup_key){n->id, id_off, (uint32_t)i, 0};
        lookup[n_lookup++] = (lookup_key){n->label, label_off, (uint32_t)i, 1};
        const char *alias;
        size_t len;
        for (const char *p = n->aliases; eg__list_next(&p, &alias, &len);)
            if (len) lookup[n_lookup++] = (lookup_key){NULL, add_strn(strings, alias, len), (uint32_t)i, 2};
    }
    if (strings->failed) goto nomem;
    for (size_t k = 0; k < n_lookup; k++) /* aliases: now that the table stays put */
        if (!lookup[k].name) lookup[k].name = strings->data + lookup[k].off;
    if (n_lookup) qsort(lookup, n_lookup, sizeof *lookup, lookup_key_cmp); /* NULL when empty */
    for (size_t k = 0; k < n_lookup; k++) {
        if (k && !lookup_key_cmp(&lookup[k - 1], &lookup[k])) continue;
        add_u64(&sec[EGB2_NAMES], lookup[k].off);
        add_u32(&sec[EGB2_NAMES], lookup[k].node);
        add_u32(&sec[EGB2_NAMES], lookup[k].kind);
    }

    /* the block 'find' searches */
    for (size_t i = 0; i < nn; i++) {
        const eg_node *n = &g->nodes[i];
        const char *s[] = {n->id, n->label, n->aliases ? n->aliases : ""};
        for (size_t k = 0; k < 3; k++) {
            add_u64(&sec[EGB2_FIND], sec[EGB2_FIND_TEXT].len);
            add_u32(&sec[EGB2_FIND], (uint32_t)i);
            add_u32(&sec[EGB2_FIND], 0);
            add_folded(&sec[EGB2_FIND_TEXT], s[k]);
        }
    }
    for (int k = 0; k < EGB3_N_SECTIONS; k++)
        if (sec[k].failed) goto nomem;

    /* header and section table, then the sections, each 8-byte aligned */
    unsigned char h[EGB3_HEADER_SIZE];
    memset(h, 0, sizeof h);
    memcpy(h + EGB2_H_MAGIC, EGB2_MAGIC, 4);
    const uint32_t u32s[][2] = {{EGB2_H_BOM, EGB2_BYTE_ORDER_MARK},
                                {EGB2_H_VERSION, EGB3_VERSION},
                                {EGB2_H_N_SECTIONS, EGB3_N_SECTIONS},
                                {EGB2_H_N_COMMUNITIES, g->n_communities},
                                {EGB2_H_N_TYPES, (uint32_t)stats.n_types}};
    for (size_t k = 0; k < sizeof u32s / sizeof u32s[0]; k++) memcpy(h + u32s[k][0], &u32s[k][1], 4);
    const uint64_t u64s[][2] = {{EGB2_H_N_NODES, nn},          {EGB2_H_N_EDGES, ne},
                                {EGB2_H_N_EVIDENCE, n_ev},     {EGB2_H_N_DOCS, g->n_docs},
                                {EGB2_H_N_MENTIONS, g->n_mentions}, {EGB2_H_N_WINDOWS, g->n_windows},
                                {EGB2_H_WINDOW, window},       {EGB2_H_N_COMPONENTS, stats.n_components},
                                {EGB2_H_N_ISOLATED, stats.n_isolated}, {EGB2_H_N_PART_OF, stats.n_part_of}};
    for (size_t k = 0; k < sizeof u64s / sizeof u64s[0]; k++) memcpy(h + u64s[k][0], &u64s[k][1], 8);
    memcpy(h + EGB2_H_MODULARITY, &g->modularity, 8);
    put_fixed(h + EGB2_H_COUNTING, g->counting, sizeof g->counting);
    put_fixed(h + EGB2_H_BETWEENNESS, g->betweenness, sizeof g->betweenness);
    put_fixed(h + EGB2_H_LAYOUT, g->layout, sizeof g->layout);
    uint64_t off = EGB3_HEADER_SIZE;
    for (int k = 0; k < EGB3_N_SECTIONS; k++) {
        uint64_t len = sec[k].len;
        memcpy(h + EGB2_H_SECTIONS + 16 * k, &off, 8);
        memcpy(h + EGB2_H_SECTIONS + 16 * k + 8, &len, 8);
        off += (len + 7) & ~(uint64_t)7;
    }
    if ((st = eg__atomic_open(&out, path, err))) goto done;
    st = fwrite(h, 1, sizeof h, out.fp) == sizeof h ? EG_OK : EG_EIO;
    for (int k = 0; k < EGB3_N_SECTIONS && !st; k++) {
        static const unsigned char zeros[8] = {0};
        size_t pad = (8 - sec[k].len % 8) % 8;
        if (!(st = eg__buf_write(&sec[k], out.fp)) && pad && fwrite(zeros, 1, pad, out.fp) != pad)
            st = EG_EIO;
    }
    st = eg__write_finish(&out, st, path, err);
    goto done;
nomem:
    st = eg__error(err, EG_ENOMEM, path, 0, 0, "out of memory");
done:
    for (int k = 0; k < EGB3_N_SECTIONS; k++) eg__buf_free(&sec[k]);
    eg__ptrmap_free(&shared);
    eg_graph_stats_free(&stats);
    free(names);
    free(rank);
    free(start);
    free(fill);
    free(adj);
    free(top);
    free(lookup);
    return st;
}

/* ---- reading version 1 ---------------------------------------------------- */

#define MAGIC "EGB1"
#define BYTE_ORDER_MARK 0x01020304u
#define VERSION 1u
#define NO_STRING UINT64_MAX
#define HEADER_SIZE 208
#define NODE_SIZE 144
#define EDGE_SIZE 88
_Static_assert(NODE_SIZE == EGB2_NODE_SIZE && EDGE_SIZE == EGB2_EDGE_SIZE,
               "version 2 kept version 1's node and edge records");
#define EVIDENCE_SIZE 16

/* The string at pool offset off, or NULL for NO_STRING; *ok = 0 when off
 * is outside the pool. */
static char *pool_at(char *pool, uint64_t len, uint64_t off, int *ok)
{
    if (off == NO_STRING) return NULL;
    if (off >= len) {
        *ok = 0;
        return NULL;
    }
    return pool + off;
}

eg_status eg_graph_load_egb(eg_graph *g, const char *path, eg_error *err)
{
    eg_status st = EG_OK;
    unsigned char *file = NULL;
    size_t size = 0;
    int ok = 1;
    if (g->n_nodes || g->n_edges || g->window)
        return eg__error(err, EG_EINVAL, path, 0, 0, "the graph to load into is not empty");
    FILE *fp = fopen(path, "rb");
    if (!fp) {
        int e = errno;
        return eg__error(err, EG_EIO, path, 0, 0, "cannot open: %s", strerror(e));
    }
    /* version 2 goes to its own reader at once: a short file is its
     * reader's to describe, not version 1's "too short" */
    unsigned char magic[4];
    if (fread(magic, 1, sizeof magic, fp) == sizeof magic && !memcmp(magic, EGB2_MAGIC, 4)) {
        fclose(fp);
        return eg__egb2_load(g, path, err);
    }
    if (fseek(fp, 0, SEEK_END) == 0) {
        long sz = ftell(fp);
        if (sz >= 0) size = (size_t)sz;
        rewind(fp);
    }
    if (size < HEADER_SIZE) {
        fclose(fp);
        return eg__error(err, EG_EPARSE, path, 0, 0, "not an entgraph binary graph (too short)");
    }
    if (!(file = malloc(size))) {
        fclose(fp);
        return eg__error(err, EG_ENOMEM, path, 0, 0, "out of memory");
    }
    if (fread(file, 1, size, fp) != size) {
        int e = errno;
        fclose(fp);
        free(file);
        return eg__error(err, EG_EIO, path, 0, 0, "cannot read: %s", strerror(e));
    }
    fclose(fp);
    if (memcmp(file, MAGIC, 4) || egb_rd_u32(file + 4) != BYTE_ORDER_MARK) {
        free(file);
        return eg__error(err, EG_EPARSE, path, 0, 0, "not an entgraph binary graph");
    }
    if (egb_rd_u32(file + 8) != VERSION) {
        unsigned long version = egb_rd_u32(file + 8);
        free(file);
        return eg__error(err, EG_EPARSE, path, 0, 0, "binary graph version %lu, expected %u",
                         version, VERSION);
    }
    uint64_t nn = egb_rd_u64(file + 16), ne = egb_rd_u64(file + 24), nev = egb_rd_u64(file + 32),
             pool_len = egb_rd_u64(file + 40);
    /* each count is bounded by the file size before any product is taken */
    if (nn > size / NODE_SIZE || ne > size / EDGE_SIZE || nev > size / EVIDENCE_SIZE ||
        pool_len > size || nn >= UINT32_MAX ||
        HEADER_SIZE + nn * NODE_SIZE + ne * EDGE_SIZE + nev * EVIDENCE_SIZE + pool_len != size ||
        (pool_len && file[size - 1] != '\0')) {
        free(file);
        return eg__error(err, EG_EPARSE, path, 0, 0, "binary graph is truncated or inconsistent");
    }
    const unsigned char *h = file + 48, *nodes = file + HEADER_SIZE,
                        *edges = nodes + nn * NODE_SIZE, *evs = edges + ne * EDGE_SIZE;
    char *pool = (char *)file + (size - pool_len);
    /* the graph's strings point into the file's bytes, which it then owns */
    if (eg__graph_adopt_strings(g, (char *)file, size)) {
        free(file);
        return eg__error(err, EG_ENOMEM, path, 0, 0, "out of memory");
    }
    g->n_docs = egb_rd_u64(h);
    g->n_mentions = egb_rd_u64(h + 8);
    g->n_windows = egb_rd_u64(h + 16);
    g->n_communities = egb_rd_u32(h + 24);
    g->modularity = egb_rd_f64(h + 32);
    const char *window = pool_at(pool, pool_len, egb_rd_u64(h + 40), &ok);
    memcpy(g->counting, h + 48, 16);
    memcpy(g->betweenness, h + 64, 64);
    memcpy(g->layout, h + 128, 32);
    g->counting[15] = g->betweenness[63] = g->layout[31] = '\0';
    if (window && !(g->window = strdup(window))) goto nomem;
    eg_evidence *ev = NULL;
    if (eg__graph_reserve(g, (size_t)nn, (size_t)ne) ||
        (nev && eg__graph_evidence_block(g, (size_t)nev, &ev)))
        goto nomem;
    for (uint64_t k = 0; k < nev && ok; k++) {
        const unsigned char *r = evs + k * EVIDENCE_SIZE;
        ev[k].doc = pool_at(pool, pool_len, egb_rd_u64(r), &ok);
        ev[k].text = pool_at(pool, pool_len, egb_rd_u64(r + 8), &ok);
        if (!ev[k].doc || !ev[k].text) ok = 0;
    }
    eg__egb_layout v1;
    eg__egb_layout_v2(&v1);
    for (uint64_t i = 0; i < nn && ok; i++, g->n_nodes++) {
        const unsigned char *r = nodes + i * NODE_SIZE;
        eg_node *n = &g->nodes[i];
        char **s[] = {&n->id, &n->label, &n->type, &n->aliases, &n->source, &n->first_date, &n->last_date};
        for (size_t k = 0; k < 7; k++) *s[k] = pool_at(pool, pool_len, egb_rd_u64(r + 8 * k), &ok);
        if (!n->id || !n->label || !n->type || !n->aliases || !n->source) ok = 0;
        eg__egb_node_numbers(&v1, r, n); /* version 2 kept version 1's record */
    }
    for (uint64_t i = 0; i < ne && ok; i++, g->n_edges++) {
        const unsigned char *r = edges + i * EDGE_SIZE;
        eg_edge *e = &g->edges[i];
        e->source = egb_rd_u32(r);
        e->target = egb_rd_u32(r + 4);
        eg__egb_edge_numbers(&v1, r, e);
        uint32_t kind = egb_rd_u32(r + 56);
        e->n_evidence = egb_rd_u32(r + 60);
        e->first_date = pool_at(pool, pool_len, egb_rd_u64(r + 64), &ok);
        e->last_date = pool_at(pool, pool_len, egb_rd_u64(r + 72), &ok);
        uint64_t first = egb_rd_u64(r + 80);
        if (kind > 1 || e->source >= e->target || e->target >= nn || first > nev ||
            e->n_evidence > nev - first) {
            ok = 0;
            e->n_evidence = 0;
            break;
        }
        e->evidence = e->n_evidence ? ev + first : NULL;
    }
    if (!ok) {
        st = eg__error(err, EG_EPARSE, path, 0, 0, "binary graph is inconsistent");
        goto fail;
    }
    /* node ids are unique, as in every other form of the graph */
    eg__strmap ids = {0};
    for (size_t i = 0; i < g->n_nodes && ok; i++) {
        uint32_t seen;
        if (eg__strmap_get(&ids, g->nodes[i].id, &seen)) {
            ok = 0;
        } else if (eg__strmap_put(&ids, g->nodes[i].id, (uint32_t)i)) {
            eg__strmap_free(&ids);
            goto nomem;
        }
    }
    eg__strmap_free(&ids);
    if (!ok) {
        st = eg__error(err, EG_EPARSE, path, 0, 0, "binary graph is inconsistent (duplicate node id)");
        goto fail;
    }
    if ((st = eg__graph_check(g, path, err))) goto fail;
    return EG_OK;
nomem:
    st = eg__error(err, EG_ENOMEM, path, 0, 0, "out of memory");
fail:
    eg_graph_destroy(g);
    return st;
}

int eg__egb_sniff(const unsigned char *head, size_t n)
{
    return n >= 4 && (!memcmp(head, MAGIC, 4) || !memcmp(head, EGB2_MAGIC, 4));
}
