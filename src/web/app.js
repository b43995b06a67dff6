/* entgraph's page: the graph that src/export_html.c put in #eg-data, drawn
 * with sigma.js on a graphology graph. Everything from the data goes into
 * the page as text (textContent), never as markup. window.entgraph exposes
 * the graph and a few actions for tests and the browser console. */
(function () {
  "use strict";
  var E = (window.entgraph = { ready: false, errors: [], timings: {} });
  function mark(what) { E.timings[what] = Math.round(performance.now()); }
  mark("script");
  window.addEventListener("error", function (ev) { E.errors.push(String(ev.message)); });

  var data = JSON.parse(document.getElementById("eg-data").textContent);
  var meta = data.meta;
  mark("parsed");
  /* The graph comes as columns (export_html.c): N.label[i] is node i's
   * label, L.source[k] the index of edge k's first node. In the graphology
   * graph node i has the key String(i) and edge k the key String(k): keys
   * that look like array indexes make graphology's adjacency and sigma's
   * caches plain arrays to V8, which halves building and indexing 200 000
   * edges against keys like "ent:0001234". The entity ids are N.id, and
   * entgraph.nodeKey / entgraph.nodeId go from one to the other. */
  var N = data.nodes, L = data.links;
  var nN = N.id.length, nL = L.source.length;
  var FONT = '"Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", "WenQuanYi Micro Hei", sans-serif';
  // the type is shown by the node's ring; colour-by-type uses the fill
  var TYPE_RING = { PER: "#111111", ORG: "#8a8a8a", LOC: "#ffffff" };
  var TYPE_FILL = ["#d62728", "#1f77b4", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2", "#17becf"];
  var OTHER_RING = "#5d4037";

  var graph = new graphology.UndirectedGraph();
  var types = [], typeIndex = {};
  var minSize = Infinity, maxSize = -Infinity, maxWeight = 0, dated = false;
  var i;
  for (i = 0; i < nN; i++) {
    var sz = N.size[i];
    if (sz < minSize) minSize = sz;
    if (sz > maxSize) maxSize = sz;
    if (!(N.type[i] in typeIndex)) { typeIndex[N.type[i]] = types.length; types.push(N.type[i]); }
    if (N.first_date[i]) dated = true;
  }
  types.sort();
  types.forEach(function (t, k) { typeIndex[t] = k; });
  var sizeSpan = maxSize > minSize ? maxSize - minSize : 1;
  var keys = new Array(nN); // String(i) once per node, not once per edge end
  for (i = 0; i < nN; i++) {
    keys[i] = String(i);
    graph.addNode(keys[i], {
      i: i, label: N.label[i], x: N.x[i], y: N.y[i],
      size: 4 + 16 * (N.size[i] - minSize) / sizeSpan,
      color: N.color[i],
      ring: TYPE_RING[N.type[i]] || OTHER_RING,
      typeColor: TYPE_FILL[typeIndex[N.type[i]] % TYPE_FILL.length],
    });
  }
  var weight = L.weight, source = L.source, target = L.target;
  for (i = 0; i < nL; i++) if (weight[i] > maxWeight) maxWeight = weight[i];
  var logMax = Math.log(1 + maxWeight) || 1;
  for (i = 0; i < nL; i++) {
    // per-edge colour and size, one object shape for every edge
    graph.addUndirectedEdgeWithKey(String(i), keys[source[i]], keys[target[i]], {
      i: i, weight: weight[i],
      size: 0.5 + 3.5 * Math.log(1 + weight[i]) / logMax,
      color: L.kind[i] === "part_of" ? "#b9a2d6" : "#c8c8c8",
    });
  }
  mark("graph");

  var idIndex = null; // entity id -> node index, made when first asked
  function nodeKey(id) {
    if (!idIndex) {
      idIndex = new Map();
      for (var k = 0; k < nN; k++) idIndex.set(N.id[k], k);
    }
    var k = idIndex.get(id);
    return k === undefined ? null : String(k);
  }
  function nodeId(key) { return graph.hasNode(key) ? N.id[graph.getNodeAttribute(key, "i")] : null; }

  /* The evidence sits in its own element after the scripts: parsed when an
   * edge's panel first needs it, once the browser has read it all. */
  var evidence = null;
  function evidenceReady() {
    if (evidence) return true;
    if (document.readyState === "loading") return false;
    evidence = JSON.parse(document.getElementById("eg-evidence").textContent);
    return true;
  }

  /* ---- state: filters, hover, selection ---- */
  var hiddenNode = new Uint8Array(nN), hiddenEdge = new Uint8Array(nL);
  var state = { hovered: null, hoverNeighbours: null, node: null, edge: null, byType: false };

  function overlaps(first, last, from, to) {
    if (!first) return true; // undated: kept by a date filter
    return !(from && last < from) && !(to && first > to);
  }

  function applyFilters(initial) {
    var typeOn = {};
    document.querySelectorAll("#type-filters input").forEach(function (cb) { typeOn[cb.value] = cb.checked; });
    var minW = parseFloat(document.getElementById("min-weight").value) || 0;
    var hideIso = document.getElementById("hide-isolated").checked;
    var from = document.getElementById("date-from").value, to = document.getElementById("date-to").value;
    var k, shownN = 0, shownE = 0, visDeg = new Uint32Array(nN);
    for (k = 0; k < nN; k++)
      hiddenNode[k] = typeOn[N.type[k]] && overlaps(N.first_date[k], N.last_date[k], from, to) ? 0 : 1;
    for (k = 0; k < nL; k++) {
      var h = hiddenNode[source[k]] || hiddenNode[target[k]] || weight[k] < minW ||
        !overlaps(L.first_date[k], L.last_date[k], from, to);
      hiddenEdge[k] = h ? 1 : 0;
      if (!h) { visDeg[source[k]]++; visDeg[target[k]]++; }
    }
    for (k = 0; k < nN; k++) {
      if (hideIso && !visDeg[k]) hiddenNode[k] = 1;
      if (!hiddenNode[k]) shownN++;
    }
    for (k = 0; k < nL; k++) if (!hiddenEdge[k]) shownE++;
    document.getElementById("shown").textContent = "showing " + shownN + " nodes, " + shownE + " edges";
    if (initial !== true) renderer.refresh({ skipIndexation: false });
  }

  /* ---- rendering ---- */
  var container = document.getElementById("graph");
  var RingProgram = Sigma.rendering.createNodeBorderProgram({
    borders: [
      { size: { value: 0.18 }, color: { attribute: "ring" } },
      { size: { fill: true }, color: { attribute: "color" } },
    ],
  });
  /* sigma's node programs draw one instanced triangle per node (the three
   * corner angles as constant data). SwiftShader, the software WebGL of
   * headless Chromium and of machines without a GPU, pays about 40 µs of
   * CPU per instance: 0.8 s a frame for 20 000 nodes however small. The
   * same shaders drawn without instancing, three vertices a node each with
   * its own angle, cost 20 times less there and the same on a GPU. */
  function uninstanced(Base) {
    function P() { return Reflect.construct(Base, arguments, P); }
    Object.setPrototypeOf(P.prototype, Base.prototype);
    Object.setPrototypeOf(P, Base);
    P.prototype.getDefinition = function () {
      var d = Base.prototype.getDefinition.call(this);
      if (!d.CONSTANT_ATTRIBUTES) return d;
      var out = {};
      Object.keys(d).forEach(function (k) { if (k !== "CONSTANT_ATTRIBUTES" && k !== "CONSTANT_DATA") out[k] = d[k]; });
      out.ATTRIBUTES = d.ATTRIBUTES.concat(d.CONSTANT_ATTRIBUTES);
      out.corners = d.CONSTANT_DATA; // one vector per vertex
      return out;
    };
    // (id, offset, node data) for nodes, (id, offset, source, target, edge
    // data) for edges: the item's own attributes, written once at offset
    P.prototype.processVisibleItem = function (id, offset) {
      var d = this.corners || (this.corners = this.getDefinition().corners);
      var per = this.ATTRIBUTES_ITEMS_COUNT, own = per - d[0].length, a = this.array;
      Base.prototype.processVisibleItem.apply(this, arguments);
      for (var v = 0; v < d.length; v++) {
        var at = offset + v * per;
        if (v) a.copyWithin(at, offset, offset + own);
        for (var c = 0; c < d[v].length; c++) a[at + own + c] = d[v][c];
      }
    };
    return P;
  }
  var NodeRing = uninstanced(RingProgram);
  /* Past 50 000 edges the page draws them as one-pixel lines (sigma's
   * EdgeLineProgram: two vertices an edge instead of six) and does not
   * sort by zIndex: on 200 000 edges in software WebGL that halves the
   * work before the first frame. */
  var big = nL > 50000;
  var renderer = null;
  renderer = new Sigma(graph, container, {
    defaultNodeType: "ring",
    nodeProgramClasses: { ring: NodeRing },
    edgeProgramClasses: { line: big ? Sigma.rendering.EdgeLineProgram : uninstanced(Sigma.rendering.EdgeRectangleProgram) },
    defaultEdgeColor: "#c8c8c8",
    labelFont: FONT,
    labelSize: 13,
    labelDensity: 1,
    labelGridCellSize: 110,
    labelRenderedSizeThreshold: 5,
    enableEdgeEvents: !big,
    hideEdgesOnMove: big,
    zIndex: !big,
    // a reducer returns the attributes themselves when it changes nothing:
    // a copy per node and edge per frame is what slows 200 000 edges
    nodeReducer: function (node, a) {
      if (!state.byType && !hiddenNode[a.i] && !state.hovered && !state.node && !state.edge) return a;
      var res = Object.assign({}, a);
      if (state.byType) res.color = a.typeColor;
      if (hiddenNode[a.i]) { res.hidden = true; return res; }
      var focus = state.hovered || state.node;
      if (!focus && state.edge) { // an edge selected: its two ends stand out
        if (!graph.hasExtremity(state.edge, node)) { res.color = "#e4e4e4"; res.ring = "#e4e4e4"; res.label = ""; res.zIndex = 0; }
        else { res.zIndex = 1; res.forceLabel = true; res.highlighted = true; }
        return res;
      }
      if (focus && node !== focus && !(state.focusNeighbours && state.focusNeighbours.has(node))) {
        res.color = "#e4e4e4"; res.ring = "#e4e4e4"; res.label = ""; res.zIndex = 0;
      } else if (focus) {
        res.zIndex = 1; res.forceLabel = true;
        if (node === focus) res.highlighted = true;
      }
      return res;
    },
    edgeReducer: function (edge, a) {
      if (!hiddenEdge[a.i] && !state.hovered && !state.node && !state.edge) return a;
      var res = Object.assign({}, a);
      if (hiddenEdge[a.i]) { res.hidden = true; return res; }
      var focus = state.hovered || state.node;
      if (state.edge === edge) { res.color = "#d9480f"; res.size = Math.max((a.size || 1) * 2, 3); res.zIndex = 2; }
      else if (state.edge && !state.hovered) res.color = "#eeeeee";
      else if (focus) {
        if (graph.hasExtremity(edge, focus)) { res.color = "#888"; res.zIndex = 1; }
        else res.hidden = true;
      }
      return res;
    },
  });
  mark("renderer");
  E.graph = graph;
  E.renderer = renderer;
  E.data = data;

  function setFocusNeighbours() {
    var focus = state.hovered || state.node;
    state.focusNeighbours = focus ? new Set(graph.neighbors(focus)) : null;
  }
  renderer.on("enterNode", function (ev) { state.hovered = ev.node; setFocusNeighbours(); renderer.refresh({ skipIndexation: true }); });
  renderer.on("leaveNode", function () { state.hovered = null; setFocusNeighbours(); renderer.refresh({ skipIndexation: true }); });
  renderer.on("clickNode", function (ev) { selectNode(ev.node); });
  renderer.on("clickEdge", function (ev) { selectEdge(ev.edge); });
  renderer.on("clickStage", function () { clearSelection(); });

  /* ---- the side panel ---- */
  var panel = document.getElementById("panel");
  function el(tag, text, cls) {
    var x = document.createElement(tag);
    if (text !== undefined && text !== null) x.textContent = String(text);
    if (cls) x.className = cls;
    return x;
  }
  function fmt(v) {
    if (v === null || v === undefined) return "–";
    if (typeof v === "number" && !Number.isInteger(v)) return v.toPrecision(4);
    return String(v);
  }
  function table(pairs) {
    var t = el("table");
    pairs.forEach(function (p) {
      if (p[1] === null || p[1] === undefined || p[1] === "") return;
      var tr = el("tr");
      tr.appendChild(el("td", p[0]));
      tr.appendChild(el("td", fmt(p[1])));
      t.appendChild(tr);
    });
    return t;
  }
  function link(text, fn) {
    var a = el("a", text);
    a.tabIndex = 0;
    a.addEventListener("click", fn);
    return a;
  }
  function openPanel(title) {
    panel.replaceChildren();
    var close = el("button", "×", "close");
    close.title = "close";
    close.addEventListener("click", clearSelection);
    panel.appendChild(close);
    panel.appendChild(el("h3", title));
    panel.hidden = false;
  }

  function showNode(node) {
    var ni = graph.getNodeAttribute(node, "i");
    openPanel(N.label[ni]);
    panel.dataset.kind = "node";
    // the measures are the page data's list (meta.measures: [column, label])
    var measures = meta.measures.map(function (m) { return [m[1], N[m[0]][ni]]; });
    panel.appendChild(table([
      ["type", N.type[ni]], ["id", N.id[ni]], ["aliases", N.aliases[ni].join("、")],
      ["mentions", N.count[ni]], ["documents", N.docs[ni]],
      ["first date", N.first_date[ni]], ["last date", N.last_date[ni]],
    ].concat(measures, [["community", N.community[ni]], ["k-core", N.core[ni]]])));
    var es = graph.edges(node).map(function (e) { return graph.getEdgeAttribute(e, "i"); });
    es.sort(function (a, b) { return weight[b] - weight[a] || a - b; });
    panel.appendChild(el("h2", "strongest neighbours (" + es.length + ")"));
    var ol = el("ol");
    es.slice(0, 15).forEach(function (k) {
      var other = source[k] === ni ? target[k] : source[k];
      var li = el("li");
      li.appendChild(link(N.label[other], function () { selectNode(String(other)); }));
      li.appendChild(document.createTextNode(" "));
      li.appendChild(link("(weight " + fmt(weight[k]) + ")", function () { selectEdge(String(k)); }));
      ol.appendChild(li);
    });
    panel.appendChild(ol);
  }

  function showEdge(edge) {
    var k = graph.getEdgeAttribute(edge, "i"), a = source[k], b = target[k];
    openPanel(N.label[a] + " – " + N.label[b]);
    panel.dataset.kind = "edge";
    panel.appendChild(table([
      ["kind", L.kind[k]], ["weight", weight[k]], ["windows", L.count[k]], ["documents", L.docs[k]],
      ["Jaccard", L.jaccard[k]], ["NPMI", L.npmi[k]], ["association", L.association[k]],
      ["first date", L.first_date[k]], ["last date", L.last_date[k]],
    ]));
    var p = el("p");
    p.appendChild(link(N.label[a], function () { selectNode(String(a)); }));
    p.appendChild(document.createTextNode(" · "));
    p.appendChild(link(N.label[b], function () { selectNode(String(b)); }));
    panel.appendChild(p);
    if (!evidenceReady()) {
      // still being read: shown once it is, if the edge is still selected
      panel.appendChild(el("h2", "evidence (loading…)"));
      document.addEventListener("DOMContentLoaded", function () { if (state.edge === edge) showEdge(edge); });
      return;
    }
    var ev = evidence[k];
    panel.appendChild(el("h2", "evidence (" + ev.length + ")"));
    var ul = el("ul", null, "evidence");
    ev.forEach(function (x) {
      var li = el("li");
      li.appendChild(el("div", x[1], "text"));
      li.appendChild(el("div", x[0], "doc"));
      ul.appendChild(li);
    });
    panel.appendChild(ul);
  }

  function focusCamera(x, y) {
    var cam = renderer.getCamera();
    cam.animate({ x: x, y: y, ratio: Math.min(cam.ratio, 0.5) }, { duration: 300 });
  }

  function selectNode(node) {
    if (!graph.hasNode(node)) return false;
    state.node = node; state.edge = null;
    E.selectedNode = nodeId(node); E.selectedEdge = null; // the entity id
    setFocusNeighbours();
    showNode(node);
    var d = renderer.getNodeDisplayData(node);
    if (d) focusCamera(d.x, d.y);
    renderer.refresh({ skipIndexation: true });
    return true;
  }

  function selectEdge(edge) {
    if (!graph.hasEdge(edge)) return false;
    state.edge = edge; state.node = null;
    E.selectedEdge = edge; E.selectedNode = null;
    setFocusNeighbours();
    showEdge(edge);
    renderer.refresh({ skipIndexation: true });
    return true;
  }

  function clearSelection() {
    state.node = state.edge = null;
    E.selectedNode = E.selectedEdge = null;
    setFocusNeighbours();
    panel.hidden = true;
    panel.replaceChildren();
    renderer.refresh({ skipIndexation: true });
  }
  // for tests and the console: nodes by entity id, edges by key
  E.selectNode = function (id) { var key = nodeKey(id); return key !== null && selectNode(key); };
  E.selectEdge = selectEdge;
  E.nodeKey = nodeKey;
  E.nodeId = nodeId;

  /* ---- search over names and aliases ---- */
  function norm(s) { return s.normalize("NFKC").toLowerCase(); }
  var names = null; // [normalised name, node index, shown name or null (the label)]
  function nameIndex() { // made at the first search, not before the first frame
    names = [];
    for (var k = 0; k < nN; k++) {
      names.push([norm(N.label[k]), k, null]);
      N.aliases[k].forEach(function (al) { names.push([norm(al), k, al]); });
      if (N.id[k] !== N.label[k]) names.push([norm(N.id[k]), k, N.id[k]]);
    }
  }
  /* Exact matches first, then prefixes, then any substring; in each, the
   * more important node (PageRank) first. One row per node. */
  function search(text) {
    var q = norm(text.trim());
    if (!q) return [];
    if (!names) nameIndex();
    var best = new Map();
    for (var k = 0; k < names.length; k++) {
      var n = names[k], pos = n[0].indexOf(q);
      if (pos < 0) continue;
      var rank = n[0] === q ? 0 : pos === 0 ? 1 : 2;
      var old = best.get(n[1]);
      if (!old || rank < old.rank) best.set(n[1], { node: n[1], rank: rank, via: n[2] });
    }
    var out = Array.from(best.values());
    out.sort(function (a, b) {
      return a.rank - b.rank || N.pagerank[b.node] - N.pagerank[a.node] || a.node - b.node;
    });
    return out.slice(0, 20);
  }
  E.search = function (text) { return search(text).map(function (h) { return N.id[h.node]; }); };

  var input = document.getElementById("search"), results = document.getElementById("search-results");
  var hits = [], active = 0;
  function showResults() {
    results.replaceChildren();
    hits.forEach(function (h, k) {
      var li = el("li", N.label[h.node]);
      if (h.via) li.appendChild(el("span", " (" + h.via + ")", "alias"));
      if (k === active) li.className = "active";
      li.addEventListener("mousedown", function (ev) { ev.preventDefault(); pick(k); });
      results.appendChild(li);
    });
    results.hidden = hits.length === 0;
  }
  function pick(k) {
    if (!hits[k]) return;
    selectNode(String(hits[k].node));
    results.hidden = true;
  }
  input.addEventListener("input", function () { hits = search(input.value); active = 0; showResults(); });
  input.addEventListener("keydown", function (ev) {
    if (ev.key === "Enter") { if (!hits.length) hits = search(input.value); pick(active); }
    else if (ev.key === "ArrowDown") { active = Math.min(active + 1, hits.length - 1); showResults(); ev.preventDefault(); }
    else if (ev.key === "ArrowUp") { active = Math.max(active - 1, 0); showResults(); ev.preventDefault(); }
    else if (ev.key === "Escape") { results.hidden = true; }
  });
  input.addEventListener("blur", function () { results.hidden = true; });

  /* ---- filters ---- */
  var tf = document.getElementById("type-filters");
  types.forEach(function (t) {
    var lab = el("label"), cb = el("input");
    cb.type = "checkbox"; cb.checked = true; cb.value = t;
    cb.addEventListener("change", function () { applyFilters(); });
    lab.appendChild(cb);
    lab.appendChild(document.createTextNode(" " + t));
    tf.appendChild(lab);
  });
  document.getElementById("min-weight").addEventListener("input", function () { applyFilters(); });
  document.getElementById("hide-isolated").addEventListener("change", function () { applyFilters(); });
  if (dated) {
    document.getElementById("date-filter").hidden = false;
    document.getElementById("date-from").addEventListener("change", function () { applyFilters(); });
    document.getElementById("date-to").addEventListener("change", function () { applyFilters(); });
  }
  document.getElementById("color-by-type").addEventListener("change", function (ev) {
    state.byType = ev.target.checked; legend(); renderer.refresh({ skipIndexation: true });
  });
  document.getElementById("reset").addEventListener("click", function () {
    clearSelection(); renderer.getCamera().animatedReset({ duration: 300 });
  });

  /* ---- legend ---- */
  function legend() {
    var body = document.getElementById("legend-body");
    body.replaceChildren();
    var div;
    if (state.byType) {
      types.forEach(function (t, k) {
        div = el("div");
        var s = el("span", null, "swatch");
        s.style.background = TYPE_FILL[k % TYPE_FILL.length];
        div.appendChild(s); div.appendChild(document.createTextNode(t));
        body.appendChild(div);
      });
    } else {
      // the communities, each named after its most important member
      var comm = new Map();
      for (var k = 0; k < nN; k++) {
        var c = N.community[k], cur = comm.get(c);
        if (!cur) comm.set(c, cur = { n: 0, top: k, color: N.color[k] });
        cur.n++;
        if (N.pagerank[k] > N.pagerank[cur.top]) cur.top = k;
      }
      var list = Array.from(comm.entries()).filter(function (x) { return x[0] >= 0; });
      list.sort(function (a, b) { return a[0] - b[0]; });
      list.slice(0, 12).forEach(function (x) {
        div = el("div");
        var s = el("span", null, "swatch");
        s.style.background = x[1].color;
        div.appendChild(s);
        div.appendChild(document.createTextNode("community " + x[0] + ": " + N.label[x[1].top] + " … (" + x[1].n + ")"));
        body.appendChild(div);
      });
      if (list.length > 12) body.appendChild(el("div", "… " + (list.length - 12) + " more communities in grey"));
    }
    types.forEach(function (t) {
      div = el("div");
      var s = el("span", null, "ring");
      s.style.borderColor = TYPE_RING[t] || OTHER_RING;
      if (s.style.borderColor === "rgb(255, 255, 255)") s.style.outline = "1px solid #bbb";
      div.appendChild(s); div.appendChild(document.createTextNode("ring: " + t));
      body.appendChild(div);
    });
  }

  /* ---- ForceAtlas2 in a web worker ---- */
  var fa2 = null, fa2Button = document.getElementById("fa2");
  fa2Button.addEventListener("click", function () {
    if (!fa2) {
      var settings = graphologyLibrary.layoutForceAtlas2.inferSettings(graph);
      settings.barnesHutOptimize = graph.order > 2000;
      fa2 = new graphologyLibrary.FA2Layout(graph, { settings: settings, getEdgeWeight: "weight" });
    }
    if (fa2.isRunning()) { fa2.stop(); fa2Button.textContent = "Run ForceAtlas2"; }
    else { fa2.start(); fa2Button.textContent = "Stop ForceAtlas2"; }
  });
  E.fa2 = function () { return fa2; };

  /* ---- title and the size-limit note ---- */
  var title = meta.title || "entgraph";
  document.title = title;
  document.getElementById("title").textContent = title + " — " + meta.documents + " documents, " +
    meta.nodes + " nodes, " + meta.edges + " edges" + (meta.window ? ", window " + meta.window : "");
  if (meta.limited) {
    var note = document.getElementById("note");
    note.textContent = "This page shows the strongest part of the graph: the " + nN + " nodes of highest PageRank (of " +
      meta.nodes + ") and " + nL + " of the " + meta.edges + " edges among them" +
      (meta.edges_dropped ? " (the heaviest)" : "") + ". The graph files (GraphML, GEXF, JSON) hold all of it.";
    note.hidden = false;
  }

  legend();
  applyFilters(true); // nothing is filtered yet: the counts only
  mark("filters");
  /* sigma drew the first frame in its constructor; it is on screen after
   * the next paint, when a second animation frame begins */
  requestAnimationFrame(function () {
    requestAnimationFrame(function () {
      mark("first_render");
      E.firstRenderMs = performance.now();
      E.ready = true;
      document.body.dataset.ready = "1";
    });
  });
})();
