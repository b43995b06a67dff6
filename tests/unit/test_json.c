/* The JSON reading module (src/json.c), cJSON behind it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "json.h"

static void accessors(void **state)
{
    (void)state;
    static const char doc[] = "{\"a\":\"x\",\"n\":2.5,\"z\":null,\"l\":[1,\"two\",{\"k\":3}]} trailing";
    size_t at = 99;
    eg__json *j = eg__json_parse(doc, strlen(doc), &at);
    assert_non_null(j);
    assert_int_equal(at, 99); /* untouched on success */
    assert_true(eg__json_is_object(j));
    assert_string_equal(eg__json_str(eg__json_get(j, "a")), "x");
    assert_null(eg__json_get(j, "A")); /* case-sensitive */
    assert_true(eg__json_number(eg__json_get(j, "n")) == 2.5);
    assert_true(eg__json_is_null(eg__json_get(j, "z")));
    /* the wrong type answers NULL / 0 / no, and NULL is fine everywhere */
    assert_null(eg__json_str(eg__json_get(j, "n")));
    assert_true(eg__json_number(eg__json_get(j, "a")) == 0);
    assert_null(eg__json_get(eg__json_get(j, "a"), "k"));
    assert_null(eg__json_child(NULL));
    assert_null(eg__json_next(NULL));
    assert_int_equal(eg__json_size(NULL), 0);
    const eg__json *l = eg__json_get(j, "l");
    assert_int_equal(eg__json_size(l), 3);
    /* an array's elements have no names; an object's members do */
    const eg__json *e = eg__json_child(l);
    assert_true(eg__json_is_number(e));
    assert_null(eg__json_key(e));
    e = eg__json_next(e);
    assert_string_equal(eg__json_str(e), "two");
    e = eg__json_next(e);
    assert_true(eg__json_number(eg__json_get(e, "k")) == 3);
    assert_null(eg__json_next(e));
    /* an array is no object: no member of it is found by name */
    assert_null(eg__json_get(l, "k"));
    const char *keys[4];
    size_t n = 0;
    for (const eg__json *m = eg__json_child(j); m; m = eg__json_next(m)) keys[n++] = eg__json_key(m);
    assert_int_equal(n, 4);
    assert_string_equal(keys[0], "a");
    assert_string_equal(keys[3], "l");
    eg__json_free(j);
    eg__json_free(NULL);
}

static void errors_say_where(void **state)
{
    (void)state;
    size_t at = 0;
    static const char bad[] = "{\"a\": tru}";
    assert_null(eg__json_parse(bad, sizeof bad - 1, &at));
    assert_int_equal(at, 6); /* at "tru" */
    /* the length bounds the text: a value cut by it is not JSON */
    assert_null(eg__json_parse("[1,2]", 4, &at));
    assert_true(at <= 4);
    assert_null(eg__json_parse("", 0, NULL));
    eg__json *j = eg__json_parse("\"s\"", 3, NULL);
    assert_string_equal(eg__json_str(j), "s");
    eg__json_free(j);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(accessors),
        cmocka_unit_test(errors_say_where),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
