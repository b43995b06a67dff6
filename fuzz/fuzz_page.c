/* The page and picture writers (eg_export_html, eg_export_svg) on a graph
 * whose strings are hostile: ids, labels, types, aliases, dates and
 * evidence cut from the input at NUL bytes (quotes, "</script>", control
 * characters, ill-formed UTF-8, long names). The page's graph sits in
 * <script type="application/json" id="eg-data"> and the evidence in
 * id="eg-evidence": between each one's start and the first "</script"
 * after it there must be no '<' at all (no string can end the element,
 * open a comment or a new script) and the text must parse as JSON; the
 * picture must be written. */
#include "fuzz.h"

#include <cjson/cJSON.h>

#include "entgraph/export.h"
#include "entgraph/graph.h"

/* The next NUL-terminated piece of data[*at..size), copied. */
static char *piece(const uint8_t *data, size_t size, size_t *at)
{
    size_t start = *at, end = start;
    while (end < size && data[end]) end++;
    *at = end < size ? end + 1 : end;
    char *s = malloc(end - start + 1);
    FUZZ_CHECK(s);
    memcpy(s, data + start, end - start);
    s[end - start] = 0;
    return s;
}

static char *read_all(const char *path, size_t *len)
{
    FILE *fp = fopen(path, "rb");
    FUZZ_CHECK(fp);
    fseek(fp, 0, SEEK_END);
    long n = ftell(fp);
    rewind(fp);
    char *buf = malloc((size_t)n + 1);
    FUZZ_CHECK(buf && fread(buf, 1, (size_t)n, fp) == (size_t)n);
    buf[n] = 0;
    fclose(fp);
    *len = (size_t)n;
    return buf;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    size_t at = 0;
    char *s[8];
    for (int k = 0; k < 8; k++) s[k] = piece(data, size, &at);
    eg_graph g;
    eg_graph_init(&g);
    char id[2][64];
    for (int k = 0; k < 2; k++) {
        /* ids unique; the rest as given */
        snprintf(id[k], sizeof id[k], "n%d:%.40s", k, s[0]);
        FUZZ_CHECK(eg_graph_add_node(&g, id[k], s[1 + k], s[3], s[4], NULL, 1, 1, NULL) == EG_OK);
    }
    FUZZ_CHECK(eg_graph_add_edge(&g, 0, 1, 1, 1) == EG_OK);
    FUZZ_CHECK(eg_graph_add_evidence(&g, 0, s[5], s[6]) == EG_OK);
    FUZZ_CHECK(eg_graph_set_dates(&g, EG_GRAPH_NODE, 0, s[7], s[7]) == EG_OK);
    eg_error err;
    memset(&err, 0, sizeof err);
    const char *path = fuzz_file("page.html", (const uint8_t *)"", 0);
    if (path) {
        char copy[512];
        snprintf(copy, sizeof copy, "%s", path);
        FUZZ_CHECK(eg_export_html(&g, copy, NULL, &err) == EG_OK);
        size_t len;
        char *page = read_all(copy, &len);
        static const char *const elements[] = {
            "<script type=\"application/json\" id=\"eg-data\">",
            "<script type=\"application/json\" id=\"eg-evidence\">",
        };
        for (size_t k = 0; k < sizeof elements / sizeof *elements; k++) {
            const char *open = strstr(page, elements[k]);
            FUZZ_CHECK(open);
            const char *json = strchr(open, '>') + 1, *end = strstr(json, "</script");
            FUZZ_CHECK(end);
            FUZZ_CHECK(!memchr(json, '<', (size_t)(end - json)));
            cJSON *parsed = cJSON_ParseWithLength(json, (size_t)(end - json));
            FUZZ_CHECK(parsed);
            cJSON_Delete(parsed);
        }
        free(page);
    }
    path = fuzz_file("picture.svg", (const uint8_t *)"", 0);
    if (path) {
        char copy[512];
        snprintf(copy, sizeof copy, "%s", path);
        FUZZ_CHECK(eg_export_svg(&g, copy, NULL, &err) == EG_OK);
    }
    eg_graph_destroy(&g);
    for (int k = 0; k < 8; k++) free(s[k]);
    return 0;
}
