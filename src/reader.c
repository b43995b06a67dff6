/* The reader: paths → documents, decoded and cut to size as they stream in.
 * JSONL lines are parsed by json.c; bytes are decoded by decode.c. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>


#include "buf.h"
#include "decode.h"
#include "entgraph/reader.h"
#include "entgraph/text.h"
#include "internal.h"
#include "json.h"
#include "util.h"

enum { BLOCK_BYTES = 64 * 1024 };

typedef struct input {
    char *path; /* "-" for stdin */
    eg_input_format kind; /* EG_INPUT_TEXT, _JSONL or _JSON */
    /* what eg_reader_report() tells about it */
    char encoding[64];
    const char *how;
    int confidence;
    uint64_t bytes;
    size_t documents;
    size_t invalid;
    uint64_t first_invalid;
    uint64_t chars;
    size_t bad_dates;
    long bad_date_line, bad_date_element;
    char bad_date[48];
} input;

typedef struct report {
    size_t input;
    int finished;
} report;

/* Makes documents of JSON objects: the member names of the fields, and
 * the buffers of what a document's strings may need besides the object. */
typedef struct doc_maker {
    char *const *names; /* EG_FIELD_COUNT member names */
    eg_date_format date_format;
    char numbuf[EG_FIELD_COUNT][40];
    char date[11];
    char *id; /* an id made up for an object without one */
} doc_maker;

struct eg_reader {
    input *in;
    size_t n, cap;
    uint64_t total, bytes_read;
    size_t next; /* next input to open */
    size_t done, undecodable; /* inputs read to the end, and how many were mostly U+FFFD */
    /* inputs that cannot be read (eg_reader_options) */
    int skip_bad;
    void (*on_bad)(void *user, const eg_error *problem);
    void *on_bad_user;
    size_t n_bad;      /* found by eg_reader_new or when opening */
    eg_error first_bad;
    char *encoding; /* NULL: detect */
    char *fields[EG_FIELD_COUNT];
    size_t chunk, hard; /* part sizes: soft (a paragraph end after it), hard */
    /* the open input */
    input *cur;
    const char *cur_path;
    FILE *fp;
    int eof;
    eg__decoder *dec;
    char *block;
    eg__bytes text; /* decoded, not yet handed out */
    long line;      /* JSONL: lines read */
    size_t part;    /* text: parts handed out */
    uint64_t part_offset;
    int scanning;   /* text: looking for a part end from scan on */
    size_t scan;
    int prev_ends;
    /* the current document */
    eg__json *json;
    char *id;
    char *doc_text;
    size_t doc_cap;
    doc_maker maker; /* JSONL lines */
    eg_json_file *jfile; /* the open .json input, once parsed */
    size_t jnext;
    /* reports not handed out yet */
    report *reports;
    size_t n_reports, cap_reports, head_report;
};

static const char *const field_names[EG_FIELD_COUNT] = {"id", "text", "title", "date", "source"};

const char *eg_doc_field_name(eg_doc_field f)
{
    return (unsigned)f < EG_FIELD_COUNT ? field_names[f] : NULL;
}

eg_reader_options eg_reader_defaults(void)
{
    eg_reader_options o;
    memset(&o, 0, sizeof o);
    o.format = EG_INPUT_AUTO;
    o.chunk_bytes = EG_READER_CHUNK_BYTES;
    return o;
}

int eg_reader_encoding_known(const char *name)
{
    return !strcmp(name, "auto") || eg__encoding_known(name);
}

static eg_status add_input(eg_reader *r, const char *path, eg_input_format fmt)
{
    if (eg__grow_array((void **)&r->in, &r->cap, r->n + 1, sizeof *r->in, 16)) return EG_ENOMEM;
    char *copy = strdup(path);
    if (!copy) return EG_ENOMEM;
    memset(&r->in[r->n], 0, sizeof r->in[r->n]);
    r->in[r->n].path = copy;
    r->in[r->n].confidence = -1;
    if (fmt == EG_INPUT_AUTO)
        fmt = eg__ends_with(path, ".jsonl") ? EG_INPUT_JSONL
              : eg__ends_with(path, ".json") ? EG_INPUT_JSON : EG_INPUT_TEXT;
    r->in[r->n].kind = fmt;
    r->n++;
    return EG_OK;
}

