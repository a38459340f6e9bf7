#!/usr/bin/env python3
"""Reference fixtures for byte-level BPE in the Swift `Tokenizers` target: CLIP, GPT-2 style, and BPE with
a continuing-subword prefix (developers only; CI never runs Python).

There is no CLIP tokenizer in any cache here, so the script trains small ones itself, laid out exactly as
real checkpoints ship them (openai/clip-vit-base-patch32: `tokenizer.json` with string merges, a
`tokenizer_config.json` naming `CLIPTokenizer` with `model_max_length` 77 and `added_tokens_decoder`, a
`special_tokens_map.json`), and records what transformers' `AutoTokenizer` makes of them. The BPE trainer
is a small deterministic one written here (the `tokenizers` trainers break frequency ties in hash-map
order): most frequent pair first, ties broken by the pair's strings.

Writes, under Tests/TokenizersTests/Fixtures/clip/:

    corpus_extra.json           CLIP-relevant lines added to the shared corpus.json (captions, apostrophes,
                                digits, special tokens written in text, mixed case, long captions)
    clip/                       CLIPTokenizer: transformers 5 rebuilds its pipeline from vocab + merges
    clip_file_pipeline/         the same tokenizer.json as a generic fast tokenizer (its own components:
                                Split, ByteLevel without regex, RobertaProcessing, ByteLevel decoder)
    gpt2/                       GPT-2 style: ByteLevel with prefix space and regex, pair merges,
                                ignore_merges, no unknown token, ByteLevel post-processor
    subword/                    BPE with "##" continuing pieces, fused unknown tokens, Replace/Split
                                regexes (with (?i)), a String Split pattern, TemplateProcessing
    <name>/expected.json        AutoTokenizer's tokens, ids, decodes and batches on corpus.json +
                                corpus_extra.json (the format of make_tokenizer_fixtures.py)
    regex_cases.json            Oniguruma matches (through Split and Replace) of many patterns on many texts
    split_cases.json            the Split pre-tokenizer: String/Regex patterns x every behavior x invert
    bytelevel_cases.json        the ByteLevel pre-tokenizer with each option

With --unicode-tables it instead regenerates Sources/Tokenizers/RegexUnicodeTables.swift: the Unicode
classes of regular expressions (\\p{L}, \\p{N}, \\s, \\w, …) as the Oniguruma inside `tokenizers` defines
them, found by probing it with every code point.

    /tmp/ref/bin/python Scripts/reference/make_clip_tokenizer_fixtures.py
    /tmp/ref/bin/python Scripts/reference/make_clip_tokenizer_fixtures.py --unicode-tables

Requirements: transformers 5.x and tokenizers 0.23.x (the venv /tmp/ref). Works offline; deterministic.
"""

import argparse
import heapq
import json
import os
import sys
from collections import Counter, defaultdict
from pathlib import Path

os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
sys.path.insert(0, str(Path(__file__).resolve().parent))

import tokenizers  # noqa: E402
import transformers  # noqa: E402
from tokenizers import AddedToken, Regex, Tokenizer, decoders, models, normalizers, pre_tokenizers, processors  # noqa: E402
from transformers import AutoTokenizer, CLIPTokenizer  # noqa: E402

from corpus import MINILM_SENTENCES, TOKENIZER_CORPUS  # noqa: E402
from make_tokenizer_fixtures import (  # noqa: E402
    batch_cases, code_points, corpus, ranges, record_corpus, training_text, write_json,
)

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "Tests" / "TokenizersTests" / "Fixtures"
OUT = FIXTURES / "clip"
REGEX_TABLES = ROOT / "Sources" / "Tokenizers" / "RegexUnicodeTables.swift"

BOS, EOS = "<|startoftext|>", "<|endoftext|>"
CLIP_PATTERN = r"""<\|startoftext\|>|<\|endoftext\|>|'s|'t|'re|'ve|'m|'ll|'d|[\p{L}]+|[\p{N}]|[^\s\p{L}\p{N}]+"""
GPT2_PATTERN = r"""'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+"""

# --------------------------------------------------------------------------------------------------
# CLIP-relevant lines, appended to the shared corpus
# --------------------------------------------------------------------------------------------------

CAPTION_SUBJECTS = ["cat", "dog", "bird", "horse", "car", "city street", "mountain lake", "red apple",
                    "bowl of soup", "group of people", "man riding a bike", "woman holding an umbrella"]
CAPTION_TEMPLATES = ["a photo of a {}", "a blurry photo of a {}.", "A close-up photo of the {}",
                     "an illustration of a {} in the style of Van Gogh", "a black and white photo of the {}."]

