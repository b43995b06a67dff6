/* The repeat rule: a name a rule found on evidence is a name everywhere
 * in its document (pass 2 of the extractor). */
#include <stdlib.h>
#include <string.h>

#include "extract_impl.h"
#include "internal.h"
#include "recognize.h"
#include "util.h"

/* An occurrence of a pass-2 name: its slot in the name map, its byte offset. */
typedef struct repeat_hit {
    size_t slot, pos;
} repeat_hit;

static int repeat_hit_cmp(const void *a, const void *b)
{
    const repeat_hit *x = a, *y = b;
    if (x->slot != y->slot) return x->slot < y->slot ? -1 : 1;
    return (x->pos > y->pos) - (x->pos < y->pos);
}

/* A 16-bit hash of a name's first two code points, for find_repeats. */
static uint32_t pair_hash(uint32_t a, uint32_t b)
{
    return ((a * 40503u) ^ (b * 2654435761u) ^ (b >> 16)) & 0xFFFF;
}

/* The document's names and the filters that find them in one reading of
 * a paragraph: the names' first code points (mod 2^16, first), which rule
 * most positions out at once; names of one code point by it (mod 2^16,
 * single), longer names by a hash of their first two (pair_max), which
 * also gives the longest such name, so that a position is read no further
 * than a name starting there can reach; byte lengths below 512 (lens);
 * each slot's key hash, compared before the bytes (key_hash). hits: a
 * paragraph's occurrences. */
typedef struct repeat_scan {
    const eg__strmap *names;
    uint64_t single[1024], first[1024], lens[8];
    uint64_t *key_hash;
    uint16_t *pair_max; /* the extractor's, all zero between documents */
    repeat_hit *hits;
    size_t n_hits, cap_hits;
    /* per byte of the paragraph: covered by one of its spans (take_hits) */
    unsigned char *covered;
    size_t cap_covered;
} repeat_scan;

/* Fills the filters of r from names; x keeps pair_max. EG_ENOMEM. */
static eg_status scan_setup(eg_extractor *x, const eg__strmap *names, repeat_scan *r)
{
    memset(r, 0, sizeof *r);
    r->names = names;
    r->key_hash = malloc(names->cap * sizeof *r->key_hash);
    /* the table of longest names by first two characters is kept all zero
     * between documents (clearing 128 KiB per document cost a fifth of the
     * extractor's time): scan_finish clears the entries set here */
    if (!x->pair_max) x->pair_max = calloc(1u << 16, sizeof *x->pair_max);
    r->pair_max = x->pair_max;
    if (!r->key_hash || !r->pair_max) return EG_ENOMEM;
    for (size_t h = 0; h < names->cap; h++) {
        const char *name = names->keys[h];
        if (!name) continue;
        size_t nl = strlen(name), j = 0;
        r->key_hash[h] = eg__hash_bytes(name, nl);
        if (!nl) continue;
        uint32_t c = eg__utf8_decode(name, nl, &j, NULL), c16 = c & 0xFFFF;
        r->first[c16 >> 6] |= 1ull << (c16 & 63);
        if (j == nl) {
            c &= 0xFFFF;
            r->single[c >> 6] |= 1ull << (c & 63);
        } else {
            uint32_t k = pair_hash(c, eg__utf8_decode(name, nl, &j, NULL));
            if (nl > r->pair_max[k]) r->pair_max[k] = nl < UINT16_MAX ? (uint16_t)nl : UINT16_MAX;
        }
        if (nl < 512) r->lens[nl >> 6] |= 1ull << (nl & 63);
    }
    return EG_OK;
}

/* Clears what scan_setup set in the extractor's pair_max, frees the rest. */
static void scan_finish(repeat_scan *r)
{
    const eg__strmap *names = r->names;
    for (size_t h = 0; r->pair_max && h < names->cap; h++) {
        const char *name = names->keys[h];
        size_t nl = name ? strlen(name) : 0, j = 0;
        if (!nl) continue;
        uint32_t c = eg__utf8_decode(name, nl, &j, NULL);
        if (j < nl) r->pair_max[pair_hash(c, eg__utf8_decode(name, nl, &j, NULL))] = 0;
    }
    free(r->hits);
    free(r->key_hash);
    free(r->covered);
}

/* The occurrences of the names in the paragraph t[b..) (decoded: ch)
 * into r->hits, in text order. EG_ENOMEM. */
