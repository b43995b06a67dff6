#!/usr/bin/env node
/* Opens a graph.html that entgraph wrote in headless Chromium (Debian's
 * /usr/bin/chromium, driven by playwright-core) from file:// and checks it.
 * One browser serves every case on the command line, each case in a page
 * of its own, cases separated by "--":
 *
 *   test_page.js sample A.html A.json A.png -- limited B.html B.json 10 -- …
 *
 * The page's graph has the node keys "0".."n-1" (see src/web/app.js);
 * entgraph.nodeId(key) and entgraph.nodeKey(id) map them to entity ids.
 *
 *   test_page.js sample PAGE.html GRAPH.json SCREENSHOT.png
 *       no console errors; the page's graph has exactly GRAPH.json's nodes
 *       and edges; searching 工行嘉兴分行 selects 中国工商银行嘉兴分行;
 *       clicking the edge 红旗出版社–北团村 shows its evidence; the
 *       screenshot of the drawing is not blank
 *   test_page.js hostile PAGE.html GRAPH.json SCREENSHOT.png
 *       the same graph checks, and every label (markup, quotes, U+2028) is
 *       shown as text: no dialog, no new element, the panel shows it as is
 *   test_page.js limited PAGE.html GRAPH.json N
 *       the page shows the N nodes of highest PageRank and says so
 *   test_page.js dated PAGE.html GRAPH.json
 *       the date, weight and isolated-node filters
 *   test_page.js ink FILE.png
 *       the picture is not blank
 *   test_page.js measure PAGE.html
 *       prints load and first-render times (for bench/, not a test)
 *
 * Prints "ok: …" lines and "FAIL: …" lines; exits 1 on any failure. */
"use strict";
const fs = require("fs");
const path = require("path");
const zlib = require("zlib");
const os = require("os");
const { chromium } = require("playwright-core");

const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";
const FLAGS = [
  "--headless=new", "--no-sandbox", "--use-gl=swiftshader", "--enable-unsafe-swiftshader",
  "--disable-gpu-sandbox", "--no-first-run", "--disable-background-networking",
  "--disable-component-update", "--disable-sync",
];

let failures = 0;
const opened = []; // the pages a case opened
function ok(what) { console.log("ok: " + what); }
function fail(what) { failures++; console.log("FAIL: " + what); }
function check(cond, what) { (cond ? ok : fail)(what); }

/* A PNG's pixels (8-bit RGB or RGBA, not interlaced: what Chromium writes). */
function decodePng(buf) {
  let pos = 8, width = 0, height = 0, ctype = 0;
  const idat = [];
  while (pos < buf.length) {
    const len = buf.readUInt32BE(pos), type = buf.toString("latin1", pos + 4, pos + 8);
    const body = buf.subarray(pos + 8, pos + 8 + len);
    if (type === "IHDR") {
      width = body.readUInt32BE(0); height = body.readUInt32BE(4);
      if (body[8] !== 8 || body[12] !== 0) throw new Error("unsupported PNG");
      ctype = body[9];
    } else if (type === "IDAT") idat.push(body);
    pos += 12 + len;
  }
  const bpp = ctype === 6 ? 4 : ctype === 2 ? 3 : 0;
  if (!bpp) throw new Error("unsupported PNG colour type " + ctype);
  const raw = zlib.inflateSync(Buffer.concat(idat)), stride = width * bpp;
  const out = Buffer.alloc(stride * height);
  for (let y = 0; y < height; y++) {
    const f = raw[y * (stride + 1)], line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    for (let x = 0; x < stride; x++) {
      const a = x >= bpp ? out[y * stride + x - bpp] : 0;
      const b = y ? out[(y - 1) * stride + x] : 0;
      const c = x >= bpp && y ? out[(y - 1) * stride + x - bpp] : 0;
      let v = line[x];
      if (f === 1) v += a;
      else if (f === 2) v += b;
      else if (f === 3) v += (a + b) >> 1;
      else if (f === 4) {
        const p = a + b - c, pa = Math.abs(p - a), pb = Math.abs(p - b), pc = Math.abs(p - c);
        v += pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      }
      out[y * stride + x] = v & 255;
    }
  }
  return { width, height, bpp, data: out };
}

