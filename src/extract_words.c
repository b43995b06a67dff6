/* Word-aware acceptance: whether the words around a candidate name let it
 * stand as a name (DESIGN.md: the lexicon's segmentation). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "entgraph/text.h"
#include "extract_impl.h"
#include "internal.h"
#include "lexicon.h"
#include "recognize.h"
#include "util.h"

/* A short candidate (a dictionary name or alias of up to three characters,
 * a one-character abbreviation, a person a rule proposes) is taken only
 * where the words around it allow it: the window of up to LEX_WINDOW
 * characters on each side is segmented with the lexicon's words and the
 * paragraph's candidates competing as words (jieba's max-probability path),
 * and the candidate must survive on the best path. Long dictionary names
 * (four characters or more) are certain and cost nothing. The strengths
 * below are word frequencies (jieba's dictionary sums to 6·10^7); they were
 * set on msra_dev and pd_dev. */
#define LEX_WINDOW 4
#define LEX_F_DICT 100.0        /* a short dictionary name */
#define LEX_F_ABBR 1000.0       /* a one-character abbreviation */
#define LEX_F_NAME 20.0         /* a person the rules propose */
#define LEX_F_FUNCTION 60000.0 /* a character this frequent is no bare surname (但, 向, 于) */
/* (EG__LEX_RARE, EG__LEX_F_CROSS: extract_impl.h) */
#define LEX_LONG 4              /* characters from which a dictionary name is certain */

/* eg__span.strong: a candidate the word test refused */
#define DROPPED 0x80

enum { TEST_NONE = 0, TEST_CROSS, TEST_WORD, TEST_INSIDE, TEST_DROP, TEST_LEFT };

