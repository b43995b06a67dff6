/* Person-name rules: bylines and titles. Each rule proposes spans; the
 * extractor lets dictionary matches win and records the rule's name. */
#include <stdlib.h>
#include <string.h>

#include "entgraph/text.h"
#include "internal.h"
#include "recognize.h"
#include "util.h"

/* The character-set tables, generated from this file's sets at build time
 * (scripts/gen_charsets.py): constants, so that two extractors in two
 * threads share them without any set-up. */
#include "recognize_sets.inc"

/* The same test as the library's eg_text_is_han, inline: the rules ask it
 * at nearly every character. */
#define eg_text_is_han eg__is_han

/* The common single-character surnames (the first ~400 of the modern
 * frequency lists), and compound ones. A table, not a dictionary of people:
 * a surname only ever counts together with other evidence. */
static const char single_surnames[] =
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程"
    "苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝"
    "龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞"
    "左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕"
    "屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧"
    "闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝官封谈匡鞠惠荆乐冀郁胥"
    "南班储原栗燕楚鄢劳谌奚皮粟冼蔺楼盘满闻位厉伊仝区郜海阚花权强帅屠豆朴盖练廉禹井祖漆巴丰支"
    "卿国狄平计索宣晋相初门云容敬来扈晁芮都普阙浦戈伏鹿薄邸雍辜羊阿乌母裘亓修邰赫杭况那宿鲜印"
    "逯隆茹诸战慕危玉银亢嵇公哈湛宾戎勾茅利於呼居揭干但尉冶斯元束檀衣信展阴昝智幸奉植衡富尧闭"
    "由";

static const char compound_surnames[] =
    "欧阳司马诸葛上官司徒东方独孤南宫夏侯皇甫尉迟公孙慕容长孙宇文轩辕令狐钟离宗政濮阳端木澹台"
    "公冶太叔申屠闻人呼延万俟";

/* Titles that come right before a name (馆长沈红梅, 支部书记仲亚萍). */
static const char *const titles_before[] = {
    "书记", "主任", "局长", "馆长", "院长", "校长", "所长", "站长", "部长", "厅长", "处长",
    "科长", "组长", "队长", "社长", "会长", "理事长", "董事长", "总经理", "经理", "总裁",
    "主席", "市长", "县长", "区长", "镇长", "乡长", "村长", "省长", "秘书长", "总监",
    "记者", "通讯员", "网格长", "楼长", "主委", "民警", "法官", "检察官",
    "律师", "医生", "教授", "厂长", "行长", "主编", "总编", "导演", "教练", "专家",
    "工程师", "研究员", "负责人", "发言人", "总理", "大使", "司令员", "政委", "参谋长", "警官",
    "护士", "指导员", "创始人", "总统", "副总统", "副总理", "外长", "首相", "国务卿", "委员长",
    "议长", "国王", "女王", "司令", "将军", "上将", "大使", "特使", "外交部长", "国防部长",
    "主教", "选手", "运动员", "演员", "歌手", "作家", "画家", "诗人", "学者", "董事",
    "博士生", "研究生", "大学生", "学生", "博士", "硕士", "门将", "名将", "前锋", "后卫", "中锋",
    "主帅", "球员", "棋手", "科学家", "艺术家", "企业家", "作曲家", "歌唱家", "表演艺术家",
    "钢琴家", "小提琴家", "指挥家", "演奏家", "工程师", "技术员", "战士", "士兵", "老人", "老汉",
    "夫人", "妻子", "丈夫", "女儿", "儿子", "母亲", "父亲", "同学", "老伴", "画家", "摄影家",
    NULL,
};

/* The most common surnames, which news also uses alone with an honorific:
 * 老王, 小李, 朱老. */
static const char common_surnames[] = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾侯";
/* What may follow such a one-character name. */
static const char honorific_right[] = "，。、；：！？的说在也都还和与对是就又把被将给从向同";

/* Words right after a name that make it one (江泽民主席, 王明先生). */
static const char *const titles_after[] = {
    "同志", "先生", "女士", "总统", "主席", "总理", "教授", "教练", "书记", "部长", "市长",
    "省长", "县长", "委员长", "大使", "外长", "老人", "一行", "等人", "上将", "中将", "少将",
    "烈士", "博士", "院士", "夫人", "医生", "老师", "师傅", "将军", "首相", "秘书长", "局长",
    "主任", "经理", "董事长", "总经理", "校长", "院长", "厂长", "议员", "代表", "委员",
    "（女", "(女", "（男", "(男", NULL,
};

/* Verbs of speech and action right after a name (王明说, 李华表示). */
static const char *const verbs_after[] = {
    "说", "表示", "指出", "认为", "强调", "介绍", "告诉", "透露", "宣布", "会见", "接见",
    "主持", "出席", "访问", "率领", "回答", "提出", "希望", "要求", "称", "报道", "谈到",
    "解释", "承认", "呼吁", "补充", "坦言", "笑着说", "说道", "讲话", "致辞", "签署",
    "担任", "当选", "出任", "就任", "率队", "带领", "陪同", "会晤", "视察", "考察", "看望", "慰问",
    "主演", "导演", "编剧", "撰写", "写道", "回忆", "获悉", "得知", "觉得", "感到", "决定", "打算",
    "逝世", "病逝", "去世", "牺牲", "出生", "生于", "毕业", "辞职", "夺得", "赢得", NULL,
};

/* Characters that end a name rather than continue it: function words and
 * the first characters of the verbs that follow names (说, 表示, 介绍). */
static const char stop_chars[] =
    "说向在的是和与及等对也就都把被将从看用了着到去跟让给于曾已还又所讲指表介称认带率时们不这"
    "那并即则而或作做要能可前后告透今昨现里之其该此每各个位名";

/* How often a character stands in a given name, learned from labelled
 * news text by scripts/learn_given_names.py (statistics only). */
static const struct given_char {
    uint32_t c;
    uint16_t in_given;
    uint32_t total;
} given_chars[] = {
#include "given_names.inc"
};

/* Common words that begin with a surname character (普遍, 商量, 国家),
 * from jieba's dictionary by scripts/gen_common_words.py. */
static const struct common_word {
    uint32_t a, b;
} common_words[] = {
#include "common_words.inc"
};

static int is_common_word(uint32_t a, uint32_t b)
{
    size_t lo = 0, hi = sizeof common_words / sizeof *common_words;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        const struct common_word *w = &common_words[mid];
        if (w->a < a || (w->a == a && w->b < b)) lo = mid + 1;
        else hi = mid;
    }
    return lo < sizeof common_words / sizeof *common_words && common_words[lo].a == a &&
           common_words[lo].b == b;
}

int eg__recognize_common_word(const char *s, size_t len)
{
    size_t i = 0;
    uint32_t a = eg__utf8_decode(s, len, &i, NULL);
    if (i >= len) return 0;
    uint32_t b = eg__utf8_decode(s, len, &i, NULL);
    return i == len && is_common_word(a, b);
}

/* The same odds from a general dictionary's person names
 * (scripts/gen_name_prior.py), for characters the table above lacks. */
static const struct given_prior {
    uint32_t c;
    uint16_t per_10000;
} given_prior[] = {
#include "given_names_prior.inc"
};

/* Smoothed odds that c is part of a given name where it stands, in
 * [0, 1): characters never seen in a name score low, not zero. */
static double given_name_likelihood(uint32_t c)
{
    size_t lo = 0, hi = sizeof given_chars / sizeof *given_chars;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (given_chars[mid].c < c) lo = mid + 1;
        else hi = mid;
    }
    if (lo < sizeof given_chars / sizeof *given_chars && given_chars[lo].c == c)
        return (given_chars[lo].in_given + 0.5) / (given_chars[lo].total + 4.0);
    /* not in the labelled table: the general dictionary's odds */
    lo = 0, hi = sizeof given_prior / sizeof *given_prior;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (given_prior[mid].c < c) lo = mid + 1;
        else hi = mid;
    }
    if (lo < sizeof given_prior / sizeof *given_prior && given_prior[lo].c == c)
        return given_prior[lo].per_10000 / 10000.0;
    return 0.5 / 8.0;
}