EXTRA_LINES = [
    "a photo of a cat",
    "a photo of a dog",
    "A PHOTO OF A CAT",
    "A Photo Of A Cat",
    "a photo of a cat.",
    "a photo of 2 cats",
    "a photo of 12 cats and 345 dogs",
    "The cat's toy isn't here; they're sure we've lost it, I'm told you'll find it, he'd say.",
    "the cat's", "it's", "don't", "we're", "you've", "i'm", "we'll", "she'd",
    "IT'S DON'T WE'RE YOU'VE I'M WE'LL SHE'D",
    "'s 't 're 've 'm 'll 'd",
    "'S 'T 'RE 'VE 'M 'LL 'D",
    "''quoted'' and 'single' and '''triple'''",
    "rock'n'roll", "o'clock", "y'all", "'90s",
    "’s curly apostrophe’s don’t",
    "1", "12", "123", "2024", "3.14159", "1,000,000", "0.5x", "x2", "v1.2.3", "100%", "$5", "#1",
    "<|startoftext|>",
    "<|endoftext|>",
    "<|startoftext|>a photo of a cat<|endoftext|>",
    "<|startoftext|> a photo of a cat <|endoftext|>",
    "before<|endoftext|>after",
    "before <|startoftext|> after",
    "<|STARTOFTEXT|> upper-case start",
    "<|ENDOFTEXT|> upper-case end",
    "<|StartOfText|>Mixed<|EndOfText|>",
    "<| startoftext |> with spaces",
    "<|startoftext|><|startoftext|><|endoftext|><|endoftext|>",
    "<|startoftext",
    "startoftext|>",
    "<|endoftext|>trailing text <|endoftext|>",
    "<|",
    "|>",
    "<|>",
    "<|unknown|>",
    "</w>",
    "word</w>",
    "a </w> b",
    "MiXeD CaSe CaPtIoN",
    "CamelCaseWordsLikeThis and snake_case_words",
    "HTTPServerError XMLHttpRequest",
    "   leading and trailing   ",
    "tabs\tand\nnewlines\r\nand\u000bvertical\u000cfeed",
    "non\u00a0breaking\u2009thin\u3000ideographic",
    "\u0085next line and \u2028line separator",
    "many      spaces      between      words",
    "\t \n \r",
    "a\u0301 combining acute (NFC makes á)",
    "e\u0301\u0301 double combining",
    "Å vs A\u030a",
    "\u212b angstrom sign",
    "ﬁ ligature stays (NFC)",
    "Ｆｕｌｌｗｉｄｔｈ stays (NFC)",
    "İstanbul",
    "ΣΊΣΥΦΟΣ",
    "straße STRASSE",
    "Ǆemal ǅemal ǆemal",
    "😀 emoji",
    "👨‍👩‍👧 family",
    "🇯🇵 flag",
    "中文字符",
    "日本語のテキスト",
    "한국어 텍스트",
    "Привет мир",
    "مرحبا بالعالم",
    "עברית",
    "हिन्दी",
    "ไทย",
    "Zürich café naïve résumé",
    "²³ superscripts ½ fractions ⅓",
    "١٢٣ arabic-indic digits",
    "Ⅻ roman numeral",
    "!!!???...", "...", "…", "---", "@#$%^&*()", "a-b_c.d/e\\f",
    "<html><body>text</body></html>",
    "https://example.com/path?x=1&y=two",
    "user@example.com",
    "a" * 80,
    "ab" * 60,
    "supercalifragilisticexpialidocious antidisestablishmentarianism",
    "Llanfairpwllgwyngyllgogerychwyrndrobwllllantysiliogogogoch",
    " ".join(["word"] * 100),
    " ".join(f"caption {i}" for i in range(60)),
    "a photo of a " + "very " * 90 + "long cat",
    "",
    " ",
]


def extra_lines():
    lines = list(EXTRA_LINES)
    for template in CAPTION_TEMPLATES:
        for subject in CAPTION_SUBJECTS:
            lines.append(template.format(subject))
    return lines


# --------------------------------------------------------------------------------------------------
# A deterministic BPE trainer
# --------------------------------------------------------------------------------------------------

def byte_alphabet():
    """GPT-2's byte characters, in its table's order (printable Latin-1 first, then the rest)."""
    bs = list(range(ord("!"), ord("~") + 1)) + list(range(ord("¡"), ord("¬") + 1)) + list(range(ord("®"), ord("ÿ") + 1))
    cs = bs[:]
    n = 0
    for b in range(256):
        if b not in bs:
            bs.append(b)
            cs.append(256 + n)
            n += 1
    return [chr(c) for c in cs]


