#!/usr/bin/env node
// Cold and warm page views, measured in Debian's Chromium through the DevTools protocol.
//
//   node scripts/cold_view.mjs BASE_URL PATH...
//   e.g. node scripts/cold_view.mjs http://127.0.0.1:3000 /modules/welcome/lesson /modules/welcome/slides/1
//
// For each PATH: a fresh browser context (empty cache) opens the page, waits until the app has
// hydrated (the `data-hydrated` attribute that `hydrate()` in app/src/lib.rs sets on <body>) and
// the network is idle, and sums the bytes transferred (Network.loadingFinished's
// encodedDataLength: headers and body as they came over the wire), by kind: document, CSS, JS,
// WebAssembly, other. Then a second tab in the same context (same HTTP cache) opens the page
// again: the warm view, which should cost the HTML alone when static assets are cacheable.
//
// Prints a readable report and, when BENCH_RESULTS names a file, appends `key<TAB>value` lines:
//   cold.<slug>.total_bytes, .html_bytes, .css_bytes, .js_bytes, .wasm_bytes, .other_bytes,
//   .requests, .warm_total_bytes, .time_to_hydrated_ms, .fcp_ms, .hydrated, .warm_hydrated (1/0),
//   .failed_requests, .console_errors (cold and warm views together), .wasm_files (how many),
//   .wasm_file.<filename>
// where <slug> is the last non-numeric segment of PATH (`lesson`, `slides`). No figure is
// written that was not measured: a page that never hydrates gets no time_to_hydrated_ms.
//
// Exit status: 0 when every page hydrated, cold and warm; 1 when one did not (its figures are
// still printed and written); 2 on a usage error or a browser that would not start.

