// SingleInstance over real local sockets, in one process and between two real launches of the
// deskseek executable.

#include "singleinstance.h"

#include <QDir>
#include <QLocalServer>
#include <QLocalSocket>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <QUuid>

#ifdef Q_OS_UNIX
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>
#endif

#include <atomic>

using namespace Qt::StringLiterals;
using deskseek::app::SingleInstance;

namespace {

QString uniqueKey()
{
    return u"deskseek-test-"_s + QUuid::createUuid().toString(QUuid::Id128).left(12);
}

// Runs notifyPrimary() on another thread (it blocks) while this thread serves the primary.
bool notifyFromThread(const QString &key, const QStringList &arguments, bool *claimed)
{
    std::atomic<bool> done = false;
    bool delivered = false;
    QThread *thread = QThread::create([&] {
        SingleInstance secondary(key);
        *claimed = secondary.claim();
        if (!*claimed)
            delivered = secondary.notifyPrimary(arguments, 5000);
        done = true;
    });
    thread->start();
    const bool finished = QTest::qWaitFor([&] { return done.load(); }, 10000);
    thread->wait();
    delete thread;
    return finished && delivered;
}

} // namespace

class TestSingleInstance : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void secondLaunchActivatesTheFirst()
    {
        const QString key = uniqueKey();
        SingleInstance primary(key);
        QVERIFY(primary.claim());
        QVERIFY(primary.isPrimary());
        QSignalSpy activated(&primary, &SingleInstance::activated);

        bool claimed = true;
        QVERIFY(notifyFromThread(key, {u"deskseek"_s, u"--open"_s, u"模型.gguf"_s}, &claimed));
        QVERIFY(!claimed);
        QTRY_COMPARE(activated.count(), 1);
        QCOMPARE(activated.at(0).at(0).toStringList(),
                 QStringList({u"deskseek"_s, u"--open"_s, u"模型.gguf"_s}));

        // And again: the primary keeps listening.
        QVERIFY(notifyFromThread(key, {u"deskseek"_s}, &claimed));
        QTRY_COMPARE(activated.count(), 2);
    }

    void otherKeysAreIndependent()
    {
        SingleInstance a(uniqueKey());
        SingleInstance b(uniqueKey());
        QVERIFY(a.claim());
        QVERIFY(b.claim());
    }

    void noPrimaryMeansNotifyFails()
    {
        SingleInstance lonely(uniqueKey());
        QVERIFY(!lonely.notifyPrimary({u"x"_s}, 300));
    }

    void garbageIsIgnored()
    {
        const QString key = uniqueKey();
        SingleInstance primary(key);
        QVERIFY(primary.claim());
        QSignalSpy activated(&primary, &SingleInstance::activated);
        QLocalSocket socket;
        socket.connectToServer(key);
        QVERIFY(socket.waitForConnected(2000));
        QByteArray junk(64, '\x7f');
        socket.write(QByteArray::fromHex("00000008") + QByteArray("notmagic") + junk);
        socket.flush();
        QTest::qWait(300);
        QCOMPARE(activated.count(), 0);
    }

    void key()
    {
        const QString key = SingleInstance::defaultKey();
        QVERIFY(key.startsWith(u"deskseek-"_s));
        QCOMPARE(key.size(), 9 + 16);
        QCOMPARE(SingleInstance::defaultKey(), key); // stable
    }

#ifdef Q_OS_UNIX
    // A crashed instance leaves its socket file behind; the next launch must take it over.
    void staleSocketIsTakenOver()
    {
        const QString key = uniqueKey();
        const QString path = QDir::tempPath() + u'/' + key;
        const int fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
        QVERIFY(fd >= 0);
        sockaddr_un address{};
        address.sun_family = AF_UNIX;
        const QByteArray native = QFile::encodeName(path);
        qstrncpy(address.sun_path, native.constData(), sizeof(address.sun_path));
        QCOMPARE(::bind(fd, reinterpret_cast<sockaddr *>(&address), sizeof(address)), 0);
        ::close(fd); // bound, never listened, never unlinked: what a crash leaves
        QVERIFY(QFile::exists(path));

        SingleInstance instance(key);
        QVERIFY(instance.claim());
        bool claimed = true;
        QVERIFY(notifyFromThread(key, {u"again"_s}, &claimed));
        QVERIFY(!claimed);
    }
#endif

    // Two launches of the real executable: the second hands over and exits, the first raises
    // its window.
    void realExecutable()
    {
        QTemporaryDir home;
        QVERIFY(home.isValid());
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(u"HOME"_s, home.path());
        env.insert(u"XDG_CONFIG_HOME"_s, home.filePath(u"config"_s));
        env.insert(u"XDG_DATA_HOME"_s, home.filePath(u"data"_s));
        env.insert(u"TMPDIR"_s, home.path());
        env.insert(u"QT_QPA_PLATFORM"_s, u"offscreen"_s);

        QProcess first;
        first.setProcessEnvironment(env);
        first.setProcessChannelMode(QProcess::MergedChannels);
        first.start(QString::fromUtf8(DESKSEEK_GUI_EXE), {});
        QVERIFY(first.waitForStarted());
        QByteArray firstOutput;
        QVERIFY2(QTest::qWaitFor([&] {
                     firstOutput += first.readAll();
                     return firstOutput.contains("DeskSeek is ready");
                 }, 30000),
                 firstOutput.constData());

        QProcess second;
        second.setProcessEnvironment(env);
        second.setProcessChannelMode(QProcess::MergedChannels);
        second.start(QString::fromUtf8(DESKSEEK_GUI_EXE), {});
        QVERIFY(second.waitForFinished(30000));
        QCOMPARE(second.exitStatus(), QProcess::NormalExit);
        QCOMPARE(second.exitCode(), 0);
        QVERIFY2(!second.readAll().contains("DeskSeek is ready"), "the second launch started a window");

        QVERIFY2(QTest::qWaitFor([&] {
                     firstOutput += first.readAll();
                     return firstOutput.contains("Activated by another launch");
                 }, 10000),
                 firstOutput.constData());
        QCOMPARE(first.state(), QProcess::Running);
        first.terminate();
        if (!first.waitForFinished(10000)) {
            first.kill();
            first.waitForFinished();
        }
    }
};

QTEST_GUILESS_MAIN(TestSingleInstance)
#include "tst_singleinstance.moc"
