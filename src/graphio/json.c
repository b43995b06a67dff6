/* JSON, both ways: the writer (node-link for networkx.node_link_graph and
 * d3, graphology and cytoscape styles; one node or link per line, so
 * that a large graph never sits in memory twice and diffs of two graphs
 * read well) and the reader of node-link JSON back into an eg_graph. */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "entgraph/export.h"
#include "entgraph/graph.h"
#include "graph_attrs.h"
#include "graph_check.h"
#include "graphio.h"
#include "internal.h"
#include "json.h"
#include "util.h"

/* The document is written as it goes, no tree: byte for byte what
 * cJSON_PrintUnformatted gave (strings escaped as it escapes them:
 * EG__JSON_AS_CJSON), which the golden tests hold it to. The text goes
 * through one buffer (buf.h), spilled to the file after each node or
 * link. */
typedef eg__buf jout;

static void out_c(jout *o, char c) { eg__buf_putc(o, c); }
static void out_s(jout *o, const char *s) { eg__buf_puts(o, s); }

/* An object being written: its buffer and how many members it has. */
typedef struct jobj {
    jout *out;
    size_t n;
} jobj;

/* A JSON string as cJSON escapes it; ill-formed UTF-8 as U+FFFD. */
static eg_status put_string(jout *out, const char *s)
{
    return eg__buf_json_string(out, s, strlen(s), EG__JSON_AS_CJSON);
}

static void put_key(jobj *o, const char *key)
{
    if (o->n++) out_c(o->out, ',');
    out_c(o->out, '"');
    out_s(o->out, key);
    out_s(o->out, "\":");
}

static void begin_object(jobj *o, jout *out)
{
    o->out = out;
    o->n = 0;
    out_c(out, '{');
}

/* A member holding an object: inner writes into it until end_object. */
static void begin_member_object(jobj *o, const char *key, jobj *inner)
{
    put_key(o, key);
    begin_object(inner, o->out);
}

static void end_object(jobj *o) { out_c(o->out, '}'); }

static eg_status add_string(jobj *o, const char *key, const char *s)
{
    put_key(o, key);
    if (!s) {
        out_s(o->out, "null");
        return EG_OK;
    }
    return put_string(o->out, s);
}

static void add_raw(jobj *o, const char *key, const char *text)
{
    put_key(o, key);
    out_s(o->out, text);
}

/* Counts as exact integers (cJSON would print through a double). */
static void add_uint(jobj *o, const char *key, uint64_t v)
{
    char buf[EG__INT_BUFSIZE];
    add_raw(o, key, eg__format_u64(buf, v));
}

/* Measures always carry a '.' or an exponent so readers type them as
 * floats; JSON has no NaN or infinity, so those become null. */
static void add_double(jobj *o, const char *key, double d)
{
    char buf[EG__DOUBLE_BUFSIZE];
    if (!isfinite(d)) {
        add_raw(o, key, "null");
        return;
    }
    eg__format_double(buf, d);
    add_raw(o, key, buf);
}

/* "a|b" → ["a","b"]; empty entries are skipped. */
static eg_status add_list(jobj *o, const char *key, const char *list)
{
    eg_status st = EG_OK;
    const char *item;
    size_t len, n = 0;
    put_key(o, key);
    out_c(o->out, '[');
    for (const char *p = list; !st && eg__list_next(&p, &item, &len);) {
        if (!len) continue;
        if (n++) out_c(o->out, ',');
        st = eg__buf_json_string(o->out, item, len, EG__JSON_AS_CJSON);
    }
    out_c(o->out, ']');
    return st;
}

/* [{"doc":…,"text":…},…] */
static eg_status put_evidence(jout *out, const eg_edge *e)
{
    eg_status st = EG_OK;
    out_c(out, '[');
    for (size_t k = 0; k < e->n_evidence && !st; k++) {
        jobj item;
        if (k) out_c(out, ',');
        begin_object(&item, out);
        if (!(st = add_string(&item, "doc", e->evidence[k].doc)))
            st = add_string(&item, "text", e->evidence[k].text);
        end_object(&item);
    }
    out_c(out, ']');
    return st;
}

char *eg__evidence_json(const eg_edge *e)
{
    eg__buf b = EG__BUF_INIT;
    if (put_evidence(&b, e)) {
        eg__buf_free(&b);
        return NULL;
    }
    return eg__buf_steal(&b, NULL);
}

