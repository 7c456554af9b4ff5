from django.contrib import admin

from .models import (
    Agreement,
    Attendance,
    Body,
    BodyMembership,
    BodyType,
    Commitment,
    CommitmentActual,
    Decision,
    Meeting,
    Task,
    WorkLogEntry,
)


@admin.register(BodyType)
class BodyTypeAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "order", "is_active"]
    list_editable = ["order", "is_active"]
    search_fields = ["name", "slug"]


class MembershipInline(admin.TabularInline):
    model = BodyMembership
    extra = 0
    raw_id_fields = ["organisation", "contact_person"]


@admin.register(Body)
class BodyAdmin(admin.ModelAdmin):
    list_display = ["name", "body_type", "quartier", "is_active"]
    list_filter = ["body_type", "is_active", "quartier"]
    search_fields = ["name"]
    raw_id_fields = ["chair", "predecessor"]
    inlines = [MembershipInline]


class AttendanceInline(admin.TabularInline):
    model = Attendance
    extra = 0
    raw_id_fields = ["organisation", "contact_person", "represented_person"]


class DecisionInline(admin.TabularInline):
    model = Decision
    extra = 0


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["starts_at", "body", "status", "minutes_approved"]
    list_filter = ["status", "body__quartier"]
    date_hierarchy = "starts_at"
    inlines = [AttendanceInline, DecisionInline]


@admin.register(Task)
class TaskAdmin(admin.ModelAdmin):
    list_display = ["title", "quartier", "owner", "due_on", "status"]
    list_filter = ["status", "quartier"]
    search_fields = ["title"]
    raw_id_fields = ["responsible_organisation", "meeting"]


class CommitmentInline(admin.StackedInline):
    model = Commitment
    extra = 0
    raw_id_fields = ["party"]


@admin.register(Agreement)
class AgreementAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "quartier", "signed_on"]
    list_filter = ["kind", "quartier"]
    filter_horizontal = ["parties"]
    inlines = [CommitmentInline]


@admin.register(CommitmentActual)
class CommitmentActualAdmin(admin.ModelAdmin):
    list_display = ["commitment", "on", "value"]


@admin.register(WorkLogEntry)
class WorkLogEntryAdmin(admin.ModelAdmin):
    list_display = ["on", "user", "quartier", "activity_type", "impact_level", "hours"]
    list_filter = ["activity_type", "impact_level", "quartier"]
