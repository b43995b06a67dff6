/* eg_date_parse (date.c) on any bytes, in both formats (byte 0 chooses):
 * a date it takes is a real day written "YYYY-MM-DD", which eg_date_days
 * reads back, eg_date_from_days writes again the same, and eg_date_parse
 * takes again as itself; what it refuses leaves out untouched. */
#include "fuzz.h"

#include "entgraph/date.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1) return 0;
    eg_date_format fmt = (data[0] & 1) ? EG_DATE_UNIX : EG_DATE_AUTO;
    char out[11], again[11], back[11];
    memset(out, 'x', sizeof out);
    /* an exact-size copy, so that a read past len is caught */
    size_t len = size - 1;
    char *s = malloc(len ? len : 1);
    FUZZ_CHECK(s);
    memcpy(s, data + 1, len);
    int rc = eg_date_parse(s, len, fmt, out);
    free(s);
    FUZZ_CHECK(rc == 0 || rc == -1);
    if (rc) {
        for (size_t i = 0; i < sizeof out; i++) FUZZ_CHECK(out[i] == 'x');
        return 0;
    }
    FUZZ_CHECK(out[10] == '\0' && strlen(out) == 10 && out[4] == '-' && out[7] == '-');
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7) FUZZ_CHECK(out[i] >= '0' && out[i] <= '9');
    int32_t days;
    FUZZ_CHECK(eg_date_days(out, &days) == 0);
    eg_date_from_days(days, back);
    if (strcmp(back, out)) fprintf(stderr, "'%s' -> %ld days -> '%s'\n", out, (long)days, back);
    FUZZ_CHECK(!strcmp(back, out));
    FUZZ_CHECK(eg_date_parse(out, 10, EG_DATE_AUTO, again) == 0 && !strcmp(again, out));
    return 0;
}
