#include "widgets/installstatustext.h"

#include "i18n/datasize.h"
#include "store/modelinstaller.h"

using namespace Qt::StringLiterals;

namespace deskseek::ui {

QString InstallStatusText::step(const store::InstallProgress &progress)
{
    switch (progress.step) {
    case store::InstallProgress::Step::Listing:
        return tr("Looking up the files on %1 …").arg(progress.source);
    case store::InstallProgress::Step::Downloading:
        return tr("Downloading from %1 …").arg(progress.source);
    case store::InstallProgress::Step::Converting:
        return tr("Converting to GGUF …");
    case store::InstallProgress::Step::Checking:
        return tr("Checking the quality against the original …");
    }
    return {};
}

QString InstallStatusText::detail(const store::InstallProgress &progress)
{
    if (progress.step != store::InstallProgress::Step::Downloading)
        return progress.step == store::InstallProgress::Step::Converting ? progress.detail : QString();
    QString text = tr("%1 of %2").arg(i18n::formatBytes(progress.bytesDone), i18n::formatBytes(progress.bytesTotal));
    if (progress.bytesPerSecond > 0) {
        text += u" · "_s + tr("%1/s").arg(i18n::formatBytes(qint64(progress.bytesPerSecond)));
        text += u" · "_s + tr("%1 left").arg(duration(double(progress.bytesTotal - progress.bytesDone) / progress.bytesPerSecond));
    }
    return text;
}

QString InstallStatusText::duration(double seconds)
{
    const qint64 s = qint64(seconds + 0.5);
    if (s >= 3600)
        return tr("%1 h %2 min").arg(s / 3600).arg((s % 3600) / 60);
    if (s >= 60)
        return tr("%1 min %2 s").arg(s / 60).arg(s % 60);
    return tr("%1 s").arg(s);
}

} // namespace deskseek::ui
