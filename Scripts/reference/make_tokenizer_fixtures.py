#!/usr/bin/env python3
"""Reference fixtures for the Swift `Tokenizers` target (developers only; CI never runs Python).

Writes, under Tests/TokenizersTests/Fixtures/:

    corpus.json                 the test corpus: a JSON array of strings (empty strings, tabs, control
                                characters and newlines survive), written by hand below
    minilm/expected.json        what transformers' AutoTokenizer gives for the real all-MiniLM-L6-v2
                                tokenizer (the BERT uncased vocab) on every corpus line, plus batches
    tokenizers/<name>/          small self-contained tokenizers trained here with `tokenizers`
    tokenizers/<name>/expected.json   AutoTokenizer's output for them on the whole corpus
    bad/*.json                  tokenizer.json files that must fail to load, with the expected error parts
    unicode_forms.json          per-form code point ranges that `tokenizers` changes with NFD/NFKD/NFC/NFKC

With --unicode-tables it instead regenerates Sources/Tokenizers/UnicodeTables.swift: the character
classes (what BERT's clean_text deletes, BERT punctuation, the marks BertNormalizer and StripAccents
strip, regex \\w, whitespace, numeric) exactly as the installed `tokenizers` library applies them, found
by probing it with every code point. Its Unicode data are older than Swift's, so Swift's own character
properties would disagree on hundreds of code points.

Requirements: transformers 5.x and tokenizers 0.23.x (the venv used here: /tmp/ref/bin/python), and the
all-MiniLM-L6-v2 pack installed by Scripts/install-models. Everything is deterministic: the corpus and
training text are fixed, and the committed small tokenizers are reused unless --retrain is given (the
`tokenizers` trainer breaks frequency ties in hash-map order, so a retrain changes their vocabularies).

    /tmp/ref/bin/python Scripts/reference/make_tokenizer_fixtures.py
    /tmp/ref/bin/python Scripts/reference/make_tokenizer_fixtures.py --retrain
    /tmp/ref/bin/python Scripts/reference/make_tokenizer_fixtures.py --unicode-tables
"""

import argparse
import glob
import json
import os
import random
import shutil
import sys
from pathlib import Path

os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

import tokenizers  # noqa: E402
import transformers  # noqa: E402
from tokenizers import Tokenizer, decoders, models, normalizers, pre_tokenizers, processors, trainers  # noqa: E402
from transformers import AutoTokenizer, BertTokenizerFast  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "Tests" / "TokenizersTests" / "Fixtures"
TABLES = ROOT / "Sources" / "Tokenizers" / "UnicodeTables.swift"
MINILM_ID = "sentence-transformers/all-MiniLM-L6-v2"
SPECIALS = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]

# --------------------------------------------------------------------------------------------------
# The corpus. Hand-written lines first; then a few systematic families (every punctuation run, every
# special token in context, lengths around the truncation limits).
# --------------------------------------------------------------------------------------------------

