/* The entity graph. igraph is used in this file only, and only inside
 * eg_graph_analyze(), behind handlers that turn its errors into ours. */
#include <igraph.h>
#ifdef _OPENMP
#include <omp.h>
#endif
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "entgraph/graph.h"
#include "graph_impl.h"
#include "internal.h"
#include "util.h"

/* Edge kinds; eg_edge.kind points into this table. */
static const char *const edge_kinds[] = {"cooccurrence", "part_of"};

const char *eg_edge_kind_find(const char *kind)
{
    if (!kind) return NULL;
    for (size_t i = 0; i < sizeof edge_kinds / sizeof edge_kinds[0]; i++)
        if (!strcmp(kind, edge_kinds[i])) return edge_kinds[i];
    return NULL;
}

void eg_graph_init(eg_graph *g)
{
    memset(g, 0, sizeof *g);
}

/* The blocks a graph's strings and evidence may point into (graph_impl.h):
 * allocated with the first of them. */
struct eg__graph_blocks {
    char *pool;
    size_t pool_len;
    eg_evidence *ev_pool;
    size_t ev_pool_len;
};

/* g's blocks, allocated on first use; NULL when out of memory. */
static struct eg__graph_blocks *blocks_of(eg_graph *g)
{
    if (!g->blocks) g->blocks = calloc(1, sizeof *g->blocks);
    return g->blocks;
}

eg_status eg__graph_adopt_strings(eg_graph *g, char *block, size_t len)
{
    if (g->blocks && g->blocks->pool) return EG_EINVAL;
    struct eg__graph_blocks *b = blocks_of(g);
    if (!b) return EG_ENOMEM;
    b->pool = block;
    b->pool_len = len;
    return EG_OK;
}

eg_status eg__graph_evidence_block(eg_graph *g, size_t n, eg_evidence **out)
{
    size_t bytes;
    if (!n || (g->blocks && g->blocks->ev_pool)) return EG_EINVAL;
    struct eg__graph_blocks *b = blocks_of(g);
    if (!b || eg__mul_overflow(n, sizeof **out, &bytes) || !(b->ev_pool = calloc(n, sizeof **out)))
        return EG_ENOMEM;
    b->ev_pool_len = n;
    *out = b->ev_pool;
    return EG_OK;
}

int eg__graph_has_blocks(const eg_graph *g)
{
    return g->blocks && (g->blocks->pool || g->blocks->ev_pool);
}

eg_status eg__graph_reserve(eg_graph *g, size_t n_nodes, size_t n_edges)
{
    size_t bytes;
    if (n_nodes > g->cap_nodes) {
        if (eg__mul_overflow(n_nodes, sizeof *g->nodes, &bytes)) return EG_ENOMEM;
        eg_node *p = realloc(g->nodes, bytes);
        if (!p) return EG_ENOMEM;
        memset(p + g->cap_nodes, 0, (n_nodes - g->cap_nodes) * sizeof *p);
        g->nodes = p;
        g->cap_nodes = n_nodes;
    }
    if (n_edges > g->cap_edges) {
        if (eg__mul_overflow(n_edges, sizeof *g->edges, &bytes)) return EG_ENOMEM;
        eg_edge *p = realloc(g->edges, bytes);
        if (!p) return EG_ENOMEM;
        memset(p + g->cap_edges, 0, (n_edges - g->cap_edges) * sizeof *p);
        g->edges = p;
        g->cap_edges = n_edges;
    }
    return EG_OK;
}

/* Frees s unless it points into the graph's string pool. */
static void free_string(const eg_graph *g, char *s)
{
    const struct eg__graph_blocks *b = g->blocks;
    uintptr_t p = (uintptr_t)s, base = b ? (uintptr_t)b->pool : 0;
    if (b && b->pool && p >= base && p < base + b->pool_len) return;
    free(s);
}

static void node_free_strings(const eg_graph *g, eg_node *n)
{
    free_string(g, n->id);
    free_string(g, n->label);
    free_string(g, n->type);
    free_string(g, n->aliases);
    free_string(g, n->source);
    free_string(g, n->first_date);
    free_string(g, n->last_date);
    free_string(g, n->spells);
}

static int in_ev_pool(const eg_graph *g, const eg_evidence *v)
{
    const struct eg__graph_blocks *b = g->blocks;
    uintptr_t p = (uintptr_t)v, base = b ? (uintptr_t)b->ev_pool : 0;
    return b && b->ev_pool && p >= base && p < base + b->ev_pool_len * sizeof *v;
}

void eg__edge_free(const eg_graph *g, eg_edge *e)
{
    free_string(g, e->first_date);
    free_string(g, e->last_date);
    free_string(g, e->spells);
    for (size_t k = 0; k < e->n_evidence; k++) {
        free_string(g, e->evidence[k].doc);
        free_string(g, e->evidence[k].text);
    }
    if (!in_ev_pool(g, e->evidence)) free(e->evidence);
    e->evidence = NULL;
    e->n_evidence = 0;
    e->first_date = e->last_date = NULL;
}

void eg__node_free(const eg_graph *g, eg_node *n)
{
    node_free_strings(g, n);
}

void eg_graph_destroy(eg_graph *g)
{
    if (!g) return;
    for (size_t i = 0; i < g->n_nodes; i++) node_free_strings(g, &g->nodes[i]);
    for (size_t i = 0; i < g->n_edges; i++) eg__edge_free(g, &g->edges[i]);
    free(g->nodes);
    free(g->edges);
    free(g->window);
    if (g->blocks) {
        free(g->blocks->pool);
        free(g->blocks->ev_pool);
        free(g->blocks);
    }
    eg_graph_init(g);
}

