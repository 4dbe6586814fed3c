"""``captions generate``: transcript -> English captions (+ translations, alignment, video)."""
from __future__ import annotations

import sys
from pathlib import Path

from . import add_command
from ..errors import CaptionsError, UsageError

EXAMPLES = """
  captions generate transcripts/stoltenberg-kyiv.txt
  captions generate transcripts/stoltenberg-kyiv.txt -o output --formats srt,vtt,json
  captions generate transcripts/stoltenberg-kyiv.txt --duration 140 --start 2.5
  captions generate transcripts/stoltenberg-kyiv.txt --translate uk \\
      --glossary transcripts/stoltenberg-kyiv.glossary.tsv
  captions generate transcripts/stoltenberg-kyiv.txt --video clip.mp4 --translate uk --attach
  printf 'ANN: Hello there.\\n' | captions generate - -o - --formats srt
"""


def register(subparsers) -> None:
    p = add_command(subparsers, "generate", help="captions from a transcript",
                    description="Turn a transcript into timed SRT and WebVTT captions. "
                    "Timings are estimated from the text, or taken from the speech when "
                    "--media/--video is given.", examples=EXAMPLES)
    p.add_argument("transcript", help="transcript file (Storyful page, 'Name: text' turns or "
                   "plain paragraphs); - for standard input")
    p.add_argument("-o", "--output", default="output",
                   help="output folder (default: output); - writes one format to stdout")
    p.add_argument("--formats", default="srt,vtt", help="comma list of srt, vtt, json (default srt,vtt)")
    p.add_argument("--name", help="file stem of the outputs (default: the transcript's)")
    p.add_argument("--language", default="en", help="language of the transcript (default en)")
    p.add_argument("--encoding", help="transcript encoding when it is not UTF-8/UTF-16 (e.g. cp1252)")
    layout = p.add_argument_group("layout")
    layout.add_argument("--max-chars", type=int,
                        help="characters per line (default: the language's, 42 for en, 16 for zh)")
    layout.add_argument("--max-lines", type=int, default=2, help="lines per cue (default 2)")
    layout.add_argument("--speaker-labels", choices=("turn", "none"), default="turn",
                        help="SRT: speaker's name on the first cue of each turn (default) or none")
    timing = p.add_argument_group("timing")
    timing.add_argument("--start", type=float, default=0.0, metavar="SECONDS",
                        help="when the speech begins in the video (default 0)")
    timing.add_argument("--duration", type=float, metavar="SECONDS",
                        help="the video's length: the estimate is fitted to end by then")
    timing.add_argument("--wpm", type=float, default=130.0,
                        help="speaking rate incl. pauses when no duration is known (default 130)")
    timing.add_argument("--media", metavar="FILE",
                        help="video or audio of the speech: align the words to it (pocketsphinx)")
    timing.add_argument("--video", metavar="FILE",
                        help="the video: its length sets --duration, its speech the timings "
                        "(implies --media), and --attach muxes the captions into it")
    enc = p.add_argument_group("file encoding")
    enc.add_argument("--bom", action="store_true", help="write a UTF-8 byte order mark")
    enc.add_argument("--crlf", action="store_true", help="write CRLF line ends")
    tr = p.add_argument_group("translation (needs captions[translate])")
    tr.add_argument("--translate", metavar="LANGS", help="also write captions in these languages, e.g. uk or uk,de")
    tr.add_argument("--glossary", metavar="FILE", help="CSV/TSV of source,target names and terms")
    tr.add_argument("--threads", type=int, default=1, help="translation threads (default 1)")
    tr.add_argument("--beam", type=int, default=4, help="translation beam size (default 4)")
    media = p.add_argument_group("video")
    media.add_argument("--attach", action="store_true",
                       help="with --video: also write the video with the caption tracks")
    media.add_argument("--ffmpeg", metavar="PATH", help="ffmpeg binary (default: imageio-ffmpeg's)")
    p.add_argument("-v", "--verbose", action="store_true", help="details of every flagged cue")
    p.add_argument("-q", "--quiet", action="store_true", help="no summary line")
    p.set_defaults(func=run)


def _formats(value: str) -> list[str]:
    from ..pipeline import FORMATS

    formats = [f.strip().lower() for f in value.split(",") if f.strip()]
    bad = [f for f in formats if f not in FORMATS]
    if bad or not formats:
        raise UsageError(f"--formats takes {', '.join(FORMATS)}; got {value!r}")
    return list(dict.fromkeys(formats))


def _ms(seconds: float, flag: str) -> int:
    if not (seconds >= 0) or seconds > 360000:
        raise UsageError(f"{flag} must be between 0 and 360000 seconds")
    return round(seconds * 1000)


