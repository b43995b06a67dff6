/* entgraph — the entity registry: entities with id, canonical name, type,
 * aliases and parent, loaded from UTF-8 TSV files.
 *
 * TSV: '#' starts a comment line; blank lines are skipped; the first other
 * line is the header, which must begin with the columns
 * id, name, type, aliases, parent (more columns are allowed and ignored for
 * now). Aliases are separated by '|'. Files load in order; an entry whose id
 * is already known replaces the earlier one (later files win).
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
} eg_entity;

/* Creates an empty registry in *out. EG_ENOMEM. */
EG_API eg_status eg_dict_new(eg_dict **out);
EG_API void eg_dict_free(eg_dict *d);

/* Parses TSV text buf[0..len) whose errors are reported under the name path.
 * On error nothing from this buffer is kept, and err names
 * path:line:column. EG_EPARSE (bad header, wrong column count, empty id or
 * name, bad type), EG_EUTF8, EG_ENOMEM. O(len). */
EG_API eg_status eg_dict_load_buffer(eg_dict *d, const char *path, const char *buf,
                                     size_t len, eg_error *err);

/* Loads one file, or every *.tsv file of a folder in byte order of name.
 * EG_EIO for a missing or unreadable path, and the errors of
 * eg_dict_load_buffer. */
EG_API eg_status eg_dict_load_path(eg_dict *d, const char *path, eg_error *err);

/* Number of entities. */
EG_API size_t eg_dict_count(const eg_dict *d);

/* Entity i (0 <= i < count), in the order ids were first seen. */
EG_API const eg_entity *eg_dict_entity(const eg_dict *d, size_t i);

/* Index of the entity with this id, or -1. O(1) expected. */
EG_API long eg_dict_find_id(const eg_dict *d, const char *id);

#endif
