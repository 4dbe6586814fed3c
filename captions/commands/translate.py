"""``captions translate``: an existing SRT/WebVTT file -> the same cues' speech in other languages."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import add_command, print_result

EXAMPLES = """
  captions translate output/stoltenberg-kyiv.en.srt --to uk \\
      --glossary transcripts/stoltenberg-kyiv.glossary.tsv
  captions translate talk.vtt --to uk,de -o translated/ --formats srt,vtt,json
  captions translate clip.en.srt --to uk -o clip.ukrainian.srt --verbose
"""


def register(subparsers) -> None:
    p = add_command(
        subparsers, "translate", help="translate subtitles, keeping their timing",
        description="Translate an SRT or WebVTT file offline with an installed Argos "
        "Translate model. Whole sentences are translated (not cue by cue) and laid out "
        "again on the source sentences' own time spans, so timing never drifts. "
        "Output: beside the input, 'clip.en.srt' -> 'clip.uk.srt'.", examples=EXAMPLES)
    p.add_argument("subtitles", help="SRT or WebVTT file (- for standard input)")
    p.add_argument("--to", required=True, metavar="LANGS",
                   help="target language code(s), e.g. uk or uk,de")
    p.add_argument("--from", dest="source", metavar="LANG",
                   help="source language (default: from the file name tag or the WebVTT "
                   "Language header, else en)")
    p.add_argument("-o", "--output", metavar="OUT",
                   help="output folder, or a file name for one language and format; "
                   "- for standard output (default: beside the input)")
    p.add_argument("--formats", help="comma list of srt, vtt, json (default: the input's)")
    p.add_argument("--profile", metavar="NAME|FILE.toml",
                   help="caption rules to lay out and check by (default: each target language's own)")
    p.add_argument("--max-chars", type=int, help="characters per line (default: the profile's)")
    p.add_argument("--max-lines", type=int, help="lines per cue (default: the profile's)")
    p.add_argument("--glossary", metavar="FILE", help="CSV/TSV of source,target names and terms")
    p.add_argument("--threads", type=int, default=1,
                   help="CPU threads for the model (default 1; 0 = all cores)")
    p.add_argument("--beam", type=int, default=4,
                   help="beam size (default 4, as Argos; 1 = greedy: about 3-4x faster, usually a little worse)")
    p.add_argument("--no-cache", action="store_true", help="do not use the translation cache")
    p.add_argument("--encoding", help="input encoding when not UTF-8/UTF-16 (e.g. cp1252)")
    p.add_argument("--speaker-labels", choices=("turn", "chevrons", "none"), default="turn",
                   help="what shows a change of speaker, in every format: turn (the speaker's name, "
                   "default), chevrons (>>, the US broadcast habit) or none")
    p.add_argument("-v", "--verbose", action="store_true",
                   help="list cues above the reading speed target and glossary fallbacks")
    p.add_argument("-q", "--quiet", action="store_true", help="no summary line")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ..errors import UsageError
    from ..formats import parse_format_list
    from ..job import JobOptions, run_job
    from .generate import split_languages

    if args.output is None and args.subtitles == "-":
        raise UsageError("reading standard input: give -o FOLDER or -o -")
    # () writes the input's own format; the reader tells it from the name or the content.
    formats = parse_format_list(args.formats) if args.formats else ()
    languages = split_languages(args.to, "--to")
    options = JobOptions(
        source=args.subtitles, source_format="subtitles", output=args.output or str(Path(args.subtitles).parent),
        formats=formats, language=args.source, encoding=args.encoding, profile=args.profile,
        max_chars=args.max_chars, max_lines=args.max_lines, translate=languages,
        glossary=args.glossary, threads=args.threads, beam=args.beam, cache=not args.no_cache,
        speaker_labels=args.speaker_labels, progress=sys.stderr.isatty() and not args.quiet,
        check=not args.quiet,
        write_source=False)
    result = run_job(options)
    if result.stdout is not None:
        sys.stdout.buffer.write(result.stdout)
        sys.stdout.flush()
    return print_result(result, options, verbose=args.verbose, quiet=args.quiet)
