<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>Autostart</name>
    <message>
        <source>Windows did not let DeskSeek change its start-up entry.</source>
        <translation>Windows 不允许 DeskSeek 修改其开机启动项。</translation>
    </message>
    <message>
        <source>Cannot remove %1. Check its permissions.</source>
        <translation>无法删除 %1。请检查它的权限。</translation>
    </message>
    <message>
        <source>Cannot write %1. Check that you may write to that folder.</source>
        <translation>无法写入 %1。请检查您是否有该文件夹的写入权限。</translation>
    </message>
</context>
<context>
    <name>ChatStore</name>
    <message>
        <source>Cannot open the chat history %1: %2</source>
        <translation>无法打开聊天记录 %1：%2</translation>
    </message>
    <message>
        <source>Qt&apos;s SQLite driver is missing (install libqt6sql6-sqlite).</source>
        <translation>缺少 Qt 的 SQLite 驱动（请安装 libqt6sql6-sqlite）。</translation>
    </message>
    <message>
        <source>The file is not an SQLite database.</source>
        <translation>该文件不是 SQLite 数据库。</translation>
    </message>
    <message>
        <source>It was written by a newer DeskSeek (schema %1; this one knows %2). Update DeskSeek.</source>
        <translation>它由更新版本的 DeskSeek 写入（结构版本 %1；当前版本只支持 %2）。请更新 DeskSeek。</translation>
    </message>
    <message>
        <source>System prompt</source>
        <translation>系统提示词</translation>
    </message>
    <message>
        <source>You</source>
        <translation>你</translation>
    </message>
    <message>
        <source>DeepSeek</source>
        <translation>DeepSeek</translation>
    </message>
    <message numerus="yes">
        <source>Thought for %n s</source>
        <translation>
            <numerusform>已思考 %n 秒</numerusform>
        </translation>
    </message>
    <message>
        <source>Sources</source>
        <translation>来源</translation>
    </message>
