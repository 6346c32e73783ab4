"""The command line, run in-process through ``main`` with a real data folder."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.engine.corpus_builders import write_corpus
from vnsearch.cli.main import main


@pytest.fixture(scope="module")
def cli_data(tmp_path_factory, model_data_dir):
    root = tmp_path_factory.mktemp("cli")
    data_dir = root / "data"
    (data_dir / "models").mkdir(parents=True)
    model = model_data_dir / "models" / "multilingual-e5-small"
    (data_dir / "models" / model.name).symlink_to(model, target_is_directory=True)
    corpus = write_corpus(root / "docs")
    assert (
        main(
            ["--data-dir", str(data_dir), "--device", "cpu", "index", str(corpus), "--no-progress"]
        )
        == 0
    )
    return data_dir


def _json(capsys) -> object:
    return json.loads(capsys.readouterr().out)


def test_cli_search_json_respects_level(cli_data, capsys):
    code = main(
        [
            "--data-dir",
            str(cli_data),
            "search",
            "Báo cáo quỹ lương tuyệt mật",
            "--level",
            "1",
            "--json",
            "--top-k",
            "20",
        ]
    )
    payload = _json(capsys)
    assert code == 0
    assert payload["access_level"] == 1
    assert payload["results"], "expected some level-0/1 results"
    assert all(r["access_level"] <= 1 for r in payload["results"])
    assert not any(r["path"].endswith("luong-thuong.md") for r in payload["results"])


def test_cli_search_text_output_lists_answer_first(cli_data, capsys):
    code = main(["--data-dir", str(cli_data), "search", "VPN tự ngắt sau bao lâu", "--level", "1"])
    out = capsys.readouterr().out
    assert code == 0
    assert out.splitlines()[0].startswith("1. Hướng dẫn cài đặt VPN")


def test_cli_status_json(cli_data, capsys):
    assert main(["--data-dir", str(cli_data), "status", "--json", "--level", "3"]) == 0
    status = _json(capsys)
    assert status["model_id"] == "multilingual-e5-small"
    assert status["dimension"] == 384
    assert status["documents"] == {"indexed": 4}


def test_cli_models_list_marks_active(cli_data, capsys):
    assert main(["--data-dir", str(cli_data), "models", "list", "--json"]) == 0
    models = _json(capsys)
    assert [(m["name"], m["active"], m["dimension"]) for m in models] == [
        ("multilingual-e5-small", True, 384)
    ]


def test_cli_search_requires_level(cli_data, capsys):
    with pytest.raises(SystemExit) as exc:
        main(["--data-dir", str(cli_data), "search", "nghỉ phép"])
    assert exc.value.code == 2
    assert "--level" in capsys.readouterr().err


def test_cli_rejects_invalid_level(cli_data, capsys):
    with pytest.raises(SystemExit):
        main(["--data-dir", str(cli_data), "search", "x", "--level", "5"])
    assert "invalid level '5'; use 0, 1, 2 or 3" in capsys.readouterr().err


def test_cli_import_missing_folder_explains(cli_data, capsys):
    code = main(["--data-dir", str(cli_data), "models", "import", "/khong/ton/tai"])
    assert code == 2
    assert "neither a model folder nor a hub id" in capsys.readouterr().err


def test_cli_import_hub_id_offline_explains(cli_data, capsys):
    code = main(["--data-dir", str(cli_data), "models", "import", "intfloat/multilingual-e5-base"])
    err = capsys.readouterr().err
    assert code == 2
    assert "Could not download 'intfloat/multilingual-e5-base'" in err
    assert "vnsearch models import PATH" in err


def test_cli_entry_point_help_runs():
    result = subprocess.run(
        [sys.executable, "-m", "vnsearch", "--help"], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0
    for command in ("index", "search", "status", "eval", "models", "reindex", "gui"):
        assert command in result.stdout
