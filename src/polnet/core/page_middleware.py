"""The middleware of the web pages, which a machine client's API call passes by.

Each is the library's own middleware (see `middleware.pages_only`); security headers,
HTTPS rules and the CSRF check stay in front of every request (settings.MIDDLEWARE).
"""

from __future__ import annotations

from django.contrib.auth.middleware import AuthenticationMiddleware
from django.middleware.clickjacking import XFrameOptionsMiddleware
from django.middleware.common import CommonMiddleware
from django.middleware.locale import LocaleMiddleware
from django_htmx.middleware import HtmxMiddleware
from django_otp.middleware import OTPMiddleware

from polnet.core import middleware

__all__ = ["OTP", "Authentication", "Common", "Htmx", "Locale", "Session", "XFrameOptions"]

Session = middleware.pages_only(middleware.SessionMiddleware)
Locale = middleware.pages_only(LocaleMiddleware)
Common = middleware.pages_only(CommonMiddleware)
Authentication = middleware.pages_only(AuthenticationMiddleware)
OTP = middleware.pages_only(OTPMiddleware)
XFrameOptions = middleware.pages_only(XFrameOptionsMiddleware)
Htmx = middleware.pages_only(HtmxMiddleware)
