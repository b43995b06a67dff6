/* Names that need context: the sense of a dictionary entry.
 *
 * A registry entry with the attribute sense=context has a name that other
 * things share: the surname-only short form of a foreign notable (贝利 is
 * Pelé, and also the governor of the Bank of England), a two-character
 * person name, a region name that is also a pair of country abbreviations
 * (中欧: Central Europe, or China–Europe in 中欧班列). Such an entry is
 * chosen in a document only when the document supports it:
 *   - it names the entity by a longer name or alias as well (艾伦·格林斯潘
 *     before 格林斯潘); a mention by such a longer form needs nothing else;
 *   - it mentions one of the entities of the entry's `context` attribute
 *     (ids separated by '|': a country, an organisation), or of its parent
 *     chain short of the root, or a place or body under one of them (里约
 *     热内卢 supports a context of 巴西);
 *   - for a person, the title of its `role` attribute stands right before
 *     or after the name (美联储主席格林斯潘, 李强总理: the last two
 *     characters of one of the role's parts).
 * Otherwise a person becomes a person of that document alone ("per:NAME@D",
 * source "ambiguous", rule "sense", the same document mark as the address
 * names), never the notable, except where a word after it makes it the
 * name of a thing named after it (济慈之家: a children's home), when it is
 * dropped; a place or organisation mention is dropped.
 *
 * The same pass gives an entry marked scope=document a node per document
 * (below). */
#include <stdlib.h>
#include <string.h>

#include "entgraph/dict.h"
#include "extract_impl.h"
#include "internal.h"
#include "util.h"

#define SENSE_ATTR "sense"
#define SENSE_CONTEXT "context"
#define CONTEXT_ATTR "context"
#define ROLE_ATTR "role"
#define SCOPE_ATTR "scope"
#define SCOPE_DOCUMENT "document"
/* characters of a role's title looked for beside the name */
#define TITLE_CHARS 2

static int needs_context(const eg_extractor *x, uint32_t e)
{
    const char *s = eg_dict_attr(x->dict, e, SENSE_ATTR);
    return s && !strcmp(s, SENSE_CONTEXT);
}

/* A dictionary mention that stands for one entity (not a shared name). */
static int plain_dict_span(const eg__span *s, size_t nd)
{
    return s->rule == EG_RULE_NONE && !(s->entity & GROUP_BIT) && s->entity < nd;
}

/* Does the document mention entity c, or a place or body under it, other
 * than through names that need context? Asked of the per-document index
 * (sense_index()) rather than by a pass over every span for each
 * question, which was quadratic on a long one-document input. */
static int mentioned(const eg_extractor *x, uint32_t c)
{
    return x->sense_at[c] == x->sense_stamp && x->sense_n[c] > 0;
}

/* Is the mention s of entity e by a form longer than its canonical name
 * (an alias that spells the name out)? */
static int by_longer_name(const eg_extractor *x, const eg__span *s, uint32_t e)
{
    const eg_entity *ent = eg_dict_entity(x->dict, e);
    return s->end - s->start > strlen(ent->name);
}

/* The byte offset TITLE_CHARS code points before b in t (or 0). */
static size_t chars_before(const char *t, size_t b, size_t n)
{
    while (n-- && b) {
        b--;
        while (b && eg__utf8_is_cont(t[b])) b--;
    }
    return b;
}

static size_t chars_after(const char *t, size_t len, size_t e, size_t n)
{
    while (n-- && e < len) {
        e++;
        while (e < len && eg__utf8_is_cont(t[e])) e++;
    }
    return e;
}

