/* Extraction with several threads, results in corpus order (cli.h). */
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* Documents are read (and decoded) by the calling thread in batches; the
 * workers extract the documents of a batch, taking the next one from a
 * shared counter; then the calling thread hands the results to fn in
 * document order. Each worker has its own extractor: extractors hold ICU
 * handles and a table of rule-found entities of their own. */

typedef struct slot {
    eg_doc doc;           /* a deep copy (strings below) */
    char *strings;        /* id, text, title, date, source, path: one block */
    size_t strings_cap;
    eg_doc_mentions dm;
    size_t worker;        /* whose extractor dm's entity indexes belong to */
    eg_status st;
    eg_error err;
} slot;

typedef struct batch {
    slot *slots;
    size_t n;
    atomic_size_t next;
    eg_extractor **x;
} batch;

typedef struct worker_arg {
    batch *b;
    size_t index;
} worker_arg;

static void extract_batch(batch *b, size_t w)
{
    for (;;) {
        size_t i = atomic_fetch_add(&b->next, 1);
        if (i >= b->n) return;
        slot *s = &b->slots[i];
        s->worker = w;
        memset(&s->err, 0, sizeof s->err);
        s->st = eg_extractor_run(b->x[w], s->doc.text, s->doc.len, &s->dm, &s->err);
    }
}

static void *worker_main(void *p)
{
    worker_arg *a = p;
    extract_batch(a->b, a->index);
    return NULL;
}

/* Copies doc into s; -1 when out of memory. */
static int slot_copy(slot *s, const eg_doc *doc)
{
    const char *src[6] = {doc->id, doc->text, doc->title, doc->date, doc->source, doc->path};
    size_t len[6], need = 0;
    for (int k = 0; k < 6; k++) {
        len[k] = !src[k] ? 0 : k == 1 ? doc->len : strlen(src[k]);
        need += len[k] + 1;
    }
    if (need > s->strings_cap) {
        char *p = realloc(s->strings, need);
        if (!p) return -1;
        s->strings = p;
        s->strings_cap = need;
    }
    char *dst[6], *at = s->strings;
    for (int k = 0; k < 6; k++) {
        dst[k] = NULL;
        if (!src[k]) continue;
        memcpy(at, src[k], len[k]);
        at[len[k]] = '\0';
        dst[k] = at;
        at += len[k] + 1;
    }
    s->doc = *doc;
    s->doc.id = dst[0];
    s->doc.text = dst[1];
    s->doc.title = dst[2];
    s->doc.date = dst[3];
    s->doc.source = dst[4];
    s->doc.path = dst[5];
    return 0;
}

int cli_open_workers(const cli_corpus_opts *o, const eg_dict *dict, eg_extractor *first,
                     eg_extractor ***out)
{
    size_t n = o->threads ? o->threads : 1;
    eg_extractor **x = calloc(n, sizeof *x);
    eg_error err = {0};
    if (!x) {
        fprintf(stderr, "entgraph: error: out of memory\n");
        return EXIT_FAIL;
    }
    x[0] = first;
    for (size_t i = 1; i < n; i++) {
        eg_status st = dict ? eg_extractor_new(&x[i], dict, &o->extract, &err)
                            : eg_extractor_open(o->dicts[0], &o->extract, &x[i], &err);
        if (st) {
            cli_print_error(&err);
            for (size_t k = 1; k < i; k++) eg_extractor_free(x[k]);
            free(x);
            return EXIT_FAIL;
        }
    }
    *out = x;
    return EXIT_OK;
}

void cli_close_workers(const cli_corpus_opts *o, eg_extractor **x)
{
    if (!x) return;
    for (size_t i = 1; i < (o->threads ? o->threads : 1); i++) eg_extractor_free(x[i]);
    free(x);
}

/* Reads the next batch into b (b->n 0 at the end of the corpus). Prints
 * errors; EXIT_OK or EXIT_FAIL. */
