/* Mentions JSONL: the line format 'entgraph extract' prints and the file
 * 'entgraph build -f mentions' writes. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "entgraph/export.h"
#include "entgraph/reader.h"
#include "internal.h"

static eg_status put(char **buf, size_t *used, size_t *cap, const char *s)
{
    size_t l = strlen(s), need;
    if (eg__add_overflow(*used, l + 1, &need)) return EG_ENOMEM;
    if (need > *cap) {
        size_t ncap = *cap ? *cap : 256;
        while (ncap < need) {
            if (eg__mul_overflow(ncap, 2, &ncap)) return EG_ENOMEM;
        }
        char *p = realloc(*buf, ncap);
        if (!p) return EG_ENOMEM;
        *buf = p;
        *cap = ncap;
    }
    memcpy(*buf + *used, s, l);
    *used += l;
    return EG_OK;
}

eg_status eg_mentions_append_jsonl(char **buf, size_t *used, size_t *cap, const eg_extractor *x,
                                   const eg_doc *doc, const eg_doc_mentions *dm, int with_text)
{
    const char *text = doc->text;
    size_t len = doc->len;
    if (put(buf, used, cap, "{\"id\":") ||
        eg_json_append_string(buf, used, cap, doc->id, strlen(doc->id)))
        return EG_ENOMEM;
    static const char *const keys[] = {",\"title\":", ",\"date\":", ",\"source\":"};
    const char *values[] = {doc->title, doc->date, doc->source};
    for (size_t k = 0; k < 3; k++)
        if (values[k] && (put(buf, used, cap, keys[k]) ||
                          eg_json_append_string(buf, used, cap, values[k], strlen(values[k]))))
            return EG_ENOMEM;
    if (doc->part) {
        char num[80];
        snprintf(num, sizeof num, ",\"part\":%zu,\"offset\":%llu", doc->part,
                 (unsigned long long)doc->offset);
        if (put(buf, used, cap, num)) return EG_ENOMEM;
    }
    if (with_text && (put(buf, used, cap, ",\"text\":") ||
                      eg_json_append_string(buf, used, cap, text, len)))
        return EG_ENOMEM;
    if (put(buf, used, cap, ",\"entities\":[")) return EG_ENOMEM;
    for (size_t i = 0; i < dm->n; i++) {
        const eg_mention *m = &dm->v[i];
        const eg_entity *e = eg_extractor_entity(x, m->entity);
        const char *rule = eg_extract_rule_name(m->rule);
        char num[96], conf[48];
        if (!e) return EG_EINVAL;
        snprintf(conf, sizeof conf, ",\"confidence\":%.2f", eg_extract_rule_confidence(m->rule));
        snprintf(num, sizeof num, "%s{\"start\":%u,\"end\":%u,\"type\":", i ? "," : "", m->start,
                 m->end);
        if (put(buf, used, cap, num) ||
            eg_json_append_string(buf, used, cap, e->type, strlen(e->type)) ||
            put(buf, used, cap, ",\"text\":") ||
            eg_json_append_string(buf, used, cap, text + m->byte_start,
                                  m->byte_end - m->byte_start) ||
            put(buf, used, cap, ",\"entity\":") ||
            eg_json_append_string(buf, used, cap, e->id, strlen(e->id)) ||
            put(buf, used, cap, ",\"rule\":") ||
            eg_json_append_string(buf, used, cap, rule, strlen(rule)) || put(buf, used, cap, conf) ||
            put(buf, used, cap, "}"))
            return EG_ENOMEM;
    }
    return put(buf, used, cap, "]}\n");
}

struct eg_mentions_writer {
    eg__atomic out;
    char *buf;
    size_t cap;
};

eg_status eg_mentions_writer_open(eg_mentions_writer **out, const char *path, eg_error *err)
{
    eg_mentions_writer *w = calloc(1, sizeof *w);
    if (!w) return eg__error(err, EG_ENOMEM, path, 0, 0, "out of memory");
    eg_status st = eg__atomic_open(&w->out, path, err);
    if (st) {
        free(w);
        return st;
    }
    *out = w;
    return EG_OK;
}

eg_status eg_mentions_writer_add(eg_mentions_writer *w, const eg_extractor *x, const eg_doc *doc,
                                 const eg_doc_mentions *dm, eg_error *err)
{
    size_t used = 0;
    eg_status st = eg_mentions_append_jsonl(&w->buf, &used, &w->cap, x, doc, dm, 1);
    if (st) return eg__error(err, st, w->out.path, 0, 0, "%s", eg_status_message(st));
    if (fwrite(w->buf, 1, used, w->out.fp) != used)
        return eg__error(err, EG_EIO, w->out.path, 0, 0, "write failed");
    return EG_OK;
}

eg_status eg_mentions_writer_commit(eg_mentions_writer *w, eg_error *err)
{
    eg_status st = eg__atomic_commit(&w->out, err);
    free(w->buf);
    free(w);
    return st;
}

void eg_mentions_writer_abort(eg_mentions_writer *w)
{
    if (!w) return;
    eg__atomic_abort(&w->out);
    free(w->buf);
    free(w);
}
