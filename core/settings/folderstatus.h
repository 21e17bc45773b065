#pragma once

#include <QCoreApplication>
#include <QString>

namespace deskseek::settings {

// Whether a folder can hold models: it exists (or was created), DeskSeek can write there, and how
// much space is free on its drive.
struct FolderStatus
{
    Q_DECLARE_TR_FUNCTIONS(FolderStatus)

public:
    enum class Error { None, NotAbsolute, CannotCreate, NotWritable };

    Error error = Error::None;
    QString message;            // what happened and what to do; empty when usable
    qint64 bytesAvailable = -1; // free space on the folder's drive, -1 when unknown

    bool usable() const { return error == Error::None; }

    // Creates the folder when it is missing, then checks it by writing a temporary file.
    static FolderStatus inspect(const QString &path);
};

} // namespace deskseek::settings
