/* entgraph — the linker: mentions in, co-occurrence counts out.
 *
 * Two entities co-occur when both are mentioned in the same window:
 *
 *   sentence, paragraph, document — the extractor's units;
 *   chars:N — a window of N code points anchored at every mention: the
 *     mentions of a document whose starts lie in [s, s + N], s being the
 *     anchor's start, counted in the document's normalised text (NFKC
 *     case-folded, line breaks removed by reflow and layout, paragraphs
 *     joined). A window counts the pairs of its anchor's entity with each
 *     other entity in it, so two mentions whose starts are at most N code
 *     points apart link their entities once, from the earlier one.
 *
 * For each pair, count is the number of windows shared; weight is count
 * (full counting) or, with fractional counting, the sum over shared windows
 * of 1 / (k - 1) for a window of k distinct entities (for chars:N, k counts
 * the anchor's window), so that each window spreads one unit over its links
 * as in VOSviewer; docs is the number of documents shared. A node's count is
 * its mentions, docs the documents naming it. With T the number of windows
 * (sentences, paragraphs or documents read, or mentions for chars:N) and w_a
 * the number of windows containing entity a, the association measures of a
 * pair are Jaccard c / (w_a + w_b - c), NPMI ln(p_ab / (p_a p_b)) /
 * -ln(p_ab) with p = windows / T (1 when p_ab = 1), and association
 * strength c T / (w_a w_b) (1 means as often as chance).
 *
 * The linker owns its counts and copies what it keeps (document ids,
 * evidence, dates); eg_linker_graph copies them into a caller-initialised
 * eg_graph.
 */
#ifndef ENTGRAPH_LINKER_H
#define ENTGRAPH_LINKER_H

#include "common.h"
#include "dict.h"
#include "extract.h"
#include "graph.h"
#include "status.h"

typedef enum eg_window {
    EG_WINDOW_SENTENCE = 0,
    EG_WINDOW_PARAGRAPH,
    EG_WINDOW_DOCUMENT,
    EG_WINDOW_CHARS,
} eg_window;

/* Parses "sentence", "paragraph", "document" (also "doc", "para") or
 * "chars:N" (N from 1 to 1000000; *chars receives it, else 0).
 * EG_EINVAL otherwise. */
EG_API eg_status eg_window_parse(const char *s, eg_window *w, uint32_t *chars);
/* "sentence", "paragraph", "document", "chars", or "unknown". */
EG_API const char *eg_window_name(eg_window w);

typedef struct eg_link_options {
    eg_window window;
    uint32_t chars;  /* N of chars:N */
    int fractional;  /* fractional counting (default 0: full) */
    size_t evidence; /* snippets kept per edge, the first in corpus order (default 3) */
    int hierarchy;   /* part_of edges from registry parents (default 1) */
} eg_link_options;

/* Sentence window, full counting, 3 snippets, hierarchy on. */
EG_API eg_link_options eg_link_defaults(void);

typedef struct eg_linker eg_linker;

/* opt NULL means the defaults. EG_EINVAL for chars:0, EG_ENOMEM. */
EG_API eg_status eg_linker_new(eg_linker **out, const eg_link_options *opt);
EG_API void eg_linker_free(eg_linker *l);

/* One document as the linker sees it. */
typedef struct eg_link_doc {
    const eg_doc_mentions *mentions; /* the extractor's output for it */
    const char *id;   /* document id, for evidence; NULL keeps no evidence */
    const char *text; /* the original text the mentions' byte offsets point
                       * into; NULL keeps no evidence */
    size_t len;       /* bytes of text */
    const char *date; /* its date ("2022-05-31"; any strings that sort in
                       * time order), NULL or "" when it has none; one with
                       * control characters or ill-formed UTF-8 counts as
                       * none (no graph format could carry it back) */
} eg_link_doc;

/* Counts one document. Nodes and edges remember the first and last date
 * of the dated documents they occur in, and for "YYYY-MM-DD" dates the days
 * themselves, so that their spells can show the gaps. EG_ENOMEM, EG_EINVAL (a mention
 * whose sentence is not one of the document's). O(n + pairs per window). */
EG_API eg_status eg_linker_add(eg_linker *l, const eg_link_doc *doc);

/* Counts one document's mentions (in text order) without text, id or date:
 * no evidence, and T counts only the windows holding mentions. EG_ENOMEM. */
EG_API eg_status eg_linker_add_document(eg_linker *l, const eg_mention *m, size_t n);

/* Notes a surface form of entity (an index of the caller's numbering, as
 * in the mentions) in the original text that is its name in another script
 * (吳卓羲 for 吴卓羲, matched through Traditional-to-Simplified
 * conversion): the graph's label is then the most frequent such form (the
 * first seen among equals) and the name goes first among the aliases. A
 * caller that wants canonical labels adds none. EG_EINVAL for an empty
 * text, EG_ENOMEM. */
