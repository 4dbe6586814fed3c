"""Asking mpv what a viewer sees at a given millisecond, over its JSON IPC socket.

mpv runs headless (``--vo=null --ao=null``) and paused; we seek exactly and
read ``sub-text``.  Two facts shape this module:

- With video enabled, ``time-pos`` after an exact seek lands on a frame
  (40 ms steps at 25 fps) and subtitles follow the frame, so the video is
  switched off (``--vid=no``) and the clock is the audio's, which an exact
  seek places to the sample.  mpv decides on-screen subtitles at whole
  milliseconds, so probing ``start``, ``start-1``, ``end-1`` and ``end`` of a
  cue tests its times exactly.  A file without audio cannot be probed so.
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

TOLERANCE_S = 0.0004     # a landed seek is within 0.4 ms of its target


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
                "--vo=null", "--ao=null", "--vid=no", "--no-sub-auto", "--audio-file-auto=no",
                "--sub-fix-timing=no", "--msg-level=all=error", "--input-ipc-server=" + self.socket_path, *extra, "--", os.path.abspath(media)]
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
        lines = [l for l in data.decode("utf-8", "replace").splitlines() if l.strip()]
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
        """Seek to ``ms``; True when ``time-pos`` landed there."""
        target = ms / 1000
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
