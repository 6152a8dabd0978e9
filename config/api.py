"""The read-only Wagtail API v2 at /api/v2/: pages, images and documents, so other regions can
reuse news, cases and guides. Wagtail's endpoints only list live pages outside private sections
and documents outside restricted collections.

The pages endpoint loads what the requested fields of the requested type need for a whole
response at once (joined people, prefetched related pages, tags, child rows, images with their
renditions, and the documents, images and pages chosen in StreamField blocks), so a response
costs the same number of queries whether it holds 5 items or 20."""

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db.models import Prefetch, prefetch_related_objects
from rest_framework.response import Response
from taggit.managers import _TaggableManager
from wagtail.api.v2.filters import FieldsFilter, SearchFilter
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.serializers import PageSerializer
from wagtail.api.v2.utils import BadRequestError, parse_fields_parameter
from wagtail.api.v2.views import BaseAPIViewSet, PagesAPIViewSet
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.fields import StreamField
from wagtail.images import get_image_model
from wagtail.images.api.fields import ImageRenditionField
from wagtail.images.api.v2.views import ImagesAPIViewSet
from wagtail.models import Page

from core.search_terms import MAX_QUERY_LENGTH, MAX_TERMS, plain_terms
from news.api import TagNamesField, prefetch_streams
from news.queries import public_q


class CheckedFieldsFilter(FieldsFilter):
    """Wagtail's field filters, with a value the field cannot hold (``?date=gisteren``) answered
    400 instead of failing inside the query."""

    def filter_queryset(self, request, queryset, view):
        try:
            return super().filter_queryset(request, queryset, view)
        except (ValidationError, ValueError, TypeError, OverflowError) as error:
            raise BadRequestError(
                "ongeldige waarde in een filter: " + "; ".join(getattr(error, "messages", [])[:1])
            ) from error


class PlainSearchFilter(SearchFilter):
    """Wagtail's search filter, given plain words only (``core.search_terms``); a query longer
    than ``MAX_QUERY_LENGTH`` characters or ``MAX_TERMS`` words is refused with 400."""

    def filter_queryset(self, request, queryset, view):
        if "search" not in request.GET:
            return queryset
        query = request.GET["search"]
        terms, cut = plain_terms(query)
        if cut:
            raise BadRequestError(
                f"zoekvraag te lang: hoogstens {MAX_QUERY_LENGTH} tekens en {MAX_TERMS} woorden"
            )
        if not terms:
            return queryset.none()
        request.GET = request.GET.copy()
        request.GET["search"] = " ".join(terms)
        return super().filter_queryset(request, queryset, view)


def with_checked_filters(backends):
    swap = {FieldsFilter: CheckedFieldsFilter, SearchFilter: PlainSearchFilter}
    return [swap.get(backend, backend) for backend in backends]


class ProblemAnswers:
    """Errors of the API as ``application/problem+json`` (RFC 9457), with Wagtail's ``message``
    kept for clients that read it."""

    titles = {400: "Ongeldige aanvraag", 404: "Niet gevonden"}

    def handle_exception(self, exc):
        response = super().handle_exception(exc)
        if response.status_code in self.titles and isinstance(response.data, dict):
            message = response.data.get("message") or response.data.get("detail") or ""
            response = Response(
                {
                    "type": "about:blank",
                    "title": self.titles[response.status_code],
                    "status": response.status_code,
                    "detail": str(message),
                    "message": str(message),
                },
                status=response.status_code,
                content_type="application/problem+json",
            )
        return response


class Lookups:
    """What to join, prefetch and convert in bulk to serialise ``fields`` of ``model``."""

    def __init__(self, model, fields, serializers):
        self.select = []
        self.prefetch = []
        self.streams = []
        renditions = {}
        for name in fields:
            serializer = serializers.get(name)
            if isinstance(serializer, ImageRenditionField):
                renditions.setdefault(serializer.source or name, set()).add(serializer.filter_spec)
                continue
            self.add(model, name, serializer)
        for name, specs in renditions.items():
            self.select = [lookup for lookup in self.select if lookup != name]
            images = get_image_model().objects.prefetch_renditions(*sorted(specs))
            self.prefetch.append(Prefetch(name, queryset=images))

    def add(self, model, name, serializer):
        try:
            field = model._meta.get_field(name)
        except FieldDoesNotExist:
            return
        nested = [f"{name}__{lookup}" for lookup in getattr(serializer, "related_lookups", ())]
        if isinstance(field, StreamField):
            self.streams.append(name)
        elif field.many_to_many and issubclass(field.related_model, Page):
            pages = field.related_model.objects.live().filter(public_q()).order_by("path")
            self.prefetch.append(Prefetch(name, queryset=pages))
        elif field.many_to_many or field.one_to_many:
            self.prefetch += [name, *nested]
        elif field.is_relation and field.concrete:
            self.select += [name, *nested]


