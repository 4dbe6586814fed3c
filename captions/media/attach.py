"""Attach caption files to a video as selectable subtitle tracks (or burn one in).

What goes into which container, and why:

- MP4: subtitles must be ``mov_text`` (3GPP timed text); ffmpeg converts our
  SRT or VTT to it (reading them, never writing WebVTT itself).
- MKV: takes our SRT or VTT as they are (``-c:s copy``).
- WebM: only WebVTT, and only VP8/VP9/AV1 video with Opus/Vorbis audio; we
  check the input before doing any work rather than let ffmpeg fail late.

Audio and video are copied, never re-encoded (except the picture when a track
is burnt in).  Every caption file is read with our strict reader first,
because ffmpeg's demuxers stop silently at the first bad cue; after muxing,
each subtitle stream is counted and timed packet by packet against the file,
so a truncated or shifted track fails here, not in front of a viewer.  The
output goes to a temporary file in the output folder and is renamed over
the target only when complete; an input is never overwritten.
"""
from __future__ import annotations

import os
import re
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Optional, Sequence

from ..errors import InputError, OutputError, UsageError
from ..ffmpeg import MediaInfo, find_ffmpeg, local, probe, run_ffmpeg
from ..textio import atomic_output, refuse_overwrite
from .captionfiles import CaptionFile, load_captions
from ..languages import Language, lookup

# Output container by extension: (ffmpeg muxer, how subtitles are stored).
CONTAINERS = {
    ".mp4": ("mp4", "mov_text"), ".m4v": ("mp4", "mov_text"), ".mov": ("mov", "mov_text"),
    ".mkv": ("matroska", "copy"), ".webm": ("webm", "copy"),
}
WEBM_VIDEO = {"vp8", "vp9", "av1"}
WEBM_AUDIO = {"opus", "vorbis"}
BURN_STYLE = "FontName=DejaVu Sans"  # DejaVu has Cyrillic; libass finds it through fontconfig


@dataclass(frozen=True)
class AttachedTrack:
    path: str
    language: Language
    title: Optional[str]
    default: bool
    cues: int


@dataclass(frozen=True)
class AttachResult:
    output: str
    tracks: tuple[AttachedTrack, ...]   # soft tracks, in stream order
    burned: Optional[AttachedTrack]     # the track rendered into the picture, if any
    seconds: float
    warnings: tuple[str, ...] = ()

    def summary(self) -> str:
        parts = [f"{t.language.iso639_2} {t.title or ''}{' (default)' if t.default else ''}".strip()
                 for t in self.tracks]
        text = f"wrote {self.output}: {len(self.tracks)} subtitle track(s)"
        if parts:
            text += " [" + ", ".join(parts) + "]"
        if self.burned:
            text += f", {self.burned.language.name or self.burned.language.code} burnt into the picture"
        return text + f" ({self.seconds:.2f} s)"


def captioned_path(video: str, out_dir: Optional[str] = None) -> str:
    """Default output for ``generate --attach``: ``<out_dir>/<stem>.captioned<ext>``."""
    src = Path(video)
    ext = src.suffix.lower() if src.suffix.lower() in CONTAINERS else ".mkv"
    return str(Path(out_dir or src.parent) / f"{src.stem}.captioned{ext}")


def caption_format_for(out: str) -> str:
    """Which of our files to attach for ``generate --attach``: WebM takes only WebVTT;
    elsewhere SRT, whose speaker labels stay on screen (mov_text drops voice spans)."""
    return "vtt" if Path(out).suffix.lower() == ".webm" else "srt"


