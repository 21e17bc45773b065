#include "tools/charsetdecoder.h"

#include <QRegularExpression>
#include <QStringDecoder>

#include <unicode/ucnv.h>
#include <unicode/ucsdet.h>

namespace deskseek::tools {

namespace {

bool isUtf8(const QByteArray &bytes)
{
    QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    const QString text = decoder.decode(bytes); // decoding happens when the result is taken
    Q_UNUSED(text);
    return !decoder.hasError();
}

// ICU's conversion; nullopt-like empty charset on an unknown label.
bool convert(const QByteArray &bytes, const QByteArray &charset, QString *text)
{
    UErrorCode status = U_ZERO_ERROR;
    UConverter *converter = ucnv_open(charset.constData(), &status);
    if (U_FAILURE(status) || !converter)
        return false;
    // At most two UTF-16 units per byte, plus room for the terminator.
    QString out(bytes.size() * 2 + 1, Qt::Uninitialized);
    status = U_ZERO_ERROR;
    const int32_t length = ucnv_toUChars(converter, reinterpret_cast<UChar *>(out.data()), int32_t(out.size()),
                                         bytes.constData(), int32_t(bytes.size()), &status);
    ucnv_close(converter);
    if (U_FAILURE(status))
        return false;
    out.truncate(length);
    *text = std::move(out);
    return true;
}

QByteArray detect(const QByteArray &bytes)
{
    UErrorCode status = U_ZERO_ERROR;
    UCharsetDetector *detector = ucsdet_open(&status);
    if (U_FAILURE(status))
        return {};
    ucsdet_enableInputFilter(detector, true); // ignore markup
    const QByteArray sample = bytes.left(64 << 10);
    ucsdet_setText(detector, sample.constData(), int32_t(sample.size()), &status);
    const UCharsetMatch *match = ucsdet_detect(detector, &status);
    QByteArray name;
    if (U_SUCCESS(status) && match) {
        const char *found = ucsdet_getName(match, &status);
        if (U_SUCCESS(status) && found)
            name = found;
    }
    ucsdet_close(detector);
    return name;
}

} // namespace

QByteArray CharsetDecoder::canonical(const QByteArray &label)
{
    const QByteArray name = label.trimmed().toLower();
    if (name.isEmpty())
        return {};
    if (name == "utf8" || name == "utf-8" || name == "unicode-1-1-utf-8")
        return "UTF-8";
    if (name == "gb2312" || name == "gbk" || name == "x-gbk" || name == "gb18030" || name == "chinese" || name == "csgb2312"
        || name == "iso-ir-58" || name == "gb_2312-80" || name == "euc-cn")
        return "GB18030";
    if (name == "iso-8859-1" || name == "latin1" || name == "us-ascii" || name == "ascii" || name == "windows-1252"
        || name == "cp1252" || name == "l1")
        return "windows-1252";
    if (name == "big5" || name == "big5-hkscs" || name == "cn-big5")
        return "Big5";
    if (name == "shift_jis" || name == "sjis" || name == "x-sjis")
        return "Shift_JIS";
    return label.trimmed();
}

QByteArray CharsetDecoder::fromContentType(const QByteArray &contentType)
{
    static const QRegularExpression charset(QStringLiteral(R"(charset\s*=\s*["']?([A-Za-z0-9_\-:.]+))"),
                                            QRegularExpression::CaseInsensitiveOption);
    const QRegularExpressionMatch match = charset.match(QString::fromLatin1(contentType));
    return match.hasMatch() ? match.captured(1).toLatin1() : QByteArray();
}

QByteArray CharsetDecoder::fromMeta(const QByteArray &bytes)
{
    // The HTML prescan looks at the first 1024 bytes: <meta charset=...> or an http-equiv
    // Content-Type whose content names a charset.
    static const QRegularExpression meta(QStringLiteral(R"(<meta\s[^>]*>)"), QRegularExpression::CaseInsensitiveOption);
    static const QRegularExpression direct(QStringLiteral(R"(charset\s*=\s*["']?\s*([A-Za-z0-9_\-:.]+))"),
                                           QRegularExpression::CaseInsensitiveOption);
    const QString head = QString::fromLatin1(bytes.left(1024));
    auto tags = meta.globalMatch(head);
    while (tags.hasNext()) {
        const QRegularExpressionMatch found = direct.match(tags.next().captured(0));
        if (found.hasMatch())
            return found.captured(1).toLatin1();
    }
    return {};
}

DecodedText CharsetDecoder::decode(const QByteArray &bytes, const QByteArray &contentType)
{
    DecodedText result;
    if (bytes.startsWith("\xEF\xBB\xBF")) {
        result.charset = "UTF-8";
        result.text = QString::fromUtf8(bytes.mid(3));
        return result;
    }
    if (bytes.startsWith("\xFF\xFE") || bytes.startsWith("\xFE\xFF")) {
        result.charset = bytes.startsWith("\xFF\xFE") ? "UTF-16LE" : "UTF-16BE";
        if (convert(bytes.mid(2), result.charset, &result.text))
            return result;
    }
    for (const QByteArray &declared : {fromContentType(contentType), fromMeta(bytes)}) {
        const QByteArray charset = canonical(declared);
        if (charset.isEmpty())
            continue;
        if (charset == "UTF-8") {
            result.charset = charset;
            result.text = QString::fromUtf8(bytes);
            return result;
        }
        if (convert(bytes, charset, &result.text)) {
            result.charset = charset;
            return result;
        }
    }
    result.sniffed = true;
    if (isUtf8(bytes)) {
        result.charset = "UTF-8";
        result.text = QString::fromUtf8(bytes);
        return result;
    }
    const QByteArray detected = canonical(detect(bytes));
    if (!detected.isEmpty() && convert(bytes, detected, &result.text)) {
        result.charset = detected;
        return result;
    }
    result.charset = "windows-1252";
    if (!convert(bytes, result.charset, &result.text))
        result.text = QString::fromLatin1(bytes);
    return result;
}

} // namespace deskseek::tools