/* Share of pixels that are not the background, and distinct colours. */
function inkStats(png) {
  const { width, height, bpp, data } = png;
  const bg = data.subarray(0, 3).join(",");
  let ink = 0;
  const colours = new Set();
  for (let i = 0; i < width * height; i++) {
    const o = i * bpp, key = data[o] + "," + data[o + 1] + "," + data[o + 2];
    if (key !== bg) ink++;
    if (colours.size < 1000) colours.add(key);
  }
  return { ink: ink / (width * height), colours: colours.size };
}

async function openPage(browser, file, errors) {
  const page = await browser.newPage();
  opened.push(page);
  page.on("console", (m) => { if (m.type() === "error") errors.push("console: " + m.text()); });
  page.on("pageerror", (e) => errors.push("page error: " + e.message));
  page.on("dialog", (d) => { errors.push("dialog opened: " + d.message()); d.dismiss(); });
  const t0 = Date.now();
  await page.goto("file://" + path.resolve(file), { timeout: 120000 });
  await page.waitForFunction(() => window.entgraph && window.entgraph.ready, null, { timeout: 120000 });
  const loadMs = Date.now() - t0;
  const firstRenderMs = await page.evaluate(() => window.entgraph.firstRenderMs);
  return { page, loadMs, firstRenderMs };
}

function pairKey(a, b) { return a < b ? a + "\t" + b : b + "\t" + a; }

/* the entity ids of the page's nodes */
function pageNodes(page) {
  return page.evaluate(() => window.entgraph.graph.mapNodes((k) => window.entgraph.nodeId(k)));
}

async function checkGraph(page, graphJson) {
  const g = JSON.parse(fs.readFileSync(graphJson, "utf8"));
  const want = g.nodes.map((n) => n.id).sort();
  const got = (await pageNodes(page)).sort();
  check(JSON.stringify(got) === JSON.stringify(want),
    "the page's nodes are graph.json's (" + got.length + " of " + want.length + ")");
  const wantE = g.links.map((l) => pairKey(l.source, l.target)).sort();
  const gotE = (await page.evaluate(() => window.entgraph.graph.mapEdges((e, a, s, t) =>
    [window.entgraph.nodeId(s), window.entgraph.nodeId(t)])))
    .map((p) => pairKey(p[0], p[1])).sort();
  check(JSON.stringify(gotE) === JSON.stringify(wantE),
    "the page's edges are graph.json's (" + gotE.length + " of " + wantE.length + ")");
  return g;
}

async function screenshot(page, out, minInk) {
  const box = await page.locator("#graph").boundingBox();
  const buf = await page.screenshot({ path: out, clip: box });
  const s = inkStats(decodePng(buf));
  check(s.ink > minInk && s.colours >= 5,
    "the screenshot of the drawing is not blank (" + (100 * s.ink).toFixed(1) + "% ink, " + s.colours + " colours)");
}

/* Clicks on the edge between nodes a and b: zooms in on it, then clicks
 * points along it until the page reports the edge selected. */
async function clickEdge(page, edge) {
  // a camera animation (selecting a node starts one) would undo setState
  await page.waitForFunction(() => !window.entgraph.renderer.getCamera().isAnimated());
  for (const t of [0.5, 0.4, 0.6, 0.3, 0.7]) {
    const pt = await page.evaluate(([edge, t]) => {
      const r = window.entgraph.renderer, g = window.entgraph.graph;
      const a = r.getNodeDisplayData(g.source(edge)), b = r.getNodeDisplayData(g.target(edge));
      const m = { x: a.x + t * (b.x - a.x), y: a.y + t * (b.y - a.y) };
      r.getCamera().setState({ x: m.x, y: m.y, ratio: Math.max(Math.hypot(b.x - a.x, b.y - a.y) * 1.5, 0.02) });
      r.refresh();
      return r.framedGraphToViewport(m);
    }, [edge, t]);
    await page.waitForTimeout(100);
    const rect = await page.locator("#graph").boundingBox();
    await page.mouse.click(rect.x + pt.x, rect.y + pt.y);
    await page.waitForTimeout(100);
    if ((await page.evaluate(() => window.entgraph.selectedEdge)) === edge) return true;
  }
  return false;
}

