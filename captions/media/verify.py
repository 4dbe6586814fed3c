"""Check caption files against what real players see, cue by cue, to the millisecond.

Three independent readers, each compared with our own strict reading of the
files (start, end and the text on screen):

- **chromium**: headless Chromium (through Playwright) opens the preview page;
  its own WebVTT parser fills ``video.textTracks``.  Browsers ignore subtitle
  streams inside a video, so this checks the sidecar files (an SRT file as
  the WebVTT copy of its displayed text).
- **ffmpeg**: for a video with subtitle streams, each stream is read back
  (copied out, or converted to SRT for mov_text) and matched to a file by
  language; for a video without them, ffmpeg's own demuxer reads each file
  (it stops silently at a bad cue, which is exactly what this catches).
- **mpv**: headless mpv over JSON IPC, embedded streams or sidecar files,
  probed at each cue's start, end and one millisecond either side.  mpv's own
  arithmetic ends some cues 1 ms early (see ``mpv_duration``); only there, and
  only by that millisecond, is it not a difference.
"""
from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass, field
from typing import Optional, Sequence

from ..errors import CaptionsError, MissingComponent, UsageError
from ..ffmpeg import MediaInfo, Stream, find_ffmpeg, local, probe, run_ffmpeg
from ..timestamps import vtt_timestamp
from .captionfiles import CaptionFile, ShownCue, display_text, load_captions, read_shown

PLAYERS = ("chromium", "ffmpeg", "mpv")
MAX_LISTED = 10          # differences listed per check; the rest are counted
END_MARGIN_MS = 100      # mpv cannot hold a frame this close to the end
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--no-first-run", "--disable-sync",
                  "--disable-dev-shm-usage", "--autoplay-policy=no-user-gesture-required"]


@dataclass
class Check:
    """One player reading one caption file."""

    player: str
    file: str
    source: str                       # "sidecar track", "stream #2 (ukr, webvtt)", ...
    cues: int = 0                     # cues in the file
    differences: list[str] = field(default_factory=list)
    hidden: int = 0                   # differences beyond MAX_LISTED
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.differences

    def differ(self, message: str) -> None:
        if len(self.differences) < MAX_LISTED:
            self.differences.append(message)
        else:
            self.hidden += 1


@dataclass
class VerifyReport:
    video: str
    checks: list[Check] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)   # (player, reason)

    @property
    def ok(self) -> bool:
        """True only when something was checked and nothing differed."""
        return bool(self.checks) and all(c.ok for c in self.checks)

    def format(self) -> str:
        lines = []
        for c in self.checks:
            name = os.path.basename(c.file)
            if c.ok:
                lines.append(f"ok        {c.player:<8} {name}: {c.cues} cues identical ({c.source})")
            else:
                count = len(c.differences) + c.hidden
                lines.append(f"DIFFERENT {c.player:<8} {name}: {count} difference(s) ({c.source})")
                lines += [f"    {d}" for d in c.differences]
                if c.hidden:
                    lines.append(f"    ... and {c.hidden} more")
            lines += [f"    note: {n}" for n in c.notes]
        for player, reason in self.skipped:
            lines.append(f"skipped   {player:<8} {reason}")
        bad = sum(not c.ok for c in self.checks)
        lines.append(f"{len(self.checks)} check(s), {bad} with differences"
                     + (f", {len(self.skipped)} player(s) skipped" if self.skipped else "")
                     + ("; nothing was checked" if not self.checks else ""))
        return "\n".join(lines)


def verify(video: str, captions: Sequence[str], *, players: Sequence[str] = PLAYERS,
           languages: Optional[Sequence[Optional[str]]] = None, ffmpeg: Optional[str] = None,
           require: bool = False) -> VerifyReport:
    """Compare ``captions`` with what each of ``players`` sees in ``video``.

    A player that is not installed is skipped with its reason, or raises
    MissingComponent when ``require`` is true.
    """
    unknown = [p for p in players if p not in PLAYERS]
    if unknown:
        raise UsageError(f"unknown player {unknown[0]!r} (choose from {', '.join(PLAYERS)})")
    files = load_captions([str(c) for c in captions], languages)
    exe = find_ffmpeg(ffmpeg)
    info = probe(str(video), ffmpeg=exe)
    matched = match_streams(files, info.of_kind("subtitle"))
    report = VerifyReport(str(video))
    for player in players:
        reason = missing_reason(player)
        if reason:
            if require:
                raise MissingComponent(f"{player}: {reason}")
            report.skipped.append((player, reason))
            continue
        if player == "chromium":
            report.checks += check_chromium(str(video), files)
        elif player == "ffmpeg":
            report.checks += check_ffmpeg(info, files, matched, ffmpeg=exe)
        elif player == "mpv":
            if not info.of_kind("audio"):
                report.skipped.append(("mpv", "the video has no audio stream; mpv's clock is "
                                              "exact to the millisecond only with audio"))
                continue
            report.checks += check_mpv(info, files, matched, ffmpeg=exe)
    return report


