/* The word lexicon and jieba-style max-probability segmentation. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "entgraph/text.h"
#include "buf.h"
#include "dict_load.h" /* eg__column_of */
#include "internal.h"
#include "lexicon.h"
#include "util.h"

/* Image layout (native byte order):
 *   header  (struct below, 32 bytes)
 *   slots   n_slots uint64: the trie of the words, each slot a node (its
 *           id is the slot's index + 1; 0 is the root before any
 *           character), found by hashing its parent's id and its last
 *           character; 0 an empty slot. Bits 0-17 the character, 18-43
 *           the parent's id, 44 set when a longer word goes on from the
 *           node, 45-63 the index of its entry in values.
 *   values  n_values uint32 entries, [0] = 0 (a prefix of a word, no word
 *           itself), else a frequency with NAME_BIT for a person's name
 *           (and COMMON_BIT for one that is a common word too);
 *           padded to 8 bytes.
 * Every prefix of a word is a node, so a walk from one character follows
 * the text character by character, one probe of the table each (the slot
 * holds its whole key: no second read to compare it), and stops where no
 * longer word goes on. */
/* Version 3: values may carry COMMON_BIT. A version 2 image (no such
 * bit) reads the same; a program of version 2 refuses a version 3 one
 * rather than take the bit for a frequency. */
#define LEX_MAGIC "EGLEX\x03\n"
#define LEX_MAGIC_V2 "EGLEX\x02\n"
/* Slot frequencies carry the name tag in their top bit, the common-word
 * mark in the next (lexicon.h). */
#define NAME_BIT EG__LEX_NAME_BIT
#define COMMON_BIT EG__LEX_COMMON_BIT
#define FREQ_MASK EG__LEX_FREQ_MASK

typedef struct lex_header {
    char magic[8];
    uint64_t total;
    uint32_t n_slots, n_words, n_values, pad;
} lex_header;

#define SLOT_CHAR_BITS 18 /* every ideograph eg__is_han admits is below 2^18 */
#define SLOT_NODE_BITS 26
#define SLOT_KEY_BITS (SLOT_CHAR_BITS + SLOT_NODE_BITS)
#define SLOT_KEY_MASK ((1ull << SLOT_KEY_BITS) - 1)
#define SLOT_MORE (1ull << SLOT_KEY_BITS)
#define SLOT_VALUE_SHIFT (SLOT_KEY_BITS + 1)
#define SLOT_VALUE_BITS (64 - SLOT_VALUE_SHIFT)
/* Node ids (slot index + 1) must fit their field: at most 2^25 slots. */
#define MAX_SLOTS ((uint32_t)1 << (SLOT_NODE_BITS - 1))
#define MAX_VALUES ((uint32_t)1 << SLOT_VALUE_BITS)

static inline uint64_t node_key(uint32_t parent, uint32_t c) { return (uint64_t)c | (uint64_t)parent << SLOT_CHAR_BITS; }
static inline uint32_t slot_char(uint64_t e) { return (uint32_t)(e & ((1u << SLOT_CHAR_BITS) - 1)); }
static inline uint32_t slot_parent(uint64_t e) { return (uint32_t)(e >> SLOT_CHAR_BITS & ((1u << SLOT_NODE_BITS) - 1)); }
static inline uint32_t slot_vidx(uint64_t e) { return (uint32_t)(e >> SLOT_VALUE_SHIFT); }

static inline size_t node_home(uint64_t key, uint32_t mask)
{
    uint64_t h = key * 0x9E3779B97F4A7C15ull;
    h ^= h >> 29;
    h *= 0xBF58476D1CE4E5B9ull;
    h ^= h >> 32;
    return (size_t)h & mask;
}

/* Derived tables, small enough to stay in cache, so that most positions
 * of a window cost no probe of the large slot table: the log probability
 * of each ideograph as a word of one character, its node, and a bit per
 * hashed pair of ideographs that begins some longer word. */
#define CHAR_FIRST 0x3400u
#define CHAR_LAST 0x9FFFu
#define PAIR_BITS 20

/* What segmentation reads of an ideograph, together (one cache line). */
typedef struct lex_char {
    float logp;    /* as a word of one character */
    uint32_t val;  /* its value as a word (0: none) */
    uint32_t node; /* its node (0: no word starts with it), with CHAR_MORE */
} lex_char;

/* In lex_char.node: a longer word goes on from the character's node (its
 * slot's SLOT_MORE), so that a walk need not read that slot at all. Node
 * ids are below MAX_SLOTS + 1 <= 2^25. */
#define CHAR_MORE 0x80000000u

/* An entry as a path word: its log probability and itself, together, so
 * that a word of the walk costs one cache line of this table, not two. */
typedef struct lex_value {
    double logp;  /* log((double)f) - log_total for the entry's frequency f */
    uint32_t val; /* the entry (values[v]) */
    uint32_t pad;
} lex_value;

