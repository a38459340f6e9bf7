#!/usr/bin/env python3
"""Benchmark Vectorbook against PyTorch + transformers on all-MiniLM-L6-v2.

Both run in this one invocation on the same machine, with the same thread count,
on the same 1,024 generated sentences (~20 tokens each, fixed seed):

  * throughput: sentences/s embedding all sentences in batches of 32
    (PyTorch: transformers AutoModel with mean pooling, batches in input order, and
    sentence-transformers' encode, which sorts by length; the faster one is the baseline)
  * latency: median time to embed one sentence
  * cold start: a new process from start to its first embedding
  * effective GFLOP/s of Vectorbook's BERT forward against the measured cblas_sgemm peak

Needs a Python environment with torch, transformers and sentence-transformers
(see Scripts/reference/README.md) and a release build (`make build`). Prints the
figures and the ratios; it is a benchmark, not a test, and never fails on speed.

    /tmp/ref/bin/python Scripts/bench/text.py [--threads 2] [--sentences 1024] [--runs 5]
"""

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import vectorbook_binary

MODEL = "sentence-transformers/all-MiniLM-L6-v2"

SUBJECTS = ["The engineer", "A curious student", "Our small team", "The old librarian", "My neighbour",
            "The research lab", "A hungry cat", "The city council", "An astronomer", "The chef"]
VERBS = ["explained", "measured", "painted", "rebuilt", "questioned", "described", "compared", "celebrated",
         "tested", "translated"]
OBJECTS = ["the quarterly budget report", "a colourful mural near the station", "the behaviour of tiny robots",
           "an ancient manuscript about rivers", "the results of yesterday's experiment",
           "a new recipe for mushroom soup", "the orbit of a distant comet", "the noisy bicycle lane",
           "several photographs of the harbour", "the final chapter of the novel"]
TAILS = ["before the meeting started.", "with surprising patience.", "in front of a large audience.",
         "while it was raining outside.", "during the long winter evening.", "for the third time this week.",
         "without any help from the manual.", "after lunch on Friday.", "as the sun went down.",
         "using only a pencil and paper."]


def make_sentences(count, seed=0):
    rng = random.Random(seed)
    return [f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)} {rng.choice(TAILS)}"
            for _ in range(count)]


def time_process(command, env, runs):
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def bench_torch(sentences, threads, runs):
    import torch
    from sentence_transformers import SentenceTransformer
    from transformers import AutoModel, AutoTokenizer

    torch.set_num_threads(threads)
    tokenizer = AutoTokenizer.from_pretrained(MODEL)
    model = AutoModel.from_pretrained(MODEL).eval()

    def embed(batch):
        inputs = tokenizer(batch, padding=True, truncation=True, return_tensors="pt")
        with torch.inference_mode():
            hidden = model(**inputs).last_hidden_state
        mask = inputs["attention_mask"].unsqueeze(-1).float()
        pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
        return torch.nn.functional.normalize(pooled, dim=1)

    embed(sentences[:32])
    latencies = []
    for _ in range(max(runs * 10, 20)):
        start = time.perf_counter()
        embed(sentences[:1])
        latencies.append(time.perf_counter() - start)
    batch_times = []
    for _ in range(runs):
        start = time.perf_counter()
        for i in range(0, len(sentences), 32):
            embed(sentences[i:i + 32])
        batch_times.append(time.perf_counter() - start)

    st = SentenceTransformer(MODEL, device="cpu")
    st.encode(sentences[:32], batch_size=32)
    st_times = []
    for _ in range(runs):
        start = time.perf_counter()
        st.encode(sentences, batch_size=32)
        st_times.append(time.perf_counter() - start)
    return {
        "latency_median_s": statistics.median(latencies),
        "transformers_sentences_per_s": len(sentences) / min(batch_times),
        "sentence_transformers_sentences_per_s": len(sentences) / min(st_times),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--threads", type=int, default=os.cpu_count())
    parser.add_argument("--sentences", type=int, default=1024)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    env = dict(os.environ, HF_HUB_OFFLINE="1", OMP_NUM_THREADS=str(args.threads))
    os.environ.update(HF_HUB_OFFLINE="1")
    sentences = make_sentences(args.sentences)
    binary = vectorbook_binary()

    with tempfile.TemporaryDirectory() as folder:
        input_file = Path(folder) / "sentences.txt"
        input_file.write_text("\n".join(sentences) + "\n")
        print(f"Vectorbook: {binary}", file=sys.stderr)
        report = subprocess.run([str(binary), "bench", "text", "--model", MODEL, "--input-file", str(input_file),
                                 "--batch-size", "32", "--runs", str(args.runs), "--threads", str(args.threads)],
                                env=env, capture_output=True, text=True)
        if report.returncode != 0:
            sys.exit(f"error: vectorbook bench failed:\n{report.stderr}")
        vb = json.loads(report.stdout)

    print("PyTorch + transformers ...", file=sys.stderr)
    pt = bench_torch(sentences, args.threads, args.runs)

    cold_vb = time_process([str(binary), "embed", "text", "--model", MODEL, "--threads", str(args.threads),
                            "--quiet", "Hello, world."], env, 5)
    cold_py_script = (
        "import torch, transformers\n"
        f"torch.set_num_threads({args.threads})\n"
        f"t = transformers.AutoTokenizer.from_pretrained('{MODEL}')\n"
        f"m = transformers.AutoModel.from_pretrained('{MODEL}').eval()\n"
        "with torch.inference_mode():\n"
        "    h = m(**t(['Hello, world.'], return_tensors='pt')).last_hidden_state.mean(1)\n"
    )
    cold_py = time_process([sys.executable, "-c", cold_py_script], env, 3)

    baseline = max(pt["transformers_sentences_per_s"], pt["sentence_transformers_sentences_per_s"])
    peak = max(vb["gemm_gflops"].values())
    rows = [
        ("batch-32 throughput (sentences/s)", vb["sentences_per_s"], baseline, vb["sentences_per_s"] / baseline, ">= 1.3x"),
        ("single-sentence latency (ms)", vb["latency_median_s"] * 1e3, pt["latency_median_s"] * 1e3,
         vb["latency_median_s"] / pt["latency_median_s"], "<= 0.25x"),
        ("cold start to first embedding (s)", cold_vb, cold_py, cold_vb / cold_py, "<= 0.1x"),
    ]
    print(f"\nall-MiniLM-L6-v2, {args.sentences} sentences ({vb['tokens']} tokens), {args.threads} threads\n")
    print(f"{'measure':38} {'Vectorbook':>12} {'PyTorch':>12} {'ratio':>8}  target")
    for name, ours, theirs, ratio, target in rows:
        print(f"{name:38} {ours:12.2f} {theirs:12.2f} {ratio:7.2f}x  {target}")
    print(f"\nPyTorch throughput: transformers in input order {pt['transformers_sentences_per_s']:.1f}/s, "
          f"sentence-transformers (length-sorted) {pt['sentence_transformers_sentences_per_s']:.1f}/s")
    print(f"cblas_sgemm peak: " + ", ".join(f"{k} {v:.1f}" for k, v in vb["gemm_gflops"].items()) + " GFLOP/s")
    share = vb["effective_gflops"] / peak
    print(f"Vectorbook BERT forward: {vb['effective_gflops']:.1f} effective GFLOP/s = {share:.0%} of the sgemm peak "
          f"(target >= 80%); model load {vb['load_s'] * 1e3:.0f} ms")
    print(json.dumps({"vectorbook": vb, "pytorch": pt, "cold_start_s": {"vectorbook": cold_vb, "python": cold_py}}))


if __name__ == "__main__":
    main()