</context>
<context>
    <name>Cli</name>
    <message>
        <source>Show the versions, compute devices and folders DeskSeek uses</source>
        <translation>显示 DeskSeek 使用的版本、计算设备和文件夹</translation>
    </message>
    <message>
        <source>Usage: %1 [options] &lt;command&gt; [command options]</source>
        <translation>用法：%1 [选项] &lt;命令&gt; [命令选项]</translation>
    </message>
    <message>
        <source>DeskSeek on the command line: DeepSeek models on your own computer.</source>
        <translation>DeskSeek 命令行：在自己的电脑上运行 DeepSeek 模型。</translation>
    </message>
    <message>
        <source>Options:</source>
        <translation>选项：</translation>
    </message>
    <message>
        <source>Show this help</source>
        <translation>显示此帮助</translation>
    </message>
    <message>
        <source>Show the versions of DeskSeek, Qt and libtorch</source>
        <translation>显示 DeskSeek、Qt 和 libtorch 的版本</translation>
    </message>
    <message>
        <source>Commands:</source>
        <translation>命令：</translation>
    </message>
    <message>
        <source>Run &apos;%1 &lt;command&gt; --help&apos; for the options of a command.</source>
        <translation>运行“%1 &lt;命令&gt; --help”查看某个命令的选项。</translation>
    </message>
    <message>
        <source>%1: unknown command or option &apos;%2&apos;. Run &apos;%1 --help&apos; for the list of commands.</source>
        <translation>%1：未知的命令或选项“%2”。运行“%1 --help”查看命令列表。</translation>
    </message>
    <message>
        <source>Print JSON instead of text</source>
        <translation>以 JSON 而非文本输出</translation>
    </message>
    <message>
        <source>%1 info takes no arguments, got &apos;%2&apos;.</source>
        <translation>%1 info 不接受参数，收到了“%2”。</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>no</source>
        <translation>否</translation>
    </message>
    <message>
        <source>DeskSeek:          %1</source>
        <translation>DeskSeek：       %1</translation>
    </message>
    <message>
        <source>Qt:                %1</source>
        <translation>Qt：             %1</translation>
    </message>
    <message>
        <source>libtorch:          %1</source>
        <translation>libtorch：       %1</translation>
    </message>
    <message>
        <source>CUDA kernels:      %1</source>
        <translation>CUDA 内核：      %1</translation>
    </message>
    <message>
        <source>CUDA devices:      %1</source>
        <translation>CUDA 设备：      %1</translation>
    </message>
    <message>
        <source>CPU threads:       %1</source>
        <translation>CPU 线程：       %1</translation>
    </message>
    <message>
        <source>BLAS:              %1</source>
        <translation>BLAS：           %1</translation>
    </message>
    <message>
        <source>Model folder:      %1</source>
        <translation>模型文件夹：     %1</translation>
    </message>
    <message>
        <source>Settings file:     %1</source>
        <translation>设置文件：       %1</translation>
    </message>
    <message>
        <source>Language:          %1</source>
        <translation>语言：           %1</translation>
    </message>
    <message>
        <source>Warning: libtorch uses the reference BLAS (%1), which makes prompt processing about 50 times slower. Install OpenBLAS (Debian/Ubuntu: sudo apt install libopenblas0-openmp).</source>
        <translation>警告：libtorch 正在使用参考实现的 BLAS（%1），提示词处理会慢约 50 倍。请安装 OpenBLAS（Debian/Ubuntu：sudo apt install libopenblas0-openmp）。</translation>
    </message>
    <message>
        <source>Show the token ids of a text for a model&apos;s tokenizer</source>
        <translation>用模型的分词器显示一段文字的词元 ID</translation>
    </message>
    <message>
        <source>Convert a Hugging Face model folder (or a GGUF file) to a GGUF file that DeskSeek, llama.cpp, Ollama and LM Studio can load.</source>
        <translation>将 Hugging Face 模型文件夹（或 GGUF 文件）转换为 DeskSeek、llama.cpp、Ollama 和 LM Studio 都能加载的 GGUF 文件。</translation>
    </message>
    <message>
        <source>type</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Replace the output file if it exists</source>
        <translation>输出文件已存在时将其替换</translation>
    </message>
    <message>
        <source>A Hugging Face model folder or a .gguf file</source>
        <translation>Hugging Face 模型文件夹或 .gguf 文件</translation>
    </message>
    <message>
        <source>The .gguf file to write</source>
        <translation>要写入的 .gguf 文件</translation>
    </message>
    <message>
        <source>%1 already exists. Choose another name or add --force to replace it.</source>
        <translation>%1 已存在。请换一个名称，或加上 --force 将其替换。</translation>
    </message>
    <message>
        <source>The output file must not be the input file.</source>
        <translation>输出文件不能与输入文件相同。</translation>
    </message>
    <message>
        <source>Cannot read the model: %1</source>
        <translation>无法读取模型：%1</translation>
    </message>
    <message>
        <source>Converting %1 (%2, %3 tensors) to %4 ...</source>
        <translation>正在将 %1（%2，%3 个张量）转换为 %4 ……</translation>
    </message>
    <message>
        <source>Cancelled. No file was written.</source>
        <translation>已取消，未写入任何文件。</translation>
    </message>
    <message>
        <source>Conversion failed: %1</source>
        <translation>转换失败：%1</translation>
    </message>
    <message>
        <source>Wrote %1: %2 tensors, %3 -&gt; %4 (%5) in %6 s.</source>
        <translation>已写入 %1：%2 个张量，%3 -&gt; %4（%5），用时 %6 秒。</translation>
    </message>
    <message>
        <source>Show the token ids of a text for a model&apos;s tokenizer.</source>
        <translation>用模型的分词器显示一段文字的词元 ID。</translation>
    </message>
    <message>
        <source>The text to tokenize</source>
        <translation>要分词的文字</translation>
    </message>
    <message>
        <source>text</source>
        <translation>文字</translation>
    </message>
    <message>
        <source>Print JSON (ids and token texts) instead of ids</source>
        <translation>输出 JSON（ID 和词元文字），而不是仅输出 ID</translation>
    </message>
    <message>
        <source>Treat special tokens written in the text as plain text</source>
        <translation>将文字中写出的特殊词元当作普通文字处理</translation>
    </message>
    <message>
        <source>A model folder, a tokenizer.json or a .gguf file</source>
        <translation>模型文件夹、tokenizer.json 或 .gguf 文件</translation>
    </message>
    <message>
        <source>Usage: deskseek-cli tokenize &lt;model folder|tokenizer.json|file.gguf&gt; --text TEXT [--json]</source>
        <translation>用法：deskseek-cli tokenize &lt;模型文件夹|tokenizer.json|文件.gguf&gt; --text 文字 [--json]</translation>
    </message>
    <message>
        <source>Cannot load the tokenizer: %1</source>
        <translation>无法加载分词器：%1</translation>
    </message>
    <message>
        <source>Show the processor, memory, disk and GPUs that DeskSeek finds</source>
        <translation>显示 DeskSeek 检测到的处理器、内存、磁盘和 GPU</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>未知</translation>
    </message>
    <message>
        <source>Show the processor, memory, disk and GPUs that DeskSeek finds.</source>
        <translation>显示 DeskSeek 检测到的处理器、内存、磁盘和 GPU。</translation>
    </message>
    <message>
        <source>deskseek-cli detect takes no arguments.</source>
        <translation>deskseek-cli detect 不接受参数。</translation>
    </message>
    <message>
        <source>Processor:         %1</source>
        <translation>处理器：          %1</translation>
    </message>
    <message>
        <source>Cores / threads:   %1 / %2</source>
        <translation>核心 / 线程：     %1 / %2</translation>
    </message>
    <message>
        <source>AVX2 / FMA / AVX-512: %1 / %2 / %3</source>
        <translation>AVX2 / FMA / AVX-512：%1 / %2 / %3</translation>
    </message>
    <message>
        <source>Memory:            %1 (%2 available)</source>
        <translation>内存：            %1（可用 %2）</translation>
    </message>
    <message>
        <source>Model folder:      %1 (%2 free)</source>
        <translation>模型文件夹：      %1（剩余 %2）</translation>
    </message>
    <message>
        <source>GPUs:              none found; models run on the CPU</source>
        <translation>GPU：             未找到；模型将在 CPU 上运行</translation>
    </message>
    <message>
        <source>GPU %1:             %2, %3 VRAM (%4 free)</source>
        <translation>GPU %1：           %2，显存 %3（剩余 %4）</translation>
    </message>
    <message>
        <source>%1 °C</source>
        <translation>%1 °C</translation>
    </message>
    <message>
        <source>compute capability %1</source>
        <translation>计算能力 %1</translation>
    </message>
    <message>
        <source>NVIDIA driver:     %1</source>
        <translation>NVIDIA 驱动：     %1</translation>
    </message>
    <message>
        <source>Recommend the DeepSeek model and quantization for this computer</source>
        <translation>推荐适合这台电脑的 DeepSeek 模型和量化方式</translation>
    </message>
    <message>
        <source>Recommend the DeepSeek model and quantization that run best on this computer.</source>
        <translation>推荐在这台电脑上运行效果最好的 DeepSeek 模型和量化方式。</translation>
    </message>
    <message>
        <source>Context length in tokens (default 8192)</source>
        <translation>上下文长度（词元数，默认 8192）</translation>
    </message>
    <message>
        <source>tokens</source>
        <translation>词元数</translation>
    </message>
    <message>
        <source>Usage: deskseek-cli recommend [--json] [--ctx N] (N from 256 to 1048576)</source>
        <translation>用法：deskseek-cli recommend [--json] [--ctx N]（N 为 256 到 1048576）</translation>
    </message>
    <message>
        <source>Alternatives:</source>
        <translation>其他选择：</translation>
    </message>
    <message>
        <source>Larger models:</source>
        <translation>更大的模型：</translation>
    </message>
    <message>
        <source>The CPU&apos;s memory bandwidth in GB/s (default: measured once and remembered)</source>
        <translation>CPU 的内存带宽，单位 GB/s（默认：测量一次并记住）</translation>
    </message>
    <message>
        <source>GB/s</source>
        <translation>GB/s</translation>
    </message>
    <message>
        <source>--bandwidth needs a number of GB/s, for example 25.</source>
        <translation>--bandwidth 需要一个以 GB/s 为单位的数字，例如 25。</translation>
    </message>
    <message>
        <source>Measuring how fast this computer reads memory (once)...</source>
        <translation>正在测量这台电脑读取内存的速度（仅此一次）……</translation>
    </message>
    <message>
        <source>Download a model from Hugging Face or a mirror and convert it to GGUF</source>
        <translation>从 Hugging Face 或镜像下载模型并转换为 GGUF</translation>
    </message>
    <message>
        <source>Download a DeepSeek model and convert it to a GGUF file in the model folder.</source>
        <translation>下载 DeepSeek 模型，并在模型文件夹中转换为 GGUF 文件。</translation>
    </message>
    <message>
        <source>source</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>Keep the downloaded safetensors files</source>
        <translation>保留下载的 safetensors 文件</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not in the catalog. Run &apos;deskseek-cli recommend&apos; for the names, or give a repository such as deepseek-ai/DeepSeek-R1-Distill-Qwen-7B.</source>
        <translation>“%1”不在模型目录中。运行“deskseek-cli recommend”查看名称，或给出仓库名，例如 deepseek-ai/DeepSeek-R1-Distill-Qwen-7B。</translation>
    </message>
    <message>
        <source>%1 cannot run in this version of DeskSeek yet.</source>
        <translation>本版本的 DeskSeek 尚不能运行 %1。</translation>
    </message>
    <message>
        <source>Converting to %1 ...</source>
        <translation>正在转换为 %1 ……</translation>
    </message>
    <message>
        <source>Installed %1 as %2 (%3).</source>
        <translation>已安装 %1，文件为 %2（%3）。</translation>
    </message>
    <message>
        <source>List the installed models</source>
        <translation>列出已安装的模型</translation>
    </message>
    <message>
        <source>Delete an installed model</source>
        <translation>删除已安装的模型</translation>
    </message>
    <message>
        <source>List the installed models.</source>
        <translation>列出已安装的模型。</translation>
    </message>
    <message>
        <source>No models installed in %1. Install one with &apos;deskseek-cli pull &lt;model&gt;&apos;.</source>
        <translation>%1 中没有已安装的模型。请用“deskseek-cli pull &lt;模型&gt;”安装一个。</translation>
    </message>
    <message>
        <source>The model&apos;s name, as &apos;deskseek-cli list&apos; shows it</source>
        <translation>模型名称，与“deskseek-cli list”显示的一致</translation>
    </message>
    <message>
        <source>Usage: deskseek-cli rm &lt;model&gt;</source>
        <translation>用法：deskseek-cli rm &lt;模型&gt;</translation>
    </message>
    <message>
        <source>Deleted %1.</source>
        <translation>已删除 %1。</translation>
    </message>
    <message>
        <source>Measure how fast a model reads a prompt and writes tokens.</source>
        <translation>测量模型读取提示词和生成词元的速度。</translation>
    </message>
    <message>
        <source>Prompt length in tokens (default: 512)</source>
        <translation>提示词长度（词元数，默认 512）</translation>
    </message>
    <message>
        <source>n</source>
        <translation>n</translation>
    </message>
    <message>
        <source>Tokens to generate (default: 128)</source>
        <translation>要生成的词元数（默认 128）</translation>
    </message>
    <message>
        <source>Print JSON</source>
        <translation>输出 JSON</translation>
    </message>
    <message>
        <source>Also show where the time goes</source>
        <translation>同时显示时间花在哪里</translation>
    </message>
    <message>
        <source>A model folder, a .gguf file or an installed model&apos;s name</source>
        <translation>模型文件夹、.gguf 文件或已安装模型的名称</translation>
    </message>
    <message>
        <source>Usage: deskseek-cli bench &lt;model&gt; [--prompt-tokens 512] [--gen-tokens 128] [--threads N] [--json]</source>
        <translation>用法：deskseek-cli bench &lt;模型&gt; [--prompt-tokens 512] [--gen-tokens 128] [--threads N] [--json]</translation>
    </message>
    <message>
        <source>Model:          %1 (%2 weights, %3)</source>
        <translation>模型：          %1（%2 权重，%3）</translation>
    </message>
    <message>
        <source>Device:         %1</source>
        <translation>设备：          %1</translation>
    </message>
    <message>
        <source>Prefill:        %1 tokens/s (%2 tokens)</source>
        <translation>预填充：        %1 词元/秒（%2 个词元）</translation>
    </message>
    <message>
        <source>Decode:         %1 tokens/s (%2 tokens)</source>
        <translation>解码：          %1 词元/秒（%2 个词元）</translation>
    </message>
    <message>
        <source>First token:    %1 s</source>
        <translation>首个词元：      %1 秒</translation>
    </message>
    <message>
        <source>Load:           %1 s</source>
        <translation>加载：          %1 秒</translation>
    </message>
    <message>
        <source>Peak memory:    %1 (KV cache %2)</source>
        <translation>内存峰值：      %1（KV 缓存 %2）</translation>
    </message>
    <message>
        <source>Chat with a model, or answer one prompt</source>
        <translation>与模型聊天，或回答一个提示词</translation>
    </message>
    <message>
        <source>Measure a model&apos;s prompt and generation speed</source>
        <translation>测量模型的提示词处理和生成速度</translation>
    </message>
    <message>
        <source>Print a model&apos;s next-token logits after some tokens</source>
        <translation>输出模型在给定词元之后的下一词元 logits</translation>
    </message>
    <message>
        <source>Print the logits of the next token after the given tokens.</source>
        <translation>输出给定词元之后下一个词元的 logits。</translation>
    </message>
    <message>
        <source>Token ids, separated by commas</source>
        <translation>词元 ID，以逗号分隔</translation>
    </message>
    <message>
        <source>ids</source>
        <translation>ID</translation>
    </message>
    <message>
        <source>A text to tokenize instead of --tokens</source>
        <translation>要分词的文本（代替 --tokens）</translation>
    </message>
    <message>
        <source>How many of the largest logits to show (default: 10)</source>
        <translation>显示多少个最大的 logits（默认 10）</translation>
    </message>
    <message>
        <source>k</source>
        <translation>k</translation>
    </message>
    <message>
        <source>With --json: include every logit</source>
        <translation>与 --json 一起使用：包含全部 logits</translation>
    </message>
    <message>
        <source>Usage: deskseek-cli logits &lt;model&gt; (--tokens 1,2,3 | --text TEXT) [--top K] [--json [--all]]</source>
        <translation>用法：deskseek-cli logits &lt;模型&gt; (--tokens 1,2,3 | --text 文本) [--top K] [--json [--all]]</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not a token id.</source>
        <translation>“%1”不是词元 ID。</translation>
    </message>
    <message numerus="yes">
        <source>%n token(s), vocabulary of %1. Largest logits:</source>
        <translation>
            <numerusform>%n 个词元，词表大小 %1。最大的 logits：</numerusform>
        </translation>
    </message>
    <message>
        <source>Generate text with a model: answer one prompt, or chat.</source>
        <translation>用模型生成文本：回答一个提示词，或进行聊天。</translation>
    </message>
    <message>
        <source>The prompt to answer</source>
        <translation>要回答的提示词</translation>
    </message>
    <message>
        <source>Chat: type a message and press Enter; /clear forgets, /exit quits</source>
        <translation>聊天：输入消息后按回车；/clear 清空对话，/exit 退出</translation>
    </message>
    <message>
        <source>With --prompt: continue the text as it is, without the chat template</source>
        <translation>与 --prompt 一起使用：按原样续写文本，不套用聊天模板</translation>
    </message>
    <message>
        <source>A system prompt</source>
        <translation>系统提示词</translation>
    </message>
    <message>
        <source>Most tokens to generate (default: 2048)</source>
        <translation>最多生成的词元数（默认 2048）</translation>
    </message>
    <message>
        <source>Sampling temperature; 0 picks the likeliest token (default: the model&apos;s, or 0.6)</source>
        <translation>采样温度；0 表示总是选最可能的词元（默认：模型自带的值，或 0.6）</translation>
    </message>
    <message>
        <source>t</source>
        <translation>t</translation>
    </message>
    <message>
        <source>Nucleus sampling (default: the model&apos;s, or 0.95)</source>
        <translation>核采样 top-p（默认：模型自带的值，或 0.95）</translation>
    </message>
    <message>
        <source>p</source>
        <translation>p</translation>
    </message>
    <message>
        <source>Keep only the k likeliest tokens (default: off)</source>
        <translation>只保留最可能的 k 个词元（默认：关闭）</translation>
    </message>
    <message>
        <source>Drop tokens less likely than this share of the likeliest (default: off)</source>
        <translation>舍弃概率低于最可能词元这一比例的词元（默认：关闭）</translation>
    </message>
    <message>
        <source>Penalty for repeated tokens (default: 1, off)</source>
        <translation>重复词元惩罚（默认 1，即关闭）</translation>
    </message>
    <message>
        <source>x</source>
        <translation>x</translation>
    </message>
    <message>
        <source>Random seed: the same seed gives the same answer</source>
        <translation>随机种子：相同的种子给出相同的回答</translation>
    </message>
    <message>
        <source>Print speed figures after each answer</source>
        <translation>每次回答后显示速度数据</translation>
    </message>
    <message>
        <source>--%1 must be a number from %2 to %3.</source>
        <translation>--%1 必须是 %2 到 %3 之间的数字。</translation>
    </message>
    <message>
        <source>--seed must be a whole number of 0 or more.</source>
        <translation>--seed 必须是大于或等于 0 的整数。</translation>
    </message>
    <message>
        <source>[The context is full (%1 tokens). Start again with /clear or a larger --ctx.]</source>
        <translation>[上下文已满（%1 个词元）。请用 /clear 重新开始，或使用更大的 --ctx。]</translation>
    </message>
    <message>
        <source>[Stopped.]</source>
        <translation>[已停止。]</translation>
    </message>
    <message>
        <source>[%1 tokens, %2 tokens/s; prompt %3 tokens at %4 tokens/s; first token after %5 s]</source>
        <translation>[%1 个词元，%2 词元/秒；提示词 %3 个词元，%4 词元/秒；首个词元用时 %5 秒]</translation>
    </message>
    <message>
        <source>Chatting with %1. Type a message and press Enter; /clear starts over, /exit or Ctrl+D quits.</source>
        <translation>正在与 %1 聊天。输入消息后按回车；/clear 重新开始，/exit 或 Ctrl+D 退出。</translation>
    </message>
    <message>
        <source>[Conversation cleared.]</source>
        <translation>[对话已清空。]</translation>
    </message>
    <message>
        <source>Where to download from, tried in order: hf (Hugging Face), hf-mirror, modelscope, or a hub URL; several separated by commas (default: hf,hf-mirror,modelscope)</source>
        <translation>下载来源，按顺序尝试：hf（Hugging Face）、hf-mirror、modelscope 或模型仓库网址；多个来源用逗号分隔（默认：hf,hf-mirror,modelscope）</translation>
    </message>
    <message>
        <source>A catalog name (see &apos;deskseek-cli recommend&apos;) or a repository (owner/name)</source>
        <translation>目录中的名称（参见“deskseek-cli recommend”）或仓库（所有者/名称）</translation>
    </message>
    <message>
        <source>Unknown source &apos;%1&apos;. Use hf, hf-mirror, modelscope or a hub URL.</source>
        <translation>未知来源“%1”。请使用 hf、hf-mirror、modelscope 或模型仓库网址。</translation>
    </message>
    <message>
        <source>Give at least one source.</source>
        <translation>请至少指定一个来源。</translation>
    </message>
    <message>
        <source>Installing %1 (%2) ...</source>
        <translation>正在安装 %1（%2）……</translation>
    </message>
    <message>
        <source>Downloading from %1 (%2) ...</source>
        <translation>正在从 %1 下载（%2）……</translation>
    </message>
    <message>
        <source>%1: the install was interrupted. Run &apos;deskseek-cli pull %2&apos; to resume it.</source>
        <translation>%1：安装被中断。运行“deskseek-cli pull %2”即可继续。</translation>
    </message>
    <message>
        <source>Files downloaded at the same time (default: 3)</source>
        <translation>同时下载的文件数（默认 3）</translation>
    </message>
    <message>
        <source>--parallel must be a number from 1 to 16.</source>
        <translation>--parallel 必须是 1 到 16 之间的数字。</translation>
    </message>
    <message>
        <source>A proxy for the downloads, such as http://127.0.0.1:7890 (default: the one in Settings, else the system&apos;s)</source>
        <translation>下载使用的代理，例如 http://127.0.0.1:7890（默认：设置中的代理，否则使用系统代理）</translation>
    </message>
    <message>
        <source>url</source>
        <translation>网址</translation>
    </message>
    <message>
        <source>Connections one large file is downloaded over at the same time (default: %1, from Settings)</source>
        <translation>同时下载一个大文件所用的连接数（默认：%1，来自设置）</translation>
    </message>
    <message>
        <source>Size of the pieces those connections fetch, in MiB (default: 32)</source>
        <translation>这些连接每次获取的分块大小，单位 MiB（默认：32）</translation>
    </message>
    <message>
        <source>MiB</source>
        <translation>MiB</translation>
    </message>
    <message>
        <source>--connections must be a number from 1 to 16.</source>
        <translation>--connections 必须是 1 到 16 之间的数字。</translation>
    </message>
    <message>
        <source>--piece-mb must be a number from 1 to 1024.</source>
        <translation>--piece-mb 必须是 1 到 1024 之间的数字。</translation>
    </message>
    <message>
        <source>Bandwidth:      %1 GB/s read; %2 per token: at most %3 tokens/s, decode at %4 % of it</source>
        <translation>带宽：          读取 %1 GB/s；每个词元读取 %2：最多 %3 词元/秒，解码达到其 %4 %</translation>
    </message>
    <message>
        <source>Run the local API server (OpenAI- and Ollama-compatible) without the desktop app</source>
        <translation>不启动桌面程序，运行本地 API 服务器（兼容 OpenAI 和 Ollama）</translation>
    </message>
    <message>
        <source>A model to load now and keep loaded (default: any installed model, loaded when a request names it)</source>
        <translation>立即加载并常驻的模型（默认：任何已安装的模型，在请求指名时加载）</translation>
    </message>
    <message>
        <source>Address to listen on (default: 127.0.0.1, this computer only; 0.0.0.0 for the local network, which needs --api-key)</source>
        <translation>监听地址（默认：127.0.0.1，仅本机；0.0.0.0 表示局域网，此时需要 --api-key）</translation>
    </message>
    <message>
        <source>address</source>
        <translation>地址</translation>
    </message>
    <message>
        <source>Port for both APIs (default: 11435)</source>
        <translation>两种 API 共用的端口（默认：11435）</translation>
    </message>
    <message>
        <source>port</source>
        <translation>端口</translation>
    </message>
    <message>
        <source>Also answer on this port (Ollama&apos;s is 11434)</source>
        <translation>同时在此端口应答（Ollama 的端口是 11434）</translation>
    </message>
    <message>
        <source>Answer on --port only (the default)</source>
        <translation>只在 --port 上应答（默认）</translation>
    </message>
    <message>
        <source>Require this key (Authorization: Bearer or x-api-key)</source>
        <translation>要求此密钥（Authorization: Bearer 或 x-api-key）</translation>
    </message>
    <message>
        <source>key</source>
        <translation>密钥</translation>
    </message>
    <message>
        <source>Answers generated at the same time (default: 4)</source>
        <translation>同时生成的回答数（默认：4）</translation>
    </message>
    <message>
        <source>CPU threads (default: all cores)</source>
        <translation>CPU 线程数（默认：所有核心）</translation>
    </message>
    <message>
        <source>Context length of each answer in tokens (default: 4096)</source>
        <translation>每个回答的上下文长度，以词元计（默认：4096）</translation>
    </message>
    <message>
        <source>deskseek-cli serve takes at most one model.</source>
        <translation>deskseek-cli serve 最多接受一个模型。</translation>
    </message>
    <message>
        <source>Serving %1 makes DeskSeek reachable from other computers: give an API key with --api-key.</source>
        <translation>在 %1 上提供服务会让其他电脑也能访问 DeskSeek：请用 --api-key 指定 API 密钥。</translation>
    </message>
    <message>
        <source>Loading %1…</source>
        <translation>正在加载 %1…</translation>
    </message>
    <message>
        <source>DeskSeek&apos;s API server is listening on %1 (OpenAI: /v1, Ollama: /api).</source>
        <translation>DeskSeek 的 API 服务器正在监听 %1（OpenAI：/v1，Ollama：/api）。</translation>
    </message>
    <message>
        <source>It also answers on port %1, as Ollama would.</source>
        <translation>它也像 Ollama 一样在端口 %1 上应答。</translation>
    </message>
    <message>
        <source>Press Ctrl+C to stop.</source>
        <translation>按 Ctrl+C 停止。</translation>
    </message>
    <message>
        <source>Stopping: running answers are cancelled.</source>
        <translation>正在停止：进行中的回答已取消。</translation>
    </message>
    <message>
        <source>Also decode this many sequences together, as the server does (default: 1)</source>
        <translation>同时像服务器那样一起解码这么多个序列（默认：1）</translation>
    </message>
    <message>
        <source>The sequences do not fit in the context: give a larger --ctx.</source>
        <translation>这些序列放不进上下文：请指定更大的 --ctx。</translation>
    </message>
    <message>
        <source>Decode, %1 sequences together: %2 tokens/s in all (%3 a sequence)</source>
        <translation>解码，%1 个序列一起：共 %2 词元/秒（每个序列 %3）</translation>
    </message>
    <message>
        <source>Give every answer a whole context of its own (default: the answers at once share one, as llama-server&apos;s unified KV cache)</source>
        <translation>为每个回答分配一个完整的独立上下文（默认：同时进行的回答共享一个上下文，如同 llama-server 的统一 KV 缓存）</translation>
    </message>
    <message>
        <source>Search the web and print the results and the main text of the top pages</source>
        <translation>搜索网页，并打印搜索结果和排名靠前网页的正文</translation>
    </message>
    <message>
        <source>Ask only this provider: %1</source>
        <translation>只使用这个搜索服务：%1</translation>
    </message>
    <message>
        <source>name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>The provider&apos;s address (a SearXNG instance)</source>
        <translation>搜索服务的地址（SearXNG 实例）</translation>
    </message>
    <message>
        <source>The provider&apos;s API key (Brave, Tavily, Bocha)</source>
        <translation>搜索服务的 API 密钥（Brave、Tavily、博查）</translation>
    </message>
    <message>
        <source>Pages to read in full (default: Settings → Search, 3)</source>
        <translation>完整读取的网页数（默认：设置 → 搜索，3）</translation>
    </message>
    <message>
        <source>Results to ask for (default: Settings → Search, 5)</source>
        <translation>请求的结果数（默认：设置 → 搜索，5）</translation>
    </message>
    <message>
        <source>What to search for</source>
        <translation>要搜索的内容</translation>
    </message>
    <message>
        <source>Usage: deskseek-cli search &quot;&lt;query&gt;&quot; [--provider NAME] [--url URL] [--key KEY] [--fetch K] [--json]</source>
        <translation>用法：deskseek-cli search &quot;&lt;查询&gt;&quot; [--provider 名称] [--url 地址] [--key 密钥] [--fetch K] [--json]</translation>
    </message>
    <message>
        <source>Unknown provider &apos;%1&apos;. Known: %2.</source>
        <translation>未知的搜索服务“%1”。可用的有：%2。</translation>
    </message>
    <message>
        <source>--url and --key belong to one provider: name it with --provider.</source>
        <translation>--url 和 --key 属于某一个搜索服务：请用 --provider 指定它。</translation>
    </message>
    <message>
        <source>--%1 must be a whole number from %2 to %3.</source>
        <translation>--%1 必须是 %2 到 %3 之间的整数。</translation>
    </message>
    <message>
        <source>Searching with %1…</source>
        <translation>正在用 %1 搜索…</translation>
    </message>
    <message numerus="yes">
        <source>Reading %n page(s)…</source>
        <translation>
            <numerusform>正在读取 %n 个网页…</numerusform>
        </translation>
    </message>
    <message>
        <source>(not read: %1)</source>
        <translation>（未读取：%1）</translation>
    </message>
    <message>
        <source>Search the web first and answer from the sources (Settings → Search), citing them</source>
        <translation>先联网搜索，再根据来源回答并注明出处（设置 → 搜索）</translation>
    </message>
    <message>
        <source>Usage: deskseek-cli run &lt;model&gt; (--prompt TEXT | --chat) [--search] [--max-tokens N] [--temperature T] [--top-p P] [--seed S] [--threads N] [--device cpu|cuda] [--gpu-layers N] [--ctx N]</source>
        <translation>用法：deskseek-cli run &lt;模型&gt; (--prompt 文本 | --chat) [--search] [--max-tokens N] [--temperature T] [--top-p P] [--seed S] [--threads N] [--device cpu|cuda] [--gpu-layers N] [--ctx N]</translation>
    </message>
    <message>
        <source>--search answers through the chat template; it cannot be used with --raw.</source>
        <translation>--search 通过聊天模板回答，不能与 --raw 一起使用。</translation>
    </message>
    <message>
        <source>The answer is written without search.</source>
        <translation>本次回答未使用搜索结果。</translation>
    </message>
    <message numerus="yes">
        <source>%n source(s) shortened to fit the context.</source>
        <translation>
            <numerusform>%n 个来源被缩短以适应上下文长度。</numerusform>
        </translation>
    </message>
    <message>
        <source>Sources:</source>
        <translation>来源：</translation>
    </message>
    <message>
        <source>search %1 s, fetch %2 s, extract %3 s (%4 KB at %5 MB/s)</source>
        <translation>搜索 %1 秒，下载 %2 秒，提取正文 %3 秒（%4 KB，%5 MB/秒）</translation>
    </message>
    <message>
        <source>[Web search: %1; from sending to the first token %2 s]</source>
        <translation>[联网搜索：%1；从发送到第一个词元 %2 秒]</translation>
    </message>
    <message>
        <source>The computer was busy, so its memory speed is estimated; it is measured again next time.</source>
        <translation>电脑当前较忙，因此内存速度为估算值；下次会重新测量。</translation>
    </message>
    <message>
        <source>Weight type: %1 (default q8_0)</source>
        <translation>权重类型：%1（默认 q8_0）</translation>
    </message>
    <message>
        <source>deskseek-cli quantize needs an input model and an output file. Example: deskseek-cli quantize ~/models/DeepSeek-R1-Distill-Qwen-1.5B model-q4_k_m.gguf --type q4_k_m</source>
        <translation>deskseek-cli quantize 需要一个输入模型和一个输出文件。例如：deskseek-cli quantize ~/models/DeepSeek-R1-Distill-Qwen-1.5B model-q4_k_m.gguf --type q4_k_m</translation>
    </message>
    <message>
        <source>Unknown type &apos;%1&apos;. Choose one of %2.</source>
        <translation>未知类型“%1”。请从以下类型中选择：%2。</translation>
    </message>
    <message>
        <source>Add models already on this computer (Ollama, LM Studio, a folder) where they lie</source>
        <translation>添加本机已有的模型（Ollama、LM Studio 或某个文件夹），保留在原处</translation>
    </message>
    <message>
        <source>Convert a Hugging Face model or a GGUF file to GGUF (q4_k_m, q6_k, q8_0, f16 and others)</source>
        <translation>将 Hugging Face 模型或 GGUF 文件转换为 GGUF（q4_k_m、q6_k、q8_0、f16 等）</translation>
    </message>
    <message>
        <source>Compare a quantized model&apos;s next-token predictions with its original&apos;s</source>
        <translation>比较量化模型与原始模型的下一个词元预测</translation>
    </message>
    <message>
        <source>Add GGUF models that are already on this computer, where they lie (nothing is copied): Ollama&apos;s models, LM Studio&apos;s, or those in a folder.</source>
        <translation>添加本机已有的 GGUF 模型，保留在原处（不复制任何文件）：Ollama 的模型、LM Studio 的模型或某个文件夹中的模型。</translation>
    </message>
    <message>
        <source>Only list what would be added</source>
        <translation>只列出将要添加的模型</translation>
    </message>
    <message>
        <source>&apos;ollama&apos;, &apos;lmstudio&apos;, a folder or a .gguf file</source>
        <translation>“ollama”、“lmstudio”、一个文件夹或一个 .gguf 文件</translation>
    </message>
    <message>
        <source>Usage: deskseek-cli import &lt;ollama|lmstudio|folder|file.gguf&gt; [--dry-run] [--json]</source>
        <translation>用法：deskseek-cli import &lt;ollama|lmstudio|文件夹|文件.gguf&gt; [--dry-run] [--json]</translation>
    </message>
    <message>
        <source>No Ollama models in %1.</source>
        <translation>%1 中没有 Ollama 模型。</translation>
    </message>
    <message>
        <source>No LM Studio models in ~/.lmstudio/models or ~/.cache/lm-studio/models.</source>
        <translation>~/.lmstudio/models 和 ~/.cache/lm-studio/models 中没有 LM Studio 模型。</translation>
    </message>
    <message>
        <source>No .gguf files in %1.</source>
        <translation>%1 中没有 .gguf 文件。</translation>
    </message>
    <message>
        <source>%1 is neither &apos;ollama&apos;, &apos;lmstudio&apos;, a folder nor a file.</source>
        <translation>%1 既不是“ollama”、“lmstudio”，也不是文件夹或文件。</translation>
    </message>
    <message>
        <source>not added  %1  (%2): %3</source>
        <translation>未添加  %1  （%2）：%3</translation>
    </message>
    <message>
        <source>failed     %1  (%2): %3</source>
        <translation>失败    %1  （%2）：%3</translation>
    </message>
    <message>
        <source>would add  %1  (%2)</source>
        <translation>将添加  %1  （%2）</translation>
    </message>
    <message>
        <source>already    %1  (%2) as %3</source>
        <translation>已存在  %1  （%2），名为 %3</translation>
    </message>
    <message>
        <source>added      %1  (%2) as %3</source>
        <translation>已添加  %1  （%2），名为 %3</translation>
    </message>
    <message>
        <source>Compare a quantized model with its original over a text: how often both pick the same next token, the mean KL divergence of the quantized model&apos;s next-token distribution from the original&apos;s, and the perplexity of each.</source>
        <translation>在一段文本上比较量化模型与原始模型：两者选出相同下一个词元的比例、量化模型的下一个词元分布相对原始模型的平均 KL 散度，以及两者各自的困惑度。</translation>
    </message>
    <message>
        <source>The original model: a Hugging Face folder or a .gguf file</source>
        <translation>原始模型：Hugging Face 文件夹或 .gguf 文件</translation>
    </message>
    <message>
        <source>model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>A UTF-8 text file to compare over (default: DeskSeek&apos;s sample text)</source>
        <translation>用于比较的 UTF-8 文本文件（默认：DeskSeek 自带的示例文本）</translation>
    </message>
    <message>
        <source>file</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>How many tokens of the text to use (default 512, at most 4096)</source>
        <translation>使用文本中的多少个词元（默认 512，最多 4096）</translation>
    </message>
    <message>
        <source>The quantized model: a .gguf file, a folder or an installed model&apos;s name</source>
        <translation>量化模型：.gguf 文件、文件夹或已安装模型的名称</translation>
    </message>
    <message>
        <source>Usage: deskseek-cli quality &lt;quantized&gt; --reference &lt;hf-folder|gguf&gt; [--text FILE] [--tokens N] [--json] (N from 2 to 4096)</source>
        <translation>用法：deskseek-cli quality &lt;量化模型&gt; --reference &lt;hf 文件夹|gguf&gt; [--text 文件] [--tokens N] [--json]（N 为 2 到 4096）</translation>
    </message>
    <message>
        <source>Cannot read %1: %2</source>
        <translation>无法读取 %1：%2</translation>
    </message>
    <message>
        <source>The text is too short: it gives %1 tokens.</source>
        <translation>文本太短：只有 %1 个词元。</translation>
    </message>
    <message>
        <source>Comparing</source>
        <translation>正在比较</translation>
    </message>
    <message>
        <source>The comparison failed: %1</source>
        <translation>比较失败：%1</translation>
    </message>
    <message>
        <source>Compared over %1 tokens of %2:</source>
        <translation>在%2的 %1 个词元上比较：</translation>
    </message>
    <message>
        <source>the sample text</source>
        <translation>示例文本</translation>
    </message>
    <message>
        <source>  Next-token choices that match the original: %1 %</source>
        <translation>  与原始模型选择相同下一个词元的比例：%1 %</translation>
    </message>
    <message>
        <source>  Mean KL divergence from the original: %1 nats (largest %2)</source>
        <translation>  相对原始模型的平均 KL 散度：%1 奈特（最大 %2）</translation>
    </message>
    <message>
        <source>  Perplexity: %1 (the original&apos;s: %2)</source>
        <translation>  困惑度：%1（原始模型：%2）</translation>
    </message>
    <message>
        <source>Delete an installed model and its files. An imported model is forgotten and its file kept, unless --delete-file is given.</source>
        <translation>删除已安装的模型及其文件。导入的模型只会从列表中移除，文件保留，除非指定 --delete-file。</translation>
    </message>
    <message>
        <source>For an imported model: delete its GGUF file too</source>
        <translation>对于导入的模型：同时删除其 GGUF 文件</translation>
    </message>
    <message>
        <source>Models added: %1. They stay where they are; &apos;deskseek-cli rm&apos; forgets one without deleting its file.</source>
        <translation>已添加模型：%1 个。它们保留在原处；“deskseek-cli rm”只会移除列表项，不会删除文件。</translation>
    </message>
    <message>
        <source>Weight type: q4_k_m (default), q5_k_m, q6_k, q8_0, q4_0, bf16 and the others &apos;deskseek-cli quantize&apos; makes</source>
        <translation>权重类型：q4_k_m（默认）、q5_k_m、q6_k、q8_0、q4_0、bf16，以及“deskseek-cli quantize”能生成的其他类型</translation>
    </message>
    <message>
        <source>Download the original model and quantize it here, even where a ready-made GGUF file of the type exists</source>
        <translation>即使有该类型的现成 GGUF 文件，也下载原始模型并在本机量化</translation>
    </message>
    <message>
        <source>Skip comparing a model quantized here with the original (done for models up to 8B unless turned off in Settings)</source>
        <translation>跳过本机量化后与原始模型的对比（默认对 8B 以内的模型进行，可在设置中关闭）</translation>
    </message>
    <message>
        <source>Usage: deskseek-cli pull &lt;catalog name | owner/repo&gt; [--source hf|hf-mirror|modelscope|URL[,...]] [--quant q4_k_m]</source>
        <translation>用法：deskseek-cli pull &lt;目录名称 | 所有者/仓库&gt; [--source hf|hf-mirror|modelscope|URL[,...]] [--quant q4_k_m]</translation>
    </message>
    <message>
        <source>Unknown type &apos;%1&apos;. Choose q4_k_m, q5_k_m, q6_k, q8_0, q4_0, bf16 or another type &apos;deskseek-cli quantize&apos; makes.</source>
        <translation>未知类型“%1”。请选择 q4_k_m、q5_k_m、q6_k、q8_0、q4_0、bf16，或“deskseek-cli quantize”能生成的其他类型。</translation>
    </message>
    <message>
        <source>Installing %1 (%2): the ready-made file from %3 ...</source>
        <translation>正在安装 %1（%2）：来自 %3 的现成文件……</translation>
    </message>
    <message>
        <source>Checking the quality against the original ...</source>
        <translation>正在与原始模型对比质量……</translation>
    </message>
    <message>
        <source>Quality check: %1 % of next-token choices match the original (mean KL divergence %2).</source>
        <translation>质量检查：%1 % 的下一个词元选择与原始模型一致（平均 KL 散度 %2）。</translation>
    </message>
    <message>
        <source>Installed %1 as %2 (%3, the ready-made file from %4).</source>
        <translation>已将 %1 安装为 %2（%3，来自 %4 的现成文件）。</translation>
    </message>
