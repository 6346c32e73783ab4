"""A tiny cross-encoder trained on a toy task, for re-ranking tests without downloads.

Toy task: each query word has one answer word. A passage is relevant when it contains
the answer word of the query word. A passage that only repeats the query word itself
is not, so BM25 and the re-ranker disagree in a known way.
"""

from __future__ import annotations

import random
import shutil
import uuid
from pathlib import Path

from tests.conftest import MODEL_CACHE

QUERY_WORDS = ("kivo", "ranta")
ANSWER_WORDS = ("lumo", "sekat")
FILLER_WORDS = (
    *("alfa", "brem", "cotu", "dami", "eslo", "fanu", "gori", "hesa"),
    *("ilmo", "jato", "kebu", "lisa", "mofo", "nare", "opiu", "qeta"),
)
# Words outside the vocabulary (they become [UNK]) so that titles and other text in
# indexed documents do not confuse the model.
UNKNOWN_WORDS = ("tài", "liệu", "số", "một", "hai", "doc", "xyz")
_SPECIAL = ("[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]")
_RECIPE = "tiny-cross-encoder-v2"
_STEPS = 400


def _sample(rng: random.Random) -> tuple[str, str, float]:
    """Return one (query, passage, label) training example."""
    pair = rng.randrange(len(QUERY_WORDS))
    words = rng.sample(FILLER_WORDS, rng.randint(2, 6))
    words += rng.sample(UNKNOWN_WORDS, rng.randint(0, 2))
    kind = rng.random()
    if kind < 0.5:
        inserted, label = ANSWER_WORDS[pair], 1.0
    elif kind < 0.75:
        inserted, label = QUERY_WORDS[pair], 0.0
    else:
        other = rng.choice([i for i in range(len(ANSWER_WORDS)) if i != pair])
        inserted, label = ANSWER_WORDS[other], 0.0
    words.insert(rng.randrange(len(words) + 1), inserted)
    rng.shuffle(words)
    return QUERY_WORDS[pair], " ".join(words), label


def _train(folder: Path) -> None:
    import torch

    # Tiny matrices gain nothing from several threads, and on a busy machine the extra
    # threads slow training down.
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        _train_with_torch(folder)
    finally:
        torch.set_num_threads(threads)


def _train_with_torch(folder: Path) -> None:
    import torch
    from tokenizers import Tokenizer, models, normalizers, pre_tokenizers, processors
    from transformers import BertConfig, BertForSequenceClassification, PreTrainedTokenizerFast

    words = [*_SPECIAL, *QUERY_WORDS, *ANSWER_WORDS, *FILLER_WORDS]
    vocab = {word: index for index, word in enumerate(words)}
    tokenizer = Tokenizer(models.WordPiece(vocab, unk_token="[UNK]"))
    tokenizer.normalizer = normalizers.BertNormalizer(lowercase=True, strip_accents=False)
    tokenizer.pre_tokenizer = pre_tokenizers.BertPreTokenizer()
    tokenizer.post_processor = processors.TemplateProcessing(
        single="[CLS] $A [SEP]",
        pair="[CLS] $A [SEP] $B:1 [SEP]:1",
        special_tokens=[("[CLS]", vocab["[CLS]"]), ("[SEP]", vocab["[SEP]"])],
    )
    fast = PreTrainedTokenizerFast(
        tokenizer_object=tokenizer,
        unk_token="[UNK]",
        pad_token="[PAD]",
        cls_token="[CLS]",
        sep_token="[SEP]",
        mask_token="[MASK]",
        model_max_length=128,
    )

    torch.manual_seed(0)
    config = BertConfig(
        vocab_size=len(vocab),
        hidden_size=64,
        num_hidden_layers=2,
        num_attention_heads=2,
        intermediate_size=128,
        max_position_embeddings=128,
        num_labels=1,
        hidden_dropout_prob=0.0,
        attention_probs_dropout_prob=0.0,
    )
    model = BertForSequenceClassification(config)
    optimizer = torch.optim.AdamW(model.parameters(), lr=1e-3)
    loss_fn = torch.nn.BCEWithLogitsLoss()
    rng = random.Random(0)

    # Train on fresh random batches of 32 pairs.
    model.train()
    for _ in range(_STEPS):
        batch = [_sample(rng) for _ in range(32)]
        encoded = fast(
            [q for q, _, _ in batch], [p for _, p, _ in batch], padding=True, return_tensors="pt"
        )
        logits = model(**encoded).logits.squeeze(-1)
        loss = loss_fn(logits, torch.tensor([label for _, _, label in batch]))
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()

    # Check on held-out examples, so a failed training fails loudly here.
    model.eval()
    check_rng = random.Random(1)
    held_out = [_sample(check_rng) for _ in range(200)]
    with torch.no_grad():
        encoded = fast(
            [q for q, _, _ in held_out],
            [p for _, p, _ in held_out],
            padding=True,
            return_tensors="pt",
        )
        predicted = (model(**encoded).logits.squeeze(-1) > 0).float().tolist()
    accuracy = sum(p == label for p, (_, _, label) in zip(predicted, held_out, strict=True))
    if accuracy / len(held_out) < 0.95:
        raise RuntimeError(f"tiny cross-encoder reached only {accuracy}/200 held-out accuracy")

    model.save_pretrained(folder)
    fast.save_pretrained(folder)


