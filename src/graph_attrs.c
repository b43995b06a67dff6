/* The node and edge attributes (graph_attrs.h): one row each, in the order
 * every format writes them. */
#include "graph_attrs.h"

#include <math.h>
#include <string.h>

#include "internal.h"

#define NODE(f) .name = #f, .offset = offsetof(eg_node, f)
#define EDGE(f) .name = #f, .offset = offsetof(eg_edge, f)

/* GraphML, GEXF, JSON, CSV, egb and the page carry a node's measures
 * alike: one row each from EG_NODE_MEASURES (entgraph/graph.h). */
#define MEASURE(f, u, m, l)                                                                       \
    {NODE(f), .type = EG__ATTR_F64, .unset = u, .formats = EG__IN_ALL | EG__IN_HTML,             \
     .graphml_type = "double", .gexf_type = "double", .check = EG__CHECK_MEASURE,                 \
     .rank = EG__RANK(m), .label = l},

const eg__attr eg__node_attrs[] = {
    {NODE(id), .type = EG__ATTR_STR, .formats = EG__IN_CSV | EG__IN_JSON | EG__IN_HTML, .gexf = EG__GEXF_ELEMENT,
     .csv = "Id", .json = EG__JSON_PLACED, .check = EG__CHECK_ID},
    {NODE(label), .type = EG__ATTR_STR, .formats = EG__IN_GRAPHML | EG__IN_CSV | EG__IN_JSON | EG__IN_HTML,
     .graphml_type = "string", .gexf = EG__GEXF_ELEMENT, .csv = "Label"},
    {NODE(type), .type = EG__ATTR_STR, .formats = EG__IN_ALL | EG__IN_HTML, .graphml_type = "string", .gexf_type = "string"},
    {NODE(aliases), .type = EG__ATTR_STR, .formats = EG__IN_ALL | EG__IN_HTML, .graphml_type = "string",
     .gexf_type = "string", .json = EG__JSON_LIST},
    {NODE(source), .type = EG__ATTR_STR, .formats = EG__IN_ALL, .graphml_type = "string",
     .gexf_type = "string", .json_null = ""},
    {NODE(count), .type = EG__ATTR_U64, .formats = EG__IN_ALL | EG__IN_HTML, .graphml_type = "long", .gexf_type = "long",
     .check = EG__CHECK_COUNT, .rank = EG__RANK(3) /* EG_MEASURE_COUNT */},
    {NODE(docs), .type = EG__ATTR_U64, .formats = EG__IN_ALL | EG__IN_HTML, .graphml_type = "long", .gexf_type = "long",
     .check = EG__CHECK_COUNT, .rank = EG__RANK(4) /* EG_MEASURE_DOCS */},
    {NODE(first_date), .type = EG__ATTR_STR, .formats = EG__IN_GRAPHML | EG__IN_CSV | EG__IN_JSON | EG__IN_HTML,
     .graphml_type = "string", .gexf = EG__GEXF_SPELL, .json = EG__JSON_OMIT_NULL,
     .check = EG__CHECK_DATE},
    {NODE(last_date), .type = EG__ATTR_STR, .formats = EG__IN_GRAPHML | EG__IN_CSV | EG__IN_JSON | EG__IN_HTML,
     .graphml_type = "string", .gexf = EG__GEXF_SPELL, .json = EG__JSON_OMIT_NULL,
     .check = EG__CHECK_DATE},
    EG_NODE_MEASURES(MEASURE)
    {NODE(community), .type = EG__ATTR_I32, .unset = -1, .formats = EG__IN_ALL | EG__IN_HTML, .graphml_type = "int",
     .gexf_type = "integer", .check = EG__CHECK_COMMUNITY},
    {NODE(core), .type = EG__ATTR_U32, .formats = EG__IN_ALL | EG__IN_HTML, .graphml_type = "int", .gexf_type = "integer"},
    {NODE(x), .type = EG__ATTR_F64, .formats = EG__IN_GRAPHML | EG__IN_CSV | EG__IN_JSON | EG__IN_HTML,
     .graphml_type = "float", .gexf = EG__GEXF_VIZ, .json = EG__JSON_POSITION,
     .check = EG__CHECK_MEASURE},
    {NODE(y), .type = EG__ATTR_F64, .formats = EG__IN_GRAPHML | EG__IN_CSV | EG__IN_JSON | EG__IN_HTML,
     .graphml_type = "float", .gexf = EG__GEXF_VIZ, .json = EG__JSON_POSITION,
     .check = EG__CHECK_MEASURE},
    {NODE(size), .type = EG__ATTR_F64, .formats = EG__IN_GRAPHML | EG__IN_CSV | EG__IN_JSON | EG__IN_HTML,
     .graphml_type = "float", .gexf = EG__GEXF_VIZ, .check = EG__CHECK_MEASURE},
    {NODE(r), .type = EG__ATTR_U8, .formats = EG__IN_GRAPHML | EG__IN_CSV | EG__IN_JSON | EG__IN_HTML,
     .graphml_type = "int", .gexf = EG__GEXF_VIZ, .json = EG__JSON_RGB},
    {NODE(g), .type = EG__ATTR_U8, .formats = EG__IN_GRAPHML | EG__IN_CSV | EG__IN_JSON | EG__IN_HTML,
     .graphml_type = "int", .gexf = EG__GEXF_VIZ, .json = EG__JSON_RGB},
    {NODE(b), .type = EG__ATTR_U8, .formats = EG__IN_GRAPHML | EG__IN_CSV | EG__IN_JSON | EG__IN_HTML,
     .graphml_type = "int", .gexf = EG__GEXF_VIZ, .json = EG__JSON_RGB},
};
const size_t eg__n_node_attrs = sizeof eg__node_attrs / sizeof *eg__node_attrs;
_Static_assert(sizeof eg__node_attrs / sizeof *eg__node_attrs <= EG__MAX_ATTRS, "EG__MAX_ATTRS rows");

