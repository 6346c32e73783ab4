"""The fine-tuning time estimate and the step cap offered on a CPU."""

from __future__ import annotations

import pytest

from vnsearch.finetune.devices import TrainingOptions
from vnsearch.gui.finetune_wizard.estimate import (
    DataSizes,
    EncodingRate,
    cpu_step_cap,
    estimate_seconds,
    planned_steps,
)
from vnsearch.gui.finetune_wizard.options_page import default_model_name, parse_learning_rate

SIZES = DataSizes(
    train_pairs=100, eval_pairs=20, eval_queries=20, distractors=300, mining_passages=500
)


def test_planned_steps_epochs_and_cap():
    assert planned_steps(100, TrainingOptions(epochs=3, batch_size=16)) == 21
    assert planned_steps(100, TrainingOptions(epochs=3, batch_size=16, max_steps=5)) == 5
    assert planned_steps(1, TrainingOptions(epochs=1, batch_size=16)) == 1


def test_cpu_step_cap_covers_comfort_pairs():
    assert cpu_step_cap(16) == 125
    assert cpu_step_cap(32) == 63


def test_estimate_seconds_counts_every_pass():
    rate = EncodingRate(texts=64, seconds=0.64, load_seconds=5.0)
    options = TrainingOptions(epochs=1, batch_size=16, num_negatives=1)

    seconds = estimate_seconds(rate, SIZES, options)

    # 7 steps x 16 pairs x 3 texts x 3 passes, two evaluations of both splits, one
    # held-out evaluation during training and mining: 0.01 s per text plus loading.
    held_out = 300 + 20 + 20
    splits = held_out + 300 + 2 * 100
    encoded = 7 * 16 * 3 * 3 + 2 * splits + held_out + (500 + 200)
    assert seconds == pytest.approx(5.0 + encoded * 0.01)
    assert estimate_seconds(rate, SIZES, TrainingOptions(epochs=2, batch_size=16)) > seconds


def test_learning_rate_parsing_accepts_both_decimal_signs():
    assert parse_learning_rate("2e-5") == pytest.approx(2e-5)
    assert parse_learning_rate("0,00003") == pytest.approx(3e-5)
    assert parse_learning_rate("abc") is None
    assert parse_learning_rate("-1") is None


def test_default_model_name_fits_the_name_limit():
    from datetime import datetime

    moment = datetime(2024, 9, 3, 14, 5)
    assert default_model_name("multilingual-e5-small", moment) == (
        "multilingual-e5-small-ft-20240903-1405"
    )
    assert len(default_model_name("x" * 200, moment)) == 80
