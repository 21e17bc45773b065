// chat_screenshots: the chat page with a conversation (a reasoning block, a code block, a table)
// in English and in Simplified Chinese, saved as PNG files. Run it under a real X server:
//   xvfb-run -s "-screen 0 1280x900x24" build/tests/chat_screenshots OUTPUT_FOLDER
// The answer comes from a scripted stand-in for the engine, so the pictures show exact text.

#include "tools/processevents.h"
#include "fixtures/scriptedgenerator.h"

#include "chat/chatengine.h"
#include "chat/chatsession.h"
#include "chat/chatstore.h"
#include "chat/messageview.h"
#include "chat/messagewidget.h"
#include "chat/modelbar.h"
#include "i18n/translations.h"
#include "pages/chatpage.h"
#include "settings/appsettings.h"

#include <QApplication>
#include <QDir>
#include <QPlainTextEdit>
#include <QTemporaryDir>

#include <cstdio>

using namespace Qt::StringLiterals;
using namespace deskseek;

namespace {

QStringList answerPieces(bool chinese)
{
    const QString reasoning = chinese ? u"用户想要一个反转字符串的函数。Python 里切片 [::-1] 最简单，再比较一下几种写法的速度。\n"_s
                                      : u"The user wants a function that reverses a string. Slicing with [::-1] is the "
                                        "simplest in Python; let me compare it with the other ways.\n"_s;
    const QString answer = chinese ? u"## 反转字符串\n\n用切片最简单：\n\n```python\ndef reverse(text: str) -> str:\n    return text[::-1]\n\n"
                                     "print(reverse(\"深度求索\"))  # 索求度深\n```\n\n| 方法 | 100 万字符用时 | 说明 |\n|:---|---:|---|\n"
                                     "| `text[::-1]` | 0.6 ms | **最快** |\n| `''.join(reversed(text))` | 9.8 ms | 可读性好 |\n"
                                     "| 循环拼接 | 95 ms | 不推荐 |\n\n- 切片会生成新字符串\n- 对 *组合字符* 要小心\n"_s
                                   : u"## Reversing a string\n\nSlicing is the simplest way:\n\n```python\ndef reverse(text: str) -> str:\n"
                                     "    return text[::-1]\n\nprint(reverse(\"DeepSeek\"))  # keeSpeeD\n```\n\n"
                                     "| Method | 1M characters | Note |\n|:---|---:|---|\n| `text[::-1]` | 0.6 ms | **fastest** |\n"
                                     "| `''.join(reversed(text))` | 9.8 ms | readable |\n| loop and `+=` | 95 ms | avoid |\n\n"
                                     "- Slicing makes a new string\n- Be careful with *combining characters*\n"_s;
    QStringList pieces;
    const QString all = reasoning + u"</think>\n\n"_s + answer;
    for (qsizetype i = 0; i < all.size(); i += 6)
        pieces << all.mid(i, 6);
    return pieces;
}

bool shoot(const QString &language, const QString &path, QTemporaryDir &dir)
{
    i18n::Translations translations;
    translations.apply(language);
    settings::AppSettings settings(dir.filePath(u"settings-%1.ini"_s.arg(language)));
    settings.setModelDirectory(dir.filePath(u"models"_s));
    auto generator = std::make_unique<tests::ScriptedGenerator>();
    generator->pieces = answerPieces(language.startsWith(u"zh"_s));
    generator->pieceMs = 40;
    chat::ChatEngine engine(std::move(generator));
    chat::ChatStore store;
    if (!store.open(dir.filePath(u"chats-%1.sqlite"_s.arg(language))))
        return false;
    chat::ChatSession session(store, engine);
    ui::ChatPage page(settings, ui::ChatServices{store, engine, session});
    page.resize(1180, 860);
    page.show();
    page.modelBar()->addPath(u"/models/DeepSeek-R1-Distill-Qwen-7B/DeepSeek-R1-Distill-Qwen-7B-Q4_0.gguf"_s);
    auto *input = page.findChild<QPlainTextEdit *>(u"chatInput"_s);
    input->setPlainText(language.startsWith(u"zh"_s) ? u"用 Python 写一个反转字符串的函数，并比较几种写法的速度。"_s
                                                     : u"Write a Python function that reverses a string, and compare the ways to do it."_s);
    page.send();
    tests::waitUntil([&] { return engine.state() == chat::ChatEngine::State::Ready && !session.busy() && session.messages().size() >= 2; },
                     20000);
    tests::processEventsFor(300);
    // Show the reasoning opened, as a user who clicked "Thought for N s" sees it.
    const auto widgets = page.findChild<ui::MessageView *>(u"messageView"_s)->messageWidgets();
    if (!widgets.isEmpty())
        widgets.last()->setReasoningExpanded(true);
    tests::processEventsFor(300);
    return page.grab().save(path);
}

} // namespace

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    if (argc != 2) {
        std::fprintf(stderr, "usage: chat_screenshots OUTPUT_FOLDER\n");
        return 2;
    }
    const QString folder = QString::fromLocal8Bit(argv[1]);
    QDir().mkpath(folder);
    QTemporaryDir dir;
    bool ok = true;
    for (const QString &language : {u"en"_s, u"zh_CN"_s}) {
        const QString path = folder + u"/chat-%1.png"_s.arg(language);
        ok = shoot(language, path, dir) && ok;
        std::printf("%s\n", qPrintable(path));
    }
    return ok ? 0 : 1;
}