struct eg__lexicon {
    lex_char *chars; /* CHAR_LAST - CHAR_FIRST + 1 */
    lex_value *value; /* [v] for values[v] */
    uint64_t *pairs;    /* 2^PAIR_BITS bits */
    const uint64_t *slots;
    const uint32_t *values;
    uint32_t mask, n_words, n_values;
    uint64_t total;
    double log_total;
    void *own; /* the block, when built here (NULL when it reads an image) */
    size_t own_len;
};

static inline int is_han(uint32_t c) { return eg__is_han(c); }

/* The slot of node (parent, c), or SIZE_MAX when there is none. */
static inline size_t find_node(const uint64_t *slots, uint32_t mask, uint32_t parent, uint32_t c)
{
    uint64_t key = node_key(parent, c);
    for (size_t k = node_home(key, mask);; k = (k + 1) & mask) {
        uint64_t e = slots[k];
        if (!e) return SIZE_MAX;
        if ((e & SLOT_KEY_MASK) == key) return k;
    }
}

/* The slot of the word s[0..len) (UTF-8), or SIZE_MAX when it is neither a
 * word nor a prefix of one. */
static size_t find_word(const eg__lexicon *lx, const char *s, size_t len)
{
    size_t i = 0, k = SIZE_MAX;
    uint32_t node = 0;
    if (!lx || !len) return SIZE_MAX;
    while (i < len) {
        int bad = 0;
        uint32_t c = eg__utf8_decode(s, len, &i, &bad);
        if (bad || !is_han(c)) return SIZE_MAX;
        if (!node && c >= CHAR_FIRST && c <= CHAR_LAST) {
            node = lx->chars[c - CHAR_FIRST].node & ~CHAR_MORE;
            if (!node) return SIZE_MAX;
            k = node - 1;
            continue;
        }
        k = find_node(lx->slots, lx->mask, node, c);
        if (k == SIZE_MAX) return SIZE_MAX;
        node = (uint32_t)k + 1;
    }
    return k;
}

static uint32_t slot_value(const eg__lexicon *lx, const char *s, size_t len)
{
    size_t k = find_word(lx, s, len);
    return k == SIZE_MAX ? 0 : lx->values[slot_vidx(lx->slots[k])];
}

uint32_t eg__lexicon_freq(const eg__lexicon *lx, const char *s, size_t len)
{
    return slot_value(lx, s, len) & FREQ_MASK;
}

int eg__lexicon_is_name(const eg__lexicon *lx, const char *s, size_t len)
{
    return (slot_value(lx, s, len) & NAME_BIT) != 0;
}

int eg__lexicon_is_common_name(const eg__lexicon *lx, const char *s, size_t len)
{
    uint32_t v = slot_value(lx, s, len);
    return (v & NAME_BIT) && (v & COMMON_BIT);
}

double eg__lexicon_log_total(const eg__lexicon *lx) { return lx->log_total; }
size_t eg__lexicon_count(const eg__lexicon *lx) { return lx->n_words; }

void eg__lexicon_free(eg__lexicon *lx)
{
    if (!lx) return;
    free(lx->own);
    free(lx->chars);
    free(lx->value);
    free(lx->pairs);
    free(lx);
}

static inline uint32_t pair_bit(uint32_t a, uint32_t b)
{
    return (uint32_t)(((uint64_t)a * 0x9E3779B1u ^ (uint64_t)b * 0x85EBCA77u) >> 7) & ((1u << PAIR_BITS) - 1);
}

/* The pair filter's bit for a, b in the bitmap pairs. */
static inline int pair_in(const uint64_t *pairs, uint32_t a, uint32_t b)
{
    uint32_t k = pair_bit(a, b);
    return (int)(pairs[k >> 6] >> (k & 63) & 1);
}

int eg__lexicon_pair(const eg__lexicon *lx, uint32_t a, uint32_t b) { return pair_in(lx->pairs, a, b); }

