"""The editor groups may edit the snippets and settings the migrations grant them, through the real
admin views; Wagtail's English default groups and workflow are gone."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from taggit.models import Tag
from wagtail.models import Site, Workflow, WorkflowPage
from wagtail.test.utils.form_data import nested_form_data, streamfield

from home.models import Person, SiteSettings
from tests.factories import OrganisationFactory, PersonFactory
from tests.themes.factories import PrincipleFactory, TargetGroupFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def login(client, django_user_model):
    def as_member_of(group_name):
        user = django_user_model.objects.create_user(group_name.lower(), f"{group_name}@example.org", "ww")
        user.groups.add(Group.objects.get(name=group_name))
        client.force_login(user)
        return client

    return as_member_of


def person_data(person, **changes):
    data = {
        "name": person.name,
        "role": person.role,
        "organisation": person.organisation_id or "",
        "email": person.email,
        "phone": person.phone,
        "photo": "",
        "team": person.team,
    }
    data.update(changes)
    return data


def settings_data(**changes):
    data = {
        "organisation_name": "Twentse Koers",
        "address": "Postbus 1\n7500 AA Enschede",
        "email": "info@twentsekoers.nl",
        "phone": "053 000 00 00",
        "social_links": streamfield([]),
        "newsletter_from_name": "Twentse Koers",
        "newsletter_reply_to": "",
        "newsletter_consent_text": "Ik wil de nieuwsbrief ontvangen.",
    }
    data.update(changes)
    return nested_form_data(data)


def settings_url(site):
    return reverse("wagtailsettings:edit", args=["home", "sitesettings", site.pk])


def person_edit_url(person):
    return reverse("wagtailsnippets_home_person:edit", args=[person.pk])


def test_communicatie_edits_a_person_and_the_site_settings(site_root, login):
    client = login("Communicatie")
    person = PersonFactory(name="Anna de Vries")
    assert client.get(person_edit_url(person)).status_code == 200
    response = client.post(person_edit_url(person), person_data(person, role="Programmamanager"))
    assert response.status_code == 302
    assert Person.objects.get(pk=person.pk).role == "Programmamanager"

    site = Site.objects.get(is_default_site=True)
    assert client.get(settings_url(site)).status_code == 200
    response = client.post(settings_url(site), settings_data(email="contact@twentsekoers.nl"))
    assert response.status_code == 302
    assert SiteSettings.for_site(site).email == "contact@twentsekoers.nl"


def test_communicatie_deletes_people_and_keywords(site_root, login):
    client = login("Communicatie")
    person = PersonFactory()
    tag = Tag.objects.create(name="mantelzorg", slug="mantelzorg")
    response = client.post(reverse("wagtailsnippets_home_person:delete", args=[person.pk]))
    assert response.status_code == 302
    assert not Person.objects.filter(pk=person.pk).exists()
    response = client.post(reverse("wagtailsnippets_taggit_tag:delete", args=[tag.pk]))
    assert response.status_code == 302
    assert not Tag.objects.filter(pk=tag.pk).exists()


def test_redacteur_edits_a_person_but_not_the_settings(site_root, login):
    client = login("Redacteuren")
    person = PersonFactory(name="Bram Jansen")
    response = client.post(person_edit_url(person), person_data(person, role="Projectleider wonen"))
    assert response.status_code == 302
    assert Person.objects.get(pk=person.pk).role == "Projectleider wonen"

    site = Site.objects.get(is_default_site=True)
    before = SiteSettings.for_site(site).email
    response = client.get(settings_url(site))
    assert response.status_code == 302 and response.url == reverse("wagtailadmin_home")
    response = client.post(settings_url(site), settings_data(email="gekaapt@example.org"))
    assert response.status_code == 302 and response.url == reverse("wagtailadmin_home")
    assert SiteSettings.for_site(site).email == before


def test_redacteur_may_not_delete_snippets(site_root, login):
    client = login("Redacteuren")
    person = PersonFactory()
    response = client.post(reverse("wagtailsnippets_home_person:delete", args=[person.pk]))
    assert response.status_code in (302, 403)
    assert Person.objects.filter(pk=person.pk).exists()


@pytest.mark.parametrize(
    ("group", "allowed"),
    [
        ("Communicatie", {"person", "organisation", "principle", "targetgroup", "tag"}),
        ("Redacteuren", {"person", "organisation", "principle", "targetgroup"}),
    ],
)
def test_snippet_listings_per_group(site_root, login, group, allowed):
    client = login(group)
    PersonFactory()
    OrganisationFactory()
    PrincipleFactory()
    TargetGroupFactory()
    urls = {
        "person": reverse("wagtailsnippets_home_person:list"),
        "organisation": reverse("wagtailsnippets_home_organisation:list"),
        "principle": reverse("wagtailsnippets_themes_principle:list"),
        "targetgroup": reverse("wagtailsnippets_themes_targetgroup:list"),
        "tag": reverse("wagtailsnippets_taggit_tag:list"),
    }
    reachable = {name for name, url in urls.items() if client.get(url).status_code == 200}
    assert reachable == allowed


def test_wagtail_default_groups_and_workflow_are_gone():
    names = set(Group.objects.values_list("name", flat=True))
    assert {"Redacteuren", "Communicatie"} <= names
    assert not names & {"Editors", "Moderators"}
    assert not Workflow.objects.filter(name="Moderators approval").exists()
    assert list(WorkflowPage.objects.values_list("workflow__name", flat=True)) == ["Communicatie keurt goed"]
