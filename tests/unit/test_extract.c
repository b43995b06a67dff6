#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "entgraph/extract.h"
#include "entgraph/mentions.h"
#include "entgraph/reader.h"

static eg_dict *small_dict(void)
{
    const char *tsv = "id\tname\ttype\taliases\tparent\n"
                      "org:sun\t晨光日报社\tORG\t晨光日报\t\n"
                      "loc:hl\t和林县\tLOC\t和林\t\n"
                      "loc:qs\t青石镇\tLOC\t\tloc:hl\n";
    eg_dict *d = NULL;
    eg_error err = {0};
    assert_int_equal(eg_dict_new(&d), EG_OK);
    assert_int_equal(eg_dict_load_buffer(d, "mem.tsv", tsv, strlen(tsv), &err), EG_OK);
    return d;
}

static void mentions_sentences_and_offsets(void **state)
{
    (void)state;
    eg_dict *d = small_dict();
    eg_extractor *x = NULL;
    eg_error err = {0};
    eg_doc_mentions dm = {0};
    assert_int_equal(eg_extractor_new(&x, d, NULL, &err), EG_OK);
    /* The second paragraph is hard-wrapped inside 青石镇 and names a person
     * by title; the person recurs later without the title. */
    const char *text = "和林新闻\n\n记者从和林县获悉，今年全县粮食丰收，农民收入增加了不少，青石\n\n镇镇长韩立平说，晨光日报社将报道。韩立平还说了别的。\n";
    assert_int_equal(eg_extractor_run(x, text, strlen(text), &dm, &err), EG_OK);
    assert_int_equal(dm.n_paragraphs, 2);
    assert_int_equal(dm.n_sentences, 3);
    const char *want[] = {"和林", "和林县", "青石\n\n镇", "韩立平", "晨光日报社", "韩立平"};
    const char *ids[] = {"loc:hl", "loc:hl", "loc:qs", "per:韩立平", "org:sun", "per:韩立平"};
    const char *rules[] = {"dict", "dict", "dict", "title", "dict", "repeat"};
    const uint32_t sent[] = {0, 1, 1, 1, 1, 2};
    assert_int_equal(dm.n, 6);
    for (size_t i = 0; i < dm.n; i++) {
        const eg_mention *m = &dm.v[i];
        assert_int_equal(m->byte_end - m->byte_start, strlen(want[i]));
        assert_memory_equal(text + m->byte_start, want[i], strlen(want[i]));
        assert_string_equal(eg_extractor_entity(x, m->entity)->id, ids[i]);
        assert_string_equal(eg_extract_rule_name(m->rule), rules[i]);
        assert_int_equal(m->sentence, sent[i]);
    }
    /* 和林新闻 is the headline: 和林 in it is code points 0..2 */
    assert_int_equal(dm.v[0].start, 0);
    assert_int_equal(dm.v[0].end, 2);
    /* sentences are spans of the original text */
    assert_int_equal(dm.sentences[0].byte_start, 0);
    assert_int_equal(dm.sentences[0].byte_end, strlen("和林新闻"));
    assert_int_equal(dm.sentences[2].paragraph, 1);
    assert_memory_equal(text + dm.sentences[2].byte_start, "韩立平还说了别的。", strlen("韩立平还说了别的。"));
    assert_int_equal(eg_extractor_entity_count(x), 4);

    /* a name found by a rule repeats only where it stands as a word */
    const char *t2 = "镇长韩立平说，今天开会。韩立平又来了。韩立平路修好了。和韩立平用了一天。";
    assert_int_equal(eg_extractor_run(x, t2, strlen(t2), &dm, &err), EG_OK);
    assert_int_equal(dm.n, 3); /* not in 韩立平路 */
    assert_string_equal(eg_extractor_entity(x, 3)->source, "rule");

    /* Without rules: no people; an empty document has nothing. */
    eg_extract_options o = eg_extract_defaults();
    o.rules = 0;
    eg_extractor *y = NULL;
    assert_int_equal(eg_extractor_new(&y, d, &o, &err), EG_OK);
    assert_int_equal(eg_extractor_run(y, text, strlen(text), &dm, &err), EG_OK);
    assert_int_equal(dm.n, 4);
    assert_int_equal(eg_extractor_run(y, "", 0, &dm, &err), EG_OK);
    assert_int_equal(dm.n, 0);
    assert_int_equal(dm.n_sentences, 0);
    eg_extractor_free(y);

    eg_doc_mentions_destroy(&dm);
    eg_extractor_free(x);
    eg_dict_free(d);
}

