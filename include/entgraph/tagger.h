/* entgraph — the trained tagger: a character-level sequence model (an
 * averaged structured perceptron over BIOES labels for PER, LOC and ORG,
 * Viterbi decoding) whose features are the characters around each
 * character and what the dictionary and the rules found there. It finds
 * names no dictionary entry and no cue points at.
 *
 * Ownership: eg_tagger_open() maps a model file read only; the tagger owns
 * the mapping and is freed by eg_tagger_free(). An extractor given a tagger
 * (eg_extractor_set_tagger) borrows it: the tagger must outlive it, and one
 * tagger may serve any number of extractors in any number of threads (it
 * is never written after opening). A trainer borrows its extractor.
 */
#ifndef ENTGRAPH_TAGGER_H
#define ENTGRAPH_TAGGER_H

#include "common.h"
#include "extract.h"
#include "status.h"

typedef struct eg_tagger eg_tagger;

/* Maps the model file at path and checks it whole (header, sizes, checksum)
 * before any weight is read. A file of another version or byte order, or a
 * damaged one, is EG_EPARSE naming the path; EG_EIO, EG_ENOMEM. O(file). */
EG_API eg_status eg_tagger_open(const char *path, eg_tagger **out, eg_error *err);
/* The same for a model already in memory (buf[0..len) is copied). */
EG_API eg_status eg_tagger_open_buffer(const void *buf, size_t len, eg_tagger **out, eg_error *err);
EG_API void eg_tagger_free(eg_tagger *t);
/* The model's size in bytes. */
EG_API size_t eg_tagger_bytes(const eg_tagger *t);

/* How the tagger's spans and the extractor's other findings combine. */
typedef enum eg_tagger_mode {
    /* the tagger's spans are the entities; a span the registry or a rule
     * found the same gives that entity, the rest are rule "model" */
    EG_TAGGER_ONLY = 0,
    /* as EG_TAGGER_ONLY, and the dictionary matches and rule spans that no
     * tagger span overlaps are kept too */
    EG_TAGGER_KEEP_DICT = 1,
} eg_tagger_mode;

/* Gives x the tagger t (borrowed; NULL takes it away) and the way its
 * spans combine with the rest. Clones made afterwards share it. O(1). */
EG_API void eg_extractor_set_tagger(eg_extractor *x, const eg_tagger *t, eg_tagger_mode mode);
/* Whether the tagger reads every clause of a paragraph (on: 1) or only
 * those its gate lets through (0, the default): a clause a dictionary or
 * rule span touches, or whose characters the model's gate scores as
 * likely to hold a name; the rest are taken to hold none. A model made
 * without a gate reads every clause either way. Clones made afterwards
 * share it. O(1). */
EG_API void eg_extractor_set_tagger_everywhere(eg_extractor *x, int on);

/* Training. */
typedef struct eg_train_options {
    uint32_t seed;     /* the order of the examples in each pass (default 1) */
    unsigned epochs;   /* passes over the data (default 10) */
    unsigned hash_bits; /* 2^hash_bits feature rows (default 18; 8 .. 24) */
    /* how many perceptrons are trained, on seeds seed, seed + 1, ...; the
     * model is the mean of their averaged weights, so that it depends less
     * on one order of the examples (default 1; 1 .. 64) */
    unsigned runs;
    /* the decision rule: start_bias[t] (t: 0 PER, 1 LOC, 2 ORG) is added,
     * after training, to every transition into B and S of type t (from the
     * start and from each label a name may follow), so a path scores
     * start_bias[t] more for each name of type t it holds: positive trades
     * precision for recall, negative the other way. In the model's units
     * (its emissions are int8, the largest 127); the margins of the names
     * then include it. Default 0 (the model as trained); -1000 .. 1000. */
    int32_t start_bias[3];
    /* the feature groups the model is trained without (EG_TAG_OMIT_*,
     * default 0: all); the model records them, and tagging with it then
     * neither computes nor reads them */
    unsigned omit_features;
    /* the gate (eg_extractor_set_tagger_everywhere): how much of the
     * labelled names' characters, per mille, the clauses it lets through
     * must hold, each example scored by a gate trained without it (ten
     * folds); the larger, the more clauses the tagger reads. 0: no gate.
     * Default 990; 0 .. 1000. */
    unsigned gate_recall;
} eg_train_options;

/* Feature groups a model may be trained without (eg_train_options). */
enum {
    EG_TAG_OMIT_SEG = 1u << 0,       /* the lexicon's segmentation of the paragraph: then none is made */
    EG_TAG_OMIT_CLASS5 = 1u << 1,    /* the classes of the five characters i-2 .. i+2 */
    EG_TAG_OMIT_SKIP = 1u << 2,      /* the skip bigram i-1 _ i+1 and the trigram i-1 i i+1 */
    EG_TAG_OMIT_OUTER = 1u << 3,     /* the unigrams at i-2 and i+2, the bigrams i-2 i-1 and i+1 i+2 */
    EG_TAG_OMIT_SPAN_CHAR = 1u << 4, /* a dictionary or rule span's kind and place with the character */
    EG_TAG_OMIT_EDGE = 1u << 5,      /* a span's kind at the character right before or after it */
};
#define EG_TAG_OMIT_ALL 0x3Fu

/* The largest start bias, either way. */
#define EG_TRAIN_START_BIAS_MAX 1000

EG_API eg_train_options eg_train_defaults(void);

/* A labelled span of an example: code points of its text, end exclusive;
 * type "PER", "LOC" or "ORG" (other types are ignored). */
typedef struct eg_train_span {
    uint32_t start, end;
    const char *type;
} eg_train_span;

typedef struct eg_trainer eg_trainer;

/* A trainer whose features come from x (its dictionary and rules; x must
 * not have a tagger and must outlive the trainer). EG_ENOMEM, EG_EINVAL
 * (options out of range). */
EG_API eg_status eg_trainer_new(eg_trainer **out, eg_extractor *x, const eg_train_options *opt,
                                eg_error *err);
EG_API void eg_trainer_free(eg_trainer *t);

/* Adds one example: UTF-8 text[0..len), its labelled spans, and how much
 * its mistakes weigh (1 .. 100). The features are computed now. Spans out
 * of range are EG_EINVAL. EG_ENOMEM. */
EG_API eg_status eg_trainer_add(eg_trainer *t, const char *text, size_t len,
                                const eg_train_span *spans, size_t n_spans, unsigned weight,
                                eg_error *err);

/* Trains on the examples added and writes the model to path atomically.
 * The same examples in the same order with the same options give the same
 * bytes. EG_EIO, EG_ENOMEM. O(epochs × characters × features). */
EG_API eg_status eg_trainer_save(eg_trainer *t, const char *path, eg_error *err);

/* Adds every line of the JSONL file at path as an example of the given
 * weight: {"text": …, "entities": [{"start", "end", "type"}, …]} with
 * offsets in code points (the evaluation files' format); *added counts
 * them. A bad line is EG_EPARSE naming path:line. EG_EIO, EG_ENOMEM. */
EG_API eg_status eg_trainer_add_jsonl(eg_trainer *t, const char *path, unsigned weight, size_t *added,
                                      eg_error *err);

/* The number of examples (paragraphs) and characters added. */
EG_API size_t eg_trainer_examples(const eg_trainer *t);
EG_API size_t eg_trainer_chars(const eg_trainer *t);

#endif
