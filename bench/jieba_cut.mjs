// Cuts a corpus with @node-rs/jieba (default dictionary plus a name list as
// a user dictionary) and counts the tokens that are names, for
// bench/bench_archive.sh. Not a test.
//
// usage: node jieba_cut.mjs NAMES.txt CORPUS.txt   (with @node-rs/jieba on NODE_PATH
//        or in a node_modules above the working folder)
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(path.join(process.cwd(), 'x.js'));
const { Jieba } = require('@node-rs/jieba');
const { dict } = require('@node-rs/jieba/dict');

const [namesPath, corpusPath] = process.argv.slice(2);
const names = readFileSync(namesPath, 'utf8').split('\n').filter(Boolean);
const jieba = Jieba.withDict(dict);
jieba.loadDict(Buffer.from(names.map((n) => `${n} 100000 nz`).join('\n') + '\n'));
const set = new Set(names);
let found = 0;
let tokens = 0;
for (const line of readFileSync(corpusPath, 'utf8').split('\n')) {
  if (!line) continue;
  for (const t of jieba.cut(line, false)) {
    tokens++;
    if (set.has(t)) found++;
  }
}
console.log(`${found} names in ${tokens} tokens`);