static eg_dict *load_dict(const char *tsv)
{
    eg_dict *d = NULL;
    eg_error err = {0};
    assert_int_equal(eg_dict_new(&d), EG_OK);
    assert_int_equal(eg_dict_load_buffer(d, "mem.tsv", tsv, strlen(tsv), &err), EG_OK);
    return d;
}

static const char *entity_of_first(eg_extractor *x, const char *text, eg_doc_mentions *dm)
{
    eg_error err = {0};
    assert_int_equal(eg_extractor_run(x, text, strlen(text), dm, &err), EG_OK);
    assert_true(dm->n >= 1);
    return eg_extractor_entity(x, dm->v[0].entity)->id;
}

static void a_name_beats_an_alias(void **state)
{
    (void)state;
    eg_dict *d = load_dict("id\tname\ttype\taliases\tparent\n"
                           "loc:a\t长安\tLOC\t\t\n"
                           "org:b\t长安汽车\tORG\t长安\t\n");
    eg_extractor *x = NULL;
    eg_error err = {0};
    eg_doc_mentions dm = {0};
    assert_int_equal(eg_extractor_new(&x, d, NULL, &err), EG_OK);
    assert_int_equal(eg_extractor_name_clashes(x), 0);
    assert_int_equal(eg_extractor_shadowed_aliases(x), 1);
    assert_string_equal(entity_of_first(x, "去长安", &dm), "loc:a");
    assert_string_equal(entity_of_first(x, "长安汽车", &dm), "org:b");
    eg_doc_mentions_destroy(&dm);
    eg_extractor_free(x);
    eg_dict_free(d);
}

/* Two villages of one name in two provinces: each document's other places
 * decide; without evidence, or with evidence for both, one ambiguous node. */
static void ambiguous_places_resolve_by_document(void **state)
{
    (void)state;
    eg_dict *d = load_dict("id\tname\ttype\taliases\tparent\n"
                           "p:a\t甲省\tLOC\t\t\n"
                           "p:b\t乙省\tLOC\t\t\n"
                           "c:a\t东县\tLOC\t\tp:a\n"
                           "c:b\t西县\tLOC\t\tp:b\n"
                           "t:b\t河口镇\tLOC\t\tc:b\n"
                           "v:1\t双河村\tLOC\t\tc:a\n"
                           "v:2\t双河村\tLOC\t\tt:b\n");
    eg_extractor *x = NULL;
    eg_error err = {0};
    eg_doc_mentions dm = {0};
    assert_int_equal(eg_extractor_new(&x, d, NULL, &err), EG_OK);
    assert_int_equal(eg_extractor_name_clashes(x), 1);
    const char *docs[][2] = {
        {"甲省东县的双河村今年丰收。", "v:1"},   /* county and province */
        {"双河村位于乙省。", "v:2"},             /* a grand-grandparent, after the name */
        {"今年双河村修了路。", "amb:双河村"},    /* no evidence */
        {"双河村在东县和西县之间。", "amb:双河村"}, /* one level each: a tie */
    };
    for (size_t i = 0; i < sizeof docs / sizeof *docs; i++) {
        assert_int_equal(eg_extractor_run(x, docs[i][0], strlen(docs[i][0]), &dm, &err), EG_OK);
        const char *got = NULL;
        for (size_t k = 0; k < dm.n; k++) {
            const eg_entity *e = eg_extractor_entity(x, dm.v[k].entity);
            if (!strcmp(e->name, "双河村")) got = e->id;
        }
        assert_non_null(got);
        assert_string_equal(got, docs[i][1]);
    }
    /* the ambiguous node is one entity, marked as such */
    eg_doc_mentions dm2 = {0};
    assert_int_equal(eg_extractor_run(x, "双河村和双河村", strlen("双河村和双河村"), &dm2, &err), EG_OK);
    assert_int_equal(dm2.n, 2);
    assert_int_equal(dm2.v[0].entity, dm2.v[1].entity);
    const eg_entity *amb = eg_extractor_entity(x, dm2.v[0].entity);
    assert_string_equal(amb->source, "ambiguous");
    assert_string_equal(amb->type, "LOC");
    /* its own township, named after it, is evidence too */
    assert_int_equal(eg_extractor_run(x, "双河村的河口镇", strlen("双河村的河口镇"), &dm2, &err), EG_OK);
    assert_string_equal(eg_extractor_entity(x, dm2.v[0].entity)->id, "v:2");
    eg_doc_mentions_destroy(&dm2);
    eg_doc_mentions_destroy(&dm);
    eg_extractor_free(x);
    eg_dict_free(d);
}

