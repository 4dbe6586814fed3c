"""What makes an item up to date: a fingerprint of its inputs, its options and its models.

An item's record in the report keeps, for each input file (transcript,
media, glossary, TOML profile), its path, size, modification time and
SHA-256, and a fingerprint: the SHA-256 of the package version, the job's
effective options, those content hashes and the identity of each
translation model used.  A rerun skips an item whose fingerprint is the same
and whose output files are still the ones it wrote.

Reading every input again on each rerun would make a rerun of an archive as
slow as copying it, so a file whose size and modification time are what the
record says keeps its recorded hash without being read (as git's index
does); a file whose time changed is hashed again, and if its content is the
same the item is still up to date.
"""
from __future__ import annotations

import dataclasses
import hashlib
import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Mapping, Optional

from .. import __version__
from ..errors import CaptionsError, InputError

if TYPE_CHECKING:
    from ..job import JobOptions

CHUNK = 1 << 20
VOLATILE = {"progress"}     # options that never change what is written


def input_files(options: "JobOptions") -> dict[str, str]:
    """The files an item reads, by role."""
    files = {"transcript": options.source}
    if options.media_path:
        files["media"] = options.media_path
    if options.glossary:
        files["glossary"] = options.glossary
    if isinstance(options.profile, str) and options.profile.lower().endswith(".toml"):
        files["profile"] = options.profile
    return files


def file_hash(path: str) -> str:
    digest = hashlib.sha256()
    try:
        with open(path, "rb") as handle:
            while block := handle.read(CHUNK):
                digest.update(block)
    except FileNotFoundError:
        raise InputError("no such file", path=path) from None
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}", path=path) from None
    return digest.hexdigest()


def stat_of(path: str) -> Optional[tuple[int, int]]:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_size, st.st_mtime_ns


def describe_inputs(options: "JobOptions", previous: Optional[Mapping[str, Any]] = None, *,
                    read: bool = True) -> Optional[dict[str, dict[str, Any]]]:
    """``{role: {path, size, mtime_ns, sha256}}`` for every input.

    A file unchanged in size and time since ``previous`` (a record) keeps its
    recorded hash.  With ``read=False`` nothing is read: None when any file
    would have to be (the caller then leaves the decision to the worker).
    """
    known = (previous or {}).get("inputs") or {}
    out = {}
    for role, path in input_files(options).items():
        st = stat_of(path)
        old = known.get(role) or {}
        if st is not None and old.get("path") == path and (old.get("size"), old.get("mtime_ns")) == st:
            sha = old["sha256"]
        elif not read:
            return None
        else:
            sha = file_hash(path)
            st = stat_of(path) or (0, 0)
        out[role] = {"path": path, "size": st[0], "mtime_ns": st[1], "sha256": sha}
    return out


def model_identities(options: "JobOptions", *,
                     identity: Optional[Callable[[str, str], str]] = None) -> dict[str, str]:
    """The installed model used for each target language (a reinstalled or newer package
    changes the translations, so it changes the fingerprint)."""
    if not options.translate:
        return {}
    identity = identity or installed_model
    return {target: identity(options.source_language, target) for target in options.translate}


def installed_model(source: str, target: str) -> str:
    try:
        from ..translate.cache import package_identity
        from ..translate.models import find_package

        return package_identity(find_package(source, target))
    except CaptionsError:
        return "not installed"


def fingerprint(options: "JobOptions", inputs: Mapping[str, Mapping[str, Any]],
                models: Mapping[str, str]) -> str:
    settings = {f.name: _plain(getattr(options, f.name))
                for f in dataclasses.fields(options) if f.name not in VOLATILE}
    blob = json.dumps({"version": __version__, "options": settings,
                       "inputs": {role: info["sha256"] for role, info in inputs.items()},
                       "models": dict(models)}, sort_keys=True)
    return hashlib.sha256(blob.encode()).hexdigest()


def _plain(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {"type": type(value).__name__, **{k: _plain(v) for k, v in dataclasses.asdict(value).items()}}
    if isinstance(value, (tuple, list)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, Path):
        return str(value)
    return value


# ---------------------------------------------------------------- outputs

def describe_output(path: str) -> dict[str, Any]:
    st = stat_of(path) or (0, 0)
    return {"path": path, "size": st[0], "mtime_ns": st[1], "sha256": file_hash(path)}


def outputs_intact(record: Mapping[str, Any], *, read: bool = True) -> bool:
    """Every file the record lists is still there and still the one written (same size and
    time, or, with ``read``, the same content)."""
    outputs = record.get("outputs") or []
    if not outputs:
        return False
    for out in outputs:
        st = stat_of(out["path"])
        if st is None or st[0] != out.get("size"):
            return False
        if st[1] == out.get("mtime_ns"):
            continue
        if not read:
            return False
        try:
            if file_hash(out["path"]) != out.get("sha256"):
                return False
        except CaptionsError:
            return False
    return True


def up_to_date(record: Optional[Mapping[str, Any]], digest: Optional[str], *, read: bool = True) -> bool:
    return (record is not None and digest is not None
            and record.get("status") in ("ok", "skipped")
            and record.get("fingerprint") == digest
            and outputs_intact(record, read=read))
