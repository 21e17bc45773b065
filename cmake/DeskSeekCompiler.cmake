# Compiler set-up shared by every DeskSeek target.

find_program(DESKSEEK_CCACHE ccache)
if(DESKSEEK_CCACHE AND NOT CMAKE_CXX_COMPILER_LAUNCHER)
    set(CMAKE_CXX_COMPILER_LAUNCHER "${DESKSEEK_CCACHE}")
    set(CMAKE_CUDA_COMPILER_LAUNCHER "${DESKSEEK_CCACHE}")
endif()

# Warnings (errors for project code) and the Qt defines every project target is built with.
add_library(deskseek_warnings INTERFACE)
if(MSVC)
    target_compile_options(deskseek_warnings INTERFACE /W4 /WX /utf-8 /permissive-)
else()
    target_compile_options(deskseek_warnings INTERFACE
        $<$<COMPILE_LANGUAGE:CXX>:-Wall -Wextra -Werror>)
endif()
target_compile_definitions(deskseek_warnings INTERFACE
    QT_NO_CAST_FROM_ASCII
    QT_NO_CAST_TO_ASCII
    QT_NO_URL_CAST_FROM_STRING
    QT_NO_CONTEXTLESS_CONNECT
    QT_NO_FOREACH)

# AddressSanitizer + UndefinedBehaviorSanitizer for every target (scripts/test-sanitizers.sh).
# GCC's -Wmaybe-uninitialized gives false positives in libstdc++ under the sanitizers: kept as
# a warning there, not an error.
option(DESKSEEK_SANITIZE "Build with AddressSanitizer and UndefinedBehaviorSanitizer" OFF)
if(DESKSEEK_SANITIZE AND NOT MSVC)
    add_compile_options(-fsanitize=address,undefined -fno-sanitize-recover=undefined
                        -fno-omit-frame-pointer)
    add_link_options(-fsanitize=address,undefined)
    target_compile_options(deskseek_warnings INTERFACE
        $<$<COMPILE_LANGUAGE:CXX>:-Wno-error=maybe-uninitialized>)
endif()
