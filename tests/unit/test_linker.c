#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "entgraph/linker.h"

/* loc:d's parent is loc:e (never mentioned), whose parent is loc:a */
static const eg_entity entities[] = {
    {"loc:a", "甲", "LOC", "", "", "dict", "", 0, NULL, 0},
    {"org:b", "乙", "ORG", "乙乙", "", "dict", "", 0, NULL, 0},
    {"per:c", "丙", "PER", "", "", "rule", "", 0, NULL, 0},
    {"loc:d", "丁", "LOC", "", "loc:e", "dict", "", 0, NULL, 0},
    {"loc:e", "戊", "LOC", "", "loc:a", "dict", "", 0, NULL, 0},
};
#define N_ENTITIES (sizeof entities / sizeof entities[0])

static const eg_entity *lookup(void *user, uint32_t i)
{
    (void)user;
    return i < N_ENTITIES ? &entities[i] : NULL;
}

static long find_id(void *user, const char *id)
{
    (void)user;
    for (size_t i = 0; i < N_ENTITIES; i++)
        if (!strcmp(entities[i].id, id)) return (long)i;
    return -1;
}

static eg_mention m(uint32_t e, uint32_t par, uint32_t sent)
{
    eg_mention x = {0};
    x.entity = e;
    x.paragraph = par;
    x.sentence = sent;
    return x;
}

static const eg_edge *edge(const eg_graph *g, const char *a, const char *b)
{
    for (size_t i = 0; i < g->n_edges; i++) {
        const char *s = g->nodes[g->edges[i].source].id, *t = g->nodes[g->edges[i].target].id;
        if ((!strcmp(s, a) && !strcmp(t, b)) || (!strcmp(s, b) && !strcmp(t, a))) return &g->edges[i];
    }
    return NULL;
}

static void build(eg_window w, eg_graph *g)
{
    /* doc 1: paragraph 0 = sentences 0 (甲 乙 甲) and 1 (乙 丙);
     * doc 2: paragraph 0 sentence 0 (甲 乙); paragraph 1 sentence 1 (丙) */
    const eg_mention d1[] = {m(0, 0, 0), m(1, 0, 0), m(0, 0, 0), m(1, 0, 1), m(2, 0, 1)};
    const eg_mention d2[] = {m(0, 0, 0), m(1, 0, 0), m(2, 1, 1)};
    eg_linker *l = NULL;
    eg_error err = {0};
    eg_link_options opt = eg_link_defaults();
    opt.window = w;
    assert_int_equal(eg_linker_new(&l, &opt), EG_OK);
    assert_int_equal(eg_linker_add_document(l, d1, 5), EG_OK);
    assert_int_equal(eg_linker_add_document(l, d2, 3), EG_OK);
    assert_int_equal(eg_linker_add_document(l, NULL, 0), EG_OK); /* empty document */
    assert_int_equal(eg_linker_documents(l), 3);
    assert_int_equal(eg_linker_mentions(l), 8);
    eg_graph_init(g);
    assert_int_equal(eg_linker_graph(l, lookup, NULL, NULL, g, &err), EG_OK);
    eg_linker_free(l);
}

static void sentence_window(void **state)
{
    (void)state;
    eg_graph g;
    build(EG_WINDOW_SENTENCE, &g);
    assert_int_equal(g.n_nodes, 3); /* 丁 never mentioned */
    assert_string_equal(g.nodes[0].id, "loc:a"); /* sorted by id */
    assert_int_equal(g.nodes[0].count, 3);
    assert_int_equal(g.nodes[0].docs, 2);
    assert_string_equal(g.window, "sentence");
    assert_int_equal(g.n_docs, 3);
    const eg_edge *ab = edge(&g, "loc:a", "org:b");
    assert_non_null(ab);
    assert_int_equal(ab->weight, 2);
    assert_int_equal(ab->docs, 2);
    const eg_edge *bc = edge(&g, "org:b", "per:c");
    assert_non_null(bc);
    assert_int_equal(bc->weight, 1);
    assert_null(edge(&g, "loc:a", "per:c"));
    assert_int_equal(g.n_edges, 2);
    eg_graph_destroy(&g);
}

