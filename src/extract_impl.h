/* Library-internal: the extractor's state, shared by extract.c (running)
 * and compiled.c (saving and mapping compiled dictionaries). */
#ifndef ENTGRAPH_EXTRACT_IMPL_H
#define ENTGRAPH_EXTRACT_IMPL_H

#include <stdatomic.h>

#include "entgraph/extract.h"
#include "entgraph/matcher.h"
#include "entgraph/text.h"
#include "lexicon.h"
#include "recognize.h"
#include "tagger_impl.h"
#include "util.h"

/* The chunks of the table of rule-found entities: 64 · (2^26 - 1) of
 * them in all, more than uint32_t indexes. */
#define EG__FOUND_FIRST 64u
#define EG__FOUND_CHUNKS 26

/* Matcher values with this bit set index a group of entities sharing a name. */
#define GROUP_BIT 0x80000000u

struct eg_extractor {
    const eg_dict *dict; /* borrowed */
    eg_extract_options opt;
    eg_text *text;
    eg_matcher *matcher;
    size_t ambiguous; /* names several entities claim equally */
    size_t shadowed;  /* aliases that lost to another entity's name */
    /* names claimed by several entities: matcher values with GROUP_BIT set
     * index group_start; members are group_members[start[g] .. start[g+1]) */
    uint32_t *group_start, *group_members;
    size_t n_groups;
    int32_t *parent;   /* parent entity index of each dictionary entity, or -1 */
    uint64_t *mark;    /* per-entity document stamp: in this document's evidence */
    uint64_t stamp;
    /* one-character abbreviations (registry entries of type ABBR): sorted
     * by code point, each with the entity it stands for */
    uint32_t *abbr_cp, *abbr_entity;
    size_t n_abbr;
    uint64_t abbr_bits[1024]; /* a bit per BMP character in abbr_cp */
    /* per dictionary entity: EG__T_LOC, _ORG, _PER, _OTHER or EG__T_NOT,
     * so that the rules need not compare type strings per match */
    uint8_t *kind;
    /* set when the dictionary came from a compiled file: the extractor owns
     * both the registry made over the mapping and the mapping itself */
    eg_dict *owned_dict;
    void *map;
    size_t map_len;
    int tables_borrowed; /* group and parent tables point into map */
    int shared; /* a clone: dict, matcher, tables and map are the original's */
    /* entities found by rules, after the dictionary's: chunk k holds
     * FOUND_FIRST << k of them and never moves, and n_found is published
     * after an entity is complete, so that another thread may read the
     * entities of earlier runs while this extractor runs (eg_extractor_entity) */
    eg__arena strings;
    eg_entity *found[EG__FOUND_CHUNKS];
    atomic_size_t n_found;
    eg__strmap found_by_name;
    /* per-document scratch, kept to avoid reallocating */
    eg_codepoints cps;
    eg_layout layout;
    eg_normtext nt;
    eg__spans spans;
    eg__spans matches; /* the dictionary matches of all paragraphs */
    eg__spans local;   /* one paragraph's candidates */
    /* the trained tagger (borrowed; NULL: none) and how its spans combine
     * (eg_tagger_mode); capture: a trainer collecting the tagger's input */
    const eg_tagger *tagger;
    int tagger_mode;
    eg__tag_capture_fn capture;
    void *capture_user;
    eg__tag_scratch tag;
    eg__spans cand;    /* one paragraph's candidates before resolution */
    eg__spans tagged;  /* one paragraph's spans after the tagger */
    /* the word lexicon (eg_extractor_load_lexicon, or mapped from a
     * compiled file), or NULL: then every candidate is taken as before */
    eg__lexicon *lexicon;
    eg__seg seg;                /* segmentation scratch */
    const char *seg_text;       /* the text seg was made from (for explaining) */
    eg__seg_word *extra;        /* the candidates of one window, as words */
    size_t cap_extra;
    struct cand_info *info;     /* per candidate of a paragraph: its test, strength */
    size_t cap_info;
    eg_explain_fn explain;      /* eg_extractor_set_explain, or NULL */
    void *explain_user;
    eg__spans before_resolve;   /* when explaining: the candidates resolve() saw */
};

/* What the word test (extract.c) asks of a candidate. */
typedef struct cand_info {
    double logp;  /* its strength as a word: log(frequency / total) */
    uint8_t kind; /* which test (extract.c TEST_*) */
} cand_info;

/* Builds the abbreviation table from the registry's ABBR entries (both
 * eg_extractor_new and eg_extractor_open call it). EG_ENOMEM, EG_EDEP. */
eg_status eg__extractor_build_abbr(eg_extractor *x);

/* The kind of a dictionary entity whose type is NOT (an expression that
 * is no entity), beside recognize.h's EG__T_*. */
#define EG__T_NOT 4
/* Builds x->kind from the registry (eg_extractor_new and _open). EG_ENOMEM. */
eg_status eg__extractor_build_kinds(eg_extractor *x);

/* Makes the header of a compiled dictionary image buf[0..size) agree with
 * its body: total size and checksum rewritten (nothing when size is below
 * the header). For tests and fuzzing, which damage the body on purpose
 * and want the loader's structural checks, not its checksum, to see it. */
void eg__egd_seal(unsigned char *buf, size_t size);

/* Releases the registry and mapping of a compiled dictionary (compiled.c);
 * nothing for an extractor made by eg_extractor_new. */
void eg__extractor_unmap(eg_extractor *x);

#endif
