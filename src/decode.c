/* Input decoding: the text stage's ICU converters and charset detector. */
#include <stdlib.h>
#include <string.h>

#include <unicode/ucnv.h>
#include <unicode/ucnv_cb.h>
#include <unicode/ucsdet.h>
#include <unicode/utf16.h>

#include "buf.h"
#include "decode.h"
#include "internal.h"
#include "util.h"

struct eg__decoder {
    UConverter *cnv; /* NULL for UTF-8 */
    char name[64];
    size_t invalid;
    uint64_t first_invalid;
    uint64_t chars;    /* code points written, U+FFFD included */
    uint64_t consumed; /* input bytes fed so far */
    /* ICU: where the bytes of the current call start, for the callback */
    const char *call_start;
    uint64_t call_base;
    UChar *u16;
    size_t u16_cap;
    UChar lead; /* a lead surrogate whose trail is still to come, or 0 */
    /* UTF-8: a sequence cut at the end of the last block */
    unsigned char pend[4];
    size_t n_pend;
    eg__buf scratch; /* a cut sequence and the block after it */
};

int eg__bytes_reserve(eg__bytes *b, size_t extra)
{
    size_t live = b->len - b->start, need;
    if (eg__add_overflow(b->len, extra, &need)) return -1;
    if (need <= b->cap) return 0;
    if (b->start && live + extra <= b->cap) {
        memmove(b->p, b->p + b->start, live);
        b->len = live;
        b->start = 0;
        return 0;
    }
    if (eg__add_overflow(live, extra, &need)) return -1;
    size_t cap = b->cap ? b->cap : 4096;
    while (cap < need)
        if (eg__mul_overflow(cap, 2, &cap)) return -1;
    char *p = malloc(cap);
    if (!p) return -1;
    if (live) memcpy(p, b->p + b->start, live);
    free(b->p);
    b->p = p;
    b->cap = cap;
    b->len = live;
    b->start = 0;
    return 0;
}

void eg__bytes_free(eg__bytes *b)
{
    free(b->p);
    memset(b, 0, sizeof *b);
}

/* ---- detection --------------------------------------------------------- */

static void set_name(eg__detection *out, const char *name, const char *how, int confidence)
{
    snprintf(out->name, sizeof out->name, "%s", name);
    out->how = how;
    out->confidence = confidence;
}

/* Encodings the detector may choose for Chinese text, in the order that
 * breaks ties of confidence (a short text scores 10 for most of them), and
 * what we read them with: the supersets decode the same bytes and more. */
static const char *const chinese_or_unicode[][2] = {
    {"GB18030", "GB18030"},   {"Big5", "Big5-HKSCS"},   {"UTF-8", "UTF-8"},
    {"UTF-16LE", "UTF-16LE"}, {"UTF-16BE", "UTF-16BE"}, {"UTF-32LE", "UTF-32LE"},
    {"UTF-32BE", "UTF-32BE"}, {"ISO-2022-CN", "ISO-2022-CN"},
};
enum { N_CHINESE = sizeof chinese_or_unicode / sizeof chinese_or_unicode[0] };

