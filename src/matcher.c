/* Multi-pattern matcher: an Aho–Corasick automaton over bytes with
 * leftmost-longest semantics (the same as aho-corasick's
 * MatchKind::LeftmostLongest).
 *
 * Characters as labels. When every key is well-formed UTF-8 (every name
 * of a dictionary is), the automaton does not read UTF-8 bytes but one or
 * two labels per character: the keys' characters, most frequent first,
 * get a label of their own (a "single") while there are labels left, the
 * rest a pair (a "lead" and a "trail"), from three disjoint label ranges,
 * so that, as in UTF-8, a key can only be found where a character starts:
 * the matches are exactly those over bytes. A Han character, three bytes
 * and three dependent loads of the trie before, costs one or two. A table
 * from code point to labels (two levels: 256-character pages, one shared
 * page for the characters no key has) is read before the trie and does not
 * depend on it; an ill-formed sequence or a character no key has reads the
 * label 0, which no state has a child on. Keys that are not well-formed
 * UTF-8, or more distinct characters than labels can name, keep the bytes.
 *
 * Compiled form. A double-array trie with XOR addressing: the child of
 * state s on byte c is t = base(s) ^ c and exists iff check(t) == s. The
 * scan loop reads only the 8-byte {base, check} units; failure links and
 * match indices live in parallel arrays that are read on a miss or a match
 * (a flag in base says when the failure link is the root, the commonest,
 * so that the scan need not read it).
 * The root is unit 0; a state's base is 0 exactly when it is a leaf. Units
 * come from 256-unit blocks in breadth-first order, so the shallow states a
 * scan visits most sit together at the front; once a single key remains
 * below a state, the rest of that key is a chain of consecutive units.
 *
 * Leftmost-longest. A state where a key ends gets the "dead" failure link,
 * and dead propagates to every state below it; any other state inherits the
 * match of its failure state. The scan remembers the last match seen;
 * falling into dead (or reaching the end of the text) reports it and
 * restarts right after it. In the compiled form dead is stored as the root:
 * a failure link reaches the root while a match is pending only where the
 * trie had a dead link. A leaf is always a key end, so a miss in a leaf
 * reports at once.
 *
 * On automata too big for the caches, a scan is bound by the latency of its
 * dependent loads; there it runs four interleaved scans of the text and
 * stitches their results together (see scan_lanes()).
 *
 * Build. Keys are sorted (MSD radix sort, insertion sort for small buckets)
 * and copied contiguously; one breadth-first pass over the sorted key
 * ranges then creates every state, places its children (first fit among
 * the 16 most recent blocks, kept as bitmaps) and computes their failure
 * links, since all shallower states are final by then. Time and memory are
 * linear in the total key bytes.
 */
#include <stdlib.h>
#include <string.h>

#include "entgraph/matcher.h"
#include "internal.h"
#include "utf8.h"
#include "util.h"

#define EG__AC_NONE UINT32_MAX   /* check of the root and of free units */
#define EG__AC_MATCH 0x80000000u /* flag in base: a match is reported here */
#define EG__AC_FROOT 0x40000000u /* flag in base: the failure link is the root */
#define EG__AC_BASE 0x3FFFFFFFu  /* base without the flags */
#define EG__AC_DEAD 0x7FFFFFFFu  /* failure link "dead" while building */
#define EG__AC_ROOT 0u
#define EG__AC_BLOCK 256u
#define EG__AC_OPEN 16u          /* blocks searched for free units */
#define EG__AC_MAX_STATES ((size_t)1 << 31)
#define EG__AC_MAX_UNITS (((size_t)1 << 30) - EG__AC_BLOCK) /* below the flags */
#define EG__AC_CHAIN_BLOCKS 16u  /* chain runs grow by this much */
#define EG__AC_SMALL_SORT 24     /* insertion sort below this */
#define EG__AC_CPS 0x110000u     /* code points */
#define EG__AC_TOP (EG__AC_CPS >> 8) /* pages of 256 code points */

typedef struct eg__ac_unit {
    uint32_t base;  /* children at (base & EG__AC_BASE) ^ label; 0 for a leaf */
    uint32_t check; /* parent state, EG__AC_NONE for the root and free units */
} eg__ac_unit;

typedef struct eg__ac_out {
    uint32_t len;
    uint32_t value;
} eg__ac_out;

/* The three per-unit arrays, as built and as scanned. */
typedef struct eg__ac_units {
    eg__ac_unit *u;
    uint32_t *fail; /* failure state (the root also stands for "dead") */
    uint32_t *out;  /* with EG__AC_MATCH: 1 + index into outs */
    size_t n;
} eg__ac_units;

/* Labels of a character (characters as labels): 0 none, 1..255 a single,
 * else lead << 8 | trail. */
typedef struct eg__ac_chars {
    uint16_t *top;   /* EG__AC_TOP page numbers, NULL: the automaton reads bytes */
    uint16_t *pages; /* npages × 256 labels; page 0 is all 0 */
    size_t npages;
} eg__ac_chars;

struct eg_matcher {
    eg__ac_units units;
    eg__ac_out *outs;
    size_t nouts;
    size_t nstates;
    eg__ac_chars chars;
    int borrowed; /* arrays point into a caller's image (eg_matcher_from_image) */
};

/* ---------------------------------------------------------------- builder */

typedef struct eg__ac_key {
    size_t off; /* into bytes */
    size_t len;
    uint32_t value;
    uint32_t hash;
} eg__ac_key;

struct eg_matcher_builder {
    unsigned char *bytes;
    size_t nbytes, capbytes;
    eg__ac_key *keys;
    size_t nkeys, capkeys;
    uint32_t *table; /* open addressing: 1 + key index, 0 = empty */
    size_t tmask;    /* table size - 1 (a power of two) */
};

static void *xmalloc(size_t n, size_t size)
{
    size_t bytes;
    if (eg__mul_overflow(n, size, &bytes)) return NULL;
    return malloc(bytes ? bytes : 1);
}

static void *xrealloc(void *p, size_t n, size_t size)
{
    size_t bytes;
    if (eg__mul_overflow(n, size, &bytes)) return NULL;
    return realloc(p, bytes ? bytes : 1);
}

static uint32_t hash_bytes(const unsigned char *p, size_t n)
{
    uint64_t h = 0x9E3779B97F4A7C15u ^ (uint64_t)n;
    uint64_t w;
    while (n >= 8) {
        memcpy(&w, p, 8);
        h = (h ^ w) * 0xBF58476D1CE4E5B9u;
        h ^= h >> 31;
        p += 8;
        n -= 8;
    }
    w = 0;
    if (n) memcpy(&w, p, n);
    h = (h ^ w) * 0x94D049BB133111EBu;
    h ^= h >> 29;
    h *= 0xBF58476D1CE4E5B9u;
    h ^= h >> 32;
    return (uint32_t)h;
}

eg_status eg_matcher_builder_new(eg_matcher_builder **out)
{
    if (!out) return EG_EINVAL;
    *out = NULL;
    eg_matcher_builder *b = calloc(1, sizeof *b);
    if (!b) return EG_ENOMEM;
    b->tmask = 63;
    b->table = calloc(b->tmask + 1, sizeof *b->table);
    if (!b->table) {
        free(b);
        return EG_ENOMEM;
    }
    *out = b;
    return EG_OK;
}

void eg_matcher_builder_free(eg_matcher_builder *b)
{
    if (!b) return;
    free(b->bytes);
    free(b->keys);
    free(b->table);
    free(b);
}

size_t eg_matcher_builder_count(const eg_matcher_builder *b)
{
    return b ? b->nkeys : 0;
}

/* Doubles the hash table; leaves it unchanged on failure. */
static eg_status builder_grow_table(eg_matcher_builder *b)
{
    size_t size;
    if (eg__mul_overflow(b->tmask + 1, 2, &size)) return EG_ENOMEM;
    uint32_t *t = xmalloc(size, sizeof *t);
    if (!t) return EG_ENOMEM;
    memset(t, 0, size * sizeof *t);
    size_t mask = size - 1;
    for (size_t i = 0; i < b->nkeys; i++) {
        size_t j = b->keys[i].hash & mask;
        while (t[j]) j = (j + 1) & mask;
        t[j] = (uint32_t)(i + 1);
    }
    free(b->table);
    b->table = t;
    b->tmask = mask;
    return EG_OK;
}