/* Fills the derived tables from the slots. */
static int derive(eg__lexicon *lx)
{
    size_t nc = CHAR_LAST - CHAR_FIRST + 1;
    lx->chars = calloc(nc, sizeof *lx->chars);
    lx->value = calloc(lx->n_values, sizeof *lx->value);
    lx->pairs = calloc((size_t)1 << (PAIR_BITS - 6), sizeof *lx->pairs);
    if (!lx->chars || !lx->value || !lx->pairs) return -1;
    for (size_t i = 0; i < nc; i++) lx->chars[i].logp = (float)-lx->log_total; /* frequency 1 */
    /* the expression segmentation evaluated per word: the same bits */
    for (size_t v = 0; v < lx->n_values; v++) {
        uint32_t f = lx->values[v] & FREQ_MASK;
        lx->value[v].logp = f ? log((double)f) - lx->log_total : 0;
        lx->value[v].val = lx->values[v];
    }
    for (size_t k = 0; k <= lx->mask; k++) {
        uint64_t e = lx->slots[k];
        if (!e) continue;
        uint32_t c = slot_char(e), parent = slot_parent(e);
        uint32_t val = lx->values[slot_vidx(e)], f = val & FREQ_MASK;
        if (!parent) {
            if (c >= CHAR_FIRST && c <= CHAR_LAST) {
                lx->chars[c - CHAR_FIRST].node = ((uint32_t)k + 1) | (e & SLOT_MORE ? CHAR_MORE : 0);
                if (f) {
                    lx->chars[c - CHAR_FIRST].logp = (float)(log((double)f) - lx->log_total);
                    lx->chars[c - CHAR_FIRST].val = val;
                }
            }
            continue;
        }
        uint64_t pe = lx->slots[parent - 1];
        if (slot_parent(pe)) continue; /* three characters or more */
        uint32_t bit = pair_bit(slot_char(pe), c);
        lx->pairs[bit >> 6] |= 1ull << (bit & 63);
    }
    return 0;
}

/* ---- building ------------------------------------------------------------ */

/* The trie is built with provisional node ids (in order of creation, so
 * a parent's id is below its children's) and a growing map from (parent,
 * character) to id; build() then lays it out in a table of the final
 * size, parents first. */
typedef struct builder {
    uint32_t *parent, *ch, *val; /* per provisional node, [0] the root */
    uint8_t *more;
    size_t n, cap;
    uint64_t *map_key; /* node_key(parent, c) + 1; 0 empty */
    uint32_t *map_id;
    size_t map_slots;
    uint32_t n_words;
    uint64_t total;
} builder;

static void builder_free(builder *b)
{
    free(b->parent);
    free(b->ch);
    free(b->val);
    free(b->more);
    free(b->map_key);
    free(b->map_id);
    memset(b, 0, sizeof *b);
}

static int map_grow(builder *b)
{
    size_t n = b->map_slots ? b->map_slots * 2 : (size_t)1 << 16;
    uint64_t *key = calloc(n, sizeof *key);
    uint32_t *id = malloc(n * sizeof *id);
    if (!key || !id) {
        free(key);
        free(id);
        return -1;
    }
    for (size_t k = 0; k < b->map_slots; k++) {
        if (!b->map_key[k]) continue;
        size_t j = node_home(b->map_key[k] - 1, (uint32_t)(n - 1));
        while (key[j]) j = (j + 1) & (n - 1);
        key[j] = b->map_key[k];
        id[j] = b->map_id[k];
    }
    free(b->map_key);
    free(b->map_id);
    b->map_key = key;
    b->map_id = id;
    b->map_slots = n;
    return 0;
}

/* The child of node parent for character c, made (as a prefix) when new;
 * 0 when out of memory. */
static uint32_t builder_child(builder *b, uint32_t parent, uint32_t c)
{
    if ((b->n + 1) * 2 > b->map_slots && map_grow(b)) return 0;
    uint64_t key = node_key(parent, c) + 1;
    size_t j = node_home(key - 1, (uint32_t)(b->map_slots - 1));
    for (; b->map_key[j]; j = (j + 1) & (b->map_slots - 1))
        if (b->map_key[j] == key) return b->map_id[j];
    if (b->n == b->cap) {
        size_t cap = b->cap ? b->cap : 1024;
        if (eg__grow_array((void **)&b->parent, &cap, b->n + 1, sizeof *b->parent, 1024)) return 0;
        cap = b->cap ? b->cap : 1024;
        if (eg__grow_array((void **)&b->ch, &cap, b->n + 1, sizeof *b->ch, 1024)) return 0;
        cap = b->cap ? b->cap : 1024;
        if (eg__grow_array((void **)&b->val, &cap, b->n + 1, sizeof *b->val, 1024)) return 0;
        cap = b->cap ? b->cap : 1024;
        if (eg__grow_array((void **)&b->more, &cap, b->n + 1, sizeof *b->more, 1024)) return 0;
        b->cap = cap;
    }
    uint32_t id = (uint32_t)b->n++;
    b->parent[id] = parent;
    b->ch[id] = c;
    b->val[id] = 0;
    b->more[id] = 0;
    b->more[parent] = 1;
    b->map_key[j] = key;
    b->map_id[j] = id;
    return id;
}

/* Adds the word of code points cp[0..n) with entry v (a frequency, with
 * NAME_BIT for a name); a word given again takes the later entry. */
static int builder_put(builder *b, const uint32_t *cp, size_t n, uint32_t v)
{
    uint32_t node = 0;
    for (size_t i = 0; i < n; i++)
        if (!(node = builder_child(b, node, cp[i]))) return -1;
    uint32_t old = b->val[node];
    b->n_words += old == 0;
    b->total -= old & FREQ_MASK;
    b->total += v & FREQ_MASK;
    b->val[node] = v;
    return 0;
}

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

