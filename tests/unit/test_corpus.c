/* The corpus run (corpus.h): 1 and 4 threads give the same linker, the
 * same files and the same hand-over, on a made-up corpus long enough to
 * go round the ring of batches several times; failures stop the run the
 * same way for any thread count. */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "entgraph/corpus.h"
#include "entgraph/export.h"

/* 青石镇 lies in 和林县 (part_of edges); 晨光日报社 is written 晨光日報社 in
 * some documents (a label form through t2s). People are found by rules
 * (title + name), so each worker's extractor numbers them its own way. */
static const char dict_tsv[] = "id\tname\ttype\taliases\tparent\n"
                               "org:sun\t晨光日报社\tORG\t晨光日报\t\n"
                               "org:rv\t河谷农机厂\tORG\t\t\n"
                               "loc:hl\t和林县\tLOC\t和林\t\n"
                               "loc:qs\t青石镇\tLOC\t\tloc:hl\n"
                               "loc:bs\t白沙乡\tLOC\t\tloc:hl\n";

#define N_DOCS 900 /* 64 documents a batch, 12 batches in the ring of 4 threads */

/* Writes the made-up corpus (one JSONL file) into dir; its path into path.
 * bad_line > 0 puts a line that is not JSON there. */
static void write_corpus(const char *dir, char *path, size_t size, int bad_line)
{
    static const char *const surnames[] = {"韩", "柏", "聂", "邝", "闵", "蔺", "乔"};
    static const char *const given[] = {"立平", "文涛", "思远", "秋实", "晓岚"};
    static const char *const titles[] = {"镇长", "局长", "厂长"};
    static const char *const places[] = {"青石镇", "和林县", "白沙乡", "和林"};
    static const char *const orgs[] = {"晨光日报社", "晨光日報社", "河谷农机厂"};
    snprintf(path, size, "%s/corpus.jsonl", dir);
    FILE *fp = fopen(path, "w");
    assert_non_null(fp);
    for (int i = 0; i < N_DOCS; i++) {
        if (i + 1 == bad_line) {
            fputs("{\"id\":\"broken\",\"text\":\n", fp);
            continue;
        }
        const char *s = surnames[i % 7], *g = given[(i / 7) % 5], *t = titles[i % 3];
        const char *p = places[(i / 3) % 4], *o = orgs[(i / 5) % 3];
        const char *s2 = surnames[(i + 3) % 7], *g2 = given[(i / 11) % 5];
        fprintf(fp,
                "{\"id\":\"d%04d\",\"title\":\"第%d期\",\"date\":\"2022-%02d-%02d\",\"text\":"
                "\"%s%s%s说，%s的%s将报道此事。%s%s还说了别的。\\n\\n%s副%s%s%s在%s开会。\"}\n",
                i, i, 1 + i % 12, 1 + i % 28, t, s, g, p, o, s, g, p, t, s2, g2, o);
    }
    assert_int_equal(fclose(fp), 0);
}

/* What one run gave: the linker's partial file, the graph's JSON and
 * GraphML, the mentions file, the ids in hand-over order, the workers seen. */
typedef struct outcome {
    char partial[256], json[256], graphml[256], mentions[256];
    char ids[N_DOCS][8];
    size_t n_ids, done_events, read_events;
    unsigned workers_seen; /* bit per worker */
    eg_corpus_stats stats;
    eg_status st;
    eg_error err;
    size_t n_entities;
    uint64_t documents, mentions_counted;
    size_t stop_after; /* the callback fails at this document (0: never) */
} outcome;

static eg_status note_doc(void *user, const eg_corpus_doc *d, eg_error *err)
{
    outcome *o = user;
    if (o->stop_after && o->n_ids + 1 == o->stop_after) {
        snprintf(err->message, sizeof err->message, "stopped at %s", d->doc->id);
        err->status = EG_EIO;
        return EG_EIO;
    }
    assert_true(o->n_ids < N_DOCS);
    snprintf(o->ids[o->n_ids++], sizeof o->ids[0], "%s", d->doc->id);
    o->workers_seen |= 1u << d->worker;
    /* the mentions are still in the extractor's numbering here */
    for (size_t i = 0; i < d->dm->n; i++)
        assert_non_null(eg_extractor_entity(d->x, d->dm->v[i].entity));
    return EG_OK;
}

static void on_progress(void *user, eg_corpus_event ev, eg_reader *r)
{
    outcome *o = user;
    eg_file_report rep;
    while (eg_reader_report(r, &rep)) {
    }
    if (ev == EG_CORPUS_DONE) o->done_events++;
    else o->read_events++;
}

/* Runs the corpus at path with `threads` threads into o (files in dir,
 * named after tag). */
