#include "engine/inference/architectures/llamafamily.h"

namespace deskseek::engine::inference {

namespace {

// Qwen3 (DeepSeek-R1-0528-Qwen3-8B): each head's query and key RMS-normed before rope, an
// explicit head_dim; q/k/v biases only with attention_bias.
class Qwen3 : public LlamaFamily
{
public:
    Qwen3(const model::ModelFiles &files, const Placement &placement, const std::function<bool(double)> &progress)
        : LlamaFamily(files, placement, progress)
        , m_qNorms(loadVectors("self_attn.q_norm.weight"))
        , m_kNorms(loadVectors("self_attn.k_norm.weight"))
        , m_biases(loadOptionalBiases())
    {
    }

protected:
    at::Tensor layer(std::size_t index, const at::Tensor &input, const std::vector<KvCache *> &caches, Laps &laps) override
    {
        const Layer &layer = m_layers[index];
        std::vector<at::Tensor> qkv = project(layer, norm(input, layer.attentionNorm));
        if (!m_biases.empty())
            m_biases[index].addTo(qkv);
        qkv[0] = normHeads(qkv[0], m_config.headCount, m_qNorms[index]);
        qkv[1] = normHeads(qkv[1], m_config.kvHeadCount, m_kNorms[index]);
        return mlpBlock(index, attentionBlock(index, input, qkv, caches, laps), laps);
    }

private:
    std::vector<at::Tensor> m_qNorms, m_kNorms;
    std::vector<Biases> m_biases; // none without attention_bias
};

} // namespace

std::unique_ptr<Decoder> createQwen3(const model::ModelFiles &files, const Placement &placement,
                                     const std::function<bool(double)> &progress)
{
    return std::make_unique<Qwen3>(files, placement, progress);
}

} // namespace deskseek::engine::inference
