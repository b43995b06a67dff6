/* Extraction with several threads, results in corpus order (cli.h). */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* One thread: each document is read (and decoded), extracted and handed
 * to fn in turn.
 *
 * Several threads: a ring of small batches. The calling thread reads
 * batches into free places of the ring and hands the finished ones to fn
 * in corpus order; the workers take the batches in the order they were
 * read, each extracting a whole batch with its own extractor (extractors
 * hold ICU handles and a table of rule-found entities of their own). So
 * reading, extracting and what fn does (writing, counting) all overlap,
 * and no worker waits for the others at a batch boundary. fn reads the
 * entities of a batch's extractor while that extractor already works on a
 * later batch, which eg_extractor_entity() allows. */

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
} batch;

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
    s->doc.bad_date = NULL; /* the reader's, and counted there */
    return 0;
}

int cli_open_workers(const cli_corpus_opts *o, eg_extractor *first, eg_extractor ***out)
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
        /* the workers share the first one's dictionary and automaton */
        eg_status st = eg_extractor_clone(first, &x[i], &err);
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

/* Hands the documents of batch b to fn in order; EXIT_OK or EXIT_FAIL
 * (printed). */
static int emit_batch(batch *b, eg_extractor **x, eg_reader *r, cli_progress *prog, cli_doc_fn fn,
                      void *user)
{
    for (size_t i = 0; i < b->n; i++) {
        slot *s = &b->slots[i];
        if (s->st) {
            cli_progress_end(prog);
            if (!s->err.message[0]) snprintf(s->err.message, sizeof s->err.message, "out of memory");
            cli_print_error(&s->err);
            return EXIT_FAIL;
        }
        cli_extracted e = {&s->doc, &s->dm, x[s->worker], s->worker};
        if (fn(user, &e)) return EXIT_FAIL;
        cli_progress_update(prog, eg_reader_bytes_read(r));
    }
    return EXIT_OK;
}

/* The ring: batch k of the corpus sits at place k % n. Counters only
 * grow; read - emitted <= n. */
typedef struct ring {
    batch *b;
    unsigned char *done; /* per place: extracted */
    size_t n;
    size_t read, taken, emitted;
    int eof, stop;
    eg_extractor **x;
    pthread_mutex_t mu;
    pthread_cond_t work; /* a batch was read, or the end */
    pthread_cond_t finished; /* a batch was extracted */
} ring;

typedef struct ring_worker {
    ring *r;
    size_t index;
} ring_worker;

static void *ring_worker_main(void *p)
{
    ring_worker *a = p;
    ring *r = a->r;
    pthread_mutex_lock(&r->mu);
    for (;;) {
        while (r->taken == r->read && !r->eof && !r->stop) pthread_cond_wait(&r->work, &r->mu);
        if (r->stop || r->taken == r->read) break;
        size_t k = r->taken++ % r->n;
        pthread_mutex_unlock(&r->mu);
        batch *b = &r->b[k];
        for (size_t i = 0; i < b->n; i++) {
            slot *s = &b->slots[i];
            s->worker = a->index;
            memset(&s->err, 0, sizeof s->err);
            s->st = eg_extractor_run(r->x[a->index], s->doc.text, s->doc.len, &s->dm, &s->err);
        }
        pthread_mutex_lock(&r->mu);
        r->done[k] = 1;
        pthread_cond_signal(&r->finished);
    }
    pthread_mutex_unlock(&r->mu);
    return NULL;
}