eg_status eg_matcher_builder_add(eg_matcher_builder *b, const char *key, size_t len,
                                 uint32_t value)
{
    if (!b || !key || !len) return EG_EINVAL;
    const unsigned char *k = (const unsigned char *)key;
    uint32_t h = hash_bytes(k, len);
    size_t j = h & b->tmask;
    for (uint32_t e; (e = b->table[j]) != 0; j = (j + 1) & b->tmask) {
        eg__ac_key *ek = &b->keys[e - 1];
        if (ek->hash == h && ek->len == len && !memcmp(b->bytes + ek->off, k, len)) {
            ek->value = value;
            return EG_OK;
        }
    }

    /* A new key. Make room everywhere first, so a failure changes nothing
     * that is visible. Key indices must fit the table's uint32_t. */
    if (b->nkeys >= (size_t)UINT32_MAX - 1) return EG_ENOMEM;
    size_t need;
    if (eg__add_overflow(b->nbytes, len, &need)) return EG_ENOMEM;
    if (need > b->capbytes) {
        size_t cap = b->capbytes ? b->capbytes : 256;
        while (cap < need)
            if (eg__mul_overflow(cap, 2, &cap)) {
                cap = need;
                break;
            }
        unsigned char *nb = xrealloc(b->bytes, cap, 1);
        if (!nb) return EG_ENOMEM;
        b->bytes = nb;
        b->capbytes = cap;
    }
    if (b->nkeys == b->capkeys) {
        size_t cap;
        if (eg__mul_overflow(b->capkeys ? b->capkeys : 8, 2, &cap)) return EG_ENOMEM;
        eg__ac_key *nk = xrealloc(b->keys, cap, sizeof *nk);
        if (!nk) return EG_ENOMEM;
        b->keys = nk;
        b->capkeys = cap;
    }
    if (b->nkeys + 1 > (b->tmask + 1) / 2) {
        eg_status st = builder_grow_table(b);
        if (st != EG_OK) return st;
        j = h & b->tmask;
        while (b->table[j]) j = (j + 1) & b->tmask;
    }

    memcpy(b->bytes + b->nbytes, k, len);
    b->keys[b->nkeys] = (eg__ac_key){ b->nbytes, len, value, h };
    b->nbytes += len;
    b->table[j] = (uint32_t)(++b->nkeys);
    return EG_OK;
}

/* ------------------------------------------------------------ key sorting */

typedef struct eg__ac_sort_job {
    size_t lo, hi, depth;
} eg__ac_sort_job;

/* Compares keys a and b, which agree on their first depth bytes. */
static int key_cmp_from(const eg__ac_key *a, const eg__ac_key *b,
                        const unsigned char *bytes, size_t depth)
{
    size_t n = a->len < b->len ? a->len : b->len;
    int c = n > depth ? memcmp(bytes + a->off + depth, bytes + b->off + depth, n - depth) : 0;
    if (c) return c;
    return (a->len > b->len) - (a->len < b->len);
}

static void isort_keys(uint32_t *ord, size_t n, const eg__ac_key *keys,
                       const unsigned char *bytes, size_t depth)
{
    for (size_t i = 1; i < n; i++) {
        uint32_t x = ord[i];
        size_t j = i;
        while (j > 0 && key_cmp_from(&keys[ord[j - 1]], &keys[x], bytes, depth) > 0) {
            ord[j] = ord[j - 1];
            j--;
        }
        ord[j] = x;
    }
}

/* Sorts ord[0..n) (indices into keys) by key bytes: MSD radix sort with an
 * explicit stack of disjoint ranges, so at most n / EG__AC_SMALL_SORT + 1
 * jobs are pending at once. */
static eg_status sort_keys(uint32_t *ord, size_t n, const eg__ac_key *keys,
                           const unsigned char *bytes)
{
    if (n < EG__AC_SMALL_SORT) {
        isort_keys(ord, n, keys, bytes, 0);
        return EG_OK;
    }
    uint32_t *tmp = xmalloc(n, sizeof *tmp);
    eg__ac_sort_job *stack = xmalloc(n / EG__AC_SMALL_SORT + 1, sizeof *stack);
    if (!tmp || !stack) {
        free(tmp);
        free(stack);
        return EG_ENOMEM;
    }
    size_t top = 0;
    stack[top++] = (eg__ac_sort_job){ 0, n, 0 };
    size_t count[257], pos[257];
    while (top) {
        eg__ac_sort_job job = stack[--top];
        for (;;) {
            memset(count, 0, sizeof count);
            for (size_t i = job.lo; i < job.hi; i++) {
                const eg__ac_key *k = &keys[ord[i]];
                count[k->len > job.depth ? (size_t)bytes[k->off + job.depth] + 1 : 0]++;
            }
            /* All keys share the next byte too: just go one byte deeper. */
            size_t first = 0;
            while (!count[first]) first++;
            if (first && count[first] == job.hi - job.lo) {
                job.depth++;
                continue;
            }
            break;
        }
        size_t p = job.lo;
        for (size_t c = 0; c < 257; c++) {
            pos[c] = p;
            p += count[c];
        }
        for (size_t i = job.lo; i < job.hi; i++) {
            const eg__ac_key *k = &keys[ord[i]];
            size_t c = k->len > job.depth ? (size_t)bytes[k->off + job.depth] + 1 : 0;
            tmp[pos[c]++] = ord[i];
        }
        memcpy(ord + job.lo, tmp + job.lo, (job.hi - job.lo) * sizeof *ord);
        /* Bucket 0 (keys ending here) holds at most one key: keys are distinct. */
        size_t start = job.lo + count[0];
        for (size_t c = 1; c < 257; c++) {
            size_t m = count[c];
            if (m >= EG__AC_SMALL_SORT)
                stack[top++] = (eg__ac_sort_job){ start, start + m, job.depth + 1 };
            else if (m > 1)
                isort_keys(ord + start, m, keys, bytes, job.depth + 1);
            start += m;
        }
    }
    free(tmp);
    free(stack);
    return EG_OK;
}

/* ------------------------------------------------- double-array placement */

/* A block that still takes new units; bit i of bits is set when unit
 * blk * 256 + i is free. */
typedef struct eg__ac_open {
    size_t blk;
    uint64_t bits[4];
    uint32_t nfree;
    uint32_t reject; /* a search for this many labels or more failed here */
} eg__ac_open;

typedef struct eg__ac_da {
    eg__ac_units a;             /* a.n is a multiple of EG__AC_BLOCK */
    size_t cap;
    size_t nstates;
    eg__ac_open open[EG__AC_OPEN]; /* ring buffer, oldest at head */
    size_t head, nopen;
    size_t chain_pos, chain_end; /* free run where chains are laid out */
} eg__ac_da;

static unsigned ctz64(uint64_t x)
{
#if defined(__GNUC__)
    return (unsigned)__builtin_ctzll(x);
#else
    unsigned n = 0;
    while (!(x & 1)) {
        x >>= 1;
        n++;
    }
    return n;
#endif
}

/* Resizes the three arrays to cap units (cap >= d->a.n). */
static eg_status da_resize(eg__ac_da *d, size_t cap)
{
    eg__ac_unit *u = xrealloc(d->a.u, cap, sizeof *u);
    if (!u) return EG_ENOMEM;
    d->a.u = u;
    uint32_t *f = xrealloc(d->a.fail, cap, sizeof *f);
    if (!f) return EG_ENOMEM;
    d->a.fail = f;
    uint32_t *o = xrealloc(d->a.out, cap, sizeof *o);
    if (!o) return EG_ENOMEM;
    d->a.out = o;
    d->cap = cap;
    return EG_OK;
}

