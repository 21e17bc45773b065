#pragma once

#include "engine/result.h"
#include "engine/tokenizer/vocabulary.h"

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace deskseek::engine::tokenizer {

class PreTokenizer;

// Byte-level BPE: added tokens are matched first (longest, leftmost), the rest is normalized
// (NFC where the tokenizer asks), split by the pre-tokenizer regexes, and merged by rank.
// Thread-safe: encode and decode may be called from several threads.
class Tokenizer
{
public:
    static Result<std::shared_ptr<const Tokenizer>> create(Vocabulary vocabulary);

    // parseSpecial: added tokens written in the text ("<|im_end|>") become their ids; when false,
    // they are tokenized as ordinary text (for untrusted user input).
    Result<std::vector<std::int32_t>> encode(std::string_view text, bool parseSpecial = true) const;

    // The bytes of the tokens joined; skipSpecial drops control tokens. May end in the middle of
    // a UTF-8 character when ids do (see IncrementalDecoder for streaming).
    std::string decode(const std::vector<std::int32_t> &ids, bool skipSpecial = false) const;

    // The raw bytes a token stands for; empty for an id out of range.
    const std::string &tokenBytes(std::int32_t id) const;
    bool isSpecial(std::int32_t id) const;
    std::optional<std::int32_t> findToken(std::string_view bytes) const; // the first token of exactly these bytes
    std::int32_t size() const { return static_cast<std::int32_t>(m_bytes.size()); }
    // The vocabulary it was made from, less its tokens, types and merges: once built, the
    // tokenizer holds those in its own form only (size(), tokenBytes(), isSpecial()).
    const Vocabulary &vocabulary() const { return m_vocabulary; }

private:
    Tokenizer() = default;
    void build();
    void encodeText(std::string_view text, std::vector<std::int32_t> &ids) const;
    void encodeWord(std::string_view word, std::vector<std::int32_t> &ids) const;
    void bpe(std::string_view word, std::vector<std::int32_t> &ids) const;
    // Merges a run of token ids by rank (lowest first, leftmost on ties) and appends the result.
    void merge(const std::vector<std::int32_t> &initial, std::vector<std::int32_t> &ids) const;

    struct Merge
    {
        std::int32_t rank;
        std::int32_t result;
    };

    Vocabulary m_vocabulary;
    std::shared_ptr<const PreTokenizer> m_preTokenizer;
    std::vector<std::string> m_bytes;                     // raw bytes by id
    std::vector<bool> m_special;                          // by id
    std::string m_bpeText;                                      // the BPE tokens' bytes, one after another
    std::unordered_map<std::string_view, std::int32_t> m_bpeIds; // raw bytes (in m_bpeText) -> id
    std::unordered_map<std::uint64_t, Merge> m_merges;    // (left id, right id) -> merge
    std::int32_t m_byteIds[256] = {};                     // -1: no single-byte token
    std::int32_t m_fallbackIds[256] = {};                 // "<0xAB>" tokens; -1: none
    // Added tokens as a byte trie: node -> (byte -> child); a node's token id or -1.
    std::unordered_map<std::uint64_t, std::int32_t> m_trieEdges;
    std::vector<std::int32_t> m_trieToken;
    // By id: the token's index in m_vocabulary.addedTokens, or -1 (an int, not a copy of the
    // token: a vocabulary has some 150000 ids and a few hundred added tokens).
    std::vector<std::int32_t> m_addedIndex;
    const AddedToken *added(std::int32_t id) const;

    mutable std::mutex m_cacheMutex;
    mutable std::unordered_map<std::string, std::vector<std::int32_t>> m_cache;
};

} // namespace deskseek::engine::tokenizer
