#!/usr/bin/env python3
"""Writes Tests/EncodersTests/Fixtures/speaker/: reference outputs of Resemblyzer 0.1.4's GE2E speaker
encoder for Vectorbook's `SpeakerEncoder`, and a tiny random GE2E checkpoint.

    /tmp/ref/bin/python Scripts/reference/make_speaker_fixtures.py [--out DIR]

Needs (dev time only; CI never runs Python): torch, numpy, scipy, librosa >= 0.10, soundfile, soxr,
safetensors, `Resemblyzer==0.1.4` (and webrtcvad, which it imports), the `espeak-ng` command and Debian's
`pocketsphinx-testdata` (LibriVox clips under /usr/share/pocketsphinx/test/data/librivox/).

What is recorded separates the three stages the Swift tests check:
  * mel features of a given waveform (`audio.wav_to_mel_spectrogram`, librosa's melspectrogram);
  * the network on given mel frames (`VoiceEncoder.forward`);
  * `VoiceEncoder.embed_utterance` on the loudness-normalised waveform WITHOUT `preprocess_wav`'s
    WebRTC-VAD silence trimming (which Vectorbook does not implement; the cosine between the two is
    recorded for information).
It also checks that `Scripts/install-models`' torch-free conversion of `resemblyzer/pretrained.pt` gives
exactly the tensors `torch.load` gives.
"""

import argparse
import hashlib
import importlib.machinery
import importlib.util
import json
import platform
import shutil
import subprocess
import sys
import tempfile
import types
import wave
from pathlib import Path

# webrtcvad 2.0.10 (imported by resemblyzer.audio) asks pkg_resources for its version, and setuptools >= 81
# no longer ships pkg_resources; a stand-in answers that one question.
if "pkg_resources" not in sys.modules:
    try:
        import pkg_resources  # noqa: F401
    except ImportError:
        sys.modules["pkg_resources"] = types.SimpleNamespace(
            get_distribution=lambda name: types.SimpleNamespace(version="unknown"))

import librosa  # noqa: E402
import numpy as np  # noqa: E402
import scipy  # noqa: E402
import soundfile  # noqa: E402
import soxr  # noqa: E402
import torch  # noqa: E402
from safetensors.numpy import save_file as _save_file  # noqa: E402

import resemblyzer  # noqa: E402
from resemblyzer import VoiceEncoder, audio  # noqa: E402
from resemblyzer.hparams import partials_n_frames  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
LIBRIVOX = Path("/usr/share/pocketsphinx/test/data/librivox")
RATE = 16000

# Three clips of one LibriVox reader, and two sentences in each of two espeak-ng voices.
LIBRIVOX_CLIPS = [
    ("librivox-0880", "sense_and_sensibility_01_austen_64kb-0880.wav", "he was not an ill disposed young man"),
    ("librivox-0890", "sense_and_sensibility_01_austen_64kb-0890.wav",
     "unless to be rather cold hearted and rather selfish is to be ill disposed"),
    ("librivox-0930", "sense_and_sensibility_01_austen_64kb-0930.wav", "he might even have been made amiable himself"),
]
SENTENCES = [
    "The quick brown fox jumps over the lazy dog near the river bank.",
    "Speaker embeddings map a voice to a point on the unit sphere.",
]
ESPEAK_VOICES = [("espeak-en-us", "en-us"), ("espeak-en-us-f3", "en-us+f3")]
# Clips whose full mel spectrogram is stored (the others: per-frame and per-band sums).
FULL_MEL = ["librivox-0880", "espeak-en-us-1"]
# The clip whose partial mel windows are stored as the network's input.
FORWARD_CLIP = "librivox-0880"
TINY = {"mel_n_channels": 40, "hidden_size": 8, "num_hidden_layers": 2, "embedding_size": 8}
TINY_UTTERANCE_CLIP = "librivox-0930"
QUIET_SOURCE, QUIET_SCALE = "librivox-0930", 0.0625


def save_file(tensors, path):
    """safetensors.numpy.save_file writes a non-contiguous array (e.g. the transposed mel spectrogram
    that `wav_to_mel_spectrogram` returns, or a batch_first LSTM output) in memory order under its
    logical shape, so every array is made C-contiguous first."""
    _save_file({name: np.ascontiguousarray(value) for name, value in tensors.items()}, path)


def load_install_models():
    path = ROOT / "Scripts" / "install-models"
    loader = importlib.machinery.SourceFileLoader("install_models", str(path))
    spec = importlib.util.spec_from_loader("install_models", loader)
    module = importlib.util.module_from_spec(spec)
    loader.exec_module(module)
    return module