def train_bpe(word_counts, num_merges, prefix="", suffix="", min_frequency=2):
    """Byte-pair merges for `word_counts` ({word: count}): repeatedly merge the most frequent adjacent pair,
    breaking ties by the pair's strings. A word starts as its characters, the later ones with `prefix` and
    the last one with `suffix`; merging a and b gives a + b without b's prefix."""
    words = []
    for word, count in sorted(word_counts.items()):
        symbols = [word[0]] + [prefix + ch for ch in word[1:]]
        symbols[-1] += suffix
        words.append([symbols, count])
    pair_counts = Counter()
    where = defaultdict(set)
    for index, (symbols, count) in enumerate(words):
        for pair in zip(symbols, symbols[1:]):
            pair_counts[pair] += count
            where[pair].add(index)
    heap = [(-count, pair) for pair, count in pair_counts.items()]
    heapq.heapify(heap)
    merges = []
    while heap and len(merges) < num_merges:
        negative, pair = heapq.heappop(heap)
        if pair_counts.get(pair, 0) != -negative:
            continue  # stale entry
        if -negative < min_frequency:
            break
        a, b = pair
        merged = a + (b[len(prefix):] if prefix and b.startswith(prefix) else b)
        merges.append(pair)
        touched = Counter()
        for index in sorted(where.pop(pair, set())):
            symbols, count = words[index]
            for old in zip(symbols, symbols[1:]):
                pair_counts[old] -= count
                touched[old] += 0
            out = []
            i = 0
            while i < len(symbols):
                if i + 1 < len(symbols) and symbols[i] == a and symbols[i + 1] == b:
                    out.append(merged)
                    i += 2
                else:
                    out.append(symbols[i])
                    i += 1
            words[index][0] = out
            for new in zip(out, out[1:]):
                pair_counts[new] += count
                where[new].add(index)
                touched[new] += 0
        pair_counts.pop(pair, None)
        for changed in touched:
            count = pair_counts.get(changed, 0)
            if count <= 0:
                pair_counts.pop(changed, None)
            else:
                heapq.heappush(heap, (-count, changed))
    return merges


def merged_token(pair, prefix=""):
    a, b = pair
    return a + (b[len(prefix):] if prefix and b.startswith(prefix) else b)


def word_counts(tok, lines):
    """Counts of the words the normalizer and pre-tokenizer of `tok` make of `lines`."""
    counts = Counter()
    for line in lines:
        text = tok.normalizer.normalize_str(line) if tok.normalizer is not None else line
        for word, _ in tok.pre_tokenizer.pre_tokenize_str(text):
            counts[word] += 1
    return counts


def train_lines():
    lines = corpus() + extra_lines()
    return training_text(lines) + TOKENIZER_CORPUS + MINILM_SENTENCES + extra_lines() * 3


# --------------------------------------------------------------------------------------------------
# The tokenizers
# --------------------------------------------------------------------------------------------------

def clip_pipeline(tok, use_regex):
    tok.normalizer = normalizers.Sequence([normalizers.NFC(), normalizers.Replace(Regex(r"\s+"), " "),
                                           normalizers.Lowercase()])
    tok.pre_tokenizer = pre_tokenizers.Sequence([
        pre_tokenizers.Split(Regex(CLIP_PATTERN), behavior="removed", invert=True),
        pre_tokenizers.ByteLevel(add_prefix_space=False, trim_offsets=True, use_regex=use_regex),
    ])
    return tok


def build_clip(text):
    """A CLIP tokenizer.json as openai/clip-vit-base-patch32 ships it: vocab = the 256 byte characters, the
    same with "</w>", the merge results in merge order, then <|startoftext|> and <|endoftext|>."""
    scratch = clip_pipeline(Tokenizer(models.BPE()), use_regex=False)
    merges = train_bpe(word_counts(scratch, text), num_merges=2600, suffix="</w>")
    alphabet = byte_alphabet()
    vocab = {}
    for token in alphabet + [c + "</w>" for c in alphabet] + [merged_token(m) for m in merges] + [BOS, EOS]:
        vocab.setdefault(token, len(vocab))
    tok = clip_pipeline(Tokenizer(models.BPE(vocab=vocab, merges=merges, unk_token=EOS, continuing_subword_prefix="",
                                             end_of_word_suffix="</w>", fuse_unk=False, dropout=None)),
                        use_regex=False)
    tok.add_special_tokens([AddedToken(BOS, normalized=True, special=True),
                            AddedToken(EOS, normalized=False, special=True)])
    tok.post_processor = processors.RobertaProcessing((EOS, vocab[EOS]), (BOS, vocab[BOS]), trim_offsets=False,
                                                      add_prefix_space=False)
    tok.decoder = decoders.ByteLevel()
    doc = json.loads(tok.to_str())
    # The real file: merges as "a b" strings, model keys in the order the old converter wrote them.
    model = doc["model"]
    doc["model"] = {"type": "BPE", "dropout": None, "unk_token": EOS, "continuing_subword_prefix": "",
                    "end_of_word_suffix": "</w>", "fuse_unk": False, "byte_fallback": False,
                    "vocab": model["vocab"], "merges": [f"{a} {b}" for a, b in merges]}
    return doc


