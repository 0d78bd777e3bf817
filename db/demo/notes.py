"""The notes the sample job search has already sent: each written for its person, as the
guards ask (no two alike, no prompt left in, the right name, short thank-yous), so the
demo shows the product's advice followed rather than broken."""

from __future__ import annotations

import unicodedata

SIGNATURE = "Alex"
"""Whose job search the demo is: the name each sent note is signed with."""

OPENERS = (
    "Thank you for taking the time to talk with me about the {role} role today.",
    "Thanks for a really good conversation this afternoon about the {role} position.",
    "I appreciated the hour you spent with me today, and the straight answers about the {role} job.",
    "It was a pleasure meeting you today; the {role} role sounds even better from the inside.",
    "Thank you for interviewing me today. I left more excited about the {role} opening than I came.",
    "Many thanks for today's interview; I enjoyed every part of it, the hard questions included.",
    "Thank you for making room in your day for me and for the {role} conversation.",
)
TOPIC_LINES = (
    "Your account of {topic} stayed with me: it is the kind of problem I like to dig into.",
    "I keep thinking about {topic}. I led something similar at my last job and would enjoy"
    " comparing notes.",
    "Hearing how the team approached {topic} made the work feel real rather than a job ad.",
    "You asked how I would handle {topic}; I sketched a fuller answer on the way home and am"
    " happy to send it.",
    "The part about {topic} was the highlight for me, and I have already read up on it since.",
    "I liked how candid you were about {topic}, including what has not worked yet.",
    "On {topic}, I realised afterwards I had not mentioned the load tests I ran last spring;"
    " I'd gladly walk you through them.",
)
FIT_LINES = (
    "Five years of running Python services in production line up well with what the team needs next.",
    "Having coached two junior engineers through their first on-call rotations, I think I could"
    " help there from the first month.",
    "The mix of data modelling and operations in this role is exactly where I have done my best work.",
    "I have led a large migration before, so I know where the surprises tend to hide.",
    "Writing clear design notes has been the backbone of my work, and it sounds like yours too.",
    "My background in observability would let me pick up the on-call side quickly.",
    "I enjoy the unglamorous work of making systems boring and reliable, which this role seems to need.",
)
TITLE_LINES = {
    "Engineering Manager": "Thank you too for being open about how the team plans its work.",
    "Senior Engineer": "I enjoyed working through the design question with you at the whiteboard.",
    "Recruiter": "Thank you for keeping the process so clear, from the first call to today.",
    "Head of Platform": "Your view of where the platform should be next year was the most"
    " useful part of my day.",
    "Staff Engineer": "Your questions on trade-offs were the sharpest of the day, in the best way.",
    "Product Manager": "It was good to hear how product and engineering decide together what to build.",
    "Talent Partner": "Thanks as well for arranging the day so smoothly.",
    "CTO": "Hearing where you want engineering to be in two years made the role very concrete.",
}
CLOSES = (
    "I look forward to hearing about next steps.",
    "Please let me know if anything else would help.",
    "I'd be glad to answer any follow-up questions.",
    "I hope to continue the conversation soon.",
    "Thank you again, and enjoy the rest of your week.",
)
SIGN_OFFS = ("Best wishes,", "Kind regards,", "Thanks again,", "All the best,", "Warm regards,")
SUBJECTS = (
    "Thank you — {role} interview",
    "Thanks for today",
    "Following our conversation today",
    "Thank you for your time",
    "Today's {role} interview",
)


def mailbox(name: str) -> str:
    """An address's letters for a name: 'Tomás' -> 'tomas' (accents dropped, each
    letter's base kept), never 'toms'."""
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    return "".join(c for c in decomposed if "a" <= c <= "z")


def thank_you(n: int, first: str, title: str, role: str, topics: list[str]) -> tuple[str, str]:
    """The `n`-th thank-you of the demo: (subject, body). Each pool is walked at its own
    place, shifted on each lap of the openers: neighbours (one panel) share no sentence,
    and notes a lap apart share at most their opening."""
    topic, lap = topics[n % len(topics)], n // len(OPENERS)
    topic = topic.replace("their ", "your ").replace("they ", "you ")  # notes -> to them
    lines = [
        OPENERS[n % len(OPENERS)].format(role=role),
        TOPIC_LINES[(n + lap + 1) % len(TOPIC_LINES)].format(topic=topic),
        TITLE_LINES.get(title, ""),
        FIT_LINES[(n + 3 * lap + 2) % len(FIT_LINES)],
        CLOSES[n % len(CLOSES)],
    ]
    paragraph = " ".join(line for line in lines[:3] if line)
    body = "\n\n".join(
        [f"Hi {first},", paragraph, " ".join(lines[3:]), f"{SIGN_OFFS[n % 5]}\n{SIGNATURE}"]
    )
    return SUBJECTS[(n + 2) % len(SUBJECTS)].format(role=role), body + "\n"


FEEDBACK_REQUEST = (
    "Feedback on my {role} interview",
    "Hi {first},\n\nThank you again for considering me for the {role} role. I'm"
    " disappointed, of course, but I enjoyed meeting you and the team.\n\nIf you can spare"
    " five minutes, I'd value a line on where my interview fell short, the system design"
    " part especially, so I can do better next time.\n\nI'd be glad to stay in touch.\n\n"
    f"Kind regards,\n{SIGNATURE}\n",
)
FEEDBACK_GIVEN = "Strong on modelling; we wanted more hands-on streaming experience"
FEEDBACK_THANKS = (
    "Thank you for the feedback",
    "Hi {first},\n\nThank you for taking the time to explain the decision; not everyone"
    " does, and it helps. Point taken on streaming: I have started a small Kafka project of"
    " my own so that next time I can speak from experience.\n\nI enjoyed meeting the team,"
    f" and I hope our paths cross again.\n\nWith thanks,\n{SIGNATURE}\n",
)
EVENT_FOLLOW_UP = (
    "Good to meet you",
    "Hi {first},\n\nIt was good to meet you at the Data Council drinks {when}. Your"
    " point about testing pipelines like any other code has stuck with me, so here is the"
    " write-up on contract tests I mentioned: https://example.com/contract-tests\n\nWould"
    f" you be up for a coffee in the new year?\n\nBest wishes,\n{SIGNATURE}\n",
)
