"""Every error of the API in one shape: RFC 9457 problem details.

A problem is sent as `application/problem+json`:

    {"type": "urn:massline:problem:validation", "title": "Invalid input", "status": 422,
     "detail": "...", "instance": "/api/v1/organizations",
     "errors": {"short_name": ["Another organization already uses this short name."]}}

`errors` appears only on validation problems and maps each field to its messages; messages
that concern no single field are listed under `__all__`. Titles and details are translated
into the language the client asks for with `Accept-Language`. Unexpected failures are logged
and answered with a generic 500 problem: a stack trace never reaches the client.
"""

import json
import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from http import HTTPStatus
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from ninja import NinjaAPI
from ninja.errors import HttpError
from ninja.errors import ValidationError as NinjaValidationError

logger = logging.getLogger(__name__)

MEDIA_TYPE = "application/problem+json"
TYPE_PREFIX = "urn:massline:problem:"


@dataclass(frozen=True)
class ProblemType:
    slug: str
    status: int
    title: Promise

    @property
    def uri(self) -> str:
        return f"{TYPE_PREFIX}{self.slug}"


BAD_REQUEST = ProblemType("bad-request", 400, gettext_lazy("Bad request"))
NOT_AUTHENTICATED = ProblemType("not-authenticated", 401, gettext_lazy("Authentication required"))
INVALID_TOKEN = ProblemType("invalid-token", 401, gettext_lazy("Invalid API token"))
FORBIDDEN = ProblemType("forbidden", 403, gettext_lazy("Permission denied"))
INSUFFICIENT_SCOPE = ProblemType("insufficient-scope", 403, gettext_lazy("Read-only API token"))
NOT_FOUND = ProblemType("not-found", 404, gettext_lazy("Not found"))
METHOD_NOT_ALLOWED = ProblemType("method-not-allowed", 405, gettext_lazy("Method not allowed"))
CONFLICT = ProblemType("conflict", 409, gettext_lazy("Conflict"))
VALIDATION = ProblemType("validation", 422, gettext_lazy("Invalid input"))
SERVER_ERROR = ProblemType("server-error", 500, gettext_lazy("Internal error"))

ALL_TYPES = (
    BAD_REQUEST,
    NOT_AUTHENTICATED,
    INVALID_TOKEN,
    FORBIDDEN,
    INSUFFICIENT_SCOPE,
    NOT_FOUND,
    METHOD_NOT_ALLOWED,
    CONFLICT,
    VALIDATION,
    SERVER_ERROR,
)

FieldErrors = dict[str, list[str]]


class ApiProblem(Exception):
    """An error to report as a problem, raised where the API itself refuses a request."""

    def __init__(
        self, kind: ProblemType, detail: str, headers: Mapping[str, str] | None = None
    ) -> None:
        super().__init__(detail)
        self.kind = kind
        self.detail = detail
        self.headers = dict(headers or {})


def problem_response(
    request: HttpRequest,
    *,
    kind: ProblemType,
    detail: str,
    errors: FieldErrors | None = None,
    headers: Mapping[str, str] | None = None,
) -> HttpResponse:
    body: dict[str, Any] = {
        "type": kind.uri,
        "title": str(kind.title),
        "status": kind.status,
        "detail": detail,
        "instance": request.path,
    }
    if errors is not None:
        body["errors"] = errors
    response = HttpResponse(
        json.dumps(body, ensure_ascii=False),
        status=kind.status,
        content_type=f"{MEDIA_TYPE}; charset=utf-8",
    )
    for name, value in (headers or {}).items():
        response[name] = value
    return response


# Validation messages ---------------------------------------------------------------------


def _service_errors(exc: DjangoValidationError) -> FieldErrors:
    if hasattr(exc, "error_dict"):
        return {name: [str(m) for m in messages] for name, messages in exc.message_dict.items()}
    return {NON_FIELD_ERRORS: [str(m) for m in exc.messages]}