/* An input that cannot be read: handed to the caller's sink and counted;
 * the walk goes on, so that all of them are known at once. */
static void bad_input(eg_reader *r, const char *path, const char *what, int e)
{
    eg_error problem = {0};
    eg__error(&problem, EG_EIO, path, 0, 0, "%s: %s", what, strerror(e));
    if (!r->n_bad++) r->first_bad = problem;
    if (r->on_bad) r->on_bad(r->on_bad_user, &problem);
}

static eg_status walk(eg_reader *r, const char *path, eg_input_format fmt, int depth, eg_error *err)
{
    struct stat sb;
    if (stat(path, &sb)) {
        bad_input(r, path, "cannot open", errno);
        return EG_OK;
    }
    if (!S_ISDIR(sb.st_mode)) {
        FILE *fp = fopen(path, "rb"); /* readable now, not an hour into the run */
        if (!fp) {
            bad_input(r, path, "cannot open", errno);
            return EG_OK;
        }
        fclose(fp);
        eg_status st = add_input(r, path, fmt);
        if (!st) r->total += (uint64_t)sb.st_size;
        return st ? eg__error(err, st, path, 0, 0, "out of memory") : EG_OK;
    }
    if (depth > 64) return eg__error(err, EG_ELIMIT, path, 0, 0, "folders nested too deeply");
    char **names = NULL;
    size_t n = 0;
    if (eg__list_dir(path, &names, &n)) {
        if (errno == ENOMEM) return eg__error(err, EG_ENOMEM, path, 0, 0, "out of memory");
        bad_input(r, path, "cannot open folder", errno);
        return EG_OK;
    }
    eg_status st = EG_OK;
    for (size_t i = 0; i < n && !st; i++) st = walk(r, names[i], fmt, depth + 1, err);
    eg__free_names(names, n);
    return st;
}

eg_status eg_reader_new(eg_reader **out, const char *const *inputs, size_t n,
                        const eg_reader_options *opt, eg_error *err)
{
    eg_status st = EG_OK;
    eg_reader_options o = opt ? *opt : eg_reader_defaults();
    eg_reader *r = calloc(1, sizeof *r);
    if (!r) return eg__error(err, EG_ENOMEM, NULL, 0, 0, "out of memory");
    r->chunk = o.chunk_bytes ? o.chunk_bytes : EG_READER_CHUNK_BYTES;
    if (eg__mul_overflow(r->chunk, 4, &r->hard)) r->hard = (size_t)-1;
    r->skip_bad = o.skip_bad_inputs;
    r->on_bad = o.on_bad_input;
    r->on_bad_user = o.on_bad_input_user;
    if (o.encoding && strcmp(o.encoding, "auto")) {
        if (!eg__encoding_known(o.encoding)) {
            st = eg__error(err, EG_EINVAL, NULL, 0, 0, "unknown encoding '%s'", o.encoding);
            goto fail;
        }
        if (!(r->encoding = strdup(o.encoding))) goto nomem;
    }
    for (int f = 0; f < EG_FIELD_COUNT; f++)
        if (!(r->fields[f] = strdup(o.fields[f] && *o.fields[f] ? o.fields[f] : field_names[f])))
            goto nomem;
    r->maker.names = r->fields;
    r->maker.date_format = o.date_format;
    if (!(r->block = malloc(BLOCK_BYTES))) goto nomem;
    for (size_t i = 0; i < n && !st; i++) {
        if (!strcmp(inputs[i], "-")) {
            st = add_input(r, "-", o.format);
            if (st) eg__error(err, st, NULL, 0, 0, "out of memory");
        } else {
            st = walk(r, inputs[i], o.format, 0, err);
        }
    }
    if (st) goto fail;
    if (r->n_bad && !r->skip_bad) {
        st = EG_EIO;
        if (err) *err = r->first_bad;
        goto fail;
    }
    *out = r;
    return EG_OK;
nomem:
    st = eg__error(err, EG_ENOMEM, NULL, 0, 0, "out of memory");
fail:
    eg_reader_free(r);
    return st;
}

