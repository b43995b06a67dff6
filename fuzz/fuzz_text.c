/* The decoder (eg__detect, eg__decoder_* for UTF-8, GB18030, Big5-HKSCS,
 * UTF-16, …) and the normaliser (eg_text_decode, layout and reflow, NFKC
 * with and without Traditional→Simplified, sentences, widths). Byte 0
 * chooses the encoding and the flags, byte 1 the block size the decoder is
 * fed in; the rest is the input. */
#include "fuzz.h"

#include "decode.h"
#include "entgraph/text.h"

static const char *const encodings[8] = {
    "UTF-8", "GB18030", "Big5-HKSCS", "UTF-16LE", "UTF-16BE", "UTF-16", "UTF-32", "Shift_JIS",
};

static eg_text *plain, *t2s;

/* Re-encodes cps as UTF-8 (a new buffer, *n bytes). */
static char *encode(const eg_codepoints *cps, size_t *n)
{
    char *s = malloc(4 * cps->len + 1);
    FUZZ_CHECK(s);
    size_t k = 0;
    for (size_t i = 0; i < cps->len; i++) {
        uint32_t c = cps->cp[i];
        if (c < 0x80) s[k++] = (char)c;
        else if (c < 0x800) {
            s[k++] = (char)(0xC0 | c >> 6);
            s[k++] = (char)(0x80 | (c & 0x3F));
        } else if (c < 0x10000) {
            s[k++] = (char)(0xE0 | c >> 12);
            s[k++] = (char)(0x80 | (c >> 6 & 0x3F));
            s[k++] = (char)(0x80 | (c & 0x3F));
        } else {
            s[k++] = (char)(0xF0 | c >> 18);
            s[k++] = (char)(0x80 | (c >> 12 & 0x3F));
            s[k++] = (char)(0x80 | (c >> 6 & 0x3F));
            s[k++] = (char)(0x80 | (c & 0x3F));
        }
    }
    *n = k;
    return s;
}

static void check_text(eg_text *t, const char *s, size_t len, int reflow)
{
    eg_codepoints cps;
    eg_layout lay;
    eg_normtext nt;
    memset(&cps, 0, sizeof cps);
    memset(&lay, 0, sizeof lay);
    memset(&nt, 0, sizeof nt);
    FUZZ_CHECK(eg_text_decode(s, len, &cps) == EG_OK);
    FUZZ_CHECK(cps.byte[cps.len] == len);
    for (size_t i = 0; i < cps.len; i++) FUZZ_CHECK(cps.byte[i] < cps.byte[i + 1]);
    FUZZ_CHECK(eg_text_layout(cps.cp, cps.len, reflow, &lay) == EG_OK);
    FUZZ_CHECK(lay.n_pars == 0 || lay.par_start[lay.n_pars] == lay.n_pieces);
    for (size_t p = 0; p < lay.n_pars; p++) {
        FUZZ_CHECK(lay.par_start[p] < lay.par_start[p + 1]);
        eg_normtext_clear(&nt);
        for (size_t k = lay.par_start[p]; k < lay.par_start[p + 1]; k++) {
            const eg_piece *pc = &lay.pieces[k];
            FUZZ_CHECK(pc->begin <= pc->end && pc->end <= cps.len);
            FUZZ_CHECK(k == 0 || lay.pieces[k - 1].end <= pc->begin);
            if (eg_text_normalize_append(t, cps.cp, pc->begin, pc->end, &nt)) goto done;
        }
        FUZZ_CHECK(fuzz_utf8_ok(nt.s, nt.len));
        for (size_t i = 0; i < nt.len; i++)
            FUZZ_CHECK(nt.from[i] < nt.to[i] && nt.to[i] <= cps.len);
        size_t *ends = NULL, n = 0;
        if (eg_text_sentences(t, nt.s, nt.len, &ends, &n) == EG_OK) {
            FUZZ_CHECK(n == 0 ? nt.len == 0 : ends[n - 1] == nt.len);
            for (size_t k = 1; k < n; k++) FUZZ_CHECK(ends[k - 1] < ends[k]);
            free(ends);
        }
    }
    (void)eg_text_display_width(s, len);
    for (size_t i = 0, b = 0; i <= len; i++)
        if (i == len || s[i] == '\n') {
            (void)eg_text_line_ends_paragraph(s + b, i - b);
            b = i + 1;
        }
    char *out = NULL;
    size_t out_len = 0;
    if (eg_text_normalize_utf8(t, s, len, &out, &out_len) == EG_OK) {
        FUZZ_CHECK(fuzz_utf8_ok(out, out_len) && out[out_len] == 0);
        free(out);
    }
done:
    eg_normtext_destroy(&nt);
    eg_layout_destroy(&lay);
    eg_codepoints_destroy(&cps);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2) return 0;
    if (!plain) {
        FUZZ_CHECK(eg_text_new(&plain, NULL) == EG_OK);
        FUZZ_CHECK(eg_text_new(&t2s, NULL) == EG_OK);
        FUZZ_CHECK(eg_text_set_convert(t2s, EG_CONVERT_T2S, NULL) == EG_OK);
    }
    unsigned flags = data[0];
    size_t block = (size_t)data[1] + 1;
    const char *in = (const char *)data + 2;
    size_t len = size - 2;

    eg__detection det;
    eg__detect(in, len, flags >> 7, &det);
    FUZZ_CHECK(det.name[0] && det.how);
    const char *name = (flags & 8) ? det.name : encodings[flags & 7];
    eg__decoder *dec = NULL;
    if (eg__decoder_new(&dec, name, NULL) != EG_OK) return 0;
    eg__bytes out = {0};
    int ok = 1;
    for (size_t at = 0; ok;) {
        size_t n = len - at < block ? len - at : block;
        ok = eg__decoder_run(dec, in + at, n, at + n == len, &out) == EG_OK;
        at += n;
        if (at == len) break;
    }
    if (ok) {
        const char *u = out.p ? out.p + out.start : "";
        size_t ulen = out.len - out.start;
        FUZZ_CHECK(fuzz_utf8_ok(u, ulen));
        if (!strcmp(eg__decoder_name(dec), "UTF-8")) {
            /* The streaming UTF-8 decoder replaces exactly what
             * eg_text_decode() replaces, whatever the block size. */
            eg_codepoints cps;
            memset(&cps, 0, sizeof cps);
            FUZZ_CHECK(eg_text_decode(in, len, &cps) == EG_OK);
            size_t en;
            char *e = encode(&cps, &en);
            FUZZ_CHECK(en == ulen && !memcmp(e, u, en));
            FUZZ_CHECK(cps.invalid == eg__decoder_invalid(dec));
            if (cps.invalid) FUZZ_CHECK(cps.first_invalid == eg__decoder_first_invalid(dec));
            free(e);
            eg_codepoints_destroy(&cps);
        }
        check_text((flags & 16) ? t2s : plain, u, ulen, (flags & 32) != 0);
    }
    eg__bytes_free(&out);
    eg__decoder_free(dec);
    /* The normaliser on raw (possibly ill-formed) bytes as well. */
    check_text((flags & 64) ? t2s : plain, in, len, (flags & 32) == 0);
    return 0;
}
