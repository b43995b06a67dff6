/* entgraph — the extractor: one document's text in, its mentions out.
 *
 * It runs the stages of DESIGN.md up to MENTIONS: decode, layout and
 * reflow, normalisation, sentences, dictionary matching, and the rules for
 * names no dictionary has. It borrows the eg_dict given to
 * eg_extractor_new(), which must outlive it, and owns everything else.
 * One extractor per thread.
 */
#ifndef ENTGRAPH_EXTRACT_H
#define ENTGRAPH_EXTRACT_H

#include "common.h"
#include "dict.h"
#include "status.h"
#include "text.h"

typedef struct eg_extractor eg_extractor;

typedef struct eg_extract_options {
    int reflow; /* rejoin lines broken inside Chinese text (default 1) */
    int rules;  /* find people by rules (default 1) */
    eg_convert convert; /* applied to text and dictionary names alike
                           (default EG_CONVERT_NONE); offsets still point
                           into the original text */
    int address_names; /* a surname with a form of address (张女士, 老李)
                          that names no full name of its document becomes
                          a person of that document, "per:张女士@HASH"
                          (default 1); 0 leaves such mentions out */
    int senses; /* a dictionary entry marked sense=context is taken only
                   where its document supports it (default 1); 0 takes
                   every match */
} eg_extract_options;

/* The defaults: reflow, rules, address names and senses on, no conversion. */
EG_API eg_extract_options eg_extract_defaults(void);

typedef struct eg_mention {
    uint32_t entity;    /* index for eg_extractor_entity() */
    uint32_t start;     /* code points into the original text */
    uint32_t end;       /* exclusive */
    uint32_t paragraph; /* 0-based, in the document */
    uint32_t sentence;  /* 0-based, in the document (counts across paragraphs) */
    uint32_t rule;      /* 0 for a dictionary match, else the rule (eg_extract_rule_name) */
    uint32_t norm_start; /* code points into the document's normalised text
                          * (paragraphs joined, line breaks removed) */
    size_t byte_start;  /* the same span in bytes of the original text */
    size_t byte_end;
    uint32_t within;    /* an organisation whose name holds a known place
                         * (海盐县望海街道社会心理服务站 holds 望海街道): 1 +
                         * the place's entity index, the last and most
                         * specific one; else 0. The linker links the two
                         * (part_of) without counting a mention of the place. */
    double confidence;  /* how far the mention is to be trusted, in (0, 1]:
                         * its rule's (eg_extract_rule_confidence), or for a
                         * name the tagger alone found (rule "model") the
                         * calibrated probability that it is right, from
                         * margin (README, "The tagger's confidence") */
    int32_t margin;     /* rule "model": how far the tagger's best labelling
                         * is ahead of the best one without this name, in the
                         * model's score units; else 0 */
} eg_mention;

/* A sentence of the document, as a span of the original text. A sentence
 * that reflow joined across a line break contains that break. */
typedef struct eg_sentence {
    size_t byte_start, byte_end; /* bytes of the original text */
    uint32_t start, end;         /* code points of the original text */
    uint32_t paragraph;
} eg_sentence;

typedef struct eg_doc_mentions {
    eg_mention *v; /* in text order, non-overlapping */
    size_t n, cap;
    size_t n_paragraphs;
    size_t n_sentences;
    eg_sentence *sentences; /* n_sentences of them; mention.sentence indexes it */
    size_t cap_sentences;
    size_t n_codepoints;
    size_t invalid_bytes; /* ill-formed UTF-8 sequences replaced by U+FFFD */
    size_t first_invalid; /* byte offset of the first, when invalid_bytes > 0 */
} eg_doc_mentions;

EG_API void eg_doc_mentions_destroy(eg_doc_mentions *dm);

/* Compiles the dictionary's names and aliases (normalised) into a matcher.
 * When two entities claim the same name, the one later in the registry
 * order wins and the clash is counted (eg_extractor_name_clashes). opt may
 * be NULL for the defaults. EG_EDEP, EG_ENOMEM. O(total name bytes). */
EG_API eg_status eg_extractor_new(eg_extractor **out, const eg_dict *dict,
                                  const eg_extract_options *opt, eg_error *err);
EG_API void eg_extractor_free(eg_extractor *x);

