// Mozilla's Readability (the reader view of Firefox) on saved pages, as the reference for
// DeskSeek's main-text extraction. Reads a JSON list [{name, file, charset, url}] on stdin,
// prints {"texts": {name: text}, "seconds": s, "bytes": n} as JSON: each article's textContent
// ("" when Readability finds none), and the time jsdom and Readability took for all the pages
// (after a first round that warms the JIT) with their size, for the speed comparison.
//   node readability_extract.mjs < pages.json
import { readFileSync } from "node:fs";
import { JSDOM, VirtualConsole } from "jsdom";
import { Readability } from "@mozilla/readability";

const pages = JSON.parse(readFileSync(0, "utf8"));
const quiet = new VirtualConsole(); // the pages' CSS and scripts are not this test's business
const files = pages.map((page) => ({ ...page, bytes: readFileSync(page.file) }));
const extractAll = () => {
    const texts = {};
    for (const page of files) {
        const html = new TextDecoder(page.charset || "utf-8").decode(page.bytes);
        const dom = new JSDOM(html, { url: page.url || "https://example.org/", virtualConsole: quiet });
        const article = new Readability(dom.window.document).parse();
        texts[page.name] = article?.textContent ?? "";
        dom.window.close();
    }
    return texts;
};
extractAll();
const rounds = 3;
const start = performance.now();
let texts = {};
for (let i = 0; i < rounds; ++i)
    texts = extractAll();
const seconds = (performance.now() - start) / 1000;
const bytes = files.reduce((sum, page) => sum + page.bytes.length, 0) * rounds;
process.stdout.write(JSON.stringify({ texts, seconds, bytes }));
