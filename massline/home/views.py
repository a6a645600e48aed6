from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone, translation

from massline.accounts import access
from massline.accounts.http import AuthedRequest
from massline.accounts.models import User
from massline.accounts.selectors import user_memberships
from massline.campaigns import selectors as campaigns
from massline.campaigns.models import Campaign
from massline.directory.charts import country_bar_chart
from massline.directory.selectors import directory_counts
from massline.events import access as events_access
from massline.events import selectors as events
from massline.events import services as events_services
from massline.letters import access as letters_access
from massline.letters import selectors as letters
from massline.people import selectors as people
from massline.reviews import selectors as reviews
from massline.reviews.models import CorrectiveAction

COMING_UP = 5


def _mass_work(user: User) -> dict[str, int] | None:
    if not access.can_do_mass_work(user):
        return None
    today = timezone.localdate()
    follow_ups = list(people.my_follow_ups(user=user).values_list("due_on", flat=True))
    return {
        "contacts": people.contact_base(user=user).count(),
        "overdue": sum(1 for due in follow_ups if due < today),
        "open": len(follow_ups),
    }


def _coming_up(user: User) -> list[dict[str, object]] | None:
    """The next events the user may see, titled in the reader's language, at local time."""
    if not events_access.can_use_calendar(user):
        return None
    language = translation.get_language() or ""
    upcoming = events.event_list(user=user).prefetch_related("translations")[:COMING_UP]
    shown = []
    for event in upcoming:
        text = events.translation_in(event, language)
        shown.append(
            {
                "event": event,
                "title": text.title if text else event.title,
                "starts": events_services.utc_to_local(event.starts_at, event.time_zone),
            }
        )
    return shown


def _campaigns(user: User) -> list[Campaign]:
    return list(campaigns.campaign_list(user=user).filter(status=Campaign.Status.ACTIVE)[:5])


def _my_actions(user: User) -> dict[str, int]:
    today = timezone.localdate()
    due = list(
        reviews.action_list(user=user, mine=True, status=CorrectiveAction.Status.OPEN).values_list(
            "due_on", flat=True
        )
    )
    overdue = len([day for day in due if day < today])
    return {"open": len(due), "overdue": overdue}


@login_required
def home(request: AuthedRequest) -> HttpResponse:
    user = request.user
    counts = directory_counts(user=user)
    context = {
        "memberships": user_memberships(user=user),
        "role": access.highest_role(user),
        "directory": counts,
        "country_chart": country_bar_chart(counts.get("by_country", [])) if counts else "",
        "can_read_directory": access.can_read_directory(user),
        "can_manage": bool(access.units_with_role(user, access.Role.SECRETARY)),
        "mass_work": _mass_work(user),
        "coming_up": _coming_up(user),
        "campaigns": _campaigns(user),
        "greetings_due": (
            letters.greetings_due(user=user) if letters_access.can_see_greetings_due(user) else None
        ),
        "my_actions": _my_actions(user),
    }
    return render(request, "home/home.html", context)
