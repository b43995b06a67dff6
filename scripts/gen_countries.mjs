#!/usr/bin/env node
// gen_countries.mjs — builds dict/world_countries.tsv, entgraph's list of
// countries, territories and major world cities (type LOC).
//
// Run by hand (Node.js >= 18, no dependencies); it is not part of the build.
//
//   npm pack i18n-iso-countries@7.14.0 && tar xzf i18n-iso-countries-7.14.0.tgz   # → ./package
//   node scripts/gen_countries.mjs --from ./package
//
// Options:
//   --from DIR   the unpacked i18n-iso-countries package; default ./package
//   --out FILE   default dict/world_countries.tsv; "-" writes to standard output
//
// Sources:
//   - country and territory names: the Chinese ("zh") locale of the npm
//     package i18n-iso-countries 7.14.0 (MIT licence, © widdix GmbH), keyed by
//     ISO 3166-1 alpha-2. Its names are the common mainland forms (美国, 日本,
//     英国, 朝鲜, 韩国 …); the differences are listed in RENAME below.
//   - official long names and other short forms (ALIASES), the UN membership
//     list (NOT_UN_MEMBER), the four countries of the United Kingdom and the
//     cities (CITIES): written by hand from general knowledge for entgraph.
//
// Output columns: id name type aliases parent code level
//   country      cty:<alpha-2 lower case>; the 193 UN member states, plus
//                the two observer states (梵蒂冈, 巴勒斯坦)
//   territory    cty:<alpha-2>; dependent territories and other areas with an
//                ISO code (格陵兰, 波多黎各, 西撒哈拉, 科索沃 …)
//   constituent  cty:gb-<ISO 3166-2>: 英格兰, 苏格兰, 威尔士, 北爱尔兰 (parent
//                cty:gb; 英格兰 is not an alias of 英国)
//   city         city:<slug>, parent = its country (or constituent country)
// code is the ISO 3166-1 alpha-2 (3166-2 for the UK's countries) for
// countries and territories, empty for cities.
//
// Rules: no single-character aliases (中, 美, 日, 英 …); no alias that is a
// common word or the name of something else in the bundled dictionary.

import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const EXPECTED_VERSION = '7.14.0';

// Codes left out: China's own SARs and Taiwan are adm: entries in
// cn_divisions.tsv (香港特别行政区, 澳门特别行政区, 台湾省); the rest are
// uninhabited or rarely named in news and some names are ambiguous (奥兰).
const SKIP = new Set([
  'HK', 'MO', 'TW',
  'AX', 'BL', 'BQ', 'BV', 'CC', 'CX', 'GS', 'HM', 'IO', 'NF', 'PN', 'SJ', 'TF', 'UM',
]);

// ISO codes in the package that are not UN member states (see the UN
// membership list); VA and PS are observer states.
const NOT_UN_MEMBER = new Set([
  'AI', 'AQ', 'AS', 'AW', 'AX', 'BL', 'BM', 'BQ', 'BV', 'CC', 'CK', 'CW', 'CX', 'EH',
  'FK', 'FO', 'GF', 'GG', 'GI', 'GL', 'GP', 'GS', 'GU', 'HK', 'HM', 'IM', 'IO', 'JE',
  'KY', 'MF', 'MO', 'MP', 'MQ', 'MS', 'NC', 'NF', 'NU', 'PF', 'PM', 'PN', 'PR', 'PS',
  'RE', 'SH', 'SJ', 'SX', 'TC', 'TF', 'TK', 'TW', 'UM', 'VA', 'VG', 'VI', 'WF', 'XK',
  'YT',
]);
const OBSERVER_STATES = new Set(['VA', 'PS']);