static void close_input(eg_reader *r)
{
    if (r->fp && r->fp != stdin) fclose(r->fp);
    r->fp = NULL;
    eg__decoder_free(r->dec);
    r->dec = NULL;
    eg_json_file_free(r->jfile);
    r->jfile = NULL;
    r->text.start = r->text.len = 0;
    r->cur = NULL;
}

void eg_reader_free(eg_reader *r)
{
    if (!r) return;
    close_input(r);
    for (size_t i = 0; i < r->n; i++) free(r->in[i].path);
    free(r->in);
    free(r->encoding);
    for (int f = 0; f < EG_FIELD_COUNT; f++) free(r->fields[f]);
    free(r->block);
    eg__bytes_free(&r->text);
    eg__json_free(r->json);
    free(r->id);
    free(r->maker.id);
    free(r->doc_text);
    free(r->reports);
    free(r);
}

size_t eg_reader_files(const eg_reader *r) { return r->n; }
uint64_t eg_reader_total_bytes(const eg_reader *r) { return r->total; }
uint64_t eg_reader_bytes_read(const eg_reader *r) { return r->bytes_read; }
size_t eg_reader_files_done(const eg_reader *r) { return r->done; }
size_t eg_reader_files_undecodable(const eg_reader *r) { return r->undecodable; }
size_t eg_reader_skipped(const eg_reader *r) { return r->skip_bad ? r->n_bad : 0; }

static int undecodable(const input *in)
{
    return (uint64_t)in->invalid * 100 > in->chars * EG_READER_BAD_PERCENT;
}

static int push_report(eg_reader *r, int finished)
{
    if (eg__grow_array((void **)&r->reports, &r->cap_reports, r->n_reports + 1, sizeof *r->reports, 8))
        return -1;
    r->reports[r->n_reports].input = (size_t)(r->cur - r->in);
    r->reports[r->n_reports].finished = finished;
    r->n_reports++;
    return 0;
}

int eg_reader_report(eg_reader *r, eg_file_report *rep)
{
    if (r->head_report == r->n_reports) {
        r->head_report = r->n_reports = 0;
        return 0;
    }
    const report *q = &r->reports[r->head_report++];
    const input *in = &r->in[q->input];
    rep->path = !strcmp(in->path, "-") ? "<stdin>" : in->path;
    rep->encoding = in->encoding;
    rep->how = in->how;
    rep->confidence = in->confidence;
    rep->finished = q->finished;
    rep->bytes = in->bytes;
    rep->documents = in->documents;
    rep->invalid = in->invalid;
    rep->first_invalid = in->first_invalid;
    rep->chars = in->chars;
    rep->bad_dates = in->bad_dates;
    rep->first_bad_date_line = in->bad_date_line;
    rep->first_bad_date_element = in->bad_date_element;
    rep->first_bad_date = in->bad_dates ? in->bad_date : NULL;
    rep->undecodable = q->finished && undecodable(in);
    return 1;
}

