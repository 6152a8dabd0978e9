"""The interface every audience backend implements."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import timedelta

from django.utils import timezone

# Retry policy for transient failures: 30 s, 1 min, 2 min, ... capped at one hour, with jitter so
# that a recovered Mailchimp is not hit by every retry at the same second.
BACKOFF_BASE_SECONDS = 30
BACKOFF_MAX_SECONDS = 3600


def backoff(attempt: int) -> timedelta:
    """Delay before attempt number `attempt + 1` (attempt counts failures so far, from 1)."""
    seconds = min(BACKOFF_BASE_SECONDS * 2 ** max(attempt - 1, 0), BACKOFF_MAX_SECONDS)
    return timedelta(seconds=seconds * random.uniform(0.8, 1.2))  # noqa: S311


def next_attempt(attempt: int):
    return timezone.now() + backoff(attempt)


@dataclass
class PushReport:
    """Outcome of pushing local changes: counts, API calls and whether Mailchimp was unreachable."""

    pushed: int = 0
    failed_permanently: int = 0
    deferred: int = 0
    calls: int = 0
    aborted: bool = False
    error: str = ""

    def as_dict(self):
        return {
            "pushed": self.pushed,
            "failed_permanently": self.failed_permanently,
            "deferred": self.deferred,
            "calls": self.calls,
            "aborted": self.aborted,
            "error": self.error,
        }


@dataclass
class PullReport:
    seen: int = 0
    updated: int = 0
    created: int = 0
    skipped: int = 0
    calls: int = 0
    error: str = ""
    notes: list[str] = field(default_factory=list)

    def as_dict(self):
        return {
            "seen": self.seen,
            "updated": self.updated,
            "created": self.created,
            "skipped": self.skipped,
            "calls": self.calls,
            "error": self.error,
        }


class AudienceBackend:
    """Where subscribers live besides our database, and who sends the double opt-in mail.

    Hooks named `after_*` run after the local change is committed and must never do network work
    themselves: they enqueue background tasks.
    """

    name = "base"
    label = ""
    #: True when the site itself mails the confirmation link (/nieuwsbrief/bevestigen/<token>/).
    sends_confirmation = False
    #: True when there is a remote audience to keep in sync.
    syncs_remote = False

    def after_signup(self, subscriber, *, resend: bool) -> None:
        """A new or renewed sign-up was committed (`resend`: the person was already pending)."""
        raise NotImplementedError

    def after_change(self, subscriber) -> None:
        """A local status change (confirmed, unsubscribed, re-sync requested) was committed."""
        raise NotImplementedError

    def after_erase(self, tombstone) -> None:
        """A subscriber was erased locally; remove them remotely too."""
        raise NotImplementedError

    def push(self, subscriber) -> None:
        """Make the remote audience reflect this subscriber. Raises MailchimpError on failure."""
        raise NotImplementedError

    def push_pending(self, *, limit: int | None = None, now=None) -> PushReport:
        """Push every local change the remote audience has not seen yet (with `now`: only those
        whose next attempt is due by then)."""
        raise NotImplementedError

    def pull(self) -> PullReport:
        """Apply the changes made remotely since the last pull."""
        raise NotImplementedError

    def erase_remote(self, tombstone) -> None:
        raise NotImplementedError
