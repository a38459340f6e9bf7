#!/usr/bin/env python3
"""Reference fixtures for the Vectorbook encoder parity tests (BERT / DistilBERT / sentence-transformers).

How to run (from the repository root; CPU only, no network needed):

    HF_HUB_OFFLINE=1 /tmp/ref/bin/python Scripts/reference/make_encoder_fixtures.py

Options:
    --out DIR        output folder (default: Tests/EncodersTests/Fixtures)
    --skip-minilm    do not (re)write minilm-reference/ (needs the all-MiniLM-L6-v2 pack in the HF cache)

The venv is described in Scripts/reference/README.md. Running the script twice with the same library
versions produces byte-identical files (fixed seeds, single CPU thread, deterministic algorithms, a
deterministic WordPiece vocabulary builder, hand-written JSON). Only the folders listed below are
deleted and rewritten; anything else under the output folder is left alone.

What it writes (all under the output folder):

    VERSIONS.json                       python / torch / transformers / sentence-transformers / tokenizers ... versions
    tiny-bert/                          random BertModel (hidden 32, 2 layers, 4 heads, intermediate 64, vocab 512,
                                        64 positions, gelu), config.json + model.safetensors + WordPiece tokenizer
                                        (tokenizer.json, tokenizer_config.json, special_tokens_map.json, vocab.txt),
                                        expected.safetensors / expected.json (right-padded batch of 4) and
                                        expected_left_padding.safetensors / expected_left_padding.json
    tiny-bert-variants/gelu-new/        tiny-bert weights with hidden_act "gelu_new" (tanh GELU)
    tiny-bert-variants/mlm/             random BertForMaskedLM (keys "bert.*" + "cls.predictions.*", no pooler)
    tiny-bert-variants/float16/         tiny-bert weights stored as float16
    tiny-bert-variants/bfloat16/        tiny-bert weights stored as bfloat16
    tiny-bert-variants/no-pooler/       random BertModel(add_pooling_layer=False)
    tiny-distilbert/                    random DistilBertModel (dim 32, 2 layers, 4 heads, hidden_dim 64, gelu)
    tiny-distilbert-mlm/                random DistilBertForMaskedLM ("distilbert.*" + vocab_transform/_layer_norm/_projector)
    tiny-sentence-transformers/         tiny-bert + Pooling(mean) + Normalize, max_seq_length 16
    tiny-sentence-transformers-cls-max/ tiny-bert + Pooling(cls + max, concatenated), no Normalize
    minilm-reference/                   sentence-transformers/all-MiniLM-L6-v2: sentences.json, tokens.json,
                                        embeddings.safetensors, hidden.safetensors, hidden.json

Every model folder's expected.safetensors holds int64 input_ids / attention_mask / token_type_ids and float32
last_hidden_state, pooler_output (BERT with a pooler only) and hidden_states.0 .. hidden_states.N
(hidden_states.0 = embedding output, hidden_states.N = last_hidden_state). Values at padded positions are
whatever transformers computes there; compare real tokens only (attention_mask == 1).
"""

from __future__ import annotations

import argparse
import collections
import hashlib
import json
import os
import platform
import shutil
import sys
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
os.environ["CUDA_VISIBLE_DEVICES"] = ""  # CPU only: fixtures must not depend on an accelerator.

import numpy as np  # noqa: E402
import safetensors  # noqa: E402
import sentence_transformers  # noqa: E402
import tokenizers  # noqa: E402
import torch  # noqa: E402
import transformers  # noqa: E402
from safetensors import safe_open  # noqa: E402
from safetensors.torch import load_file  # noqa: E402
from sentence_transformers import SentenceTransformer  # noqa: E402
from tokenizers import Tokenizer, decoders, normalizers, pre_tokenizers, processors  # noqa: E402
from transformers import (  # noqa: E402
    AutoModel,
    AutoTokenizer,
    BertConfig,
    BertForMaskedLM,
    BertModel,
    DistilBertConfig,
    DistilBertForMaskedLM,
    DistilBertModel,
)

sys.path.insert(0, str(Path(__file__).resolve().parent))
import corpus  # noqa: E402
from fixture_io import describe, fresh_dir, log, save_tensors, set_determinism  # noqa: E402
from fixture_io import write_json as _write_json  # noqa: E402


def write_json(path: Path, obj) -> None:
    """This script's JSON keeps lists of rows one item per line (its committed format)."""
    _write_json(path, obj, rows=False)

REPO = Path(__file__).resolve().parents[2]
DEFAULT_OUT = REPO / "Tests" / "EncodersTests" / "Fixtures"
MINILM = "sentence-transformers/all-MiniLM-L6-v2"

SPECIAL_TOKENS = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]
VOCAB_SIZE = 512
MAX_LEN = 64
ST_MAX_SEQ_LENGTH = 16

TINY_BERT = dict(
    vocab_size=VOCAB_SIZE,
    hidden_size=32,
    num_hidden_layers=2,
    num_attention_heads=4,
    intermediate_size=64,
    max_position_embeddings=MAX_LEN,
    type_vocab_size=2,
    hidden_act="gelu",
    layer_norm_eps=1e-12,
    pad_token_id=0,
    initializer_range=0.02,
    hidden_dropout_prob=0.1,
    attention_probs_dropout_prob=0.1,
)
TINY_DISTILBERT = dict(
    vocab_size=VOCAB_SIZE,
    dim=32,
    n_layers=2,
    n_heads=4,
    hidden_dim=64,
    activation="gelu",
    max_position_embeddings=MAX_LEN,
    sinusoidal_pos_embds=False,
    pad_token_id=0,
    initializer_range=0.02,
    dropout=0.1,
    attention_dropout=0.1,
)

SEED_TINY_BERT = 1001
SEED_BERT_MLM = 1003
SEED_BERT_NO_POOLER = 1005
SEED_DISTILBERT = 2001
SEED_DISTILBERT_MLM = 2003

