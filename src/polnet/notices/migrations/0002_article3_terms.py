"""A first list of Article 3 terms in the four languages; reviewers keep it from here.

A term is a phrase whose words must appear in order (up to two other words between them);
a trailing * matches any ending. Accents, case and Arabic letter variants do not matter.
"""

from django.db import migrations

TERMS = {
    "en": {
        "political": [
            "insult* head of state",
            "defam* head of state",
            "offen* head of state",
            "insult* president",
            "insult* the state",
            "lese majeste",
            "opposition party",
            "member* opposition",
            "illegal demonstration",
            "unauthori* demonstration",
            "unauthori* protest",
            "illegal protest",
            "unlawful assembly",
            "political offen*",
            "political crime*",
            "sedition*",
            "seditious",
            "subversi*",
            "anti government",
            "propaganda",
            "dissident*",
            "separatis*",
            "treason",
            "espionage",
        ],
        "military": [
            "desertion",
            "deserter*",
            "absent without leave",
            "draft evasion",
            "draft dodg*",
            "evad* military service",
            "refus* military service",
            "conscientious object*",
            "mutiny",
            "insubordination",
            "court martial",
            "military court",
        ],
        "religious": [
            "blasphem*",
            "apostasy",
            "apostate*",
            "heresy",
            "heretic*",
            "proselyti*",
            "insult* religion",
            "insult* the prophet",
            "defam* religion",
            "sacrilege",
            "witchcraft",
            "sorcery",
        ],
        "racial": ["race", "racial*", "ethnic origin", "ethnicity", "ethnic group", "skin colo*"],
    },
    "fr": {
        "political": [
            "offense* chef État",
            "outrage* chef État",
            "injure* chef État",
            "offense* président",
            "lèse-majesté",
            "parti* opposition",
            "manifestation illégale",
            "manifestation* non autorisée*",
            "attroupement*",
            "sédition",
            "séditieu*",
            "délit* politique*",
            "crime* politique*",
            "subversi*",
            "propagande",
            "dissiden*",
            "séparatis*",
            "trahison",
            "espionnage",
            "atteinte* sûreté État",
        ],
        "military": [
            "désertion",
            "déserteur*",
            "insoumission",
            "refus* service militaire",
            "objecteur* conscience",
            "mutinerie",
            "insubordination",
            "tribunal militaire",
            "cour martiale",
        ],
        "religious": [
            "blasphème*",
            "blasphématoire*",
            "apostasie",
            "apostat*",
            "hérésie",
            "hérétique*",
            "prosélytisme",
            "outrage* religion",
            "outrage* prophète",
            "sacrilège",
            "sorcellerie",
        ],
        "racial": [
            "race",
            "racial*",
            "raciale*",
            "ethnie*",
            "ethnique*",
            "origine ethnique",
            "couleur de peau",
        ],
    },
    "es": {
        "political": [
            "injuria* jefe Estado",
            "ofensa* jefe Estado",
            "ultraje* jefe Estado",
            "desacato",
            "lesa majestad",
            "partido* oposición",
            "manifestación ilegal",
            "manifestación no autorizada",
            "reunión ilícita",
            "sedición",
            "sedicios*",
            "delito* político*",
            "subversi*",
            "propaganda",
            "disidente*",
            "separatis*",
            "traición",
            "espionaje",
            "rebelión",
        ],
        "military": [
            "deserción",
            "desertor*",
            "insumisión",
            "objeción conciencia",
            "objetor* conciencia",
            "negativa* servicio militar",
            "evasión servicio militar",
            "motín",
            "insubordinación",
            "tribunal militar",
            "consejo de guerra",
        ],
        "religious": [
            "blasfem*",
            "apostasía",
            "apóstata*",
            "herejía",
            "hereje*",
            "proselitismo",
            "ofensa* religi*",
            "sacrilegio",
            "brujería",
        ],
        "racial": ["raza", "racial*", "etnia*", "étnic*", "origen étnico", "color de piel"],
    },
    "ar": {
        "political": [
            "إهانة رئيس الدولة",
            "إهانة الرئيس",
            "العيب في الذات",
            "حزب معارض",
            "أحزاب المعارضة",
            "المعارضة",
            "مظاهرة غير مرخصة",
            "مظاهرة غير قانونية",
            "تظاهر*",
            "جريمة سياسية",
            "جرائم سياسية",
            "الفتنة",
            "الخيانة العظمى",
            "التجسس",
            "قلب نظام الحكم",
        ],
        "military": [
            "الفرار من الخدمة العسكرية",
            "الفرار من الجندية",
            "الهروب من الخدمة العسكرية",
            "التهرب من التجنيد",
            "التهرب من الخدمة العسكرية",
            "رفض الخدمة العسكرية",
            "العصيان العسكري",
            "التمرد العسكري",
            "محكمة عسكرية",
        ],
        "religious": [
            "التجديف",
            "ازدراء الأديان",
            "الإساءة إلى الدين",
            "الإساءة للدين",
            "سب الدين",
            "سب الذات الإلهية",
            "الردة",
            "المرتد",
            "التبشير",
            "الهرطقة",
        ],
        "racial": ["عرقي*", "عنصري*", "الأصل العرقي", "لون البشرة"],
    },
}


def add_terms(apps, schema_editor):
    Term = apps.get_model("notices", "Article3Term")
    Term.objects.bulk_create(
        [
            Term(term=term, language=language, category=category, updated_by="initial list")
            for language, categories in TERMS.items()
            for category, terms in categories.items()
            for term in terms
        ],
        ignore_conflicts=True,
    )


def remove_terms(apps, schema_editor):
    Term = apps.get_model("notices", "Article3Term")
    Term.objects.filter(updated_by="initial list").delete()


class Migration(migrations.Migration):
    dependencies = [("notices", "0001_initial")]

    operations = [migrations.RunPython(add_terms, remove_terms)]