/* Union-find with path halving, for eg__components (internal.h). */
static uint32_t find_root(uint32_t *parent, uint32_t v)
{
    while (parent[v] != v) {
        parent[v] = parent[parent[v]];
        v = parent[v];
    }
    return v;
}

eg_status eg__components(const eg_graph *g, uint32_t *comp, size_t *n_comp)
{
    size_t n = g->n_nodes, bytes;
    uint32_t *parent = NULL;
    if (eg__mul_overflow(n ? n : 1, sizeof *parent, &bytes) || !(parent = malloc(bytes)))
        return EG_ENOMEM;
    for (size_t v = 0; v < n; v++) parent[v] = (uint32_t)v;
    for (size_t i = 0; i < g->n_edges; i++) {
        uint32_t a = find_root(parent, g->edges[i].source),
                 b = find_root(parent, g->edges[i].target);
        if (a != b) parent[a > b ? a : b] = a < b ? a : b; /* root is the smallest index */
    }
    /* components numbered in order of their smallest node */
    size_t k = 0;
    for (size_t v = 0; v < n; v++) {
        uint32_t r = find_root(parent, (uint32_t)v);
        comp[v] = r == v ? (uint32_t)k++ : comp[r];
    }
    free(parent);
    *n_comp = k;
    return EG_OK;
}

eg_status eg_graph_set_window(eg_graph *g, const char *window)
{
    char *copy = NULL;
    if (window && !(copy = strdup(window))) return EG_ENOMEM;
    free(g->window);
    g->window = copy;
    return EG_OK;
}

eg_status eg_graph_add_node(eg_graph *g, const char *id, const char *label,
                            const char *type, const char *aliases,
                            const char *source, uint64_t count, uint64_t docs,
                            uint32_t *index_out)
{
    eg_status st;
    eg_node n = {0};
    if (!id || !label || !type) return EG_EINVAL;
    /* indexes are uint32_t; UINT32_MAX is kept free as a "no node" value */
    if (g->n_nodes >= UINT32_MAX) return EG_ELIMIT;
    if (eg__grow_array((void **)&g->nodes, &g->cap_nodes, g->n_nodes + 1, sizeof *g->nodes, 16))
        return EG_ENOMEM;
    n.id = strdup(id);
    n.label = strdup(label);
    n.type = strdup(type);
    n.aliases = strdup(aliases ? aliases : "");
    n.source = strdup(source ? source : "");
    if (!n.id || !n.label || !n.type || !n.aliases || !n.source) {
        st = EG_ENOMEM;
        goto fail;
    }
    n.count = count;
    n.docs = docs;
    n.community = -1;
    if (index_out) *index_out = (uint32_t)g->n_nodes;
    g->nodes[g->n_nodes++] = n;
    return EG_OK;
fail:
    node_free_strings(g, &n);
    return st;
}

eg_status eg_graph_add_edge_kind(eg_graph *g, uint32_t a, uint32_t b,
                                 uint64_t count, uint64_t docs, const char *kind)
{
    const char *k = eg_edge_kind_find(kind);
    if (!k || a == b || a >= g->n_nodes || b >= g->n_nodes) return EG_EINVAL;
    if (eg__grow_array((void **)&g->edges, &g->cap_edges, g->n_edges + 1, sizeof *g->edges, 16))
        return EG_ENOMEM;
    eg_edge *e = &g->edges[g->n_edges++];
    memset(e, 0, sizeof *e);
    e->source = a < b ? a : b;
    e->target = a < b ? b : a;
    e->count = count;
    e->weight = (double)count;
    e->docs = docs;
    e->kind = k;
    return EG_OK;
}

eg_status eg_graph_add_edge(eg_graph *g, uint32_t a, uint32_t b, uint64_t count,
                            uint64_t docs)
{
    return eg_graph_add_edge_kind(g, a, b, count, docs, edge_kinds[0]);
}

eg_status eg_graph_set_dates(eg_graph *g, eg_graph_item item, size_t i, const char *first,
                             const char *last)
{
    char *f = NULL, *l = NULL, **pf, **pl;
    int is_edge = item == EG_GRAPH_EDGE;
    if ((item != EG_GRAPH_NODE && !is_edge) || (is_edge ? i >= g->n_edges : i >= g->n_nodes))
        return EG_EINVAL;
    if ((first && !(f = strdup(first))) || (last && !(l = strdup(last)))) {
        free(f);
        return EG_ENOMEM;
    }
    pf = is_edge ? &g->edges[i].first_date : &g->nodes[i].first_date;
    pl = is_edge ? &g->edges[i].last_date : &g->nodes[i].last_date;
    free_string(g, *pf);
    free_string(g, *pl);
    *pf = f;
    *pl = l;
    return EG_OK;
}

eg_status eg_graph_set_spells(eg_graph *g, eg_graph_item item, size_t i, const char *spells)
{
    char *copy = NULL;
    int is_edge = item == EG_GRAPH_EDGE;
    if ((item != EG_GRAPH_NODE && !is_edge) || (is_edge ? i >= g->n_edges : i >= g->n_nodes))
        return EG_EINVAL;
    if (spells && !(copy = strdup(spells))) return EG_ENOMEM;
    char **p = is_edge ? &g->edges[i].spells : &g->nodes[i].spells;
    free_string(g, *p);
    *p = copy;
    return EG_OK;
}

