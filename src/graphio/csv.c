/* CSV node and edge tables for Gephi's spreadsheet import. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "entgraph/export.h"
#include "graph_attrs.h"
#include "internal.h"

/* A field, quoted when it holds a comma, a quote or a line break (RFC
 * 4180); control characters dropped, ill-formed UTF-8 as U+FFFD. */
static void put_field(FILE *fp, const char *s)
{
    const unsigned char *p = (const unsigned char *)(s ? s : "");
    size_t n = strlen((const char *)p);
    int quote = strpbrk((const char *)p, ",\"") != NULL;
    if (quote) fputc('"', fp);
    while (n) {
        uint32_t cp;
        size_t k = eg__utf8_next(p, n, &cp);
        if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F)) {
            /* dropped */
        } else if (cp == '"') {
            fputs("\"\"", fp);
        } else if (cp == 0xFFFD) {
            fputs("\xEF\xBF\xBD", fp);
        } else {
            fwrite(p, 1, k, fp);
        }
        p += k;
        n -= k;
    }
    if (quote) fputc('"', fp);
}

static void put_double(FILE *fp, double v)
{
    char buf[EG__DOUBLE_BUFSIZE];
    fputc(',', fp);
    if (!isfinite(v)) return;
    eg__format_double(buf, v);
    fputs(buf, fp);
}

static void write_nodes(const eg_graph *g, FILE *fp)
{
#define MEASURE_COLUMN(name, unset) "," #name
    fputs("Id,Label,type,aliases,source,count,docs,first_date,last_date" EG__NODE_MEASURES(
              MEASURE_COLUMN) ",community,core,x,y,size,r,g,b\n",
          fp);
#undef MEASURE_COLUMN
    for (size_t i = 0; i < g->n_nodes && !ferror(fp); i++) {
        const eg_node *n = &g->nodes[i];
        put_field(fp, n->id);
        fputc(',', fp);
        put_field(fp, n->label);
        fputc(',', fp);
        put_field(fp, n->type);
        fputc(',', fp);
        put_field(fp, n->aliases);
        fputc(',', fp);
        put_field(fp, n->source);
        fprintf(fp, ",%llu,%llu,", (unsigned long long)n->count, (unsigned long long)n->docs);
        put_field(fp, n->first_date);
        fputc(',', fp);
        put_field(fp, n->last_date);
#define MEASURE_FIELD(name, unset) put_double(fp, n->name);
        EG__NODE_MEASURES(MEASURE_FIELD)
#undef MEASURE_FIELD
        fprintf(fp, ",%ld,%lu", (long)n->community, (unsigned long)n->core);
        put_double(fp, n->x);
        put_double(fp, n->y);
        put_double(fp, n->size);
        fprintf(fp, ",%u,%u,%u\n", n->r, n->g, n->b);
    }
}

static void write_edges(const eg_graph *g, FILE *fp)
{
    fputs("Source,Target,Type,Weight,count,docs,jaccard,npmi,association,kind,first_date,"
          "last_date\n",
          fp);
    for (size_t i = 0; i < g->n_edges && !ferror(fp); i++) {
        const eg_edge *e = &g->edges[i];
        put_field(fp, g->nodes[e->source].id);
        fputc(',', fp);
        put_field(fp, g->nodes[e->target].id);
        fputs(",Undirected", fp);
        put_double(fp, e->weight);
        fprintf(fp, ",%llu,%llu", (unsigned long long)e->count, (unsigned long long)e->docs);
        put_double(fp, e->jaccard);
        put_double(fp, e->npmi);
        put_double(fp, e->association);
        fputc(',', fp);
        put_field(fp, e->kind);
        fputc(',', fp);
        put_field(fp, e->first_date);
        fputc(',', fp);
        put_field(fp, e->last_date);
        fputc('\n', fp);
    }
}

eg_status eg_export_csv(const eg_graph *g, const char *path, const eg_export_options *opt,
                        eg_error *err)
{
    eg_status st;
    const char *slash = strrchr(path, '/'), *base = slash ? slash + 1 : path, *hit = NULL;
    (void)opt;
    for (const char *p = base; (p = strstr(p, "nodes")); p++) hit = p;
    if (!hit)
        return eg__error(err, EG_EINVAL, path, 0, 0,
                         "the node table's file name must contain 'nodes'");
    if ((st = eg__check_edges(g, path, err))) return st;
    eg__atomic nodes_out, edges_out;
    char *edges_path = strdup(path);
    if (!edges_path) return eg__error(err, EG_ENOMEM, path, 0, 0, "out of memory");
    memcpy(edges_path + (hit - path), "edges", 5);
    /* the node table is put in place first: when that fails, the edge
     * table is dropped too, so a failed run leaves both files as they were */
    if ((st = eg__atomic_open(&nodes_out, path, err))) goto done;
    if ((st = eg__atomic_open(&edges_out, edges_path, err))) {
        eg__atomic_abort(&nodes_out);
        goto done;
    }
    write_nodes(g, nodes_out.fp);
    write_edges(g, edges_out.fp);
    if ((st = eg__atomic_commit(&nodes_out, err))) {
        eg__atomic_abort(&edges_out);
        goto done;
    }
    st = eg__atomic_commit(&edges_out, err);
done:
    free(edges_path);
    return st;
}