/* Tokens that close a byline: 文/摄, 摄, 文, 图, 摄影, 图/文 …; after
 * normalisation the slash is ASCII. */
static const char *const credits[] = {"文/摄", "摄", "文", "图", "摄影", "图/文", "文/图", "制图", NULL};

const char *eg__rule_name(eg__rule r)
{
    static const char *const names[EG_RULE_COUNT] = {"dict", "byline", "title", "repeat", "list",
                                                     "team", "org_suffix", "congress", "loc_suffix",
                                                     "abbr", "plain", "model", "model", "model"};
    return (unsigned)r < EG_RULE_COUNT ? names[r] : "unknown";
}

double eg__rule_confidence(eg__rule r)
{
    /* Measured precision of each rule on msra_dev + pd_dev (exact span and
     * type), rounded down; byline from the sample page (all right), plain
     * lowered to what learning its table on one set and scoring the other
     * suggests. */
    static const double conf[EG_RULE_COUNT] = {
        1.0,  /* dict */
        0.9,  /* byline */
        0.8,  /* title */
        0.5,  /* repeat (measured on a handful of mentions only) */
        0.75, /* list */
        0.95, /* team */
        0.75, /* org_suffix */
        0.8,  /* congress */
        0.85, /* loc_suffix (12 mentions) */
        0.85, /* abbr */
        0.85, /* plain */
        /* model: the tagger's spans no dictionary entry or rule found the
         * same, precision measured by cross-validation on msra_dev and
         * pd_dev (README, "The trained tagger") */
        0.8,  /* model PER */
        0.7,  /* model LOC */
        0.65, /* model ORG */
    };
    return (unsigned)r < EG_RULE_COUNT ? conf[r] : 0.5;
}

const char *eg__rule_type(eg__rule r)
{
    switch (r) {
    case EG_RULE_TEAM:
    case EG_RULE_ORG_SUFFIX:
    case EG_RULE_CONGRESS: return "ORG";
    case EG_RULE_LOC_SUFFIX:
    case EG_RULE_ABBR:
    case EG_RULE_MODEL_LOC: return "LOC";
    case EG_RULE_MODEL_ORG: return "ORG";
    default: return "PER";
    }
}

/* Membership in a set of characters written as a UTF-8 string, for the
 * sets the generated table lacks (string literals at the call). The sets
 * are valid UTF-8, which is self-synchronising: the encoding of c occurs
 * in the string exactly when c is one of its characters. */
static int in_set_scan(const char *set, uint32_t c)
{
    char enc[5];
    if (c == 0 || c > 0x10FFFF) return 0;
    if (c < 0x80) enc[0] = (char)c, enc[1] = 0;
    else if (c < 0x800) enc[0] = (char)(0xC0 | c >> 6), enc[1] = (char)(0x80 | (c & 0x3F)), enc[2] = 0;
    else if (c < 0x10000)
        enc[0] = (char)(0xE0 | c >> 12), enc[1] = (char)(0x80 | (c >> 6 & 0x3F)), enc[2] = (char)(0x80 | (c & 0x3F)),
        enc[3] = 0;
    else
        enc[0] = (char)(0xF0 | c >> 18), enc[1] = (char)(0x80 | (c >> 12 & 0x3F)),
        enc[2] = (char)(0x80 | (c >> 6 & 0x3F)), enc[3] = (char)(0x80 | (c & 0x3F)), enc[4] = 0;
    return strstr(set, enc) != NULL;
}

/* Is c in the generated set bit? Nothing beyond U+FFFF is in a table. */
static inline int cset_has(int bit, uint32_t c)
{
    return c < 0x10000 && (cset_words[cset_index[bit][c >> 8]][c >> 6 & 3] >> (c & 63) & 1);
}

/* The lookups below must be inlined where they are called: only there can
 * the compiler fold the comparisons with the sets to a constant. */
#if defined(__GNUC__)
#define CSET_INLINE static inline __attribute__((always_inline))
#else
#define CSET_INLINE static inline
#endif

/* The table bit of a set of characters (a named set, or a literal the
 * generator saw at an in_set() call) or of the first (last) characters of
 * a word list, or -1; defined at the end of the file, where every set is
 * declared. With a constant argument they fold to a constant. */
CSET_INLINE int cset_of(const char *set);
static inline int cset_first_of(const char *const *words);
static inline int cset_last_of(const char *const *words);
/* The byte lengths of the words of a list, or NULL. */
static inline const uint8_t *cset_lens_of(const char *const *words);

CSET_INLINE int in_set(const char *set, uint32_t c)
{
    int bit = cset_of(set);
    /* a set in the table holds no code point beyond U+FFFF */
    return bit >= 0 ? cset_has(bit, c) : in_set_scan(set, c);
}

int eg__spans_push(eg__spans *s, size_t start, size_t end, eg__rule rule)
{
    if (s->n == s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 16, bytes;
        if (eg__mul_overflow(cap, sizeof *s->v, &bytes)) return -1;
        eg__span *p = realloc(s->v, bytes);
        if (!p) return -1;
        s->v = p;
        s->cap = cap;
    }
    s->v[s->n].start = start;
    s->v[s->n].end = end;
    s->v[s->n].rule = rule;
    s->v[s->n].entity = 0;
    s->v[s->n].strong = 0;
    s->n++;
    return 0;
}

void eg__spans_free(eg__spans *s)
{
    free(s->v);
    memset(s, 0, sizeof *s);
}

static inline int is_surname(uint32_t c);
static inline int is_compound_surname(uint32_t a, uint32_t b);

/* A paragraph decoded to code points with their byte offsets. */
typedef struct cpbuf {
    uint32_t *c;
    size_t *at; /* at[i] = byte offset of c[i]; at[n] = len */
    size_t n;
} cpbuf;

static int cpbuf_fill(cpbuf *b, const char *s, size_t len)
{
    b->c = malloc((len + 1) * sizeof *b->c);
    b->at = malloc((len + 1) * sizeof *b->at);
    if (!b->c || !b->at) return -1;
    size_t i = 0;
    b->n = 0;
    while (i < len) {
        b->at[b->n] = i;
        b->c[b->n++] = eg__utf8_decode(s, len, &i, NULL);
    }
    b->at[b->n] = len;
    return 0;
}

/* Length in code points of the surname starting at c[i], or 0. */
static size_t surname_at(const cpbuf *b, size_t i)
{
    if (i + 1 < b->n && is_compound_surname(b->c[i], b->c[i + 1])) return 2;
    return i < b->n && is_surname(b->c[i]) ? 1 : 0;
}

/* Is c[i..j) a plausible full name: surname + 1-2 Han characters? */
static int is_name_token(const cpbuf *b, size_t i, size_t j)
{
    for (size_t k = i; k < j; k++)
        if (!eg_text_is_han(b->c[k])) return 0;
    size_t n = j - i;
    if (n >= 3 && n <= 4 && i + 1 < b->n && is_compound_surname(b->c[i], b->c[i + 1]))
        return 1;
    return n >= 2 && n <= 3 && is_surname(b->c[i]);
}

static int token_is(const cpbuf *b, const char *s, size_t i, size_t j, const char *word)
{
    size_t len = b->at[j] - b->at[i];
    return len == strlen(word) && !memcmp(s + b->at[i], word, len);
}

/* Byline: the whole paragraph is 1-4 names separated by spaces, optionally
 * closed by a credit (文/摄). */