static void paragraph_and_document_windows(void **state)
{
    (void)state;
    eg_graph g;
    build(EG_WINDOW_PARAGRAPH, &g);
    assert_int_equal(edge(&g, "loc:a", "org:b")->weight, 2);
    assert_int_equal(edge(&g, "loc:a", "per:c")->weight, 1); /* doc 1 paragraph 0 only */
    assert_int_equal(edge(&g, "loc:a", "per:c")->docs, 1);
    eg_graph_destroy(&g);
    build(EG_WINDOW_DOCUMENT, &g);
    assert_int_equal(edge(&g, "loc:a", "per:c")->weight, 2);
    assert_int_equal(edge(&g, "loc:a", "per:c")->docs, 2);
    assert_int_equal(g.n_edges, 3);
    eg_graph_destroy(&g);
}

static void window_names(void **state)
{
    (void)state;
    eg_window w;
    assert_int_equal(eg_window_parse("paragraph", &w, NULL), EG_OK);
    assert_int_equal(w, EG_WINDOW_PARAGRAPH);
    assert_int_equal(eg_window_parse("doc", &w, NULL), EG_OK);
    assert_int_equal(w, EG_WINDOW_DOCUMENT);
    assert_int_equal(eg_window_parse("line", &w, NULL), EG_EINVAL);
    assert_string_equal(eg_window_name(EG_WINDOW_SENTENCE), "sentence");
}

static eg_mention mc(uint32_t e, uint32_t sent, uint32_t norm_start)
{
    eg_mention x = m(e, 0, sent);
    x.norm_start = norm_start;
    return x;
}

/* chars:N: starts at most N apart link, once per anchor; w_a counts
 * anchored windows, T the mentions. */
static void chars_window(void **state)
{
    (void)state;
    /* 甲@0 乙@3 丙@10 甲@12 */
    const eg_mention d[] = {mc(0, 0, 0), mc(1, 0, 3), mc(2, 1, 10), mc(0, 1, 12)};
    eg_link_options opt = eg_link_defaults();
    eg_linker *l = NULL;
    eg_graph g;
    opt.window = EG_WINDOW_CHARS;
    opt.chars = 3;
    opt.hierarchy = 0;
    assert_int_equal(eg_linker_new(&l, &opt), EG_OK);
    assert_int_equal(eg_linker_add_document(l, d, 4), EG_OK);
    eg_graph_init(&g);
    assert_int_equal(eg_linker_graph(l, lookup, NULL, NULL, &g, NULL), EG_OK);
    assert_string_equal(g.window, "chars:3");
    assert_int_equal(g.n_windows, 4);
    assert_int_equal(edge(&g, "loc:a", "org:b")->count, 1); /* 0..3 */
    assert_int_equal(edge(&g, "loc:a", "per:c")->count, 1); /* 10..12 */
    assert_null(edge(&g, "org:b", "per:c"));                /* 3..10 is 7 apart */
    assert_int_equal(g.n_edges, 2);
    eg_graph_destroy(&g);
    eg_linker_free(l);
    opt.chars = 0;
    assert_int_equal(eg_linker_new(&l, &opt), EG_EINVAL);
    eg_window w;
    uint32_t n = 0;
    assert_int_equal(eg_window_parse("chars:50", &w, &n), EG_OK);
    assert_int_equal(w, EG_WINDOW_CHARS);
    assert_int_equal(n, 50);
    assert_int_equal(eg_window_parse("chars:0", &w, &n), EG_EINVAL);
    assert_int_equal(eg_window_parse("chars:", &w, &n), EG_EINVAL);
    assert_int_equal(eg_window_parse("chars:-5", &w, &n), EG_EINVAL);
}

/* Fractional counting: a window of k entities adds 1/(k-1) to each link;
 * the measures come from the full counts. */
