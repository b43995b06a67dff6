/* JSON, both ways: the writer (node-link for networkx.node_link_graph and
 * d3, graphology and cytoscape styles; one node or link per line, so
 * that a large graph never sits in memory twice and diffs of two graphs
 * read well) and the reader of node-link JSON back into an eg_graph. */
#include <cjson/cJSON.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "entgraph/export.h"
#include "entgraph/graph.h"
#include "graph_check.h"
#include "graph_attrs.h"
#include "graphio.h"
#include "internal.h"

/* The document is written as it goes, no cJSON tree: byte for byte what
 * cJSON_PrintUnformatted gives (strings escaped as it escapes them), which
 * the golden tests hold it to. cJSON still parses evidence back (below). */

/* The JSON goes through a buffer of its own (internal.h); write errors
 * stay on the stream (ferror), for the caller's commit. */
typedef eg__out jout;

static void out_c(jout *o, char c)
{
    if (o->used == sizeof o->buf) eg__out_flush(o);
    o->buf[o->used++] = (unsigned char)c;
}

static void out_s(jout *o, const char *s) { eg__out_bytes(o, s, strlen(s)); }

/* An object being written: its stream and how many members it has. */
typedef struct jobj {
    jout *out;
    size_t n;
} jobj;

/* A JSON string: '"', '\\' and C0 controls escaped as cJSON does (\b \f \n
 * \r \t, else \u00xx), everything else as it is; with html also '<', '>',
 * '&' (\u00xx) and U+2028, U+2029; s must be valid UTF-8. */
static void put_escaped_as(jout *out, const char *s, int html)
{
    const unsigned char *p = (const unsigned char *)s, *run = p;
    out_c(out, '"');
    for (; *p; p++) {
        if (*p > 31 && *p != '"' && *p != '\\' &&
            !(html && (*p == '<' || *p == '>' || *p == '&' ||
                       (*p == 0xE2 && p[1] == 0x80 && (p[2] == 0xA8 || p[2] == 0xA9)))))
            continue;
        if (p > run) eg__out_bytes(out, run, (size_t)(p - run));
        run = p + 1;
        if (*p == 0xE2) { /* U+2028, U+2029: line ends to older JavaScript */
            out_s(out, p[2] == 0xA8 ? "\\u2028" : "\\u2029");
            p += 2;
            run = p + 1;
            continue;
        }
        switch (*p) {
        case '"': out_s(out, "\\\""); break;
        case '\\': out_s(out, "\\\\"); break;
        case '\b': out_s(out, "\\b"); break;
        case '\f': out_s(out, "\\f"); break;
        case '\n': out_s(out, "\\n"); break;
        case '\r': out_s(out, "\\r"); break;
        case '\t': out_s(out, "\\t"); break;
        default: {
            char u[8];
            snprintf(u, sizeof u, "\\u%04x", *p);
            out_s(out, u);
            break;
        }
        }
    }
    if (p > run) eg__out_bytes(out, run, (size_t)(p - run));
    out_c(out, '"');
}

static void put_escaped(jout *out, const char *s) { put_escaped_as(out, s, 0); }

eg_status eg__json_string(eg__out *out, const char *s, int html)
{
    if (eg__utf8_valid(s)) {
        put_escaped_as(out, s, html);
        return EG_OK;
    }
    char *fixed = eg__utf8_repair(s);
    if (!fixed) return EG_ENOMEM;
    put_escaped_as(out, fixed, html);
    free(fixed);
    return EG_OK;
}

/* Bytes >= 0x80 go out as they are, so the strings must be valid UTF-8 for
 * the file to be JSON; the rare string that is not is repaired. */
