#include "engine/tokenizer/tokenizerjson.h"

#include "engine/model/jsonfile.h"
#include "engine/tokenizer/pretokenizer.h"

namespace deskseek::engine::tokenizer {

namespace {

constexpr std::int64_t kMaxTokens = 1 << 24;
// GPT-2's pattern, used by a ByteLevel pre-tokenizer with use_regex: true.
const char *const kGpt2Pattern
    = R"('s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+)";

[[noreturn]] void unsupported(const std::string &source, const std::string &what)
{
    fail(ErrorCode::Unsupported, source + ": " + what
                                     + ". DeskSeek supports byte-level BPE tokenizers (DeepSeek, "
                                       "Qwen, Llama 3).");
}

[[noreturn]] void corrupt(const std::string &source, const std::string &what)
{
    fail(ErrorCode::Corrupt, source + ": " + what + ". The file is damaged: download it again.");
}

std::string escapeLiteral(const std::string &text)
{
    std::string out;
    for (char c : text) {
        if (std::string_view("\\^$.|?*+()[]{}/-").find(c) != std::string_view::npos)
            out += '\\';
        out += c;
    }
    return out;
}

void readNormalizer(const nlohmann::json &normalizer, Vocabulary &vocabulary, const std::string &source)
{
    if (normalizer.is_null())
        return;
    const std::string type = normalizer.value("type", std::string());
    if (type == "NFC") {
        vocabulary.normalizeNfc = true;
    } else if (type == "Sequence" && normalizer.contains("normalizers")
               && normalizer["normalizers"].is_array()) {
        for (const auto &inner : normalizer["normalizers"])
            readNormalizer(inner, vocabulary, source);
    } else {
        unsupported(source, "the normalizer '" + type + "' is not supported");
    }
}

void readPreTokenizer(const nlohmann::json &pre, Vocabulary &vocabulary, const std::string &source)
{
    if (pre.is_null())
        return;
    const std::string type = pre.value("type", std::string());
    if (type == "Sequence" && pre.contains("pretokenizers") && pre["pretokenizers"].is_array()) {
        for (const auto &inner : pre["pretokenizers"])
            readPreTokenizer(inner, vocabulary, source);
    } else if (type == "Split") {
        if (pre.value("behavior", std::string()) != "Isolated" || pre.value("invert", false))
            unsupported(source, "only 'Isolated' regex splits are supported");
        if (!pre.contains("pattern") || !pre["pattern"].is_object())
            corrupt(source, "a Split pre-tokenizer has no pattern");
        const auto &pattern = pre["pattern"];
        if (pattern.contains("Regex") && pattern["Regex"].is_string())
            vocabulary.splitPatterns.push_back(pattern["Regex"].get<std::string>());
        else if (pattern.contains("String") && pattern["String"].is_string())
            vocabulary.splitPatterns.push_back(escapeLiteral(pattern["String"].get<std::string>()));
        else
            corrupt(source, "a Split pre-tokenizer has no pattern");
    } else if (type == "ByteLevel") {
        if (pre.value("add_prefix_space", false))
            unsupported(source, "a ByteLevel pre-tokenizer that adds a prefix space is not supported");
        if (pre.value("use_regex", true))
            vocabulary.splitPatterns.push_back(kGpt2Pattern);
    } else {
        unsupported(source, "the pre-tokenizer '" + type + "' is not supported");
    }
}

Vocabulary fromJson(const nlohmann::json &json, const std::string &source)
{
    if (!json.is_object() || !json.contains("model") || !json["model"].is_object())
        corrupt(source, "there is no tokenizer model");
    const auto &model = json["model"];
    const std::string modelType = model.value("type", std::string("BPE"));
    if (modelType != "BPE")
        unsupported(source, "the tokenizer model is " + modelType + ", not BPE");
    if (!model.contains("vocab") || !model["vocab"].is_object())
        corrupt(source, "the BPE model has no vocab");
    if (!model.contains("merges") || !model["merges"].is_array())
        corrupt(source, "the BPE model has no merges");

    Vocabulary vocabulary;
    std::int64_t maxId = -1;
    for (const auto &[token, id] : model["vocab"].items()) {
        if (!id.is_number_integer() || id.get<std::int64_t>() < 0 || id.get<std::int64_t>() >= kMaxTokens)
            corrupt(source, "the token '" + token + "' has an invalid id");
        maxId = std::max(maxId, id.get<std::int64_t>());
    }
    if (json.contains("added_tokens") && !json["added_tokens"].is_array())
        corrupt(source, "'added_tokens' is not a list");
    const nlohmann::json added = json.value("added_tokens", nlohmann::json::array());
    for (const auto &entry : added) {
        if (!entry.is_object() || !entry.contains("id") || !entry["id"].is_number_integer()
            || !entry.contains("content") || !entry["content"].is_string())
            corrupt(source, "an added token has no id or content");
        const auto id = entry["id"].get<std::int64_t>();
        if (id < 0 || id >= kMaxTokens)
            corrupt(source, "an added token has the invalid id " + std::to_string(id));
        maxId = std::max(maxId, id);
    }
    if (maxId < 0)
        corrupt(source, "the vocabulary is empty");

    const auto count = static_cast<std::size_t>(maxId + 1);
    vocabulary.tokens.assign(count, std::string());
    vocabulary.types.assign(count, TokenType::Unused);
    std::vector<bool> filled(count, false);
    for (const auto &[token, id] : model["vocab"].items()) {
        const auto index = static_cast<std::size_t>(id.get<std::int64_t>());
        if (filled[index])
            corrupt(source, "two tokens share the id " + std::to_string(index));
        filled[index] = true;
        vocabulary.tokens[index] = token;
        vocabulary.types[index] = TokenType::Normal;
    }
    for (const auto &entry : added) {
        AddedToken token;
        token.id = static_cast<std::int32_t>(entry["id"].get<std::int64_t>());
        token.content = entry["content"].get<std::string>();
        if (token.content.empty())
            corrupt(source, "the added token " + std::to_string(token.id) + " is empty");
        token.special = entry.value("special", false);
        token.lstrip = entry.value("lstrip", false);
        token.rstrip = entry.value("rstrip", false);
        filled[token.id] = true;
        vocabulary.tokens[token.id] = token.content;
        vocabulary.types[token.id] = token.special ? TokenType::Control : TokenType::UserDefined;
        vocabulary.addedTokens.push_back(token);
    }
    for (std::size_t id = 0; id < count; ++id) {
        if (!filled[id])
            vocabulary.tokens[id] = "[PAD" + std::to_string(id) + "]";
    }

    vocabulary.merges.reserve(model["merges"].size());
    for (const auto &merge : model["merges"]) {
        if (merge.is_string()) {
            vocabulary.merges.push_back(merge.get<std::string>());
        } else if (merge.is_array() && merge.size() == 2 && merge[0].is_string() && merge[1].is_string()) {
            vocabulary.merges.push_back(merge[0].get<std::string>() + " " + merge[1].get<std::string>());
        } else {
            corrupt(source, "merge " + std::to_string(vocabulary.merges.size()) + " is invalid");
        }
    }
    vocabulary.byteFallback = model.value("byte_fallback", false);
    if (model.contains("unk_token") && model["unk_token"].is_string()) {
        const auto &vocab = model["vocab"];
        const std::string unk = model["unk_token"].get<std::string>();
        if (vocab.contains(unk) && vocab[unk].is_number_integer())
            vocabulary.unknownId = vocab[unk].get<std::int32_t>();
    }
    readNormalizer(json.value("normalizer", nlohmann::json()), vocabulary, source);
    readPreTokenizer(json.value("pre_tokenizer", nlohmann::json()), vocabulary, source);
    vocabulary.preTokenizer = PreTokenizer::knownName(vocabulary.splitPatterns);
    if (!vocabulary.preTokenizer.empty()) // one spelling of each known pattern list
        vocabulary.splitPatterns = PreTokenizer::knownPatterns(vocabulary.preTokenizer);
    return vocabulary;
}

} // namespace

Result<Vocabulary> parseTokenizerJson(std::string_view json, const std::string &source)
{
    return catchErrors([&] { return fromJson(model::parseJson(json, source), source); });
}

Result<Vocabulary> loadTokenizerJson(const std::filesystem::path &file)
{
    return catchErrors([&] { return fromJson(model::readJsonFile(file), file.string()); });
}

} // namespace deskseek::engine::tokenizer
