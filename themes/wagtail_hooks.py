"""Admin registration: the principles and target groups snippets, and the report of projects
without a progress update for the current year."""

from django.db.models import Count
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column
from wagtail.permissions import page_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import Principle, TargetGroup
from .views import MissingUpdatesReportView


class PrincipleViewSet(SnippetViewSet):
    model = Principle
    icon = "pick"
    menu_label = _("Uitgangspunten")
    list_display = ["name", "kind", Column("project_count", label=_("Projecten")), "sort_order"]
    list_filter = ["kind"]
    list_export = ["name", "slug", "kind", "summary", "sort_order"]
    export_headings = {
        "name": _("Naam"),
        "slug": _("Webadres"),
        "kind": _("Soort"),
        "summary": _("Korte tekst"),
        "sort_order": _("Volgorde"),
    }
    search_fields = ["name", "summary"]
    ordering = ["sort_order", "name"]

    def get_queryset(self, request):
        return Principle.objects.annotate(project_count=Count("projects", distinct=True))


class TargetGroupViewSet(SnippetViewSet):
    model = TargetGroup
    icon = "group"
    menu_label = _("Doelgroepen")
    list_display = ["name", "description", Column("project_count", label=_("Projecten"))]
    list_filter = {"name": ["icontains"], "description": ["icontains"]}
    list_export = ["name", "slug", "description"]
    export_headings = {"name": _("Naam"), "slug": _("Webadres"), "description": _("Omschrijving")}
    search_fields = ["name"]
    ordering = ["name"]

    def get_queryset(self, request):
        return TargetGroup.objects.annotate(project_count=Count("projects", distinct=True))


class ProgrammeGroup(SnippetViewSetGroup):
    menu_label = _("Uitgangspunten en doelgroepen")
    menu_icon = "pick"
    menu_order = 310
    items = (PrincipleViewSet, TargetGroupViewSet)


register_snippet(ProgrammeGroup)


class MissingUpdatesMenuItem(MenuItem):
    def is_shown(self, request):
        return page_permission_policy.user_has_any_permission(
            request.user, ["add", "change", "publish"]
        )


@hooks.register("register_reports_menu_item")
def register_missing_updates_menu_item():
    return MissingUpdatesMenuItem(
        _("Projecten zonder voortgang"),
        reverse("themes_missing_updates"),
        name="projecten-zonder-voortgang",
        icon_name="time",
        order=650,
    )


@hooks.register("register_admin_urls")
def register_missing_updates_urls():
    return [
        path(
            "reports/projecten-zonder-voortgang/",
            MissingUpdatesReportView.as_view(),
            name="themes_missing_updates",
        ),
        path(
            "reports/projecten-zonder-voortgang/results/",
            MissingUpdatesReportView.as_view(results_only=True),
            name="themes_missing_updates_results",
        ),
    ]
