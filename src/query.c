/* Queries on a built graph: neighbours, top entities, similar names. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "entgraph/query.h"
#include "internal.h"

static const char *const measure_names[] = {"degree", "strength", "pagerank", "count", "docs"};
#define N_MEASURES (sizeof measure_names / sizeof measure_names[0])

eg_status eg_measure_parse(const char *name, eg_measure *out)
{
    for (size_t i = 0; name && i < N_MEASURES; i++) {
        if (!strcmp(name, measure_names[i])) {
            *out = (eg_measure)i;
            return EG_OK;
        }
    }
    return EG_EINVAL;
}

const char *eg_measure_name(eg_measure m)
{
    return (unsigned)m < N_MEASURES ? measure_names[m] : "unknown";
}

double eg_node_measure(const eg_node *n, eg_measure m)
{
    switch (m) {
    case EG_MEASURE_DEGREE: return n->degree;
    case EG_MEASURE_STRENGTH: return n->strength;
    case EG_MEASURE_PAGERANK: return n->pagerank;
    case EG_MEASURE_COUNT: return (double)n->count;
    case EG_MEASURE_DOCS: return (double)n->docs;
    }
    return NAN;
}

void eg_query_free(void *results)
{
    free(results);
}

static int type_matches(const eg_node *n, const char *type)
{
    return !type || !strcasecmp(n->type, type);
}

/* malloc(n * size) with the product checked; a zero count allocates one
 * element so that NULL always means failure. */
static void *alloc_array(size_t n, size_t size)
{
    size_t bytes;
    if (eg__mul_overflow(n ? n : 1, size, &bytes)) return NULL;
    return malloc(bytes);
}

/* Ties on the main key fall back to label, then id: ids are unique, so the
 * order is total and does not depend on qsort's (unstable) algorithm. */
static int name_cmp(const eg_node *a, const eg_node *b)
{
    int c = strcmp(a->label, b->label);
    return c ? c : strcmp(a->id, b->id);
}

typedef struct neighbor_key {
    eg_neighbor nb;
    const eg_node *node;
} neighbor_key;

static int neighbor_key_cmp(const void *pa, const void *pb)
{
    const neighbor_key *a = pa, *b = pb;
    if (a->nb.weight != b->nb.weight) return a->nb.weight > b->nb.weight ? -1 : 1;
    int c = name_cmp(a->node, b->node);
    if (c) return c;
    return (a->nb.edge > b->nb.edge) - (a->nb.edge < b->nb.edge);
}

eg_status eg_query_neighbors(const eg_graph *g, uint32_t node, const char *type,
                             size_t limit, eg_neighbor **out, size_t *n_out)
{
    eg_status st = EG_OK;
    neighbor_key *keys = NULL;
    eg_neighbor *result = NULL;
    size_t k = 0;
    if (node >= g->n_nodes) return EG_EINVAL;
    for (size_t i = 0; i < g->n_edges; i++) {
        const eg_edge *e = &g->edges[i];
        if (e->source == node || e->target == node) k++;
    }
    if (!(keys = alloc_array(k, sizeof *keys))) {
        st = EG_ENOMEM;
        goto fail;
    }
    k = 0;
    for (size_t i = 0; i < g->n_edges; i++) {
        const eg_edge *e = &g->edges[i];
        uint32_t other;
        if (e->source == node)
            other = e->target;
        else if (e->target == node)
            other = e->source;
        else
            continue;
        if (other >= g->n_nodes || !type_matches(&g->nodes[other], type)) continue;
        keys[k++] = (neighbor_key){{other, i, e->weight, e->docs}, &g->nodes[other]};
    }
    qsort(keys, k, sizeof *keys, neighbor_key_cmp);
    if (limit && k > limit) k = limit;
    if (k) {
        if (!(result = alloc_array(k, sizeof *result))) {
            st = EG_ENOMEM;
            goto fail;
        }
        for (size_t i = 0; i < k; i++) result[i] = keys[i].nb;
    }
    *out = result;
    *n_out = k;
fail:
    free(keys);
    return st;
}

typedef struct top_key {
    double value;
    const eg_node *node;
    uint32_t index;
} top_key;

static int top_key_cmp(const void *pa, const void *pb)
{
    const top_key *a = pa, *b = pb;
    int a_nan = isnan(a->value), b_nan = isnan(b->value);
    if (a_nan != b_nan) return a_nan - b_nan;
    if (!a_nan && a->value != b->value) return a->value > b->value ? -1 : 1;
    int c = name_cmp(a->node, b->node);
    if (c) return c;
    return (a->index > b->index) - (a->index < b->index);
}

