/* The UTF-8 codec (utf8.h). */
#include "utf8.h"

#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* Maximal-subpart decoding, as Unicode recommends and as Python's
 * errors="replace" does, so that offsets agree with other readers. */
size_t eg__utf8_next(const unsigned char *s, size_t n, uint32_t *cp)
{
    unsigned char c = s[0];
    size_t len;
    uint32_t v;
    unsigned char lo = 0x80, hi = 0xBF; /* valid range of the second byte */
    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    if (c >= 0xC2 && c <= 0xDF) {
        len = 2;
        v = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
        len = 3;
        v = c & 0x0F;
        if (c == 0xE0) lo = 0xA0;      /* no overlong forms */
        else if (c == 0xED) hi = 0x9F; /* no surrogates */
    } else if (c >= 0xF0 && c <= 0xF4) {
        len = 4;
        v = c & 0x07;
        if (c == 0xF0) lo = 0x90;
        else if (c == 0xF4) hi = 0x8F; /* nothing above U+10FFFF */
    } else {
        *cp = 0xFFFD;
        return 1;
    }
    for (size_t i = 1; i < len; i++) {
        unsigned char b = i < n ? s[i] : 0;
        if (i == 1 ? (b < lo || b > hi) : (b < 0x80 || b > 0xBF)) {
            *cp = 0xFFFD;
            return i; /* the maximal subpart seen so far */
        }
        v = (v << 6) | (b & 0x3F);
    }
    *cp = v;
    return len;
}

int eg__utf8_valid(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t n = strlen(s);
    while (n) {
        /* ASCII and three-byte sequences without the lead bytes' special
         * cases (E0, ED), nearly all of Chinese text, at a glance */
        if (*p < 0x80) {
            p++;
            n--;
            continue;
        }
        if (eg__utf8_plain3(p, n)) {
            p += 3;
            n -= 3;
            continue;
        }
        uint32_t cp;
        size_t k = eg__utf8_next(p, n, &cp);
        if (eg__utf8_was_bad(p, k, cp)) return 0;
        p += k;
        n -= k;
    }
    return 1;
}

char *eg__utf8_repair(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t n = strlen(s), size, o = 0;
    /* each bad byte becomes at most 3 bytes */
    if (eg__mul_overflow(n, 3, &size) || eg__add_overflow(size, 1, &size)) return NULL;
    char *out = malloc(size);
    if (!out) return NULL;
    while (n) {
        uint32_t cp;
        size_t k = eg__utf8_next(p, n, &cp);
        if (cp == 0xFFFD) {
            memcpy(out + o, "\xEF\xBF\xBD", 3);
            o += 3;
        } else {
            memcpy(out + o, p, k);
            o += k;
        }
        p += k;
        n -= k;
    }
    out[o] = '\0';
    return out;
}

uint32_t eg__utf8_decode_slow(const char *s, size_t len, size_t *i, int *bad)
{
    const unsigned char *p = (const unsigned char *)s + *i;
    uint32_t cp;
    size_t k = eg__utf8_next(p, len - *i, &cp);
    if (bad && eg__utf8_was_bad(p, k, cp)) *bad = 1;
    *i += k;
    return cp;
}

size_t eg__utf8_put(uint32_t c, char *out)
{
    unsigned char *o = (unsigned char *)out;
    if (c < 0x80) { o[0] = (unsigned char)c; return 1; }
    if (c < 0x800) { o[0] = (unsigned char)(0xC0 | (c >> 6)); o[1] = (unsigned char)(0x80 | (c & 0x3F)); return 2; }
    if (c < 0x10000) {
        o[0] = (unsigned char)(0xE0 | (c >> 12));
        o[1] = (unsigned char)(0x80 | ((c >> 6) & 0x3F));
        o[2] = (unsigned char)(0x80 | (c & 0x3F));
        return 3;
    }
    o[0] = (unsigned char)(0xF0 | (c >> 18));
    o[1] = (unsigned char)(0x80 | ((c >> 12) & 0x3F));
    o[2] = (unsigned char)(0x80 | ((c >> 6) & 0x3F));
    o[3] = (unsigned char)(0x80 | (c & 0x3F));
    return 4;
}

size_t eg__utf8_count(const char *s, size_t len)
{
    size_t i = 0, n = 0;
    while (i < len) {
        eg__utf8_decode(s, len, &i, NULL);
        n++;
    }
    return n;
}
