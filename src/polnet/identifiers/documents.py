"""Travel-document numbers and issuing countries: normalisation and the ICAO 9303 check digit.

Leading zeros are significant (they are printed in document numbers). Issuing countries
are 3-letter codes as in machine-readable zones: ISO 3166-1 alpha-3, ICAO codes outside
ISO 3166 (UTO, XXA, UNO, GBD …) and Germany's ``D``.
"""

from __future__ import annotations

import re

from polnet.identifiers.errors import IdentifierProblem, InputRefused
from polnet.identifiers.mrz import check_digit
from polnet.identifiers.normalise import normalise_identifier

_NUMBER_FIELD = 9  # width of the document number field in every MRZ format
_NOT_LATIN_ALNUM = re.compile(r"[^0-9A-Z]")


def normalise_document_number(number: str) -> str:
    """Uppercase, without separators or fillers; raises ``ValueError`` when nothing is left."""
    num = normalise_identifier(number)
    if not num:
        raise InputRefused(IdentifierProblem.DOCUMENT_NUMBER_EMPTY, f"empty document number: {number!r}")
    return num


def latin_number(raw: str) -> str:
    """A number as records store it: look-alike capitals read as Latin, then 0-9 and A-Z only."""
    return _NOT_LATIN_ALNUM.sub("", normalise_identifier(raw))


def document_number_check_digit(number: str) -> str:
    """The ICAO 9303 check digit of a document number.

    The number fills its 9-character field with '<'; a longer number (TD1, TD2) is
    checked over all of its characters, as the MRZ's long-number continuation is.
    """
    return check_digit(normalise_document_number(number).ljust(_NUMBER_FIELD, "<"))


# ISO 3166-1 alpha-2 to alpha-3, plus XK (Kosovo, RKS in MRZs) and EU (EUE).
_ISO_PAIRS = """
ADAND AEARE AFAFG AGATG AIAIA ALALB AMARM AOAGO AQATA ARARG ASASM ATAUT AUAUS AWABW AXALA
AZAZE BABIH BBBRB BDBGD BEBEL BFBFA BGBGR BHBHR BIBDI BJBEN BLBLM BMBMU BNBRN BOBOL BQBES
BRBRA BSBHS BTBTN BVBVT BWBWA BYBLR BZBLZ CACAN CCCCK CDCOD CFCAF CGCOG CHCHE CICIV CKCOK
CLCHL CMCMR CNCHN COCOL CRCRI CUCUB CVCPV CWCUW CXCXR CYCYP CZCZE DEDEU DJDJI DKDNK DMDMA
DODOM DZDZA ECECU EEEST EGEGY EHESH ERERI ESESP ETETH FIFIN FJFJI FKFLK FMFSM FOFRO FRFRA
GAGAB GBGBR GDGRD GEGEO GFGUF GGGGY GHGHA GIGIB GLGRL GMGMB GNGIN GPGLP GQGNQ GRGRC GSSGS
GTGTM GUGUM GWGNB GYGUY HKHKG HMHMD HNHND HRHRV HTHTI HUHUN IDIDN IEIRL ILISR IMIMN ININD
IOIOT IQIRQ IRIRN ISISL ITITA JEJEY JMJAM JOJOR JPJPN KEKEN KGKGZ KHKHM KIKIR KMCOM KNKNA
KPPRK KRKOR KWKWT KYCYM KZKAZ LALAO LBLBN LCLCA LILIE LKLKA LRLBR LSLSO LTLTU LULUX LVLVA
LYLBY MAMAR MCMCO MDMDA MEMNE MFMAF MGMDG MHMHL MKMKD MLMLI MMMMR MNMNG MOMAC MPMNP MQMTQ
MRMRT MSMSR MTMLT MUMUS MVMDV MWMWI MXMEX MYMYS MZMOZ NANAM NCNCL NENER NFNFK NGNGA NINIC
NLNLD NONOR NPNPL NRNRU NUNIU NZNZL OMOMN PAPAN PEPER PFPYF PGPNG PHPHL PKPAK PLPOL PMSPM
PNPCN PRPRI PSPSE PTPRT PWPLW PYPRY QAQAT REREU ROROU RSSRB RURUS RWRWA SASAU SBSLB SCSYC
SDSDN SESWE SGSGP SHSHN SISVN SJSJM SKSVK SLSLE SMSMR SNSEN SOSOM SRSUR SSSSD STSTP SVSLV
SXSXM SYSYR SZSWZ TCTCA TDTCD TFATF TGTGO THTHA TJTJK TKTKL TLTLS TMTKM TNTUN TOTON TRTUR
TTTTO TVTUV TWTWN TZTZA UAUKR UGUGA UMUMI USUSA UYURY UZUZB VAVAT VCVCT VEVEN VGVGB VIVIR
VNVNM VUVUT WFWLF WSWSM YEYEM YTMYT ZAZAF ZMZMB ZWZWE XKRKS EUEUE"""
_ISO2_TO_3 = {p[:2]: p[2:] for p in _ISO_PAIRS.split()}
_COUNTRY_CACHE: dict[str, str] = {}


def normalise_country(code: str) -> str:
    """Normalise an issuing or registering country to a 3-letter code, as in MRZs.

    Accepts ISO alpha-2 (mapped), any alpha-3 including ICAO codes outside ISO 3166
    (UTO, XXA, UNO, GBD ...) as is, and Germany's MRZ code ``D`` (with or without
    fillers) as ``DEU``. Raises ``ValueError`` otherwise.
    """
    hit = _COUNTRY_CACHE.get(code)
    if hit is not None:
        return hit
    c = code.strip().upper().rstrip("<")
    if c == "D":
        out = "DEU"
    elif len(c) == 2 and c in _ISO2_TO_3:
        out = _ISO2_TO_3[c]
    elif len(c) == 3 and c.isascii() and c.isalpha():
        out = c
    else:
        raise InputRefused(IdentifierProblem.COUNTRY_CODE, f"not a country code: {code!r}")
    if len(_COUNTRY_CACHE) < 4096:
        _COUNTRY_CACHE[code] = out
    return out