static int is_latin_alnum(unsigned char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* A Latin or digit name must start and end at a Latin word boundary: no
 * 'lse' in 'else'. */
static int latin_inside_word(const char *t, size_t b, size_t e, const eg__span *c)
{
    if (is_latin_alnum((unsigned char)t[c->start]) && c->start > b &&
        is_latin_alnum((unsigned char)t[c->start - 1]))
        return 1;
    return is_latin_alnum((unsigned char)t[c->end - 1]) && c->end < e && is_latin_alnum((unsigned char)t[c->end]);
}

/* Code points of t[a..z), up to max (counted to max + 1 at most), and
 * whether all are CJK ideographs. */
static size_t han_chars(const char *t, size_t a, size_t z, size_t max, int *all_han)
{
    size_t n = 0;
    *all_han = 1;
    for (size_t i = a; i < z && n <= max; n++) {
        uint32_t c = eg__utf8_decode(t, z, &i, NULL);
        if (!eg_text_is_han(c)) *all_han = 0;
    }
    return n;
}

static int is_person_rule(eg__rule r)
{
    return r == EG_RULE_TITLE || r == EG_RULE_REPEAT || r == EG_RULE_LIST || r == EG_RULE_PLAIN ||
           r == EG_RULE_JAPANESE;
}

/* Which test candidate c takes, and its strength as a word (log p). */
static int test_of(const eg_extractor *x, const eg__span *c, double *logp)
{
    const char *t = x->nt.s;
    double lt = eg__lexicon_log_total(x->lexicon);
    int han;
    size_t n = han_chars(t, c->start, c->end, LEX_LONG, &han);
    *logp = 0; /* certain */
    if (c->rule == EG_RULE_NONE) {
        uint32_t e = c->entity;
        if (e & GROUP_BIT) e = x->group_members[x->group_start[e & ~GROUP_BIT]];
        if (n >= LEX_LONG || !han || x->kind[e] == EG__T_NOT) return TEST_NONE;
        double f = eg__lexicon_freq(x->lexicon, t + c->start, c->end - c->start);
        *logp = log(f > LEX_F_DICT ? f : LEX_F_DICT) - lt;
        return TEST_CROSS;
    }
    if (c->rule == EG_RULE_ABBR) {
        double f = eg__lexicon_freq(x->lexicon, t + c->start, c->end - c->start);
        *logp = log(f > LEX_F_ABBR ? f : LEX_F_ABBR) - lt;
        return TEST_INSIDE;
    }
    if (is_person_rule(c->rule)) {
        /* a bare surname (李 of 李局长), unless the character is far more
         * often a word of its own (但校长说: 但 is "but") */
        if (n < 2 && han && eg__lexicon_freq(x->lexicon, t + c->start, c->end - c->start) >= LEX_F_FUNCTION)
            return TEST_DROP;
        if (n < 2 || !han || (c->strong & 7) == 4) return TEST_NONE;
        *logp = log(LEX_F_NAME) - lt;
        return TEST_WORD;
    }
    if (c->rule == EG_RULE_BYLINE || n >= LEX_LONG || !han) return TEST_NONE;
    *logp = log(LEX_F_DICT) - lt;
    return TEST_CROSS;
}

/* Can a lexicon word cross an end of candidate c or hold it in its middle?
 * 0 when surely not (then no segmentation is needed): no word starts one
 * or two characters before c and goes on into it, and none starts inside c
 * and goes on past it. Words of four characters or more starting further
 * back are left out: they are rare, and the segmentation would seldom
 * let them win. */
static int may_cross(const eg_extractor *x, size_t b, size_t e, const eg__span *c)
{
    const char *t = x->nt.s;
    size_t first_end = c->start, after_end = c->end;
    eg__utf8_decode(t, e, &first_end, NULL); /* end of c's first character */
    if (after_end < e) eg__utf8_decode(t, e, &after_end, NULL);
    /* words from the one or two characters before c, into c */
    size_t p = c->start;
    for (int back = 0; back < 2 && p > b; back++) {
        p = eg__utf8_prev(t, b, p);
        if (eg__lexicon_prefix(x->lexicon, t + p, first_end - p)) return 1;
    }
    /* words from inside c, past its end */
    if (after_end == c->end) return 0;
    for (size_t q = first_end; q < c->end;) {
        if (eg__lexicon_prefix(x->lexicon, t + q, after_end - q)) return 1;
        eg__utf8_decode(t, e, &q, NULL);
    }
    return 0;
}

/* Does candidate cands[k] survive the best segmentation of its window in
 * paragraph t[b..e)? cands[0..n) are the paragraph's candidates sorted by
 * start, with their tests and strengths in info; those inside the window
 * compete as words. 1 yes, 0 no, -1 out of memory. */
static int survives(eg_extractor *x, size_t b, size_t e, const eg__span *cands, const cand_info *info,
                    size_t n, size_t k)
{
    const char *t = x->nt.s;
    const eg__span *c = &cands[k];
    int kind = info[k].kind;
    /* the window: up to LEX_WINDOW Chinese characters on each side */
    size_t ws = c->start, we = c->end;
    for (int w = 0; w < LEX_WINDOW && ws > b; w++) {
        size_t p = eg__utf8_prev(t, b, ws), q = p;
        if (!eg_text_is_han(eg__utf8_decode(t, e, &q, NULL))) break;
        ws = p;
    }
    for (int w = 0; w < LEX_WINDOW && we < e; w++) {
        size_t q = we;
        if (!eg_text_is_han(eg__utf8_decode(t, e, &q, NULL))) break;
        we = q;
    }
    /* the competing words: candidates inside the window, c among them */
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (cands[mid].start < ws) lo = mid + 1;
        else hi = mid;
    }
    size_t ne = 0;
    int self = -1;
    for (size_t q = lo; q < n && cands[q].start < we; q++) {
        const eg__span *o = &cands[q];
        if (o->end > we || (q != k && (o->strong & DROPPED))) continue;
        if (ne == x->cap_extra) {
            size_t cap = x->cap_extra ? 2 * x->cap_extra : 16;
            eg__seg_word *v = realloc(x->extra, cap * sizeof *v);
            if (!v) return -1;
            x->extra = v;
            x->cap_extra = cap;
        }
        /* code point offsets in the window */
        x->extra[ne].start = (uint32_t)eg__utf8_lead_bytes(t + ws, o->start - ws);
        x->extra[ne].end = x->extra[ne].start + (uint32_t)eg__utf8_lead_bytes(t + o->start, o->end - o->start);
        x->extra[ne].logp = info[q].logp;
        if (q == k) self = (int)ne;
        ne++;
    }
    if (eg__lexicon_segment(x->lexicon, t + ws, we - ws, x->extra, ne, &x->seg)) return -1;
    x->seg_text = t + ws;
    const eg__seg *g = &x->seg;
    uint32_t cs = (uint32_t)eg__utf8_lead_bytes(t + ws, c->start - ws);
    uint32_t ce = cs + (uint32_t)eg__utf8_lead_bytes(t + c->start, c->end - c->start);
    for (uint32_t i = 0; i < g->n_chars; i = g->word_end[i]) {
        uint32_t j = g->word_end[i];
        if (j <= cs || i >= ce) continue;
        switch (kind) {
        case TEST_CROSS:
            /* no word of the path may cross an end of c (化[工行]业), nor
             * hold it in its middle (加[工行]业); one that starts or ends
             * with it is a compound of it (中国政府, 老红军) */
            if ((i < cs && j > cs && j < ce) || (i > cs && i < ce && j > ce)) return 0;
            if (i < cs && j > ce && g->extra_word[i] < 0) return 0;
            break;
        case TEST_WORD:
            /* c must be a word of the path: its own, or a person's name of
             * the lexicon (基金, 白皮书 are words; 刘彦彬 is a name) */
            return i == cs && j == ce &&
                   (g->extra_word[i] == self || eg__lexicon_is_name(x->lexicon, t + c->start, c->end - c->start) ||
                    eg__lexicon_freq(x->lexicon, t + c->start, c->end - c->start) < EG__LEX_RARE);
        case TEST_INSIDE: /* no word may join c to the characters after it: 推进[法治] */
            if (i == cs && j > ce && g->extra_word[i] < 0) return 0;
            break;
        case TEST_LEFT: /* no word may join c to the characters before it: 集[中]方式 */
            if (i < cs && j > cs) return 0;
            break;
        }
    }
    return 1;
}