/* Appends nblk blocks of free units. */
static eg_status da_grow(eg__ac_da *d, size_t nblk)
{
    size_t add, need;
    if (eg__mul_overflow(nblk, EG__AC_BLOCK, &add) || eg__add_overflow(d->a.n, add, &need) ||
        need > EG__AC_MAX_UNITS)
        return EG_ELIMIT;
    if (need > d->cap) {
        size_t cap = d->cap + d->cap / 2;
        if (cap < need) cap = need;
        if (cap > EG__AC_MAX_UNITS) cap = EG__AC_MAX_UNITS;
        eg_status st = da_resize(d, cap);
        if (st != EG_OK) return st;
    }
    for (size_t i = d->a.n; i < need; i++) d->a.u[i] = (eg__ac_unit){ 0, EG__AC_NONE };
    memset(d->a.fail + d->a.n, 0, add * sizeof *d->a.fail);
    memset(d->a.out + d->a.n, 0, add * sizeof *d->a.out);
    d->a.n = need;
    return EG_OK;
}

/* Appends a block to the open ones, closing the oldest if there are
 * EG__AC_OPEN of them (its free units stay free for good). */
static eg_status da_open_block(eg__ac_da *d, eg__ac_open **out)
{
    eg_status st = da_grow(d, 1);
    if (st != EG_OK) return st;
    if (d->nopen == EG__AC_OPEN) {
        d->head = (d->head + 1) % EG__AC_OPEN;
        d->nopen--;
    }
    eg__ac_open *o = &d->open[(d->head + d->nopen++) % EG__AC_OPEN];
    o->blk = d->a.n / EG__AC_BLOCK - 1;
    for (int w = 0; w < 4; w++) o->bits[w] = UINT64_MAX;
    o->nfree = EG__AC_BLOCK;
    o->reject = EG__AC_BLOCK + 1;
    *out = o;
    return EG_OK;
}

static int open_is_free(const eg__ac_open *o, uint32_t low)
{
    return (int)((o->bits[low >> 6] >> (low & 63)) & 1);
}

/* Finds an open block o and a base b != 0 in it such that b ^ labels[i] is
 * free for every i; returns NULL when none fits. */
static eg__ac_open *da_find_base(eg__ac_da *d, const unsigned char *labels, size_t k,
                                 size_t *base)
{
    while (d->nopen && !d->open[d->head].nfree) {
        d->head = (d->head + 1) % EG__AC_OPEN;
        d->nopen--;
    }
    for (size_t i = 0; i < d->nopen; i++) {
        eg__ac_open *o = &d->open[(d->head + i) % EG__AC_OPEN];
        if (o->nfree < k || (k > 1 && o->reject <= k)) continue;
        for (unsigned w = 0; w < 4; w++) {
            uint64_t bits = o->bits[w];
            while (bits) {
                uint32_t low = (w * 64 + ctz64(bits)) ^ labels[0]; /* base in block */
                bits &= bits - 1;
                size_t j = 1;
                while (j < k && open_is_free(o, low ^ labels[j])) j++;
                if (j == k && (low || o->blk)) {
                    *base = o->blk * EG__AC_BLOCK + low;
                    return o;
                }
            }
        }
        if (k > 1) o->reject = (uint32_t)k;
    }
    return NULL;
}

static void open_take(eg__ac_open *o, size_t unit)
{
    uint32_t low = (uint32_t)(unit % EG__AC_BLOCK);
    o->bits[low >> 6] &= ~((uint64_t)1 << (low & 63));
    o->nfree--;
}

/* Reserves n consecutive units outside the open blocks, for a chain of
 * single-child states; returns the first in *pos. */
static eg_status da_chain(eg__ac_da *d, size_t n, size_t *pos)
{
    if (d->chain_end - d->chain_pos < n) {
        if (d->chain_end != d->a.n) d->chain_pos = d->chain_end = d->a.n;
        size_t nblk = (n - (d->chain_end - d->chain_pos) + EG__AC_BLOCK - 1) / EG__AC_BLOCK;
        if (nblk < EG__AC_CHAIN_BLOCKS) nblk = EG__AC_CHAIN_BLOCKS;
        eg_status st = da_grow(d, nblk);
        if (st != EG_OK) return st;
        d->chain_end = d->a.n;
    }
    *pos = d->chain_pos;
    d->chain_pos += n;
    return EG_OK;
}

/* ------------------------------------------------------------------ build */

typedef struct eg__ac_node {
    uint32_t unit;
    uint32_t lo, hi; /* sorted keys strictly below this state */
} eg__ac_node;

typedef struct eg__ac_build {
    eg__ac_da da;
    uint32_t *ord;         /* sorted key order */
    unsigned char *sbytes; /* keys in sorted order, contiguous */
    size_t *soff;          /* key i is sbytes[soff[i] .. soff[i+1]) */
    uint32_t *sval;
    eg__ac_node *cur, *next; /* states of this level and of the next */
    size_t nnext;
    eg__ac_out *outs;
    size_t nouts;
    uint32_t *slen;          /* sorted key i's length in bytes (outs) */
    eg__ac_chars chars;      /* characters as labels; top NULL: bytes */
    eg__ac_key *ekeys;       /* the keys as labels, into ebytes */
    unsigned char *ebytes;
    size_t nebytes;
} eg__ac_build;

static void units_free(eg__ac_units *a)
{
    free(a->u);
    free(a->fail);
    free(a->out);
}

static void build_free(eg__ac_build *w)
{
    units_free(&w->da.a);
    free(w->ord);
    free(w->sbytes);
    free(w->soff);
    free(w->sval);
    free(w->cur);
    free(w->next);
    free(w->outs);
    free(w->slen);
    free(w->chars.top);
    free(w->chars.pages);
    free(w->ekeys);
    free(w->ebytes);
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return (x > y) - (x < y);
}

/* The scan's steps are inlined into its loops, where its configuration
 * stays in registers. */
#if defined(__GNUC__)
#define EG__AC_INLINE static inline __attribute__((always_inline))
#else
#define EG__AC_INLINE static inline
#endif

/* The labels of a character whose rank (0: the most frequent in the keys)
 * is r, with nsingle singles (labels 1 .. nsingle - 1) and ntrail trails. */
static uint16_t rank_labels(size_t r, size_t nsingle, size_t ntrail)
{
    if (r + 1 < nsingle) return (uint16_t)(r + 1);
    size_t q = r + 1 - nsingle, nlead = 256 - nsingle - ntrail;
    return (uint16_t)((nsingle + q / ntrail) << 8 | (nsingle + nlead + q % ntrail));
}

/* Characters as labels (see the top): when every key is well-formed UTF-8
 * and their distinct characters fit in the labels, fills w->chars and
 * writes the keys as labels to w->ekeys and w->ebytes; otherwise leaves
 * them NULL, and the automaton reads bytes. */
