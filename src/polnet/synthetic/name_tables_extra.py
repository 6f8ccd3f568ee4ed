"""Hebrew, Thai and Pakistani names with their Latin spellings (format as
in :mod:`polnet.synthetic.name_tables`)."""

# Native-script data: letters resembling Latin ones are intended.
# ruff: noqa: RUF001

from __future__ import annotations

from polnet.synthetic.name_tables import parse_table as _parse

HEBREW_MALE = _parse("""
דוד = David *3
משה = Moshe *2
יוסף = Yosef/Joseph *2
אברהם = Avraham/Abraham
יעקב = Yaakov/Yakov/Jacob
דניאל = Daniel *2
אריאל = Ariel
יצחק = Yitzhak/Itzhak/Isaac
שמואל = Shmuel/Samuel
אליהו = Eliyahu/Eliahu
מיכאל = Michael/Mikhael
חיים = Haim/Chaim/Hayim
אורי = Uri
נועם = Noam
איתי = Itay/Itai
עומר = Omer
יונתן = Yonatan/Jonathan
אמיר = Amir
רון = Ron
גיא = Guy/Gai
אלון = Alon
עידו = Ido
יהודה = Yehuda/Yehudah
בנימין = Binyamin/Benjamin
אהרון = Aharon/Aaron
מאיר = Meir
שלמה = Shlomo
רפאל = Refael/Raphael
אבי = Avi
""")

HEBREW_FEMALE = _parse("""
שרה = Sarah/Sara *2
רחל = Rachel/Rahel
לאה = Leah/Lea
רבקה = Rivka/Rebecca
מרים = Miriam
נועה = Noa/Noah *2
תמר = Tamar *2
מיכל = Michal/Mikhal
שירה = Shira
יעל = Yael/Jael
אסתר = Esther/Ester
חנה = Hana/Hannah/Chana
רות = Ruth/Rut
אורית = Orit
ליאת = Liat
דנה = Dana
מאיה = Maya/Maia
הילה = Hila
עדי = Adi
שני = Shani
טליה = Talia/Talya
נעמה = Naama/Na'ama
רונית = Ronit
""")

HEBREW_FAMILY = _parse("""
כהן = Cohen/Kohen/Cohn *4
לוי = Levi/Levy *3
מזרחי = Mizrahi/Mizrachi *2
פרץ = Peretz/Perez
ביטון = Biton/Bitton
דהן = Dahan
אברהם = Avraham/Abraham
פרידמן = Friedman/Fridman
אזולאי = Azoulay/Azulay
מלכה = Malka
חדד = Hadad/Haddad
גבאי = Gabay/Gabbai
כץ = Katz/Kats
אוחיון = Ohayon/Ohaion
שפירא = Shapira/Shapiro
אשכנזי = Ashkenazi
רוזנברג = Rosenberg
גולדברג = Goldberg
סגל = Segal/Segel
בן דוד = Ben David/Bendavid
בן חיים = Ben Haim/Ben Chaim
אמסלם = Amsalem/Amsellem
שלום = Shalom
גרינברג = Greenberg/Grinberg
קליין = Klein/Kline
וייס = Weiss/Vaiss
שטרן = Stern/Shtern
""")

THAI_MALE = _parse("""
สมชาย = Somchai *3
สมศักดิ์ = Somsak *2
สมพงษ์ = Somphong/Sompong
ชัยวัฒน์ = Chaiwat
ณัฐพล = Nattaphon/Nattapon
ธนากร = Thanakon/Tanakorn
สุรชัย = Surachai
อนุชา = Anucha
ประเสริฐ = Prasoet/Prasert
กิตติ = Kitti
ธีรวัฒน์ = Thirawat/Teerawat
วิชัย = Wichai/Vichai
สมบัติ = Sombat
บุญมี = Bunmi/Boonmee
ศักดิ์ชัย = Sakchai
ชาตรี = Chatri/Chatree
อำนาจ = Amnat/Amnart
สมเกียรติ = Somkiat
นพดล = Noppadon/Nopphadon
เอกชัย = Ekkachai/Ekachai
อนันต์ = Anan/Anant
ธนพล = Thanaphon/Tanapol
""")

THAI_FEMALE = _parse("""
สมหญิง = Somying *2
มาลี = Mali/Malee
สุดา = Suda
วันดี = Wandi/Wandee
กาญจนา = Kanchana/Kanjana
สุภาพร = Suphaphon/Supaporn
อรุณี = Aruni/Arunee
ปราณี = Prani/Pranee
พรทิพย์ = Phonthip/Pornthip
ศิริพร = Siriphon/Siriporn
รัตนา = Rattana/Ratana
วิไล = Wilai/Vilai
ยุพิน = Yuphin/Yupin
บุษบา = Butsaba/Busaba
ดวงใจ = Duangchai/Duangjai
อัญชลี = Anchali/Anchalee
ธิดา = Thida/Tida
สุนิสา = Sunisa
ชนิดา = Chanida
""")

THAI_FAMILY = _parse("""
สุขสวัสดิ์ = Suksawat/Suksawad
ศรีสุข = Sisuk/Srisuk
แสงทอง = Saengthong/Sangthong
วงศ์สวัสดิ์ = Wongsawat
ทองดี = Thongdi/Thongdee
บุญมา = Bunma/Boonma
จันทร์แก้ว = Chankaeo/Jankaew
ศรีวงศ์ = Siwong/Sriwong
สมบูรณ์ = Sombun/Somboon
ชัยประเสริฐ = Chaiprasoet/Chaiprasert
เจริญสุข = Charoensuk
ทองคำ = Thongkham/Tongkham
แก้วมณี = Kaeomani/Kaewmanee
มีสุข = Misuk/Meesuk
บุญเรือง = Bunrueang/Boonruang
สุวรรณ = Suwan/Suwanna
วัฒนา = Watthana/Wattana
ทองมา = Thongma
พรหมมา = Phromma/Promma
สายทอง = Saithong
ใจดี = Chaidi/Jaidee
ยิ่งยง = Yingyong
ศรีทอง = Sithong/Srithong
สุขเจริญ = Sukcharoen/Sukjaroen
""")

# Pakistan: names are recorded in Latin script in travel documents.
PAKISTANI_MALE = _parse("""
- = Muhammad/Mohammad/Mohammed *10
- = Ali *3
- = Ahmed/Ahmad *3
- = Hassan/Hasan
- = Usman/Osman
- = Bilal
- = Imran
- = Asif
- = Tariq/Tarik
- = Kamran
- = Faisal
- = Zubair
- = Waqas
- = Adnan
- = Shahid
- = Nadeem/Nadim
- = Irfan
- = Hamza
- = Umar/Omar
- = Abdullah
""")

PAKISTANI_FEMALE = _parse("""
- = Ayesha/Aisha *2
- = Fatima/Fatimah *2
- = Sana
- = Hina
- = Amna
- = Mehwish
- = Saima
- = Nadia
- = Sadia
- = Rabia
- = Zainab
- = Maryam/Mariam
- = Bushra
- = Samina
""")

PAKISTANI_FAMILY = _parse("""
- = Khan *5
- = Malik *2
- = Hussain/Hussein *2
- = Qureshi/Kureshi
- = Butt
- = Chaudhry/Chaudhary
- = Raja
- = Sheikh/Shaikh
- = Awan
- = Siddiqui/Siddiqi
- = Mirza
- = Javed/Javaid
- = Iqbal
- = Shah *2
- = Abbasi
- = Ahmed
- = Rana
- = Bhatti
""")
