/* Allocation failure in the core modules: every scenario below runs once
 * for each allocation it makes, with that allocation failing, and must
 * then report EG_ENOMEM (or succeed, when the library can absorb the
 * failure), leave its objects usable or freeable, and leak nothing. The
 * matcher's own scenario is in test_matcher.c. ICU and igraph allocate
 * through the same malloc, so their failures are injected too. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "entgraph/corpus.h"
#include "entgraph/dict.h"
#include "entgraph/export.h"
#include "entgraph/extract.h"
#include "entgraph/graph.h"
#include "entgraph/linker.h"
#include "entgraph/reader.h"
#include "entgraph/text.h"

#include "failing_malloc.h"

static const char tsv[] =
    "# a comment\n"
    "id\tname\ttype\taliases\tparent\tcode\n"
    "loc:zj\t浙江省\tLOC\t浙江\t\t330000\n"
    "loc:jx\t嘉兴市\tLOC\t嘉兴\tloc:zj\t330400\n"
    "loc:hy\t海盐县\tLOC\t海盐\tloc:jx\t330424\n"
    "loc:sd\t沈荡镇\tLOC\t\tloc:hy\t\n"
    "loc:sq1\t双桥村\tLOC\t\tloc:hy\t\n"
    "loc:sq2\t双桥村\tLOC\t\tloc:zj\t\n"
    "org:icbc\t中国工商银行\tORG\t工行\t\t\n"
    "org:icbc-jx\t中国工商银行嘉兴分行\tORG\t工行嘉兴分行\torg:icbc\t\n"
    "org:sun\t红旗出版社\tORG\t\t\t\n"
    "loc:us\t美国\tLOC\t\t\t\n"
    "abbr:us\t美\tABBR\t\tloc:us\t\n";
static const char jsonl[] =
    "{\"id\":\"per:zyp\",\"name\":\"仲亚萍\",\"type\":\"PER\",\"aliases\":[\"亚萍\"],\"level\":3}\n"
    "{\"id\":\"loc:bt\",\"name\":\"北团村\",\"type\":\"LOC\",\"parent\":\"loc:sd\"}\n";
static const char jieba[] = "王立新 3 nr\n晨光日报社 nt\n和林县 5 ns\n吃饭 9 v\n";
static const char text[] =
    "红旗出版社\n\n"
    "支部书记仲亚萍说，中国工商银行嘉兴分行在海盐县沈荡镇北团村设了网点，双桥村的村民去年也\n"
    "来办业务。工行嘉兴分行行长王明表示，中美两国的客户都有。\n\n"
    "陈怡婧 张力文 文/摄\n";

/* Runs scenario with the n-th allocation failing for n = 0, 1, … until a
 * run makes no more than n allocations, twice: first failing any
 * allocation, ICU's, igraph's and libc's included, then only those the
 * library makes itself. Each run must leak nothing, except when the
 * failed allocation was inside a dependency whose own failure path leaks
 * (ICU 72's RuleBasedBreakIterator keeps the rule data it was handed when
 * its init() runs out of memory; igraph's PageRank (PRPACK, C++) loses
 * blocks when operator new throws): no caller can free those, and the
 * second pass checks that the library itself never leaks. A first run
 * without failure warms the caches ICU keeps for the process. Returns the
 * number of runs of the second pass. */
/* Skips the test, before it sets anything up, where the wrappers are not
 * in use (sanitizers, valgrind). */
static void require_failing_malloc(void)
{
#ifdef FAILING_MALLOC
    if (failing_malloc_active()) return;
#endif
    skip();
}

static long run_failing_from(int first_pass, void (*scenario)(void *), void *arg)
{
#ifdef FAILING_MALLOC
    if (!failing_malloc_active()) skip();
    scenario(arg);
    long n = 0;
    for (int own = first_pass; own < 2; own++) {
        alloc_own_only = own;
        for (n = 0;; n++) {
            long live = alloc_live;
            alloc_failed_foreign = 0;
            if (getenv("EG_OOM_TRACE")) fprintf(stderr, "== run %ld%s\n", n, own ? " (own)" : "");
            alloc_countdown = n;
            scenario(arg);
            int done = alloc_countdown >= 0; /* the n-th allocation never came */
            alloc_countdown = -1;
            if (alloc_live != live && !alloc_failed_foreign)
                fail_msg("allocation %ld%s failing leaked %ld blocks", n,
                         own ? " (of the library's own)" : "", alloc_live - live);
            if (done) break;
        }
    }
    alloc_own_only = 0;
    return n;
#else
    (void)first_pass;
    (void)scenario;
    (void)arg;
    skip();
    return 0;
#endif
}