static int byline(const cpbuf *b, const char *s, eg__spans *out)
{
    size_t tok[8][2], nt = 0, i = 0;
    while (i < b->n) {
        while (i < b->n && b->c[i] == ' ') i++;
        if (i == b->n) break;
        size_t j = i;
        while (j < b->n && b->c[j] != ' ') j++;
        if (nt == 8) return 0;
        tok[nt][0] = i;
        tok[nt][1] = j;
        nt++;
        i = j;
    }
    if (!nt) return 0;
    size_t names = nt;
    for (const char *const *c = credits; *c; c++)
        if (nt >= 2 && token_is(b, s, tok[nt - 1][0], tok[nt - 1][1], *c)) names = nt - 1;
    if (names > 4) return 0;
    for (size_t k = 0; k < names; k++)
        if (!is_name_token(b, tok[k][0], tok[k][1])) return 0;
    for (size_t k = 0; k < names; k++)
        if (eg__spans_push(out, b->at[tok[k][0]], b->at[tok[k][1]], EG_RULE_BYLINE)) return -1;
    return 1;
}

/* Does word (UTF-8) stand in the paragraph at code point i? */
static int word_at(const cpbuf *b, const char *s, size_t i, const char *word)
{
    if (i > b->n) return 0;
    size_t at = b->at[i], len = b->at[b->n];
    if (at >= len || word[0] != s[at] || (word[1] && (at + 1 >= len || word[1] != s[at + 1])))
        return !word[0]; /* the first two bytes rule most words out, cheaply */
    size_t wl = strlen(word);
    return len - at >= wl && !memcmp(s + at, word, wl);
}

static int bytes_end_with_word(const char *s, size_t at, const char *const *words);

/* Does one of words end right before code point i? */
static int list_ends_at(const cpbuf *b, const char *s, size_t i, const char *const *words)
{
    int last = cset_last_of(words); /* the word's last character is c[i - 1] */
    if (last >= 0 && i > 0 && b->c[i - 1] < 0x10000 && !cset_has(last, b->c[i - 1])) return 0;
    return bytes_end_with_word(s, b->at[i], words);
}

static int list_starts_at(const cpbuf *b, const char *s, size_t i, const char *const *words)
{
    int first = cset_first_of(words);
    if (first >= 0 && i < b->n && b->c[i] < 0x10000 && !cset_has(first, b->c[i])) return 0;
    for (const char *const *w = words; *w; w++)
        if (word_at(b, s, i, *w)) return 1;
    return 0;
}

enum { EV_NONE = 0, EV_LIST = 1, EV_VERB = 2, EV_TITLE = 4 };

/* Evidence on both sides of a candidate name c[i..e). */
static int evidence(const cpbuf *b, const char *s, size_t i, size_t e)
{
    int ev = EV_NONE;
    if (list_ends_at(b, s, i, titles_before)) ev |= EV_TITLE;
    if (e < b->n && list_starts_at(b, s, e, titles_after)) ev |= EV_TITLE;
    if (e < b->n && list_starts_at(b, s, e, verbs_after)) ev |= EV_VERB;
    if ((i > 0 && b->c[i - 1] == 0x3001) || (e < b->n && b->c[e] == 0x3001)) ev |= EV_LIST;
    return ev;
}

/* Characters of standard (Xinhua) transliterations of foreign names. */
static const char translit_chars[] =
    "阿埃艾爱安昂奥巴拜班邦鲍贝本比彼毕别宾波伯博布察查达戴丹道德登迪蒂丁杜顿多厄恩法凡菲费芬"
    "弗福盖甘冈戈格根古哈海汉汗豪赫亨胡怀霍基吉加贾杰捷金卡凯坎康考柯科克肯库夸拉莱赖兰朗劳勒雷"
    "蕾里利丽列林琳卢鲁路伦罗洛马玛迈麦曼芒梅门蒙米密明缪莫默穆纳娜奈南内尼宁努诺欧帕潘佩皮珀"
    "普齐奇恰乔切琴丘萨塞赛桑瑟森沙莎尚舍什施史舒斯松苏索塔泰坦汤特提图托瓦旺威韦维温沃乌伍西"
    "希锡夏谢辛休雅亚延扬耶伊因英尤约泽扎詹兹佐尔夫姆茨思丝娅妮琼瑞纽";

/* Characters after which a name may start inside running text. */
static const char left_boundary[] = "的在和与对是了向由将被把为给请让叫同跟说称据从及或到任派由请";

/* Can a word start at c[i]: at the start, after a non-Chinese character or
 * after one of left_boundary? */
static int starts_word(const cpbuf *b, size_t i)
{
    return i == 0 || !eg_text_is_han(b->c[i - 1]) || in_set(left_boundary, b->c[i - 1]);
}

/* Characters that may follow a name as the next word. */
static const char plain_right[] = "的在与和是就说也都还已曾将把被对向从给为了着过等今昨又最";
/* Least product of the two given-name likelihoods for a name with no
 * other evidence. */
#define PLAIN_NAME_MIN 0.008

int eg__is_surname(uint32_t c) { return is_surname(c); }


int eg__is_compound_surname(uint32_t a, uint32_t b) { return is_compound_surname(a, b); }

int eg__is_translit(uint32_t c) { return in_set(translit_chars, c); }

double eg__given_name_likelihood(uint32_t c) { return given_name_likelihood(c); }

/* The two above, inline for the rules, which ask at every character. */
static inline int is_surname(uint32_t c)
{
    return in_set(single_surnames, c) && eg_text_is_han(c); /* the set is small and mostly misses */
}

static inline int is_compound_surname(uint32_t a, uint32_t b)
{
    if (!cset_has(CSET_compound_surnames, a) || !cset_has(CSET_compound_surnames, b)) return 0;
    size_t lo = 0, hi = n_compound_pairs;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (compound_pairs[mid][0] < a || (compound_pairs[mid][0] == a && compound_pairs[mid][1] < b)) lo = mid + 1;
        else hi = mid;
    }
    return lo < n_compound_pairs && compound_pairs[lo][0] == a && compound_pairs[lo][1] == b;
}

int eg__in_compound_surname(uint32_t c) { return cset_has(CSET_compound_surnames, c); }


/* Forms of address that follow a bare surname: 王先生, 江总书记, 刘某. */
static const char *const address_after[] = {
    "先生", "女士", "小姐", "太太", "老师", "师傅", "教授", "医生", "大娘", "大妈", "大爷", "大伯",
    "大姐", "大哥", "阿姨", "老汉", "老板", "某", "主席", "总书记", "书记", "总理", "副总理",
    "委员长", "局长", "副局长", "主任", "经理", "厂长", "校长", "院长", "县长", "市长", "省长",
    "部长", "副部长", "副市长", "副省长", "副县长", "副主任", "外长", "总裁", "副总裁", "董事长",
    "总经理", "会长", "社长", "行长", "团长", "处长", "科长", "所长", "站长", "大夫", "律师", "大嫂",
    NULL,
};

/* Chinese names: surname + one or two given-name characters, accepted on
 * the evidence around them (a title before or after, a speech verb after,
 * a list of names) and on how name-like the given characters are. */
