// Every user-visible string has its Simplified Chinese translation: the committed .ts file is
// complete and consistent, and lupdate finds no string in the sources that it lacks.

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>
#include <QXmlStreamReader>

using namespace Qt::StringLiterals;

namespace {

struct Message
{
    QString context;
    QString source;
    QString translation;
    QString type; // the translation's type attribute: "", "unfinished", "vanished", "obsolete"
    bool numerus = false;
};

QList<Message> readTs(const QString &path, QString *error)
{
    QList<Message> messages;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = u"cannot open "_s + path;
        return {};
    }
    QXmlStreamReader xml(&file);
    QString context;
    Message current;
    while (!xml.atEnd()) {
        xml.readNext();
        if (!xml.isStartElement())
            continue;
        const auto name = xml.name();
        if (name == u"name"_s) {
            context = xml.readElementText();
        } else if (name == u"message"_s) {
            current = Message{context, {}, {}, {}, xml.attributes().value(u"numerus"_s) == u"yes"_s};
        } else if (name == u"source"_s) {
            current.source = xml.readElementText();
        } else if (name == u"translation"_s) {
            current.type = xml.attributes().value(u"type"_s).toString();
            if (current.numerus) {
                // <numerusform> children: keep the first for the checks below.
                QString first;
                while (xml.readNextStartElement()) {
                    const QString form = xml.readElementText();
                    if (first.isEmpty())
                        first = form;
                }
                current.translation = first;
            } else {
                current.translation = xml.readElementText();
            }
            messages << current;
        }
    }
    if (xml.hasError())
        *error = u"%1:%2: %3"_s.arg(path).arg(xml.lineNumber()).arg(xml.errorString());
    return messages;
}

QStringList placeholders(const QString &text)
{
    static const QRegularExpression arg(u"%L?(\\d)"_s);
    QStringList found;
    for (auto it = arg.globalMatch(text); it.hasNext();)
        found << it.next().captured(1);
    found.sort();
    found.removeDuplicates();
    return found;
}

bool hasMnemonic(const QString &text)
{
    static const QRegularExpression mnemonic(u"&[^&\\s]"_s);
    return mnemonic.match(QString(text).replace(u"&&"_s, QString())).hasMatch();
}

const QString kTsFile = QString::fromUtf8(DESKSEEK_SOURCE_DIR) + u"/translations/deskseek_zh_CN.ts"_s;

QStringList problemsOf(const QList<Message> &messages)
{
    QStringList problems;
    for (const Message &m : messages) {
        const QString where = u"[%1] \"%2\""_s.arg(m.context, m.source);
        if (!m.type.isEmpty())
            problems << where + u" is "_s + m.type;
        else if (m.translation.trimmed().isEmpty())
            problems << where + u" has no translation"_s;
        else if (placeholders(m.source) != placeholders(m.translation))
            problems << where + u" changes the placeholders: "_s + m.translation;
        else if (hasMnemonic(m.source) != hasMnemonic(m.translation))
            problems << where + u" loses or adds the keyboard accelerator: "_s + m.translation;
    }
    return problems;
}

} // namespace

class TestTranslations : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void committedFileIsComplete()
    {
        QString error;
        const QList<Message> messages = readTs(kTsFile, &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QVERIFY2(messages.size() >= 40, qPrintable(u"only %1 messages"_s.arg(messages.size())));
        const QStringList problems = problemsOf(messages);
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join(u'\n')));
    }

    // The checker flags what it should (so that the test above can fail).
    void checkerFlagsProblems()
    {
        const QList<Message> bad = {
            {u"C"_s, u"Open %1"_s, u"打开"_s, {}, false},
            {u"C"_s, u"&Quit"_s, u"退出"_s, {}, false},
            {u"C"_s, u"Chat"_s, {}, u"unfinished"_s, false},
            {u"C"_s, u"Models"_s, u"  "_s, {}, false},
        };
        QCOMPARE(problemsOf(bad).size(), 4);
        const QList<Message> good = {{u"C"_s, u"&Quit %1"_s, u"退出 %1(&Q)"_s, {}, false}};
        QCOMPARE(problemsOf(good).size(), 0);
    }

    // Running lupdate over today's sources adds nothing untranslated: no string was added to the
    // code without its translation.
    void sourcesHaveNoUntranslatedStrings()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString copy = dir.filePath(u"deskseek_zh_CN.ts"_s);
        QVERIFY(QFile::copy(kTsFile, copy));
        QFile::setPermissions(copy, QFile::ReadOwner | QFile::WriteOwner);
        const QString root = QString::fromUtf8(DESKSEEK_SOURCE_DIR);
        QProcess lupdate;
        lupdate.setProcessChannelMode(QProcess::MergedChannels);
        lupdate.start(QString::fromUtf8(DESKSEEK_LUPDATE),
                      {u"-no-obsolete"_s, u"-locations"_s, u"none"_s, u"-extensions"_s,
                       u"cpp,h"_s, u"-I"_s, root + u"/core"_s, u"-I"_s, root + u"/ui"_s,
                       u"-I"_s, root + u"/app"_s, root + u"/app"_s, root + u"/ui"_s, root + u"/core"_s,
                       u"-ts"_s, copy});
        QVERIFY2(lupdate.waitForFinished(120000), "lupdate did not finish");
        const QByteArray output = lupdate.readAll();
        QVERIFY2(lupdate.exitStatus() == QProcess::NormalExit && lupdate.exitCode() == 0,
                 output.constData());
        QString error;
        const QList<Message> messages = readTs(copy, &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        const QStringList problems = problemsOf(messages);
        QVERIFY2(problems.isEmpty(),
                 qPrintable(u"Run 'cmake --build build --target update_translations' and "
                            "translate:\n"_s + problems.join(u'\n')));
    }
};

QTEST_GUILESS_MAIN(TestTranslations)
#include "tst_translations.moc"
