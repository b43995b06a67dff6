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

/* Key ids are the attribute names, so tools that show ids (Gephi) show the
 * right column. GraphML requires key ids to be unique across the document,
 * so edge attributes that share a node attribute's name get their own id
 * (the table's graphml_key: "edge_count"; attr.name is still "count"). */
static const char *key_id(const eg__attr *a) { return a->graphml_key ? a->graphml_key : a->name; }

/* Whether the document carries a: every GraphML attribute, evidence only
 * when asked for. */
static int carries(const eg__attr *a, const eg_export_options *opt)
{
    return (a->formats & EG__IN_GRAPHML) && (a->type != EG__ATTR_EVIDENCE || opt->graphml_evidence);
}

static void put_keys(eg__buf *b, const char *domain, const eg__attr *attrs, size_t n,
                     const eg_export_options *opt)
{
    for (size_t i = 0; i < n; i++)
        if (carries(&attrs[i], opt))
            eg__buf_printf(b, "  <key id=\"%s\" for=\"%s\" attr.name=\"%s\" attr.type=\"%s\"/>\n",
                           key_id(&attrs[i]), domain, attrs[i].name, attrs[i].graphml_type);
}

/* One line <data key="KEY">VALUE</data>, VALUE escaped or as it is. */
static void put_data(eg__buf *b, const eg__attr *a, const char *value, int escape)
{
    eg__buf_puts(b, "      <data key=\"");
    eg__buf_puts(b, key_id(a));
    eg__buf_puts(b, "\">");
    if (escape)
        eg__xml_put_text(b, value);
    else
        eg__buf_puts(b, value);
    eg__buf_puts(b, "</data>\n");
}

/* The item's attributes as <data> lines. An empty string is left out
 * rather than written as an empty element, which readers disagree about
 * (networkx drops it, igraph keeps ""); so is a value that is not finite
 * (readers disagree about NaN). */
static eg_status put_attrs(eg__buf *b, const void *item, const eg__attr *attrs, size_t n,
                           const eg_export_options *opt)
{
    char num[EG__DOUBLE_BUFSIZE];
    for (size_t i = 0; i < n; i++) {
        const eg__attr *a = &attrs[i];
        const char *s;
        if (!carries(a, opt)) continue;
        if (a->type == EG__ATTR_STR) {
            if ((s = eg__attr_str(item, a)) && *s) put_data(b, a, s, 1);
        } else if (a->type == EG__ATTR_EVIDENCE) {
            const eg_edge *e = item;
            if (!e->n_evidence) continue;
            char *ev = eg__evidence_json(e);
            if (!ev) return EG_ENOMEM;
            put_data(b, a, ev, 1);
            free(ev);
        } else if ((s = eg__attr_number_text(item, a, num))) {
            put_data(b, a, s, 0);
        }
    }
    return eg__buf_status(b);
}

static eg_status write_graphml(const eg_graph *g, eg__buf *b, FILE *fp, const eg_export_options *opt)
{
    eg_status st;
    eg__buf_puts(b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                    "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\""
                    " xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\""
                    " xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns"
                    " http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd\">\n");
    /* graph metadata as a comment: a for="graph" key confuses Gephi */
    eg__buf_puts(b, "  <!-- entgraph:");
    eg__graph_meta_text(b, g, eg__xml_put_comment);
    eg__buf_puts(b, " -->\n");
    put_keys(b, "node", eg__node_attrs, eg__n_node_attrs, opt);
    put_keys(b, "edge", eg__edge_attrs, eg__n_edge_attrs, opt);
    eg__buf_puts(b, "  <graph id=\"G\" edgedefault=\"undirected\">\n");
    for (size_t i = 0; i < g->n_nodes; i++) {
        const eg_node *n = &g->nodes[i];
        eg__buf_puts(b, "    <node id=\"");
        eg__xml_put_text(b, n->id);
        eg__buf_puts(b, "\">\n");
        if ((st = put_attrs(b, n, eg__node_attrs, eg__n_node_attrs, opt))) return st;
        eg__buf_puts(b, "    </node>\n");
        if ((st = eg__spill(b, fp))) return st;
    }
    for (size_t i = 0; i < g->n_edges; i++) {
        const eg_edge *e = &g->edges[i];
        eg__buf_puts(b, "    <edge source=\"");
        eg__xml_put_text(b, g->nodes[e->source].id);
        eg__buf_puts(b, "\" target=\"");
        eg__xml_put_text(b, g->nodes[e->target].id);
        eg__buf_puts(b, "\">\n");
        if ((st = put_attrs(b, e, eg__edge_attrs, eg__n_edge_attrs, opt))) return st;
        eg__buf_puts(b, "    </edge>\n");
        if ((st = eg__spill(b, fp))) return st;
    }
    eg__buf_puts(b, "  </graph>\n</graphml>\n");
    return eg__buf_write(b, fp);
}

