/* How the trained tagger's spans join the rules' (issue 16): the tagger
 * labels a paragraph with the candidates as features, and its spans are
 * checked and given the registry's or a rule's identity where one of
 * them holds the same span. */
#include <stdlib.h>
#include <string.h>

#include "entgraph/text.h"
#include "extract_impl.h"
#include "internal.h"
#include "lexicon.h"
#include "recognize.h"
#include "tagger_impl.h"
#include "util.h"

/* The kind (EG__T_*) of a candidate span: its entity's for a dictionary
 * match (a group's first reading), its rule's type for a rule span. */
static uint16_t span_kind(const eg_extractor *x, const eg__span *s)
{
    if (s->rule == EG_RULE_NONE) {
        uint32_t e = s->entity;
        if (e & GROUP_BIT) e = x->group_members[x->group_start[e & ~GROUP_BIT]];
        return x->kind[e];
    }
    const char *t = eg__rule_type((eg__rule)s->rule);
    return t[0] == 'P' ? EG__T_PER : t[0] == 'O' ? EG__T_ORG : EG__T_LOC;
}

/* The first character of the paragraph at or after byte offset off
 * (byte[0..n] ascending), n when none before the end. Without branches
 * on the data (a conditional move a step): the halving's outcome is a
 * coin toss the branch predictor lost, twice per candidate span. */
static uint32_t char_at(const uint32_t *byte, size_t n, size_t off)
{
    size_t lo = 0, len = n + 1; /* the answer is in lo .. lo + len - 1 */
    while (len > 1) {
        size_t half = len / 2;
        lo = byte[lo + half - 1] < off ? lo + half : lo;
        len -= half;
    }
    return (uint32_t)lo;
}

/* White space at the edge of a tagger span: the text's own (eg_text_is_space)
 * and line breaks. */
static int is_tag_space(uint32_t c) { return eg_text_is_space(c) || c == '\n' || c == '\r'; }

/* The lexicon's best path over characters a .. z - 1 of paragraph
 * nt.s + b (tag_input's code points) as the tagger's segmentation
 * features, in x->tag.seg[a .. z) (all zero when out of memory). A clause
 * end (eg__tag_clause_end) is right before a and at z - 1, or they are the
 * paragraph's ends: no word crosses there, so that the path over them is
 * the paragraph's. The
 * word test segments only windows around some short candidates, so the
 * path is made here, in the extractor's segmentation scratch (the word
 * test is done with it by now). */
static void tag_segmentation(eg_extractor *x, size_t b, size_t a, size_t z)
{
    eg__tag_scratch *ts = &x->tag;
    const eg__seg *g = &x->seg;
    size_t n = z - a;
    if (!n) return;
    if (eg__lexicon_segment_decoded(x->lexicon, x->nt.s + b, ts->cp + a, ts->byte + a, n, &x->seg)) {
        memset(ts->seg + a, 0, n);
        return;
    }
    for (size_t i = 0; i < n;) {
        size_t j = g->word_end[i], len = j - i;
        int han = eg_text_is_han(ts->cp[a + i]);
        unsigned lb = !han ? 6 : len < 5 ? (unsigned)len : 5;
        /* the path word's lexicon entry came out with the path */
        uint32_t val = g->word_val[i];
        int name = han && len > 1 && (val & EG__LEX_NAME_BIT) != 0;
        uint8_t *seg = ts->seg + a;
        if (len == 1) {
            seg[i] = EG__SEG_MAKE(EG__SEG_S, lb, name);
            /* how common the character is as a word of its own: a rare one
             * standing alone is often part of a name */
            if (han) {
                uint32_t f = val & EG__LEX_FREQ_MASK;
                seg[i] |= EG__SEG_FREQ(f < 10 ? 0u : f < 1000 ? 1u : f < 30000 ? 2u : 3u);
            }
        }
        else {
            seg[i] = EG__SEG_MAKE(EG__SEG_B, lb, name);
            for (size_t k = i + 1; k + 1 < j; k++) seg[k] = EG__SEG_MAKE(EG__SEG_M, lb, name);
            seg[j - 1] = EG__SEG_MAKE(EG__SEG_E, lb, name);
        }
        i = j;
    }
}

/* The segmentation value (tag_segmentation's) of character k, the last
 * of a run of characters that are not ideographs with an ideograph after
 * it: the lexicon's best path takes such a run as words of at most 64
 * characters from its start, whatever the ideographs around. So the
 * character before a region that the gate let through (the end of a
 * clause it left out, unsegmented) has its value without the path. */
static uint8_t run_end_seg(const uint32_t *cp, size_t k)
{
    size_t s = k;
    while (s > 0 && !eg_text_is_han(cp[s - 1])) s--;
    size_t ws = s + (k - s) / 64 * 64;
    return EG__SEG_MAKE(k == ws ? EG__SEG_S : EG__SEG_E, 6, 0);
}

/* Does the tagger read the lexicon's segmentation (the model has it, or
 * a trainer captures it)? */
static int tag_wants_seg(const eg_extractor *x) { return !x->tagger || !(x->tagger->omit & EG_TAG_OMIT_SEG); }

/* The tagger's input for paragraph nt.s[b..e) in x->tag: its code points
 * (cp, their bytes from b and, for a capture, the original code points)
 * and the candidates (x->cand, sorted) as character spans. The number of
 * code points. The paragraph is decoded already: x->chars (candidates()
 * in extract.c sets it to the paragraph's view of x->doc_chars, rules or
 * not). */
static size_t tag_input(eg_extractor *x, size_t b, size_t e)
{
    eg__tag_scratch *ts = &x->tag;
    const eg__chars *pc = &x->chars;
    size_t n = pc->n;
    memcpy(ts->cp, pc->c, n * sizeof *ts->cp);
    for (size_t k = 0; k < n; k++) ts->byte[k] = (uint32_t)pc->at[k];
    /* the original code points, for a trainer's capture alone */
    if (x->capture)
        for (size_t k = 0; k < n; k++) ts->orig[k] = x->nt.from[b + pc->at[k]];
    ts->byte[n] = (uint32_t)(e - b);
    ts->have_seg = 0;
    if (x->cand.n > 1) qsort(x->cand.v, x->cand.n, sizeof *x->cand.v, eg__span_cmp);
    for (size_t k = 0; k < x->cand.n; k++) {
        const eg__span *c = &x->cand.v[k];
        ts->spans[k].start = char_at(ts->byte, n, c->start - b);
        ts->spans[k].end = char_at(ts->byte, n, c->end - b);
        ts->spans[k].kind = span_kind(x, c);
        ts->spans[k].src = (uint16_t)c->rule;
    }
    return n;
}

/* The closing bracket of an opening one (after NFKC: （ is '('), else 0. */
static uint32_t closing_of(uint32_t c)
{
    static const uint32_t pairs[][2] = {{'(', ')'}, {'[', ']'}, {0x300A, 0x300B} /* 《》 */, {0x3008, 0x3009},
                                        {0x201C, 0x201D} /* “” */, {0x2018, 0x2019}, {0x300C, 0x300D} /* 「」 */,
                                        {0x3010, 0x3011} /* 【】 */};
    for (size_t k = 0; k < sizeof pairs / sizeof *pairs; k++)
        if (pairs[k][0] == c) return pairs[k][1];
    return 0;
}

static int is_closing(uint32_t c)
{
    return c == ')' || c == ']' || c == 0x300B || c == 0x3009 || c == 0x201D || c == 0x2019 || c == 0x300D ||
           c == 0x3011;
}

/* Cuts the span cp[*first..*last] before a bracket it opens and does not
 * close (纪委(监察办 of 纪委（监察办）) or closes without opening, or
 * starts it after one such at its start: a name holds brackets only in
 * pairs (香港《大公报》). Until none is left. */
