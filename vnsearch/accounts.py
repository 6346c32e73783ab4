"""Local user profiles: names, scrypt password hashes, access levels and roles.

Profiles live in ``<data dir>/app.db``, a SQLite file that :mod:`vnsearch.feedback`
shares. Every call opens its own connection, so one store can be used from several
threads, and every write runs in one ``BEGIN IMMEDIATE`` transaction, so the checks
that protect the last admin cannot race with another writer.
"""

from __future__ import annotations

import base64
import binascii
import functools
import hashlib
import hmac
import logging
import secrets
import sqlite3
import unicodedata
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal, get_args

from vnsearch.errors import ConfigError, VnsearchError
from vnsearch.store.filters import check_access_level

logger = logging.getLogger("vnsearch.accounts")

APP_DB_NAME = "app.db"
ACCESS_LEVEL_NAMES = {0: "public", 1: "internal", 2: "confidential", 3: "restricted"}

Role = Literal["admin", "user"]
ROLES: tuple[Role, ...] = get_args(Role)

MAX_NAME_CHARS = 64
MIN_PASSWORD_CHARS = 8

# scrypt cost for new hashes (n=2**14, r=8 uses 16 MiB per hash). Stored hashes carry
# their own parameters, so these can be raised later without breaking old passwords.
SCRYPT_N = 2**14
SCRYPT_R = 8
SCRYPT_P = 1
SCRYPT_DKLEN = 32
SALT_BYTES = 16
# Reject stored parameters that would take more than 1 GiB, so a corrupted row cannot
# make a login exhaust memory.
_MAX_SCRYPT_MEMORY = 1 << 30

# Writers wait this long for another connection's lock before sqlite3 raises.
_BUSY_TIMEOUT_S = 30.0

_SCHEMA = """
CREATE TABLE IF NOT EXISTS users (
    user_id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL,
    name_key TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    access_level INTEGER NOT NULL CHECK (access_level BETWEEN 0 AND 3),
    role TEXT NOT NULL CHECK (role IN ('admin', 'user')),
    created_at TEXT NOT NULL
);
"""
_USER_COLUMNS = "user_id, name, access_level, role, created_at"


class AuthenticationError(VnsearchError):
    """A failed login. The message never reveals whether the name or the password was wrong."""

    def __init__(self) -> None:
        super().__init__("Wrong user name or password.")


@dataclass(frozen=True)
class User:
    """A local user profile without its password hash.

    Attributes:
        name: NFC, without surrounding whitespace.
        access_level: the highest document level the user may see, 0..3.
        created_at: ISO 8601 timestamp in UTC.
    """

    user_id: int
    name: str
    access_level: int
    role: Role
    created_at: str

    @property
    def is_admin(self) -> bool:
        """True when the user may manage profiles and undo anyone's feedback."""
        return self.role == "admin"


# -- shared database access ------------------------------------------------


def utc_now() -> str:
    """Return the current time as an ISO 8601 UTC string with microseconds."""
    return datetime.now(UTC).isoformat(timespec="microseconds")


def connect_app_db(db_path: Path) -> sqlite3.Connection:
    """Open ``db_path`` in autocommit mode with foreign keys on and rows as ``sqlite3.Row``.

    Transactions are explicit (see :func:`write_transaction`), so sqlite3's implicit
    ``BEGIN`` is turned off with ``isolation_level=None``.
    """
    conn = sqlite3.connect(
        db_path, timeout=_BUSY_TIMEOUT_S, isolation_level=None, check_same_thread=False
    )
    conn.row_factory = sqlite3.Row
    conn.execute("PRAGMA foreign_keys = ON")
    return conn


def init_app_db(db_path: Path, schema: str) -> None:
    """Create the parent folder, switch the file to WAL mode and run ``schema``."""
    db_path.parent.mkdir(parents=True, exist_ok=True)
    with closing(connect_app_db(db_path)) as conn:
        # WAL lets readers continue while one writer commits. The mode is stored in
        # the file, so setting it once per store is enough.
        conn.execute("PRAGMA journal_mode = WAL")
        with conn:
            conn.executescript(schema)


