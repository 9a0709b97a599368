#!/usr/bin/env bash
# Lighthouse performance scores of course pages, in Debian's Chromium.
#
#   scripts/lighthouse.sh BASE_URL PATH...
#   e.g. scripts/lighthouse.sh http://127.0.0.1:3000 /modules/welcome/lesson /modules/welcome/slides/1
#
# Runs the Lighthouse CLI pinned in scripts/bench-tools/package.json (performance category only) against
# each page twice: Lighthouse's default mobile configuration (simulated slow 4G, 4x CPU slowdown,
# Moto G Power screen) and its desktop preset (`--preset=desktop`: simulated fast connection,
# no CPU slowdown). Prints the score (0-100) and FCP, LCP, TBT, CLS and Speed Index, plus the
# audits that cost points. When BENCH_RESULTS names a file, appends `key<TAB>value` lines:
#   lighthouse.<slug>.<preset>                    score, 0-100
#   lighthouse.<slug>.<preset>.fcp_ms / .lcp_ms / .tbt_ms / .si_ms / .cls
# <preset> is `mobile` or `desktop`; <slug> is the last non-numeric segment of PATH.
#
# Environment: LIGHTHOUSE_PRESETS="mobile desktop" (the default; either alone is fine),
# LIGHTHOUSE_OUT=DIR keeps the JSON reports there (else a temporary directory, removed at exit),
# LIGHTHOUSE_THROTTLING=devtools|provided replaces Lighthouse's default simulated throttling
# (then <preset> in the keys becomes e.g. `mobile-devtools`, so the figures are never mixed up).
# On 127.0.0.1 everything, the preloaded WebAssembly included, has arrived before the first
# paint, so the simulation counts it towards LCP: `devtools` throttles for real and shows
# whether that LCP is real. LIGHTHOUSE_RUNS=N (default 1) runs each page and preset N times and
# reports the median of each figure: on a busy 2-core machine TBT, and with it the mobile score,
# moves by several points from one run to the next.
# A run that fails prints Lighthouse's error, writes no score, and the script exits 1 after
# trying the rest; 2 is a usage error.

set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
LIGHTHOUSE="$ROOT/scripts/bench-tools/node_modules/.bin/lighthouse"
export CHROME_PATH=/usr/bin/chromium

if [ "$#" -lt 2 ]; then
  echo "usage: scripts/lighthouse.sh BASE_URL PATH..." >&2
  exit 2
fi
if [ ! -x "$LIGHTHOUSE" ]; then
  echo "lighthouse: $LIGHTHOUSE is missing; run: (cd scripts/bench-tools && PUPPETEER_SKIP_DOWNLOAD=1 npm ci --no-audit --no-fund)" >&2
  exit 2
fi
BASE_URL="${1%/}"
shift
PRESETS="${LIGHTHOUSE_PRESETS:-mobile desktop}"
THROTTLING="${LIGHTHOUSE_THROTTLING:-simulate}"
RUNS="${LIGHTHOUSE_RUNS:-1}"
if ! [[ "$RUNS" =~ ^[1-9][0-9]?$ ]]; then
  echo "lighthouse: LIGHTHOUSE_RUNS is a number from 1 to 99" >&2
  exit 2
fi
case "$THROTTLING" in
  simulate) throttling_flag=() ; label_suffix="" ;;
  devtools|provided) throttling_flag=(--throttling-method="$THROTTLING") ; label_suffix="-$THROTTLING" ;;
  *) echo "lighthouse: LIGHTHOUSE_THROTTLING is simulate, devtools or provided" >&2; exit 2 ;;
esac

if [ -n "${LIGHTHOUSE_OUT:-}" ]; then
  OUT="$LIGHTHOUSE_OUT"
  mkdir -p "$OUT"
else
  OUT="$(mktemp -d)"
  trap 'rm -rf "$OUT"' EXIT
fi

# The last path segment that is not a number: /modules/welcome/slides/1 -> slides.
slug_of() {
  local slug
  slug="$(printf '%s\n' "$1" | tr '/' '\n' | grep -v '^[0-9]*$' | tail -n 1 | tr -c 'A-Za-z0-9_\n-' '_')" || true
  printf '%s\n' "${slug:-home}"
}

