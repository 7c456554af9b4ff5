"""Passwords, role constraints and the access scope of every role."""

import pytest
from django.contrib.auth.hashers import Argon2PasswordHasher, make_password
from django.db import IntegrityError, transaction

from quartiersnetz.actors.selectors import contact_person_list, organisation_list
from quartiersnetz.core.access import get_scope
from quartiersnetz.core.choices import Role
from quartiersnetz.core.models import RoleAssignment
from quartiersnetz.core.selectors import quartier_list


def test_argon2_hashes_passwords():
    encoded = make_password("ein-sicheres-Passwort", hasher="argon2")
    assert encoded.startswith("argon2$argon2id$")
    assert Argon2PasswordHasher().verify("ein-sicheres-Passwort", encoded)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "kwargs",
    [
        {"role": Role.COACH},  # coach without Quartier
        {"role": Role.COORDINATION},  # coordination without programme
        {"role": Role.PARTNER},  # partner without organisation
        {"role": Role.ADMIN, "with_quartier": True},  # admin bound to a Quartier makes no sense
    ],
)
def test_role_needs_exactly_its_anchor(world, kwargs):
    extra = {"quartier": world.qa} if kwargs.pop("with_quartier", False) else {}
    with pytest.raises(IntegrityError), transaction.atomic():
        RoleAssignment.objects.create(user=world.no_role, role=kwargs["role"], **extra)


@pytest.mark.django_db
def test_role_assignment_is_unique(world):
    with pytest.raises(IntegrityError), transaction.atomic():
        RoleAssignment.objects.create(user=world.coach_a, role=Role.COACH, quartier=world.qa)


@pytest.mark.django_db
def test_scope_per_role(world):
    def slugs(user):
        return sorted(quartier_list(user=user).values_list("slug", flat=True))

    assert slugs(world.admin) == ["duisburg-marxloh", "jena-lobeda", "koeln-chorweiler"]
    assert slugs(world.coordination) == ["duisburg-marxloh", "koeln-chorweiler"]
    assert slugs(world.coordination_other) == ["jena-lobeda"]
    assert slugs(world.evaluation) == ["duisburg-marxloh", "koeln-chorweiler"]
    assert slugs(world.coach_a) == ["duisburg-marxloh"]
    assert slugs(world.contact_point_a) == ["duisburg-marxloh"]
    assert slugs(world.partner_a) == ["duisburg-marxloh"]
    assert slugs(world.no_role) == []

    def orgs(user):
        return sorted(organisation_list(user=user).values_list("name", flat=True))

    assert orgs(world.coach_a) == ["Jobcenter Duisburg"]
    assert orgs(world.coach_b) == ["Jobcenter Köln"]
    assert orgs(world.partner_a) == ["Jobcenter Duisburg"]
    assert orgs(world.no_role) == []

    assert contact_person_list(user=world.evaluation).count() == 0  # aggregates only
    assert list(contact_person_list(user=world.coach_a)) == [world.contact_a]
    assert list(contact_person_list(user=world.coach_b)) == [world.contact_b]

    assert get_scope(world.evaluation).aggregates_only
    assert not get_scope(world.coach_a).aggregates_only
    assert get_scope(world.coach_a).can_edit_quartier(world.qa.pk)
    assert not get_scope(world.contact_point_a).can_edit_quartier(world.qa.pk)
    assert not get_scope(world.coach_a).can_edit_quartier(world.qb.pk)


@pytest.mark.django_db
def test_organisation_in_two_quartiere_is_seen_by_both_coaches(world):
    world.org_a.quartiere.add(world.qb)
    assert world.org_a in organisation_list(user=world.coach_b)
    # ...but only once in each list
    assert organisation_list(user=world.coordination).filter(pk=world.org_a.pk).count() == 1


@pytest.mark.django_db
def test_inactive_user_has_no_scope(world):
    world.coach_a.is_active = False
    world.coach_a.save()
    assert quartier_list(user=world.coach_a).count() == 0
