"""The review room's HTTP server: 127.0.0.1 only, a secret token on every request.

It is the preview server (byte ranges for the video, a fixed set of
resources) behind a gate:

- every path starts with a random token, printed in the URL at start and
  compared in constant time; without it: 403.  Another user of the machine,
  or a web page open in the same browser, can neither read nor write;
- the Host header must name 127.0.0.1 or localhost on our port (a DNS
  rebinding page cannot pass) and a POST must come from our own origin with a
  JSON body;
- only the page, its vendored scripts, the video and the caption files named
  on the command line (addressed by their number, never by a path) can be
  read or written; anything else is 404, and nothing lists a directory;
- request bodies are limited in size (413).

The page itself sets a Content-Security-Policy that allows nothing from
anywhere but this server, so no script, style or font comes from a CDN.
"""
from __future__ import annotations

import contextlib
import hmac
import json
import secrets
from http import HTTPStatus
from importlib import resources as package_files
from typing import Any, Optional
from urllib.parse import urlsplit

from ..errors import CaptionsError
from ..media.preview import VIDEO_TYPES, PreviewServer, Resource, _Handler
from .session import Conflict, ReviewSession, edits_from_json

STATIC_TYPES = {".html": "text/html; charset=utf-8", ".js": "text/javascript; charset=utf-8",
                ".css": "text/css; charset=utf-8", ".txt": "text/plain; charset=utf-8"}
PAGE_FILES = ("review.js", "review.css")
VENDOR_FILES = ("wavesurfer.esm.js", "regions.esm.js", "timeline.esm.js",
                "LICENSE.wavesurfer.txt")

CSP = ("default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
       "img-src 'self' data: blob:; media-src 'self' blob:; connect-src 'self'; "
       "base-uri 'none'; form-action 'none'; frame-ancestors 'none'")


def static_resources() -> dict[str, tuple[str, Resource]]:
    """The page and its scripts, from the package (they ship in the wheel)."""
    root = package_files.files("captions.review") / "static"
    found: dict[str, tuple[str, Resource]] = {
        "/": (STATIC_TYPES[".html"], (root / "index.html").read_bytes())}
    for name in PAGE_FILES:
        found[f"/static/{name}"] = (_type(name), (root / name).read_bytes())
    for name in VENDOR_FILES:
        found[f"/static/vendor/{name}"] = (_type(name), (root / "vendor" / name).read_bytes())
    return found


def _type(name: str) -> str:
    return STATIC_TYPES["." + name.rsplit(".", 1)[-1]]


class ReviewServer(PreviewServer):
    """Serves one :class:`ReviewSession` at ``url`` (which carries the token)."""

    def __init__(self, session: ReviewSession, port: int = 0,
                 token: Optional[str] = None) -> None:
        from pathlib import Path

        self.session = session
        self.token = token or secrets.token_urlsafe(24)
        found = static_resources()
        ext = Path(session.video).suffix.lower()
        vtype = VIDEO_TYPES.get(ext) or "application/octet-stream"
        if ext in (".m4a", ".mp3", ".wav", ".ogg", ".opus", ".flac"):
            vtype = {".m4a": "audio/mp4", ".mp3": "audio/mpeg", ".wav": "audio/wav",
                     ".ogg": "audio/ogg", ".opus": "audio/ogg", ".flac": "audio/flac"}[ext]
        found["/media/video" + ext] = (vtype, str(session.video))
        total = sum(len(f.on_disk) for f in session.files)
        # A cue list as JSON is about twice its file; leave room for every file at once.
        self.max_body = min(256 << 20, (2 << 20) + 8 * total)
        try:
            super().__init__(found, port)
        except OSError as exc:
            from ..errors import UsageError
            raise UsageError(f"cannot listen on 127.0.0.1:{port}: {exc.strerror or exc}") from None
        self.RequestHandlerClass = _ReviewHandler
        session.start_peaks()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/{self.token}/"


