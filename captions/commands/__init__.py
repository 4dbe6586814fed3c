"""Subcommands; each module has ``register(subparsers)`` and ``run(args) -> int``.

The commands are thin: they turn arguments into options, call the library
and print.  ``print_result`` is the one way a job's outcome reaches the
user, for ``generate`` and ``translate`` alike: a line per file written with
the check of that file (exactly what ``captions check`` says of it), then
what did not work, last.
"""
from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..job import JobOptions, JobResult


def add_command(subparsers: Any, name: str, *, help: str, description: str,
                examples: str) -> argparse.ArgumentParser:
    """A subparser whose help ends with runnable examples."""
    parser: argparse.ArgumentParser = subparsers.add_parser(
        name,
        help=help,
        description=description,
        epilog="examples:\n" + examples.strip("\n") + "\n",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    return parser


def plural(count: int, noun: str) -> str:
    """``1 warning``, ``2 warnings``."""
    return f"{count} {noun}{'' if count == 1 else 's'}"


def error_text(exc: Exception, args: argparse.Namespace) -> str:
    """An error as the user reads it: text that is not UTF-8 gets the hint to give
    --encoding, but only from a command that has that option and when it was not given."""
    from ..errors import EncodingError

    if isinstance(exc, EncodingError) and getattr(args, "encoding", "given") is None:
        return f"{exc}; give --encoding (for example --encoding cp1252)"
    return str(exc)


def print_result(result: "JobResult", options: "JobOptions", *, verbose: bool = False,
                 quiet: bool = False) -> int:
    """Report a finished job on stderr; returns the exit code."""
    from ..check import format_table

    out = sys.stderr
    if not quiet:
        for message in result.warnings:
            print(f"captions: warning: {message}", file=out)
        if result.alignment is not None:
            for message in result.alignment.messages:
                print(f"captions: {message}", file=out)
            print(f"{options.source_language}: {result.alignment.summary}", file=out)
        for written in result.tracks:
            language = written.track.language
            if written.translation is not None:
                print(f"{language}: {translation_line(written.translation, options)}", file=out)
            checked = {report.path: report for report in written.reports}
            for path in written.paths:
                report = checked.get(str(path))
                said = report.summary() if report else "the cue model, for pipelines"
                print(f"{language}: {path}: {said}", file=out)
                if verbose and report is not None and report.violations:
                    out.write(format_table(report))
            if verbose and written.translation is not None:
                for index, cps in written.translation.slow_cues:
                    cue = written.track.cues[index - 1]
                    print(f"  cue {index} ({cue.start / 1000:.3f} s): {cps:.1f} cps: "
                          f"{' / '.join(cue.lines)}", file=out)
        if result.attached is not None:
            for warning in result.attached.warnings:
                print(f"captions: warning: {warning}", file=out)
            print(result.attached.summary(), file=out)
    if result.failures:  # last, so that nobody misses it under the lines above
        for language, error in result.failures:
            print(f"captions: error: {language}: {error}", file=out)
        done = [t.track.language for t in result.tracks]
        missing = [language for language, _ in result.failures]
        wrote = f"wrote {', '.join(done)}" if done else "wrote nothing"
        if result.attached is not None:
            wrote += f" and {result.attached.output}"
        print(f"captions: {wrote}; not written: {', '.join(missing)}", file=out)
    return result.exit_code


def translation_line(result: Any, options: "JobOptions") -> str:
    cached = f", {result.cached} cached" if result.cached else ""
    target = options.profile_for(result.track.language).cps_target
    line = (f"{len(result.track.cues)} cues from {result.sentences} sentences{cached} in "
            f"{result.model_seconds:.1f} s by {result.package}; "
            f"{len(result.slow_cues)} cue{'s' if len(result.slow_cues) != 1 else ''} above "
            f"{target:g} cps")
    if result.glossary_fallbacks:
        line += f"; glossary placeholders lost in {result.glossary_fallbacks} sentences"
    return line
