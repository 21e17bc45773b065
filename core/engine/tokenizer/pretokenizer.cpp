#include "engine/tokenizer/pretokenizer.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "engine/error.h"

namespace deskseek::engine::tokenizer {

namespace {

// Qwen2 / Qwen3 / R1-Distill-Qwen.
const char *const kQwen2
    = R"((?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+)";
// Llama 3 / R1-Distill-Llama: like Qwen2 but numbers in groups of up to three digits.
const char *const kLlama3
    = R"((?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+)";
// DeepSeek-V3 / R1: three splits in sequence.
const char *const kDeepSeekV3[] = {
    R"(\p{N}{1,3})",
    "[\u4e00-\u9fa5\u3040-\u309f\u30a0-\u30ff]+",
    R"([!"#$%&'()*+,\-./:;<=>?@\[\\\]^_`{|}~][A-Za-z]+|[^\r\n\p{L}\p{P}\p{S}]?[\p{L}\p{M}]+| ?[\p{P}\p{S}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+)",
};

struct MatchState
{
    pcre2_match_data *data = nullptr;
    pcre2_match_context *context = nullptr;
    pcre2_jit_stack *stack = nullptr;
    MatchState()
    {
        data = pcre2_match_data_create(32, nullptr);
        context = pcre2_match_context_create(nullptr);
        stack = pcre2_jit_stack_create(32 * 1024, 4 * 1024 * 1024, nullptr);
        if (context && stack)
            pcre2_jit_stack_assign(context, nullptr, stack);
    }
    ~MatchState()
    {
        pcre2_jit_stack_free(stack);
        pcre2_match_context_free(context);
        pcre2_match_data_free(data);
    }
};

MatchState &matchState()
{
    thread_local MatchState state; // per thread: PCRE2 match data is not shareable
    return state;
}

} // namespace

std::vector<std::string> PreTokenizer::knownPatterns(const std::string &name)
{
    if (name == "qwen2" || name == "deepseek-r1-qwen")
        return {kQwen2};
    if (name == "llama-bpe" || name == "llama3")
        return {kLlama3};
    if (name == "deepseek-v3")
        return {std::begin(kDeepSeekV3), std::end(kDeepSeekV3)};
    return {};
}

std::string PreTokenizer::knownName(const std::vector<std::string> &patterns)
{
    // tokenizer.json files write CR and LF inside classes either escaped or literally.
    const auto canonical = [](std::vector<std::string> list) {
        for (std::string &pattern : list) {
            std::string out;
            for (char c : pattern)
                out += c == '\r' ? std::string("\\r") : c == '\n' ? std::string("\\n") : std::string(1, c);
            pattern = out;
        }
        return list;
    };
    for (const char *name : {"qwen2", "llama-bpe", "deepseek-v3"}) {
        if (canonical(knownPatterns(name)) == canonical(patterns))
            return name;
    }
    return {};
}

Result<std::shared_ptr<const PreTokenizer>> PreTokenizer::create(const std::vector<std::string> &patterns)
{
    std::shared_ptr<PreTokenizer> result(new PreTokenizer);
    for (const std::string &pattern : patterns) {
        int errorCode = 0;
        PCRE2_SIZE errorOffset = 0;
        pcre2_code *code = pcre2_compile(reinterpret_cast<PCRE2_SPTR>(pattern.data()), pattern.size(),
                                         PCRE2_UTF | PCRE2_UCP, &errorCode, &errorOffset, nullptr);
        if (!code) {
            PCRE2_UCHAR message[256];
            pcre2_get_error_message(errorCode, message, sizeof message);
            return Error{ErrorCode::Corrupt, "The tokenizer's pre-tokenizer pattern is invalid at offset "
                                                 + std::to_string(errorOffset) + ": "
                                                 + reinterpret_cast<const char *>(message)};
        }
        pcre2_jit_compile(code, PCRE2_JIT_COMPLETE); // without JIT it still works, slower
        result->m_codes.push_back(code);
    }
    return std::shared_ptr<const PreTokenizer>(std::move(result));
}

PreTokenizer::~PreTokenizer()
{
    for (void *code : m_codes)
        pcre2_code_free(static_cast<pcre2_code *>(code));
}

void PreTokenizer::split(std::string_view text, std::vector<std::string_view> &pieces) const
{
    if (m_codes.empty()) {
        if (!text.empty())
            pieces.push_back(text);
        return;
    }
    std::vector<std::string_view> current{text};
    std::vector<std::string_view> next;
    for (std::size_t pattern = 0; pattern < m_codes.size(); ++pattern) {
        next.clear();
        for (std::string_view piece : current)
            splitWith(pattern, piece, next);
        current.swap(next);
    }
    pieces.insert(pieces.end(), current.begin(), current.end());
}

void PreTokenizer::splitWith(std::size_t pattern, std::string_view text,
                             std::vector<std::string_view> &pieces) const
{
    auto *code = static_cast<pcre2_code *>(m_codes[pattern]);
    MatchState &state = matchState();
    if (!state.data || !state.context)
        fail(ErrorCode::Io, "Out of memory while splitting text into words.");
    const auto *subject = reinterpret_cast<PCRE2_SPTR>(text.data());
    std::size_t offset = 0;
    std::size_t emitted = 0;
    while (offset < text.size()) {
        const int matched = pcre2_match(code, subject, text.size(), offset, PCRE2_NO_UTF_CHECK,
                                        state.data, state.context);
        if (matched == PCRE2_ERROR_NOMATCH)
            break;
        if (matched < 0) {
            PCRE2_UCHAR message[256];
            pcre2_get_error_message(matched, message, sizeof message);
            fail(ErrorCode::InvalidArgument, std::string("The text cannot be split into words: ")
                                                 + reinterpret_cast<const char *>(message));
        }
        const PCRE2_SIZE *ovector = pcre2_get_ovector_pointer(state.data);
        const std::size_t start = ovector[0];
        const std::size_t end = ovector[1];
        if (end == start) { // an empty match: step over one character
            offset = start + 1;
            while (offset < text.size() && (static_cast<unsigned char>(text[offset]) & 0xc0) == 0x80)
                ++offset;
            continue;
        }
        if (start > emitted)
            pieces.push_back(text.substr(emitted, start - emitted));
        pieces.push_back(text.substr(start, end - start));
        emitted = end;
        offset = end;
    }
    if (emitted < text.size())
        pieces.push_back(text.substr(emitted));
}

} // namespace deskseek::engine::tokenizer
