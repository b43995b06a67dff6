/* Library-internal helpers (eg__ prefix): not installed, not exported. */
#ifndef ENTGRAPH_INTERNAL_H
#define ENTGRAPH_INTERNAL_H

#include <stdarg.h>
#include <stdio.h>

#include <stdint.h>

#include "entgraph/status.h"

#if defined(__GNUC__)
#define EG__PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define EG__PRINTF(a, b)
#endif

/* Fills err (when non-NULL) and returns st, so that callers can write
 * `return eg__error(err, EG_EIO, path, 0, 0, "cannot open: %s", strerror(e));`.
 * path may be NULL; line/column 0 mean "no position". */
eg_status eg__error(eg_error *err, eg_status st, const char *path, long line,
                    long column, const char *fmt, ...) EG__PRINTF(6, 7);

/* Atomic output: eg__atomic_open() creates ".NAME.tmp-XXXXXX" (hidden) beside path and
 * returns it open for writing; eg__atomic_commit() flushes, fsyncs, closes and
 * renames it onto path; eg__atomic_abort() closes and removes it. Exactly one
 * of commit/abort must follow a successful open. */
typedef struct eg__atomic {
    FILE *fp;
    char *tmp_path;
    char *path;
} eg__atomic;

eg_status eg__atomic_open(eg__atomic *a, const char *path, eg_error *err);
eg_status eg__atomic_commit(eg__atomic *a, eg_error *err);
void eg__atomic_abort(eg__atomic *a);

/* Output through a buffer of its own (atomic.c): a stdio call per small
 * field spent more time on the stream's lock than on the data. Set fp,
 * failed = 0 and used = 0, write, then eg__out_flush(); failed is set when
 * a write to fp came up short (fp's ferror says so too). Heap-allocate it:
 * the buffer is 64 KiB. */
typedef struct eg__out {
    FILE *fp;
    int failed;
    size_t used;
    unsigned char buf[1 << 16];
} eg__out;

void eg__out_bytes(eg__out *w, const void *p, size_t n);
void eg__out_flush(eg__out *w);

/* Overflow-checked size arithmetic: return 0 and set *out, or 1 on overflow. */
static inline int eg__mul_overflow(size_t a, size_t b, size_t *out)
{
    if (b && a > (size_t)-1 / b) return 1;
    *out = a * b;
    return 0;
}
static inline int eg__add_overflow(size_t a, size_t b, size_t *out)
{
    if (a > (size_t)-1 - b) return 1;
    *out = a + b;
    return 0;
}

/* The UTF-8 codec: utf8.h (included here for the files that include only
 * this header). */
#include "utf8.h"

/* Number formatting shared by the exporters (format_double.c). */

/* Formats a finite d into buf as the shortest of %.15g, %.16g and %.17g that
 * reads back as d, with ".0" added when it would look like an integer, so
 * output is the same on every run. Non-finite values give "NaN", "INF" and
 * "-INF" (xs:double spellings); JSON callers test isfinite() first. */
#define EG__DOUBLE_BUFSIZE 40
void eg__format_double(char *buf, double d);
/* The same by its definition (snprintf and strtod), slower; for tests. */
void eg__format_double_exact(char *buf, double d);
/* v in decimal as %llu / %lld print it, written at the end of buf; returns
 * where it starts. */
#define EG__INT_BUFSIZE 24
const char *eg__format_u64(char *buf, uint64_t v);
const char *eg__format_i64(char *buf, int64_t v);

/* What the graph formats share: the XML text escaper for a FILE
 * (graphio/xml.c), the edge check every writer makes (graph_check.c),
 * GraphML's evidence column as JSON (graphio/json.c). */
struct eg_graph;
struct eg_node;
struct eg_edge;
/* Markup-escaped XML text (eg__buf_xml_text) to a FILE: the SVG
 * picture's. */
void eg__xml_text(FILE *fp, const char *s);
/* EG_EINVAL naming path when an edge names a missing node. */
eg_status eg__check_edges(const struct eg_graph *g, const char *path, eg_error *err);
/* A new string holding the edge's evidence as a JSON array of
 * {"doc","text"} (free() it), or NULL when out of memory. */
char *eg__evidence_json(const struct eg_edge *e);
/* Parses such an array into edge i of g. EG_EPARSE, EG_ENOMEM. */
eg_status eg__evidence_parse(struct eg_graph *g, size_t i, const char *json);

/* The one whole-file reader (util.c): all of path (a pipe too) into a new
 * NUL-terminated buffer (*len excludes the NUL). EG_EIO "cannot open: …" /
 * "cannot read: …", EG_ENOMEM, naming path. */
eg_status eg__read_file(const char *path, char **out, size_t *len, eg_error *err);
/* Maps all of path read-only into *map (*len bytes; munmap to release).
 * A file shorter than min_len is EG_EPARSE "WHAT (too short)"; else
 * EG_EIO naming path. For the compiled dictionary and the tagger model. */