/* A short dictionary name that the path refuses because its first word
 * starts with the name and ends inside it (上海|市民 refuses 上海市,
 * 浙江|省长 浙江省) names its entry by that word when the word is itself a
 * name or alias of the same entry: the byte where the word ends, else 0.
 * x->seg holds the window that refused c (survives). */
static size_t refused_prefix(eg_extractor *x, const eg__span *c)
{
    const char *t = x->nt.s;
    const eg__seg *g = &x->seg;
    size_t ws = (size_t)(x->seg_text - t);
    uint32_t cs = (uint32_t)eg__utf8_lead_bytes(t + ws, c->start - ws), i = 0;
    while (i < cs) i = g->word_end[i];
    if (i != cs || g->word_end[i] < cs + 2) return 0;
    size_t pe = ws + g->at[g->word_end[i]];
    uint32_t v;
    if (pe >= c->end || eg__dict_whole(x, c->start, pe, &v) || v != c->entity) return 0;
    return pe;
}

/* Does the last character of c make a common word with the character
 * after it (马龙真 before 的: 真的)? A name without a title or verb beside it
 * (rule plain) that does is no name: the model's persons are held to the
 * same (extract_model.c). */
static int ends_in_word(const eg_extractor *x, size_t e, const eg__span *c)
{
    const char *t = x->nt.s;
    size_t last = eg__utf8_prev(t, c->start, c->end), q = c->end;
    if (q >= e || !eg_text_is_han(eg__utf8_decode(t, e, &q, NULL))) return 0;
    return eg__lexicon_freq(x->lexicon, t + last, q - last) >= EG__LEX_F_CROSS;
}

/* Does a lexicon word of two to four characters, at least freq as
 * frequent, start at byte i of t[..e)? */
static int word_starts(const eg_extractor *x, size_t e, size_t i, double freq)
{
    size_t q = i;
    for (int n = 1; n <= 4 && q < e; n++) {
        if (!eg_text_is_han(eg__utf8_decode(x->nt.s, e, &q, NULL))) return 0;
        if (n >= 2 && eg__lexicon_freq(x->lexicon, x->nt.s + i, q - i) >= freq) return 1;
    }
    return 0;
}

