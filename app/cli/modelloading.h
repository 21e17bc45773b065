#pragma once

#include "engine/inference/inferencemodel.h"

#include <QCommandLineOption>
#include <QCoreApplication>
#include <QString>

#include <memory>
#include <optional>

class QCommandLineParser;
class QTextStream;

namespace deskseek::settings {
class AppSettings;
}

namespace deskseek::app {

// What run, bench and logits share: the engine options on the command line (--threads, --device,
// --gpu-layers, --ctx), finding the model (a path, or the name of an installed model) and
// loading it with a progress bar.
class ModelLoading
{
    Q_DECLARE_TR_FUNCTIONS(ModelLoading)

public:
    ModelLoading(settings::AppSettings &settings, QTextStream &err);

    void addOptions(QCommandLineParser &parser) const;
    // The load options the command line asks for; nothing (after an error message) when a value
    // is invalid.
    std::optional<engine::inference::LoadOptions> options(const QCommandLineParser &parser) const;
    // A folder or .gguf as given, or the GGUF of the installed model of that name; empty (after
    // an error message) when there is neither.
    QString resolve(const QString &model) const;
    // Loads with a progress bar on stderr; nullptr after an error message.
    std::unique_ptr<engine::inference::InferenceModel> load(const QString &path,
                                                            engine::inference::LoadOptions options) const;

private:
    settings::AppSettings &m_settings;
    QTextStream &m_err;
    QCommandLineOption m_threads;
    QCommandLineOption m_device;
    QCommandLineOption m_gpuLayers;
    QCommandLineOption m_context;
    QCommandLineOption m_experts;
};

} // namespace deskseek::app
