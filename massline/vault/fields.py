"""Model fields that keep sensitive values encrypted at rest and indexed blindly."""

from typing import Any

from django.db import models
from django.utils.module_loading import import_string

from massline.vault.crypto import blind_index, decrypt, encrypt


class EncryptedTextField(models.TextField):
    """Text stored as AES-GCM ciphertext; Python code sees the plaintext.

    Only `isnull` and comparisons with "" make sense in queries: equal plaintexts give
    different ciphertexts. Look values up through a `BlindIndexField`.
    """

    def __init__(self, *args: Any, purpose: str, **kwargs: Any) -> None:
        self.purpose = purpose
        super().__init__(*args, **kwargs)

    def deconstruct(self) -> Any:
        name, path, args, kwargs = super().deconstruct()
        kwargs["purpose"] = self.purpose
        return name, path, args, kwargs

    def from_db_value(self, value: str | None, expression: Any, connection: Any) -> str | None:
        if value is None or value == "":
            return value
        return decrypt(self.purpose, value)

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return encrypt(self.purpose, str(value))


class BlindIndexField(models.CharField):
    """HMAC of the normalized value of another field, filled in whenever the row is saved.

    `normalizer` is the dotted path of a function str -> str; an empty result stores "".
    """

    def __init__(
        self, *args: Any, source: str, purpose: str, normalizer: str, **kwargs: Any
    ) -> None:
        self.source = source
        self.purpose = purpose
        self.normalizer = normalizer
        kwargs.setdefault("max_length", 32)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("default", "")
        kwargs.setdefault("editable", False)
        kwargs.setdefault("db_index", True)
        super().__init__(*args, **kwargs)

    def deconstruct(self) -> Any:
        name, path, args, kwargs = super().deconstruct()
        kwargs.update(source=self.source, purpose=self.purpose, normalizer=self.normalizer)
        for key in ("max_length", "blank", "default", "editable", "db_index"):
            kwargs.pop(key, None)
        return name, path, args, kwargs

    def index_of(self, plaintext: str | None, *, key_id: str | None = None) -> str:
        normalize = import_string(self.normalizer)
        return blind_index(self.purpose, normalize(plaintext or ""), key_id=key_id)

    def pre_save(self, model_instance: models.Model, add: bool) -> str:
        value = self.index_of(getattr(model_instance, self.source))
        setattr(model_instance, self.attname, value)
        return value


def lookup_index(model: type[models.Model], field_name: str, plaintext: str) -> str:
    """The blind index to filter `field_name` by, for a plaintext value."""
    field = model._meta.get_field(field_name)
    assert isinstance(field, BlindIndexField)
    return field.index_of(plaintext)
