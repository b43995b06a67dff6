/* The rule that finds one-character abbreviations of places where the text
 * uses them as places: 中美关系, 英、美、法等国, 访华, 中方; and the table of
 * them, made from the registry's ABBR entries. */
#include <stdlib.h>
#include <string.h>

#include "entgraph/text.h"
#include "extract_impl.h"
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
        i = at[1];
    }
    return EG_OK;
}

/* ---- the table of abbreviations ---------------------------------------- */

eg_status eg__extractor_build_abbr(eg_extractor *x)
{
    size_t n = eg_dict_count(x->dict), k = 0;
    for (size_t i = 0; i < n; i++) k += !strcmp(eg_dict_entity(x->dict, i)->type, "ABBR");
    if (!k) return EG_OK;
    x->abbr_cp = malloc(k * sizeof *x->abbr_cp);
    x->abbr_entity = malloc(k * sizeof *x->abbr_entity);
    if (!x->abbr_cp || !x->abbr_entity) return EG_ENOMEM;
    for (size_t i = 0; i < n; i++) {
        const eg_entity *e = eg_dict_entity(x->dict, i);
        if (strcmp(e->type, "ABBR") || x->parent[i] < 0) continue;
        char *norm = NULL;
        size_t nlen;
        eg_status st = eg_text_normalize_utf8(x->text, e->name, strlen(e->name), &norm, &nlen);
        if (st) return st;
        size_t j = 0;
        uint32_t c = nlen ? eg__utf8_decode(norm, nlen, &j, NULL) : 0;
        free(norm);
        if (!c || j != nlen) continue; /* one character only */
        /* the first entry for a character wins; keep the table sorted */
        size_t pos = 0;
        while (pos < x->n_abbr && x->abbr_cp[pos] < c) pos++;
        if (pos < x->n_abbr && x->abbr_cp[pos] == c) continue;
        memmove(x->abbr_cp + pos + 1, x->abbr_cp + pos, (x->n_abbr - pos) * sizeof *x->abbr_cp);
        memmove(x->abbr_entity + pos + 1, x->abbr_entity + pos, (x->n_abbr - pos) * sizeof *x->abbr_entity);
        x->abbr_cp[pos] = c;
        x->abbr_entity[pos] = (uint32_t)x->parent[i];
        x->n_abbr++;
        if (c < 0x10000) x->abbr_bits[c >> 6] |= 1ull << (c & 63);
        else memset(x->abbr_bits, 0xFF, sizeof x->abbr_bits); /* beyond the bits: ask the table */
    }
    return EG_OK;
}

/* The entity abbreviated by c, or UINT32_MAX. */
static uint32_t abbr_target(const eg_extractor *x, uint32_t c)
{
    size_t lo = 0, hi = x->n_abbr;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (x->abbr_cp[mid] < c) lo = mid + 1;
        else hi = mid;
    }
    return lo < x->n_abbr && x->abbr_cp[lo] == c ? x->abbr_entity[lo] : UINT32_MAX;
}

static int is_abbr(void *user, uint32_t c)
{
    const eg_extractor *x = user;
    /* most characters abbreviate nothing: a bit per character first */
    if (c < 0x10000 && !(x->abbr_bits[c >> 6] >> (c & 63) & 1)) return 0;
    return abbr_target(user, c) != UINT32_MAX;
}

eg_status eg__find_abbreviations(eg_extractor *x, size_t b, size_t e, eg__spans *local)
{
    size_t before = local->n;
    eg_status st = eg__recognize_abbreviations(x->nt.s + b, e - b, is_abbr, x, local);
    for (size_t k = before; k < local->n; k++) {
        size_t j = local->v[k].start;
        uint32_t c = eg__utf8_decode(x->nt.s + b, e - b, &j, NULL);
        local->v[k].start += b;
        local->v[k].end += b;
        local->v[k].entity = abbr_target(x, c);
    }
    return st;
}
