"""The budgets of issue 6, checked against the figures, and the printed table."""

from __future__ import annotations

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
            2.5,
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
                f" [cpu {ms(figure['cpu_p50'], 1)} · {ms(figure['cpu_p95'], 1)}]",
            )
        )
    for name, figure in results["queries"].items():
        found.append(
            Check(f"query {name}", figure["median"], 5, "ms", f"median {ms(figure['median'], 1)}")
        )
    rss = large["peak_rss_mb"]
    found.append(Check("peak RSS", rss, 120, "MB", "—" if rss is None else f"{rss:.0f} MB"))
    return found


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
