/* Mentions JSONL: the line format 'entgraph extract' prints and the file
 * 'entgraph build -f mentions' writes. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "entgraph/mentions.h"
#include "internal.h"

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

/* A JSON string as the mentions file writes it. */
static void put_json(eg__buf *b, const char *s, size_t len)
{
    eg__buf_json_string(b, s, len, EG__JSON_AS_MENTIONS);
}

/* A string literal, its length known at compile time. */
#define PUT_LIT(b, lit) eg__buf_append(b, lit, sizeof lit - 1)

/* Appends doc's line to b (eg_mentions_append_jsonl); a failed append
 * shows in b's status. EG_EINVAL. */
static eg_status append_line(eg__buf *b, const eg_extractor *x, const eg_doc *doc,
                             const eg_doc_mentions *dm, int with_text)
{
    const char *text = doc->text;
    PUT_LIT(b, "{\"id\":");
    put_json(b, doc->id, strlen(doc->id));
    static const char *const keys[] = {",\"title\":", ",\"date\":", ",\"source\":"};
    const char *values[] = {doc->title, doc->date, doc->source};
    for (size_t k = 0; k < 3; k++)
        if (values[k]) {
            eg__buf_puts(b, keys[k]);
            put_json(b, values[k], strlen(values[k]));
        }
    if (doc->part)
        eg__buf_printf(b, ",\"part\":%zu,\"offset\":%llu", doc->part, (unsigned long long)doc->offset);
    if (with_text) {
        PUT_LIT(b, ",\"text\":");
        put_json(b, text, doc->len);
    }
    PUT_LIT(b, ",\"entities\":[");
    /* ",confidence" of each rule, formatted once per document; the
     * tagger's (one per margin bucket) once per value */
    enum { RULES_KEPT = 32, MODEL_KEPT = 16 };
    char confs[RULES_KEPT][48], model_confs[MODEL_KEPT][32];
    double model_conf[MODEL_KEPT];
    size_t n_model = 0;
    uint32_t conf_done = 0; /* bit r: confs[r] is set */
    for (size_t i = 0; i < dm->n; i++) {
        const eg_mention *m = &dm->v[i];
        const eg_entity *e = eg_extractor_entity(x, m->entity);
        const char *rule = eg_extract_rule_name(m->rule);
        char num[96], conf_other[48], *conf = m->rule < RULES_KEPT ? confs[m->rule] : conf_other;
        if (!e) return EG_EINVAL;
        if (!strcmp(rule, "model")) { /* the tagger's own name: its calibrated confidence */
            size_t k = 0;
            while (k < n_model && memcmp(&model_conf[k], &m->confidence, sizeof(double))) k++;
            if (k == n_model && n_model < MODEL_KEPT) {
                model_conf[k] = m->confidence;
                snprintf(model_confs[k], sizeof model_confs[k], ",\"confidence\":%.2f", m->confidence);
                n_model++;
            }
            char fresh[32]; /* past MODEL_KEPT values: formatted each time */
            const char *c = model_confs[k];
            if (k == n_model) snprintf(fresh, sizeof fresh, ",\"confidence\":%.2f", m->confidence), c = fresh;
            size_t len = strlen(c);
            char *o = conf = conf_other;
            memcpy(o, c, len);
            o += len;
            memcpy(o, ",\"margin\":", 10);
            o += 10;
            if (m->margin < 0) *o++ = '-';
            put_decimal(o, m->margin < 0 ? (uint64_t)-(int64_t)m->margin : (uint64_t)m->margin);
        } else if (m->rule >= RULES_KEPT || !(conf_done >> m->rule & 1)) {
            snprintf(conf, 48, ",\"confidence\":%.2f", m->confidence);
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
        eg__buf_append(b, num, (size_t)(o + 8 - num));
        put_json(b, e->type, strlen(e->type));
        PUT_LIT(b, ",\"text\":");
        put_json(b, text + m->byte_start, m->byte_end - m->byte_start);
        PUT_LIT(b, ",\"entity\":");
        put_json(b, e->id, strlen(e->id));
        PUT_LIT(b, ",\"rule\":");
        put_json(b, rule, strlen(rule));
        eg__buf_puts(b, conf);
        PUT_LIT(b, "}");
    }
    PUT_LIT(b, "]}\n");
    return EG_OK;
}

eg_status eg_mentions_append_jsonl(char **buf, size_t *used, size_t *cap, const eg_extractor *x,
                                   const eg_doc *doc, const eg_doc_mentions *dm, int with_text)
{
    eg__buf b = {*buf, *used, *cap, 0};
    eg_status st = append_line(&b, x, doc, dm, with_text);
    *buf = b.data;
    *used = b.len;
    *cap = b.cap;
    return st ? st : eg__buf_status(&b);
}

struct eg_mentions_writer {
    eg__atomic out;
    eg__buf line;
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
    eg__buf_reset(&w->line);
    eg_status st = append_line(&w->line, x, doc, dm, 1);
    if (!st) st = eg__buf_status(&w->line);
    if (st) return eg__error(err, st, w->out.path, 0, 0, "%s", eg_status_message(st));
    if (eg__buf_write(&w->line, w->out.fp)) return eg__error(err, EG_EIO, w->out.path, 0, 0, "write failed");
    return EG_OK;
}

eg_status eg_mentions_writer_commit(eg_mentions_writer *w, eg_error *err)
{
    eg_status st = eg__atomic_commit(&w->out, err);
    eg__buf_free(&w->line);
    free(w);
    return st;
}

void eg_mentions_writer_abort(eg_mentions_writer *w)
{
    if (!w) return;
    eg__atomic_abort(&w->out);
    eg__buf_free(&w->line);
    free(w);
}