static void fractional_and_measures(void **state)
{
    (void)state;
    /* sentence 0: 甲 乙 丙; sentence 1: 甲 乙; sentence 2: 丁 (4 sentences in all) */
    eg_mention v[] = {m(0, 0, 0), m(1, 0, 0), m(2, 0, 0), m(0, 0, 1), m(1, 0, 1), m(3, 0, 2)};
    eg_doc_mentions dm = {0};
    dm.v = v;
    dm.n = 6;
    dm.n_sentences = 4;
    dm.n_paragraphs = 1;
    eg_link_doc doc = {&dm, NULL, NULL, 0, NULL};
    eg_link_options opt = eg_link_defaults();
    eg_linker *l = NULL;
    eg_graph g;
    opt.fractional = 1;
    opt.hierarchy = 0;
    assert_int_equal(eg_linker_new(&l, &opt), EG_OK);
    assert_int_equal(eg_linker_add(l, &doc), EG_OK);
    eg_graph_init(&g);
    assert_int_equal(eg_linker_graph(l, lookup, NULL, NULL, &g, NULL), EG_OK);
    assert_string_equal(g.counting, "fractional");
    assert_int_equal(g.n_windows, 4);
    const eg_edge *ab = edge(&g, "loc:a", "org:b"), *ac = edge(&g, "loc:a", "per:c");
    assert_int_equal(ab->count, 2);
    assert_float_equal(ab->weight, 0.5 + 1.0, 1e-12);
    assert_float_equal(ac->weight, 0.5, 1e-12);
    /* w_a = w_b = 2, c = 2, T = 4 */
    assert_float_equal(ab->jaccard, 1.0, 1e-12);
    assert_float_equal(ab->association, 2.0 * 4 / (2 * 2), 1e-12);
    assert_float_equal(ab->npmi, log(0.5 / 0.25) / -log(0.5), 1e-12);
    /* w_c = 1: c = 1, Jaccard 1 / (2 + 1 - 1) */
    assert_float_equal(ac->jaccard, 0.5, 1e-12);
    eg_graph_destroy(&g);
    eg_linker_free(l);
}

/* Evidence: the shared sentence, line breaks removed, at most K per edge
 * and one per document; dates: first and last per node and edge. */
static void evidence_and_dates(void **state)
{
    (void)state;
    const char *text = "甲和乙\n见面。丙来了。";
    /* sentences: [0, 19) "甲和乙\n见面。" and [19, 31) "丙来了。" (bytes) */
    eg_sentence sents[] = {{0, 19, 0, 7, 0}, {19, 31, 7, 11, 0}};
    eg_mention v[] = {m(0, 0, 0), m(1, 0, 0), m(2, 0, 1)};
    v[0].start = 0, v[1].start = 2, v[2].start = 6;
    eg_doc_mentions dm = {0};
    dm.v = v;
    dm.n = 3;
    dm.sentences = sents;
    dm.n_sentences = 2;
    dm.n_paragraphs = 1;
    /* the last date, earliest of all, has a control character: no graph
     * format carries it, so it counts as no date */
    const char *dates[] = {"2022-06-02", NULL, "2022-05-31", "2022-06-01", "2022-01-01\t"};
    const char *ids[] = {"d1", "d2", "d3", "d4", "d5"};
    eg_link_options opt = eg_link_defaults();
    eg_linker *l = NULL;
    eg_graph g;
    opt.window = EG_WINDOW_PARAGRAPH;
    opt.evidence = 2;
    assert_int_equal(eg_linker_new(&l, &opt), EG_OK);
    for (int i = 0; i < 5; i++) {
        eg_link_doc doc = {&dm, ids[i], text, strlen(text), dates[i]};
        assert_int_equal(eg_linker_add(l, &doc), EG_OK);
    }
    eg_graph_init(&g);
    assert_int_equal(eg_linker_graph(l, lookup, NULL, NULL, &g, NULL), EG_OK);
    const eg_edge *ab = edge(&g, "loc:a", "org:b"), *bc = edge(&g, "org:b", "per:c");
    assert_int_equal(ab->n_evidence, 2);
    assert_string_equal(ab->evidence[0].doc, "d1");
    assert_string_equal(ab->evidence[0].text, "甲和乙见面。");
    assert_string_equal(ab->evidence[1].doc, "d2");
    /* paragraph window: 乙 and 丙 are in two sentences, joined */
    assert_string_equal(bc->evidence[0].text, "甲和乙见面。 … 丙来了。");
    assert_string_equal(ab->first_date, "2022-05-31");
    assert_string_equal(ab->last_date, "2022-06-02");
    assert_string_equal(g.nodes[0].first_date, "2022-05-31");
    eg_graph_destroy(&g);
    eg_linker_free(l);
}

