"""Train a Vietnamese cross-encoder re-ranker from the default model, to measure re-ranking.

No multilingual cross-encoder can be downloaded on these machines, so this script
builds one. It starts from the default embedding model's encoder (multilingual-e5-small)
with a new one-logit head, which learns to score (question, passage) pairs from the
train splits of the shared BEIR sets. Each training group contains a question, its
relevant passage and hard negatives that the default model ranks high (mined with the
engine's own miner). The loss is the cross-entropy of the relevant passage within its
group, the usual listwise objective for re-rankers. Training runs under bf16 autocast
on CPUs with native bf16.

The result is a plain cross-encoder folder that ``vnsearch models import --kind
reranker`` accepts. It learned from questions about the same corpora as the dev
questions (never the dev questions themselves), so its gains are in-domain gains, like
a company's own re-ranker trained on its documents. The data sets are research-only:
keep the folder out of the product and its installers.

Usage::

    python bench/train_reranker.py --out bench/out/reranker-e5-vi
    vnsearch models import --kind reranker bench/out/reranker-e5-vi --name e5-vi-reranker
    vnsearch eval ../shared/eval/vi-regulations --split dev --mode all
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import random
import sys
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

REPO = Path(__file__).resolve().parents[1]
EVAL_ROOT = REPO.parent / "shared" / "eval"
DEFAULT_SETS = "vi-regulations:493"

logger = logging.getLogger("bench.reranker")


def _training_groups(
    base: Path, sets: list[tuple[str, int]], negatives: int, margin: float, seed: int
) -> list[tuple[str, str, list[str]]]:
    """Return (question, relevant passage, hard negatives) from each set's train split."""
    import torch
    from sentence_transformers import SentenceTransformer

    from vnsearch.chunking import compose_embed_text
    from vnsearch.evaluation.datasets import load_beir
    from vnsearch.finetune.data import TrainingPair
    from vnsearch.finetune.mining import fill_random_negatives, mine_negatives
    from vnsearch.models.backends import cpu_has_bf16

    model = SentenceTransformer(str(base), device="cpu", local_files_only=True)
    rng = random.Random(seed)
    groups: list[tuple[str, str, list[str]]] = []
    for name, count in sets:
        dataset = load_beir(EVAL_ROOT / name, "train")
        texts = {
            cid: compose_embed_text(title or "", "", text)
            for cid, (title, text) in dataset.corpus.items()
        }
        queries = list(dataset.queries)
        rng.shuffle(queries)
        pairs = [
            TrainingPair(q.text, texts[cid])
            for q in queries[:count]
            for cid, grade in list(q.relevant.items())[:1]
            if grade > 0 and cid in texts
        ]
        logger.info("Mining %d negatives for %d %s questions", negatives, len(pairs), name)
        corpus = list(texts.values())
        with torch.autocast("cpu", dtype=torch.bfloat16, enabled=cpu_has_bf16()):
            pairs = mine_negatives(pairs, model, corpus, negatives, margin, batch_size=64)
        pairs = fill_random_negatives(pairs, corpus, negatives, seed)
        groups.extend((p.query, p.positive, list(p.negatives)) for p in pairs)
    rng.shuffle(groups)
    return groups


def _is_head(name: str) -> bool:
    return name.startswith(("classifier", "bert.pooler", "pooler"))


