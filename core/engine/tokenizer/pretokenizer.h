#pragma once

#include "engine/result.h"

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace deskseek::engine::tokenizer {

// The regex splits that cut text into words before BPE ("Isolated" splits: matches and the
// text between them both become pieces). PCRE2 with Unicode properties and JIT.
class PreTokenizer
{
public:
    static Result<std::shared_ptr<const PreTokenizer>> create(const std::vector<std::string> &patterns);
    ~PreTokenizer();
    PreTokenizer(const PreTokenizer &) = delete;
    PreTokenizer &operator=(const PreTokenizer &) = delete;

    // Appends the pieces of text (valid UTF-8) to pieces, as views into text. Throws
    // EngineException if the regex engine fails (Tokenizer::encode turns it into an Error).
    void split(std::string_view text, std::vector<std::string_view> &pieces) const;

    // The patterns llama.cpp knows by name (tokenizer.ggml.pre), and the name for a pattern list.
    static std::vector<std::string> knownPatterns(const std::string &name);
    static std::string knownName(const std::vector<std::string> &patterns);

private:
    PreTokenizer() = default;
    void splitWith(std::size_t pattern, std::string_view text,
                   std::vector<std::string_view> &pieces) const;
    std::vector<void *> m_codes; // pcre2_code_8 *
};

} // namespace deskseek::engine::tokenizer
