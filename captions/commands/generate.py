"""``captions generate``: transcript -> English captions (+ translations, alignment, video)."""
from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any, Optional

from . import add_command, print_result
from ..timing import DEFAULT_WPM

if TYPE_CHECKING:
    from ..job import JobOptions

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
    p.add_argument("--name", help="file stem of the outputs (default: the transcript's)")
    add_job_arguments(p)
    p.add_argument("--jobs", "-j", type=int, metavar="N",
                   help="processes aligning long media side by side (default: one per core; "
                   "the cue times are the same for any N)")
    p.add_argument("-v", "--verbose", action="store_true",
                   help="the check table of every file written, as `captions check` prints it")
    p.add_argument("-q", "--quiet", action="store_true", help="no summary")
    p.set_defaults(func=run)


def add_job_arguments(p: argparse.ArgumentParser) -> None:
    """The options of a job, shared by every command that runs one (``generate``, ``batch``)."""
    p.add_argument("--formats", default="srt,vtt", help="comma list of srt, vtt, json (default srt,vtt)")
    p.add_argument("--language", help="language of the transcript (default: the file name's tag, "
                   "as in talk.uk.txt, else en)")
    p.add_argument("--encoding", help="transcript encoding when it is not UTF-8/UTF-16 (e.g. cp1252)")
    layout = p.add_argument_group("layout")
    layout.add_argument("--profile", metavar="NAME|FILE.toml",
                        help="caption rules for every language written and checked: netflix-LANG "
                        "(netflix-en, netflix-zh, ...), bbc or a TOML file, as for `captions check` "
                        "(default: each language's own netflix-LANG)")
    layout.add_argument("--max-chars", type=int,
                        help="characters per line (default: the profile's: 42 for en, 16 for zh)")
    layout.add_argument("--max-lines", type=int, help="lines per cue (default: the profile's, 2)")
    layout.add_argument("--speaker-labels", choices=("turn", "chevrons", "none"), default="turn",
                        help="what shows a change of speaker, in every format: turn (the speaker's name, "
                        "default), chevrons (>>, the US broadcast habit) or none")
    timing = p.add_argument_group("timing")
    timing.add_argument("--start", type=float, default=0.0, metavar="SECONDS",
                        help="when the speech begins in the video (default 0)")
    timing.add_argument("--duration", type=float, metavar="SECONDS",
                        help="the video's length: the estimate is fitted to end by then")
    timing.add_argument("--wpm", type=float, default=DEFAULT_WPM,
                        help="speaking rate incl. pauses when no duration is known (default 130)")
    timing.add_argument("--media", metavar="FILE",
                        help="video or audio of the speech: align the words to it (pocketsphinx)")
    timing.add_argument("--video", metavar="FILE",
                        help="the video: its length sets --duration, its speech the timings "
                        "(implies --media), and --attach muxes the captions into it")
    timing.add_argument("--trim", action="store_true",
                        help="with --media/--video: leave out text after the last speech the media "
                        "holds (default: keep it as estimates before the media's end, and say so)")
    enc = p.add_argument_group("file encoding")
    enc.add_argument("--bom", action="store_true", help="write a UTF-8 byte order mark")
    enc.add_argument("--crlf", action="store_true", help="write CRLF line ends")
    tr = p.add_argument_group("translation (needs the translate extra)")
    tr.add_argument("--translate", metavar="LANGS",
                    help="also write captions in these languages, e.g. uk or uk,de")
    tr.add_argument("--glossary", metavar="FILE", help="CSV/TSV of source,target names and terms")
    tr.add_argument("--threads", type=int, default=1,
                    help="CPU threads for the model (default 1; 0 = all cores)")
    tr.add_argument("--beam", type=int, default=4, help="translation beam size (default 4)")
    tr.add_argument("--no-cache", action="store_true", help="do not use the translation cache")
    media = p.add_argument_group("video")
    media.add_argument("--attach", action="store_true",
                       help="with --video: also write the video with the caption tracks")
    media.add_argument("--ffmpeg", metavar="PATH", help="ffmpeg binary (default: imageio-ffmpeg's)")


def job_settings(args: argparse.Namespace) -> dict[str, Any]:
    """``JobOptions`` keyword arguments from the options ``add_job_arguments`` added
    (everything but the source, the output and the name)."""
    from ..formats import parse_format_list
    from ..timestamps import seconds_to_ms

    return dict(
        formats=parse_format_list(args.formats), language=args.language, encoding=args.encoding,
        profile=args.profile, max_chars=args.max_chars, max_lines=args.max_lines,
        start_ms=seconds_to_ms(args.start), wpm=args.wpm,
        duration_ms=None if args.duration is None else seconds_to_ms(args.duration),
        media=args.media, video=args.video, attach=args.attach, trim=args.trim,
        translate=split_languages(args.translate, "--translate"), glossary=args.glossary,
        threads=args.threads, beam=args.beam, cache=not args.no_cache,
        speaker_labels=args.speaker_labels, bom=args.bom, crlf=args.crlf, ffmpeg=args.ffmpeg)


def options_from(args: argparse.Namespace) -> JobOptions:
    """The job's options from the command line (every value is checked here, before any work)."""
    from ..job import JobOptions

    return JobOptions(source=args.transcript, source_format="transcript", output=args.output,
                      name=args.name, progress=sys.stderr.isatty() and not args.quiet,
                      check=not args.quiet,    # the check is what the summary prints
                      jobs=args.jobs, **job_settings(args))


def split_languages(value: Optional[str], option: str) -> tuple[str, ...]:
    """``"uk, de"`` -> ``("uk", "de")``; each code is checked by JobOptions."""
    from ..errors import UsageError

    if value is None:
        return ()
    codes = tuple(v.strip() for v in value.split(",") if v.strip())
    if not codes:
        raise UsageError(f"{option} needs language codes, e.g. uk or uk,de")
    return codes


def run(args: argparse.Namespace) -> int:
    from ..job import run_job

    options = options_from(args)
    result = run_job(options)
    if result.stdout is not None:
        sys.stdout.buffer.write(result.stdout)
        sys.stdout.flush()
    return print_result(result, options, verbose=args.verbose, quiet=args.quiet)