/* Reads and decodes the next block of the open input. */
static eg_status read_block(eg_reader *r, eg_error *err)
{
    size_t got = fread(r->block, 1, BLOCK_BYTES, r->fp);
    if (got < BLOCK_BYTES) {
        if (ferror(r->fp))
            return eg__error(err, EG_EIO, r->cur_path, 0, 0, "read error: %s", strerror(errno));
        r->eof = 1;
    }
    r->bytes_read += got;
    r->cur->bytes += got;
    if (!r->dec) { /* the first block: choose the encoding */
        eg__detection det;
        if (r->encoding) {
            snprintf(det.name, sizeof det.name, "%s", r->encoding);
            det.how = "given";
            det.confidence = -1;
        } else {
            eg__detect(r->block, got, r->eof, &det);
        }
        eg_status st = eg__decoder_new(&r->dec, det.name, err);
        if (st) return st;
        snprintf(r->cur->encoding, sizeof r->cur->encoding, "%s", eg__decoder_name(r->dec));
        r->cur->how = det.how;
        r->cur->confidence = det.confidence;
        if (push_report(r, 0)) return eg__error(err, EG_ENOMEM, NULL, 0, 0, "out of memory");
    }
    eg_status st = eg__decoder_run(r->dec, r->block, got, r->eof, &r->text);
    if (st) return eg__error(err, st, r->cur_path, 0, 0, "cannot decode %s: %s",
                             eg__decoder_name(r->dec), eg_status_message(st));
    return EG_OK;
}

static eg_status open_input(eg_reader *r, int *skipped, eg_error *err)
{
    input *in = &r->in[r->next++];
    int is_stdin = !strcmp(in->path, "-");
    r->cur_path = is_stdin ? "<stdin>" : in->path;
    r->fp = is_stdin ? stdin : fopen(in->path, "rb");
    if (!r->fp) {
        if (!r->skip_bad) return eg__error(err, EG_EIO, in->path, 0, 0, "cannot open: %s", strerror(errno));
        bad_input(r, in->path, "cannot open", errno);
        *skipped = 1;
        return EG_OK;
    }
    r->cur = in;
    r->eof = 0;
    r->line = 0;
    r->part = 0;
    r->part_offset = 0;
    r->scanning = 0;
    r->scan = 0;
    r->text.start = r->text.len = 0;
    return read_block(r, err);
}

static eg_status finish_input(eg_reader *r, eg_error *err)
{
    r->cur->invalid = eg__decoder_invalid(r->dec);
    r->cur->first_invalid = eg__decoder_first_invalid(r->dec);
    r->cur->chars = eg__decoder_chars(r->dec);
    r->done++;
    r->undecodable += undecodable(r->cur);
    if (push_report(r, 1)) return eg__error(err, EG_ENOMEM, NULL, 0, 0, "out of memory");
    close_input(r);
    return EG_OK;
}

/* Whether s[0..len) holds only white space (line breaks included). */
static int all_space(const char *s, size_t len)
{
    for (size_t i = 0; i < len;) {
        uint32_t c = eg__utf8_decode(s, len, &i, NULL);
        if (c != '\r' && c != '\n' && !eg_text_is_space(c)) return 0;
    }
    return 1;
}

/* The decoded text not handed out yet, text.len - text.start bytes. Before
 * the first block has decoded to anything the buffer is NULL, and NULL +
 * 0 is undefined behaviour: an empty string stands in for it. */
static const char *live_text(const eg_reader *r)
{
    return r->text.p ? r->text.p + r->text.start : "";
}

/* ---- plain text: whole files, or parts of large ones ------------------- */

/* The first part end past the chunk size in the live text: just after a
 * blank line that follows a line ending a paragraph. 0 when there is none
 * yet; remembers how far it looked. */
static size_t find_part_end(eg_reader *r)
{
    const char *s = live_text(r);
    size_t live = r->text.len - r->text.start;
    if (!r->scanning) {
        if (live < r->chunk) return 0;
        size_t k = r->chunk;
        while (k > 0 && s[k - 1] != '\n') k--;
        r->scan = k;
        r->prev_ends = 0;
        r->scanning = 1;
    }
    while (r->scan < live) {
        const char *nl = memchr(s + r->scan, '\n', live - r->scan);
        if (!nl) return 0;
        size_t b = r->scan, e = (size_t)(nl - s);
        r->scan = e + 1;
        if (all_space(s + b, e - b)) {
            if (r->prev_ends) return r->scan;
        } else {
            r->prev_ends = eg_text_line_ends_paragraph(s + b, e - b);
        }
    }
    return 0;
}

