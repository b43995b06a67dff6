/* GEXF 1.3 export (Gephi's own format): attributes, viz colour, position
 * and size, and spells from document dates for Gephi's timeline. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "entgraph/export.h"
#include "graph_attrs.h"
#include "internal.h"

static const struct gexf_attr {
    const char *id, *type;
} node_attrs[] = {
#define MEASURE_ATTR(name, unset) {#name, "double"},
    {"type", "string"}, {"aliases", "string"}, {"source", "string"}, {"count", "long"},
    {"docs", "long"}, EG__NODE_MEASURES(MEASURE_ATTR) {"community", "integer"},
    {"core", "integer"},
#undef MEASURE_ATTR
}, edge_attrs[] = {
    {"count", "long"},  {"docs", "long"},        {"jaccard", "double"},
    {"npmi", "double"}, {"association", "double"}, {"kind", "string"},
};

static void put_attr_decls(FILE *fp, const char *cls, const struct gexf_attr *a, size_t n)
{
    fprintf(fp, "    <attributes class=\"%s\" mode=\"static\">\n", cls);
    for (size_t i = 0; i < n; i++)
        fprintf(fp, "      <attribute id=\"%s\" title=\"%s\" type=\"%s\"/>\n", a[i].id, a[i].id,
                a[i].type);
    fputs("    </attributes>\n", fp);
}

static void put_string_value(FILE *fp, const char *id, const char *v)
{
    if (!v || !*v) return;
    fprintf(fp, "          <attvalue for=\"%s\" value=\"", id);
    eg__xml_text(fp, v);
    fputs("\"/>\n", fp);
}

static void put_uint_value(FILE *fp, const char *id, uint64_t v)
{
    fprintf(fp, "          <attvalue for=\"%s\" value=\"%llu\"/>\n", id, (unsigned long long)v);
}

static void put_double_value(FILE *fp, const char *id, double v)
{
    char buf[EG__DOUBLE_BUFSIZE];
    if (!isfinite(v)) return;
    eg__format_double(buf, v);
    fprintf(fp, "          <attvalue for=\"%s\" value=\"%s\"/>\n", id, buf);
}

/* One spell from first to last, or one per interval of spells
 * ("FROM/TO;FROM/TO", eg_node.spells) when the dates leave gaps. */
static void put_spell(FILE *fp, const char *first, const char *last, const char *spells)
{
    if (!first || !last) return;
    if (!spells) {
        fputs("        <spells><spell start=\"", fp);
        eg__xml_text(fp, first);
        fputs("\" end=\"", fp);
        eg__xml_text(fp, last);
        fputs("\"/></spells>\n", fp);
        return;
    }
    fputs("        <spells>", fp);
    for (const char *p = spells; *p;) {
        const char *slash = strchr(p, '/'), *semi = strchr(p, ';');
        if (!semi) semi = p + strlen(p);
        if (!slash || slash > semi) break;
        fprintf(fp, "<spell start=\"%.*s\" end=\"%.*s\"/>", (int)(slash - p), p,
                (int)(semi - slash - 1), slash + 1);
        p = *semi ? semi + 1 : semi;
    }
    fputs("</spells>\n", fp);
}