/* Does a title of the entity's role stand right before or after s? */
static int titled(const eg_extractor *x, const eg__span *s, uint32_t e)
{
    const char *role = eg_dict_attr(x->dict, e, ROLE_ATTR);
    if (!role || !*role) return 0;
    const char *t = x->nt.s;
    size_t b0 = chars_before(t, s->start, TITLE_CHARS), e1 = chars_after(t, x->nt.len, s->end, TITLE_CHARS);
    const char *before = t + b0, *after = t + s->end;
    size_t nb = s->start - b0, na = e1 - s->end;
    /* the role's parts: separated by 、，, ; / or spaces */
    for (const char *p = role; *p;) {
        size_t l = 0;
        while (p[l] && !strchr(",;/ ", p[l]) && strncmp(p + l, "、", 3) && strncmp(p + l, "，", 3)) l++;
        if (l) {
            size_t tb = chars_before(p, l, TITLE_CHARS), tl = l - tb;
            if (tl > TITLE_CHARS && eg__utf8_count(p + tb, tl) == TITLE_CHARS) {
                if ((nb == tl && !memcmp(before, p + tb, tl)) || (na == tl && !memcmp(after, p + tb, tl)))
                    return 1;
            }
        }
        p += l;
        if (*p) p += (unsigned char)*p < 0x80 ? 1 : 3;
    }
    return 0;
}

/* The per-document index behind supported(), per dictionary entity and
 * valid where sense_at is sense_stamp: sense_n, how many plain dictionary
 * mentions (not of names that need context) are of it or of a place or
 * body under it; sense_longer, how many mentions name it by a longer form.
 * span_account() adds (sign 1) or takes away (-1) one span's share, so
 * that the index follows the spans as this stage rewrites them. */
static void entity_touch(eg_extractor *x, uint32_t e)
{
    if (x->sense_at[e] != x->sense_stamp) {
        x->sense_at[e] = x->sense_stamp;
        x->sense_n[e] = x->sense_longer[e] = 0;
    }
}

static void span_account(eg_extractor *x, const eg__span *s, size_t nd, int sign)
{
    if (!plain_dict_span(s, nd)) return;
    uint32_t e = s->entity;
    if (by_longer_name(x, s, e)) {
        entity_touch(x, e);
        x->sense_longer[e] += (uint32_t)sign;
    }
    if (needs_context(x, e)) return;
    /* e itself, and its ancestors as eg__has_ancestor() walks them, each once */
    entity_touch(x, e);
    x->sense_n[e] += (uint32_t)sign;
    int32_t chain[32];
    int n = 0;
    for (int32_t p = x->parent[e]; p >= 0 && n < 32; p = x->parent[p]) {
        int again = (uint32_t)p == e; /* (a parent cycle, which a checked dictionary has not) */
        for (int j = 0; j < n && !again; j++) again = chain[j] == p;
        chain[n++] = p;
        if (again) continue;
        entity_touch(x, (uint32_t)p);
        x->sense_n[p] += (uint32_t)sign;
    }
}

/* Makes the index of the spans as they stand. EG_ENOMEM. */
static eg_status sense_index(eg_extractor *x, const eg__spans *sp, size_t nd)
{
    if (!x->sense_n) {
        x->sense_n = calloc(nd ? nd : 1, sizeof *x->sense_n);
        x->sense_longer = calloc(nd ? nd : 1, sizeof *x->sense_longer);
        x->sense_at = calloc(nd ? nd : 1, sizeof *x->sense_at);
        if (!x->sense_n || !x->sense_longer || !x->sense_at) return EG_ENOMEM; /* (freed with x) */
    }
    x->sense_stamp++;
    for (size_t q = 0; q < sp->n; q++) span_account(x, &sp->v[q], nd, 1);
    return EG_OK;
}

/* What supports a reading (for explaining): none, a longer name of it
 * in the document, its role's title beside it, an entity of its parent
 * chain, an entity of its context; and (no support) a thing named after
 * the name (济慈之家). */
enum { SUPPORT_NONE = 0, SUPPORT_LONGER, SUPPORT_TITLE, SUPPORT_PARENT, SUPPORT_CONTEXT, SUPPORT_NAMED_AFTER };