def missing_reason(player: str) -> Optional[str]:
    """Why ``player`` cannot run here, or None."""
    if player == "chromium":
        try:
            import playwright.sync_api  # noqa: F401
        except ImportError:
            return "Playwright is not installed (pip install playwright)"
        if not find_chromium():
            return "Chromium not found (Debian package: chromium; or set CAPTIONS_CHROMIUM)"
    elif player == "mpv":
        from .mpv import find_mpv
        if not find_mpv():
            return "mpv not found (Debian package: mpv)"
    return None


def find_chromium() -> Optional[str]:
    explicit = os.environ.get("CAPTIONS_CHROMIUM")
    if explicit:
        return explicit if os.path.isfile(explicit) else shutil.which(explicit)
    for name in ("/usr/bin/chromium", "chromium", "chromium-browser", "google-chrome"):
        found = name if os.path.isfile(name) else shutil.which(name)
        if found:
            return found
    return None


# -- comparing ----------------------------------------------------------------------------------

def compare(check: Check, expected: Sequence[ShownCue], got: Sequence[ShownCue], who: str) -> None:
    """Record every difference between the file's cues and what ``who`` read."""
    check.cues = len(expected)
    if len(got) != len(expected):
        check.differ(f"the file has {len(expected)} cues, {who} sees {len(got)}")
    for n, (want, seen) in enumerate(zip(expected, got), 1):
        where = f"cue {n} ({vtt_timestamp(want.start)})"
        if seen.start != want.start:
            check.differ(f"{where}: starts at {vtt_timestamp(want.start)} in the file, "
                         f"{vtt_timestamp(seen.start)} in {who}")
        if seen.end != want.end:
            check.differ(f"{where}: ends at {vtt_timestamp(want.end)} in the file, {vtt_timestamp(seen.end)} in {who}")
        if seen.text != want.text:
            check.differ(f"{where}: text {want.text!r} in the file, {seen.text!r} in {who}")


def normalise(text: str) -> str:
    return display_text(text.replace("\u00a0", " ").split("\n"))


def match_streams(files: Sequence[CaptionFile], streams: Sequence[Stream]) -> dict[int, Stream]:
    """Caption file index -> the subtitle stream holding it: same language, same kind of
    codec first, then stream order."""
    codec_for = {"vtt": "webvtt", "srt": "subrip"}
    used: set[int] = set()
    out: dict[int, Stream] = {}
    for n, f in enumerate(files):
        lang = f.language.iso639_2 if f.language.known else None
        same = [s for s in streams if s.index not in used and s.language == lang]
        same.sort(key=lambda s: (s.codec != codec_for[f.format], s.index))
        if same:
            out[n] = same[0]
            used.add(same[0].index)
    return out


# -- ffmpeg -------------------------------------------------------------------------------------

def check_ffmpeg(info: MediaInfo, files: Sequence[CaptionFile], matched: dict[int, Stream], *,
                 ffmpeg: Optional[str] = None) -> list[Check]:
    checks = []
    embedded = bool(info.of_kind("subtitle"))
    with tempfile.TemporaryDirectory(prefix="captions-verify-") as tmp:
        for n, f in enumerate(files):
            stream = matched.get(n)
            if embedded and stream is None:
                check = Check("ffmpeg", f.path, "no stream", len(f.shown))
                check.differ(f"no subtitle stream in {os.path.basename(info.path)} has language "
                             f"{f.language.iso639_2}")
                checks.append(check)
                continue
            if stream is not None:
                source = f"stream #{stream.index} ({stream.language or 'und'}, {stream.codec})"
                if stream.codec in ("subrip", "webvtt"):
                    fmt, codec = ("vtt" if stream.codec == "webvtt" else "srt"), "copy"
                else:                     # mov_text and friends: ffmpeg converts to SRT
                    fmt, codec = "srt", "srt"
                args = ["-i", local(info.path), "-map", f"0:{stream.index}"]
            else:
                source = "ffmpeg's own demuxer reading the file"
                fmt, codec = f.format, "copy"
                args = ["-i", local(f.path), "-map", "0:s:0"]
            out = os.path.join(tmp, f"{n}.{fmt}")
            check = Check("ffmpeg", f.path, source)
            checks.append(check)
            try:
                run_ffmpeg(["-y", *args, "-c:s", codec, "-f", "webvtt" if fmt == "vtt" else "srt", local(out)],
                           ffmpeg=ffmpeg, what="ffmpeg")
                got, problems = read_shown(out, fmt)
            except CaptionsError as exc:
                check.cues = len(f.shown)
                check.differ(f"ffmpeg could not read it back: {exc}")
                continue
            compare(check, f.shown, got, "ffmpeg")
            check.notes += [f"ffmpeg's output: {p}" for p in problems[:3]]
    return checks