# ----------------------------------------------------------------------------------------------
# Determinism and small I/O helpers
# ----------------------------------------------------------------------------------------------


def safetensors_keys(path: Path) -> list[tuple[str, str, list[int]]]:
    with safe_open(str(path), "pt") as f:
        out = []
        for k in f.keys():
            s = f.get_slice(k)
            out.append((k, s.get_dtype(), list(s.get_shape())))
    return sorted(out)


# ----------------------------------------------------------------------------------------------
# Tokenizer: deterministic WordPiece vocabulary + tokenizers pipeline
# ----------------------------------------------------------------------------------------------


def bert_normalizer():
    return normalizers.BertNormalizer(clean_text=True, handle_chinese_chars=True, strip_accents=None, lowercase=True)


def train_wordpiece_vocab(texts: list[str], vocab_size: int, prefix: str = "##") -> list[str]:
    """BPE-style WordPiece vocabulary training, like tokenizers' WordPieceTrainer but deterministic.

    tokenizers.trainers.WordPieceTrainer (0.23.x) is not reproducible: the ids of the initial alphabet
    follow Rust HashMap iteration order and equal-count merges are tie-broken by those ids, so two runs
    in the same process give different vocabularies. This builder uses the same normalizer and
    pre-tokenizer, the same word-initial / "##"-continuation alphabet and greedy most-frequent-pair merges,
    with ties broken by the merged string.
    """
    norm = bert_normalizer()
    pre = pre_tokenizers.BertPreTokenizer()
    counts: collections.Counter[str] = collections.Counter()
    for t in texts:
        for w, _ in pre.pre_tokenize_str(norm.normalize_str(t)):
            counts[w] += 1
    words = sorted(counts)
    split = {w: [w[0]] + [prefix + c for c in w[1:]] for w in words}
    alphabet = sorted({p for w in words for p in split[w]}, key=lambda s: (s.startswith(prefix), s))
    vocab = list(SPECIAL_TOKENS) + alphabet
    seen = set(vocab)

    def merged(pair):
        return pair[0] + pair[1][len(prefix):]

    while len(vocab) < vocab_size:
        pairs: collections.Counter = collections.Counter()
        for w in words:
            s = split[w]
            for a, b in zip(s, s[1:]):
                pairs[(a, b)] += counts[w]
        if not pairs:
            break
        best = min(pairs, key=lambda p: (-pairs[p], merged(p)))
        new = merged(best)
        for w in words:
            s = split[w]
            if len(s) < 2:
                continue
            out, i = [], 0
            while i < len(s):
                if i + 1 < len(s) and s[i] == best[0] and s[i + 1] == best[1]:
                    out.append(new)
                    i += 2
                else:
                    out.append(s[i])
                    i += 1
            split[w] = out
        if new not in seen:
            vocab.append(new)
            seen.add(new)
    if len(vocab) != vocab_size:
        raise SystemExit(f"corpus too small: got {len(vocab)} tokens, wanted {vocab_size}")
    return vocab


def build_tokenizer(vocab: list[str]) -> Tokenizer:
    ids = {t: i for i, t in enumerate(vocab)}
    tok = Tokenizer(tokenizers.models.WordPiece(ids, unk_token="[UNK]", continuing_subword_prefix="##",
                                                 max_input_chars_per_word=100))
    tok.normalizer = bert_normalizer()
    tok.pre_tokenizer = pre_tokenizers.BertPreTokenizer()
    tok.post_processor = processors.TemplateProcessing(
        single="[CLS] $A [SEP]",
        pair="[CLS] $A [SEP] $B:1 [SEP]:1",
        special_tokens=[("[CLS]", ids["[CLS]"]), ("[SEP]", ids["[SEP]"])],
    )
    tok.decoder = decoders.WordPiece(prefix="##", cleanup=True)
    for t in SPECIAL_TOKENS:  # mark them special so they are never split / normalised
        tok.add_special_tokens([tokenizers.AddedToken(t, special=True, normalized=False)])
    assert tok.get_vocab_size() == len(vocab)
    return tok


def save_tokenizer(tok: Tokenizer, vocab: list[str], folder: Path, kind: str) -> None:
    """Writes tokenizer.json, tokenizer_config.json, special_tokens_map.json and vocab.txt."""
    (folder / "tokenizer.json").write_text(tok.to_str(pretty=True) + "\n", encoding="utf-8")
    (folder / "vocab.txt").write_text("".join(t + "\n" for t in vocab), encoding="utf-8")
    specials = {"unk_token": "[UNK]", "sep_token": "[SEP]", "pad_token": "[PAD]", "cls_token": "[CLS]",
                "mask_token": "[MASK]"}
    write_json(folder / "special_tokens_map.json", specials)
    cfg = {
        "tokenizer_class": "BertTokenizer" if kind == "bert" else "DistilBertTokenizer",
        "do_lower_case": True,
        "tokenize_chinese_chars": True,
        "strip_accents": None,
        **specials,
        "model_max_length": MAX_LEN,
        "padding_side": "right",
        "truncation_side": "right",
        "clean_up_tokenization_spaces": True,
        "model_input_names": (["input_ids", "token_type_ids", "attention_mask"] if kind == "bert"
                              else ["input_ids", "attention_mask"]),
    }
    write_json(folder / "tokenizer_config.json", cfg)


TOKENIZER_FILES = ["tokenizer.json", "tokenizer_config.json", "special_tokens_map.json", "vocab.txt"]


def copy_files(src: Path, dst: Path, names: list[str]) -> None:
    for n in names:
        shutil.copyfile(src / n, dst / n)


# ----------------------------------------------------------------------------------------------
# Models
# ----------------------------------------------------------------------------------------------


