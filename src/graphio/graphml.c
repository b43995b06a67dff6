/* GraphML, both ways: the writer (Gephi, networkx, igraph and yEd read
 * it) and the reader, with a small XML scanner: elements, attributes,
 * character data, comments, processing instructions, CDATA and the
 * predefined and numeric character references. No DTDs, no namespaces
 * beyond ignoring prefixes. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "entgraph/export.h"
#include "entgraph/graph.h"
#include "graph_attrs.h"
#include "graph_check.h"
#include "graphio.h"
#include "internal.h"
#include "util.h"

/* An empty string is left out rather than written as an empty element, which
 * readers disagree about (networkx drops it, igraph keeps ""). */
/* Key ids are the attribute names, so tools that show ids (Gephi) show the
 * right column. GraphML requires key ids to be unique across the document,
 * so edge attributes that share a node attribute's name get "edge_NAME"
 * (attr.name is still NAME). */
static const struct graphml_key {
    const char *id, *domain, *name, *type;
} graphml_keys[] = {
    {"label", "node", "label", "string"},
    {"type", "node", "type", "string"},
    {"aliases", "node", "aliases", "string"},
    {"source", "node", "source", "string"},
    {"count", "node", "count", "long"},
    {"docs", "node", "docs", "long"},
    {"first_date", "node", "first_date", "string"},
    {"last_date", "node", "last_date", "string"},
#define MEASURE_KEY(name, unset) {#name, "node", #name, "double"},
    EG__NODE_MEASURES(MEASURE_KEY)
#undef MEASURE_KEY
    {"community", "node", "community", "int"},
    {"core", "node", "core", "int"},
    {"x", "node", "x", "float"},
    {"y", "node", "y", "float"},
    {"size", "node", "size", "float"},
    {"r", "node", "r", "int"},
    {"g", "node", "g", "int"},
    {"b", "node", "b", "int"},
    {"weight", "edge", "weight", "double"},
    {"edge_count", "edge", "count", "long"},
    {"edge_docs", "edge", "docs", "long"},
    {"jaccard", "edge", "jaccard", "double"},
    {"npmi", "edge", "npmi", "double"},
    {"association", "edge", "association", "double"},
    {"kind", "edge", "kind", "string"},
    {"edge_first_date", "edge", "first_date", "string"},
    {"edge_last_date", "edge", "last_date", "string"},
    {"evidence", "edge", "evidence", "string"},
};

/* One line <data key="KEY">VALUE</data> with VALUE written as it is. */
static void put_raw_data(FILE *fp, const char *key, const char *value)
{
    static const char open[] = "      <data key=\"", mid[] = "\">", close[] = "</data>\n";
    char line[160];
    size_t kl = strlen(key), vl = strlen(value), o = 0;
    if (sizeof open + kl + sizeof mid + vl + sizeof close > sizeof line) {
        fprintf(fp, "%s%s%s%s%s", open, key, mid, value, close);
        return;
    }
    memcpy(line + o, open, sizeof open - 1);
    o += sizeof open - 1;
    memcpy(line + o, key, kl);
    o += kl;
    memcpy(line + o, mid, sizeof mid - 1);
    o += sizeof mid - 1;
    memcpy(line + o, value, vl);
    o += vl;
    memcpy(line + o, close, sizeof close - 1);
    o += sizeof close - 1;
    fwrite(line, 1, o, fp);
}

static void put_string_data(FILE *fp, const char *key, const char *value)
{
    if (!value || !*value) return;
    fprintf(fp, "      <data key=\"%s\">", key);
    eg__xml_text(fp, value);
    fputs("</data>\n", fp);
}

static void put_uint_data(FILE *fp, const char *key, uint64_t value)
{
    char buf[EG__INT_BUFSIZE];
    put_raw_data(fp, key, eg__format_u64(buf, value));
}

static void put_int_data(FILE *fp, const char *key, long value)
{
    char buf[EG__INT_BUFSIZE];
    put_raw_data(fp, key, eg__format_i64(buf, value));
}

/* Values that are not finite are left out: readers disagree about NaN. */
static void put_double_data(FILE *fp, const char *key, double value)
{
    char buf[EG__DOUBLE_BUFSIZE];
    if (!isfinite(value)) return;
    eg__format_double(buf, value);
    put_raw_data(fp, key, buf);
}

