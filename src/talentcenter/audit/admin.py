from django.contrib import admin
from django.http import HttpRequest

from talentcenter.audit.models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ["occurred_at", "actor_label", "action", "subject_type", "subject_label"]
    list_filter = ["action", "subject_type"]
    search_fields = ["subject_label", "actor_label", "subject_id"]

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
