#include "engine/tokenizer/bytelevel.h"

#include "engine/tokenizer/utf8.h"

#include <array>
#include <unordered_map>

namespace deskseek::engine::tokenizer {

namespace {
struct Tables
{
    std::array<char32_t, 256> toUnicode{};
    std::array<int, 324> toByte{}; // stand-ins are below U+0144

    Tables()
    {
        toByte.fill(-1);
        // Printable bytes stand for themselves; the others get U+0100 onwards, in byte order.
        const auto printable = [](int b) {
            return (b >= 33 && b <= 126) || (b >= 161 && b <= 172) || (b >= 174 && b <= 255);
        };
        char32_t next = 256;
        for (int b = 0; b < 256; ++b) {
            const char32_t c = printable(b) ? static_cast<char32_t>(b) : next++;
            toUnicode[b] = c;
            toByte[c] = b;
        }
    }
};

const Tables &tables()
{
    static const Tables instance;
    return instance;
}
} // namespace

char32_t byteToUnicode(unsigned char byte)
{
    return tables().toUnicode[byte];
}

int unicodeToByte(char32_t codePoint)
{
    return codePoint < tables().toByte.size() ? tables().toByte[codePoint] : -1;
}

std::string byteLevelDecode(std::string_view tokenText)
{
    std::string out;
    out.reserve(tokenText.size());
    for (std::size_t i = 0; i < tokenText.size();) {
        const std::size_t start = i;
        const char32_t c = nextCodePoint(tokenText, i);
        const int byte = unicodeToByte(c);
        if (byte >= 0)
            out += static_cast<char>(byte);
        else
            out.append(tokenText.substr(start, i - start));
    }
    return out;
}

std::string byteLevelEncode(std::string_view bytes)
{
    std::string out;
    out.reserve(bytes.size() * 2);
    for (unsigned char byte : bytes)
        appendUtf8(out, byteToUnicode(byte));
    return out;
}

} // namespace deskseek::engine::tokenizer
