"""Hard negatives mined from the index with ``sentence_transformers.util.mine_hard_negatives``.

For each (query, positive) pair the base model ranks the corpus; the best-ranked
passages that are not the positive become negatives. A relative margin drops every
candidate that scores within that share of the positive's score, because such a
passage is usually a near-duplicate of the positive or another correct answer.
"""

from __future__ import annotations

import logging
import random
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from vnsearch.finetune.data import TrainingPair

logger = logging.getLogger("vnsearch.train")

# Candidates per query that the miner considers; deeper ranks are rarely hard.
_RANGE_MAX = 30


def mine_negatives(
    pairs: Sequence[TrainingPair],
    model: Any,
    corpus: Sequence[str],
    num_negatives: int = 1,
    relative_margin: float = 0.05,
    batch_size: int = 32,
) -> list[TrainingPair]:
    """Return ``pairs`` with mined negatives appended until each has ``num_negatives``.

    Judged negatives (from feedback or files) come first. Pairs for which the miner
    finds too few candidates keep what they have; :func:`fill_random_negatives`
    completes them.
    """
    todo = [p for p in pairs if len(p.negatives) < num_negatives]
    if not todo or not corpus or num_negatives < 1:
        return list(pairs)
    from datasets import Dataset
    from sentence_transformers.util import mine_hard_negatives

    prompts = getattr(model, "prompts", None) or {}
    dataset = Dataset.from_dict(
        {"query": [p.query for p in todo], "positive": [p.positive for p in todo]}
    )
    candidates = list(dict.fromkeys(corpus))
    range_max = min(_RANGE_MAX, max(num_negatives, len(candidates) - 1))
    mined = mine_hard_negatives(
        dataset,
        model,
        corpus=candidates,
        range_max=range_max,
        relative_margin=relative_margin,
        num_negatives=num_negatives,
        sampling_strategy="top",
        query_prompt=prompts.get("query") or None,
        corpus_prompt=prompts.get("passage") or prompts.get("document") or None,
        output_format="n-tuple",
        batch_size=batch_size,
        verbose=False,
    )
    found: dict[tuple[str, str], list[str]] = {}
    negative_columns = [c for c in mined.column_names if c.startswith("negative")]
    for row in mined:
        negatives = [row[c] for c in negative_columns if row[c]]
        found.setdefault((row["query"], row["positive"]), []).extend(negatives)

    out = []
    added = 0
    for pair in pairs:
        extra = [n for n in found.get((pair.query, pair.positive), []) if n not in pair.negatives]
        wanted = max(0, num_negatives - len(pair.negatives))
        if extra and wanted:
            pair = replace(pair, negatives=(*pair.negatives, *extra[:wanted]))
            added += min(wanted, len(extra))
        out.append(pair)
    logger.info("Mined %d hard negatives for %d pairs", added, len(todo))
    return out


def fill_random_negatives(
    pairs: Sequence[TrainingPair], corpus: Sequence[str], num_negatives: int, seed: int = 13
) -> list[TrainingPair]:
    """Give every pair exactly ``num_negatives`` negatives, padding with random passages.

    The loss needs the same number of negative columns in every row; a random passage
    is an easy but valid negative. Pairs keep only their first ``num_negatives``.
    """
    if num_negatives < 1:
        return [replace(p, negatives=()) for p in pairs]
    rng = random.Random(seed)
    pool = list(dict.fromkeys(corpus))
    out = []
    for pair in pairs:
        negatives = list(pair.negatives[:num_negatives])
        tries = 0
        while len(negatives) < num_negatives and pool and tries < 50:
            candidate = rng.choice(pool)
            tries += 1
            if candidate != pair.positive and candidate not in negatives:
                negatives.append(candidate)
        if len(negatives) < num_negatives:
            raise ValueError(
                f"Cannot find {num_negatives} negatives for query {pair.query!r}: the corpus "
                f"has {len(pool)} passages. Lower the number of negatives."
            )
        out.append(replace(pair, negatives=tuple(negatives)))
    return out
