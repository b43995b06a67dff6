/* Reads node-link JSON written by eg_export_json() back into an eg_graph. */
#include <cjson/cJSON.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "entgraph/graph.h"
#include "graph_check.h"
#include "internal.h"

/* 1-based line and column (in code points) of byte offset off in text. */
void eg__text_position(const char *text, size_t off, long *line, long *column)
{
    *line = 1;
    *column = 1;
    for (size_t i = 0; i < off; i++) {
        unsigned char c = (unsigned char)text[i];
        if (c == '\n') {
            ++*line;
            *column = 1;
        } else if ((c & 0xC0) != 0x80) {
            ++*column;
        }
    }
}

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
    if ((st = get_double(node, "degree", &n->degree, path, "nodes", i, err)) ||
        (st = get_double(node, "strength", &n->strength, path, "nodes", i, err)) ||
        (st = get_double(node, "pagerank", &n->pagerank, path, "nodes", i, err)) ||
        (st = get_double(node, "betweenness", &n->betweenness, path, "nodes", i, err)) ||
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

eg_status eg_graph_load(eg_graph *g, const char *path, eg_error *err)
{
    unsigned char head[8] = {0};
    size_t got = 0, k = 0;
    FILE *fp = fopen(path, "rb");
    if (!fp) {
        int e = errno;
        return eg__error(err, EG_EIO, path, 0, 0, "cannot open: %s", strerror(e));
    }
    got = fread(head, 1, sizeof head, fp);
    fclose(fp);
    if (got >= 4 && !memcmp(head, "EGB1", 4)) return eg_graph_load_egb(g, path, err);
    if (got >= 4 && !memcmp(head, "EGB2", 4)) return eg__egb2_load(g, path, err);
    if (got >= 3 && head[0] == 0xEF && head[1] == 0xBB && head[2] == 0xBF) k = 3;
    while (k < got && (head[k] == ' ' || head[k] == '\n' || head[k] == '\r' || head[k] == '\t')) k++;
    if (k < got && head[k] == '<') return eg_graph_load_graphml(g, path, err);
    return eg_graph_load_json(g, path, err);
}
