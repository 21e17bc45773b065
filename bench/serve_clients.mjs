// Streaming clients against an OpenAI-compatible server (DeskSeek's), all at once: each sends a
// prompt of token ids to /v1/completions and reads the SSE stream to its end. Prints JSON: the
// aggregate decode rate (tokens after each client's first, over the time from the first client's
// first token to the last client's end), the single-stream rate of each client, and the time to
// first token (p50, p95).
//   node serve_clients.mjs <base url> <model> <clients> <prompt tokens> <generated tokens>
const [base, model, clientsText, promptText, genText] = process.argv.slice(2);
const clients = Number(clientsText), promptTokens = Number(promptText), genTokens = Number(genText);

// Prompts differ from run to run (no help from a cache a previous run left in the slots).
let seed = (Date.now() * 7919 + process.pid) % 2147483648;
const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);

async function client(index) {
    const prompt = Array.from({ length: promptTokens }, () => 100 + Math.floor(random() * 99000));
    const start = performance.now();
    const response = await fetch(`${base}/v1/completions`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ model, prompt, max_tokens: genTokens, temperature: 0, stream: true, ignore_eos: true,
                               stream_options: { include_usage: true } }),
    });
    if (!response.ok) throw new Error(`client ${index}: HTTP ${response.status} ${await response.text()}`);
    const decoder = new TextDecoder();
    let buffer = "", first = 0, usage = null;
    for await (const chunk of response.body) {
        buffer += decoder.decode(chunk, { stream: true });
        let end;
        while ((end = buffer.indexOf("\n\n")) >= 0) {
            const event = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            if (!event.startsWith("data: ") || event === "data: [DONE]") continue;
            const data = JSON.parse(event.slice(6));
            if (data.usage) usage = data.usage;
            if (!first && data.choices?.length) first = performance.now();
        }
    }
    const finish = performance.now();
    return { start, first, finish, tokens: usage.completion_tokens };
}

const results = await Promise.all(Array.from({ length: clients }, (_, i) => client(i)));
const firstOfAll = Math.min(...results.map((r) => r.first));
const lastEnd = Math.max(...results.map((r) => r.finish));
const decoded = results.reduce((sum, r) => sum + r.tokens - 1, 0);
const ttft = results.map((r) => (r.first - r.start) / 1000).sort((a, b) => a - b);
const pick = (q) => ttft[Math.min(ttft.length - 1, Math.ceil(q * ttft.length) - 1)];
console.log(JSON.stringify({
    clients,
    tokens: results.reduce((sum, r) => sum + r.tokens, 0),
    aggregateTokensPerSecond: decoded / ((lastEnd - firstOfAll) / 1000),
    streamTokensPerSecond: results.map((r) => (r.tokens - 1) / ((r.finish - r.first) / 1000)),
    ttftP50: pick(0.5),
    ttftP95: pick(0.95),
}));
