"""Audience backends: where the list of subscribers lives besides our own database.

`get_backend()` picks Mailchimp when MAILCHIMP_API_KEY and MAILCHIMP_AUDIENCE_ID are set, the local
backend (our own confirmation mail, no remote audience) otherwise.
"""

from __future__ import annotations

from .base import AudienceBackend, PullReport, PushReport


def get_backend() -> AudienceBackend:
    from newsletter import mailchimp

    if mailchimp.is_configured():
        from .mailchimp import MailchimpBackend

        return MailchimpBackend()
    from .local import LocalBackend

    return LocalBackend()


__all__ = ["AudienceBackend", "PullReport", "PushReport", "get_backend"]