@contextmanager
def write_transaction(db_path: Path) -> Iterator[sqlite3.Connection]:
    """Yield a connection inside ``BEGIN IMMEDIATE``, then commit, or roll back on error.

    ``IMMEDIATE`` takes the write lock up front, so reads made to check a write (the
    admin count, a duplicate name) see the state that the write commits against.
    """
    with closing(connect_app_db(db_path)) as conn:
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield conn
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")


def read_rows(db_path: Path, sql: str, params: tuple[object, ...] = ()) -> list[sqlite3.Row]:
    """Run one query on a fresh connection and return all rows."""
    with closing(connect_app_db(db_path)) as conn:
        return conn.execute(sql, params).fetchall()


def check_db_path(db_path: object) -> Path:
    """Return ``db_path`` as a Path, or raise ConfigError when it is not a file path."""
    if not isinstance(db_path, str | Path) or str(db_path) in ("", ":memory:"):
        raise ConfigError(
            f"Invalid database path {db_path!r}; pass a file such as <data dir>/{APP_DB_NAME}."
        )
    path = Path(db_path)
    if path.is_dir():
        raise ConfigError(f"Invalid database path {str(path)!r}: it is a folder, not a file.")
    return path


# -- validation --------------------------------------------------------------


def normalize_name(name: object) -> str:
    """Return ``name`` in NFC without surrounding whitespace, or raise ConfigError."""
    if not isinstance(name, str):
        raise ConfigError(f"Invalid user name {name!r}: expected text.")
    clean = unicodedata.normalize("NFC", name).strip()
    if not clean:
        raise ConfigError("Invalid user name: it is empty.")
    if len(clean) > MAX_NAME_CHARS:
        raise ConfigError(
            f"Invalid user name {clean[:20]!r}…: it has {len(clean)} characters, "
            f"the maximum is {MAX_NAME_CHARS}."
        )
    # Categories C* (control, format, private use, unassigned) and line or paragraph
    # separators are invisible or break layout, so two names could look identical.
    for char in clean:
        category = unicodedata.category(char)
        if category.startswith("C") or category in ("Zl", "Zp"):
            raise ConfigError(
                f"Invalid user name {clean!r}: it contains the control or invisible "
                f"character U+{ord(char):04X}."
            )
    return clean


def name_key(name: str) -> str:
    """Return the form that makes names unique: NFC, case-folded, NFC again.

    Case folding can produce decomposed characters, hence the second NFC.
    """
    return unicodedata.normalize("NFC", unicodedata.normalize("NFC", name).casefold())


def check_password(password: object) -> str:
    """Return ``password`` in NFC, or raise ConfigError when it is not text or too short.

    NFC makes a password typed with a composing Vietnamese keyboard match the same
    password typed with precomposed characters.
    """
    if not isinstance(password, str):
        raise ConfigError("Invalid password: expected text.")
    clean = unicodedata.normalize("NFC", password)
    if len(clean) < MIN_PASSWORD_CHARS:
        raise ConfigError(
            f"Invalid password: it has {len(clean)} characters, "
            f"the minimum is {MIN_PASSWORD_CHARS}."
        )
    return clean


def check_role(role: object) -> Role:
    """Return ``role`` if it is a known role, else raise ConfigError naming the valid ones."""
    for known in ROLES:
        if role == known and isinstance(role, str):
            return known
    raise ConfigError(f"Invalid role {role!r}; use one of: {', '.join(ROLES)}.")


# -- password hashing --------------------------------------------------------


def _scrypt(password: str, salt: bytes, n: int, r: int, p: int, dklen: int) -> bytes:
    # OpenSSL rejects maxmem below 128*r*(n+p+2) bytes, so add 1 MiB of headroom to that.
    maxmem = 128 * r * (n + p + 2) + (1 << 20)
    return hashlib.scrypt(
        password.encode("utf-8"), salt=salt, n=n, r=r, p=p, dklen=dklen, maxmem=maxmem
    )


def hash_password(password: str) -> str:
    """Hash ``password`` with scrypt and a random salt into ``scrypt$n$r$p$salt$hash``."""
    salt = secrets.token_bytes(SALT_BYTES)
    digest = _scrypt(password, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P, SCRYPT_DKLEN)
    encoded_salt = base64.b64encode(salt).decode("ascii")
    encoded_digest = base64.b64encode(digest).decode("ascii")
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${encoded_salt}${encoded_digest}"