static eg_status find_hits(repeat_scan *r, const char *t, size_t b, const eg__chars *ch)
{
    const eg__strmap *names = r->names;
    size_t e = b + ch->at[ch->n];
    r->n_hits = 0;
    for (size_t q = 0; q < ch->n; q++) {
        /* the character at i (c), the next one at j (c2) */
        size_t i = b + ch->at[q], j = b + ch->at[q + 1];
        uint32_t c = ch->c[q], c2 = q + 1 < ch->n ? ch->c[q + 1] : UINT32_MAX;
        uint32_t c16 = c & 0xFFFF, k2;
        if (!(r->first[c16 >> 6] >> (c16 & 63) & 1)) continue; /* no name starts with c */
        k2 = pair_hash(c, c2);
        size_t most = r->single[c16 >> 6] >> (c16 & 63) & 1 ? j - i : 0; /* the name c */
        if (c2 != UINT32_MAX && r->pair_max[k2] > most) most = r->pair_max[k2];
        if (most > e - i) most = e - i;
        uint64_t hash = EG__HASH_INIT; /* the map's hash, grown a byte at a time */
        for (size_t nl = 1; nl <= most; nl++) {
            hash = eg__hash_step(hash, (unsigned char)t[i + nl - 1]);
            if (nl < 512 && !(r->lens[nl >> 6] >> (nl & 63) & 1)) continue;
            for (size_t k = hash & (names->cap - 1); names->keys[k]; k = (k + 1) & (names->cap - 1)) {
                if (r->key_hash[k] != hash || strncmp(names->keys[k], t + i, nl) || names->keys[k][nl]) continue;
                if (r->n_hits == r->cap_hits) {
                    size_t cap = r->cap_hits ? 2 * r->cap_hits : 64, bytes;
                    repeat_hit *v;
                    if (eg__mul_overflow(cap, sizeof *v, &bytes) || !(v = realloc(r->hits, bytes))) return EG_ENOMEM;
                    r->hits = v;
                    r->cap_hits = cap;
                }
                r->hits[r->n_hits++] = (repeat_hit){k, i};
                break;
            }
        }
    }
    return EG_OK;
}

/* A place or organisation only the tagger proposed: a guess a person's
 * name found on evidence in the document may replace. */
static int is_place_guess(const eg__span *s)
{
    return s->rule == EG_RULE_MODEL_LOC || s->rule == EG_RULE_MODEL_ORG;
}

/* The spans of a paragraph (x->spans from first, skipping last..p2_first)
 * that overlap s0..s1, when all are such guesses inside it, are dropped
 * (rule EG_RULE_COUNT): 1. Else 0 and nothing changes. */
static int drop_guesses_inside(eg_extractor *x, size_t first, size_t last, size_t p2_first, size_t s0, size_t s1)
{
    eg__spans *sp = &x->spans;
    for (int pass = 0; pass < 2; pass++)
        for (size_t k = first; k < sp->n; k++) {
            if (k == last) k = p2_first;
            if (k >= sp->n) break;
            eg__span *c = &sp->v[k];
            if (c->rule == EG_RULE_COUNT || c->end <= s0 || c->start >= s1) continue;
            if (!pass && (!is_place_guess(c) || c->start < s0 || c->end > s1)) return 0;
            if (pass) c->rule = EG_RULE_COUNT;
        }
    return 1;
}

/* The hits of paragraph b..e (r->hits, sorted by name and position) that
 * become repeat mentions in x->spans: those that overlap no span of the
 * paragraph (from pass 1: spans[first .. last); from pass 2: from
 * p2_first on) and stand as a word where they are. EG_ENOMEM. */
static eg_status take_hits(eg_extractor *x, repeat_scan *r, size_t b, size_t e, size_t first, size_t last,
                           size_t p2_first)
{
    eg__spans *sp = &x->spans;
    const char *t = x->nt.s;
    if (!r->n_hits) return EG_OK;
    /* Whether a hit overlaps a span of the paragraph (pass 1's, or one
     * taken here): the bytes the spans cover, marked as they come, rather
     * than every span compared with every hit (quadratic on a long
     * paragraph). */
    if (e - b > r->cap_covered) {
        unsigned char *v = realloc(r->covered, e - b);
        if (!v) return EG_ENOMEM;
        r->covered = v;
        r->cap_covered = e - b;
    }
    unsigned char *cov = r->covered - b; /* cov[i], b <= i < e */
    memset(r->covered, 0, e - b);
    for (size_t k = first; k < sp->n; k++) {
        if (k == last) k = p2_first;
        if (k >= sp->n) break;
        size_t s0 = sp->v[k].start > b ? sp->v[k].start : b, s1 = sp->v[k].end < e ? sp->v[k].end : e;
        /* (the part in the paragraph: hits are there; 2: a guess of the
         * tagger's at a place or organisation, which a person may replace) */
        for (size_t i = s0; i < s1; i++) cov[i] = cov[i] == 1 || !is_place_guess(&sp->v[k]) ? 1 : 2;
    }
    for (size_t q = 0, at = b; q < r->n_hits; q++) {
        if (q && r->hits[q].slot != r->hits[q - 1].slot) at = b;
        size_t nl = strlen(r->names->keys[r->hits[q].slot]);
        size_t s0 = r->hits[q].pos, s1 = s0 + nl;
        if (s0 < at) continue;
        int overlaps = 0, guesses = 0;
        for (size_t i = s0; i < s1; i++) {
            overlaps |= cov[i] == 1;
            guesses |= cov[i] == 2;
        }
        uint32_t ent = r->names->values[r->hits[q].slot];
        int person = !strcmp(eg_extractor_entity(x, ent)->type, "PER");
        if (guesses && !person) overlaps = 1;
        if (!overlaps && person && !eg__name_stands_alone(t + b, e - b, s0 - b, s1 - b))
            overlaps = 1; /* 高峰 the person is not in 高峰会议 */
        if (!overlaps && x->lexicon && person) {
            /* nor where the words around it make it none: the name must be
             * a word of the best path here, as in pass 1 */
            int w = eg__word_test_one(x, b, e, &(eg__span){s0, s1, EG_RULE_REPEAT, ent, 0, 0});
            if (w < 0) return EG_ENOMEM;
            overlaps = !w;
        }
        /* the tagger's places inside a person's name it found elsewhere in
         * the document (阿 and 港 of the nickname 阿港) are that person */
        if (!overlaps && guesses) overlaps = !drop_guesses_inside(x, first, last, p2_first, s0, s1);
        if (!overlaps) {
            if (eg__spans_push(sp, s0, s1, EG_RULE_REPEAT)) return EG_ENOMEM;
            sp->v[sp->n - 1].entity = ent;
            memset(cov + s0, 1, s1 - s0);
        }
        at = s1;
    }
    return EG_OK;
}

