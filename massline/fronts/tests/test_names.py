from massline.directory.models import Organization
from massline.fronts.templatetags.fronts import name_in


def test_a_signatory_is_named_in_the_pages_language_where_its_record_allows():
    org = Organization(
        name="Marxist-Leninist Party of Germany",
        short_name="MLPD",
        name_own="Marxistisch-Leninistische Partei Deutschlands",
        own_language="de",
        aliases="Partito marxista-leninista di Germania\nМарксистско-ленинская партия Германии",
    )
    assert name_in(org, "de") == "Marxistisch-Leninistische Partei Deutschlands"
    assert name_in(org, "ru") == "Марксистско-ленинская партия Германии"
    assert name_in(org, "it") == "Marxist-Leninist Party of Germany"
    assert name_in(org, "en") == "Marxist-Leninist Party of Germany"
