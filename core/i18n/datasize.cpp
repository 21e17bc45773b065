#include "i18n/datasize.h"

#include <QLocale>

namespace deskseek::i18n {

QString formatBytes(qint64 bytes)
{
    if (bytes < 0)
        return {};
    constexpr qint64 kTenGiB = qint64(10) << 30;
    return QLocale().formattedDataSize(bytes, bytes >= kTenGiB ? 0 : 1, QLocale::DataSizeTraditionalFormat);
}

} // namespace deskseek::i18n
