#include "tools/searchprompt.h"

#include <QFile>
#include <QLocale>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace deskseek::tools {

namespace {

constexpr auto kShortened = " […]";

// The longest start of `text` that fits `tokens`, cut after a sentence or a word where one is near.
QString cutToFit(const QString &text, int tokens, const SearchPrompt::TokenCounter &count)
{
    if (count(text) <= tokens)
        return text;
    qsizetype low = 0, high = text.size();
    while (low < high) { // the longest prefix whose count fits
        const qsizetype middle = (low + high + 1) / 2;
        if (count(text.left(middle)) <= tokens)
            low = middle;
        else
            high = middle - 1;
    }
    QString cut = text.left(low);
    // Back to the end of a sentence or a word in the last fifth, when there is one.
    const qsizetype floor = low - low / 5;
    for (qsizetype i = cut.size() - 1; i >= floor && i > 0; --i) {
        const QChar c = cut.at(i);
        if (c == u'.' || c == u'。' || c == u'!' || c == u'?' || c == u'！' || c == u'？' || c == u'\n') {
            cut.truncate(i + 1);
            return cut;
        }
    }
    const qsizetype space = cut.lastIndexOf(u' ');
    if (space >= floor && space > 0)
        cut.truncate(space);
    return cut;
}

} // namespace

bool SearchPrompt::isChinese(const QString &question)
{
    int han = 0, letters = 0;
    for (const char32_t c : question.toUcs4()) {
        if ((c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF))
            ++han;
        else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))
            ++letters;
    }
    // One Han character carries about a word: a question is Chinese when it has any and they
    // are not drowned in Latin text (a name or two in Chinese is still Chinese).
    return han > 0 && han * 4 >= letters / 5;
}

QString SearchPrompt::templateText(bool chinese)
{
    QFile file(chinese ? u":/search/search_answer_zh.txt"_s : u":/search/search_answer_en.txt"_s);
    if (!file.open(QIODevice::ReadOnly))
        return u"{search_results}\n{cur_date}\n{question}"_s; // cannot happen: compiled in
    return QString::fromUtf8(file.readAll());
}

QString SearchPrompt::dateText(const QDate &date, bool chinese)
{
    if (chinese) {
        static const char16_t *const kDays[] = {u"一", u"二", u"三", u"四", u"五", u"六", u"日"};
        return u"%1年%2月%3日星期%4"_s.arg(date.year())
            .arg(date.month(), 2, 10, QChar(u'0'))
            .arg(date.day(), 2, 10, QChar(u'0'))
            .arg(QString::fromUtf16(kDays[date.dayOfWeek() - 1]));
    }
    return QLocale(QLocale::English, QLocale::UnitedStates).toString(date, u"dddd, MMMM d, yyyy"_s);
}

QString SearchPrompt::sourceBlock(const WebSource &source, const QString &body)
{
    QString block = u"[webpage %1 begin]\n"_s.arg(source.index);
    if (!source.title.isEmpty())
        block += u"Title: %1\n"_s.arg(source.title);
    block += u"URL: %1\n"_s.arg(source.url.toString());
    if (!source.siteName.isEmpty())
        block += u"Site: %1\n"_s.arg(source.siteName);
    if (!source.date.isEmpty())
        block += u"Date: %1\n"_s.arg(source.date);
    block += body;
    block += u"\n[webpage %1 end]"_s.arg(source.index);
    return block;
}

int SearchPrompt::estimateTokens(const QString &text)
{
    int han = 0, other = 0;
    for (const QChar c : text) {
        if (c.unicode() >= 0x2E80)
            ++han;
        else
            ++other;
    }
    return han + (other + 2) / 3;
}

int SearchPrompt::sourceBudget(int contextLength, int otherTokens, qint64 answerTokens, const QString &question,
                               const TokenCounter &countTokens)
{
    const int reserve = int(std::min<qint64>(answerTokens, contextLength / 3));
    const int frame = countTokens(templateText(isChinese(question)) + question) + 16; // and the chat template's marks
    return std::max(contextLength / 4, contextLength - otherTokens - reserve - frame);
}

SearchPrompt::Built SearchPrompt::build(const QString &question, const QList<WebSource> &sources, const QDate &today,
                                        int budgetTokens, const TokenCounter &countTokens)
{
    const bool chinese = isChinese(question);
    Built built;
    // Every source first gets its frame (title, URL, markers); what is left of the budget is
    // shared out, and a source that needs less than its share leaves the rest to the others.
    QList<QString> bodies;
    QList<int> frameCosts, bodyCosts;
    int frames = 0;
    for (const WebSource &source : sources) {
        const QString body = source.text.isEmpty() ? source.snippet : source.text;
        bodies.append(body);
        frameCosts.append(countTokens(sourceBlock(source, {})) + 1);
        bodyCosts.append(countTokens(body));
    }
    QList<bool> kept(sources.size(), false);
    for (qsizetype i = 0; i < sources.size(); ++i) {
        if (frames + frameCosts.at(i) > budgetTokens)
            continue; // not even its frame fits
        frames += frameCosts.at(i);
        kept[i] = true;
    }
    int left = std::max(0, budgetTokens - frames);
    QList<int> shares(sources.size(), 0);
    QList<qsizetype> waiting;
    for (qsizetype i = 0; i < sources.size(); ++i)
        if (kept.at(i))
            waiting.append(i);
    // Water-filling: the smallest needs are met first.
    std::sort(waiting.begin(), waiting.end(), [&](qsizetype a, qsizetype b) { return bodyCosts.at(a) < bodyCosts.at(b); });
    for (qsizetype n = 0; n < waiting.size(); ++n) {
        const qsizetype i = waiting.at(n);
        const int fair = left / int(waiting.size() - n);
        shares[i] = std::min(bodyCosts.at(i), fair);
        left -= shares.at(i);
    }
    QStringList blocks;
    const int markCost = countTokens(QString::fromUtf8(kShortened));
    for (qsizetype i = 0; i < sources.size(); ++i) {
        if (!kept.at(i)) {
            ++built.droppedSources;
            continue;
        }
        QString body = bodies.at(i);
        if (shares.at(i) < bodyCosts.at(i)) {
            body = cutToFit(body, std::max(0, shares.at(i) - markCost), countTokens) + QString::fromUtf8(kShortened);
            ++built.shortenedSources;
        }
        const QString block = sourceBlock(sources.at(i), body);
        built.sourceTokens += countTokens(block) + 1;
        blocks.append(block);
    }
    // One pass over the template, so that a page or a question holding "{question}" stays as it is.
    const QString form = templateText(chinese);
    const QList<QPair<QString, QString>> fields{{u"{search_results}"_s, blocks.join(u'\n')},
                                                {u"{cur_date}"_s, dateText(today, chinese)},
                                                {u"{question}"_s, question}};
    for (qsizetype at = 0; at < form.size();) {
        bool filled = false;
        for (const auto &[name, value] : fields) {
            if (QStringView(form).mid(at).startsWith(name)) {
                built.text += value;
                at += name.size();
                filled = true;
                break;
            }
        }
        if (!filled)
            built.text += form.at(at++);
    }
    return built;
}

} // namespace deskseek::tools
