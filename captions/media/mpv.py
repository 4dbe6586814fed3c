"""Asking mpv what a viewer sees at a given millisecond, over its JSON IPC socket.

mpv runs headless (``--vo=null --ao=null``) and paused; we seek exactly and
read ``sub-text``.  What shapes this module (mpv 0.35.1's source, which is
Debian 12's mpv, and mpv master where it differs):

- With video enabled, ``time-pos`` after an exact seek lands on a frame
  (40 ms steps at 25 fps) and subtitles follow the frame, so the video is
  switched off (``--vid=no``) and the clock is the audio's, which an exact
  seek places to the sample.  A file without audio cannot be probed so.
- mpv decides the text on screen at whole milliseconds: ``get_text_buf`` in
  sub/sd_ass.c shows an event when ``Start <= ms < Start + Duration`` with
  ``ms = llrint(pts * 1000)`` (0.35; master since 74271a7d80 uses
  ``floor(pts * 1000 + 1e-6)``).  A probe of millisecond ``t`` therefore
  seeks to ``t + 0.25 ms``, which both rules read as ``t`` whatever sample
  the seek lands on (they agree only on ``[t, t + 0.5)``).
- ``--cache=yes``: seeks are served from the demuxer's packet cache.  Without
  it, on a WebM whose first block is audio (Opus, starting 6.5 ms before the
  video), every seek with ``--vid=no`` re-reads the file from its start:
  demux_mkv.c ``demux_mkv_read_cues`` keeps the first entry of its
  incremental index (that audio block, at the file's start) and
  ``demux_mkv_seek`` asks ``seek_with_cues`` for the audio track's entries,
  of which that is the only one (ffmpeg writes cue points for video and
  subtitles).  Measured at 100 s into a 2.5 min clip: 204 ms a seek, 8 ms
  with the audio shifted after the video, 1 ms with the cache.  Video is
  deselected, so the cache holds only audio and subtitle packets.
- The first seek during start-up is sometimes dropped, and seeks within the
  last audio frame land late: every seek is checked against ``time-pos`` and
  retried; a probe that never lands is reported as not probed, not as a
  difference.
"""
from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import tempfile
import time
from typing import Any, Optional, Sequence

from ..errors import MissingComponent

AIM_MS = 0.25            # probe millisecond t at t + 0.25 ms (see above)
TOLERANCE_S = 0.0002     # a landed seek is within 0.2 ms of its aim: inside [t, t + 0.5)


class MpvError(Exception):
    pass


def find_mpv() -> Optional[str]:
    return shutil.which("mpv")


