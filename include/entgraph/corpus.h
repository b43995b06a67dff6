/* entgraph — the corpus run: a reader's documents through N extractors,
 * handed over in corpus order to a linker, a mentions file and/or a
 * callback of the caller's.
 *
 * With one thread each document is read, extracted and handed over in
 * turn. With N threads the calling thread reads small batches of
 * documents into a ring and hands the finished ones over in the order
 * they were read, while N workers extract batches, each with its own
 * extractor (the one given and N - 1 clones of it, eg_extractor_clone).
 * Each worker's extractor numbers the entities its rules find in its own
 * way; the run renumbers the mentions into the linker's entity table (by
 * id, eg_linker_intern) before counting them. So the linker, the mentions
 * file and the order of the calls are the same for any number of threads.
 *
 * The run borrows everything it is given. Every callback of the options
 * is made on the calling thread, never on a worker. (An explanation hook
 * set on the extractor, eg_extractor_set_explain, is called where that
 * extractor runs, a worker thread when threads > 1, and its clones have
 * none: explain with one thread, as 'entgraph extract --explain' does.)
 * It does not print: progress and the reader's reports go to the
 * callback, errors to err with the file, line and column of the input
 * where there is one.
 */
#ifndef ENTGRAPH_CORPUS_H
#define ENTGRAPH_CORPUS_H

#include "common.h"
#include "extract.h"
#include "linker.h"
#include "mentions.h"
#include "reader.h"
#include "status.h"
#include "text.h"

/* One document handed over, in corpus order. */
typedef struct eg_corpus_doc {
    const eg_doc *doc;     /* valid during the call (with several threads, a copy) */
    eg_doc_mentions *dm;   /* its mentions, entity indexes of x */
    const eg_extractor *x; /* the extractor that found them: eg_extractor_entity(x, i) */
    size_t worker;         /* its number, 0 .. threads - 1 */
} eg_corpus_doc;

/* The caller's part for each document, made before the mentions file and
 * the linker get it. Anything but EG_OK stops the run, which returns that
 * status and err as the callback filled it. */
typedef eg_status (*eg_corpus_doc_fn)(void *user, const eg_corpus_doc *d, eg_error *err);

typedef enum eg_corpus_event {
    EG_CORPUS_READ, /* the reader gave a document (or the end): its reports
                     * (eg_reader_report) are there to be taken */
    EG_CORPUS_DONE, /* a document was handed over; eg_reader_bytes_read()
                     * measures the progress */
} eg_corpus_event;

typedef void (*eg_corpus_progress_fn)(void *user, eg_corpus_event ev, eg_reader *r);

typedef struct eg_corpus_options {
    size_t threads; /* extractors at work at once; 0 means 1 */
    /* Counts every document, its mentions renumbered into the linker's own
     * entity table with their registry ancestors (for part_of edges); the
     * graph is then eg_linker_graph(l, NULL, NULL, NULL, …). NULL: none. */
    eg_linker *linker;
    /* With a linker: the conversion the extractor matches through. Where a
     * mention's text is its entity's name in another script, the form is
     * noted for the node's label (eg_linker_add_form). EG_CONVERT_NONE:
     * none noted, labels stay canonical. */
    eg_convert label_forms;
    eg_mentions_writer *mentions; /* a line per document, or NULL */
    eg_corpus_doc_fn each;        /* or NULL */
    void *each_user;
    eg_corpus_progress_fn progress; /* or NULL */
    void *progress_user;
} eg_corpus_options;

/* What a run handed over. */
typedef struct eg_corpus_stats {
    uint64_t documents; /* handed over */
    uint64_t with_text; /* of which not blank (eg_doc.blank) */
} eg_corpus_stats;

/* Reads r to its end, extracts each document with x (and opt->threads - 1
 * clones of it) and hands them over in corpus order to opt->each, then
 * opt->mentions, then opt->linker. stats (may be NULL) is filled also on
 * failure. The reader's errors (EG_EIO, EG_EPARSE, … with path:line:column),
 * the extractor's, the callback's, EG_ENOMEM, EG_EINVAL (a mention of an
 * entity its extractor does not know), EG_EIO (threads that cannot start).
 * A read error comes after the documents read before it were handed over,
 * for any number of threads. On failure the documents handed over so far
 * stay counted and written: commit or abort the mentions writer as the
 * caller sees fit. Memory: the ring holds three batches of up to 64
 * documents or about 1 MiB of text per thread. */
EG_API eg_status eg_corpus_run(eg_extractor *x, eg_reader *r, const eg_corpus_options *opt,
                               eg_corpus_stats *stats, eg_error *err);

#endif
