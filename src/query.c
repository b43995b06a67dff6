/* Queries on a built graph: neighbours, top entities, similar names. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "entgraph/query.h"
#include "graph_attrs.h"
#include "internal.h"
#include "util.h"

/* The measures 'query top --by' ranks by are the node attributes the
 * table ranks (graph_attrs.c), numbered as eg_measure. */
#define N_MEASURES eg__n_measures()

eg_status eg_measure_parse(const char *name, eg_measure *out)
{
    for (unsigned i = 0; name && i < N_MEASURES; i++) {
        if (!strcmp(name, eg__measure_attr(i)->name)) {
            *out = (eg_measure)i;
            return EG_OK;
        }
    }
    return EG_EINVAL;
}

const char *eg_measure_name(eg_measure m)
{
    const eg__attr *a = eg__measure_attr((unsigned)m);
    return a ? a->name : "unknown";
}

unsigned eg_measure_count(void)
{
    return N_MEASURES;
}

double eg_node_measure(const eg_node *n, eg_measure m)
{
    const eg__attr *a = eg__measure_attr((unsigned)m);
    return a ? eg__attr_number(n, a) : NAN;
}

void eg_query_free_nodes(uint32_t *nodes) { free(nodes); }

void eg_query_free_edges(size_t *edges) { free(edges); }

void eg_query_free_neighbors(eg_neighbor *neighbors) { free(neighbors); }

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
    int c = eg__rank_cmp(a->value, b->value);
    if (c) return c;
    c = name_cmp(a->node, b->node);
    if (c) return c;
    return (a->index > b->index) - (a->index < b->index);
}

/* The answer of top, similar and find: keys[0..k) sorted (top_key_cmp),
 * the first limit of them (0: all) as a new array of node indexes in *out
 * (NULL when empty), *n_out its length. keys stays the caller's.
 * EG_ENOMEM, and *out, *n_out untouched. O(k log k). */
static eg_status rank_nodes(top_key *keys, size_t k, size_t limit, uint32_t **out, size_t *n_out)
{
    uint32_t *result = NULL;
    qsort(keys, k, sizeof *keys, top_key_cmp);
    if (limit && k > limit) k = limit;
    if (k && !(result = alloc_array(k, sizeof *result))) return EG_ENOMEM;
    for (size_t i = 0; i < k; i++) result[i] = keys[i].index;
    *out = result;
    *n_out = k;
    return EG_OK;
}

eg_status eg_query_top(const eg_graph *g, eg_measure by, const char *type, size_t limit,
                       uint32_t **out, size_t *n_out)
{
    top_key *keys;
    size_t k = 0;
    if ((unsigned)by >= N_MEASURES) return EG_EINVAL;
    if (!(keys = alloc_array(g->n_nodes, sizeof *keys))) return EG_ENOMEM;
    for (size_t i = 0; i < g->n_nodes; i++) {
        const eg_node *n = &g->nodes[i];
        if (type_matches(n, type)) keys[k++] = (top_key){eg_node_measure(n, by), n, (uint32_t)i};
    }
    eg_status st = rank_nodes(keys, k, limit, out, n_out);
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

eg_status eg_query_similar(const eg_graph *g, const char *name, size_t limit,
                           uint32_t **out, size_t *n_out)
{
    eg_status st = EG_OK;
    uint32_t *cps = NULL;
    top_key *keys = NULL; /* the value: how much a node resembles name */
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
        const char *list = n->aliases, *a;
        size_t l;
        while (eg__list_next(&list, &a, &l)) {
            r = resemblance(name, cps, n_cps, a, l, scratch);
            if (r > best) best = r;
        }
        if (best) keys[k++] = (top_key){(double)best, n, (uint32_t)i};
    }
    st = rank_nodes(keys, k, limit, out, n_out);
fail:
    free(cps);
    free(scratch);
    free(keys);
    return st;
}

size_t eg_query_edge(const eg_graph *g, uint32_t a, uint32_t b)
{
    uint32_t s = a < b ? a : b, t = a < b ? b : a;
    for (size_t i = 0; i < g->n_edges; i++)
        if (g->edges[i].source == s && g->edges[i].target == t) return i;
    return (size_t)-1;
}

eg_status eg_query_components(const eg_graph *g, uint32_t *comp, size_t *n_comp)
{
    return eg__components(g, comp, n_comp);
}

