/* entgraph — the reader: input paths in, documents out.
 *
 * Inputs are files, folders (walked recursively, files in byte order of
 * path, hidden entries skipped) and "-" for standard input. A plain-text
 * file is one document whose id is its path; a JSONL file (".jsonl", or
 * every input when the format is EG_INPUT_JSONL) holds one document per
 * line, {"id": …, "text": …}. Text must be UTF-8 (invalid bytes are left
 * for the extractor to replace and count).
 */
#ifndef ENTGRAPH_READER_H
#define ENTGRAPH_READER_H

#include "common.h"
#include "status.h"

typedef enum eg_input_format {
    EG_INPUT_AUTO = 0, /* by extension: .jsonl → JSONL, else text */
    EG_INPUT_TEXT,
    EG_INPUT_JSONL,
} eg_input_format;

typedef struct eg_doc {
    char *id;      /* owned by the reader, valid until the next call */
    char *text;    /* UTF-8, NUL-terminated; owned likewise */
    size_t len;    /* bytes of text */
    const char *path; /* the file it came from */
    long line;     /* its line for JSONL input, else 0 */
    int is_jsonl;
} eg_doc;

typedef struct eg_reader eg_reader;

/* Expands the inputs (folders to their files) up front so that the total
 * size is known for progress. EG_EIO for a path that does not exist or
 * cannot be read, EG_ENOMEM. */
EG_API eg_status eg_reader_new(eg_reader **out, const char *const *inputs, size_t n,
                               eg_input_format fmt, eg_error *err);
EG_API void eg_reader_free(eg_reader *r);

/* Reads the next document into *doc. Returns EG_OK with doc->text set, or
 * EG_OK with doc->text NULL at the end. A malformed JSONL line is EG_EPARSE
 * naming path:line:column. EG_EIO, EG_ENOMEM. */
EG_API eg_status eg_reader_next(eg_reader *r, eg_doc *doc, eg_error *err);

/* Number of input files, and their total size in bytes (0 for stdin). */
EG_API size_t eg_reader_files(const eg_reader *r);
EG_API uint64_t eg_reader_total_bytes(const eg_reader *r);

/* Appends s[0..len) as a JSON string literal (quotes included) to the
 * growable buffer *buf (*used bytes used of *cap). Invalid UTF-8 becomes U+FFFD;
 * control characters are escaped. EG_ENOMEM. */
EG_API eg_status eg_json_append_string(char **buf, size_t *used, size_t *cap, const char *s,
                                       size_t len);

#endif
