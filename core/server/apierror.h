#pragma once

#include <string>

namespace deskseek::server {

// A request that cannot be answered: the HTTP status and, for OpenAI's error object, the type,
// the offending parameter and a code. The message says what to change.
struct ApiError
{
    int status = 400;
    std::string message;
    std::string type = "invalid_request_error";
    std::string param;
    std::string code;
    int retryAfterSeconds = 0; // 503: sent as Retry-After

    static ApiError of(int status, std::string message)
    {
        ApiError error;
        error.status = status;
        error.message = std::move(message);
        return error;
    }
};

} // namespace deskseek::server
