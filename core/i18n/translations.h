#pragma once

#include <QList>
#include <QLocale>
#include <QObject>
#include <QString>

#include <memory>

class QTranslator;

namespace deskseek::i18n {

// Loads and installs the translators for the user interface language (DeskSeek's own strings and
// Qt's), and switches them at run time. Widgets retranslate on QEvent::LanguageChange.
class Translations : public QObject
{
    Q_OBJECT

public:
    struct Language
    {
        QString code;       // "en", "zh_CN"
        QString nativeName; // the language's name in itself: "English", "简体中文"
    };

    // The languages the interface is complete in; English is the source language.
    static QList<Language> available();
    static bool isAvailable(const QString &code);
    // "system" becomes the best available language for the given locale; a code stays itself.
    static QString resolve(const QString &setting, const QLocale &system = QLocale::system());

    explicit Translations(QObject *parent = nullptr);
    ~Translations() override;

    // Installs the translators for a setting ("system" or a code). Returns false (and keeps
    // English) when the translation cannot be loaded.
    bool apply(const QString &setting);
    // The language in use now, e.g. "zh_CN".
    QString current() const { return m_current; }

Q_SIGNALS:
    void languageChanged(const QString &code);

private:
    void removeTranslators();

    QString m_current;
    std::unique_ptr<QTranslator> m_appTranslator;
    std::unique_ptr<QTranslator> m_qtTranslator;
};

} // namespace deskseek::i18n
