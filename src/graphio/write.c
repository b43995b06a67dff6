/* What the graph writers share besides the attribute table and the XML
 * helpers: how a writer's file is opened, filled and ended (graphio.h). */
#include "entgraph/export.h"
#include "graphio.h"
#include "internal.h"

eg_status eg__write_finish(eg__atomic *out, eg_status st, const char *path, eg_error *err)
{
    if (st && st != EG_EIO) {
        eg__atomic_abort(out);
        return eg__error(err, st, path, 0, 0, "%s", eg_status_message(st));
    }
    return eg__atomic_commit(out, err);
}

eg_status eg__write_graph(const eg_graph *g, const char *path, const eg_export_options *opt,
                          eg_error *err, eg__graph_writer write)
{
    eg__atomic out;
    eg_status st;
    eg__buf b = EG__BUF_INIT;
    eg_export_options defaults = {0};
    if (!opt) opt = &defaults;
    if ((st = eg__check_edges(g, path, err))) return st;
    if ((st = eg__atomic_open(&out, path, err))) return st;
    st = write(g, &b, out.fp, opt);
    eg__buf_free(&b);
    return eg__write_finish(&out, st, path, err);
}