/* Spells: days arriving out of order join into runs of consecutive days
 * (a day filling the gap between two runs joins them), a gap of more than
 * spell_gap days separates spells, dates in another form count only for
 * first/last; and label forms: the most frequent wins, the name becomes
 * the first alias. */
static void spells_and_forms(void **state)
{
    (void)state;
    const char *dates[] = {"2022-01-05", "2022-01-01", "2022-01-03", "2012-07-01",
                           "2022-01-02", "2022-01-04", "2022-01-09", "someday"};
    eg_mention v[] = {m(0, 0, 0), m(1, 0, 0)};
    eg_doc_mentions dm = {0};
    dm.v = v;
    dm.n = 2;
    dm.n_paragraphs = 1;
    for (uint32_t gap = 1; gap <= 4; gap += 3) {
        eg_linker *l = NULL;
        eg_graph g;
        assert_int_equal(eg_linker_new(&l, NULL), EG_OK);
        for (int i = 0; i < 8; i++) {
            eg_link_doc doc = {&dm, NULL, NULL, 0, dates[i]};
            assert_int_equal(eg_linker_add(l, &doc), EG_OK);
        }
        assert_int_equal(eg_linker_add_form(l, 1, "乚", strlen("乚")), EG_OK);
        assert_int_equal(eg_linker_add_form(l, 1, "乙", strlen("乙")), EG_OK);
        assert_int_equal(eg_linker_add_form(l, 1, "乙", strlen("乙")), EG_OK);
        assert_int_equal(eg_linker_add_form(l, 1, "", 0), EG_EINVAL);
        eg_linker_set_spell_gap(l, gap);
        eg_graph_init(&g);
        assert_int_equal(eg_linker_graph(l, lookup, NULL, NULL, &g, NULL), EG_OK);
        const eg_edge *ab = edge(&g, "loc:a", "org:b");
        const char *want = gap == 1 ? "2012-07-01/2012-07-01;2022-01-01/2022-01-05;2022-01-09/2022-01-09"
                                    : "2012-07-01/2012-07-01;2022-01-01/2022-01-09";
        assert_string_equal(ab->spells, want);
        assert_string_equal(g.nodes[0].spells, want);
        assert_string_equal(ab->first_date, "2012-07-01");
        assert_string_equal(ab->last_date, "someday"); /* first/last compare the text */
        assert_string_equal(g.nodes[1].label, "乙");    /* the name itself won: no alias */
        assert_string_equal(g.nodes[1].aliases, "乙乙");
        eg_graph_destroy(&g);
        eg_linker_free(l);
    }
    /* a form seen more often than the name: the label, the name an alias */
    eg_linker *l = NULL;
    eg_graph g;
    assert_int_equal(eg_linker_new(&l, NULL), EG_OK);
    eg_link_doc doc = {&dm, NULL, NULL, 0, "2022-01-01"};
    assert_int_equal(eg_linker_add(l, &doc), EG_OK);
    assert_int_equal(eg_linker_add_form(l, 1, "乚", strlen("乚")), EG_OK);
    eg_graph_init(&g);
    assert_int_equal(eg_linker_graph(l, lookup, NULL, NULL, &g, NULL), EG_OK);
    assert_string_equal(g.nodes[1].label, "乚");
    assert_string_equal(g.nodes[1].aliases, "乙|乙乙");
    assert_null(g.nodes[1].spells); /* one day: first and last say it */
    eg_graph_destroy(&g);
    eg_linker_free(l);
}

/* Hierarchy: 丁's parent 戊 is not mentioned, so 丁 links to 戊's parent 甲;
 * a pair that also co-occurs keeps its counts and becomes part_of. */
