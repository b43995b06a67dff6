/* CSV node and edge tables for Gephi's spreadsheet import: a column per
 * attribute the table (graph_attrs.c) gives CSV. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "entgraph/export.h"
#include "graph_attrs.h"
#include "graphio.h"
#include "internal.h"

/* A field, quoted when it holds a comma or a quote (RFC 4180; line
 * breaks are dropped with the other control characters), ill-formed
 * UTF-8 as U+FFFD. */
static void put_field(eg__buf *b, const char *s)
{
    const unsigned char *p = (const unsigned char *)(s ? s : "");
    size_t n = strlen((const char *)p);
    int quote = strpbrk((const char *)p, ",\"") != NULL;
    if (quote) eg__buf_putc(b, '"');
    while (n) {
        uint32_t cp;
        size_t k = eg__utf8_next(p, n, &cp);
        if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F)) {
            /* dropped */
        } else if (cp == '"') {
            eg__buf_puts(b, "\"\"");
        } else if (cp == 0xFFFD) {
            eg__buf_puts(b, "\xEF\xBF\xBD");
        } else {
            eg__buf_append(b, p, k);
        }
        p += k;
        n -= k;
    }
    if (quote) eg__buf_putc(b, '"');
}

/* The header's columns (after lead, the columns the table does not hold). */
static void put_header(eg__buf *b, const char *lead, const eg__attr *attrs, size_t n)
{
    int first = 1;
    eg__buf_puts(b, lead);
    for (size_t i = 0; i < n; i++) {
        if (!(attrs[i].formats & EG__IN_CSV)) continue;
        if (!first || *lead) eg__buf_putc(b, ',');
        eg__buf_puts(b, attrs[i].csv ? attrs[i].csv : attrs[i].name);
        first = 0;
    }
    eg__buf_putc(b, '\n');
}

/* The item's fields, each after a comma but the first when first: a
 * string as a field, a number in decimal, empty when it is not finite. */
static void put_row(eg__buf *b, const void *item, const eg__attr *attrs, size_t n, int first)
{
    char num[EG__DOUBLE_BUFSIZE];
    const char *s;
    for (size_t i = 0; i < n; i++) {
        const eg__attr *a = &attrs[i];
        if (!(a->formats & EG__IN_CSV)) continue;
        if (!first) eg__buf_putc(b, ',');
        first = 0;
        if (a->type == EG__ATTR_STR)
            put_field(b, eg__attr_str(item, a));
        else if ((s = eg__attr_number_text(item, a, num)))
            eg__buf_puts(b, s);
    }
    eg__buf_putc(b, '\n');
}

static eg_status write_nodes(const eg_graph *g, eg__buf *b, FILE *fp)
{
    eg_status st;
    put_header(b, "", eg__node_attrs, eg__n_node_attrs);
    for (size_t i = 0; i < g->n_nodes; i++) {
        put_row(b, &g->nodes[i], eg__node_attrs, eg__n_node_attrs, 1);
        if ((st = eg__spill(b, fp))) return st;
    }
    return eg__buf_write(b, fp);
}

static eg_status write_edges(const eg_graph *g, eg__buf *b, FILE *fp)
{
    eg_status st;
    put_header(b, "Source,Target,Type", eg__edge_attrs, eg__n_edge_attrs);
    for (size_t i = 0; i < g->n_edges; i++) {
        const eg_edge *e = &g->edges[i];
        put_field(b, g->nodes[e->source].id);
        eg__buf_putc(b, ',');
        put_field(b, g->nodes[e->target].id);
        eg__buf_puts(b, ",Undirected");
        put_row(b, e, eg__edge_attrs, eg__n_edge_attrs, 0);
        if ((st = eg__spill(b, fp))) return st;
    }
    return eg__buf_write(b, fp);
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
    eg__buf b = EG__BUF_INIT;
    eg_status wst = write_nodes(g, &b, nodes_out.fp);
    if (!wst || wst == EG_EIO) wst = write_edges(g, &b, edges_out.fp);
    eg__buf_free(&b);
    if (wst && wst != EG_EIO) {
        eg__atomic_abort(&nodes_out);
        eg__atomic_abort(&edges_out);
        st = eg__error(err, wst, path, 0, 0, "%s", eg_status_message(wst));
        goto done;
    }
    if ((st = eg__atomic_commit(&nodes_out, err))) {
        eg__atomic_abort(&edges_out);
        goto done;
    }
    st = eg__atomic_commit(&edges_out, err);
done:
    free(edges_path);
    return st;
}
