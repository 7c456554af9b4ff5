from django.contrib import admin

from .models import Block, Instrument, InstrumentVersion, Invitation, Item, Wave


class BlockInline(admin.TabularInline):
    model = Block
    extra = 0


@admin.register(Instrument)
class InstrumentAdmin(admin.ModelAdmin):
    list_display = ("title", "slug", "programme")
    search_fields = ("title", "slug")
    inlines = [BlockInline]


@admin.register(Item)
class ItemAdmin(admin.ModelAdmin):
    list_display = ("code", "block", "item_type", "reverse_coded")
    list_filter = ("item_type",)
    search_fields = ("code", "text")


@admin.register(InstrumentVersion)
class InstrumentVersionAdmin(admin.ModelAdmin):
    list_display = ("instrument", "number", "created_at")
    readonly_fields = ("snapshot",)


@admin.register(Wave)
class WaveAdmin(admin.ModelAdmin):
    list_display = ("title", "code", "programme", "status", "anonymous")
    list_filter = ("status", "anonymous")


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ("wave", "organisation", "quartier", "status")
    list_filter = ("status",)
    exclude = ("token", "draft")
