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

/* The shape of the JSON file. */
typedef enum eg_json_style {
    EG_JSON_NODE_LINK = 0, /* networkx.node_link_graph, d3 */
    EG_JSON_GRAPHOLOGY,    /* graphology's serialised graph (Gephi Lite, sigma.js) */
    EG_JSON_CYTOSCAPE,     /* Cytoscape.js elements */
} eg_json_style;

/* Parses "node-link", "graphology" or "cytoscape". EG_EINVAL otherwise. */
EG_API eg_status eg_json_style_parse(const char *s, eg_json_style *out);

typedef struct eg_export_options {
    eg_json_style json_style;
    int graphml_evidence; /* also write each edge's evidence into GraphML */
    /* HTML page and SVG picture: past this many nodes (0: 20 000) or edges
     * (0: 200 000) the page shows the strongest part of the graph (the
     * nodes of highest PageRank, then the heaviest edges among them) and
     * says so on screen; the picture draws at most this many edges (0:
     * 20 000, the heaviest) */
    size_t view_max_nodes, view_max_edges;
} eg_export_options;

/* opt may be NULL for the defaults (node-link JSON, no evidence in GraphML). */
typedef eg_status (*eg_export_fn)(const eg_graph *g, const char *path,
                                  const eg_export_options *opt, eg_error *err);

/* Reads a graph from path into g (initialised and empty); the loaders of
 * graph.h (eg_graph_load_json(), …). */
typedef eg_status (*eg_import_fn)(eg_graph *g, const char *path, eg_error *err);

/* A graph format: one entry of the library's table (src/graphio/formats.c),
 * which the CLI and eg_graph_load() choose from. */
typedef struct eg_exporter {
    const char *name;      /* "graphml", "json", "gexf", "csv", "egb", "html", "svg" */
    const char *extension; /* ".graphml": the file is OUT/graph.graphml; an
                            * extension without a leading '.' is the whole
                            * file name ("nodes.csv": OUT/nodes.csv) */
    eg_export_fn write;
    eg_import_fn read;     /* NULL when entgraph does not read the format */
    /* whether a file's first bytes head[0..n) are in this format (n is at
     * most 8, less for a shorter file); NULL with read */
    int (*sniff)(const unsigned char *head, size_t n);
} eg_exporter;

/* The format called name, or NULL. */
EG_API const eg_exporter *eg_exporter_find(const char *name);
/* The table of formats, terminated by an entry whose name is NULL. */
EG_API const eg_exporter *eg_exporters(void);
/* A new string (free() it) naming the file e writes in folder dir, or NULL
 * when out of memory. */
EG_API char *eg_exporter_path(const eg_exporter *e, const char *dir);

/* GraphML that Gephi, networkx, igraph and yEd read: key ids named after the
 * attribute (never d0…), node ids are entity ids, attributes label, type,
 * aliases, source, count, docs, first_date, last_date, degree, strength,
 * pagerank, betweenness, community, core, x, y, size, r, g, b; edges
 * weight, count, docs, jaccard, npmi, association, kind, first_date,
 * last_date and, with opt->graphml_evidence, evidence (a JSON array of
 * {"doc","text"}). Control characters are dropped from strings. EG_EIO.
 * Key ids must be unique in a GraphML document, so edge attributes whose
 * name a node attribute has get the key id "edge_NAME". Empty strings and
 * values that are not finite are left out; ill-formed UTF-8 becomes U+FFFD.
 * Graph metadata goes in an XML comment, not a for="graph" key. EG_EINVAL
 * for an edge naming a node that does not exist. */
EG_API eg_status eg_export_graphml(const eg_graph *g, const char *path,
                                   const eg_export_options *opt, eg_error *err);

/* JSON in the style opt->json_style. Node-link ({"directed":false,
 * "multigraph":false,"graph":{…},"nodes":[{"id":…,…}],"links":[{"source":
 * id,"target":id,…}]}) is what networkx.node_link_graph() and d3 load.
 * Links carry "evidence" (an array of {"doc","text"}); dates are left out
 * when absent. EG_EIO, EG_ENOMEM. One node or link per line; UTF-8 written
 * as is (ill-formed sequences become U+FFFD); "aliases" is an array of
 * strings; counts are integers and measures always have a '.' or an
 * exponent (null when not finite). */
EG_API eg_status eg_export_json(const eg_graph *g, const char *path,
                                const eg_export_options *opt, eg_error *err);

/* GEXF 1.3 (Gephi's own format) with viz:color, viz:position and viz:size,
 * the attributes of eg_export_graphml(), and, when any node has a date,
 * mode="dynamic" with timeformat="date" and one spell [first_date,
 * last_date] per dated node and edge, for Gephi's timeline. EG_EIO. */
EG_API eg_status eg_export_gexf(const eg_graph *g, const char *path,
                                const eg_export_options *opt, eg_error *err);

/* Two CSV tables for Gephi's spreadsheet import: the nodes at path (Id,
 * Label, then the node attributes) and the edges beside it (Source, Target,
 * Type, Weight, then the edge attributes), in a file named like path's
 * with its last "nodes" replaced by "edges" (EG_EINVAL when the file name
 * has no "nodes"). RFC 4180 quoting, UTF-8 without BOM, CRLF-free ("\n"
 * line ends), control characters dropped. Both files are written
 * atomically, the edges first. EG_EIO. */
EG_API eg_status eg_export_csv(const eg_graph *g, const char *path,
                               const eg_export_options *opt, eg_error *err);

/* The indexed binary form (egb version 3) that 'entgraph query' answers
 * from in place (graph_map.h) and eg_graph_load_egb() reads whole: the
 * records, one string table, and the indexes queries use (adjacency in
 * neighbour order, names, orders by measure). The numbers of nodes and
 * edges are columns the file names (every numeric attribute, measures
 * added later included); readers map them by name. Host byte order, marked. Not
 * meant for other tools; the format may change between versions (the
 * readers check). Memory: about the file's size while writing. */
EG_API eg_status eg_export_egb(const eg_graph *g, const char *path,
                               const eg_export_options *opt, eg_error *err);

/* A page that opens from disk in a browser with no network: the graph
 * drawn by sigma.js 3 on graphology (both inlined, with their licences),
 * node size by display size, colour by community, type by a ring; search
 * over names and aliases, hover and click panels with measures and edge
 * evidence, filters (types, minimum weight, isolated nodes, dates) and a
 * ForceAtlas2 button (a web worker). The graph is embedded as JSON inside
 * <script type="application/json">, with '<', '>', '&', U+2028 and U+2029
 * escaped, so that no string in the graph can end the element. Above the
 * size limits of opt (see eg_export_options) only the strongest part is
 * written, and the page says so. EG_EIO, EG_ENOMEM. O(N log N + E log E). */
EG_API eg_status eg_export_html(const eg_graph *g, const char *path,
                                const eg_export_options *opt, eg_error *err);

/* A static SVG picture at the layout's positions: edges (the heaviest up to
 * the limit), nodes with the page's colours and sizes, labels for the most
 * important nodes that fit without overlapping, a legend of communities and
 * types and a title line (documents, nodes, edges, window). Text names a
 * CJK font family list (Noto Sans CJK SC first). EG_EIO, EG_ENOMEM. */
EG_API eg_status eg_export_svg(const eg_graph *g, const char *path,
                               const eg_export_options *opt, eg_error *err);

#endif