static long run_failing(void (*scenario)(void *), void *arg)
{
    return run_failing_from(0, scenario, arg);
}

static void expect_ok_or_nomem(eg_status st)
{
    if (st != EG_OK && st != EG_ENOMEM) fail_msg("status %s", eg_status_name(st));
}

/* cJSON returns NULL both for bad JSON and when out of memory, so a JSONL
 * line it could not parse is reported as EG_EPARSE either way; the load
 * still fails cleanly. */
static eg_status load_all(eg_dict *d, eg_error *err)
{
    eg_status st = eg_dict_load_buffer(d, "a.tsv", tsv, sizeof tsv - 1, err);
    if (!st) {
        st = eg_dict_load_jsonl_buffer(d, "b.jsonl", jsonl, sizeof jsonl - 1, err);
        if (st == EG_EPARSE) st = EG_ENOMEM;
    }
    eg_jieba_stats js;
    if (!st) st = eg_dict_load_jieba_buffer(d, "c.txt", jieba, sizeof jieba - 1, &js, err);
    return st;
}

/* ---- dict -------------------------------------------------------------- */

static void dict_scenario(void *arg)
{
    (void)arg;
    eg_dict *d = NULL;
    eg_error err;
    eg_status st = eg_dict_new(&d);
    if (st) {
        assert_int_equal(st, EG_ENOMEM);
        return;
    }
    st = load_all(d, &err);
    expect_ok_or_nomem(st);
    if (!st) {
        assert_int_equal(eg_dict_count(d), 16);
        size_t errors = 0;
        st = eg_dict_check(d, &errors);
        expect_ok_or_nomem(st);
        /* the registry is intact after a failure: lookups still work */
        uint32_t hit[4];
        assert_int_equal(eg_dict_lookup(d, "双桥村", 0, hit, 4), 2);
        assert_string_equal(eg_dict_attr(d, (size_t)eg_dict_find_id(d, "loc:hy"), "code"), "330424");
        /* a second load over the first: every entry overrides one */
        st = eg_dict_load_buffer(d, "a.tsv", tsv, sizeof tsv - 1, &err);
        expect_ok_or_nomem(st);
        assert_int_equal(eg_dict_count(d), 16);
    }
    eg_dict_free(d);
}

static void dict_out_of_memory(void **state)
{
    (void)state;
    require_failing_malloc();
    assert_true(run_failing(dict_scenario, NULL) > 20);
}

/* ---- text -------------------------------------------------------------- */

static void text_scenario(void *arg)
{
    (void)arg;
    eg_text *t = NULL;
    eg_codepoints cps = {0};
    eg_layout lay = {0};
    eg_normtext nt = {0};
    size_t *ends = NULL, n_ends = 0;
    char *norm = NULL;
    size_t norm_len;
    eg_status st = eg_text_new(&t, NULL);
    if (st) {
        assert_int_equal(st, EG_ENOMEM);
        return;
    }
    st = eg_text_set_convert(t, EG_CONVERT_T2S, NULL);
    if (st) assert_true(st == EG_ENOMEM || st == EG_EDEP);
    if (!st) st = eg_text_decode(text, sizeof text - 1, &cps);
    if (!st) st = eg_text_layout(cps.cp, cps.len, 1, &lay);
    for (size_t k = 0; !st && k < lay.n_pieces; k++)
        st = eg_text_normalize_append(t, cps.cp, lay.pieces[k].begin, lay.pieces[k].end, &nt);
    if (!st) st = eg_text_sentences(t, nt.s, nt.len, &ends, &n_ends);
    if (!st) st = eg_text_normalize_utf8(t, "工行嘉興分行", strlen("工行嘉興分行"), &norm, &norm_len);
    if (st) {
        assert_true(st == EG_ENOMEM || st == EG_EDEP);
    } else {
        assert_int_equal(lay.n_pars, 3);
        assert_true(n_ends >= 3);
        assert_string_equal(norm, "工行嘉兴分行");
    }
    free(norm);
    free(ends);
    eg_normtext_destroy(&nt);
    eg_layout_destroy(&lay);
    eg_codepoints_destroy(&cps);
    eg_text_free(t);
}