static size_t image_bytes(uint32_t n_slots, uint32_t n_values)
{
    return sizeof(lex_header) + 8 * (size_t)n_slots + ((4 * (size_t)n_values + 7) & ~(size_t)7);
}

/* The lexicon over the image in img (owned when own). */
static eg_status adopt(const void *img, size_t len, void *own, eg__lexicon **out)
{
    const lex_header *h = img;
    eg__lexicon *lx = calloc(1, sizeof *lx);
    if (!lx) return EG_ENOMEM;
    lx->slots = (const uint64_t *)(const void *)((const char *)img + sizeof *h);
    lx->values = (const uint32_t *)(const void *)((const char *)img + sizeof *h + 8 * (size_t)h->n_slots);
    lx->mask = h->n_slots - 1;
    lx->n_words = h->n_words;
    lx->n_values = h->n_values;
    lx->total = h->total ? h->total : 1;
    lx->log_total = log((double)lx->total);
    lx->own = own;
    lx->own_len = own ? len : 0;
    if (derive(lx)) {
        lx->own = NULL;
        eg__lexicon_free(lx);
        return EG_ENOMEM;
    }
    *out = lx;
    return EG_OK;
}

static eg_status build(builder *b, eg__lexicon **out)
{
    eg_status st = EG_ENOMEM;
    size_t nodes = b->n ? b->n - 1 : 0, n_slots = 64;
    while (n_slots < 2 * nodes + 1) n_slots *= 2;
    if (n_slots > MAX_SLOTS) return EG_ELIMIT;
    /* the distinct entries, in ascending order: [0] = 0; vmap from an
     * entry to its index (open addressing, entry + 1 as key) */
    size_t vslots = 1024;
    uint32_t *vals = NULL, *final = calloc(b->n ? b->n : 1, sizeof *final), *vkey = NULL, *vidx = NULL;
    unsigned char *img = NULL;
    size_t n_values = 1;
    if (!final) goto done;
    for (;;) {
        free(vkey);
        vkey = calloc(vslots, sizeof *vkey);
        if (!vkey) goto done;
        n_values = 1;
        for (size_t id = 1; id < b->n && n_values * 2 <= vslots; id++) {
            size_t j = node_home(b->val[id], (uint32_t)(vslots - 1));
            while (vkey[j] && vkey[j] != b->val[id] + 1u) j = (j + 1) & (vslots - 1);
            if (!vkey[j] && b->val[id]) {
                vkey[j] = b->val[id] + 1u;
                n_values++;
            }
        }
        if (n_values * 2 <= vslots) break;
        vslots *= 2;
    }
    if (n_values > MAX_VALUES) {
        st = EG_ELIMIT;
        goto done;
    }
    vals = malloc(n_values * sizeof *vals);
    vidx = malloc(vslots * sizeof *vidx);
    if (!vals || !vidx) goto done;
    vals[0] = 0;
    for (size_t j = 0, k = 1; j < vslots; j++)
        if (vkey[j]) vals[k++] = vkey[j] - 1;
    qsort(vals + 1, n_values - 1, sizeof *vals, cmp_u32);
    for (size_t k = 1; k < n_values; k++) {
        size_t j = node_home(vals[k], (uint32_t)(vslots - 1));
        while (vkey[j] != vals[k] + 1u) j = (j + 1) & (vslots - 1);
        vidx[j] = (uint32_t)k;
    }
    size_t len = image_bytes((uint32_t)n_slots, (uint32_t)n_values);
    if (!(img = eg__alloc_table(len))) goto done;
    lex_header h;
    memset(&h, 0, sizeof h);
    memcpy(h.magic, LEX_MAGIC, 8);
    h.total = b->total;
    h.n_slots = (uint32_t)n_slots;
    h.n_words = b->n_words;
    h.n_values = (uint32_t)n_values;
    memcpy(img, &h, sizeof h);
    uint64_t *slots = (uint64_t *)(void *)(img + sizeof h);
    uint32_t *values = (uint32_t *)(void *)(img + sizeof h + 8 * n_slots);
    memcpy(values, vals, n_values * sizeof *values);
    /* parents first: a provisional id is above its parent's */
    for (size_t id = 1; id < b->n; id++) {
        uint32_t parent = final[b->parent[id]];
        uint64_t key = node_key(parent, b->ch[id]);
        size_t k = node_home(key, (uint32_t)(n_slots - 1));
        while (slots[k]) k = (k + 1) & (n_slots - 1);
        uint64_t v = 0;
        if (b->val[id]) {
            size_t j = node_home(b->val[id], (uint32_t)(vslots - 1));
            while (vkey[j] != b->val[id] + 1u) j = (j + 1) & (vslots - 1);
            v = vidx[j];
        }
        slots[k] = key | (b->more[id] ? SLOT_MORE : 0) | v << SLOT_VALUE_SHIFT;
        final[id] = (uint32_t)k + 1;
    }
    st = adopt(img, len, img, out);
    if (!st) img = NULL;
done:
    free(img);
    free(vals);
    free(final);
    free(vkey);
    free(vidx);
    return st;
}

