from typing import Any

from django.core.checks import Error, Tags, register
from django.db import DatabaseError

from massline.vault.keys import VaultKeyError


@register(Tags.database)
def data_key_matches(app_configs: Any, databases: Any = None, **kwargs: Any) -> list[Error]:
    """Run by `migrate` and `check --database default`: a wrong data key stops them."""
    if not databases:
        return []
    from massline.vault.services import vault_table_exists, vault_verify_key

    try:
        if vault_table_exists():
            vault_verify_key()
    except VaultKeyError as exc:
        return [Error(str(exc), id="vault.E001")]
    except DatabaseError:
        return []
    return []
