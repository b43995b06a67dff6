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
 *   slots   n_slots × {uint32 key offset + 1 (0: empty), uint32 frequency
 *           (0: a prefix of a word, no word itself)}
 *   keys    keys_len bytes of [uint8 byte length][bytes]
 * Prefixes are stored so that a scan from one character stops at the
 * first prefix that leads to no word. */
#define LEX_MAGIC "EGLEX\x01\n"
/* Slot frequencies carry the name tag in their top bit. */
#define NAME_BIT EG__LEX_NAME_BIT

typedef struct lex_header {
    char magic[8];
    uint64_t total;
    uint32_t n_slots, n_words, keys_len, pad;
} lex_header;

/* Derived tables, small enough to stay in cache, so that most positions
 * of a window cost no probe of the large slot table: the log probability
 * of each ideograph as a word of one character, and a bit per hashed pair
 * of ideographs that begins some longer word. */
#define CHAR_FIRST 0x3400u
#define CHAR_LAST 0x9FFFu
#define PAIR_BITS 20
/* Frequencies below this have log(f) - log total in a table (filled for
 * the frequencies the lexicon has); a word more frequent calls log(). */
#define LOGP_FREQS 65536u

struct eg__lexicon {
    float *char_logp;  /* CHAR_LAST - CHAR_FIRST + 1 */
    uint32_t *char_val; /* the slot value of each ideograph as a word (0: none) */
    double *word_logp; /* LOGP_FREQS: [f] = log((double)f) - log_total, for a word's f */
    uint64_t *pairs;   /* 2^PAIR_BITS bits */
    const uint32_t *slots; /* 2 per slot */
    const unsigned char *keys;
    uint32_t mask, n_words, keys_len;
    uint64_t total;
    double log_total;
    void *own; /* the block, when built here (NULL when it reads an image) */
    size_t own_len;
};

static inline int is_han(uint32_t c) { return eg__is_han(c); }

/* The slot of key s[0..len) (found, or the empty one where it would go). */
static size_t find_slot(const uint32_t *slots, const unsigned char *keys, uint32_t mask,
                        uint64_t hash, const char *s, size_t len)
{
    for (size_t k = hash & mask;; k = (k + 1) & mask) {
        uint32_t off = slots[2 * k];
        if (!off) return k;
        const unsigned char *key = keys + off - 1;
        if (key[0] == len && !memcmp(key + 1, s, len)) return k;
    }
}


static uint32_t slot_value(const eg__lexicon *lx, const char *s, size_t len)
{
    if (!lx || !len || len > 255) return 0;
    size_t k = find_slot(lx->slots, lx->keys, lx->mask, eg__hash_bytes(s, len), s, len);
    return lx->slots[2 * k] ? lx->slots[2 * k + 1] : 0;
}

uint32_t eg__lexicon_freq(const eg__lexicon *lx, const char *s, size_t len)
{
    return slot_value(lx, s, len) & ~NAME_BIT;
}

int eg__lexicon_is_name(const eg__lexicon *lx, const char *s, size_t len)
{
    return (slot_value(lx, s, len) & NAME_BIT) != 0;
}

double eg__lexicon_log_total(const eg__lexicon *lx) { return lx->log_total; }
size_t eg__lexicon_count(const eg__lexicon *lx) { return lx->n_words; }

void eg__lexicon_free(eg__lexicon *lx)
{
    if (!lx) return;
    free(lx->own);
    free(lx->char_logp);
    free(lx->char_val);
    free(lx->word_logp);
    free(lx->pairs);
    free(lx);
}

static inline uint32_t pair_bit(uint32_t a, uint32_t b)
{
    return (uint32_t)(((uint64_t)a * 0x9E3779B1u ^ (uint64_t)b * 0x85EBCA77u) >> 7) & ((1u << PAIR_BITS) - 1);
}

int eg__lexicon_pair(const eg__lexicon *lx, uint32_t a, uint32_t b)
{
    uint32_t k = pair_bit(a, b);
    return (int)(lx->pairs[k >> 6] >> (k & 63) & 1);
}

