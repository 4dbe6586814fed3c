"""``captions verify``: do real players show exactly the cues in the files?"""
from __future__ import annotations

from . import add_command

EXAMPLES = """\
  captions verify output/talk.captioned.mp4 output/talk.en.srt output/talk.uk.srt
  captions verify talk.webm output/talk.en.vtt output/talk.uk.vtt --players chromium
  captions verify output/talk.captioned.mkv output/talk.uk.vtt --players ffmpeg,mpv
"""


def register(subparsers) -> None:
    parser = add_command(
        subparsers, "verify",
        help="check that Chromium, ffmpeg and mpv see every cue exactly as in the files",
        description="Compare the caption files, cue by cue and to the millisecond (start, end, "
        "text on screen), with what real players read: headless Chromium's own WebVTT parser "
        "(through the preview page), ffmpeg reading the video's subtitle streams back (or the "
        "files, for a video without streams), and mpv over its JSON IPC. A player that is not "
        "installed is skipped with the reason. Exit 0: all identical; 1: any difference.",
        examples=EXAMPLES,
    )
    parser.add_argument("video", metavar="VIDEO", help="the video, captioned or not")
    parser.add_argument("captions", nargs="+", metavar="CAPTIONS", help="SRT or WebVTT files")
    parser.add_argument("--players", default="chromium,ffmpeg,mpv", metavar="LIST",
                        help="comma-separated: chromium, ffmpeg, mpv (default: all three)")
    parser.add_argument("--require", action="store_true",
                        help="fail (exit 1) when a chosen player is not installed instead of skipping it")
    parser.add_argument("--language", action="append", metavar="LANG[,LANG...]",
                        help="language of each caption file in order; default: from the file names")
    parser.add_argument("--ffmpeg", metavar="PATH", help="ffmpeg binary")
    parser.set_defaults(func=run)


def run(args) -> int:
    from ..media.captionfiles import parse_language_list
    from ..media.verify import verify

    players = [p.strip() for p in args.players.split(",") if p.strip()]
    report = verify(args.video, args.captions, players=players,
                    languages=parse_language_list(args.language), ffmpeg=args.ffmpeg,
                    require=args.require)
    print(report.format())
    return 0 if report.ok else 1