eg_status eg__evidence_parse(eg_graph *g, size_t i, const char *json)
{
    eg_status st = EG_OK;
    eg__json *arr = eg__json_parse(json, strlen(json), NULL);
    if (!eg__json_is_array(arr)) {
        eg__json_free(arr);
        return EG_EPARSE;
    }
    for (const eg__json *item = eg__json_child(arr); item; item = eg__json_next(item)) {
        const char *doc = eg__json_str(eg__json_get(item, "doc"));
        const char *text = eg__json_str(eg__json_get(item, "text"));
        if (!doc || !text) {
            st = EG_EPARSE;
            break;
        }
        if ((st = eg_graph_add_evidence(g, i, doc, text))) break;
    }
    eg__json_free(arr);
    return st;
}

eg_status eg_json_style_parse(const char *s, eg_json_style *out)
{
    if (!strcmp(s, "node-link") || !strcmp(s, "nodelink")) *out = EG_JSON_NODE_LINK;
    else if (!strcmp(s, "graphology")) *out = EG_JSON_GRAPHOLOGY;
    else if (!strcmp(s, "cytoscape")) *out = EG_JSON_CYTOSCAPE;
    else return EG_EINVAL;
    return EG_OK;
}

static eg_status meta_fields(jobj *meta, const eg_graph *g)
{
    eg_status st;
    if ((st = add_string(meta, "window", g->window))) return st;
    add_uint(meta, "documents", g->n_docs);
    add_uint(meta, "mentions", g->n_mentions);
    add_uint(meta, "windows", g->n_windows);
    if ((st = add_string(meta, "counting", g->counting)) ||
        (st = add_string(meta, "betweenness", g->betweenness)) ||
        (st = add_string(meta, "layout", g->layout)))
        return st;
    add_uint(meta, "communities", g->n_communities);
    add_double(meta, "modularity", g->modularity);
    return EG_OK;
}

/* The item's attributes as the table gives JSON (graph_attrs.c), but the
 * ones the style places itself. In the node-link style a node's colour is
 * its r, g, b; the others write "color": "#rrggbb" where r stands;
 * cytoscape keeps x and y for "position". */
static eg_status put_fields(jobj *obj, const void *item, const eg__attr *attrs, size_t n,
                            eg_json_style style)
{
    eg_status st = EG_OK;
    for (size_t i = 0; i < n && !st; i++) {
        const eg__attr *a = &attrs[i];
        const char *s;
        if (!(a->formats & EG__IN_JSON) || (a->json & EG__JSON_PLACED) ||
            ((a->json & EG__JSON_POSITION) && style == EG_JSON_CYTOSCAPE))
            continue;
        if ((a->json & EG__JSON_RGB) && style != EG_JSON_NODE_LINK) {
            const eg_node *nd = item;
            char color[8];
            if (strcmp(a->name, "r")) continue;
            snprintf(color, sizeof color, "#%02x%02x%02x", nd->r, nd->g, nd->b);
            st = add_string(obj, "color", color);
            continue;
        }
        switch (a->type) {
        case EG__ATTR_STR:
            s = eg__attr_str(item, a);
            if (!s && (a->json & EG__JSON_OMIT_NULL)) break;
            if (a->json & EG__JSON_LIST)
                st = add_list(obj, a->name, s ? s : "");
            else
                st = add_string(obj, a->name, s ? s : a->json_null);
            break;
        case EG__ATTR_EVIDENCE:
            put_key(obj, a->name);
            st = put_evidence(obj->out, item);
            break;
        case EG__ATTR_F64: add_double(obj, a->name, eg__attr_f64(item, a)); break;
        case EG__ATTR_I32: {
            char buf[EG__INT_BUFSIZE];
            add_raw(obj, a->name, eg__format_i64(buf, eg__attr_i64(item, a)));
            break;
        }
        default: add_uint(obj, a->name, eg__attr_u64(item, a)); break;
        }
    }
    return st;
}

/* Wraps fields in {"data": …} (cytoscape) or {"key":…,"attributes": …}
 * (graphology), or adds them to the object itself (node-link). */