static void run(const char *dir, const char *path, size_t threads, const char *tag, outcome *o)
{
    eg_dict *d = NULL;
    eg_extractor *x = NULL;
    eg_reader *r = NULL;
    eg_linker *l = NULL;
    eg_mentions_writer *mw = NULL;
    eg_error err = {0};
    assert_int_equal(eg_dict_new(&d), EG_OK);
    assert_int_equal(eg_dict_load_buffer(d, "mem.tsv", dict_tsv, strlen(dict_tsv), &err), EG_OK);
    eg_extract_options xo = eg_extract_defaults();
    xo.convert = EG_CONVERT_T2S;
    assert_int_equal(eg_extractor_new(&x, d, &xo, &err), EG_OK);
    const char *in[] = {path};
    assert_int_equal(eg_reader_new(&r, in, 1, NULL, &err), EG_OK);
    eg_link_options lo = eg_link_defaults();
    assert_int_equal(eg_linker_new(&l, &lo), EG_OK);
    snprintf(o->mentions, sizeof o->mentions, "%s/%s-mentions.jsonl", dir, tag);
    snprintf(o->partial, sizeof o->partial, "%s/%s.partial", dir, tag);
    snprintf(o->json, sizeof o->json, "%s/%s.json", dir, tag);
    snprintf(o->graphml, sizeof o->graphml, "%s/%s.graphml", dir, tag);
    assert_int_equal(eg_mentions_writer_open(&mw, o->mentions, &err), EG_OK);

    eg_corpus_options opt = {
        .threads = threads,
        .linker = l,
        .label_forms = EG_CONVERT_T2S,
        .mentions = mw,
        .each = note_doc,
        .each_user = o,
        .progress = on_progress,
        .progress_user = o,
    };
    o->st = eg_corpus_run(x, r, &opt, &o->stats, &o->err);
    o->documents = eg_linker_documents(l);
    o->mentions_counted = eg_linker_mentions(l);
    while (eg_linker_entity(l, (uint32_t)o->n_entities)) o->n_entities++;
    if (!o->st) {
        assert_int_equal(eg_mentions_writer_commit(mw, &err), EG_OK);
        assert_int_equal(eg_linker_save_partial(l, o->partial, &err), EG_OK);
        eg_graph g;
        eg_graph_init(&g);
        assert_int_equal(eg_linker_graph(l, NULL, NULL, NULL, &g, &err), EG_OK);
        assert_int_equal(eg_export_json(&g, o->json, NULL, &err), EG_OK);
        assert_int_equal(eg_export_graphml(&g, o->graphml, NULL, &err), EG_OK);
        eg_graph_destroy(&g);
    } else {
        eg_mentions_writer_abort(mw);
    }
    eg_linker_free(l);
    eg_reader_free(r);
    eg_extractor_free(x);
    eg_dict_free(d);
}

static char *slurp(const char *path, size_t *len)
{
    FILE *fp = fopen(path, "rb");
    assert_non_null(fp);
    assert_int_equal(fseek(fp, 0, SEEK_END), 0);
    long n = ftell(fp);
    assert_true(n >= 0);
    rewind(fp);
    char *buf = malloc((size_t)n + 1);
    assert_non_null(buf);
    assert_int_equal(fread(buf, 1, (size_t)n, fp), (size_t)n);
    fclose(fp);
    buf[n] = 0;
    *len = (size_t)n;
    return buf;
}

static void assert_same_file(const char *a, const char *b)
{
    size_t la, lb;
    char *x = slurp(a, &la), *y = slurp(b, &lb);
    assert_true(la > 0);
    assert_int_equal(la, lb);
    assert_memory_equal(x, y, la);
    free(x);
    free(y);
}

static void remove_outputs(const outcome *o)
{
    unlink(o->partial);
    unlink(o->json);
    unlink(o->graphml);
    unlink(o->mentions);
}

