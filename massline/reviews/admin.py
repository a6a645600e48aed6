"""The admin site edits the taxonomy of tendencies: names and explanations in every language,
and whether a tendency may still be chosen. Tendencies are deactivated, never deleted, so that
the findings tagged with them keep their history."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from massline.reviews.models import Tendency


@admin.register(Tendency)
class TendencyAdmin(admin.ModelAdmin[Tendency]):
    list_display = ("code", "name_en", "name_ru", "name_it", "name_de", "active", "position")
    list_editable = ("active", "position")
    list_filter = ("active",)
    search_fields = ("code", "name_en", "name_ru", "name_it", "name_de")
    fieldsets = (
        (None, {"fields": ("code", "active", "position")}),
        ("English", {"fields": ("name_en", "explanation_en")}),
        ("Русский", {"fields": ("name_ru", "explanation_ru")}),
        ("Italiano", {"fields": ("name_it", "explanation_it")}),
        ("Deutsch", {"fields": ("name_de", "explanation_de")}),
    )
    actions = ["deactivate"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        # the code is how the API and the filters name a tendency: fixed once made
        return ("code",) if obj is not None else ()

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.action(description=_("Deactivate the selected tendencies"))
    def deactivate(self, request: HttpRequest, queryset: Any) -> None:
        queryset.update(active=False)
