#include "engine/inference/cudaproducts.h"

#include "engine/cuda/quantkernels.h"
#include "engine/error.h"

#include <ATen/ATen.h>
#include <c10/cuda/CUDAGuard.h>
#include <c10/cuda/CUDAStream.h>

#include <string>

namespace deskseek::engine::inference {

namespace {

cuda::BlockType blockType(model::DType type)
{
    switch (type) {
    case model::DType::Q8_0: return cuda::BlockType::Q8_0;
    case model::DType::Q4_0: return cuda::BlockType::Q4_0;
    case model::DType::Q4_K: return cuda::BlockType::Q4_K;
    case model::DType::Q6_K: return cuda::BlockType::Q6_K;
    default: break;
    }
    fail(ErrorCode::Unsupported, "The CUDA kernels take Q8_0, Q4_0, Q4_K and Q6_K weights only.");
}

void check(int status, const char *what)
{
    if (status != 0)
        fail(ErrorCode::Unsupported, std::string("The GPU could not run ") + what + " (CUDA error " + std::to_string(status)
                                      + "). Try --device cpu, or update the NVIDIA driver.");
}

} // namespace

at::Tensor cudaQuantizedProduct(const at::Tensor &bytes, model::DType type, std::int64_t columns, const at::Tensor &input)
{
    const c10::cuda::CUDAGuard guard(bytes.device());
    const at::Tensor x = input.to(at::kFloat).contiguous();
    const std::int64_t rows = bytes.size(0);
    at::Tensor out = at::empty({x.size(0), rows}, x.options());
    check(cuda::quantizedGemv(blockType(type), bytes.data_ptr(), rows, columns, x.data_ptr<float>(), static_cast<int>(x.size(0)),
                              out.data_ptr<float>(), c10::cuda::getCurrentCUDAStream(bytes.device().index()).stream()),
          "a quantized product");
    return out;
}

at::Tensor cudaDequantizeToHalf(const at::Tensor &bytes, model::DType type, std::int64_t columns)
{
    const c10::cuda::CUDAGuard guard(bytes.device());
    at::Tensor out = at::empty({bytes.size(0), columns}, bytes.options().dtype(at::kHalf));
    check(cuda::dequantizeToHalf(blockType(type), bytes.data_ptr(), bytes.size(0), columns, out.data_ptr(),
                                 c10::cuda::getCurrentCUDAStream(bytes.device().index()).stream()),
          "a dequantization");
    return out;
}

} // namespace deskseek::engine::inference
