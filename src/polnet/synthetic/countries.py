"""Member countries of the synthetic network.

The order is deliberately mixed across continents so that the first N
countries of the list already form a varied network.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache


@dataclass(frozen=True, slots=True)
class Country:
    code: str  # ISO 3166-1 alpha-2
    alpha3: str
    continent: str  # AF, AS, EU, NA, OC, SA
    weight: int  # rough share of records contributed (1 small .. 5 large)
    locales: tuple[tuple[str, int], ...]  # name locale and its weight
    cities: tuple[str, ...]


# code alpha3 continent weight locales | cities
_TABLE = """
FR FRA EU 5 fr_FR | Paris, Lyon, Marseille, Toulouse, Lille, Bordeaux
US USA NA 5 en_US | New York, Los Angeles, Chicago, Houston, Phoenix, Philadelphia
CN CHN AS 5 zh_CN | Beijing, Shanghai, Guangzhou, Chengdu, Wuhan, Xi'an
NG NGA AF 3 yo_NG:3,ha_NG:3,ig_NG:2,en_NG:2 | Lagos, Kano, Ibadan, Abuja, Port Harcourt, Enugu
BR BRA SA 4 pt_BR | Sao Paulo, Rio de Janeiro, Salvador, Brasilia, Fortaleza, Belo Horizonte
RU RUS EU 4 ru_RU | Moscow, Saint Petersburg, Novosibirsk, Yekaterinburg, Kazan, Rostov-on-Don
IN IND AS 5 hi_IN:6,en_IN:2,ta_IN:2 | Mumbai, Delhi, Bengaluru, Kolkata, Chennai, Lucknow
EG EGY AF 3 ar_EG | Cairo, Alexandria, Giza, Luxor, Aswan, Port Said
AU AUS OC 3 en_GB:1,en_NZ:1 | Sydney, Melbourne, Brisbane, Perth, Adelaide, Darwin
DE DEU EU 5 de_DE | Berlin, Hamburg, Munich, Cologne, Frankfurt am Main, Leipzig
JP JPN AS 4 ja_JP | Tokyo, Osaka, Yokohama, Nagoya, Sapporo, Fukuoka
ZA ZAF AF 3 zu_ZA:2,en_GB:1 | Johannesburg, Cape Town, Durban, Pretoria, Soweto, Gqeberha
MX MEX NA 4 es_MX | Mexico City, Guadalajara, Monterrey, Puebla, Tijuana, Cancun
GB GBR EU 5 en_GB | London, Birmingham, Manchester, Glasgow, Liverpool, Leeds
SA SAU AS 3 ar_SA | Riyadh, Jeddah, Mecca, Medina, Dammam, Taif
KE KEN AF 2 en_KE:3,sw:1 | Nairobi, Mombasa, Kisumu, Nakuru, Eldoret, Garissa
AR ARG SA 3 es_AR | Buenos Aires, Cordoba, Rosario, Mendoza, La Plata, Salta
IT ITA EU 4 it_IT | Rome, Milan, Naples, Turin, Palermo, Florence
KR KOR AS 3 ko_KR | Seoul, Busan, Incheon, Daegu, Daejeon, Gwangju
MA MAR AF 2 ar_MA:3,fr_DZ:1 | Casablanca, Rabat, Fez, Marrakesh, Tangier, Agadir
CA CAN NA 3 en_US:3,fr_CA:1 | Toronto, Montreal, Vancouver, Calgary, Ottawa, Winnipeg
ES ESP EU 4 es_ES | Madrid, Barcelona, Valencia, Seville, Zaragoza, Malaga
IR IRN AS 3 fa_IR | Tehran, Mashhad, Isfahan, Karaj, Shiraz, Tabriz
GH GHA AF 2 tw_GH | Accra, Kumasi, Tamale, Takoradi, Cape Coast, Tema
CO COL SA 3 es_CO | Bogota, Medellin, Cali, Barranquilla, Cartagena, Bucaramanga
UA UKR EU 3 uk_UA | Kyiv, Kharkiv, Odesa, Dnipro, Lviv, Zaporizhzhia
TH THA AS 3 th_TH | Bangkok, Chiang Mai, Nakhon Ratchasima, Hat Yai, Udon Thani, Pattaya
DZ DZA AF 2 ar_MA:3,fr_DZ:2 | Algiers, Oran, Constantine, Annaba, Blida, Batna
NZ NZL OC 1 en_NZ | Auckland, Wellington, Christchurch, Hamilton, Tauranga, Dunedin
PL POL EU 3 pl_PL | Warsaw, Krakow, Lodz, Wroclaw, Poznan, Gdansk
ID IDN AS 4 id_ID | Jakarta, Surabaya, Bandung, Medan, Semarang, Makassar
TZ TZA AF 2 sw | Dar es Salaam, Dodoma, Mwanza, Arusha, Mbeya, Zanzibar
CL CHL SA 2 es_CL | Santiago, Valparaiso, Concepcion, Antofagasta, Temuco, La Serena
TR TUR AS 4 tr_TR | Istanbul, Ankara, Izmir, Bursa, Antalya, Gaziantep
PK PAK AS 4 ur_PK | Karachi, Lahore, Faisalabad, Rawalpindi, Peshawar, Quetta
TN TUN AF 1 ar_MA | Tunis, Sfax, Sousse, Kairouan, Bizerte, Gabes
PE PER SA 2 es_CO:1,es_MX:1 | Lima, Arequipa, Trujillo, Chiclayo, Cusco, Piura
GR GRC EU 2 el_GR | Athens, Thessaloniki, Patras, Heraklion, Larissa, Volos
VN VNM AS 3 vi_VN | Hanoi, Ho Chi Minh City, Da Nang, Hai Phong, Can Tho, Hue
UG UGA AF 2 sw:1,en_KE:1 | Kampala, Gulu, Lira, Mbarara, Jinja, Entebbe
VE VEN SA 2 es_CO:1,es_MX:1 | Caracas, Maracaibo, Valencia, Barquisimeto, Maracay, Ciudad Guayana
NL NLD EU 3 nl_NL | Amsterdam, Rotterdam, The Hague, Utrecht, Eindhoven, Groningen
IL ISR AS 2 he_IL | Jerusalem, Tel Aviv, Haifa, Rishon LeZion, Petah Tikva, Beersheba
CU CUB NA 1 es_MX | Havana, Santiago de Cuba, Camaguey, Holguin, Santa Clara, Guantanamo
BG BGR EU 2 bg_BG | Sofia, Plovdiv, Varna, Burgas, Ruse, Stara Zagora
IQ IRQ AS 2 ar_AA | Baghdad, Basra, Mosul, Erbil, Najaf, Kirkuk
SE SWE EU 2 sv_SE | Stockholm, Gothenburg, Malmo, Uppsala, Vasteras, Orebro
BD BGD AS 3 bn_BD | Dhaka, Chittagong, Khulna, Rajshahi, Sylhet, Barisal
EC ECU SA 2 es_CO | Quito, Guayaquil, Cuenca, Santo Domingo, Machala, Manta
GE GEO AS 1 ka_GE | Tbilisi, Batumi, Kutaisi, Rustavi, Zugdidi, Gori
CH CHE EU 2 de_CH:2,fr_CH:1 | Zurich, Geneva, Basel, Lausanne, Bern, Lugano
LY LBY AF 1 ar_MA | Tripoli, Benghazi, Misrata, Sabha, Zawiya, Tobruk
NP NPL AS 2 ne_NP | Kathmandu, Pokhara, Lalitpur, Biratnagar, Bharatpur, Birgunj
PT PRT EU 2 pt_PT | Lisbon, Porto, Braga, Coimbra, Funchal, Faro
AE ARE AS 2 ar_SA | Dubai, Abu Dhabi, Sharjah, Al Ain, Ajman, Ras Al Khaimah
BO BOL SA 1 es_CO | La Paz, Santa Cruz de la Sierra, Cochabamba, Sucre, Oruro, Potosi
BE BEL EU 2 nl_BE:3,fr_BE:2 | Brussels, Antwerp, Ghent, Charleroi, Liege, Bruges
SD SDN AF 2 ar_EG | Khartoum, Omdurman, Port Sudan, Kassala, Nyala, El Obeid
TW TWN AS 2 zh_TW | Taipei, Kaohsiung, Taichung, Tainan, Hsinchu, Keelung
AT AUT EU 2 de_AT | Vienna, Graz, Linz, Salzburg, Innsbruck, Klagenfurt
JO JOR AS 1 ar_AA | Amman, Zarqa, Irbid, Aqaba, Madaba, Salt
RO ROU EU 2 ro_RO | Bucharest, Cluj-Napoca, Timisoara, Iasi, Constanta, Brasov
CZ CZE EU 2 cs_CZ | Prague, Brno, Ostrava, Plzen, Liberec, Olomouc
HU HUN EU 2 hu_HU | Budapest, Debrecen, Szeged, Miskolc, Pecs, Gyor
UZ UZB AS 2 uz_UZ | Tashkent, Samarkand, Namangan, Andijan, Bukhara, Nukus
AM ARM AS 1 hy_AM | Yerevan, Gyumri, Vanadzor, Vagharshapat, Hrazdan, Abovyan
AZ AZE AS 1 az_AZ | Baku, Ganja, Sumgait, Mingachevir, Lankaran, Shirvan
LB LBN AS 1 ar_AA | Beirut, Tripoli, Sidon, Tyre, Zahle, Byblos
SY SYR AS 2 ar_AA | Damascus, Aleppo, Homs, Latakia, Hama, Deir ez-Zor
AF AFG AS 2 fa_IR | Kabul, Kandahar, Herat, Mazar-i-Sharif, Jalalabad, Kunduz
HR HRV EU 1 hr_HR | Zagreb, Split, Rijeka, Osijek, Zadar, Pula
SI SVN EU 1 sl_SI | Ljubljana, Maribor, Celje, Kranj, Koper, Novo Mesto
SK SVK EU 1 sk_SK | Bratislava, Kosice, Presov, Zilina, Nitra, Banska Bystrica
MK MKD EU 1 mk_MK | Skopje, Bitola, Kumanovo, Prilep, Tetovo, Ohrid
LT LTU EU 1 lt_LT | Vilnius, Kaunas, Klaipeda, Siauliai, Panevezys, Alytus
LV LVA EU 1 lv_LV | Riga, Daugavpils, Liepaja, Jelgava, Jurmala, Ventspils
EE EST EU 1 et_EE | Tallinn, Tartu, Narva, Parnu, Kohtla-Jarve, Viljandi
FI FIN EU 1 fi_FI | Helsinki, Espoo, Tampere, Vantaa, Oulu, Turku
NO NOR EU 1 no_NO | Oslo, Bergen, Trondheim, Stavanger, Drammen, Tromso
DK DNK EU 1 da_DK | Copenhagen, Aarhus, Odense, Aalborg, Esbjerg, Randers
IE IRL EU 1 en_IE | Dublin, Cork, Limerick, Galway, Waterford, Drogheda
CY CYP EU 1 el_GR | Nicosia, Limassol, Larnaca, Paphos, Famagusta, Kyrenia
BY BLR EU 2 ru_RU | Minsk, Gomel, Mogilev, Vitebsk, Grodno, Brest
KZ KAZ AS 2 ru_RU | Almaty, Astana, Shymkent, Karaganda, Aktobe, Taraz
QA QAT AS 1 ar_SA | Doha, Al Rayyan, Al Wakrah, Al Khor, Umm Salal, Mesaieed
KW KWT AS 1 ar_SA | Kuwait City, Hawalli, Salmiya, Jahra, Farwaniya, Fahaheel
UY URY SA 1 es_AR | Montevideo, Salto, Paysandu, Las Piedras, Rivera, Maldonado
PY PRY SA 1 es_AR | Asuncion, Ciudad del Este, San Lorenzo, Luque, Capiata, Encarnacion
GT GTM NA 1 es_MX | Guatemala City, Mixco, Villa Nueva, Quetzaltenango, Escuintla, Coban
DO DOM NA 1 es_MX | Santo Domingo, Santiago de los Caballeros, La Romana, Puerto Plata, Higuey
PA PAN NA 1 es_CO | Panama City, San Miguelito, Colon, David, La Chorrera, Santiago
CR CRI NA 1 es_MX | San Jose, Alajuela, Cartago, Heredia, Limon, Puntarenas
IS ISL EU 1 is_IS | Reykjavik, Kopavogur, Hafnarfjordur, Akureyri, Reykjanesbaer, Gardabaer
LU LUX EU 1 de_LU:1,fr_FR:1 | Luxembourg, Esch-sur-Alzette, Differdange, Dudelange, Ettelbruck
"""


def _parse(table: str) -> tuple[Country, ...]:
    rows: list[Country] = []
    for line in table.strip().splitlines():
        head, cities = line.split(" | ")
        code, alpha3, continent, weight, locales = head.split()
        parsed: list[tuple[str, int]] = []
        for item in locales.split(","):
            name, _, share = item.partition(":")
            parsed.append((name, int(share or "1")))
        rows.append(
            Country(
                code=code,
                alpha3=alpha3,
                continent=continent,
                weight=int(weight),
                locales=tuple(parsed),
                cities=tuple(c.strip() for c in cities.split(",")),
            )
        )
    return tuple(rows)


COUNTRIES: tuple[Country, ...] = _parse(_TABLE)
COUNTRY_CODES: tuple[str, ...] = tuple(c.code for c in COUNTRIES)
_BY_CODE: dict[str, Country] = {c.code: c for c in COUNTRIES}

# States issuing Schengen visa stickers (number = alpha-3 + 9 digits).
SCHENGEN: frozenset[str] = frozenset((
    "AT", "BE", "BG", "CH", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU",
    "IS", "IT", "LT", "LU", "LV", "NL", "NO", "PL", "PT", "RO", "SE", "SI", "SK",
))  # fmt: skip


def country(code: str) -> Country:
    """The country with this alpha-2 code (KeyError when unknown)."""
    return _BY_CODE[code]


@cache
def member_countries(n: int) -> tuple[str, ...]:
    """The first ``n`` countries of the fixed list."""
    if not 1 <= n <= len(COUNTRIES):
        raise ValueError(f"countries must be between 1 and {len(COUNTRIES)}, got {n}")
    return COUNTRY_CODES[:n]
