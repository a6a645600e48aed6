from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet

from massline.audit.models import AuditEntry


def audit_entry_list(*, user, allowed: bool) -> QuerySet[AuditEntry]:
    """Audit entries for a reader that the accounts layer has cleared (`allowed`)."""
    if not allowed:
        raise PermissionDenied
    return AuditEntry.objects.select_related("actor").order_by("-id")
