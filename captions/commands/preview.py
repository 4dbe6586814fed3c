"""``captions preview``: show the video with its cues in a browser."""
from __future__ import annotations

import sys

from . import add_command

EXAMPLES = """\
  captions preview talk.mp4 output/talk.en.vtt output/talk.uk.vtt
  captions preview talk.mp4 output/talk.en.vtt output/talk.uk.vtt --open
  captions preview output/talk.captioned.mkv output/talk.*.vtt --port 8765
  captions preview talk.mp4 output/talk.uk.vtt --write-page page.html   # just the HTML
"""


def register(subparsers) -> None:
    parser = add_command(
        subparsers, "preview",
        help="check the cues by eye: a local page with the video and a cue list",
        description="Serve a page on 127.0.0.1 with the video, one subtitle track per language "
        "and a cue list (time, speaker, text): click a cue to seek to it; the cue playing is "
        "highlighted. Seeking works for every format (the server answers byte ranges). "
        "Also prints the mpv command that plays the video with the Ukrainian track. "
        "Stop with Ctrl-C.",
        examples=EXAMPLES,
    )
    parser.add_argument("video", metavar="VIDEO", help="the video (.mp4, .webm, .mkv)")
    parser.add_argument("captions", nargs="+", metavar="CAPTIONS", help="SRT or WebVTT files")
    parser.add_argument("--port", type=int, default=0, metavar="N",
                        help="port on 127.0.0.1 (default: any free port)")
    parser.add_argument("--open", action="store_true", help="open the page in the default browser")
    parser.add_argument("--language", action="append", metavar="LANG[,LANG...]",
                        help="language of each caption file in order; default: from the file names")
    parser.add_argument("--write-page", metavar="FILE",
                        help="write the HTML page (it expects the server's URLs) and do not serve")
    parser.add_argument("--ffmpeg", metavar="PATH", help="ffmpeg binary (to list embedded tracks)")
    parser.set_defaults(func=run)


def run(args) -> int:
    from ..media.captionfiles import load_captions, parse_language_list
    from ..media.preview import make_server, mpv_command
    from ..ffmpeg import probe
    from ..errors import InputError
    import os

    if not os.path.isfile(args.video):
        raise InputError("no such video file", path=args.video)
    files = load_captions(args.captions, parse_language_list(args.language))
    info = probe(args.video, ffmpeg=args.ffmpeg)
    # A still image or a file without a timeline would be served and never
    # play: refuse it here rather than leave a page that shows nothing.
    if not info.duration_ms or not (info.of_kind("video") or info.of_kind("audio")):
        raise InputError("not a video or audio file a player can play", path=args.video)
    embedded = [s.language for s in info.of_kind("subtitle") if s.language]
    server, _tracks = make_server(args.video, files, port=args.port)
    if args.write_page:
        from ..textio import write_atomic
        page = server.resources["/"][1]
        server.server_close()
        assert isinstance(page, bytes)     # the page is built in memory, never a file
        write_atomic(args.write_page, page, inputs=(args.video, *args.captions))
        print(f"wrote {args.write_page}")
        return 0
    print(f"preview: {server.url}  (Ctrl-C to stop)")
    print(f"in mpv:  {mpv_command(args.video, files, embedded)}")
    sys.stdout.flush()
    if args.open:
        open_in_browser(server.url)
    try:
        server.serve_forever()
    finally:
        server.server_close()
    return 0


def open_in_browser(url: str) -> None:
    """Open ``url`` in the user's browser, or say in one line why it cannot be done here."""
    import os
    import webbrowser

    if sys.platform.startswith("linux") and not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        print("captions: --open: no display here (DISPLAY is not set); open the URL above in a browser "
              "on a machine with a screen (e.g. through ssh -L)", file=sys.stderr)
        return
    try:
        opened = webbrowser.open(url)
    except webbrowser.Error:
        opened = False
    if not opened:
        print("captions: --open: no browser found to open; open the URL above yourself", file=sys.stderr)