static eg_status build_chars(const eg_matcher_builder *b, eg__ac_build *w)
{
    eg_status st = EG_ENOMEM;
    uint32_t *count = calloc(EG__AC_CPS, sizeof *count);
    uint64_t *order = NULL;
    uint32_t *seen = NULL; /* the distinct characters, as met */
    size_t distinct = 0, nlabels = 0, cap = 0;
    if (!count) return EG_ENOMEM;
    for (size_t i = 0; i < b->nkeys; i++) {
        const unsigned char *p = b->bytes + b->keys[i].off;
        size_t n = b->keys[i].len;
        for (size_t j = 0; j < n;) {
            uint32_t cp;
            size_t k = eg__utf8_next(p + j, n - j, &cp);
            if (eg__utf8_was_bad(p + j, k, cp)) {
                st = EG_OK; /* not UTF-8: bytes */
                goto done;
            }
            if (!count[cp]) {
                if (distinct == cap) {
                    uint32_t *v = xrealloc(seen, cap = cap ? 2 * cap : 256, sizeof *v);
                    if (!v) goto done;
                    seen = v;
                }
                seen[distinct++] = cp;
            }
            if (count[cp] < UINT32_MAX) count[cp]++;
            j += k;
        }
    }
    /* As many singles as the pairs leave room for: (nsingle - 1) + nlead *
     * ntrail labelled characters, label 0 being no character. */
    size_t nsingle = 0, ntrail = 1;
    for (size_t s = 255; s >= 2 && !nsingle; s--) {
        size_t l = (256 - s) / 2, t = 256 - s - l;
        if (s - 1 + l * t >= distinct) {
            nsingle = s;
            ntrail = t;
        }
    }
    if (!nsingle) {
        st = EG_OK; /* more characters than labels: bytes */
        goto done;
    }
    order = malloc((distinct ? distinct : 1) * sizeof *order);
    if (!order) goto done;
    size_t n = distinct, npages = 1;
    /* pages numbered in code point order */
    for (size_t r = 0; r < n; r++) order[r] = seen[r];
    qsort(order, n, sizeof *order, cmp_u64);
    w->chars.top = calloc(EG__AC_TOP, sizeof *w->chars.top);
    if (!w->chars.top) goto done;
    for (size_t r = 0; r < n; r++)
        if (!w->chars.top[order[r] >> 8]) w->chars.top[order[r] >> 8] = (uint16_t)npages++;
    /* ranks: most frequent first, then by code point */
    for (size_t r = 0; r < n; r++) order[r] = (uint64_t)(UINT32_MAX - count[seen[r]]) << 32 | seen[r];
    qsort(order, n, sizeof *order, cmp_u64);
    w->chars.pages = calloc(npages * 256, sizeof *w->chars.pages);
    if (!w->chars.pages) goto done;
    w->chars.npages = npages;
    for (size_t r = 0; r < n; r++) {
        uint32_t cp = (uint32_t)order[r];
        uint16_t v = rank_labels(r, nsingle, ntrail);
        w->chars.pages[(size_t)w->chars.top[cp >> 8] * 256 + (cp & 0xFF)] = v;
        count[cp] = v; /* from now on: the labels */
    }
    for (size_t i = 0; i < b->nkeys; i++) {
        const unsigned char *p = b->bytes + b->keys[i].off;
        for (size_t j = 0, len = b->keys[i].len; j < len;) {
            uint32_t cp;
            j += eg__utf8_next(p + j, len - j, &cp);
            nlabels += count[cp] < 256 ? 1 : 2;
        }
    }
    w->ekeys = xmalloc(b->nkeys, sizeof *w->ekeys);
    w->ebytes = xmalloc(nlabels, 1);
    if (!w->ekeys || !w->ebytes) goto done;
    size_t off = 0;
    for (size_t i = 0; i < b->nkeys; i++) {
        const unsigned char *p = b->bytes + b->keys[i].off;
        w->ekeys[i] = b->keys[i];
        w->ekeys[i].off = off;
        for (size_t j = 0, len = b->keys[i].len; j < len;) {
            uint32_t cp;
            j += eg__utf8_next(p + j, len - j, &cp);
            if (count[cp] >= 256) w->ebytes[off++] = (unsigned char)(count[cp] >> 8);
            w->ebytes[off++] = (unsigned char)count[cp];
        }
        w->ekeys[i].len = off - w->ekeys[i].off;
    }
    w->nebytes = nlabels;
    st = EG_OK;
done:
    if (st != EG_OK || !w->ebytes) {
        free(w->chars.top);
        free(w->chars.pages);
        free(w->ekeys);
        free(w->ebytes);
        memset(&w->chars, 0, sizeof w->chars);
        w->ekeys = NULL;
        w->ebytes = NULL;
    }
    free(order);
    free(seen);
    free(count);
    return st;
}

/* Fills in the failure link and match of the new state t, child of s on
 * byte c at the given depth, whose keys are [first, hi), and queues it. */
static void finish_state(eg__ac_build *w, uint32_t s, uint32_t t, unsigned char c,
                         uint32_t first, uint32_t hi, size_t depth)
{
    eg__ac_unit *u = w->da.a.u;
    uint32_t *fail = w->da.a.fail, *out = w->da.a.out;
    if (w->soff[first + 1] - w->soff[first] == depth + 1) {
        /* A key ends here: report it; below, only dead links. */
        w->outs[w->nouts] = (eg__ac_out){ w->slen[first], w->sval[first] };
        out[t] = (uint32_t)++w->nouts;
        u[t].base |= EG__AC_MATCH;
        fail[t] = EG__AC_DEAD;
        first++;
    } else {
        uint32_t f = fail[s];
        if (s == EG__AC_ROOT) {
            f = EG__AC_ROOT;
        } else if (f != EG__AC_DEAD) {
            /* Every state shallower than t has its children by now. */
            for (;;) {
                uint32_t g = (u[f].base & EG__AC_BASE) ^ c;
                if (u[g].check == f) {
                    f = g;
                    break;
                }
                if (f == EG__AC_ROOT) break;
                f = fail[f];
                if (f == EG__AC_DEAD) break;
            }
        }
        fail[t] = f;
        if (f != EG__AC_DEAD && (u[f].base & EG__AC_MATCH)) {
            /* The longest suffix that is a key ends here too. */
            u[t].base |= EG__AC_MATCH;
            out[t] = out[f];
        }
    }
    w->next[w->nnext++] = (eg__ac_node){ t, first, hi };
}

/* Lays out the rest of key i below state s (depth bytes deep) as a chain of
 * consecutive units. */
static eg_status place_chain(eg__ac_build *w, uint32_t s, uint32_t i, size_t depth)
{
    eg__ac_da *d = &w->da;
    const unsigned char *key = w->sbytes + w->soff[i];
    size_t n = w->soff[i + 1] - w->soff[i] - depth, p;
    if (n > EG__AC_MAX_STATES - d->nstates) return EG_ELIMIT;
    eg_status st = da_chain(d, n, &p);
    if (st != EG_OK) return st;
    d->nstates += n;
    eg__ac_unit *u = d->a.u;
    u[s].base |= (uint32_t)(p ^ key[depth]);
    for (size_t j = 0; j < n; j++) {
        u[p + j].check = j ? (uint32_t)(p + j - 1) : s;
        u[p + j].base = j + 1 < n ? (uint32_t)((p + j + 1) ^ key[depth + j + 1]) : 0;
    }
    return EG_OK;
}

/* Creates the children of every state of one trie level (depth bytes deep)
 * and fills in their failure links and matches. */
static eg_status build_level(eg__ac_build *w, size_t ncur, size_t depth)
{
    eg__ac_da *d = &w->da;
    unsigned char labels[256];
    uint32_t clo[256], chi[256];
    w->nnext = 0;
    for (size_t q = 0; q < ncur; q++) {
        uint32_t s = w->cur[q].unit;
        uint32_t lo = w->cur[q].lo, hi = w->cur[q].hi;
        if (lo == hi) continue; /* a leaf: base stays 0 */

        if (hi - lo == 1 && s != EG__AC_ROOT) {
            /* One key left: its tail is a chain, laid out on first visit. */
            unsigned char c = w->sbytes[w->soff[lo] + depth];
            if (!(d->a.u[s].base & EG__AC_BASE)) {
                eg_status st = place_chain(w, s, lo, depth);
                if (st != EG_OK) return st;
            }
            finish_state(w, s, (d->a.u[s].base & EG__AC_BASE) ^ c, c, lo, hi, depth);
            continue;
        }

        size_t k = 0;
        for (uint32_t j = lo; j < hi;) {
            unsigned char c = w->sbytes[w->soff[j] + depth];
            uint32_t e = j + 1;
            while (e < hi && w->sbytes[w->soff[e] + depth] == c) e++;
            labels[k] = c;
            clo[k] = j;
            chi[k] = e;
            k++;
            j = e;
        }

        size_t base = 0;
        eg__ac_open *o = da_find_base(d, labels, k, &base);
        if (!o) {
            eg_status st = da_open_block(d, &o);
            if (st != EG_OK) return st;
            base = o->blk * EG__AC_BLOCK;
        }
        if (k > EG__AC_MAX_STATES - d->nstates) return EG_ELIMIT;
        d->nstates += k;
        d->a.u[s].base |= (uint32_t)base;
        for (size_t i = 0; i < k; i++) {
            uint32_t t = (uint32_t)(base ^ labels[i]);
            open_take(o, t);
            d->a.u[t].check = s;
        }
        for (size_t i = 0; i < k; i++)
            finish_state(w, s, (uint32_t)(base ^ labels[i]), labels[i], clo[i], chi[i], depth);
    }
    return EG_OK;
}