</context>
<context>
    <name>FolderStatus</name>
    <message>
        <source>Choose a complete folder path, for example %1.</source>
        <translation>请选择完整的文件夹路径，例如 %1。</translation>
    </message>
    <message>
        <source>DeskSeek cannot create the folder %1. Check that the drive is connected and that you may write there, or choose another folder.</source>
        <translation>DeskSeek 无法创建文件夹 %1。请检查该磁盘是否已连接、您是否有写入权限，或选择其他文件夹。</translation>
    </message>
    <message>
        <source>DeskSeek cannot write to %1. Choose a folder you own.</source>
        <translation>DeskSeek 无法写入 %1。请选择一个属于您的文件夹。</translation>
    </message>
</context>
<context>
    <name>HardwareReport</name>
    <message numerus="yes">
        <source>%1 (%n cores)</source>
        <translation>
            <numerusform>%1（%n 核）</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 RAM</source>
        <translation>%1 内存</translation>
    </message>
    <message>
        <source>CPU only: %1, %2</source>
        <translation>仅 CPU：%1，%2</translation>
    </message>
</context>
<context>
    <name>InstallQualityCheck</name>
    <message>
        <source>The sample text is missing from this build.</source>
        <translation>此版本缺少示例文本。</translation>
    </message>
</context>
<context>
    <name>InstallStatusText</name>
    <message>
        <source>Looking up the files on %1 …</source>
        <translation>正在 %1 上查找文件……</translation>
    </message>
    <message>
        <source>Downloading from %1 …</source>
        <translation>正在从 %1 下载……</translation>
    </message>
    <message>
        <source>Converting to GGUF …</source>
        <translation>正在转换为 GGUF……</translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation>%1 / %2</translation>
    </message>
    <message>
        <source>%1/s</source>
        <translation>%1/秒</translation>
    </message>
    <message>
        <source>%1 left</source>
        <translation>剩余 %1</translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation>%1 小时 %2 分钟</translation>
    </message>
    <message>
        <source>%1 min %2 s</source>
        <translation>%1 分 %2 秒</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 秒</translation>
    </message>
    <message>
        <source>Checking the quality against the original …</source>
        <translation>正在与原始模型对比质量…</translation>
    </message>
