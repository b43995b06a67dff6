/* Reading JSON with cJSON (json.h): the only file that includes it. */
#include "json.h"

#include <cjson/cJSON.h>
#include <stdint.h>

/* eg__json is cJSON's node under a name of our own. */
static const cJSON *node(const eg__json *v) { return (const cJSON *)(const void *)v; }
static eg__json *wrap(const cJSON *c) { return (eg__json *)(void *)(cJSON *)(uintptr_t)c; }

eg__json *eg__json_parse(const char *s, size_t len, size_t *error_at)
{
    const char *end = NULL;
    cJSON *root = cJSON_ParseWithLengthOpts(s, len, &end, 0);
    if (!root && error_at) *error_at = end && end >= s ? (size_t)(end - s) : (size_t)-1;
    return wrap(root);
}

eg__json *eg__json_parse_all(const char *s, size_t len, size_t *error_at)
{
    const char *end = NULL;
    /* with its NUL, which cJSON asks to find right after the value */
    cJSON *root = cJSON_ParseWithLengthOpts(s, len + 1, &end, 1);
    if (!root && error_at) *error_at = end && end >= s ? (size_t)(end - s) : (size_t)-1;
    return wrap(root);
}

void eg__json_free(eg__json *root) { cJSON_Delete((cJSON *)(void *)root); }

int eg__json_is_object(const eg__json *v) { return cJSON_IsObject(node(v)) != 0; }
int eg__json_is_array(const eg__json *v) { return cJSON_IsArray(node(v)) != 0; }
int eg__json_is_string(const eg__json *v) { return cJSON_IsString(node(v)) != 0; }
int eg__json_is_number(const eg__json *v) { return cJSON_IsNumber(node(v)) != 0; }
int eg__json_is_null(const eg__json *v) { return cJSON_IsNull(node(v)) != 0; }

char *eg__json_str(const eg__json *v) { return cJSON_IsString(node(v)) ? node(v)->valuestring : NULL; }

double eg__json_number(const eg__json *v) { return cJSON_IsNumber(node(v)) ? node(v)->valuedouble : 0; }

eg__json *eg__json_get(const eg__json *obj, const char *key)
{
    return cJSON_IsObject(node(obj)) ? wrap(cJSON_GetObjectItemCaseSensitive(node(obj), key)) : NULL;
}

eg__json *eg__json_child(const eg__json *v)
{
    return cJSON_IsArray(node(v)) || cJSON_IsObject(node(v)) ? wrap(node(v)->child) : NULL;
}

eg__json *eg__json_next(const eg__json *v) { return v ? wrap(node(v)->next) : NULL; }

const char *eg__json_key(const eg__json *member) { return member ? node(member)->string : NULL; }

size_t eg__json_size(const eg__json *v)
{
    return cJSON_IsArray(node(v)) || cJSON_IsObject(node(v)) ? (size_t)cJSON_GetArraySize(node(v)) : 0;
}
