"""The wizard's data check, run in a child process because it loads the base model.

Qt-free, so that the spawned child never imports PySide6 (see ``tasks.run_process_task``).
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass

from vnsearch.finetune.devices import DeviceInfo, detect_device
from vnsearch.finetune.prepare import DataSources, PreparedData, prepare_training_data
from vnsearch.gui.finetune_wizard.estimate import EncodingRate
from vnsearch.gui.process_jobs import EngineSpec
from vnsearch.gui.process_worker import WorkContext

logger = logging.getLogger("vnsearch.gui")

# Training texts encoded to measure the speed; enough to fill a few batches.
RATE_SAMPLE_TEXTS = 64


@dataclass
class CheckedData:
    """Outcome of the data check: the validated data, the device and the speed.

    Attributes:
        prepared: training and held-out pairs with their validation report.
        device: the device that training will use.
        rate: the base model's encoding speed on this computer.
        base_model: the index's embedding model, which training starts from.
        max_seq_length: the index's chunk size in tokens.
    """

    prepared: PreparedData
    device: DeviceInfo
    rate: EncodingRate
    base_model: str
    max_seq_length: int


def check_data_job(
    context: WorkContext, spec: EngineSpec, sources: DataSources, max_level: int
) -> CheckedData:
    """Gather and validate the training data as an admin of ``max_level``, then time
    the base model's encoding and detect the training device."""
    engine = spec.open()
    # Time the sentence-transformers model itself: training runs it in full precision
    # even where searches encode with the faster int8 model.
    started = time.perf_counter()
    model = engine.embedder().model
    model.encode(["khởi động"], batch_size=1, show_progress_bar=False)
    load_seconds = time.perf_counter() - started

    prepared = prepare_training_data(engine, sources, max_level)

    texts = [t for p in prepared.data.train for t in (p.query, p.positive)][:RATE_SAMPLE_TEXTS]
    started = time.perf_counter()
    if texts:
        model.encode(texts, batch_size=engine.settings.batch_size, show_progress_bar=False)
    rate = EncodingRate(len(texts), time.perf_counter() - started, load_seconds)
    device = detect_device(engine.settings.device)
    logger.info(
        "Checked fine-tuning data: %d training pairs, device %s, %.1f ms per text",
        prepared.report.train_pairs,
        device.name,
        rate.seconds_per_text * 1000,
    )
    return CheckedData(prepared, device, rate, engine.model_name, engine.chunking().chunk_tokens)
