#!/usr/bin/env node
// Reads entgraph's GEXF, GraphML and graphology JSON back with graphology
// (graphology-gexf, graphology-graphml, Graph.from) and checks node and
// edge counts and some attributes against the expectations given.
// usage: node read_graphology.js DIR NODES EDGES NODE_ID LABEL
//   DIR holds graph.gexf, graph.graphml and graphology.json
// Prints one line per format; exits 1 on the first mismatch.
'use strict';
const fs = require('fs');
const path = require('path');
const Graph = require('graphology');
const gexf = require('graphology-gexf');
const graphml = require('graphology-graphml');

const [dir, nodes, edges, nodeId, label] = process.argv.slice(2);
function fail(msg) {
  console.error('read_graphology.js: ' + msg);
  process.exit(1);
}
function check(name, g) {
  if (g.order !== Number(nodes) || g.size !== Number(edges))
    fail(`${name}: ${g.order} nodes, ${g.size} edges; expected ${nodes}, ${edges}`);
  if (g.type !== 'undirected' && g.type !== 'mixed') fail(`${name}: graph type ${g.type}`);
  if (!g.hasNode(nodeId)) fail(`${name}: no node ${nodeId}`);
  const a = g.getNodeAttributes(nodeId);
  if (a.label !== label) fail(`${name}: node ${nodeId} has label ${a.label}, expected ${label}`);
  for (const k of ['x', 'y', 'size', 'pagerank', 'community'])
    if (typeof a[k] !== 'number' || !isFinite(a[k])) fail(`${name}: node ${nodeId} has no numeric ${k}`);
  if (typeof a.color !== 'string' || !a.color) fail(`${name}: node ${nodeId} has no colour`);
  let kinds = new Set();
  g.forEachEdge((e, attr) => {
    if (typeof attr.weight !== 'number' || !(attr.weight > 0)) fail(`${name}: edge ${e} without a positive weight`);
    kinds.add(attr.kind);
  });
  if (Number(edges) > 0 && !kinds.has('cooccurrence')) fail(`${name}: no cooccurrence edge`);
  console.log(`ok ${name}: ${g.order} nodes, ${g.size} edges, ${nodeId} = ${a.label}, colour ${a.color}`);
}
const read = (f) => fs.readFileSync(path.join(dir, f), 'utf8');
check('graphology-gexf', gexf.parse(Graph, read('graph.gexf')));
check('graphology-graphml', graphml.parse(Graph, read('graph.graphml')));
check('graphology JSON', Graph.from(JSON.parse(read('graphology.json'))));
