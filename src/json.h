/* Reading JSON (library-internal; json.c owns it, and is the only file
 * that includes cJSON).
 *
 * A parsed document is a tree of values owned by its root: every pointer
 * into it (values, keys, strings) dies with eg__json_free(root). The
 * accessors take NULL and values of any type, and answer NULL, 0 or "no"
 * for the wrong type, so a lookup chain needs one test at its end:
 * eg__json_str(eg__json_get(obj, "text")) is NULL unless obj is an
 * object with a string member "text".
 *
 * Writing JSON is not here: the writers escape through buf.h.
 */
#ifndef ENTGRAPH_JSON_H
#define ENTGRAPH_JSON_H

#include <stddef.h>

typedef struct eg__json eg__json;

/* Parses s[0..len) (no NUL needed; what follows the value is ignored, as
 * cJSON_ParseWithLength does). NULL when it is not JSON or memory ran out;
 * then *error_at (when non-NULL) is the byte offset where parsing stopped,
 * or (size_t)-1 when unknown. Thread-safe (no global error pointer). */
eg__json *eg__json_parse(const char *s, size_t len, size_t *error_at);
/* The same, but the value must be all of s[0..len) (white space may
 * follow it): trailing text is an error, at its offset. s[len] must be a
 * NUL (a whole file as eg__read_file() gives it). */
eg__json *eg__json_parse_all(const char *s, size_t len, size_t *error_at);
void eg__json_free(eg__json *root);

int eg__json_is_object(const eg__json *v);
int eg__json_is_array(const eg__json *v);
int eg__json_is_string(const eg__json *v);
int eg__json_is_number(const eg__json *v);
int eg__json_is_null(const eg__json *v);

/* The string of a string value (owned by the tree, NUL-terminated), else
 * NULL. */
char *eg__json_str(const eg__json *v);
/* The number of a number value, else 0. */
double eg__json_number(const eg__json *v);

/* The member of object obj named key (case-sensitive), else NULL. */
eg__json *eg__json_get(const eg__json *obj, const char *key);
/* The first element of an array or member of an object, else NULL; then
 * eg__json_next() walks on (NULL after the last). */
eg__json *eg__json_child(const eg__json *v);
eg__json *eg__json_next(const eg__json *v);
/* The name of an object member reached by child/next, else NULL. */
const char *eg__json_key(const eg__json *member);
/* Elements of an array (walks it: O(n)), members of an object, else 0. */
size_t eg__json_size(const eg__json *v);

#endif
