"""Fail if the data layer imports the interface: db/ must never import textual or tui."""

import ast
import sys
from pathlib import Path

FORBIDDEN = ("textual", "tui", "rich")


def offences(root: Path) -> list[str]:
    found = []
    for path in sorted(root.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module]
            for name in names:
                if name.split(".")[0] in FORBIDDEN:
                    found.append(f"{path}:{node.lineno}: imports {name}")
    return found


if __name__ == "__main__":
    bad = offences(Path(__file__).resolve().parent.parent / "db")
    print("\n".join(bad) or "layers ok: db/ imports neither textual, tui nor rich")
    sys.exit(1 if bad else 0)
