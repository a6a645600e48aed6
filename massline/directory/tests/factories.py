"""Directory records for tests, created through the services like any other write.

Call `OrganizationFactory.create(actor=..., ...)`: `create` is typed to return the model.
"""

from datetime import date
from typing import Any

import factory

from massline.accounts.models import User
from massline.directory import services
from massline.directory.models import Organization, Position, Question, Relation


class OrganizationFactory(factory.Factory[Organization]):
    class Meta:
        model = Organization

    name = factory.Sequence(lambda n: f"Organization number {n}")
    short_name = factory.Sequence(lambda n: f"ORG{n}")
    country = "IT"
    kind = Organization.Kind.PARTY

    @classmethod
    def _create(
        cls, model_class: type, *, actor: User, tags: list[str] | None = None, **fields: Any
    ) -> Organization:
        return services.organization_create(actor=actor, tags=tags, **fields)


class QuestionFactory(factory.Factory[Question]):
    class Meta:
        model = Question

    title = factory.Sequence(lambda n: f"Question number {n}")

    @classmethod
    def _create(cls, model_class: type, *, actor: User, **fields: Any) -> Question:
        return services.question_create(actor=actor, **fields)


class RelationFactory(factory.Factory[Relation]):
    class Meta:
        model = Relation

    kind = Relation.Kind.FRATERNAL

    @classmethod
    def _create(cls, model_class: type, *, actor: User, **fields: Any) -> Relation:
        return services.relation_create(actor=actor, **fields)


class PositionFactory(factory.Factory[Position]):
    class Meta:
        model = Position

    stance = Position.Stance.OPPOSES
    stated_on = date(2022, 3, 1)

    @classmethod
    def _create(cls, model_class: type, *, actor: User, **fields: Any) -> Position:
        return services.position_create(actor=actor, **fields)