static void hierarchy(void **state)
{
    (void)state;
    const eg_mention d1[] = {m(0, 0, 0), m(1, 0, 0), m(3, 1, 1)};
    eg_linker *l = NULL;
    eg_graph g;
    eg_link_options opt = eg_link_defaults();
    assert_int_equal(eg_linker_new(&l, &opt), EG_OK);
    assert_int_equal(eg_linker_add_document(l, d1, 3), EG_OK);
    eg_graph_init(&g);
    assert_int_equal(eg_linker_graph(l, lookup, find_id, NULL, &g, NULL), EG_OK);
    const eg_edge *ad = edge(&g, "loc:a", "loc:d");
    assert_non_null(ad);
    assert_string_equal(ad->kind, "part_of");
    assert_int_equal(ad->count, 0);
    assert_true(ad->weight == 1.0);
    assert_string_equal(edge(&g, "loc:a", "org:b")->kind, "cooccurrence");
    eg_graph_destroy(&g);
    /* without find, only parents that are nodes count: 戊 is not */
    eg_graph_init(&g);
    assert_int_equal(eg_linker_graph(l, lookup, NULL, NULL, &g, NULL), EG_OK);
    assert_null(edge(&g, "loc:a", "loc:d"));
    eg_graph_destroy(&g);
    eg_linker_free(l);
    opt.hierarchy = 0;
    assert_int_equal(eg_linker_new(&l, &opt), EG_OK);
    assert_int_equal(eg_linker_add_document(l, d1, 3), EG_OK);
    eg_graph_init(&g);
    assert_int_equal(eg_linker_graph(l, lookup, find_id, NULL, &g, NULL), EG_OK);
    assert_null(edge(&g, "loc:a", "loc:d"));
    eg_graph_destroy(&g);
    eg_linker_free(l);
}

/* An organisation whose name holds a place (mention.within): the place is
 * a node of count 0 with a part_of edge from the organisation, and no
 * co-occurrence with the others; none of it without the hierarchy. */
static void places_within(void **state)
{
    (void)state;
    eg_mention d1[] = {m(1, 0, 0), m(2, 0, 0)};
    d1[0].within = 3 + 1; /* 乙's name holds 丁 */
    eg_linker *l = NULL;
    eg_graph g;
    eg_link_options opt = eg_link_defaults();
    assert_int_equal(eg_linker_new(&l, &opt), EG_OK);
    assert_int_equal(eg_linker_add_document(l, d1, 2), EG_OK);
    assert_int_equal(eg_linker_mentions(l), 2);
    eg_graph_init(&g);
    assert_int_equal(eg_linker_graph(l, lookup, NULL, NULL, &g, NULL), EG_OK);
    assert_int_equal(g.n_nodes, 3);
    const eg_edge *bd = edge(&g, "org:b", "loc:d");
    assert_non_null(bd);
    assert_string_equal(bd->kind, "part_of");
    assert_int_equal(bd->count, 0);
    assert_true(bd->weight == 1.0);
    assert_null(edge(&g, "per:c", "loc:d"));
    assert_string_equal(edge(&g, "org:b", "per:c")->kind, "cooccurrence");
    for (size_t i = 0; i < g.n_nodes; i++)
        if (!strcmp(g.nodes[i].id, "loc:d")) assert_int_equal(g.nodes[i].count, 0);
    eg_graph_destroy(&g);
    eg_linker_free(l);
    opt.hierarchy = 0;
    assert_int_equal(eg_linker_new(&l, &opt), EG_OK);
    assert_int_equal(eg_linker_add_document(l, d1, 2), EG_OK);
    eg_graph_init(&g);
    assert_int_equal(eg_linker_graph(l, lookup, NULL, NULL, &g, NULL), EG_OK);
    assert_int_equal(g.n_nodes, 2);
    assert_null(edge(&g, "org:b", "loc:d"));
    eg_graph_destroy(&g);
    eg_linker_free(l);
}

/* Partial counts: two shards saved and merged give the graph of one run
 * over both, evidence and dates included; and the failures. */
