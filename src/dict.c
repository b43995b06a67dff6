/* The entity registry: TSV parsing, merge by id. */
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "entgraph/dict.h"
#include "internal.h"
#include "util.h"

struct eg_dict {
    eg__arena strings;
    eg_entity *items;
    size_t count, cap;
    eg__strmap by_id;
};

static const char *const required_columns[] = {"id", "name", "type", "aliases", "parent"};
enum { N_REQUIRED = 5, MAX_COLUMNS = 64 };

eg_status eg_dict_new(eg_dict **out)
{
    *out = calloc(1, sizeof **out);
    return *out ? EG_OK : EG_ENOMEM;
}

void eg_dict_free(eg_dict *d)
{
    if (!d) return;
    eg__arena_free(&d->strings);
    eg__strmap_free(&d->by_id);
    free(d->items);
    free(d);
}

size_t eg_dict_count(const eg_dict *d) { return d->count; }

const eg_entity *eg_dict_entity(const eg_dict *d, size_t i)
{
    return i < d->count ? &d->items[i] : NULL;
}

long eg_dict_find_id(const eg_dict *d, const char *id)
{
    uint32_t v;
    return eg__strmap_get(&d->by_id, id, &v) ? (long)v : -1;
}

static int push_entity(eg_entity **items, size_t *count, size_t *cap, const eg_entity *e)
{
    if (*count == *cap) {
        size_t ncap = *cap ? *cap * 2 : 256, bytes;
        if (eg__mul_overflow(ncap, sizeof **items, &bytes)) return -1;
        eg_entity *p = realloc(*items, bytes);
        if (!p) return -1;
        *items = p;
        *cap = ncap;
    }
    (*items)[(*count)++] = *e;
    return 0;
}

/* Code-point column of byte offset off within line. */
static long column_of(const char *line, size_t off)
{
    return (long)eg__utf8_count(line, off) + 1;
}

