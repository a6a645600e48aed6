"""Who gets what from the assemblies API (see massline/api/tests/access.py).

The test front belongs to unit A: secretaries and the admin chair, organizer A and member A
follow (read), `guest` is a delegate (reads, submits, votes), organizer B finds nothing (404).
"""

from typing import Any

from massline.api.tests.access import Row
from massline.api.tests.conftest import World
from massline.fronts.assemblies.models import Assembly, Motion, Vote
from massline.fronts.assemblies.services import motions, voting
from massline.fronts.assemblies.tests.world import AssemblyWorld, build_assembly_world


def _expect(chair: int, follower: int, delegate: int, anonymous: int = 401) -> dict[str, int]:
    return {
        "admin": chair,
        "secretary": chair,
        "organizer_a": follower,
        "organizer_b": 404,
        "member_a": follower,
        "guest": delegate,
        "anonymous": anonymous,
    }


READ = _expect(200, 200, 200)
CHAIR_WRITE = _expect(201, 403, 403)


def _world(w: World) -> AssemblyWorld:
    """Built again when a persona's rolled-back savepoint took it away."""
    found = w.extra.get("assemblies")
    if found is None or not Assembly.objects.filter(pk=found.assembly.pk).exists():
        w.extra.pop("assemblies_motion", None)
        w.extra.pop("assemblies_vote", None)
        w.extra["assemblies"] = build_assembly_world(w.personas)
    return w.extra["assemblies"]


def _motion(w: World) -> Motion:
    aw = _world(w)
    found = w.extra.get("assemblies_motion")
    if found is None or not Motion.objects.filter(pk=found.pk).exists():
        found = motions.motion_submit(
            actor=aw.users["mlpd"], assembly=aw.assembly, title="On peace", text="One.\nTwo."
        )
        w.extra["assemblies_motion"] = found
    return found


def _vote(w: World) -> Vote:
    aw = _world(w)
    found = w.extra.get("assemblies_vote")
    if found is None or not Vote.objects.filter(pk=found.pk).exists():
        found = voting.vote_open(
            actor=aw.chair,
            vote=voting.vote_create(actor=aw.chair, assembly=aw.assembly, title="Adopt?"),
        )
        w.extra["assemblies_vote"] = found
    return found


def assembly(w: World) -> dict[str, Any]:
    return {"assembly_id": _world(w).assembly.pk}


def motion(w: World) -> dict[str, Any]:
    return {"motion_id": _motion(w).pk}


def vote(w: World) -> dict[str, Any]:
    return {"vote_id": _vote(w).pk}


def listing(w: World) -> dict[str, Any]:
    _world(w)
    return {}


P = "/assemblies"

TABLE = [
    # the list answers everyone logged in, with only the assemblies they may follow
    Row("GET", P, {**_expect(200, 200, 200), "organizer_b": 200}, params=listing),
    Row("GET", P + "/{assembly_id}", READ, params=assembly),
    Row("GET", P + "/{assembly_id}/delegates", READ, params=assembly),
    Row("GET", P + "/{assembly_id}/agenda", READ, params=assembly),
    Row("GET", P + "/{assembly_id}/speakers", READ, params=assembly),
    Row("GET", P + "/{assembly_id}/motions", READ, params=assembly),
    Row(
        "POST",
        P + "/{assembly_id}/motions",
        # chairs must name the organization; followers may not submit; the delegate may
        _expect(422, 403, 201),
        lambda w: {"title": "On solidarity", "text": "We resolve.\nWe act."},
        params=assembly,
    ),
    Row("GET", P + "/motions/{motion_id}", READ, params=motion),
    Row("GET", P + "/motions/{motion_id}/amendments", READ, params=motion),
    Row(
        "POST",
        P + "/motions/{motion_id}/amendments",
        _expect(201, 403, 201),
        lambda w: {
            "kind": "replace",
            "first_line": 1,
            "last_line": 1,
            "new_text": "One, amended.",
            "organization_id": _world(w).memberships["pmli"].pk,
        },
        params=motion,
    ),
    Row("GET", P + "/{assembly_id}/votes", READ, params=assembly),
    Row(
        "POST",
        P + "/{assembly_id}/votes",
        CHAIR_WRITE,
        lambda w: {"title": "Adopt the report?", "kind": "yes_no"},
        params=assembly,
    ),
    Row("GET", P + "/votes/{vote_id}", READ, params=vote),
    Row(
        "POST",
        P + "/votes/{vote_id}/open",
        _expect(422, 403, 403),  # already open: a clear refusal even for a chair
        params=vote,
    ),
    Row(
        "POST",
        P + "/votes/{vote_id}/cast",
        _expect(403, 403, 201),
        lambda w: {"choices": [_vote(w).options.get(role="yes").pk]},
        params=vote,
    ),
    Row("POST", P + "/votes/{vote_id}/close", _expect(200, 403, 403), params=vote),
    Row("GET", P + "/votes/{vote_id}/result", READ, params=vote),
]
