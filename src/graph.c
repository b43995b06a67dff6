/* The entity graph. igraph is used in this file only, and only inside
 * eg_graph_analyze(), behind handlers that turn its errors into ours. */
#include <igraph.h>
#include <stdlib.h>
#include <string.h>

#include "entgraph/graph.h"
#include "internal.h"

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

static void node_free_strings(eg_node *n)
{
    free(n->id);
    free(n->label);
    free(n->type);
    free(n->aliases);
    free(n->source);
}

void eg_graph_destroy(eg_graph *g)
{
    if (!g) return;
    for (size_t i = 0; i < g->n_nodes; i++) node_free_strings(&g->nodes[i]);
    free(g->nodes);
    free(g->edges);
    free(g->window);
    eg_graph_init(g);
}

eg_status eg_graph_set_window(eg_graph *g, const char *window)
{
    char *copy = NULL;
    if (window && !(copy = strdup(window))) return EG_ENOMEM;
    free(g->window);
    g->window = copy;
    return EG_OK;
}

/* Makes room for one more element in *items (capacity *cap, element size
 * size): doubles the capacity, checking the byte count for overflow. On
 * failure *items is unchanged. */
static eg_status grow(void **items, size_t *cap, size_t n, size_t size)
{
    if (n < *cap) return EG_OK;
    size_t new_cap, bytes;
    if (*cap == 0)
        new_cap = 16;
    else if (eg__mul_overflow(*cap, 2, &new_cap))
        return EG_ENOMEM;
    if (eg__mul_overflow(new_cap, size, &bytes)) return EG_ENOMEM;
    void *p = realloc(*items, bytes);
    if (!p) return EG_ENOMEM;
    *items = p;
    *cap = new_cap;
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
    st = grow((void **)&g->nodes, &g->cap_nodes, g->n_nodes, sizeof *g->nodes);
    if (st) goto fail;
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
    if (index_out) *index_out = (uint32_t)g->n_nodes;
    g->nodes[g->n_nodes++] = n;
    return EG_OK;
fail:
    node_free_strings(&n);
    return st;
}

eg_status eg_graph_add_edge_kind(eg_graph *g, uint32_t a, uint32_t b,
                                 uint64_t weight, uint64_t docs, const char *kind)
{
    const char *k = eg_edge_kind_find(kind);
    if (!k || a == b || a >= g->n_nodes || b >= g->n_nodes) return EG_EINVAL;
    eg_status st = grow((void **)&g->edges, &g->cap_edges, g->n_edges, sizeof *g->edges);
    if (st) return st;
    eg_edge *e = &g->edges[g->n_edges++];
    e->source = a < b ? a : b;
    e->target = a < b ? b : a;
    e->weight = weight;
    e->docs = docs;
    e->kind = k;
    return EG_OK;
}

