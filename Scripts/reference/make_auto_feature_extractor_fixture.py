#!/usr/bin/env python3
"""Reference for AutoFeatureExtractor + Model(AudioInputs) on the real vectorbook/whisper-tiny.en pack.

How to run (from the repository root; CPU only, no network; needs the pack in the Hugging Face cache,
`Scripts/install-models vectorbook/whisper-tiny.en`):

    HF_HUB_OFFLINE=1 /tmp/ref/bin/python Scripts/reference/make_auto_feature_extractor_fixture.py

Writes Tests/EncodersTests/Fixtures/auto-feature-extractor/pooled.json: for two course clips,
Assets/audio/librivox-amiable.wav (16 kHz) and Assets/audio/rocket-en-us.wav (22.05 kHz, resampled to 16 kHz with
scipy.signal.resample_poly(x, 320, 441)), transformers' WhisperFeatureExtractor (return_attention_mask=True) run as
one batch, the WhisperModel encoder's last_hidden_state, and its mean over the real encoder frames
(ceil(samples / 320)). Sorted keys, float32 values written as the shortest repr, so reruns are byte-identical.
"""

from __future__ import annotations

import json
import math
import warnings
from pathlib import Path

import numpy as np

warnings.filterwarnings("ignore")

import scipy  # noqa: E402
import scipy.signal  # noqa: E402
import soundfile as sf  # noqa: E402
import torch  # noqa: E402
import transformers  # noqa: E402
from huggingface_hub import snapshot_download  # noqa: E402
from transformers import WhisperFeatureExtractor, WhisperModel  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "Tests" / "EncodersTests" / "Fixtures" / "auto-feature-extractor"
PACK = "vectorbook/whisper-tiny.en"
CLIPS = ["librivox-amiable.wav", "rocket-en-us.wav"]


def load(name: str) -> tuple[np.ndarray, int]:
    audio, rate = sf.read(ROOT / "Assets" / "audio" / name, dtype="float32", always_2d=True)
    mono = audio.mean(axis=1).astype(np.float32)
    if rate != 16_000:
        g = math.gcd(16_000, rate)
        mono = scipy.signal.resample_poly(mono, 16_000 // g, rate // g).astype(np.float32)
    return mono, rate


def main() -> None:
    torch.set_num_threads(1)
    torch.manual_seed(0)
    pack = Path(snapshot_download(PACK, local_files_only=True))
    extractor = WhisperFeatureExtractor.from_pretrained(str(pack))
    model = WhisperModel.from_pretrained(str(pack), dtype=torch.float32, attn_implementation="eager").eval()
    clips = [load(name) for name in CLIPS]
    batch = extractor([c[0] for c in clips], sampling_rate=16_000, return_tensors="pt", return_attention_mask=True)
    with torch.no_grad():
        hidden = model.encoder(batch["input_features"]).last_hidden_state
    entries = []
    for i, (name, (audio, rate)) in enumerate(zip(CLIPS, clips)):
        real = math.ceil(len(audio) / 320)
        pooled = hidden[i, :real].mean(dim=0)
        entries.append({
            "file": f"Assets/audio/{name}",
            "source_rate": rate,
            "samples_16k": int(len(audio)),
            "mel_mask_sum": int(batch["attention_mask"][i].sum()),
            "real_encoder_frames": real,
            "pooled": [float(np.float32(v)) for v in pooled.numpy()],
        })
    OUT.mkdir(parents=True, exist_ok=True)
    info = {"model": PACK, "hidden_shape": list(hidden.shape), "clips": entries,
            "versions": {"transformers": transformers.__version__, "torch": torch.__version__,
                         "scipy": scipy.__version__, "numpy": np.__version__}}
    (OUT / "pooled.json").write_text(json.dumps(info, indent=1, sort_keys=True) + "\n")
    print(f"wrote {OUT / 'pooled.json'}: {[(e['file'], e['real_encoder_frames']) for e in entries]}")


if __name__ == "__main__":
    main()
