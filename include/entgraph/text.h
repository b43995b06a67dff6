/* entgraph — text: decoding, layout (lines, reflow, paragraphs), ICU
 * normalisation (optionally Traditional→Simplified) with an offset map, and
 * sentence boundaries.
 *
 * ICU is used by the text stage only (text.c, and decode.c for the
 * reader's converters). An eg_text owns its ICU handles; use one per
 * thread. Offsets into the original text are code-point indexes; offsets
 * into normalised text are byte offsets.
 */
#ifndef ENTGRAPH_TEXT_H
#define ENTGRAPH_TEXT_H

#include "common.h"
#include "status.h"

typedef struct eg_text eg_text;

/* Opens the NFKC_Casefold normaliser and a sentence break iterator.
 * EG_EDEP (ICU failure, message says which), EG_ENOMEM. */
EG_API eg_status eg_text_new(eg_text **out, eg_error *err);
EG_API void eg_text_free(eg_text *t);

/* Script conversion applied before normalisation. */
typedef enum eg_convert {
    EG_CONVERT_NONE = 0,
    EG_CONVERT_T2S, /* ICU's "Traditional-Simplified" transliterator */
} eg_convert;

/* Sets the conversion for later eg_text_normalize_* calls. T2S converts
 * each Han character and CJK punctuation mark on its own (so that every
 * output byte still maps to one original character; ICU's rules for it
 * are per character anyway), caching the answers for the Basic
 * Multilingual Plane; other characters are left to normalisation. EG_EDEP (the transliterator is missing),
 * EG_ENOMEM, EG_EINVAL. */
EG_API eg_status eg_text_set_convert(eg_text *t, eg_convert c, eg_error *err);

/* Decoded text: one entry per code point of the original. */
typedef struct eg_codepoints {
    uint32_t *cp;
    size_t *byte;         /* byte[i] = offset of cp[i] in the input; byte[len] = its size */
    size_t len, cap;
    size_t invalid;       /* ill-formed sequences replaced by U+FFFD */
    size_t first_invalid; /* byte offset of the first, when invalid > 0 */
} eg_codepoints;

/* Decodes UTF-8 s[0..len) into cps (its previous contents are replaced).
 * Each ill-formed sequence (maximal subpart) becomes one U+FFFD, as in
 * Python's errors="replace". A leading BOM is kept as a code
 * point (so offsets agree with other readers) but is dropped by layout.
 * EG_ENOMEM. O(len). */
EG_API eg_status eg_text_decode(const char *s, size_t len, eg_codepoints *cps);
EG_API void eg_codepoints_destroy(eg_codepoints *cps);

/* A paragraph is a list of pieces of original text (ranges of code points),
 * one per source line, trimmed of surrounding white space; pieces of a
 * paragraph are joined with nothing between them. */
typedef struct eg_piece {
    uint32_t begin, end; /* [begin, end) in code points of the original */
} eg_piece;

typedef struct eg_layout {
    eg_piece *pieces;
    size_t n_pieces, cap_pieces;
    size_t *par_start; /* paragraph p = pieces[par_start[p] .. par_start[p + 1]) */
    size_t n_pars, cap_pars;
    size_t joins;      /* line breaks removed by reflow */
} eg_layout;

/* Splits text into lines (LF, CRLF, CR) and lines into paragraphs. Without
 * reflow every non-blank line is a paragraph. With reflow, a line break
 * (with at most one blank line after it) is removed when it falls inside
 * running Chinese text: the line before is a body line (at least 24 code
 * points), it ends in a CJK character or non-final punctuation, and the next
 * line starts with a CJK character, digit or CJK punctuation. Headlines and
 * bylines are short and stay their own paragraphs. layout's previous
 * contents are replaced. EG_ENOMEM. O(n). */
EG_API eg_status eg_text_layout(const uint32_t *cp, size_t n, int reflow, eg_layout *layout);
EG_API void eg_layout_destroy(eg_layout *layout);

/* Normalised text with a map back to the original: byte i of s came from
 * the original code points [from[i], to[i]). */
typedef struct eg_normtext {
    char *s;
    uint32_t *from, *to;
    size_t len, cap;
} eg_normtext;

EG_API void eg_normtext_clear(eg_normtext *nt);
EG_API void eg_normtext_destroy(eg_normtext *nt);

/* Appends the NFKC_Casefold form (which includes width folding) of the
 * original code points cp[begin..end), after the conversion set by
 * eg_text_set_convert(), to nt; 丨 (U+4E28), the bar of web headlines
 * (北京丨上海), becomes '|' like the full-width ｜. EG_EDEP, EG_ENOMEM. */
EG_API eg_status eg_text_normalize_append(eg_text *t, const uint32_t *cp, size_t begin,
                                          size_t end, eg_normtext *nt);

/* Normalises UTF-8 s[0..len) into a new NUL-terminated string *out (free()
 * it) of *out_len bytes; used for dictionary names. EG_EDEP, EG_ENOMEM. */
EG_API eg_status eg_text_normalize_utf8(eg_text *t, const char *s, size_t len, char **out,
                                        size_t *out_len);

/* Sentence boundaries of UTF-8 s[0..len) by ICU's BreakIterator: writes
 * the byte offsets where sentences end (the last is len) to a new array
 * *ends (free() it) of *n entries. EG_EDEP, EG_ENOMEM. */
EG_API eg_status eg_text_sentences(eg_text *t, const char *s, size_t len, size_t **ends,
                                   size_t *n);

/* Terminal columns of code point c by ICU's East Asian Width: 2 for Wide
 * and Fullwidth (Han, kana, hangul, full-width forms), 0 for control
 * characters, combining and default-ignorable marks, 1 otherwise
 * (Ambiguous counts as narrow, as in most terminals). */
EG_API int eg_text_cp_width(uint32_t c);
/* Sum of eg_text_cp_width() over the UTF-8 s[0..len) (ill-formed bytes are
 * U+FFFD, width 1). */
EG_API size_t eg_text_display_width(const char *s, size_t len);
/* Whether reflow never joins the UTF-8 line s[0..len) (without its line
 * break) to the next: it is blank, short (under 24 code points once
 * trimmed), or ends in a character after which a line does not continue
 * (final punctuation, Latin letters). The reader cuts large files only
 * after such lines, so that cutting never undoes a join. O(len). */
EG_API int eg_text_line_ends_paragraph(const char *s, size_t len);

/* Character classes used by layout and the recognisers. */
EG_API int eg_text_is_han(uint32_t c);
EG_API int eg_text_is_space(uint32_t c);

#endif
