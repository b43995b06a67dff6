/* Document dates: the written forms into "YYYY-MM-DD" (date.h). Plain C,
 * no locale, no libc time functions (timegm is not C11 and gmtime is not
 * reentrant): the civil-calendar arithmetic is Howard Hinnant's. */
#include <string.h>

#include "entgraph/date.h"

static int is_leap(long y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

static int days_in_month(long y, int m)
{
    static const int dm[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && is_leap(y) ? 29 : dm[m - 1];
}

static int32_t days_from_civil(long y, int m, int d)
{
    y -= m <= 2;
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;
    long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return (int32_t)(era * 146097 + doe - 719468);
}

/* "YYYY-MM-DD" of a checked date (y 0..9999). */
static void write_date(long y, long m, long d, char out[11])
{
    out[0] = (char)('0' + y / 1000);
    out[1] = (char)('0' + y / 100 % 10);
    out[2] = (char)('0' + y / 10 % 10);
    out[3] = (char)('0' + y % 10);
    out[4] = '-';
    out[5] = (char)('0' + m / 10);
    out[6] = (char)('0' + m % 10);
    out[7] = '-';
    out[8] = (char)('0' + d / 10);
    out[9] = (char)('0' + d % 10);
    out[10] = 0;
}

void eg_date_from_days(int32_t days, char out[11])
{
    long z = (long)days + 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long y = yoe + era * 400;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    long d = doy - (153 * mp + 2) / 5 + 1;
    long m = mp + (mp < 10 ? 3 : -9);
    y += m <= 2;
    if (y < 0) y = 0;
    if (y > 9999) y = 9999;
    write_date(y, m, d, out);
}

static int put(long y, int m, int d, char out[11])
{
    if (y < 1 || y > 9999 || m < 1 || m > 12 || d < 1 || d > days_in_month(y, m)) return -1;
    write_date(y, m, d, out);
    return 0;
}

/* A cursor over the bytes; full-width digits (U+FF10..FF19, EF BC 90..99)
 * read as ASCII ones. */
typedef struct cur {
    const unsigned char *p, *end;
} cur;

static int digit_at(const cur *c, int *value, size_t *width)
{
    if (c->p < c->end && *c->p >= '0' && *c->p <= '9') {
        *value = *c->p - '0';
        *width = 1;
        return 1;
    }
    if (c->end - c->p >= 3 && c->p[0] == 0xEF && c->p[1] == 0xBC && c->p[2] >= 0x90 &&
        c->p[2] <= 0x99) {
        *value = c->p[2] - 0x90;
        *width = 3;
        return 1;
    }
    return 0;
}

/* Reads from min to max digits; -1 when fewer than min. */
static long digits(cur *c, int min, int max, int *count)
{
    long v = 0;
    int n = 0, dv;
    size_t w;
    while (n < max && digit_at(c, &dv, &w)) {
        v = v * 10 + dv;
        c->p += w;
        n++;
    }
    if (count) *count = n;
    return n < min ? -1 : v;
}

static int lit(cur *c, const char *s)
{
    size_t l = strlen(s);
    if ((size_t)(c->end - c->p) < l || memcmp(c->p, s, l)) return 0;
    c->p += l;
    return 1;
}

/* ISO 8601 time and zone after the date: [T ]hh:mm[:ss[.f+]][Z|±hh[:mm]]. */
static int iso_time(cur *c)
{
    if (c->p == c->end) return 0;
    if (*c->p != 'T' && *c->p != 't' && *c->p != ' ') return -1;
    c->p++;
    long h = digits(c, 2, 2, NULL);
    if (h < 0 || h > 24 || !lit(c, ":")) return -1;
    long mi = digits(c, 2, 2, NULL);
    if (mi < 0 || mi > 59) return -1;
    if (lit(c, ":")) {
        long sec = digits(c, 2, 2, NULL);
        if (sec < 0 || sec > 60) return -1;
        if (lit(c, ".") || lit(c, ",")) {
            int n;
            digits(c, 1, 9, &n);
            if (!n) return -1;
        }
    }
    if (lit(c, "Z") || lit(c, "z")) return c->p == c->end ? 0 : -1;
    if (c->p < c->end && (*c->p == '+' || *c->p == '-')) {
        c->p++;
        long zh = digits(c, 2, 2, NULL);
        if (zh < 0 || zh > 14) return -1;
        if (lit(c, ":") || (c->p < c->end && *c->p >= '0' && *c->p <= '9')) {
            long zm = digits(c, 2, 2, NULL);
            if (zm < 0 || zm > 59) return -1;
        }
    }
    return c->p == c->end ? 0 : -1;
}

static int parse_unix(cur *c, char out[11])
{
    int neg = lit(c, "-"), n = 0;
    long long v = 0;
    for (; c->p < c->end && *c->p >= '0' && *c->p <= '9'; n++) {
        if (v > 1000000000000LL) return -1; /* past year 9999 anyway */
        v = v * 10 + (*c->p++ - '0');
    }
    if (!n || c->p != c->end) return -1;
    if (neg) v = -v;
    long long days = v >= 0 ? v / 86400 : -((-v + 86399) / 86400);
    if (days < days_from_civil(1, 1, 1) || days > days_from_civil(9999, 12, 31)) return -1;
    eg_date_from_days((int32_t)days, out);
    return 0;
}

int eg_date_parse(const char *s, size_t len, eg_date_format fmt, char out[11])
{
    if (!s) return -1;
    cur c = {(const unsigned char *)s, (const unsigned char *)s + len};
    while (c.p < c.end && (*c.p == ' ' || *c.p == '\t' || *c.p == '\r' || *c.p == '\n')) c.p++;
    while (c.end > c.p && (c.end[-1] == ' ' || c.end[-1] == '\t' || c.end[-1] == '\r' ||
                           c.end[-1] == '\n'))
        c.end--;
    if (c.p == c.end) return -1;
    if (fmt == EG_DATE_UNIX) return parse_unix(&c, out);
    int n;
    const unsigned char *start = c.p;
    long y = digits(&c, 4, 8, &n);
    if (y < 0) return -1;
    if (n == 8 && c.p == c.end && *start >= '0' && *start <= '9') /* YYYYMMDD */
        return put(y / 10000, (int)(y / 100 % 100), (int)(y % 100), out);
    if (n != 4) return -1;
    if (lit(&c, "-")) {
        long m = digits(&c, 2, 2, NULL);
        if (m < 0) return -1;
        if (c.p == c.end) return put(y, (int)m, 1, out); /* YYYY-MM */
        if (!lit(&c, "-")) return -1;
        long d = digits(&c, 2, 2, NULL);
        char tmp[11];
        if (d < 0 || put(y, (int)m, (int)d, tmp) || iso_time(&c)) return -1;
        memcpy(out, tmp, 11);
        return 0;
    }
    if (lit(&c, "/") || lit(&c, ".")) {
        char sep = (char)c.p[-1];
        long m = digits(&c, 1, 2, NULL);
        char sep2[2] = {sep, 0};
        if (m < 0 || !lit(&c, sep2)) return -1;
        long d = digits(&c, 1, 2, NULL);
        if (d < 0 || c.p != c.end) return -1;
        return put(y, (int)m, (int)d, out);
    }
    if (lit(&c, "年")) {
        long m = digits(&c, 1, 2, NULL);
        if (m < 0 || !lit(&c, "月")) return -1;
        if (c.p == c.end) return put(y, (int)m, 1, out);
        long d = digits(&c, 1, 2, NULL);
        if (d < 0 || !(lit(&c, "日") || lit(&c, "号")) || c.p != c.end) return -1;
        return put(y, (int)m, (int)d, out);
    }
    return -1;
}

int eg_date_days(const char *d, int32_t *days)
{
    if (!d || strlen(d) != 10 || d[4] != '-' || d[7] != '-') return -1;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && (d[i] < '0' || d[i] > '9')) return -1;
    long y = (d[0] - '0') * 1000 + (d[1] - '0') * 100 + (d[2] - '0') * 10 + (d[3] - '0');
    int m = (d[5] - '0') * 10 + (d[6] - '0'), dd = (d[8] - '0') * 10 + (d[9] - '0');
    if (y < 1 || m < 1 || m > 12 || dd < 1 || dd > days_in_month(y, m)) return -1;
    *days = days_from_civil(y, m, dd);
    return 0;
}
