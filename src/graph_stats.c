/* The counts a graph is summarised by (graph.h: eg_graph_stats), in one
 * place for the build summary, 'query stats' and the egb header. */
#include <stdlib.h>
#include <string.h>

#include "entgraph/graph.h"
#include "internal.h"

static int str_ptr_cmp(const void *pa, const void *pb)
{
    return strcmp(*(const char *const *)pa, *(const char *const *)pb);
}

eg_status eg_graph_stats_get(const eg_graph *g, eg_graph_stats *out)
{
    size_t nn = g->n_nodes, slots = nn ? nn : 1, nt = 0, bytes;
    const char **types = NULL;
    size_t *counts = NULL;
    uint32_t *comp = NULL;
    unsigned char *linked = NULL;
    memset(out, 0, sizeof *out);
    if (eg__mul_overflow(slots, sizeof *types, &bytes) || !(types = malloc(bytes)) ||
        !(counts = calloc(slots, sizeof *counts)) || !(comp = malloc(slots * sizeof *comp)) ||
        !(linked = calloc(slots, 1)) || eg__components(g, comp, &out->n_components))
        goto nomem;
    for (size_t i = 0; i < nn; i++) types[i] = g->nodes[i].type ? g->nodes[i].type : "";
    qsort(types, nn, sizeof *types, str_ptr_cmp);
    for (size_t i = 0; i < nn; i++) {
        if (!nt || strcmp(types[nt - 1], types[i])) types[nt++] = types[i];
        counts[nt - 1]++;
    }
    for (size_t i = 0; i < g->n_edges; i++) {
        const eg_edge *e = &g->edges[i];
        out->n_part_of += e->kind && !strcmp(e->kind, "part_of");
        linked[e->source] = linked[e->target] = 1;
    }
    for (size_t i = 0; i < nn; i++) out->n_isolated += !linked[i];
    free(comp);
    free(linked);
    out->n_nodes = nn;
    out->n_edges = g->n_edges;
    out->n_cooccurrence = g->n_edges - out->n_part_of;
    out->n_types = nt;
    out->types = types;
    out->type_counts = counts;
    return EG_OK;
nomem:
    free(types);
    free(counts);
    free(comp);
    free(linked);
    memset(out, 0, sizeof *out);
    return EG_ENOMEM;
}

void eg_graph_stats_free(eg_graph_stats *s)
{
    if (!s) return;
    free(s->types);
    free(s->type_counts);
    s->types = NULL;
    s->type_counts = NULL;
}
