// deskseek-cli: DeskSeek's command line.

#include "cli/cli.h"
#include "i18n/translations.h"
#include "settings/appsettings.h"
#include "version.h"

#include <QCoreApplication>
#include <QTextStream>

#include <cstdio>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QString::fromLatin1(deskseek::kApplicationName));
    QCoreApplication::setOrganizationName(QString::fromLatin1(deskseek::kOrganizationName));
    QCoreApplication::setOrganizationDomain(QString::fromLatin1(deskseek::kOrganizationDomain));
    QCoreApplication::setApplicationVersion(QString::fromLatin1(deskseek::kVersion));

    deskseek::settings::AppSettings settings;
    deskseek::i18n::Translations translations;
    translations.apply(settings.language());

    QTextStream out(stdout);
    QTextStream err(stderr);
    deskseek::app::Cli cli(settings, out, err);
    return cli.run(QCoreApplication::arguments());
}