// Canonical names that differ from the package's zh locale. The old name is
// kept as an alias unless it is listed in DROP_PACKAGE_NAME.
const RENAME = {
  ID: '印度尼西亚', // package: 印尼 (kept as alias)
  CD: '刚果民主共和国', // package: 刚果（金）
  CG: '刚果共和国', // package: 刚果（布）
  CF: '中非共和国', // package: 中非, also "China–Africa" (中非合作论坛): dropped
  MN: '蒙古国', // package: 蒙古, also the people (蒙古族): dropped
  SZ: '埃斯瓦蒂尼', // package: 斯威士兰, the name before 2018 (kept as alias)
  EH: '西撒哈拉', // package: 阿拉伯撒哈拉民主共和国 (a state China does not recognise)
  JE: '泽西岛', // package: 泽西, which is also inside 新泽西 (New Jersey): dropped
  GG: '根西岛', // package: 根西
  SH: '圣赫勒拿', // package: 圣赫勒拿、阿森松和特里斯坦-达库尼亚 (kept as alias)
  AQ: '南极洲', // unchanged; listed to document that it is kept as a territory
  FM: '密克罗尼西亚联邦', // unchanged (密克罗尼西亚 alone is also the region)
};
const DROP_PACKAGE_NAME = new Set(['CF', 'MN', 'JE', 'GG', 'EH']);

// Official long names and other common forms, hand-written (中华人民共和国
//外交部 usage). Never a single character.
const ALIASES = {
  CN: ['中华人民共和国'],
  US: ['美利坚合众国', '美利坚'],
  GB: ['大不列颠及北爱尔兰联合王国', '联合王国'],
  FR: ['法兰西共和国', '法兰西'],
  DE: ['德意志联邦共和国', '联邦德国'],
  RU: ['俄罗斯联邦', '俄国'],
  JP: ['日本国'],
  KR: ['大韩民国', '南韩'],
  KP: ['朝鲜民主主义人民共和国', '北韩'],
  IN: ['印度共和国'],
  IT: ['意大利共和国'],
  ES: ['西班牙王国'],
  AU: ['澳大利亚联邦', '澳洲'],
  BR: ['巴西联邦共和国'],
  AR: ['阿根廷共和国'],
  MX: ['墨西哥合众国'],
  EG: ['阿拉伯埃及共和国'],
  SA: ['沙特阿拉伯王国', '沙特'],
  IR: ['伊朗伊斯兰共和国'],
  IQ: ['伊拉克共和国'],
  IL: ['以色列国'],
  TR: ['土耳其共和国'],
  PK: ['巴基斯坦伊斯兰共和国'],
  VN: ['越南社会主义共和国'],
  LA: ['老挝人民民主共和国'],
  KH: ['柬埔寨王国'],
  TH: ['泰王国'],
  SG: ['新加坡共和国'],
  PH: ['菲律宾共和国'],
  ID: ['印度尼西亚共和国'],
  MM: ['缅甸联邦共和国'],
  LK: ['斯里兰卡民主社会主义共和国'],
  BD: ['孟加拉人民共和国', '孟加拉'],
  KZ: ['哈萨克斯坦共和国'],
  UZ: ['乌兹别克斯坦共和国'],
  KG: ['吉尔吉斯共和国', '吉尔吉斯'],
  TJ: ['塔吉克斯坦共和国'],
  BY: ['白俄罗斯共和国'],
  PL: ['波兰共和国'],
  CZ: ['捷克共和国'],
  NL: ['荷兰王国'],
  BE: ['比利时王国'],
  CH: ['瑞士联邦'],
  AT: ['奥地利共和国'],
  SE: ['瑞典王国'],
  NO: ['挪威王国'],
  DK: ['丹麦王国'],
  FI: ['芬兰共和国'],
  GR: ['希腊共和国'],
  PT: ['葡萄牙共和国'],
  RS: ['塞尔维亚共和国'],
  ZA: ['南非共和国'],
  NG: ['尼日利亚联邦共和国'],
  ET: ['埃塞俄比亚联邦民主共和国'],
  KE: ['肯尼亚共和国'],
  DZ: ['阿尔及利亚民主人民共和国'],
  MA: ['摩洛哥王国'],
  CU: ['古巴共和国'],
  VE: ['委内瑞拉玻利瓦尔共和国'],
  CL: ['智利共和国'],
  PE: ['秘鲁共和国'],
  CO: ['哥伦比亚共和国'],
  SY: ['阿拉伯叙利亚共和国'],
  JO: ['约旦哈希姆王国'],
  QA: ['卡塔尔国'],
  KW: ['科威特国'],
  AE: ['阿拉伯联合酋长国'],
  BA: ['波斯尼亚和黑塞哥维那'],
  CD: ['刚果金'],
  CG: ['刚果布'],
  CI: ['象牙海岸'],
  MK: ['北马其顿共和国'],
  SZ: ['埃斯瓦蒂尼王国'],
  PS: ['巴勒斯坦国'],
  VA: ['梵蒂冈城国'],
  FK: ['马尔维纳斯群岛'],
  NZ: ['新西兰'].slice(1), // nothing besides the name
  UA: [],
};