static void text_out_of_memory(void **state)
{
    (void)state;
    require_failing_malloc();
    assert_true(run_failing(text_scenario, NULL) > 10);
}

/* ---- extractor, with the reader ---------------------------------------- */

static eg_dict *dict_for_extract(void)
{
    eg_dict *d = NULL;
    assert_int_equal(eg_dict_new(&d), EG_OK);
    assert_int_equal(load_all(d, NULL), EG_OK);
    return d;
}

static void extract_scenario(void *arg)
{
    const eg_dict *d = arg;
    eg_extractor *x = NULL;
    eg_doc_mentions dm = {0};
    eg_error err;
    eg_status st = eg_extractor_new(&x, d, NULL, &err);
    if (st) {
        assert_int_equal(st, EG_ENOMEM);
        assert_null(x);
        return;
    }
    /* twice: the second run reuses (and may grow) the scratch buffers */
    for (int k = 0; k < 2 && !st; k++) {
        st = eg_extractor_run(x, text, sizeof text - 1, &dm, &err);
        if (st) {
            assert_true(st == EG_ENOMEM || st == EG_EDEP);
        } else {
            assert_true(dm.n >= 8);
            assert_string_equal(eg_extractor_entity(x, dm.v[0].entity)->id, "org:sun");
        }
    }
    eg_doc_mentions_destroy(&dm);
    eg_extractor_free(x);
}

static void extract_out_of_memory(void **state)
{
    (void)state;
    require_failing_malloc();
    eg_dict *d = dict_for_extract();
    assert_true(run_failing(extract_scenario, d) > 50);
    eg_dict_free(d);
}

/* fopen() failing for want of memory is "cannot open: Cannot allocate
 * memory", an EG_EIO like any other failure to open. */
static void expect_reader_nomem(eg_status st, const eg_error *err)
{
    if (st == EG_EIO && strstr(err->message, "allocate memory")) return;
    if (st == EG_ENOMEM || st == EG_EDEP) return;
    fail_msg("%s: %s", eg_status_name(st), err->message);
}

static void reader_scenario(void *arg)
{
    const char *path = arg;
    eg_reader *r = NULL;
    eg_error err;
    eg_reader_options opt = eg_reader_defaults();
    opt.chunk_bytes = 64; /* cut into parts */
    eg_status st = eg_reader_new(&r, &path, 1, &opt, &err);
    if (st) {
        expect_reader_nomem(st, &err);
        return;
    }
    size_t docs = 0;
    for (;;) {
        eg_doc doc;
        st = eg_reader_next(r, &doc, &err);
        if (st) {
            expect_reader_nomem(st, &err);
            break;
        }
        if (!doc.text) break;
        docs++;
    }
    if (!st) assert_true(docs >= 2);
    eg_reader_free(r);
}

static void reader_out_of_memory(void **state)
{
    (void)state;
    require_failing_malloc();
    char path[] = "test_oom.tmp-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, text, sizeof text - 1), (ssize_t)(sizeof text - 1));
    close(fd);
    long runs = run_failing(reader_scenario, path);
    unlink(path);
    assert_true(runs > 5);
}

/* ---- the corpus run ----------------------------------------------------- */

typedef struct corpus_arg {
    const eg_dict *d;
    const char *path;
} corpus_arg;

/* Reader → extractor → linker and mentions file (one thread: the
 * wrappers count without locks), over a file cut into parts. */
