/* The indexed binary graph read in place (egb version 2, layout in
 * egb_index.h): mapped for 'entgraph query', or read whole into an
 * eg_graph (eg__egb2_load). Every offset from the file is checked before
 * it is used; a check that fails is EG_EPARSE, "inconsistent". */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "egb_index.h"
#include "entgraph/graph_map.h"
#include "internal.h"
#include "util.h"

struct eg_graph_map {
    const unsigned char *base;
    size_t size;
    int mapped;                       /* munmap (1) or free (0) base */
    char *path;                       /* for messages */
    uint64_t n_nodes, n_edges, n_ev, n_types;
    uint64_t off[EGB2_N_SECTIONS], len[EGB2_N_SECTIONS];
};

static uint32_t rd_u32(const unsigned char *p)
{
    uint32_t v;
    memcpy(&v, p, sizeof v);
    return v;
}
static uint64_t rd_u64(const unsigned char *p)
{
    uint64_t v;
    memcpy(&v, p, sizeof v);
    return v;
}
static double rd_f64(const unsigned char *p)
{
    double v;
    memcpy(&v, p, sizeof v);
    return v;
}

static const unsigned char *sec(const eg_graph_map *m, int k)
{
    return m->base + m->off[k];
}

static eg_status bad(const eg_graph_map *m, eg_error *err)
{
    return eg__error(err, EG_EPARSE, m->path, 0, 0, "binary graph is inconsistent");
}

/* The string at off (NULL for NO_STRING); -1 when off is outside the table
 * (which ends with a NUL, checked at open, so every string inside ends). */
static int str_at(const eg_graph_map *m, uint64_t off, const char **s)
{
    if (off == EGB2_NO_STRING) {
        *s = NULL;
        return 0;
    }
    if (off >= m->len[EGB2_STRINGS]) return -1;
    *s = (const char *)sec(m, EGB2_STRINGS) + off;
    return 0;
}

/* Node i's string k (0 id, 1 label, 2 type, 3 aliases, 4 source, 5 and 6
 * dates); -1 when bad or (for k < 5) missing. i < n_nodes. */
static int node_str(const eg_graph_map *m, uint64_t i, int k, const char **s)
{
    const unsigned char *r = sec(m, EGB2_NODES) + i * EGB2_NODE_SIZE;
    if (str_at(m, rd_u64(r + 8 * k), s)) return -1;
    return k < 5 && !*s ? -1 : 0;
}

/* Checks an edge record: ends in range and ordered, kind, evidence. */
static int edge_ok(const eg_graph_map *m, uint64_t i)
{
    const unsigned char *r = sec(m, EGB2_EDGES) + i * EGB2_EDGE_SIZE;
    uint32_t s = rd_u32(r), t = rd_u32(r + 4), kind = rd_u32(r + 56), nev = rd_u32(r + 60);
    uint64_t first = rd_u64(r + 80);
    double w = rd_f64(r + 8);
    return s < t && t < m->n_nodes && kind <= 1 && first <= m->n_ev && nev <= m->n_ev - first &&
           w >= 0;
}

static void map_free(eg_graph_map *m)
{
    if (!m) return;
    if (m->mapped)
        munmap((void *)(uintptr_t)m->base, m->size);
    else
        free((void *)(uintptr_t)m->base);
    free(m->path);
    free(m);
}

void eg_graph_map_close(eg_graph_map *m)
{
    map_free(m);
}