def clip_config(**overrides):
    """tokenizer_config.json as recent CLIP checkpoints have it."""
    config = {
        "add_prefix_space": False,
        "added_tokens_decoder": None,  # filled in by the caller with the real ids
        "bos_token": BOS,
        "clean_up_tokenization_spaces": True,
        "do_lower_case": True,
        "eos_token": EOS,
        "errors": "replace",
        "model_max_length": 77,
        "pad_token": EOS,
        "tokenizer_class": "CLIPTokenizer",
        "unk_token": EOS,
    }
    config.update(overrides)
    return config


def added_tokens_decoder(doc):
    ids = doc["model"]["vocab"]
    entry = lambda content, normalized: {"content": content, "lstrip": False, "normalized": normalized,  # noqa: E731
                                         "rstrip": False, "single_word": False, "special": True}
    return {str(ids[BOS]): entry(BOS, True), str(ids[EOS]): entry(EOS, False)}


def build_gpt2(text):
    """GPT-2 style: no normalizer, ByteLevel(add_prefix_space, use_regex), BPE without suffix or unknown token,
    merges as pairs, ignore_merges, and two vocabulary words no merge reaches."""
    scratch = Tokenizer(models.BPE())
    scratch.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=True, use_regex=True)
    merges = train_bpe(word_counts(scratch, text), num_merges=1800)
    vocab = {}
    for token in byte_alphabet() + [merged_token(m) for m in merges] + ["ĠVectorbook", "Ġunreachable", EOS]:
        vocab.setdefault(token, len(vocab))
    tok = Tokenizer(models.BPE(vocab=vocab, merges=merges, ignore_merges=True))
    tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=True, trim_offsets=True, use_regex=True)
    tok.post_processor = processors.ByteLevel(trim_offsets=True)
    tok.decoder = decoders.ByteLevel()
    tok.add_special_tokens([AddedToken(EOS, normalized=False, special=True)])
    return json.loads(tok.to_str())


def subword_pipeline(tok):
    tok.normalizer = normalizers.Sequence([
        normalizers.NFKC(), normalizers.Replace(Regex(r"\d+"), "0"),
        normalizers.Replace(Regex(r"(?i)colou?r"), "color"), normalizers.Lowercase(),
    ])
    tok.pre_tokenizer = pre_tokenizers.Sequence([
        pre_tokenizers.WhitespaceSplit(),
        pre_tokenizers.Split(Regex(r"[.,!?;:]+"), behavior="isolated"),
        pre_tokenizers.Split("'", behavior="merged_with_next"),
        pre_tokenizers.Split(Regex(r"\p{Lo}"), behavior="isolated"),
    ])
    return tok


def build_subword(text):
    """BPE with "##" continuing pieces, an unknown token that fuses, and regex Replace/Split steps."""
    scratch = subword_pipeline(Tokenizer(models.BPE()))
    counts = word_counts(scratch, text)
    chars = Counter()
    for word, count in counts.items():
        for i, ch in enumerate(word):
            chars[("##" if i else "") + ch] += count
    alphabet = sorted(symbol for symbol, count in chars.items() if count >= 3)
    known = set(alphabet)
    # Train on words made of known symbols only (the others tokenize to [UNK] pieces anyway).
    trainable = {w: c for w, c in counts.items()
                 if all((("##" if i else "") + ch) in known for i, ch in enumerate(w))}
    merges = train_bpe(trainable, num_merges=1200, prefix="##")
    specials = ["[UNK]", "<s>", "</s>", "<pad>"]
    vocab = {}
    for token in specials + alphabet + [merged_token(m, "##") for m in merges]:
        vocab.setdefault(token, len(vocab))
    tok = subword_pipeline(Tokenizer(models.BPE(vocab=vocab, merges=merges, unk_token="[UNK]",
                                                continuing_subword_prefix="##", fuse_unk=True)))
    tok.post_processor = processors.TemplateProcessing(
        single="<s> $A </s>", pair="<s> $A </s> $B:1 </s>:1",
        special_tokens=[("<s>", vocab["<s>"]), ("</s>", vocab["</s>"])])
    tok.decoder = decoders.WordPiece(prefix="##", cleanup=True)
    tok.add_special_tokens(specials)
    return json.loads(tok.to_str())


