"""A level-1 user never sees level-2 or level-3 documents anywhere in the app."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.gui.conftest import user_named
from tests.gui.helpers import SEARCH_TIMEOUT_MS, open_main_window, search
from vnsearch.gui.feedback_dialog import export_feedback

USER_LEVEL = 1


@pytest.fixture
def context(context_factory, indexed_samples):
    return context_factory(template=indexed_samples[1])


@pytest.fixture
def secret_rows(context):
    rows = context.engine.store.document_rows(f"access_level > {USER_LEVEL}")
    assert len(rows) == 8, [r["path"] for r in rows]
    return rows


@pytest.fixture
def window(qtbot, context):
    user = user_named(context, "nhanvien")
    assert user.access_level == USER_LEVEL
    return open_main_window(qtbot, context, user)


def test_level_1_search_never_returns_secret_titles(qtbot, window, secret_rows):
    for row in secret_rows:
        hits = search(qtbot, window, row["title"])

        assert all(hit.access_level <= USER_LEVEL for hit in hits), row["title"]
        assert row["path"] not in {hit.path for hit in hits}


def test_level_1_previews_only_visible_documents(qtbot, window, secret_rows):
    page = window.search_page
    for row in secret_rows[:3]:
        hits = search(qtbot, window, row["title"])
        for index in range(len(hits)):
            page.results.setCurrentRow(index)
            shown = page.preview.hit
            assert shown is not None and shown.access_level <= USER_LEVEL


def test_level_1_filter_values_come_from_visible_documents(window, context):
    overview = window.search_page.overview
    visible = context.engine.store.document_rows(f"access_level <= {USER_LEVEL}")
    hidden = context.engine.store.document_rows(f"access_level > {USER_LEVEL}")
    visible_tags = {tag for row in visible for tag in row["tags"]}
    hidden_only_tags = {tag for row in hidden for tag in row["tags"]} - visible_tags
    assert hidden_only_tags, "the samples should have tags used only above level 1"

    combo = window.search_page.filter_bar.tags_combo
    offered_tags = {combo.itemText(i) for i in range(combo.count())}
    assert offered_tags == visible_tags
    assert not offered_tags & hidden_only_tags
    type_combo = window.search_page.filter_bar.type_combo
    offered_types = {type_combo.itemData(i) for i in range(1, type_combo.count())}
    assert offered_types == {row["doc_type"] for row in visible}
    assert overview.departments == tuple(sorted({row["department"] for row in visible}))


def test_level_1_counts_exclude_secret_documents(window, context):
    overview = window.search_page.overview
    visible = context.engine.store.document_rows(f"access_level <= {USER_LEVEL}")

    assert overview.documents == len(visible) == 16
    assert overview.chunks == context.engine.store.chunk_count(f"access_level <= {USER_LEVEL}")
    assert window.documents_label.text().startswith("16 documents")
    assert "24" not in window.documents_label.text()


def test_level_1_exports_exclude_secret_feedback(qtbot, context, tmp_path):
    admin = user_named(context, "admin")
    admin_window = open_main_window(qtbot, context, admin)
    query = "báo cáo kiểm toán nội bộ"
    hits = search(qtbot, admin_window, query)
    levels = [hit.access_level for hit in hits]
    secret = levels.index(next(level for level in levels if level > USER_LEVEL))
    public = levels.index(next(level for level in levels if level <= USER_LEVEL))
    admin_window.search_page.results.card(secret).relevant_button.click()
    admin_window.search_page.results.card(public).relevant_button.click()
    context.users.create_user("truongphong", "truong-phong-1", USER_LEVEL, "admin")
    low_admin = user_named(context, "truongphong")

    full = export_feedback(context, admin, "positive_pairs", tmp_path / "all.jsonl")
    limited = export_feedback(context, low_admin, "positive_pairs", tmp_path / "low.jsonl")

    assert full == 2
    assert limited == 1
    lines = (tmp_path / "low.jsonl").read_text("utf-8").splitlines()
    positives = [json.loads(line)["positive"] for line in lines]
    assert positives == [hits[public].text]
    assert all(f.doc_level <= USER_LEVEL for f in context.feedback.list(USER_LEVEL))


def test_level_1_user_cannot_open_admin_pages(window):
    with pytest.raises(PermissionError):
        window.show_page(1)


def test_search_uses_signed_in_level(qtbot, window, monkeypatch):
    engine = window.context.engine
    seen: list[int] = []
    original = engine.search

    def spy(query, **kwargs):
        seen.append(kwargs["access_level"])
        return original(query, **kwargs)

    monkeypatch.setattr(engine, "search", spy)
    search(qtbot, window, "VPN")
    window.search_page.filter_bar.select_doc_type(
        window.search_page.filter_bar.type_combo.itemData(1)
    )
    qtbot.waitUntil(lambda: len(seen) == 2, timeout=SEARCH_TIMEOUT_MS)

    assert seen == [USER_LEVEL, USER_LEVEL]
    assert Path(window.context.data_dir).is_dir()
