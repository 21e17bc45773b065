#pragma once

#include "chat/chatgenerator.h"

#include <QCoreApplication>

#include <memory>

namespace deskseek::engine::inference {
class InferenceModel;
}

namespace deskseek::chat {

// ChatGenerator on the in-process engine (InferenceModel): the model's chat format, its
// tokenizer, the chat's sampling settings; the oldest turns are left out when the
// conversation does not fit the context with room for the answer.
class EngineChatGenerator final : public ChatGenerator
{
    Q_DECLARE_TR_FUNCTIONS(EngineChatGenerator)

public:
    // threads: CPU threads for the engine (0: one per core).
    explicit EngineChatGenerator(int threads = 0);
    ~EngineChatGenerator() override;

    bool load(const QString &path, int contextLength, const std::function<bool(double)> &progress, QString *error) override;
    void unload() override;
    QString modelName() const override;
    bool opensReasoning() const override;
    GenerateOutcome generate(const GenerateRequest &request, const std::function<void(const QString &)> &onText,
                             const std::atomic<bool> *cancel) override;

private:
    int m_threads = 0;
    QString m_name;
    std::unique_ptr<engine::inference::InferenceModel> m_model;
};

} // namespace deskseek::chat
