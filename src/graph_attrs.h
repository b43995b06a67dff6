/* The node measures, declared once (library-internal).
 *
 * EG__NODE_MEASURES(X) expands X(NAME, UNSET) for each double measure of
 * eg_node that eg_graph_analyze() computes, in the order every format
 * writes them: NAME is both the eg_node field and the attribute's name in
 * GraphML, GEXF, JSON and CSV; UNSET is the value it has when it was not
 * computed (betweenness when skipped is NaN), which is also what the
 * GraphML reader takes when the file leaves it out (the GraphML writer
 * leaves out values that are not finite).
 *
 * Users: the GraphML, GEXF, JSON and CSV writers and the GraphML and JSON
 * readers (src/graphio/), the graph check (graph_check.c: finite or NaN),
 * and 'query top --by' (query.c). The egb file (version 2) is a fixed
 * record that stores exactly these measures: egb.c and egb_map.c assert
 * EG__N_NODE_MEASURES, so a new measure there is a new version of the file.
 *
 * Adding a node measure: a field in eg_node (graph.h), a line here, the
 * code that computes it (graph.c), and the egb record. */
#ifndef ENTGRAPH_GRAPH_ATTRS_H
#define ENTGRAPH_GRAPH_ATTRS_H

#include <math.h>

#define EG__NODE_MEASURES(X) \
    X(degree, 0)             \
    X(strength, 0)           \
    X(pagerank, 0)           \
    X(betweenness, NAN)

#define EG__COUNT_ONE_(name, unset) +1
#define EG__N_NODE_MEASURES (0 EG__NODE_MEASURES(EG__COUNT_ONE_))

#endif