static eg_status put_node(jout *out, const eg_node *n, eg_json_style style)
{
    eg_status st;
    jobj obj, attrs, *inner = &obj;
    begin_object(&obj, out);
    if (style == EG_JSON_GRAPHOLOGY) {
        if ((st = add_string(&obj, "key", n->id))) return st;
        begin_member_object(&obj, "attributes", &attrs);
        inner = &attrs;
    } else if (style == EG_JSON_CYTOSCAPE) {
        begin_member_object(&obj, "data", &attrs);
        inner = &attrs;
    }
    if (style != EG_JSON_GRAPHOLOGY && (st = add_string(inner, "id", n->id))) return st;
    if ((st = put_fields(inner, n, eg__node_attrs, eg__n_node_attrs, style))) return st;
    if (inner != &obj) end_object(inner);
    if (style == EG_JSON_CYTOSCAPE) {
        jobj pos;
        begin_member_object(&obj, "position", &pos);
        for (size_t i = 0; i < eg__n_node_attrs; i++)
            if (eg__node_attrs[i].json & EG__JSON_POSITION)
                add_double(&pos, eg__node_attrs[i].name, eg__attr_f64(n, &eg__node_attrs[i]));
        end_object(&pos);
    }
    end_object(&obj);
    return EG_OK;
}

static eg_status put_link(jout *out, const eg_graph *g, size_t i, eg_json_style style)
{
    eg_status st;
    const eg_edge *e = &g->edges[i];
    char key[32];
    jobj obj, attrs, *inner = &obj;
    snprintf(key, sizeof key, "e%zu", i);
    begin_object(&obj, out);
    if (style == EG_JSON_CYTOSCAPE) {
        begin_member_object(&obj, "data", &attrs);
        inner = &attrs;
        if ((st = add_string(inner, "id", key))) return st;
    } else if (style == EG_JSON_GRAPHOLOGY) {
        if ((st = add_string(&obj, "key", key))) return st;
    }
    if ((st = add_string(inner, "source", g->nodes[e->source].id)) ||
        (st = add_string(inner, "target", g->nodes[e->target].id)))
        return st;
    if (style == EG_JSON_GRAPHOLOGY) {
        add_raw(&obj, "undirected", "true");
        begin_member_object(&obj, "attributes", &attrs);
        inner = &attrs;
    }
    if ((st = put_fields(inner, e, eg__edge_attrs, eg__n_edge_attrs, style))) return st;
    if (inner != &obj) end_object(inner);
    end_object(&obj);
    return EG_OK;
}

static eg_status put_header(jout *out, const eg_graph *g, eg_json_style style)
{
    eg_status st;
    jobj meta;
    if (style == EG_JSON_NODE_LINK)
        out_s(out, "{\"directed\":false,\"multigraph\":false,\"graph\":");
    else if (style == EG_JSON_GRAPHOLOGY)
        out_s(out, "{\"options\":{\"type\":\"undirected\",\"multi\":false,\"allowSelfLoops\":false},"
              "\"attributes\":");
    else
        out_s(out, "{\"data\":");
    begin_object(&meta, out);
    st = meta_fields(&meta, g);
    end_object(&meta);
    return st;
}

static eg_status write_json(const eg_graph *g, eg__buf *out, FILE *fp, const eg_export_options *opt)
{
    eg_status st;
    eg_json_style style = opt->json_style;
    static const char *const lists[][2] = {
        {",\n\"nodes\":[", ",\n\"links\":["},
        {",\n\"nodes\":[", ",\n\"edges\":["},
        {",\n\"elements\":{\"nodes\":[", ",\n\"edges\":["},
    };
    if ((st = put_header(out, g, style))) return st;
    out_s(out, lists[style][0]);
    for (size_t i = 0; i < g->n_nodes; i++) {
        out_s(out, i ? ",\n" : "\n");
        if ((st = put_node(out, &g->nodes[i], style)) || (st = eg__spill(out, fp))) return st;
    }
    out_s(out, g->n_nodes ? "\n]" : "]");
    out_s(out, lists[style][1]);
    for (size_t i = 0; i < g->n_edges; i++) {
        out_s(out, i ? ",\n" : "\n");
        if ((st = put_link(out, g, i, style)) || (st = eg__spill(out, fp))) return st;
    }
    out_s(out, g->n_edges ? "\n]" : "]");
    out_s(out, style == EG_JSON_CYTOSCAPE ? "}}\n" : "}\n");
    return eg__buf_write(out, fp);
}