static void write_gexf(const eg_graph *g, FILE *fp)
{
    char a[EG__DOUBLE_BUFSIZE], b[EG__DOUBLE_BUFSIZE], c[EG__DOUBLE_BUFSIZE];
    int dynamic = 0;
    for (size_t i = 0; i < g->n_nodes && !dynamic; i++) dynamic = g->nodes[i].first_date != NULL;
    fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
          "<gexf xmlns=\"http://gexf.net/1.3\" xmlns:viz=\"http://gexf.net/1.3/viz\""
          " xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\""
          " xsi:schemaLocation=\"http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd\""
          " version=\"1.3\">\n"
          "  <meta>\n    <creator>entgraph</creator>\n    <description>",
          fp);
    eg__graph_meta_text(fp, g, eg__xml_text);
    fputs("</description>\n  </meta>\n", fp);
    if (dynamic)
        fputs("  <graph defaultedgetype=\"undirected\" mode=\"dynamic\" timeformat=\"date\""
              " timerepresentation=\"interval\">\n",
              fp);
    else
        fputs("  <graph defaultedgetype=\"undirected\" mode=\"static\">\n", fp);
    put_attr_decls(fp, "node", node_attrs, sizeof node_attrs / sizeof node_attrs[0]);
    put_attr_decls(fp, "edge", edge_attrs, sizeof edge_attrs / sizeof edge_attrs[0]);
    fputs("    <nodes>\n", fp);
    for (size_t i = 0; i < g->n_nodes && !ferror(fp); i++) {
        const eg_node *n = &g->nodes[i];
        fputs("      <node id=\"", fp);
        eg__xml_text(fp, n->id);
        fputs("\" label=\"", fp);
        eg__xml_text(fp, n->label);
        fputs("\">\n        <attvalues>\n", fp);
        put_string_value(fp, "type", n->type);
        put_string_value(fp, "aliases", n->aliases);
        put_string_value(fp, "source", n->source);
        put_uint_value(fp, "count", n->count);
        put_uint_value(fp, "docs", n->docs);
#define MEASURE_VALUE(name, unset) put_double_value(fp, #name, n->name);
        EG__NODE_MEASURES(MEASURE_VALUE)
#undef MEASURE_VALUE
        fprintf(fp, "          <attvalue for=\"community\" value=\"%ld\"/>\n", (long)n->community);
        put_uint_value(fp, "core", n->core);
        fputs("        </attvalues>\n", fp);
        if (dynamic) put_spell(fp, n->first_date, n->last_date, n->spells);
        eg__format_double(a, n->x);
        eg__format_double(b, n->y);
        eg__format_double(c, isfinite(n->size) ? n->size : 1.0);
        fprintf(fp,
                "        <viz:color r=\"%u\" g=\"%u\" b=\"%u\"/>\n"
                "        <viz:position x=\"%s\" y=\"%s\" z=\"0.0\"/>\n"
                "        <viz:size value=\"%s\"/>\n      </node>\n",
                n->r, n->g, n->b, isfinite(n->x) ? a : "0.0", isfinite(n->y) ? b : "0.0", c);
    }
    fputs("    </nodes>\n    <edges>\n", fp);
    for (size_t i = 0; i < g->n_edges && !ferror(fp); i++) {
        const eg_edge *e = &g->edges[i];
        eg__format_double(a, isfinite(e->weight) ? e->weight : 0.0);
        fprintf(fp, "      <edge id=\"%zu\" source=\"", i);
        eg__xml_text(fp, g->nodes[e->source].id);
        fputs("\" target=\"", fp);
        eg__xml_text(fp, g->nodes[e->target].id);
        fprintf(fp, "\" weight=\"%s\">\n        <attvalues>\n", a);
        put_uint_value(fp, "count", e->count);
        put_uint_value(fp, "docs", e->docs);
        put_double_value(fp, "jaccard", e->jaccard);
        put_double_value(fp, "npmi", e->npmi);
        put_double_value(fp, "association", e->association);
        put_string_value(fp, "kind", e->kind);
        fputs("        </attvalues>\n", fp);
        if (dynamic) put_spell(fp, e->first_date, e->last_date, e->spells);
        fputs("      </edge>\n", fp);
    }
    fputs("    </edges>\n  </graph>\n</gexf>\n", fp);
}

eg_status eg_export_gexf(const eg_graph *g, const char *path, const eg_export_options *opt,
                         eg_error *err)
{
    eg__atomic out;
    eg_status st;
    (void)opt;
    if ((st = eg__check_edges(g, path, err))) return st;
    if ((st = eg__atomic_open(&out, path, err))) return st;
    write_gexf(g, out.fp);
    return eg__atomic_commit(&out, err);
}