static int chinese_names(const cpbuf *b, const char *s, eg__spans *out)
{
    for (size_t i = 0; i < b->n; i++) {
        size_t sn = surname_at(b, i);
        if (!sn) continue;
        /* inside a longer run of letters/digits, or right after another
         * name-like character, it is not the start of a name */
        size_t g = i + sn;
        if (g >= b->n || !eg_text_is_han(b->c[g]) || in_set(stop_chars, b->c[g])) continue;
        int two = g + 1 < b->n && eg_text_is_han(b->c[g + 1]) && !in_set(stop_chars, b->c[g + 1]);
        size_t e2 = g + 1, e3 = g + 2;
        /* a name starts a word: after a non-Chinese character, a title, or
         * a function word; not in the middle of 克林顿 or 主任委员 */
        int before = list_ends_at(b, s, i, titles_before);
        if (!before && !starts_word(b, i)) continue;
        /* at the start of a sentence or clause a speech verb is strong
         * evidence, and the given name may use any character (顾昂然说) */
        int clause_start = i == 0 || in_set("，。！？；：、“”（）《》 ", b->c[i - 1]) || b->c[i - 1] < 0x80;
        double p1 = given_name_likelihood(b->c[g]);
        /* the test below, decided early when it cannot pass: most
         * candidates end here, before their evidence is looked up */
        if (!before && p1 < 0.03 && !(clause_start && p1 >= 0.004)) continue;
        int ev2 = evidence(b, s, i, e2), ev3 = two ? evidence(b, s, i, e3) : EV_NONE;
        double p2 = two ? given_name_likelihood(b->c[g + 1]) : 0;
        size_t end = 0;
        int rule = EG_RULE_TITLE;
        /* the right-hand evidence decides the length when it is there */
        int right2 = e2 < b->n && (list_starts_at(b, s, e2, titles_after) || list_starts_at(b, s, e2, verbs_after) ||
                                   b->c[e2] == 0x3001);
        int right3 = two && e3 <= b->n && (e3 == b->n || list_starts_at(b, s, e3, titles_after) ||
                                           list_starts_at(b, s, e3, verbs_after) || b->c[e3] == 0x3001 ||
                                           !eg_text_is_han(b->c[e3]));
        int strong3 = two && right3 && e3 < b->n && (ev3 & (EV_TITLE | EV_VERB)) && !right2;
        if (!before && p1 < 0.03 && !(clause_start && strong3 && p1 >= 0.004))
            continue; /* 党委书记: 委 is no given name */
        /* a function word right after a candidate ends it: 胡富国与, 陈昭报道 */
        int weak2 = e2 < b->n && in_set(plain_right, b->c[e2]);
        int weak3 = two && e3 < b->n && in_set(plain_right, b->c[e3]);
        if (right2 && !right3 && (ev2 & (EV_TITLE | EV_VERB))) end = e2;
        else if (two && before && (ev3 & (EV_TITLE | EV_VERB)) && right3) end = e3;
        else if (two && before && !right2 && weak3 && !weak2) end = e3;
        else if (two && (ev3 & EV_VERB) && clause_start && right3 && p2 > 0.004) end = e3;
        else if (strong3 && p1 * p2 >= 0.0004) end = e3; /* 李铁辰校长说 */
        else if (two && (ev3 & (EV_TITLE | EV_VERB)) && p2 > 0.03) end = e3;
        else if ((ev2 & (EV_TITLE | EV_VERB)) && right2) end = e2;
        else if (two && (ev3 & EV_TITLE) && right3 && p2 > 0.03) end = e3;
        else if (before) end = two && p2 > 0.08 ? e3 : e2;
        /* Without a title or verb: a full name whose given characters are
         * very name-like, standing as a word (刘彦彬最头痛, 对于罗毅刚今天) */
        else if (two && !end) {
            int right_word = e3 >= b->n || !eg_text_is_han(b->c[e3]) || in_set(plain_right, b->c[e3]);
            if (right_word && p1 * p2 >= PLAIN_NAME_MIN && sn == 1) end = e3, rule = EG_RULE_PLAIN;
        }
        /* A list alone (X、Y) is too weak on its own: 管理上、政策上 */
        if (!end) continue;
        /* a common word is no surname and given name: 普遍, 商量过 */
        if (sn == 1 && is_common_word(b->c[i], b->c[g])) continue;
        /* a form of address is no given name: 张女士 is 张 (honorific_names) */
        if (list_starts_at(b, s, g, address_after)) continue;
        if (eg__spans_push(out, b->at[i], b->at[end], (eg__rule)rule)) return -1;
        i = end - 1;
    }
    return 0;
}


/* The plausible Chinese name starting at c[i] without other evidence: its
 * end, or 0. Two given-name characters when the second is name-like and
 * the name ends at a separator. */
static size_t plain_name_at(const cpbuf *b, size_t i)
{
    size_t sn = surname_at(b, i);
    if (!sn) return 0;
    size_t g = i + sn;
    if (g >= b->n || !eg_text_is_han(b->c[g]) || in_set(stop_chars, b->c[g])) return 0;
    if (given_name_likelihood(b->c[g]) < 0.03) return 0;
    size_t e2 = g + 1, e3 = g + 2;
    int sep2 = e2 >= b->n || !eg_text_is_han(b->c[e2]) || in_set("和与及等", b->c[e2]);
    int sep3 = e3 >= b->n || !eg_text_is_han(b->c[e3]) || in_set("和与及等", b->c[e3]);
    if (e2 < b->n && eg_text_is_han(b->c[e2]) && !in_set(stop_chars, b->c[e2]) && sep3 &&
        given_name_likelihood(b->c[e2]) >= 0.03)
        return e3;
    return sep2 ? e2 : 0;
}

/* Surname characters that are far more often words of their own before a
 * title (共和国主席, 该党主席). */
static const char address_not_surnames[] = "国党和";

/* One-character names with an honorific: 老王, 小李 (the surname is the
 * name) and 朱老, 侯老 (an elder), followed by punctuation or a function
 * word, so that 老黄牛 and 小康社会 stay words. */
static int honorific_names(const cpbuf *b, const char *s, eg__spans *out)
{
    for (size_t i = 0; i + 1 < b->n; i++) {
        uint32_t a = b->c[i];
        if (is_surname(a) && !in_set(address_not_surnames, a) && starts_word(b, i) &&
            list_starts_at(b, s, i + 1, address_after)) {
            if (eg__spans_push(out, b->at[i], b->at[i + 1], EG_RULE_TITLE)) return -1;
            continue;
        }
        if (i + 2 >= b->n) break;
        uint32_t x = b->c[i + 1], f = b->c[i + 2];
        if (!in_set(honorific_right, f)) continue;
        int left = starts_word(b, i);
        if ((a == 0x8001 /* 老 */ || a == 0x5C0F /* 小 */) && in_set(common_surnames, x) && left) {
            if (eg__spans_push(out, b->at[i + 1], b->at[i + 2], EG_RULE_TITLE)) return -1;
            i++;
        } else if (in_set(common_surnames, a) && x == 0x8001 /* 老 */ && left) {
            if (eg__spans_push(out, b->at[i], b->at[i + 1], EG_RULE_TITLE)) return -1;
            i++;
        }
    }
    return 0;
}

void eg__address_extent(const char *s, size_t len, size_t start, size_t end, size_t *from, size_t *to)
{
    *from = start;
    *to = end;
    cpbuf b = {0};
    if (cpbuf_fill(&b, s, len)) goto done;
    size_t i = 0;
    while (i < b.n && b.at[i] < start) i++;
    if (i >= b.n) goto done;
    /* the longest form of address after it: 张女士, 江总书记, 刘老师 */
    for (const char *const *w = address_after; *w; w++)
        if (word_at(&b, s, i + 1, *w) && b.at[i + 1] + strlen(*w) > *to) *to = b.at[i + 1] + strlen(*w);
    if (*to > end) goto done;
    if (i > 0 && (b.c[i - 1] == 0x8001 /* 老 */ || b.c[i - 1] == 0x5C0F /* 小 */)) *from = b.at[i - 1];
    else if (i + 1 < b.n && b.c[i + 1] == 0x8001 /* 老: 朱老 */) *to = b.at[i + 2];
done:
    free(b.c);
    free(b.at);
}

