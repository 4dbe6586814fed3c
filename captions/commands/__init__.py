"""Subcommands; each module has ``register(subparsers)`` and ``run(args) -> int``."""
from __future__ import annotations

import argparse


def add_command(subparsers, name: str, *, help: str, description: str, examples: str):
    """A subparser whose help ends with runnable examples."""
    return subparsers.add_parser(
        name,
        help=help,
        description=description,
        epilog="examples:\n" + examples.strip("\n") + "\n",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