static eg_status build_run(const eg_matcher_builder *b, eg__ac_build *w)
{
    size_t n = b->nkeys;
    if (n > EG__AC_MAX_STATES) return EG_ELIMIT;
    eg_status st = build_chars(b, w);
    if (st != EG_OK) return st;
    /* the labels the trie is built on: characters' or bytes */
    const eg__ac_key *keys = w->ekeys ? w->ekeys : b->keys;
    const unsigned char *bytes = w->ekeys ? w->ebytes : b->bytes;
    size_t nbytes = w->ekeys ? w->nebytes : b->nbytes;
    for (size_t i = 0; i < n; i++)
        if (b->keys[i].len >= EG__AC_MAX_STATES || keys[i].len >= EG__AC_MAX_STATES) return EG_ELIMIT;

    size_t n1;
    if (eg__add_overflow(n, 1, &n1)) return EG_ENOMEM;
    w->ord = xmalloc(n, sizeof *w->ord);
    w->sbytes = xmalloc(nbytes, 1);
    w->soff = xmalloc(n1, sizeof *w->soff);
    w->sval = xmalloc(n, sizeof *w->sval);
    w->slen = xmalloc(n, sizeof *w->slen);
    w->cur = xmalloc(n1, sizeof *w->cur);
    w->next = xmalloc(n1, sizeof *w->next);
    w->outs = xmalloc(n, sizeof *w->outs);
    if (!w->ord || !w->sbytes || !w->soff || !w->sval || !w->slen || !w->cur || !w->next || !w->outs)
        return EG_ENOMEM;

    for (size_t i = 0; i < n; i++) w->ord[i] = (uint32_t)i;
    st = sort_keys(w->ord, n, keys, bytes);
    if (st != EG_OK) return st;
    size_t off = 0;
    for (size_t i = 0; i < n; i++) {
        const eg__ac_key *k = &keys[w->ord[i]];
        memcpy(w->sbytes + off, bytes + k->off, k->len);
        w->soff[i] = off;
        w->sval[i] = k->value;
        w->slen[i] = (uint32_t)b->keys[w->ord[i]].len;
        off += k->len;
    }
    w->soff[n] = off;
    free(w->ord);
    w->ord = NULL;
    free(w->ekeys);
    free(w->ebytes);
    w->ekeys = NULL;
    w->ebytes = NULL;

    /* Room for about as many units as key bytes: random keys need less,
     * shared prefixes far less; da_grow() grows it when needed. */
    size_t est = nbytes / 8;
    if (eg__add_overflow(est, nbytes, &est) || eg__add_overflow(est, 2 * EG__AC_BLOCK, &est))
        return EG_ENOMEM;
    if (est > EG__AC_MAX_UNITS) est = EG__AC_MAX_UNITS;
    st = da_resize(&w->da, est);
    if (st != EG_OK) return st;
    eg__ac_open *o;
    st = da_open_block(&w->da, &o);
    if (st != EG_OK) return st;
    open_take(o, EG__AC_ROOT);
    w->da.nstates = 1;

    w->cur[0] = (eg__ac_node){ EG__AC_ROOT, 0, (uint32_t)n };
    size_t ncur = 1;
    for (size_t depth = 0; ncur; depth++) {
        st = build_level(w, ncur, depth);
        if (st != EG_OK) return st;
        eg__ac_node *tmp = w->cur;
        w->cur = w->next;
        w->next = tmp;
        ncur = w->nnext;
    }

    /* Drop whole unused blocks at the end of the last chain run. */
    eg__ac_da *d = &w->da;
    if (d->chain_end == d->a.n)
        d->a.n -= (d->chain_end - d->chain_pos) / EG__AC_BLOCK * EG__AC_BLOCK;
    for (size_t i = 0; i < d->a.n; i++) {
        if (d->a.fail[i] == EG__AC_DEAD) d->a.fail[i] = EG__AC_ROOT;
        if (d->a.fail[i] == EG__AC_ROOT) d->a.u[i].base |= EG__AC_FROOT;
    }
    return EG_OK;
}

/* Moves the array *p of bytes bytes into memory for a table read at
 * random (util.h eg__alloc_table: huge pages where the kernel gives them);
 * left where it is when that is small or cannot be had. */
static void move_to_table(void **p, size_t bytes)
{
    if (bytes < ((size_t)2 << 20)) return;
    void *t = eg__alloc_table(bytes);
    if (!t) return;
    memcpy(t, *p, bytes);
    free(*p);
    *p = t;
}

eg_status eg_matcher_build(const eg_matcher_builder *b, eg_matcher **out)
{
    if (!out) return EG_EINVAL;
    *out = NULL;
    if (!b) return EG_EINVAL;
    eg__ac_build w;
    memset(&w, 0, sizeof w);
    eg_matcher *m = calloc(1, sizeof *m);
    if (!m) return EG_ENOMEM;
    eg_status st = build_run(b, &w);
    if (st != EG_OK) {
        build_free(&w);
        free(m);
        return st;
    }
    /* Give back the unused tails; a failed shrink keeps the larger block. */
    if (w.da.cap > w.da.a.n) (void)da_resize(&w.da, w.da.a.n);
    if (w.nouts) {
        eg__ac_out *o = realloc(w.outs, w.nouts * sizeof *o);
        if (o) w.outs = o;
    }
    m->units = w.da.a;
    /* the scan reads the units and failure links at random */
    move_to_table((void **)&m->units.u, m->units.n * sizeof *m->units.u);
    move_to_table((void **)&m->units.fail, m->units.n * sizeof *m->units.fail);
    m->outs = w.outs;
    m->nouts = w.nouts;
    m->nstates = w.da.nstates;
    m->chars = w.chars;
    memset(&w.da.a, 0, sizeof w.da.a);
    memset(&w.chars, 0, sizeof w.chars);
    w.outs = NULL;
    build_free(&w);
    *out = m;
    return EG_OK;
}

void eg_matcher_free(eg_matcher *m)
{
    if (!m) return;
    if (!m->borrowed) {
        units_free(&m->units);
        free(m->outs);
        free(m->chars.top);
        free(m->chars.pages);
    }
    free(m);
}

size_t eg_matcher_memory(const eg_matcher *m)
{
    if (!m) return 0;
    return sizeof *m + m->units.n * (sizeof *m->units.u + sizeof *m->units.fail +
                                     sizeof *m->units.out) +
           m->nouts * sizeof *m->outs +
           (m->chars.top ? (EG__AC_TOP + m->chars.npages * 256) * sizeof(uint16_t) : 0);
}

/* ------------------------------------------------------------------- scan */

/* Where a scan stands: about to read text[i] in state s, with the match
 * recorded in state ms (0: none) ending at mend still to be reported. */
typedef struct eg__ac_cfg {
    size_t i;
    uint32_t s, ms;
    size_t mend;
} eg__ac_cfg;

/* The labels of the character at p[0..n) (n >= 1) and its length in bytes
 * *k (characters as labels): 0 for an ill-formed sequence or a character
 * no key has. */
EG__AC_INLINE uint32_t char_labels(const eg__ac_chars *ch, const unsigned char *p, size_t n, size_t *k)
{
    uint32_t cp;
    if (p[0] < 0x80) {
        cp = p[0];
        *k = 1;
    } else if (eg__utf8_plain3(p, n)) {
        cp = (uint32_t)(p[0] & 0x0F) << 12 | (uint32_t)(p[1] & 0x3F) << 6 | (p[2] & 0x3F);
        *k = 3;
    } else {
        *k = eg__utf8_next(p, n, &cp);
        if (eg__utf8_was_bad(p, *k, cp)) return 0;
    }
    return ch->pages[(size_t)ch->top[cp >> 8] * 256 + (cp & 0xFF)];
}

