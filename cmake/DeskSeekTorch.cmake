# libtorch (Debian's CPU build, or a CUDA build given through CMAKE_PREFIX_PATH) and, when both
# nvcc and a CUDA-enabled libtorch are found, the CUDA language for the engine's kernels.

find_package(Torch REQUIRED)

set(DESKSEEK_CUDA "AUTO" CACHE STRING "Compile the engine's CUDA code: AUTO, ON or OFF")
set_property(CACHE DESKSEEK_CUDA PROPERTY STRINGS AUTO ON OFF)

set(DESKSEEK_TORCH_HAS_CUDA OFF)
if(TARGET torch_cuda OR TORCH_CUDA_LIBRARIES)
    set(DESKSEEK_TORCH_HAS_CUDA ON)
endif()

set(DESKSEEK_CUDA_ENABLED OFF)
if(NOT DESKSEEK_CUDA STREQUAL "OFF")
    include(CheckLanguage)
    check_language(CUDA)
    if(CMAKE_CUDA_COMPILER AND DESKSEEK_TORCH_HAS_CUDA)
        enable_language(CUDA)
        set(DESKSEEK_CUDA_ENABLED ON)
    elseif(DESKSEEK_CUDA STREQUAL "ON")
        message(FATAL_ERROR "DESKSEEK_CUDA=ON needs nvcc (found: '${CMAKE_CUDA_COMPILER}') and a "
                            "CUDA-enabled libtorch (this one has CUDA: ${DESKSEEK_TORCH_HAS_CUDA}). "
                            "Point CMAKE_PREFIX_PATH at a CUDA libtorch.")
    endif()
endif()
