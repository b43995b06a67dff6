/* The node and edge attributes, declared once (library-internal; the
 * tables are in graph_attrs.c).
 *
 * Each row of eg__node_attrs[] / eg__edge_attrs[] says, for one field of
 * eg_node / eg_edge: its name (the attribute's name in GraphML, GEXF,
 * JSON, CSV, the egb columns and the HTML page unless a column names it
 * otherwise), its C type and place, the value it has when it was not
 * computed or a file leaves it out, which formats carry it and how, the
 * rule a loaded graph keeps (graph_check.c), and whether 'query top
 * --by' ranks by it. The rows are in the order every format writes them.
 *
 * Users: the GraphML, GEXF, JSON and CSV writers and the GraphML and JSON
 * readers (src/graphio/), the egb writer and readers (every numeric
 * attribute is a named column of the egb node or edge record, version 3), the
 * HTML page's columns and panel (export_html.c, web/app.js), the graph
 * check (graph_check.c), the measures of 'query top' (query.c) and its
 * help (cli/cmd_query.c).
 *
 * Adding a node measure: a line in EG_NODE_MEASURES (entgraph/graph.h),
 * which declares the eg_node field and expands into a row here, and the
 * code that computes it (graph.c). Every format then writes and reads
 * it, the check checks it, the page shows it and 'query top --by NAME'
 * ranks by it, from the whole graph or from an egb file.
 */
#ifndef ENTGRAPH_GRAPH_ATTRS_H
#define ENTGRAPH_GRAPH_ATTRS_H

#include <stddef.h>
#include <stdint.h>

#include "entgraph/graph.h"

typedef enum eg__attr_type {
    EG__ATTR_STR,      /* char * (an edge's kind: const char *) */
    EG__ATTR_U64,      /* uint64_t */
    EG__ATTR_F64,      /* double */
    EG__ATTR_I32,      /* int32_t */
    EG__ATTR_U32,      /* uint32_t */
    EG__ATTR_U8,       /* uint8_t */
    EG__ATTR_EVIDENCE, /* an edge's evidence list (GraphML: as JSON, on request) */
} eg__attr_type;

/* Which formats carry the attribute (eg__attr.formats). GEXF: as an
 * <attvalue>; where else GEXF puts it, eg__attr.gexf says. */
enum {
    EG__IN_GRAPHML = 1u << 0,
    EG__IN_GEXF = 1u << 1,
    EG__IN_CSV = 1u << 2,
    EG__IN_JSON = 1u << 3,
    EG__IN_ALL = EG__IN_GRAPHML | EG__IN_GEXF | EG__IN_CSV | EG__IN_JSON,
    EG__IN_HTML = 1u << 4, /* a column of the HTML page's data (export_html.c) */
};

/* Where GEXF puts what is not an <attvalue>. */
typedef enum eg__gexf_place {
    EG__GEXF_NONE = 0,
    EG__GEXF_ELEMENT, /* an XML attribute of <node>/<edge> (id, label, weight) */
    EG__GEXF_VIZ,     /* viz:color r g b, viz:position x y, viz:size */
    EG__GEXF_SPELL,   /* dates: the <spells> of a dynamic graph */
} eg__gexf_place;

/* How JSON writes it beyond its type (eg__attr.json). */
enum {
    EG__JSON_PLACED = 1u << 0,    /* the style places it (an id): not with the fields */
    EG__JSON_LIST = 1u << 1,      /* a '|'-list, written as an array of its non-empty items */
    EG__JSON_OMIT_NULL = 1u << 2, /* left out when NULL */
    EG__JSON_RGB = 1u << 3,       /* node-link only; the other styles write "color": "#rrggbb" */
    EG__JSON_POSITION = 1u << 4,  /* cytoscape writes it in "position", not in "data" */
};

/* The rule a loaded graph keeps (graph_check.c). */
typedef enum eg__attr_check {
    EG__CHECK_NONE = 0,
    EG__CHECK_ID,        /* a string: well-formed UTF-8, no control characters */
    EG__CHECK_DATE,      /* NULL, or not empty and as EG__CHECK_ID */
    EG__CHECK_COUNT,     /* at most EG__COUNT_MAX */
    EG__CHECK_WEIGHT,    /* finite, >= 0 */
    EG__CHECK_MEASURE,   /* finite or NaN (not computed) */
    EG__CHECK_COMMUNITY, /* >= -1 */
} eg__attr_check;