/* Adjacency in compressed rows: the edges of node v are
 * adj[start[v] .. start[v + 1]), in edge order. */
typedef struct adjacency {
    size_t *start;
    size_t *adj; /* edge indexes */
} adjacency;

static eg_status adjacency_build(const eg_graph *g, adjacency *a)
{
    size_t n = g->n_nodes, bytes;
    size_t *fill = NULL;
    a->adj = NULL;
    if (!(a->start = calloc(n + 2, sizeof *a->start)) || !(fill = calloc(n + 1, sizeof *fill)) ||
        eg__mul_overflow(g->n_edges ? 2 * g->n_edges : 1, sizeof *a->adj, &bytes) ||
        !(a->adj = malloc(bytes))) {
        free(a->start);
        free(fill);
        free(a->adj);
        return EG_ENOMEM;
    }
    for (size_t i = 0; i < g->n_edges; i++) {
        a->start[g->edges[i].source + 1]++;
        a->start[g->edges[i].target + 1]++;
    }
    for (size_t v = 0; v < n; v++) a->start[v + 1] += a->start[v];
    for (size_t i = 0; i < g->n_edges; i++) {
        uint32_t s = g->edges[i].source, t = g->edges[i].target;
        a->adj[a->start[s] + fill[s]++] = i;
        a->adj[a->start[t] + fill[t]++] = i;
    }
    free(fill);
    return EG_OK;
}

static void adjacency_free(adjacency *a)
{
    free(a->start);
    free(a->adj);
}

static uint32_t other_end(const eg_edge *e, uint32_t v)
{
    return e->source == v ? e->target : e->source;
}

eg_status eg_query_ego(const eg_graph *g, uint32_t node, size_t depth, unsigned char *keep)
{
    adjacency a;
    size_t *dist = NULL;
    uint32_t *queue = NULL;
    eg_status st = EG_ENOMEM;
    if (node >= g->n_nodes) return EG_EINVAL;
    if (adjacency_build(g, &a)) return EG_ENOMEM;
    if (!(dist = alloc_array(g->n_nodes, sizeof *dist)) ||
        !(queue = alloc_array(g->n_nodes, sizeof *queue)))
        goto fail;
    for (size_t v = 0; v < g->n_nodes; v++) {
        dist[v] = SIZE_MAX;
        keep[v] = 0;
    }
    size_t head = 0, tail = 0;
    dist[node] = 0;
    queue[tail++] = node;
    while (head < tail) {
        uint32_t v = queue[head++];
        keep[v] = 1;
        if (dist[v] == depth) continue;
        for (size_t k = a.start[v]; k < a.start[v + 1]; k++) {
            uint32_t w = other_end(&g->edges[a.adj[k]], v);
            if (dist[w] != SIZE_MAX) continue;
            dist[w] = dist[v] + 1;
            queue[tail++] = w;
        }
    }
    st = EG_OK;
fail:
    adjacency_free(&a);
    free(dist);
    free(queue);
    return st;
}

/* A binary heap of (distance, node) for Dijkstra. */
typedef struct heap_item {
    double d;
    uint32_t v;
} heap_item;

static int heap_less(heap_item a, heap_item b)
{
    return a.d < b.d || (a.d == b.d && a.v < b.v);
}

static void heap_push(heap_item *h, size_t *n, heap_item x)
{
    size_t i = (*n)++;
    while (i && heap_less(x, h[(i - 1) / 2])) {
        h[i] = h[(i - 1) / 2];
        i = (i - 1) / 2;
    }
    h[i] = x;
}

static heap_item heap_pop(heap_item *h, size_t *n)
{
    heap_item top = h[0], x = h[--*n];
    size_t i = 0;
    for (;;) {
        size_t c = 2 * i + 1;
        if (c >= *n) break;
        if (c + 1 < *n && heap_less(h[c + 1], h[c])) c++;
        if (!heap_less(h[c], x)) break;
        h[i] = h[c];
        i = c;
    }
    if (*n) h[i] = x;
    return top;
}

