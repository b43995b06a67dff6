/* The growable byte buffer and its escapers (buf.h). */
#include "buf.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "utf8.h"

eg_status eg__buf_reserve(eg__buf *b, size_t extra)
{
    size_t need;
    if (b->failed) return EG_ENOMEM;
    /* room for the bytes and the NUL after them */
    if (eg__add_overflow(b->len, extra, &need) || eg__add_overflow(need, 1, &need)) goto fail;
    if (need <= b->cap) return EG_OK;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < need) {
        if (cap > (size_t)-1 / 2) {
            cap = need;
            break;
        }
        cap *= 2;
    }
    char *p = realloc(b->data, cap);
    if (!p) goto fail;
    b->data = p;
    b->cap = cap;
    p[b->len] = '\0';
    return EG_OK;
fail:
    b->failed = 1;
    return EG_ENOMEM;
}

eg_status eg__buf_append(eg__buf *b, const void *p, size_t n)
{
    if (eg__buf_reserve(b, n)) return EG_ENOMEM;
    if (n) memcpy(b->data + b->len, p, n);
    b->len += n;
    b->data[b->len] = '\0';
    return EG_OK;
}

eg_status eg__buf_puts(eg__buf *b, const char *s) { return eg__buf_append(b, s, strlen(s)); }

eg_status eg__buf_putc(eg__buf *b, char c) { return eg__buf_append(b, &c, 1); }

eg_status eg__buf_vprintf(eg__buf *b, const char *fmt, va_list ap)
{
    va_list again;
    char small[256];
    if (b->failed) return EG_ENOMEM;
    va_copy(again, ap);
    int n = vsnprintf(small, sizeof small, fmt, ap);
    if (n < 0) {
        va_end(again);
        b->failed = 1;
        return EG_EINVAL;
    }
    eg_status st;
    if ((size_t)n < sizeof small) {
        st = eg__buf_append(b, small, (size_t)n);
    } else if (!(st = eg__buf_reserve(b, (size_t)n))) {
        vsnprintf(b->data + b->len, (size_t)n + 1, fmt, again);
        b->len += (size_t)n;
    }
    va_end(again);
    return st;
}

eg_status eg__buf_printf(eg__buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    eg_status st = eg__buf_vprintf(b, fmt, ap);
    va_end(ap);
    return st;
}

void eg__buf_reset(eg__buf *b)
{
    b->len = 0;
    b->failed = 0;
    if (b->cap) b->data[0] = '\0';
}

void eg__buf_free(eg__buf *b)
{
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
    b->failed = 0;
}

char *eg__buf_steal(eg__buf *b, size_t *len)
{
    if (b->failed || (!b->cap && eg__buf_reserve(b, 0))) {
        eg__buf_free(b);
        if (len) *len = 0;
        return NULL;
    }
    char *s = b->data;
    if (len) *len = b->len;
    b->data = NULL;
    b->len = b->cap = 0;
    return s;
}

eg_status eg__buf_write(eg__buf *b, FILE *fp)
{
    if (b->failed) return EG_ENOMEM;
    size_t n = b->len;
    int short_write = n && fwrite(b->data, 1, n, fp) != n;
    eg__buf_reset(b);
    return short_write ? EG_EIO : EG_OK;
}

/* ---- escapers ---------------------------------------------------------- */

/* The worst case of every escaper: 6 bytes an input byte ("\u00xx",
 * "&quot;", U+FFFD for one bad byte is 3), plus the quotes. */
static eg_status reserve_escaped(eg__buf *b, size_t len)
{
    size_t need;
    if (eg__mul_overflow(len, 6, &need) || eg__add_overflow(need, 2, &need)) {
        b->failed = 1;
        return EG_ENOMEM;
    }
    return eg__buf_reserve(b, need);
}

static char *put_u4(char *o, uint32_t c)
{
    static const char hex[] = "0123456789abcdef";
    memcpy(o, "\\u", 2);
    o[2] = hex[(c >> 12) & 15];
    o[3] = hex[(c >> 8) & 15];
    o[4] = hex[(c >> 4) & 15];
    o[5] = hex[c & 15];
    return o + 6;
}

