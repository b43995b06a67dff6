/* entgraph — multi-pattern matcher (Aho–Corasick automaton over UTF-8 bytes).
 *
 * A builder collects (key, value) pairs; eg_matcher_build() compiles them into
 * an immutable automaton that many threads may scan at once. Scanning reports
 * leftmost-longest, non-overlapping matches: among matches that start at the
 * leftmost possible position the longest wins, and scanning resumes after it.
 * Keys are byte strings (normally normalised UTF-8); in valid UTF-8 text a
 * match of a valid UTF-8 key always starts and ends on character boundaries.
 */
#ifndef ENTGRAPH_MATCHER_H
#define ENTGRAPH_MATCHER_H

#include "common.h"
#include "status.h"

typedef struct eg_matcher_builder eg_matcher_builder;
typedef struct eg_matcher eg_matcher;

typedef struct eg_match {
    size_t start;   /* byte offset of the first byte */
    size_t end;     /* byte offset one past the last byte */
    uint32_t value; /* the value added with the key */
} eg_match;

/* Called once per match, in text order. Return 0 to go on, non-zero to stop
 * the scan (eg_matcher_scan then returns EG_OK). */
typedef int (*eg_match_fn)(void *user, const eg_match *m);

/* Creates an empty builder in *out. EG_ENOMEM. */
EG_API eg_status eg_matcher_builder_new(eg_matcher_builder **out);

/* Adds key[0..len) with value. The key is copied. Adding a key already present
 * replaces its value (the later one wins). Empty keys are rejected with
 * EG_EINVAL. EG_ENOMEM. */
EG_API eg_status eg_matcher_builder_add(eg_matcher_builder *b, const char *key,
                                        size_t len, uint32_t value);

/* Number of distinct keys added so far. */
EG_API size_t eg_matcher_builder_count(const eg_matcher_builder *b);

/* Compiles the keys into a new matcher in *out. The builder is left as it was
 * and still needs eg_matcher_builder_free(). O(total key bytes).
 * EG_ENOMEM, EG_ELIMIT (the automaton would need about 2^31 units). */
EG_API eg_status eg_matcher_build(const eg_matcher_builder *b, eg_matcher **out);

EG_API void eg_matcher_builder_free(eg_matcher_builder *b);
EG_API void eg_matcher_free(eg_matcher *m);

/* Scans text[0..len) and calls fn for every leftmost-longest non-overlapping
 * match. O(len + matches × longest key): after a match the scan restarts
 * right behind it and may re-read up to one key length. EG_OK (also when fn
 * stopped the scan). */
EG_API eg_status eg_matcher_scan(const eg_matcher *m, const char *text, size_t len,
                                 eg_match_fn fn, void *user);

/* A matcher as one flat image, for a compiled dictionary file that later
 * runs map from disk. eg_matcher_image_size() is the bytes the image takes;
 * eg_matcher_write_image() writes it to buf (EG_EINVAL when size is too
 * small). eg_matcher_from_image() makes a matcher that borrows buf (8-byte
 * aligned, left unchanged, alive until eg_matcher_free) after checking that
 * every index in it stays in bounds: EG_EPARSE for a damaged or foreign
 * image (other byte order), EG_ENOMEM. O(image size). */
EG_API size_t eg_matcher_image_size(const eg_matcher *m);
EG_API eg_status eg_matcher_write_image(const eg_matcher *m, void *buf, size_t size);
EG_API eg_status eg_matcher_from_image(const void *buf, size_t size, eg_matcher **out);

/* Bytes of memory the compiled automaton holds. */
EG_API size_t eg_matcher_memory(const eg_matcher *m);

#endif