def _input_message(error: Mapping[str, Any]) -> str:
    """A translated message for one pydantic error; the library's text when none fits."""
    kind = error.get("type", "")
    ctx = error.get("ctx") or {}
    if kind == "missing":
        return _("This field is required.")
    if kind == "string_too_long":
        limit = int(ctx.get("max_length", 0))
        return ngettext(
            "Ensure this value has at most %(limit)d character.",
            "Ensure this value has at most %(limit)d characters.",
            limit,
        ) % {"limit": limit}
    if kind == "string_too_short":
        limit = int(ctx.get("min_length", 0))
        if limit <= 1:
            return _("This field may not be empty.")
        return ngettext(
            "Ensure this value has at least %(limit)d character.",
            "Ensure this value has at least %(limit)d characters.",
            limit,
        ) % {"limit": limit}
    if kind == "too_long":
        limit = int(ctx.get("max_length", 0))
        return ngettext(
            "Ensure this list has at most %(limit)d item.",
            "Ensure this list has at most %(limit)d items.",
            limit,
        ) % {"limit": limit}
    if kind in {"int_parsing", "int_type", "int_from_float", "int_parsing_size"}:
        return _("Enter a whole number.")
    if kind == "greater_than_equal":
        return _("Ensure this value is greater than or equal to %(limit_value)s.") % {
            "limit_value": ctx.get("ge")
        }
    if kind == "less_than_equal":
        return _("Ensure this value is less than or equal to %(limit_value)s.") % {
            "limit_value": ctx.get("le")
        }
    if kind.startswith("date_"):
        return _("Enter a valid date (YYYY-MM-DD).")
    if kind == "literal_error":
        return _("Choose one of: %(choices)s.") % {"choices": ctx.get("expected", "")}
    if kind in {"bool_parsing", "bool_type"}:
        return _("Enter true or false.")
    if kind == "string_type":
        return _("Enter a text.")
    if kind == "list_type":
        return _("Enter a list.")
    if kind in {"dict_type", "model_type", "model_attributes_type"}:
        return _("Send a JSON object.")
    if kind == "extra_forbidden":
        return _("This field is not known.")
    if kind == "value_error" and "error" in ctx:
        return str(ctx["error"])
    return str(error.get("msg", _("This value is not valid.")))


def _input_field(loc: tuple[Any, ...]) -> str:
    """The field an input error is about, without the parameter source and body name."""
    source, rest = (loc[0], loc[1:]) if loc else ("", ())
    if source == "body":
        rest = rest[1:]
    return ".".join(str(part) for part in rest) or NON_FIELD_ERRORS


def _input_errors(exc: NinjaValidationError) -> FieldErrors:
    errors: FieldErrors = {}
    for error in exc.errors:
        loc = tuple(error.get("loc", ()))
        name = _input_field(loc)
        if name == NON_FIELD_ERRORS and loc[:1] == ("body",) and error.get("type") == "missing":
            message = _("Send a JSON object as the request body.")
        else:
            message = _input_message(error)
        errors.setdefault(name, []).append(message)
    return errors


def _validation_detail(errors: FieldErrors) -> str:
    general = errors.get(NON_FIELD_ERRORS)
    if general and len(errors) == 1:
        return " ".join(general)
    return _("Some values are not valid; see the errors of each field.")


# Handlers --------------------------------------------------------------------------------

Handler = Callable[[HttpRequest, Any], HttpResponse]


def _on_problem(request: HttpRequest, exc: ApiProblem) -> HttpResponse:
    return problem_response(request, kind=exc.kind, detail=exc.detail, headers=exc.headers)


def _on_not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
    return problem_response(request, kind=NOT_FOUND, detail=not_found_detail())


def not_found_detail() -> str:
    # The same words whether the record is missing or hidden, so that nobody learns which.
    return _("There is nothing here, or you may not see it.")


def _on_permission_denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return problem_response(
        request, kind=FORBIDDEN, detail=_("Your role does not allow this operation.")
    )


