/* The rules every graph loader applies to what it read (graph_check.h):
 * one table per kind of item, so that a new attribute is one line here
 * and every format's loader checks it. */
#include <math.h>
#include <stddef.h>
#include <string.h>

#include "graph_attrs.h"
#include "graph_check.h"
#include "internal.h"

typedef enum rule {
    RULE_ID,        /* char *: well-formed UTF-8, no control characters */
    RULE_DATE,      /* char *: NULL, or not empty and as RULE_ID */
    RULE_COUNT,     /* uint64_t: at most EG__COUNT_MAX */
    RULE_WEIGHT,    /* double: finite, >= 0 */
    RULE_MEASURE,   /* double: finite or NaN */
    RULE_COMMUNITY, /* int32_t: >= -1 */
} rule;

typedef struct attr_rule {
    const char *name;
    size_t offset;
    rule rule;
} attr_rule;

#define NODE(f, r) {#f, offsetof(eg_node, f), r}
static const attr_rule node_rules[] = {
    NODE(id, RULE_ID), /* first: the messages after it name the node by id */
    NODE(count, RULE_COUNT),
    NODE(docs, RULE_COUNT),
    NODE(first_date, RULE_DATE),
    NODE(last_date, RULE_DATE),
#define MEASURE_RULE(name, unset) NODE(name, RULE_MEASURE),
    EG__NODE_MEASURES(MEASURE_RULE)
#undef MEASURE_RULE
    NODE(community, RULE_COMMUNITY),
    NODE(x, RULE_MEASURE),
    NODE(y, RULE_MEASURE),
    NODE(size, RULE_MEASURE),
};
#undef NODE

#define EDGE(f, r) {#f, offsetof(eg_edge, f), r}
static const attr_rule edge_rules[] = {
    EDGE(weight, RULE_WEIGHT),
    EDGE(count, RULE_COUNT),
    EDGE(docs, RULE_COUNT),
    EDGE(jaccard, RULE_MEASURE),
    EDGE(npmi, RULE_MEASURE),
    EDGE(association, RULE_MEASURE),
    EDGE(first_date, RULE_DATE),
    EDGE(last_date, RULE_DATE),
};
#undef EDGE

#define GRAPH(f, name, r) {name, offsetof(eg_graph, f), r}
static const attr_rule graph_rules[] = {
    GRAPH(n_docs, "documents", RULE_COUNT),
    GRAPH(n_mentions, "mentions", RULE_COUNT),
    GRAPH(n_windows, "windows", RULE_COUNT),
    GRAPH(modularity, "modularity", RULE_MEASURE),
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

/* NULL when the attribute at item + r->offset keeps rule r->rule, else
 * what it should have been. */
static const char *broken(const void *item, const attr_rule *r)
{
    const char *at = (const char *)item + r->offset;
    const char *s;
    double d;
    uint64_t u;
    int32_t i;
    switch (r->rule) {
    case RULE_ID:
    case RULE_DATE:
        memcpy(&s, at, sizeof s);
        if (!s) return r->rule == RULE_ID ? "a string" : NULL;
        /* no date is NULL: the exporters leave an empty one out */
        if (r->rule == RULE_DATE && !*s) return "a date, not an empty string";
        return eg__graph_text_ok(s)
                   ? NULL
                   : "well-formed UTF-8 without control characters or U+FFFE/U+FFFF";
    case RULE_COUNT:
        memcpy(&u, at, sizeof u);
        return u <= EG__COUNT_MAX ? NULL : "an integer at most 2^53";
    case RULE_WEIGHT:
        memcpy(&d, at, sizeof d);
        return isfinite(d) && d >= 0 ? NULL : "a finite number >= 0";
    case RULE_MEASURE:
        memcpy(&d, at, sizeof d);
        return !isinf(d) ? NULL : "a finite number (or none)";
    case RULE_COMMUNITY:
        memcpy(&i, at, sizeof i);
        return i >= -1 ? NULL : "-1 (none) or a community number";
    }
    return NULL;
}

eg_status eg__graph_check(const eg_graph *g, const char *path, eg_error *err)
{
    const char *want;
    for (size_t k = 0; k < sizeof graph_rules / sizeof *graph_rules; k++)
        if ((want = broken(g, &graph_rules[k])))
            return eg__error(err, EG_EPARSE, path, 0, 0, "graph %s: expected %s",
                             graph_rules[k].name, want);
    for (size_t i = 0; i < g->n_nodes; i++) {
        const eg_node *n = &g->nodes[i];
        for (size_t k = 0; k < sizeof node_rules / sizeof *node_rules; k++)
            if ((want = broken(n, &node_rules[k])))
                return k == 0 ? eg__error(err, EG_EPARSE, path, 0, 0, "node %zu: id: expected %s",
                                          i, want)
                              : eg__error(err, EG_EPARSE, path, 0, 0,
                                          "node %zu ('%s'): %s: expected %s", i, n->id,
                                          node_rules[k].name, want);
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
        for (size_t k = 0; k < sizeof edge_rules / sizeof *edge_rules; k++)
            if ((want = broken(e, &edge_rules[k])))
                return eg__error(err, EG_EPARSE, path, 0, 0,
                                 "edge %zu ('%s' - '%s'): %s: expected %s", i,
                                 g->nodes[e->source].id, g->nodes[e->target].id,
                                 edge_rules[k].name, want);
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
