/* entgraph — the reader: input paths in, documents out.
 *
 * Inputs are files, folders (walked recursively, files in byte order of
 * path, hidden entries skipped) and "-" for standard input. Each input is
 * decoded to UTF-8 as it is read, in blocks: its encoding is given or
 * detected (byte order mark, then valid UTF-8, then ICU's charset
 * detector), and bad byte sequences become U+FFFD and are counted. No
 * input but a .json file is ever read into memory whole:
 *
 * - a plain-text file is one document whose id is its path, unless it is
 *   larger than the chunk size; then it is cut into parts at paragraph ends
 *   (a blank line after a line that ends a paragraph, eg_text_line_ends_paragraph)
 *   once a part passes the chunk size, with ids "PATH#1", "PATH#2", …;
 * - a JSONL file (".jsonl", or every input when the format is
 *   EG_INPUT_JSONL) holds one document per line, {"id", "text", "title",
 *   "date", "source"}, read line by line; the field names can be changed;
 * - a JSON file (".json", or every input when the format is EG_INPUT_JSON)
 *   holds one such object, or an array of them, one document each, laid
 *   out in any way (pretty-printed); it is the one input read whole
 *   (decoded, then parsed by eg_json_file_parse).
 *
 * The documents' text is UTF-8 of the decoded input; offsets into it are
 * what the extractor reports.
 */
#ifndef ENTGRAPH_READER_H
#define ENTGRAPH_READER_H

#include "common.h"
#include "date.h"
#include "status.h"

typedef enum eg_input_format {
    EG_INPUT_AUTO = 0, /* by extension: .jsonl → JSONL, .json → JSON, else text */
    EG_INPUT_TEXT,
    EG_INPUT_JSONL,
    EG_INPUT_JSON,
} eg_input_format;

/* The JSONL fields a document is made of. */
typedef enum eg_doc_field {
    EG_FIELD_ID,
    EG_FIELD_TEXT,
    EG_FIELD_TITLE,
    EG_FIELD_DATE,
    EG_FIELD_SOURCE,
    EG_FIELD_COUNT
} eg_doc_field;

/* "id", "text", "title", "date", "source"; NULL outside the enum. */
EG_API const char *eg_doc_field_name(eg_doc_field f);

typedef struct eg_reader_options {
    eg_input_format format;
    /* "auto" or NULL to detect per input, else an ICU converter name
     * ("utf-8", "gb18030", "gbk", "big5", "big5-hkscs", "utf-16", …) */
    const char *encoding;
    /* JSONL: the member holding each field (NULL: the field's own name).
     * A name with dots ("meta.date") is a path into nested objects when
     * no member has the whole name. */
    const char *fields[EG_FIELD_COUNT];
    /* plain text: parts end at the first paragraph end after this many
     * bytes (0: EG_READER_CHUNK_BYTES); a part with no paragraph end is cut
     * at the last line break before 4 times this, else between characters */
    size_t chunk_bytes;
    /* how JSON and JSONL dates are written (EG_DATE_AUTO: eg_date_parse's
     * forms; EG_DATE_UNIX: Unix seconds) */
    eg_date_format date_format;
    /* Inputs that cannot be read. eg_reader_new checks every input (each
     * file is opened once) and hands each problem to on_bad_input, when
     * set, before it returns, so that a caller can list them all at once.
     * Then, unless skip_bad_inputs, it fails with EG_EIO and the first
     * problem in err; with skip_bad_inputs the reader leaves those inputs
     * out, and a file that fails to open or read later is skipped the same
     * way (reported through on_bad_input, counted by eg_reader_skipped). */
    int skip_bad_inputs;
    void (*on_bad_input)(void *user, const eg_error *problem);
    void *on_bad_input_user;
} eg_reader_options;

enum { EG_READER_CHUNK_BYTES = 4 << 20 };

/* format auto, encoding auto, default field names and chunk size. */
EG_API eg_reader_options eg_reader_defaults(void);

/* Whether ICU knows an encoding called name ("auto" counts too). */
EG_API int eg_reader_encoding_known(const char *name);

typedef struct eg_doc {
    char *id;      /* owned by the reader, valid until the next call */
    char *text;    /* UTF-8, NUL-terminated; owned likewise */
    size_t len;    /* bytes of text */
    const char *path; /* the file it came from ("<stdin>") */
    long line;     /* its line for JSONL input, else 0 */
    int is_jsonl;  /* made of a JSON object (JSONL or .json) */
    /* JSONL metadata, NULL when absent; title and source as given
     * (numbers as written), date as "YYYY-MM-DD" (eg_date_parse), NULL
     * when it is no date; owned like id */
    const char *title, *date, *source;
    const char *bad_date; /* the date field as given when it is no date, else NULL */
    /* parts of a plain-text file cut by size: part is 1, 2, … (0 for a
     * whole file) and offset the code points of the file before it */
    size_t part;
    uint64_t offset;
    /* the text is empty or white space only: a document in name only, which
     * 'no documents' checks do not count */
    int blank;
} eg_doc;

