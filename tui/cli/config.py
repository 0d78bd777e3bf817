"""`afterview config`: every setting with its value and default; one read, set or reset.

The keys are read from db.days.Settings, so a setting added there is listed, checked and
set here without a change to this file."""

from __future__ import annotations

import json

from tui.cli.common import Failure, db_path, env_clock, open_existing, printable

NAME = "config"
SUMMARY = "your name, signature, phone, zone and the rules' numbers"
DESCRIPTION = (
    "With no KEY, lists every setting with its value and default. With KEY, prints its "
    "value; with KEY VALUE, sets it (checked first: a bad value changes nothing); "
    "--reset puts it back to its default.\n\n"
    "Examples: afterview config your_name 'Ada Lovelace'; afterview config phone "
    "'+44 20 7946 0000'; afterview config zone Europe/London; afterview config "
    "thank_you_hours 24. A signature of several lines: afterview config signature "
    "$'Best wishes,\\nAda'."
)


def arguments(p) -> None:
    p.add_argument("key", metavar="KEY", nargs="?", help="a setting, as the list names it")
    p.add_argument("value", metavar="VALUE", nargs="?", help="the new value")
    p.add_argument("--reset", action="store_true", help="put KEY back to its default")
    p.add_argument("--json", action="store_true", help="the list as JSON, for scripts")


def info_for(key: str):
    from db import days

    try:
        return days.setting_info(key)
    except KeyError:
        known = ", ".join(i.key for i in days.setting_infos())
        raise Failure(f"no setting called {printable(key)!r}; the settings are: {known}") from None


def run(args) -> int:
    import arrow

    from db.store import Store

    if args.key is None and (args.value is not None or args.reset):
        raise Failure("which setting? `afterview config KEY VALUE`")
    if args.reset and args.value is not None:
        raise Failure("--reset takes a KEY and no VALUE")
    info = None if args.key is None else info_for(args.key)  # before the file is opened
    store = Store(open_existing(db_path(args)), env_clock() or arrow.utcnow)
    try:
        if info is None:
            print(listing_json(store.views) if args.json else listing(store.views))
        elif args.reset:
            from db.write.settings import reset_setting

            reset_setting(store.uow(), info.key)
            print(f"{info.key} is back to its default: {shown(info.default)}")
        elif args.value is None:
            print(getattr(store.views.settings, info.name))
        else:
            from db.write.settings import change_settings

            settings = change_settings(store.uow(), {info.key: args.value})
            print(f"{info.key} = {shown(getattr(settings, info.name))}")
    finally:
        store.close()
    return 0


def shown(value: object) -> str:
    """A value on one line, its line breaks written \\n; an empty one says so."""
    return printable(value) if value != "" else "(not set)"


def listing(views) -> str:
    """KEY, VALUE and DEFAULT, one setting a line, yours first; a long value is cut
    here (`afterview config KEY` prints it whole)."""
    from db import days
    from db.text import cell_width, fit

    settings, infos = views.settings, days.setting_infos()
    rows = [("KEY", "VALUE", "DEFAULT")]
    for info in infos:
        value = shown(getattr(settings, info.name))
        default = DEFAULTS.get(info.name) or shown(info.default)
        rows.append((info.key, fit(value, 32), default))
    key_width = max(len(r[0]) for r in rows) + 2
    value_width = max(cell_width(r[1]) for r in rows) + 2
    return "\n".join(
        f"{k:<{key_width}}{v}{' ' * (value_width - cell_width(v))}{d}".rstrip() for k, v, d in rows
    )


DEFAULTS = {"signature": "(the closing line, then your name)"}


def listing_json(views) -> str:
    """{key: {value, default, set, about}}: the values typed as they are (numbers as numbers)."""
    from db import days

    settings, stored = views.settings, views.stored_keys()
    out = {
        i.key: {
            "value": getattr(settings, i.name),
            "default": i.default,
            "set": i.name in stored,
            "about": i.about,
        }
        for i in days.setting_infos()
    }
    return json.dumps(out, indent=2, ensure_ascii=False)
