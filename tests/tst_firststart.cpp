// The first start, as a new user has it, off screen: no model installed, the window opens on the
// first-start screen (a fake CPU-only machine: its hardware in one line, the recommended model
// with its size, speed and reason), one click on "Install and start chatting" installs it from a
// local hub (a tiny random-weight R1-style model under the recommended model's repository), and
// the chat opens with the model loading and the input focused; the first answer comes from the
// real engine. Pause, resume and cancel on the same screen.

#include "fixtures/chatmodelfixture.h"
#include "fixtures/fakehub.h"
#include "fixtures/fakemachine.h"

#include "application.h"
#include "chat/chatengine.h"
#include "chat/chatsession.h"
#include "hardware/memorybandwidth.h"
#include "mainwindow.h"
#include "pages/welcomepage.h"
#include "settings/appsettings.h"
#include "store/installservice.h"
#include "store/modelstore.h"

#include <QApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QLabel>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace deskseek;

class TestFirstStart : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    hardware::SystemPaths m_machine;

    template<typename T>
    T *find(app::Application &app, const QString &name)
    {
        return app.mainWindow().findChild<T *>(name);
    }

    std::unique_ptr<app::Application> startApp(const QString &name)
    {
        auto settings = std::make_unique<settings::AppSettings>(m_dir.filePath(name + u".ini"_s));
        settings->setLanguage(u"en"_s);
        settings->setModelDirectory(m_dir.filePath(name + u"-models"_s));
        settings->setCpuBandwidthGBs(20, hardware::bandwidthFingerprint(m_machine)); // as if measured here
        settings::ServerSettings server = settings->server();
        server.enabled = false;
        settings->setServer(server);
        auto app = std::make_unique<app::Application>(std::move(settings));
        app->start();
        return app;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        // A CPU-only machine with 24 GiB (its /proc), for the detector the app runs.
        QVERIFY(tests::FakeMachine::write(m_dir.path(), u"none"_s));
        QStringList environment;
        tests::FakeMachine::addToEnvironment(environment, m_dir.path(), u"none"_s, QString::fromUtf8(DESKSEEK_FAKE_NVML));
        for (const QString &entry : std::as_const(environment))
            qputenv(entry.section(u'=', 0, 0).toLatin1(), entry.section(u'=', 1).toUtf8());
        m_machine = hardware::SystemPaths::fromEnvironment();
    }

    void installAndFirstAnswer()
    {
        QElapsedTimer clock;
        clock.start();
        const auto app = startApp(u"first"_s);
        QVERIFY(QTest::qWaitForWindowExposed(&app->mainWindow()));
        QVERIFY(app->mainWindow().showsWelcome());
        auto *welcome = find<ui::WelcomePage>(*app, u"welcomePage"_s);
        QTRY_VERIFY_WITH_TIMEOUT(welcome->hasRecommendation(), 20000);
        // One line of hardware, the model with its size and speed, the reason.
        const QString line = find<QLabel>(*app, u"welcomeHardware"_s)->text();
        QVERIFY2(line.startsWith(u"CPU only:"_s) && line.contains(u"RAM"_s), qPrintable(line));
        const catalog::Candidate best = *welcome->recommendation().best;
        const QString model = find<QLabel>(*app, u"welcomeModel"_s)->text();
        QVERIFY2(model.contains(best.variantName) && model.contains(u"download"_s) && model.contains(u"tok/s"_s), qPrintable(model));
        QCOMPARE(find<QLabel>(*app, u"welcomeReason"_s)->text(), welcome->recommendation().explanation);
        QCOMPARE(welcome->source(), u"huggingface"_s); // the English UI's default

        // The hub serves a tiny chat model under the recommended model's repository.
        tests::FakeHub hub;
        QString error;
        const QString files = tests::writeR1ChatModel(m_dir.filePath(u"hub-model"_s), QStringLiteral(DESKSEEK_REFERENCE_DIR), &error);
        QVERIFY2(!files.isEmpty(), qPrintable(error));
        const QString repo = u"deepseek-ai/"_s + best.variantName;
        for (const QString &file : QDir(files).entryList(QDir::Files)) {
            QFile in(files + u'/' + file);
            QVERIFY(in.open(QIODevice::ReadOnly));
            hub.addFile(repo, file, in.readAll(), file.endsWith(u".safetensors"_s));
        }
        welcome->setSource(hub.endpoint().toString());
        qInfo("recommended %s %s; the hub is ready after %.1f s", qPrintable(best.variantName), qPrintable(best.quantization),
              clock.elapsed() / 1000.0);

        auto *install = find<QPushButton>(*app, u"welcomeInstallButton"_s);
        QVERIFY(install->isEnabled());
        QTest::mouseClick(install, Qt::LeftButton);
        QVERIFY(!install->isEnabled());
        QVERIFY(find<QProgressBar>(*app, u"welcomeProgress"_s)->isVisible());
        QVERIFY(find<QPushButton>(*app, u"welcomeCancelButton"_s)->isVisible());
        // Done: the chat, with the model loading, then ready, and the input focused.
        QTRY_VERIFY_WITH_TIMEOUT(!app->mainWindow().showsWelcome(), 120000);
        QCOMPARE(app->mainWindow().currentPage(), ui::MainWindow::Page::Chat);
        qInfo("installed after %.1f s", clock.elapsed() / 1000.0);
        const auto installed = store::ModelStore(app->settings().modelDirectory()).scan();
        QCOMPARE(installed.size(), 1);
        QCOMPARE(installed.first().name, best.variantName);
        QTRY_COMPARE_WITH_TIMEOUT(app->chatEngine().state(), chat::ChatEngine::State::Ready, 60000);
        QCOMPARE(app->chatEngine().modelPath(), installed.first().ggufPath);
        qInfo("loaded after %.1f s", clock.elapsed() / 1000.0);
        auto *input = find<QPlainTextEdit>(*app, u"chatInput"_s);
        QTRY_VERIFY(input->hasFocus());
        // The first answer (short: random weights never stop by themselves).
        chat::ChatSettings settings = app->chatSession().settings();
        settings.maxTokens = 24;
        app->chatSession().setSettings(settings);
        QTest::keyClicks(input, u"Hello"_s);
        QTest::keyClick(input, Qt::Key_Return);
        QTRY_COMPARE(app->chatSession().messages().size(), 2);
        QTRY_VERIFY_WITH_TIMEOUT(!app->chatSession().busy(), 60000);
        const chat::Message answer = app->chatSession().messages().last();
        QCOMPARE(answer.state, chat::Message::State::Complete);
        QVERIFY(answer.tokens > 0);
        qInfo("answered (%d tokens) after %.1f s", answer.tokens, clock.elapsed() / 1000.0);
    }

    void pauseResumeCancel()
    {
        const auto app = startApp(u"pause"_s);
        auto *welcome = find<ui::WelcomePage>(*app, u"welcomePage"_s);
        QTRY_VERIFY_WITH_TIMEOUT(welcome->hasRecommendation(), 20000);
        const catalog::Candidate best = *welcome->recommendation().best;
        // A hub that sends slowly, so that there is time to pause.
        tests::FakeHub hub;
        QString error;
        const QString files = tests::writeR1ChatModel(m_dir.filePath(u"hub-model-2"_s), QStringLiteral(DESKSEEK_REFERENCE_DIR), &error);
        QVERIFY2(!files.isEmpty(), qPrintable(error));
        for (const QString &file : QDir(files).entryList(QDir::Files)) {
            QFile in(files + u'/' + file);
            QVERIFY(in.open(QIODevice::ReadOnly));
            hub.addFile(u"deepseek-ai/"_s + best.variantName, file, in.readAll(), file.endsWith(u".safetensors"_s));
        }
        hub.bytesPerSecond = 200 << 10;
        welcome->setSource(hub.endpoint().toString());
        QTest::mouseClick(find<QPushButton>(*app, u"welcomeInstallButton"_s), Qt::LeftButton);
        auto *pause = find<QPushButton>(*app, u"welcomePauseButton"_s);
        QTRY_VERIFY(pause->isVisible());
        QCOMPARE(pause->text(), u"Pause"_s);
        QTest::mouseClick(pause, Qt::LeftButton);
        QTRY_COMPARE(app->installs().state(), store::InstallService::State::Paused);
        QTRY_COMPARE(pause->text(), u"Resume"_s);
        QVERIFY(app->mainWindow().showsWelcome());
        QTest::mouseClick(pause, Qt::LeftButton);
        QTRY_COMPARE(app->installs().state(), store::InstallService::State::Running);
        QTest::mouseClick(find<QPushButton>(*app, u"welcomeCancelButton"_s), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(app->installs().state(), store::InstallService::State::Idle, 20000);
        QTRY_VERIFY(find<QPushButton>(*app, u"welcomeInstallButton"_s)->isEnabled());
        QVERIFY(app->mainWindow().showsWelcome()); // nothing installed: still the first-start screen
        QVERIFY(store::ModelStore(app->settings().modelDirectory()).scan().isEmpty());
    }
};

QTEST_MAIN(TestFirstStart)
#include "tst_firststart.moc"