/* A part with no paragraph end in 4 chunk sizes: cut after the last line
 * break, else between two characters. */
static size_t forced_part_end(const eg_reader *r)
{
    const char *s = live_text(r);
    size_t live = r->text.len - r->text.start, k = r->hard;
    while (k > 0 && s[k - 1] != '\n') k--;
    if (k) return k;
    /* the decoded text holds whole characters only: its end is a boundary */
    k = r->hard;
    while (k > 0 && k < live && eg__utf8_is_cont((unsigned char)s[k])) k--;
    return k ? k : r->hard;
}

static eg_status emit_text(eg_reader *r, eg_doc *doc, size_t len, size_t split, eg_error *err)
{
    const char *s = live_text(r);
    if (len + 1 > r->doc_cap) {
        char *p = realloc(r->doc_text, len + 1);
        if (!p) return eg__error(err, EG_ENOMEM, r->cur_path, 0, 0, "out of memory");
        r->doc_text = p;
        r->doc_cap = len + 1;
    }
    if (len) memcpy(r->doc_text, s, len);
    r->doc_text[len] = 0;
    r->text.start += len;
    free(r->id);
    r->id = NULL;
    if (split) {
        size_t l = strlen(r->cur_path) + 24;
        if ((r->id = malloc(l))) snprintf(r->id, l, "%s#%zu", r->cur_path, split);
    } else {
        r->id = strdup(r->cur_path);
    }
    if (!r->id) return eg__error(err, EG_ENOMEM, r->cur_path, 0, 0, "out of memory");
    doc->id = r->id;
    doc->text = r->doc_text;
    doc->len = len;
    doc->path = r->cur_path;
    doc->part = split;
    doc->offset = r->part_offset;
    doc->blank = all_space(r->doc_text, len);
    if (split) r->part_offset += eg__utf8_count(r->doc_text, len);
    r->scanning = 0;
    r->cur->documents++;
    return EG_OK;
}

static eg_status next_text(eg_reader *r, eg_doc *doc, int *got, eg_error *err)
{
    for (;;) {
        size_t live = r->text.len - r->text.start;
        size_t cut = find_part_end(r);
        if (!cut && live >= r->hard) cut = forced_part_end(r);
        if (cut && (cut < live || !r->eof)) {
            *got = 1;
            return emit_text(r, doc, cut, ++r->part, err);
        }
        if (r->eof) {
            eg_status st = EG_OK;
            /* the end of a split file that is only blank lines is no part */
            if (!r->part || !all_space(live_text(r), live)) {
                *got = 1;
                st = emit_text(r, doc, live, r->part ? ++r->part : 0, err);
            }
            return st ? st : finish_input(r, err);
        }
        eg_status st = read_block(r, err);
        if (st) return st;
    }
}

/* ---- JSON objects -------------------------------------------------------- */

/* The member name of obj, else the path of dot-separated names. */
static const eg__json *get_field(const eg__json *obj, const char *name)
{
    const eg__json *v = eg__json_get(obj, name);
    if (v || !strchr(name, '.')) return v;
    char seg[256];
    for (const char *p = name; obj;) {
        const char *dot = strchr(p, '.');
        size_t l = dot ? (size_t)(dot - p) : strlen(p);
        if (l >= sizeof seg || !eg__json_is_object(obj)) return NULL;
        memcpy(seg, p, l);
        seg[l] = 0;
        obj = eg__json_get(obj, seg);
        if (!dot) return obj;
        p = dot + 1;
    }
    return NULL;
}

/* A string field as a string, a number as written (shortest form); else
 * NULL. */