/* Pass 2: every occurrence of a name a rule found (names: the document's
 * names → entity) that overlaps no span becomes a repeat mention. The
 * result is that of searching each name in turn, in the map's slot order,
 * left to right and without overlapping itself, through each paragraph;
 * the paragraph is read once, looking names up by their first character
 * and their lengths instead of searching the text once per name. */
eg_status eg__find_repeats(eg_extractor *x, const eg__strmap *names, const size_t *par_bytes,
                           const size_t *par_first_char, size_t np, const size_t *par_first_span)
{
    repeat_scan r;
    eg_status st = scan_setup(x, names, &r);
    for (size_t p = 0; !st && p < np; p++) {
        size_t b = par_bytes[p], e = par_bytes[p + 1], p2_first = x->spans.n;
        size_t first = par_first_char[p];
        eg__chars chars = eg__chars_at(&x->doc_chars, first, par_first_char[p + 1] - first - 1);
        st = find_hits(&r, x->nt.s, b, &chars);
        if (!st && r.n_hits > 1) qsort(r.hits, r.n_hits, sizeof *r.hits, repeat_hit_cmp);
        if (!st) st = take_hits(x, &r, b, e, par_first_span[p], par_first_span[p + 1], p2_first);
    }
    scan_finish(&r);
    return st;
}

/* ---- a document's own short names -------------------------------------------
 *
 * Business and court news names a company in full once and says what it
 * will call it from then on: 浙江安吉凯丰茶叶有限公司（下称凯丰茶厂）,
 * …实业有限公司（以下简称“腾翔实业”）. In that document the short name is
 * that organisation, not a node of its own (海天公司 beside 佛山市海天调味
 * 食品股份有限公司 on Sogou news) nor a person the tagger guessed
 * (雅盈堂). */

/* Is t[y0..y1) drawn from the name t[s0..s1): its first character and one
 * more of its characters in it (凯丰茶厂 of 浙江安吉凯丰茶叶有限公司,
 * 全国青联 of 中华全国青年联合会; not a term the bracket defines after a
 * name, 启运港 after two ports)? */
static int drawn_from(const char *t, size_t s0, size_t s1, size_t y0, size_t y1)
{
    size_t in = 0, i = y0;
    while (i < y1) {
        size_t j = i;
        eg__utf8_decode(t, y1, &j, NULL);
        int found = 0;
        for (size_t p = s0; p + (j - i) <= s1 && !found; p++) found = !memcmp(t + p, t + i, j - i);
        if (!found && i == y0) return 0;
        in += found;
        i = j;
    }
    return in >= 2;
}

eg_status eg__document_aliases(eg_extractor *x, eg__spans *sp, eg__strmap *names, eg__arena *keys)
{
    size_t nd = eg_dict_count(x->dict), n = sp->n;
    for (size_t k = 0; k < n; k++) {
        const eg__span *s = &sp->v[k];
        size_t y0, y1;
        if (s->rule == EG_RULE_COUNT || s->rule == EG_RULE_ABBR || (s->entity & GROUP_BIT)) continue;
        const eg_entity *org = eg_extractor_entity(x, s->entity);
        if (!org || strcmp(org->type, "ORG") || !eg__short_name_after(x->nt.s, x->nt.len, s->end, &y0, &y1) ||
            !drawn_from(x->nt.s, s->start, s->end, y0, y1))
            continue;
        /* a name the dictionary has stays the dictionary's */
        uint32_t v;
        eg_status st = eg__dict_whole(x, y0, y1, &v);
        if (st) return st;
        if (v != UINT32_MAX) continue;
        char *key = eg__arena_strndup(keys, x->nt.s + y0, y1 - y0);
        if (!key) return EG_ENOMEM;
        if (eg__strmap_get(names, key, &v) && v < nd) continue;
        if (eg__strmap_put(names, key, s->entity)) return EG_ENOMEM;
        /* what the rules or the tagger made of the same name elsewhere */
        for (size_t q = 0; q < n; q++) {
            eg__span *o = &sp->v[q];
            if (o->rule == EG_RULE_NONE || o->rule == EG_RULE_COUNT || o->rule == EG_RULE_ABBR ||
                o->end - o->start != y1 - y0 || memcmp(x->nt.s + o->start, key, y1 - y0))
                continue;
            o->entity = sp->v[k].entity;
            o->rule = EG_RULE_REPEAT;
        }
    }
    return EG_OK;
}

