// AppSettings: defaults, validation, change signals and persistence; FolderStatus on real folders.

#include "settings/appsettings.h"
#include "settings/folderstatus.h"

#include <QDir>
#include <QFile>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using deskseek::settings::AppSettings;
using deskseek::settings::FolderStatus;

class TestAppSettings : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString iniFile() const { return m_dir.filePath(u"settings.ini"_s); }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setApplicationName(u"DeskSeek"_s);
        QCoreApplication::setOrganizationName(u"DeskSeek"_s);
        QVERIFY(m_dir.isValid());
    }

    void init() { QFile::remove(iniFile()); }

    void defaults()
    {
        AppSettings settings(iniFile());
        QCOMPARE(settings.language(), u"system"_s);
        QCOMPARE(settings.closeToTray(), true);
        QCOMPARE(settings.trayHintShown(), false);
        QVERIFY(settings.windowGeometry().isEmpty());
        const QString dataDir = QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation);
        QVERIFY(!dataDir.isEmpty());
        QCOMPARE(settings.modelDirectory(), dataDir + u"/DeskSeek/models"_s);
        QCOMPARE(AppSettings::defaultModelDirectory(), settings.modelDirectory());
    }

    void roundTrip()
    {
        const QString models = m_dir.filePath(u"my models"_s);
        {
            AppSettings settings(iniFile());
            settings.setLanguage(u"zh_CN"_s);
            settings.setCloseToTray(false);
            settings.setTrayHintShown(true);
            settings.setModelDirectory(models + u"/"_s);
            settings.setWindowGeometry(QByteArray("\x01\x02geometry", 10));
        }
        AppSettings reread(iniFile());
        QCOMPARE(reread.language(), u"zh_CN"_s);
        QCOMPARE(reread.closeToTray(), false);
        QCOMPARE(reread.trayHintShown(), true);
        QCOMPARE(reread.modelDirectory(), models); // cleaned: no trailing slash
        QCOMPARE(reread.windowGeometry(), QByteArray("\x01\x02geometry", 10));
    }

    void signalsOnlyOnChange()
    {
        AppSettings settings(iniFile());
        QSignalSpy language(&settings, &AppSettings::languageChanged);
        QSignalSpy tray(&settings, &AppSettings::closeToTrayChanged);
        QSignalSpy folder(&settings, &AppSettings::modelDirectoryChanged);

        settings.setLanguage(u"en"_s);
        settings.setLanguage(u"en"_s);
        QCOMPARE(language.count(), 1);
        QCOMPARE(language.at(0).at(0).toString(), u"en"_s);

        settings.setCloseToTray(true); // already the default
        QCOMPARE(tray.count(), 0);
        settings.setCloseToTray(false);
        QCOMPARE(tray.count(), 1);

        settings.setModelDirectory(m_dir.filePath(u"a"_s));
        settings.setModelDirectory(m_dir.filePath(u"a/"_s));
        QCOMPARE(folder.count(), 1);
        settings.setModelDirectory(QString()); // back to the default
        QCOMPARE(folder.count(), 2);
        QCOMPARE(folder.at(1).at(0).toString(), AppSettings::defaultModelDirectory());
    }

    // Download settings: connections bounded; the token kept out of the settings file, in a
    // file only the user can read, moved there from the settings file of an earlier version.
    void downloadSettings()
    {
        AppSettings settings(iniFile());
        QCOMPARE(settings.downloadConnections(), 4);
        settings.setDownloadConnections(40);
        QCOMPARE(settings.downloadConnections(), 16);
        settings.setDownloadConnections(2);
        QCOMPARE(settings.downloadConnections(), 2);

        QCOMPARE(settings.tokenFileName(), m_dir.filePath(u"huggingface-token"_s));
        settings.setHuggingFaceToken(u" hf_secret \n"_s);
        settings.sync();
        QCOMPARE(settings.huggingFaceToken(), u"hf_secret"_s);
        QFile ini(iniFile());
        QVERIFY(ini.open(QIODevice::ReadOnly));
        QVERIFY(!ini.readAll().contains("hf_secret"));
        ini.close();
        const QFileInfo tokenFile(settings.tokenFileName());
        QVERIFY(tokenFile.exists());
#ifndef Q_OS_WIN
        QCOMPARE(tokenFile.permissions() & (QFileDevice::ReadGroup | QFileDevice::ReadOther | QFileDevice::WriteGroup | QFileDevice::WriteOther),
                 QFileDevice::Permissions());
#endif
        settings.setHuggingFaceToken(QString());
        QVERIFY(!QFileInfo::exists(settings.tokenFileName()));
        QCOMPARE(settings.huggingFaceToken(), QString());

        // An earlier version's settings file with the token in it.
        QVERIFY(ini.open(QIODevice::WriteOnly | QIODevice::Truncate));
        ini.write("[downloads]\nhuggingFaceToken=hf_old\nproxy=http://p:1\n");
        ini.close();
        {
            AppSettings migrated(iniFile());
            QCOMPARE(migrated.huggingFaceToken(), u"hf_old"_s);
            QCOMPARE(migrated.downloadProxy(), u"http://p:1"_s);
        }
        QVERIFY(ini.open(QIODevice::ReadOnly));
        QVERIFY(!ini.readAll().contains("hf_old"));
        ini.close();

        // The token downloads use: HF_TOKEN, else this one, else huggingface-cli's.
        qputenv("HF_TOKEN", "hf_env");
        QCOMPARE(AppSettings(iniFile()).effectiveHuggingFaceToken(), QByteArray("hf_env"));
        qunsetenv("HF_TOKEN");
        QCOMPARE(AppSettings(iniFile()).effectiveHuggingFaceToken(), QByteArray("hf_old"));
        AppSettings(iniFile()).setHuggingFaceToken(QString());
        QFile cli(m_dir.filePath(u"hf-home/token"_s));
        QDir().mkpath(m_dir.filePath(u"hf-home"_s));
        QVERIFY(cli.open(QIODevice::WriteOnly));
        cli.write("hf_cli\n");
        cli.close();
        qputenv("HF_HOME", m_dir.filePath(u"hf-home"_s).toUtf8());
        QCOMPARE(AppSettings(iniFile()).effectiveHuggingFaceToken(), QByteArray("hf_cli"));
        qunsetenv("HF_HOME");
    }

    void unknownLanguageFallsBackToSystem()
    {
        {
            AppSettings settings(iniFile());
            settings.setLanguage(u"zh_CN"_s);
            settings.setLanguage(u"klingon"_s);
            QCOMPARE(settings.language(), u"system"_s);
        }
        // A hand-edited file with a language we do not have.
        QFile file(iniFile());
        QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
        file.write("[ui]\nlanguage=xx_YY\ncloseToTray=false\n");
        file.close();
        AppSettings settings(iniFile());
        QCOMPARE(settings.language(), u"system"_s);
        QCOMPARE(settings.closeToTray(), false);
    }

    void folderStatusUsable()
    {
        const QString path = m_dir.filePath(u"new/nested/models"_s);
        const FolderStatus status = FolderStatus::inspect(path);
        QVERIFY2(status.usable(), qPrintable(status.message));
        QVERIFY(QDir(path).exists()); // created
        QVERIFY(status.bytesAvailable > 0);
        QVERIFY(QDir(path).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot).isEmpty());
    }

    void folderStatusErrors_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<int>("error");
        QTest::newRow("empty") << QString() << int(FolderStatus::Error::NotAbsolute);
        QTest::newRow("relative") << u"models"_s << int(FolderStatus::Error::NotAbsolute);
        // A folder below a regular file cannot be created, even by root.
        QTest::newRow("below a file") << u"@FILE@/models"_s << int(FolderStatus::Error::CannotCreate);
#ifdef Q_OS_LINUX
        // procfs accepts no new files, even from root.
        QTest::newRow("procfs") << u"/proc"_s << int(FolderStatus::Error::NotWritable);
#endif
    }

    void folderStatusErrors()
    {
        QFETCH(QString, path);
        QFETCH(int, error);
        const QString file = m_dir.filePath(u"plain-file"_s);
        QFile f(file);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.close();
        path.replace(u"@FILE@"_s, file);
        const FolderStatus status = FolderStatus::inspect(path);
        QCOMPARE(int(status.error), error);
        QVERIFY(!status.usable());
        QVERIFY(!status.message.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestAppSettings)
#include "tst_appsettings.moc"