def save(name, doc, config, special_map=None):
    folder = OUT / name
    folder.mkdir(parents=True, exist_ok=True)
    for stale in folder.iterdir():
        stale.unlink()
    write_json(folder / "tokenizer.json", doc)
    write_json(folder / "tokenizer_config.json", config)
    if special_map is not None:
        write_json(folder / "special_tokens_map.json", special_map)
    return folder


# --------------------------------------------------------------------------------------------------
# Recording
# --------------------------------------------------------------------------------------------------

def clip_batches(tok, lines):
    captions = [template.format(subject) for template in CAPTION_TEMPLATES[:2] for subject in CAPTION_SUBJECTS[:4]]
    long = [" ".join(["word"] * 100), "a photo of a " + "very " * 90 + "long cat", "short", ""]
    specials = ["<|startoftext|>a cat<|endoftext|>", "<|STARTOFTEXT|> cat", "x<|endoftext|>y"]
    case = lambda name, texts, pairs=None, **kw: batch_case(tok, name, texts, pairs, **kw)  # noqa: E731
    return [
        case("CLIP: captions padded to max_length (77) and truncated", captions, padding="max_length",
             truncation=True),
        case("CLIP: long texts padded to max_length (77) and truncated", long, padding="max_length", truncation=True),
        case("CLIP: long texts truncated to model_max_length", long, truncation=True),
        case("CLIP: explicit max_length 77", long, padding="max_length", truncation=True, max_length=77),
        case("CLIP: padding longest", captions[:3] + [""], padding=True),
        case("CLIP: special tokens written in text", specials, padding="max_length", truncation=True),
        case("CLIP: without special tokens, max_length", long, padding="max_length", truncation=True,
             add_special_tokens=False),
        case("CLIP: pairs", captions[:3], long[2:] + ["a dog"]),
        case("CLIP: pairs padded and truncated to 12", captions[:3], long[:3], padding="max_length",
             truncation=True, max_length=12),
        case("CLIP: corpus lines padded to 77", lines[:24], padding="max_length", truncation=True),
    ]


def batch_case(tok, name, texts, pairs=None, **kwargs):
    enc = tok(texts, pairs, return_token_type_ids=True, return_attention_mask=True, **kwargs)
    return {
        "name": name, "texts": texts, "pairs": pairs, "options": dict(kwargs),
        "input_ids": enc["input_ids"], "attention_mask": enc["attention_mask"],
        "token_type_ids": enc["token_type_ids"], "tokens": [enc.tokens(i) for i in range(len(texts))],
    }


def decode_cases(tok):
    """Decoding of id lists that encoding never produces: broken UTF-8, lone suffixes, special tokens."""
    vocab = tok.get_vocab()
    pick = lambda *tokens: [vocab[t] for t in tokens if t in vocab]  # noqa: E731
    byte = byte_alphabet()
    raw = lambda *bytes_: [vocab[byte[b]] for b in bytes_ if byte[b] in vocab]  # noqa: E731
    size = tok.vocab_size
    lists = [
        [],
        pick(BOS, EOS),
        pick(BOS, "a</w>", "photo</w>", EOS, EOS, EOS),
        pick(EOS, "a</w>", BOS),
        pick("a", "b", "c"),
        pick("a</w>", "b</w>", "c</w>"),
        pick("Ġa", "Ġb", "c", "."),
        raw(0xE4, 0xB8),                 # a truncated 3-byte sequence
        raw(0xE4, 0xB8, 0xAD, 0xE4),     # 中 then a lone lead byte
        raw(0xF0, 0x9F, 0x98, 0x41),     # a truncated 4-byte sequence then "A"
        raw(0xC0, 0xAF, 0x41),           # an overlong encoding
        raw(0xED, 0xA0, 0x80, 0x42),     # a UTF-16 surrogate
        raw(0xF4, 0x90, 0x80, 0x80),     # beyond U+10FFFF
        raw(0x80, 0x80, 0x41, 0xFF),     # stray continuation bytes and 0xFF
        raw(0x20, 0x20, 0x41, 0x09, 0x0A, 0x20),  # whitespace to strip
        raw(0x0B, 0x1C, 0x41, 0x1F, 0x85),  # Python whitespace that is not ASCII space
        raw(0xC2, 0x85, 0x41, 0xC2, 0xA0),  # U+0085 and U+00A0 around a letter
        list(range(0, 40)),
        list(range(size - 40, size)),
        [size + 1000, 5, 10**7],
    ]
    return [{"ids": ids, "decoded": tok.decode(ids), "decoded_skip": tok.decode(ids, skip_special_tokens=True)}
            for ids in lists]


