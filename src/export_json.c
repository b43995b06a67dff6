/* JSON export: node-link (networkx.node_link_graph, d3), graphology and
 * cytoscape styles. The document is written one node or link per line, so
 * that a large graph never sits in memory twice and diffs of two graphs read
 * well. */
#include <cjson/cJSON.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "entgraph/export.h"
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
        (st = add_double(obj, "degree", n->degree)) ||
        (st = add_double(obj, "strength", n->strength)) ||
        (st = add_double(obj, "pagerank", n->pagerank)) ||
        (st = add_double(obj, "betweenness", n->betweenness)) ||
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
