"""Installed Argos Translate packages: find, list, install.  No torch, no surprises.

We use ``argostranslate.package`` for what it does well (reading a package's
metadata and tokenizer) and do the rest ourselves, because argostranslate's
own paths have offline traps: ``install_from_path`` imports
``argostranslate.translate`` (spacy, stanza, torch: ~4 s and 300 MB),
``get_available_packages`` with no local index recurses until RecursionError,
and a missing pair surfaces as AttributeError on None.  Folders are read from
the environment at call time (ARGOS_PACKAGES_DIR, settings.json, XDG_DATA_HOME),
the same places argostranslate looks, so that both always agree.
"""
from __future__ import annotations

import json
import os
import shutil
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Optional

from ..errors import CaptionsError, InputError, MissingComponent

INDEX_URL = "https://raw.githubusercontent.com/argosopentech/argospm-index/main/"
NETWORK_TIMEOUT = 15  # seconds; a hanging connection must not look like a hung tool


PIVOT = "en"  # nearly every Argos package translates into or out of English


class MissingPair(MissingComponent):
    """No installed package, or chain of two, translates between the languages (exit 1).

    ``missing`` lists the pairs a user could install to make it work: the
    direct pair, and for a pivot through English the hop(s) not installed.
    """

    def __init__(self, source: str, target: str, *, pivot_missing: tuple[str, ...] = ()) -> None:
        commands = f"`captions models install {source} {target}`"
        pivot = ""
        if pivot_missing:
            hops = [f"{source} -> {PIVOT}", f"{PIVOT} -> {target}"]
            have = [h for h in hops if h not in pivot_missing]
            pivot = (f", nor {' and '.join(pivot_missing)} to translate through English"
                     + (f" ({have[0]} is installed)" if have else ""))
            commands += " or " + " and ".join(
                f"`captions models install {h.replace(' -> ', ' ')}`" for h in pivot_missing)
        super().__init__(
            f"no translation model for {source} -> {target} is installed{pivot}; install "
            f"one with {commands} (online) or "
            f"`captions models install FILE.argosmodel` (offline, from a file)"
        )
        self.source, self.target = source, target
        self.pivot_missing = pivot_missing


@dataclass(frozen=True)
class InstalledPair:
    source: str
    target: str
    name: str
    version: str
    path: Path


def _argos_package_module():
    try:
        import argostranslate.package as argos_package
    except ImportError:
        raise MissingComponent(
            "translation needs Argos Translate: pip install 'captions[translate]'"
        ) from None
    return argos_package


def _home() -> Path:
    if "SNAP" in os.environ and "SNAP_USER_DATA" in os.environ:
        return Path(os.environ["SNAP_USER_DATA"])
    return Path.home()


def _settings_file_value(key: str) -> Optional[str]:
    config = Path(os.getenv("XDG_CONFIG_HOME", _home() / ".config"))
    try:
        value = json.loads((config / "argos-translate" / "settings.json").read_text()).get(key)
    except (OSError, ValueError, AttributeError):
        return None
    return str(value) if value else None


def packages_dir() -> Path:
    """Where argostranslate installs packages, as it would compute it now."""
    explicit = os.getenv("ARGOS_PACKAGES_DIR") or _settings_file_value("ARGOS_PACKAGES_DIR")
    if explicit:
        return Path(explicit)
    data = Path(os.getenv("XDG_DATA_HOME", _home() / ".local" / "share"))
    return data / "argos-translate" / "packages"


def package_dirs() -> list[Path]:
    dirs = [packages_dir()]
    snap = os.getenv("SNAP")
    if snap:  # packages bundled with the argos snap, as argostranslate.settings does
        bundled = Path(snap) / "snap_custom" / "packages"
        if bundled.is_dir():
            dirs.append(bundled)
    return dirs


def installed_packages() -> list:
    """argostranslate ``Package`` objects of every readable installed translate package.

    A broken folder is skipped (argostranslate itself would crash on it).
    """
    argos_package = _argos_package_module()
    found = []
    for folder in package_dirs():
        if not folder.is_dir():
            continue
        for sub in sorted(folder.iterdir()):
            if not (sub / "metadata.json").is_file():
                continue
            try:
                pkg = argos_package.Package(sub)
            except Exception:  # bad JSON, unreadable files: not a usable package
                continue
            if getattr(pkg, "type", "translate") == "translate" and pkg.from_code and pkg.to_code:
                found.append(pkg)
    return found


def installed_pairs() -> list[InstalledPair]:
    return [
        InstalledPair(p.from_code, p.to_code, p.package_path.name, p.package_version or "?",
                      p.package_path)
        for p in installed_packages()
    ]


def _version_key(version: str):
    return tuple(int(part) if part.isdigit() else 0 for part in str(version).split("."))


def _newest(packages: list, source: str, target: str):
    matches = [p for p in packages if p.from_code == source and p.to_code == target]
    return max(matches, key=lambda p: _version_key(p.package_version)) if matches else None


def find_package(source: str, target: str):
    """The installed package for ``source -> target`` (newest version), or MissingPair."""
    found = _newest(installed_packages(), source, target)
    if found is None:
        raise MissingPair(source, target)
    return found


def find_route(source: str, target: str) -> tuple:
    """The packages that take ``source`` to ``target``: one, or two through a pivot.

    A direct package wins.  Otherwise the route goes through English, as
    Argos Translate's own pivot does, or, failing that, through any other
    language both hops are installed for.  Raises MissingPair naming what
    to install; nothing is downloaded.
    """
    packages = installed_packages()
    direct = _newest(packages, source, target)
    if direct is not None:
        return (direct,)
    middles = [PIVOT] + sorted({p.to_code for p in packages if p.from_code == source} - {PIVOT})
    for middle in middles:
        if middle in (source, target):
            continue
        first, second = _newest(packages, source, middle), _newest(packages, middle, target)
        if first is not None and second is not None:
            return (first, second)
    if PIVOT in (source, target):
        raise MissingPair(source, target)
    missing = tuple(f"{a} -> {b}" for a, b in ((source, PIVOT), (PIVOT, target))
                    if _newest(packages, a, b) is None)
    raise MissingPair(source, target, pivot_missing=missing)