eg_status eg_query_path(const eg_graph *g, uint32_t from, uint32_t to, size_t max_len,
                        int weighted, uint32_t **nodes_out, size_t **edges_out, size_t *n_out)
{
    adjacency a;
    size_t n = g->n_nodes, *hops = NULL, *via = NULL, heap_n = 0;
    double *dist = NULL;
    heap_item *heap = NULL;
    uint32_t *queue = NULL, *path = NULL;
    size_t *path_edges = NULL;
    eg_status st = EG_ENOMEM;
    if (from >= n || to >= n) return EG_EINVAL;
    if (adjacency_build(g, &a)) return EG_ENOMEM;
    if (!(hops = alloc_array(n, sizeof *hops)) || !(via = alloc_array(n, sizeof *via)) ||
        !(dist = alloc_array(n, sizeof *dist)) ||
        !(heap = alloc_array(2 * g->n_edges + 1, sizeof *heap)) ||
        !(queue = alloc_array(n, sizeof *queue)))
        goto fail;
    for (size_t v = 0; v < n; v++) {
        hops[v] = SIZE_MAX;
        via[v] = SIZE_MAX;
        dist[v] = INFINITY;
    }
    hops[from] = 0;
    dist[from] = 0;
    if (!weighted) {
        size_t head = 0, tail = 0;
        queue[tail++] = from;
        while (head < tail && hops[to] == SIZE_MAX) {
            uint32_t v = queue[head++];
            if (max_len && hops[v] >= max_len) continue;
            for (size_t k = a.start[v]; k < a.start[v + 1]; k++) {
                const eg_edge *e = &g->edges[a.adj[k]];
                uint32_t w = other_end(e, v);
                if (hops[w] != SIZE_MAX || !(e->weight > 0)) continue;
                hops[w] = hops[v] + 1;
                via[w] = a.adj[k];
                queue[tail++] = w;
            }
        }
    } else {
        heap_push(heap, &heap_n, (heap_item){0, from});
        while (heap_n) {
            heap_item it = heap_pop(heap, &heap_n);
            if (it.d > dist[it.v]) continue;
            if (it.v == to) break;
            if (max_len && hops[it.v] >= max_len) continue;
            for (size_t k = a.start[it.v]; k < a.start[it.v + 1]; k++) {
                const eg_edge *e = &g->edges[a.adj[k]];
                uint32_t w = other_end(e, it.v);
                if (!(e->weight > 0)) continue;
                double d = it.d + 1 / e->weight;
                if (d < dist[w]) {
                    dist[w] = d;
                    hops[w] = hops[it.v] + 1;
                    via[w] = a.adj[k];
                    heap_push(heap, &heap_n, (heap_item){d, w});
                }
            }
        }
    }
    if (hops[to] == SIZE_MAX) {
        st = EG_ENOTFOUND;
        goto fail;
    }
    size_t len = hops[to] + 1;
    if (!(path = alloc_array(len, sizeof *path)) || !(path_edges = alloc_array(len, sizeof *path_edges)))
        goto fail;
    uint32_t v = to;
    for (size_t i = len; i-- > 0;) {
        path[i] = v;
        if (i) {
            path_edges[i - 1] = via[v];
            v = other_end(&g->edges[via[v]], v);
        }
    }
    *nodes_out = path;
    *edges_out = path_edges;
    *n_out = len;
    path = NULL;
    path_edges = NULL;
    st = EG_OK;
fail:
    adjacency_free(&a);
    free(hops);
    free(via);
    free(dist);
    free(heap);
    free(queue);
    free(path);
    free(path_edges);
    return st;
}

/* Whether hay[0..n) contains needle (ASCII case ignored). */
static int contains_folded(const char *hay, size_t n, const char *needle)
{
    size_t m = strlen(needle);
    if (!m) return 1;
    for (size_t i = 0; i + m <= n; i++)
        if (!strncasecmp(hay + i, needle, m)) return 1;
    return 0;
}

eg_status eg_query_find(const eg_graph *g, const char *text, size_t limit, uint32_t **out,
                        size_t *n_out)
{
    top_key *keys = alloc_array(g->n_nodes, sizeof *keys);
    size_t k = 0;
    if (!keys) return EG_ENOMEM;
    for (size_t i = 0; i < g->n_nodes; i++) {
        const eg_node *n = &g->nodes[i];
        if (contains_folded(n->id, strlen(n->id), text) ||
            contains_folded(n->label, strlen(n->label), text) ||
            contains_folded(n->aliases, strlen(n->aliases), text))
            keys[k++] = (top_key){0, n, (uint32_t)i};
    }
    eg_status st = rank_nodes(keys, k, limit, out, n_out); /* all values equal: label, then id */
    free(keys);
    return st;
}
