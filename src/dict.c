/* The entity registry: TSV and jieba parsing, merge by id, checks. JSONL
 * parsing lives in dict_jsonl.c (through json.h). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "dict_load.h"
#include "internal.h"
#include "recognize.h"
#include "util.h"

struct eg_dict {
    eg__arena strings;
    eg_entity *items;
    size_t count, cap;
    eg__strmap by_id;
    eg_diag_fn diag;
    void *diag_user;
    size_t overrides;
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

eg_status eg__dict_adopt(eg_dict **out, eg_entity *items, size_t n)
{
    eg_dict *d = calloc(1, sizeof *d);
    if (!d) {
        free(items);
        return EG_ENOMEM;
    }
    d->items = items;
    d->count = d->cap = n;
    for (size_t i = 0; i < n; i++) {
        if (eg__strmap_put(&d->by_id, items[i].id, (uint32_t)i)) {
            eg_dict_free(d);
            return EG_ENOMEM;
        }
    }
    *out = d;
    return EG_OK;
}

void *eg__dict_alloc(eg_dict *d, size_t size)
{
    return eg__arena_alloc(&d->strings, size);
}

void eg_dict_set_diag(eg_dict *d, eg_diag_fn fn, void *user)
{
    d->diag = fn;
    d->diag_user = user;
}

size_t eg_dict_count(const eg_dict *d) { return d->count; }
size_t eg_dict_overrides(const eg_dict *d) { return d->overrides; }

const eg_entity *eg_dict_entity(const eg_dict *d, size_t i)
{
    return i < d->count ? &d->items[i] : NULL;
}

long eg_dict_find_id(const eg_dict *d, const char *id)
{
    uint32_t v;
    return eg__strmap_get(&d->by_id, id, &v) ? (long)v : -1;
}

const char *eg_dict_attr(const eg_dict *d, size_t i, const char *key)
{
    if (i >= d->count) return NULL;
    const eg_entity *e = &d->items[i];
    for (size_t k = 0; k < e->n_attr; k++)
        if (!strcmp(e->attr[2 * k], key)) return e->attr[2 * k + 1];
    return NULL;
}

/* ---- the loading context shared by the parsers ------------------------- */

static int push_entity(eg_entity **items, size_t *count, size_t *cap, const eg_entity *e)
{
    if (eg__grow_array((void **)items, cap, *count + 1, sizeof **items, 256)) return -1;
    (*items)[(*count)++] = *e;
    return 0;
}

eg_status eg__load_begin(eg__load *L, eg_dict *d, const char *path, eg_error *err)
{
    memset(L, 0, sizeof *L);
    L->d = d;
    L->err = err;
    L->path = eg__arena_strndup(&d->strings, path, strlen(path));
    if (!L->path) return eg__error(err, EG_ENOMEM, path, 0, 0, "out of memory");
    return EG_OK;
}

int eg__load_problem(eg__load *L, eg_diag_level level, eg_status st, long line, long column,
                     const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (L->d->diag) {
        eg_diag dg = {level, L->path, line, column, msg};
        L->d->diag(L->d->diag_user, &dg);
        if (level == EG_DIAG_ERROR && !L->errors++) L->status = st;
        return 0;
    }
    if (level != EG_DIAG_ERROR) return 0;
    L->status = eg__error(L->err, st, L->path, line, column, "%s", msg);
    return 1;
}

char *eg__load_str(eg__load *L, const char *s, size_t len)
{
    return eg__arena_strndup(&L->d->strings, s, len);
}

void *eg__load_alloc(eg__load *L, size_t size)
{
    return eg__arena_alloc(&L->d->strings, size);
}

