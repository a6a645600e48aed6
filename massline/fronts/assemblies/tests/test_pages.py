"""Pages: query counts of lists, escaping of texts, who reaches what."""

from massline.fronts.assemblies.services import assemblies as setup
from massline.fronts.assemblies.services import motions, voting
from massline.fronts.assemblies.tests.world import build_assembly_world


def test_the_assembly_list_takes_a_bounded_number_of_queries(
    personas, django_assert_max_num_queries
):
    build_assembly_world(personas)
    client = personas.client("secretary")
    with django_assert_max_num_queries(12):
        assert client.get("/assemblies/").status_code == 200


def test_the_console_takes_a_bounded_number_of_queries_whatever_the_delegates(
    personas, django_assert_max_num_queries
):
    world = build_assembly_world(personas)
    item = setup.agenda_item_add(actor=world.chair, assembly=world.assembly, title="Debate")
    setup.agenda_item_open(actor=world.chair, item=item)
    for key in ("guest", "mlpd", "rmp"):
        setup.speaker_request(actor=world.users[key], item=item)
    world.yes_no()
    client = personas.client("secretary")
    with django_assert_max_num_queries(45):
        assert client.get(f"/assemblies/{world.assembly.pk}/").status_code == 200


def test_script_in_texts_is_escaped_on_every_page(personas):
    world = build_assembly_world(personas)
    script = "<script>alert(1)</script>"
    motion = motions.motion_submit(
        actor=world.users["guest"], assembly=world.assembly, title=script, text=script
    )
    motions.amendment_submit(
        actor=world.users["mlpd"],
        motion=motion,
        kind="replace",
        first_line=1,
        last_line=1,
        new_text=script,
    )
    vote = voting.vote_create(
        actor=world.chair,
        assembly=world.assembly,
        title=script,
        kind="choice",
        options=[script, "Other"],
    )
    voting.vote_open(actor=world.chair, vote=vote)
    client = personas.client("secretary")
    for url in (
        f"/assemblies/{world.assembly.pk}/",
        f"/assemblies/motions/{motion.pk}/",
        f"/assemblies/votes/{vote.pk}/",
        f"/assemblies/{world.assembly.pk}/projector/",
    ):
        body = client.get(url).content.decode()
        assert script not in body, url
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body, url
    pdf = client.get(f"/assemblies/{world.assembly.pk}/minutes.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_a_malformed_amendment_comes_back_with_a_clear_error_and_nothing_saved(personas):
    world = build_assembly_world(personas)
    motion = motions.motion_submit(
        actor=world.users["guest"], assembly=world.assembly, title="M", text="One.\nTwo."
    )
    client = personas.client("guest")
    response = client.post(
        f"/assemblies/motions/{motion.pk}/amend/",
        {"kind": "delete", "first_line": "5", "last_line": "6"},
    )
    assert response.status_code == 400
    assert "Line 5 does not exist: the text has lines 1 to 2." in response.content.decode()
    assert not motion.amendments.exists()


def test_the_minutes_list_motions_amendments_and_results(personas):
    import io

    from pypdf import PdfReader

    world = build_assembly_world(personas)
    motion = motions.motion_submit(
        actor=world.users["guest"], assembly=world.assembly, title="Week of action", text="One."
    )
    vote = voting.vote_create(
        actor=world.chair, assembly=world.assembly, title="Adopt M1?", motion=motion
    )
    voting.vote_open(actor=world.chair, vote=vote)
    voting.vote_cast(actor=world.users["guest"], vote=vote, choices=[world.option(vote, "yes")])
    voting.vote_close(actor=world.chair, vote=vote)
    pdf = personas.client("member_a").get(f"/assemblies/{world.assembly.pk}/minutes.pdf")
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Attendance and accreditation" in text
    assert "Week of action" in text
    assert "Adopt M1?" in text
    assert "Simple majority" in text