/* eg__attr.rank holds a position + 1, so that 0 (a row that does not say)
 * is none. */
#define EG__RANK(m) ((m) + 1)

typedef struct eg__attr {
    const char *name;
    eg__attr_type type;
    size_t offset;       /* in eg_node / eg_edge */
    double unset;        /* not computed; what a reader takes when a file leaves it out */
    unsigned formats;    /* EG__IN_* */
    const char *graphml_key;  /* GraphML key id when not name (ids are unique across
                               * domains: an edge's "count" is "edge_count") */
    const char *graphml_type; /* attr.type */
    const char *gexf_type;    /* <attribute type=…> */
    eg__gexf_place gexf;
    const char *csv;          /* CSV column when not name ("Id", "Label", "Weight") */
    unsigned json;            /* EG__JSON_* */
    const char *json_null;    /* a NULL string in JSON: this text, or null when NULL */
    eg__attr_check check;
    int rank; /* EG__RANK(eg_measure) when 'query top --by' ranks by it, else 0 */
    const char *label; /* a measure's name in the page's panel (EG_NODE_MEASURES) */
} eg__attr;

/* At most this many rows of each kind (graph_attrs.c asserts it), so that
 * a reader can keep a value per row in a fixed array. */
#define EG__MAX_ATTRS 32

extern const eg__attr eg__node_attrs[];
extern const size_t eg__n_node_attrs;
extern const eg__attr eg__edge_attrs[];
extern const size_t eg__n_edge_attrs;

/* The row called name among n rows, or NULL. */
const eg__attr *eg__attr_find(const eg__attr *attrs, size_t n, const char *name);

/* Whether a is a number (an egb column). */
static inline int eg__attr_is_number(const eg__attr *a)
{
    return a->type == EG__ATTR_U64 || a->type == EG__ATTR_F64 || a->type == EG__ATTR_I32 ||
           a->type == EG__ATTR_U32 || a->type == EG__ATTR_U8;
}

/* The value of a at item (an eg_node or eg_edge). */
static inline const void *eg__attr_at(const void *item, const eg__attr *a)
{
    return (const char *)item + a->offset;
}
const char *eg__attr_str(const void *item, const eg__attr *a);
double eg__attr_f64(const void *item, const eg__attr *a);
/* An integer attribute (U64, U32, U8, I32) as a signed or unsigned number. */
uint64_t eg__attr_u64(const void *item, const eg__attr *a);
int64_t eg__attr_i64(const void *item, const eg__attr *a);
/* Any number as a double (counts too): what 'query top' ranks by. */
double eg__attr_number(const void *item, const eg__attr *a);
/* Stores the number v into a numeric attribute, as the readers do: an
 * int32 out of range becomes INT32_MIN (for the check to refuse), a
 * uint32 or uint8 out of range 0 (their whole range, UINT32_MAX and 255
 * included, is kept); a uint64 takes v as it is (the caller checked it). */
void eg__attr_set_number(void *item, const eg__attr *a, double v);

/* The text of a numeric attribute as every format writes it: integers in
 * decimal, doubles by eg__format_double; NULL for a double that is not
 * finite (left out, empty or null by the format). buf holds
 * EG__DOUBLE_BUFSIZE bytes. */
const char *eg__attr_number_text(const void *item, const eg__attr *a, char *buf);

/* How 'query top' orders two values of a measure (and the egb file its
 * rankings): higher first, NaN (not computed) last; 0 for a tie, which
 * the caller breaks. */
static inline int eg__rank_cmp(double a, double b)
{
    int a_nan = a != a, b_nan = b != b;
    if (a_nan != b_nan) return a_nan - b_nan;
    if (!a_nan && a != b) return a > b ? -1 : 1;
    return 0;
}

/* The rankable attributes of nodes: the row of eg_measure m, or NULL;
 * how many there are. */
const eg__attr *eg__measure_attr(unsigned m);
unsigned eg__n_measures(void);

#endif
