/* GEXF 1.3 export (Gephi's own format): attributes, viz colour, position
 * and size, and spells from document dates for Gephi's timeline. Which
 * attribute goes where is the table's (graph_attrs.c): an <attvalue>, an
 * XML attribute of the element, the viz elements, or the spells. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "entgraph/export.h"
#include "graph_attrs.h"
#include "graphio.h"
#include "internal.h"

static void put_attr_decls(eg__buf *b, const char *cls, const eg__attr *a, size_t n)
{
    eg__buf_printf(b, "    <attributes class=\"%s\" mode=\"static\">\n", cls);
    for (size_t i = 0; i < n; i++)
        if (a[i].formats & EG__IN_GEXF)
            eg__buf_printf(b, "      <attribute id=\"%s\" title=\"%s\" type=\"%s\"/>\n", a[i].name,
                           a[i].name, a[i].gexf_type);
    eg__buf_puts(b, "    </attributes>\n");
}

/* The item's <attvalue>s: an empty string and a value that is not finite
 * are left out. */
static void put_attvalues(eg__buf *b, const void *item, const eg__attr *attrs, size_t n)
{
    char num[EG__DOUBLE_BUFSIZE];
    eg__buf_puts(b, "        <attvalues>\n");
    for (size_t i = 0; i < n; i++) {
        const eg__attr *a = &attrs[i];
        const char *s;
        if (!(a->formats & EG__IN_GEXF)) continue;
        if (a->type == EG__ATTR_STR) {
            if (!(s = eg__attr_str(item, a)) || !*s) continue;
            eg__buf_printf(b, "          <attvalue for=\"%s\" value=\"", a->name);
            eg__xml_put_text(b, s);
            eg__buf_puts(b, "\"/>\n");
        } else if ((s = eg__attr_number_text(item, a, num))) {
            eg__buf_printf(b, "          <attvalue for=\"%s\" value=\"%s\"/>\n", a->name, s);
        }
    }
    eg__buf_puts(b, "        </attvalues>\n");
}

/* The element's own XML attributes (a node's id and label, an edge's
 * weight): a number that is not finite as 0.0. */
static void put_element_attrs(eg__buf *b, const void *item, const eg__attr *attrs, size_t n)
{
    char num[EG__DOUBLE_BUFSIZE];
    for (size_t i = 0; i < n; i++) {
        const eg__attr *a = &attrs[i];
        const char *s;
        if (a->gexf != EG__GEXF_ELEMENT) continue;
        eg__buf_printf(b, " %s=\"", a->name);
        if (a->type == EG__ATTR_STR)
            eg__xml_put_text(b, eg__attr_str(item, a));
        else
            eg__buf_puts(b, (s = eg__attr_number_text(item, a, num)) ? s : "0.0");
        eg__buf_putc(b, '"');
    }
}

/* The spells (the EG__GEXF_SPELL rows: first and last date): one from
 * first to last, or one per interval of spells ("FROM/TO;FROM/TO",
 * eg_node.spells) when the dates leave gaps. */
static void put_spell(eg__buf *b, const char *first, const char *last, const char *spells)
{
    if (!first || !last) return;
    if (!spells) {
        eg__buf_puts(b, "        <spells><spell start=\"");
        eg__xml_put_text(b, first);
        eg__buf_puts(b, "\" end=\"");
        eg__xml_put_text(b, last);
        eg__buf_puts(b, "\"/></spells>\n");
        return;
    }
    eg__buf_puts(b, "        <spells>");
    for (const char *p = spells; *p;) {
        const char *slash = strchr(p, '/'), *semi = strchr(p, ';');
        if (!semi) semi = p + strlen(p);
        if (!slash || slash > semi) break;
        eg__buf_printf(b, "<spell start=\"%.*s\" end=\"%.*s\"/>", (int)(slash - p), p,
                       (int)(semi - slash - 1), slash + 1);
        p = *semi ? semi + 1 : semi;
    }
    eg__buf_puts(b, "</spells>\n");
}

/* The EG__GEXF_VIZ rows, as GEXF's viz schema places them: colour from
 * r, g, b, position from x, y (not finite: 0.0), size (not finite: 1.0). */