typedef struct eg_reader eg_reader;

/* Expands the inputs (folders to their files) up front so that the total
 * size is known for progress, and checks that each can be opened. opt
 * NULL means eg_reader_defaults(). EG_EIO for paths that do not exist or
 * cannot be read (all are checked first; see skip_bad_inputs), EG_EINVAL
 * for an unknown encoding, EG_ENOMEM. */
EG_API eg_status eg_reader_new(eg_reader **out, const char *const *inputs, size_t n,
                               const eg_reader_options *opt, eg_error *err);
EG_API void eg_reader_free(eg_reader *r);

/* Reads the next document into *doc. Returns EG_OK with doc->text set, or
 * EG_OK with doc->text NULL at the end. A malformed JSONL line (or one
 * without a string text field) is EG_EPARSE naming path:line:column.
 * EG_EIO, EG_ENOMEM, EG_EDEP. Memory: one read block, the part being
 * assembled (at most 4 chunk sizes) or the current JSONL line. */
EG_API eg_status eg_reader_next(eg_reader *r, eg_doc *doc, eg_error *err);

/* Number of input files, their total size in bytes (0 for stdin), and the
 * bytes read from them so far (for progress: one file may hold many
 * documents). */
EG_API size_t eg_reader_files(const eg_reader *r);
EG_API uint64_t eg_reader_total_bytes(const eg_reader *r);
EG_API uint64_t eg_reader_bytes_read(const eg_reader *r);
/* Input files read to the end so far, and how many of them were
 * undecodable (see eg_file_report). */
EG_API size_t eg_reader_files_done(const eg_reader *r);
EG_API size_t eg_reader_files_undecodable(const eg_reader *r);
/* Inputs left out because they could not be read (skip_bad_inputs). */
EG_API size_t eg_reader_skipped(const eg_reader *r);

/* What the reader did with one input file: it is reported when opened
 * (finished 0: the encoding is known) and when read to the end (finished
 * 1: the counts are final). */
typedef struct eg_file_report {
    const char *path;       /* "<stdin>" for standard input */
    const char *encoding;   /* what it is read as: "UTF-8", "GB18030", … */
    const char *how;        /* "given", "byte order mark", "valid UTF-8",
                               "mostly valid UTF-8", "charset detector", … */
    int confidence;         /* the charset detector's 0..100, else -1 */
    int finished;
    uint64_t bytes;         /* bytes read */
    size_t documents;
    size_t invalid;         /* bad byte sequences replaced by U+FFFD */
    uint64_t first_invalid; /* byte offset in the file of the first */
    uint64_t chars;         /* code points decoded, the U+FFFD included */
    /* date fields that are no date: how many, and the first one (its
     * line for JSONL, its element from 1 for a JSON array, else 0) */
    size_t bad_dates;
    long first_bad_date_line, first_bad_date_element;
    const char *first_bad_date;
    /* finished and more than EG_READER_BAD_PERCENT of chars are U+FFFD:
     * the encoding (given or detected) is probably wrong, and the file's
     * text is not worth counting on */
    int undecodable;
} eg_file_report;

enum { EG_READER_BAD_PERCENT = 2 };

/* Hands out the reports in order, each once: 1 and *rep (strings valid
 * until eg_reader_free), or 0 when there is none pending. Call it after
 * eg_reader_next(); a file's reports may come before its first document
 * or after its last one. */
EG_API int eg_reader_report(eg_reader *r, eg_file_report *rep);

/* A whole JSON file as documents, without the reader: an object is one
 * document, an array one per element, with the fields named by fields
 * (EG_FIELD_COUNT member names, NULL or a NULL entry for the default) as
 * in JSONL. An element without an id field gets "PATH#N" (N from 1), a
 * lone object "PATH". */
typedef struct eg_json_file eg_json_file;

/* Parses text[0..len) (UTF-8, a byte order mark allowed); path (may be
 * NULL) names it in messages and ids. Copies what it needs of path and
 * fields. Dates are read with date_format (see eg_doc). EG_EPARSE with line:column for JSON that does not parse, or that
 * is neither an object nor an array; EG_ENOMEM. */
EG_API eg_status eg_json_file_parse(eg_json_file **out, const char *text, size_t len,
                                    const char *path, const char *const *fields,
                                    eg_date_format date_format, eg_error *err);
/* The number of documents: the array's elements, or 1. */
EG_API size_t eg_json_file_count(const eg_json_file *f);
/* Document i into *doc; its strings are f's, valid until the next call or
 * eg_json_file_free. EG_EPARSE naming the element when it is not an object
 * or has no string text field; EG_EINVAL for i out of range; EG_ENOMEM. */
EG_API eg_status eg_json_file_doc(eg_json_file *f, size_t i, eg_doc *doc, eg_error *err);
EG_API void eg_json_file_free(eg_json_file *f);

#endif
