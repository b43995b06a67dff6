/* The indexed binary graph read in place (egb versions 2 and 3, layout in
 * egb_index.h): for 'entgraph query' through pread() of the few records
 * a question needs, or from memory when read whole into an eg_graph
 * (eg__egb2_load). Every offset from the file is checked before it is
 * used; a check that fails is EG_EPARSE, "inconsistent".
 *
 * Why pread and not mmap: on current Linux a file written in one go sits
 * in the page cache as large folios, and a fault on a mapping maps the
 * whole folio, up to a megabyte for each page touched: forty scattered
 * reads of a mapped graph showed 45 MB of resident memory. pread copies
 * just the bytes, and a file truncated under the reader gives a short
 * read (zeros, then inconsistent), not SIGBUS. */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "egb_index.h"
#include "graph_impl.h"
#include "graph_attrs.h"
#include "graph_check.h"
#include "entgraph/graph_map.h"
#include "internal.h"
#include "util.h"

struct eg_graph_map {
    int fd;                    /* -1 when the bytes are in base */
    const unsigned char *base; /* eg__egb2_load's buffer (not owned) */
    uint64_t size;
    char *path; /* for messages */
    uint64_t n_nodes, n_edges, n_ev, n_types;
    uint64_t off[EGB3_N_SECTIONS], len[EGB3_N_SECTIONS]; /* version 2: no COLUMNS */
    unsigned char header[EGB3_HEADER_SIZE];
    eg__egb_layout layout; /* where the node records keep each attribute */
    /* read at open: the types and their counts, the window */
    char **types;
    uint64_t *type_count;
    char *window;
};


/* Reads n bytes at off into dst; -1 (and zeros) when they are not all
 * there: outside the file, or the file shrank since it was opened. */
static int rd(const eg_graph_map *m, uint64_t off, void *dst, size_t n)
{
    if (off > m->size || n > m->size - off) {
        memset(dst, 0, n);
        return -1;
    }
    if (m->base) {
        memcpy(dst, m->base + off, n);
        return 0;
    }
    size_t got = 0;
    while (got < n) {
        ssize_t r = pread(m->fd, (char *)dst + got, n - got, (off_t)(off + got));
        if (r < 0 && errno == EINTR) continue;
        if (r <= 0) {
            memset((char *)dst + got, 0, n - got);
            return -1;
        }
        got += (size_t)r;
    }
    return 0;
}

/* Entry i of a section of fixed-size entries, into dst (size bytes). */
static int rd_entry(const eg_graph_map *m, int section, uint64_t i, size_t size, void *dst)
{
    return rd(m, m->off[section] + i * size, dst, size);
}

static uint32_t rd_u32_at(const eg_graph_map *m, int section, uint64_t i)
{
    unsigned char b[4];
    rd_entry(m, section, i, 4, b);
    return egb_rd_u32(b);
}

static eg_status bad(const eg_graph_map *m, eg_error *err)
{
    return eg__error(err, EG_EPARSE, m->path, 0, 0, "binary graph is inconsistent");
}

static eg_status nomem(const eg_graph_map *m, eg_error *err)
{
    return eg__error(err, EG_ENOMEM, m->path, 0, 0, "out of memory");
}

/* A string read from the file: its bytes are in p (grown as needed) when
 * read through pread; from memory it points into the buffer instead. */
typedef struct strbuf {
    char *p;
    size_t cap;
} strbuf;

/* The string at table offset off into *s (NULL for NO_STRING): -1 when off
 * is outside the table (which ends with a NUL, checked at open, so every
 * string inside it ends), -2 when out of memory. */
static int str_at(const eg_graph_map *m, strbuf *b, uint64_t off, const char **s)
{
    uint64_t len = m->len[EGB2_STRINGS];
    if (off == EGB2_NO_STRING) {
        *s = NULL;
        return 0;
    }
    if (off >= len) return -1;
    if (m->base) {
        *s = (const char *)m->base + m->off[EGB2_STRINGS] + off;
        return 0;
    }
    size_t used = 0;
    for (;;) {
        if (b->cap - used < 64) {
            size_t cap = b->cap ? 2 * b->cap : 128;
            char *p = realloc(b->p, cap);
            if (!p) return -2;
            b->p = p;
            b->cap = cap;
        }
        uint64_t left = len - off - used;
        size_t want = b->cap - used < left ? b->cap - used : (size_t)left;
        if (!want || rd(m, m->off[EGB2_STRINGS] + off + used, b->p + used, want)) return -1;
        char *nul = memchr(b->p + used, '\0', want);
        if (nul) break;
        used += want;
    }
    *s = b->p;
    return 0;
}

/* Node i's record (i < n_nodes). */
static void node_rec(const eg_graph_map *m, uint64_t i, unsigned char r[EGB3_MAX_NODE_SIZE])
{
    rd_entry(m, EGB2_NODES, i, m->layout.node.size, r);
}

/* String k of a node record (0 id, 1 label, 2 type, 3 aliases, 4 source,
 * 5 and 6 dates) into *s; -1 when bad or (for k < 5) missing, -2 no memory. */
static int node_str(const eg_graph_map *m, strbuf *b, const unsigned char *r, int k, const char **s)
{
    int rc = str_at(m, b, egb_rd_u64(r + 8 * k), s);
    if (rc) return rc;
    return k < 5 && !*s ? -1 : 0;
}

/* Node i's type into *s (the buffer is the caller's). */
static int node_type(const eg_graph_map *m, strbuf *b, uint64_t i, const char **s)
{
    unsigned char off[8];
    rd(m, m->off[EGB2_NODES] + i * m->layout.node.size + 16, off, 8);
    int rc = str_at(m, b, egb_rd_u64(off), s);
    return rc ? rc : *s ? 0 : -1;
}