static void balance_brackets(const uint32_t *cp, size_t *first, size_t *last)
{
    for (size_t k = *first; k <= *last && *first <= *last; k++) {
        uint32_t close = closing_of(cp[k]);
        size_t m = k + 1;
        if (close)
            while (m <= *last && cp[m] != close) m++;
        if (close && m <= *last) {
            k = m; /* a pair */
            continue;
        }
        if (!close && !is_closing(cp[k])) continue;
        if (k == *first) (*first)++;
        else *last = k - 1;
        k = *first - 1; /* again from the start */
    }
}

/* Whether the tagger's span cp[*first..*last] can be a name, trimmed in
 * place: a name neither starts nor ends with white space (a byline's
 * "俞佳 " was taken with its space), nor holds a line break, nor a bracket
 * it does not close (cut before it), nor a space between Chinese
 * characters; it has a letter (Han or Latin), no replaced bytes, and is
 * not one character said three times or more (哈哈哈). */
static int name_like(const uint32_t *cp, size_t *first, size_t *last)
{
    while (*first <= *last && is_tag_space(cp[*first])) (*first)++;
    if (*first <= *last) balance_brackets(cp, first, last);
    while (*first <= *last && is_tag_space(cp[*first])) (*first)++;
    while (*last > *first && is_tag_space(cp[*last])) (*last)--;
    if (*first > *last || is_tag_space(cp[*last])) return 0;
    int broken = 0, letters = 0, replaced = 0, same = *last - *first >= 2;
    for (size_t k = *first; k <= *last; k++) {
        same &= cp[k] == cp[*first]; /* 哈哈哈: laughter, not a name */
        uint32_t c = cp[k];
        broken |= c == '\n' || c == '\r';
        /* white space between Chinese characters ends a name (哈哈 雷) */
        broken |= k > *first && k < *last && is_tag_space(c) && eg_text_is_han(cp[k - 1]) && eg_text_is_han(cp[k + 1]);
        letters |= eg_text_is_han(c) || (c >= 'a' && c <= 'z') || (c >= 0xC0 && c < 0x250);
        replaced |= c == 0xFFFD;
    }
    return !broken && letters && !replaced && !same;
}

static int is_latin_letter(uint32_t c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

/* Does the tagger's span cp[first..last] (of n) begin or end inside a word
 * of Latin letters (DeepSee of DeepSeek)? (Letters and digits side by side
 * are often two tokens of a table: 长城A12.79.) */
static int inside_latin_word(const uint32_t *cp, size_t n, size_t first, size_t last)
{
    return (first > 0 && is_latin_letter(cp[first]) && is_latin_letter(cp[first - 1])) ||
           (last + 1 < n && is_latin_letter(cp[last]) && is_latin_letter(cp[last + 1]));
}

/* Does a common two-character word cross an end of characters
 * first..last of paragraph b (n characters): its last character and the
 * next (unless start_only), or the one before and its first? */
static int crosses_word(const eg_extractor *x, size_t b, size_t n, size_t first, size_t last, int start_only)
{
    const eg__tag_scratch *ts = &x->tag;
    const char *t = x->nt.s + b;
    if (!start_only && last + 1 < n && eg_text_is_han(ts->cp[last + 1]) && eg_text_is_han(ts->cp[last]) &&
        eg__lexicon_freq(x->lexicon, t + ts->byte[last], ts->byte[last + 2] - ts->byte[last]) >= EG__LEX_F_CROSS)
        return 1;
    return first > 0 && eg_text_is_han(ts->cp[first - 1]) && eg_text_is_han(ts->cp[first]) &&
           eg__lexicon_freq(x->lexicon, t + ts->byte[first - 1], ts->byte[first + 1] - ts->byte[first - 1]) >=
               EG__LEX_F_CROSS_PLACE;
}

/* A place only the model proposes that is the end of one word of the
 * lexicon's best path, a word ending in a place feature (河, 湖, 岛, 桥 …:
 * place_feature_ends), is cut out of that longer place's name (清河 of the
 * river 小清河, at each of its mentions): it widens to the word.
 * first..last: characters of the paragraph. */
static void widen_to_feature_word(const eg__tag_scratch *ts, size_t *first, size_t *last)
{
    if (!ts->have_seg) return;
    size_t a = *first, z = *last;
    if (EG__SEG_POS(ts->seg[a]) != EG__SEG_M || EG__SEG_POS(ts->seg[z]) != EG__SEG_E) return;
    if (!eg__is_place_feature_end(ts->cp[z])) return;
    while (a > 0 && EG__SEG_POS(ts->seg[a]) == EG__SEG_M) a--;
    if (EG__SEG_POS(ts->seg[a]) != EG__SEG_B) return;
    for (size_t k = a; k < *first; k++)
        if (!eg_text_is_han(ts->cp[k])) return;
    *first = a;
}

/* Is bytes s0..s1 of the text exactly two or more dictionary places side
 * by side (山西大同, 辽宁大连)? cand is sorted by start, from *ci on
 * starting at s0 or later. The labelled text names each of them. */
static int tiled_by_places(const eg_extractor *x, size_t ci, size_t s0, size_t s1)
{
    size_t p = s0, parts = 0;
    while (p < s1) {
        size_t best = p;
        for (size_t k = ci; k < x->cand.n && x->cand.v[k].start <= p; k++) {
            const eg__span *c = &x->cand.v[k];
            if (c->start == p && c->rule == EG_RULE_NONE && c->end <= s1 && c->end > best &&
                span_kind(x, c) == EG__T_LOC && (c->end < s1 || parts))
                best = c->end;
        }
        if (best == p) return 0;
        p = best;
        parts++;
    }
    return parts >= 2;
}

/* Is cp[first..last] Latin letters and spaces, at least two words, the
 * first in lower case? */
static int latin_phrase(const uint32_t *cp, size_t first, size_t last)
{
    int space = 0;
    for (size_t k = first; k <= last; k++) {
        if (cp[k] == ' ') space = 1;
        else if (!is_latin_letter(cp[k])) return 0;
    }
    return space && cp[first] >= 'a' && cp[first] <= 'z';
}

/* 阿, 小, 老: before one character, a nickname (阿港, 小河), not a place */
static int is_nickname_prefix(uint32_t c) { return c == 0x963F || c == 0x5C0F || c == 0x8001; }

/* Does cp[first..last] (of n) end a title in 《》 after two or more other
 * characters of it: 《, words, the span, and 》 right after it? (After one
 * character, a work is addressed to or about the person: 《致牟小东》.) */
static int ends_title(const uint32_t *cp, size_t n, size_t first, size_t last)
{
    if (last + 1 >= n || cp[last + 1] != 0x300B || first < 2 || cp[first - 1] == 0x300A || cp[first - 2] == 0x300A)
        return 0;
    for (size_t k = first - 2; k-- > 0;) {
        if (cp[k] == 0x300A) return 1;
        if (cp[k] == 0x300B || is_closing(cp[k]) || cp[k] == '\n') return 0;
    }
    return 0;
}

/* 市, 省, 县: the suffixes of a city, a province, a county */
static int is_division_suffix(uint32_t c) { return c == 0x5E02 || c == 0x7701 || c == 0x53BF; }

/* Can c start a person's name: a surname (or a compound surname's first
 * character), a character of transliterations, a nickname's 阿, 小, 老? */
static int name_start(uint32_t c)
{
    return eg__is_surname(c) || eg__in_compound_surname(c) || eg__is_translit(c) || is_nickname_prefix(c);
}

/* Does an organisation's name among the candidates (x->cand, sorted by
 * start; those before ci start before s0) end at byte s0? Names are
 * short: the last 32 candidates before are looked at. */
static int org_ends_at(const eg_extractor *x, size_t ci, size_t s0)
{
    for (size_t k = ci, seen = 0; k-- > 0 && seen < 32; seen++)
        if (x->cand.v[k].end == s0 && span_kind(x, &x->cand.v[k]) == EG__T_ORG) return 1;
    return 0;
}

/* A candidate of x->cand (sorted by start, from ci on starting at s0 or
 * later) over exactly s0..s1 and of kind want, into *pick: 1 if one is. */
static int exact_candidate(const eg_extractor *x, size_t ci, size_t s0, size_t s1, uint16_t want, eg__span *pick)
{
    for (size_t k = ci; k < x->cand.n && x->cand.v[k].start == s0; k++)
        if (x->cand.v[k].end == s1 && span_kind(x, &x->cand.v[k]) == want) {
            *pick = x->cand.v[k];
            return 1;
        }
    return 0;
}

/* The first candidate of x->cand (sorted by start; x->tag.spans in the
 * same order) that starts at byte pos or after it; x->cand.n when none
 * does. (The candidates from the first, asked per name of the tagger's,
 * were quadratic in a long paragraph.) */
static size_t cand_from(const eg_extractor *x, size_t pos)
{
    size_t lo = 0, hi = x->cand.n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (x->cand.v[mid].start < pos) lo = mid + 1;
        else hi = mid;
    }
    return lo;
}

