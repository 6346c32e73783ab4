"""Fine-tuning end to end on the CPU: feedback -> validation -> worker -> model folder."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest

from tests.conftest import SAMPLES
from vnsearch.accounts import APP_DB_NAME, UserStore
from vnsearch.config import Settings
from vnsearch.engine import Engine
from vnsearch.feedback import FeedbackStore
from vnsearch.finetune.devices import TrainingOptions
from vnsearch.finetune.job import FineTuneJob, TrainingProgress
from vnsearch.finetune.manifest import read_finetune_manifest
from vnsearch.finetune.prepare import DataSources, prepare_training_data
from vnsearch.models.registry import MANIFEST, get_model

# About two minutes on two idle cores; the limit leaves room for a machine that is
# busy with other work.
pytestmark = [pytest.mark.slow, pytest.mark.timeout(1200)]
QUESTIONS = 60

E5 = "multilingual-e5-small"
PASSWORD = "mật khẩu 123"


def _record_sample_feedback(engine: Engine, folder: Path) -> int:
    """Confirm, for each sample question, the best chunk of its answering document."""
    admin = UserStore(engine.data_dir / APP_DB_NAME).create_user("Quản trị", PASSWORD, 3, "admin")
    store = FeedbackStore(engine.data_dir / APP_DB_NAME)
    confirmed = 0
    for line in (SAMPLES / "questions.jsonl").read_text("utf-8").splitlines()[:QUESTIONS]:
        question = json.loads(line)
        response = engine.search(
            question["query"], access_level=3, mode="dense", top_k=10, stages=[]
        )
        answer = str((folder / question["document"]).resolve())
        hits = [hit for hit in response.hits if str(Path(hit.path).resolve()) == answer]
        if not hits:
            continue
        store.record(
            query=question["query"], hit=hits[0], label="relevant", user=admin, model_id=E5
        )
        confirmed += 1
        others = [hit for hit in response.hits if hit.doc_id != hits[0].doc_id]
        if others:
            store.record(
                query=question["query"],
                hit=others[0],
                label="not_relevant",
                user=admin,
                model_id=E5,
            )
    return confirmed


@pytest.fixture
def engine(sample_copy, tmp_path, model_data_dir, default_embedder) -> Engine:
    data_dir = tmp_path / "data"
    (data_dir / "models").mkdir(parents=True)
    source = model_data_dir / "models" / E5
    (data_dir / "models" / E5).symlink_to(source, target_is_directory=True)
    engine = Engine(data_dir, Settings(device="cpu"), embedder=default_embedder)
    engine.index([sample_copy])
    return engine


def test_finetune_from_feedback_writes_model_package(engine, sample_copy):
    confirmed = _record_sample_feedback(engine, sample_copy)
    assert confirmed >= 40

    prepared = prepare_training_data(engine, DataSources(from_feedback=True), max_level=3)
    report = prepared.report
    assert report.ok, report.to_text()
    assert report.train_pairs + report.eval_pairs == confirmed
    assert report.eval_queries >= 1
    train_queries = {p.query for p in prepared.data.train}
    assert not train_queries & {p.query for p in prepared.data.eval}
    assert report.negatives > 0

    # Keep the CPU run short: few distractors, short training texts, three steps.
    prepared.data.corpus = dict(list(prepared.data.corpus.items())[:40])
    mining_corpus = prepared.mining_corpus[:40]
    options = TrainingOptions(
        epochs=1, batch_size=8, max_steps=3, max_seq_length=64, device="cpu", num_negatives=1
    )
    job = FineTuneJob(
        engine.data_dir,
        E5,
        "e5-ft-test",
        prepared.data,
        mining_corpus,
        options,
        report.to_text(),
    )
    events: list[TrainingProgress] = []
    result = job.run(events.append, threading.Event())

    assert not result.cancelled
    assert result.path == engine.data_dir / "models" / "e5-ft-test"
    phases = [e.phase for e in events]
    for phase in ("starting", "loading", "evaluating_base", "mining", "training", "done"):
        assert phase in phases
    steps = [e for e in events if e.phase == "training" and e.total_steps]
    assert steps[-1].step == 3
    assert steps[-1].total_steps == 3
    assert steps[-1].loss is not None

    folder = result.path
    for name in (
        MANIFEST,
        "vnsearch_finetune.json",
        "training_args.json",
        "DEPLOYMENT.md",
        "evaluation_results/performance_metrics.json",
        "evaluation_results/comparison.html",
        "evaluation_results/validation.txt",
        "model.safetensors",
        "modules.json",
    ):
        assert (folder / name).is_file(), name
    assert not list(folder.parent.glob(".*.partial"))
    card = (folder / "README.md").read_text("utf-8")
    assert all(pair.positive[:40] not in card for pair in prepared.data.train)
    assert not (job.run_dir / "checkpoints").exists()

    info = get_model(engine.data_dir, "e5-ft-test")
    assert info.kind == "embedding"
    assert info.dimension == 384

    from sentence_transformers import SentenceTransformer

    model = SentenceTransformer(str(folder), device="cpu", local_files_only=True)
    base = engine.embedder().model
    assert model.get_embedding_dimension() == 384
    assert model.prompts["query"] == base.prompts["query"] == "query: "
    assert model.prompts["passage"] == base.prompts["passage"] == "passage: "
    assert model.max_seq_length == base.max_seq_length

    metrics = json.loads((folder / "evaluation_results/performance_metrics.json").read_text())
    assert set(metrics["splits"]) == {"held_out", "train"}
    for split in metrics["splits"].values():
        assert split["queries"] >= 1
        for side in ("base", "new"):
            for metric in ("mrr@10", "hit@1", "ndcg@10"):
                value = split[side][metric]
                assert isinstance(value, float)
                assert 0.0 <= value <= 1.0
    record = read_finetune_manifest(folder)
    assert record is not None
    assert record.base_model == E5
    assert record.recommended == metrics["recommended"] == result.recommended
    assert record.held_out["mrr@10"]["base"] == metrics["splits"]["held_out"]["base"]["mrr@10"]
    args = json.loads((folder / "training_args.json").read_text())
    assert args["options"]["max_steps"] == 3
    assert args["steps"] == 3
    assert args["trainer"]["batch_sampler"] == "no_duplicates"