HAND_WRITTEN = [
    "Multimodal AI",
    "Multimodal AI is revolutionizing how we interact with technology.",
    "Hello, world!",
    "hello world",
    "HELLO WORLD",
    "The quick brown fox jumps over the lazy dog.",
    "",
    " ",
    "   ",
    "\t",
    "\n",
    "\r\n",
    "a",
    "I",
    "x y z",
    "Embeddings map text, images and audio into one vector space.",
    "A cat sits on the mat; a dog sleeps by the door.",
    "What's the cosine similarity between these two vectors?",
    "Don't panic — it's only a tensor of shape [1, 384].",
    "They're here, we've seen it, I'm sure you'll agree, isn't it?",
    "She said: \"Tokenizers split text into sub-word units.\"",
    "'Single quotes' and \"double quotes\" and `backticks`.",
    "Café au lait, naïve façade, Ångström, Zürich, São Paulo, Kraków.",
    "café",
    "CAFÉ",
    "naïve",
    "Ångström",
    "Zürich",
    "résumé vs resume",
    "Crème brûlée à la française.",
    "El niño comió piña en la montaña.",
    "Ça va? Très bien, merci!",
    "Straße, Maße, Fußball, ẞ",
    "Ærøskøbing og Øresund",
    "Dvořák, Janáček, Smetana",
    "İstanbul ve Ankara, ıslak, IŞIK",
    "Turkish dotted İ and dotless ı",
    "ΣΊΣΥΦΟΣ ΟΔΥΣΣΕΥΣ",
    "Ελληνικά: ὁ λόγος, σοφία, ΣΟΦΊΑ",
    "όσος ΟΣΟΣ",
    "Русский язык: Привет, мир!",
    "Ёлка и ёж",
    "中文",
    "我爱自然语言处理。",
    "中文和English混合的句子。",
    "日本語",
    "日本語のテキストとカタカナ、ひらがな。",
    "東京は日本の首都です。",
    "한국어",
    "안녕하세요, 세계!",
    "ภาษาไทยไม่มีช่องว่างระหว่างคำ",
    "हिन्दी भाषा में वाक्य।",
    "नमस्ते दुनिया",
    "العربية: مرحبا بالعالم",
    "עברית: שלום עולם",
    "Tiếng Việt có dấu: Việt Nam",
    "ኢትዮጵያ",
    "𠀀𠀁 are CJK extension B ideographs",
    "㐀㐁 are CJK extension A ideographs",
    "丽 is a CJK compatibility ideograph (U+2F800)",
    "Emoji: 😀 😃 😄 😁",
    "I love 🍕 and 🍣!",
    "👍🏽 thumbs up with skin tone",
    "Family: 👨‍👩‍👧‍👦",
    "Rainbow flag: 🏳️‍🌈",
    "Flags: 🇫🇷 🇯🇵 🇺🇸 🇩🇪",
    "Keycaps: 1️⃣ 2️⃣ #️⃣",
    "Newer emoji: 🥺 🫠 🫶",
    "❤️ vs ❤ vs ♥",
    "!!!...???",
    "!!!",
    "?!?!",
    "...",
    "…",
    "Wait... what?!",
    "---",
    "--help -v --version",
    "(((nested))) [[brackets]] {{braces}}",
    "<html><body>text</body></html>",
    "@user #hashtag $100 %20 ^caret &amp; *star* _under_ ~tilde~ |pipe| \\backslash/",
    "¡Hola! ¿Qué tal?",
    "«guillemets» and „low quotes“",
    "Prices: €12.50, £8, ¥1000, ₹250, ₿0.001",
    "Math: ∑ x² + √y ≤ ∞, α→β, ∀x∃y",
    "Temperature: 25°C or 77°F",
    "© 2024 ® ™ § ¶ † ‡ •",
    "Numbers: 0 1 2 3 4 5 6 7 8 9",
    "3.14159 2.71828 1.41421",
    "1,000,000 and 1.000.000",
    "Call 555-123-4567 or +1 (555) 987-6543.",
    "Dates: 2024-01-15, 15/01/2024, Jan. 15th",
    "Version 2.0.1-beta+build.42",
    "12345678901234567890",
    "Roman: Ⅰ Ⅱ Ⅲ Ⅳ Ⅻ and fractions ½ ¾ ⅓",
    "Superscripts x² y³ and subscripts H₂O",
    "Arabic-Indic digits ٠١٢٣٤٥٦٧٨٩",
    "Devanagari digits ०१२३४५६७८९",
    "https://huggingface.co/sentence-transformers/all-MiniLM-L6-v2",
    "Visit http://example.com/path?query=1&other=two#frag now.",
    "Email me at someone.name+tag@example.co.uk please.",
    "ftp://files.example.org/pub/file.tar.gz",
    "let x = tokenizer(\"hello\", padding: true)",
    "def forward(self, x): return self.linear(x) + 1",
    "for (int i = 0; i < n; i++) { sum += a[i]; }",
    "if a != b && c >= d || !e { print(\"ok\") }",
    "SELECT * FROM users WHERE id = 42;",
    "camelCaseIdentifier snake_case_identifier kebab-case-identifier",
    "x_1, y_2 = np.zeros((3, 4)), torch.ones(2)",
    "{\"key\": [1, 2, 3], \"nested\": {\"a\": null}}",
    "C:\\Users\\name\\Documents\\file.txt",
    "/usr/local/bin/python3 --version",
    "Ｆｕｌｌｗｉｄｔｈ ｌｅｔｔｅｒｓ ａｎｄ ｄｉｇｉｔｓ １２３",
    "ＡＢＣ！？",
    "ｶﾀｶﾅ half-width katakana",
    "Ligatures: ﬁ ﬂ ﬀ ﬃ",
    "Circled: ① ② ③ Ⓐ Ⓑ",
    "e\u0301 (e + combining acute) vs é (precomposed)",
    "n\u0303 and a\u0308 and o\u0302\u0301 stacked",
    "Zalgo: z\u0335\u0321a\u0338\u0322l\u0337g\u0336o\u0334",
    "A\u030a is Å; \u212b is the Angstrom sign",
    "Ohm sign \u2126 vs Omega \u03a9",
    "Kelvin sign \u212a and K",
    "Combining keycap 1\u20e3 and enclosing circle a\u20dd",
    "Null\u0000char inside",
    "Bell\u0007char and backspace\u0008char",
    "Zero\u200bwidth\u200bspace",
    "Zero\u200cwidth\u200dnon-joiner and joiner",
    "Replacement\ufffdcharacter",
    "Soft\u00adhyphen",
    "Byte order mark \ufeff here",
    "Left-to-right\u200emark and right-to-left\u200fmark",
    "Private use \ue000\uf8ff area",
    "Tab\tseparated\tvalues",
    "Line one\nLine two",
    "Windows\r\nline endings\r\n",
    "Form\u000cfeed and vertical\u000btab",
    "Non-breaking\u00a0space and narrow\u202fno-break",
    "Ideographic\u3000space",
    "En\u2002space em\u2003space thin\u2009space hair\u200aspace",
    "Line\u2028separator and paragraph\u2029separator",
    "Next line\u0085control",
    "DEL\u007fcharacter",
    "Escape\u001b[31mred\u001b[0m",
    "multiple     spaces     between",
    "  leading and trailing spaces  ",
    "\t\t tabs and spaces mixed \t",
    "\n\nnewlines\n\n",
    "[CLS]",
    "[SEP]",
    "[MASK]",
    "[PAD]",
    "[UNK]",
    "[CLS] hello [SEP]",
    "The capital of France is [MASK].",
    "[MASK][MASK][MASK]",
    "[cls] lowercase special tokens [mask]",
    "[ CLS ] spaced out",
    "x[MASK]y",
    "[CLS]hello[SEP]world[SEP]",
    "[[MASK]]",
    "[MASK.",
    "Use [SEP] to separate, and [PAD] to pad; [UNK] is unknown.",
    "##hash ##tags look like continuations",
    "##",
    "#",
    "unaffable",
    "unbelievably",
    "tokenization",
    "Tokenizers",
    "transformers",
    "antidisestablishmentarianism",
    "pneumonoultramicroscopicsilicovolcanoconiosis",
    "supercalifragilisticexpialidocious",
    "Llanfairpwllgwyngyllgogerychwyrndrobwllllantysiliogogogoch",
    "a" * 99,
    "b" * 100,
    "c" * 101,
    "word" * 30,
    "x" * 250,
    "é" * 101,
    "hyphen-ated-words-are-split-by-punctuation-rules-here",
    "The year 2023 saw 1,234 papers on CLIP, ViT, BERT and wav2vec2.",
    "GPT-4, Llama-2-7B, all-MiniLM-L6-v2, ViT-B/16",
    "ResNet50 achieves 76.1% top-1 accuracy on ImageNet.",
    "The model outputs a 384-dimensional embedding.",
    "Cosine similarity ranges from -1 to 1.",
    "Audio at 16kHz, 80 mel bins, 25ms windows, 10ms hop.",
    "Images are resized to 224x224 and normalized with mean [0.485, 0.456, 0.406].",
    "Paris is the capital of France.",
    "Berlin is the capital of Germany.",
    "The cat is sleeping on the sofa.",
    "A photo of a dog playing in the snow.",
    "A diagram of a neural network with three layers.",
    "How many legs does a spider have?",
    "Spiders have eight legs.",
    "Is this the right answer?",
    "Yes. No. Maybe.",
    "OK",
    "ok.",
    "U.S.A. and U.K. and e.g. and i.e.",
    "Mr. Smith went to Washington, D.C., on Jan. 5.",
    "It's 5 o'clock somewhere.",
    "rock 'n' roll",
    "the '90s and the 1990's",
    "can't won't shouldn't y'all ma'am",
    "I'd've done it if I'd known.",
    "Hyphenated state-of-the-art long-term well-known",
    "Slash/separated and/or words",
    "under_score and double__underscore",
    "MiXeD CaSe WoRdS",
    "ALLCAPS SENTENCE WITH SHOUTING!!!",
    "lowercase sentence without punctuation",
    "Sentence with trailing space ",
    " Sentence with leading space",
    "Ünïcödé ëvërÿwhërë",
    "Ǆ ǅ ǆ titlecase digraphs",
    "ŉ and ǰ have no single lowercase",
    "ﬀ ligature uppercase: ＦＦ",
    "Ⓗⓔⓛⓛⓞ",
    "𝐁𝐨𝐥𝐝 𝑰𝒕𝒂𝒍𝒊𝒄 math letters",
    "ℌ𝔢𝔩𝔩𝔬 fraktur",
    "Ｈｅｌｌｏ, Ｗｏｒｌｄ!",
    "abc\u0000\u0000def",
    "\u0000",
    "\ufffd",
    "\u200b",
    "\u0007",
    "mix of 中文, English, русский, and العربية in one line",
    "Tokyo (東京) and Seoul (서울) and Beijing (北京)",
    "日本語 text with English words and 数字123",
    "카페 café 咖啡 кафе",
    "Emoji between words: hello🙂world",
    "Emoji after punctuation: done!🎉",
    "🤖🤖🤖",
    "😀😃😄😁😆😅🤣😂🙂🙃😉😊😇",
    "a\u0301\u0301\u0301 many accents",
    "ǅungla",
    "Σ at end: ΟΔΟΣ. σ in middle: ΟΔΟΣΟΣ",
    "Vectorbook runs tokenizers; VECTORBOOK and vectorbook too.",
    "Vectorbooks and preVectorbook",
    "a <sep> b<sep>c   <sep>   d",
    "<sep>",
    "The end.",
]