eg_status eg_export_json(const eg_graph *g, const char *path, const eg_export_options *opt,
                         eg_error *err)
{
    if (opt && (unsigned)opt->json_style > EG_JSON_CYTOSCAPE)
        return eg__error(err, EG_EINVAL, path, 0, 0, "unknown JSON style");
    return eg__write_graph(g, path, opt, err, write_json);
}

/* ---- reading node-link JSON ------------------------------------------- */

/* The checks below fill err and return EG_EPARSE naming the field as
 * "nodes[3].count"; what is "nodes" or "links" (or "graph" with i unused). */
static eg_status bad_field(eg_error *err, const char *path, const char *what, size_t i,
                           const char *field, const char *expected)
{
    if (!strcmp(what, "graph"))
        return eg__error(err, EG_EPARSE, path, 0, 0, "graph.%s: expected %s", field, expected);
    return eg__error(err, EG_EPARSE, path, 0, 0, "%s[%zu].%s: expected %s", what, i, field,
                     expected);
}

/* A string member: missing or null gives def. */
static eg_status get_string(const eg__json *obj, const char *field, const char *def,
                            const char **out, const char *path, const char *what, size_t i,
                            eg_error *err)
{
    const eg__json *item = eg__json_get(obj, field);
    if (!item || eg__json_is_null(item)) {
        *out = def;
        return EG_OK;
    }
    if (!eg__json_is_string(item)) return bad_field(err, path, what, i, field, "a string");
    *out = eg__json_str(item);
    return EG_OK;
}

/* A non-negative integer member: missing gives 0. Numbers are read as
 * doubles, so values above 2^53 are not exact. */
static eg_status get_uint(const eg__json *obj, const char *field, uint64_t *out,
                          const char *path, const char *what, size_t i, eg_error *err)
{
    const eg__json *item = eg__json_get(obj, field);
    if (!item) {
        *out = 0;
        return EG_OK;
    }
    double d = eg__json_number(item);
    /* 2^64 itself is what a count near UINT64_MAX reads as (doubles are
     * not exact above 2^53): take the largest count */
    if (!eg__json_is_number(item) || !(d >= 0) || d != floor(d) || d > 18446744073709551616.0)
        return bad_field(err, path, what, i, field, "a non-negative integer");
    *out = d >= 18446744073709551616.0 ? UINT64_MAX : (uint64_t)d;
    return EG_OK;
}

/* A number member: missing gives unset, null gives NaN (what the exporter
 * writes for a value that is not finite). */
static eg_status get_double(const eg__json *obj, const char *field, double unset, double *out,
                            const char *path, const char *what, size_t i, eg_error *err)
{
    const eg__json *item = eg__json_get(obj, field);
    if (!item) {
        *out = unset;
    } else if (eg__json_is_null(item)) {
        *out = NAN;
    } else if (eg__json_is_number(item)) {
        *out = eg__json_number(item);
    } else {
        return bad_field(err, path, what, i, field, "a number");
    }
    return EG_OK;
}

/* The measures of the table (a double other than an edge's weight, which
 * the reader takes first), then its other numbers (community, core,
 * colour: read as doubles, stored by the table's rules), into item, by
 * their names; a missing one is its unset value. */
static eg_status get_numbers(const eg__json *obj, void *item, const eg__attr *attrs, size_t n,
                             const char *path, const char *what, size_t i, eg_error *err)
{
    eg_status st;
    double d;
    for (int pass = 0; pass < 2; pass++)
        for (size_t k = 0; k < n; k++) {
            const eg__attr *a = &attrs[k];
            int is_measure = a->type == EG__ATTR_F64 && a->check != EG__CHECK_WEIGHT;
            int is_small = a->type == EG__ATTR_I32 || a->type == EG__ATTR_U32 || a->type == EG__ATTR_U8;
            if (!(a->formats & EG__IN_JSON) || !(pass ? is_small : is_measure)) continue;
            if ((st = get_double(obj, a->name, a->unset, &d, path, what, i, err))) return st;
            eg__attr_set_number(item, a, d);
        }
    return EG_OK;
}

/* "aliases": an array of strings joined with '|' (empty entries skipped),
 * or a string taken as it is; missing or null is "". *out is malloc'd. */