/* Edge i's record, and whether it holds together: ends in range and
 * ordered, kind, evidence inside the evidence table. */
static int edge_rec(const eg_graph_map *m, uint64_t i, unsigned char r[EGB3_MAX_EDGE_SIZE])
{
    const eg__egb_layout *l = &m->layout;
    if (i >= m->n_edges || rd_entry(m, EGB2_EDGES, i, l->edge.size, r)) return -1;
    uint32_t s = egb_rd_u32(r), t = egb_rd_u32(r + 4), kind = egb_rd_u32(r + l->e_kind),
             nev = egb_rd_u32(r + l->e_n_evidence);
    uint64_t first = egb_rd_u64(r + l->e_evidence);
    /* the values (weight >= 0 and finite, …) are graph_check's, which the
     * whole load and every question's subgraph apply, with its messages */
    return s < t && t < m->n_nodes && kind <= 1 && first <= m->n_ev && nev <= m->n_ev - first ? 0 : -1;
}

static void map_free(eg_graph_map *m)
{
    if (!m) return;
    if (m->fd >= 0) close(m->fd);
    for (uint64_t k = 0; m->types && k < m->n_types; k++) free(m->types[k]);
    free(m->types);
    free(m->type_count);
    free(m->window);
    free(m->path);
    free(m);
}

void eg_graph_map_close(eg_graph_map *m)
{
    map_free(m);
}

/* One of version 3's column tables (section sec, for the attributes
 * attrs[0..n_attrs), the records' columns after fixed bytes) into c:
 * each column mapped to the attribute of its name, once; a column of
 * another name is skipped. The columns that name a TOP list number them
 * 1, 2, … in column order. */
static eg_status read_columns(eg_graph_map *m, int sec, const eg__attr *attrs, size_t n_attrs,
                              size_t fixed, eg__egb_columns *c, eg_error *err)
{
    uint64_t n = m->len[sec] / EGB2_PAIR_SIZE;
    strbuf b = {0};
    int rc = 0;
    memset(c, 0, sizeof *c);
    if (m->len[sec] % EGB2_PAIR_SIZE || n > EGB3_MAX_COLUMNS) return bad(m, err);
    c->size = fixed + 8 * (size_t)n;
    for (uint64_t k = 0; k < n && !rc; k++) {
        unsigned char r[EGB2_PAIR_SIZE];
        const char *name;
        rd_entry(m, sec, k, EGB2_PAIR_SIZE, r);
        uint32_t type = egb_rd_u32(r + 8), top = egb_rd_u32(r + 12);
        if ((rc = str_at(m, &b, egb_rd_u64(r), &name)) || (!name && (rc = -1))) break;
        if (type < EGB_COL_F64 || type > EGB_COL_U64 || (top && top != c->n_top + 1)) {
            rc = -1;
            break;
        }
        c->n_top += top != 0;
        const eg__attr *a = eg__attr_find(attrs, n_attrs, name);
        if (!a || !eg__attr_is_number(a)) continue;
        size_t row = (size_t)(a - attrs);
        if (c->off[row]) rc = -1; /* named twice */
        c->off[row] = (uint16_t)(fixed + 8 * k);
        c->type[row] = (uint8_t)type;
        c->top[row] = top;
    }
    free(b.p);
    return rc == -2 ? nomem(m, err) : rc ? bad(m, err) : EG_OK;
}

/* Version 3's layout: the two column tables, an edge's fixed fields. */
static eg_status read_layout(eg_graph_map *m, eg_error *err)
{
    eg__egb_layout *l = &m->layout;
    eg_status st;
    if ((st = read_columns(m, EGB3_COLUMNS, eg__node_attrs, eg__n_node_attrs, EGB3_NODE_FIXED, &l->node,
                           err)) ||
        (st = read_columns(m, EGB3_EDGE_COLUMNS, eg__edge_attrs, eg__n_edge_attrs, EGB3_EDGE_FIXED,
                           &l->edge, err)))
        return st;
    if (l->edge.n_top) return bad(m, err); /* edges are not ranked */
    l->e_kind = 8;
    l->e_n_evidence = 12;
    l->e_first_date = 16;
    l->e_last_date = 24;
    l->e_evidence = 32;
    return EG_OK;
}