static char *field_string(doc_maker *m, const eg__json *j, eg_doc_field f)
{
    const eg__json *v = get_field(j, m->names[f]);
    if (eg__json_is_string(v)) return eg__json_str(v);
    if (!eg__json_is_number(v)) return NULL;
    double d = eg__json_number(v);
    /* the range first: converting a double beyond long long (1e300, or
     * the infinity 1e999 parses to) is undefined behaviour */
    if (d > -1e15 && d < 1e15 && d == (double)(long long)d)
        snprintf(m->numbuf[f], sizeof m->numbuf[f], "%lld", (long long)d);
    else
        snprintf(m->numbuf[f], sizeof m->numbuf[f], "%.17g", d);
    return m->numbuf[f];
}

/* The document of object j (borrowed: doc points into j and m). Without an
 * id field its id is path:line for a JSONL line (line > 0), path#element
 * for an element of an array (element > 0), else path. where names the
 * object in messages ("" or "element 3 of the array: "). */
static eg_status doc_from_object(doc_maker *m, const eg__json *j, const char *path, long line,
                                 size_t element, const char *where, eg_doc *doc, eg_error *err)
{
    if (!eg__json_is_object(j))
        return eg__error(err, EG_EPARSE, path, line, line ? 1 : 0, "%sexpected a JSON object", where);
    char *text = eg__json_str(get_field(j, m->names[EG_FIELD_TEXT]));
    if (!text)
        return eg__error(err, EG_EPARSE, path, line, line ? 1 : 0, "%smissing string field \"%s\"",
                         where, m->names[EG_FIELD_TEXT]);
    free(m->id);
    m->id = NULL;
    char *id = field_string(m, j, EG_FIELD_ID);
    if (!id) {
        size_t l = strlen(path) + 24;
        if (!(m->id = malloc(l))) return eg__error(err, EG_ENOMEM, NULL, 0, 0, "out of memory");
        if (line) snprintf(m->id, l, "%s:%ld", path, line);
        else if (element) snprintf(m->id, l, "%s#%zu", path, element);
        else snprintf(m->id, l, "%s", path);
        id = m->id;
    }
    doc->id = id;
    doc->text = text;
    doc->len = strlen(text);
    doc->blank = all_space(doc->text, doc->len);
    doc->path = path;
    doc->line = line;
    doc->is_jsonl = 1;
    doc->title = field_string(m, j, EG_FIELD_TITLE);
    const char *date = field_string(m, j, EG_FIELD_DATE);
    if (date && !eg_date_parse(date, strlen(date), m->date_format, m->date)) doc->date = m->date;
    else if (date && *date) doc->bad_date = date;
    doc->source = field_string(m, j, EG_FIELD_SOURCE);
    return EG_OK;
}

/* Counts a document of the open input, and its date when it is none. */
static void count_doc(eg_reader *r, const eg_doc *doc, long element)
{
    input *in = r->cur;
    in->documents++;
    if (!doc->bad_date) return;
    if (!in->bad_dates++) {
        in->bad_date_line = doc->line;
        in->bad_date_element = element;
        snprintf(in->bad_date, sizeof in->bad_date, "%s", doc->bad_date);
    }
}

/* Whether a JSONL line that did not parse as an object is the start of a
 * JSON document spread over lines, or a JSON array: JSON, not JSONL. */
static int looks_like_json(const char *line, size_t len)
{
    while (len && (*line == ' ' || *line == '\t')) line++, len--;
    while (len && (line[len - 1] == ' ' || line[len - 1] == '\t')) len--;
    return len && (*line == '[' || (len == 1 && *line == '{'));
}

