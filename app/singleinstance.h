#pragma once

#include <QObject>
#include <QStringList>

class QLocalServer;

namespace deskseek::app {

// Makes DeskSeek run once per user: the first launch listens on a local socket; a later launch
// finds it, hands over its arguments (the first instance raises its window) and exits.
class SingleInstance : public QObject
{
    Q_OBJECT

public:
    explicit SingleInstance(const QString &key, QObject *parent = nullptr);
    ~SingleInstance() override;

    // A key for this user: launches by the same user share it, other users' do not.
    static QString defaultKey();

    // Becomes the primary instance. Returns false when another live instance already is one;
    // a socket left behind by a crashed instance is cleaned up and taken over.
    bool claim();
    bool isPrimary() const { return m_server != nullptr; }

    // From a secondary instance: hands the arguments to the primary one. Returns whether it
    // acknowledged them within the timeout.
    bool notifyPrimary(const QStringList &arguments, int timeoutMs = 3000) const;

    QString key() const { return m_key; }

Q_SIGNALS:
    // The primary instance received a later launch's arguments.
    void activated(const QStringList &arguments);

private:
    void readConnection();
    bool primaryAnswers() const;

    QString m_key;
    QLocalServer *m_server = nullptr;
};

} // namespace deskseek::app
