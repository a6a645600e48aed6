"""The demo's assembly loads once, with a merged amendment and closed votes."""

from collections import Counter

from massline.accounts.services import user_create
from massline.conftest import PASSWORD
from massline.demo.scenario.assemblies import EVENT_SLUG, FRONT_SLUG, load_assemblies
from massline.fronts.assemblies.models import Amendment, Assembly, Vote
from massline.fronts.assemblies.tests.world import build_assembly_world


def test_the_demo_assembly_loads_once_with_a_merged_amendment(personas):
    world = build_assembly_world(personas)
    world.assembly.delete()
    world.front.slug = FRONT_SLUG
    world.front.save()
    world.event.slug = EVENT_SLUG
    world.event.save()
    user_create(email="delegate@example.org", password=PASSWORD, display_name="Delegate")
    created: Counter[str] = Counter()
    load_assemblies(personas.admin, lambda kind, new: created.update([kind]) if new else None)
    load_assemblies(personas.admin, lambda kind, new: created.update([kind]) if new else None)
    assert Assembly.objects.filter(front=world.front).count() == 1
    assert created["assemblies"] == 1
    amendment = Amendment.objects.get(motion__assembly__front=world.front)
    assert amendment.status == Amendment.Status.ADOPTED
    motion = amendment.motion
    assert motion.versions.count() == 2
    assert "September" in motion.versions.get(number=2).text
    assert "(fictional example)" in motion.title
    assert set(
        Vote.objects.filter(assembly__front=world.front).values_list("status", flat=True)
    ) == {"closed"}
