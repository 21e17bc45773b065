#pragma once

#include <QByteArray>
#include <QString>

namespace deskseek::tools {

// Web page bytes to text. The charset comes from, in order: a byte-order mark, the Content-Type
// header, a <meta charset> or <meta http-equiv="Content-Type"> in the first 1024 bytes, valid
// UTF-8, and last ICU's detector. Labels follow the WHATWG Encoding standard where it differs
// from their names (gb2312 and gbk decode as GB18030, iso-8859-1 and ascii as windows-1252).
// ICU converts.
struct DecodedText
{
    QString text;
    QByteArray charset; // what was used, e.g. "GB18030"
    bool sniffed = false; // nothing declared it
};

class CharsetDecoder
{
public:
    static DecodedText decode(const QByteArray &bytes, const QByteArray &contentType);

    // The charset a Content-Type value or the page's own <meta> names; empty when none.
    static QByteArray fromContentType(const QByteArray &contentType);
    static QByteArray fromMeta(const QByteArray &bytes);
    // A label as the Encoding standard maps it ("gbk" -> "GB18030").
    static QByteArray canonical(const QByteArray &label);
};

} // namespace deskseek::tools