eg_status eg_graph_add_evidence(eg_graph *g, size_t i, const char *doc, const char *text)
{
    if (i >= g->n_edges || !doc || !text) return EG_EINVAL;
    eg_edge *e = &g->edges[i];
    size_t bytes;
    if (eg__mul_overflow(e->n_evidence + 1, sizeof *e->evidence, &bytes)) return EG_ENOMEM;
    eg_evidence *v;
    if (in_ev_pool(g, e->evidence)) { /* loaded: copy out of the pool */
        if ((v = malloc(bytes)) && e->n_evidence)
            memcpy(v, e->evidence, e->n_evidence * sizeof *v);
    } else {
        v = realloc(e->evidence, bytes);
    }
    if (!v) return EG_ENOMEM;
    e->evidence = v;
    char *d = strdup(doc), *t = strdup(text);
    if (!d || !t) {
        free(d);
        free(t);
        return EG_ENOMEM;
    }
    v[e->n_evidence++] = (eg_evidence){d, t};
    return EG_OK;
}

/* qsort is not stable: both sort keys end with the original position. */
typedef struct node_key {
    const char *id;
    size_t pos;
} node_key;

static int node_key_cmp(const void *pa, const void *pb)
{
    const node_key *a = pa, *b = pb;
    int c = strcmp(a->id, b->id);
    if (c) return c;
    return (a->pos > b->pos) - (a->pos < b->pos);
}

typedef struct edge_key {
    eg_edge e;
    size_t pos;
} edge_key;

static int edge_key_cmp(const void *pa, const void *pb)
{
    const edge_key *a = pa, *b = pb;
    if (a->e.source != b->e.source) return a->e.source < b->e.source ? -1 : 1;
    if (a->e.target != b->e.target) return a->e.target < b->e.target ? -1 : 1;
    return (a->pos > b->pos) - (a->pos < b->pos);
}

eg_status eg_graph_sort(eg_graph *g)
{
    eg_status st = EG_OK;
    node_key *nk = NULL;
    uint32_t *new_index = NULL;
    eg_node *nodes = NULL;
    edge_key *ek = NULL;
    size_t bytes;
    size_t nn = g->n_nodes, ne = g->n_edges;

    if (eg__mul_overflow(nn ? nn : 1, sizeof *nk, &bytes) || !(nk = malloc(bytes)) ||
        eg__mul_overflow(nn ? nn : 1, sizeof *new_index, &bytes) ||
        !(new_index = malloc(bytes)) ||
        eg__mul_overflow(nn ? nn : 1, sizeof *nodes, &bytes) || !(nodes = malloc(bytes)) ||
        eg__mul_overflow(ne ? ne : 1, sizeof *ek, &bytes) || !(ek = malloc(bytes))) {
        st = EG_ENOMEM;
        goto fail;
    }
    for (size_t i = 0; i < nn; i++) nk[i] = (node_key){g->nodes[i].id, i};
    qsort(nk, nn, sizeof *nk, node_key_cmp);
    for (size_t i = 0; i < nn; i++) {
        nodes[i] = g->nodes[nk[i].pos];
        new_index[nk[i].pos] = (uint32_t)i;
    }
    if (nn) memcpy(g->nodes, nodes, nn * sizeof *nodes);

    for (size_t i = 0; i < ne; i++) {
        eg_edge e = g->edges[i];
        uint32_t s = new_index[e.source], t = new_index[e.target];
        e.source = s < t ? s : t;
        e.target = s < t ? t : s;
        ek[i] = (edge_key){e, i};
    }
    qsort(ek, ne, sizeof *ek, edge_key_cmp);
    for (size_t i = 0; i < ne; i++) g->edges[i] = ek[i].e;
fail:
    free(nk);
    free(new_index);
    free(nodes);
    free(ek);
    return st;
}

/* Stays silent: the library never prints (igraph's default prints warnings). */
static void warning_handler_silent(const char *reason, const char *file, int line)
{
    (void)reason;
    (void)file;
    (void)line;
}

eg_analyze_options eg_analyze_defaults(void)
{
    eg_analyze_options o;
    memset(&o, 0, sizeof o);
    o.seed = 42;
    o.betweenness_limit = 10000000u;
    o.grid_threshold = 1000;
    o.layout = 1;
    return o;
}

/* Tableau 10 without its grey, and two more; readable on white and black. */
static const uint8_t palette[][3] = {
    {0x4e, 0x79, 0xa7}, {0xf2, 0x8e, 0x2b}, {0xe1, 0x57, 0x59}, {0x76, 0xb7, 0xb2},
    {0x59, 0xa1, 0x4f}, {0xed, 0xc9, 0x48}, {0xb0, 0x7a, 0xa1}, {0xff, 0x9d, 0xa7},
    {0x9c, 0x75, 0x5f}, {0x49, 0x98, 0x94}, {0xd3, 0x72, 0x95}, {0x8c, 0xd1, 0x7d},
};
#define N_PALETTE (sizeof palette / sizeof palette[0])

void eg_community_color(int32_t c, uint8_t rgb[3])
{
    static const uint8_t grey[3] = {0xba, 0xb0, 0xac};
    const uint8_t *p = c >= 0 && (size_t)c < N_PALETTE ? palette[c] : grey;
    memcpy(rgb, p, 3);
}

/* Renumbers membership so that community 0 is the largest, ties going to
 * the community holding the smallest node index; returns how many there
 * are. O(N log N). */
typedef struct comm_key {
    igraph_integer_t id, size, first;
} comm_key;

static int comm_key_cmp(const void *pa, const void *pb)
{
    const comm_key *a = pa, *b = pb;
    if (a->size != b->size) return a->size > b->size ? -1 : 1;
    return (a->first > b->first) - (a->first < b->first);
}

