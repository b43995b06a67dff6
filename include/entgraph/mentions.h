/* entgraph — mentions JSONL: one line per document in the schema of
 * 'entgraph extract' and ../shared/eval (code-point offsets into the
 * original text), appended to a buffer or written to a file during a
 * build ('entgraph build -f mentions').
 */
#ifndef ENTGRAPH_MENTIONS_H
#define ENTGRAPH_MENTIONS_H

#include "common.h"
#include "extract.h"
#include "reader.h"
#include "status.h"

/* Appends one document's mentions as a JSON line ({"id", then "title",
 * "date", "source", "part", "offset" when the document has them, "text"
 * when with_text, "entities":[{"start","end","type","text","entity","rule",
 * "confidence"}]}, ending in '\n') to the growable buffer *buf (*used of
 * *cap bytes). doc is the document dm was computed on; x gives the
 * entities. EG_ENOMEM, EG_EINVAL (a mention of an entity x does not know). */
EG_API eg_status eg_mentions_append_jsonl(char **buf, size_t *used, size_t *cap,
                                          const eg_extractor *x, const eg_doc *doc,
                                          const eg_doc_mentions *dm, int with_text);

/* Mentions JSONL written during a build, one line per document in the
 * schema of 'entgraph extract' (eg_mentions_append_jsonl()), atomically:
 * nothing appears at path until eg_mentions_writer_commit(). */
typedef struct eg_mentions_writer eg_mentions_writer;

EG_API eg_status eg_mentions_writer_open(eg_mentions_writer **out, const char *path,
                                         eg_error *err);
/* Appends one document's line. EG_ENOMEM, EG_EIO. */
EG_API eg_status eg_mentions_writer_add(eg_mentions_writer *w, const eg_extractor *x,
                                        const eg_doc *doc, const eg_doc_mentions *dm,
                                        eg_error *err);
/* Puts the file in place and frees w (also on failure). EG_EIO. */
EG_API eg_status eg_mentions_writer_commit(eg_mentions_writer *w, eg_error *err);
/* Removes the temporary file and frees w; NULL is fine. */
EG_API void eg_mentions_writer_abort(eg_mentions_writer *w);

#endif