static eg_status parse_jsonl(eg_reader *r, const char *line, size_t len, eg_doc *doc,
                             eg_error *err)
{
    size_t where = (size_t)-1;
    eg__json *j = eg__json_parse(line, len, &where);
    if (!j || !eg__json_is_object(j)) {
        long col = 1;
        if (j == NULL && where <= len) col = (long)eg__utf8_count(line, where) + 1;
        eg__json_free(j);
        if (looks_like_json(line, len))
            return eg__error(err, EG_EPARSE, r->cur_path, r->line, col,
                             "%s: this is JSON (an object over several lines, or an array), not "
                             "JSONL (one object per line); read it with --input-format json, or "
                             "name the file .json",
                             j ? "expected a JSON object" : "not valid JSON");
        return eg__error(err, EG_EPARSE, r->cur_path, r->line, col,
                         j ? "expected a JSON object" : "not valid JSON");
    }
    r->json = j;
    eg_status st = doc_from_object(&r->maker, j, r->cur_path, r->line, 0, "", doc, err);
    if (!st) count_doc(r, doc, 0);
    return st;
}

/* ---- whole .json files ------------------------------------------------- */

struct eg_json_file {
    eg__json *root;
    /* the element last asked for and its index: the reader asks for them
     * in order, and finding element i walks the array from its start */
    const eg__json *cur;
    size_t cur_i;
    size_t count; /* documents: counted once (eg__json_size walks too) */
    char *path;
    doc_maker maker;
    char *names[EG_FIELD_COUNT];
};

eg_status eg_json_file_parse(eg_json_file **out, const char *text, size_t len, const char *path,
                             const char *const *fields, eg_date_format date_format, eg_error *err)
{
    *out = NULL;
    if (!path) path = "<json>";
    eg_json_file *f = calloc(1, sizeof *f);
    if (!f || !(f->path = strdup(path))) goto nomem;
    for (int k = 0; k < EG_FIELD_COUNT; k++) {
        const char *name = fields && fields[k] && *fields[k] ? fields[k] : field_names[k];
        if (!(f->names[k] = strdup(name))) goto nomem;
    }
    f->maker.names = f->names;
    f->maker.date_format = date_format;
    if (len >= 3 && !memcmp(text, "\xEF\xBB\xBF", 3)) text += 3, len -= 3;
    size_t error_at = (size_t)-1;
    f->root = eg__json_parse(text, len, &error_at);
    if (!f->root) {
        /* the line and column of the error, from the bytes before it */
        long line = 1, col = 1;
        if (error_at <= len) {
            const char *bol = text, *where = text + error_at;
            for (const char *p = text; p < where; p++)
                if (*p == '\n') line++, bol = p + 1;
            col = (long)eg__utf8_count(bol, (size_t)(where - bol)) + 1;
        }
        eg_status st = eg__error(err, EG_EPARSE, path, line, col, "not valid JSON");
        eg_json_file_free(f);
        return st;
    }
    if (!eg__json_is_object(f->root) && !eg__json_is_array(f->root)) {
        eg_status st = eg__error(err, EG_EPARSE, path, 1, 1,
                                 "expected a JSON object or an array of objects");
        eg_json_file_free(f);
        return st;
    }
    f->count = eg__json_is_array(f->root) ? eg__json_size(f->root) : 1;
    *out = f;
    return EG_OK;
nomem:
    eg_json_file_free(f);
    return eg__error(err, EG_ENOMEM, NULL, 0, 0, "out of memory");
}

size_t eg_json_file_count(const eg_json_file *f)
{
    return f->count;
}

eg_status eg_json_file_doc(eg_json_file *f, size_t i, eg_doc *doc, eg_error *err)
{
    memset(doc, 0, sizeof *doc);
    if (!eg__json_is_array(f->root)) {
        if (i) return eg__error(err, EG_EINVAL, f->path, 0, 0, "no document %zu", i);
        return doc_from_object(&f->maker, f->root, f->path, 0, 0, "", doc, err);
    }
    const eg__json *e = f->cur && f->cur_i + 1 == i ? eg__json_next(f->cur)
                        : f->cur && f->cur_i == i ? f->cur
                                                  : NULL;
    if (!e && !(f->cur && f->cur_i + 1 == i)) {
        e = eg__json_child(f->root);
        for (size_t k = 0; e && k < i; k++) e = eg__json_next(e);
    }
    f->cur = e;
    f->cur_i = i;
    if (!e) return eg__error(err, EG_EINVAL, f->path, 0, 0, "no document %zu", i);
    char where[64];
    snprintf(where, sizeof where, "element %zu of the array: ", i + 1);
    return doc_from_object(&f->maker, e, f->path, 0, i + 1, where, doc, err);
}

