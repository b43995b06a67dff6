/* What the XML formats (GraphML, GEXF, and the SVG picture) share: the
 * graph's metadata as the words of a comment or description, and the
 * escapers for a FILE (the SVG picture's), on the one buffer's (buf.h). */
#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "entgraph/graph.h"
#include "graphio.h"
#include "internal.h"

void eg__xml_text(FILE *fp, const char *s)
{
    eg__buf b = EG__BUF_INIT;
    if (!eg__buf_xml_text(&b, s, strlen(s))) (void)eg__buf_write(&b, fp);
    eg__buf_free(&b);
}

eg_status eg__xml_put_text(eg__buf *b, const char *s) { return eg__buf_xml_text(b, s, strlen(s)); }

eg_status eg__xml_put_comment(eg__buf *b, const char *s)
{
    return eg__buf_xml_comment(b, s, strlen(s));
}

void eg__graph_meta_text(eg__buf *b, const eg_graph *g, eg_status (*text)(eg__buf *, const char *))
{
    char num[EG__DOUBLE_BUFSIZE];
    if (g->window) {
        eg__buf_puts(b, " window=");
        text(b, g->window);
    }
    eg__buf_printf(b, " documents=%llu mentions=%llu", (unsigned long long)g->n_docs,
                   (unsigned long long)g->n_mentions);
    if (g->n_windows) eg__buf_printf(b, " windows=%llu", (unsigned long long)g->n_windows);
    if (g->counting[0]) {
        eg__buf_puts(b, " counting=");
        text(b, g->counting);
    }
    if (g->betweenness[0]) {
        eg__buf_puts(b, " betweenness=");
        text(b, g->betweenness);
    }
    if (g->layout[0]) {
        eg__buf_puts(b, " layout=");
        text(b, g->layout);
    }
    if (g->n_communities) {
        eg__format_double(num, g->modularity);
        eg__buf_printf(b, " communities=%lu modularity=%s", (unsigned long)g->n_communities, num);
    }
}
