"""Issued documents in the Django admin: read-only (issuing and revoking go through the services)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from talentcenter.documents.models import IssuedDocument, SerialCounter


@admin.register(IssuedDocument)
class IssuedDocumentAdmin(admin.ModelAdmin[IssuedDocument]):
    list_display = ["serial", "kind", "status", "holder_name_latin", "issued_on", "valid_until"]
    list_filter = ["kind", "status", "year"]
    search_fields = ["serial", "holder_name_latin", "holder_name_hangul", "subject_id"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(SerialCounter)
class SerialCounterAdmin(admin.ModelAdmin[SerialCounter]):
    list_display = ["kind", "year", "last_number"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