/* A new extractor in *out that finds exactly what src finds, for another
 * thread: it shares src's registry, compiled automaton and resolution
 * tables (read only while running), so it costs no compiling or mapping,
 * and has its own ICU handles, scratch and table of rule-found entities.
 * src must outlive it and must not be changed meanwhile (running src is
 * fine). EG_ENOMEM, EG_EDEP. O(dictionary entries) (zeroed marks). */
EG_API eg_status eg_extractor_clone(const eg_extractor *src, eg_extractor **out, eg_error *err);

/* Finds the mentions of UTF-8 text[0..len) and stores them in out (previous
 * contents replaced). Invalid bytes are replaced and counted, not fatal.
 * EG_ENOMEM, EG_EDEP, EG_ELIMIT (a document of 2^32 code points or more). */
EG_API eg_status eg_extractor_run(eg_extractor *x, const char *text, size_t len,
                                  eg_doc_mentions *out, eg_error *err);

/* Loads a word lexicon (lines "WORD FREQUENCY [TAG]", jieba's dict.txt
 * format; the bundled one is dict/lexicon/words.txt) into x, replacing
 * any. With a lexicon, short dictionary names, abbreviations and the
 * people the rules propose are taken only where the best segmentation of
 * the words around them allows (系统更新和维护 holds no county 新和).
 * Without one, every candidate is taken as before. Call it before the
 * first eg_extractor_run and before cloning; not on a clone. EG_EIO,
 * EG_EPARSE (path:line:column), EG_ENOMEM, EG_EINVAL on a clone.
 * O(file size). */
EG_API eg_status eg_extractor_load_lexicon(eg_extractor *x, const char *path, eg_error *err);
/* Whether x segments with a lexicon, and how many words it holds (0: none). */
EG_API size_t eg_extractor_lexicon_words(const eg_extractor *x);

/* Why a candidate became a mention or did not: for a user growing the
 * dictionary (extract --explain). */
typedef enum eg_explain_verdict {
    EG_EXPLAIN_TAKEN = 0,   /* a mention */
    EG_EXPLAIN_WORDS,       /* refused: the best segmentation of the words
                             * around it splits or swallows it (path shows it) */
    EG_EXPLAIN_LATIN,       /* refused: a Latin name inside a Latin word */
    EG_EXPLAIN_FUNCTION,    /* refused: a bare surname that is mostly a word */
    EG_EXPLAIN_OVERLAP,     /* lost to an overlapping candidate */
    EG_EXPLAIN_NOT_ENTITY,  /* an expression of type NOT, which hides names */
    /* the sense stage, after every paragraph (a name marked sense=context,
     * an entry marked scope=document); path says what decided it */
    EG_EXPLAIN_SENSE_SUPPORTED, /* its document supports the entry (path: how) */
    EG_EXPLAIN_SENSE_PERSON,    /* unsupported: a person of this document alone */
    EG_EXPLAIN_SENSE_DROPPED,   /* unsupported place or organisation: no mention */
    EG_EXPLAIN_DOCUMENT_SCOPED, /* a word for a kind of body: a node of this document */
    EG_EXPLAIN_HANDLE,          /* refused: inside a user handle (@…) or a web address */
    EG_EXPLAIN_DAMAGED,         /* refused: inside damaged (mis-decoded) text */
    EG_EXPLAIN_WORD_HEAD,       /* refused: a guessed person that runs on into the
                                 * same longer word at each mention (小桔 of 小桔灯) */
    EG_EXPLAIN_SURNAME_PAIR,    /* refused: two surnames for two people the
                                 * document names (苏蔡 of 苏贞昌 and 蔡英文) */
    EG_EXPLAIN_GIVEN_NAME,      /* a given name alone (嘉颖): the person its
                                 * document names in full (path: that name) */
    EG_EXPLAIN_GLUED,           /* a guessed person that is a person of its
                                 * document with a word glued on (传汤灿):
                                 * that person (path: that name) */
    EG_EXPLAIN_UNTAGGED,        /* kept by the rules' choice, then dropped: not
                                 * among the trained tagger's names */
    EG_EXPLAIN_MODEL_REFUSED,   /* a name of the trained tagger not taken (path:
                                 * why: 李也 a surname and a function word, …) */
    EG_EXPLAIN_COMMON_WORD,     /* refused: a person of the rules with no cue
                                 * (plain, list) that is as a whole a common
                                 * word the lexicon tags as a name (高尔夫) */
} eg_explain_verdict;