# Reads a Lighthouse JSON report; prints the readable summary on stdout and the key<TAB>value
# lines on fd 3. Exits non-zero (printing why) when the report holds no performance score.
summarize() {
  node - "$1" "$2" "$3" "$4" <<'NODE'
const fs = require("fs");
const [file, slug, preset, run] = process.argv.slice(2);
const brief = Number(run) > 1;
const lhr = JSON.parse(fs.readFileSync(file, "utf8"));
const score = lhr.categories?.performance?.score;
if (lhr.runtimeError) console.log(`  !! Lighthouse runtime error: ${lhr.runtimeError.code}: ${lhr.runtimeError.message}`);
for (const w of lhr.runtimeWarnings ?? []) console.log(`  !! warning: ${w}`);
if (typeof score !== "number") {
  console.log("  !! no performance score in the report");
  process.exit(1);
}
const a = lhr.audits;
const num = (id) => a[id]?.numericValue;
const metrics = [
  ["fcp_ms", "first-contentful-paint", "First Contentful Paint"],
  ["lcp_ms", "largest-contentful-paint", "Largest Contentful Paint"],
  ["tbt_ms", "total-blocking-time", "Total Blocking Time"],
  ["cls", "cumulative-layout-shift", "Cumulative Layout Shift"],
  ["si_ms", "speed-index", "Speed Index"],
];
const lines = [];
const key = `lighthouse.${slug}.${preset}`;
lines.push(`${key}\t${Math.round(score * 100)}`);
const say = brief ? () => {} : console.log;
const compact = [];
say(`  ${preset}: performance ${Math.round(score * 100)}/100` +
  `  (Lighthouse ${lhr.lighthouseVersion}, ${lhr.configSettings.formFactor}, ` +
  `${lhr.configSettings.throttlingMethod} throttling, CPU x${lhr.configSettings.throttling?.cpuSlowdownMultiplier ?? "?"})`);
for (const [suffix, id, title] of metrics) {
  const v = num(id);
  if (typeof v !== "number") {
    say(`    ${title}: not measured`);
    continue;
  }
  const shown = suffix === "cls" ? v.toFixed(3) : `${Math.round(v)} ms`;
  compact.push(`${suffix.replace("_ms", "").toUpperCase()} ${shown}`);
  const weight = lhr.categories.performance.auditRefs.find((r) => r.id === id)?.weight ?? 0;
  say(`    ${title.padEnd(25)} ${shown.padStart(9)}  score ${Math.round((a[id].score ?? 0) * 100)} (weight ${weight})`);
  lines.push(`${key}.${suffix}\t${suffix === "cls" ? v.toFixed(4) : Math.round(v)}`);
}
if (brief) {
  console.log(`  ${preset} run ${run}: performance ${Math.round(score * 100)}/100; ${compact.join(", ")}`);
  fs.writeSync(3, lines.map((l) => `${l}\n`).join(""));
  process.exit(0);
}
// What costs points: failing opportunities and diagnostics, heaviest first.
const refs = lhr.categories.performance.auditRefs.filter((r) => !r.group || !r.group.startsWith("metrics"));
const costly = refs
  .map((r) => a[r.id])
  .filter((x) => x && x.score !== null && x.score < 0.9 && x.scoreDisplayMode !== "informative" && x.scoreDisplayMode !== "notApplicable")
  .filter((x) => x.id !== "network-dependency-tree-insight") // shown as the chain below
  .filter((x) => x.scoreDisplayMode !== "numeric" || x.id.endsWith("-insight")) // unweighted metrics: in diagnostics
  .sort((x, y) => (y.details?.overallSavingsMs ?? y.metricSavings?.LCP ?? 0) - (x.details?.overallSavingsMs ?? x.metricSavings?.LCP ?? 0));
for (const x of costly) {
  const savings = [];
  if (x.details?.overallSavingsMs) savings.push(`~${Math.round(x.details.overallSavingsMs)} ms`);
  if (x.details?.overallSavingsBytes) savings.push(`~${Math.round(x.details.overallSavingsBytes / 1024)} KiB`);
  console.log(`    - ${x.id.endsWith("-insight") ? "[insight] " : ""}${x.title}${x.displayValue ? `: ${x.displayValue}` : ""}${savings.length ? ` (saves ${savings.join(", ")})` : ""}`);
  const d = x.details;
  const rows = d?.type === "list" ? (d.items ?? []).flatMap((t) => t.items ?? []) : d?.items ?? [];
  const items = rows.slice(0, 4);
  for (const it of items) {
    const what = it.url ?? it.source?.url ?? it.node?.snippet ?? it.groupLabel ?? it.group ?? it.label ?? "";
    const ms = it.wastedMs ?? it.total ?? it.duration ?? it.reflowTime;
    const extra = ms ? ` ${Math.round(ms)} ms` : it.wastedBytes ? ` ${Math.round(it.wastedBytes / 1024)} KiB` : "";
    if (what) console.log(`        ${String(what).replace(/\s+/g, " ").slice(0, 140)}${extra}`);
  }
}
const lcpNode = a["largest-contentful-paint-element"]?.details?.items?.[0]?.items?.[0]?.node;
if (lcpNode) console.log(`    LCP element: ${lcpNode.snippet} ${lcpNode.selector ?? ""} "${(lcpNode.nodeLabel ?? "").replace(/\s+/g, " ").slice(0, 60)}"`);
const dv = (id) => a[id]?.displayValue;
const diag = [
  ["time to interactive", dv("interactive")],
  ["max potential FID", dv("max-potential-fid")],
  ["main-thread work", dv("mainthread-work-breakdown")],
  ["JS execution", dv("bootup-time")],
  ["long tasks", dv("long-tasks")],
  ["weight", dv("total-byte-weight")],
  ["cache", dv("uses-long-cache-ttl")],
].filter(([, v]) => v);
if (diag.length) console.log(`    diagnostics: ${diag.map(([k, v]) => `${k} ${v}`).join("; ")}`);
// The critical request chain Lighthouse sees (what the first paint waits on).
const tree = a["network-dependency-tree-insight"]?.details?.items?.find((i) => i.value?.type === "network-tree")?.value;
const walk = (chains, depth) => {
  for (const c of Object.values(chains ?? {})) {
    console.log(`    ${"  ".repeat(depth)}${depth ? "-> " : "chain: "}${c.url.replace(/^https?:\/\/[^/]+/, "")} (${Math.round(c.transferSize / 1024)} KiB, done at ${Math.round(c.navStartToEndTime)} ms)`);
    walk(c.children, depth + 1);
  }
};
if (tree) walk(tree.chains, 0);
fs.writeSync(3, lines.map((l) => `${l}\n`).join(""));
NODE
}

