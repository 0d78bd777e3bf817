"""Sample data: realistic, the same on every run, placed relative to the clock.

story.py   build_demo: a few weeks of a job search replayed through the services
           (so every follow-up comes from the real rules) with the clock moved back
           and forth; it always has something overdue, due today and later this week
large.py   build_large: N applications with bulk inserts, for benchmarks
mail.py    the sample's mailbox: messages and the proposals waiting for review
pools.py   the companies, roles, names, titles and topics both draw from
"""
