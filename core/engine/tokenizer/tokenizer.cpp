#include "engine/tokenizer/tokenizer.h"

#include "engine/tokenizer/bytelevel.h"
#include "engine/tokenizer/normalizer.h"
#include "engine/tokenizer/pretokenizer.h"
#include "engine/tokenizer/utf8.h"

#include <algorithm>
#include <cstdio>
#include <queue>

namespace deskseek::engine::tokenizer {

namespace {
constexpr std::size_t kMaxCachedWords = 1 << 17;
constexpr std::size_t kMaxCachedWordBytes = 256;
constexpr std::int32_t kMaxTokens = 1 << 24;

std::uint64_t pairKey(std::int32_t left, std::int32_t right)
{
    return (static_cast<std::uint64_t>(static_cast<std::uint32_t>(left)) << 32)
           | static_cast<std::uint32_t>(right);
}

bool isWhitespace(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}
} // namespace

Result<std::shared_ptr<const Tokenizer>> Tokenizer::create(Vocabulary vocabulary)
{
    return catchErrors([&]() -> std::shared_ptr<const Tokenizer> {
        std::shared_ptr<Tokenizer> tokenizer(new Tokenizer);
        tokenizer->m_vocabulary = std::move(vocabulary);
        tokenizer->build();
        return tokenizer;
    });
}

void Tokenizer::build()
{
    const Vocabulary &v = m_vocabulary;
    if (v.tokens.empty() || v.tokens.size() > static_cast<std::size_t>(kMaxTokens))
        fail(ErrorCode::Corrupt, "The tokenizer has " + std::to_string(v.tokens.size()) + " tokens.");
    if (v.types.size() != v.tokens.size())
        fail(ErrorCode::Corrupt, "The tokenizer's token types do not match its tokens.");
    auto pre = PreTokenizer::create(v.splitPatterns);
    if (!pre)
        throw EngineException(pre.error().code, pre.error().message);
    m_preTokenizer = pre.value();

    const std::size_t count = v.tokens.size();
    m_bytes.resize(count);
    m_special.assign(count, false);
    m_addedIndex.assign(count, -1);
    for (std::size_t i = 0; i < v.addedTokens.size(); ++i) {
        const AddedToken &token = v.addedTokens[i];
        if (token.id < 0 || static_cast<std::size_t>(token.id) >= count || token.content.empty())
            fail(ErrorCode::Corrupt, "The added token '" + token.content + "' has an invalid id "
                                         + std::to_string(token.id) + ".");
        m_addedIndex[static_cast<std::size_t>(token.id)] = static_cast<std::int32_t>(i);
    }
    std::fill(std::begin(m_byteIds), std::end(m_byteIds), -1);
    std::size_t bpeBytes = 0;
    // Only normal tokens take part in BPE (not "<0x0A>" byte-fallback tokens, not padding).
    const auto inBpe = [&](std::size_t id) {
        return v.types[id] == TokenType::Normal && !added(static_cast<std::int32_t>(id));
    };
    for (std::size_t id = 0; id < count; ++id) {
        if (const AddedToken *token = added(static_cast<std::int32_t>(id))) {
            m_bytes[id] = token->content;
            m_special[id] = token->special;
            continue;
        }
        m_bytes[id] = byteLevelDecode(v.tokens[id]);
        m_special[id] = v.types[id] == TokenType::Control;
        if (inBpe(id))
            bpeBytes += m_bytes[id].size();
    }
    // The BPE tokens' bytes as they are now (byte fallback below changes some of m_bytes), one
    // string that the keys view: no string of its own per key.
    m_bpeText.reserve(bpeBytes);
    m_bpeIds.reserve(count);
    for (std::size_t id = 0; id < count; ++id) {
        if (!inBpe(id))
            continue;
        const std::size_t at = m_bpeText.size();
        m_bpeText += m_bytes[id];
        m_bpeIds.emplace(std::string_view(m_bpeText).substr(at, m_bytes[id].size()), static_cast<std::int32_t>(id));
        if (m_bytes[id].size() == 1)
            m_byteIds[static_cast<unsigned char>(m_bytes[id][0])] = static_cast<std::int32_t>(id);
    }

    std::fill(std::begin(m_fallbackIds), std::end(m_fallbackIds), -1);
    if (v.byteFallback) {
        for (std::size_t id = 0; id < count; ++id) {
            const std::string &token = v.tokens[id];
            unsigned int byte = 0;
            if (token.size() == 6 && token.compare(0, 3, "<0x") == 0 && token[5] == '>'
                && std::sscanf(token.c_str() + 3, "%2X", &byte) == 1) {
                m_fallbackIds[byte] = static_cast<std::int32_t>(id);
                m_bytes[id] = std::string(1, static_cast<char>(byte)); // decodes to the byte itself
            }
        }
    }

    m_merges.reserve(v.merges.size());
    for (std::size_t rank = 0; rank < v.merges.size(); ++rank) {
        const std::string &merge = v.merges[rank];
        const std::size_t space = merge.find(' ', 1);
        if (space == std::string::npos)
            fail(ErrorCode::Corrupt, "Merge " + std::to_string(rank) + " ('" + merge
                                         + "') is not two tokens separated by a space.");
        const std::string left = byteLevelDecode(std::string_view(merge).substr(0, space));
        const std::string right = byteLevelDecode(std::string_view(merge).substr(space + 1));
        const auto leftId = m_bpeIds.find(left);
        const auto rightId = m_bpeIds.find(right);
        const auto resultId = m_bpeIds.find(left + right);
        if (leftId == m_bpeIds.end() || rightId == m_bpeIds.end() || resultId == m_bpeIds.end())
            fail(ErrorCode::Corrupt, "Merge " + std::to_string(rank) + " ('" + merge
                                         + "') uses a token that is not in the vocabulary.");
        m_merges.emplace(pairKey(leftId->second, rightId->second),
                         Merge{static_cast<std::int32_t>(rank), resultId->second});
    }

    // The trie of added tokens.
    m_trieToken.assign(1, -1);
    for (const AddedToken &token : v.addedTokens) {
        std::uint64_t node = 0;
        for (unsigned char c : token.content) {
            const std::uint64_t key = (node << 8) | c;
            const auto it = m_trieEdges.find(key);
            if (it != m_trieEdges.end()) {
                node = static_cast<std::uint64_t>(it->second);
            } else {
                const auto child = static_cast<std::int32_t>(m_trieToken.size());
                m_trieToken.push_back(-1);
                m_trieEdges.emplace(key, child);
                node = static_cast<std::uint64_t>(child);
            }
        }
        m_trieToken[node] = token.id;
    }

    // What encoding and decoding need is built: the vocabulary's own strings go (some 300000 of
    // them in a 150000-token vocabulary).
    m_vocabulary.tokens = {};
    m_vocabulary.types = {};
    m_vocabulary.merges = {};
}

const AddedToken *Tokenizer::added(std::int32_t id) const
{
    const std::int32_t index = m_addedIndex[static_cast<std::size_t>(id)];
    return index < 0 ? nullptr : &m_vocabulary.addedTokens[static_cast<std::size_t>(index)];
}

const std::string &Tokenizer::tokenBytes(std::int32_t id) const
{
    static const std::string kNone;
    if (id < 0 || id >= size())
        return kNone;
    return m_bytes[id];
}

bool Tokenizer::isSpecial(std::int32_t id) const
{
    return id >= 0 && id < size() && m_special[id];
}

std::optional<std::int32_t> Tokenizer::findToken(std::string_view text) const
{
    for (std::size_t id = 0; id < m_bytes.size(); ++id) {
        if (m_bytes[id] == text)
            return static_cast<std::int32_t>(id);
    }
    return std::nullopt;
}

Result<std::vector<std::int32_t>> Tokenizer::encode(std::string_view input, bool parseSpecial) const
{
    return catchErrors([&] {
        std::string sanitized;
        if (!isValidUtf8(input)) {
            sanitized = sanitizeUtf8(input);
            input = sanitized;
        }
        std::vector<std::int32_t> ids;
        ids.reserve(input.size() / 3 + 4);
        if (!parseSpecial || m_vocabulary.addedTokens.empty()) {
            encodeText(input, ids);
            return ids;
        }
        // Leftmost-longest matches of added tokens; the text between them goes through BPE.
        std::size_t textStart = 0;
        bool stripNextStart = false;
        std::size_t i = 0;
        while (i < input.size()) {
            std::uint64_t node = 0;
            std::int32_t found = -1;
            std::size_t foundEnd = 0;
            for (std::size_t j = i; j < input.size(); ++j) {
                const auto it = m_trieEdges.find((node << 8) | static_cast<unsigned char>(input[j]));
                if (it == m_trieEdges.end())
                    break;
                node = static_cast<std::uint64_t>(it->second);
                if (m_trieToken[node] >= 0) {
                    found = m_trieToken[node];
                    foundEnd = j + 1;
                }
            }
            if (found < 0) {
                ++i;
                continue;
            }
            std::string_view before = input.substr(textStart, i - textStart);
            const AddedToken &token = *added(found);
            if (stripNextStart)
                while (!before.empty() && isWhitespace(static_cast<unsigned char>(before.front())))
                    before.remove_prefix(1);
            if (token.lstrip)
                while (!before.empty() && isWhitespace(static_cast<unsigned char>(before.back())))
                    before.remove_suffix(1);
            encodeText(before, ids);
            ids.push_back(found);
            stripNextStart = token.rstrip;
            i = foundEnd;
            textStart = i;
        }
        std::string_view rest = input.substr(textStart);
        if (stripNextStart)
            while (!rest.empty() && isWhitespace(static_cast<unsigned char>(rest.front())))
                rest.remove_prefix(1);
        encodeText(rest, ids);
        return ids;
    });
}

void Tokenizer::encodeText(std::string_view text, std::vector<std::int32_t> &ids) const
{
    if (text.empty())
        return;
    std::string normalized;
    if (m_vocabulary.normalizeNfc) {
        normalized = normalizeNfc(text);
        text = normalized;
    }
    std::vector<std::string_view> pieces;
    m_preTokenizer->split(text, pieces);
    for (std::string_view piece : pieces)
        encodeWord(piece, ids);
}

void Tokenizer::encodeWord(std::string_view word, std::vector<std::int32_t> &ids) const
{
    if (word.empty())
        return;
    if (word.size() == 1 && m_byteIds[static_cast<unsigned char>(word[0])] >= 0) {
        ids.push_back(m_byteIds[static_cast<unsigned char>(word[0])]);
        return;
    }
    if (word.size() <= kMaxCachedWordBytes) {
        std::lock_guard lock(m_cacheMutex);
        const auto cached = m_cache.find(std::string(word));
        if (cached != m_cache.end()) {
            ids.insert(ids.end(), cached->second.begin(), cached->second.end());
            return;
        }
    }
    std::vector<std::int32_t> result;
    bpe(word, result);
    ids.insert(ids.end(), result.begin(), result.end());
    if (word.size() <= kMaxCachedWordBytes) {
        std::lock_guard lock(m_cacheMutex);
        if (m_cache.size() >= kMaxCachedWords)
            m_cache.clear();
        m_cache.emplace(std::string(word), std::move(result));
    }
}

void Tokenizer::bpe(std::string_view word, std::vector<std::int32_t> &ids) const
{
    // Bytes without a token of their own (only in vocabularies that lack some byte stand-ins)
    // split the word: the runs between them are merged separately, in order.
    std::vector<std::int32_t> run;
    for (std::size_t i = 0; i < word.size(); ++i) {
        const auto byte = static_cast<unsigned char>(word[i]);
        if (m_byteIds[byte] >= 0) {
            run.push_back(m_byteIds[byte]);
            continue;
        }
        merge(run, ids);
        run.clear();
        if (m_fallbackIds[byte] >= 0) // byte fallback: "<0xAB>"
            ids.push_back(m_fallbackIds[byte]);
        else if (m_vocabulary.unknownId)
            ids.push_back(*m_vocabulary.unknownId);
    }
    merge(run, ids);
}

void Tokenizer::merge(const std::vector<std::int32_t> &initial, std::vector<std::int32_t> &ids) const
{
    struct Symbol
    {
        std::int32_t id;
        std::int32_t prev;
        std::int32_t next;
    };
    if (initial.empty())
        return;
    std::vector<Symbol> symbols;
    symbols.reserve(initial.size());
    for (std::int32_t id : initial) {
        const auto index = static_cast<std::int32_t>(symbols.size());
        symbols.push_back({id, index - 1, index + 1});
    }
    symbols.back().next = -1;

    struct Candidate
    {
        std::int32_t rank;
        std::int32_t position; // index of the left symbol
        std::int32_t left;
        std::int32_t right;
        bool operator>(const Candidate &other) const
        {
            return rank != other.rank ? rank > other.rank : position > other.position;
        }
    };
    std::priority_queue<Candidate, std::vector<Candidate>, std::greater<>> queue;
    const auto consider = [&](std::int32_t position) {
        if (position < 0 || symbols[position].next < 0)
            return;
        const Symbol &left = symbols[position];
        const Symbol &right = symbols[left.next];
        const auto it = m_merges.find(pairKey(left.id, right.id));
        if (it != m_merges.end())
            queue.push({it->second.rank, position, left.id, right.id});
    };
    for (std::int32_t i = 0; i + 1 < static_cast<std::int32_t>(symbols.size()); ++i)
        consider(i);
    while (!queue.empty()) {
        const Candidate top = queue.top();
        queue.pop();
        Symbol &left = symbols[top.position];
        // Stale entries: the symbol was merged away or changed since it was queued.
        if (left.id != top.left || left.next < 0 || symbols[left.next].id != top.right)
            continue;
        const std::int32_t rightIndex = left.next;
        left.id = m_merges.at(pairKey(top.left, top.right)).result;
        left.next = symbols[rightIndex].next;
        if (left.next >= 0)
            symbols[left.next].prev = top.position;
        symbols[rightIndex].id = -1; // dead
        consider(left.prev);
        consider(top.position);
    }
    for (std::int32_t i = 0; i >= 0; i = symbols[i].next)
        ids.push_back(symbols[i].id);
}

std::string Tokenizer::decode(const std::vector<std::int32_t> &ids, bool skipSpecial) const
{
    std::string text;
    for (std::int32_t id : ids) {
        if (id < 0 || id >= size() || (skipSpecial && m_special[id]))
            continue;
        text += m_bytes[id];
    }
    return text;
}

} // namespace deskseek::engine::tokenizer