def randomize_(model: torch.nn.Module, seed: int, only_prefix: str | None = None) -> None:
    """Overwrites every parameter with seeded random values, independent of transformers' init code.

    LayerNorm weight = 1 + N(0, 0.3), LayerNorm bias = N(0, 0.2), every other bias = N(0, 0.2),
    embedding tables = N(0, 0.5), linear weights = N(0, 1/sqrt(fan_in)). Parameters are visited in
    sorted-name order; tied parameters (MLM decoder = word embeddings) are visited once.
    """
    g = torch.Generator().manual_seed(seed)
    params = dict(model.named_parameters())
    with torch.no_grad():
        for name in sorted(params):
            if only_prefix is not None and not name.startswith(only_prefix):
                continue
            p = params[name]
            lname = name.lower()
            noise = torch.randn(p.shape, generator=g, dtype=torch.float32)
            if "layernorm" in lname or "layer_norm" in lname:
                val = 1.0 + 0.3 * noise if name.endswith("weight") else 0.2 * noise
            elif name.endswith("bias"):
                val = 0.2 * noise
            elif "embeddings" in lname:
                val = 0.5 * noise
            else:
                assert p.dim() == 2, name
                val = noise / (p.shape[1] ** 0.5)
            p.copy_(val)


def save_model(model: torch.nn.Module, folder: Path, dtype: torch.dtype | None = None) -> None:
    if dtype is not None:
        model = model.to(dtype)
    model.save_pretrained(str(folder), safe_serialization=True)


def load_model(cls, folder: Path, **kw):
    model, info = cls.from_pretrained(str(folder), dtype=torch.float32, attn_implementation="eager",
                                      output_loading_info=True, **kw)
    model.eval()
    for p in model.parameters():
        assert p.dtype == torch.float32
    info = {k: sorted(v) if isinstance(v, (list, set, tuple)) else v for k, v in info.items()}
    return model, info


@torch.no_grad()
def run_encoder(model, batch: dict[str, torch.Tensor], position_ids: torch.Tensor | None = None) -> dict:
    kw = dict(input_ids=batch["input_ids"], attention_mask=batch["attention_mask"], output_hidden_states=True,
              return_dict=True)
    if isinstance(model, BertModel):
        kw["token_type_ids"] = batch["token_type_ids"]
        if position_ids is not None:
            kw["position_ids"] = position_ids
    else:
        assert position_ids is None
    out = model(**kw)
    res = {"last_hidden_state": out.last_hidden_state.float()}
    if getattr(out, "pooler_output", None) is not None:
        res["pooler_output"] = out.pooler_output.float()
    for i, h in enumerate(out.hidden_states):
        res[f"hidden_states.{i}"] = h.float()
    assert torch.equal(res[f"hidden_states.{len(out.hidden_states) - 1}"], res["last_hidden_state"])
    return res


# ----------------------------------------------------------------------------------------------
# Inputs
# ----------------------------------------------------------------------------------------------


def encode_rows(tokenizer, rows, max_length: int) -> list[dict]:
    out = []
    for text, pair in rows:
        enc = tokenizer(text, pair, truncation=True, max_length=max_length, return_token_type_ids=True)
        ids = list(enc["input_ids"])
        out.append({
            "text": text,
            "text_pair": pair,
            "input_ids": ids,
            "token_type_ids": list(enc["token_type_ids"]),
            "tokens": tokenizer.convert_ids_to_tokens(ids),
            "length": len(ids),
        })
    return out


def pad_rows(rows: list[dict], side: str, pad_id: int = 0, keep_type_ids: bool = True) -> dict[str, torch.Tensor]:
    n = max(r["length"] for r in rows)
    ids, mask, types = [], [], []
    for r in rows:
        k = n - r["length"]
        t = r["token_type_ids"] if keep_type_ids else [0] * r["length"]
        if side == "right":
            ids.append(r["input_ids"] + [pad_id] * k)
            mask.append([1] * r["length"] + [0] * k)
            types.append(t + [0] * k)
        else:
            ids.append([pad_id] * k + r["input_ids"])
            mask.append([0] * k + [1] * r["length"])
            types.append([0] * k + t)
    return {"input_ids": torch.tensor(ids, dtype=torch.int64),
            "attention_mask": torch.tensor(mask, dtype=torch.int64),
            "token_type_ids": torch.tensor(types, dtype=torch.int64)}


def check_tokenizer_folder(folder: Path, raw: Tokenizer, rows: list[dict]) -> None:
    """AutoTokenizer(folder) must reproduce the raw tokenizers pipeline and the stored ids."""
    tok = AutoTokenizer.from_pretrained(str(folder))
    assert tok.model_max_length == MAX_LEN, tok.model_max_length
    for r in rows:
        enc = tok(r["text"], r["text_pair"], truncation=True, max_length=MAX_LEN)
        assert list(enc["input_ids"]) == r["input_ids"], (folder, r["text"])
        raw_enc = raw.encode(r["text"], r["text_pair"]) if r["text_pair"] else raw.encode(r["text"])
        if len(raw_enc.ids) <= MAX_LEN:
            assert raw_enc.ids == r["input_ids"], (folder, r["text"])
        else:  # truncation keeps [CLS] + first 62 pieces + [SEP]
            assert raw_enc.ids[: MAX_LEN - 1] == r["input_ids"][:-1]


def model_summary(folder: Path) -> dict:
    cfg = json.loads((folder / "config.json").read_text())
    keep = ["architectures", "model_type", "vocab_size", "hidden_size", "dim", "num_hidden_layers", "n_layers",
            "num_attention_heads", "n_heads", "intermediate_size", "hidden_dim", "hidden_act", "activation",
            "max_position_embeddings", "type_vocab_size", "layer_norm_eps", "pad_token_id", "dtype",
            "sinusoidal_pos_embds", "tie_word_embeddings"]
    return {k: cfg[k] for k in keep if k in cfg}


