"""Admin registration for the shared snippets."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import Organisation, Person


class OrganisationViewSet(SnippetViewSet):
    model = Organisation
    icon = "group"
    menu_label = _("Organisaties")
    list_display = ["name", "kind", "role", "website"]
    list_filter = ["kind", "role"]
    list_export = ["name", "kind", "role", "website"]
    search_fields = ["name"]
    ordering = ["name"]


class PersonViewSet(SnippetViewSet):
    model = Person
    icon = "user"
    menu_label = _("Personen")
    list_display = ["name", "role", "organisation", "team"]
    list_filter = ["team", "organisation"]
    list_export = ["name", "role", "organisation", "email", "team"]
    search_fields = ["name"]
    ordering = ["name"]

    def get_queryset(self, request):
        """Each row shows the person's organisation: fetched in the same query."""
        return Person.objects.select_related("organisation")


class PeopleGroup(SnippetViewSetGroup):
    menu_label = _("Organisaties en mensen")
    menu_icon = "group"
    menu_order = 300
    items = (OrganisationViewSet, PersonViewSet)


register_snippet(PeopleGroup)
