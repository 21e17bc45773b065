// The Models page with a real install service against the local hub: an install shows its
// progress and can be paused, resumed and cancelled; installed models are listed and deleted;
// an interrupted install is offered for resuming.

#include "fixtures/fakehub.h"
#include "fixtures/hfmodelfixture.h"

#include "engine/gguf/ggufconverter.h"
#include "engine/model/modelfiles.h"
#include "pages/importdialog.h"
#include "pages/modelspage.h"
#include "settings/appsettings.h"
#include "store/installservice.h"
#include "store/modelstore.h"

#include <QApplication>
#include <QCheckBox>
#include <QCryptographicHash>
#include <QDir>
#include <QScopeGuard>
#include <QFile>
#include <QLabel>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QTreeWidget>

using namespace Qt::StringLiterals;
using namespace deskseek;
using State = store::InstallService::State;

class TestModelsPage : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    tests::FakeHub m_hub;

    store::InstallRequest request(const QString &repo)
    {
        store::InstallRequest request;
        request.modelDirectory = m_dir.filePath(u"models"_s);
        request.sources = {{download::HubSource::custom(m_hub.endpoint()), repo}};
        request.quantization = u"q8_0"_s;
        request.attemptsPerSource = 2;
        request.backoffMs = 10;
        return request;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(m_dir.isValid());
        const QString model = m_dir.filePath(u"hub-model"_s);
        tests::HfModelSpec spec;
        spec.layerCount = 1;
        tests::writeHfModel(model.toStdString(), spec, DESKSEEK_REFERENCE_DIR);
        for (const QString &repo : {u"deepseek-ai/Page-One"_s, u"deepseek-ai/Page-Two"_s})
            for (const QString &file : QDir(model).entryList(QDir::Files)) {
                QFile in(model + u'/' + file);
                QVERIFY(in.open(QIODevice::ReadOnly));
                m_hub.addFile(repo, file, in.readAll(), file.endsWith(u".safetensors"_s));
            }
    }

    void installPauseResumeCancelDelete()
    {
        settings::AppSettings settings(m_dir.filePath(u"settings.ini"_s));
        settings.setModelDirectory(m_dir.filePath(u"models"_s));
        store::InstallService installs;
        ui::ModelsPage page(settings, &installs);
        page.resize(900, 600);
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        auto *panel = page.findChild<QWidget *>(u"installPanel"_s);
        auto *bar = page.findChild<QProgressBar *>(u"installProgress"_s);
        auto *title = page.findChild<QLabel *>(u"installTitle"_s);
        auto *status = page.findChild<QLabel *>(u"installStatus"_s);
        auto *pause = page.findChild<QPushButton *>(u"installPauseButton"_s);
        auto *cancel = page.findChild<QPushButton *>(u"installCancelButton"_s);
        auto *list = page.findChild<QTreeWidget *>(u"installedModels"_s);
        QVERIFY(panel && bar && title && status && pause && cancel && list);
        QVERIFY(!panel->isVisible());
        QVERIFY(!list->isVisible()); // nothing installed: the empty state

        // A slow download: progress, speed and time left; pause and resume.
        m_hub.bytesPerSecond = 6 << 20;
        QVERIFY(installs.start(request(u"deepseek-ai/Page-One"_s)));
        QVERIFY(!installs.start(request(u"deepseek-ai/Page-Two"_s))); // one at a time
        QTRY_VERIFY(panel->isVisible());
        QVERIFY(!page.findChild<QLabel *>(u"emptyStateTitle"_s)->isVisible()); // the install shows instead
        QTRY_VERIFY_WITH_TIMEOUT(bar->value() > 50, 30000);
        QVERIFY2(title->text() == u"Installing Page-One"_s, qPrintable(title->text()));
        QVERIFY2(status->text().startsWith(u"Downloading from 127.0.0.1"_s), qPrintable(status->text()));
        QTRY_VERIFY2(status->text().contains(u" left"_s), qPrintable(status->text()));
        QCOMPARE(pause->text(), u"Pause"_s);
        QTest::mouseClick(pause, Qt::LeftButton);
        QTRY_COMPARE(installs.state(), State::Paused);
        QVERIFY2(title->text().contains(u"paused"_s), qPrintable(title->text()));
        QCOMPARE(pause->text(), u"Resume"_s);
        const int paused = bar->value();
        m_hub.bytesPerSecond = 0;
        QTest::mouseClick(pause, Qt::LeftButton);
        QTRY_COMPARE(installs.state(), State::Running);
        QTRY_COMPARE_WITH_TIMEOUT(installs.state(), State::Idle, 60000);
        QVERIFY(bar->value() >= paused);
        QTRY_COMPARE(list->topLevelItemCount(), 1);
        QVERIFY(list->isVisible());
        QCOMPARE(list->topLevelItem(0)->text(0), u"Page-One"_s);
        QCOMPARE(list->topLevelItem(0)->text(1), u"Q8_0"_s);
        QVERIFY(!panel->isVisible());
        QVERIFY2(page.findChild<QLabel *>(u"modelsUsage"_s)->text().startsWith(u"Installed: 1 · "_s),
                 qPrintable(page.findChild<QLabel *>(u"modelsUsage"_s)->text()));

        // Cancel: the unfinished model leaves nothing behind.
        m_hub.bytesPerSecond = 6 << 20;
        QVERIFY(installs.start(request(u"deepseek-ai/Page-Two"_s)));
        QTRY_VERIFY_WITH_TIMEOUT(bar->value() > 20, 30000);
        QTest::mouseClick(cancel, Qt::LeftButton);
        QTRY_COMPARE(installs.state(), State::Idle);
        QVERIFY(!QFileInfo::exists(m_dir.filePath(u"models/Page-Two"_s)));
        QCOMPARE(list->topLevelItemCount(), 1);
        QVERIFY(!panel->isVisible());
        m_hub.bytesPerSecond = 0;

        // Cancelling another install into the folder of an installed model keeps that model.
        m_hub.bytesPerSecond = 6 << 20;
        store::InstallRequest again = request(u"deepseek-ai/Page-One"_s);
        again.quantization = u"q4_0"_s;
        QVERIFY(installs.start(again));
        QTRY_VERIFY_WITH_TIMEOUT(bar->value() > 20, 30000);
        QTest::mouseClick(cancel, Qt::LeftButton);
        QTRY_COMPARE(installs.state(), State::Idle);
        m_hub.bytesPerSecond = 0;
        QVERIFY(QFileInfo::exists(m_dir.filePath(u"models/Page-One/Page-One-Q8_0.gguf"_s)));
        QVERIFY(!QFileInfo::exists(m_dir.filePath(u"models/Page-One/source"_s)));
        QTRY_COMPARE(list->topLevelItemCount(), 1);

        // Delete, after a confirmation.
        list->setCurrentItem(list->topLevelItem(0));
        auto *remove = page.findChild<QPushButton *>(u"deleteModelButton"_s);
        QVERIFY(remove->isEnabled());
        QTimer::singleShot(0, this, [] {
            QTRY_VERIFY(QApplication::activeModalWidget());
            auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget());
            QVERIFY(box && box->objectName() == u"deleteModelQuestion"_s);
            box->button(QMessageBox::Yes)->click();
        });
        QTest::mouseClick(remove, Qt::LeftButton);
        QTRY_COMPARE(list->topLevelItemCount(), 0);
        QVERIFY(!QFileInfo::exists(m_dir.filePath(u"models/Page-One"_s)));
    }

    // Models → "Add models from this computer…": the dialog finds the models in a fake Ollama
    // store and LM Studio folder of the test's home (off the GUI thread), says which it cannot
    // run and why, adds the checked ones in place; deleting one keeps its file unless asked.
    void importsModelsFromThisComputer()
    {
        const QString home = m_dir.filePath(u"import-home"_s);
        const QByteArray oldHome = qgetenv("HOME");
        qputenv("HOME", home.toUtf8());
        const auto restore = qScopeGuard([&] { qputenv("HOME", oldHome); });
        const auto hf = engine::model::ModelFiles::openFolder(m_dir.filePath(u"hub-model"_s).toStdString());
        QVERIFY(hf.ok());
        const QString gguf = m_dir.filePath(u"import.gguf"_s);
        QVERIFY(engine::gguf::convertToGguf(hf.value(), gguf.toStdString(), engine::model::DType::Q8_0));
        QFile source(gguf);
        QVERIFY(source.open(QIODevice::ReadOnly));
        const QByteArray bytes = source.readAll();
        const auto write = [](const QString &path, const QByteArray &content) {
            QDir().mkpath(QFileInfo(path).path());
            QFile file(path);
            return file.open(QIODevice::WriteOnly) && file.write(content) == content.size();
        };
        const QString digest = QString::fromLatin1(QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex());
        QVERIFY(write(home + u"/.ollama/models/blobs/sha256-"_s + digest, bytes));
        QVERIFY(write(home + u"/.ollama/models/manifests/registry.ollama.ai/library/deepseek-r1/tiny"_s,
                      R"({"layers":[{"mediaType":"application/vnd.ollama.image.model","digest":"sha256:)" + digest.toLatin1()
                          + R"("}]})"));
        const QString lmFile = home + u"/.lmstudio/models/someone/Tiny-GGUF/Tiny-Q8_0.gguf"_s;
        QVERIFY(write(lmFile, bytes));
        QByteArray other = bytes;
        other.replace(other.indexOf("qwen2"), 5, "mamba");
        QVERIFY(write(home + u"/.lmstudio/models/someone/Other-GGUF/Other-Q8_0.gguf"_s, other));

        settings::AppSettings settings(m_dir.filePath(u"import-settings.ini"_s));
        settings.setModelDirectory(m_dir.filePath(u"import-models"_s));
        ui::ModelsPage page(settings, nullptr);
        page.resize(900, 600);
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        QTest::mouseClick(page.findChild<QPushButton *>(u"importModelsButton"_s), Qt::LeftButton);
        auto *dialog = page.findChild<ui::ImportDialog *>();
        QVERIFY(dialog);
        QTRY_VERIFY_WITH_TIMEOUT(!dialog->isSearching(), 30000);
        auto *candidates = dialog->findChild<QTreeWidget *>(u"importCandidates"_s);
        QCOMPARE(candidates->topLevelItemCount(), 3);
        int checkable = 0;
        for (int i = 0; i < candidates->topLevelItemCount(); ++i) {
            QTreeWidgetItem *item = candidates->topLevelItem(i);
            if (item->flags() & Qt::ItemIsUserCheckable) {
                ++checkable;
                QCOMPARE(item->checkState(0), Qt::Checked);
                QCOMPARE(item->text(5), u"Can run"_s);
            } else {
                QVERIFY2(item->text(5).startsWith(u"Cannot run"_s) && item->text(5).contains(u"mamba"_s),
                         qPrintable(item->text(5)));
            }
        }
        QCOMPARE(checkable, 2);
        auto *add = dialog->findChild<QPushButton *>(u"importAddButton"_s);
        QCOMPARE(add->text(), u"Add selected (2)"_s);
        QTest::mouseClick(add, Qt::LeftButton);
        auto *list = page.findChild<QTreeWidget *>(u"installedModels"_s);
        QTRY_COMPARE(list->topLevelItemCount(), 2);
        for (int i = 0; i < 2; ++i)
            QVERIFY2(list->topLevelItem(i)->text(3).contains(u"stays in place"_s), qPrintable(list->topLevelItem(i)->text(3)));

        // Deleting the LM Studio one, with "Also delete the file" checked: the file goes too.
        for (int i = 0; i < list->topLevelItemCount(); ++i)
            if (list->topLevelItem(i)->text(0) == u"Tiny-Q8_0"_s)
                list->setCurrentItem(list->topLevelItem(i));
        QCOMPARE(list->currentItem()->text(0), u"Tiny-Q8_0"_s);
        QTimer::singleShot(0, this, [] {
            QTRY_VERIFY(QApplication::activeModalWidget());
            auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget());
            QVERIFY(box && box->objectName() == u"removeImportedQuestion"_s);
            QVERIFY(box->checkBox());
            box->checkBox()->setChecked(true);
            box->button(QMessageBox::Yes)->click();
        });
        QTest::mouseClick(page.findChild<QPushButton *>(u"deleteModelButton"_s), Qt::LeftButton);
        QTRY_COMPARE(list->topLevelItemCount(), 1);
        QVERIFY(!QFileInfo::exists(lmFile));
        // The Ollama one: forgotten, its blob kept (there is no "delete the file" for it).
        list->setCurrentItem(list->topLevelItem(0));
        QTimer::singleShot(0, this, [] {
            QTRY_VERIFY(QApplication::activeModalWidget());
            auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget());
            QVERIFY(box && box->objectName() == u"removeImportedQuestion"_s);
            QVERIFY(!box->checkBox());
            box->button(QMessageBox::Yes)->click();
        });
        QTest::mouseClick(page.findChild<QPushButton *>(u"deleteModelButton"_s), Qt::LeftButton);
        QTRY_COMPARE(list->topLevelItemCount(), 0);
        QVERIFY(QFileInfo::exists(home + u"/.ollama/models/blobs/sha256-"_s + digest));
    }

    void resumesAnInterruptedInstall()
    {
        // An install stopped (as if DeskSeek had been closed) leaves its journal.
        m_hub.bytesPerSecond = 8 << 20;
        const auto stopped = store::ModelInstaller().install(request(u"deepseek-ai/Page-Two"_s),
                                                             [](const store::InstallProgress &p) { return p.bytesDone < (4 << 20); });
        QCOMPARE(stopped.error, store::InstallResult::Error::Cancelled);
        m_hub.bytesPerSecond = 0;
        settings::AppSettings settings(m_dir.filePath(u"settings.ini"_s));
        settings.setModelDirectory(m_dir.filePath(u"models"_s));
        store::InstallService installs;
        ui::ModelsPage page(settings, &installs);
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        auto *title = page.findChild<QLabel *>(u"installTitle"_s);
        QVERIFY2(title->isVisible() && title->text().contains(u"Page-Two was interrupted"_s), qPrintable(title->text()));
        QTest::mouseClick(page.findChild<QPushButton *>(u"installPauseButton"_s), Qt::LeftButton);
        QTRY_COMPARE(installs.state(), State::Running);
        QSignalSpy finished(&installs, &store::InstallService::finished);
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 60000);
        const auto result = finished.first().first().value<store::InstallResult>();
        QVERIFY2(result.ok(), qPrintable(result.message));
        QVERIFY(result.downloadedBytes > 0);
        QTRY_COMPARE(page.findChild<QTreeWidget *>(u"installedModels"_s)->topLevelItemCount(), 1);
    }

    // An install that fails says why, keeps what it downloaded and offers to resume.
    void showsWhyAnInstallFailed()
    {
        settings::AppSettings settings(m_dir.filePath(u"settings.ini"_s));
        settings.setModelDirectory(m_dir.filePath(u"failing"_s));
        store::InstallService installs;
        ui::ModelsPage page(settings, &installs);
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        store::InstallRequest failing = request(u"deepseek-ai/Page-One"_s);
        failing.modelDirectory = m_dir.filePath(u"failing"_s);
        m_hub.failures503 = 1000; // the listing works, every file answers 503
        QVERIFY(installs.start(failing));
        QTRY_COMPARE_WITH_TIMEOUT(installs.state(), State::Running, 5000);
        QTRY_COMPARE_WITH_TIMEOUT(installs.state(), State::Idle, 30000);
        m_hub.failures503 = 0;
        auto *title = page.findChild<QLabel *>(u"installTitle"_s);
        auto *status = page.findChild<QLabel *>(u"installStatus"_s);
        QTRY_VERIFY(title->isVisible());
        QVERIFY2(title->text().contains(u"Page-One was interrupted"_s), qPrintable(title->text()));
        QVERIFY2(status->text().contains(u"503"_s) && status->text().contains(u"Resume"_s), qPrintable(status->text()));
        QTest::mouseClick(page.findChild<QPushButton *>(u"installPauseButton"_s), Qt::LeftButton); // Resume
        QTRY_COMPARE_WITH_TIMEOUT(page.findChild<QTreeWidget *>(u"installedModels"_s)->topLevelItemCount(), 1, 30000);
    }
};

QTEST_MAIN(TestModelsPage)
#include "tst_modelspage.moc"
