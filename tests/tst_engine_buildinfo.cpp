// engine::buildInfo(): the libtorch it was built with, the devices and the BLAS it finds.

#include "engine/buildinfo.h"

#include <QFileInfo>
#include <QTest>

using namespace Qt::StringLiterals;
namespace engine = deskseek::engine;

class TestEngineBuildInfo : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void versions()
    {
        const engine::BuildInfo info = engine::buildInfo();
        // The version compiled in is the one CMake found.
        QCOMPARE(QString::fromStdString(info.torchVersion), QStringLiteral(DESKSEEK_TORCH_VERSION));
        QVERIFY(info.cpuThreads >= 1);
        QVERIFY(info.cudaDeviceCount >= 0);
        if (!info.torchHasCuda)
            QCOMPARE(info.cudaDeviceCount, 0);
    }

    void describe_data()
    {
        QTest::addColumn<bool>("cuda");
        QTest::addColumn<int>("devices");
        QTest::addColumn<bool>("kernels");
        QTest::addColumn<QString>("expected");
        QTest::newRow("cpu") << false << 0 << false << u"libtorch 2.5.1 (CPU)"_s;
        QTest::newRow("one gpu") << true << 1 << true << u"libtorch 2.5.1 (CUDA, 1 device), DeskSeek CUDA kernels"_s;
        QTest::newRow("two gpus") << true << 2 << false << u"libtorch 2.5.1 (CUDA, 2 devices)"_s;
    }

    void describe()
    {
        QFETCH(bool, cuda);
        QFETCH(int, devices);
        QFETCH(bool, kernels);
        QFETCH(QString, expected);
        engine::BuildInfo info;
        info.torchVersion = "2.5.1";
        info.torchHasCuda = cuda;
        info.cudaDeviceCount = devices;
        info.cudaCompiled = kernels;
        QCOMPARE(QString::fromStdString(engine::describe(info)), expected);
    }

    void blas()
    {
        const engine::BuildInfo info = engine::buildInfo();
        QVERIFY2(!info.blasBackend.empty(), "no BLAS found");
#ifdef Q_OS_LINUX
        // libtorch links a BLAS; the file it came from is named.
        QVERIFY2(QFileInfo::exists(QString::fromStdString(info.blasLibrary)), info.blasLibrary.c_str());
#endif
        engine::BuildInfo slow;
        slow.blasBackend = "reference BLAS";
        QVERIFY(engine::isSlowBlas(slow));
        slow.blasBackend = "OpenBLAS";
        QVERIFY(!engine::isSlowBlas(slow));
    }
};

QTEST_GUILESS_MAIN(TestEngineBuildInfo)
#include "tst_engine_buildinfo.moc"