# -- mpv ----------------------------------------------------------------------------------------
#
# mpv ends some cues one millisecond early, by its own arithmetic (mpv 0.35.1, Debian 12; the
# same in mpv master).  A packet's duration in seconds is a double: mpv's own Matroska demuxer
# (demux/demux_mkv.c, handle_block) divides the block's nanoseconds by 1e9, libavformat's
# (demux/demux_lavf.c, for MP4 and sidecar SRT/VTT) multiplies the ticks by av_q2d(time base).
# Before decoding, common/av_common.c mp_set_av_packet converts it back to milliseconds with
# ``dst->duration = mpkt->duration / av_q2d(*tb)``: a double assigned to an int64, truncated.
# 5.802 s / 0.001 is 5801.999..., so a cue of 5802 ms shows for 5801 (sub/lavc_conv.c takes
# the decoder's end_display_time, which libavcodec copies from that packet duration).  Starts
# go through llrint and stay exact.  Which durations lose the millisecond depends only on the
# container's time base: of the durations 1..20000 ms, 8398 in MP4 (mov_text, ticks of 1 us;
# 13 of the seed's 31 cues), 2613 in MKV and WebM (1 ms; 1 of 31), 173 in a sidecar SRT or VTT
# (1 ms through libavformat).
# ``mpv_duration`` repeats that arithmetic in Python's IEEE doubles, as C does on x86-64 and
# arm64; verify accepts the millisecond only where it predicts the loss, and counts it in a note.

def mpv_duration(ms: int, matroska: bool, timebase: tuple[int, int]) -> int:
    """How many milliseconds mpv shows a cue of ``ms`` stored with ``timebase`` (num, den s)."""
    num, den = timebase
    ticks = round(ms * den / (1000 * num))
    if matroska:                                  # demux_mkv: ns / 1e9
        seconds = ticks * num * 1_000_000_000 // den / 1e9
    else:                                         # demux_lavf: ticks * av_q2d(time base)
        seconds = ticks * (num / den)
    return int(seconds / (1 / 1000))              # mp_set_av_packet: truncated to int64


@dataclass(frozen=True)
class Probe:
    """One moment mpv is asked about."""

    ms: int
    cue: int          # the cue (from 1) whose edge this is
    want: str         # what the file says a viewer sees then
    rounded: str      # what mpv shows then after its own rounding (usually ``want``)


def probe_points(cues: Sequence[ShownCue], rounded: Optional[Sequence[ShownCue]] = None) -> list[Probe]:
    """Probes at each cue's edges: ``start`` and ``end - 1`` must show the cue, ``start - 1``
    and ``end`` whatever else covers that moment (usually nothing).

    ``rounded`` is the same cues as mpv times them (see ``mpv_duration``); the edges of
    both are probed.  Moments covered by two cues at once are left out: how a player
    stacks them is its own affair.
    """
    rounded = list(rounded if rounded is not None else cues)
    points: dict[int, int] = {}
    for n, (cue, mine) in enumerate(zip(cues, rounded), 1):
        for t in sorted({cue.start - 1, cue.start, cue.end - 1, cue.end, mine.end - 1, mine.end}):
            if t >= 0:
                points.setdefault(t, n)
    out = []
    for t, n in sorted(points.items()):
        covering = [c.text for c in cues if c.start <= t < c.end]
        covering_mpv = [c.text for c in rounded if c.start <= t < c.end]
        if len(covering) <= 1 and len(covering_mpv) <= 1:
            out.append(Probe(t, n, covering[0] if covering else "", covering_mpv[0] if covering_mpv else ""))
    return out