/* Names in a list with a name found on other evidence: 王明、李华和张强. */
static int listed_names(const cpbuf *b, const char *s, eg__spans *out, size_t first)
{
    (void)s;
    for (int round = 0; round < 8; round++) {
        size_t added = 0, n = out->n;
        for (size_t k = first; k < n; k++) {
            if (out->v[k].rule == EG_RULE_BYLINE) continue;
            /* to the right: name 、 next */
            size_t e = 0;
            while (e < b->n && b->at[e] < out->v[k].end) e++;
            if (e < b->n && in_set("、和与", b->c[e])) {
                size_t ne = plain_name_at(b, e + 1);
                int taken = 0;
                for (size_t q = first; q < out->n; q++)
                    if (out->v[q].start < b->at[ne ? ne : e + 1] && b->at[e + 1] < out->v[q].end) taken = 1;
                if (ne && !taken) {
                    if (eg__spans_push(out, b->at[e + 1], b->at[ne], EG_RULE_LIST)) return -1;
                    added++;
                }
            }
            /* to the left: prev 、 name */
            size_t st0 = 0;
            while (st0 < b->n && b->at[st0] < out->v[k].start) st0++;
            if (st0 >= 2 && b->c[st0 - 1] == 0x3001) {
                for (size_t back = 2; back <= 4 && back <= st0 - 1; back++) {
                    size_t i = st0 - 1 - back;
                    if (plain_name_at(b, i) != st0 - 1) continue;
                    if (i > 0 && eg_text_is_han(b->c[i - 1]) && b->c[i - 1] != 0x3001 &&
                        !in_set(left_boundary, b->c[i - 1]))
                        continue;
                    int taken = 0;
                    for (size_t q = first; q < out->n; q++)
                        if (out->v[q].start < b->at[st0 - 1] && b->at[i] < out->v[q].end) taken = 1;
                    if (!taken) {
                        if (eg__spans_push(out, b->at[i], b->at[st0 - 1], EG_RULE_LIST)) return -1;
                        added++;
                    }
                    break;
                }
            }
        }
        if (!added) break;
    }
    return 0;
}

/* A list of three or more short items separated by 、 (和, 及 before the
 * last), most of them plausible names: 王友福、杨福景、罗斯林和张强. The
 * plausible ones are names; a list of things has few (金融、保险、证券). */
static int name_lists(const cpbuf *b, eg__spans *out)
{
    size_t i = 0, sep = 0;
    while (i < b->n) {
        /* a list's first item ends at a separator 2-4 characters on */
        while (sep < b->n && (sep < i + 2 || (b->c[sep] != 0x3001 && !in_set("和及与", b->c[sep])))) sep++;
        if (sep > i + 4) {
            i = sep - 4;
            continue;
        }
        if (in_set(left_boundary, b->c[i]) || b->c[i] == 0x6709 /* 有 */) { /* a function word starts no item */
            i++;
            continue;
        }
        size_t item[16][2], ni = 0, p = i;
        for (;;) {
            size_t q = p;
            while (q < b->n && q - p <= 4 && eg_text_is_han(b->c[q]) && b->c[q] != 0x3001 &&
                   !(q - p >= 2 && in_set("和及与", b->c[q])))
                q++;
            if (q - p < 2 || q - p > 4 || ni == 16) break;
            item[ni][0] = p;
            item[ni][1] = q;
            ni++;
            if (q < b->n && (b->c[q] == 0x3001 || in_set("和及与", b->c[q]))) p = q + 1;
            else break;
        }
        /* the list must start and end at a word boundary */
        int left = starts_word(b, i) ||
                   b->c[i - 1] == 0x6709 /* 有 */;
        size_t last_end = ni ? item[ni - 1][1] : i;
        int right = last_end >= b->n || !eg_text_is_han(b->c[last_end]) || in_set(plain_right, b->c[last_end]);
        if (ni >= 3 && left && right) {
            size_t plausible = 0, ok[16] = {0};
            for (size_t k = 0; k < ni; k++) {
                size_t a = item[k][0], e = item[k][1], sn = surname_at(b, a);
                if (!sn || e - a < sn + 1 || e - a > sn + 2) continue;
                if (sn == 1 && is_common_word(b->c[a], b->c[a + 1])) continue;
                int good = 1;
                for (size_t g = a + sn; g < e; g++)
                    if (in_set(stop_chars, b->c[g]) || given_name_likelihood(b->c[g]) < 0.02) good = 0;
                if (good) ok[k] = 1, plausible++;
            }
            if (plausible * 3 >= ni * 2) {
                size_t known = out->n;
                for (size_t k = 0; k < ni; k++) {
                    size_t from = b->at[item[k][0]], to = b->at[item[k][1]];
                    for (size_t q = 0; ok[k] && q < known; q++)
                        if (out->v[q].start < to && from < out->v[q].end) ok[k] = 0; /* found already */
                    if (ok[k] && eg__spans_push(out, from, to, EG_RULE_LIST)) return -1;
                }
                i = last_end;
                continue;
            }
        }
        i++;
    }
    return 0;
}

/* Transliterated foreign names (克林顿, 内塔尼亚胡, 阿尤布·汗): a run of
 * transliteration characters, accepted on a title or verb around it, or
 * when two runs are joined by a middle dot. */
static int foreign_names(const cpbuf *b, const char *s, eg__spans *out)
{
    for (size_t i = 0; i < b->n; i++) {
        if (!in_set(translit_chars, b->c[i])) continue;
        if (i > 0 && (in_set(translit_chars, b->c[i - 1]) || b->c[i - 1] == 0xB7)) continue;
        size_t e = i;
        int dots = 0;
        while (e < b->n && e - i < 12) {
            if (in_set(translit_chars, b->c[e])) e++;
            /* a character the table lacks, right before a middle dot or
             * between two it has after one: 约[翰]·史密斯, 罗伯特·威[廉]斯 */
            else if (e > i && eg_text_is_han(b->c[e]) && !in_set(plain_right, b->c[e]) &&
                     !in_set(left_boundary, b->c[e]) && e + 1 < b->n &&
                     (b->c[e + 1] == 0xB7 || (dots && in_set(translit_chars, b->c[e + 1]))))
                e++;
            else if ((b->c[e] == 0xB7 || b->c[e] == 0x30FB) && e + 1 < b->n && in_set(translit_chars, b->c[e + 1]))
                e++, dots++;
            else break;
        }
        size_t n = e - i;
        if (n < 2) continue;
        int ev = evidence(b, s, i, e);
        int ok = (dots && n >= 4) || (n >= 2 && (ev & (EV_TITLE | EV_VERB)));
        /* a trophy named after a person: 尤伯杯, 戴维斯杯 */
        int cup = e < b->n && b->c[e] == 0x676F /* 杯 */ && n >= 2 && n <= 4 &&
                  (starts_word(b, i) || in_set("届年", b->c[i - 1]));
        if (cup) ok = 2;
        /* shorter runs must stand alone as a word on the right */
        if (ok == 1 && !dots && e < b->n && eg_text_is_han(b->c[e]) && !(ev & (EV_TITLE | EV_VERB))) ok = 0;
        if (!ok) {
            i = e - 1;
            continue;
        }
        if (eg__spans_push(out, b->at[i], b->at[e], EG_RULE_TITLE)) return -1;
        out->v[out->n - 1].strong = cup ? 4 : 2; /* a foreign name; a trophy's is certain */
        i = e - 1;
    }
    return 0;
}

eg_status eg__recognize_people(const char *s, size_t len, eg__spans *out)
{
    eg_status st = EG_OK;
    cpbuf b = {0};
    if (cpbuf_fill(&b, s, len)) {
        st = EG_ENOMEM;
        goto fail;
    }
    int r = byline(&b, s, out);
    size_t first = out->n;
    if (r < 0 || (r == 0 && (chinese_names(&b, s, out) < 0 || foreign_names(&b, s, out) < 0 ||
                             honorific_names(&b, s, out) < 0 || name_lists(&b, out) < 0 ||
                             listed_names(&b, s, out, first) < 0)))
        st = EG_ENOMEM;
fail:
    free(b.c);
    free(b.at);
    return st;
}

/* ---- compounds: organisations and places built around known places ---- */

/* Heads that make "place + head" an organisation, longest first within a
 * shared prefix so that the first hit is the longest. */
