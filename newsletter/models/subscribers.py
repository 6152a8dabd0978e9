"""Subscribers, their proof of consent and their sync state with the Mailchimp audience."""

from __future__ import annotations

from django.db import models
from django.db.models import Count, F, Q
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

EMAIL_MAX_LENGTH = 254
FIRST_NAME_MAX_LENGTH = 100
SOURCE_MAX_LENGTH = 300


def normalise_email(email: str) -> str:
    """Addresses are compared case-insensitively, as Mailchimp does (its member id hashes the lower case)."""
    return (email or "").strip().lower()


def erasure_digest(email: str) -> str:
    """A keyed hash of an erased address: recognisable by the site, meaningless to anyone without SECRET_KEY."""
    return salted_hmac(
        "newsletter.erased-subscriber", normalise_email(email), algorithm="sha256"
    ).hexdigest()


class SubscriberStatus(models.TextChoices):
    PENDING = "pending", _("Wacht op bevestiging")
    SUBSCRIBED = "subscribed", _("Aangemeld")
    UNSUBSCRIBED = "unsubscribed", _("Afgemeld")
    CLEANED = "cleaned", _("Onbestelbaar")


class SubscriberQuerySet(models.QuerySet):
    def to_push(self, now=None):
        """Local changes Mailchimp has not seen yet, excluding permanent failures (staff re-sync those)."""
        qs = self.filter(needs_push=True, sync_failed=False)
        if now is not None:
            qs = qs.filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
        return qs

    def unconfirmed_before(self, moment):
        return self.filter(status=SubscriberStatus.PENDING, consented_at__lt=moment)

    def status_counts(self) -> dict[str, int]:
        """Number of subscribers per status (every status present, zero when none): one query."""
        counts = dict.fromkeys(SubscriberStatus.values, 0)
        for row in self.order_by().values("status").annotate(n=Count("pk")):
            counts[row["status"]] = row["n"]
        return counts


class Subscriber(models.Model):
    """Someone who signed up for the monthly update.

    Holds only what the newsletter needs and what the AVG asks as proof of consent: the address,
    an optional first name, the exact consent text shown, when and on which page it was given and
    when it was confirmed. No IP address or other personal data is kept. The sync fields record
    what Mailchimp has and has not seen yet, so nothing is lost when Mailchimp is unreachable.
    """

    email = models.EmailField(
        _("e-mailadres"),
        max_length=EMAIL_MAX_LENGTH,
        unique=True,
        help_text=_("Altijd in kleine letters."),
    )
    first_name = models.CharField(
        _("voornaam"), max_length=FIRST_NAME_MAX_LENGTH, blank=True, help_text=_("Niet verplicht.")
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=SubscriberStatus.choices,
        default=SubscriberStatus.PENDING,
    )

    consent_text = models.TextField(
        _("toestemmingstekst"),
        blank=True,
        help_text=_("De tekst die bij het formulier stond bij de aanmelding."),
    )
    consented_at = models.DateTimeField(_("aangemeld op"), default=timezone.now)
    source = models.CharField(
        _("bron"),
        max_length=SOURCE_MAX_LENGTH,
        blank=True,
        help_text=_("Pagina waarop het formulier is ingevuld, of 'Mailchimp'."),
    )
    confirmed_at = models.DateTimeField(_("bevestigd op"), null=True, blank=True)
    unsubscribed_at = models.DateTimeField(_("afgemeld op"), null=True, blank=True)
    confirmation_sent_at = models.DateTimeField(
        _("bevestigingsmail verstuurd op"), null=True, blank=True
    )
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    updated_at = models.DateTimeField(_("gewijzigd op"), auto_now=True)

    # Sync with Mailchimp. `sync_version` grows with every local change; a push only clears
    # `needs_push` when the version it sent is still the current one, so a change made while a
    # push was in flight is pushed again instead of lost.
    needs_push = models.BooleanField(_("nog te synchroniseren"), default=False)
    sync_version = models.PositiveIntegerField(default=0, editable=False)
    sync_attempts = models.PositiveIntegerField(_("pogingen"), default=0)
    next_attempt_at = models.DateTimeField(_("volgende poging"), null=True, blank=True)
    last_error = models.TextField(_("laatste fout"), blank=True)
    sync_failed = models.BooleanField(
        _("synchronisatie mislukt"),
        default=False,
        help_text=_(
            "Mailchimp weigert dit adres; er wordt niet meer automatisch opnieuw geprobeerd."
        ),
    )
    synced_at = models.DateTimeField(_("gesynchroniseerd op"), null=True, blank=True)
    remote_status = models.CharField(_("status in Mailchimp"), max_length=20, blank=True)
    remote_last_changed = models.DateTimeField(_("gewijzigd in Mailchimp"), null=True, blank=True)
    remote_contact_id = models.CharField(
        _("Mailchimp-contact-id"), max_length=64, blank=True, db_index=True, editable=False
    )

    objects = SubscriberQuerySet.as_manager()

    class Meta:
        verbose_name = _("abonnee")
        verbose_name_plural = _("abonnees")
        ordering = ["-consented_at", "-pk"]
        indexes = [
            models.Index(fields=["needs_push", "sync_failed"], name="newsletter_sub_push_idx"),
            models.Index(fields=["status", "consented_at"], name="newsletter_sub_status_idx"),
        ]

    def __str__(self):
        # Used as the label of admin log entries, which outlive an erasure: no address here.
        return f"abonnee #{self.pk}"

    def save(self, *args, **kwargs):
        self.email = normalise_email(self.email)
        super().save(*args, **kwargs)

    @property
    def sync_state(self) -> str:
        from newsletter.mailchimp import is_configured

        if not is_configured():
            return "local"
        if not self.needs_push:
            return "synced" if self.synced_at else "local"
        if self.sync_failed:
            return "failed"
        return "retrying" if self.sync_attempts else "queued"

    def get_sync_state_display(self):
        return {
            "synced": _("Gesynchroniseerd"),
            "local": _("Alleen lokaal"),
            "failed": _("Geweigerd door Mailchimp"),
            "retrying": _("Wordt opnieuw geprobeerd"),
            "queued": _("In de wachtrij"),
        }[self.sync_state]

    get_sync_state_display.short_description = _("synchronisatie")

    def mark_changed(self, *, push: bool) -> None:
        """Record a local change (in memory; the caller saves). With `push`, Mailchimp must hear of it."""
        self.sync_version = (self.sync_version or 0) + 1
        if push:
            self.needs_push = True
            self.sync_failed = False
            self.sync_attempts = 0
            self.next_attempt_at = None
            self.last_error = ""

    def push_succeeded(
        self, version: int, *, remote: dict | None = None, adopt: dict | None = None
    ) -> bool:
        """Clear the push flag if nothing changed locally since `version` was read (one UPDATE).

        `remote`: what Mailchimp reported (always recorded); `adopt`: local fields to take over from
        Mailchimp (only when the row is unchanged, so a newer local decision is never overwritten).
        """
        now = timezone.now()
        values = {
            "sync_attempts": 0,
            "next_attempt_at": None,
            "last_error": "",
            "sync_failed": False,
            "synced_at": now,
            "updated_at": now,
            **(remote or {}),
        }
        updated = Subscriber.objects.filter(pk=self.pk, sync_version=version).update(
            needs_push=False, **values, **(adopt or {})
        )
        if not updated:
            Subscriber.objects.filter(pk=self.pk).update(**values)
        return bool(updated)