const eg__attr eg__edge_attrs[] = {
    /* GraphML's reader takes an edge without weight as weighing 1 */
    {EDGE(weight), .type = EG__ATTR_F64, .unset = 1, .formats = EG__IN_GRAPHML | EG__IN_CSV | EG__IN_JSON | EG__IN_HTML,
     .graphml_type = "double", .gexf = EG__GEXF_ELEMENT, .csv = "Weight", .check = EG__CHECK_WEIGHT},
    {EDGE(count), .type = EG__ATTR_U64, .formats = EG__IN_ALL | EG__IN_HTML, .graphml_key = "edge_count",
     .graphml_type = "long", .gexf_type = "long", .check = EG__CHECK_COUNT},
    {EDGE(docs), .type = EG__ATTR_U64, .formats = EG__IN_ALL | EG__IN_HTML, .graphml_key = "edge_docs",
     .graphml_type = "long", .gexf_type = "long", .check = EG__CHECK_COUNT},
    {EDGE(jaccard), .type = EG__ATTR_F64, .formats = EG__IN_ALL | EG__IN_HTML, .graphml_type = "double",
     .gexf_type = "double", .check = EG__CHECK_MEASURE},
    {EDGE(npmi), .type = EG__ATTR_F64, .formats = EG__IN_ALL | EG__IN_HTML, .graphml_type = "double",
     .gexf_type = "double", .check = EG__CHECK_MEASURE},
    {EDGE(association), .type = EG__ATTR_F64, .formats = EG__IN_ALL | EG__IN_HTML, .graphml_type = "double",
     .gexf_type = "double", .check = EG__CHECK_MEASURE},
    {EDGE(kind), .type = EG__ATTR_STR, .formats = EG__IN_ALL | EG__IN_HTML, .graphml_type = "string",
     .gexf_type = "string", .json_null = "cooccurrence"},
    {EDGE(first_date), .type = EG__ATTR_STR, .formats = EG__IN_GRAPHML | EG__IN_CSV | EG__IN_JSON | EG__IN_HTML,
     .graphml_key = "edge_first_date", .graphml_type = "string", .gexf = EG__GEXF_SPELL,
     .json = EG__JSON_OMIT_NULL, .check = EG__CHECK_DATE},
    {EDGE(last_date), .type = EG__ATTR_STR, .formats = EG__IN_GRAPHML | EG__IN_CSV | EG__IN_JSON | EG__IN_HTML,
     .graphml_key = "edge_last_date", .graphml_type = "string", .gexf = EG__GEXF_SPELL,
     .json = EG__JSON_OMIT_NULL, .check = EG__CHECK_DATE},
    {EDGE(evidence), .type = EG__ATTR_EVIDENCE, .formats = EG__IN_GRAPHML | EG__IN_JSON,
     .graphml_type = "string"},
};
const size_t eg__n_edge_attrs = sizeof eg__edge_attrs / sizeof *eg__edge_attrs;
_Static_assert(sizeof eg__edge_attrs / sizeof *eg__edge_attrs <= EG__MAX_ATTRS, "EG__MAX_ATTRS rows");

