/* The reader on a file (plain text cut into small parts, or JSONL) and
 * the extractor on every document it gives. Byte 0: bit 0 JSONL, bits 1-2
 * the encoding (auto, UTF-8, GB18030, UTF-16), bit 3 reflow, bit 4 rules,
 * bit 5 Traditional→Simplified; byte 1 the chunk size in units of 16
 * bytes. */
#include "fuzz.h"

#include "entgraph/extract.h"
#include "entgraph/reader.h"

static const char dict_tsv[] =
    "id\tname\ttype\taliases\tparent\n"
    "loc:zj\t浙江省\tLOC\t浙江\t\n"
    "loc:jx\t嘉兴市\tLOC\t嘉兴\tloc:zj\n"
    "loc:hy\t海盐县\tLOC\t海盐\tloc:jx\n"
    "loc:sq1\t双桥村\tLOC\t\tloc:hy\n"
    "loc:sq2\t双桥村\tLOC\t\tloc:jx\n"
    "org:icbc\t中国工商银行\tORG\t工行\t\n"
    "org:icbc-jx\t中国工商银行嘉兴分行\tORG\t工行嘉兴分行\torg:icbc\n"
    "loc:us\t美国\tLOC\t\t\n"
    "abbr:us\t美\tABBR\t\tloc:us\n"
    "per:wm\t王明\tPER\t\t\n";

static eg_dict *dict;
static eg_extractor *xs[8];

static eg_extractor *extractor(unsigned flags)
{
    unsigned k = (flags >> 3) & 7;
    if (!dict) {
        FUZZ_CHECK(eg_dict_new(&dict) == EG_OK);
        FUZZ_CHECK(eg_dict_load_buffer(dict, "fuzz.tsv", dict_tsv, sizeof dict_tsv - 1, NULL) ==
                   EG_OK);
    }
    if (!xs[k]) {
        eg_extract_options o = eg_extract_defaults();
        o.reflow = (k & 1) != 0;
        o.rules = (k & 2) != 0;
        o.convert = (k & 4) ? EG_CONVERT_T2S : EG_CONVERT_NONE;
        FUZZ_CHECK(eg_extractor_new(&xs[k], dict, &o, NULL) == EG_OK);
    }
    return xs[k];
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const enc[4] = {"auto", "utf-8", "gb18030", "utf-16"};
    if (size < 2) return 0;
    unsigned flags = data[0];
    const char *path = fuzz_file((flags & 1) ? "in.jsonl" : "in.txt", data + 2, size - 2);
    if (!path) return 0;
    eg_reader_options opt = eg_reader_defaults();
    opt.encoding = enc[(flags >> 1) & 3];
    opt.chunk_bytes = 16 * ((size_t)data[1] + 1);
    eg_extractor *x = extractor(flags);
    eg_reader *r = NULL;
    eg_error err;
    memset(&err, 0, sizeof err);
    if (eg_reader_new(&r, &path, 1, &opt, &err) != EG_OK) return 0;
    eg_doc_mentions dm;
    memset(&dm, 0, sizeof dm);
    uint64_t offset = 0;
    size_t docs = 0;
    for (;;) {
        eg_doc doc;
        memset(&doc, 0, sizeof doc);
        eg_status st = eg_reader_next(r, &doc, &err);
        if (st) {
            FUZZ_CHECK(st == EG_EPARSE || st == EG_ENOMEM || st == EG_EIO || st == EG_EDEP);
            FUZZ_CHECK(err.message[0]);
            break;
        }
        if (!doc.text) break;
        docs++;
        FUZZ_CHECK(doc.id && doc.text[doc.len] == 0);
        FUZZ_CHECK(fuzz_utf8_ok(doc.text, doc.len));
        if (doc.part) {
            /* Parts are numbered from 1 and their offsets add up. */
            FUZZ_CHECK(doc.part == docs && doc.offset == offset);
        }
        if (eg_extractor_run(x, doc.text, doc.len, &dm, &err) == EG_OK) {
            for (size_t i = 0; i < dm.n; i++) {
                const eg_mention *m = &dm.v[i];
                FUZZ_CHECK(m->start < m->end && m->end <= dm.n_codepoints);
                FUZZ_CHECK(m->byte_start < m->byte_end && m->byte_end <= doc.len);
                FUZZ_CHECK(m->entity < eg_extractor_entity_count(x));
                FUZZ_CHECK(i == 0 || dm.v[i - 1].end <= m->start);
                FUZZ_CHECK(m->sentence < dm.n_sentences && m->paragraph < dm.n_paragraphs);
            }
            for (size_t s = 0; s < dm.n_sentences; s++) {
                const eg_sentence *se = &dm.sentences[s];
                FUZZ_CHECK(se->byte_start <= se->byte_end && se->byte_end <= doc.len);
                FUZZ_CHECK(se->start <= se->end && se->end <= dm.n_codepoints);
            }
            offset += dm.n_codepoints;
        }
    }
    eg_file_report rep;
    while (eg_reader_report(r, &rep)) FUZZ_CHECK(rep.path && rep.encoding);
    eg_doc_mentions_destroy(&dm);
    eg_reader_free(r);
    return 0;
}
