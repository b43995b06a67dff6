/* The rules every graph loader applies to what it read (graph_check.h):
 * each attribute's rule is a column of its row in the table of attributes
 * (graph_attrs.c), so that every format's loader checks a new one. */
#include <math.h>
#include <stddef.h>
#include <string.h>

#include "graph_attrs.h"
#include "graph_check.h"
#include "internal.h"

/* Graph-level fields, checked by the same rules as the attributes. */
typedef struct graph_rule {
    const char *name;
    size_t offset;
    eg__attr_type type;
    eg__attr_check check;
} graph_rule;

#define GRAPH(f, name, t, c) {name, offsetof(eg_graph, f), t, c}
static const graph_rule graph_rules[] = {
    GRAPH(n_docs, "documents", EG__ATTR_U64, EG__CHECK_COUNT),
    GRAPH(n_mentions, "mentions", EG__ATTR_U64, EG__CHECK_COUNT),
    GRAPH(n_windows, "windows", EG__ATTR_U64, EG__CHECK_COUNT),
    GRAPH(modularity, "modularity", EG__ATTR_F64, EG__CHECK_MEASURE),
};
#undef GRAPH

/* C0 and C1 controls and DEL are what GraphML drops, U+FFFE/U+FFFF what it
 * replaces: the strings the exporters write as they are. One pass, ASCII
 * (all of a date, most of an id) without decoding. */
int eg__graph_text_ok(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        if (*p < 0x80) {
            if (*p < 0x20 || *p == 0x7F) return 0;
            p++;
            continue;
        }
        uint32_t cp;
        /* a sequence is at most 4 bytes: no strlen of the whole string */
        size_t k = eg__utf8_next(p, strnlen((const char *)p, 4), &cp);
        if (eg__utf8_was_bad(p, k, cp)) return 0;
        if ((cp >= 0x80 && cp <= 0x9F) || cp == 0xFFFE || cp == 0xFFFF) return 0;
        p += k;
    }
    return 1;
}

/* NULL when the value at item + offset keeps rule check, else what it
 * should have been. */
static const char *broken(const void *item, size_t offset, eg__attr_check check)
{
    const char *at = (const char *)item + offset;
    const char *s;
    double d;
    uint64_t u;
    int32_t i;
    switch (check) {
    case EG__CHECK_NONE: return NULL;
    case EG__CHECK_ID:
    case EG__CHECK_DATE:
        memcpy(&s, at, sizeof s);
        if (!s) return check == EG__CHECK_ID ? "a string" : NULL;
        /* no date is NULL: the exporters leave an empty one out */
        if (check == EG__CHECK_DATE && !*s) return "a date, not an empty string";
        return eg__graph_text_ok(s)
                   ? NULL
                   : "well-formed UTF-8 without control characters or U+FFFE/U+FFFF";
    case EG__CHECK_COUNT:
        memcpy(&u, at, sizeof u);
        return u <= EG__COUNT_MAX ? NULL : "an integer at most 2^53";
    case EG__CHECK_WEIGHT:
        memcpy(&d, at, sizeof d);
        return isfinite(d) && d >= 0 ? NULL : "a finite number >= 0";
    case EG__CHECK_MEASURE:
        memcpy(&d, at, sizeof d);
        return !isinf(d) ? NULL : "a finite number (or none)";
    case EG__CHECK_COMMUNITY:
        memcpy(&i, at, sizeof i);
        return i >= -1 ? NULL : "-1 (none) or a community number";
    }
    return NULL;
}

/* The first attribute of item that breaks its rule (its row at *bad), or
 * NULL. */
static const char *broken_attr(const void *item, const eg__attr *attrs, size_t n,
                               const eg__attr **bad)
{
    const char *want;
    for (size_t k = 0; k < n; k++)
        if ((want = broken(item, attrs[k].offset, attrs[k].check))) {
            *bad = &attrs[k];
            return want;
        }
    return NULL;
}

eg_status eg__graph_check(const eg_graph *g, const char *path, eg_error *err)
{
    const char *want;
    const eg__attr *bad;
    for (size_t k = 0; k < sizeof graph_rules / sizeof *graph_rules; k++)
        if ((want = broken(g, graph_rules[k].offset, graph_rules[k].check)))
            return eg__error(err, EG_EPARSE, path, 0, 0, "graph %s: expected %s",
                             graph_rules[k].name, want);
    for (size_t i = 0; i < g->n_nodes; i++) {
        const eg_node *n = &g->nodes[i];
        if ((want = broken_attr(n, eg__node_attrs, eg__n_node_attrs, &bad)))
            /* the id is the first row: a broken one cannot name the node */
            return bad->check == EG__CHECK_ID && !strcmp(bad->name, "id")
                       ? eg__error(err, EG_EPARSE, path, 0, 0, "node %zu: id: expected %s", i, want)
                       : eg__error(err, EG_EPARSE, path, 0, 0, "node %zu ('%s'): %s: expected %s",
                                   i, n->id, bad->name, want);
        if (n->first_date && n->last_date && strcmp(n->first_date, n->last_date) > 0)
            return eg__error(err, EG_EPARSE, path, 0, 0,
                             "node %zu ('%s'): first_date '%s' is after last_date '%s'",
                             i, n->id, n->first_date, n->last_date);
    }
    for (size_t i = 0; i < g->n_edges; i++) {
        const eg_edge *e = &g->edges[i];
        if (e->source >= g->n_nodes || e->target >= g->n_nodes || e->source == e->target)
            return eg__error(err, EG_EPARSE, path, 0, 0, "edge %zu: expected two different nodes",
                             i);
        if ((want = broken_attr(e, eg__edge_attrs, eg__n_edge_attrs, &bad)))
            return eg__error(err, EG_EPARSE, path, 0, 0, "edge %zu ('%s' - '%s'): %s: expected %s",
                             i, g->nodes[e->source].id, g->nodes[e->target].id, bad->name, want);
        if (e->first_date && e->last_date && strcmp(e->first_date, e->last_date) > 0)
            return eg__error(err, EG_EPARSE, path, 0, 0,
                             "edge %zu ('%s' - '%s'): first_date '%s' is after last_date '%s'",
                             i, g->nodes[e->source].id, g->nodes[e->target].id, e->first_date,
                             e->last_date);
    }
    return EG_OK;
}

eg_status eg__check_edges(const eg_graph *g, const char *path, eg_error *err)
{
    for (size_t i = 0; i < g->n_edges; i++)
        if (g->edges[i].source >= g->n_nodes || g->edges[i].target >= g->n_nodes)
            return eg__error(err, EG_EINVAL, path, 0, 0, "edge %zu names a missing node", i);
    return EG_OK;
}
