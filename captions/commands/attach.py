"""``captions attach``: put caption files onto a video as selectable subtitle tracks."""
from __future__ import annotations

import sys

from . import add_command

EXAMPLES = """\
  captions attach talk.mp4 output/talk.en.srt output/talk.uk.srt -o output/talk.captioned.mp4
  captions attach talk.mp4 output/talk.en.vtt output/talk.uk.vtt -o talk.mkv --default uk
  captions attach talk.webm output/talk.en.vtt -o talk.captioned.webm
  captions attach talk.mp4 output/talk.uk.srt -o talk.uk-burnt.mp4 --burn uk
  captions attach talk.mp4 subs.srt -o out.mkv --language de    # no language in the name
"""


def register(subparsers) -> None:
    parser = add_command(
        subparsers, "attach",
        help="attach SRT/WebVTT files to a video as subtitle tracks",
        description="Write a copy of VIDEO with the caption files as subtitle tracks a viewer "
        "can switch on: MP4 gets mov_text, MKV the SRT/VTT files as they are, WebM the VTT "
        "files (VP8/VP9/AV1 video only). Audio and video are copied, not re-encoded. Each "
        "track's language comes from the file name (talk.uk.srt -> Ukrainian) and its title "
        "is the language's own name; the first track is the default. The output is written "
        "atomically and never replaces an input.",
        examples=EXAMPLES,
    )
    parser.add_argument("video", metavar="VIDEO", help="the video (.mp4, .mkv, .webm, ...)")
    parser.add_argument("captions", nargs="+", metavar="CAPTIONS", help="SRT or WebVTT files, one track each")
    parser.add_argument("-o", "--output", required=True, metavar="OUT",
                        help="the captioned video; its extension (.mp4, .mkv, .webm) picks the container")
    parser.add_argument("--language", action="append", metavar="LANG[,LANG...]",
                        help="language of each caption file in order (en, uk, deu...; '-' keeps "
                        "the file name's); default: from the file names")
    parser.add_argument("--default", metavar="LANG",
                        help="language of the track players show by default (default: the first; "
                        "'none' for no default)")
    parser.add_argument("--burn", metavar="LANG",
                        help="render this language's captions into the picture (re-encodes the "
                        "video; the other files stay soft tracks)")
    parser.add_argument("--ffmpeg", metavar="PATH",
                        help="ffmpeg binary (default: $CAPTIONS_FFMPEG, else the imageio-ffmpeg one)")
    parser.set_defaults(func=run)


def run(args) -> int:
    from ..media.attach import attach
    from ..media.captionfiles import parse_language_list

    result = attach(args.video, args.captions, args.output,
                    languages=parse_language_list(args.language), default=args.default,
                    burn=args.burn, ffmpeg=args.ffmpeg)
    for warning in result.warnings:
        print(f"captions: warning: {warning}", file=sys.stderr)
    print(result.summary())
    return 0