static void corpus_scenario(void *arg)
{
    const corpus_arg *a = arg;
    eg_extractor *x = NULL;
    eg_reader *r = NULL;
    eg_linker *l = NULL;
    eg_mentions_writer *mw = NULL;
    eg_error err;
    eg_corpus_stats stats;
    eg_reader_options ro = eg_reader_defaults();
    ro.chunk_bytes = 64;
    eg_status st = eg_extractor_new(&x, a->d, NULL, &err);
    if (!st) st = eg_reader_new(&r, &a->path, 1, &ro, &err);
    if (!st) st = eg_linker_new(&l, NULL);
    if (!st) st = eg_mentions_writer_open(&mw, "test_oom.mentions", &err);
    if (!st) {
        eg_corpus_options o = {.threads = 1, .linker = l, .mentions = mw};
        st = eg_corpus_run(x, r, &o, &stats, &err);
        if (!st) {
            assert_true(stats.documents >= 2);
            assert_int_equal(eg_linker_documents(l), stats.documents);
            assert_true(eg_linker_mentions(l) >= 8);
        }
    }
    if (st) expect_reader_nomem(st, &err);
    eg_mentions_writer_abort(mw);
    eg_linker_free(l);
    eg_reader_free(r);
    eg_extractor_free(x);
}

static void corpus_out_of_memory(void **state)
{
    (void)state;
    require_failing_malloc();
    char path[] = "test_oom.tmp-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, text, sizeof text - 1), (ssize_t)(sizeof text - 1));
    close(fd);
    eg_dict *d = dict_for_extract();
    corpus_arg a = {d, path};
    long runs = run_failing(corpus_scenario, &a);
    unlink(path);
    eg_dict_free(d);
    assert_true(runs > 50);
}

/* Partial counts loaded, the same merged again, and their graph. */
static void merge_scenario(void *arg)
{
    const char *path = arg;
    eg_linker *l = NULL;
    eg_error err;
    eg_graph g;
    eg_graph_init(&g);
    eg_status st = eg_linker_load_partial(&l, path, &err);
    if (!st) st = eg_linker_merge_partial(l, path, &err);
    if (!st) st = eg_linker_graph(l, NULL, NULL, NULL, &g, &err);
    if (st) {
        expect_reader_nomem(st, &err);
    } else {
        assert_int_equal(eg_linker_documents(l), 2); /* the one document, twice */
        assert_int_equal(g.n_docs, 2);
        assert_true(g.n_nodes >= 4);
    }
    eg_graph_destroy(&g);
    eg_linker_free(l);
}

static void merge_out_of_memory(void **state)
{
    (void)state;
    require_failing_malloc();
    char path[] = "test_oom.tmp-XXXXXX", partial[] = "test_oom.egp-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, text, sizeof text - 1), (ssize_t)(sizeof text - 1));
    close(fd);
    assert_true((fd = mkstemp(partial)) >= 0);
    close(fd);
    eg_dict *d = dict_for_extract();
    eg_extractor *x = NULL;
    eg_reader *r = NULL;
    eg_linker *l = NULL;
    const char *in = path;
    assert_int_equal(eg_extractor_new(&x, d, NULL, NULL), EG_OK);
    assert_int_equal(eg_reader_new(&r, &in, 1, NULL, NULL), EG_OK);
    assert_int_equal(eg_linker_new(&l, NULL), EG_OK);
    eg_corpus_options o = {.linker = l};
    assert_int_equal(eg_corpus_run(x, r, &o, NULL, NULL), EG_OK);
    assert_int_equal(eg_linker_save_partial(l, partial, NULL), EG_OK);
    eg_linker_free(l);
    eg_reader_free(r);
    eg_extractor_free(x);
    eg_dict_free(d);
    long runs = run_failing(merge_scenario, partial);
    unlink(path);
    unlink(partial);
    assert_true(runs > 20);
}

/* ---- linker and graph -------------------------------------------------- */

typedef struct linked {
    eg_extractor *x;
    eg_doc_mentions dm;
} linked;

static const eg_entity *entity_of(void *user, uint32_t i)
{
    linked *l = user;
    return i < eg_extractor_entity_count(l->x) ? eg_extractor_entity(l->x, i) : NULL;
}

static long find_of(void *user, const char *id)
{
    linked *l = user;
    return eg_dict_find_id(eg_extractor_dict(l->x), id);
}