#undef MEASURE
#undef NODE
#undef EDGE

const eg__attr *eg__attr_find(const eg__attr *attrs, size_t n, const char *name)
{
    for (size_t i = 0; i < n; i++)
        if (!strcmp(attrs[i].name, name)) return &attrs[i];
    return NULL;
}

const char *eg__attr_str(const void *item, const eg__attr *a)
{
    const char *s;
    memcpy(&s, eg__attr_at(item, a), sizeof s);
    return s;
}

double eg__attr_f64(const void *item, const eg__attr *a)
{
    double d;
    memcpy(&d, eg__attr_at(item, a), sizeof d);
    return d;
}

uint64_t eg__attr_u64(const void *item, const eg__attr *a)
{
    const void *p = eg__attr_at(item, a);
    uint64_t u64;
    uint32_t u32;
    switch (a->type) {
    case EG__ATTR_U64: memcpy(&u64, p, sizeof u64); return u64;
    case EG__ATTR_U32: memcpy(&u32, p, sizeof u32); return u32;
    case EG__ATTR_U8: return *(const uint8_t *)p;
    case EG__ATTR_I32: return (uint64_t)eg__attr_i64(item, a);
    default: return 0;
    }
}

int64_t eg__attr_i64(const void *item, const eg__attr *a)
{
    int32_t i;
    if (a->type != EG__ATTR_I32) return (int64_t)eg__attr_u64(item, a);
    memcpy(&i, eg__attr_at(item, a), sizeof i);
    return i;
}

double eg__attr_number(const void *item, const eg__attr *a)
{
    switch (a->type) {
    case EG__ATTR_F64: return eg__attr_f64(item, a);
    case EG__ATTR_I32: return (double)eg__attr_i64(item, a);
    case EG__ATTR_U64:
    case EG__ATTR_U32:
    case EG__ATTR_U8: return (double)eg__attr_u64(item, a);
    default: return NAN;
    }
}

void eg__attr_set_number(void *item, const eg__attr *a, double v)
{
    char *p = (char *)item + a->offset;
    switch (a->type) {
    case EG__ATTR_F64: memcpy(p, &v, sizeof v); break;
    case EG__ATTR_I32: {
        int32_t i = v >= INT32_MIN && v <= INT32_MAX ? (int32_t)v : INT32_MIN;
        memcpy(p, &i, sizeof i);
        break;
    }
    case EG__ATTR_U32: {
        uint32_t u = v >= 0 && v <= UINT32_MAX ? (uint32_t)v : 0; /* UINT32_MAX is a value */
        memcpy(p, &u, sizeof u);
        break;
    }
    case EG__ATTR_U8: *(uint8_t *)p = v >= 0 && v <= 255 ? (uint8_t)v : 0; break;
    case EG__ATTR_U64: {
        uint64_t u = (uint64_t)v;
        memcpy(p, &u, sizeof u);
        break;
    }
    default: break;
    }
}

const char *eg__attr_number_text(const void *item, const eg__attr *a, char *buf)
{
    if (a->type == EG__ATTR_F64) {
        double d = eg__attr_f64(item, a);
        if (!isfinite(d)) return NULL;
        eg__format_double(buf, d);
        return buf;
    }
    _Static_assert(EG__DOUBLE_BUFSIZE >= EG__INT_BUFSIZE, "an integer fits a double's buffer");
    if (a->type == EG__ATTR_I32) return eg__format_i64(buf, eg__attr_i64(item, a));
    return eg__format_u64(buf, eg__attr_u64(item, a));
}

const eg__attr *eg__measure_attr(unsigned m)
{
    for (size_t i = 0; i < eg__n_node_attrs; i++)
        if (eg__node_attrs[i].rank == (int)m + 1) return &eg__node_attrs[i];
    return NULL;
}

unsigned eg__n_measures(void)
{
    unsigned n = 0;
    for (size_t i = 0; i < eg__n_node_attrs; i++) n += eg__node_attrs[i].rank != 0;
    return n;
}
