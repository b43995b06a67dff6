/* Rules for names no dictionary has (library-internal).
 *
 * The recognisers work on one paragraph of normalised UTF-8 text and propose
 * spans; the extractor decides between them and dictionary matches. They
 * are split by what they find: people (recognize_people.c), organisations
 * and places (recognize_places.c), abbreviations (recognize_abbr.c); what
 * they share is in recognize.c. They never call the extractor. */
#ifndef ENTGRAPH_RECOGNIZE_H
#define ENTGRAPH_RECOGNIZE_H

#include <stddef.h>
#include <stdint.h>

#include "entgraph/status.h"

typedef enum eg__rule {
    EG_RULE_NONE = 0, /* a dictionary match */
    EG_RULE_BYLINE,   /* a line made of 2-4 character names: 陈怡婧 张力文 / X Y 文/摄 */
    EG_RULE_TITLE,    /* title + surname + given name: 馆长沈红梅 */
    EG_RULE_REPEAT,   /* a name a rule found elsewhere in the same document */
    EG_RULE_LIST,     /* a name in a list of names: 王明、李华和张强 */
    EG_RULE_TEAM,     /* place + team: 中国女队, 巴西队 */
    EG_RULE_ORG_SUFFIX, /* place + organisation head: 北京大学, 美国政府, 海盐县人民法院 */
    EG_RULE_CONGRESS, /* party congresses: 十五大 */
    EG_RULE_LOC_SUFFIX, /* place + name + administrative suffix: 如皋市城西乡 */
    EG_RULE_ABBR,     /* one-character abbreviations: 中美关系, 访华, 在京 */
    EG_RULE_PLAIN,    /* a full name with very name-like given characters: 刘彦彬最 */
    EG_RULE_MODEL_PER, /* names the trained tagger found (tagger.c), one rule per type */
    EG_RULE_MODEL_LOC,
    EG_RULE_MODEL_ORG,
    EG_RULE_SENSE,     /* a dictionary person name its document does not support
                        * (extract_sense.c): a person of that document alone */
    EG_RULE_JAPANESE,  /* a Japanese family name and given name, or the family
                        * name with a title: 池田大作, 桥本首相 */
    EG_RULE_COUNT
} eg__rule;

/* Whether s[0..len) is a word of the recognisers' lexicon of common words
 * (which keeps rules from taking 国家 or 万元 for a name); for dict lint. */
int eg__recognize_common_word(const char *s, size_t len);

/* "dict", "byline", "title", "repeat", … */
const char *eg__rule_name(eg__rule r);
/* Share of a rule's mentions that were right on labelled news text. */
double eg__rule_confidence(eg__rule r);
/* A span's confidence: its rule's, or for the tagger's own names (the
 * model rules) the probability calibrated from its margin
 * (eg__span.margin). */
double eg__span_confidence(eg__rule r, int32_t margin);
/* The entity type a rule finds: "PER", "ORG" or "LOC". */
const char *eg__rule_type(eg__rule r);

typedef struct eg__span {
    size_t start, end; /* bytes in the paragraph */
    eg__rule rule;
    uint32_t entity; /* filled by the extractor */
    uint8_t strong;  /* what the word test (extract_words.c) should know: 0
                        nothing; 2: a transliterated foreign name; 3: an
                        abbreviation after a verb of travel (访华), which
                        the words may refuse (推进法治); 4: a name before
                        a trophy (汤姆斯杯), certain; 5: a country's
                        abbreviation before 方/军 right after another
                        Chinese character (敦促美方), which the words may
                        refuse on its left (集中方式); 6: one of two
                        countries' abbreviations side by side right after
                        another Chinese character (表明了中美加强), which
                        the words may refuse on either side (其中美国) */
    int32_t margin;  /* the tagger's own spans (rule model): how sure it is
                        (eg__tag_span_margin); else 0 */
} eg__span;

typedef struct eg__spans {
    eg__span *v;
    size_t n, cap;
} eg__spans;

/* A paragraph decoded to code points, once for all the rules: c[i] starts
 * at byte at[i] of its text, at[n] is the text's length. The buffers are
 * kept from paragraph to paragraph (eg__chars_free releases them). */
typedef struct eg__chars {
    uint32_t *c;
    size_t *at;
    size_t n, cap;
} eg__chars;

/* Decodes s[0..len) into p, replacing its contents. EG_ENOMEM. */
eg_status eg__chars_decode(eg__chars *p, const char *s, size_t len);
/* Makes room in p for need characters (and their offsets). EG_ENOMEM. */
eg_status eg__chars_reserve(eg__chars *p, size_t need);
/* Ends the text whose characters were appended to p (by
 * eg__text_normalize_chars, offsets from the text's start) with one slot
 * more: code point 0 at its length len, so that eg__chars_at can make a
 * view of it. EG_ENOMEM. */
