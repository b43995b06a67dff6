/* The indexed binary graph ('graph.egb', versions 2 and 3): the layout
 * shared by its writer (egb.c, version 3) and its reader (egb_map.c,
 * both).
 *
 * Built so that 'entgraph query' maps the file and reads only the pages a
 * question needs. Host byte order (a marker says which), every section
 * 8-byte aligned, every byte written (no padding left to chance), so the
 * file is the same on every run. Both versions begin with the magic
 * "EGB2" (the indexed layout) and differ by the version field.
 *
 *   header     HEADER_SIZE bytes: magic "EGB2", byte-order marker, version,
 *              counts, graph metadata, precomputed stats, then the section
 *              table: N_SECTIONS × {u64 offset, u64 length}
 *   STRINGS    NUL-terminated UTF-8; ends with a NUL, so any offset inside
 *              it names a terminated string. NO_STRING (all ones) is NULL.
 *   NODES      version 3: 7 string offsets (id, label, type, aliases,
 *              source, first date, last date), then one 8-byte value per
 *              column of COLUMNS, in its order (NODE_FIXED + 8 × columns
 *              bytes each). Version 2: NODE_SIZE each: the 7 string
 *              offsets, count, docs, 7 doubles (degree, strength, pagerank,
 *              betweenness, x, y, size), community, core, r, g, b, 5 zero
 *              bytes (eg__egb_layout_v2 describes it as columns)
 *   EDGES      in (source, target) order. Version 3: source, target, kind
 *              (u32: 0 cooccurrence, 1 part_of), evidence count (u32), 2
 *              date offsets, index of the first evidence, then one 8-byte
 *              value per column of EDGE_COLUMNS (EDGE_FIXED + 8 × columns
 *              bytes each). Version 2: EDGE_SIZE each: source, target,
 *              weight, count, docs, jaccard, npmi, association, kind,
 *              evidence count, 2 date offsets, index of the first evidence
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
 *   TOP        lists × n u32: the nodes as 'query top' ranks them by one
 *              measure (value descending, NaN last, then NAME_ORDER).
 *              Version 3: one list per column whose entry names it, in
 *              column order; version 2: N_MEASURES lists, eg_measure order
 *   TYPES      16 bytes each: type string offset, node count; by type bytes
 *   COLUMNS    (version 3) 16 bytes each, one per numeric node attribute
 *              (the attribute table, graph_attrs.c): name (string offset),
 *              type (u32 EGB_COL_*), its TOP list + 1 (u32; 0 when none).
 *              A reader maps the columns to its attributes by name once,
 *              skips a column it does not know and leaves an attribute no
 *              column names at its unset value.
 *   EDGE_COLUMNS (version 3) the same for the numeric edge attributes
 *              (no TOP lists: 0).
 */
#ifndef ENTGRAPH_EGB_INDEX_H
#define ENTGRAPH_EGB_INDEX_H

#include <stdint.h>
#include <string.h>

#include "graph_attrs.h"

#define EGB2_MAGIC "EGB2"
#define EGB2_BYTE_ORDER_MARK 0x01020304u
#define EGB2_VERSION 2u
#define EGB3_VERSION 3u
#define EGB2_NO_STRING UINT64_MAX
#define EGB2_NODE_SIZE 144 /* versions 1 and 2 */
#define EGB3_NODE_FIXED 56 /* version 3: the 7 string offsets before the columns */
#define EGB3_MAX_COLUMNS 64
#define EGB3_MAX_NODE_SIZE (EGB3_NODE_FIXED + 8 * EGB3_MAX_COLUMNS)
#define EGB2_EDGE_SIZE 88  /* versions 1 and 2 */
#define EGB3_EDGE_FIXED 40 /* version 3: the fields before the columns */
#define EGB3_MAX_EDGE_SIZE (EGB3_EDGE_FIXED + 8 * EGB3_MAX_COLUMNS)
#define EGB2_PAIR_SIZE 16 /* evidence, adjacency, names, find, types, columns entries */
#define EGB2_N_MEASURES 6 /* version 2's TOP lists */

/* The type of a column, and of a field of version 2's record. */
enum {
    EGB_COL_F64 = 1,
    EGB_COL_I64 = 2,
    EGB_COL_U64 = 3,
    /* version 2's fixed record only */
    EGB_COL_I32 = 4,
    EGB_COL_U32 = 5,
    EGB_COL_U8 = 6,
};

/* Where a record keeps each attribute of a table (by its row in
 * eg__node_attrs or eg__edge_attrs): looked up once per file. */
typedef struct eg__egb_columns {
    size_t size;                  /* a record's bytes */
    uint16_t off[EG__MAX_ATTRS];  /* byte offset in the record; 0 when no column */
    uint8_t type[EG__MAX_ATTRS];  /* EGB_COL_* */
    uint32_t top[EG__MAX_ATTRS];  /* its TOP list + 1; 0 when none (nodes only) */
    uint32_t n_top;               /* TOP lists in the file */
} eg__egb_columns;

/* A file's node and edge records: their columns, and where an edge
 * record keeps its other fields (source and target are its first two
 * u32 in every version). */
typedef struct eg__egb_layout {
    eg__egb_columns node, edge;
    uint16_t e_kind, e_n_evidence, e_first_date, e_last_date, e_evidence;
} eg__egb_layout;

/* The layout of versions 1 and 2's fixed records. */
void eg__egb_layout_v2(eg__egb_layout *l);
/* A node record's numbers into n, an edge record's into e (and its
 * kind): every numeric attribute from its column, or its unset value
 * when the record has none. Strings, ends and evidence are the
 * caller's. */
void eg__egb_node_numbers(const eg__egb_layout *l, const unsigned char *r, eg_node *n);
void eg__egb_edge_numbers(const eg__egb_layout *l, const unsigned char *r, eg_edge *e);

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
    EGB2_N_SECTIONS, /* version 2 */
    EGB3_COLUMNS = EGB2_N_SECTIONS,
    EGB3_EDGE_COLUMNS,
    EGB3_N_SECTIONS
};

#define EGB2_HEADER_SIZE (EGB2_H_SECTIONS + 16 * EGB2_N_SECTIONS)
#define EGB3_HEADER_SIZE (EGB2_H_SECTIONS + 16 * EGB3_N_SECTIONS)

/* Fields of a record, in host byte order, wherever they lie (every egb
 * version: egb.c reads version 1 and egb_map.c versions 2 and 3). */
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
