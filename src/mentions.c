/* Mentions JSONL: the line format 'entgraph extract' prints and the file
 * 'entgraph build -f mentions' writes. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "entgraph/mentions.h"
#include "entgraph/reader.h"
#include "internal.h"

static eg_status put_n(char **buf, size_t *used, size_t *cap, const char *s, size_t l)
{
    size_t need;
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

static eg_status put(char **buf, size_t *used, size_t *cap, const char *s)
{
    return put_n(buf, used, cap, s, strlen(s));
}

/* A string literal, its length known at compile time. */
#define PUT_LIT(lit) put_n(buf, used, cap, lit, sizeof lit - 1)

/* The decimal digits of v, NUL-terminated, into out (room for 21). */
static void put_decimal(char *out, uint64_t v)
{
    char tmp[20];
    size_t n = 0;
    do {
        tmp[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    while (n) *out++ = tmp[--n];
    *out = 0;
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
    /* ",confidence" of each rule, formatted once per document */
    enum { RULES_KEPT = 32 };
    char confs[RULES_KEPT][48];
    uint32_t conf_done = 0; /* bit r: confs[r] is set */
    for (size_t i = 0; i < dm->n; i++) {
        const eg_mention *m = &dm->v[i];
        const eg_entity *e = eg_extractor_entity(x, m->entity);
        const char *rule = eg_extract_rule_name(m->rule);
        char num[96], conf_other[48], *conf = m->rule < RULES_KEPT ? confs[m->rule] : conf_other;
        if (!e) return EG_EINVAL;
        if (m->rule >= RULES_KEPT || !(conf_done >> m->rule & 1)) {
            snprintf(conf, 48, ",\"confidence\":%.2f", eg_extract_rule_confidence(m->rule));
            if (m->rule < RULES_KEPT) conf_done |= 1u << m->rule;
        }
        /* ,{"start":S,"end":E,"type": without printf, the hot spot of extract */
        char *o = num;
        if (i) *o++ = ',';
        memcpy(o, "{\"start\":", 9);
        put_decimal(o + 9, m->start);
        o += strlen(o);
        memcpy(o, ",\"end\":", 7);
        put_decimal(o + 7, m->end);
        o += strlen(o);
        memcpy(o, ",\"type\":", 9); /* with its NUL */
        if (put_n(buf, used, cap, num, (size_t)(o + 8 - num)) ||
            eg_json_append_string(buf, used, cap, e->type, strlen(e->type)) ||
            PUT_LIT(",\"text\":") ||
            eg_json_append_string(buf, used, cap, text + m->byte_start,
                                  m->byte_end - m->byte_start) ||
            PUT_LIT(",\"entity\":") ||
            eg_json_append_string(buf, used, cap, e->id, strlen(e->id)) ||
            PUT_LIT(",\"rule\":") ||
            eg_json_append_string(buf, used, cap, rule, strlen(rule)) || put(buf, used, cap, conf) ||
            PUT_LIT("}"))
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
