"""The app's style sheets, by absolute path.

A screen that names a style sheet Textual has not read yet makes it parse every source
again and restyle every node of the app as the screen opens (App._load_screen_css):
the first dialog waited for that, and its allocations landed in the middle of use. The
app reads the dashboard's at start (AfterviewApp.CSS_PATH) and the screens' in a pause
of the warm-up (tui/warming.py, `read_style_sheets`), and every screen names them by the
same absolute path, which Textual then finds already read. Reading them all at start
instead cost ~2.6% of start-up (startup_ab.py, per round).
"""

from __future__ import annotations

import os

_FOLDER = os.path.join(os.path.dirname(os.path.abspath(__file__)), "styles")

APP = os.path.join(_FOLDER, "app.tcss")
DIALOGS = os.path.join(_FOLDER, "dialogs.tcss")
FORMS = os.path.join(_FOLDER, "forms.tcss")
SETTINGS = os.path.join(_FOLDER, "settings.tcss")
PAGES = os.path.join(_FOLDER, "pages.tcss")

SCREENS = [DIALOGS, FORMS, SETTINGS, PAGES]
"""The screens' own, in the order they name them (a form: dialogs then forms)."""
