"""One captioning job, wired once: options in, files out.

``JobOptions`` holds everything a job needs (layout profile, timing,
formats, file style, languages, glossary, media, attach...), checked when it
is made.  ``run_job`` runs the whole job with it and returns what it did;
it prints nothing, so the commands (``captions generate``, ``captions
translate``) are thin adapters that parse arguments and print, and a Python
user gets the same job in one call::

    from captions import JobOptions, run_job
    result = run_job(JobOptions("talk.txt", translate=("uk",), glossary="names.tsv"))

The stages, in order, each a function of values: read the source (a
transcript, or an SRT/WebVTT file to translate), make the track (segment and
time it from the text), align it to the media's speech, render and check
every file, write the files of each language atomically, translate into each
target language, attach the files to the video.  Every argument is checked
before any work is done or any file written; a failing translation still
leaves the source language's files, and the failure is reported last.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Optional, Sequence, Union

from .errors import CaptionsError, UsageError
from .formats import FORMATS, READABLE, FileStyle, format_of_path, get_format
from .languages import split_caption_name
from .model import Track
from .profiles import Profile, load_profile
from .speakers import SPEAKER_LABELS
from .timing import DEFAULT_WPM

if TYPE_CHECKING:
    from .align import AlignResult
    from .check.report import FileReport
    from .media.attach import AttachResult
    from .translate import Glossary, TranslationResult

MAX_TIME_MS = 360_000_000         # 100 hours: beyond this a time is a typo
_LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}(?:-[a-z0-9]{2,8})?$")


@dataclass(frozen=True)
class JobOptions:
    """Everything one job needs.  Invalid values raise ``UsageError`` here.

    ``source`` is a transcript (Storyful page, ``Name: text`` turns or plain
    paragraphs) or, for translating existing captions, an SRT or WebVTT file;
    ``-`` reads standard input.  Times are integer milliseconds.
    """

    source: str
    source_format: Optional[str] = None    # "transcript", "subtitles", "srt" or "vtt" (default: the name's)
    output: str = "output"                 # folder; "-": one file to standard output
    name: Optional[str] = None             # stem of the output files (default: the source's)
    formats: tuple[str, ...] = ("srt", "vtt")
    language: Optional[str] = None         # the source's language (default: file name tag, else en)
    encoding: Optional[str] = None         # the source's text encoding when not UTF-8/UTF-16
    profile: Union[str, Profile, None] = None   # a name, a .toml path or a Profile; None: each language's own
    max_chars: Optional[int] = None        # overrides of the profile, for every language
    max_lines: Optional[int] = None
    start_ms: int = 0                      # when the speech begins in the video
    duration_ms: Optional[int] = None      # the video's length (default: the media's, if given)
    wpm: float = DEFAULT_WPM               # speaking rate incl. pauses when no length is known
    media: Optional[str] = None            # audio or video whose speech times the cues
    video: Optional[str] = None            # the video: implies media; with attach, muxed
    trim: bool = False                     # leave out text after the last speech the media holds
    attach: bool = False
    translate: tuple[str, ...] = ()        # target languages
    glossary: Optional[str] = None         # CSV/TSV of names and terms
    threads: int = 1
    jobs: Optional[int] = None             # processes aligning long media (None: one per core)
    beam: int = 4
    cache: bool = True
    speaker_labels: str = "turn"
    bom: bool = False
    crlf: bool = False
    ffmpeg: Optional[str] = None
    progress: bool = False                 # progress bars on stderr (a terminal only)
    check: bool = True                     # check each file written, as `captions check` would
    write_source: bool = True              # write the source language's files too

    def __post_init__(self) -> None:
        formats = (self.formats,) if isinstance(self.formats, str) else tuple(self.formats)
        for fmt in formats:
            get_format(fmt)
        if not formats and not self.source_is_subtitles:   # () for subtitles: the source's own
            raise UsageError("--formats needs at least one of " + ", ".join(FORMATS))
        targets = tuple(dict.fromkeys(_language_code(t, "--translate") for t in self.translate))
        object.__setattr__(self, "formats", tuple(dict.fromkeys(formats)))
        object.__setattr__(self, "translate", targets)
        if self.language is not None:
            object.__setattr__(self, "language", _language_code(self.language, "--language"))
        if self.max_chars is not None and not 10 <= self.max_chars <= 200:
            raise UsageError(f"--max-chars must be 10-200 characters, not {self.max_chars}")
        if self.max_lines is not None and not 1 <= self.max_lines <= 5:
            raise UsageError(f"--max-lines must be 1-5, not {self.max_lines}")
        if not (0 < self.wpm <= 1000):
            raise UsageError(f"--wpm must be more than 0 and at most 1000 words per minute, not {self.wpm:g}")
        if not 0 <= self.start_ms <= MAX_TIME_MS:
            raise UsageError("--start must be between 0 and 360000 seconds")
        if self.duration_ms is not None:
            if not 0 < self.duration_ms <= MAX_TIME_MS:
                raise UsageError("--duration must be more than 0 and at most 360000 seconds")
            if self.duration_ms <= self.start_ms:
                raise UsageError(f"--duration ({self.duration_ms / 1000:g} s) must be after "
                                 f"--start ({self.start_ms / 1000:g} s)")
        if self.jobs is not None and self.jobs < 1:
            raise UsageError(f"--jobs must be 1 or more, not {self.jobs}")
        if self.threads < 0 or self.beam < 1:
            raise UsageError("--threads must be 0 (all cores) or more and --beam 1 or more")
        if self.attach and not self.video:
            raise UsageError("--attach needs --video")
        if self.media and self.video and not _same_path(self.media, self.video):
            raise UsageError("give --media or --video, not both (--video is the media too)")
        if self.media_path and self.source_is_subtitles:
            raise UsageError("--media/--video time a transcript; an SRT/WebVTT file keeps its own times")
        if self.source_format not in (None, "transcript", "subtitles", *READABLE):
            raise UsageError(f"source_format must be transcript, subtitles, {', '.join(READABLE)}")
        if self.speaker_labels not in SPEAKER_LABELS:
            raise UsageError(f"speaker labels must be one of {', '.join(SPEAKER_LABELS)}, "
                             f"not {self.speaker_labels!r}")
        load_profile(self.profile, language=self.source_language)   # a bad --profile fails now
        languages = (self.source_language,) * self.write_source + self.translate
        if self.output == "-" and (len(languages) != 1 or len(self.formats) > 1 or self.attach):
            raise UsageError("-o - writes exactly one format of one language to stdout")
        if self.source_language in self.translate:
            raise UsageError(f"--translate {self.source_language}: the source is already in "
                             f"{self.source_language} (give its language with --language if it is not)")
        if self.attach:
            needed = _attach_format(self.video or "")
            if needed not in self.formats:
                raise UsageError(f"--attach to {Path(self.video or '').suffix or 'this video'} "
                                 f"needs {needed} in --formats")

    # -- derived values --------------------------------------------------------
    @property
    def media_path(self) -> Optional[str]:
        return self.video or self.media

    @property
    def source_is_subtitles(self) -> bool:
        if self.source_format is not None:
            return self.source_format != "transcript"
        return format_of_path(self.source) in READABLE

    @property
    def source_language(self) -> str:
        return self.language or split_caption_name(self.source).language or "en"

    @property
    def style(self) -> FileStyle:
        return FileStyle(self.bom, self.crlf)

    def profile_for(self, language: str) -> Profile:
        """The profile every stage uses for ``language``: the one the user named (or the
        language's default), with --max-chars/--max-lines applied, for every language."""
        base = load_profile(self.profile, language=language)
        return base.with_overrides(max_chars=self.max_chars, max_lines=self.max_lines)

    @property
    def stem(self) -> str:
        if self.name:
            return self.name
        if self.source == "-":
            return "stdin"
        return split_caption_name(self.source).stem

    @property
    def output_folder(self) -> Path:
        """Where the files go: ``output``; for SRT/WebVTT sources, beside the source
        unless ``output`` was given (it defaults to ``output`` only for transcripts)."""
        return Path(self.output)

    def output_path(self, language: str, fmt: str) -> Path:
        """``<output>/<stem>.<lang>.<fmt>``: players load ``clip.en.srt`` beside ``clip.mp4``.

        An ``output`` that names a caption file (``-o clip.ukrainian.srt``) is that file,
        when the job writes exactly one.  The parts of a source name after its language
        tag are kept: ``talk.en.forced.srt`` translates to ``talk.uk.forced.srt``.
        """
        if self.single_file:
            return Path(self.output)
        tail = "" if self.name or self.source == "-" else \
            "".join(f".{part}" for part in split_caption_name(self.source).tail)
        return self.output_folder / f"{self.stem}.{language}{tail}.{fmt}"

    @property
    def single_file(self) -> bool:
        languages = len(self.translate) + (1 if self.write_source else 0)
        return (self.output != "-" and languages * max(1, len(self.formats)) == 1
                and format_of_path(self.output, readable=False) is not None
                and not self.output.endswith(("/", os.sep)) and not os.path.isdir(self.output))


@dataclass(frozen=True)
class WrittenTrack:
    """One language of the job: its track, the files written, and the check of each."""

    track: Track
    paths: tuple[Path, ...]
    reports: tuple["FileReport", ...]        # `captions check` of each SRT/WebVTT written
    translation: Optional["TranslationResult"] = None


@dataclass(frozen=True)
class JobResult:
    tracks: tuple[WrittenTrack, ...]
    alignment: Optional["AlignResult"] = None
    attached: Optional["AttachResult"] = None
    failures: tuple[tuple[str, CaptionsError], ...] = ()   # (language, why) for what was not written
    stdout: Optional[bytes] = None          # with output "-": the one file's bytes
    warnings: tuple[str, ...] = field(default=())

    @property
    def exit_code(self) -> int:
        return max((error.exit_code for _, error in self.failures), default=0)


def run_job(options: JobOptions) -> JobResult:
    """Run the whole job; raises ``CaptionsError`` when nothing could be done."""
    # Everything that can be wrong with the arguments is found before any work.
    profiles = {lang: options.profile_for(lang)
                for lang in (options.source_language, *options.translate)}
    glossary = _load_glossary(options)
    duration_ms = _media_duration(options)
    track, warnings, source_format = _read_source(options, profiles[options.source_language],
                                                  duration_ms)
    if not options.formats:   # subtitles written in the source's own format
        options = replace(options, formats=(source_format,))
    if track.language not in profiles:   # a WebVTT file's own Language header
        profiles[track.language] = options.profile_for(track.language)
    if track.language in options.translate:
        raise UsageError(f"--translate {track.language}: the captions are already in "
                         f"{track.language}")

    alignment = None
    if options.media_path:
        alignment, track = _align(track, options, profiles[track.language])

    written: list[WrittenTrack] = []
    stdout = None
    if options.write_source:
        if options.output == "-":
            stdout = _to_stdout(track, options, profiles[track.language])
        else:
            written.append(_write(track, options, profiles[track.language]))
    failures: list[tuple[str, CaptionsError]] = []
    for language in options.translate:
        try:
            result = translate(track, language, options, profile=profiles[language],
                               glossary=glossary)
        except CaptionsError as exc:
            if len(options.translate) == 1 and not options.write_source:
                raise                        # nothing else to do: the error is the result
            failures.append((language, exc))
            continue
        if options.output == "-":
            stdout = _to_stdout(result.track, options, profiles[language], (result, track.language))
        else:
            written.append(_write(result.track, options, profiles[language], (result, track.language)))

    attached = None
    if options.attach and options.video:
        attached = _attach(options, written)
    return JobResult(tuple(written), alignment, attached, tuple(failures), stdout, tuple(warnings))


# ---------------------------------------------------------------- the stages

def _read_source(options: JobOptions, profile: Profile,
                 duration_ms: Optional[int]) -> tuple[Track, list[str], str]:
    """The source's track, warnings about it, and its format ("transcript", "srt", "vtt")."""
    if options.source_is_subtitles:
        from .formats.read import read_subtitles

        fmt = options.source_format if options.source_format in READABLE else None
        read = read_subtitles(options.source, encoding=options.encoding, fmt=fmt,
                              language=options.language)
        if not read.track.cues:
            raise CaptionsError("no cues in this file", path=options.source)
        warnings = [f"{options.source}: {len(read.errors)} block(s) skipped ({read.errors[0]})"] \
            if read.errors else []
        return read.track, warnings, read.format
    from .pipeline import make_track
    from .transcript import read_transcript

    transcript = read_transcript(options.source, encoding=options.encoding)
    # With media the estimate is only where alignment starts from: it never refuses
    # for lack of room (the speech decides, and what does not fit is reported).
    track = make_track(transcript, profile=profile, language=options.source_language,
                       start_ms=options.start_ms, duration_ms=duration_ms, wpm=options.wpm,
                       labels=options.speaker_labels, strict=options.media_path is None)
    return track, [], "transcript"


def _media_duration(options: JobOptions) -> Optional[int]:
    """The length the text estimate must fit: --duration, else the media's own."""
    if options.media_path is None or options.duration_ms is not None:
        return options.duration_ms
    from .ffmpeg import probe

    info = probe(options.media_path, ffmpeg=options.ffmpeg)
    if not info.of_kind("audio"):
        raise CaptionsError("has no audio stream to align to", path=options.media_path)
    if info.duration_ms is not None and info.duration_ms <= options.start_ms:
        raise UsageError(f"--start ({options.start_ms / 1000:g} s) is after the end of "
                         f"{options.media_path} ({info.duration_ms / 1000:g} s)")
    return info.duration_ms


def _align(track: Track, options: JobOptions, profile: Profile) -> tuple["AlignResult", Track]:
    from .align import align_cues

    assert options.media_path is not None
    result = align_cues(track.cues, options.media_path, profile=profile, ffmpeg=options.ffmpeg,
                        progress=options.progress, language=track.language,
                        labels=options.speaker_labels, trim=options.trim, jobs=options.jobs)
    return result, track.with_cues(result.cues)


def _load_glossary(options: JobOptions) -> Optional["Glossary"]:
    if not options.glossary:
        return None
    from .translate import load_glossary

    return load_glossary(options.glossary)


def translate(track: Track, language: str, options: JobOptions, *, profile: Profile,
              glossary: Optional["Glossary"] = None) -> "TranslationResult":
    """The one way the job translates a track: same profile, glossary and engine settings
    for ``generate --translate`` and ``translate``."""
    from .translate import translate_track

    return translate_track(track, language, glossary=glossary, threads=options.threads,
                           beam=options.beam, cache=options.cache, progress=options.progress,
                           profile=profile, labels=options.speaker_labels)


Translated = tuple["TranslationResult", str]   # the result and the language it was translated from


def _rendered(track: Track, options: JobOptions, profile: Profile,
              translation: Optional[Translated]) -> list[tuple[str, str, Optional["FileReport"]]]:
    """(format, text, its check) for each format: the check reads the text exactly as
    ``captions check`` reads the file, with the same profile."""
    from .check import check_text

    extra = translation_json(*translation) if translation else None
    out = []
    for fmt in options.formats:
        text = get_format(fmt).render(track, options.style, extra=extra)
        report = check_text(text, fmt, profile, path=str(options.output_path(track.language, fmt)),
                            language=track.language) if options.check and fmt in READABLE else None
        out.append((fmt, text, report))
    return out


def _write(track: Track, options: JobOptions, profile: Profile,
           translation: Optional[Translated] = None) -> WrittenTrack:
    from .textio import encode, ensure_folder, write_all_atomic

    files = _rendered(track, options, profile, translation)
    paths = [options.output_path(track.language, fmt) for fmt, _, _ in files]
    for folder in dict.fromkeys(path.parent for path in paths):
        ensure_folder(folder)
    inputs = [p for p in (options.source, options.media_path, options.glossary) if p]
    write_all_atomic([(path, encode(text, bom=options.bom, crlf=options.crlf))
                      for path, (_, text, _) in zip(paths, files)], inputs=inputs)
    reports = tuple(report for _, _, report in files if report is not None)
    return WrittenTrack(track, tuple(paths), reports, translation[0] if translation else None)


def _to_stdout(track: Track, options: JobOptions, profile: Profile,
               translation: Optional[Translated] = None) -> bytes:
    from .textio import encode

    (_, text, _), = _rendered(track, options, profile, translation)
    return encode(text, bom=options.bom, crlf=options.crlf)


def _attach(options: JobOptions, written: Sequence[WrittenTrack]) -> "AttachResult":
    from .media.attach import attach, captioned_path

    assert options.video is not None
    out = captioned_path(options.video, options.output)
    fmt = _attach_format(out)
    files = [str(p) for w in written for p in w.paths if p.suffix == f".{fmt}"]
    return attach(options.video, files, out, ffmpeg=options.ffmpeg)


def translation_json(result: "TranslationResult", source_language: str) -> dict:
    """What the JSON output says about a translation."""
    return {"translation": {
        "from": source_language, "package": result.package,
        "packages": list(result.packages), "via": list(result.via),
        "sentences": result.sentences, "cached": result.cached,
        "slow_cues": [{"index": i, "cps": cps} for i, cps in result.slow_cues],
        "glossary_fallbacks": result.glossary_fallbacks}}


# ---------------------------------------------------------------- small helpers

def _attach_format(video: str) -> str:
    """SRT for MP4/MKV (its speaker labels stay on screen; mov_text drops VTT voice
    spans), VTT for WebM, which takes nothing else."""
    return "vtt" if Path(video).suffix.lower() == ".webm" else "srt"


def _language_code(value: str, option: str) -> str:
    code = value.strip().lower().replace("_", "-")
    if not _LANGUAGE_CODE.match(code):
        raise UsageError(f"{option} takes language codes such as uk or de (comma-separated); "
                         f"got {value!r}")
    return code


def _same_path(a: str, b: str) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return os.path.abspath(a) == os.path.abspath(b)
