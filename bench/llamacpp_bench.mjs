// Measures llama.cpp (node-llama-cpp, CPU) on a GGUF file the way `deskseek-cli bench` measures
// DeskSeek: a prompt of random ordinary tokens evaluated at once (prefill), then greedy decoding
// of a number of tokens one at a time. Default llama.cpp settings otherwise (F16 KV cache).
// Usage: node llamacpp_bench.mjs <file.gguf> <prompt tokens> <generated tokens> <threads>
// Prints JSON: {prefillTokensPerSecond, decodeTokensPerSecond, timeToFirstTokenSeconds, ...}
import { getLlama } from "node-llama-cpp";

const [modelPath, promptText, genText, threadsText] = process.argv.slice(2);
const promptTokens = Number(promptText);
const genTokens = Number(genText);
const threads = Number(threadsText);
const llama = await getLlama({ gpu: false, build: "never", logLevel: "error", maxThreads: threads });
const model = await llama.loadModel({ modelPath, useMmap: true });
const context = await model.createContext({
    contextSize: promptTokens + genTokens + 16,
    batchSize: Math.max(promptTokens, 512),
    threads: { ideal: threads, min: threads },
});
const sequence = context.getSequence();

// The same kind of prompt as deskseek-cli bench: random ids, no special tokens.
let seed = 1234;
const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
const vocab = model.tokens.bos !== undefined ? 100000 : 30000;
const prompt = Array.from({ length: promptTokens }, () => 100 + Math.floor(random() * (vocab - 200)));

const start = performance.now();
const withNext = (id) => [id, { generateNext: { token: true } }];
let result = await sequence.controlledEvaluate(prompt.map((id, i) => (i === prompt.length - 1 ? withNext(id) : id)));
let token = result[result.length - 1].next.token;
const firstToken = performance.now();
for (let i = 1; i < genTokens; ++i) {
    result = await sequence.controlledEvaluate([withNext(token)]);
    token = result[0].next.token;
}
const end = performance.now();
const report = {
    engine: "llama.cpp (node-llama-cpp)",
    threads,
    promptTokens,
    generatedTokens: genTokens,
    prefillTokensPerSecond: promptTokens / ((firstToken - start) / 1000),
    decodeTokensPerSecond: (genTokens - 1) / ((end - firstToken) / 1000),
    timeToFirstTokenSeconds: (firstToken - start) / 1000,
    peakRssBytes: process.resourceUsage().maxRSS * 1024,
};
await context.dispose();
await model.dispose();
await llama.dispose();
console.log(JSON.stringify(report));
