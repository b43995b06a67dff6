/* The corpus run (corpus.h): reader → extractors → documents in order →
 * the caller, the mentions file, the linker.
 *
 * Several threads: a ring of small batches. The calling thread reads
 * batches into free places of the ring and hands the finished ones over in
 * corpus order; the workers take the batches in the order they were read,
 * each extracting a whole batch with its own extractor (extractors hold ICU
 * handles and a table of rule-found entities of their own). So reading,
 * extracting and what the sinks do (writing, counting) all overlap, and no
 * worker waits for the others at a batch boundary. The sinks read the
 * entities of a batch's extractor while that extractor already works on a
 * later batch, which eg_extractor_entity() allows. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "entgraph/corpus.h"
#include "internal.h"

/* The state of one run's hand-over: the options, what was handed over, and
 * per worker the renumbering of its extractor's entities into the linker's. */
typedef struct sink {
    const eg_corpus_options *opt;
    eg_reader *r;
    eg_corpus_stats stats;
    const eg_dict *registry; /* for the ancestors of an entity (part_of) */
    uint32_t **map;          /* per worker: extractor index → linker index + 1, 0 unknown */
    size_t *map_len;
    eg_text *forms; /* for original labels: the extractor's conversion, else NULL */
} sink;

/* Whether surface (text of the document) is entity name in another script:
 * not the same bytes, the same number of characters, the same once
 * converted and normalised as the extractor does. */
static int is_script_form(eg_text *t, const char *surface, size_t len, const char *name)
{
    size_t nl = strlen(name);
    if ((len == nl && !memcmp(surface, name, len)) || !len) return 0;
    if (eg__utf8_lead_bytes(surface, len) != eg__utf8_lead_bytes(name, nl)) return 0;
    char *x = NULL, *y = NULL;
    size_t xl = 0, yl = 0;
    int same = !eg_text_normalize_utf8(t, surface, len, &x, &xl) &&
               !eg_text_normalize_utf8(t, name, nl, &y, &yl) && xl == yl && !memcmp(x, y, xl);
    free(x);
    free(y);
    return same;
}

/* Copies entity e and its registry ancestors into the linker's table;
 * *index is e's index there. EG_ENOMEM. */
static eg_status intern_entity(sink *s, const eg_entity *e, uint32_t *index)
{
    eg_linker *l = s->opt->linker;
    eg_status st = eg_linker_intern(l, e, index);
    for (int depth = 0; !st && e->parent && *e->parent && depth < 64; depth++) {
        if (eg_linker_find_entity(l, e->parent) >= 0) break; /* its chain is in */
        long p = eg_dict_find_id(s->registry, e->parent);
        if (p < 0) break;
        e = eg_dict_entity(s->registry, (size_t)p);
        uint32_t ignored;
        st = eg_linker_intern(l, e, &ignored);
    }
    return st;
}

/* The linker's index + 1 of entity `local` of worker w's extractor x,
 * interned on first sight; 0 when out of memory. */
static uint32_t linker_index(sink *s, size_t w, const eg_extractor *x, uint32_t local)
{
    uint32_t *map = s->map[w];
    if (!map[local]) {
        uint32_t idx;
        if (intern_entity(s, eg_extractor_entity(x, local), &idx)) return 0;
        map[local] = idx + 1;
    }
    return map[local];
}

/* Renumbers d's mentions into the linker's table (noting forms in another
 * script) and counts the document. */