/* Does the document support the reading of s as entity e? SUPPORT_*; *by:
 * the parent or context entity that did (else UINT32_MAX). */
static int supported(const eg_extractor *x, const eg__spans *sp, size_t k, size_t nd, uint32_t *by)
{
    const eg__span *s = &sp->v[k];
    uint32_t e = s->entity;
    (void)nd;
    *by = UINT32_MAX;
    if (by_longer_name(x, s, e)) return SUPPORT_LONGER;
    /* another mention by a longer name (s itself is not one) */
    if (x->sense_at[e] == x->sense_stamp && x->sense_longer[e] > 0) return SUPPORT_LONGER;
    if (!strcmp(eg_dict_entity(x->dict, e)->type, "PER") && titled(x, s, e)) return SUPPORT_TITLE;
    /* its parent chain, short of the root (every place in China is under 中国) */
    for (int32_t p = x->parent[e], depth = 0; p >= 0 && x->parent[p] >= 0 && depth < 32; p = x->parent[p], depth++)
        if (mentioned(x, (uint32_t)p)) {
            *by = (uint32_t)p;
            return SUPPORT_PARENT;
        }
    const char *ctx = eg_dict_attr(x->dict, e, CONTEXT_ATTR), *c;
    size_t l;
    while (eg__list_next(&ctx, &c, &l)) {
        char id[256];
        if (l && l < sizeof id) {
            memcpy(id, c, l);
            id[l] = 0;
            long i = eg_dict_find_id(x->dict, id);
            if (i >= 0 && mentioned(x, (uint32_t)i)) {
                *by = (uint32_t)i;
                return SUPPORT_CONTEXT;
            }
        }
    }
    return SUPPORT_NONE;
}

/* Tells the explain callback what the sense stage made of s (its
 * dictionary entity still in s->entity). */
static void explain_sense(const eg_extractor *x, const eg__span *s, eg_explain_verdict v, int how, uint32_t by)
{
    static const char *const hows[] = {"no longer name, context, parent or title in its document",
                                       "a longer name of it", "its role's title beside a mention of it", "its parent",
                                       "its context",
                                       "no support, and a thing named after it here (之家, 之友 …)"};
    char why[320];
    const char *by_id = by != UINT32_MAX ? eg_dict_entity(x->dict, by)->id : NULL;
    snprintf(why, sizeof why, "%s%s%s", hows[how], by_id ? " " : "", by_id ? by_id : "");
    eg__explain(x, s, v, v == EG_EXPLAIN_DOCUMENT_SCOPED ? NULL : why);
}

/* An entry marked scope=document (a word that names a body by its kind:
 * 市委, 内阁, 组委会) is a node of each document on its own,
 * "ID@MARK", labelled with its name: which city's 市委 is meant is not
 * known from the word, and one node for all of them would join the bodies
 * of every place the corpus mentions. */
int eg__document_scoped(const eg_extractor *x, uint32_t e)
{
    const char *s = eg_dict_attr(x->dict, e, SCOPE_ATTR);
    return s && !strcmp(s, SCOPE_DOCUMENT);
}

static eg_status scope_to_document(eg_extractor *x, eg__span *s, const char *mark)
{
    const eg_entity *ent = eg_dict_entity(x->dict, s->entity);
    char id[300];
    if (strlen(ent->id) + 18 > sizeof id) return EG_OK; /* (ids are short; keep it as it is) */
    snprintf(id, sizeof id, "%s@%s", ent->id, mark);
    return eg__found_entity_id(x, id, ent->name, strlen(ent->name), ent->type, "generic", &s->entity);
}

