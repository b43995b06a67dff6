/* The HTML page: src/web/page.html with the vendored sigma.js, graphology
 * and the page's own script (compiled in as web_assets.inc by
 * scripts/gen_web_assets.py), the graph in one JSON element before the
 * scripts and the edges' evidence in another after them.
 *
 * The graph is columns, not rows: {"meta":{…},"nodes":{"id":[…],
 * "label":[…], …},"links":{"source":[…], …}}, one array per field (the
 * names in node_columns and edge_columns below; source and target are
 * indexes into the node columns), which the browser parses into flat
 * arrays of numbers and strings rather than an object per node and edge.
 * The evidence is [[[doc, text], …], …], one array per edge in the order
 * of the links; src/web/app.js parses it only when an edge's panel first
 * needs it, so the page can draw the graph while the browser still reads
 * it. */
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "entgraph/export.h"
#include "internal.h"
#include "util.h"
#include "web_assets.inc"

enum { DEFAULT_MAX_NODES = 20000, DEFAULT_MAX_EDGES = 200000 };

static void put(eg__out *o, const char *s) { eg__out_bytes(o, s, strlen(s)); }

static void put_u64(eg__out *o, uint64_t v)
{
    char buf[EG__INT_BUFSIZE];
    put(o, eg__format_u64(buf, v));
}

static void put_i64(eg__out *o, int64_t v)
{
    char buf[EG__INT_BUFSIZE];
    put(o, eg__format_i64(buf, v));
}

/* null where JSON has no number */
static void put_double(eg__out *o, double d)
{
    char buf[EG__DOUBLE_BUFSIZE];
    if (!isfinite(d)) {
        put(o, "null");
        return;
    }
    eg__format_double(buf, d);
    put(o, buf);
}

static eg_status put_str(eg__out *o, const char *s) { return eg__json_string(o, s ? s : "", 1); }

static eg_status put_opt_str(eg__out *o, const char *s)
{
    if (!s || !*s) {
        put(o, "null");
        return EG_OK;
    }
    return put_str(o, s);
}

/* '|'-separated aliases as an array of strings */
static eg_status put_aliases(eg__out *o, const char *aliases)
{
    eg_status st = EG_OK;
    put(o, "[");
    int first = 1;
    const char *a;
    size_t len;
    while (!st && eg__list_next(&aliases, &a, &len)) {
        if (len) {
            char *one = malloc(len + 1);
            if (!one) return EG_ENOMEM;
            memcpy(one, a, len);
            one[len] = '\0';
            if (!first) put(o, ",");
            first = 0;
            st = put_str(o, one);
            free(one);
        }
    }
    put(o, "]");
    return st;
}

/* The columns of the page's data, in the order written. Each is one JSON
 * array over the kept nodes or edges: flat arrays of numbers parse faster
 * and make fewer objects in the browser than one array per row. */
typedef enum {
    COL_STR,     /* char * */
    COL_OPT_STR, /* char *, null when NULL or empty */
    COL_ALIASES, /* char *, '|'-separated: an array of strings */
    COL_U64,
    COL_U32,
    COL_I32,
    COL_DOUBLE,
    COL_RGB,     /* a node's r, g, b: "#rrggbb" */
    COL_INDEX,   /* uint32_t node index, through the view's remap */
    COL_KIND     /* const char *, a static string */
} col_type;

typedef struct column {
    const char *name;
    col_type type;
    size_t offset;
} column;

