/* The SVG picture: the graph at its layout's positions, for reports and
 * slides. Same colours as the page (community fill, type ring); labels for
 * the most important nodes, placed greedily where they overlap no label
 * already placed; a legend and a title line. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "entgraph/export.h"
#include "internal.h"

enum { DEFAULT_MAX_NODES = 20000, DEFAULT_MAX_EDGES = 20000, MAX_LABELS = 400, LEGEND_ROWS = 12,
       NODE_OBSTACLES = 5000 };

/* the picture: drawing area [X0, X1] x [Y0, Y1], legend right of it */
static const double W = 1600, H = 1200, X0 = 30, X1 = 1290, Y0 = 60, Y1 = 1170, LEGEND_X = 1320;

#define FONTS "'Noto Sans CJK SC','Source Han Sans SC','PingFang SC','Microsoft YaHei'," \
              "'WenQuanYi Micro Hei','Noto Sans',sans-serif"

/* the type's ring colour, as in src/web/app.js */
static const char *ring_color(const char *type)
{
    if (!strcmp(type, "PER")) return "#111111";
    if (!strcmp(type, "ORG")) return "#8a8a8a";
    if (!strcmp(type, "LOC")) return "#ffffff";
    return "#5d4037";
}

typedef struct box {
    double x0, y0, x1, y1;
} box;

static int boxes_overlap(const box *a, const box *b)
{
    return a->x0 < b->x1 && b->x0 < a->x1 && a->y0 < b->y1 && b->y0 < a->y1;
}

/* An estimate of the label's width in font-size units: ideographs and
 * other wide characters take one em, the rest about 0.6. */
static double text_ems(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t n = strlen(s);
    double w = 0;
    while (n) {
        uint32_t cp;
        size_t k = eg__utf8_next(p, n, &cp);
        w += cp >= 0x1100 ? 1.0 : 0.6;
        p += k;
        n -= k;
    }
    return w;
}

typedef struct ranked {
    double key;
    uint32_t k;
} ranked;

static int ranked_cmp(const void *pa, const void *pb)
{
    const ranked *a = pa, *b = pb;
    if (a->key != b->key) return a->key > b->key ? -1 : 1;
    return (a->k > b->k) - (a->k < b->k);
}

/* Where the nodes of v go: px, py, radius pr (arrays of v->n_nodes). */
static void place(const eg_graph *g, const eg__view *v, double *px, double *py, double *pr)
{
    double minx = HUGE_VAL, maxx = -HUGE_VAL, miny = HUGE_VAL, maxy = -HUGE_VAL;
    double mins = HUGE_VAL, maxs = -HUGE_VAL;
    for (size_t k = 0; k < v->n_nodes; k++) {
        const eg_node *n = &g->nodes[v->nodes[k]];
        double x = isfinite(n->x) ? n->x : 0, y = isfinite(n->y) ? n->y : 0;
        if (x < minx) minx = x;
        if (x > maxx) maxx = x;
        if (y < miny) miny = y;
        if (y > maxy) maxy = y;
        if (n->size < mins) mins = n->size;
        if (n->size > maxs) maxs = n->size;
    }
    /* smaller discs on a crowded picture */
    double rmax = v->n_nodes > 2000 ? 6 : v->n_nodes > 300 ? 10 : 14, rmin = v->n_nodes > 2000 ? 1 : 2.5;
    double pad = rmax + 2;
    double sx = maxx > minx ? (X1 - X0 - 2 * pad) / (maxx - minx) : 1;
    double sy = maxy > miny ? (Y1 - Y0 - 2 * pad) / (maxy - miny) : 1;
    double s = sx < sy ? sx : sy;
    double cx = (X0 + X1) / 2, cy = (Y0 + Y1) / 2, mx = (minx + maxx) / 2, my = (miny + maxy) / 2;
    for (size_t k = 0; k < v->n_nodes; k++) {
        const eg_node *n = &g->nodes[v->nodes[k]];
        double x = isfinite(n->x) ? n->x : 0, y = isfinite(n->y) ? n->y : 0;
        px[k] = cx + (x - mx) * s;
        py[k] = cy - (y - my) * s; /* y grows upwards in the layout, as in Gephi */
        pr[k] = maxs > mins && isfinite(n->size) ? rmin + (rmax - rmin) * (n->size - mins) / (maxs - mins)
                                                 : (rmin + rmax) / 2;
    }
}

