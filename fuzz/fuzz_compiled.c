/* The compiled dictionary loader: eg_extractor_open() on mutated .egd
 * files, then a run on text that names entities. The checksum and total
 * size in the header are set to match the input first, so that mutations
 * reach the structural checks behind them (truncated and damaged files
 * are covered by tests/cli/cases/dict_compile_damaged.case). Seeds:
 * files written by `entgraph dict compile` (scripts/fuzz.sh makes them). */
#include "fuzz.h"

#include "entgraph/extract.h"
#include "extract_impl.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char text[] = "中国工商银行嘉兴分行在海盐县沈荡镇。工行嘉兴分行行长王明说，双桥村在嘉兴。";
    unsigned char *buf = malloc(size ? size : 1);
    FUZZ_CHECK(buf);
    if (size) memcpy(buf, data, size);
    eg__egd_seal(buf, size);
    const char *path = fuzz_file("d.egd", buf, size);
    free(buf);
    if (!path) return 0;
    eg_extractor *x = NULL;
    eg_error err;
    memset(&err, 0, sizeof err);
    eg_status st = eg_extractor_open(path, NULL, &x, &err);
    if (st) {
        FUZZ_CHECK(st == EG_EPARSE || st == EG_ENOMEM || st == EG_EIO || st == EG_EDEP);
        FUZZ_CHECK(err.message[0] && x == NULL);
        return 0;
    }
    const eg_dict *d = eg_extractor_dict(x);
    size_t n = eg_dict_count(d);
    for (size_t i = 0; i < n; i++) {
        const eg_entity *e = eg_dict_entity(d, i);
        FUZZ_CHECK(e->id && e->name && e->type && e->aliases && e->parent);
        (void)eg_dict_find_id(d, e->id);
        (void)eg_dict_attr(d, i, "code");
    }
    eg_doc_mentions dm;
    memset(&dm, 0, sizeof dm);
    if (eg_extractor_run(x, text, sizeof text - 1, &dm, &err) == EG_OK) {
        for (size_t i = 0; i < dm.n; i++) {
            const eg_mention *m = &dm.v[i];
            FUZZ_CHECK(m->start < m->end && m->end <= dm.n_codepoints);
            FUZZ_CHECK(m->entity < eg_extractor_entity_count(x));
            const eg_entity *e = eg_extractor_entity(x, m->entity);
            FUZZ_CHECK(e && e->id && e->name);
        }
    }
    eg_doc_mentions_destroy(&dm);
    eg_extractor_free(x);
    return 0;
}
