"""Mass work over HTTP: contacts, their interactions, follow-ups and assessments, segments
and imports.

Mounted under `/api/v1/people/` by `massline.api`, which authenticates the caller (so
`request.user` is the acting user here) and turns exceptions into problem responses. Reads go
through the scoped selectors and writes through the services, which check permissions and
audit. Only organizers (and secretaries, administrators) do mass work: members and guests get
403 everywhere, and a contact outside the caller's units answers 404 exactly like one that
does not exist, wherever it is referenced.

Contacts come out decrypted: whoever receives one may see it. Reads of many contacts (the
contact list, a segment's members) are audited as `api.contacts.read` with the numbers read.
"""

from massline.people.api import activity, contacts, imports, places, segments
from massline.people.api.common import router

# The operations register themselves on the router when their modules are imported, in this
# order (which is also their order in the OpenAPI document).
__all__ = ["activity", "contacts", "imports", "places", "router", "segments"]
