/* What the XML formats (GraphML, GEXF, and the SVG picture) share: text
 * and comment escaping, and the graph's metadata as the words of a comment. */
#include <stdio.h>
#include <string.h>

#include "entgraph/graph.h"
#include "internal.h"

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
