"""Admin report: projects without a progress update for the current year, so a missing yearly
update is noticed before residents see an empty "progress" section."""

import datetime

import django_filters
from django.db.models import Exists, Max, OuterRef
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn, LiveStatusTagColumn, TitleColumn
from wagtail.admin.views.reports import ReportView
from wagtail.permissions import page_permission_policy

from .models import ProjectPage, ProjectUpdate, ThemePage


class MissingUpdatesFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(label=_("Status"), choices=ProjectPage.Status.choices)
    live = django_filters.BooleanFilter(label=_("Gepubliceerd"))

    class Meta:
        model = ProjectPage
        fields = ["status", "live"]


class MissingUpdatesReportView(ReportView):
    """Projects (published or not) that have no ProjectUpdate for this calendar year."""

    page_title = _("Projecten zonder voortgang dit jaar")
    header_icon = "time"
    index_url_name = "themes_missing_updates"
    index_results_url_name = "themes_missing_updates_results"
    filterset_class = MissingUpdatesFilterSet
    permission_policy = page_permission_policy
    any_permission_required = ["add", "change", "publish"]
    paginate_by = 50
    list_export = [
        "title",
        "theme_title",
        "get_status_display",
        "last_update_year",
        "contact_name",
        "live",
    ]
    export_headings = {
        "title": _("Project"),
        "theme_title": _("Themalijn"),
        "get_status_display": _("Status"),
        "last_update_year": _("Laatste voortgang (jaar)"),
        "contact_name": _("Contactpersoon"),
        "live": _("Gepubliceerd"),
    }

    @property
    def year(self):
        return datetime.date.today().year

    def get_page_subtitle(self):
        return _("Geen voortgang ingevuld voor %(year)s") % {"year": self.year}

    @property
    def no_results_message(self):
        return _("Alle projecten hebben voortgang voor %(year)s. Goed bezig!") % {"year": self.year}

    @property
    def columns(self):
        return [
            TitleColumn("title", label=_("Project"), url_name="wagtailadmin_pages:edit"),
            Column("theme_title", label=_("Themalijn")),
            Column("get_status_display", label=_("Status")),
            Column("last_update_year", label=_("Laatste voortgang")),
            Column("contact_name", label=_("Contactpersoon")),
            DateColumn("last_published_at", label=_("Laatst gepubliceerd")),
            LiveStatusTagColumn(),
        ]

    def get_filename(self):
        return f"projecten-zonder-voortgang-{self.year}"

    def get_queryset(self):
        this_year = ProjectUpdate.objects.filter(page=OuterRef("pk"), year=self.year)
        return (
            ProjectPage.objects.annotate(has_update=Exists(this_year))
            .filter(has_update=False)
            .annotate(last_update_year=Max("updates__year"))
            .select_related("contact")
            # The status column reads each page's schedule and workflow: fetched for all rows at once.
            .annotate_approved_schedule()
            .prefetch_workflow_states()
            .order_by("path")
        )

    def decorate_paginated_queryset(self, object_list):
        projects = list(object_list)
        parent_paths = {project.path[: -project.steplen] for project in projects}
        titles = dict(ThemePage.objects.filter(path__in=parent_paths).values_list("path", "title"))
        for project in projects:
            project.theme_title = titles.get(project.path[: -project.steplen], "")
            project.contact_name = project.contact.name if project.contact else ""
        return projects