/* The end of a title's two-character name c (局长 + surname + one
 * character) when the character after it is its third: one names use at
 * all (GIVEN_THIRD_MIN), that begins no word (新经, 和说 are none; 通用,
 * 中将 are) and ends none (正常), after a name the lexicon does not know
 * (韦伯), and after which the sentence reads on as after a name: a
 * verb, title or function word (杨世和|说), or a common word (汪明新|经常).
 * A function word is the third character only as a conjunction right
 * before a verb, which it cannot join (杨世和说; not 总裁赵淳|和国民新党,
 * 导演张元|将担任). c->end when it stays. */
#define GIVEN_THIRD_MIN 0.003
static size_t title_name_third(const eg_extractor *x, size_t b, size_t e, const eg__span *c)
{
    const char *t = x->nt.s;
    int han;
    if (c->rule != EG_RULE_TITLE || han_chars(t, c->start, c->end, 2, &han) != 2 || !han) return c->end;
    size_t q = c->start;
    if (!eg__is_surname(eg__utf8_decode(t, e, &q, NULL)) || !eg__title_before(t + b, c->start - b)) return c->end;
    size_t c4 = c->end;
    if (c4 >= e) return c->end;
    uint32_t third = eg__utf8_decode(t, e, &c4, NULL);
    if (!eg_text_is_han(third) || c4 >= e || eg__given_name_likelihood(third) < GIVEN_THIRD_MIN) return c->end;
    /* nor when the second character and the third are a word (连正|常:
     * 正常), or the lexicon knows the two as a name (韦伯|更认为) */
    size_t second = eg__utf8_prev(t, c->start, c->end);
    if (word_starts(x, e, c->end, EG__LEX_RARE) || eg__lexicon_freq(x->lexicon, t + second, c4 - second) >= EG__LEX_RARE ||
        eg__lexicon_is_name(x->lexicon, t + c->start, c->end - c->start))
        return c->end;
    size_t q4 = c4;
    if (!eg_text_is_han(eg__utf8_decode(t, e, &q4, NULL))) return c->end;
    if (eg__is_stop_char(third)) return eg__conjunction_before_verb(t + c->end, e - c->end) ? c4 : c->end;
    return eg__follows_name(t + c4, e - c4) || word_starts(x, e, c4, EG__LEX_F_CROSS) ? c4 : c->end;
}

/* Is the short dictionary place or organisation c (up to three characters,
 * all of the transliteration set) the end of a longer transliterated name:
 * right after another transliteration character that is no part of a word
 * with the one before it (汗尤[尼斯], 阿[马里]洛, 卡[西亚]诺; not 宣布[古巴],
 * 表明[伊拉克])? Other candidates there are left alone: a name the
 * dictionary or rules find for that character too is a name of its own. */
static int in_foreign_run(const eg_extractor *x, size_t b, size_t e, const eg__spans *local, size_t k)
{
    const eg__span *c = &local->v[k];
    const char *t = x->nt.s;
    uint32_t e0 = c->entity & GROUP_BIT ? x->group_members[x->group_start[c->entity & ~GROUP_BIT]] : c->entity;
    if (c->start == b || x->kind[e0] == EG__T_PER || x->kind[e0] == EG__T_NOT) return 0;
    size_t n = 0;
    for (size_t i = c->start; i < c->end; n++)
        if (n >= 3 || !eg__is_translit(eg__utf8_decode(t, e, &i, NULL))) return 0;
    size_t p = eg__utf8_prev(t, b, c->start), q = p;
    if (!eg__is_translit(eg__utf8_decode(t, e, &q, NULL))) return 0;
    for (size_t o = 0; o < local->n; o++) /* (sorted by start) */
        if (o != k && local->v[o].start <= p && local->v[o].end > p && !(local->v[o].strong & DROPPED)) return 0;
    if (p > b) {
        size_t pp = eg__utf8_prev(t, b, p);
        if (eg__lexicon_freq(x->lexicon, t + pp, c->start - pp) >= EG__LEX_RARE) return 0; /* 宣布 */
    }
    return 1;
}

/* Drops, in place, the candidates of paragraph t[b..e) that the words
 * around them refuse (see above), and Latin names inside Latin words.
 * Leaves local sorted by eg__span_cmp. EG_ENOMEM. */
