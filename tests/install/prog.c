/* A program outside the tree: built against the installed headers and
 * library only (tests/install/test_install.py). It loads a dictionary,
 * extracts the names of one sentence, links them into a graph and analyses
 * it (igraph), so that every dependency the library needs is linked. */
#include <entgraph/entgraph.h>
#include <stdio.h>
#include <string.h>

int main(void)
{
    static const char tsv[] = "id\tname\ttype\taliases\tparent\n"
                              "p1\t张三丰\tPER\t\t\n"
                              "o1\t东山大学\tORG\t东大\t\n";
    static const char text[] = "张三丰昨天去了东山大学。东大的人都认识张三丰。";
    eg_error err;
    eg_dict *d = NULL;
    eg_extractor *x = NULL;
    eg_doc_mentions dm = {0};
    eg_graph g;
    int rc = 1;
    eg_graph_init(&g);
    if (strcmp(eg_version(), EG_VERSION_STRING)) {
        fprintf(stderr, "library %s, headers %s\n", eg_version(), EG_VERSION_STRING);
        goto done;
    }
    if (eg_dict_new(&d) || eg_dict_load_buffer(d, "t.tsv", tsv, sizeof tsv - 1, &err) ||
        eg_extractor_new(&x, d, NULL, &err) || eg_extractor_run(x, text, sizeof text - 1, &dm, &err)) {
        fprintf(stderr, "extract: %s\n", eg_status_message(err.status));
        goto done;
    }
    printf("entgraph %s: %zu mentions\n", eg_version(), dm.n);
    /* one node an entity, in order of first mention, an edge between the
     * first two */
    for (size_t i = 0; i < dm.n; i++) {
        const eg_entity *e = eg_extractor_entity(x, dm.v[i].entity);
        printf("%s %s %u-%u\n", e->id, e->type, (unsigned)dm.v[i].start, (unsigned)dm.v[i].end);
        int seen = 0;
        for (size_t k = 0; k < g.n_nodes; k++) seen |= !strcmp(g.nodes[k].id, e->id);
        if (!seen && eg_graph_add_node(&g, e->id, e->name, e->type, NULL, "dict", 1, 1, NULL)) goto done;
    }
    if (g.n_nodes != 2 || eg_graph_add_edge(&g, 0, 1, 2, 1) || eg_graph_analyze(&g, NULL, &err)) {
        fprintf(stderr, "graph failed\n");
        goto done;
    }
    printf("degree %.0f %.0f, pagerank %.2f %.2f\n", (double)g.nodes[0].degree, (double)g.nodes[1].degree,
           g.nodes[0].pagerank, g.nodes[1].pagerank);
    rc = 0;
done:
    eg_graph_destroy(&g);
    eg_doc_mentions_destroy(&dm);
    eg_extractor_free(x);
    eg_dict_free(d);
    return rc;
}