static int read_batch(const cli_corpus_opts *o, eg_reader *r, cli_progress *prog, batch *b,
                      size_t max_docs, size_t max_bytes)
{
    eg_error err = {0};
    size_t bytes = 0;
    b->n = 0;
    while (b->n < max_docs && bytes < max_bytes) {
        eg_doc doc;
        if (eg_reader_next(r, &doc, &err)) {
            cli_progress_end(prog);
            cli_print_error(&err);
            return EXIT_FAIL;
        }
        cli_reader_reports(o, r, prog);
        if (!doc.text) break;
        if (slot_copy(&b->slots[b->n], &doc)) {
            fprintf(stderr, "entgraph: error: out of memory\n");
            return EXIT_FAIL;
        }
        bytes += doc.len;
        b->n++;
    }
    atomic_store(&b->next, 0);
    return EXIT_OK;
}

static void batch_free(batch *b, size_t max_docs)
{
    for (size_t i = 0; b->slots && i < max_docs; i++) {
        free(b->slots[i].strings);
        eg_doc_mentions_destroy(&b->slots[i].dm);
    }
    free(b->slots);
}

int cli_extract_corpus(const cli_corpus_opts *o, eg_extractor **x, eg_reader *r,
                       cli_progress *prog, cli_doc_fn fn, void *user)
{
    size_t threads = o->threads ? o->threads : 1;
    /* a batch: enough documents to keep every worker busy, and a bounded
     * amount of text in memory; two of them, so that the calling thread
     * reads the next while the workers extract this one */
    size_t max_docs = 256 * threads, max_bytes = (size_t)threads * (16u << 20);
    batch bs[2], *cur = &bs[0], *next = &bs[1];
    pthread_t *tid = NULL;
    worker_arg *args = NULL;
    int rc = EXIT_FAIL;
    memset(bs, 0, sizeof bs);
    bs[0].x = bs[1].x = x;
    bs[0].slots = calloc(max_docs, sizeof *bs[0].slots);
    bs[1].slots = threads > 1 ? calloc(max_docs, sizeof *bs[1].slots) : NULL;
    tid = calloc(threads, sizeof *tid);
    args = calloc(threads, sizeof *args);
    if (!bs[0].slots || (threads > 1 && !bs[1].slots) || !tid || !args) {
        fprintf(stderr, "entgraph: error: out of memory\n");
        goto done;
    }
    if (read_batch(o, r, prog, cur, max_docs, max_bytes)) goto done;
    while (cur->n) {
        size_t started = 0;
        for (size_t t = 1; t < threads && t < cur->n; t++) {
            args[t] = (worker_arg){cur, t};
            if (pthread_create(&tid[t], NULL, worker_main, &args[t])) break;
            started = t;
        }
        /* with workers running, read ahead, then help them */
        int read_failed = started && read_batch(o, r, prog, next, max_docs, max_bytes);
        extract_batch(cur, 0);
        for (size_t t = 1; t <= started; t++) pthread_join(tid[t], NULL);
        if (read_failed) goto done;
        for (size_t i = 0; i < cur->n; i++) {
            slot *s = &cur->slots[i];
            if (s->st) {
                cli_progress_end(prog);
                if (!s->err.message[0]) snprintf(s->err.message, sizeof s->err.message, "out of memory");
                cli_print_error(&s->err);
                goto done;
            }
            cli_extracted e = {&s->doc, &s->dm, x[s->worker], s->worker};
            if (fn(user, &e)) goto done;
            cli_progress_update(prog, eg_reader_bytes_read(r));
        }
        if (!started) { /* one thread: read now */
            if (read_batch(o, r, prog, cur, max_docs, max_bytes)) goto done;
            continue;
        }
        batch *t = cur;
        cur = next;
        next = t;
    }
    rc = EXIT_OK;
done:
    batch_free(&bs[0], max_docs);
    batch_free(&bs[1], max_docs);
    free(tid);
    free(args);
    return rc;
}