eg_status eg__resolve_senses(eg_extractor *x, eg__spans *sp)
{
    size_t nd = eg_dict_count(x->dict);
    /* decided per entity for the whole document */
    uint32_t seen[32], seen_by[32];
    int verdict[32];
    size_t n_seen = 0;
    char scope[17] = "";
    int indexed = 0; /* the index is made when first asked, kept up to date after */
    for (size_t k = 0; k < sp->n; k++) {
        eg__span *s = &sp->v[k];
        if (!plain_dict_span(s, nd)) continue;
        if (eg__document_scoped(x, s->entity)) {
            if (!scope[0]) eg__doc_mark(x, sp, scope);
            if (x->explain) explain_sense(x, s, EG_EXPLAIN_DOCUMENT_SCOPED, 0, UINT32_MAX);
            if (indexed) span_account(x, s, nd, -1);
            eg_status st = scope_to_document(x, s, scope);
            if (indexed) span_account(x, s, nd, 1);
            if (st) return st;
            continue;
        }
        if (!needs_context(x, s->entity)) continue;
        int ok = -1;
        uint32_t by = UINT32_MAX;
        for (size_t q = 0; q < n_seen && ok < 0; q++)
            if (seen[q] == s->entity) {
                ok = verdict[q];
                by = seen_by[q];
            }
        if (ok < 0 || by_longer_name(x, s, s->entity)) {
            if (!indexed) {
                eg_status st = sense_index(x, sp, nd);
                if (st) return st;
                indexed = 1;
            }
            ok = supported(x, sp, k, nd, &by);
            if (n_seen < 32 && !by_longer_name(x, s, s->entity)) {
                seen[n_seen] = s->entity;
                seen_by[n_seen] = by;
                verdict[n_seen++] = ok;
            }
        }
        int person = !strcmp(eg_dict_entity(x->dict, s->entity)->type, "PER");
        /* an unsupported name that names a thing after it (济慈之家) is no
         * person there */
        int named_after = !ok && person && eg__named_after_tail(x->nt.s + s->end, x->nt.len - s->end);
        if (x->explain)
            explain_sense(x, s,
                          ok ? EG_EXPLAIN_SENSE_SUPPORTED
                             : person && !named_after ? EG_EXPLAIN_SENSE_PERSON : EG_EXPLAIN_SENSE_DROPPED,
                          named_after ? SUPPORT_NAMED_AFTER : ok, by);
        if (ok) continue;
        if (indexed) span_account(x, s, nd, -1);
        if (!person || named_after) {
            s->rule = EG_RULE_COUNT; /* dropped */
            continue;
        }
        if (!scope[0]) eg__doc_mark(x, sp, scope);
        uint32_t idx;
        eg_status st = eg__found_entity(x, "per", x->nt.s + s->start, s->end - s->start, scope, "PER",
                                        "ambiguous", &idx);
        if (st == EG_ELIMIT) {
            s->rule = EG_RULE_COUNT;
            continue;
        }
        if (st) return st;
        s->entity = idx;
        s->rule = EG_RULE_SENSE; /* not the dictionary's entry: says so in the output */
        if (indexed) span_account(x, s, nd, 1);
    }
    return EG_OK;
}

/* ---- short place names --------------------------------------------------
 *
 * A place the rules or the tagger found by a short name (秀洲) is the
 * dictionary's place of its document whose name is that name and a
 * division suffix (秀洲区), when the document names exactly one such
 * place: the same place, not a node of its own. The bundled dictionary
 * leaves such short forms out of its aliases where they are words or two
 * places share them (和平区, 长沙); within one document that names the
 * place in full they are not in doubt. */
static const char *const division_suffixes[] = {"省", "市", "县", "区", "镇", "乡", "村", "街道", "社区",
                                                "自治区", "自治州", "自治县", "地区", "盟", "旗", NULL};

/* The document's places by their stems (秀洲 → 秀洲区: the name less a
 * division suffix), each stem to its one place, or to SEVERAL when two
 * places of the document share it. Built once a document has a short
 * place to look up, so that the lookups cost no pass over every span. */
#define SEVERAL (UINT32_MAX - 1)