</context>
<context>
    <name>ModelHost</name>
    <message>
        <source>There is no model &apos;%1&apos;, and no model is installed. Install one in DeskSeek (Models → Choose a model…) or with &apos;deskseek-cli pull&apos;.</source>
        <translation>没有模型“%1”，也没有安装任何模型。请在 DeskSeek 中安装一个（模型 → 选择模型…），或使用 “deskseek-cli pull”。</translation>
    </message>
    <message>
        <source>There is no model &apos;%1&apos;. Installed: %2.</source>
        <translation>没有模型“%1”。已安装：%2。</translation>
    </message>
    <message>
        <source>The model &apos;%1&apos; is loading. Try again in a few seconds.</source>
        <translation>模型“%1”正在加载。请几秒后重试。</translation>
    </message>
    <message>
        <source>Another model is answering requests, and no more models may be loaded at once (%1). Try again when it is done, or allow more models in Settings → Server.</source>
        <translation>另一个模型正在回答请求，且同时加载的模型数已达上限（%1）。请等它完成后重试，或在 设置 → 服务器 中允许更多模型。</translation>
    </message>
    <message>
        <source>Cannot load the model &apos;%1&apos;: %2</source>
        <translation>无法加载模型“%1”：%2</translation>
    </message>
    <message>
        <source>Loading was cancelled.</source>
        <translation>已取消加载。</translation>
    </message>
</context>
<context>
    <name>ModelImporter</name>
    <message>
        <source>The model is split into several files; DeskSeek reads models in one file.</source>
        <translation>该模型被拆分为多个文件；DeskSeek 只能读取单个文件的模型。</translation>
    </message>
    <message>
        <source>DeskSeek cannot run %1: %2</source>
        <translation>DeskSeek 无法运行 %1：%2</translation>
    </message>
    <message>
        <source>Cannot create the model folder %1.</source>
        <translation>无法创建模型文件夹 %1。</translation>
    </message>
</context>
<context>
    <name>ModelInstaller</name>
    <message>
        <source>No download source was given.</source>
        <translation>没有指定下载来源。</translation>
    </message>
    <message>
        <source>Cannot create %1. Choose a model folder you can write to in Settings.</source>
        <translation>无法创建 %1。请在“设置”中选择一个可写入的模型文件夹。</translation>
    </message>
    <message>
        <source>Cannot write %1. Free some space or choose another model folder.</source>
        <translation>无法写入 %1。请释放一些空间，或选择其他模型文件夹。</translation>
    </message>
    <message>
        <source>%1 has no safetensors model files on %2.</source>
        <translation>%2 上的 %1 没有 safetensors 模型文件。</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <source>Cancelled. Start the install again to resume it.</source>
        <translation>已取消。再次开始安装即可继续。</translation>
    </message>
    <message>
        <source>No source has the model: %1</source>
        <translation>所有来源都没有这个模型：%1</translation>
    </message>
    <message>
        <source>Not enough disk space in %1: %2 free, about %3 needed. Free some space or choose another model folder in Settings.</source>
        <translation>%1 的磁盘空间不足：剩余 %2，大约需要 %3。请释放一些空间，或在“设置”中选择其他模型文件夹。</translation>
    </message>
    <message>
        <source>Cancelled. What was downloaded is kept: start the install again to resume it.</source>
        <translation>已取消。已下载的内容会保留：再次开始安装即可继续。</translation>
    </message>
    <message>
        <source>Every source failed: %1</source>
        <translation>所有来源都失败了：%1</translation>
    </message>
    <message>
        <source>Continuing with %1.</source>
        <translation>改用 %1 继续。</translation>
    </message>
    <message>
        <source>Cannot write %1.</source>
        <translation>无法写入 %1。</translation>
    </message>
    <message>
        <source>The downloaded model cannot be read: %1</source>
        <translation>无法读取下载的模型：%1</translation>
    </message>
    <message>
        <source>Conversion failed: %1</source>
        <translation>转换失败：%1</translation>
    </message>
    <message>
        <source>DeskSeek cannot make %1 files.</source>
        <translation>DeskSeek 无法生成 %1 文件。</translation>
    </message>
    <message>
        <source>%1 has no %2.</source>
        <translation>%1 中没有 %2。</translation>
    </message>
    <message>
        <source>No source has the ready-made file: %1</source>
        <translation>没有任何来源提供该现成文件：%1</translation>
    </message>
    <message>
        <source>The ready-made file from %1 cannot be used: %2</source>
        <translation>来自 %1 的现成文件无法使用：%2</translation>
    </message>
    <message>
        <source>No ready-made file answered; DeskSeek downloads the original and makes the file itself.</source>
        <translation>没有来源提供现成文件；DeskSeek 将下载原始模型并自行生成文件。</translation>
    </message>
    <message>
        <source>The quality check could not run: %1</source>
        <translation>无法进行质量检查：%1</translation>
    </message>
    <message>
        <source>%1 has no %2; its file of the same type, %3, is used.</source>
        <translation>%1 中没有 %2；改用其中同一类型的文件 %3。</translation>
    </message>
</context>
<context>
    <name>ModelLoading</name>
    <message>
        <source>CPU threads (default: all cores)</source>
        <translation>CPU 线程数（默认：所有核心）</translation>
    </message>
    <message>
        <source>n</source>
        <translation>n</translation>
    </message>
    <message>
        <source>Where to run: cpu or cuda (default: cpu)</source>
        <translation>运行位置：cpu 或 cuda（默认 cpu）</translation>
    </message>
    <message>
        <source>device</source>
        <translation>设备</translation>
    </message>
    <message>
        <source>Layers on the GPU with --device cuda (default: as many as fit)</source>
        <translation>使用 --device cuda 时放在 GPU 上的层数（默认：显存能放下的最多层数）</translation>
    </message>
    <message>
        <source>Context length in tokens (default: 4096)</source>
        <translation>上下文长度（词元数，默认 4096）</translation>
    </message>
    <message>
        <source>--threads must be a number from 1 to 1024.</source>
        <translation>--threads 必须是 1 到 1024 之间的数字。</translation>
    </message>
    <message>
        <source>--ctx must be a number of tokens from 16 to 1048576.</source>
        <translation>--ctx 必须是 16 到 1048576 之间的词元数。</translation>
    </message>
    <message>
        <source>--device must be cpu or cuda.</source>
        <translation>--device 必须是 cpu 或 cuda。</translation>
    </message>
    <message>
        <source>--gpu-layers must be 0 or more.</source>
        <translation>--gpu-layers 必须大于或等于 0。</translation>
    </message>
    <message>
        <source>No model &apos;%1&apos;: give a model folder, a .gguf file, or the name of an installed model (see &apos;deskseek-cli list&apos;).</source>
        <translation>找不到模型“%1”：请提供模型文件夹、.gguf 文件或已安装模型的名称（参见“deskseek-cli list”）。</translation>
    </message>
    <message>
        <source>Loading %1</source>
        <translation>正在加载 %1</translation>
    </message>
    <message>
        <source>Cannot load the model: %1</source>
        <translation>无法加载模型：%1</translation>
    </message>
    <message>
        <source>With --device cuda, where a mixture of experts&apos; routed experts run: cpu or gpu (default: cpu when the GPU cannot hold them)</source>
        <translation>使用 --device cuda 时混合专家模型的路由专家在哪里运行：cpu 或 gpu（默认：GPU 放不下时用 cpu）</translation>
    </message>
    <message>
        <source>where</source>
        <translation>位置</translation>
    </message>
    <message>
        <source>--experts must be cpu or gpu.</source>
        <translation>--experts 必须是 cpu 或 gpu。</translation>
    </message>
