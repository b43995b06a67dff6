/* entgraph — the linker: mentions in, co-occurrence counts out.
 *
 * Two entities co-occur when both are mentioned in the same window
 * (sentence, paragraph or document). Each pair's weight counts the windows
 * they share, docs the documents; a node's count is its mentions, docs the
 * documents naming it. The linker owns its counts; eg_linker_graph copies
 * them into a caller-initialised eg_graph.
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
} eg_window;

/* Parses "sentence", "paragraph" or "document" (also "doc", "para").
 * EG_EINVAL otherwise. */
EG_API eg_status eg_window_parse(const char *s, eg_window *w);
EG_API const char *eg_window_name(eg_window w);

typedef struct eg_linker eg_linker;

EG_API eg_status eg_linker_new(eg_linker **out, eg_window w);
EG_API void eg_linker_free(eg_linker *l);

/* Counts one document's mentions (in text order, as the extractor gives
 * them). EG_ENOMEM. O(n + pairs per window). */
EG_API eg_status eg_linker_add_document(eg_linker *l, const eg_mention *m, size_t n);

/* Entity lookup for eg_linker_graph: the entity with this index. */
typedef const eg_entity *(*eg_entity_fn)(void *user, uint32_t index);

/* Adds a node for every mentioned entity and an edge for every pair seen
 * together to g (initialised, empty), then sorts g. EG_ENOMEM. */
EG_API eg_status eg_linker_graph(const eg_linker *l, eg_entity_fn entity, void *user,
                                 eg_graph *g, eg_error *err);

EG_API uint64_t eg_linker_documents(const eg_linker *l);
EG_API uint64_t eg_linker_mentions(const eg_linker *l);

#endif