/* The first label the scan reads at p[0..n) (n >= 1). */
EG__AC_INLINE uint32_t first_label(const eg_matcher *m, const unsigned char *p, size_t n)
{
    if (!m->chars.top) return p[0];
    size_t k;
    uint32_t v = char_labels(&m->chars, p, n, &k);
    return v < 256 ? v : v >> 8;
}

/* Follows label c from state *ps (failure links included); *hit tells
 * whether it reached a state with a match. Returns 1 when the pending match
 * (pending non-zero) must be reported now instead. */
EG__AC_INLINE int scan_move(const eg__ac_units *a, uint32_t *ps, uint32_t c, int pending, int *hit)
{
    const eg__ac_unit *u = a->u;
    uint32_t s = *ps;
    *hit = 0;
    for (;;) {
        uint32_t flags = u[s].base, base = flags & EG__AC_BASE;
        uint32_t t = base ^ c;
        if (u[t].check == s) {
            s = t;
            *hit = (u[s].base & EG__AC_MATCH) != 0;
            break;
        }
        if (s == EG__AC_ROOT) break;
        if (!base) return 1; /* a leaf: its own key is pending */
        /* (most failure links lead to the root: no load for them) */
        s = (flags & EG__AC_FROOT) ? EG__AC_ROOT : a->fail[s];
        if (s == EG__AC_ROOT && pending) return 1; /* dead */
    }
    *ps = s;
    return 0;
}

/* Reads the character (or byte) at text[x->i], text ending at end. Returns
 * 1, leaving x alone, when the pending match must be reported now; the
 * caller then reports it and restarts. */
EG__AC_INLINE int scan_step(const eg_matcher *m, const unsigned char *p, size_t end, eg__ac_cfg *x)
{
    uint32_t s = x->s, ms = x->ms, v = p[x->i];
    size_t k = 1;
    int hit;
    if (m->chars.top) {
        v = char_labels(&m->chars, p + x->i, end - x->i, &k);
        if (v >= 256) {
            /* (no key ends after a lead: a match here is ignored) */
            if (scan_move(&m->units, &s, v >> 8, ms != 0, &hit)) return 1;
            v &= 0xFF;
        }
    }
    if (scan_move(&m->units, &s, v, ms != 0, &hit)) return 1;
    if (hit) {
        x->ms = s;
        x->mend = x->i + k;
    }
    x->s = s;
    x->i += k;
    return 0;
}

static void scan_restart(eg__ac_cfg *x)
{
    x->i = x->mend;
    x->s = EG__AC_ROOT;
    x->ms = 0;
    x->mend = 0;
}

/* Reports the pending match of x and restarts x after it; returns the
 * callback's verdict (non-zero: stop). */
static int scan_report(const eg_matcher *m, eg__ac_cfg *x, eg_match_fn fn, void *user)
{
    const eg__ac_out *o = &m->outs[m->units.out[x->ms] - 1];
    eg_match mt;
    if (o->len > x->mend) return 1; /* only a damaged image gets here: stop */
    mt.start = x->mend - o->len;
    mt.end = x->mend;
    mt.value = o->value;
    scan_restart(x);
    return fn(user, &mt);
}

/* Runs x up to position end (exclusive), reporting as it goes; at the end
 * of the text also reports what is pending. Returns non-zero on stop. */
static int scan_serial(const eg_matcher *m, const unsigned char *p, size_t end, int is_eot,
                       eg__ac_cfg *x, eg_match_fn fn, void *user)
{
    eg__ac_cfg c = *x;
    for (;;) {
        while (c.i < end)
            if (scan_step(m, p, end, &c) && scan_report(m, &c, fn, user)) return 1;
        if (!is_eot || !c.ms) break;
        if (scan_report(m, &c, fn, user)) return 1;
    }
    *x = c;
    return 0;
}

/* Interleaved scanning. A scan is a chain of dependent loads, so on an
 * automaton larger than the caches its speed is set by memory latency.
 * To overlap those latencies the text is cut into EG__AC_LANES segments of
 * EG__AC_SEG bytes scanned in lockstep: lane 0 continues the real scan,
 * each other lane starts afresh at its segment and keeps its reports and a
 * few checkpoints (its configuration at start, then each time it has gone
 * at least EG__AC_CKSTEP bytes further: a step may read a character of
 * several bytes). Then the real scan runs on alone into each segment until
 * its configuration equals a checkpoint there; from that moment the two
 * scans are the same deterministic computation, so the lane's later
 * reports are the real ones and its final configuration is the real one.
 * Without such a meeting the real scan simply covers the whole segment
 * itself, so the worst case costs twice the work, never a wrong result.
 * A segment holds at most EG__AC_SEG reports (matches are non-empty and do
 * not overlap), so the lanes live on the stack: about 11 KB. */
#define EG__AC_LANES 4
#define EG__AC_SEG 512
#define EG__AC_CKPTS 16
#define EG__AC_CKSTEP 8
#define EG__AC_LANES_MIN_UNITS ((size_t)1 << 19) /* 4 MB of {base, check} */

typedef struct eg__ac_lane {
    eg__ac_cfg x;
    size_t start, end, ckpos;
    unsigned nck, nrep;
    eg__ac_cfg ck[EG__AC_CKPTS];
    uint16_t ckrep[EG__AC_CKPTS];  /* reports made before checkpoint j */
    uint32_t rep_ms[EG__AC_SEG];   /* the reports: state and end - start */
    uint16_t rep_end[EG__AC_SEG];
} eg__ac_lane;

static int cfg_equal(const eg__ac_cfg *a, const eg__ac_cfg *b)
{
    return a->i == b->i && a->s == b->s && a->ms == b->ms && (!a->ms || a->mend == b->mend);
}

/* Runs the real scan x into lane l's segment until it meets one of l's
 * checkpoints, then takes over l's reports and final configuration. */
static int scan_join(const eg_matcher *m, const unsigned char *p, size_t len, eg__ac_cfg *x,
                     const eg__ac_lane *l, eg_match_fn fn, void *user)
{
    eg__ac_cfg c = *x;
    unsigned j = 0; /* the first checkpoint at or after c.i */
    while (c.i < l->end) {
        while (j > 0 && l->ck[j - 1].i >= c.i) j--; /* a restart went back */
        while (j < l->nck && l->ck[j].i < c.i) j++;
        if (j < l->nck && cfg_equal(&c, &l->ck[j])) {
            for (unsigned r = l->ckrep[j]; r < l->nrep; r++) {
                eg__ac_cfg y = { 0, 0, l->rep_ms[r], l->start + l->rep_end[r] };
                if (scan_report(m, &y, fn, user)) return 1;
            }
            *x = l->x;
            return 0;
        }
        if (scan_step(m, p, len, &c) && scan_report(m, &c, fn, user)) return 1;
    }
    *x = c;
    return 0;
}

static int scan_lanes(const eg_matcher *m, const unsigned char *p, size_t len, eg__ac_cfg *x,
                      eg_match_fn fn, void *user)
{
    eg__ac_lane lanes[EG__AC_LANES - 1];
    while (len - x->i >= (size_t)EG__AC_LANES * EG__AC_SEG) {
        size_t end0 = x->i + EG__AC_SEG;
        for (int k = 0; k < EG__AC_LANES - 1; k++) {
            eg__ac_lane *l = &lanes[k];
            l->start = end0 + (size_t)k * EG__AC_SEG;
            l->end = l->start + EG__AC_SEG;
            l->x = (eg__ac_cfg){ l->start, EG__AC_ROOT, 0, 0 };
            l->ckpos = l->start;
            l->nck = l->nrep = 0;
        }
        for (int busy = 1; busy;) {
            busy = 0;
            if (x->i < end0) {
                busy = 1;
                if (scan_step(m, p, len, x) && scan_report(m, x, fn, user)) return 1;
            }
            for (int k = 0; k < EG__AC_LANES - 1; k++) {
                eg__ac_lane *l = &lanes[k];
                if (l->x.i >= l->end) continue;
                busy = 1;
                if (l->x.i >= l->ckpos) {
                    l->ck[l->nck] = l->x;
                    l->ckrep[l->nck] = (uint16_t)l->nrep;
                    l->ckpos = ++l->nck < EG__AC_CKPTS ? l->x.i + EG__AC_CKSTEP : SIZE_MAX;
                }
                if (scan_step(m, p, len, &l->x)) {
                    l->rep_ms[l->nrep] = l->x.ms;
                    l->rep_end[l->nrep] = (uint16_t)(l->x.mend - l->start);
                    l->nrep++;
                    scan_restart(&l->x);
                }
            }
        }
        for (int k = 0; k < EG__AC_LANES - 1; k++)
            if (scan_join(m, p, len, x, &lanes[k], fn, user)) return 1;
    }
    return 0;
}

