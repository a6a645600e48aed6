"""Access-table entries for the people app's URLs, gathered from one module per area.

Each module defines `ACCESS: dict[str, list[Case]]` with the helpers of
massline/core/tests/test_url_access.py (GET, POST, row, ...). A target may be a function of
the test's World that builds what it needs with `world.once(key, make)`.
"""

from massline.people.tests import url_access_contacts, url_access_dedupe, url_access_imports

ACCESS = {**url_access_contacts.ACCESS, **url_access_imports.ACCESS, **url_access_dedupe.ACCESS}