</context>
<context>
    <name>Recommender</name>
    <message>
        <source>%1 (%2B parameters): needs about %3 GB of memory, a multi-GPU server; this version of DeskSeek cannot run it yet.</source>
        <translation>%1（%2B 参数）：约需 %3 GB 内存，需要多卡服务器；本版本的 DeskSeek 尚不能运行。</translation>
    </message>
    <message>
        <source>%1 (%2B parameters): needs about %3 GB of memory; this version of DeskSeek cannot run its architecture yet.</source>
        <translation>%1（%2B 参数）：约需 %3 GB 内存；本版本的 DeskSeek 尚不能运行其架构。</translation>
    </message>
    <message>
        <source>No DeepSeek model fits in this computer&apos;s memory (%1 available). Close other programs or add memory.</source>
        <translation>这台电脑的内存（可用 %1）放不下任何 DeepSeek 模型。请关闭其他程序或增加内存。</translation>
    </message>
    <message>
        <source>%1: %2 fits entirely in VRAM with %3 tokens of context, about %4 tok/s expected.</source>
        <translation>%1：%2 可完全放入显存，上下文 %3 词元，预计约 %4 词元/秒。</translation>
    </message>
    <message>
        <source>%1: %2 runs with %3 of its %4 layers on the GPU and the rest on the CPU, with %5 tokens of context, about %6 tok/s expected.</source>
        <translation>%1：%2 的 %4 层中有 %3 层在 GPU 上运行，其余在 CPU 上，上下文 %5 词元，预计约 %6 词元/秒。</translation>
    </message>
    <message>
        <source>%1 is too small for a better model</source>
        <translation>%1 放不下更好的模型</translation>
    </message>
    <message>
        <source>no NVIDIA GPU to run on</source>
        <translation>没有可用的 NVIDIA GPU</translation>
    </message>
    <message>
        <source>%1 cannot be used yet: the engine runs on NVIDIA GPUs</source>
        <translation>暂时无法使用 %1：引擎目前只支持 NVIDIA GPU</translation>
    </message>
    <message>
        <source>CPU with %1 of RAM (%2): %3 runs on the CPU with %4 tokens of context, about %5 tok/s expected.</source>
        <translation>CPU，%1 内存（%2）：%3 在 CPU 上运行，上下文 %4 词元，预计约 %5 词元/秒。</translation>
    </message>
</context>
<context>
    <name>ServingChatGenerator</name>
    <message>
        <source>No model is loaded.</source>
        <translation>尚未加载模型。</translation>
    </message>
    <message>
        <source>The message is too long for the context (%1 tokens; the context holds %2). Shorten it, or raise the context length in the chat&apos;s settings.</source>
        <translation>消息超出了上下文长度（%1 个词元；上下文可容纳 %2 个）。请缩短消息，或在聊天设置中增大上下文长度。</translation>
    </message>
    <message>
        <source>The model is busy with other requests. Try again in a moment.</source>
        <translation>模型正忙于处理其他请求。请稍后重试。</translation>
    </message>
</context>
<context>
    <name>deskseek::app::Application</name>
    <message>
        <source>DeskSeek is still running</source>
        <translation>DeskSeek 仍在运行</translation>
    </message>
    <message>
        <source>DeskSeek keeps running in the tray. Click its icon to open the window again, or choose Quit from its menu to end it.</source>
        <translation>DeskSeek 会继续在系统托盘中运行。点击托盘图标可重新打开窗口，在其菜单中选择“退出”可结束程序。</translation>
    </message>
    <message>
        <source>DeskSeek keeps running in the tray, and its API server at %1 keeps answering. Click the icon to open the window again, or choose Quit from its menu to end it.</source>
        <translation>DeskSeek 仍在系统托盘中运行，位于 %1 的 API 服务器也会继续应答。点击图标可重新打开窗口，或在其菜单中选择“退出”来结束它。</translation>
    </message>
