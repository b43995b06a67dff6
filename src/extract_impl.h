/* Library-internal: the extractor's state, shared by extract.c (making
 * extractors and running the stages), the stages beside it (extract_*.c)
 * and compiled.c (saving and mapping compiled dictionaries). */
#ifndef ENTGRAPH_EXTRACT_IMPL_H
#define ENTGRAPH_EXTRACT_IMPL_H

#include <stdatomic.h>
#include <stdint.h>
#include <string.h>

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
    /* per entity, allocated when first needed (extract_resolve.c): how many
     * plain dictionary mentions of the document it is an ancestor of,
     * valid where evid_stamp equals stamp */
    uint32_t *evid_n;
    uint64_t *evid_stamp;
    /* per entity (extract_sense.c, allocated when first needed), valid
     * where sense_at equals sense_stamp: how many mentions of the document
     * are of it or of a place or body under it (sense_n), or name it by a
     * longer form (sense_longer) */
    uint32_t *sense_n, *sense_longer;
    uint64_t *sense_at, sense_stamp;
    /* one-character abbreviations (registry entries of type ABBR): sorted
     * by code point, each with the entity it stands for; a character of
     * several entries has them side by side, in the registry's order */
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
    int map_heap; /* map is a copy in memory (eg__alloc_table), not a mapping */
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
    eg__chars chars;   /* the paragraph the rules are on: a view into doc_chars */
    eg__chars doc_chars; /* the paragraphs of nt decoded, one after another (eg__text_normalize_chars) */
    uint16_t *pair_max; /* the repeat rule's table (extract_repeat.c), all zero between documents */
    /* the trained tagger (borrowed; NULL: none) and how its spans combine
     * (eg_tagger_mode); capture: a trainer collecting the tagger's input */
    const eg_tagger *tagger;
    int tagger_mode;
    int tagger_everywhere; /* the gate off: every clause is read (eg_extractor_set_tagger_everywhere) */
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
    eg__spans resolved;         /* when explaining with the tagger: what resolve() kept */
};

/* What the word test (extract_words.c) asks of a candidate. */
typedef struct cand_info {
    double logp;  /* its strength as a word: log(frequency / total) */
    uint8_t kind; /* which test (extract_words.c TEST_*) */
} cand_info;

/* Builds the abbreviation table from the registry's ABBR entries (both
 * eg_extractor_new and eg_extractor_open call it; extract_rules.c).
 * EG_ENOMEM, EG_EDEP. */
eg_status eg__extractor_build_abbr(eg_extractor *x);
/* The entities character c abbreviates, in *targets (the registry's
 * order: the first is the default, the others are read where the document
 * names them); how many (0: c is no abbreviation). extract_rules.c. */
size_t eg__abbr_targets(const eg_extractor *x, uint32_t c, const uint32_t **targets);

/* The kind of a dictionary entity whose type is NOT (an expression that
 * is no entity), beside recognize.h's EG__T_*. */
#define EG__T_NOT 4
/* Builds x->kind from the registry (eg_extractor_new and _open). EG_ENOMEM. */
eg_status eg__extractor_build_kinds(eg_extractor *x);
/* The kind of a type label: EG__T_LOC, _ORG, _PER, EG__T_NOT or _OTHER. */
uint8_t eg__kind_of_type(const char *type);

/* Makes the header of a compiled dictionary image buf[0..size) agree with
 * its body: total size and checksum rewritten (nothing when size is below
 * the header). For tests and fuzzing, which damage the body on purpose
 * and want the loader's structural checks, not its checksum, to see it. */
void eg__egd_seal(unsigned char *buf, size_t size);

/* Releases the registry and mapping of a compiled dictionary (made by
 * compiled.c's eg_extractor_open; released in extract.c, so that the
 * extractor does not call back into compiled.c); nothing for an extractor
 * made by eg_extractor_new. */
void eg__extractor_unmap(eg_extractor *x);

/* ---- the stages of eg_extractor_run -------------------------------------
 *
 * Offsets are bytes of the document's normalised text x->nt.s; paragraph
 * b..e is x->nt.s[b..e). Each returns EG_OK or EG_ENOMEM unless it says. */

/* The rule entity (not in the dictionary) with id "PREFIX:NAME" or, with a
 * scope, "PREFIX:NAME@SCOPE": a person a rule found, a name left ambiguous
 * in a document. Created on first sight (type and source are borrowed
 * static strings); a dictionary entity with that id is taken instead.
 * EG_ELIMIT when the id is too long. (extract.c) */
eg_status eg__found_entity(eg_extractor *x, const char *prefix, const char *name, size_t len, const char *scope,
                           const char *type, const char *source, uint32_t *index);
/* The same with its id given whole (labelled name[0..len)). */
eg_status eg__found_entity_id(eg_extractor *x, const char *id, const char *name, size_t len, const char *type,
                              const char *source, uint32_t *index);

