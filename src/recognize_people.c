/* The rules that find people: bylines, a surname and given name on the
 * evidence around it (a title, a speech verb, a list of names), foreign
 * names, surnames with a form of address. Across the document, the repeat
 * rule (extract_repeat.c) spreads the names found here and extract_rules.c
 * links a form of address to the full name it abbreviates. */
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "recognize.h"
#include "recognize_impl.h"
#include "util.h"

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

/* Where each character stands in the two tables above (given_slots), made
 * from them at build time by scripts/gen_given_index.py. */
#include "given_index.inc"

/* Smoothed odds that c is part of a given name where it stands, in
 * [0, 1): characters never seen in a name score low, not zero. (One
 * look-up in the index by code point: two binary searches, their loads
 * one after another, were most of its time. Neither table has a
 * character beyond U+FFFF.) */
static double given_name_likelihood(uint32_t c)
{
    unsigned slot = c < 0x10000 ? given_slots[given_pages[c >> 8]][c & 0xFF] : 0;
    if (slot && !(slot & 0x8000)) return (given_chars[slot - 1].in_given + 0.5) / (given_chars[slot - 1].total + 4.0);
    /* not in the labelled table: the general dictionary's odds */
    if (slot) return given_prior[slot & 0x7FFF].per_10000 / 10000.0;
    return 0.5 / 8.0;
}

static inline int is_surname(uint32_t c);
static inline int is_compound_surname(uint32_t a, uint32_t b);

/* Length in code points of the surname starting at c[i], or 0. Inline:
 * chinese_names asks at every character, and as a call it cost 40
 * instructions there, most of them saving and restoring registers. */
static inline size_t surname_at(const eg__chars *b, size_t i)
{
    if (i + 1 < b->n && is_compound_surname(b->c[i], b->c[i + 1])) return 2;
    return i < b->n && is_surname(b->c[i]) ? 1 : 0;
}

/* Is c[i..j) a plausible full name: surname + 1-2 Han characters? */
static int is_name_token(const eg__chars *b, size_t i, size_t j)
{
    for (size_t k = i; k < j; k++)
        if (!eg__is_han(b->c[k])) return 0;
    size_t n = j - i;
    if (n >= 3 && n <= 4 && i + 1 < b->n && is_compound_surname(b->c[i], b->c[i + 1]))
        return 1;
    return n >= 2 && n <= 3 && is_surname(b->c[i]);
}

static int token_is(const eg__chars *b, const char *s, size_t i, size_t j, const char *word)
{
    size_t len = b->at[j] - b->at[i];
    return len == strlen(word) && !memcmp(s + b->at[i], word, len);
}

/* Byline: the whole paragraph is 1-4 names separated by spaces, optionally
 * closed by a credit (文/摄). */
