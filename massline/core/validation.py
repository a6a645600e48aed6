"""Model validation for services."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models


def full_clean(instance: models.Model) -> None:
    """`instance.full_clean()`, holding text fields to their `max_length` too.

    Django enforces the `max_length` of a `TextField` only in forms, so a service called from
    the API or a script would otherwise store text of any size.
    """
    errors: dict[str, list[ValidationError]] = {}
    for field in instance._meta.concrete_fields:
        if isinstance(field, models.TextField) and field.max_length:
            try:
                MaxLengthValidator(field.max_length)(getattr(instance, field.attname) or "")
            except ValidationError as exc:
                errors[field.name] = exc.error_list
    try:
        instance.full_clean()
    except ValidationError as exc:
        for name, field_errors in exc.error_dict.items():
            errors.setdefault(name, []).extend(field_errors)
    if errors:
        raise ValidationError(errors)