eg_status eg__chars_end(eg__chars *p, size_t len);
/* The view of p's characters [first, first + n] (as eg__chars_end
 * closed them: n characters and the slot at their end). Not to be freed. */
static inline eg__chars eg__chars_at(const eg__chars *p, size_t first, size_t n)
{
    return (eg__chars){p->c + first, p->at + first, n, n + 1};
}
void eg__chars_free(eg__chars *p);

/* Appends the person names the rules find in the normalised paragraph
 * s[0..len) to out; _in: the paragraph already decoded into p.
 * EG_ENOMEM. O(len × titles). */
eg_status eg__recognize_people(const char *s, size_t len, eg__spans *out);
eg_status eg__recognize_people_in(const char *s, const eg__chars *p, eg__spans *out);

/* 1 when c is a single-character Chinese surname; 1 when a[0..2) is a
 * compound surname (欧阳, 司马, …). */
int eg__is_surname(uint32_t c);
int eg__is_compound_surname(uint32_t a, uint32_t b);
/* 1 when c is the first or second character of some compound surname:
 * eg__is_compound_surname(a, b) is 0 unless both a and b are. */
int eg__in_compound_surname(uint32_t c);
/* 1 when c is one of the most common surnames (王, 李, 张 …: set
 * common_surnames). */
int eg__is_common_surname(uint32_t c);
/* Does c end the names of rivers, buildings, villages (河, 亭, 村)? */
int eg__is_place_feature_end(uint32_t c);
/* Is c a one-character head of organisations (局, 厅, 所, 委: set
 * org_head_chars)? */
int eg__is_org_head_char(uint32_t c);
/* 1 when c is a character of standard transliterations of foreign names
 * (the set the foreign-name rule uses); the odds that c is a given-name
 * character (the table the plain-name rule uses). For the tagger's features. */
int eg__is_translit(uint32_t c);
double eg__given_name_likelihood(uint32_t c);

/* Entity types of dictionary spans, as the compound rules see them. */
enum { EG__T_OTHER = 0, EG__T_LOC, EG__T_ORG, EG__T_PER, EG__T_MASK = 0x0F,
       EG__T_INSIDE_PREV = 0x10 /* flag: a place inside the place right before it */ };

/* Appends to out the organisations and places built from dictionary
 * places and the words around them: teams, place + organisation head,
 * place + name + administrative suffix, and party congresses. dict holds
 * the paragraph's dictionary spans (offsets relative to s, in text order)
 * and types their types. EG_ENOMEM. */
eg_status eg__recognize_compounds(const char *s, size_t len, const eg__span *dict,
                                  const uint8_t *types, size_t n, eg__spans *out);

/* One-character abbreviations (美 for 美国, 京 for 北京): is_abbr tells
 * whether a code point is one. Appends spans (rule EG_RULE_ABBR, one
 * character each) where the text uses them as place names: runs of two to
 * four before a word of relations (中美关系, 中日两国, 京津冀), lists of
 * them (英、美、法等国), and after a verb of travel (访华, 在京, 驻华).
 * EG_ENOMEM. */
eg_status eg__recognize_abbreviations(const char *s, size_t len,
                                      int (*is_abbr)(void *user, uint32_t c), void *user,
                                      eg__spans *out);
/* The same on s decoded into p; maybe (NULL: none) has a bit per BMP
 * character (maybe[c >> 6] >> (c & 63) & 1) that is set for every one
 * is_abbr accepts, so that the others are passed over without a call. */
eg_status eg__recognize_abbreviations_in(const char *s, const eg__chars *p,
                                         int (*is_abbr)(void *user, uint32_t c), void *user,
                                         const uint64_t *maybe, eg__spans *out);

/* Does the name s[start..end) stand as a word where it is: after a
 * non-Chinese character, a function word or a title, and before one, a
 * title or a speech verb? (高峰 found as a name is no name in 高峰会议.) */
int eg__name_stands_alone(const char *s, size_t len, size_t start, size_t end);

/* The extent s[*from..*to) of a bare surname s[start..end) with its form
 * of address: 张女士, 江总书记, 老李, 朱老 (the surname alone when none is
 * found, or memory runs out). For the label of its entity. */
void eg__address_extent(const char *s, size_t len, size_t start, size_t end, size_t *from, size_t *to);
/* Does s[to..len) (after a surname with its form of address) begin, after
 * an optional 的 and 一位/一名, with a word that makes the form the name of
 * a company or brand (方面, 旗下, 联系人: 康师傅方面)? */
int eg__address_org_cue(const char *s, size_t len, size_t to);
/* Is s[0..len) a surname and a form of address only (雷总, 张女士, 老王
 * is not: only the surname first), no full name? */