static eg_status place_stems(const eg_extractor *x, const eg__spans *sp, eg__strmap *stems, eg__arena *keys)
{
    size_t nd = eg_dict_count(x->dict);
    for (size_t q = 0; q < sp->n; q++) {
        const eg__span *d = &sp->v[q];
        if (!plain_dict_span(d, nd) || x->kind[d->entity] != EG__T_LOC) continue;
        const char *full = eg_dict_entity(x->dict, d->entity)->name;
        size_t fl = strlen(full);
        for (const char *const *w = division_suffixes; *w; w++) {
            size_t wl = strlen(*w);
            if (fl <= wl || memcmp(full + fl - wl, *w, wl)) continue;
            uint32_t prev;
            char *stem = eg__arena_strndup(keys, full, fl - wl);
            if (!stem) return EG_ENOMEM;
            uint32_t v = eg__strmap_get(stems, stem, &prev) && prev != d->entity ? SEVERAL : d->entity;
            if (eg__strmap_put(stems, stem, v)) return EG_ENOMEM;
        }
    }
    return EG_OK;
}

eg_status eg__link_short_places(eg_extractor *x, eg__spans *sp)
{
    size_t nd = eg_dict_count(x->dict);
    eg__strmap stems = {0};
    eg__arena keys = {0};
    int made = 0;
    eg_status st = EG_OK;
    for (size_t k = 0; k < sp->n && !st; k++) {
        eg__span *s = &sp->v[k];
        if (s->rule == EG_RULE_NONE || s->rule == EG_RULE_COUNT || s->rule == EG_RULE_ABBR || s->entity < nd ||
            (s->entity & GROUP_BIT))
            continue;
        const eg_entity *found = eg_extractor_entity(x, s->entity);
        if (!found || strcmp(found->type, "LOC")) continue;
        if (!made && (st = place_stems(x, sp, &stems, &keys))) break;
        made = 1;
        const char *name = eg__arena_strndup(&keys, x->nt.s + s->start, s->end - s->start);
        if (!name) {
            st = EG_ENOMEM;
            break;
        }
        uint32_t link;
        if (eg__strmap_get(&stems, name, &link) && link != SEVERAL) s->entity = link;
    }
    eg__strmap_free(&stems);
    eg__arena_free(&keys);
    return st;
}

/* ---- names found again --------------------------------------------------
 *
 * A rule or the tagger may find, as a name of its own, exactly a name or
 * alias the dictionary holds (中国 where the dictionary's match lost to an
 * overlapping candidate): it is the dictionary's entity, not a second node
 * with the same label. Not for shared names, entries that need context or
 * are nodes of one document, nor across types. */
typedef struct whole_match {
    size_t len;
    uint32_t value;
    int whole;
} whole_match;

static int on_whole(void *user, const eg_match *m)
{
    whole_match *w = user;
    w->whole = m->start == 0 && m->end == w->len;
    w->value = m->value;
    return 1; /* the first match decides */
}

eg_status eg__dict_whole(const eg_extractor *x, size_t start, size_t end, uint32_t *value)
{
    whole_match w = {end - start, 0, 0};
    *value = UINT32_MAX;
    eg_status st = eg_matcher_scan(x->matcher, x->nt.s + start, w.len, on_whole, &w);
    if (!st && w.whole) *value = w.value;
    return st;
}

/* The entity of span s when a rule or the tagger found it as a name of
 * its own (not a dictionary entry, an abbreviation or a group of
 * readings), and not one of its document only (its id has '@': a person
 * of one document stays one); else NULL. nd: the dictionary's count. */
static const eg_entity *found_name(const eg_extractor *x, const eg__span *s, size_t nd)
{
    if (s->rule == EG_RULE_NONE || s->rule == EG_RULE_COUNT || s->rule == EG_RULE_ABBR || s->entity < nd ||
        (s->entity & GROUP_BIT))
        return NULL;
    const eg_entity *found = eg_extractor_entity(x, s->entity);
    return found && !strchr(found->id, '@') ? found : NULL;
}

