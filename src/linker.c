/* The linker: co-occurrence counts per window. */
#include <stdlib.h>
#include <string.h>

#include "entgraph/linker.h"
#include "internal.h"

typedef struct node_stat {
    uint64_t count, docs, last_doc; /* last_doc is 1-based; 0 = never */
} node_stat;

typedef struct pair_stat {
    uint64_t key; /* (a << 32) | b with a < b; UINT64_MAX = empty */
    uint64_t weight, docs, last_doc;
} pair_stat;

struct eg_linker {
    eg_window window;
    uint64_t n_docs, n_mentions;
    node_stat *nodes;
    size_t n_nodes;
    pair_stat *pairs;
    size_t pair_cap, pair_count;
    uint32_t *scratch;
    size_t scratch_cap;
};

static const char *const window_names[] = {"sentence", "paragraph", "document"};

eg_status eg_window_parse(const char *s, eg_window *w)
{
    if (!strcmp(s, "sentence")) *w = EG_WINDOW_SENTENCE;
    else if (!strcmp(s, "paragraph") || !strcmp(s, "para")) *w = EG_WINDOW_PARAGRAPH;
    else if (!strcmp(s, "document") || !strcmp(s, "doc")) *w = EG_WINDOW_DOCUMENT;
    else return EG_EINVAL;
    return EG_OK;
}

const char *eg_window_name(eg_window w)
{
    return (unsigned)w <= EG_WINDOW_DOCUMENT ? window_names[w] : "unknown";
}

eg_status eg_linker_new(eg_linker **out, eg_window w)
{
    eg_linker *l = calloc(1, sizeof *l);
    if (!l) return EG_ENOMEM;
    l->window = w;
    *out = l;
    return EG_OK;
}

void eg_linker_free(eg_linker *l)
{
    if (!l) return;
    free(l->nodes);
    free(l->pairs);
    free(l->scratch);
    free(l);
}

uint64_t eg_linker_documents(const eg_linker *l) { return l->n_docs; }
uint64_t eg_linker_mentions(const eg_linker *l) { return l->n_mentions; }

static uint64_t mix(uint64_t k)
{
    k ^= k >> 33;
    k *= 0xff51afd7ed558ccdull;
    k ^= k >> 33;
    return k;
}

static int pairs_grow(eg_linker *l)
{
    size_t cap = l->pair_cap ? l->pair_cap * 2 : 1024, bytes;
    if (eg__mul_overflow(cap, sizeof(pair_stat), &bytes)) return -1;
    pair_stat *p = malloc(bytes);
    if (!p) return -1;
    for (size_t i = 0; i < cap; i++) p[i].key = UINT64_MAX;
    for (size_t i = 0; i < l->pair_cap; i++) {
        if (l->pairs[i].key == UINT64_MAX) continue;
        size_t j = mix(l->pairs[i].key) & (cap - 1);
        while (p[j].key != UINT64_MAX) j = (j + 1) & (cap - 1);
        p[j] = l->pairs[i];
    }
    free(l->pairs);
    l->pairs = p;
    l->pair_cap = cap;
    return 0;
}

static int count_pair(eg_linker *l, uint32_t a, uint32_t b)
{
    if ((l->pair_count + 1) * 4 > l->pair_cap * 3 && pairs_grow(l)) return -1;
    uint64_t key = ((uint64_t)a << 32) | b;
    size_t j = mix(key) & (l->pair_cap - 1);
    while (l->pairs[j].key != UINT64_MAX && l->pairs[j].key != key) j = (j + 1) & (l->pair_cap - 1);
    pair_stat *p = &l->pairs[j];
    if (p->key == UINT64_MAX) {
        p->key = key;
        p->weight = p->docs = p->last_doc = 0;
        l->pair_count++;
    }
    p->weight++;
    if (p->last_doc != l->n_docs) {
        p->last_doc = l->n_docs;
        p->docs++;
    }
    return 0;
}

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

