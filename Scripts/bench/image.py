#!/usr/bin/env python3
"""Benchmark Vectorbook against PyTorch + transformers on DINOv2-small at 224×224.

One invocation, same machine, same thread count, same random pixel tensors:

  * latency: median time of one forward pass on a batch of 1
  * throughput: images/s on a batch of 16 (best of several runs)

The model is the offline pack `vectorbook/dinov2-small-imgfocus` (installed by
`Scripts/install-models`). Needs a Python environment with torch and transformers
(see Scripts/reference/README.md) and a release build (`make build`). Prints the
figures and ratios; it is a benchmark, not a test.

    /tmp/ref/bin/python Scripts/bench/image.py [--threads 2] [--batch-size 16] [--runs 5]
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from common import vectorbook_binary

MODEL = "vectorbook/dinov2-small-imgfocus"


def bench_torch(threads, size, batch_size, runs):
    import torch
    from transformers import AutoModel

    torch.set_num_threads(threads)
    model = AutoModel.from_pretrained(MODEL).eval()
    generator = torch.Generator().manual_seed(0)
    one = torch.rand(1, 3, size, size, generator=generator) * 4 - 2
    batch = torch.rand(batch_size, 3, size, size, generator=generator) * 4 - 2
    with torch.inference_mode():
        model(pixel_values=one)
        latencies = []
        for _ in range(max(runs * 4, 10)):
            start = time.perf_counter()
            model(pixel_values=one)
            latencies.append(time.perf_counter() - start)
        model(pixel_values=batch)
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            model(pixel_values=batch)
            times.append(time.perf_counter() - start)
    return {"latency_median_s": statistics.median(latencies), "images_per_s": batch_size / min(times)}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--threads", type=int, default=os.cpu_count())
    parser.add_argument("--size", type=int, default=224)
    parser.add_argument("--batch-size", type=int, default=16)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    env = dict(os.environ, HF_HUB_OFFLINE="1", OMP_NUM_THREADS=str(args.threads))
    os.environ.update(HF_HUB_OFFLINE="1")

    report = subprocess.run([str(vectorbook_binary()), "bench", "image", "--model", MODEL, "--size", str(args.size),
                             "--batch-size", str(args.batch_size), "--runs", str(args.runs),
                             "--threads", str(args.threads)], env=env, capture_output=True, text=True)
    if report.returncode != 0:
        sys.exit(f"error: vectorbook bench failed:\n{report.stderr}")
    vb = json.loads(report.stdout)
    pt = bench_torch(args.threads, args.size, args.batch_size, args.runs)

    print(f"\nDINOv2-small, {args.size}x{args.size}, {args.threads} threads\n")
    print(f"{'measure':34} {'Vectorbook':>12} {'PyTorch':>12} {'ratio':>8}  target")
    rows = [
        (f"batch-{args.batch_size} throughput (images/s)", vb["images_per_s"], pt["images_per_s"],
         vb["images_per_s"] / pt["images_per_s"], ">= 1.2x"),
        ("batch-1 latency (ms)", vb["latency_median_s"] * 1e3, pt["latency_median_s"] * 1e3,
         vb["latency_median_s"] / pt["latency_median_s"], "<= 0.3x"),
    ]
    for name, ours, theirs, ratio, target in rows:
        print(f"{name:34} {ours:12.2f} {theirs:12.2f} {ratio:7.2f}x  {target}")
    print(json.dumps({"vectorbook": vb, "pytorch": pt}))


if __name__ == "__main__":
    main()
