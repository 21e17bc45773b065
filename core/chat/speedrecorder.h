#pragma once

#include <QObject>
#include <QString>

namespace deskseek::settings {
class AppSettings;
}

namespace deskseek::chat {

class ChatEngine;
struct GenerateOutcome;

// Keeps the decode speed of every answer the chat's model writes (long enough to measure) as
// that model's measured speed, so that the recommender's estimate for it becomes what it really
// does on this machine.
class SpeedRecorder : public QObject
{
    Q_OBJECT

public:
    static constexpr int kMinimumTokens = 16;

    SpeedRecorder(ChatEngine &engine, settings::AppSettings &settings, QObject *parent = nullptr);

    // The catalog::speedKey() of an installed model's GGUF file (<folder>/<name>/<name>-<TYPE>.gguf);
    // empty for anything else.
    static QString keyForModel(const QString &path);

private:
    void record(const GenerateOutcome &outcome);

    ChatEngine &m_engine;
    settings::AppSettings &m_settings;
};

} // namespace deskseek::chat
