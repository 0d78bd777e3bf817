"""The base of every screen that shows data from the database.

The app counts changes to the data (its `generation`). A screen shown when the count
moves reloads at once (DataChanged); a screen covered at the time reloads when it is
shown again, if the count moved meanwhile.
"""

from __future__ import annotations

from textual.screen import Screen

from tui.messages import DataChanged


class ReloadingScreen(Screen):
    """Subclasses say how to read and show their data in `reload`."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.seen_generation = -1
        """The app's data generation this screen last read."""

    def reload(self) -> None:
        """Read the data again and show it (in a worker)."""
        raise NotImplementedError

    def load(self, generation: int) -> None:
        """Show the data as of `generation` (the app's count of changes)."""
        self.seen_generation = generation
        self.reload()

    def on_data_changed(self, event: DataChanged) -> None:
        self.load(event.generation)

    def on_screen_resume(self) -> None:
        if self.seen_generation != self.app.generation:
            self.load(self.app.generation)