def record(tok, lines, clip_batch_cases):
    return {
        "transformers": transformers.__version__,
        "tokenizers": tokenizers.__version__,
        "class": type(tok).__name__,
        "model_max_length": tok.model_max_length if tok.model_max_length < 10**18 else None,
        "padding_side": tok.padding_side,
        "vocab_size": tok.vocab_size,
        "special": {k: getattr(tok, k) for k in ["pad_token", "unk_token", "cls_token", "sep_token", "mask_token"]},
        "special_ids": {k: getattr(tok, k) for k in ["pad_token_id", "unk_token_id", "cls_token_id",
                                                     "sep_token_id", "mask_token_id"]},
        "bos_eos": {"bos_token": tok.bos_token, "eos_token": tok.eos_token,
                    "bos_token_id": tok.bos_token_id, "eos_token_id": tok.eos_token_id},
        "corpus": record_corpus(tok, lines),
        "batches": batch_cases(tok, lines) + (clip_batches(tok, lines) if clip_batch_cases else []),
        "decodes": decode_cases(tok),
    }


# --------------------------------------------------------------------------------------------------
# Component cases
# --------------------------------------------------------------------------------------------------

REGEX_PATTERNS = [
    CLIP_PATTERN, GPT2_PATTERN, r"\s+", r"\s+(?!\S)", r"\s*[\r\n]+", r"\p{L}+", r"[\p{L}]+|[\p{N}]", r"\p{N}{1,3}",
    r"[^\s\p{L}\p{N}]+", r"[^\r\n\p{L}\p{N}]?\p{L}+", r"(?i:'s|'t|'re|'ve|'m|'ll|'d)", r"(?i)street|k",
    r"[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+", r"\p{M}+", r"\p{P}+", r"\p{S}", r"\p{Z}",
    r"\w+", r"\W+", r"[\w]+", r"[\W]+", r"\bx", r"\b.", r"\B.", r"\d+", r"\D", r"\h+", r"[a-z]+", r"[^a-z ]+", r"[[a-c][x-z]]+", r"[-.]", r"[\]\[]",
    r"a*?b", r"a+?", r"(?:ab)+", r"(?:ab|a)(?:bc|c)", r"x{2,3}", r"x{2}", r"x{,2}y", r"x{2,}", r"o{1,2}?",
    r"\bcat\b", r"\Bat", r"^\w+", r"\w+$", r"\Aa", r"t\z", r"(?=a)\w", r"(?!a)\w+", r"(?>a+)b", r"a++", r"a?+a",
    r"\x41|\x{e9}|\u00e9", r"\t|\n", r".", r"(?m:.)", r"a|", r"x*", r"(?i)[a-c]+", r"ab(?i)c|de",
    r"(?<word>\p{L}+)'", r"(?#comment)z", r"\.\*\+\?\(\)\|\{\}", r"[\s\S]", r"\S+",
]

REGEX_TEXTS = [
    "a photo of a cat", "The cat's toy isn't here; they're sure.", "I'M YOU'LL HE'D", "aaab ab abab abc",
    "xx xxx xxxx y xy xxy", "  leading and trailing  ", "tabs\tand\nnewlines\r\n\r\nend",
    "Street STREET ſtreet K \u212a", "²³¹¼½¾ a_1",
    "Zürich café naïve e\u0301", "中文字符 日本語 한국어", "2024-01-15 3.14159 ١٢٣ ²³ ½ Ⅻ", "😀 👨‍👩‍👧 🇯🇵",
    "<|startoftext|>a<|endoftext|>", "!!!???... @#$%^&*() [x] {y} a.*b", "CamelCaseWords HTTPServer",
    "boom foo book", "\u00a0\u2009\u3000\u0085\u2028", "", "a", "ab\nc\n",
]


def regex_cases():
    cases = []
    for pattern in REGEX_PATTERNS:
        matcher = pre_tokenizers.Split(Regex(pattern), behavior="removed", invert=True)
        replacer = normalizers.Replace(Regex(pattern), "‖")
        for text in REGEX_TEXTS:
            cases.append({"pattern": pattern, "text": text,
                          "matches": [list(offsets) for _, offsets in matcher.pre_tokenize_str(text)],
                          "replaced": replacer.normalize_str(text)})
    return cases