class ErasedSubscriber(models.Model):
    """What is left of a subscriber after erasure (AVG art. 17): a keyed hash of the address, so that
    a sync or webhook from Mailchimp never brings the person back, and the state of the permanent
    deletion in Mailchimp. `remote_hash` (Mailchimp's member id) is kept only until that deletion is done."""

    digest = models.CharField(_("anonieme sleutel"), max_length=64, unique=True)
    erased_at = models.DateTimeField(_("gewist op"), default=timezone.now)
    remote_hash = models.CharField(_("Mailchimp-id"), max_length=32, blank=True)
    remote_deleted = models.BooleanField(_("gewist in Mailchimp"), default=False)
    attempts = models.PositiveIntegerField(_("pogingen"), default=0)
    next_attempt_at = models.DateTimeField(_("volgende poging"), null=True, blank=True)
    last_error = models.TextField(_("laatste fout"), blank=True)

    class Meta:
        verbose_name = _("gewiste abonnee")
        verbose_name_plural = _("gewiste abonnees")

    def __str__(self):
        return f"{self.digest[:12]}…"

    @classmethod
    def is_erased(cls, email: str) -> bool:
        return cls.objects.filter(digest=erasure_digest(email)).exists()


class SyncState(models.Model):
    """Bookkeeping of the audience sync: the pull cursor (Mailchimp's own `last_changed` of the newest
    change seen, so clocks never need to agree) and the outcome of the last run, for staff."""

    key = models.CharField(max_length=50, unique=True, default="mailchimp")
    pull_cursor = models.DateTimeField(null=True, blank=True)
    last_run_at = models.DateTimeField(null=True, blank=True)
    last_success_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    last_summary = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("synchronisatiestatus")

    def __str__(self):
        return self.key

    @classmethod
    def current(cls) -> SyncState:
        obj, _created = cls.objects.get_or_create(key="mailchimp")
        return obj


def bump_attempt(subscriber_ids, error_message: str, *, permanent: bool, when) -> int:
    """Record a failed push for these subscribers in one UPDATE."""
    values = {"last_error": error_message[:2000], "updated_at": timezone.now()}
    if permanent:
        values["sync_failed"] = True
        values["next_attempt_at"] = None
    else:
        values["next_attempt_at"] = when
    return Subscriber.objects.filter(pk__in=list(subscriber_ids)).update(
        sync_attempts=F("sync_attempts") + 1, **values
    )


__all__ = [
    "EMAIL_MAX_LENGTH",
    "FIRST_NAME_MAX_LENGTH",
    "ErasedSubscriber",
    "Subscriber",
    "SubscriberStatus",
    "SyncState",
    "erasure_digest",
    "normalise_email",
]
