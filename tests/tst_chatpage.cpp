// The chat page off screen: Markdown as rich text, the reasoning block with scripted model
// output (a test double at the engine boundary), the keyboard, and real generations through the
// real engine with a tiny random-weight model: send, stream, stop, regenerate, edit and resend,
// with the event loop never held over 50 ms by the GUI thread's work (nor over a second by the
// clock); the history across a restart and after the process was killed in the middle of an
// answer.

#include "fixtures/chatmodelfixture.h"
#include "fixtures/fakeweb.h"
#include "fixtures/scriptedgenerator.h"

#include "chat/chatengine.h"
#include "chat/chatsession.h"
#include "chat/chatstore.h"
#include "chat/conversationlist.h"
#include "chat/servingchatgenerator.h"
#include "serving/modelhost.h"
#include "chat/markdownrenderer.h"
#include "chat/messageview.h"
#include "chat/messagewidget.h"
#include "chat/modelbar.h"
#include "pages/chatpage.h"
#include "settings/appsettings.h"

#include <QApplication>
#include <QClipboard>
#include <QDesktopServices>
#include <QDialog>
#include <QDoubleSpinBox>
#include <QFile>
#include <QFileDialog>
#include <QInputDialog>
#include <QMessageBox>
#include <QSpinBox>
#include <QElapsedTimer>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QProcess>
#include <QPushButton>
#include <QScrollBar>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#ifdef Q_OS_UNIX
#include <time.h>
#include <unistd.h>
#endif
#include <QToolButton>

using namespace Qt::StringLiterals;
using namespace deskseek;
using chat::Message;
using ui::MarkdownRenderer;

namespace {

// The event loop's longest gaps between 5 ms timer ticks. "Work" is the GUI thread's own CPU time
// within a gap: what our code computed there without returning to the loop. The wall-clock gap
// adds what the thread waited for (a lock, the disk) and what the machine's other processes took
// from it, which on a shared 2-core test machine can be a few hundred ms of nothing of ours.
class StallMeter : public QObject
{
public:
    StallMeter()
    {
        m_timer.setInterval(5);
        connect(&m_timer, &QTimer::timeout, this, [this] {
            const qint64 cpu = threadCpuMs();
            if (m_clock.isValid()) {
                m_longestWall = std::max(m_longestWall, m_clock.restart());
                m_longestWork = std::max(m_longestWork, cpu - m_cpu);
            } else {
                m_clock.start();
            }
            m_cpu = cpu;
        });
        m_timer.start();
    }
    qint64 longestWork() const { return m_longestWork; }
    qint64 longestWall() const { return m_longestWall; }

private:
    static qint64 threadCpuMs()
    {
#ifdef Q_OS_UNIX
        timespec now{};
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
        return qint64(now.tv_sec) * 1000 + now.tv_nsec / 1000000;
#else
        static QElapsedTimer clock;
        if (!clock.isValid())
            clock.start();
        return clock.elapsed();
#endif
    }

    QTimer m_timer;
    QElapsedTimer m_clock;
    qint64 m_cpu = 0;
    qint64 m_longestWork = 0;
    qint64 m_longestWall = 0;
};

// A chat page with its services, on a history database and a generator of the test's choice.
struct Chat
{
    Chat(const QString &folder, std::unique_ptr<chat::ChatGenerator> generator, const QString &database = {})
        : settings(folder + u"/settings.ini"_s)
        , engine(std::move(generator))
    {
        settings.setModelDirectory(folder + u"/models"_s);
        store.open(database.isEmpty() ? folder + u"/chats.sqlite"_s : database);
        session = std::make_unique<chat::ChatSession>(store, engine);
        page = std::make_unique<ui::ChatPage>(settings, ui::ChatServices{store, engine, *session});
        page->resize(1000, 700);
        page->show();
    }
    template<typename T>
    T *find(const QString &name) const
    {
        return page->findChild<T *>(name);
    }
    ui::MessageView *view() const { return find<ui::MessageView>(u"messageView"_s); }
    QList<ui::MessageWidget *> widgets() const { return view()->messageWidgets(); }
    void type(const QString &text) const
    {
        auto *input = find<QPlainTextEdit>(u"chatInput"_s);
        input->setFocus();
        input->setPlainText(text);
    }

    settings::AppSettings settings;
    chat::ChatEngine engine;
    chat::ChatStore store;
    std::unique_ptr<chat::ChatSession> session;
    std::unique_ptr<ui::ChatPage> page;
};

} // namespace

class TestChatPage : public QObject
{
    Q_OBJECT

public Q_SLOTS:
    void openUrl(const QUrl &url) { Q_EMIT urlOpened(url); }

Q_SIGNALS:
    void urlOpened(const QUrl &url);

private:
    QTemporaryDir m_dir;
    QString m_model; // the tiny R1-style model for the real engine
    int m_folders = 0;

