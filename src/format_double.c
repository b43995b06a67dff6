/* Shortest round-trip formatting of doubles for the exporters.
 *
 * The files must read the same on every run and every machine, so the rule
 * is fixed: the shortest of printf's %.15g, %.16g and %.17g that strtod reads
 * back as the same double. That rule done literally (format_exact below)
 * costs up to three snprintf and two strtod calls per number, which was a
 * quarter of writing a large graph. format_fast gives the same bytes from one
 * scaled product in long double (64-bit significand on x86-64):
 *
 *   v ≈ |d| * 10^k in [1e16, 1e17), off from the true value by at most
 *   2^-64 relative from the first product (< 0.0055) plus half an ulp of v
 *   from the last (2^-8 < 0.004): less than 0.0095.
 *
 * From v it rounds to 17, 16 and 15 digits and tests each candidate against
 * the interval of reals that read back as d, computed the same way. Each
 * decision is taken only when it holds with a margin (MARGIN) larger than
 * the error. When the 17-digit rounding is too close to call, the answer is
 * %.17g (15 and 16 digits are known not to read back), one snprintf; when a
 * shorter candidate is too close to an end of the interval, or d is outside
 * the range the powers below cover, format_exact decides; so it does for
 * every number where long double arithmetic is not what it says
 * (long_double_works). tests/unit/test_export.c compares the two on
 * 300 000 doubles of six shapes and on hand-picked edges. */
#include <float.h>
#include <locale.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

#define MARGIN 0.02L /* twice the error bound above */

/* The printf form in buf made locale-proof, and ".0" added when it would
 * read as an integer. */
static void finish_printf(char *buf)
{
    /* a locale with a decimal comma must not change the file */
    const char *dp = localeconv()->decimal_point;
    if (dp && dp[0] && dp[0] != '.' && !dp[1]) {
        char *c = strchr(buf, dp[0]);
        if (c) *c = '.';
    }
    if (!strpbrk(buf, ".e")) strcat(buf, ".0");
}

static void format_exact(char *buf, double d)
{
    for (int prec = 15; prec <= 17; prec++) {
        snprintf(buf, EG__DOUBLE_BUFSIZE, "%.*g", prec, d);
        if (strtod(buf, NULL) == d) break;
    }
    finish_printf(buf);
}

#if LDBL_MANT_DIG == 64 || LDBL_MANT_DIG == 113
/* 10^0 … 10^27, each exact in a 64-bit significand (5^27 < 2^64) */
static const long double pow10l_exact[28] = {
    1e0L,  1e1L,  1e2L,  1e3L,  1e4L,  1e5L,  1e6L,  1e7L,  1e8L,  1e9L,
    1e10L, 1e11L, 1e12L, 1e13L, 1e14L, 1e15L, 1e16L, 1e17L, 1e18L, 1e19L,
    1e20L, 1e21L, 1e22L, 1e23L, 1e24L, 1e25L, 1e26L, 1e27L,
};

/* x * 10^k with at most two roundings; k in [-27, 54] */
static long double scale10(long double x, int k)
{
    if (k < 0) return x / pow10l_exact[-k];
    if (k <= 27) return x * pow10l_exact[k];
    return x * pow10l_exact[27] * pow10l_exact[k - 27];
}

static const uint64_t pow10u[18] = {
    1ull,           10ull,           100ull,           1000ull,           10000ull,
    100000ull,      1000000ull,      10000000ull,      100000000ull,      1000000000ull,
    10000000000ull, 100000000000ull, 1000000000000ull, 10000000000000ull, 100000000000000ull,
    1000000000000000ull, 10000000000000000ull, 100000000000000000ull,
};

/* Rounds v to a multiple of 10^drop (drop 0, 1 or 2) given v's integer part
 * i and fraction f; the quotient goes to *out. Returns 0 when the true value
 * may lie on the other side of a midpoint. */
static int round_digits(uint64_t i, long double f, int drop, uint64_t *out)
{
    long double tail = (long double)(i % pow10u[drop]) + f, half = pow10u[drop] / 2.0L;
    if (fabsl(tail - half) < MARGIN) return 0;
    *out = i / pow10u[drop] + (tail > half);
    return 1;
}

/* Whether the decimal c (scaled like v) reads back as d: 1 yes, 0 no, -1 too
 * close to an end of the interval (lo, hi) to tell. */
static int reads_back(uint64_t c, long double lo, long double hi)
{
    long double x = (long double)c;
    if (x > lo + MARGIN && x < hi - MARGIN) return 1;
    if (x < lo - MARGIN || x > hi + MARGIN) return 0;
    return -1;
}

/* Writes the P-digit decimal digits * 10^(exp10 - P + 1) as %.Pg would,
 * then ".0" when it shows neither a point nor an exponent. digits may have
 * rounded up to 10^P. */