def run(args) -> int:
    from ..pipeline import Style, make_track, render, write_track
    from ..rules import default_profile
    from ..textio import encode, ensure_folder
    from ..transcript import read_transcript

    formats = _formats(args.formats)
    to_stdout = args.output == "-"
    if to_stdout and (len(formats) != 1 or args.translate or args.attach):
        raise UsageError("-o - writes exactly one format of one language to stdout")
    if (args.max_chars is not None and not 10 <= args.max_chars <= 200) \
            or not 1 <= args.max_lines <= 5:
        raise UsageError("--max-chars must be 10-200 and --max-lines 1-5")
    if args.wpm <= 0 or args.wpm > 1000:
        raise UsageError("--wpm must be between 0 and 1000")
    if args.attach and not args.video:
        raise UsageError("--attach needs --video")
    languages = _languages(args.translate)
    profile = default_profile(args.language).with_overrides(
        max_chars=args.max_chars, max_lines=args.max_lines)
    start_ms = _ms(args.start, "--start")
    duration_ms = _ms(args.duration, "--duration") if args.duration is not None else None
    media = args.media or args.video
    if media and duration_ms is None:
        # The media's length bounds the estimate that alignment starts from
        # (and stands in wherever alignment fails).
        from ..ffmpeg import media_duration_ms

        duration_ms = media_duration_ms(media, ffmpeg=args.ffmpeg)
    if duration_ms is not None and duration_ms <= start_ms:
        raise UsageError("--duration must be after --start")

    transcript = read_transcript(args.transcript, encoding=args.encoding)
    style = Style(speaker_labels=args.speaker_labels, bom=args.bom, crlf=args.crlf)
    track = make_track(transcript, profile=profile, language=args.language, start_ms=start_ms,
                       duration_ms=duration_ms, wpm=args.wpm,
                       reserve_labels=args.speaker_labels == "turn")
    messages: list[str] = []
    if media:
        track, align_summary = _align(track, media, profile, args)
        messages.append(align_summary)

    if to_stdout:
        sys.stdout.buffer.write(encode(render(track, formats[0], style), bom=args.bom, crlf=args.crlf))
        sys.stdout.flush()
        return 0

    out_dir = Path(args.output)
    ensure_folder(out_dir)
    stem = args.name or ("stdin" if args.transcript == "-" else Path(args.transcript).name.split(".")[0])
    inputs = [args.transcript] + [m for m in (media,) if m]
    written = write_track(track, out_dir, stem, formats, style, inputs=inputs)
    status = 0
    _report(track, written, messages, args, profile)

    tracks = [(track, written)]
    glossary = None
    if languages and args.glossary:
        from ..translate import load_glossary

        try:  # once for every language; a bad glossary still leaves the English files
            glossary = load_glossary(args.glossary)
        except CaptionsError as exc:
            print(f"captions: error: {exc}", file=sys.stderr)
            return exc.exit_code
    for language in languages:
        try:
            translated = _translate(track, language, glossary, args)
        except CaptionsError as exc:
            # The English files are written; say exactly what is missing.
            print(f"captions: error: {exc}", file=sys.stderr)
            status = max(status, exc.exit_code)
            continue
        from .translate import translation_json

        paths = write_track(translated.track, out_dir, stem, formats, style, inputs=inputs,
                            json_extra=translation_json(translated, track.language))
        slow = len(translated.slow_cues)
        _report(translated.track, paths, [f"{slow} cues above {profile.cps_target:g} cps"] if slow else [],
                args, default_profile(language))
        if args.verbose:
            for index, cps in translated.slow_cues:
                print(f"  cue {index}: {cps:.1f} cps", file=sys.stderr)
        tracks.append((translated.track, paths))

    if args.attach:
        _attach(args, out_dir, tracks)
    return status


def _languages(value) -> list[str]:
    if not value:
        return []
    langs = [v.strip().lower() for v in value.split(",") if v.strip()]
    if not langs:
        raise UsageError("--translate needs language codes, e.g. uk or uk,de")
    return list(dict.fromkeys(langs))


def _report(track, written, messages, args, profile) -> None:
    if args.quiet:
        return
    worst = max((c.cps for c in track.cues), default=0.0)
    names = ", ".join(str(p) for p in written)
    line = f"{track.language}: {len(track.cues)} cues -> {names}; worst reading speed {worst:.1f} cps"
    try:
        from ..check import check_track, summary
    except ImportError:
        pass
    else:
        violations = check_track(track, profile)
        line += f"; check: {summary(violations, track)}"
        if args.verbose:
            for v in violations:
                print(f"  {v}", file=sys.stderr)
    for message in messages:
        line += f"; {message}"
    print(line, file=sys.stderr)


def _align(track, media, profile, args):
    try:
        from ..align import align_cues
    except ImportError:
        raise CaptionsError("alignment is not available in this build") from None
    result = align_cues(track.cues, media, profile=profile, ffmpeg=args.ffmpeg,
                        progress=sys.stderr.isatty() and not args.quiet)
    for message in getattr(result, "messages", ()):
        print(f"captions: {message}", file=sys.stderr)
    return track.with_cues(result.cues), result.summary


def _translate(track, language, glossary, args):
    from ..translate import translate_track

    return translate_track(track, language, glossary=glossary, threads=args.threads,
                           beam=args.beam, progress=sys.stderr.isatty() and not args.quiet)


def _attach(args, out_dir: Path, tracks) -> None:
    from ..media.attach import attach, caption_format_for, captioned_path

    out = captioned_path(args.video, str(out_dir))
    # SRT for MP4/MKV (its speaker labels stay on screen; mov_text drops VTT
    # voice spans), VTT for WebM, which takes nothing else.
    fmt = caption_format_for(out)
    captions = []
    for track, paths in tracks:
        chosen = next((p for p in paths if p.suffix == f".{fmt}"), None)
        if chosen is None:
            raise UsageError(f"--attach to {Path(out).suffix} needs {fmt} in --formats")
        captions.append(str(chosen))
    result = attach(args.video, captions, out, ffmpeg=args.ffmpeg)
    for warning in result.warnings:
        print(f"captions: warning: {warning}", file=sys.stderr)
    if not args.quiet:
        print(result.summary(), file=sys.stderr)
