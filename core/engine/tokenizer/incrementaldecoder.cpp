#include "engine/tokenizer/incrementaldecoder.h"

#include "engine/tokenizer/tokenizer.h"
#include "engine/tokenizer/utf8.h"

namespace deskseek::engine::tokenizer {

IncrementalDecoder::IncrementalDecoder(std::shared_ptr<const Tokenizer> tokenizer, bool skipSpecial)
    : m_tokenizer(std::move(tokenizer))
    , m_skipSpecial(skipSpecial)
{
}

std::string IncrementalDecoder::push(std::int32_t id)
{
    if (m_skipSpecial && m_tokenizer->isSpecial(id))
        return {};
    m_pending += m_tokenizer->tokenBytes(id);
    std::string out;
    std::size_t i = 0;
    while (i < m_pending.size()) {
        const int length = sequenceLength(m_pending, i);
        if (length < 0)
            break; // an unfinished character: keep it for the next token
        if (length == 0) {
            out += "\xef\xbf\xbd";
            ++i;
            continue;
        }
        out.append(m_pending, i, static_cast<std::size_t>(length));
        i += static_cast<std::size_t>(length);
    }
    m_pending.erase(0, i);
    return out;
}

std::string IncrementalDecoder::flush()
{
    std::string out = m_pending.empty() ? std::string() : sanitizeUtf8(m_pending);
    // An unfinished sequence at the end is a single replacement character, not one per byte.
    if (!m_pending.empty() && sequenceLength(m_pending, 0) < 0)
        out = "\xef\xbf\xbd";
    m_pending.clear();
    return out;
}

} // namespace deskseek::engine::tokenizer
