"""Administration of the configurable parts only (taxonomies, policies, contact points). Cases, identities and
referrals are deliberately not in the Django admin: they are read through the scoped, audited pages."""

from django.contrib import admin

from .models import CaseworkPolicy, ContactPoint, OutcomeStage, ProblemCategory


@admin.register(ProblemCategory, OutcomeStage)
class TaxonomyAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "programme", "order", "is_active")
    list_filter = ("programme", "is_active")
    search_fields = ("name", "slug")


@admin.register(CaseworkPolicy)
class CaseworkPolicyAdmin(admin.ModelAdmin):
    list_display = ("programme", "retention_months", "stall_days")


@admin.register(ContactPoint)
class ContactPointAdmin(admin.ModelAdmin):
    list_display = ("name", "quartier", "organisation", "is_active")
    list_filter = ("is_active",)
    search_fields = ("name",)
    filter_horizontal = ("staff",)
