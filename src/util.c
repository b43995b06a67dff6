/* madvise and MADV_HUGEPAGE (eg__alloc_table) are not POSIX: this file
 * asks for the system's own declarations too. */
#define _DEFAULT_SOURCE 1
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "internal.h"
#include "util.h"

struct eg__arena_block {
    eg__arena_block *next;
    size_t used, cap;
    _Alignas(max_align_t) char data[];
};

enum { ARENA_BLOCK = 64 * 1024 };

static void *arena_take(eg__arena *a, size_t need, size_t align)
{
    eg__arena_block *b = a->head;
    if (b) {
        size_t pad = (align - (b->used % align)) % align;
        if (b->cap - b->used >= need && b->cap - b->used - need >= pad) {
            void *p = b->data + b->used + pad;
            b->used += pad + need;
            return p;
        }
    }
    size_t cap = need > ARENA_BLOCK ? need : ARENA_BLOCK, total;
    if (eg__add_overflow(cap, sizeof *b, &total)) return NULL;
    b = malloc(total);
    if (!b) return NULL;
    b->cap = cap;
    b->used = need;
    b->next = a->head;
    a->head = b;
    return b->data;
}

void *eg__arena_alloc(eg__arena *a, size_t size)
{
    return arena_take(a, size ? size : 1, sizeof(void *));
}

char *eg__arena_strndup(eg__arena *a, const char *s, size_t len)
{
    size_t need;
    if (eg__add_overflow(len, 1, &need)) return NULL;
    char *p = arena_take(a, need, 1);
    if (!p) return NULL;
    if (len) memcpy(p, s, len);
    p[len] = 0;
    return p;
}

void eg__arena_free(eg__arena *a)
{
    eg__arena_block *b = a->head;
    while (b) {
        eg__arena_block *next = b->next;
        free(b);
        b = next;
    }
    a->head = NULL;
}

uint64_t eg__hash_bytes(const void *p, size_t len)
{
    /* FNV-1a, 64-bit: small keys, no adversary worth a keyed hash here. */
    const unsigned char *s = p;
    uint64_t h = EG__HASH_INIT;
    for (size_t i = 0; i < len; i++) h = eg__hash_step(h, s[i]);
    return h;
}

static int strmap_grow(eg__strmap *m)
{
    size_t cap = m->cap ? m->cap * 2 : 64, bytes;
    if (cap < m->cap || eg__mul_overflow(cap, sizeof(char *), &bytes)) return -1;
    const char **keys = calloc(cap, sizeof *keys);
    uint32_t *values = calloc(cap, sizeof *values);
    if (!keys || !values) {
        free(keys);
        free(values);
        return -1;
    }
    for (size_t i = 0; i < m->cap; i++) {
        if (!m->keys[i]) continue;
        size_t j = eg__hash_bytes(m->keys[i], strlen(m->keys[i])) & (cap - 1);
        while (keys[j]) j = (j + 1) & (cap - 1);
        keys[j] = m->keys[i];
        values[j] = m->values[i];
    }
    free(m->keys);
    free(m->values);
    m->keys = keys;
    m->values = values;
    m->cap = cap;
    return 0;
}

int eg__strmap_put(eg__strmap *m, const char *key, uint32_t value)
{
    if ((m->count + 1) * 4 > m->cap * 3 && strmap_grow(m)) return -1;
    size_t j = eg__hash_bytes(key, strlen(key)) & (m->cap - 1);
    while (m->keys[j]) {
        if (!strcmp(m->keys[j], key)) {
            m->values[j] = value;
            return 0;
        }
        j = (j + 1) & (m->cap - 1);
    }
    m->keys[j] = key;
    m->values[j] = value;
    m->count++;
    return 0;
}

int eg__strmap_get(const eg__strmap *m, const char *key, uint32_t *value)
{
    if (!m->cap) return 0;
    size_t j = eg__hash_bytes(key, strlen(key)) & (m->cap - 1);
    while (m->keys[j]) {
        if (!strcmp(m->keys[j], key)) {
            if (value) *value = m->values[j];
            return 1;
        }
        j = (j + 1) & (m->cap - 1);
    }
    return 0;
}