void eg__detect(const char *s, size_t len, int complete, eg__detection *out)
{
    const unsigned char *u = (const unsigned char *)s;
    if (len >= 4 && ((u[0] == 0xFF && u[1] == 0xFE && !u[2] && !u[3]) ||
                     (!u[0] && !u[1] && u[2] == 0xFE && u[3] == 0xFF))) {
        set_name(out, "UTF-32", "byte order mark", -1);
        return;
    }
    if (len >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF) {
        set_name(out, "UTF-8", "byte order mark", -1);
        return;
    }
    if (len >= 2 && ((u[0] == 0xFF && u[1] == 0xFE) || (u[0] == 0xFE && u[1] == 0xFF))) {
        set_name(out, "UTF-16", "byte order mark", -1);
        return;
    }
    size_t good = 0, bad = 0, nul = 0;
    for (size_t i = 0; i < len;) {
        if (u[i] < 0x80) {
            nul += !u[i];
            i++;
            continue;
        }
        uint32_t cp;
        size_t k = eg__utf8_next(u + i, len - i, &cp);
        if (eg__utf8_was_bad(u + i, k, cp)) {
            if (!complete && i + k == len && u[i] >= 0xC2 && u[i] <= 0xF4) break; /* cut */
            bad++;
        } else {
            good++;
        }
        i += k;
    }
    /* A stray NUL or a few bad sequences do not make a UTF-8 file another
     * encoding; UTF-16 text of ASCII is half NUL bytes, and Chinese text in
     * UTF-16 or a legacy encoding is mostly bad sequences read as UTF-8. */
    if (nul * 64 <= len && (!bad || good > 2 * bad) && (!nul || good)) {
        set_name(out, "UTF-8", bad ? "mostly valid UTF-8" : "valid UTF-8", -1);
        return;
    }
    UErrorCode e = U_ZERO_ERROR;
    UCharsetDetector *det = ucsdet_open(&e);
    int32_t n = 0;
    const UCharsetMatch **all = NULL;
    if (U_SUCCESS(e)) ucsdet_setText(det, s, len > INT32_MAX ? INT32_MAX : (int32_t)len, &e);
    if (U_SUCCESS(e)) all = ucsdet_detectAll(det, &n, &e);
    /* Prefer a Chinese or Unicode candidate the detector finds plausible
     * over, say, windows-1252 narrowly ahead on a short text. */
    const char *best = NULL, *first = NULL;
    int best_conf = -1, first_conf = -1;
    size_t best_rank = N_CHINESE;
    for (int32_t i = 0; U_SUCCESS(e) && i < n; i++) {
        const char *name = ucsdet_getName(all[i], &e);
        int conf = ucsdet_getConfidence(all[i], &e);
        if (U_FAILURE(e) || !name) break;
        /* the detector knows charsets ICU has no converter for
         * (IBM420_ltr): those cannot be read, so they are no candidates */
        if (!eg__encoding_known(name)) continue;
        if (!first) first = name, first_conf = conf;
        size_t rank = 0;
        while (rank < N_CHINESE && strcmp(name, chinese_or_unicode[rank][0])) rank++;
        if (rank == N_CHINESE || conf < 10) continue;
        if (conf > best_conf || (conf == best_conf && rank < best_rank)) {
            best = chinese_or_unicode[rank][1];
            best_conf = conf;
            best_rank = rank;
        }
    }
    if (U_SUCCESS(e) && (best || first))
        set_name(out, best ? best : first, "charset detector", best ? best_conf : first_conf);
    else
        set_name(out, "UTF-8", "nothing detected, read as UTF-8", -1);
    if (det) ucsdet_close(det);
}

int eg__encoding_known(const char *name)
{
    UErrorCode e = U_ZERO_ERROR;
    UConverter *c = ucnv_open(name, &e);
    if (U_FAILURE(e)) return 0;
    ucnv_close(c);
    return 1;
}

/* ---- decoding ---------------------------------------------------------- */

/* ICU calls this for each bad or unmappable sequence: count it, note where
 * the first began, and write one U+FFFD. */
static void on_bad_bytes(const void *context, UConverterToUnicodeArgs *args,
                         const char *units, int32_t length, UConverterCallbackReason reason,
                         UErrorCode *e)
{
    (void)units;
    if (reason != UCNV_UNASSIGNED && reason != UCNV_ILLEGAL && reason != UCNV_IRREGULAR) return;
    eg__decoder *d = (eg__decoder *)(uintptr_t)context;
    if (!d->invalid++) {
        /* the bad bytes end at args->source; they may have begun in the
         * previous call, which the signed arithmetic allows for */
        int64_t at = (int64_t)d->call_base + (int64_t)(args->source - d->call_start) - length;
        d->first_invalid = at < 0 ? 0 : (uint64_t)at;
    }
    static const UChar fffd = 0xFFFD;
    *e = U_ZERO_ERROR;
    ucnv_cbToUWriteUChars(args, &fffd, 1, 0, e);
}

