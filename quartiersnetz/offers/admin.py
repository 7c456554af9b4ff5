from django.contrib import admin

from .models import DuplicateAssessment, HsdsOrganisationLink, Offer, OfferLocation, TargetGroup, Topic


@admin.register(TargetGroup, Topic)
class TaxonomyTermAdmin(admin.ModelAdmin):
    """The configurable taxonomies: target groups (Zielgruppen) and fields of action (Handlungsfelder)."""

    list_display = ("name", "slug", "order", "is_active")
    list_editable = ("order", "is_active")
    search_fields = ("name", "slug")
    prepopulated_fields = {"slug": ("name",)}


class OfferLocationInline(admin.TabularInline):
    model = OfferLocation
    extra = 0


@admin.register(Offer)
class OfferAdmin(admin.ModelAdmin):
    list_display = ("title", "provider", "quartier", "status", "valid_from", "valid_until")
    list_filter = ("status", "quartier", "legal_basis", "target_groups", "topics")
    search_fields = ("title", "description", "provider__name", "hsds_id")
    raw_id_fields = ("provider", "partners", "contact", "created_by")
    filter_horizontal = ("target_groups", "topics")
    inlines = [OfferLocationInline]


@admin.register(HsdsOrganisationLink)
class HsdsOrganisationLinkAdmin(admin.ModelAdmin):
    list_display = ("hsds_id", "organisation", "quartier")
    list_filter = ("quartier",)
    raw_id_fields = ("organisation",)


@admin.register(DuplicateAssessment)
class DuplicateAssessmentAdmin(admin.ModelAdmin):
    list_display = ("offer_a", "offer_b", "verdict", "score", "quartier", "assessed_by", "assessed_at")
    list_filter = ("verdict", "quartier")
    raw_id_fields = ("offer_a", "offer_b", "assessed_by")