static void one_and_four_threads_agree(void **state)
{
    (void)state;
    char dir[] = "/tmp/eg-corpus-XXXXXX", path[256];
    assert_non_null(mkdtemp(dir));
    write_corpus(dir, path, sizeof path, 0);
    outcome *one = calloc(1, sizeof *one), *four = calloc(1, sizeof *four);
    assert_non_null(one);
    assert_non_null(four);
    run(dir, path, 1, "one", one);
    run(dir, path, 4, "four", four);
    assert_int_equal(one->st, EG_OK);
    assert_int_equal(four->st, EG_OK);

    /* every document handed over once, in corpus order, with progress */
    assert_int_equal(one->stats.documents, N_DOCS);
    assert_int_equal(one->stats.with_text, N_DOCS);
    assert_int_equal(four->stats.documents, N_DOCS);
    assert_int_equal(one->n_ids, N_DOCS);
    assert_int_equal(four->n_ids, N_DOCS);
    for (size_t i = 0; i < N_DOCS; i++) {
        char want[8];
        snprintf(want, sizeof want, "d%04zu", i);
        assert_string_equal(one->ids[i], want);
        assert_string_equal(four->ids[i], want);
    }
    assert_int_equal(one->done_events, N_DOCS);
    assert_int_equal(four->done_events, N_DOCS);
    assert_true(one->read_events >= N_DOCS);
    assert_int_equal(one->workers_seen, 1);
    /* the ring spread the batches: more than one extractor numbered them */
    assert_true(four->workers_seen & ~1u);

    /* the same linker: totals, entity table (with ancestors), and the
     * partial file that holds all of its counts */
    assert_int_equal(one->documents, N_DOCS);
    assert_int_equal(four->documents, one->documents);
    assert_true(one->mentions_counted > 2 * N_DOCS);
    assert_int_equal(four->mentions_counted, one->mentions_counted);
    assert_int_equal(four->n_entities, one->n_entities);
    assert_true(one->n_entities > 5); /* people found by rules are in too */
    assert_same_file(one->partial, four->partial);
    /* the same files */
    assert_same_file(one->mentions, four->mentions);
    assert_same_file(one->json, four->json);
    assert_same_file(one->graphml, four->graphml);

    /* a name met in another script labels its node (label_forms), the
     * canonical name going first among the aliases; part_of edges are
     * there (青石镇 in 和林县) */
    size_t len;
    char *json = slurp(one->json, &len);
    assert_non_null(strstr(json, "\"id\":\"org:sun\",\"label\":\"晨光日報社\",\"type\":\"ORG\",\"aliases\":[\"晨光日报社\""));
    assert_non_null(strstr(json, "\"kind\":\"part_of\""));
    assert_non_null(strstr(json, "\"id\":\"loc:qs\""));
    free(json);

    remove_outputs(one);
    remove_outputs(four);
    free(one);
    free(four);
    unlink(path);
    rmdir(dir);
}

/* A line that is not JSON ends the run with its file:line:column; the
 * documents before it are handed over whatever the thread count. */
static void read_error_same_for_any_threads(void **state)
{
    (void)state;
    char dir[] = "/tmp/eg-corpus-XXXXXX", path[256];
    assert_non_null(mkdtemp(dir));
    write_corpus(dir, path, sizeof path, 300);
    outcome *one = calloc(1, sizeof *one), *four = calloc(1, sizeof *four);
    assert_non_null(one);
    assert_non_null(four);
    run(dir, path, 1, "one", one);
    run(dir, path, 4, "four", four);
    assert_int_equal(one->st, EG_EPARSE);
    assert_int_equal(four->st, EG_EPARSE);
    assert_string_equal(one->err.path, path);
    assert_int_equal(one->err.line, 300);
    assert_true(one->err.column > 0);
    assert_string_equal(four->err.path, path);
    assert_int_equal(four->err.line, 300);
    assert_int_equal(four->err.column, one->err.column);
    assert_string_equal(four->err.message, one->err.message);
    assert_int_equal(one->n_ids, 299);
    assert_int_equal(four->n_ids, 299);
    assert_int_equal(one->documents, 299);
    assert_int_equal(four->documents, 299);
    assert_int_equal(four->stats.documents, 299);
    assert_string_equal(four->ids[298], "d0298");
    free(one);
    free(four);
    unlink(path);
    rmdir(dir);
}

/* The caller's callback stops the run with its own status and message,
 * before the document reaches the linker. */
static void callback_stops_the_run(void **state)
{
    (void)state;
    char dir[] = "/tmp/eg-corpus-XXXXXX", path[256];
    assert_non_null(mkdtemp(dir));
    write_corpus(dir, path, sizeof path, 0);
    for (size_t threads = 1; threads <= 4; threads += 3) {
        outcome *o = calloc(1, sizeof *o);
        assert_non_null(o);
        o->stop_after = 200;
        run(dir, path, threads, "stop", o);
        assert_int_equal(o->st, EG_EIO);
        assert_string_equal(o->err.message, "stopped at d0199");
        assert_int_equal(o->n_ids, 199);
        assert_int_equal(o->documents, 199);
        assert_int_equal(o->stats.documents, 200); /* handed over, refused */
        assert_int_equal(access(o->mentions, F_OK), -1); /* aborted: nothing in place */
        free(o);
    }
    unlink(path);
    rmdir(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(one_and_four_threads_agree),
        cmocka_unit_test(read_error_same_for_any_threads),
        cmocka_unit_test(callback_stops_the_run),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
