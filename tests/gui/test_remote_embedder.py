"""Query encoding in a child process matches the in-process model."""

from __future__ import annotations

import multiprocessing

import numpy as np

from vnsearch.gui.remote_embedder import PROCESS_NAME, RemoteEmbedder


def test_remote_embedder_matches_local_model(default_embedder):
    remote = RemoteEmbedder(default_embedder.path, default_embedder.model_id, "cpu")
    query = "Mỗi năm tôi được nghỉ phép bao nhiêu ngày?"
    try:
        vector = remote.encode_query(query)

        assert vector.dtype == np.float32
        assert vector.shape == (384,)
        np.testing.assert_allclose(vector, default_embedder.encode_query(query), atol=1e-4)
        assert PROCESS_NAME in {p.name for p in multiprocessing.active_children()}
    finally:
        remote.close()

    assert PROCESS_NAME not in {p.name for p in multiprocessing.active_children()}


def test_remote_embedder_restarts_after_close(default_embedder):
    remote = RemoteEmbedder(default_embedder.path, default_embedder.model_id, "cpu")
    try:
        remote.start()
        remote.close()

        vector = remote.encode_query("quy trình mua sắm")

        assert vector.shape == (384,)
    finally:
        remote.close()
