"""Who may open which page of assemblies; see massline/core/tests/test_url_access.py.

The test front belongs to unit A. Secretaries (and the admin) chair; organizer A and member A
follow the assembly (members of unit A); `guest` is a delegate (PMLI); organizer B sees
nothing (404). Anonymous visitors go to the login page.
"""

from typing import Any

from massline.core.tests.test_url_access import GET, LOGIN, POST, World, row
from massline.fronts.assemblies.models import Vote
from massline.fronts.assemblies.services import assemblies as setup
from massline.fronts.assemblies.services import motions, voting
from massline.fronts.assemblies.tests.world import AssemblyWorld, build_assembly_world

FOLLOW = row(200, 200, 200, 404, 200, 200, LOGIN)
CHAIR = row(200, 200, 403, 404, 403, 403, LOGIN)
CHAIR_WRITE = row(302, 302, 403, 404, 403, 403, LOGIN)
DELEGATE_ONLY = row(403, 403, 403, 404, 403, 200, LOGIN)
DELEGATE_WRITE = row(403, 403, 403, 404, 403, 302, LOGIN)
POST_ONLY = row(405, 405, 405, 405, 405, 405, LOGIN)
LIST = row(200, 200, 200, 200, 200, 200, LOGIN)
PREPARE = row(200, 200, 403, 403, 403, 403, LOGIN)


def _w(w: World) -> AssemblyWorld:
    return w.once("assembly_world", lambda world: build_assembly_world(world.personas))


def none(w: World) -> dict[str, Any]:
    return {}


def with_assembly(w: World) -> dict[str, Any]:
    _w(w)
    return {}


def assembly(w: World) -> dict[str, Any]:
    return {"pk": _w(w).assembly.pk}


def _item(w: World) -> Any:
    aw = _w(w)
    return w.once(
        "item",
        lambda world: setup.agenda_item_open(
            actor=aw.chair,
            item=setup.agenda_item_add(actor=aw.chair, assembly=aw.assembly, title="Debate"),
        ),
    )


def item(w: World) -> dict[str, Any]:
    return {"pk": _item(w).pk}


def item_next(w: World) -> dict[str, Any]:
    return {"pk": _item(w).pk, "action": "next"}


def delegate(w: World) -> dict[str, Any]:
    return {"pk": _w(w).delegates["mlpd"].pk}


def _proxy(w: World) -> Any:
    aw = _w(w)
    return w.once(
        "proxy",
        lambda world: setup.proxy_give(
            actor=aw.chair, giver=aw.delegates["rmp"], holder=aw.delegates["mlpd"]
        ),
    )


def proxy(w: World) -> dict[str, Any]:
    return {"pk": _proxy(w).pk}


def _speaker(w: World) -> Any:
    aw = _w(w)
    return w.once(
        "speaker", lambda world: setup.speaker_request(actor=aw.users["guest"], item=_item(w))
    )


def speaker(w: World) -> dict[str, Any]:
    return {"pk": _speaker(w).pk}


def _motion(w: World) -> Any:
    aw = _w(w)
    return w.once(
        "motion",
        lambda world: motions.motion_submit(
            actor=aw.users["mlpd"], assembly=aw.assembly, title="On peace", text="One.\nTwo."
        ),
    )


def motion(w: World) -> dict[str, Any]:
    return {"pk": _motion(w).pk}


def amendment(w: World) -> dict[str, Any]:
    aw = _w(w)
    found = w.once(
        "amendment",
        lambda world: motions.amendment_submit(
            actor=aw.users["mlpd"], motion=_motion(w), kind="delete", first_line=2, last_line=2
        ),
    )
    return {"pk": found.pk}


def _vote(w: World) -> Vote:
    aw = _w(w)
    return w.once(
        "vote",
        lambda world: voting.vote_open(
            actor=aw.chair,
            vote=voting.vote_create(actor=aw.chair, assembly=aw.assembly, title="Adopt?"),
        ),
    )


def vote(w: World) -> dict[str, Any]:
    return {"pk": _vote(w).pk}


def vote_close(w: World) -> dict[str, Any]:
    return {"pk": _vote(w).pk, "action": "close"}


def assembly_payload(w: World) -> dict[str, Any]:
    aw = _w(w)
    return {
        "front": aw.front.pk,
        "event": aw.event.pk,
        "title": "Second conference",
        "quorum_percent": "50",
        "majority": "simple",
        "proxy_limit": "1",
        "min_supporters": "0",
        "speaking_seconds": "180",
        "alternation": "none",
    }


def cast_payload(w: World) -> dict[str, Any]:
    return {"choice": str(_vote(w).options.get(role="yes").pk)}