static eg_status get_aliases(const eg__json *obj, char **out, const char *path, size_t i,
                             eg_error *err)
{
    const eg__json *item = eg__json_get(obj, "aliases"), *a;
    char *s = NULL;
    *out = NULL;
    if (eg__json_is_string(item)) {
        s = strdup(eg__json_str(item));
    } else if (!item || eg__json_is_null(item)) {
        s = strdup("");
    } else if (eg__json_is_array(item)) {
        eg__buf b = EG__BUF_INIT;
        for (a = eg__json_child(item); a; a = eg__json_next(a)) {
            const char *v = eg__json_str(a);
            if (!v) {
                eg__buf_free(&b);
                return bad_field(err, path, "nodes", i, "aliases", "an array of strings");
            }
            if (!*v) continue;
            if (b.len) eg__buf_putc(&b, '|');
            eg__buf_puts(&b, v);
        }
        eg__buf_putc(&b, '\0'); /* an empty list is "" too */
        s = eg__buf_steal(&b, NULL);
    } else {
        return bad_field(err, path, "nodes", i, "aliases", "an array of strings");
    }
    if (!s) return eg__error(err, EG_ENOMEM, path, 0, 0, "out of memory");
    *out = s;
    return EG_OK;
}

static eg_status load_node(eg_graph *g, const eg__json *node, size_t i, const char *path,
                           eg_error *err)
{
    eg_status st;
    const char *id, *label, *type, *source;
    char *aliases = NULL;
    uint64_t count, docs;
    if (!eg__json_is_object(node))
        return eg__error(err, EG_EPARSE, path, 0, 0, "nodes[%zu]: expected an object", i);
    if ((st = get_string(node, "id", NULL, &id, path, "nodes", i, err))) goto fail;
    if (!id) {
        st = eg__error(err, EG_EPARSE, path, 0, 0, "nodes[%zu]: missing \"id\"", i);
        goto fail;
    }
    if ((st = get_string(node, "label", "", &label, path, "nodes", i, err)) ||
        (st = get_string(node, "type", "", &type, path, "nodes", i, err)) ||
        (st = get_string(node, "source", "", &source, path, "nodes", i, err)) ||
        (st = get_uint(node, "count", &count, path, "nodes", i, err)) ||
        (st = get_uint(node, "docs", &docs, path, "nodes", i, err)) ||
        (st = get_aliases(node, &aliases, path, i, err)))
        goto fail;
    st = eg_graph_add_node(g, id, label, type, aliases, source, count, docs, NULL);
    if (st) {
        st = eg__error(err, st, path, 0, 0, "nodes[%zu]: %s", i, eg_status_message(st));
        goto fail;
    }
    const char *first_date, *last_date;
    if ((st = get_numbers(node, &g->nodes[g->n_nodes - 1], eg__node_attrs, eg__n_node_attrs, path,
                          "nodes", i, err)) ||
        (st = get_string(node, "first_date", NULL, &first_date, path, "nodes", i, err)) ||
        (st = get_string(node, "last_date", NULL, &last_date, path, "nodes", i, err)))
        goto fail;
    if ((first_date || last_date) &&
        eg_graph_set_dates(g, EG_GRAPH_NODE, g->n_nodes - 1, first_date, last_date)) {
        st = eg__error(err, EG_ENOMEM, path, 0, 0, "out of memory");
        goto fail;
    }
fail:
    free(aliases);
    return st;
}

typedef struct id_entry {
    const char *id;
    uint32_t index;
} id_entry;

static int id_entry_cmp(const void *pa, const void *pb)
{
    const id_entry *a = pa, *b = pb;
    int c = strcmp(a->id, b->id);
    if (c) return c;
    return (a->index > b->index) - (a->index < b->index);
}

/* Index of the node whose id is id, or UINT32_MAX. O(log n). */
static uint32_t id_lookup(const id_entry *ids, size_t n, const char *id)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(ids[mid].id, id);
        if (c == 0) return ids[mid].index;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return UINT32_MAX;
}

