/* The table of graph formats: each by name and file extension, with its
 * writer, and its reader and content test when entgraph reads it back.
 * The CLI's -f and 'query … --out', and eg_graph_load(), choose through it
 * (dav1d keeps its muxers so). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "entgraph/export.h"
#include "graphio.h"
#include "internal.h"

/* In the order eg_graph_load() asks them: JSON takes whatever the others
 * do not. HTML and SVG are written only (their writers live with the
 * page: export_html.c, export_svg.c); CSV is written only. */
static const eg_exporter formats[] = {
    {"graphml", ".graphml", eg_export_graphml, eg_graph_load_graphml, eg__graphml_sniff},
    {"json", ".json", eg_export_json, eg_graph_load_json, eg__json_sniff},
    {"gexf", ".gexf", eg_export_gexf, NULL, NULL},
    {"csv", "nodes.csv", eg_export_csv, NULL, NULL},
    {"egb", ".egb", eg_export_egb, eg_graph_load_egb, eg__egb_sniff},
    {"html", ".html", eg_export_html, NULL, NULL},
    {"svg", ".svg", eg_export_svg, NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

/* The order content is tested in: the binary form by its magic first,
 * JSON last (it takes anything). */
static const char *const sniff_order[] = {"egb", "graphml", "json"};

const eg_exporter *eg_exporters(void)
{
    return formats;
}

const eg_exporter *eg_exporter_find(const char *name)
{
    if (!name) return NULL;
    for (const eg_exporter *e = formats; e->name; e++)
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

eg_status eg_graph_load(eg_graph *g, const char *path, eg_error *err)
{
    unsigned char head[EG__SNIFF_BYTES] = {0};
    size_t got;
    FILE *fp = fopen(path, "rb");
    if (!fp) {
        int e = errno;
        return eg__error(err, EG_EIO, path, 0, 0, "cannot open: %s", strerror(e));
    }
    got = fread(head, 1, sizeof head, fp);
    fclose(fp);
    for (size_t k = 0; k < sizeof sniff_order / sizeof *sniff_order; k++) {
        const eg_exporter *f = eg_exporter_find(sniff_order[k]);
        if (f->sniff(head, got)) return f->read(g, path, err);
    }
    return eg__error(err, EG_EPARSE, path, 0, 0, "not a graph entgraph reads");
}