class _ReviewHandler(_Handler):
    server: ReviewServer

    def end_headers(self) -> None:
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Referrer-Policy", "no-referrer")
        self.send_header("X-Frame-Options", "DENY")
        self.send_header("Content-Security-Policy", CSP)
        super().end_headers()

    # -- the gate

    def _inside(self) -> Optional[str]:
        """The path after the token, or None when the request was answered (403)."""
        port = self.server.server_address[1]
        host = (self.headers.get("Host") or "").lower()
        if host not in (f"127.0.0.1:{port}", f"localhost:{port}"):
            self._plain(403, "forbidden: wrong Host")
            return None
        path = urlsplit(self.path).path
        first, slash, rest = path.lstrip("/").partition("/")
        if not path.startswith("/") or not hmac.compare_digest(
                first.encode("utf-8", "replace"), self.server.token.encode()):
            self._plain(403, "forbidden: open the address captions review printed "
                             "(it carries the token)")
            return None
        if not slash:                           # /TOKEN -> /TOKEN/, so relative URLs work
            self.send_response(301)
            self.send_header("Location", f"/{self.server.token}/")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return None
        return "/" + rest

    # -- GET and HEAD: the fixed resources, the state, the peaks

    def do_GET(self) -> None:
        self._get(body=True)

    def do_HEAD(self) -> None:
        self._get(body=False)

    def _get(self, body: bool) -> None:
        path = self._inside()
        if path is None:
            return
        session = self.server.session
        try:
            if path == "/api/state":
                self._send(200, "application/json", _json(session.state()), body)
            elif path == "/api/peaks":
                self._send(200, "application/octet-stream", session.peaks(), body)
            else:
                self.path = path                # the preview handler serves the rest (ranges)
                self._respond(body)
        except CaptionsError as exc:
            self._send(500, "application/json", _json({"error": str(exc)}), body)

    # -- POST: check and save

    def do_POST(self) -> None:
        path = self._inside()
        if path is None:
            return
        if path not in ("/api/check", "/api/save"):
            self._plain(404, "not found")
            return
        origin = self.headers.get("Origin")
        if origin is not None and origin != f"http://{self.headers.get('Host')}":
            self._plain(403, "forbidden: another origin")
            return
        if not (self.headers.get("Content-Type") or "").startswith("application/json"):
            self._plain(415, "send JSON")
            return
        payload = self._body()
        if payload is None:
            return
        try:
            if path == "/api/check":
                n = self._file_number(payload.get("file"))
                edits = edits_from_json(payload.get("cues"), self.server.session.files[n].doc)
                answer = self.server.session.check(n, edits).to_json()
            else:
                answer = {"files": [self._save(item) for item in _list(payload.get("files"))]}
        except _NotFound:
            self._plain(404, "not found")
            return
        except (ValueError, TypeError, AttributeError) as exc:
            self._send(400, "application/json", _json({"error": str(exc)}))
            return
        except CaptionsError as exc:
            self._send(500, "application/json", _json({"error": str(exc)}))
            return
        self._send(200, "application/json", _json(answer))

    def _save(self, item: Any) -> dict[str, Any]:
        if not isinstance(item, dict):
            raise TypeError("each file to save must be an object")
        n = self._file_number(item.get("file"))
        session = self.server.session
        edits = edits_from_json(item.get("cues"), session.files[n].doc)
        try:
            return session.save(n, edits, force=item.get("force") is True)
        except Conflict as exc:
            return {"file": n, "error": str(exc), "conflict": True}
        except CaptionsError as exc:
            return {"file": n, "error": str(exc)}

    def _file_number(self, value: Any) -> int:
        files = self.server.session.files
        if isinstance(value, int) and not isinstance(value, bool) and 0 <= value < len(files):
            return value
        raise _NotFound()                      # only the files named on the command line

    def _body(self) -> Optional[dict]:
        length = self.headers.get("Content-Length")
        if length is None:
            self._plain(411, "Content-Length required")
            return None
        try:
            size = int(length)
        except ValueError:
            size = -1
        if size < 0:
            self._plain(400, "bad Content-Length")
            return None
        if size > self.server.max_body:
            self.close_connection = True       # the body is not read: drop the connection
            self._plain(413, f"request too large (at most {self.server.max_body} bytes)")
            return None
        try:
            payload = json.loads(self.rfile.read(size).decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
            self._send(400, "application/json", _json({"error": "not JSON"}))
            return None
        if not isinstance(payload, dict):
            self._send(400, "application/json", _json({"error": "expected a JSON object"}))
            return None
        return payload

    def _send(self, status: int, ctype: str, data: bytes, body: bool = True) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        if body:
            self.wfile.write(data)

    def send_error(self, code: int, message: Optional[str] = None, explain: Optional[str] = None) -> None:
        """http.server's own errors (bad request line, unknown method) without its HTML page."""
        self.close_connection = True
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self._plain(code, message or HTTPStatus(code).phrase)


class _NotFound(Exception):
    pass


def _list(value: Any) -> list:
    if not isinstance(value, list):
        raise TypeError("files must be a list")
    return value


def _json(data: Any) -> bytes:
    return json.dumps(data, ensure_ascii=False, allow_nan=False).encode("utf-8")