static eg_status load_link(eg_graph *g, const eg__json *link, size_t i, const id_entry *ids,
                           const char *path, eg_error *err)
{
    eg_status st;
    const char *source, *target, *kind_name, *kind, *first_date, *last_date;
    uint64_t count, docs;
    double weight;
    uint32_t a, b;
    if (!eg__json_is_object(link))
        return eg__error(err, EG_EPARSE, path, 0, 0, "links[%zu]: expected an object", i);
    /* a link without "weight" weighs 0 here (GraphML's reader: 1) */
    if ((st = get_string(link, "source", NULL, &source, path, "links", i, err)) ||
        (st = get_string(link, "target", NULL, &target, path, "links", i, err)) ||
        (st = get_double(link, "weight", 0, &weight, path, "links", i, err)) ||
        (st = get_uint(link, "count", &count, path, "links", i, err)) ||
        (st = get_uint(link, "docs", &docs, path, "links", i, err)) ||
        (st = get_string(link, "kind", "cooccurrence", &kind_name, path, "links", i, err)) ||
        (st = get_string(link, "first_date", NULL, &first_date, path, "links", i, err)) ||
        (st = get_string(link, "last_date", NULL, &last_date, path, "links", i, err)))
        return st;
    /* files without "count" (older ones) counted windows in "weight" */
    if (!eg__json_get(link, "count") && weight >= 0 && weight == floor(weight) && weight < 9e15)
        count = (uint64_t)weight;
    if (!source || !target)
        return eg__error(err, EG_EPARSE, path, 0, 0, "links[%zu]: missing \"%s\"", i,
                         source ? "target" : "source");
    if ((a = id_lookup(ids, g->n_nodes, source)) == UINT32_MAX)
        return eg__error(err, EG_EPARSE, path, 0, 0,
                         "links[%zu]: source '%s' is not the id of a node", i, source);
    if ((b = id_lookup(ids, g->n_nodes, target)) == UINT32_MAX)
        return eg__error(err, EG_EPARSE, path, 0, 0,
                         "links[%zu]: target '%s' is not the id of a node", i, target);
    if (a == b)
        return eg__error(err, EG_EPARSE, path, 0, 0, "links[%zu]: links node '%s' to itself",
                         i, source);
    if (!(kind = eg_edge_kind_find(kind_name)))
        return eg__error(err, EG_EPARSE, path, 0, 0,
                         "links[%zu]: unknown kind '%s' (expected cooccurrence or part_of)", i,
                         kind_name);
    st = eg_graph_add_edge_kind(g, a, b, count, docs, kind);
    if (st) return eg__error(err, st, path, 0, 0, "links[%zu]: %s", i, eg_status_message(st));
    eg_edge *e = &g->edges[g->n_edges - 1];
    e->weight = weight;
    if ((st = get_numbers(link, e, eg__edge_attrs, eg__n_edge_attrs, path, "links", i, err)))
        return st;
    if ((first_date || last_date) &&
        eg_graph_set_dates(g, EG_GRAPH_EDGE, g->n_edges - 1, first_date, last_date))
        return eg__error(err, EG_ENOMEM, path, 0, 0, "out of memory");
    const eg__json *ev = eg__json_get(link, "evidence"), *item;
    if (ev && !eg__json_is_null(ev)) {
        if (!eg__json_is_array(ev)) return bad_field(err, path, "links", i, "evidence", "an array");
        for (item = eg__json_child(ev); item; item = eg__json_next(item)) {
            const char *doc = eg__json_str(eg__json_get(item, "doc"));
            const char *text = eg__json_str(eg__json_get(item, "text"));
            if (!doc || !text)
                return bad_field(err, path, "links", i, "evidence",
                                 "an array of {\"doc\",\"text\"} strings");
            if (eg_graph_add_evidence(g, g->n_edges - 1, doc, text))
                return eg__error(err, EG_ENOMEM, path, 0, 0, "out of memory");
        }
    }
    return EG_OK;
}

