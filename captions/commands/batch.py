"""``captions batch``: caption a folder or a manifest of transcripts, resumably.

Every ``generate`` option (``add_job_arguments``) applies to every item; a
manifest's columns override them per item, named as the flag (``max-chars``,
``--max-chars``, ``no-cache``) or as the ``JobOptions`` field (``max_chars``,
``start_ms``, ``cache``), with the flag's own parsing, so a value means
the same in a manifest as on the command line.  Everything is checked
before any work: a bad column or value stops the batch naming its line.
"""
from __future__ import annotations

import argparse
import functools
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, Optional

from . import add_command
from .generate import add_job_arguments, job_settings

if TYPE_CHECKING:
    from ..batch import BatchItem
    from ..batch.sources import ManifestRow
    from ..job import JobOptions

EXAMPLES = """
  captions batch clips/ -o captions/                       # every clips/*.txt, with clip.mp4 etc. beside it
  captions batch clips/ -o captions/ --translate uk --glossary names.tsv --jobs 4
  captions batch list.csv -o captions/                     # a manifest: transcript,media,languages,...
  captions batch clips/ -o captions/ --force               # redo everything, not only what changed
  captions batch clips/ -o captions/ --scheduler tcp://10.0.0.5:8786   # on a Dask cluster
"""

# JobOptions fields a manifest may name that are not the name of a flag
FIELDS = {"start_ms": int, "duration_ms": int, "cache": bool, "name": str}
ALIASES = {"languages": "translate"}
PATH_OPTIONS = ("media", "video", "glossary")      # relative to the manifest's folder
TRUE, FALSE = ("1", "true", "yes", "on", "y"), ("0", "false", "no", "off", "n", "")


def register(subparsers) -> None:
    p = add_command(subparsers, "batch", help="caption a folder or a manifest of transcripts",
                    description="Caption many transcripts in one run, on every core or on a Dask cluster.\n"
                    "SOURCE is a folder (each clip.txt with clip.mp4, clip.wav... beside it; without\n"
                    "media the timing is estimated) or a manifest (CSV or JSON Lines: transcript,\n"
                    "media, languages and any generate option per item). Every generate option\n"
                    "applies to every item. A rerun skips what is up to date; Ctrl-C stops cleanly\n"
                    "and the next run does the rest.",
                    examples=EXAMPLES)
    p.add_argument("source", help="a folder of transcripts, or a manifest (.csv, .jsonl)")
    p.add_argument("-o", "--output", default="output",
                   help="output folder (default: output); a folder's subfolders are kept")
    p.add_argument("--report", metavar="PATH",
                   help="the JSON Lines report, one record per item (default: OUTPUT/report.jsonl)")
    run = p.add_argument_group("running")
    run.add_argument("--jobs", "-j", type=int, metavar="N",
                     help="worker processes (default: one per core)")
    run.add_argument("--scheduler", metavar="ADDRESS|FILE",
                     help="run on this Dask cluster (tcp://HOST:8786, or a scheduler file); "
                     "needs the cluster extra and a filesystem every worker shares")
    run.add_argument("--force", action="store_true",
                     help="redo every item, even those whose outputs are up to date")
    add_job_arguments(p)
    for action in p._actions:       # each item has its own media: these two are refused here
        if action.dest in ("media", "video"):
            action.help = argparse.SUPPRESS
    p.add_argument("-v", "--verbose", action="store_true", help="a line for every item, skipped ones too")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress and no summary")
    p.set_defaults(func=run_command)


def run_command(args: argparse.Namespace) -> int:
    from ..batch import run_batch
    from ..errors import UsageError

    if args.media or args.video:
        raise UsageError("batch pairs each transcript with its own media (by stem, or a manifest's "
                         "media column); --media/--video name one file")
    if args.scheduler and args.jobs is not None:
        raise UsageError("--jobs is for a local run; on a cluster its workers decide")
    source, output = Path(args.source), Path(args.output).absolute()
    items, inputs = batch_items(source, output, args)
    report = Path(args.report).absolute() if args.report else output / "report.jsonl"
    printer = Printer(args)
    try:
        result = run_batch(items, report=report, jobs=args.jobs, scheduler=args.scheduler,
                           force=args.force, on_record=printer.record, on_start=printer.start,
                           inputs=inputs)
    finally:
        printer.close()
    return printer.finish(result)