eg_status eg__word_filter(eg_extractor *x, size_t b, size_t e, eg__spans *local)
{
    const char *t = x->nt.s;
    size_t n = local->n;
    /* a title's three-character name whose last character makes a common
     * word with the next is a two-character name (发言人施毅海军大校: 施毅,
     * then 海军); a two-character one may take a third (title_name_third) */
    for (size_t k = 0; x->lexicon && k < n; k++) {
        eg__span *c = &local->v[k];
        int han;
        if (c->rule == EG_RULE_TITLE && han_chars(t, c->start, c->end, 3, &han) == 3 && han &&
            ends_in_word(x, e, c))
            c->end = eg__utf8_prev(t, c->start, c->end);
        else if (c->rule == EG_RULE_TITLE)
            c->end = title_name_third(x, b, e, c);
    }
    if (n > 1) qsort(local->v, n, sizeof *local->v, eg__span_cmp);
    if (x->lexicon) {
        if (n > x->cap_info) {
            size_t cap = x->cap_info ? x->cap_info : 64;
            while (cap < n) cap *= 2;
            cand_info *v = realloc(x->info, cap * sizeof *v);
            if (!v) return EG_ENOMEM;
            x->info = v;
            x->cap_info = cap;
        }
        /* the candidates' words are looked up one after another below,
         * each walk waiting on the large table: ask for their first slots
         * all together first */
        for (size_t k = 0; k < n; k++)
            eg__lexicon_prefetch(x->lexicon, t + local->v[k].start, local->v[k].end - local->v[k].start);
        for (size_t k = 0; k < n; k++) {
            const eg__span *c = &local->v[k];
            x->info[k].kind = (uint8_t)test_of(x, c, &x->info[k].logp);
            if (x->info[k].kind == TEST_INSIDE && (c->strong & 7) == 5)
                x->info[k].kind = TEST_LEFT; /* 敦促美方 */
            else if (x->info[k].kind == TEST_INSIDE && (c->strong & 7) != 3)
                x->info[k].kind = TEST_NONE; /* 中美关系: certain */
            else if (x->info[k].kind == TEST_CROSS && !may_cross(x, b, e, c))
                x->info[k].kind = TEST_NONE;
        }
    }
    for (size_t k = 0; k < n; k++) {
        const eg__span *c = &local->v[k];
        int keep = c->rule != EG_RULE_NONE || !latin_inside_word(t, b, e, c);
        eg_explain_verdict why = EG_EXPLAIN_LATIN;
        int seg_path = 0; /* x->seg holds the window that refused it */
        if (keep && x->lexicon && x->info[k].kind == TEST_DROP) {
            keep = 0;
            why = EG_EXPLAIN_FUNCTION;
        } else if (keep && x->lexicon && c->rule == EG_RULE_NONE && in_foreign_run(x, b, e, local, k)) {
            keep = 0; /* 汗尤[尼斯]: Nice inside Khan Younis */
            why = EG_EXPLAIN_WORDS;
        } else if (keep && x->lexicon && c->rule == EG_RULE_PLAIN && ends_in_word(x, e, c)) {
            keep = 0; /* 马龙真|的: 真的 is the word */
            why = EG_EXPLAIN_WORDS;
        } else if (keep && x->lexicon && x->info[k].kind != TEST_NONE) {
            int r = survives(x, b, e, local->v, x->info, n, k);
            if (r < 0) return EG_ENOMEM;
            keep = r;
            why = EG_EXPLAIN_WORDS;
            seg_path = 1;
            size_t pe;
            if (!keep && c->rule == EG_RULE_NONE && x->info[k].kind == TEST_CROSS && (pe = refused_prefix(x, c))) {
                local->v[k].end = pe; /* 上海|市民: 上海 */
                keep = 1;
            }
        }
        if (!keep && x->explain) {
            char path[512];
            size_t used = 0;
            path[0] = 0;
            for (uint32_t i = 0; seg_path && i < x->seg.n_chars; i = x->seg.word_end[i]) {
                size_t a = x->seg.at[i], z = x->seg.at[x->seg.word_end[i]];
                if (used + (z - a) + 2 >= sizeof path) break;
                if (i) path[used++] = '|';
                /* the window starts at the first character of the path */
                memcpy(path + used, x->seg_text + a, z - a);
                used += z - a;
                path[used] = 0;
            }
            eg__explain(x, c, why, seg_path ? path : NULL);
        }
        if (!keep) local->v[k].strong |= DROPPED;
    }
    size_t out = 0;
    for (size_t k = 0; k < n; k++)
        if (!(local->v[k].strong & DROPPED)) local->v[out++] = local->v[k];
    local->n = out;
    return EG_OK;
}


