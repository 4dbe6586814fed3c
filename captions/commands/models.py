"""``captions models``: list and install Argos Translate translation models."""
from __future__ import annotations

import sys

from . import add_command
from ..errors import UsageError

EXAMPLES = """
  captions models list
  captions models install translate-en_uk-1_9.argosmodel
  captions models install en uk
"""


def register(subparsers) -> None:
    p = add_command(
        subparsers, "models", help="list or install translation models",
        description="Translation models are Argos Translate packages, kept where Argos keeps "
        "them (ARGOS_PACKAGES_DIR, else ~/.local/share/argos-translate/packages). "
        "'install FILE.argosmodel' works offline; 'install FROM TO' downloads from the "
        "Argos package index and is the only command that uses the network.",
        examples=EXAMPLES)
    p.add_argument("action", choices=("list", "install"))
    p.add_argument("what", nargs="*", metavar="FILE|FROM TO",
                   help="install: a .argosmodel file, or two language codes")
    p.set_defaults(func=run)


def run(args) -> int:
    from ..translate import models

    if args.action == "list":
        if args.what:
            raise UsageError("'models list' takes no arguments")
        pairs = models.installed_pairs()
        if not pairs:
            print(f"no translation models installed in {models.packages_dir()}; "
                  "install one with: captions models install en uk  (online) or "
                  "captions models install FILE.argosmodel", file=sys.stderr)
            return 0
        for pair in pairs:
            print(f"{pair.source} -> {pair.target}\t{pair.name} {pair.version}\t{pair.path}")
        return 0

    if len(args.what) == 1:
        installed = models.install_file(args.what[0])
    elif len(args.what) == 2:
        source, target = (w.lower() for w in args.what)
        installed = models.install_from_index(source, target, progress=sys.stderr.isatty())
    else:
        raise UsageError("'models install' takes FILE.argosmodel or two language codes (en uk)")
    print(f"installed {installed.source} -> {installed.target} ({installed.name} "
          f"{installed.version}) in {installed.path.parent}", file=sys.stderr)
    return 0
