#!/usr/bin/env bash
# The local API server under concurrent streaming clients, on a model of DeepSeek-R1-Distill-
# Qwen-1.5B's exact shape at Q4_0 (random weights), against llama.cpp decoding the same number of
# sequences in one context on the same file. A benchmark, not a test. Prints, for 1, 2, 4 and 8
# clients: the aggregate decode tokens/s, the per-stream rate, time to first token (p50/p95);
# then the ratios the goals are about:
#   4 streams / 1 stream (goal >= 3.0), 1 stream through the server / deskseek-cli bench decode
#   (goal >= 0.95; measured alternately five times, the median of the pairs' ratios), 4 streams /
#   llama.cpp's 4 sequences (goal >= 1.2).
#
#   bench/serve_bench.sh [--threads 2] [--clients "1 2 4 8"] [--prompt-tokens 128] [--gen-tokens 128]
#                        [--work DIR]
#
# Needs a build (scripts/test.sh or scripts/configure.sh) with the npm reference packages in
# BUILD_DIR/reference. The model is written to the work folder once (as bench/compare_llamacpp.sh does).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${BUILD_DIR:-$root/build}"
threads=2
clients="1 2 4 8"
prompt=128
gen=128
work="${TMPDIR:-/tmp}/deskseek-bench"
while [ $# -gt 0 ]; do
    case "$1" in
        --threads) threads="$2"; shift 2 ;;
        --clients) clients="$2"; shift 2 ;;
        --prompt-tokens) prompt="$2"; shift 2 ;;
        --gen-tokens) gen="$2"; shift 2 ;;
        --work) work="$2"; shift 2 ;;
        -h|--help) sed -n '2,15p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "serve_bench.sh: unknown option '$1' (try --help)" >&2; exit 2 ;;
    esac
done

script=serve_bench.sh
# shellcheck source=bench/common.sh
. "$root/bench/common.sh"
gguf="$(bench_gguf q4_0)"
name="$(basename "$gguf" .gguf)"
max_clients=1
for n in $clients; do [ "$n" -gt "$max_clients" ] && max_clients="$n"; done

cat "$gguf" > /dev/null
port="$("$node" -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')"
# The answers share one context (the default): room for all of them at once.
"$cli" serve "$gguf" --port "$port" --parallel "$max_clients" --threads "$threads" \
    --ctx $((max_clients * (prompt + gen + 64))) \
    > "$work/serve.log" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null || true' EXIT
for _ in $(seq 1 600); do
    curl -sf "http://127.0.0.1:$port/health" > /dev/null 2>&1 && break
    kill -0 "$server" 2>/dev/null || { cat "$work/serve.log" >&2; exit 1; }
    sleep 0.2
done
# One stream through the server against deskseek-cli bench, alternately five times: this
# machine's memory bandwidth drifts from one minute to the next (by up to half), so each pair
# measured side by side gives a ratio, and the median ratio counts.
benches=()
singles=()
for round in 1 2 3 4 5; do
    echo "deskseek-cli bench and one client through the server, round $round ..." >&2
    benches+=("$("$cli" bench "$gguf" --prompt-tokens "$prompt" --gen-tokens "$gen" --threads "$threads" --json 2>/dev/null)")
    singles+=("$(cd "$reference" && "$node" serve_clients.mjs "http://127.0.0.1:$port" "$name" 1 "$prompt" "$gen")")
done
rows=()
for n in $clients; do
    [ "$n" = 1 ] && continue
    echo "$n client(s) through the server ..." >&2
    rows+=("$(cd "$reference" && "$node" serve_clients.mjs "http://127.0.0.1:$port" "$name" "$n" "$prompt" "$gen")")
done
kill -TERM "$server"
wait "$server" || true
trap - EXIT

echo "llama.cpp, 4 sequences in one context ..." >&2
cat "$gguf" > /dev/null
llamacpp="$(cd "$reference" && "$node" llamacpp_parallel.mjs "$gguf" 4 "$prompt" "$gen" "$threads")"

printf '%s\n' "${singles[@]}" "${rows[@]}" > "$work/serve_results.jsonl"
printf '%s\n' "${benches[@]}" > "$work/serve_bench_cli.jsonl"
"$node" - "$work/serve_results.jsonl" "$work/serve_bench_cli.jsonl" "$llamacpp" "$threads" "$prompt" "$gen" <<'JS'
const fs = require("fs");
const [file, benchFile, llamaText, threads, prompt, gen] = process.argv.slice(2);
const lines = (name) => fs.readFileSync(name, "utf8").trim().split("\n").map((line) => JSON.parse(line));
const all = lines(file), benches = lines(benchFile), llama = JSON.parse(llamaText);
const singles = all.filter((r) => r.clients === 1);
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const medianRow = (list, key) => [...list].sort((a, b) => a[key] - b[key])[Math.floor(list.length / 2)];
const rows = [medianRow(singles, "aggregateTokensPerSecond"), ...all.filter((r) => r.clients !== 1)];
const bench = medianRow(benches, "decodeTokensPerSecond");
const pairRatios = singles.map((r, i) => r.aggregateTokensPerSecond / benches[i].decodeTokensPerSecond);
const f = (x, d = 2) => x.toFixed(d);
const cpu = (fs.readFileSync("/proc/cpuinfo", "utf8").match(/model name\s*:\s*(.*)/) || [, "?"])[1];
console.log(`Local API server, R1-Distill-Qwen-1.5B shape at Q4_0 (random weights), ${threads} threads, ${cpu}`);
console.log(`streaming clients with ${prompt}-token prompts, ${gen} tokens each; deskseek-cli bench: ${bench.device}`);
console.log("clients | aggregate decode tok/s | per stream tok/s (mean) | TTFT p50 s | TTFT p95 s");
for (const r of rows) {
    const mean = r.streamTokensPerSecond.reduce((a, b) => a + b, 0) / r.streamTokensPerSecond.length;
    console.log(`${String(r.clients).padStart(7)} | ${f(r.aggregateTokensPerSecond).padStart(22)} | ${f(mean).padStart(23)} | ${f(r.ttftP50, 3).padStart(10)} | ${f(r.ttftP95, 3).padStart(10)}`);
}
const one = rows.find((r) => r.clients === 1), four = rows.find((r) => r.clients === 4);
console.log(`llama.cpp, 4 sequences in one context: ${f(llama.aggregateTokensPerSecond)} tok/s aggregate`);
console.log(`one stream through the server, five rounds: ${singles.map((r) => f(r.aggregateTokensPerSecond)).join(", ")} tok/s`);
console.log(`deskseek-cli bench decode, each just before: ${benches.map((b) => f(b.decodeTokensPerSecond)).join(", ")} tok/s`);
if (one && four)
    console.log(`4 streams / 1 stream: ${f(four.aggregateTokensPerSecond / one.aggregateTokensPerSecond)} (goal >= 3.0)`);
if (one)
    console.log(`1 stream through the server / deskseek-cli bench, pair by pair: ${pairRatios.map((x) => f(x)).join(", ")}; median ${f(median(pairRatios))} (goal >= 0.95)`);
if (four)
    console.log(`4 streams / llama.cpp 4 sequences: ${f(four.aggregateTokensPerSecond / llama.aggregateTokensPerSecond)} (goal >= 1.2)`);
JS