def systematic_lines():
    """Families of lines that exercise specific rules; fixed order, no randomness."""
    lines = []
    for run in ["!", "?", ".", ",", ";", ":", "-", "'", "\"", "(", ")", "/", "\\", "*", "&", "%", "~"]:
        lines.append(f"word{run}{run}{run}word")
    for token in SPECIALS:
        lines.append(f"before {token} after")
        lines.append(f"{token.lower()} is not special")
        lines.append(f"glued{token}glued")
    for n in (5, 10, 20, 40, 80):
        lines.append(" ".join(["token"] * n))
    words = ["vector", "image", "audio", "caption", "embedding", "similarity", "model", "encoder",
             "patch", "spectrogram", "frame", "pixel", "query", "document", "retrieval", "search"]
    for i in range(40):
        a = words[i % len(words)]
        b = words[(i * 7 + 3) % len(words)]
        c = words[(i * 5 + 1) % len(words)]
        lines.append(f"The {a} and the {b} share a {c} space ({i}).")
    accents = ["à", "é", "î", "õ", "ü", "ç", "ñ", "å", "ø", "ł", "ğ", "ş", "ž", "ő", "ű"]
    for i, accent in enumerate(accents):
        lines.append(f"Word{i} with accent {accent}{accent.upper()} and {accent}bc")
    cjk = ["中", "文", "字", "日", "本", "語", "漢", "字", "東", "京"]
    for i in range(10):
        lines.append("".join(cjk[(i + k) % len(cjk)] for k in range(i + 1)) + f" {i}")
    return lines


