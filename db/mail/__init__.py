"""The mailbox, read only: what a sync finds in Inbox and Sent, and what it proposes.

    imap.py      connect (TLS or STARTTLS, verified), EXAMINE, search, BODY.PEEK fetches
    secrets.py   the password or token: keyring or the user's own command, never stored
    parse.py     raw headers and the first KB of text into `facts.MailFacts`
    sync.py      one pass over Inbox and Sent, incremental by UIDVALIDITY and last UID
    match.py     which contact, company and application a message is about
    classify.py  transparent rules: what kind of reply, with the evidence
    invite.py    interview invitations from text/calendar parts (REQUEST, CANCEL)
    propose.py   facts -> rows of mail_proposal for review

Nothing here changes the user's data by itself: the sync stores messages and
proposals; `db.write.mail.accept` runs the same services as doing it by hand.
"""