/* ---- names that are the first part of a longer word -------------------------
 *
 * The tagger takes the start of a word it does not know for a person
 * (小桔 of 小桔灯, 欧债 of 欧债危机, 蓝星 of 蓝星石油), and the repeat rule
 * spreads it. A person's name is followed by what follows people: a
 * function word, a verb, a title, punctuation, each mention its own. A
 * name only the tagger proposes (no rule, no dictionary entry took it in
 * the document) that runs on into the same character at each of its two or
 * more mentions, one that does not follow names (eg__follows_name), is the
 * first part of that longer word: none of its mentions is taken. A name
 * the tagger proposed once counts the other places the text spells it
 * (微嘉 of 微嘉园 in the bundled sample, whose other 微嘉园 the tagger left).
 * (Names of two characters or more.) A surname
 * there starts the next name of a list (林一王二) unless it makes a common
 * word with the character after it (石油). */

/* A span k of a document under a key (its entity; a person's first
 * character), sorted by key, then by span. */
typedef struct key_span {
    uint32_t key;
    size_t k; /* the span */
} key_span;

static int key_span_cmp(const void *a, const void *b)
{
    const key_span *x = a, *y = b;
    if (x->key != y->key) return x->key < y->key ? -1 : 1;
    return (x->k > y->k) - (x->k < y->k);
}

/* The end of the paragraph holding byte pos (par_bytes[0..np] ascending). */
static size_t par_end(const size_t *par_bytes, size_t np, size_t pos)
{
    size_t lo = 0, hi = np; /* the last paragraph starting at or before pos */
    while (lo + 1 < hi) {
        size_t mid = (lo + hi) / 2;
        if (par_bytes[mid] <= pos) lo = mid;
        else hi = mid;
    }
    return par_bytes[lo + 1];
}

/* Does the name of span s run on into a longer word (the test above, on one
 * mention; c is the character after it)? */
static int runs_on(const eg_extractor *x, const eg__span *s, uint32_t c, size_t after, size_t e)
{
    if (!c || !eg_text_is_han(c) || eg__follows_name(x->nt.s + s->end, e - s->end)) return 0;
    if (!eg__is_surname(c)) return 1;
    if (!x->lexicon || after >= e) return 0;
    size_t q = after;
    uint32_t d = eg__utf8_decode(x->nt.s, e, &q, NULL);
    return eg_text_is_han(d) && eg__lexicon_freq(x->lexicon, x->nt.s + s->end, q - s->end) >= EG__LEX_F_CROSS;
}

/* Where the characters of a document t[0..len) start, by pair_hash of
 * each one's code point and the next one's (the places a name of two
 * characters or more may start) in mask + 1 buckets, about one a
 * character (16 at least, 2^16 at most): bucket h is pos[start[h] ..
 * start[h + 1]), in text order. Made once per document, when first asked. */
typedef struct pair_index {
    size_t *start, *pos;
    uint32_t mask;
} pair_index;

/* The bucket at byte i of t[0..len) (i a character's start; the second
 * code point UINT32_MAX at the end), *next the byte after it. */
static uint32_t pair_at(const pair_index *ix, const char *t, size_t len, size_t i, size_t *next)
{
    size_t j = i;
    uint32_t c = eg__utf8_decode(t, len, &j, NULL);
    *next = j;
    return pair_hash(c, j < len ? eg__utf8_decode(t, len, &j, NULL) : UINT32_MAX) & ix->mask;
}

static eg_status pair_index_make(pair_index *ix, const char *t, size_t len)
{
    size_t chars = eg__utf8_count(t, len), next, nb = 16;
    while (nb < chars && nb < 1u << 16) nb *= 2;
    ix->mask = (uint32_t)nb - 1;
    ix->start = calloc(nb + 1, sizeof *ix->start);
    ix->pos = malloc((chars ? chars : 1) * sizeof *ix->pos);
    size_t *fill = malloc(nb * sizeof *fill);
    eg_status st = ix->start && ix->pos && fill ? EG_OK : EG_ENOMEM;
    if (!st) {
        for (size_t i = 0; i < len; i = next) ix->start[pair_at(ix, t, len, i, &next) + 1]++;
        for (size_t h = 0; h < nb; h++) ix->start[h + 1] += ix->start[h];
        memcpy(fill, ix->start, nb * sizeof *fill);
        for (size_t i = 0; i < len; i = next) ix->pos[fill[pair_at(ix, t, len, i, &next)]++] = i;
    }
    free(fill);
    return st;
}

/* For a name the tagger proposed once, at t[a..z) of the document t[0..len)
 * (normalised): the other places the text spells it, which no mention
 * took, stand for the other mentions. Is there one at least, and does each
 * run on into character c as the mention does (微嘉 of 微嘉园、微信群, and
 * “微嘉园” once more: the first part of 微嘉园, not a person)? The places
 * are those of its first two characters' bucket in ix (the whole text,
 * read for each such name, was quadratic in a long document). */
