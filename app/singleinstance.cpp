#include "singleinstance.h"

#include <QCryptographicHash>
#include <QDataStream>
#include <QDir>
#include <QLocalServer>
#include <QLocalSocket>
#include <QStandardPaths>

using namespace Qt::StringLiterals;

namespace deskseek::app {

namespace {
constexpr quint32 kMagic = 0xD5EE'C001;
constexpr char kAck = 'A';
} // namespace

SingleInstance::SingleInstance(const QString &key, QObject *parent)
    : QObject(parent)
    , m_key(key)
{
}

SingleInstance::~SingleInstance() = default;

QString SingleInstance::defaultKey()
{
    // The socket lives in a shared folder on Unix (/tmp): make the name per user. The config
    // folder is per user and also separates portable or test set-ups.
    const QByteArray identity =
        QStandardPaths::writableLocation(QStandardPaths::AppConfigLocation).toUtf8();
    return u"deskseek-"_s
           + QString::fromLatin1(
               QCryptographicHash::hash(identity, QCryptographicHash::Sha256).toHex().left(16));
}

bool SingleInstance::claim()
{
    if (m_server)
        return true;
    if (primaryAnswers())
        return false;

    auto *server = new QLocalServer(this);
    server->setSocketOptions(QLocalServer::UserAccessOption);
    if (!server->listen(m_key)) {
        if (server->serverError() != QAbstractSocket::AddressInUseError || primaryAnswers()) {
            delete server;
            return false;
        }
        // A socket file without a live instance behind it: a crash left it. Take it over.
        QLocalServer::removeServer(m_key);
        if (!server->listen(m_key)) {
            delete server;
            return false;
        }
    }
    connect(server, &QLocalServer::newConnection, this, &SingleInstance::readConnection);
    m_server = server;
    return true;
}

bool SingleInstance::primaryAnswers() const
{
    QLocalSocket socket;
    socket.connectToServer(m_key);
    const bool connected = socket.waitForConnected(500);
    socket.abort();
    return connected;
}

bool SingleInstance::notifyPrimary(const QStringList &arguments, int timeoutMs) const
{
    QLocalSocket socket;
    socket.connectToServer(m_key);
    if (!socket.waitForConnected(timeoutMs))
        return false;
    QByteArray message;
    {
        QDataStream out(&message, QIODevice::WriteOnly);
        out.setVersion(QDataStream::Qt_6_4);
        out << kMagic << arguments;
    }
    QByteArray frame;
    {
        QDataStream out(&frame, QIODevice::WriteOnly);
        out << message;
    }
    socket.write(frame);
    if (!socket.waitForBytesWritten(timeoutMs))
        return false;
    if (!socket.waitForReadyRead(timeoutMs))
        return false;
    return socket.read(1) == QByteArray(1, kAck);
}

void SingleInstance::readConnection()
{
    while (QLocalSocket *socket = m_server->nextPendingConnection()) {
        connect(socket, &QLocalSocket::disconnected, socket, &QObject::deleteLater);
        connect(socket, &QLocalSocket::readyRead, this, [this, socket] {
            QDataStream in(socket);
            in.startTransaction();
            QByteArray message;
            in >> message;
            if (!in.commitTransaction())
                return; // wait for the rest of the frame
            QDataStream body(message);
            body.setVersion(QDataStream::Qt_6_4);
            quint32 magic = 0;
            QStringList arguments;
            body >> magic >> arguments;
            if (body.status() != QDataStream::Ok || magic != kMagic) {
                socket->abort();
                return;
            }
            socket->write(QByteArray(1, kAck));
            socket->flush();
            Q_EMIT activated(arguments);
        });
    }
}

} // namespace deskseek::app
