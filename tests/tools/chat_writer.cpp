// chat_writer: answers one message with the real engine into a chat history database, as the
// app does, and exits when the answer is complete. tst_chatpage kills it in the middle of the
// answer to check that the history keeps what was written.
// Usage: chat_writer DATABASE MODEL PROMPT

#include "chat/chatengine.h"
#include "chat/chatsession.h"
#include "chat/chatstore.h"
#include "chat/servingchatgenerator.h"
#include "serving/modelhost.h"

#include <QCoreApplication>

#include <cstdio>

using namespace deskseek;

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    if (argc != 4) {
        std::fprintf(stderr, "usage: chat_writer DATABASE MODEL PROMPT\n");
        return 2;
    }
    chat::ChatStore store;
    QString error;
    if (!store.open(QString::fromLocal8Bit(argv[1]), &error)) {
        std::fprintf(stderr, "%s\n", qPrintable(error));
        return 1;
    }
    serving::ModelHost::Options options;
    options.threads = 1;
    options.contextLength = 8192;
    serving::ModelHost host({}, options);
    chat::ChatEngine engine(std::make_unique<chat::ServingChatGenerator>(host));
    chat::ChatSession session(store, engine);
    chat::ChatSettings settings;
    settings.maxTokens = 8000;
    settings.contextLength = 8192;
    session.startNew(settings);
    QObject::connect(&engine, &chat::ChatEngine::loadFinished, &app, [&](bool ok, const QString &why) {
        if (!ok || !session.send(QString::fromLocal8Bit(argv[3]))) {
            std::fprintf(stderr, "%s\n", qPrintable(why));
            app.exit(1);
        }
    });
    QObject::connect(&session, &chat::ChatSession::busyChanged, &app, [&](bool busy) {
        if (!busy)
            app.exit(0);
    });
    engine.load(QString::fromLocal8Bit(argv[2]), settings.contextLength);
    return app.exec();
}
