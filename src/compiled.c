/* Compiled dictionaries: an extractor's registry, name groups, parent
 * links and matcher in one file that later runs map from disk, so that
 * startup does not normalise and compile every name again. */
#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "buf.h"
#include "dict_load.h"
#include "extract_impl.h"
#include "internal.h"

/* File layout, native byte order, every section 8-byte aligned:
 *   header   (struct below)
 *   records  n_entities × rec
 *   attrs    n_attrs × 2 uint32 string offsets (key, value)
 *   strings  NUL-terminated strings, offsets are into this blob
 *   groups   n_groups + 1 uint32 starts, then n_members uint32
 *   parents  n_entities int32 (-1: none)
 *   matcher  eg_matcher image
 *   lexicon  the word lexicon's image (lexicon.h), when there is one
 * The checksum covers everything after the header. */
#define EGD_MAGIC "EGDICT\x01\n"
#define EGD_VERSION 4u /* 4: the matcher reads characters as labels (matcher.c) */
#define EGD_BOM 0x0102030405060708ull

typedef struct egd_header {
    char magic[8];
    uint64_t bom;
    uint32_t version, flags;
    uint64_t n_entities, n_attrs, strings_len, n_groups, n_members, matcher_len;
    uint64_t off_records, off_attrs, off_strings, off_groups, off_members, off_parents,
        off_matcher, total;
    uint64_t lexicon_len, off_lexicon;
    uint64_t ambiguous, shadowed;
    uint64_t checksum;
} egd_header;

typedef struct egd_rec {
    uint32_t id, name, type, aliases, parent, file;
    uint32_t line, attr_first, n_attr, pad;
} egd_rec;

static size_t pad8(size_t n) { return (n + 7) & ~(size_t)7; }

/* 64-bit multiply-xor over words: fast enough to check a large file on
 * every start (a guard against truncation and damage, not an attacker). */
static uint64_t checksum(const unsigned char *p, size_t n)
{
    uint64_t h = 0x9E3779B97F4A7C15ull ^ n;
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t w;
        memcpy(&w, p + i, 8);
        h = (h ^ w) * 0xFF51AFD7ED558CCDull;
        h ^= h >> 29;
    }
    for (; i < n; i++) h = (h ^ p[i]) * 0x100000001B3ull;
    return h;
}

void eg__egd_seal(unsigned char *buf, size_t size)
{
    size_t head = pad8(sizeof(egd_header));
    if (size < head) return;
    uint64_t total = size, sum = checksum(buf + head, size - head);
    memcpy(buf + offsetof(egd_header, total), &total, sizeof total);
    memcpy(buf + offsetof(egd_header, checksum), &sum, sizeof sum);
}

/* ---- writing ----------------------------------------------------------- */

/* Appends s and its NUL to the strings, *off where it starts (the image
 * holds 32-bit offsets). */
static int blob_put(eg__buf *b, const char *s, uint32_t *off)
{
    size_t l = strlen(s) + 1;
    if (b->len + l > UINT32_MAX) return -1;
    *off = (uint32_t)b->len;
    return eg__buf_append(b, s, l) ? -1 : 0;
}

