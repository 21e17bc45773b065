// server_screenshots: Settings → Server and the tray menu of the real Application, with its API
// server running and a model answering a request, in English and in Simplified Chinese, saved as
// PNG files. Run it under a real X server:
//   xvfb-run -a -s "-screen 0 1280x900x24" build/tests/server_screenshots OUTPUT_FOLDER

#include "tools/processevents.h"
#include "application.h"
#include "fixtures/chatmodelfixture.h"
#include "mainwindow.h"
#include "serving/modelhost.h"
#include "settings/appsettings.h"
#include "trayicon.h"

#include <QApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QGroupBox>
#include <QMenu>
#include <QScrollArea>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTemporaryDir>

#include <cstdio>

using namespace Qt::StringLiterals;
using namespace deskseek;

namespace {

bool shoot(const QString &language, const QString &folder, const QString &model, QTemporaryDir &dir)
{
    auto settings = std::make_unique<settings::AppSettings>(dir.filePath(u"settings-%1.ini"_s.arg(language)));
    settings->setLanguage(language);
    settings->setModelDirectory(dir.filePath(u"models"_s));
    auto server = settings->server();
    QTcpServer probe; // the default port, unless a DeskSeek already running holds it
    if (!probe.listen(QHostAddress::LocalHost, quint16(settings::ServerSettings::kDefaultPort)))
        probe.listen(QHostAddress::LocalHost);
    server.port = probe.serverPort();
    probe.close();
    server.corsOrigins = {u"https://chat.example.com"_s};
    settings->setServer(server);
    app::Application application(std::move(settings));
    application.start();
    application.mainWindow().resize(1100, 860);
    // A model answering one request, as the tray menu shows it.
    application.modelHost().addModel(u"DeepSeek-R1-Distill-Qwen-1.5B"_s, model);
    const auto acquired = application.modelHost().acquire(u"DeepSeek-R1-Distill-Qwen-1.5B"_s);
    if (!acquired.runner) {
        std::fprintf(stderr, "%s\n", qPrintable(acquired.message));
        return false;
    }
    serving::GenerationJob job;
    job.prompt = {1, 2, 3, 4};
    job.options.maxTokens = 100000;
    job.options.stopAtEos = false;
    const auto stop = job.cancel;
    acquired.runner->submit(std::move(job));

    application.mainWindow().showPage(ui::MainWindow::Page::Settings);
    tests::processEventsFor(1500);
    auto *group = application.mainWindow().findChild<QGroupBox *>(u"serverGroup"_s);
    auto *scroll = application.mainWindow().findChild<QScrollArea *>(u"settingsScroll"_s);
    scroll->ensureWidgetVisible(group, 0, 0);
    tests::processEventsFor(300);
    const bool page = application.mainWindow().grab().save(QDir(folder).filePath(u"settings-server-%1.png"_s.arg(language)));

    QMenu *menu = application.trayIcon().menu();
    menu->popup(QPoint(200, 200));
    tests::processEventsFor(600);
    const bool tray = menu->grab().save(QDir(folder).filePath(u"tray-menu-%1.png"_s.arg(language)));
    menu->hide();
    stop->store(true);
    acquired.runner->waitUntilIdle(std::chrono::seconds(5));
    return page && tray;
}

} // namespace

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QStandardPaths::setTestModeEnabled(true);
    QApplication::setApplicationName(u"DeskSeek"_s);
    QApplication::setOrganizationName(u"DeskSeek"_s);
    QApplication::setQuitOnLastWindowClosed(false);
    if (argc != 2) {
        std::fprintf(stderr, "usage: server_screenshots OUTPUT_FOLDER\n");
        return 2;
    }
    const QString folder = QString::fromLocal8Bit(argv[1]);
    QDir().mkpath(folder);
    QTemporaryDir dir;
    QString error;
    const QString model = tests::writeR1ChatModel(dir.filePath(u"model"_s), QStringLiteral(DESKSEEK_REFERENCE_DIR), &error);
    if (model.isEmpty()) {
        std::fprintf(stderr, "%s\n", qPrintable(error));
        return 1;
    }
    for (const QString &language : {u"en"_s, u"zh_CN"_s})
        if (!shoot(language, folder, model, dir))
            return 1;
    return 0;
}
