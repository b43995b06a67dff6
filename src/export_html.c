/* The HTML page: src/web/page.html with the vendored sigma.js, graphology
 * and the page's own script (compiled in as web_assets.inc by
 * scripts/gen_web_assets.py), and the graph as JSON between its two halves.
 *
 * The JSON is compact rows, not objects: {"meta":{…},"nodes":[[id, label,
 * type, [aliases…], count, docs, degree, strength, pagerank, betweenness,
 * community, core, x, y, size, "#rrggbb", first_date, last_date], …],
 * "links":[[source index, target index, weight, count, docs, jaccard, npmi,
 * association, kind, first_date, last_date, [[doc, text], …]], …]}; the
 * field order is the one src/web/app.js reads. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "entgraph/export.h"
#include "internal.h"
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
    for (const char *p = aliases ? aliases : ""; *p && !st;) {
        const char *bar = strchr(p, '|');
        size_t len = bar ? (size_t)(bar - p) : strlen(p);
        if (len) {
            char *one = malloc(len + 1);
            if (!one) return EG_ENOMEM;
            memcpy(one, p, len);
            one[len] = '\0';
            if (!first) put(o, ",");
            first = 0;
            st = put_str(o, one);
            free(one);
        }
        p += len + (bar != NULL);
    }
    put(o, "]");
    return st;
}

static eg_status put_node(eg__out *o, const eg_node *n)
{
    eg_status st;
    char color[8];
    put(o, "[");
    if ((st = put_str(o, n->id))) return st;
    put(o, ",");
    if ((st = put_str(o, n->label))) return st;
    put(o, ",");
    if ((st = put_str(o, n->type))) return st;
    put(o, ",");
    if ((st = put_aliases(o, n->aliases))) return st;
    put(o, ",");
    put_u64(o, n->count);
    put(o, ",");
    put_u64(o, n->docs);
    const double measures[] = {n->degree, n->strength, n->pagerank, n->betweenness};
    for (size_t k = 0; k < sizeof measures / sizeof *measures; k++) {
        put(o, ",");
        put_double(o, measures[k]);
    }
    put(o, ",");
    put_i64(o, n->community);
    put(o, ",");
    put_u64(o, n->core);
    put(o, ",");
    put_double(o, n->x);
    put(o, ",");
    put_double(o, n->y);
    put(o, ",");
    put_double(o, n->size);
    snprintf(color, sizeof color, "#%02x%02x%02x", n->r, n->g, n->b);
    put(o, ",\"");
    put(o, color);
    put(o, "\",");
    if ((st = put_opt_str(o, n->first_date))) return st;
    put(o, ",");
    if ((st = put_opt_str(o, n->last_date))) return st;
    put(o, "]");
    return EG_OK;
}

static eg_status put_link(eg__out *o, const eg_edge *e, const uint32_t *remap)
{
    eg_status st;
    put(o, "[");
    put_u64(o, remap[e->source]);
    put(o, ",");
    put_u64(o, remap[e->target]);
    put(o, ",");
    put_double(o, e->weight);
    put(o, ",");
    put_u64(o, e->count);
    put(o, ",");
    put_u64(o, e->docs);
    put(o, ",");
    put_double(o, e->jaccard);
    put(o, ",");
    put_double(o, e->npmi);
    put(o, ",");
    put_double(o, e->association);
    put(o, ",");
    if ((st = put_str(o, e->kind))) return st;
    put(o, ",");
    if ((st = put_opt_str(o, e->first_date))) return st;
    put(o, ",");
    if ((st = put_opt_str(o, e->last_date))) return st;
    put(o, ",[");
    for (size_t k = 0; k < e->n_evidence; k++) {
        put(o, k ? ",[" : "[");
        if ((st = put_str(o, e->evidence[k].doc))) return st;
        put(o, ",");
        if ((st = put_str(o, e->evidence[k].text))) return st;
        put(o, "]");
    }
    put(o, "]]");
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
    put(o, ",\n\"nodes\":[");
    for (size_t k = 0; k < v.n_nodes; k++) {
        if (k) put(o, ",\n");
        if ((st = put_node(o, &g->nodes[v.nodes[k]]))) goto fail;
    }
    put(o, "],\n\"links\":[");
    for (size_t k = 0; k < v.n_edges; k++) {
        if (k) put(o, ",\n");
        if ((st = put_link(o, &g->edges[v.edges[k]], v.remap))) goto fail;
    }
    put(o, "]}");
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