static void title_line(FILE *fp, const eg_graph *g, const eg__view *v)
{
    fprintf(fp, "<text x=\"%.0f\" y=\"34\" font-size=\"20\" font-weight=\"bold\" fill=\"#222\">", X0);
    fputs("entgraph", fp);
    fputs("</text>\n", fp);
    fprintf(fp, "<text x=\"%.0f\" y=\"34\" font-size=\"16\" fill=\"#444\">", X0 + 100);
    fprintf(fp, "%llu documents, %zu nodes, %zu edges", (unsigned long long)g->n_docs, g->n_nodes,
            g->n_edges);
    if (g->window && *g->window) {
        fputs(", window ", fp);
        eg__xml_text(fp, g->window);
    }
    if (v->n_nodes < g->n_nodes || v->n_edges < g->n_edges)
        fprintf(fp, " (drawn: %zu nodes of highest PageRank, %zu heaviest edges)", v->n_nodes, v->n_edges);
    fputs("</text>\n", fp);
}

static void legend(FILE *fp, const eg_graph *g, const eg__view *v, const uint32_t *order)
{
    /* communities 0..LEGEND_ROWS-1, each named by its member of highest
     * PageRank (order ranks the view's nodes by PageRank) */
    double y = Y0 + 10;
    fprintf(fp, "<g font-size=\"13\" fill=\"#222\">\n<text x=\"%.0f\" y=\"%.0f\" font-weight=\"bold\">"
                "communities</text>\n", LEGEND_X, y);
    y += 22;
    for (int32_t c = 0; c < LEGEND_ROWS && (uint32_t)c < g->n_communities; c++) {
        const eg_node *top = NULL;
        size_t members = 0;
        for (size_t k = 0; k < v->n_nodes; k++) {
            const eg_node *n = &g->nodes[v->nodes[order[k]]];
            if (n->community != c) continue;
            if (!top) top = n;
            members++;
        }
        if (!top) continue;
        fprintf(fp, "<circle cx=\"%.0f\" cy=\"%.0f\" r=\"6\" fill=\"#%02x%02x%02x\"/>", LEGEND_X + 6, y - 4,
                top->r, top->g, top->b);
        fprintf(fp, "<text x=\"%.0f\" y=\"%.0f\">", LEGEND_X + 18, y);
        eg__xml_text(fp, top->label);
        fprintf(fp, " … (%zu)</text>\n", members);
        y += 20;
    }
    if (g->n_communities > LEGEND_ROWS) {
        fprintf(fp, "<text x=\"%.0f\" y=\"%.0f\" fill=\"#666\">%u more in grey</text>\n", LEGEND_X, y,
                g->n_communities - LEGEND_ROWS);
        y += 20;
    }
    y += 14;
    fprintf(fp, "<text x=\"%.0f\" y=\"%.0f\" font-weight=\"bold\">types (ring)</text>\n", LEGEND_X, y);
    y += 22;
    /* the types present, in byte order, each once */
    const char *last = NULL;
    for (;;) {
        const char *next = NULL;
        for (size_t k = 0; k < v->n_nodes; k++) {
            const char *t = g->nodes[v->nodes[k]].type;
            if ((!last || strcmp(t, last) > 0) && (!next || strcmp(t, next) < 0)) next = t;
        }
        if (!next) break;
        fprintf(fp, "<circle cx=\"%.0f\" cy=\"%.0f\" r=\"5.5\" fill=\"#bbbbbb\" stroke=\"%s\" "
                    "stroke-width=\"2.5\"/>", LEGEND_X + 6, y - 4, ring_color(next));
        fprintf(fp, "<text x=\"%.0f\" y=\"%.0f\">", LEGEND_X + 18, y);
        eg__xml_text(fp, next);
        fputs("</text>\n", fp);
        y += 20;
        last = next;
    }
    fputs("</g>\n", fp);
}

