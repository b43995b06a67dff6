#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "util.h"

struct eg__arena_block {
    eg__arena_block *next;
    size_t used, cap;
    char data[];
};

enum { ARENA_BLOCK = 64 * 1024 };

char *eg__arena_strndup(eg__arena *a, const char *s, size_t len)
{
    size_t need;
    if (eg__add_overflow(len, 1, &need)) return NULL;
    eg__arena_block *b = a->head;
    if (!b || b->cap - b->used < need) {
        size_t cap = need > ARENA_BLOCK ? need : ARENA_BLOCK, total;
        if (eg__add_overflow(cap, sizeof *b, &total)) return NULL;
        b = malloc(total);
        if (!b) return NULL;
        b->cap = cap;
        b->used = 0;
        b->next = a->head;
        a->head = b;
    }
    char *p = b->data + b->used;
    if (len) memcpy(p, s, len);
    p[len] = 0;
    b->used += need;
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
    uint64_t h = 1469598103934665603ull;
    for (size_t i = 0; i < len; i++) {
        h ^= s[i];
        h *= 1099511628211ull;
    }
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

uint32_t eg__utf8_decode(const char *str, size_t len, size_t *i, int *bad)
{
    const unsigned char *s = (const unsigned char *)str;
    size_t p = *i;
    unsigned c = s[p];
    if (c < 0x80) {
        *i = p + 1;
        return c;
    }
    size_t n;
    uint32_t cp, min;
    if (c >= 0xC2 && c <= 0xDF) { n = 1; cp = c & 0x1F; min = 0x80; }
    else if (c >= 0xE0 && c <= 0xEF) { n = 2; cp = c & 0x0F; min = 0x800; }
    else if (c >= 0xF0 && c <= 0xF4) { n = 3; cp = c & 0x07; min = 0x10000; }
    else goto invalid;
    if (len - p - 1 < n) goto invalid;
    for (size_t k = 1; k <= n; k++) {
        if ((s[p + k] & 0xC0) != 0x80) goto invalid;
        cp = (cp << 6) | (s[p + k] & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) goto invalid;
    *i = p + n + 1;
    return cp;
invalid:
    if (bad) *bad = 1;
    *i = p + 1;
    return 0xFFFD;
}

size_t eg__utf8_put(uint32_t c, char *out)
{
    unsigned char *o = (unsigned char *)out;
    if (c < 0x80) { o[0] = (unsigned char)c; return 1; }
    if (c < 0x800) { o[0] = (unsigned char)(0xC0 | (c >> 6)); o[1] = (unsigned char)(0x80 | (c & 0x3F)); return 2; }
    if (c < 0x10000) {
        o[0] = (unsigned char)(0xE0 | (c >> 12));
        o[1] = (unsigned char)(0x80 | ((c >> 6) & 0x3F));
        o[2] = (unsigned char)(0x80 | (c & 0x3F));
        return 3;
    }
    o[0] = (unsigned char)(0xF0 | (c >> 18));
    o[1] = (unsigned char)(0x80 | ((c >> 12) & 0x3F));
    o[2] = (unsigned char)(0x80 | ((c >> 6) & 0x3F));
    o[3] = (unsigned char)(0x80 | (c & 0x3F));
    return 4;
}

size_t eg__utf8_count(const char *s, size_t len)
{
    size_t i = 0, n = 0;
    while (i < len) {
        eg__utf8_decode(s, len, &i, NULL);
        n++;
    }
    return n;
}