/* Is bytes s0..s1 an organisation of the dictionary among the candidates
 * (x->cand, sorted by start)? */
static int registry_org_over(const eg_extractor *x, size_t s0, size_t s1)
{
    for (size_t k = cand_from(x, s0); k < x->cand.n && x->cand.v[k].start == s0; k++)
        if (x->cand.v[k].end == s1 && x->cand.v[k].rule == EG_RULE_NONE && span_kind(x, &x->cand.v[k]) == EG__T_ORG)
            return 1;
    return 0;
}

/* Do bytes s0..s1 of paragraph ..e end as an organisation's name does
 * (eg__ends_org_name), a head of one character not when it ends a word of
 * the lexicon with the one before (干部, 格局, 当局), nor after an
 * organisation of the dictionary (欧佩克 + 部 of 部长: its ministers)? */
static int ends_like_org(const eg_extractor *x, size_t s0, size_t s1, size_t e)
{
    const char *s = x->nt.s;
    int how = eg__ends_org_name(s, s0, s1, e);
    if (how != 1 || !x->lexicon) return how != 0;
    size_t last = eg__utf8_prev(s, s0, s1); /* the head; two characters or more before it */
    if (registry_org_over(x, s0, last)) return 0;
    size_t prev = eg__utf8_prev(s, s0, last);
    return !(eg__lexicon_freq(x->lexicon, s + prev, s1 - prev) > 0 && !eg__lexicon_is_name(x->lexicon, s + prev, s1 - prev));
}

/* 0, with why the tagger's name is not taken in *why (for explaining). */
static int refuse(const char **why, const char *reason)
{
    *why = reason;
    return 0;
}

/* The span to take for the tagger's name of type (EG__TAG_*) over
 * characters first..last of paragraph b (n characters), in *pick: the
 * resolved span (local) or candidate (x->cand) there if one is, with its
 * identity, else a "model" span; *li and *ci move on through local and
 * x->cand (both sorted by start). 0 when the name is not taken, with
 * the reason in *why. */
static int model_pick(const eg_extractor *x, size_t b, size_t n, size_t first, size_t last, unsigned type,
                      const eg__spans *local, size_t *li, size_t *ci, eg__span *pick, const char **why)
{
    const eg__tag_scratch *ts = &x->tag;
    uint16_t want = type == EG__TAG_PER ? EG__T_PER : type == EG__TAG_LOC ? EG__T_LOC : EG__T_ORG;
    size_t s0 = b + ts->byte[first], s1 = b + ts->byte[last + 1];
    *pick = (eg__span){s0, s1, (eg__rule)(EG_RULE_MODEL_PER + type), 0, 0, 0};
    while (*li < local->n && local->v[*li].start < s0) (*li)++;
    while (*ci < x->cand.n && x->cand.v[*ci].start < s0) (*ci)++;
    int found = 0;
    for (size_t k = *li; k < local->n && local->v[k].start == s0; k++)
        if (local->v[k].end == s1) {
            *pick = local->v[k];
            found = 1;
            break;
        }
    if (!found) found = exact_candidate(x, *ci, s0, s1, want, pick);
    /* nor a name cut out of a Latin word (DeepSee of DeepSeek), nor words
     * in Latin letters that start in lower case (happy Birthday): names
     * written so start with a capital, or are one word (chinabyte) */
    if (!found && (inside_latin_word(ts->cp, n, first, last) || latin_phrase(ts->cp, first, last)))
        return refuse(why, "cut out of a word in Latin letters, or Latin words in lower case");
    /* nor a person that is a surname with a form of address (雷总, 王哥):
     * the rules' address names say who that is, or no one */
    if (!found && type == EG__TAG_PER && eg__is_surname_address(x->nt.s + s0, s1 - s0))
        return refuse(why, "a surname with a form of address");
    /* nor an organisation only the model proposes that is two joined by
     * 联合, 与 or 和 (A局联合B医院): the dictionary and rules name each */
    if (!found && type == EG__TAG_ORG && eg__joins_two_orgs(x->nt.s + s0, s1 - s0))
        return refuse(why, "two organisations joined by 联合, 与 or 和");
    /* a person only the model proposes that ends with the head of an
     * organisation's name (胡刘小学) is that organisation */
    if (!found && type == EG__TAG_PER && eg__ends_with_org_head(x->nt.s + s0, s1 - s0)) {
        type = EG__TAG_ORG;
        want = EG__T_ORG;
        pick->rule = EG_RULE_MODEL_ORG;
        found = exact_candidate(x, *ci, s0, s1, want, pick);
    }
    /* one right before such a head (周柳 of 周柳小学) names that organisation
     * with it, unless the head is a room, 室, of that person (刘延宇办公室) */
    size_t head = !found && type == EG__TAG_PER ? eg__org_head_at(x->nt.s + s1, b + ts->byte[n] - s1) : 0;
    if (head >= 3 && !memcmp(x->nt.s + s1 + head - 3, "\xE5\xAE\xA4", 3)) head = 0; /* 室 */
    /* (nor over the start of the tagger's next name: names do not overlap) */
    for (size_t k = last + 1; head && k < n && b + ts->byte[k] < s1 + head; k++)
        if (ts->labels[k]) head = 0;
    if (head) {
        type = EG__TAG_ORG;
        want = EG__T_ORG;
        pick->rule = EG_RULE_MODEL_ORG;
        s1 += head;
        pick->end = s1;
        found = exact_candidate(x, *ci, s0, s1, want, pick);
        while (last + 1 < n && b + ts->byte[last + 1] < s1) last++;
    }
    /* a person only the model proposes right after a word for a kind of
     * place (前线城市库皮扬斯克) is that place */
    if (!found && type == EG__TAG_PER && eg__ends_with_place_kind(x->nt.s, s0)) {
        type = EG__TAG_LOC;
        want = EG__T_LOC;
        pick->rule = EG_RULE_MODEL_LOC;
        found = exact_candidate(x, *ci, s0, s1, want, pick);
    }
    /* a person only the model proposes right before 市, 省 or 县 that
     * starts no common word there (石垣市, 艾伯塔省; not 墨菲市长, 市场) is
     * that place, with its suffix, as the labelled sets name it (they have
     * no person there) */
    if (!found && type == EG__TAG_PER && last + 1 < n && is_division_suffix(ts->cp[last + 1]) && !ts->labels[last + 1] &&
        !(x->lexicon && last + 2 < n &&
          eg__lexicon_freq(x->lexicon, x->nt.s + b + ts->byte[last + 1], ts->byte[last + 3] - ts->byte[last + 1]) >=
              EG__LEX_F_CROSS)) {
        type = EG__TAG_LOC;
        want = EG__T_LOC;
        pick->rule = EG_RULE_MODEL_LOC;
        s1 = b + ts->byte[++last + 1];
        pick->end = s1;
        found = exact_candidate(x, *ci, s0, s1, want, pick);
    }
    /* a person only the model proposes that ends like the name of a river,
     * building or village (梁王河, 醉翁亭) is that place (on the dev sets,
     * cross-validated, all such persons were wrong) */
    if (!found && type == EG__TAG_PER && last > first && eg__is_place_feature_end(ts->cp[last]) &&
        !(last == first + 1 && is_nickname_prefix(ts->cp[first]))) { /* (阿港 is a nickname) */
        type = EG__TAG_LOC;
        want = EG__T_LOC;
        pick->rule = EG_RULE_MODEL_LOC;
        found = exact_candidate(x, *ci, s0, s1, want, pick);
    }
    /* nor a person only the model proposes right after an organisation's
     * name, with no surname to start it (搜狐微博): that body's product or
     * service, not a person (a name after its body starts with a surname:
     * 复旦大学伍柏麟) */
    if (!found && type == EG__TAG_PER && !name_start(ts->cp[first]) && org_ends_at(x, *ci, s0))
        return refuse(why, "right after an organisation's name, with no surname to start it");
    /* nor a surname and a function word or a verb's first character (李也
     * of 李也是, 王和): that surname stands alone for someone; unless a title
     * comes right before (副厅长陈里) */
    if (!found && type == EG__TAG_PER && last == first + 1 && eg__is_surname(ts->cp[first]) &&
        eg__is_stop_char(ts->cp[last]) && !eg__title_before(x->nt.s + b, s0 - b))
        return refuse(why, "a surname and a function word");
    /* nor a person that ends a title after other words of it (晚高峰 of
     * 《新闻晚高峰》): the last word of a programme's or a work's name */
    if (!found && type == EG__TAG_PER && ends_title(ts->cp, n, first, last))
        return refuse(why, "the last word of a title in 《》");
    /* nor a person of one character before a form of address (梁 of
     * 梁先生): the rules' address names say who that is, within its
     * document; the model's would be one person 梁 across documents */
    if (!found && type == EG__TAG_PER && first == last && eg__address_follows(x->nt.s + s1, b + ts->byte[n] - s1))
        return refuse(why, "one character before a form of address");
    /* a surname with a form of address a rule found (张 of 张女士) stays
     * the rules': the model would make 张女士 one person everywhere */
    int address = 0;
    for (size_t k = *li; !found && type == EG__TAG_PER && k < local->n && local->v[k].start < s1; k++)
        address |= local->v[k].end > s0 && eg__is_address_name(x, &local->v[k]);
    if (address) return refuse(why, "a rule's name with a form of address is there");
    /* a person only the model proposes does not end inside a common
     * two-character word (聚焦平 before 安: 平安 is the word) */
    if (!found && type == EG__TAG_PER && x->lexicon && last + 1 < n && last > first &&
        eg_text_is_han(ts->cp[last + 1]) &&
        eg__lexicon_freq(x->lexicon, x->nt.s + b + ts->byte[last], ts->byte[last + 2] - ts->byte[last]) >=
            EG__LEX_F_CROSS)
        return refuse(why, "ends inside a common word");
    /* nor a place or organisation, at either end (平湖经 before 济, 美 of
     * 美丽): a name the model cut out of the middle of a word; an
     * organisation that ends as a name does ends there (…学院 before 校友录,
     * …内政部 before 长: a title of its head, 部长), its start is checked */
    if (!found && type != EG__TAG_PER && x->lexicon &&
        crosses_word(x, b, n, first, last, type == EG__TAG_ORG && ends_like_org(x, s0, s1, b + ts->byte[n])))
        return refuse(why, "cut out of the middle of a word");
    /* nor a place that is two or more places of the dictionary side by
     * side: they are named each (山西 and 大同 of 山西大同) */
    if (!found && type == EG__TAG_LOC && tiled_by_places(x, *ci, s0, s1))
        return refuse(why, "two or more places of the dictionary side by side");
    return 1;
}

