"""Sending the monthly update: the operations the admin and `manage.py newsletter_send` use
(service.py), the two ways of sending (backends/), the admin views, panel and hooks.

Why not wagtail-newsletter (0.2.4, evaluated for issue 5): it runs on Wagtail 7.4/Django 5.2, but
it keeps the campaign id in a page field without a lock or a send record, so two concurrent
presses of "send" on a new page create and send two campaigns (a later press is only stopped by
Mailchimp refusing to resend), and a failed content update is swallowed before the
send goes ahead with the previous content; its backend interface is built around Mailchimp
audiences and segments chosen per page (GET /lists, segments through queryish), not a fixed
audience plus a local SMTP delivery with per-subscriber records; it has no way to set the API host
(our emulator and staging), sends schedule times with the local offset where Mailchimp documents UTC, reads sender and
key from its own settings, previews HTML only, and its admin UI is English and acts by saving the
page form. The same capabilities (preview mode, test, schedule, unschedule, send, report,
permission checks, audit log entries) are built here on a send record with a state machine.
"""
