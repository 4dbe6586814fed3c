"""The command line: ``main(argv) -> int``, testable in-process.

Each subcommand lives in ``captions/commands/<name>.py`` with ``register``
(adds its parser) and ``run(args) -> int``.  Those modules import nothing
heavy at top level, so ``captions --help`` starts instantly.  Every error a
user can cause reaches them as one line on stderr and a truthful exit code:
0 success, 1 bad input or failed work, 2 usage, 130 interrupted.
"""
from __future__ import annotations

import argparse
import importlib
import sys
from typing import NoReturn, Optional, Sequence

from .commands import error_text
from .errors import CaptionsError

COMMANDS = ("generate", "translate", "batch", "check", "attach", "preview", "review", "verify",
            "models")

EXAMPLES = """examples:
  captions generate transcripts/stoltenberg-kyiv.txt
  captions generate transcripts/stoltenberg-kyiv.txt --translate uk \\
      --glossary transcripts/stoltenberg-kyiv.glossary.tsv
  captions check output/stoltenberg-kyiv.en.srt output/stoltenberg-kyiv.en.vtt
  captions COMMAND --help
"""


class _Parser(argparse.ArgumentParser):
    """argparse that reports usage errors in one line with exit code 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {message} (see {self.prog} --help)\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="captions",
        description="Offline captions from a transcript: SRT and WebVTT, timed, "
        "translated, attached to the video.",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    from . import __version__

    parser.add_argument("--version", action="version", version=f"captions {__version__}")
    parser.add_argument("--debug", action="store_true",
                        help="show a traceback on errors (for bug reports)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for name in COMMANDS:
        importlib.import_module(f"captions.commands.{name}").register(sub)
    return parser


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help(sys.stderr)
        return 2
    try:
        return int(args.func(args) or 0)
    except CaptionsError as exc:
        if args.debug:
            raise
        print(f"captions: error: {error_text(exc, args)}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        if args.debug:
            raise
        print("captions: interrupted; no partial output was left", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 1
    except MemoryError:
        print("captions: error: out of memory", file=sys.stderr)
        return 1


def run() -> None:  # console-script entry point
    sys.exit(main())


if __name__ == "__main__":
    run()