def write_expected(folder: Path, name: str, model, batch, rows, *, description: str, padding_side: str,
                   model_load: str, loading_info: dict | None, notes: list[str], position_ids=None,
                   extra: dict[str, torch.Tensor] | None = None, out_override: dict | None = None) -> dict:
    out = out_override if out_override is not None else run_encoder(model, batch, position_ids)
    tensors = {**batch}
    if position_ids is not None:
        tensors["position_ids"] = position_ids
    tensors.update(out)
    if extra:
        tensors.update(extra)
    save_tensors(folder / f"{name}.safetensors", tensors)
    write_json(folder / f"{name}.json", {
        "description": description,
        "model": {"load": model_load, "config": model_summary(folder), "loading_info": loading_info},
        "tokenizer": {
            "call": f"tokenizer(text, text_pair, truncation=True, max_length={MAX_LEN})",
            "padding_side": padding_side,
            "pad_token_id": 0,
        },
        "rows": rows,
        "tensors": describe(tensors),
        "notes": notes,
    })
    return out


# ----------------------------------------------------------------------------------------------
# Fixture groups
# ----------------------------------------------------------------------------------------------

COMMON_NOTES = [
    "hidden_states.0 is the embedding output (after embeddings LayerNorm); hidden_states.N == last_hidden_state.",
    "Outputs at padded positions (attention_mask == 0) are whatever transformers computes there: compare real "
    "tokens only.",
    "The batch is the tokenizer output for 'rows' (one call per row, then padded with [PAD]=0, attention_mask 0, "
    "token_type_ids 0).",
    "Computed with torch on CPU, float32, eager attention, eval mode (no dropout).",
]


def bert_config(**over) -> BertConfig:
    return BertConfig(**{**TINY_BERT, **over})


def make_tiny_bert(out: Path, raw_tok: Tokenizer, vocab: list[str]) -> tuple[dict, list[dict], dict]:
    folder = fresh_dir(out / "tiny-bert")
    torch.manual_seed(SEED_TINY_BERT)
    model = BertModel(bert_config(), add_pooling_layer=True).eval()
    randomize_(model, SEED_TINY_BERT)
    save_model(model, folder)
    save_tokenizer(raw_tok, vocab, folder, "bert")

    tok = AutoTokenizer.from_pretrained(str(folder))
    rows = encode_rows(tok, corpus.TINY_ROWS, MAX_LEN)
    check_tokenizer_folder(folder, raw_tok, rows)
    lengths = [r["length"] for r in rows]
    assert max(lengths) == MAX_LEN and min(lengths) <= 5, lengths
    batch = pad_rows(rows, "right")
    ref = tok.pad([{"input_ids": r["input_ids"], "token_type_ids": r["token_type_ids"]} for r in rows],
                  padding=True, return_tensors="pt")
    for k in batch:
        assert torch.equal(batch[k], ref[k].to(torch.int64)), k

    loaded, info = load_model(AutoModel, folder)
    assert isinstance(loaded, BertModel) and not info["missing_keys"] and not info["unexpected_keys"], info
    right = write_expected(
        folder, "expected", loaded, batch, rows, padding_side="right",
        description="Random tiny BertModel; right-padded batch of 4 rows (one truncated to 64 tokens, one "
                    "'[CLS] h ##i [SEP]', one sentence pair with token_type_ids 1).",
        model_load="AutoModel.from_pretrained(folder, attn_implementation='eager')", loading_info=info,
        notes=COMMON_NOTES + ["pooler_output = tanh(pooler.dense(last_hidden_state[:, 0]))."])

    # Left padding. transformers' BertModel uses position_ids 0..L-1 regardless of padding, so a
    # left-padded row gets shifted position embeddings. The fixture instead passes position ids derived
    # from the mask (first real token = position 0), which is what makes real-token outputs independent
    # of the padding side; the naive transformers output is stored too, for reference.
    left = pad_rows(rows, "left")
    pos = (left["attention_mask"].cumsum(-1) - 1).clamp(min=0).to(torch.int64)
    out_left = run_encoder(loaded, left, pos)
    naive = run_encoder(loaded, left)
    max_diff, naive_diff = 0.0, 0.0
    for b, r in enumerate(rows):
        n, k = r["length"], left["input_ids"].shape[1] - r["length"]
        for key in out_left:
            if key == "pooler_output":
                continue
            d = (out_left[key][b, k:] - right[key][b, :n]).abs().max().item()
            max_diff = max(max_diff, d)
        naive_diff = max(naive_diff, (naive["last_hidden_state"][b, k:] - right["last_hidden_state"][b, :n])
                         .abs().max().item())
    assert max_diff < 1e-5, max_diff
    # pooler on the [CLS] token (first real token), not on index 0 (a pad for left-padded rows).
    first = (left["attention_mask"].argmax(-1))
    cls_h = out_left["last_hidden_state"][torch.arange(len(rows)), first]
    with torch.no_grad():
        out_left["pooler_output"] = loaded.pooler.activation(loaded.pooler.dense(cls_h)).float()
    assert (out_left["pooler_output"] - right["pooler_output"]).abs().max().item() < 1e-5
    write_expected(
        folder, "expected_left_padding", loaded, left, rows, padding_side="left", position_ids=pos,
        out_override=out_left,
        extra={"hf_default_positions.last_hidden_state": naive["last_hidden_state"],
               "hf_default_positions.pooler_output": naive["pooler_output"]},
        description="Same rows and model as expected.safetensors, left-padded. Real-token outputs equal the "
                    "right-padded ones (max abs diff %.3g)." % max_diff,
        model_load="AutoModel.from_pretrained(folder, attn_implementation='eager')", loading_info=info,
        notes=COMMON_NOTES + [
            "position_ids = clamp(cumsum(attention_mask) - 1, min=0): the first real token gets position 0. "
            "last_hidden_state / hidden_states.* were computed with these position_ids.",
            "pooler_output here is the pooler applied to the [CLS] token (first real token), equal to the "
            "right-padded pooler_output; transformers' BertPooler reads index 0, which is a pad when left-padded.",
            "hf_default_positions.* is what transformers returns when no position_ids are passed (positions "
            "0..L-1 including pads): real-token outputs then differ from right padding (max abs diff %.3g) "
            "and the pooler reads a pad token." % naive_diff,
        ])
    log(f"tiny-bert: row lengths {lengths}; left vs right padding max diff {max_diff:.3g} "
        f"(transformers default positions: {naive_diff:.3g})")
    return right, rows, batch


