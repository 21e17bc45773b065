// Loads a GGUF file with llama.cpp (node-llama-cpp, CPU) and reports what llama.cpp sees:
// architecture and sizes, the token ids of each text (special tokens parsed), and the token it
// predicts after the first text (one forward pass, so the weights are really used).
// Usage: node gguf_check.mjs <file.gguf> <texts.json>   (texts.json: a JSON list of strings)
import { readFileSync } from "node:fs";
import { getLlama } from "node-llama-cpp";

const [modelPath, textsPath] = process.argv.slice(2);
const texts = JSON.parse(readFileSync(textsPath, "utf8"));
const llama = await getLlama({ gpu: false, build: "never", logLevel: "error" });
const model = await llama.loadModel({ modelPath });
const report = {
    trainContextSize: model.trainContextSize,
    embeddingVectorSize: model.embeddingVectorSize,
    vocabularyType: model.tokenizer ? undefined : undefined,
    bos: model.tokens.bos ?? null,
    eos: model.tokens.eos ?? null,
    ids: texts.map((text) => Array.from(model.tokenize(text, true))),
};
const context = await model.createContext({ contextSize: 256 });
const sequence = context.getSequence();
const first = report.ids.find((ids) => ids.length > 0) ?? [0];
const iterator = sequence.evaluate(first, { temperature: 0 });
const next = await iterator.next();
report.predicted = next.value ?? null;
await iterator.return?.();
await context.dispose();
await model.dispose();
await llama.dispose();
console.log(JSON.stringify(report));
