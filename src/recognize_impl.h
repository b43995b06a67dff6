/* Library-internal: what the recognition rules (recognize_people.c,
 * recognize_places.c, recognize_abbr.c) share: their character sets and
 * word lists, generated from src/recognize_sets.txt by
 * scripts/gen_charsets.py, and the O(1) membership test over them. The
 * sets are constants (the small ones static in each file that includes
 * this header, the table's arrays once in recognize.c): two extractors in
 * two threads share them without any set-up. */
#ifndef ENTGRAPH_RECOGNIZE_IMPL_H
#define ENTGRAPH_RECOGNIZE_IMPL_H

#include <stdint.h>
#include <string.h>

#include "internal.h"
#include "recognize.h"
#include "util.h"

/* the sets and lists as C constants, then their table (whose two large
 * arrays recognize.c defines, once for all the rules) */
#include "recognize_words.inc"
#include "recognize_sets.inc"
extern const uint16_t eg__cset_index[][256];
extern const uint64_t eg__cset_words[][4];
/* the people rules' character mask (CMASK_NAME bits; recognize_people.c) */
extern const uint8_t eg__cmask_index[256];
extern const uint8_t eg__cmask_pages[][256];

/* Membership in a set of characters written as a UTF-8 string, for a
 * set the generated table lacks (one with a character beyond U+FFFF). The sets
 * are valid UTF-8, which is self-synchronising: the encoding of c occurs
 * in the string exactly when c is one of its characters. */
static inline int in_set_scan(const char *set, uint32_t c)
{
    char enc[5];
    if (c == 0 || c > 0x10FFFF) return 0;
    enc[eg__utf8_put(c, enc)] = 0;
    return strstr(set, enc) != NULL;
}

/* Is c in the generated set bit? Nothing beyond U+FFFF is in a table. */
static inline int cset_has(int bit, uint32_t c)
{
    return c < 0x10000 && (eg__cset_words[eg__cset_index[bit][c >> 8]][c >> 6 & 3] >> (c & 63) & 1);
}

/* The lookups below must be inlined where they are called: only there can
 * the compiler fold the comparisons with the sets to a constant. */
#if defined(__GNUC__)
#define CSET_INLINE static inline __attribute__((always_inline))
#else
#define CSET_INLINE static inline
#endif

/* The table bit of a set of characters or of the first (last) characters
 * of a word list, or -1; with a constant argument they fold to a constant. */
CSET_INLINE int cset_of(const char *set) { return CSET_OF(set); }
static inline int cset_first_of(const char *const *words) { return CSET_FIRST_OF(words); }
static inline int cset_last_of(const char *const *words) { return CSET_LAST_OF(words); }
/* The byte lengths of the words of a list, or NULL. */
static inline const uint8_t *cset_lens_of(const char *const *words) { return CSET_LENS_OF(words); }
/* The index of the words of a list by their last bytes (the generated
 * cset_tails_NAME: its key length, the bucket bounds, from CSET_TAIL_WORDS
 * on the word indices), or
 * NULL. */
static inline const uint16_t *cset_tails_of(const char *const *words) { return CSET_TAILS_OF(words); }
/* The same index by the words' first bytes (cset_heads_NAME), or NULL. */
static inline const uint16_t *cset_heads_of(const char *const *words) { return CSET_HEADS_OF(words); }

/* The bucket of cset_tails_NAME (cset_heads_NAME) of the n bytes at p
 * (gen_charsets.py's tail_hash). */
static inline unsigned cset_tail_hash(const char *p, size_t n)
{
    uint32_t h = 0;
    for (size_t i = 0; i < n; i++) h = (h ^ (unsigned char)p[i]) * 0x9E3779B1u;
    return h >> CSET_TAIL_SHIFT;
}

CSET_INLINE int in_set(const char *set, uint32_t c)
{
    int bit = cset_of(set);
    /* a set in the table holds no code point beyond U+FFFF */
    return bit >= 0 ? cset_has(bit, c) : in_set_scan(set, c);
}

/* word_len_at for a list whose first characters are table bit first (-1:
 * none), whose byte lengths are lens and whose index by the first bytes is
 * heads (NULL: none): only the words whose first bytes hash as the text's
 * at at are tried (the list's words one by one were some 400 instructions
 * a call for org_heads). */
static inline size_t words_len_at(const char *s, size_t len, size_t at, const char *const *words, int first,
                                  const uint8_t *lens, const uint16_t *heads)
{
    size_t best = 0;
    if (at >= len) return 0;
    if (first >= 0) {
        size_t j = at;
        uint32_t c = eg__utf8_decode(s, len, &j, NULL);
        if (c < 0x10000 && !cset_has(first, c)) return 0;
    }
    if (heads && lens) {
        if (len - at < heads[0]) return 0; /* every word is at least heads[0] bytes long */
        unsigned h = cset_tail_hash(s + at, heads[0]);
        for (const uint16_t *x = heads + CSET_TAIL_WORDS + heads[1 + h], *end = heads + CSET_TAIL_WORDS + heads[2 + h];
             x < end; x++) {
            size_t wl = lens[*x];
            if (wl > best && len - at >= wl && !memcmp(s + at, words[*x], wl)) best = wl;
        }
        return best;
    }
    for (const char *const *w = words; *w; w++) {
        const char *x = *w; /* the first two bytes rule most words out, cheaply */
        if (x[0] != s[at] || (x[1] && (at + 1 >= len || x[1] != s[at + 1]))) continue;
        size_t wl = lens ? lens[w - words] : strlen(x);
        if (wl > best && len - at >= wl && !memcmp(s + at, x, wl)) best = wl;
    }
    return best;
}

/* Length in bytes of the longest of words at s[at..len), or 0. Always
 * inline, so that the list's table bit and lengths fold to constants:
 * words_len_at is too long to be inlined, and there they were a chain
 * of some thirty comparisons each, at every call. */
CSET_INLINE size_t word_len_at(const char *s, size_t len, size_t at, const char *const *words)
{
    return words_len_at(s, len, at, words, cset_first_of(words), cset_lens_of(words), cset_heads_of(words));
}

/* The code point at s[at] and the offset after it. */
static inline uint32_t cp_at(const char *s, size_t len, size_t at, size_t *next)
{
    size_t i = at;
    uint32_t c = at < len ? eg__utf8_decode(s, len, &i, NULL) : 0;
    *next = i;
    return c;
}

#endif