class PrefetchedPageSerializer(PageSerializer):
    """Tags read from the prefetched tags instead of a query per item (Wagtail's TagsField
    sorts them in the database, one query per item)."""

    def build_property_field(self, field_name, model_class):
        field = getattr(model_class, field_name, None)
        if isinstance(field, _TaggableManager):
            return TagNamesField, {}
        return super().build_property_field(field_name, model_class)


class PagesEndpoint(ProblemAnswers, PagesAPIViewSet):
    """Wagtail's pages endpoint, loading what the requested fields need for all items at once."""

    base_serializer_class = PrefetchedPageSerializer
    filter_backends = with_checked_filters(PagesAPIViewSet.filter_backends)

    def lookups(self, model, show_details):
        """The lookups for the fields this request asks for; none when the fields parameter is
        invalid (Wagtail reports that itself)."""
        try:
            fields_config = (
                parse_fields_parameter(self.request.GET["fields"])
                if "fields" in self.request.GET
                else []
            )
            serializer_class = self._get_serializer_class(
                self.request.wagtailapi_router, model, fields_config, show_details=show_details
            )
        except (ValueError, BadRequestError):
            return Lookups(model, [], {})
        fields = [*serializer_class.Meta.fields, *serializer_class.meta_fields]
        return Lookups(model, fields, self.get_field_serializer_overrides(model))

    def get_base_queryset(self):
        """Wagtail's live pages this request may see, built once per request: building it reads
        the view restrictions, and the listing, its serializer and its filters each ask for it."""
        if not hasattr(self, "_base_queryset"):
            self._base_queryset = super().get_base_queryset()
        return self._base_queryset

    def get_queryset(self):
        queryset = super().get_queryset()
        if self.action != "listing_view":
            return queryset
        lookups = self.lookups(queryset.model, show_details=False)
        return queryset.select_related(*lookups.select).prefetch_related(*lookups.prefetch)

    def paginate_queryset(self, queryset):
        """The page of items, with what a search result set could not prefetch and the blocks
        of their StreamFields loaded for all of them at once."""
        items = list(super().paginate_queryset(queryset))
        if items:
            lookups = self.lookups(type(items[0]), show_details=False)
            prefetch_related_objects(items, *lookups.select, *lookups.prefetch)
            prefetch_streams(items, lookups.streams)
        return items

    def get_object(self):
        """The requested page, found among the pages this request may see, then loaded as its
        specific type with everything its fields need."""
        if not hasattr(self, "_specific_object"):
            page = BaseAPIViewSet.get_object(self)
            model = page.specific_class or type(page)
            lookups = self.lookups(model, show_details=True)
            specific = (
                model.objects.select_related(*lookups.select)
                .prefetch_related(*lookups.prefetch)
                .get(pk=page.pk)
            )
            prefetch_streams([specific], lookups.streams)
            self._specific_object = specific
        return self._specific_object


class ImagesEndpoint(ProblemAnswers, ImagesAPIViewSet):
    """Wagtail's images endpoint with checked filters and plain search."""

    filter_backends = with_checked_filters(ImagesAPIViewSet.filter_backends)


class DocumentsEndpoint(ProblemAnswers, DocumentsAPIViewSet):
    """Wagtail's documents endpoint with checked filters and plain search."""

    filter_backends = with_checked_filters(DocumentsAPIViewSet.filter_backends)


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", PagesEndpoint)
api_router.register_endpoint("images", ImagesEndpoint)
api_router.register_endpoint("documents", DocumentsEndpoint)
