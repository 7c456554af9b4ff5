from django.contrib import admin

from .models import ActorType, ContactPerson, Organisation


@admin.register(ActorType)
class ActorTypeAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "parent", "legal_domain", "order"]
    search_fields = ["name", "slug"]


class ContactPersonInline(admin.TabularInline):
    model = ContactPerson
    extra = 0
    fields = ["first_name", "last_name", "function", "level", "decision_authority"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "actor_type", "city", "is_active"]
    list_filter = ["actor_type", "is_active", "quartiere"]
    search_fields = ["name", "short_name"]
    filter_horizontal = ["quartiere"]
    inlines = [ContactPersonInline]


@admin.register(ContactPerson)
class ContactPersonAdmin(admin.ModelAdmin):
    list_display = ["last_name", "first_name", "organisation", "function", "decision_authority"]
    search_fields = ["last_name", "first_name", "organisation__name"]
