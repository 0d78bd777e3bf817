"""One start-up in a fresh interpreter, timed from just before the parent's exec.

    python tests/bench/child.py floor OUT.json
    python tests/bench/child.py app OUT.json DB
    python tests/bench/child.py early-keys OUT.json DB
    python tests/bench/child.py hour OUT.json DB [MINUTES]

`app` runs what `afterview --db DB` runs (tui.cli.main: argument parsing, the database
check, then AfterviewApp.run), with two bench-only changes made from outside: `run` is
headless at a fixed size, and the App class gains the frame probe. `floor` is a bare
Textual app with one Static. Both write the moments they reached (CLOCK_MONOTONIC
seconds, one clock for every process) to OUT.json; the parent subtracts the moment it
read just before starting the process. BENCH_PROFILE=PATH also writes a pyinstrument
profile of the run (main thread, then each thread worker) to PATH and PATH's .html.

`early-keys` and `hour` start the app the same way, but at the frame that first shows
data they go on with session.early_keys or session.simulated_hour (the app's clock made
a session.VirtualClock for `hour`), then exit; what they found goes into OUT.json too.
"""

from __future__ import annotations

import os
import sys

from probe import PANES, SIZE, FrameProbe, css_paths, drawn, is_main_screen, now, panes_filled

MARKS: dict[str, float] = {"interpreter": now()}
FOUND: dict = {}
PROFILE = os.environ.get("BENCH_PROFILE")
FIRST_FRAME_MARKER = b"BENCH-FIRST-FRAME\n"


def first_frame(at: float) -> None:
    if "first_frame" not in MARKS:
        MARKS["first_frame"] = at
        # On fd 2 itself: `-X importtime` writes there, and this splits its log in two.
        os.write(2, FIRST_FRAME_MARKER)


def write_marks(path: str, error: str | None = None) -> None:
    import json
    import resource

    data = {
        "marks": MARKS,
        "maxrss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
        "vmhwm_kb": high_water_kb(),
        "error": error,
        **FOUND,
    }
    with open(path, "w", encoding="utf-8") as fh:
        json.dump(data, fh)