static void linker_scenario(void *arg)
{
    linked *L = arg;
    eg_linker *l = NULL;
    eg_graph g;
    eg_graph_init(&g);
    eg_error err;
    eg_link_options o = eg_link_defaults();
    o.window = EG_WINDOW_PARAGRAPH;
    eg_status st = eg_linker_new(&l, &o);
    if (st) {
        assert_int_equal(st, EG_ENOMEM);
        return;
    }
    eg_link_doc doc = {&L->dm, "doc1", text, sizeof text - 1, "2022-05-31"};
    st = eg_linker_add(l, &doc);
    if (!st) {
        doc.id = "doc2";
        doc.date = "2022-06-01";
        st = eg_linker_add(l, &doc);
    }
    if (!st) st = eg_linker_add_document(l, L->dm.v, L->dm.n);
    if (!st) st = eg_linker_graph(l, entity_of, find_of, L, &g, &err);
    if (st) {
        assert_int_equal(st, EG_ENOMEM);
    } else {
        assert_true(g.n_nodes >= 8 && g.n_edges >= 10);
        assert_int_equal(g.n_docs, 3);
    }
    eg_graph_destroy(&g);
    eg_linker_free(l);
}

static void linked_setup(linked *L, eg_dict **d)
{
    *d = dict_for_extract();
    memset(L, 0, sizeof *L);
    assert_int_equal(eg_extractor_new(&L->x, *d, NULL, NULL), EG_OK);
    assert_int_equal(eg_extractor_run(L->x, text, sizeof text - 1, &L->dm, NULL), EG_OK);
}

static void linked_teardown(linked *L, eg_dict *d)
{
    eg_doc_mentions_destroy(&L->dm);
    eg_extractor_free(L->x);
    eg_dict_free(d);
}

static void linker_out_of_memory(void **state)
{
    (void)state;
    require_failing_malloc();
    linked L;
    eg_dict *d;
    linked_setup(&L, &d);
    assert_true(run_failing(linker_scenario, &L) > 20);
    linked_teardown(&L, d);
}

typedef struct graph_arg {
    linked *L;
    char dir[32];
} graph_arg;

static void graph_scenario(void *arg)
{
    graph_arg *a = arg;
    eg_linker *l = NULL;
    eg_graph g, back;
    eg_graph_init(&g);
    eg_graph_init(&back);
    eg_error err;
    char json[64], graphml[64];
    snprintf(json, sizeof json, "%s/graph.json", a->dir);
    snprintf(graphml, sizeof graphml, "%s/graph.graphml", a->dir);
    /* the graph is built without failures; analysis, filters, exports
     * and loaders are what may fail */
    long countdown = 0;
#ifdef FAILING_MALLOC
    countdown = alloc_countdown;
    alloc_countdown = -1;
#endif
    assert_int_equal(eg_linker_new(&l, NULL), EG_OK);
    eg_link_doc doc = {&a->L->dm, "doc1", text, sizeof text - 1, NULL};
    assert_int_equal(eg_linker_add(l, &doc), EG_OK);
    assert_int_equal(eg_linker_graph(l, entity_of, find_of, a->L, &g, &err), EG_OK);
    eg_linker_free(l);
#ifdef FAILING_MALLOC
    alloc_countdown = countdown;
#endif
    (void)countdown;
    eg_status st = eg_graph_analyze(&g, NULL, &err);
    if (st) assert_true(st == EG_ENOMEM || st == EG_EDEP);
    eg_filter f = {0};
    f.top_per_node = 3;
    f.largest_component = 1;
    if (!st) st = eg_graph_filter(&g, &f);
    if (!st) st = eg_export_json(&g, json, NULL, &err);
    if (!st) st = eg_export_graphml(&g, graphml, NULL, &err);
    if (!st) st = eg_graph_load_json(&back, json, &err);
    if (!st) {
        assert_int_equal(back.n_nodes, g.n_nodes);
        eg_graph_destroy(&back);
        eg_graph_init(&back);
        st = eg_graph_load_graphml(&back, graphml, &err);
    }
    if (st) {
        /* the exporters report a failed write as EG_EIO: stdio's buffer
         * is one of the allocations */
        assert_true(st == EG_ENOMEM || st == EG_EDEP || st == EG_EIO);
        assert_int_equal(back.n_nodes, 0);
    } else {
        assert_int_equal(back.n_edges, g.n_edges);
    }
    eg_graph_destroy(&back);
    eg_graph_destroy(&g);
}

