/* Packing the separately laid-out components of a graph into one picture
 * (graph.c lays each out; this file only does geometry): the largest in
 * the middle, the others on rings around it, the isolated nodes in a
 * compact band below. Deterministic; O(components + isolated nodes). */
#include <math.h>

#include "internal.h"

void eg__pack_discs(size_t n, const double *r, double gap, double *cx, double *cy)
{
    const double two_pi = 6.283185307179586;
    if (!n) return;
    cx[0] = cy[0] = 0;
    double inner = r[0]; /* outer radius of what the rings so far cover */
    size_t i = 1;
    while (i < n) {
        /* the ring's centre line, set by its first (largest) disc */
        double rho = inner + gap + r[i], used = 0;
        size_t first = i;
        for (; i < n; i++) {
            double s = (r[i] + gap / 2) / rho;
            double width = 2 * asin(s < 1 ? s : 1);
            if (i > first && used + width > two_pi) break;
            used += width;
        }
        /* spread what the ring's discs leave of the circle between them */
        double extra = (two_pi - used) / (double)(i - first), angle = 0;
        for (size_t k = first; k < i; k++) {
            double s = (r[k] + gap / 2) / rho;
            double half = asin(s < 1 ? s : 1);
            angle += half;
            cx[k] = rho * cos(angle);
            cy[k] = rho * sin(angle);
            angle += half + extra;
        }
        inner = rho + r[first];
    }
}

void eg__pack_band(size_t n, double minx, double maxx, double top, double spacing, double *x,
                   double *y)
{
    if (!n) return;
    double side = spacing * ceil(sqrt((double)n)), width = maxx - minx;
    if (width < side) width = side;
    size_t cols = (size_t)(width / spacing);
    if (cols < 1) cols = 1;
    if (cols > n) cols = n;
    double left = (minx + maxx) / 2 - spacing * (double)(cols - 1) / 2;
    for (size_t k = 0; k < n; k++) {
        x[k] = left + spacing * (double)(k % cols);
        y[k] = top - spacing * (double)(k / cols);
    }
}
