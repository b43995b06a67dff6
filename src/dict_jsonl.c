/* JSONL dictionaries (read through json.h): one entity object a line. */
#include <stdio.h>
#include <string.h>


#include "dict_load.h"
#include "graph_check.h"
#include "json.h"

static const char *const known[] = {"id", "name", "type", "aliases", "parent"};

/* One line; 1 to stop, 0 to go on. */
static int jsonl_line(eg__load *L, const char *line, size_t ll, long lineno)
{
    size_t end = (size_t)-1;
    eg__json *j = eg__json_parse(line, ll, &end);
    int stop = 0;
    if (!j || !eg__json_is_object(j)) {
        long col = 1;
        if (!j && end <= ll) col = eg__column_of(line, end);
        stop = eg__load_problem(L, EG_DIAG_ERROR, EG_EPARSE, lineno, col,
                                j ? "expected a JSON object" : "not valid JSON");
        eg__json_free(j);
        return stop;
    }
    const char *vals[3];
    for (int k = 0; k < 3; k++) {
        const eg__json *v = eg__json_get(j, known[k]);
        if (!eg__json_is_string(v) || !eg__json_str(v)[0]) {
            stop = eg__load_problem(L, EG_DIAG_ERROR, EG_EPARSE, lineno, 1,
                                    v ? "\"%s\" must be a non-empty string" : "missing \"%s\"",
                                    known[k]);
            goto done;
        }
        vals[k] = eg__json_str(v);
    }
    if (!eg__valid_type(vals[2])) {
        stop = eg__load_problem(L, EG_DIAG_ERROR, EG_EPARSE, lineno, 1,
                                "type '%s' is not an upper-case label such as PER, ORG or LOC", vals[2]);
        goto done;
    }
    /* aliases: an array of strings, or one '|'-separated string */
    char aliases[4096] = "";
    size_t used = 0;
    const eg__json *al = eg__json_get(j, "aliases");
    if (eg__json_is_string(al)) {
        snprintf(aliases, sizeof aliases, "%s", eg__json_str(al));
        used = strlen(aliases);
    } else if (eg__json_is_array(al)) {
        for (const eg__json *a = eg__json_child(al); a; a = eg__json_next(a)) {
            const char *as = eg__json_str(a);
            if (!as || !as[0] || strchr(as, '|')) {
                stop = eg__load_problem(L, EG_DIAG_ERROR, EG_EPARSE, lineno, 1,
                                        "\"aliases\" must hold non-empty strings without '|'");
                goto done;
            }
            size_t l = strlen(as);
            if (used + l + 2 > sizeof aliases) {
                stop = eg__load_problem(L, EG_DIAG_ERROR, EG_ELIMIT, lineno, 1, "too many aliases");
                goto done;
            }
            if (used) aliases[used++] = '|';
            memcpy(aliases + used, as, l + 1);
            used += l;
        }
    } else if (al && !eg__json_is_null(al)) {
        stop = eg__load_problem(L, EG_DIAG_ERROR, EG_EPARSE, lineno, 1,
                                "\"aliases\" must be an array of strings");
        goto done;
    }
    if (eg__list_empty_item(aliases, used) < used) {
        stop = eg__load_problem(L, EG_DIAG_ERROR, EG_EPARSE, lineno, 1, "empty alias");
        goto done;
    }
    const eg__json *par = eg__json_get(j, "parent");
    const char *parent = eg__json_str(par);
    if (par && !eg__json_is_null(par) && !parent) {
        stop = eg__load_problem(L, EG_DIAG_ERROR, EG_EPARSE, lineno, 1, "\"parent\" must be a string");
        goto done;
    }
    /* what an escape put in a string: the rule of a TSV line (no control
     * characters), and what a graph's ids must be (graph_check.h) */
    const char *strs[] = {vals[0], vals[1], aliases, parent ? parent : ""};
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
    e.parent = parent ? eg__load_str(L, parent, strlen(parent)) : "";
    e.line = lineno;
    if (!e.id || !e.name || !e.type || !e.aliases || !e.parent) goto nomem;
    /* every other string or number field is an attribute, in file order */
    size_t n_attr = 0;
    for (const eg__json *f = eg__json_child(j); f; f = eg__json_next(f)) {
        int is_known = 0;
        for (int k = 0; k < 5; k++) is_known |= !strcmp(eg__json_key(f), known[k]);
        if (!is_known && (eg__json_is_string(f) || eg__json_is_number(f))) n_attr++;
    }
    if (n_attr) {
        const char **attr = eg__load_alloc(L, 2 * n_attr * sizeof *attr);
        if (!attr) goto nomem;
        size_t a = 0;
        for (const eg__json *f = eg__json_child(j); f; f = eg__json_next(f)) {
            const char *key = eg__json_key(f);
            int is_known = 0;
            for (int k = 0; k < 5; k++) is_known |= !strcmp(key, known[k]);
            if (is_known || !(eg__json_is_string(f) || eg__json_is_number(f))) continue;
            char num[64];
            const char *v = eg__json_str(f);
            if (eg__json_is_number(f)) {
                snprintf(num, sizeof num, "%.17g", eg__json_number(f));
                v = num;
            }
            attr[2 * a] = eg__load_str(L, key, strlen(key));
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
    eg__json_free(j);
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