static void graph_out_of_memory(void **state)
{
    (void)state;
    require_failing_malloc();
    graph_arg a;
    linked L;
    eg_dict *d;
    linked_setup(&L, &d);
    a.L = &L;
    strcpy(a.dir, "test_oom.tmp-XXXXXX");
    assert_non_null(mkdtemp(a.dir));
    /* Only the library's own allocations fail here: igraph 0.10.2 corrupts
     * the heap (a double free, glibc aborts in malloc_consolidate) when an
     * allocation fails inside igraph_community_leiden, at the igraph_create
     * of its aggregated graph. Run by hand with every allocation failing,
     * the ~300 failures before that point were all reported as EG_ENOMEM
     * or EG_EDEP, leaking only inside PRPACK. */
    long runs = run_failing_from(1, graph_scenario, &a);
    char p[64];
    snprintf(p, sizeof p, "%s/graph.json", a.dir);
    unlink(p);
    snprintf(p, sizeof p, "%s/graph.graphml", a.dir);
    unlink(p);
    /* a failed export leaves no temporary file behind */
    assert_int_equal(rmdir(a.dir), 0);
    linked_teardown(&L, d);
    assert_true(runs > 50);
}

/* The page and picture writers (their own scenario: the graph is built
 * once, outside the failures, and each run writes a 0.5 MB page, which the
 * whole-graph scenario would repeat hundreds of times). */
typedef struct view_arg {
    eg_graph g;
    char dir[32];
} view_arg;

static void view_scenario(void *arg)
{
    view_arg *a = arg;
    eg_error err;
    char path[64];
    eg_export_options opt = {0};
    opt.view_max_nodes = 3; /* the size limit's selection too */
    snprintf(path, sizeof path, "%s/graph.html", a->dir);
    eg_status st = eg_export_html(&a->g, path, NULL, &err);
    if (!st) st = eg_export_html(&a->g, path, &opt, &err);
    snprintf(path, sizeof path, "%s/graph.svg", a->dir);
    if (!st) st = eg_export_svg(&a->g, path, NULL, &err);
    if (st) assert_true(st == EG_ENOMEM || st == EG_EIO);
}

static void view_out_of_memory(void **state)
{
    (void)state;
    require_failing_malloc();
    view_arg a;
    eg_graph_init(&a.g);
    static const char *const names[] = {"甲", "乙|A", "丙</script>", "丁|B|C", "戊"};
    for (uint32_t i = 0; i < 5; i++) {
        char id[8];
        snprintf(id, sizeof id, "n%u", i);
        assert_int_equal(eg_graph_add_node(&a.g, id, names[i], i % 2 ? "ORG" : "PER", names[i], "dict",
                                           i + 1, 1, NULL), EG_OK);
        a.g.nodes[i].pagerank = 0.1 * (i + 1);
        a.g.nodes[i].x = i;
        a.g.nodes[i].y = (double)(i * i);
        if (i) assert_int_equal(eg_graph_add_edge(&a.g, i - 1, i, i, 1), EG_OK);
    }
    assert_int_equal(eg_graph_add_evidence(&a.g, 0, "d", "甲和乙。"), EG_OK);
    strcpy(a.dir, "test_oom.tmp-XXXXXX");
    assert_non_null(mkdtemp(a.dir));
    long runs = run_failing(view_scenario, &a);
    char p[64];
    snprintf(p, sizeof p, "%s/graph.html", a.dir);
    unlink(p);
    snprintf(p, sizeof p, "%s/graph.svg", a.dir);
    unlink(p);
    /* a failed write leaves no temporary file behind */
    assert_int_equal(rmdir(a.dir), 0);
    eg_graph_destroy(&a.g);
    assert_true(runs > 5);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(dict_out_of_memory),
        cmocka_unit_test(view_out_of_memory),
        cmocka_unit_test(text_out_of_memory),
        cmocka_unit_test(extract_out_of_memory),
        cmocka_unit_test(reader_out_of_memory),
        cmocka_unit_test(corpus_out_of_memory),
        cmocka_unit_test(merge_out_of_memory),
        cmocka_unit_test(linker_out_of_memory),
        cmocka_unit_test(graph_out_of_memory),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
