"""Notes: what Afterview writes and checks for a follow-up, in three modules.

- drafts: `DraftFacts`, `facts_for` and `draft`, the scaffold of a note for one person
  and moment (with `topics` and `day_in_words`, the words it is made of);
- guards: `check_note` and its `Warning`s, what a note is checked for before it goes
  out, with `likeness`, `panel_bodies` and `word_count`;
- mailto: `mailto_url`, the link that hands a note to the user's mail client.

Import from the module itself (`from db.notes.guards import check_note`): the guards
load rapidfuzz and the drafts load arrow, and neither is wanted before it is used.
"""