eg_status eg__lexicon_load(eg__lexicon **out, const char *path, eg_error *err)
{
    eg_status st = EG_OK;
    builder b = {0};
    char *line = NULL;
    size_t cap = 0;
    long lineno = 0;
    *out = NULL;
    FILE *fp = fopen(path, "rb");
    if (!fp) return eg__error(err, EG_EIO, path, 0, 0, "cannot open: %s", strerror(errno));
    /* the root */
    if (!(b.parent = calloc(1024, sizeof *b.parent)) || !(b.ch = calloc(1024, sizeof *b.ch)) ||
        !(b.val = calloc(1024, sizeof *b.val)) || !(b.more = calloc(1024, sizeof *b.more)))
        goto nomem;
    b.cap = 1024;
    b.n = 1;
    ssize_t got;
    while ((got = getline(&line, &cap, fp)) >= 0) {
        lineno++;
        size_t n = (size_t)got;
        while (n && (line[n - 1] == '\n' || line[n - 1] == '\r')) n--;
        line[n] = 0;
        if (!n || line[0] == '#') continue;
        size_t w = 0;
        while (w < n && line[w] != ' ' && line[w] != '\t') w++;
        size_t f = w;
        while (f < n && (line[f] == ' ' || line[f] == '\t')) f++;
        char *end = NULL;
        errno = 0;
        unsigned long freq = f < n ? strtoul(line + f, &end, 10) : 0;
        if (!w || f >= n || end == line + f || errno || freq > UINT32_MAX / 4 ||
            (*end && *end != ' ' && *end != '\t')) {
            st = eg__error(err, EG_EPARSE, path, lineno, eg__column_of(line, f < n ? f : n),
                           "expected WORD FREQUENCY [TAG]");
            goto done;
        }
        /* CJK words of up to EG__LEX_MAX_CHARS only */
        size_t i = 0, chars = 0;
        uint32_t cp[EG__LEX_MAX_CHARS];
        int ok = 1, bad = 0;
        while (i < w && ok) {
            uint32_t c = eg__utf8_decode(line, w, &i, &bad);
            if (bad || !is_han(c) || chars == EG__LEX_MAX_CHARS) ok = 0;
            else cp[chars++] = c;
        }
        if (!ok || !freq) continue;
        /* the tag: nr, nrfg, nrt are person names */
        const char *tag = end;
        while (*tag == ' ' || *tag == '\t') tag++;
        uint32_t name = tag[0] == 'n' && tag[1] == 'r' ? NAME_BIT : 0;
        /* and after it "common": a name that is a common word too */
        const char *more = tag;
        while (*more && *more != ' ' && *more != '\t') more++;
        while (*more == ' ' || *more == '\t') more++;
        if (name && !strncmp(more, "common", 6) && (!more[6] || more[6] == ' ' || more[6] == '\t'))
            name |= COMMON_BIT;
        if (builder_put(&b, cp, chars, (uint32_t)freq | name)) goto nomem;
    }
    if (ferror(fp)) {
        st = eg__error(err, EG_EIO, path, 0, 0, "read error");
        goto done;
    }
    st = build(&b, out);
    if (st == EG_ELIMIT) st = eg__error(err, EG_ELIMIT, path, 0, 0, "too many words or frequencies for a lexicon");
    else if (st) goto nomem;
    goto done;
nomem:
    st = eg__error(err, EG_ENOMEM, path, 0, 0, "out of memory");
done:
    fclose(fp);
    free(line);
    builder_free(&b);
    return st;
}

size_t eg__lexicon_image_size(const eg__lexicon *lx)
{
    return image_bytes(lx->mask + 1, lx->n_values);
}

void eg__lexicon_write_image(const eg__lexicon *lx, void *buf)
{
    lex_header h;
    memset(&h, 0, sizeof h);
    memcpy(h.magic, LEX_MAGIC, 8);
    h.total = lx->total;
    h.n_slots = lx->mask + 1;
    h.n_words = lx->n_words;
    h.n_values = lx->n_values;
    size_t len = eg__lexicon_image_size(lx);
    memset(buf, 0, len);
    memcpy(buf, &h, sizeof h);
    memcpy((char *)buf + sizeof h, lx->slots, 8 * (size_t)h.n_slots);
    memcpy((char *)buf + sizeof h + 8 * (size_t)h.n_slots, lx->values, 4 * (size_t)lx->n_values);
}

