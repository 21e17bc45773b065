// welcome_screenshots: the first-start screen on a CPU-only machine with 24 GiB (a fake /proc),
// before the click and while its install runs (from a local hub sending slowly), in English and
// in Simplified Chinese, saved as PNG files. Under a real X server:
//   xvfb-run -a -s "-screen 0 1280x900x24" build/tests/welcome_screenshots OUTPUT_FOLDER

#include "tools/processevents.h"
#include "fixtures/chatmodelfixture.h"
#include "fixtures/fakehub.h"
#include "fixtures/fakemachine.h"

#include "hardware/memorybandwidth.h"
#include "i18n/translations.h"
#include "pages/welcomepage.h"
#include "settings/appsettings.h"
#include "store/installservice.h"

#include <QApplication>
#include <QDir>
#include <QFile>
#include <QPushButton>
#include <QTemporaryDir>

#include <cstdio>

using namespace Qt::StringLiterals;
using namespace deskseek;

namespace {

bool shoot(const QString &language, const QString &folder, QTemporaryDir &dir, const QString &hubModel)
{
    i18n::Translations translations;
    translations.apply(language);
    settings::AppSettings settings(dir.filePath(u"settings-%1.ini"_s.arg(language)));
    settings.setLanguage(language);
    settings.setModelDirectory(dir.filePath(u"models-%1"_s.arg(language)));
    settings.setCpuBandwidthGBs(20, hardware::bandwidthFingerprint(hardware::SystemPaths::fromEnvironment()));
    store::InstallService installs;
    ui::WelcomePage page(settings, &installs);
    page.resize(1000, 700);
    page.show();
    tests::waitUntil([&] { return page.hasRecommendation(); }, 20000);
    tests::processEventsFor(300);
    bool ok = page.grab().save(folder + u"/first-start-%1.png"_s.arg(language));

    tests::FakeHub hub;
    for (const QString &file : QDir(hubModel).entryList(QDir::Files)) {
        QFile in(hubModel + u'/' + file);
        if (in.open(QIODevice::ReadOnly))
            hub.addFile(u"deepseek-ai/"_s + page.recommendation().best->variantName, file, in.readAll(),
                        file.endsWith(u".safetensors"_s));
    }
    hub.bytesPerSecond = 1 << 20;
    page.setSource(hub.endpoint().toString());
    page.findChild<QPushButton *>(u"welcomeInstallButton"_s)->click();
    tests::processEventsFor(2500);
    ok = page.grab().save(folder + u"/first-start-installing-%1.png"_s.arg(language)) && ok;
    installs.cancel();
    tests::waitUntil([&] { return installs.state() == store::InstallService::State::Idle; }, 20000);
    return ok;
}

} // namespace

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    if (argc != 2) {
        std::fprintf(stderr, "usage: welcome_screenshots OUTPUT_FOLDER\n");
        return 2;
    }
    const QString folder = QString::fromLocal8Bit(argv[1]);
    QDir().mkpath(folder);
    QTemporaryDir dir;
    tests::FakeMachine::write(dir.path(), u"none"_s);
    QStringList environment;
    tests::FakeMachine::addToEnvironment(environment, dir.path(), u"none"_s, QString());
    for (const QString &entry : std::as_const(environment))
        qputenv(entry.section(u'=', 0, 0).toLatin1(), entry.section(u'=', 1).toUtf8());
    QString error;
    const QString model = tests::writeR1ChatModel(dir.filePath(u"hub-model"_s), QStringLiteral(DESKSEEK_REFERENCE_DIR), &error);
    if (model.isEmpty()) {
        std::fprintf(stderr, "%s\n", qPrintable(error));
        return 1;
    }
    bool ok = true;
    for (const QString &language : {u"en"_s, u"zh_CN"_s}) {
        ok = shoot(language, folder, dir, model) && ok;
        std::printf("%s/first-start-%s.png\n%s/first-start-installing-%s.png\n", qPrintable(folder), qPrintable(language),
                    qPrintable(folder), qPrintable(language));
    }
    return ok ? 0 : 1;
}
