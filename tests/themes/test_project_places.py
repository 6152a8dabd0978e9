"""Where a project runs: all of Twente or the municipalities listed, never both and never neither,
checked on the page itself and in the admin form (a draft may still leave both empty)."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from wagtail.test.utils.form_data import querydict_from_html

from tests.themes.conftest import fresh_copy
from themes.models import ProjectPage

pytestmark = pytest.mark.django_db


@pytest.fixture
def programme(shared_programme):
    """Built once for the module, read anew for each test (tests/themes/conftest.py)."""
    return fresh_copy(shared_programme)

BOTH = "Een project voor heel Twente heeft geen losse gemeenten."
NEITHER = "Vink 'heel Twente' aan of kies de gemeenten waar het project loopt."


def project(programme, **fields):
    """A live project page, not yet saved."""
    return ProjectPage(
        title="Gezond in de wijk",
        slug="gezond-in-de-wijk",
        introduction="Samen gezond.",
        status=ProjectPage.Status.LOPEND,
        **fields,
    )


def test_whole_twente_with_municipalities_is_refused(programme):
    page = project(programme, whole_twente=True, municipalities=[programme.almelo])
    with pytest.raises(ValidationError) as caught:
        programme.ageing.add_child(instance=page)
    assert BOTH in caught.value.message_dict["municipalities"][0]


def test_neither_whole_twente_nor_municipalities_is_refused(programme):
    page = project(programme, whole_twente=False, municipalities=[])
    with pytest.raises(ValidationError) as caught:
        programme.ageing.add_child(instance=page)
    assert caught.value.message_dict["whole_twente"] == [NEITHER]


@pytest.mark.parametrize("fields", [{"whole_twente": True}, {"whole_twente": False, "municipalities": "two"}])
def test_one_of_the_two_is_accepted(programme, fields):
    if fields.get("municipalities") == "two":
        fields["municipalities"] = [programme.almelo, programme.hengelo]
    programme.ageing.add_child(instance=project(programme, **fields))
    assert ProjectPage.objects.filter(slug="gezond-in-de-wijk").exists()


def test_a_saved_project_is_checked_against_its_stored_municipalities(programme):
    page = ProjectPage.objects.get(pk=programme.home_care.pk)  # Almelo and Hengelo
    page.whole_twente = True
    with pytest.raises(ValidationError) as caught:
        page.full_clean()
    assert "municipalities" in caught.value.message_dict


def edit_data(client, page):
    html = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).content.decode()
    data = querydict_from_html(html, form_id="page-edit-form")
    data["body-count"] = "0"
    return data


def post_edit(client, page, *, whole_twente, municipalities, action="action-publish"):
    data = edit_data(client, page)
    if whole_twente:
        data["whole_twente"] = "on"
    else:
        data.pop("whole_twente", None)
    data.setlist("municipalities", [str(place.pk) for place in municipalities])
    data[action] = action
    return client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data)


def test_admin_refuses_both_with_a_dutch_message(admin_client_nl, programme):
    page = programme.home_care
    response = post_edit(admin_client_nl, page, whole_twente=True, municipalities=[programme.almelo])
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert BOTH in errors["municipalities"][0]
    page.refresh_from_db()
    assert not page.whole_twente


def test_admin_refuses_publishing_neither(admin_client_nl, programme):
    page = programme.home_care
    response = post_edit(admin_client_nl, page, whole_twente=False, municipalities=[])
    assert response.status_code == 200
    assert response.context["form"].errors["whole_twente"] == [NEITHER]
    assert set(page.municipalities.all()) == {programme.almelo, programme.hengelo}


def test_admin_switches_a_project_to_whole_twente(admin_client_nl, programme):
    """The check sees what the editor ticked, not the municipalities stored before."""
    page = programme.home_care
    response = post_edit(admin_client_nl, page, whole_twente=True, municipalities=[])
    assert response.status_code == 302
    page = ProjectPage.objects.get(pk=page.pk)
    assert page.whole_twente and not page.municipalities.exists()


def test_admin_switches_a_whole_twente_project_to_municipalities(admin_client_nl, programme):
    page = programme.rub
    response = post_edit(admin_client_nl, page, whole_twente=False, municipalities=[programme.enschede])
    assert response.status_code == 302
    page = ProjectPage.objects.get(pk=page.pk)
    assert not page.whole_twente
    assert list(page.municipalities.all()) == [programme.enschede]


def test_a_draft_may_leave_both_empty_but_not_tick_both(admin_client_nl, programme):
    page = programme.draft
    response = post_edit(admin_client_nl, page, whole_twente=False, municipalities=[], action="action-save")
    assert response.status_code == 302
    page.refresh_from_db()
    draft = page.get_latest_revision().as_object()
    assert not draft.whole_twente and not draft.municipalities.all()
    response = post_edit(
        admin_client_nl, page, whole_twente=True, municipalities=[programme.enschede], action="action-save"
    )
    assert response.status_code == 200
    assert "municipalities" in response.context["form"].errors
