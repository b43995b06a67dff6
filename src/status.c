#include <stdio.h>
#include <string.h>

#include "internal.h"

static const char *const status_names[] = {
#define EG__NAME(name, msg) "EG_" #name,
    EG_STATUS_MAP(EG__NAME)
#undef EG__NAME
};

static const char *const status_messages[] = {
#define EG__MSG(name, msg) msg,
    EG_STATUS_MAP(EG__MSG)
#undef EG__MSG
};

const char *eg_status_name(eg_status st)
{
    if ((unsigned)st >= EG_STATUS_COUNT) return "EG_UNKNOWN";
    return status_names[st];
}

const char *eg_status_message(eg_status st)
{
    if ((unsigned)st >= EG_STATUS_COUNT) return "unknown status";
    return status_messages[st];
}

eg_status eg__error(eg_error *err, eg_status st, const char *path, long line,
                    long column, const char *fmt, ...)
{
    if (!err) return st;
    err->status = st;
    snprintf(err->path, sizeof err->path, "%s", path ? path : "");
    err->line = line;
    err->column = column;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->message, sizeof err->message, fmt, ap);
    va_end(ap);
    return st;
}

char *eg_error_format(const eg_error *err, char *buf, size_t n)
{
    if (!n) return buf;
    const char *msg = err->message[0] ? err->message : eg_status_message(err->status);
    if (err->path[0] && err->line > 0)
        snprintf(buf, n, "%s:%ld:%ld: error: %s", err->path, err->line,
                 err->column > 0 ? err->column : 1, msg);
    else if (err->path[0])
        snprintf(buf, n, "%s: error: %s", err->path, msg);
    else
        snprintf(buf, n, "error: %s", msg);
    return buf;
}
