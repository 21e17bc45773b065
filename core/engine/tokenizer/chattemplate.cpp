#include "engine/tokenizer/chattemplate.h"

namespace deskseek::engine::tokenizer {

namespace {
const char *const kDeepSeekBos = "<｜begin▁of▁sentence｜>";
const char *const kQwenDefaultSystem = "You are Qwen, created by Alibaba Cloud. You are a helpful assistant.";

bool contains(const std::string &text, const char *part)
{
    return text.find(part) != std::string::npos;
}

// The answer part of an assistant message: what follows the last </think>.
std::string afterThinking(const std::string &content)
{
    const std::size_t end = content.rfind("</think>");
    return end == std::string::npos ? content : content.substr(end + 8);
}
} // namespace

const char *chatFormatName(ChatFormat format)
{
    switch (format) {
    case ChatFormat::DeepSeekR1: return "deepseek-r1";
    case ChatFormat::DeepSeekV3: return "deepseek-v3";
    case ChatFormat::DeepSeekV2: return "deepseek-v2";
    case ChatFormat::ChatML: return "chatml";
    }
    return "unknown";
}

Result<ChatTemplate> ChatTemplate::fromConfig(const TokenizerConfig &config)
{
    const std::string &text = config.chatTemplate;
    ChatTemplate result;
    if (contains(text, "<｜Assistant｜>")) {
        result.m_format = contains(text, "<｜Assistant｜><think>") ? ChatFormat::DeepSeekR1 : ChatFormat::DeepSeekV3;
        result.m_bosToken = config.bosToken.value_or(kDeepSeekBos);
        // The distills' templates keep only the last system message; V3's and R1's join them.
        result.m_joinSystem = !contains(text, "system_prompt = message['content']");
        return result;
    }
    if (contains(text, "'User: ' + message['content']") && contains(text, "'Assistant: ' + message['content'] + eos_token")) {
        result.m_format = ChatFormat::DeepSeekV2;
        result.m_bosToken = config.bosToken.value_or(kDeepSeekBos);
        return result;
    }
    if (contains(text, "<|im_start|>")) {
        result.m_format = ChatFormat::ChatML;
        if (contains(text, kQwenDefaultSystem))
            result.m_defaultSystem = kQwenDefaultSystem;
        return result;
    }
    return Error{ErrorCode::Unsupported,
                 text.empty() ? "The model has no chat template (tokenizer_config.json has no "
                                "chat_template), so DeskSeek does not know how to talk to it."
                              : "The model's chat template is not one DeskSeek knows (DeepSeek R1, "
                                "DeepSeek V3, DeepSeek V2 or ChatML)."};
}

ChatTemplate ChatTemplate::forFormat(ChatFormat format, std::string bosToken)
{
    ChatTemplate result;
    result.m_format = format;
    result.m_bosToken = format == ChatFormat::ChatML ? std::move(bosToken)
                                                     : (bosToken.empty() ? kDeepSeekBos : bosToken);
    return result;
}

std::string ChatTemplate::endOfTurn() const
{
    return m_format == ChatFormat::ChatML ? "<|im_end|>" : "<｜end▁of▁sentence｜>";
}

std::string ChatTemplate::render(const std::vector<ChatMessage> &messages, bool addGenerationPrompt) const
{
    using Role = ChatMessage::Role;
    std::string out;
    if (m_format == ChatFormat::ChatML) {
        // A leading system message opens the prompt; later ones stay where they are.
        const bool leadingSystem = !messages.empty() && messages.front().role == Role::System;
        if (!leadingSystem && !m_defaultSystem.empty())
            out += "<|im_start|>system\n" + m_defaultSystem + "<|im_end|>\n";
        for (const ChatMessage &message : messages) {
            if (message.role == Role::System) {
                out += "<|im_start|>system\n" + message.content + "<|im_end|>\n";
            } else if (message.role == Role::User) {
                out += "<|im_start|>user\n" + message.content + "<|im_end|>\n";
            } else {
                std::string content = message.content;
                if (content.find("</think>") != std::string::npos) {
                    content = afterThinking(content);
                    const std::size_t text = content.find_first_not_of('\n');
                    content.erase(0, text == std::string::npos ? content.size() : text);
                }
                out += "<|im_start|>assistant\n" + content + "<|im_end|>\n";
            }
        }
        if (addGenerationPrompt)
            out += "<|im_start|>assistant\n";
        return out;
    }

    if (m_format == ChatFormat::DeepSeekV2) {
        // BOS, then every message in its place: system text, "User: ", "Assistant: " turns.
        out += m_bosToken;
        for (const ChatMessage &message : messages) {
            if (message.role == Role::System)
                out += message.content + "\n\n";
            else if (message.role == Role::User)
                out += "User: " + message.content + "\n\n";
            else
                out += "Assistant: " + message.content + "<｜end▁of▁sentence｜>";
        }
        if (addGenerationPrompt)
            out += "Assistant:";
        return out;
    }

    // DeepSeek V3 and R1: BOS, the system prompt as plain text, then the turns.
    out += m_bosToken;
    std::string system;
    bool first = true;
    for (const ChatMessage &message : messages) {
        if (message.role == Role::System) {
            system = m_joinSystem ? system + (first ? "" : "\n\n") + message.content : message.content;
            first = false;
        }
    }
    out += system;
    for (const ChatMessage &message : messages) {
        if (message.role == Role::User) {
            out += "<｜User｜>" + message.content;
        } else if (message.role == Role::Assistant) {
            const std::string content = m_format == ChatFormat::DeepSeekR1 ? afterThinking(message.content)
                                                                           : message.content;
            out += "<｜Assistant｜>" + content + "<｜end▁of▁sentence｜>";
        }
    }
    if (addGenerationPrompt)
        out += m_format == ChatFormat::DeepSeekR1 ? "<｜Assistant｜><think>\n" : "<｜Assistant｜>";
    return out;
}

} // namespace deskseek::engine::tokenizer