def tiny_cross_encoder() -> Path:
    """Return the folder of the trained tiny cross-encoder, training it on first use.

    The folder is cached under ``.cache/test-data`` and written under a temporary name
    first, so parallel test runs never load a half-written model.
    """
    target = MODEL_CACHE / _RECIPE
    if (target / "config.json").is_file():
        return target
    MODEL_CACHE.mkdir(parents=True, exist_ok=True)
    partial = MODEL_CACHE / f"{_RECIPE}.{uuid.uuid4().hex}.partial"
    _train(partial)
    try:
        partial.rename(target)
    except OSError:
        # Another test run finished first with a model trained from the same seed.
        shutil.rmtree(partial, ignore_errors=True)
    return target


_EMBEDDING_RECIPE = "tiny-embedding-48-v1"
_LETTERS = (
    "abcdefghijklmnopqrstuvwxyzàáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợ"
    "ùúủũụưừứửữựỳýỷỹỵđ0123456789"
)


def _save_tiny_embedding(folder: Path, dimension: int) -> None:
    import torch
    from sentence_transformers import SentenceTransformer
    from sentence_transformers.sentence_transformer.modules import Normalize, Pooling, Transformer
    from tokenizers import Tokenizer, models, normalizers, pre_tokenizers, processors
    from transformers import BertConfig, BertModel, PreTrainedTokenizerFast

    words = [*_SPECIAL, *_LETTERS, *(f"##{c}" for c in _LETTERS)]
    vocab = {word: index for index, word in enumerate(words)}
    tokenizer = Tokenizer(models.WordPiece(vocab, unk_token="[UNK]", max_input_chars_per_word=100))
    tokenizer.normalizer = normalizers.BertNormalizer(lowercase=True, strip_accents=False)
    tokenizer.pre_tokenizer = pre_tokenizers.BertPreTokenizer()
    tokenizer.post_processor = processors.TemplateProcessing(
        single="[CLS] $A [SEP]",
        special_tokens=[("[CLS]", vocab["[CLS]"]), ("[SEP]", vocab["[SEP]"])],
    )
    fast = PreTrainedTokenizerFast(
        tokenizer_object=tokenizer,
        unk_token="[UNK]",
        pad_token="[PAD]",
        cls_token="[CLS]",
        sep_token="[SEP]",
        mask_token="[MASK]",
        model_max_length=512,
    )
    torch.manual_seed(0)
    config = BertConfig(
        vocab_size=len(vocab),
        hidden_size=dimension,
        num_hidden_layers=1,
        num_attention_heads=2,
        intermediate_size=64,
        max_position_embeddings=512,
    )
    BertModel(config).save_pretrained(folder / "hf")
    fast.save_pretrained(folder / "hf")
    modules = [
        Transformer(str(folder / "hf"), max_seq_length=512),
        Pooling(dimension, "mean"),
        Normalize(),
    ]
    SentenceTransformer(modules=modules, device="cpu").save(str(folder / "model"))
    shutil.rmtree(folder / "hf")


def tiny_embedding_model() -> Path:
    """Return the folder of a random one-layer embedding model (48 dimensions), built once.

    Its vocabulary is single letters, so any Vietnamese text tokenizes without
    unknown words. The vectors carry little meaning, which is enough for plumbing
    tests of indexing, fine-tuning and model switches. Cached like the cross-encoder.
    """
    target = MODEL_CACHE / _EMBEDDING_RECIPE
    if (target / "model" / "modules.json").is_file():
        return target / "model"
    MODEL_CACHE.mkdir(parents=True, exist_ok=True)
    partial = MODEL_CACHE / f"{_EMBEDDING_RECIPE}.{uuid.uuid4().hex}.partial"
    _save_tiny_embedding(partial, 48)
    try:
        partial.rename(target)
    except OSError:
        shutil.rmtree(partial, ignore_errors=True)
    return target / "model"
