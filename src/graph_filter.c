/* Filters on a built graph: which nodes and edges 'entgraph build' keeps.
 * Plain C (no igraph): union-find for components, sorting for the top-N
 * filters. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "entgraph/graph.h"
#include "internal.h"

void eg_graph_keep_edges(eg_graph *g, const unsigned char *keep)
{
    size_t out = 0;
    for (size_t i = 0; i < g->n_edges; i++) {
        if (keep[i])
            g->edges[out++] = g->edges[i];
        else
            eg__edge_free(g, &g->edges[i]);
    }
    g->n_edges = out;
}

eg_status eg_graph_keep_nodes(eg_graph *g, const unsigned char *keep)
{
    size_t bytes, out = 0;
    uint32_t *index = NULL;
    unsigned char *keep_edge = NULL;
    if (eg__mul_overflow(g->n_nodes ? g->n_nodes : 1, sizeof *index, &bytes) ||
        !(index = malloc(bytes)) || !(keep_edge = malloc(g->n_edges ? g->n_edges : 1))) {
        free(index);
        return EG_ENOMEM;
    }
    for (size_t i = 0; i < g->n_nodes; i++) index[i] = keep[i] ? (uint32_t)out++ : UINT32_MAX;
    for (size_t i = 0; i < g->n_edges; i++)
        keep_edge[i] = keep[g->edges[i].source] && keep[g->edges[i].target];
    eg_graph_keep_edges(g, keep_edge);
    for (size_t i = 0; i < g->n_edges; i++) {
        /* indexes keep their order, so source < target still holds */
        g->edges[i].source = index[g->edges[i].source];
        g->edges[i].target = index[g->edges[i].target];
    }
    out = 0;
    for (size_t i = 0; i < g->n_nodes; i++) {
        if (keep[i])
            g->nodes[out++] = g->nodes[i];
        else
            eg__node_free(g, &g->nodes[i]);
    }
    g->n_nodes = out;
    free(index);
    free(keep_edge);
    return EG_OK;
}

/* Whether type is one of the comma-separated entries of list (ASCII case
 * ignored, spaces around entries allowed). */
static int type_listed(const char *list, const char *type)
{
    size_t tl = strlen(type);
    for (const char *p = list; *p;) {
        while (*p == ' ' || *p == ',') p++;
        const char *end = p;
        while (*end && *end != ',') end++;
        const char *last = end;
        while (last > p && last[-1] == ' ') last--;
        if ((size_t)(last - p) == tl && tl && !strncasecmp(p, type, tl)) return 1;
        p = end;
    }
    return 0;
}

typedef struct weight_key {
    double weight;
    size_t edge;
} weight_key;

/* Heaviest first; equal weights in edge order (total, so deterministic). */
static int weight_key_cmp(const void *pa, const void *pb)
{
    const weight_key *a = pa, *b = pb;
    if (a->weight != b->weight) return a->weight > b->weight ? -1 : 1;
    return (a->edge > b->edge) - (a->edge < b->edge);
}

static int is_cooc(const eg_edge *e)
{
    return e->count > 0 || strcmp(e->kind, "part_of") != 0;
}

/* Keeps co-occurrence edges among the K heaviest of one of their ends. */
static eg_status top_per_node(eg_graph *g, size_t k)
{
    eg_status st = EG_ENOMEM;
    size_t n = g->n_nodes, e = g->n_edges, bytes;
    size_t *start = NULL, *fill = NULL;
    weight_key *inc = NULL;
    unsigned char *keep = NULL;
    if (!(start = calloc(n + 1, sizeof *start)) || !(fill = calloc(n + 1, sizeof *fill)) ||
        eg__mul_overflow(e ? 2 * e : 1, sizeof *inc, &bytes) || !(inc = malloc(bytes)) ||
        !(keep = calloc(e ? e : 1, 1)))
        goto fail;
    for (size_t i = 0; i < e; i++) {
        if (!is_cooc(&g->edges[i])) {
            keep[i] = 1;
            continue;
        }
        start[g->edges[i].source + 1]++;
        start[g->edges[i].target + 1]++;
    }
    for (size_t v = 0; v < n; v++) start[v + 1] += start[v];
    for (size_t i = 0; i < e; i++) {
        const eg_edge *x = &g->edges[i];
        if (!is_cooc(x)) continue;
        inc[start[x->source] + fill[x->source]++] = (weight_key){x->weight, i};
        inc[start[x->target] + fill[x->target]++] = (weight_key){x->weight, i};
    }
    for (size_t v = 0; v < n; v++) {
        size_t deg = start[v + 1] - start[v];
        qsort(inc + start[v], deg, sizeof *inc, weight_key_cmp);
        for (size_t j = 0; j < deg && j < k; j++) keep[inc[start[v] + j].edge] = 1;
    }
    eg_graph_keep_edges(g, keep);
    st = EG_OK;
fail:
    free(start);
    free(fill);
    free(inc);
    free(keep);
    return st;
}

