/* Shared helpers of the libFuzzer targets in fuzz/ (each fuzz_*.c is one
 * target). The same sources are linked with replay.c into plain programs
 * that the test suite runs over tests/data/fuzz-regressions/ and the seed
 * corpora, so a crash found once stays fixed. A target checks what the
 * library promises and calls FUZZ_CHECK, which aborts (a crash to
 * libFuzzer, a failed test to meson) when a promise is broken. */
#ifndef ENTGRAPH_FUZZ_H
#define ENTGRAPH_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_CHECK(cond)                                                          \
    do {                                                                          \
        if (!(cond)) {                                                            \
            fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
            abort();                                                              \
        }                                                                         \
    } while (0)

/* A folder of this process's own for the files the path-based loaders
 * read, removed at exit. */
static char fuzz__dir[256];

static inline void fuzz__cleanup(void)
{
    if (!fuzz__dir[0]) return;
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", fuzz__dir);
    if (system(cmd)) fuzz__dir[0] = 0;
}

/* The path of file name in the folder, holding data[0..size): the same
 * path every call, rewritten each time. NULL when it cannot be written. */
static inline const char *fuzz_file(const char *name, const uint8_t *data, size_t size)
{
    static char path[512];
    if (!fuzz__dir[0]) {
        const char *t = getenv("TMPDIR");
        snprintf(fuzz__dir, sizeof fuzz__dir, "%s/egfuzz-XXXXXX", t && *t ? t : "/tmp");
        if (!mkdtemp(fuzz__dir)) {
            fuzz__dir[0] = 0;
            return NULL;
        }
        atexit(fuzz__cleanup);
    }
    snprintf(path, sizeof path, "%s/%s", fuzz__dir, name);
    FILE *fp = fopen(path, "wb");
    if (!fp) return NULL;
    size_t put = size ? fwrite(data, 1, size, fp) : 0;
    if (fclose(fp) || put != size) return NULL;
    return path;
}

/* Whether s[0..n) is well-formed UTF-8 (no surrogates, no overlongs). */
static inline int fuzz_utf8_ok(const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    while (i < n) {
        unsigned c = p[i];
        size_t k;
        uint32_t cp, min;
        if (c < 0x80) { i++; continue; }
        if ((c & 0xE0) == 0xC0) { k = 1; cp = c & 0x1F; min = 0x80; }
        else if ((c & 0xF0) == 0xE0) { k = 2; cp = c & 0x0F; min = 0x800; }
        else if ((c & 0xF8) == 0xF0) { k = 3; cp = c & 0x07; min = 0x10000; }
        else return 0;
        if (n - i <= k) return 0;
        for (size_t j = 1; j <= k; j++) {
            if ((p[i + j] & 0xC0) != 0x80) return 0;
            cp = cp << 6 | (p[i + j] & 0x3F);
        }
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
        i += k + 1;
    }
    return 1;
}

#endif
