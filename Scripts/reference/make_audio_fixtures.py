#!/usr/bin/env python3
"""Reference fixtures for Vectorbook's audio decoding, resampling, spectral features and feature extractors.

How to run (from the repository root; CPU only, no network, about 15 s):

    /tmp/ref/bin/pip install librosa soundfile          # once, next to torch/transformers/scipy
    /tmp/ref/bin/python Scripts/reference/make_audio_fixtures.py [--out DIR]

The default output folder is Tests/MediaTests/Fixtures/audio. The script deletes and rewrites only that folder.
Versions used for the committed files are written to VERSIONS.json (soundfile 0.14.0 with its bundled libsndfile
1.2.2, librosa 0.11.0, scipy 1.17.1, numpy 2.4.6, torch 2.15.0, transformers 5.24.0). Running it twice gives
byte-identical files: signals come from closed-form formulas plus numpy's legacy RandomState with fixed seeds,
libsndfile's two sources of run-to-run variation are removed (the timestamp in the PEAK chunk of float WAV files is
zeroed, and the random Ogg stream serial number is replaced by a fixed one, with every page CRC recomputed), and all
JSON is written with sorted keys and no timestamps. At the end the script re-reads every file and recomputes every
reference, and stops with an assertion error when anything differs.

Conventions of the written data:

* `*.f32` files are float32 little-endian, row-major ([bins, frames] for spectral data, interleaved frames for
  audio). JSON numbers written for float32 values are the shortest repr of the float32 (exact after Float parsing).
* "sampled" arrays store `count` values at flat indices `(i * stride) % size` for i in 0..<count, with `stride` a
  prime coprime with `size`; they are used where a full array would be large. Every array case also stores the
  float64 `max_abs`, `sum` and `sum_sq` of the whole reference.

What it writes (see the README table in Scripts/reference/README.md for the overview):

* files/: the test signals, encoded by soundfile/libsndfile:
    sweep16k     16 kHz mono, 19,753 frames (1.2346 s; not a multiple of any hop), log sine sweep 60 Hz to 7 kHz
                 with a little noise. WAV PCM_16, WAV FLOAT, FLAC, Ogg Vorbis, MP3.
    stereo22k    22.05 kHz stereo, 11,025 frames: left = noise + 330 Hz, right = 440 Hz + 1,250 Hz with an
                 envelope. WAV PCM_24, FLAC 24-bit, Ogg Vorbis.
    clicks44k    44.1 kHz mono, 22,051 frames: a vowel-like harmonic tone with sharp clicks. WAV PCM_16, WAV DOUBLE.
    tone48k      48 kHz stereo, 6,001 frames: chirp + tones, opposite phase content per channel. WAV PCM_32,
                 WAV FLOAT, FLAC.
    tone8k       8 kHz mono, 4,123 frames, telephone-band tones. WAV PCM_U8 (8-bit unsigned), WAV PCM_16.
    six22k       22.05 kHz, 6 channels, 1,103 frames (5.1 layout), one tone per channel. WAV PCM_16.
    silence16k   16 kHz mono, 8,000 zero frames. WAV PCM_16.
    short16k     16 kHz mono, 4,800 frames (0.3 s), speech-like (harmonics of a gliding f0 through formants).
                 WAV PCM_16.
    long16k      16 kHz mono, 496,000 frames (31 s), speech-like with pauses: longer than Whisper's 30 s. FLAC.
    truncated_data.wav  sweep16k's PCM_16 WAV cut in the middle of its data chunk (the header still declares the
                 full length): libsndfile reads the frames that are there, as soundfile does.
* decode.json (+ decoded/*.f32): for each file soundfile's `read(dtype="float32")` result: format, subtype, rate,
  channels, frames, the SHA-256 of the interleaved float32 bytes, stats, and the samples (full arrays for files
  with at most 4,000 samples, else 2,000 sampled values).
* errors/: bad inputs (empty, truncated header, PNG bytes, HTML text, an MP4 `ftyp` header, a FLAC signature followed
  by garbage, a WAV header declaring 0 channels) and errors.json with what each one is.
* resample.json (+ resample/*.f32): `scipy.signal.resample_poly(x, up, down, axis=0)` (default window
  ('kaiser', 5.0), gcd-reduced up/down) for 48k→16k, 44.1k→16k, 22.05k→16k, 8k→16k, 16k→22.05k, 16k→8k and
  48k→44.1k on the first 0.3 s of the decoded files (stereo files resampled per channel).
* features.json (+ features/*.f32): librosa 0.11 and transformers.audio_utils outputs: STFT (real/imag and
  magnitude, centre reflect/constant/edge padding, uncentred, win_length < n_fft, fft_length > frame_length,
  symmetric Hamming), power/magnitude spectrograms, mel filter banks (librosa slaney/htk with norm None/"slaney";
  transformers mel_filter_bank htk/slaney/kaldi, triangularize_in_mel_space), mel spectrograms, power_to_db /
  amplitude_to_db (ref 1 or max, top_db), transformers log_mel "log"/"log10"/"dB", MFCC (n_mfcc 13/20, lifter 22)
  and scipy.fft.dct(type=2, norm="ortho").
* configs/: preprocessor_config.json files: whisper (openai/whisper-tiny's), whisper128 (feature_size 128, as
  whisper-large-v3), wav2vec2 (facebook/wav2vec2-base-960h: do_normalize, no attention mask), wav2vec2_mask
  (wav2vec2-large-960h-lv60-self: do_normalize, return_attention_mask) and wav2vec2_raw (do_normalize false).
* extractors.json (+ extractors/*.f32): WhisperFeatureExtractor (transformers 5.24; its default torch path, float32
  torch.stft) and Wav2Vec2FeatureExtractor outputs, singles and batches, `return_tensors="np"`.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import shutil
import struct
import sys
import warnings
from pathlib import Path

import numpy as np

warnings.filterwarnings("ignore")

import librosa  # noqa: E402
import scipy  # noqa: E402
import scipy.fft  # noqa: E402
import scipy.signal  # noqa: E402
import soundfile as sf  # noqa: E402
import torch  # noqa: E402
import transformers  # noqa: E402
from transformers import Wav2Vec2FeatureExtractor, WhisperFeatureExtractor  # noqa: E402
from transformers.audio_utils import mel_filter_bank, spectrogram, window_function  # noqa: E402

torch.set_num_threads(1)
torch.use_deterministic_algorithms(True)

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_OUT = ROOT / "Tests" / "MediaTests" / "Fixtures" / "audio"

FULL_LIMIT = 4_000  # arrays with at most this many values are stored whole
SAMPLED_COUNT = 2_000
STRIDES = [104_729, 1_299_709, 15_485_863, 32_452_843]  # primes; the first coprime with the size is used


# ----------------------------------------------------------------------------------------------------------
# Small helpers
# ----------------------------------------------------------------------------------------------------------

def f32(value) -> float:
    """A float32 value as a Python float (exact; Swift's Float parsing of its repr gives the same value)."""
    return float(np.float32(value))


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def write_json(path: Path, obj) -> None:
    path.write_text(json.dumps(obj, indent=1, sort_keys=True) + "\n")


def stride_for(size: int) -> int:
    for s in STRIDES:
        if np.gcd(s, size) == 1:
            return s
    raise AssertionError(f"no coprime stride for {size}")


class ArrayStore:
    """Writes arrays under a folder and describes them in JSON entries."""

    def __init__(self, out: Path, folder: str, full_limit: int = FULL_LIMIT):
        self.out = out
        self.folder = folder
        self.full_limit = full_limit
        (out / folder).mkdir(parents=True, exist_ok=True)

    def describe(self, name: str, array: np.ndarray, force_full: bool = False) -> dict:
        a = np.ascontiguousarray(np.asarray(array, dtype=np.float32))
        flat = a.ravel()
        entry = {
            "shape": list(a.shape),
            "max_abs": float(np.max(np.abs(flat.astype(np.float64)))) if flat.size else 0.0,
            "sum": float(np.sum(flat.astype(np.float64))),
            "sum_sq": float(np.sum(flat.astype(np.float64) ** 2)),
            "sha256": sha256(flat.astype("<f4").tobytes()),
        }
        if flat.size and np.all(flat == flat[0]):
            entry["constant"] = f32(flat[0])
        elif flat.size <= self.full_limit or force_full:
            file = f"{self.folder}/{name}.f32"
            (self.out / file).write_bytes(flat.astype("<f4").tobytes())
            entry["full"] = file
        else:
            stride = stride_for(flat.size)
            idx = (np.arange(SAMPLED_COUNT, dtype=np.int64) * stride) % flat.size
            file = f"{self.folder}/{name}.sampled.f32"
            (self.out / file).write_bytes(flat[idx].astype("<f4").tobytes())
            entry["sampled"] = {"file": file, "stride": stride, "count": SAMPLED_COUNT}
        return entry


# ----------------------------------------------------------------------------------------------------------
# Signals
# ----------------------------------------------------------------------------------------------------------

def log_sweep(sr: int, n: int, f0: float, f1: float) -> np.ndarray:
    t = np.arange(n) / sr
    duration = n / sr
    k = np.log(f1 / f0)
    phase = 2 * np.pi * f0 * duration / k * (np.exp(t / duration * k) - 1)
    return np.sin(phase)


def speech_like(sr: int, n: int, seed: int, pauses: bool, noise: float = 0.003) -> np.ndarray:
    """Harmonics of a gliding f0 shaped by three moving formants, with a syllable-rate envelope."""
    rs = np.random.RandomState(seed)
    t = np.arange(n) / sr
    f0 = 150 + 40 * np.sin(2 * np.pi * 0.7 * t) + 25 * np.sin(2 * np.pi * 2.3 * t + 1.0)
    phase = 2 * np.pi * np.cumsum(f0) / sr
    formants = [
        500 + 200 * np.sin(2 * np.pi * 1.1 * t),
        1500 + 500 * np.sin(2 * np.pi * 0.8 * t + 0.5),
        2500 + 300 * np.sin(2 * np.pi * 0.5 * t + 2.0),
    ]
    y = np.zeros(n)
    for h in range(1, 40):
        fh = h * f0
        gain = sum(np.exp(-((fh - fc) ** 2) / (2 * 120.0 ** 2)) for fc in formants) + 0.02
        gain = np.where(fh < sr / 2 - 200, gain, 0.0)
        y += gain * np.sin(h * phase) / np.sqrt(h)
    envelope = 0.55 + 0.45 * np.sin(2 * np.pi * 3.7 * t) ** 2
    if pauses:
        gate = (np.sin(2 * np.pi * 0.23 * t) > -0.6).astype(np.float64)
        gate = np.convolve(gate, np.hanning(801) / np.hanning(801).sum(), mode="same")
        envelope = envelope * gate
    y = y * envelope
    y = 0.5 * y / np.max(np.abs(y))
    return y + noise * rs.standard_normal(n)


def make_signals() -> dict[str, tuple[int, np.ndarray]]:
    """name -> (sample rate, float64 array [frames] or [frames, channels])."""
    signals: dict[str, tuple[int, np.ndarray]] = {}

    rs = np.random.RandomState(11)
    n = 19_753
    signals["sweep16k"] = (16_000, 0.6 * log_sweep(16_000, n, 60, 7_000) + 0.02 * rs.standard_normal(n))

    rs = np.random.RandomState(12)
    n = 11_025
    t = np.arange(n) / 22_050
    left = 0.25 * rs.standard_normal(n).clip(-3, 3) / 3 + 0.4 * np.sin(2 * np.pi * 330 * t)
    env = np.minimum(1, t / 0.05) * np.exp(-1.5 * t)
    right = env * (0.5 * np.sin(2 * np.pi * 440 * t) + 0.3 * np.sin(2 * np.pi * 1_250 * t + 0.3))
    signals["stereo22k"] = (22_050, np.stack([left, right], 1))

    rs = np.random.RandomState(13)
    n = 22_051
    vowel = speech_like(44_100, n, 13, pauses=False) * 0.8
    clicks = np.zeros(n)
    for position in rs.randint(200, n - 200, size=9):
        clicks[position] = 0.9 if position % 2 else -0.9
        clicks[position + 1] = -0.45
    signals["clicks44k"] = (44_100, vowel + clicks)

    n = 6_001
    t = np.arange(n) / 48_000
    chirp = scipy.signal.chirp(t, f0=100, t1=t[-1], f1=20_000, method="quadratic")
    ch0 = 0.45 * chirp + 0.3 * np.sin(2 * np.pi * 997 * t)
    ch1 = -0.45 * chirp + 0.3 * np.sin(2 * np.pi * 7_919 * t) + 0.1 * np.sin(2 * np.pi * 15_000 * t)
    signals["tone48k"] = (48_000, np.stack([ch0, ch1], 1))

    n = 4_123
    t = np.arange(n) / 8_000
    signals["tone8k"] = (8_000, 0.5 * np.sin(2 * np.pi * 350 * t) + 0.35 * np.sin(2 * np.pi * 440 * t + 0.2)
                         + 0.1 * np.sin(2 * np.pi * 3_700 * t))

    n = 1_103
    t = np.arange(n) / 22_050
    six = np.stack([0.15 * (c + 1) / 2 * np.sin(2 * np.pi * (200 + 300 * c) * t + c) for c in range(6)], 1)
    signals["six22k"] = (22_050, six)

    signals["silence16k"] = (16_000, np.zeros(8_000))
    signals["short16k"] = (16_000, speech_like(16_000, 4_800, 14, pauses=False))
    signals["long16k"] = (16_000, 0.7 * speech_like(16_000, 496_000, 15, pauses=True, noise=0.0))
    return signals


# (file name, signal, format, subtype)
FILES = [
    ("sweep16k_pcm16.wav", "sweep16k", "WAV", "PCM_16"),
    ("sweep16k_float.wav", "sweep16k", "WAV", "FLOAT"),
    ("sweep16k.flac", "sweep16k", "FLAC", "PCM_16"),
    ("sweep16k.ogg", "sweep16k", "OGG", "VORBIS"),
    ("sweep16k.mp3", "sweep16k", "MP3", "MPEG_LAYER_III"),
    ("stereo22k_pcm24.wav", "stereo22k", "WAV", "PCM_24"),
    ("stereo22k_24.flac", "stereo22k", "FLAC", "PCM_24"),
    ("stereo22k.ogg", "stereo22k", "OGG", "VORBIS"),
    ("clicks44k_pcm16.wav", "clicks44k", "WAV", "PCM_16"),
    ("tone48k_pcm32.wav", "tone48k", "WAV", "PCM_32"),
    ("tone48k_float.wav", "tone48k", "WAV", "FLOAT"),
    ("tone48k.flac", "tone48k", "FLAC", "PCM_16"),
    ("tone8k_u8.wav", "tone8k", "WAV", "PCM_U8"),
    ("tone8k_pcm16.wav", "tone8k", "WAV", "PCM_16"),
    ("tone8k_double.wav", "tone8k", "WAV", "DOUBLE"),
    ("six22k_pcm16.wav", "six22k", "WAV", "PCM_16"),
    ("silence16k_pcm16.wav", "silence16k", "WAV", "PCM_16"),
    ("short16k_pcm16.wav", "short16k", "WAV", "PCM_16"),
    ("long16k_8bit.flac", "long16k", "FLAC", "PCM_S8"),
]


# ----------------------------------------------------------------------------------------------------------
# Deterministic encoded files
# ----------------------------------------------------------------------------------------------------------

def _ogg_crc_table() -> list[int]:
    table = []
    for i in range(256):
        r = i << 24
        for _ in range(8):
            r = ((r << 1) ^ 0x04C11DB7) if r & 0x80000000 else (r << 1)
        table.append(r & 0xFFFFFFFF)
    return table


OGG_CRC = _ogg_crc_table()


def fix_ogg_serial(data: bytes, serial: int = 0x56424F4B) -> bytes:
    """Replaces every page's stream serial number and recomputes the page CRCs."""
    out = bytearray(data)
    pos = 0
    while pos < len(out):
        assert out[pos:pos + 4] == b"OggS", f"no Ogg page at {pos}"
        segments = out[pos + 26]
        lacing = out[pos + 27:pos + 27 + segments]
        size = 27 + segments + sum(lacing)
        struct.pack_into("<I", out, pos + 14, serial)
        struct.pack_into("<I", out, pos + 22, 0)
        crc = 0
        for byte in out[pos:pos + size]:
            crc = ((crc << 8) & 0xFFFFFFFF) ^ OGG_CRC[((crc >> 24) & 0xFF) ^ byte]
        struct.pack_into("<I", out, pos + 22, crc)
        pos += size
    return bytes(out)


def zero_peak_timestamp(data: bytes) -> bytes:
    """Zeroes the timestamp of a WAV PEAK chunk (libsndfile writes the current time there)."""
    out = bytearray(data)
    pos = 12
    while pos + 8 <= len(out):
        chunk, size = out[pos:pos + 4], struct.unpack_from("<I", out, pos + 4)[0]
        if chunk == b"PEAK":
            struct.pack_into("<I", out, pos + 12, 0)
        pos += 8 + size + (size & 1)
    return bytes(out)


def encode(signal: np.ndarray, sr: int, fmt: str, subtype: str) -> bytes:
    buffer = io.BytesIO()
    buffer.name = "x." + fmt.lower()
    sf.write(buffer, signal.astype(np.float32), sr, format=fmt, subtype=subtype)
    data = buffer.getvalue()
    if fmt == "OGG":
        data = fix_ogg_serial(data)
    if fmt == "WAV":
        data = zero_peak_timestamp(data)
    return data


def read_float32(path: Path) -> tuple[np.ndarray, sf._SoundFileInfo]:
    samples, _ = sf.read(str(path), dtype="float32", always_2d=True)
    return samples, sf.info(str(path))


def mono(samples: np.ndarray) -> np.ndarray:
    """librosa.to_mono / transformers: the mean over channels (float32)."""
    return samples.T.mean(axis=0) if samples.shape[1] > 1 else samples[:, 0].copy()


# ----------------------------------------------------------------------------------------------------------
# Sections
# ----------------------------------------------------------------------------------------------------------

def write_files(out: Path, signals) -> dict:
    (out / "files").mkdir(parents=True)
    for name, signal, fmt, subtype in FILES:
        sr, x = signals[signal]
        (out / "files" / name).write_bytes(encode(x, sr, fmt, subtype))
    # A WAV whose data chunk is cut short (the header still declares every frame).
    full = (out / "files" / "sweep16k_pcm16.wav").read_bytes()
    (out / "files" / "truncated_data.wav").write_bytes(full[: 44 + 2 * 12_345 + 1])
    return {name: signal for name, signal, _, _ in FILES} | {"truncated_data.wav": "sweep16k"}


def write_decode(out: Path, sources: dict) -> dict[str, np.ndarray]:
    store = ArrayStore(out, "decoded")
    cases = []
    decoded = {}
    for name in sorted(sources):
        samples, info = read_float32(out / "files" / name)
        decoded[name] = samples
        entry = {
            "file": f"files/{name}",
            "signal": sources[name],
            "format": info.format,
            "subtype": info.subtype,
            "sample_rate": info.samplerate,
            "channels": info.channels,
            "frames": int(samples.shape[0]),
            "declared_frames": int(info.frames),
            "lossy": info.format in ("OGG", "MP3"),
        }
        entry |= store.describe(name.replace(".", "_"), samples)
        cases.append(entry)
    write_json(out / "decode.json", {"cases": cases, "reader": 'soundfile.read(path, dtype="float32", always_2d=True)'})
    return decoded


def write_errors(out: Path) -> None:
    folder = out / "errors"
    folder.mkdir()
    good = (out / "files" / "sweep16k_pcm16.wav").read_bytes()
    flac = (out / "files" / "sweep16k.flac").read_bytes()
    png = bytes.fromhex("89504E470D0A1A0A0000000D49484452") + bytes(32)
    mp4 = struct.pack(">I", 24) + b"ftypM4A " + bytes(4) + b"M4A isom" + bytes(40)
    zero_channels = bytearray(good[:44 + 400])
    struct.pack_into("<H", zero_channels, 22, 0)
    files = {
        "empty.wav": (b"", "empty"),
        "truncated_header.wav": (good[:30], "corrupt"),
        "picture.wav": (png, "unsupported:PNG"),
        "page.ogg": (b"<!DOCTYPE html>\n<html><body>404 Not Found</body></html>\n", "unsupported:HTML"),
        "song.m4a": (mp4, "unsupported:MP4"),
        "garbage.flac": (flac[:4] + bytes(range(256)) * 4, "corrupt"),
        "zero_channels.wav": (bytes(zero_channels), "corrupt"),
    }
    entries = []
    for name, (data, kind) in sorted(files.items()):
        (folder / name).write_bytes(data)
        try:
            sf.read(str(folder / name), dtype="float32")
            soundfile_says = "decoded"
        except Exception as error:  # noqa: BLE001
            soundfile_says = f"{type(error).__name__}: {error}".replace(str(folder / name), name)
        entries.append({"file": f"errors/{name}", "kind": kind, "soundfile": soundfile_says})
    write_json(out / "errors.json", {"cases": entries})


RESAMPLE_CASES = [
    # (decoded file, target rate)
    ("tone48k_float.wav", 16_000),
    ("clicks44k_pcm16.wav", 16_000),
    ("stereo22k_pcm24.wav", 16_000),
    ("tone8k_pcm16.wav", 16_000),
    ("sweep16k_pcm16.wav", 22_050),
    ("sweep16k_pcm16.wav", 8_000),
    ("tone48k_pcm32.wav", 44_100),
]


def write_resample(out: Path, decoded: dict) -> None:
    store = ArrayStore(out, "resample")
    cases = []
    for file, target in RESAMPLE_CASES:
        samples = decoded[file]
        sr = sf.info(str(out / "files" / file)).samplerate
        frames = min(int(round(0.3 * sr)), samples.shape[0])
        x = samples[:frames]
        g = int(np.gcd(sr, target))
        up, down = target // g, sr // g
        y = scipy.signal.resample_poly(x, up, down, axis=0)
        assert y.dtype == np.float32
        name = f"{file.split('.')[0]}_to_{target}"
        cases.append({"name": name, "file": f"files/{file}", "input_frames": frames, "source_rate": sr,
                      "target_rate": target, "up": up, "down": down, "channels": int(x.shape[1]),
                      "output_frames": int(y.shape[0]), "half_len": 10 * max(up, down),
                      "rms": float(np.sqrt(np.mean(y.astype(np.float64) ** 2)))}
                     | store.describe(name, y))
    write_json(out / "resample.json", {"cases": cases,
                                       "call": "scipy.signal.resample_poly(x, up, down, axis=0), x float32"})


def feature_cases(decoded: dict):
    """Yields (name, input file, description dict, output array)."""
    sweep = mono(decoded["sweep16k_pcm16.wav"])
    short = mono(decoded["short16k_pcm16.wav"])
    stereo = mono(decoded["stereo22k_pcm24.wav"])
    silence = mono(decoded["silence16k_pcm16.wav"])
    clicks = mono(decoded["clicks44k_pcm16.wav"])

    # --- STFT (librosa) --------------------------------------------------------------------------------
    s = librosa.stft(short, n_fft=400, hop_length=160)
    yield "stft_librosa_constant_real", "short16k_pcm16.wav", {
        "kind": "stft", "part": "real", "lib": "librosa", "n_fft": 400, "hop": 160, "center": True,
        "pad": "constant", "window": "hann"}, s.real
    yield "stft_librosa_constant_imag", "short16k_pcm16.wav", {
        "kind": "stft", "part": "imag", "lib": "librosa", "n_fft": 400, "hop": 160, "center": True,
        "pad": "constant", "window": "hann"}, s.imag
    s = librosa.stft(sweep, n_fft=512, hop_length=128, win_length=400, pad_mode="reflect")
    yield "stft_librosa_reflect_win400", "sweep16k_pcm16.wav", {
        "kind": "stft", "part": "magnitude", "lib": "librosa", "n_fft": 512, "hop": 128, "win_length": 400,
        "center": True, "pad": "reflect", "window": "hann"}, np.abs(s)
    s = librosa.stft(sweep, n_fft=256, hop_length=100, center=False)
    yield "stft_librosa_nocenter", "sweep16k_pcm16.wav", {
        "kind": "stft", "part": "magnitude", "lib": "librosa", "n_fft": 256, "hop": 100, "center": False,
        "pad": "constant", "window": "hann"}, np.abs(s)
    s = librosa.stft(clicks, n_fft=1024, hop_length=441, pad_mode="edge")
    yield "stft_librosa_edge_44k", "clicks44k_pcm16.wav", {
        "kind": "stft", "part": "magnitude", "lib": "librosa", "n_fft": 1024, "hop": 441, "center": True,
        "pad": "edge", "window": "hann"}, np.abs(s)

    # --- spectrogram (transformers.audio_utils) --------------------------------------------------------
    yield "spec_hf_power_reflect", "sweep16k_pcm16.wav", {
        "kind": "hf_spectrogram", "frame_length": 400, "fft_length": 400, "hop": 160, "power": 2.0, "center": True,
        "pad": "reflect", "window": "hann", "periodic": True}, spectrogram(
        sweep, window_function(400, "hann"), frame_length=400, hop_length=160, power=2.0)
    yield "spec_hf_magnitude_padded_window", "short16k_pcm16.wav", {
        "kind": "hf_spectrogram", "frame_length": 512, "fft_length": 512, "hop": 160, "power": 1.0, "center": True,
        "pad": "reflect", "window": "hann", "window_length": 400, "periodic": True}, spectrogram(
        short, window_function(400, "hann", frame_length=512), frame_length=512, hop_length=160, power=1.0)
    yield "spec_hf_frame400_fft512", "short16k_pcm16.wav", {
        "kind": "hf_spectrogram", "frame_length": 400, "fft_length": 512, "hop": 160, "power": 2.0, "center": True,
        "pad": "reflect", "window": "hann", "periodic": True}, spectrogram(
        short, window_function(400, "hann"), frame_length=400, fft_length=512, hop_length=160, power=2.0)
    yield "spec_hf_hamming_symmetric_nocenter", "tone8k_pcm16.wav", {
        "kind": "hf_spectrogram", "frame_length": 256, "fft_length": 256, "hop": 80, "power": 2.0, "center": False,
        "pad": "reflect", "window": "hamming", "periodic": False}, spectrogram(
        mono(decoded["tone8k_pcm16.wav"]), window_function(256, "hamming", periodic=False), frame_length=256,
        hop_length=80, power=2.0, center=False)

    # --- mel filter banks ------------------------------------------------------------------------------
    yield "mel_librosa_slaney_16k", None, {
        "kind": "mel_librosa", "sr": 16_000, "n_fft": 400, "n_mels": 80, "fmin": 0.0, "fmax": None, "htk": False,
        "norm": "slaney"}, librosa.filters.mel(sr=16_000, n_fft=400, n_mels=80)
    yield "mel_librosa_htk_none", None, {
        "kind": "mel_librosa", "sr": 16_000, "n_fft": 512, "n_mels": 40, "fmin": 20.0, "fmax": 7_600.0, "htk": True,
        "norm": None}, librosa.filters.mel(sr=16_000, n_fft=512, n_mels=40, fmin=20, fmax=7_600, htk=True, norm=None)
    yield "mel_librosa_default_22k", None, {
        "kind": "mel_librosa", "sr": 22_050, "n_fft": 2048, "n_mels": 128, "fmin": 0.0, "fmax": None, "htk": False,
        "norm": "slaney"}, librosa.filters.mel(sr=22_050, n_fft=2048)
    yield "mel_librosa_htk_slaney_44k", None, {
        "kind": "mel_librosa", "sr": 44_100, "n_fft": 1024, "n_mels": 64, "fmin": 50.0, "fmax": 14_000.0,
        "htk": True, "norm": "slaney"}, librosa.filters.mel(sr=44_100, n_fft=1024, n_mels=64, fmin=50, fmax=14_000,
                                                            htk=True, norm="slaney")
    hf_mels = [
        ("mel_hf_whisper", dict(num_frequency_bins=201, num_mel_filters=80, min_frequency=0.0, max_frequency=8_000.0,
                                sampling_rate=16_000, norm="slaney", mel_scale="slaney")),
        ("mel_hf_htk", dict(num_frequency_bins=257, num_mel_filters=40, min_frequency=20.0, max_frequency=7_600.0,
                            sampling_rate=16_000, norm=None, mel_scale="htk")),
        ("mel_hf_kaldi_melspace", dict(num_frequency_bins=257, num_mel_filters=23, min_frequency=20.0,
                                       max_frequency=8_000.0, sampling_rate=16_000, norm=None, mel_scale="kaldi",
                                       triangularize_in_mel_space=True)),
        ("mel_hf_slaney_22k", dict(num_frequency_bins=1025, num_mel_filters=128, min_frequency=0.0,
                                   max_frequency=11_025.0, sampling_rate=22_050, norm="slaney", mel_scale="slaney")),
        ("mel_hf_htk_slaney_44k", dict(num_frequency_bins=513, num_mel_filters=64, min_frequency=50.0,
                                       max_frequency=14_000.0, sampling_rate=44_100, norm="slaney", mel_scale="htk")),
    ]
    for name, kwargs in hf_mels:
        yield name, None, {"kind": "mel_hf", **{k: v for k, v in kwargs.items()}}, mel_filter_bank(**kwargs).T

    # --- mel spectrograms and log scales ------------------------------------------------------------------
    m = librosa.feature.melspectrogram(y=sweep, sr=16_000, n_fft=400, hop_length=160, n_mels=80)
    yield "melspec_librosa_16k", "sweep16k_pcm16.wav", {
        "kind": "melspec_librosa", "sr": 16_000, "n_fft": 400, "hop": 160, "n_mels": 80, "power": 2.0}, m
    m22 = librosa.feature.melspectrogram(y=stereo, sr=22_050)
    yield "melspec_librosa_22k_default", "stereo22k_pcm24.wav", {
        "kind": "melspec_librosa", "sr": 22_050, "n_fft": 2048, "hop": 512, "n_mels": 128, "power": 2.0}, m22
    yield "db_librosa_power", "stereo22k_pcm24.wav", {
        "kind": "power_to_db", "of": "melspec_librosa_22k_default", "ref": 1.0, "amin": 1e-10, "top_db": 80.0
    }, librosa.power_to_db(m22)
    yield "db_librosa_power_refmax_notop", "stereo22k_pcm24.wav", {
        "kind": "power_to_db", "of": "melspec_librosa_22k_default", "ref": "max", "amin": 1e-10, "top_db": None
    }, librosa.power_to_db(m22, ref=np.max, top_db=None)
    mag = np.abs(librosa.stft(short, n_fft=400, hop_length=160))
    yield "db_librosa_amplitude", "short16k_pcm16.wav", {
        "kind": "amplitude_to_db", "n_fft": 400, "hop": 160, "ref": "max", "amin": 1e-5, "top_db": 80.0
    }, librosa.amplitude_to_db(mag, ref=np.max)
    ms = librosa.feature.melspectrogram(y=silence, sr=16_000, n_fft=400, hop_length=160, n_mels=40)
    yield "db_librosa_silence", "silence16k_pcm16.wav", {
        "kind": "power_to_db_melspec", "sr": 16_000, "n_fft": 400, "hop": 160, "n_mels": 40, "ref": 1.0,
        "amin": 1e-10, "top_db": 80.0}, librosa.power_to_db(ms)
    whisper_mel = mel_filter_bank(201, 80, 0.0, 8_000.0, 16_000, "slaney", "slaney")
    htk_mel = mel_filter_bank(257, 40, 20.0, 7_600.0, 16_000, None, "htk")
    for log_mel, filters, n_fft, extra in [("log10", whisper_mel, 400, {}), ("log", htk_mel, 512, {}),
                                           ("dB", whisper_mel, 400, {"db_range": 80.0})]:
        name = f"logmel_hf_{log_mel.lower()}"
        out = spectrogram(sweep, window_function(n_fft, "hann"), frame_length=n_fft, hop_length=160, power=2.0,
                          mel_filters=filters, log_mel=log_mel, **extra)
        yield name, "sweep16k_pcm16.wav", {"kind": "hf_logmel", "log_mel": log_mel, "n_fft": n_fft, "hop": 160,
                                           "mel": "whisper" if filters is whisper_mel else "htk40",
                                           "mel_floor": 1e-10, **extra}, out
    out = spectrogram(silence, window_function(400, "hann"), frame_length=400, hop_length=160, power=2.0,
                      mel_filters=whisper_mel, log_mel="log10")
    yield "logmel_hf_log10_silence", "silence16k_pcm16.wav", {
        "kind": "hf_logmel", "log_mel": "log10", "n_fft": 400, "hop": 160, "mel": "whisper", "mel_floor": 1e-10}, out

    # --- MFCC and DCT -----------------------------------------------------------------------------------
    yield "mfcc_librosa_13", "sweep16k_pcm16.wav", {
        "kind": "mfcc", "sr": 16_000, "n_mfcc": 13, "n_fft": 400, "hop": 160, "n_mels": 40, "lifter": 0
    }, librosa.feature.mfcc(y=sweep, sr=16_000, n_mfcc=13, n_fft=400, hop_length=160, n_mels=40)
    yield "mfcc_librosa_default_22k", "stereo22k_pcm24.wav", {
        "kind": "mfcc", "sr": 22_050, "n_mfcc": 20, "n_fft": 2048, "hop": 512, "n_mels": 128, "lifter": 0
    }, librosa.feature.mfcc(y=stereo, sr=22_050)
    yield "mfcc_librosa_lifter", "short16k_pcm16.wav", {
        "kind": "mfcc", "sr": 16_000, "n_mfcc": 20, "n_fft": 512, "hop": 160, "n_mels": 64, "lifter": 22
    }, librosa.feature.mfcc(y=short, sr=16_000, n_mfcc=20, n_fft=512, hop_length=160, n_mels=64, lifter=22)
    matrix = np.random.RandomState(21).standard_normal((37, 5)).astype(np.float32)
    yield "dct_input", None, {"kind": "dct_input"}, matrix
    yield "dct_scipy_ortho", None, {"kind": "dct", "of": "dct_input", "type": 2, "norm": "ortho", "axis": 0
                                    }, scipy.fft.dct(matrix.astype(np.float64), type=2, norm="ortho", axis=0)


def write_features(out: Path, decoded: dict) -> None:
    store = ArrayStore(out, "features")
    cases = []
    for name, file, params, array in feature_cases(decoded):
        entry = {"name": name, "file": f"files/{file}" if file else None, "params": params}
        cases.append(entry | store.describe(name, array))
    write_json(out / "features.json", {"cases": cases})


CONFIGS = {
    "whisper": {
        "chunk_length": 30, "feature_extractor_type": "WhisperFeatureExtractor", "feature_size": 80,
        "hop_length": 160, "n_fft": 400, "n_samples": 480000, "nb_max_frames": 3000, "padding_side": "right",
        "padding_value": 0.0, "processor_class": "WhisperProcessor", "return_attention_mask": False,
        "sampling_rate": 16000,
    },
    "whisper128": {
        "chunk_length": 30, "dither": 0.0, "feature_extractor_type": "WhisperFeatureExtractor", "feature_size": 128,
        "hop_length": 160, "n_fft": 400, "n_samples": 480000, "nb_max_frames": 3000, "padding_side": "right",
        "padding_value": 0.0, "processor_class": "WhisperProcessor", "return_attention_mask": False,
        "sampling_rate": 16000,
    },
    "wav2vec2": {
        "do_normalize": True, "feature_extractor_type": "Wav2Vec2FeatureExtractor", "feature_size": 1,
        "padding_side": "right", "padding_value": 0.0, "return_attention_mask": False, "sampling_rate": 16000,
    },
    "wav2vec2_mask": {
        "do_normalize": True, "feature_extractor_type": "Wav2Vec2FeatureExtractor", "feature_size": 1,
        "padding_side": "right", "padding_value": 0.0, "return_attention_mask": True, "sampling_rate": 16000,
    },
    "wav2vec2_raw": {
        "do_normalize": False, "feature_extractor_type": "Wav2Vec2FeatureExtractor", "feature_size": 1,
        "padding_side": "right", "padding_value": 0.0, "return_attention_mask": False, "sampling_rate": 16000,
    },
}

EXTRACTOR_INPUTS = {
    "short": "short16k_pcm16.wav",
    "sweep": "sweep16k_pcm16.wav",
    "silence": "silence16k_pcm16.wav",
    "long": "long16k_8bit.flac",
    "tone8k_resampled": None,  # tone8k resampled to 16 kHz with resample_poly(2, 1): the course's pitfall, fixed
}


def extractor_input(decoded: dict, key: str) -> np.ndarray:
    if key == "tone8k_resampled":
        return scipy.signal.resample_poly(mono(decoded["tone8k_pcm16.wav"]), 2, 1)
    return mono(decoded[EXTRACTOR_INPUTS[key]])


def whisper_description(store: ArrayStore, name: str, features: np.ndarray, frames: int) -> dict:
    """Stores [bins, 3000]: the real frames (plus 8) in full when small, else sampled, plus per-frame means."""
    bins, total = features.shape
    head = min(total, frames + 8)
    entry = {"shape": [bins, total], "real_frames": frames, "head_frames": head}
    entry["head"] = store.describe(f"{name}_head", features[:, :head], force_full=head * bins <= 12_000)
    tail = features[:, head:]
    if tail.size:
        values = np.unique(tail)
        assert values.size == 1, f"{name}: padding frames are not one constant"
        entry["tail_value"] = f32(values[0])
    means = features.astype(np.float64).mean(axis=0)
    file = f"{store.folder}/{name}_frame_means.f32"
    (store.out / file).write_bytes(means.astype("<f4").tobytes())
    entry["frame_means"] = file
    if "full" not in entry["head"] and "constant" not in entry["head"]:
        entry["whole"] = store.describe(name, features)
    return entry


def write_extractors(out: Path, decoded: dict) -> None:
    (out / "configs").mkdir()
    for name, config in CONFIGS.items():
        folder = out / "configs" / name
        folder.mkdir()
        write_json(folder / "preprocessor_config.json", config)
    store = ArrayStore(out, "extractors")
    cases = []
    for config_name in ["whisper", "whisper128"]:
        fe = WhisperFeatureExtractor.from_pretrained(str(out / "configs" / config_name))
        keys = ["short", "sweep", "silence", "long", "tone8k_resampled"] if config_name == "whisper" else [
            "short", "sweep", "long"]
        for key in keys:
            x = extractor_input(decoded, key)
            r = fe(x, sampling_rate=16_000, return_tensors="np", return_attention_mask=True)
            feats = r["input_features"][0]
            assert feats.dtype == np.float32
            frames = int(r["attention_mask"][0].sum())
            name = f"{config_name}_{key}"
            numpy_path = fe._np_extract_fbank_features(
                np.pad(x[:480_000], (0, max(0, 480_000 - len(x))))[None, :].astype(np.float32), "cpu")[0]
            entry = {"name": name, "config": config_name, "inputs": [key], "input_samples": [int(len(x))],
                     "numpy_path_max_abs_diff": float(np.max(np.abs(numpy_path - feats)))}
            entry["items"] = [whisper_description(store, name, feats, frames)]
            cases.append(entry)
        batch = ["short", "sweep"]
        xs = [extractor_input(decoded, k) for k in batch]
        r = fe(xs, sampling_rate=16_000, return_tensors="np", return_attention_mask=True)
        for i, k in enumerate(batch):
            single = fe(xs[i], sampling_rate=16_000, return_tensors="np")["input_features"][0]
            assert np.array_equal(single, r["input_features"][i]), "batch rows differ from singles"
        # Each row of a Whisper batch equals that input on its own (asserted above), so the batch case refers to
        # the single cases instead of storing the rows again.
        cases.append({"name": f"{config_name}_batch", "config": config_name, "inputs": batch,
                      "input_samples": [int(len(x)) for x in xs],
                      "rows_equal": [f"{config_name}_{k}" for k in batch],
                      "real_frames": r["attention_mask"].sum(-1).tolist(),
                      "attention_mask_shape": list(r["attention_mask"].shape)})

    for config_name in ["wav2vec2", "wav2vec2_mask", "wav2vec2_raw"]:
        fe = Wav2Vec2FeatureExtractor.from_pretrained(str(out / "configs" / config_name))
        for key in ["short", "sweep", "silence"]:
            x = extractor_input(decoded, key)
            r = fe(x, sampling_rate=16_000, return_tensors="np")
            values = r["input_values"]
            entry = {"name": f"{config_name}_{key}", "config": config_name, "inputs": [key],
                     "input_samples": [int(len(x))], "padding": "longest",
                     "attention_mask": r["attention_mask"].sum(-1).tolist() if "attention_mask" in r else None}
            entry["values"] = store.describe(entry["name"], values)
            cases.append(entry)
        batch = ["short", "sweep"]
        xs = [extractor_input(decoded, k) for k in batch]
        r = fe(xs, sampling_rate=16_000, padding=True, return_tensors="np")
        values = r["input_values"]
        entry = {"name": f"{config_name}_batch", "config": config_name, "inputs": batch,
                 "input_samples": [int(len(x)) for x in xs], "padding": "longest",
                 "attention_mask": r["attention_mask"].sum(-1).tolist() if "attention_mask" in r else None,
                 "rows": [store.describe(f"{config_name}_batch_{i}", values[i]) for i in range(len(xs))]}
        entry["values"] = {"shape": list(values.shape)}
        cases.append(entry)
    write_json(out / "extractors.json", {"cases": cases, "n_samples": 480_000})


def write_versions(out: Path) -> None:
    write_json(out / "VERSIONS.json", {
        "python": sys.version.split()[0],
        "numpy": np.__version__,
        "scipy": scipy.__version__,
        "soundfile": sf.__version__,
        "libsndfile": sf.__libsndfile_version__,
        "librosa": librosa.__version__,
        "torch": torch.__version__,
        "transformers": transformers.__version__,
    })


def generate(out: Path) -> None:
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    signals = make_signals()
    sources = write_files(out, signals)
    decoded = write_decode(out, sources)
    write_errors(out)
    write_resample(out, decoded)
    write_features(out, decoded)
    write_extractors(out, decoded)
    write_versions(out)


def digest_tree(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): sha256(p.read_bytes()) for p in sorted(folder.rglob("*")) if p.is_file()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args()
    generate(args.out)
    # Determinism check: a second run in a scratch folder must give byte-identical files.
    scratch = args.out.parent / (args.out.name + ".check")
    try:
        generate(scratch)
        first, second = digest_tree(args.out), digest_tree(scratch)
        assert first == second, f"second run differs: {sorted(k for k in first if first.get(k) != second.get(k))}"
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    total = sum(p.stat().st_size for p in args.out.rglob("*") if p.is_file())
    print(f"wrote {len(digest_tree(args.out))} files, {total / 1e6:.2f} MB, to {args.out}")


if __name__ == "__main__":
    main()
