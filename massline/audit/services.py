"""Writing to the audit log and checking its chain."""

import hashlib
import json
from typing import Any

from django.db import transaction

from massline.audit.models import AuditEntry

GENESIS = "0" * 64


def _digest(prev_hash: str, entry: AuditEntry) -> str:
    payload = json.dumps(
        {
            "prev": prev_hash,
            "at": entry.at.isoformat(),
            "actor": entry.actor_id,
            "actor_label": entry.actor_label,
            "action": entry.action,
            "object_type": entry.object_type,
            "object_id": entry.object_id,
            "data": entry.data,
        },
        sort_keys=True,
        ensure_ascii=False,
        default=str,
    )
    return hashlib.sha256(payload.encode()).hexdigest()


@transaction.atomic
def audit_record(
    *, actor: Any, action: str, obj: Any = None, data: dict[str, Any] | None = None
) -> AuditEntry:
    """Append one entry. Call inside the transaction of the change it records.

    Locks the newest entry so that two writers cannot fork the chain.
    """
    last = AuditEntry.objects.select_for_update().order_by("-id").first()
    prev_hash = last.hash if last else GENESIS
    is_user = actor is not None and getattr(actor, "is_authenticated", False)
    entry = AuditEntry(
        actor=actor if is_user else None,
        actor_label=str(getattr(actor, "email", "")) if is_user else "",
        action=action,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        data=json.loads(json.dumps(data or {}, default=str)),
        prev_hash=prev_hash,
    )
    entry.hash = _digest(prev_hash, entry)
    entry.full_clean()
    entry.save()
    return entry


def audit_verify() -> tuple[bool, int | None]:
    """Walk the chain; return (intact, id of the first broken entry)."""
    prev_hash = GENESIS
    for entry in AuditEntry.objects.order_by("id").iterator():
        if entry.prev_hash != prev_hash or entry.hash != _digest(prev_hash, entry):
            return False, entry.id
        prev_hash = entry.hash
    return True, None
