/* entgraph — document dates: the forms people and dumps write them in,
 * read into one form, "YYYY-MM-DD", which sorts as text and which Gephi's
 * timeline (GEXF timeformat="date") reads.
 */
#ifndef ENTGRAPH_DATE_H
#define ENTGRAPH_DATE_H

#include "common.h"

typedef enum eg_date_format {
    EG_DATE_AUTO = 0, /* the written forms below */
    EG_DATE_UNIX,     /* Unix seconds (a whole number, UTC) */
} eg_date_format;

/* Reads the date s[0..len) (not NUL-terminated; white space around it is
 * allowed) into out as "YYYY-MM-DD" and a NUL. EG_DATE_AUTO takes
 *   ISO 8601 dates and date-times: 2022-05-31, 2022-05-31T08:30,
 *     2022-05-31T08:30:00.123+08:00, 2022-05-31 08:30:00Z (the calendar
 *     date as written: a zone does not move it),
 *   YYYYMMDD (20220531), YYYY/MM/DD and YYYY.MM.DD (one-digit month and day
 *   allowed), YYYY-MM (the month's first day), 2022年5月31日 (digits ASCII
 *   or full-width; 2022年5月 for a month);
 * EG_DATE_UNIX takes whole seconds since 1970-01-01T00:00Z (negative
 * allowed). Years 1..9999, real days only (2023-02-29 is no date).
 * Returns 0, or -1 (out untouched) when s is none of these. Reads only
 * s[0..len); no allocation: safe on any bytes. */
EG_API int eg_date_parse(const char *s, size_t len, eg_date_format fmt, char out[11]);

/* Days since 1970-01-01 of a "YYYY-MM-DD" date (as eg_date_parse writes
 * it) into *days; 0, or -1 when d is not of that form. */
EG_API int eg_date_days(const char *d, int32_t *days);

/* The "YYYY-MM-DD" of a day number (as eg_date_days gives). */
EG_API void eg_date_from_days(int32_t days, char out[11]);

#endif
