"""`afterview stats`: the funnel, reply rate, days to the first answer and each step's
conversion, as text or as JSON for a script."""

from __future__ import annotations

from tui.cli.common import db_path, env_clock, open_existing

NAME = "stats"
SUMMARY = "the funnel, reply rate and conversions"
DESCRIPTION = (
    "How the search is going, as the dashboard's Stats page shows it: how many "
    "applications stand at each stage, how many reached each, the share of those sent "
    "that got any answer (a reply, an interview, an offer or a rejection), the median "
    "days from applying to the first answer, and the share of each stage that went on "
    "to the next.\n\n"
    "With --json: reply_rate (a fraction of the applications sent, 0 to 1, or null), "
    "median_days_to_reply (or null), applications, sent, answered, funnel (stage -> "
    "how many stand there now; these add up to applications), reached (stage -> how "
    'many ever reached it) and conversions ("applied->screening" -> the fraction of '
    "those that reached the first stage that reached the second, or null)."
)


def arguments(p) -> None:
    p.add_argument("--json", action="store_true", help="a JSON object, for scripts")


def run(args) -> int:
    import arrow

    from db.store import Store

    engine = open_existing(db_path(args))
    store = Store(engine, env_clock() or arrow.utcnow)
    try:
        stats = store.views.stats()
    finally:
        store.close()
    print(stats_json(stats) if args.json else stats_text(stats))
    return 0


def conversions(stats) -> dict[str, float | None]:
    stages = list(stats.reached)
    return {
        f"{stage}->{after}": stats.step_conversion.get(stage)
        for stage, after in zip(stages, stages[1:], strict=False)
    }


def stats_json(stats) -> str:
    import json

    return json.dumps(
        {
            "applications": sum(stats.funnel.values()),
            "sent": stats.applied,
            "answered": stats.answered,
            "reply_rate": stats.reply_rate,
            "median_days_to_reply": stats.median_days_to_reply,
            "funnel": stats.funnel,
            "reached": stats.reached,
            "conversions": conversions(stats),
        },
        indent=2,
    )


def stats_text(stats) -> str:
    def share(value: float | None) -> str:
        return "—" if value is None else f"{value:.0%}"

    total = sum(stats.funnel.values())
    median = stats.median_days_to_reply
    lines = [
        f"{total} applications, {stats.applied} sent",
        f"Reply rate: {share(stats.reply_rate)} "
        f"({stats.answered} of {stats.applied} sent got an answer)",
        "Median days to the first answer: " + ("—" if median is None else f"{median:g}"),
        "",
        f"  {'stage':<13}{'now':>5}{'reached':>9}{'next':>6}",
    ]
    for stage, count in stats.funnel.items():
        reached = stats.reached.get(stage)
        onward = share(stats.step_conversion[stage]) if stage in stats.step_conversion else ""
        lines.append(f"  {stage:<13}{count:>5}{'' if reached is None else reached:>9}{onward:>6}")
    return "\n".join(lines)