static const column node_columns[] = {
    {"id", COL_STR, offsetof(eg_node, id)},
    {"label", COL_STR, offsetof(eg_node, label)},
    {"type", COL_STR, offsetof(eg_node, type)},
    {"aliases", COL_ALIASES, offsetof(eg_node, aliases)},
    {"count", COL_U64, offsetof(eg_node, count)},
    {"docs", COL_U64, offsetof(eg_node, docs)},
    {"degree", COL_DOUBLE, offsetof(eg_node, degree)},
    {"strength", COL_DOUBLE, offsetof(eg_node, strength)},
    {"pagerank", COL_DOUBLE, offsetof(eg_node, pagerank)},
    {"betweenness", COL_DOUBLE, offsetof(eg_node, betweenness)},
    {"community", COL_I32, offsetof(eg_node, community)},
    {"core", COL_U32, offsetof(eg_node, core)},
    {"x", COL_DOUBLE, offsetof(eg_node, x)},
    {"y", COL_DOUBLE, offsetof(eg_node, y)},
    {"size", COL_DOUBLE, offsetof(eg_node, size)},
    {"color", COL_RGB, 0},
    {"first_date", COL_OPT_STR, offsetof(eg_node, first_date)},
    {"last_date", COL_OPT_STR, offsetof(eg_node, last_date)},
};

static const column edge_columns[] = {
    {"source", COL_INDEX, offsetof(eg_edge, source)},
    {"target", COL_INDEX, offsetof(eg_edge, target)},
    {"weight", COL_DOUBLE, offsetof(eg_edge, weight)},
    {"count", COL_U64, offsetof(eg_edge, count)},
    {"docs", COL_U64, offsetof(eg_edge, docs)},
    {"jaccard", COL_DOUBLE, offsetof(eg_edge, jaccard)},
    {"npmi", COL_DOUBLE, offsetof(eg_edge, npmi)},
    {"association", COL_DOUBLE, offsetof(eg_edge, association)},
    {"kind", COL_KIND, offsetof(eg_edge, kind)},
    {"first_date", COL_OPT_STR, offsetof(eg_edge, first_date)},
    {"last_date", COL_OPT_STR, offsetof(eg_edge, last_date)},
};

/* One value of column c of the record at p. */
static eg_status put_value(eg__out *o, const column *c, const char *p, const uint32_t *remap)
{
    const char *at = p + c->offset;
    char color[8];
    uint64_t u64;
    uint32_t u32;
    int32_t i32;
    double d;
    char *s;
    const char *k;
    switch (c->type) {
    case COL_STR:
        memcpy(&s, at, sizeof s);
        return put_str(o, s);
    case COL_OPT_STR:
        memcpy(&s, at, sizeof s);
        return put_opt_str(o, s);
    case COL_ALIASES:
        memcpy(&s, at, sizeof s);
        return put_aliases(o, s);
    case COL_U64:
        memcpy(&u64, at, sizeof u64);
        put_u64(o, u64);
        return EG_OK;
    case COL_U32:
        memcpy(&u32, at, sizeof u32);
        put_u64(o, u32);
        return EG_OK;
    case COL_I32:
        memcpy(&i32, at, sizeof i32);
        put_i64(o, i32);
        return EG_OK;
    case COL_DOUBLE:
        memcpy(&d, at, sizeof d);
        put_double(o, d);
        return EG_OK;
    case COL_RGB: {
        const eg_node *n = (const eg_node *)(const void *)p;
        snprintf(color, sizeof color, "#%02x%02x%02x", n->r, n->g, n->b);
        put(o, "\"");
        put(o, color);
        put(o, "\"");
        return EG_OK;
    }
    case COL_INDEX:
        memcpy(&u32, at, sizeof u32);
        put_u64(o, remap[u32]);
        return EG_OK;
    case COL_KIND:
        memcpy(&k, at, sizeof k);
        return put_str(o, k);
    }
    return EG_OK;
}

/* {"name":[…],\n"name":[…],…} over the n records base[which[k]] */
static eg_status put_columns(eg__out *o, const column *cols, size_t n_cols, const void *base,
                             size_t record, const uint32_t *which, size_t n,
                             const uint32_t *remap)
{
    eg_status st;
    put(o, "{");
    for (size_t c = 0; c < n_cols; c++) {
        put(o, c ? ",\n\"" : "\"");
        put(o, cols[c].name);
        put(o, "\":[");
        for (size_t k = 0; k < n; k++) {
            if (k) put(o, ",");
            if ((st = put_value(o, &cols[c], (const char *)base + which[k] * record, remap)))
                return st;
        }
        put(o, "]");
    }
    put(o, "}");
    return EG_OK;
}

