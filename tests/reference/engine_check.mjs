// Runs a GGUF file in llama.cpp (node-llama-cpp, CPU, F16 KV cache as DeskSeek keeps it, no flash attention) and
// prints what DeskSeek's engine is checked against: the logits of the next token after a prompt,
// and greedy generation from there, with the two largest logits at each step.
// Usage: node engine_check.mjs <file.gguf> <prompt ids, comma-separated> <steps>
// Prints JSON: {vocab, logits: [...], greedy: [ids], top2: [[id, logit, id, logit], ...]}
import { getLlama } from "node-llama-cpp";

const [modelPath, idsText, stepsText] = process.argv.slice(2);
const prompt = idsText.split(",").map(Number);
const steps = Number(stepsText);
const llama = await getLlama({ gpu: false, build: "never", logLevel: "error" });
const model = await llama.loadModel({ modelPath });
const context = await model.createContext({
    contextSize: Math.max(256, prompt.length + steps + 16),
    batchSize: 512,
    flashAttention: false,
    experimentalKvCacheKeyType: "F16",
    experimentalKvCacheValueType: "F16",
    threads: 2,
});
const sequence = context.getSequence();

const vocab = model.fileInfo.metadata?.tokenizer?.ggml?.tokens?.length ?? 0;
function topTwo(logits) {
    const entries = logits.entries();
    const first = entries.next().value;
    const second = entries.next().value;
    return [first[0], first[1], second[0], second[1]];
}

const withLogits = (id) => [id, { generateNext: { logits: true } }];
let result = await sequence.controlledEvaluate(prompt.map((id, i) => (i === prompt.length - 1 ? withLogits(id) : id)));
let logits = result[result.length - 1].next.logits;
let size = vocab;
for (const id of logits.keys()) size = Math.max(size, id + 1);
const first = new Array(size).fill(0);
for (const [id, value] of logits) first[id] = value;

const greedy = [];
const top2 = [];
for (let step = 0; step < steps; ++step) {
    const best = topTwo(logits);
    top2.push(best);
    greedy.push(best[0]);
    if (step + 1 === steps) break;
    result = await sequence.controlledEvaluate([withLogits(best[0])]);
    logits = result[0].next.logits;
}
await context.dispose();
await model.dispose();
await llama.dispose();
console.log(JSON.stringify({ vocab: size, logits: first, greedy, top2 }));
