#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "recognize.h"

/* Runs the rules on s and returns the names found as "a|b|c". */
static const char *people(const char *s)
{
    static char buf[512];
    eg__spans sp = {0};
    assert_int_equal(eg__recognize_people(s, strlen(s), &sp), EG_OK);
    buf[0] = 0;
    for (size_t i = 0; i < sp.n; i++) {
        if (i) strcat(buf, "|");
        strncat(buf, s + sp.v[i].start, sp.v[i].end - sp.v[i].start);
    }
    eg__spans_free(&sp);
    return buf;
}

static void bylines(void **state)
{
    (void)state;
    assert_string_equal(people("王立新 赵敏"), "王立新|赵敏");
    assert_string_equal(people("孙海燕 文/摄"), "孙海燕");
    assert_string_equal(people("欧阳明远 何静 摄"), "欧阳明远|何静");
    assert_string_equal(people("韩冰"), "韩冰");
    /* not bylines: words that begin with a surname character, long tokens,
     * headline-like lines, credits alone */
    assert_string_equal(people("高峰论坛 开幕"), "");
    assert_string_equal(people("全面推进 乡村振兴"), "");
    assert_string_equal(people("文/摄"), "");
    assert_string_equal(people("王立新 赵敏 李四 张三 刘五"), "");
    assert_string_equal(people("abc 王立"), "");
}

static void titles(void **state)
{
    (void)state;
    assert_string_equal(people("镇党委书记许文涛说，今年的任务很重。"), "许文涛");
    assert_string_equal(people("记者从会上获悉，院长马骏向大家介绍了情况。"), "马骏");
    assert_string_equal(people("社区主任梁红在会上讲话"), "梁红");
    assert_string_equal(people("首席专家司马光远指出"), "司马光远");
    /* a title not followed by a surname, or followed by a function word */
    assert_string_equal(people("书记处召开会议"), "");
    assert_string_equal(people("主任说了什么"), "");
    assert_string_equal(people("这位局长的工作"), "");
}

static void surname_tables(void **state)
{
    (void)state;
    assert_true(eg__is_surname(0x738B));  /* 王 */
    assert_false(eg__is_surname(0x7684)); /* 的 */
    assert_true(eg__is_compound_surname(0x6B27, 0x9633)); /* 欧阳 */
    assert_false(eg__is_compound_surname(0x6B27, 0x6D32)); /* 欧洲 */
    assert_string_equal(eg__rule_name(EG_RULE_BYLINE), "byline");
    assert_string_equal(eg__rule_name(EG_RULE_COUNT), "unknown");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(bylines),
        cmocka_unit_test(titles),
        cmocka_unit_test(surname_tables),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
