from django.contrib import admin

from .models import (
    AcquisitionCase,
    BusinessNetwork,
    BusinessNetworkMembership,
    CompanyProfile,
    CooperationPathChange,
    PublicityEntry,
    StageChange,
)


class StageChangeInline(admin.TabularInline):
    model = StageChange
    extra = 0
    readonly_fields = ["from_stage", "to_stage", "on", "note", "by", "recorded_at"]
    can_delete = False


@admin.register(AcquisitionCase)
class AcquisitionCaseAdmin(admin.ModelAdmin):
    list_display = ["organisation", "quartier", "stage", "stage_since", "owner"]
    list_filter = ["stage", "quartier"]
    search_fields = ["organisation__name"]
    raw_id_fields = ["organisation", "owner"]
    readonly_fields = ["stage", "stage_since"]
    inlines = [StageChangeInline]


@admin.register(CompanyProfile)
class CompanyProfileAdmin(admin.ModelAdmin):
    list_display = ["organisation", "wz_code", "size_class", "cooperation_path"]
    search_fields = ["organisation__name", "wz_code"]
    raw_id_fields = ["organisation"]


admin.site.register(CooperationPathChange)


class MembershipInline(admin.TabularInline):
    model = BusinessNetworkMembership
    extra = 0
    raw_id_fields = ["organisation"]


class PublicityInline(admin.TabularInline):
    model = PublicityEntry
    extra = 0


@admin.register(BusinessNetwork)
class BusinessNetworkAdmin(admin.ModelAdmin):
    list_display = ["name", "quartier", "form", "critical_mass"]
    list_filter = ["form", "quartier"]
    search_fields = ["name"]
    raw_id_fields = ["organisation"]
    inlines = [MembershipInline, PublicityInline]
