"""Admin registration: the keywords (tags) of news items and case subjects, so editors can keep
one spelling per keyword and see where each is used."""

from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from taggit.models import Tag
from wagtail.admin.panels import FieldPanel
from wagtail.admin.ui.tables import Column
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet


class TagViewSet(SnippetViewSet):
    model = Tag
    icon = "tag"
    add_to_admin_menu = True
    menu_label = _("Trefwoorden")
    menu_order = 250
    panels = [FieldPanel("name", heading=_("trefwoord"))]
    list_display = [
        "name",
        Column("news_count", label=_("Berichten")),
        Column("case_count", label=_("Casussen")),
    ]
    list_export = ["name", "slug", "news_count", "case_count"]
    search_fields = ["name"]
    search_backend_name = None
    ordering = ["name"]

    def get_queryset(self, request):
        return Tag.objects.annotate(
            news_count=Count("news_newspagetag_items", distinct=True),
            case_count=Count("guides_casesubject_items", distinct=True),
        )


register_snippet(TagViewSet)
