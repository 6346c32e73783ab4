"""Local user profiles on a real SQLite file: validation, passwords, the last admin."""

from __future__ import annotations

import base64
import sqlite3
import unicodedata
from pathlib import Path

import pytest

from vnsearch.accounts import AuthenticationError, User, UserStore, _scrypt
from vnsearch.errors import ConfigError

PASSWORD = "mật khẩu 123"


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "app.db"


@pytest.fixture
def store(db_path: Path) -> UserStore:
    return UserStore(db_path)


@pytest.fixture
def admin(store: UserStore) -> User:
    return store.create_user("Quản trị", PASSWORD, 3, "admin")


def stored_hash(db_path: Path, user_id: int) -> str:
    conn = sqlite3.connect(db_path)
    try:
        row = conn.execute("SELECT password_hash FROM users WHERE user_id = ?", (user_id,))
        return row.fetchone()[0]
    finally:
        conn.close()


def test_new_store_is_empty(store):
    assert store.is_empty()
    assert store.list_users() == []


def test_new_store_uses_wal_mode(store, db_path):
    conn = sqlite3.connect(db_path)
    try:
        mode = conn.execute("PRAGMA journal_mode").fetchone()[0]
    finally:
        conn.close()

    assert mode == "wal"


def test_first_user_must_be_admin(store):
    with pytest.raises(ConfigError, match="first user must be an admin"):
        store.create_user("Lan", PASSWORD, 1, "user")

    assert store.is_empty()


def test_create_user_returns_profile(store, admin):
    assert admin.name == "Quản trị"
    assert admin.access_level == 3
    assert admin.role == "admin"
    assert admin.is_admin
    assert admin.created_at.endswith("+00:00")
    assert not store.is_empty()


def test_create_user_stores_name_nfc_and_stripped(store, admin):
    decomposed = unicodedata.normalize("NFD", "  Nguyễn Văn An \t")

    user = store.create_user(decomposed, PASSWORD, 1, "user")

    assert user.name == "Nguyễn Văn An"
    assert unicodedata.is_normalized("NFC", user.name)
    assert store.get_user(user.user_id) == user


@pytest.mark.parametrize(
    "name",
    ["quản trị", "QUẢN TRỊ", unicodedata.normalize("NFD", "Quản trị"), "  Quản trị  "],
)
def test_create_user_rejects_duplicate_name(store, admin, name):
    with pytest.raises(ConfigError, match="already taken"):
        store.create_user(name, PASSWORD, 1, "user")


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("", "empty"),
        ("   ", "empty"),
        ("a" * 65, "maximum is 64"),
        ("Lan\nAnh", "U\\+000A"),
        ("Lan\u200bAnh", "U\\+200B"),
        (None, "expected text"),
    ],
)
def test_create_user_rejects_invalid_name(store, admin, name, message):
    with pytest.raises(ConfigError, match=message):
        store.create_user(name, PASSWORD, 1, "user")


def test_create_user_accepts_64_char_name(store, admin):
    user = store.create_user("ă" * 64, PASSWORD, 0, "user")

    assert len(user.name) == 64


def test_create_user_rejects_short_password(store):
    with pytest.raises(ConfigError, match="minimum is 8"):
        store.create_user("Quản trị", "1234567", 3, "admin")

    assert store.is_empty()


@pytest.mark.parametrize("level", [-1, 4, "2", True, None])
def test_create_user_rejects_invalid_level(store, level):
    with pytest.raises(ConfigError, match="Invalid access level"):
        store.create_user("Quản trị", PASSWORD, level, "admin")


@pytest.mark.parametrize("role", ["Admin", "root", "", None])
def test_create_user_rejects_invalid_role(store, role):
    with pytest.raises(ConfigError, match="Invalid role"):
        store.create_user("Quản trị", PASSWORD, 3, role)


def test_authenticate_right_password(store, admin):
    assert store.authenticate("Quản trị", PASSWORD) == admin


def test_authenticate_ignores_case_and_normal_form(store, admin):
    name = unicodedata.normalize("NFD", " QUẢN TRỊ ")
    password = unicodedata.normalize("NFD", PASSWORD)

    assert store.authenticate(name, password) == admin


def test_authenticate_failures_share_message(store, admin):
    with pytest.raises(AuthenticationError) as wrong_password:
        store.authenticate("Quản trị", PASSWORD + "x")
    with pytest.raises(AuthenticationError) as unknown_name:
        store.authenticate("Không có", PASSWORD)

    assert str(wrong_password.value) == "Wrong user name or password."
    assert str(unknown_name.value) == str(wrong_password.value)


def test_authenticate_unknown_name_still_hashes(store, admin, monkeypatch):
    import hashlib

    calls: list[int] = []
    real_scrypt = hashlib.scrypt

    def counting_scrypt(*args, **kwargs):
        calls.append(1)
        return real_scrypt(*args, **kwargs)

    monkeypatch.setattr(hashlib, "scrypt", counting_scrypt)
    for name in ("Không có", "Quản trị"):
        calls.clear()
        with pytest.raises(AuthenticationError):
            store.authenticate(name, "sai mật khẩu")
        # Skipping the hash for unknown names would let response time reveal them.
        assert len(calls) >= 1, name