eg_status eg_extractor_save(const eg_extractor *x, const char *path, eg_error *err)
{
    eg_status st = EG_OK;
    const eg_dict *d = x->dict;
    size_t n = eg_dict_count(d), n_attrs = 0;
    egd_rec *recs = NULL;
    uint32_t *attrs = NULL;
    unsigned char *img = NULL;
    eg__buf strings = EG__BUF_INIT;
    eg__atomic a = {0};
    for (size_t i = 0; i < n; i++) n_attrs += eg_dict_entity(d, i)->n_attr;
    recs = calloc(n ? n : 1, sizeof *recs);
    attrs = calloc(n_attrs ? 2 * n_attrs : 1, sizeof *attrs);
    if (!recs || !attrs) goto nomem;
    size_t at = 0;
    /* Types and file names repeat on every entry: store each once. */
    const char *last_type = NULL, *last_file = NULL;
    uint32_t type_off = 0, file_off = 0, empty_off = 0;
    if (blob_put(&strings, "", &empty_off)) goto nomem;
    for (size_t i = 0; i < n; i++) {
        const eg_entity *e = eg_dict_entity(d, i);
        egd_rec *r = &recs[i];
        if (!last_type || strcmp(last_type, e->type)) {
            if (blob_put(&strings, e->type, &type_off)) goto nomem;
            last_type = e->type;
        }
        if (!last_file || strcmp(last_file, e->file)) {
            if (blob_put(&strings, e->file, &file_off)) goto nomem;
            last_file = e->file;
        }
        r->type = type_off;
        r->file = file_off;
        r->aliases = r->parent = empty_off;
        if (blob_put(&strings, e->id, &r->id) || blob_put(&strings, e->name, &r->name) ||
            (e->aliases[0] && blob_put(&strings, e->aliases, &r->aliases)) ||
            (e->parent[0] && blob_put(&strings, e->parent, &r->parent)))
            goto nomem;
        r->line = e->line > 0 && e->line < UINT32_MAX ? (uint32_t)e->line : 0;
        r->attr_first = (uint32_t)at;
        r->n_attr = (uint32_t)e->n_attr;
        for (size_t k = 0; k < e->n_attr; k++, at++)
            if (blob_put(&strings, e->attr[2 * k], &attrs[2 * at]) ||
                blob_put(&strings, e->attr[2 * k + 1], &attrs[2 * at + 1]))
                goto nomem;
    }
    size_t n_members = x->n_groups ? x->group_start[x->n_groups] : 0;
    size_t mlen = eg_matcher_image_size(x->matcher);
    egd_header h;
    memset(&h, 0, sizeof h);
    memcpy(h.magic, EGD_MAGIC, 8);
    h.bom = EGD_BOM;
    h.version = EGD_VERSION;
    h.n_entities = n;
    h.n_attrs = n_attrs;
    h.strings_len = strings.len;
    h.n_groups = x->n_groups;
    h.n_members = n_members;
    h.matcher_len = mlen;
    h.ambiguous = x->ambiguous;
    h.shadowed = x->shadowed;
    size_t off = pad8(sizeof h);
    h.off_records = off;
    off += pad8(n * sizeof *recs);
    h.off_attrs = off;
    off += pad8(n_attrs * 2 * sizeof *attrs);
    h.off_strings = off;
    off += pad8(strings.len);
    h.off_groups = off;
    off += pad8((x->n_groups + 1) * sizeof(uint32_t));
    h.off_members = off;
    off += pad8(n_members * sizeof(uint32_t));
    h.off_parents = off;
    off += pad8(n * sizeof(int32_t));
    h.off_matcher = off;
    off += pad8(mlen);
    h.lexicon_len = x->lexicon ? eg__lexicon_image_size(x->lexicon) : 0;
    h.off_lexicon = off;
    off += pad8((size_t)h.lexicon_len);
    h.total = off;
    img = calloc(1, off);
    if (!img) goto nomem;
    memcpy(img + h.off_records, recs, n * sizeof *recs);
    if (n_attrs) memcpy(img + h.off_attrs, attrs, n_attrs * 2 * sizeof *attrs);
    if (strings.len) memcpy(img + h.off_strings, strings.data, strings.len);
    if (x->n_groups) {
        memcpy(img + h.off_groups, x->group_start, (x->n_groups + 1) * sizeof(uint32_t));
        memcpy(img + h.off_members, x->group_members, n_members * sizeof(uint32_t));
    }
    if (n) memcpy(img + h.off_parents, x->parent, n * sizeof(int32_t));
    st = eg_matcher_write_image(x->matcher, img + h.off_matcher, mlen);
    if (st) goto fail;
    if (x->lexicon) eg__lexicon_write_image(x->lexicon, img + h.off_lexicon);
    h.checksum = checksum(img + pad8(sizeof h), off - pad8(sizeof h));
    memcpy(img, &h, sizeof h);
    st = eg__atomic_open(&a, path, err);
    if (st) goto fail;
    if (fwrite(img, 1, off, a.fp) != off) {
        eg__atomic_abort(&a);
        st = eg__error(err, EG_EIO, path, 0, 0, "write error: %s", strerror(errno));
        goto fail;
    }
    st = eg__atomic_commit(&a, err);
    goto fail;
nomem:
    st = eg__error(err, EG_ENOMEM, path, 0, 0, "out of memory");
fail:
    free(recs);
    free(attrs);
    free(img);
    eg__buf_free(&strings);
    return st;
}

