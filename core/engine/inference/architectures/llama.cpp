#include "engine/inference/architectures/llamafamily.h"

namespace deskseek::engine::inference {

namespace {

// Llama (the R1 distills of Llama 3.1 8B and 3.3 70B): q/k/v biases only with attention_bias.
// llama.cpp's files keep q and k rows permuted for interleaved rope; the model layer reads them
// in Hugging Face's order, so the forward rotates halves as the others do.
class Llama : public LlamaFamily
{
public:
    Llama(const model::ModelFiles &files, const Placement &placement, const std::function<bool(double)> &progress)
        : LlamaFamily(files, placement, progress), m_biases(loadOptionalBiases())
    {
    }

protected:
    at::Tensor layer(std::size_t index, const at::Tensor &input, const std::vector<KvCache *> &caches, Laps &laps) override
    {
        const Layer &layer = m_layers[index];
        std::vector<at::Tensor> qkv = project(layer, norm(input, layer.attentionNorm));
        if (!m_biases.empty())
            m_biases[index].addTo(qkv);
        return mlpBlock(index, attentionBlock(index, input, qkv, caches, laps), laps);
    }

private:
    std::vector<Biases> m_biases; // none without attention_bias
};

} // namespace

std::unique_ptr<Decoder> createLlama(const model::ModelFiles &files, const Placement &placement,
                                     const std::function<bool(double)> &progress)
{
    return std::make_unique<Llama>(files, placement, progress);
}

} // namespace deskseek::engine::inference