def check_conversion(install_models):
    """The converter's tensors must equal torch.load's, bit for bit; returns a summary."""
    pack = next(p for p in install_models.PACKS if p["id"] == "vectorbook/resemblyzer-ge2e")
    spec = pack["convert"]
    source = Path(resemblyzer.__file__).parent / "pretrained.pt"
    data = source.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    assert digest == spec["source_sha256"], f"{source} has SHA-256 {digest}, the pack pins {spec['source_sha256']}"
    tensors, facts = install_models.convert_torch_ge2e(data, spec, str(source))
    state = torch.load(source, map_location="cpu", weights_only=True)["model_state"]
    assert sorted(set(state) - set(tensors)) == sorted(spec["drop"]), "the converter keeps or drops other tensors"
    for name, (shape, raw) in tensors.items():
        converted = torch.frombuffer(bytearray(raw), dtype=torch.float32).reshape(shape)
        assert torch.equal(converted, state[name].contiguous()), f"{name} differs from torch.load"
    return {"tensors": len(tensors), "parameters": facts["parameters"], "dropped": facts["dropped"],
            "source_sha256": digest, "equal_to_torch_load": True}


def write_pcm16(path, samples16):
    with wave.open(str(path), "wb") as handle:
        handle.setnchannels(1)
        handle.setsampwidth(2)
        handle.setframerate(RATE)
        handle.writeframes(samples16.astype("<i2").tobytes())


def make_clips(folder):
    """Copies the LibriVox clips and synthesises the espeak-ng ones; returns clip metadata in order."""
    clips = []
    for name, file, text in LIBRIVOX_CLIPS:
        target = folder / f"{name}.wav"
        shutil.copyfile(LIBRIVOX / file, target)
        clips.append({"name": name, "speaker": "librivox", "text": text,
                      "source": f"pocketsphinx-testdata: /usr/share/pocketsphinx/test/data/librivox/{file}"})
    with tempfile.TemporaryDirectory() as tmp:
        for prefix, voice in ESPEAK_VOICES:
            for index, sentence in enumerate(SENTENCES):
                name = f"{prefix}-{index}"
                raw = Path(tmp) / f"{name}.wav"
                subprocess.run(["espeak-ng", "-v", voice, "-w", str(raw), sentence], check=True)
                samples, rate = soundfile.read(raw, dtype="float32")
                resampled = librosa.resample(samples, orig_sr=rate, target_sr=RATE)
                pcm = np.clip(np.round(resampled * 32768.0), -32768, 32767).astype(np.int16)
                write_pcm16(folder / f"{name}.wav", pcm)
                clips.append({"name": name, "speaker": prefix, "text": sentence,
                              "source": f"espeak-ng -v {voice} at {rate} Hz, librosa.resample to 16 kHz (soxr_hq), "
                                        f"rounded to 16-bit"})
    for clip in clips:
        path = folder / f"{clip['name']}.wav"
        clip["file"] = f"clips/{path.name}"
        clip["sha256"] = hashlib.sha256(path.read_bytes()).hexdigest()
    # A quiet copy (scaled by 1/16, exact in float32) so that the loudness normalisation has work to do.
    source = next(c for c in clips if c["name"] == QUIET_SOURCE)
    clips.append(dict(source, name=f"{QUIET_SOURCE}-quiet", scale=QUIET_SCALE,
                      source=f"{source['file']} scaled by {QUIET_SCALE} after reading"))
    return clips


def volume_gain(wav):
    """Resemblyzer's normalize_volume gain (float32 arithmetic, as numpy does it), or 1."""
    int16_max = (2 ** 15) - 1
    rms = np.sqrt(np.mean((wav * int16_max) ** 2))
    change = -30 - 20 * np.log10(rms / int16_max)
    return (np.float32(1.0) if change < 0 else 10 ** (change / 20)), float(20 * np.log10(rms / int16_max))


def tiny_encoder():
    """A GE2E-shaped VoiceEncoder with random weights (hidden 8, 2 layers), without Resemblyzer's loader."""
    generator = torch.Generator().manual_seed(20240601)
    model = VoiceEncoder.__new__(VoiceEncoder)
    torch.nn.Module.__init__(model)
    model.lstm = torch.nn.LSTM(TINY["mel_n_channels"], TINY["hidden_size"], TINY["num_hidden_layers"], batch_first=True)
    model.linear = torch.nn.Linear(TINY["hidden_size"], TINY["embedding_size"])
    model.relu = torch.nn.ReLU()
    model.device = torch.device("cpu")
    with torch.no_grad():
        for name, parameter in sorted(model.named_parameters()):
            parameter.copy_((torch.rand(parameter.shape, generator=generator) - 0.5) * 1.2)
        # Keep every linear output reachable by the ReLU: a positive bias.
        model.linear.bias.abs_().add_(0.1)
    return model.eval()