/* scan with mode 0: automatic, 1: serial only, 2: lanes whenever the text
 * is long enough (for tests). */
eg_status eg__matcher_scan_mode(const eg_matcher *m, const char *text, size_t len,
                                eg_match_fn fn, void *user, int mode);

eg_status eg__matcher_scan_mode(const eg_matcher *m, const char *text, size_t len,
                                eg_match_fn fn, void *user, int mode)
{
    if (!m || !fn || (!text && len)) return EG_EINVAL;
    const unsigned char *p = (const unsigned char *)text;
    eg__ac_cfg x = { 0, EG__AC_ROOT, 0, 0 };
    if (mode == 2 || (mode == 0 && m->units.n >= EG__AC_LANES_MIN_UNITS))
        if (scan_lanes(m, p, len, &x, fn, user)) return EG_OK;
    (void)scan_serial(m, p, len, 1, &x, fn, user);
    return EG_OK;
}

eg_status eg_matcher_scan(const eg_matcher *m, const char *text, size_t len,
                          eg_match_fn fn, void *user)
{
    return eg__matcher_scan_mode(m, text, len, fn, user, 0);
}

/* Segments in lockstep. A document is scanned paragraph by paragraph, each
 * paragraph from the root; paragraphs are mostly shorter than scan_lanes()
 * needs, so this interleaves whole segments instead: EG__AC_SEG_LANES
 * independent scans, each lane taking the next segment when its own is
 * done. After each step a lane prefetches the unit its next byte leads to
 * (and its failure link), so that by its next turn the load is done: the
 * scans' cache misses overlap instead of following one another (with 300
 * 000 names: 4 lanes without prefetching 0.36 s on 20 MB, 32 with 0.20 s). Each segment's scan is exactly eg_matcher_scan()'s on it (the same
 * steps, reports and restarts; a damaged image's impossible match ends that
 * segment only), so no stitching is needed; the reports are kept and
 * handed over segment by segment at the end. */
#define EG__AC_SEG_LANES 32
#if defined(__GNUC__)
#define EG__AC_PREFETCH(p) __builtin_prefetch(p)
#else
#define EG__AC_PREFETCH(p) ((void)(p))
#endif

typedef struct eg__ac_seg_report {
    size_t segment, start, end;
    uint32_t value;
} eg__ac_seg_report;

typedef struct eg__ac_seg_lane {
    eg__ac_cfg x;
    size_t segment, start, end;
} eg__ac_seg_lane;

/* For one segment scanned alone: matches made relative to the text. */
typedef struct seg_fn_ctx {
    eg__segment_match_fn fn;
    void *user;
    size_t segment, base;
    int stopped;
} seg_fn_ctx;

static int seg_fn(void *user, const eg_match *m)
{
    seg_fn_ctx *c = user;
    eg_match mt = { c->base + m->start, c->base + m->end, m->value };
    return c->stopped = c->fn(c->user, c->segment, &mt) != 0;
}

/* Points lane l at the next non-empty segment; 0 when none is left. */
static int seg_lane_next(eg__ac_seg_lane *l, const size_t *bounds, size_t n, size_t *next)
{
    while (*next < n && bounds[*next + 1] <= bounds[*next]) ++*next;
    if (*next >= n) return 0;
    l->segment = (*next)++;
    l->start = bounds[l->segment];
    l->end = bounds[l->segment + 1];
    l->x = (eg__ac_cfg){ l->start, EG__AC_ROOT, 0, 0 };
    return 1;
}

eg_status eg__matcher_scan_segments(const eg_matcher *m, const char *text, const size_t *bounds,
                                    size_t n, eg__segment_match_fn fn, void *user, int mode)
{
    if (!m || !fn || (!text && n && bounds[n] > bounds[0])) return EG_EINVAL;
    const unsigned char *p = (const unsigned char *)text;
    eg__ac_seg_lane lanes[EG__AC_SEG_LANES];
    eg__ac_seg_report *rep = NULL, *sorted = NULL;
    size_t nrep = 0, cap = 0, next = 0, active = 0, *first = NULL;
    eg_status st = EG_OK;
    if (mode == 1 || (mode == 0 && m->units.n < EG__AC_LANES_MIN_UNITS)) {
        /* in the caches: one segment after another */
        for (size_t k = 0; k < n; k++) {
            seg_fn_ctx c = { fn, user, k, bounds[k], 0 };
            eg__ac_cfg x = { 0, EG__AC_ROOT, 0, 0 };
            if (scan_serial(m, p + bounds[k], bounds[k + 1] - bounds[k], 1, &x, seg_fn, &c) && c.stopped) break;
        }
        return EG_OK;
    }
    for (int k = 0; k < EG__AC_SEG_LANES; k++) active += (size_t)seg_lane_next(&lanes[active], bounds, n, &next);
    while (active) {
        for (size_t k = 0; k < active;) {
            eg__ac_seg_lane *l = &lanes[k];
            int report;
            if (l->x.i < l->end) report = scan_step(m, p, l->end, &l->x);
            else report = l->x.ms != 0; /* the end of the segment: what is pending */
            if (!report && l->x.i < l->end) {
                /* the unit the next byte leads to, and the failure link,
                 * asked for now and read when this lane's turn comes
                 * again: the lanes' cache misses overlap */
                uint32_t s = l->x.s, nb = m->units.u[s].base & EG__AC_BASE;
                EG__AC_PREFETCH(&m->units.u[nb ^ first_label(m, p + l->x.i, l->end - l->x.i)]);
                EG__AC_PREFETCH(&m->units.fail[s]);
            }
            if (report) {
                const eg__ac_out *o = &m->outs[m->units.out[l->x.ms] - 1];
                if (o->len > l->x.mend - l->start) { /* only a damaged image: end the segment */
                    l->x.i = l->end;
                    l->x.ms = 0;
                } else {
                    if (nrep == cap) {
                        size_t c = cap ? 2 * cap : 1024, bytes;
                        eg__ac_seg_report *v;
                        if (eg__mul_overflow(c, sizeof *v, &bytes) || !(v = realloc(rep, bytes))) {
                            st = EG_ENOMEM;
                            goto done;
                        }
                        rep = v;
                        cap = c;
                    }
                    rep[nrep++] = (eg__ac_seg_report){ l->segment, l->x.mend - o->len, l->x.mend, o->value };
                    scan_restart(&l->x);
                }
                continue;
            }
            if (l->x.i >= l->end && !l->x.ms && !seg_lane_next(l, bounds, n, &next)) {
                lanes[k] = lanes[--active]; /* this lane is done: the last takes its place */
                continue;
            }
            k++;
        }
    }
    /* segment order: each segment's reports are already in text order */
    if (nrep) {
        first = calloc(n + 1, sizeof *first);
        sorted = malloc(nrep * sizeof *sorted);
        if (!first || !sorted) {
            st = EG_ENOMEM;
            goto done;
        }
        for (size_t r = 0; r < nrep; r++) first[rep[r].segment + 1]++;
        for (size_t k = 0; k < n; k++) first[k + 1] += first[k];
        for (size_t r = 0; r < nrep; r++) sorted[first[rep[r].segment]++] = rep[r];
        for (size_t r = 0; r < nrep; r++) {
            eg_match mt = { sorted[r].start, sorted[r].end, sorted[r].value };
            if (fn(user, sorted[r].segment, &mt)) break;
        }
    }
done:
    free(first);
    free(sorted);
    free(rep);
    return st;
}