static const char *const org_heads[] = {
    "人民代表大会常务委员会", "人民代表大会", "人民法院", "人民检察院", "人民银行",
    "人民医院", "常务委员会", "委员会", "代表团", "大使馆", "领事馆", "研究院", "研究所",
    "科学院", "工程院", "社会科学院", "电视台", "广播电台", "出版社", "报社", "日报", "晚报",
    "大学", "学院", "中学", "小学", "医院", "银行", "公司", "总公司", "集团", "议会", "国会",
    "法院", "检察院", "公安局", "公安厅", "党委", "市委", "省委", "县委", "区委", "镇委",
    "军区", "海关", "协会", "学会", "联合会", "商会", "工会", "妇联", "团委", "分行", "支行",
    "图书馆", "博物馆", "足协", "奥委会", "政协", "人大", "外交部", "国防部", "外交学院",
    "航空公司", "证券交易所", "交易所", "警察局", "议院", "参议院", "众议院",
    "国民议会", "总统府", "纪委", "监委", "税务局", "财政局", "教育局", "卫生局", "统计局",
    "气象局", "环保局", "交通局", "水利局", "农业局", "商务局", "文化局", "体育局",
    "铁路局", "航天局", "图片社", "杂志社", "通讯社", "基金会", "促进会", "立法会", "赛马会",
    "马会", "办公室", "实验室", "学校", "饭店", "时报", "乐团", "剧院", "剧团", "研究中心",
    "民主党", "共和党", "工党", "保守党", "自由党", "社会党", "共产党", "国民党", "联合体",
    "股份有限公司", "有限责任公司", "有限公司", "俱乐部", "研究会", "总厂", "分厂", "制片厂",
    "残联", "教委", "计委", "经委", "体委", "科委", "侨办", "台办", "组委会", "筹委会", "工委",
    "编队", "分局", "总局", "信用社", "储蓄所", "党组", "机构", "事务所", "总会", "分会",
    "研究室", "编辑部", "编辑室", "管理局", "管理处", "办事处", "总队", "支队", "舰队",
    "幼儿园", "党校", "卫生院", "电台", "研究中心", "指挥中心", "培训中心", "服务中心",
    NULL,
};

/* Heads that extend a known organisation: 全国人大常委会, …集团公司. */
static const char *const org_tails[] = {"常委会", "常务委员会", "股份有限公司", "有限责任公司", "有限公司",
                                        "公司", "总公司", "分公司", "办公室",
                                        "办公厅", "代表团", "党委", "党组", "支部", "分会", "分行", "支行",
                                        "中央", "出版社", "分校", "研究所", "研究院", "附属医院", NULL};

/* One-character organisation heads (广电局, 专利局, 物理所); they need two
 * middle characters at least and must end the word: 社 in 社会, 部 in 部分
 * or 局 in 局长 is no head. */
static const char org_head_chars[] = "局厅署所院社部委馆厂";
/* Units inside an organisation: 司, 系, 处, 所, 局, 办, 室. */
static const char org_unit_chars[] = "司系处所局室厅部院";
static const char org_head_breakers[] = "会议分势士有理结告长面门内外里间员属区房家商矿以";

/* Words between a place and an organisation head: 北京[交通]大学. */
static const char org_middle_stop[] =
    "的了着在是和与及或等对把被将从向给也就都还又而并这那其该此每各个一不有说到为以之于"
    "首笔次年月日多几些全本两三四五六七八九十百千万亿第";

static const char *const team_sports[] = {"足球", "篮球", "排球", "乒乓球", "羽毛球", "网球",
                                          "冰球", "手球", "水球", "棒球", "垒球", "橄榄球", NULL};
/* Teams named by their sport alone: 中国女篮, 巴西男足 */
static const char *const team_short[] = {"女篮", "男篮", "女排", "男排", "女足", "男足", "女乒", "男乒", NULL};

/* 区 and 市 are left out: 开发区, 地区, 城区, 市区 are words, not names. */
static const char *const admin_suffixes[] = {"街道", "乡", "镇", "村", "县", NULL};

/* Length in bytes of the first of words at s[at..len), or 0. */
static size_t word_len_at(const char *s, size_t len, size_t at, const char *const *words)
{
    size_t best = 0;
    int first = cset_first_of(words);
    if (at >= len) return 0;
    if (first >= 0) {
        size_t j = at;
        uint32_t c = eg__utf8_decode(s, len, &j, NULL);
        if (c < 0x10000 && !cset_has(first, c)) return 0;
    }
    const uint8_t *lens = cset_lens_of(words);
    for (const char *const *w = words; *w; w++) {
        const char *x = *w; /* the first two bytes rule most words out, cheaply */
        if (x[0] != s[at] || (x[1] && (at + 1 >= len || x[1] != s[at + 1]))) continue;
        size_t wl = lens ? lens[w - words] : strlen(x);
        if (wl > best && len - at >= wl && !memcmp(s + at, x, wl)) best = wl;
    }
    return best;
}

/* The code point at s[at] and the offset after it. */
static uint32_t cp_at(const char *s, size_t len, size_t at, size_t *next)
{
    size_t i = at;
    uint32_t c = at < len ? eg__utf8_decode(s, len, &i, NULL) : 0;
    *next = i;
    return c;
}

/* Does a dictionary span start inside (from, to)? */
static int span_starts_in(const eg__span *dict, size_t n, size_t from, size_t to)
{
    /* dict is in text order: find the first span starting after from */
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (dict[mid].start <= from) lo = mid + 1;
        else hi = mid;
    }
    return lo < n && dict[lo].start < to;
}

/* Heads of a body inside a known organisation only: 研究院[材料测试]中心. */
static const char *const unit_heads[] = {"中心", NULL};

/* Is the one-character head c at p the end of a word instead: 签署, 部署,
 * 场所, 东南部? */
static int head_char_ends_word(const char *s, size_t p, uint32_t c)
{
    if (p < 3) return 0;
    size_t q = p - 3, nx;
    uint32_t b = cp_at(s, p, q, &nx);
    return (c == 0x7F72 /* 署 */ && in_set("签部", b)) || (c == 0x6240 /* 所 */ && in_set("场住厕处之", b)) ||
           (c == 0x90E8 /* 部 */ && in_set("东南西北中内外全大", b));
}

/* Does a head word that ends at e end the word there (not 大学生, 团委员)? */
static int head_ends_word(const char *s, size_t len, size_t e)
{
    size_t next;
    uint32_t f = cp_at(s, len, e, &next);
    return !f || !in_set("员生", f);
}

/* The end of an organisation ending at e, widened by what names a body of
 * it: a tail (…集团 + 公司, 全国人大 + 常委会), or a middle and a head
 * (国务院[学位]委员会, 耶鲁大学[公共卫生]学院), or a unit (教育部[高校学生]司,
 * 中科院[高能物理]所); up to three times (…协会 + 纪律委员会). */
static size_t org_extend(const char *s, size_t len, const eg__span *dict, size_t n, size_t e)
{
    for (int round = 0; round < 3; round++) {
        size_t t = word_len_at(s, len, e, org_tails), next, found = 0;
        if (t && head_ends_word(s, len, e + t)) {
            e += t;
            continue;
        }
        size_t p = e;
        for (int middle = 0; middle <= 6 && p < len; middle++) {
            uint32_t c = cp_at(s, len, p, &next);
            size_t h = middle >= 1 ? word_len_at(s, len, p, org_heads) : 0;
            if (!h && middle >= 2) h = word_len_at(s, len, p, unit_heads);
            if (h && !span_starts_in(dict, n, e - 1, p) && head_ends_word(s, len, p + h)) {
                found = p + h;
                break;
            }
            if (middle >= 2 && in_set(org_unit_chars, c) && !span_starts_in(dict, n, e - 1, p)) {
                size_t after;
                uint32_t f = cp_at(s, len, next, &after);
                if (!f || !eg_text_is_han(f) || !in_set(org_head_breakers, f)) found = next;
                break;
            }
            if (!eg_text_is_han(c) || in_set(org_middle_stop, c)) break;
            p = next;
        }
        if (!found) break;
        e = found;
    }
    return e;
}

