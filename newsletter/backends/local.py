"""Local backend: no remote audience; the site mails the double opt-in link itself."""

from __future__ import annotations

from .base import AudienceBackend, PullReport, PushReport


class LocalBackend(AudienceBackend):
    """Used when Mailchimp is not configured. Subscribers keep `needs_push`, so that switching
    Mailchimp on later pushes everyone who signed up in the meantime."""

    name = "local"
    label = "Lokaal (eigen bevestigingsmail)"
    sends_confirmation = True
    syncs_remote = False

    def after_signup(self, subscriber, *, resend: bool) -> None:
        from newsletter.tasks import enqueue, send_confirmation

        enqueue(send_confirmation, subscriber.pk)

    def after_change(self, subscriber) -> None:
        return None

    def after_erase(self, tombstone) -> None:
        return None

    def push(self, subscriber) -> None:
        return None

    def push_pending(self, *, limit=None, now=None) -> PushReport:
        return PushReport()

    def pull(self) -> PullReport:
        return PullReport()

    def erase_remote(self, tombstone) -> None:
        return None
