"""``captions translate``: an existing SRT/WebVTT file -> the same cues' speech in other languages."""
from __future__ import annotations

import re
import sys
from pathlib import Path

from . import add_command
from ..errors import CaptionsError, UsageError

EXAMPLES = """
  captions translate output/stoltenberg-kyiv.en.srt --to uk \\
      --glossary transcripts/stoltenberg-kyiv.glossary.tsv
  captions translate talk.vtt --to uk,de -o translated/ --formats srt,vtt,json
  captions translate clip.en.srt --to uk -o clip.ukrainian.srt --verbose
"""

from ..pipeline import FORMATS  # the one list of formats we write
_LANG_TAG = re.compile(r"^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})?$")


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
    p.add_argument("--glossary", metavar="FILE", help="CSV/TSV of source,target names and terms")
    p.add_argument("--threads", type=int, default=1,
                   help="CPU threads for the model (default 1; 0 = all cores)")
    p.add_argument("--beam", type=int, default=4,
                   help="beam size (default 4, as Argos; 1 = greedy: about 3-4x faster, usually a little worse)")
    p.add_argument("--no-cache", action="store_true", help="do not use the translation cache")
    p.add_argument("--encoding", help="input encoding when not UTF-8/UTF-16 (e.g. cp1252)")
    p.add_argument("--speaker-labels", choices=("turn", "none"), default="turn",
                   help="SRT: speaker's name on the first cue of each turn (default) or none")
    p.add_argument("-v", "--verbose", action="store_true",
                   help="list cues above the reading speed target and glossary fallbacks")
    p.add_argument("-q", "--quiet", action="store_true", help="no summary line")
    p.set_defaults(func=run)


def _list(value: str, what: str, allowed=None) -> list[str]:
    items = list(dict.fromkeys(v.strip().lower() for v in value.split(",") if v.strip()))
    bad = [v for v in items if allowed and v not in allowed]
    if not items or bad:
        hint = f" (choose from {', '.join(allowed)})" if allowed else ""
        raise UsageError(f"{what} got {value!r}{hint}")
    return items


def output_stem(path: str) -> str:
    """``clip.en.srt`` -> ``clip``; ``clip.srt`` -> ``clip`` (the language tag goes)."""
    parts = Path(path).name.split(".")
    if len(parts) >= 3 and _LANG_TAG.match(parts[-2]):
        return ".".join(parts[:-2])
    return ".".join(parts[:-1]) if len(parts) > 1 else parts[0]


def plan_outputs(input_path: str, output, languages, formats) -> list[tuple[str, str, str]]:
    """(language, format, path or '-') for every file to write."""
    pairs = [(lang, fmt) for lang in languages for fmt in formats]
    if output == "-":
        if len(pairs) != 1:
            raise UsageError("-o - writes exactly one language in one format")
        return [(pairs[0][0], pairs[0][1], "-")]
    single_file = (output and len(pairs) == 1 and not output.endswith(("/", "\\"))
                   and not Path(output).is_dir())
    if single_file:
        return [(pairs[0][0], pairs[0][1], output)]
    if output:
        folder = Path(output)
    elif input_path == "-":
        raise UsageError("reading standard input: give -o FOLDER or -o -")
    else:
        folder = Path(input_path).parent
    stem = "stdin" if input_path == "-" else output_stem(input_path)
    return [(lang, fmt, str(folder / f"{stem}.{lang}.{fmt}")) for lang, fmt in pairs]


def run(args) -> int:
    from ..formats.read import read_subtitles
    from ..pipeline import Style, render
    from ..textio import encode, ensure_folder, write_atomic
    from ..translate import load_glossary, translate_track

    languages = _list(args.to, "--to")
    for lang in languages:
        if not _LANG_TAG.match(lang):
            raise UsageError(f"--to takes language codes such as uk or uk,de; got {lang!r}")
    if args.threads < 0 or args.beam < 1:
        raise UsageError("--threads must be 0 or more and --beam 1 or more")
    read = read_subtitles(args.subtitles, encoding=args.encoding,
                          language=args.source.lower() if args.source else None)
    if args.formats:
        formats = _list(args.formats, "--formats", FORMATS)
    else:
        formats = [read.format]
    plan = plan_outputs(args.subtitles, args.output, languages, formats)
    if not read.track.cues:
        raise CaptionsError("no cues to translate", path=args.subtitles)
    if read.errors and not args.quiet:
        print(f"captions: warning: {args.subtitles}: {len(read.errors)} block(s) skipped "
              f"({read.errors[0]})", file=sys.stderr)
    glossary = load_glossary(args.glossary) if args.glossary else None
    style = Style(speaker_labels=args.speaker_labels)
    inputs = [args.subtitles] + ([args.glossary] if args.glossary else [])

    status = 0
    for lang in languages:
        try:
            result = translate_track(read.track, lang, glossary=glossary, threads=args.threads,
                                     beam=args.beam, cache=not args.no_cache,
                                     progress=not args.quiet,
                                     reserve_labels=args.speaker_labels == "turn")
        except CaptionsError as exc:
            if len(languages) == 1:
                raise
            print(f"captions: error: {exc}", file=sys.stderr)  # the other languages go on
            status = max(status, exc.exit_code)
            continue
        extra = translation_json(result, read.track.language)
        written = []
        for _, fmt, path in (p for p in plan if p[0] == lang):
            if path != "-":
                ensure_folder(Path(path).parent)
            text = render(result.track, fmt, style, json_extra=extra)
            if path == "-":
                sys.stdout.buffer.write(encode(text))
                sys.stdout.flush()
            else:
                write_atomic(path, encode(text), inputs=tuple(inputs))
            written.append(path)
        if not args.quiet:
            _summary(result, written, args.verbose)
    return status


def translation_json(result, source_language: str) -> dict:
    """What the JSON output says about a translation (also used by generate)."""
    return {"translation": {
        "from": source_language, "package": result.package,
        "packages": list(result.packages), "via": list(result.via),
        "sentences": result.sentences, "cached": result.cached,
        "slow_cues": [{"index": i, "cps": cps} for i, cps in result.slow_cues],
        "glossary_fallbacks": result.glossary_fallbacks}}


def _summary(result, written, verbose: bool) -> None:
    from ..rules import default_profile

    track = result.track
    target = default_profile(track.language).cps_target
    cached = f", {result.cached} cached" if result.cached else ""
    via = f" through {', '.join(result.via)}" if result.via else ""
    line = (f"{track.language}: {len(track.cues)} cues from {result.sentences} sentences"
            f"{via}{cached} in {result.model_seconds:.1f} s by {result.package} -> "
            f"{', '.join(written)}; "
            f"{len(result.slow_cues)} cues above {target:g} cps")
    if result.glossary_fallbacks:
        line += f"; glossary placeholders lost in {result.glossary_fallbacks} sentences"
    print(line, file=sys.stderr)
    if verbose:
        for index, cps in result.slow_cues:
            cue = track.cues[index - 1]
            print(f"  cue {index} ({cue.start / 1000:.3f} s): {cps:.1f} cps: "
                  f"{' / '.join(cue.lines)}", file=sys.stderr)
