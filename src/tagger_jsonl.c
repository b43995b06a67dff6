/* Labelled examples as JSONL for the trainer (a cJSON module): one object a
 * line, {"text": …, "entities": [{"start", "end", "type"}, …]}, offsets in
 * code points of text, end exclusive (the evaluation files' format). */
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "entgraph/tagger.h"
#include "internal.h"

eg_status eg_trainer_add_jsonl(eg_trainer *t, const char *path, unsigned weight, size_t *added, eg_error *err)
{
    char *buf = NULL;
    size_t len = 0, line_no = 0;
    eg_train_span *spans = NULL;
    size_t cap = 0;
    *added = 0;
    eg_status st = eg__read_file(path, &buf, &len, err);
    if (st) return st;
    for (size_t at = 0; at < len;) {
        const char *line = buf + at, *nl = memchr(line, '\n', len - at);
        size_t ll = nl ? (size_t)(nl - line) : len - at;
        at += ll + (nl != NULL);
        line_no++;
        size_t sp = 0;
        while (sp < ll && (line[sp] == ' ' || line[sp] == '\t' || line[sp] == '\r')) sp++;
        if (sp == ll) continue;
        cJSON *j = cJSON_ParseWithLength(line, ll);
        const cJSON *text = j ? cJSON_GetObjectItemCaseSensitive(j, "text") : NULL;
        const cJSON *ents = j ? cJSON_GetObjectItemCaseSensitive(j, "entities") : NULL;
        if (!cJSON_IsString(text) || (ents && !cJSON_IsArray(ents))) {
            cJSON_Delete(j);
            st = eg__error(err, EG_EPARSE, path, (long)line_no, 1,
                           j ? "expected \"text\" (a string) and \"entities\" (an array)" : "not valid JSON");
            goto done;
        }
        size_t n = 0;
        const cJSON *e;
        cJSON_ArrayForEach(e, ents) {
            const cJSON *s = cJSON_GetObjectItemCaseSensitive(e, "start");
            const cJSON *en = cJSON_GetObjectItemCaseSensitive(e, "end");
            const cJSON *ty = cJSON_GetObjectItemCaseSensitive(e, "type");
            if (!cJSON_IsNumber(s) || !cJSON_IsNumber(en) || !cJSON_IsString(ty) || s->valuedouble < 0 ||
                en->valuedouble > (double)UINT32_MAX) {
                cJSON_Delete(j);
                st = eg__error(err, EG_EPARSE, path, (long)line_no, 1,
                               "an entity needs \"start\", \"end\" (numbers) and \"type\" (a string)");
                goto done;
            }
            if (n == cap) {
                size_t c = cap ? cap * 2 : 16;
                eg_train_span *p = realloc(spans, c * sizeof *p);
                if (!p) {
                    cJSON_Delete(j);
                    st = eg__error(err, EG_ENOMEM, path, (long)line_no, 1, "out of memory");
                    goto done;
                }
                spans = p;
                cap = c;
            }
            spans[n].start = (uint32_t)s->valuedouble;
            spans[n].end = (uint32_t)en->valuedouble;
            spans[n].type = ty->valuestring;
            n++;
        }
        st = eg_trainer_add(t, text->valuestring, strlen(text->valuestring), spans, n, weight, err);
        cJSON_Delete(j);
        if (st) {
            if (err && !err->line) {
                eg_error e2 = *err;
                eg__error(err, st, path, (long)line_no, 1, "%s", e2.message);
            }
            goto done;
        }
        ++*added;
    }
done:
    free(spans);
    free(buf);
    return st;
}