eg_status eg__recognize_compounds(const char *s, size_t len, const eg__span *dict,
                                  const uint8_t *types, size_t n, eg__spans *out)
{
    for (size_t k = 0; k < n; k++) {
        if ((types[k] & EG__T_MASK) != EG__T_LOC) continue;
        size_t a = dict[k].start, e = dict[k].end, next;
        /* a chain of places counts as one: 浙江省嘉兴市 */
        size_t k2 = k;
        while (k2 + 1 < n && (types[k2 + 1] & EG__T_MASK) == EG__T_LOC && dict[k2 + 1].start == e) e = dict[++k2].end;
        /* team: 中国队, 中国女队, 巴西男子足球队 */
        size_t p = e;
        uint32_t c = cp_at(s, len, p, &next);
        if (c == 0x7537 /* 男 */ || c == 0x5973 /* 女 */) {
            p = next;
            if (cp_at(s, len, p, &next) == 0x5B50 /* 子 */) p = next;
        }
        p += word_len_at(s, len, p, team_sports);
        if (cp_at(s, len, p, &next) == 0x961F /* 队 */) {
            if (eg__spans_push(out, a, next, EG_RULE_TEAM)) return EG_ENOMEM;
            continue;
        }
        size_t ts = word_len_at(s, len, e, team_short);
        if (ts) {
            if (eg__spans_push(out, a, e + ts, EG_RULE_TEAM)) return EG_ENOMEM;
            continue;
        }
        /* a club or squad with a name: 北京国安队, 中国国家女队 */
        p = e;
        for (int middle = 0; middle < 4 && p < len; middle++) {
            c = cp_at(s, len, p, &next);
            if (!eg_text_is_han(c) || in_set(org_middle_stop, c) || span_starts_in(dict, n, e - 1, p + 1)) break;
            p = next;
            if (middle >= 1 && cp_at(s, len, p, &next) == 0x961F) {
                if (eg__spans_push(out, a, next, EG_RULE_TEAM)) return EG_ENOMEM;
                p = 0;
                break;
            }
        }
        if (p == 0) continue;
        /* the place's party committee: 云南省委, 中共嘉兴市委 (not 委员) */
        size_t best_end = 0;
        size_t last = e;
        while (last > a && ((unsigned char)s[last - 1] & 0xC0) == 0x80) last--;
        if (last > a) last--;
        if (cp_at(s, len, e, &next) == 0x59D4 /* 委 */ && in_set("省市县区州旗盟", cp_at(s, len, last, &p)) &&
            cp_at(s, len, next, &p) != 0x5458 /* 员 */) {
            best_end = next;
            /* a department of it: 杭州市委宣传部 */
            p = next;
            for (int middle = 0; middle <= 4 && p < len; middle++) {
                c = cp_at(s, len, p, &next);
                if (middle >= 2 && in_set(org_unit_chars, c)) {
                    best_end = next;
                    break;
                }
                if (!eg_text_is_han(c) || in_set(org_middle_stop, c)) break;
                p = next;
            }
            if (k > 0 && (types[k - 1] & EG__T_MASK) == EG__T_ORG && dict[k - 1].end == a) a = dict[k - 1].start;
            if (eg__spans_push(out, a, best_end, EG_RULE_ORG_SUFFIX)) return EG_ENOMEM;
            continue;
        }
        /* place + up to six middle characters + organisation head */
        p = e;
        for (int middle = 0; middle <= 6 && p < len; middle++) {
            size_t h = word_len_at(s, len, p, org_heads);
            if (h && !span_starts_in(dict, n, e - 1, p) && head_ends_word(s, len, p + h)) {
                best_end = org_extend(s, len, dict, n, p + h);
                break;
            }
            c = cp_at(s, len, p, &next);
            if (middle >= 2 && in_set(org_head_chars, c) && !span_starts_in(dict, n, e - 1, p) &&
                !head_char_ends_word(s, p, c)) {
                size_t after;
                uint32_t f = cp_at(s, len, next, &after);
                if (!f || !eg_text_is_han(f) || !in_set(org_head_breakers, f)) {
                    best_end = next;
                    break;
                }
            }
            if (!eg_text_is_han(c) || in_set(org_middle_stop, c)) break;
            p = next;
        }
        if (best_end) {
            /* after a chain of divisions the organisation starts at the
             * last one, the others stay places: 河南省 + 郑州市公安局, but
             * 天津市中华民族文化促进会 */
            size_t from = a;
            for (size_t j = k + 1; j <= k2; j++)
                if (types[j] & EG__T_INSIDE_PREV) from = dict[j].start;
            if (eg__spans_push(out, from, best_end, EG_RULE_ORG_SUFFIX)) return EG_ENOMEM;
            continue;
        }
        /* place + 1-3 character name + administrative suffix: 如皋市城西乡 */
        p = e;
        for (int stem = 0; stem < 3 && p < len; stem++) {
            c = cp_at(s, len, p, &next);
            if (!eg_text_is_han(c) || in_set(org_middle_stop, c)) break;
            p = next;
            if (stem == 0) continue; /* a stem has two characters at least */
            size_t h = word_len_at(s, len, p, admin_suffixes);
            if (h && !span_starts_in(dict, n, e - 1, p + h)) {
                if (eg__spans_push(out, e, p + h, EG_RULE_LOC_SUFFIX)) return EG_ENOMEM;
                break;
            }
        }
    }
    /* an organisation the dictionary knows, widened by a place before it
     * (美国 + 英特尔公司, 中国 + 全国人大) or a head after it (北京国安 + 队,
     * 全国人大 + 常委会, …集团 + 公司) */
    for (size_t k = 0; k < n; k++) {
        if ((types[k] & EG__T_MASK) != EG__T_ORG) continue;
        size_t a = dict[k].start, e = dict[k].end, next;
        if (k > 0 && (types[k - 1] & EG__T_MASK) == EG__T_LOC && dict[k - 1].end == a) a = dict[k - 1].start;
        /* 第六届全国人大: an ordinal session before it */
        if (a >= 9) {
            size_t q = a - 3, nx;
            if (cp_at(s, len, q, &nx) == 0x5C4A /* 届 */) {
                size_t r = q;
                int digits = 0;
                while (r >= 3) {
                    size_t pr = r - 3;
                    uint32_t d = cp_at(s, len, pr, &nx);
                    if (in_set("一二三四五六七八九十", d)) {
                        r = pr;
                        digits++;
                    } else {
                        if (d == 0x7B2C /* 第 */ && digits) a = pr;
                        break;
                    }
                }
            }
        }
        if (cp_at(s, len, e, &next) == 0x961F /* 队 */) e = next;
        else e = org_extend(s, len, dict, n, e);
        if (a != dict[k].start || e != dict[k].end)
            if (eg__spans_push(out, a, e, EG_RULE_ORG_SUFFIX)) return EG_ENOMEM;
    }
    /* party congresses: 十五大, 十六大 — "十" + a digit + "大", as a word */
    for (size_t i = 0; i + 6 <= len; i++) {
        if (memcmp(s + i, "\xe5\x8d\x81", 3)) continue; /* 十 */
        size_t j = i + 3, nx;
        uint32_t d = cp_at(s, len, j, &nx);
        if (!in_set("一二三四五六七八九", d)) continue;
        if (cp_at(s, len, nx, &j) != 0x5927 /* 大 */) continue;
        size_t after;
        uint32_t f = cp_at(s, len, j, &after);
        if (f && eg_text_is_han(f) && !in_set("的以报代精召闭开和与上前后期间", f)) continue;
        if (i >= 3) {
            size_t prev = i - 3;
            while (prev > 0 && ((unsigned char)s[prev] & 0xC0) == 0x80) prev--;
            uint32_t pc = cp_at(s, len, prev, &nx);
            if (in_set("第届", pc)) continue;
        }
        if (eg__spans_push(out, i, j, EG_RULE_CONGRESS)) return EG_ENOMEM;
        i = j - 1;
    }
    return EG_OK;
}

/* ---- one-character abbreviations --------------------------------------- */

/* Words after a run of abbreviations that make them places. */
static const char *const relation_words[] = {
    "关系", "两国", "三国", "四国", "双方", "三方", "之间", "会谈", "合作", "友好", "贸易",
    "首脑", "峰会", "边境", "边界", "联合", "战略", "经贸", "谈判", "协议", "对话", "建交",
    "交往", "友谊", "两岸", "三地", "地区", "一体化", "高速", "铁路", "航线", "人民", "外长",
    "领导人", "元首", "伙伴", "军事", "两军", "论坛", "交流", "比赛", "之战", "对抗赛", "大战",
    "决赛", "争夺", "文化", "经济", "投资", "贸易额", "间", "等国", "等地", "等", NULL,
};

