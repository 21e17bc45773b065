#pragma once

#include <QString>

namespace deskseek::i18n {

// A size for people, in the user's locale: "7.4 GB" below 10 GB, "24 GB" above; empty for a
// negative (unknown) size.
QString formatBytes(qint64 bytes);

} // namespace deskseek::i18n