static int others_run_on(const pair_index *ix, const char *t, size_t len, size_t a, size_t z, uint32_t c)
{
    size_t nl = z - a, others = 0, next;
    uint32_t h = pair_at(ix, t, len, a, &next);
    for (size_t q = ix->start[h]; q < ix->start[h + 1]; q++) {
        size_t p = ix->pos[q];
        if (p == a || p + nl > len || memcmp(t + p, t + a, nl)) continue;
        size_t after = p + nl;
        if (after >= len || eg__utf8_decode(t, len, &after, NULL) != c) return 0;
        others++;
    }
    return others > 0;
}

eg_status eg__drop_word_heads(eg_extractor *x, eg__spans *sp, const size_t *par_bytes, size_t np)
{
    size_t n = 0, nd = eg_dict_count(x->dict);
    for (size_t k = 0; k < sp->n; k++)
        n += sp->v[k].rule == EG_RULE_MODEL_PER || sp->v[k].rule == EG_RULE_REPEAT;
    if (!n || !np) return EG_OK;
    key_span *h = malloc(sp->n * sizeof *h);
    if (!h) return EG_ENOMEM;
    pair_index ix = {NULL, NULL, 0};
    eg_status st = EG_OK;
    n = 0;
    for (size_t k = 0; k < sp->n; k++) {
        eg__rule r = (eg__rule)sp->v[k].rule;
        if (r == EG_RULE_NONE || r == EG_RULE_ABBR || r == EG_RULE_COUNT || sp->v[k].entity < nd) continue;
        h[n++] = (key_span){sp->v[k].entity, k};
    }
    if (n > 1) qsort(h, n, sizeof *h, key_span_cmp);
    for (size_t i = 0; i < n;) {
        size_t j = i;
        int guess = 1; /* only the tagger's guess and its repeats */
        while (j < n && h[j].key == h[i].key) {
            eg__rule r = (eg__rule)sp->v[h[j].k].rule;
            guess &= r == EG_RULE_MODEL_PER || r == EG_RULE_REPEAT;
            j++;
        }
        const eg_entity *ent = eg_extractor_entity(x, h[i].key);
        /* (a one-character "person" is a surname: 侯老, or 汤 of 汤杯 as the
         * labelled news has it) */
        if (guess && ent && !strcmp(ent->type, "PER") && eg__utf8_count(ent->name, strlen(ent->name)) >= 2) {
            uint32_t c0 = 0;
            int same = 1;
            for (size_t m = i; m < j && same; m++) {
                const eg__span *s = &sp->v[h[m].k];
                size_t e = par_end(par_bytes, np, s->start), after = s->end;
                uint32_t c = s->end < e ? eg__utf8_decode(x->nt.s, e, &after, NULL) : 0;
                same = (m == i || c == c0) && runs_on(x, s, c, after, e);
                c0 = c;
            }
            if (same && j - i == 1) {
                const eg__span *s = &sp->v[h[i].k];
                if (!ix.start && (st = pair_index_make(&ix, x->nt.s, x->nt.len))) break;
                same = others_run_on(&ix, x->nt.s, x->nt.len, s->start, s->end, c0);
            }
            for (size_t m = i; same && m < j; m++) {
                if (x->explain) eg__explain(x, &sp->v[h[m].k], EG_EXPLAIN_WORD_HEAD, NULL);
                sp->v[h[m].k].rule = EG_RULE_COUNT; /* dropped */
            }
        }
        i = j;
    }
    free(h);
    free(ix.start);
    free(ix.pos);
    return st;
}

/* ---- two surnames for two people --------------------------------------------
 *
 * News names a pair by their surnames side by side (苏蔡同台: 苏贞昌 and
 * 蔡英文), which the tagger takes for one person. A person only the tagger
 * proposes (or its repeats) of two characters, both surnames, is no name
 * when the document names a person of two characters or more starting with
 * each of them: its mentions are dropped. */

/* The type of the entity of span s (of a registry entry or a found name),
 * NULL for a shared name or a dropped span. */
static const char *span_type(const eg_extractor *x, const eg__span *s)
{
    if (s->rule == EG_RULE_COUNT || (s->entity & GROUP_BIT)) return NULL;
    const eg_entity *e = eg_extractor_entity(x, s->entity);
    return e ? e->type : NULL;
}

/* The persons of two characters or more in a document, by first character
 * (key_span: the key is the character). */

/* Does a person of firsts (n, sorted) other than the name at t[a..z)
 * start with c? (At most 64 of the persons starting with c are compared.) */
static int person_starting_with(const eg_extractor *x, const eg__spans *sp, const key_span *firsts, size_t n,
                                uint32_t c, size_t a, size_t z)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (firsts[mid].key < c) lo = mid + 1;
        else hi = mid;
    }
    for (size_t q = lo; q < n && q < lo + 64 && firsts[q].key == c; q++) {
        const eg__span *s = &sp->v[firsts[q].k];
        if (s->end - s->start != z - a || memcmp(x->nt.s + s->start, x->nt.s + a, z - a)) return 1;
    }
    return 0;
}

/* Is span s two surnames and nothing else, a person only the tagger
 * proposed (or its repeat)? Their code points into ab. */