/* Is the tagger's label y (0 O) the end of a person's name (E or S)? */
static int person_ends(unsigned y) { return y == 3 || y == 4; }
static int person_starts(unsigned y) { return y == 1 || y == 4; }

/* The calibrated confidence (eg__span_confidence) below which a person of
 * a list is unsure (see too_unsure): by confidence, not margin, so that
 * it holds for a retrained model once its table is re-fitted. 0.76 puts
 * the cut at margin 32 with the eleventh session's table (16-31 is 0.75;
 * 0.73 in the tenth's, whose cut 0.75 was): taking those as sure lost F1
 * on the fold models both times (README). */
#define CONF_PER_LIST 0.76

static int unsure_in_list(int32_t m) { return eg__span_confidence(EG_RULE_MODEL_PER, m) < CONF_PER_LIST; }

/* Is the tagger's person that ends (step -1) or starts (step +1) at
 * character k (of n) sure: its confidence at least CONF_PER_LIST? */
static int sure_person_at(const eg__tag_scratch *ts, size_t n, size_t k, int step)
{
    size_t a = k, z = k;
    if (step < 0)
        while (a > 0 && ts->labels[a] != 1 && ts->labels[a] != 4) a--; /* back to its B or S */
    else
        while (z + 1 < n && ts->labels[z] != 3 && ts->labels[z] != 4) z++; /* on to its E or S */
    return !unsure_in_list(eg__tag_span_margin(ts->margin, a, z));
}

/* Is the tagger's person cp[first..last] (of n) an item of a list (、 at
 * either side) whose items beside it are no persons: neither labelled so
 * by the tagger, surely, nor a person's candidate? Lists are mostly of
 * one kind (微嘉园、微信群、党群服务中心: places and services); a neighbour
 * the tagger is as unsure of is no evidence. */
static int in_list_of_others(const eg_extractor *x, size_t b, size_t n, size_t first, size_t last)
{
    const eg__tag_scratch *ts = &x->tag;
    int before = first >= 2 && ts->cp[first - 1] == 0x3001, after = last + 2 < n && ts->cp[last + 1] == 0x3001;
    if (!before && !after) return 0;
    if (before && person_ends(ts->labels[first - 2]) && sure_person_at(ts, n, first - 2, -1)) return 0;
    if (after && person_starts(ts->labels[last + 2]) && sure_person_at(ts, n, last + 2, +1)) return 0;
    size_t e0 = b + ts->byte[first - (before ? 1 : 0)], s1 = b + ts->byte[last + (after ? 2 : 1)];
    for (size_t k = 0; k < x->cand.n && x->cand.v[k].start <= s1; k++) { /* (sorted by start) */
        const eg__span *c = &x->cand.v[k];
        if (span_kind(x, c) != EG__T_PER) continue;
        if ((before && c->end == e0) || (after && c->start == s1)) return 0;
    }
    return 1;
}

/* The least margins (eg__tag_span_margin) of a person the tagger alone
 * proposes: with no surname to start it and no title before it, and as an
 * item of a list of other things. Cross-validated on msra_dev, pd_dev and
 * bench/genres (README, "The tagger's confidence"): of such persons below
 * 4, 10 of 28 were right (raised to 8 with the tenth session's model,
 * whose margins are larger: on its fold models PER precision rose 0.24,
 * 0.00 and 1.65 on msra_dev, pd_dev and genres, recall fell 0.17, 0, 0); the list's threshold (a margin of 16 when it
 * was set, confidence 0.71 then) dropped 16 wrong and no right one; 32 and
 * 64 began to cost persons of lists. Places and
 * organisations below any threshold were right too often to drop (LOC
 * margins 1-3: 13 of 18). */
