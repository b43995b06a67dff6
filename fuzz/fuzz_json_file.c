/* The .json document reader (eg_json_file_parse, then eg_json_file_doc on
 * each element) on any bytes. Byte 0: bit 0 Unix-seconds dates, bit 1
 * other field names (a nested path for the date). A file it refuses gives
 * a status and a message and no handle; each document it gives has an id
 * and NUL-terminated text, and a date, when it has one, that eg_date_days
 * reads; from valid UTF-8 come valid UTF-8 texts. */
#include "fuzz.h"

#include "entgraph/date.h"
#include "entgraph/reader.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const fields[EG_FIELD_COUNT] = {"key", "body", "headline", "meta.when",
                                                       "from"};
    if (size < 1) return 0;
    eg_date_format fmt = (data[0] & 1) ? EG_DATE_UNIX : EG_DATE_AUTO;
    const char *const *names = (data[0] & 2) ? fields : NULL;
    size_t len = size - 1;
    char *text = malloc(len ? len : 1); /* exact size: a read past len is caught */
    FUZZ_CHECK(text);
    memcpy(text, data + 1, len);
    eg_json_file *f = NULL;
    eg_error err;
    memset(&err, 0, sizeof err);
    eg_status st = eg_json_file_parse(&f, text, len, "in.json", names, fmt, &err);
    if (st) {
        FUZZ_CHECK(st == EG_EPARSE || st == EG_ENOMEM);
        FUZZ_CHECK(err.message[0] && !f);
        free(text);
        return 0;
    }
    FUZZ_CHECK(f);
    int utf8 = fuzz_utf8_ok(text, len);
    free(text); /* the handle copies what it needs */
    size_t n = eg_json_file_count(f);
    for (size_t i = 0; i < n && i < 2000; i++) {
        eg_doc doc;
        memset(&err, 0, sizeof err);
        st = eg_json_file_doc(f, i, &doc, &err);
        if (st) {
            FUZZ_CHECK(st == EG_EPARSE || st == EG_ENOMEM);
            FUZZ_CHECK(err.message[0]);
            continue;
        }
        FUZZ_CHECK(doc.id && doc.text && doc.text[doc.len] == '\0');
        if (utf8) FUZZ_CHECK(fuzz_utf8_ok(doc.text, doc.len));
        if (doc.date) {
            int32_t days;
            FUZZ_CHECK(strlen(doc.date) == 10 && eg_date_days(doc.date, &days) == 0);
        }
    }
    eg_doc doc;
    FUZZ_CHECK(eg_json_file_doc(f, n, &doc, &err) == EG_EINVAL);
    eg_json_file_free(f);
    return 0;
}