def high_water_kb() -> int | None:
    """Peak RSS of this process image alone (Linux): unlike ru_maxrss it starts at exec,
    so the memory of the process that forked us is not counted."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return None


def run_floor() -> None:
    from textual.app import App, ComposeResult
    from textual.widgets import Static

    class Floor(FrameProbe, App):
        """The floor: a bare app that paints one frame and exits."""

        def compose(self) -> ComposeResult:
            yield Static("One frame, then exit.")

        def on_mount(self) -> None:
            self.frame_listeners.append(self.frame)

        def frame(self, screen, at: float) -> None:
            if drawn(screen, "Static"):
                first_frame(at)
                self.exit()

    Floor().run(headless=True, size=SIZE)


def probed(base, after_data=None):
    """AfterviewApp, headless, with the frame probe and a few moments marked on the way.
    At the first frame with data it exits, or runs the coroutine `after_data(app)`, puts
    what it returns in FOUND and then exits."""

    class BenchApp(FrameProbe, base):
        CSS_PATH = css_paths(base)

        def run(self, **_kwargs):
            return super().run(headless=True, size=SIZE)

        def on_mount(self) -> None:  # runs before AfterviewApp.on_mount (Textual walks the MRO)
            MARKS["mount"] = now()
            self.frame_listeners.append(self.frame)

        def get_default_screen(self):  # the dashboard is the app's first screen
            screen = super().get_default_screen()
            if is_main_screen(screen) and "main_screen" not in MARKS:
                MARKS["main_screen"] = now()
                show = screen._show

                def timed_show(data):
                    MARKS.setdefault("data_fetched", now())
                    show(data)

                screen._show = timed_show
            return screen

        def _opened(self, *args, **kwargs):
            MARKS.setdefault("db_open", now())
            return super()._opened(*args, **kwargs)

        def frame(self, screen, at: float) -> None:
            if not is_main_screen(screen):
                return
            MARKS.setdefault("main_screen_frame", at)  # the same as first_frame, unless
            if not drawn(screen, *PANES):  # a frame went out before the panes were laid out
                return
            first_frame(at)
            if panes_filled(screen):
                MARKS["data_on_screen"] = at
                self.frame_listeners.remove(self.frame)
                if after_data is None:
                    self.exit()
                else:
                    import asyncio  # not before: the app's own imports bring it

                    self._after = asyncio.get_running_loop().create_task(self.go_on())

        async def go_on(self) -> None:
            try:
                FOUND["session"] = await after_data(self)
            except Exception as exc:  # noqa: BLE001 - reported in OUT.json
                FOUND["session"] = {"error": f"{type(exc).__name__}: {exc}"}
            self.exit()

    return BenchApp


def run_app(db: str, mode: str = "app", minutes: int = 60) -> None:
    import tui.cli
    import tui.cli.dashboard

    launch, env_clock = tui.cli.dashboard.launch, tui.cli.dashboard.env_clock
    after_data, clock = None, None
    if mode == "early-keys":
        from session import early_keys as after_data
    elif mode == "hour":
        from session import VirtualClock, simulated_hour

        def env_clock_moved(**kwargs):
            nonlocal clock
            clock = VirtualClock(env_clock(**kwargs))
            return clock

        tui.cli.dashboard.env_clock = env_clock_moved

        def after_data(app):
            return simulated_hour(app, clock, minutes)

    build_app = tui.cli.dashboard.build_app

    def probed_launch(path, clock, **kwargs):
        MARKS["cli_ready"] = now()  # arguments parsed (the database is checked with the data)
        return launch(path, clock, **kwargs)

    def probed_build(path, clock, first_data):
        import tui.app

        tui.app.AfterviewApp = probed(tui.app.AfterviewApp, after_data)
        return build_app(path, clock, first_data)

    tui.cli.dashboard.launch = probed_launch
    tui.cli.dashboard.build_app = probed_build
    code = tui.cli.main(["--db", db])
    if code:
        raise SystemExit(f"afterview exited with {code}")


def profile_workers(sessions: list) -> None:
    """Thread workers (opening the database, the queries) get a profiler of their own."""
    import inspect

    from pyinstrument import Profiler
    from textual.worker import Worker

    original = Worker._run_threaded

    async def run_threaded(self):
        work = self._work
        if callable(work) and not inspect.iscoroutinefunction(work):

            def profiled():
                profiler = Profiler(interval=0.0005, async_mode="disabled")
                profiler.start()
                try:
                    return work()
                finally:
                    profiler.stop()
                    sessions.append((self.name or self.description, profiler))

            self._work = profiled
        return await original(self)

    Worker._run_threaded = run_threaded


def main() -> None:
    mode, out = sys.argv[1], sys.argv[2]
    profiler, workers = None, []
    if PROFILE:
        from pyinstrument import Profiler

        profiler = Profiler(interval=0.0005, async_mode="disabled")
        profiler.start()
        profile_workers(workers)
    error = None
    try:
        if mode == "floor":
            run_floor()
        else:
            run_app(sys.argv[3], mode, *map(int, sys.argv[4:5]))
    except BaseException as exc:  # report it: the parent shows what went wrong
        error = f"{type(exc).__name__}: {exc}"
    write_marks(out, error)
    if profiler is not None:
        profiler.stop()
        write_profile(PROFILE, profiler, workers)


def write_profile(path: str, profiler, workers: list) -> None:
    parts = ["# Main thread (imports, compose, layout, paint), exec to data on screen\n"]
    parts.append(profiler.output_text(unicode=True, color=False))
    flat = profiler.output_text(unicode=True, color=False, flat=True).splitlines()
    parts.append("\n# Main thread, flat: the 40 functions with the most self time\n")
    parts.append("\n".join(flat[:48]) + "\n")
    for name, worker in workers:
        parts.append(f"\n# Thread worker: {name}\n")
        parts.append(worker.output_text(unicode=True, color=False))
    with open(path, "w", encoding="utf-8") as fh:
        fh.write("".join(parts))
    html = os.path.splitext(path)[0] + ".html"
    with open(html, "w", encoding="utf-8") as fh:
        fh.write(profiler.output_html())


if __name__ == "__main__":
    main()
