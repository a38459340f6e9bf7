#!/usr/bin/env python3
"""Reference fixtures for Vectorbook's video reading and video embedding tests.

How to run (from the repository root; CPU only, no network; about 1 s, plus about 10 s for the model references):

    /tmp/ref/bin/python Scripts/reference/make_video_fixtures.py [--skip-models] [--media-out DIR] [--encoders-out DIR]

Needs ffmpeg (the committed files: ffmpeg 5.1.9, Debian 12), Pillow and numpy; the model references also need torch,
transformers, safetensors and the `vectorbook/dinov2-small-imgfocus` pack in the Hugging Face cache
(Scripts/install-models). VERSIONS.json in each output folder records what was used.

It deletes and rewrites only its own two folders:

* Tests/MediaTests/Fixtures/video/ (read by Tests/MediaTests/Video*Tests.swift)
  - AVI files (`manifest.json` "videos"): a 3-frame 32x24 Motion-JPEG AVI written by ffmpeg from Assets/images/cat.png (idx1, JUNK, vprp,
    29.97 fps as 30000/1001), the same with idx1 stripped, with trailing bytes after the RIFF chunk, and AVIs
    written by the small RIFF writer below from ffmpeg's JPEG frames: idx1 with absolute offsets, an idx1 that
    does not match the file (the reader must fall back to a scan), `LIST 'rec '` groups with an interleaved audio
    stream, the video as stream 1 after an audio stream, odd-sized frames (a COM segment makes each JPEG odd, so
    every chunk has a pad byte) with a lower-case `mjpg` FourCC and no strh rate (the rate comes from avih),
    empty chunks (dropped frames repeat the previous frame), an OpenDML file (RIFF 'AVI ' + RIFF 'AVIX', with
    `ix00` chunks to skip), and frames without DHT segments (AVI1-style Motion-JPEG, standard Huffman tables).
    For each: how the frames must be found ("lookup"), frame count, rate, size, and per frame the SHA-256 and size
    of the JPEG bytes plus Pillow 13's decoded mode, size and SHA-256 of `tobytes()` (native mode and
    `convert("RGB")`).
  - Broken AVIs ("errors"): the MediaError kind every reader must throw, and a word the message must contain.
  - "frame_errors": an AVI that opens but whose frames 1 and 2 are not decodable (garbage, a cut JPEG).
  - Frame folders ("folders" / "folder_errors"): numeric-aware ordering, mixed JPEG/PNG, fps.txt as a decimal and
    a fraction, the default rate, a bad fps.txt, a folder without frames.
  - "course_videos": the course videos of Assets/video/ (SHA-256 of each file, and per frame the JPEG bytes'
    SHA-256 and Pillow's decoded pixels), so that every course frame is checked against Pillow exactly.
* Tests/EncodersTests/Fixtures/video/ (read by Tests/EncodersTests/VideoEmbedder*Tests.swift)
  - tiny-dinov2-rocket-to-hubble.safetensors/.json: the tiny random DINOv2 (Tests/EncodersTests/Fixtures/vision/
    tiny-dinov2) on the 8 segment-centre frames of Assets/video/rocket-to-hubble.avi, through its own image
    processor (Pillow backend): per-frame cls, mean (all tokens), patch_mean and pooler_output vectors.
  - dinov2-imgfocus-rocket-to-hubble.safetensors/.json: the same for the real vectorbook/dinov2-small-imgfocus pack
    (cls vectors, [8, 384]) and the CLS frame-to-frame cosine curve, which dips at the cut.

Frame extraction is done twice and compared: by the RIFF walk in this script and by ffmpeg (`-c:v copy -f image2`).

Determinism: ffmpeg runs with one thread and bitexact flags (its threaded MJPEG encoder is not deterministic), all
other bytes come from this script, JSON has sorted keys and no timestamps; torch runs on one thread with
deterministic algorithms. Two runs with the same versions give byte-identical files.
"""

import argparse
import hashlib
import io
import json
import platform
import re
import shutil
import struct
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
import PIL
from PIL import Image

ROOT = Path(__file__).resolve().parents[2]
MEDIA_OUT = ROOT / "Tests" / "MediaTests" / "Fixtures" / "video"
ENCODERS_OUT = ROOT / "Tests" / "EncodersTests" / "Fixtures" / "video"
TINY_DINOV2 = ROOT / "Tests" / "EncodersTests" / "Fixtures" / "vision" / "tiny-dinov2"
COURSE_VIDEO = ROOT / "Assets" / "video" / "rocket-to-hubble.avi"
COURSE_VIDEOS = ["astronaut-pan.avi", "cat-zoom.avi", "rocket-to-hubble.avi"]
IMGFOCUS = "vectorbook/dinov2-small-imgfocus"


