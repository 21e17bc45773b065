# libtorch (Debian's CPU build, or a CUDA build given through CMAKE_PREFIX_PATH) and the CUDA
# language for the engine's kernels: compiled whenever nvcc is found (so they never rot where no
# GPU exists), linked into the engine when libtorch has CUDA too.

find_package(Torch REQUIRED)

set(DESKSEEK_CUDA "AUTO" CACHE STRING "Compile the engine's CUDA code: AUTO, ON or OFF")
set_property(CACHE DESKSEEK_CUDA PROPERTY STRINGS AUTO ON OFF)

set(DESKSEEK_TORCH_HAS_CUDA OFF)
if(TARGET torch_cuda OR TORCH_CUDA_LIBRARIES)
    set(DESKSEEK_TORCH_HAS_CUDA ON)
endif()

set(DESKSEEK_CUDA_ENABLED OFF)
set(DESKSEEK_NVCC_FOUND OFF)
if(NOT DESKSEEK_CUDA STREQUAL "OFF")
    include(CheckLanguage)
    check_language(CUDA)
    if(CMAKE_CUDA_COMPILER)
        # Turing to Hopper: the GPUs people have, and what the kernels are checked against.
        if(NOT DEFINED CMAKE_CUDA_ARCHITECTURES)
            set(CMAKE_CUDA_ARCHITECTURES 75 80 86 89 90)
        endif()
        enable_language(CUDA)
        set(DESKSEEK_NVCC_FOUND ON)
    endif()
    if(DESKSEEK_NVCC_FOUND AND DESKSEEK_TORCH_HAS_CUDA)
        set(DESKSEEK_CUDA_ENABLED ON)
    elseif(DESKSEEK_CUDA STREQUAL "ON")
        message(FATAL_ERROR "DESKSEEK_CUDA=ON needs nvcc (found: '${CMAKE_CUDA_COMPILER}') and a "
                            "CUDA-enabled libtorch (this one has CUDA: ${DESKSEEK_TORCH_HAS_CUDA}). "
                            "Point CMAKE_PREFIX_PATH at a CUDA libtorch.")
    endif()
endif()
