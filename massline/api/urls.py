"""URLs under /api/v1/: the operations, the OpenAPI document, and problems for the rest.

Paths the API does not know, and methods a path does not take, are answered with problem
details too, so that a client never has to parse an HTML error page.
"""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern, URLResolver, path, re_path
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from massline.api import problems
from massline.api.main import api

View = Callable[..., HttpResponse]


def _problem_when_not_allowed(view: View) -> View:
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = view(request, *args, **kwargs)
        if response.status_code == 405 and not response.get("Content-Type", "").startswith(
            problems.MEDIA_TYPE
        ):
            allowed = response.get("Allow", "")
            return problems.problem_response(
                request,
                kind=problems.METHOD_NOT_ALLOWED,
                detail=_("This path takes only: %(methods)s.") % {"methods": allowed},
                headers={"Allow": allowed},
            )
        return response

    return wrapper


@csrf_exempt
def not_found(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    return problems.problem_response(
        request, kind=problems.NOT_FOUND, detail=problems.not_found_detail()
    )


def _with_problems(
    patterns: list[URLPattern | URLResolver],
) -> list[URLPattern | URLResolver]:
    wrapped: list[URLPattern | URLResolver] = []
    for pattern in patterns:
        if isinstance(pattern, URLPattern):
            pattern = URLPattern(
                pattern.pattern,
                _problem_when_not_allowed(pattern.callback),
                pattern.default_args,
                pattern.name,
            )
        wrapped.append(pattern)
    return wrapped


_patterns, _app_name, _namespace = api.urls

urlpatterns = [
    # Ninja's root view answers with Django's HTML 404 page; this one comes first.
    path("", not_found),
    path("", (_with_problems(_patterns), _app_name, _namespace)),
    # Any path at all, also one with a line break in it (which `.` would not match).
    re_path(r"^[\s\S]*$", not_found),
]