eg_status eg__lexicon_from_image(const void *img, size_t len, eg__lexicon **out)
{
    lex_header h;
    *out = NULL;
    if (len < sizeof h || ((uintptr_t)img & 7)) return EG_EPARSE;
    memcpy(&h, img, sizeof h);
    if ((memcmp(h.magic, LEX_MAGIC, 8) && memcmp(h.magic, LEX_MAGIC_V2, 8)) || !h.n_slots ||
        (h.n_slots & (h.n_slots - 1)) || h.n_slots > MAX_SLOTS || !h.n_values || h.n_values > MAX_VALUES ||
        len != image_bytes(h.n_slots, h.n_values))
        return EG_EPARSE;
    const uint64_t *slots = (const uint64_t *)(const void *)((const char *)img + sizeof h);
    size_t empty = 0;
    for (size_t k = 0; k < h.n_slots; k++) {
        uint64_t e = slots[k];
        if (!e) {
            empty++;
            continue;
        }
        /* a character, a parent that is a node (or the root), an entry;
         * probes end at an empty slot */
        uint32_t parent = slot_parent(e);
        if (!slot_char(e) || parent > h.n_slots || (parent && !slots[parent - 1]) || slot_vidx(e) >= h.n_values)
            return EG_EPARSE;
    }
    if (!empty) return EG_EPARSE;
    return adopt(img, len, NULL, out);
}

/* ---- segmentation -------------------------------------------------------- */

void eg__seg_free(eg__seg *g)
{
    free(g->cp);
    free(g->at);
    free(g->route);
    free(g->word_end);
    free(g->cut);
    free(g->extra_word);
    free(g->word_val);
    memset(g, 0, sizeof *g);
}

static int seg_reserve(eg__seg *g, size_t n)
{
    if (n + 1 <= g->cap) return 0;
    size_t cap = g->cap ? g->cap : 64;
    while (cap < n + 1) cap *= 2;
    uint32_t *cp = realloc(g->cp, cap * sizeof *cp);
    if (cp) g->cp = cp;
    size_t *at = realloc(g->at, cap * sizeof *at);
    if (at) g->at = at;
    double *route = realloc(g->route, cap * sizeof *route);
    if (route) g->route = route;
    uint32_t *we = realloc(g->word_end, cap * sizeof *we);
    if (we) g->word_end = we;
    uint8_t *cut = realloc(g->cut, cap);
    if (cut) g->cut = cut;
    int *ew = realloc(g->extra_word, cap * sizeof *ew);
    if (ew) g->extra_word = ew;
    uint32_t *wv = realloc(g->word_val, cap * sizeof *wv);
    if (wv) g->word_val = wv;
    if (!cp || !at || !route || !we || !cut || !ew || !wv) return -1;
    g->cap = cap;
    return 0;
}

void eg__lexicon_prefetch(const eg__lexicon *lx, const char *s, size_t len)
{
    size_t i = 0;
    if (!lx || len < 2) return;
    uint32_t a = eg__utf8_decode(s, len, &i, NULL);
    if (i >= len || a < CHAR_FIRST || a > CHAR_LAST) return;
    uint32_t node = lx->chars[a - CHAR_FIRST].node;
    if (!(node & CHAR_MORE)) return; /* no longer word goes on: the walk reads no slot */
    uint32_t b = eg__utf8_decode(s, len, &i, NULL);
    eg__prefetch_line(&lx->slots[node_home(node_key(node & ~CHAR_MORE, b), lx->mask)]);
}

int eg__lexicon_prefix(const eg__lexicon *lx, const char *s, size_t len)
{
    size_t i = 0;
    if (!len) return 0;
    uint32_t a = eg__utf8_decode(s, len, &i, NULL);
    if (i < len) {
        uint32_t b = eg__utf8_decode(s, len, &i, NULL);
        if (!eg__lexicon_pair(lx, a, b)) return 0;
    }
    return find_word(lx, s, len) != SIZE_MAX;
}

/* Walks of the trie from SEG_BLOCK positions at a time. A walk's probes
 * (random slots of the 8 MiB table) are most of segment's time: one such
 * read waits on memory (about 140 ns on this machine) while many
 * independent ones are read about a hundred times faster. In the loop
 * that sums the path, a position's probes wait behind the last one's and
 * its branches; so the second character's slots of a block's positions
 * are asked for first, all together, then read, each asking for its walk's
 * third character's slot, and then the walk goes on from there. 64
 * positions, not 32: more of the reads overlap (segment calls 0.96 of the
 * time on the tagger's windows of Sogou news; 128 is no better). */
#define SEG_BLOCK 64
#define NO_SLOT UINT32_MAX

typedef struct seg_walks {
    uint32_t home[SEG_BLOCK]; /* the second character's home slot, or NO_SLOT */
    uint64_t key[SEG_BLOCK];  /* its key, when it has a home */
    uint32_t second[SEG_BLOCK]; /* its node's slot, or NO_SLOT (no walk, or no such node) */
} seg_walks;

