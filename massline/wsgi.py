import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "massline.settings")
application = get_wsgi_application()

# Refuse to serve with a data key that does not open this database.
from massline.vault.services import vault_table_exists, vault_verify_key  # noqa: E402

if vault_table_exists():
    vault_verify_key()
