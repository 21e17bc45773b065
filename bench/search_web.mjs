// A loopback web for bench/search_bench.sh: a SearXNG-style JSON API at /search whose results
// point at /page/<name>, served from a folder of saved pages, each answer after `latency` ms (a
// network's round trip). Prints the port it listens on, then serves until killed.
//   node search_web.mjs <pages folder> <latency ms> <page name>...
import { createServer } from "node:http";
import { readFileSync } from "node:fs";

const [folder, latencyText, ...names] = process.argv.slice(2);
const latency = Number(latencyText);
const pages = Object.fromEntries(names.map((name) => [name, readFileSync(`${folder}/${name}.html`)]));
const server = createServer((request, response) => {
    const url = new URL(request.url, "http://127.0.0.1");
    setTimeout(() => {
        if (url.pathname === "/search") {
            const base = `http://127.0.0.1:${server.address().port}`;
            const results = names.map((name, i) => ({ url: `${base}/page/${name}`, title: `Result ${i + 1}: ${name}`,
                                                       content: `A snippet of ${name}.`, engine: "bench" }));
            response.writeHead(200, { "Content-Type": "application/json" });
            response.end(JSON.stringify({ query: url.searchParams.get("q"), results }));
            return;
        }
        const name = url.pathname.replace(/^\/page\//, "");
        if (!pages[name]) {
            response.writeHead(404, { "Content-Type": "text/html" });
            response.end("<h1>Not found</h1>");
            return;
        }
        response.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
        response.end(pages[name]);
    }, latency);
});
server.listen(0, "127.0.0.1", () => console.log(server.address().port));
