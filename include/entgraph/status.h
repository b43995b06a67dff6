/* entgraph — status codes and error reports.
 *
 * Every fallible function returns eg_status (EG_OK is 0) and, when given a
 * non-NULL eg_error *, fills it with a message and, for user input, the
 * file:line:column it refers to. The library never prints and never exits.
 */
#ifndef ENTGRAPH_STATUS_H
#define ENTGRAPH_STATUS_H

#include "common.h"

/* One list generates the enum, the names and the default messages. */
#define EG_STATUS_MAP(X)                                   \
    X(OK, "success")                                       \
    X(ENOMEM, "out of memory")                             \
    X(EIO, "input/output error")                           \
    X(EINVAL, "invalid argument")                          \
    X(EPARSE, "malformed input")                           \
    X(EUTF8, "invalid UTF-8")                              \
    X(ENOTFOUND, "not found")                              \
    X(ELIMIT, "size limit exceeded")                       \
    X(EDEP, "failure in a dependency (ICU, igraph)")

typedef enum eg_status {
#define EG__STATUS_ENUM(name, msg) EG_##name,
    EG_STATUS_MAP(EG__STATUS_ENUM)
#undef EG__STATUS_ENUM
    EG_STATUS_COUNT
} eg_status;

/* A report about a failure. path is empty and line/column are 0 when the
 * failure is not about a position in user input. line and column are
 * 1-based; column counts Unicode code points. */
typedef struct eg_error {
    eg_status status;
    char path[512];
    long line;
    long column;
    char message[512];
} eg_error;

/* "EG_ENOMEM", …; "EG_UNKNOWN" for a value outside the enum. */
EG_API const char *eg_status_name(eg_status st);
/* A short English sentence fragment for st. */
EG_API const char *eg_status_message(eg_status st);

/* Formats err as "path:line:column: error: message" (or "error: message"
 * without a position) into buf of size n, always NUL-terminated. Returns buf. */
EG_API char *eg_error_format(const eg_error *err, char *buf, size_t n);

#endif