static eg_status write_graphml(const eg_graph *g, FILE *fp, const eg_export_options *opt)
{
    fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
          "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\""
          " xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\""
          " xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns"
          " http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd\">\n",
          fp);
    /* graph metadata as a comment: a for="graph" key confuses Gephi */
    fputs("  <!-- entgraph:", fp);
    eg__graph_meta_text(fp, g, eg__xml_comment);
    fputs(" -->\n", fp);
    for (size_t i = 0; i < sizeof graphml_keys / sizeof graphml_keys[0]; i++) {
        const struct graphml_key *k = &graphml_keys[i];
        if (!strcmp(k->id, "evidence") && !opt->graphml_evidence) continue;
        fprintf(fp, "  <key id=\"%s\" for=\"%s\" attr.name=\"%s\" attr.type=\"%s\"/>\n", k->id,
                k->domain, k->name, k->type);
    }
    fputs("  <graph id=\"G\" edgedefault=\"undirected\">\n", fp);
    for (size_t i = 0; i < g->n_nodes && !ferror(fp); i++) {
        const eg_node *n = &g->nodes[i];
        fputs("    <node id=\"", fp);
        eg__xml_text(fp, n->id);
        fputs("\">\n", fp);
        put_string_data(fp, "label", n->label);
        put_string_data(fp, "type", n->type);
        put_string_data(fp, "aliases", n->aliases);
        put_string_data(fp, "source", n->source);
        put_uint_data(fp, "count", n->count);
        put_uint_data(fp, "docs", n->docs);
        put_string_data(fp, "first_date", n->first_date);
        put_string_data(fp, "last_date", n->last_date);
#define MEASURE_DATA(name, unset) put_double_data(fp, #name, n->name);
        EG__NODE_MEASURES(MEASURE_DATA)
#undef MEASURE_DATA
        put_int_data(fp, "community", n->community);
        put_int_data(fp, "core", (long)n->core);
        put_double_data(fp, "x", n->x);
        put_double_data(fp, "y", n->y);
        put_double_data(fp, "size", n->size);
        put_int_data(fp, "r", n->r);
        put_int_data(fp, "g", n->g);
        put_int_data(fp, "b", n->b);
        fputs("    </node>\n", fp);
    }
    for (size_t i = 0; i < g->n_edges && !ferror(fp); i++) {
        const eg_edge *e = &g->edges[i];
        fputs("    <edge source=\"", fp);
        eg__xml_text(fp, g->nodes[e->source].id);
        fputs("\" target=\"", fp);
        eg__xml_text(fp, g->nodes[e->target].id);
        fputs("\">\n", fp);
        put_double_data(fp, "weight", e->weight);
        put_uint_data(fp, "edge_count", e->count);
        put_uint_data(fp, "edge_docs", e->docs);
        put_double_data(fp, "jaccard", e->jaccard);
        put_double_data(fp, "npmi", e->npmi);
        put_double_data(fp, "association", e->association);
        put_string_data(fp, "kind", e->kind);
        put_string_data(fp, "edge_first_date", e->first_date);
        put_string_data(fp, "edge_last_date", e->last_date);
        if (opt->graphml_evidence && e->n_evidence) {
            char *ev = eg__evidence_json(e);
            if (!ev) return EG_ENOMEM;
            put_string_data(fp, "evidence", ev);
            free(ev);
        }
        fputs("    </edge>\n", fp);
    }
    fputs("  </graph>\n</graphml>\n", fp);
    return EG_OK;
}

eg_status eg_export_graphml(const eg_graph *g, const char *path, const eg_export_options *opt,
                            eg_error *err)
{
    eg__atomic out;
    eg_status st;
    eg_export_options defaults = {0};
    if (!opt) opt = &defaults;
    if ((st = eg__check_edges(g, path, err))) return st;
    st = eg__atomic_open(&out, path, err);
    if (st) return st;
    if ((st = write_graphml(g, out.fp, opt))) {
        eg__atomic_abort(&out);
        return eg__error(err, st, path, 0, 0, "%s", eg_status_message(st));
    }
    return eg__atomic_commit(&out, err);
}