/* Abbreviations of countries, and the offices after them (俄总理, 美政府). */
static const char country_abbrs[] = "中美日俄英法德韩朝印巴越泰以埃";
static const char *const country_offices[] = {"总统", "总理", "外长", "政府", "新政府", "首相",
                                               "军队", "大使", "使馆", "国防部", "外交部", NULL};

/* Verbs of travel, place and stance before one abbreviation: 访华, 在京,
 * 驻华, 对华, 反华, 侵华, 援藏. */
static const char travel_verbs[] = "访来在驻旅赴离抵返回进晋对反侵援";


/* Is c[0] the short name of a place inside a set word: 京剧, 京韵,
 * 奥运会, 残奥会, 华侨, 华人, 华裔, 华工, 港胞, 藏胞, 台胞? */
static int set_word_with_abbr(const uint32_t *c, size_t n, uint32_t prev)
{
    switch (c[0]) {
    case 0x4EAC: /* 京 */ return in_set("剧韵", c[1]);
    case 0x5965: /* 奥 */
        return (n >= 3 && c[1] == 0x8FD0 /* 运 */ && c[2] == 0x4F1A /* 会 */) ||
               (c[1] == 0x4F1A /* 会 */ && prev && in_set("残特", prev));
    case 0x534E: /* 华 */ return in_set("侨人裔工商", c[1]) && (!prev || !eg_text_is_han(prev) || in_set("的和与及、名位多在", prev));
    case 0x6E2F: /* 港 */
    case 0x85CF: /* 藏 */
    case 0x53F0: /* 台 */ return c[1] == 0x80DE /* 胞 */;
    default: return 0;
    }
}

/* The code points of s[from..) until count are read, with their offsets. */
static size_t read_cps(const char *s, size_t len, size_t from, uint32_t *c, size_t *at, size_t max)
{
    size_t n = 0, i = from;
    while (i < len && n < max) {
        at[n] = i;
        c[n++] = eg__utf8_decode(s, len, &i, NULL);
    }
    at[n] = i;
    return n;
}

eg_status eg__recognize_abbreviations(const char *s, size_t len,
                                      int (*is_abbr)(void *user, uint32_t c), void *user,
                                      eg__spans *out)
{
    size_t i = 0;
    uint32_t prev = 0;
    while (i < len) {
        uint32_t c[16];
        size_t at[17];
        /* nothing starts at a character that abbreviates nothing: read on */
        size_t j = i;
        uint32_t c0 = eg__utf8_decode(s, len, &j, NULL);
        if (!is_abbr(user, c0)) {
            prev = c0;
            i = j;
            continue;
        }
        size_t n = read_cps(s, len, i, c, at, 16);
        if (!n) break;
        /* a run of abbreviations, maybe separated by 、: 中美, 英、美、法 */
        size_t k = 0, items = 0, listed = 0;
        while (k < n && is_abbr(user, c[k])) {
            items++;
            k++;
            if (k + 1 < n && c[k] == 0x3001 /* 、 */ && is_abbr(user, c[k + 1])) {
                listed = 1;
                k++;
            }
        }
        int start_ok = !prev || !eg_text_is_han(prev) || in_set(travel_verbs, prev) ||
                       in_set("的和与同对在及、", prev);
        int related = k < n && word_len_at(s, len, at[k], relation_words);
        /* the first one ends the word before: 其[中]美日两国 */
        size_t skip = !start_ok && !listed && items >= 3 ? 1 : 0;
        /* two or more countries' abbreviations side by side: 中美, 巴以 */
        int countries = items - skip >= 2 && !listed && (start_ok || skip);
        for (size_t q = skip; countries && q < k; q++)
            if (!in_set(country_abbrs, c[q])) countries = 0;
        if (items - skip >= 2 && items <= 4 && (related || (listed && start_ok) || countries)) {
            for (size_t q = skip; q < k; q++)
                if (c[q] != 0x3001 && eg__spans_push(out, at[q], at[q + 1], EG_RULE_ABBR)) return EG_ENOMEM;
            prev = c[k - 1];
            i = at[k];
            continue;
        }
        /* a country's side or office: 中方, 以方愿同, 俄总理, 美政府 */
        if (items == 1 && n >= 2 && in_set(country_abbrs, c[0]) && start_ok &&
            (c[1] == 0x65B9 /* 方 */ || word_len_at(s, len, at[1], country_offices))) {
            if (eg__spans_push(out, at[0], at[1], EG_RULE_ABBR)) return EG_ENOMEM;
            prev = c[0];
            i = at[1];
            continue;
        }
        /* set phrases: 抗日 (the war against Japan), 亚运会 (the Asian Games) */
        if (items == 1 && ((prev == 0x6297 /* 抗 */ && c[0] == 0x65E5 /* 日 */) ||
                           (c[0] == 0x4E9A /* 亚 */ && n >= 2 && c[1] == 0x8FD0 /* 运 */))) {
            if (eg__spans_push(out, at[0], at[1], EG_RULE_ABBR)) return EG_ENOMEM;
        }
        /* after a verb of travel or stance: 访华, 在京, 驻华大使, 对华, 援藏 */
        if (items == 1 && prev && in_set(travel_verbs, prev) && in_set("华京美日俄英法德韩港澳台沪津藏", c[0]) &&
            (n < 2 || !is_abbr(user, c[1]))) {
            if (eg__spans_push(out, at[0], at[1], EG_RULE_ABBR)) return EG_ENOMEM;
            out->v[out->n - 1].strong = 3; /* one character after a verb: the words decide */
        }
        /* set words that hold a place's short name: 京剧, 奥运会, 华侨, 港胞 */
        else if (items == 1 && n >= 2 && set_word_with_abbr(c, n, prev)) {
            if (eg__spans_push(out, at[0], at[1], EG_RULE_ABBR)) return EG_ENOMEM;
        }
        prev = c[0];
        i = at[1];
    }
    return EG_OK;
}

/* ---- whether a name found elsewhere stands as a word here ------------------ */

static const char name_breakers[] = "会议期价格线山峰路街村镇县市区省楼厂店馆院站港湾湖河江桥岛号杯奖";

static int bytes_end_with_word(const char *s, size_t at, const char *const *words)
{
    const uint8_t *lens = cset_lens_of(words);
    for (const char *const *w = words; *w; w++) {
        size_t wl = lens ? lens[w - words] : strlen(*w);
        if (at >= wl && (!wl || ((*w)[wl - 1] == s[at - 1] && !memcmp(s + at - wl, *w, wl)))) return 1;
    }
    return 0;
}

int eg__name_stands_alone(const char *s, size_t len, size_t start, size_t end)
{
    int left = start == 0;
    if (!left) {
        size_t p = start - 1;
        while (p > 0 && ((unsigned char)s[p] & 0xC0) == 0x80) p--;
        size_t q = p;
        uint32_t c = eg__utf8_decode(s, len, &q, NULL);
        left = !eg_text_is_han(c) || in_set(left_boundary, c) ||
               bytes_end_with_word(s, start, titles_before);
    }
    if (!left) return 0;
    if (end >= len) return 1;
    size_t q = end;
    uint32_t c = eg__utf8_decode(s, len, &q, NULL);
    /* a name is followed by almost anything (朱文珍用…), but not by the
     * characters that make a name into a thing or a place (高峰会议) */
    return !in_set(name_breakers, c);
}

CSET_INLINE int cset_of(const char *set)
{
    int bit = CSET_OF(set);
    return bit >= 0 ? bit : CSET_LITERAL_OF(set);
}
static inline int cset_first_of(const char *const *words) { return CSET_FIRST_OF(words); }
static inline int cset_last_of(const char *const *words) { return CSET_LAST_OF(words); }
static inline const uint8_t *cset_lens_of(const char *const *words) { return CSET_LENS_OF(words); }