# ---------------------------------------------------------------- items

def batch_items(source: Path, output: Path, args: argparse.Namespace) -> tuple[list["BatchItem"], list[str]]:
    """The items, and the files the report must not overwrite."""
    from ..batch.sources import manifest_kind, read_manifest
    from ..errors import InputError

    if source.is_dir():
        return folder_batch(source, output, args), []
    if not source.exists():
        raise InputError("no such folder or manifest", path=str(source))
    if manifest_kind(source) is None:
        raise InputError("not a folder or a manifest (.csv, .jsonl)", path=str(source))
    return [manifest_item(row, source, output, args) for row in read_manifest(source)], [str(source)]


def folder_batch(folder: Path, output: Path, args: argparse.Namespace) -> list["BatchItem"]:
    from ..batch import BatchItem
    from ..batch.sources import MEDIA_EXTENSIONS, folder_items
    from ..errors import InputError, UsageError

    settings = job_settings(args)
    found = folder_items(folder, exclude=output)
    if not found:
        raise InputError("no transcripts (*.txt) in this folder", path=str(folder))
    videos = MEDIA_EXTENSIONS[:MEDIA_EXTENSIONS.index(".wav")]
    items = []
    for entry in found:
        kw = dict(settings)
        is_video = entry.media is not None and entry.media.suffix.lower() in videos
        if args.attach and not is_video:
            raise UsageError(f"--attach: no video beside {entry.transcript} "
                             f"({entry.media.name + ' is audio' if entry.media else 'no media'})")
        if entry.media is not None:
            kw["video" if args.attach else "media"] = str(entry.media.absolute())
        where = str(entry.transcript)
        options = job_options(str(entry.transcript.absolute()),
                              str(output / Path(entry.item).parent), kw, where=where)
        items.append(BatchItem(entry.item, options, where))
    return items


def manifest_item(row: "ManifestRow", manifest: Path, output: Path,
                  args: argparse.Namespace) -> "BatchItem":
    from ..batch import BatchItem
    from ..errors import UsageError

    where = f"{manifest}:{row.line}"

    def problem(message: str, line: Optional[int] = None) -> UsageError:
        return UsageError(message, path=str(manifest), line=line or row.line)

    values = {_column(key): value for key, value in row.values.items()}
    transcript = values.pop("transcript", None)
    if not transcript or not isinstance(transcript, str):
        raise problem("no transcript: every row needs a transcript column")
    here = manifest.parent
    actions = _job_actions()
    namespace = argparse.Namespace(**vars(args))
    fields: dict[str, Any] = {}
    for key, value in values.items():
        if key not in actions and key not in FIELDS:
            raise problem(f"unknown column {key!r}: columns are transcript, media, languages and "
                          "the options of captions generate (e.g. max-chars, translate)",
                          line=row.columns_line)
        if value is None or value == "":       # an empty cell: the batch's own setting
            continue
        if key in PATH_OPTIONS or (key == "profile" and str(value).lower().endswith(".toml")):
            value = str((here / str(value)).absolute())
        if key in actions:
            try:
                setattr(namespace, key, _flag_value(actions[key], value))
            except ValueError as exc:
                raise problem(f"{key}: {exc}") from None
        elif key in FIELDS:
            try:
                fields[key] = _typed(FIELDS[key], value)
            except ValueError as exc:
                raise problem(f"{key}: {exc}") from None
    try:
        settings = {**job_settings(namespace), **fields}
    except UsageError as exc:
        raise problem(str(exc)) from None
    transcript_path = (here / transcript).absolute()
    options = job_options(str(transcript_path), str(output), settings, where=where,
                          path=str(manifest), line=row.line)
    name = options.name or transcript_path.name[: -len(transcript_path.suffix) or None]
    return BatchItem(name, options, where)