/* Fills the derived tables from the slots. */
static int derive(eg__lexicon *lx)
{
    size_t nc = CHAR_LAST - CHAR_FIRST + 1;
    lx->char_logp = malloc(nc * sizeof *lx->char_logp);
    lx->char_val = calloc(nc, sizeof *lx->char_val);
    lx->word_logp = calloc(LOGP_FREQS, sizeof *lx->word_logp);
    lx->pairs = calloc((size_t)1 << (PAIR_BITS - 6), sizeof *lx->pairs);
    if (!lx->char_logp || !lx->char_val || !lx->word_logp || !lx->pairs) return -1;
    for (size_t i = 0; i < nc; i++) lx->char_logp[i] = (float)-lx->log_total; /* frequency 1 */
    for (size_t k = 0; k <= lx->mask; k++) {
        uint32_t off = lx->slots[2 * k];
        if (!off) continue;
        const char *key = (const char *)lx->keys + off;
        size_t len = lx->keys[off - 1], i = 0;
        uint32_t a = eg__utf8_decode(key, len, &i, NULL);
        uint32_t f = lx->slots[2 * k + 1] & ~NAME_BIT;
        /* the same expression segmentation evaluated per word: the same bits */
        if (f && f < LOGP_FREQS && lx->word_logp[f] == 0) lx->word_logp[f] = log((double)f) - lx->log_total;
        if (i == len) {
            if (f && a >= CHAR_FIRST && a <= CHAR_LAST) {
                lx->char_logp[a - CHAR_FIRST] = (float)(log((double)f) - lx->log_total);
                lx->char_val[a - CHAR_FIRST] = lx->slots[2 * k + 1];
            }
            continue;
        }
        uint32_t b = eg__utf8_decode(key, len, &i, NULL), bit = pair_bit(a, b);
        lx->pairs[bit >> 6] |= 1ull << (bit & 63);
    }
    return 0;
}

/* ---- building ------------------------------------------------------------ */

typedef struct builder {
    uint32_t *slots;
    eg__buf keys; /* [uint8 byte length][bytes] a key */
    size_t n_slots, used;
    uint32_t n_words;
    uint64_t total;
} builder;

static int builder_grow(builder *b)
{
    size_t n = b->n_slots ? b->n_slots * 2 : 1u << 16;
    uint32_t *slots = calloc(2 * n, sizeof *slots);
    if (!slots) return -1;
    for (size_t k = 0; k < b->n_slots; k++) {
        uint32_t off = b->slots[2 * k];
        if (!off) continue;
        const unsigned char *keys = (const unsigned char *)b->keys.data, *key = keys + off - 1;
        size_t j = find_slot(slots, keys, (uint32_t)(n - 1), eg__hash_bytes(key + 1, key[0]),
                             (const char *)key + 1, key[0]);
        slots[2 * j] = off;
        slots[2 * j + 1] = b->slots[2 * k + 1];
    }
    free(b->slots);
    b->slots = slots;
    b->n_slots = n;
    return 0;
}

/* Adds s[0..len) (a prefix when freq is 0; a word's frequency replaces). */
static int builder_put(builder *b, const char *s, size_t len, uint32_t freq)
{
    if ((b->used + 1) * 2 > b->n_slots && builder_grow(b)) return -1;
    size_t k = find_slot(b->slots, (const unsigned char *)b->keys.data, (uint32_t)(b->n_slots - 1), eg__hash_bytes(s, len), s, len);
    if (b->slots[2 * k]) {
        if (freq) {
            b->n_words += b->slots[2 * k + 1] == 0;
            b->total -= b->slots[2 * k + 1];
            b->slots[2 * k + 1] = freq;
            b->total += freq;
        }
        return 0;
    }
    size_t at = b->keys.len;
    if (at + len + 1 >= UINT32_MAX) return -1;
    if (eg__buf_putc(&b->keys, (char)len) || eg__buf_append(&b->keys, s, len)) return -1;
    b->slots[2 * k] = (uint32_t)at + 1;
    b->slots[2 * k + 1] = freq;
    b->used++;
    b->n_words += freq > 0;
    b->total += freq & ~NAME_BIT;
    return 0;
}