def corpus():
    lines = HAND_WRITTEN + systematic_lines()
    assert len(lines) >= 300, len(lines)
    return lines


# --------------------------------------------------------------------------------------------------
# Recording
# --------------------------------------------------------------------------------------------------

def record_corpus(tok, lines):
    rows = []
    for line in lines:
        ids = tok(line)["input_ids"]
        rows.append({
            "tokens": tok.tokenize(line),
            "ids": ids,
            "ids_no_special": tok(line, add_special_tokens=False)["input_ids"],
            "decoded": tok.decode(ids),
            "decoded_skip": tok.decode(ids, skip_special_tokens=True),
        })
    return rows


def batch_case(tok, name, texts, pairs=None, **kwargs):
    enc = tok(texts, pairs, return_token_type_ids=True, return_attention_mask=True, **kwargs)
    options = {k: v for k, v in kwargs.items()}
    return {
        "name": name, "texts": texts, "pairs": pairs, "options": options,
        "input_ids": enc["input_ids"], "attention_mask": enc["attention_mask"],
        "token_type_ids": enc["token_type_ids"],
        "tokens": [enc.tokens(i) for i in range(len(texts))],
    }


def batch_cases(tok, lines):
    short = ["Multimodal AI", "A photo of a cat.", "", "Zürich [MASK] 中文"]
    long = ["The quick brown fox jumps over the lazy dog near the river bank.",
            "tokenization of unaffable words",
            "short"]
    pairs = ["What is it?", "It is a cat sitting on a very comfortable sofa in the sun.", "?", "pair"]
    cases = [
        batch_case(tok, "no padding", short),
        batch_case(tok, "padding longest", short, padding=True),
        batch_case(tok, "padding max_length 12", short, padding="max_length", max_length=12),
        batch_case(tok, "padding max_length 8 with truncation", long, padding="max_length", max_length=8,
                   truncation=True),
        batch_case(tok, "truncation 6", long, truncation=True, max_length=6),
        batch_case(tok, "max_length alone truncates", long, max_length=5),
        batch_case(tok, "truncation to 2 (only special tokens)", long, truncation=True, max_length=2),
        batch_case(tok, "truncation below the special tokens", long, truncation=True, max_length=1),
        batch_case(tok, "pairs", short, pairs),
        batch_case(tok, "pairs padded", short, pairs, padding=True),
        batch_case(tok, "pairs truncated to 9", short, pairs, truncation=True, max_length=9),
        batch_case(tok, "pairs truncated to 7 padded", short, pairs, truncation=True, max_length=7,
                   padding="max_length"),
        batch_case(tok, "pairs truncated to 4", short, pairs, truncation=True, max_length=4),
        batch_case(tok, "pairs truncated to 3 (only special tokens)", short, pairs, truncation=True, max_length=3),
        batch_case(tok, "no special tokens padded", short, add_special_tokens=False, padding=True),
        batch_case(tok, "no special tokens truncated", long, add_special_tokens=False, truncation=True, max_length=3),
        batch_case(tok, "pairs without special tokens", short, pairs, add_special_tokens=False),
        batch_case(tok, "pairs without special tokens truncated", short, pairs, add_special_tokens=False,
                   truncation=True, max_length=5),
        batch_case(tok, "pairs padded to max_length 16", short, pairs, padding="max_length", max_length=16),
        batch_case(tok, "corpus sample padded and truncated", lines[:40], padding=True, truncation=True,
                   max_length=16),
    ]
    if tok.model_max_length < 10**6:
        cases.append(batch_case(tok, "truncation to model_max_length", ["word " * 1000], truncation=True))
        cases.append(batch_case(tok, "padding to model_max_length", ["tiny"], padding="max_length"))
    else:
        cases.append(batch_case(tok, "no limit: truncation is a no-op", ["word " * 50], truncation=True))
        cases.append(batch_case(tok, "no limit: padding to max_length pads nothing", short, padding="max_length"))
    cases.append(batch_case(tok, "untruncated beyond the limit", ["word " * 600]))
    return cases