static int surname_pair(const eg_extractor *x, const eg__span *s, uint32_t ab[2])
{
    if (s->rule != EG_RULE_MODEL_PER && s->rule != EG_RULE_REPEAT) return 0;
    const char *type = span_type(x, s);
    size_t i = s->start;
    if (!type || strcmp(type, "PER")) return 0;
    ab[0] = eg__utf8_decode(x->nt.s, s->end, &i, NULL);
    if (i == s->end) return 0;
    ab[1] = eg__utf8_decode(x->nt.s, s->end, &i, NULL);
    return i == s->end && eg__is_surname(ab[0]) && eg__is_surname(ab[1]);
}

eg_status eg__drop_surname_pairs(eg_extractor *x, eg__spans *sp)
{
    uint32_t ab[2];
    size_t pairs = 0, n = 0;
    for (size_t k = 0; k < sp->n; k++) pairs += surname_pair(x, &sp->v[k], ab);
    if (!pairs) return EG_OK;
    key_span *firsts = malloc(sp->n * sizeof *firsts);
    if (!firsts) return EG_ENOMEM;
    for (size_t k = 0; k < sp->n; k++) {
        const eg__span *s = &sp->v[k];
        const char *type = span_type(x, s);
        size_t i = s->start;
        if (!type || strcmp(type, "PER")) continue;
        uint32_t c = eg__utf8_decode(x->nt.s, s->end, &i, NULL);
        if (i < s->end) firsts[n++] = (key_span){c, k};
    }
    qsort(firsts, n, sizeof *firsts, key_span_cmp);
    for (size_t k = 0; k < sp->n; k++) {
        eg__span *s = &sp->v[k];
        if (!surname_pair(x, s, ab) || !person_starting_with(x, sp, firsts, n, ab[0], s->start, s->end) ||
            !person_starting_with(x, sp, firsts, n, ab[1], s->start, s->end))
            continue;
        if (x->explain) eg__explain(x, s, EG_EXPLAIN_SURNAME_PAIR, NULL);
        s->rule = EG_RULE_COUNT; /* dropped (span_type reads it as none) */
    }
    free(firsts);
    return EG_OK;
}

/* ---- a word glued to a person of the document --------------------------------
 *
 * Headlines and hurried text glue a verb or a word onto a name (传汤灿被判:
 * 传 + 汤灿; 陈豪称, 恒泰艾普拟以), or the end of one name onto the next,
 * and the tagger takes the whole for one person. A person only the tagger
 * proposed (or its repeat) that is another person of its document (of two
 * characters or more) with one or two Chinese characters more before or
 * after is that person: its span shrinks to that name and takes its
 * entity. */

/* A person of the document: its name (bytes of the text), entity, and
 * how many of the document's persons have that name. */
typedef struct doc_person {
    const char *s;
    size_t len;
    uint32_t entity;
    size_t count;
} doc_person;

static int doc_person_cmp(const void *a, const void *b)
{
    const doc_person *x = a, *y = b;
    if (x->len != y->len) return x->len < y->len ? -1 : 1;
    return memcmp(x->s, y->s, x->len);
}

/* The person of persons (n, sorted) named s[0..len), or NULL. */
static const doc_person *find_person(const doc_person *persons, size_t n, const char *s, size_t len)
{
    doc_person key = {s, len, 0, 0};
    return bsearch(&key, persons, n, sizeof *persons, doc_person_cmp);
}

/* Are bytes a..z of the text one or two Chinese characters, none of
 * transliterations when translit is 0? (A foreign name the tagger cut
 * short, 欣嘉 of 欣嘉桑, is no person with a word glued on.) */
static int one_or_two_han(const char *t, size_t a, size_t z, int translit)
{
    size_t n = 0;
    for (size_t i = a; i < z; n++) {
        uint32_t c = eg__utf8_decode(t, z, &i, NULL);
        if (n == 2 || !eg_text_is_han(c) || (!translit && eg__is_translit(c))) return 0;
    }
    return n >= 1;
}

/* Is t[0..len) a surname, of one character or a compound of two? */
static int starts_with_surname(const char *t, size_t len)
{
    size_t i = 0;
    uint32_t a = eg__utf8_decode(t, len, &i, NULL);
    if (i == len) return eg__is_surname(a);
    uint32_t b = eg__utf8_decode(t, len, &i, NULL);
    return i == len && eg__is_compound_surname(a, b);
}