# ---------------------------------------------------------------------------------------------------------------
# Small helpers

def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def fresh_dir(path: Path) -> Path:
    if path.exists():
        shutil.rmtree(path)
    path.mkdir(parents=True)
    return path


def write_json(path: Path, obj) -> None:
    path.write_text(json.dumps(obj, indent=1, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8")


def ffmpeg(*args: str) -> None:
    subprocess.run(["ffmpeg", "-hide_banner", "-loglevel", "error", "-nostdin", "-y", *args], check=True)


def ffmpeg_version() -> str:
    out = subprocess.run(["ffmpeg", "-version"], check=True, capture_output=True, text=True).stdout
    return out.splitlines()[0]


def pillow_decode(data: bytes) -> dict:
    """Pillow's view of one frame: mode, size and SHA-256 of the native and RGB samples."""
    with Image.open(io.BytesIO(data)) as image:
        image.load()
        return {"mode": image.mode, "width": image.width, "height": image.height,
                "pixels_sha256": sha256(image.tobytes()), "rgb_sha256": sha256(image.convert("RGB").tobytes())}


def frame_record(data: bytes) -> dict:
    return {"jpeg_sha256": sha256(data), "jpeg_size": len(data), **pillow_decode(data)}


# ---------------------------------------------------------------------------------------------------------------
# RIFF reading (independent of the Swift reader: used to pull frames out of ffmpeg's files)

def walk(data: bytes, start: int, end: int):
    """(id, offset, size, list_type) of the chunks in data[start:end]."""
    offset = start
    while offset + 8 <= end:
        cid = data[offset:offset + 4]
        size = struct.unpack_from("<I", data, offset + 4)[0]
        kind = data[offset + 8:offset + 12] if cid in (b"RIFF", b"LIST") else None
        assert offset + 8 + size <= end, (cid, offset, size, end)
        yield cid, offset, size, kind
        offset += 8 + size + (size & 1)


def movi_frames(data: bytes, stream: bytes = b"00") -> list[bytes]:
    """The stream's frame chunks of every movi list (RIFF 'AVI ' and 'AVIX'), with 'rec ' groups, in file order."""
    frames = []
    riffs, offset = [], 0
    while offset + 12 <= len(data) and data[offset:offset + 4] == b"RIFF":  # trailing non-RIFF bytes are ignored
        size = struct.unpack_from("<I", data, offset + 4)[0]
        riffs.append((offset, size))
        offset += 8 + size + (size & 1)
    for offset, size in riffs:
        for c2, o2, s2, k2 in walk(data, offset + 12, offset + 8 + size):
            if k2 != b"movi":
                continue
            for c3, o3, s3, k3 in walk(data, o2 + 12, o2 + 8 + s2):
                inner = walk(data, o3 + 12, o3 + 8 + s3) if k3 == b"rec " else [(c3, o3, s3, k3)]
                for c4, o4, s4, _ in inner:
                    if c4 in (stream + b"dc", stream + b"db"):
                        frames.append(data[o4 + 8:o4 + 8 + s4])
    return frames


def strip_chunk(data: bytes, name: bytes) -> bytes:
    """The file without the top-level chunk `name` of its first RIFF, with the RIFF size fixed."""
    for cid, offset, size, kind in walk(data, 12, len(data)):
        if cid == name:
            cut = data[:offset] + data[offset + 8 + size + (size & 1):]
            return cut[:4] + struct.pack("<I", len(cut) - 8) + cut[8:]
    raise AssertionError(f"no {name!r} chunk")


# ---------------------------------------------------------------------------------------------------------------
# RIFF writing

def chunk(cid: bytes, payload: bytes) -> bytes:
    assert len(cid) == 4
    return cid + struct.pack("<I", len(payload)) + payload + (b"\0" if len(payload) & 1 else b"")


def riff_list(cid: bytes, kind: bytes, body: bytes) -> bytes:
    return chunk(cid, kind + body)


def avih(us_per_frame: int, frames: int, streams: int, width: int, height: int, has_index: bool) -> bytes:
    flags = 0x10 if has_index else 0  # AVIF_HASINDEX
    return chunk(b"avih", struct.pack("<10I4I", us_per_frame, 0, 0, flags, frames, 0, streams, 0, width, height,
                                      0, 0, 0, 0))


def strl_video(width: int, height: int, rate: int, scale: int, frames: int, fourcc: bytes = b"MJPG",
               compression: bytes | int | None = None) -> bytes:
    handler = fourcc if isinstance(fourcc, bytes) else b"\0\0\0\0"
    strh = struct.pack("<4s4sIHHIIIIIIIIhhhh", b"vids", handler, 0, 0, 0, 0, scale, rate, 0, frames, 0, 0xFFFFFFFF,
                       0, 0, 0, width, height)
    comp = compression if compression is not None else fourcc
    comp_value = comp if isinstance(comp, int) else struct.unpack("<I", comp)[0]
    strf = struct.pack("<IiiHHIIiiII", 40, width, height, 1, 24, comp_value, width * height * 3, 0, 0, 0, 0)
    return riff_list(b"LIST", b"strl", chunk(b"strh", strh) + chunk(b"strf", strf))


def strl_audio(rate: int = 8000) -> bytes:
    strh = struct.pack("<4s4sIHHIIIIIIIIhhhh", b"auds", b"\0\0\0\0", 0, 0, 0, 0, 1, rate, 0, 0, 0, 0xFFFFFFFF, 1,
                       0, 0, 0, 0)
    strf = struct.pack("<HHIIHH", 1, 1, rate, rate, 1, 8)  # PCM, mono, 8-bit
    return riff_list(b"LIST", b"strl", chunk(b"strh", strh) + chunk(b"strf", strf))


def build_avi(frames_or_items, *, width=32, height=24, rate=12, scale=1, us_per_frame=None, index="relative",
              fourcc=b"MJPG", compression=None, audio=None, avix=(), hdrl_extra=b"", riff_size=None) -> bytes:
    """An AVI. `frames_or_items`: JPEG frames (each becomes a `00dc` chunk) or movi items: ("chunk", id, payload)
    and ("rec", [(id, payload), ...]). index: "relative" / "absolute" / "shifted" (wrong by 2 bytes) / None.
    audio: None, "before" (the audio is stream 0) or "after" (stream 1). avix: further movi item lists, one
    RIFF 'AVIX' each."""
    items = [it if isinstance(it, tuple) else ("chunk", b"00dc", it) for it in frames_or_items]
    video_count = sum(1 for it in items if it[0] == "chunk" and it[1][2:] in (b"dc", b"db"))
    video_count += sum(1 for it in items if it[0] == "rec" for cid, _ in it[1] if cid[2:] in (b"dc", b"db"))
    us = us_per_frame if us_per_frame is not None else (round(1e6 * scale / rate) if rate else 0)
    video = strl_video(width, height, rate, scale, video_count, fourcc, compression)
    strls = {None: video, "after": video + strl_audio(), "before": strl_audio() + video}[audio]
    streams = 1 if audio is None else 2
    hdrl = riff_list(b"LIST", b"hdrl", avih(us, video_count, streams, width, height, index is not None) + strls
                     + hdrl_extra)

    body, entries = b"", []
    for it in items:
        if it[0] == "chunk":
            entries.append((it[1], 0x10, 4 + len(body), len(it[2])))
            body += chunk(it[1], it[2])
        else:
            rec_offset = 4 + len(body)
            inner = b""
            inner_entries = []
            for cid, payload in it[1]:
                inner_entries.append((cid, 0x10, rec_offset + 12 + len(inner), len(payload)))
                inner += chunk(cid, payload)
            entries.append((b"rec ", 0x01, rec_offset, 4 + len(inner)))
            entries += inner_entries
            body += riff_list(b"LIST", b"rec ", inner)
    movi = riff_list(b"LIST", b"movi", body)
    movi_fourcc = 12 + len(hdrl) + 8
    idx1 = b""
    if index is not None:
        base = {"relative": 0, "absolute": movi_fourcc, "shifted": 2}[index]
        idx1 = chunk(b"idx1", b"".join(struct.pack("<4sIII", cid, flags, base + off, size)
                                       for cid, flags, off, size in entries))
    content = b"AVI " + hdrl + movi + idx1
    out = b"RIFF" + struct.pack("<I", riff_size if riff_size is not None else len(content)) + content
    for extra_items in avix:
        extra_body = b"".join(chunk(cid, payload) for _, cid, payload in extra_items)
        out += riff_list(b"RIFF", b"AVIX", riff_list(b"LIST", b"movi", extra_body))
    return out


# ---------------------------------------------------------------------------------------------------------------
# JPEG surgery

def jpeg_segments(data: bytes):
    """(marker, start, end) of the marker segments before the scan data (SOS included)."""
    assert data[:2] == b"\xff\xd8"
    offset = 2
    while True:
        assert data[offset] == 0xFF
        marker = data[offset + 1]
        length = struct.unpack_from(">H", data, offset + 2)[0]
        yield marker, offset, offset + 2 + length
        if marker == 0xDA:
            return
        offset += 2 + length


def with_comment(data: bytes, text: bytes) -> bytes:
    segment = b"\xff\xfe" + struct.pack(">H", len(text) + 2) + text
    return data[:2] + segment + data[2:]


def odd_sized(data: bytes) -> bytes:
    """The JPEG with a COM segment that makes its length odd (5 or 6 bytes)."""
    return with_comment(data, b"x" if len(data) % 2 == 0 else b"xy")


def without_dht(data: bytes) -> bytes:
    out, last = b"", 0
    for marker, start, end in jpeg_segments(data):
        if marker == 0xC4:
            out += data[last:start]
            last = end
    return out + data[last:]


# ---------------------------------------------------------------------------------------------------------------
# The media fixtures

def make_source_frames(tmp: Path) -> tuple[bytes, list[bytes], list[bytes], bytes]:
    """ffmpeg's 3-frame 32x24 MJPEG AVI, its frames, the frames with standard Huffman tables, and a rawvideo AVI."""
    common = ["-loop", "1", "-framerate", "30000/1001", "-i", str(ROOT / "Assets" / "images" / "cat.png"),
              "-vf", "scale=64:43:flags=bicubic,crop=32:24:x='n*12':y=8", "-frames:v", "3", "-an",
              "-fflags", "+bitexact", "-flags:v", "+bitexact", "-map_metadata", "-1", "-threads", "1"]
    avi = tmp / "mjpeg.avi"
    ffmpeg(*common, "-c:v", "mjpeg", "-q:v", "3", "-pix_fmt", "yuvj420p", str(avi))
    data = avi.read_bytes()
    frames = movi_frames(data)
    # The same frames as ffmpeg itself extracts them (stream copy into single JPEG files).
    ffmpeg("-i", str(avi), "-c:v", "copy", "-f", "image2", str(tmp / "copy_%d.jpg"))
    copied = [(tmp / f"copy_{i + 1}.jpg").read_bytes() for i in range(3)]
    assert frames == copied, "the RIFF walk and ffmpeg -c copy disagree"
    assert len(set(frames)) == 3

    std = tmp / "std.avi"
    ffmpeg(*common, "-c:v", "mjpeg", "-q:v", "3", "-huffman", "default", "-pix_fmt", "yuvj420p", str(std))
    std_frames = movi_frames(std.read_bytes())
    raw = tmp / "raw.avi"
    ffmpeg(*common, "-c:v", "rawvideo", "-pix_fmt", "bgr24", str(raw))
    return data, frames, std_frames, raw.read_bytes()


def video_case(name, covers, data, lookup, frames, rate, width=32, height=24) -> dict:
    return {"file": name, "covers": covers, "lookup": lookup, "frame_count": len(frames), "frame_rate": rate,
            "width": width, "height": height, "frames": [frame_record(f) for f in frames]}


def make_media(out: Path) -> dict:
    out = fresh_dir(out)
    files: dict[str, bytes] = {}
    videos, errors = [], []
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        ffmpeg_avi, frames, std_frames, raw_avi = make_source_frames(tmp)
    f0, f1, f2 = frames
    ntsc = 30000 / 1001

    def add(name, covers, data, lookup, expected_frames, rate, **size):
        files[name] = data
        videos.append(video_case(name, covers, data, lookup, expected_frames, rate, **size))

    add("mjpeg.avi", "ffmpeg 5.1 -c:v mjpeg: 3 frames of cat.png (64x43, a 32x24 window moving 12 px per frame), 30000/1001 fps, idx1, JUNK and vprp chunks",
        ffmpeg_avi, "idx1-relative", frames, ntsc)
    add("no-idx1.avi", "mjpeg.avi with the idx1 chunk removed (RIFF size fixed): frames found by walking movi",
        strip_chunk(ffmpeg_avi, b"idx1"), "scan", frames, ntsc)
    add("trailing-bytes.avi", "mjpeg.avi followed by 37 bytes that are not a chunk (ignored)",
        ffmpeg_avi + b"trailing garbage after the RIFF chunk!", "idx1-relative", frames, ntsc)
    add("idx1-absolute.avi", "idx1 offsets counted from the start of the file instead of from 'movi'",
        build_avi(frames, index="absolute"), "idx1-absolute", frames, 12.0)
    add("idx1-mismatch.avi", "an idx1 whose offsets are 2 bytes off: unusable, so the reader must walk movi",
        build_avi(frames, index="shifted"), "scan", frames, 12.0)
    audio = bytes(range(0, 200, 3))  # 67 bytes: odd, padded
    add("rec-lists.avi", "each frame in a LIST 'rec ' with an audio chunk (stream 1, '01wb'); idx1 lists the groups",
        build_avi([("rec", [(b"00dc", f), (b"01wb", audio)]) for f in frames], audio="after", rate=15),
        "idx1-relative", frames, 15.0)
    add("audio-first.avi", "the video is stream 1 ('01dc' chunks) after an audio stream 0 ('00wb' chunks)",
        build_avi([it for f in frames for it in (("chunk", b"00wb", audio), ("chunk", b"01dc", f))], audio="before",
                  rate=10), "idx1-relative", frames, 10.0)
    odd = [odd_sized(f) for f in frames]
    assert all(len(f) % 2 == 1 for f in odd) and [pillow_decode(f) for f in odd] == [pillow_decode(f) for f in frames]
    add("odd-sizes.avi", "odd-length frames (a COM segment added), so each chunk is followed by a pad byte; "
        "lower-case 'mjpg'; strh rate/scale 0, so the rate comes from avih dwMicroSecPerFrame (80000 us: 12.5 fps); "
        "no idx1", build_avi(odd, fourcc=b"mjpg", rate=0, scale=0, us_per_frame=80000, index=None),
        "scan", odd, 12.5)
    add("dropped-frames.avi", "empty chunks (dropped frames) before frame 0 and after frame 1: each repeats the frame "
        "before it (the leading one the first frame), so 5 chunks give 5 frames",
        build_avi([b"", f0, f1, b"", f2], rate=5), "idx1-relative", [f0, f0, f1, f1, f2], 5.0)
    ix00 = b"\x04\x00\x00\x01" + b"00dc" + bytes(16)  # a standard-index header, never read
    add("opendml-avix.avi", "OpenDML: frames 0-1 in RIFF 'AVI ' (with idx1), frame 2 in a RIFF 'AVIX' extension; "
        "'ix00' index chunks in both movi lists are skipped",
        build_avi([f0, f1, ("chunk", b"ix00", ix00)], avix=[[("chunk", b"ix00", ix00), ("chunk", b"00dc", f2)]],
                  hdrl_extra=riff_list(b"LIST", b"odml", chunk(b"dmlh", struct.pack("<I", 3) + bytes(244)))),
        "idx1-relative", frames, 12.0)
    no_dht = [without_dht(f) for f in std_frames]
    assert all(b"\xff\xc4" not in f[:200] for f in no_dht)
    assert [pillow_decode(f) for f in no_dht] == [pillow_decode(f) for f in std_frames]
    add("no-dht.avi", "AVI1-style Motion-JPEG: frames without DHT segments, decoded with the standard Huffman "
        "tables (ffmpeg -huffman default, DHT removed); handler and compression 'AVRn'",
        build_avi(no_dht, fourcc=b"AVRn"), "idx1-relative", no_dht, 12.0)

    # Broken files: (name, bytes, kind, word the message contains, covers)
    wav = b"RIFF" + struct.pack("<I", 36) + b"WAVE" + chunk(b"fmt ", struct.pack("<HHIIHH", 1, 1, 8000, 8000, 1, 8)) \
        + chunk(b"data", b"")
    good = build_avi(frames)
    hdrl_end = 12 + 8 + struct.unpack_from("<I", good, 16)[0]
    movi_only = b"RIFF" + struct.pack("<I", len(good) - hdrl_end + 4) + b"AVI " + good[hdrl_end:]
    hdrl_only = b"RIFF" + struct.pack("<I", hdrl_end - 8) + good[8:hdrl_end]
    audio_only = build_avi([("chunk", b"00wb", audio)], index=None)
    audio_only = audio_only.replace(b"vids", b"auds", 1)
    beyond_list = build_avi([f0, f1], index=None)
    second = beyond_list.rindex(b"00dc")
    beyond_list = beyond_list[:second + 4] + struct.pack("<I", len(f1) + 40) + beyond_list[second + 8:] + bytes(64)
    beyond_list = beyond_list[:4] + struct.pack("<I", len(beyond_list) - 8) + beyond_list[8:]
    h264 = ffmpeg_avi.replace(b"MJPG", b"H264")
    assert h264.count(b"H264") == 2
    short_strh = good.replace(b"strh" + struct.pack("<I", 56), b"strh" + struct.pack("<I", 20), 1)
    # A 20-byte strh leaves 36 bytes that now read as chunks; keep the rest aligned by making them a JUNK chunk.
    at = short_strh.index(b"strh") + 8 + 20
    short_strh = short_strh[:at] + b"JUNK" + struct.pack("<I", 28) + short_strh[at + 8:]
    list_without_type = good.replace(b"LIST" + good[good.index(b"hdrl") - 4:good.index(b"hdrl")] + b"hdrl",
                                     b"LIST" + struct.pack("<I", 2) + b"hd" + b"JUNK", 1)
    broken = [
        ("empty.avi", b"", "notAVI", "empty", "0 bytes"),
        ("not-riff.avi", f0, "notAVI", "JPEG", "a single JPEG image"),
        ("wave.avi", wav, "notAVI", "WAVE", "a RIFF WAVE (audio) file"),
        ("text.avi", b"This is not a video.\n", "notAVI", "RIFF", "plain text"),
        ("truncated-header.avi", b"RIFF\x10\x00\x00", "truncatedVideo", "12", "7 bytes: shorter than a RIFF header"),
        ("truncated.avi", ffmpeg_avi[:ffmpeg_avi.index(b"00dc", ffmpeg_avi.index(b"00dc") + 8) + 300],
         "truncatedVideo", "ends",
         "mjpeg.avi cut inside frame 1: the RIFF chunk declares more bytes than the file holds"),
        ("riff-size-beyond-file.avi", b"RIFF" + struct.pack("<I", 0x7FFFFFF0) + ffmpeg_avi[8:], "truncatedVideo",
         "2147483632", "a RIFF size of 2 GiB in a 14 KB file (nothing is allocated from it)"),
        ("chunk-beyond-list.avi", beyond_list, "corruptVideo", "movi",
         "a frame chunk whose size runs past the end of its LIST 'movi' (but not past the file)"),
        ("list-without-type.avi", list_without_type, "corruptVideo", "list type",
         "a LIST chunk of 2 bytes, too short for its list type"),
        ("no-hdrl.avi", movi_only, "corruptVideo", "hdrl", "RIFF 'AVI ' without LIST 'hdrl'"),
        ("no-movi.avi", hdrl_only, "corruptVideo", "movi", "RIFF 'AVI ' without LIST 'movi'"),
        ("short-strh.avi", short_strh, "corruptVideo", "strh", "a 20-byte strh stream header"),
        ("no-video-stream.avi", audio_only, "noVideoStream", "auds", "a single audio stream"),
        ("rawvideo.avi", raw_avi, "unsupportedVideoCodec", "BI_RGB",
         "ffmpeg -c:v rawvideo: uncompressed frames (biCompression 0)"),
        ("h264-fourcc.avi", h264, "unsupportedVideoCodec", "H264", "mjpeg.avi with the FourCCs patched to 'H264'"),
        ("zero-frames.avi", build_avi([], index=None), "noVideoFrames", "no chunks", "an empty movi list"),
        ("all-empty-frames.avi", build_avi([b"", b""]), "noVideoFrames", "empty",
         "two empty chunks (dropped frames) and nothing else"),
        ("zero-size.avi", build_avi(frames, width=0), "corruptVideo", "0×24", "strf biWidth 0"),
        ("no-frame-rate.avi", build_avi(frames, rate=0, scale=0, us_per_frame=0), "corruptVideo", "frameRate",
         "strh rate/scale and avih dwMicroSecPerFrame all 0 (opens with an explicit frameRate)"),
    ]
    for name, data, kind, word, covers in broken:
        files[name] = data
        errors.append({"file": name, "kind": kind, "contains": word, "covers": covers})

    # An AVI that opens, with frames that do not decode.
    files["bad-frames.avi"] = build_avi([f0, b"not a JPEG frame", f2[:len(f2) // 2]])
    frame_errors = {"file": "bad-frames.avi", "frame_count": 3, "good": {"0": frame_record(f0)},
                    "bad": [{"frame": 1, "kind": "unsupportedImageFormat", "pillow": pillow_error(b"not a JPEG frame")},
                            {"frame": 2, "kind": "truncatedImage", "pillow": pillow_error(f2[:len(f2) // 2])}],
                    "covers": "frame 0 decodes; frame 1 is text; frame 2 is the first half of a JPEG"}

    for name, data in files.items():
        (out / name).write_bytes(data)
    folders, folder_errors = make_folders(out, frames)
    manifest = {"videos": videos, "errors": errors, "frame_errors": frame_errors, "folders": folders,
                "folder_errors": folder_errors, "course_videos": course_videos()}
    write_json(out / "manifest.json", manifest)
    return manifest


def course_videos() -> list:
    """Pillow's decoding of every frame of the course videos (Assets/video/, Scripts/make-course-videos)."""
    cases = []
    for name in COURSE_VIDEOS:
        data = (ROOT / "Assets" / "video" / name).read_bytes()
        frames = movi_frames(data)
        cases.append({"file": name, "sha256": sha256(data), "frame_count": len(frames),
                      "frames": [frame_record(f) for f in frames]})
    return cases


def pillow_error(data: bytes) -> str:
    try:
        with Image.open(io.BytesIO(data)) as image:
            image.load()
    except Exception as error:  # noqa: BLE001 - the message is what is recorded
        return re.sub(r" at 0x[0-9a-f]+", "", f"{type(error).__name__}: {error}")  # no memory addresses
    raise AssertionError("Pillow decoded a frame that should fail")


def natural_key(name: str):
    """Numbers by value, other text without case, then the plain name (the order Video's folder reader uses)."""
    return [(0, int(part)) if part.isdigit() else (1, part.lower()) for part in re.split(r"(\d+)", name)], name


def make_folders(out: Path, frames: list[bytes]) -> tuple[list, list]:
    png = io.BytesIO()
    with Image.open(io.BytesIO(frames[1])) as image:
        image.convert("RGB").save(png, format="PNG")
    mixed = {"frame_10.jpg": frames[2], "frame_1.jpg": frames[0], "frame_2.png": png.getvalue(),
             "Frame_3.JPG": frames[1]}
    specs = [
        ("frames-mixed", mixed, "12.5\n", 12.5,
         "JPEG and PNG frames, an upper-case name and extension, numbers compared by value (1, 2, 3, 10), fps.txt "
         "12.5, a notes.txt that is not a frame"),
        ("frames-default-rate", {"frame_0001.jpg": frames[0], "frame_0002.jpg": frames[1]}, None, 25.0,
         "zero-padded names, no fps.txt: the default 25 fps"),
        ("frames-fraction-rate", {"0.jpg": frames[2]}, " 30000/1001 \n", 30000 / 1001, "fps.txt as a fraction"),
    ]
    folders = []
    for folder, names, fps, rate, covers in specs:
        path = out / folder
        path.mkdir()
        for name, data in names.items():
            (path / name).write_bytes(data)
        if fps is not None:
            (path / "fps.txt").write_text(fps)
        if folder == "frames-mixed":
            (path / "notes.txt").write_text("Frames of mjpeg.avi; frame_2.png is frame 1 as a PNG.\n")
        order = sorted(names, key=natural_key)
        folders.append({"folder": folder, "covers": covers, "frame_rate": rate, "files": order,
                        "width": 32, "height": 24, "frames": [pillow_decode(names[n]) for n in order]})
    assert folders[0]["files"] == ["frame_1.jpg", "frame_2.png", "Frame_3.JPG", "frame_10.jpg"]

    errors = []
    bad = out / "frames-bad-rate"
    bad.mkdir()
    (bad / "frame_1.jpg").write_bytes(frames[0])
    (bad / "fps.txt").write_text("fast\n")
    errors.append({"folder": "frames-bad-rate", "kind": "invalidFrameRate", "contains": "fps.txt",
                   "covers": "fps.txt holds a word, not a number"})
    none = out / "frames-none"
    none.mkdir()
    (none / "fps.txt").write_text("10\n")
    (none / "notes.txt").write_text("No frames here.\n")
    errors.append({"folder": "frames-none", "kind": "noVideoFrames", "contains": "no .jpg",
                   "covers": "a folder with fps.txt and notes.txt but no frame files"})
    return folders, errors


def verify_media(out: Path, manifest: dict) -> None:
    """Re-reads every written file and recomputes the manifest's frame records."""
    for case in manifest["videos"]:
        data = (out / case["file"]).read_bytes()
        stream = b"01" if case["file"] == "audio-first.avi" else b"00"
        chunks = movi_frames(data, stream)
        if case["file"] == "dropped-frames.avi":
            filled, last = [], None
            for c in chunks:
                last = c if c else last
                filled.append(last)
            chunks = [filled[1]] + filled[1:]
        assert [frame_record(c) for c in chunks] == case["frames"], case["file"]
    for case in manifest["folders"]:
        folder = out / case["folder"]
        assert [pillow_decode((folder / n).read_bytes()) for n in case["files"]] == case["frames"]


# ---------------------------------------------------------------------------------------------------------------
# The encoder references

def make_encoders(out: Path, with_pack: bool) -> dict:
    import torch
    import transformers
    from safetensors.torch import save_file
    from transformers import AutoImageProcessor, AutoModel

    torch.manual_seed(0)
    torch.set_num_threads(1)
    torch.use_deterministic_algorithms(True)
    transformers.logging.set_verbosity_error()
    out = fresh_dir(out)
    data = COURSE_VIDEO.read_bytes()
    frames = movi_frames(data)
    count = 8
    indices = [(2 * i + 1) * len(frames) // (2 * count) for i in range(count)]
    images = [Image.open(io.BytesIO(frames[i])) for i in indices]
    notes = {"video": "Assets/video/rocket-to-hubble.avi", "video_sha256": sha256(data), "video_frames": len(frames),
             "frame_indices": indices, "sampling": "floor((2i + 1) * frames / (2 * count)), count 8",
             "cut": "frames 0-24 show the rocket, 25-49 the Hubble deep field; between sampled positions 3 and 4"}

    def run(folder):
        model = AutoModel.from_pretrained(str(folder), attn_implementation="eager", dtype=torch.float32).eval()
        processor = AutoImageProcessor.from_pretrained(str(folder), backend="pil")
        pixels = processor(images, return_tensors="pt")["pixel_values"]
        with torch.no_grad():
            output = model(pixel_values=pixels)
        hidden = output.last_hidden_state
        return {"cls": hidden[:, 0], "mean": hidden.mean(1), "patch_mean": hidden[:, 1:].mean(1),
                "pooler_output": output.pooler_output, "pixel_values_shape": list(pixels.shape)}

    def curve(vectors):
        unit = torch.nn.functional.normalize(vectors.double(), dim=-1)
        return [round(float(x), 6) for x in (unit[1:] * unit[:-1]).sum(-1)]

    tiny = run(TINY_DINOV2)
    save_file({k: v.contiguous() for k, v in tiny.items() if k != "pixel_values_shape"},
              str(out / "tiny-dinov2-rocket-to-hubble.safetensors"))
    write_json(out / "tiny-dinov2-rocket-to-hubble.json", {
        **notes, "model": "Tests/EncodersTests/Fixtures/vision/tiny-dinov2 (AutoModel, eager, float32)",
        "processor": "AutoImageProcessor.from_pretrained(folder, backend='pil'): BitImageProcessorPil",
        "pixel_values_shape": tiny["pixel_values_shape"],
        "tensors": {"cls": "last_hidden_state[:, 0]", "mean": "last_hidden_state.mean(1) (all tokens)",
                    "patch_mean": "last_hidden_state[:, 1:].mean(1)", "pooler_output": "pooler_output"},
        "cls_curve": curve(tiny["cls"])})
    result = {"tiny_curve": curve(tiny["cls"])}
    if with_pack:
        from huggingface_hub import snapshot_download
        snapshot = Path(snapshot_download(IMGFOCUS, local_files_only=True))
        real = run(snapshot)
        save_file({"cls": real["cls"].contiguous()}, str(out / "dinov2-imgfocus-rocket-to-hubble.safetensors"))
        real_curve = curve(real["cls"])
        write_json(out / "dinov2-imgfocus-rocket-to-hubble.json", {
            **notes, "model": f"{IMGFOCUS} (Scripts/install-models), snapshot {snapshot.name}",
            "processor": "AutoImageProcessor.from_pretrained(snapshot, backend='pil'): BitImageProcessorPil",
            "pixel_values_shape": real["pixel_values_shape"], "tensors": {"cls": "last_hidden_state[:, 0]"},
            "cls_curve": real_curve})
        assert min(range(len(real_curve)), key=real_curve.__getitem__) == 3, real_curve
        result["pack_curve"] = real_curve
    versions = {"python": platform.python_version(), "torch": torch.__version__,
                "transformers": transformers.__version__, "pillow": PIL.__version__, "numpy": np.__version__,
                "ffmpeg": ffmpeg_version(), "generator": "Scripts/reference/make_video_fixtures.py",
                "torch_threads": 1, "device": "cpu"}
    write_json(out / "VERSIONS.json", versions)
    return result


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--media-out", type=Path, default=MEDIA_OUT)
    ap.add_argument("--encoders-out", type=Path, default=ENCODERS_OUT)
    ap.add_argument("--skip-models", action="store_true", help="write only the media fixtures (no torch needed)")
    ap.add_argument("--skip-pack", action="store_true", help="skip the vectorbook/dinov2-small-imgfocus reference")
    args = ap.parse_args()
    if shutil.which("ffmpeg") is None:
        sys.exit("make_video_fixtures.py: ffmpeg is not installed (apt-get install ffmpeg)")
    manifest = make_media(args.media_out.resolve())
    verify_media(args.media_out.resolve(), manifest)
    write_json(args.media_out.resolve() / "VERSIONS.json",
               {"python": platform.python_version(), "pillow": PIL.__version__, "numpy": np.__version__,
                "ffmpeg": ffmpeg_version(), "generator": "Scripts/reference/make_video_fixtures.py"})
    print(f"media fixtures: {len(manifest['videos'])} videos, {len(manifest['errors'])} broken files, "
          f"{len(manifest['folders'])} folders -> {args.media_out}")
    if not args.skip_models:
        curves = make_encoders(args.encoders_out.resolve(), with_pack=not args.skip_pack)
        for name, values in curves.items():
            print(f"{name}: {values}")


if __name__ == "__main__":
    main()
