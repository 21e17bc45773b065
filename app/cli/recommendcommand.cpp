// deskseek-cli recommend: which DeepSeek model and quantization suit this computer.

#include "cli/cli.h"

#include "catalog/catalog.h"
#include "catalog/recommender.h"
#include "hardware/hardwaredetector.h"
#include "i18n/translations.h"
#include "settings/appsettings.h"
#include "settings/cpubandwidth.h"

#include <QCommandLineParser>
#include <QJsonDocument>
#include <QTextStream>

using namespace Qt::StringLiterals;

namespace deskseek::app {

int Cli::runRecommend(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(tr("Recommend the DeepSeek model and quantization that run best on this computer."));
    parser.addHelpOption();
    const QCommandLineOption json(u"json"_s, tr("Print JSON instead of text"));
    const QCommandLineOption context(u"ctx"_s, tr("Context length in tokens (default 8192)"), tr("tokens"), u"8192"_s);
    const QCommandLineOption bandwidth(u"bandwidth"_s,
                                       tr("The CPU's memory bandwidth in GB/s (default: measured once and remembered)"),
                                       tr("GB/s"));
    parser.addOption(json);
    parser.addOption(context);
    parser.addOption(bandwidth);
    if (const auto exit = parseArguments(parser, arguments))
        return *exit;
    bool ok = false;
    const int tokens = parser.value(context).toInt(&ok);
    if (!ok || tokens < 256 || tokens > 1048576 || !parser.positionalArguments().isEmpty()) {
        m_err << tr("Usage: deskseek-cli recommend [--json] [--ctx N] (N from 256 to 1048576)") << u"\n"_s;
        return UsageError;
    }
    QString error;
    const catalog::Catalog models = catalog::Catalog::load(QStringLiteral(":/catalog/catalog.json"), &error);
    if (models.variants().isEmpty()) {
        m_err << error << u"\n"_s;
        return Failure;
    }
    hardware::HardwareDetector detector;
    const hardware::HardwareReport report = detector.detect(m_settings.modelDirectory());
    catalog::RecommendationOptions options;
    options.contextLength = tokens;
    if (parser.isSet(bandwidth)) {
        options.cpuBandwidthGBs = parser.value(bandwidth).toDouble(&ok);
        if (!ok || options.cpuBandwidthGBs <= 0) {
            m_err << tr("--bandwidth needs a number of GB/s, for example 25.") << u"\n"_s;
            return UsageError;
        }
    } else {
        const hardware::SystemPaths paths = hardware::SystemPaths::fromEnvironment();
        if (settings::cpuBandwidthNeedsMeasuring(m_settings, paths))
            m_err << tr("Measuring how fast this computer reads memory (once)...") << u"\n"_s;
        options.cpuBandwidthGBs = settings::cpuBandwidthForEstimates(m_settings, paths);
        if (options.cpuBandwidthGBs <= 0)
            m_err << tr("The computer was busy, so its memory speed is estimated; it is measured again next time.") << u"\n"_s;
    }
    options.measuredSpeeds = m_settings.measuredSpeeds();
    options.language = i18n::Translations::resolve(m_settings.language());
    const catalog::Recommendation recommendation = catalog::Recommender(models).recommend(report, options);
    if (parser.isSet(json)) {
        QJsonObject object = recommendation.toJson();
        object.insert(u"hardware"_s, report.summary());
        m_out << QJsonDocument(object).toJson(QJsonDocument::Indented);
        return Success;
    }
    m_out << report.summary() << u"\n\n"_s << recommendation.explanation << u"\n"_s;
    if (recommendation.best) {
        const catalog::ModelVariant *variant = models.find(recommendation.best->variantId);
        if (variant)
            m_out << variant->description(options.language) << u"\n"_s;
        m_out << u"\n"_s << tr("Alternatives:") << u"\n"_s;
        for (const catalog::Candidate &candidate : recommendation.alternatives.mid(1, 6)) {
            m_out << u"  %1 %2 — %3, %4 tok/s\n"_s.arg(candidate.variantName, candidate.quantization.toUpper(),
                                                    catalog::placementName(candidate.placement))
                         .arg(candidate.tokensPerSecond, 0, 'f', 0);
        }
    }
    m_out << u"\n"_s << tr("Larger models:") << u"\n"_s;
    for (const QString &line : recommendation.largeModels)
        m_out << u"  "_s << line << u"\n"_s;
    return Success;
}

} // namespace deskseek::app
