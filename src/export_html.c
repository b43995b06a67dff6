/* The HTML page: src/web/page.html with the vendored sigma.js, graphology
 * and the page's own script (compiled in as web_assets.inc by
 * scripts/gen_web_assets.py), the graph in one JSON element before the
 * scripts and the edges' evidence in another after them.
 *
 * The graph is columns, not rows: {"meta":{…},"nodes":{"id":[…],
 * "label":[…], …},"links":{"source":[…], …}}, one array per field (the
 * attribute table's names, graph_attrs.c; source and target are indexes
 * into the node columns), which the browser parses into flat
 * arrays of numbers and strings rather than an object per node and edge.
 * meta.measures lists the node measures ([column, label], from
 * EG_NODE_MEASURES) for the node panel.
 * The evidence is [[[doc, text], …], …], one array per edge in the order
 * of the links; src/web/app.js parses it only when an edge's panel first
 * needs it, so the page can draw the graph while the browser still reads
 * it. */
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "entgraph/export.h"
#include "graph_attrs.h"
#include "graphio/graphio.h"
#include "internal.h"
#include "util.h"
#include "web_assets.inc"

enum { DEFAULT_MAX_NODES = 20000, DEFAULT_MAX_EDGES = 200000 };

static void put(eg__buf *o, const char *s) { eg__buf_puts(o, s); }

static void put_u64(eg__buf *o, uint64_t v)
{
    char buf[EG__INT_BUFSIZE];
    put(o, eg__format_u64(buf, v));
}

static void put_i64(eg__buf *o, int64_t v)
{
    char buf[EG__INT_BUFSIZE];
    put(o, eg__format_i64(buf, v));
}

/* null where JSON has no number */
static void put_double(eg__buf *o, double d)
{
    char buf[EG__DOUBLE_BUFSIZE];
    if (!isfinite(d)) {
        put(o, "null");
        return;
    }
    eg__format_double(buf, d);
    put(o, buf);
}

/* A JSON string that can sit inside the page's <script> element. */
static eg_status put_strn(eg__buf *o, const char *s, size_t n)
{
    return eg__buf_json_string(o, s, n, EG__JSON_AS_CJSON | EG__JSON_HTML);
}

static eg_status put_str(eg__buf *o, const char *s)
{
    return put_strn(o, s ? s : "", s ? strlen(s) : 0);
}

static eg_status put_opt_str(eg__buf *o, const char *s)
{
    if (!s || !*s) {
        put(o, "null");
        return EG_OK;
    }
    return put_str(o, s);
}

/* '|'-separated aliases as an array of strings */
static eg_status put_aliases(eg__buf *o, const char *aliases)
{
    eg_status st = EG_OK;
    put(o, "[");
    int first = 1;
    const char *a;
    size_t len;
    while (!st && eg__list_next(&aliases, &a, &len)) {
        if (len) {
            if (!first) put(o, ",");
            first = 0;
            st = put_strn(o, a, len);
        }
    }
    put(o, "]");
    return st;
}

/* The columns of the page's data, in the order written: an edge's ends
 * (indexes into the node columns), then the attribute table's rows that
 * the page carries (EG__IN_HTML, graph_attrs.c). Each is one JSON array
 * over the kept nodes or edges: flat arrays of numbers parse faster and
 * make fewer objects in the browser than one array per row. A node's r,
 * g and b make one column, "color": "#rrggbb". */

/* One value of attribute a of the record at p: a '|'-list as an array of
 * strings, a date null when NULL or empty. */
static eg_status put_value(eg__buf *o, const eg__attr *a, const void *p)
{
    const char *s;
    char color[8];
    switch (a->type) {
    case EG__ATTR_STR:
        s = eg__attr_str(p, a);
        if (a->json & EG__JSON_LIST) return put_aliases(o, s);
        if (a->json & EG__JSON_OMIT_NULL) return put_opt_str(o, s);
        return put_str(o, s);
    case EG__ATTR_F64: put_double(o, eg__attr_f64(p, a)); return EG_OK;
    case EG__ATTR_I32: put_i64(o, eg__attr_i64(p, a)); return EG_OK;
    case EG__ATTR_U8:
        if (a->json & EG__JSON_RGB) {
            const eg_node *n = p;
            snprintf(color, sizeof color, "#%02x%02x%02x", n->r, n->g, n->b);
            put(o, "\"");
            put(o, color);
            put(o, "\"");
            return EG_OK;
        }
        put_u64(o, eg__attr_u64(p, a));
        return EG_OK;
    case EG__ATTR_U64:
    case EG__ATTR_U32: put_u64(o, eg__attr_u64(p, a)); return EG_OK;
    default: return EG_OK;
    }
}

