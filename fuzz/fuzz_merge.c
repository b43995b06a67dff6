/* `entgraph merge` on a mutated partial count file (.egp, linker_partial.c):
 * eg_linker_load_partial() must refuse a damaged file cleanly (a status
 * and a message, no linker, nothing leaked); a file it takes is merged a
 * second time into the same linker, as a second shard would be, and the
 * graph built from the sum must keep the rules every graph loader applies
 * (graph_check.h), so that what merge writes, query can read. */
#include "fuzz.h"

#include "entgraph/linker.h"
#include "graph_check.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *path = fuzz_file("p.egp", data, size);
    if (!path) return 0;
    eg_linker *l = NULL;
    eg_error err;
    memset(&err, 0, sizeof err);
    eg_status st = eg_linker_load_partial(&l, path, &err);
    if (st) {
        FUZZ_CHECK(st == EG_EPARSE || st == EG_ENOMEM || st == EG_ELIMIT);
        FUZZ_CHECK(err.message[0] && !l);
        return 0;
    }
    FUZZ_CHECK(l);
    uint64_t docs = eg_linker_documents(l), mentions = eg_linker_mentions(l);
    memset(&err, 0, sizeof err);
    st = eg_linker_merge_partial(l, path, &err);
    if (st) {
        FUZZ_CHECK(st == EG_EPARSE || st == EG_ENOMEM || st == EG_ELIMIT);
        FUZZ_CHECK(err.message[0]);
    } else {
        /* the totals add up */
        FUZZ_CHECK(eg_linker_documents(l) == 2 * docs && eg_linker_mentions(l) == 2 * mentions);
    }
    eg_graph g;
    eg_graph_init(&g);
    memset(&err, 0, sizeof err);
    st = eg_linker_graph(l, NULL, NULL, NULL, &g, &err);
    if (st) {
        if (st != EG_ENOMEM && st != EG_ELIMIT)
            fprintf(stderr, "graph: %s (%s)\n", err.message, eg_status_name(st));
        FUZZ_CHECK(st == EG_ENOMEM || st == EG_ELIMIT);
    } else {
        memset(&err, 0, sizeof err);
        if (eg__graph_check(&g, "merged", &err)) fprintf(stderr, "%s\n", err.message);
        FUZZ_CHECK(eg__graph_check(&g, "merged", NULL) == EG_OK);
    }
    eg_graph_destroy(&g);
    eg_linker_free(l);
    return 0;
}