int eg__is_surname_address(const char *s, size_t len);
/* Does s[0..len) begin with a word that makes the name before it the name
 * of a thing named after it (之家, 之友: 济慈之家)? */
int eg__named_after_tail(const char *s, size_t len);
/* Does s[0..len) (the text after a person's name) begin as what follows a
 * person: no Han character, a function word or the first character of a
 * verb (stop_chars, plain_right), a title or form of address after a name
 * (先生, 师傅), a verb of speech or action (编剧, 表示), a byline's credit,
 * a trophy named after the person (尤伯杯)?
 * 1 for the empty text. */
int eg__follows_name(const char *s, size_t len);
/* Is c a character that ends a name rather than continues it: a function
 * word or the first character of a verb after a name (set stop_chars: 也,
 * 和, 从, 说)? */
int eg__is_stop_char(uint32_t c);
/* Does s[0..at) end with a title that comes right before a name (副厅长,
 * 记者: words titles_before)? */
int eg__title_before(const char *s, size_t at);
/* Does s[0..len) begin with a form of address that follows a bare surname
 * (先生, 女士, 某: words address_after)? */
int eg__address_follows(const char *s, size_t len);
/* Does s[0..len) begin with a conjunction (set list_conjunctions: 和, 与)
 * right before a verb of speech or action (words verbs_after), which joins
 * nothing there: 杨世和说 (和 a given name's character)? */
int eg__conjunction_before_verb(const char *s, size_t len);
/* The length in bytes of the organisation head (words org_heads) that
 * s[0..len) begins with, or 0. */
size_t eg__org_head_at(const char *s, size_t len);
/* The end of an organisation's name whose known part ends at byte e of
 * s[0..len) when a head of organisations' names follows it directly as a
 * word (华润 + 银行, …集团 + 公司; with tails_only, only a tail naming a
 * body of it: 办公室), 0 when none does. (recognize_places.c) */
size_t eg__org_head_after(const char *s, size_t len, size_t e, int tails_only);
/* Does s[start..end) (of a text of len bytes) end as an organisation's
 * name does: 2 with a head word (words org_heads, not a general one:
 * 机构) after one character or more that ends the word there (not 大学生);
 * 1, after two or more characters, with one of the heads 部, 局, 厅, 署, 院,
 * 委 that ends no word there (内政部, not 东南部); else 0?
 * (recognize_places.c) */
int eg__ends_org_name(const char *s, size_t start, size_t end, size_t len);
/* The end of a periodical's title in 《》 at byte e of s[0..len), two to
 * twenty characters on one line, with a word for a periodical after it
 * (words periodicals: 《时代》周刊) or ending it (words
 * periodical_title_ends, or 报: 《生活报》, 《每日新闻》), and that word;
 * else 0. (recognize_places.c) */
size_t eg__periodical_after(const char *s, size_t len, size_t e);
/* The short name a bracket right after a name at byte at of s[0..len)
 * (normalised text: ASCII brackets and colon) gives it: spaces, "(", a
 * word of short_name_intros (以下简称, 下称 …), ":" or 为 or nothing, the
 * name (two to sixteen characters, Han or ASCII letters and digits, one
 * Han at least; in quotes “” "" 「」 『』 or not), ")". 1 and its bytes in
 * *y0..*y1, else 0. (recognize_places.c) */
int eg__short_name_after(const char *s, size_t len, size_t at, size_t *y0, size_t *y1);
/* Is s[0..len) exactly the head of an organisation's name (公司, 委员会:
 * words org_heads), a word for a kind of body rather than one body? */
int eg__is_org_head(const char *s, size_t len);
/* Does s[0..len) end with the head of an organisation's name (小学, 公司,
 * 委员会: words org_heads), leaving at least one character before it? */
int eg__ends_with_org_head(const char *s, size_t len);
/* 1 when s[0..len) is two organisations joined by a word of joint action
 * or a conjunction (桐乡市卫生健康局联合嘉兴市康慈医院, 市教育局与市卫生局):
 * three or more characters ending with an organisation's head (a head word
 * or one of 局, 院, 厅 ...), 联合, 携手, 会同, 与, 和, 及 or 同, and three or
 * more characters ending with a head again. */
int eg__joins_two_orgs(const char *s, size_t len);
/* Does s[0..len) end with a word for a kind of place (城市, 城镇)? */
int eg__ends_with_place_kind(const char *s, size_t len);

int eg__spans_push(eg__spans *s, size_t start, size_t end, eg__rule rule);
void eg__spans_free(eg__spans *s);
/* Text order for qsort: by start, the longer first, then by rule. */
int eg__span_cmp(const void *a, const void *b);

#endif