eg_status eg_query_top(const eg_graph *g, eg_measure by, const char *type, size_t limit,
                       uint32_t **out, size_t *n_out)
{
    eg_status st = EG_OK;
    top_key *keys = NULL;
    uint32_t *result = NULL;
    size_t k = 0;
    if ((unsigned)by >= N_MEASURES) return EG_EINVAL;
    if (!(keys = alloc_array(g->n_nodes, sizeof *keys))) {
        st = EG_ENOMEM;
        goto fail;
    }
    for (size_t i = 0; i < g->n_nodes; i++) {
        const eg_node *n = &g->nodes[i];
        if (type_matches(n, type)) keys[k++] = (top_key){eg_node_measure(n, by), n, (uint32_t)i};
    }
    qsort(keys, k, sizeof *keys, top_key_cmp);
    if (limit && k > limit) k = limit;
    if (k) {
        if (!(result = alloc_array(k, sizeof *result))) {
            st = EG_ENOMEM;
            goto fail;
        }
        for (size_t i = 0; i < k; i++) result[i] = keys[i].index;
    }
    *out = result;
    *n_out = k;
fail:
    free(keys);
    return st;
}

static uint32_t fold_ascii(uint32_t cp)
{
    return cp >= 'A' && cp <= 'Z' ? cp + ('a' - 'A') : cp;
}

/* How many of the distinct code points cps[0..n) occur in s. */
static size_t shared_chars(const uint32_t *cps, size_t n, const char *s)
{
    size_t shared = 0, len = strlen(s);
    for (size_t i = 0; i < n; i++) {
        const unsigned char *p = (const unsigned char *)s;
        size_t left = len;
        while (left) {
            uint32_t cp;
            size_t k = eg__utf8_next(p, left, &cp);
            if (fold_ascii(cp) == cps[i]) {
                shared++;
                break;
            }
            p += k;
            left -= k;
        }
    }
    return shared;
}

/* Resemblance of candidate (len bytes, not NUL-terminated when part of an
 * alias list) to the query: 0 for none, larger is closer. */
#define CONTAINS_BONUS ((size_t)1 << 24)
static size_t resemblance(const char *query, const uint32_t *cps, size_t n_cps,
                          const char *candidate, size_t len, char *scratch)
{
    if (!len || !n_cps) return 0;
    memcpy(scratch, candidate, len);
    scratch[len] = '\0';
    size_t shared = shared_chars(cps, n_cps, scratch);
    if (strstr(scratch, query) || strstr(query, scratch)) return CONTAINS_BONUS + shared;
    return shared * 2 >= n_cps ? shared : 0;
}

typedef struct similar_key {
    size_t score;
    const eg_node *node;
    uint32_t index;
} similar_key;

static int similar_key_cmp(const void *pa, const void *pb)
{
    const similar_key *a = pa, *b = pb;
    if (a->score != b->score) return a->score > b->score ? -1 : 1;
    int c = name_cmp(a->node, b->node);
    if (c) return c;
    return (a->index > b->index) - (a->index < b->index);
}

eg_status eg_query_similar(const eg_graph *g, const char *name, size_t limit,
                           uint32_t **out, size_t *n_out)
{
    eg_status st = EG_OK;
    uint32_t *cps = NULL, *result = NULL;
    similar_key *keys = NULL;
    char *scratch = NULL;
    size_t n_cps = 0, k = 0, longest = 0, size;
    const unsigned char *p = (const unsigned char *)name;
    size_t left = strlen(name);

    /* the query's distinct code points */
    if (!(cps = alloc_array(left, sizeof *cps))) {
        st = EG_ENOMEM;
        goto fail;
    }
    while (left) {
        uint32_t cp;
        size_t len = eg__utf8_next(p, left, &cp), j;
        cp = fold_ascii(cp);
        for (j = 0; j < n_cps && cps[j] != cp; j++) {}
        if (j == n_cps && cp != ' ') cps[n_cps++] = cp;
        p += len;
        left -= len;
    }

    for (size_t i = 0; i < g->n_nodes; i++) {
        const eg_node *n = &g->nodes[i];
        size_t lens[] = {strlen(n->id), strlen(n->label), strlen(n->aliases)};
        for (size_t j = 0; j < 3; j++)
            if (lens[j] > longest) longest = lens[j];
    }
    if (eg__add_overflow(longest, 1, &size) || !(scratch = malloc(size)) ||
        !(keys = alloc_array(g->n_nodes, sizeof *keys))) {
        st = EG_ENOMEM;
        goto fail;
    }
    for (size_t i = 0; i < g->n_nodes; i++) {
        const eg_node *n = &g->nodes[i];
        size_t best = resemblance(name, cps, n_cps, n->id, strlen(n->id), scratch);
        size_t r = resemblance(name, cps, n_cps, n->label, strlen(n->label), scratch);
        if (r > best) best = r;
        for (const char *a = n->aliases, *bar; a; a = bar ? bar + 1 : NULL) {
            bar = strchr(a, '|');
            r = resemblance(name, cps, n_cps, a, bar ? (size_t)(bar - a) : strlen(a), scratch);
            if (r > best) best = r;
        }
        if (best) keys[k++] = (similar_key){best, n, (uint32_t)i};
    }
    qsort(keys, k, sizeof *keys, similar_key_cmp);
    if (limit && k > limit) k = limit;
    if (k) {
        if (!(result = alloc_array(k, sizeof *result))) {
            st = EG_ENOMEM;
            goto fail;
        }
        for (size_t i = 0; i < k; i++) result[i] = keys[i].index;
    }
    *out = result;
    *n_out = k;
fail:
    free(cps);
    free(scratch);
    free(keys);
    return st;
}
