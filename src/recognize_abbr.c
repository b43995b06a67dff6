/* The rule that finds one-character abbreviations of places where the text
 * uses them as places: 中美关系, 英、美、法等国, 访华, 中方 (which characters
 * are abbreviations, the registry says: extract_rules.c). */
#include <stdlib.h>
#include <string.h>

#include "entgraph/text.h"
#include "internal.h"
#include "recognize.h"
#include "recognize_impl.h"
#include "util.h"

/* Is c[0] the short name of a place inside a set word: 京剧, 京韵,
 * 奥运会, 残奥会, 华侨, 华人, 华裔, 华工, 港胞, 藏胞, 台胞? */
static int set_word_with_abbr(const uint32_t *c, size_t n, uint32_t prev)
{
    switch (c[0]) {
    case 0x4EAC: /* 京 */ return in_set(jing_word_ends, c[1]);
    case 0x5965: /* 奥 */
        return (n >= 3 && c[1] == 0x8FD0 /* 运 */ && c[2] == 0x4F1A /* 会 */) ||
               (c[1] == 0x4F1A /* 会 */ && prev && in_set(ao_word_starts, prev));
    case 0x534E: /* 华 */ return in_set(hua_word_ends, c[1]) && (!prev || !eg__is_han(prev) || in_set(hua_word_left, prev));
    case 0x6E2F: /* 港 */
    case 0x85CF: /* 藏 */
    case 0x53F0: /* 台 */ return c[1] == 0x80DE /* 胞 */;
    default: return 0;
    }
}

/* How far the rule looks on from a character that is an abbreviation. */
#define ABBR_LOOK 16

/* Can is_abbr accept c, by the bits of maybe (NULL: it can)? */
static int may_abbr(const uint64_t *maybe, uint32_t c)
{
    return !maybe || c >= 0x10000 || (maybe[c >> 6] >> (c & 63) & 1);
}

eg_status eg__recognize_abbreviations_in(const char *s, const eg__chars *p,
                                         int (*is_abbr)(void *user, uint32_t c), void *user,
                                         const uint64_t *maybe, eg__spans *out)
{
    size_t len = p->at[p->n], ci = 0; /* ci: the character the rule is at */
    uint32_t prev = 0;
    while (ci < p->n) {
        /* nothing starts at a character that abbreviates nothing: read on */
        uint32_t c0 = p->c[ci];
        if (!may_abbr(maybe, c0) || !is_abbr(user, c0)) {
            prev = c0;
            ci++;
            continue;
        }
        /* the characters from here: c[k] at byte at[k], k < n */
        const uint32_t *c = p->c + ci;
        const size_t *at = p->at + ci;
        size_t n = p->n - ci < ABBR_LOOK ? p->n - ci : ABBR_LOOK;
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
        int start_ok = !prev || !eg__is_han(prev) || in_set(travel_verbs, prev) ||
                       in_set(abbr_left, prev);
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
            ci += k;
            continue;
        }
        /* two countries right after another Chinese character, before no
         * word of relation (表明了中美加强合作, 就日俄和约): the words decide,
         * on both sides (其中|美国, 心中|美好 are no countries); not where
         * the second is a side, army or office of its own (其中美方), nor
         * with 以, there mostly the preposition (决赛中以2比0, 以日计), nor
         * one character twice (小伊伊), nor right after a character of
         * transliterations (劳埃德周刊) */
        if (items >= 2 && !listed && !start_ok && in_set(country_abbrs, c[0]) && in_set(country_abbrs, c[1]) &&
            c[0] != 0x4EE5 && c[1] != 0x4EE5 && /* 以 */ c[0] != c[1] &&
            !in_set(translit_chars, prev) &&
            !(n >= 3 && (c[2] == 0x65B9 /* 方 */ || c[2] == 0x519B /* 军 */ ||
                         word_len_at(s, len, at[2], country_offices)))) {
            for (size_t q = 0; q < 2; q++) {
                if (eg__spans_push(out, at[q], at[q + 1], EG_RULE_ABBR)) return EG_ENOMEM;
                out->v[out->n - 1].strong = 6;
            }
            prev = c[1];
            ci += 2;
            continue;
        }
        /* a country's side, army or office: 中方, 以方愿同, 俄军, 俄总理, 美政府;
         * right after another Chinese character (敦促美方, 谴责以军) the
         * words decide whether that character ends a word with it (集[中]方式,
         * 所[以]军队); 以 before an office there is the preposition (纲领以政府的
         * 计划为依据) */
        if (items == 1 && n >= 2 && in_set(country_abbrs, c[0]) &&
            (c[1] == 0x65B9 /* 方 */ ||
             ((start_ok || c[0] != 0x4EE5 /* 以 */) && word_len_at(s, len, at[1], country_offices)) ||
             (c[1] == 0x519B /* 军 */ && !(n >= 3 && in_set(army_word_ends, c[2]))))) {
            if (eg__spans_push(out, at[0], at[1], EG_RULE_ABBR)) return EG_ENOMEM;
            if (!start_ok) out->v[out->n - 1].strong = 5;
            prev = c[0];
            ci++;
            continue;
        }
        /* set phrases: 抗日 (the war against Japan), 亚运会 (the Asian Games) */
        if (items == 1 && ((prev == 0x6297 /* 抗 */ && c[0] == 0x65E5 /* 日 */) ||
                           (c[0] == 0x4E9A /* 亚 */ && n >= 2 && c[1] == 0x8FD0 /* 运 */))) {
            if (eg__spans_push(out, at[0], at[1], EG_RULE_ABBR)) return EG_ENOMEM;
        }
        /* after a verb of travel or stance: 访华, 在京, 驻华大使, 对华, 援藏 */
        if (items == 1 && prev && in_set(travel_verbs, prev) && in_set(travel_abbrs, c[0]) &&
            (n < 2 || !is_abbr(user, c[1]))) {
            if (eg__spans_push(out, at[0], at[1], EG_RULE_ABBR)) return EG_ENOMEM;
            out->v[out->n - 1].strong = 3; /* one character after a verb: the words decide */
        }
        /* set words that hold a place's short name: 京剧, 奥运会, 华侨, 港胞 */
        else if (items == 1 && n >= 2 && set_word_with_abbr(c, n, prev)) {
            if (eg__spans_push(out, at[0], at[1], EG_RULE_ABBR)) return EG_ENOMEM;
        }
        prev = c[0];
        ci++;
    }
    return EG_OK;
}

eg_status eg__recognize_abbreviations(const char *s, size_t len,
                                      int (*is_abbr)(void *user, uint32_t c), void *user,
                                      eg__spans *out)
{
    eg__chars p = {0};
    eg_status st = eg__chars_decode(&p, s, len);
    if (!st) st = eg__recognize_abbreviations_in(s, &p, is_abbr, user, NULL, out);
    eg__chars_free(&p);
    return st;
}