static void put_g(char *buf, int negative, uint64_t digits, int P, int exp10)
{
    char ds[20];
    if (digits >= pow10u[P]) {
        digits /= 10;
        exp10++;
    }
    for (int j = P - 1; j >= 0; j--, digits /= 10) ds[j] = (char)('0' + digits % 10);
    int n = P;
    while (n > 1 && ds[n - 1] == '0') n--;
    char *o = buf;
    if (negative) *o++ = '-';
    if (exp10 < -4 || exp10 >= P) {
        *o++ = ds[0];
        if (n > 1) {
            *o++ = '.';
            memcpy(o, ds + 1, (size_t)n - 1);
            o += n - 1;
        }
        int e = exp10 < 0 ? -exp10 : exp10;
        *o++ = 'e';
        *o++ = exp10 < 0 ? '-' : '+';
        if (e >= 100) *o++ = (char)('0' + e / 100);
        *o++ = (char)('0' + e / 10 % 10);
        *o++ = (char)('0' + e % 10);
        *o = '\0';
        return;
    }
    if (exp10 < 0) {
        *o++ = '0';
        *o++ = '.';
        for (int z = 0; z < -exp10 - 1; z++) *o++ = '0';
        memcpy(o, ds, (size_t)n);
        o += n;
        *o = '\0';
        return;
    }
    int whole = exp10 + 1;
    for (int j = 0; j < whole; j++) *o++ = j < n ? ds[j] : '0';
    *o++ = '.';
    if (n > whole) {
        memcpy(o, ds + whole, (size_t)(n - whole));
        o += n - whole;
    } else {
        *o++ = '0';
    }
    *o = '\0';
}

/* Whether long double arithmetic really carries its significand: not so
 * under valgrind (which computes x87 values as doubles) or with the x87
 * precision control set to double; then every number goes the exact way. */
static int long_double_works(void)
{
    volatile long double one = 1.0L, eps = LDBL_EPSILON;
    return one + eps != one;
}

/* 1 when buf holds the answer, 0 when format_exact must decide */
static int format_fast(char *buf, double d)
{
    double a = fabs(d);
    if (!long_double_works()) return 0;
    if (!(a >= 1e-37 && a < 1e43)) return 0; /* zero, subnormal, huge */
    int bexp;
    double m = frexp(a, &bexp); /* a = m * 2^bexp, m in [0.5, 1) */
    long double half_up = ldexp(1.0, bexp - 54); /* half an ulp, exact as a double */
    long double half_down = m == 0.5 ? half_up / 2 : half_up;
    /* floor(log10(a)) or one less; the loop below corrects it */
    int e10 = (int)floor((bexp - 1) * 0.30102999566398120);
    long double v = 0;
    for (int tries = 0; tries < 2; tries++) {
        v = scale10(a, 16 - e10);
        if (v < 1e16L)
            e10--;
        else if (v >= 1e17L)
            e10++;
        else
            break;
    }
    if (v < 1e16L + MARGIN || v > 1e17L - 1) return 0;
    long double lo = scale10((long double)a - half_down, 16 - e10);
    long double hi = scale10((long double)a + half_up, 16 - e10);
    uint64_t i = (uint64_t)v;
    long double f = v - (long double)i;
    for (int drop = 2; drop >= 0; drop--) {
        uint64_t digits;
        if (!round_digits(i, f, drop, &digits)) {
            if (drop) return 0;
            snprintf(buf, EG__DOUBLE_BUFSIZE, "%.17g", d);
            finish_printf(buf);
            return 1;
        }
        int ok = drop ? reads_back(digits * pow10u[drop], lo, hi) : 1; /* 17 digits always do */
        if (ok < 0) return 0;
        if (ok) {
            put_g(buf, d < 0, digits, 17 - drop, e10);
            return 1;
        }
    }
    return 0;
}
#else
static int format_fast(char *buf, double d)
{
    (void)buf;
    (void)d;
    return 0;
}
#endif

void eg__format_double_exact(char *buf, double d)
{
    if (isnan(d)) {
        strcpy(buf, "NaN");
        return;
    }
    if (isinf(d)) {
        strcpy(buf, d < 0 ? "-INF" : "INF");
        return;
    }
    format_exact(buf, d);
}

const char *eg__format_u64(char *buf, uint64_t v)
{
    char *p = buf + EG__INT_BUFSIZE - 1;
    *p = '\0';
    do *--p = (char)('0' + v % 10);
    while (v /= 10);
    return p;
}

const char *eg__format_i64(char *buf, int64_t v)
{
    if (v >= 0) return eg__format_u64(buf, (uint64_t)v);
    char *p = (char *)eg__format_u64(buf, 0 - (uint64_t)v);
    *--p = '-';
    return p;
}

/* Whole numbers below 10^15 print in full under %.15g; counts, weights and
 * degrees are mostly these. */
static int format_whole(char *buf, double d)
{
    double a = fabs(d);
    if (!(a < 1e15) || a != floor(a)) return 0;
    char ds[EG__INT_BUFSIZE];
    const char *digits = eg__format_u64(ds, (uint64_t)a);
    size_t n = strlen(digits);
    char *o = buf;
    if (signbit(d)) *o++ = '-';
    memcpy(o, digits, n);
    memcpy(o + n, ".0", 3);
    return 1;
}

void eg__format_double(char *buf, double d)
{
    if (format_whole(buf, d) || (isfinite(d) && format_fast(buf, d))) return;
    eg__format_double_exact(buf, d);
}
