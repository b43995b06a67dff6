/* Library-internal containers: a string arena and a string → index map. */
#ifndef ENTGRAPH_UTIL_H
#define ENTGRAPH_UTIL_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "utf8.h" /* the UTF-8 codec (eg__utf8_*) */

/* Arena of immutable strings, freed in one call. Pointers it returns stay
 * valid until eg__arena_free(). */
typedef struct eg__arena_block eg__arena_block;
typedef struct eg__arena {
    eg__arena_block *head;
} eg__arena;

/* Copies s[0..len) plus a NUL into the arena; NULL when out of memory. */
char *eg__arena_strndup(eg__arena *a, const char *s, size_t len);
/* size bytes aligned for any pointer or integer; NULL when out of memory. */
void *eg__arena_alloc(eg__arena *a, size_t size);
void eg__arena_free(eg__arena *a);

/* Open-addressing map from borrowed NUL-terminated keys to uint32 values.
 * Keys are not copied: they must outlive the map (arena strings). */
typedef struct eg__strmap {
    const char **keys;
    uint32_t *values;
    size_t cap; /* power of two, or 0 */
    size_t count;
} eg__strmap;

/* FNV-1a, 64-bit, a byte at a time: eg__hash_bytes(s, n) is EG__HASH_INIT
 * stepped through s[0..n), so a scan can grow a hash as it reads. */
#define EG__HASH_INIT 1469598103934665603ull
static inline uint64_t eg__hash_step(uint64_t h, unsigned char c) { return (h ^ c) * 1099511628211ull; }
uint64_t eg__hash_bytes(const void *p, size_t len);

/* Asks the caches for the line at p. GCC 12 at -O2 deletes
 * __builtin_prefetch in a loop that does nothing else, and with it the
 * prefetches before the loop (its control-dependent dead code
 * elimination): the tagger's emission prefetches were all gone from the
 * binary. An asm statement stays. */
static inline void eg__prefetch_line(const void *p)
{
#if defined(__GNUC__) && (defined(__x86_64__) || defined(__i386__))
    __asm__ volatile("prefetcht0 %0" : : "m"(*(const char *)p));
#elif defined(__GNUC__)
    __builtin_prefetch(p);
#else
    (void)p;
#endif
}

/* The next item of a '|'-separated list (aliases, context ids): *item and
 * *len, *p moved past it; 0 when the list is done. Empty items are items. */
static inline int eg__list_next(const char **p, const char **item, size_t *len)
{
    if (!*p || !**p) return 0;
    const char *bar = strchr(*p, '|');
    *item = *p;
    *len = bar ? (size_t)(bar - *p) : strlen(*p);
    *p += *len + (bar ? 1 : 0);
    return 1;
}
/* The offset of the first '|' of the list s[0..len) that makes an empty
 * item (at either end, or beside another '|'), or len when no item is
 * empty. An empty list (len 0) has no items. */
static inline size_t eg__list_empty_item(const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (s[i] == '|' && (i == 0 || i + 1 == len || s[i + 1] == '|')) return i;
    return len;
}
/* Sets key → value (replacing). 0 on success, -1 when out of memory. */
int eg__strmap_put(eg__strmap *m, const char *key, uint32_t value);
/* 1 and *value when found, else 0. */
int eg__strmap_get(const eg__strmap *m, const char *key, uint32_t *value);
void eg__strmap_free(eg__strmap *m);

/* Open-addressing map from pointers (by identity, not what they point to;
 * never NULL) to uint64 values: which shared strings were already placed. */
typedef struct eg__ptrmap {
    const void **keys;
    uint64_t *values;
    size_t cap; /* power of two, or 0 */
    size_t count;
} eg__ptrmap;

/* Sets key → value (replacing). 0 on success, -1 when out of memory. */
int eg__ptrmap_put(eg__ptrmap *m, const void *key, uint64_t value);
/* 1 and *value when found, else 0. */
int eg__ptrmap_get(const eg__ptrmap *m, const void *key, uint64_t *value);
void eg__ptrmap_free(eg__ptrmap *m);

/* Makes room for need elements of size bytes in *items (capacity *cap,
 * in elements): when need > *cap, the capacity doubles, from *cap or (when
 * 0) from first, until it holds need, the sizes checked for overflow.
 * 0 on success; -1 when out of memory, *items and *cap unchanged. The
 * one grower of typed arrays (bytes of text grow in an eg__buf). */
int eg__grow_array(void **items, size_t *cap, size_t need, size_t size, size_t first);

/* Zeroed memory for a large table that is read at random (the lexicon's
 * trie, the tagger's weights, the dictionary automaton): from 2 MiB on it
 * is 2 MiB aligned and asks the kernel for huge pages (madvise
 * MADV_HUGEPAGE, where there is such a thing), so that its reads do not
 * also miss the TLB. Released with free(). NULL when out of memory. */
void *eg__alloc_table(size_t len);

/* Whether s ends with suffix. */
int eg__ends_with(const char *s, const char *suffix);

/* The entries of folder path, hidden ones (".x") left out, as paths
 * "path/name" (no doubled slash) in byte order, in a new array *names of
 * *n malloc'd strings (eg__free_names frees it). 0, or -1 with errno set
 * (the folder cannot be read, or memory ran out: ENOMEM). */
int eg__list_dir(const char *path, char ***names, size_t *n);
void eg__free_names(char **names, size_t n);

#endif