/* Checks the header and the section table of base[0..size) and fills m. */
static eg_status map_init(eg_graph_map *m, eg_error *err)
{
    const unsigned char *b = m->base;
    if (m->size < 4 || memcmp(b, EGB2_MAGIC, 4)) {
        if (m->size >= 4 && !memcmp(b, "EGB1", 4))
            return eg__error(err, EG_EPARSE, m->path, 0, 0,
                             "binary graph version 1 has no index: load it whole, or build it again");
        return eg__error(err, EG_EPARSE, m->path, 0, 0, "not an indexed entgraph graph (egb version 2)");
    }
    if (m->size < EGB2_HEADER_SIZE)
        return eg__error(err, EG_EPARSE, m->path, 0, 0, "binary graph is truncated");
    if (rd_u32(b + EGB2_H_BOM) != EGB2_BYTE_ORDER_MARK)
        return eg__error(err, EG_EPARSE, m->path, 0, 0, "binary graph written on a machine of another byte order");
    if (rd_u32(b + EGB2_H_VERSION) != EGB2_VERSION || rd_u32(b + EGB2_H_N_SECTIONS) != EGB2_N_SECTIONS)
        return eg__error(err, EG_EPARSE, m->path, 0, 0, "binary graph version %lu, expected %u",
                         (unsigned long)rd_u32(b + EGB2_H_VERSION), EGB2_VERSION);
    m->n_nodes = rd_u64(b + EGB2_H_N_NODES);
    m->n_edges = rd_u64(b + EGB2_H_N_EDGES);
    m->n_ev = rd_u64(b + EGB2_H_N_EVIDENCE);
    m->n_types = rd_u32(b + EGB2_H_N_TYPES);
    for (int k = 0; k < EGB2_N_SECTIONS; k++) {
        m->off[k] = rd_u64(b + EGB2_H_SECTIONS + 16 * k);
        m->len[k] = rd_u64(b + EGB2_H_SECTIONS + 16 * k + 8);
        if (m->off[k] % 8 || m->off[k] < EGB2_HEADER_SIZE || m->off[k] > m->size ||
            m->len[k] > m->size - m->off[k])
            return bad(m, err);
    }
    /* counts are bounded by the file size before any product is taken */
    uint64_t nn = m->n_nodes, ne = m->n_edges;
    if (nn >= UINT32_MAX || nn > m->size / 4 || ne > m->size / EGB2_EDGE_SIZE ||
        m->n_ev > m->size / EGB2_PAIR_SIZE || m->n_types > nn)
        return bad(m, err);
    const uint64_t want[][2] = {
        {EGB2_NODES, nn * EGB2_NODE_SIZE},
        {EGB2_EDGES, ne * EGB2_EDGE_SIZE},
        {EGB2_EVIDENCE, m->n_ev * EGB2_PAIR_SIZE},
        {EGB2_ADJ_START, (nn + 1) * 8},
        {EGB2_ADJ, 2 * ne * EGB2_PAIR_SIZE},
        {EGB2_FIND, 3 * nn * EGB2_PAIR_SIZE},
        {EGB2_NAME_ORDER, nn * 4},
        {EGB2_NAME_RANK, nn * 4},
        {EGB2_TOP, EGB2_N_MEASURES * nn * 4},
        {EGB2_TYPES, m->n_types * EGB2_PAIR_SIZE},
    };
    for (size_t k = 0; k < sizeof want / sizeof want[0]; k++)
        if (m->len[want[k][0]] != want[k][1]) return bad(m, err);
    if (m->len[EGB2_NAMES] % EGB2_PAIR_SIZE) return bad(m, err);
    const int ends_nul[] = {EGB2_STRINGS, EGB2_FIND_TEXT};
    for (size_t k = 0; k < 2; k++) {
        int s = ends_nul[k];
        if (m->len[s] && sec(m, s)[m->len[s] - 1] != '\0') return bad(m, err);
    }
    if (nn && !m->len[EGB2_FIND_TEXT]) return bad(m, err);
    return EG_OK;
}