eg_status eg__trim_glued_people(eg_extractor *x, eg__spans *sp)
{
    const char *t = x->nt.s;
    size_t nd = eg_dict_count(x->dict), guesses = 0, n = 0;
    for (size_t k = 0; k < sp->n; k++)
        guesses += (sp->v[k].rule == EG_RULE_MODEL_PER || sp->v[k].rule == EG_RULE_REPEAT) && sp->v[k].entity >= nd;
    if (!guesses || sp->n < 2) return EG_OK;
    doc_person *persons = malloc(sp->n * sizeof *persons);
    if (!persons) return EG_ENOMEM;
    for (size_t k = 0; k < sp->n; k++) {
        const eg__span *s = &sp->v[k];
        const char *type = span_type(x, s);
        if (type && !strcmp(type, "PER") && eg__utf8_count(t + s->start, s->end - s->start) >= 2)
            persons[n++] = (doc_person){t + s->start, s->end - s->start, s->entity, 0};
    }
    if (n > 1) qsort(persons, n, sizeof *persons, doc_person_cmp);
    for (size_t i = 0, j; i < n; i = j) {
        for (j = i; j < n && !doc_person_cmp(&persons[i], &persons[j]);) j++;
        for (size_t m = i; m < j; m++) persons[m].count = j - i;
    }
    for (size_t k = 0; n > 1 && k < sp->n; k++) {
        eg__span *s = &sp->v[k];
        if ((s->rule != EG_RULE_MODEL_PER && s->rule != EG_RULE_REPEAT) || s->entity < nd) continue;
        const char *type = span_type(x, s);
        if (!type || strcmp(type, "PER")) continue;
        /* the name without one, then two characters at its end, then at its start */
        const doc_person *p = NULL;
        size_t a = s->start, z = s->end;
        for (int side = 0; side < 2 && !p; side++) {
            size_t cut = side ? s->start : s->end;
            for (int drop = 0; drop < 2 && !p; drop++) {
                if (side) eg__utf8_decode(t, s->end, &cut, NULL);
                else cut = eg__utf8_prev(t, s->start, cut);
                a = side ? cut : s->start;
                z = side ? s->end : cut;
                if (z - a < 2 || !one_or_two_han(t, side ? s->start : z, side ? a : s->end, side)) break;
                p = find_person(persons, n, t + a, z - a);
            }
        }
        /* the shorter name is the document's: named at least as often;
         * and a surname before a given name is a full name (刘|嘉玲) */
        const doc_person *self = find_person(persons, n, t + s->start, s->end - s->start);
        if (!p || p->entity == s->entity || (self && self->count > p->count)) continue;
        if (a > s->start && starts_with_surname(t + s->start, a - s->start)) continue;
        if (x->explain) eg__explain(x, s, EG_EXPLAIN_GLUED, eg_extractor_entity(x, p->entity)->name);
        s->start = a;
        s->end = z;
        s->entity = p->entity;
    }
    free(persons);
    return EG_OK;
}

/* ---- a foreign-looking name that ends with a common word --------------------
 *
 * Characters of transliterations also spell common words (基金, 比赛,
 * 思考, 考察), and a run of them before a title or a verb reads as a foreign
 * name (债基基金经理: 基基金; 国泰基金表示: 泰基金). In labelled news no
 * foreign name of three characters or more ends with such a word (jieba
 * frequency of at least EG__LEX_F_CROSS): a person found by a rule or the
 * tagger whose characters are all of transliterations and whose last two
 * make one is dropped. (Its first two may: 罗马里奥.) */

/* Is the name t[a..z) three or more characters of transliterations whose
 * last two are a common word? */
static int foreign_word_tail(const eg_extractor *x, size_t a, size_t z)
{
    const char *t = x->nt.s;
    size_t n = 0, last2 = a, last1 = a;
    for (size_t i = a; i < z; n++) {
        last2 = last1;
        last1 = i;
        if (!eg__is_translit(eg__utf8_decode(t, z, &i, NULL))) return 0;
    }
    return n >= 3 && eg__lexicon_freq(x->lexicon, t + last2, z - last2) >= EG__LEX_F_CROSS;
}

void eg__drop_foreign_word_tails(eg_extractor *x, eg__spans *sp)
{
    size_t nd = eg_dict_count(x->dict);
    if (!x->lexicon) return;
    for (size_t k = 0; k < sp->n; k++) {
        eg__span *s = &sp->v[k];
        if (s->rule == EG_RULE_NONE || s->rule == EG_RULE_COUNT || s->entity < nd) continue;
        const char *type = span_type(x, s);
        if (!type || strcmp(type, "PER") || !foreign_word_tail(x, s->start, s->end)) continue;
        if (x->explain) eg__explain(x, s, EG_EXPLAIN_WORDS, NULL);
        s->rule = EG_RULE_COUNT; /* dropped */
    }
}

/* ---- a surname and a common word ---------------------------------------------
 *
 * A surname before a common word is often someone named by the surname
 * alone, then a verb (小王抱怨说: 小王 complained), or a rare surname that
 * is a word's first character after a word that looks like a title
 * (专家相结合, 企业家尚处在, 记者相握), or a word's character before a form
 * of address (的班主任, 宋和平副局长). Dropped, after the tagger:
 * - a surname with a form of address (rule title, one character) whose
 *   form makes a word with it, or that ends a common word begun before it
 *   (address_in_word);
 * - a person the tagger alone proposed (or its repeat), a surname and two
 *   characters that are a word of the lexicon (EG__LEX_RARE or more, no
 *   name), right after 小 or 老 (in the labelled sets no person of three
 *   characters with such a given name follows them);
 * - with the tagger, a person the title rule found that the tagger did
 *   not label (margin 0), of a surname not among the most common and one
 *   or two characters that are a common word (EG__LEX_F_CROSS or more, no
 *   name). (Without the tagger the test is not made: 薛明, 黎兵, 江建国
 *   after a title are names.) */

