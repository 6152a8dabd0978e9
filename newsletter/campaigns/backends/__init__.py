"""Choosing the way of sending: Mailchimp when it is configured, the site's own SMTP delivery
otherwise, and a backend that refuses with a clear message when Mailchimp is half configured."""

from __future__ import annotations

from django.conf import settings

from .base import CampaignBackend, CampaignError


class MisconfiguredBackend(CampaignBackend):
    """Mailchimp is half set up: sending through the local SMTP delivery instead would surprise
    everyone, so every operation stops with the missing setting named."""

    kind = "misconfigured"
    label = "Mailchimp (onvolledig ingesteld)"

    def __init__(self, missing: str):
        self.missing = missing

    def check_configuration(self):
        raise CampaignError(
            f"Mailchimp is niet volledig ingesteld: {self.missing} ontbreekt. Vraag de beheerder "
            "dit in te stellen; er is niets verstuurd."
        )

    def preview(self, rendered):
        return rendered

    def recipient_count(self):
        self.check_configuration()

    send_test = schedule = unschedule = send = lambda self, *args, **kwargs: self.check_configuration()


def get_backend(kind: str | None = None) -> CampaignBackend:
    """The configured backend, or the one named by `kind` (a campaign's own backend)."""
    from .local import LocalCampaignBackend
    from .mailchimp import MailchimpCampaignBackend

    key = getattr(settings, "MAILCHIMP_API_KEY", None)
    audience = getattr(settings, "MAILCHIMP_AUDIENCE_ID", None)
    if kind == LocalCampaignBackend.kind:
        return LocalCampaignBackend()
    if kind == MailchimpCampaignBackend.kind or key or audience:
        if key and audience:
            return MailchimpCampaignBackend()
        return MisconfiguredBackend("MAILCHIMP_AUDIENCE_ID" if key else "MAILCHIMP_API_KEY")
    return LocalCampaignBackend()


__all__ = ["CampaignBackend", "CampaignError", "get_backend"]