/* Checks the header and the section table and fills m. */
static eg_status map_init(eg_graph_map *m, eg_error *err)
{
    const unsigned char *b = m->header;
    size_t head = m->size < EGB3_HEADER_SIZE ? (size_t)m->size : EGB3_HEADER_SIZE;
    if (rd(m, 0, m->header, head))
        return eg__error(err, EG_EIO, m->path, 0, 0, "cannot read: %s", strerror(errno));
    if (m->size < 4 || memcmp(b, EGB2_MAGIC, 4)) {
        if (m->size >= 4 && !memcmp(b, "EGB1", 4))
            return eg__error(err, EG_EPARSE, m->path, 0, 0,
                             "binary graph version 1 has no index: load it whole, or build it again");
        return eg__error(err, EG_EPARSE, m->path, 0, 0, "not an indexed entgraph graph (egb version 2 or 3)");
    }
    if (m->size < EGB2_HEADER_SIZE)
        return eg__error(err, EG_EPARSE, m->path, 0, 0, "binary graph is truncated");
    if (egb_rd_u32(b + EGB2_H_BOM) != EGB2_BYTE_ORDER_MARK)
        return eg__error(err, EG_EPARSE, m->path, 0, 0, "binary graph written on a machine of another byte order");
    uint32_t version = egb_rd_u32(b + EGB2_H_VERSION);
    int n_sec = version == EGB2_VERSION ? EGB2_N_SECTIONS : EGB3_N_SECTIONS;
    uint64_t head_size = version == EGB2_VERSION ? EGB2_HEADER_SIZE : EGB3_HEADER_SIZE;
    if (version != EGB2_VERSION && version != EGB3_VERSION)
        return eg__error(err, EG_EPARSE, m->path, 0, 0, "binary graph version %lu, expected %u or %u",
                         (unsigned long)version, EGB2_VERSION, EGB3_VERSION);
    if (egb_rd_u32(b + EGB2_H_N_SECTIONS) != (uint32_t)n_sec) return bad(m, err);
    if (m->size < head_size)
        return eg__error(err, EG_EPARSE, m->path, 0, 0, "binary graph is truncated");
    m->n_nodes = egb_rd_u64(b + EGB2_H_N_NODES);
    m->n_edges = egb_rd_u64(b + EGB2_H_N_EDGES);
    m->n_ev = egb_rd_u64(b + EGB2_H_N_EVIDENCE);
    m->n_types = egb_rd_u32(b + EGB2_H_N_TYPES);
    for (int k = 0; k < n_sec; k++) {
        m->off[k] = egb_rd_u64(b + EGB2_H_SECTIONS + 16 * k);
        m->len[k] = egb_rd_u64(b + EGB2_H_SECTIONS + 16 * k + 8);
        if (m->off[k] % 8 || m->off[k] < head_size || m->off[k] > m->size ||
            m->len[k] > m->size - m->off[k])
            return bad(m, err);
    }
    const int ends_nul[] = {EGB2_STRINGS, EGB2_FIND_TEXT};
    for (size_t k = 0; k < 2; k++) {
        int s = ends_nul[k];
        unsigned char last = 1;
        if (m->len[s] && (rd(m, m->off[s] + m->len[s] - 1, &last, 1) || last)) return bad(m, err);
    }
    eg_status st;
    if (version == EGB2_VERSION)
        eg__egb_layout_v2(&m->layout);
    else if ((st = read_layout(m, err)))
        return st;
    /* counts are bounded by the file size before any product is taken */
    uint64_t nn = m->n_nodes, ne = m->n_edges;
    if (nn >= UINT32_MAX || nn > m->size / m->layout.node.size || ne > m->size / m->layout.edge.size ||
        m->n_ev > m->size / EGB2_PAIR_SIZE || m->n_types > nn)
        return bad(m, err);
    const uint64_t want[][2] = {
        {EGB2_NODES, nn * m->layout.node.size},
        {EGB2_EDGES, ne * m->layout.edge.size},
        {EGB2_EVIDENCE, m->n_ev * EGB2_PAIR_SIZE},
        {EGB2_ADJ_START, (nn + 1) * 8},
        {EGB2_ADJ, 2 * ne * EGB2_PAIR_SIZE},
        {EGB2_FIND, 3 * nn * EGB2_PAIR_SIZE},
        {EGB2_NAME_ORDER, nn * 4},
        {EGB2_NAME_RANK, nn * 4},
        {EGB2_TOP, (uint64_t)m->layout.node.n_top * nn * 4},
        {EGB2_TYPES, m->n_types * EGB2_PAIR_SIZE},
    };
    for (size_t k = 0; k < sizeof want / sizeof want[0]; k++)
        if (m->len[want[k][0]] != want[k][1]) return bad(m, err);
    if (m->len[EGB2_NAMES] % EGB2_PAIR_SIZE) return bad(m, err);
    if (nn && !m->len[EGB2_FIND_TEXT]) return bad(m, err);
    return EG_OK;
}

/* The types and the window, kept for eg_graph_map_type and _stats_get. */
static eg_status read_small_tables(eg_graph_map *m, eg_error *err)
{
    strbuf b = {0};
    const char *s;
    int rc;
    eg_status st = EG_OK;
    if ((rc = str_at(m, &b, egb_rd_u64(m->header + EGB2_H_WINDOW), &s))) goto fail;
    if (s && !(m->window = strdup(s))) goto nomem;
    if (!(m->types = calloc(m->n_types ? m->n_types : 1, sizeof *m->types)) ||
        !(m->type_count = calloc(m->n_types ? m->n_types : 1, sizeof *m->type_count)))
        goto nomem;
    for (uint64_t k = 0; k < m->n_types; k++) {
        unsigned char r[EGB2_PAIR_SIZE];
        rd_entry(m, EGB2_TYPES, k, EGB2_PAIR_SIZE, r);
        if ((rc = str_at(m, &b, egb_rd_u64(r), &s)) || (!s && (rc = -1))) goto fail;
        if (!(m->types[k] = strdup(s))) goto nomem;
        m->type_count[k] = egb_rd_u64(r + 8);
    }
    goto done;
fail:
    st = rc == -2 ? nomem(m, err) : bad(m, err);
    goto done;
nomem:
    st = nomem(m, err);
done:
    free(b.p);
    return st;
}

