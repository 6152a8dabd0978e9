"""A small programme: two theme lines, five projects (one a draft) and the overview pages."""

import datetime
from types import SimpleNamespace

from home.models import Organisation
from tests.factories import OrganisationFactory, PersonFactory
from tests.themes.factories import (
    MunicipalityFactory,
    PrincipleFactory,
    PrinciplesPageFactory,
    ProjectFinderPageFactory,
    ProjectPageFactory,
    ProjectResultFactory,
    ProjectUpdateFactory,
    ResultsPageFactory,
    TargetGroupFactory,
    ThemeIndexPageFactory,
    ThemePageFactory,
)
from themes.models import Principle, ProjectPage

THIS_YEAR = datetime.date.today().year


def make_project(
    theme,
    *,
    municipalities=(),
    principles=(),
    target_groups=(),
    organisations=(),
    update_years=(),
    results=0,
    **fields,
):
    project = ProjectPageFactory(parent=theme, municipalities=list(municipalities), **fields)
    project.principles.set(principles)
    project.target_groups.set(target_groups)
    project.organisations.set(organisations)
    project.save()
    for year in update_years:
        ProjectUpdateFactory(page=project, year=year, date=datetime.date(year, 6, 1))
    for _ in range(results):
        ProjectResultFactory(page=project)
    return project


def build_programme(home):
    """Two theme lines with four live projects and one draft, principles, target groups,
    municipalities and the three overview pages, under `home`."""
    site_root = home
    p = SimpleNamespace(home=home)
    p.enschede = MunicipalityFactory(name="Gemeente Enschede")
    p.almelo = MunicipalityFactory(name="Gemeente Almelo")
    p.hengelo = MunicipalityFactory(name="Gemeente Hengelo")
    p.menzis = OrganisationFactory(name="Menzis", kind=Organisation.Kind.ZORGVERZEKERAAR)
    p.ggd = OrganisationFactory(name="GGD Twente", kind=Organisation.Kind.GGD)
    p.person = PersonFactory(name="Anna de Vries", organisation=p.ggd, email="anna@example.org")
    p.together = PrincipleFactory(
        name="Samenwerken", slug="samenwerken", kind=Principle.Kind.ALGEMEEN, sort_order=1
    )
    p.equal = PrincipleFactory(
        name="Gezondheidsverschillen verkleinen",
        slug="gezondheidsverschillen",
        kind=Principle.Kind.INHOUDELIJK,
        sort_order=2,
    )
    p.elderly = TargetGroupFactory(name="Ouderen", slug="ouderen")
    p.youth = TargetGroupFactory(name="Jeugd", slug="jeugd")

    p.index = ThemeIndexPageFactory(parent=site_root)
    p.money = ThemePageFactory(parent=p.index, title="Geldzorgen", slug="geldzorgen")
    p.money.principles.set([p.together])
    p.money.contact = p.person
    p.money.save()
    p.ageing = ThemePageFactory(parent=p.index, title="Ouder worden", slug="ouder-worden")

    p.debt = make_project(
        p.money,
        title="Schuldhulp dichtbij",
        slug="schuldhulp",
        status=ProjectPage.Status.LOPEND,
        end_year=2027,
        lead_organisation=p.menzis,
        organisations=[p.menzis, p.ggd],
        contact=p.person,
        municipalities=[p.enschede],
        principles=[p.together],
        target_groups=[p.elderly],
        update_years=[THIS_YEAR - 1, THIS_YEAR],
        results=2,
    )
    p.rub = make_project(
        p.money,
        title="Uit de zorgschulden",
        slug="rub",
        status=ProjectPage.Status.AFGEROND,
        whole_twente=True,
        principles=[p.together, p.equal],
        target_groups=[p.youth],
        update_years=[THIS_YEAR - 1],
        results=1,
    )
    p.home_care = make_project(
        p.ageing,
        title="Langer thuis",
        slug="langer-thuis",
        status=ProjectPage.Status.VOORBEREIDING,
        municipalities=[p.almelo, p.hengelo],
        principles=[p.equal],
        target_groups=[p.elderly],
    )
    p.carers = make_project(
        p.ageing,
        title="Mantelzorg",
        slug="mantelzorg",
        status=ProjectPage.Status.LOPEND,
        municipalities=[p.almelo],
        target_groups=[p.elderly, p.youth],
        update_years=[THIS_YEAR],
    )
    p.draft = make_project(
        p.ageing,
        title="Geheim concept",
        slug="concept",
        live=False,
        status=ProjectPage.Status.LOPEND,
        municipalities=[p.enschede],
        principles=[p.together],
        target_groups=[p.elderly],
        results=1,
    )
    p.principles_page = PrinciplesPageFactory(parent=site_root)
    p.finder = ProjectFinderPageFactory(parent=site_root)
    p.results_page = ResultsPageFactory(parent=site_root)
    return p