/* Is t[a..z) a word of the lexicon at least f frequent, and no name? */
static int lexicon_word(const eg_extractor *x, size_t a, size_t z, double f)
{
    const char *t = x->nt.s;
    return !eg__lexicon_is_name(x->lexicon, t + a, z - a) && eg__lexicon_freq(x->lexicon, t + a, z - a) >= f;
}

/* Does a word of the lexicon (EG__LEX_RARE or more, no name) of up to
 * four characters start at byte a and end after byte to? */
static int word_past(const eg_extractor *x, size_t a, size_t to)
{
    const char *t = x->nt.s;
    size_t q = a;
    for (int n = 1; n <= 4 && q < x->nt.len; n++) {
        if (!eg__is_han(eg__utf8_decode(t, x->nt.len, &q, NULL))) return 0;
        if (q > to && n >= 2 && lexicon_word(x, a, q, EG__LEX_RARE)) return 1;
    }
    return 0;
}

/* Does a word of the lexicon (EG__LEX_RARE or more, no name) of up to
 * four characters end at byte z and start before byte from? */
static int word_before(const eg_extractor *x, size_t from, size_t z)
{
    size_t a = from;
    for (int n = 0; n < 3 && a > 0; n++) {
        a = eg__utf8_prev(x->nt.s, 0, a);
        if (lexicon_word(x, a, z, EG__LEX_RARE)) return 1;
    }
    return 0;
}

/* Is the surname s (one character, a form of address after it) a word's
 * character rather than a name: its form of address makes a common word
 * with it, at least EG__LEX_F_CROSS_PLACE frequent (的[班]主任: 班主任, 526;
 * 江主席, 58, is a form of address), or it ends a common word begun before it
 * (宋和[平]副局长: 和平); or a word takes the honorific or the form from it
 * (养老[王], 深山老[林], 森[林]老虎, 上[海]某报: the honorific rules find
 * 老X and X老 after any character, recognize_people.c)? */
static int address_in_word(const eg_extractor *x, const eg__span *s)
{
    const char *t = x->nt.s;
    size_t from, to;
    eg__address_extent(t, x->nt.len, s->start, s->end, &from, &to);
    if (to > s->end && lexicon_word(x, s->start, to, EG__LEX_F_CROSS_PLACE)) return 1;
    /* a word goes on past the form of address, from the surname or from a
     * form of one character (王老吉; 张建林老人: 老人, 某些, 老百姓; not
     * 长期 of 王局长期待) */
    if (to > s->end && (word_past(x, s->start, to) || (eg__utf8_prev(t, s->end, to) == s->end && word_past(x, s->end, to))))
        return 1;
    /* a word begun before the honorific ends with it or with the surname
     * (养老|王, 深山老林) */
    if (from < s->start && (word_before(x, from, s->start) || word_before(x, from, s->end))) return 1;
    return s->start > 0 && lexicon_word(x, eg__utf8_prev(t, 0, s->start), s->end, EG__LEX_F_CROSS);
}

/* Is s (n characters, the first a surname at byte s->start, the given
 * part from byte g) a surname and a common word, by the tests above? */
static int surname_word(const eg_extractor *x, const eg__span *s, size_t n, size_t g)
{
    const char *t = x->nt.s;
    size_t i = s->start;
    uint32_t c = eg__utf8_decode(t, s->end, &i, NULL);
    if (n == 1) return s->rule == EG_RULE_TITLE && address_in_word(x, s);
    if ((s->rule == EG_RULE_MODEL_PER || s->rule == EG_RULE_REPEAT) && n == 3 && s->start > 0) {
        size_t q = eg__utf8_prev(t, 0, s->start);
        uint32_t before = eg__utf8_decode(t, s->start, &q, NULL);
        if ((before == 0x5C0F /* 小 */ || before == 0x8001 /* 老 */) && lexicon_word(x, g, s->end, EG__LEX_RARE))
            return 1;
    }
    return x->tagger && s->rule == EG_RULE_TITLE && s->margin == 0 && !eg__is_common_surname(c) &&
           lexicon_word(x, g, s->end, EG__LEX_F_CROSS);
}

void eg__drop_surname_words(eg_extractor *x, eg__spans *sp)
{
    const char *t = x->nt.s;
    size_t nd = eg_dict_count(x->dict);
    if (!x->lexicon) return;
    for (size_t k = 0; k < sp->n; k++) {
        eg__span *s = &sp->v[k];
        int guess = s->rule == EG_RULE_MODEL_PER || s->rule == EG_RULE_REPEAT;
        if ((!guess && s->rule != EG_RULE_TITLE) || s->entity < nd) continue;
        const char *type = span_type(x, s);
        if (!type || strcmp(type, "PER")) continue;
        size_t g = s->start, n = eg__utf8_count(t + s->start, s->end - s->start);
        if (n > 3 || !eg__is_surname(eg__utf8_decode(t, s->end, &g, NULL)) || !surname_word(x, s, n, g)) continue;
        if (x->explain) eg__explain(x, s, EG_EXPLAIN_WORDS, NULL);
        s->rule = EG_RULE_COUNT; /* dropped */
    }
}