function findNode(g, label) { return g.nodes.find((n) => n.label === label); }

async function sample(browser, file, graphJson, shot) {
  const errors = [];
  const { page, loadMs, firstRenderMs } = await openPage(browser, file, errors);
  console.log("load " + loadMs + " ms, first render at " + Math.round(firstRenderMs) + " ms");
  const g = await checkGraph(page, graphJson);

  const bank = findNode(g, "中国工商银行嘉兴分行");
  check(bank && (bank.aliases || []).includes("工行嘉兴分行"), "the sample has 中国工商银行嘉兴分行 with alias 工行嘉兴分行");
  await page.fill("#search", "工行嘉兴分行");
  const listed = await page.locator("#search-results li").first().textContent();
  check(listed && listed.startsWith("中国工商银行嘉兴分行"), "search lists 中国工商银行嘉兴分行 first (" + listed + ")");
  await page.press("#search", "Enter");
  const sel = await page.evaluate(() => window.entgraph.selectedNode);
  check(bank && sel === bank.id, "Enter selects 中国工商银行嘉兴分行 (" + sel + ")");
  const h3 = await page.locator("#panel h3").textContent();
  check(h3 === "中国工商银行嘉兴分行", "the node panel is titled 中国工商银行嘉兴分行 (" + h3 + ")");
  // the panel lists every measure the page's data names, with the graph's value
  const rows = await page.evaluate(() =>
    Array.from(document.querySelectorAll("#panel tr")).map((tr) => Array.from(tr.cells).map((c) => c.textContent)));
  const measures = await page.evaluate(() => JSON.parse(document.getElementById("eg-data").textContent).meta.measures);
  const shown = Object.fromEntries(rows);
  check(measures.length >= 4 && measures.every(([col, label]) => label in shown),
    "the node panel lists the measures " + JSON.stringify(measures.map((m) => m[1])));
  check(bank && measures.every(([col, label]) => col in bank) && "PageRank" in shown && "k-core" in shown,
    "the measures are graph.json's columns, with PageRank and k-core among the rows");

  const a = findNode(g, "红旗出版社"), b = findNode(g, "北团村");
  const link = a && b && g.links.find((l) => pairKey(l.source, l.target) === pairKey(a.id, b.id));
  check(link && link.evidence && link.evidence.length > 0, "graph.json has the edge 红旗出版社–北团村 with evidence");
  if (link) {
    const edge = await page.evaluate(([s, t]) =>
      window.entgraph.graph.edge(window.entgraph.nodeKey(s), window.entgraph.nodeKey(t)), [a.id, b.id]);
    await page.evaluate(() => document.querySelector("#panel .close").click());
    const clicked = await clickEdge(page, edge);
    check(clicked, "clicking the edge 红旗出版社–北团村 selects it");
    const text = clicked ? await page.locator("#panel .evidence").textContent({ timeout: 5000 }) : "";
    check(text.includes(link.evidence[0].text), "the edge panel shows its evidence sentence");
    await page.evaluate(() => document.querySelector("#panel .close").click());
  }
  // ForceAtlas2 in its web worker (a blob: URL, which must work from file://)
  const before = await page.evaluate(() => window.entgraph.graph.mapNodes((n, a) => [a.x, a.y]));
  await page.click("#fa2");
  await page.waitForTimeout(1500);
  await page.click("#fa2");
  const fa2 = await page.evaluate(() => { const f = window.entgraph.fa2(); return f && !f.isRunning(); });
  const after = await page.evaluate(() => window.entgraph.graph.mapNodes((n, a) => [a.x, a.y]));
  const moved = after.filter((p, k) => p[0] !== before[k][0] || p[1] !== before[k][1]).length;
  check(fa2 && moved > after.length / 2, "Run ForceAtlas2 moves the nodes and stops (" + moved + " of " + after.length + " moved)");
  await page.evaluate(() => window.entgraph.renderer.getCamera().setState({ x: 0.5, y: 0.5, ratio: 1, angle: 0 }));
  await page.waitForTimeout(200);
  await screenshot(page, shot, 0.005);
  check(errors.length === 0, "no console errors" + (errors.length ? ": " + errors.join(" | ") : ""));
}

