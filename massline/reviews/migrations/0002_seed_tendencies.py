"""The built-in taxonomy of tendencies, in the four languages of the interface.

Administrators edit names and explanations afterwards; this migration only adds codes that are
missing, so it never overwrites an edit.
"""

from django.db import migrations

# code, (name, explanation) in en, ru, it, de
TENDENCIES = [
    (
        "sectarianism",
        ("Sectarianism", "Putting the group's own circle above the masses and allies; refusing to unite with those who can be united."),
        ("Сектантство", "Интересы своего кружка ставятся выше масс и союзников; отказ объединяться с теми, с кем можно объединиться."),
        ("Settarismo", "Mettere la propria cerchia al di sopra delle masse e degli alleati; rifiutare l'unità con chi può essere unito."),
        ("Sektierertum", "Den eigenen Kreis über die Massen und Verbündeten stellen; sich weigern, sich mit denen zu vereinen, die gewonnen werden können."),
    ),
    (
        "dogmatism",
        ("Dogmatism", "Applying formulas and quotations mechanically instead of studying the concrete conditions."),
        ("Догматизм", "Механическое применение формул и цитат вместо изучения конкретных условий."),
        ("Dogmatismo", "Applicare formule e citazioni in modo meccanico invece di studiare le condizioni concrete."),
        ("Dogmatismus", "Formeln und Zitate mechanisch anwenden, statt die konkreten Bedingungen zu untersuchen."),
    ),
    (
        "isolation",
        ("Isolation from the masses", "Losing contact with the people the work is for: not listening, not going to them, not learning from them."),
        ("Отрыв от масс", "Потеря связи с теми, ради кого ведётся работа: не слушать, не идти к ним, не учиться у них."),
        ("Isolamento dalle masse", "Perdere il contatto con le persone per cui si lavora: non ascoltarle, non andare da loro, non imparare da loro."),
        ("Isolierung von den Massen", "Den Kontakt zu den Menschen verlieren, für die die Arbeit da ist: nicht zuhören, nicht zu ihnen gehen, nicht von ihnen lernen."),
    ),
    (
        "defeatism",
        ("Defeatism", "Giving up in advance; seeing only the strength of the opponent and not the possibilities of the struggle."),
        ("Пораженчество", "Заранее сдаваться; видеть только силу противника и не видеть возможностей борьбы."),
        ("Disfattismo", "Arrendersi in anticipo; vedere solo la forza dell'avversario e non le possibilità della lotta."),
        ("Defätismus", "Im Voraus aufgeben; nur die Stärke des Gegners sehen und nicht die Möglichkeiten des Kampfes."),
    ),
    (
        "commandism",
        ("Commandism", "Giving orders instead of persuading; running ahead of what the masses are ready for."),
        ("Командирство", "Приказывать вместо того, чтобы убеждать; забегать вперёд того, к чему готовы массы."),
        ("Comandismo", "Dare ordini invece di convincere; correre avanti rispetto a ciò a cui le masse sono pronte."),
        ("Kommandismus", "Befehlen statt überzeugen; dem vorauseilen, wozu die Massen bereit sind."),
    ),
    (
        "tailism",
        ("Tailism", "Trailing behind spontaneous moods instead of leading; giving up the task of raising consciousness."),
        ("Хвостизм", "Плестись в хвосте стихийных настроений вместо руководства; отказ от задачи поднимать сознательность."),
        ("Codismo", "Andare a rimorchio degli umori spontanei invece di dirigere; rinunciare a elevare la coscienza."),
        ("Nachtrabpolitik", "Spontanen Stimmungen hinterherlaufen statt zu führen; die Aufgabe aufgeben, das Bewusstsein zu heben."),
    ),
    (
        "liberalism",
        ("Liberalism", "Avoiding principled struggle to keep the peace: letting errors pass, criticising behind people's backs."),
        ("Либерализм", "Уход от принципиальной борьбы ради мира: пропускать ошибки, критиковать за спиной."),
        ("Liberalismo", "Evitare la lotta di principio per quieto vivere: lasciar correre gli errori, criticare alle spalle."),
        ("Liberalismus", "Der prinzipiellen Auseinandersetzung ausweichen, um Ruhe zu haben: Fehler durchgehen lassen, hinter dem Rücken kritisieren."),
    ),
    (
        "bureaucratism",
        ("Bureaucratism", "Paperwork and procedure in place of work; deciding from above without investigation."),
        ("Бюрократизм", "Бумаги и процедуры вместо работы; решения сверху без изучения дела."),
        ("Burocratismo", "Carte e procedure al posto del lavoro; decidere dall'alto senza inchiesta."),
        ("Bürokratismus", "Papierkram und Verfahren statt Arbeit; von oben entscheiden, ohne zu untersuchen."),
    ),
    (
        "subjectivism",
        ("Subjectivism", "Taking wishes for facts; judging a situation by one's own impressions rather than investigation."),
        ("Субъективизм", "Принимать желаемое за действительное; судить о положении по своим впечатлениям, а не по изучению."),
        ("Soggettivismo", "Scambiare i desideri per fatti; giudicare una situazione dalle proprie impressioni invece che dall'inchiesta."),
        ("Subjektivismus", "Wünsche für Tatsachen halten; eine Lage nach eigenen Eindrücken statt nach Untersuchung beurteilen."),
    ),
    (
        "empiricism",
        ("Empiricism", "Trusting only narrow personal experience; neglecting theory and the general picture."),
        ("Эмпиризм", "Доверие только узкому личному опыту; пренебрежение теорией и общей картиной."),
        ("Empirismo", "Fidarsi solo della ristretta esperienza personale; trascurare la teoria e il quadro generale."),
        ("Empirismus", "Nur der engen eigenen Erfahrung trauen; Theorie und Gesamtbild vernachlässigen."),
    ),
    (
        "individualism",
        ("Individualism", "Putting personal interest, reputation or comfort above the collective and its decisions."),
        ("Индивидуализм", "Личный интерес, репутация или удобство ставятся выше коллектива и его решений."),
        ("Individualismo", "Mettere l'interesse personale, la reputazione o la comodità al di sopra del collettivo e delle sue decisioni."),
        ("Individualismus", "Persönliches Interesse, Ansehen oder Bequemlichkeit über das Kollektiv und seine Beschlüsse stellen."),
    ),
    (
        "adventurism",
        ("Adventurism", "Reckless actions beyond the forces at hand and the readiness of the masses, exposing people to needless risk."),
        ("Авантюризм", "Безрассудные действия сверх наличных сил и готовности масс, подвергающие людей ненужному риску."),
        ("Avventurismo", "Azioni avventate oltre le forze disponibili e la disponibilità delle masse, che espongono le persone a rischi inutili."),
        ("Abenteurertum", "Leichtsinnige Aktionen über die vorhandenen Kräfte und die Bereitschaft der Massen hinaus, die Menschen unnötig gefährden."),
    ),
    (
        "formalism",
        ("Formalism", "Caring for the form of the work (meetings held, leaflets printed) rather than its results."),
        ("Формализм", "Забота о форме работы (собрания проведены, листовки напечатаны), а не о её результатах."),
        ("Formalismo", "Curare la forma del lavoro (riunioni fatte, volantini stampati) invece dei risultati."),
        ("Formalismus", "Sich um die Form der Arbeit kümmern (Sitzungen abgehalten, Flugblätter gedruckt) statt um ihre Ergebnisse."),
    ),
    (
        "security_laxity",
        ("Carelessness about security", "Exposing comrades or contacts through careless talk, devices or records."),
        ("Беспечность в безопасности", "Подвергать товарищей или контакты опасности из-за неосторожных разговоров, устройств или записей."),
        ("Trascuratezza nella sicurezza", "Esporre compagni o contatti per discorsi, dispositivi o registrazioni incauti."),
        ("Nachlässigkeit bei der Sicherheit", "Genossinnen, Genossen oder Kontakte durch unvorsichtige Gespräche, Geräte oder Aufzeichnungen gefährden."),
    ),
]


def seed(apps, schema_editor):
    Tendency = apps.get_model("reviews", "Tendency")
    existing = set(Tendency.objects.values_list("code", flat=True))
    for position, (code, en, ru, it, de) in enumerate(TENDENCIES, start=1):
        if code in existing:
            continue
        Tendency.objects.create(
            code=code,
            position=position * 10,
            name_en=en[0],
            explanation_en=en[1],
            name_ru=ru[0],
            explanation_ru=ru[1],
            name_it=it[0],
            explanation_it=it[1],
            name_de=de[0],
            explanation_de=de[1],
        )


class Migration(migrations.Migration):
    dependencies = [("reviews", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