eg_status eg_export_graphml(const eg_graph *g, const char *path, const eg_export_options *opt,
                            eg_error *err)
{
    return eg__write_graph(g, path, opt, err, write_graphml);
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
    char *values[EG__MAX_ATTRS]; /* by the attribute's row in the table (graph_attrs.c) */
} item;

/* The rows of the item's kind. */
static const eg__attr *item_attrs(int is_edge, size_t *n)
{
    *n = is_edge ? eg__n_edge_attrs : eg__n_node_attrs;
    return is_edge ? eg__edge_attrs : eg__node_attrs;
}

/* The row of the GraphML attribute called name (its attr.name), or -1. */
static int field_index(int is_edge, const char *name)
{
    size_t n;
    const eg__attr *attrs = item_attrs(is_edge, &n);
    for (size_t i = 0; i < n; i++)
        if ((attrs[i].formats & EG__IN_GRAPHML) && !strcmp(attrs[i].name, name)) return (int)i;
    return -1;
}

/* The value read for the row called name (NULL when the file left it out). */
static char *value_of(const item *it, const char *name)
{
    size_t n;
    const eg__attr *attrs = item_attrs(it->is_edge, &n);
    const eg__attr *a = eg__attr_find(attrs, n, name);
    return a ? it->values[a - attrs] : NULL;
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

/* The item's numbers, into out (an eg_node or eg_edge) by the table:
 * counts (a GraphML double such as "3.0" too), then doubles, then the
 * other integers (read as doubles, stored by the table's rules), each
 * class failing with its message; a number the file leaves out is its
 * unset value. */
static const char *read_numbers(const item *it, void *out)
{
    size_t n;
    const eg__attr *attrs = item_attrs(it->is_edge, &n);
    static const eg__attr_type classes[][3] = {
        {EG__ATTR_U64, EG__ATTR_U64, EG__ATTR_U64},
        {EG__ATTR_F64, EG__ATTR_F64, EG__ATTR_F64},
        {EG__ATTR_I32, EG__ATTR_U32, EG__ATTR_U8},
    };
    static const char *const node_msg[] = {"count/docs must be integers",
                                           "a measure is not a number", "a number is malformed"};
    for (size_t c = 0; c < 3; c++)
        for (size_t k = 0; k < n; k++) {
            const eg__attr *a = &attrs[k];
            const char *v = it->values[k];
            if (!(a->formats & EG__IN_GRAPHML) ||
                (a->type != classes[c][0] && a->type != classes[c][1] && a->type != classes[c][2]))
                continue;
            if (a->type == EG__ATTR_U64) {
                uint64_t u = 0;
                if (!parse_uint(v, &u)) return it->is_edge ? "a number is malformed" : node_msg[c];
                memcpy((char *)out + a->offset, &u, sizeof u);
            } else {
                double d = a->unset;
                if (!parse_double(v, &d)) return it->is_edge ? "a number is malformed" : node_msg[c];
                eg__attr_set_number(out, a, d);
            }
        }
    return NULL;
}

static eg_status close_node(parser *p)
{
    item *it = &p->cur;
    eg_node got;
    const char *bad;
    uint32_t idx;
    if (!it->id) return fail_at(p, it->start, EG_EPARSE, "node without an id");
    if (eg__strmap_get(&p->ids, it->id, &idx))
        return fail_at(p, it->start, EG_EPARSE, "duplicate node id '%s'", it->id);
    memset(&got, 0, sizeof got);
    if ((bad = read_numbers(it, &got)))
        return fail_at(p, it->start, EG_EPARSE, "node '%s': %s", it->id, bad);
    const char *label = value_of(it, "label"), *type = value_of(it, "type"),
               *first = value_of(it, "first_date"), *last = value_of(it, "last_date");
    eg_status st = eg_graph_add_node(p->g, it->id, label ? label : "", type ? type : "",
                                     value_of(it, "aliases"), value_of(it, "source"), got.count,
                                     got.docs, &idx);
    if (st) return eg__error(p->err, st, p->path, 0, 0, "%s", eg_status_message(st));
    eg_node *n = &p->g->nodes[idx];
    /* the numbers as read; the strings as the graph copied them */
    got.id = n->id;
    got.label = n->label;
    got.type = n->type;
    got.aliases = n->aliases;
    got.source = n->source;
    *n = got;
    if ((first || last) && eg_graph_set_dates(p->g, EG_GRAPH_NODE, idx, first, last))
        return eg__error(p->err, EG_ENOMEM, p->path, 0, 0, "out of memory");
    if (eg__strmap_put(&p->ids, n->id, idx))
        return eg__error(p->err, EG_ENOMEM, p->path, 0, 0, "out of memory");
    return EG_OK;
}

static eg_status close_edge(parser *p)
{
    item *it = &p->cur;
    uint32_t a, b;
    eg_edge got;
    const char *kind_name = value_of(it, "kind"), *evidence = value_of(it, "evidence");
    const char *kind = eg_edge_kind_find(kind_name ? kind_name : "cooccurrence");
    if (!it->source || !eg__strmap_get(&p->ids, it->source, &a))
        return fail_at(p, it->start, EG_EPARSE, "edge source '%s' is not the id of an earlier node",
                       it->source ? it->source : "");
    if (!it->target || !eg__strmap_get(&p->ids, it->target, &b))
        return fail_at(p, it->start, EG_EPARSE, "edge target '%s' is not the id of an earlier node",
                       it->target ? it->target : "");
    if (a == b) return fail_at(p, it->start, EG_EPARSE, "edge links node '%s' to itself", it->source);
    if (!kind) return fail_at(p, it->start, EG_EPARSE, "unknown edge kind '%s'", kind_name);
    memset(&got, 0, sizeof got);
    if (read_numbers(it, &got)) return fail_at(p, it->start, EG_EPARSE, "edge: a number is malformed");
    /* no count: the windows were counted in the weight (older files) */
    if (!value_of(it, "count") && got.weight == floor(got.weight) && got.weight >= 0 &&
        got.weight < 9e15)
        got.count = (uint64_t)got.weight;
    eg_status st = eg_graph_add_edge_kind(p->g, a, b, got.count, got.docs, kind);
    if (st) return eg__error(p->err, st, p->path, 0, 0, "%s", eg_status_message(st));
    size_t ei = p->g->n_edges - 1;
    eg_edge *e = &p->g->edges[ei];
    got.source = e->source;
    got.target = e->target;
    got.kind = e->kind;
    *e = got;
    const char *first = value_of(it, "first_date"), *last = value_of(it, "last_date");
    if ((first || last) && eg_graph_set_dates(p->g, EG_GRAPH_EDGE, ei, first, last))
        return eg__error(p->err, EG_ENOMEM, p->path, 0, 0, "out of memory");
    if (evidence && (st = eg__evidence_parse(p->g, ei, evidence)))
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
    if (eg__grow_array((void **)&p->keys, &p->cap_keys, p->n_keys + 1, sizeof *p->keys, 32))
        return EG_ENOMEM;
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
