"""Pictures of the directory: organizations per country, and an organization's relations."""

import math
from collections.abc import Sequence
from html import escape

from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from massline.core.countries import country_name
from massline.core.svg import PALETTE, horizontal_bars
from massline.directory.models import Organization, Relation

KIND_COLOURS = {kind: PALETTE[index % len(PALETTE)] for index, kind in enumerate(Relation.Kind)}


def country_bar_chart(by_country: Sequence[tuple[str, int]]) -> SafeString:
    return horizontal_bars(
        [(country_name(code), float(n)) for code, n in by_country],
        title=_("Organizations per country"),
    )


def _wrap(label: str, limit: int = 18) -> list[str]:
    words, lines, line = label.split(), [], ""
    for word in words:
        if line and len(line) + len(word) + 1 > limit:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    if line:
        lines.append(line)
    return lines[:2] or [label[:limit]]


def relation_graph(organization: Organization, relations: Sequence[Relation]) -> SafeString:
    """A radial picture: the organization in the middle, related ones around it.

    Arrows point from the organization that holds the relation ("split from", "hosts") to the
    other one; each edge is coloured by kind, with a legend. Nodes link to their pages.
    """
    neighbours: dict[int, Organization] = {}
    for relation in relations:
        other = relation.target if relation.source_id == organization.pk else relation.source
        neighbours.setdefault(other.pk, other)
    size, centre, radius = 640, 320, 230
    positions: dict[int, tuple[float, float]] = {organization.pk: (centre, centre)}
    for index, pk in enumerate(sorted(neighbours, key=lambda k: neighbours[k].name.casefold())):
        angle = 2 * math.pi * index / max(1, len(neighbours)) - math.pi / 2
        positions[pk] = (centre + radius * math.cos(angle), centre + radius * math.sin(angle))

    edges, nodes, legend = [], [], []
    for relation in relations:
        x1, y1 = positions[relation.source_id]
        x2, y2 = positions[relation.target_id]
        colour = KIND_COLOURS[Relation.Kind(relation.kind)]
        length = math.hypot(x2 - x1, y2 - y1) or 1
        # stop the line at the node's edge so the arrowhead stays visible
        ex, ey = x2 - (x2 - x1) * 50 / length, y2 - (y2 - y1) * 50 / length
        label = f"{relation.source} {relation.get_kind_display()} {relation.target}"
        edges.append(
            f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{ex:.1f}" y2="{ey:.1f}" stroke="{colour}" '
            f'stroke-width="2.5" marker-end="url(#arrow-{relation.kind})">'
            f"<title>{escape(label)}</title></line>"
        )
    for pk, (x, y) in positions.items():
        org = organization if pk == organization.pk else neighbours[pk]
        fill = "#b3261e" if pk == organization.pk else "#ffffff"
        text_fill = "#ffffff" if pk == organization.pk else "#1b1b1b"
        lines = _wrap(str(org), 11)
        texts = "".join(
            f'<text x="{x:.1f}" y="{y + 5 + (i - (len(lines) - 1) / 2) * 15:.1f}" '
            f'text-anchor="middle" font-size="12" fill="{text_fill}">{escape(line)}</text>'
            for i, line in enumerate(lines)
        )
        href = reverse("directory:organization_detail", args=[org.pk])
        nodes.append(
            f'<a href="{href}"><circle cx="{x:.1f}" cy="{y:.1f}" r="46" fill="{fill}" '
            f'stroke="#b3261e" stroke-width="2"><title>{escape(org.name)}</title></circle>'
            f"{texts}</a>"
        )
    used = list(dict.fromkeys(Relation.Kind(r.kind) for r in relations))
    markers = "".join(
        f'<marker id="arrow-{kind.value}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" '
        f'markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" '
        f'fill="{KIND_COLOURS[kind]}"/></marker>'
        for kind in Relation.Kind
    )
    top = centre + radius + 46 + 24
    for index, kind in enumerate(used):
        y = top + index * 20
        legend.append(
            f'<line x1="20" y1="{y}" x2="50" y2="{y}" stroke="{KIND_COLOURS[kind]}" '
            f'stroke-width="3"/><text x="58" y="{y + 4}" font-size="13" fill="#1b1b1b">'
            f"{escape(str(kind.label))}</text>"
        )
    height = top + len(used) * 20
    title = _("Relations of %(name)s") % {"name": organization}
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart graph" viewBox="0 0 {size} '
        f'{height}" role="img" aria-label="{escape(title)}" font-family="sans-serif">'
        f"<title>{escape(title)}</title><defs>{markers}</defs>{''.join(edges)}{''.join(nodes)}"
        f"{''.join(legend)}</svg>"
    )
    return mark_safe(svg)  # noqa: S308 - built from escaped parts