def decode_cases(tok):
    """Decoding of id lists that encoding never produces."""
    vocab = tok.get_vocab()
    pick = lambda *tokens: [vocab[t] for t in tokens if t in vocab]  # noqa: E731
    lists = [
        [],
        pick("##s", "the", "##s"),
        pick("[CLS]", "[SEP]", "[PAD]", "[PAD]"),
        pick("hello", ",", "world", "!", "?", ".", "'", "s"),
        pick("don", "'", "t", "do", "not", "i", "'", "m"),
        list(range(0, 40)),
        [10**7, 5, 10**7],
    ]
    return [{"ids": ids, "decoded": tok.decode(ids), "decoded_skip": tok.decode(ids, skip_special_tokens=True)}
            for ids in lists]


def record(tok, lines):
    result = {
        "transformers": transformers.__version__,
        "tokenizers": tokenizers.__version__,
        "class": type(tok).__name__,
        "model_max_length": tok.model_max_length if tok.model_max_length < 10**18 else None,
        "padding_side": tok.padding_side,
        "vocab_size": tok.vocab_size,
        "special": {k: getattr(tok, k) for k in ["pad_token", "unk_token", "cls_token", "sep_token", "mask_token"]},
        "special_ids": {k: getattr(tok, k) for k in ["pad_token_id", "unk_token_id", "cls_token_id",
                                                     "sep_token_id", "mask_token_id"]},
        "corpus": record_corpus(tok, lines),
        "batches": batch_cases(tok, lines),
        "decodes": decode_cases(tok),
    }
    return result


def write_json(path, value):
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        json.dump(value, f, ensure_ascii=False, separators=(",", ":"), sort_keys=False)
        f.write("\n")


# --------------------------------------------------------------------------------------------------
# Small tokenizers trained here
# --------------------------------------------------------------------------------------------------

def training_text(lines):
    """Deterministic training text: the corpus's plain lines plus generated sentences."""
    rng = random.Random(20240601)
    syllables = ["ka", "lo", "mi", "ra", "tse", "un", "bel", "ing", "tion", "er", "est", "pre", "con",
                 "Ka", "Lo", "Mé", "Zü", "Å", "ñe", "ço", "ï", "Ø"]
    words = ["vector", "Vector", "image", "Image", "audio", "embedding", "Embedding", "token", "tokens",
             "model", "café", "Café", "naïve", "Zürich", "ångström", "the", "The", "a", "A", "of", "and",
             "is", "in", "to", "with", "for", "on", "photo", "cat", "dog", "world", "hello", "Hello",
             "multi", "modal", "AI", "2024", "42", "3.14", "中", "文", "日本"]
    generated = []
    for _ in range(3000):
        n = rng.randint(3, 12)
        sentence = []
        for _ in range(n):
            if rng.random() < 0.7:
                sentence.append(rng.choice(words))
            else:
                sentence.append("".join(rng.choice(syllables) for _ in range(rng.randint(1, 4))))
        generated.append(" ".join(sentence) + rng.choice([".", "!", "?", ",", ""]))
    return [line for line in lines if line.isprintable()] + generated


def train_wordpiece(normalizer, pre_tokenizer, text, vocab_size=1200):
    """Trains a WordPiece vocabulary, then renumbers it (special tokens first, then sorted) so that the
    result does not depend on the trainer's hash-map order, and builds a fresh tokenizer from it."""
    scratch = Tokenizer(models.WordPiece(unk_token="[UNK]", max_input_chars_per_word=100))
    scratch.normalizer = normalizer
    scratch.pre_tokenizer = pre_tokenizer
    trainer = trainers.WordPieceTrainer(vocab_size=vocab_size, min_frequency=2, special_tokens=SPECIALS,
                                        show_progress=False)
    scratch.train_from_iterator(text, trainer=trainer)
    learned = sorted(token for token in scratch.get_vocab() if token not in SPECIALS)
    vocab = {token: i for i, token in enumerate(SPECIALS + learned)}
    tok = Tokenizer(models.WordPiece(vocab=vocab, unk_token="[UNK]", max_input_chars_per_word=100))
    tok.normalizer = normalizer
    tok.pre_tokenizer = pre_tokenizer
    tok.add_special_tokens(SPECIALS)
    return tok


def bert_template(tok):
    return processors.TemplateProcessing(
        single="[CLS]:0 $A:0 [SEP]:0", pair="[CLS]:0 $A:0 [SEP]:0 $B:1 [SEP]:1",
        special_tokens=[("[CLS]", tok.token_to_id("[CLS]")), ("[SEP]", tok.token_to_id("[SEP]"))])


def trained(name, build, retrain):
    """The committed tokenizer `name`, or a freshly trained one with --retrain (or when it is missing).
    The trainer breaks frequency ties in hash-map order, so retraining changes the vocabulary; reusing
    the committed tokenizer.json keeps the fixtures reproducible."""
    path = FIXTURES / "tokenizers" / name / "tokenizer.json"
    if path.exists() and not retrain:
        return Tokenizer.from_file(str(path))
    return build()


def save_folder(name, tok, config, special_map=None):
    folder = FIXTURES / "tokenizers" / name
    folder.mkdir(parents=True, exist_ok=True)
    for stale in ["tokenizer.json", "vocab.txt", "special_tokens_map.json"]:
        if (folder / stale).exists() and not (tok is not None and stale == "tokenizer.json"):
            (folder / stale).unlink()
    if tok is not None:
        tok.save(str(folder / "tokenizer.json"))
    write_json(folder / "tokenizer_config.json", config)
    if special_map is not None:
        write_json(folder / "special_tokens_map.json", special_map)
    return folder


