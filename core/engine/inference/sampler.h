#pragma once

#include <cstdint>
#include <optional>
#include <random>
#include <vector>

namespace deskseek::engine::inference {

// How the next token is chosen from the logits. The steps run in the order of Hugging Face's
// logits processors: repetition penalty, temperature, top-k, top-p, min-p; then a draw.
struct SamplingOptions
{
    float temperature = 0.6f;      // <= 0: greedy (the most likely token, no draw)
    std::int32_t topK = 0;         // keep the k most likely tokens; 0: off
    float topP = 1.0f;             // keep the smallest set whose probability reaches p; 1: off
    float minP = 0.0f;             // drop tokens less likely than minP x the most likely; 0: off
    float repetitionPenalty = 1.0f; // > 1 discourages tokens seen in the last repeatLastN
    std::int32_t repeatLastN = 64;
    std::optional<std::uint64_t> seed; // the same seed gives the same tokens; none: random
};

// One candidate after filtering: a token and its probability (the kept ones sum to 1).
struct Candidate
{
    std::int32_t token = 0;
    float probability = 0.0f;
};

// Picks tokens from logits. Not thread-safe; one per generation.
class Sampler
{
public:
    explicit Sampler(SamplingOptions options);

    // The token to emit after these logits (modified in place by the penalty); `history` is
    // the tokens so far (prompt and generated), for the repetition penalty.
    std::int32_t sample(std::vector<float> &logits, const std::vector<std::int32_t> &history);

    // The tokens a draw may pick, most likely first, with their probabilities: what top-k, top-p
    // and min-p left. With temperature <= 0, the single most likely token.
    std::vector<Candidate> candidates(std::vector<float> &logits,
                                      const std::vector<std::int32_t> &history) const;

    const SamplingOptions &options() const { return m_options; }

private:
    void applyPenalty(std::vector<float> &logits, const std::vector<std::int32_t> &history) const;

    SamplingOptions m_options;
    std::mt19937_64 m_random;
};

// The index of the largest value (the first one on ties).
std::int32_t argmax(const std::vector<float> &values);

} // namespace deskseek::engine::inference
