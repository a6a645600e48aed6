"""A campaign of unit A with a case, as the campaign tests need it."""

from datetime import date
from io import BytesIO

from PIL import Image

from massline.campaigns import services
from massline.campaigns.models import Campaign, Case, Visibility
from massline.conftest import Personas

SECRET_ADDRESS = "Colony No. 99, 123456 Nowhere (fictional)"


def jpeg_with_gps(size: tuple[int, int] = (60, 40)) -> bytes:
    """A small JPEG that carries EXIF with a GPS position, like a phone's photo."""
    image = Image.new("RGB", size, (200, 30, 30))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # camera make
    gps = {1: "N", 2: (55.0, 45.0, 0.0), 3: "E", 4: (37.0, 37.0, 0.0)}
    exif[0x8825] = gps
    out = BytesIO()
    image.save(out, format="JPEG", exif=exif.tobytes())
    return out.getvalue()


def make_campaign(
    personas: Personas,
    *,
    slug: str = "free-anna",
    status: str = Campaign.Status.ACTIVE,
    with_case: bool = True,
) -> Campaign:
    campaign = services.campaign_create(
        actor=personas.organizer_a,
        unit=personas.unit_a,
        slug=slug,
        kind=Campaign.Kind.RELEASE,
        title="Free Anna",
        summary="Anna is jailed for a post.",
        goals="Release Anna\nDrop the charges",
        letter_guidance="Write simply.",
        language="en",
        status=status,
    )
    if with_case:
        case = services.case_set(
            actor=personas.organizer_a,
            campaign=campaign,
            person_name="Anna Example",
            charges="Justification of terrorism",
            case_numbers="CASE-NUMBER-77",
            case_numbers_visibility=Visibility.MEMBERS,
            sentence="Five years",
            detention_place="Penal colony (fictional)",
            detention_address=SECRET_ADDRESS,
            detention_address_visibility=Visibility.COORDINATORS,
            mail_rules="Russian only",
        )
        services.hearing_create(
            actor=personas.organizer_a,
            case=case,
            held_on=date(2023, 12, 12),
            court="Public court",
            outcome="Fined",
            visibility=Visibility.PUBLIC,
        )
        services.hearing_create(
            actor=personas.organizer_a,
            case=case,
            held_on=date(2024, 2, 13),
            court="Members-only court",
            outcome="Five years",
            visibility=Visibility.MEMBERS,
        )
        services.transfer_create(
            actor=personas.organizer_a,
            case=case,
            moved_on=date(2024, 3, 1),
            place="Coordinators-only transfer place",
            visibility=Visibility.COORDINATORS,
        )
    return campaign


def case_of(campaign: Campaign) -> Case:
    return Case.objects.get(campaign=campaign)
