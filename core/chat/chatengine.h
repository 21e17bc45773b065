#pragma once

#include "chat/chatgenerator.h"

#include <QObject>
#include <QString>

#include <atomic>
#include <memory>

class QThread;

namespace deskseek::chat {

// Runs a ChatGenerator on a thread of its own: one model at a time, loaded and unloaded with
// progress, answers streamed back as signals on the thread that owns this object. Nothing here
// blocks the caller: every call returns at once.
class ChatEngine : public QObject
{
    Q_OBJECT

public:
    enum class State { Empty, Loading, Ready, Generating };
    Q_ENUM(State)

    explicit ChatEngine(std::unique_ptr<ChatGenerator> generator, QObject *parent = nullptr);
    ~ChatEngine() override;

    State state() const { return m_state; }
    QString modelName() const { return m_modelName; }
    QString modelPath() const { return m_modelPath; }
    bool opensReasoning() const { return m_opensReasoning; }

    // Loads a model (unloading the one before); ignored while an answer is being written.
    void load(const QString &path, int contextLength);
    void cancelLoad();
    void unload();
    // Answers `request`; false when no model is ready or one is already answering.
    bool generate(const GenerateRequest &request);
    // Stops the answer before its next token.
    void stop();

Q_SIGNALS:
    void stateChanged(deskseek::chat::ChatEngine::State state);
    void loadProgress(double fraction);
    void loadFinished(bool ok, const QString &error);
    void textArrived(const QString &text);
    void generationFinished(const deskseek::chat::GenerateOutcome &outcome);

private:
    void setState(State state);

    std::unique_ptr<ChatGenerator> m_generator; // used on m_thread only
    QThread *m_thread = nullptr;
    QObject *m_worker = nullptr; // lives on m_thread; work is posted to it
    State m_state = State::Empty;
    QString m_modelName;
    QString m_modelPath;
    bool m_opensReasoning = false;
    std::atomic<bool> m_cancel{false};
    std::atomic<bool> m_cancelLoad{false};
};

} // namespace deskseek::chat

Q_DECLARE_METATYPE(deskseek::chat::GenerateOutcome)
