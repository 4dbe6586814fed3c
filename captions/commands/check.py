"""``captions check``: does a caption file meet a professional profile?"""
from __future__ import annotations

import sys

from . import add_command

EXAMPLES = """\
  captions check output/stoltenberg-kyiv.en.srt output/stoltenberg-kyiv.en.vtt
  captions check output/stoltenberg-kyiv.uk.srt            # netflix-uk, from the name
  captions check --profile bbc --format json output/*.vtt
  captions check --profile house.toml --strict film.srt    # house.toml: max_chars = 37
"""


def register(subparsers) -> None:
    parser = add_command(
        subparsers, "check",
        help="check SRT/WebVTT files against caption rules",
        description="Check SRT and WebVTT files cue by cue: line length, lines per cue, "
        "reading speed, durations, gaps, overlaps, order, line breaks, WebVTT escaping, "
        "speakers. Exit 0: no errors; 1: errors found; 2: a file cannot be read or the "
        "command line is wrong.",
        examples=EXAMPLES,
    )
    parser.add_argument("files", nargs="+", metavar="FILE", help="SRT or WebVTT file ('-' = stdin)")
    parser.add_argument("--profile", metavar="NAME|FILE.toml",
                        help="netflix-en, netflix-uk, bbc or a TOML file overriding any limit "
                        "(default: netflix-uk for Ukrainian files (name.uk.srt), else netflix-en)")
    parser.add_argument("--language", metavar="LANG",
                        help="language of the captions (en, uk); default: from the file name")
    parser.add_argument("--format", choices=("text", "json"), default="text",
                        help="report as a table (default) or JSON for CI")
    parser.add_argument("--strict", action="store_true",
                        help="stop at the first format problem instead of skipping the block")
    parser.add_argument("--encoding", metavar="NAME",
                        help="text encoding when not UTF-8/UTF-16 (for example cp1252)")
    parser.add_argument("--subtitle-format", dest="subtitle_format", choices=("srt", "vtt"),
                        help="read as this format (default: from the extension or content)")
    parser.set_defaults(func=run)


def run(args) -> int:
    from ..check import FileReport, check_file, format_json, format_table
    from . import error_text, plural
    from ..profiles import load_profile
    from ..errors import CaptionsError

    # A bad profile is a usage error (exit 2) before any file is read.
    fixed = load_profile(args.profile, language=args.language) if args.profile else None
    reports = []
    for path in args.files:
        try:
            report = check_file(path, fixed, language=args.language, strict=args.strict,
                                encoding=args.encoding, fmt=args.subtitle_format)
        except CaptionsError as exc:
            if exc.exit_code == 2:
                raise
            report = FileReport(path=path, error=error_text(exc, args))
        reports.append(report)
        if args.format == "text":
            sys.stdout.write(format_table(report))
            sys.stdout.flush()
    if args.format == "json":
        sys.stdout.write(format_json(reports))
    if len(reports) > 1 and args.format == "text":
        errors = sum(r.errors for r in reports)
        warnings = sum(r.warnings for r in reports)
        unreadable = sum(1 for r in reports if r.error)
        print(f"{len(reports)} files: {plural(errors, 'error')}, {plural(warnings, 'warning')}"
              + (f", {unreadable} unreadable" if unreadable else ""))
    if any(r.error for r in reports):
        for r in reports:
            if r.error:
                print(f"captions: error: {r.error}", file=sys.stderr)
        return 2
    return 1 if any(r.errors for r in reports) else 0