eg_status eg_graph_map_open(const char *path, eg_graph_map **out, eg_error *err)
{
    eg_status st;
    eg_graph_map *m = calloc(1, sizeof *m);
    if (!m || !(m->path = strdup(path))) {
        free(m);
        return eg__error(err, EG_ENOMEM, path, 0, 0, "out of memory");
    }
    m->fd = open(path, O_RDONLY);
    if (m->fd < 0) {
        st = eg__error(err, EG_EIO, path, 0, 0, "cannot open: %s", strerror(errno));
        goto fail;
    }
    struct stat sb;
    if (fstat(m->fd, &sb) || !S_ISREG(sb.st_mode)) {
        st = eg__error(err, EG_EIO, path, 0, 0, "not a regular file");
        goto fail;
    }
    m->size = (uint64_t)sb.st_size;
    if ((st = map_init(m, err)) || (st = read_small_tables(m, err))) goto fail;
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

/* NAMES entry k: its string (checked), node and kind. */
static int name_entry(const eg_graph_map *m, strbuf *b, size_t k, const char **s, uint32_t *node,
                      uint32_t *kind)
{
    unsigned char r[EGB2_PAIR_SIZE];
    rd_entry(m, EGB2_NAMES, k, EGB2_PAIR_SIZE, r);
    *node = egb_rd_u32(r + 8);
    *kind = egb_rd_u32(r + 12);
    int rc = str_at(m, b, egb_rd_u64(r), s);
    if (rc) return rc;
    return !*s || *node >= m->n_nodes || *kind > 2 ? -1 : 0;
}

eg_status eg_graph_map_lookup(const eg_graph_map *m, const char *name, uint32_t *out, size_t max,
                              size_t *n_found, eg_error *err)
{
    size_t n = (size_t)(m->len[EGB2_NAMES] / EGB2_PAIR_SIZE), lo = 0, hi = n, found = 0;
    const char *s;
    uint32_t node, kind, best = 3, prev = UINT32_MAX;
    strbuf b = {0};
    int rc = 0;
    *n_found = 0;
    if (!name || !*name) return EG_OK;
    while (lo < hi) { /* the first entry not below name */
        size_t mid = lo + (hi - lo) / 2;
        if ((rc = name_entry(m, &b, mid, &s, &node, &kind))) goto fail;
        if (strcmp(s, name) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    /* entries of one name are by kind, then node: the first kind wins */
    for (size_t k = lo; k < n; k++) {
        if ((rc = name_entry(m, &b, k, &s, &node, &kind))) goto fail;
        if (strcmp(s, name)) break;
        if (best == 3) best = kind;
        if (kind != best) break;
        if (node == prev) continue;
        if (found < max) out[found] = node;
        found++;
        prev = node;
    }
    free(b.p);
    *n_found = found;
    return EG_OK;
fail:
    free(b.p);
    return rc == -2 ? nomem(m, err) : bad(m, err);
}

/* ADJ row of node v: entries [*from, *to). */
static int adj_row(const eg_graph_map *m, uint32_t v, uint64_t *from, uint64_t *to)
{
    unsigned char r[16];
    rd_entry(m, EGB2_ADJ_START, v, 8, r);
    rd_entry(m, EGB2_ADJ_START, (uint64_t)v + 1, 8, r + 8);
    *from = egb_rd_u64(r);
    *to = egb_rd_u64(r + 8);
    return *from <= *to && *to <= 2 * m->n_edges ? 0 : -1;
}

/* ADJ entry k: neighbour and edge, checked. */
static int adj_entry(const eg_graph_map *m, uint64_t k, uint32_t *node, uint64_t *edge)
{
    unsigned char r[EGB2_PAIR_SIZE];
    rd_entry(m, EGB2_ADJ, k, EGB2_PAIR_SIZE, r);
    *node = egb_rd_u32(r);
    *edge = egb_rd_u64(r + 8);
    return *node < m->n_nodes && *edge < m->n_edges ? 0 : -1;
}

/* A growable array of indexes. */
typedef struct list {
    size_t *v;
    size_t n, cap;
} list;

static int list_add(list *l, size_t x)
{
    if (eg__grow_array((void **)&l->v, &l->cap, l->n + 1, sizeof *l->v, 16)) return -1;
    l->v[l->n++] = x;
    return 0;
}

eg_status eg_graph_map_neighbors(const eg_graph_map *m, uint32_t node, const char *type,
                                 double min_weight, size_t limit, size_t **edges, size_t *n,
                                 eg_error *err)
{
    uint64_t from, to;
    list l = {0};
    strbuf b = {0};
    int rc = -1;
    if (node >= m->n_nodes) return EG_EINVAL;
    if (adj_row(m, node, &from, &to)) return bad(m, err);
    for (uint64_t k = from; k < to && (!limit || l.n < limit); k++) {
        uint32_t other;
        uint64_t e;
        const char *t;
        unsigned char r[EGB3_MAX_EDGE_SIZE];
        eg_edge numbers;
        if (adj_entry(m, k, &other, &e) || edge_rec(m, e, r)) goto fail;
        eg__egb_edge_numbers(&m->layout, r, &numbers);
        if (numbers.weight < min_weight) break; /* the row is by weight: the rest weigh less */
        if (type) {
            if ((rc = node_type(m, &b, other, &t))) goto fail;
            rc = -1;
            if (strcasecmp(t, type)) continue;
        }
        if (list_add(&l, (size_t)e)) {
            rc = -2;
            goto fail;
        }
    }
    free(b.p);
    *edges = l.v;
    *n = l.n;
    return EG_OK;
fail:
    free(b.p);
    free(l.v);
    return rc == -2 ? nomem(m, err) : bad(m, err);
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
            return nomem(m, err);
        }
    }
    if (l.n) qsort(l.v, l.n, sizeof *l.v, size_cmp); /* l.v is NULL when empty */
    *edges = l.v;
    *n = l.n;
    return EG_OK;
}

eg_status eg_graph_map_top(const eg_graph_map *m, eg_measure by, const char *type, size_t limit,
                           uint32_t **nodes, size_t *n, eg_error *err)
{
    /* the file ranks by the measures its writer knew (a version 2 file
     * by none added since); the list was found by name at open */
    const eg__attr *a = eg__measure_attr((unsigned)by);
    uint32_t top_list = a ? m->layout.node.top[a - eg__node_attrs] : 0;
    if (!top_list)
        return eg__error(err, EG_EINVAL, m->path, 0, 0, "the binary graph keeps no ranking by '%s'",
                         eg_measure_name(by));
    size_t nn = (size_t)m->n_nodes, want = limit && limit < nn ? limit : nn, k = 0;
    uint32_t *out = malloc((want ? want : 1) * sizeof *out), chunk[1024];
    strbuf b = {0};
    int rc = -1;
    if (!out) return nomem(m, err);
    uint64_t base = m->off[EGB2_TOP] + (uint64_t)(top_list - 1) * nn * 4;
    for (size_t i = 0; i < nn && k < want; i++) {
        size_t c = i % 1024;
        if (!c) {
            size_t len = nn - i < 1024 ? nn - i : 1024;
            if (rd(m, base + 4 * (uint64_t)i, chunk, len * 4)) goto fail;
        }
        uint32_t v = chunk[c];
        const char *t;
        if (v >= nn) goto fail;
        if (type) {
            if ((rc = node_type(m, &b, v, &t))) goto fail;
            rc = -1;
            if (strcasecmp(t, type)) continue;
        }
        out[k++] = v;
    }
    free(b.p);
    *nodes = out;
    *n = k;
    return EG_OK;
fail:
    free(b.p);
    free(out);
    return rc == -2 ? nomem(m, err) : bad(m, err);
}

#define FIND_CHUNK (1u << 20)
#define FIND_ENTRIES 4096

eg_status eg_graph_map_find(const eg_graph_map *m, const char *text, size_t limit, uint32_t **nodes,
                            size_t *n, eg_error *err)
{
    size_t nn = (size_t)m->n_nodes, tlen = strlen(text), k = 0, n_hits = 0;
    uint64_t n_entries = 3 * (uint64_t)nn, blob_len = m->len[EGB2_FIND_TEXT];
    unsigned char *hit = calloc(nn / 8 + 1, 1); /* by name rank */
    char *folded = malloc(tlen + 1), *chunk = NULL;
    unsigned char *entries = NULL;
    uint32_t *out = NULL, *ranks = NULL;
    eg_status st = EG_OK;
    if (!hit || !folded) goto nomem;
    for (size_t i = 0; i <= tlen; i++)
        folded[i] = text[i] >= 'A' && text[i] <= 'Z' ? (char)(text[i] + ('a' - 'A')) : text[i];
    if (!tlen) { /* everything matches */
        memset(hit, 0xFF, nn / 8 + 1);
    } else if (nn) {
        /* the block in chunks cut after a NUL (a name is never split), and
         * the entries walked alongside: a hit belongs to the last entry
         * starting at or before it */
        size_t cap = FIND_CHUNK;
        uint64_t pos = 0, e_first = 0, e_have = 0, e = 0;
        if (!(chunk = malloc(cap)) || !(entries = malloc(FIND_ENTRIES * EGB2_PAIR_SIZE))) goto nomem;
        while (pos < blob_len) {
            size_t len = blob_len - pos < cap ? (size_t)(blob_len - pos) : cap;
            if (rd(m, m->off[EGB2_FIND_TEXT] + pos, chunk, len)) goto damaged;
            size_t use = len;
            while (use && chunk[use - 1]) use--;
            if (!use) { /* one name longer than the chunk */
                char *bigger = cap <= SIZE_MAX / 2 ? realloc(chunk, 2 * cap) : NULL;
                if (!bigger) goto nomem;
                chunk = bigger;
                cap *= 2;
                continue;
            }
            const char *p = chunk, *end = chunk + use;
            while (p < end) {
                const char *q = find_bytes(p, (size_t)(end - p), folded, tlen);
                if (!q) break;
                uint64_t at = pos + (uint64_t)(q - chunk);
                for (;;) { /* the entry holding at */
                    if (e + 1 >= e_first + e_have) {
                        if (e + 1 >= n_entries) break;
                        e_first = e;
                        e_have = n_entries - e < FIND_ENTRIES ? n_entries - e : FIND_ENTRIES;
                        if (rd(m, m->off[EGB2_FIND] + e * EGB2_PAIR_SIZE, entries,
                               (size_t)e_have * EGB2_PAIR_SIZE))
                            goto damaged;
                        if (e + 1 >= e_first + e_have) break;
                    }
                    if (egb_rd_u64(entries + (e + 1 - e_first) * EGB2_PAIR_SIZE) > at) break;
                    e++;
                }
                uint32_t v = egb_rd_u32(entries + (e - e_first) * EGB2_PAIR_SIZE + 8);
                if (v >= nn) goto damaged;
                if (++n_hits == 64) { /* many: read all the ranks at once */
                    if (!(ranks = malloc(nn * sizeof *ranks))) goto nomem;
                    if (rd(m, m->off[EGB2_NAME_RANK], ranks, nn * sizeof *ranks)) goto damaged;
                }
                uint32_t r = ranks ? ranks[v] : rd_u32_at(m, EGB2_NAME_RANK, v);
                if (r >= nn) goto damaged;
                hit[r / 8] |= (unsigned char)(1u << (r % 8));
                p = q + strlen(q) + 1; /* on to the next name; the chunk ends with a NUL */
            }
            pos += use;
        }
    }
    size_t want = limit && limit < nn ? limit : nn;
    if (!(out = malloc((want ? want : 1) * sizeof *out))) goto nomem;
    for (size_t r = 0; r < nn && k < want; r++) {
        if (!(hit[r / 8] & (1u << (r % 8)))) continue;
        uint32_t v = rd_u32_at(m, EGB2_NAME_ORDER, r);
        if (v >= nn) goto damaged;
        out[k++] = v;
    }
    *nodes = out;
    *n = k;
    goto done;
nomem:
    st = nomem(m, err);
    free(out);
    goto done;
damaged:
    st = bad(m, err);
    free(out);
done:
    free(hit);
    free(folded);
    free(chunk);
    free(entries);
    free(ranks);
    return st;
}

eg_status eg_graph_map_stats_get(const eg_graph_map *m, eg_graph_map_stats *out, eg_error *err)
{
    const unsigned char *h = m->header;
    memset(out, 0, sizeof *out);
    out->n_nodes = (size_t)m->n_nodes;
    out->n_edges = (size_t)m->n_edges;
    out->n_part_of = (size_t)egb_rd_u64(h + EGB2_H_N_PART_OF);
    out->n_components = (size_t)egb_rd_u64(h + EGB2_H_N_COMPONENTS);
    out->n_isolated = (size_t)egb_rd_u64(h + EGB2_H_N_ISOLATED);
    out->n_types = (size_t)m->n_types;
    out->n_communities = egb_rd_u32(h + EGB2_H_N_COMMUNITIES);
    out->modularity = egb_rd_f64(h + EGB2_H_MODULARITY);
    out->n_docs = egb_rd_u64(h + EGB2_H_N_DOCS);
    out->n_mentions = egb_rd_u64(h + EGB2_H_N_MENTIONS);
    out->window = m->window;
    memcpy(out->betweenness, h + EGB2_H_BETWEENNESS, 63);
    out->betweenness[63] = '\0';
    if (out->n_part_of > out->n_edges || out->n_isolated > out->n_nodes ||
        out->n_components > out->n_nodes)
        return bad(m, err);
    return EG_OK;
}

eg_status eg_graph_map_type(const eg_graph_map *m, size_t k, const char **name, uint64_t *count,
                            eg_error *err)
{
    (void)err;
    if (k >= m->n_types) return EG_EINVAL;
    *name = m->types[k];
    *count = m->type_count[k];
    return EG_OK;
}

/* The graph-level fields of the header into g. EG_ENOMEM. */
static eg_status read_meta(const eg_graph_map *m, eg_graph *g, eg_error *err)
{
    const unsigned char *h = m->header;
    if (eg_graph_set_window(g, m->window)) return nomem(m, err);
    g->n_docs = egb_rd_u64(h + EGB2_H_N_DOCS);
    g->n_mentions = egb_rd_u64(h + EGB2_H_N_MENTIONS);
    g->n_windows = egb_rd_u64(h + EGB2_H_N_WINDOWS);
    g->n_communities = egb_rd_u32(h + EGB2_H_N_COMMUNITIES);
    g->modularity = egb_rd_f64(h + EGB2_H_MODULARITY);
    memcpy(g->counting, h + EGB2_H_COUNTING, 16);
    memcpy(g->betweenness, h + EGB2_H_BETWEENNESS, 64);
    memcpy(g->layout, h + EGB2_H_LAYOUT, 32);
    g->counting[15] = g->betweenness[63] = g->layout[31] = '\0';
    return EG_OK;
}

void eg__egb_layout_v2(eg__egb_layout *l)
{
    /* versions 1 and 2: count, docs, 7 doubles, community, core, r, g, b
     * after the 7 string offsets; TOP lists in eg_measure order */
    static const struct {
        const char *name;
        uint16_t off;
        uint8_t type, top;
    } v2[] = {
        {"count", 56, EGB_COL_U64, 4},        {"docs", 64, EGB_COL_U64, 5},
        {"degree", 72, EGB_COL_F64, 1},       {"strength", 80, EGB_COL_F64, 2},
        {"pagerank", 88, EGB_COL_F64, 3},     {"betweenness", 96, EGB_COL_F64, 6},
        {"x", 104, EGB_COL_F64, 0},           {"y", 112, EGB_COL_F64, 0},
        {"size", 120, EGB_COL_F64, 0},        {"community", 128, EGB_COL_I32, 0},
        {"core", 132, EGB_COL_U32, 0},        {"r", 136, EGB_COL_U8, 0},
        {"g", 137, EGB_COL_U8, 0},            {"b", 138, EGB_COL_U8, 0},
    };
    /* an edge's: weight, count, docs, jaccard, npmi, association after
     * source and target, then kind, evidence count, dates, first evidence */
    static const struct {
        const char *name;
        uint16_t off;
        uint8_t type;
    } v2_edge[] = {
        {"weight", 8, EGB_COL_F64},  {"count", 16, EGB_COL_U64}, {"docs", 24, EGB_COL_U64},
        {"jaccard", 32, EGB_COL_F64}, {"npmi", 40, EGB_COL_F64}, {"association", 48, EGB_COL_F64},
    };
    memset(l, 0, sizeof *l);
    l->node.size = EGB2_NODE_SIZE;
    l->node.n_top = EGB2_N_MEASURES;
    for (size_t k = 0; k < sizeof v2 / sizeof *v2; k++) {
        const eg__attr *a = eg__attr_find(eg__node_attrs, eg__n_node_attrs, v2[k].name);
        size_t row = (size_t)(a - eg__node_attrs); /* every name is a row */
        l->node.off[row] = v2[k].off;
        l->node.type[row] = v2[k].type;
        l->node.top[row] = v2[k].top;
    }
    l->edge.size = EGB2_EDGE_SIZE;
    for (size_t k = 0; k < sizeof v2_edge / sizeof *v2_edge; k++) {
        const eg__attr *a = eg__attr_find(eg__edge_attrs, eg__n_edge_attrs, v2_edge[k].name);
        size_t row = (size_t)(a - eg__edge_attrs);
        l->edge.off[row] = v2_edge[k].off;
        l->edge.type[row] = v2_edge[k].type;
    }
    l->e_kind = 56;
    l->e_n_evidence = 60;
    l->e_first_date = 64;
    l->e_last_date = 72;
    l->e_evidence = 80;
}

/* The value of a column of type at p into attribute a of n: a count
 * exactly, the rest through a double by the table's rules (a value out
 * of the attribute's range is one the check refuses, or 0). */
static void set_column(void *item, const eg__attr *a, unsigned type, const unsigned char *p)
{
    uint64_t u = 0;
    int neg = 0;
    double d;
    if (type == EGB_COL_F64) {
        d = egb_rd_f64(p);
    } else if (type == EGB_COL_I64 || type == EGB_COL_I32) {
        int64_t i = type == EGB_COL_I64 ? (int64_t)egb_rd_u64(p) : (int32_t)egb_rd_u32(p);
        neg = i < 0;
        u = (uint64_t)i;
        d = (double)i;
    } else {
        u = type == EGB_COL_U64 ? egb_rd_u64(p) : type == EGB_COL_U32 ? egb_rd_u32(p) : p[0];
        d = (double)u;
    }
    if (a->type != EG__ATTR_U64) {
        eg__attr_set_number(item, a, d);
        return;
    }
    if (type == EGB_COL_F64)
        u = d >= 0 && d < 18446744073709551616.0 ? (uint64_t)d : UINT64_MAX;
    else if (neg)
        u = UINT64_MAX; /* above any count the check allows */
    memcpy((char *)item + a->offset, &u, sizeof u);
}

/* The numbers of item (attrs[0..n)) from record r by columns c. */
static void set_numbers(const eg__egb_columns *c, const eg__attr *attrs, size_t n,
                        const unsigned char *r, void *item)
{
    for (size_t i = 0; i < n; i++) {
        const eg__attr *a = &attrs[i];
        if (!eg__attr_is_number(a)) continue;
        if (c->off[i])
            set_column(item, a, c->type[i], r + c->off[i]);
        else /* a measure the file does not keep */
            eg__attr_set_number(item, a, a->unset);
    }
}

void eg__egb_node_numbers(const eg__egb_layout *l, const unsigned char *r, eg_node *n)
{
    set_numbers(&l->node, eg__node_attrs, eg__n_node_attrs, r, n);
}

void eg__egb_edge_numbers(const eg__egb_layout *l, const unsigned char *r, eg_edge *e)
{
    set_numbers(&l->edge, eg__edge_attrs, eg__n_edge_attrs, r, e);
    e->kind = eg_edge_kind_find(egb_rd_u32(r + l->e_kind) ? "part_of" : "cooccurrence");
}

/* Evidence entry k's strings (k < n_ev). */
static int evidence_at(const eg_graph_map *m, strbuf b[2], uint64_t k, const char **doc,
                       const char **text)
{
    unsigned char r[EGB2_PAIR_SIZE];
    int rc;
    rd_entry(m, EGB2_EVIDENCE, k, EGB2_PAIR_SIZE, r);
    if ((rc = str_at(m, &b[0], egb_rd_u64(r), doc)) || (rc = str_at(m, &b[1], egb_rd_u64(r + 8), text)))
        return rc;
    return *doc && *text ? 0 : -1;
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
    size_t n_v = n_nodes + 2 * n_edges, nv = 0, ne = 0;
    uint32_t *v = NULL;
    size_t *e = NULL;
    strbuf b[7];
    unsigned char r[EGB3_MAX_NODE_SIZE > EGB3_MAX_EDGE_SIZE ? EGB3_MAX_NODE_SIZE : EGB3_MAX_EDGE_SIZE];
    const eg__egb_layout *l = &m->layout;
    int rc = -1;
    memset(b, 0, sizeof b);
    if (g->n_nodes || g->n_edges) return EG_EINVAL;
    if (n_edges > ((size_t)-1 / sizeof *v - n_nodes) / 2 || !(v = malloc((n_v ? n_v : 1) * sizeof *v)) ||
        !(e = malloc((n_edges ? n_edges : 1) * sizeof *e)))
        goto nomem;
    if (n_nodes) memcpy(v, nodes, n_nodes * sizeof *v);
    for (size_t i = 0; i < n_edges; i++) { /* and the ends of the edges */
        if (edges[i] >= m->n_edges) {
            st = EG_EINVAL;
            goto done;
        }
        if (edge_rec(m, edges[i], r)) goto damaged;
        v[n_nodes + 2 * i] = egb_rd_u32(r);
        v[n_nodes + 2 * i + 1] = egb_rd_u32(r + 4);
        e[i] = edges[i];
    }
    qsort(v, n_v, sizeof *v, u32_cmp);
    for (size_t i = 0; i < n_v; i++) /* each once */
        if (!nv || v[nv - 1] != v[i]) v[nv++] = v[i];
    qsort(e, n_edges, sizeof *e, size_cmp);
    for (size_t i = 0; i < n_edges; i++)
        if (!ne || e[ne - 1] != e[i]) e[ne++] = e[i];
    if ((st = read_meta(m, g, err))) goto done;
    for (size_t i = 0; i < nv; i++) {
        const char *s[7];
        if (v[i] >= m->n_nodes) {
            st = EG_EINVAL;
            goto done;
        }
        node_rec(m, v[i], r);
        for (int k = 0; k < 7; k++)
            if ((rc = node_str(m, &b[k], r, k, &s[k]))) goto damaged;
        if ((st = eg_graph_add_node(g, s[0], s[1], s[2], s[3], s[4], 0, 0, NULL))) goto st_fail;
        eg__egb_node_numbers(&m->layout, r, &g->nodes[i]);
        if ((s[5] || s[6]) && (st = eg_graph_set_dates(g, EG_GRAPH_NODE, i, s[5], s[6]))) goto st_fail;
    }
    for (size_t i = 0; i < ne; i++) {
        if (edge_rec(m, e[i], r)) goto damaged;
        uint32_t ends[2] = {egb_rd_u32(r), egb_rd_u32(r + 4)}, at[2];
        for (int k = 0; k < 2; k++) /* present: the ends were added above */
            at[k] = (uint32_t)((uint32_t *)bsearch(&ends[k], v, nv, sizeof *v, u32_cmp) - v);
        if ((st = eg_graph_add_edge_kind(g, at[0], at[1], 0, 0,
                                         egb_rd_u32(r + l->e_kind) ? "part_of" : "cooccurrence")))
            goto st_fail;
        eg__egb_edge_numbers(l, r, &g->edges[i]);
        const char *first, *last;
        if ((rc = str_at(m, &b[0], egb_rd_u64(r + l->e_first_date), &first)) ||
            (rc = str_at(m, &b[1], egb_rd_u64(r + l->e_last_date), &last)))
            goto damaged;
        if ((first || last) && (st = eg_graph_set_dates(g, EG_GRAPH_EDGE, i, first, last))) goto st_fail;
        uint64_t ev = egb_rd_u64(r + l->e_evidence), nev = egb_rd_u32(r + l->e_n_evidence);
        for (uint64_t k = 0; k < nev; k++) {
            const char *doc, *text;
            if ((rc = evidence_at(m, b, ev + k, &doc, &text))) goto damaged;
            if ((st = eg_graph_add_evidence(g, i, doc, text))) goto st_fail;
        }
    }
    st = eg__graph_check(g, m->path, err);
    goto done;
st_fail:
    if (st == EG_ENOMEM) goto nomem;
    goto done;
damaged:
    st = rc == -2 ? nomem(m, err) : bad(m, err);
    goto done;
nomem:
    st = nomem(m, err);
done:
    if (st) eg_graph_destroy(g);
    for (int k = 0; k < 7; k++) free(b[k].p);
    free(v);
    free(e);
    return st;
}

eg_status eg__egb2_load(eg_graph *g, const char *path, eg_error *err)
{
    eg_status st;
    eg_graph_map *m = NULL;
    unsigned char *buf = NULL;
    strbuf sb[7]; /* unused from memory: strings point into buf */
    memset(sb, 0, sizeof sb);
    if (g->n_nodes || g->n_edges || g->window)
        return eg__error(err, EG_EINVAL, path, 0, 0, "the graph to load into is not empty");
    if (!(m = calloc(1, sizeof *m)) || !(m->path = strdup(path))) {
        free(m);
        return eg__error(err, EG_ENOMEM, path, 0, 0, "out of memory");
    }
    m->fd = -1;
    /* read whole: the graph's strings point into the buffer, which the
     * graph then owns (eg__graph_adopt_strings) */
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
        st = nomem(m, err);
        goto fail;
    }
    if (fread(buf, 1, (size_t)sz, fp) != (size_t)sz) {
        int e = errno;
        fclose(fp);
        st = eg__error(err, EG_EIO, path, 0, 0, "cannot read: %s", strerror(e));
        goto fail;
    }
    fclose(fp);
    m->base = buf;
    m->size = (uint64_t)sz;
    if ((st = map_init(m, err)) || (st = read_small_tables(m, err)) || (st = read_meta(m, g, err)))
        goto fail;
    size_t nn = (size_t)m->n_nodes, ne = (size_t)m->n_edges, nev = (size_t)m->n_ev;
    eg_evidence *ev = NULL;
    if (eg__graph_reserve(g, nn, ne) || (nev && eg__graph_evidence_block(g, nev, &ev)) ||
        eg__graph_adopt_strings(g, (char *)buf, (size_t)sz)) {
        st = nomem(m, err);
        goto fail;
    }
    /* the graph owns the buffer from here on (eg_graph_destroy frees it) */
    buf = NULL;
    for (size_t k = 0; k < nev; k++) {
        const char *doc, *text;
        if (evidence_at(m, sb, k, &doc, &text)) goto damaged;
        ev[k] = (eg_evidence){(char *)(uintptr_t)doc, (char *)(uintptr_t)text};
    }
    for (size_t i = 0; i < nn; i++, g->n_nodes++) {
        eg_node *n = &g->nodes[i];
        unsigned char r[EGB3_MAX_NODE_SIZE];
        const char *s[7];
        node_rec(m, i, r);
        for (int k = 0; k < 7; k++)
            if (node_str(m, &sb[k], r, k, &s[k])) goto damaged;
        char **dst[] = {&n->id, &n->label, &n->type, &n->aliases, &n->source, &n->first_date, &n->last_date};
        for (int k = 0; k < 7; k++) *dst[k] = (char *)(uintptr_t)s[k];
        eg__egb_node_numbers(&m->layout, r, n);
    }
    for (size_t i = 0; i < ne; i++, g->n_edges++) {
        eg_edge *e = &g->edges[i];
        unsigned char r[EGB3_MAX_EDGE_SIZE];
        const eg__egb_layout *l = &m->layout;
        const char *first, *last;
        if (edge_rec(m, i, r) || str_at(m, &sb[0], egb_rd_u64(r + l->e_first_date), &first) ||
            str_at(m, &sb[1], egb_rd_u64(r + l->e_last_date), &last))
            goto damaged;
        e->source = egb_rd_u32(r);
        e->target = egb_rd_u32(r + 4);
        eg__egb_edge_numbers(l, r, e);
        e->first_date = (char *)(uintptr_t)first;
        e->last_date = (char *)(uintptr_t)last;
        e->n_evidence = egb_rd_u32(r + l->e_n_evidence);
        e->evidence = e->n_evidence ? ev + egb_rd_u64(r + l->e_evidence) : NULL;
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
            st = nomem(m, err);
            goto fail;
        }
    }
    eg__strmap_free(&ids);
    /* the same rules as every other loader (graph_check.c) */
    if ((st = eg__graph_check(g, path, err))) goto fail;
    map_free(m);
    return EG_OK;
damaged:
    st = bad(m, err);
fail:
    map_free(m);
    free(buf);
    eg_graph_destroy(g);
    return st;
}
