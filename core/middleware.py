import time

from django.conf import settings
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.utils import translation

from core.request import reset_current_ip, set_current_ip


class NoStoreMiddleware:
    """Pages for signed-in users hold personal data: no caching anywhere. Also carries the
    client address to audit events and ends sessions older than the absolute limit."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = set_current_ip(request.META.get("REMOTE_ADDR"))
        try:
            if request.user.is_authenticated:
                started = request.session.setdefault("started_at", int(time.time()))
                if time.time() - started > settings.SESSION_ABSOLUTE_SECONDS:
                    logout(request)
                    return redirect(settings.LOGIN_URL)
            response = self.get_response(request)
        finally:
            reset_current_ip(token)
        if request.user.is_authenticated:
            response["Cache-Control"] = "no-store"
        return response


class LanguageMiddleware:
    """Chinese unless the user chose another language (the cookie set by Django's set_language
    view). The browser's Accept-Language is ignored on purpose: the default is Chinese."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response


class RequestGuardMiddleware:
    """Refuse request bodies over MAX_REQUEST_BYTES with a 413 page, before anything reads them,
    and query strings carrying NUL bytes, in a value or a key (no text field can hold them),
    with a 400 page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        from core.views import error_page

        if length > settings.MAX_REQUEST_BYTES:
            return error_page(request, 413)
        if any("\x00" in key or any("\x00" in v for v in values) for key, values in request.GET.lists()):
            return error_page(request, 400)
        return self.get_response(request)