def split_cases():
    patterns = [("String", " "), ("String", "ab"), ("String", "--"), ("Regex", r"\s+"), ("Regex", r"[aeiou]"),
                ("Regex", r"\p{N}+"), ("Regex", r"x*")]
    texts = ["How are you doing?", "ab cab abab  b", "a--b----c--", "  spaces  ", "12 apples and 345 pears",
             "aeiou", "xx-x-", "", "no match here"]
    cases = []
    for kind, pattern in patterns:
        for behavior in ["removed", "isolated", "merged_with_previous", "merged_with_next", "contiguous"]:
            for invert in [False, True]:
                split = pre_tokenizers.Split(Regex(pattern) if kind == "Regex" else pattern, behavior=behavior,
                                             invert=invert)
                node = json.loads(pre_tokenizer_json(split))
                for text in texts:
                    cases.append({"pre_tokenizer": node, "text": text,
                                  "pieces": [piece for piece, _ in split.pre_tokenize_str(text)]})
    return cases


def pre_tokenizer_json(pre_tokenizer):
    tok = Tokenizer(models.BPE())
    tok.pre_tokenizer = pre_tokenizer
    return json.dumps(json.loads(tok.to_str())["pre_tokenizer"])


def bytelevel_cases():
    texts = ["Hello world", " Hello  world ", "a\tb\nc", "  ", "naïve café", "中文 😀", "it's 2024!!", "", "x"]
    cases = []
    for prefix in [False, True]:
        for use_regex in [False, True]:
            byte_level = pre_tokenizers.ByteLevel(add_prefix_space=prefix, use_regex=use_regex)
            node = json.loads(pre_tokenizer_json(byte_level))
            for text in texts:
                cases.append({"pre_tokenizer": node, "text": text,
                              "pieces": [piece for piece, _ in byte_level.pre_tokenize_str(text)]})
    # A Split before ByteLevel: every piece gets its own prefix space.
    sequence = pre_tokenizers.Sequence([pre_tokenizers.WhitespaceSplit(), pre_tokenizers.ByteLevel(add_prefix_space=True)])
    node = json.loads(pre_tokenizer_json(sequence))
    for text in texts:
        cases.append({"pre_tokenizer": node, "text": text,
                      "pieces": [piece for piece, _ in sequence.pre_tokenize_str(text)]})
    return cases


# --------------------------------------------------------------------------------------------------
# Oniguruma's Unicode classes, as `tokenizers` applies them (--unicode-tables)
# --------------------------------------------------------------------------------------------------

# Class name in the Swift table → the Oniguruma class that defines it.
REGEX_CLASSES = [
    ("L", r"\p{L}"), ("Lu", r"\p{Lu}"), ("Ll", r"\p{Ll}"), ("Lt", r"\p{Lt}"), ("Lm", r"\p{Lm}"), ("Lo", r"\p{Lo}"),
    ("M", r"\p{M}"), ("Mn", r"\p{Mn}"), ("Mc", r"\p{Mc}"), ("Me", r"\p{Me}"),
    ("N", r"\p{N}"), ("Nd", r"\p{Nd}"), ("Nl", r"\p{Nl}"), ("No", r"\p{No}"),
    ("P", r"\p{P}"), ("S", r"\p{S}"), ("Z", r"\p{Z}"),
    ("space", r"\s"), ("word", r"\w"), ("digit", r"\d"),
]


def regex_class_members(cls):
    """The code points the `tokenizers` regex class `cls` matches inside brackets (`[\\w]`): a Replace
    normalizer deletes every other code point from strings holding all of them."""
    keep_only = normalizers.Replace(Regex("[^" + cls + "]"), "")
    everything = list(code_points())
    members = []
    for start in range(0, len(everything), 65536):
        chunk = "".join(chr(cp) for cp in everything[start:start + 65536])
        members.extend(ord(ch) for ch in keep_only.normalize_str(chunk))
    return members


def bare_regex_class_members(cls):
    """The code points the class `cls` matches on its own (`\\w`): those a Replace normalizer deletes.
    Oniguruma's bare `\\w` also takes ² ³ ¹ ¼ ½ ¾, which `[\\w]` does not."""
    delete = normalizers.Replace(Regex(cls), "")
    everything = list(code_points())
    members = []
    for start in range(0, len(everything), 65536):
        chunk = everything[start:start + 65536]
        rest = delete.normalize_str("".join(chr(cp) for cp in chunk))
        kept = 0
        for cp in chunk:
            if kept < len(rest) and ord(rest[kept]) == cp:
                kept += 1
            else:
                members.append(cp)
    return members


