from django.db import models


class VaultState(models.Model):
    """One row: which data key the database is encrypted with, and a value to check it.

    It holds a ciphertext of a known constant, never the key.
    """

    key_id = models.CharField(max_length=12)
    check_value = models.TextField()
    rotation_started_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"data key {self.key_id}"