def attach(video: str, captions: Sequence[str], out: str, *,
           languages: Optional[Sequence[Optional[str]]] = None,
           default: Optional[str] = None, burn: Optional[str] = None,
           ffmpeg: Optional[str] = None) -> AttachResult:
    """Write ``out``: ``video`` with ``captions`` as subtitle tracks.

    ``languages`` overrides the language read from each file name (same
    order; None keeps the file name's).  ``default`` names the language of
    the default track (first track otherwise; ``"none"`` for no default).
    ``burn`` names the language to render into the picture with libass; that
    track is then not added again as a soft track.
    """
    started = time.monotonic()
    video, out = str(video), str(out)
    captions = [str(c) for c in captions]
    refuse_overwrite(out, [video, *captions])
    muxer, sub_codec = container_for(out)
    if not os.path.isfile(video):
        raise InputError("no such video file", path=video)
    if not captions:
        raise UsageError("give at least one caption file")

    files = load_captions(captions, languages)          # strict: any bad cue stops us here
    burnt = _pick(files, burn, "--burn") if burn else None
    soft = [f for f in files if f is not burnt]
    if muxer == "webm":
        not_vtt = [f.path for f in soft if f.format != "vtt"]
        if not_vtt:
            raise UsageError(f"WebM holds only WebVTT subtitles: give the .vtt file instead of {not_vtt[0]}")
    default_file = _default_track(soft, default)
    exe = find_ffmpeg(ffmpeg)
    info = probe(video, ffmpeg=exe)
    if not info.of_kind("video"):
        raise InputError("no video stream in this file", path=video)
    if muxer == "webm":
        _check_webm_codecs(info, reencode_video=burnt is not None)
    warnings = _late_cue_warnings(files, info)

    folder = Path(out).parent
    if not folder.is_dir():
        raise OutputError("output folder does not exist", path=str(folder))
    with atomic_output(out, inputs=[video, *captions]) as tmp:
        args = build_command(video, soft, tmp, muxer=muxer, sub_codec=sub_codec,
                             default_file=default_file, burnt=burnt)
        run_ffmpeg(args, ffmpeg=exe, what="ffmpeg (attach)")
        check_muxed_cues(tmp, soft, ffmpeg=exe)
    tracks = tuple(AttachedTrack(f.path, f.language, f.language.name, f is default_file, len(f.track.cues))
                   for f in soft)
    burned = (AttachedTrack(burnt.path, burnt.language, burnt.language.name, False, len(burnt.track.cues))
              if burnt else None)
    return AttachResult(out, tracks, burned, time.monotonic() - started, tuple(warnings))


def container_for(out: str) -> tuple[str, str]:
    ext = Path(out).suffix.lower()
    if ext not in CONTAINERS:
        raise UsageError(f"cannot tell the container from {out!r}: name it .mp4, .mkv or .webm")
    return CONTAINERS[ext]


def build_command(video: str, soft: Sequence[CaptionFile], out: str, *, muxer: str, sub_codec: str,
                  default_file: Optional[CaptionFile], burnt: Optional[CaptionFile]) -> list[str]:
    """The ffmpeg arguments (after the binary) that write ``out``."""
    args = ["-y", "-i", local(video)]
    for f in soft:
        args += ["-i", local(f.path)]
    if burnt:
        args += ["-map", "0:v:0", "-vf", burn_filter(local(burnt.path))]
        args += _burn_encoder(muxer)
    else:
        args += ["-map", "0:v", "-c:v", "copy"]
    args += ["-map", "0:a?", "-c:a", "copy"]
    for n in range(len(soft)):
        args += ["-map", f"{n + 1}:0"]
    if soft:
        args += ["-c:s", sub_codec]
    for n, f in enumerate(soft):
        args += [f"-metadata:s:s:{n}", f"language={f.language.iso639_2}"]
        if f.language.name:
            # Matroska shows "title"; MP4 players show the handler name.
            args += [f"-metadata:s:s:{n}", f"title={f.language.name}"]
            if sub_codec == "mov_text":
                args += [f"-metadata:s:s:{n}", f"handler_name={f.language.name}"]
        args += [f"-disposition:s:{n}", "default" if f is default_file else "0"]
    if muxer in ("mp4", "mov"):
        args += ["-movflags", "+faststart"]
    args += ["-f", muxer, local(out)]
    return args


def burn_filter(path: str, style: str = BURN_STYLE) -> str:
    """``subtitles=`` filter text for ``path``, escaped for both levels ffmpeg parses.

    A filter option value is unescaped once by the option parser (``\\ ' :``
    are special) and before that by the filter-graph parser (``\\ ' [ ] , ;``).
    Escaping backslash-wise at both levels survives any path: spaces, quotes,
    colons, commas, brackets.
    """
    return "subtitles=filename=" + _graph_escape(_option_escape(path)) + \
        ":force_style=" + _graph_escape(_option_escape(style))


def _option_escape(value: str) -> str:
    return re.sub(r"([\\':])", r"\\\1", value)


def _graph_escape(value: str) -> str:
    return re.sub(r"([\\'\[\],;])", r"\\\1", value)


def _burn_encoder(muxer: str) -> list[str]:
    if muxer == "webm":
        return ["-c:v", "libvpx-vp9", "-deadline", "realtime", "-cpu-used", "8",
                "-crf", "30", "-b:v", "0", "-row-mt", "1"]
    return ["-c:v", "libx264", "-preset", "veryfast", "-crf", "18", "-pix_fmt", "yuv420p"]


