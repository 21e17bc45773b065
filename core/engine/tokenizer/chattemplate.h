#pragma once

#include "engine/result.h"
#include "engine/tokenizer/tokenizerconfig.h"

#include <string>
#include <vector>

namespace deskseek::engine::tokenizer {

struct ChatMessage
{
    enum class Role { System, User, Assistant };
    Role role = Role::User;
    std::string content;
};

// The prompt formats of the models DeskSeek runs, chosen from tokenizer_config.json's
// chat_template (the Jinja text itself is not executed):
//  - DeepSeekR1: R1 and its distills. <｜begin▁of▁sentence｜>system<｜User｜>...<｜Assistant｜>
//    answer<｜end▁of▁sentence｜>; past assistant turns keep only the text after </think>; the
//    generation prompt opens the reasoning: "<｜Assistant｜><think>\n".
//  - DeepSeekV3: the same turns, assistant turns kept whole, generation prompt "<｜Assistant｜>".
//  - ChatML: Qwen2/Qwen3. <|im_start|>role\ncontent<|im_end|>\n; past assistant turns drop
//    their reasoning; generation prompt "<|im_start|>assistant\n".
// DeepSeekV2: DeepSeek-V2(-Lite)-Chat and Coder-V2's "User: …\n\nAssistant: …" turns.
enum class ChatFormat { DeepSeekR1, DeepSeekV3, DeepSeekV2, ChatML };

const char *chatFormatName(ChatFormat format);

class ChatTemplate
{
public:
    // Picks the format that the template text describes; an empty or unknown template gives
    // an Unsupported error that names what was found.
    static Result<ChatTemplate> fromConfig(const TokenizerConfig &config);
    static ChatTemplate forFormat(ChatFormat format, std::string bosToken = {});

    ChatFormat format() const { return m_format; }

    // The prompt text (special tokens written out; encode it with parseSpecial = true).
    // DeepSeek: several system messages are joined with a blank line (the R1 distills keep the
    // last one). ChatML: a leading system message comes first, later ones stay in place.
    std::string render(const std::vector<ChatMessage> &messages, bool addGenerationPrompt = true) const;

    // Text that ends an assistant turn in this format ("<｜end▁of▁sentence｜>", "<|im_end|>").
    std::string endOfTurn() const;

private:
    ChatFormat m_format = ChatFormat::ChatML;
    std::string m_bosToken;
    std::string m_defaultSystem; // Qwen2.5's templates add one when none is given
    bool m_joinSystem = true;    // several system messages: joined (V3, R1) or the last one (R1 distills)
};

} // namespace deskseek::engine::tokenizer