/* The lexicon over the image in buf (owned when own). */
static eg_status adopt(const void *img, size_t len, void *own, eg__lexicon **out)
{
    const lex_header *h = img;
    eg__lexicon *lx = calloc(1, sizeof *lx);
    if (!lx) return EG_ENOMEM;
    lx->slots = (const uint32_t *)(const void *)((const char *)img + sizeof *h);
    lx->keys = (const unsigned char *)img + sizeof *h + 8 * (size_t)h->n_slots;
    lx->mask = h->n_slots - 1;
    lx->n_words = h->n_words;
    lx->keys_len = h->keys_len;
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
    if (!b->n_slots && builder_grow(b)) return EG_ENOMEM;
    size_t len = sizeof(lex_header) + 8 * b->n_slots + b->keys.len;
    unsigned char *img = malloc((len + 7) & ~(size_t)7);
    if (!img) return EG_ENOMEM;
    lex_header h;
    memset(&h, 0, sizeof h);
    memcpy(h.magic, LEX_MAGIC, 8);
    h.total = b->total;
    h.n_slots = (uint32_t)b->n_slots;
    h.n_words = b->n_words;
    h.keys_len = (uint32_t)b->keys.len;
    memcpy(img, &h, sizeof h);
    memcpy(img + sizeof h, b->slots, 8 * b->n_slots);
    if (b->keys.len) memcpy(img + sizeof h + 8 * b->n_slots, b->keys.data, b->keys.len);
    memset(img + len, 0, ((len + 7) & ~(size_t)7) - len);
    eg_status st = adopt(img, len, img, out);
    if (st) free(img);
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
        size_t i = 0, chars = 0, bounds[EG__LEX_MAX_CHARS + 1];
        int ok = 1, bad = 0;
        while (i < w && ok) {
            uint32_t c = eg__utf8_decode(line, w, &i, &bad);
            if (bad || !is_han(c) || chars == EG__LEX_MAX_CHARS) ok = 0;
            else bounds[chars++] = i;
        }
        if (!ok || !freq) continue;
        /* the tag: nr, nrfg, nrt are person names */
        const char *tag = end;
        while (*tag == ' ' || *tag == '\t') tag++;
        uint32_t name = tag[0] == 'n' && tag[1] == 'r' ? NAME_BIT : 0;
        for (size_t k = 0; k + 1 < chars; k++)
            if (builder_put(&b, line, bounds[k], 0)) goto nomem;
        if (builder_put(&b, line, w, (uint32_t)freq | name)) goto nomem;
    }
    if (ferror(fp)) {
        st = eg__error(err, EG_EIO, path, 0, 0, "read error");
        goto done;
    }
    st = build(&b, out);
    if (st) goto nomem;
    goto done;
nomem:
    st = eg__error(err, EG_ENOMEM, path, 0, 0, "out of memory");
done:
    fclose(fp);
    free(line);
    free(b.slots);
    eg__buf_free(&b.keys);
    return st;
}

size_t eg__lexicon_image_size(const eg__lexicon *lx)
{
    return sizeof(lex_header) + 8 * ((size_t)lx->mask + 1) + lx->keys_len;
}

void eg__lexicon_write_image(const eg__lexicon *lx, void *buf)
{
    lex_header h;
    memset(&h, 0, sizeof h);
    memcpy(h.magic, LEX_MAGIC, 8);
    h.total = lx->total;
    h.n_slots = lx->mask + 1;
    h.n_words = lx->n_words;
    h.keys_len = lx->keys_len;
    memcpy(buf, &h, sizeof h);
    memcpy((char *)buf + sizeof h, lx->slots, 8 * (size_t)h.n_slots);
    memcpy((char *)buf + sizeof h + 8 * (size_t)h.n_slots, lx->keys, lx->keys_len);
}

