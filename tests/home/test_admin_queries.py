"""Admin listings of the shared snippets cost the same number of queries however many rows they show."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

PERSON_LIST = "wagtailsnippets_home_person:list"


def listing_queries(client, url):
    client.get(url)  # warm per-process caches (locales, content types)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(response.context["object_list"]), len(ctx)


def export_queries(client, url):
    b"".join(client.get(url).streaming_content)
    with CaptureQueriesContext(connection) as ctx:
        content = b"".join(client.get(url).streaming_content).decode()
    return content.count("\n") - 1, len(ctx)


def test_person_listing_queries_stay_constant(admin_client_nl, site_root):
    url = reverse(PERSON_LIST)
    PersonFactory.create_batch(3)  # each with an organisation of their own
    rows, before = listing_queries(admin_client_nl, url)
    PersonFactory.create_batch(20)
    more_rows, after = listing_queries(admin_client_nl, url)
    assert (rows, more_rows) == (3, 20)  # a full page of 20
    assert after == before


def test_person_export_queries_stay_constant(admin_client_nl, site_root):
    url = reverse(PERSON_LIST) + "?export=csv"
    PersonFactory.create_batch(3)
    rows, before = export_queries(admin_client_nl, url)
    PersonFactory.create_batch(20)
    more_rows, after = export_queries(admin_client_nl, url)
    assert (rows, more_rows) == (3, 23)
    assert after == before
