/* GraphML export, the exporter table, and the text/number helpers the
 * exporters share. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "entgraph/export.h"
#include "internal.h"

static const eg_exporter exporters[] = {
    {"graphml", ".graphml", eg_export_graphml},
    {"json", ".json", eg_export_json},
    {"gexf", ".gexf", eg_export_gexf},
    {"csv", "nodes.csv", eg_export_csv},
    {"egb", ".egb", eg_export_egb},
    {"html", ".html", eg_export_html},
    {"svg", ".svg", eg_export_svg},
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

char *eg_exporter_path(const eg_exporter *e, const char *dir)
{
    const char *base = e->extension[0] == '.' ? "graph" : "";
    size_t n = strlen(dir) + strlen(base) + strlen(e->extension) + 2;
    char *p = malloc(n);
    if (p) snprintf(p, n, "%s/%s%s", dir, base, e->extension);
    return p;
}

eg_status eg__check_edges(const eg_graph *g, const char *path, eg_error *err)
{
    for (size_t i = 0; i < g->n_edges; i++)
        if (g->edges[i].source >= g->n_nodes || g->edges[i].target >= g->n_nodes)
            return eg__error(err, EG_EINVAL, path, 0, 0, "edge %zu names a missing node", i);
    return EG_OK;
}

/* Character data or an attribute value: escapes markup, drops control
 * characters (C0 including tab and newline, DEL, C1), and replaces
 * ill-formed UTF-8 and the non-characters XML forbids with U+FFFD. */
void eg__xml_text(FILE *fp, const char *s)
{
    const unsigned char *p = (const unsigned char *)s, *run = p;
    size_t n = strlen(s);
    /* characters written as they are go out in runs, one fwrite each */
    while (n) {
        uint32_t cp = *p;
        size_t k = cp < 0x80 ? 1 : eg__utf8_next(p, n, &cp);
        const char *instead = NULL;
        int drop = cp < 0x20 || (cp >= 0x7F && cp <= 0x9F);
        if (cp == '&') instead = "&amp;";
        else if (cp == '<') instead = "&lt;";
        else if (cp == '>') instead = "&gt;";
        else if (cp == '"') instead = "&quot;";
        else if (cp == 0xFFFD || cp == 0xFFFE || cp == 0xFFFF) instead = "\xEF\xBF\xBD";
        if (drop || instead) {
            if (p > run) fwrite(run, 1, (size_t)(p - run), fp);
            if (instead) fputs(instead, fp);
            run = p + k;
        }
        p += k;
        n -= k;
    }
    if (p > run) fwrite(run, 1, (size_t)(p - run), fp);
}

/* Text inside <!-- -->: as eg__xml_text() but unescaped, and a run of '-'
 * shrinks to one, since "--" may not appear in a comment. */
void eg__xml_comment(FILE *fp, const char *s)
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

void eg__graph_meta_text(FILE *fp, const eg_graph *g, void (*text)(FILE *, const char *))
{
    char num[EG__DOUBLE_BUFSIZE];
    if (g->window) {
        fputs(" window=", fp);
        text(fp, g->window);
    }
    fprintf(fp, " documents=%llu mentions=%llu", (unsigned long long)g->n_docs,
            (unsigned long long)g->n_mentions);
    if (g->n_windows) fprintf(fp, " windows=%llu", (unsigned long long)g->n_windows);
    if (g->counting[0]) {
        fputs(" counting=", fp);
        text(fp, g->counting);
    }
    if (g->betweenness[0]) {
        fputs(" betweenness=", fp);
        text(fp, g->betweenness);
    }
    if (g->layout[0]) {
        fputs(" layout=", fp);
        text(fp, g->layout);
    }
    if (g->n_communities) {
        eg__format_double(num, g->modularity);
        fprintf(fp, " communities=%lu modularity=%s", (unsigned long)g->n_communities, num);
    }
}

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
    {"degree", "node", "degree", "double"},
    {"strength", "node", "strength", "double"},
    {"pagerank", "node", "pagerank", "double"},
    {"betweenness", "node", "betweenness", "double"},
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
        put_double_data(fp, "degree", n->degree);
        put_double_data(fp, "strength", n->strength);
        put_double_data(fp, "pagerank", n->pagerank);
        put_double_data(fp, "betweenness", n->betweenness);
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
