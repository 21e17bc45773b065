#include "engine/tokenizer/utf8.h"

namespace deskseek::engine::tokenizer {

void appendUtf8(std::string &out, char32_t c)
{
    if (c < 0x80) {
        out += static_cast<char>(c);
    } else if (c < 0x800) {
        out += static_cast<char>(0xc0 | (c >> 6));
        out += static_cast<char>(0x80 | (c & 0x3f));
    } else if (c < 0x10000) {
        out += static_cast<char>(0xe0 | (c >> 12));
        out += static_cast<char>(0x80 | ((c >> 6) & 0x3f));
        out += static_cast<char>(0x80 | (c & 0x3f));
    } else {
        out += static_cast<char>(0xf0 | (c >> 18));
        out += static_cast<char>(0x80 | ((c >> 12) & 0x3f));
        out += static_cast<char>(0x80 | ((c >> 6) & 0x3f));
        out += static_cast<char>(0x80 | (c & 0x3f));
    }
}

int sequenceLength(std::string_view text, std::size_t position)
{
    const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
    const unsigned char lead = byte(position);
    int length;
    unsigned char low = 0x80, high = 0xbf; // allowed range of the second byte
    if (lead < 0x80)
        return 1;
    if (lead >= 0xc2 && lead <= 0xdf) {
        length = 2;
    } else if (lead >= 0xe0 && lead <= 0xef) {
        length = 3;
        if (lead == 0xe0) low = 0xa0;       // no overlong forms
        else if (lead == 0xed) high = 0x9f; // no surrogates
    } else if (lead >= 0xf0 && lead <= 0xf4) {
        length = 4;
        if (lead == 0xf0) low = 0x90;
        else if (lead == 0xf4) high = 0x8f; // nothing above U+10FFFF
    } else {
        return 0;
    }
    for (int i = 1; i < length; ++i) {
        if (position + i >= text.size())
            return -1;
        const unsigned char next = byte(position + i);
        if (i == 1 ? (next < low || next > high) : (next < 0x80 || next > 0xbf))
            return 0;
    }
    return length;
}

char32_t nextCodePoint(std::string_view text, std::size_t &position)
{
    const int length = sequenceLength(text, position);
    if (length <= 0) {
        ++position;
        return 0xfffd;
    }
    const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
    char32_t c = byte(position);
    if (length == 2)
        c &= 0x1f;
    else if (length == 3)
        c &= 0x0f;
    else if (length == 4)
        c &= 0x07;
    for (int i = 1; i < length; ++i)
        c = (c << 6) | (byte(position + i) & 0x3f);
    position += length;
    return c;
}

bool isValidUtf8(std::string_view text)
{
    for (std::size_t i = 0; i < text.size();) {
        const int length = sequenceLength(text, i);
        if (length <= 0)
            return false;
        i += length;
    }
    return true;
}

std::string sanitizeUtf8(std::string_view text)
{
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size();) {
        const int length = sequenceLength(text, i);
        if (length <= 0) {
            out += "\xef\xbf\xbd";
            ++i;
        } else {
            out.append(text.substr(i, length));
            i += length;
        }
    }
    return out;
}

} // namespace deskseek::engine::tokenizer
