#include "engine/inference/architectures/llamafamily.h"

namespace deskseek::engine::inference {

namespace {

// Qwen2 (the R1 distills of Qwen2.5: 1.5B, 7B, 14B, 32B): biases on q, k and v.
class Qwen2 : public LlamaFamily
{
public:
    Qwen2(const model::ModelFiles &files, const Placement &placement, const std::function<bool(double)> &progress)
        : LlamaFamily(files, placement, progress), m_biases(loadBiases())
    {
    }

protected:
    at::Tensor layer(std::size_t index, const at::Tensor &input, const std::vector<KvCache *> &caches, Laps &laps) override
    {
        const Layer &layer = m_layers[index];
        std::vector<at::Tensor> qkv = project(layer, norm(input, layer.attentionNorm));
        m_biases[index].addTo(qkv);
        return mlpBlock(index, attentionBlock(index, input, qkv, caches, laps), laps);
    }

private:
    std::vector<Biases> m_biases;
};

} // namespace

std::unique_ptr<Decoder> createQwen2(const model::ModelFiles &files, const Placement &placement,
                                     const std::function<bool(double)> &progress)
{
    return std::make_unique<Qwen2>(files, placement, progress);
}

} // namespace deskseek::engine::inference
