"""On-disk translation cache: a rerun of the same sentences is instant.

One SQLite file, ``$XDG_CACHE_HOME/captions/translations.sqlite3``.  The key
is a hash of the package identity (codes, version, folder name, the model
file's size and modification time, the metadata), the decoding settings and
the exact sentence sent to the model (after glossary protection, so changing
a glossary's *targets* still hits the cache).  A cache that cannot be opened
or written is simply not used: caching must never make a run fail.
"""
from __future__ import annotations

import hashlib
import os
import sqlite3
from pathlib import Path
from typing import Iterable, Optional


def cache_dir() -> Path:
    return Path(os.getenv("XDG_CACHE_HOME") or Path.home() / ".cache") / "captions"


def package_identity(pkg) -> str:
    """A string that changes whenever the installed package's model could change."""
    path = Path(pkg.package_path)
    parts = [pkg.from_code, pkg.to_code, str(pkg.package_version), path.name]
    for name in ("model/model.bin", "metadata.json", "sentencepiece.model", "bpe.model"):
        try:
            st = (path / name).stat()
        except OSError:
            continue
        parts.append(f"{name}:{st.st_size}:{st.st_mtime_ns}")
    return "|".join(parts)


def entry_key(identity: str, settings: str, sentence: str) -> str:
    return hashlib.sha256("\x1f".join((identity, settings, sentence)).encode()).hexdigest()


class TranslationCache:
    def __init__(self, path: Optional[Path] = None) -> None:
        self.path = path or cache_dir() / "translations.sqlite3"
        self._db: Optional[sqlite3.Connection] = None
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            db = sqlite3.connect(str(self.path), timeout=5)
            db.execute("CREATE TABLE IF NOT EXISTS translation "
                       "(key TEXT PRIMARY KEY, target TEXT NOT NULL)")
            self._db = db
        except (OSError, sqlite3.Error):
            self._db = None

    def get_many(self, keys: Iterable[str]) -> dict[str, str]:
        if self._db is None:
            return {}
        keys = list(dict.fromkeys(keys))
        found: dict[str, str] = {}
        try:
            for i in range(0, len(keys), 500):  # SQLite's host-parameter limit
                chunk = keys[i:i + 500]
                marks = ",".join("?" * len(chunk))
                found.update(self._db.execute(
                    f"SELECT key, target FROM translation WHERE key IN ({marks})", chunk))
        except sqlite3.Error:
            return {}
        return found

    def put_many(self, items: dict[str, str]) -> None:
        if self._db is None or not items:
            return
        try:
            with self._db:
                self._db.executemany(
                    "INSERT OR REPLACE INTO translation (key, target) VALUES (?, ?)",
                    items.items())
        except sqlite3.Error:
            pass

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None