void eg_json_file_free(eg_json_file *f)
{
    if (!f) return;
    eg__json_free(f->root);
    free(f->path);
    free(f->maker.id);
    for (int k = 0; k < EG_FIELD_COUNT; k++) free(f->names[k]);
    free(f);
}

/* A .json input: decoded whole (a JSON document has no place to cut),
 * parsed, then handed out an element at a time. */
static eg_status next_json(eg_reader *r, eg_doc *doc, int *got, eg_error *err)
{
    eg_status st;
    while (!r->eof)
        if ((st = read_block(r, err))) return st;
    if (!r->jfile) {
        const char *s = r->text.p ? r->text.p + r->text.start : "";
        size_t live = r->text.len - r->text.start;
        const char *fields[EG_FIELD_COUNT];
        for (int k = 0; k < EG_FIELD_COUNT; k++) fields[k] = r->fields[k];
        if ((st = eg_json_file_parse(&r->jfile, s, live, r->cur_path, fields, r->maker.date_format,
                                     err)))
            return st;
        r->jnext = 0;
    }
    if (r->jnext == eg_json_file_count(r->jfile)) {
        eg_json_file_free(r->jfile);
        r->jfile = NULL;
        return finish_input(r, err);
    }
    if ((st = eg_json_file_doc(r->jfile, r->jnext++, doc, err))) return st;
    count_doc(r, doc, eg__json_is_array(r->jfile->root) ? (long)r->jnext : 0);
    *got = 1;
    return EG_OK;
}

/* ---- JSONL lines -------------------------------------------------------- */

static eg_status next_jsonl(eg_reader *r, eg_doc *doc, int *got, eg_error *err)
{
    for (;;) {
        const char *s = live_text(r);
        size_t live = r->text.len - r->text.start, len, used;
        const char *nl = live > r->scan ? memchr(s + r->scan, '\n', live - r->scan) : NULL;
        if (nl) {
            len = (size_t)(nl - s);
            used = len + 1;
        } else if (!r->eof) {
            r->scan = live;
            eg_status st = read_block(r, err);
            if (st) return st;
            continue;
        } else if (live) {
            len = used = live; /* the last line has no newline */
        } else {
            return finish_input(r, err);
        }
        r->scan = 0;
        r->line++;
        if (len && s[len - 1] == '\r') len--;
        const char *p = s;
        if (r->line == 1 && len >= 3 && !memcmp(p, "\xEF\xBB\xBF", 3)) p += 3, len -= 3;
        if (all_space(p, len)) {
            r->text.start += used;
            continue;
        }
        eg_status st = parse_jsonl(r, p, len, doc, err);
        r->text.start += used;
        if (!st) *got = 1;
        return st;
    }
}

eg_status eg_reader_next(eg_reader *r, eg_doc *doc, eg_error *err)
{
    memset(doc, 0, sizeof *doc);
    eg__json_free(r->json);
    r->json = NULL;
    for (;;) {
        eg_status st;
        if (!r->cur) {
            if (r->next == r->n) return EG_OK;
            int skipped = 0;
            if ((st = open_input(r, &skipped, err))) return st;
            if (skipped) continue;
        }
        int got = 0;
        st = r->cur->kind == EG_INPUT_JSONL  ? next_jsonl(r, doc, &got, err)
             : r->cur->kind == EG_INPUT_JSON ? next_json(r, doc, &got, err)
                                             : next_text(r, doc, &got, err);
        if (st || got) return st;
    }
}