void eg__strmap_free(eg__strmap *m)
{
    free(m->keys);
    free(m->values);
    memset(m, 0, sizeof *m);
}

/* The home slot of a pointer: murmur3's finaliser, since addresses share
 * their low and high bits. */
static size_t ptr_slot(const void *key, size_t cap)
{
    uint64_t k = (uint64_t)(uintptr_t)key;
    k ^= k >> 33;
    k *= 0xff51afd7ed558ccdull;
    k ^= k >> 33;
    k *= 0xc4ceb9fe1a85ec53ull;
    k ^= k >> 33;
    return (size_t)k & (cap - 1);
}

static int ptrmap_grow(eg__ptrmap *m)
{
    size_t cap = m->cap ? m->cap * 2 : 64, bytes;
    if (cap < m->cap || eg__mul_overflow(cap, sizeof(uint64_t), &bytes)) return -1;
    const void **keys = calloc(cap, sizeof *keys);
    uint64_t *values = malloc(bytes);
    if (!keys || !values) {
        free(keys);
        free(values);
        return -1;
    }
    for (size_t i = 0; i < m->cap; i++) {
        if (!m->keys[i]) continue;
        size_t j = ptr_slot(m->keys[i], cap);
        while (keys[j]) j = (j + 1) & (cap - 1);
        keys[j] = m->keys[i];
        values[j] = m->values[i];
    }
    free(m->keys);
    free(m->values);
    m->keys = keys;
    m->values = values;
    m->cap = cap;
    return 0;
}

int eg__ptrmap_put(eg__ptrmap *m, const void *key, uint64_t value)
{
    if ((m->count + 1) * 4 > m->cap * 3 && ptrmap_grow(m)) return -1;
    size_t j = ptr_slot(key, m->cap);
    while (m->keys[j] && m->keys[j] != key) j = (j + 1) & (m->cap - 1);
    if (!m->keys[j]) {
        m->keys[j] = key;
        m->count++;
    }
    m->values[j] = value;
    return 0;
}

int eg__ptrmap_get(const eg__ptrmap *m, const void *key, uint64_t *value)
{
    if (!m->cap) return 0;
    for (size_t j = ptr_slot(key, m->cap); m->keys[j]; j = (j + 1) & (m->cap - 1))
        if (m->keys[j] == key) {
            if (value) *value = m->values[j];
            return 1;
        }
    return 0;
}

void eg__ptrmap_free(eg__ptrmap *m)
{
    free(m->keys);
    free(m->values);
    memset(m, 0, sizeof *m);
}

