#pragma once

#include <stdexcept>
#include <string>

namespace deskseek::engine {

// What went wrong, for callers that react differently (e.g. offer to re-download a corrupt file).
enum class ErrorCode {
    Io,                  // the file could not be opened, read, mapped or written
    Truncated,           // the file ends before the data its header announces
    Corrupt,             // the file's structure is invalid (bad magic, offsets, JSON, ...)
    Unsupported,         // valid, but a type or version this build cannot handle
    UnknownArchitecture, // config.json names an architecture DeskSeek does not run
    InvalidArgument,     // the caller asked for something impossible
    NotFound,            // a tensor, file or key that must exist is missing
    Cancelled,           // the user cancelled
};

const char *errorCodeName(ErrorCode code);

// A failure with a message for people: what happened, to which file, and what to do.
struct Error
{
    ErrorCode code = ErrorCode::Corrupt;
    std::string message;
};

// Thrown inside the engine; the public functions catch it and return it in a Result.
class EngineException : public std::runtime_error
{
public:
    EngineException(ErrorCode code, const std::string &message)
        : std::runtime_error(message)
        , m_code(code)
    {
    }
    ErrorCode code() const { return m_code; }
    Error error() const { return {m_code, what()}; }

private:
    ErrorCode m_code;
};

[[noreturn]] inline void fail(ErrorCode code, const std::string &message)
{
    throw EngineException(code, message);
}

} // namespace deskseek::engine