// The United Kingdom's four countries (ISO 3166-2 codes).
const CONSTITUENT = [
  { id: 'cty:gb-eng', name: '英格兰', code: 'GB-ENG' },
  { id: 'cty:gb-sct', name: '苏格兰', code: 'GB-SCT' },
  { id: 'cty:gb-wls', name: '威尔士', code: 'GB-WLS' },
  { id: 'cty:gb-nir', name: '北爱尔兰', code: 'GB-NIR' },
];

// Major world cities that news often names: capitals and large or
// well-known cities. [slug, name, parent code (alpha-2 or gb-xxx), aliases].
// Left out on purpose: cities named like their country (新加坡, 卢森堡,
// 摩纳哥, 科威特城 is kept because its name differs), names that are mostly
// person names (亚历山大, 汉密尔顿, 维多利亚), and names two well-known
// cities share in Chinese (圣何塞).
const CITIES = [
  // East Asia
  ['tokyo', '东京', 'JP'], ['osaka', '大阪', 'JP'], ['kyoto', '京都', 'JP'],
  ['yokohama', '横滨', 'JP'], ['nagoya', '名古屋', 'JP'], ['kobe', '神户', 'JP'],
  ['fukuoka', '福冈', 'JP'], ['sapporo', '札幌', 'JP'], ['hiroshima', '广岛', 'JP'],
  ['nagasaki', '长崎', 'JP'],
  ['seoul', '首尔', 'KR', ['汉城']], ['busan', '釜山', 'KR'], ['incheon', '仁川', 'KR'], ['jeju', '济州', 'KR'],
  ['pyongyang', '平壤', 'KP'], ['ulaanbaatar', '乌兰巴托', 'MN'],
  // Southeast Asia
  ['hanoi', '河内', 'VN'], ['ho-chi-minh-city', '胡志明市', 'VN'],
  ['vientiane', '万象', 'LA'], ['phnom-penh', '金边', 'KH'], ['bangkok', '曼谷', 'TH'], ['kuala-lumpur', '吉隆坡', 'MY'], ['jakarta', '雅加达', 'ID'],
  ['manila', '马尼拉', 'PH'], ['yangon', '仰光', 'MM'], ['naypyidaw', '内比都', 'MM'],
  ['bandar-seri-begawan', '斯里巴加湾市', 'BN'], ['dili', '帝力', 'TL'],
  // South Asia
  ['new-delhi', '新德里', 'IN'], ['mumbai', '孟买', 'IN'], ['kolkata', '加尔各答', 'IN'],
  ['bangalore', '班加罗尔', 'IN'],
  ['islamabad', '伊斯兰堡', 'PK'], ['karachi', '卡拉奇', 'PK'],
  ['gwadar', '瓜达尔', 'PK'], ['dhaka', '达卡', 'BD'], ['colombo', '科伦坡', 'LK'],
  ['kathmandu', '加德满都', 'NP'], ['male', '马累', 'MV'], ['thimphu', '廷布', 'BT'],
  ['kabul', '喀布尔', 'AF'],
  // Central Asia, Caucasus
  ['astana', '阿斯塔纳', 'KZ'], ['almaty', '阿拉木图', 'KZ'], ['tashkent', '塔什干', 'UZ'], ['bishkek', '比什凯克', 'KG'], ['dushanbe', '杜尚别', 'TJ'],
  ['ashgabat', '阿什哈巴德', 'TM'], ['tbilisi', '第比利斯', 'GE'], ['yerevan', '埃里温', 'AM'],
  ['baku', '巴库', 'AZ'],
  // Middle East
  ['tehran', '德黑兰', 'IR'], ['baghdad', '巴格达', 'IQ'], ['damascus', '大马士革', 'SY'],
  ['beirut', '贝鲁特', 'LB'], ['amman', '安曼', 'JO'], ['tel-aviv', '特拉维夫', 'IL'],
  ['riyadh', '利雅得', 'SA'], ['mecca', '麦加', 'SA'],
  ['doha', '多哈', 'QA'], ['dubai', '迪拜', 'AE'], ['abu-dhabi', '阿布扎比', 'AE'],
  ['kuwait-city', '科威特城', 'KW'], ['manama', '麦纳麦', 'BH'], ['muscat', '马斯喀特', 'OM'],
  ['sanaa', '萨那', 'YE'], ['ankara', '安卡拉', 'TR'], ['istanbul', '伊斯坦布尔', 'TR'],
  ['gaza', '加沙', 'PS'], ['ramallah', '拉姆安拉', 'PS'],
  ['jerusalem', '耶路撒冷', ''], // status disputed: no parent
  // Europe
  ['london', '伦敦', 'gb-eng'], ['manchester', '曼彻斯特', 'gb-eng'],
  ['liverpool', '利物浦', 'gb-eng'], ['birmingham', '伯明翰', 'gb-eng'],
  ['oxford', '牛津', 'gb-eng'], ['cambridge', '剑桥', 'gb-eng'],
  ['edinburgh', '爱丁堡', 'gb-sct'], ['glasgow', '格拉斯哥', 'gb-sct'],
  ['cardiff', '加的夫', 'gb-wls'], ['belfast', '贝尔法斯特', 'gb-nir'],
  ['dublin', '都柏林', 'IE'],
  ['paris', '巴黎', 'FR'], ['marseille', '马赛', 'FR'], ['lyon', '里昂', 'FR'],
  ['nice', '尼斯', 'FR'],
  ['berlin', '柏林', 'DE'], ['munich', '慕尼黑', 'DE'], ['frankfurt', '法兰克福', 'DE'],
  ['hamburg', '汉堡', 'DE'], ['cologne', '科隆', 'DE'], ['bonn', '波恩', 'DE'],
  ['stuttgart', '斯图加特', 'DE'],
  ['rome', '罗马', 'IT'], ['milan', '米兰', 'IT'], ['venice', '威尼斯', 'IT'],
  ['florence', '佛罗伦萨', 'IT'], ['naples', '那不勒斯', 'IT'],
  ['madrid', '马德里', 'ES'], ['barcelona', '巴塞罗那', 'ES'],
  ['lisbon', '里斯本', 'PT'],
  ['amsterdam', '阿姆斯特丹', 'NL'], ['rotterdam', '鹿特丹', 'NL'], ['the-hague', '海牙', 'NL'],
  ['brussels', '布鲁塞尔', 'BE'], ['bern', '伯尔尼', 'CH'], ['geneva', '日内瓦', 'CH'],
  ['zurich', '苏黎世', 'CH'], ['davos', '达沃斯', 'CH'],
  ['vienna', '维也纳', 'AT'],
  ['moscow', '莫斯科', 'RU'], ['saint-petersburg', '圣彼得堡', 'RU'],
  ['vladivostok', '符拉迪沃斯托克', 'RU', ['海参崴']], ['khabarovsk', '哈巴罗夫斯克', 'RU', ['伯力']],
  ['novosibirsk', '新西伯利亚', 'RU'], ['kazan', '喀山', 'RU'], ['sochi', '索契', 'RU'],
  ['kyiv', '基辅', 'UA'], ['minsk', '明斯克', 'BY'], ['warsaw', '华沙', 'PL'],
  ['prague', '布拉格', 'CZ'], ['budapest', '布达佩斯', 'HU'], ['bucharest', '布加勒斯特', 'RO'],
  ['sofia', '索非亚', 'BG'], ['belgrade', '贝尔格莱德', 'RS'], ['zagreb', '萨格勒布', 'HR'],
  ['ljubljana', '卢布尔雅那', 'SI'], ['sarajevo', '萨拉热窝', 'BA'], ['skopje', '斯科普里', 'MK'],
  ['tirana', '地拉那', 'AL'], ['podgorica', '波德戈里察', 'ME'], ['athens', '雅典', 'GR'],
  ['stockholm', '斯德哥尔摩', 'SE'], ['oslo', '奥斯陆', 'NO'], ['copenhagen', '哥本哈根', 'DK'],
  ['helsinki', '赫尔辛基', 'FI'], ['reykjavik', '雷克雅未克', 'IS'], ['tallinn', '塔林', 'EE'],
  ['riga', '里加', 'LV'], ['vilnius', '维尔纽斯', 'LT'], ['chisinau', '基希讷乌', 'MD'],
  ['bratislava', '布拉迪斯拉发', 'SK'], ['valletta', '瓦莱塔', 'MT'], ['nicosia', '尼科西亚', 'CY'],
  // Africa
  ['cairo', '开罗', 'EG'], ['tripoli', '的黎波里', 'LY'], ['algiers', '阿尔及尔', 'DZ'],
  ['rabat', '拉巴特', 'MA'], ['casablanca', '卡萨布兰卡', 'MA'], ['khartoum', '喀土穆', 'SD'],
  ['addis-ababa', '亚的斯亚贝巴', 'ET'], ['nairobi', '内罗毕', 'KE'],
  ['dar-es-salaam', '达累斯萨拉姆', 'TZ'], ['dodoma', '多多马', 'TZ'], ['kampala', '坎帕拉', 'UG'],
  ['kigali', '基加利', 'RW'], ['kinshasa', '金沙萨', 'CD'], ['brazzaville', '布拉柴维尔', 'CG'],
  ['luanda', '罗安达', 'AO'], ['lusaka', '卢萨卡', 'ZM'], ['harare', '哈拉雷', 'ZW'],
  ['maputo', '马普托', 'MZ'], ['pretoria', '比勒陀利亚', 'ZA'], ['johannesburg', '约翰内斯堡', 'ZA'],
  ['cape-town', '开普敦', 'ZA'], ['windhoek', '温得和克', 'NA'],
  ['gaborone', '哈博罗内', 'BW'], ['antananarivo', '塔那那利佛', 'MG'], ['abuja', '阿布贾', 'NG'],
  ['lagos', '拉各斯', 'NG'], ['accra', '阿克拉', 'GH'], ['dakar', '达喀尔', 'SN'],
  ['abidjan', '阿比让', 'CI'], ['yaounde', '雅温得', 'CM'], ['mogadishu', '摩加迪沙', 'SO'],
  ['asmara', '阿斯马拉', 'ER'], ['libreville', '利伯维尔', 'GA'], ['lome', '洛美', 'TG'],
  ['cotonou', '科托努', 'BJ'], ['niamey', '尼亚美', 'NE'], ['bamako', '巴马科', 'ML'],
  ['ouagadougou', '瓦加杜古', 'BF'], ['nouakchott', '努瓦克肖特', 'MR'], ['conakry', '科纳克里', 'GN'],
  ['freetown', '弗里敦', 'SL'], ['monrovia', '蒙罗维亚', 'LR'], ['ndjamena', '恩贾梅纳', 'TD'],
  ['bangui', '班吉', 'CF'], ['juba', '朱巴', 'SS'],
  // Americas
  ['washington-dc', '华盛顿', 'US', ['华盛顿特区']], ['new-york', '纽约', 'US', ['纽约市']],
  ['los-angeles', '洛杉矶', 'US'], ['chicago', '芝加哥', 'US'], ['san-francisco', '旧金山', 'US', ['三藩市']],
  ['seattle', '西雅图', 'US'], ['boston', '波士顿', 'US'], ['houston', '休斯敦', 'US'],
  ['philadelphia', '费城', 'US'], ['miami', '迈阿密', 'US'], ['las-vegas', '拉斯维加斯', 'US'],
  ['atlanta', '亚特兰大', 'US'], ['detroit', '底特律', 'US'], ['dallas', '达拉斯', 'US'],
  ['honolulu', '檀香山', 'US', ['火奴鲁鲁']], ['san-diego', '圣迭戈', 'US'],
  ['ottawa', '渥太华', 'CA'], ['toronto', '多伦多', 'CA'], ['vancouver', '温哥华', 'CA'],
  ['montreal', '蒙特利尔', 'CA'],
  ['mexico-city', '墨西哥城', 'MX'], ['havana', '哈瓦那', 'CU'], ['panama-city', '巴拿马城', 'PA'],
  ['managua', '马那瓜', 'NI'], ['san-salvador', '圣萨尔瓦多', 'SV'],
  ['guatemala-city', '危地马拉城', 'GT'], ['tegucigalpa', '特古西加尔巴', 'HN'],
  ['caracas', '加拉加斯', 'VE'], ['bogota', '波哥大', 'CO'], ['quito', '基多', 'EC'],
  ['lima', '利马', 'PE'], ['la-paz', '拉巴斯', 'BO'], ['santiago', '圣地亚哥', 'CL'],
  ['buenos-aires', '布宜诺斯艾利斯', 'AR'], ['montevideo', '蒙得维的亚', 'UY'],
  ['asuncion', '亚松森', 'PY'], ['brasilia', '巴西利亚', 'BR'],
  ['rio-de-janeiro', '里约热内卢', 'BR', ['里约']], ['sao-paulo', '圣保罗', 'BR'],
  ['kingston', '金斯敦', 'JM'], ['port-au-prince', '太子港', 'HT'], ['santo-domingo', '圣多明各', 'DO'],
  // Oceania
  ['canberra', '堪培拉', 'AU'], ['sydney', '悉尼', 'AU'], ['melbourne', '墨尔本', 'AU'],
  ['brisbane', '布里斯班', 'AU'], ['perth', '珀斯', 'AU'],
  ['wellington', '惠灵顿', 'NZ'], ['auckland', '奥克兰', 'NZ'], ['suva', '苏瓦', 'FJ'],
  ['port-moresby', '莫尔兹比港', 'PG'],
  // Taiwan's main cities (Taiwan is 台湾省, adm:710000 in cn_divisions.tsv; the
  // statistical table has no divisions under it)
  ['taipei', '台北', 'adm:710000', ['台北市']], ['kaohsiung', '高雄', 'adm:710000', ['高雄市']],
  ['taichung', '台中', 'adm:710000', ['台中市']], ['tainan', '台南', 'adm:710000', ['台南市']],
];

