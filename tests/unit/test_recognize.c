#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "recognize.h"
#include "recognize_impl.h"

/* Runs the rules on s and returns the names found as "a|b|c". */
static const char *people(const char *s)
{
    static char buf[512];
    eg__spans sp = {0};
    assert_int_equal(eg__recognize_people(s, strlen(s), &sp), EG_OK);
    /* in text order, as the extractor sorts them */
    for (size_t i = 1; i < sp.n; i++)
        for (size_t j = i; j > 0 && sp.v[j].start < sp.v[j - 1].start; j--) {
            eg__span t = sp.v[j];
            sp.v[j] = sp.v[j - 1];
            sp.v[j - 1] = t;
        }
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
    assert_string_equal(people("孙海燕 李华 图/文"), "孙海燕|李华");
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

static void foreign_lists_and_plain_names(void **state)
{
    (void)state;
    /* transliterations on a title or verb, or with a middle dot */
    assert_string_equal(people("美国总统克林顿今天说"), "克林顿");
    assert_string_equal(people("阿尤布·汗来到会场"), "阿尤布·汗");
    assert_string_equal(people("巴塞罗那的风景"), ""); /* no evidence: no name */
    /* list items next to a name found on other evidence */
    assert_string_equal(people("记者王立新、赵敏和孙海燕报道"), "王立新|赵敏|孙海燕");
    assert_string_equal(people("管理上、政策上都有进步"), "");
    /* a full name with name-like given characters, standing as a word */
    assert_string_equal(people("张伟明今天到了"), "张伟明");
    assert_string_equal(people("张建华今天到了"), ""); /* 建 is rare in names: no evidence, no name */
    assert_string_equal(people("高质量发展"), "");
    assert_string_equal(people("黄金价格"), "");
    /* honorifics: 老王, 朱老 — and not 老黄牛 or 小康社会 */
    assert_string_equal(people("老王说，这事好办"), "王");
    assert_string_equal(people("他对朱老的照顾"), "朱");
    assert_string_equal(people("像老黄牛一样"), "");
    assert_string_equal(people("建设小康社会"), "");
}

/* The people rules read on to the next character their mask marks, eight
 * at a time where they can: a name is found at any offset, and near the
 * end of the paragraph. */
static void people_found_at_any_offset(void **state)
{
    (void)state;
    const char *cases[][2] = {{"老王说", "王"},           {"他对朱老的照顾", "朱"}, {"老王，", "王"},
                              {"美国总统克林顿今天说", "克林顿"}, {"张伟明今天到了", "张伟明"},
                              {"巡护员扎西顿珠告诉记者", "扎西顿珠"}, {"我们找到了孙先生", "孙"},
                              {"参加的有王友福、杨福景、罗斯林和张强", "王友福|杨福景|罗斯林"}};
    char text[256];
    for (size_t k = 0; k < 20; k++)
        for (size_t q = 0; q < sizeof cases / sizeof *cases; q++) {
            text[0] = 0;
            for (size_t j = 0; j < k; j++) strcat(text, "，");
            strcat(text, cases[q][0]);
            assert_string_equal(people(text), cases[q][1]);
        }
}

static void address_and_boundaries(void **state)
{
    (void)state;
    /* a bare surname with a form of address: 孙先生, 钱某 */
    assert_string_equal(people("我们找到了孙先生，他很热情"), "孙");
    assert_string_equal(people("据悉，钱某已被警方控制"), "钱");
    assert_string_equal(people("在董老师的帮助下"), "董");
    /* 老 after a surname is a form of address (朱老, an elder): the
     * tagger's two-character "person" 朱老 is none */
    assert_true(eg__is_surname_address("朱老", strlen("朱老")));
    assert_false(eg__is_surname_address("朱老师傅", strlen("朱老师傅")));
    /* 老 and 某 after any character (the words around decide later), 老
     * with the next surnames of the frequency lists too; 某 as a
     * determiner (某个) or after a function word (鉴于) is none */
    assert_string_equal(people("谈起曹老对他的帮助"), "曹");
    assert_string_equal(people("出版社安排董老去休息"), "董");
    assert_string_equal(people("同村吴某叫来了警察"), "吴");
    assert_string_equal(people("那个老王，个子很高"), "王");
    assert_string_equal(people("那个老崔，个子很高"), "崔");
    assert_string_equal(people("不要依赖某个方面"), "");
    assert_string_equal(people("鉴于某些机构"), "");
    /* a character that is a surname but a word here: 共和国主席, 该党主席 */
    assert_string_equal(people("共和国主席令"), "");
    assert_string_equal(people("该党主席表示"), "");
    /* the word after the name decides its length: 报道 is a verb, 与 ends it */
    assert_string_equal(people("本报记者林涛报道"), "林涛");
    assert_string_equal(people("县委书记魏振国与代表们座谈"), "魏振国");
    /* common words that begin with a surname character are no names */
    assert_string_equal(people("经理普遍认为"), "");
    assert_string_equal(people("他同主任商量过这件事"), "");
    /* a title or verb after three characters, none after two: the full name */
    assert_string_equal(people("据介绍，韦彦彬校长说，学校很好"), "韦彦彬");
    assert_string_equal(people("当天，郝铁辰厂长表示同意"), "郝铁辰");
    /* given-name odds from the general dictionary for characters the
     * labelled table lacks: 彦 is name-like, 起 is not */
    assert_string_equal(people("我们找到了郝彦彬。"), "郝彦彬");
    assert_string_equal(people("我们找到了郝起落。"), "");
    /* a list of three or more plausible names, and a list of things */
    assert_string_equal(people("参赛的有孙丽萍、郝彦彬、韦晓明和钱丽娟。"), "孙丽萍|郝彦彬|韦晓明|钱丽娟");
    assert_string_equal(people("发展金融、保险、证券和房地产"), "");
    /* a trophy named after a person */
    assert_string_equal(people("本届戴维斯杯的比赛"), "戴维斯");
    assert_string_equal(people("世界杯的比赛"), "");
    /* more verbs after a name */
    assert_string_equal(people("１９９０年，韦晓明担任厂长"), "韦晓明");
    /* transliterations with 尔 and 夫 */
    assert_string_equal(people("美国教练杰拉尔德表示"), "杰拉尔德");
}

/* Abbreviations known to the test: 中 美 日 京. */
static int test_abbr(void *user, uint32_t c)
{
    (void)user;
    return c == 0x4E2D || c == 0x7F8E || c == 0x65E5 || c == 0x4EAC;
}

static const char *abbreviations(const char *s)
{
    static char buf[256];
    eg__spans out = {0};
    assert_int_equal(eg__recognize_abbreviations(s, strlen(s), test_abbr, NULL, &out), EG_OK);
    buf[0] = 0;
    for (size_t i = 0; i < out.n; i++) {
        if (i) strcat(buf, "|");
        strncat(buf, s + out.v[i].start, out.v[i].end - out.v[i].start);
    }
    eg__spans_free(&out);
    return buf;
}

/* People named after their job or role, not an official title (菜农,
 * 护林员, 外援); surnames the table had lacked (洪, 傅, 蒯); a surname with
 * a form of address right after a title (科长王某); Tibetan names, which
 * no surname starts (扎西顿珠) and transliteration cuts short; the Dai's
 * 岩. Sentences made up for the patterns. */
static void roles_surnames_and_tibetan_names(void **state)
{
    (void)state;
    assert_string_equal(people("大棚里，菜农许长林正在摘黄瓜。"), "许长林");
    assert_string_equal(people("当地护林员贺春生的家在山脚下"), "贺春生");
    assert_string_equal(people("外援卡洛斯打进一球"), "卡洛斯");
    assert_string_equal(people("新来的女教师周晓梅上课很认真"), "周晓梅");
    /* but what is done for them is no name: 解 is a surname, 难 no given name */
    assert_string_equal(people("党员们为村民解难事。"), "");
    /* the surnames: a title before them */
    assert_string_equal(people("公司总经理洪立平说，订单多了。"), "洪立平");
    assert_string_equal(people("县长傅海生表示"), "傅海生");
    assert_string_equal(people("厂长蒯志军说"), "蒯志军");
    /* words that start with one are still no names (洪涝) */
    assert_string_equal(people("村民洪涝灾害后重建家园"), "");
    /* a surname with a form of address after a title or role: the surname */
    assert_string_equal(people("科长刘某说，门诊停业了。"), "刘");
    assert_string_equal(people("职工王某正在值班"), "王");
    /* Tibetan names: two parts, or one with a title or verb */
    assert_string_equal(people("巡护员扎西顿珠告诉记者"), "扎西顿珠");
    assert_string_equal(people("牧民格桑次仁赶着牦牛下山"), "格桑次仁");
    assert_string_equal(people("旦增说，青稞长得好。"), "旦增");
    assert_string_equal(people("扎西德勒"), ""); /* a greeting: one part, no evidence */
    /* the Dai's 岩 starts a name after a role, not a word (岩石) */
    assert_string_equal(people("护林员岩温一早就出门了"), "岩温");
    assert_string_equal(people("这里的岩石很硬"), "");
}

/* Japanese names (src/japanese_names.inc): a family name and a given name
 * of the tables standing as a word, or with a title glued to the next word;
 * a one-character or unknown given name, or the family name alone, only
 * with a title and Japan in the paragraph, or a title only Japan's office
 * holders carry. Sentences made up for the patterns. */
static void japanese_names(void **state)
{
    (void)state;
    assert_string_equal(people("在昨天的比赛中，佐野美和子不慎扭伤了脚。"), "佐野美和子");
    assert_string_equal(people("大学教授松田健二在会上发言"), "松田健二");
    /* glued to the next word: with a title, in a paragraph about Japan */
    assert_string_equal(people("日本某大学教授森田和夫利用卫星做实验"), "森田和夫");
    /* a given name the table lacks, after a title, about Japan */
    assert_string_equal(people("日本驻华大使竹内要平今天说"), "竹内要平");
    assert_string_equal(people("驻华大使竹内要平今天说"), "");
    /* the family name alone */
    assert_string_equal(people("村田首相今天会见了客人。"), "村田");
    assert_string_equal(people("据日本媒体报道，石川会长表示支持。"), "石川");
    /* a family name that names a place too, before its head's title */
    assert_string_equal(people("据日本媒体报道，冈山市长表示支持。"), "");
    assert_string_equal(people("据日本媒体报道，冈山会长表示支持。"), "冈山");
    assert_string_equal(people("国际协会会长上村光弘一行抵达。会见时，上村会长说，合作前景广阔。"),
                        "上村光弘|上村");
    /* a place or a word that is a family name too, with nothing of Japan */
    assert_string_equal(people("中山市长今天视察了工地。"), "");
    assert_string_equal(people("福田村的农民在地里劳动"), "");
}

/* The Japanese family names as the rule's table has them, to check its
 * filter against */
static const uint32_t japanese_family_table[][2] = {
#define JAPANESE_FAMILY_NAMES
#include "japanese_names.inc"
#undef JAPANESE_FAMILY_NAMES
};

/* The filter before the family names' table lets every one of them
 * through: each, before a title only Japan's office holders carry, starts
 * a Japanese name (the filter and the table are written apart, by
 * scripts/gen_japanese_names.py, and read apart, by japanese_family_at). */
static void japanese_family_filter_passes_every_name(void **state)
{
    (void)state;
    size_t n = sizeof japanese_family_table / sizeof *japanese_family_table;
    assert_true(n > 1000);
    for (size_t k = 0; k < n; k++) {
        char text[64];
        size_t len = eg__utf8_put(japanese_family_table[k][0], text);
        len += eg__utf8_put(japanese_family_table[k][1], text + len);
        strcpy(text + len, "首相今天会见了客人。");
        eg__spans sp = {0};
        assert_int_equal(eg__recognize_people(text, strlen(text), &sp), EG_OK);
        int found = 0;
        for (size_t q = 0; q < sp.n; q++) found |= sp.v[q].start == 0 && sp.v[q].rule == EG_RULE_JAPANESE;
        if (!found) fail_msg("%s: no Japanese name", text);
        eg__spans_free(&sp);
    }
}

/* The given-name tables as recognize_people.c has them, to check the
 * index made from them at build time against */
static const struct {
    uint32_t c;
    uint16_t in_given;
    uint32_t total;
} given_table[] = {
#include "given_names.inc"
};
static const struct {
    uint32_t c;
    uint16_t per_10000;
} prior_table[] = {
#include "given_names_prior.inc"
};

/* eg__given_name_likelihood, read through the index by code point, is at
 * every code point what searching the two tables (given_chars, then
 * given_prior) gives. */
static void given_name_likelihood_is_the_tables(void **state)
{
    (void)state;
    size_t ng = sizeof given_table / sizeof *given_table, np = sizeof prior_table / sizeof *prior_table;
    for (uint32_t c = 0; c < 0x11000; c++) {
        double want = 0.5 / 8.0;
        size_t k = 0;
        while (k < ng && given_table[k].c != c) k++;
        if (k < ng) want = (given_table[k].in_given + 0.5) / (given_table[k].total + 4.0);
        else {
            for (k = 0; k < np && prior_table[k].c != c; k++) {}
            if (k < np) want = prior_table[k].per_10000 / 10000.0;
        }
        if (eg__given_name_likelihood(c) != want) fail_msg("U+%04X: %g, not %g", c, eg__given_name_likelihood(c), want);
    }
}

static void one_character_abbreviations(void **state)
{
    (void)state;
    assert_string_equal(abbreviations("中美关系正常化"), "中|美");
    assert_string_equal(abbreviations("中、美、日等国"), "中|美|日");
    assert_string_equal(abbreviations("他昨天抵京"), "京");
    assert_string_equal(abbreviations("抗日战争"), "日");
    /* 中 and 日 as ordinary words: after another Chinese character, two
     * countries are only proposed, for the words to refuse (a loose pair,
     * strong 6: loose_country_pair) */
    assert_string_equal(abbreviations("其中美好的日子"), "中|美");
    assert_string_equal(abbreviations("今日中午"), "日|中");
    assert_string_equal(abbreviations("中午"), "");
    assert_string_equal(abbreviations("中美"), "中|美"); /* two countries alone */
    /* two countries side by side at a word start, without a relation word */
    assert_string_equal(abbreviations("他说，中美三个公报"), "中|美");
    assert_string_equal(abbreviations("其中美日两国"), "美|日"); /* 其中 is a word */
    /* after a verb of stance, and in set words */
    assert_string_equal(abbreviations("改善对美政策"), "美");
    assert_string_equal(abbreviations("他爱看京剧"), "京");
    assert_string_equal(abbreviations("京城的冬天"), "");
}

/* Two countries' abbreviations right after another Chinese character,
 * before no word of relation, are a loose pair (strong 6) the words decide
 * on; at a clause start, or before a relation word, they are certain; not
 * one character twice, nor right after a character of transliterations. */
static void loose_country_pair(void **state)
{
    (void)state;
    const char *s[] = {"表明了中美加强合作", "其中美好", "他说，中美三个公报", "表明了中美关系", "小美美",
                       "劳埃日美"};
    const int n[] = {2, 2, 2, 2, 0, 0};
    const int strong[] = {6, 6, 0, 0, 0, 0};
    for (size_t i = 0; i < sizeof s / sizeof *s; i++) {
        eg__spans out = {0};
        assert_int_equal(eg__recognize_abbreviations(s[i], strlen(s[i]), test_abbr, NULL, &out), EG_OK);
        assert_int_equal(out.n, n[i]);
        for (size_t k = 0; k < out.n; k++) assert_int_equal(out.v[k].strong, strong[i]);
        eg__spans_free(&out);
    }
}

/* A country's side or army right after another Chinese character is
 * proposed for the word test to decide on its left (strong 5); after a
 * clause mark it is certain (strong 0). */
static void country_side_after_han(void **state)
{
    (void)state;
    const char *s[] = {"敦促美方停止", "这种集中方式", "她说，日方收到", "中美两国"};
    const char *want[] = {"美", "中", "日", "中"};
    const int strong[] = {5, 5, 0, 0};
    for (size_t i = 0; i < 4; i++) {
        eg__spans out = {0};
        assert_int_equal(eg__recognize_abbreviations(s[i], strlen(s[i]), test_abbr, NULL, &out), EG_OK);
        assert_true(out.n >= 1);
        assert_int_equal(out.v[0].end - out.v[0].start, strlen(want[i]));
        assert_memory_equal(s[i] + out.v[0].start, want[i], strlen(want[i]));
        assert_int_equal(out.v[0].strong, strong[i]);
        eg__spans_free(&out);
    }
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

/* Runs the compound rules on s with the dictionary places given as
 * substrings, and returns what they build as "text:rule|…". */
static const char *compounds(const char *s, const char *const *places)
{
    static char buf[512];
    eg__span dict[8];
    uint8_t types[8];
    size_t n = 0;
    const char *from = s;
    for (const char *const *p = places; *p; p++) {
        int org = **p == '@'; /* "@name": a known organisation, else a place */
        const char *name = *p + org;
        const char *at = strstr(from, name);
        assert_non_null(at);
        dict[n].start = (size_t)(at - s);
        dict[n].end = dict[n].start + strlen(name);
        dict[n].rule = EG_RULE_NONE;
        dict[n].entity = 0;
        types[n++] = org ? EG__T_ORG : EG__T_LOC;
        from = at + strlen(name);
    }
    eg__spans out = {0};
    assert_int_equal(eg__recognize_compounds(s, strlen(s), dict, types, n, &out), EG_OK);
    buf[0] = 0;
    for (size_t i = 0; i < out.n; i++) {
        if (i) strcat(buf, "|");
        strncat(buf, s + out.v[i].start, out.v[i].end - out.v[i].start);
        strcat(buf, ":");
        strcat(buf, eg__rule_name(out.v[i].rule));
    }
    eg__spans_free(&out);
    return buf;
}

static void compound_organisations_and_places(void **state)
{
    (void)state;
    const char *none[] = {NULL};
    const char *p1[] = {"巴西", NULL};
    assert_string_equal(compounds("巴西队获胜", p1), "巴西队:team");
    assert_string_equal(compounds("巴西女子足球队获胜", p1), "巴西女子足球队:team");
    const char *p2[] = {"东湖", NULL};
    assert_string_equal(compounds("东湖大学的学生", p2), "东湖大学:org_suffix");
    assert_string_equal(compounds("东湖交通大学", p2), "东湖交通大学:org_suffix");
    const char *p3[] = {"东湖县", NULL};
    assert_string_equal(compounds("东湖县人民法院判决", p3), "东湖县人民法院:org_suffix");
    assert_string_equal(compounds("东湖县青石乡的农民", p3), "青石乡:loc_suffix");
    /* no head, or a function word before it: nothing */
    assert_string_equal(compounds("东湖县今年的农业", p3), "");
    assert_string_equal(compounds("东湖县的大学", p3), "");
    /* one-character heads after two name characters, ending the word */
    assert_string_equal(compounds("东湖县广电局发布", p3), "东湖县广电局:org_suffix");
    assert_string_equal(compounds("东湖县经济社会发展", p3), ""); /* 社会 is no head */
    assert_string_equal(compounds("东湖县大部分地区", p3), "");
    /* a long middle before a head word, and 厂 as a head */
    assert_string_equal(compounds("东湖县劳动争议仲裁委员会成立", p3), "东湖县劳动争议仲裁委员会:org_suffix");
    assert_string_equal(compounds("东湖县青山机械厂的工人", p3), "东湖县青山机械厂:org_suffix");
    assert_string_equal(compounds("东湖县青山机械厂房", p3), "");
    /* the place's party committee, with the party before it and a department after it */
    const char *p4[] = {"@中共", "东湖县", NULL};
    assert_string_equal(compounds("中共东湖县委组织部发文", p4), "中共东湖县委组织部:org_suffix");
    assert_string_equal(compounds("东湖县委员", p3), "");
    /* a known organisation + a middle + a head: a body inside it */
    const char *o1[] = {"@东湖研究院", NULL};
    assert_string_equal(compounds("东湖研究院材料测试中心主任", o1), "东湖研究院材料测试中心:org_suffix");
    /* a head that is part of a longer word is none: 大学生, 签署, 东南部 */
    assert_string_equal(compounds("东湖县师范大学生活区", p3), "");
    assert_string_equal(compounds("东湖县政府签署协议", p3), "");
    assert_string_equal(compounds("东湖县城区东南部", p3), "");
    /* an organisation widened twice: …协会 + 纪律委员会 */
    assert_string_equal(compounds("东湖县游泳协会纪律委员会通报", p3), "东湖县游泳协会纪律委员会:org_suffix");
    /* a periodical's title in 《》: a word for a periodical after the title
     * or ending it, or 报; not a book's title, nor an unclosed one */
    const char *t1 = "北澳《星期》周刊报道", *t2 = "北澳《星光报》报道", *t3 = "北澳《今日新闻》报道";
    assert_int_equal(eg__periodical_after(t1, strlen(t1), 6), strlen("北澳《星期》周刊"));
    assert_int_equal(eg__periodical_after(t2, strlen(t2), 6), strlen("北澳《星光报》"));
    assert_int_equal(eg__periodical_after(t3, strlen(t3), 6), strlen("北澳《今日新闻》"));
    const char *t4 = "北澳《山海经济学》一书", *t5 = "北澳《星光报";
    assert_int_equal(eg__periodical_after(t4, strlen(t4), 6), 0);
    assert_int_equal(eg__periodical_after(t5, strlen(t5), 6), 0);
    assert_int_equal(eg__periodical_after(t2, strlen(t2), 3), 0);
    /* party congresses, as words */
    assert_string_equal(compounds("党的十六大以来", none), "十六大:congress");
    assert_string_equal(compounds("第十六大项", none), "");
    assert_string_equal(compounds("十六大厦", none), "");
    assert_string_equal(eg__rule_type(EG_RULE_TEAM), "ORG");
    assert_string_equal(eg__rule_type(EG_RULE_LOC_SUFFIX), "LOC");
    assert_string_equal(eg__rule_type(EG_RULE_TITLE), "PER");
}

/* Two organisations joined by a word of joint action or a conjunction are
 * two, whatever the words (made-up names); one name with such a word inside
 * it, or a head on one side only, is not. */
static void two_organisations_joined(void **state)
{
    (void)state;
    const char *two[] = {"青溪县交通运输局联合白石镇中心医院", "南湖区教育局与南湖区卫生局", "北山大学携手北山日报社",
                         "东港市税务局和东港市财政局"};
    const char *one[] = {"中华人民共和国外交部", "青溪县交通运输局", "全国青年联合会", "青溪县教育局和白石镇",
                         "白石镇与青溪县卫生局", "某局与某院", "东港市税务局与学院"};
    for (size_t k = 0; k < sizeof two / sizeof *two; k++) assert_true(eg__joins_two_orgs(two[k], strlen(two[k])));
    for (size_t k = 0; k < sizeof one / sizeof *one; k++) assert_false(eg__joins_two_orgs(one[k], strlen(one[k])));
}

/* The head right after a known organisation's name (made-up names): a
 * head word or a tail (银行, 集团, 党委), as a word of its own; with
 * tails_only only a tail naming a body of it (办公室, not 日报); never a
 * head for bodies in general (机构), nor one that runs on into a word
 * (大学生). */
static void head_after_organisation(void **state)
{
    (void)state;
    struct { const char *s; size_t at; int tails_only; size_t end; } cases[] = {
        {"青溪银行今天开业", 6, 0, 12},        /* 青溪 + 银行 */
        {"青溪集团公司", 6, 0, 12},            /* 青溪 + 集团 (公司: another round) */
        {"青溪公司党委书记", 12, 0, 18},       /* …公司 + 党委 */
        {"青溪日报室", 6, 0, 12},              /* a head word, when any head may follow */
        {"青溪日报室", 6, 1, 0},               /* no tail */
        {"青溪中心办公室", 12, 1, 21},         /* 办公室 is a tail */
        {"青溪机构改革", 6, 0, 0},             /* bodies in general */
        {"青溪大学生", 6, 0, 0},               /* 大学 runs on into 大学生 */
        {"青溪今天", 6, 0, 0},                 /* no head */
    };
    for (size_t k = 0; k < sizeof cases / sizeof *cases; k++)
        assert_int_equal(eg__org_head_after(cases[k].s, strlen(cases[k].s), cases[k].at, cases[k].tails_only),
                         cases[k].end);
}

/* The word lists looked up by their endings (the generated index by the
 * last bytes): whole heads, heads at the end of a longer name, titles and
 * roles right before a position, and the near misses around them. */
static void words_by_ending(void **state)
{
    (void)state;
    assert_true(eg__is_org_head("委员会", strlen("委员会")));
    assert_true(eg__is_org_head("人民代表大会常务委员会", strlen("人民代表大会常务委员会")));
    assert_true(eg__is_org_head("医院", strlen("医院")));
    assert_false(eg__is_org_head("青溪医院", strlen("青溪医院"))); /* the whole, not its end */
    assert_false(eg__is_org_head("院", strlen("院")));             /* shorter than any head */
    assert_false(eg__is_org_head("", 0));
    assert_true(eg__ends_with_org_head("青溪医院", strlen("青溪医院")));
    assert_true(eg__ends_with_org_head("青溪县常务委员会", strlen("青溪县常务委员会")));
    assert_false(eg__ends_with_org_head("医院", strlen("医院"))); /* the head alone ends no name */
    assert_false(eg__ends_with_org_head("青溪医院门口", strlen("青溪医院门口")));
    assert_false(eg__ends_with_org_head("", 0));
    const char *s = "青溪县局长王某与菜农李某"; /* 局长 ends at byte 15, 菜农 at 30 */
    assert_true(eg__title_before(s, 15));
    assert_true(eg__title_before(s, 30));
    assert_false(eg__title_before(s, 12));
    assert_false(eg__title_before(s, 18));
    assert_false(eg__title_before(s, 0));
    assert_false(eg__title_before(s, 3));
    /* and by their beginnings: the longest head at the start */
    assert_int_equal(eg__org_head_at("人民代表大会常务委员会今天", strlen("人民代表大会常务委员会今天")),
                     strlen("人民代表大会常务委员会"));
    assert_int_equal(eg__org_head_at("医院门口", strlen("医院门口")), strlen("医院"));
    assert_int_equal(eg__org_head_at("医", strlen("医")), 0);
    assert_int_equal(eg__org_head_at("门口医院", strlen("门口医院")), 0);
    assert_true(eg__address_follows("女士说", strlen("女士说")));
    assert_false(eg__address_follows("说女士", strlen("说女士")));
}

/* The people rules' character mask (one table for the sets their loops
 * ask at every character) says what each of its sets says, at every
 * code point. */
static void people_mask_is_the_sets(void **state)
{
    (void)state;
    for (uint32_t c = 0; c < 0x10000; c++) {
        unsigned m = eg__cmask_pages[eg__cmask_index[c >> 8]][c & 0xFF];
        assert_int_equal(!!(m & CMASK_single_surnames), in_set(single_surnames, c));
        assert_int_equal(!!(m & CMASK_compound_surnames), in_set(compound_surnames, c));
        assert_int_equal(!!(m & CMASK_translit_chars), in_set(translit_chars, c));
        assert_int_equal(!!(m & CMASK_LAST_tibetan_name_parts), cset_has(CSET_LAST_tibetan_name_parts, c));
        assert_int_equal(!!(m & CMASK_list_conjunctions), in_set(list_conjunctions, c));
        assert_int_equal(!!(m & CMASK_honorific_right), in_set(honorific_right, c));
        assert_int_equal(!!(m & CMASK_honorific_prefixes), in_set(honorific_prefixes, c));
        assert_int_equal(!!(m & CMASK_list_separators), in_set(list_separators, c));
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(bylines),
        cmocka_unit_test(titles),
        cmocka_unit_test(surname_tables),
        cmocka_unit_test(foreign_lists_and_plain_names),
        cmocka_unit_test(people_found_at_any_offset),
        cmocka_unit_test(address_and_boundaries),
        cmocka_unit_test(roles_surnames_and_tibetan_names),
        cmocka_unit_test(japanese_names),
        cmocka_unit_test(japanese_family_filter_passes_every_name),
        cmocka_unit_test(given_name_likelihood_is_the_tables),
        cmocka_unit_test(one_character_abbreviations),
        cmocka_unit_test(country_side_after_han),
        cmocka_unit_test(loose_country_pair),
        cmocka_unit_test(compound_organisations_and_places),
        cmocka_unit_test(two_organisations_joined),
        cmocka_unit_test(head_after_organisation),
        cmocka_unit_test(words_by_ending),
        cmocka_unit_test(people_mask_is_the_sets),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