static void put_viz(eg__buf *b, const eg_node *n)
{
    char x[EG__DOUBLE_BUFSIZE], y[EG__DOUBLE_BUFSIZE], size[EG__DOUBLE_BUFSIZE];
    eg__format_double(x, n->x);
    eg__format_double(y, n->y);
    eg__format_double(size, isfinite(n->size) ? n->size : 1.0);
    eg__buf_printf(b,
                   "        <viz:color r=\"%u\" g=\"%u\" b=\"%u\"/>\n"
                   "        <viz:position x=\"%s\" y=\"%s\" z=\"0.0\"/>\n"
                   "        <viz:size value=\"%s\"/>\n",
                   n->r, n->g, n->b, isfinite(n->x) ? x : "0.0", isfinite(n->y) ? y : "0.0", size);
}

static eg_status write_gexf(const eg_graph *g, eg__buf *b, FILE *fp, const eg_export_options *opt)
{
    (void)opt;
    eg_status st;
    int dynamic = 0;
    for (size_t i = 0; i < g->n_nodes && !dynamic; i++) dynamic = g->nodes[i].first_date != NULL;
    eg__buf_puts(b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                    "<gexf xmlns=\"http://gexf.net/1.3\" xmlns:viz=\"http://gexf.net/1.3/viz\""
                    " xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\""
                    " xsi:schemaLocation=\"http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd\""
                    " version=\"1.3\">\n"
                    "  <meta>\n    <creator>entgraph</creator>\n    <description>");
    eg__graph_meta_text(b, g, eg__xml_put_text);
    eg__buf_puts(b, "</description>\n  </meta>\n");
    if (dynamic)
        eg__buf_puts(b, "  <graph defaultedgetype=\"undirected\" mode=\"dynamic\" timeformat=\"date\""
                        " timerepresentation=\"interval\">\n");
    else
        eg__buf_puts(b, "  <graph defaultedgetype=\"undirected\" mode=\"static\">\n");
    put_attr_decls(b, "node", eg__node_attrs, eg__n_node_attrs);
    put_attr_decls(b, "edge", eg__edge_attrs, eg__n_edge_attrs);
    eg__buf_puts(b, "    <nodes>\n");
    for (size_t i = 0; i < g->n_nodes; i++) {
        const eg_node *n = &g->nodes[i];
        eg__buf_puts(b, "      <node");
        put_element_attrs(b, n, eg__node_attrs, eg__n_node_attrs);
        eg__buf_puts(b, ">\n");
        put_attvalues(b, n, eg__node_attrs, eg__n_node_attrs);
        if (dynamic) put_spell(b, n->first_date, n->last_date, n->spells);
        put_viz(b, n);
        eg__buf_puts(b, "      </node>\n");
        if ((st = eg__spill(b, fp))) return st;
    }
    eg__buf_puts(b, "    </nodes>\n    <edges>\n");
    for (size_t i = 0; i < g->n_edges; i++) {
        const eg_edge *e = &g->edges[i];
        eg__buf_printf(b, "      <edge id=\"%zu\" source=\"", i);
        eg__xml_put_text(b, g->nodes[e->source].id);
        eg__buf_puts(b, "\" target=\"");
        eg__xml_put_text(b, g->nodes[e->target].id);
        eg__buf_putc(b, '"');
        put_element_attrs(b, e, eg__edge_attrs, eg__n_edge_attrs);
        eg__buf_puts(b, ">\n");
        put_attvalues(b, e, eg__edge_attrs, eg__n_edge_attrs);
        if (dynamic) put_spell(b, e->first_date, e->last_date, e->spells);
        eg__buf_puts(b, "      </edge>\n");
        if ((st = eg__spill(b, fp))) return st;
    }
    eg__buf_puts(b, "    </edges>\n  </graph>\n</gexf>\n");
    return eg__buf_write(b, fp);
}

eg_status eg_export_gexf(const eg_graph *g, const char *path, const eg_export_options *opt,
                         eg_error *err)
{
    return eg__write_graph(g, path, opt, err, write_gexf);
}
