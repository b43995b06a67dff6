/* Library-internal: the linker's state, shared by linker.c (counting) and
 * linker_partial.c (partial counts saved and merged). */
#ifndef ENTGRAPH_LINKER_IMPL_H
#define ENTGRAPH_LINKER_IMPL_H

#include "entgraph/linker.h"
#include "util.h"

#define NO_DATE UINT32_MAX
#define NO_EVIDENCE UINT32_MAX
#define NO_RUNS UINT32_MAX
#define SNIPPET_MAX_CPS 200 /* a longer sentence is cut, with "…" */
#define MAX_ANCESTORS 64    /* parent chains longer than this are cut (cycles) */

typedef struct node_stat {
    uint64_t count, docs, last_doc; /* last_doc is 1-based; 0 = never */
    uint64_t windows;               /* windows containing the entity (w_a) */
    uint32_t first_date, last_date; /* indexes into dates, or NO_DATE */
    uint32_t runs;                  /* its days, an index into runs, or NO_RUNS */
    uint32_t forms;                 /* first of its label forms in forms, or NO_RUNS */
} node_stat;

/* A surface form of an entity in the original text that is its name in
 * another script (eg_linker_add_form), counted; a list per entity, in the
 * order first seen. */
typedef struct label_form {
    const char *text; /* arena */
    uint64_t count;
    uint32_t next; /* NO_RUNS at the end */
} label_form;

typedef struct pair_stat {
    uint64_t key; /* (a << 32) | b with a < b; UINT64_MAX = empty */
    uint64_t count, docs, last_doc;
    double weight;
    uint32_t first_date, last_date;
    uint32_t ev_head, ev_tail, n_ev; /* evidence list in l->ev */
    uint32_t runs; /* as for nodes */
} pair_stat;

/* The days (since 1970-01-01) of the dated documents a node or pair occurs
 * in, as sorted runs of consecutive days: v[2k] to v[2k + 1], n runs, no
 * two touching. GEXF spells are made of them (one per run, or per run of
 * runs at most --spell-gap days apart). */
typedef struct day_runs {
    int32_t *v;
    uint32_t n, cap;
} day_runs;

/* A snippet kept as evidence. All pairs of a window share it: one copy of a
 * sentence naming k entities serves k(k-1)/2 pairs. */
typedef struct snippet {
    const char *doc, *text; /* arena strings */
    uint32_t text_len;      /* strlen(text), kept: writing millions of
                             * snippets spent a tenth of its time measuring */
} snippet;

/* One pair's use of a snippet, in the pair's list. */
typedef struct evidence_rec {
    uint32_t snippet; /* index into l->snips */
    uint32_t next;
} evidence_rec;

struct eg_linker {
    eg_link_options opt;
    uint64_t n_docs, n_mentions, n_windows;
    node_stat *nodes;
    size_t n_nodes;
    pair_stat *pairs;
    size_t pair_cap, pair_count;
    uint32_t *scratch;
    size_t scratch_cap;
    evidence_rec *ev;
    size_t n_ev, cap_ev;
    snippet *snips;
    size_t n_snips, cap_snips;
    eg__arena strings;  /* dates, document ids, snippets */
    eg__strmap date_ids; /* date → index into dates */
    const char **dates;
    size_t n_dates, cap_dates;
    int32_t *date_days; /* per date: its day number, or INT32_MIN (not YYYY-MM-DD) */
    day_runs *runs;
    size_t n_runs, cap_runs;
    uint32_t spell_gap; /* days: runs closer than this make one spell (1: touching) */
    label_form *forms;
    size_t n_forms, cap_forms;
    uint64_t n_rule_mentions;
    /* entities the linker owns (eg_linker_intern): copies in strings */
    eg_entity *ents;
    size_t n_ents, cap_ents;
    eg__strmap ent_ids; /* id → index into ents */
    /* the document being added */
    const eg_link_doc *doc;
    uint32_t doc_date;
    const char *doc_id; /* arena copy, made when the first snippet is kept */
    /* the document's last snippet and its sentences, for the next pair of
     * the same window (NO_EVIDENCE: none yet) */
    uint32_t last_snip, last_sa, last_sb;
};

/* Helpers of linker.c that the partial counts use. */
/* Adds count to form text[0..len) of entity e (appended when new). */
eg_status eg__linker_count_form(eg_linker *l, uint32_t e, const char *text, size_t len, uint64_t count);
/* Adds the days from to to (from <= to) to *runs (NO_RUNS: a new list). */
eg_status eg__linker_add_days(eg_linker *l, uint32_t *runs, int32_t from, int32_t to);
uint64_t eg__linker_mix(uint64_t k);
int eg__linker_pairs_grow(eg_linker *l);
/* Grows the pair table until `extra` more pairs fit without growing again;
 * -1 when out of memory. Pairs read in another table's slot order (a
 * partial file) must go into a table at least that large: into a smaller
 * one they pile up in runs and each insert probes the whole run. */
int eg__linker_pairs_reserve(eg_linker *l, size_t extra);
void eg__linker_update_dates(uint32_t *first, uint32_t *last, uint32_t date, const char *const *dates);
eg_status eg__linker_intern_date(eg_linker *l, const char *date, uint32_t *out);
/* Makes room for node stats up to index e (new ones zeroed). EG_ENOMEM. */
eg_status eg__linker_nodes_reserve(eg_linker *l, uint32_t e);

/* A new snippet (strings already in l->strings): its index in *out.
 * EG_ENOMEM, EG_ELIMIT past 2^32 - 1 snippets. */
eg_status eg__linker_add_snippet(eg_linker *l, const char *doc, const char *text, size_t text_len,
                                 uint32_t *out);
/* Appends snippet s to p's evidence. EG_ENOMEM, EG_ELIMIT. */
eg_status eg__linker_attach(eg_linker *l, pair_stat *p, uint32_t s);

/* The pair a < b when it has been seen, else NULL. */
const pair_stat *eg__linker_pair(const eg_linker *l, uint32_t a, uint32_t b);
/* The pair a < b, created empty when new; NULL when out of memory. */
pair_stat *eg__linker_find_pair(eg_linker *l, uint32_t a, uint32_t b);

#endif