    QString newFolder() { return m_dir.filePath(u"case-%1"_s.arg(++m_folders)); }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        // Fonts are read and their fallbacks found the first time text of a script is drawn (the
        // CJK fonts are large files: on a cold machine that took 200 ms). That is a one-time cost
        // of drawing text, paid here, before anything measures the event loop.
        QLabel fonts(u"Latin Ελληνικά Кириллица 中文 日本語 한국어 العربية עברית हिन्दी ไทย ✓ → ∑"_s);
        fonts.grab();
        QString error;
        m_model = tests::writeR1ChatModel(m_dir.filePath(u"R1-Tiny"_s), QStringLiteral(DESKSEEK_REFERENCE_DIR), &error);
        QVERIFY2(!m_model.isEmpty(), qPrintable(error));
    }

    void markdown_data()
    {
        QTest::addColumn<QString>("markdown");
        QTest::addColumn<QStringList>("contains");
        QTest::addColumn<QStringList>("absent");
        QTest::newRow("headings and emphasis")
            << u"# Title\n### Small\nSome **bold**, *italic*, ~~gone~~ and `a<b>` code."_s
            << QStringList{u"<h1>Title</h1>"_s, u"<h3>Small</h3>"_s, u"<b>bold</b>"_s, u"<i>italic</i>"_s, u"<s>gone</s>"_s,
                           u"a&lt;b&gt;</code>"_s}
            << QStringList{u"<b>b</b>"_s};
        QTest::newRow("code block") << u"Before\n```cpp\nint main() { return a < b; }\n```\nAfter"_s
                                    << QStringList{u"cpp&nbsp;"_s, u"href=\"copy:0\">Copy</a>"_s,
                                                   u"font-family:monospace"_s, u"return a &lt; b;"_s, u"<p>After</p>"_s}
                                    << QStringList{u"```"_s};
        QTest::newRow("unclosed fence while streaming") << u"```\nline one\nline two"_s
                                                        << QStringList{u"line one\nline two</pre>"_s} << QStringList{};
        QTest::newRow("table") << u"| Name | Score |\n|:-----|------:|\n| Ann | 9 |\n| Bo \\| Cy | 10 |"_s
                               << QStringList{u"<th align=\"left\">Name</th>"_s, u"<th align=\"right\">Score</th>"_s,
                                              u"<td align=\"left\">Bo | Cy</td>"_s, u"<td align=\"right\">10</td>"_s}
                               << QStringList{u"|:-----"_s};
        QTest::newRow("lists") << u"- one\n- two\n  - nested\n1. first\n2. second"_s
                               << QStringList{u"<ul><li>one</li><li>two<ul><li>nested</li></ul></li></ul>"_s,
                                              u"<ol><li>first</li><li>second</li></ol>"_s}
                               << QStringList{};
        QTest::newRow("ordered from 3") << u"3. three\n4. four"_s << QStringList{u"<ol start=\"3\">"_s} << QStringList{};
        QTest::newRow("links") << u"See [docs](https://qt.io/x?a=1&b=2), https://deepseek.com. and [bad](javascript:alert(1))"_s
                               << QStringList{u"<a href=\"https://qt.io/x?a=1&amp;b=2\">docs</a>"_s,
                                              u"<a href=\"https://deepseek.com\">https://deepseek.com</a>."_s}
                               << QStringList{u"href=\"javascript"_s};
        QTest::newRow("html is text") << u"<script>alert(1)</script> <b>x</b>"_s
                                      << QStringList{u"&lt;script&gt;"_s, u"&lt;b&gt;x&lt;/b&gt;"_s} << QStringList{u"<script>"_s};
        QTest::newRow("quote and rule") << u"> quoted **text**\n\n---\nend"_s
                                        << QStringList{u"<blockquote"_s, u"quoted <b>text</b>"_s, u"<hr/>"_s} << QStringList{};
        QTest::newRow("snake_case stays") << u"call my_var_name now"_s << QStringList{u"my_var_name"_s} << QStringList{u"<i>"_s};
    }

    void markdown()
    {
        QFETCH(QString, markdown);
        QFETCH(QStringList, contains);
        QFETCH(QStringList, absent);
        const auto rendered = MarkdownRenderer::render(markdown, u"Copy"_s);
        for (const QString &part : contains)
            QVERIFY2(rendered.html.contains(part), qPrintable(part + u"\n in \n"_s + rendered.html));
        for (const QString &part : absent)
            QVERIFY2(!rendered.html.contains(part), qPrintable(part + u"\n in \n"_s + rendered.html));
    }

    void markdownCodeBlocksAreCounted()
    {
        const auto rendered = MarkdownRenderer::render(u"```py\nprint(1)\n```\ntext\n~~~\nsecond\n~~~\n"_s, u"复制"_s);
        QCOMPARE(rendered.codeBlocks, (QStringList{u"print(1)"_s, u"second"_s}));
        QVERIFY(rendered.html.contains(u"href=\"copy:1\">复制</a>"_s));
    }

    // Scripted output: the reasoning shows while the model thinks, closes when the answer starts,
    // and opens again on a click; the answer's code and table are rich text; Copy copies code.
    void thinkBlockAndMarkdownWhileStreaming()
    {
        auto generator = std::make_unique<tests::ScriptedGenerator>();
        tests::ScriptedGenerator &script = *generator;
        script.pieces = {u"I should "_s, u"write code."_s};
        for (int i = 0; i < 30; ++i)
            script.pieces << u" More thought."_s;
        script.pieces << u"</think>\n\nHere:\n```python\nprint('hi')\n```\n"_s << u"| a | b |\n|---|---|\n| 1 | 2 |\n"_s;
        script.pieceMs = 30;
        Chat chat(newFolder(), std::move(generator));
        chat.page->modelBar()->addPath(u"/models/R1-Script.gguf"_s);
        chat.type(u"Show me code"_s);
        QTest::keyClick(chat.find<QPlainTextEdit>(u"chatInput"_s), Qt::Key_Return); // Enter sends (loading the model first)
        QTRY_COMPARE(chat.widgets().size(), 2);
        QCOMPARE(chat.find<QPlainTextEdit>(u"chatInput"_s)->toPlainText(), QString()); // sent: the box is empty
        ui::MessageWidget *answer = chat.widgets().last();
        auto *toggle = answer->findChild<QToolButton *>(u"thinkToggle"_s);
        auto *reasoning = answer->findChild<QLabel *>(u"reasoningText"_s);
        QTRY_VERIFY(toggle->isVisible());
        QVERIFY(toggle->text().startsWith(u"Thinking"_s));
        QVERIFY(answer->reasoningExpanded());
        QTRY_VERIFY(reasoning->text().contains(u"I should write code."_s));
        QVERIFY(chat.find<QPushButton>(u"sendButton"_s)->text() == u"Stop"_s);
        QTRY_VERIFY_WITH_TIMEOUT(!chat.session->busy(), 10000);
        QVERIFY(!answer->reasoningExpanded()); // closed once the answer started
        QVERIFY(!reasoning->isVisible());
        QVERIFY2(toggle->text().startsWith(u"Thought for"_s), qPrintable(toggle->text()));
        const QString html = answer->findChild<QLabel *>(u"answerText"_s)->text();
        QVERIFY2(html.contains(u"print(&#x27;hi&#x27;)"_s) || html.contains(u"print('hi')"_s), qPrintable(html));
        QVERIFY(html.contains(u"<th align=\"left\">a</th>"_s));
        QVERIFY(!html.contains(u"think>"_s));
        QCOMPARE(answer->codeBlocks(), QStringList{u"print('hi')"_s});
        QSignalSpy copied(answer, &ui::MessageWidget::codeCopied);
        QMetaObject::invokeMethod(answer->findChild<QLabel *>(u"answerText"_s), "linkActivated", Q_ARG(QString, u"copy:0"_s));
        QCOMPARE(copied.size(), 1);
        QCOMPARE(QApplication::clipboard()->text(), u"print('hi')"_s);
        QTest::mouseClick(toggle, Qt::LeftButton);
        QVERIFY(answer->reasoningExpanded());
        QVERIFY(reasoning->isVisible());
        QVERIFY(answer->findChild<QLabel *>(u"messageMeta"_s)->text().contains(u"34 tokens"_s));
        QCOMPARE(chat.find<QPushButton>(u"sendButton"_s)->text(), u"Send"_s);
    }

    // Shift+Enter is a new line; Esc stops; Ctrl+N starts a new chat; the view stops following
    // when the user scrolls up.
    void keyboardAndScrolling()
    {
        auto generator = std::make_unique<tests::ScriptedGenerator>();
        tests::ScriptedGenerator &script = *generator;
        for (int i = 0; i < 400; ++i)
            script.pieces << u"line %1\n\n"_s.arg(i);
        script.pieceMs = 15;
        script.reasoningPrompt = false;
        Chat chat(newFolder(), std::move(generator));
        chat.page->modelBar()->addPath(u"/models/Script.gguf"_s);
        auto *input = chat.find<QPlainTextEdit>(u"chatInput"_s);
        input->setFocus();
        QTest::keyClicks(input, u"first"_s);
        QTest::keyClick(input, Qt::Key_Return, Qt::ShiftModifier);
        QTest::keyClicks(input, u"second"_s);
        QCOMPARE(input->toPlainText(), u"first\nsecond"_s);
        QTest::keyClick(input, Qt::Key_Return);
        QTRY_VERIFY(chat.session->busy());
        QCOMPARE(chat.session->messages().first().content, u"first\nsecond"_s);
        // The answer grows past the view: it follows, until the user scrolls up.
        QScrollBar *bar = chat.view()->verticalScrollBar();
        QTRY_VERIFY_WITH_TIMEOUT(bar->maximum() > 200, 10000);
        QTRY_VERIFY(bar->value() >= bar->maximum() - 8);
        bar->setValue(0);
        QVERIFY(!chat.view()->following());
        const int maximum = bar->maximum();
        QTRY_VERIFY(bar->maximum() > maximum + 100);
        QCOMPARE(bar->value(), 0); // left where the user put it
        bar->setValue(bar->maximum());
        QVERIFY(chat.view()->following());
        // Esc stops within one piece.
        QTest::keyClick(input, Qt::Key_Escape);
        QTRY_VERIFY(!chat.session->busy());
        QCOMPARE(chat.session->messages().last().state, Message::State::Stopped);
        QVERIFY(script.piecesSent < 400);
        QVERIFY(chat.widgets().last()->findChild<QLabel *>(u"messageMeta"_s)->text().contains(u"Stopped"_s));
        // Ctrl+N: an empty chat; the old one is in the list.
        const qint64 old = chat.session->conversationId();
        QTest::keyClick(input, Qt::Key_N, Qt::ControlModifier);
        QCOMPARE(chat.session->conversationId(), qint64(0));
        QCOMPARE(chat.widgets().size(), 0);
        auto *list = chat.find<QListWidget>(u"chatList"_s);
        QCOMPARE(list->count(), 1);
        QCOMPARE(list->item(0)->data(Qt::UserRole).toLongLong(), old);
    }

    // Through the real engine: send (the model loads first), stream, stop, regenerate, edit and
    // resend; the event loop never waits more than 50 ms meanwhile.
    void realEngine()
    {
        serving::ModelHost::Options options;
        options.threads = 1;
        serving::ModelHost host({}, options);
        Chat chat(newFolder(), std::make_unique<chat::ServingChatGenerator>(host));
#ifdef Q_OS_UNIX
        // What earlier tests wrote goes to disk first: the chat's own small SQLite writes, made on
        // the GUI thread, should not wait behind other programs' write-back while this measures.
        ::sync();
#endif
        StallMeter meter;
        chat.page->modelBar()->addPath(m_model);
        chat::ChatSettings settings;
        settings.maxTokens = 3000;
        settings.contextLength = 4096;
        chat.session->setSettings(settings);
        chat.type(u"你好，介绍一下你自己。"_s);
        QSignalSpy changed(chat.session.get(), &chat::ChatSession::messageChanged);
        QTest::mouseClick(chat.find<QPushButton>(u"sendButton"_s), Qt::LeftButton);
        QCOMPARE(chat.engine.state(), chat::ChatEngine::State::Loading);
        QTRY_VERIFY_WITH_TIMEOUT(chat.session->busy(), 30000);
        QCOMPARE(chat.engine.modelName(), u"R1-Tiny"_s);
        QTRY_VERIFY_WITH_TIMEOUT(changed.size() >= 20, 30000); // streaming, token by token
        QTest::mouseClick(chat.find<QPushButton>(u"sendButton"_s), Qt::LeftButton); // Stop
        QTRY_VERIFY_WITH_TIMEOUT(!chat.session->busy(), 5000);
        const Message stopped = chat.session->messages().last();
        QCOMPARE(stopped.state, Message::State::Stopped);
        QVERIFY2(stopped.tokens >= 20 && stopped.tokens < 3000, qPrintable(QString::number(stopped.tokens)));
        QVERIFY(!(stopped.reasoning + stopped.content).isEmpty());
        QVERIFY(stopped.tokensPerSecond > 0);
        QCOMPARE(chat.store.message(stopped.id)->state, Message::State::Stopped);

        // Regenerate (the last answer's button): a new answer replaces it.
        changed.clear();
        QTest::mouseClick(chat.widgets().last()->findChild<QToolButton *>(u"regenerateButton"_s), Qt::LeftButton);
        QTRY_VERIFY(chat.session->busy());
        QTRY_VERIFY_WITH_TIMEOUT(changed.size() >= 5, 30000);
        chat.session->stop();
        QTRY_VERIFY_WITH_TIMEOUT(!chat.session->busy(), 5000);
        QCOMPARE(chat.session->messages().size(), 2);
        QVERIFY(chat.session->messages().last().id != stopped.id);
        QVERIFY(!chat.store.message(stopped.id));

        // Edit the question and send it again: the answer after it is replaced.
        ui::MessageWidget *question = chat.widgets().first();
        QTest::mouseClick(question->findChild<QToolButton *>(u"editButton"_s), Qt::LeftButton);
        auto *editor = question->findChild<QPlainTextEdit *>(u"editText"_s);
        QVERIFY(editor->isVisible());
        QCOMPARE(editor->toPlainText(), u"你好，介绍一下你自己。"_s);
        editor->setPlainText(u"Write a haiku."_s);
        changed.clear();
        QTest::mouseClick(question->findChild<QPushButton *>(u"resendButton"_s), Qt::LeftButton);
        QTRY_VERIFY(chat.session->busy());
        QTRY_VERIFY_WITH_TIMEOUT(changed.size() >= 5, 30000);
        chat.find<QPlainTextEdit>(u"chatInput"_s)->setFocus();
        QTest::keyClick(chat.find<QPlainTextEdit>(u"chatInput"_s), Qt::Key_Escape);
        QTRY_VERIFY_WITH_TIMEOUT(!chat.session->busy(), 5000);
        const auto stored = chat.store.messages(chat.session->conversationId());
        QCOMPARE(stored.size(), 2);
        QCOMPARE(stored.first().content, u"Write a haiku."_s);
        QCOMPARE(chat.widgets().size(), 2);
        qInfo("longest event-loop stall while loading and generating: %lld ms of the GUI thread's work, %lld ms by the clock",
              meter.longestWork(), meter.longestWall());
        QVERIFY2(meter.longestWork() <= 50, qPrintable(QString::number(meter.longestWork())));
        QVERIFY2(meter.longestWall() <= 1000, qPrintable(QString::number(meter.longestWall())));
    }

    // DeepSeek's own architecture in the chat: a deepseek2 model (latent attention, routed and
    // shared experts) with DeepSeek-V2-Chat's template loads, streams an answer and stops.
    void deepSeek2ModelChats()
    {
        QString error;
        const QString model = tests::writeDeepSeekV2ChatModel(m_dir.filePath(u"V2-Tiny"_s), QStringLiteral(DESKSEEK_REFERENCE_DIR), &error);
        QVERIFY2(!model.isEmpty(), qPrintable(error));
        serving::ModelHost::Options options;
        options.threads = 1;
        serving::ModelHost host({}, options);
        Chat chat(newFolder(), std::make_unique<chat::ServingChatGenerator>(host));
        chat.page->modelBar()->addPath(model);
        chat::ChatSettings settings;
        settings.maxTokens = 3000;
        settings.contextLength = 2048;
        chat.session->setSettings(settings);
        chat.type(u"Explain mixture-of-experts models in one paragraph."_s);
        QSignalSpy changed(chat.session.get(), &chat::ChatSession::messageChanged);
        QTest::mouseClick(chat.find<QPushButton>(u"sendButton"_s), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(chat.session->busy(), 30000);
        QCOMPARE(chat.engine.modelName(), u"V2-Tiny"_s);
        QVERIFY(!chat.engine.opensReasoning()); // V2's template has no <think>
        QTRY_VERIFY_WITH_TIMEOUT(changed.size() >= 10, 30000);
        QTest::mouseClick(chat.find<QPushButton>(u"sendButton"_s), Qt::LeftButton); // Stop
        QTRY_VERIFY_WITH_TIMEOUT(!chat.session->busy(), 5000);
        const Message answer = chat.session->messages().last();
        QCOMPARE(answer.state, Message::State::Stopped);
        QVERIFY2(answer.tokens >= 10, qPrintable(QString::number(answer.tokens)));
        QVERIFY(!answer.content.isEmpty());
        QVERIFY(answer.tokensPerSecond > 0);
        QCOMPARE(chat.store.message(answer.id)->content, answer.content);
    }

    // Closed and opened again: the conversations and their messages are there.
    void historyAcrossARestart()
    {
        const QString folder = newFolder();
        qint64 id = 0;
        {
            auto generator = std::make_unique<tests::ScriptedGenerator>();
            generator->pieces = {u"Paris</think>The capital is **Paris**."_s};
            Chat chat(folder, std::move(generator));
            chat.page->modelBar()->addPath(u"/m/x.gguf"_s);
            chat.type(u"Capital of France?"_s);
            chat.page->send();
            QTRY_COMPARE(chat.session->messages().size(), 2);
            QTRY_VERIFY(!chat.session->busy());
            id = chat.session->conversationId();
        }
        Chat chat(folder, std::make_unique<tests::ScriptedGenerator>());
        auto *list = chat.find<QListWidget>(u"chatList"_s);
        QCOMPARE(list->count(), 1);
        QCOMPARE(list->item(0)->text(), u"Capital of France?"_s);
        QTest::mouseClick(list->viewport(), Qt::LeftButton, {}, list->visualItemRect(list->item(0)).center());
        QCOMPARE(chat.session->conversationId(), id);
        QCOMPARE(chat.widgets().size(), 2);
        QVERIFY(chat.widgets().last()->findChild<QLabel *>(u"answerText"_s)->text().contains(u"<b>Paris</b>"_s));
        QVERIFY(!chat.widgets().last()->reasoningExpanded()); // an old answer's reasoning starts closed
        // Search finds it by a word of the answer, and not by nonsense.
        auto *search = chat.find<QLineEdit>(u"chatSearch"_s);
        search->setText(u"capital is"_s);
        QCOMPARE(list->count(), 1);
        search->setText(u"Berlin"_s);
        QCOMPARE(list->count(), 0);
        search->clear();
        QCOMPARE(list->count(), 1);
    }

    // Web search in the page: Ctrl+Shift+S turns it on for the chat, the answer shows the
    // search's steps, its citations as numbered links and its sources (a click opens the
    // browser), Esc cancels a search, and everything is there again after a restart.
    void webSearch()
    {
        tests::FakeWeb web;
        const QList<tests::FakeWeb::Page> pages{{u"Cooling network"_s, u"/cooling"_s, u"news_cooling.html"_s},
                                                {u"Night trains"_s, u"/trains"_s, u"news_trains.html"_s}};
        web.serveSearch(pages, 400); // long enough to see the step
        tools::WebSearchConfig config;
        config.providers = {u"searxng"_s};
        config.endpoints.insert(u"searxng"_s, web.url(QString()));

        const QString folder = newFolder();
        qint64 conversation = 0;
        {
            auto generator = std::make_unique<tests::ScriptedGenerator>();
            generator->reasoningPrompt = false;
            generator->pieces = {u"The council approved a cooling network [citation:1]"_s, u"; night trains return [citation:2]."_s};
            Chat chat(folder, std::move(generator));
            chat.session->setSearchConfig([&config] { return config; });
            chat.page->modelBar()->addPath(u"/models/R1-Script.gguf"_s);
            auto *toggle = chat.find<QToolButton>(u"searchToggle"_s);
            QVERIFY(toggle && !toggle->isChecked());
            auto *input = chat.find<QPlainTextEdit>(u"chatInput"_s);
            chat.page->activateWindow();
            QVERIFY(QTest::qWaitForWindowActive(chat.page.get()));
            input->setFocus();
            QTest::keyClick(input, Qt::Key_S, Qt::ControlModifier | Qt::ShiftModifier);
            QVERIFY(toggle->isChecked());
            QVERIFY(chat.session->settings().webSearch);
            chat.type(u"What is new in the city?"_s);
            QTest::keyClick(input, Qt::Key_Return);
            QTRY_COMPARE(chat.widgets().size(), 2);
            ui::MessageWidget *answer = chat.widgets().last();
            auto *status = answer->findChild<QLabel *>(u"searchStatus"_s);
            QTRY_VERIFY(status->isVisible());
            QVERIFY2(status->text().startsWith(u"Searching"_s), qPrintable(status->text()));
            QTRY_VERIFY_WITH_TIMEOUT(!chat.session->busy(), 15000);
            QVERIFY(!status->isVisible());
            const QString html = answer->findChild<QLabel *>(u"answerText"_s)->text();
            QVERIFY2(html.contains(u"<a href=\"%1\""_s.arg(web.url(u"/cooling"_s).toString())) && html.contains(u"<sup>[1]</sup>"_s)
                         && html.contains(u"<sup>[2]</sup>"_s) && !html.contains(u"[citation:"_s),
                     qPrintable(html));
            auto *sources = answer->findChild<QLabel *>(u"sourcesList"_s);
            QVERIFY(sources->isVisible());
            QVERIFY2(sources->text().contains(u"<b>Sources</b>"_s) && sources->text().contains(u">Cooling network</a> · Riverside Daily"_s)
                         && sources->text().contains(u">Night trains</a> · Rail Journal"_s),
                     qPrintable(sources->text()));
            auto *note = answer->findChild<QLabel *>(u"searchNote"_s);
            QVERIFY(note->isVisible());
            QCOMPARE(note->text(), u"Searched with SearXNG."_s);
            // A source's link opens the browser.
            QSignalSpy opened(this, &TestChatPage::urlOpened);
            QDesktopServices::setUrlHandler(u"http"_s, this, "openUrl");
            QMetaObject::invokeMethod(sources, "linkActivated", Q_ARG(QString, web.url(u"/trains"_s).toString()));
            QDesktopServices::unsetUrlHandler(u"http"_s);
            QCOMPARE(opened.size(), 1);
            QCOMPARE(opened.first().first().toUrl(), web.url(u"/trains"_s));

            // Esc while it searches: cancelled at once, said so, nothing generated.
            web.serveSearch(pages, 3000);
            chat.type(u"Something slow"_s);
            QTest::keyClick(input, Qt::Key_Return);
            QTRY_COMPARE(chat.widgets().size(), 4);
            QTRY_VERIFY(chat.widgets().last()->findChild<QLabel *>(u"searchStatus"_s)->isVisible());
            QElapsedTimer clock;
            clock.start();
            QTest::keyClick(input, Qt::Key_Escape);
            QTRY_VERIFY(!chat.session->busy());
            QVERIFY(clock.elapsed() < 1000);
            ui::MessageWidget *cancelled = chat.widgets().last();
            QVERIFY(cancelled->findChild<QLabel *>(u"messageMeta"_s)->text().contains(u"Stopped"_s));
            QCOMPARE(cancelled->findChild<QLabel *>(u"searchNote"_s)->text(), u"The search was cancelled."_s);
            conversation = chat.session->conversationId();
            // The export has the sources.
            const QString markdown = chat.store.exportMarkdown(conversation);
            QVERIFY(markdown.contains(u"1. [Cooling network](%1) — Riverside Daily"_s.arg(web.url(u"/cooling"_s).toString())));
        }
        // After a restart: the chat's toggle, the sources and the links are all there.
        Chat chat(folder, std::make_unique<tests::ScriptedGenerator>());
        chat.session->open(conversation);
        QCOMPARE(chat.widgets().size(), 4);
        QVERIFY(chat.find<QToolButton>(u"searchToggle"_s)->isChecked());
        ui::MessageWidget *answer = chat.widgets().at(1);
        QCOMPARE(answer->message().sources.size(), 2);
        QTRY_VERIFY(answer->findChild<QLabel *>(u"sourcesList"_s)->isVisible());
        QVERIFY(answer->findChild<QLabel *>(u"answerText"_s)->text().contains(u"<sup>[2]</sup>"_s));
        QCOMPARE(answer->findChild<QLabel *>(u"searchNote"_s)->text(), u"Searched with SearXNG."_s);
        // A new chat starts with the toggle as it was; turning it off is this chat's own.
        QTest::keyClick(chat.find<QPlainTextEdit>(u"chatInput"_s), Qt::Key_N, Qt::ControlModifier);
        QVERIFY(chat.find<QToolButton>(u"searchToggle"_s)->isChecked());
        QTest::mouseClick(chat.find<QToolButton>(u"searchToggle"_s), Qt::LeftButton);
        QVERIFY(!chat.session->settings().webSearch);
        QCOMPARE(chat.store.conversation(conversation)->settings.webSearch, true);
    }

    // The sidebar's Rename, Delete (after a question) and Export, and the chat's own settings.
    void sidebarAndSettings()
    {
        const QString folder = newFolder();
        auto generator = std::make_unique<tests::ScriptedGenerator>();
        tests::ScriptedGenerator &script = *generator;
        script.pieces = {u"fine</think>All **good**."_s};
        Chat chat(folder, std::move(generator));
        chat.page->modelBar()->addPath(u"/m/x.gguf"_s);

        // Settings first (a chat not stored yet keeps them until its first message).
        chat.page->openSettings();
        auto *dialog = chat.page->findChild<QDialog *>(u"chatSettingsDialog"_s);
        QVERIFY(dialog);
        QCOMPARE(dialog->findChild<QDoubleSpinBox *>(u"temperatureSpin"_s)->value(), 0.6);
        dialog->findChild<QDoubleSpinBox *>(u"temperatureSpin"_s)->setValue(0.2);
        dialog->findChild<QSpinBox *>(u"maxTokensSpin"_s)->setValue(512);
        dialog->findChild<QPlainTextEdit *>(u"systemPromptEdit"_s)->setPlainText(u"Be terse."_s);
        dialog->accept();
        chat.type(u"How are you?"_s);
        chat.page->send();
        QTRY_COMPARE(chat.session->messages().size(), 2);
        QTRY_VERIFY(!chat.session->busy());
        QCOMPARE(script.requests().last().settings.temperature, 0.2);
        QCOMPARE(script.requests().last().settings.maxTokens, 512);
        QCOMPARE(script.requests().last().settings.systemPrompt, u"Be terse."_s);
        const qint64 id = chat.session->conversationId();
        QCOMPARE(chat.store.conversation(id)->settings.temperature, 0.2);

        auto *sidebar = chat.find<ui::ConversationList>(u"conversationList"_s);
        auto *list = chat.find<QListWidget>(u"chatList"_s);
        QCOMPARE(list->count(), 1);
        sidebar->rename(id);
        QInputDialog *rename = nullptr;
        QTRY_VERIFY((rename = chat.page->findChild<QInputDialog *>(u"renameDialog"_s)));
        rename->setTextValue(u"  Small talk  "_s);
        rename->accept();
        QCOMPARE(list->item(0)->text(), u"Small talk"_s);
        QCOMPARE(chat.store.conversation(id)->title, u"Small talk"_s);

        const QString exported = folder + u"/small-talk.md"_s;
        sidebar->exportMarkdown(id);
        QFileDialog *files = nullptr;
        QTRY_VERIFY((files = chat.page->findChild<QFileDialog *>(u"exportDialog"_s)));
        files->selectFile(exported);
        Q_EMIT files->fileSelected(exported);
        files->close();
        QFile markdown(exported);
        QVERIFY(markdown.open(QIODevice::ReadOnly));
        const QString text = QString::fromUtf8(markdown.readAll());
        QVERIFY2(text.startsWith(u"# Small talk\n"_s) && text.contains(u"All **good**."_s) && text.contains(u"> fine"_s),
                 qPrintable(text));

        sidebar->remove(id);
        QMessageBox *box = nullptr;
        QTRY_VERIFY((box = chat.page->findChild<QMessageBox *>(u"deleteChatBox"_s)));
        box->button(QMessageBox::Cancel)->click(); // asked, and kept
        QCOMPARE(list->count(), 1);
        QTRY_VERIFY(!chat.page->findChild<QMessageBox *>(u"deleteChatBox"_s)); // closed and gone
        sidebar->remove(id);
        QTRY_VERIFY((box = chat.page->findChild<QMessageBox *>(u"deleteChatBox"_s)));
        box->button(QMessageBox::Yes)->click();
        QTRY_COMPARE(list->count(), 0);
        QVERIFY(!chat.store.conversation(id));
        QCOMPARE(chat.session->conversationId(), qint64(0)); // the open chat was the deleted one
        QCOMPARE(chat.widgets().size(), 0);
    }

    // Killed in the middle of an answer: the history has the question and the answer so far,
    // marked interrupted, and the page shows both.
    void recoveryAfterAKill()
    {
        const QString folder = newFolder();
        QDir().mkpath(folder);
        const QString database = folder + u"/chats.sqlite"_s;
        QProcess writer;
        writer.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        writer.start(QStringLiteral(DESKSEEK_CHAT_WRITER), {database, m_model, u"Tell me a long story."_s});
        QVERIFY(writer.waitForStarted());
        // Wait until part of the answer is in the database, then kill the process.
        qsizetype seen = 0;
        QElapsedTimer clock;
        clock.start();
        while (clock.elapsed() < 60000 && writer.state() == QProcess::Running) {
            chat::ChatStore peek;
            if (peek.open(database)) {
                const auto chats = peek.conversations();
                if (!chats.isEmpty()) {
                    const auto messages = peek.messages(chats.first().id);
                    if (messages.size() == 2)
                        seen = (messages.last().reasoning + messages.last().content).size();
                }
            }
            if (seen > 20)
                break;
            QTest::qWait(20);
        }
        QVERIFY2(seen > 20 && writer.state() == QProcess::Running, "the answer did not start");
        writer.kill();
        QVERIFY(writer.waitForFinished());

        Chat chat(folder, std::make_unique<tests::ScriptedGenerator>(), database);
        const auto chats = chat.store.conversations();
        QCOMPARE(chats.size(), 1);
        const auto messages = chat.store.messages(chats.first().id);
        QCOMPARE(messages.size(), 2);
        QCOMPARE(messages.first().content, u"Tell me a long story."_s);
        QCOMPARE(messages.last().state, Message::State::Interrupted);
        const qsizetype kept = (messages.last().reasoning + messages.last().content).size();
        QVERIFY2(kept >= seen, qPrintable(u"%1 kept, %2 seen before the kill"_s.arg(kept).arg(seen)));
        chat.session->open(chats.first().id);
        QCOMPARE(chat.widgets().size(), 2);
        QVERIFY(chat.widgets().last()->findChild<QLabel *>(u"messageMeta"_s)->text().contains(u"Interrupted"_s));
    }
};

QTEST_MAIN(TestChatPage)
#include "tst_chatpage.moc"
