#include "chat/speedrecorder.h"

#include "catalog/recommender.h"
#include "chat/chatengine.h"
#include "settings/appsettings.h"

#include <QDir>
#include <QFileInfo>

using namespace Qt::StringLiterals;

namespace deskseek::chat {

SpeedRecorder::SpeedRecorder(ChatEngine &engine, settings::AppSettings &settings, QObject *parent)
    : QObject(parent)
    , m_engine(engine)
    , m_settings(settings)
{
    connect(&m_engine, &ChatEngine::generationFinished, this, &SpeedRecorder::record);
}

QString SpeedRecorder::keyForModel(const QString &path)
{
    const QFileInfo file(path);
    if (file.suffix().compare(u"gguf"_s, Qt::CaseInsensitive) != 0)
        return {};
    const QString name = file.dir().dirName();
    const QString base = file.completeBaseName();
    if (name.isEmpty() || !base.startsWith(name + u'-', Qt::CaseInsensitive) || base.size() <= name.size() + 1)
        return {};
    return catalog::speedKey(name, base.mid(name.size() + 1));
}

void SpeedRecorder::record(const GenerateOutcome &outcome)
{
    if (outcome.finish == GenerateOutcome::Finish::Failed || outcome.tokens < kMinimumTokens || outcome.tokensPerSecond <= 0)
        return;
    const QString key = keyForModel(m_engine.modelPath());
    if (!key.isEmpty())
        m_settings.recordSpeed(key, outcome.tokensPerSecond);
}

} // namespace deskseek::chat