eg_status eg__buf_json_string(eg__buf *b, const char *s, size_t len, unsigned flags)
{
    if (reserve_escaped(b, len)) return EG_ENOMEM;
    const unsigned char *p = (const unsigned char *)s, *end = p + len;
    const int html = (flags & EG__JSON_HTML) != 0;
    char *o = b->data + b->len;
    *o++ = '"';
    while (p < end) {
        unsigned char c = *p;
        /* the common bytes, copied as they are: printable ASCII but the
         * ones to escape, and three-byte sequences well-formed at a glance
         * (but E2, which starts U+2028 and U+2029, in the HTML flavour) */
        if (c >= 0x20 && c < 0x7F && c != '"' && c != '\\' &&
            !(html && (c == '<' || c == '>' || c == '&'))) {
            *o++ = (char)c;
            p++;
            continue;
        }
        if (eg__utf8_plain3(p, (size_t)(end - p)) && !(html && c == 0xE2)) {
            memcpy(o, p, 3);
            o += 3;
            p += 3;
            continue;
        }
        uint32_t cp;
        size_t k = eg__utf8_next(p, (size_t)(end - p), &cp);
        int bad = eg__utf8_was_bad(p, k, cp);
        if (cp == '"' || cp == '\\') {
            *o++ = '\\';
            *o++ = (char)cp;
        } else if (cp == '\n') {
            memcpy(o, "\\n", 2), o += 2;
        } else if (cp == '\t') {
            memcpy(o, "\\t", 2), o += 2;
        } else if (cp == '\r' && (flags & EG__JSON_SHORT_CR)) {
            memcpy(o, "\\r", 2), o += 2;
        } else if (cp == '\b' && (flags & EG__JSON_SHORT_BF)) {
            memcpy(o, "\\b", 2), o += 2;
        } else if (cp == '\f' && (flags & EG__JSON_SHORT_BF)) {
            memcpy(o, "\\f", 2), o += 2;
        } else if (cp < 0x20 || (cp == 0x7F && (flags & EG__JSON_ESC_DEL)) ||
                   (html && (cp == '<' || cp == '>' || cp == '&' || cp == 0x2028 || cp == 0x2029))) {
            o = put_u4(o, cp);
        } else if (bad) {
            memcpy(o, "\xEF\xBF\xBD", 3), o += 3;
        } else {
            memcpy(o, p, k), o += k;
        }
        p += k;
    }
    *o++ = '"';
    b->len = (size_t)(o - b->data);
    b->data[b->len] = '\0';
    return EG_OK;
}

static int xml_drops(uint32_t cp) { return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F); }

/* XML text (markup as entities) or comment text (a run of '-' as one). */
static eg_status xml_escape(eg__buf *b, const char *s, size_t len, int comment)
{
    if (reserve_escaped(b, len)) return EG_ENOMEM;
    const unsigned char *p = (const unsigned char *)s, *end = p + len;
    char *o = b->data + b->len;
    uint32_t prev = 0; /* the last character written as it is */
    while (p < end) {
        uint32_t cp = *p;
        size_t k = cp < 0x80 ? 1 : eg__utf8_next(p, (size_t)(end - p), &cp);
        const char *entity = comment     ? NULL
                             : cp == '&' ? "&amp;"
                             : cp == '<' ? "&lt;"
                             : cp == '>' ? "&gt;"
                             : cp == '"' ? "&quot;"
                                         : NULL;
        if (xml_drops(cp) || (comment && cp == '-' && prev == '-')) {
            /* dropped */
        } else if (entity) {
            size_t n = strlen(entity);
            memcpy(o, entity, n), o += n;
        } else if (cp == 0xFFFD || cp == 0xFFFE || cp == 0xFFFF) {
            memcpy(o, "\xEF\xBF\xBD", 3), o += 3;
        } else {
            memcpy(o, p, k), o += k;
            prev = cp;
        }
        p += k;
    }
    b->len = (size_t)(o - b->data);
    b->data[b->len] = '\0';
    return EG_OK;
}

eg_status eg__buf_xml_text(eg__buf *b, const char *s, size_t len) { return xml_escape(b, s, len, 0); }

eg_status eg__buf_xml_comment(eg__buf *b, const char *s, size_t len) { return xml_escape(b, s, len, 1); }
