"""The issue's "What it finds", one case per test, on facts built in Python: each
proposal is accepted through db.write.mail and the user-visible outcome is checked."""

from __future__ import annotations

import datetime as dt

import pytest

from db.enums import ProposalKind, ProposalStatus
from db.mail.facts import Address
from db.models import Contact, FollowUp, Interview, Response
from db.validation import ValidationError
from db.write import mail as decide
from db.write.settings import set_setting
from tests.mail_rules.calendars import google, outlook
from tests.mail_rules.conftest import JANE, ME, deliver, mail, proposals

GREENHOUSE = Address("Initech Recruiting", "no-reply@greenhouse.io")


def follow_ups(store, **where) -> list[FollowUp]:
    with store.uow() as uow:
        rows = uow.session.query(FollowUp).filter_by(**where).order_by(FollowUp.id).all()
        uow.session.expunge_all()
        return rows


def test_a_note_in_sent_marks_the_thank_you_sent_at_its_time_with_the_text_kept(store, world):
    (thanks,) = follow_ups(store, contact_id=world.jane, kind="thank-you")
    sent_at = dt.datetime(2026, 11, 23, 16, 5, tzinfo=dt.UTC)
    note = mail(
        "sent",
        sender=ME,
        to=(JANE,),
        subject="Thank you, Jane",
        text="Hi Jane,\nthank you for the talk about data contracts.\n\nOn Mon, Jane wrote:\n> old",
        sent_at=sent_at,
    )
    (pid,) = deliver(store, note)
    (p,) = proposals(store, id=pid)
    assert (p.kind, p.follow_up_id, p.contact_id) == ("sent", thanks.id, world.jane)
    assert "planned for" in p.evidence

    decide.accept(store.uow(), pid)

    (done,) = follow_ups(store, id=thanks.id)
    assert done.status == "sent" and done.status_changed_at == sent_at
    assert done.body == "Hi Jane,\nthank you for the talk about data contracts."
    assert done.subject == "Thank you, Jane"


def test_a_reply_in_the_thread_ends_the_check_ins_once_accepted(store, world):
    sent = mail("sent", sender=ME, to=(JANE,), subject="Thank you", message_id="<t1@me>")
    deliver(store, sent)
    assert follow_ups(store, application_id=world.acme, kind="check-in", status="planned")
    # She answers from her own address, which Afterview does not know: the thread tells.
    reply = mail(
        sender=Address("Jane Doe", "jane.doe.home@gmail.com"),
        subject="Re: Thank you",
        text="Lovely to meet you! We will be in touch next week.",
        in_reply_to="<t1@me>",
        references=("<t1@me>",),
    )
    (pid,) = deliver(store, reply)
    (p,) = proposals(store, id=pid)
    assert p.kind == "reply" and p.application_id == world.acme and p.contact_id == world.jane
    assert "in the thread of “Thank you”" in p.evidence

    result = decide.accept(store.uow(), pid)

    assert result.done.skipped >= 1
    assert not follow_ups(store, application_id=world.acme, kind="check-in", status="planned")


def test_an_ats_rejection_proposes_the_stage_move_and_the_feedback_request_follows(store, world):
    rejection = mail(
        sender=GREENHOUSE,
        subject="Your application to Initech",
        text="Thank you for applying. After careful review we have decided to move forward "
        "with other candidates whose experience is a closer match.",
    )
    reply_id, stage_id = deliver(store, rejection)
    reply, stage = proposals(store, id=reply_id) + proposals(store, id=stage_id)
    assert (reply.kind, reply.label) == ("reply", "rejection")
    assert (stage.kind, stage.label, stage.application_id) == ("stage", "rejected", world.initech)
    assert "sent through greenhouse.io" in stage.evidence and "Initech" in stage.evidence
    assert "“decided to move forward with other” in the text" in stage.evidence

    result = decide.accept(store.uow(), stage_id)

    assert result.done.stage == "rejected" and result.settled == 1
    planned = [f.kind for f in follow_ups(store, application_id=world.initech, status="planned")]
    assert "feedback request" in planned and "check-in" not in planned
    assert proposals(store, id=reply_id)[0].status == ProposalStatus.ACCEPTED
    with store.uow() as uow:  # the move kept their answer once, not twice
        assert uow.session.query(Response).filter_by(application_id=world.initech).count() == 1