eg_status eg_graph_add_edge(eg_graph *g, uint32_t a, uint32_t b, uint64_t weight,
                            uint64_t docs)
{
    return eg_graph_add_edge_kind(g, a, b, weight, docs, edge_kinds[0]);
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

eg_status eg_graph_analyze(eg_graph *g, eg_error *err)
{
    eg_status st = EG_OK;
    igraph_error_t rc = IGRAPH_SUCCESS;
    const char *call = NULL; /* the igraph function that failed */
    igraph_t graph;
    int have_graph = 0, have_edges = 0, have_weights = 0, have_degree = 0,
        have_strength = 0, have_pagerank = 0;
    igraph_vector_int_t edges, degree;
    igraph_vector_t weights, strength, pagerank;
    size_t n_ends;
    /* igraph's handlers are process-wide (per thread in thread-safe builds):
     * swap them for the duration of the call and put the caller's back. */
    igraph_error_handler_t *old_error = igraph_set_error_handler(igraph_error_handler_ignore);
    igraph_warning_handler_t *old_warning = igraph_set_warning_handler(warning_handler_silent);

    if (eg__mul_overflow(g->n_edges, 2, &n_ends) || n_ends > (size_t)IGRAPH_INTEGER_MAX ||
        g->n_nodes > (size_t)IGRAPH_INTEGER_MAX) {
        st = eg__error(err, EG_ELIMIT, NULL, 0, 0, "graph too large for igraph");
        goto fail;
    }
    if ((rc = igraph_vector_int_init(&edges, (igraph_integer_t)n_ends))) {
        call = "igraph_vector_int_init";
        goto fail;
    }
    have_edges = 1;
    if ((rc = igraph_vector_init(&weights, (igraph_integer_t)g->n_edges))) {
        call = "igraph_vector_init";
        goto fail;
    }
    have_weights = 1;
    for (size_t i = 0; i < g->n_edges; i++) {
        VECTOR(edges)[2 * i] = g->edges[i].source;
        VECTOR(edges)[2 * i + 1] = g->edges[i].target;
        VECTOR(weights)[i] = (igraph_real_t)g->edges[i].weight;
    }
    if ((rc = igraph_create(&graph, &edges, (igraph_integer_t)g->n_nodes, IGRAPH_UNDIRECTED))) {
        call = "igraph_create";
        goto fail;
    }
    have_graph = 1;
    if ((rc = igraph_vector_int_init(&degree, 0))) {
        call = "igraph_vector_int_init";
        goto fail;
    }
    have_degree = 1;
    if ((rc = igraph_vector_init(&strength, 0))) {
        call = "igraph_vector_init";
        goto fail;
    }
    have_strength = 1;
    if ((rc = igraph_vector_init(&pagerank, 0))) {
        call = "igraph_vector_init";
        goto fail;
    }
    have_pagerank = 1;
    if ((rc = igraph_degree(&graph, &degree, igraph_vss_all(), IGRAPH_ALL, 1))) {
        call = "igraph_degree";
        goto fail;
    }
    if ((rc = igraph_strength(&graph, &strength, igraph_vss_all(), IGRAPH_ALL, 1, &weights))) {
        call = "igraph_strength";
        goto fail;
    }
    /* PRPACK treats a node without (positively weighted) edges as linking to
     * every node, so isolated entities get the teleport share, as in
     * networkx.pagerank. */
    if (g->n_nodes > 0 &&
        (rc = igraph_pagerank(&graph, IGRAPH_PAGERANK_ALGO_PRPACK, &pagerank, NULL,
                              igraph_vss_all(), IGRAPH_UNDIRECTED, 0.85, &weights, NULL))) {
        call = "igraph_pagerank";
        goto fail;
    }
    for (size_t i = 0; i < g->n_nodes; i++) {
        g->nodes[i].degree = (double)VECTOR(degree)[i];
        g->nodes[i].strength = VECTOR(strength)[i];
        g->nodes[i].pagerank = VECTOR(pagerank)[i];
    }
fail:
    if (rc == IGRAPH_ENOMEM)
        st = eg__error(err, EG_ENOMEM, NULL, 0, 0, "igraph: %s: out of memory", call);
    else if (rc != IGRAPH_SUCCESS)
        st = eg__error(err, EG_EDEP, NULL, 0, 0, "igraph: %s failed: %s", call,
                       igraph_strerror(rc));
    if (have_pagerank) igraph_vector_destroy(&pagerank);
    if (have_strength) igraph_vector_destroy(&strength);
    if (have_degree) igraph_vector_int_destroy(&degree);
    if (have_graph) igraph_destroy(&graph);
    if (have_weights) igraph_vector_destroy(&weights);
    if (have_edges) igraph_vector_int_destroy(&edges);
    igraph_set_warning_handler(old_warning);
    igraph_set_error_handler(old_error);
    return st;
}

/* Whether name is one of the '|'-separated entries of list. */
static int alias_list_has(const char *list, const char *name, size_t name_len)
{
    const char *p = list;
    for (;;) {
        const char *bar = strchr(p, '|');
        size_t len = bar ? (size_t)(bar - p) : strlen(p);
        if (len == name_len && !memcmp(p, name, len)) return 1;
        if (!bar) return 0;
        p = bar + 1;
    }
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
