"""Helpers shared by the benchmark scripts."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def vectorbook_binary():
    """The release `vectorbook` binary (built by `make build`)."""
    path = subprocess.run(["swift", "build", "-c", "release", "--show-bin-path"], cwd=ROOT,
                          capture_output=True, text=True, check=True).stdout.strip()
    binary = Path(path) / "vectorbook"
    if not binary.exists():
        sys.exit(f"error: {binary} is missing; run `make build` first")
    return binary
