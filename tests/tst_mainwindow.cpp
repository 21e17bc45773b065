// The GUI shell off screen, built by the real Application: the window, navigation, the tray
// menu, close-to-tray, settings and switching the language at run time.

#include "aboutdialog.h"
#include "application.h"
#include "engine/gguf/ggufconverter.h"
#include "fixtures/chatmodelfixture.h"
#include "server/localserver.h"
#include "serving/modelhost.h"
#include "settings/autostart.h"
#include "i18n/translations.h"
#include "mainwindow.h"
#include "pages/settingspage.h"
#include "settings/appsettings.h"
#include "trayicon.h"

#include <httplib.h>

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMessageBox>
#include <QProcess>
#include <QStatusBar>
#include <QTimer>
#include <QTcpServer>
#include <QCheckBox>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMenu>
#include <QMenuBar>
#include <QPushButton>
#include <QSignalSpy>
#include <QStackedWidget>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QSpinBox>
#include <QTest>

using namespace Qt::StringLiterals;
using deskseek::app::Application;
using deskseek::settings::AppSettings;
using deskseek::ui::MainWindow;

class TestMainWindow : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    std::unique_ptr<Application> m_app;

    QString iniFile() const { return m_dir.filePath(u"settings.ini"_s); }
    MainWindow &window() { return m_app->mainWindow(); }
    template <typename T> T *find(const QString &name)
    {
        T *child = window().findChild<T *>(name);
        if (!child)
            qWarning("no child named %s", qPrintable(name));
        return child;
    }
    // The status of GET path on the app's API server (0: no answer).
    int httpStatus(const QString &path, const httplib::Headers &headers = {})
    {
        httplib::Client client("127.0.0.1", m_port);
        client.set_connection_timeout(2, 0);
        const auto result = client.Get(path.toStdString(), headers);
        return result ? result->status : 0;
    }
    // Clicks the default button of the next message box (a confirmation).
    static void acceptNextMessageBox()
    {
        QTimer::singleShot(0, [] {
            if (auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget()))
                box->button(QMessageBox::Yes)->click();
        });
    }
    static int freePort()
    {
        QTcpServer probe;
        probe.listen(QHostAddress::LocalHost);
        return probe.serverPort();
    }
    int m_port = 0;

    QString currentPageName() { return find<QStackedWidget>(u"pages"_s)->currentWidget()->objectName(); }
    QString navText(int row) { return find<QListWidget>(u"navigation"_s)->item(row)->text(); }
    void selectLanguage(const QString &code)
    {
        auto *combo = find<QComboBox>(u"languageCombo"_s);
        const int index = combo->findData(code);
        QVERIFY(index >= 0);
        combo->setCurrentIndex(index);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setApplicationName(u"DeskSeek"_s);
        QCoreApplication::setOrganizationName(u"DeskSeek"_s);
        QApplication::setQuitOnLastWindowClosed(false); // as main() does
        QVERIFY(m_dir.isValid());
    }

    void init()
    {
        QFile::remove(iniFile());
        auto settings = std::make_unique<AppSettings>(iniFile());
        settings->setLanguage(u"en"_s);
        // The server on a port of its own (not 11435, which a DeskSeek of the user may hold).
        auto server = settings->server();
        server.port = m_port = freePort();
        settings->setServer(server);
        m_app = std::make_unique<Application>(std::move(settings));
        m_app->start();
        QVERIFY(QTest::qWaitForWindowActive(&window()));
    }

    void cleanup() { m_app.reset(); }

    void windowShows()
    {
        QVERIFY(window().isVisible());
        QCOMPARE(window().windowTitle(), u"DeskSeek"_s);
        QCOMPARE(window().currentPage(), MainWindow::Page::Chat);
        QCOMPARE(find<QListWidget>(u"navigation"_s)->count(), 4);
        QCOMPARE(navText(0), u"Chat"_s);
        QCOMPARE(navText(3), u"Settings"_s);
        // No model installed: the first-start screen, with its one button; behind it the chat
        // page's honest empty state.
        QVERIFY(window().showsWelcome());
        QCOMPARE(find<QPushButton>(u"welcomeInstallButton"_s)->text(), u"Install and start chatting"_s);
        QVERIFY(find<QPushButton>(u"welcomeOtherButton"_s)->isVisible());
        auto *chat = find<QWidget>(u"chatPage"_s);
        QCOMPARE(chat->findChild<QLabel *>(u"emptyStateTitle"_s)->text(), u"No model installed yet"_s);
    }

    void navigation_data()
    {
        QTest::addColumn<int>("row");
        QTest::addColumn<QString>("page");
        QTest::newRow("chat") << 0 << u"chatArea"_s; // the first-start screen or the chat
        QTest::newRow("models") << 1 << u"modelsPage"_s;
        QTest::newRow("monitor") << 2 << u"monitorPage"_s;
        QTest::newRow("settings") << 3 << u"settingsPage"_s;
    }

    void navigation()
    {
        QFETCH(int, row);
        QFETCH(QString, page);
        // By clicking the sidebar...
        auto *nav = find<QListWidget>(u"navigation"_s);
        const QRect rect = nav->visualItemRect(nav->item(row));
        QTest::mouseClick(nav->viewport(), Qt::LeftButton, {}, rect.center());
        QCOMPARE(currentPageName(), page);
        // ...and by its keyboard shortcut, Ctrl+1..4, from another page.
        window().showPage(row == 0 ? MainWindow::Page::Settings : MainWindow::Page::Chat);
        QVERIFY(currentPageName() != page);
        QTest::keyClick(&window(), Qt::Key(Qt::Key_1 + row), Qt::ControlModifier);
        QCOMPARE(currentPageName(), page);
        QCOMPARE(nav->currentRow(), row);
    }

    void emptyStateButtonsNavigate()
    {
        auto *chat = find<QWidget>(u"chatPage"_s);
        chat->findChild<QPushButton *>(u"emptyStateAction"_s)->click(); // behind the first-start screen here
        QCOMPARE(currentPageName(), u"modelsPage"_s);
        auto *models = find<QWidget>(u"modelsPage"_s);
        // The Models page names the storage folder and offers to change it.
        QVERIFY(models->findChild<QLabel *>(u"emptyStateBody"_s)
                    ->text()
                    .contains(QDir::toNativeSeparators(m_app->settings().modelDirectory())));
        QTest::mouseClick(models->findChild<QPushButton *>(u"emptyStateAction"_s), Qt::LeftButton);
        QCOMPARE(currentPageName(), u"settingsPage"_s);
    }

    void trayMenu()
    {
        QMenu *menu = m_app->trayIcon().menu();
        QVERIFY(menu);
        auto *show = menu->findChild<QAction *>(u"trayShowAction"_s);
        auto *quit = menu->findChild<QAction *>(u"trayQuitAction"_s);
        QVERIFY(show && quit);
        QCOMPARE(show->text(), u"&Open DeskSeek"_s);
        QCOMPARE(quit->text(), u"&Quit"_s);
        // The server: its address (a click copies it), the model, the requests, pause.
        const QString address = u"http://127.0.0.1:%1"_s.arg(m_port);
        auto *addressAction = menu->findChild<QAction *>(u"trayAddressAction"_s);
        QCOMPARE(addressAction->text(), u"Server: %1 (click to copy)"_s.arg(address));
        addressAction->trigger();
        QCOMPARE(QApplication::clipboard()->text(), address);
        QCOMPARE(menu->findChild<QAction *>(u"trayModelAction"_s)->text(), u"No model loaded"_s);
        QCOMPARE(menu->findChild<QAction *>(u"trayRequestsAction"_s)->text(), u"Requests: 0 running, 0 waiting"_s);
        QCOMPARE(httpStatus(u"/api/version"_s), 200);
        auto *pause = menu->findChild<QAction *>(u"trayPauseAction"_s);
        QCOMPARE(pause->text(), u"&Pause server"_s);
        pause->trigger();
        QCOMPARE(pause->text(), u"&Resume server"_s);
        QCOMPARE(addressAction->text(), u"Server: paused"_s);
        QCOMPARE(httpStatus(u"/api/version"_s), 0);
        pause->trigger();
        QCOMPARE(httpStatus(u"/api/version"_s), 200);
        QCOMPARE(addressAction->text(), u"Server: %1 (click to copy)"_s.arg(address));

        window().hide();
        QVERIFY(!window().isVisible());
        show->trigger();
        QVERIFY(window().isVisible());

        QSignalSpy quitRequested(m_app.get(), &Application::quitRequested);
        quit->trigger();
        QCOMPARE(quitRequested.count(), 1);
    }

    void closeToTray()
    {
        QSignalSpy quitRequested(m_app.get(), &Application::quitRequested);
        QSignalSpy hidden(&window(), &MainWindow::hiddenToTray);
        // Off screen there is no tray: closing minimizes the window while the server answers,
        // and says so.
        QVERIFY(m_app->settings().closeToTray());
        QCOMPARE(window().closeToTray(), deskseek::app::TrayIcon::isAvailable());
        QVERIFY(window().minimizeOnClose());
        QVERIFY(!window().close());
        QVERIFY(window().isMinimized());
        QVERIFY(window().statusBar()->currentMessage().contains(u"still running"_s));
        QCOMPARE(quitRequested.count(), 0);
        QCOMPARE(httpStatus(u"/health"_s), 200);
        // With the server off, closing quits.
        auto server = m_app->settings().server();
        server.enabled = false;
        m_app->settings().setServer(server);
        QVERIFY(!window().minimizeOnClose());
        window().bringToFront();
        QVERIFY(window().close());
        QCOMPARE(quitRequested.count(), 1);
        server.enabled = true;
        m_app->settings().setServer(server);

        // Where a tray exists, closing hides the window and DeskSeek keeps running.
        window().bringToFront();
        window().setCloseToTray(true);
        QVERIFY(!window().close());
        QVERIFY(!window().isVisible());
        QCOMPARE(hidden.count(), 1);
        QCOMPARE(quitRequested.count(), 1);
        QCOMPARE(httpStatus(u"/health"_s), 200); // the server still answers
        QVERIFY(!m_app->settings().windowGeometry().isEmpty()); // geometry saved on close
    }

    void quitShortcut()
    {
        QSignalSpy quitRequested(m_app.get(), &Application::quitRequested);
        QTest::keyClick(&window(), Qt::Key_Q, Qt::ControlModifier);
        QCOMPARE(quitRequested.count(), 1);
    }

    void settingsRoundTrip()
    {
        window().showPage(MainWindow::Page::Settings);
        auto *tray = find<QCheckBox>(u"closeToTrayCheck"_s);
        QVERIFY(tray->isChecked());
        tray->click();
        QCOMPARE(m_app->settings().closeToTray(), false);

        auto *page = find<deskseek::ui::SettingsPage>(u"settingsPage"_s);
        const QString folder = m_dir.filePath(u"models here"_s);
        QVERIFY(page->chooseModelDirectory(folder));
        QCOMPARE(find<QLineEdit>(u"modelDirEdit"_s)->text(), QDir::toNativeSeparators(folder));
        QVERIFY(find<QLabel>(u"modelDirStatus"_s)->text().contains(u"free on this drive"_s));

        // A folder that cannot be used is refused with a reason, and the old one stays.
        QVERIFY(!page->chooseModelDirectory(u"relative/path"_s));
        QVERIFY(find<QLabel>(u"modelDirStatus"_s)->text().startsWith(u"Choose a complete folder path"_s));
        QCOMPARE(m_app->settings().modelDirectory(), folder);

        // Typing a folder and leaving the field stores it too.
        auto *edit = find<QLineEdit>(u"modelDirEdit"_s);
        const QString typed = m_dir.filePath(u"typed"_s);
        edit->setText(typed);
        QMetaObject::invokeMethod(edit, "editingFinished");
        QCOMPARE(m_app->settings().modelDirectory(), typed);

        // The download proxy and the Hugging Face token.
        auto *proxy = find<QLineEdit>(u"proxyEdit"_s);
        proxy->setText(u" http://127.0.0.1:7890 "_s);
        QMetaObject::invokeMethod(proxy, "editingFinished");
        QCOMPARE(m_app->settings().downloadProxy(), u"http://127.0.0.1:7890"_s);
        auto *token = find<QLineEdit>(u"tokenEdit"_s);
        QCOMPARE(token->echoMode(), QLineEdit::PasswordEchoOnEdit);
        token->setText(u"hf_secret"_s);
        QMetaObject::invokeMethod(token, "editingFinished");
        auto *connections = find<QSpinBox>(u"connectionsSpin"_s);
        QCOMPARE(connections->value(), 4);
        connections->setValue(6);

        m_app.reset(); // saves
        AppSettings reread(iniFile());
        QCOMPARE(reread.closeToTray(), false);
        QCOMPARE(reread.modelDirectory(), typed);
        QCOMPARE(reread.language(), u"en"_s);
        QCOMPARE(reread.downloadProxy(), u"http://127.0.0.1:7890"_s);
        QCOMPARE(reread.huggingFaceToken(), u"hf_secret"_s);
        QCOMPARE(reread.downloadConnections(), 6);
    }

    // The tray's server, with the window closed, answers the official openai and ollama clients
    // with an installed model (a GGUF in the model folder).
    void trayServerAnswersOfficialClients()
    {
        QString error;
        const QString hf = deskseek::tests::writeR1ChatModel(m_dir.filePath(u"r1-hf"_s), QStringLiteral(DESKSEEK_REFERENCE_DIR), &error);
        QVERIFY2(!hf.isEmpty(), qPrintable(error));
        const QString models = m_dir.filePath(u"installed"_s);
        QVERIFY(QDir().mkpath(models + u"/r1-test"_s));
        const auto files = deskseek::engine::model::ModelFiles::open(hf.toStdString());
        QVERIFY(files.ok());
        QVERIFY(deskseek::engine::gguf::convertToGguf(files.value(), (models + u"/r1-test/r1-test-F16.gguf"_s).toStdString(),
                                                      deskseek::engine::model::DType::F16)
                    .ok());
        m_app->settings().setModelDirectory(models);
        window().setCloseToTray(true);
        QVERIFY(!window().close());
        QVERIFY(!window().isVisible());

        QProcess node;
        node.setWorkingDirectory(QStringLiteral(DESKSEEK_REFERENCE_DIR));
        node.start(QStringLiteral(DESKSEEK_NODE),
                   {u"api_clients.mjs"_s, m_app->localServer().address(), u"r1-test"_s});
        QVERIFY(node.waitForFinished(120000));
        QVERIFY2(node.exitCode() == 0, node.readAllStandardError().constData());
        const QJsonObject out = QJsonDocument::fromJson(node.readAllStandardOutput()).object();
        QCOMPARE(out[u"models"_s].toArray(), QJsonArray{u"r1-test"_s});
        QCOMPARE(out[u"ollamaList"_s].toArray(), QJsonArray{u"r1-test"_s});
        QCOMPARE(out[u"whole"_s][u"usage"_s][u"completion_tokens"_s].toInt(), 12);
        QCOMPARE(out[u"stream"_s][u"reasoning"_s], out[u"whole"_s][u"reasoning"_s]);
        QCOMPARE(out[u"ollamaChat"_s][u"thinking"_s], out[u"whole"_s][u"reasoning"_s]);
        QCOMPARE(out[u"generate"_s][u"evalCount"_s].toInt(), 8);
        // The tray menu names the model the clients loaded.
        QTRY_COMPARE(m_app->trayIcon().menu()->findChild<QAction *>(u"trayModelAction"_s)->text(), u"Model: r1-test"_s);
    }

    void searchSettingsRoundTrip()
    {
        window().showPage(MainWindow::Page::Settings);
        auto *list = find<QListWidget>(u"searchProviderList"_s);
        QVERIFY(list);
        // English UI, no keys: DuckDuckGo alone is on, first; the others are listed, off.
        QCOMPARE(list->count(), 7);
        QCOMPARE(list->item(0)->text(), u"DuckDuckGo"_s);
        QCOMPARE(list->item(0)->checkState(), Qt::Checked);
        for (int i = 1; i < list->count(); ++i)
            QCOMPARE(list->item(i)->checkState(), Qt::Unchecked);
        // A Brave key: Brave joins the default order, before DuckDuckGo; kept out of the settings file.
        auto *brave = find<QLineEdit>(u"braveKeyEdit"_s);
        QCOMPARE(brave->echoMode(), QLineEdit::PasswordEchoOnEdit);
        brave->setText(u"BSA-secret"_s);
        QMetaObject::invokeMethod(brave, "editingFinished");
        QCOMPARE(m_app->settings().searchKey(u"brave"_s), u"BSA-secret"_s);
        QCOMPARE(m_app->settings().effectiveSearchProviders(), (QStringList{u"brave"_s, u"duckduckgo"_s}));
        QCOMPARE(list->item(0)->text(), u"Brave Search"_s);
        m_app->settings().sync();
        QFile ini(iniFile());
        QVERIFY(ini.open(QIODevice::ReadOnly));
        QVERIFY(!ini.readAll().contains("BSA-secret"));
        // Bing on, moved to the top: the user's own order from now on.
        QListWidgetItem *bing = list->findItems(u"Bing"_s, Qt::MatchExactly).first();
        bing->setCheckState(Qt::Checked);
        list->setCurrentItem(bing);
        while (list->currentRow() > 0)
            find<QPushButton>(u"searchUpButton"_s)->click();
        QCOMPARE(m_app->settings().search().customOrder, true);
        QCOMPARE(m_app->settings().effectiveSearchProviders(), (QStringList{u"bing"_s, u"brave"_s, u"duckduckgo"_s}));
        // SearXNG's address, results and pages.
        auto *searxng = find<QLineEdit>(u"searxngUrlEdit"_s);
        searxng->setText(u"http://127.0.0.1:8888 "_s);
        QMetaObject::invokeMethod(searxng, "editingFinished");
        QCOMPARE(m_app->settings().search().searxngUrl, u"http://127.0.0.1:8888"_s);
        find<QSpinBox>(u"searchResultsSpin"_s)->setValue(8);
        find<QSpinBox>(u"searchPagesSpin"_s)->setValue(4);
        QCOMPARE(m_app->settings().search().results, 8);
        QCOMPARE(m_app->settings().search().pages, 4);
        // Back to the default order.
        find<QPushButton>(u"searchDefaultOrderButton"_s)->click();
        QCOMPARE(m_app->settings().search().customOrder, false);
        QCOMPARE(m_app->settings().effectiveSearchProviders(), (QStringList{u"brave"_s, u"searxng"_s, u"duckduckgo"_s}));
        QCOMPARE(list->item(2)->text(), u"DuckDuckGo"_s);
        brave->clear();
        QMetaObject::invokeMethod(brave, "editingFinished");
        QVERIFY(m_app->settings().searchKey(u"brave"_s).isEmpty());
    }

    void serverSettingsRoundTrip()
    {
        window().showPage(MainWindow::Page::Settings);
        auto *status = find<QLabel>(u"serverStatus"_s);
        QVERIFY2(status->text().startsWith(u"Running at http://127.0.0.1:%1"_s.arg(m_port)), qPrintable(status->text()));
        QVERIFY(find<QCheckBox>(u"serverEnabledCheck"_s)->isChecked());

        // Another port: the server moves there.
        const int port = freePort();
        auto *portSpin = find<QSpinBox>(u"serverPortSpin"_s);
        QCOMPARE(portSpin->value(), m_port);
        portSpin->setValue(port);
        QMetaObject::invokeMethod(portSpin, "editingFinished");
        QCOMPARE(m_app->settings().server().port, port);
        const int oldPort = m_port;
        m_port = port;
        QCOMPARE(httpStatus(u"/health"_s), 200);
        QVERIFY(status->text().contains(u":%1"_s.arg(port)));
        m_port = oldPort;
        QCOMPARE(httpStatus(u"/health"_s), 0);
        m_port = port;

        // The models' settings: saved, and the server keeps running.
        find<QSpinBox>(u"parallelSpin"_s)->setValue(2);
        find<QSpinBox>(u"idleUnloadSpin"_s)->setValue(0);
        QCOMPARE(find<QSpinBox>(u"idleUnloadSpin"_s)->text(), u"Never"_s);
        find<QSpinBox>(u"maxModelsSpin"_s)->setValue(2);
        auto *context = find<QSpinBox>(u"serverContextSpin"_s);
        QCOMPARE(context->value(), 8192);
        context->setValue(16384);
        QMetaObject::invokeMethod(context, "editingFinished");
        auto *perAnswer = find<QCheckBox>(u"contextPerAnswerCheck"_s);
        QVERIFY(!perAnswer->isChecked()); // shared by default
        perAnswer->click();
        QVERIFY(m_app->settings().server().contextPerAnswer);
        QVERIFY(!m_app->modelHost().options().sharedContext);
        QCOMPARE(m_app->modelHost().options().contextLength, 16384);
        auto *cors = find<QLineEdit>(u"corsOriginsEdit"_s);
        cors->setText(u"https://chat.example.com, https://other.example"_s);
        QMetaObject::invokeMethod(cors, "editingFinished");
        QCOMPARE(httpStatus(u"/v1/models"_s, {{"Origin", "https://chat.example.com"}}), 200);
        QCOMPARE(httpStatus(u"/v1/models"_s, {{"Origin", "https://evil.example"}}), 403);

        // The local network, after a warning, with the API key.
        auto *key = find<QLineEdit>(u"serverKeyEdit"_s);
        QVERIFY(key->text().isEmpty());
        acceptNextMessageBox();
        find<QCheckBox>(u"localNetworkCheck"_s)->click();
        QVERIFY(m_app->settings().server().localNetwork);
        QVERIFY(key->text().startsWith(u"sk-deskseek-"_s));
        QCOMPARE(key->echoMode(), QLineEdit::Password);
        find<QPushButton>(u"serverKeyShow"_s)->click();
        QCOMPARE(key->echoMode(), QLineEdit::Normal);
        find<QPushButton>(u"serverKeyCopy"_s)->click();
        QCOMPARE(QApplication::clipboard()->text(), key->text());
        const std::string bearer = "Bearer " + key->text().toStdString();
        QCOMPARE(httpStatus(u"/v1/models"_s), 401);
        QCOMPARE(httpStatus(u"/v1/models"_s, {{"Authorization", bearer}}), 200);
        // A new key: the old one stops working.
        acceptNextMessageBox();
        find<QPushButton>(u"serverKeyRegenerate"_s)->click();
        QVERIFY(!key->text().isEmpty() && "Bearer " + key->text().toStdString() != bearer);
        QCOMPARE(httpStatus(u"/v1/models"_s, {{"Authorization", bearer}}), 401);
        QCOMPARE(httpStatus(u"/v1/models"_s, {{"x-api-key", key->text().toStdString()}}), 200);
        const QString finalKey = key->text();
        // The key is not in the settings file; its own file is the user's alone.
        QFile ini(iniFile());
        m_app->settings().sync();
        QVERIFY(ini.open(QIODevice::ReadOnly));
        QVERIFY(!ini.readAll().contains(finalKey.toUtf8()));
        QCOMPARE(QFile(m_app->settings().serverKeyFileName()).permissions() & (QFileDevice::ReadGroup | QFileDevice::ReadOther),
                 QFileDevice::Permissions());

        // Turning the server off.
        find<QCheckBox>(u"serverEnabledCheck"_s)->click();
        QCOMPARE(httpStatus(u"/health"_s), 0);
        QVERIFY(status->text().startsWith(u"Off"_s));

        m_app.reset();
        AppSettings reread(iniFile());
        const auto server = reread.server();
        QCOMPARE(server.port, port);
        QCOMPARE(server.parallel, 2);
        QCOMPARE(server.idleUnloadMinutes, 0);
        QCOMPARE(server.maxLoadedModels, 2);
        QCOMPARE(server.contextLength, 16384);
        QVERIFY(server.contextPerAnswer);
        QCOMPARE(server.corsOrigins, (QStringList{u"https://chat.example.com"_s, u"https://other.example"_s}));
        QVERIFY(server.localNetwork);
        QVERIFY(!server.enabled);
        QCOMPARE(reread.serverApiKey(), finalKey);
    }

    void autostart()
    {
        window().showPage(MainWindow::Page::Settings);
        const QString entry = deskseek::settings::Autostart::desktopEntryPath();
        QVERIFY2(entry.endsWith(u"/autostart/deskseek.desktop"_s), qPrintable(entry));
        QFile::remove(entry);
        auto *check = find<QCheckBox>(u"autostartCheck"_s);
        QVERIFY(!check->isChecked());
        check->click();
        QFile file(entry);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray text = file.readAll();
        QVERIFY(text.startsWith("[Desktop Entry]\n"));
        QVERIFY2(text.contains("Exec=\"" + QApplication::applicationFilePath().toUtf8() + "\" --background\n"), text.constData());
        QVERIFY(deskseek::settings::Autostart::isEnabled());
        check->click();
        QVERIFY(!QFile::exists(entry));
        QVERIFY(!deskseek::settings::Autostart::isEnabled());
    }

    void switchLanguageAtRunTime()
    {
        window().showPage(MainWindow::Page::Settings);
        QCOMPARE(navText(0), u"Chat"_s);
        selectLanguage(u"zh_CN"_s);
        QCOMPARE(m_app->settings().language(), u"zh_CN"_s);
        QCOMPARE(m_app->translations().current(), u"zh_CN"_s);
        // Widgets retranslate on the (posted) LanguageChange event.
        QTRY_COMPARE(navText(0), u"聊天"_s);
        QCOMPARE(navText(1), u"模型"_s);
        QCOMPARE(navText(2), u"监控"_s);
        QCOMPARE(navText(3), u"设置"_s);
        QCOMPARE(window().menuBar()->actions().first()->text(), u"文件(&F)"_s);
        QTRY_COMPARE(m_app->trayIcon().menu()->findChild<QAction *>(u"trayQuitAction"_s)->text(),
                     u"退出(&Q)"_s);
        auto *chat = find<QWidget>(u"chatPage"_s);
        QCOMPARE(chat->findChild<QLabel *>(u"emptyStateTitle"_s)->text(), u"尚未安装模型"_s);
        QCOMPARE(QLocale().name(), u"zh_CN"_s);

        selectLanguage(u"en"_s);
        QTRY_COMPARE(navText(0), u"Chat"_s);
        QCOMPARE(window().menuBar()->actions().first()->text(), u"&File"_s);
    }

    void startsInTheSavedLanguage()
    {
        m_app.reset();
        {
            AppSettings settings(iniFile());
            settings.setLanguage(u"zh_CN"_s);
        }
        m_app = std::make_unique<Application>(std::make_unique<AppSettings>(iniFile()));
        m_app->start();
        QCOMPARE(navText(0), u"聊天"_s);
        QCOMPARE(find<QComboBox>(u"languageCombo"_s)->currentData().toString(), u"zh_CN"_s);
        m_app->settings().setLanguage(u"system"_s); // C.UTF-8 in the test: English
        QTRY_COMPARE(navText(0), u"Chat"_s);
    }

    void aboutDialog()
    {
        window().findChild<QAction *>(u"aboutAction"_s)->trigger();
        auto *about = window().findChild<QDialog *>(u"aboutDialog"_s);
        QVERIFY(about);
        QVERIFY(QTest::qWaitForWindowExposed(about));
        const QString build = about->findChild<QLabel *>(u"aboutBuild"_s)->text();
        QVERIFY2(build.contains(u"libtorch "_s), qPrintable(build));
        QVERIFY2(build.contains(QString::fromLatin1(qVersion())), qPrintable(build));
        QCOMPARE(build, deskseek::ui::AboutDialog::buildDescription());
        about->close();
    }
};

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
