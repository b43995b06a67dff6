/* What the graph writers share besides the attribute table and the XML
 * helpers: how a writer's file ends (graphio.h). */
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
