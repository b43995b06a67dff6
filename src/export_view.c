/* Which part of a graph the page (export_html.c) and the picture
 * (export_svg.c) show when the whole would be too big for a browser or a
 * slide: the most important nodes and the heaviest edges among them. */
#include <math.h>
#include <stdlib.h>

#include "entgraph/graph.h"
#include "internal.h"

typedef struct ranked {
    double key;
    uint32_t index;
} ranked;

/* descending key, then ascending index: a total order, so qsort's result
 * does not depend on its algorithm */
static int ranked_cmp(const void *pa, const void *pb)
{
    const ranked *a = pa, *b = pb;
    if (a->key != b->key) return a->key > b->key ? -1 : 1;
    return (a->index > b->index) - (a->index < b->index);
}

static double finite_or_low(double v) { return isfinite(v) ? v : -HUGE_VAL; }

/* Marks the top max of n keys in keep (all when max is 0 or >= n). */
static eg_status keep_top(size_t n, size_t max, const double *keys, unsigned char *keep)
{
    if (!max || max >= n) {
        for (size_t i = 0; i < n; i++) keep[i] = 1;
        return EG_OK;
    }
    ranked *r = malloc(n * sizeof *r);
    if (!r) return EG_ENOMEM;
    for (size_t i = 0; i < n; i++) {
        r[i].key = finite_or_low(keys[i]);
        r[i].index = (uint32_t)i;
        keep[i] = 0;
    }
    qsort(r, n, sizeof *r, ranked_cmp);
    for (size_t i = 0; i < max; i++) keep[r[i].index] = 1;
    free(r);
    return EG_OK;
}

eg_status eg__view_select(const eg_graph *g, size_t max_nodes, size_t max_edges, eg__view *v)
{
    eg_status st = EG_ENOMEM;
    size_t n = g->n_nodes, m = g->n_edges, kept_m = 0;
    unsigned char *keep_n = malloc(n ? n : 1), *keep_e = malloc(m ? m : 1);
    uint32_t *cand = NULL;
    double *keys = NULL;
    v->nodes = malloc((n ? n : 1) * sizeof *v->nodes);
    v->remap = malloc((n ? n : 1) * sizeof *v->remap);
    v->edges = malloc((m ? m : 1) * sizeof *v->edges);
    v->n_nodes = v->n_edges = 0;
    keys = calloc(n > m ? n : m ? m : 1, sizeof *keys);
    if (!keep_n || !keep_e || !v->nodes || !v->remap || !v->edges || !keys) goto fail;
    for (size_t i = 0; i < n; i++) keys[i] = g->nodes[i].pagerank;
    if ((st = keep_top(n, max_nodes, keys, keep_n))) goto fail;
    for (size_t i = 0; i < n; i++) {
        v->remap[i] = keep_n[i] ? (uint32_t)v->n_nodes : UINT32_MAX;
        if (keep_n[i]) v->nodes[v->n_nodes++] = (uint32_t)i;
    }
    /* the edges between kept nodes, then the heaviest of those */
    st = EG_ENOMEM;
    if (!(cand = malloc((m ? m : 1) * sizeof *cand))) goto fail;
    for (size_t i = 0; i < m; i++)
        if (g->edges[i].source < n && g->edges[i].target < n && keep_n[g->edges[i].source] &&
            keep_n[g->edges[i].target])
            cand[kept_m++] = (uint32_t)i;
    for (size_t k = 0; k < kept_m; k++) keys[k] = g->edges[cand[k]].weight;
    if ((st = keep_top(kept_m, max_edges, keys, keep_e))) goto fail;
    for (size_t k = 0; k < kept_m; k++)
        if (keep_e[k]) v->edges[v->n_edges++] = cand[k];
    st = EG_OK;
fail:
    free(keep_n);
    free(keep_e);
    free(cand);
    free(keys);
    if (st) eg__view_free(v);
    return st;
}

void eg__view_free(eg__view *v)
{
    free(v->nodes);
    free(v->edges);
    free(v->remap);
    v->nodes = v->edges = v->remap = NULL;
    v->n_nodes = v->n_edges = 0;
}