def test_authenticate_rejects_non_text(store, admin):
    with pytest.raises(AuthenticationError):
        store.authenticate(None, None)


def test_stored_hash_has_scrypt_format(store, admin, db_path):
    parts = stored_hash(db_path, admin.user_id).split("$")

    assert parts[:4] == ["scrypt", "16384", "8", "1"]
    assert len(parts) == 6


def test_password_not_in_db_file(store, admin, db_path):
    raw = b"".join(
        path.read_bytes() for path in db_path.parent.iterdir() if path.name.startswith("app.db")
    )

    assert PASSWORD.encode("utf-8") not in raw


def test_same_password_gets_different_hashes(store, admin, db_path):
    other = store.create_user("Lan", PASSWORD, 1, "user")

    assert stored_hash(db_path, admin.user_id) != stored_hash(db_path, other.user_id)


def test_authenticate_uses_stored_parameters(store, admin, db_path):
    salt = bytes(range(16))
    digest = _scrypt(PASSWORD, salt, 2**10, 4, 2, 24)
    encoded = f"{base64.b64encode(salt).decode()}${base64.b64encode(digest).decode()}"
    old_hash = f"scrypt$1024$4$2${encoded}"
    conn = sqlite3.connect(db_path)
    with conn:
        conn.execute("UPDATE users SET password_hash = ?", (old_hash,))
    conn.close()

    assert store.authenticate("Quản trị", PASSWORD) == admin
    with pytest.raises(AuthenticationError):
        store.authenticate("Quản trị", "sai mật khẩu")


def test_authenticate_rejects_corrupted_hash(store, admin, db_path):
    conn = sqlite3.connect(db_path)
    with conn:
        conn.execute("UPDATE users SET password_hash = 'scrypt$bad'")
    conn.close()

    with pytest.raises(AuthenticationError):
        store.authenticate("Quản trị", PASSWORD)


def test_update_user_changes_fields(store, admin):
    user = store.create_user("Lan", PASSWORD, 1, "user")

    updated = store.update_user(user.user_id, access_level=2, role="admin", password="mật khẩu mới")

    assert updated.access_level == 2
    assert updated.role == "admin"
    assert store.authenticate("Lan", "mật khẩu mới") == updated
    with pytest.raises(AuthenticationError):
        store.authenticate("Lan", PASSWORD)


def test_update_user_rejects_short_password(store, admin):
    with pytest.raises(ConfigError, match="minimum is 8"):
        store.update_user(admin.user_id, password="short")

    assert store.authenticate("Quản trị", PASSWORD) == admin


def test_update_unknown_user_raises(store, admin):
    with pytest.raises(ConfigError, match="not found"):
        store.update_user(admin.user_id + 100, access_level=1)


def test_get_unknown_user_raises(store, admin):
    with pytest.raises(ConfigError, match="not found"):
        store.get_user(admin.user_id + 100)


def test_last_admin_cannot_be_demoted(store, admin):
    with pytest.raises(ConfigError, match="last admin"):
        store.update_user(admin.user_id, role="user")

    assert store.get_user(admin.user_id).is_admin


def test_last_admin_cannot_be_deleted(store, admin):
    store.create_user("Lan", PASSWORD, 1, "user")

    with pytest.raises(ConfigError, match="last admin"):
        store.delete_user(admin.user_id)

    assert store.get_user(admin.user_id) == admin


def test_admin_can_be_demoted_when_another_exists(store, admin):
    second = store.create_user("Minh", PASSWORD, 3, "admin")

    demoted = store.update_user(admin.user_id, role="user")

    assert demoted.role == "user"
    with pytest.raises(ConfigError, match="last admin"):
        store.delete_user(second.user_id)


def test_delete_user_removes_profile(store, admin):
    user = store.create_user("Lan", PASSWORD, 1, "user")

    store.delete_user(user.user_id)

    assert store.list_users() == [admin]
    with pytest.raises(AuthenticationError):
        store.authenticate("Lan", PASSWORD)


def test_deleted_user_id_is_not_reused(store, admin):
    user = store.create_user("Lan", PASSWORD, 1, "user")
    store.delete_user(user.user_id)

    again = store.create_user("Lan", PASSWORD, 1, "user")

    assert again.user_id > user.user_id


def test_list_users_sorted_by_name(store, admin):
    store.create_user("bình", PASSWORD, 1, "user")
    store.create_user("An", PASSWORD, 0, "user")

    assert [u.name for u in store.list_users()] == ["An", "bình", "Quản trị"]


def test_users_persist_after_reopening(store, admin, db_path):
    reopened = UserStore(db_path)

    assert not reopened.is_empty()
    assert reopened.list_users() == [admin]
    assert reopened.authenticate("Quản trị", PASSWORD) == admin


@pytest.mark.parametrize("path", ["", ":memory:", None])
def test_store_rejects_invalid_path(path):
    with pytest.raises(ConfigError, match="Invalid database path"):
        UserStore(path)


def test_store_rejects_folder_path(tmp_path):
    with pytest.raises(ConfigError, match="is a folder"):
        UserStore(tmp_path)