static eg_status top_edges(eg_graph *g, size_t k)
{
    size_t e = g->n_edges, bytes, m = 0;
    weight_key *keys = NULL;
    unsigned char *keep = NULL;
    if (eg__mul_overflow(e ? e : 1, sizeof *keys, &bytes) || !(keys = malloc(bytes)) ||
        !(keep = calloc(e ? e : 1, 1))) {
        free(keys);
        return EG_ENOMEM;
    }
    for (size_t i = 0; i < e; i++) {
        if (is_cooc(&g->edges[i]))
            keys[m++] = (weight_key){g->edges[i].weight, i};
        else
            keep[i] = 1;
    }
    qsort(keys, m, sizeof *keys, weight_key_cmp);
    for (size_t j = 0; j < m && j < k; j++) keep[keys[j].edge] = 1;
    eg_graph_keep_edges(g, keep);
    free(keys);
    free(keep);
    return EG_OK;
}

static eg_status largest_component(eg_graph *g)
{
    size_t n = g->n_nodes, n_comp = 0, bytes, best = 0;
    uint32_t *comp = NULL;
    size_t *size = NULL;
    unsigned char *keep = NULL;
    eg_status st = EG_ENOMEM;
    if (!n) return EG_OK;
    if (eg__mul_overflow(n, sizeof *comp, &bytes) || !(comp = malloc(bytes)) ||
        !(size = calloc(n, sizeof *size)) || !(keep = malloc(n)))
        goto fail;
    if ((st = eg__components(g, comp, &n_comp))) goto fail;
    for (size_t v = 0; v < n; v++) size[comp[v]]++;
    for (size_t c = 1; c < n_comp; c++)
        if (size[c] > size[best]) best = c;
    for (size_t v = 0; v < n; v++) keep[v] = comp[v] == best;
    st = eg_graph_keep_nodes(g, keep);
fail:
    free(comp);
    free(size);
    free(keep);
    return st;
}

eg_status eg_graph_filter(eg_graph *g, const eg_filter *f)
{
    eg_status st;
    if (f->types || f->min_count) {
        unsigned char *keep = malloc(g->n_nodes ? g->n_nodes : 1);
        if (!keep) return EG_ENOMEM;
        for (size_t v = 0; v < g->n_nodes; v++)
            keep[v] = (!f->types || type_listed(f->types, g->nodes[v].type)) &&
                      g->nodes[v].count >= f->min_count;
        st = eg_graph_keep_nodes(g, keep);
        free(keep);
        if (st) return st;
    }
    if (f->min_weight > 0 || f->min_docs) {
        unsigned char *keep = malloc(g->n_edges ? g->n_edges : 1);
        if (!keep) return EG_ENOMEM;
        for (size_t i = 0; i < g->n_edges; i++) {
            const eg_edge *e = &g->edges[i];
            keep[i] = !is_cooc(e) || (e->weight >= f->min_weight && e->docs >= f->min_docs);
        }
        eg_graph_keep_edges(g, keep);
        free(keep);
    }
    if (f->top_per_node && (st = top_per_node(g, f->top_per_node))) return st;
    if (f->top_edges && (st = top_edges(g, f->top_edges))) return st;
    if (f->isolates_dropped) *f->isolates_dropped = 0;
    if (!f->keep_isolates && (f->min_weight > 0 || f->min_docs || f->top_per_node || f->top_edges)) {
        /* a node the edge filters cut off tells nothing about the links
         * kept: it goes with them */
        unsigned char *keep = calloc(g->n_nodes ? g->n_nodes : 1, 1);
        if (!keep) return EG_ENOMEM;
        for (size_t i = 0; i < g->n_edges; i++) keep[g->edges[i].source] = keep[g->edges[i].target] = 1;
        size_t n = g->n_nodes;
        st = eg_graph_keep_nodes(g, keep);
        free(keep);
        if (st) return st;
        if (f->isolates_dropped) *f->isolates_dropped = n - g->n_nodes;
    }
    if (f->largest_component && (st = largest_component(g))) return st;
    return EG_OK;
}
