"""Import batches over HTTP (read only: imports start from an uploaded file in the UI)."""

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Schema

from massline.core.api import (
    Id,
    PageQuery,
    paginate,
)
from massline.people import selectors
from massline.people.api.common import (
    ImportStatus,
    UnitRef,
    UserRef,
    _actor,
    router,
)
from massline.people.models import (
    ImportBatch,
)

# Imports ---------------------------------------------------------------------------------


class ImportProblem(Schema):
    row: int = Field(description="The row's number in the file.")
    column: str = Field(description="The column's heading, or empty for the whole row.")
    code: str = Field(description="What is wrong, e.g. `email`, `country`, `too_long`.")
    params: dict[str, int] = Field(description="Numbers for the message, e.g. a limit.")


class ImportOut(Schema):
    id: int
    unit: UnitRef
    created_by: UserRef | None
    filename: str
    file_format: str
    status: ImportStatus
    total_rows: int
    processed_rows: int
    percent: int = Field(description="Progress, 0 to 100.")
    created_count: int
    duplicate_count: int
    error_count: int
    errors: list[ImportProblem] = Field(
        description="The first problems found, without the values of the cells."
    )
    message: str
    progress_at: datetime | None
    created_at: datetime
    finished_at: datetime | None

    @staticmethod
    def resolve_errors(obj: ImportBatch) -> list[dict[str, Any]]:
        return [
            {
                "row": int(error.get("row") or 0),
                "column": str(error.get("column") or ""),
                "code": str(error.get("code") or ""),
                "params": {
                    key: value
                    for key, value in (error.get("params") or {}).items()
                    if isinstance(value, int)
                },
            }
            for error in obj.errors or []
            if isinstance(error, dict)
        ]


class ImportPage(Schema):
    count: int
    items: list[ImportOut]


@router.get(
    "/imports",
    response=ImportPage,
    tags=["imports"],
    operation_id="import_list",
    summary="List imports",
)
def import_list(request: HttpRequest, page: Query[PageQuery]) -> dict[str, Any]:
    """Imports of the units where the caller is secretary, newest first."""
    found = selectors.import_list(user=_actor(request)).order_by("-created_at", "-id")
    return paginate(found, page)


@router.get(
    "/imports/{int:import_id}",
    response=ImportOut,
    tags=["imports"],
    operation_id="import_get",
    summary="Get an import's status",
)
def import_get(request: HttpRequest, import_id: Id) -> ImportBatch:
    """Status and progress of an import; poll it while the import runs."""
    return selectors.access_import(user=_actor(request), import_id=import_id)