async function hostile(browser, file, graphJson, shot) {
  const errors = [];
  const { page } = await openPage(browser, file, errors);
  const g = await checkGraph(page, graphJson);
  const scripts = await page.evaluate(() => document.scripts.length);
  check(scripts === 6, "the page has its 6 script elements and no more (" + scripts + ")");
  const onAttrs = await page.evaluate(() =>
    Array.from(document.querySelectorAll("*")).filter((e) => Array.from(e.attributes).some((a) => /^on/i.test(a.name))).length);
  check(onAttrs === 0, "no element got an on* attribute (" + onAttrs + ")");
  for (const n of g.nodes) {
    const label = await page.evaluate((id) =>
      window.entgraph.graph.getNodeAttribute(window.entgraph.nodeKey(id), "label"), n.id);
    check(label === n.label, "label kept as text: " + JSON.stringify(n.label));
    await page.evaluate((id) => window.entgraph.selectNode(id), n.id);
    const h3 = await page.locator("#panel h3").textContent();
    check(h3 === n.label, "the panel shows it as text: " + JSON.stringify(h3));
  }
  const pwned = await page.evaluate(() => window.__pwned);
  check(pwned === undefined, "no label ran as script");
  // the whole graph, once the last selection's camera move has ended
  await page.waitForFunction(() => !window.entgraph.renderer.getCamera().isAnimated());
  await page.evaluate(() => document.querySelector("#panel .close").click());
  await page.evaluate(() => window.entgraph.renderer.getCamera().setState({ x: 0.5, y: 0.5, ratio: 1, angle: 0 }));
  await page.waitForTimeout(200);
  await screenshot(page, shot, 0.001);
  check(errors.length === 0, "no console errors" + (errors.length ? ": " + errors.join(" | ") : ""));
}

async function limited(browser, file, graphJson, n) {
  const errors = [];
  const { page } = await openPage(browser, file, errors);
  const g = JSON.parse(fs.readFileSync(graphJson, "utf8"));
  const want = g.nodes.slice().sort((a, b) => b.pagerank - a.pagerank || (a.id < b.id ? -1 : 1))
    .slice(0, +n).map((x) => x.id).sort();
  const got = (await pageNodes(page)).sort();
  check(got.length === +n && g.nodes.length > +n, "the page keeps " + n + " of " + g.nodes.length + " nodes");
  // ties in PageRank may be cut either way: compare the values
  const pr = new Map(g.nodes.map((x) => [x.id, x.pagerank]));
  const low = Math.min(...got.map((id) => pr.get(id))), high = Math.max(...g.nodes.filter((x) => !got.includes(x.id)).map((x) => x.pagerank));
  check(low >= high && want.length === got.length, "they are the nodes of highest PageRank");
  const note = await page.locator("#note");
  check(await note.isVisible(), "the page says it shows a part");
  const text = await note.textContent();
  check(text.includes(String(n)) && text.includes(String(g.nodes.length)), "the note gives both counts: " + text);
  check(errors.length === 0, "no console errors" + (errors.length ? ": " + errors.join(" | ") : ""));
}

/* The filters on a dated graph: a date range keeps the nodes and edges
 * dated within it; a minimum weight drops lighter edges; hiding isolated
 * nodes then drops the nodes left without an edge. */