def check_mpv(info: MediaInfo, files: Sequence[CaptionFile], matched: dict[int, Stream], *,
              ffmpeg: Optional[str] = None) -> list[Check]:
    """One mpv per file, its track chosen on the command line.

    Switching tracks in a running mpv is not enough: its demuxer cache holds
    the range already read without the new track's packets, and the first cues
    stay blank after seeking back.
    """
    from .mpv import MpvError, MpvSession

    embedded = sorted(s.index for s in info.of_kind("subtitle"))
    checks = []
    for n, f in enumerate(files):
        stream = matched.get(n)
        if stream is not None:
            extra = [f"--sid={embedded.index(stream.index) + 1}"]
            source = f"stream #{stream.index} ({stream.language or 'und'}, {stream.codec})"
            # mpv reads Matroska and WebM with its own demuxer, the rest through libavformat.
            timebase = stream_timebase(info.path, stream.index, ffmpeg=ffmpeg)
            matroska = "matroska" in info.format
        else:
            extra = [f"--sub-file={os.path.abspath(f.path)}", f"--sid={len(embedded) + 1}"]
            source = "sidecar file"
            timebase = stream_timebase(f.path, 0, ffmpeg=ffmpeg)
            matroska = False
        check = Check("mpv", f.path, source, len(f.shown))
        checks.append(check)
        try:
            with MpvSession(info.path, extra) as session:
                _probe_file(session, f, stream, check, (matroska, timebase) if timebase else None)
        except MpvError as exc:
            check.differ(f"mpv could not play it: {exc}")
    return checks


def stream_timebase(path: str, index: int, *, ffmpeg: Optional[str] = None) -> Optional[tuple[int, int]]:
    """(num, den) seconds per tick of stream ``index`` of ``path`` as libavformat stores it
    (from the header of ffmpeg's packet dump, which stops at the first packet); None when
    ffmpeg cannot tell, and then no rounding of mpv's is excused."""
    try:
        proc = run_ffmpeg(["-i", local(path), "-map", f"0:{index}", "-c", "copy", "-frames", "1",
                           "-f", "framecrc", "-"], ffmpeg=ffmpeg, what="ffmpeg (reading a time base)")
    except CaptionsError:
        return None
    for line in proc.stdout.decode("utf-8", "replace").splitlines():
        if line.startswith("#tb 0: "):
            num, den = line[len("#tb 0: "):].split("/")
            return int(num), int(den)
    return None


def _probe_file(session, f: CaptionFile, stream: Optional[Stream], check: Check,
                timing: Optional[tuple[bool, tuple[int, int]]]) -> None:
    import time

    deadline = time.monotonic() + 5
    while True:   # track selection settles a moment after the file has loaded
        subs = session.wait_external_subs(0 if stream is not None else 1)
        chosen = next((t for t in subs if t.get("selected")), None)
        if chosen is not None or time.monotonic() > deadline:
            break
        time.sleep(0.02)
    if stream is not None:
        right = chosen is not None and not chosen.get("external") and chosen.get("ff-index") == stream.index
    else:
        right = chosen is not None and chosen.get("external") and \
            _same_path(chosen.get("external-filename", ""), f.path)
    if not right:
        check.differ("mpv did not select the subtitle track for this file")
        return
    end_ms = int((session.get("duration") or 0) * 1000) or 10 ** 12
    _settle(session, f.shown)
    rounded = [ShownCue(c.start, c.start + mpv_duration(c.end - c.start, *timing), c.text)
               for c in f.shown] if timing else list(f.shown)
    unprobed = 0
    early: set[int] = set()
    for point in probe_points(f.shown, rounded):
        # At the very end mpv reaches EOF and clears the subtitle: no verdict there.
        seen = _look(session, point.ms) if point.ms < end_ms - END_MARGIN_MS else None
        if seen is not None and seen not in (point.want, point.rounded):
            seen = _look(session, point.ms)   # once more: rule out a seek that landed during start-up
        if seen is None:
            unprobed += 1
        elif seen == point.want:
            continue
        elif seen == point.rounded:
            early.add(point.cue)
        else:
            cue = f.shown[point.cue - 1]
            check.differ(f"cue {point.cue} ({vtt_timestamp(cue.start)}): at {vtt_timestamp(point.ms)} "
                         f"mpv shows {seen!r}, the file says {point.want!r}")
    if early:
        check.notes.append(f"mpv ends {len(early)} cue(s) 1 ms early, as its own arithmetic predicts "
                           "(a float duration truncated to whole ms); the stream's times are exact")
    if unprobed:
        check.notes.append(f"{unprobed} of the cue edges not compared: mpv could not seek "
                           f"there exactly (the last {END_MARGIN_MS} ms, or an imprecise seek)")