function parseArgs(argv) {
  const opt = { from: './package', out: null };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--from' || a === '--out') {
      const v = argv[++i];
      if (v === undefined) {
        process.stderr.write(`gen_countries: ${a} needs a value\n`);
        process.exit(2);
      }
      opt[a.slice(2)] = v;
    } else if (a === '-h' || a === '--help') {
      process.stdout.write('usage: node scripts/gen_countries.mjs [--from DIR] [--out FILE|-]\n');
      process.exit(0);
    } else {
      process.stderr.write(`gen_countries: unknown argument ${a}\n`);
      process.exit(2);
    }
  }
  return opt;
}

function main() {
  const opt = parseArgs(process.argv.slice(2));
  const pkgDir = resolve(opt.from);
  const pkg = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8'));
  if (pkg.name !== 'i18n-iso-countries') {
    process.stderr.write(`gen_countries: ${pkgDir} is ${pkg.name}, not i18n-iso-countries\n`);
    process.exit(1);
  }
  if (pkg.version !== EXPECTED_VERSION) {
    process.stderr.write(`gen_countries: warning: i18n-iso-countries ${pkg.version}, written for ${EXPECTED_VERSION}\n`);
  }
  const zh = JSON.parse(readFileSync(join(pkgDir, 'langs', 'zh.json'), 'utf8')).countries;

  const entries = [];
  const notes = [];
  let members = 0;
  for (const [code, raw] of Object.entries(zh).sort()) {
    if (SKIP.has(code)) continue;
    const names = Array.isArray(raw) ? raw : [raw];
    const name = RENAME[code] ?? names[0];
    const aliases = [];
    const add = (a) => {
      if (a && a !== name && !aliases.includes(a)) aliases.push(a);
    };
    if (name !== names[0]) {
      if (DROP_PACKAGE_NAME.has(code)) notes.push(`${code}: package name ${names[0]} dropped, named ${name}`);
      else {
        add(names[0]);
        notes.push(`${code}: package name ${names[0]} kept as alias of ${name}`);
      }
    }
    for (const n of names.slice(1)) add(n);
    for (const a of ALIASES[code] ?? []) add(a);
    const member = !NOT_UN_MEMBER.has(code);
    if (member) members++;
    const level = member || OBSERVER_STATES.has(code) ? 'country' : 'territory';
    entries.push({ id: `cty:${code.toLowerCase()}`, name, aliases, parent: '', code, level });
  }
  if (members !== 193) throw new Error(`${members} UN member states, expected 193`);

  for (const c of CONSTITUENT) {
    entries.push({ id: c.id, name: c.name, aliases: [], parent: 'cty:gb', code: c.code, level: 'constituent' });
  }
  const ids = new Set(entries.map((e) => e.id));
  for (const [slug, name, p, aliases = []] of CITIES) {
    const parent = !p ? '' : p.startsWith('adm:') ? p : `cty:${p.toLowerCase()}`;
    if (parent && !parent.startsWith('adm:') && !ids.has(parent)) throw new Error(`city ${slug}: no ${parent}`);
    entries.push({ id: `city:${slug}`, name, aliases, parent, code: '', level: 'city' });
  }

  // checks: unique ids, names and aliases; no single-character alias
  const seenId = new Set();
  const claim = new Map();
  for (const e of entries) {
    if (seenId.has(e.id)) throw new Error(`duplicate id ${e.id}`);
    seenId.add(e.id);
    for (const s of [e.name, ...e.aliases]) {
      if ([...s].length < 2) throw new Error(`${e.id}: "${s}" is a single character`);
      if (/[\t|\r\n]/.test(s) || s !== s.trim()) throw new Error(`${e.id}: bad name "${s}"`);
      if (claim.has(s)) throw new Error(`"${s}" claimed by ${claim.get(s)} and ${e.id}`);
      claim.set(s, e.id);
    }
  }

  const count = (l) => entries.filter((e) => e.level === l).length;
  const lines = [
    '# world_countries.tsv — countries, territories and major world cities for entgraph (type LOC).',
    `# Source: names of countries and territories from the zh locale of the npm package i18n-iso-countries ${pkg.version}`,
    '#   (MIT, © widdix GmbH), keyed by ISO 3166-1 alpha-2; canonical-name changes, official long names,',
    '#   other short forms, the UK\'s four countries and the cities written by hand (see the script).',
    '# Regenerate (do not edit by hand): node scripts/gen_countries.mjs --from <unpacked i18n-iso-countries-7.14.0>',
    '# id: cty:<alpha-2> (cty:gb-eng … for the UK\'s countries), city:<slug>; parent of a city = its country.',
    '# level: country (193 UN members + 2 observer states) | territory | constituent | city.',
    '# 香港, 澳门 and 台湾 are in cn_divisions.tsv (adm:810000, adm:820000, adm:710000). No single-character aliases.',
    `# Entries: ${entries.length} (country ${count('country')}, territory ${count('territory')}, ` +
      `constituent ${count('constituent')}, city ${count('city')}).`,
    'id\tname\ttype\taliases\tparent\tcode\tlevel',
  ];
  const order = { country: 0, territory: 1, constituent: 2, city: 3 };
  entries.sort((a, b) => order[a.level] - order[b.level] || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  for (const e of entries) {
    lines.push([e.id, e.name, 'LOC', e.aliases.join('|'), e.parent, e.code, e.level].join('\t'));
  }
  const text = lines.join('\n') + '\n';
  const out = opt.out ?? join(dirname(fileURLToPath(import.meta.url)), '..', 'dict', 'world_countries.tsv');
  if (out === '-') process.stdout.write(text);
  else writeFileSync(out, text);
  process.stderr.write(`gen_countries: ${entries.length} entries (country ${count('country')}, territory ` +
    `${count('territory')}, constituent ${count('constituent')}, city ${count('city')})` +
    (out === '-' ? '' : ` → ${out}`) + '\n');
  for (const n of notes) process.stderr.write(`gen_countries: ${n}\n`);
}

main();