def verify_password(password: str, stored: str) -> bool:
    """Return True when ``password`` matches ``stored``, hashed with the stored parameters.

    A malformed or unsupported ``stored`` value returns False.
    """
    parts = stored.split("$")
    if len(parts) != 6 or parts[0] != "scrypt":
        return False
    try:
        n, r, p = (int(value) for value in parts[1:4])
        salt = base64.b64decode(parts[4], validate=True)
        expected = base64.b64decode(parts[5], validate=True)
    except (ValueError, binascii.Error):
        return False
    if n < 2 or n & (n - 1) or r < 1 or p < 1 or not expected:
        return False
    if 128 * r * (n + p) > _MAX_SCRYPT_MEMORY:
        return False
    actual = _scrypt(password, salt, n, r, p, len(expected))
    return hmac.compare_digest(actual, expected)


@functools.cache
def _dummy_hash() -> str:
    """Return a hash of a random password, built on first use.

    Logins with an unknown name are checked against it, so they take as long as logins
    with a known name.
    """
    return hash_password(secrets.token_urlsafe(16))


# -- the store ---------------------------------------------------------------


def _check_user_id(user_id: object) -> None:
    if isinstance(user_id, bool) or not isinstance(user_id, int):
        raise ConfigError(f"Invalid user id {user_id!r}: expected an integer.")


def _user_from_row(row: sqlite3.Row) -> User:
    return User(
        user_id=row["user_id"],
        name=row["name"],
        access_level=row["access_level"],
        role=check_role(row["role"]),
        created_at=row["created_at"],
    )