#define CONF_PER_BARE 8

/* Is the tagger's own person cp[first..last] of paragraph b (n
 * characters) too unsure to take, with margin m? A surname or a
 * nickname's 阿, 小, 老 at its start is support enough (小丽, a child). */
static int too_unsure(const eg_extractor *x, size_t b, size_t n, size_t first, size_t last, int32_t m)
{
    const eg__tag_scratch *ts = &x->tag;
    if (unsure_in_list(m) && in_list_of_others(x, b, n, first, last)) return 1;
    if (m >= CONF_PER_BARE) return 0;
    uint32_t c = ts->cp[first];
    if (eg__is_surname(c) || eg__in_compound_surname(c) || is_nickname_prefix(c)) return 0;
    return !eg__title_before(x->nt.s + b, ts->byte[first]);
}

/* Is the tagger's own person p (bytes of x->nt.s) as a whole a word of the
 * lexicon that jieba tags as a name and CC-CEDICT lists only as a common
 * word ("nr common": 高尔夫, 王朝, 阳光)? On the dev sets' cross-validated
 * output (thirteenth session's models) the tagger named 3 such words,
 * all wrong; on the Sogou news it named 高尔夫 14 times. A word that only
 * part of the name is (高峰 of 王高峰) is no reason. */
static int common_word_person(const eg_extractor *x, const eg__span *p)
{
    return x->lexicon && eg__lexicon_is_common_name(x->lexicon, x->nt.s + p->start, p->end - p->start);
}

/* Has the tagger's margin of character k been written (in a region it
 * read, from the character before its first name to the one after its
 * last: eg__tagger_margins)? */
static int margin_known(const eg__tag_scratch *ts, size_t k) { return ts->margin[k] >= 0; }

/* The lexicon's frequency from which a word is a common one (common_char,
 * widens_to_org). */
#define LEX_F_COMMON 1000

/* Is character k of paragraph b (x->tag) a common word of its own (the
 * lexicon's frequency LEX_F_COMMON or more: 强, 站, 问; not 卜, 彤, rare
 * ones that end names)? */
static int common_char(const eg_extractor *x, size_t b, size_t k)
{
    const eg__tag_scratch *ts = &x->tag;
    return x->lexicon &&
           eg__lexicon_freq(x->lexicon, x->nt.s + b + ts->byte[k], ts->byte[k + 1] - ts->byte[k]) >= LEX_F_COMMON;
}

/* Are cp[a..z] the characters of a transliterated name: transliteration
 * characters (eg__is_translit) and the marks that join its parts (黑尔·毕什),
 * two transliteration characters at least? */
static int foreign_name(const uint32_t *cp, size_t a, size_t z)
{
    size_t tr = 0;
    for (size_t k = a; k <= z; k++) {
        if (eg__is_translit(cp[k])) tr++;
        else if (!eg__tag_is_name_joiner(cp[k])) return 0;
    }
    return tr >= 2;
}

/* Is the tagger unsure of character k's label (its margin, as a person's,
 * below CONF_PER_LIST), and less sure than of character other's? The
 * margins are written for the names and the characters beside them. */
static int unsure_edge(const eg__tag_scratch *ts, size_t k, size_t other)
{
    return unsure_in_list(ts->margin[k]) && ts->margin[k] < ts->margin[other];
}

/* A person of the tagger cp[*first..*last] of paragraph b (n characters)
 * whose edge the tagger is unsure of (its margin there is low and lower
 * than at the other end), moved to the name it nearly chose:
 * - a Han character that is no transliteration character but a common
 *   word of its own (common_char) glued to the end of a transliterated
 *   name before another such (扎加洛强 of 扎加洛强抑激动: the next word's; not
 *   a place's last character, 镇 or 河: the checks make that a place), or
 *   to its start after a Han character (祝拉特纳亚克 of 最后祝拉特纳亚克, a
 *   verb), or a character that ends a common word with the one before it
 *   (练平托 of 主教练平托) is left out;
 * - a transliterated name the tagger stops short of, before further
 *   transliteration characters it is unsure of (鲁迪 of 鲁迪内将球), runs on
 *   over them, unless one starts a common word (巴克 of 巴克海军);
 * - a name the tagger stops short of one a rule read whole as sounds
 *   (strong 2: 扎西 or 拉毛才 of the Tibetan 扎西顿珠, 拉毛才让), unsure of
 *   the next character, runs on to that name's end.
 * A person of the dictionary (普京, 马克龙) is not cut, nor a name a rule
 * read as a whole name of sounds (strong 2: 扎西顿珠, a Tibetan name, whose
 * 珠 is no next word's), nor three characters that start with a surname
 * (卢凯彤, 陈凯琳: a Chinese name of transliteration characters) by the
 * first rule.
 * The reason, for explaining, when it moved; else NULL. */
static const char *regrip_person(const eg_extractor *x, size_t b, size_t n, size_t *first, size_t *last)
{
    const eg__tag_scratch *ts = &x->tag;
    const uint32_t *cp = ts->cp;
    size_t a = *first, z = *last;
    size_t at_a = cand_from(x, b + ts->byte[a]); /* the candidates that start at a, from it on */
    int known = 0;
    for (size_t k = at_a; k < x->cand.n && ts->spans[k].start == a && !known; k++)
        known = ts->spans[k].end == z + 1 && ts->spans[k].kind == EG__T_PER &&
                (ts->spans[k].src == EG_RULE_NONE || (x->cand.v[k].strong & 7) == 2);
    int chinese = z == a + 2 && eg__is_surname(cp[a]); /* 卢凯彤, 陈凯琳: a surname and given name */
    if (z >= a + 2 && z + 1 < n && eg_text_is_han(cp[z]) && !eg__is_translit(cp[z]) &&
        !eg__is_place_feature_end(cp[z]) && eg_text_is_han(cp[z + 1]) && !eg__is_translit(cp[z + 1]) &&
        !known && !chinese && common_char(x, b, z) && foreign_name(cp, a, z - 1) && unsure_edge(ts, z, a)) {
        *last = z - 1;
        return "a character of the next word glued to a foreign name: taken without it";
    }
    if (z >= a + 2 && a > 0 && !known && eg_text_is_han(cp[a - 1]) && eg_text_is_han(cp[a]) &&
        !eg__is_translit(cp[a]) && unsure_edge(ts, a, z) &&
        ((!chinese && common_char(x, b, a) && foreign_name(cp, a + 1, z)) ||
         (x->lexicon && eg__lexicon_freq(x->lexicon, x->nt.s + b + ts->byte[a - 1],
                                         ts->byte[a + 1] - ts->byte[a - 1]) >= EG__LEX_F_CROSS_PLACE))) {
        *first = a + 1;
        return "a character of the word before glued to the name: taken without it";
    }
    /* cut short of a name a rule read whole (扎西 of the Tibetan 扎西顿珠),
     * unsure of the next character: that name, not 扎西顿 */
    size_t whole = 0;
    for (size_t k = at_a; k < x->cand.n && ts->spans[k].start == a && !whole; k++)
        if (ts->spans[k].end > z + 1 && ts->spans[k].kind == EG__T_PER && (x->cand.v[k].strong & 7) == 2)
            whole = ts->spans[k].end;
    if (whole) {
        for (size_t k = z + 1; k < whole; k++)
            if (ts->labels[k]) return NULL;
        if (!margin_known(ts, z + 1) || !unsure_edge(ts, z + 1, a)) return NULL;
        *last = whole - 1;
        return "a name cut short of the one a rule read whole: taken whole";
    }
    if (!foreign_name(cp, a, z)) return NULL;
    while (z + 1 < n && !ts->labels[z + 1] && eg__is_translit(cp[z + 1]) && margin_known(ts, z + 1) &&
           unsure_edge(ts, z + 1, a) &&
           !(x->lexicon && z + 2 < n && eg_text_is_han(cp[z + 2]) &&
             eg__lexicon_freq(x->lexicon, x->nt.s + b + ts->byte[z + 1], ts->byte[z + 3] - ts->byte[z + 1]) >=
                 EG__LEX_F_CROSS))
        z++;
    if (z == *last) return NULL;
    *last = z;
    return "a foreign name cut short: taken with the transliteration characters after it";
}

