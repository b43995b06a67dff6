#!/usr/bin/python3
"""Writes a non-repeating news-like Chinese corpus and name lists for
bench/bench_archive.sh.

usage: gen_archive.py SIZE_MB OUTDIR

Writes, into OUTDIR:
  corpus.txt      about SIZE_MB megabytes of UTF-8 text: articles (a headline,
                  a byline, 3-8 paragraphs of 2-6 sentences) separated by blank
                  lines. Sentences are drawn word by word from a vocabulary of
                  60 000 made-up words over the 2 500 commonest characters, with
                  names from the 300 000-name list dropped in (Zipf-like, so the
                  5 000-name list, the commonest names, covers about half the
                  name occurrences). Seeded: the same arguments give the same
                  bytes. No sentence is a copy of another.
  names_5k.tsv    entgraph dictionaries (id, name, type, aliases, parent) of
  names_300k.tsv  5 000 and 300 000 entities: people, organisations, places.
  names_5k.txt    the same names, one a line, for `rg -F -f` and jieba.
  names_300k.txt

Generated data is never committed: give an OUTDIR outside the checkout.
"""
import itertools
import os
import random
import sys

# The commonest characters of news text, enough to make words and names from.
COMMON = (
    "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处理府研质"
    "济需市场记者报道今日表示会议举行政府经济发展合作项目企业工作人员群众问题情况社会建设服务管理部门地方城市农村教育医疗卫生文化体育科技创新改革开放安全环境保护交通运输能源资源农业工业商业金融银行投资贸易市场价格消费生产销售产品质量标准技术研究调查数据显示增长下降提高降低加强推进实施落实完善促进支持鼓励引导规范监督检查处理解决协调组织领导干部党员委员书记主任局长县长市长省长部长主席总理代表国际国内世界全球地区亚洲欧洲美洲非洲海洋气候天气温度降水灾害救援防控疫情病毒疫苗健康医院学校学生老师家长孩子青年老人妇女儿童家庭生活住房收入工资就业岗位培训"
)
CHARS = sorted(set(c for c in COMMON if "\u4e00" <= c <= "\u9fff"))
SURNAMES = list("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤")
PLACE_SUFFIX = ["市", "县", "镇", "乡", "村", "区", "街道"]
ORG_SUFFIX = ["公司", "集团", "银行", "大学", "医院", "研究所", "委员会", "协会", "中学", "出版社", "合作社", "工厂"]
PUNCT_END = "。。。。！？"


def make_names(rng, n):
    """n distinct names with types, none a substring clash of the obvious kind."""
    seen = set()
    out = []
    while len(out) < n:
        r = rng.random()
        if r < 0.5:
            name = rng.choice(SURNAMES) + "".join(rng.choices(CHARS, k=rng.choice((1, 2, 2))))
            typ = "PER"
        elif r < 0.75:
            name = "".join(rng.choices(CHARS, k=rng.choice((2, 3, 4)))) + rng.choice(ORG_SUFFIX)
            typ = "ORG"
        else:
            name = "".join(rng.choices(CHARS, k=rng.choice((2, 2, 3)))) + rng.choice(PLACE_SUFFIX)
            typ = "LOC"
        if name in seen:
            continue
        seen.add(name)
        out.append((name, typ))
    return out


def write_names(outdir, names, n):
    with open(os.path.join(outdir, "names_%s.tsv" % label(n)), "w", encoding="utf-8") as t, \
            open(os.path.join(outdir, "names_%s.txt" % label(n)), "w", encoding="utf-8") as f:
        t.write("id\tname\ttype\taliases\tparent\n")
        for i, (name, typ) in enumerate(names[:n]):
            t.write("b:%d\t%s\t%s\t\t\n" % (i, name, typ))
            f.write(name + "\n")


def label(n):
    return "%dk" % (n // 1000)


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    size = int(float(sys.argv[1]) * 1e6)
    outdir = sys.argv[2]
    os.makedirs(outdir, exist_ok=True)
    rng = random.Random(8)
    names = [n for n, _ in make_names(rng, 300000)]
    typed = make_names(random.Random(8), 300000)
    write_names(outdir, typed, 5000)
    write_names(outdir, typed, 300000)
    vocab = ["".join(rng.choices(CHARS, k=rng.choice((1, 2, 2, 2, 3, 4)))) for _ in range(60000)]
    # Zipf-like weights: the names first in the list are the commonest
    name_cum = list(itertools.accumulate(1.0 / (i + 10) for i in range(len(names))))
    word_cum = list(itertools.accumulate(1.0 / (i + 5) for i in range(len(vocab))))
    pool = {"word": [], "name": []}

    def draw(kind):
        if not pool[kind]:
            src, cum = (vocab, word_cum) if kind == "word" else (names, name_cum)
            pool[kind] = rng.choices(src, cum_weights=cum, k=1 << 16)
        return pool[kind].pop()

    def sentence():
        toks = []
        for _ in range(rng.randint(6, 22)):
            toks.append(draw("name") if rng.random() < 0.12 else draw("word"))
            if rng.random() < 0.08:
                toks.append("，")
        return "".join(toks).strip("，") + rng.choice(PUNCT_END)

    written = articles = 0
    path = os.path.join(outdir, "corpus.txt")
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        while written < size:
            articles += 1
            parts = ["".join(draw("word") for _ in range(rng.randint(3, 6))),  # headline
                     "记者 " + draw("name")]
            for _ in range(rng.randint(3, 8)):
                parts.append("".join(sentence() for _ in range(rng.randint(2, 6))))
            text = "\n\n".join(parts) + "\n\n\n"
            f.write(text)
            written += len(text.encode("utf-8"))
    print("%s: %.1f MB, %d articles" % (path, written / 1e6, articles))


if __name__ == "__main__":
    main()
