#!/usr/bin/env python3
"""Reference fixtures for Vectorbook's JPEG/PNG decoding parity tests (Tests/MediaTests/ImageDecodingTests.swift).

How to run (from the repository root; CPU only, no network, about 1 s):

    /tmp/ref/bin/python Scripts/reference/make_image_decode_fixtures.py [--out DIR]

The default output folder is Tests/MediaTests/Fixtures/decode. The script deletes and rewrites only that folder.
Versions used for the committed files: Pillow 13.0.0 (bundling libjpeg-turbo 3.2.0, zlib 1.2.13), numpy 2.4.6;
the YCCK, 4:4:0 and 4:1:1 JPEGs are written by the system TurboJPEG (libturbojpeg.so.0, 2.1.5 here) through
ctypes, because Pillow cannot write them. VERSIONS.json records what was used.

Determinism: images come from numpy's seeded `default_rng` plus closed-form patterns; files are written by Pillow
or by the small raw PNG writer below (zlib level 9, filter 0), JSON with sorted keys and no timestamps. Running
the script twice with the same library versions gives byte-identical files.

What it writes:

* <name>.jpg / <name>.png: the decode cases (see CASES below and the "covers" field of each manifest entry):
  JPEG baseline 4:2:0 / 4:2:2 / 4:4:4 / 4:4:0 / 4:1:1, progressive, greyscale, RGB components (Adobe
  transform 0), CMYK (Adobe), YCCK, EXIF orientation 6 (not applied on open), an odd 333x217 size and a tall
  40x150 portrait; PNG grey 1/2/4/8/16-bit, grey+alpha 8/16, RGB 8/16, RGBA 8/16, palette 8-bit, palette 4-bit
  with partial tRNS alpha, palette 1-bit with one transparent entry, palette with a short PLTE and indices past
  it, grey 1/2/8/16-bit with a tRNS key (Pillow's key quirks), RGB with a tRNS key, a gAMA 1.0 file (no gamma
  applied), Adam7-interlaced RGB 8, grey 2-bit and RGBA 16, a tall portrait, and a JPEG stored under a .png
  name (format is found by content).

* errors/<name>: files every decoder must refuse with a clear error (empty, truncated JPEG and PNG, JPEG without
  EOI, corrupt IHDR CRC, zero width, a 100000x100000 PNG header, a 12-bit JPEG, GIF, WebP, BMP, random bytes).

* manifest.json:
    "images": for each decode case, the file, Pillow's mode and size on `Image.open`, the `Image` mode Vectorbook
      decodes to (Pillow's 1/I;16 -> L, P -> RGB or RGBA with tRNS, CMYK -> RGB, 16-bit grey+alpha -> RGBA as
      Pillow, greyscale with a tRNS key -> LA), and for both `convert("RGB").tobytes()` ("rgb") and `convert(<decoded mode>).tobytes()`
      ("native"): the SHA-256, the first and last 16 bytes (hex) and, for at most 192 bytes, all bytes (hex);
    "conversions": Pillow's `convert(to)` of four decoded sources (L, LA, RGB, RGBA) into every other mode, with
      the SHA-256 of the bytes;
    "errors": each error file with the kind of MediaError expected and, where Pillow fails too, Pillow's message;
    "truncations": for five files, every prefix length at which Pillow still opens and loads the file (only
      PNGs cut after their last pixel byte: inside the zlib checksum, the last CRC or IEND); Pillow then gives
      the full image.

At the end the script re-opens every file with Pillow and checks the manifest against fresh computations.
"""

import argparse
import ctypes
import ctypes.util
import hashlib
import io
import json
import shutil
import struct
import sys
import warnings
import zlib
from pathlib import Path

import numpy as np
import PIL
from PIL import Image, features

# Pillow warns when a palette image with tRNS bytes is converted to RGB; that conversion is what is recorded.
warnings.filterwarnings("ignore", message="Palette images with Transparency")

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_OUT = ROOT / "Tests" / "MediaTests" / "Fixtures" / "decode"


# ---------------------------------------------------------------------------------------------------------------
# Deterministic pictures