@pytest.mark.parametrize("shape", ["google", "outlook"])
def test_an_invitation_with_three_attendees_plans_a_thank_you_per_interviewer(store, world, shape):
    if shape == "google":
        part, sender, app = google(), Address("Priya Raman", "priya.raman@acme.example"), world.acme
    else:
        part, sender = outlook(), Address("Dana Whitfield", "dana.whitfield@globex.example")
        app = world.globex
    (pid,) = deliver(store, mail(sender=sender, subject="Invitation", calendars=(part,)))
    (p,) = proposals(store, id=pid)
    assert p.kind == "interview" and p.application_id == app
    assert "METHOD:REQUEST" in p.evidence and "(new)" in p.evidence

    result = decide.accept(store.uow(), pid)

    names = {"google": ["Priya Raman", "Tomás Ortega", "Wei Zhang"],
             "outlook": ["Dana Whitfield", "Marcus O'Neill", "Aiko Tanaka"]}[shape]  # fmt: skip
    assert list(result.done.thanked) == names and list(result.new_contacts) == names
    thanks = follow_ups(store, interview_id=result.done.interview_id, kind="thank-you")
    assert len(thanks) == 3
    with store.uow() as uow:
        people = {
            c.name: c.email for c in uow.session.query(Contact).filter(Contact.name.in_(names))
        }
        start = uow.session.get(Interview, result.done.interview_id).starts_at
    assert "me@candidate.example" not in people.values() and len(people) == 3
    expected = {
        "google": dt.datetime(2026, 12, 1, 13, 0),
        "outlook": dt.datetime(2026, 12, 2, 17, 0),
    }
    assert start == expected[shape].replace(tzinfo=dt.UTC)


def invited(store, world) -> int:
    sender = Address("Priya Raman", "priya.raman@acme.example")
    (pid,) = deliver(store, mail(sender=sender, subject="Invitation", calendars=(google(),)))
    return decide.accept(store.uow(), pid).done.interview_id


def test_an_update_with_a_higher_sequence_moves_the_interview_and_its_thank_yous(store, world):
    interview_id = invited(store, world)
    before = {
        f.id: f.due_at for f in follow_ups(store, interview_id=interview_id, kind="thank-you")
    }
    update = google(start="20261203T100000", end="20261203T110000", sequence=1)
    priya = Address("Priya Raman", "priya.raman@acme.example")
    (pid,) = deliver(store, mail(sender=priya, subject="Updated", calendars=(update,)))
    (p,) = proposals(store, id=pid)
    assert p.kind == "moved" and "SEQUENCE 1" in p.evidence

    decide.accept(store.uow(), pid)

    with store.uow() as uow:
        assert uow.session.get(Interview, interview_id).starts_at == dt.datetime(
            2026, 12, 3, 9, 0, tzinfo=dt.UTC
        )
    after = {f.id: f.due_at for f in follow_ups(store, interview_id=interview_id, kind="thank-you")}
    assert after.keys() == before.keys()
    assert all(after[i] > before[i] + dt.timedelta(days=1) for i in after)
    # The same update again (a re-sync, or a copy) proposes nothing more.
    assert deliver(store, mail(sender=priya, subject="Updated", calendars=(update,))) == []


def test_an_update_before_accepting_shows_the_new_time_on_the_invitation(store, world):
    priya = Address("Priya Raman", "priya.raman@acme.example")
    (pid,) = deliver(store, mail(sender=priya, calendars=(google(),)))
    update = google(start="20261203T100000", end="20261203T110000", sequence=1)
    assert deliver(store, mail(sender=priya, calendars=(update,))) == []
    result = decide.accept(store.uow(), pid)
    with store.uow() as uow:
        start = uow.session.get(Interview, result.done.interview_id).starts_at
    assert start == dt.datetime(2026, 12, 3, 9, 0, tzinfo=dt.UTC)


def test_a_cancellation_calls_the_interview_off_and_skips_its_thank_yous(store, world):
    interview_id = invited(store, world)
    priya = Address("Priya Raman", "priya.raman@acme.example")
    (pid,) = deliver(store, mail(sender=priya, calendars=(google("CANCEL", sequence=2),)))
    assert proposals(store, id=pid)[0].kind == "cancelled"

    result = decide.accept(store.uow(), pid)

    assert result.done.skipped == 3
    with store.uow() as uow:
        assert uow.session.get(Interview, interview_id) is None
    thanks = [
        f for f in follow_ups(store, kind="thank-you") if f.reason == "the interview was cancelled"
    ]
    assert len(thanks) == 3 and all(f.status == "skipped" for f in thanks)


def test_an_out_of_office_is_not_a_reply(store, world):
    by_header = mail(headers={"auto-submitted": "auto-replied"}, text="Thanks for your message.")
    by_phrase = mail(subject="Out of Office: Re: Data Engineer", text="Back on Monday.")
    assert deliver(store, by_header) == [] and deliver(store, by_phrase) == []
    assert follow_ups(store, application_id=world.acme, kind="check-in", status="planned")


def test_a_company_newsletter_is_not_a_reply(store, world):
    news = mail(
        sender=Address("Acme News", "news@acme.example"),
        subject="Acme monthly: we are hiring",
        text="Let us know what you think of our new product.",
        headers={"list-unsubscribe": "<mailto:unsub@acme.example>"},
    )
    assert deliver(store, news) == []


