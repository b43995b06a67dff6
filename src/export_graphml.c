/* GraphML export, the exporter table, and the text/number helpers the
 * exporters share. */
#include <locale.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "entgraph/export.h"
#include "internal.h"

static const eg_exporter exporters[] = {
    {"graphml", ".graphml", eg_export_graphml},
    {"json", ".json", eg_export_json},
    {NULL, NULL, NULL},
};

const eg_exporter *eg_exporters(void)
{
    return exporters;
}

const eg_exporter *eg_exporter_find(const char *name)
{
    if (!name) return NULL;
    for (const eg_exporter *e = exporters; e->name; e++)
        if (!strcmp(e->name, name)) return e;
    return NULL;
}

void eg__format_double(char *buf, double d)
{
    if (isnan(d)) {
        strcpy(buf, "NaN");
        return;
    }
    if (isinf(d)) {
        strcpy(buf, d < 0 ? "-INF" : "INF");
        return;
    }
    for (int prec = 15; prec <= 17; prec++) {
        snprintf(buf, EG__DOUBLE_BUFSIZE, "%.*g", prec, d);
        if (strtod(buf, NULL) == d) break;
    }
    /* a locale with a decimal comma must not change the file */
    const char *dp = localeconv()->decimal_point;
    if (dp && dp[0] && dp[0] != '.' && !dp[1]) {
        char *c = strchr(buf, dp[0]);
        if (c) *c = '.';
    }
    if (!strpbrk(buf, ".e")) strcat(buf, ".0");
}

/* Character data or an attribute value: escapes markup, drops control
 * characters (C0 including tab and newline, DEL, C1), and replaces
 * ill-formed UTF-8 and the non-characters XML forbids with U+FFFD. */
static void put_xml_text(FILE *fp, const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t n = strlen(s);
    while (n) {
        uint32_t cp;
        size_t k = eg__utf8_next(p, n, &cp);
        if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F)) {
            /* dropped */
        } else if (cp == '&') {
            fputs("&amp;", fp);
        } else if (cp == '<') {
            fputs("&lt;", fp);
        } else if (cp == '>') {
            fputs("&gt;", fp);
        } else if (cp == '"') {
            fputs("&quot;", fp);
        } else if (cp == 0xFFFD || cp == 0xFFFE || cp == 0xFFFF) {
            fputs("\xEF\xBF\xBD", fp);
        } else {
            fwrite(p, 1, k, fp);
        }
        p += k;
        n -= k;
    }
}

/* Text inside <!-- -->: as put_xml_text() but unescaped, and a run of '-'
 * shrinks to one, since "--" may not appear in a comment. */
static void put_comment_text(FILE *fp, const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t n = strlen(s);
    uint32_t prev = 0;
    while (n) {
        uint32_t cp;
        size_t k = eg__utf8_next(p, n, &cp);
        if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || (cp == '-' && prev == '-')) {
            /* dropped */
        } else if (cp == 0xFFFD || cp == 0xFFFE || cp == 0xFFFF) {
            fputs("\xEF\xBF\xBD", fp);
        } else {
            fwrite(p, 1, k, fp);
            prev = cp;
        }
        p += k;
        n -= k;
    }
}

/* An empty string is left out rather than written as an empty element, which
 * readers disagree about (networkx drops it, igraph keeps ""). */
static void put_string_data(FILE *fp, const char *key, const char *value)
{
    if (!value || !*value) return;
    fprintf(fp, "      <data key=\"%s\">", key);
    put_xml_text(fp, value);
    fputs("</data>\n", fp);
}

static void put_uint_data(FILE *fp, const char *key, uint64_t value)
{
    fprintf(fp, "      <data key=\"%s\">%llu</data>\n", key, (unsigned long long)value);
}

static void put_double_data(FILE *fp, const char *key, double value)
{
    char buf[EG__DOUBLE_BUFSIZE];
    eg__format_double(buf, value);
    fprintf(fp, "      <data key=\"%s\">%s</data>\n", key, buf);
}

