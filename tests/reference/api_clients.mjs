// Talks to DeskSeek's local API server with the official clients: the `openai` npm package
// (models, chat completions whole and streamed, usage, reasoning_content) and the `ollama` npm
// package (list, show, chat whole and streamed, generate). Prints what came back as one JSON
// object for tst_server to check.
//   node api_clients.mjs <base url> <model>
import OpenAI from "openai";
import { Ollama } from "ollama";

const [base, model] = process.argv.slice(2);
const messages = [{ role: "user", content: "Why is the sky blue?" }];
const out = {};

const openai = new OpenAI({ baseURL: `${base}/v1`, apiKey: "not-needed", maxRetries: 0 });
out.models = (await openai.models.list()).data.map((m) => m.id);

const whole = await openai.chat.completions.create({ model, messages, max_tokens: 12, temperature: 0 });
out.whole = {
  content: whole.choices[0].message.content,
  reasoning: whole.choices[0].message.reasoning_content ?? null,
  finish: whole.choices[0].finish_reason,
  usage: whole.usage,
  object: whole.object,
};

const stream = await openai.chat.completions.create({
  model, messages, max_tokens: 12, temperature: 0, stream: true, stream_options: { include_usage: true },
});
const streamed = { content: "", reasoning: "", chunks: 0, usage: null, finish: null, role: null };
for await (const chunk of stream) {
  streamed.chunks++;
  if (chunk.usage) streamed.usage = chunk.usage;
  for (const choice of chunk.choices) {
    if (choice.delta.role) streamed.role = choice.delta.role;
    streamed.content += choice.delta.content ?? "";
    streamed.reasoning += choice.delta.reasoning_content ?? "";
    if (choice.finish_reason) streamed.finish = choice.finish_reason;
  }
}
out.stream = streamed;

const completion = await openai.completions.create({ model, prompt: "Once upon a time", max_tokens: 6, temperature: 0 });
out.completion = { text: completion.choices[0].text, usage: completion.usage };

const ollama = new Ollama({ host: base });
out.ollamaList = (await ollama.list()).models.map((m) => m.name);
const show = await ollama.show({ model });
out.show = { format: show.details.format, family: show.details.family };
const chat = await ollama.chat({ model, messages, think: true, options: { num_predict: 12, temperature: 0 } });
out.ollamaChat = { content: chat.message.content, thinking: chat.message.thinking ?? "", done: chat.done,
                   evalCount: chat.eval_count, reason: chat.done_reason };
const parts = await ollama.chat({ model, messages, think: true, stream: true, options: { num_predict: 12, temperature: 0 } });
const ollamaStream = { content: "", thinking: "", parts: 0, done: false, evalCount: 0 };
for await (const part of parts) {
  ollamaStream.parts++;
  ollamaStream.content += part.message.content;
  ollamaStream.thinking += part.message.thinking ?? "";
  if (part.done) { ollamaStream.done = true; ollamaStream.evalCount = part.eval_count; }
}
out.ollamaStream = ollamaStream;
const generated = await ollama.generate({ model, prompt: "Hello", options: { num_predict: 8, temperature: 0 } });
out.generate = { response: generated.response, done: generated.done, evalCount: generated.eval_count };
console.log(JSON.stringify(out));