static void begin_column(eg__buf *o, int *first, const char *name)
{
    put(o, *first ? "\"" : ",\n\"");
    *first = 0;
    put(o, name);
    put(o, "\":[");
}

/* {"name":[…],\n"name":[…],…} over the n records base[which[k]]; for
 * edges (remap not NULL) their ends first, through remap. */
static eg_status put_columns(eg__buf *o, FILE *fp, const eg__attr *attrs, size_t n_attrs,
                             const void *base, size_t record, const uint32_t *which, size_t n,
                             const uint32_t *remap)
{
    eg_status st;
    int first = 1;
    put(o, "{");
    for (int end = 0; remap && end < 2; end++) {
        begin_column(o, &first, end ? "target" : "source");
        for (size_t k = 0; k < n; k++) {
            const eg_edge *e = (const eg_edge *)base + which[k];
            if (k) put(o, ",");
            put_u64(o, remap[end ? e->target : e->source]);
            if ((st = eg__spill(o, fp))) return st;
        }
        put(o, "]");
    }
    for (size_t c = 0; c < n_attrs; c++) {
        const eg__attr *a = &attrs[c];
        if (!(a->formats & EG__IN_HTML) || ((a->json & EG__JSON_RGB) && strcmp(a->name, "r")))
            continue;
        begin_column(o, &first, a->json & EG__JSON_RGB ? "color" : a->name);
        for (size_t k = 0; k < n; k++) {
            if (k) put(o, ",");
            if ((st = put_value(o, a, (const char *)base + which[k] * record)) ||
                (st = eg__spill(o, fp)))
                return st;
        }
        put(o, "]");
    }
    put(o, "}");
    return EG_OK;
}

/* [[doc, text], …] of one edge */
static eg_status put_evidence(eg__buf *o, const eg_edge *e)
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

static eg_status put_meta(eg__buf *o, const eg_graph *g, const eg__view *v)
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
    /* the measures the node panel lists: [column, label], … */
    put(o, ",\"measures\":[");
    int first = 1;
    for (size_t k = 0; k < eg__n_node_attrs; k++) {
        const eg__attr *a = &eg__node_attrs[k];
        if (!a->label) continue;
        put(o, first ? "[\"" : ",[\"");
        first = 0;
        put(o, a->name);
        put(o, "\",");
        if ((st = put_str(o, a->label))) return st;
        put(o, "]");
    }
    put(o, "]}");
    return EG_OK;
}

/* The page: the head of page.html, the data, the scripts, the evidence,
 * the tail (eg__write_graph's writer). */
static eg_status write_page(const eg_graph *g, eg__buf *o, FILE *fp, const eg_export_options *opt)
{
    eg_status st;
    eg__view v = {0};
    size_t max_nodes = opt->view_max_nodes ? opt->view_max_nodes : DEFAULT_MAX_NODES;
    size_t max_edges = opt->view_max_edges ? opt->view_max_edges : DEFAULT_MAX_EDGES;
    if ((st = eg__view_select(g, max_nodes, max_edges, &v))) return st;
    eg__buf_append(o, eg__web_head, sizeof eg__web_head);
    put(o, "{\"meta\":");
    if ((st = put_meta(o, g, &v))) goto done;
    put(o, ",\n\"nodes\":");
    if ((st = put_columns(o, fp, eg__node_attrs, eg__n_node_attrs, g->nodes, sizeof *g->nodes, v.nodes,
                          v.n_nodes, NULL)))
        goto done;
    put(o, ",\n\"links\":");
    if ((st = put_columns(o, fp, eg__edge_attrs, eg__n_edge_attrs, g->edges, sizeof *g->edges, v.edges,
                          v.n_edges, v.remap)))
        goto done;
    put(o, "}");
    eg__buf_append(o, eg__web_mid, sizeof eg__web_mid);
    put(o, "[");
    for (size_t k = 0; k < v.n_edges && !st; k++) {
        put(o, k ? ",\n" : "\n");
        if (!(st = put_evidence(o, &g->edges[v.edges[k]]))) st = eg__spill(o, fp);
    }
    if (st) goto done;
    put(o, "]");
    eg__buf_append(o, eg__web_tail, sizeof eg__web_tail);
    st = eg__buf_write(o, fp);
done:
    eg__view_free(&v);
    return st;
}

eg_status eg_export_html(const eg_graph *g, const char *path, const eg_export_options *opt,
                         eg_error *err)
{
    return eg__write_graph(g, path, opt, err, write_page);
}