/* Key ids are the attribute names, so tools that show ids (Gephi) show the
 * right column. GraphML requires key ids to be unique across the document,
 * so the edge's "docs" gets the id "edge_docs" (attr.name is still "docs"). */
static const struct graphml_key {
    const char *id, *domain, *name, *type;
} graphml_keys[] = {
    {"label", "node", "label", "string"},
    {"type", "node", "type", "string"},
    {"aliases", "node", "aliases", "string"},
    {"source", "node", "source", "string"},
    {"count", "node", "count", "long"},
    {"docs", "node", "docs", "long"},
    {"degree", "node", "degree", "double"},
    {"strength", "node", "strength", "double"},
    {"pagerank", "node", "pagerank", "double"},
    {"weight", "edge", "weight", "double"},
    {"edge_docs", "edge", "docs", "long"},
    {"kind", "edge", "kind", "string"},
};

static void write_graphml(const eg_graph *g, FILE *fp)
{
    fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
          "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\""
          " xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\""
          " xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns"
          " http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd\">\n",
          fp);
    /* graph metadata as a comment: a for="graph" key confuses Gephi */
    fputs("  <!-- entgraph:", fp);
    if (g->window) {
        fputs(" window=", fp);
        put_comment_text(fp, g->window);
    }
    fprintf(fp, " documents=%llu mentions=%llu -->\n", (unsigned long long)g->n_docs,
            (unsigned long long)g->n_mentions);
    for (size_t i = 0; i < sizeof graphml_keys / sizeof graphml_keys[0]; i++) {
        const struct graphml_key *k = &graphml_keys[i];
        fprintf(fp, "  <key id=\"%s\" for=\"%s\" attr.name=\"%s\" attr.type=\"%s\"/>\n", k->id,
                k->domain, k->name, k->type);
    }
    fputs("  <graph id=\"G\" edgedefault=\"undirected\">\n", fp);
    for (size_t i = 0; i < g->n_nodes && !ferror(fp); i++) {
        const eg_node *n = &g->nodes[i];
        fputs("    <node id=\"", fp);
        put_xml_text(fp, n->id);
        fputs("\">\n", fp);
        put_string_data(fp, "label", n->label);
        put_string_data(fp, "type", n->type);
        put_string_data(fp, "aliases", n->aliases);
        put_string_data(fp, "source", n->source);
        put_uint_data(fp, "count", n->count);
        put_uint_data(fp, "docs", n->docs);
        put_double_data(fp, "degree", n->degree);
        put_double_data(fp, "strength", n->strength);
        put_double_data(fp, "pagerank", n->pagerank);
        fputs("    </node>\n", fp);
    }
    for (size_t i = 0; i < g->n_edges && !ferror(fp); i++) {
        const eg_edge *e = &g->edges[i];
        fputs("    <edge source=\"", fp);
        put_xml_text(fp, g->nodes[e->source].id);
        fputs("\" target=\"", fp);
        put_xml_text(fp, g->nodes[e->target].id);
        fputs("\">\n", fp);
        /* an integer is a valid xs:double, and exact beyond 2^53 */
        put_uint_data(fp, "weight", e->weight);
        put_uint_data(fp, "edge_docs", e->docs);
        put_string_data(fp, "kind", e->kind);
        fputs("    </edge>\n", fp);
    }
    fputs("  </graph>\n</graphml>\n", fp);
}

eg_status eg_export_graphml(const eg_graph *g, const char *path, eg_error *err)
{
    eg__atomic out;
    eg_status st;
    for (size_t i = 0; i < g->n_edges; i++)
        if (g->edges[i].source >= g->n_nodes || g->edges[i].target >= g->n_nodes)
            return eg__error(err, EG_EINVAL, path, 0, 0, "edge %zu names a missing node", i);
    st = eg__atomic_open(&out, path, err);
    if (st) return st;
    write_graphml(g, out.fp);
    return eg__atomic_commit(&out, err);
}