static uint32_t window_of(const eg_linker *l, const eg_mention *m)
{
    switch (l->window) {
    case EG_WINDOW_SENTENCE: return m->sentence;
    case EG_WINDOW_PARAGRAPH: return m->paragraph;
    default: return 0;
    }
}

eg_status eg_linker_add_document(eg_linker *l, const eg_mention *m, size_t n)
{
    l->n_docs++;
    l->n_mentions += n;
    for (size_t i = 0; i < n; i++) {
        uint32_t e = m[i].entity;
        if (e >= l->n_nodes) {
            size_t cap = l->n_nodes ? l->n_nodes : 256, bytes;
            while (cap <= e) cap *= 2;
            if (eg__mul_overflow(cap, sizeof *l->nodes, &bytes)) return EG_ENOMEM;
            node_stat *p = realloc(l->nodes, bytes);
            if (!p) return EG_ENOMEM;
            memset(p + l->n_nodes, 0, (cap - l->n_nodes) * sizeof *p);
            l->nodes = p;
            l->n_nodes = cap;
        }
        node_stat *s = &l->nodes[e];
        s->count++;
        if (s->last_doc != l->n_docs) {
            s->last_doc = l->n_docs;
            s->docs++;
        }
    }
    if (n > l->scratch_cap) {
        uint32_t *p = realloc(l->scratch, n * sizeof *p);
        if (!p) return EG_ENOMEM;
        l->scratch = p;
        l->scratch_cap = n;
    }
    /* Mentions are in text order, so each window is a contiguous run. */
    for (size_t i = 0; i < n;) {
        size_t j = i, k = 0;
        uint32_t w = window_of(l, &m[i]);
        while (j < n && window_of(l, &m[j]) == w) l->scratch[k++] = m[j++].entity;
        qsort(l->scratch, k, sizeof *l->scratch, cmp_u32);
        size_t u = 0;
        for (size_t q = 0; q < k; q++)
            if (!u || l->scratch[u - 1] != l->scratch[q]) l->scratch[u++] = l->scratch[q];
        for (size_t a = 0; a < u; a++)
            for (size_t b = a + 1; b < u; b++)
                if (count_pair(l, l->scratch[a], l->scratch[b])) return EG_ENOMEM;
        i = j;
    }
    return EG_OK;
}

eg_status eg_linker_graph(const eg_linker *l, eg_entity_fn entity, void *user, eg_graph *g,
                          eg_error *err)
{
    eg_status st = EG_OK;
    uint32_t *index = NULL;
    if (l->n_nodes) {
        index = malloc(l->n_nodes * sizeof *index);
        if (!index) return eg__error(err, EG_ENOMEM, NULL, 0, 0, "out of memory");
    }
    for (size_t e = 0; e < l->n_nodes; e++) {
        if (!l->nodes[e].count) continue;
        const eg_entity *ent = entity(user, (uint32_t)e);
        if (!ent) {
            st = eg__error(err, EG_EINVAL, NULL, 0, 0, "mention of unknown entity %zu", e);
            goto fail;
        }
        st = eg_graph_add_node(g, ent->id, ent->name, ent->type, ent->aliases, ent->source,
                               l->nodes[e].count, l->nodes[e].docs, &index[e]);
        if (st) goto fail;
    }
    for (size_t i = 0; i < l->pair_cap; i++) {
        const pair_stat *p = &l->pairs[i];
        if (p->key == UINT64_MAX) continue;
        st = eg_graph_add_edge(g, index[p->key >> 32], index[p->key & 0xFFFFFFFFu], p->weight,
                               p->docs);
        if (st) goto fail;
    }
    g->n_docs = l->n_docs;
    g->n_mentions = l->n_mentions;
    free(g->window);
    g->window = strdup(eg_window_name(l->window));
    if (!g->window) {
        st = EG_ENOMEM;
        goto fail;
    }
    st = eg_graph_sort(g);
fail:
    if (st == EG_ENOMEM) eg__error(err, st, NULL, 0, 0, "out of memory");
    free(index);
    return st;
}
