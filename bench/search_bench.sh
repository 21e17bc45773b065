#!/usr/bin/env bash
# Web search in an answer, on a model of DeepSeek-R1-Distill-Qwen-1.5B's exact shape at Q4_0
# (random weights), against a loopback web (bench/search_web.mjs: a SearXNG-style API and saved
# news, documentation and encyclopedia pages). A benchmark, not a test. Prints the time from
# sending a question to the first token of the answer, split into search, page fetch, main-text
# extraction and the rest (prompt and prefill), with the web answering at once and after a
# round trip of --latency ms; then main-text extraction speed in MB/s, ours and Mozilla
# Readability's on the same pages (tst_extraction).
#
#   bench/search_bench.sh [--threads 2] [--latency 150] [--runs 3] [--work DIR]
#
# Needs a build (scripts/test.sh or scripts/configure.sh) with the npm reference packages in
# BUILD_DIR/reference. The model is written to the work folder once (as bench/compare_llamacpp.sh does).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${BUILD_DIR:-$root/build}"
threads=2
latency=150
runs=3
work="${TMPDIR:-/tmp}/deskseek-bench"
while [ $# -gt 0 ]; do
    case "$1" in
        --threads) threads="$2"; shift 2 ;;
        --latency) latency="$2"; shift 2 ;;
        --runs) runs="$2"; shift 2 ;;
        --work) work="$2"; shift 2 ;;
        -h|--help) sed -n '2,14p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "search_bench.sh: unknown option '$1' (try --help)" >&2; exit 2 ;;
    esac
done

script=search_bench.sh
# shellcheck source=bench/common.sh
. "$root/bench/common.sh"
gguf="$(bench_gguf q4_0)"
pages="$root/tests/data/search/pages"
home="$(mktemp -d)"
web_pid=""
trap '[ -n "$web_pid" ] && kill "$web_pid" 2>/dev/null; rm -rf "$home"' EXIT

echo "CPU: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), $threads threads"
for wait in 0 "$latency"; do
    fifo="$home/port"
    mkfifo "$fifo"
    "$node" "$reference/search_web.mjs" "$pages" "$wait" news_cooling news_trains docs_retry wiki_lake spec_table > "$fifo" &
    web_pid=$!
    read -r port < "$fifo"
    rm -f "$fifo"
    mkdir -p "$home/config/DeskSeek"
    printf '[search]\ncustomOrder=true\nproviders=searxng\nsearxngUrl=http://127.0.0.1:%s\nresults=5\npages=3\n' "$port" \
        > "$home/config/DeskSeek/DeskSeek.conf"
    echo "The web answering after $wait ms:"
    for run in $(seq "$runs"); do
        line="$(HOME="$home" XDG_CONFIG_HOME="$home/config" "$cli" run "$gguf" --search --stats --threads "$threads" \
                --ctx 8192 --max-tokens 1 --temperature 0 --prompt "What did the council approve?" 2>&1 >/dev/null \
                | grep -E '^\[(Web search|[0-9]+ tokens)' | tr '\n' ' ')"
        echo "  run $run: $line"
    done
    kill "$web_pid"; wait "$web_pid" 2>/dev/null || true; web_pid=""
done

echo "Main-text extraction (tst_extraction, the same pages for both):"
"$build/tests/tst_extraction" againstReadability speed 2>&1 | grep -E "average|MB/s" | sed 's/^QINFO *: *TestExtraction::[a-zA-Z]*() /  /'
