"""The budgets of issues 6 and 12, checked against the figures, and the printed table."""

from __future__ import annotations

import statistics
from dataclasses import asdict, dataclass

LARGE, SMALL = 5_000, 500


@dataclass(frozen=True)
class Check:
    figure: str
    value: float | None
    limit: float
    unit: str
    shown: str

    @property
    def passed(self) -> bool:
        return self.value is not None and self.value <= self.limit

    @property
    def verdict(self) -> str:
        return "n/a" if self.value is None else ("PASS" if self.passed else "FAIL")


def ratio(a: float | None, b: float | None) -> float | None:
    return None if a is None or not b else a / b


def ms(value: float | None, digits: int = 0) -> str:
    return "—" if value is None else f"{value:,.{digits}f} ms"


def times(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}×"


def checks(results: dict) -> list[Check]:
    start = results["startup"]
    floor = start["floor"]["first_frame"]
    large, small = start[f"n{LARGE}"], start[f"n{SMALL}"]
    found = [
        Check(
            "first frame / floor",
            ratio(large["first_frame"], floor),
            1.3,
            "×",
            f"{ms(large['first_frame'])} = {times(ratio(large['first_frame'], floor))}",
        ),
        Check(
            "data on screen / floor",
            ratio(large["data_on_screen"], floor),
            1.3,  # issue 12 (was 2.5)
            "×",
            f"{ms(large['data_on_screen'])} = {times(ratio(large['data_on_screen'], floor))}",
        ),
    ]
    for what in ("first_frame", "data_on_screen"):
        value = ratio(large[what], small[what])
        found.append(
            Check(
                f"{what.replace('_', ' ')} N={LARGE:,} / N={SMALL}", value, 1.15, "×", times(value)
            )
        )
    keys = results["keys"]
    for name, label, limit in (
        ("today_nav", "key→frame Today j/down p95", 16),
        ("pipeline_nav", "key→frame Pipeline j/down p95", 16),
        ("mark_sent", "key→frame mark sent p95", 50),
    ):
        figure = keys[name]
        found.append(
            Check(
                label,
                figure["p95"],
                limit,
                "ms",
                f"p50 {ms(figure['p50'], 1)} · p95 {ms(figure['p95'], 1)} (n={figure['n']})"
                f" [cpu {ms(figure['cpu_p50'], 1)} · {ms(figure['cpu_p95'], 1)}]"
                + (f" · first {ms(figure['first'])}" if "first" in figure else ""),
            )
        )
    for name, figure in results["queries"].items():
        found.append(
            Check(f"query {name}", figure["median"], 5, "ms", f"median {ms(figure['median'], 1)}")
        )
    rss = large["peak_rss_mb"]
    found.append(
        Check("peak RSS, start-up", rss, 120, "MB", "—" if rss is None else f"{rss:.0f} MB")
    )
    return found + raised(results)


def median(values) -> float | None:
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def mb(value: float | None) -> str:
    return "—" if value is None else f"{value:.0f} MB"


def raised(results: dict) -> list[Check]:
    """The budgets issue 12 added."""
    quick = results["meta"]["quick"]
    app_runs = results["terminal"]["runs"]["app"]
    idle = [r.get("idle_after_ms") for r in app_runs]
    busy = median(r.get("busy_cpu_ms") for r in app_runs)
    spread = ", ".join("never" if v is None else f"{v:,.0f}" for v in idle)
    early = results["early_keys"]
    kept = results["terminal"]["kept_open"]
    cpu = kept.get("idle_cpu_percent", {})
    idle_ratio = ratio(cpu.get("app"), cpu.get("floor"))
    memory = kept.get("memory_mb", {})
    app_peak = memory.get("app", {}).get("VmHWM")
    hour = results["hour"]
    rss = hour.get("rss_mb", {})
    first = rss.get("first_minute", {}).get("VmRSS")
    end = rss.get("end", {}).get("VmRSS")
    growth = None if first is None or end is None else end - first
    minutes = hour.get("minutes", 0)
    idle_s = kept.get("idle_seconds", 0)
    return [
        Check(
            "idle after data on screen (terminal)",
            None if None in idle else median(idle),
            600,
            "ms",
            f"median of {spread} ms; CPU meanwhile {ms(busy)}",
        ),
        Check(
            "key→frame j/down, 1.5 s after data p95",
            early["p95"],
            16,
            "ms",
            f"p50 {ms(early['p50'], 1)} · p95 {ms(early['p95'], 1)} · max {ms(early['max'], 1)}"
            f" (n={early['n']}, {early['runs']} runs)",
        ),
        Check(
            f"idle CPU over {idle_s:g} s / floor's{' (--quick)' if quick else ''}",
            idle_ratio,
            2,
            "×",
            f"{pct(cpu.get('app'))} vs {pct(cpu.get('floor'))} of a core = {times(idle_ratio)}",
        ),
        Check(
            f"peak RSS after {kept.get('presses', 0)} keys (terminal)",
            app_peak,
            70,
            "MB",
            f"{mb(app_peak)} (floor {mb(memory.get('floor', {}).get('VmHWM'))})",
        ),
        Check(
            f"RSS growth, simulated {'hour' if minutes == 60 else f'{minutes} min'}"
            f"{' (--quick)' if quick else ''}",
            None if growth is None else abs(growth),
            5,
            "MB",
            f"{mb(first)} after 1 min → {mb(end)} after {minutes} min"
            + ("" if growth is None else f" ({growth:+.1f} MB)"),
        ),
    ]


