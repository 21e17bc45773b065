#include "i18n/translations.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QTranslator>

using namespace Qt::StringLiterals;

namespace deskseek::i18n {

namespace {
const QString kEnglish = u"en"_s;
const QString kSimplifiedChinese = u"zh_CN"_s;
} // namespace

QList<Translations::Language> Translations::available()
{
    return {{kEnglish, u"English"_s}, {kSimplifiedChinese, u"简体中文"_s}};
}

bool Translations::isAvailable(const QString &code)
{
    for (const Language &language : available()) {
        if (language.code == code)
            return true;
    }
    return false;
}

QString Translations::resolve(const QString &setting, const QLocale &system)
{
    if (isAvailable(setting))
        return setting;
    // Any Chinese locale reads Simplified Chinese better than English.
    if (system.language() == QLocale::Chinese)
        return kSimplifiedChinese;
    return kEnglish;
}

Translations::Translations(QObject *parent)
    : QObject(parent)
    , m_current(kEnglish)
{
}

Translations::~Translations()
{
    removeTranslators();
}

bool Translations::apply(const QString &setting)
{
    const QString code = resolve(setting);
    if (code == m_current && (code == kEnglish || m_appTranslator))
        return true;

    removeTranslators();
    bool loaded = true;
    if (code != kEnglish) {
        auto app = std::make_unique<QTranslator>();
        if (app->load(u":/i18n/deskseek_"_s + code + u".qm"_s)) {
            QCoreApplication::installTranslator(app.get());
            m_appTranslator = std::move(app);
            auto qt = std::make_unique<QTranslator>();
            // Qt's own strings (standard dialogs, context menus); optional.
            if (qt->load(u"qtbase_"_s + code,
                         QLibraryInfo::path(QLibraryInfo::TranslationsPath))) {
                QCoreApplication::installTranslator(qt.get());
                m_qtTranslator = std::move(qt);
            }
        } else {
            loaded = false;
        }
    }
    const QString now = loaded ? code : kEnglish;
    QLocale::setDefault(QLocale(now));
    if (now != m_current) {
        m_current = now;
        Q_EMIT languageChanged(now);
    }
    return loaded;
}

void Translations::removeTranslators()
{
    if (m_appTranslator)
        QCoreApplication::removeTranslator(m_appTranslator.get());
    if (m_qtTranslator)
        QCoreApplication::removeTranslator(m_qtTranslator.get());
    m_appTranslator.reset();
    m_qtTranslator.reset();
}

} // namespace deskseek::i18n
