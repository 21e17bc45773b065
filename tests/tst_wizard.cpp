// The model wizard walks through all its pages on every fake machine: what it shows on each
// page, the choice it defaults to, the source by language, and the folder check.

#include "fixtures/fakehub.h"
#include "fixtures/fakemachine.h"
#include "fixtures/hfmodelfixture.h"

#include "catalog/catalog.h"
#include "hardware/hardwaredetector.h"
#include "settings/appsettings.h"
#include "store/installservice.h"
#include "store/modelstore.h"
#include "wizard/modelwizard.h"

#include <QAbstractButton>
#include <QDir>
#include <QFile>
#include <QProgressBar>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QRadioButton>
#include <QStandardPaths>
#include <QStorageInfo>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeWidget>

using namespace Qt::StringLiterals;
using namespace deskseek;

class TestWizard : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;

    hardware::HardwareReport detect(const QString &profile, const QString &folder)
    {
        hardware::HardwareDetector detector(
            tests::FakeMachine::paths(m_dir.path(), profile, QString::fromUtf8(DESKSEEK_FAKE_NVML)));
        return detector.detect(folder);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(m_dir.isValid());
        for (const QString &profile : tests::FakeMachine::profiles())
            QVERIFY(tests::FakeMachine::write(m_dir.path(), profile));
    }

    void walksThrough_data()
    {
        QTest::addColumn<QString>("profile");
        QTest::addColumn<QString>("language");
        QTest::addColumn<QString>("firstItem");   // the hardware page's first line
        QTest::addColumn<QString>("recommended"); // the variant's name
        QTest::addColumn<QString>("placement");
        QTest::addColumn<QString>("source");
        // Without a usable GPU the mixture of experts (2.4B of its 15.7B parameters per token) decodes
        // fast enough on the CPU where the dense 7B and 8B models do not.
        QTest::newRow("no GPU") << u"none"_s << u"en"_s << u"No graphics card"_s << u"DeepSeek-Coder-V2-Lite-Instruct"_s << u"cpu"_s << u"huggingface"_s;
        QTest::newRow("NVIDIA 8 GB") << u"nvidia8"_s << u"en"_s << u"NVIDIA GeForce RTX 4060"_s << u"DeepSeek-R1-0528-Qwen3-8B"_s << u"gpu"_s << u"huggingface"_s;
        QTest::newRow("NVIDIA 24 GB, Chinese") << u"nvidia24"_s << u"zh_CN"_s << u"NVIDIA GeForce RTX 4090"_s << u"DeepSeek-R1-Distill-Qwen-32B"_s << u"gpu"_s << u"hf-mirror"_s;
        QTest::newRow("two GPUs") << u"two"_s << u"en"_s << u"NVIDIA GeForce RTX 3090"_s << u"DeepSeek-R1-Distill-Qwen-32B"_s << u"gpu"_s << u"huggingface"_s;
        QTest::newRow("AMD 16 GB") << u"amd16"_s << u"en"_s << u"AMD Radeon RX 6800 XT"_s << u"DeepSeek-Coder-V2-Lite-Instruct"_s << u"cpu"_s << u"huggingface"_s;
        QTest::newRow("NVML failing") << u"nvmlfail"_s << u"en"_s << u"No graphics card"_s << u"DeepSeek-Coder-V2-Lite-Instruct"_s << u"cpu"_s << u"huggingface"_s;
    }

    void walksThrough()
    {
        QFETCH(QString, profile);
        QFETCH(QString, language);
        QFETCH(QString, firstItem);
        QFETCH(QString, recommended);
        QFETCH(QString, placement);
        QFETCH(QString, source);
        settings::AppSettings settings(m_dir.filePath(profile + u".ini"_s));
        settings.setLanguage(language);
        const QString folder = m_dir.filePath(profile + u"-models"_s);
        settings.setModelDirectory(folder);
        settings.setCpuBandwidthGBs(20); // as if measured: the picks must not depend on the test machine
        QString error;
        catalog::Catalog models = catalog::Catalog::load(u":/catalog/catalog.json"_s, &error);
        QVERIFY2(!models.variants().isEmpty(), qPrintable(error));
        ui::ModelWizard wizard(settings, std::move(models), detect(profile, folder));
        wizard.show();
        QVERIFY(QTest::qWaitForWindowExposed(&wizard));

        // 1. Hardware.
        QCOMPARE(wizard.currentId(), int(ui::ModelWizard::HardwarePageId));
        auto *list = wizard.findChild<QListWidget *>(u"hardwareList"_s);
        QVERIFY(list->count() >= 4);
        QVERIFY2(list->item(0)->text().startsWith(firstItem), qPrintable(list->item(0)->text()));
        QVERIFY(!list->item(0)->icon().isNull());
        if (profile == u"nvmlfail"_s)
            QVERIFY(wizard.findChild<QLabel *>(u"hardwareNote"_s)->text().contains(u"Driver Not Loaded"_s));
        wizard.next();

        // 2. Recommendation: the recommended model first and selected, with fit badges.
        QCOMPARE(wizard.currentId(), int(ui::ModelWizard::RecommendationPageId));
        auto *table = wizard.findChild<QTreeWidget *>(u"candidateTable"_s);
        QVERIFY(table->topLevelItemCount() >= 15);
        QCOMPARE(table->topLevelItem(0)->text(0), recommended);
        QCOMPARE(table->currentItem(), table->topLevelItem(0));
        QCOMPARE(table->topLevelItem(0)->data(2, Qt::UserRole).toString(), placement);
        QSet<QString> badges;
        for (int i = 0; i < table->topLevelItemCount(); ++i)
            badges.insert(table->topLevelItem(i)->data(2, Qt::UserRole).toString());
        QVERIFY2(badges.contains(u"too-large"_s), "the 70B model at BF16 does not fit anywhere here");
        QVERIFY(wizard.findChild<QLabel *>(u"recommendedLabel"_s)->text().contains(recommended));
        QVERIFY(!wizard.findChild<QLabel *>(u"diskLabel"_s)->text().isEmpty());
        QCOMPARE(wizard.chosen().variantName, recommended);
        // A row that does not fit cannot be chosen; another one can.
        const int last = table->topLevelItemCount() - 1;
        QCOMPARE(table->topLevelItem(last)->data(2, Qt::UserRole).toString(), u"too-large"_s);
        QVERIFY(!(table->topLevelItem(last)->flags() & Qt::ItemIsSelectable));
        table->setCurrentItem(table->topLevelItem(1));
        QCOMPARE(wizard.chosen().variantName, table->topLevelItem(1)->text(0));
        QVERIFY(wizard.button(QWizard::NextButton)->isEnabled());
        table->setCurrentItem(table->topLevelItem(0));
        wizard.next();

        // 3. Source (a mirror by default in Chinese) and folder.
        QCOMPARE(wizard.currentId(), int(ui::ModelWizard::SourcePageId));
        QCOMPARE(wizard.source(), source);
        const auto *checked = source == u"hf-mirror"_s ? wizard.findChild<QRadioButton *>(u"sourceHfMirror"_s)
                                                        : wizard.findChild<QRadioButton *>(u"sourceHuggingFace"_s);
        QVERIFY(checked->isChecked());
        auto *folderEdit = wizard.findChild<QLineEdit *>(u"folderEdit"_s);
        QCOMPARE(QDir::fromNativeSeparators(folderEdit->text()), folder);
        // The folder's drive must hold the download and the model file: on this test machine's
        // disk a large pick may not fit, and then the page says so and a smaller model is chosen.
        QString chosenName = recommended;
        const bool room = QStorageInfo(folder).bytesAvailable() >= wizard.chosen().diskNeededBytes;
        QCOMPARE(wizard.button(QWizard::NextButton)->isEnabled(), room);
        if (!room) {
            QVERIFY(wizard.findChild<QLabel *>(u"folderStatus"_s)->text().startsWith(u"Only "_s));
            wizard.back();
            for (int i = 0; i < table->topLevelItemCount(); ++i) {
                if (table->topLevelItem(i)->text(0) == u"DeepSeek-R1-Distill-Qwen-1.5B"_s && table->topLevelItem(i)->text(1) == u"Q4_0"_s)
                    table->setCurrentItem(table->topLevelItem(i));
            }
            chosenName = u"DeepSeek-R1-Distill-Qwen-1.5B"_s;
            wizard.next();
            QVERIFY(wizard.button(QWizard::NextButton)->isEnabled());
        }
        // A folder that cannot be made is refused with a message.
        folderEdit->setText(u"/proc/deskseek-cannot-be-here"_s);
        QMetaObject::invokeMethod(folderEdit, "editingFinished");
        QVERIFY(!wizard.button(QWizard::NextButton)->isEnabled());
        QVERIFY(!wizard.findChild<QLabel *>(u"folderStatus"_s)->text().isEmpty());
        folderEdit->setText(folder);
        QMetaObject::invokeMethod(folderEdit, "editingFinished");
        QVERIFY(wizard.button(QWizard::NextButton)->isEnabled());
        wizard.findChild<QRadioButton *>(u"sourceModelScope"_s)->setChecked(true);
        QCOMPARE(wizard.source(), u"modelscope"_s);
        wizard.next();

        // 4. Summary.
        QCOMPARE(wizard.currentId(), int(ui::ModelWizard::SummaryPageId));
        const QString summary = wizard.findChild<QLabel *>(u"summaryLabel"_s)->text();
        // A ready-made file of the chosen quantization where the catalog knows one (the first
        // publisher on ModelScope, or on another hub when none is there), the original otherwise.
        const QString readyFrom = wizard.chosen().readyMadeFrom;
        if (readyFrom.isEmpty())
            QVERIFY2(summary.contains(chosenName) && summary.contains(u"ModelScope: deepseek-ai/"_s + chosenName), qPrintable(summary));
        else // unsloth's on ModelScope; bartowski's on Hugging Face for the models unsloth does not publish there
            QVERIFY2(summary.contains(u"Ready-made file from"_s)
                         && (summary.contains(u"ModelScope: unsloth/"_s) || summary.contains(u"Hugging Face: bartowski/"_s + chosenName + u"-GGUF"_s)),
                     qPrintable(summary));
        const bool onModelScope = summary.contains(u"ModelScope: unsloth/"_s);
        QVERIFY(summary.contains(QDir::toNativeSeparators(folder)));
        QVERIFY(wizard.button(QWizard::FinishButton)->isVisible());
        // Finishing installs the choice: ModelScope first, the other hubs as fallbacks.
        const auto install = wizard.installRequest();
        QVERIFY(install);
        QCOMPARE(install->name, chosenName);
        QCOMPARE(install->modelDirectory, folder);
        QCOMPARE(install->quantization, wizard.chosen().quantization.toLower());
        QCOMPARE(install->readyMade.isEmpty(), readyFrom.isEmpty());
        if (!readyFrom.isEmpty()) {
            // On ModelScope where a publisher is there (unsloth), on Hugging Face otherwise.
            QCOMPARE(install->readyMade[0].hub.name(), onModelScope ? u"modelscope"_s : u"huggingface"_s);
            QVERIFY(install->readyMade[0].file.endsWith(u".gguf"_s));
        }
        QCOMPARE(install->sources.size(), 3);
        QCOMPARE(install->sources[0].hub.name(), u"modelscope"_s);
        QCOMPARE(install->sources[0].repo, u"deepseek-ai/"_s + chosenName);
        QCOMPARE(install->sources[1].hub.name(), u"huggingface"_s);
        QCOMPARE(install->sources[2].hub.name(), u"hf-mirror"_s);
        wizard.accept();
        QCOMPARE(wizard.result(), int(QDialog::Accepted));
        QCOMPARE(wizard.folder(), folder);
    }

    // With an install service the wizard ends with the download: here from a hub given by URL
    // (the local test hub, serving a small model under the 1.5B's repository name).
    void downloadsTheChoice()
    {
        tests::FakeHub hub;
        const QString model = m_dir.filePath(u"hub-model"_s);
        tests::HfModelSpec spec;
        spec.layerCount = 1;
        tests::writeHfModel(model.toStdString(), spec, DESKSEEK_REFERENCE_DIR);
        for (const QString &file : QDir(model).entryList(QDir::Files)) {
            QFile in(model + u'/' + file);
            QVERIFY(in.open(QIODevice::ReadOnly));
            hub.addFile(u"deepseek-ai/DeepSeek-R1-Distill-Qwen-1.5B"_s, file, in.readAll(), file.endsWith(u".safetensors"_s));
        }
        settings::AppSettings settings(m_dir.filePath(u"download.ini"_s));
        settings.setLanguage(u"en"_s);
        const QString folder = m_dir.filePath(u"download-models"_s);
        settings.setModelDirectory(folder);
        settings.setCpuBandwidthGBs(20);
        QString error;
        catalog::Catalog models = catalog::Catalog::load(u":/catalog/catalog.json"_s, &error);
        store::InstallService installs;
        ui::ModelWizard wizard(settings, std::move(models), detect(u"none"_s, folder), &installs);
        wizard.show();
        QVERIFY(QTest::qWaitForWindowExposed(&wizard));
        wizard.next();
        auto *table = wizard.findChild<QTreeWidget *>(u"candidateTable"_s);
        for (int i = 0; i < table->topLevelItemCount(); ++i)
            if (table->topLevelItem(i)->text(0) == u"DeepSeek-R1-Distill-Qwen-1.5B"_s && table->topLevelItem(i)->text(1) == u"Q4_0"_s)
                table->setCurrentItem(table->topLevelItem(i));
        QCOMPARE(wizard.chosen().variantName, u"DeepSeek-R1-Distill-Qwen-1.5B"_s);
        wizard.next();
        QCOMPARE(wizard.currentId(), int(ui::ModelWizard::SourcePageId));
        auto *custom = wizard.findChild<QRadioButton *>(u"sourceCustom"_s);
        auto *url = wizard.findChild<QLineEdit *>(u"customHubEdit"_s);
        custom->setChecked(true);
        url->setText(u"not a url"_s);
        QVERIFY(!wizard.button(QWizard::NextButton)->isEnabled());
        url->setText(hub.endpoint().toString());
        QCOMPARE(wizard.source(), hub.endpoint().toString());
        QVERIFY(wizard.button(QWizard::NextButton)->isEnabled());
        wizard.next();
        QCOMPARE(wizard.currentId(), int(ui::ModelWizard::SummaryPageId));
        QCOMPARE(wizard.button(QWizard::CommitButton)->text(), ui::ModelWizard::tr("Install"));
        const auto request = wizard.installRequest();
        QVERIFY(request && request->sources.size() == 4); // the hub first, the three known ones after
        QCOMPARE(request->sources.first().hub.endpoint(), hub.endpoint());
        wizard.next();

        // 5. The download, then Finish.
        QCOMPARE(wizard.currentId(), int(ui::ModelWizard::DownloadPageId));
        QVERIFY(!wizard.button(QWizard::FinishButton)->isEnabled());
        QVERIFY(!wizard.button(QWizard::BackButton)->isEnabled() || !wizard.button(QWizard::BackButton)->isVisible());
        QTRY_VERIFY_WITH_TIMEOUT(wizard.button(QWizard::FinishButton)->isEnabled(), 60000);
        QCOMPARE(wizard.findChild<QProgressBar *>(u"downloadProgress"_s)->value(), 1000);
        const QString status = wizard.findChild<QLabel *>(u"downloadStatus"_s)->text();
        QVERIFY2(status.contains(u"is installed"_s) && status.contains(u"Q4_0.gguf"_s), qPrintable(status));
        const auto installed = store::ModelStore(folder).scan();
        QCOMPARE(installed.size(), 1);
        QCOMPARE(installed.first().name, u"DeepSeek-R1-Distill-Qwen-1.5B"_s);
        QCOMPARE(installed.first().quantization, u"Q4_0"_s);
    }
};

QTEST_MAIN(TestWizard)
#include "tst_wizard.moc"