/* Names the tagger split in two, both its own, side by side; both are
 * dropped from out (sorted): a nickname of 阿, 小 or 老 and one character
 * (阿港) as two one-character places (an abbreviation there, 中、阿 of
 * China and the Arab states, is a rule's candidate, and stays); a person
 * of one character right before a person of two or more (梁|王河水 of the
 * river 梁王河; two one-character persons, 汤|尤 of 汤尤杯, stay). */
static void drop_split_names(const eg_extractor *x, eg__spans *out)
{
    size_t n = 0;
    for (size_t k = 0; k < out->n; k++) {
        const eg__span *a = &out->v[k], *b = k + 1 < out->n ? &out->v[k + 1] : NULL;
        size_t i = a->start, j = b ? b->start : 0;
        uint32_t c = eg__utf8_decode(x->nt.s, a->end, &i, NULL);
        if (b && b->start == a->end && i == a->end) {
            eg__utf8_decode(x->nt.s, b->end, &j, NULL);
            int nickname = a->rule == EG_RULE_MODEL_LOC && b->rule == EG_RULE_MODEL_LOC && is_nickname_prefix(c) &&
                           j == b->end;
            int cut = a->rule == EG_RULE_MODEL_PER && b->rule == EG_RULE_MODEL_PER && j < b->end;
            if (nickname || cut) {
                k++; /* both */
                continue;
            }
        }
        out->v[n++] = *a;
    }
    out->n = n;
}

/* Does compound rule span r (a team, a landmark at a place) take the
 * place of the n tagger spans that overlap it: all inside it, the first
 * at its start, none a person? */
static int widens_place(const eg__span *r, const eg__span *in, size_t n)
{
    if (r->rule != EG_RULE_TEAM && r->rule != EG_RULE_LOC_SUFFIX) return 0;
    if (!n || in[0].start != r->start) return 0;
    for (size_t k = 0; k < n; k++)
        if (in[k].end > r->end || (in[k].start == r->start && in[k].end == r->end) ||
            in[k].rule == EG_RULE_MODEL_PER)
            return 0;
    return 1;
}

/* Does rule span r, a place and an organisation's name after it (印度 +
 * 国防部, 中国 + 图片社, 英国 + 内政部: org_suffix), take the place of the
 * n tagger spans that overlap it: places inside it, the first at its
 * start (the tagger took the place and left the rest out: heads it sees
 * little of, or a head that starts a word, 部 of 部长)? Only when what
 * follows the place is an organisation of the dictionary (国防部, 内阁),
 * or ends as a name does (ends_like_org) and is more than a word for a
 * kind of body (中国 + 公司, 墨西哥 + 银行: companies, banks of that
 * country). Paragraph ..e. (Users read these: on Sogou news, 西班牙深陷银行 of 银行业危机 and
 * 衡水市已完成市区学校 came out without the checks of the word after and
 * of the function words.) */
static int widens_to_org(const eg_extractor *x, size_t e, const eg__span *r, const eg__span *in, size_t n)
{
    if (r->rule != EG_RULE_ORG_SUFFIX || !n || in[0].start != r->start) return 0;
    for (size_t k = 0; k < n; k++)
        if (in[k].end >= r->end || span_kind(x, &in[k]) != EG__T_LOC) return 0;
    size_t rest = in[0].end;
    const char *s = x->nt.s;
    /* its head ends a word, no common one (LEX_F_COMMON, as common_char)
     * going on over its end (not 银行 of 银行业, 管理处 of
     * 管理处罚; 报 of 报上 ends one), or a title of it follows (部长, 行长) */
    size_t last = eg__utf8_prev(s, r->start, r->end), i = r->end;
    uint32_t next = i < e ? eg__utf8_decode(s, e, &i, NULL) : 0;
    if (next != 0x957F /* 长 */ && eg_text_is_han(next) && x->lexicon &&
        eg__lexicon_freq(x->lexicon, s + last, i - last) >= LEX_F_COMMON &&
        !eg__lexicon_is_name(x->lexicon, s + last, i - last))
        return 0;
    /* no function word or verb's first character after the place that is
     * no part of a word of the lexicon there (衡水市 + 已完成市区学校: a
     * clause, not a name; 今 of 今晚报 is) */
    for (size_t p = rest, q = rest, before = rest; p < r->end; before = q, q = p) {
        if (!eg__is_stop_char(eg__utf8_decode(s, r->end, &p, NULL))) continue;
        if (!x->lexicon) return 0;
        size_t after = p;
        if (after < r->end) eg__utf8_decode(s, r->end, &after, NULL);
        int in_word = (after > p && eg__lexicon_freq(x->lexicon, s + q, after - q) > 0) ||
                      (q > rest && eg__lexicon_freq(x->lexicon, s + before, p - before) > 0);
        if (!in_word) return 0;
    }
    if (registry_org_over(x, rest, r->end)) return 1;
    return !eg__is_org_head(s + rest, r->end - rest) && ends_like_org(x, r->start, r->end, e);
}

/* Is s[0..len) a regnal number: Chinese numerals and 世 (二世, 十六世)? */
static int regnal_number(const char *s, size_t len)
{
    static const uint32_t numerals[] = {0x4E00, 0x4E8C, 0x4E09, 0x56DB, 0x4E94,
                                        0x516D, 0x4E03, 0x516B, 0x4E5D, 0x5341}; /* 一 … 十 */
    size_t i = 0, digits = 0;
    while (i < len) {
        uint32_t c = eg__utf8_decode(s, len, &i, NULL);
        if (c == 0x4E16 /* 世 */) return digits > 0 && i == len;
        size_t k = 0;
        while (k < sizeof numerals / sizeof *numerals && numerals[k] != c) k++;
        if (k == sizeof numerals / sizeof *numerals) return 0;
        digits++;
    }
    return 0;
}

/* Does registry person r of paragraph b (n characters) take the place
 * of the tagger's own person t that overlaps it, sharing one of its ends?
 * - t cuts it short (伊丽莎白 of 伊丽莎白二世), unless what it leaves out
 *   is a word of the lexicon that is no name: a title (明仁 of 明仁天皇,
 *   as the labelled text names him); a regnal number (二世, 六世, which
 *   the lexicon has as words or names alike) is no title;
 * - t glues one or two characters to it (庄周梦 of 庄周梦为蝴蝶, 王储玛哈·哇集拉
 *   隆功 of 泰国王储玛哈·哇集拉隆功), no mark that joins the parts of a
 *   name between, and the tagger is unsure of one of them (its margin
 *   below CONF_PER_LIST); not when t is three characters that start with a
 *   surname, a Chinese name (谢安琪, not the registry's 谢安). */
