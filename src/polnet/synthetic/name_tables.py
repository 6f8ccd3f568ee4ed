"""Names whose Latin form cannot be derived from the native spelling:
Arabic and Persian here, others in :mod:`polnet.synthetic.name_tables_extra`.

Arabic, Persian and Hebrew write no short vowels and Thai spelling does not
map letter by letter to its romanisation, so these names come with their
usual Latin spellings (the first is the most common; the others are the
variants met in records).  Format: ``native = Latin/Variant *weight``.
A family name ending in ``+`` takes the article (al-/el-) in Latin.
"""

# Native-script data: letters resembling Latin ones are intended.

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Curated:
    native: str
    latin: tuple[str, ...]
    weight: float
    article: bool


def parse_table(block: str) -> tuple[Curated, ...]:
    out: list[Curated] = []
    for line in block.strip().splitlines():
        native, _, rest = line.partition(" = ")
        spelling, _, weight = rest.partition(" *")
        article = spelling.endswith("+")
        variants = tuple(v.strip() for v in spelling.rstrip("+").split("/"))
        out.append(Curated(native.strip(), variants, float(weight or 1), article))
    return tuple(out)


ARABIC_MALE = parse_table("""
محمد = Mohammed/Muhammad/Mohamed/Mohammad/Mohamad/Muhammed *14
أحمد = Ahmed/Ahmad *5
علي = Ali *4
عمر = Omar/Umar *3
خالد = Khaled/Khalid *2
يوسف = Youssef/Yousef/Yusuf *2
حسن = Hassan/Hasan *2
حسين = Hussein/Hussain/Husein *2
إبراهيم = Ibrahim/Ebrahim *2
عبد الله = Abdullah/Abdallah/Abdulla/Abd Allah *3
عبد الرحمن = Abdulrahman/Abdelrahman/Abdul Rahman/Abderrahmane
عبد العزيز = Abdulaziz/Abdelaziz/Abdul Aziz
مصطفى = Mustafa/Mostafa/Moustafa *2
محمود = Mahmoud/Mahmud *2
سعيد = Saeed/Said/Saied
طارق = Tariq/Tarek/Tarik
ياسر = Yasser/Yasir
سامي = Sami/Samy
فيصل = Faisal/Faysal
ناصر = Nasser/Nasir
كريم = Karim/Kareem
عادل = Adel/Adil
سليمان = Suleiman/Sulaiman/Soliman
حمزة = Hamza/Hamzah
زياد = Ziad/Ziyad
وليد = Walid/Waleed
جمال = Jamal/Gamal
صالح = Saleh/Salih
منصور = Mansour/Mansur
رشيد = Rashid/Rachid
بلال = Bilal
أنس = Anas
عماد = Imad/Emad
هشام = Hisham/Hicham
ماجد = Majed/Majid
نبيل = Nabil/Nabeel
فارس = Fares/Faris
سلطان = Sultan
عثمان = Othman/Osman/Uthman
إسماعيل = Ismail/Ismael
يحيى = Yahya/Yehia
موسى = Musa/Moussa
عيسى = Issa/Isa
أيمن = Ayman
باسم = Bassem/Basim
مروان = Marwan
أسامة = Osama/Usama/Oussama
نور الدين = Noureddine/Nur al-Din/Nour Eddine
سالم = Salem/Salim
جاسم = Jassim/Jasem
""")

ARABIC_FEMALE = parse_table("""
فاطمة = Fatima/Fatma/Fatimah *5
عائشة = Aisha/Aicha/Aysha *2
مريم = Maryam/Mariam/Meriem *3
خديجة = Khadija/Khadijah/Khadidja *2
زينب = Zainab/Zeinab/Zaynab *2
نور = Nour/Noor/Nur *2
ليلى = Layla/Leila/Laila
سارة = Sara/Sarah *2
هدى = Huda/Hoda
أمينة = Amina/Aminah
ياسمين = Yasmin/Yasmine/Jasmin
رانيا = Rania
سلمى = Salma
هبة = Heba/Hiba
دينا = Dina
منى = Mona/Muna
رنا = Rana
سعاد = Souad/Suad
نادية = Nadia
حنان = Hanan
أسماء = Asma/Asmaa
إيمان = Iman/Eman
لينا = Lina
ريم = Reem/Rim
سمية = Sumaya/Soumaya/Somaya
""")