/* A clone finds what its original finds (dictionary, groups, rules) with
 * its own table of rule-found entities, and may be freed first. */
static void a_clone_finds_the_same(void **state)
{
    (void)state;
    eg_dict *d = load_dict("id\tname\ttype\taliases\tparent\n"
                           "p:a\t甲省\tLOC\t\t\n"
                           "c:a\t东县\tLOC\t\tp:a\n"
                           "v:1\t双河村\tLOC\t\tc:a\n"
                           "v:2\t双河村\tLOC\t\t\n");
    eg_extractor *x = NULL, *y = NULL;
    eg_error err = {0};
    eg_doc_mentions a = {0}, b = {0};
    assert_int_equal(eg_extractor_new(&x, d, NULL, &err), EG_OK);
    assert_int_equal(eg_extractor_clone(x, &y, &err), EG_OK);
    assert_int_equal(eg_extractor_name_clashes(y), eg_extractor_name_clashes(x));
    const char *docs[] = {"甲省东县的双河村今年丰收。", "记者王明说，双河村修了路。王明也去了。"};
    for (size_t i = 0; i < sizeof docs / sizeof *docs; i++) {
        assert_int_equal(eg_extractor_run(x, docs[i], strlen(docs[i]), &a, &err), EG_OK);
        assert_int_equal(eg_extractor_run(y, docs[i], strlen(docs[i]), &b, &err), EG_OK);
        assert_int_equal(a.n, b.n);
        assert_true(a.n >= 1);
        for (size_t k = 0; k < a.n; k++) {
            assert_int_equal(a.v[k].start, b.v[k].start);
            assert_int_equal(a.v[k].end, b.v[k].end);
            assert_int_equal(a.v[k].rule, b.v[k].rule);
            assert_string_equal(eg_extractor_entity(x, a.v[k].entity)->id,
                                eg_extractor_entity(y, b.v[k].entity)->id);
        }
    }
    eg_doc_mentions_destroy(&a);
    eg_doc_mentions_destroy(&b);
    eg_extractor_free(y);
    eg_extractor_free(x);
    eg_dict_free(d);
}

