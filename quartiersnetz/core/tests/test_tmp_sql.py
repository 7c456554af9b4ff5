import pytest
from django.db.models import Count
from django.db.models.functions import Coalesce
from quartiersnetz.actors.selectors import organisation_list
from quartiersnetz.testing import make_contact, make_organisation

@pytest.mark.django_db
def test_sql(world):
    make_contact(world.org_a); make_contact(world.org_a)
    make_organisation(world.qa, name="X2")
    qs = organisation_list(user=world.admin, filters={"quartier": world.qa.slug}).order_by().prefetch_related(None)
    v = qs.values(type_slug=Coalesce("actor_type__parent__slug", "actor_type__slug"), type_name=Coalesce("actor_type__parent__name", "actor_type__name")).annotate(n=Count("pk", distinct=True))
    print(v.query)
    print(list(v))
    vl = qs.values_list("actor_type__slug", flat=True)
    print(list(vl))