eg_status eg_graph_map_open(const char *path, eg_graph_map **out, eg_error *err)
{
    eg_status st;
    eg_graph_map *m = calloc(1, sizeof *m);
    if (!m || !(m->path = strdup(path))) {
        free(m);
        return eg__error(err, EG_ENOMEM, path, 0, 0, "out of memory");
    }
    int fd = open(path, O_RDONLY);
    if (fd < 0) {
        st = eg__error(err, EG_EIO, path, 0, 0, "cannot open: %s", strerror(errno));
        goto fail;
    }
    struct stat sb;
    if (fstat(fd, &sb) || sb.st_size < 4) {
        close(fd);
        st = eg__error(err, EG_EPARSE, path, 0, 0, "not an indexed entgraph graph (egb version 2)");
        goto fail;
    }
    void *p = mmap(NULL, (size_t)sb.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
    close(fd);
    if (p == MAP_FAILED) {
        st = eg__error(err, EG_EIO, path, 0, 0, "cannot map: %s", strerror(errno));
        goto fail;
    }
    m->base = p;
    m->size = (size_t)sb.st_size;
    m->mapped = 1;
    if ((st = map_init(m, err))) goto fail;
    *out = m;
    return EG_OK;
fail:
    map_free(m);
    return st;
}

size_t eg_graph_map_n_nodes(const eg_graph_map *m)
{
    return (size_t)m->n_nodes;
}

size_t eg_graph_map_n_edges(const eg_graph_map *m)
{
    return (size_t)m->n_edges;
}

/* NAMES entry k: its string (checked) and node. */
static int name_entry(const eg_graph_map *m, size_t k, const char **s, uint32_t *node, uint32_t *kind)
{
    const unsigned char *r = sec(m, EGB2_NAMES) + k * EGB2_PAIR_SIZE;
    *node = rd_u32(r + 8);
    *kind = rd_u32(r + 12);
    if (str_at(m, rd_u64(r), s) || !*s || *node >= m->n_nodes || *kind > 2) return -1;
    return 0;
}

eg_status eg_graph_map_lookup(const eg_graph_map *m, const char *name, uint32_t *out, size_t max,
                              size_t *n_found, eg_error *err)
{
    size_t n = (size_t)(m->len[EGB2_NAMES] / EGB2_PAIR_SIZE), lo = 0, hi = n, found = 0;
    const char *s;
    uint32_t node, kind, best = 3, prev = UINT32_MAX;
    *n_found = 0;
    if (!name || !*name) return EG_OK;
    while (lo < hi) { /* the first entry not below name */
        size_t mid = lo + (hi - lo) / 2;
        if (name_entry(m, mid, &s, &node, &kind)) return bad(m, err);
        if (strcmp(s, name) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    /* entries of one name are by kind, then node: the first kind wins */
    for (size_t k = lo; k < n; k++) {
        if (name_entry(m, k, &s, &node, &kind)) return bad(m, err);
        if (strcmp(s, name)) break;
        if (best == 3) best = kind;
        if (kind != best) break;
        if (node == prev) continue;
        if (found < max) out[found] = node;
        found++;
        prev = node;
    }
    *n_found = found;
    return EG_OK;
}

/* ADJ row of node v: entries [*from, *to). */
static int adj_row(const eg_graph_map *m, uint32_t v, uint64_t *from, uint64_t *to)
{
    const unsigned char *st = sec(m, EGB2_ADJ_START);
    *from = rd_u64(st + 8 * (uint64_t)v);
    *to = rd_u64(st + 8 * ((uint64_t)v + 1));
    return *from <= *to && *to <= 2 * m->n_edges ? 0 : -1;
}

/* ADJ entry k: neighbour and edge, checked. */
static int adj_entry(const eg_graph_map *m, uint64_t k, uint32_t *node, uint64_t *edge)
{
    const unsigned char *r = sec(m, EGB2_ADJ) + k * EGB2_PAIR_SIZE;
    *node = rd_u32(r);
    *edge = rd_u64(r + 8);
    return *node < m->n_nodes && *edge < m->n_edges ? 0 : -1;
}

/* A growable array of indexes. */
typedef struct list {
    size_t *v;
    size_t n, cap;
} list;

static int list_add(list *l, size_t x)
{
    if (l->n == l->cap) {
        size_t cap = l->cap ? 2 * l->cap : 16;
        size_t *v = realloc(l->v, cap * sizeof *v);
        if (!v) return -1;
        l->v = v;
        l->cap = cap;
    }
    l->v[l->n++] = x;
    return 0;
}

eg_status eg_graph_map_neighbors(const eg_graph_map *m, uint32_t node, const char *type,
                                 double min_weight, size_t limit, size_t **edges, size_t *n,
                                 eg_error *err)
{
    uint64_t from, to;
    list l = {0};
    if (node >= m->n_nodes) return EG_EINVAL;
    if (adj_row(m, node, &from, &to)) return bad(m, err);
    for (uint64_t k = from; k < to && (!limit || l.n < limit); k++) {
        uint32_t other;
        uint64_t e;
        const char *t;
        if (adj_entry(m, k, &other, &e) || !edge_ok(m, e)) goto damaged;
        double w = rd_f64(sec(m, EGB2_EDGES) + e * EGB2_EDGE_SIZE + 8);
        if (w < min_weight) break; /* the row is by weight: the rest weigh less */
        if (type) {
            if (node_str(m, other, 2, &t)) goto damaged;
            if (strcasecmp(t, type)) continue;
        }
        if (list_add(&l, (size_t)e)) {
            free(l.v);
            return eg__error(err, EG_ENOMEM, m->path, 0, 0, "out of memory");
        }
    }
    *edges = l.v;
    *n = l.n;
    return EG_OK;
damaged:
    free(l.v);
    return bad(m, err);
}

/* The first occurrence of needle[0..n) (n > 0) in hay[0..len), or NULL. */
static const char *find_bytes(const char *hay, size_t len, const char *needle, size_t n)
{
    const char *end = hay + len;
    while ((size_t)(end - hay) >= n) {
        const char *p = memchr(hay, needle[0], (size_t)(end - hay) - n + 1);
        if (!p) return NULL;
        if (!memcmp(p, needle, n)) return p;
        hay = p + 1;
    }
    return NULL;
}

static int size_cmp(const void *pa, const void *pb)
{
    size_t a = *(const size_t *)pa, b = *(const size_t *)pb;
    return (a > b) - (a < b);
}

eg_status eg_graph_map_edges_between(const eg_graph_map *m, uint32_t a, uint32_t b, size_t **edges,
                                     size_t *n, eg_error *err)
{
    uint64_t fa, ta, fb, tb;
    list l = {0};
    if (a >= m->n_nodes || b >= m->n_nodes) return EG_EINVAL;
    if (adj_row(m, a, &fa, &ta) || adj_row(m, b, &fb, &tb)) return bad(m, err);
    if (tb - fb < ta - fa) { /* walk the shorter row */
        uint32_t t = a;
        a = b;
        b = t;
        fa = fb;
        ta = tb;
    }
    for (uint64_t k = fa; k < ta; k++) {
        uint32_t other;
        uint64_t e;
        if (adj_entry(m, k, &other, &e)) {
            free(l.v);
            return bad(m, err);
        }
        if (other == b && list_add(&l, (size_t)e)) {
            free(l.v);
            return eg__error(err, EG_ENOMEM, m->path, 0, 0, "out of memory");
        }
    }
    qsort(l.v, l.n, sizeof *l.v, size_cmp);
    *edges = l.v;
    *n = l.n;
    return EG_OK;
}

eg_status eg_graph_map_top(const eg_graph_map *m, eg_measure by, const char *type, size_t limit,
                           uint32_t **nodes, size_t *n, eg_error *err)
{
    if ((unsigned)by >= EGB2_N_MEASURES) return EG_EINVAL;
    size_t nn = (size_t)m->n_nodes, want = limit && limit < nn ? limit : nn, k = 0;
    uint32_t *out = malloc((want ? want : 1) * sizeof *out);
    if (!out) return eg__error(err, EG_ENOMEM, m->path, 0, 0, "out of memory");
    const unsigned char *order = sec(m, EGB2_TOP) + (size_t)by * nn * 4;
    for (size_t i = 0; i < nn && k < want; i++) {
        uint32_t v = rd_u32(order + 4 * i);
        const char *t;
        if (v >= nn || (type && node_str(m, v, 2, &t))) {
            free(out);
            return bad(m, err);
        }
        if (!type || !strcasecmp(t, type)) out[k++] = v;
    }
    *nodes = out;
    *n = k;
    return EG_OK;
}

eg_status eg_graph_map_find(const eg_graph_map *m, const char *text, size_t limit, uint32_t **nodes,
                            size_t *n, eg_error *err)
{
    size_t nn = (size_t)m->n_nodes, tlen = strlen(text), k = 0;
    size_t n_entries = 3 * nn, blob_len = (size_t)m->len[EGB2_FIND_TEXT];
    const char *blob = (const char *)sec(m, EGB2_FIND_TEXT);
    const unsigned char *entries = sec(m, EGB2_FIND);
    unsigned char *hit = calloc(nn / 8 + 1, 1); /* by name rank */
    char *folded = malloc(tlen + 1);
    uint32_t *out = NULL;
    eg_status st = EG_OK;
    if (!hit || !folded) goto nomem;
    for (size_t i = 0; i <= tlen; i++)
        folded[i] = text[i] >= 'A' && text[i] <= 'Z' ? (char)(text[i] + ('a' - 'A')) : text[i];
    const unsigned char *ranks = sec(m, EGB2_NAME_RANK);
    if (!tlen) { /* everything matches */
        memset(hit, 0xFF, nn / 8 + 1);
    } else {
        const char *p = blob, *end = blob + blob_len;
        while (p < end) {
            const char *q = find_bytes(p, (size_t)(end - p), folded, tlen);
            if (!q) break;
            /* the entry holding q: the last one starting at or before it */
            size_t lo = 0, hi = n_entries;
            while (hi - lo > 1) {
                size_t mid = lo + (hi - lo) / 2;
                if (rd_u64(entries + mid * EGB2_PAIR_SIZE) <= (uint64_t)(q - blob))
                    lo = mid;
                else
                    hi = mid;
            }
            uint32_t v = rd_u32(entries + lo * EGB2_PAIR_SIZE + 8);
            if (v >= nn) goto damaged;
            uint32_t r = rd_u32(ranks + 4 * (size_t)v);
            if (r >= nn) goto damaged;
            hit[r / 8] |= (unsigned char)(1u << (r % 8));
            p = q + strlen(q) + 1; /* on to the next name: the blob ends with a NUL */
        }
    }
    size_t want = limit && limit < nn ? limit : nn;
    if (!(out = malloc((want ? want : 1) * sizeof *out))) goto nomem;
    const unsigned char *order = sec(m, EGB2_NAME_ORDER);
    for (size_t r = 0; r < nn && k < want; r++) {
        if (!(hit[r / 8] & (1u << (r % 8)))) continue;
        uint32_t v = rd_u32(order + 4 * r);
        if (v >= nn) goto damaged;
        out[k++] = v;
    }
    *nodes = out;
    *n = k;
    goto done;
nomem:
    st = eg__error(err, EG_ENOMEM, m->path, 0, 0, "out of memory");
    free(out);
    goto done;
damaged:
    st = bad(m, err);
    free(out);
done:
    free(hit);
    free(folded);
    return st;
}

eg_status eg_graph_map_stats_get(const eg_graph_map *m, eg_graph_map_stats *out, eg_error *err)
{
    const unsigned char *h = m->base;
    memset(out, 0, sizeof *out);
    out->n_nodes = (size_t)m->n_nodes;
    out->n_edges = (size_t)m->n_edges;
    out->n_part_of = (size_t)rd_u64(h + EGB2_H_N_PART_OF);
    out->n_components = (size_t)rd_u64(h + EGB2_H_N_COMPONENTS);
    out->n_isolated = (size_t)rd_u64(h + EGB2_H_N_ISOLATED);
    out->n_types = (size_t)m->n_types;
    out->n_communities = rd_u32(h + EGB2_H_N_COMMUNITIES);
    out->modularity = rd_f64(h + EGB2_H_MODULARITY);
    out->n_docs = rd_u64(h + EGB2_H_N_DOCS);
    out->n_mentions = rd_u64(h + EGB2_H_N_MENTIONS);
    memcpy(out->betweenness, h + EGB2_H_BETWEENNESS, 63);
    out->betweenness[63] = '\0';
    if (out->n_part_of > out->n_edges || out->n_isolated > out->n_nodes ||
        out->n_components > out->n_nodes || str_at(m, rd_u64(h + EGB2_H_WINDOW), &out->window))
        return bad(m, err);
    return EG_OK;
}

eg_status eg_graph_map_type(const eg_graph_map *m, size_t k, const char **name, uint64_t *count,
                            eg_error *err)
{
    if (k >= m->n_types) return EG_EINVAL;
    const unsigned char *r = sec(m, EGB2_TYPES) + k * EGB2_PAIR_SIZE;
    if (str_at(m, rd_u64(r), name) || !*name) return bad(m, err);
    *count = rd_u64(r + 8);
    return EG_OK;
}

/* The graph-level fields of the header into g. EG_EPARSE, EG_ENOMEM. */
static eg_status read_meta(const eg_graph_map *m, eg_graph *g, eg_error *err)
{
    const unsigned char *h = m->base;
    const char *window;
    if (str_at(m, rd_u64(h + EGB2_H_WINDOW), &window)) return bad(m, err);
    if (eg_graph_set_window(g, window)) return eg__error(err, EG_ENOMEM, m->path, 0, 0, "out of memory");
    g->n_docs = rd_u64(h + EGB2_H_N_DOCS);
    g->n_mentions = rd_u64(h + EGB2_H_N_MENTIONS);
    g->n_windows = rd_u64(h + EGB2_H_N_WINDOWS);
    g->n_communities = rd_u32(h + EGB2_H_N_COMMUNITIES);
    g->modularity = rd_f64(h + EGB2_H_MODULARITY);
    memcpy(g->counting, h + EGB2_H_COUNTING, 16);
    memcpy(g->betweenness, h + EGB2_H_BETWEENNESS, 64);
    memcpy(g->layout, h + EGB2_H_LAYOUT, 32);
    g->counting[15] = g->betweenness[63] = g->layout[31] = '\0';
    return EG_OK;
}

/* Node i's numbers into n (strings are the caller's). */
static void read_node_numbers(const eg_graph_map *m, uint64_t i, eg_node *n)
{
    const unsigned char *r = sec(m, EGB2_NODES) + i * EGB2_NODE_SIZE;
    n->count = rd_u64(r + 56);
    n->docs = rd_u64(r + 64);
    double *d[] = {&n->degree, &n->strength, &n->pagerank, &n->betweenness, &n->x, &n->y, &n->size};
    for (size_t k = 0; k < 7; k++) *d[k] = rd_f64(r + 72 + 8 * k);
    n->community = (int32_t)rd_u32(r + 128);
    n->core = rd_u32(r + 132);
    n->r = r[136];
    n->g = r[137];
    n->b = r[138];
}

/* Edge i's numbers into e, its ends mapped through remap (NULL: as they
 * are); the edge must be edge_ok(). */
static void read_edge_numbers(const eg_graph_map *m, uint64_t i, eg_edge *e)
{
    const unsigned char *r = sec(m, EGB2_EDGES) + i * EGB2_EDGE_SIZE;
    e->weight = rd_f64(r + 8);
    e->count = rd_u64(r + 16);
    e->docs = rd_u64(r + 24);
    e->jaccard = rd_f64(r + 32);
    e->npmi = rd_f64(r + 40);
    e->association = rd_f64(r + 48);
    e->kind = eg_edge_kind_find(rd_u32(r + 56) ? "part_of" : "cooccurrence");
}

/* Evidence entry k's strings. */
static int evidence_at(const eg_graph_map *m, uint64_t k, const char **doc, const char **text)
{
    const unsigned char *r = sec(m, EGB2_EVIDENCE) + k * EGB2_PAIR_SIZE;
    if (str_at(m, rd_u64(r), doc) || str_at(m, rd_u64(r + 8), text) || !*doc || !*text) return -1;
    return 0;
}

static int u32_cmp(const void *pa, const void *pb)
{
    uint32_t a = *(const uint32_t *)pa, b = *(const uint32_t *)pb;
    return (a > b) - (a < b);
}

eg_status eg_graph_map_subgraph(const eg_graph_map *m, const uint32_t *nodes, size_t n_nodes,
                                const size_t *edges, size_t n_edges, eg_graph *g, eg_error *err)
{
    eg_status st = EG_OK;
    size_t n_v = n_nodes + 2 * n_edges, nv = 0;
    uint32_t *v = NULL;
    size_t *e = malloc((n_edges ? n_edges : 1) * sizeof *e);
    if (n_edges > ((size_t)-1 / sizeof *v - n_nodes) / 2 || !(v = malloc((n_v ? n_v : 1) * sizeof *v)) ||
        !e)
        goto nomem;
    if (g->n_nodes || g->n_edges) {
        st = EG_EINVAL;
        goto done;
    }
    if (n_nodes) memcpy(v, nodes, n_nodes * sizeof *v);
    for (size_t i = 0; i < n_edges; i++) { /* and the ends of the edges */
        if (edges[i] >= m->n_edges) {
            st = EG_EINVAL;
            goto done;
        }
        if (!edge_ok(m, edges[i])) goto damaged;
        const unsigned char *r = sec(m, EGB2_EDGES) + edges[i] * EGB2_EDGE_SIZE;
        v[n_nodes + 2 * i] = rd_u32(r);
        v[n_nodes + 2 * i + 1] = rd_u32(r + 4);
    }
    qsort(v, n_v, sizeof *v, u32_cmp);
    for (size_t i = 0; i < n_v; i++) /* each once */
        if (!nv || v[nv - 1] != v[i]) v[nv++] = v[i];
    if (n_edges) memcpy(e, edges, n_edges * sizeof *e);
    qsort(e, n_edges, sizeof *e, size_cmp);
    size_t ne = 0;
    for (size_t i = 0; i < n_edges; i++) /* each once */
        if (!ne || e[ne - 1] != e[i]) e[ne++] = e[i];
    n_edges = ne;
    if ((st = read_meta(m, g, err))) goto done;
    for (size_t i = 0; i < nv; i++) {
        const char *s[7];
        if (v[i] >= m->n_nodes) {
            st = EG_EINVAL;
            goto done;
        }
        for (int k = 0; k < 7; k++)
            if (node_str(m, v[i], k, &s[k])) goto damaged;
        if ((st = eg_graph_add_node(g, s[0], s[1], s[2], s[3], s[4], 0, 0, NULL))) goto st_fail;
        read_node_numbers(m, v[i], &g->nodes[i]);
        if ((s[5] || s[6]) && (st = eg_graph_set_dates(g, 0, i, s[5], s[6]))) goto st_fail;
    }
    for (size_t i = 0; i < n_edges; i++) {
        if (e[i] >= m->n_edges) {
            st = EG_EINVAL;
            goto done;
        }
        if (!edge_ok(m, e[i])) goto damaged;
        const unsigned char *r = sec(m, EGB2_EDGES) + e[i] * EGB2_EDGE_SIZE;
        uint32_t ends[2] = {rd_u32(r), rd_u32(r + 4)}, at[2];
        for (int k = 0; k < 2; k++) {
            uint32_t *p = bsearch(&ends[k], v, nv, sizeof *v, u32_cmp);
            if (!p) {
                st = EG_EINVAL;
                goto done;
            }
            at[k] = (uint32_t)(p - v);
        }
        if ((st = eg_graph_add_edge_kind(g, at[0], at[1], 0, 0,
                                         rd_u32(r + 56) ? "part_of" : "cooccurrence")))
            goto st_fail;
        read_edge_numbers(m, e[i], &g->edges[i]);
        const char *first, *last;
        if (str_at(m, rd_u64(r + 64), &first) || str_at(m, rd_u64(r + 72), &last)) goto damaged;
        if ((first || last) && (st = eg_graph_set_dates(g, 1, i, first, last))) goto st_fail;
        uint64_t ev = rd_u64(r + 80), nev = rd_u32(r + 60);
        for (uint64_t k = 0; k < nev; k++) {
            const char *doc, *text;
            if (evidence_at(m, ev + k, &doc, &text)) goto damaged;
            if ((st = eg_graph_add_evidence(g, i, doc, text))) goto st_fail;
        }
    }
    goto done;
st_fail:
    if (st == EG_ENOMEM) goto nomem;
    goto done;
damaged:
    st = bad(m, err);
    goto done;
nomem:
    st = eg__error(err, EG_ENOMEM, m->path, 0, 0, "out of memory");
done:
    if (st) eg_graph_destroy(g);
    free(v);
    free(e);
    return st;
}

eg_status eg__egb2_load(eg_graph *g, const char *path, eg_error *err)
{
    eg_status st;
    eg_graph_map *m = NULL;
    if (g->n_nodes || g->n_edges || g->window)
        return eg__error(err, EG_EINVAL, path, 0, 0, "the graph to load into is not empty");
    if (!(m = calloc(1, sizeof *m)) || !(m->path = strdup(path))) {
        free(m);
        return eg__error(err, EG_ENOMEM, path, 0, 0, "out of memory");
    }
    /* read whole: the graph's strings point into the buffer, which the
     * graph then owns (g->pool) */
    unsigned char *buf = NULL;
    FILE *fp = fopen(path, "rb");
    long sz = -1;
    if (!fp || fseek(fp, 0, SEEK_END) || (sz = ftell(fp)) < 0 || fseek(fp, 0, SEEK_SET)) {
        int e = errno;
        if (fp) fclose(fp);
        st = eg__error(err, EG_EIO, path, 0, 0, "cannot read: %s", strerror(e));
        goto fail;
    }
    if (!(buf = malloc(sz ? (size_t)sz : 1))) {
        fclose(fp);
        st = eg__error(err, EG_ENOMEM, path, 0, 0, "out of memory");
        goto fail;
    }
    if (fread(buf, 1, (size_t)sz, fp) != (size_t)sz) {
        int e = errno;
        fclose(fp);
        free(buf);
        st = eg__error(err, EG_EIO, path, 0, 0, "cannot read: %s", strerror(e));
        goto fail;
    }
    fclose(fp);
    m->base = buf;
    m->size = (size_t)sz;
    if ((st = map_init(m, err)) || (st = read_meta(m, g, err))) goto fail;
    size_t nn = (size_t)m->n_nodes, ne = (size_t)m->n_edges, nev = (size_t)m->n_ev;
    if ((nn && !(g->nodes = calloc(nn, sizeof *g->nodes))) ||
        (ne && !(g->edges = calloc(ne, sizeof *g->edges))) ||
        (nev && !(g->ev_pool = calloc(nev, sizeof *g->ev_pool)))) {
        st = eg__error(err, EG_ENOMEM, path, 0, 0, "out of memory");
        goto fail;
    }
    /* the graph owns the buffer from here on (eg_graph_destroy frees it);
     * reads go through a copy of the map that does not */
    g->pool = (char *)buf;
    g->pool_len = m->size;
    eg_graph_map view = *m;
    const eg_graph_map *mm = &view;
    m->base = NULL;
    m->size = 0;
    g->cap_nodes = nn;
    g->cap_edges = ne;
    g->ev_pool_len = nev;
    for (size_t k = 0; k < nev; k++) {
        const char *doc, *text;
        if (evidence_at(mm, k, &doc, &text)) goto damaged;
        g->ev_pool[k] = (eg_evidence){(char *)(uintptr_t)doc, (char *)(uintptr_t)text};
    }
    for (size_t i = 0; i < nn; i++, g->n_nodes++) {
        eg_node *n = &g->nodes[i];
        const char *s[7];
        for (int k = 0; k < 7; k++)
            if (node_str(mm, i, k, &s[k])) goto damaged;
        char **dst[] = {&n->id, &n->label, &n->type, &n->aliases, &n->source, &n->first_date, &n->last_date};
        for (int k = 0; k < 7; k++) *dst[k] = (char *)(uintptr_t)s[k];
        read_node_numbers(mm, i, n);
    }
    for (size_t i = 0; i < ne; i++, g->n_edges++) {
        eg_edge *e = &g->edges[i];
        if (!edge_ok(mm, i)) goto damaged;
        const unsigned char *r = sec(mm, EGB2_EDGES) + i * EGB2_EDGE_SIZE;
        e->source = rd_u32(r);
        e->target = rd_u32(r + 4);
        read_edge_numbers(mm, i, e);
        const char *first, *last;
        if (str_at(mm, rd_u64(r + 64), &first) || str_at(mm, rd_u64(r + 72), &last)) goto damaged;
        e->first_date = (char *)(uintptr_t)first;
        e->last_date = (char *)(uintptr_t)last;
        e->n_evidence = rd_u32(r + 60);
        e->evidence = e->n_evidence ? g->ev_pool + rd_u64(r + 80) : NULL;
    }
    /* node ids are unique, as in every other form of the graph */
    eg__strmap ids = {0};
    for (size_t i = 0; i < g->n_nodes; i++) {
        uint32_t seen;
        if (eg__strmap_get(&ids, g->nodes[i].id, &seen)) {
            eg__strmap_free(&ids);
            st = eg__error(err, EG_EPARSE, path, 0, 0, "binary graph is inconsistent (duplicate node id)");
            goto fail;
        }
        if (eg__strmap_put(&ids, g->nodes[i].id, (uint32_t)i)) {
            eg__strmap_free(&ids);
            st = eg__error(err, EG_ENOMEM, path, 0, 0, "out of memory");
            goto fail;
        }
    }
    eg__strmap_free(&ids);
    map_free(m);
    return EG_OK;
damaged:
    st = bad(m, err);
fail:
    map_free(m);
    eg_graph_destroy(g);
    return st;
}