ARABIC_FAMILY = parse_table("""
المصري = Masri/Masry+ *2
الحربي = Harbi+ *2
العتيبي = Otaibi/Utaybi/Oteibi+
القحطاني = Qahtani/Kahtani+
الشمري = Shammari/Shamari+
الدوسري = Dosari/Dossary+
الزهراني = Zahrani+
الغامدي = Ghamdi+
الخطيب = Khatib+
الحسيني = Husseini/Hosseini+
السيد = Sayed/Sayyid+ *2
الشريف = Sharif/Cherif+
الحلبي = Halabi+
البغدادي = Baghdadi+
التميمي = Tamimi+
العلي = Ali+
الجبوري = Jubouri/Juburi+
الكعبي = Kaabi+
المنصوري = Mansouri+
النعيمي = Nuaimi/Naimi+
الهاشمي = Hashimi/Hachemi+
الراشد = Rashed/Rashid+
الصالح = Saleh/Salih+
العلوي = Alaoui/Alawi+
الإدريسي = Idrissi/Idrisi+
الفاسي = Fassi/Fasi+
خوري = Khoury/Khouri/Khury
حداد = Haddad *2
منصور = Mansour/Mansur
إبراهيم = Ibrahim *2
حسن = Hassan/Hasan *2
عبد الله = Abdallah/Abdullah
سليمان = Suleiman/Soliman
يوسف = Youssef/Yousef
قاسم = Kassem/Qasim
نصر = Nasr
درويش = Darwish/Darwiche
عثمان = Osman/Othman
بن علي = Ben Ali/Benali
بن سالم = Ben Salem/Bensalem
بوعزيزي = Bouazizi
أبو زيد = Abu Zeid/Abouzeid
شحادة = Shehadeh/Chehade
عمر = Omar/Amer
""")

PERSIAN_MALE = parse_table("""
محمد = Mohammad/Mohammed/Muhammad *6
علی = Ali *4
حسین = Hossein/Hussein *3
رضا = Reza *2
مهدی = Mehdi/Mahdi *2
حسن = Hassan/Hasan
امیر = Amir
مجید = Majid
سعید = Saeed/Said
احمد = Ahmad/Ahmed
محمود = Mahmoud/Mahmood
جواد = Javad
حمید = Hamid
مسعود = Masoud/Massoud
ابراهیم = Ebrahim/Ibrahim
یوسف = Yousef/Yusuf
داریوش = Dariush/Daryoush
کوروش = Kourosh/Kurosh
بهرام = Bahram
فرهاد = Farhad
بابک = Babak
پرویز = Parviz
نادر = Nader
کامران = Kamran
امیرحسین = Amirhossein/Amir Hossein
محمدرضا = Mohammadreza/Mohammad Reza
علیرضا = Alireza/Ali Reza
ابوالفضل = Abolfazl
مصطفی = Mostafa/Mustafa
مرتضی = Morteza/Murtaza
سیاوش = Siavash/Siavosh
آرش = Arash
میلاد = Milad
""")

PERSIAN_FEMALE = parse_table("""
فاطمه = Fatemeh/Fatima *4
زهرا = Zahra *3
مریم = Maryam *3
زینب = Zeinab/Zaynab
سارا = Sara
نرگس = Narges
لیلا = Leila/Layla
شیرین = Shirin
مینا = Mina
نازنین = Nazanin
پریسا = Parisa
الهام = Elham
مهسا = Mahsa
نگار = Negar
ستاره = Setareh
فرشته = Fereshteh
سمیرا = Samira
آزاده = Azadeh
معصومه = Masoumeh/Masumeh
شهلا = Shahla
پروانه = Parvaneh
یاسمن = Yasaman/Yasmin
""")

PERSIAN_FAMILY = parse_table("""
محمدی = Mohammadi/Mohamadi *3
حسینی = Hosseini/Husseini *3
احمدی = Ahmadi *2
رضایی = Rezaei/Rezaie *2
کریمی = Karimi *2
موسوی = Mousavi/Musavi *2
جعفری = Jafari/Jaafari
رحیمی = Rahimi
صادقی = Sadeghi/Sadeqi
حیدری = Heidari/Haidari
کاظمی = Kazemi
قاسمی = Ghasemi/Qasemi
نوری = Nouri/Nuri
اکبری = Akbari
عباسی = Abbasi
طاهری = Taheri
مرادی = Moradi
سلیمانی = Soleimani/Solaimani
زارعی = Zarei
امینی = Amini
نجفی = Najafi
یزدانی = Yazdani
شریفی = Sharifi
تهرانی = Tehrani
اصفهانی = Esfahani/Isfahani
شیرازی = Shirazi
رضازاده = Rezazadeh
علیزاده = Alizadeh
قربانی = Ghorbani/Qorbani
بهرامی = Bahrami
ملکی = Maleki
کرمانی = Kermani
""")