static int extract_ring(const cli_corpus_opts *o, eg_extractor **x, eg_reader *r, cli_progress *prog,
                        cli_doc_fn fn, void *user, size_t threads)
{
    /* small batches (the ring holds about 4 MiB of text per thread, a
     * plain-text part being 4 MiB), three per worker */
    size_t max_docs = 64, max_bytes = 1u << 20, n = 3 * threads, started = 0;
    int rc = EXIT_FAIL;
    ring g;
    memset(&g, 0, sizeof g);
    g.n = n;
    g.x = x;
    g.b = calloc(n, sizeof *g.b);
    g.done = calloc(n, 1);
    pthread_t *tid = calloc(threads, sizeof *tid);
    ring_worker *args = calloc(threads, sizeof *args);
    int sync_ok = 0;
    if (g.b && g.done && tid && args) {
        sync_ok = !pthread_mutex_init(&g.mu, NULL);
        if (sync_ok && pthread_cond_init(&g.work, NULL)) {
            pthread_mutex_destroy(&g.mu);
            sync_ok = 0;
        }
        if (sync_ok && pthread_cond_init(&g.finished, NULL)) {
            pthread_cond_destroy(&g.work);
            pthread_mutex_destroy(&g.mu);
            sync_ok = 0;
        }
    }
    for (size_t k = 0; sync_ok && k < n; k++)
        if (!(g.b[k].slots = calloc(max_docs, sizeof *g.b[k].slots))) goto nomem;
    if (!sync_ok) goto nomem;
    for (; started < threads; started++) {
        args[started] = (ring_worker){&g, started};
        if (pthread_create(&tid[started], NULL, ring_worker_main, &args[started])) break;
    }
    if (!started) {
        fprintf(stderr, "entgraph: error: cannot start threads\n");
        goto stop;
    }
    for (;;) {
        /* keep the ring full, then hand over the oldest batch when done */
        while (!g.eof && g.read - g.emitted < n) {
            batch *b = &g.b[g.read % n];
            if (read_batch(o, r, prog, b, max_docs, max_bytes)) goto stop;
            pthread_mutex_lock(&g.mu);
            if (b->n) {
                g.done[g.read % n] = 0;
                g.read++;
            } else {
                g.eof = 1;
            }
            pthread_cond_broadcast(&g.work);
            pthread_mutex_unlock(&g.mu);
        }
        if (g.emitted == g.read) break; /* the end, all handed over */
        size_t k = g.emitted % n;
        pthread_mutex_lock(&g.mu);
        while (!g.done[k]) pthread_cond_wait(&g.finished, &g.mu);
        pthread_mutex_unlock(&g.mu);
        if (emit_batch(&g.b[k], x, r, prog, fn, user)) goto stop;
        g.emitted++;
    }
    rc = EXIT_OK;
stop:
    pthread_mutex_lock(&g.mu);
    g.stop = rc != EXIT_OK;
    g.eof = 1;
    pthread_cond_broadcast(&g.work);
    pthread_mutex_unlock(&g.mu);
    for (size_t t = 0; t < started; t++) pthread_join(tid[t], NULL);
    pthread_cond_destroy(&g.finished);
    pthread_cond_destroy(&g.work);
    pthread_mutex_destroy(&g.mu);
    goto done;
nomem:
    fprintf(stderr, "entgraph: error: out of memory\n");
    if (sync_ok) {
        pthread_cond_destroy(&g.finished);
        pthread_cond_destroy(&g.work);
        pthread_mutex_destroy(&g.mu);
    }
done:
    for (size_t k = 0; g.b && k < n; k++) batch_free(&g.b[k], max_docs);
    free(g.b);
    free(g.done);
    free(tid);
    free(args);
    return rc;
}

int cli_extract_corpus(const cli_corpus_opts *o, eg_extractor **x, eg_reader *r,
                       cli_progress *prog, cli_doc_fn fn, void *user)
{
    size_t threads = o->threads ? o->threads : 1;
    if (threads > 1) return extract_ring(o, x, r, prog, fn, user, threads);
    /* one thread: each document as the reader gives it, no copy */
    eg_doc_mentions dm = {0};
    eg_error err = {0};
    int rc = EXIT_FAIL;
    for (;;) {
        eg_doc doc;
        if (eg_reader_next(r, &doc, &err)) {
            cli_progress_end(prog);
            cli_print_error(&err);
            goto done;
        }
        cli_reader_reports(o, r, prog);
        if (!doc.text) break;
        if (eg_extractor_run(x[0], doc.text, doc.len, &dm, &err)) {
            cli_progress_end(prog);
            if (!err.message[0]) snprintf(err.message, sizeof err.message, "out of memory");
            cli_print_error(&err);
            goto done;
        }
        cli_extracted e = {&doc, &dm, x[0], 0};
        if (fn(user, &e)) goto done;
        cli_progress_update(prog, eg_reader_bytes_read(r));
    }
    rc = EXIT_OK;
done:
    eg_doc_mentions_destroy(&dm);
    return rc;
}