/* ------------------------------------------------------------------ image */

/* The image: a header of seven uint64 (magic, units, outs, states, a
 * byte-order mark, and for characters as labels the number of pages, 0
 * when the automaton reads bytes), then the unit, fail, out and outs
 * arrays, and for characters as labels the page numbers (EG__AC_TOP) and
 * the pages (256 labels each), each padded to 8 bytes. Native byte order;
 * the mark rejects a foreign one. */
#define EG__AC_IMAGE_MAGIC 0x3230434148474547ull /* "EGHAC02": 02 characters as labels */
#define EG__AC_IMAGE_BOM 0x0102030405060708ull
#define EG__AC_IMAGE_HEAD (7 * sizeof(uint64_t))

static size_t pad8(size_t n) { return (n + 7) & ~(size_t)7; }

static size_t chars_image_size(size_t npages)
{
    return npages ? pad8(EG__AC_TOP * sizeof(uint16_t)) + pad8(npages * 256 * sizeof(uint16_t)) : 0;
}

size_t eg_matcher_image_size(const eg_matcher *m)
{
    return EG__AC_IMAGE_HEAD + pad8(m->units.n * sizeof *m->units.u) +
           2 * pad8(m->units.n * sizeof(uint32_t)) + pad8(m->nouts * sizeof *m->outs) +
           chars_image_size(m->chars.top ? m->chars.npages : 0);
}

eg_status eg_matcher_write_image(const eg_matcher *m, void *buf, size_t size)
{
    if (size < eg_matcher_image_size(m)) return EG_EINVAL;
    unsigned char *p = buf;
    uint64_t npages = m->chars.top ? m->chars.npages : 0;
    uint64_t h[7] = {EG__AC_IMAGE_MAGIC, m->units.n, m->nouts, m->nstates, EG__AC_IMAGE_BOM, npages, 0};
    memset(buf, 0, eg_matcher_image_size(m));
    memcpy(p, h, sizeof h);
    p += sizeof h;
    memcpy(p, m->units.u, m->units.n * sizeof *m->units.u);
    p += pad8(m->units.n * sizeof *m->units.u);
    memcpy(p, m->units.fail, m->units.n * sizeof(uint32_t));
    p += pad8(m->units.n * sizeof(uint32_t));
    memcpy(p, m->units.out, m->units.n * sizeof(uint32_t));
    p += pad8(m->units.n * sizeof(uint32_t));
    if (m->nouts) memcpy(p, m->outs, m->nouts * sizeof *m->outs);
    p += pad8(m->nouts * sizeof *m->outs);
    if (npages) {
        memcpy(p, m->chars.top, EG__AC_TOP * sizeof(uint16_t));
        p += pad8(EG__AC_TOP * sizeof(uint16_t));
        memcpy(p, m->chars.pages, m->chars.npages * 256 * sizeof(uint16_t));
    }
    return EG_OK;
}

/* The characters' kind of this matcher: 1 when it reads characters as
 * labels, 0 bytes (for tests). */
int eg__matcher_reads_chars(const eg_matcher *m);
int eg__matcher_reads_chars(const eg_matcher *m) { return m && m->chars.top; }

int eg__matcher_each_value(const eg_matcher *m, int (*fn)(void *user, uint32_t value),
                           void *user)
{
    for (size_t i = 0; i < m->nouts; i++) {
        int r = fn(user, m->outs[i].value);
        if (r) return r;
    }
    return 0;
}

eg_status eg_matcher_from_image(const void *buf, size_t size, eg_matcher **out)
{
    uint64_t h[7];
    if (((uintptr_t)buf & 7) || size < sizeof h) return EG_EPARSE;
    memcpy(h, buf, sizeof h);
    if (h[0] != EG__AC_IMAGE_MAGIC || h[4] != EG__AC_IMAGE_BOM) return EG_EPARSE;
    if (h[1] == 0 || h[1] > EG__AC_MAX_UNITS || h[2] > EG__AC_MAX_UNITS || h[3] > h[1] ||
        h[5] > EG__AC_TOP + 1 || h[6])
        return EG_EPARSE;
    size_t n = (size_t)h[1], nouts = (size_t)h[2], npages = (size_t)h[5];
    size_t need = EG__AC_IMAGE_HEAD + pad8(n * sizeof(eg__ac_unit)) + 2 * pad8(n * sizeof(uint32_t)) +
                  pad8(nouts * sizeof(eg__ac_out)) + chars_image_size(npages);
    if (size < need) return EG_EPARSE;
    const unsigned char *p = (const unsigned char *)buf + sizeof h;
    eg__ac_units a;
    a.u = (eg__ac_unit *)(uintptr_t)p;
    p += pad8(n * sizeof *a.u);
    a.fail = (uint32_t *)(uintptr_t)p;
    p += pad8(n * sizeof(uint32_t));
    a.out = (uint32_t *)(uintptr_t)p;
    p += pad8(n * sizeof(uint32_t));
    a.n = n;
    eg__ac_chars ch = { NULL, NULL, npages };
    if (npages) {
        /* every page number the scan reads must name a page */
        ch.top = (uint16_t *)(uintptr_t)(p + pad8(nouts * sizeof(eg__ac_out)));
        ch.pages = (uint16_t *)(uintptr_t)((const unsigned char *)ch.top + pad8(EG__AC_TOP * sizeof(uint16_t)));
        for (size_t i = 0; i < EG__AC_TOP; i++)
            if (ch.top[i] >= npages) return EG_EPARSE;
    }
    /* Every index the scan follows must stay inside the arrays. */
    if (n < EG__AC_BLOCK) return EG_EPARSE;
    for (size_t i = 0; i < n; i++) {
        uint32_t base = a.u[i].base & EG__AC_BASE;
        if (base && (size_t)(base | 0xFFu) >= n) return EG_EPARSE;
        if (a.u[i].check != EG__AC_NONE && a.u[i].check >= n) return EG_EPARSE;
        if (a.fail[i] >= n || !(a.u[i].base & EG__AC_FROOT) != (a.fail[i] != EG__AC_ROOT)) return EG_EPARSE;
        if ((a.u[i].base & EG__AC_MATCH) && (a.out[i] == 0 || a.out[i] > nouts)) return EG_EPARSE;
        /* The scan reports a pending match without looking when it falls
         * into a leaf (scan_step): a leaf must end a key, and a state whose
         * failure link leads to a match or a leaf inherits that match, as
         * in every automaton eg_matcher_build() makes. */
        if (i != EG__AC_ROOT && a.u[i].check != EG__AC_NONE && !(a.u[i].base & EG__AC_MATCH)) {
            uint32_t f = a.fail[i];
            if (!base || (f != EG__AC_ROOT && ((a.u[f].base & EG__AC_MATCH) || !(a.u[f].base & EG__AC_BASE))))
                return EG_EPARSE;
        }
    }
    /* Failure links must lead to the root: the scan follows them without
     * reading a byte, so a cycle among them would never end. One pass with
     * a mark per unit: 0 unseen, 1 on the current chain, 2 reaches root. */
    unsigned char *mark = calloc(n, 1);
    if (!mark) return EG_ENOMEM;
    mark[EG__AC_ROOT] = 2;
    for (size_t i = 0; i < n; i++) {
        size_t s = i;
        while (mark[s] == 0) {
            mark[s] = 1;
            s = a.fail[s];
        }
        int ok = mark[s] == 2;
        for (size_t t = i; mark[t] == 1; t = a.fail[t]) mark[t] = ok ? 2 : 3;
        if (!ok) {
            free(mark);
            return EG_EPARSE;
        }
    }
    free(mark);
    eg_matcher *m = calloc(1, sizeof *m);
    if (!m) return EG_ENOMEM;
    m->units = a;
    m->outs = (eg__ac_out *)(uintptr_t)p;
    m->nouts = nouts;
    m->nstates = (size_t)h[3];
    m->chars = ch;
    m->borrowed = 1;
    *out = m;
    return EG_OK;
}
