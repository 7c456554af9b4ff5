from django.contrib import admin

from . import models


@admin.register(models.GoalLevel)
class GoalLevelAdmin(admin.ModelAdmin):
    list_display = ["order", "name"]


@admin.register(models.Goal)
class GoalAdmin(admin.ModelAdmin):
    list_display = ["title", "level", "programme", "quartier", "status"]
    list_filter = ["level", "status", "programme"]
    search_fields = ["title", "nkf_product"]


class TargetInline(admin.TabularInline):
    model = models.IndicatorTarget
    extra = 0


class ValueInline(admin.TabularInline):
    model = models.IndicatorValue
    extra = 0


@admin.register(models.Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ["name", "type", "unit", "direction", "programme", "quartier"]
    list_filter = ["type", "programme"]
    inlines = [TargetInline, ValueInline]


@admin.register(models.SocialArea)
class SocialAreaAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "city", "programme", "population"]
    search_fields = ["code", "name", "city"]


@admin.register(models.AreaIndicator)
class AreaIndicatorAdmin(admin.ModelAdmin):
    list_display = ["name", "unit", "higher_is_worse", "programme"]


class StepInline(admin.TabularInline):
    model = models.ImpactStep
    extra = 0


@admin.register(models.Measure)
class MeasureAdmin(admin.ModelAdmin):
    list_display = ["title", "programme", "quartier"]
    inlines = [StepInline]


@admin.register(models.ImpactTemplate)
class ImpactTemplateAdmin(admin.ModelAdmin):
    list_display = ["code", "title", "group", "stage"]


@admin.register(models.PlanningMilestone)
class PlanningMilestoneAdmin(admin.ModelAdmin):
    list_display = ["month", "title", "kind", "programme", "is_report"]


class CasePeriodInline(admin.TabularInline):
    model = models.CasePeriodCost
    extra = 0


@admin.register(models.PreventionCase)
class PreventionCaseAdmin(admin.ModelAdmin):
    list_display = ["code", "measure", "avoided_alternative", "monthly_rate"]
    inlines = [CasePeriodInline]


class FundProjectInline(admin.TabularInline):
    model = models.FundProject
    extra = 0


@admin.register(models.PreventionFund)
class PreventionFundAdmin(admin.ModelAdmin):
    list_display = ["name", "municipality", "cap_per_year", "programme"]
    inlines = [FundProjectInline]
