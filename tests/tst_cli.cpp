// deskseek-cli as a user runs it: a real process, its output and its exit codes.

#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {

struct Result
{
    int exitCode = -1;
    QString out;
    QString err;
};

Result runCli(const QStringList &arguments, const QString &home, const QString &locale = u"C.UTF-8"_s)
{
    QProcess process;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(u"HOME"_s, home);
    env.insert(u"XDG_CONFIG_HOME"_s, home + u"/config"_s);
    env.insert(u"XDG_DATA_HOME"_s, home + u"/data"_s);
    env.insert(u"LC_ALL"_s, locale);
    env.insert(u"LANG"_s, locale);
    env.remove(u"LANGUAGE"_s);
    process.setProcessEnvironment(env);
    process.start(QString::fromUtf8(DESKSEEK_CLI_EXE), arguments);
    Result result;
    if (!process.waitForFinished(60000) || process.exitStatus() != QProcess::NormalExit)
        return result;
    result.exitCode = process.exitCode();
    result.out = QString::fromUtf8(process.readAllStandardOutput());
    result.err = QString::fromUtf8(process.readAllStandardError());
    return result;
}

} // namespace

class TestCli : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_home;

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_home.isValid()); }

    void version_data()
    {
        QTest::addColumn<QString>("option");
        QTest::newRow("long") << u"--version"_s;
        QTest::newRow("short") << u"-v"_s;
    }

    void version()
    {
        QFETCH(QString, option);
        const Result r = runCli({option}, m_home.path());
        QCOMPARE(r.exitCode, 0);
        const QStringList lines = r.out.split(u'\n', Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), 3);
        QCOMPARE(lines.at(0), u"deskseek-cli "_s + QStringLiteral(DESKSEEK_VERSION));
        QCOMPARE(lines.at(1), u"Qt "_s + QString::fromLatin1(qVersion()));
        QVERIFY2(lines.at(2).startsWith(u"libtorch "_s), qPrintable(lines.at(2)));
        QVERIFY(r.err.isEmpty());
    }

    void help()
    {
        const Result r = runCli({u"--help"_s}, m_home.path());
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.out.startsWith(u"Usage: deskseek-cli [options] <command>"_s), qPrintable(r.out));
        QVERIFY(r.out.contains(u"\n  info "_s));
        QVERIFY(r.out.contains(u"--version"_s));
    }

    void noArgumentsShowsHelpAndFails()
    {
        const Result r = runCli({}, m_home.path());
        QCOMPARE(r.exitCode, 2);
        QVERIFY(r.out.startsWith(u"Usage:"_s));
    }

    void unknownCommand()
    {
        const Result r = runCli({u"bogus"_s}, m_home.path());
        QCOMPARE(r.exitCode, 2);
        QVERIFY(r.out.isEmpty());
        QVERIFY2(r.err.contains(u"unknown command or option 'bogus'"_s), qPrintable(r.err));
    }

    void infoJson()
    {
        const Result r = runCli({u"info"_s, u"--json"_s}, m_home.path());
        QCOMPARE(r.exitCode, 0);
        QJsonParseError error;
        const QJsonObject info = QJsonDocument::fromJson(r.out.toUtf8(), &error).object();
        QVERIFY2(error.error == QJsonParseError::NoError, qPrintable(error.errorString()));
        QCOMPARE(info.value(u"version"_s).toString(), QStringLiteral(DESKSEEK_VERSION));
        QCOMPARE(info.value(u"qt"_s).toString(), QString::fromLatin1(qVersion()));
        QVERIFY(!info.value(u"torch"_s).toString().isEmpty());
        QVERIFY(info.value(u"cpuThreads"_s).toInt() >= 1);
        // The model folder defaults to the user's data folder (XDG_DATA_HOME here).
        QCOMPARE(info.value(u"modelDirectory"_s).toString(),
                 m_home.path() + u"/data/DeskSeek/models"_s);
        QCOMPARE(info.value(u"settingsFile"_s).toString(),
                 m_home.path() + u"/config/DeskSeek/DeskSeek.conf"_s);
        QCOMPARE(info.value(u"language"_s).toString(), u"en"_s);
    }

    void infoRejectsArguments()
    {
        Result r = runCli({u"info"_s, u"--frobnicate"_s}, m_home.path());
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(u"frobnicate"_s), qPrintable(r.err));
        r = runCli({u"info"_s, u"extra"_s}, m_home.path());
        QCOMPARE(r.exitCode, 2);
        r = runCli({u"info"_s, u"--help"_s}, m_home.path());
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.contains(u"--json"_s));
    }

    // A Chinese system locale gives Chinese output.
    void chineseLocale()
    {
        QTemporaryDir home;
        Result r = runCli({u"--help"_s}, home.path(), u"zh_CN.UTF-8"_s);
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.out.startsWith(u"用法：deskseek-cli"_s), qPrintable(r.out));
        r = runCli({u"info"_s, u"--json"_s}, home.path(), u"zh_CN.UTF-8"_s);
        QCOMPARE(QJsonDocument::fromJson(r.out.toUtf8()).object().value(u"language"_s).toString(),
                 u"zh_CN"_s);
    }
};

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