static eg_status load_meta(eg_graph *g, const eg__json *root, const char *path, eg_error *err)
{
    eg_status st;
    const eg__json *meta = eg__json_get(root, "graph");
    const char *window, *counting, *betweenness, *layout;
    uint64_t communities;
    if (!meta || eg__json_is_null(meta)) return EG_OK;
    if (!eg__json_is_object(meta))
        return eg__error(err, EG_EPARSE, path, 0, 0, "\"graph\": expected an object");
    if ((st = get_string(meta, "window", NULL, &window, path, "graph", 0, err)) ||
        (st = get_uint(meta, "documents", &g->n_docs, path, "graph", 0, err)) ||
        (st = get_uint(meta, "mentions", &g->n_mentions, path, "graph", 0, err)) ||
        (st = get_uint(meta, "windows", &g->n_windows, path, "graph", 0, err)) ||
        (st = get_string(meta, "counting", "", &counting, path, "graph", 0, err)) ||
        (st = get_string(meta, "betweenness", "", &betweenness, path, "graph", 0, err)) ||
        (st = get_string(meta, "layout", "", &layout, path, "graph", 0, err)) ||
        (st = get_uint(meta, "communities", &communities, path, "graph", 0, err)) ||
        (st = get_double(meta, "modularity", 0, &g->modularity, path, "graph", 0, err)))
        return st;
    snprintf(g->counting, sizeof g->counting, "%s", counting);
    snprintf(g->betweenness, sizeof g->betweenness, "%s", betweenness);
    snprintf(g->layout, sizeof g->layout, "%s", layout);
    g->n_communities = communities < UINT32_MAX ? (uint32_t)communities : UINT32_MAX;
    if (eg_graph_set_window(g, window))
        return eg__error(err, EG_ENOMEM, path, 0, 0, "out of memory");
    return EG_OK;
}

eg_status eg_graph_load_json(eg_graph *g, const char *path, eg_error *err)
{
    eg_status st;
    char *text = NULL;
    size_t len = 0, i, bytes, off;
    eg__json *root = NULL;
    const eg__json *nodes, *links, *item;
    id_entry *ids = NULL;
    const char *nul;
    long line, column;

    if (g->n_nodes || g->n_edges || g->window)
        return eg__error(err, EG_EINVAL, path, 0, 0, "the graph to load into is not empty");
    if ((st = eg__read_file(path, &text, &len, err))) goto fail;
    nul = memchr(text, '\0', len);
    if (nul) {
        eg__text_position(text, (size_t)(nul - text), &line, &column);
        st = eg__error(err, EG_EPARSE, path, line, column, "NUL byte in JSON text");
        goto fail;
    }
    /* trailing garbage is an error */
    root = eg__json_parse_all(text, len, &off);
    if (!root) {
        eg__text_position(text, off <= len ? off : 0, &line, &column);
        st = eg__error(err, EG_EPARSE, path, line, column, "not valid JSON");
        goto fail;
    }
    if (!eg__json_is_object(root)) {
        st = eg__error(err, EG_EPARSE, path, 0, 0, "expected a node-link JSON object");
        goto fail;
    }
    nodes = eg__json_get(root, "nodes");
    links = eg__json_get(root, "links");
    if (!eg__json_is_array(nodes) || !eg__json_is_array(links)) {
        st = eg__error(err, EG_EPARSE, path, 0, 0,
                       "not node-link JSON: \"%s\" is missing or not an array",
                       eg__json_is_array(nodes) ? "links" : "nodes");
        goto fail;
    }
    if ((st = load_meta(g, root, path, err))) goto fail;
    i = 0;
    for (item = eg__json_child(nodes); item; item = eg__json_next(item)) {
        if ((st = load_node(g, item, i, path, err))) goto fail;
        i++;
    }

    if (eg__mul_overflow(g->n_nodes ? g->n_nodes : 1, sizeof *ids, &bytes) ||
        !(ids = malloc(bytes))) {
        st = eg__error(err, EG_ENOMEM, path, 0, 0, "out of memory");
        goto fail;
    }
    for (i = 0; i < g->n_nodes; i++) ids[i] = (id_entry){g->nodes[i].id, (uint32_t)i};
    qsort(ids, g->n_nodes, sizeof *ids, id_entry_cmp);
    for (i = 1; i < g->n_nodes; i++) {
        if (!strcmp(ids[i - 1].id, ids[i].id)) {
            st = eg__error(err, EG_EPARSE, path, 0, 0,
                           "nodes[%lu]: duplicate id '%s' (first at nodes[%lu])",
                           (unsigned long)ids[i].index, ids[i].id,
                           (unsigned long)ids[i - 1].index);
            goto fail;
        }
    }
    i = 0;
    for (item = eg__json_child(links); item; item = eg__json_next(item)) {
        if ((st = load_link(g, item, i, ids, path, err))) goto fail;
        i++;
    }
    st = eg__graph_check(g, path, err);
fail:
    free(ids);
    eg__json_free(root);
    free(text);
    if (st) eg_graph_destroy(g);
    return st;
}

int eg__json_sniff(const unsigned char *head, size_t n)
{
    (void)head;
    (void)n;
    return 1;
}
