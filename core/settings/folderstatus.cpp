#include "settings/folderstatus.h"

#include <QDir>
#include <QTemporaryFile>

#include <filesystem>

using namespace Qt::StringLiterals;

namespace deskseek::settings {

FolderStatus FolderStatus::inspect(const QString &path)
{
    FolderStatus status;
    if (path.isEmpty() || !QDir::isAbsolutePath(path)) {
        status.error = Error::NotAbsolute;
        status.message = tr("Choose a complete folder path, for example %1.")
                             .arg(QDir::toNativeSeparators(QDir::homePath() + u"/DeskSeek"_s));
        return status;
    }
    if (!QDir().mkpath(path)) {
        status.error = Error::CannotCreate;
        status.message = tr("DeskSeek cannot create the folder %1. Check that the drive is "
                            "connected and that you may write there, or choose another folder.")
                             .arg(QDir::toNativeSeparators(path));
        return status;
    }
    QTemporaryFile probe(path + u"/.deskseek-write-test-XXXXXX"_s);
    if (!probe.open() || probe.write("x", 1) != 1) {
        status.error = Error::NotWritable;
        status.message = tr("DeskSeek cannot write to %1. Choose a folder you own.")
                             .arg(QDir::toNativeSeparators(path));
        return status;
    }
    probe.close();
    // statvfs/GetDiskFreeSpaceEx on the folder itself: right even where the mount table cannot
    // be read (containers, chroots), unlike QStorageInfo.
    std::error_code error;
    const std::filesystem::space_info space =
        std::filesystem::space(std::filesystem::path(path.toStdU16String()), error);
    status.bytesAvailable = error ? -1 : static_cast<qint64>(space.available);
    return status;
}

} // namespace deskseek::settings