static eg_status put_string(jout *out, const char *s)
{
    if (eg__utf8_valid(s)) {
        put_escaped(out, s);
        return EG_OK;
    }
    char *fixed = eg__utf8_repair(s);
    if (!fixed) return EG_ENOMEM;
    put_escaped(out, fixed);
    free(fixed);
    return EG_OK;
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
static eg_status add_uint(jobj *o, const char *key, uint64_t v)
{
    char buf[EG__INT_BUFSIZE];
    add_raw(o, key, eg__format_u64(buf, v));
    return EG_OK;
}

/* Measures always carry a '.' or an exponent so readers type them as
 * floats; JSON has no NaN or infinity, so those become null. */
static eg_status add_double(jobj *o, const char *key, double d)
{
    char buf[EG__DOUBLE_BUFSIZE];
    if (!isfinite(d)) {
        add_raw(o, key, "null");
        return EG_OK;
    }
    eg__format_double(buf, d);
    add_raw(o, key, buf);
    return EG_OK;
}

/* "a|b" → ["a","b"]; empty entries are skipped. */
static eg_status add_aliases(jobj *o, const char *aliases)
{
    eg_status st = EG_OK;
    char *copy = strdup(aliases ? aliases : "");
    size_t n = 0;
    if (!copy) return EG_ENOMEM;
    put_key(o, "aliases");
    out_c(o->out, '[');
    for (char *p = copy, *bar; p && !st; p = bar ? bar + 1 : NULL) {
        bar = strchr(p, '|');
        if (bar) *bar = '\0';
        if (!*p) continue;
        if (n++) out_c(o->out, ',');
        st = put_string(o->out, p);
    }
    out_c(o->out, ']');
    free(copy);
    return st;
}

static eg_status add_int(jobj *o, const char *key, long v)
{
    char buf[EG__INT_BUFSIZE];
    add_raw(o, key, eg__format_i64(buf, v));
    return EG_OK;
}

/* A date, left out when absent. */
static eg_status add_date(jobj *o, const char *key, const char *date)
{
    return date ? add_string(o, key, date) : EG_OK;
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

static eg_status add_evidence(jobj *o, const eg_edge *e)
{
    put_key(o, "evidence");
    return put_evidence(o->out, e);
}

char *eg__evidence_json(const eg_edge *e)
{
    char *text = NULL;
    size_t len = 0;
    jout *out = malloc(sizeof *out);
    if (!out) return NULL;
    if (!(out->fp = open_memstream(&text, &len))) {
        free(out);
        return NULL;
    }
    out->used = 0;
    out->failed = 0;
    eg_status st = put_evidence(out, e);
    eg__out_flush(out);
    if (fclose(out->fp) || st) {
        free(text);
        text = NULL;
    }
    free(out);
    return text;
}

eg_status eg__evidence_parse(eg_graph *g, size_t i, const char *json)
{
    eg_status st = EG_OK;
    cJSON *arr = cJSON_Parse(json), *item;
    if (!arr || !cJSON_IsArray(arr)) {
        cJSON_Delete(arr);
        return EG_EPARSE;
    }
    cJSON_ArrayForEach(item, arr) {
        const cJSON *doc = cJSON_GetObjectItemCaseSensitive(item, "doc");
        const cJSON *text = cJSON_GetObjectItemCaseSensitive(item, "text");
        if (!cJSON_IsString(doc) || !cJSON_IsString(text)) {
            st = EG_EPARSE;
            break;
        }
        if ((st = eg_graph_add_evidence(g, i, doc->valuestring, text->valuestring))) break;
    }
    cJSON_Delete(arr);
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
    if ((st = add_string(meta, "window", g->window)) ||
        (st = add_uint(meta, "documents", g->n_docs)) ||
        (st = add_uint(meta, "mentions", g->n_mentions)) ||
        (st = add_uint(meta, "windows", g->n_windows)) ||
        (st = add_string(meta, "counting", g->counting)) ||
        (st = add_string(meta, "betweenness", g->betweenness)) ||
        (st = add_string(meta, "layout", g->layout)) ||
        (st = add_uint(meta, "communities", g->n_communities)) ||
        (st = add_double(meta, "modularity", g->modularity)))
        return st;
    return EG_OK;
}

/* The node's attributes other than its id, as every style writes them. */
static eg_status node_fields(jobj *obj, const eg_node *n, eg_json_style style)
{
    eg_status st;
    char color[8];
    snprintf(color, sizeof color, "#%02x%02x%02x", n->r, n->g, n->b);
    if ((st = add_string(obj, "label", n->label)) || (st = add_string(obj, "type", n->type)) ||
        (st = add_aliases(obj, n->aliases)) ||
        (st = add_string(obj, "source", n->source ? n->source : "")) ||
        (st = add_uint(obj, "count", n->count)) || (st = add_uint(obj, "docs", n->docs)) ||
        (st = add_date(obj, "first_date", n->first_date)) ||
        (st = add_date(obj, "last_date", n->last_date)) ||
#define MEASURE_ADD(name, unset) (st = add_double(obj, #name, n->name)) ||
        EG__NODE_MEASURES(MEASURE_ADD)
#undef MEASURE_ADD
        (st = add_int(obj, "community", n->community)) ||
        (st = add_uint(obj, "core", n->core)))
        return st;
    if (style != EG_JSON_CYTOSCAPE &&
        ((st = add_double(obj, "x", n->x)) || (st = add_double(obj, "y", n->y))))
        return st;
    if ((st = add_double(obj, "size", n->size))) return st;
    if (style == EG_JSON_NODE_LINK)
        return (st = add_uint(obj, "r", n->r)) || (st = add_uint(obj, "g", n->g)) ||
                       (st = add_uint(obj, "b", n->b))
                   ? st
                   : EG_OK;
    return add_string(obj, "color", color);
}

static eg_status edge_fields(jobj *obj, const eg_edge *e)
{
    eg_status st;
    if ((st = add_double(obj, "weight", e->weight)) || (st = add_uint(obj, "count", e->count)) ||
        (st = add_uint(obj, "docs", e->docs)) || (st = add_double(obj, "jaccard", e->jaccard)) ||
        (st = add_double(obj, "npmi", e->npmi)) ||
        (st = add_double(obj, "association", e->association)) ||
        (st = add_string(obj, "kind", e->kind ? e->kind : "cooccurrence")) ||
        (st = add_date(obj, "first_date", e->first_date)) ||
        (st = add_date(obj, "last_date", e->last_date)) || (st = add_evidence(obj, e)))
        return st;
    return EG_OK;
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
    if ((st = node_fields(inner, n, style))) return st;
    if (inner != &obj) end_object(inner);
    if (style == EG_JSON_CYTOSCAPE) {
        jobj pos;
        begin_member_object(&obj, "position", &pos);
        add_double(&pos, "x", n->x);
        add_double(&pos, "y", n->y);
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
    if ((st = edge_fields(inner, e))) return st;
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

eg_status eg_export_json(const eg_graph *g, const char *path, const eg_export_options *opt,
                         eg_error *err)
{
    eg__atomic file;
    eg_status st;
    jout *out;
    eg_json_style style = opt ? opt->json_style : EG_JSON_NODE_LINK;
    static const char *const lists[][2] = {
        {",\n\"nodes\":[", ",\n\"links\":["},
        {",\n\"nodes\":[", ",\n\"edges\":["},
        {",\n\"elements\":{\"nodes\":[", ",\n\"edges\":["},
    };
    if ((unsigned)style > EG_JSON_CYTOSCAPE)
        return eg__error(err, EG_EINVAL, path, 0, 0, "unknown JSON style");
    if ((st = eg__check_edges(g, path, err))) return st;
    if (!(out = malloc(sizeof *out))) return eg__error(err, EG_ENOMEM, path, 0, 0, "out of memory");
    st = eg__atomic_open(&file, path, err);
    if (st) {
        free(out);
        return st;
    }
    out->fp = file.fp;
    out->used = 0;
    out->failed = 0;
    if ((st = put_header(out, g, style))) goto fail;
    out_s(out, lists[style][0]);
    for (size_t i = 0; i < g->n_nodes; i++) {
        out_s(out, i ? ",\n" : "\n");
        if ((st = put_node(out, &g->nodes[i], style))) goto fail;
    }
    out_s(out, g->n_nodes ? "\n]" : "]");
    out_s(out, lists[style][1]);
    for (size_t i = 0; i < g->n_edges; i++) {
        out_s(out, i ? ",\n" : "\n");
        if ((st = put_link(out, g, i, style))) goto fail;
    }
    out_s(out, g->n_edges ? "\n]" : "]");
    out_s(out, style == EG_JSON_CYTOSCAPE ? "}}\n" : "}\n");
    eg__out_flush(out);
    free(out);
    return eg__atomic_commit(&file, err);
fail:
    free(out);
    eg__atomic_abort(&file);
    return eg__error(err, st, path, 0, 0, "%s", eg_status_message(st));
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
static eg_status get_string(const cJSON *obj, const char *field, const char *def,
                            const char **out, const char *path, const char *what, size_t i,
                            eg_error *err)
{
    const cJSON *item = cJSON_GetObjectItemCaseSensitive(obj, field);
    if (!item || cJSON_IsNull(item)) {
        *out = def;
        return EG_OK;
    }
    if (!cJSON_IsString(item)) return bad_field(err, path, what, i, field, "a string");
    *out = item->valuestring;
    return EG_OK;
}

/* A non-negative integer member: missing gives 0. cJSON holds numbers as
 * doubles, so values above 2^53 are not exact. */
static eg_status get_uint(const cJSON *obj, const char *field, uint64_t *out,
                          const char *path, const char *what, size_t i, eg_error *err)
{
    const cJSON *item = cJSON_GetObjectItemCaseSensitive(obj, field);
    if (!item) {
        *out = 0;
        return EG_OK;
    }
    double d = item->valuedouble;
    /* 2^64 itself is what a count near UINT64_MAX reads as (doubles are
     * not exact above 2^53): take the largest count */
    if (!cJSON_IsNumber(item) || !(d >= 0) || d != floor(d) || d > 18446744073709551616.0)
        return bad_field(err, path, what, i, field, "a non-negative integer");
    *out = d >= 18446744073709551616.0 ? UINT64_MAX : (uint64_t)d;
    return EG_OK;
}

/* A number member: missing gives 0, null gives NaN (what the exporter writes
 * for a value that is not finite). */
static eg_status get_double(const cJSON *obj, const char *field, double *out,
                            const char *path, const char *what, size_t i, eg_error *err)
{
    const cJSON *item = cJSON_GetObjectItemCaseSensitive(obj, field);
    if (!item) {
        *out = 0;
    } else if (cJSON_IsNull(item)) {
        *out = NAN;
    } else if (cJSON_IsNumber(item)) {
        *out = item->valuedouble;
    } else {
        return bad_field(err, path, what, i, field, "a number");
    }
    return EG_OK;
}

/* "aliases": an array of strings joined with '|' (empty entries skipped),
 * or a string taken as it is; missing or null is "". *out is malloc'd. */
static eg_status get_aliases(const cJSON *obj, char **out, const char *path, size_t i,
                             eg_error *err)
{
    const cJSON *item = cJSON_GetObjectItemCaseSensitive(obj, "aliases"), *a;
    size_t len = 0;
    char *s;
    *out = NULL;
    if (item && cJSON_IsString(item)) {
        s = strdup(item->valuestring);
    } else if (!item || cJSON_IsNull(item)) {
        s = strdup("");
    } else if (cJSON_IsArray(item)) {
        cJSON_ArrayForEach(a, item) {
            if (!cJSON_IsString(a))
                return bad_field(err, path, "nodes", i, "aliases", "an array of strings");
            if (eg__add_overflow(len, strlen(a->valuestring) + 1, &len))
                return eg__error(err, EG_ENOMEM, path, 0, 0, "out of memory");
        }
        s = eg__add_overflow(len, 1, &len) ? NULL : malloc(len);
        if (s) {
            size_t o = 0;
            cJSON_ArrayForEach(a, item) {
                size_t k = strlen(a->valuestring);
                if (!k) continue;
                if (o) s[o++] = '|';
                memcpy(s + o, a->valuestring, k);
                o += k;
            }
            s[o] = '\0';
        }
    } else {
        return bad_field(err, path, "nodes", i, "aliases", "an array of strings");
    }
    if (!s) return eg__error(err, EG_ENOMEM, path, 0, 0, "out of memory");
    *out = s;
    return EG_OK;
}

static eg_status load_node(eg_graph *g, const cJSON *node, size_t i, const char *path,
                           eg_error *err)
{
    eg_status st;
    const char *id, *label, *type, *source;
    char *aliases = NULL;
    uint64_t count, docs;
    eg_node *n;
    if (!cJSON_IsObject(node))
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
    n = &g->nodes[g->n_nodes - 1];
    double community = -1, core = 0, r = 0, gg = 0, b = 0;
    const char *first_date, *last_date;
#define MEASURE_GET(name, unset) (st = get_double(node, #name, &n->name, path, "nodes", i, err)) ||
    if (EG__NODE_MEASURES(MEASURE_GET)
#undef MEASURE_GET
        (st = get_double(node, "x", &n->x, path, "nodes", i, err)) ||
        (st = get_double(node, "y", &n->y, path, "nodes", i, err)) ||
        (st = get_double(node, "size", &n->size, path, "nodes", i, err)) ||
        (cJSON_HasObjectItem(node, "community") &&
         (st = get_double(node, "community", &community, path, "nodes", i, err))) ||
        (st = get_double(node, "core", &core, path, "nodes", i, err)) ||
        (st = get_double(node, "r", &r, path, "nodes", i, err)) ||
        (st = get_double(node, "g", &gg, path, "nodes", i, err)) ||
        (st = get_double(node, "b", &b, path, "nodes", i, err)) ||
        (st = get_string(node, "first_date", NULL, &first_date, path, "nodes", i, err)) ||
        (st = get_string(node, "last_date", NULL, &last_date, path, "nodes", i, err)))
        goto fail;
    /* out of range stays out of range, for eg__graph_check to refuse */
    n->community =
        community >= INT32_MIN && community <= INT32_MAX ? (int32_t)community : INT32_MIN;
    n->core = core >= 0 && core < 4294967295.0 ? (uint32_t)core : 0;
    n->r = r >= 0 && r <= 255 ? (uint8_t)r : 0;
    n->g = gg >= 0 && gg <= 255 ? (uint8_t)gg : 0;
    n->b = b >= 0 && b <= 255 ? (uint8_t)b : 0;
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

static eg_status load_link(eg_graph *g, const cJSON *link, size_t i, const id_entry *ids,
                           const char *path, eg_error *err)
{
    eg_status st;
    const char *source, *target, *kind_name, *kind, *first_date, *last_date;
    uint64_t count, docs;
    double weight;
    uint32_t a, b;
    if (!cJSON_IsObject(link))
        return eg__error(err, EG_EPARSE, path, 0, 0, "links[%zu]: expected an object", i);
    if ((st = get_string(link, "source", NULL, &source, path, "links", i, err)) ||
        (st = get_string(link, "target", NULL, &target, path, "links", i, err)) ||
        (st = get_double(link, "weight", &weight, path, "links", i, err)) ||
        (st = get_uint(link, "count", &count, path, "links", i, err)) ||
        (st = get_uint(link, "docs", &docs, path, "links", i, err)) ||
        (st = get_string(link, "kind", "cooccurrence", &kind_name, path, "links", i, err)) ||
        (st = get_string(link, "first_date", NULL, &first_date, path, "links", i, err)) ||
        (st = get_string(link, "last_date", NULL, &last_date, path, "links", i, err)))
        return st;
    /* files without "count" (older ones) counted windows in "weight" */
    if (!cJSON_HasObjectItem(link, "count") && weight >= 0 && weight == floor(weight) &&
        weight < 9e15)
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
    if ((st = get_double(link, "jaccard", &e->jaccard, path, "links", i, err)) ||
        (st = get_double(link, "npmi", &e->npmi, path, "links", i, err)) ||
        (st = get_double(link, "association", &e->association, path, "links", i, err)))
        return st;
    if ((first_date || last_date) &&
        eg_graph_set_dates(g, EG_GRAPH_EDGE, g->n_edges - 1, first_date, last_date))
        return eg__error(err, EG_ENOMEM, path, 0, 0, "out of memory");
    const cJSON *ev = cJSON_GetObjectItemCaseSensitive(link, "evidence"), *item;
    if (ev && !cJSON_IsNull(ev)) {
        if (!cJSON_IsArray(ev))
            return bad_field(err, path, "links", i, "evidence", "an array");
        cJSON_ArrayForEach(item, ev) {
            const cJSON *doc = cJSON_GetObjectItemCaseSensitive(item, "doc");
            const cJSON *text = cJSON_GetObjectItemCaseSensitive(item, "text");
            if (!cJSON_IsString(doc) || !cJSON_IsString(text))
                return bad_field(err, path, "links", i, "evidence",
                                 "an array of {\"doc\",\"text\"} strings");
            if (eg_graph_add_evidence(g, g->n_edges - 1, doc->valuestring, text->valuestring))
                return eg__error(err, EG_ENOMEM, path, 0, 0, "out of memory");
        }
    }
    return EG_OK;
}

static eg_status load_meta(eg_graph *g, const cJSON *root, const char *path, eg_error *err)
{
    eg_status st;
    const cJSON *meta = cJSON_GetObjectItemCaseSensitive(root, "graph");
    const char *window, *counting, *betweenness, *layout;
    uint64_t communities;
    if (!meta || cJSON_IsNull(meta)) return EG_OK;
    if (!cJSON_IsObject(meta))
        return eg__error(err, EG_EPARSE, path, 0, 0, "\"graph\": expected an object");
    if ((st = get_string(meta, "window", NULL, &window, path, "graph", 0, err)) ||
        (st = get_uint(meta, "documents", &g->n_docs, path, "graph", 0, err)) ||
        (st = get_uint(meta, "mentions", &g->n_mentions, path, "graph", 0, err)) ||
        (st = get_uint(meta, "windows", &g->n_windows, path, "graph", 0, err)) ||
        (st = get_string(meta, "counting", "", &counting, path, "graph", 0, err)) ||
        (st = get_string(meta, "betweenness", "", &betweenness, path, "graph", 0, err)) ||
        (st = get_string(meta, "layout", "", &layout, path, "graph", 0, err)) ||
        (st = get_uint(meta, "communities", &communities, path, "graph", 0, err)) ||
        (st = get_double(meta, "modularity", &g->modularity, path, "graph", 0, err)))
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
    size_t len = 0, i, bytes;
    cJSON *root = NULL;
    const cJSON *nodes, *links, *item;
    id_entry *ids = NULL;
    const char *nul, *end = NULL;
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
    /* the length includes the NUL so that trailing garbage is an error */
    root = cJSON_ParseWithLengthOpts(text, len + 1, &end, 1);
    if (!root) {
        size_t off = end && end >= text && end <= text + len ? (size_t)(end - text) : 0;
        eg__text_position(text, off, &line, &column);
        st = eg__error(err, EG_EPARSE, path, line, column, "not valid JSON");
        goto fail;
    }
    if (!cJSON_IsObject(root)) {
        st = eg__error(err, EG_EPARSE, path, 0, 0, "expected a node-link JSON object");
        goto fail;
    }
    nodes = cJSON_GetObjectItemCaseSensitive(root, "nodes");
    links = cJSON_GetObjectItemCaseSensitive(root, "links");
    if (!cJSON_IsArray(nodes) || !cJSON_IsArray(links)) {
        st = eg__error(err, EG_EPARSE, path, 0, 0,
                       "not node-link JSON: \"%s\" is missing or not an array",
                       cJSON_IsArray(nodes) ? "links" : "nodes");
        goto fail;
    }
    if ((st = load_meta(g, root, path, err))) goto fail;
    i = 0;
    cJSON_ArrayForEach(item, nodes) {
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
    cJSON_ArrayForEach(item, links) {
        if ((st = load_link(g, item, i, ids, path, err))) goto fail;
        i++;
    }
    st = eg__graph_check(g, path, err);
fail:
    free(ids);
    cJSON_Delete(root);
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
