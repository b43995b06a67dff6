#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include "entgraph/status.h"

static void names_and_messages(void **state)
{
    (void)state;
    assert_string_equal(eg_status_name(EG_OK), "EG_OK");
    assert_string_equal(eg_status_name(EG_ENOMEM), "EG_ENOMEM");
    assert_string_equal(eg_status_name((eg_status)999), "EG_UNKNOWN");
    assert_string_equal(eg_status_message(EG_ENOMEM), "out of memory");
    for (int s = 0; s < EG_STATUS_COUNT; s++)
        assert_non_null(eg_status_message((eg_status)s));
}

static void format_positions(void **state)
{
    (void)state;
    eg_error e = {0};
    char buf[256];
    e.status = EG_EPARSE;
    strcpy(e.path, "dict/a.tsv");
    e.line = 3;
    e.column = 7;
    strcpy(e.message, "empty name");
    assert_string_equal(eg_error_format(&e, buf, sizeof buf), "dict/a.tsv:3:7: error: empty name");
    e.line = 0;
    assert_string_equal(eg_error_format(&e, buf, sizeof buf), "dict/a.tsv: error: empty name");
    e.path[0] = 0;
    e.message[0] = 0;
    assert_string_equal(eg_error_format(&e, buf, sizeof buf), "error: malformed input");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(names_and_messages),
        cmocka_unit_test(format_positions),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
