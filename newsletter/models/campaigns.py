"""Send records of the monthly update: one campaign per newsletter page (its state machine, the
revision that was sent, the Mailchimp campaign or the local delivery figures and the report) and,
for the site's own SMTP delivery, one delivery per subscriber."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class CampaignState(models.TextChoices):
    DRAFT = "draft", _("Concept")
    SCHEDULED = "scheduled", _("Ingepland")
    SENDING = "sending", _("Wordt verstuurd")
    SENT = "sent", _("Verstuurd")
    FAILED = "failed", _("Mislukt")


# States from which a send or a schedule may start: never from scheduled, sending or sent.
STARTABLE = (CampaignState.DRAFT, CampaignState.FAILED)
# States in which the audience has (or will have) received this issue.
OUT = (CampaignState.SENDING, CampaignState.SENT)


class CampaignBackendKind(models.TextChoices):
    MAILCHIMP = "mailchimp", _("Mailchimp")
    LOCAL = "local", _("Eigen verzending (SMTP)")


class NewsletterCampaign(models.Model):
    """Where one newsletter page stands in being sent. One per page, so a page goes out at most
    once; the revision that went out is unique too, and every change of state is a guarded update
    (compare-and-set), so pressing "send" twice, or in two browser tabs, sends nothing twice."""

    page = models.OneToOneField(
        "newsletter.NewsletterPage",
        verbose_name=_("nieuwsbrief"),
        on_delete=models.CASCADE,
        related_name="campaign",
    )
    backend = models.CharField(
        _("verzendwijze"), max_length=20, choices=CampaignBackendKind.choices
    )
    state = models.CharField(
        _("status"),
        max_length=20,
        choices=CampaignState.choices,
        default=CampaignState.DRAFT,
        db_index=True,
    )
    revision = models.OneToOneField(
        "wagtailcore.Revision",
        verbose_name=_("verstuurde versie"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("De versie van de pagina die is ingepland of verstuurd."),
    )
    subject = models.CharField(_("onderwerp"), max_length=150, blank=True)
    remote_id = models.CharField(_("Mailchimp-campagne"), max_length=64, blank=True)
    remote_web_id = models.CharField(_("Mailchimp-web-id"), max_length=32, blank=True)
    remote_status = models.CharField(_("status in Mailchimp"), max_length=20, blank=True)
    archive_url = models.URLField(_("webversie in Mailchimp"), max_length=500, blank=True)
    recipient_count = models.PositiveIntegerField(_("ontvangers"), null=True, blank=True)
    scheduled_for = models.DateTimeField(_("ingepland voor"), null=True, blank=True)
    started_at = models.DateTimeField(_("verzending gestart"), null=True, blank=True)
    sent_at = models.DateTimeField(_("verstuurd op"), null=True, blank=True)
    report = models.JSONField(_("rapport"), default=dict, blank=True)
    report_updated_at = models.DateTimeField(_("rapport bijgewerkt"), null=True, blank=True)
    last_error = models.TextField(_("laatste fout"), blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("verstuurd door"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("verzending nieuwsbrief")
        verbose_name_plural = _("verzendingen nieuwsbrief")
        permissions = [("send_newsletter", _("Mag nieuwsbrieven inplannen en versturen"))]
        constraints = [
            models.CheckConstraint(
                condition=~Q(state__in=OUT) | Q(revision__isnull=False),
                name="newsletter_campaign_out_has_revision",
            ),
        ]

    def __str__(self):
        return f"{self.page_id}: {self.get_state_display()}"

    @property
    def is_out(self):
        return self.state in OUT

    @property
    def is_startable(self):
        return self.state in STARTABLE

    @property
    def mailchimp_url(self):
        """Link to the campaign (or its report) in Mailchimp's own web app."""
        if not self.remote_web_id:
            return ""
        from ..mailchimp import data_centre

        dc = data_centre(settings.MAILCHIMP_API_KEY or "") or "us1"
        path = "reports/summary" if self.is_out else "campaigns/edit"
        return f"https://{dc}.admin.mailchimp.com/{path}?id={self.remote_web_id}"

    def transition(self, from_states, to_state, **fields) -> bool:
        """Move to `to_state` only if the row is still in one of `from_states` (one guarded UPDATE,
        safe on every database without row locks). Updates this instance when it succeeded."""
        now = timezone.now()
        updated = NewsletterCampaign.objects.filter(pk=self.pk, state__in=list(from_states)).update(
            state=to_state, updated_at=now, **fields
        )
        if updated:
            self.state = to_state
            self.updated_at = now
            for name, value in fields.items():
                setattr(self, name, value)
        return bool(updated)

    def delivery_counts(self) -> dict[str, int]:
        """Local deliveries per state (every state present): one query."""
        counts = dict.fromkeys(DeliveryState.values, 0)
        for row in self.deliveries.order_by().values("state").annotate(n=Count("pk")):
            counts[row["state"]] = row["n"]
        return counts


class DeliveryState(models.TextChoices):
    PENDING = "pending", _("Wacht")
    SENDING = "sending", _("Wordt verstuurd")
    SENT = "sent", _("Verstuurd")
    FAILED = "failed", _("Mislukt")
    UNKNOWN = "unknown", _("Onbekend (verzending onderbroken)")


class Delivery(models.Model):
    """One e-mail of a local send to one subscriber. Unique per campaign and subscriber, and
    claimed with a guarded update right before the SMTP conversation, so a worker that is killed
    half-way and a second worker never send anyone a second copy. A delivery claimed by a worker
    that died is marked "unknown" (it may or may not have arrived) and is not sent again."""

    campaign = models.ForeignKey(
        NewsletterCampaign, on_delete=models.CASCADE, related_name="deliveries"
    )
    subscriber = models.ForeignKey(
        "newsletter.Subscriber",
        null=True,
        on_delete=models.SET_NULL,
        related_name="deliveries",
    )
    state = models.CharField(
        max_length=20, choices=DeliveryState.choices, default=DeliveryState.PENDING
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    error = models.CharField(max_length=500, blank=True)

    class Meta:
        verbose_name = _("bezorging")
        verbose_name_plural = _("bezorgingen")
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "subscriber"], name="newsletter_delivery_once_per_subscriber"
            ),
        ]
        indexes = [models.Index(fields=["campaign", "state"], name="newsletter_delivery_state_idx")]

    def __str__(self):
        return f"{self.campaign_id}/{self.subscriber_id}: {self.state}"
