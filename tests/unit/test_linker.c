#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include "entgraph/linker.h"

static const eg_entity entities[] = {
    {"loc:a", "甲", "LOC", "", "", "dict", "", 0},
    {"org:b", "乙", "ORG", "乙乙", "", "dict", "", 0},
    {"per:c", "丙", "PER", "", "", "rule", "", 0},
    {"loc:d", "丁", "LOC", "", "", "dict", "", 0},
};

static const eg_entity *lookup(void *user, uint32_t i)
{
    (void)user;
    return i < 4 ? &entities[i] : NULL;
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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(sentence_window),
        cmocka_unit_test(paragraph_and_document_windows),
        cmocka_unit_test(window_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
