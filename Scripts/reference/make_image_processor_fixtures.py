#!/usr/bin/env python3
"""Reference fixtures for Vectorbook's Pillow resampling and image-processor parity tests.

How to run (from the repository root; CPU only, no network, about 5 s):

    /tmp/ref/bin/python Scripts/reference/make_image_processor_fixtures.py [--out DIR]

The default output folder is Tests/MediaTests/Fixtures/processors. The script deletes and rewrites only that
folder. Versions used for the committed files: Pillow 13.0.0, transformers 5.24.0, numpy 2.4.6 (written to
VERSIONS.json). Running it twice gives byte-identical files: the images come from numpy's legacy
RandomState with fixed seeds plus closed-form patterns, and all JSON is written with sorted keys and no
timestamps.

What it writes:

* images/<name>.raw and images.json: 14 source images as raw 8-bit interleaved samples (rows top to bottom,
  Pillow's band order), so tests need no JPEG/PNG decoder. The index gives name, mode (L, LA, RGB, RGBA),
  width, height, file and the SHA-256 of the bytes. They cover odd and tiny sizes (1x1, 3x5, 17x9, 333x217),
  portrait, landscape and thin images, grey, grey+alpha, palette-derived RGB, RGBA with varied alpha (including
  0 and 255 and colour hidden under alpha 0), smooth gradients, noise, checkerboards, stripes, a 640x480
  procedural "photo", a 224x224 image (a no-op resize for ViT and CLIP) and a 300x256 one (a no-op
  shortest-edge resize for DINOv2).

* resize.json: Pillow `Image.resize((w, h), filter)` for every image, 7 to 9 target sizes each (down, up,
  non-uniform, width only, height only, large reductions, one same-size copy) and all eight filters
  (NEAREST 0, LANCZOS 1, BILINEAR 2, BICUBIC 3, BOX 4, HAMMING 5, and Pillow 13's MKS2013 6, MKS2021 7). The
  targets include shapes where Pillow 13 runs the vertical pass first (the height shrinks by more than twice
  as many pixels as the width) and where it runs the horizontal pass first. Each case stores the SHA-256 of the output
  bytes and, when the output is at most 768 bytes, the bytes themselves (base64).

* configs/*.json: five preprocessor_config.json files, as the Hub stores them:
    - vit_224.json        google/vit-base-patch16-224 (old style: feature_extractor_type, "size": 224)
    - vit_nonsquare.json  ViTImageProcessor with size {"height": 160, "width": 96}, resample left at default
    - dinov2.json         facebook/dinov2-small (BitImageProcessor, shortest_edge 256, crop 224, ImageNet)
    - clip.json           openai/clip-vit-base-patch32 (CLIPFeatureExtractor, "size": 224, "crop_size": 224)
    - crop_pad.json       CLIPImageProcessor without resize, centre crop 40x30: crops large images and pads
                          small ones with zeros (transformers' own offset rounding and padding)

* processors.json plus processor_samples.f32 and full/*.f16: transformers' slow (Pillow-backed) processors
  (`AutoImageProcessor.from_pretrained(folder, backend="pil")`, i.e. ViTImageProcessorPil,
  BitImageProcessorPil, CLIPImageProcessorPil) on every image with every config, `return_tensors="np"`.
  Every case stores the shape, the SHA-256 of the float32 little-endian output bytes (an exact check), per-channel
  float64 sum/min/max, and 896 float32 samples at flat indices (i * 104729) % count for i in 0..<896 (stored
  back to back in processor_samples.f32 at `sample_offset`, in values). Three cases also store the whole array as
  float16 (full/<config>__<image>.f16).

  ViT's config has no do_convert_rgb, and transformers then fails on L/LA/RGBA input (the mean has 3 values, the
  image 1, 2 or 4 channels). For those images the ViT reference is computed on `image.convert("RGB")`, what a
  Python user has to do; processors.json says so per case (`input`: "convert_rgb_first"). CLIP and DINOv2 have
  do_convert_rgb true and get the original image; transformers 5.24 then composites transparency onto white
  (`PIL.Image.alpha_composite` over an opaque white image) rather than dropping alpha.

At the end the script re-reads everything it wrote and checks it against fresh computations.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import json
import shutil
import sys
from pathlib import Path

import numpy as np
import PIL
import PIL.Image as Image
import transformers
from transformers import AutoImageProcessor

FILTERS = [
    (0, "nearest"),
    (1, "lanczos"),
    (2, "bilinear"),
    (3, "bicubic"),
    (4, "box"),
    (5, "hamming"),
    (6, "mks2013"),
    (7, "mks2021"),
]
SAMPLE_COUNT = 896
SAMPLE_STRIDE = 104729  # a prime; coprime with every output size used here
INLINE_BYTES = 768
FULL_CASES = [("vit_224", "photo"), ("dinov2", "rgba"), ("clip", "grey")]

CONFIGS = {
    "vit_224": {
        "do_normalize": True,
        "do_resize": True,
        "feature_extractor_type": "ViTFeatureExtractor",
        "image_mean": [0.5, 0.5, 0.5],
        "image_std": [0.5, 0.5, 0.5],
        "resample": 2,
        "size": 224,
    },
    "vit_nonsquare": {
        "do_normalize": True,
        "do_rescale": True,
        "do_resize": True,
        "image_mean": [0.5, 0.5, 0.5],
        "image_processor_type": "ViTImageProcessor",
        "image_std": [0.5, 0.5, 0.5],
        "rescale_factor": 0.00392156862745098,
        "size": {"height": 160, "width": 96},
    },
    "dinov2": {
        "crop_size": {"height": 224, "width": 224},
        "do_center_crop": True,
        "do_convert_rgb": True,
        "do_normalize": True,
        "do_rescale": True,
        "do_resize": True,
        "image_mean": [0.485, 0.456, 0.406],
        "image_processor_type": "BitImageProcessor",
        "image_std": [0.229, 0.224, 0.225],
        "resample": 3,
        "rescale_factor": 0.00392156862745098,
        "size": {"shortest_edge": 256},
    },
    "clip": {
        "crop_size": 224,
        "do_center_crop": True,
        "do_normalize": True,
        "do_resize": True,
        "feature_extractor_type": "CLIPFeatureExtractor",
        "image_mean": [0.48145466, 0.4578275, 0.40821073],
        "image_std": [0.26862954, 0.26130258, 0.27577711],
        "resample": 3,
        "size": 224,
    },
    "crop_pad": {
        "crop_size": {"height": 40, "width": 30},
        "do_resize": False,
        "image_processor_type": "CLIPImageProcessor",
    },
}


# ----------------------------------------------------------------------------------------------------------
# Source images
# ----------------------------------------------------------------------------------------------------------

def _u8(a: np.ndarray) -> np.ndarray:
    return np.clip(np.rint(a), 0, 255).astype(np.uint8)


def make_photo() -> Image.Image:
    """A 640x480 procedural landscape: sky gradient, sun, hills, a house with hard edges, texture noise."""
    h, w = 480, 640
    rs = np.random.RandomState(1)
    y, x = np.mgrid[0:h, 0:w].astype(np.float64)
    img = np.zeros((h, w, 3))
    sky = y / h
    img[..., 0] = 90 + 120 * sky
    img[..., 1] = 140 + 80 * sky
    img[..., 2] = 235 - 40 * sky
    sun = np.exp(-(((x - 500) ** 2 + (y - 90) ** 2) / (2 * 35.0 ** 2)))
    img += sun[..., None] * np.array([165, 120, 10])
    hill = 300 + 40 * np.sin(x / 70.0) + 18 * np.sin(x / 23.0 + 1.3)
    ground = y > hill
    grass = np.stack([60 + 30 * np.sin(x / 5.0) * np.cos(y / 7.0), 140 + 40 * np.sin(y / 11.0), 50 + 0 * x], -1)
    img[ground] = grass[ground]
    house = (x > 140) & (x < 300) & (y > 250) & (y < 400)
    img[house] = [200, 60, 50]
    window = (x > 170) & (x < 210) & (y > 280) & (y < 320)
    img[window] = [250, 250, 210]
    door = (x > 230) & (x < 270) & (y > 330) & (y < 400)
    img[door] = [70, 40, 20]
    roof = (y <= 250) & (y > 250 - (80 - np.abs(x - 220) * 0.5)) & (x > 130) & (x < 310)
    img[roof] = [90, 30, 30]
    img += rs.normal(0, 6, size=img.shape)
    # fine stripes on the right edge (aliasing bait)
    stripes = (x > 600) & ((x.astype(int) // 2) % 2 == 0)
    img[stripes] = img[stripes] * 0.4
    return Image.fromarray(_u8(img), "RGB")


def make_images() -> dict[str, Image.Image]:
    images: dict[str, Image.Image] = {}
    photo = make_photo()
    images["photo"] = photo

    y, x = np.mgrid[0:217, 0:333].astype(np.float64)
    grad = np.stack([x / 332 * 255, y / 216 * 255, (x + y) / (332 + 216) * 255], -1)
    images["gradient"] = Image.fromarray(_u8(grad), "RGB")

    images["noise"] = Image.fromarray(np.random.RandomState(2).randint(0, 256, (9, 17, 3), dtype=np.uint8), "RGB")

    y, x = np.mgrid[0:77, 0:50]
    fine = ((x + y) % 2) * 255
    coarse = (((x // 3) + (y // 3)) % 2) * 255
    checker = np.stack([fine, coarse, np.where(y < 38, fine, 255 - coarse)], -1)
    images["checker"] = Image.fromarray(checker.astype(np.uint8), "RGB")

    images["pixel"] = Image.fromarray(np.array([[[200, 30, 120]]], dtype=np.uint8), "RGB")
    images["tiny"] = Image.fromarray(np.random.RandomState(3).randint(0, 256, (5, 3, 3), dtype=np.uint8), "RGB")

    y, x = np.mgrid[0:89, 0:121].astype(np.float64)
    grey = 40 + 170 * (x / 120) * (0.6 + 0.4 * np.sin(y / 6.0)) + np.random.RandomState(4).normal(0, 10, x.shape)
    images["grey"] = Image.fromarray(_u8(grey), "L")

    y, x = np.mgrid[0:60, 0:45].astype(np.float64)
    lum = ((x // 4 + y // 4) % 2) * 180 + 40
    alpha = np.clip(x / 44 * 255 + np.random.RandomState(5).randint(-40, 41, x.shape), 0, 255)
    alpha[:5, :] = 0
    alpha[-5:, :] = 255
    images["greyalpha"] = Image.fromarray(np.stack([_u8(lum), _u8(alpha)], -1), "LA")

    palette = photo.crop((100, 200, 200, 270)).quantize(colors=16, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    images["palette"] = palette.convert("RGB")

    rs = np.random.RandomState(6)
    y, x = np.mgrid[0:53, 0:80].astype(np.float64)
    rgb = np.stack([x / 79 * 255, 255 - y / 52 * 255, 128 + 127 * np.sin(x / 3.0)], -1)
    a = np.clip(255 * np.exp(-(((x - 40) / 25) ** 2 + ((y - 26) / 18) ** 2)) + rs.randint(-20, 21, x.shape), 0, 255)
    a[:, :6] = 0
    a[:, -6:] = 255
    a[20:24, :] = 1
    rgb[a == 0] = rs.randint(0, 256, (int((a == 0).sum()), 3))  # colour hidden under alpha 0
    images["rgba"] = Image.fromarray(np.concatenate([_u8(rgb), _u8(a)[..., None]], -1), "RGBA")

    y, x = np.mgrid[0:257, 0:31]
    tall = np.stack([((x // 2) % 2) * 255, ((y // 5) % 2) * 200 + 20, (x * 8 + y) % 256], -1)
    images["tall"] = Image.fromarray(tall.astype(np.uint8), "RGB")

    rs = np.random.RandomState(7)
    wide = rs.randint(0, 256, (20, 300, 3)).astype(np.float64)
    wide[:, 150:] = np.where(np.arange(20)[:, None, None] < 10, 250, 5)
    images["wide"] = Image.fromarray(_u8(wide), "RGB")

    images["square224"] = photo.resize((224, 224), Image.Resampling.BOX)
    images["short256"] = photo.crop((170, 100, 470, 356))
    return images


# ----------------------------------------------------------------------------------------------------------
# Resize cases
# ----------------------------------------------------------------------------------------------------------

def targets_for(name: str, w: int, h: int) -> list[tuple[int, int]]:
    big = w * h > 100_000
    out = [
        (max(1, w // 2), max(1, h // 2)),
        (max(1, round(w * 0.37)), max(1, round(h * 0.61))),
        (w + 37, h + 11) if big else (w * 2 + 3, h * 3 + 1),
        (max(1, (w * 5) // 7) if w > 1 else 5, h),
        (w, h + 13),
        (max(1, w // 9), max(1, h // 7)),
        ((w * 3) // 2 + 1, max(1, h // 3)),
    ]
    if name in ("pixel", "tiny"):
        out += [(1, 1), (7, 1), (1, 4)]
    if name == "noise":
        out.append((w, h))  # same size: Pillow returns a copy
    if name == "photo":
        out.append((224, 224))
    seen, unique = set(), []
    for t in out:
        if t not in seen:
            seen.add(t)
            unique.append(t)
    return unique


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def raw_bytes(im: Image.Image) -> bytes:
    return np.asarray(im).tobytes()


# ----------------------------------------------------------------------------------------------------------
# Processors
# ----------------------------------------------------------------------------------------------------------

def load_processor(folder: Path):
    proc = AutoImageProcessor.from_pretrained(str(folder), backend="pil")
    assert type(proc).__name__.endswith("Pil"), type(proc)
    return proc


def run_processor(proc, name: str, im: Image.Image) -> tuple[np.ndarray, str]:
    needs_rgb = im.mode != "RGB" and not getattr(proc, "do_convert_rgb", None)
    source = im.convert("RGB") if needs_rgb else im
    out = proc(source, return_tensors="np")["pixel_values"]
    assert out.dtype == np.float32, out.dtype
    return out, ("convert_rgb_first" if needs_rgb else "as_is")


def half_bytes(a: np.ndarray) -> bytes:
    return a.astype("<f2").tobytes()


# ----------------------------------------------------------------------------------------------------------

def write_json(path: Path, value) -> None:
    """Sorted keys, no timestamps; a list of objects is written one compact object per line."""
    if isinstance(value, list) and all(isinstance(v, dict) for v in value):
        lines = [json.dumps(v, sort_keys=True, separators=(",", ":")) for v in value]
        path.write_text("[\n" + ",\n".join(lines) + "\n]\n")
    else:
        path.write_text(json.dumps(value, indent=1, sort_keys=True) + "\n")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    root = Path(__file__).resolve().parents[2]
    parser.add_argument("--out", type=Path, default=root / "Tests/MediaTests/Fixtures/processors")
    args = parser.parse_args()
    out: Path = args.out
    if out.exists():
        shutil.rmtree(out)
    (out / "images").mkdir(parents=True)
    (out / "configs").mkdir()
    (out / "full").mkdir()

    images = make_images()
    index = []
    for name, im in images.items():
        data = raw_bytes(im)
        (out / "images" / f"{name}.raw").write_bytes(data)
        index.append({"name": name, "mode": im.mode, "width": im.width, "height": im.height,
                      "file": f"images/{name}.raw", "sha256": sha(data)})
    write_json(out / "images.json", index)

    resize_cases = []
    for name, im in images.items():
        for (tw, th) in targets_for(name, im.width, im.height):
            for code, fname in FILTERS:
                res = im.resize((tw, th), code)
                assert res.mode == im.mode and res.size == (tw, th)
                data = raw_bytes(res)
                case = {"image": name, "width": tw, "height": th, "filter": code, "filter_name": fname,
                        "sha256": sha(data)}
                if len(data) <= INLINE_BYTES:
                    case["bytes"] = base64.b64encode(data).decode()
                resize_cases.append(case)
    write_json(out / "resize.json", resize_cases)

    for cname, cfg in CONFIGS.items():
        write_json(out / "configs" / f"{cname}.json", cfg)

    samples = bytearray()
    proc_cases = []
    for cname in CONFIGS:
        folder = out / "tmp_model"
        folder.mkdir(exist_ok=True)
        shutil.copy(out / "configs" / f"{cname}.json", folder / "preprocessor_config.json")
        proc = load_processor(folder)
        shutil.rmtree(folder)
        for name, im in images.items():
            arr, how = run_processor(proc, name, im)
            flat = arr.reshape(-1)
            idx = (np.arange(SAMPLE_COUNT, dtype=np.int64) * SAMPLE_STRIDE) % flat.size
            offset = len(samples) // 4
            samples += flat[idx].astype("<f4").tobytes()
            ch = arr.reshape(arr.shape[1], -1).astype(np.float64)
            case = {"config": cname, "image": name, "processor_class": type(proc).__name__, "input": how,
                    "shape": list(arr.shape), "sha256": sha(arr.astype("<f4").tobytes()),
                    "sample_offset": offset, "sample_count": SAMPLE_COUNT, "sample_stride": SAMPLE_STRIDE,
                    "channel_sum": [float(v) for v in ch.sum(1)],
                    "channel_min": [float(v) for v in ch.min(1)],
                    "channel_max": [float(v) for v in ch.max(1)]}
            if (cname, name) in FULL_CASES:
                file = f"full/{cname}__{name}.f16"
                (out / file).write_bytes(half_bytes(arr))
                case["full_f16"] = file
            proc_cases.append(case)
    (out / "processor_samples.f32").write_bytes(bytes(samples))
    write_json(out / "processors.json", proc_cases)

    (out / "README.md").write_text(
        "# Image processor and resampling fixtures\n\n"
        "Written by `Scripts/reference/make_image_processor_fixtures.py`; do not edit by hand.\n"
        "Read by `Tests/MediaTests/Resampling*Tests.swift` and `ImageProcessor*Tests.swift`.\n\n"
        "```text\n" + __doc__.strip() + "\n```\n")
    write_json(out / "VERSIONS.json", {"python": sys.version.split()[0], "pillow": PIL.__version__,
                                       "transformers": transformers.__version__, "numpy": np.__version__})

    # ---- read back and verify ------------------------------------------------------------------------------
    back = json.loads((out / "images.json").read_text())
    for entry in back:
        data = (out / entry["file"]).read_bytes()
        assert sha(data) == entry["sha256"]
        shape = (entry["height"], entry["width"]) + (() if entry["mode"] == "L" else (len(entry["mode"]),))
        im = Image.fromarray(np.frombuffer(data, np.uint8).reshape(shape), entry["mode"])
        assert raw_bytes(im) == raw_bytes(images[entry["name"]])
    for case in json.loads((out / "resize.json").read_text()):
        res = images[case["image"]].resize((case["width"], case["height"]), case["filter"])
        assert sha(raw_bytes(res)) == case["sha256"]
    blob = np.frombuffer((out / "processor_samples.f32").read_bytes(), "<f4")
    for case in json.loads((out / "processors.json").read_text()):
        folder = out / "tmp_model"
        folder.mkdir(exist_ok=True)
        shutil.copy(out / "configs" / f"{case['config']}.json", folder / "preprocessor_config.json")
        proc = load_processor(folder)
        shutil.rmtree(folder)
        arr, _ = run_processor(proc, case["image"], images[case["image"]])
        assert sha(arr.astype("<f4").tobytes()) == case["sha256"]
        flat = arr.reshape(-1)
        idx = (np.arange(case["sample_count"], dtype=np.int64) * case["sample_stride"]) % flat.size
        got = blob[case["sample_offset"]: case["sample_offset"] + case["sample_count"]]
        assert np.array_equal(got, flat[idx])
        if "full_f16" in case:
            half = np.frombuffer((out / case["full_f16"]).read_bytes(), "<f2").reshape(arr.shape)
            assert np.abs(half.astype(np.float32) - arr).max() < 2e-3

    total = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
    print(f"{len(index)} images, {len(resize_cases)} resize cases, {len(proc_cases)} processor cases, "
          f"{total / 1e6:.2f} MB in {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