/* ---- reading ------------------------------------------------------------ */

#define MAX_ATTRS 16

typedef struct xml_attr {
    const char *name;
    size_t name_len;
    char *value; /* decoded, malloc'd */
} xml_attr;

typedef struct key_def {
    char *id;
    char *name;
    int for_edge;
} key_def;

/* What a <node> or <edge> collects until it closes. */
typedef struct item {
    int open, is_edge;
    size_t start; /* byte offset of its tag, for errors */
    char *id, *source, *target;
    char *values[24]; /* indexed by field_index() (node fields: F_*) */
} item;

/* The node's fields in the order of node_fields[] (item.values). */
enum {
    F_LABEL, F_TYPE, F_ALIASES, F_SOURCE, F_COUNT, F_DOCS, F_FIRST_DATE, F_LAST_DATE,
    F_MEASURES, /* EG__N_NODE_MEASURES of them */
    F_COMMUNITY = F_MEASURES + EG__N_NODE_MEASURES,
    F_CORE, F_X, F_Y, F_SIZE, F_R, F_G, F_B, N_NODE_FIELDS
};
#define MEASURE_NAME(name, unset) #name,
static const char *const node_fields[N_NODE_FIELDS] = {
    "label", "type", "aliases", "source", "count", "docs", "first_date", "last_date",
    EG__NODE_MEASURES(MEASURE_NAME) "community", "core", "x", "y",
    "size", "r", "g", "b",
};
#undef MEASURE_NAME
_Static_assert(N_NODE_FIELDS <= 24, "item.values holds every node field");
static const char *const edge_fields[] = {
    "weight", "count", "docs", "jaccard", "npmi", "association", "kind",
    "first_date", "last_date", "evidence",
};

static int field_index(int is_edge, const char *name)
{
    const char *const *f = is_edge ? edge_fields : node_fields;
    size_t n = is_edge ? sizeof edge_fields / sizeof *edge_fields
                       : sizeof node_fields / sizeof *node_fields;
    for (size_t i = 0; i < n; i++)
        if (!strcmp(f[i], name)) return (int)i;
    return -1;
}

typedef struct parser {
    const char *text;
    size_t len, pos;
    const char *path;
    eg_error *err;
    eg_graph *g;
    key_def *keys;
    size_t n_keys, cap_keys;
    eg__strmap ids; /* node id → index (keys borrowed from the graph) */
    item cur;
    int in_data;
    int data_field; /* field index of the open <data>, or -1 */
    char *data;     /* character data of the open <data> */
    size_t data_len;
} parser;

static eg_status fail_at(parser *p, size_t off, eg_status st, const char *fmt, ...)
    EG__PRINTF(4, 5);