static void t2s_matches_either_script(void **state)
{
    (void)state;
    /* one entry written in Traditional script, one in Simplified */
    const char *tsv = "id\tname\ttype\taliases\tparent\n"
                      "org:icbc-jx\t中國工商銀行嘉興分行\tORG\t工行嘉興分行\t\n"
                      "loc:hl\t和林县\tLOC\t\t\n";
    eg_dict *d = NULL;
    eg_extractor *x = NULL, *plain = NULL;
    eg_error err = {0};
    eg_doc_mentions dm = {0};
    assert_int_equal(eg_dict_new(&d), EG_OK);
    assert_int_equal(eg_dict_load_buffer(d, "t.tsv", tsv, strlen(tsv), &err), EG_OK);
    eg_extract_options o = eg_extract_defaults();
    o.convert = EG_CONVERT_T2S;
    assert_int_equal(eg_extractor_new(&x, d, &o, &err), EG_OK);
    assert_int_equal(eg_extractor_new(&plain, d, NULL, &err), EG_OK);
    /* Traditional text, Simplified entry; Simplified text, Traditional alias */
    const char *text = "據ＸＸ報道，和林縣與工行嘉兴分行簽約。";
    assert_int_equal(eg_extractor_run(x, text, strlen(text), &dm, &err), EG_OK);
    assert_int_equal(dm.n, 2);
    assert_string_equal(eg_extractor_entity(x, dm.v[0].entity)->id, "loc:hl");
    assert_string_equal(eg_extractor_entity(x, dm.v[1].entity)->id, "org:icbc-jx");
    /* offsets are those of the original text */
    assert_int_equal(dm.v[0].start, 6);
    assert_int_equal(dm.v[0].end, 9);
    assert_memory_equal(text + dm.v[0].byte_start, "和林縣", strlen("和林縣"));
    assert_int_equal(dm.v[1].start, 10);
    assert_int_equal(dm.v[1].end, 16);
    /* without conversion neither matches */
    assert_int_equal(eg_extractor_run(plain, text, strlen(text), &dm, &err), EG_OK);
    assert_int_equal(dm.n, 0);
    eg_doc_mentions_destroy(&dm);
    eg_extractor_free(x);
    eg_extractor_free(plain);
    eg_dict_free(d);
}

/* The tagger's mentions carry their confidence ("%.2f") and margin ("%d"):
 * more distinct confidences than a document's cache holds, margins of
 * either sign and the extremes, written as printf would. */
static void mentions_model_confidence_and_margin(void **state)
{
    (void)state;
    eg_dict *d = small_dict();
    eg_extractor *x = NULL;
    eg_error err = {0};
    eg_doc_mentions dm = {0};
    assert_int_equal(eg_extractor_new(&x, d, NULL, &err), EG_OK);
    const char *text = "和林县";
    assert_int_equal(eg_extractor_run(x, text, strlen(text), &dm, &err), EG_OK);
    assert_int_equal(dm.n, 1);
    uint32_t model = 0;
    while (model < 256 && strcmp(eg_extract_rule_name(model), "model")) model++;
    assert_true(model < 256);
    enum { N = 40 };
    eg_mention one = dm.v[0];
    eg_mention *v = calloc(N, sizeof *v);
    assert_non_null(v);
    const int32_t margins[] = {0, 1, -1, 9, 10, -10, 12345, INT32_MAX, INT32_MIN};
    for (size_t i = 0; i < N; i++) {
        v[i] = one;
        v[i].rule = model;
        v[i].confidence = (double)(i % 23) / 22.0 + (i % 2 ? 0.005 : 0.0);
        v[i].margin = margins[i % (sizeof margins / sizeof *margins)];
    }
    free(dm.v);
    dm.v = v;
    dm.n = dm.cap = N;
    eg_doc doc = {0};
    doc.id = "m";
    doc.text = (char *)text;
    doc.len = strlen(text);
    char *buf = NULL;
    size_t used = 0, cap = 0;
    assert_int_equal(eg_mentions_append_jsonl(&buf, &used, &cap, x, &doc, &dm, 0), EG_OK);
    const char *p = buf;
    for (size_t i = 0; i < N; i++) {
        char want[96];
        snprintf(want, sizeof want, "\"rule\":\"model\",\"confidence\":%.2f,\"margin\":%d}", v[i].confidence,
                 (int)v[i].margin);
        const char *at = strstr(p, "\"rule\":");
        assert_non_null(at);
        assert_memory_equal(at, want, strlen(want));
        p = at + strlen(want);
    }
    assert_null(strstr(p, "\"rule\":"));
    free(buf);
    eg_doc_mentions_destroy(&dm);
    eg_extractor_free(x);
    eg_dict_free(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(mentions_sentences_and_offsets),
        cmocka_unit_test(mentions_model_confidence_and_margin),
        cmocka_unit_test(a_name_beats_an_alias),
        cmocka_unit_test(ambiguous_places_resolve_by_document),
        cmocka_unit_test(t2s_matches_either_script),
        cmocka_unit_test(a_clone_finds_the_same),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
