/* JSONL dictionaries (a cJSON module): one entity object a line. */
#include <stdio.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "dict_load.h"
#include "graph_check.h"

static const char *const known[] = {"id", "name", "type", "aliases", "parent"};

/* One line; 1 to stop, 0 to go on. */
static int jsonl_line(eg__load *L, const char *line, size_t ll, long lineno)
{
    const char *end = NULL;
    cJSON *j = cJSON_ParseWithLengthOpts(line, ll, &end, 0);
    int stop = 0;
    if (!j || !cJSON_IsObject(j)) {
        long col = 1;
        if (!j && end && end >= line && end <= line + ll) col = eg__column_of(line, (size_t)(end - line));
        stop = eg__load_problem(L, EG_DIAG_ERROR, EG_EPARSE, lineno, col,
                                j ? "expected a JSON object" : "not valid JSON");
        cJSON_Delete(j);
        return stop;
    }
    const char *vals[3];
    for (int k = 0; k < 3; k++) {
        const cJSON *v = cJSON_GetObjectItemCaseSensitive(j, known[k]);
        if (!cJSON_IsString(v) || !v->valuestring[0]) {
            stop = eg__load_problem(L, EG_DIAG_ERROR, EG_EPARSE, lineno, 1,
                                    v ? "\"%s\" must be a non-empty string" : "missing \"%s\"",
                                    known[k]);
            goto done;
        }
        vals[k] = v->valuestring;
    }
    if (!eg__valid_type(vals[2])) {
        stop = eg__load_problem(L, EG_DIAG_ERROR, EG_EPARSE, lineno, 1,
                                "type '%s' is not an upper-case label such as PER, ORG or LOC", vals[2]);
        goto done;
    }
    /* aliases: an array of strings, or one '|'-separated string */
    char aliases[4096] = "";
    size_t used = 0;
    const cJSON *al = cJSON_GetObjectItemCaseSensitive(j, "aliases");
    if (cJSON_IsString(al)) {
        snprintf(aliases, sizeof aliases, "%s", al->valuestring);
        used = strlen(aliases);
    } else if (cJSON_IsArray(al)) {
        const cJSON *a;
        cJSON_ArrayForEach(a, al) {
            if (!cJSON_IsString(a) || !a->valuestring[0] || strchr(a->valuestring, '|')) {
                stop = eg__load_problem(L, EG_DIAG_ERROR, EG_EPARSE, lineno, 1,
                                        "\"aliases\" must hold non-empty strings without '|'");
                goto done;
            }
            size_t l = strlen(a->valuestring);
            if (used + l + 2 > sizeof aliases) {
                stop = eg__load_problem(L, EG_DIAG_ERROR, EG_ELIMIT, lineno, 1, "too many aliases");
                goto done;
            }
            if (used) aliases[used++] = '|';
            memcpy(aliases + used, a->valuestring, l + 1);
            used += l;
        }
    } else if (al && !cJSON_IsNull(al)) {
        stop = eg__load_problem(L, EG_DIAG_ERROR, EG_EPARSE, lineno, 1,
                                "\"aliases\" must be an array of strings");
        goto done;
    }
    for (size_t i = 0; i < used; i++)
        if (aliases[i] == '|' && (i == 0 || i + 1 == used || aliases[i + 1] == '|')) {
            stop = eg__load_problem(L, EG_DIAG_ERROR, EG_EPARSE, lineno, 1, "empty alias");
            goto done;
        }
    const cJSON *par = cJSON_GetObjectItemCaseSensitive(j, "parent");
    if (par && !cJSON_IsNull(par) && !cJSON_IsString(par)) {
        stop = eg__load_problem(L, EG_DIAG_ERROR, EG_EPARSE, lineno, 1, "\"parent\" must be a string");
        goto done;
    }
    /* what an escape put in a string: the rule of a TSV line (no control
     * characters), and what a graph's ids must be (graph_check.h) */
    const char *strs[] = {vals[0], vals[1], aliases, cJSON_IsString(par) ? par->valuestring : ""};
    static const char *const names[] = {"id", "name", "aliases", "parent"};
    for (int k = 0; k < 4; k++)
        if (!eg__graph_text_ok(strs[k])) {
            stop = eg__load_problem(L, EG_DIAG_ERROR, EG_EPARSE, lineno, 1,
                                    "\"%s\" holds a control character or a non-character",
                                    names[k]);
            goto done;
        }
    eg_entity e = {0};
    e.id = eg__load_str(L, vals[0], strlen(vals[0]));
    e.name = eg__load_str(L, vals[1], strlen(vals[1]));
    e.type = eg__load_str(L, vals[2], strlen(vals[2]));
    e.aliases = eg__load_str(L, aliases, used);
    e.parent = cJSON_IsString(par) ? eg__load_str(L, par->valuestring, strlen(par->valuestring)) : "";
    e.line = lineno;
    if (!e.id || !e.name || !e.type || !e.aliases || !e.parent) goto nomem;
    /* every other string or number field is an attribute, in file order */
    size_t n_attr = 0;
    const cJSON *f;
    cJSON_ArrayForEach(f, j) {
        int is_known = 0;
        for (int k = 0; k < 5; k++) is_known |= !strcmp(f->string, known[k]);
        if (!is_known && (cJSON_IsString(f) || cJSON_IsNumber(f))) n_attr++;
    }
    if (n_attr) {
        const char **attr = eg__load_alloc(L, 2 * n_attr * sizeof *attr);
        if (!attr) goto nomem;
        size_t a = 0;
        cJSON_ArrayForEach(f, j) {
            int is_known = 0;
            for (int k = 0; k < 5; k++) is_known |= !strcmp(f->string, known[k]);
            if (is_known || !(cJSON_IsString(f) || cJSON_IsNumber(f))) continue;
            char num[64];
            const char *v = f->valuestring;
            if (cJSON_IsNumber(f)) {
                snprintf(num, sizeof num, "%.17g", f->valuedouble);
                v = num;
            }
            attr[2 * a] = eg__load_str(L, f->string, strlen(f->string));
            attr[2 * a + 1] = eg__load_str(L, v, strlen(v));
            if (!attr[2 * a] || !attr[2 * a + 1]) goto nomem;
            a++;
        }
        e.attr = attr;
        e.n_attr = n_attr;
    }
    stop = eg__load_add(L, &e, 1);
    goto done;
nomem:
    L->status = eg__error(L->err, EG_ENOMEM, L->path, lineno, 0, "out of memory");
    stop = 1;
done:
    cJSON_Delete(j);
    return stop;
}

eg_status eg_dict_load_jsonl_buffer(eg_dict *d, const char *path, const char *buf, size_t len,
                                    eg_error *err)
{
    eg__load L;
    eg_status st = eg__load_begin(&L, d, path, err);
    if (st) return st;
    long lineno = 0;
    int stop = 0;
    eg__lines it = eg__lines_begin(buf, len);
    const char *line;
    size_t ll;
    while (eg__load_next(&L, &it, &line, &ll, &stop)) {
        lineno = it.lineno;
        size_t k = 0;
        while (k < ll && (line[k] == ' ' || line[k] == '\t')) k++;
        if (k == ll) continue;
        stop = jsonl_line(&L, line, ll, lineno);
    }
    return eg__load_end(&L, stop == 1);
}
