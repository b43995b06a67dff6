/* The rules that find organisations and places around the places the
 * dictionary knows: teams (中国女队), place + organisation head (北京大学,
 * 海盐县人民法院), a known organisation widened (中国 + 全国人大 + 常委会),
 * place + name + administrative suffix (如皋市城西乡), landmarks at a
 * place (西安北站, 大连星海广场), party congresses (十五大). */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "entgraph/matcher.h"
#include "internal.h"
#include "recognize.h"
#include "recognize_impl.h"
#include "util.h"

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

/* Is the one-character head c at p the end of a word instead: 签署, 部署,
 * 场所, 东南部? */
static int head_char_ends_word(const char *s, size_t p, uint32_t c)
{
    if (p < 3) return 0;
    size_t q = p - 3, nx;
    uint32_t b = cp_at(s, p, q, &nx);
    return (c == 0x7F72 /* 署 */ && in_set(shu_word_starts, b)) || (c == 0x6240 /* 所 */ && in_set(suo_word_starts, b)) ||
           (c == 0x90E8 /* 部 */ && in_set(bu_word_starts, b));
}

/* Does a head word that ends at e end the word there (not 大学生, 团委员)? */
static int head_ends_word(const char *s, size_t len, size_t e)
{
    size_t next;
    uint32_t f = cp_at(s, len, e, &next);
    return !f || !in_set(head_word_ends, f);
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
                if (!f || !eg__is_han(f) || !in_set(org_head_breakers, f)) found = next;
                break;
            }
            if (!eg__is_han(c) || in_set(org_middle_stop, c)) break;
            p = next;
        }
        if (!found) break;
        e = found;
    }
    return e;
}

/* The end of an organisation's name whose known part ends at e when the
 * head of an organisation's name follows it directly, as a word: 华润 +
 * 银行, 美国航空 + 集团, …集团 + 公司 (with tails_only, only a tail that
 * names a body of it: …分公司 + 办公室); 0 when none does, or when the
 * head means its bodies in general (欧盟 + 机构). */
size_t eg__org_head_after(const char *s, size_t len, size_t e, int tails_only)
{
    size_t h = tails_only ? 0 : word_len_at(s, len, e, org_heads);
    if (!h) h = word_len_at(s, len, e, org_tails);
    if (!h || word_len_at(s, len, e, org_heads_general) == h) return 0;
    return head_ends_word(s, len, e + h) ? e + h : 0;
}

int eg__ends_org_name(const char *s, size_t start, size_t end, size_t len)
{
    size_t last = start;
    for (size_t p = start; p < end;) {
        if (p > start && eg__org_head_after(s, len, p, 0) == end) return 2;
        last = p;
        eg__utf8_decode(s, end, &p, NULL);
    }
    size_t next;
    uint32_t c = cp_at(s, end, last, &next);
    return last >= start + 6 && in_set(org_head_chars_sure, c) && !head_char_ends_word(s, last, c);
}

size_t eg__periodical_after(const char *s, size_t len, size_t e)
{
    size_t p, next, last = 0;
    if (cp_at(s, len, e, &p) != 0x300A /* 《 */) return 0;
    size_t open = p;
    for (int chars = 0; chars <= 20 && p < len; chars++) {
        uint32_t c = cp_at(s, len, p, &next);
        if (c == 0x300B /* 》 */) {
            if (chars < 2) return 0;
            size_t w = word_len_at(s, len, next, periodicals);
            if (w) return next + w;
            if (cp_at(s, len, last, &p) == 0x62A5 /* 报 */) return next;
            for (size_t q = open; q < last; q = p) {
                if (word_len_at(s, len, q, periodical_title_ends) == (size_t)(next - 3 - q)) return next;
                cp_at(s, len, q, &p);
            }
            return 0;
        }
        if (c == 0x300A || c == '\n' || c == '\r') return 0;
        last = p;
        p = next;
    }
    return 0;
}

int eg__short_name_after(const char *s, size_t len, size_t at, size_t *y0, size_t *y1)
{
    static const uint32_t opens[] = {0x201C /* “ */, '"', 0x300C /* 「 */, 0x300E /* 『 */},
                          closes[] = {0x201D /* ” */, '"', 0x300D /* 」 */, 0x300F /* 』 */};
    size_t i = at, next, w;
    while (i < len && s[i] == ' ') i++;
    if (cp_at(s, len, i, &next) != '(' || !(w = word_len_at(s, len, next, short_name_intros))) return 0;
    i = next + w;
    uint32_t c = cp_at(s, len, i, &next);
    if (c == ':' || c == 0x4E3A /* 为 */) c = cp_at(s, len, i = next, &next);
    uint32_t close = ')';
    for (size_t k = 0; k < sizeof opens / sizeof *opens; k++)
        if (c == opens[k]) {
            close = closes[k];
            i = next;
        }
    size_t a = i, chars = 0;
    int han = 0;
    while (i < len && (c = cp_at(s, len, i, &next)) != close) {
        if (!eg__is_han(c) && !(c < 0x80 && isalnum((int)c))) return 0;
        han |= eg__is_han(c);
        chars++;
        i = next;
    }
    if (i >= len || chars < 2 || chars > 16 || !han) return 0;
    if (close != ')' && cp_at(s, len, next, &next) != ')') return 0;
    *y0 = a;
    *y1 = i;
    return 1;
}

/* Organisations and places that start at a dictionary place (or a chain
 * of them): teams, the place's party committee, place + organisation head,
 * place + name + administrative suffix. */
