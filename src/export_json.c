/* Node-link JSON export (networkx.node_link_graph, d3). cJSON escapes the
 * strings; the document is written one node or link per line, so that a
 * large graph never sits in memory twice and diffs of two graphs read well. */
#include <cjson/cJSON.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "entgraph/export.h"
#include "internal.h"

/* cJSON writes bytes >= 0x80 as they are, so the strings must be valid
 * UTF-8 for the file to be JSON; repair the rare string that is not. */
static eg_status add_string(cJSON *obj, const char *key, const char *s)
{
    cJSON *item;
    if (!s) return cJSON_AddNullToObject(obj, key) ? EG_OK : EG_ENOMEM;
    if (eg__utf8_valid(s)) return cJSON_AddStringToObject(obj, key, s) ? EG_OK : EG_ENOMEM;
    char *fixed = eg__utf8_repair(s);
    if (!fixed) return EG_ENOMEM;
    item = cJSON_AddStringToObject(obj, key, fixed);
    free(fixed);
    return item ? EG_OK : EG_ENOMEM;
}

/* Counts as exact integers (cJSON would print through a double). */
static eg_status add_uint(cJSON *obj, const char *key, uint64_t v)
{
    char buf[32];
    snprintf(buf, sizeof buf, "%llu", (unsigned long long)v);
    return cJSON_AddRawToObject(obj, key, buf) ? EG_OK : EG_ENOMEM;
}

/* Measures always carry a '.' or an exponent so readers type them as
 * floats; JSON has no NaN or infinity, so those become null. */
static eg_status add_double(cJSON *obj, const char *key, double d)
{
    char buf[EG__DOUBLE_BUFSIZE];
    if (!isfinite(d)) return cJSON_AddNullToObject(obj, key) ? EG_OK : EG_ENOMEM;
    eg__format_double(buf, d);
    return cJSON_AddRawToObject(obj, key, buf) ? EG_OK : EG_ENOMEM;
}

/* "a|b" → ["a","b"]; empty entries are skipped. */
static eg_status add_aliases(cJSON *obj, const char *aliases)
{
    eg_status st = EG_OK;
    cJSON *arr = cJSON_AddArrayToObject(obj, "aliases");
    char *copy = NULL;
    if (!arr || !(copy = strdup(aliases ? aliases : ""))) {
        st = EG_ENOMEM;
        goto fail;
    }
    for (char *p = copy, *bar; p; p = bar ? bar + 1 : NULL) {
        bar = strchr(p, '|');
        if (bar) *bar = '\0';
        if (!*p) continue;
        char *fixed = NULL;
        if (!eg__utf8_valid(p) && !(fixed = eg__utf8_repair(p))) {
            st = EG_ENOMEM;
            goto fail;
        }
        cJSON *item = cJSON_CreateString(fixed ? fixed : p);
        free(fixed);
        if (!item || !cJSON_AddItemToArray(arr, item)) {
            cJSON_Delete(item);
            st = EG_ENOMEM;
            goto fail;
        }
    }
fail:
    free(copy);
    return st;
}

static eg_status add_int(cJSON *obj, const char *key, long v)
{
    char buf[32];
    snprintf(buf, sizeof buf, "%ld", v);
    return cJSON_AddRawToObject(obj, key, buf) ? EG_OK : EG_ENOMEM;
}

/* A date, left out when absent. */
static eg_status add_date(cJSON *obj, const char *key, const char *date)
{
    return date ? add_string(obj, key, date) : EG_OK;
}

static eg_status add_evidence(cJSON *obj, const eg_edge *e)
{
    cJSON *arr = cJSON_AddArrayToObject(obj, "evidence");
    if (!arr) return EG_ENOMEM;
    for (size_t k = 0; k < e->n_evidence; k++) {
        cJSON *item = cJSON_CreateObject();
        eg_status st;
        if (!item) return EG_ENOMEM;
        if ((st = add_string(item, "doc", e->evidence[k].doc)) ||
            (st = add_string(item, "text", e->evidence[k].text)) ||
            !cJSON_AddItemToArray(arr, item)) {
            cJSON_Delete(item);
            return st ? st : EG_ENOMEM;
        }
    }
    return EG_OK;
}