def make_bert_variants(out: Path, rows: list[dict], batch: dict, base_out: dict) -> None:
    root = fresh_dir(out / "tiny-bert-variants")
    base = out / "tiny-bert"
    base_model, _ = load_model(BertModel, base)

    def finish(folder, cls, description, model_load, notes, allow_unexpected=(), **kw):
        copy_files(base, folder, TOKENIZER_FILES)
        model, info = load_model(cls, folder, **kw)
        assert not info["missing_keys"], info
        assert all(any(k.startswith(p) for p in allow_unexpected) for k in info["unexpected_keys"]), info
        return write_expected(folder, "expected", model, batch, rows, padding_side="right",
                              description=description, model_load=model_load, loading_info=info,
                              notes=COMMON_NOTES + notes)

    # (a) gelu_new: tiny-bert weights, tanh-approximated GELU.
    folder = fresh_dir(root / "gelu-new")
    m = BertModel(bert_config(hidden_act="gelu_new"), add_pooling_layer=True).eval()
    m.load_state_dict(base_model.state_dict())
    save_model(m, folder)
    o = finish(folder, AutoModel, "tiny-bert weights with hidden_act='gelu_new' (0.5*x*(1+tanh(sqrt(2/pi)*(x+0.044715*x^3)))).",
               "AutoModel.from_pretrained(folder, attn_implementation='eager')",
               ["Same weights as ../../tiny-bert; only config.hidden_act differs."])
    d = (o["last_hidden_state"] - base_out["last_hidden_state"]).abs().max().item()
    log(f"gelu-new: max |last_hidden_state - tiny-bert| = {d:.3g}")
    assert d > 1e-4, "gelu_new must be distinguishable from gelu"

    # (b) BertForMaskedLM checkpoint (own random weights; no pooler: BertForMaskedLM has none).
    folder = fresh_dir(root / "mlm")
    torch.manual_seed(SEED_BERT_MLM)
    m = BertForMaskedLM(bert_config()).eval()
    randomize_(m, SEED_BERT_MLM)
    save_model(m, folder)
    finish(folder, BertModel, "Random BertForMaskedLM checkpoint (keys 'bert.*' + 'cls.predictions.*'); outputs of its "
                              "encoder: BertModel without pooler.",
           "BertModel.from_pretrained(folder, add_pooling_layer=False, attn_implementation='eager')",
           ["The checkpoint has no pooler weights (BertForMaskedLM builds BertModel(add_pooling_layer=False)), so "
            "there is no pooler_output.",
            "cls.predictions.decoder.weight is tied to bert.embeddings.word_embeddings.weight and "
            "cls.predictions.decoder.bias to cls.predictions.bias; the tied copies are not stored in the file.",
            "loading_info.unexpected_keys lists the cls.* tensors that the encoder ignores."],
           allow_unexpected=("cls.",), add_pooling_layer=False)

    # (c), (d) tiny-bert weights stored as float16 / bfloat16; expected = float32 model with rounded weights.
    for name, dt in (("float16", torch.float16), ("bfloat16", torch.bfloat16)):
        folder = fresh_dir(root / name)
        m = BertModel(bert_config(), add_pooling_layer=True).eval()
        m.load_state_dict(base_model.state_dict())
        save_model(m, folder, dtype=dt)
        for k, dtype, _ in safetensors_keys(folder / "model.safetensors"):
            assert dtype == {"float16": "F16", "bfloat16": "BF16"}[name], (k, dtype)
        o = finish(folder, AutoModel, f"tiny-bert weights stored as {name}; outputs of the float32 model holding the "
                                      f"{name}-rounded weights.",
                   "AutoModel.from_pretrained(folder, dtype=torch.float32, attn_implementation='eager')",
                   [f"Weights are upcast {name} -> float32 exactly; all arithmetic is float32.",
                    "config.json says dtype '%s'." % name])
        d = (o["last_hidden_state"] - base_out["last_hidden_state"]).abs().max().item()
        log(f"{name}: max |last_hidden_state - tiny-bert float32| = {d:.3g}")

    # (e) no pooler.
    folder = fresh_dir(root / "no-pooler")
    torch.manual_seed(SEED_BERT_NO_POOLER)
    m = BertModel(bert_config(), add_pooling_layer=False).eval()
    randomize_(m, SEED_BERT_NO_POOLER)
    save_model(m, folder)
    finish(folder, BertModel, "Random BertModel(add_pooling_layer=False): no pooler.* tensors in the file.",
           "BertModel.from_pretrained(folder, add_pooling_layer=False, attn_implementation='eager')",
           ["config.json does not say that the pooler is absent; only the missing pooler.* tensors do. "
            "AutoModel.from_pretrained would report pooler.dense.* as missing and initialise them randomly."],
           add_pooling_layer=False)


