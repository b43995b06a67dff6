/* The one UTF-8 codec (library-internal; utf8.c owns it).
 *
 * Every reading of UTF-8 in the library follows one rule: an ill-formed
 * sequence becomes one U+FFFD per maximal subpart, as Unicode recommends
 * and Python's errors="replace" does, so that code-point offsets agree
 * with other readers (the eval scorer among them). Two call shapes, one
 * decoder: eg__utf8_next() (bytes and a count, returns the length) and
 * eg__utf8_decode() (an index it advances, returns the code point), which
 * is eg__utf8_next() behind an inline fast path. A fast path of a caller's
 * own uses eg__utf8_plain3() / eg__utf8_is_cont(), not copies of them.
 */
#ifndef ENTGRAPH_UTF8_H
#define ENTGRAPH_UTF8_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* Decodes the code point at s[0..n) (n >= 1) into *cp and returns the number
 * of bytes it takes (>= 1). An ill-formed sequence yields U+FFFD and consumes
 * its maximal subpart, one replacement per subpart as Unicode recommends. */
size_t eg__utf8_next(const unsigned char *s, size_t n, uint32_t *cp);

/* Whether the k bytes at p that eg__utf8_next() read as cp were ill-formed:
 * a U+FFFD it made, not one written in the text. */
static inline int eg__utf8_was_bad(const unsigned char *p, size_t k, uint32_t cp)
{
    return cp == 0xFFFD && !(k == 3 && p[0] == 0xEF && p[1] == 0xBF && p[2] == 0xBD);
}

/* Whether b continues a sequence (10xxxxxx): not the start of a character. */
static inline int eg__utf8_is_cont(unsigned char b) { return (b & 0xC0) == 0x80; }

/* The start of the code point before byte p of s, going back no further
 * than byte lo (lo < p). */
static inline size_t eg__utf8_prev(const char *s, size_t lo, size_t p)
{
    p--;
    while (p > lo && eg__utf8_is_cont((unsigned char)s[p])) p--;
    return p;
}

/* The bytes of s[0..n) that are no continuation byte: the number of code
 * points when s is well-formed (for ill-formed text eg__utf8_count counts
 * as the decoder reads). Eight bytes at a time (continuation bytes are
 * 10xxxxxx: bit 7 set and bit 6 clear); the flags, one per byte, are
 * summed into the top byte by a multiplication (__builtin_popcountll is a
 * call into libgcc without -mpopcnt: 20 instructions where this takes 3). */
static inline size_t eg__utf8_lead_bytes(const char *s, size_t n)
{
    size_t count = 0, i = 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t w;
        memcpy(&w, s + i, 8);
        uint64_t cont = w & ~(w << 1) & 0x8080808080808080ull;
        count += 8 - (size_t)((cont >> 7) * 0x0101010101010101ull >> 56);
    }
    for (; i < n; i++) count += !eg__utf8_is_cont((unsigned char)s[i]);
    return count;
}

/* Whether p[0..n) starts with a three-byte sequence whose lead byte admits
 * every continuation byte (E1..EC, EE, EF: no overlong or surrogate forms
 * to rule out), and two continuation bytes: well-formed without decoding.
 * Nearly all of Chinese text. */
static inline int eg__utf8_plain3(const unsigned char *p, size_t n)
{
    return n >= 3 && p[0] >= 0xE1 && p[0] <= 0xEF && p[0] != 0xED && eg__utf8_is_cont(p[1]) &&
           eg__utf8_is_cont(p[2]);
}

/* Decodes one UTF-8 code point at s[*i] (i < len), advancing *i. An
 * ill-formed sequence yields one U+FFFD per maximal subpart (eg__utf8_next)
 * and sets *bad to 1 (when bad is non-NULL). */
uint32_t eg__utf8_decode_slow(const char *s, size_t len, size_t *i, int *bad);
/* (Inline: ASCII and the three-byte sequences eg__utf8_plain3 admits,
 * nearly all of Chinese text, are decoded here, with no range to check
 * after decoding; the rest, E0 and ED leads among them, by
 * eg__utf8_decode_slow.) */
static inline uint32_t eg__utf8_decode(const char *s, size_t len, size_t *i, int *bad)
{
    const unsigned char *p = (const unsigned char *)s + *i;
    if (p[0] < 0x80) {
        (*i)++;
        return p[0];
    }
    if (eg__utf8_plain3(p, len - *i)) {
        *i += 3;
        return ((uint32_t)(p[0] & 0x0F) << 12) | ((uint32_t)(p[1] & 0x3F) << 6) | (p[2] & 0x3F);
    }
    return eg__utf8_decode_slow(s, len, i, bad);
}

/* Encodes c into out (at least 4 bytes); returns the byte count. */
size_t eg__utf8_put(uint32_t c, char *out);
/* Number of code points in s[0..len) under eg__utf8_decode's rules. */
size_t eg__utf8_count(const char *s, size_t len);

/* Whether s is well-formed UTF-8. */
int eg__utf8_valid(const char *s);
/* A malloc'd copy of s with every ill-formed UTF-8 sequence replaced by
 * U+FFFD, or NULL when out of memory. */
char *eg__utf8_repair(const char *s);

#endif
