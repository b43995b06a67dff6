/* The first binary graph form ('graph.egb' version 1), read so that graphs
 * built before version 2 still load; entgraph now writes version 2, the
 * indexed form (egb_index.h), which eg_graph_load_egb() hands to
 * egb_map.c.
 *
 * Layout (host byte order, checked by a marker; all offsets in bytes):
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
#include <stdlib.h>
#include <string.h>

#include "entgraph/export.h"
#include "entgraph/graph.h"
#include "graph_check.h"
#include "graph_impl.h"
#include "egb_index.h"
#include "internal.h"
#include "util.h"

#define MAGIC "EGB1"
#define BYTE_ORDER_MARK 0x01020304u
#define VERSION 1u
#define NO_STRING UINT64_MAX
#define HEADER_SIZE 208
#define NODE_SIZE 144
#define EDGE_SIZE 88
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
    unsigned char *buf = NULL;
    size_t size = 0;
    int ok = 1;
    if (g->n_nodes || g->n_edges || g->window)
        return eg__error(err, EG_EINVAL, path, 0, 0, "the graph to load into is not empty");
    FILE *fp = fopen(path, "rb");
    if (!fp) {
        int e = errno;
        return eg__error(err, EG_EIO, path, 0, 0, "cannot open: %s", strerror(e));
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
    if (!(buf = malloc(size))) {
        fclose(fp);
        return eg__error(err, EG_ENOMEM, path, 0, 0, "out of memory");
    }
    if (fread(buf, 1, size, fp) != size) {
        int e = errno;
        fclose(fp);
        free(buf);
        return eg__error(err, EG_EIO, path, 0, 0, "cannot read: %s", strerror(e));
    }
    fclose(fp);
    if (!memcmp(buf, EGB2_MAGIC, 4)) { /* the indexed form */
        free(buf);
        return eg__egb2_load(g, path, err);
    }
    if (memcmp(buf, MAGIC, 4) || egb_rd_u32(buf + 4) != BYTE_ORDER_MARK) {
        free(buf);
        return eg__error(err, EG_EPARSE, path, 0, 0, "not an entgraph binary graph");
    }
    if (egb_rd_u32(buf + 8) != VERSION) {
        unsigned long version = egb_rd_u32(buf + 8);
        free(buf);
        return eg__error(err, EG_EPARSE, path, 0, 0, "binary graph version %lu, expected %u",
                         version, VERSION);
    }
    uint64_t nn = egb_rd_u64(buf + 16), ne = egb_rd_u64(buf + 24), nev = egb_rd_u64(buf + 32),
             pool_len = egb_rd_u64(buf + 40);
    /* each count is bounded by the file size before any product is taken */
    if (nn > size / NODE_SIZE || ne > size / EDGE_SIZE || nev > size / EVIDENCE_SIZE ||
        pool_len > size || nn >= UINT32_MAX ||
        HEADER_SIZE + nn * NODE_SIZE + ne * EDGE_SIZE + nev * EVIDENCE_SIZE + pool_len != size ||
        (pool_len && buf[size - 1] != '\0')) {
        free(buf);
        return eg__error(err, EG_EPARSE, path, 0, 0, "binary graph is truncated or inconsistent");
    }
    const unsigned char *h = buf + 48, *nodes = buf + HEADER_SIZE,
                        *edges = nodes + nn * NODE_SIZE, *evs = edges + ne * EDGE_SIZE;
    char *pool = (char *)buf + (size - pool_len);
    /* the graph's strings point into the file's bytes, which it then owns */
    if (eg__graph_adopt_strings(g, (char *)buf, size)) {
        free(buf);
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
    for (uint64_t i = 0; i < nn && ok; i++, g->n_nodes++) {
        const unsigned char *r = nodes + i * NODE_SIZE;
        eg_node *n = &g->nodes[i];
        char **s[] = {&n->id, &n->label, &n->type, &n->aliases, &n->source, &n->first_date, &n->last_date};
        for (size_t k = 0; k < 7; k++) *s[k] = pool_at(pool, pool_len, egb_rd_u64(r + 8 * k), &ok);
        if (!n->id || !n->label || !n->type || !n->aliases || !n->source) ok = 0;
        n->count = egb_rd_u64(r + 56);
        n->docs = egb_rd_u64(r + 64);
        double *d[] = {&n->degree, &n->strength, &n->pagerank, &n->betweenness, &n->x, &n->y, &n->size};
        for (size_t k = 0; k < 7; k++) *d[k] = egb_rd_f64(r + 72 + 8 * k);
        n->community = (int32_t)egb_rd_u32(r + 128);
        n->core = egb_rd_u32(r + 132);
        n->r = r[136];
        n->g = r[137];
        n->b = r[138];
    }
    for (uint64_t i = 0; i < ne && ok; i++, g->n_edges++) {
        const unsigned char *r = edges + i * EDGE_SIZE;
        eg_edge *e = &g->edges[i];
        e->source = egb_rd_u32(r);
        e->target = egb_rd_u32(r + 4);
        e->weight = egb_rd_f64(r + 8);
        e->count = egb_rd_u64(r + 16);
        e->docs = egb_rd_u64(r + 24);
        e->jaccard = egb_rd_f64(r + 32);
        e->npmi = egb_rd_f64(r + 40);
        e->association = egb_rd_f64(r + 48);
        uint32_t kind = egb_rd_u32(r + 56);
        e->kind = eg_edge_kind_find(kind ? "part_of" : "cooccurrence");
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
