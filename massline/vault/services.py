"""Key check and key rotation."""

from collections.abc import Callable, Iterator
from typing import Any

from django.apps import apps
from django.db import connection, models, transaction
from django.utils import timezone

from massline.vault.crypto import DecryptionError, decrypt, encrypt, key_id_of
from massline.vault.fields import BlindIndexField, EncryptedTextField
from massline.vault.keys import VaultKeyError, keyring
from massline.vault.models import VaultState

# Hooks that rebuild derived blind indexes (kept in other tables) for a batch of rows that was
# just re-encrypted. Apps register them in their AppConfig.ready(); the vault imports no app.
ROTATION_HOOKS: dict[type[models.Model], list[Callable[[list[Any]], None]]] = {}


def register_rotation_hook(model: type[models.Model], hook: Callable[[list[Any]], None]) -> None:
    """Call `hook(rows)` inside the transaction of each re-encrypted batch of `model`."""
    hooks = ROTATION_HOOKS.setdefault(model, [])
    if hook not in hooks:
        hooks.append(hook)


CHECK_PURPOSE = "vault.check"
CHECK_PLAINTEXT = "massline vault key check"


def vault_table_exists() -> bool:
    return VaultState._meta.db_table in connection.introspection.table_names()


@transaction.atomic
def vault_verify_key() -> str:
    """Check that the configured key opens this database; record it on first use.

    Raises VaultKeyError with a clear message when the key does not match.
    """
    ring = keyring()
    state = VaultState.objects.select_for_update().first()
    if state is None:
        state = VaultState.objects.create(
            key_id=ring.current.key_id, check_value=encrypt(CHECK_PURPOSE, CHECK_PLAINTEXT)
        )
        return state.key_id
    if ring.by_id(state.key_id) is None:
        raise VaultKeyError(
            f"MASSLINE_DATA_KEY does not open this database: its data is encrypted with key "
            f"{state.key_id}, the configured key is {ring.current.key_id}. Set the right key "
            "(or the old one in MASSLINE_DATA_KEY_PREVIOUS to rotate)."
        )
    try:
        if decrypt(CHECK_PURPOSE, state.check_value) != CHECK_PLAINTEXT:
            raise VaultKeyError("The vault check value is wrong: the database was tampered with.")
    except DecryptionError as exc:
        raise VaultKeyError(
            "The vault check value cannot be decrypted with the configured key."
        ) from exc
    return state.key_id


def encrypted_models() -> Iterator[
    tuple[type[models.Model], list[EncryptedTextField], list[BlindIndexField]]
]:
    for model in apps.get_models():
        encrypted = [f for f in model._meta.concrete_fields if isinstance(f, EncryptedTextField)]
        indexes = [f for f in model._meta.concrete_fields if isinstance(f, BlindIndexField)]
        if encrypted:
            yield model, encrypted, indexes


def _stale_filter(fields: list[EncryptedTextField], current: str) -> models.Q:
    """Rows where some encrypted field is not written with the current key."""
    query = models.Q()
    for field in fields:
        query |= models.Q(**{f"{field.name}__startswith": "ml1$"}) & ~models.Q(
            **{f"{field.name}__startswith": f"ml1${current}$"}
        )
    return query


def vault_rotate_key(
    *, batch_size: int = 2000, progress: Callable[[str, int], None] | None = None
) -> int:
    """Re-encrypt every value and recompute every blind index with the current key.

    Resumable: each batch commits on its own and only rows still holding an older key are
    touched, so a run that was stopped picks up where it was. The earlier keys must be in
    MASSLINE_DATA_KEY_PREVIOUS until it finishes. Returns the number of rows rewritten.
    """
    ring = keyring()
    current = ring.current.key_id
    state = VaultState.objects.first()
    if state is not None and state.key_id != current:
        VaultState.objects.filter(pk=state.pk).update(rotation_started_at=timezone.now())
    total = 0
    for model, encrypted, indexes in encrypted_models():
        names = [f.name for f in encrypted]
        while True:
            with transaction.atomic():
                rows = list(
                    model._default_manager.select_for_update()
                    .filter(_stale_filter(encrypted, current))
                    .order_by("pk")[:batch_size]
                )
                if not rows:
                    break
                # loading decrypted them with whichever key they had; saving re-encrypts
                for row in rows:
                    for field in indexes:
                        setattr(row, field.attname, field.index_of(getattr(row, field.source)))
                model._default_manager.bulk_update(rows, names + [f.name for f in indexes])
                for hook in ROTATION_HOOKS.get(model, []):
                    hook(rows)
            total += len(rows)
            if progress:
                progress(model._meta.label, len(rows))
    with transaction.atomic():
        VaultState.objects.all().delete()
        VaultState.objects.create(
            key_id=current, check_value=encrypt(CHECK_PURPOSE, CHECK_PLAINTEXT)
        )
    return total


def stored_key_ids(model: type[models.Model], field: EncryptedTextField) -> set[str]:
    """Key ids found in a column (for status reports)."""
    raw = model._default_manager.annotate(
        _raw=models.functions.Cast(field.name, output_field=models.TextField())
    ).values_list("_raw", flat=True)
    return {key_id_of(value) or "" for value in raw.iterator() if value}
