// llama.cpp (node-llama-cpp, CPU) decoding several sequences in one context, as llama-server's
// parallel slots do: every sequence gets a prompt of random token ids, then all of them decode
// greedily at the same time (node-llama-cpp batches the sequences' evaluations into one).
// Prints JSON with the aggregate decode rate, measured as serve_clients.mjs measures DeskSeek's.
//   node llamacpp_parallel.mjs <file.gguf> <sequences> <prompt tokens> <generated tokens> <threads>
import { getLlama } from "node-llama-cpp";

const [modelPath, sequencesText, promptText, genText, threadsText] = process.argv.slice(2);
const sequences = Number(sequencesText), promptTokens = Number(promptText), genTokens = Number(genText);
const threads = Number(threadsText);
const llama = await getLlama({ gpu: false, build: "never", logLevel: "error", maxThreads: threads });
const model = await llama.loadModel({ modelPath, useMmap: true });
const context = await model.createContext({
    sequences,
    contextSize: sequences * (promptTokens + genTokens + 16),
    batchSize: Math.max(512, promptTokens),
    threads: { ideal: threads, min: threads },
});
let seed = 4321;
const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
const withNext = (id) => [id, { generateNext: { token: true } }];

async function run() {
    const sequence = context.getSequence();
    const prompt = Array.from({ length: promptTokens }, () => 100 + Math.floor(random() * 99000));
    const start = performance.now();
    let result = await sequence.controlledEvaluate(prompt.map((id, i) => (i === prompt.length - 1 ? withNext(id) : id)));
    let token = result[result.length - 1].next.token;
    const first = performance.now();
    for (let i = 1; i < genTokens; ++i) {
        result = await sequence.controlledEvaluate([withNext(token)]);
        token = result[0].next.token;
    }
    return { start, first, finish: performance.now() };
}

const results = await Promise.all(Array.from({ length: sequences }, run));
const firstOfAll = Math.min(...results.map((r) => r.first));
const lastEnd = Math.max(...results.map((r) => r.finish));
console.log(JSON.stringify({
    engine: "llama.cpp (node-llama-cpp)",
    sequences,
    aggregateTokensPerSecond: (sequences * (genTokens - 1)) / ((lastEnd - firstOfAll) / 1000),
    ttftP50: results.map((r) => (r.first - r.start) / 1000).sort((a, b) => a - b)[Math.floor((sequences - 1) / 2)],
}));
await context.dispose();
await model.dispose();
await llama.dispose();
