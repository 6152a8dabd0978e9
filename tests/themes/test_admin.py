"""Editors manage principles and target groups as snippets with filters and exports."""

import pytest

pytestmark = pytest.mark.django_db


def test_principles_snippet_list_filters_and_counts(admin_client_nl, programme):
    response = admin_client_nl.get("/admin/snippets/themes/principle/?kind=inhoudelijk")
    assert response.status_code == 200
    listed = [principle.name for principle in response.context["object_list"]]
    assert listed == ["Gezondheidsverschillen verkleinen"]
    assert response.context["object_list"][0].project_count == 2


def test_principles_snippet_export(admin_client_nl, programme):
    response = admin_client_nl.get("/admin/snippets/themes/principle/?export=csv")
    content = b"".join(response.streaming_content).decode()
    assert content.splitlines()[0] == "Naam,Webadres,Soort,Korte tekst,Volgorde"
    assert "Samenwerken,samenwerken,algemeen" in content


def test_target_groups_snippet_list_and_export(admin_client_nl, programme):
    response = admin_client_nl.get("/admin/snippets/themes/targetgroup/")
    assert response.status_code == 200
    assert {group.name for group in response.context["object_list"]} == {"Ouderen", "Jeugd"}
    response = admin_client_nl.get("/admin/snippets/themes/targetgroup/?export=xlsx")
    assert response.status_code == 200


def test_principle_slug_is_made_from_the_name(db):
    from themes.models import Principle

    principle = Principle.objects.create(name="Samen leren en verbeteren", summary="Kort.")
    assert principle.slug == "samen-leren-en-verbeteren"


def test_snippet_menu_is_dutch(admin_client_nl, programme):
    page = admin_client_nl.get("/admin/").content.decode()
    assert "Uitgangspunten en doelgroepen" in page