static eg_status fail_at(parser *p, size_t off, eg_status st, const char *fmt, ...)
{
    long line, column;
    char msg[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    eg__text_position(p->text, off, &line, &column);
    return eg__error(p->err, st, p->path, line, column, "%s", msg);
}

/* Appends the decoded form of raw[0..n) to *out (*len bytes, malloc'd).
 * EG_EPARSE for a bad reference (*bad_at receives its offset in raw). */
static eg_status decode_append(const char *raw, size_t n, char **out, size_t *len,
                               size_t *bad_at)
{
    size_t need;
    if (eg__add_overflow(*len, n + 1, &need)) return EG_ENOMEM;
    char *p = realloc(*out, need);
    if (!p) return EG_ENOMEM;
    *out = p;
    for (size_t i = 0; i < n;) {
        if (raw[i] != '&') {
            p[(*len)++] = raw[i++];
            continue;
        }
        const char *semi = memchr(raw + i, ';', n - i);
        if (!semi || semi - (raw + i) > 12) {
            *bad_at = i;
            return EG_EPARSE;
        }
        size_t rl = (size_t)(semi - (raw + i)) + 1;
        static const struct { const char *name; char c; } ents[] = {
            {"&amp;", '&'}, {"&lt;", '<'}, {"&gt;", '>'}, {"&quot;", '"'}, {"&apos;", '\''},
        };
        int done = 0;
        for (size_t k = 0; k < 5 && !done; k++)
            if (strlen(ents[k].name) == rl && !memcmp(raw + i, ents[k].name, rl)) {
                p[(*len)++] = ents[k].c;
                done = 1;
            }
        if (!done && raw[i + 1] == '#') {
            int hex = raw[i + 2] == 'x';
            char num[16];
            size_t dl = rl - 3 - (size_t)hex;
            memcpy(num, raw + i + 2 + hex, dl);
            num[dl] = '\0';
            char *end;
            unsigned long cp = strtoul(num, &end, hex ? 16 : 10);
            if (dl && !*end && cp && cp <= 0x10FFFF && !(cp >= 0xD800 && cp <= 0xDFFF)) {
                /* a reference is at least 4 bytes, its UTF-8 at most 4 */
                *len += eg__utf8_put((uint32_t)cp, p + *len);
                done = 1;
            }
        }
        if (!done) {
            *bad_at = i;
            return EG_EPARSE;
        }
        i += rl;
    }
    p[*len] = '\0';
    return EG_OK;
}

static void item_clear(item *it)
{
    free(it->id);
    free(it->source);
    free(it->target);
    for (size_t i = 0; i < sizeof it->values / sizeof *it->values; i++) free(it->values[i]);
    memset(it, 0, sizeof *it);
}

static const char *attr_get(const xml_attr *a, size_t n, const char *name)
{
    for (size_t i = 0; i < n; i++)
        if (a[i].name_len == strlen(name) && !memcmp(a[i].name, name, a[i].name_len))
            return a[i].value;
    return NULL;
}

static int is_name_char(char c)
{
    return c && !strchr(" \t\r\n/>=", c);
}

/* Numbers: "" means absent. */
static int parse_double(const char *s, double *out)
{
    char *end;
    if (!s || !*s) return 1;
    *out = strtod(s, &end);
    return *end == '\0';
}

static int parse_uint(const char *s, uint64_t *out)
{
    char *end;
    if (!s || !*s) return 1;
    if (strspn(s, "0123456789") != strlen(s)) {
        /* GraphML double for a count ("3.0") */
        double d;
        if (!parse_double(s, &d) || !(d >= 0) || d != floor(d) || d >= 1.8e19) return 0;
        *out = (uint64_t)d;
        return 1;
    }
    *out = strtoull(s, &end, 10);
    return 1;
}

static eg_status close_node(parser *p)
{
    item *it = &p->cur;
    char **v = it->values;
    uint64_t count = 0, docs = 0;
#define MEASURE_UNSET(name, unset) unset,
    double m[EG__N_NODE_MEASURES] = {EG__NODE_MEASURES(MEASURE_UNSET)};
#undef MEASURE_UNSET
    double d[3] = {0, 0, 0}, community = -1, core = 0, rgb[3] = {0, 0, 0};
    uint32_t idx;
    if (!it->id) return fail_at(p, it->start, EG_EPARSE, "node without an id");
    if (eg__strmap_get(&p->ids, it->id, &idx))
        return fail_at(p, it->start, EG_EPARSE, "duplicate node id '%s'", it->id);
    if (!parse_uint(v[F_COUNT], &count) || !parse_uint(v[F_DOCS], &docs))
        return fail_at(p, it->start, EG_EPARSE, "node '%s': count/docs must be integers", it->id);
    for (size_t k = 0; k < EG__N_NODE_MEASURES; k++)
        if (!parse_double(v[F_MEASURES + k], &m[k]))
            return fail_at(p, it->start, EG_EPARSE, "node '%s': a measure is not a number", it->id);
    for (size_t k = 0; k < 3; k++)
        if (!parse_double(v[F_X + k], &d[k]))
            return fail_at(p, it->start, EG_EPARSE, "node '%s': a measure is not a number", it->id);
    if (!parse_double(v[F_COMMUNITY], &community) || !parse_double(v[F_CORE], &core) ||
        !parse_double(v[F_R], &rgb[0]) || !parse_double(v[F_G], &rgb[1]) ||
        !parse_double(v[F_B], &rgb[2]))
        return fail_at(p, it->start, EG_EPARSE, "node '%s': a number is malformed", it->id);
    eg_status st = eg_graph_add_node(p->g, it->id, v[F_LABEL] ? v[F_LABEL] : "",
                                     v[F_TYPE] ? v[F_TYPE] : "", v[F_ALIASES], v[F_SOURCE], count,
                                     docs, &idx);
    if (st) return eg__error(p->err, st, p->path, 0, 0, "%s", eg_status_message(st));
    eg_node *n = &p->g->nodes[idx];
    size_t k = 0;
#define MEASURE_SET(name, unset) n->name = m[k++];
    EG__NODE_MEASURES(MEASURE_SET)
#undef MEASURE_SET
    n->x = d[0];
    n->y = d[1];
    n->size = d[2];
    /* out of range stays out of range, for eg__graph_check to refuse */
    n->community =
        community >= INT32_MIN && community <= INT32_MAX ? (int32_t)community : INT32_MIN;
    n->core = core >= 0 && core < 4294967295.0 ? (uint32_t)core : 0;
    n->r = rgb[0] >= 0 && rgb[0] <= 255 ? (uint8_t)rgb[0] : 0;
    n->g = rgb[1] >= 0 && rgb[1] <= 255 ? (uint8_t)rgb[1] : 0;
    n->b = rgb[2] >= 0 && rgb[2] <= 255 ? (uint8_t)rgb[2] : 0;
    if ((v[F_FIRST_DATE] || v[F_LAST_DATE]) &&
        eg_graph_set_dates(p->g, EG_GRAPH_NODE, idx, v[F_FIRST_DATE], v[F_LAST_DATE]))
        return eg__error(p->err, EG_ENOMEM, p->path, 0, 0, "out of memory");
    if (eg__strmap_put(&p->ids, n->id, idx))
        return eg__error(p->err, EG_ENOMEM, p->path, 0, 0, "out of memory");
    return EG_OK;
}

static eg_status close_edge(parser *p)
{
    item *it = &p->cur;
    char **v = it->values;
    uint32_t a, b;
    uint64_t count = 0, docs = 0;
    double weight = 1, m[3] = {0, 0, 0};
    const char *kind = eg_edge_kind_find(v[6] ? v[6] : "cooccurrence");
    if (!it->source || !eg__strmap_get(&p->ids, it->source, &a))
        return fail_at(p, it->start, EG_EPARSE, "edge source '%s' is not the id of an earlier node",
                       it->source ? it->source : "");
    if (!it->target || !eg__strmap_get(&p->ids, it->target, &b))
        return fail_at(p, it->start, EG_EPARSE, "edge target '%s' is not the id of an earlier node",
                       it->target ? it->target : "");
    if (a == b) return fail_at(p, it->start, EG_EPARSE, "edge links node '%s' to itself", it->source);
    if (!kind) return fail_at(p, it->start, EG_EPARSE, "unknown edge kind '%s'", v[6]);
    if (!parse_double(v[0], &weight) || !parse_uint(v[1], &count) || !parse_uint(v[2], &docs) ||
        !parse_double(v[3], &m[0]) || !parse_double(v[4], &m[1]) || !parse_double(v[5], &m[2]))
        return fail_at(p, it->start, EG_EPARSE, "edge: a number is malformed");
    if (!v[1] && weight == floor(weight) && weight >= 0 && weight < 9e15) count = (uint64_t)weight;
    eg_status st = eg_graph_add_edge_kind(p->g, a, b, count, docs, kind);
    if (st) return eg__error(p->err, st, p->path, 0, 0, "%s", eg_status_message(st));
    size_t ei = p->g->n_edges - 1;
    eg_edge *e = &p->g->edges[ei];
    e->weight = weight;
    e->jaccard = m[0];
    e->npmi = m[1];
    e->association = m[2];
    if ((v[7] || v[8]) && eg_graph_set_dates(p->g, EG_GRAPH_EDGE, ei, v[7], v[8]))
        return eg__error(p->err, EG_ENOMEM, p->path, 0, 0, "out of memory");
    if (v[9] && (st = eg__evidence_parse(p->g, ei, v[9])))
        return st == EG_ENOMEM ? eg__error(p->err, st, p->path, 0, 0, "out of memory")
                               : fail_at(p, it->start, st, "edge: evidence is not a JSON array");
    return EG_OK;
}

/* "entgraph: window=… documents=N …" (any length: a long window label
 * must not cost the counts after it). EG_ENOMEM. */
static eg_status parse_meta_comment(parser *p, const char *s, size_t n)
{
    eg_graph *g = p->g;
    char small[512];
    if (n < 10 || memcmp(s, " entgraph:", 10)) return EG_OK;
    char *buf = n < sizeof small ? small : malloc(n + 1);
    if (!buf) return EG_ENOMEM;
    memcpy(buf, s, n);
    buf[n] = '\0';
    for (char *save = NULL, *w = strtok_r(buf + 10, " ", &save); w; w = strtok_r(NULL, " ", &save)) {
        char *eq = strchr(w, '=');
        if (!eq) continue;
        *eq = '\0';
        const char *v = eq + 1;
        if (!strcmp(w, "window")) {
            if (eg_graph_set_window(g, v)) continue;
        } else if (!strcmp(w, "documents"))
            g->n_docs = strtoull(v, NULL, 10);
        else if (!strcmp(w, "mentions"))
            g->n_mentions = strtoull(v, NULL, 10);
        else if (!strcmp(w, "windows"))
            g->n_windows = strtoull(v, NULL, 10);
        else if (!strcmp(w, "counting"))
            snprintf(g->counting, sizeof g->counting, "%s", v);
        else if (!strcmp(w, "betweenness"))
            snprintf(g->betweenness, sizeof g->betweenness, "%s", v);
        else if (!strcmp(w, "layout"))
            snprintf(g->layout, sizeof g->layout, "%s", v);
        else if (!strcmp(w, "communities"))
            g->n_communities = (uint32_t)strtoul(v, NULL, 10);
        else if (!strcmp(w, "modularity"))
            g->modularity = strtod(v, NULL);
    }
    if (buf != small) free(buf);
    return EG_OK;
}

static eg_status add_key(parser *p, const xml_attr *a, size_t na, size_t at)
{
    const char *id = attr_get(a, na, "id"), *name = attr_get(a, na, "attr.name"),
               *dom = attr_get(a, na, "for");
    if (!id) return fail_at(p, at, EG_EPARSE, "<key> without an id");
    if (p->n_keys == p->cap_keys) {
        size_t cap = p->cap_keys ? 2 * p->cap_keys : 32;
        key_def *k = realloc(p->keys, cap * sizeof *k);
        if (!k) return EG_ENOMEM;
        p->keys = k;
        p->cap_keys = cap;
    }
    key_def *k = &p->keys[p->n_keys];
    k->id = strdup(id);
    k->name = strdup(name ? name : id);
    k->for_edge = dom && !strcmp(dom, "edge");
    if (!k->id || !k->name) {
        free(k->id);
        free(k->name);
        return EG_ENOMEM;
    }
    p->n_keys++;
    return EG_OK;
}

static eg_status start_tag(parser *p, const char *name, size_t nl, xml_attr *a, size_t na,
                           size_t at, int empty)
{
    const char *colon = memchr(name, ':', nl);
    if (colon) { /* prefix ignored */
        nl -= (size_t)(colon + 1 - name);
        name = colon + 1;
    }
#define IS(s) (nl == strlen(s) && !memcmp(name, s, nl))
    if (IS("key")) return add_key(p, a, na, at);
    if (IS("graph")) {
        const char *ed = attr_get(a, na, "edgedefault");
        if (ed && strcmp(ed, "undirected"))
            return fail_at(p, at, EG_EPARSE, "expected an undirected graph, not '%s'", ed);
        return EG_OK;
    }
    if (IS("node") || IS("edge")) {
        if (p->cur.open) return fail_at(p, at, EG_EPARSE, "nested <node> or <edge>");
        item_clear(&p->cur);
        p->cur.open = 1;
        p->cur.is_edge = IS("edge");
        p->cur.start = at;
        const char *id = attr_get(a, na, "id"), *s = attr_get(a, na, "source"),
                   *t = attr_get(a, na, "target");
        if ((id && !(p->cur.id = strdup(id))) || (s && !(p->cur.source = strdup(s))) ||
            (t && !(p->cur.target = strdup(t))))
            return EG_ENOMEM;
        if (empty) {
            eg_status st = p->cur.is_edge ? close_edge(p) : close_node(p);
            item_clear(&p->cur);
            return st;
        }
        return EG_OK;
    }
    if (IS("data")) {
        const char *key = attr_get(a, na, "key");
        p->data_field = -1;
        for (size_t k = 0; key && k < p->n_keys; k++)
            if (!strcmp(p->keys[k].id, key) && p->cur.open && p->keys[k].for_edge == p->cur.is_edge)
                p->data_field = field_index(p->cur.is_edge, p->keys[k].name);
        p->in_data = !empty;
        p->data_len = 0;
        free(p->data);
        p->data = NULL;
        return EG_OK;
    }
#undef IS
    return EG_OK;
}

static eg_status end_tag(parser *p, const char *name, size_t nl)
{
    const char *colon = memchr(name, ':', nl);
    if (colon) {
        nl -= (size_t)(colon + 1 - name);
        name = colon + 1;
    }
    if (nl == 4 && !memcmp(name, "data", 4)) {
        if (p->in_data && p->data_field >= 0) {
            free(p->cur.values[p->data_field]);
            p->cur.values[p->data_field] = p->data ? p->data : strdup("");
            p->data = NULL;
            if (!p->cur.values[p->data_field]) return EG_ENOMEM;
        }
        p->in_data = 0;
        return EG_OK;
    }
    if ((nl == 4 && !memcmp(name, "node", 4)) || (nl == 4 && !memcmp(name, "edge", 4))) {
        if (!p->cur.open) return EG_OK;
        eg_status st = p->cur.is_edge ? close_edge(p) : close_node(p);
        item_clear(&p->cur);
        return st;
    }
    return EG_OK;
}

static eg_status parse(parser *p)
{
    const char *t = p->text;
    size_t n = p->len, i = 0, bad;
    eg_status st;
    xml_attr attrs[MAX_ATTRS];
    size_t na = 0;
    while (i < n) {
        if (t[i] != '<') {
            size_t j = i;
            while (j < n && t[j] != '<') j++;
            if (p->in_data && (st = decode_append(t + i, j - i, &p->data, &p->data_len, &bad)))
                return st == EG_EPARSE ? fail_at(p, i + bad, st, "bad character reference") : st;
            i = j;
            continue;
        }
        if (!strncmp(t + i, "<!--", 4)) {
            const char *end = strstr(t + i + 4, "-->");
            if (!end) return fail_at(p, i, EG_EPARSE, "unterminated comment");
            if ((st = parse_meta_comment(p, t + i + 4, (size_t)(end - (t + i + 4))))) return st;
            i = (size_t)(end - t) + 3;
            continue;
        }
        if (!strncmp(t + i, "<![CDATA[", 9)) {
            const char *end = strstr(t + i + 9, "]]>");
            if (!end) return fail_at(p, i, EG_EPARSE, "unterminated CDATA section");
            if (p->in_data) {
                size_t l = (size_t)(end - (t + i + 9)), need;
                if (eg__add_overflow(p->data_len, l + 1, &need)) return EG_ENOMEM;
                char *d = realloc(p->data, need);
                if (!d) return EG_ENOMEM;
                memcpy(d + p->data_len, t + i + 9, l);
                p->data_len += l;
                d[p->data_len] = '\0';
                p->data = d;
            }
            i = (size_t)(end - t) + 3;
            continue;
        }
        if (t[i + 1] == '?' || t[i + 1] == '!') {
            const char *end = strchr(t + i, '>');
            if (!end) return fail_at(p, i, EG_EPARSE, "unterminated markup");
            i = (size_t)(end - t) + 1;
            continue;
        }
        size_t at = i;
        int closing = t[i + 1] == '/';
        i += closing ? 2 : 1;
        const char *name = t + i;
        while (i < n && is_name_char(t[i])) i++;
        size_t nl = (size_t)(t + i - name);
        if (!nl) return fail_at(p, at, EG_EPARSE, "malformed tag");
        na = 0;
        int empty = 0;
        for (;;) {
            while (i < n && strchr(" \t\r\n", t[i])) i++;
            if (i >= n) {
                st = fail_at(p, at, EG_EPARSE, "unterminated tag");
                goto bad_tag;
            }
            if (t[i] == '>') {
                i++;
                break;
            }
            if (t[i] == '/' && i + 1 < n && t[i + 1] == '>') {
                empty = 1;
                i += 2;
                break;
            }
            const char *an = t + i;
            while (i < n && is_name_char(t[i])) i++;
            size_t anl = (size_t)(t + i - an);
            while (i < n && strchr(" \t\r\n", t[i])) i++;
            if (!anl || i >= n || t[i] != '=') {
                st = fail_at(p, i, EG_EPARSE, "malformed attribute");
                goto bad_tag;
            }
            i++;
            while (i < n && strchr(" \t\r\n", t[i])) i++;
            if (i >= n || (t[i] != '"' && t[i] != '\'')) {
                st = fail_at(p, i, EG_EPARSE, "attribute value must be quoted");
                goto bad_tag;
            }
            char q = t[i++];
            const char *v = t + i;
            while (i < n && t[i] != q) i++;
            if (i >= n) {
                st = fail_at(p, at, EG_EPARSE, "unterminated attribute value");
                goto bad_tag;
            }
            if (na < MAX_ATTRS) {
                xml_attr *x = &attrs[na];
                size_t len = 0;
                x->name = an;
                x->name_len = anl;
                x->value = NULL;
                if ((st = decode_append(v, (size_t)(t + i - v), &x->value, &len, &bad))) {
                    free(x->value);
                    for (size_t k = 0; k < na; k++) free(attrs[k].value);
                    return st == EG_EPARSE ? fail_at(p, (size_t)(v - t) + bad, st, "bad character reference") : st;
                }
                na++;
            }
            i++;
        }
        st = closing ? end_tag(p, name, nl) : start_tag(p, name, nl, attrs, na, at, empty);
        for (size_t k = 0; k < na; k++) free(attrs[k].value);
        if (st == EG_ENOMEM) return eg__error(p->err, st, p->path, 0, 0, "out of memory");
        if (st) return st;
    }
    if (p->cur.open) return fail_at(p, n, EG_EPARSE, "unterminated <node> or <edge>");
    return EG_OK;
bad_tag: /* the attributes decoded so far */
    for (size_t k = 0; k < na; k++) free(attrs[k].value);
    return st;
}

eg_status eg_graph_load_graphml(eg_graph *g, const char *path, eg_error *err)
{
    parser p;
    eg_status st;
    char *text = NULL;
    size_t len = 0;
    if (g->n_nodes || g->n_edges || g->window)
        return eg__error(err, EG_EINVAL, path, 0, 0, "the graph to load into is not empty");
    if ((st = eg__read_file(path, &text, &len, err))) return st;
    memset(&p, 0, sizeof p);
    p.text = text;
    p.len = len;
    p.path = path;
    p.err = err;
    p.g = g;
    p.data_field = -1;
    if (memchr(text, '\0', len))
        st = eg__error(err, EG_EPARSE, path, 0, 0, "NUL byte in GraphML text");
    else if (!strstr(text, "<graphml"))
        st = eg__error(err, EG_EPARSE, path, 1, 1, "not GraphML (no <graphml> element)");
    else if (!(st = parse(&p)))
        st = eg__graph_check(g, path, err);
    item_clear(&p.cur);
    free(p.data);
    for (size_t k = 0; k < p.n_keys; k++) {
        free(p.keys[k].id);
        free(p.keys[k].name);
    }
    free(p.keys);
    eg__strmap_free(&p.ids);
    free(text);
    if (st) eg_graph_destroy(g);
    return st;
}

int eg__graphml_sniff(const unsigned char *head, size_t n)
{
    size_t k = 0;
    if (n >= 3 && head[0] == 0xEF && head[1] == 0xBB && head[2] == 0xBF) k = 3;
    while (k < n && (head[k] == ' ' || head[k] == '\n' || head[k] == '\r' || head[k] == '\t')) k++;
    return k < n && head[k] == '<';
}