# ---- installing ----------------------------------------------------------

def _check_archive(path: Path) -> tuple[str, dict]:
    """The single top-level folder of a package archive and its metadata."""
    if not path.is_file():
        raise InputError("no such file", path=str(path))
    if not zipfile.is_zipfile(path):
        raise InputError("not an Argos Translate package (.argosmodel is a zip archive)",
                         path=str(path))
    with zipfile.ZipFile(path) as zf:
        names = [n for n in zf.namelist() if n.strip("/")]
        tops = {n.split("/", 1)[0] for n in names}
        if len(tops) != 1:
            raise InputError("not an Argos Translate package (expected one top folder)",
                             path=str(path))
        top = tops.pop()
        for name in names:  # no absolute paths or ".." escaping the packages folder
            if name.startswith("/") or ".." in Path(name).parts:
                raise InputError(f"unsafe path in package archive: {name!r}", path=str(path))
        try:
            meta = json.loads(zf.read(f"{top}/metadata.json"))
        except KeyError:
            raise InputError("not an Argos Translate package (no metadata.json)",
                             path=str(path)) from None
        except ValueError:
            raise InputError("package metadata.json is not valid JSON", path=str(path)) from None
        if not isinstance(meta, dict):
            raise InputError("package metadata.json is not an object", path=str(path))
        return top, meta


def install_file(path) -> InstalledPair:
    """Install an .argosmodel file offline (replaces an installed copy atomically)."""
    path = Path(path)
    top, meta = _check_archive(path)
    dest_root = packages_dir()
    final = dest_root / top
    try:
        dest_root.mkdir(parents=True, exist_ok=True)
        # Unpack beside the packages folder, then rename into it: argostranslate
        # crashes on any folder in there without metadata.json, so a half-done
        # install must never be visible inside it.
        staging = Path(tempfile.mkdtemp(prefix=".captions-install-", dir=dest_root.parent))
        try:
            with zipfile.ZipFile(path) as zf:
                zf.extractall(staging / "new")
            if final.exists():
                final.rename(staging / "old")
            (staging / "new" / top).rename(final)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    except OSError as exc:
        raise CaptionsError(f"cannot install into {dest_root}: {exc.strerror or exc}",
                            path=str(path)) from None
    except zipfile.BadZipFile as exc:
        raise InputError(f"damaged package archive: {exc}", path=str(path)) from None
    return InstalledPair(meta.get("from_code", "?"), meta.get("to_code", "?"), top,
                         str(meta.get("package_version", "?")), final)


def index_url() -> str:
    url = os.getenv("ARGOS_PACKAGE_INDEX") or _settings_file_value("ARGOS_PACKAGE_INDEX") \
        or INDEX_URL
    return url if url.endswith("/") else url + "/"


class OfflineError(CaptionsError):
    """The package index or a download could not be reached."""


def _fetch(url: str, progress: Optional[Callable[[int, int], None]] = None) -> bytes:
    import urllib.error
    import urllib.request

    request = urllib.request.Request(url, headers={"User-Agent": "captions"})
    try:
        with urllib.request.urlopen(request, timeout=NETWORK_TIMEOUT) as response:
            total = int(response.headers.get("Content-Length") or 0)
            chunks, done = [], 0
            while True:
                chunk = response.read(1 << 16)
                if not chunk:
                    break
                chunks.append(chunk)
                done += len(chunk)
                if progress:
                    progress(done, total)
            return b"".join(chunks)
    except urllib.error.HTTPError as exc:
        raise OfflineError(f"cannot download {url}: the server answered {exc.code} "
                           f"{exc.reason}") from None
    except Exception as exc:  # URLError, timeouts, a socket guard: all mean "offline"
        reason = getattr(exc, "reason", None) or exc
        raise OfflineError(
            f"cannot download {url} ({reason}); offline? Install from a file instead: "
            "captions models install FILE.argosmodel"
        ) from None


def install_from_index(source: str, target: str, *, progress: bool = True) -> InstalledPair:
    """Download the ``source -> target`` package from the Argos index and install it."""
    from ..progress import ProgressBar

    raw = _fetch(index_url() + "index.json")
    try:
        index = json.loads(raw)
    except ValueError:
        raise OfflineError("the Argos package index is not valid JSON; try again later") from None
    candidates = [m for m in index if isinstance(m, dict)
                  and m.get("from_code") == source and m.get("to_code") == target
                  and m.get("type", "translate") == "translate" and m.get("links")]
    if not candidates:
        raise MissingComponent(f"the Argos package index has no {source} -> {target} model")
    meta = max(candidates, key=lambda m: _version_key(m.get("package_version", "0")))
    bar = ProgressBar(f"downloading {source}->{target}", unit="MB", scale=1 / 1e6,
                      enabled=progress)
    data = None
    errors = []
    for link in meta["links"]:
        try:
            data = _fetch(link, bar.update_total)
            break
        except OfflineError as exc:
            errors.append(str(exc))
    bar.close()
    if data is None:
        raise OfflineError(errors[-1])
    with tempfile.TemporaryDirectory(prefix="captions-argos-") as tmp:
        file = Path(tmp) / f"translate-{source}_{target}.argosmodel"
        file.write_bytes(data)
        return install_file(file)
