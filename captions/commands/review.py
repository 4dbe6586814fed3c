"""``captions review``: see, hear and fix the cues in the browser."""
from __future__ import annotations

import os
import sys
from typing import Optional

from . import add_command

EXAMPLES = """\
  captions review clip.mp4 output/clip.en.srt
  captions review clip.mp4 output/clip.en.vtt output/clip.uk.vtt --open   # source and translation
  captions review clip.mkv output/clip.uk.srt --profile bbc --port 8765
"""


def register(subparsers) -> None:
    parser = add_command(
        subparsers, "review",
        help="fix the cues in the browser: video, waveform, editable cue list, check, save",
        description="Serve a page on 127.0.0.1 with the video, the waveform of its audio with "
        "every cue as a region (drag its edges to retime it), and the cues with the results of "
        "`captions check` and their reading speed, updated as you type. Two files of different "
        "languages show side by side. Save writes each changed file in its own format and keeps "
        "the previous version beside it (FILE.bak). The address carries a secret token; only the "
        "files named here can be read or written. Stop with Ctrl-C.",
        examples=EXAMPLES,
    )
    parser.add_argument("video", metavar="VIDEO", help="the video or audio (.mp4, .webm, .mkv, .m4a ...)")
    parser.add_argument("captions", nargs="+", metavar="CAPTIONS", help="SRT or WebVTT files to review")
    parser.add_argument("--port", type=int, default=0, metavar="N",
                        help="port on 127.0.0.1 (default: any free port)")
    parser.add_argument("--open", action="store_true", help="open the page in the default browser")
    parser.add_argument("--profile", metavar="NAME|FILE.toml",
                        help="check profile, as for captions check (default: from each file's language)")
    parser.add_argument("--language", action="append", metavar="LANG[,LANG...]",
                        help="language of each caption file in order; default: from the file names")
    parser.add_argument("--encoding", metavar="NAME",
                        help="text encoding of the caption files when not UTF-8/UTF-16; kept on save")
    parser.add_argument("--ffmpeg", metavar="PATH", help="ffmpeg binary (for the waveform)")
    parser.set_defaults(func=run)


def run(args) -> int:
    from ..media.captionfiles import parse_language_list
    from ..languages import parse_language
    from ..review import open_review

    if not 0 <= args.port <= 65535:
        from ..errors import UsageError
        raise UsageError(f"--port must be between 0 and 65535, not {args.port}")
    languages = [parse_language(code).code if code else None
                 for code in parse_language_list(args.language)]
    server = open_review(args.video, args.captions, port=args.port, languages=languages,
                         profile=args.profile, encoding=args.encoding, ffmpeg=args.ffmpeg)
    for f in server.session.files:
        n = len(f.doc.cues)
        print(f"{f.path}: {n} cue{'' if n == 1 else 's'}, profile {f.profile.name}"
              + ("" if f.doc.exact else "; saving rewrites its line ends (they are mixed)"))
    print(f"review: {server.url}  (Ctrl-C to stop)")
    sys.stdout.flush()
    launcher = None
    if args.open:
        problem = display_problem()
        if problem:
            print(f"review: cannot open a browser: {problem}")
        else:
            launcher = open_browser(server.url)
        sys.stdout.flush()
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        print("review: stopped")     # the way to stop it: not a failure
    finally:
        server.server_close()
        if launcher:
            _remove(launcher)
    return 0


def display_problem(environ=os.environ, platform: str = sys.platform) -> Optional[str]:
    """Why no browser window can open here, or None (Linux and BSD need X11 or Wayland)."""
    if platform.startswith(("linux", "freebsd", "openbsd", "netbsd")) \
            and not (environ.get("DISPLAY") or environ.get("WAYLAND_DISPLAY")):
        return ("no display (DISPLAY and WAYLAND_DISPLAY are unset); open the address above "
                "in a browser on this machine, or forward the port: ssh -L PORT:127.0.0.1:PORT")
    return None


def open_browser(url: str) -> Optional[str]:
    """Open ``url`` through a private launcher file, so the token is not on a command line.

    Other users of the machine can read every process's arguments: a browser
    started with the URL would show them the token.  The launcher is a file
    only we can read that sends the browser on to the URL.
    """
    import html
    import tempfile
    import webbrowser

    folder = tempfile.mkdtemp(prefix="captions-review-")       # mode 0700
    path = os.path.join(folder, "open.html")
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(f'<!doctype html><meta charset="utf-8"><meta name="referrer" content="no-referrer">'
                     f'<meta http-equiv="refresh" content="0;url={html.escape(url)}">'
                     f'<a href="{html.escape(url)}">captions review</a>\n')
    if not webbrowser.open("file://" + path):
        print("review: cannot open a browser: none found; open the address above yourself")
        _remove(path)
        return None
    return path


def _remove(path: str) -> None:
    try:
        os.unlink(path)
        os.rmdir(os.path.dirname(path))
    except OSError:
        pass
