#!/usr/bin/env python3
"""Benchmark Vectorbook against PyTorch + transformers on speech encoders.

One invocation, same machine, same thread count, and the very same input tensors
(written once to a temporary safetensors file that both sides read):

  * Whisper tiny.en's encoder (the offline pack `vectorbook/whisper-tiny.en`, float32)
    on one 30 s window: [1, 80, 3000] log-mel features
  * a wav2vec2-base-sized model (transformers' `Wav2Vec2Config()` defaults: 7 conv
    layers, 12 layers x 768) with seeded random weights, saved once to a temporary
    folder as safetensors, on 10 s of 16 kHz audio (batch 1)

For each: latency of one clip, best and median of --runs passes after one warm-up
pass. Ratios are Vectorbook time / PyTorch time (below 1 means Vectorbook is faster).
The mean |last_hidden_state| of both sides is printed as a check that they computed
the same thing. Needs a Python environment with torch and transformers (see
Scripts/reference/README.md) and a release build (`make build`). It is a benchmark,
not a test, and never fails on speed.

    /tmp/ref/bin/python Scripts/bench/audio.py [--threads 2] [--runs 5] [--seconds 10]
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import vectorbook_binary

WHISPER = "vectorbook/whisper-tiny.en"
RATE = 16000


def make_inputs(folder, seconds):
    """Seeded inputs, saved for both sides; returns {name: (path, tensor)}."""
    import torch
    from safetensors.torch import save_file

    generator = torch.Generator().manual_seed(0)
    # Log-mel features as WhisperFeatureExtractor scales them (roughly within [-1, 1.5]).
    features = torch.rand(1, 80, 3000, generator=generator) * 2.2 - 0.8
    # Noise with a slow tone, at a speech-like level.
    t = torch.arange(seconds * RATE, dtype=torch.float32) / RATE
    audio = (0.05 * torch.randn(1, seconds * RATE, generator=generator) + 0.2 * torch.sin(2 * torch.pi * 220 * t))
    inputs = {}
    for name, tensor in [("whisper", features), ("wav2vec2", audio.contiguous())]:
        path = Path(folder) / f"{name}-input.safetensors"
        save_file({"input": tensor}, str(path))
        inputs[name] = (path, tensor)
    return inputs


def make_wav2vec2(folder):
    """wav2vec2-base-sized model with seeded random weights, saved as safetensors."""
    import torch
    from transformers import Wav2Vec2Config, Wav2Vec2Model

    torch.manual_seed(0)
    model = Wav2Vec2Model(Wav2Vec2Config()).eval()
    model.save_pretrained(folder, safe_serialization=True)
    return folder


def time_torch(forward, runs):
    import torch

    with torch.inference_mode():
        output = forward()
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            forward()
            times.append(time.perf_counter() - start)
    return {"latency_best_s": min(times), "latency_median_s": statistics.median(times),
            "output_shape": list(output.shape), "output_mean_abs": output.abs().double().mean().item()}


def bench_torch(threads, inputs, wav2vec2_folder, runs):
    import torch
    from transformers import Wav2Vec2Model, WhisperModel

    torch.set_num_threads(threads)
    results = {}
    start = time.perf_counter()
    whisper = WhisperModel.from_pretrained(WHISPER, dtype=torch.float32).get_encoder().eval()
    load = time.perf_counter() - start
    features = inputs["whisper"][1]
    results["whisper"] = dict(time_torch(lambda: whisper(input_features=features).last_hidden_state, runs), load_s=load)
    del whisper
    start = time.perf_counter()
    wav2vec2 = Wav2Vec2Model.from_pretrained(str(wav2vec2_folder), dtype=torch.float32).eval()
    load = time.perf_counter() - start
    audio = inputs["wav2vec2"][1]
    results["wav2vec2"] = dict(time_torch(lambda: wav2vec2(input_values=audio).last_hidden_state, runs), load_s=load)
    return results


def bench_vectorbook(binary, env, model, input_path, threads, runs):
    report = subprocess.run([str(binary), "bench", "audio", "--model", str(model), "--input", str(input_path),
                             "--runs", str(runs), "--threads", str(threads), "--quiet"],
                            env=env, capture_output=True, text=True)
    if report.returncode != 0:
        sys.exit(f"error: vectorbook bench audio failed for {model}:\n{report.stderr}")
    return json.loads(report.stdout)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--threads", type=int, default=os.cpu_count())
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--seconds", type=int, default=10, help="length of the Wav2Vec2 input")
    args = parser.parse_args()
    env = dict(os.environ, HF_HUB_OFFLINE="1", OMP_NUM_THREADS=str(args.threads))
    os.environ.update(HF_HUB_OFFLINE="1")
    binary = vectorbook_binary()

    with tempfile.TemporaryDirectory(prefix="vb-bench-audio-") as tmp:
        inputs = make_inputs(tmp, args.seconds)
        wav2vec2_folder = make_wav2vec2(Path(tmp) / "wav2vec2-base-random")
        vb = {"whisper": bench_vectorbook(binary, env, WHISPER, inputs["whisper"][0], args.threads, args.runs),
              "wav2vec2": bench_vectorbook(binary, env, wav2vec2_folder, inputs["wav2vec2"][0], args.threads,
                                           args.runs)}
        pt = bench_torch(args.threads, inputs, wav2vec2_folder, args.runs)

    print(f"\nSpeech encoders, batch 1, {args.threads} threads, best / median of {args.runs} runs after a warm-up\n")
    print(f"{'measure':44} {'Vectorbook':>12} {'PyTorch':>12} {'ratio':>8}")
    labels = {"whisper": "whisper-tiny.en encoder, 30 s [1, 80, 3000]",
              "wav2vec2": f"wav2vec2-base-sized, {args.seconds} s at 16 kHz"}
    for key, label in labels.items():
        for stat in ["best", "median"]:
            ours, theirs = vb[key][f"latency_{stat}_s"], pt[key][f"latency_{stat}_s"]
            print(f"{label + ' ' + stat + ' (ms)':44} {ours * 1e3:12.1f} {theirs * 1e3:12.1f} {ours / theirs:7.2f}x")
    for key, label in labels.items():
        print(f"{label + ' mean |output|':44} {vb[key]['output_mean_abs']:12.6f} {pt[key]['output_mean_abs']:12.6f}")
    print(json.dumps({"vectorbook": vb, "pytorch": pt}))


if __name__ == "__main__":
    main()