def test_an_encoded_name_is_read_and_shown_as_written(store, world):
    from email.headerregistry import HeaderRegistry

    header = HeaderRegistry()("From", "=?utf-8?q?Ren=C3=A9e_=C3=98degaard?= <renee@acme.example>")
    (addr,) = header.addresses
    sender = Address(addr.display_name, addr.addr_spec)
    (pid,) = deliver(store, mail(sender=sender, text="Could you send me your portfolio?"))
    (p,) = proposals(store, id=pid)
    assert (p.label, p.application_id) == ("asks you for something", world.acme)
    assert "acme.example is the domain of Acme" in p.evidence
    (row,) = store.views.mail_proposals()
    assert row.who == "Renée Ødegaard <renee@acme.example>"


def test_html_only_text_is_read_across_its_line_breaks(store, world):
    # An HTML-only message turned to text: non-breaking spaces, a phrase split by <br>.
    text = "Dear candidate,\xa0we regret\nto inform you that the role\xa0has been filled."
    reply_id, stage_id = deliver(store, mail(text=text, subject="Your application"))
    assert proposals(store, id=stage_id)[0].label == "rejected"


def test_a_dismissed_proposal_never_comes_back(store, world):
    facts = mail(text="Could you send your references?")
    (pid,) = deliver(store, facts)
    decide.dismiss(store.uow(), pid)
    assert deliver(store, facts) == []
    # The folder renumbered (UIDVALIDITY changed): the same message stored again.
    again = mail(text=facts.text, message_id=facts.message_id)
    assert deliver(store, again) == []
    assert [p.status for p in proposals(store)] == ["dismissed"]


def test_accepting_or_dismissing_twice_is_refused_and_changes_nothing(store, world):
    (pid,) = deliver(store, mail(text="Could you send your references?"))
    decide.accept(store.uow(), pid)
    with pytest.raises(ValidationError, match=f"Proposal {pid} was accepted already"):
        decide.accept(store.uow(), pid)
    with pytest.raises(ValidationError, match="accepted already"):
        decide.dismiss(store.uow(), pid)
    with store.uow() as uow:
        assert uow.session.query(Response).filter_by(application_id=world.acme).count() == 1


def test_auto_accept_marks_an_unambiguous_sent_note_at_once(store, world):
    set_setting(store.uow(), "mail_accept_sent", "yes")
    (thanks,) = follow_ups(store, contact_id=world.jane, kind="thank-you")
    sent_at = dt.datetime(2026, 11, 23, 15, 0, tzinfo=dt.UTC)
    (pid,) = deliver(store, mail("sent", sender=ME, to=(JANE,), text="Thank you!", sent_at=sent_at))
    assert proposals(store, id=pid)[0].status == ProposalStatus.ACCEPTED
    (done,) = follow_ups(store, id=thanks.id)
    assert (done.status, done.status_changed_at, done.body) == ("sent", sent_at, "Thank you!")


def test_auto_accept_leaves_a_note_to_several_people_for_review(store, world):
    set_setting(store.uow(), "mail_accept_sent", "yes")
    other = Address("Bo", "bo@elsewhere.example")
    (pid,) = deliver(store, mail("sent", sender=ME, to=(JANE, other), text="Thanks both"))
    assert proposals(store, id=pid)[0].status == ProposalStatus.PENDING
    assert follow_ups(store, contact_id=world.jane, kind="thank-you")[0].status == "planned"


def test_auto_accept_is_off_by_default(store, world):
    (pid,) = deliver(store, mail("sent", sender=ME, to=(JANE,), text="Thank you!"))
    assert proposals(store, id=pid)[0].status == ProposalStatus.PENDING


def test_a_note_sent_before_the_interview_is_not_its_thank_you(store, world):
    early = dt.datetime(2026, 11, 22, 12, 0, tzinfo=dt.UTC)  # the day before the interview
    assert deliver(store, mail("sent", sender=ME, to=(JANE,), sent_at=early)) == []


def test_a_reply_with_two_live_applications_at_the_company_leaves_the_choice(store, world):
    from db.write import applications

    applications.add_application(store.uow(), "Acme", "Staff Engineer")
    (pid,) = deliver(store, mail(sender=Address("Kim", "kim@acme.example"), text="Hello"))
    (p,) = proposals(store, id=pid)
    assert p.application_id is None and "2 active applications at Acme" in p.evidence
    with pytest.raises(ValidationError, match="Pick the application"):
        decide.accept(store.uow(), pid)
    decide.accept(store.uow(), pid, application_id=world.acme)
    assert proposals(store, id=pid)[0].status == ProposalStatus.ACCEPTED
    assert ProposalKind(p.kind) == ProposalKind.REPLY


def test_the_badge_counts_what_waits_by_kind(store, world):
    deliver(store, mail("sent", sender=ME, to=(JANE,), text="Thank you!"))
    (pid,) = deliver(store, mail(text="Could you send your references?"))
    counts = store.views.mail_counts()
    assert (counts.pending, counts.sent, counts.replies, counts.invitations) == (2, 1, 1, 0)
    decide.dismiss(store.uow(), pid)
    assert store.views.mail_counts().pending == 1