def small_tokenizers(lines, retrain):
    text = training_text(lines)
    made = {}
    special_map = {"unk_token": "[UNK]", "sep_token": "[SEP]", "pad_token": "[PAD]", "cls_token": "[CLS]",
                   "mask_token": "[MASK]"}

    # (a) cased BERT: no lowercasing, accents kept, CJK not spaced out. transformers 5 rebuilds a
    #     BertTokenizer from tokenizer_config.json, which says the same.
    def build_cased():
        tok = train_wordpiece(
            normalizers.BertNormalizer(clean_text=True, handle_chinese_chars=False, strip_accents=False,
                                       lowercase=False),
            pre_tokenizers.BertPreTokenizer(), text)
        tok.post_processor = bert_template(tok)
        tok.decoder = decoders.WordPiece(prefix="##", cleanup=True)
        return tok
    cased = trained("cased", build_cased, retrain)
    made["cased"] = save_folder("cased", cased, {
        "tokenizer_class": "BertTokenizer", "do_lower_case": False, "strip_accents": False,
        "tokenize_chinese_chars": False, "model_max_length": 32, "unk_token": "[UNK]", "sep_token": "[SEP]",
        "pad_token": "[PAD]", "cls_token": "[CLS]", "mask_token": "[MASK]"}, special_map)

    # (b) lowercase with strip_accents explicitly true, loaded as a generic fast tokenizer (the
    #     tokenizer.json pipeline is used as is): BertProcessing, left padding, right truncation.
    def build_lower():
        tok = train_wordpiece(
            normalizers.BertNormalizer(clean_text=True, handle_chinese_chars=True, strip_accents=True,
                                       lowercase=True),
            pre_tokenizers.BertPreTokenizer(), text)
        tok.post_processor = processors.BertProcessing(("[SEP]", tok.token_to_id("[SEP]")),
                                                       ("[CLS]", tok.token_to_id("[CLS]")))
        tok.decoder = decoders.WordPiece(prefix="##", cleanup=True)
        return tok
    lower = trained("lower_strip", build_lower, retrain)
    made["lower_strip"] = save_folder("lower_strip", lower, {
        "tokenizer_class": "PreTrainedTokenizerFast", "model_max_length": 24, "padding_side": "left",
        "unk_token": "[UNK]", "sep_token": "[SEP]", "pad_token": "[PAD]", "cls_token": "[CLS]",
        "mask_token": "[MASK]"})

    # (c) vocab.txt + tokenizer_config.json + special_tokens_map.json only (no tokenizer.json).
    folder = save_folder("vocab_only", None, {
        "tokenizer_class": "BertTokenizer", "do_lower_case": True, "tokenize_chinese_chars": True,
        "strip_accents": None, "model_max_length": 20}, special_map)
    vocab = sorted(lower.get_vocab().items(), key=lambda item: item[1])
    with open(folder / "vocab.txt", "w", encoding="utf-8") as f:
        for token, _ in vocab:
            f.write(token + "\n")
    made["vocab_only"] = folder

    # (d) a Sequence normalizer (NFD + Lowercase + StripAccents) and the Whitespace pre-tokenizer,
    #     a TemplateProcessing post-processor, a WordPiece decoder without cleanup, transformers'
    #     clean_up_tokenization_spaces on, and a normalized (non-special) added token.
    def build_sequence():
        tok = train_wordpiece(
            normalizers.Sequence([normalizers.NFD(), normalizers.Lowercase(), normalizers.StripAccents()]),
            pre_tokenizers.Whitespace(), text)
        tok.post_processor = bert_template(tok)
        tok.decoder = decoders.WordPiece(prefix="##", cleanup=False)
        tok.add_tokens([tokenizers.AddedToken("Vectorbook", normalized=True)])
        return tok
    seq = trained("sequence", build_sequence, retrain)
    made["sequence"] = save_folder("sequence", seq, {
        "tokenizer_class": "PreTrainedTokenizerFast", "clean_up_tokenization_spaces": True,
        "unk_token": "[UNK]", "sep_token": "[SEP]", "pad_token": "[PAD]", "cls_token": "[CLS]",
        "mask_token": "[MASK]"})

    # (e) more components: NFKC, Replace, Strip, Prepend; WhitespaceSplit + Punctuation + Digits;
    #     no post-processor; no decoder; an added special token that strips spaces around it.
    def build_components():
        tok = train_wordpiece(
            normalizers.Sequence([normalizers.NFKC(), normalizers.Replace("’", "'"), normalizers.Strip(),
                                  normalizers.Lowercase(), normalizers.Prepend("_")]),
            pre_tokenizers.Sequence([pre_tokenizers.WhitespaceSplit(),
                                     pre_tokenizers.Punctuation(behavior="isolated"),
                                     pre_tokenizers.Digits(individual_digits=True)]), text)
        tok.post_processor = None
        tok.decoder = None
        tok.add_special_tokens([tokenizers.AddedToken("<sep>", lstrip=True, rstrip=True, special=True,
                                                       normalized=False)])
        return tok
    comp = trained("components", build_components, retrain)
    made["components"] = save_folder("components", comp, {
        "unk_token": "[UNK]", "pad_token": "[PAD]", "model_max_length": 1000000000000000019884624838656})

    # (f) the cased tokenizer.json again, but tokenizer_config.json asks for lowercasing: transformers 5's
    #     BertTokenizer takes the config's word over tokenizer.json's normalizer.
    made["bert_config_override"] = save_folder("bert_config_override", cased, {
        "tokenizer_class": "BertTokenizer", "do_lower_case": True, "model_max_length": 512,
        "padding_side": "right", "truncation_side": "left"}, special_map)
    return made


