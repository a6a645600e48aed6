"""The mass-work dashboard and the charts it draws on the server."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from massline.core.svg import grouped_bars, ladder_chart
from massline.people.models import FollowUp
from massline.people.tests.mass_work_world import build_mass_work


def test_grouped_bars_draw_a_bar_per_series_and_category_and_escape_labels():
    svg = grouped_bars(
        ["2024-01", "2024-02"],
        [("<b>Workers</b>", [3, 0]), ("Youth & students", [1, 2])],
        title="Reached <per> month",
    )
    assert svg.count("<rect") == 3 + 2  # three bars with a value, two legend keys
    assert "&lt;b&gt;Workers&lt;/b&gt;" in svg
    assert "Youth &amp; students" in svg
    assert 'aria-label="Reached &lt;per&gt; month"' in svg
    assert "<b>" not in svg


def test_charts_without_data_draw_nothing():
    assert grouped_bars(["2024-01"], [("Workers", [0])], title="t") == ""
    assert grouped_bars([], [], title="t") == ""
    assert ladder_chart([], ["1", "2"], title="t") == ""


def test_the_ladder_puts_level_one_at_the_top():
    svg = ladder_chart(
        [("2024-01-01", 4), ("2024-03-01", 1)],
        ["1 · Leader", "2", "3", "4", "5 · Opposed"],
        title="Ladder",
    )
    assert "1 · Leader" in svg
    assert svg.index("2024-01-01: 4") < svg.index("2024-03-01: 1 · Leader")


def test_the_dashboard_shows_the_four_pictures_and_the_follow_up_figures(personas):
    mass = build_mass_work(personas)
    FollowUp.objects.filter(pk=mass.follow_up_a.pk).update(
        due_on=timezone.localdate() - timedelta(days=1)
    )
    page = personas.client("organizer_a").get(reverse("people:dashboard")).content.decode()
    for title in (
        "Contacts reached per constituency per month",
        "Assessment funnel",
        "Contacts by membership status",
        "Struggles supported, by status",
    ):
        assert f'aria-label="{title}"' in page, title
    assert 'class="card alert"' in page
    assert '<div class="stat">1</div><div class="stat-label">follow-ups overdue' in page
    assert "<script" not in page.split("</head>", 1)[1]
