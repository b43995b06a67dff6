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

static eg_status put_header(FILE *fp, const eg_graph *g)
{
    eg_status st;
    cJSON *meta = cJSON_CreateObject();
    if (!meta) return EG_ENOMEM;
    if ((st = add_string(meta, "window", g->window)) ||
        (st = add_uint(meta, "documents", g->n_docs)) ||
        (st = add_uint(meta, "mentions", g->n_mentions))) {
        cJSON_Delete(meta);
        return st;
    }
    fputs("{\"directed\":false,\"multigraph\":false,\"graph\":", fp);
    return put_object(fp, meta);
}

static eg_status put_node(FILE *fp, const eg_node *n)
{
    eg_status st;
    cJSON *obj = cJSON_CreateObject();
    if (!obj) return EG_ENOMEM;
    if ((st = add_string(obj, "id", n->id)) || (st = add_string(obj, "label", n->label)) ||
        (st = add_string(obj, "type", n->type)) || (st = add_aliases(obj, n->aliases)) ||
        (st = add_string(obj, "source", n->source ? n->source : "")) ||
        (st = add_uint(obj, "count", n->count)) || (st = add_uint(obj, "docs", n->docs)) ||
        (st = add_double(obj, "degree", n->degree)) ||
        (st = add_double(obj, "strength", n->strength)) ||
        (st = add_double(obj, "pagerank", n->pagerank))) {
        cJSON_Delete(obj);
        return st;
    }
    return put_object(fp, obj);
}

static eg_status put_link(FILE *fp, const eg_graph *g, const eg_edge *e)
{
    eg_status st;
    cJSON *obj = cJSON_CreateObject();
    if (!obj) return EG_ENOMEM;
    if ((st = add_string(obj, "source", g->nodes[e->source].id)) ||
        (st = add_string(obj, "target", g->nodes[e->target].id)) ||
        (st = add_uint(obj, "weight", e->weight)) || (st = add_uint(obj, "docs", e->docs)) ||
        (st = add_string(obj, "kind", e->kind ? e->kind : "cooccurrence"))) {
        cJSON_Delete(obj);
        return st;
    }
    return put_object(fp, obj);
}

eg_status eg_export_json(const eg_graph *g, const char *path, eg_error *err)
{
    eg__atomic out;
    eg_status st;
    for (size_t i = 0; i < g->n_edges; i++)
        if (g->edges[i].source >= g->n_nodes || g->edges[i].target >= g->n_nodes)
            return eg__error(err, EG_EINVAL, path, 0, 0, "edge %zu names a missing node", i);
    st = eg__atomic_open(&out, path, err);
    if (st) return st;
    if ((st = put_header(out.fp, g))) goto fail;
    fputs(",\n\"nodes\":[", out.fp);
    for (size_t i = 0; i < g->n_nodes; i++) {
        fputs(i ? ",\n" : "\n", out.fp);
        if ((st = put_node(out.fp, &g->nodes[i]))) goto fail;
    }
    fputs(g->n_nodes ? "\n],\n\"links\":[" : "],\n\"links\":[", out.fp);
    for (size_t i = 0; i < g->n_edges; i++) {
        fputs(i ? ",\n" : "\n", out.fp);
        if ((st = put_link(out.fp, g, &g->edges[i]))) goto fail;
    }
    fputs(g->n_edges ? "\n]}\n" : "]}\n", out.fp);
    return eg__atomic_commit(&out, err);
fail:
    eg__atomic_abort(&out);
    return eg__error(err, st, path, 0, 0, "%s", eg_status_message(st));
}
