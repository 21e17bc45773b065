#pragma once

#include <QCoreApplication>
#include <QStringList>

#include <functional>
#include <optional>

class QCommandLineParser;
class QTextStream;

namespace deskseek::settings {
class AppSettings;
}

namespace deskseek::app {

// deskseek-cli: global options (--help, --version) and a subcommand with its own options.
// Exit codes: 0 success, 1 the command failed, 2 the command line was wrong.
class Cli
{
    Q_DECLARE_TR_FUNCTIONS(Cli)

public:
    enum ExitCode { Success = 0, Failure = 1, UsageError = 2 };

    Cli(settings::AppSettings &settings, QTextStream &out, QTextStream &err);

    int run(const QStringList &arguments);

private:
    struct Command
    {
        QString name;
        QString summary;
        std::function<int(const QStringList &arguments)> run;
    };

    QList<Command> commands();
    QString helpText();
    QString versionText() const;
    // Parses a command's arguments: returns an exit code when the command should end here (a
    // usage error, already reported, or --help, already printed), nothing when it should run.
    std::optional<int> parseArguments(QCommandLineParser &parser, const QStringList &arguments);

    int runInfo(const QStringList &arguments);
    int runQuantize(const QStringList &arguments); // quantizecommand.cpp
    int runTokenize(const QStringList &arguments); // tokenizecommand.cpp
    int runDetect(const QStringList &arguments);   // detectcommand.cpp
    int runRecommend(const QStringList &arguments); // recommendcommand.cpp
    int runPull(const QStringList &arguments);      // pullcommand.cpp
    int runList(const QStringList &arguments);      // storecommands.cpp
    int runRemove(const QStringList &arguments);    // storecommands.cpp
    int runRun(const QStringList &arguments);       // runcommand.cpp
    int runBench(const QStringList &arguments);     // benchcommand.cpp
    int runLogits(const QStringList &arguments);    // logitscommand.cpp
    int runQuality(const QStringList &arguments);   // qualitycommand.cpp
    int runImport(const QStringList &arguments);    // importcommand.cpp
    int runServe(const QStringList &arguments);     // servecommand.cpp
    int runSearch(const QStringList &arguments);    // searchcommand.cpp

    settings::AppSettings &m_settings;
    QTextStream &m_out;
    QTextStream &m_err;
};

} // namespace deskseek::app