static int registry_person_stays(const eg_extractor *x, size_t b, size_t n, const eg__span *r, const eg__span *t)
{
    if (r->rule != EG_RULE_NONE || span_kind(x, r) != EG__T_PER || t->rule != EG_RULE_MODEL_PER) return 0;
    if ((t->start == r->start) == (t->end == r->end)) return 0; /* exactly one end shared */
    if (t->start >= r->start && t->end <= r->end) {
        size_t r0 = t->start == r->start ? t->end : r->start, r1 = t->start == r->start ? r->end : t->start;
        size_t i = r0, chars = 0;
        while (i < r1 && chars < 2) {
            eg__utf8_decode(x->nt.s, r1, &i, NULL);
            chars++;
        }
        return regnal_number(x->nt.s + r0, r1 - r0) ||
               !(chars >= 2 && x->lexicon && eg__lexicon_freq(x->lexicon, x->nt.s + r0, r1 - r0) > 0 &&
                 !eg__lexicon_is_name(x->lexicon, x->nt.s + r0, r1 - r0));
    }
    if (t->start > r->start || t->end < r->end) return 0; /* crosses it */
    const eg__tag_scratch *ts = &x->tag;
    size_t e0 = t->start == r->start ? r->end : t->start, e1 = t->start == r->start ? t->end : r->start;
    size_t k0 = char_at(ts->byte, n, e0 - b), k1 = char_at(ts->byte, n, e1 - b);
    if (k1 - k0 > 2) return 0;
    size_t t0 = char_at(ts->byte, n, t->start - b), t1 = char_at(ts->byte, n, t->end - b);
    if (t1 == t0 + 3 && eg__is_surname(ts->cp[t0])) return 0; /* 谢安琪 is no 谢安 with 琪 glued on */
    int unsure = 0;
    for (size_t k = k0; k < k1; k++) {
        if (!eg_text_is_han(ts->cp[k])) return 0;
        unsure |= unsure_in_list(ts->margin[k]);
    }
    return unsure;
}

/* The confidence (eg__span_confidence of the tagger's rule for the type)
 * below which the tagger is unsure of a character of its organisation or
 * place: margin 64 for organisations, 32 for places with the eleventh
 * session's table (0.76: at 0.75, places of margin 16-31 were sure, and
 * the fold models lost 0.05-0.26 LOC F1). */
#define CONF_NAME_EDGE 0.76

/* Does registry organisation or place r of paragraph b (n characters)
 * take the place of the tagger's own name t of the same type that
 * overlaps it, sharing one of its ends, where t cuts one or two characters
 * off it (小红 of 小红书) or glues one or two to it (比亚迪第 of 比亚迪) and
 * the tagger is unsure of one of them (its margin's confidence below
 * CONF_NAME_EDGE)? The registry knows the name whole; the tagger's edge
 * there is a guess. Not when t cuts r at a mark that joins the parts of a
 * name, nor when what t glues on is no Han character (a model number:
 * 小米YU7 is no name of the registry, nor is it wrong), nor when it is
 * the head of a longer name (邢台 + 县, 九龙 + 寨, 全国人大 + 民委: a place's
 * or an organisation's last character), nor when what t glues before it
 * is not a function word (和 + 恒山 is glued; 双 + 榆树 is a name of its
 * own), nor when what t cuts off is 地区 (海湾 of 海湾地区: the labelled
 * text names the region without it). */
static int registry_name_stays(const eg_extractor *x, size_t b, size_t n, const eg__span *r, const eg__span *t)
{
    if (r->rule != EG_RULE_NONE || (t->rule != EG_RULE_MODEL_ORG && t->rule != EG_RULE_MODEL_LOC)) return 0;
    uint16_t kind = span_kind(x, r);
    if (kind != (t->rule == EG_RULE_MODEL_ORG ? EG__T_ORG : EG__T_LOC)) return 0;
    /* exactly one end shared: one holds the other */
    if ((t->start == r->start) == (t->end == r->end)) return 0;
    const eg__tag_scratch *ts = &x->tag;
    /* the characters k0 .. k1 - 1 in one and not the other */
    size_t e0, e1;
    if (t->start == r->start) {
        e0 = t->end < r->end ? t->end : r->end;
        e1 = t->end < r->end ? r->end : t->end;
    } else {
        e0 = t->start < r->start ? t->start : r->start;
        e1 = t->start < r->start ? r->start : t->start;
    }
    size_t k0 = char_at(ts->byte, n, e0 - b), k1 = char_at(ts->byte, n, e1 - b);
    if (k1 <= k0 || k1 - k0 > 2) return 0;
    int glued = t->end > r->end, glued_before = t->start < r->start;
    uint32_t last = ts->cp[k1 - 1];
    if (glued && (eg__is_place_feature_end(last) || is_division_suffix(last) || eg__is_org_head_char(last))) return 0;
    for (size_t k = k0; glued_before && k < k1; k++)
        if (!eg__is_stop_char(ts->cp[k])) return 0;
    if (!glued && t->end < r->end && k1 - k0 == 2 && ts->cp[k0] == 0x5730 /* 地 */ && last == 0x533A /* 区 */)
        return 0;
    int unsure = 0;
    for (size_t k = k0; k < k1; k++) {
        if (!eg_text_is_han(ts->cp[k]) || eg__tag_is_name_joiner(ts->cp[k])) return 0;
        unsure |= !margin_known(ts, k) || eg__span_confidence(t->rule, ts->margin[k]) < CONF_NAME_EDGE;
    }
    return unsure;
}

/* Keep-dict mode: the spans of local no tagger span (out, sorted)
 * overlaps join out, and registry persons that the tagger's one person
 * there cuts or glues a word to (registry_person_stays) replace it, as do
 * registry organisations and places whose edge the tagger is unsure of
 * (registry_name_stays).
 * Paragraph b, n characters. EG_ENOMEM. */
static eg_status keep_dict(const eg_extractor *x, size_t b, size_t n, const eg__spans *local, eg__spans *out)
{
    size_t tagged = out->n, t = 0, cut = 0;
    for (size_t k = 0; k < local->n; k++) {
        const eg__span *r = &local->v[k];
        while (t < tagged && out->v[t].end <= r->start) t++;
        if (t < tagged && out->v[t].start < r->end) {
            /* a tagger span overlaps it: the tagger's stay, unless they
             * are the place a compound rule starts from and nothing
             * else of it (中国 of 中国女排, 大理 of 大理古城) */
            size_t u = t;
            while (u < tagged && out->v[u].start < r->end) u++;
            int person = u == t + 1 && registry_person_stays(x, b, n, r, &out->v[t]);
            int named = !person && u == t + 1 && registry_name_stays(x, b, n, r, &out->v[t]);
            if (!person && !named && !widens_place(r, out->v + t, u - t) &&
                !widens_to_org(x, b + x->tag.byte[n], r, out->v + t, u - t))
                continue;
            if (person && x->explain)
                eg__explain(x, &out->v[t], EG_EXPLAIN_MODEL_REFUSED,
                            "cuts a person of the dictionary short, or glues a word to it");
            if (named && x->explain)
                eg__explain(x, &out->v[t], EG_EXPLAIN_MODEL_REFUSED,
                            "unsure where a name of the dictionary ends: cuts it short, or glues a character to it");
            for (size_t v = t; v < u; v++) out->v[v].start = out->v[v].end = SIZE_MAX; /* dropped below */
            cut += u - t;
            t = u;
        }
        if (eg__spans_push(out, r->start, r->end, r->rule)) return EG_ENOMEM;
        out->v[out->n - 1].entity = r->entity;
    }
    if (out->n > tagged) qsort(out->v, out->n, sizeof *out->v, eg__span_cmp);
    out->n -= cut; /* the dropped sort last */
    return EG_OK;
}

/* A registry place or organisation of two characters in out (sorted;
 * paragraph b, n characters) right after a surname that no span holds
 * (朱 + 安康, 吴 + 高盛: a person whose given name is the stem of a city,
 * a county, a company; not a body named by its kind, 原 + 市委) is that
 * person when the tagger left the surname outside any name but is unsure
 * of it (its margin below CONF_PER_LIST): it nearly took the three as a
 * person. Not after a surname that is a
 * function word too (和, 向: stop_chars), nor where the three characters
 * are a word of the lexicon that is no name. The span becomes the
 * tagger's person, with that margin, or a rule's person there. */