int eg__ends_with(const char *s, const char *suffix)
{
    size_t a = strlen(s), b = strlen(suffix);
    return a >= b && !strcmp(s + a - b, suffix);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

void eg__free_names(char **names, size_t n)
{
    for (size_t i = 0; i < n; i++) free(names[i]);
    free(names);
}

int eg__list_dir(const char *path, char ***out, size_t *n_out)
{
    DIR *dir = opendir(path);
    if (!dir) return -1;
    char **names = NULL;
    size_t n = 0, cap = 0;
    int slash = eg__ends_with(path, "/");
    struct dirent *de;
    while ((de = readdir(dir))) {
        if (de->d_name[0] == '.') continue;
        if (n == cap) {
            size_t ncap = cap ? cap * 2 : 32, bytes;
            char **p;
            if (eg__mul_overflow(ncap, sizeof *p, &bytes) || !(p = realloc(names, bytes))) goto nomem;
            names = p;
            cap = ncap;
        }
        size_t len = strlen(path) + strlen(de->d_name) + 2;
        if (!(names[n] = malloc(len))) goto nomem;
        snprintf(names[n], len, "%s%s%s", path, slash ? "" : "/", de->d_name);
        n++;
    }
    closedir(dir);
    if (n > 1) qsort(names, n, sizeof *names, cmp_str);
    *out = names;
    *n_out = n;
    return 0;
nomem:
    closedir(dir);
    eg__free_names(names, n);
    errno = ENOMEM;
    return -1;
}

eg_status eg__map_file(const char *path, size_t min_len, const char *what, void **map, size_t *len,
                       eg_error *err)
{
    *map = NULL;
    *len = 0;
    int fd = open(path, O_RDONLY);
    if (fd < 0) return eg__error(err, EG_EIO, path, 0, 0, "cannot open: %s", strerror(errno));
    struct stat sb;
    if (fstat(fd, &sb) || sb.st_size < (off_t)min_len) {
        close(fd);
        return eg__error(err, EG_EPARSE, path, 0, 0, "%s (too short)", what);
    }
    void *m = mmap(NULL, (size_t)sb.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
    int e = errno;
    close(fd);
    if (m == MAP_FAILED) return eg__error(err, EG_EIO, path, 0, 0, "cannot map: %s", strerror(e));
    *map = m;
    *len = (size_t)sb.st_size;
    return EG_OK;
}

int eg__grow_array(void **items, size_t *cap, size_t need, size_t size, size_t first)
{
    if (need <= *cap) return 0;
    size_t c = *cap ? *cap : first, bytes;
    while (c < need)
        if (eg__mul_overflow(c, 2, &c)) return -1;
    if (eg__mul_overflow(c, size, &bytes)) return -1;
    void *p = realloc(*items, bytes);
    if (!p) return -1;
    *items = p;
    *cap = c;
    return 0;
}

void *eg__alloc_table(size_t len)
{
    const size_t huge = (size_t)2 << 20;
    void *p = NULL;
    if (len < huge) return calloc(1, len ? len : 1);
    if (posix_memalign(&p, huge, len)) return NULL;
#if defined(MADV_HUGEPAGE)
    (void)madvise(p, (len + huge - 1) & ~(huge - 1), MADV_HUGEPAGE); /* advice only: any failure is harmless */
#endif
    memset(p, 0, len);
    return p;
}

/* Reads all of path into a NUL-terminated buffer (*out, *len excludes the
 * NUL). Works for pipes too: fread into the buffer's free room until it
 * reads nothing, at least 32 KiB of room a time (the buffer doubles). */
eg_status eg__read_file(const char *path, char **out, size_t *len, eg_error *err)
{
    eg_status st = EG_OK;
    eg__buf b = EG__BUF_INIT;
    FILE *fp = fopen(path, "rb");
    if (!fp) {
        int e = errno;
        return eg__error(err, EG_EIO, path, 0, 0, "cannot open: %s", strerror(e));
    }
    for (;;) {
        if (eg__buf_reserve(&b, 32768)) {
            st = eg__error(err, EG_ENOMEM, path, 0, 0, "out of memory");
            goto fail;
        }
        size_t got = fread(b.data + b.len, 1, b.cap - b.len - 1, fp);
        b.len += got;
        b.data[b.len] = '\0'; /* the buffer's rule: a NUL after the bytes */
        if (got == 0) break;
    }
    if (ferror(fp)) {
        int e = errno;
        st = eg__error(err, EG_EIO, path, 0, 0, "cannot read: %s", strerror(e));
        goto fail;
    }
    fclose(fp);
    *out = eg__buf_steal(&b, len);
    return EG_OK;
fail:
    fclose(fp);
    eg__buf_free(&b);
    return st;
}

/* 1-based line and column (in code points) of byte offset off in text. */
void eg__text_position(const char *text, size_t off, long *line, long *column)
{
    *line = 1;
    *column = 1;
    for (size_t i = 0; i < off; i++) {
        unsigned char c = (unsigned char)text[i];
        if (c == '\n') {
            ++*line;
            *column = 1;
        } else if (!eg__utf8_is_cont(c)) {
            ++*column;
        }
    }
}