int eg__valid_type(const char *s)
{
    if (!(*s >= 'A' && *s <= 'Z')) return 0;
    for (; *s; s++)
        if (!((*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') || *s == '_')) return 0;
    return 1;
}

int eg__load_add(eg__load *L, eg_entity *e, long column_of_id)
{
    uint32_t first;
    e->source = "dict";
    e->file = L->path;
    if (eg__strmap_get(&L->ids, e->id, &first))
        return eg__load_problem(L, EG_DIAG_ERROR, EG_EPARSE, e->line, column_of_id,
                                "duplicate id '%s' (first on line %u)", e->id, first);
    if (eg__strmap_put(&L->ids, e->id, (uint32_t)e->line) ||
        push_entity(&L->pending, &L->n_pending, &L->cap_pending, e)) {
        L->status = eg__error(L->err, EG_ENOMEM, L->path, 0, 0, "out of memory");
        return 1;
    }
    return 0;
}

eg_status eg__load_end(eg__load *L, int failed)
{
    eg_dict *d = L->d;
    eg_status st = failed ? L->status : EG_OK;
    if (failed && !d->diag) goto done; /* strict: keep nothing from this file */
    for (size_t i = 0; i < L->n_pending; i++) {
        uint32_t at;
        eg_entity *e = &L->pending[i];
        if (eg__strmap_get(&d->by_id, e->id, &at)) {
            d->overrides++;
            if (d->diag) {
                char msg[700];
                snprintf(msg, sizeof msg, "id '%s' replaces the entry from %s:%ld", e->id,
                         d->items[at].file, d->items[at].line);
                eg_diag dg = {EG_DIAG_WARNING, L->path, e->line, 1, msg};
                d->diag(d->diag_user, &dg);
            }
            d->items[at] = *e;
            continue;
        }
        if (d->count >= UINT32_MAX ||
            push_entity(&d->items, &d->count, &d->cap, e) ||
            eg__strmap_put(&d->by_id, e->id, (uint32_t)(d->count - 1))) {
            st = eg__error(L->err, EG_ENOMEM, L->path, 0, 0, "out of memory");
            goto done;
        }
    }
    if (!st && L->errors) st = L->status ? L->status : EG_EPARSE;
done:
    free(L->pending);
    eg__strmap_free(&L->ids);
    return st;
}

/* Code-point column of byte offset off within line. */
long eg__column_of(const char *line, size_t off)
{
    return (long)eg__utf8_count(line, off) + 1;
}

/* Checks a line for invalid UTF-8, control characters (tabs allowed when
 * tabs_ok) and the non-characters U+FFFE and U+FFFF. Returns 1 when the load must stop, 0 to go on; *bad says
 * whether the line had a problem. */
int eg__load_check_line(eg__load *L, const char *line, size_t ll, long lineno, int tabs_ok,
                        int *bad_line)
{
    *bad_line = 0;
    for (size_t i = 0; i < ll;) {
        size_t at = i;
        int bad = 0;
        uint32_t c = eg__utf8_decode(line, ll, &i, &bad);
        if (bad) {
            *bad_line = 1;
            return eg__load_problem(L, EG_DIAG_ERROR, EG_EUTF8, lineno, eg__column_of(line, at),
                                    "invalid UTF-8 byte 0x%02X", (unsigned char)line[at]);
        }
        if ((c < 0x20 && !(c == '\t' && tabs_ok)) || c == 0x7F || (c >= 0x80 && c < 0xA0)) {
            *bad_line = 1;
            return eg__load_problem(L, EG_DIAG_ERROR, EG_EPARSE, lineno, eg__column_of(line, at),
                                    "control character U+%04X", (unsigned)c);
        }
        /* XML has no room for them: an id holding one could not be a
         * GraphML node id (graph_check.h) */
        if (c == 0xFFFE || c == 0xFFFF) {
            *bad_line = 1;
            return eg__load_problem(L, EG_DIAG_ERROR, EG_EPARSE, lineno, eg__column_of(line, at),
                                    "non-character U+%04X", (unsigned)c);
        }
    }
    return 0;
}

int eg__load_next(eg__load *L, eg__lines *it, const char **line, size_t *len, int *stop)
{
    while (!*stop && eg__lines_next(it, line, len)) {
        int bad;
        *stop = eg__load_check_line(L, *line, *len, it->lineno, 1, &bad);
        if (!*stop && !bad) return 1;
    }
    return 0;
}

/* ---- TSV --------------------------------------------------------------- */

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

/* Parses one data line into an entity; 1 to stop, 0 to go on. */
static int tsv_line(eg__load *L, const char *line, size_t ll, long lineno, const char **header,
                    size_t n_columns)
{
    field f[MAX_COLUMNS];
    size_t nf = split_tabs(line, ll, f, MAX_COLUMNS);
    if (nf != n_columns) {
        size_t at = nf > n_columns ? f[n_columns].off : ll;
        return eg__load_problem(L, EG_DIAG_ERROR, EG_EPARSE, lineno, eg__column_of(line, at),
                                "expected %zu tab-separated fields, found %s%zu", n_columns,
                                nf > MAX_COLUMNS ? "more than " : "",
                                nf > MAX_COLUMNS ? (size_t)MAX_COLUMNS : nf);
    }
    for (size_t k = 0; k < N_REQUIRED; k++) {
        if (f[k].len && (f[k].p[0] == ' ' || f[k].p[f[k].len - 1] == ' '))
            return eg__load_problem(L, EG_DIAG_ERROR, EG_EPARSE, lineno,
                                    eg__column_of(line, f[k].off),
                                    "%s has leading or trailing spaces", required_columns[k]);
    }
    for (int k = 0; k < 3; k++)
        if (!f[k].len)
            return eg__load_problem(L, EG_DIAG_ERROR, EG_EPARSE, lineno,
                                    eg__column_of(line, f[k].off), "empty %s", required_columns[k]);
    char *strs[N_REQUIRED];
    for (size_t k = 0; k < N_REQUIRED; k++)
        if (!(strs[k] = eg__load_str(L, f[k].p, f[k].len))) goto nomem;
    if (!eg__valid_type(strs[2]))
        return eg__load_problem(L, EG_DIAG_ERROR, EG_EPARSE, lineno, eg__column_of(line, f[2].off),
                                "type '%s' is not an upper-case label such as PER, ORG or LOC",
                                strs[2]);
    size_t empty = eg__list_empty_item(f[3].p, f[3].len);
    if (empty < f[3].len)
        return eg__load_problem(L, EG_DIAG_ERROR, EG_EPARSE, lineno,
                                eg__column_of(line, f[3].off + empty), "empty alias");
    eg_entity e = {0};
    e.id = strs[0];
    e.name = strs[1];
    e.type = strs[2];
    e.aliases = strs[3];
    e.parent = strs[4];
    e.line = lineno;
    size_t n_attr = 0;
    for (size_t k = N_REQUIRED; k < nf; k++) n_attr += f[k].len > 0;
    if (n_attr) {
        const char **attr = eg__load_alloc(L, 2 * n_attr * sizeof *attr);
        if (!attr) goto nomem;
        size_t a = 0;
        for (size_t k = N_REQUIRED; k < nf; k++) {
            if (!f[k].len) continue;
            attr[2 * a] = header[k];
            if (!(attr[2 * a + 1] = eg__load_str(L, f[k].p, f[k].len))) goto nomem;
            a++;
        }
        e.attr = attr;
        e.n_attr = n_attr;
    }
    return eg__load_add(L, &e, eg__column_of(line, f[0].off));
nomem:
    L->status = eg__error(L->err, EG_ENOMEM, L->path, lineno, 0, "out of memory");
    return 1;
}

eg_status eg_dict_load_buffer(eg_dict *d, const char *path, const char *buf, size_t len,
                              eg_error *err)
{
    eg__load L;
    eg_status st = eg__load_begin(&L, d, path, err);
    if (st) return st;
    const char *header[MAX_COLUMNS];
    size_t n_columns = 0;
    long lineno = 0;
    int stop = 0;
    eg__lines it = eg__lines_begin(buf, len);
    const char *line;
    size_t ll;
    while (eg__load_next(&L, &it, &line, &ll, &stop)) {
        lineno = it.lineno;
        if (ll == 0 || line[0] == '#') continue;
        if (n_columns) {
            stop = tsv_line(&L, line, ll, lineno, header, n_columns);
            continue;
        }
        field f[MAX_COLUMNS];
        size_t nf = split_tabs(line, ll, f, MAX_COLUMNS);
        if (nf > MAX_COLUMNS) {
            stop = eg__load_problem(&L, EG_DIAG_ERROR, EG_EPARSE, lineno, 1,
                                    "header has more than %d columns", MAX_COLUMNS);
            break;
        }
        for (size_t k = 0; k < N_REQUIRED && !stop; k++) {
            if (k < nf && f[k].len == strlen(required_columns[k]) &&
                !memcmp(f[k].p, required_columns[k], f[k].len))
                continue;
            stop = eg__load_problem(&L, EG_DIAG_ERROR, EG_EPARSE, lineno,
                                    k < nf ? eg__column_of(line, f[k].off) : eg__column_of(line, ll),
                                    "header must start with id, name, type, aliases, parent "
                                    "(column %zu should be '%s')",
                                    k + 1, required_columns[k]);
            if (!stop) stop = 2; /* lenient: without a header nothing else can be read */
        }
        if (stop) break;
        for (size_t k = 0; k < nf; k++) {
            if (!(header[k] = eg__load_str(&L, f[k].p, f[k].len))) {
                L.status = eg__error(err, EG_ENOMEM, path, 0, 0, "out of memory");
                stop = 1;
                break;
            }
        }
        n_columns = nf;
    }
    return eg__load_end(&L, stop == 1);
}

/* ---- jieba ------------------------------------------------------------- */

static const struct {
    const char *tag, *type, *prefix;
} jieba_tags[] = {
    {"nr", "PER", "per"}, {"nrt", "PER", "per"}, {"nrfg", "PER", "per"},
    {"ns", "LOC", "loc"}, {"nt", "ORG", "org"},
};

/* Whether a white-space character (as Python's str.strip() sees it: ASCII
 * white space, U+00A0, U+3000) is at *at (forward: starts there) or ends
 * at *at (backward); moves *at past it when so. */
static int jieba_space(const char *line, size_t len, size_t *at, int forward)
{
    size_t i = *at;
    static const char *const wide[] = {"\xC2\xA0", "\xE3\x80\x80"};
    if (forward ? i < len : i > 0) {
        char c = line[forward ? i : i - 1];
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f') {
            *at = forward ? i + 1 : i - 1;
            return 1;
        }
    }
    for (int w = 0; w < 2; w++) {
        size_t l = strlen(wide[w]);
        if (forward && i + l <= len && !memcmp(line + i, wide[w], l)) {
            *at = i + l;
            return 1;
        }
        if (!forward && i >= l && !memcmp(line + i - l, wide[w], l)) {
            *at = i - l;
            return 1;
        }
    }
    return 0;
}

static void note_skipped(eg__strmap *tags, size_t *counts, size_t *n_counts, const char *tag)
{
    uint32_t k;
    if (eg__strmap_get(tags, tag, &k)) {
        counts[k]++;
        return;
    }
    if (*n_counts >= 64 || eg__strmap_put(tags, tag, (uint32_t)*n_counts)) return;
    counts[(*n_counts)++] = 1;
}

eg_status eg_dict_load_jieba_buffer(eg_dict *d, const char *path, const char *buf, size_t len,
                                    eg_jieba_stats *stats, eg_error *err)
{
    eg__load L;
    eg_jieba_stats local;
    eg__strmap tags = {0};
    size_t tag_counts[64], n_tags = 0;
    if (!stats) stats = &local;
    memset(stats, 0, sizeof *stats);
    eg_status st = eg__load_begin(&L, d, path, err);
    if (st) return st;
    long lineno = 0;
    int stop = 0;
    eg__lines it = eg__lines_begin(buf, len);
    const char *line;
    size_t ll;
    while (eg__load_next(&L, &it, &line, &ll, &stop)) {
        lineno = it.lineno;
        /* jieba's own rule (load_userdict): the line stripped of white
         * space at its ends, then ^(.+?)( [0-9]+)?( [a-z]+)?$ : the last
         * field is the tag when it is lower-case letters, the one before
         * (or the last) the frequency when it is digits, each after one
         * space; all the rest, spaces included, is the word. */
        size_t b0 = 0, e0 = ll;
        while (b0 < e0 && jieba_space(line, e0, &b0, 1)) {}
        while (e0 > b0 && jieba_space(line, e0, &e0, 0)) {}
        if (b0 == e0) continue; /* blank */
        field word = {line + b0, e0 - b0, b0}, freq = {NULL, 0, 0}, tagf = {NULL, 0, 0};
        const field *tag = NULL;
        size_t end = e0, k = end;
        while (k > b0 && line[k - 1] >= 'a' && line[k - 1] <= 'z') k--;
        if (k < end && k > b0 + 1 && line[k - 1] == ' ') {
            tagf = (field){line + k, end - k, k};
            tag = &tagf;
            end = k - 1;
        }
        k = end;
        while (k > b0 && line[k - 1] >= '0' && line[k - 1] <= '9') k--;
        if (k < end && k > b0 + 1 && line[k - 1] == ' ') {
            freq = (field){line + k, end - k, k};
            end = k - 1;
        }
        (void)freq; /* entgraph has no use for it */
        word.len = end - b0;
        stats->lines++;
        const char *tab = memchr(word.p, '\t', word.len);
        if (tab) {
            stop = eg__load_problem(&L, EG_DIAG_ERROR, EG_EPARSE, lineno,
                                    eg__column_of(line, (size_t)(tab - line)),
                                    "a tab inside the word: jieba separates fields with spaces, "
                                    "and a name cannot hold a tab");
            continue;
        }
        if (memchr(word.p, ' ', word.len))
            eg__load_problem(&L, EG_DIAG_WARNING, EG_OK, lineno, eg__column_of(line, word.off),
                             "the word '%.*s' holds a space, as jieba reads the line (a last "
                             "field is the frequency only when it is digits, the tag only when "
                             "lower-case letters)",
                             (int)word.len, word.p);
        field f[1] = {word};
        char tagbuf[32] = "(none)";
        if (tag) snprintf(tagbuf, sizeof tagbuf, "%.*s", (int)(tag->len < 31 ? tag->len : 31), tag->p);
        size_t t = 0;
        while (t < sizeof jieba_tags / sizeof *jieba_tags && strcmp(jieba_tags[t].tag, tagbuf)) t++;
        if (t == sizeof jieba_tags / sizeof *jieba_tags) {
            stats->skipped++;
            note_skipped(&tags, tag_counts, &n_tags, eg__load_str(&L, tagbuf, strlen(tagbuf)));
            continue;
        }
        char id[600];
        snprintf(id, sizeof id, "%s:%.*s", jieba_tags[t].prefix, (int)f[0].len, f[0].p);
        eg_entity e = {0};
        e.id = eg__load_str(&L, id, strlen(id));
        e.name = eg__load_str(&L, f[0].p, f[0].len);
        e.type = jieba_tags[t].type;
        e.aliases = "";
        e.parent = "";
        e.line = lineno;
        if (!e.id || !e.name) {
            L.status = eg__error(err, EG_ENOMEM, path, 0, 0, "out of memory");
            stop = 1;
            break;
        }
        /* The same word twice in a jieba file is common: keep the first. */
        uint32_t seen;
        if (eg__strmap_get(&L.ids, e.id, &seen)) continue;
        stop = eg__load_add(&L, &e, eg__column_of(line, f[0].off));
        if (!stop) stats->kept++;
    }
    /* the most frequent skipped tags, for the report */
    size_t used = 0;
    for (size_t shown = 0; shown < 6 && n_tags; shown++) {
        size_t best = 0;
        for (size_t k = 1; k < n_tags; k++)
            if (tag_counts[k] > tag_counts[best]) best = k;
        if (!tag_counts[best]) break;
        const char *name = NULL;
        for (size_t h = 0; h < tags.cap; h++)
            if (tags.keys[h] && tags.values[h] == best) name = tags.keys[h];
        int w = snprintf(stats->skipped_tags + used, sizeof stats->skipped_tags - used, "%s%s %zu",
                         used ? ", " : "", name ? name : "?", tag_counts[best]);
        if (w < 0 || (size_t)w >= sizeof stats->skipped_tags - used) break;
        used += (size_t)w;
        tag_counts[best] = 0;
    }
    eg__strmap_free(&tags);
    return eg__load_end(&L, stop == 1);
}

/* ---- files and folders -------------------------------------------------- */

static eg_status load_file(eg_dict *d, const char *path, eg_dict_format fmt,
                           eg_jieba_stats *stats, eg_error *err)
{
    char *buf = NULL;
    size_t len = 0;
    eg_status st = eg__read_file(path, &buf, &len, err);
    if (st) return st;
    if (fmt == EG_DICT_AUTO)
        fmt = eg__ends_with(path, ".jsonl") ? EG_DICT_JSONL : eg__ends_with(path, ".txt") ? EG_DICT_JIEBA : EG_DICT_TSV;
    switch (fmt) {
    case EG_DICT_JSONL: st = eg_dict_load_jsonl_buffer(d, path, buf, len, err); break;
    case EG_DICT_JIEBA: st = eg_dict_load_jieba_buffer(d, path, buf, len, stats, err); break;
    default: st = eg_dict_load_buffer(d, path, buf, len, err); break;
    }
    free(buf);
    return st;
}

eg_status eg_dict_load_path_as(eg_dict *d, const char *path, eg_dict_format fmt,
                               eg_jieba_stats *stats, eg_error *err)
{
    struct stat sb;
    if (stat(path, &sb))
        return eg__error(err, EG_EIO, path, 0, 0, "cannot open: %s", strerror(errno));
    if (!S_ISDIR(sb.st_mode)) return load_file(d, path, fmt, stats, err);

    eg_status st = EG_OK;
    char **names = NULL;
    size_t n = 0;
    if (eg__list_dir(path, &names, &n)) {
        if (errno == ENOMEM) return eg__error(err, EG_ENOMEM, path, 0, 0, "out of memory");
        return eg__error(err, EG_EIO, path, 0, 0, "cannot open folder: %s", strerror(errno));
    }
    /* In a folder, .jsonl files are JSONL and .tsv files TSV, whatever fmt
     * says; other files are not dictionaries. */
    for (size_t i = 0; i < n && (st == EG_OK || (d->diag && st == EG_EPARSE)); i++) {
        if (!eg__ends_with(names[i], ".tsv") && !eg__ends_with(names[i], ".jsonl")) continue;
        eg_status s2 = load_file(d, names[i], EG_DICT_AUTO, stats, err);
        if (s2 && st == EG_OK) st = s2;
        if (s2 && !d->diag) break;
    }
    eg__free_names(names, n);
    return st;
}

eg_status eg_dict_load_path(eg_dict *d, const char *path, eg_error *err)
{
    return eg_dict_load_path_as(d, path, EG_DICT_AUTO, NULL, err);
}

/* ---- whole-registry checks and lookups ---------------------------------- */

static void report(const eg_dict *d, eg_diag_level level, const eg_entity *e, const char *fmt, ...)
    EG__PRINTF(4, 5);

static void report(const eg_dict *d, eg_diag_level level, const eg_entity *e, const char *fmt, ...)
{
    if (!d->diag) return;
    char msg[800];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    eg_diag dg = {level, e->file, e->line, 1, msg};
    d->diag(d->diag_user, &dg);
}

eg_status eg_dict_check(const eg_dict *d, size_t *n_errors)
{
    size_t errors = 0;
    eg_status st = EG_OK;
    uint8_t *state = calloc(d->count ? d->count : 1, 1); /* 0 new, 1 on path, 2 done */
    eg__strmap owner = {0};
    eg__arena keys = {0};
    if (!state) return EG_ENOMEM;
    for (size_t i = 0; i < d->count; i++) {
        const eg_entity *e = &d->items[i];
        if (e->parent[0] && eg_dict_find_id(d, e->parent) < 0) {
            report(d, EG_DIAG_ERROR, e, "parent '%s' of '%s' is not a known id", e->parent, e->id);
            errors++;
        }
    }
    /* Cycles: walk each chain once, marking what is on the current path. */
    for (size_t i = 0; i < d->count; i++) {
        size_t k = i;
        while (state[k] == 0) {
            state[k] = 1;
            long p = d->items[k].parent[0] ? eg_dict_find_id(d, d->items[k].parent) : -1;
            if (p < 0) break;
            if (state[p] == 1) {
                report(d, EG_DIAG_ERROR, &d->items[p], "parent cycle through '%s' and '%s'",
                       d->items[p].id, d->items[k].id);
                errors++;
                break;
            }
            k = (size_t)p;
        }
        /* mark the walked path done */
        k = i;
        while (state[k] == 1) {
            state[k] = 2;
            long p = d->items[k].parent[0] ? eg_dict_find_id(d, d->items[k].parent) : -1;
            if (p < 0) break;
            k = (size_t)p;
        }
    }
    /* Aliases claimed by another entity as its name or alias. Canonical
     * names shared by several entities are homonyms (many 城关镇), not
     * problems: the extractor resolves them per document. */
    for (size_t i = 0; i < d->count && !st; i++) {
        const eg_entity *e = &d->items[i];
        uint32_t prev;
        if (!eg__strmap_get(&owner, e->name, &prev) && eg__strmap_put(&owner, e->name, (uint32_t)i))
            st = EG_ENOMEM;
    }
    for (size_t i = 0; i < d->count && !st; i++) {
        const eg_entity *e = &d->items[i];
        const char *list = e->aliases, *a;
        size_t l;
        while (eg__list_next(&list, &a, &l)) {
            char key[512];
            if (l < sizeof key) {
                memcpy(key, a, l);
                key[l] = 0;
                uint32_t other;
                if (eg__strmap_get(&owner, key, &other) && other != i) {
                    const eg_entity *o = &d->items[other];
                    report(d, EG_DIAG_WARNING, e, "alias '%s' of '%s' is also %s '%s' (%s:%ld)",
                           key, e->id, !strcmp(o->name, key) ? "the name of" : "an alias of",
                           o->id, o->file, o->line);
                } else if (!eg__strmap_get(&owner, key, &other)) {
                    char *k2 = eg__arena_strndup(&keys, key, l);
                    if (!k2 || eg__strmap_put(&owner, k2, (uint32_t)i)) st = EG_ENOMEM;
                }
            }
        }
    }
    eg__strmap_free(&owner);
    eg__arena_free(&keys);
    free(state);
    if (n_errors) *n_errors = errors;
    if (st) return st;
    return errors ? EG_EPARSE : EG_OK;
}

/* Whether e comes from a file under prefix (NULL: none does). */
static int from_context(const eg_entity *e, const char *prefix)
{
    return prefix && *prefix && e->file && !strncmp(e->file, prefix, strlen(prefix));
}

/* The sense of an entry (src/extract_sense.c): a person's short name that many
 * people share should say sense=context; a sense must be "context", and
 * the ids of its context must exist. The number of warnings. */
static size_t lint_sense(const eg_dict *d, const eg_entity *e, size_t i)
{
    size_t warnings = 0;
    const char *sense = eg_dict_attr(d, i, "sense");
    if (sense && *sense && strcmp(sense, "context")) {
        report(d, EG_DIAG_WARNING, e, "sense '%s' of '%s' is unknown (the one sense is 'context')", sense, e->id);
        warnings++;
    }
    int marked = sense && !strcmp(sense, "context");
    if (!marked && !strcmp(e->type, "PER")) {
        size_t chars = eg__utf8_count(e->name, strlen(e->name));
        int dotted_alias = !strstr(e->name, "·") && strstr(e->aliases, "·");
        /* (a name that is a common word has its own warning) */
        if ((chars == 2 && !eg__recognize_common_word(e->name, strlen(e->name))) || dotted_alias) {
            report(d, EG_DIAG_WARNING, e,
                   "person '%s' is named by %s: other people share it; add the attribute sense=context "
                   "(and context=IDS) so that it is taken only where a document supports it",
                   e->id, dotted_alias ? "a short form of a longer name" : "two characters");
            warnings++;
        }
    }
    const char *ctx = marked ? eg_dict_attr(d, i, "context") : NULL, *c;
    size_t l;
    while (eg__list_next(&ctx, &c, &l)) {
        char id[256];
        if (l < sizeof id) {
            memcpy(id, c, l);
            id[l] = 0;
            if (l && eg_dict_find_id(d, id) < 0) {
                report(d, EG_DIAG_WARNING, e, "context '%s' of '%s' is no known id", id, e->id);
                warnings++;
            }
        }
    }
    return warnings;
}

eg_status eg_dict_lint_names(const eg_dict *d, const char *context, size_t *n_warnings)
{
    eg_status st = EG_OK;
    size_t warnings = 0;
    eg__strmap bundled = {0}; /* name or alias of a context entry → its index */
    eg__arena keys = {0};
    for (size_t i = 0; i < d->count && !st && context; i++) {
        const eg_entity *e = &d->items[i];
        if (!from_context(e, context)) continue;
        uint32_t prev;
        if (!eg__strmap_get(&bundled, e->name, &prev) && eg__strmap_put(&bundled, e->name, (uint32_t)i))
            st = EG_ENOMEM;
        const char *list = e->aliases, *a;
        size_t l;
        while (!st && eg__list_next(&list, &a, &l)) {
            char *k = eg__arena_strndup(&keys, a, l);
            if (!k) st = EG_ENOMEM;
            else if (!eg__strmap_get(&bundled, k, &prev) && eg__strmap_put(&bundled, k, (uint32_t)i))
                st = EG_ENOMEM;
        }
    }
    for (size_t i = 0; i < d->count && !st; i++) {
        const eg_entity *e = &d->items[i];
        if (from_context(e, context)) continue;
        size_t len = strlen(e->name);
        if (eg__utf8_count(e->name, len) == 1 && strcmp(e->type, "ABBR")) {
            report(d, EG_DIAG_WARNING, e,
                   "name '%s' of '%s' is one character: it matches inside many words (an "
                   "abbreviation belongs in an ABBR entry)", e->name, e->id);
            warnings++;
        }
        /* the lexicon is of words that are no person names (places among
         * them), so it speaks about PER entries only */
        if (!strcmp(e->type, "PER") && eg__recognize_common_word(e->name, len)) {
            report(d, EG_DIAG_WARNING, e,
                   "name '%s' of person '%s' is a common word (in the recogniser's lexicon): it "
                   "will match where the word is meant", e->name, e->id);
            warnings++;
        }
        warnings += lint_sense(d, e, i);
        uint32_t other;
        if (eg__strmap_get(&bundled, e->name, &other) && strcmp(d->items[other].type, e->type)) {
            const eg_entity *o = &d->items[other];
            report(d, EG_DIAG_WARNING, e, "name '%s' of '%s' (%s) is also %s '%s', a %s (%s:%ld)",
                   e->name, e->id, e->type, !strcmp(o->name, e->name) ? "the name of" : "an alias of",
                   o->id, o->type, o->file, o->line);
            warnings++;
        }
    }
    eg__strmap_free(&bundled);
    eg__arena_free(&keys);
    if (n_warnings) *n_warnings = warnings;
    return st;
}

size_t eg_dict_lookup(const eg_dict *d, const char *text, int prefix, uint32_t *out, size_t max)
{
    size_t tl = strlen(text), found = 0;
    /* two passes: exact name matches first, then the rest */
    for (int pass = 0; pass < 2; pass++) {
        for (size_t i = 0; i < d->count; i++) {
            const eg_entity *e = &d->items[i];
            int name_exact = !strcmp(e->name, text);
            if (pass == 0) {
                if (!name_exact) continue;
            } else {
                if (name_exact) continue;
                int hit = prefix && !strncmp(e->name, text, tl);
                const char *list = e->aliases, *a;
                size_t l;
                while (!hit && eg__list_next(&list, &a, &l))
                    hit = prefix ? l >= tl && !memcmp(a, text, tl) : l == tl && !memcmp(a, text, tl);
                if (!hit) continue;
            }
            if (found < max) out[found] = (uint32_t)i;
            found++;
        }
    }
    return found;
}