def make_distilbert(out: Path, raw_tok: Tokenizer, vocab: list[str]) -> None:
    rows = batch = None
    for name, cls, seed in (("tiny-distilbert", DistilBertModel, SEED_DISTILBERT),
                            ("tiny-distilbert-mlm", DistilBertForMaskedLM, SEED_DISTILBERT_MLM)):
        folder = fresh_dir(out / name)
        torch.manual_seed(seed)
        m = cls(DistilBertConfig(**TINY_DISTILBERT)).eval()
        randomize_(m, seed)
        save_model(m, folder)
        save_tokenizer(raw_tok, vocab, folder, "distilbert")
        tok = AutoTokenizer.from_pretrained(str(folder))
        assert "token_type_ids" not in tok("x"), "DistilBERT tokenizer must not return token_type_ids"
        rows = encode_rows(tok, corpus.TINY_ROWS, MAX_LEN)
        check_tokenizer_folder(folder, raw_tok, rows)
        for r in rows:  # DistilBERT has no segment embeddings: store zeros
            r["token_type_ids"] = [0] * r["length"]
        batch = pad_rows(rows, "right")
        model, info = load_model(DistilBertModel, folder)
        assert not info["missing_keys"], info
        if cls is DistilBertModel:
            assert not info["unexpected_keys"], info
        else:
            assert all(k.startswith("vocab_") for k in info["unexpected_keys"]), info
        notes = COMMON_NOTES + ["DistilBERT has no token type embeddings and no pooler: token_type_ids are all 0 "
                                "and are not fed to the model; there is no pooler_output.",
                                "DistilBERT LayerNorm eps is 1e-12 (hard-coded in transformers, not in config.json)."]
        if cls is DistilBertForMaskedLM:
            notes.append("vocab_projector.weight is tied to distilbert.embeddings.word_embeddings.weight and not "
                         "stored; vocab_transform / vocab_layer_norm / vocab_projector.bias are ignored by the encoder.")
        write_expected(folder, "expected", model, batch, rows, padding_side="right",
                       description=f"Random {cls.__name__}; outputs of the DistilBertModel encoder.",
                       model_load="DistilBertModel.from_pretrained(folder, attn_implementation='eager')",
                       loading_info=info, notes=notes)


def write_st_folder(folder: Path, base: Path, pooling: dict, normalize: bool) -> None:
    copy_files(base, folder, ["config.json", "model.safetensors"] + TOKENIZER_FILES)
    modules = [
        {"idx": 0, "name": "0", "path": "", "type": "sentence_transformers.models.Transformer"},
        {"idx": 1, "name": "1", "path": "1_Pooling", "type": "sentence_transformers.models.Pooling"},
    ]
    if normalize:
        modules.append({"idx": 2, "name": "2", "path": "2_Normalize", "type": "sentence_transformers.models.Normalize"})
    write_json(folder / "modules.json", modules)
    write_json(folder / "sentence_bert_config.json", {"max_seq_length": ST_MAX_SEQ_LENGTH, "do_lower_case": False})
    write_json(folder / "config_sentence_transformers.json", {
        "__version__": {"sentence_transformers": sentence_transformers.__version__,
                        "transformers": transformers.__version__, "pytorch": torch.__version__},
        "prompts": {}, "default_prompt_name": None, "similarity_fn_name": "cosine"})
    write_json(folder / "1_Pooling" / "config.json", pooling)
    if normalize:
        # Legacy packs (e.g. all-MiniLM-L6-v2 on the Hub) have an empty 2_Normalize/ folder, which git
        # cannot store; sentence-transformers 6 writes this config.json for Normalize.
        write_json(folder / "2_Normalize" / "config.json",
                   {"module_input_name": "sentence_embedding", "module_output_name": "sentence_embedding"})


def legacy_pooling(dim: int, **modes) -> dict:
    cfg = {"word_embedding_dimension": dim}
    for k in ("pooling_mode_cls_token", "pooling_mode_mean_tokens", "pooling_mode_max_tokens",
              "pooling_mode_mean_sqrt_len_tokens", "pooling_mode_weightedmean_tokens", "pooling_mode_lasttoken"):
        cfg[k] = bool(modes.get(k, False))
    cfg["include_prompt"] = True
    return cfg