def _look(session, ms: int) -> Optional[str]:
    """The text mpv shows at ``ms``; None when it cannot seek there exactly."""
    if not session.seek_exact(ms):
        return None
    return normalise(session.sub_text())


def _settle(session, cues: Sequence[ShownCue], timeout: float = 2.0) -> None:
    """After a track switch, wait until mpv shows the first cue (its decoder restarts)."""
    import time

    if not cues:
        return
    middle = (cues[0].start + cues[0].end) // 2
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if _look(session, middle):
            return
        time.sleep(0.02)


def _same_path(a: str, b: str) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return os.path.abspath(a) == os.path.abspath(b)


# -- chromium -----------------------------------------------------------------------------------

_READ_TRACKS_JS = """
async () => {
  const video = document.getElementById('video');
  const elements = Array.from(video.querySelectorAll('track'));
  for (let i = 0; i < video.textTracks.length; i++)
    if (video.textTracks[i].mode === 'disabled') video.textTracks[i].mode = 'hidden';
  const deadline = Date.now() + 10000;
  while (Date.now() < deadline && elements.some(e => e.readyState < 2)) await new Promise(r => setTimeout(r, 20));
  const videoDeadline = Math.min(deadline, Date.now() + 5000);
  while (video.currentSrc && Date.now() < videoDeadline && video.readyState < 1 && !video.error)
    await new Promise(r => setTimeout(r, 20));
  return {
    video: {readyState: video.readyState, error: video.error ? video.error.code : null},
    tracks: elements.map((e, i) => ({
      state: e.readyState,
      cues: Array.from(video.textTracks[i].cues || []).map(c => ({
        start: c.startTime, end: c.endTime, shown: c.getCueAsHTML().textContent}))
    }))
  };
}
"""


def read_in_chromium(url: str, *, chromium: Optional[str] = None) -> dict:
    """What the page at ``url`` shows in headless Chromium: each track's cues."""
    from playwright.sync_api import Error as PlaywrightError, sync_playwright

    profile = tempfile.mkdtemp(prefix="captions-chromium-")
    try:
        with sync_playwright() as p:
            try:
                context = p.chromium.launch_persistent_context(
                    profile, executable_path=chromium or find_chromium(), headless=True,
                    args=CHROMIUM_FLAGS)
            except PlaywrightError as exc:
                raise MissingComponent(f"Chromium did not start: {str(exc).splitlines()[0]}") from None
            try:
                page = context.new_page()
                page.goto(url, wait_until="domcontentloaded")
                return page.evaluate(_READ_TRACKS_JS)
            finally:
                context.close()
    finally:
        shutil.rmtree(profile, ignore_errors=True)


def read_served(server) -> dict:
    """Start ``server`` (a PreviewServer), read its page in Chromium, stop it."""
    server.start()
    try:
        return read_in_chromium(server.url)
    finally:
        server.shutdown()
        server.server_close()


def check_chromium(video: str, files: Sequence[CaptionFile]) -> list[Check]:
    from .preview import make_server

    server, tracks = make_server(video, files, one_per_language=False)
    seen = read_served(server)
    checks = []
    for track, result in zip(tracks, seen["tracks"]):
        f = track.file
        check = Check("chromium", f.path, "sidecar track" if f.format == "vtt"
                      else "sidecar track, WebVTT copy of the SRT's displayed text")
        checks.append(check)
        if result["state"] != 2:
            check.cues = len(f.shown)
            check.differ("Chromium could not load the track (no WEBVTT header, or not served)")
            continue
        got = [ShownCue(round(c["start"] * 1000), round(c["end"] * 1000), normalise(c["shown"]))
               for c in result["cues"]]
        compare(check, f.shown, got, "Chromium")
    video_state = seen["video"]
    if checks and (video_state["error"] or video_state["readyState"] < 1):
        checks[0].notes.append("Chromium cannot play this video itself (codec or container); "
                               "the cues were still read")
    return checks