/* The home slots of the walks from positions [lo, hi) and, once asked
 * for, the second character's nodes: the walk segment() makes from i
 * starts there (i and i + 1 ideographs, a longer word goes on from cp[i],
 * the pair filter lets it). Reads what segment() reads. */
static void find_second_nodes(const eg__lexicon *lx, const uint32_t *cp, const uint8_t *han, size_t n, size_t lo,
                              size_t hi, seg_walks *w)
{
    /* the tables in locals: the stores to w would make the compiler
     * load them again at every position */
    const uint64_t *slots = lx->slots, *pairs = lx->pairs;
    const lex_char *chars = lx->chars;
    const lex_value *value = lx->value;
    uint32_t mask = lx->mask;
    /* the pair filter's words and the characters' records asked for
     * first: out of the caches (the rest of extract reads other tables
     * between two windows), each would wait behind the branches on the
     * last ones */
    for (size_t i = lo; i < hi; i++) {
        if (!han[i] || !han[i + 1]) continue;
        uint32_t c = cp[i];
        eg__prefetch_line(&pairs[pair_bit(c, cp[i + 1]) >> 6]);
        if (c - CHAR_FIRST <= CHAR_LAST - CHAR_FIRST) eg__prefetch_line(&chars[c - CHAR_FIRST]);
    }
    for (size_t i = lo; i < hi; i++) {
        uint32_t c = cp[i], parent = 0;
        w->home[i - lo] = NO_SLOT;
        if (!han[i] || !han[i + 1] || !pair_in(pairs, c, cp[i + 1])) continue;
        if (c >= CHAR_FIRST && c <= CHAR_LAST) {
            uint32_t node = chars[c - CHAR_FIRST].node;
            if (!(node & CHAR_MORE)) continue;
            parent = node & ~CHAR_MORE;
        } else {
            size_t k = find_node(slots, mask, 0, c);
            if (k == SIZE_MAX || !(slots[k] & SLOT_MORE)) continue;
            parent = (uint32_t)k + 1;
        }
        uint64_t key = node_key(parent, cp[i + 1]);
        uint32_t h = (uint32_t)node_home(key, mask);
        w->home[i - lo] = h;
        w->key[i - lo] = key;
        eg__prefetch_line(&slots[h]);
    }
    for (size_t i = lo; i < hi; i++) {
        uint32_t h = w->home[i - lo];
        w->second[i - lo] = NO_SLOT;
        if (h == NO_SLOT) continue;
        /* find_node from its home */
        uint64_t key = w->key[i - lo], e;
        size_t k = h;
        for (;; k = (k + 1) & mask) {
            e = slots[k];
            if (!e || (e & SLOT_KEY_MASK) == key) break;
        }
        if (!e) continue;
        w->second[i - lo] = (uint32_t)k;
        eg__prefetch_line(&value[slot_vidx(e)]);
        if ((e & SLOT_MORE) && i + 3 <= n && han[i + 2])
            eg__prefetch_line(&slots[node_home(node_key((uint32_t)k + 1, cp[i + 2]), mask)]);
    }
}

/* The best path over g's n_chars code points (cp, at, and cut[] holding
 * "is an ideograph" for each, 0 at n_chars), text s. */
