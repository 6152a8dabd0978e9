"""The project finder's filter form: plain GET parameters, validated on the server."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .queries import WHOLE_TWENTE_SLUG, municipality_label, municipality_slug


class ProjectFilterForm(forms.Form):
    """Filters for the project finder. Values that do not (or no longer) exist are dropped, so an
    old or edited link still shows results instead of an error."""

    thema = forms.ChoiceField(label=_("Themalijn"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False)
    gemeente = forms.ChoiceField(label=_("Gemeente"), required=False)
    uitgangspunt = forms.ChoiceField(label=_("Uitgangspunt"), required=False)
    doelgroep = forms.ChoiceField(label=_("Doelgroep"), required=False)

    def __init__(self, data, *, themes, places, principles, target_groups):
        super().__init__(data)
        self.lookup = {
            "thema": {theme.slug: theme for theme in themes},
            "gemeente": {municipality_slug(place): place for place in places},
            "uitgangspunt": {principle.slug: principle for principle in principles},
            "doelgroep": {group.slug: group for group in target_groups},
        }
        from .models import ProjectPage

        self.fields["thema"].choices = [("", _("Alle themalijnen"))] + [
            (theme.slug, theme.title) for theme in themes
        ]
        self.fields["status"].choices = [("", _("Elke status")), *ProjectPage.Status.choices]
        self.fields["gemeente"].choices = [
            ("", _("Alle gemeenten")),
            (WHOLE_TWENTE_SLUG, _("Alleen projecten voor heel Twente")),
        ] + [(municipality_slug(place), municipality_label(place)) for place in places]
        self.fields["uitgangspunt"].choices = [("", _("Alle uitgangspunten"))] + [
            (principle.slug, principle.name) for principle in principles
        ]
        self.fields["doelgroep"].choices = [("", _("Alle doelgroepen"))] + [
            (group.slug, group.name) for group in target_groups
        ]

    def filters(self):
        """The valid filters as objects; invalid or unknown values are left out."""
        self.is_valid()
        cleaned = getattr(self, "cleaned_data", {})
        result = {}
        for name in self.fields:
            value = cleaned.get(name)
            if not value:
                continue
            if name == "status" or name == "gemeente" and value == WHOLE_TWENTE_SLUG:
                result[name] = value
            else:
                result[name] = self.lookup[name][value]
        return result

    @property
    def dropped(self):
        """Names of the filters whose value was not recognised."""
        self.is_valid()
        return [self.fields[name].label for name in self.errors]
