"""Why a candidate matches, in the officer's words.

The engine explains each candidate with clauses: a stable code and named values
(`engine.boundary.Clause`), beside an English sentence for the API and logs. Here each code
has its template; values that are themselves words (how a name or a date matched) are codes
too, worded from the tables below. Numbers, dates, names and identifiers are shown as read.
"""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

# The template of each clause, by the code the engine gives it.
REASONS: dict[str, Promise | str] = {
    # persons
    "name_match": _("%(query)s ~ %(record)s (%(labels)s, %(score)s)"),
    "date_compared": _("%(query)s vs %(record)s: %(match)s"),
    "date_unknown": "%(match)s",
    "sex_same": _("%(query_sex)s vs %(record_sex)s: same"),
    "sex_differs": _("%(query_sex)s vs %(record_sex)s: differs"),
    "nationality_shared": _("nationality shared: %(countries)s"),
    "nationality_none_shared": _("%(query_countries)s vs %(record_countries)s: no nationality shared"),
    "identifier_shared": _("identifier %(identifiers)s matches"),
    "common_name": _(
        "common name: %(others)s other records match the name as well; "
        "the date of birth would fit about %(expected)s of them by chance"
    ),
    # a name part in an older or passport romanization of Chinese or Korean
    "wade_giles_of_pinyin": _("%(query)s: Wade-Giles spelling of pinyin %(reading)s"),
    "korean_romanization": _(
        "%(query)s: McCune-Reischauer or passport spelling of Revised Romanization %(reading)s"
    ),
    # identifiers read one character off
    "ocr_confusion": _("'%(read)s' at position %(position)s read for '%(record)s' (OCR confusion)"),
    "ocr_confusion_after_zeros": _(
        "'%(read)s' at position %(position)s read for '%(record)s' (OCR confusion, after leading zeros)"
    ),
    # travel documents
    "document_exact": _("exact: number %(number)s issued by %(country)s"),
    "document_near": _("near: number %(number)s issued by %(country)s"),
    "document_any_country": _("issuing country not given"),
    "document_status": _("%(kind)s, reported status: %(status)s"),
    # vehicles
    "vin_exact": _("exact: VIN %(vin)s"),
    "vin_near": _("near: VIN %(vin)s"),
    "vin_letter": _("'%(read)s' at position %(position)s is not used in VINs, read as '%(record)s'"),
    "plate_exact": _("exact: plate %(plate)s (%(country)s)"),
    "plate_near": _("near: plate %(plate)s (%(country)s)"),
    "plate_no_country": _("the record gives no plate country"),
    # firearms
    "serial_exact": _("exact: serial %(serial)s"),
    "serial_near": _("near: serial %(serial)s"),
    "leading_zeros": _("leading zeros differ"),
    "make_same": _("make %(make)s"),
    "make_differs": _("make differs (%(make)s)"),
    "make_missing": _("the record gives no make"),
    # works of art
    "artwork_title": _("title %(title)s (%(similarity)s%% alike)"),
    "artwork_artist": _("artist %(artist)s (%(similarity)s%% alike)"),
    "artwork_description": _("description %(similarity)s%% alike"),
    "artwork_dimensions_same": _("dimensions %(dimensions)s agree"),
    "artwork_dimensions_differ": _("dimensions differ (%(dimensions)s)"),
    # An officer reads how close the pictures are, not how the comparison works.
    "artwork_image": _(
        "photo: the pictures look alike (%(distance)s of 64 points differ; 0 is the same picture)"
    ),
}

# How a name matched (the engine's `name_labels`), by code.
NAME_LABELS: dict[str, Promise] = {
    "exact": _("exact"),
    "transliteration": _("transliteration"),
    "spelling_variant": _("spelling variant"),
    "phonetic": _("phonetic"),
    "typo": _("typo"),
    "initial": _("initial"),
    "romanization": _("other romanization"),
    "joined_split_parts": _("joined/split parts"),
    "differing_parts": _("differing parts"),
    "given_name_differs": _("given name differs"),
    "order_swapped": _("order swapped"),
    "record_more_parts": _("record has more parts"),
    "query_more_parts": _("query has more parts"),
    # digits in a name read as the letters OCR takes them for
    "ocr_0": _("read 0 as O (OCR)"),
    "ocr_1": _("read 1 as I or l (OCR)"),
    "ocr_2": _("read 2 as Z (OCR)"),
    "ocr_5": _("read 5 as S (OCR)"),
    "ocr_8": _("read 8 as B (OCR)"),
}

# How two dates of birth compare (the engine's `DateMatch`), by its value.
DATE_MATCHES: dict[str, Promise] = {
    "missing": _("no date of birth to compare"),
    "exact": _("same day"),
    "year_month": _("year and month agree"),
    "year": _("year agrees"),
    "day_month_swapped": _("day and month swapped"),
    "digit_slip": _("one digit of day or month differs or two are transposed"),
    "year_slip_same_day": _("day and month agree, year one digit or one year off"),
    "year_slip_same_month": _("month agrees, year one digit or one year off"),
    "year_digit_slip": _("one digit of the year differs or two are transposed"),
    "year_off_by_one": _("year off by one"),
    "conflict": _("same year, month or day differ"),
    "contradiction": _("different dates"),
}

COUNTRY_UNKNOWN = _("country unknown")