/* Labels, most important node first, each at the first of eight places
 * around its node that overlaps no label placed before it and no other
 * node (up to NODE_OBSTACLES nodes) and stays in the drawing area.
 * O(MAX_LABELS * (MAX_LABELS + NODE_OBSTACLES)). */
static eg_status labels(FILE *fp, const eg_graph *g, const eg__view *v, const double *px,
                        const double *py, const double *pr, const uint32_t *order)
{
    size_t n = v->n_nodes < MAX_LABELS ? v->n_nodes : MAX_LABELS, placed = 0;
    box *boxes = malloc((n ? n : 1) * sizeof *boxes);
    if (!boxes) return EG_ENOMEM;
    fputs("<g font-size=\"13\" fill=\"#222\" stroke=\"#ffffff\" stroke-width=\"3\" "
          "stroke-linejoin=\"round\" paint-order=\"stroke\">\n", fp);
    for (size_t j = 0; j < n; j++) {
        uint32_t k = order[j];
        const eg_node *nd = &g->nodes[v->nodes[k]];
        if (!nd->label || !*nd->label) continue;
        double fs = j < 10 ? 15 : 12, w = text_ems(nd->label) * fs + 4, h = fs * 1.2, r = pr[k] + 2;
        /* offsets of the box's left-top corner from the node centre */
        const double at[8][2] = {
            {r, -h / 2}, {-r - w, -h / 2}, {-w / 2, -r - h}, {-w / 2, r},
            {r * 0.7, -r * 0.7 - h}, {-r * 0.7 - w, -r * 0.7 - h}, {r * 0.7, r * 0.7}, {-r * 0.7 - w, r * 0.7},
        };
        /* the ten most important always get a label: when no place is
         * free, one that covers only node discs, else the first in the
         * drawing area */
        int done = 0;
        for (int pass = 0; pass < (j < 10 ? 3 : 1) && !done; pass++)
            for (size_t a = 0; a < 8 && !done; a++) {
                box b = {px[k] + at[a][0], py[k] + at[a][1], px[k] + at[a][0] + w, py[k] + at[a][1] + h};
                if (b.x0 < X0 - 20 || b.x1 > X1 + 20 || b.y0 < Y0 - 10 || b.y1 > Y1 + 20) continue;
                int clash = 0;
                for (size_t q = 0; q < placed && !clash && pass < 2; q++) clash = boxes_overlap(&b, &boxes[q]);
                /* nor a node's disc, on pictures small enough to check them all */
                for (size_t q = 0; q < v->n_nodes && v->n_nodes <= NODE_OBSTACLES && !clash && pass < 1; q++) {
                    box d = {px[q] - pr[q], py[q] - pr[q], px[q] + pr[q], py[q] + pr[q]};
                    clash = q != k && boxes_overlap(&b, &d);
                }
                if (clash) continue;
                boxes[placed++] = b;
                fprintf(fp, "<text x=\"%.1f\" y=\"%.1f\"%s>", b.x0, b.y0 + fs, j < 10 ? " font-size=\"15\"" : "");
                eg__xml_text(fp, nd->label);
                fputs("</text>\n", fp);
                done = 1;
            }
    }
    fputs("</g>\n", fp);
    free(boxes);
    return EG_OK;
}