/* The character of s when s is one character long, else 0. */
static uint32_t one_char(const eg_extractor *x, const eg__span *s)
{
    size_t i = s->start;
    uint32_t c = eg__utf8_decode(x->nt.s, s->end, &i, NULL);
    return i == s->end ? c : 0;
}

/* The place abbreviation c stands for in the document of spans sp: of
 * its n entries t (eg__abbr_targets), the first whose place the document
 * names, itself or a place under it (新 is 新疆 in a story of 乌鲁木齐,
 * 新加坡 in one that names 新加坡: 中新两国); the first, its default, when
 * the document names none or only the default is known. *indexed: whether
 * sense_index() has been made for sp (made here when first needed). */
static eg_status abbr_reading(eg_extractor *x, const eg__spans *sp, const uint32_t *t, size_t n, int *indexed,
                              uint32_t *out)
{
    *out = t[0];
    if (n < 2) return EG_OK;
    if (!*indexed) {
        eg_status st = sense_index(x, sp, eg_dict_count(x->dict));
        if (st) return st;
        *indexed = 1;
    }
    for (size_t i = 0; i < n; i++)
        if (mentioned(x, t[i])) {
            *out = t[i];
            break;
        }
    return EG_OK;
}

eg_status eg__link_found_names(eg_extractor *x, eg__spans *sp)
{
    size_t nd = eg_dict_count(x->dict);
    int indexed = 0;
    for (size_t k = 0; k < sp->n; k++) {
        eg__span *s = &sp->v[k];
        const uint32_t *t;
        size_t nt;
        if (s->rule == EG_RULE_ABBR) {
            nt = eg__abbr_targets(x, one_char(x, s), &t);
            eg_status st = nt > 1 ? abbr_reading(x, sp, t, nt, &indexed, &s->entity) : EG_OK;
            if (st) return st;
            continue;
        }
        const eg_entity *found = found_name(x, s, nd);
        if (!found) continue;
        uint32_t v;
        eg_status st = eg__dict_whole(x, s->start, s->end, &v);
        if (st) return st;
        /* a one-character place of the tagger's (中, 新 of 中新关系 where
         * the rule did not read them): the abbreviation's place, as the
         * rule's would be, not a node named 中 */
        if (v == UINT32_MAX && s->rule == EG_RULE_MODEL_LOC &&
            (nt = eg__abbr_targets(x, one_char(x, s), &t)) > 0) {
            st = abbr_reading(x, sp, t, nt, &indexed, &s->entity);
            if (st) return st;
            continue;
        }
        if (v == UINT32_MAX || (v & GROUP_BIT) || v >= nd || x->kind[v] == EG__T_OTHER ||
            x->kind[v] != eg__kind_of_type(found->type) || needs_context(x, v) || eg__document_scoped(x, v))
            continue;
        s->entity = v;
    }
    return EG_OK;
}

/* ---- bodies named by their kind ---------------------------------------------
 *
 * An organisation a rule or the tagger found whose name is only the head
 * of organisations' names (公司, 委员会, 基金会: words org_heads) names a
 * body by its kind, as the entries marked scope=document do: which company
 * is meant is known from the document, not from the word, so it is a node
 * of its document ("org:公司@MARK"), never one node for every 公司 of the
 * corpus. */
eg_status eg__scope_kind_names(eg_extractor *x, eg__spans *sp)
{
    size_t nd = eg_dict_count(x->dict);
    char scope[17] = "";
    for (size_t k = 0; k < sp->n; k++) {
        eg__span *s = &sp->v[k];
        const eg_entity *found = found_name(x, s, nd);
        if (!found || strcmp(found->type, "ORG") || !eg__is_org_head(x->nt.s + s->start, s->end - s->start))
            continue;
        if (!scope[0]) eg__doc_mark(x, sp, scope);
        if (x->explain) eg__explain(x, s, EG_EXPLAIN_DOCUMENT_SCOPED, NULL);
        uint32_t idx;
        eg_status st = eg__found_entity(x, "org", x->nt.s + s->start, s->end - s->start, scope, "ORG", "generic", &idx);
        if (st == EG_ELIMIT) continue; /* (heads are short) */
        if (st) return st;
        s->entity = idx;
    }
    return EG_OK;
}