# --------------------------------------------------------------------------------------------------
# Bad inputs
# --------------------------------------------------------------------------------------------------

def bad_inputs(lower_folder):
    good = json.loads((lower_folder / "tokenizer.json").read_text(encoding="utf-8"))
    bad = FIXTURES / "bad"
    if bad.exists():
        shutil.rmtree(bad)
    bad.mkdir(parents=True)
    cases = []

    def variant(name, mutate, expect):
        doc = json.loads(json.dumps(good))
        mutate(doc)
        write_json(bad / name, doc)
        cases.append({"file": name, "expect": expect})

    variant("unknown_model.json",
            lambda d: d["model"].update({"type": "Unigram", "vocab": [["[UNK]", 0.0], ["a", -1.0]], "unk_id": 0}),
            ["unsupported model", "\"Unigram\"", "unknown_model.json", "model.type"])
    variant("unknown_normalizer.json",
            lambda d: d.update({"normalizer": {"type": "Sequence", "normalizers": [
                {"type": "NFC"}, {"type": "Precompiled", "precompiled_charsmap": ""}]}}),
            ["unsupported normalizer", "\"Precompiled\"", "unknown_normalizer.json", "normalizer.normalizers[1].type"])
    variant("unknown_pre_tokenizer.json",
            lambda d: d.update({"pre_tokenizer": {"type": "Metaspace", "replacement": "▁"}}),
            ["unsupported pre-tokenizer", "\"Metaspace\"", "unknown_pre_tokenizer.json", "pre_tokenizer.type"])
    variant("unknown_post_processor.json",
            lambda d: d.update({"post_processor": {"type": "Sequence", "processors": [
                {"type": "ByteLevel", "add_prefix_space": False, "trim_offsets": True, "use_regex": True}]}}),
            ["unsupported post-processor", "\"Sequence\"", "unknown_post_processor.json", "post_processor.type"])
    variant("unknown_decoder.json",
            lambda d: d.update({"decoder": {"type": "Metaspace", "replacement": "▁", "prepend_scheme": "always",
                                            "split": True}}),
            ["unsupported decoder", "\"Metaspace\"", "unknown_decoder.json", "decoder.type"])

    def drop_unk(d):
        del d["model"]["vocab"]["[UNK]"]
        d["added_tokens"] = [t for t in d["added_tokens"] if t["content"] != "[UNK]"]
    variant("missing_unk.json", drop_unk, ["\"[UNK]\"", "missing_unk.json", "model.unk_token"])
    variant("missing_model_type.json", lambda d: d["model"].pop("type"),
            ["missing key", "model.type", "missing_model_type.json"])
    variant("bad_vocab_id.json", lambda d: d["model"]["vocab"].update({"hello": "seven"}),
            ["model.vocab.hello", "\"seven\"", "bad_vocab_id.json"])

    with open(bad / "malformed.json", "w", encoding="utf-8") as f:
        f.write('{"version": "1.0", "model": {"type": "WordPiece", "vocab": {"a": 1,}')
    cases.append({"file": "malformed.json", "expect": ["malformed.json", "not valid JSON"]})
    write_json(bad / "cases.json", cases)


# --------------------------------------------------------------------------------------------------
# Unicode
# --------------------------------------------------------------------------------------------------

def code_points():
    return (cp for cp in range(0x110000) if not 0xD800 <= cp <= 0xDFFF)


def ranges(cps):
    out = []
    for cp in cps:
        if out and out[-1][1] == cp - 1:
            out[-1][1] = cp
        else:
            out.append([cp, cp])
    return out


def unicode_forms():
    """Code points each normalization form changes (on its own), as `tokenizers` applies the forms."""
    forms = {"nfd": normalizers.NFD(), "nfkd": normalizers.NFKD(), "nfc": normalizers.NFC(), "nfkc": normalizers.NFKC()}
    result = {}
    for name, form in forms.items():
        changed = [cp for cp in code_points() if form.normalize_str(chr(cp)) != chr(cp)]
        result[name] = ranges(changed)
    result["samples"] = {name: {f"{cp:x}": form.normalize_str(chr(cp)) for cp in
                                [0xC5, 0xE9, 0x212B, 0x1E9B, 0xFB01, 0x2460, 0xFF21, 0xAC00, 0x1D400, 0x3300]}
                         for name, form in forms.items()}
    write_json(FIXTURES / "unicode_forms.json", result)