def make_sentence_transformers(out: Path) -> None:
    base = out / "tiny-bert"
    texts = corpus.TINY_ST_TEXTS
    specs = [
        ("tiny-sentence-transformers", legacy_pooling(32, pooling_mode_mean_tokens=True), True, ("mean",)),
        ("tiny-sentence-transformers-cls-max",
         legacy_pooling(32, pooling_mode_cls_token=True, pooling_mode_max_tokens=True), False, ("cls", "max")),
    ]
    for name, pooling, normalize, modes in specs:
        folder = fresh_dir(out / name)
        write_st_folder(folder, base, pooling, normalize)
        st = SentenceTransformer(str(folder), device="cpu", model_kwargs={"attn_implementation": "eager"})
        st.eval()
        assert st.max_seq_length == ST_MAX_SEQ_LENGTH
        emb = st.encode(texts, convert_to_numpy=True, batch_size=32)
        assert emb.dtype == np.float32 and emb.shape == (len(texts), 32 * len(modes)), emb.shape
        emb = torch.from_numpy(np.ascontiguousarray(emb))

        # Independent recomputation: tokenizer -> AutoModel -> pooling (-> normalize).
        tok = AutoTokenizer.from_pretrained(str(folder))
        enc = tok(texts, padding=True, truncation=True, max_length=ST_MAX_SEQ_LENGTH, return_tensors="pt")
        batch = {k: enc[k].to(torch.int64) for k in ("input_ids", "attention_mask", "token_type_ids")}
        model, _ = load_model(AutoModel, folder)
        with torch.no_grad():
            h = model(**batch).last_hidden_state
        mask = batch["attention_mask"].unsqueeze(-1).float()
        parts = []
        for mode in modes:
            if mode == "mean":
                parts.append((h * mask).sum(1) / mask.sum(1).clamp(min=1e-9))
            elif mode == "cls":
                parts.append(h[:, 0])
            elif mode == "max":
                parts.append(h.masked_fill(mask == 0, float("-inf")).max(1).values)
        mine = torch.cat(parts, -1)
        if normalize:
            mine = torch.nn.functional.normalize(mine, p=2, dim=-1)
        diff = (mine - emb).abs().max().item()
        assert diff < 1e-5, diff
        lengths = batch["attention_mask"].sum(1).tolist()
        assert max(lengths) == ST_MAX_SEQ_LENGTH, lengths
        save_tensors(folder / "expected.safetensors", {**batch, "token_embeddings": h.float(), "embeddings": emb})
        rows = []
        for t in texts:
            ids = tok(t, truncation=True, max_length=ST_MAX_SEQ_LENGTH)["input_ids"]
            rows.append({"text": t, "input_ids": ids, "tokens": tok.convert_ids_to_tokens(ids), "length": len(ids)})
        write_json(folder / "expected.json", {
            "description": f"SentenceTransformer(folder).encode(texts, convert_to_numpy=True): modules Transformer "
                           f"(tiny-bert, max_seq_length {ST_MAX_SEQ_LENGTH}) -> Pooling {list(modes)}"
                           + (" -> Normalize" if normalize else " (no Normalize)") + ".",
            "texts": texts,
            "pooling_modes": list(modes),
            "normalize": normalize,
            "embedding_dimension": 32 * len(modes),
            "rows": rows,
            "tensors": describe({**batch, "token_embeddings": h, "embeddings": emb}),
            "notes": [
                "embeddings[i] is the sentence embedding of texts[i] (encode returns input order).",
                "input_ids / attention_mask / token_type_ids / token_embeddings: the whole list tokenised as one "
                "right-padded batch, truncated to max_seq_length (what encode does with batch_size >= %d)." % len(texts),
                "Concatenation order with several pooling modes is cls, max, mean, mean_sqrt_len_tokens, "
                "weightedmean, lasttoken (sentence-transformers' order), here: %s." % " | ".join(modes),
                "max pooling ignores padded positions (they are set to -inf before the max).",
                "1_Pooling/config.json uses the legacy pooling_mode_* keys (as on the Hub); "
                "sentence-transformers >= 6 itself writes {embedding_dimension, pooling_mode, include_prompt}.",
                "Recomputed independently (tokenizer -> AutoModel -> pooling): max abs diff %.3g." % diff,
            ],
        })
        log(f"{name}: embeddings {tuple(emb.shape)}, token lengths {lengths}, recompute diff {diff:.3g}")


