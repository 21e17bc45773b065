// deskseek-cli: DeskSeek's command line.

#include "cli/cli.h"
#include "i18n/translations.h"
#include "settings/appsettings.h"
#include "version.h"

#include <QCoreApplication>
#include <QTextStream>

#include <csignal>
#include <cstdio>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    // A file-size limit (ulimit -f) makes writes fail with EFBIG, reported like a full disk,
    // instead of killing the program.
    std::signal(SIGXFSZ, SIG_IGN);
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