def _train(
    groups: list[tuple[str, str, list[str]]], args: argparse.Namespace, out: Path
) -> dict[str, Any]:
    import torch
    from transformers import AutoModelForSequenceClassification, AutoTokenizer

    from vnsearch.models.backends import cpu_has_bf16

    base = args.base
    torch.manual_seed(args.seed)
    tokenizer = AutoTokenizer.from_pretrained(str(base))
    model = AutoModelForSequenceClassification.from_pretrained(str(base), num_labels=1)
    # The token-embedding table is most of the weights, so freezing it makes steps
    # cheaper and keeps the vectors of rare words.
    model.get_input_embeddings().weight.requires_grad_(False)
    # The new head (pooler and classifier) starts random, so it learns at a higher rate
    # than the encoder. At 3e-5 for all, 50 steps moved the loss only from 1.386 to 1.363.
    head = [p for n, p in model.named_parameters() if p.requires_grad and _is_head(n)]
    body = [p for n, p in model.named_parameters() if p.requires_grad and not _is_head(n)]
    params = head + body
    optimizer = torch.optim.AdamW(
        [
            {"params": body, "lr": args.learning_rate},
            {"params": head, "lr": args.head_learning_rate},
        ],
        weight_decay=0.01,
    )
    steps = (len(groups) + args.batch_size - 1) // args.batch_size * args.epochs
    warmup = max(1, steps // 10)
    scheduler = torch.optim.lr_scheduler.LambdaLR(
        optimizer, lambda s: min(1.0, (s + 1) / warmup) * max(0.0, (steps - s) / steps)
    )
    autocast = torch.autocast("cpu", dtype=torch.bfloat16, enabled=cpu_has_bf16())
    model.train()
    started = time.monotonic()
    step = 0
    losses: list[float] = []
    for _ in range(args.epochs):
        for begin in range(0, len(groups), args.batch_size):
            batch = groups[begin : begin + args.batch_size]
            questions = [q for q, _, negs in batch for _ in range(1 + len(negs))]
            passages = [p for _, pos, negs in batch for p in (pos, *negs)]
            encoded = tokenizer(
                questions,
                passages,
                truncation="only_second",
                max_length=args.max_length,
                padding=True,
                return_tensors="pt",
            )
            with autocast:
                logits = model(**encoded).logits.float().view(len(batch), -1)
            # The relevant passage is column 0 of every group.
            loss = torch.nn.functional.cross_entropy(
                logits, torch.zeros(len(batch), dtype=torch.long)
            )
            loss.backward()
            torch.nn.utils.clip_grad_norm_(params, 1.0)
            optimizer.step()
            scheduler.step()
            optimizer.zero_grad()
            step += 1
            losses.append(loss.item())
            if step % 10 == 0 or step == steps:
                elapsed = time.monotonic() - started
                logger.info(
                    "step %d/%d loss %.3f (%.0f s, %.0f s left)",
                    step,
                    steps,
                    sum(losses[-10:]) / len(losses[-10:]),
                    elapsed,
                    elapsed / step * (steps - step),
                )
    model.eval()
    out.mkdir(parents=True, exist_ok=True)
    model.save_pretrained(str(out))
    tokenizer.save_pretrained(str(out))
    return {
        "steps": step,
        "train_seconds": round(time.monotonic() - started, 1),
        "last_loss": losses[-1],
    }


def _default_base() -> Path:
    """Return the default model built by the tests, or else the one built by ``make demo``."""
    from vnsearch.models.e5_convert import DEFAULT_MODEL_NAME

    candidates = [REPO / ".cache" / "test-data" / "models", REPO / ".demo-data" / "models"]
    for folder in candidates:
        if (folder / DEFAULT_MODEL_NAME).is_dir():
            return folder / DEFAULT_MODEL_NAME
    return candidates[0] / DEFAULT_MODEL_NAME


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=REPO / "bench" / "out" / "reranker-e5-vi")
    parser.add_argument(
        "--base", type=Path, default=None, help="embedding model folder to start from"
    )
    parser.add_argument(
        "--sets", default=DEFAULT_SETS, help="set:questions pairs read from each train split"
    )
    parser.add_argument("--negatives", type=int, default=3, help="hard negatives per question")
    parser.add_argument(
        "--margin",
        type=float,
        default=0.05,
        help="relative score margin below the relevant passage for a mined negative",
    )
    parser.add_argument("--batch-size", type=int, default=8, help="questions per step")
    parser.add_argument("--epochs", type=int, default=1)
    parser.add_argument("--learning-rate", type=float, default=5e-5, help="encoder rate")
    parser.add_argument("--head-learning-rate", type=float, default=1e-3)
    parser.add_argument("--max-length", type=int, default=320, help="tokens per pair")
    parser.add_argument("--seed", type=int, default=13)
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s", stream=sys.stderr)
    if not EVAL_ROOT.is_dir():
        print(f"{EVAL_ROOT} not found; the script needs the shared evaluation sets.")
        return 2

    sets = []
    for item in args.sets.split(","):
        name, _, count = item.partition(":")
        sets.append((name.strip(), int(count or 10**9)))
    args.base = args.base or _default_base()
    if not args.base.is_dir():
        print(f"{args.base} not found; run 'make demo' first to build the default model.")
        return 2
    groups = _training_groups(args.base, sets, args.negatives, args.margin, args.seed)
    result = _train(groups, args, args.out)
    result |= {
        "groups": len(groups),
        "sets": args.sets,
        "negatives": args.negatives,
        "margin": args.margin,
    }
    (args.out / "vnsearch_training.json").write_text(json.dumps(result, indent=2), "utf-8")
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
