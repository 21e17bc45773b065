#pragma once

namespace deskseek::download {

// libcurl's process-wide set-up, done once before the first transfer (thread-safe).
void ensureCurlInitialized();

} // namespace deskseek::download