eg_status eg__lexicon_from_image(const void *img, size_t len, eg__lexicon **out)
{
    lex_header h;
    *out = NULL;
    if (len < sizeof h || ((uintptr_t)img & 7)) return EG_EPARSE;
    memcpy(&h, img, sizeof h);
    if (memcmp(h.magic, LEX_MAGIC, 8) || !h.n_slots || (h.n_slots & (h.n_slots - 1)) ||
        h.n_slots > (len - sizeof h) / 8 || (size_t)h.keys_len != len - sizeof h - 8 * (size_t)h.n_slots)
        return EG_EPARSE;
    const uint32_t *slots = (const uint32_t *)(const void *)((const char *)img + sizeof h);
    const unsigned char *keys = (const unsigned char *)img + sizeof h + 8 * (size_t)h.n_slots;
    size_t empty = 0;
    for (size_t k = 0; k < h.n_slots; k++) {
        uint32_t off = slots[2 * k];
        if (!off) {
            empty++;
            continue;
        }
        /* every key inside the block; probes end at an empty slot */
        if (off - 1 >= h.keys_len || (size_t)keys[off - 1] + off > h.keys_len || !keys[off - 1])
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

int eg__lexicon_prefix(const eg__lexicon *lx, const char *s, size_t len)
{
    size_t i = 0;
    if (!len) return 0;
    uint32_t a = eg__utf8_decode(s, len, &i, NULL);
    if (i < len) {
        uint32_t b = eg__utf8_decode(s, len, &i, NULL);
        if (!eg__lexicon_pair(lx, a, b)) return 0;
    }
    if (len > 255) return 0;
    size_t k = find_slot(lx->slots, lx->keys, lx->mask, eg__hash_bytes(s, len), s, len);
    return lx->slots[2 * k] != 0;
}

/* The best path over g's n_chars code points (cp, at, and cut[] holding
 * "is an ideograph" for each, 0 at n_chars), text s. */
static void segment(const eg__lexicon *lx, const char *s, const eg__seg_word *extra, size_t n_extra, eg__seg *g)
{
    size_t n = g->n_chars;
    uint32_t *cp = g->cp, *word_end = g->word_end, *word_val = g->word_val;
    size_t *at = g->at;
    double *route = g->route;
    int *extra_word = g->extra_word;
    const uint8_t *han = g->cut;
    double log_total = lx ? lx->log_total : 0, unknown = -log_total; /* frequency 1 */
    route[n] = 0;
    for (size_t i = n; i-- > 0;) {
        double best;
        uint32_t best_end, best_val = 0;
        int best_extra = -1;
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
            double lp1 = in_table ? lx->char_logp[c - CHAR_FIRST] : unknown;
            best = lp1 + route[i + 1];
            best_end = (uint32_t)(i + 1);
            best_val = in_table ? lx->char_val[c - CHAR_FIRST] : lx ? slot_value(lx, s + at[i], at[i + 1] - at[i]) : 0;
            if (lx && han[i + 1] && eg__lexicon_pair(lx, c, cp[i + 1])) {
                /* the words from i, longer and longer: the byte hash grows
                 * with the key; the first key no word goes on from ends it */
                const char *w = s + at[i];
                uint64_t hash = EG__HASH_INIT;
                for (size_t b = at[i]; b < at[i + 1]; b++) hash = eg__hash_step(hash, (unsigned char)s[b]);
                for (size_t j = i + 2; j <= n && j - i <= EG__LEX_MAX_CHARS && han[j - 1]; j++) {
                    for (size_t b = at[j - 1]; b < at[j]; b++) hash = eg__hash_step(hash, (unsigned char)s[b]);
                    size_t k = find_slot(lx->slots, lx->keys, lx->mask, hash, w, at[j] - at[i]);
                    if (!lx->slots[2 * k]) break; /* no word goes on from here */
                    uint32_t v = lx->slots[2 * k + 1], f = v & ~NAME_BIT;
                    if (!f) continue;
                    /* log(f) - log_total, from the table when it has f: the
                     * same double either way */
                    double lp = f < LOGP_FREQS ? lx->word_logp[f] : log((double)f) - log_total;
                    double r = lp + route[j];
                    if (r > best) {
                        best = r;
                        best_end = (uint32_t)j;
                        best_val = v;
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