def unicode_tables():
    """Regenerates Sources/Tokenizers/UnicodeTables.swift by probing `tokenizers` with every code point."""
    clean = normalizers.BertNormalizer(clean_text=True, handle_chinese_chars=False, strip_accents=False,
                                       lowercase=False)
    bert = pre_tokenizers.BertPreTokenizer()
    whitespace = pre_tokenizers.Whitespace()
    digits = pre_tokenizers.Digits(individual_digits=True)
    strip = normalizers.StripAccents()
    bert_strip = normalizers.BertNormalizer(clean_text=False, handle_chinese_chars=False, strip_accents=True,
                                            lowercase=False)
    sets = {"cleanTextRemoved": [], "whitespace": [], "punctuation": [], "combiningMarks": [],
            "nonspacingMarks": [], "wordCharacters": [], "numeric": []}
    for cp in code_points():
        ch = chr(cp)
        if clean.normalize_str(ch) == "":
            sets["cleanTextRemoved"].append(cp)
        pieces = len(bert.pre_tokenize_str("a" + ch + "a"))
        if pieces == 2:
            sets["whitespace"].append(cp)
        elif pieces == 3:
            sets["punctuation"].append(cp)
        if strip.normalize_str(ch) == "":
            sets["combiningMarks"].append(cp)
        if bert_strip.normalize_str(ch) == "":
            sets["nonspacingMarks"].append(cp)
        if len(whitespace.pre_tokenize_str("a" + ch + "a")) == 1:
            sets["wordCharacters"].append(cp)
        if len(digits.pre_tokenize_str("a" + ch + "a")) == 3:
            sets["numeric"].append(cp)
    docs = {
        "cleanTextRemoved": "Scalars BertNormalizer's clean_text deletes (NUL, U+FFFD and the crate's \"other\" categories).",
        "whitespace": "Rust `char::is_whitespace`.",
        "punctuation": "BERT punctuation (ASCII symbols and the crate's P* categories).",
        "combiningMarks": "What the StripAccents normalizer removes: combining marks (Mn, Mc and Me).",
        "nonspacingMarks": "What BertNormalizer's strip_accents removes after NFD: nonspacing marks (Mn).",
        "wordCharacters": "The Rust `regex` class `\\\\w`.",
        "numeric": "Rust `char::is_numeric`.",
    }
    out = [
        "// Generated by Scripts/reference/make_tokenizer_fixtures.py --unicode-tables",
        f"// from tokenizers {tokenizers.__version__}, by probing it with every code point. Do not edit.",
        "",
        "/// Character classes exactly as the `tokenizers` library applies them: closed ranges, flattened",
        "/// as [first, last, first, last, …] and sorted.",
        "enum UnicodeTables {",
    ]
    for name, cps in sets.items():
        rs = ranges(cps)
        out.append(f"    /// {docs[name]}")
        out.append(f"    static let {name}: [UInt32] = [")
        flat = [f"0x{v:X}" for r in rs for v in r]
        for i in range(0, len(flat), 10):
            out.append("        " + ", ".join(flat[i:i + 10]) + ",")
        out.append("    ]")
    out.append("}")
    TABLES.write_text("\n".join(out) + "\n", encoding="utf-8")
    print(f"wrote {TABLES}")


# --------------------------------------------------------------------------------------------------

def minilm_folder():
    from huggingface_hub.constants import HF_HUB_CACHE
    hits = sorted(glob.glob(os.path.join(HF_HUB_CACHE, "models--sentence-transformers--all-MiniLM-L6-v2",
                                         "snapshots", "*", "tokenizer.json")))
    if not hits:
        sys.exit(f"{MINILM_ID} is not installed: run Scripts/install-models first")
    return Path(hits[0]).parent


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--unicode-tables", action="store_true", help="regenerate UnicodeTables.swift instead")
    parser.add_argument("--retrain", action="store_true",
                        help="train the small tokenizers again instead of reusing the committed ones")
    args = parser.parse_args()
    if args.unicode_tables:
        unicode_tables()
        return

    lines = corpus()
    write_json(FIXTURES / "corpus.json", lines)

    minilm = AutoTokenizer.from_pretrained(str(minilm_folder()))
    write_json(FIXTURES / "minilm" / "expected.json", record(minilm, lines))

    for name, folder in small_tokenizers(lines, args.retrain).items():
        tok = AutoTokenizer.from_pretrained(str(folder))
        if name == "vocab_only":
            # The vocab through BertTokenizerFast(vocab=…) must agree with AutoTokenizer on the folder
            # (transformers 5 ignores a `vocab_file=` keyword here).
            direct = BertTokenizerFast(vocab=str(folder / "vocab.txt"), do_lower_case=True)
            assert [direct(line)["input_ids"] for line in lines] == [tok(line)["input_ids"] for line in lines]
        write_json(folder / "expected.json", record(tok, lines))

    bad_inputs(FIXTURES / "tokenizers" / "lower_strip")
    unicode_forms()
    print(f"wrote fixtures for {len(lines)} corpus lines under {FIXTURES}")


if __name__ == "__main__":
    main()
