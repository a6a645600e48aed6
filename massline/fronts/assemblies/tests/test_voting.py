"""Casting and closing votes through the services: weights, proxies, refusals, secrecy."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction

from massline.fronts.assemblies.models import Ballot, Vote, VoteCast, VoteResult
from massline.fronts.assemblies.services import assemblies as setup
from massline.fronts.assemblies.services import voting
from massline.fronts.assemblies.tests.world import build_assembly_world


@pytest.fixture
def world(personas):
    return build_assembly_world(personas)


def cast(world, key, vote, role="yes", **kwargs):
    return voting.vote_cast(
        actor=world.users[key], vote=vote, choices=[world.option(vote, role)], **kwargs
    )


def test_organization_weights_decide_a_yes_no_vote(world):
    vote = world.yes_no()
    cast(world, "guest", vote, "yes")  # PMLI 3
    cast(world, "mlpd", vote, "no")  # MLPD 2
    cast(world, "rmp", vote, "abstain")  # RMP 1
    result = voting.vote_close(actor=world.chair, vote=vote)
    assert result.outcome == "adopted"
    weights = {o["role"]: o["weight"] for o in result.tally["options"]}
    assert weights == {"yes": 3, "no": 2, "abstain": 1}
    assert result.tally["entitled"] == 6  # the observer does not vote
    assert voting.result_verify(result)


def test_a_second_delegate_of_the_same_organization_cannot_vote_again(world):
    vote = world.yes_no()
    cast(world, "guest", vote)
    with pytest.raises(ValidationError, match="already voted"):
        cast(world, "pmli2", vote, "no")
    assert VoteCast.objects.filter(vote=vote).count() == 1


def test_a_delegate_cannot_vote_twice_in_a_per_delegate_vote(world):
    vote = world.yes_no(weighting=Vote.Weighting.DELEGATE)
    cast(world, "guest", vote)
    cast(world, "pmli2", vote)  # the other PMLI delegate has their own vote here
    with pytest.raises(ValidationError, match="already been cast"):
        cast(world, "guest", vote, "no")
    assert Ballot.objects.filter(vote=vote).count() == 2


def test_the_database_itself_refuses_a_second_cast(world):
    vote = world.yes_no()
    first = cast(world, "guest", vote)
    with pytest.raises(IntegrityError), transaction.atomic():
        VoteCast.objects.create(
            vote=vote,
            voter=first.voter,
            membership=first.membership,
            cast_by=first.cast_by,
            weight=1,
        )


def test_voting_after_the_close_is_refused(world):
    vote = world.yes_no()
    cast(world, "guest", vote)
    voting.vote_close(actor=world.chair, vote=vote)
    with pytest.raises(ValidationError, match="closed"):
        cast(world, "mlpd", vote)


def test_voting_before_the_vote_opens_is_refused(world):
    vote = voting.vote_create(actor=world.chair, assembly=world.assembly, title="Later")
    with pytest.raises(ValidationError, match="not open"):
        cast(world, "guest", vote)


def test_voting_for_another_organization_without_a_proxy_is_refused(world):
    vote = world.yes_no()
    with pytest.raises(PermissionDenied):
        cast(world, "guest", vote, on_behalf_of=world.delegates["mlpd"])
    assert not VoteCast.objects.filter(vote=vote).exists()


def test_a_proxy_holder_votes_for_the_giver_organization(world):
    setup.proxy_give(
        actor=world.chair, giver=world.delegates["mlpd"], holder=world.delegates["rmp"]
    )
    vote = world.yes_no()
    cast(world, "rmp", vote, "no")
    cast(world, "rmp", vote, "no", on_behalf_of=world.delegates["mlpd"])
    with pytest.raises(ValidationError, match="proxy"):
        cast(world, "mlpd", vote, "yes")  # gave the vote away
    result = voting.vote_close(actor=world.chair, vote=vote)
    weights = {o["role"]: o["weight"] for o in result.tally["options"]}
    assert weights["no"] == 3  # MLPD 2 by proxy + RMP 1


def test_a_proxy_counts_for_quorum_when_the_giver_is_absent(personas):
    world = build_assembly_world(personas, accredit=False)
    setup.delegate_accredit(actor=world.chair, delegate=world.delegates["guest"], accredited=True)
    vote = world.yes_no()
    assert voting.attendance(vote).present == 3  # PMLI only: 3 of 6, quorum 50 % is 3
    setup.proxy_give(
        actor=world.chair, giver=world.delegates["mlpd"], holder=world.delegates["guest"]
    )
    assert voting.attendance(vote).present == 5


def test_proxies_beyond_the_limit_are_refused(world):
    setup.proxy_give(
        actor=world.chair, giver=world.delegates["mlpd"], holder=world.delegates["guest"]
    )
    with pytest.raises(ValidationError, match="at most 1"):
        setup.proxy_give(
            actor=world.chair, giver=world.delegates["rmp"], holder=world.delegates["guest"]
        )
    with pytest.raises(ValidationError, match="already given"):
        setup.proxy_give(
            actor=world.chair, giver=world.delegates["mlpd"], holder=world.delegates["rmp"]
        )


def test_an_unaccredited_delegate_cannot_vote_and_does_not_count_for_quorum(personas):
    world = build_assembly_world(personas, accredit=False)
    vote = world.yes_no()
    with pytest.raises(ValidationError, match="not accredited"):
        cast(world, "guest", vote)
    assert voting.attendance(vote).present == 0
    result = voting.vote_close(actor=world.chair, vote=vote)
    assert result.outcome == "no_quorum"


def test_an_observer_does_not_vote(world):
    vote = world.yes_no()
    with pytest.raises(ValidationError, match="observers"):
        cast(world, "kke", vote)


def test_someone_who_is_not_a_delegate_cannot_vote(world):
    vote = world.yes_no()
    with pytest.raises(PermissionDenied):
        voting.vote_cast(
            actor=world.personas.member_a, vote=vote, choices=[world.option(vote, "yes")]
        )


def test_options_of_another_vote_or_too_many_are_refused(world):
    vote = world.yes_no()
    other = world.yes_no()
    with pytest.raises(ValidationError, match="options"):
        voting.vote_cast(
            actor=world.users["guest"], vote=vote, choices=[world.option(other, "yes")]
        )
    with pytest.raises(ValidationError, match="at most 1"):
        voting.vote_cast(
            actor=world.users["guest"],
            vote=vote,
            choices=[world.option(vote, "yes"), world.option(vote, "no")],
        )


def test_a_closed_result_cannot_be_changed(world):
    vote = world.yes_no()
    cast(world, "guest", vote)
    result = voting.vote_close(actor=world.chair, vote=vote)
    with pytest.raises(ValidationError, match="cannot be changed"):
        voting.result_update(actor=world.chair, result=result, outcome="rejected")
    with pytest.raises(ValidationError, match="already closed"):
        voting.vote_close(actor=world.chair, vote=vote)
    with pytest.raises(Exception, match="cannot be changed"), transaction.atomic():
        VoteResult.objects.filter(pk=result.pk).update(outcome="rejected")
    result.refresh_from_db()
    assert result.outcome == "adopted"


def test_only_a_chair_opens_and_closes_votes(world):
    with pytest.raises(PermissionDenied):
        voting.vote_create(actor=world.users["guest"], assembly=world.assembly, title="Coup")
    vote = world.yes_no()
    with pytest.raises(PermissionDenied):
        voting.vote_close(actor=world.personas.member_a, vote=vote)


def test_after_a_secret_ballot_closes_no_table_links_a_vote_to_a_delegate(world):
    vote = world.yes_no(secret=True)
    cast(world, "guest", vote, "yes")
    cast(world, "mlpd", vote, "no")
    cast(world, "rmp", vote, "no")
    voting.vote_close(actor=world.chair, vote=vote)
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM assemblies_ballot WHERE vote_id = %s", [vote.pk])
        columns = [c[0] for c in cursor.description]
        rows = cursor.fetchall()
    assert len(rows) == 3
    # Ballots: a random id, the vote, the choice and the weight; no cast, no time, no delegate.
    assert set(columns) == {"id", "vote_id", "cast_id", "choices", "weight"}
    assert all(row[columns.index("cast_id")] is None for row in rows)
    # Who voted is kept, separately, without any time or reference to a ballot.
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM assemblies_votecast WHERE vote_id = %s", [vote.pk])
        cast_columns = {c[0] for c in cursor.description}
    assert cast_columns == {
        "id",
        "vote_id",
        "voter",
        "membership_id",
        "cast_by_id",
        "weight",
        "by_proxy",
    }
    # No other table of the app refers to a ballot.
    for model in connection.introspection.installed_models(connection.introspection.table_names()):
        for field in model._meta.get_fields():
            if getattr(field, "related_model", None) is Ballot and field.concrete:
                assert model is Ballot or field.model is Ballot


def test_a_secret_ballot_shows_no_partial_result_while_open(world):
    with pytest.raises(ValidationError, match="secret ballot"):
        world.yes_no(secret=True, results_while_open=True)


def test_a_named_ballot_keeps_who_voted_what(world):
    vote = world.yes_no()
    cast(world, "guest", vote, "yes")
    ballot = Ballot.objects.get(vote=vote)
    assert ballot.cast is not None and ballot.cast.cast_by == world.delegates["guest"]


def test_an_election_fills_several_seats(world):
    vote = voting.vote_create(
        actor=world.chair,
        assembly=world.assembly,
        title="Secretariat",
        kind=Vote.Kind.ELECTION,
        options=["Ana", "Bo", "Cy"],
        seats=2,
        secret=True,
    )
    voting.vote_open(actor=world.chair, vote=vote)
    ids = {o.label: o.pk for o in vote.options.all()}
    voting.vote_cast(actor=world.users["guest"], vote=vote, choices=[ids["Ana"], ids["Bo"]])
    voting.vote_cast(actor=world.users["mlpd"], vote=vote, choices=[ids["Cy"], ids["Bo"]])
    voting.vote_cast(actor=world.users["rmp"], vote=vote, choices=[ids["Cy"]])
    with pytest.raises(ValidationError, match="at most 2"):
        voting.vote_cast(
            actor=world.users["pmli2"], vote=vote, choices=[ids["Ana"], ids["Bo"], ids["Cy"]]
        )
    result = voting.vote_close(actor=world.chair, vote=vote)
    # Bo 3 + 2 = 5, Ana 3, Cy 2 + 1 = 3: Bo elected, Ana and Cy tied for the second seat.
    assert result.tally["winners"] == [ids["Bo"]]
    assert sorted(result.tally["tied"]) == sorted([ids["Ana"], ids["Cy"]])
