// make_test_model: writes a random-weight model in Hugging Face layout (the test fixture) for
// benchmarks and manual checks.
// Usage: make_test_model <folder> [arch=qwen2] [hidden=64] [layers=2] [ffn=hidden*2] [tokenizer=qwen3]
//        [dtype=BF16]

#include "fixtures/hfmodelfixture.h"

#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string>

int main(int argc, char **argv)
{
    if (argc < 2) {
        std::fprintf(stderr, "usage: %s <folder> [arch] [hidden] [layers] [ffn] [tokenizer] [dtype]\n", argv[0]);
        return 2;
    }
    deskseek::tests::HfModelSpec spec;
    if (argc > 2) spec.architecture = argv[2];
    if (argc > 3) spec.hiddenSize = std::atoll(argv[3]);
    if (argc > 4) spec.layerCount = std::atoll(argv[4]);
    spec.intermediateSize = argc > 5 ? std::atoll(argv[5]) : spec.hiddenSize * 2;
    if (argc > 6) spec.tokenizer = argv[6];
    if (argc > 7) spec.dtype = argv[7];
    spec.headCount = spec.hiddenSize >= 512 ? spec.hiddenSize / 128 : 4;
    spec.kvHeadCount = spec.headCount >= 4 ? spec.headCount / 4 : 1;
    try {
        deskseek::tests::writeHfModel(argv[1], spec, DESKSEEK_REFERENCE_DIR);
    } catch (const std::exception &error) {
        std::fprintf(stderr, "make_test_model: %s\n", error.what());
        return 1;
    }
    return 0;
}