CREDITS = """# Sources of the speaker-encoder fixture clips

All clips are 16 kHz mono 16-bit PCM WAV files.

| Files | Source | Licence |
|---|---|---|
| `clips/librivox-0880.wav`, `clips/librivox-0890.wav`, `clips/librivox-0930.wav` | Byte-for-byte copies of `sense_and_sensibility_01_austen_64kb-{{0880,0890,0930}}.wav` from Debian's `pocketsphinx-testdata` package ({testdata}), `/usr/share/pocketsphinx/test/data/librivox/`: a LibriVox reading of Jane Austen's *Sense and Sensibility*, chapter 1 | LibriVox recordings are in the public domain; the package's files are distributed by CMU Sphinx under BSD-2-Clause (Debian `copyright`) |
| `clips/espeak-en-us-{{0,1}}.wav`, `clips/espeak-en-us-f3-{{0,1}}.wav` | Synthesised by `Scripts/reference/make_speaker_fixtures.py` with {espeak} (voices `en-us` and `en-us+f3`), resampled from 22 050 Hz to 16 kHz with librosa (soxr) and rounded to 16 bits | Generated for this project; no third-party content |

The sentences are listed in `reference.json`.
"""


def write_json(path, obj):
    path.write_text(json.dumps(obj, indent=2, sort_keys=True) + "\n")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(ROOT / "Tests" / "EncodersTests" / "Fixtures" / "speaker"))
    args = parser.parse_args()
    torch.set_num_threads(1)
    torch.use_deterministic_algorithms(True)
    out = Path(args.out)
    if out.exists():
        shutil.rmtree(out)
    (out / "clips").mkdir(parents=True)

    install_models = load_install_models()
    conversion = check_conversion(install_models)
    pack = next(p for p in install_models.PACKS if p["id"] == "vectorbook/resemblyzer-ge2e")

    encoder = VoiceEncoder("cpu", verbose=False).eval()
    clips = make_clips(out / "clips")
    tensors = {"mel_filters": librosa.filters.mel(sr=RATE, n_fft=400, n_mels=40)}
    embeddings = {}
    for clip in clips:
        name = clip["name"]
        wav, rate = soundfile.read(out / clip["file"], dtype="float32")
        assert rate == RATE and wav.ndim == 1
        wav = wav * np.float32(clip.get("scale", 1.0))
        mel = audio.wav_to_mel_spectrogram(wav)
        tensors[f"{name}.mel_frame_sums"] = mel.sum(axis=1, dtype=np.float64).astype(np.float32)
        tensors[f"{name}.mel_band_sums"] = mel.sum(axis=0, dtype=np.float64).astype(np.float32)
        if name in FULL_MEL:
            tensors[f"{name}.mel"] = mel
        normalized = audio.normalize_volume(wav, -30, increase_only=True)
        gain, dbfs = volume_gain(wav)
        assert np.array_equal(normalized, wav if gain == 1 else wav * gain)
        embedding, partials, wav_slices = encoder.embed_utterance(normalized, return_partials=True)
        _, mel_slices = encoder.compute_partial_slices(len(normalized), 1.3, 0.75)
        assert not np.isnan(embedding).any()
        tensors[f"{name}.partials"] = partials
        tensors[f"{name}.embedding"] = embedding
        embeddings[name] = embedding
        with_vad = encoder.embed_utterance(audio.preprocess_wav(wav))
        clip.update({"samples": len(wav), "mel_frames": mel.shape[0], "dbfs": dbfs, "gain": float(gain),
                     "mel_slices": [[int(s.start), int(s.stop)] for s in mel_slices],
                     "wav_slices": [[int(s.start), int(s.stop)] for s in wav_slices],
                     "cosine_to_embedding_with_vad_trimming": float(np.dot(embedding, with_vad))})
        if name == FORWARD_CLIP:
            end = wav_slices[-1].stop
            padded = np.pad(normalized, (0, max(0, end - len(normalized))), "constant")
            padded_mel = audio.wav_to_mel_spectrogram(padded)
            mels = np.array([padded_mel[s] for s in mel_slices])
            with torch.no_grad():
                forward = encoder(torch.from_numpy(mels)).numpy()
            assert np.array_equal(forward, partials)
            tensors["forward.mels"] = mels
            tensors["forward.embeddings"] = forward
    # compute_partial_slices on lengths around its edges (one window, coverage just above / below 0.75, …)
    # and at other rates and coverages.
    slice_cases = []
    for samples in [1, 159, 160, 12000, 19199, 19200, 25599, 25600, 25601, 31999, 32000, 37919, 37920, 38080,
                    44160, 47840, 64000, 160000]:
        for rate, coverage in [(1.3, 0.75), (1.3, 1.0), (0.7, 0.5), (2.5, 0.75)]:
            wav_slices, mel_slices = encoder.compute_partial_slices(samples, rate, coverage)
            slice_cases.append({"samples": samples, "rate": rate, "min_coverage": coverage,
                                "mel_slices": [[int(s.start), int(s.stop)] for s in mel_slices],
                                "wav_slices": [[int(s.start), int(s.stop)] for s in wav_slices]})
    names = [clip["name"] for clip in clips]
    similarity = [[float(np.dot(embeddings[a], embeddings[b])) for b in names] for a in names]
    save_file(tensors, str(out / "reference.safetensors"))
    write_json(out / "reference.json", {
        "model": "vectorbook/resemblyzer-ge2e (Resemblyzer 0.1.4 VoiceEncoder, resemblyzer/pretrained.pt)",
        "procedure": "wav = 16-bit PCM / 32768; mel = audio.wav_to_mel_spectrogram(wav); "
                     "embedding, partials = VoiceEncoder.embed_utterance(audio.normalize_volume(wav, -30, "
                     "increase_only=True), return_partials=True, rate=1.3, min_coverage=0.75) (no VAD trimming)",
        "partials_n_frames": partials_n_frames,
        "clips": clips,
        "similarity": {"names": names, "matrix": similarity},
        "slice_cases": slice_cases,
        "forward_clip": FORWARD_CLIP,
        "full_mel_clips": FULL_MEL,
        "conversion_check": conversion,
        "pack_outputs": pack["convert"]["outputs"],
    })

    # The tiny random checkpoint, with the network's intermediate results and one utterance.
    tiny_folder = out / "tiny-ge2e"
    tiny_folder.mkdir()
    model = tiny_encoder()
    save_file({name: t.detach().numpy().copy() for name, t in model.state_dict().items()},
              str(tiny_folder / "model.safetensors"))
    config = dict(pack["convert"]["config"], **TINY)
    write_json(tiny_folder / "config.json", config)
    write_json(tiny_folder / "preprocessor_config.json", pack["convert"]["preprocessor"])
    generator = torch.Generator().manual_seed(7)
    mels = torch.exp(torch.randn(2, 30, 40, generator=generator) * 2 - 4)   # positive, power-like spread
    with torch.no_grad():
        output, (h_n, c_n) = model.lstm(mels)
        tiny_embeddings = model(mels)
        single, (single_h, _) = model.lstm(mels[0])          # unbatched input
    assert torch.equal(single_h[-1], h_n[-1, 0]) or torch.allclose(single_h[-1], h_n[-1, 0], atol=1e-7)
    wav, _ = soundfile.read(out / "clips" / f"{TINY_UTTERANCE_CLIP}.wav", dtype="float32")
    normalized = audio.normalize_volume(wav, -30, increase_only=True)
    tiny_utterance, tiny_partials, _ = model.embed_utterance(normalized, return_partials=True)
    save_file({"mels": mels.numpy(), "lstm.output": output.numpy(), "lstm.h_n": h_n.numpy(), "lstm.c_n": c_n.numpy(),
               "embeddings": tiny_embeddings.numpy(), "utterance.partials": tiny_partials,
               "utterance.embedding": tiny_utterance},
              str(tiny_folder / "expected.safetensors"))
    write_json(tiny_folder / "expected.json", {"utterance_clip": f"clips/{TINY_UTTERANCE_CLIP}.wav",
                                               "weights": "uniform(-0.6, 0.6) from torch.Generator seed 20240601; "
                                                          "linear.bias made positive (|b| + 0.1)",
                                               "mels": "exp(2 N(0, 1) - 4), torch.Generator seed 7"})

    espeak = subprocess.run(["espeak-ng", "--version"], capture_output=True, text=True).stdout.split("  Data at")[0].strip()
    testdata = subprocess.run(["dpkg-query", "-W", "-f", "${Version}", "pocketsphinx-testdata"],
                              capture_output=True, text=True).stdout.strip()
    (out / "CREDITS.md").write_text(CREDITS.format(testdata=f"version {testdata}", espeak=espeak))
    write_json(out / "VERSIONS.json", {
        "python": platform.python_version(), "torch": torch.__version__.split("+")[0], "numpy": np.__version__,
        "scipy": scipy.__version__, "librosa": librosa.__version__, "soxr": soxr.__version__,
        "soundfile": soundfile.__version__, "resemblyzer": "0.1.4", "espeak-ng": espeak,
        "pocketsphinx-testdata": testdata, "torch_threads": 1})
    print(f"wrote {out}", file=sys.stderr)
    for row, name in zip(similarity, names):
        print(f"{name:22}", " ".join(f"{v:.3f}" for v in row), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
