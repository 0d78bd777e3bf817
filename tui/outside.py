"""Handing a note to programs outside Afterview: the clipboard, $EDITOR, a mail client.

Any of them may be missing (an SSH session has no browser, no clipboard tool and no
mail handler): each then says so, and how to set one up, and the app goes on. A program
that needs the terminal runs with the app suspended, the way F3 runs $EDITOR.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from textual.app import App

from tui.worker import Trouble, run_in_thread

MAILER_VARIABLES = ("AFTERVIEW_MAILER", "MAILER")
NO_MAIL_HANDLER = (
    "Nothing here opens mailto: links (no browser or mail handler in this session). "
    "Set AFTERVIEW_MAILER to a terminal mail client (e.g. AFTERVIEW_MAILER=neomutt; it "
    "runs with Afterview suspended) or BROWSER to a program that opens mailto: links. "
    "F2 copies the note meanwhile."
)
OSC52_ONLY = (
    "Sent to the terminal's clipboard (OSC 52); if nothing was copied, your terminal "
    "may not allow it: no clipboard tool (xclip, wl-copy, pbcopy) is available here"
)


def has_display() -> bool:
    """A desktop session, where a browser or mail client opens in a window of its own."""
    return sys.platform in ("darwin", "win32") or bool(
        os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
    )


def clipboard_tool() -> list[str] | None:
    """A local program that puts its input on the desktop's clipboard, if there is one."""
    if sys.platform == "darwin" and shutil.which("pbcopy"):
        return ["pbcopy"]
    if os.environ.get("WAYLAND_DISPLAY") and shutil.which("wl-copy"):
        return ["wl-copy"]
    if os.environ.get("DISPLAY"):
        if shutil.which("xclip"):
            return ["xclip", "-selection", "clipboard"]
        if shutil.which("xsel"):
            return ["xsel", "--clipboard", "--input"]
    return None


def copy(app: App, text: str) -> None:
    """To the terminal's clipboard (OSC 52, which works over SSH when the terminal
    allows it, and cannot tell whether it did) and to the desktop's, when a tool is
    there; the message says which."""
    app.copy_to_clipboard(text)
    tool = clipboard_tool()
    if tool is None:
        app.notify(OSC52_ONLY, timeout=8)
        return

    def run() -> None:
        try:
            subprocess.run(
                tool,
                input=text.encode("utf-8"),
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                check=True,
                timeout=5,
            )
        except (OSError, subprocess.SubprocessError) as exc:
            raise Trouble(
                f"{tool[0]} did not take it ({exc}); it was also sent to the terminal's "
                "clipboard (OSC 52), which your terminal may not allow"
            ) from None

    run_in_thread(
        app,
        run,
        lambda _: app.notify("Subject and body copied to the clipboard"),
        group="clipboard",
        title="Not copied",
    )


def run_in_terminal(app: App, argv: list[str]) -> int:
    """Run a program that needs the terminal, with the app suspended; its exit code.
    Raises Trouble, in words, when it cannot run or the terminal cannot be handed over."""
    from textual.app import SuspendNotSupported

    try:
        with app.suspend():
            return subprocess.run(argv, check=False).returncode
    except SuspendNotSupported:
        raise Trouble(f"{argv[0]} needs the terminal, and this one cannot be handed over") from None
    except OSError as exc:
        raise Trouble(f"Could not run {argv[0]}: {exc.strerror or exc}") from None


def edit_externally(app: App, text: str) -> str | None:
    """`text` edited in $VISUAL or $EDITOR; None when it is unchanged (said so)."""
    command = os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"
    fd, name = tempfile.mkstemp(prefix="afterview-note-", suffix=".txt")  # mode 0600
    path = Path(name)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        code = run_in_terminal(app, [*shlex.split(command), str(path)])
        if code != 0:
            app.notify(f"{command} exited with {code}; the note is unchanged", severity="warning")
            return None
        edited = path.read_text(encoding="utf-8")
    finally:
        path.unlink(missing_ok=True)
    if edited == text:
        app.notify(f"Nothing changed in {command}; the note is as it was")
        return None
    return edited


def mail(app: App, url: str) -> None:
    """Open a mailto: link: in $AFTERVIEW_MAILER (or $MAILER), a terminal mail client
    run with the app suspended; else through `webbrowser`, which honours $BROWSER."""
    mailer = next((os.environ[v] for v in MAILER_VARIABLES if os.environ.get(v)), None)
    if mailer:
        argv = [*shlex.split(mailer), url]
        code = run_in_terminal(app, argv)
        if code != 0:
            app.notify(f"{argv[0]} exited with {code}", severity="warning")
        return
    if has_display():
        # A desktop handler opens a window of its own: the app stays on screen meanwhile.
        run_in_thread(app, lambda: _open(url), group="mailto", title="Mail not opened")
        app.notify("Opening your mail client…")
        return
    if not os.environ.get("BROWSER"):
        raise Trouble(NO_MAIL_HANDLER)
    # No desktop: whatever $BROWSER names runs in this terminal, so it gets the terminal.
    from textual.app import SuspendNotSupported

    try:
        with app.suspend():
            _open(url)
    except SuspendNotSupported:
        raise Trouble("$BROWSER needs the terminal, and this one cannot be handed over") from None


def _open(url: str) -> None:
    import webbrowser

    if not webbrowser.open(url):
        raise Trouble(NO_MAIL_HANDLER)