ACCESS: dict[str, list[Any]] = {
    "assemblies:assembly_list": [GET(with_assembly, LIST)],
    "assemblies:assembly_create": [
        GET(none, PREPARE),
        POST(none, row(302, 302, 403, 403, 403, 403, LOGIN), assembly_payload),
    ],
    "assemblies:assembly_detail": [GET(assembly, FOLLOW)],
    "assemblies:assembly_edit": [
        GET(assembly, CHAIR),
        POST(assembly, CHAIR_WRITE, assembly_payload),
    ],
    "assemblies:assembly_status": [
        GET(assembly, POST_ONLY),
        POST(assembly, CHAIR_WRITE, lambda w: {"status": "open"}),
    ],
    "assemblies:delegate_add": [
        GET(assembly, POST_ONLY),
        POST(
            assembly,
            CHAIR_WRITE,
            lambda w: {"membership": _w(w).memberships["rmp"].pk, "email": "member.a@example.org"},
        ),
    ],
    "assemblies:delegates_import": [GET(assembly, POST_ONLY), POST(assembly, CHAIR_WRITE)],
    "assemblies:proxy_add": [
        GET(assembly, POST_ONLY),
        POST(
            assembly,
            CHAIR_WRITE,
            lambda w: {
                "giver": _w(w).delegates["pmli2"].pk,
                "holder": _w(w).delegates["rmp"].pk,
            },
        ),
    ],
    "assemblies:item_add": [
        GET(assembly, POST_ONLY),
        POST(assembly, CHAIR_WRITE, lambda w: {"title": "Elections"}),
    ],
    "assemblies:motion_create": [
        GET(assembly, row(200, 200, 403, 404, 403, 200, LOGIN)),
        POST(
            assembly,
            row(302, 302, 403, 404, 403, 302, LOGIN),
            lambda w: {
                "title": "On solidarity",
                "text": "We resolve.",
                "organization": _w(w).memberships["pmli"].pk,
            },
        ),
    ],
    "assemblies:vote_create": [
        GET(assembly, CHAIR),
        POST(
            assembly,
            CHAIR_WRITE,
            lambda w: {
                "title": "Adopt the report?",
                "kind": "yes_no",
                "seats": "1",
                "weighting": "organization",
                "majority": "simple",
                "quorum_percent": "50",
            },
        ),
    ],
    "assemblies:projector": [GET(assembly, FOLLOW)],
    "assemblies:projector_live": [GET(assembly, FOLLOW)],
    "assemblies:delegate_view": [GET(assembly, DELEGATE_ONLY)],
    "assemblies:delegate_live": [GET(assembly, DELEGATE_ONLY)],
    "assemblies:delegate_declare": [
        GET(assembly, POST_ONLY),
        POST(assembly, DELEGATE_WRITE, lambda w: {"attribute": "woman"}),
    ],
    "assemblies:minutes": [GET(assembly, FOLLOW)],
    "assemblies:delegate_accredit": [
        GET(delegate, POST_ONLY),
        POST(delegate, CHAIR_WRITE, lambda w: {"accredited": "0"}),
    ],
    "assemblies:proxy_revoke": [GET(proxy, POST_ONLY), POST(proxy, CHAIR_WRITE)],
    "assemblies:speak": [
        GET(item, POST_ONLY),
        POST(item, DELEGATE_WRITE, lambda w: {"kind": "order"}),
    ],
    "assemblies:item_action": [GET(item_next, POST_ONLY), POST(item_next, CHAIR_WRITE)],
    "assemblies:speaker_withdraw": [
        GET(speaker, POST_ONLY),
        # the delegate withdraws their own request; chairs may take anyone off the list
        POST(speaker, row(302, 302, 403, 404, 403, 302, LOGIN)),
    ],
    "assemblies:motion_detail": [GET(motion, FOLLOW)],
    "assemblies:motion_support": [GET(motion, POST_ONLY), POST(motion, DELEGATE_WRITE)],
    "assemblies:motion_status": [
        GET(motion, POST_ONLY),
        POST(motion, CHAIR_WRITE, lambda w: {"status": "withdrawn"}),
    ],
    "assemblies:amendment_create": [
        GET(motion, POST_ONLY),
        POST(
            motion,
            DELEGATE_WRITE,
            lambda w: {"kind": "insert", "first_line": "0", "new_text": "Preamble."},
        ),
    ],
    "assemblies:amendment_decide": [
        GET(amendment, POST_ONLY),
        POST(amendment, CHAIR_WRITE, lambda w: {"decision": "adopt"}),
    ],
    "assemblies:vote_detail": [GET(vote, FOLLOW)],
    "assemblies:vote_cast": [
        GET(vote, POST_ONLY),
        POST(vote, DELEGATE_WRITE, cast_payload),
    ],
    "assemblies:vote_action": [GET(vote_close, POST_ONLY), POST(vote_close, CHAIR_WRITE)],
}