static eg_status link_document(sink *s, const eg_corpus_doc *d, eg_error *err)
{
    eg_linker *l = s->opt->linker;
    eg_doc_mentions *dm = d->dm;
    size_t want = eg_extractor_entity_count(d->x), have = s->map_len[d->worker];
    if (want > have) {
        size_t bytes;
        uint32_t *v;
        if (eg__mul_overflow(want, sizeof *v, &bytes) || !(v = realloc(s->map[d->worker], bytes)))
            goto nomem;
        memset(v + have, 0, (want - have) * sizeof *v);
        s->map[d->worker] = v;
        s->map_len[d->worker] = want;
    }
    for (size_t i = 0; i < dm->n; i++) {
        uint32_t local = dm->v[i].entity;
        if (local >= want)
            return eg__error(err, EG_EINVAL, NULL, 0, 0, "mention of unknown entity %lu",
                             (unsigned long)local);
        if (!(dm->v[i].entity = linker_index(s, d->worker, d->x, local))) goto nomem;
        dm->v[i].entity--;
        const eg_mention *m = &dm->v[i];
        if (s->forms && m->byte_end <= d->doc->len && m->byte_start < m->byte_end &&
            is_script_form(s->forms, d->doc->text + m->byte_start, m->byte_end - m->byte_start,
                           eg_extractor_entity(d->x, local)->name) &&
            eg_linker_add_form(l, m->entity, d->doc->text + m->byte_start,
                               m->byte_end - m->byte_start))
            goto nomem;
        uint32_t in = dm->v[i].within; /* 1 + index, 0 none */
        if (!in) continue;
        if (in - 1 >= want) {
            dm->v[i].within = 0;
            continue;
        }
        if (!(dm->v[i].within = linker_index(s, d->worker, d->x, in - 1))) goto nomem;
    }
    eg_link_doc ld = {dm, d->doc->id, d->doc->text, d->doc->len, d->doc->date};
    if (eg_linker_add(l, &ld)) goto nomem;
    return EG_OK;
nomem:
    return eg__error(err, EG_ENOMEM, NULL, 0, 0, "out of memory");
}

/* Hands one document over: the caller's callback, the mentions file, the
 * linker, then the progress. */
static eg_status hand_over(sink *s, const eg_corpus_doc *d, eg_error *err)
{
    const eg_corpus_options *o = s->opt;
    eg_status st;
    s->stats.documents++;
    s->stats.with_text += !d->doc->blank;
    if (o->each && (st = o->each(o->each_user, d, err))) return st;
    if (o->mentions && (st = eg_mentions_writer_add(o->mentions, d->x, d->doc, d->dm, err))) return st;
    if (o->linker && (st = link_document(s, d, err))) return st;
    if (o->progress) o->progress(o->progress_user, EG_CORPUS_DONE, s->r);
    return EG_OK;
}

/* The next document of the reader, its reports announced. */
static eg_status read_doc(sink *s, eg_doc *doc, eg_error *err)
{
    eg_status st = eg_reader_next(s->r, doc, err);
    if (!st && s->opt->progress) s->opt->progress(s->opt->progress_user, EG_CORPUS_READ, s->r);
    return st;
}

/* An extractor failure: its message, else "out of memory" (the extractor's
 * only failure without one). */
static eg_status extract_failed(eg_status st, eg_error *err)
{
    if (!err->message[0]) snprintf(err->message, sizeof err->message, "out of memory");
    err->status = st;
    return st;
}

typedef struct slot {
    eg_doc doc;      /* a deep copy (strings below) */
    eg__buf strings; /* id, text, title, date, source, path, each ending in a NUL */
    eg_doc_mentions dm;
    size_t worker;   /* whose extractor dm's entity indexes belong to */
    eg_status st;
    eg_error err;
} slot;

typedef struct batch {
    slot *slots;
    size_t n;
} batch;

/* Copies doc into s. EG_ENOMEM. */
static eg_status slot_copy(slot *s, const eg_doc *doc)
{
    const char *src[6] = {doc->id, doc->text, doc->title, doc->date, doc->source, doc->path};
    size_t at[6];
    eg__buf_reset(&s->strings);
    for (int k = 0; k < 6; k++) {
        at[k] = s->strings.len;
        if (!src[k]) continue;
        eg__buf_append(&s->strings, src[k], k == 1 ? doc->len : strlen(src[k]));
        eg__buf_putc(&s->strings, '\0');
    }
    if (eg__buf_status(&s->strings)) return EG_ENOMEM;
    char *dst[6]; /* now that the block stays where it is */
    for (int k = 0; k < 6; k++) dst[k] = src[k] ? s->strings.data + at[k] : NULL;
    s->doc = *doc;
    s->doc.id = dst[0];
    s->doc.text = dst[1];
    s->doc.title = dst[2];
    s->doc.date = dst[3];
    s->doc.source = dst[4];
    s->doc.path = dst[5];
    s->doc.bad_date = NULL; /* the reader's, and counted there */
    return EG_OK;
}

