#pragma once

#include "chat/chatgenerator.h"

#include <QCoreApplication>

namespace deskseek::serving {
class ModelHost;
}

namespace deskseek::chat {

// ChatGenerator through the serving layer: the chat's model is one of the ModelHost's, shared
// with the API server (loaded once, under the name the server knows it by), and its answers are
// jobs on the model's runner beside the API's. The model's chat format and tokenizer, the chat's
// sampling settings; the oldest turns are left out when the conversation does not fit the
// context with room for the answer.
class ServingChatGenerator final : public ChatGenerator
{
    Q_DECLARE_TR_FUNCTIONS(ServingChatGenerator)

public:
    explicit ServingChatGenerator(serving::ModelHost &host);
    ~ServingChatGenerator() override;

    bool load(const QString &path, int contextLength, const std::function<bool(double)> &progress, QString *error) override;
    void unload() override;
    QString modelName() const override;
    bool opensReasoning() const override;
    GenerateOutcome generate(const GenerateRequest &request, const std::function<void(const QString &)> &onText,
                             const std::atomic<bool> *cancel) override;

private:
    serving::ModelHost &m_host;
    QString m_name;
    bool m_opensReasoning = false;
};

} // namespace deskseek::chat
