#!/usr/bin/env node
// Reads an entgraph GEXF with graphology (graphology-gexf) and prints, per
// node and edge in the graph's order, its time spells. graphology-gexf
// parses the graph but keeps no spells, so they are read from the same
// file with the DOM parser graphology-gexf itself uses (@xmldom/xmldom).
// usage: NODE_PATH=tests/clients/node_modules node read_spells.js FILE.gexf
// Prints "graphology: N nodes, M edges", then "ID START/END START/END…"
// lines (edges as "SOURCE--TARGET").
'use strict';
const fs = require('fs');
const Graph = require('graphology');
const gexf = require('graphology-gexf');
const {DOMParser} = require('@xmldom/xmldom');

const text = fs.readFileSync(process.argv[2], 'utf8');
const g = gexf.parse(Graph, text);
console.log(`graphology: ${g.order} nodes, ${g.size} edges`);
const doc = new DOMParser().parseFromString(text, 'text/xml');
const spells = (el) => Array.from(el.getElementsByTagName('spell'))
  .map((s) => `${s.getAttribute('start')}/${s.getAttribute('end')}`).join(' ');
for (const n of Array.from(doc.getElementsByTagName('node'))) {
  const id = n.getAttribute('id');
  if (!g.hasNode(id)) throw new Error(`graphology lost node ${id}`);
  console.log(`${id} ${spells(n)}`);
}
for (const e of Array.from(doc.getElementsByTagName('edge'))) {
  const s = e.getAttribute('source'), t = e.getAttribute('target');
  if (!g.hasEdge(s, t)) throw new Error(`graphology lost edge ${s}--${t}`);
  console.log(`${s}--${t} ${spells(e)}`);
}