</context>
<context>
    <name>deskseek::app::TrayIcon</name>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>DeskSeek</source>
        <translation>DeskSeek</translation>
    </message>
    <message>
        <source>Server: %1 (click to copy)</source>
        <translation>服务器：%1（点击复制）</translation>
    </message>
    <message>
        <source>Server: paused</source>
        <translation>服务器：已暂停</translation>
    </message>
    <message>
        <source>Server: not running (see Settings → Server)</source>
        <translation>服务器：未运行（见 设置 → 服务器）</translation>
    </message>
    <message>
        <source>Server: off</source>
        <translation>服务器：已关闭</translation>
    </message>
    <message>
        <source>Loading %1…</source>
        <translation>正在加载 %1…</translation>
    </message>
    <message>
        <source>Model: %1</source>
        <translation>模型：%1</translation>
    </message>
    <message>
        <source>No model loaded</source>
        <translation>未加载模型</translation>
    </message>
    <message>
        <source>Requests: %1 running, %2 waiting</source>
        <translation>请求：%1 个进行中，%2 个等待中</translation>
    </message>
    <message>
        <source>&amp;Resume server</source>
        <translation>恢复服务器(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Pause server</source>
        <translation>暂停服务器(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Open DeskSeek</source>
        <translation>打开 DeskSeek(&amp;O)</translation>
    </message>
    <message>
        <source>DeskSeek: serving at %1</source>
        <translation>DeskSeek：正在 %1 提供服务</translation>
    </message>
</context>
<context>
    <name>deskseek::chat::ChatSearch</name>
    <message>
        <source>Searching with %1…</source>
        <translation>正在用 %1 搜索…</translation>
    </message>
    <message numerus="yes">
        <source>Reading %n page(s)…</source>
        <translation>
            <numerusform>正在读取 %n 个网页…</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>deskseek::chat::ChatSession</name>
    <message>
        <source>An answer is still being written. Stop it first (Esc).</source>
        <translation>回答仍在生成中。请先停止（Esc）。</translation>
    </message>
    <message>
        <source>The model is still loading. Send again when it is ready.</source>
        <translation>模型仍在加载。准备就绪后请再次发送。</translation>
    </message>
    <message>
        <source>No model is loaded. Choose one at the top of the chat.</source>
        <translation>尚未加载模型。请在聊天顶部选择一个模型。</translation>
    </message>
    <message>
        <source>The chat cannot be saved (%1).</source>
        <translation>无法保存聊天（%1）。</translation>
    </message>
    <message>
        <source>The message cannot be saved (%1).</source>
        <translation>无法保存消息（%1）。</translation>
    </message>
    <message>
        <source>The model is not ready.</source>
        <translation>模型尚未就绪。</translation>
    </message>
    <message>
        <source>The context is full; start a new chat or raise the context length.</source>
        <translation>上下文已满；请开始新的聊天或增大上下文长度。</translation>
    </message>
    <message>
        <source>The answer reached the token limit of this chat.</source>
        <translation>回答已达到本聊天的词元上限。</translation>
    </message>
    <message>
        <source>Searching the web…</source>
        <translation>正在联网搜索…</translation>
    </message>
    <message>
        <source>The answer is written without search.</source>
        <translation>本次回答未使用搜索结果。</translation>
    </message>
    <message numerus="yes">
        <source>%n source(s) shortened to fit the context.</source>
        <translation>
            <numerusform>%n 个来源被缩短以适应上下文长度。</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>deskseek::server::LocalServer</name>
    <message>
        <source>Port %1 is in use by another program (Ollama?). Turn off &quot;Also answer on Ollama&apos;s port&quot;, or quit the other program.</source>
        <translation>端口 %1 已被其他程序（Ollama？）占用。请关闭“同时在 Ollama 的端口上应答”，或退出该程序。</translation>
    </message>
    <message>
        <source>DeskSeek cannot listen on port %1: another program uses it. Choose another port.</source>
        <translation>DeskSeek 无法监听端口 %1：另一个程序正在使用它。请选择其他端口。</translation>
    </message>
</context>
<context>
    <name>deskseek::tools::HttpFetch</name>
    <message>
        <source>The page is %1, not a web page.</source>
        <translation>该页面是 %1，不是网页。</translation>
    </message>
    <message>
        <source>The answer is larger than %1 bytes.</source>
        <translation>回应超过 %1 字节。</translation>
    </message>
    <message>
        <source>%1 did not answer within %2 s.</source>
        <translation>%1 在 %2 秒内没有回应。</translation>
    </message>
    <message>
        <source>%1 redirects more than %2 times.</source>
        <translation>%1 重定向超过 %2 次。</translation>
    </message>
    <message>
        <source>Cannot reach %1: %2.</source>
        <translation>无法连接 %1：%2。</translation>
    </message>
    <message>
        <source>Cancelled.</source>
        <translation>已取消。</translation>
    </message>
</context>
<context>
    <name>deskseek::tools::PageReader</name>
    <message>
        <source>not a web page (%1)</source>
        <translation>不是网页（%1）</translation>
    </message>
    <message>
        <source>larger than 2 MiB</source>
        <translation>超过 2 MiB</translation>
    </message>
    <message>
        <source>too slow to answer</source>
        <translation>响应太慢</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>could not be reached</source>
        <translation>无法访问</translation>
    </message>
    <message>
        <source>HTTP %1</source>
        <translation>HTTP %1</translation>
    </message>
    <message>
        <source>no text on the page</source>
        <translation>页面上没有正文</translation>
    </message>
</context>
<context>
    <name>deskseek::tools::SearchOutcome</name>
    <message>
        <source>The search was cancelled.</source>
        <translation>搜索已取消。</translation>
    </message>
    <message>
        <source>Searched with %1.</source>
        <translation>已用 %1 搜索。</translation>
    </message>
    <message>
        <source>No search provider is enabled. Turn one on in Settings → Search.</source>
        <translation>没有启用任何搜索服务。请在 设置 → 搜索 中启用一个。</translation>
    </message>
    <message>
        <source>No search provider answered: %1</source>
        <translation>没有搜索服务给出结果：%1</translation>
    </message>
</context>
<context>
    <name>deskseek::tools::SearchProvider</name>
    <message>
        <source>Baidu asked to prove this is not a bot (百度安全验证).</source>
        <translation>百度要求验证不是机器人（百度安全验证）。</translation>
    </message>
    <message>
        <source>Baidu&apos;s answer is not its result page.</source>
        <translation>百度返回的不是搜索结果页。</translation>
    </message>
    <message>
        <source>Baidu&apos;s page holds no results that can be read.</source>
        <translation>百度的页面上没有可读取的结果。</translation>
    </message>
    <message>
        <source>Bing asked to prove this is not a bot.</source>
        <translation>必应要求验证不是机器人。</translation>
    </message>
    <message>
        <source>Bing&apos;s answer is not its result page.</source>
        <translation>必应返回的不是搜索结果页。</translation>
    </message>
    <message>
        <source>Bing&apos;s page holds no results that can be read.</source>
        <translation>必应的页面上没有可读取的结果。</translation>
    </message>
    <message>
        <source>Bocha&apos;s answer is not JSON.</source>
        <translation>博查返回的不是 JSON。</translation>
    </message>
    <message>
        <source>Bocha refused the key (code %1). Check it in Settings → Search.</source>
        <translation>博查拒绝了密钥（代码 %1）。请在 设置 → 搜索 中检查。</translation>
    </message>
    <message>
        <source>Bocha asks to wait: too many searches (code 429).</source>
        <translation>博查要求稍候：搜索次数过多（代码 429）。</translation>
    </message>
    <message>
        <source>Bocha&apos;s answer has no web pages (code %1).</source>
        <translation>博查的回应中没有网页（代码 %1）。</translation>
    </message>
    <message>
        <source>Brave Search&apos;s answer is not JSON.</source>
        <translation>Brave Search 返回的不是 JSON。</translation>
    </message>
    <message>
        <source>Brave Search&apos;s answer has no web results list.</source>
        <translation>Brave Search 的回应中没有网页结果列表。</translation>
    </message>
    <message>
        <source>DuckDuckGo asked to prove this is not a bot.</source>
        <translation>DuckDuckGo 要求验证不是机器人。</translation>
    </message>
    <message>
        <source>DuckDuckGo&apos;s answer is not its result page.</source>
        <translation>DuckDuckGo 返回的不是搜索结果页。</translation>
    </message>
    <message>
        <source>DuckDuckGo&apos;s page holds no results that can be read.</source>
        <translation>DuckDuckGo 的页面上没有可读取的结果。</translation>
    </message>
    <message>
        <source>%1 found nothing.</source>
        <translation>%1 没有找到结果。</translation>
    </message>
    <message>
        <source>%1 refused the key (HTTP %2). Check it in Settings → Search.</source>
        <translation>%1 拒绝了密钥（HTTP %2）。请在 设置 → 搜索 中检查。</translation>
    </message>
    <message>
        <source>%1 refused the search (HTTP %2).</source>
        <translation>%1 拒绝了搜索（HTTP %2）。</translation>
    </message>
    <message>
        <source>%1 asks to wait: too many searches (HTTP 429).</source>
        <translation>%1 要求稍候：搜索次数过多（HTTP 429）。</translation>
    </message>
    <message>
        <source>%1 answered HTTP %2.</source>
        <translation>%1 返回了 HTTP %2。</translation>
    </message>
    <message>
        <source>The SearXNG instance did not answer in JSON. Enable the json format in its settings.yml (search: formats).</source>
        <translation>SearXNG 实例没有以 JSON 回应。请在它的 settings.yml 中启用 json 格式（search: formats）。</translation>
    </message>
    <message>
        <source>Tavily&apos;s answer is not its JSON.</source>
        <translation>Tavily 返回的不是它的 JSON。</translation>
    </message>
    <message>
        <source>Baidu</source>
        <translation>百度</translation>
    </message>
    <message>
        <source>Bing</source>
        <translation>必应</translation>
    </message>
    <message>
        <source>Bocha</source>
        <translation>博查</translation>
    </message>
</context>
<context>
    <name>deskseek::ui::AboutDialog</name>
    <message>
        <source>About DeskSeek</source>
        <translation>关于 DeskSeek</translation>
    </message>
    <message>
        <source>DeskSeek %1</source>
        <translation>DeskSeek %1</translation>
    </message>
    <message>
        <source>DeepSeek models on your own computer: private, offline, and free.</source>
        <translation>在自己的电脑上运行 DeepSeek 模型：私密、离线、免费。</translation>
    </message>
    <message>
        <source>DeskSeek is free software under the MIT License.</source>
        <translation>DeskSeek 是以 MIT 许可证发布的自由软件。</translation>
    </message>
    <message>
        <source>It is built on these components, each under its own license:</source>
        <translation>它基于以下组件构建，各组件遵循各自的许可证：</translation>
    </message>
    <message>
        <source>Component</source>
        <translation>组件</translation>
    </message>
    <message>
        <source>License</source>
        <translation>许可证</translation>
    </message>
</context>
<context>
    <name>deskseek::ui::ChatPage</name>
    <message>
        <source>No model installed yet</source>
        <translation>尚未安装模型</translation>
    </message>
    <message>
        <source>Install a DeepSeek model to start chatting. Everything runs on this computer: your conversations never leave it.</source>
        <translation>安装一个 DeepSeek 模型即可开始对话。一切都在这台电脑上运行：您的对话不会离开这台电脑。</translation>
    </message>
    <message>
        <source>Get a model</source>
        <translation>获取模型</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Send</source>
        <translation>发送</translation>
    </message>
    <message>
        <source>Stop the answer (Esc)</source>
        <translation>停止回答（Esc）</translation>
    </message>
    <message>
        <source>Send (Enter); Shift+Enter starts a new line</source>
        <translation>发送（Enter）；Shift+Enter 换行</translation>
    </message>
    <message>
        <source>Start a conversation</source>
        <translation>开始对话</translation>
    </message>
    <message>
        <source>Ask anything. Enter sends, Shift+Enter starts a new line, Esc stops an answer. Everything runs on this computer: your conversations never leave it.</source>
        <translation>随便问。Enter 发送，Shift+Enter 换行，Esc 停止回答。一切都在这台电脑上运行：你的对话不会离开它。</translation>
    </message>
    <message>
        <source>Chat settings…</source>
        <translation>聊天设置…</translation>
    </message>
    <message>
        <source>System prompt, temperature, top-p, answer and context length of this chat</source>
        <translation>本聊天的系统提示词、温度、top-p、回答长度和上下文长度</translation>
    </message>
    <message>
        <source>Message DeepSeek (Enter sends, Shift+Enter for a new line)</source>
        <translation>给 DeepSeek 发消息（Enter 发送，Shift+Enter 换行）</translation>
    </message>
    <message>
        <source>Search the web</source>
        <translation>联网搜索</translation>
    </message>
    <message>
        <source>Search the web before answering, and cite the sources (Ctrl+Shift+S). The question goes to the search provider of Settings → Search, and the top pages are downloaded.</source>
        <translation>回答前先联网搜索，并注明来源（Ctrl+Shift+S）。问题会发送给 设置 → 搜索 中的搜索服务，排名靠前的网页会被下载。</translation>
    </message>
</context>
<context>
    <name>deskseek::ui::ChatSettingsDialog</name>
    <message>
        <source>Chat settings</source>
        <translation>聊天设置</translation>
    </message>
    <message>
        <source>Optional. DeepSeek recommends leaving it empty for R1 models and putting instructions in your message.</source>
        <translation>可选。DeepSeek 建议 R1 模型不使用系统提示词，把要求写在消息里。</translation>
    </message>
    <message>
        <source>Higher is more varied, lower more focused; 0 always picks the most likely word. DeepSeek recommends 0.6 for R1.</source>
        <translation>越高越多样，越低越专注；0 总是选择最可能的词。DeepSeek 建议 R1 使用 0.6。</translation>
    </message>
    <message>
        <source>How much of the conversation the model sees. Longer needs more memory; the oldest messages are left out when it is full.</source>
        <translation>模型能看到多少对话内容。越长占用内存越多；满了之后最早的消息会被省略。</translation>
    </message>
    <message>
        <source>&amp;System prompt:</source>
        <translation>系统提示词(&amp;S)：</translation>
    </message>
    <message>
        <source>&amp;Temperature:</source>
        <translation>温度(&amp;T)：</translation>
    </message>
    <message>
        <source>Top-&amp;p:</source>
        <translation>Top-&amp;p：</translation>
    </message>
    <message>
        <source>&amp;Max tokens per answer:</source>
        <translation>每个回答的最大词元数(&amp;M)：</translation>
    </message>
    <message>
        <source>&amp;Context length:</source>
        <translation>上下文长度(&amp;C)：</translation>
    </message>
    <message>
        <source>&amp;DeepSeek defaults</source>
        <translation>DeepSeek 默认值(&amp;D)</translation>
    </message>
</context>
<context>
    <name>deskseek::ui::ConversationList</name>
    <message>
        <source>New chat</source>
        <translation>新聊天</translation>
    </message>
    <message>
        <source>Rename chat</source>
        <translation>重命名聊天</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>名称：</translation>
    </message>
    <message>
        <source>Delete chat</source>
        <translation>删除聊天</translation>
    </message>
    <message>
        <source>Delete &quot;%1&quot; and all its messages? This cannot be undone.</source>
        <translation>删除“%1”及其所有消息？此操作无法撤销。</translation>
    </message>
    <message>
        <source>Export chat</source>
        <translation>导出聊天</translation>
    </message>
    <message>
        <source>Markdown (*.md)</source>
        <translation>Markdown (*.md)</translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>无法写入 %1：%2</translation>
    </message>
    <message>
        <source>Rename…</source>
        <translation>重命名…</translation>
    </message>
    <message>
        <source>Export to Markdown…</source>
        <translation>导出为 Markdown…</translation>
    </message>
    <message>
        <source>Delete…</source>
        <translation>删除…</translation>
    </message>
    <message>
        <source>Search chats</source>
        <translation>搜索聊天</translation>
    </message>
    <message>
        <source>Start a new chat (Ctrl+N)</source>
        <translation>开始新的聊天（Ctrl+N）</translation>
    </message>
</context>
<context>
    <name>deskseek::ui::DownloadPage</name>
    <message>
        <source>Another model is being installed. Wait for it to finish, or cancel it on the Models page.</source>
        <translation>另一个模型正在安装。请等待它完成，或在“模型”页面取消它。</translation>
    </message>
    <message>
        <source>This model cannot be installed by this version of DeskSeek.</source>
        <translation>此版本的 DeskSeek 还不能安装这个模型。</translation>
    </message>
    <message>
        <source>%1 is installed (%2): %3</source>
        <translation>%1 已安装（%2）：%3</translation>
    </message>
    <message>
        <source>The install was cancelled.</source>
        <translation>安装已取消。</translation>
    </message>
    <message>
        <source>Download and prepare</source>
        <translation>下载并准备</translation>
    </message>
    <message>
        <source>DeskSeek downloads the model, checks every file and converts it for this computer.</source>
        <translation>DeskSeek 会下载模型、校验每个文件，并为这台电脑转换格式。</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>继续</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <source>Cancel download</source>
        <translation>取消下载</translation>
    </message>
    <message>
        <source>You can close this window: the download goes on, and the Models page shows it.</source>
        <translation>可以关闭此窗口：下载会继续进行，并显示在“模型”页面中。</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>已就绪</translation>
    </message>
    <message>
        <source>Paused</source>
        <translation>已暂停</translation>
    </message>
    <message>
        <source>What was downloaded is kept. Resume to continue.</source>
        <translation>已下载的内容会保留。点击“继续”接着安装。</translation>
    </message>
</context>
<context>
    <name>deskseek::ui::HardwarePage</name>
    <message>
        <source>Your computer</source>
        <translation>你的电脑</translation>
    </message>
    <message>
        <source>DeskSeek looked at this computer to find the model that runs best on it.</source>
        <translation>DeskSeek 检查了这台电脑，以找出在它上面运行效果最好的模型。</translation>
    </message>
    <message>
        <source>%1 — %2 video memory (%3 free)</source>
        <translation>%1 — 显存 %2（剩余 %3）</translation>
    </message>
    <message>
        <source>%1 °C</source>
        <translation>%1 °C</translation>
    </message>
    <message>
        <source>No graphics card that DeskSeek can use: models run on the processor.</source>
        <translation>没有 DeskSeek 可用的显卡：模型将在处理器上运行。</translation>
    </message>
    <message>
        <source>%1 — %2 cores, %3 threads%4</source>
        <translation>%1 — %2 核，%3 线程%4</translation>
    </message>
    <message>
        <source>, AVX2</source>
        <translation>，AVX2</translation>
    </message>
    <message>
        <source>%1 memory (%2 available)</source>
        <translation>内存 %1（可用 %2）</translation>
    </message>
    <message>
        <source>%1 free for models in %2</source>
        <translation>%2 中有 %1 可用于存放模型</translation>
    </message>
</context>
<context>
    <name>deskseek::ui::ImportDialog</name>
    <message>
        <source>Choose a folder with GGUF models</source>
        <translation>选择包含 GGUF 模型的文件夹</translation>
    </message>
    <message>
        <source>Add models</source>
        <translation>添加模型</translation>
    </message>
    <message>
        <source>Add models from this computer</source>
        <translation>从本机添加模型</translation>
    </message>
    <message>
        <source>DeskSeek looked for GGUF models in Ollama&apos;s and LM Studio&apos;s folders. Checked models are added where they are: nothing is copied, and deleting one in DeskSeek keeps its file unless you ask.</source>
        <translation>DeskSeek 在 Ollama 和 LM Studio 的文件夹中查找了 GGUF 模型。勾选的模型会保留在原处添加：不复制任何文件；在 DeskSeek 中删除时，除非你要求，否则会保留文件。</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>From</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>Architecture</source>
        <translation>架构</translation>
    </message>
    <message>
        <source>Quantization</source>
        <translation>量化</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Ollama</source>
        <translation>Ollama</translation>
    </message>
    <message>
        <source>LM Studio</source>
        <translation>LM Studio</translation>
    </message>
    <message>
        <source>Folder</source>
        <translation>文件夹</translation>
    </message>
    <message>
        <source>Already added</source>
        <translation>已添加</translation>
    </message>
    <message>
        <source>Can run</source>
        <translation>可以运行</translation>
    </message>
    <message>
        <source>Cannot run: %1</source>
        <translation>无法运行：%1</translation>
    </message>
    <message>
        <source>Choose folder…</source>
        <translation>选择文件夹…</translation>
    </message>
    <message>
        <source>Add selected (%1)</source>
        <translation>添加所选（%1）</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>添加</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Looking for models…</source>
        <translation>正在查找模型…</translation>
    </message>
    <message>
        <source>No GGUF models found in Ollama&apos;s or LM Studio&apos;s folders. Choose a folder that holds some.</source>
        <translation>在 Ollama 和 LM Studio 的文件夹中没有找到 GGUF 模型。请选择一个包含模型的文件夹。</translation>
    </message>
    <message>
        <source>Models found: %1.</source>
        <translation>找到模型：%1 个。</translation>
    </message>
</context>
<context>
    <name>deskseek::ui::MainWindow</name>
    <message>
        <source>DeskSeek</source>
        <translation>DeskSeek</translation>
    </message>
    <message>
        <source>Chat</source>
        <translation>聊天</translation>
    </message>
    <message>
        <source>Models</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Monitor</source>
        <translation>监控</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Quit DeskSeek</source>
        <translation>退出 DeskSeek(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;About DeskSeek</source>
        <translation>关于 DeskSeek(&amp;A)</translation>
    </message>
    <message>
        <source>Model catalog</source>
        <translation>模型目录</translation>
    </message>
    <message>
        <source>DeskSeek&apos;s API server is still running for other programs. Quit DeskSeek (Ctrl+Q) to stop it.</source>
        <translation>DeskSeek 的 API 服务器仍在为其他程序运行。退出 DeskSeek（Ctrl+Q）即可停止它。</translation>
    </message>
</context>
<context>
    <name>deskseek::ui::MessageWidget</name>
    <message>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <source>Copy this message</source>
        <translation>复制这条消息</translation>
    </message>
    <message>
        <source>Edit</source>
        <translation>编辑</translation>
    </message>
    <message>
        <source>Change this message and send it again</source>
        <translation>修改这条消息并重新发送</translation>
    </message>
    <message>
        <source>Regenerate</source>
        <translation>重新生成</translation>
    </message>
    <message>
        <source>Write this answer again</source>
        <translation>重新生成这个回答</translation>
    </message>
    <message>
        <source>Send</source>
        <translation>发送</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>You</source>
        <translation>你</translation>
    </message>
    <message>
        <source>DeepSeek</source>
        <translation>DeepSeek</translation>
    </message>
    <message numerus="yes">
        <source>Thinking… (%n s)</source>
        <translation>
            <numerusform>思考中…（%n 秒）</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Thought for %n s</source>
        <translation>
            <numerusform>已思考 %n 秒</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n tokens</source>
        <translation>
            <numerusform>%n 个词元</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 tokens/s</source>
        <translation>%1 词元/秒</translation>
    </message>
    <message>
        <source>Stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <source>Interrupted: DeskSeek ended while this answer was being written</source>
        <translation>已中断：生成这个回答时 DeskSeek 退出了</translation>
    </message>
    <message>
        <source>Failed: %1</source>
        <translation>失败：%1</translation>
    </message>
    <message>
        <source>Sources</source>
        <translation>来源</translation>
    </message>
</context>
<context>
    <name>deskseek::ui::ModelBar</name>
    <message>
        <source>Open a model file…</source>
        <translation>打开模型文件…</translation>
    </message>
    <message>
        <source>Open a model file</source>
        <translation>打开模型文件</translation>
    </message>
    <message>
        <source>GGUF models (*.gguf)</source>
        <translation>GGUF 模型 (*.gguf)</translation>
    </message>
    <message>
        <source>Load</source>
        <translation>加载</translation>
    </message>
    <message>
        <source>No model loaded</source>
        <translation>未加载模型</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>正在加载…</translation>
    </message>
    <message>
        <source>Unload</source>
        <translation>卸载</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>就绪</translation>
    </message>
    <message>
        <source>Writing…</source>
        <translation>正在生成…</translation>
    </message>
    <message>
        <source>The model that answers</source>
        <translation>用于回答的模型</translation>
    </message>
</context>
<context>
    <name>deskseek::ui::ModelWizard</name>
    <message>
        <source>Choose a DeepSeek model</source>
        <translation>选择 DeepSeek 模型</translation>
    </message>
    <message>
        <source>Install</source>
        <translation>安装</translation>
    </message>
</context>
<context>
    <name>deskseek::ui::ModelsPage</name>
    <message>
        <source>No model installed yet</source>
        <translation>尚未安装模型</translation>
    </message>
    <message>
        <source>Change storage folder…</source>
        <translation>更改存储文件夹…</translation>
    </message>
    <message>
        <source>Choose a model…</source>
        <translation>选择模型…</translation>
    </message>
    <message>
        <source>Delete model</source>
        <translation>删除模型</translation>
    </message>
    <message>
        <source>Delete %1 and its files (%2)? This cannot be undone.</source>
        <translation>删除 %1 及其文件（%2）？此操作无法撤销。</translation>
    </message>
    <message>
        <source>Models will be stored in %1. Choose a model: DeskSeek recommends one that fits this computer, downloads it from Hugging Face, hf-mirror or ModelScope and prepares it.</source>
        <translation>模型将保存在 %1。选择一个模型：DeskSeek 会推荐适合这台电脑的模型，从 Hugging Face、hf-mirror 或魔搭（ModelScope）下载并准备好它。</translation>
    </message>
    <message>
        <source>Models</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Quantization</source>
        <translation>量化</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <source>Location</source>
        <translation>位置</translation>
    </message>
    <message>
        <source>Delete…</source>
        <translation>删除…</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>继续</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Installing %1 was interrupted</source>
        <translation>%1 的安装被中断</translation>
    </message>
    <message>
        <source>What was downloaded is kept. Resume to continue, or cancel to delete it.</source>
        <translation>已下载的内容会保留。点击“继续”接着安装，或点击“取消”删除它。</translation>
    </message>
    <message>
        <source>The install failed</source>
        <translation>安装失败</translation>
    </message>
    <message>
        <source>Installing %1 (paused)</source>
        <translation>正在安装 %1（已暂停）</translation>
    </message>
    <message>
        <source>What was downloaded is kept. Resume to continue.</source>
        <translation>已下载的内容会保留。点击“继续”接着安装。</translation>
    </message>
    <message>
        <source>Installed: %1 · %2 in %3</source>
        <translation>已安装：%1 个 · 共 %2，位于 %3</translation>
    </message>
    <message>
        <source>Installing %1</source>
        <translation>正在安装 %1</translation>
    </message>
    <message>
        <source>Remove model</source>
        <translation>移除模型</translation>
    </message>
    <message>
        <source>Remove %1 from DeskSeek? Its file stays where it is:
%2</source>
        <translation>要从 DeskSeek 中移除 %1 吗？其文件会保留在原处：
%2</translation>
    </message>
    <message>
        <source>Also delete the file (%1)</source>
        <translation>同时删除文件（%1）</translation>
    </message>
    <message>
        <source>It is in Ollama&apos;s store: remove it there with &apos;ollama rm&apos;.</source>
        <translation>它位于 Ollama 的存储中：请用“ollama rm”在那里删除。</translation>
    </message>
    <message>
        <source>Add models from this computer…</source>
        <translation>从本机添加模型…</translation>
    </message>
    <message>
        <source>Ready-made file from %1.</source>
        <translation>来自 %1 的现成文件。</translation>
    </message>
    <message>
        <source>Quality check: %1 % of next-token choices match the original.</source>
        <translation>质量检查：%1 % 的下一个词元选择与原始模型一致。</translation>
    </message>
    <message>
        <source>%1 (added from %2; stays in place)</source>
        <translation>%1（从%2添加；保留在原处）</translation>
    </message>
    <message>
        <source>Ollama</source>
        <translation>Ollama</translation>
    </message>
    <message>
        <source>LM Studio</source>
        <translation>LM Studio</translation>
    </message>
    <message>
        <source>a folder</source>
        <translation>文件夹</translation>
    </message>
</context>
<context>
    <name>deskseek::ui::MonitorPage</name>
    <message>
        <source>GPU memory used</source>
        <translation>GPU 显存占用</translation>
    </message>
    <message>
        <source>GB</source>
        <translation>GB</translation>
    </message>
    <message>
        <source>GPU temperature</source>
        <translation>GPU 温度</translation>
    </message>
    <message>
        <source>°C</source>
        <translation>°C</translation>
    </message>
    <message>
        <source>GPU utilisation</source>
        <translation>GPU 利用率</translation>
    </message>
    <message>
        <source>%</source>
        <translation>%</translation>
    </message>
    <message>
        <source>CPU use</source>
        <translation>CPU 占用</translation>
    </message>
    <message>
        <source>RAM used</source>
        <translation>内存占用</translation>
    </message>
    <message>
        <source>Generation speed</source>
        <translation>生成速度</translation>
    </message>
    <message>
        <source>tokens/s</source>
        <translation>词元/秒</translation>
    </message>
    <message>
        <source>No GPU found: DeskSeek runs models on the CPU.</source>
        <translation>未找到 GPU：DeskSeek 将在 CPU 上运行模型。</translation>
    </message>
    <message>
        <source>Tokens per second appear here while a model answers.</source>
        <translation>模型回答时，这里会显示每秒词元数。</translation>
    </message>
    <message>
        <source>Hardware monitoring is off.</source>
        <translation>硬件监控已关闭。</translation>
    </message>
    <message>
        <source>Reading the hardware…</source>
        <translation>正在读取硬件信息…</translation>
    </message>
    <message>
        <source>The last five minutes, updated every second.</source>
        <translation>最近五分钟，每秒更新。</translation>
    </message>
    <message>
        <source>All</source>
        <translation>全部</translation>
    </message>
    <message>
        <source>Chat</source>
        <translation>聊天</translation>
    </message>
    <message>
        <source>API</source>
        <translation>API</translation>
    </message>
</context>
<context>
    <name>deskseek::ui::RecommendationPage</name>
    <message>
        <source>Fits in VRAM</source>
        <translation>可放入显存</translation>
    </message>
    <message>
        <source>Partial offload (%1/%2 layers on GPU)</source>
        <translation>部分卸载（%1/%2 层在 GPU 上）</translation>
    </message>
    <message>
        <source>Runs on CPU</source>
        <translation>在 CPU 上运行</translation>
    </message>
    <message>
        <source>Too large</source>
        <translation>太大</translation>
    </message>
    <message>
        <source>%1 tok/s</source>
        <translation>%1 词元/秒</translation>
    </message>
    <message>
        <source>Needs %1 of disk space: the download (%2) and the model file DeskSeek makes from it (%3).</source>
        <translation>需要 %1 磁盘空间：下载文件（%2）以及 DeskSeek 由其生成的模型文件（%3）。</translation>
    </message>
    <message>
        <source>%1 free: enough.</source>
        <translation>剩余 %1：足够。</translation>
    </message>
    <message>
        <source>Only %1 free: free some space or choose another folder in the next step.</source>
        <translation>仅剩 %1：请清理空间，或在下一步选择其他文件夹。</translation>
    </message>
    <message>
        <source>The model for this computer</source>
        <translation>适合这台电脑的模型</translation>
    </message>
    <message>
        <source>The recommendation comes first. Distilled models are smaller models trained on DeepSeek-R1&apos;s answers.</source>
        <translation>推荐的模型排在最前。蒸馏模型是用 DeepSeek-R1 的回答训练出来的较小模型。</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Format</source>
        <translation>格式</translation>
    </message>
    <message>
        <source>Fit</source>
        <translation>适配</translation>
    </message>
    <message>
        <source>Speed</source>
        <translation>速度</translation>
    </message>
    <message>
        <source>Download</source>
        <translation>下载</translation>
    </message>
    <message>
        <source>Recommended: %1 %2</source>
        <translation>推荐：%1 %2</translation>
    </message>
    <message>
        <source>Needs %1 of disk space: the ready-made file from %2.</source>
        <translation>需要 %1 磁盘空间：来自 %2 的现成文件。</translation>
    </message>
</context>
<context>
    <name>deskseek::ui::SearchSettingsGroup</name>
    <message>
        <source>Search</source>
        <translation>搜索</translation>
    </message>
    <message>
        <source>The chat&apos;s &quot;Search the web&quot; tries these providers in order until one answers. Bing (cn.bing.com) and Baidu work in mainland China without a key; DuckDuckGo needs no key but is blocked there. Brave Search, Tavily and Bocha (博查, in China) need an API key; SearXNG needs the address of an instance with its JSON format on.</source>
        <translation>聊天中的“联网搜索”按顺序尝试这些搜索服务，直到有一个给出结果。必应（cn.bing.com）和百度在中国大陆无需密钥即可使用；DuckDuckGo 无需密钥，但在中国大陆无法访问。Brave Search、Tavily 和博查需要 API 密钥；SearXNG 需要一个已启用 JSON 格式的实例地址。</translation>
    </message>
    <message>
        <source>Up</source>
        <translation>上移</translation>
    </message>
    <message>
        <source>Down</source>
        <translation>下移</translation>
    </message>
    <message>
        <source>Default order</source>
        <translation>默认顺序</translation>
    </message>
    <message>
        <source>The order for the interface language and the providers that have keys</source>
        <translation>按界面语言和已设置密钥的搜索服务决定的顺序</translation>
    </message>
    <message>
        <source>SearXNG address:</source>
        <translation>SearXNG 地址：</translation>
    </message>
    <message>
        <source>Brave Search key:</source>
        <translation>Brave Search 密钥：</translation>
    </message>
    <message>
        <source>Tavily key:</source>
        <translation>Tavily 密钥：</translation>
    </message>
    <message>
        <source>Bocha key:</source>
        <translation>博查密钥：</translation>
    </message>
    <message>
        <source>Results:</source>
        <translation>结果数：</translation>
    </message>
    <message>
        <source>How many results to ask the provider for</source>
        <translation>向搜索服务请求多少条结果</translation>
    </message>
    <message>
        <source>Pages read in full:</source>
        <translation>完整读取的网页数：</translation>
    </message>
    <message>
        <source>How many of the top results are downloaded and read; the others give their snippet</source>
        <translation>下载并读取排名靠前的多少个结果；其余结果只使用摘要</translation>
    </message>
    <message>
        <source>When search is on, your question (not the conversation) goes to the provider, and the top pages are downloaded from their sites. Keys are kept in files only you can read, not in the settings file. The proxy of Settings → Downloads applies.</source>
        <translation>开启搜索后，你的问题（不是整段对话）会发送给搜索服务，排名靠前的网页会从各自的网站下载。密钥保存在只有你能读取的文件中，不在设置文件里。设置 → 下载 中的代理同样适用。</translation>
    </message>
</context>
<context>
    <name>deskseek::ui::ServerSettingsGroup</name>
    <message>
        <source>New API key</source>
        <translation>新的 API 密钥</translation>
    </message>
    <message>
        <source>Programs that use the current key will need the new one. Make a new key?</source>
        <translation>使用当前密钥的程序将需要新的密钥。要生成新密钥吗？</translation>
    </message>
    <message>
        <source>Serve the local network?</source>
        <translation>要为局域网提供服务吗？</translation>
    </message>
    <message>
        <source>Other computers on your network will be able to use your models. DeskSeek then asks every program for the API key shown below; give it only to people you trust. Continue?</source>
        <translation>您网络中的其他电脑将能够使用您的模型。DeskSeek 届时会要求每个程序提供下方显示的 API 密钥；请只把它交给您信任的人。要继续吗？</translation>
    </message>
    <message>
        <source>The server runs while DeskSeek runs.</source>
        <translation>服务器随 DeskSeek 一起运行。</translation>
    </message>
    <message>
        <source>Running at %1: OpenAI-compatible at %1/v1, Ollama-compatible at %1/api.</source>
        <translation>正在 %1 运行：OpenAI 兼容接口位于 %1/v1，Ollama 兼容接口位于 %1/api。</translation>
    </message>
    <message>
        <source>Programs set up for Ollama find it on port %1 as well.</source>
        <translation>为 Ollama 配置的程序也能在端口 %1 上找到它。</translation>
    </message>
    <message>
        <source>Other computers on the network can reach it with the API key.</source>
        <translation>网络中的其他电脑可以凭 API 密钥访问它。</translation>
    </message>
    <message>
        <source>Paused from the tray icon&apos;s menu.</source>
        <translation>已从托盘图标的菜单中暂停。</translation>
    </message>
    <message>
        <source>Off: other programs cannot use DeskSeek&apos;s models.</source>
        <translation>已关闭：其他程序无法使用 DeskSeek 的模型。</translation>
    </message>
    <message>
        <source>Turn this off before you install Ollama, so that it can start.</source>
        <translation>安装 Ollama 之前请关闭此项，以便它能够启动。</translation>
    </message>
    <message>
        <source>Nothing uses port %1 now: programs set up for Ollama (Open WebUI, Continue, LobeChat…) would work with DeskSeek unchanged.</source>
        <translation>目前没有程序使用端口 %1：为 Ollama 配置的程序（Open WebUI、Continue、LobeChat…）无需改动即可使用 DeskSeek。</translation>
    </message>
    <message>
        <source>Another program (Ollama?) uses port %1.</source>
        <translation>另一个程序（Ollama？）正在使用端口 %1。</translation>
    </message>
    <message>
        <source>Server</source>
        <translation>服务器</translation>
    </message>
    <message>
        <source>Serve models to other programs (OpenAI- and Ollama-compatible API)</source>
        <translation>为其他程序提供模型服务（兼容 OpenAI 和 Ollama 的 API）</translation>
    </message>
    <message>
        <source>&amp;Port:</source>
        <translation>端口(&amp;P)：</translation>
    </message>
    <message>
        <source>Also answer on Ollama&apos;s port %1</source>
        <translation>同时在 Ollama 的端口 %1 上应答</translation>
    </message>
    <message>
        <source>Serve the &amp;local network too (requires the API key)</source>
        <translation>同时为局域网提供服务(&amp;L)（需要 API 密钥）</translation>
    </message>
    <message>
        <source>API &amp;key:</source>
        <translation>API 密钥(&amp;K)：</translation>
    </message>
    <message>
        <source>Made when the local network is served</source>
        <translation>为局域网提供服务时生成</translation>
    </message>
    <message>
        <source>Kept in a file only you can read: %1</source>
        <translation>保存在只有你能读取的文件中：%1</translation>
    </message>
    <message>
        <source>&amp;Hide</source>
        <translation>隐藏(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;Show</source>
        <translation>显示(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Copy</source>
        <translation>复制(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;New key…</source>
        <translation>新密钥(&amp;N)…</translation>
    </message>
    <message>
        <source>Allowed &amp;origins:</source>
        <translation>允许的来源(&amp;O)：</translation>
    </message>
    <message>
        <source>Web apps besides this computer&apos;s, comma-separated (https://chat.example.com)</source>
        <translation>本机以外的网页应用，以逗号分隔（https://chat.example.com）</translation>
    </message>
    <message>
        <source>Pages on this computer (localhost) and desktop apps (app://, file://, tauri://) are always allowed. * allows every site.</source>
        <translation>本机页面（localhost）和桌面应用（app://、file://、tauri://）始终允许。* 表示允许所有网站。</translation>
    </message>
    <message>
        <source>Answers at &amp;once:</source>
        <translation>同时回答数(&amp;O)：</translation>
    </message>
    <message>
        <source>Requests answered at the same time; more wait in a queue.</source>
        <translation>同时回答的请求数；更多的请求会排队等待。</translation>
    </message>
    <message>
        <source>Con&amp;text:</source>
        <translation>上下文(&amp;T)：</translation>
    </message>
    <message>
        <source> tokens</source>
        <translation> 个词元</translation>
    </message>
    <message>
        <source>Each answer&apos;s context. It applies when a model next loads.</source>
        <translation>每个回答的上下文长度。在下次加载模型时生效。</translation>
    </message>
    <message>
        <source>&amp;Unload after:</source>
        <translation>卸载时间(&amp;U)：</translation>
    </message>
    <message>
        <source> min idle</source>
        <translation> 分钟空闲后</translation>
    </message>
    <message>
        <source>Never</source>
        <translation>从不</translation>
    </message>
    <message>
        <source>Loaded &amp;models at most:</source>
        <translation>最多加载模型数(&amp;M)：</translation>
    </message>
    <message>
        <source>Start DeskSeek when I log in (in the tray, with the server)</source>
        <translation>登录时启动 DeskSeek（在托盘中，连同服务器）</translation>
    </message>
    <message>
        <source>Give every answer a whole context of its own (more memory; otherwise the answers at once share one)</source>
        <translation>为每个回答分配一个完整的独立上下文（占用更多内存；否则同时进行的回答共享一个）</translation>
    </message>
</context>
<context>
    <name>deskseek::ui::SettingsPage</name>
    <message>
        <source>Choose where to store models</source>
        <translation>选择模型的存储位置</translation>
    </message>
    <message>
        <source>Only %1 free on this drive. Most DeepSeek models need 5 to 40 GB: choose a folder on a larger drive.</source>
        <translation>此磁盘仅剩 %1 可用空间。大多数 DeepSeek 模型需要 5 到 40 GB：请选择空间更大的磁盘上的文件夹。</translation>
    </message>
    <message>
        <source>%1 free on this drive.</source>
        <translation>此磁盘可用空间：%1。</translation>
    </message>
    <message>
        <source>System default (%1)</source>
        <translation>跟随系统（%1）</translation>
    </message>
    <message>
        <source>General</source>
        <translation>常规</translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation>语言(&amp;L)：</translation>
    </message>
    <message>
        <source>Keep DeskSeek running in the system tray when the window is closed</source>
        <translation>关闭窗口后让 DeskSeek 继续在系统托盘中运行</translation>
    </message>
    <message>
        <source>Models</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>&amp;Storage folder:</source>
        <translation>存储文件夹(&amp;S)：</translation>
    </message>
    <message>
        <source>&amp;Browse…</source>
        <translation>浏览(&amp;B)…</translation>
    </message>
    <message>
        <source>Use &amp;default</source>
        <translation>使用默认位置(&amp;D)</translation>
    </message>
    <message>
        <source>Downloads</source>
        <translation>下载</translation>
    </message>
    <message>
        <source>&amp;Proxy:</source>
        <translation>代理(&amp;P)：</translation>
    </message>
    <message>
        <source>The system&apos;s (for example http://127.0.0.1:7890)</source>
        <translation>系统代理（例如 http://127.0.0.1:7890）</translation>
    </message>
    <message>
        <source>Hugging Face &amp;token:</source>
        <translation>Hugging Face 令牌(&amp;T)：</translation>
    </message>
    <message>
        <source>Only for gated models (hf_…)</source>
        <translation>仅用于需授权的模型（hf_…）</translation>
    </message>
    <message>
        <source>When a download source fails or is slow, DeskSeek continues from the next one (Hugging Face, hf-mirror, ModelScope).</source>
        <translation>当某个下载来源失败或速度太慢时，DeskSeek 会改用下一个来源继续（Hugging Face、hf-mirror、魔搭 ModelScope）。</translation>
    </message>
    <message>
        <source>Kept in a file only you can read: %1</source>
        <translation>保存在只有你能读取的文件中：%1</translation>
    </message>
    <message>
        <source>&amp;Connections per file:</source>
        <translation>每个文件的连接数(&amp;C)：</translation>
    </message>
    <message>
        <source>A large file is downloaded in pieces over this many connections at the same time.</source>
        <translation>大文件会分块，通过这么多个连接同时下载。</translation>
    </message>
    <message>
        <source>After quantizing a model of up to 8B parameters, check it against the original</source>
        <translation>本机量化 8B 参数以内的模型后，与原始模型对比检查</translation>
    </message>
    <message>
        <source>Both models read a short text; the Models page then shows how often the quantized model picks the original&apos;s next token. It adds about a minute to the install.</source>
        <translation>两个模型各读一段短文本；随后“模型”页面会显示量化模型与原始模型选出相同下一个词元的比例。安装时间约增加一分钟。</translation>
    </message>
</context>
<context>
    <name>deskseek::ui::SourcePage</name>
    <message>
        <source>Folder for models</source>
        <translation>模型文件夹</translation>
    </message>
    <message>
        <source>Only %1 free here, and the model needs %2. Choose a folder on a drive with more space.</source>
        <translation>这里只剩 %1，而模型需要 %2。请选择空间更大的磁盘上的文件夹。</translation>
    </message>
    <message>
        <source>%1 free here: enough.</source>
        <translation>这里剩余 %1：足够。</translation>
    </message>
    <message>
        <source>Download source and folder</source>
        <translation>下载来源和文件夹</translation>
    </message>
    <message>
        <source>All three sources serve the same files; choose the one that is fast where you are.</source>
        <translation>三个来源提供相同的文件；请选择在你所在地速度快的一个。</translation>
    </message>
    <message>
        <source>Hugging Face (huggingface.co), the original</source>
        <translation>Hugging Face（huggingface.co），原始来源</translation>
    </message>
    <message>
        <source>hf-mirror.com, a mirror of Hugging Face that is fast in China</source>
        <translation>hf-mirror.com，Hugging Face 的镜像，在中国速度快</translation>
    </message>
    <message>
        <source>ModelScope (modelscope.cn), Alibaba&apos;s model hub, fast in China</source>
        <translation>魔搭 ModelScope（modelscope.cn），阿里巴巴的模型平台，在中国速度快</translation>
    </message>
    <message>
        <source>Keep models in:</source>
        <translation>模型存放位置：</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>Another Hugging Face-compatible hub:</source>
        <translation>其他兼容 Hugging Face 的模型仓库：</translation>
    </message>
    <message>
        <source>https://hub.example.com</source>
        <translation>https://hub.example.com</translation>
    </message>
</context>
<context>
    <name>deskseek::ui::SummaryPage</name>
    <message>
        <source>Summary</source>
        <translation>摘要</translation>
    </message>
    <message>
        <source>Check your choice.</source>
        <translation>请确认你的选择。</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>Folder</source>
        <translation>文件夹</translation>
    </message>
    <message>
        <source>Download</source>
        <translation>下载</translation>
    </message>
    <message>
        <source>Expected speed</source>
        <translation>预计速度</translation>
    </message>
    <message>
        <source>about %1 tok/s</source>
        <translation>约 %1 词元/秒</translation>
    </message>
    <message>
        <source>Install downloads the model from %1, checks every file and converts it for DeskSeek. You can close this window: the install goes on, and the Models page shows it, with Pause and Cancel.</source>
        <translation>“安装”会从 %1 下载模型，校验每个文件，并转换为 DeskSeek 使用的格式。你可以关闭此窗口：安装会继续进行，“模型”页会显示进度，并可暂停或取消。</translation>
    </message>
    <message>
        <source>Ready-made file from %1: %2</source>
        <translation>来自 %1 的现成文件：%2</translation>
    </message>
    <message>
        <source>Download %1, then DeskSeek makes a %2 file</source>
        <translation>下载 %1，然后由 DeskSeek 生成 %2 的文件</translation>
    </message>
    <message>
        <source>Install downloads the ready-made %1 file from %2 and checks it. If no source has it, DeskSeek downloads the original model and makes the file itself. You can close this window: the install goes on, and the Models page shows it, with Pause and Cancel.</source>
        <translation>“安装”会从 %2 下载现成的 %1 文件并进行检查。如果没有来源提供该文件，DeskSeek 会下载原始模型并自行生成。你可以关闭此窗口：安装会继续进行，“模型”页面会显示进度，并提供暂停和取消。</translation>
    </message>
</context>
<context>
    <name>deskseek::ui::WelcomePage</name>
    <message>
        <source>This model cannot be installed from here. Choose another with Other choices….</source>
        <translation>无法从这里安装此模型。请通过“其他选择…”选择另一个。</translation>
    </message>
    <message>
        <source>Another install is running. The Models page shows it.</source>
        <translation>另一个安装正在进行，可在“模型”页查看。</translation>
    </message>
    <message>
        <source>Installed. Opening the chat…</source>
        <translation>已安装，正在打开聊天…</translation>
    </message>
    <message>
        <source>Paused. Resume continues where it stopped.</source>
        <translation>已暂停。继续后会从中断处接着安装。</translation>
    </message>
    <message>
        <source>Cancelled. Nothing was kept.</source>
        <translation>已取消，未保留任何内容。</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>继续</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <source>Welcome to DeskSeek</source>
        <translation>欢迎使用 DeskSeek</translation>
    </message>
    <message>
        <source>Install and start chatting</source>
        <translation>安装并开始聊天</translation>
    </message>
    <message>
        <source>Other choices…</source>
        <translation>其他选择…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Looking at this computer…</source>
        <translation>正在查看这台电脑…</translation>
    </message>
    <message>
        <source>No DeepSeek model runs well on this computer.</source>
        <translation>没有适合在这台电脑上流畅运行的 DeepSeek 模型。</translation>
    </message>
    <message>
        <source>%1 tok/s, as measured here</source>
        <translation>%1 词元/秒（本机实测）</translation>
    </message>
    <message>
        <source>about %1 tok/s</source>
        <translation>约 %1 词元/秒</translation>
    </message>
    <message>
        <source>%1 download</source>
        <translation>下载 %1</translation>
    </message>
</context>
</TS>