def photo(width, height, seed):
    """A smooth "photo" with edges and mild noise, uint8 RGB (JPEG-friendly but not trivial)."""
    rng = np.random.default_rng(seed)
    y, x = np.mgrid[0:height, 0:width].astype(np.float64)
    r = 128 + 100 * np.sin(x / max(width, 1) * 5.0 + y / max(height, 1) * 2.0)
    g = 255 * (y / max(height - 1, 1))
    b = 255 * ((x + 2 * y) % 48 < 24)
    disc = (x - width * 0.6) ** 2 + (y - height * 0.4) ** 2 < (min(width, height) * 0.25) ** 2
    r = np.where(disc, 240, r)
    g = np.where(disc, 200, g)
    b = np.where(disc, 30, b)
    img = np.stack([r, g, b], -1) + rng.normal(0, 8, (height, width, 3))
    return np.clip(np.rint(img), 0, 255).astype(np.uint8)


def noise(shape, seed, high=256):
    return np.random.default_rng(seed).integers(0, high, shape, dtype=np.int64)


# ---------------------------------------------------------------------------------------------------------------
# A raw PNG writer (for the bit depths, colour types and interlacing Pillow cannot write)

def chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def pack_rows(samples, depth):
    """samples: int array (h, w, channels) -> list of packed row bytes (big-endian 16-bit, MSB-first sub-byte)."""
    h, w, c = samples.shape
    rows = []
    for row in samples:
        flat = row.reshape(-1)
        if depth == 16:
            rows.append(flat.astype(">u2").tobytes())
        elif depth == 8:
            rows.append(flat.astype(np.uint8).tobytes())
        else:
            per_byte = 8 // depth
            padded = np.zeros(((flat.size + per_byte - 1) // per_byte) * per_byte, dtype=np.int64)
            padded[: flat.size] = flat
            out = bytearray()
            for i in range(0, padded.size, per_byte):
                value = 0
                for j in range(per_byte):
                    value = (value << depth) | int(padded[i + j])
                out.append(value)
            rows.append(bytes(out))
    return rows


ADAM7 = [(0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2)]


def raw_png(samples, depth, colour_type, interlace=False, before_idat=b"", after_plte=b"", plte=None):
    """A PNG from samples (h, w, channels) with filter type 0 on every row."""
    h, w, _ = samples.shape
    ihdr = struct.pack(">IIBBBBB", w, h, depth, colour_type, 0, 0, 1 if interlace else 0)
    if interlace:
        data = b""
        for x0, y0, dx, dy in ADAM7:
            sub = samples[y0::dy, x0::dx]
            if sub.shape[0] and sub.shape[1]:
                data += b"".join(b"\0" + r for r in pack_rows(sub, depth))
    else:
        data = b"".join(b"\0" + r for r in pack_rows(samples, depth))
    out = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + before_idat
    if plte is not None:
        out += chunk(b"PLTE", bytes(plte)) + after_plte
    return out + chunk(b"IDAT", zlib.compress(data, 9)) + chunk(b"IEND", b"")


def pillow_bytes(image, fmt, **options):
    buffer = io.BytesIO()
    image.save(buffer, fmt, **options)
    return buffer.getvalue()


# ---------------------------------------------------------------------------------------------------------------
# The system TurboJPEG, for JPEG variants Pillow cannot write

def turbojpeg_encode(samples, pixel_format, subsampling):
    """JPEG bytes from the system TurboJPEG (for what Pillow cannot write: YCCK, 4:4:0, 4:1:1)."""
    name = ctypes.util.find_library("turbojpeg") or "libturbojpeg.so.0"
    tj = ctypes.CDLL(name)
    tj.tjInitCompress.restype = ctypes.c_void_p
    tj.tjCompress2.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int, ctypes.c_int, ctypes.c_int,
                               ctypes.c_int, ctypes.POINTER(ctypes.c_void_p), ctypes.POINTER(ctypes.c_ulong),
                               ctypes.c_int, ctypes.c_int, ctypes.c_int]
    tj.tjFree.argtypes = [ctypes.c_void_p]
    tj.tjDestroy.argtypes = [ctypes.c_void_p]
    handle = tj.tjInitCompress()
    h, w, _ = samples.shape
    out = ctypes.c_void_p()
    size = ctypes.c_ulong(0)
    TJFLAG_ACCURATEDCT = 4096
    rc = tj.tjCompress2(handle, samples.tobytes(), w, 0, h, pixel_format, ctypes.byref(out), ctypes.byref(size),
                        subsampling, 90, TJFLAG_ACCURATEDCT)
    assert rc == 0, "tjCompress2 failed"
    data = ctypes.string_at(out, size.value)
    tj.tjFree(out)
    tj.tjDestroy(handle)
    return data


# ---------------------------------------------------------------------------------------------------------------
# The cases

def make_cases():
    cases = []  # (file name, bytes, decoded mode, covers)

    def add(name, data, mode, covers):
        cases.append((name, data, mode, covers))

    rgb = Image.fromarray(photo(48, 32, 1))
    add("jpeg_baseline_420.jpg", pillow_bytes(rgb, "JPEG", quality=90), "RGB",
        "baseline JPEG, Pillow's default 4:2:0 chroma subsampling, quality 90")
    add("jpeg_422.jpg", pillow_bytes(rgb, "JPEG", quality=85, subsampling=1), "RGB", "baseline JPEG, 4:2:2")
    add("jpeg_444.jpg", pillow_bytes(rgb, "JPEG", quality=95, subsampling=0), "RGB", "baseline JPEG, 4:4:4")
    add("jpeg_progressive.jpg", pillow_bytes(rgb, "JPEG", quality=80, progressive=True, optimize=True), "RGB",
        "progressive JPEG with optimised Huffman tables, 4:2:0")
    grey = Image.fromarray(photo(40, 30, 2)).convert("L")
    add("jpeg_grey.jpg", pillow_bytes(grey, "JPEG", quality=90), "L", "greyscale (1-component) JPEG")
    cmyk_samples = np.concatenate([photo(32, 24, 3), noise((24, 32, 1), 4, 160).astype(np.uint8)], -1)
    add("jpeg_cmyk.jpg", pillow_bytes(Image.fromarray(cmyk_samples, "CMYK"), "JPEG", quality=90), "RGB",
        "4-component CMYK JPEG with an Adobe marker (Pillow mode CMYK, read as CMYK;I, converted to RGB)")
    TJPF_RGB, TJPF_CMYK, TJSAMP_420, TJSAMP_440, TJSAMP_411 = 0, 11, 2, 4, 5
    add("jpeg_440.jpg", turbojpeg_encode(photo(48, 32, 8), TJPF_RGB, TJSAMP_440), "RGB",
        "4:4:0 JPEG (chroma halved vertically; written by TurboJPEG)")
    add("jpeg_411.jpg", turbojpeg_encode(photo(48, 32, 9), TJPF_RGB, TJSAMP_411), "RGB",
        "4:1:1 JPEG (chroma quartered horizontally; written by TurboJPEG)")
    add("jpeg_rgb_colorspace.jpg", pillow_bytes(rgb, "JPEG", quality=90, keep_rgb=True), "RGB",
        "JPEG storing RGB components (Adobe transform 0), no YCbCr conversion")
    add("jpeg_ycck.jpg", turbojpeg_encode(cmyk_samples, TJPF_CMYK, TJSAMP_420), "RGB",
        "4-component YCCK JPEG (written by TurboJPEG), 4:2:0; libjpeg converts YCCK to CMYK")
    exif = Image.Exif()
    exif[0x0112] = 6  # Orientation: rotate 90 CW to display
    add("jpeg_exif_orientation6.jpg", pillow_bytes(Image.fromarray(photo(40, 24, 5)), "JPEG", exif=exif), "RGB",
        "JPEG with EXIF Orientation=6: Pillow does not rotate on open, so the size stays 40x24")
    add("jpeg_odd_333x217.jpg", pillow_bytes(Image.fromarray(photo(333, 217, 6)), "JPEG", quality=75), "RGB",
        "odd-sized 333x217 JPEG, 4:2:0 (partial MCUs and edge upsampling)")
    add("jpeg_portrait_40x150.jpg",
        pillow_bytes(Image.fromarray(photo(40, 150, 7)), "JPEG", quality=90, subsampling=1), "RGB",
        "tall portrait 40x150 JPEG, 4:2:2")

    # PNG, greyscale
    g1 = (noise((20, 13, 1), 10, 2))
    add("png_grey1.png", raw_png(g1, 1, 0), "L", "1-bit greyscale PNG (Pillow mode 1; 0/1 become 0/255)")
    add("png_grey2.png", raw_png(noise((9, 11, 1), 11, 4), 2, 0), "L", "2-bit greyscale PNG (values x85)")
    add("png_grey4.png", raw_png(noise((10, 7, 1), 12, 16), 4, 0), "L", "4-bit greyscale PNG (values x17)")
    add("png_grey8.png", pillow_bytes(Image.fromarray(photo(24, 16, 13)).convert("L"), "PNG"), "L",
        "8-bit greyscale PNG written by Pillow (adaptive filters)")
    g16 = noise((12, 16, 1), 14, 600)
    g16[0, :4, 0] = [0, 255, 256, 65535]
    add("png_grey16.png", raw_png(g16, 16, 0), "L",
        "16-bit greyscale PNG (Pillow mode I;16): convert clamps to 0..255 rather than scaling")
    grey_keyed = noise((6, 8, 1), 15, 12)
    add("png_grey8_trns.png", raw_png(grey_keyed, 8, 0, before_idat=chunk(b"tRNS", struct.pack(">H", 7))),
        "LA", "8-bit greyscale with a tRNS key 7: Pillow mode L + transparency; decoded to LA (alpha 0 where 7),"
        " convert('RGB') ignores the key")
    add("png_grey1_trns.png", raw_png(noise((5, 11, 1), 35, 2), 1, 0, before_idat=chunk(b"tRNS", struct.pack(">H", 0))),
        "LA", "1-bit greyscale with a tRNS key 0 (Pillow mode 1, transparency 0): black is transparent")
    add("png_grey2_trns.png", raw_png(noise((4, 9, 1), 36, 4), 2, 0, before_idat=chunk(b"tRNS", struct.pack(">H", 1))),
        "LA", "2-bit greyscale with tRNS key 1: Pillow compares the unscaled key with scaled values, so nothing"
        " becomes transparent")
    g16_keyed = noise((4, 6, 1), 37, 400)
    g16_keyed[0, :3, 0] = [255, 300, 65535]
    add("png_grey16_trns.png", raw_png(g16_keyed, 16, 0, before_idat=chunk(b"tRNS", struct.pack(">H", 255))),
        "LA", "16-bit greyscale with tRNS key 255: Pillow compares it with the clamped value, so 255, 300 and"
        " 65535 all become transparent")
    add("png_rgb8_trns.png", raw_png(noise((5, 7, 3), 38, 2) * 255, 8, 2, before_idat=chunk(b"tRNS", struct.pack(">HHH", 255, 0, 255))),
        "RGB", "8-bit RGB with a tRNS colour key: kept RGB (the key is ignored, as transformers ignores it)")

    # PNG, grey + alpha, RGB, RGBA
    la = np.concatenate([photo(20, 14, 16)[..., :1], noise((14, 20, 1), 17).astype(np.uint8)], -1)
    add("png_la8.png", pillow_bytes(Image.fromarray(la, "LA"), "PNG"), "LA", "8-bit grey + alpha PNG")
    la16 = noise((10, 12, 2), 18, 65536)
    add("png_la16.png", raw_png(la16, 16, 4), "RGBA",
        "16-bit grey + alpha PNG: Pillow opens it as RGBA (LA;16B), high bytes")
    add("png_rgb8.png", pillow_bytes(Image.fromarray(photo(24, 20, 19)), "PNG"), "RGB", "8-bit RGB PNG")
    add("png_rgb16.png", raw_png(noise((10, 9, 3), 20, 65536), 16, 2), "RGB", "16-bit RGB PNG: high bytes")
    rgba = np.concatenate([photo(22, 18, 21), noise((18, 22, 1), 22).astype(np.uint8)], -1)
    rgba[0, :3, 3] = [0, 255, 0]
    add("png_rgba8.png", pillow_bytes(Image.fromarray(rgba, "RGBA"), "PNG"), "RGBA",
        "8-bit RGBA PNG with varied alpha, colour kept under alpha 0")
    add("png_rgba16.png", raw_png(noise((8, 11, 4), 23, 65536), 16, 6), "RGBA", "16-bit RGBA PNG: high bytes")

    # PNG, palette
    quantized = Image.fromarray(photo(30, 20, 24)).quantize(colors=200, dither=Image.Dither.NONE)
    add("png_palette8.png", pillow_bytes(quantized, "PNG"), "RGB", "8-bit palette PNG (Pillow mode P), no tRNS")
    palette16 = noise((16, 3), 25).astype(np.uint8).reshape(-1)
    alpha16 = bytes([0, 64, 128, 200, 255, 10])  # shorter than the palette: the rest is opaque
    add("png_palette4_trns.png",
        raw_png(noise((9, 10, 1), 26, 16), 4, 3, plte=palette16, after_plte=chunk(b"tRNS", alpha16)), "RGBA",
        "4-bit palette PNG with partial tRNS alpha (Pillow P with transparency bytes; decoded to RGBA)")
    add("png_palette1_trns.png",
        raw_png(noise((7, 13, 1), 27, 2), 1, 3, plte=[250, 10, 10, 10, 10, 250], after_plte=chunk(b"tRNS", b"\xff\x00")),
        "RGBA", "1-bit palette PNG whose tRNS makes one entry transparent (Pillow transparency = index 1)")
    short = noise((5, 9, 1), 28, 8)
    short[0, :3, 0] = [0, 4, 7]
    add("png_palette_short.png", raw_png(short, 8, 3, plte=[255, 0, 0, 0, 255, 0, 0, 0, 255, 9, 9, 9]), "RGB",
        "palette PNG with only 4 PLTE entries and indices up to 7: Pillow maps missing entries to black")

    # PNG, interlaced and ancillary chunks
    add("png_interlaced_rgb8.png", raw_png(photo(33, 21, 29).astype(np.int64), 8, 2, interlace=True), "RGB",
        "Adam7-interlaced 8-bit RGB PNG, odd size 33x21")
    add("png_interlaced_grey2.png", raw_png(noise((13, 11, 1), 30, 4), 2, 0, interlace=True), "L",
        "Adam7-interlaced 2-bit greyscale PNG (sub-byte samples across passes)")
    add("png_interlaced_rgba16.png", raw_png(noise((9, 7, 4), 31, 65536), 16, 6, interlace=True), "RGBA",
        "Adam7-interlaced 16-bit RGBA PNG")
    add("png_gamma1.png", raw_png(photo(12, 10, 32).astype(np.int64), 8, 2, before_idat=chunk(b"gAMA", struct.pack(">I", 100000))),
        "RGB", "RGB PNG with gAMA 1.0: Pillow applies no gamma, neither may the decoder")
    add("png_portrait_16x90.png", pillow_bytes(Image.fromarray(photo(16, 90, 33)), "PNG"), "RGB", "tall portrait 16x90 PNG")
    add("jpeg_named_png.png", pillow_bytes(Image.fromarray(photo(16, 16, 34)), "JPEG", quality=90), "RGB",
        "a JPEG stored under a .png name: the format comes from the magic bytes")
    return cases


def make_errors(cases):
    data = {name: blob for name, blob, _, _ in cases}
    jpeg, png = data["jpeg_baseline_420.jpg"], data["png_rgb8.png"]
    huge_ihdr = struct.pack(">IIBBBBB", 100000, 100000, 8, 2, 0, 0, 0)
    zero_ihdr = struct.pack(">IIBBBBB", 0, 16, 8, 2, 0, 0, 0)
    bad_crc = bytearray(png)
    bad_crc[29] ^= 0xFF  # first byte of the IHDR CRC
    twelve = bytearray(jpeg)
    sof = twelve.index(b"\xff\xc0")
    twelve[sof + 4] = 12  # sample precision
    tiny = Image.fromarray(photo(8, 8, 40))
    errors = [
        ("empty.jpg", b"", "empty", "a 0-byte file"),
        ("truncated.jpg", jpeg[: len(jpeg) // 2], "truncated", "a JPEG cut in the middle of its scan"),
        ("missing_eoi.jpg", jpeg[:-2], "truncated", "a JPEG without its EOI marker (Pillow: image file is truncated)"),
        ("truncated_header.jpg", jpeg[:40], "truncated", "a JPEG cut inside its headers"),
        ("truncated.png", png[: len(png) // 2], "truncated", "a PNG cut in the middle of its IDAT"),
        ("truncated_header.png", png[:20], "truncated", "a PNG cut inside IHDR"),
        ("bad_ihdr_crc.png", bytes(bad_crc), "corrupt", "a PNG whose IHDR CRC is wrong"),
        ("zero_width.png", b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", zero_ihdr) + chunk(b"IEND", b""), "zeroSized",
         "a PNG header claiming width 0"),
        ("huge_100000x100000.png", b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", huge_ihdr) + chunk(b"IDAT", zlib.compress(b"\0" * 64))
         + chunk(b"IEND", b""), "tooLarge", "a 91-byte PNG claiming 100000x100000 pixels (refused before allocating)"),
        ("precision12.jpg", bytes(twelve), "unsupported", "a JPEG whose SOF0 claims 12-bit samples"),
        ("image.gif", pillow_bytes(tiny, "GIF"), "unsupportedFormat", "GIF"),
        ("image.webp", pillow_bytes(tiny, "WEBP", lossless=True), "unsupportedFormat", "WebP"),
        ("image.bmp", pillow_bytes(tiny, "BMP"), "unsupportedFormat", "BMP"),
        ("random.bin", bytes(noise(64, 41).astype(np.uint8)), "unsupportedFormat", "64 random bytes"),
    ]
    out = []
    for name, blob, kind, covers in errors:
        try:
            image = Image.open(io.BytesIO(blob))
            image.load()
            pillow = f"opened as {image.mode} {image.size}"
        except Exception as error:  # noqa: BLE001 - Pillow's message is recorded as is
            pillow = f"{type(error).__name__}: {error}".replace("<_io.BytesIO object at", "<").split(" 0x")[0]
        out.append((name, blob, kind, covers, pillow))
    return out


# ---------------------------------------------------------------------------------------------------------------

def describe(raw):
    entry = {"sha256": hashlib.sha256(raw).hexdigest(), "count": len(raw), "head": raw[:16].hex(), "tail": raw[-16:].hex()}
    if len(raw) <= 192:
        entry["bytes"] = raw.hex()
    return entry


def image_entry(name, blob, mode, covers):
    image = Image.open(io.BytesIO(blob))
    pillow_mode, size = image.mode, image.size
    image.load()
    return {
        "file": name,
        "covers": covers,
        "pillow_mode": pillow_mode,
        "mode": mode,
        "width": size[0],
        "height": size[1],
        "rgb": describe(image.convert("RGB").tobytes()),
        "native": describe(image.convert(mode).tobytes()),
    }


CONVERSION_SOURCES = ["png_grey8.png", "png_la8.png", "png_rgb8.png", "png_rgba8.png"]
TRUNCATION_SOURCES = ["jpeg_baseline_420.jpg", "jpeg_progressive.jpg", "png_rgb8.png", "png_interlaced_grey2.png",
                      "png_palette4_trns.png"]


def truncation_entries(out):
    """For every prefix length of a few files: does Pillow open + load it, and is the image then the full one?"""
    entries = []
    for name in TRUNCATION_SOURCES:
        blob = (out / name).read_bytes()
        full = Image.open(io.BytesIO(blob)).convert("RGB").tobytes()
        loads = []
        for length in range(len(blob) + 1):
            try:
                image = Image.open(io.BytesIO(blob[:length]))
                image.load()
            except Exception:  # noqa: BLE001 - any failure counts as "refused"
                continue
            assert image.convert("RGB").tobytes() == full, (name, length)
            loads.append(length)
        entries.append({"file": name, "size": len(blob), "pillow_loads": loads})
    return entries


def conversion_entries(out):
    entries = []
    for name in CONVERSION_SOURCES:
        image = Image.open(out / name)
        image.load()
        for target in ["L", "LA", "RGB", "RGBA"]:
            if target == image.mode:
                continue
            entries.append({"source": name, "from": image.mode, "to": target,
                            **describe(image.convert(target).tobytes())})
    return entries


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args()
    out = args.out
    if out.exists():
        shutil.rmtree(out)
    (out / "errors").mkdir(parents=True)

    cases = make_cases()
    images = []
    for name, blob, mode, covers in cases:
        (out / name).write_bytes(blob)
        images.append(image_entry(name, blob, mode, covers))
    errors = []
    for name, blob, kind, covers, pillow in make_errors(cases):
        (out / "errors" / name).write_bytes(blob)
        errors.append({"file": f"errors/{name}", "kind": kind, "covers": covers, "pillow": pillow})
    manifest = {"images": images, "conversions": conversion_entries(out), "errors": errors,
                "truncations": truncation_entries(out)}
    (out / "manifest.json").write_text(json.dumps(manifest, indent=1, sort_keys=True) + "\n")
    versions = {"pillow": PIL.__version__, "numpy": np.__version__, "libjpeg_turbo": features.version("libjpeg_turbo"),
                "zlib": features.version("zlib"), "python": sys.version.split()[0]}
    (out / "VERSIONS.json").write_text(json.dumps(versions, indent=1, sort_keys=True) + "\n")

    # Check: everything re-read from disk agrees with the manifest.
    reread = json.loads((out / "manifest.json").read_text())
    for entry in reread["images"]:
        assert entry == image_entry(entry["file"], (out / entry["file"]).read_bytes(), entry["mode"], entry["covers"]), entry["file"]
    assert reread["conversions"] == conversion_entries(out)
    assert reread["truncations"] == truncation_entries(out)
    assert reread["images"][[e["file"] for e in reread["images"]].index("jpeg_exif_orientation6.jpg")]["width"] == 40
    total = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
    assert total < 1_000_000, f"fixtures too large: {total} bytes"
    print(f"wrote {len(images)} images, {len(errors)} error files, {len(manifest['conversions'])} conversions,"
          f" {total} bytes to {out}")


if __name__ == "__main__":
    main()
