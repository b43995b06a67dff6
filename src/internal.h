/* Library-internal helpers (eg__ prefix): not installed, not exported. */
#ifndef ENTGRAPH_INTERNAL_H
#define ENTGRAPH_INTERNAL_H

#include <stdarg.h>
#include <stdio.h>

#include "entgraph/status.h"

#if defined(__GNUC__)
#define EG__PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define EG__PRINTF(a, b)
#endif

/* Fills err (when non-NULL) and returns st, so that callers can write
 * `return eg__error(err, EG_EIO, path, 0, 0, "cannot open: %s", strerror(e));`.
 * path may be NULL; line/column 0 mean "no position". */
eg_status eg__error(eg_error *err, eg_status st, const char *path, long line,
                    long column, const char *fmt, ...) EG__PRINTF(6, 7);

/* Atomic output: eg__atomic_open() creates "PATH.tmp-XXXXXX" beside path and
 * returns it open for writing; eg__atomic_commit() flushes, fsyncs, closes and
 * renames it onto path; eg__atomic_abort() closes and removes it. Exactly one
 * of commit/abort must follow a successful open. */
typedef struct eg__atomic {
    FILE *fp;
    char *tmp_path;
    char *path;
} eg__atomic;

eg_status eg__atomic_open(eg__atomic *a, const char *path, eg_error *err);
eg_status eg__atomic_commit(eg__atomic *a, eg_error *err);
void eg__atomic_abort(eg__atomic *a);

/* Overflow-checked size arithmetic: return 0 and set *out, or 1 on overflow. */
static inline int eg__mul_overflow(size_t a, size_t b, size_t *out)
{
    if (b && a > (size_t)-1 / b) return 1;
    *out = a * b;
    return 0;
}
static inline int eg__add_overflow(size_t a, size_t b, size_t *out)
{
    if (a > (size_t)-1 - b) return 1;
    *out = a + b;
    return 0;
}

/* UTF-8 helpers (util.c). */

/* Decodes the code point at s[0..n) (n >= 1) into *cp and returns the number
 * of bytes it takes (>= 1). An ill-formed sequence yields U+FFFD and consumes
 * its maximal subpart, one replacement per subpart as Unicode recommends. */
size_t eg__utf8_next(const unsigned char *s, size_t n, uint32_t *cp);

/* A malloc'd copy of s with every ill-formed UTF-8 sequence replaced by
 * U+FFFD, or NULL when out of memory. */
char *eg__utf8_repair(const char *s);

/* Whether s is well-formed UTF-8. */
int eg__utf8_valid(const char *s);

/* Number formatting shared by the exporters (export_graphml.c). */

/* Formats a finite d into buf as the shortest of %.15g, %.16g and %.17g that
 * reads back as d, with ".0" added when it would look like an integer, so
 * output is the same on every run. Non-finite values give "NaN", "INF" and
 * "-INF" (xs:double spellings); JSON callers test isfinite() first. */
#define EG__DOUBLE_BUFSIZE 40
void eg__format_double(char *buf, double d);

#endif