/* ---- given names ----------------------------------------------------------
 *
 * A person a rule or the tagger found by a given name alone (嘉颖 after
 * 郑嘉颖, common in features and entertainment news) is, within its
 * document, the one person the document names in full with a surname and
 * that given name: the same person, not a node of its own. Given names of
 * two characters only (one character is too often a word or a nickname);
 * two full names sharing the given name leave it as it is. */

size_t eg__given_name_at(const char *t, size_t len)
{
    size_t i = 0;
    uint32_t c[5];
    size_t at[5], n = 0;
    while (i < len && n < 5) {
        at[n] = i;
        c[n++] = eg__utf8_decode(t, len, &i, NULL);
    }
    if (i < len) return 0;
    for (size_t k = 0; k < n; k++)
        if (!eg__is_han(c[k])) return 0;
    if (n == 3 && eg__is_surname(c[0])) return at[1];
    if (n == 4 && eg__is_compound_surname(c[0], c[1])) return at[2];
    return 0;
}

/* The person entity of span s (a dictionary entry or a found name), or
 * UINT32_MAX. */
static uint32_t person_of(const eg_extractor *x, const eg__span *s, size_t nd)
{
    if (s->rule == EG_RULE_COUNT || s->rule == EG_RULE_ABBR || (s->entity & GROUP_BIT)) return UINT32_MAX;
    if (s->rule == EG_RULE_NONE || s->entity < nd)
        return s->entity < nd && x->kind[s->entity] == EG__T_PER ? s->entity : UINT32_MAX;
    const eg_entity *e = eg_extractor_entity(x, s->entity);
    return e && !strcmp(e->type, "PER") && !strchr(e->id, '@') ? s->entity : UINT32_MAX;
}

eg_status eg__link_given_names(eg_extractor *x, eg__spans *sp)
{
    size_t nd = eg_dict_count(x->dict);
    eg__strmap given = {0};
    eg__arena keys = {0};
    int made = 0;
    eg_status st = EG_OK;
    for (size_t k = 0; k < sp->n && !st; k++) {
        eg__span *s = &sp->v[k];
        const eg_entity *found = found_name(x, s, nd);
        if (!found || strcmp(found->type, "PER") || eg__utf8_count(x->nt.s + s->start, s->end - s->start) != 2)
            continue;
        if (!made) { /* the document's full names by their given names */
            made = 1;
            for (size_t q = 0; q < sp->n && !st; q++) {
                const eg__span *f = &sp->v[q];
                uint32_t e = person_of(x, f, nd), prev;
                size_t g = e == UINT32_MAX ? 0 : eg__given_name_at(x->nt.s + f->start, f->end - f->start);
                if (!g) continue;
                char *key = eg__arena_strndup(&keys, x->nt.s + f->start + g, f->end - f->start - g);
                if (!key) st = EG_ENOMEM;
                else if (eg__strmap_put(&given, key, eg__strmap_get(&given, key, &prev) && prev != e ? SEVERAL : e))
                    st = EG_ENOMEM;
            }
            if (st) break;
        }
        const char *name = eg__arena_strndup(&keys, x->nt.s + s->start, s->end - s->start);
        if (!name) {
            st = EG_ENOMEM;
            break;
        }
        uint32_t link;
        if (!eg__strmap_get(&given, name, &link) || link == SEVERAL || link == s->entity) continue;
        if (x->explain) eg__explain(x, s, EG_EXPLAIN_GIVEN_NAME, eg_extractor_entity(x, link)->name);
        s->entity = link;
    }
    eg__strmap_free(&given);
    eg__arena_free(&keys);
    return st;
}
