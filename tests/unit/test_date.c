#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include "entgraph/date.h"

static void expect(const char *in, eg_date_format f, const char *want)
{
    char out[11] = "unchanged";
    int r = eg_date_parse(in, strlen(in), f, out);
    if (want) {
        assert_int_equal(r, 0);
        assert_string_equal(out, want);
    } else {
        assert_int_equal(r, -1);
        assert_string_equal(out, "unchanged");
    }
}

static void written_forms(void **state)
{
    (void)state;
    expect("2022-05-31", EG_DATE_AUTO, "2022-05-31");
    expect(" 2022-05-31\n", EG_DATE_AUTO, "2022-05-31");
    expect("2022-05-31T08:30", EG_DATE_AUTO, "2022-05-31");
    expect("2022-05-31t08:30:59.5z", EG_DATE_AUTO, "2022-05-31");
    expect("2022-05-31 23:30:00-05:00", EG_DATE_AUTO, "2022-05-31");
    expect("2022-05-31T08:30:00+0800", EG_DATE_AUTO, "2022-05-31");
    expect("20020101", EG_DATE_AUTO, "2002-01-01");
    expect("2022/5/3", EG_DATE_AUTO, "2022-05-03");
    expect("2022.12.31", EG_DATE_AUTO, "2022-12-31");
    expect("2022-05", EG_DATE_AUTO, "2022-05-01");
    expect("2022年5月31日", EG_DATE_AUTO, "2022-05-31");
    expect("2022年12月", EG_DATE_AUTO, "2022-12-01");
    expect("\xEF\xBC\x92\xEF\xBC\x90\xEF\xBC\x92\xEF\xBC\x92年5月3号", EG_DATE_AUTO, "2022-05-03");
    expect("2024-02-29", EG_DATE_AUTO, "2024-02-29");
    expect("2000-02-29", EG_DATE_AUTO, "2000-02-29");
}

static void not_dates(void **state)
{
    (void)state;
    const char *bad[] = {"", " ", "yesterday", "2023-02-29", "1900-02-29", "2022-13-01",
                         "2022-00-10", "2022-05-32", "20221301", "2022-5-31", "05/31/2022",
                         "2022-05-31T25:00", "2022-05-31T08:30+15:00", "2022-05-31X",
                         "2022/5-3", "0000-01-01", "1651363200", "2022年5月31", "22-05-31",
                         "2022-05-31T08", "２０２２"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) expect(bad[i], EG_DATE_AUTO, NULL);
    char out[11];
    assert_int_equal(eg_date_parse(NULL, 0, EG_DATE_AUTO, out), -1);
    /* only len bytes are read */
    assert_int_equal(eg_date_parse("2022-05-3199", 10, EG_DATE_AUTO, out), 0);
    assert_string_equal(out, "2022-05-31");
}

static void unix_seconds_and_days(void **state)
{
    (void)state;
    expect("0", EG_DATE_UNIX, "1970-01-01");
    expect("1653955200", EG_DATE_UNIX, "2022-05-31");
    expect("1653955199", EG_DATE_UNIX, "2022-05-30");
    expect("-1", EG_DATE_UNIX, "1969-12-31");
    expect("2022-05-31", EG_DATE_UNIX, NULL);
    expect("12x", EG_DATE_UNIX, NULL);
    expect("-", EG_DATE_UNIX, NULL);
    expect("99999999999999999999", EG_DATE_UNIX, NULL);
    int32_t d;
    assert_int_equal(eg_date_days("1970-01-02", &d), 0);
    assert_int_equal(d, 1);
    assert_int_equal(eg_date_days("2022-05-31", &d), 0);
    char out[11];
    eg_date_from_days(d, out);
    assert_string_equal(out, "2022-05-31");
    eg_date_from_days(d + 1, out);
    assert_string_equal(out, "2022-06-01");
    assert_int_equal(eg_date_days("2022-5-31", &d), -1);
    assert_int_equal(eg_date_days("2022-02-30", &d), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(written_forms),
        cmocka_unit_test(not_dates),
        cmocka_unit_test(unix_seconds_and_days),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