def _on_service_validation(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
    errors = _service_errors(exc)
    return problem_response(
        request, kind=VALIDATION, detail=_validation_detail(errors), errors=errors
    )


def _on_input_validation(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    errors = _input_errors(exc)
    return problem_response(
        request, kind=VALIDATION, detail=_validation_detail(errors), errors=errors
    )


def _on_integrity(request: HttpRequest, exc: IntegrityError) -> HttpResponse:
    # The database's message may quote the values at stake; the log keeps only the fact.
    logger.warning("API conflict on %s %s", request.method, request.path)
    return problem_response(
        request,
        kind=CONFLICT,
        detail=_(
            "The change conflicts with the current state of the data; nothing was saved. "
            "Reload and try again."
        ),
    )


def _on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    # Ninja raises these itself: 400 for a body it cannot parse, 401 when no authentication
    # callback accepted the request.
    if exc.status_code == 400:
        return problem_response(
            request, kind=BAD_REQUEST, detail=_("The request body could not be read as JSON.")
        )
    if exc.status_code == 401:
        return problem_response(request, kind=NOT_AUTHENTICATED, detail=not_authenticated_detail())
    return _on_unexpected(request, exc)


def not_authenticated_detail() -> str:
    return _("Send a personal API token in the header 'Authorization: Bearer <token>'.")


def _on_unexpected(request: HttpRequest, exc: Exception) -> HttpResponse:
    logger.error("API error on %s %s", request.method, request.path, exc_info=exc)
    return problem_response(
        request,
        kind=SERVER_ERROR,
        detail=_("Something went wrong on the server; the error was logged there."),
    )


HANDLERS: tuple[tuple[type[Exception], Handler], ...] = (
    (Exception, _on_unexpected),
    (ApiProblem, _on_problem),
    (Http404, _on_not_found),
    (PermissionDenied, _on_permission_denied),
    (DjangoValidationError, _on_service_validation),
    (NinjaValidationError, _on_input_validation),
    (IntegrityError, _on_integrity),
    (HttpError, _on_http_error),
)


def install(api: NinjaAPI) -> None:
    """Answer every exception of `api` with a problem; replaces ninja's default handlers."""
    for exc_class, handler in HANDLERS:
        api.add_exception_handler(exc_class, handler)


# OpenAPI ---------------------------------------------------------------------------------

PROBLEM_SCHEMA: dict[str, Any] = {
    "title": "Problem",
    "description": "An error, as RFC 9457 problem details.",
    "type": "object",
    "properties": {
        "type": {"type": "string", "enum": [kind.uri for kind in ALL_TYPES]},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "instance": {"type": "string"},
        "errors": {
            "type": "object",
            "description": "Messages per field of a validation problem; `__all__` for the "
            "messages that concern no single field.",
            "additionalProperties": {"type": "array", "items": {"type": "string"}},
        },
    },
    "required": ["type", "title", "status", "detail", "instance"],
}

_READ_PROBLEMS = (NOT_AUTHENTICATED, FORBIDDEN, NOT_FOUND, VALIDATION, SERVER_ERROR)
_WRITE_PROBLEMS = (BAD_REQUEST, *_READ_PROBLEMS, CONFLICT)


def document(schema: dict[str, Any]) -> None:
    """Add the problem responses every operation can give to an OpenAPI document."""
    schema.setdefault("components", {}).setdefault("schemas", {})["Problem"] = PROBLEM_SCHEMA
    content = {MEDIA_TYPE: {"schema": {"$ref": "#/components/schemas/Problem"}}}
    for operations in schema.get("paths", {}).values():
        for method, operation in operations.items():
            kinds = _READ_PROBLEMS if method == "get" else _WRITE_PROBLEMS
            responses = operation.setdefault("responses", {})
            for kind in sorted({k.status: k for k in kinds}.values(), key=lambda k: k.status):
                responses.setdefault(
                    kind.status,
                    {
                        "description": HTTPStatus(kind.status).phrase,
                        "content": content,
                    },
                )
