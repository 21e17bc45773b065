// make_test_model: writes a random-weight model in Hugging Face layout (the test fixture) for
// benchmarks and manual checks.
// Usage: make_test_model <folder> [--arch qwen2|qwen3|llama] [--hidden N] [--layers N] [--ffn N]
//        [--heads N] [--kv-heads N] [--head-dim N] [--vocab N] [--tokenizer qwen3|deepseek_v3]
//        [--dtype BF16|F16|F32] [--tie] [--rope linear|llama3|yarn] [--shards N] [--seed N]
//        [--shape r1-distill-qwen-1.5b|small-deepseek-v2|small-deepseek-v3|deepseek-v2-lite] [--embedding-std S]
//        [--output-std S]

#include "fixtures/hfmodelfixture.h"

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <string>

namespace {

int usage(const char *program)
{
    std::fprintf(stderr,
                 "usage: %s <folder> [--arch A] [--hidden N] [--layers N] [--ffn N] [--heads N]\n"
                 "       [--kv-heads N] [--head-dim N] [--vocab N] [--tokenizer T] [--dtype D] [--tie]\n"
                 "       [--rope linear|llama3|yarn] [--shards N] [--seed N] [--shape r1-distill-qwen-1.5b|small-deepseek-v2|small-deepseek-v3|deepseek-v2-lite]\n"
                 "       [--embedding-std S] [--output-std S]\n",
                 program);
    return 2;
}

} // namespace

int main(int argc, char **argv)
{
    if (argc < 2 || argv[1][0] == '-')
        return usage(argv[0]);
    deskseek::tests::HfModelSpec spec;
    bool ffnGiven = false;
    for (int i = 2; i < argc; ++i) {
        const std::string option = argv[i];
        if (option == "--tie") {
            spec.tieWordEmbeddings = true;
            continue;
        }

        if (i + 1 >= argc)
            return usage(argv[0]);
        const std::string value = argv[++i];
        const long long number = std::atoll(value.c_str());
        if (option == "--arch")
            spec.architecture = value;
        else if (option == "--hidden")
            spec.hiddenSize = number;
        else if (option == "--layers")
            spec.layerCount = number;
        else if (option == "--ffn")
            spec.intermediateSize = number, ffnGiven = true;
        else if (option == "--heads")
            spec.headCount = number;
        else if (option == "--kv-heads")
            spec.kvHeadCount = number;
        else if (option == "--head-dim")
            spec.headDim = number;
        else if (option == "--vocab")
            spec.vocabSize = number;
        else if (option == "--tokenizer")
            spec.tokenizer = value;
        else if (option == "--dtype")
            spec.dtype = value;
        else if (option == "--rope")
            spec.ropeScaling = value;
        else if (option == "--shards")
            spec.shards = static_cast<int>(number);
        else if (option == "--embedding-std")
            spec.embeddingStd = std::strtof(value.c_str(), nullptr);
        else if (option == "--output-std")
            spec.outputStd = std::strtof(value.c_str(), nullptr);
        else if (option == "--seed")
            spec.seed = static_cast<std::uint32_t>(number);
        else if (option == "--shape" && value == "r1-distill-qwen-1.5b") {
            deskseek::tests::setR1DistillQwen15BShape(spec);
            ffnGiven = true;
        } else if (option == "--shape" && value == "small-deepseek-v2") {
            deskseek::tests::setSmallDeepSeekV2Shape(spec);
            ffnGiven = true;
        } else if (option == "--shape" && value == "small-deepseek-v3") {
            deskseek::tests::setSmallDeepSeekV3Shape(spec);
            ffnGiven = true;
        } else if (option == "--shape" && value == "deepseek-v2-lite") {
            deskseek::tests::setDeepSeekV2LiteShape(spec);
            ffnGiven = true;
        } else
            return usage(argv[0]);
    }
    if (!ffnGiven)
        spec.intermediateSize = spec.hiddenSize * 2;
    try {
        deskseek::tests::writeHfModel(argv[1], spec, DESKSEEK_REFERENCE_DIR);
    } catch (const std::exception &error) {
        std::fprintf(stderr, "make_test_model: %s\n", error.what());
        return 1;
    }
    return 0;
}