/* Tells the explain callback about candidate c; path: the words that
 * refused it, or NULL. (extract.c) */
void eg__explain(const eg_extractor *x, const eg__span *c, eg_explain_verdict v, const char *path);

/* The kind (EG__T_*) of span s: its entity's for a dictionary match (a
 * group's first reading), its rule's type for a rule's. (extract_model.c) */
uint16_t eg__span_kind(const eg_extractor *x, const eg__span *s);

/* Organisations of the paragraph's final spans (ending by byte e) after
 * the tagger: a name of the tagger cut at its start taken whole (社部 of
 * 人社部), and organisations widened over an organisation's head right
 * after them (华润 + 银行). (extract_orgs.c) */
void eg__widen_orgs(const eg_extractor *x, size_t e, eg__spans *local);

/* The rules on paragraph b..e (extract_rules.c; x->chars holds it decoded
 * for the abbreviations and people), their candidates appended to local: organisations and places built around its dictionary places,
 * which local holds (recognize_places.c); one-character abbreviations, with
 * the entity they stand for (recognize_abbr.c); people (recognize_people.c). */
eg_status eg__find_places(eg_extractor *x, size_t b, size_t e, eg__spans *local);
eg_status eg__find_abbreviations(eg_extractor *x, size_t b, size_t e, eg__spans *local);
eg_status eg__find_people(eg_extractor *x, size_t b, size_t e, eg__spans *local);

/* 1 + the last dictionary place named inside the organisation x->nt.s[b..e),
 * its last character left out; 0 none (extract_rules.c). */
uint32_t eg__place_within(const eg_extractor *x, size_t b, size_t e);

/* Is span a bare surname a rule found with a form of address (张 of 张女士,
 * 李 of 老李 or 李局长)? (extract_rules.c) */
int eg__is_address_name(const eg_extractor *x, const eg__span *span);
/* Links each such surname in sp to the one full name with that surname
 * shortly before it in the document, else to a person of this document
 * only (or leaves it out: option address_names). (extract_rules.c) */
eg_status eg__link_address_names(eg_extractor *x, eg__spans *sp, const size_t *par_bytes, size_t np);
/* The document's mark for the entities of one document (16 hex digits). */
void eg__doc_mark(const eg_extractor *x, const eg__spans *sp, char mark[17]);

/* Pass 2, the repeat rule: every occurrence of a name in names (the
 * document's rule-found names → entity) that overlaps no span of x->spans
 * and stands as a word there becomes a mention. Paragraph p is
 * par_bytes[p]..par_bytes[p + 1], decoded in x->doc_chars from
 * par_first_char[p] on, its spans from par_first_span[p].
 * (extract_repeat.c) */
eg_status eg__find_repeats(eg_extractor *x, const eg__strmap *names, const size_t *par_bytes,
                           const size_t *par_first_char, size_t np, const size_t *par_first_span);

/* Before pass 2: the short names a document gives its organisations
 * (浙江安吉凯丰茶叶有限公司（下称凯丰茶厂）, …（以下简称“腾翔实业”）) are
 * those organisations there: put in names for the repeat rule, and the
 * spans of the rules and the tagger of exactly that name are re-pointed.
 * Keys are copied into keys. (extract_repeat.c) EG_ENOMEM. */
eg_status eg__document_aliases(eg_extractor *x, eg__spans *sp, eg__strmap *names, eg__arena *keys);

/* After the repeats: a person only the tagger proposed that runs on into
 * the same longer word at each of its mentions (小桔 of 小桔灯) is dropped
 * (its spans get rule EG_RULE_COUNT). Paragraph p is par_bytes[p]..par_bytes[p + 1].
 * (extract_repeat.c) EG_ENOMEM. */
eg_status eg__drop_word_heads(eg_extractor *x, eg__spans *sp, const size_t *par_bytes, size_t np);
/* A person only the tagger proposed that is two surnames, each starting a
 * person the document names (苏蔡: 苏贞昌, 蔡英文), is dropped (rule
 * EG_RULE_COUNT; extract_repeat.c). EG_ENOMEM. */
eg_status eg__drop_surname_pairs(eg_extractor *x, eg__spans *sp);
/* A person only the tagger proposed (or its repeat) that is another person
 * of its document (two characters or more) with one or two Chinese
 * characters glued on before or after (传汤灿, 陈豪称) shrinks to that
 * person's name and takes its entity (extract_repeat.c). EG_ENOMEM. */
eg_status eg__trim_glued_people(eg_extractor *x, eg__spans *sp);
/* A person found by a rule or the tagger, three or more characters of
 * transliterations whose last two are a common word (泰基金 of 国泰基金), is
 * dropped (rule EG_RULE_COUNT; extract_repeat.c). Nothing without a lexicon. */