def regex_unicode_tables():
    """Writes Sources/Tokenizers/RegexUnicodeTables.swift: the Unicode classes of the regular expressions
    in tokenizer.json files (`\\p{L}`, `\\p{N}`, `\\s`, …) as the Oniguruma inside `tokenizers` defines them.
    Its Unicode data are newer than Python's and differ from Swift's, so neither can stand in for it."""
    out = [
        "// Generated by Scripts/reference/make_clip_tokenizer_fixtures.py --unicode-tables",
        f"// from tokenizers {tokenizers.__version__} (its Oniguruma), by probing every code point. Do not edit.",
        "",
        "/// The Unicode classes of `tokenizers` regular expressions. Each table is a list of code point",
        "/// ranges, `first-last` or a single code point, in hexadecimal, separated by commas and sorted.",
        "enum RegexUnicodeTables {",
        "    /// Class name (a general category such as \"L\", or \"space\", \"word\", \"digit\") → ranges.",
        "    /// \"X outside brackets\" is class X written on its own where Oniguruma gives it other members.",
        "    static let source: [String: String] = [",
    ]
    tables = []
    for name, cls in REGEX_CLASSES:
        members = regex_class_members(cls)
        tables.append((name, members))
        bare = bare_regex_class_members(cls)
        if bare != members:
            tables.append((name + " outside brackets", bare))
    for name, members in tables:
        parts = [f"{a:X}" if a == b else f"{a:X}-{b:X}" for a, b in ranges(members)]
        lines, line = [], ""
        for part in parts:
            if len(line) + len(part) + 1 > 96:
                lines.append(line)
                line = ""
            line += part + ","
        lines.append(line)
        out.append(f'        "{name}": """')
        out.extend("            " + text for text in lines)
        out.append('            """,')
    out += ["    ]", "}"]
    REGEX_TABLES.write_text("\n".join(out) + "\n", encoding="utf-8")
    print(f"wrote {REGEX_TABLES}")


# --------------------------------------------------------------------------------------------------

def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--unicode-tables", action="store_true", help="regenerate RegexUnicodeTables.swift instead")
    args = parser.parse_args()
    if args.unicode_tables:
        regex_unicode_tables()
        return

    lines = corpus()
    committed = json.loads((FIXTURES / "corpus.json").read_text(encoding="utf-8"))
    assert committed == lines, "corpus.json differs from make_tokenizer_fixtures.corpus(): regenerate it first"
    extra = extra_lines()
    write_json(OUT / "corpus_extra.json", extra)
    everything = lines + extra
    text = train_lines()

    clip = build_clip(text)
    clip_map = {"bos_token": {"content": BOS, "lstrip": False, "normalized": True, "rstrip": False, "single_word": False},
                "eos_token": {"content": EOS, "lstrip": False, "normalized": False, "rstrip": False, "single_word": False},
                "pad_token": EOS,
                "unk_token": {"content": EOS, "lstrip": False, "normalized": False, "rstrip": False, "single_word": False}}
    folders = {
        "clip": save("clip", clip, clip_config(added_tokens_decoder=added_tokens_decoder(clip)), clip_map),
        "clip_file_pipeline": save("clip_file_pipeline", clip, {
            "tokenizer_class": "PreTrainedTokenizerFast", "model_max_length": 77, "bos_token": BOS, "eos_token": EOS,
            "unk_token": EOS, "pad_token": EOS, "clean_up_tokenization_spaces": True}),
        "gpt2": save("gpt2", build_gpt2(text), {
            "tokenizer_class": "PreTrainedTokenizerFast", "model_max_length": 128, "bos_token": EOS,
            "eos_token": EOS, "pad_token": EOS, "clean_up_tokenization_spaces": False}),
        "subword": save("subword", build_subword(text), {
            "tokenizer_class": "PreTrainedTokenizerFast", "model_max_length": 64, "bos_token": "<s>",
            "eos_token": "</s>", "unk_token": "[UNK]", "pad_token": "<pad>", "clean_up_tokenization_spaces": True,
            "clean_up_tokenization_spaces_for_bpe_even_though_it_will_corrupt_output": True}),
    }
    for name, folder in folders.items():
        tok = AutoTokenizer.from_pretrained(str(folder))
        if name == "clip":
            assert isinstance(tok, CLIPTokenizer), type(tok)
        write_json(folder / "expected.json", record(tok, everything, clip_batch_cases=name.startswith("clip")))
        print(f"{name}: {type(tok).__name__}, vocab {tok.vocab_size}")

    write_json(OUT / "regex_cases.json", regex_cases())
    write_json(OUT / "split_cases.json", split_cases())
    write_json(OUT / "bytelevel_cases.json", bytelevel_cases())
    print(f"wrote CLIP fixtures for {len(lines)} + {len(extra)} corpus lines under {OUT}")


if __name__ == "__main__":
    main()