def pct(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}%"


def terminal_section(results: dict) -> list[str]:
    """Start-up as a terminal sees it, and what the idle pair and the typed keys showed."""
    term = results["terminal"]
    floor = median(r["first_frame"] for r in term["runs"]["floor"])
    lines = [
        f"Seen from a terminal (real `afterview --db`, pty 120x36, N={LARGE:,}), median of "
        f"{term['rounds']} rounds; floor = bare Textual app kept open, first frame {ms(floor)}",
    ]
    for what in ("first_frame", "data_on_screen"):
        value = median(r[what] for r in term["runs"]["app"])
        runs = ", ".join(ms(r[what]) for r in term["runs"]["app"])
        label = what.replace("_", " ")
        lines.append(f"  {label:16}{ms(value):>10} {times(ratio(value, floor)):>6}   ({runs})")
    kept = term["kept_open"]
    if "error" in kept:
        return [*lines, f"  kept open: {kept['error']}"]
    typed = kept["key_to_frame_ms"]
    memory = kept["memory_mb"]
    lines.append(
        f"  {len(typed)} of {kept['presses']} typed keys drew a frame: p50 "
        f"{ms(median(typed), 1)} · max {ms(max(typed, default=None), 1)} from the write to the"
        f" frame's last byte; RSS now app {mb(memory['app']['VmRSS'])}, floor "
        f"{mb(memory['floor']['VmRSS'])}"
    )
    hour = results["hour"]
    if "error" in hour:
        lines.append(f"  simulated hour: {hour['error']}")
    else:
        lines += [
            "",
            f"Simulated {hour['minutes']} min in {hour['wall_s']:.0f} s: "
            f"{hour['keys']['n']} keys p50 {ms(hour['keys']['p50'], 1)} · p95 "
            f"{ms(hour['keys']['p95'], 1)}; {hour['mark_sent']['n']} mark sents p50 "
            f"{ms(hour['mark_sent']['p50'], 1)} (and {hour['sent_after_a_dialog']} through the"
            f" confirm dialog, not timed); {hour['missed']} missed"
            + (f" ({'; '.join(hour['misses'])})" if hour.get("misses") else ""),
        ]
    return lines


def table(results: dict, found: list[Check]) -> str:
    meta, start = results["meta"], results["startup"]
    floor = start["floor"]["first_frame"]
    lines = [
        f"Afterview benchmark · {meta['versions']} · {meta['cpus']} CPUs · "
        f"load {meta['load_before']} → {meta['load_after']} · {meta['runs']} runs per figure"
        f"{' (--quick)' if meta['quick'] else ''}",
        "",
        f"Start-up, whole process, ms from exec: median ×floor (best run); "
        f"floor = bare Textual app, {ms(floor)} ({ms(start['floor']['first_frame_best'])})",
        f"  {'':10}{'first frame':>30}{'data on screen':>30}{'peak RSS':>11}",
    ]
    for key, label in ((f"n{SMALL}", f"N={SMALL}"), (f"n{LARGE}", f"N={LARGE:,}")):
        row = start[key]
        cells = [
            f"{ms(row[w])} {times(ratio(row[w], floor)):>6} ({ms(row[w + '_best'])})"
            for w in ("first_frame", "data_on_screen")
        ]
        rss = "—" if row["peak_rss_mb"] is None else f"{row['peak_rss_mb']:.0f} MB"
        lines.append(f"  {label:10}{cells[0]:>30}{cells[1]:>30}{rss:>11}")
    lines += ["", "  moments (median ms from exec):"]
    for key, label in ((f"n{SMALL}", f"N={SMALL}"), (f"n{LARGE}", f"N={LARGE:,}")):
        row = start[key]
        moments = " · ".join(f"{k} {v:,.0f}" for k, v in row["moments"].items())
        lines.append(f"  {label:8}{moments}")
        early = row["db_open_before_first_frame"]
        lines.append(
            f"  {'':8}(database open before the first frame in {early} of {len(row['runs'])} runs)"
        )
    lines += ["", *terminal_section(results)]
    lines += ["", f"Budgets at N={LARGE:,}", f"  {'figure':44}{'measured':62}{'budget':12}result"]
    for check in found:
        budget = f"≤ {check.limit:g} {check.unit}"
        lines.append(f"  {check.figure:44}{check.shown:62}{budget:12}{check.verdict}")
    return "\n".join(lines)


def summary(found: list[Check]) -> str:
    failed = [c.figure for c in found if not c.passed]
    head = f"{len(found) - len(failed)}/{len(found)} budgets hold at N={LARGE:,}"
    return head + (f"; over budget: {', '.join(failed)}" if failed else "")


def as_json(found: list[Check]) -> list[dict]:
    return [{**asdict(c), "passed": c.passed} for c in found]
