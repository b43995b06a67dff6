/* Library-internal: the loading context the dictionary parsers share
 * (dict.c for TSV and jieba, dict_jsonl.c for JSONL). */
#ifndef ENTGRAPH_DICT_LOAD_H
#define ENTGRAPH_DICT_LOAD_H

#include <stdarg.h>
#include <string.h>

#include "entgraph/dict.h"
#include "internal.h"
#include "util.h"

typedef struct eg__load {
    eg_dict *d;
    const char *path; /* arena copy */
    eg_error *err;
    eg_entity *pending; /* entries of this file, merged at the end */
    size_t n_pending, cap_pending;
    eg__strmap ids; /* id → line, within this file */
    size_t errors;
    eg_status status; /* the first error's status */
} eg__load;

/* Lines of a dictionary buffer: a leading BOM skipped, LF or CRLF ends. */
typedef struct eg__lines {
    const char *buf;
    size_t len, pos;
    long lineno;
} eg__lines;

static inline eg__lines eg__lines_begin(const char *buf, size_t len)
{
    eg__lines it = {buf, len, 0, 0};
    if (len >= 3 && !memcmp(buf, "\xEF\xBB\xBF", 3)) it.pos = 3;
    return it;
}

/* The next line, without its end, in *line and *len; 0 at the end. */
static inline int eg__lines_next(eg__lines *it, const char **line, size_t *len)
{
    if (it->pos >= it->len) return 0;
    const char *l = it->buf + it->pos;
    const char *nl = memchr(l, '\n', it->len - it->pos);
    size_t ll = nl ? (size_t)(nl - l) : it->len - it->pos;
    it->pos += ll + (nl ? 1 : 0);
    it->lineno++;
    if (ll && l[ll - 1] == '\r') ll--;
    *line = l;
    *len = ll;
    return 1;
}

eg_status eg__load_begin(eg__load *L, eg_dict *d, const char *path, eg_error *err);
/* Reports a problem; returns 1 when the load must stop (strict mode and an
 * error), 0 to go on. */
int eg__load_problem(eg__load *L, eg_diag_level level, eg_status st, long line, long column,
                     const char *fmt, ...) EG__PRINTF(6, 7);
/* Adds an entity parsed from this file (checks duplicate ids); 1 to stop. */
int eg__load_add(eg__load *L, eg_entity *e, long column_of_id);
/* Merges the file's entries (unless it failed in strict mode). */
eg_status eg__load_end(eg__load *L, int failed);
char *eg__load_str(eg__load *L, const char *s, size_t len);
void *eg__load_alloc(eg__load *L, size_t size);
int eg__load_check_line(eg__load *L, const char *line, size_t ll, long lineno, int tabs_ok,
                        int *bad_line);
long eg__column_of(const char *line, size_t off);
/* The next line of it that passes eg__load_check_line (bad ones are
 * reported and skipped): 1 with *line and *len set; 0 at the end, or when
 * the load must stop (*stop set). */
int eg__load_next(eg__load *L, eg__lines *it, const char **line, size_t *len, int *stop);
int eg__valid_type(const char *s);

/* A registry over entities whose strings live elsewhere (a mapped compiled
 * dictionary): takes items (malloc'd, n of them) and builds the id index.
 * The strings must outlive the registry. EG_ENOMEM. */
eg_status eg__dict_adopt(eg_dict **out, eg_entity *items, size_t n);
/* The arena of d, for pointer arrays the adopter needs (attributes). */
void *eg__dict_alloc(eg_dict *d, size_t size);

#endif