eg_status eg__decoder_new(eg__decoder **out, const char *name, eg_error *err)
{
    eg__decoder *d = calloc(1, sizeof *d);
    if (!d) return eg__error(err, EG_ENOMEM, NULL, 0, 0, "out of memory");
    snprintf(d->name, sizeof d->name, "%s", name);
    UErrorCode e = U_ZERO_ERROR;
    d->cnv = ucnv_open(name, &e);
    if (e == U_MEMORY_ALLOCATION_ERROR) {
        free(d);
        return eg__error(err, EG_ENOMEM, NULL, 0, 0, "out of memory");
    }
    if (U_FAILURE(e)) {
        free(d);
        return eg__error(err, EG_EINVAL, NULL, 0, 0, "unknown encoding '%s'", name);
    }
    if (ucnv_getType(d->cnv) == UCNV_UTF8) {
        ucnv_close(d->cnv);
        d->cnv = NULL;
        snprintf(d->name, sizeof d->name, "UTF-8");
    } else {
        ucnv_setToUCallBack(d->cnv, on_bad_bytes, d, NULL, NULL, &e);
        if (U_FAILURE(e)) {
            eg__decoder_free(d);
            return eg__error(err, EG_EDEP, NULL, 0, 0, "ICU: cannot set up the %s converter: %s",
                             name, u_errorName(e));
        }
    }
    *out = d;
    return EG_OK;
}

void eg__decoder_free(eg__decoder *d)
{
    if (!d) return;
    if (d->cnv) ucnv_close(d->cnv);
    free(d->u16);
    eg__buf_free(&d->scratch);
    free(d);
}

size_t eg__decoder_invalid(const eg__decoder *d) { return d->invalid; }
uint64_t eg__decoder_chars(const eg__decoder *d) { return d->chars; }
uint64_t eg__decoder_first_invalid(const eg__decoder *d) { return d->first_invalid; }
const char *eg__decoder_name(const eg__decoder *d) { return d->name; }

static const char fffd_utf8[3] = {'\xEF', '\xBF', '\xBD'};

/* Validates UTF-8 s[0..n), whose first byte is input byte offset base. */
static eg_status run_utf8(eg__decoder *d, const unsigned char *s, size_t n, uint64_t base,
                          int flush, eg__bytes *out)
{
    size_t worst;
    if (!n) return EG_OK; /* out->p may still be NULL */
    if (eg__mul_overflow(n, 3, &worst) || eg__bytes_reserve(out, worst)) return EG_ENOMEM;
    char *o = out->p + out->len;
    size_t i = 0;
    while (i < n) {
        if (s[i] < 0x80) {
            *o++ = (char)s[i++];
            continue;
        }
        /* the bulk of Chinese text, well-formed at a glance */
        if (eg__utf8_plain3(s + i, n - i)) {
            o[0] = (char)s[i];
            o[1] = (char)s[i + 1];
            o[2] = (char)s[i + 2];
            o += 3;
            i += 3;
            continue;
        }
        uint32_t cp;
        size_t k = eg__utf8_next(s + i, n - i, &cp);
        if (eg__utf8_was_bad(s + i, k, cp)) {
            if (!flush && i + k == n && s[i] >= 0xC2 && s[i] <= 0xF4) {
                memcpy(d->pend, s + i, k); /* cut by the block end, k <= 3 */
                d->n_pend = k;
                break;
            }
            if (!d->invalid++) d->first_invalid = base + i;
            memcpy(o, fffd_utf8, 3);
            o += 3;
        } else {
            memcpy(o, s + i, k);
            o += k;
        }
        i += k;
    }
    /* what was written is well-formed (whole sequences, a U+FFFD for each
     * bad one): its code points are its lead bytes, counted eight bytes
     * at a time (eg__utf8_count decoded it again: 1.5% of an extract run) */
    d->chars += eg__utf8_lead_bytes(out->p + out->len, (size_t)(o - (out->p + out->len)));
    out->len = (size_t)(o - out->p);
    return EG_OK;
}

