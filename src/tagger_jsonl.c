/* Labelled examples as JSONL for the trainer (read through json.h): one object a
 * line, {"text": …, "entities": [{"start", "end", "type"}, …]}, offsets in
 * code points of text, end exclusive (the evaluation files' format). */
#include <stdlib.h>
#include <string.h>

#include "entgraph/tagger.h"
#include "internal.h"
#include "json.h"

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
        eg__json *j = eg__json_parse(line, ll, NULL);
        const char *text = eg__json_str(eg__json_get(j, "text"));
        const eg__json *ents = eg__json_get(j, "entities");
        if (!text || (ents && !eg__json_is_array(ents))) {
            eg__json_free(j);
            st = eg__error(err, EG_EPARSE, path, (long)line_no, 1,
                           j ? "expected \"text\" (a string) and \"entities\" (an array)" : "not valid JSON");
            goto done;
        }
        size_t n = 0;
        for (const eg__json *e = eg__json_child(ents); e; e = eg__json_next(e)) {
            const eg__json *s = eg__json_get(e, "start");
            const eg__json *en = eg__json_get(e, "end");
            const char *ty = eg__json_str(eg__json_get(e, "type"));
            if (!eg__json_is_number(s) || !eg__json_is_number(en) || !ty || eg__json_number(s) < 0 ||
                eg__json_number(en) > (double)UINT32_MAX) {
                eg__json_free(j);
                st = eg__error(err, EG_EPARSE, path, (long)line_no, 1,
                               "an entity needs \"start\", \"end\" (numbers) and \"type\" (a string)");
                goto done;
            }
            if (n == cap) {
                size_t c = cap ? cap * 2 : 16;
                eg_train_span *p = realloc(spans, c * sizeof *p);
                if (!p) {
                    eg__json_free(j);
                    st = eg__error(err, EG_ENOMEM, path, (long)line_no, 1, "out of memory");
                    goto done;
                }
                spans = p;
                cap = c;
            }
            spans[n].start = (uint32_t)eg__json_number(s);
            spans[n].end = (uint32_t)eg__json_number(en);
            spans[n].type = ty;
            n++;
        }
        st = eg_trainer_add(t, text, strlen(text), spans, n, weight, err);
        eg__json_free(j);
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