static void add_docs(eg_linker *l, int from, int to, int intern)
{
    const char *text = "甲和乙\n见面。丙来了。";
    eg_sentence sents[] = {{0, 19, 0, 7, 0}, {19, 31, 7, 11, 0}};
    const char *dates[] = {"2022-06-02", NULL, "2022-05-31", "2022-06-01"};
    const char *ids[] = {"d1", "d2", "d3", "d4"};
    uint32_t ix[N_ENTITIES];
    /* interned in reverse, so that linker indexes differ from the table's */
    for (size_t e = 0; e < N_ENTITIES; e++) ix[e] = (uint32_t)e;
    for (size_t e = N_ENTITIES; intern && e-- > 0;) assert_int_equal(eg_linker_intern(l, &entities[e], &ix[e]), EG_OK);
    for (int i = from; i < to; i++) {
        eg_mention v[] = {m(ix[0], 0, 0), m(ix[1], 0, 0), m(ix[2], 0, 1), m(ix[3], 0, 1)};
        eg_doc_mentions dm = {0};
        dm.v = v;
        dm.n = i == 2 ? 2 : 4;
        dm.sentences = sents;
        dm.n_sentences = 2;
        dm.n_paragraphs = 1;
        eg_link_doc doc = {&dm, ids[i], text, strlen(text), dates[i]};
        assert_int_equal(eg_linker_add(l, &doc), EG_OK);
    }
}

static void graph_of(eg_linker *l, eg_graph *g)
{
    eg_graph_init(g);
    assert_int_equal(eg_linker_graph(l, NULL, NULL, NULL, g, NULL), EG_OK);
}

/* The bytes of file path (free them), their number in *len. */
static char *read_all(const char *path, size_t *len)
{
    FILE *fp = fopen(path, "rb");
    assert_non_null(fp);
    char *buf = NULL;
    size_t n = 0, cap = 0, got;
    do {
        if (n == cap) {
            cap = cap ? 2 * cap : 4096;
            buf = realloc(buf, cap);
            assert_non_null(buf);
        }
        got = fread(buf + n, 1, cap - n, fp);
        n += got;
    } while (got);
    fclose(fp);
    *len = n;
    return buf;
}