typedef struct eg_explain {
    uint32_t start, end;         /* code points of the original text */
    size_t byte_start, byte_end; /* the same in bytes */
    uint32_t rule;               /* 0 dictionary, else eg_extract_rule_name */
    uint32_t entity;             /* a dictionary candidate's entity (the first
                                  * of a shared name); UINT32_MAX for rules */
    eg_explain_verdict verdict;
    const char *path; /* EG_EXPLAIN_WORDS: the window's best path, words
                       * joined by '|'; EG_EXPLAIN_SENSE_*: what decided it
                       * ("context ID", …); a name only the tagger found
                       * (verdict taken, rule model): "confidence 0.82";
                       * borrowed for the call; else NULL */
} eg_explain;

typedef void (*eg_explain_fn)(void *user, const eg_explain *e);

/* Calls fn for every candidate of every paragraph that eg_extractor_run
 * considers, with its verdict, in paragraph order (repeats of names are
 * not candidates), then for each mention the sense stage decides on
 * (EG_EXPLAIN_SENSE_*, EG_EXPLAIN_DOCUMENT_SCOPED), in text order. NULL
 * stops it. Costs a copy of each paragraph's
 * candidates; off by default. */
EG_API void eg_extractor_set_explain(eg_extractor *x, eg_explain_fn fn, void *user);
/* The verdict's name: "taken", "refused by the words", … */
EG_API const char *eg_explain_verdict_name(eg_explain_verdict v);

/* Compiled dictionaries. eg_extractor_save() writes the registry, the
 * resolution tables, the compiled automaton and the lexicon (if any) of x to path (atomically),
 * so that eg_extractor_open() can map it from disk later instead of
 * normalising and compiling every name again. The opened extractor owns
 * its registry (eg_extractor_dict). A file from another version or byte
 * order, or a damaged one, is EG_EPARSE naming the path; EG_EIO, EG_ENOMEM.
 * Saving is O(dictionary); opening checks the whole file once. */
EG_API eg_status eg_extractor_save(const eg_extractor *x, const char *path, eg_error *err);
EG_API eg_status eg_extractor_open(const char *path, const eg_extract_options *opt,
                                   eg_extractor **out, eg_error *err);
/* The registry the extractor matches (borrowed, or owned when opened). */
EG_API const eg_dict *eg_extractor_dict(const eg_extractor *x);

/* Entities: the dictionary's first (same indexes as eg_dict_entity), then
 * the ones rules found, in the order first found. The pointer is valid
 * until the extractor is freed. These two are the exception to "one
 * extractor per thread": another thread may call them for the entities of
 * runs that have returned (the indexes in their mentions) while the
 * extractor runs on the next document. O(1). */
EG_API size_t eg_extractor_entity_count(const eg_extractor *x);
EG_API const eg_entity *eg_extractor_entity(const eg_extractor *x, uint32_t index);

/* How names shared by several entities are resolved. An entity's own name
 * beats another entity's alias (eg_extractor_shadowed_aliases counts the
 * aliases that lost). A name several entities claim equally (双桥村, many
 * villages) is resolved per document: the candidate whose parent chain the
 * document's other places support wins; with no evidence, or a tie, the
 * mentions go to one node "amb:NAME" whose source is "ambiguous", never to
 * a guess. eg_extractor_name_clashes counts those names. */
EG_API size_t eg_extractor_name_clashes(const eg_extractor *x);
EG_API size_t eg_extractor_shadowed_aliases(const eg_extractor *x);

/* "dict", "byline", "title", "repeat", … */
EG_API const char *eg_extract_rule_name(uint32_t rule);
/* The type ("PER", "LOC", "ORG") of what a rule finds; NULL for 0 (the
 * dictionary, whose entries have their own) and unknown rules. */
EG_API const char *eg_extract_rule_type(uint32_t rule);

/* How far a mention found by this rule is to be trusted, in (0, 1]: 1 for
 * the dictionary; for rules, the share of their mentions that were right
 * when measured on labelled news text (rounded; see README). */
EG_API double eg_extract_rule_confidence(uint32_t rule);
/* The confidence of a mention of rule found with the tagger's margin
 * (eg_mention.margin): for the tagger's own names (rule "model") the
 * probability, calibrated by cross-validation, that such a name is right;
 * for every other rule eg_extract_rule_confidence(). */
EG_API double eg_extract_confidence(uint32_t rule, int32_t margin);

#endif
