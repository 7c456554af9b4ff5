"""The one access gate. Every selector asks this module which Quartiere and organisations a user may see.

Rules (docs/architecture.md, "Access"):
- Administration: everything.
- Programmkoordination: all Quartiere of its programme; may edit master data there.
- Auswertung: all Quartiere of its programme, aggregates only — never personal data.
- Netzwerkcoach: its own Quartiere; may edit master data there.
- Kontaktstelle: its own Quartier; reads master data, does case work.
- Partner: its own organisation (and the Quartiere it is active in, facts only).
Objects outside the scope are answered with 404, never 403, so their existence is not revealed.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Q

from .choices import Role


@dataclass(frozen=True)
class Scope:
    authenticated: bool = False
    is_admin: bool = False
    roles: frozenset[str] = frozenset()
    quartier_ids: frozenset[int] = frozenset()  # may see master data of these Quartiere
    edit_quartier_ids: frozenset[int] = frozenset()  # may change master data there
    personal_quartier_ids: frozenset[int] = frozenset()  # may see personal data (contact persons) there
    partner_org_ids: frozenset[int] = frozenset()  # own organisations (partner role)
    partner_quartier_ids: frozenset[int] = field(default_factory=frozenset)

    @property
    def aggregates_only(self) -> bool:
        """True for users whose only roles are evaluation roles."""
        return self.authenticated and not self.is_admin and bool(self.roles) and self.roles <= {Role.EVALUATION}

    def can_see_quartier(self, quartier_id: int) -> bool:
        return self.is_admin or quartier_id in self.quartier_ids or quartier_id in self.partner_quartier_ids

    def can_edit_quartier(self, quartier_id: int) -> bool:
        return self.is_admin or quartier_id in self.edit_quartier_ids

    def has_role(self, *roles: str) -> bool:
        return self.is_admin or bool(self.roles.intersection(roles))


ANONYMOUS = Scope()


def get_scope(user) -> Scope:
    """Compute (once per request/user object) what the user may see."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return ANONYMOUS
    cached = getattr(user, "_qn_scope", None)
    if cached is not None:
        return cached
    from .models import Quartier, RoleAssignment

    assignments = list(
        RoleAssignment.objects.filter(user=user).values_list("role", "programme_id", "quartier_id", "organisation_id")
    )
    roles = frozenset(a[0] for a in assignments)
    is_admin = user.is_superuser or Role.ADMIN in roles
    see: set[int] = set()
    edit: set[int] = set()
    personal: set[int] = set()
    orgs: set[int] = set()
    programmes_see = {p for r, p, _q, _o in assignments if r in (Role.COORDINATION, Role.EVALUATION) and p}
    programmes_edit = {p for r, p, _q, _o in assignments if r == Role.COORDINATION and p}
    if programmes_see:
        for qid, pid in Quartier.objects.filter(programme_id__in=programmes_see).values_list("id", "programme_id"):
            see.add(qid)
            if pid in programmes_edit:
                edit.add(qid)
                personal.add(qid)
    for role, _p, quartier_id, org_id in assignments:
        if role in (Role.COACH, Role.CONTACT_POINT) and quartier_id:
            see.add(quartier_id)
            personal.add(quartier_id)
            if role == Role.COACH:
                edit.add(quartier_id)
        if role == Role.PARTNER and org_id:
            orgs.add(org_id)
    partner_quartiere: set[int] = set()
    if orgs:
        from quartiersnetz.actors.models import Organisation

        partner_quartiere = set(
            Organisation.quartiere.through.objects.filter(organisation_id__in=orgs).values_list(
                "quartier_id", flat=True
            )
        )
    scope = Scope(
        authenticated=True,
        is_admin=is_admin,
        roles=roles,
        quartier_ids=frozenset(see),
        edit_quartier_ids=frozenset(edit),
        personal_quartier_ids=frozenset(personal),
        partner_org_ids=frozenset(orgs),
        partner_quartier_ids=frozenset(partner_quartiere),
    )
    user._qn_scope = scope
    return scope


def forget_scope(user) -> None:
    """Drop the cached scope (after role changes)."""
    if hasattr(user, "_qn_scope"):
        del user._qn_scope


def quartier_q(user, path: str = "") -> Q:
    """A Q object restricting a relation path to Quartier rows visible to the user.

    `path` is the lookup from the queried model to Quartier ("" for Quartier itself, "quartiere" for
    organisations). Partners see the Quartiere of their own organisations.
    """
    scope = get_scope(user)
    prefix = f"{path}__" if path else ""
    if scope.is_admin:
        return Q()
    ids = scope.quartier_ids | scope.partner_quartier_ids
    return Q(**{f"{prefix}id__in": ids}) if ids else Q(pk__in=[])
