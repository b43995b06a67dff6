/* Dictionary parsers (TSV, JSONL, jieba), the registry check and the
 * extractor's name tables. The first byte chooses: bits 0-1 the format,
 * bit 2 a diagnostics callback (report everything) or strict mode, bit 3
 * compile an extractor and run it on the input, bit 4 load the input a
 * second time (every entry then overrides an earlier one). */
#include "fuzz.h"

#include "entgraph/dict.h"
#include "entgraph/extract.h"

static void count_diag(void *user, const eg_diag *d)
{
    size_t *n = user;
    FUZZ_CHECK(d->message && d->message[0]);
    FUZZ_CHECK(d->line >= 0 && d->column >= 0);
    (*n)++;
}

static eg_status load(eg_dict *d, int fmt, const char *buf, size_t len, eg_error *err)
{
    switch (fmt) {
    case 0: return eg_dict_load_buffer(d, "fuzz.tsv", buf, len, err);
    case 1: return eg_dict_load_jsonl_buffer(d, "fuzz.jsonl", buf, len, err);
    default: {
        eg_jieba_stats js;
        eg_status st = eg_dict_load_jieba_buffer(d, "fuzz.txt", buf, len, &js, err);
        if (!st) FUZZ_CHECK(js.kept + js.skipped <= js.lines);
        return st;
    }
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1) return 0;
    unsigned flags = data[0];
    const char *buf = (const char *)data + 1;
    size_t len = size - 1;
    int fmt = flags & 3;
    eg_dict *d = NULL;
    if (eg_dict_new(&d)) return 0;
    size_t diags = 0;
    if (flags & 4) eg_dict_set_diag(d, count_diag, &diags);
    eg_error err;
    memset(&err, 0, sizeof err);
    eg_status st = load(d, fmt, buf, len, &err);
    FUZZ_CHECK(st == EG_OK || st == EG_EPARSE || st == EG_EUTF8 || st == EG_ENOMEM);
    if (st) {
        if (flags & 4) FUZZ_CHECK(diags > 0);
        else FUZZ_CHECK(err.message[0] && err.status == st && err.line >= 0);
    }
    if (!st && (flags & 16)) {
        size_t before = eg_dict_count(d);
        st = load(d, fmt, buf, len, &err);
        FUZZ_CHECK(st == EG_OK || st == EG_ENOMEM);
        if (!st) FUZZ_CHECK(eg_dict_count(d) == before && eg_dict_overrides(d) >= before);
    }
    /* What a registry holds is well-formed, whatever the file was. */
    size_t n = eg_dict_count(d);
    for (size_t i = 0; i < n; i++) {
        const eg_entity *e = eg_dict_entity(d, i);
        FUZZ_CHECK(e && e->id && e->name && e->type && e->aliases && e->parent);
        FUZZ_CHECK(e->id[0] && e->name[0] && e->type[0]);
        FUZZ_CHECK(fuzz_utf8_ok(e->id, strlen(e->id)) && fuzz_utf8_ok(e->name, strlen(e->name)));
        FUZZ_CHECK(fuzz_utf8_ok(e->aliases, strlen(e->aliases)));
        FUZZ_CHECK(eg_dict_find_id(d, e->id) == (long)i);
        uint32_t hit;
        FUZZ_CHECK(eg_dict_lookup(d, e->name, 0, &hit, 1) >= 1);
        for (size_t k = 0; k < e->n_attr; k++) FUZZ_CHECK(e->attr[2 * k] && e->attr[2 * k + 1]);
    }
    if (n) {
        size_t errors = 0;
        eg_status cst = eg_dict_check(d, &errors);
        FUZZ_CHECK(cst == EG_OK || cst == EG_EPARSE || cst == EG_ENOMEM);
        if (cst == EG_OK) FUZZ_CHECK(errors == 0);
    }
    if (n && (flags & 8)) {
        eg_extractor *x = NULL;
        if (eg_extractor_new(&x, d, NULL, &err) == EG_OK) {
            eg_doc_mentions dm;
            memset(&dm, 0, sizeof dm);
            if (eg_extractor_run(x, buf, len, &dm, &err) == EG_OK) {
                for (size_t i = 0; i < dm.n; i++) {
                    const eg_mention *m = &dm.v[i];
                    FUZZ_CHECK(m->start < m->end && m->end <= dm.n_codepoints);
                    FUZZ_CHECK(m->byte_start < m->byte_end && m->byte_end <= len);
                    FUZZ_CHECK(m->entity < eg_extractor_entity_count(x));
                    FUZZ_CHECK(i == 0 || dm.v[i - 1].end <= m->start);
                    FUZZ_CHECK(m->sentence < dm.n_sentences);
                }
            }
            eg_doc_mentions_destroy(&dm);
            eg_extractor_free(x);
        }
    }
    eg_dict_free(d);
    return 0;
}
