#!/usr/bin/env python3
"""Reference fixtures for the Vectorbook speech encoders (Whisper encoder / Wav2Vec2 / HuBERT) and the Whisper pack.

How to run (from the repository root; CPU only, no network needed):

    HF_HUB_OFFLINE=1 /tmp/ref/bin/python Scripts/reference/make_audio_model_fixtures.py

Options:
    --out DIR              output folder (default: Tests/EncodersTests/Fixtures/audio)
    --skip-whisper-pack    do not (re)write whisper-tiny-reference/ (it needs the vectorbook/whisper-tiny.en pack in
                           the Hugging Face cache, `Scripts/install-models vectorbook/whisper-tiny.en`, and the
                           LibriVox clips of the Debian package pocketsphinx-testdata)

The venv is described in Scripts/reference/README.md. The tiny models' inputs are synthetic (seeded chirps and
noise), so they depend on nothing outside this script. Running the script twice with the same library versions
produces byte-identical files (fixed seeds, one CPU thread, deterministic algorithms, hand-written JSON). Only the
folders listed in OWNED (and VERSIONS.json) are deleted and rewritten.

What it writes (all under the output folder):

    VERSIONS.json               library versions, thread count
    tiny-whisper/               random WhisperForConditionalGeneration (d_model 32, 2 encoder layers, 4 heads, FFN 64,
                                1 decoder layer, 80 mels, max_source_positions 50, so inputs are [batch, 80, 100]);
                                keys model.encoder.* / model.decoder.*; preprocessor_config.json is a
                                WhisperFeatureExtractor with chunk_length 1 (100 frames)
    tiny-whisper-model/         the same weights saved as WhisperModel (keys encoder.* / decoder.*), no expected file
    tiny-wav2vec2/              random Wav2Vec2Model: feat_extract_norm "group", post-LN encoder, conv_dim [32, 32, 32],
                                kernels [10, 3, 3], strides [5, 2, 2], no conv bias, positional conv kernel 16 (even:
                                one frame removed) in 4 groups, weight norm stored as parametrizations.weight.original0/1,
                                masked_spec_embed present
    tiny-wav2vec2-stable/       random Wav2Vec2ForCTC (keys wav2vec2.* + lm_head.*): feat_extract_norm "layer",
                                do_stable_layer_norm, conv bias, positional kernel 15 (odd) in 2 groups, layer_norm_eps
                                1e-3, weight norm stored the legacy way (weight_g / weight_v)
    tiny-hubert/                random HubertModel: group norm, post-LN, feat_proj_layer_norm true
    tiny-hubert-batchnorm/      random HubertModel: layer norm convs, stable layer norm, feat_proj_layer_norm false,
                                conv_pos_batch_norm true (a BatchNorm1d before a plain positional conv)
    whisper-tiny-reference/     vectorbook/whisper-tiny.en on three LibriVox clips (see the README)

Every tiny model folder holds config.json, model.safetensors (save_pretrained), preprocessor_config.json,
expected.safetensors (float32 inputs and outputs, int64 masks) and expected.json (description, loading info,
checkpoint key names with dtype and shape, tensor shapes, notes).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import os
import platform
import sys
import wave
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ["CUDA_VISIBLE_DEVICES"] = ""  # CPU only: fixtures must not depend on an accelerator.

import numpy as np  # noqa: E402
import safetensors  # noqa: E402
import torch  # noqa: E402
import transformers  # noqa: E402
from safetensors.torch import load_file, save_file  # noqa: E402
from torch import nn  # noqa: E402
from transformers import (  # noqa: E402
    HubertConfig,
    HubertModel,
    Wav2Vec2Config,
    Wav2Vec2FeatureExtractor,
    Wav2Vec2ForCTC,
    Wav2Vec2Model,
    WhisperConfig,
    WhisperFeatureExtractor,
    WhisperForConditionalGeneration,
    WhisperModel,
)

sys.path.insert(0, str(Path(__file__).resolve().parent))
from fixture_io import (  # noqa: E402
    checkpoint_keys, describe, f32_sha256, fresh_dir, log, save_tensors, set_determinism, write_json,
)

REPO = Path(__file__).resolve().parents[2]
DEFAULT_OUT = REPO / "Tests" / "EncodersTests" / "Fixtures" / "audio"
WHISPER_PACK = "vectorbook/whisper-tiny.en"
LIBRIVOX = Path("/usr/share/pocketsphinx/test/data/librivox")
# Three short clips (2.99 s, 3.29 s, 5.30 s) with their LibriVox transcriptions (pocketsphinx-testdata).
PACK_CLIPS = ["sense_and_sensibility_01_austen_64kb-0880.wav", "sense_and_sensibility_01_austen_64kb-0930.wav",
              "sense_and_sensibility_01_austen_64kb-0890.wav"]

SEED_WHISPER = 7001
SEED_WAV2VEC2 = 7101
SEED_WAV2VEC2_STABLE = 7201
SEED_HUBERT = 7301
SEED_HUBERT_BN = 7401
SEED_INPUTS = 7501

OWNED = ["tiny-whisper", "tiny-whisper-model", "tiny-wav2vec2", "tiny-wav2vec2-stable", "tiny-hubert",
         "tiny-hubert-batchnorm", "whisper-tiny-reference"]

TINY_WHISPER = dict(vocab_size=64, num_mel_bins=80, d_model=32, encoder_layers=2, encoder_attention_heads=4,
                    encoder_ffn_dim=64, decoder_layers=1, decoder_attention_heads=4, decoder_ffn_dim=64,
                    max_source_positions=50, max_target_positions=16, activation_function="gelu",
                    pad_token_id=1, bos_token_id=2, eos_token_id=2, decoder_start_token_id=3,
                    begin_suppress_tokens=None, suppress_tokens=None, dropout=0.0, attention_dropout=0.0,
                    activation_dropout=0.0)
TINY_WAV2VEC2_COMMON = dict(hidden_size=32, num_hidden_layers=2, num_attention_heads=4, intermediate_size=64,
                            hidden_act="gelu", feat_extract_activation="gelu", conv_dim=[32, 32, 32],
                            conv_kernel=[10, 3, 3], conv_stride=[5, 2, 2], vocab_size=12, hidden_dropout=0.0,
                            activation_dropout=0.0, attention_dropout=0.0, feat_proj_dropout=0.0, layerdrop=0.0)
TINY_WAV2VEC2 = dict(TINY_WAV2VEC2_COMMON, feat_extract_norm="group", do_stable_layer_norm=False, conv_bias=False,
                     num_conv_pos_embeddings=16, num_conv_pos_embedding_groups=4, layer_norm_eps=1e-5,
                     mask_time_prob=0.05)
TINY_WAV2VEC2_STABLE = dict(TINY_WAV2VEC2_COMMON, feat_extract_norm="layer", do_stable_layer_norm=True, conv_bias=True,
                            num_conv_pos_embeddings=15, num_conv_pos_embedding_groups=2, layer_norm_eps=1e-3,
                            mask_time_prob=0.05)
TINY_HUBERT = dict(TINY_WAV2VEC2_COMMON, feat_extract_norm="group", do_stable_layer_norm=False, conv_bias=False,
                   num_conv_pos_embeddings=16, num_conv_pos_embedding_groups=4, layer_norm_eps=1e-5,
                   feat_proj_layer_norm=True, mask_time_prob=0.05)
TINY_HUBERT_BN = dict(TINY_WAV2VEC2_COMMON, feat_extract_norm="layer", do_stable_layer_norm=True, conv_bias=True,
                      num_conv_pos_embeddings=12, num_conv_pos_embedding_groups=4, layer_norm_eps=1e-5,
                      feat_proj_layer_norm=False, conv_pos_batch_norm=True, mask_time_prob=0.0)

SAMPLES = 1600          # 0.1 s at 16 kHz: 79 feature frames after kernels 10/3/3 and strides 5/2/2
SHORT_SAMPLES = 1037    # the padded row: 51 real frames
WHISPER_SECONDS = 1     # tiny Whisper: chunk_length 1 -> 16000 samples -> 100 mel frames -> 50 encoder frames
WHISPER_SHORT = 9283    # the second clip: 0.58 s, padded by the feature extractor

# ----------------------------------------------------------------------------------------------
# Models
# ----------------------------------------------------------------------------------------------


def randomize_(model: nn.Module, seed: int) -> dict[str, str]:
    """Overwrites every parameter and norm buffer with seeded values, independent of transformers' init code.

    LayerNorm / GroupNorm weight = 1 + N(0, 0.3), bias = N(0, 0.2) (found by module type); BatchNorm running_mean
    = N(0, 0.3), running_var = 0.5 + U(0, 1), weight / bias as a LayerNorm; weight-norm magnitude g
    (`original0` / `weight_g`) = 0.5 + |N(0, 0.5)|, direction v = N(0, 1); other convolution weights = N(0, 1/fan_in);
    linear weights = N(0, 1/fan_in); biases = N(0, 0.2); position tables and embeddings = N(0, 0.5);
    masked_spec_embed = U(0, 1). Parameters are visited in sorted-name order. Returns the rule of each parameter.
    """
    g = torch.Generator().manual_seed(seed)
    norms = set()
    batch_norms = {}
    for mname, module in model.named_modules():
        if isinstance(module, (nn.LayerNorm, nn.GroupNorm, nn.BatchNorm1d)):
            for pname, _ in module.named_parameters(recurse=False):
                norms.add(f"{mname}.{pname}" if mname else pname)
        if isinstance(module, nn.BatchNorm1d):
            batch_norms[mname] = module
    params = dict(model.named_parameters())
    rules = {}
    with torch.no_grad():
        for name in sorted(params):
            p = params[name]
            noise = torch.randn(p.shape, generator=g, dtype=torch.float32)
            if name in norms:
                rule = "norm"
                val = 1.0 + 0.3 * noise if name.endswith("weight") else 0.2 * noise
            elif name.endswith(("original0", "weight_g")):
                rule, val = "weight_norm_g", 0.5 + 0.5 * noise.abs()
            elif name.endswith(("original1", "weight_v")):
                rule, val = "weight_norm_v", noise
            elif name.endswith("masked_spec_embed"):
                rule, val = "uniform", torch.rand(p.shape, generator=g)
            elif name.endswith("bias"):
                rule, val = "bias", 0.2 * noise
            elif "embed_positions" in name or "embed_tokens" in name:
                rule, val = "embedding", 0.5 * noise
            elif p.dim() == 3:
                fan_in = p.shape[1] * p.shape[2]
                rule, val = "conv", noise / math.sqrt(fan_in)
            else:
                assert p.dim() == 2, name
                rule, val = "linear", noise / math.sqrt(p.shape[1])
            p.copy_(val)
            rules[name] = rule
        for mname, module in sorted(batch_norms.items()):
            module.running_mean.copy_(0.3 * torch.randn(module.running_mean.shape, generator=g))
            module.running_var.copy_(0.5 + torch.rand(module.running_var.shape, generator=g))
            rules[f"{mname}.running_mean"] = "batch_norm_mean"
            rules[f"{mname}.running_var"] = "batch_norm_var"
    return rules


def load_model(cls, folder: Path):
    model, info = cls.from_pretrained(str(folder), dtype=torch.float32, attn_implementation="eager",
                                      output_loading_info=True)
    model.eval()
    info = {k: sorted(v) if isinstance(v, (list, set, tuple)) else v for k, v in info.items()}
    return model, info


def config_summary(folder: Path) -> dict:
    cfg = json.loads((folder / "config.json").read_text())
    return {k: v for k, v in cfg.items() if k not in ("transformers_version",)}


# ----------------------------------------------------------------------------------------------
# Inputs
# ----------------------------------------------------------------------------------------------


def synthetic_audio(samples: int, seed: int) -> np.ndarray:
    """A seeded, speech-like test signal in [-1, 1]: two chirps, an amplitude envelope and a little noise."""
    rng = np.random.default_rng(seed)
    t = np.arange(samples, dtype=np.float64) / 16000.0
    f0 = 120 + 80 * rng.random()
    chirp = np.sin(2 * np.pi * (f0 * t + 300 * t * t)) + 0.5 * np.sin(2 * np.pi * (3 * f0 * t + 900 * t * t))
    envelope = 0.5 + 0.5 * np.sin(2 * np.pi * 3.0 * t + rng.random() * 6.28)
    signal = 0.4 * chirp * envelope + 0.05 * rng.standard_normal(samples)
    return np.clip(signal, -1, 1).astype(np.float32)


def output_tensors(out, prefix: str = "") -> dict[str, torch.Tensor]:
    res = {f"{prefix}last_hidden_state": out.last_hidden_state.float()}
    if getattr(out, "extract_features", None) is not None:
        res[f"{prefix}extract_features"] = out.extract_features.float()
    for i, h in enumerate(out.hidden_states or ()):
        res[f"{prefix}hidden_states.{i}"] = h.float()
    return res


def write_expected(folder: Path, name: str, tensors: dict, meta: dict) -> None:
    save_tensors(folder / f"{name}.safetensors", tensors)
    meta = dict(meta)
    meta["tensors"] = describe(tensors)
    write_json(folder / f"{name}.json", meta)


# ----------------------------------------------------------------------------------------------
# Whisper
# ----------------------------------------------------------------------------------------------


def whisper_preprocessor(seconds: int) -> dict:
    """The WhisperFeatureExtractor config of openai/whisper-tiny.en with chunk_length `seconds`."""
    extractor = WhisperFeatureExtractor(feature_size=80, sampling_rate=16000, hop_length=160,
                                        chunk_length=seconds, n_fft=400, padding_value=0.0,
                                        return_attention_mask=False)
    return json.loads(extractor.to_json_string())


def make_tiny_whisper(out: Path) -> None:
    set_determinism(SEED_WHISPER)
    folder = fresh_dir(out / "tiny-whisper")
    config = WhisperConfig(**TINY_WHISPER)
    model = WhisperForConditionalGeneration(config).eval()
    rules = randomize_(model, SEED_WHISPER)
    model.save_pretrained(str(folder))
    write_json(folder / "preprocessor_config.json", whisper_preprocessor(WHISPER_SECONDS))
    model, info = load_model(WhisperForConditionalGeneration, folder)

    extractor = WhisperFeatureExtractor.from_pretrained(str(folder))
    assert extractor.nb_max_frames == 2 * TINY_WHISPER["max_source_positions"]
    clips = [synthetic_audio(16000 * WHISPER_SECONDS, SEED_INPUTS), synthetic_audio(WHISPER_SHORT, SEED_INPUTS + 1)]
    batch = extractor(clips, sampling_rate=16000, return_tensors="pt", return_attention_mask=True)
    features = batch["input_features"].float()
    mel_mask = batch["attention_mask"].long()
    with torch.no_grad():
        result = model.model.encoder(features, output_hidden_states=True)
        assert torch.equal(result.hidden_states[-1], result.last_hidden_state)
        whole = model.model(input_features=features, decoder_input_ids=torch.tensor([[3, 5, 7]] * 2),
                            output_hidden_states=True)
        assert torch.equal(whole.encoder_last_hidden_state, result.last_hidden_state)
    tensors = {"input_features": features, "attention_mask": mel_mask,
               "encoder_attention_mask": mel_mask[:, ::2].contiguous()}
    tensors.update(output_tensors(result))
    frames = [int(x) for x in mel_mask[:, ::2].sum(-1)]
    assert frames == [math.ceil(n / 320) for n in (16000 * WHISPER_SECONDS, WHISPER_SHORT)], frames
    mask = mel_mask[:, ::2].unsqueeze(-1).float()
    tensors["pooled_real_frames"] = (result.last_hidden_state * mask).sum(1) / mask.sum(1)
    write_expected(folder, "expected", tensors, {
        "description": "tiny random WhisperForConditionalGeneration; the encoder (model.model.encoder) on two "
                       "synthetic clips through the folder's WhisperFeatureExtractor (chunk_length 1)",
        "loading_info": info,
        "config": config_summary(folder),
        "checkpoint_keys": checkpoint_keys(folder / "model.safetensors"),
        "init_rules": sorted(set(rules.values())),
        "samples": [16000 * WHISPER_SECONDS, WHISPER_SHORT],
        "notes": [
            "input_features are [2, 80, 100]: the encoder requires exactly 2 * max_source_positions frames",
            "attention_mask is the feature extractor's mel-frame mask (return_attention_mask=True); Whisper's encoder "
            "ignores it. encoder_attention_mask = attention_mask[:, ::2] marks the real encoder frames "
            "(ceil(samples / 320)); pooled_real_frames is the mean of last_hidden_state over them",
            "hidden_states.0 is the embedding (conv1 -> gelu -> conv2 -> gelu -> + embed_positions); the last "
            "hidden state is tied to last_hidden_state (after the final layer_norm)",
            "the checkpoint holds the decoder (model.decoder.*); proj_out is tied to the token embedding and not saved",
        ],
    })
    # The same weights as a WhisperModel checkpoint (keys encoder.* / decoder.*).
    other = fresh_dir(out / "tiny-whisper-model")
    model.model.save_pretrained(str(other))
    write_json(other / "preprocessor_config.json", whisper_preprocessor(WHISPER_SECONDS))
    check, _ = load_model(WhisperModel, other)
    with torch.no_grad():
        assert torch.equal(check.encoder(features).last_hidden_state, result.last_hidden_state)
    log(f"tiny-whisper: {features.shape} -> {result.last_hidden_state.shape}, real frames {frames}")


# ----------------------------------------------------------------------------------------------
# Wav2Vec2 / HuBERT
# ----------------------------------------------------------------------------------------------


def wav2vec2_preprocessor(attention_mask: bool) -> dict:
    extractor = Wav2Vec2FeatureExtractor(feature_size=1, sampling_rate=16000, padding_value=0.0, do_normalize=True,
                                         return_attention_mask=attention_mask)
    return json.loads(extractor.to_json_string())


def legacy_weight_norm_names(path: Path) -> None:
    """Renames parametrizations.weight.original0/1 to weight_g/weight_v (the pre-2.1 PyTorch storage)."""
    tensors = load_file(str(path))
    renamed = {}
    for k, v in tensors.items():
        k = k.replace(".parametrizations.weight.original0", ".weight_g").replace(
            ".parametrizations.weight.original1", ".weight_v")
        renamed[k] = v
    save_file(renamed, str(path), metadata={"format": "pt"})


def make_speech_model(out: Path, name: str, cls, config, seed: int, about: str, base=None,
                      legacy_weight_norm=False, notes=()) -> None:
    set_determinism(seed)
    folder = fresh_dir(out / name)
    model = cls(config).eval()
    rules = randomize_(model, seed)
    model.save_pretrained(str(folder))
    if legacy_weight_norm:
        legacy_weight_norm_names(folder / "model.safetensors")
    uses_mask = config.feat_extract_norm == "layer"
    write_json(folder / "preprocessor_config.json", wav2vec2_preprocessor(uses_mask))
    loaded, info = load_model(cls, folder)
    assert not info["missing_keys"] and not info["unexpected_keys"], info
    encoder = getattr(loaded, base) if base else loaded

    extractor = Wav2Vec2FeatureExtractor.from_pretrained(str(folder))
    clips = [synthetic_audio(SAMPLES, seed + 1), synthetic_audio(SHORT_SAMPLES, seed + 2)]
    batch = extractor(clips, sampling_rate=16000, padding=True, return_tensors="pt", return_attention_mask=True)
    values, mask = batch["input_values"].float(), batch["attention_mask"].long()
    assert values.shape == (2, SAMPLES)
    with torch.no_grad():
        masked = encoder(values, attention_mask=mask, output_hidden_states=True)
        unmasked = encoder(values, output_hidden_states=True)
        single = encoder(values[1:, :SHORT_SAMPLES], output_hidden_states=False)
        lengths = encoder._get_feat_extract_output_lengths(mask.sum(-1))
        frame_mask = encoder._get_feature_vector_attention_mask(masked.last_hidden_state.shape[1], mask).long()
    tensors = {"input_values": values, "attention_mask": mask, "feature_attention_mask": frame_mask}
    tensors.update(output_tensors(masked))
    tensors.update(output_tensors(unmasked, "no_mask."))
    tensors["single.input_values"] = values[1:, :SHORT_SAMPLES].contiguous()
    tensors["single.last_hidden_state"] = single.last_hidden_state.float()
    write_expected(folder, "expected", tensors, {
        "description": about,
        "loading_info": info,
        "config": config_summary(folder),
        "checkpoint_keys": checkpoint_keys(folder / "model.safetensors"),
        "init_rules": sorted(set(rules.values())),
        "samples": [SAMPLES, SHORT_SAMPLES],
        "feature_lengths": [int(x) for x in lengths],
        "notes": [
            "input_values are the folder's Wav2Vec2FeatureExtractor (zero-mean, unit-variance per clip, zero padding) "
            "on two synthetic clips; row 1 is padded and attention_mask marks its real samples",
            "feature_attention_mask is transformers' _get_feature_vector_attention_mask: the first "
            "conv_out_length(sum(attention_mask)) frames of each row",
            "with a mask, padded frames of the projected features are zeroed before the positional convolution and "
            "padded keys are masked in every attention layer; padded frames still get outputs",
            "no_mask.* is the same batch without attention_mask; single.* is row 1 alone, unpadded",
            *notes,
        ],
    })
    log(f"{name}: {values.shape} -> {masked.last_hidden_state.shape}, feature lengths {lengths.tolist()}, "
        f"{len(masked.hidden_states)} hidden states")


def make_tiny_speech(out: Path) -> None:
    make_speech_model(out, "tiny-wav2vec2", Wav2Vec2Model, Wav2Vec2Config(**TINY_WAV2VEC2), SEED_WAV2VEC2,
                      "tiny random Wav2Vec2Model: group-norm feature encoder, post-LN encoder",
                      notes=["hidden_states.0 is the encoder input after pos_conv_embed and encoder.layer_norm; "
                             "the last hidden state equals last_hidden_state",
                             "the checkpoint holds masked_spec_embed (unused in inference)",
                             "weight norm (dim=2) is stored as parametrizations.weight.original0 [1, 1, K] and "
                             "original1 [C, C / groups, K]"])
    make_speech_model(out, "tiny-wav2vec2-stable", Wav2Vec2ForCTC, Wav2Vec2Config(**TINY_WAV2VEC2_STABLE),
                      SEED_WAV2VEC2_STABLE,
                      "tiny random Wav2Vec2ForCTC (the wav2vec2 submodule): layer-norm feature encoder, "
                      "stable-layer-norm (pre-LN) encoder", base="wav2vec2", legacy_weight_norm=True,
                      notes=["hidden_states.0 is the encoder input (features + positional conv, no norm); the last "
                             "hidden state is the last layer's output before encoder.layer_norm",
                             "keys are wav2vec2.* plus lm_head.* (a CTC head the encoder does not use)",
                             "weight norm is stored as weight_g / weight_v; transformers renames them on load",
                             "layer_norm_eps is 1e-3 (encoder and feature projection); the per-conv LayerNorms keep "
                             "PyTorch's 1e-5"])
    make_speech_model(out, "tiny-hubert", HubertModel, HubertConfig(**TINY_HUBERT), SEED_HUBERT,
                      "tiny random HubertModel: group-norm feature encoder, post-LN encoder, feature projection "
                      "with layer norm",
                      notes=["HubertModel returns no extract_features"])
    make_speech_model(out, "tiny-hubert-batchnorm", HubertModel, HubertConfig(**TINY_HUBERT_BN), SEED_HUBERT_BN,
                      "tiny random HubertModel: layer-norm convs, stable layer norm, no feature-projection layer "
                      "norm, positional conv after a BatchNorm1d (conv_pos_batch_norm) and without weight norm",
                      notes=["HubertModel returns no extract_features",
                             "encoder.pos_conv_embed.batch_norm uses its running statistics (eval mode), eps 1e-5"])


# ----------------------------------------------------------------------------------------------
# The Whisper pack
# ----------------------------------------------------------------------------------------------


def read_wav(path: Path) -> np.ndarray:
    with wave.open(str(path)) as w:
        assert w.getframerate() == 16000 and w.getnchannels() == 1 and w.getsampwidth() == 2, path
        data = np.frombuffer(w.readframes(w.getnframes()), dtype="<i2")
    return (data.astype(np.float32) / 32768.0)


def make_whisper_pack_reference(out: Path) -> None:
    from huggingface_hub import snapshot_download

    set_determinism(0)
    folder = fresh_dir(out / "whisper-tiny-reference")
    pack = Path(snapshot_download(WHISPER_PACK, local_files_only=True))
    model, info = load_model(WhisperForConditionalGeneration, pack)
    assert not info["missing_keys"] and not info["unexpected_keys"] and not info["mismatched_keys"], info
    extractor = WhisperFeatureExtractor.from_pretrained(str(pack))
    from transformers import WhisperProcessor
    processor = WhisperProcessor.from_pretrained(str(pack))

    clips, features, pooled, pooled_all = [], {}, [], []
    hidden = {}
    for index, name in enumerate(PACK_CLIPS):
        audio = read_wav(LIBRIVOX / name)
        batch = extractor(audio, sampling_rate=16000, return_tensors="pt", return_attention_mask=True)
        full = batch["input_features"].float()
        real = math.ceil(len(audio) / 320)
        assert int(batch["attention_mask"][:, ::2].sum()) == real
        # Frames past the audio (plus the STFT window) are one constant: keep the head and that value.
        fill = full[0, 0, -1].item()
        stored = min(3000, math.ceil(len(audio) / 160) + 4)
        assert torch.all(full[0, :, stored:] == fill), name
        features[f"input_features.{index}"] = full[0, :, :stored].contiguous()
        features[f"padding_value.{index}"] = torch.tensor([fill], dtype=torch.float32)
        with torch.no_grad():
            encoded = model.model.encoder(full).last_hidden_state[0]
            generated = model.generate(full, max_new_tokens=64)
        text = processor.batch_decode(generated, skip_special_tokens=True)[0].strip()
        pooled.append(encoded[:real].mean(0))
        pooled_all.append(encoded.mean(0))
        if index == 0:
            hidden["last_hidden_state_head"] = encoded[:100].contiguous()
            hidden["last_hidden_state_strided"] = encoded[::15].contiguous()
        transcript = ""
        for line in (LIBRIVOX / "transcription").read_text().splitlines():
            if line.endswith(f"({name[:-4]})"):
                transcript = line.replace("<s>", "").replace("</s>", "").rsplit("(", 1)[0].strip()
        clips.append({
            "file": name, "samples": len(audio), "seconds": round(len(audio) / 16000, 4),
            "wav_sha256": hashlib.sha256((LIBRIVOX / name).read_bytes()).hexdigest(),
            "real_encoder_frames": real, "stored_mel_frames": stored, "padding_value": fill,
            "input_features": {"shape": list(full.shape), "sha256_f32": f32_sha256(full),
                               "mean": round(full.mean().item(), 6), "std": round(full.std().item(), 6),
                               "min": round(full.min().item(), 6), "max": round(full.max().item(), 6)},
            "transcription": text, "librivox_text": transcript,
        })
        log(f"whisper-tiny.en: {name}: {len(audio)} samples, {real} real frames: {text!r}")
    pooled_t, pooled_all_t = torch.stack(pooled), torch.stack(pooled_all)
    hidden["pooled_real_frames"] = pooled_t
    hidden["pooled_all_frames"] = pooled_all_t
    save_tensors(folder / "features.safetensors", features)
    save_tensors(folder / "hidden.safetensors", hidden)
    normed = torch.nn.functional.normalize(pooled_t, dim=-1)
    write_json(folder / "reference.json", {
        "model": WHISPER_PACK,
        "manifest": json.loads((pack / ".vectorbook-pack.json").read_text()),
        "loading_info": info,
        "parameters": sum(p.numel() for p in model.parameters()),
        "encoder_parameters": sum(p.numel() for p in model.model.encoder.parameters()),
        "clips": clips,
        "pooled_cosine": [[round(x, 4) for x in row] for row in (normed @ normed.T).tolist()],
        "tensors": {"features.safetensors": describe(features), "hidden.safetensors": describe(hidden)},
        "notes": [
            "input_features.<i> holds the first stored_mel_frames frames of clip i's [80, 3000] log-mel (the "
            "WhisperFeatureExtractor of the pack); every later frame equals padding_value.<i>",
            "hidden.safetensors: last_hidden_state_head = frames 0..99 and last_hidden_state_strided = frames "
            "0, 15, ..., 1485 of clip 0's encoder output (float32); pooled_real_frames = mean over the first "
            "ceil(samples / 320) frames of each clip; pooled_all_frames = mean over all 1500",
            "transcription: model.generate(input_features, max_new_tokens=64), special tokens skipped",
        ],
    })


# ----------------------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--skip-whisper-pack", action="store_true")
    args = parser.parse_args()
    out = args.out
    out.mkdir(parents=True, exist_ok=True)
    make_tiny_whisper(out)
    make_tiny_speech(out)
    if not args.skip_whisper_pack:
        make_whisper_pack_reference(out)
    write_json(out / "VERSIONS.json", {
        "python": platform.python_version(), "torch": torch.__version__, "transformers": transformers.__version__,
        "safetensors": safetensors.__version__, "numpy": np.__version__, "torch_threads": 1,
    })


if __name__ == "__main__":
    main()
