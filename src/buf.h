/* One growable byte buffer, and the JSON and XML escapers that write into
 * it (library-internal; buf.c owns them).
 *
 * The buffer is the one place that grows memory for text being built:
 * no (buf, used, cap) triple by hand. Growth failing never aborts: the
 * buffer remembers it (failed), every later append does nothing, and the
 * caller asks once at the end (eg__buf_status), or tests each append's
 * status, whichever reads better. After a growing append, a pointer into
 * data taken before it is dead (data may move).
 *
 * A buffer can also carry output to a file a piece at a time: append,
 * then eg__buf_write() when len passes a threshold of the caller's.
 */
#ifndef ENTGRAPH_BUF_H
#define ENTGRAPH_BUF_H

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>

#include "entgraph/status.h"

/* data[0..len) are the bytes; while cap > 0, data[len] is a NUL, so data
 * is a C string when no NUL was appended. Zero-initialise (EG__BUF_INIT)
 * before use; eg__buf_free() releases. */
typedef struct eg__buf {
    char *data;
    size_t len, cap;
    int failed; /* an allocation failed: appends are ignored until reset */
} eg__buf;

#define EG__BUF_INIT {NULL, 0, 0, 0}

/* Makes room for extra more bytes (and the NUL after them), growing cap
 * geometrically; data may move. EG_OK, or EG_ENOMEM (also when the size
 * overflows, or the buffer had failed before), setting failed. */
eg_status eg__buf_reserve(eg__buf *b, size_t extra);

/* Appends p[0..n) / the C string s / the byte c. EG_OK or EG_ENOMEM (and
 * the buffer is marked failed; what was there stays). */
eg_status eg__buf_append(eg__buf *b, const void *p, size_t n);
eg_status eg__buf_puts(eg__buf *b, const char *s);
eg_status eg__buf_putc(eg__buf *b, char c);
/* Appends what printf(fmt, ...) prints. EG_ENOMEM; EG_EINVAL when the
 * format fails (vsnprintf < 0), which marks the buffer failed too. */
eg_status eg__buf_printf(eg__buf *b, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
eg_status eg__buf_vprintf(eg__buf *b, const char *fmt, va_list ap);

/* EG_ENOMEM when an append failed since the last reset, else EG_OK. */
static inline eg_status eg__buf_status(const eg__buf *b) { return b->failed ? EG_ENOMEM : EG_OK; }

/* Empties the buffer (len = 0, failed cleared), keeping its memory. */
void eg__buf_reset(eg__buf *b);
/* Releases the memory; the buffer is empty and usable again. */
void eg__buf_free(eg__buf *b);
/* Hands the bytes over as a NUL-terminated malloc'd string (free() it),
 * *len (when len is non-NULL) set to the byte count, and leaves the buffer
 * empty. NULL when the buffer had failed (its memory freed) or when an
 * empty buffer cannot get the byte for its NUL. */
char *eg__buf_steal(eg__buf *b, size_t *len);

/* Writes data[0..len) to fp and empties the buffer (keeping its memory).
 * EG_ENOMEM when the buffer had failed (nothing written), EG_EIO when
 * fwrite came up short (fp's ferror says so too). */
eg_status eg__buf_write(eg__buf *b, FILE *fp);

/* ---- escapers ----------------------------------------------------------
 *
 * Each reads s[0..len) as UTF-8: an ill-formed sequence becomes one U+FFFD
 * per maximal subpart (eg__utf8_next), a U+FFFD written in the text stays.
 * The worst case is reserved once (6 output bytes an input byte), so a
 * failure leaves nothing of the string appended. EG_OK or EG_ENOMEM. */

/* What a JSON string escapes beyond '"', '\\', '\n', '\t' and the other
 * C0 controls (always: \u00xx, lower-case hex). The callers differed
 * before there was one escaper; each keeps its bytes by its flags. */
enum {
    EG__JSON_SHORT_BF = 1u << 0, /* \b and \f as such, not \u0008 \u000c */
    EG__JSON_SHORT_CR = 1u << 1, /* \r as such, not \u000d */
    EG__JSON_ESC_DEL = 1u << 2,  /* DEL as \u007f, not as it is */
    /* '<', '>', '&' as \u003c \u003e \u0026 and U+2028, U+2029 as \u2028
     * \u2029: the JSON can sit inside an HTML <script> element and no
     * string can end it (nor a line of older JavaScript) */
    EG__JSON_HTML = 1u << 3,
};
/* The graph's JSON files, as cJSON_PrintUnformatted escapes (graphio/json.c). */
#define EG__JSON_AS_CJSON (EG__JSON_SHORT_BF | EG__JSON_SHORT_CR)
/* Mentions JSONL (mentions.c). */
#define EG__JSON_AS_MENTIONS (EG__JSON_SHORT_CR | EG__JSON_ESC_DEL)
/* query --json (src/cli/cmd_query.c). */
#define EG__JSON_AS_QUERY 0u

/* Appends s[0..len) as a JSON string literal, quotes included. */
eg_status eg__buf_json_string(eg__buf *b, const char *s, size_t len, unsigned flags);

/* Appends s[0..len) as XML character data or an attribute value: '&', '<',
 * '>', '"' as entities; C0 controls (tab and newline too), DEL and C1
 * controls dropped; U+FFFE, U+FFFF (and ill-formed UTF-8) as U+FFFD. */
eg_status eg__buf_xml_text(eg__buf *b, const char *s, size_t len);
/* Appends s[0..len) as text inside <!-- -->: as eg__buf_xml_text() but
 * without entities, and a run of '-' shrinks to one ("--" may not stand
 * in a comment). */
eg_status eg__buf_xml_comment(eg__buf *b, const char *s, size_t len);

#endif