def job_options(transcript: str, output: str, settings: dict[str, Any], *, where: str,
                path: Optional[str] = None, line: Optional[int] = None) -> "JobOptions":
    """The item's options; its own language is never a translation target (``--translate
    en,uk`` over English and Ukrainian transcripts gives every item both)."""
    from dataclasses import replace

    from ..errors import UsageError
    from ..job import JobOptions

    targets = settings.pop("translate", ())
    try:
        options = JobOptions(source=transcript, source_format="transcript", output=output, **settings)
        return replace(options, translate=tuple(t for t in targets if t.strip().lower().replace("_", "-")
                                                != options.source_language))
    except UsageError as exc:
        raise UsageError(str(exc), path=path or where, line=line) from None


def _column(key: str) -> str:
    name = str(key).strip().lower().lstrip("-").replace("-", "_")
    return ALIASES.get(name, name)


@functools.lru_cache(maxsize=None)
def _job_actions() -> dict[str, argparse.Action]:
    parser = argparse.ArgumentParser(add_help=False)
    add_job_arguments(parser)
    return {action.dest: action for action in parser._actions}


def _flag_value(action: argparse.Action, value: Any) -> Any:
    """A manifest cell as the flag's own parser would read it."""
    if action.nargs == 0:                       # --bom, --no-cache, --attach
        return _typed(bool, value)
    text = ",".join(str(v) for v in value) if isinstance(value, list) else str(value)
    converted = action.type(text) if callable(action.type) else text
    if action.choices is not None and converted not in action.choices:
        raise ValueError(f"{value!r} is not one of {', '.join(map(str, action.choices))}")
    return converted


def _typed(kind: type, value: Any) -> Any:
    if kind is bool:
        if isinstance(value, bool):
            return value
        text = str(value).strip().lower()
        if text in TRUE or text in FALSE:
            return text in TRUE
        raise ValueError(f"{value!r} is not true or false")
    if kind is int and isinstance(value, float) and not value.is_integer():
        raise ValueError(f"{value!r} is not a whole number")
    return kind(value)


# ---------------------------------------------------------------- printing

class Printer:
    """The batch's progress on stderr: one bar with ETA on a terminal (failures above it),
    a line per item in a log, and the summary at the end."""

    def __init__(self, args: argparse.Namespace) -> None:
        from ..progress import ProgressBar

        self.verbose, self.quiet = args.verbose, args.quiet
        self.baseline = 0
        self.bar = ProgressBar("batch", unit="items", eta=True,
                               enabled=None if not args.quiet else False)

    def start(self, up_to_date: int, total: int) -> None:
        """After the items already up to date, before any work: the ETA counts from here."""
        if not self.quiet:
            self.bar.note(f"batch: {total} items, {up_to_date} up to date, {total - up_to_date} to do")
        self.baseline = up_to_date
        self.bar.update(up_to_date, total)

    def record(self, record: dict, done: int, total: int) -> None:
        from ..batch.report import item_line

        status = record["status"]
        wanted = self.verbose or status == "failed" or (status == "ok" and not self.bar.enabled)
        if wanted and not self.quiet:
            self.bar.note(item_line(record))
        if done > self.baseline:      # the items up to date were counted at the start
            self.bar.update(done, total)

    def close(self) -> None:
        self.bar.close()

    def finish(self, result: Any) -> int:
        from ..batch.report import summary_table

        out = sys.stderr
        if not self.quiet:
            out.write(summary_table(result.records, total=result.total))
        if result.interrupted:
            print(f"captions: interrupted: {len(result.records)} of {result.total} items finished "
                  f"(report: {result.report}); run the same command again to do the rest", file=out)
        elif result.failed:
            print(f"captions: {len(result.failed)} of {result.total} items failed "
                  f"(report: {result.report})", file=out)
        return result.exit_code
