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
  // field positions in the rows written by export_html.c
  var N_ID = 0, N_LABEL = 1, N_TYPE = 2, N_ALIASES = 3, N_COUNT = 4, N_DOCS = 5, N_DEGREE = 6,
    N_STRENGTH = 7, N_PAGERANK = 8, N_BETWEENNESS = 9, N_COMMUNITY = 10, N_CORE = 11, N_X = 12,
    N_Y = 13, N_SIZE = 14, N_COLOR = 15, N_FIRST = 16, N_LAST = 17;
  var L_SOURCE = 0, L_TARGET = 1, L_WEIGHT = 2, L_COUNT = 3, L_DOCS = 4, L_JACCARD = 5, L_NPMI = 6,
    L_ASSOC = 7, L_KIND = 8, L_FIRST = 9, L_LAST = 10, L_EVIDENCE = 11;
  var FONT = '"Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", "WenQuanYi Micro Hei", sans-serif';
  // the type is shown by the node's ring; colour-by-type uses the fill
  var TYPE_RING = { PER: "#111111", ORG: "#8a8a8a", LOC: "#ffffff" };
  var TYPE_FILL = ["#d62728", "#1f77b4", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2", "#17becf"];
  var OTHER_RING = "#5d4037";

  var rows = data.nodes, links = data.links;
  var nN = rows.length, nL = links.length;
  var graph = new graphology.UndirectedGraph();
  var types = [], typeIndex = {};
  var minSize = Infinity, maxSize = -Infinity, maxWeight = 0, dated = false;
  for (var i = 0; i < nN; i++) {
    var r = rows[i];
    if (r[N_SIZE] < minSize) minSize = r[N_SIZE];
    if (r[N_SIZE] > maxSize) maxSize = r[N_SIZE];
    if (!(r[N_TYPE] in typeIndex)) { typeIndex[r[N_TYPE]] = types.length; types.push(r[N_TYPE]); }
    if (r[N_FIRST]) dated = true;
  }
  types.sort();
  types.forEach(function (t, k) { typeIndex[t] = k; });
  var sizeSpan = maxSize > minSize ? maxSize - minSize : 1;
  for (i = 0; i < nN; i++) {
    r = rows[i];
    graph.addNode(r[N_ID], {
      i: i, label: r[N_LABEL], x: r[N_X], y: r[N_Y],
      size: 4 + 16 * (r[N_SIZE] - minSize) / sizeSpan,
      color: r[N_COLOR], community: r[N_COMMUNITY],
      ring: TYPE_RING[r[N_TYPE]] || OTHER_RING,
      typeColor: TYPE_FILL[typeIndex[r[N_TYPE]] % TYPE_FILL.length],
    });
  }
  for (i = 0; i < nL; i++) if (links[i][L_WEIGHT] > maxWeight) maxWeight = links[i][L_WEIGHT];
  var logMax = Math.log(1 + maxWeight) || 1;
  for (i = 0; i < nL; i++) {
    var l = links[i];
    // graphology's own keys: a third faster than ours on 200 000 edges
    // every property sigma would add as a default, given up front: objects
    // of one shape, which V8 handles much faster on 200 000 edges
    graph.addEdge(rows[l[L_SOURCE]][N_ID], rows[l[L_TARGET]][N_ID], {
      i: i, weight: l[L_WEIGHT],
      size: 0.5 + 3.5 * Math.log(1 + l[L_WEIGHT]) / logMax,
      color: l[L_KIND] === "part_of" ? "#b9a2d6" : "#c8c8c8",
    });
  }

  mark("graph");

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
      hiddenNode[k] = typeOn[rows[k][N_TYPE]] && overlaps(rows[k][N_FIRST], rows[k][N_LAST], from, to) ? 0 : 1;
    for (k = 0; k < nL; k++) {
      var e = links[k];
      var h = hiddenNode[e[L_SOURCE]] || hiddenNode[e[L_TARGET]] || e[L_WEIGHT] < minW ||
        !overlaps(e[L_FIRST], e[L_LAST], from, to);
      hiddenEdge[k] = h ? 1 : 0;
      if (!h) { visDeg[e[L_SOURCE]]++; visDeg[e[L_TARGET]]++; }
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
  var NodeRing = Sigma.rendering.createNodeBorderProgram({
    borders: [
      { size: { value: 0.18 }, color: { attribute: "ring" } },
      { size: { fill: true }, color: { attribute: "color" } },
    ],
  });
  /* Past 50 000 edges the page draws them as one-pixel lines (sigma's
   * EdgeLineProgram: two vertices an edge instead of six) and does not
   * sort by zIndex: on 200 000 edges in software WebGL that halves the
   * work before the first frame. */
  var big = nL > 50000;
  var renderer = null;
  renderer = new Sigma(graph, container, {
    defaultNodeType: "ring",
    nodeProgramClasses: { ring: NodeRing },
    edgeProgramClasses: big ? { line: Sigma.rendering.EdgeLineProgram } : {},
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
    var ni = graph.getNodeAttribute(node, "i"), r = rows[ni];
    openPanel(r[N_LABEL]);
    panel.dataset.kind = "node";
    panel.appendChild(table([
      ["type", r[N_TYPE]], ["id", r[N_ID]], ["aliases", r[N_ALIASES].join("、")],
      ["mentions", r[N_COUNT]], ["documents", r[N_DOCS]],
      ["first date", r[N_FIRST]], ["last date", r[N_LAST]],
      ["degree", r[N_DEGREE]], ["strength", r[N_STRENGTH]], ["PageRank", r[N_PAGERANK]],
      ["betweenness", r[N_BETWEENNESS]], ["community", r[N_COMMUNITY]], ["k-core", r[N_CORE]],
    ]));
    var es = graph.edges(node).map(function (e) { return links[graph.getEdgeAttribute(e, "i")].concat([e]); });
    es.sort(function (a, b) { return b[L_WEIGHT] - a[L_WEIGHT] || a[12] - b[12]; });
    panel.appendChild(el("h2", "strongest neighbours (" + es.length + ")"));
    var ol = el("ol");
    es.slice(0, 15).forEach(function (e) {
      var other = e[L_SOURCE] === ni ? e[L_TARGET] : e[L_SOURCE];
      var li = el("li");
      var key = e[12];
      li.appendChild(link(rows[other][N_LABEL], function () { selectNode(rows[other][N_ID]); }));
      li.appendChild(document.createTextNode(" "));
      li.appendChild(link("(weight " + fmt(e[L_WEIGHT]) + ")", function () { selectEdge(key); }));
      ol.appendChild(li);
    });
    panel.appendChild(ol);
  }

  function showEdge(edge) {
    var e = links[graph.getEdgeAttribute(edge, "i")];
    var a = rows[e[L_SOURCE]], b = rows[e[L_TARGET]];
    openPanel(a[N_LABEL] + " – " + b[N_LABEL]);
    panel.dataset.kind = "edge";
    panel.appendChild(table([
      ["kind", e[L_KIND]], ["weight", e[L_WEIGHT]], ["windows", e[L_COUNT]], ["documents", e[L_DOCS]],
      ["Jaccard", e[L_JACCARD]], ["NPMI", e[L_NPMI]], ["association", e[L_ASSOC]],
      ["first date", e[L_FIRST]], ["last date", e[L_LAST]],
    ]));
    var p = el("p");
    p.appendChild(link(a[N_LABEL], function () { selectNode(a[N_ID]); }));
    p.appendChild(document.createTextNode(" · "));
    p.appendChild(link(b[N_LABEL], function () { selectNode(b[N_ID]); }));
    panel.appendChild(p);
    var ev = e[L_EVIDENCE];
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
    E.selectedNode = node; E.selectedEdge = null;
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
  E.selectNode = selectNode;
  E.selectEdge = selectEdge;

  /* ---- search over names and aliases ---- */
  function norm(s) { return s.normalize("NFKC").toLowerCase(); }
  var names = []; // [normalised name, node index, shown name or null (the label)]
  for (i = 0; i < nN; i++) {
    names.push([norm(rows[i][N_LABEL]), i, null]);
    rows[i][N_ALIASES].forEach(function (al) { names.push([norm(al), i, al]); });
    if (rows[i][N_ID] !== rows[i][N_LABEL]) names.push([norm(rows[i][N_ID]), i, rows[i][N_ID]]);
  }
  /* Exact matches first, then prefixes, then any substring; in each, the
   * more important node (PageRank) first. One row per node. */
  function search(text) {
    var q = norm(text.trim());
    if (!q) return [];
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
      return a.rank - b.rank || rows[b.node][N_PAGERANK] - rows[a.node][N_PAGERANK] || a.node - b.node;
    });
    return out.slice(0, 20);
  }
  E.search = function (text) { return search(text).map(function (h) { return rows[h.node][N_ID]; }); };

  var input = document.getElementById("search"), results = document.getElementById("search-results");
  var hits = [], active = 0;
  function showResults() {
    results.replaceChildren();
    hits.forEach(function (h, k) {
      var li = el("li", rows[h.node][N_LABEL]);
      if (h.via) li.appendChild(el("span", " (" + h.via + ")", "alias"));
      if (k === active) li.className = "active";
      li.addEventListener("mousedown", function (ev) { ev.preventDefault(); pick(k); });
      results.appendChild(li);
    });
    results.hidden = hits.length === 0;
  }
  function pick(k) {
    if (!hits[k]) return;
    selectNode(rows[hits[k].node][N_ID]);
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
        var c = rows[k][N_COMMUNITY], cur = comm.get(c);
        if (!cur) comm.set(c, cur = { n: 0, top: k, color: rows[k][N_COLOR] });
        cur.n++;
        if (rows[k][N_PAGERANK] > rows[cur.top][N_PAGERANK]) cur.top = k;
      }
      var list = Array.from(comm.entries()).filter(function (x) { return x[0] >= 0; });
      list.sort(function (a, b) { return a[0] - b[0]; });
      list.slice(0, 12).forEach(function (x) {
        div = el("div");
        var s = el("span", null, "swatch");
        s.style.background = x[1].color;
        div.appendChild(s);
        div.appendChild(document.createTextNode("community " + x[0] + ": " + rows[x[1].top][N_LABEL] + " … (" + x[1].n + ")"));
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
