#include "engine/error.h"

namespace deskseek::engine {

const char *errorCodeName(ErrorCode code)
{
    switch (code) {
    case ErrorCode::Io: return "io";
    case ErrorCode::Truncated: return "truncated";
    case ErrorCode::Corrupt: return "corrupt";
    case ErrorCode::Unsupported: return "unsupported";
    case ErrorCode::UnknownArchitecture: return "unknown-architecture";
    case ErrorCode::InvalidArgument: return "invalid-argument";
    case ErrorCode::NotFound: return "not-found";
    case ErrorCode::Cancelled: return "cancelled";
    }
    return "unknown";
}

} // namespace deskseek::engine
