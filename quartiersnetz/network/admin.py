from django.contrib import admin

from .models import ManualTie


@admin.register(ManualTie)
class ManualTieAdmin(admin.ModelAdmin):
    list_display = ("organisation_a", "organisation_b", "tie_type", "quartier", "source", "wave", "valid_from",
                    "valid_until")
    list_filter = ("source", "tie_type", "quartier")
    search_fields = ("organisation_a__name", "organisation_b__name", "wave", "note")
    raw_id_fields = ("organisation_a", "organisation_b", "created_by")