char *eg__evidence_json(const eg_edge *e)
{
    cJSON *obj = cJSON_CreateObject();
    char *text = NULL;
    if (obj && !add_evidence(obj, e)) {
        char *t = cJSON_PrintUnformatted(cJSON_GetObjectItemCaseSensitive(obj, "evidence"));
        if (t) {
            text = strdup(t);
            cJSON_free(t);
        }
    }
    cJSON_Delete(obj);
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

/* Prints obj on one line of fp and deletes it. */
static eg_status put_object(FILE *fp, cJSON *obj)
{
    char *text = cJSON_PrintUnformatted(obj);
    cJSON_Delete(obj);
    if (!text) return EG_ENOMEM;
    fputs(text, fp);
    cJSON_free(text);
    return EG_OK;
}

static eg_status meta_fields(cJSON *meta, const eg_graph *g)
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
static eg_status node_fields(cJSON *obj, const eg_node *n, eg_json_style style)
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

static eg_status edge_fields(cJSON *obj, const eg_edge *e)
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
 * (graphology), or adds them to obj itself (node-link). */
static eg_status put_node(FILE *fp, const eg_node *n, eg_json_style style)
{
    eg_status st = EG_ENOMEM;
    cJSON *obj = cJSON_CreateObject(), *inner = obj;
    if (!obj) return EG_ENOMEM;
    if (style == EG_JSON_GRAPHOLOGY) {
        if ((st = add_string(obj, "key", n->id))) goto fail;
        if (!(inner = cJSON_AddObjectToObject(obj, "attributes"))) goto fail;
    } else if (style == EG_JSON_CYTOSCAPE) {
        if (!(inner = cJSON_AddObjectToObject(obj, "data"))) goto fail;
    }
    if (style != EG_JSON_GRAPHOLOGY && (st = add_string(inner, "id", n->id))) goto fail;
    if ((st = node_fields(inner, n, style))) goto fail;
    if (style == EG_JSON_CYTOSCAPE) {
        cJSON *pos = cJSON_AddObjectToObject(obj, "position");
        if (!pos) {
            st = EG_ENOMEM;
            goto fail;
        }
        if ((st = add_double(pos, "x", n->x)) || (st = add_double(pos, "y", n->y))) goto fail;
    }
    return put_object(fp, obj);
fail:
    cJSON_Delete(obj);
    return st;
}

static eg_status put_link(FILE *fp, const eg_graph *g, size_t i, eg_json_style style)
{
    eg_status st = EG_ENOMEM;
    const eg_edge *e = &g->edges[i];
    char key[32];
    cJSON *obj = cJSON_CreateObject(), *inner = obj;
    if (!obj) return EG_ENOMEM;
    snprintf(key, sizeof key, "e%zu", i);
    if (style == EG_JSON_CYTOSCAPE) {
        if (!(inner = cJSON_AddObjectToObject(obj, "data"))) goto fail;
        if ((st = add_string(inner, "id", key))) goto fail;
    } else if (style == EG_JSON_GRAPHOLOGY) {
        if ((st = add_string(obj, "key", key))) goto fail;
    }
    if ((st = add_string(inner, "source", g->nodes[e->source].id)) ||
        (st = add_string(inner, "target", g->nodes[e->target].id)))
        goto fail;
    if (style == EG_JSON_GRAPHOLOGY) {
        if (!cJSON_AddTrueToObject(obj, "undirected") ||
            !(inner = cJSON_AddObjectToObject(obj, "attributes"))) {
            st = EG_ENOMEM;
            goto fail;
        }
    }
    if ((st = edge_fields(inner, e))) goto fail;
    return put_object(fp, obj);
fail:
    cJSON_Delete(obj);
    return st;
}

static eg_status put_header(FILE *fp, const eg_graph *g, eg_json_style style)
{
    eg_status st;
    cJSON *meta = cJSON_CreateObject();
    if (!meta) return EG_ENOMEM;
    if ((st = meta_fields(meta, g))) {
        cJSON_Delete(meta);
        return st;
    }
    if (style == EG_JSON_NODE_LINK)
        fputs("{\"directed\":false,\"multigraph\":false,\"graph\":", fp);
    else if (style == EG_JSON_GRAPHOLOGY)
        fputs("{\"options\":{\"type\":\"undirected\",\"multi\":false,\"allowSelfLoops\":false},"
              "\"attributes\":",
              fp);
    else
        fputs("{\"data\":", fp);
    return put_object(fp, meta);
}

eg_status eg_export_json(const eg_graph *g, const char *path, const eg_export_options *opt,
                         eg_error *err)
{
    eg__atomic out;
    eg_status st;
    eg_json_style style = opt ? opt->json_style : EG_JSON_NODE_LINK;
    static const char *const lists[][2] = {
        {",\n\"nodes\":[", ",\n\"links\":["},
        {",\n\"nodes\":[", ",\n\"edges\":["},
        {",\n\"elements\":{\"nodes\":[", ",\n\"edges\":["},
    };
    if ((unsigned)style > EG_JSON_CYTOSCAPE)
        return eg__error(err, EG_EINVAL, path, 0, 0, "unknown JSON style");
    if ((st = eg__check_edges(g, path, err))) return st;
    st = eg__atomic_open(&out, path, err);
    if (st) return st;
    if ((st = put_header(out.fp, g, style))) goto fail;
    fputs(lists[style][0], out.fp);
    for (size_t i = 0; i < g->n_nodes; i++) {
        fputs(i ? ",\n" : "\n", out.fp);
        if ((st = put_node(out.fp, &g->nodes[i], style))) goto fail;
    }
    fputs(g->n_nodes ? "\n]" : "]", out.fp);
    fputs(lists[style][1], out.fp);
    for (size_t i = 0; i < g->n_edges; i++) {
        fputs(i ? ",\n" : "\n", out.fp);
        if ((st = put_link(out.fp, g, i, style))) goto fail;
    }
    fputs(g->n_edges ? "\n]" : "]", out.fp);
    fputs(style == EG_JSON_CYTOSCAPE ? "}}\n" : "}\n", out.fp);
    return eg__atomic_commit(&out, err);
fail:
    eg__atomic_abort(&out);
    return eg__error(err, st, path, 0, 0, "%s", eg_status_message(st));
}
