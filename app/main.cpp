// The DeskSeek desktop application.

#include "application.h"
#include "settings/appsettings.h"
#include "singleinstance.h"
#include "version.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QIcon>

using namespace Qt::StringLiterals;

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(QString::fromLatin1(deskseek::kApplicationName));
    QApplication::setOrganizationName(QString::fromLatin1(deskseek::kOrganizationName));
    QApplication::setOrganizationDomain(QString::fromLatin1(deskseek::kOrganizationDomain));
    QApplication::setApplicationVersion(QString::fromLatin1(deskseek::kVersion));
    QApplication::setDesktopFileName(u"deskseek"_s);
    QApplication::setWindowIcon(QIcon(u":/icons/deskseek.svg"_s));
    // Application decides when to quit: a hidden main window (tray) or a closed dialog must not.
    QApplication::setQuitOnLastWindowClosed(false);

    QCommandLineParser parser;
    parser.setApplicationDescription(u"DeskSeek: DeepSeek models on your own computer."_s);
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption background(u"background"_s,
                                        u"Start in the tray, without the window (as when started at login)"_s);
    parser.addOption(background);
    parser.process(app);

    deskseek::app::SingleInstance instance(deskseek::app::SingleInstance::defaultKey());
    if (!instance.claim()) {
        // DeskSeek already runs for this user: bring its window forward instead.
        if (instance.notifyPrimary(app.arguments()))
            return 0;
        qWarning("DeskSeek is already running but does not answer; starting anyway.");
    }

    deskseek::app::Application deskseek(std::make_unique<deskseek::settings::AppSettings>());
    QObject::connect(&instance, &deskseek::app::SingleInstance::activated, &deskseek,
                     [&deskseek](const QStringList &) {
                         qInfo("Activated by another launch of DeskSeek.");
                         deskseek.activate();
                     });
    QObject::connect(&deskseek, &deskseek::app::Application::quitRequested, &app,
                     &QApplication::quit, Qt::QueuedConnection);
    deskseek.start(parser.isSet(background));
    qInfo("DeskSeek is ready.");
    return app.exec();
}