EG_API eg_status eg_linker_add_form(eg_linker *l, uint32_t entity, const char *text, size_t len);

/* Spells of the graph (eg_node.spells): dates at most days apart make
 * one interval (default 1: consecutive days; 0 means 1). */
EG_API void eg_linker_set_spell_gap(eg_linker *l, uint32_t days);

/* Entity lookup for eg_linker_graph: the entity with this index. */
typedef const eg_entity *(*eg_entity_fn)(void *user, uint32_t index);
/* The index of the entity with this id, or -1 (for the hierarchy). */
typedef long (*eg_entity_find_fn)(void *user, const char *id);

/* Adds a node for every mentioned entity and an edge for every pair seen
 * together to g (initialised, empty), with the association measures,
 * dates and evidence; then, when the hierarchy is on, links every entity
 * to its nearest registry ancestor that is also a node: the pair's edge
 * becomes kind "part_of" (an existing co-occurrence keeps its counts; a new
 * edge has count 0, docs 0 and weight 1). Ancestors are looked up with find
 * (NULL: only parents that are nodes themselves). entity NULL: the
 * linker's own table (eg_linker_intern), find and user then unused. Sorts
 * g. EG_ENOMEM, EG_EINVAL (a mention of an entity the callback does not
 * know). */
EG_API eg_status eg_linker_graph(const eg_linker *l, eg_entity_fn entity,
                                 eg_entity_find_fn find, void *user, eg_graph *g,
                                 eg_error *err);

EG_API uint64_t eg_linker_documents(const eg_linker *l);
EG_API uint64_t eg_linker_mentions(const eg_linker *l);
/* Mentions found by rules (rule != 0). */
EG_API uint64_t eg_linker_rule_mentions(const eg_linker *l);

/* The linker's own entity table, for callers whose mentions come from
 * several numberings (one extractor per thread, partial counts merged):
 * eg_linker_intern() copies e's id, name, type, aliases, parent and source
 * into the table, unless an entity with e's id is there already, and sets
 * *index to its index there, which the caller then puts in the mentions it
 * adds. For part_of edges, intern an entity's ancestors too (eg_corpus_run
 * does all this). EG_ENOMEM. eg_linker_entity() is the entity at index in
 * that table, or NULL, valid until the next intern; eg_linker_find_entity()
 * the index of the one with this id, or -1. eg_linker_graph() with entity
 * NULL reads that table. */
EG_API eg_status eg_linker_intern(eg_linker *l, const eg_entity *e, uint32_t *index);
EG_API const eg_entity *eg_linker_entity(const eg_linker *l, uint32_t index);
EG_API long eg_linker_find_entity(const eg_linker *l, const char *id);

/* Partial counts, for a corpus counted in shards (on one machine or many)
 * and merged: eg_linker_save_partial() writes everything eg_linker_graph
 * needs — options, totals (documents, mentions, windows), dates, the
 * entity table, node and pair counts, evidence — to path, atomically. The
 * mentions must use the linker's entity table (eg_linker_intern), else
 * EG_EINVAL. EG_EIO, EG_ENOMEM.
 *
 * eg_linker_merge_partial() adds a partial file to l as if its documents
 * came after those counted so far: counts, windows and documents add up,
 * dates take the earliest and latest, and each pair keeps the first
 * `evidence` snippets in that order. So merging the partials of shards in
 * corpus order gives exactly the linker (and graph) of one run over the
 * shards in that order; with fractional counting the weights are sums in
 * another order and may differ in the last bits. The partial's options
 * must equal l's (EG_EINVAL); a file that is not a partial of this
 * version, or is damaged, is EG_EPARSE; EG_EIO, EG_ENOMEM. Not all or
 * nothing: a file that cannot be read, is no partial of this version or
 * was counted with other options leaves l as it was, but one damaged
 * further on (EG_EPARSE), a count that would pass the graph's limit
 * (EG_EPARSE) or EG_ENOMEM leave l holding part of the file (entities,
 * dates, node and pair counts, evidence, without its totals of documents,
 * mentions and windows): its graph would be wrong, so free it.
 * eg_linker_load_partial() makes a new linker with the file's options
 * and merges it (nothing is left on failure). O(file size). */
EG_API eg_status eg_linker_save_partial(const eg_linker *l, const char *path, eg_error *err);
EG_API eg_status eg_linker_merge_partial(eg_linker *l, const char *path, eg_error *err);
EG_API eg_status eg_linker_load_partial(eg_linker **out, const char *path, eg_error *err);

#endif
