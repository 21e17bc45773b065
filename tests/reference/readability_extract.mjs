// Mozilla's Readability (the reader view of Firefox) on saved pages, as the reference for
// DeskSeek's main-text extraction. Reads a JSON list [{name, file, charset, url}] on stdin,
// prints {name: text} as JSON: the article's textContent, or "" when Readability finds none.
//   node readability_extract.mjs < pages.json
import { readFileSync } from "node:fs";
import { JSDOM, VirtualConsole } from "jsdom";
import { Readability } from "@mozilla/readability";

const pages = JSON.parse(readFileSync(0, "utf8"));
const quiet = new VirtualConsole(); // the pages' CSS and scripts are not this test's business
const texts = {};
for (const page of pages) {
    const html = new TextDecoder(page.charset || "utf-8").decode(readFileSync(page.file));
    const dom = new JSDOM(html, { url: page.url || "https://example.org/", virtualConsole: quiet });
    const article = new Readability(dom.window.document).parse();
    texts[page.name] = article?.textContent ?? "";
}
process.stdout.write(JSON.stringify(texts));