void eg__drop_foreign_word_tails(eg_extractor *x, eg__spans *sp);
/* A surname and a common word taken for a person (王抱怨 of 小王抱怨说, 相结合
 * of 专家相结合) is dropped (rule EG_RULE_COUNT; extract_repeat.c, which
 * says when). Nothing without a lexicon. */
void eg__drop_surname_words(eg_extractor *x, eg__spans *sp);

/* Word-aware acceptance (extract_words.c): drops, in place, the candidates
 * of paragraph b..e the words around them refuse, and Latin names inside
 * Latin words; leaves local sorted by eg__span_cmp. */
eg_status eg__word_filter(eg_extractor *x, size_t b, size_t e, eg__spans *local);
/* Drops, in place, the spans of paragraph b..e (sorted by start) that lie
 * inside a web address, or inside a user handle (@NAME) without being the
 * whole handle (extract_words.c). */
void eg__drop_in_handles(const eg_extractor *x, size_t b, size_t e, eg__spans *local);
/* Drops, in place, the spans of paragraph b..e (sorted by start) that
 * overlap a run of damaged text: a passage mis-decoded upstream, random
 * characters between ASCII question marks (extract_words.c). */
void eg__drop_in_damaged(const eg_extractor *x, size_t b, size_t e, eg__spans *local);
/* The same test for the one span c of paragraph b..e: 1 it stands, 0 not,
 * -1 out of memory. */
int eg__word_test_one(eg_extractor *x, size_t b, size_t e, const eg__span *c);
/* A lexicon word rarer than this is taken as a name (刘彦彬); a word a
 * person the model proposes cannot end inside is at least this frequent. */
#define EG__LEX_RARE 50
#define EG__LEX_F_CROSS 2000.0
/* a word a place or organisation only the model proposes cannot start inside */
#define EG__LEX_F_CROSS_PLACE 300.0

/* Choosing (extract_resolve.c): keeps, in place, the winners among overlapping
 * spans; gives each shared name of sp the entity the document's evidence
 * points to, or an "amb:NAME" entity. */
void eg__resolve_overlaps(eg__spans *s);
eg_status eg__resolve_groups(eg_extractor *x, eg__spans *sp);
/* Is entity e one of the bodies named by their kind (scope=document: 市委,
 * 内阁), a node of each document (extract_sense.c)? */
int eg__document_scoped(const eg_extractor *x, uint32_t e);
/* The sense of names that need context and the entries of one document
 * (extract_sense.c): after the shared names are resolved. */
eg_status eg__resolve_senses(eg_extractor *x, eg__spans *sp);
/* A place found by a short name (秀洲) is the one place of its document
 * named with it and a division suffix (秀洲区), if there is one (extract_sense.c;
 * after the repeats). */
eg_status eg__link_short_places(eg_extractor *x, eg__spans *sp);
/* A name a rule or the tagger found that is exactly a dictionary name or
 * alias of its type is that entry; an abbreviation (the rule's, or a
 * one-character place the tagger found) is the place of its entries that
 * the document names (extract_sense.c; before the short places). */
eg_status eg__link_found_names(eg_extractor *x, eg__spans *sp);
/* The dictionary's value (an entity, or a group with GROUP_BIT) of the
 * name or alias that is exactly nt.s[start..end), else UINT32_MAX
 * (extract_sense.c). EG_OK, or the matcher's error. */
eg_status eg__dict_whole(const eg_extractor *x, size_t start, size_t end, uint32_t *value);
/* An organisation found by a rule or the tagger whose name is only an
 * organisation head (公司) is a node of its document (extract_sense.c;
 * after the found names are linked). */
eg_status eg__scope_kind_names(eg_extractor *x, eg__spans *sp);
/* A person found by a given name alone (嘉颖) is the one person its document
 * names in full with it (郑嘉颖), if there is one (extract_sense.c; after the
 * found names are linked). */
eg_status eg__link_given_names(eg_extractor *x, eg__spans *sp);
/* The given name of a full name written t[0..len): its byte offset when
 * the name is a surname (one character, or a compound of two) and two
 * given characters, all Chinese; else 0 (extract_sense.c). */
size_t eg__given_name_at(const char *t, size_t len);
/* The entities *id may be (a group's members, or itself), and ancestry in
 * the registry's hierarchy. */
const uint32_t *eg__readings(const eg_extractor *x, const uint32_t *id, size_t *n);
int eg__has_ancestor(const eg_extractor *x, uint32_t e, uint32_t a);
/* Does (any reading of) e lie inside (a reading of) prev? */
int eg__inside_previous(const eg_extractor *x, uint32_t prev, uint32_t e);

/* The trained tagger on paragraph b..e (extract_model.c): its spans
 * replace the resolved spans in local (eg_tagger_mode). */
eg_status eg__tag_paragraph(eg_extractor *x, size_t b, size_t e, eg__spans *local);

#endif
