# Runs llama.cpp's convert_hf_to_gguf.py (the first argument; the rest are its own) under
# Debian 12's python3-torch 1.13, with the transformers stand-in beside this file.
# torch 1.13 predates the float8 dtypes the converter names in its tables; a model without FP8
# weights never reaches them, so they are given a placeholder to let the converter load.
import runpy
import sys
from pathlib import Path

import torch

for name in ("float8_e4m3fn", "float8_e5m2"):
    if not hasattr(torch, name):
        setattr(torch, name, torch.uint8)

script = Path(sys.argv[1]).resolve()
sys.path.insert(0, str(script.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.argv = sys.argv[1:]
runpy.run_path(str(script), run_name="__main__")
