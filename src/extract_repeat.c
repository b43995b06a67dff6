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

/* Pass 2: every occurrence of a name a rule found (names: the document's
 * names → entity) that overlaps no span becomes a repeat mention. The
 * result is that of searching each name in turn, in the map's slot order,
 * left to right and without overlapping itself, through each paragraph;
 * the paragraph is read once, looking names up by their first character
 * and their lengths instead of searching the text once per name. */
eg_status eg__find_repeats(eg_extractor *x, const eg__strmap *names, const size_t *par_bytes, size_t np,
                           const size_t *par_first_span)
{
    eg__spans *sp = &x->spans;
    /* filters: names of one code point by it (mod 2^16), longer names by a
     * hash of their first two, which also gives the longest such name, so
     * that a position is read no further than a name starting there can
     * reach; byte lengths below 512 */
    uint64_t single[1024], lens[8];
    repeat_hit *hits = NULL;
    size_t n_hits = 0, cap_hits = 0;
    eg_status st = EG_OK;
    /* each slot's key hash, compared before the bytes */
    uint64_t *key_hash = malloc(names->cap * sizeof *key_hash);
    /* the table of longest names by first two characters is kept all zero
     * between documents (clearing 128 KiB per document cost a fifth of the
     * extractor's time): the entries set here are cleared at the end */
    if (!x->pair_max) x->pair_max = calloc(1u << 16, sizeof *x->pair_max);
    uint16_t *pair_max = x->pair_max;
    if (!key_hash || !pair_max) {
        free(key_hash);
        return EG_ENOMEM;
    }
    memset(single, 0, sizeof single);
    memset(lens, 0, sizeof lens);
    for (size_t h = 0; h < names->cap; h++) {
        const char *name = names->keys[h];
        if (!name) continue;
        size_t nl = strlen(name), j = 0;
        key_hash[h] = eg__hash_bytes(name, nl);
        if (!nl) continue;
        uint32_t c = eg__utf8_decode(name, nl, &j, NULL);
        if (j == nl) {
            c &= 0xFFFF;
            single[c >> 6] |= 1ull << (c & 63);
        } else {
            uint32_t k = pair_hash(c, eg__utf8_decode(name, nl, &j, NULL));
            if (nl > pair_max[k]) pair_max[k] = nl < UINT16_MAX ? (uint16_t)nl : UINT16_MAX;
        }
        if (nl < 512) lens[nl >> 6] |= 1ull << (nl & 63);
    }
    for (size_t p = 0; !st && p < np; p++) {
        size_t b = par_bytes[p], e = par_bytes[p + 1], p2_first = sp->n;
        const char *t = x->nt.s;
        n_hits = 0;
        size_t j = b;
        uint32_t c = b < e ? eg__utf8_decode(t, e, &j, NULL) : 0;
        for (size_t i = b; i < e;) {
            size_t j2 = j;
            uint32_t c2 = j < e ? eg__utf8_decode(t, e, &j2, NULL) : UINT32_MAX;
            uint32_t c16 = c & 0xFFFF, k2 = pair_hash(c, c2);
            size_t most = single[c16 >> 6] >> (c16 & 63) & 1 ? j - i : 0; /* the name c */
            if (c2 != UINT32_MAX && pair_max[k2] > most) most = pair_max[k2];
            if (most) {
                if (most > e - i) most = e - i;
                uint64_t hash = EG__HASH_INIT; /* the map's hash, grown a byte at a time */
                for (size_t nl = 1; nl <= most; nl++) {
                    hash = eg__hash_step(hash, (unsigned char)t[i + nl - 1]);
                    if (nl < 512 && !(lens[nl >> 6] >> (nl & 63) & 1)) continue;
                    for (size_t k = hash & (names->cap - 1); names->keys[k]; k = (k + 1) & (names->cap - 1)) {
                        if (key_hash[k] != hash || strncmp(names->keys[k], t + i, nl) || names->keys[k][nl])
                            continue;
                        if (n_hits == cap_hits) {
                            size_t cap = cap_hits ? 2 * cap_hits : 64, bytes;
                            repeat_hit *v;
                            if (eg__mul_overflow(cap, sizeof *v, &bytes) || !(v = realloc(hits, bytes))) {
                                st = EG_ENOMEM;
                                goto done;
                            }
                            hits = v;
                            cap_hits = cap;
                        }
                        hits[n_hits++] = (repeat_hit){k, i};
                        break;
                    }
                }
            }
            i = j;
            j = j2;
            c = c2;
        }
        if (n_hits > 1) qsort(hits, n_hits, sizeof *hits, repeat_hit_cmp);
        for (size_t q = 0, at = b; q < n_hits; q++) {
            if (q && hits[q].slot != hits[q - 1].slot) at = b;
            size_t nl = strlen(names->keys[hits[q].slot]);
            size_t s0 = hits[q].pos, s1 = s0 + nl;
            if (s0 < at) continue;
            int overlaps = 0;
            for (size_t k = par_first_span[p]; k < par_first_span[p + 1]; k++)
                if (sp->v[k].start < s1 && s0 < sp->v[k].end) overlaps = 1;
            for (size_t k = p2_first; k < sp->n; k++)
                if (sp->v[k].start < s1 && s0 < sp->v[k].end) overlaps = 1;
            uint32_t ent = names->values[hits[q].slot];
            if (!overlaps && !strcmp(eg_extractor_entity(x, ent)->type, "PER") &&
                !eg__name_stands_alone(t + b, e - b, s0 - b, s1 - b))
                overlaps = 1; /* 高峰 the person is not in 高峰会议 */
            if (!overlaps && x->lexicon && !strcmp(eg_extractor_entity(x, ent)->type, "PER")) {
                /* nor where the words around it make it none: the name
                 * must be a word of the best path here, as in pass 1 */
                int r = eg__word_test_one(x, b, e, &(eg__span){s0, s1, EG_RULE_REPEAT, ent, 0});
                if (r < 0) {
                    st = EG_ENOMEM;
                    goto done;
                }
                overlaps = !r;
            }
            if (!overlaps) {
                if (eg__spans_push(sp, s0, s1, EG_RULE_REPEAT)) {
                    st = EG_ENOMEM;
                    goto done;
                }
                sp->v[sp->n - 1].entity = names->values[hits[q].slot];
            }
            at = s1;
        }
    }
done:
    for (size_t h = 0; h < names->cap; h++) {
        const char *name = names->keys[h];
        size_t nl = name ? strlen(name) : 0, j = 0;
        if (!nl) continue;
        uint32_t c = eg__utf8_decode(name, nl, &j, NULL);
        if (j < nl) pair_max[pair_hash(c, eg__utf8_decode(name, nl, &j, NULL))] = 0;
    }
    free(hits);
    free(key_hash);
    return st;
}
