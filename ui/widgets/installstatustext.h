#pragma once

#include <QCoreApplication>
#include <QString>

namespace deskseek::store {
struct InstallProgress;
}

namespace deskseek::ui {

// The words for an install's progress, shared by the wizard's download step and the Models page.
class InstallStatusText
{
    Q_DECLARE_TR_FUNCTIONS(InstallStatusText)

public:
    // What the install is doing: "Downloading from hf-mirror …".
    static QString step(const store::InstallProgress &progress);
    // How far: "1.2 GB of 3.5 GB · 25 MB/s · 1 min 32 s left", or the tensor being converted.
    static QString detail(const store::InstallProgress &progress);
    // "1 h 5 min", "3 min 12 s", "40 s".
    static QString duration(double seconds);
};

} // namespace deskseek::ui