static void surname_before_stem(const eg_extractor *x, size_t b, size_t n, eg__spans *out)
{
    const eg__tag_scratch *ts = &x->tag;
    for (size_t k = 0; k < out->n; k++) {
        eg__span *r = &out->v[k];
        if (r->rule != EG_RULE_NONE || r->start == b) continue;
        uint16_t kind = span_kind(x, r);
        uint32_t e = r->entity & GROUP_BIT ? x->group_members[x->group_start[r->entity & ~GROUP_BIT]] : r->entity;
        if ((kind != EG__T_LOC && kind != EG__T_ORG) || eg__document_scoped(x, e)) continue;
        size_t a = char_at(ts->byte, n, r->start - b), z = char_at(ts->byte, n, r->end - b);
        if (z != a + 2 || a == 0) continue;
        size_t s0 = b + ts->byte[a - 1];
        uint32_t c = ts->cp[a - 1];
        if (!eg__is_surname(c) || eg__is_stop_char(c) || ts->labels[a - 1] || !margin_known(ts, a - 1) ||
            !unsure_in_list(ts->margin[a - 1]) || (k > 0 && out->v[k - 1].end > s0))
            continue;
        if (x->lexicon && eg__lexicon_freq(x->lexicon, x->nt.s + s0, r->end - s0) > 0 &&
            !eg__lexicon_is_name(x->lexicon, x->nt.s + s0, r->end - s0))
            continue;
        if (x->explain)
            eg__explain(x, r, EG_EXPLAIN_OVERLAP, "a surname before it the tagger nearly took with it: a person");
        size_t ci = 0;
        while (ci < x->cand.n && x->cand.v[ci].start < s0) ci++;
        eg__span pick = {s0, r->end, EG_RULE_MODEL_PER, 0, 0, 0};
        /* a rule's person there keeps its rule (罗东莞 of 据罗东莞介绍) */
        exact_candidate(x, ci, s0, r->end, EG__T_PER, &pick);
        r->start = s0;
        r->rule = pick.rule;
        r->entity = pick.entity;
        r->margin = ts->margin[a - 1];
    }
}

/* The trained tagger on paragraph nt.s[b..e): its input is the text and
 * the candidates (x->cand); its spans replace the resolved spans in local
 * (eg_tagger_mode). A tagger span the resolved spans or the candidates
 * hold as they are keeps that span's entity and rule (the registry's
 * identity, a rule's name); the rest become rule "model". With a capture
 * hook, the input goes to it first. */
eg_status eg__tag_paragraph(eg_extractor *x, size_t b, size_t e, eg__spans *local)
{
    eg__tag_scratch *ts = &x->tag;
    eg_status st = eg__tag_scratch_reserve(ts, e - b, x->cand.n);
    if (st) return st;
    size_t n = tag_input(x, b, e);
    eg__tag_input in = {ts->cp, n, ts->spans, x->cand.n, NULL};
    /* the regions the tagger reads, segmented (training captures all of
     * it; none for a model trained without the segmentation:
     * widen_to_feature_word, which reads it too, then does nothing) */
    eg__tagger_regions(x->tagger, !x->tagger_everywhere, ts, &in);
    if (tag_wants_seg(x) && x->lexicon) {
        /* each region and the clause after it, whose first word the
         * region's last character sees (its features read the values of
         * the characters on either side); the character before it, a
         * clause's end, has its value apart */
        for (size_t r = 0; r < ts->n_reg; r++) {
            size_t a = ts->reg[2 * r], z = ts->reg[2 * r + 1];
            while (z < n && !eg__tag_clause_end(ts->cp, n, z)) z++;
            tag_segmentation(x, b, a, z < n ? z + 1 : n);
            if (a > 0) ts->seg[a - 1] = run_end_seg(ts->cp, a - 1);
        }
        ts->have_seg = 1;
        in.seg = ts->seg;
    }
    if (x->capture && (st = x->capture(x->capture_user, &in, ts->orig))) return st;
    /* no clause read and no span: local is empty and stays so */
    if (!x->tagger || (!ts->n_reg && !x->cand.n)) return EG_OK;
    eg__tagger_label_regions(x->tagger, ts, &in);
    /* how sure the tagger is of its names (nothing to do without one) */
    eg__tagger_margins(x->tagger, ts, n);
    eg__spans *out = &x->tagged;
    out->n = 0;
    size_t li = 0, ci = 0; /* local and cand are sorted by start */
    for (size_t i = 0; i < n; i++) {
        unsigned y = ts->labels[i];
        if (!y || ((y - 1) % 4 != 0 && (y - 1) % 4 != 3)) continue; /* a span starts at B or S */
        size_t j = i;
        while ((ts->labels[j] - 1) % 4 != 2 && (ts->labels[j] - 1) % 4 != 3) j++; /* to its E or S */
        size_t first = i, last = j, i0 = i;
        i = j;
        eg__span pick = {b + ts->byte[i0], b + ts->byte[j + 1], (eg__rule)(EG_RULE_MODEL_PER + (y - 1) / 4), 0, 0, 0};
        const char *why = NULL;
        if ((y - 1) / 4 == EG__TAG_LOC) widen_to_feature_word(ts, &first, &last);
        if (!name_like(ts->cp, &first, &last))
            why = "no name: white space, a line break, an unclosed bracket or one character said again";
        const char *moved = !why && (y - 1) / 4 == EG__TAG_PER ? regrip_person(x, b, n, &first, &last) : NULL;
        if (moved && x->explain) {
            pick.margin = eg__tag_span_margin(ts->margin, i0, j);
            eg__explain(x, &pick, EG_EXPLAIN_MODEL_REFUSED, moved);
        }
        if (!why && !model_pick(x, b, n, first, last, (y - 1) / 4, local, &li, &ci, &pick, &why) && !why)
            why = "a check after the tagger";
        int32_t margin = eg__tag_span_margin(ts->margin, i0, j);
        if (!why && pick.rule == EG_RULE_MODEL_PER && too_unsure(x, b, n, first, last, margin))
            why = "the tagger is too unsure of it there";
        if (!why && pick.rule == EG_RULE_MODEL_PER && common_word_person(x, &pick))
            why = "a common word that the lexicon tags as a name (高尔夫, 王朝)";
        if (why) {
            if (x->explain) {
                pick.margin = margin;
                eg__explain(x, &pick, EG_EXPLAIN_MODEL_REFUSED, why);
            }
            continue;
        }
        if (eg__spans_push(out, pick.start, pick.end, pick.rule)) return EG_ENOMEM;
        out->v[out->n - 1].entity = pick.entity;
        out->v[out->n - 1].margin = margin;
    }
    drop_split_names(x, out);
    if (x->tagger_mode == EG_TAGGER_KEEP_DICT) {
        if ((st = keep_dict(x, b, n, local, out))) return st;
        surname_before_stem(x, b, n, out);
    }
    local->n = 0;
    for (size_t k = 0; k < out->n; k++) {
        if (eg__spans_push(local, out->v[k].start, out->v[k].end, out->v[k].rule)) return EG_ENOMEM;
        local->v[local->n - 1].entity = out->v[k].entity;
        local->v[local->n - 1].margin = out->v[k].margin;
    }
    return EG_OK;
}

void eg_extractor_set_tagger(eg_extractor *x, const eg_tagger *t, eg_tagger_mode mode)
{
    x->tagger = t;
    x->tagger_mode = (int)mode;
}

void eg_extractor_set_tagger_everywhere(eg_extractor *x, int on) { x->tagger_everywhere = on != 0; }

void eg__extractor_set_capture(eg_extractor *x, eg__tag_capture_fn fn, void *user)
{
    x->capture = fn;
    x->capture_user = user;
}

uint16_t eg__span_kind(const eg_extractor *x, const eg__span *s) { return span_kind(x, s); }