static int byline(const eg__chars *b, const char *s, eg__spans *out)
{
    size_t tok[8][2], nt = 0, i = 0, credit_max = 0;
    for (size_t k = 0; credits[k]; k++)
        if (cset_lens_credits[k] > credit_max) credit_max = cset_lens_credits[k];
    while (i < b->n) {
        while (i < b->n && b->c[i] == ' ') i++;
        if (i == b->n) break;
        size_t j = i;
        while (j < b->n && b->c[j] != ' ') {
            j++;
            /* too long for a name (is_name_token) or a credit: no byline,
             * known before the rest of the paragraph is read */
            if (j - i > 4 && b->at[j] - b->at[i] > credit_max) return 0;
        }
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
static inline int word_at(const eg__chars *b, const char *s, size_t i, const char *word)
{
    if (i > b->n) return 0;
    size_t at = b->at[i], len = b->at[b->n];
    if (at >= len || word[0] != s[at] || (word[1] && (at + 1 >= len || word[1] != s[at + 1])))
        return !word[0]; /* the first two bytes rule most words out, cheaply */
    size_t wl = strlen(word);
    return len - at >= wl && !memcmp(s + at, word, wl);
}

/* The words of a list that may end at byte at of s: those whose last
 * bytes hash as s's before at (the generated index by ending), their
 * indices in [*x, *end); 0 when none can (s too short) or the list has no
 * index. (Tried one by one, a list's words were some 1 600 instructions a
 * call.) */
static int tail_words(const char *s, size_t at, const char *const *words, const uint16_t **x, const uint16_t **end)
{
    const uint16_t *tails = cset_tails_of(words);
    if (!tails || at < tails[0]) return 0; /* every word is at least tails[0] bytes long */
    unsigned h = cset_tail_hash(s + at - tails[0], tails[0]);
    *x = tails + CSET_TAIL_WORDS + tails[1 + h];
    *end = tails + CSET_TAIL_WORDS + tails[2 + h];
    return 1;
}

/* Does one of words lie in s[from..at) and end at at? */
static int bytes_end_with_word(const char *s, size_t from, size_t at, const char *const *words)
{
    const uint8_t *lens = cset_lens_of(words);
    const uint16_t *x, *end;
    if (!tail_words(s, at, words, &x, &end)) return 0;
    for (; x < end; x++) {
        size_t wl = lens[*x];
        if (at - from >= wl && !memcmp(s + at - wl, words[*x], wl)) return 1;
    }
    return 0;
}

/* Does one of words end right before code point i? (This and
 * list_starts_at are always inline: the list's table bit folds to a
 * constant, and the test of the character, which rules most places out,
 * is made before any call.) */
CSET_INLINE int list_ends_at(const eg__chars *b, const char *s, size_t i, const char *const *words)
{
    int last = cset_last_of(words); /* the word's last character is c[i - 1] */
    if (last >= 0 && i > 0 && b->c[i - 1] < 0x10000 && !cset_has(last, b->c[i - 1])) return 0;
    return bytes_end_with_word(s, 0, b->at[i], words);
}

/* Does one of words start at code point i? (The words whose first bytes
 * hash as the text's there, words_len_at.) */
CSET_INLINE int list_starts_at(const eg__chars *b, const char *s, size_t i, const char *const *words)
{
    int first = cset_first_of(words);
    if (first >= 0 && i < b->n && b->c[i] < 0x10000 && !cset_has(first, b->c[i])) return 0;
    return i <= b->n && words_len_at(s, b->at[b->n], b->at[i], words, -1, cset_lens_of(words), cset_heads_of(words));
}

/* Does a title (馆长) or a job or role (菜农, 外援) end right before code
 * point i: a cue that a name starts there? */
CSET_INLINE int title_or_role_before(const eg__chars *b, const char *s, size_t i)
{
    return list_ends_at(b, s, i, titles_before) || list_ends_at(b, s, i, roles_before);
}

enum { EV_NONE = 0, EV_LIST = 1, EV_VERB = 2, EV_TITLE = 4 };

/* Evidence on both sides of a candidate name c[i..e). */
static int evidence(const eg__chars *b, const char *s, size_t i, size_t e)
{
    int ev = EV_NONE;
    if (title_or_role_before(b, s, i)) ev |= EV_TITLE;
    if (e < b->n && list_starts_at(b, s, e, titles_after)) ev |= EV_TITLE;
    if (e < b->n && list_starts_at(b, s, e, verbs_after)) ev |= EV_VERB;
    if ((i > 0 && b->c[i - 1] == 0x3001) || (e < b->n && b->c[e] == 0x3001)) ev |= EV_LIST;
    return ev;
}

/* Can a word start at c[i]: at the start, after a non-Chinese character or
 * after one of left_boundary? */
static int starts_word(const eg__chars *b, size_t i)
{
    return i == 0 || !eg__is_han(b->c[i - 1]) || in_set(left_boundary, b->c[i - 1]);
}

/* Least product of the two given-name likelihoods for a name with no
 * other evidence. */
#define PLAIN_NAME_MIN 0.008

/* Least likelihood of the first given character after a job or role
 * (roles_before) rather than a title. */
#define ROLE_GIVEN_MIN 0.01

int eg__is_surname(uint32_t c) { return is_surname(c); }

int eg__is_compound_surname(uint32_t a, uint32_t b) { return is_compound_surname(a, b); }

int eg__is_translit(uint32_t c) { return in_set(translit_chars, c); }

double eg__given_name_likelihood(uint32_t c) { return given_name_likelihood(c); }

/* The two above, inline for the rules, which ask at every character. */
static inline int is_surname(uint32_t c)
{
    return in_set(single_surnames, c) && eg__is_han(c); /* the set is small and mostly misses */
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

int eg__is_common_surname(uint32_t c) { return in_set(common_surnames, c); }

int eg__is_place_feature_end(uint32_t c) { return cset_has(CSET_place_feature_ends, c); }

int eg__is_org_head_char(uint32_t c) { return cset_has(CSET_org_head_chars, c); }

/* The first character from i on (before n) whose mask m has one of bits,
 * or n: eight characters at a time, the first marked one of eight found
 * by counting zero bits where the byte order allows (a branch per
 * character was mispredicted at every surname). */
static inline size_t mask_next(const uint8_t *m, size_t i, size_t n, uint8_t bits)
{
    uint64_t all = 0x0101010101010101ull * bits;
    for (; i + 8 <= n; i += 8) {
        uint64_t w;
        memcpy(&w, m + i, 8);
        if (!(w & all)) continue;
#if defined(__GNUC__) && defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
        return i + (size_t)__builtin_ctzll(w & all) / 8;
#else
        break;
#endif
    }
    while (i < n && !(m[i] & bits)) i++;
    return i;
}

/* Chinese names: surname + one or two given-name characters, accepted on
 * the evidence around them (a title before or after, a speech verb after,
 * a list of names) and on how name-like the given characters are. */
static int chinese_names(const eg__chars *b, const uint8_t *m, const char *s, eg__spans *out)
{
    for (size_t i = 0; i < b->n; i++) {
        i = mask_next(m, i, b->n, CMASK_single_surnames | CMASK_compound_surnames); /* where a surname may start */
        if (i >= b->n) break;
        size_t sn = surname_at(b, i);
        if (!sn) continue;
        /* inside a longer run of letters/digits, or right after another
         * name-like character, it is not the start of a name */
        size_t g = i + sn;
        if (g >= b->n || !eg__is_han(b->c[g]) || in_set(stop_chars, b->c[g])) continue;
        int two = g + 1 < b->n && eg__is_han(b->c[g + 1]) && !in_set(stop_chars, b->c[g + 1]);
        size_t e2 = g + 1, e3 = g + 2;
        /* a name starts a word: after a non-Chinese character, a title, or
         * a function word; not in the middle of 克林顿 or 主任委员 */
        int before = list_ends_at(b, s, i, titles_before);
        /* a job or role (菜农, 外援) is a title's cue when the given name's
         * first character is one names use at all (1% of its uses or
         * more: 长, 温 are; 难, 办, 送 are not): 为村民解难事 is no name */
        if (!before && list_ends_at(b, s, i, roles_before) && given_name_likelihood(b->c[g]) >= ROLE_GIVEN_MIN)
            before = 1;
        /* after a title a conjunction joins, it is no surname (局长和丽华),
         * and the name after it has the title's evidence: 局长和王明 */
        if (before && sn == 1 && in_set(list_conjunctions, b->c[i])) continue;
        if (!before && i > 0 && in_set(list_conjunctions, b->c[i - 1]))
            before = list_ends_at(b, s, i - 1, titles_before);
        if (!before && !starts_word(b, i)) continue;
        /* at the start of a sentence or clause a speech verb is strong
         * evidence, and the given name may use any character (顾昂然说) */
        int clause_start = i == 0 || in_set(clause_marks, b->c[i - 1]) || b->c[i - 1] < 0x80;
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
                                           !eg__is_han(b->c[e3]));
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
            int right_word = e3 >= b->n || !eg__is_han(b->c[e3]) || in_set(plain_right, b->c[e3]);
            if (right_word && p1 * p2 >= PLAIN_NAME_MIN && sn == 1) end = e3, rule = EG_RULE_PLAIN;
        }
        /* A list alone (X、Y) is too weak on its own: 管理上、政策上 */
        if (!end) continue;
        /* 但爸爸觉得, 但警方称: a conjunction, not a surname */
        if (sn == 1 && in_set(word_surnames, b->c[i]) && !(end < b->n && list_starts_at(b, s, end, titles_after)))
            continue;
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
static size_t plain_name_at(const eg__chars *b, size_t i)
{
    size_t sn = surname_at(b, i);
    if (!sn) return 0;
    size_t g = i + sn;
    if (g >= b->n || !eg__is_han(b->c[g]) || in_set(stop_chars, b->c[g])) return 0;
    if (given_name_likelihood(b->c[g]) < 0.03) return 0;
    size_t e2 = g + 1, e3 = g + 2;
    int sep2 = e2 >= b->n || !eg__is_han(b->c[e2]) || in_set(name_ends, b->c[e2]);
    int sep3 = e3 >= b->n || !eg__is_han(b->c[e3]) || in_set(name_ends, b->c[e3]);
    if (e2 < b->n && eg__is_han(b->c[e2]) && !in_set(stop_chars, b->c[e2]) && sep3 &&
        given_name_likelihood(b->c[e2]) >= 0.03)
        return e3;
    return sep2 ? e2 : 0;
}

/* One-character names with an honorific: 老王, 小李 (the surname is the
 * name) and 朱老, 侯老 (an elder); with 老, the next surnames of the
 * frequency lists too (老崔, 吕老: honorific_surnames_more). 老X and 小X
 * are followed by punctuation or a function word, so that 老黄牛 and
 * 小康社会 stay words; X老 by any Chinese character (侯老退居二线,
 * 胡老至今). A surname with a form of address stands as a word, or right
 * after a title or role (科长刘某, 职工王某: the labelled news names the
 * surname alone); 某, which makes no word with a surname, and the
 * honorific 老 may come after any character but a surname (同村郑某,
 * 那个老李, 谈起朱老). Where the words around take the surname or its form
 * of address (上海某报, 养老, 森林老虎), the extractor drops it
 * (extract_repeat.c, address_in_word). */
static int honorific_names(const eg__chars *b, const uint8_t *m, const char *s, eg__spans *out)
{
    for (size_t i = 0; i + 1 < b->n; i++) {
        /* nothing below starts at a character that is no surname, 老 or 小
         * and not before 老: read on, by the mask (before 小 too), eight
         * characters at a time where it can (while the tests after the
         * first need c[i + 2]) */
        const uint8_t here = CMASK_single_surnames | CMASK_honorific_prefixes, next = CMASK_honorific_prefixes;
        for (; i + 10 <= b->n; i += 8) {
            uint64_t w, w1;
            memcpy(&w, m + i, 8);
            memcpy(&w1, m + i + 1, 8);
            if ((w & 0x0101010101010101ull * here) | (w1 & 0x0101010101010101ull * next)) break;
        }
        while (i + 2 < b->n && !(m[i] & here) && !(m[i + 1] & next)) i++;
        uint32_t a = b->c[i];
        /* (the form of address is asked before the left side, whose
         * lists are longer, and it after a surname only; is_surname by
         * the mask) */
        if ((m[i] & CMASK_single_surnames) && eg__is_han(a) && !in_set(address_not_surnames, a) &&
            list_starts_at(b, s, i + 1, address_after)) {
            /* 某 after any character, where it is no determiner (某些) and
             * the surname no function word (鉴于某些) */
            int mou = b->c[i + 1] == 0x67D0 /* 某 */ && !in_set(stop_chars, a) &&
                      !(i + 2 < b->n && in_set(mou_determiners, b->c[i + 2]));
            if (mou || starts_word(b, i) || title_or_role_before(b, s, i)) {
                if (eg__spans_push(out, b->at[i], b->at[i + 1], EG_RULE_TITLE)) return -1;
                continue;
            }
        }
        if (i + 2 >= b->n) break;
        uint32_t x = b->c[i + 1], f = b->c[i + 2];
        if (a == 0x8001 /* 老 */ || a == 0x5C0F /* 小 */) {
            /* 老 after any character but a surname (那个老李; 小 is too
             * often a given name's: 潘小胡) */
            if ((in_set(common_surnames, x) || (a == 0x8001 && in_set(honorific_surnames_more, x))) &&
                (m[i + 2] & CMASK_honorific_right) &&
                (starts_word(b, i) || (a == 0x8001 && !is_surname(b->c[i - 1])))) {
                if (eg__spans_push(out, b->at[i + 1], b->at[i + 2], EG_RULE_TITLE)) return -1;
                i++;
            }
        } else if (x == 0x8001 /* 老 */ && (in_set(common_surnames, a) || in_set(honorific_surnames_more, a)) &&
                   ((m[i + 2] & CMASK_honorific_right) || eg__is_han(f)) && !list_starts_at(b, s, i + 1, address_after)) {
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
    /* Only the character before the surname and the forms of address after
     * it are read: decode that window (from the start of the character
     * before, to the longest form of address and one character more, cut
     * at a character boundary), not the whole paragraph for every mention;
     * offsets in it are exact, so the extent is the same. */
    size_t maxw = 0;
    for (const char *const *w = address_after; *w; w++)
        if (strlen(*w) > maxw) maxw = strlen(*w);
    size_t wb = start < len ? start : len, we = end + maxw + 4;
    if (wb > 0)
        for (wb--; wb > 0 && ((unsigned char)s[wb] & 0xC0) == 0x80;) wb--;
    if (we > len || we < end) we = len;
    while (we < len && ((unsigned char)s[we] & 0xC0) == 0x80) we++;
    uint32_t cbuf[64];
    size_t abuf[64];
    eg__chars b = {cbuf, abuf, 0, 64};
    eg__chars heap = {0};
    eg__chars *bp = we - wb + 1 <= b.cap ? &b : &heap; /* (room enough, on the stack) */
    const char *ws = s + wb;
    size_t rs = start - wb, re = end - wb, rto = re;
    if (eg__chars_decode(bp, ws, we - wb)) goto done;
    size_t i = 0;
    while (i < bp->n && bp->at[i] < rs) i++;
    if (i >= bp->n) goto done;
    /* the longest form of address after it: 张女士, 江总书记, 刘老师 */
    for (const char *const *w = address_after; *w; w++)
        if (word_at(bp, ws, i + 1, *w) && bp->at[i + 1] + strlen(*w) > rto) rto = bp->at[i + 1] + strlen(*w);
    *to = wb + rto;
    if (rto > re) goto done;
    if (i > 0 && (bp->c[i - 1] == 0x8001 /* 老 */ || bp->c[i - 1] == 0x5C0F /* 小 */)) *from = wb + bp->at[i - 1];
    else if (i + 1 < bp->n && bp->c[i + 1] == 0x8001 /* 老: 朱老 */) *to = wb + bp->at[i + 2];
done:
    eg__chars_free(&heap);
}

/* The first character of b at or after byte offset pos (b->n if none):
 * a binary search, not a walk from the start of the paragraph for every
 * name (quadratic on a long paragraph). */
static size_t first_char_at(const eg__chars *b, size_t pos)
{
    size_t lo = 0, hi = b->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (b->at[mid] < pos) lo = mid + 1;
        else hi = mid;
    }
    return lo;
}

int eg__address_org_cue(const char *s, size_t len, size_t to)
{
    static const char *const skips[] = {"的", "一位", "一名", NULL};
    for (const char *const *k = skips; *k; k++) {
        size_t kl = strlen(*k);
        if (len - to >= kl && !memcmp(s + to, *k, kl)) to += kl;
    }
    for (const char *const *w = address_org_cues; *w; w++) {
        size_t wl = strlen(*w);
        if (len - to >= wl && !memcmp(s + to, *w, wl)) return 1;
    }
    return 0;
}

int eg__is_surname_address(const char *s, size_t len)
{
    size_t i = 0;
    uint32_t a = eg__utf8_decode(s, len, &i, NULL);
    if (i >= len) return 0;
    size_t j = i;
    uint32_t b = eg__utf8_decode(s, len, &j, NULL);
    if (is_compound_surname(a, b)) i = j;
    else if (!is_surname(a)) return 0;
    for (int list = 0; list < 2; list++)
        for (const char *const *w = list ? address_informal : address_after; *w; w++)
            if (strlen(*w) == len - i && !memcmp(s + i, *w, len - i)) return 1;
    return 0;
}

int eg__ends_with_place_kind(const char *s, size_t len)
{
    for (const char *const *w = place_kind_before; *w; w++) {
        size_t wl = strlen(*w);
        if (wl <= len && !memcmp(s + len - wl, *w, wl)) return 1;
    }
    return 0;
}

int eg__named_after_tail(const char *s, size_t len)
{
    for (const char *const *w = named_after_tails; *w; w++)
        if (strlen(*w) <= len && !memcmp(s, *w, strlen(*w))) return 1;
    return 0;
}

int eg__follows_name(const char *s, size_t len)
{
    if (!len) return 1;
    size_t q;
    uint32_t c = cp_at(s, len, 0, &q);
    /* 杯: a trophy named after the person (尤伯杯), a person as labelled news has it */
    return !eg__is_han(c) || c == 0x676F || in_set(stop_chars, c) || in_set(plain_right, c) ||
           in_set(honorific_right, c) || word_len_at(s, len, 0, titles_after) || word_len_at(s, len, 0, verbs_after) ||
           word_len_at(s, len, 0, address_after) || word_len_at(s, len, 0, credits);
}

int eg__is_stop_char(uint32_t c) { return in_set(stop_chars, c); }

int eg__title_before(const char *s, size_t at)
{
    return bytes_end_with_word(s, 0, at, titles_before) || bytes_end_with_word(s, 0, at, roles_before);
}

int eg__address_follows(const char *s, size_t len) { return word_len_at(s, len, 0, address_after) != 0; }

int eg__conjunction_before_verb(const char *s, size_t len)
{
    if (!len) return 0;
    size_t q;
    uint32_t c = cp_at(s, len, 0, &q);
    return in_set(list_conjunctions, c) && word_len_at(s + q, len - q, 0, verbs_after);
}

size_t eg__org_head_at(const char *s, size_t len) { return word_len_at(s, len, 0, org_heads); }

int eg__is_org_head(const char *s, size_t len)
{
    /* (called for every organisation the extractor keeps, eg__widen_orgs:
     * the first byte is compared before the word is measured) */
    const uint16_t *x, *end;
    if (!tail_words(s, len, org_heads, &x, &end)) return 0;
    for (; x < end; x++)
        if (cset_lens_org_heads[*x] == len && !memcmp(s, org_heads[*x], len)) return 1;
    return 0;
}

int eg__ends_with_org_head(const char *s, size_t len)
{
    return len && bytes_end_with_word(s, 1, len, org_heads);
}

/* Does s[0..len) end with an organisation's head: a head word (医院,
 * 委员会) or a head character (局, 院, 厅)? */
static int org_head_ends(const char *s, size_t len)
{
    if (eg__ends_with_org_head(s, len)) return 1;
    size_t i = 0, last = 0;
    uint32_t c = 0;
    while (i < len) {
        last = i;
        c = eg__utf8_decode(s, len, &i, NULL);
    }
    return last > 0 && in_set(org_head_chars, c);
}

int eg__joins_two_orgs(const char *s, size_t len)
{
    static const char *const joins[] = {"联合", "携手", "会同", "与", "和", "及", "同", NULL};
    size_t chars = 0;
    for (size_t i = 0; i < len; chars++) {
        size_t at = i;
        eg__utf8_decode(s, len, &i, NULL);
        if (chars < 3) continue; /* three characters at least before the join */
        for (const char *const *w = joins; *w; w++) {
            size_t wl = strlen(*w), rest = at + wl;
            /* three characters (nine bytes of Han) at least after it */
            if (rest + 9 > len || memcmp(s + at, *w, wl)) continue;
            if (org_head_ends(s, at) && org_head_ends(s + rest, len - rest)) return 1;
        }
    }
    return 0;
}

/* Names in a list with a name found on other evidence: 王明、李华和张强. */
static int listed_names(const eg__chars *b, const char *s, eg__spans *out, size_t first)
{
    (void)s;
    for (int round = 0; round < 8; round++) {
        size_t added = 0, n = out->n;
        for (size_t k = first; k < n; k++) {
            if (out->v[k].rule == EG_RULE_BYLINE) continue;
            /* to the right: name 、 next */
            size_t e = first_char_at(b, out->v[k].end);
            if (e < b->n && in_set(list_joiners, b->c[e])) {
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
            size_t st0 = first_char_at(b, out->v[k].start);
            if (st0 >= 2 && b->c[st0 - 1] == 0x3001) {
                for (size_t back = 2; back <= 4 && back <= st0 - 1; back++) {
                    size_t i = st0 - 1 - back;
                    if (plain_name_at(b, i) != st0 - 1) continue;
                    if (i > 0 && eg__is_han(b->c[i - 1]) && b->c[i - 1] != 0x3001 &&
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
static int name_lists(const eg__chars *b, const uint8_t *m, eg__spans *out)
{
    size_t i = 0, sep = 0;
    while (i < b->n) {
        /* a list's first item ends at a separator (、 or a conjunction)
         * 2-4 characters on */
        if (sep < i + 2) sep = i + 2 < b->n ? i + 2 : b->n;
        sep = mask_next(m, sep, b->n, CMASK_list_separators);
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
            while (q < b->n && q - p <= 4 && eg__is_han(b->c[q]) && b->c[q] != 0x3001 &&
                   !(q - p >= 2 && in_set(list_conjunctions, b->c[q])))
                q++;
            if (q - p < 2 || q - p > 4 || ni == 16) break;
            item[ni][0] = p;
            item[ni][1] = q;
            ni++;
            if (q < b->n && (b->c[q] == 0x3001 || in_set(list_conjunctions, b->c[q]))) p = q + 1;
            else break;
        }
        /* the list must start and end at a word boundary */
        int left = starts_word(b, i) ||
                   b->c[i - 1] == 0x6709 /* 有 */;
        size_t last_end = ni ? item[ni - 1][1] : i;
        int right = last_end >= b->n || !eg__is_han(b->c[last_end]) || in_set(plain_right, b->c[last_end]);
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
/* The characters of b that a name read whole before (strong 2: a Tibetan
 * or Japanese name, among out[first..]) covers: 1 in whole[0..b->n), which
 * is made here (in buf when it fits) and freed by the caller when it is
 * not buf; *whole NULL when no such name stands. -1 when out of memory.
 * (Asked of every span at each transliteration run, as before, this was
 * quadratic in a one-paragraph document.) */
static int names_read_whole(const eg__chars *b, const eg__spans *out, size_t first, uint8_t *buf, size_t cap,
                            uint8_t **whole)
{
    *whole = NULL;
    for (size_t k = first; k < out->n; k++) {
        const eg__span *sp = &out->v[k];
        if (sp->strong != 2) continue;
        if (!*whole) {
            *whole = b->n <= cap ? buf : malloc(b->n);
            if (!*whole) return -1;
            memset(*whole, 0, b->n);
        }
        size_t lo = 0, hi = b->n; /* the first character at or after its start */
        while (lo < hi) {
            size_t mid = (lo + hi) / 2;
            if (b->at[mid] < sp->start) lo = mid + 1;
            else hi = mid;
        }
        for (size_t i = lo; i < b->n && b->at[i] < sp->end; i++) (*whole)[i] = 1;
    }
    return 0;
}

static int foreign_names(const eg__chars *b, const uint8_t *m, const char *s, eg__spans *out, size_t first)
{
    /* a Tibetan or Japanese name (tibetan_names, japanese_names: strong 2,
     * before) is read whole; this rule's own names end where it reads on */
    uint8_t buf[1024], *whole;
    if (names_read_whole(b, out, first, buf, sizeof buf, &whole) < 0) return -1;
    int r = 0;
    for (size_t i = 0; i < b->n; i++) {
        i = mask_next(m, i, b->n, CMASK_translit_chars);
        if (i >= b->n) break;
        if (i > 0 && ((m[i - 1] & CMASK_translit_chars) || b->c[i - 1] == 0xB7)) continue;
        if (whole && whole[i]) continue;
        size_t e = i;
        int dots = 0;
        while (e < b->n && e - i < 12) {
            if (m[e] & CMASK_translit_chars) e++;
            /* a character the table lacks, right before a middle dot or
             * between two it has after one: 约[翰]·史密斯, 罗伯特·威[廉]斯 */
            else if (e > i && eg__is_han(b->c[e]) && !in_set(plain_right, b->c[e]) &&
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
                  (starts_word(b, i) || in_set(cup_left, b->c[i - 1]));
        if (cup) ok = 2;
        /* shorter runs must stand alone as a word on the right */
        if (ok == 1 && !dots && e < b->n && eg__is_han(b->c[e]) && !(ev & (EV_TITLE | EV_VERB))) ok = 0;
        if (!ok) {
            i = e - 1;
            continue;
        }
        if (eg__spans_push(out, b->at[i], b->at[e], EG_RULE_TITLE)) {
            r = -1;
            break;
        }
        out->v[out->n - 1].strong = cup ? 4 : 2; /* a foreign name; a trophy's is certain */
        i = e - 1;
    }
    if (whole != buf) free(whole);
    return r;
}

/* Japanese names: a family name of japanese_names.inc (two characters:
 * 池田, 桥本, 上杉) and a given name of it (大作, 龙太郎, 纯子), standing as a
 * word; the family name alone (桥本首相, 樱内会长) with a title. Many
 * family names are places or words too (中山, 福田), so a title, a verb or
 * a word of Japan (japan_cues) must back what the two tables alone do not:
 * a one-character given name, a given name the table lacks, the family
 * name alone. Chinese news cuts none of them as a Chinese name would
 * (上[杉光弘], 伊奈[恭子]), hence a rule of their own. */
static const uint32_t japanese_family[][2] = {
#define JAPANESE_FAMILY_NAMES
#include "japanese_names.inc"
#undef JAPANESE_FAMILY_NAMES
};

static const uint32_t japanese_given[][3] = {
#define JAPANESE_GIVEN_NAMES
#include "japanese_names.inc"
#undef JAPANESE_GIVEN_NAMES
};

/* Two bits for each family name a b in the word of japanese_family_hash(a,
 * b) (japanese_family_at), which rule out most places with one look-up
 * (scripts/gen_japanese_names.py sets the bits with the same hash). */
static const uint64_t japanese_family_filter[] = {
#define JAPANESE_FAMILY_FILTER
#include "japanese_names.inc"
#undef JAPANESE_FAMILY_FILTER
};

_Static_assert(sizeof japanese_family_filter / sizeof *japanese_family_filter == 1u << 11,
               "japanese_family_at reads the filter's word h >> 21");

#define N_JAPANESE_FAMILY (sizeof japanese_family / sizeof *japanese_family)
#define N_JAPANESE_GIVEN (sizeof japanese_given / sizeof *japanese_given)

static inline uint32_t japanese_family_hash(uint32_t a, uint32_t b)
{
    return (a * 0x9E3779B1u) ^ (b * 0x85EBCA77u);
}

/* Is c[i..i+2) a Japanese family name? (The filter's two bits let one
 * place in 55 of Chinese news through to the search, one bit let one in
 * 15: the search, its loads one after another in a table of 66 KB, was
 * a third of the people rules' time.) */
static inline int japanese_family_at(const eg__chars *b, size_t i)
{
    if (i + 1 >= b->n) return 0;
    uint32_t x = b->c[i], y = b->c[i + 1], h = japanese_family_hash(x, y);
    uint64_t bits = 1ull << (h >> 15 & 63) | 1ull << (h >> 6 & 63);
    if ((japanese_family_filter[h >> 21] & bits) != bits) return 0;
    size_t lo = 0, hi = N_JAPANESE_FAMILY;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        const uint32_t *f = japanese_family[mid];
        if (f[0] < x || (f[0] == x && f[1] < y)) lo = mid + 1;
        else hi = mid;
    }
    return lo < N_JAPANESE_FAMILY && japanese_family[lo][0] == x && japanese_family[lo][1] == y;
}

/* Is c[g..g+len) (1-3 Han characters) a Japanese given name? */
static int japanese_given_at(const eg__chars *b, size_t g, size_t len)
{
    if (g + len > b->n) return 0;
    uint32_t k[3] = {0, 0, 0};
    for (size_t j = 0; j < len; j++) {
        if (!eg__is_han(b->c[g + j])) return 0;
        k[j] = b->c[g + j];
    }
    size_t lo = 0, hi = N_JAPANESE_GIVEN;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        const uint32_t *v = japanese_given[mid];
        if (v[0] != k[0] ? v[0] < k[0] : v[1] != k[1] ? v[1] < k[1] : v[2] < k[2]) lo = mid + 1;
        else hi = mid;
    }
    return lo < N_JAPANESE_GIVEN && !memcmp(japanese_given[lo], k, sizeof k);
}

/* Does a title, a form of address or a verb that follows a name start at
 * code point e: evidence for the name before it? */
static int japanese_right_evidence(const eg__chars *b, const char *s, size_t e)
{
    return e < b->n && (list_starts_at(b, s, e, titles_after) || list_starts_at(b, s, e, verbs_after) ||
                        list_starts_at(b, s, e, address_after) || list_starts_at(b, s, e, japanese_titles_after));
}

/* Can a name end right before code point e: the end of the text, a
 * character no name continues with, or the evidence above? */
static int japanese_name_ends(const eg__chars *b, const char *s, size_t e)
{
    if (e >= b->n || !eg__is_han(b->c[e]) || b->c[e] == 0x3001) return 1;
    return in_set(stop_chars, b->c[e]) || in_set(plain_right, b->c[e]) || japanese_right_evidence(b, s, e);
}

/* Does one of japan_cues stand in the paragraph? */
static int japan_in(const eg__chars *b, const char *s)
{
    for (size_t i = 0; i < b->n; i++)
        if (list_starts_at(b, s, i, japan_cues)) return 1;
    return 0;
}

static int japanese_names(const eg__chars *b, const char *s, eg__spans *out)
{
    int japan = -1; /* japan_in, asked once and only where needed */
    size_t first = out->n;
    for (size_t i = 0; i + 1 < b->n; i++) {
        if (!japanese_family_at(b, i) || !eg__is_han(b->c[i])) continue;
        int title = title_or_role_before(b, s, i);
        /* 日本池田大作: the country right before the name */
        int nation = i >= 2 && b->c[i - 2] == 0x65E5 /* 日 */ && b->c[i - 1] == 0x672C /* 本 */;
        if (!title && !nation && !starts_word(b, i)) continue;
        size_t g = i + 2, end = 0, glued = 0;
        /* a given name of the table, the longest that ends as a word; one
         * character only with a title, a verb or Japan in the paragraph */
        for (size_t len = 3; len >= 1 && !end; len--) {
            if (!japanese_given_at(b, g, len)) continue;
            if (!japanese_name_ends(b, s, g + len)) {
                if (len >= 2 && !glued) glued = g + len;
                continue;
            }
            if (len >= 2 || title || japanese_right_evidence(b, s, g + len)) end = g + len;
            else {
                if (japan < 0) japan = japan_in(b, s);
                if (japan) end = g + len;
            }
        }
        /* two or three characters of the table glued to the next word
         * (教授大西武雄利用): with a title, the country before, or Japan in
         * the paragraph */
        if (!end && glued) {
            if (!title && !nation && japan < 0) japan = japan_in(b, s);
            if (title || nation || japan > 0) end = glued;
        }
        /* a given name the table lacks (要介): two characters with a title
         * before it or after it, in a paragraph about Japan */
        if (!end && g + 2 <= b->n && eg__is_han(b->c[g]) && eg__is_han(b->c[g + 1]) &&
            !in_set(plain_right, b->c[g]) && !in_set(plain_right, b->c[g + 1]) &&
            !japanese_right_evidence(b, s, g) && japanese_name_ends(b, s, g + 2) &&
            (title || japanese_right_evidence(b, s, g + 2))) {
            if (japan < 0) japan = japan_in(b, s);
            if (japan) end = g + 2;
        }
        /* the family name alone: before a title that only Japan's office
         * holders carry (桥本首相), or with a title or form of address in
         * a paragraph about Japan or that names the person in full; not
         * before the title of a division's head (石垣市长: the place's) */
        if (!end && g < b->n && list_starts_at(b, s, g, japanese_titles_after)) end = g;
        if (!end && japanese_name_ends(b, s, g) && (title || japanese_right_evidence(b, s, g)) &&
            !(g < b->n && in_set(division_head_starts, b->c[g]))) {
            int named = 0;
            for (size_t k = first; k < out->n && !named; k++)
                named = out->v[k].end - out->v[k].start > b->at[g] - b->at[i] &&
                        !memcmp(s + out->v[k].start, s + b->at[i], b->at[g] - b->at[i]);
            if (!named && japan < 0) japan = japan_in(b, s);
            if (named || japan) end = g;
        }
        if (!end) continue;
        if (eg__spans_push(out, b->at[i], b->at[end], EG_RULE_JAPANESE)) return -1;
        out->v[out->n - 1].strong = 2; /* a name read whole, as a foreign one */
        i = end - 1;
    }
    return 0;
}

/* Tibetan names: two parts of tibetan_name_parts side by side (扎西顿珠),
 * standing as a word or after a title; one part alone (扎西) with a title
 * before it or a title or verb after it. No surname starts them, and
 * transliterated they are cut in the wrong place (扎西顿 of 扎西顿珠). */
static int tibetan_names(const eg__chars *b, const uint8_t *m, const char *s, eg__spans *out)
{
    for (size_t i = 0; i + 1 < b->n; i++) {
        /* every part has two characters: the second, tested first, rules
         * out most places (the first characters, 西, 多, 平, are common) */
        size_t last = mask_next(m, i + 1, b->n, CMASK_LAST_tibetan_name_parts);
        if (last >= b->n) break;
        i = last - 1;
        if (!eg__is_han(b->c[i]) || !eg__is_han(b->c[i + 1]) || !list_starts_at(b, s, i, tibetan_name_parts)) continue;
        int before = title_or_role_before(b, s, i);
        if (!before && !starts_word(b, i)) continue;
        size_t e = i + 2;
        if (e + 1 < b->n && eg__is_han(b->c[e]) && eg__is_han(b->c[e + 1]) &&
            list_starts_at(b, s, e, tibetan_name_parts))
            e += 2;
        else if (!before && !(evidence(b, s, i, e) & (EV_TITLE | EV_VERB)))
            continue;
        if (eg__spans_push(out, b->at[i], b->at[e], EG_RULE_TITLE)) return -1;
        out->v[out->n - 1].strong = 2; /* a name of its own script's sounds, as a foreign one */
        i = e - 1;
    }
    return 0;
}

/* The character mask of b's code points (m[0..n], m[n] = 0): per
 * character the CMASK_ bits of the sets the rules' loops ask at every
 * character, from one table, so that each loop tests a bit. */
static void people_mask(const eg__chars *b, uint8_t *m)
{
    for (size_t i = 0; i < b->n; i++) {
        uint32_t c = b->c[i];
        m[i] = c < 0x10000 ? eg__cmask_pages[eg__cmask_index[c >> 8]][c & 0xFF] : 0;
    }
    m[b->n] = 0;
}

eg_status eg__recognize_people_in(const char *s, const eg__chars *b, eg__spans *out)
{
    int r = byline(b, s, out);
    size_t first = out->n;
    if (r < 0) return EG_ENOMEM;
    if (r > 0) return EG_OK;
    uint8_t mbuf[1024], *m = b->n < sizeof mbuf ? mbuf : malloc(b->n + 1);
    if (!m) return EG_ENOMEM;
    people_mask(b, m);
    r = tibetan_names(b, m, s, out) < 0 || japanese_names(b, s, out) < 0 || chinese_names(b, m, s, out) < 0 ||
        foreign_names(b, m, s, out, first) < 0 || honorific_names(b, m, s, out) < 0 || name_lists(b, m, out) < 0 ||
        listed_names(b, s, out, first) < 0;
    if (m != mbuf) free(m);
    return r ? EG_ENOMEM : EG_OK;
}

eg_status eg__recognize_people(const char *s, size_t len, eg__spans *out)
{
    eg__chars b = {0};
    eg_status st = eg__chars_decode(&b, s, len);
    if (!st) st = eg__recognize_people_in(s, &b, out);
    eg__chars_free(&b);
    return st;
}

/* ---- whether a name found elsewhere stands as a word here ------------------ */

int eg__name_stands_alone(const char *s, size_t len, size_t start, size_t end)
{
    int left = start == 0;
    if (!left) {
        size_t p = start - 1;
        while (p > 0 && eg__utf8_is_cont((unsigned char)s[p])) p--;
        size_t q = p;
        uint32_t c = eg__utf8_decode(s, len, &q, NULL);
        left = !eg__is_han(c) || in_set(left_boundary, c) || eg__title_before(s, start);
    }
    if (!left) return 0;
    if (end >= len) return 1;
    size_t q = end;
    uint32_t c = eg__utf8_decode(s, len, &q, NULL);
    /* a name is followed by almost anything (朱文珍用…), but not by the
     * characters that make a name into a thing or a place (高峰会议) */
    return !in_set(name_breakers, c);
}
