"""Notes: what Afterview writes and checks for a follow-up, in four modules.

- facts: `DraftFacts` and `facts_for`, what a draft knows about one person and moment,
  and the readers of what the user typed (`topics`, `meeting`, `day_in_words`);
- drafts: `draft`, the scaffold of a note made from those facts: the prompts, one
  letter body per kind, the call plan and voicemail for a call, the subject line
  (`facts_for` can be imported from here too);
- guards: `check_note` and its `Warning`s, what a note is checked for before it goes
  out, with `likeness`, `panel_bodies` and `word_count`;
- mailto: `mailto_url`, the link that hands a note to the user's mail client.

Import from the module itself (`from db.notes.guards import check_note`): the guards
load rapidfuzz and the facts and drafts load arrow, and neither is wanted before it is used.
"""
