/* The reader: paths → documents. JSONL lines are parsed with cJSON. */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cjson/cJSON.h>

#include "entgraph/reader.h"
#include "internal.h"
#include "util.h"

typedef struct input {
    char *path; /* "-" for stdin */
    int jsonl;
} input;

struct eg_reader {
    input *in;
    size_t n, cap;
    uint64_t total;
    size_t next;      /* next input to open */
    FILE *fp;         /* open JSONL input, or NULL */
    const char *cur_path;
    long line;
    char *id, *text;  /* the current document */
    char *linebuf;
    size_t linecap;
};

static int ends_with(const char *s, const char *suffix)
{
    size_t a = strlen(s), b = strlen(suffix);
    return a >= b && !strcmp(s + a - b, suffix);
}

static eg_status add_input(eg_reader *r, const char *path, eg_input_format fmt)
{
    if (r->n == r->cap) {
        size_t cap = r->cap ? r->cap * 2 : 16, bytes;
        if (eg__mul_overflow(cap, sizeof *r->in, &bytes)) return EG_ENOMEM;
        input *p = realloc(r->in, bytes);
        if (!p) return EG_ENOMEM;
        r->in = p;
        r->cap = cap;
    }
    char *copy = strdup(path);
    if (!copy) return EG_ENOMEM;
    r->in[r->n].path = copy;
    r->in[r->n].jsonl = fmt == EG_INPUT_JSONL || (fmt == EG_INPUT_AUTO && ends_with(path, ".jsonl"));
    r->n++;
    return EG_OK;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static eg_status walk(eg_reader *r, const char *path, eg_input_format fmt, int depth, eg_error *err)
{
    struct stat sb;
    if (stat(path, &sb))
        return eg__error(err, EG_EIO, path, 0, 0, "cannot open: %s", strerror(errno));
    if (!S_ISDIR(sb.st_mode)) {
        eg_status st = add_input(r, path, fmt);
        if (!st) r->total += (uint64_t)sb.st_size;
        return st ? eg__error(err, st, path, 0, 0, "out of memory") : EG_OK;
    }
    if (depth > 64) return eg__error(err, EG_ELIMIT, path, 0, 0, "folders nested too deeply");
    DIR *dir = opendir(path);
    if (!dir) return eg__error(err, EG_EIO, path, 0, 0, "cannot open folder: %s", strerror(errno));
    eg_status st = EG_OK;
    char **names = NULL;
    size_t n = 0, cap = 0;
    struct dirent *de;
    while ((de = readdir(dir))) {
        if (de->d_name[0] == '.') continue;
        if (n == cap) {
            size_t ncap = cap ? cap * 2 : 32;
            char **p = realloc(names, ncap * sizeof *p);
            if (!p) goto nomem;
            names = p;
            cap = ncap;
        }
        size_t len = strlen(path) + strlen(de->d_name) + 2;
        if (!(names[n] = malloc(len))) goto nomem;
        snprintf(names[n], len, "%s%s%s", path, ends_with(path, "/") ? "" : "/", de->d_name);
        n++;
    }
    qsort(names, n, sizeof *names, cmp_str);
    for (size_t i = 0; i < n && !st; i++) st = walk(r, names[i], fmt, depth + 1, err);
    goto done;
nomem:
    st = eg__error(err, EG_ENOMEM, path, 0, 0, "out of memory");
done:
    for (size_t i = 0; i < n; i++) free(names[i]);
    free(names);
    closedir(dir);
    return st;
}

eg_status eg_reader_new(eg_reader **out, const char *const *inputs, size_t n, eg_input_format fmt,
                        eg_error *err)
{
    eg_status st = EG_OK;
    eg_reader *r = calloc(1, sizeof *r);
    if (!r) return eg__error(err, EG_ENOMEM, NULL, 0, 0, "out of memory");
    for (size_t i = 0; i < n && !st; i++) {
        if (!strcmp(inputs[i], "-")) {
            st = add_input(r, "-", fmt);
            if (st) eg__error(err, st, NULL, 0, 0, "out of memory");
        } else {
            st = walk(r, inputs[i], fmt, 0, err);
        }
    }
    if (st) {
        eg_reader_free(r);
        return st;
    }
    *out = r;
    return EG_OK;
}

void eg_reader_free(eg_reader *r)
{
    if (!r) return;
    for (size_t i = 0; i < r->n; i++) free(r->in[i].path);
    free(r->in);
    if (r->fp && r->fp != stdin) fclose(r->fp);
    free(r->id);
    free(r->text);
    free(r->linebuf);
    free(r);
}

size_t eg_reader_files(const eg_reader *r) { return r->n; }
uint64_t eg_reader_total_bytes(const eg_reader *r) { return r->total; }

static eg_status read_all(FILE *fp, const char *path, char **out, size_t *len, eg_error *err)
{
    size_t cap = 1 << 16, n = 0;
    char *buf = malloc(cap);
    if (!buf) return eg__error(err, EG_ENOMEM, path, 0, 0, "out of memory");
    for (;;) {
        if (cap - n < 2) {
            size_t ncap;
            char *p;
            if (eg__mul_overflow(cap, 2, &ncap) || !(p = realloc(buf, ncap))) {
                free(buf);
                return eg__error(err, EG_ENOMEM, path, 0, 0, "out of memory");
            }
            buf = p;
            cap = ncap;
        }
        size_t got = fread(buf + n, 1, cap - n - 1, fp);
        n += got;
        if (!got) break;
    }
    if (ferror(fp)) {
        free(buf);
        return eg__error(err, EG_EIO, path, 0, 0, "read error: %s", strerror(errno));
    }
    buf[n] = 0;
    *out = buf;
    *len = n;
    return EG_OK;
}

/* Reads one line (without the newline) into r->linebuf; 0 at EOF. */
static int read_line(eg_reader *r, size_t *len)
{
    size_t n = 0;
    int c;
    while ((c = getc(r->fp)) != EOF) {
        if (n + 2 > r->linecap) {
            size_t cap = r->linecap ? r->linecap * 2 : 4096;
            char *p = realloc(r->linebuf, cap);
            if (!p) return -1;
            r->linebuf = p;
            r->linecap = cap;
        }
        if (c == '\n') break;
        r->linebuf[n++] = (char)c;
    }
    if (c == EOF && n == 0) return 0;
    if (!r->linebuf) {
        r->linebuf = malloc(1);
        if (!r->linebuf) return -1;
        r->linecap = 1;
    }
    if (n && r->linebuf[n - 1] == '\r') n--;
    r->linebuf[n] = 0;
    *len = n;
    return 1;
}

static eg_status parse_jsonl(eg_reader *r, const char *line, size_t len, eg_error *err)
{
    eg_status st = EG_OK;
    cJSON *j = cJSON_ParseWithLength(line, len);
    if (!j || !cJSON_IsObject(j)) {
        long col = 1;
        const char *where = cJSON_GetErrorPtr();
        if (j == NULL && where && where >= line && where <= line + len)
            col = (long)eg__utf8_count(line, (size_t)(where - line)) + 1;
        st = eg__error(err, EG_EPARSE, r->cur_path, r->line, col,
                       j ? "expected a JSON object" : "not valid JSON");
        goto done;
    }
    const cJSON *text = cJSON_GetObjectItemCaseSensitive(j, "text");
    const cJSON *id = cJSON_GetObjectItemCaseSensitive(j, "id");
    if (!cJSON_IsString(text)) {
        st = eg__error(err, EG_EPARSE, r->cur_path, r->line, 1, "missing string field \"text\"");
        goto done;
    }
    char idbuf[64];
    const char *ids = NULL;
    if (cJSON_IsString(id)) ids = id->valuestring;
    else if (cJSON_IsNumber(id)) {
        snprintf(idbuf, sizeof idbuf, "%.17g", id->valuedouble);
        ids = idbuf;
    } else {
        snprintf(idbuf, sizeof idbuf, ":%ld", r->line);
        ids = NULL;
    }
    free(r->id);
    free(r->text);
    if (ids) r->id = strdup(ids);
    else {
        size_t l = strlen(r->cur_path) + strlen(idbuf) + 1;
        r->id = malloc(l);
        if (r->id) snprintf(r->id, l, "%s%s", r->cur_path, idbuf);
    }
    r->text = strdup(text->valuestring);
    if (!r->id || !r->text) st = eg__error(err, EG_ENOMEM, r->cur_path, 0, 0, "out of memory");
done:
    cJSON_Delete(j);
    return st;
}

eg_status eg_reader_next(eg_reader *r, eg_doc *doc, eg_error *err)
{
    memset(doc, 0, sizeof *doc);
    for (;;) {
        if (r->fp) {
            size_t len;
            int got = read_line(r, &len);
            if (got < 0) return eg__error(err, EG_ENOMEM, r->cur_path, 0, 0, "out of memory");
            if (got == 0) {
                int bad = ferror(r->fp);
                if (r->fp != stdin) fclose(r->fp);
                r->fp = NULL;
                if (bad) return eg__error(err, EG_EIO, r->cur_path, 0, 0, "read error");
                continue;
            }
            r->line++;
            const char *p = r->linebuf;
            if (r->line == 1 && len >= 3 && !memcmp(p, "\xEF\xBB\xBF", 3)) p += 3, len -= 3;
            size_t k = 0;
            while (k < len && (p[k] == ' ' || p[k] == '\t')) k++;
            if (k == len) continue; /* blank line */
            eg_status st = parse_jsonl(r, p, len, err);
            if (st) return st;
            doc->id = r->id;
            doc->text = r->text;
            doc->len = strlen(r->text);
            doc->path = r->cur_path;
            doc->line = r->line;
            doc->is_jsonl = 1;
            return EG_OK;
        }
        if (r->next == r->n) return EG_OK;
        input *in = &r->in[r->next++];
        r->cur_path = !strcmp(in->path, "-") ? "<stdin>" : in->path;
        FILE *fp = !strcmp(in->path, "-") ? stdin : fopen(in->path, "rb");
        if (!fp) return eg__error(err, EG_EIO, in->path, 0, 0, "cannot open: %s", strerror(errno));
        if (in->jsonl) {
            r->fp = fp;
            r->line = 0;
            continue;
        }
        free(r->text);
        r->text = NULL;
        size_t len = 0;
        eg_status st = read_all(fp, r->cur_path, &r->text, &len, err);
        if (fp != stdin) fclose(fp);
        if (st) return st;
        free(r->id);
        r->id = strdup(r->cur_path);
        if (!r->id) return eg__error(err, EG_ENOMEM, NULL, 0, 0, "out of memory");
        doc->id = r->id;
        doc->text = r->text;
        doc->len = len;
        doc->path = r->cur_path;
        return EG_OK;
    }
}

eg_status eg_json_append_string(char **buf, size_t *used, size_t *cap, const char *s, size_t len)
{
    size_t need;
    /* worst case: every byte becomes \u00XX (6) or U+FFFD (3) */
    if (eg__mul_overflow(len, 6, &need) || eg__add_overflow(need, *used + 3, &need))
        return EG_ENOMEM;
    if (need > *cap) {
        size_t ncap = *cap ? *cap : 256;
        while (ncap < need) ncap *= 2;
        char *p = realloc(*buf, ncap);
        if (!p) return EG_ENOMEM;
        *buf = p;
        *cap = ncap;
    }
    char *o = *buf + *used;
    *o++ = '"';
    for (size_t i = 0; i < len;) {
        size_t at = i;
        int bad = 0;
        uint32_t c = eg__utf8_decode(s, len, &i, &bad);
        if (c == '"' || c == '\\') {
            *o++ = '\\';
            *o++ = (char)c;
        } else if (c < 0x20 || c == 0x7F) {
            static const char hex[] = "0123456789abcdef";
            switch (c) {
            case '\n': *o++ = '\\'; *o++ = 'n'; break;
            case '\r': *o++ = '\\'; *o++ = 'r'; break;
            case '\t': *o++ = '\\'; *o++ = 't'; break;
            default:
                memcpy(o, "\\u00", 4);
                o += 4;
                *o++ = hex[c >> 4];
                *o++ = hex[c & 15];
            }
        } else if (bad) {
            o += eg__utf8_put(0xFFFD, o);
        } else {
            memcpy(o, s + at, i - at);
            o += i - at;
        }
    }
    *o++ = '"';
    *used = (size_t)(o - *buf);
    return EG_OK;
}