def make_minilm(out: Path) -> dict:
    folder = fresh_dir(out / "minilm-reference")
    sentences = corpus.MINILM_SENTENCES
    write_json(folder / "sentences.json", sentences)

    st = SentenceTransformer(MINILM, device="cpu", model_kwargs={"attn_implementation": "eager"})
    st.eval()
    assert st.max_seq_length == 256
    emb = st.encode(sentences, batch_size=16, convert_to_numpy=True)
    emb = torch.from_numpy(np.ascontiguousarray(emb))
    assert emb.shape == (len(sentences), 384) and emb.dtype == torch.float32
    norms = emb.norm(dim=-1)
    assert (norms - 1).abs().max() < 1e-5
    save_tensors(folder / "embeddings.safetensors", {"embeddings": emb})

    tok = AutoTokenizer.from_pretrained(MINILM)
    token_rows = []
    for s in sentences:
        ids = tok(s, truncation=True, max_length=256)["input_ids"]
        token_rows.append({"text": s, "input_ids": ids, "length": len(ids)})
    truncated = [i for i, s in enumerate(sentences) if len(tok(s)["input_ids"]) > 256]
    assert truncated, "the long sentence must exceed 256 tokens"
    write_json(folder / "tokens.json", {
        "description": "AutoTokenizer('%s')(sentence, truncation=True, max_length=256) for every entry of "
                       "sentences.json (max_seq_length 256 = what SentenceTransformer.encode feeds the model)." % MINILM,
        "truncated_indices": truncated,
        "untruncated_lengths": {str(i): len(tok(sentences[i])["input_ids"]) for i in truncated},
        "rows": token_rows,
    })

    model, info = load_model(AutoModel, Path(snapshot_dir()))
    idx = corpus.MINILM_HIDDEN_INDICES
    chosen = [sentences[i] for i in idx]
    enc = tok(chosen, padding=True, truncation=True, return_tensors="pt")
    batch = {k: enc[k].to(torch.int64) for k in ("input_ids", "attention_mask", "token_type_ids")}
    with torch.no_grad():
        o = model(**batch, output_hidden_states=True)
    mask = batch["attention_mask"].unsqueeze(-1).float()
    mean_pooled = (o.last_hidden_state * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
    vs_st = (torch.nn.functional.normalize(mean_pooled, dim=-1) - emb[idx]).abs().max().item()
    assert vs_st < 1e-5, vs_st
    hidden = {**batch, "last_hidden_state": o.last_hidden_state, "pooler_output": o.pooler_output,
              "mean_pooled": mean_pooled, "hidden_states.0": o.hidden_states[0]}
    save_tensors(folder / "hidden.safetensors", hidden)
    keys = safetensors_keys(Path(snapshot_dir()) / "model.safetensors")
    dtypes = collections.Counter(d for _, d, _ in keys)
    has_pooler = any(k.startswith("pooler.") for k, _, _ in keys)
    write_json(folder / "hidden.json", {
        "description": "AutoModel / AutoTokenizer('%s'), eager attention, float32, CPU: tokenizer(sentences, "
                       "padding=True, truncation=True) as one right-padded batch." % MINILM,
        "sentence_indices": idx,
        "sentences": chosen,
        "lengths": batch["attention_mask"].sum(1).tolist(),
        "loading_info": info,
        "checkpoint": {
            "snapshot": Path(snapshot_dir()).name,
            "has_pooler_weights": has_pooler,
            "tensor_count": len(keys),
            "dtypes": dict(sorted(dtypes.items())),
            "non_float_tensors": [[k, d, s] for k, d, s in keys if d != "F32"],
        },
        "tensors": describe(hidden),
        "notes": [
            "mean_pooled = sum(last_hidden_state * mask) / sum(mask) (no normalisation); normalize(mean_pooled) "
            "equals embeddings.safetensors rows %s within %.3g." % (idx, vs_st),
            "pooler_output = tanh(pooler.dense(last_hidden_state[:, 0])) from the checkpoint's own pooler weights "
            "(the sentence-transformers pipeline does not use it).",
            "hidden_states.0 = embedding output (word + position + token type embeddings, then LayerNorm).",
            "The checkpoint also stores embeddings.position_ids (int64 [1, 512]), a buffer that current "
            "transformers neither needs nor saves; loaders should ignore it.",
        ],
    })
    log(f"minilm: {len(sentences)} sentences, truncated {truncated}, hidden lengths "
        f"{batch['attention_mask'].sum(1).tolist()}, loading info {info}, pooler weights: {has_pooler}, "
        f"hidden vs ST diff {vs_st:.3g}")
    return {"has_pooler": has_pooler, "loading_info": info}


_SNAPSHOT: str | None = None


def snapshot_dir() -> str:
    global _SNAPSHOT
    if _SNAPSHOT is None:
        from huggingface_hub import snapshot_download
        _SNAPSHOT = snapshot_download(MINILM, local_files_only=True)
    return _SNAPSHOT


# ----------------------------------------------------------------------------------------------
# Verification: everything loads back and recomputes bit-exactly.
# ----------------------------------------------------------------------------------------------


def verify(out: Path, with_minilm: bool) -> None:
    model_dirs = [out / "tiny-bert", out / "tiny-distilbert", out / "tiny-distilbert-mlm"] + sorted(
        p for p in (out / "tiny-bert-variants").iterdir() if p.is_dir())
    for d in model_dirs:
        for fname in ("expected", "expected_left_padding"):
            f = d / f"{fname}.safetensors"
            if not f.exists():
                continue
            t = load_file(str(f))
            meta = json.loads((d / f"{fname}.json").read_text())
            for k, v in t.items():
                assert v.dtype in (torch.float32, torch.int64), (f, k)
                assert meta["tensors"][k]["shape"] == list(v.shape)
            for b, r in enumerate(meta["rows"]):
                mask = t["attention_mask"][b].bool()
                assert t["input_ids"][b][mask].tolist() == r["input_ids"], (f, b)
            kw = meta["model"]["load"]
            cls = {"AutoModel": AutoModel, "BertModel": BertModel, "DistilBertModel": DistilBertModel}[kw.split(".")[0]]
            extra = {"add_pooling_layer": False} if "add_pooling_layer=False" in kw else {}
            model, _ = load_model(cls, d, **extra)
            batch = {k: t[k] for k in ("input_ids", "attention_mask", "token_type_ids")}
            again = run_encoder(model, batch, t.get("position_ids"))
            for k, v in again.items():
                if fname == "expected_left_padding" and k == "pooler_output":
                    continue
                assert torch.equal(v, t[k]), (f, k)
            tok = AutoTokenizer.from_pretrained(str(d))
            for r in meta["rows"]:
                assert tok(r["text"], r["text_pair"], truncation=True, max_length=MAX_LEN)["input_ids"] == r["input_ids"]
    for name in ("tiny-sentence-transformers", "tiny-sentence-transformers-cls-max"):
        d = out / name
        t = load_file(str(d / "expected.safetensors"))
        texts = json.loads((d / "expected.json").read_text())["texts"]
        st = SentenceTransformer(str(d), device="cpu", model_kwargs={"attn_implementation": "eager"})
        again = torch.from_numpy(st.encode(texts, convert_to_numpy=True))
        assert torch.equal(again, t["embeddings"]), name
    if with_minilm:
        d = out / "minilm-reference"
        t = load_file(str(d / "embeddings.safetensors"))
        assert t["embeddings"].shape == (len(json.loads((d / "sentences.json").read_text())), 384)
        h = load_file(str(d / "hidden.safetensors"))
        assert h["last_hidden_state"].shape[-1] == 384 and h["pooler_output"].shape[-1] == 384
    log("verify: all fixtures load back and recompute bit-exactly")


def write_versions(out: Path) -> None:
    versions = {
        "python": platform.python_version(),
        "torch": torch.__version__,
        "transformers": transformers.__version__,
        "sentence_transformers": sentence_transformers.__version__,
        "tokenizers": tokenizers.__version__,
        "safetensors": safetensors.__version__,
        "numpy": np.__version__,
        "generator": "Scripts/reference/make_encoder_fixtures.py",
        "minilm_snapshot": Path(snapshot_dir()).name if (out / "minilm-reference").exists() else None,
        "torch_threads": torch.get_num_threads(),
        "device": "cpu",
    }
    write_json(out / "VERSIONS.json", versions)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    ap.add_argument("--skip-minilm", action="store_true")
    args = ap.parse_args()
    out: Path = args.out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    set_determinism()
    transformers.logging.set_verbosity_error()

    vocab = train_wordpiece_vocab(corpus.TOKENIZER_CORPUS, VOCAB_SIZE)
    raw_tok = build_tokenizer(vocab)
    log(f"tokenizer: {len(vocab)} tokens, sha256(vocab) {hashlib.sha256(chr(10).join(vocab).encode()).hexdigest()[:16]}")

    base_out, rows, batch = make_tiny_bert(out, raw_tok, vocab)
    make_bert_variants(out, rows, batch, base_out)
    make_distilbert(out, raw_tok, vocab)
    make_sentence_transformers(out)
    if not args.skip_minilm:
        make_minilm(out)
    write_versions(out)
    verify(out, with_minilm=not args.skip_minilm)


if __name__ == "__main__":
    main()
