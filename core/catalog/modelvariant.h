#pragma once

#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>

namespace deskseek::catalog {

// A repository of ready-made GGUF files of a model (bartowski, unsloth, lmstudio-community):
// where it is, on which hubs, and its file for each quantization.
struct ReadyMadeRepo
{
    QString publisher;           // "bartowski"
    QString repo;                // "bartowski/DeepSeek-R1-Distill-Qwen-7B-GGUF"
    QStringList hubs;            // "huggingface", "hf-mirror", "modelscope"
    QMap<QString, QString> files; // quantization ("q4_k_m") -> file name in the repository
};

// One DeepSeek model as the catalog (resources/catalog.json) describes it, with the numbers the
// recommender needs.
struct ModelVariant
{
    QString id;           // "r1-distill-qwen-7b"
    QString name;         // "DeepSeek-R1-Distill-Qwen-7B", the hub repository's name
    QString family;       // "r1-distill", "moe"
    QString architecture; // config.json model_type: "qwen2", "deepseek_v3", ...
    bool runnable = false;   // DeskSeek's engine can run it
    QString distilledFrom;   // base model of a distill; empty for DeepSeek's own models
    QString license;
    QMap<QString, QString> repos; // source ("huggingface", "hf-mirror", "modelscope") -> repo id
    double parametersB = 0;       // billions, total
    double activeParametersB = 0; // billions used per token (MoE); = total for dense models
    int layers = 0;
    int hidden = 0;
    int heads = 0;
    int kvHeads = 0;
    int headDim = 0;
    int ffn = 0;
    int vocab = 0;
    qint64 contextLength = 0;
    bool tieWordEmbeddings = false;
    QString attention; // "gqa", "mla", "mla-sparse", "v4-hybrid"
    int kvLoraRank = 0;    // MLA
    int qkRopeHeadDim = 0; // MLA
    int qkNopeHeadDim = 0; // MLA
    int vHeadDim = 0;      // MLA
    int qLoraRank = 0;     // MLA; 0: q direct
    int routedExperts = 0; // MoE
    int sharedExperts = 0;
    int activeExperts = 0;
    int expertFfn = 0;
    int denseLayers = 0;   // the leading dense layers (ffn wide) before the expert layers
    QStringList quantizations; // "q4_k_m" (the default, first), "q8_0", ... (runnable) or the release format
    QList<ReadyMadeRepo> readyMade; // ready-made GGUF files, in order of preference
    double quality = 0;        // relative answer quality, for ranking
    double downloadSizeGB = 0; // of the published files, when they are not BF16
    QString descriptionEn;
    QString descriptionZh;

    QString description(const QString &language) const;
    // The parameter count implied by the architecture numbers (dense models, and DeepSeek-V2's
    // latent attention with experts), for checking the catalog against itself; with
    // `activeOnly` the parameters one token uses (the routed experts it chooses).
    double computedParameters(bool activeOnly = false) const;
    // Bytes of the files to download: BF16 safetensors for the dense models.
    qint64 downloadBytes() const;
    // The first repository with a ready-made file of `quantization`; nullptr when DeskSeek has to
    // make it.
    const ReadyMadeRepo *readyMadeFor(const QString &quantization) const;
};

} // namespace deskseek::catalog
