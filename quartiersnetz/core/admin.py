from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import ApiToken, AuditLogEntry, ConsentRecord, ImportBatch, Programme, Quartier, RoleAssignment, User

admin.site.site_header = _("Quartiersnetz administration")
admin.site.site_title = "Quartiersnetz"


class RoleAssignmentInline(admin.TabularInline):
    model = RoleAssignment
    extra = 0
    autocomplete_fields = ["programme", "quartier", "organisation"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    inlines = [RoleAssignmentInline]
    list_display = ["username", "first_name", "last_name", "email", "is_active", "is_staff"]


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    list_display = ["name", "funder", "start", "end", "min_cell_size"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Quartier)
class QuartierAdmin(admin.ModelAdmin):
    list_display = ["display_name", "programme", "population", "unemployment_rate", "sgb2_quota", "coach_fte"]
    list_filter = ["programme", "approach_type"]
    search_fields = ["city", "name", "slug"]


@admin.register(AuditLogEntry)
class AuditLogEntryAdmin(admin.ModelAdmin):
    list_display = ["timestamp", "username", "action", "content_type", "object_repr", "quartier"]
    list_filter = ["action", "content_type"]
    search_fields = ["username", "object_repr"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ConsentRecord)
class ConsentRecordAdmin(admin.ModelAdmin):
    list_display = ["content_type", "object_id", "purpose", "given_on", "method", "withdrawn_on"]
    list_filter = ["purpose", "method"]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["user", "name", "prefix", "created_at", "expires_at", "last_used_at"]
    readonly_fields = ["prefix", "key_hash"]


@admin.register(ImportBatch)
class ImportBatchAdmin(admin.ModelAdmin):
    list_display = ["kind", "filename", "created_by", "created_at", "status"]
    exclude = ["content"]
