#pragma once

#include "engine/error.h"

#include <new>
#include <optional>
#include <utility>
#include <variant>

namespace deskseek::engine {

// A value or an Error: what every fallible public engine function returns. Exceptions never
// cross the engine's API.
template<typename T>
class Result
{
public:
    Result(T value) : m_state(std::move(value)) {}
    Result(Error error) : m_state(std::move(error)) {}

    bool ok() const { return std::holds_alternative<T>(m_state); }
    explicit operator bool() const { return ok(); }

    T &value() & { return std::get<T>(m_state); }
    const T &value() const & { return std::get<T>(m_state); }
    T &&value() && { return std::get<T>(std::move(m_state)); }
    T *operator->() { return &value(); }
    const T *operator->() const { return &value(); }

    const Error &error() const { return std::get<Error>(m_state); }

private:
    std::variant<T, Error> m_state;
};

// Result<void>
struct Ok
{
};
using Status = Result<Ok>;

// Runs body() and turns any exception into an Error: the boundary between the engine's
// internals (which throw) and its callers (which get a Result).
template<typename Body>
auto catchErrors(Body &&body) -> Result<decltype(body())>
{
    try {
        return body();
    } catch (const EngineException &exception) {
        return exception.error();
    } catch (const std::bad_alloc &) {
        return Error{ErrorCode::Io, "Out of memory. Close other programs or choose a smaller model."};
    } catch (const std::exception &exception) {
        return Error{ErrorCode::Corrupt, exception.what()};
    }
}

} // namespace deskseek::engine
