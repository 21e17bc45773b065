// The GUI shell off screen, built by the real Application: the window, navigation, the tray
// menu, close-to-tray, settings and switching the language at run time.

#include "aboutdialog.h"
#include "application.h"
#include "i18n/translations.h"
#include "mainwindow.h"
#include "pages/settingspage.h"
#include "settings/appsettings.h"
#include "trayicon.h"

#include <QAction>
#include <QApplication>
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
        // The chat page's honest empty state.
        auto *chat = find<QWidget>(u"chatPage"_s);
        QCOMPARE(chat->findChild<QLabel *>(u"emptyStateTitle"_s)->text(), u"No model installed yet"_s);
    }

    void navigation_data()
    {
        QTest::addColumn<int>("row");
        QTest::addColumn<QString>("page");
        QTest::newRow("chat") << 0 << u"chatPage"_s;
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
        QTest::mouseClick(chat->findChild<QPushButton *>(u"emptyStateAction"_s), Qt::LeftButton);
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
        QCOMPARE(show->text(), u"&Show DeskSeek"_s);
        QCOMPARE(quit->text(), u"&Quit"_s);

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
        // Off screen there is no tray: closing quits, whatever the setting says.
        QVERIFY(m_app->settings().closeToTray());
        QCOMPARE(window().closeToTray(), deskseek::app::TrayIcon::isAvailable());
        window().setCloseToTray(false);
        QVERIFY(window().close());
        QCOMPARE(quitRequested.count(), 1);

        // Where a tray exists, closing hides the window and DeskSeek keeps running.
        window().bringToFront();
        window().setCloseToTray(true);
        QVERIFY(!window().close());
        QVERIFY(!window().isVisible());
        QCOMPARE(hidden.count(), 1);
        QCOMPARE(quitRequested.count(), 1);
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