static eg_status renumber_communities(igraph_vector_int_t *membership, size_t n,
                                      size_t *n_comm)
{
    igraph_integer_t max = -1;
    for (size_t i = 0; i < n; i++)
        if (VECTOR(*membership)[i] > max) max = VECTOR(*membership)[i];
    size_t k = (size_t)(max + 1), bytes;
    comm_key *keys = NULL;
    igraph_integer_t *map = NULL;
    if (eg__mul_overflow(k ? k : 1, sizeof *keys, &bytes) || !(keys = malloc(bytes)) ||
        eg__mul_overflow(k ? k : 1, sizeof *map, &bytes) || !(map = malloc(bytes))) {
        free(keys);
        return EG_ENOMEM;
    }
    for (size_t c = 0; c < k; c++) keys[c] = (comm_key){(igraph_integer_t)c, 0, (igraph_integer_t)n};
    for (size_t i = 0; i < n; i++) {
        comm_key *c = &keys[VECTOR(*membership)[i]];
        if (!c->size) c->first = (igraph_integer_t)i;
        c->size++;
    }
    qsort(keys, k, sizeof *keys, comm_key_cmp);
    size_t used = 0;
    for (size_t c = 0; c < k; c++) {
        map[keys[c].id] = (igraph_integer_t)c;
        if (keys[c].size) used++;
    }
    for (size_t i = 0; i < n; i++) VECTOR(*membership)[i] = map[VECTOR(*membership)[i]];
    free(keys);
    free(map);
    *n_comm = used;
    return EG_OK;
}

/* Scales v[0..n) into [lo, hi] (the middle when all are equal). */
static void scale_sizes(eg_graph *g, const double *v, double lo, double hi)
{
    double mn = INFINITY, mx = -INFINITY;
    for (size_t i = 0; i < g->n_nodes; i++) {
        if (v[i] < mn) mn = v[i];
        if (v[i] > mx) mx = v[i];
    }
    for (size_t i = 0; i < g->n_nodes; i++) {
        double s = mx > mn ? lo + (hi - lo) * (v[i] - mn) / (mx - mn) : (lo + hi) / 2;
        g->nodes[i].size = round(s * 100) / 100;
    }
}

/* Rounds to two decimals, so that files stay short and small floating point
 * noise never shows. */
static double round2(double v)
{
    double r = round(v * 100) / 100;
    return r == 0 ? 0 : r; /* no "-0.0" */
}

/* splitmix64: the pivots' own generator, so that drawing them leaves the
 * sequence igraph's generator gives Leiden and the layout as it was. */
