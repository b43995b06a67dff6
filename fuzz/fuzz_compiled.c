/* The compiled dictionary loader: eg_extractor_open() on mutated .egd
 * files, then a run on text that names entities. The checksum and total
 * size in the header are set to match the input first, so that mutations
 * reach the structural checks behind them (truncated and damaged files
 * are covered by tests/cli/cases/dict_compile_damaged.case). Seeds:
 * files written by `entgraph dict compile` (scripts/fuzz.sh makes them). */
#include "fuzz.h"

#include "entgraph/extract.h"

/* The header of src/compiled.c (egd_header): 160 bytes, the total size at
 * byte 128, the checksum at byte 152, covering the bytes after it. */
enum { HEADER = 160, AT_TOTAL = 128, AT_CHECKSUM = 152 };

static uint64_t checksum(const unsigned char *p, size_t n)
{
    uint64_t h = 0x9E3779B97F4A7C15ull ^ n;
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t w;
        memcpy(&w, p + i, 8);
        h = (h ^ w) * 0xFF51AFD7ED558CCDull;
        h ^= h >> 29;
    }
    for (; i < n; i++) h = (h ^ p[i]) * 0x100000001B3ull;
    return h;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char text[] = "中国工商银行嘉兴分行在海盐县沈荡镇。工行嘉兴分行行长王明说，双桥村在嘉兴。";
    unsigned char *buf = malloc(size ? size : 1);
    FUZZ_CHECK(buf);
    if (size) memcpy(buf, data, size);
    if (size >= HEADER) {
        uint64_t total = size, sum = checksum(buf + HEADER, size - HEADER);
        memcpy(buf + AT_TOTAL, &total, 8);
        memcpy(buf + AT_CHECKSUM, &sum, 8);
    }
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