static int valid_type(const char *s)
{
    if (!(*s >= 'A' && *s <= 'Z')) return 0;
    for (; *s; s++)
        if (!((*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') || *s == '_')) return 0;
    return 1;
}

typedef struct field {
    const char *p;
    size_t len;
    size_t off; /* byte offset within the line */
} field;

/* Splits line[0..len) at tabs into at most max fields; returns the count or
 * max + 1 when there are more. */
static size_t split_tabs(const char *line, size_t len, field *f, size_t max)
{
    size_t n = 0, start = 0;
    for (size_t i = 0; i <= len; i++) {
        if (i < len && line[i] != '\t') continue;
        if (n == max) return max + 1;
        f[n].p = line + start;
        f[n].len = i - start;
        f[n].off = start;
        n++;
        start = i + 1;
    }
    return n;
}

eg_status eg_dict_load_buffer(eg_dict *d, const char *path, const char *buf, size_t len,
                              eg_error *err)
{
    eg_status st = EG_OK;
    eg_entity *pending = NULL;
    size_t n_pending = 0, cap_pending = 0;
    size_t n_columns = 0;
    long lineno = 0;
    const char *file = eg__arena_strndup(&d->strings, path, strlen(path));
    if (!file) return eg__error(err, EG_ENOMEM, path, 0, 0, "out of memory");

    size_t pos = 0;
    if (len >= 3 && !memcmp(buf, "\xEF\xBB\xBF", 3)) pos = 3;
    while (pos < len) {
        const char *line = buf + pos;
        const char *nl = memchr(line, '\n', len - pos);
        size_t ll = nl ? (size_t)(nl - line) : len - pos;
        pos += ll + (nl ? 1 : 0);
        lineno++;
        if (ll && line[ll - 1] == '\r') ll--;
        /* Whole-line checks: UTF-8 and control characters. */
        for (size_t i = 0; i < ll;) {
            size_t at = i;
            int bad = 0;
            uint32_t c = eg__utf8_decode(line, ll, &i, &bad);
            if (bad) {
                st = eg__error(err, EG_EUTF8, path, lineno, column_of(line, at),
                               "invalid UTF-8 byte 0x%02X", (unsigned char)line[at]);
                goto fail;
            }
            if ((c < 0x20 && c != '\t') || c == 0x7F) {
                st = eg__error(err, EG_EPARSE, path, lineno, column_of(line, at),
                               "control character U+%04X", (unsigned)c);
                goto fail;
            }
        }
        if (ll == 0 || line[0] == '#') continue;
        field f[MAX_COLUMNS];
        size_t nf = split_tabs(line, ll, f, MAX_COLUMNS);
        if (!n_columns) {
            if (nf > MAX_COLUMNS) {
                st = eg__error(err, EG_EPARSE, path, lineno, 1, "header has more than %d columns",
                               MAX_COLUMNS);
                goto fail;
            }
            for (size_t k = 0; k < N_REQUIRED; k++) {
                if (k >= nf || f[k].len != strlen(required_columns[k]) ||
                    memcmp(f[k].p, required_columns[k], f[k].len)) {
                    st = eg__error(err, EG_EPARSE, path, lineno,
                                   k < nf ? column_of(line, f[k].off) : column_of(line, ll),
                                   "header must start with id, name, type, aliases, parent "
                                   "(column %zu should be '%s')",
                                   k + 1, required_columns[k]);
                    goto fail;
                }
            }
            n_columns = nf;
            continue;
        }
        if (nf != n_columns) {
            size_t at = nf > n_columns ? f[n_columns].off : ll;
            st = eg__error(err, EG_EPARSE, path, lineno, column_of(line, at),
                           "expected %zu tab-separated fields, found %s%zu", n_columns,
                           nf > MAX_COLUMNS ? "more than " : "", nf > MAX_COLUMNS ? (size_t)MAX_COLUMNS : nf);
            goto fail;
        }
        for (size_t k = 0; k < N_REQUIRED; k++) {
            if (f[k].len && (f[k].p[0] == ' ' || f[k].p[f[k].len - 1] == ' ')) {
                st = eg__error(err, EG_EPARSE, path, lineno, column_of(line, f[k].off),
                               "%s has leading or trailing spaces", required_columns[k]);
                goto fail;
            }
        }
        if (!f[0].len || !f[1].len || !f[2].len) {
            int k = !f[0].len ? 0 : !f[1].len ? 1 : 2;
            st = eg__error(err, EG_EPARSE, path, lineno, column_of(line, f[k].off), "empty %s",
                           required_columns[k]);
            goto fail;
        }
        eg_entity e = {0};
        char *strs[N_REQUIRED];
        for (size_t k = 0; k < N_REQUIRED; k++) {
            strs[k] = eg__arena_strndup(&d->strings, f[k].p, f[k].len);
            if (!strs[k]) {
                st = eg__error(err, EG_ENOMEM, path, lineno, 0, "out of memory");
                goto fail;
            }
        }
        if (!valid_type(strs[2])) {
            st = eg__error(err, EG_EPARSE, path, lineno, column_of(line, f[2].off),
                           "type '%s' is not an upper-case label such as PER, ORG or LOC", strs[2]);
            goto fail;
        }
        /* Aliases: no empty alias between separators. */
        for (size_t i = 0; i < f[3].len; i++) {
            if (f[3].p[i] == '|' && (i == 0 || i + 1 == f[3].len || f[3].p[i + 1] == '|')) {
                st = eg__error(err, EG_EPARSE, path, lineno, column_of(line, f[3].off + i),
                               "empty alias");
                goto fail;
            }
        }
        e.id = strs[0];
        e.name = strs[1];
        e.type = strs[2];
        e.aliases = strs[3];
        e.parent = strs[4];
        e.source = "dict";
        e.file = file;
        e.line = lineno;
        if (push_entity(&pending, &n_pending, &cap_pending, &e)) {
            st = eg__error(err, EG_ENOMEM, path, lineno, 0, "out of memory");
            goto fail;
        }
    }
    if (!n_columns && n_pending == 0) {
        /* An empty file (or comments only) is a valid, empty dictionary. */
        goto done;
    }
    for (size_t i = 0; i < n_pending; i++) {
        uint32_t at;
        if (eg__strmap_get(&d->by_id, pending[i].id, &at)) {
            d->items[at] = pending[i]; /* a later file wins */
            continue;
        }
        if (d->count >= UINT32_MAX ||
            push_entity(&d->items, &d->count, &d->cap, &pending[i]) ||
            eg__strmap_put(&d->by_id, pending[i].id, (uint32_t)(d->count - 1))) {
            st = eg__error(err, EG_ENOMEM, path, 0, 0, "out of memory");
            goto fail;
        }
    }
done:
fail:
    free(pending);
    return st;
}

static eg_status load_file(eg_dict *d, const char *path, eg_error *err)
{
    eg_status st = EG_OK;
    char *buf = NULL;
    FILE *fp = fopen(path, "rb");
    if (!fp) return eg__error(err, EG_EIO, path, 0, 0, "cannot open: %s", strerror(errno));
    size_t cap = 1 << 16, len = 0;
    buf = malloc(cap);
    if (!buf) {
        st = eg__error(err, EG_ENOMEM, path, 0, 0, "out of memory");
        goto fail;
    }
    for (;;) {
        if (len == cap) {
            size_t ncap;
            char *p;
            if (eg__mul_overflow(cap, 2, &ncap) || !(p = realloc(buf, ncap))) {
                st = eg__error(err, EG_ENOMEM, path, 0, 0, "out of memory");
                goto fail;
            }
            buf = p;
            cap = ncap;
        }
        size_t n = fread(buf + len, 1, cap - len, fp);
        len += n;
        if (n == 0) break;
    }
    if (ferror(fp)) {
        st = eg__error(err, EG_EIO, path, 0, 0, "read error: %s", strerror(errno));
        goto fail;
    }
    st = eg_dict_load_buffer(d, path, buf, len, err);
fail:
    free(buf);
    fclose(fp);
    return st;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

eg_status eg_dict_load_path(eg_dict *d, const char *path, eg_error *err)
{
    struct stat sb;
    if (stat(path, &sb))
        return eg__error(err, EG_EIO, path, 0, 0, "cannot open: %s", strerror(errno));
    if (!S_ISDIR(sb.st_mode)) return load_file(d, path, err);

    eg_status st = EG_OK;
    char **names = NULL;
    size_t n = 0, cap = 0;
    DIR *dir = opendir(path);
    if (!dir) return eg__error(err, EG_EIO, path, 0, 0, "cannot open folder: %s", strerror(errno));
    struct dirent *de;
    while ((de = readdir(dir))) {
        size_t l = strlen(de->d_name);
        if (l < 5 || strcmp(de->d_name + l - 4, ".tsv") || de->d_name[0] == '.') continue;
        if (n == cap) {
            size_t ncap = cap ? cap * 2 : 16;
            char **p = realloc(names, ncap * sizeof *p);
            if (!p) goto nomem;
            names = p;
            cap = ncap;
        }
        size_t plen = strlen(path) + 1 + l + 1;
        names[n] = malloc(plen);
        if (!names[n]) goto nomem;
        snprintf(names[n], plen, "%s/%s", path, de->d_name);
        n++;
    }
    qsort(names, n, sizeof *names, cmp_str);
    for (size_t i = 0; i < n && st == EG_OK; i++) st = load_file(d, names[i], err);
    goto fail;
nomem:
    st = eg__error(err, EG_ENOMEM, path, 0, 0, "out of memory");
fail:
    for (size_t i = 0; i < n; i++) free(names[i]);
    free(names);
    closedir(dir);
    return st;
}
