from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from massline.accounts import access
from massline.accounts.http import AuthedRequest
from massline.accounts.models import User
from massline.accounts.selectors import user_memberships
from massline.directory.charts import country_bar_chart
from massline.directory.selectors import directory_counts
from massline.people import selectors as people


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
    }
    return render(request, "home/home.html", context)
