#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include "entgraph/dict.h"

static const char header[] = "id\tname\ttype\taliases\tparent\n";

static eg_dict *load(const char *text, eg_status want, eg_error *err)
{
    eg_dict *d = NULL;
    assert_int_equal(eg_dict_new(&d), EG_OK);
    memset(err, 0, sizeof *err);
    assert_int_equal(eg_dict_load_buffer(d, "t.tsv", text, strlen(text), err), want);
    return d;
}

static void parses_entries_and_aliases(void **state)
{
    (void)state;
    eg_error err;
    eg_dict *d = load("# comment\n"
                      "id\tname\ttype\taliases\tparent\tcode\n"
                      "\n"
                      "org:icbc\t中国工商银行\tORG\t工行|工商银行\t\t\n"
                      "org:icbc-jx\t中国工商银行嘉兴分行\tORG\t工行嘉兴分行\torg:icbc\t\r\n",
                      EG_OK, &err);
    assert_int_equal(eg_dict_count(d), 2);
    const eg_entity *e = eg_dict_entity(d, 1);
    assert_string_equal(e->id, "org:icbc-jx");
    assert_string_equal(e->name, "中国工商银行嘉兴分行");
    assert_string_equal(e->aliases, "工行嘉兴分行");
    assert_string_equal(e->parent, "org:icbc");
    assert_string_equal(e->source, "dict");
    assert_int_equal(e->line, 5);
    assert_int_equal(eg_dict_find_id(d, "org:icbc"), 0);
    assert_int_equal(eg_dict_find_id(d, "nope"), -1);
    assert_null(eg_dict_entity(d, 2));
    eg_dict_free(d);
}

static void later_entry_with_same_id_wins(void **state)
{
    (void)state;
    eg_error err;
    eg_dict *d = load("id\tname\ttype\taliases\tparent\na\t甲\tLOC\t\t\n", EG_OK, &err);
    const char *second = "id\tname\ttype\taliases\tparent\nb\t乙\tORG\t\t\na\t甲乙\tORG\t\t\n";
    assert_int_equal(eg_dict_load_buffer(d, "u.tsv", second, strlen(second), &err), EG_OK);
    assert_int_equal(eg_dict_count(d), 2);
    assert_string_equal(eg_dict_entity(d, 0)->name, "甲乙");
    assert_string_equal(eg_dict_entity(d, 0)->file, "u.tsv");
    eg_dict_free(d);
}

static void errors_name_line_and_column(void **state)
{
    (void)state;
    eg_error err;
    char buf[1024];
    struct {
        const char *text;
        eg_status st;
        long line, column;
        const char *needle;
    } cases[] = {
        {"id\tname\ttype\taliases\tparent\nx\t名字\tLOC\t\n", EG_EPARSE, 2, 10, "expected 5"},
        {"id\tname\ttype\taliases\tparent\nx\t\tLOC\t\t\n", EG_EPARSE, 2, 3, "empty name"},
        {"id\tname\ttype\taliases\tparent\n\t名\tLOC\t\t\n", EG_EPARSE, 2, 1, "empty id"},
        {"id\tname\ttype\taliases\tparent\nx\t名\tloc\t\t\n", EG_EPARSE, 2, 5, "upper-case"},
        {"id\tname\ttype\taliases\tparent\nx\t名字\xff\tLOC\t\t\n", EG_EUTF8, 2, 5, "invalid UTF-8"},
        {"id\tname\ttype\taliases\tparent\nx\t名\x01\tLOC\t\t\n", EG_EPARSE, 2, 4, "control"},
        {"id\tname\ttype\taliases\tparent\nx\xef\xbf\xbf\t名\tLOC\t\t\n", EG_EPARSE, 2, 2,
         "non-character U+FFFF"},
        {"id\tname\tkind\n", EG_EPARSE, 1, 9, "header"},
        {"id\tname\ttype\taliases\tparent\nx\t名\tLOC\ta||b\t\n", EG_EPARSE, 2, 10, "empty alias"},
        {"id\tname\ttype\taliases\tparent\nx\t 名\tLOC\t\t\n", EG_EPARSE, 2, 3, "spaces"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        eg_dict *d = load(cases[i].text, cases[i].st, &err);
        assert_int_equal(err.line, cases[i].line);
        assert_int_equal(err.column, cases[i].column);
        eg_error_format(&err, buf, sizeof buf);
        assert_non_null(strstr(buf, cases[i].needle));
        assert_non_null(strstr(buf, "t.tsv:"));
        assert_int_equal(eg_dict_count(d), 0); /* nothing kept from a bad file */
        eg_dict_free(d);
    }
}

static void empty_and_comment_only_files(void **state)
{
    (void)state;
    eg_error err;
    eg_dict *d = load("", EG_OK, &err);
    assert_int_equal(eg_dict_count(d), 0);
    eg_dict_free(d);
    d = load("# nothing\n\n", EG_OK, &err);
    assert_int_equal(eg_dict_count(d), 0);
    eg_dict_free(d);
    d = load("\xEF\xBB\xBFid\tname\ttype\taliases\tparent\nx\t名\tLOC\t\t", EG_OK, &err);
    assert_int_equal(eg_dict_count(d), 1); /* BOM, no final newline */
    eg_dict_free(d);
}

static void loads_files_and_folders(void **state)
{
    (void)state;
    eg_dict *d = NULL;
    eg_error err = {0};
    assert_int_equal(eg_dict_new(&d), EG_OK);
    assert_int_equal(eg_dict_load_path(d, EG_TEST_DATA "/dict", &err), EG_OK);
    /* b.tsv loads after a.tsv and overrides its entry. */
    long i = eg_dict_find_id(d, "loc:x");
    assert_true(i >= 0);
    assert_string_equal(eg_dict_entity(d, (size_t)i)->name, "乙地");
    assert_int_equal(eg_dict_load_path(d, EG_TEST_DATA "/no-such-file.tsv", &err), EG_EIO);
    assert_non_null(strstr(err.path, "no-such-file.tsv"));
    eg_dict_free(d);
    (void)header;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(parses_entries_and_aliases),
        cmocka_unit_test(later_entry_with_same_id_wins),
        cmocka_unit_test(errors_name_line_and_column),
        cmocka_unit_test(empty_and_comment_only_files),
        cmocka_unit_test(loads_files_and_folders),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
