from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render

from massline.accounts.http import AuthedRequest
from massline.accounts import access
from massline.accounts.selectors import user_memberships
from massline.directory.charts import country_bar_chart
from massline.directory.selectors import directory_counts


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
    }
    return render(request, "home/home.html", context)
