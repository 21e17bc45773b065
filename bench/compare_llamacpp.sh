#!/usr/bin/env bash
# DeskSeek's engine against llama.cpp on a model of DeepSeek-R1-Distill-Qwen-1.5B's exact shape
# (qwen2, 1536 hidden, 28 layers, 12/2 heads, 8960 FFN, 151936 vocab) with random weights: the
# same GGUF file for both, the same thread count. Prints prefill and decode tokens/s of both and
# their ratio, time to first token and peak memory (against 1.3 x file + KV cache; 1.1 x for the
# K-quant files). A benchmark, not a test.
#
#   bench/compare_llamacpp.sh [--threads 2] [--types "f32 q8_0 q4_0"] [--prompt-tokens 512]
#                             [--gen-tokens 128] [--work DIR] [--profile] [--shape deepseek-v2-lite]
#
# --shape deepseek-v2-lite: DeepSeek-V2-Lite's shape instead (deepseek2: latent attention, 64
# experts of which 6 per token; 31 GB in BF16, 8.9 GB at Q4_0; default types "q4_0"), with
# peak memory held to 1.1 x file + cache.
#
# Needs a build (scripts/test.sh or scripts/configure.sh) with the npm reference packages in
# BUILD_DIR/reference. The model (3.5 GB in BF16, plus 6.6 GB F32, 1.9 GB Q8_0 and 1 GB Q4_0
# GGUFs) is written to the work folder once and reused.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${BUILD_DIR:-$root/build}"
threads=2
types="f32 q8_0 q4_0"
prompt=512
gen=128
work="${TMPDIR:-/tmp}/deskseek-bench"
profile=()
shape=r1-distill-qwen-1.5b
typesGiven=""
for arg in "$@"; do [ "$arg" = --types ] && typesGiven=1; done
while [ $# -gt 0 ]; do
    case "$1" in
        --threads) threads="$2"; shift 2 ;;
        --types) types="$2"; shift 2 ;;
        --prompt-tokens) prompt="$2"; shift 2 ;;
        --gen-tokens) gen="$2"; shift 2 ;;
        --work) work="$2"; shift 2 ;;
        --profile) profile=(--profile); shift ;;
        --shape) shape="$2"; shift 2 ;;
        -h|--help) sed -n '2,17p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "compare_llamacpp.sh: unknown option '$1' (try --help)" >&2; exit 2 ;;
    esac
done

[ "$shape" = deepseek-v2-lite ] && [ -z "$typesGiven" ] && types="q4_0"
case "$shape" in
    r1-distill-qwen-1.5b) title="R1-Distill-Qwen-1.5B shape"; limitFactor=1.3 ;;
    deepseek-v2-lite) title="DeepSeek-V2-Lite shape (deepseek2, 64 experts, 6 active)"; limitFactor=1.1 ;;
    *) echo "compare_llamacpp.sh: unknown shape '$shape' (r1-distill-qwen-1.5b or deepseek-v2-lite)" >&2; exit 2 ;;
esac
script=compare_llamacpp.sh
# shellcheck source=bench/common.sh
. "$root/bench/common.sh"

results=()
for type in $types; do
    gguf="$(bench_gguf "$type")"
    # Both engines map the file: read it into the page cache first, so that neither pays for the disk.
    echo "[$type] DeskSeek ..." >&2
    cat "$gguf" > /dev/null
    ours="$("$cli" bench "$gguf" --prompt-tokens "$prompt" --gen-tokens "$gen" --threads "$threads" --json "${profile[@]}" 2>/dev/null)"
    echo "[$type] llama.cpp ..." >&2
    cat "$gguf" > /dev/null
    theirs="$(cd "$reference" && "$node" llamacpp_bench.mjs "$gguf" "$prompt" "$gen" "$threads")"
    results+=("{\"type\":\"$type\",\"file\":$(stat -L -c %s "$gguf"),\"ours\":$ours,\"llamacpp\":$theirs}")
done

printf '%s\n' "${results[@]}" > "$work/results.jsonl"
"$node" - "$work/results.jsonl" "$threads" "$prompt" "$gen" "$title" "$limitFactor" <<'JS'
const fs = require("fs");
const [file, threads, prompt, gen, title, limitFactor] = process.argv.slice(2);
const rows = fs.readFileSync(file, "utf8").trim().split("\n").map((line) => JSON.parse(line));
const f = (x, d = 2) => x.toFixed(d);
const gb = (x) => (x / 1e9).toFixed(2) + " GB";
console.log(`${title}, random weights, CPU, ${threads} threads, ${prompt}-token prompt, ${gen} generated tokens`);
// The K-quant files (the community-GGUF goal) are held to 1.1 x file + KV cache.
const factorOf = (type) => (/_k/.test(type) ? 1.1 : Number(limitFactor));
console.log(`type  | prefill tok/s: DeskSeek  llama.cpp  ratio | decode tok/s: DeskSeek  llama.cpp  ratio | TTFT s: DeskSeek  llama.cpp | peak RSS: DeskSeek (limit: factor x file + KV)`);
for (const r of rows) {
    const o = r.ours, l = r.llamacpp;
    const limit = factorOf(r.type) * r.file + o.cacheBytes;
    console.log(
        `${r.type.padEnd(5)} | ${f(o.prefillTokensPerSecond).padStart(22)} ${f(l.prefillTokensPerSecond).padStart(10)} ${f(o.prefillTokensPerSecond / l.prefillTokensPerSecond).padStart(6)} |` +
        ` ${f(o.decodeTokensPerSecond).padStart(21)} ${f(l.decodeTokensPerSecond).padStart(10)} ${f(o.decodeTokensPerSecond / l.decodeTokensPerSecond).padStart(6)} |` +
        ` ${f(o.timeToFirstTokenSeconds).padStart(16)} ${f(l.timeToFirstTokenSeconds).padStart(10)} |` +
        ` ${gb(o.peakRssBytes)} (${factorOf(r.type)} x: ${gb(limit)}${o.peakRssBytes <= limit ? ", within" : ", OVER"})`);
    if (o.bandwidthLimitTokensPerSecond > 0)
        console.log(`        memory bandwidth ${f(o.bandwidthGBs, 1)} GB/s, ${gb(o.bytesReadPerToken)} read per token: at most ` +
            `${f(o.bandwidthLimitTokensPerSecond, 1)} tok/s; DeskSeek decodes at ${f(100 * o.decodeTokensPerSecond / o.bandwidthLimitTokensPerSecond, 0)}%, ` +
            `llama.cpp at ${f(100 * l.decodeTokensPerSecond / o.bandwidthLimitTokensPerSecond, 0)}%`);
    if (o.profile) {
        const total = Object.values(o.profile).reduce((a, b) => a + b, 0);
        console.log("        where DeskSeek's time goes: " + Object.entries(o.profile)
            .sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${f(100 * v / total, 1)}%`).join(", "));
    }
}
JS
echo "Raw results: $work/results.jsonl" >&2
