"""Assemblies of a united front: delegates, agenda, motions, amendments, speakers and votes.

The records of a vote are split on purpose (see docs/assemblies.md, "Secret ballots"):
`VoteCast` says WHO voted (one row per voter and vote, unique, so a second vote is impossible
in the database), `Ballot` says WHAT was voted. A named ballot points at its cast; a secret one
does not, carries a random id and no time, and is rewritten in random order when the vote
closes, so that after the close no table links a secret ballot to a delegate.
`VoteResult` is written once when a vote closes; a database trigger refuses to change it.
"""

import uuid

from django.conf import settings
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from massline.events.models import Event
from massline.fronts.models import Front, FrontMembership
from massline.vault.fields import EncryptedTextField

MAX_MOTION_LINES = 2000


class Majority(models.TextChoices):
    SIMPLE = "simple", _("Simple majority of votes cast")
    ABSOLUTE = "absolute", _("Absolute majority of those entitled")
    TWO_THIRDS = "two_thirds", _("Two-thirds of votes cast")
    CONSENSUS_MINUS_ONE = "consensus_minus_one", _("Consensus minus one")


class Assembly(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("In preparation")
        OPEN = "open", _("In session")
        CLOSED = "closed", _("Closed")

    class Alternation(models.TextChoices):
        NONE = "none", _("No alternation")
        GENDER = "gender", _("Alternate by gender")
        CONSTITUENCY = "constituency", _("Alternate by constituency")

    front = models.ForeignKey(
        Front, on_delete=models.PROTECT, related_name="assemblies", verbose_name=_("front")
    )
    event = models.ForeignKey(
        Event, on_delete=models.PROTECT, related_name="assemblies", verbose_name=_("event")
    )
    title = models.CharField(_("title"), max_length=200)
    chairs = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="chaired_assemblies",
        verbose_name=_("chairs"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    quorum_percent = models.PositiveSmallIntegerField(
        _("quorum (percent of voting weight)"), default=50, validators=[MaxValueValidator(100)]
    )
    majority = models.CharField(
        _("default majority"), max_length=24, choices=Majority.choices, default=Majority.SIMPLE
    )
    proxy_limit = models.PositiveSmallIntegerField(
        _("proxies a delegate may carry"), default=1, validators=[MaxValueValidator(10)]
    )
    min_supporters = models.PositiveSmallIntegerField(
        _("supporters a delegates' motion needs"),
        default=0,
        validators=[MaxValueValidator(100)],
        help_text=_("Including the delegate who submits it. Motions of an organization need none."),
    )
    motion_deadline = models.DateTimeField(_("deadline for motions"), null=True, blank=True)
    amendment_deadline = models.DateTimeField(_("deadline for amendments"), null=True, blank=True)
    speaking_seconds = models.PositiveSmallIntegerField(
        _("speaking time (seconds)"),
        default=180,
        validators=[MinValueValidator(10), MaxValueValidator(3600)],
    )
    alternation = models.CharField(
        _("speakers list alternation"),
        max_length=14,
        choices=Alternation.choices,
        default=Alternation.NONE,
    )
    current_item = models.ForeignKey(
        "AgendaItem",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("current agenda item"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("assembly")
        verbose_name_plural = _("assemblies")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(quorum_percent__lte=100), name="assembly_quorum_range"
            ),
            models.CheckConstraint(
                condition=Q(speaking_seconds__gte=10) & Q(speaking_seconds__lte=3600),
                name="assembly_speaking_seconds_range",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Delegate(models.Model):
    """A person voting for a member organization at one assembly."""

    assembly = models.ForeignKey(Assembly, on_delete=models.CASCADE, related_name="delegates")
    membership = models.ForeignKey(
        FrontMembership,
        on_delete=models.PROTECT,
        related_name="assembly_delegates",
        verbose_name=_("organization"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="assembly_delegations",
        verbose_name=_("account"),
    )
    weight = models.PositiveSmallIntegerField(
        _("vote weight at this assembly"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(10000)],
        help_text=_("Leave empty to use the organization's weight in the front."),
    )
    attribute = EncryptedTextField(
        _("self-declared gender or constituency"),
        purpose="assemblies.delegate.attribute",
        blank=True,
        validators=[MaxLengthValidator(40)],
        help_text=_("Optional; used only to alternate the speakers list."),
    )
    accredited_at = models.DateTimeField(_("accredited"), null=True, blank=True)
    accredited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("delegate")
        verbose_name_plural = _("delegates")
        ordering = ["membership__organization__name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["assembly", "user"], name="delegate_once_per_assembly"),
        ]

    def __str__(self) -> str:
        return str(self.user)


class Proxy(models.Model):
    """A delegate (the holder) carries another delegate's vote, on record."""

    assembly = models.ForeignKey(Assembly, on_delete=models.CASCADE, related_name="proxies")
    giver = models.ForeignKey(
        Delegate, on_delete=models.CASCADE, related_name="proxies_given", verbose_name=_("giver")
    )
    holder = models.ForeignKey(
        Delegate, on_delete=models.CASCADE, related_name="proxies_held", verbose_name=_("holder")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("proxy")
        verbose_name_plural = _("proxies")
        constraints = [
            models.UniqueConstraint(
                fields=["giver"], condition=Q(revoked_at__isnull=True), name="proxy_one_active"
            ),
            models.CheckConstraint(condition=~Q(giver=F("holder")), name="proxy_not_to_self"),
        ]

    def __str__(self) -> str:
        return f"{self.holder} ← {self.giver}"


class AgendaItem(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        OPEN = "open", _("Under discussion")
        DONE = "done", _("Done")

    assembly = models.ForeignKey(Assembly, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveSmallIntegerField(_("position"))
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True, max_length=5000)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return f"{self.position}. {self.title}"


class Motion(models.Model):
    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted, needs supporters")
        ADMITTED = "admitted", _("Admitted")
        ADOPTED = "adopted", _("Adopted")
        REJECTED = "rejected", _("Rejected")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    assembly = models.ForeignKey(Assembly, on_delete=models.CASCADE, related_name="motions")
    agenda_item = models.ForeignKey(
        AgendaItem,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="motions",
        verbose_name=_("agenda item"),
    )
    number = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=200)
    reason = models.TextField(_("reason"), blank=True, max_length=10000)
    organization = models.ForeignKey(
        FrontMembership,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="motions",
        verbose_name=_("submitted by the organization"),
    )
    submitter = models.ForeignKey(
        Delegate,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="motions_submitted",
        verbose_name=_("submitted by the delegate"),
    )
    supporters = models.ManyToManyField(
        Delegate, blank=True, related_name="motions_supported", verbose_name=_("supporters")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.SUBMITTED
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("motion")
        verbose_name_plural = _("motions")
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["assembly", "number"], name="motion_number_unique"),
        ]

    def __str__(self) -> str:
        return f"M{self.number} {self.title}"


class MotionVersion(models.Model):
    """A motion's text as it stood; a merged amendment makes the next version."""

    motion = models.ForeignKey(Motion, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField(_("version"))
    text = models.TextField(_("text"), max_length=50000)
    amendment = models.OneToOneField(
        "Amendment",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="merged_into",
        verbose_name=_("made by merging"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("motion version")
        verbose_name_plural = _("motion versions")
        ordering = ["motion", "number"]
        constraints = [
            models.UniqueConstraint(fields=["motion", "number"], name="motion_version_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.motion} v{self.number}"

    @property
    def lines(self) -> list[str]:
        return self.text.splitlines()


class Amendment(models.Model):
    class Kind(models.TextChoices):
        REPLACE = "replace", _("Replace lines")
        INSERT = "insert", _("Insert after a line")
        DELETE = "delete", _("Delete lines")

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        ADOPTED = "adopted", _("Adopted and merged")
        REJECTED = "rejected", _("Rejected")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    motion = models.ForeignKey(Motion, on_delete=models.CASCADE, related_name="amendments")
    number = models.PositiveSmallIntegerField(_("number"))
    version = models.ForeignKey(
        MotionVersion,
        on_delete=models.PROTECT,
        related_name="amendments",
        verbose_name=_("amends version"),
    )
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    first_line = models.PositiveIntegerField(
        _("first line"),
        help_text=_("For an insertion: the line after which the text goes (0 = at the top)."),
    )
    last_line = models.PositiveIntegerField(_("last line"), null=True, blank=True)
    new_text = models.TextField(_("new text"), blank=True, max_length=20000)
    reason = models.TextField(_("reason"), blank=True, max_length=5000)
    submitter = models.ForeignKey(
        Delegate,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="amendments_submitted",
    )
    organization = models.ForeignKey(
        FrontMembership,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="amendments",
        verbose_name=_("submitted by the organization"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.SUBMITTED
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("amendment")
        verbose_name_plural = _("amendments")
        ordering = ["motion", "number"]
        constraints = [
            models.UniqueConstraint(fields=["motion", "number"], name="amendment_number_unique"),
        ]

    def __str__(self) -> str:
        return f"A{self.number}"


class SpeakerRequest(models.Model):
    class Kind(models.TextChoices):
        POINT_OF_ORDER = "order", _("Point of order")
        SPEECH = "speech", _("Speech")

    class Status(models.TextChoices):
        WAITING = "waiting", _("Waiting")
        SPEAKING = "speaking", _("Speaking")
        DONE = "done", _("Spoke")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    agenda_item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="speakers")
    delegate = models.ForeignKey(Delegate, on_delete=models.CASCADE, related_name="speeches")
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices, default=Kind.SPEECH)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.WAITING
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    seconds = models.PositiveIntegerField(_("seconds spoken"), default=0)

    class Meta:
        verbose_name = _("speaker request")
        verbose_name_plural = _("speaker requests")
        ordering = ["requested_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["agenda_item", "delegate", "kind"],
                condition=Q(status="waiting"),
                name="speaker_waits_once",
            ),
            models.UniqueConstraint(
                fields=["agenda_item"], condition=Q(status="speaking"), name="one_speaker_at_a_time"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.delegate} ({self.kind})"


class Vote(models.Model):
    class Kind(models.TextChoices):
        YES_NO = "yes_no", _("Yes / no / abstain")
        CHOICE = "choice", _("Choice among options")
        ELECTION = "election", _("Election (several seats)")

    class Weighting(models.TextChoices):
        DELEGATE = "delegate", _("Each delegate votes with their weight")
        ORGANIZATION = "organization", _("Each organization votes once with its weight")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Prepared")
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    assembly = models.ForeignKey(Assembly, on_delete=models.CASCADE, related_name="votes")
    agenda_item = models.ForeignKey(
        AgendaItem,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="votes",
        verbose_name=_("agenda item"),
    )
    motion = models.ForeignKey(
        Motion,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="votes",
        verbose_name=_("motion"),
    )
    amendment = models.ForeignKey(
        Amendment,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="votes",
        verbose_name=_("amendment"),
    )
    title = models.CharField(_("question"), max_length=300)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.YES_NO)
    secret = models.BooleanField(_("secret ballot"), default=False)
    weighting = models.CharField(
        _("who votes"), max_length=12, choices=Weighting.choices, default=Weighting.ORGANIZATION
    )
    majority = models.CharField(
        _("majority rule"), max_length=24, choices=Majority.choices, default=Majority.SIMPLE
    )
    quorum_percent = models.PositiveSmallIntegerField(
        _("quorum (percent of voting weight)"), default=50, validators=[MaxValueValidator(100)]
    )
    seats = models.PositiveSmallIntegerField(
        _("seats"), default=1, validators=[MinValueValidator(1), MaxValueValidator(50)]
    )
    results_while_open = models.BooleanField(
        _("show results while the vote is open"),
        default=False,
        help_text=_("Never allowed for a secret ballot."),
    )
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.DRAFT
    )
    opened_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("vote")
        verbose_name_plural = _("votes")
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(quorum_percent__lte=100), name="vote_quorum_range"),
            models.CheckConstraint(
                condition=~(Q(secret=True) & Q(results_while_open=True)),
                name="vote_secret_hides_results",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class VoteOption(models.Model):
    class Role(models.TextChoices):
        YES = "yes", _("Yes")
        NO = "no", _("No")
        ABSTAIN = "abstain", _("Abstain")
        OPTION = "option", _("Option")

    vote = models.ForeignKey(Vote, on_delete=models.CASCADE, related_name="options")
    position = models.PositiveSmallIntegerField()
    label = models.CharField(_("label"), max_length=200)
    role = models.CharField(max_length=8, choices=Role.choices, default=Role.OPTION)

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["vote", "position"], name="vote_option_position"),
        ]

    def __str__(self) -> str:
        return self.label


class VoteCast(models.Model):
    """Who voted: one row per voter (a delegate, or an organization) and vote.

    `voter` is `d<delegate id>` or `o<membership id>`; the unique constraint makes a second vote
    for the same voter impossible whatever the application does. No time is kept.
    """

    vote = models.ForeignKey(Vote, on_delete=models.CASCADE, related_name="casts")
    voter = models.CharField(max_length=24)
    membership = models.ForeignKey(FrontMembership, on_delete=models.PROTECT, related_name="+")
    cast_by = models.ForeignKey(Delegate, on_delete=models.PROTECT, related_name="+")
    weight = models.PositiveIntegerField()
    by_proxy = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["vote", "voter"], name="vote_cast_once"),
        ]

    def __str__(self) -> str:
        return f"{self.vote_id}:{self.voter}"


def _random_id() -> uuid.UUID:
    return uuid.uuid4()


class Ballot(models.Model):
    """What was voted. A secret ballot has no `cast`, a random id and no time."""

    id = models.UUIDField(primary_key=True, default=_random_id, editable=False)
    vote = models.ForeignKey(Vote, on_delete=models.CASCADE, related_name="ballots")
    cast = models.OneToOneField(
        VoteCast, on_delete=models.CASCADE, null=True, blank=True, related_name="ballot"
    )
    choices = models.CharField(max_length=400, help_text="Ids of the chosen options, sorted.")
    weight = models.PositiveIntegerField()

    def __str__(self) -> str:
        return str(self.id)


class VoteResult(models.Model):
    """The result of a closed vote: written once, never changed (a trigger refuses updates)."""

    vote = models.OneToOneField(Vote, on_delete=models.PROTECT, related_name="result")
    tally = models.JSONField()
    outcome = models.CharField(max_length=20)
    digest = models.CharField(max_length=64)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.vote} – {self.outcome}"
