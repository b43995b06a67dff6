/* The indexed binary graph ('graph.egb', version 2): the layout shared by
 * its writer (egb.c) and its reader (egb_map.c).
 *
 * Built so that 'entgraph query' maps the file and reads only the pages a
 * question needs. Host byte order (a marker says which), every section
 * 8-byte aligned, every byte written (no padding left to chance), so the
 * file is the same on every run.
 *
 *   header     HEADER_SIZE bytes: magic "EGB2", byte-order marker, version,
 *              counts, graph metadata, precomputed stats, then the section
 *              table: N_SECTIONS × {u64 offset, u64 length}
 *   STRINGS    NUL-terminated UTF-8; ends with a NUL, so any offset inside
 *              it names a terminated string. NO_STRING (all ones) is NULL.
 *   NODES      NODE_SIZE each: 7 string offsets (id, label, type, aliases,
 *              source, first date, last date), count, docs, 7 measures
 *              (degree, strength, pagerank, betweenness, x, y, size),
 *              community, core, r, g, b, 5 zero bytes
 *   EDGES      EDGE_SIZE each, in (source, target) order: source, target,
 *              weight, count, docs, jaccard, npmi, association, kind
 *              (0 cooccurrence, 1 part_of), evidence count, 2 date offsets,
 *              index of the first evidence
 *   EVIDENCE   16 bytes each: document and text string offsets (a snippet
 *              shared by several edges is stored once)
 *   ADJ_START  n + 1 u64: node v's entries are ADJ[start[v] .. start[v+1])
 *   ADJ        16 bytes each: neighbour (u32), 0 (u32), edge index (u64);
 *              each node's in the order 'query neighbors' lists them:
 *              weight descending, then the neighbour's NAME_RANK, then edge
 *   NAMES      16 bytes each: string offset, node (u32), kind (u32: 0 id,
 *              1 label, 2 one alias); sorted by (string bytes, kind, node),
 *              each triple once: exact and prefix look-up by binary search
 *   FIND       16 bytes each: offset into FIND_TEXT, node (u32), 0 (u32),
 *              in FIND_TEXT order
 *   FIND_TEXT  per node its id, label and '|'-joined aliases, ASCII
 *              letters lower-cased, each NUL-terminated: a substring search
 *              over one block, as 'query find' matches
 *   NAME_ORDER n u32: the nodes by label, then id, then index
 *   NAME_RANK  n u32: each node's position in NAME_ORDER
 *   TOP        N_MEASURES × n u32: for each eg_measure in enum order, the
 *              nodes as 'query top' ranks them (value descending, NaN
 *              last, then NAME_ORDER)
 *   TYPES      16 bytes each: type string offset, node count; by type bytes
 */
#ifndef ENTGRAPH_EGB_INDEX_H
#define ENTGRAPH_EGB_INDEX_H

#include <stdint.h>
#include <string.h>

#define EGB2_MAGIC "EGB2"
#define EGB2_BYTE_ORDER_MARK 0x01020304u
#define EGB2_VERSION 2u
#define EGB2_NO_STRING UINT64_MAX
#define EGB2_NODE_SIZE 144
#define EGB2_EDGE_SIZE 88
#define EGB2_PAIR_SIZE 16 /* evidence, adjacency, names, find, types entries */
#define EGB2_N_MEASURES 6
/* A node record's doubles (versions 1 and 2 alike): the table's rows
 * with an egb slot (graph_attrs.c) say which field each is. */
#define EGB2_NODE_DOUBLES 7
struct eg_node;
struct eg_edge;
/* The doubles of n, by slot (egb_map.c). */
void eg__egb_node_doubles(const struct eg_node *n, double d[EGB2_NODE_DOUBLES]);
/* A node record's numbers into n: count, docs, the doubles by slot (a
 * node double without a slot is its unset value), community, core, r, g,
 * b; an edge record's numbers into e: weight, count, docs, the three
 * measures, kind. Strings, ends and evidence are the caller's. The
 * records of versions 1 and 2 are the same (egb_map.c). */
void eg__egb_node_numbers(const unsigned char *r, struct eg_node *n);
void eg__egb_edge_numbers(const unsigned char *r, struct eg_edge *e);

/* Header fields, by byte offset. */
enum {
    EGB2_H_MAGIC = 0,
    EGB2_H_BOM = 4,
    EGB2_H_VERSION = 8,
    EGB2_H_N_SECTIONS = 12,
    EGB2_H_N_NODES = 16,
    EGB2_H_N_EDGES = 24,
    EGB2_H_N_EVIDENCE = 32,
    EGB2_H_N_DOCS = 40,
    EGB2_H_N_MENTIONS = 48,
    EGB2_H_N_WINDOWS = 56,
    EGB2_H_N_COMMUNITIES = 64, /* u32, then n_types u32 */
    EGB2_H_N_TYPES = 68,
    EGB2_H_MODULARITY = 72,
    EGB2_H_WINDOW = 80, /* string offset */
    EGB2_H_COUNTING = 88, /* 16 bytes */
    EGB2_H_BETWEENNESS = 104, /* 64 bytes */
    EGB2_H_LAYOUT = 168, /* 32 bytes */
    EGB2_H_N_COMPONENTS = 200,
    EGB2_H_N_ISOLATED = 208,
    EGB2_H_N_PART_OF = 216,
    EGB2_H_SECTIONS = 256, /* the section table */
};

enum egb2_section {
    EGB2_STRINGS,
    EGB2_NODES,
    EGB2_EDGES,
    EGB2_EVIDENCE,
    EGB2_ADJ_START,
    EGB2_ADJ,
    EGB2_NAMES,
    EGB2_FIND,
    EGB2_FIND_TEXT,
    EGB2_NAME_ORDER,
    EGB2_NAME_RANK,
    EGB2_TOP,
    EGB2_TYPES,
    EGB2_N_SECTIONS
};

#define EGB2_HEADER_SIZE (EGB2_H_SECTIONS + 16 * EGB2_N_SECTIONS)

/* Fields of a record, in host byte order, wherever they lie (both egb
 * versions: egb.c reads version 1 and egb_map.c version 2). */
static inline uint32_t egb_rd_u32(const unsigned char *p)
{
    uint32_t v;
    memcpy(&v, p, sizeof v);
    return v;
}
static inline uint64_t egb_rd_u64(const unsigned char *p)
{
    uint64_t v;
    memcpy(&v, p, sizeof v);
    return v;
}
static inline double egb_rd_f64(const unsigned char *p)
{
    double v;
    memcpy(&v, p, sizeof v);
    return v;
}

#endif