int eg__word_test_one(eg_extractor *x, size_t b, size_t e, const eg__span *c)
{
    cand_info ci;
    ci.kind = (uint8_t)test_of(x, c, &ci.logp);
    if (ci.kind == TEST_DROP) return 0;
    return ci.kind == TEST_NONE ? 1 : survives(x, b, e, c, &ci, 1, 0);
}

/* ---- user names and web addresses ------------------------------------------
 *
 * Social media text names its users by handle (@吃土少女阿May) and links
 * pages (https://m.dianping.com/…). A handle may be a person's or a
 * body's own name (@人民日报), and then the whole of it is one; a name
 * found inside a longer handle is part of a user name, not a mention.
 * Nothing inside a web address is. */

/* The end of a handle starting at t[a] ('@'): up to white space, a
 * clause mark, a slash or another '@'. */
static size_t handle_end(const char *t, size_t e, size_t a)
{
    static const char *const stops[] = {"：", "，", "。", "！", "？", "；", "、", "（", "）", "“", "”", "【", "】", "#",
                                        NULL};
    size_t q = a + 1;
    while (q < e) {
        unsigned char c = (unsigned char)t[q];
        if (c <= ' ' || strchr(":,.!?;/@()[]\"'", c)) break;
        int stop = 0;
        for (const char *const *w = stops; *w && !stop; w++) stop = !strncmp(t + q, *w, strlen(*w));
        if (stop) break;
        size_t r = q;
        if (eg_text_is_space(eg__utf8_decode(t, e, &r, NULL))) break;
        q = r;
    }
    return q;
}

/* The end of a web address starting at t[a]: up to white space or a
 * character that is not ASCII. */
static size_t url_end(const char *t, size_t e, size_t a)
{
    size_t q = a;
    while (q < e && (unsigned char)t[q] > ' ' && (unsigned char)t[q] < 0x80) q++;
    return q;
}

static int starts_url(const char *t, size_t e, size_t q)
{
    if (t[q] != 'h' && t[q] != 'w') return 0; /* (asked at every byte of a paragraph) */
    return (e - q > 7 && !memcmp(t + q, "http://", 7)) || (e - q > 8 && !memcmp(t + q, "https://", 8)) ||
           (e - q > 4 && !memcmp(t + q, "www.", 4) && (q == 0 || !is_latin_alnum((unsigned char)t[q - 1])));
}

void eg__drop_in_handles(const eg_extractor *x, size_t b, size_t e, eg__spans *local)
{
    const char *t = x->nt.s;
    if (!local->n || (!memchr(t + b, '@', e - b) && !memchr(t + b, '/', e - b) && !memchr(t + b, 'w', e - b)))
        return;
    size_t out = 0;
    size_t zone_a = 0, zone_z = 0; /* the last handle or address seen */
    int zone_url = 0;
    size_t q = b;
    for (size_t k = 0; k < local->n; k++) {
        const eg__span *c = &local->v[k];
        /* the zones before c's end (spans are sorted by start) */
        while (q < c->end && q < e) {
            if (t[q] == '@') {
                zone_a = q + 1;
                zone_z = handle_end(t, e, q);
                zone_url = 0;
                q = zone_z > q + 1 ? zone_z : q + 1;
            } else if (starts_url(t, e, q)) {
                zone_a = q;
                zone_z = url_end(t, e, q);
                zone_url = 1;
                q = zone_z;
            } else {
                q++;
            }
        }
        int inside = c->start < zone_z && c->end > zone_a &&
                     (zone_url || c->start != zone_a || c->end != zone_z);
        if (!inside) local->v[out++] = *c;
        else if (x->explain) eg__explain(x, c, EG_EXPLAIN_HANDLE, NULL);
    }
    local->n = out;
}

