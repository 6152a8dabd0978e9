"""The interface of a way of sending the monthly update (a campaign backend)."""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone
from django.utils.translation import gettext as _


class CampaignError(Exception):
    """Something the editor must know, in Dutch: shown in the admin and by the command."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message

    def __str__(self):
        return self.message


class CampaignBackend:
    """One way of sending. Methods that change a campaign are called by the service layer while it
    holds the campaign's row lock; they record remote ids on the campaign themselves (so nothing is
    created twice after an error) and raise CampaignError with a message for the editor."""

    kind = ""
    label = ""
    #: True when scheduled times must fall on the quarter hour (Mailchimp).
    quarter_hour_grid = False

    def check_configuration(self) -> None:
        """Raise CampaignError when this backend cannot send with the current settings."""

    def preview(self, rendered):
        """The mail as this backend sends it, for the admin preview."""
        raise NotImplementedError

    def recipient_count(self) -> int:
        raise NotImplementedError

    def send_test(self, campaign, revision, rendered, emails: list[str]) -> None:
        raise NotImplementedError

    def schedule(self, campaign, revision, rendered, when: datetime) -> None:
        raise NotImplementedError

    def unschedule(self, campaign) -> None:
        raise NotImplementedError

    def send(self, campaign, revision, rendered) -> None:
        """Start sending `revision` to the audience. The campaign is already in state "sending"."""
        raise NotImplementedError

    def refresh(self, campaign) -> None:
        """Bring the campaign's state and report up to date (no-op where nothing is remote)."""

    def validate_schedule_time(self, when: datetime) -> None:
        if timezone.is_naive(when):
            raise CampaignError(_("Geef een tijdstip met tijdzone op."))
        if when <= timezone.now():
            raise CampaignError(_("Kies een tijdstip in de toekomst."))
        if self.quarter_hour_grid and (when.minute % 15 or when.second or when.microsecond):
            raise CampaignError(
                _("Mailchimp verstuurt alleen op het kwartier: kies :00, :15, :30 of :45.")
            )