static eg_status after_places(const char *s, size_t len, const eg__span *dict, const uint8_t *types, size_t n,
                              eg__spans *out)
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
            if (!eg__is_han(c) || in_set(org_middle_stop, c) || span_starts_in(dict, n, e - 1, p + 1)) break;
            p = next;
            if (middle >= 1 && cp_at(s, len, p, &next) == 0x961F && !in_set(dui_word_starts, c)) {
                if (eg__spans_push(out, a, next, EG_RULE_TEAM)) return EG_ENOMEM;
                p = 0;
                break;
            }
        }
        if (p == 0) continue;
        /* the place's party committee: 云南省委, 中共嘉兴市委 (not 委员) */
        size_t best_end = 0;
        size_t last = e;
        while (last > a && eg__utf8_is_cont((unsigned char)s[last - 1])) last--;
        if (last > a) last--;
        if (cp_at(s, len, e, &next) == 0x59D4 /* 委 */ && in_set(division_ends, cp_at(s, len, last, &p)) &&
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
                if (!eg__is_han(c) || in_set(org_middle_stop, c)) break;
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
                if (!f || !eg__is_han(f) || !in_set(org_head_breakers, f)) {
                    best_end = next;
                    break;
                }
            }
            if (!eg__is_han(c) || in_set(org_middle_stop, c)) break;
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
            if (!eg__is_han(c) || in_set(org_middle_stop, c)) break;
            p = next;
            if (stem == 0) continue; /* a stem has two characters at least */
            size_t h = word_len_at(s, len, p, admin_suffixes);
            if (h && !span_starts_in(dict, n, e - 1, p + h)) {
                if (eg__spans_push(out, e, p + h, EG_RULE_LOC_SUFFIX)) return EG_ENOMEM;
                break;
            }
        }
    }
    return EG_OK;
}

/* Landmarks, stations and landforms at a dictionary place: the place and
 * a head right after it (西安 + 北站, 大理 + 古城) are one place; a name of
 * two or three characters between them is the landmark's own, and the
 * place before stays a place of its own (大连 + [星海广场]). */
static eg_status landmarks(const char *s, size_t len, const eg__span *dict, const uint8_t *types, size_t n,
                           eg__spans *out)
{
    for (size_t k = 0; k < n; k++) {
        if ((types[k] & EG__T_MASK) != EG__T_LOC) continue;
        size_t a = dict[k].start, e = dict[k].end, p = e, next;
        for (int middle = 0; middle <= 3 && p < len; middle++) {
            size_t h = middle != 1 ? word_len_at(s, len, p, landmark_heads) : 0;
            if (h && !span_starts_in(dict, n, e - 1, p)) {
                uint32_t f = cp_at(s, len, p + h, &next);
                if (f && in_set(landmark_word_ends, f)) break;
                if (eg__spans_push(out, middle ? e : a, p + h, EG_RULE_LOC_SUFFIX)) return EG_ENOMEM;
                break;
            }
            uint32_t c = cp_at(s, len, p, &next);
            if (!eg__is_han(c) || in_set(org_middle_stop, c) || (middle && span_starts_in(dict, n, e - 1, p + 1))) break;
            p = next;
        }
    }
    return EG_OK;
}

/* Organisations the dictionary knows, widened by what stands around them. */
static eg_status widened_orgs(const char *s, size_t len, const eg__span *dict, const uint8_t *types, size_t n,
                              eg__spans *out)
{
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
                    if (in_set(numerals, d)) {
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
    return EG_OK;
}

static eg_status party_congresses(const char *s, size_t len, eg__spans *out)
{
    /* party congresses: 十五大, 十六大 — "十" + a digit + "大", as a word
     * (memchr finds the candidates by 十's last byte, 0x81, which ends
     * one Chinese character in 64: its lead byte, E5, leads a fifth of
     * them; comparing at every byte cost 2% of the rules) */
    for (size_t i = 0; i + 6 <= len; i++) {
        const char *last = memchr(s + i + 2, 0x81, len - 5 - i);
        if (!last) break;
        i = (size_t)(last - s) - 2;
        if (memcmp(s + i, "\xe5\x8d\x81", 3)) continue; /* 十 */
        size_t j = i + 3, nx;
        uint32_t d = cp_at(s, len, j, &nx);
        if (!in_set(congress_digits, d)) continue;
        if (cp_at(s, len, nx, &j) != 0x5927 /* 大 */) continue;
        size_t after;
        uint32_t f = cp_at(s, len, j, &after);
        if (f && eg__is_han(f) && !in_set(congress_right, f)) continue;
        if (i >= 3) {
            size_t prev = i - 3;
            while (prev > 0 && eg__utf8_is_cont((unsigned char)s[prev])) prev--;
            uint32_t pc = cp_at(s, len, prev, &nx);
            if (in_set(congress_not_left, pc)) continue;
        }
        if (eg__spans_push(out, i, j, EG_RULE_CONGRESS)) return EG_ENOMEM;
        i = j - 1;
    }
    return EG_OK;
}

eg_status eg__recognize_compounds(const char *s, size_t len, const eg__span *dict,
                                  const uint8_t *types, size_t n, eg__spans *out)
{
    eg_status st = after_places(s, len, dict, types, n, out);
    if (!st) st = landmarks(s, len, dict, types, n, out);
    if (!st) st = widened_orgs(s, len, dict, types, n, out);
    if (!st) st = party_congresses(s, len, out);
    return st;
}
