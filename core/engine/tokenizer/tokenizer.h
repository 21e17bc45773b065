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
    std::optional<std::int32_t> findToken(std::string_view text) const; // exact token text
    std::int32_t size() const { return static_cast<std::int32_t>(m_bytes.size()); }
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
    std::unordered_map<std::string, std::int32_t> m_bpeIds; // raw bytes -> id, BPE tokens
    std::unordered_map<std::uint64_t, Merge> m_merges;    // (left id, right id) -> merge
    std::int32_t m_byteIds[256] = {};                     // -1: no single-byte token
    std::int32_t m_fallbackIds[256] = {};                 // "<0xAB>" tokens; -1: none
    // Added tokens as a byte trie: node -> (byte -> child); a node's token id or -1.
    std::unordered_map<std::uint64_t, std::int32_t> m_trieEdges;
    std::vector<std::int32_t> m_trieToken;
    std::vector<AddedToken> m_addedById;                  // indexed like m_bytes; id -1 if none

    mutable std::mutex m_cacheMutex;
    mutable std::unordered_map<std::string, std::vector<std::int32_t>> m_cache;
};

} // namespace deskseek::engine::tokenizer
