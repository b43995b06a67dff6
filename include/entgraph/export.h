/* entgraph — writing graphs in the formats users' tools read.
 *
 * Every writer produces deterministic bytes for the same graph and writes
 * atomically: to "PATH.tmp-XXXXXX" in the same folder, then rename(2) onto
 * PATH, so a failed or killed run never leaves a half-written file and never
 * destroys the previous one.
 */
#ifndef ENTGRAPH_EXPORT_H
#define ENTGRAPH_EXPORT_H

#include "common.h"
#include "graph.h"
#include "status.h"

typedef eg_status (*eg_export_fn)(const eg_graph *g, const char *path, eg_error *err);

typedef struct eg_exporter {
    const char *name;      /* "graphml", "json" */
    const char *extension; /* ".graphml", ".json" */
    eg_export_fn write;
} eg_exporter;

/* The exporter called name, or NULL. */
EG_API const eg_exporter *eg_exporter_find(const char *name);
/* The table of exporters, terminated by an entry whose name is NULL. */
EG_API const eg_exporter *eg_exporters(void);

/* GraphML that Gephi, networkx, igraph and yEd read: key ids named after the
 * attribute (never d0…), node ids are entity ids, attributes label, type,
 * aliases, source, count, docs, degree, strength, pagerank; edges weight,
 * docs, kind. Control characters are dropped from strings. EG_EIO.
 * Key ids must be unique in a GraphML document, so the edge attribute "docs"
 * has the key id "edge_docs". Empty strings are left out; ill-formed UTF-8
 * becomes U+FFFD. Graph metadata (window, documents, mentions) goes in an
 * XML comment, not a for="graph" key. EG_EINVAL for an edge naming a node
 * that does not exist. */
EG_API eg_status eg_export_graphml(const eg_graph *g, const char *path, eg_error *err);

/* Node-link JSON ({"directed":false,"multigraph":false,"graph":{…},
 * "nodes":[{"id":…,…}],"links":[{"source":id,"target":id,…}]}) that
 * networkx.node_link_graph() and d3 load. EG_EIO, EG_ENOMEM.
 * One node or link per line; UTF-8 written as is (ill-formed sequences
 * become U+FFFD); "aliases" is an array of strings; counts are integers and
 * measures always have a '.' or an exponent (null when not finite). */
EG_API eg_status eg_export_json(const eg_graph *g, const char *path, eg_error *err);

#endif