static uint64_t splitmix64(uint64_t *state)
{
    uint64_t z = (*state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

/* k of the n_linked nodes with degree > 0, uniformly without replacement
 * (a partial Fisher-Yates shuffle seeded by seed), in increasing order,
 * into pivots. EG_ENOMEM. O(n + k log k). */
static eg_status pick_pivots(const igraph_vector_int_t *degree, size_t n, size_t n_linked,
                             size_t k, uint64_t seed, igraph_vector_int_t *pivots)
{
    size_t bytes;
    igraph_integer_t *pool;
    if (eg__mul_overflow(n_linked ? n_linked : 1, sizeof *pool, &bytes) || !(pool = malloc(bytes)))
        return EG_ENOMEM;
    for (size_t i = 0, j = 0; i < n; i++)
        if (VECTOR(*degree)[i] > 0) pool[j++] = (igraph_integer_t)i;
    uint64_t state = seed;
    for (size_t i = 0; i < k; i++) {
        size_t j = i + (size_t)(splitmix64(&state) % (n_linked - i));
        igraph_integer_t t = pool[i];
        pool[i] = pool[j];
        pool[j] = t;
    }
    igraph_vector_int_t view;
    igraph_vector_int_view(&view, pool, (igraph_integer_t)k);
    if (igraph_vector_int_update(pivots, &view) != IGRAPH_SUCCESS) {
        free(pool);
        return EG_ENOMEM;
    }
    free(pool);
    igraph_vector_int_sort(pivots);
    return EG_OK;
}

#define TRY(name, expr)                    \
    do {                                   \
        if ((rc = (expr)) != IGRAPH_SUCCESS) { \
            call = name;                   \
            goto fail;                     \
        }                                  \
    } while (0)

/* FR steps for a component of n nodes: 500 up to 2 000 nodes, then about
 * 10^6 node-steps (0.1 s on the grid), down to 100 from 10 000 nodes on
 * (a first picture for Gephi, whose own layouts refine it; a 2 161-node
 * component took 0.16 s of a 1 MB build with 500 steps, 220 000 nodes
 * 25 s) */
static igraph_integer_t layout_steps(size_t n)
{
    return n <= 2000 ? 500 : n >= 10000 ? 100 : (igraph_integer_t)(1000000 / n);
}

typedef struct comp_rank {
    size_t size, index;
    double radius; /* of the disc the component's layout fills */
} comp_rank;

static int comp_rank_cmp(const void *pa, const void *pb)
{
    const comp_rank *a = pa, *b = pb;
    if (a->size != b->size) return a->size > b->size ? -1 : 1;
    return (a->index > b->index) - (a->index < b->index);
}

typedef struct iso_rank {
    uint64_t count;
    uint32_t v;
} iso_rank;

static int iso_rank_cmp(const void *pa, const void *pb)
{
    const iso_rank *a = pa, *b = pb;
    if (a->count != b->count) return a->count > b->count ? -1 : 1;
    return (a->v > b->v) - (a->v < b->v);
}

static int double_cmp(const void *pa, const void *pb)
{
    double a = *(const double *)pa, b = *(const double *)pb;
    return (a > b) - (a < b);
}

/* Moves the nodes mem[0..size) beyond the 98th percentile R of distance
 * from their centroid to R * (1.1 - 0.1 * R / d): further ones stay
 * further, none beyond 1.1 R. dist is scratch for size doubles. */
static igraph_error_t squash_halo(double *px, double *py, const uint32_t *mem, size_t size,
                                  double *dist)
{
    double mx = 0, my = 0;
    for (size_t k = 0; k < size; k++) {
        mx += px[mem[k]];
        my += py[mem[k]];
    }
    mx /= (double)size;
    my /= (double)size;
    for (size_t k = 0; k < size; k++) dist[k] = hypot(px[mem[k]] - mx, py[mem[k]] - my);
    qsort(dist, size, sizeof *dist, double_cmp);
    double r = dist[size - 1 - size / 50];
    if (!(r > 0)) return IGRAPH_SUCCESS;
    for (size_t k = 0; k < size; k++) {
        double dx = px[mem[k]] - mx, dy = py[mem[k]] - my, d = hypot(dx, dy);
        if (d <= r) continue;
        double f = r * (1.1 - 0.1 * r / d) / d;
        px[mem[k]] = mx + dx * f;
        py[mem[k]] = my + dy * f;
    }
    return IGRAPH_SUCCESS;
}

/* Units of layout per node: a component of n nodes gets a disc of about
 * radius SPACING/2 * sqrt(n), so that every component is drawn at the same
 * density (the whole graph used to be spread to about 50 * sqrt(N)). */
#define LAYOUT_SPACING 50.0

/* Lays out each connected component (over all edges) on its own with
 * Fruchterman-Reingold, on igraph's grid from opt->grid_threshold nodes
 * on, scales it to a disc of about SPACING/2 * sqrt(size), and packs the discs
 * (largest in the middle, eg__pack_discs()) with the isolated nodes in a
 * band below (most mentioned first, eg__pack_band()). Writes x and y of
 * every node. Returns an igraph error (naming the call in *call) or
 * IGRAPH_ENOMEM for our own allocations. The RNG must be seeded. O(N + E)
 * plus the layouts. */
static igraph_error_t layout_components(eg_graph *g, const eg_analyze_options *opt,
                                        const char **call, int *used_grid)
{
    igraph_error_t rc = IGRAPH_ENOMEM;
    size_t n = g->n_nodes, m = g->n_edges, n_comp = 0, n_iso = 0, n_big = 0;
    uint32_t *comp = malloc(n * sizeof *comp), *local = malloc(n * sizeof *local);
    size_t *cstart = NULL, *estart = NULL, *fill = NULL;
    uint32_t *members = malloc(n * sizeof *members), *cedges = malloc((m ? m : 1) * sizeof *cedges);
    comp_rank *order = NULL;
    iso_rank *iso = NULL;
    double *px = malloc(n * sizeof *px), *py = malloc(n * sizeof *py);
    double *rad = NULL, *cx = NULL, *cy = NULL, *bx = NULL, *by = NULL, *dist = malloc(n * sizeof *dist);
    igraph_vector_int_t sub_edges;
    igraph_vector_t sub_weights;
    igraph_matrix_t pos;
    int have_vecs = 0;
    *used_grid = 0;
    *call = "layout";
    if (!comp || !local || !members || !cedges || !px || !py || !dist) goto fail;
    if (eg__components(g, comp, &n_comp)) goto fail;
    if (!(cstart = calloc(n_comp + 1, sizeof *cstart)) || !(estart = calloc(n_comp + 1, sizeof *estart)) ||
        !(fill = malloc((n_comp ? n_comp : 1) * sizeof *fill)) ||
        !(order = malloc((n_comp ? n_comp : 1) * sizeof *order)) ||
        !(iso = malloc(n * sizeof *iso)) || !(rad = malloc((n_comp ? n_comp : 1) * sizeof *rad)) ||
        !(cx = malloc((n_comp ? n_comp : 1) * sizeof *cx)) ||
        !(cy = malloc((n_comp ? n_comp : 1) * sizeof *cy)))
        goto fail;
    /* nodes and edges bucketed by component, in graph order */
    for (size_t v = 0; v < n; v++) cstart[comp[v] + 1]++;
    for (size_t c = 0; c < n_comp; c++) cstart[c + 1] += cstart[c];
    for (size_t c = 0; c < n_comp; c++) fill[c] = cstart[c];
    for (size_t v = 0; v < n; v++) {
        local[v] = (uint32_t)(fill[comp[v]] - cstart[comp[v]]);
        members[fill[comp[v]]++] = (uint32_t)v;
    }
    for (size_t i = 0; i < m; i++) estart[comp[g->edges[i].source] + 1]++;
    for (size_t c = 0; c < n_comp; c++) estart[c + 1] += estart[c];
    for (size_t c = 0; c < n_comp; c++) fill[c] = estart[c];
    for (size_t i = 0; i < m; i++) cedges[fill[comp[g->edges[i].source]]++] = (uint32_t)i;

    rc = igraph_vector_int_init(&sub_edges, 0);
    if (rc) goto fail;
    if ((rc = igraph_vector_init(&sub_weights, 0))) {
        igraph_vector_int_destroy(&sub_edges);
        goto fail;
    }
    if ((rc = igraph_matrix_init(&pos, 0, 0))) {
        igraph_vector_destroy(&sub_weights);
        igraph_vector_int_destroy(&sub_edges);
        goto fail;
    }
    have_vecs = 1;
    for (size_t c = 0; c < n_comp; c++) {
        size_t size = cstart[c + 1] - cstart[c], ne = estart[c + 1] - estart[c];
        const uint32_t *mem = members + cstart[c];
        if (size == 1) {
            iso[n_iso].count = g->nodes[mem[0]].count;
            iso[n_iso++].v = mem[0];
            continue;
        }
        order[n_big].size = size;
        order[n_big++].index = c;
        if (size == 2) { /* one above the other: labels go to the side */
            px[mem[0]] = 0;
            py[mem[0]] = 1;
            px[mem[1]] = 0;
            py[mem[1]] = -1;
        } else {
            igraph_t sub;
            int grid = size >= opt->grid_threshold;
            *used_grid |= grid;
            *call = "igraph_vector_int_resize";
            if ((rc = igraph_vector_int_resize(&sub_edges, (igraph_integer_t)(2 * ne)))) goto fail;
            *call = "igraph_vector_resize";
            if ((rc = igraph_vector_resize(&sub_weights, (igraph_integer_t)ne))) goto fail;
            for (size_t k = 0; k < ne; k++) {
                const eg_edge *e = &g->edges[cedges[estart[c] + k]];
                VECTOR(sub_edges)[2 * k] = local[e->source];
                VECTOR(sub_edges)[2 * k + 1] = local[e->target];
                VECTOR(sub_weights)[k] = e->weight > 0 ? e->weight : 1;
            }
            *call = "igraph_create";
            if ((rc = igraph_create(&sub, &sub_edges, (igraph_integer_t)size, IGRAPH_UNDIRECTED))) goto fail;
            *call = "igraph_layout_fruchterman_reingold";
            rc = igraph_layout_fruchterman_reingold(&sub, &pos, 0, layout_steps(size), sqrt((double)size),
                                                    grid ? IGRAPH_LAYOUT_GRID : IGRAPH_LAYOUT_NOGRID,
                                                    &sub_weights, NULL, NULL, NULL, NULL);
            igraph_destroy(&sub);
            if (rc) goto fail;
            for (size_t k = 0; k < size; k++) {
                px[mem[k]] = MATRIX(pos, k, 0);
                py[mem[k]] = MATRIX(pos, k, 1);
            }
        }
        /* a large component's layout leaves a sparse halo of leaves flung
         * far out, which would set the disc it is packed in: pull the
         * farthest 2% of its nodes in, keeping their directions and
         * order, to within 1.1 times the distance of the rest */
        if (size >= 50 && (rc = squash_halo(px, py, mem, size, dist))) goto fail;
        /* centre on the centroid and scale so that the mean square
         * distance from it is that of a disc of radius SPACING/2 *
         * sqrt(size) filled evenly (by the maximum, a few leaves flung out
         * by the layout would squeeze the rest into the middle); a pair
         * sits SPACING/2 apart. The disc packed is the farthest node's. */
        double mx = 0, my = 0, ms = 0, r = 0;
        for (size_t k = 0; k < size; k++) {
            mx += px[mem[k]];
            my += py[mem[k]];
        }
        mx /= (double)size;
        my /= (double)size;
        for (size_t k = 0; k < size; k++) {
            double dx = px[mem[k]] - mx, dy = py[mem[k]] - my;
            ms += dx * dx + dy * dy;
        }
        ms /= (double)size;
        double want = size == 2 ? LAYOUT_SPACING / 4 : LAYOUT_SPACING / 2 * sqrt((double)size / 2);
        double scale = ms > 0 ? want / sqrt(ms) : 1;
        for (size_t k = 0; k < size; k++) {
            px[mem[k]] = (px[mem[k]] - mx) * scale;
            py[mem[k]] = (py[mem[k]] - my) * scale;
            double d = hypot(px[mem[k]], py[mem[k]]);
            if (d > r) r = d;
        }
        order[n_big - 1].radius = r;
    }
    /* the components, largest first, packed around the largest */
    qsort(order, n_big, sizeof *order, comp_rank_cmp);
    /* the largest gets half as much room again per node: far more of its
     * edges cross, and it is what the picture is about */
    if (n_big) {
        size_t c = order[0].index;
        for (size_t k = cstart[c]; k < cstart[c + 1]; k++) {
            px[members[k]] *= 1.5;
            py[members[k]] *= 1.5;
        }
        order[0].radius *= 1.5;
    }
    for (size_t j = 0; j < n_big; j++) rad[j] = order[j].radius + LAYOUT_SPACING / 4;
    eg__pack_discs(n_big, rad, LAYOUT_SPACING / 2, cx, cy);
    double minx = 0, maxx = 0, miny = 0;
    for (size_t j = 0; j < n_big; j++) {
        size_t c = order[j].index;
        for (size_t k = cstart[c]; k < cstart[c + 1]; k++) {
            uint32_t v = members[k];
            px[v] += cx[j];
            py[v] += cy[j];
            if (px[v] < minx) minx = px[v];
            if (px[v] > maxx) maxx = px[v];
            if (py[v] < miny) miny = py[v];
        }
    }
    /* the isolated nodes below, the most mentioned first */
    if (n_iso) {
        if (!(bx = malloc(n_iso * sizeof *bx)) || !(by = malloc(n_iso * sizeof *by))) {
            rc = IGRAPH_ENOMEM;
            goto fail;
        }
        qsort(iso, n_iso, sizeof *iso, iso_rank_cmp);
        eg__pack_band(n_iso, minx, maxx, n_big ? miny - LAYOUT_SPACING : 0, LAYOUT_SPACING / 2, bx, by);
        for (size_t k = 0; k < n_iso; k++) {
            px[iso[k].v] = bx[k];
            py[iso[k].v] = by[k];
        }
    }
    for (size_t v = 0; v < n; v++) {
        g->nodes[v].x = round2(px[v]);
        g->nodes[v].y = round2(py[v]);
    }
    rc = IGRAPH_SUCCESS;
fail:
    if (have_vecs) {
        igraph_matrix_destroy(&pos);
        igraph_vector_destroy(&sub_weights);
        igraph_vector_int_destroy(&sub_edges);
    }
    free(comp);
    free(local);
    free(members);
    free(cedges);
    free(cstart);
    free(estart);
    free(fill);
    free(order);
    free(iso);
    free(px);
    free(py);
    free(rad);
    free(cx);
    free(cy);
    free(bx);
    free(by);
    free(dist);
    return rc;
}

eg_status eg_graph_analyze(eg_graph *g, const eg_analyze_options *opt, eg_error *err)
{
    eg_status st = EG_OK;
    igraph_error_t rc = IGRAPH_SUCCESS;
    const char *call = NULL; /* the igraph function that failed */
    eg_analyze_options defaults = eg_analyze_defaults();
    igraph_t graph;
    igraph_rng_t rng, *old_rng = igraph_rng_default();
    int have_graph = 0, have_rng = 0, have_pivots = 0;
    size_t n_ivecs = 0, n_rvecs = 0;
    igraph_vector_int_t edges, degree, membership, cores, pivots;
    igraph_vector_t weights, distances, strength, pagerank, betweenness;
    size_t n_ends, m = 0, n = g->n_nodes;
    double total_weight = 0, *size_values = NULL;
    /* igraph's handlers are process-wide (per thread in thread-safe builds):
     * swap them for the duration of the call and put the caller's back. */
    igraph_error_handler_t *old_error = igraph_set_error_handler(igraph_error_handler_ignore);
    igraph_warning_handler_t *old_warning = igraph_set_warning_handler(warning_handler_silent);
    if (!opt) opt = &defaults;

    if (eg__mul_overflow(g->n_edges, 2, &n_ends) || n_ends > (size_t)IGRAPH_INTEGER_MAX ||
        n > (size_t)IGRAPH_INTEGER_MAX) {
        st = eg__error(err, EG_ELIMIT, NULL, 0, 0, "graph too large for igraph");
        goto restore;
    }
    for (size_t i = 0; i < g->n_edges; i++) m += g->edges[i].count > 0;
    igraph_vector_int_t *ivecs[] = {&edges, &degree, &membership, &cores};
    const igraph_integer_t isizes[] = {(igraph_integer_t)(2 * m), 0, 0, 0};
    igraph_vector_t *rvecs[] = {&weights, &distances, &strength, &pagerank, &betweenness};
    const igraph_integer_t rsizes[] = {(igraph_integer_t)m, (igraph_integer_t)m, 0, 0, 0};
    for (; n_ivecs < sizeof ivecs / sizeof ivecs[0]; n_ivecs++)
        TRY("igraph_vector_int_init", igraph_vector_int_init(ivecs[n_ivecs], isizes[n_ivecs]));
    for (; n_rvecs < sizeof rvecs / sizeof rvecs[0]; n_rvecs++)
        TRY("igraph_vector_init", igraph_vector_init(rvecs[n_rvecs], rsizes[n_rvecs]));
    for (size_t i = 0, j = 0; i < g->n_edges; i++) {
        const eg_edge *e = &g->edges[i];
        double w = e->weight > 0 ? e->weight : 1;
        if (!e->count) continue;
        VECTOR(edges)[2 * j] = e->source;
        VECTOR(edges)[2 * j + 1] = e->target;
        VECTOR(weights)[j] = w;
        VECTOR(distances)[j] = 1 / w;
        total_weight += w;
        j++;
    }
    TRY("igraph_create", igraph_create(&graph, &edges, (igraph_integer_t)n, IGRAPH_UNDIRECTED));
    have_graph = 1;
    /* our own generator, seeded: Leiden and the layouts are random */
    TRY("igraph_rng_init", igraph_rng_init(&rng, &igraph_rngtype_mt19937));
    have_rng = 1;
    TRY("igraph_rng_seed", igraph_rng_seed(&rng, (igraph_uint_t)opt->seed));
    igraph_rng_set_default(&rng);

    TRY("igraph_degree", igraph_degree(&graph, &degree, igraph_vss_all(), IGRAPH_ALL, 1));
    TRY("igraph_strength",
        igraph_strength(&graph, &strength, igraph_vss_all(), IGRAPH_ALL, 1, &weights));
    /* PRPACK treats a node without (positively weighted) edges as linking to
     * every node, so isolated entities get the teleport share, as in
     * networkx.pagerank. */
    /* Debian's igraph runs PRPACK's sums on OpenMP threads, whose order
     * varies from run to run and changes the last digits (and so the
     * files); one thread keeps them the same every time. */
#ifdef _OPENMP
    int omp_threads = omp_get_max_threads();
    omp_set_num_threads(1);
#endif
    igraph_error_t prst = IGRAPH_SUCCESS;
    if (n > 0)
        prst = igraph_pagerank(&graph, IGRAPH_PAGERANK_ALGO_PRPACK, &pagerank, NULL, igraph_vss_all(),
                               IGRAPH_UNDIRECTED, 0.85, &weights, NULL);
#ifdef _OPENMP
    omp_set_num_threads(omp_threads);
#endif
    TRY("igraph_pagerank", prst);
    /* Betweenness costs one shortest-path tree per source node: about
     * m + n log2 n steps each (Dijkstra), n of them for the exact value.
     * Exact while that fits opt->betweenness_limit; else Brandes and Pich's
     * estimate from k pivot sources drawn without replacement (seeded)
     * among the nodes with edges, scaled by (nodes with edges) / k, while k
     * is at least EG_BETWEENNESS_MIN_PIVOTS; else skipped. */
    double per_source = (double)m + (double)n * log2((double)n + 2);
    size_t n_linked = 0;
    for (size_t i = 0; i < n; i++) n_linked += VECTOR(degree)[i] > 0;
    if ((double)n * per_source <= (double)opt->betweenness_limit) {
        TRY("igraph_betweenness",
            igraph_betweenness(&graph, &betweenness, igraph_vss_all(), IGRAPH_UNDIRECTED,
                               &distances));
        snprintf(g->betweenness, sizeof g->betweenness, "exact");
    } else if ((double)opt->betweenness_limit / per_source >= EG_BETWEENNESS_MIN_PIVOTS &&
               n_linked > EG_BETWEENNESS_MIN_PIVOTS) {
        double k_max = (double)opt->betweenness_limit / per_source;
        size_t k = k_max >= (double)n_linked ? n_linked : (size_t)k_max;
        TRY("igraph_vector_int_init", igraph_vector_int_init(&pivots, 0));
        have_pivots = 1;
        if ((st = pick_pivots(&degree, n, n_linked, k, opt->seed, &pivots))) goto fail;
        TRY("igraph_betweenness_subset",
            igraph_betweenness_subset(&graph, &betweenness, igraph_vss_all(), IGRAPH_UNDIRECTED,
                                      igraph_vss_vector(&pivots), igraph_vss_all(), &distances));
        igraph_vector_scale(&betweenness, (double)n_linked / (double)k);
        snprintf(g->betweenness, sizeof g->betweenness, "sampled(%zu/%zu sources)", k, n_linked);
    } else {
        snprintf(g->betweenness, sizeof g->betweenness, "skipped(cost>%zu)",
                 opt->betweenness_limit);
    }
    TRY("igraph_coreness", igraph_coreness(&graph, &cores, IGRAPH_ALL));
    igraph_integer_t n_clusters = 0;
    if (total_weight > 0) {
        /* modularity: node weights are strengths, resolution 1 / 2m */
        TRY("igraph_community_leiden",
            igraph_community_leiden(&graph, &weights, &strength, 1.0 / (2 * total_weight), 0.01,
                                    0, -1, &membership, &n_clusters, NULL));
    } else {
        TRY("igraph_vector_int_resize",
            igraph_vector_int_resize(&membership, (igraph_integer_t)n));
        for (size_t i = 0; i < n; i++) VECTOR(membership)[i] = (igraph_integer_t)i;
    }
    size_t n_comm = 0;
    if ((st = renumber_communities(&membership, n, &n_comm))) goto fail;
    g->n_communities = (uint32_t)n_comm;
    g->modularity = 0;
    if (total_weight > 0) {
        igraph_real_t q = 0;
        TRY("igraph_modularity",
            igraph_modularity(&graph, &membership, &weights, 1.0, IGRAPH_UNDIRECTED, &q));
        g->modularity = q;
    }

    g->layout[0] = '\0';
    if (opt->layout && n > 0) {
        /* each component on its own, packed: one layout of the whole let
         * the isolated nodes and small components push the largest into a
         * small blob in the middle */
        int grid = 0;
        const char *what = NULL;
        TRY(what, layout_components(g, opt, &what, &grid));
        snprintf(g->layout, sizeof g->layout, grid ? "fruchterman-reingold-grid+pack"
                                                   : "fruchterman-reingold+pack");
    }

    if (n && !(size_values = malloc(n * sizeof *size_values))) {
        st = EG_ENOMEM;
        goto fail;
    }
    for (size_t i = 0; i < n; i++) {
        eg_node *v = &g->nodes[i];
        v->degree = (double)VECTOR(degree)[i];
        v->strength = VECTOR(strength)[i];
        v->pagerank = VECTOR(pagerank)[i];
        v->betweenness = igraph_vector_size(&betweenness) ? VECTOR(betweenness)[i] : NAN;
        v->community = (int32_t)VECTOR(membership)[i];
        v->core = (uint32_t)VECTOR(cores)[i];
        uint8_t rgb[3];
        eg_community_color(v->community, rgb);
        v->r = rgb[0];
        v->g = rgb[1];
        v->b = rgb[2];
        size_values[i] = opt->size_by_count ? (double)v->count : v->pagerank;
    }
    scale_sizes(g, size_values, 5, 30);
fail:
    if (rc == IGRAPH_ENOMEM)
        st = eg__error(err, EG_ENOMEM, NULL, 0, 0, "igraph: %s: out of memory", call);
    else if (rc != IGRAPH_SUCCESS)
        st = eg__error(err, EG_EDEP, NULL, 0, 0, "igraph: %s failed: %s", call,
                       igraph_strerror(rc));
    else if (st)
        eg__error(err, st, NULL, 0, 0, "%s", eg_status_message(st));
    free(size_values);
    if (have_pivots) igraph_vector_int_destroy(&pivots);
    while (n_rvecs) igraph_vector_destroy(rvecs[--n_rvecs]);
    while (n_ivecs) igraph_vector_int_destroy(ivecs[--n_ivecs]);
    if (have_graph) igraph_destroy(&graph);
    igraph_rng_set_default(old_rng);
    if (have_rng) igraph_rng_destroy(&rng);
restore:
    igraph_set_warning_handler(old_warning);
    igraph_set_error_handler(old_error);
    return st;
}
#undef TRY

/* Whether name is one of the '|'-separated entries of list. */
static int alias_list_has(const char *list, const char *name, size_t name_len)
{
    const char *a;
    size_t len;
    while (eg__list_next(&list, &a, &len))
        if (len == name_len && !memcmp(a, name, len)) return 1;
    return 0;
}

size_t eg_graph_find(const eg_graph *g, const char *name, uint32_t *out, size_t max)
{
    size_t found = 0, name_len;
    if (!name || !*name) return 0;
    name_len = strlen(name);
    /* pass 0: ids, 1: labels, 2: aliases; the first pass with a match wins */
    for (int pass = 0; pass < 3 && !found; pass++) {
        for (size_t i = 0; i < g->n_nodes; i++) {
            const eg_node *n = &g->nodes[i];
            int hit = pass == 0   ? !strcmp(n->id, name)
                      : pass == 1 ? !strcmp(n->label, name)
                                  : alias_list_has(n->aliases, name, name_len);
            if (!hit) continue;
            if (found < max) out[found] = (uint32_t)i;
            found++;
        }
    }
    return found;
}
