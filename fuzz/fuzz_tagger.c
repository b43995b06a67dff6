/* The tagger model loader: eg_tagger_open_buffer() on mutated .egt images,
 * then a run of an extractor using it on text with names. The total size
 * and checksum in the header are set to match the input first (as
 * fuzz_compiled.c does), so that mutations reach the structural checks
 * behind them; damaged files are covered by tests/unit/test_tagger.c.
 * Seeds (fuzz/corpus/tagger/): models of 2^8 rows made by `entgraph train
 * --no-default-dict --hash-bits 8 --epochs 3` on tests/data/tagger/
 * train.jsonl; the newest (format 3) has a gate of 2^8 weights, which
 * the runs below use and, the second time, leave off. */
#include "fuzz.h"

#include "entgraph/extract.h"
#include "entgraph/tagger.h"
#include "tagger_impl.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char text[] = "柯岚和闵哲去了梧川。记者王明说，晨光日报社在和林县。Anna 说 OK。";
    static const char tsv[] = "id\tname\ttype\taliases\tparent\nloc:hl\t和林县\tLOC\t和林\t\norg:sun\t晨光日报社\tORG\t\t\n";
    unsigned char *buf = malloc(size ? size : 1);
    FUZZ_CHECK(buf);
    if (size) memcpy(buf, data, size);
    eg__egt_seal(buf, size);
    eg_tagger *t = NULL;
    eg_error err;
    memset(&err, 0, sizeof err);
    eg_status st = eg_tagger_open_buffer(buf, size, &t, &err);
    free(buf);
    if (st) {
        FUZZ_CHECK(st == EG_EPARSE || st == EG_ENOMEM);
        FUZZ_CHECK(err.message[0] && t == NULL);
        return 0;
    }
    eg_dict *d = NULL;
    FUZZ_CHECK(eg_dict_new(&d) == EG_OK);
    FUZZ_CHECK(eg_dict_load_buffer(d, "f.tsv", tsv, sizeof tsv - 1, &err) == EG_OK);
    eg_extractor *x = NULL;
    if (eg_extractor_new(&x, d, NULL, &err) == EG_OK) {
        for (int mode = 0; mode < 2; mode++) {
            eg_extractor_set_tagger(x, t, mode ? EG_TAGGER_KEEP_DICT : EG_TAGGER_ONLY);
            eg_extractor_set_tagger_everywhere(x, mode);
            eg_doc_mentions dm;
            memset(&dm, 0, sizeof dm);
            if (eg_extractor_run(x, text, sizeof text - 1, &dm, &err) == EG_OK) {
                for (size_t i = 0; i < dm.n; i++) {
                    const eg_mention *m = &dm.v[i];
                    FUZZ_CHECK(m->start < m->end && m->end <= dm.n_codepoints);
                    FUZZ_CHECK(i == 0 || dm.v[i - 1].end <= m->start);
                    const eg_entity *e = eg_extractor_entity(x, m->entity);
                    FUZZ_CHECK(e && e->id && e->name && e->type);
                }
            }
            eg_doc_mentions_destroy(&dm);
        }
    }
    eg_extractor_free(x);
    eg_dict_free(d);
    eg_tagger_free(t);
    return 0;
}