static void partial_counts(void **state)
{
    (void)state;
    char dir[] = "/tmp/eg-linker-XXXXXX", a[64], b[64];
    assert_non_null(mkdtemp(dir));
    snprintf(a, sizeof a, "%s/a", dir);
    snprintf(b, sizeof b, "%s/b", dir);
    eg_link_options opt = eg_link_defaults();
    opt.window = EG_WINDOW_PARAGRAPH;
    opt.evidence = 3;
    eg_linker *one = NULL, *la = NULL, *lb = NULL, *merged = NULL;
    eg_error err = {0};
    assert_int_equal(eg_linker_new(&one, &opt), EG_OK);
    assert_int_equal(eg_linker_new(&la, &opt), EG_OK);
    assert_int_equal(eg_linker_new(&lb, &opt), EG_OK);
    add_docs(one, 0, 4, 1);
    add_docs(la, 0, 2, 1);
    add_docs(lb, 2, 4, 1);
    assert_int_equal(eg_linker_save_partial(la, a, &err), EG_OK);
    assert_int_equal(eg_linker_save_partial(lb, b, &err), EG_OK);
    assert_int_equal(eg_linker_load_partial(&merged, a, &err), EG_OK);
    assert_int_equal(eg_linker_merge_partial(merged, b, &err), EG_OK);
    assert_int_equal(eg_linker_documents(merged), 4);
    assert_int_equal(eg_linker_mentions(merged), eg_linker_mentions(one));
    eg_graph g1, g2;
    graph_of(one, &g1);
    graph_of(merged, &g2);
    assert_int_equal(g1.n_nodes, g2.n_nodes);
    assert_int_equal(g1.n_edges, g2.n_edges);
    assert_int_equal(g1.n_windows, g2.n_windows);
    for (size_t i = 0; i < g1.n_edges; i++) {
        const eg_edge *x = &g1.edges[i], *y = &g2.edges[i];
        assert_int_equal(x->source, y->source);
        assert_int_equal(x->target, y->target);
        assert_int_equal(x->count, y->count);
        assert_int_equal(x->docs, y->docs);
        assert_true(x->npmi == y->npmi && x->weight == y->weight);
        assert_string_equal(x->kind, y->kind);
        assert_int_equal(x->n_evidence, y->n_evidence);
        for (size_t k = 0; k < x->n_evidence; k++) assert_string_equal(x->evidence[k].doc, y->evidence[k].doc);
        if (x->first_date) assert_string_equal(x->first_date, y->first_date);
        if (x->last_date) assert_string_equal(x->last_date, y->last_date);
    }
    /* 丁 (loc:d) is part_of 甲 through 戊, which is in the table, not a node */
    assert_non_null(edge(&g2, "loc:a", "loc:d"));
    assert_string_equal(edge(&g2, "loc:a", "loc:d")->kind, "part_of");
    eg_graph_destroy(&g1);
    eg_graph_destroy(&g2);

    /* other options */
    eg_linker *other = NULL;
    opt.evidence = 1;
    assert_int_equal(eg_linker_new(&other, &opt), EG_OK);
    assert_int_equal(eg_linker_merge_partial(other, a, &err), EG_EINVAL);
    eg_linker_free(other);
    /* a failed merge: other options or no partial leave the linker as it
     * was (the same partial file saved again); one damaged after its
     * entities leaves them in, without the file's totals (linker.h) */
    char c[64], d[64];
    snprintf(c, sizeof c, "%s/c", dir);
    snprintf(d, sizeof d, "%s/d", dir);
    assert_int_equal(eg_linker_load_partial(&other, a, &err), EG_OK);
    assert_int_equal(eg_linker_save_partial(other, c, &err), EG_OK);
    eg_linker *evidence1 = NULL;
    assert_int_equal(eg_linker_new(&evidence1, &opt), EG_OK);
    assert_int_equal(eg_linker_save_partial(evidence1, d, &err), EG_OK);
    eg_linker_free(evidence1);
    assert_int_equal(eg_linker_merge_partial(other, d, &err), EG_EINVAL);
    assert_int_equal(eg_linker_merge_partial(other, dir, &err), EG_EIO);
    assert_int_equal(eg_linker_save_partial(other, d, &err), EG_OK);
    size_t lc, ld;
    char *bc = read_all(c, &lc), *bd = read_all(d, &ld);
    assert_int_equal(lc, ld);
    assert_memory_equal(bc, bd, lc);
    free(bd);
    /* b cut short before its end: EG_EPARSE, a's totals stay */
    size_t lb_len;
    char *bb = read_all(b, &lb_len);
    FILE *cut = fopen(d, "wb");
    assert_non_null(cut);
    assert_int_equal(fwrite(bb, 1, lb_len - 9, cut), lb_len - 9);
    fclose(cut);
    free(bb);
    uint64_t docs = eg_linker_documents(other), mentions = eg_linker_mentions(other);
    assert_int_equal(eg_linker_merge_partial(other, d, &err), EG_EPARSE);
    assert_int_equal(eg_linker_documents(other), docs);
    assert_int_equal(eg_linker_mentions(other), mentions);
    assert_non_null(eg_linker_entity(other, 0)); /* still freed cleanly below */
    eg_linker_free(other);
    free(bc);
    remove(c);
    remove(d);
    /* indexes that are not the linker's own table */
    assert_int_equal(eg_linker_new(&other, &opt), EG_OK);
    add_docs(other, 0, 1, 0);
    assert_int_equal(eg_linker_save_partial(other, b, &err), EG_EINVAL);
    eg_linker_free(other);
    /* damaged: cut short, and not a partial at all */
    FILE *fp = fopen(a, "r+b");
    assert_non_null(fp);
    assert_int_equal(ftruncate(fileno(fp), 100), 0);
    fclose(fp);
    assert_int_equal(eg_linker_load_partial(&other, a, &err), EG_EPARSE);
    assert_non_null(strstr(err.message, "damaged"));
    fp = fopen(a, "wb");
    fputs("hello", fp);
    fclose(fp);
    assert_int_equal(eg_linker_load_partial(&other, a, &err), EG_EPARSE);
    remove(a);
    assert_int_equal(eg_linker_load_partial(&other, a, &err), EG_EIO);
    remove(b);
    rmdir(dir);
    eg_linker_free(one);
    eg_linker_free(la);
    eg_linker_free(lb);
    eg_linker_free(merged);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(chars_window),
        cmocka_unit_test(fractional_and_measures),
        cmocka_unit_test(evidence_and_dates),
        cmocka_unit_test(spells_and_forms),
        cmocka_unit_test(hierarchy),
        cmocka_unit_test(places_within),
        cmocka_unit_test(sentence_window),
        cmocka_unit_test(paragraph_and_document_windows),
        cmocka_unit_test(window_names),
        cmocka_unit_test(partial_counts),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
