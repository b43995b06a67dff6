/* The word lexicon and max-probability segmentation (library-internal).
 *
 * A lexicon is a set of words with frequencies (jieba's general dictionary,
 * dict/lexicon/words.txt). Segmentation is jieba's: the DAG of the words
 * that start at each character, and the path of greatest summed
 * log(frequency / total); a character no word covers is a word of
 * frequency 1. Callers may add words of their own (dictionary entities,
 * rule candidates) that compete with the lexicon's as equals.
 *
 * A lexicon is immutable once made and may be read by many threads at
 * once; it is one flat block (eg__lexicon_image_size/write_image/
 * from_image), so a compiled dictionary maps it from disk. The tagger and
 * the extractor call eg__lexicon_segment / eg__lexicon_bmes; they own the
 * eg__seg scratch they pass in (one per thread). */
#ifndef ENTGRAPH_LEXICON_H
#define ENTGRAPH_LEXICON_H

#include <stddef.h>
#include <stdint.h>

#include "entgraph/status.h"

typedef struct eg__lexicon eg__lexicon;

/* A word's entry: its frequency, with this bit set for a person's name
 * (jieba's nr: what the tagger's segmentation features read), */
#define EG__LEX_NAME_BIT 0x80000000u
/* and this one too for such a name that CC-CEDICT lists only as a common
 * word (高尔夫, 阳光, 王朝: the word list's "nr common"); */
#define EG__LEX_COMMON_BIT 0x40000000u
/* the frequency is the rest. */
#define EG__LEX_FREQ_MASK 0x3FFFFFFFu

/* The longest lexicon word, in code points; longer lines are skipped. */
#define EG__LEX_MAX_CHARS 8

/* Reads a word list: lines "WORD FREQ" or "WORD FREQ TAG" (jieba's
 * dict.txt, UTF-8, space or tab separated; a tag starting "nr" marks a
 * person's name, and "nr common" one that is a common word too, see
 * EG__LEX_COMMON_BIT); '#' lines and blank lines are skipped. Words with a character outside CJK ideographs or longer than
 * EG__LEX_MAX_CHARS are skipped (they never meet the windows the lexicon
 * is asked about). A malformed line is EG_EPARSE with path:line:column.
 * EG_EIO, EG_ENOMEM. O(file size). */
eg_status eg__lexicon_load(eg__lexicon **out, const char *path, eg_error *err);
void eg__lexicon_free(eg__lexicon *lx);

/* The image: a self-contained block (8-byte aligned in the file). */
size_t eg__lexicon_image_size(const eg__lexicon *lx);
void eg__lexicon_write_image(const eg__lexicon *lx, void *buf);
/* A lexicon reading img[0..len) in place (img must outlive it); EG_EPARSE
 * for a damaged image, EG_ENOMEM. Checks every slot once: O(len). */
eg_status eg__lexicon_from_image(const void *img, size_t len, eg__lexicon **out);

/* The frequency of word s[0..len) (UTF-8), 0 when it is no word. O(len). */
uint32_t eg__lexicon_freq(const eg__lexicon *lx, const char *s, size_t len);
/* 1 when s[0..len) is a word tagged as a person's name (nr, nrfg, nrt). */
int eg__lexicon_is_name(const eg__lexicon *lx, const char *s, size_t len);
/* 1 when it is such a name that is a common word too ("nr common"). */
int eg__lexicon_is_common_name(const eg__lexicon *lx, const char *s, size_t len);
/* 1 when s[0..len) is a word or begins one (a prefix), 0 when no word
 * starts with it. Cheap for two characters (a table in cache). */
int eg__lexicon_prefix(const eg__lexicon *lx, const char *s, size_t len);
/* Asks the memory for the first slot of the large table a look-up of the
 * word s[0..len) reads (its second character's node), so that the look-up
 * soon after (eg__lexicon_freq, eg__lexicon_prefix) need not wait for it;
 * a hint, nothing more. */
void eg__lexicon_prefetch(const eg__lexicon *lx, const char *s, size_t len);
/* 0 when no word begins with the ideographs a, b (1: maybe one does). */
int eg__lexicon_pair(const eg__lexicon *lx, uint32_t a, uint32_t b);
/* log(sum of all frequencies). */
double eg__lexicon_log_total(const eg__lexicon *lx);
/* Number of words. */
size_t eg__lexicon_count(const eg__lexicon *lx);

/* A word the caller adds: code points [start, end) of the text segmented,
 * with its log probability (log(freq) - log total). */
typedef struct eg__seg_word {
    uint32_t start, end;
    double logp;
} eg__seg_word;

/* Scratch for segmentation, reusable; zero-initialise, free with
 * eg__seg_free. After eg__lexicon_segment, cut[i] (i in 0..n_chars) is 1
 * where a word boundary falls before code point i, and word_end[i] is the
 * end of the best path's word starting at i (when cut[i]); word_val[i] is
 * that word's lexicon entry when it starts with an ideograph (frequency |
 * EG__LEX_NAME_BIT for a name | EG__LEX_COMMON_BIT: what eg__lexicon_freq and
 * eg__lexicon_is_name say of it; 0 when the lexicon has no such word),
 * 0 for a run of other characters. */
typedef struct eg__seg {
    size_t n_chars;
    uint32_t *cp;       /* the code points */
    size_t *at;         /* their byte offsets, at[n_chars] = len */
    double *route;      /* best log probability from i to the end */
    uint32_t *word_end; /* end of the best word from i */
    uint8_t *cut;       /* n_chars + 1 entries */
    int *extra_word;    /* index of the extra word chosen at i, or -1 */
    uint32_t *word_val; /* the lexicon entry of the best word from i */
    size_t cap;
} eg__seg;

void eg__seg_free(eg__seg *g);

/* The best segmentation of s[0..len) (normalised UTF-8, typically one
 * sentence or a window around a candidate) into g. extra[0..n_extra) are
 * added words (any order; a word beyond the text is ignored). A run of
 * characters that are not CJK ideographs is one word of log probability 0
 * (a fixed boundary on each side). EG_ENOMEM. O(n · EG__LEX_MAX_CHARS +
 * n_extra). */
eg_status eg__lexicon_segment(const eg__lexicon *lx, const char *s, size_t len,
                              const eg__seg_word *extra, size_t n_extra, eg__seg *g);

/* The same without added words, for a text the caller has decoded: its
 * n code points cp[0..n) at byte offsets at[0..n] of s (at[n]: its
 * length; as eg_utf8 decoding s gives them). EG_ENOMEM. O(n ·
 * EG__LEX_MAX_CHARS). */
eg_status eg__lexicon_segment_decoded(const eg__lexicon *lx, const char *s, const uint32_t *cp,
                                      const uint32_t *at, size_t n, eg__seg *g);

/* The best segmentation as one tag per code point of s[0..len): 'B', 'M',
 * 'E' or 'S' (the first, middle, last character of a word, or a word of
 * one character), in tags[0..code points). tags must hold as many bytes
 * as s has code points (len is enough). For the tagger's features.
 * EG_ENOMEM. */
eg_status eg__lexicon_bmes(const eg__lexicon *lx, const char *s, size_t len, char *tags, eg__seg *g);

#endif