async function dated(browser, file, graphJson) {
  const errors = [];
  const { page } = await openPage(browser, file, errors);
  const g = JSON.parse(fs.readFileSync(graphJson, "utf8"));
  check(await page.locator("#date-filter").isVisible(), "a dated graph gets the date filter");
  const shown = () => page.evaluate(() => window.entgraph.graph.filterNodes((n) =>
    !window.entgraph.renderer.getNodeDisplayData(n).hidden).map(window.entgraph.nodeId).sort());
  const dates = g.nodes.map((n) => n.first_date).filter(Boolean).sort();
  const cut = dates[0];
  await page.fill("#date-to", cut);
  await page.dispatchEvent("#date-to", "change");
  const want = g.nodes.filter((n) => !n.first_date || n.first_date <= cut).map((n) => n.id).sort();
  const got = await shown();
  check(JSON.stringify(got) === JSON.stringify(want) && want.length < g.nodes.length,
    "the date range up to " + cut + " keeps " + want.length + " of " + g.nodes.length + " nodes (" + got.length + ")");
  await page.fill("#date-to", "");
  await page.dispatchEvent("#date-to", "change");
  check((await shown()).length === g.nodes.length, "clearing the date shows them all again");
  const maxW = Math.max(...g.links.map((l) => l.weight));
  await page.fill("#min-weight", String(maxW + 1));
  await page.check("#hide-isolated");
  check((await shown()).length === 0, "a minimum weight above every edge's with isolated nodes hidden shows nothing");
  check(errors.length === 0, "no console errors" + (errors.length ? ": " + errors.join(" | ") : ""));
}

/* CPU seconds (user + system, reaped children included) that the browser
 * whose command line names userDir and all its descendants have used, in
 * all and by process type (browser, renderer, gpu-process, …): on a shared,
 * loaded machine a better measure of the work than wall time. */
function browserCpu(userDir) {
  const procs = new Map();
  for (const pid of fs.readdirSync("/proc").filter((d) => /^[0-9]+$/.test(d))) {
    try {
      const stat = fs.readFileSync("/proc/" + pid + "/stat", "latin1");
      const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      const cmd = fs.readFileSync("/proc/" + pid + "/cmdline", "latin1");
      const type = /--type=([a-z-]+)/.exec(cmd);
      procs.set(+pid, { ppid: +f[1], ticks: +f[11] + +f[12] + +f[13] + +f[14], root: cmd.includes(userDir),
        type: type ? type[1] : "browser" });
    } catch (e) { /* gone */ }
  }
  const inTree = (pid) => { for (let p = pid, k = 0; p > 1 && k < 50; k++) { const x = procs.get(p); if (!x) return false; if (x.root) return true; p = x.ppid; } return false; };
  const out = { total: 0 };
  for (const [pid, x] of procs) {
    if (!inTree(pid)) continue;
    out.total += x.ticks / 100;
    out[x.type] = (out[x.type] || 0) + x.ticks / 100;
  }
  return out;
}

/* One page load: bytes, wall time to the first frame (navigation to the
 * page's first_render mark, and as the driver saw it), the browser's CPU
 * seconds to then (all processes, and by type), the page's own marks (ms
 * since navigation: script start, JSON parsed, graph built, renderer made,
 * filters, first frame), when the browser had read the whole file
 * (DOMContentLoaded: the evidence after the scripts), and then the time
 * from an action to the frame that shows it (hover and leave the node of
 * highest PageRank, search, select it, select an edge, close the panel). */