eg_status eg_export_svg(const eg_graph *g, const char *path, const eg_export_options *opt,
                        eg_error *err)
{
    eg_status st;
    eg__atomic a;
    eg__view v = {0};
    double *px = NULL, *py = NULL, *pr = NULL;
    ranked *rk = NULL;
    uint32_t *order = NULL;
    size_t max_nodes = opt && opt->view_max_nodes ? opt->view_max_nodes : DEFAULT_MAX_NODES;
    size_t max_edges = opt && opt->view_max_edges ? opt->view_max_edges : DEFAULT_MAX_EDGES;

    if ((st = eg__check_edges(g, path, err))) return st;
    if ((st = eg__view_select(g, max_nodes, max_edges, &v)))
        return eg__error(err, st, path, 0, 0, "out of memory");
    size_t n = v.n_nodes ? v.n_nodes : 1;
    px = malloc(n * sizeof *px);
    py = malloc(n * sizeof *py);
    pr = malloc(n * sizeof *pr);
    rk = malloc(n * sizeof *rk);
    order = malloc(n * sizeof *order);
    if (!px || !py || !pr || !rk || !order) {
        st = eg__error(err, EG_ENOMEM, path, 0, 0, "out of memory");
        goto done;
    }
    place(g, &v, px, py, pr);
    for (size_t k = 0; k < v.n_nodes; k++) {
        double p = g->nodes[v.nodes[k]].pagerank;
        rk[k].key = isfinite(p) ? p : -HUGE_VAL;
        rk[k].k = (uint32_t)k;
    }
    qsort(rk, v.n_nodes, sizeof *rk, ranked_cmp);
    for (size_t k = 0; k < v.n_nodes; k++) order[k] = rk[k].k;

    if ((st = eg__atomic_open(&a, path, err))) goto done;
    FILE *fp = a.fp;
    fprintf(fp, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" height=\"%.0f\" "
                "viewBox=\"0 0 %.0f %.0f\" font-family=\"" FONTS "\">\n", W, H, W, H);
    fputs("<!-- written by entgraph -->\n", fp);
    fprintf(fp, "<rect width=\"%.0f\" height=\"%.0f\" fill=\"#ffffff\"/>\n", W, H);
    title_line(fp, g, &v);

    /* edges: width by weight on a log scale, part_of dashed */
    double wmax = 0;
    for (size_t k = 0; k < v.n_edges; k++)
        if (g->edges[v.edges[k]].weight > wmax) wmax = g->edges[v.edges[k]].weight;
    double lmax = log1p(wmax) > 0 ? log1p(wmax) : 1;
    fputs("<g stroke=\"#b4b4b4\" stroke-opacity=\"0.7\" stroke-linecap=\"round\">\n", fp);
    for (size_t k = 0; k < v.n_edges; k++) {
        const eg_edge *e = &g->edges[v.edges[k]];
        uint32_t s = v.remap[e->source], t = v.remap[e->target];
        double w = 0.4 + 2.6 * log1p(e->weight > 0 ? e->weight : 0) / lmax;
        fprintf(fp, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke-width=\"%.2f\"%s/>\n",
                px[s], py[s], px[t], py[t], w,
                strcmp(e->kind, "part_of") ? "" : " stroke=\"#b9a2d6\" stroke-dasharray=\"4 3\"");
    }
    fputs("</g>\n", fp);

    /* nodes, the least important first so that the important ones are on top */
    fputs("<g stroke-width=\"1.5\">\n", fp);
    for (size_t j = v.n_nodes; j-- > 0;) {
        uint32_t k = order[j];
        const eg_node *nd = &g->nodes[v.nodes[k]];
        fprintf(fp, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"%.1f\" fill=\"#%02x%02x%02x\" stroke=\"%s\"/>\n",
                px[k], py[k], pr[k], nd->r, nd->g, nd->b, ring_color(nd->type));
    }
    fputs("</g>\n", fp);
    if ((st = labels(fp, g, &v, px, py, pr, order))) {
        eg__atomic_abort(&a);
        st = eg__error(err, st, path, 0, 0, "out of memory");
        goto done;
    }
    legend(fp, g, &v, order);
    fputs("</svg>\n", fp);
    st = eg__atomic_commit(&a, err);
done:
    free(px);
    free(py);
    free(pr);
    free(rk);
    free(order);
    eg__view_free(&v);
    return st;
}