/* Reads the next batch into b (b->n 0 at the end of the corpus). */
static eg_status read_batch(sink *s, batch *b, size_t max_docs, size_t max_bytes, eg_error *err)
{
    size_t bytes = 0;
    b->n = 0;
    while (b->n < max_docs && bytes < max_bytes) {
        eg_doc doc;
        eg_status st = read_doc(s, &doc, err);
        if (st) return st;
        if (!doc.text) break;
        if (slot_copy(&b->slots[b->n], &doc)) return eg__error(err, EG_ENOMEM, NULL, 0, 0, "out of memory");
        bytes += doc.len;
        b->n++;
    }
    return EG_OK;
}

static void batch_free(batch *b, size_t max_docs)
{
    for (size_t i = 0; b->slots && i < max_docs; i++) {
        eg__buf_free(&b->slots[i].strings);
        eg_doc_mentions_destroy(&b->slots[i].dm);
    }
    free(b->slots);
}

/* Hands the documents of batch b over in order. */
static eg_status emit_batch(sink *s, batch *b, eg_extractor **x, eg_error *err)
{
    for (size_t i = 0; i < b->n; i++) {
        slot *sl = &b->slots[i];
        if (sl->st) {
            *err = sl->err;
            return extract_failed(sl->st, err);
        }
        eg_corpus_doc d = {&sl->doc, &sl->dm, x[sl->worker], sl->worker};
        eg_status st = hand_over(s, &d, err);
        if (st) return st;
    }
    return EG_OK;
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
    pthread_cond_t work;     /* a batch was read, or the end */
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

/* The ring's mutex and conditions; EG_ENOMEM when they cannot be made. */
static eg_status ring_sync_init(ring *g)
{
    if (pthread_mutex_init(&g->mu, NULL)) return EG_ENOMEM;
    if (pthread_cond_init(&g->work, NULL)) {
        pthread_mutex_destroy(&g->mu);
        return EG_ENOMEM;
    }
    if (pthread_cond_init(&g->finished, NULL)) {
        pthread_cond_destroy(&g->work);
        pthread_mutex_destroy(&g->mu);
        return EG_ENOMEM;
    }
    return EG_OK;
}

static void ring_sync_destroy(ring *g)
{
    pthread_cond_destroy(&g->finished);
    pthread_cond_destroy(&g->work);
    pthread_mutex_destroy(&g->mu);
}

/* Reads, extracts (in the workers) and hands over until the end, with the
 * ring full as long as there is input. A read error ends the input: the
 * documents read before it are handed over first, as with one thread. */
static eg_status ring_loop(sink *s, ring *g, size_t max_docs, size_t max_bytes, eg_error *err)
{
    size_t n = g->n;
    eg_status read_st = EG_OK;
    eg_error read_err = {0};
    for (;;) {
        /* keep the ring full, then hand over the oldest batch when done */
        while (!g->eof && g->read - g->emitted < n) {
            batch *b = &g->b[g->read % n];
            read_st = read_batch(s, b, max_docs, max_bytes, &read_err);
            pthread_mutex_lock(&g->mu);
            if (b->n) {
                g->done[g->read % n] = 0;
                g->read++;
            }
            if (!b->n || read_st) g->eof = 1;
            pthread_cond_broadcast(&g->work);
            pthread_mutex_unlock(&g->mu);
        }
        if (g->emitted == g->read) { /* the end, all handed over */
            if (read_st) *err = read_err;
            return read_st;
        }
        size_t k = g->emitted % n;
        pthread_mutex_lock(&g->mu);
        while (!g->done[k]) pthread_cond_wait(&g->finished, &g->mu);
        pthread_mutex_unlock(&g->mu);
        eg_status st = emit_batch(s, &g->b[k], g->x, err);
        if (st) return st;
        g->emitted++;
    }
}

static eg_status run_ring(sink *s, eg_extractor **x, size_t threads, eg_error *err)
{
    /* small batches (the ring holds about 4 MiB of text per thread, a
     * plain-text part being 4 MiB), three per worker */
    size_t max_docs = 64, max_bytes = 1u << 20, n = 3 * threads, started = 0;
    eg_status st = EG_ENOMEM;
    ring g;
    memset(&g, 0, sizeof g);
    g.n = n;
    g.x = x;
    g.b = calloc(n, sizeof *g.b);
    g.done = calloc(n, 1);
    pthread_t *tid = calloc(threads, sizeof *tid);
    ring_worker *args = calloc(threads, sizeof *args);
    int sync_ok = g.b && g.done && tid && args && !ring_sync_init(&g);
    for (size_t k = 0; sync_ok && k < n; k++)
        if (!(g.b[k].slots = calloc(max_docs, sizeof *g.b[k].slots))) goto nomem;
    if (!sync_ok) goto nomem;
    for (; started < threads; started++) {
        args[started] = (ring_worker){&g, started};
        if (pthread_create(&tid[started], NULL, ring_worker_main, &args[started])) break;
    }
    st = started ? ring_loop(s, &g, max_docs, max_bytes, err)
                 : eg__error(err, EG_EIO, NULL, 0, 0, "cannot start threads");
    pthread_mutex_lock(&g.mu);
    g.stop = st != EG_OK;
    g.eof = 1;
    pthread_cond_broadcast(&g.work);
    pthread_mutex_unlock(&g.mu);
    for (size_t t = 0; t < started; t++) pthread_join(tid[t], NULL);
    ring_sync_destroy(&g);
    goto done;
nomem:
    st = eg__error(err, EG_ENOMEM, NULL, 0, 0, "out of memory");
    if (sync_ok) ring_sync_destroy(&g);
done:
    for (size_t k = 0; g.b && k < n; k++) batch_free(&g.b[k], max_docs);
    free(g.b);
    free(g.done);
    free(tid);
    free(args);
    return st;
}

/* One thread: each document as the reader gives it, no copy. */
static eg_status run_one(sink *s, eg_extractor *x, eg_error *err)
{
    eg_doc_mentions dm = {0};
    eg_status st;
    for (;;) {
        eg_doc doc;
        if ((st = read_doc(s, &doc, err))) break;
        if (!doc.text) break;
        if ((st = eg_extractor_run(x, doc.text, doc.len, &dm, err))) {
            extract_failed(st, err);
            break;
        }
        eg_corpus_doc d = {&doc, &dm, x, 0};
        if ((st = hand_over(s, &d, err))) break;
    }
    eg_doc_mentions_destroy(&dm);
    return st;
}

eg_status eg_corpus_run(eg_extractor *x, eg_reader *r, const eg_corpus_options *opt,
                        eg_corpus_stats *stats, eg_error *err)
{
    size_t threads = opt->threads ? opt->threads : 1;
    eg_extractor **workers = NULL;
    eg_error ignored;
    if (!err) err = &ignored; /* the steps below read what they wrote */
    memset(err, 0, sizeof *err);
    eg_status st = EG_ENOMEM;
    sink s;
    memset(&s, 0, sizeof s);
    s.opt = opt;
    s.r = r;
    s.registry = eg_extractor_dict(x); /* the registry, also when compiled */
    if (!(workers = calloc(threads, sizeof *workers))) goto nomem;
    workers[0] = x;
    for (size_t i = 1; i < threads; i++)
        if ((st = eg_extractor_clone(x, &workers[i], err))) goto done; /* share x's dictionary */
    if (opt->linker) {
        s.map = calloc(threads, sizeof *s.map);
        s.map_len = calloc(threads, sizeof *s.map_len);
        if (!s.map || !s.map_len) goto nomem;
        if (opt->label_forms != EG_CONVERT_NONE &&
            ((st = eg_text_new(&s.forms, err)) || (st = eg_text_set_convert(s.forms, opt->label_forms, err))))
            goto done;
    }
    st = threads > 1 ? run_ring(&s, workers, threads, err) : run_one(&s, x, err);
    goto done;
nomem:
    st = eg__error(err, EG_ENOMEM, NULL, 0, 0, "out of memory");
done:
    for (size_t i = 1; workers && i < threads; i++) eg_extractor_free(workers[i]);
    free(workers);
    for (size_t i = 0; s.map && i < threads; i++) free(s.map[i]);
    free(s.map);
    free(s.map_len);
    eg_text_free(s.forms);
    if (stats) *stats = s.stats;
    return st;
}