/* ---- damaged text -----------------------------------------------------------
 *
 * Web pages sometimes carry passages decoded in the wrong encoding and
 * written out again: valid UTF-8, so the reader's count of replaced bytes
 * cannot see them, but random characters, with an ASCII '?' wherever the
 * shifted bytes made no character (?Ｕ髑笠饧?稿要求). A run of text
 * between two ASCII question marks at most DAMAGE_RUN characters apart is
 * damaged when it starts with a full-width form (the shifted bytes of a
 * paragraph's opening) and either the paragraph has another such run or
 * the run has a character rare as a word of its own; or when at least half
 * of its three or more Han characters are rare. After a damaged run the
 * next starts after its closing '?' (decoding came back in step there).
 * Nothing overlapping a damaged run is taken. Question marks typed as
 * questions are full-width in Chinese text (？) or end a sentence; the
 * original code points are looked at, since NFKC folds ？ into '?'. */
#define DAMAGE_RUN 40      /* characters between the two marks, at most */
#define DAMAGE_RARE 300    /* a character rarer than this as a word of its own */
#define DAMAGE_MAX_RUNS 64 /* runs remembered per paragraph (more: all damaged) */

/* Is normalised byte q of the text an ASCII '?' in the original? */
static int ascii_question(const eg_extractor *x, size_t q)
{
    return x->nt.s[q] == '?' && x->cps.cp[x->nt.from[q]] == '?';
}

/* Counts in *han and *rare the Han characters of normalised bytes a..z and
 * those rare as words of their own (all of them rare without a lexicon). */
static void count_rare(const eg_extractor *x, size_t a, size_t z, size_t *han, size_t *rare)
{
    const char *t = x->nt.s;
    *han = *rare = 0;
    for (size_t q = a; q < z;) {
        size_t p = q;
        uint32_t c = eg__utf8_decode(t, z, &q, NULL);
        if (!eg_text_is_han(c)) continue;
        (*han)++;
        *rare += !x->lexicon || eg__lexicon_freq(x->lexicon, t + p, q - p) < DAMAGE_RARE;
    }
}

void eg__drop_in_damaged(const eg_extractor *x, size_t b, size_t e, eg__spans *local)
{
    const char *t = x->nt.s;
    if (!local->n || !memchr(t + b, '?', e - b)) return;
    size_t run_a[DAMAGE_MAX_RUNS], run_z[DAMAGE_MAX_RUNS];
    int run_wide[DAMAGE_MAX_RUNS];
    size_t runs = 0, wide = 0, prev = SIZE_MAX;
    for (const char *p = memchr(t + b, '?', e - b); p; p = memchr(p + 1, '?', (size_t)(t + e - p - 1))) {
        size_t q = (size_t)(p - t);
        if (!ascii_question(x, q)) continue;
        if (prev != SIZE_MAX && x->nt.from[q] - x->nt.from[prev] <= DAMAGE_RUN && q > prev + 1) {
            uint32_t first = x->cps.cp[x->nt.from[prev] + 1];
            size_t han, rare;
            count_rare(x, prev + 1, q, &han, &rare);
            int wide_start = first >= 0xFF01 && first <= 0xFF5E;
            if ((wide_start || (han >= 3 && 2 * rare >= han)) && runs < DAMAGE_MAX_RUNS) {
                run_a[runs] = prev;
                run_z[runs] = q + 1;
                run_wide[runs] = wide_start && !(han >= 3 && 2 * rare >= han) ? (rare ? 1 : 2) : 0;
                wide += wide_start;
                runs++;
                prev = SIZE_MAX; /* the next run starts after this one's mark */
                continue;
            }
        }
        prev = q;
    }
    if (!runs) return;
    size_t out = 0, r = 0;
    for (size_t k = 0; k < local->n; k++) {
        const eg__span *c = &local->v[k];
        int inside = 0;
        while (r < runs && run_z[r] <= c->start) r++;
        /* (runs do not overlap; a span may overlap several) */
        for (size_t s = r; s < runs && run_a[s] < c->end && !inside; s++)
            inside = run_wide[s] != 2 || wide >= 2; /* a lone wide start needs a rare character */
        if (!inside) local->v[out++] = *c;
        else if (x->explain) eg__explain(x, c, EG_EXPLAIN_DAMAGED, NULL);
    }
    local->n = out;
}