class UserStore:
    """Create, check and manage local user profiles in one SQLite file.

    Args:
        db_path: the SQLite file, normally ``<data dir>/app.db``. The file and its folder
            are created if missing.

    The first user must be an admin, and the last admin cannot be deleted or demoted,
    so :meth:`is_empty` is True exactly until setup has created the first admin.
    """

    def __init__(self, db_path: Path) -> None:
        self.db_path = check_db_path(db_path)
        init_app_db(self.db_path, _SCHEMA)

    def is_empty(self) -> bool:
        """True when no user exists yet, which means the first admin must be created."""
        return not read_rows(self.db_path, "SELECT 1 FROM users LIMIT 1")

    def create_user(self, name: str, password: str, access_level: int, role: Role) -> User:
        """Validate the values, hash the password and insert a new profile.

        Raises:
            ConfigError: a value is invalid, the name is taken (ignoring case), or this is
                the first user and ``role`` is not ``"admin"``.
        """
        clean_name = normalize_name(name)
        clean_password = check_password(password)
        level = check_access_level(access_level)
        checked_role = check_role(role)
        password_hash = hash_password(clean_password)

        with write_transaction(self.db_path) as conn:
            if checked_role != "admin" and not conn.execute("SELECT 1 FROM users").fetchone():
                raise ConfigError(
                    f"Cannot create {clean_name!r} with role {checked_role!r}: "
                    "the first user must be an admin."
                )
            try:
                cursor = conn.execute(
                    "INSERT INTO users (name, name_key, password_hash, access_level, role,"
                    " created_at) VALUES (?, ?, ?, ?, ?, ?)",
                    (
                        clean_name,
                        name_key(clean_name),
                        password_hash,
                        level,
                        checked_role,
                        utc_now(),
                    ),
                )
            except sqlite3.IntegrityError:
                raise ConfigError(
                    f"User name {clean_name!r} is already taken (names ignore case); "
                    "choose another name."
                ) from None
            user_id = cursor.lastrowid
            row = conn.execute(
                f"SELECT {_USER_COLUMNS} FROM users WHERE user_id = ?", (user_id,)
            ).fetchone()

        user = _user_from_row(row)
        logger.info(
            "Created user %d (%r, role %s, level %d)", user.user_id, user.name, user.role, level
        )
        return user

    def authenticate(self, name: str, password: str) -> User:
        """Return the user whose name and password match, else raise AuthenticationError.

        An unknown name still costs one scrypt run, so response time does not reveal
        which names exist.
        """
        candidate = unicodedata.normalize("NFC", password) if isinstance(password, str) else ""
        key = name_key(unicodedata.normalize("NFC", name).strip()) if isinstance(name, str) else ""
        rows = read_rows(
            self.db_path,
            f"SELECT {_USER_COLUMNS}, password_hash FROM users WHERE name_key = ?",
            (key,),
        )
        if not rows:
            verify_password(candidate, _dummy_hash())
            logger.info("Login failed: unknown user name")
            raise AuthenticationError()

        row = rows[0]
        if not verify_password(candidate, row["password_hash"]):
            logger.info("Login failed for user %d: wrong password", row["user_id"])
            raise AuthenticationError()
        return _user_from_row(row)

    def list_users(self) -> list[User]:
        """Return every user, ordered by name ignoring case."""
        rows = read_rows(self.db_path, f"SELECT {_USER_COLUMNS} FROM users ORDER BY name_key")
        return [_user_from_row(row) for row in rows]

    def get_user(self, user_id: int) -> User:
        """Return the user with ``user_id``, or raise ConfigError when there is none."""
        _check_user_id(user_id)
        rows = read_rows(
            self.db_path, f"SELECT {_USER_COLUMNS} FROM users WHERE user_id = ?", (user_id,)
        )
        if not rows:
            raise ConfigError(f"User id {user_id} not found.")
        return _user_from_row(rows[0])

    def update_user(
        self,
        user_id: int,
        *,
        access_level: int | None = None,
        role: Role | None = None,
        password: str | None = None,
    ) -> User:
        """Change the given fields of one user and return the updated profile.

        Raises:
            ConfigError: a value is invalid, the user does not exist, or the change would
                demote the last admin.
        """
        level = None if access_level is None else check_access_level(access_level)
        checked_role = None if role is None else check_role(role)
        password_hash = None if password is None else hash_password(check_password(password))

        with write_transaction(self.db_path) as conn:
            current = self._fetch_for_write(conn, user_id)
            if checked_role == "user" and current["role"] == "admin":
                self._check_not_last_admin(conn, current, "demote")
            if level is not None:
                conn.execute(
                    "UPDATE users SET access_level = ? WHERE user_id = ?", (level, user_id)
                )
            if checked_role is not None:
                conn.execute("UPDATE users SET role = ? WHERE user_id = ?", (checked_role, user_id))
            if password_hash is not None:
                conn.execute(
                    "UPDATE users SET password_hash = ? WHERE user_id = ?", (password_hash, user_id)
                )
            row = conn.execute(
                f"SELECT {_USER_COLUMNS} FROM users WHERE user_id = ?", (user_id,)
            ).fetchone()

        changed = [
            field
            for field, value in (("access level", level), ("role", checked_role))
            if value is not None
        ]
        if password_hash is not None:
            changed.append("password")
        logger.info("Updated user %d: %s", user_id, ", ".join(changed) or "nothing")
        return _user_from_row(row)

    def delete_user(self, user_id: int) -> None:
        """Delete one user. Their feedback rows stay (see :mod:`vnsearch.feedback`).

        Raises:
            ConfigError: the user does not exist or is the last admin.
        """
        with write_transaction(self.db_path) as conn:
            current = self._fetch_for_write(conn, user_id)
            if current["role"] == "admin":
                self._check_not_last_admin(conn, current, "delete")
            conn.execute("DELETE FROM users WHERE user_id = ?", (user_id,))
        logger.info("Deleted user %d (%r)", user_id, current["name"])

    @staticmethod
    def _fetch_for_write(conn: sqlite3.Connection, user_id: int) -> sqlite3.Row:
        _check_user_id(user_id)
        row = conn.execute(
            f"SELECT {_USER_COLUMNS} FROM users WHERE user_id = ?", (user_id,)
        ).fetchone()
        if row is None:
            raise ConfigError(f"User id {user_id} not found.")
        return row

    @staticmethod
    def _check_not_last_admin(conn: sqlite3.Connection, current: sqlite3.Row, action: str) -> None:
        admins = conn.execute("SELECT COUNT(*) FROM users WHERE role = 'admin'").fetchone()[0]
        if admins <= 1:
            raise ConfigError(
                f"Cannot {action} {current['name']!r}: it is the last admin. "
                "Make another user an admin first."
            )