/* ---- mapping ----------------------------------------------------------- */

static int section_ok(const egd_header *h, uint64_t off, uint64_t count, uint64_t size)
{
    if (off % 8 || off > h->total) return 0;
    if (size && count > (h->total - off) / size) return 0;
    return 1;
}

/* Whether a matcher value names no entity or group of the file. */
static int value_bad(void *user, uint32_t v)
{
    const eg_extractor *x = user;
    if (v & GROUP_BIT) return (v & ~GROUP_BIT) >= x->n_groups;
    return v >= eg_dict_count(x->dict);
}

#define BAD(msg) do { why = msg; goto bad; } while (0)

eg_status eg_extractor_open(const char *path, const eg_extract_options *opt, eg_extractor **out,
                            eg_error *err)
{
    eg_status st;
    const char *why = NULL;
    eg_extractor *x = calloc(1, sizeof *x);
    if (!x) return eg__error(err, EG_ENOMEM, path, 0, 0, "out of memory");
    x->opt = opt ? *opt : eg_extract_defaults();
    if ((st = eg__map_file(path, sizeof(egd_header), "not a compiled entgraph dictionary", &x->map,
                           &x->map_len, err)))
        goto fail;
    /* The automaton and the lexicon's trie are read at random, a probe or
     * more per character: a copy in memory that the kernel may give huge
     * pages misses the TLB far less than the file's mapping (as the tagger
     * does; without the copy the mapping is read, at that cost only). */
    void *copy = eg__alloc_table(x->map_len);
    if (copy) {
        memcpy(copy, x->map, x->map_len);
        munmap(x->map, x->map_len);
        x->map = copy;
        x->map_heap = 1;
    }
    const unsigned char *base = x->map;
    egd_header h;
    memcpy(&h, base, sizeof h);
    if (memcmp(h.magic, EGD_MAGIC, 8)) BAD("not a compiled entgraph dictionary");
    if (h.bom != EGD_BOM) BAD("compiled on a machine of another byte order");
    if (h.version != EGD_VERSION) BAD("compiled by another version of entgraph; compile it again");
    if (h.total != x->map_len) BAD("truncated or extended file");
    if (checksum(base + pad8(sizeof h), x->map_len - pad8(sizeof h)) != h.checksum)
        BAD("checksum mismatch (damaged file)");
    if (h.n_entities >= UINT32_MAX / 2 || h.n_groups >= GROUP_BIT - 1 ||
        !section_ok(&h, h.off_records, h.n_entities, sizeof(egd_rec)) ||
        !section_ok(&h, h.off_attrs, h.n_attrs, 2 * sizeof(uint32_t)) ||
        !section_ok(&h, h.off_strings, h.strings_len, 1) ||
        !section_ok(&h, h.off_groups, h.n_groups + 1, sizeof(uint32_t)) ||
        !section_ok(&h, h.off_members, h.n_members, sizeof(uint32_t)) ||
        !section_ok(&h, h.off_parents, h.n_entities, sizeof(int32_t)) ||
        !section_ok(&h, h.off_matcher, h.matcher_len, 1) ||
        !section_ok(&h, h.off_lexicon, h.lexicon_len, 1))
        BAD("section out of bounds");
    const char *strings = (const char *)base + h.off_strings;
    if (h.strings_len && strings[h.strings_len - 1] != 0) BAD("string table not terminated");
    size_t n = (size_t)h.n_entities;
    const egd_rec *recs = (const egd_rec *)(const void *)(base + h.off_records);
    const uint32_t *attrs = (const uint32_t *)(const void *)(base + h.off_attrs);
    x->group_start = (uint32_t *)(uintptr_t)(base + h.off_groups);
    x->group_members = (uint32_t *)(uintptr_t)(base + h.off_members);
    x->parent = (int32_t *)(uintptr_t)(base + h.off_parents);
    x->n_groups = (size_t)h.n_groups;
    x->tables_borrowed = 1;
    x->ambiguous = (size_t)h.ambiguous;
    x->shadowed = (size_t)h.shadowed;
    for (size_t g = 0; g < x->n_groups; g++)
        if (x->group_start[g] >= x->group_start[g + 1] || x->group_start[g + 1] > h.n_members)
            BAD("bad name group");
    for (size_t m = 0; m < h.n_members; m++)
        if (x->group_members[m] >= n) BAD("bad name group member");
    for (size_t i = 0; i < n; i++)
        if (x->parent[i] < -1 || x->parent[i] >= (int32_t)n) BAD("bad parent link");
    eg_entity *items = calloc(n ? n : 1, sizeof *items);
    if (!items) {
        st = eg__error(err, EG_ENOMEM, path, 0, 0, "out of memory");
        goto fail;
    }
    for (size_t i = 0; i < n; i++) {
        const egd_rec *r = &recs[i];
        if (r->id >= h.strings_len || r->name >= h.strings_len || r->type >= h.strings_len ||
            r->aliases >= h.strings_len || r->parent >= h.strings_len || r->file >= h.strings_len ||
            (uint64_t)r->attr_first + r->n_attr > h.n_attrs) {
            free(items);
            BAD("bad entity record");
        }
        items[i].id = strings + r->id;
        items[i].name = strings + r->name;
        items[i].type = strings + r->type;
        items[i].aliases = strings + r->aliases;
        items[i].parent = strings + r->parent;
        items[i].file = strings + r->file;
        items[i].source = "dict";
        items[i].line = r->line;
        items[i].n_attr = r->n_attr;
    }
    for (size_t k = 0; k < 2 * h.n_attrs; k++)
        if (attrs[k] >= h.strings_len) {
            free(items);
            BAD("bad attribute");
        }
    st = eg__dict_adopt(&x->owned_dict, items, n);
    if (st) {
        eg__error(err, st, path, 0, 0, "out of memory");
        goto fail;
    }
    for (size_t i = 0; i < n; i++) {
        const egd_rec *r = &recs[i];
        if (!r->n_attr) continue;
        const char **pairs = eg__dict_alloc(x->owned_dict, 2 * r->n_attr * sizeof *pairs);
        if (!pairs) {
            st = eg__error(err, EG_ENOMEM, path, 0, 0, "out of memory");
            goto fail;
        }
        for (size_t k = 0; k < 2 * (size_t)r->n_attr; k++) pairs[k] = strings + attrs[2 * (size_t)r->attr_first + k];
        items[i].attr = pairs;
    }
    x->dict = x->owned_dict;
    st = eg_matcher_from_image(base + h.off_matcher, (size_t)h.matcher_len, &x->matcher);
    if (st == EG_EPARSE) BAD("damaged automaton");
    if (st) {
        eg__error(err, st, path, 0, 0, "out of memory");
        goto fail;
    }
    if (eg__matcher_each_value(x->matcher, value_bad, x)) BAD("automaton names an unknown entity");
    if (h.lexicon_len) {
        st = eg__lexicon_from_image(base + h.off_lexicon, (size_t)h.lexicon_len, &x->lexicon);
        if (st == EG_EPARSE) BAD("damaged word lexicon");
        if (st) {
            eg__error(err, st, path, 0, 0, "out of memory");
            goto fail;
        }
    }
    x->mark = calloc(n ? n : 1, sizeof *x->mark);
    if (!x->mark) {
        st = eg__error(err, EG_ENOMEM, path, 0, 0, "out of memory");
        goto fail;
    }
    st = eg_text_new(&x->text, err);
    /* the text converted as the names were (eg_extractor_new does the same) */
    if (!st) st = eg_text_set_convert(x->text, x->opt.convert, err);
    if (st) goto fail;
    st = eg__extractor_build_abbr(x);
    if (!st) st = eg__extractor_build_kinds(x);
    if (st) {
        eg__error(err, st, path, 0, 0, "%s", eg_status_message(st));
        goto fail;
    }
    *out = x;
    return EG_OK;
bad:
    st = eg__error(err, EG_EPARSE, path, 0, 0, "%s", why);
fail:
    eg_extractor_free(x);
    return st;
}

const eg_dict *eg_extractor_dict(const eg_extractor *x) { return x->dict; }
