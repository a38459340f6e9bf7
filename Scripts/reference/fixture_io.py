"""Writing helpers shared by the model fixture scripts (make_encoder_fixtures.py, make_vision_fixtures.py,
make_audio_model_fixtures.py): determinism, logging, stable JSON, fresh folders, safetensors files and digests.

Importing it needs torch, numpy and safetensors (the reference venv, Scripts/reference/README.md).
"""

from __future__ import annotations

import hashlib
import json
import random
import shutil
from pathlib import Path

import numpy as np
import torch
from safetensors import safe_open
from safetensors.torch import save_file


def log(msg: str) -> None:
    print(msg, flush=True)


def set_determinism(seed: int = 0) -> None:
    """Seeds every generator and makes torch single-threaded and deterministic."""
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)
    torch.set_num_threads(1)
    torch.use_deterministic_algorithms(True)


def _is_flat(obj) -> bool:
    """Lists printed on one line: numbers (ids, shapes) and short strings (tokens)."""
    if not isinstance(obj, list):
        return False
    if all(isinstance(x, (int, float, bool)) or x is None for x in obj):
        return True
    return all(isinstance(x, str) and len(x) <= 24 for x in obj)


def _is_row(obj) -> bool:
    """A short list without dicts (a row of numbers, or [name, dtype, shape])."""
    return (isinstance(obj, list) and bool(obj) and "{" not in json.dumps(obj)
            and len(json.dumps(obj, ensure_ascii=False)) <= 120)


def to_json(obj, indent: int = 0, rows: bool = True) -> str:
    """Stable, readable JSON: flat lists on one line and, with `rows`, lists of short rows one row per line."""
    pad, inner = "  " * indent, "  " * (indent + 1)
    if isinstance(obj, dict):
        if not obj:
            return "{}"
        items = [f"{inner}{json.dumps(str(k), ensure_ascii=False)}: {to_json(v, indent + 1, rows)}" for k, v in obj.items()]
        return "{\n" + ",\n".join(items) + "\n" + pad + "}"
    if isinstance(obj, (list, tuple)):
        obj = list(obj)
        if not obj:
            return "[]"
        if _is_flat(obj):
            return json.dumps(obj, ensure_ascii=False)
        if rows and all(_is_row(x) for x in obj):
            return "[\n" + ",\n".join(inner + json.dumps(x, ensure_ascii=False) for x in obj) + "\n" + pad + "]"
        return "[\n" + ",\n".join(inner + to_json(v, indent + 1, rows) for v in obj) + "\n" + pad + "]"
    return json.dumps(obj, ensure_ascii=False)


def write_json(path: Path, obj, rows: bool = True) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    text = to_json(obj, rows=rows) + "\n"
    assert json.loads(text) == json.loads(json.dumps(obj)), path
    path.write_text(text, encoding="utf-8")


def fresh_dir(path: Path) -> Path:
    if path.exists():
        shutil.rmtree(path)
    path.mkdir(parents=True)
    return path


def save_tensors(path: Path, tensors: dict[str, torch.Tensor]) -> None:
    clean = {}
    for k, v in tensors.items():
        v = v.detach().cpu().contiguous().clone()
        assert v.dtype in (torch.float32, torch.int64), (k, v.dtype)
        clean[k] = v
    save_file(clean, str(path))


def describe(tensors: dict[str, torch.Tensor]) -> dict:
    return {k: {"dtype": str(v.dtype).replace("torch.", ""), "shape": list(v.shape)} for k, v in tensors.items()}


def checkpoint_keys(path: Path) -> list[list]:
    """[name, dtype, shape] of every tensor in a safetensors file, sorted by name."""
    with safe_open(str(path), "pt") as f:
        rows = [[k, f.get_slice(k).get_dtype(), list(f.get_slice(k).get_shape())] for k in f.keys()]
    return sorted(rows)


def f32_sha256(t) -> str:
    """SHA-256 of a tensor's (or array's) values as little-endian float32."""
    array = t.detach().contiguous().numpy() if isinstance(t, torch.Tensor) else np.ascontiguousarray(t)
    return hashlib.sha256(array.astype("<f4").tobytes()).hexdigest()
