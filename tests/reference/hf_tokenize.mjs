// Encodes and decodes with a model folder's tokenizer.json and tokenizer_config.json through
// @lenml/tokenizers (the JavaScript port of Hugging Face's tokenizers): what transformers/ (the
// stand-in llama.cpp's converter imports) asks for. Reads one JSON request from stdin:
// {"folder": ..., "encode": [{"text": ..., "special": bool}], "decode": [[ids]]} ("special": the
// tokenizer's add_special_tokens); prints
// {"encoded": [[ids]], "decoded": [text]}.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { TokenizerLoader } from "@lenml/tokenizers";

const request = JSON.parse(readFileSync(0, "utf8"));
const tokenizer = TokenizerLoader.fromPreTrained({
    tokenizerJSON: JSON.parse(readFileSync(join(request.folder, "tokenizer.json"), "utf8")),
    tokenizerConfig: JSON.parse(readFileSync(join(request.folder, "tokenizer_config.json"), "utf8")),
});
const encoded = (request.encode ?? []).map((item) => tokenizer.encode(item.text, { add_special_tokens: item.special }));
const decoded = (request.decode ?? []).map((ids) => tokenizer.decode(ids));
process.stdout.write(JSON.stringify({ encoded, decoded }));
