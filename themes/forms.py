"""The project finder's filter form: plain GET parameters, validated on the server."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .queries import WHOLE_TWENTE_SLUG

UNKNOWN = {"invalid_choice": _("Deze keuze bestaat niet (meer). We hebben hem weggelaten.")}


class ProjectFilterForm(forms.Form):
    """Filters for the project finder. Values that do not (or no longer) exist are dropped, so an
    old or edited link still shows results instead of an error."""

    thema = forms.ChoiceField(label=_("Themalijn"), required=False, error_messages=UNKNOWN)
    status = forms.ChoiceField(label=_("Status"), required=False, error_messages=UNKNOWN)
    gemeente = forms.ChoiceField(label=_("Gemeente"), required=False, error_messages=UNKNOWN)
    uitgangspunt = forms.ChoiceField(
        label=_("Uitgangspunt"), required=False, error_messages=UNKNOWN
    )
    doelgroep = forms.ChoiceField(label=_("Doelgroep"), required=False, error_messages=UNKNOWN)

    def __init__(self, data, *, catalogue):
        from .models import ProjectPage

        super().__init__(data)
        self.lookup = {
            "thema": {item.slug: item for item in catalogue.themes},
            "gemeente": {item.slug: item for item in catalogue.places},
            "uitgangspunt": {item.slug: item for item in catalogue.principles},
            "doelgroep": {item.slug: item for item in catalogue.target_groups},
        }
        self.lookup["gemeente"][WHOLE_TWENTE_SLUG] = WHOLE_TWENTE_SLUG
        self.fields["thema"].choices = [("", _("Alle themalijnen"))] + [
            (item.slug, item.name) for item in catalogue.themes
        ]
        self.fields["status"].choices = [("", _("Elke status")), *ProjectPage.Status.choices]
        self.fields["gemeente"].choices = [
            ("", _("Alle gemeenten")),
            (WHOLE_TWENTE_SLUG, _("Alleen projecten voor heel Twente")),
        ] + [(item.slug, item.name) for item in catalogue.places]
        self.fields["uitgangspunt"].choices = [("", _("Alle uitgangspunten"))] + [
            (item.slug, item.name) for item in catalogue.principles
        ]
        self.fields["doelgroep"].choices = [("", _("Alle doelgroepen"))] + [
            (item.slug, item.name) for item in catalogue.target_groups
        ]

    def filters(self):
        """The valid filters: status as its value, the others as catalogue items. Invalid or
        unknown values are left out."""
        self.is_valid()
        result = {}
        for name, value in getattr(self, "cleaned_data", {}).items():
            if value:
                result[name] = value if name == "status" else self.lookup[name][value]
        return result

    @property
    def dropped(self):
        """Labels of the filters whose value was not recognised."""
        self.is_valid()
        return [str(self.fields[name].label) for name in self.errors]
