"""Text in and out at the edges: decoding inputs, writing outputs atomically."""
from __future__ import annotations

import os
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterable, Iterator, Optional, Union

from .errors import EncodingError, InputError, OutputError

PathLike = Union[str, os.PathLike]


def read_bytes(path: PathLike) -> bytes:
    """Read a whole input file; ``-`` is standard input."""
    name = str(path)
    if name == "-":
        return sys.stdin.buffer.read()
    p = Path(name)
    try:
        return p.read_bytes()
    except FileNotFoundError:
        raise InputError("no such file", path=name) from None
    except IsADirectoryError:
        raise InputError("is a directory, not a file", path=name) from None
    except PermissionError:
        raise InputError("permission denied", path=name) from None
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}", path=name) from None


def decode(data: bytes, *, path: str = "<input>", encoding: Optional[str] = None) -> str:
    """Bytes to text with LF line ends.

    Accepts UTF-8 with or without BOM and UTF-16 with BOM; anything else is an
    error naming the byte offset, line and column, unless ``encoding`` says
    what it is.  Normalising line ends once here means no later stage ever
    sees a CR.
    """
    if encoding:
        try:
            text = data.decode(encoding)
        except LookupError:
            raise InputError(f"unknown encoding {encoding!r}", path=path) from None
        except UnicodeDecodeError as exc:
            raise _decode_error(data, exc, path, encoding) from None
        text = text.lstrip("\ufeff")
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise _decode_error(data, exc, path, "UTF-16") from None
    elif _looks_binary(data):
        raise InputError(f"binary data{_kind_of(data)}, not text", path=path)
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise _decode_error(data, exc, path, "UTF-8") from None
    if "\x00" in text:
        raise InputError("binary data (NUL characters), not text", path=path)
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _decode_error(data: bytes, exc: UnicodeDecodeError, path: str, what: str) -> InputError:
    offset = exc.start
    before = data[:offset]
    line = before.count(b"\n") + 1
    column = offset - (before.rfind(b"\n") + 1) + 1
    return EncodingError(f"not valid {what} at byte {offset} (line {line}, column {column})", path=path)


# What a file that is not text most likely is, by its first bytes.
_MAGIC = ((b"\x1a\x45\xdf\xa3", "a Matroska/WebM video"), (b"RIFF", "a WAV/AVI file"),
          (b"ID3", "an MP3 file"), (b"OggS", "an Ogg file"), (b"fLaC", "a FLAC file"),
          (b"\x89PNG", "a PNG image"), (b"\xff\xd8\xff", "a JPEG image"), (b"GIF8", "a GIF image"),
          (b"%PDF", "a PDF document"), (b"PK\x03\x04", "a zip archive"))


def _looks_binary(data: bytes) -> bool:
    """NUL bytes (which no text without a UTF-16 BOM has) or the signature of a media file."""
    head = data[:8192]
    return b"\x00" in head or any(head.startswith(magic) for magic, _ in _MAGIC) or head[4:8] == b"ftyp"


def _kind_of(data: bytes) -> str:
    if data[4:8] == b"ftyp":
        return " (an MP4/MOV video?)"
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            return f" ({kind}?)"
    return ""


def encode(text: str, *, bom: bool = False, crlf: bool = False) -> bytes:
    if crlf:
        text = text.replace("\n", "\r\n")
    return ("\ufeff" if bom else "").encode() + text.encode("utf-8")


def write_atomic(path: PathLike, data: bytes, *, inputs: Iterable[PathLike] = ()) -> None:
    """Write ``data`` to ``path`` so that a crash leaves the old file or none."""
    write_all_atomic([(path, data)], inputs=inputs)


def write_all_atomic(files: Iterable[tuple[PathLike, bytes]], *,
                     inputs: Iterable[PathLike] = ()) -> None:
    """Write several files as one step: all of them are new, or none is.

    Each file's bytes go to a temporary file in its target's folder and are
    flushed to disk; only when every one is complete are they renamed over
    their targets (rename is atomic within a file system).  So a full disk, an
    error or Ctrl-C part-way leaves the old files exactly as they were, and a
    reader (or a second run writing the same folder) never sees half a file.
    An output that is one of the ``inputs`` is refused: inputs are sacred.
    """
    pending = [(Path(path), data) for path, data in files]
    inputs = tuple(inputs)
    for target, _ in pending:
        refuse_overwrite(target, inputs)
    staged: list[tuple[str, Path]] = []
    current = pending[0][0] if pending else Path(".")
    try:
        for current, data in pending:
            tmp = _temporary(current)
            staged.append((tmp, current))
            with open(tmp, "wb") as handle:
                handle.write(data)
            _seal(tmp)
        for tmp, target in staged:
            os.replace(tmp, target)
    except BaseException as exc:  # includes KeyboardInterrupt: never leave temp files
        _discard(tmp for tmp, _ in staged)
        if isinstance(exc, OSError):
            raise OutputError(f"cannot write: {exc.strerror or exc}", path=str(current)) from None
        raise


@contextmanager
def atomic_output(target: PathLike, *, inputs: Iterable[PathLike] = ()) -> Iterator[str]:
    """A temporary path beside ``target`` for another program (ffmpeg) to write.

    When the block ends normally the file is flushed to disk and renamed over
    ``target``; on any error, Ctrl-C included, it is removed and ``target``
    stays as it was.  The temporary name keeps the target's extension, which
    ffmpeg reads to choose a muxer.
    """
    target = Path(target)
    refuse_overwrite(target, tuple(inputs))
    tmp = _temporary(target)
    try:
        yield tmp
        _seal(tmp)
        os.replace(tmp, target)
    except BaseException as exc:
        _discard([tmp])
        if isinstance(exc, OSError):
            raise OutputError(f"cannot write: {exc.strerror or exc}", path=str(target)) from None
        raise


def _temporary(target: Path) -> str:
    """An empty file in the target's folder (same file system, so rename is atomic)."""
    folder = target.parent
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part" + target.suffix,
                                   dir=folder)
    except FileNotFoundError:
        raise OutputError("output folder does not exist", path=str(folder)) from None
    except OSError as exc:
        raise OutputError(f"cannot write here: {exc.strerror or exc}", path=str(folder)) from None
    os.close(fd)
    return tmp


def _seal(tmp: str) -> None:
    """On disk before the rename makes it visible, readable like any new file."""
    fd = os.open(tmp, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
    os.chmod(tmp, 0o644)


def _discard(paths: Iterable[str]) -> None:
    for tmp in paths:
        try:
            os.unlink(tmp)
        except OSError:
            pass


def ensure_folder(folder: PathLike) -> None:
    """Create an output folder (and its parents) or say in one line why not."""
    try:
        Path(folder).mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise OutputError("output path exists and is not a folder", path=str(folder)) from None
    except OSError as exc:
        raise OutputError(f"cannot create output folder: {exc.strerror}", path=str(folder)) from None


def refuse_overwrite(target: PathLike, inputs: Iterable[PathLike]) -> None:
    """Inputs are sacred: an output that is one of them (by path or by inode) is refused."""
    for source in inputs:
        if str(source) != "-" and _same_file(Path(target), Path(source)):
            raise OutputError("output would overwrite the input", path=str(target))


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve() or (a.exists() and b.exists() and os.path.samefile(a, b))
    except OSError:
        return False