class MpvSession:
    """One headless mpv process playing ``media`` (context manager)."""

    def __init__(self, media: str, extra: Sequence[str] = (), *, mpv: Optional[str] = None,
                 timeout: float = 10.0) -> None:
        exe = mpv or find_mpv()
        if not exe:
            raise MissingComponent("mpv not found (Debian package: mpv)")
        self.folder = tempfile.mkdtemp(prefix="captions-mpv-")
        self.socket_path = os.path.join(self.folder, "ipc.sock")
        self.timeout = timeout
        args = [exe, "--no-config", "--pause", "--idle=no", "--keep-open=always",
                "--vo=null", "--ao=null", "--vid=no", "--cache=yes", "--no-sub-auto",
                "--audio-file-auto=no", "--sub-fix-timing=no", "--msg-level=all=error",
                "--input-ipc-server=" + self.socket_path, *extra, "--", os.path.abspath(media)]
        # stderr to a file: a pipe nobody reads could fill up and stall mpv.
        self.log_path = os.path.join(self.folder, "mpv.log")
        with open(self.log_path, "wb") as log:
            self.process = subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                            stderr=log)
        self.events: list[dict] = []
        self._next_id = 0
        self._buffer = b""
        try:
            self._connect()
            self._wait_loaded()
        except BaseException:
            self.close()
            raise

    # -- plumbing
    def _connect(self) -> None:
        deadline = time.monotonic() + self.timeout
        while True:
            if self.process.poll() is not None:
                raise MpvError(f"mpv exited at start-up: {self._stderr_tail()}")
            if os.path.exists(self.socket_path):
                try:
                    self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
                    self.sock.connect(self.socket_path)
                    return
                except OSError:
                    self.sock.close()
            if time.monotonic() > deadline:
                raise MpvError("mpv did not open its IPC socket")
            time.sleep(0.01)

    def _stderr_tail(self) -> str:
        try:
            with open(self.log_path, "rb") as log:
                data = log.read()
        except OSError:
            data = b""
        lines = [line for line in data.decode("utf-8", "replace").splitlines() if line.strip()]
        return lines[-1] if lines else f"exit code {self.process.returncode}"

    def _read_message(self, deadline: float) -> dict:
        while b"\n" not in self._buffer:
            left = deadline - time.monotonic()
            if left <= 0:
                raise MpvError("mpv did not answer in time")
            self.sock.settimeout(left)
            try:
                chunk = self.sock.recv(65536)
            except socket.timeout:
                continue
            if not chunk:
                raise MpvError(f"mpv closed the connection: {self._stderr_tail()}")
            self._buffer += chunk
        line, self._buffer = self._buffer.split(b"\n", 1)
        return json.loads(line)

    def command(self, *args: Any) -> Any:
        self._next_id += 1
        rid = self._next_id
        self.sock.sendall(json.dumps({"command": list(args), "request_id": rid}).encode() + b"\n")
        deadline = time.monotonic() + self.timeout
        while True:
            message = self._read_message(deadline)
            if message.get("request_id") == rid:
                if message.get("error") != "success":
                    raise MpvError(f"mpv {args[0]}: {message.get('error')}")
                return message.get("data")
            if "event" in message:
                self.events.append(message)

    def get(self, name: str, default: Any = None) -> Any:
        try:
            return self.command("get_property", name)
        except MpvError:
            return default

    def _wait_event(self, name: str, timeout: float = 5.0) -> bool:
        deadline = time.monotonic() + timeout
        while True:
            for i, event in enumerate(self.events):
                if event.get("event") == name:
                    del self.events[:i + 1]
                    return True
            try:
                message = self._read_message(deadline)
            except MpvError:
                return False
            if "event" in message:
                self.events.append(message)

    def _wait_loaded(self) -> None:
        deadline = time.monotonic() + self.timeout
        while self.get("duration") is None:
            if time.monotonic() > deadline:
                raise MpvError("mpv did not load the file")
            time.sleep(0.01)

    # -- what a test needs
    def tracks(self, kind: str = "sub") -> list[dict]:
        return [t for t in self.get("track-list", []) if t.get("type") == kind]

    def wait_external_subs(self, count: int, timeout: float = 5.0) -> list[dict]:
        """Subtitle tracks once ``count`` external files have loaded (they load after the file)."""
        deadline = time.monotonic() + timeout
        while True:
            subs = self.tracks("sub")
            if sum(bool(t.get("external")) for t in subs) >= count or time.monotonic() > deadline:
                return subs
            time.sleep(0.02)

    def select_sub(self, track_id: int) -> None:
        self.command("set_property", "sid", track_id)

    def seek_exact(self, ms: int, tries: int = 4) -> bool:
        """Seek to millisecond ``ms`` (its first half); True when ``time-pos`` landed there."""
        target = (ms + AIM_MS) / 1000
        for _ in range(tries):
            self.events.clear()
            try:
                self.command("seek", target, "absolute+exact")
            except MpvError:            # refused while still starting up: try again
                time.sleep(0.05)
                continue
            self._wait_event("playback-restart", 2.0)
            pos = self.get("time-pos")
            if self.get("eof-reached"):    # at the very end mpv clears the subtitle: no verdict
                return False
            if pos is not None and abs(pos - target) <= TOLERANCE_S:
                return True
        return False

    def sub_text(self) -> str:
        return self.get("sub-text") or ""

    def close(self) -> None:
        try:
            if getattr(self, "sock", None):
                try:
                    self.command("quit")
                except Exception:
                    pass
                self.sock.close()
        finally:
            if self.process.poll() is None:
                self.process.terminate()
                try:
                    self.process.wait(2)
                except subprocess.TimeoutExpired:
                    self.process.kill()
                    self.process.wait()
            shutil.rmtree(self.folder, ignore_errors=True)

    def __enter__(self) -> "MpvSession":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()
