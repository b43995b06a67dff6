/* entgraph — the entity registry: entities with id, canonical name, type,
 * aliases, parent and free attributes, loaded from files people edit.
 *
 * Formats: UTF-8 TSV (canonical), JSONL with the same fields, and jieba
 * user dictionaries. TSV: '#' starts a comment line; blank lines are
 * skipped; the first other line is the header, which must begin with the
 * columns id, name, type, aliases, parent; further columns are attributes
 * (code, level, …). Aliases are separated by '|'.
 *
 * Files load in order. An entry whose id is already known from an earlier
 * file replaces it (later files win; eg_dict_overrides counts it and the
 * diagnostics callback hears of it). The same id twice in one file is an
 * error. Names may be shared by several entities (双桥村 names hundreds of
 * villages): the extractor resolves them per document (see extract.h).
 *
 * Errors: without a diagnostics callback a load stops at the first error,
 * reports it in eg_error with path:line:column, and keeps nothing from that
 * file. With a callback (eg_dict_set_diag) every problem is reported, bad
 * lines are skipped, and the load returns EG_EPARSE at the end if there was
 * any error.
 *
 * An eg_dict owns every string it returns; they stay valid until
 * eg_dict_free(). Not thread-safe for writing; concurrent readers are fine.
 */
#ifndef ENTGRAPH_DICT_H
#define ENTGRAPH_DICT_H

#include "common.h"
#include "status.h"

typedef struct eg_dict eg_dict;

typedef struct eg_entity {
    const char *id;
    const char *name;
    const char *type;    /* upper-case label: PER, ORG, LOC, … */
    const char *aliases; /* '|'-separated, "" when none */
    const char *parent;  /* id, "" when none */
    const char *source;  /* "dict" for registry entries, "rule" for names found by rules */
    const char *file;    /* the file it was read from (borrowed), "" for rules */
    long line;           /* its line there */
    const char *const *attr; /* n_attr (key, value) pairs: attr[2k], attr[2k + 1] */
    size_t n_attr;
} eg_entity;

typedef enum eg_diag_level {
    EG_DIAG_ERROR = 0,
    EG_DIAG_WARNING,
} eg_diag_level;

/* One problem found while loading or checking. Strings are valid during
 * the callback only. line/column are 0 when not about a position. */
typedef struct eg_diag {
    eg_diag_level level;
    const char *path;
    long line;
    long column;
    const char *message;
} eg_diag;

typedef void (*eg_diag_fn)(void *user, const eg_diag *diag);

typedef enum eg_dict_format {
    EG_DICT_AUTO = 0, /* by extension: .jsonl → JSONL, .txt → jieba, else TSV */
    EG_DICT_TSV,
    EG_DICT_JSONL,
    EG_DICT_JIEBA,
} eg_dict_format;

/* What a jieba import kept and skipped. */
typedef struct eg_jieba_stats {
    size_t lines;   /* non-blank lines read */
    size_t kept;    /* entries added (nr/nrt/nrfg → PER, ns → LOC, nt → ORG) */
    size_t skipped; /* lines with another tag or none */
    char skipped_tags[256]; /* "n 3, v 2, (none) 1": the most frequent skipped tags */
} eg_jieba_stats;

/* Creates an empty registry in *out. EG_ENOMEM. */
EG_API eg_status eg_dict_new(eg_dict **out);
EG_API void eg_dict_free(eg_dict *d);

/* Sets (or, with fn NULL, clears) the diagnostics callback. */
EG_API void eg_dict_set_diag(eg_dict *d, eg_diag_fn fn, void *user);

/* Parses TSV text buf[0..len), reported under the name path. EG_EPARSE (bad
 * header, wrong column count, empty id/name/type, bad type, empty alias,
 * spaces around a field, duplicate id in the file), EG_EUTF8, EG_ENOMEM.
 * O(len). */
EG_API eg_status eg_dict_load_buffer(eg_dict *d, const char *path, const char *buf,
                                     size_t len, eg_error *err);

/* Parses JSONL: one object a line with "id", "name", "type" (strings),
 * optional "aliases" (array of strings, or one '|'-separated string),
 * "parent" (string) and any other string or number fields as attributes.
 * Errors as eg_dict_load_buffer, plus EG_EPARSE for invalid JSON. */
EG_API eg_status eg_dict_load_jsonl_buffer(eg_dict *d, const char *path, const char *buf,
                                           size_t len, eg_error *err);

/* Parses a jieba user dictionary: "word [freq] [pos]" a line. Entities get
 * the id "<type>:<word>" in lower-case type (per:王立新), the id a rule
 * would give the same person. stats may be NULL. EG_EPARSE (more than
 * three fields, a frequency that is not a number), EG_EUTF8, EG_ENOMEM. */
EG_API eg_status eg_dict_load_jieba_buffer(eg_dict *d, const char *path, const char *buf,
                                           size_t len, eg_jieba_stats *stats, eg_error *err);

/* Loads one file in format fmt, or every *.tsv and *.jsonl file of a folder
 * in byte order of name. EG_EIO for a missing or unreadable path, and the
 * errors of the parsers. */
EG_API eg_status eg_dict_load_path_as(eg_dict *d, const char *path, eg_dict_format fmt,
                                      eg_jieba_stats *stats, eg_error *err);
/* eg_dict_load_path_as(d, path, EG_DICT_AUTO, NULL, err). */
EG_API eg_status eg_dict_load_path(eg_dict *d, const char *path, eg_error *err);

/* Checks the registry as a whole and reports through the diagnostics
 * callback: a parent id that names no entity (error), a parent cycle
 * (error), an alias that another entity also claims as name or alias
 * (warning). *n_errors (may be NULL) receives the number of errors.
 * EG_EPARSE when there were errors, EG_ENOMEM. O(entities + names). */
EG_API eg_status eg_dict_check(const eg_dict *d, size_t *n_errors);

/* Warnings (through the diagnostics callback) about names likely to match
 * where they should not, for the entries whose file does not start with
 * context (the bundled dictionary loaded around the files linted; NULL or
 * "": none): a name of one character (but in ABBR entries), a person's
 * name that is a common word of the recognisers' lexicon (a lexicon of
 * words that are no person names, places among them, so only PER entries
 * are checked against it), a name that a context entry
 * of another type has as name or alias. *n_warnings (may be NULL) receives
 * their number. EG_ENOMEM. O(entities + names). */
EG_API eg_status eg_dict_lint_names(const eg_dict *d, const char *context, size_t *n_warnings);

/* Number of entities. */
EG_API size_t eg_dict_count(const eg_dict *d);

/* Entity i (0 <= i < count), in the order ids were first seen. */
EG_API const eg_entity *eg_dict_entity(const eg_dict *d, size_t i);

/* Index of the entity with this id, or -1. O(1) expected. */
EG_API long eg_dict_find_id(const eg_dict *d, const char *id);

/* The value of attribute key of entity i, or NULL. */
EG_API const char *eg_dict_attr(const eg_dict *d, size_t i, const char *key);

/* Entries loaded over an earlier entry with the same id. */
EG_API size_t eg_dict_overrides(const eg_dict *d);

/* Entities whose name or an alias equals text (prefix 0) or starts with it
 * (prefix 1), compared byte for byte. Writes up to max indexes to out,
 * exact name matches first, then by index; returns how many match (may be
 * more than max). O(total name bytes). */
EG_API size_t eg_dict_lookup(const eg_dict *d, const char *text, int prefix, uint32_t *out,
                             size_t max);

#endif