/* [[doc, text], …] of one edge */
static eg_status put_evidence(eg__out *o, const eg_edge *e)
{
    eg_status st;
    put(o, "[");
    for (size_t k = 0; k < e->n_evidence; k++) {
        put(o, k ? ",[" : "[");
        if ((st = put_str(o, e->evidence[k].doc))) return st;
        put(o, ",");
        if ((st = put_str(o, e->evidence[k].text))) return st;
        put(o, "]");
    }
    put(o, "]");
    return EG_OK;
}

static eg_status put_meta(eg__out *o, const eg_graph *g, const eg__view *v)
{
    eg_status st;
    put(o, "{\"title\":\"entgraph\",\"window\":");
    if ((st = put_opt_str(o, g->window))) return st;
    put(o, ",\"documents\":");
    put_u64(o, g->n_docs);
    put(o, ",\"mentions\":");
    put_u64(o, g->n_mentions);
    put(o, ",\"nodes\":");
    put_u64(o, g->n_nodes);
    put(o, ",\"edges\":");
    put_u64(o, g->n_edges);
    put(o, ",\"communities\":");
    put_u64(o, g->n_communities);
    put(o, ",\"layout\":");
    if ((st = put_opt_str(o, g->layout))) return st;
    put(o, ",\"limited\":");
    put(o, v->n_nodes < g->n_nodes || v->n_edges < g->n_edges ? "true" : "false");
    put(o, "}");
    return EG_OK;
}

eg_status eg_export_html(const eg_graph *g, const char *path, const eg_export_options *opt,
                         eg_error *err)
{
    eg_status st;
    eg__atomic a;
    eg__view v = {0};
    eg__out *o = NULL;
    size_t max_nodes = opt && opt->view_max_nodes ? opt->view_max_nodes : DEFAULT_MAX_NODES;
    size_t max_edges = opt && opt->view_max_edges ? opt->view_max_edges : DEFAULT_MAX_EDGES;

    if ((st = eg__check_edges(g, path, err))) return st;
    if ((st = eg__view_select(g, max_nodes, max_edges, &v)))
        return eg__error(err, st, path, 0, 0, "out of memory");
    if (!(o = malloc(sizeof *o))) {
        eg__view_free(&v);
        return eg__error(err, EG_ENOMEM, path, 0, 0, "out of memory");
    }
    if ((st = eg__atomic_open(&a, path, err))) {
        free(o);
        eg__view_free(&v);
        return st;
    }
    o->fp = a.fp;
    o->failed = 0;
    o->used = 0;
    eg__out_bytes(o, eg__web_head, sizeof eg__web_head);
    put(o, "{\"meta\":");
    if ((st = put_meta(o, g, &v))) goto fail;
    put(o, ",\n\"nodes\":");
    if ((st = put_columns(o, node_columns, sizeof node_columns / sizeof *node_columns, g->nodes,
                          sizeof *g->nodes, v.nodes, v.n_nodes, v.remap)))
        goto fail;
    put(o, ",\n\"links\":");
    if ((st = put_columns(o, edge_columns, sizeof edge_columns / sizeof *edge_columns, g->edges,
                          sizeof *g->edges, v.edges, v.n_edges, v.remap)))
        goto fail;
    put(o, "}");
    eg__out_bytes(o, eg__web_mid, sizeof eg__web_mid);
    put(o, "[");
    for (size_t k = 0; k < v.n_edges; k++) {
        put(o, k ? ",\n" : "\n");
        if ((st = put_evidence(o, &g->edges[v.edges[k]]))) goto fail;
    }
    put(o, "]");
    eg__out_bytes(o, eg__web_tail, sizeof eg__web_tail);
    eg__out_flush(o);
    free(o);
    eg__view_free(&v);
    return eg__atomic_commit(&a, err);
fail:
    free(o);
    eg__view_free(&v);
    eg__atomic_abort(&a);
    return eg__error(err, st, path, 0, 0, "out of memory");
}