import { createRequire } from "node:module";
import { appendFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const require = createRequire(join(ROOT, "end2end", "package.json"));
const { chromium } = require("@playwright/test");

const HYDRATION_TIMEOUT_MS = 20_000;
const IDLE_TIMEOUT_MS = 15_000;
const UNCAUGHT_GRACE_MS = 2_000;
const HYDRATED_ATTRIBUTE = "data-hydrated";

// The same flags as end2end/playwright.config.ts: no reaching for the network.
const LAUNCH = {
  executablePath: "/usr/bin/chromium",
  headless: true,
  args: [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
  ],
};

function usage(message) {
  if (message) console.error(`cold_view: ${message}`);
  console.error("usage: node scripts/cold_view.mjs BASE_URL PATH...");
  process.exit(2);
}

const [baseArg, ...paths] = process.argv.slice(2);
if (!baseArg || paths.length === 0) usage();
let base;
try {
  base = new URL(baseArg);
} catch {
  usage(`not a URL: ${baseArg}`);
}

const results = [];
function emit(key, value) {
  results.push(`${key}\t${value}`);
}

// `/modules/welcome/slides/1` -> `slides`; `/` -> `home`; a repeated slug gets `-2`, `-3`...
const usedSlugs = new Map();
function slugOf(path) {
  const segments = new URL(path, base).pathname.split("/").filter(Boolean);
  const named = segments.filter((s) => !/^\d+$/.test(s));
  let slug = (named.at(-1) ?? "home").replace(/[^A-Za-z0-9_-]+/g, "_") || "home";
  const seen = usedSlugs.get(slug) ?? 0;
  usedSlugs.set(slug, seen + 1);
  if (seen > 0) slug = `${slug}-${seen + 1}`;
  return slug;
}

function kindOf(entry) {
  const mime = (entry.mimeType || "").toLowerCase();
  const url = entry.url.split(/[?#]/)[0].toLowerCase();
  if (mime === "application/wasm" || url.endsWith(".wasm")) return "wasm";
  if (entry.type === "Document" || mime === "text/html") return "html";
  if (mime === "text/css" || entry.type === "Stylesheet") return "css";
  if (mime.includes("javascript") || entry.type === "Script" || /\.m?js$/.test(url)) return "js";
  return "other";
}

const fmt = (bytes) =>
  bytes >= 1024 * 1024
    ? `${(bytes / 1024 / 1024).toFixed(2)} MiB`
    : bytes >= 1024
      ? `${(bytes / 1024).toFixed(1)} KiB`
      : `${bytes} B`;
const pad = (s, n) => String(s).padStart(n);

// Records every request of one page through its own CDP session.
async function recordNetwork(context, page) {
  const cdp = await context.newCDPSession(page);
  const requests = new Map(); // requestId -> entry
  const entryFor = (id) => {
    let e = requests.get(id);
    if (!e) {
      e = { id, url: "", type: "", mimeType: "", status: 0, bytes: 0, streamed: 0, done: false, fromCache: false, failed: "" };
      requests.set(id, e);
    }
    return e;
  };
  const redirects = []; // hops of a redirect chain share a requestId; each hop is its own entry
  cdp.on("Network.requestWillBeSent", (ev) => {
    if (ev.redirectResponse && requests.has(ev.requestId)) {
      const hop = requests.get(ev.requestId);
      hop.status = ev.redirectResponse.status;
      hop.bytes = ev.redirectResponse.encodedDataLength ?? 0;
      hop.done = true;
      redirects.push(hop);
      requests.delete(ev.requestId);
    }
    const e = entryFor(ev.requestId);
    e.url = ev.request.url;
    e.type = ev.type ?? e.type;
  });
  cdp.on("Network.requestServedFromCache", (ev) => {
    entryFor(ev.requestId).fromCache = true;
  });
  cdp.on("Network.responseReceived", (ev) => {
    const e = entryFor(ev.requestId);
    e.url = ev.response.url;
    e.type = ev.type ?? e.type;
    e.mimeType = ev.response.mimeType;
    e.status = ev.response.status;
    if (ev.response.fromDiskCache || ev.response.fromPrefetchCache) e.fromCache = true;
  });
  cdp.on("Network.responseReceivedExtraInfo", (ev) => {
    // The status on the wire: a revalidated response shows 200 above but came as 304.
    entryFor(ev.requestId).wireStatus = ev.statusCode;
  });
  cdp.on("Network.dataReceived", (ev) => {
    entryFor(ev.requestId).streamed += ev.encodedDataLength ?? 0;
  });
  cdp.on("Network.loadingFinished", (ev) => {
    const e = entryFor(ev.requestId);
    e.bytes = ev.encodedDataLength;
    e.done = true;
  });
  cdp.on("Network.loadingFailed", (ev) => {
    const e = entryFor(ev.requestId);
    e.type = ev.type ?? e.type;
    e.failed = ev.canceled
      ? "canceled"
      : [ev.errorText || "failed", ev.blockedReason && `blocked: ${ev.blockedReason}`].filter(Boolean).join(", ");
    e.bytes = e.streamed;
    e.done = true;
  });
  await cdp.send("Network.enable");
  return {
    all: () => [...redirects, ...requests.values()].filter((e) => e.url && !e.url.startsWith("data:")),
    pending: () => [...requests.values()].filter((e) => e.url && !e.done && !e.url.startsWith("data:")).length,
    detach: () => cdp.detach().catch(() => {}),
  };
}

function summarize(entries) {
  const by = { html: 0, css: 0, js: 0, wasm: 0, other: 0 };
  let total = 0;
  for (const e of entries) {
    e.kind = kindOf(e);
    by[e.kind] += e.bytes;
    total += e.bytes;
  }
  const failed = entries.filter((e) => e.status >= 400 || (e.failed && e.failed !== "canceled"));
  return { by, total, failed };
}

// Notes the moment (ms after navigation start) the app marks <body> as hydrated.
function hydrationProbe(attribute) {
  const mark = () => {
    if (window.__hydratedAt === undefined && document.body?.hasAttribute(attribute)) {
      window.__hydratedAt = performance.now();
    }
  };
  new MutationObserver(mark).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: [attribute] });
}

// Runs in the page: a console argument as text, a DOM node as the start of its markup.
function describeArg(x) {
  if (!(x instanceof Node)) return typeof x === "string" ? x : JSON.stringify(x) ?? String(x);
  const markup = (n) => (n.outerHTML ?? `<${n.nodeName}>${n.textContent ?? ""}`).replace(/\s+/g, " ").slice(0, 160);
  const prev = x.previousSibling ? markup(x.previousSibling) : "nothing";
  return `[node ${markup(x)} in <${x.parentNode?.nodeName?.toLowerCase()}>, after ${prev}]`;
}

async function settle(page, net) {
  await page.waitForLoadState("networkidle", { timeout: IDLE_TIMEOUT_MS }).catch(() => {});
  // loadingFinished can trail Playwright's idle signal; give stragglers a moment.
  for (let i = 0; i < 50 && net.pending() > 0; i++) await page.waitForTimeout(100);
}

async function view(context, url) {
  const page = await context.newPage();
  const consoleErrors = [];
  const described = []; // console arguments that are DOM nodes, spelled out (hydration errors print one)
  page.on("console", (msg) => {
    if (msg.type() !== "error") return;
    const at = consoleErrors.push(msg.text()) - 1;
    if (!msg.text().includes("JSHandle@")) return;
    described.push(
      Promise.all(msg.args().map((arg) => arg.evaluate(describeArg).catch(() => "?")))
        .then((parts) => { consoleErrors[at] = parts.join(" "); })
        .catch(() => {}),
    );
  });
  let uncaught; // a panic during hydration means it will never finish: stop waiting soon after
  const crashed = new Promise((resolve) => { uncaught = resolve; });
  page.on("pageerror", (err) => {
    consoleErrors.push(`uncaught: ${err.message}`);
    uncaught(err);
  });
  const net = await recordNetwork(context, page);
  const out = { consoleErrors, hydrated: false, hydratedAt: undefined, fcp: undefined, error: "" };
  try {
    const response = await page.goto(url, { waitUntil: "load", timeout: 30_000 });
    out.status = response?.status();
    let gaveUp = "";
    try {
      const hydrated = page.waitForFunction(
        (a) => document.body?.getAttribute(a) === "true",
        HYDRATED_ATTRIBUTE,
        { timeout: HYDRATION_TIMEOUT_MS, polling: 50 },
      );
      hydrated.catch(() => {});
      const abandoned = crashed
        .then(async (err) => {
          await page.waitForTimeout(UNCAUGHT_GRACE_MS);
          gaveUp = err.message.split("\n")[0];
          throw err;
        });
      abandoned.catch(() => {});
      await Promise.race([hydrated, abandoned]);
      out.hydrated = true;
    } catch {
      out.error = gaveUp
        ? `not hydrated: uncaught error "${gaveUp}" (waited ${UNCAUGHT_GRACE_MS / 1000} s more)`
        : `not hydrated within ${HYDRATION_TIMEOUT_MS / 1000} s (no ${HYDRATED_ATTRIBUTE} on <body>)`;
    }
    await settle(page, net);
    const timing = await page.evaluate(() => ({
      hydratedAt: window.__hydratedAt,
      fcp: performance.getEntriesByName("first-contentful-paint")[0]?.startTime,
    }));
    if (out.hydrated && typeof timing.hydratedAt === "number") out.hydratedAt = timing.hydratedAt;
    out.fcp = timing.fcp;
  } catch (err) {
    out.error = `navigation failed: ${err.message.split("\n")[0]}`;
  }
  await Promise.race([Promise.all(described), page.waitForTimeout(2000)]).catch(() => {});
  out.entries = net.all();
  out.pendingAtEnd = net.pending();
  Object.assign(out, summarize(out.entries));
  await net.detach();
  await page.close();
  return out;
}

function printView(label, v) {
  console.log(`  ${label}: ${fmt(v.total)} in ${v.entries.length} request(s)` +
    `  [html ${fmt(v.by.html)}, css ${fmt(v.by.css)}, js ${fmt(v.by.js)}, wasm ${fmt(v.by.wasm)}, other ${fmt(v.by.other)}]`);
  for (const e of v.entries) {
    const path = e.url.startsWith(base.origin) ? e.url.slice(base.origin.length) : e.url;
    const how = e.failed ? ` FAILED (${e.failed})` : e.fromCache ? " (from cache)" : "";
    const status = e.wireStatus && e.wireStatus !== e.status ? `${e.wireStatus}` : e.status || "-";
    console.log(`    ${pad(status, 3)} ${pad(e.kind, 5)} ${pad(fmt(e.bytes), 10)}  ${path}${how}`);
  }
}

let browser;
try {
  browser = await chromium.launch(LAUNCH);
} catch (err) {
  console.error(`cold_view: Chromium would not start: ${err.message}`);
  process.exit(2);
}

let allHydrated = true;
const started = Date.now();
for (const path of paths) {
  const url = new URL(path, base).href;
  const slug = slugOf(path);
  const context = await browser.newContext(); // a fresh, empty HTTP cache
  await context.addInitScript(hydrationProbe, HYDRATED_ATTRIBUTE);
  const cold = await view(context, url);
  const warm = await view(context, url);
  await context.close();

  console.log(`\n${url}  [${slug}]`);
  if (cold.error) console.log(`  !! cold view: ${cold.error}`);
  if (cold.hydratedAt !== undefined) {
    console.log(`  hydrated ${cold.hydratedAt.toFixed(0)} ms after navigation start` +
      (cold.fcp !== undefined ? ` (first contentful paint ${cold.fcp.toFixed(0)} ms)` : ""));
  }
  printView("cold view", cold);
  const wasmFiles = cold.entries.filter((e) => e.kind === "wasm");
  for (const e of wasmFiles) {
    const name = new URL(e.url).pathname.split("/").pop();
    console.log(`  wasm file: ${name} ${fmt(e.bytes)} transferred`);
  }
  if (warm.error) console.log(`  !! warm view: ${warm.error}`);
  if (warm.hydratedAt !== undefined) console.log(`  warm view hydrated ${warm.hydratedAt.toFixed(0)} ms after navigation start`);
  printView("warm view", warm);
  for (const [label, v] of [["cold", cold], ["warm", warm]]) {
    for (const e of v.failed) console.log(`  !! ${label} failed request: ${e.status || "-"} ${e.url} ${e.failed}`);
    for (const m of v.consoleErrors) {
      const lines = m.split("\n").filter((l) => l.trim() && !/^\s*at /.test(l) && !/^(Stack:|Error)$/.test(l.trim()));
      const more = lines.length > 2 ? ` [+${lines.length - 2} more lines]` : "";
      console.log(`  !! ${label} console error: ${lines.slice(0, 2).join(" | ").slice(0, 400)}${more}`);
    }
    if (v.pendingAtEnd) console.log(`  !! ${label}: ${v.pendingAtEnd} request(s) still unfinished when measured`);
  }
  if (!cold.failed.length && !warm.failed.length) console.log("  failed requests: none");
  if (!cold.consoleErrors.length && !warm.consoleErrors.length) console.log("  console errors: none");

  const k = `cold.${slug}`;
  if (!cold.error.startsWith("navigation failed")) {
    emit(`${k}.total_bytes`, cold.total);
    emit(`${k}.html_bytes`, cold.by.html);
    emit(`${k}.css_bytes`, cold.by.css);
    emit(`${k}.js_bytes`, cold.by.js);
    emit(`${k}.wasm_bytes`, cold.by.wasm);
    emit(`${k}.other_bytes`, cold.by.other);
    emit(`${k}.requests`, cold.entries.length);
    emit(`${k}.wasm_files`, wasmFiles.length);
    for (const e of wasmFiles) emit(`${k}.wasm_file.${new URL(e.url).pathname.split("/").pop()}`, e.bytes);
  }
  if (!warm.error.startsWith("navigation failed")) emit(`${k}.warm_total_bytes`, warm.total);
  if (cold.hydratedAt !== undefined) emit(`${k}.time_to_hydrated_ms`, Math.round(cold.hydratedAt));
  if (cold.fcp !== undefined) emit(`${k}.fcp_ms`, Math.round(cold.fcp));
  emit(`${k}.hydrated`, cold.hydrated ? 1 : 0);
  emit(`${k}.warm_hydrated`, warm.hydrated ? 1 : 0);
  emit(`${k}.failed_requests`, cold.failed.length + warm.failed.length);
  emit(`${k}.console_errors`, cold.consoleErrors.length + warm.consoleErrors.length);
  if (!cold.hydrated || !warm.hydrated) allHydrated = false;
  if (process.env.BENCH_RESULTS) {
    appendFileSync(process.env.BENCH_RESULTS, results.map((l) => `${l}\n`).join(""));
  }
  results.length = 0;
}
await browser.close();
console.log(`\n(${((Date.now() - started) / 1000).toFixed(1)} s)`);

process.exit(allHydrated ? 0 : 1);
