"""The sign-up form: e-mail, optional first name, a honeypot and the page it was sent from."""

from __future__ import annotations

import re

from django import forms
from django.core.validators import validate_email
from django.utils.translation import gettext_lazy as _

from .models.subscribers import EMAIL_MAX_LENGTH, SOURCE_MAX_LENGTH

# A first name from the public form: letters (any script), spaces, hyphens, apostrophes and dots,
# so the form cannot carry links or messages to a stranger's inbox.
SIGNUP_FIRST_NAME_MAX_LENGTH = 40
FIRST_NAME_PATTERN = re.compile(r"(?:[^\W\d_]|[ \-'’.])+")

HONEYPOT_FIELD = "website"
INVALID_EMAIL = _("Dit is geen geldig e-mailadres. Controleer het, bijvoorbeeld naam@voorbeeld.nl.")


def clean_source(value: str) -> str:
    """Keep only a local path (no scheme, host, query or control characters)."""
    value = (value or "").strip()
    if not value.startswith("/") or value.startswith("//") or "\\" in value:
        return ""
    value = value.split("?", 1)[0].split("#", 1)[0]
    if any(ord(ch) < 32 or ord(ch) == 127 for ch in value):
        return ""
    return value[:SOURCE_MAX_LENGTH]


class SignupForm(forms.Form):
    email = forms.CharField(
        label=_("E-mailadres"),
        max_length=EMAIL_MAX_LENGTH,
        error_messages={
            "required": _("Vul je e-mailadres in."),
            "max_length": _(
                "Dit e-mailadres is te lang. Gebruik hoogstens %(limit_value)d tekens."
            ),
        },
        widget=forms.EmailInput(
            attrs={"autocomplete": "email", "inputmode": "email", "spellcheck": "false"}
        ),
    )
    first_name = forms.CharField(
        label=_("Voornaam (niet verplicht)"),
        max_length=SIGNUP_FIRST_NAME_MAX_LENGTH,
        required=False,
        error_messages={
            "max_length": _("Deze naam is te lang. Gebruik hoogstens %(limit_value)d tekens."),
        },
        widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
    )
    # Humans never see this field (hidden with CSS, skipped by keyboard and screen readers).
    website = forms.CharField(required=False, max_length=500, label=_("Laat dit veld leeg"))
    source = forms.CharField(required=False, max_length=2000, widget=forms.HiddenInput)

    def __init__(self, *args, form_id: str = "signup", **kwargs):
        kwargs.setdefault("auto_id", f"{form_id}-%s")
        super().__init__(*args, **kwargs)
        self.form_id = form_id
        for name in ("email", "first_name"):
            errors_id = f"{form_id}-{name}-error"
            if self.is_bound and self.errors.get(name):
                self.fields[name].widget.attrs.update(
                    {"aria-invalid": "true", "aria-describedby": errors_id}
                )
        self.fields["email"].widget.attrs["required"] = True
        self.fields[HONEYPOT_FIELD].widget.attrs.update({"tabindex": "-1", "autocomplete": "off"})

    def clean_email(self):
        value = self.cleaned_data["email"].strip()
        try:
            if any(ch.isspace() for ch in value):
                raise forms.ValidationError("whitespace")
            validate_email(value)
        except forms.ValidationError:
            raise forms.ValidationError(INVALID_EMAIL) from None
        return value.lower()

    def clean_first_name(self):
        value = " ".join(self.cleaned_data.get("first_name", "").split())
        if value and not FIRST_NAME_PATTERN.fullmatch(value):
            raise forms.ValidationError(
                _(
                    "Gebruik alleen letters en gewone tekens in je voornaam: spaties, "
                    "streepjes, apostrofs en punten mogen ook."
                )
            )
        return value

    def clean_source(self):
        return clean_source(self.cleaned_data.get("source", ""))

    @property
    def is_bot(self) -> bool:
        return bool(self.data.get(HONEYPOT_FIELD, "").strip())