static inline __attribute__((always_inline)) void segment_with(const eg__lexicon *lx, const char *s,
                                                              const eg__seg_word *extra, size_t n_extra, eg__seg *g)
{
    size_t n = g->n_chars;
    uint32_t *cp = g->cp, *word_end = g->word_end, *word_val = g->word_val;
    size_t *at = g->at;
    double *route = g->route;
    int *extra_word = g->extra_word;
    const uint8_t *han = g->cut;
    double unknown = lx ? -lx->log_total : 0; /* frequency 1 */
    /* the tables in locals: the stores to g's arrays would make the
     * compiler load them again at every position */
    const uint64_t *slots = lx ? lx->slots : NULL;
    const lex_char *chars = lx ? lx->chars : NULL;
    const lex_value *value = lx ? lx->value : NULL;
    uint32_t mask = lx ? lx->mask : 0;
    seg_walks w;
    size_t lo = n; /* w holds the walks from [lo, lo + SEG_BLOCK) */
    route[n] = 0;
    for (size_t i = n; i-- > 0;) {
        double best;
        uint32_t best_end, best_val = 0;
        int best_extra = -1;
        if (lx && i < lo) {
            lo = i + 1 > SEG_BLOCK ? i + 1 - SEG_BLOCK : 0;
            find_second_nodes(lx, cp, han, n, lo, i + 1, &w);
        }
        if (!han[i]) {
            /* a run of other characters: one word, fixed boundaries */
            size_t j = i + 1;
            while (j < n && !han[j] && j - i < 64) j++;
            /* only the run's first character starts it: the one before is Han */
            best = route[j];
            best_end = (uint32_t)j;
            if (i > 0 && !han[i - 1]) {
                /* inside a run: never the start of a path word */
                route[i] = route[j];
                word_end[i] = (uint32_t)j;
                extra_word[i] = -1;
                word_val[i] = 0;
                continue;
            }
        } else {
            /* one character: its frequency, or 1 */
            uint32_t c = cp[i];
            int in_table = lx && c >= CHAR_FIRST && c <= CHAR_LAST;
            const lex_char *ch = in_table ? &chars[c - CHAR_FIRST] : NULL;
            double lp1 = ch ? ch->logp : unknown;
            best = lp1 + route[i + 1];
            best_end = (uint32_t)(i + 1);
            best_val = ch ? ch->val : lx ? slot_value(lx, s + at[i], at[i + 1] - at[i]) : 0;
            if (lx && w.second[i - lo] != NO_SLOT) {
                /* the words from i, longer and longer: a probe of the
                 * trie per character, until no longer word goes on (the
                 * second character's probe made with the block's) */
                size_t k = w.second[i - lo];
                uint64_t e = SLOT_MORE;
                for (size_t j = i + 2; (e & SLOT_MORE) && j <= n && j - i <= EG__LEX_MAX_CHARS && han[j - 1]; j++) {
                    if (j > i + 2) k = find_node(slots, mask, (uint32_t)k + 1, cp[j - 1]);
                    if (k == SIZE_MAX) break; /* no word goes on from here */
                    e = slots[k];
                    uint32_t vi = slot_vidx(e);
                    if (!vi) continue;
                    double r = value[vi].logp + route[j];
                    if (r > best) {
                        best = r;
                        best_end = (uint32_t)j;
                        best_val = value[vi].val;
                    }
                }
            }
        }
        for (size_t e = 0; e < n_extra; e++) {
            if (extra[e].start != i || extra[e].end <= i || extra[e].end > n) continue;
            double r = extra[e].logp + route[extra[e].end];
            if (r > best || (r == best && extra[e].end == best_end)) {
                best = r;
                best_end = extra[e].end;
                best_extra = (int)e;
            }
        }
        if (best_extra >= 0)
            best_val = han[i] && lx ? slot_value(lx, s + at[i], at[best_end] - at[i]) : 0;
        route[i] = best;
        word_end[i] = best_end;
        extra_word[i] = best_extra;
        word_val[i] = best_val;
    }
    memset(g->cut, 0, n + 1);
    for (size_t i = 0; i < n; i = word_end[i]) g->cut[i] = 1;
    g->cut[n] = 1;
}

/* segment_with made twice: the common case (a lexicon, no added words,
 * the tagger's) without the tests it never needs */
static void segment(const eg__lexicon *lx, const char *s, const eg__seg_word *extra, size_t n_extra, eg__seg *g)
{
    if (lx && !n_extra) segment_with(lx, s, NULL, 0, g);
    else segment_with(lx, s, extra, n_extra, g);
}

eg_status eg__lexicon_segment(const eg__lexicon *lx, const char *s, size_t len,
                              const eg__seg_word *extra, size_t n_extra, eg__seg *g)
{
    size_t n = 0;
    if (seg_reserve(g, len)) return EG_ENOMEM;
    /* cut[] holds "is an ideograph" per code point until the path is known */
    for (size_t i = 0; i < len;) {
        g->at[n] = i;
        uint32_t c = eg__utf8_decode(s, len, &i, NULL);
        g->cp[n] = c;
        g->cut[n++] = (uint8_t)is_han(c);
    }
    g->at[n] = len;
    g->cut[n] = 0;
    g->n_chars = n;
    segment(lx, s, extra, n_extra, g);
    return EG_OK;
}

eg_status eg__lexicon_segment_decoded(const eg__lexicon *lx, const char *s, const uint32_t *cp,
                                      const uint32_t *at, size_t n, eg__seg *g)
{
    if (seg_reserve(g, n)) return EG_ENOMEM;
    for (size_t i = 0; i < n; i++) {
        g->at[i] = at[i];
        g->cp[i] = cp[i];
        g->cut[i] = (uint8_t)is_han(cp[i]);
    }
    g->at[n] = at[n];
    g->cut[n] = 0;
    g->n_chars = n;
    segment(lx, s, NULL, 0, g);
    return EG_OK;
}

eg_status eg__lexicon_bmes(const eg__lexicon *lx, const char *s, size_t len, char *tags, eg__seg *g)
{
    eg_status st = eg__lexicon_segment(lx, s, len, NULL, 0, g);
    if (st) return st;
    for (size_t i = 0; i < g->n_chars;) {
        size_t j = g->word_end[i];
        if (j == i + 1) {
            tags[i] = 'S';
        } else {
            tags[i] = 'B';
            for (size_t k = i + 1; k + 1 < j; k++) tags[k] = 'M';
            tags[j - 1] = 'E';
        }
        i = j;
    }
    return EG_OK;
}
