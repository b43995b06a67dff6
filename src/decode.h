/* Decoding input bytes into UTF-8, incrementally (library-internal).
 *
 * Part of the text stage: decode.c and text.c are the only users of ICU.
 * A decoder turns the bytes of one input, fed in blocks of any size, into
 * well-formed UTF-8: every ill-formed or unmappable sequence becomes one
 * U+FFFD and is counted, with the input byte offset of the first. UTF-8
 * input is validated without ICU, one U+FFFD per maximal subpart, exactly
 * as eg_text_decode() does, so code-point offsets agree with it.
 */
#ifndef ENTGRAPH_DECODE_H
#define ENTGRAPH_DECODE_H

#include <stddef.h>
#include <stdint.h>

#include "entgraph/status.h"

/* A growable byte buffer; bytes [start, len) are live. */
typedef struct eg__bytes {
    char *p;
    size_t start, len, cap;
} eg__bytes;

/* Makes room for extra more bytes after len (moving the live bytes to the
 * front first when that frees enough room); p may move. 0, or -1 when out
 * of memory. */
int eg__bytes_reserve(eg__bytes *b, size_t extra);
void eg__bytes_free(eg__bytes *b);

/* How many leading bytes eg__detect() looks at. */
enum { EG__DETECT_BYTES = 64 * 1024 };

/* What eg__detect() chose. */
typedef struct eg__detection {
    char name[64];   /* an ICU converter name; "UTF-8" means no ICU at all */
    const char *how; /* "byte order mark", "valid UTF-8", "charset detector", … */
    int confidence;  /* the detector's 0..100, or -1 when it was not asked */
} eg__detection;

/* Chooses the encoding of an input from its first bytes s[0..len)
 * (complete: s is the whole input, so a sequence cut at the end is bad):
 * a byte order mark; else UTF-8 when s is valid UTF-8, or nearly (fewer
 * than one bad sequence per two good multi-byte characters, and NUL bytes
 * at most 1 in 64 and only beside multi-byte characters: a damaged UTF-8
 * file rather than another encoding or ASCII in UTF-16); else
 * ICU's charset detector, widening GB2312/GBK to GB18030 and Big5 to
 * Big5-HKSCS, which decode the same bytes and more; else UTF-8. Never
 * fails: an ICU failure falls back to UTF-8 and says so in how. */
void eg__detect(const char *s, size_t len, int complete, eg__detection *out);

/* Whether ICU has a converter called name (any of its aliases). */
int eg__encoding_known(const char *name);

typedef struct eg__decoder eg__decoder;

/* Opens a decoder for the converter called name (UTF-8 and its aliases
 * need no ICU). EG_EINVAL for an unknown name, EG_EDEP, EG_ENOMEM. */
eg_status eg__decoder_new(eg__decoder **out, const char *name, eg_error *err);
void eg__decoder_free(eg__decoder *d);

/* Decodes the next len bytes of the input and appends UTF-8 to out.
 * A sequence cut at the end of in is kept for the next call; flush says
 * that in ends the input, so such a sequence is bad. EG_ENOMEM, EG_EDEP. */
eg_status eg__decoder_run(eg__decoder *d, const char *in, size_t len, int flush, eg__bytes *out);

/* Bad sequences replaced so far, and the input byte offset of the first. */
size_t eg__decoder_invalid(const eg__decoder *d);
uint64_t eg__decoder_first_invalid(const eg__decoder *d);
/* Code points written so far, each U+FFFD included. */
uint64_t eg__decoder_chars(const eg__decoder *d);

/* The canonical ICU name of the converter ("UTF-8", "GB18030", …). */
const char *eg__decoder_name(const eg__decoder *d);

#endif