/* Appends UTF-16 u[0..n) as UTF-8, pairing surrogates across calls. */
static eg_status put_utf16(eg__decoder *d, const UChar *u, size_t n, eg__bytes *out)
{
    size_t worst;
    if (eg__mul_overflow(n + 1, 3, &worst) || eg__bytes_reserve(out, worst)) return EG_ENOMEM;
    char *o = out->p + out->len;
    for (size_t i = 0; i < n; i++) {
        UChar c = u[i];
        uint32_t cp = c;
        if (d->lead) {
            if (U16_IS_TRAIL(c)) {
                cp = U16_GET_SUPPLEMENTARY(d->lead, c);
                d->lead = 0;
                o += eg__utf8_put(cp, o);
                continue;
            }
            d->lead = 0;
            memcpy(o, fffd_utf8, 3);
            o += 3;
        }
        if (U16_IS_LEAD(c)) {
            d->lead = c;
            continue;
        }
        if (U16_IS_TRAIL(c)) cp = 0xFFFD;
        o += eg__utf8_put(cp, o);
    }
    d->chars += eg__utf8_lead_bytes(out->p + out->len, (size_t)(o - (out->p + out->len))); /* well-formed */
    out->len = (size_t)(o - out->p);
    return EG_OK;
}

eg_status eg__decoder_run(eg__decoder *d, const char *in, size_t len, int flush, eg__bytes *out)
{
    eg_status st = EG_OK;
    if (!d->cnv) {
        const unsigned char *s = (const unsigned char *)in;
        size_t n = len;
        uint64_t base = d->consumed;
        if (d->n_pend) {
            /* finish the cut sequence: decode it with the new block */
            size_t need;
            if (eg__add_overflow(len, d->n_pend, &need)) return EG_ENOMEM;
            eg__buf_reset(&d->scratch);
            if (eg__buf_append(&d->scratch, d->pend, d->n_pend) ||
                eg__buf_append(&d->scratch, in, len))
                return EG_ENOMEM;
            s = (const unsigned char *)d->scratch.data;
            n = need;
            base -= d->n_pend;
            d->n_pend = 0;
        }
        d->consumed += len;
        return run_utf8(d, s, n, base, flush, out);
    }
    size_t cap;
    if (eg__add_overflow(len, 16, &cap) || eg__mul_overflow(cap, 2, &cap)) return EG_ENOMEM;
    if (cap > d->u16_cap) {
        size_t bytes;
        if (eg__mul_overflow(cap, sizeof(UChar), &bytes)) return EG_ENOMEM;
        UChar *p = realloc(d->u16, bytes);
        if (!p) return EG_ENOMEM;
        d->u16 = p;
        d->u16_cap = cap;
    }
    const char *src = in, *lim = in + len;
    d->call_start = in;
    d->call_base = d->consumed;
    for (;;) {
        UChar *t = d->u16;
        UErrorCode e = U_ZERO_ERROR;
        ucnv_toUnicode(d->cnv, &t, d->u16 + d->u16_cap, &src, lim, NULL, (UBool)flush, &e);
        st = put_utf16(d, d->u16, (size_t)(t - d->u16), out);
        if (st) break;
        if (e == U_BUFFER_OVERFLOW_ERROR) continue;
        if (U_FAILURE(e)) st = EG_EDEP;
        break;
    }
    d->consumed += len;
    if (!st && flush && d->lead) {
        d->lead = 0;
        st = put_utf16(d, (const UChar[]){0xFFFD}, 1, out);
    }
    if (flush) ucnv_resetToUnicode(d->cnv);
    return st;
}