# The median of each key over several runs' key<TAB>value lines (stdin), in first-seen order.
median_lines() {
  node -e '
    const byKey = new Map();
    for (const line of require("fs").readFileSync(0, "utf8").split("\n").filter(Boolean)) {
      const [k, v] = line.split("\t");
      if (!byKey.has(k)) byKey.set(k, []);
      byKey.get(k).push(Number(v));
    }
    for (const [k, vs] of byKey) {
      vs.sort((a, b) => a - b);
      const m = vs.length % 2 ? vs[(vs.length - 1) / 2] : (vs[vs.length / 2 - 1] + vs[vs.length / 2]) / 2;
      console.log(`${k}\t${k.endsWith(".cls") ? m.toFixed(4) : Math.round(m)}`);
    }'
}

exec 4>&1 # the summary's readable part goes here while its key<TAB>value lines are captured
status=0
for path in "$@"; do
  slug="$(slug_of "$path")"
  url="$BASE_URL/${path#/}"
  echo
  echo "$url  [$slug]"
  for preset in $PRESETS; do
    case "$preset" in
      mobile) preset_flag=() ;;
      desktop) preset_flag=(--preset=desktop) ;;
      *) echo "  !! unknown preset '$preset' (mobile or desktop)" >&2; status=1; continue ;;
    esac
    label="$preset$label_suffix"
    collected=""
    succeeded=0
    for run in $(seq 1 "$RUNS"); do
      name="$slug.$label"
      if [ "$RUNS" -gt 1 ]; then name="$name.$run"; fi
      report="$OUT/$name.json"
      log="$OUT/$name.log"
      started=$SECONDS
      if ! "$LIGHTHOUSE" "$url" "${preset_flag[@]}" "${throttling_flag[@]}" \
        --only-categories=performance \
        --chrome-flags="--headless=new --no-sandbox --disable-gpu" \
        --output=json --output-path="$report" --quiet >"$log" 2>&1; then
        echo "  !! $label run $run: Lighthouse failed after $((SECONDS - started)) s:"
        sed 's/^/     /' "$log" | tail -n 20
        status=1
        continue
      fi
      # The first run in full; later runs as one line each.
      if lines="$(summarize "$report" "$slug" "$label" "$run" 3>&1 1>&4)"; then
        collected+="$lines"$'\n'
        succeeded=$((succeeded + 1))
      else
        status=1
      fi
      if [ "$run" -eq 1 ]; then echo "    ($((SECONDS - started)) s; report: $report)"; fi
    done
    if [ "$succeeded" -gt 0 ]; then
      final="$(printf '%s' "$collected" | median_lines)"
      if [ "$RUNS" -gt 1 ]; then
        echo "  $label, median of $succeeded of $RUNS run(s):"
        printf '%s\n' "$final" | sed "s/^lighthouse\.$slug\.//; s/^/    /"
      fi
      if [ -n "${BENCH_RESULTS:-}" ]; then printf '%s\n' "$final" >>"$BENCH_RESULTS"; fi
    fi
  done
done
exit "$status"
