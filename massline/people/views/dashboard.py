"""The mass-work dashboard: pictures drawn on the server, so they need no JavaScript."""

from datetime import date
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from massline.accounts.http import AuthedRequest
from massline.core.svg import PALETTE, grouped_bars, horizontal_bars
from massline.people import selectors
from massline.people.models import Assessment, Contact, Struggle

MONTHS = 12
# Charts in a third of the page: narrower drawings keep their labels readable.
SMALL: dict[str, Any] = {"width": 380, "label_width": 150, "bar_height": 20}


def _last_months(today: date, count: int) -> list[tuple[int, int]]:
    months = []
    year, month = today.year, today.month
    for _index in range(count):
        months.append((year, month))
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    return list(reversed(months))


def reached_chart(rows: list[dict[str, Any]], labels: dict[str | None, str]) -> str:
    """Contacts reached per constituency per month, as grouped bars."""
    months = _last_months(timezone.localdate(), MONTHS)
    index = {month: position for position, month in enumerate(months)}
    series: dict[str | None, list[float]] = {}
    for row in rows:
        moment = row["month"]
        position = index.get((moment.year, moment.month))
        if position is None:
            continue
        key = row["contact__constituencies__key"]
        series.setdefault(key, [0.0] * len(months))[position] += row["n"]
    ordered = [key for key in labels if key in series]
    ordered += [key for key in series if key not in labels]
    return grouped_bars(
        [f"{year}-{month:02d}" for year, month in months],
        [(labels.get(key) or _("No constituency"), series[key]) for key in ordered],
        title=_("Contacts reached per constituency per month"),
    )


@login_required
@require_GET
def dashboard(request: AuthedRequest) -> HttpResponse:
    figures = selectors.dashboard(user=request.user, months=MONTHS)
    labels: dict[str | None, str] = {c.key: c.label for c in selectors.constituency_list()}
    funnel = figures["funnel"]
    funnel_items = [(str(label), funnel.get(level, 0)) for level, label in Assessment.Level.choices]
    funnel_items.append((_("Not assessed"), funnel.get(None, 0)))
    struggles = figures["struggles"]
    statuses = figures["by_status"]
    return render(
        request,
        "people/dashboard.html",
        {
            "figures": figures,
            "reached_chart": reached_chart(figures["reached"], labels),
            "funnel_chart": horizontal_bars(funnel_items, title=_("Assessment funnel"), **SMALL)
            if figures["total"]
            else "",
            "status_chart": horizontal_bars(
                [(str(label), statuses.get(value, 0)) for value, label in Contact.Status.choices],
                title=_("Contacts by membership status"),
                colour=PALETTE[2],
                **SMALL,
            )
            if figures["total"]
            else "",
            "struggle_chart": horizontal_bars(
                [(str(label), struggles.get(value, 0)) for value, label in Struggle.Status.choices],
                title=_("Struggles supported, by status"),
                colour=PALETTE[0],
                **SMALL,
            )
            if struggles
            else "",
        },
    )


urlpatterns: list[URLPattern] = [
    path("dashboard/", dashboard, name="dashboard"),
]