async function measure(browser, file, userDir) {
  const errors = [];
  const cpu0 = browserCpu(userDir);
  const { page, loadMs, firstRenderMs } = await openPage(browser, file, errors);
  const cpu1 = browserCpu(userDir), cpu = {};
  for (const k in cpu1) cpu[k] = +(cpu1[k] - (cpu0[k] || 0)).toFixed(2);
  await page.waitForLoadState("domcontentloaded");
  const n = await page.evaluate(() => [window.entgraph.graph.order, window.entgraph.graph.size]);
  const timings = await page.evaluate(() => window.entgraph.timings);
  const dcl = await page.evaluate(() => Math.round(performance.getEntriesByType("navigation")[0].domContentLoadedEventStart));
  // then what a user does first, each timed to the frame that shows it
  const interaction = await page.evaluate(async () => {
    const E = window.entgraph, R = E.renderer, pr = E.data.nodes.pagerank;
    if (!pr) return null; // a page of another layout
    const frame = () => new Promise((res) => requestAnimationFrame(() => requestAnimationFrame(res)));
    const time = async (fn) => { const t = performance.now(); fn(); await frame(); return Math.round(performance.now() - t); };
    let top = 0;
    for (let k = 1; k < pr.length; k++) if (pr[k] > pr[top]) top = k;
    const out = {};
    out.hover = await time(() => R.emit("enterNode", { node: String(top) }));
    out.unhover = await time(() => R.emit("leaveNode", { node: String(top) }));
    out.search = await time(() => E.search(E.data.nodes.label[top].slice(0, 2)));
    out.select_node = await time(() => E.selectNode(E.data.nodes.id[top]));
    const edge = E.graph.size ? E.graph.edges()[0] : null;
    if (edge !== null) out.select_edge = await time(() => E.selectEdge(edge));
    out.clear = await time(() => document.querySelector("#panel .close").click());
    return out;
  });
  console.log(JSON.stringify({ file, bytes: fs.statSync(file).size, nodes: n[0], edges: n[1],
    load_ms: loadMs, first_render_ms: Math.round(firstRenderMs), browser_cpu_s: cpu.total, cpu_by_process: cpu,
    timings, dom_content_loaded_ms: dcl, interaction_ms: interaction, errors }));
}

const MODES = { sample: 3, hostile: 3, limited: 3, dated: 2, measure: 1, ink: 1 };
const USAGE = "usage: test_page.js MODE ARGS… [-- MODE ARGS…]…\n" +
  "  sample|hostile PAGE.html GRAPH.json SHOT.png, limited PAGE.html GRAPH.json N,\n" +
  "  dated PAGE.html GRAPH.json, measure PAGE.html, ink FILE.png";

(async () => {
  const cases = [[]];
  for (const a of process.argv.slice(2)) {
    if (a === "--") cases.push([]);
    else cases[cases.length - 1].push(a);
  }
  if (cases.some((c) => !(c[0] in MODES) || c.length !== MODES[c[0]] + 1)) {
    console.log(USAGE);
    process.exitCode = 2;
    return;
  }
  let browser = null, userDir = null;
  for (const [mode, file, graphJson, shot] of cases) {
    const started = Date.now();
    if (mode === "ink") {
      const st = inkStats(decodePng(fs.readFileSync(file)));
      check(st.ink > 0.005 && st.colours >= 5, "the picture is not blank (" + (100 * st.ink).toFixed(1) + "% ink, " + st.colours + " colours)");
      continue;
    }
    if (!browser) { // one browser for all the cases
      userDir = fs.mkdtempSync(path.join(os.tmpdir(), "entgraph-chromium-"));
      browser = await chromium.launchPersistentContext(userDir, {
        executablePath: CHROMIUM, headless: true, args: FLAGS, viewport: { width: 1280, height: 800 },
      }).catch((e) => { console.log("FAIL: cannot start " + CHROMIUM + ": " + e.message); process.exit(1); });
    }
    console.log("# " + mode + " " + path.basename(path.dirname(path.resolve(file))) + "/" + path.basename(file));
    try {
      if (mode === "sample") await sample(browser, file, graphJson, shot);
      else if (mode === "hostile") await hostile(browser, file, graphJson, shot);
      else if (mode === "limited") await limited(browser, file, graphJson, shot);
      else if (mode === "dated") await dated(browser, file, graphJson);
      else if (mode === "measure") await measure(browser, file, userDir);
    } catch (e) {
      fail(mode + ": exception: " + (e && e.stack || e));
    }
    // each case's pages closed before the next, so one cannot disturb another
    while (opened.length) await opened.pop().close().catch(() => {});
    if (mode !== "measure") console.log("# " + mode + ": " + (Date.now() - started) + " ms");
  }
  if (browser) {
    await browser.close();
    fs.rmSync(userDir, { recursive: true, force: true });
  }
  if (failures) process.exitCode = 1;
})();