def _pick(files: Sequence[CaptionFile], wanted: str, option: str) -> CaptionFile:
    lang = lookup(wanted)
    for f in files:
        if f.language == lang or f.language.code == wanted.lower() or f.language.iso639_2 == wanted.lower():
            return f
    have = ", ".join(f.language.code for f in files)
    raise UsageError(f"{option} {wanted}: no caption file in that language (have: {have})")


def _default_track(soft: Sequence[CaptionFile], default: Optional[str]) -> Optional[CaptionFile]:
    if not soft or (default and default.lower() == "none"):
        return None
    return _pick(soft, default, "--default") if default else soft[0]


def _check_webm_codecs(info: MediaInfo, *, reencode_video: bool) -> None:
    bad = [] if reencode_video else [s for s in info.of_kind("video") if s.codec not in WEBM_VIDEO]
    bad += [s for s in info.of_kind("audio") if s.codec not in WEBM_AUDIO]
    if bad:
        s = bad[0]
        allowed = "VP8, VP9 or AV1 video" if s.kind == "video" else "Opus or Vorbis audio"
        raise InputError(f"WebM holds only {allowed}, and this {s.kind} is {s.codec}: "
                         "write .mkv or .mp4 instead (audio and video are copied, never re-encoded)",
                         path=info.path)


def _late_cue_warnings(files: Sequence[CaptionFile], info: MediaInfo) -> list[str]:
    if not info.duration_ms:
        return []
    out = []
    for f in files:
        late = [c for c in f.track.cues if c.start >= info.duration_ms]
        if late:
            out.append(f"{f.path}: {len(late)} cue(s) start after the video ends "
                       f"({info.duration_ms / 1000:.3f} s); players will never show them")
    return out


# -- after muxing: did every cue arrive, at its time? ------------------------------------------

_TB = re.compile(r"^#tb (\d+): (\d+)/(\d+)$")


def muxed_cue_times(path: str, *, ffmpeg: Optional[str] = None) -> list[list[tuple[int, int]]]:
    """(start, end) in ms of every non-empty subtitle packet, per subtitle stream.

    mov_text fills gaps between cues with empty samples (2 bytes: a zero
    length), so those are skipped.
    """
    proc = run_ffmpeg(["-i", local(path), "-map", "0:s?", "-c", "copy", "-f", "framecrc", "-"],
                      ffmpeg=ffmpeg, what="ffmpeg (reading subtitle packets)")
    timebase: dict[int, tuple[int, int]] = {}
    streams: dict[int, list[tuple[int, int]]] = {}
    for line in proc.stdout.decode("utf-8", "replace").splitlines():
        tb = _TB.match(line)
        if tb:
            timebase[int(tb[1])] = (int(tb[2]), int(tb[3]))
            streams.setdefault(int(tb[1]), [])
            continue
        if line.startswith("#") or not line.strip():
            continue
        fields = [x.strip() for x in line.split(",")]
        idx, pts, duration, size = int(fields[0]), int(fields[2]), int(fields[3]), int(fields[4])
        if size <= 2:
            continue
        num, den = timebase[idx]
        start = _to_ms(pts, num, den)
        streams[idx].append((start, _to_ms(pts + duration, num, den)))
    return [streams[i] for i in sorted(streams)]


def _to_ms(value: int, num: int, den: int) -> int:
    return (value * num * 1000 + den // 2) // den


def check_muxed_cues(path: str, soft: Sequence[CaptionFile], *, ffmpeg: Optional[str] = None) -> None:
    """Raise unless each subtitle stream holds exactly its file's cues, to the millisecond."""
    if not soft:
        return
    muxed = muxed_cue_times(path, ffmpeg=ffmpeg)
    for f, got in zip(soft, muxed + [[]] * (len(soft) - len(muxed))):
        want = sorted((c.start, c.end) for c in f.track.cues)
        got = sorted(got)
        if len(got) != len(want):
            raise InputError(f"ffmpeg muxed {len(got)} of its {len(want)} cues; "
                             "the file may hold something ffmpeg reads differently", path=f.path)
        for n, (w, g) in enumerate(zip(want, got), 1):
            if w != g:
                overlap = any(a[1] > b[0] for a, b in zip(want, want[1:]))
                hint = " (MP4 cannot hold overlapping cues: use .mkv)" if overlap else ""
                raise InputError(f"cue {n} muxed at {g[0]}-{g[1]} ms instead of {w[0]}-{w[1]} ms{hint}",
                                 path=f.path)