eg_status eg__map_file(const char *path, size_t min_len, const char *what, void **map, size_t *len,
                       eg_error *err);
/* 1-based line and column (in code points) of byte offset off in text. */
void eg__text_position(const char *text, size_t off, long *line, long *column);

/* Calls fn with the value of every key of the matcher m (an image checks
 * its indexes, not what its values mean to the caller); returns the first
 * non-zero result of fn, or 0. */
struct eg_matcher;
int eg__matcher_each_value(const struct eg_matcher *m, int (*fn)(void *user, uint32_t value),
                           void *user);

/* eg_text_sentences of the well-formed UTF-8 text s, already decoded: the
 * code points cp[0..n) at byte offsets at[0..n) (at[n]: its length), so
 * that the text is not decoded again (text.c). */
struct eg_text;
eg_status eg__text_sentences_decoded(struct eg_text *t, const char *s, const uint32_t *cp, const size_t *at, size_t n,
                                     size_t **ends, size_t *count);

/* eg_text_normalize_append that also appends each code point it writes
 * to ch (recognize.h), at its byte offset in nt->s less ch_base (the
 * start of the text ch holds), so that the normalised text need not be
 * decoded again; ch NULL: none. EG_EDEP, EG_ENOMEM. */
struct eg__chars;
struct eg_normtext;
eg_status eg__text_normalize_chars(struct eg_text *t, const uint32_t *cp, size_t begin, size_t end,
                                   struct eg_normtext *nt, struct eg__chars *ch, size_t ch_base);

/* eg_text_is_han (text.c), inline for the rules, which ask it at nearly
 * every character: CJK Unified Ideographs (and extension A, B-G, the
 * compatibility block) and 〇. */
static inline int eg__is_han(uint32_t c)
{
    return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) ||
           (c >= 0x20000 && c <= 0x3134F) || (c >= 0xF900 && c <= 0xFAFF) || c == 0x3007;
}

/* Scans each segment text[bounds[k] .. bounds[k + 1]) (k < n, bounds
 * non-decreasing) as its own text, finding exactly what eg_matcher_scan()
 * finds there, and calls fn with the segment and the match (offsets into
 * text), segment after segment, each in text order; fn returning non-zero
 * stops. On an automaton too big for the caches several segments are
 * scanned at once, to overlap memory latency (mode 0; 1: never, 2:
 * always, for tests). EG_ENOMEM (fn not called), EG_EINVAL. */
struct eg_match;
typedef int (*eg__segment_match_fn)(void *user, size_t segment, const struct eg_match *m);
eg_status eg__matcher_scan_segments(const struct eg_matcher *m, const char *text, const size_t *bounds,
                                    size_t n, eg__segment_match_fn fn, void *user, int mode);

/* The part of a graph a page or a picture shows (export_view.c): the
 * max_nodes nodes of highest PageRank (ties: lower index) and, among them,
 * the max_edges heaviest edges (ties: lower index); 0 means no limit. nodes
 * and edges hold kept indexes in graph order; remap[i] is node i's place in
 * nodes, or UINT32_MAX. Free with eg__view_free(). EG_ENOMEM.
 * O(N log N + E log E). */
typedef struct eg__view {
    uint32_t *nodes, *edges, *remap;
    size_t n_nodes, n_edges;
} eg__view;
eg_status eg__view_select(const struct eg_graph *g, size_t max_nodes, size_t max_edges,
                          eg__view *v);
void eg__view_free(eg__view *v);

/* Packing laid-out components (layout_pack.c). */
/* Centres (cx, cy) for n discs of radius r (largest first): disc 0 at the
 * origin, the others on rings around it, each ring as wide as its first
 * disc, its discs spread evenly round it, gap apart at least. O(n). */
void eg__pack_discs(size_t n, const double *r, double gap, double *cx, double *cy);
/* Positions for n points in rows spacing apart, below y = top (downwards),
 * centred on [minx, maxx] and at least as wide (and as wide as a square of
 * them), so that many isolated nodes make a compact block. O(n). */
void eg__pack_band(size_t n, double minx, double maxx, double top, double spacing, double *x,
                   double *y);

/* Graph internals (graph.c) shared by graph_filter.c, graph_stats.c, the
 * layout and the loaders. */
/* Frees what a node or an edge owns (not the struct itself). */
void eg__node_free(const struct eg_graph *g, struct eg_node *n);
void eg__edge_free(const struct eg_graph *g, struct eg_edge *e);
/* Connected components (over all edges): comp[v] for each node (a
 * caller's array of n_nodes), numbered in order of their smallest node;
 * *n_comp receives the count. EG_ENOMEM. O(N + E α(N)). */
eg_status eg__components(const struct eg_graph *g, uint32_t *comp, size_t *n_comp);
/* Loads the indexed binary graph (egb version 2 or 3, egb_map.c) whole into g,
 * as eg_graph_load_egb() does for version 1. */
eg_status eg__egb2_load(struct eg_graph *g, const char *path, eg_error *err);

#endif
