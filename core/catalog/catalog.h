#pragma once

#include "catalog/modelvariant.h"

#include <QList>
#include <QString>

#include <optional>

namespace deskseek::catalog {

// The model catalog: every DeepSeek variant, the weight formats DeskSeek can make, and the
// memory bandwidth of common GPUs (for speed estimates). Read from resources/catalog.json,
// which is compiled in as :/catalog/catalog.json.
class Catalog
{
public:
    struct Quantization
    {
        QString name;          // "q4_0"
        double bytesPerWeight; // 0.5625 for Q4_0 (18 bytes per 32 weights)
        double quality;        // relative to BF16 = 1
    };

    // Empty catalog plus an error message when the file is missing or invalid.
    static Catalog load(const QString &path = QStringLiteral(":/catalog/catalog.json"),
                        QString *error = nullptr);

    const QList<ModelVariant> &variants() const { return m_variants; }
    const ModelVariant *find(const QString &id) const;
    std::optional<Quantization> quantization(const QString &name) const;
    // A GPU's memory bandwidth in GB/s, from its name ("NVIDIA GeForce RTX 4060" -> 272).
    std::optional<double> gpuBandwidth(const QString &gpuName) const;

private:
    QList<ModelVariant> m_variants;
    QList<Quantization> m_quantizations;
    QList<QPair<QString, double>> m_gpus; // name fragment -> GB/s, most specific first
};

} // namespace deskseek::catalog
