"""Render the desktop app offscreen in Vietnamese and save screenshots to docs/screenshots.

The script builds a temporary data folder and links the installed model from
``--model-data-dir``. It imports a copy of ``resources/samples`` through the import
wizard, with two unreadable files added so that the result page lists problems, and
then captures the main pages at 1280×800. Last, the administrator confirms the answer
of each sample question among the search results, and the fine-tuning wizard trains
a model on those judgements (a run of a few steps on the CPU), shows its real
metrics and activates it.

Usage::

    python tools/make_screenshots.py [--model-data-dir .cache/test-data] [--out docs/screenshots]
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

REPO = Path(__file__).resolve().parents[1]
MODEL = "multilingual-e5-small"
QUERY = "Phép năm chưa dùng hết có được chuyển sang năm sau không?"
WINDOW_SIZE = (1280, 800)
TIMEOUT_S = 900
# Steps of the fine-tuning run shown in the screenshots: enough for a loss curve,
# short enough for a CPU.
FINETUNE_STEPS = 6


def wait_until(condition, timeout_s: float = TIMEOUT_S) -> None:
    """Run the Qt event loop until ``condition()`` is true."""
    from PySide6.QtCore import QCoreApplication, QEventLoop

    deadline = time.monotonic() + timeout_s
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("the app did not reach the expected state in time")
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)
        time.sleep(0.01)


def settle(seconds: float = 0.5) -> None:
    """Let layouts and pending paints finish."""
    end = time.monotonic() + seconds
    wait_until(lambda: time.monotonic() > end)


def save(widget, out: Path, name: str) -> None:
    """Save ``widget`` as ``out/name.png``."""
    settle()
    path = out / f"{name}.png"
    if not widget.grab().save(str(path)):
        raise OSError(f"could not write {path}")
    print(f"wrote {path.relative_to(REPO) if path.is_relative_to(REPO) else path}")


def add_unreadable_files(folder: Path) -> None:
    """Add an encrypted PDF and an old Word file, as real shared drives have."""
    from pypdf import PdfReader, PdfWriter

    archive = folder / "luu-tru"
    archive.mkdir()
    writer = PdfWriter()
    for page in PdfReader(folder / "tai-chinh" / "quy-trinh-thanh-toan-chi-phi.pdf").pages:
        writer.add_page(page)
    writer.encrypt("bi-mat")
    with open(archive / "bang-luong-2019-co-mat-khau.pdf", "wb") as handle:
        writer.write(handle)
    (archive / "bien-ban-hop-2018.doc").write_bytes(
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)
    )


def confirm_sample_answers(context, admin) -> int:
    """Confirm, for each sample question, the best passage of its answering document.

    This is what an administrator does with the search page's feedback buttons; the
    fine-tuning wizard then trains on these judgements. Returns the count confirmed.
    """
    import json

    engine = context.engine
    documents = Path(engine.store.meta.sources[0].root)
    confirmed = 0
    for line in (
        (REPO / "resources" / "samples" / "questions.jsonl").read_text("utf-8").splitlines()
    ):
        item = json.loads(line)
        response = engine.search(item["query"], access_level=3, mode="dense", stages=[])
        answer = (documents / item["document"]).resolve()
        hits = [hit for hit in response.hits if Path(hit.path).resolve() == answer]
        if not hits:
            continue
        context.feedback.record(
            query=item["query"], hit=hits[0], label="relevant", user=admin, model_id=MODEL
        )
        confirmed += 1
        others = [hit for hit in response.hits if hit.doc_id != hits[0].doc_id]
        if others:
            context.feedback.record(
                query=item["query"],
                hit=others[0],
                label="not_relevant",
                user=admin,
                model_id=MODEL,
            )
    return confirmed


def capture_finetuning(window, context, admin, out: Path) -> None:
    """Fine-tune on the confirmed results through the wizard and capture each page."""
    from vnsearch.gui.finetune_wizard.wizard import ACTIVATION, RESULTS, TRAINING
    from vnsearch.gui.main_window import MODELS

    print(f"confirmed {confirm_sample_answers(context, admin)} sample answers")
    window.show_page(MODELS)
    wizard = window.models_page.open_finetune_wizard()
    assert wizard is not None
    wizard.resize(1000, 760)
    data = wizard.data_page
    wait_until(data.form.feedback_box.isChecked)
    finished: list[bool] = []
    data.check_finished.connect(lambda: finished.append(True))
    data.start_check()
    wait_until(lambda: bool(finished))
    if not data.isComplete():
        raise RuntimeError(f"the data check failed: {data.status_label.text()}")
    save(wizard, out, "13-tinh-chinh-1-du-lieu")
    wizard.next()
    wizard.options_page.steps_spin.setValue(FINETUNE_STEPS)
    wizard.options_page.name_edit.setText("e5-congty")
    save(wizard, out, "14-tinh-chinh-2-thiet-lap")
    wizard.next()
    assert wizard.currentId() == TRAINING
    chart = wizard.training_page.chart
    wait_until(lambda: len(chart.points()) >= FINETUNE_STEPS // 2 or wizard.currentId() != TRAINING)
    if wizard.currentId() == TRAINING:
        save(wizard, out, "15-tinh-chinh-3-huan-luyen")
    wait_until(lambda: wizard.currentId() != TRAINING or not wizard.training_page.is_running())
    if wizard.currentId() != RESULTS:
        raise RuntimeError(f"training did not finish: {wizard.training_page.outcome_label.text()}")
    save(wizard, out, "16-tinh-chinh-4-ket-qua")
    wizard.next()
    assert wizard.currentId() == ACTIVATION
    activation = wizard.activation_page
    if activation.needs_confirmation:
        activation.confirm_box.setChecked(True)
    activation.activate()
    wait_until(lambda: not activation.is_running())
    save(wizard, out, "17-tinh-chinh-5-kich-hoat")
    wizard.close()
    wait_until(lambda: bool(window.models_page.rows()))
    window.models_page.refresh()
    settle(2.0)
    save(window, out, "18-mo-hinh-sau-tinh-chinh")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model-data-dir", type=Path, default=REPO / ".cache" / "test-data")
    parser.add_argument("--out", type=Path, default=REPO / "docs" / "screenshots")
    args = parser.parse_args()
    model = args.model_data_dir / "models" / MODEL
    if not model.is_dir():
        print(
            f"error: {model} not found; run the tests once or 'vnsearch models "
            f"install-default --data-dir {args.model_data_dir}'",
            file=sys.stderr,
        )
        return 2
    args.out.mkdir(parents=True, exist_ok=True)

    from PySide6.QtWidgets import QApplication

    from vnsearch.config import Settings, save_settings
    from vnsearch.gui.context import AppContext
    from vnsearch.gui.import_wizard.wizard import INDEXING, RESULT, SUMMARY
    from vnsearch.gui.login_dialog import LoginDialog
    from vnsearch.gui.main_window import INDEX, MODELS, MainWindow
    from vnsearch.gui.resources import install_ui_font
    from vnsearch.gui.tasks import cancel_all_tasks
    from vnsearch.indexing.progress import IndexProgress

    app = QApplication(sys.argv[:1])
    app.setFont(install_ui_font())

    with tempfile.TemporaryDirectory(prefix="vnsearch-shots-") as temp:
        root = Path(temp)
        documents = root / "Tai lieu cong ty"
        shutil.copytree(REPO / "resources" / "samples", documents)
        (documents / "questions.jsonl").unlink()
        add_unreadable_files(documents)
        data_dir = root / "data"
        (data_dir / "models").mkdir(parents=True)
        (data_dir / "models" / MODEL).symlink_to(model.resolve(), target_is_directory=True)
        save_settings(data_dir, Settings(device="cpu", language="vi"))

        context = AppContext.open(data_dir)
        context.languages.apply("vi")
        admin = context.users.create_user("quantri", "mat-khau-quan-tri", 3, "admin")

        login = LoginDialog(context.users)
        login.name_edit.setText("quantri")
        login.password_edit.setText("mat-khau-quan-tri")
        login.resize(520, 280)
        login.show()
        save(login, args.out, "01-dang-nhap")
        login.close()

        window = MainWindow(context, admin)
        window.resize(*WINDOW_SIZE)
        window.show()
        wait_until(lambda: window.search_page.overview is not None)
        save(window, args.out, "02-chua-co-tai-lieu")

        wizard = window.open_import_wizard()
        assert wizard is not None
        wizard.resize(1000, 700)
        wizard.folders_page.add_folder(documents)
        save(wizard, args.out, "03-nhap-1-chon-thu-muc")
        wizard.next()
        wizard.file_types_page.exclude_edit.setPlainText("*.bak\nNháp/*")
        save(wizard, args.out, "04-nhap-2-loai-tep")
        wizard.next()
        wait_until(wizard.metadata_page.isComplete)
        wizard.metadata_page.tree.setCurrentItem(wizard.metadata_page.tree.topLevelItem(0))
        save(wizard, args.out, "05-nhap-3-muc-truy-cap")
        wizard.next()
        assert wizard.currentId() == SUMMARY
        wait_until(lambda: not wizard.summary_page.is_measuring())
        save(wizard, args.out, "06-nhap-4-tom-tat")
        wizard.next()
        assert wizard.currentId() == INDEXING
        task = wizard.indexing_page.task
        assert task is not None
        halfway: list[bool] = []
        task.progress.connect(
            lambda p: (
                halfway.append(True)
                if isinstance(p, IndexProgress) and p.files_done >= 12
                else None
            )
        )
        wait_until(lambda: bool(halfway) or wizard.currentId() == RESULT)
        if wizard.currentId() == INDEXING:
            save(wizard, args.out, "07-nhap-5-dang-lap-chi-muc")
        wait_until(lambda: wizard.currentId() == RESULT)
        save(wizard, args.out, "08-nhap-6-ket-qua")
        wizard.close()

        wait_until(
            lambda: (
                window.search_page.overview is not None and not window.search_page.overview.empty
            )
        )
        # A first search starts the query encoder process; the screenshot shows the next.
        window.search_page.search("nghỉ phép")
        wait_until(lambda: window.search_page.response is not None)
        window.search_page.search(QUERY)
        wait_until(
            lambda: (
                window.search_page.response is not None
                and window.search_page.response.query == QUERY
            )
        )
        preview = window.search_page.preview.pdf_view
        wait_until(lambda: preview.page_count > 0)
        save(window, args.out, "09-tim-kiem-xem-truoc-pdf")

        window.search_page.results.card(0).relevant_button.click()
        window.search_page.search("mật khẩu phải dài tối thiểu bao nhiêu ký tự")
        wait_until(lambda: window.search_page.preview.mode == "text")
        save(window, args.out, "10-tim-kiem-xem-truoc-van-ban")

        window.show_page(INDEX)
        wait_until(lambda: window.index_page.model.rowCount() > 0)
        save(window, args.out, "11-quan-ly-chi-muc")

        window.show_page(MODELS)
        wait_until(lambda: bool(window.models_page.rows()))
        save(window, args.out, "12-mo-hinh")

        capture_finetuning(window, context, admin, args.out)

        window.close()
        cancel_all_tasks()
        context.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
