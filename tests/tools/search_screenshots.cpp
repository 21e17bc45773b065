// search_screenshots: the chat with "Search the web" on (an answer with numbered citations and
// its sources) and Settings → Search, in English and in Simplified Chinese, saved as PNG files.
// The web is a loopback stand-in (a SearXNG instance and news pages) and the answer comes from
// a scripted stand-in for the engine, so the pictures show exact text. Under a real X server:
//   xvfb-run -a -s "-screen 0 1280x900x24" build/tests/search_screenshots OUTPUT_FOLDER

#include "tools/processevents.h"
#include "fixtures/fakeweb.h"
#include "fixtures/scriptedgenerator.h"

#include "chat/chatengine.h"
#include "chat/chatsession.h"
#include "chat/chatstore.h"
#include "chat/messageview.h"
#include "chat/messagewidget.h"
#include "chat/modelbar.h"
#include "i18n/translations.h"
#include "pages/chatpage.h"
#include "pages/searchsettingsgroup.h"
#include "settings/appsettings.h"

#include <QApplication>
#include <QDir>
#include <QPlainTextEdit>
#include <QTemporaryDir>
#include <QToolButton>

#include <cstdio>

using namespace Qt::StringLiterals;
using namespace deskseek;

namespace {

QStringList pieces(const QString &text)
{
    QStringList out;
    for (qsizetype i = 0; i < text.size(); i += 8)
        out << text.mid(i, 8);
    return out;
}

bool shootChat(const QString &language, const QString &path, QTemporaryDir &dir)
{
    const bool chinese = language.startsWith(u"zh"_s);
    tests::FakeWeb web;
    if (chinese)
        web.serveSearch({{u"我市新建三座垃圾分类处理中心"_s, u"/gbk_news.html"_s, u"gbk_news.html"_s, "text/html; charset=gbk"},
                         {u"老城区改造：保留街巷肌理"_s, u"/old-town.html"_s, u"meta_charset_zh.html"_s, "text/html"}});
    else
        web.serveSearch({{u"City council approves new district cooling network"_s, u"/news/cooling-network"_s, u"news_cooling.html"_s},
                         {u"Night trains return to the northern line"_s, u"/rail/night-trains"_s, u"news_trains.html"_s}});

    i18n::Translations translations;
    translations.apply(language);
    settings::AppSettings settings(dir.filePath(u"settings-%1.ini"_s.arg(language)));
    settings.setModelDirectory(dir.filePath(u"models"_s));
    auto generator = std::make_unique<tests::ScriptedGenerator>();
    const QString reasoning = chinese ? u"用户问本市最近的城市建设新闻。第一篇是垃圾分类处理中心，第二篇是老城区改造。\n"_s
                                      : u"The user asks what is new in the city. Source 1 is about the cooling network, "
                                        "source 2 about the night trains.\n"_s;
    const QString answer = chinese
        ? u"最近有两项城市建设新闻：\n\n- **垃圾分类处理中心**：明年年底前新建三座，厨余垃圾日处理能力将从八百吨提高到两千吨，"
          "沼气用于发电 [citation:1]。\n- **老城区改造**：保留原有街巷肌理，涉及二十三条街巷、约一千二百户居民 [citation:2]。"_s
        : u"Two things are new:\n\n- **District cooling**: the council approved a network that cools the harbour quarter "
          "with river water, cutting air-conditioning power by about a third by 2029 [citation:1].\n- **Night trains** "
          "return to the northern line from the spring timetable, four trips a week each way [citation:2]."_s;
    generator->pieces = pieces(reasoning + u"</think>\n\n"_s + answer);
    generator->pieceMs = 25;
    chat::ChatEngine engine(std::move(generator));
    chat::ChatStore store;
    if (!store.open(dir.filePath(u"chats-%1.sqlite"_s.arg(language))))
        return false;
    chat::ChatSession session(store, engine);
    tools::WebSearchConfig config;
    config.providers = {u"searxng"_s};
    config.endpoints.insert(u"searxng"_s, web.url(QString()));
    session.setSearchConfig([config] { return config; });
    ui::ChatPage page(settings, ui::ChatServices{store, engine, session});
    page.resize(1180, 860);
    page.show();
    page.modelBar()->addPath(u"/models/DeepSeek-R1-Distill-Qwen-7B/DeepSeek-R1-Distill-Qwen-7B-Q4_0.gguf"_s);
    page.findChild<QToolButton *>(u"searchToggle"_s)->setChecked(true);
    page.findChild<QPlainTextEdit *>(u"chatInput"_s)->setPlainText(chinese ? u"本市最近有什么城市建设新闻？"_s
                                                                           : u"What is new in the city this month?"_s);
    page.send();
    tests::waitUntil([&] { return engine.state() == chat::ChatEngine::State::Ready && !session.busy() && session.messages().size() >= 2; },
                     20000);
    tests::processEventsFor(400);
    return page.grab().save(path);
}

bool shootSettings(const QString &language, const QString &path, QTemporaryDir &dir)
{
    i18n::Translations translations;
    translations.apply(language);
    settings::AppSettings settings(dir.filePath(u"search-settings-%1.ini"_s.arg(language)));
    settings.setLanguage(language);
    settings.setSearchKey(u"bocha"_s, u"sk-bocha-example"_s);
    ui::SearchSettingsGroup group(settings);
    group.resize(760, group.sizeHint().height());
    group.show();
    tests::processEventsFor(300);
    return group.grab().save(path);
}

} // namespace

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    if (argc != 2) {
        std::fprintf(stderr, "usage: search_screenshots OUTPUT_FOLDER\n");
        return 2;
    }
    const QString folder = QString::fromLocal8Bit(argv[1]);
    QDir().mkpath(folder);
    QTemporaryDir dir;
    bool ok = true;
    for (const QString &language : {u"en"_s, u"zh_CN"_s}) {
        const QString chat = folder + u"/chat-search-%1.png"_s.arg(language);
        const QString settings = folder + u"/settings-search-%1.png"_s.arg(language);
        ok = shootChat(language, chat, dir) && ok;
        ok = shootSettings(language, settings, dir) && ok;
        std::printf("%s\n%s\n", qPrintable(chat), qPrintable(settings));
    }
    return ok ? 0 : 1;
}
