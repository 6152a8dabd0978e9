"""Admin forms for sending: test addresses, the schedule time and the send confirmation."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.widgets import AdminDateTimeInput

from .backends.base import CampaignError
from .service import MAX_TEST_ADDRESSES, parse_addresses


class SendTestForm(forms.Form):
    addresses = forms.CharField(
        label=_("Naar welke adressen?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Eén of meer e-mailadressen, gescheiden door komma's (hoogstens %(n)s).")
        % {"n": MAX_TEST_ADDRESSES},
    )

    def clean_addresses(self):
        try:
            return parse_addresses(self.cleaned_data["addresses"])
        except CampaignError as error:
            raise forms.ValidationError(error.message) from error


def next_quarter_hour(now=None, *, lead=dt.timedelta(minutes=30)):
    moment = timezone.localtime(now or timezone.now()) + lead
    moment = moment.replace(second=0, microsecond=0)
    return moment + dt.timedelta(minutes=(15 - moment.minute % 15) % 15)


class ScheduleForm(forms.Form):
    when = forms.DateTimeField(
        label=_("Versturen op"),
        widget=AdminDateTimeInput(),
        help_text=_("Datum en tijd (Nederlandse tijd). Mailchimp verstuurt alleen op het kwartier."),
    )
    revision_id = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, backend=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.backend = backend

    def clean_when(self):
        when = self.cleaned_data["when"]
        if timezone.is_naive(when):
            when = timezone.make_aware(when)
        if self.backend is not None:
            try:
                self.backend.validate_schedule_time(when)
            except CampaignError as error:
                raise forms.ValidationError(error.message) from error
        return when


class ConfirmSendForm(forms.Form):
    revision_id = forms.IntegerField(widget=forms.HiddenInput)
