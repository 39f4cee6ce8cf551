from django.contrib.auth.decorators import login_required
from django.http import HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.views.decorators.http import require_GET

from core import clock
from core.forms import RulesDateForm
from core.rules import all_rule_sets, in_force


def error_page(request, code: int):
    return render(request, "core/error.html", {"code": code}, status=code)


def bad_request(request, exception=None):
    return error_page(request, 400)


def forbidden(request, exception=None):
    return error_page(request, 403)


def not_found(request, exception=None):
    return error_page(request, 404)


def server_error(request):
    # No context processors: they may need the database that just failed.
    return HttpResponseServerError(loader.get_template("core/500.html").render({}))


def csrf_failure(request, reason=""):
    return render(request, "core/error.html", {"code": 403, "csrf": True}, status=403)


@login_required
@require_GET
def rules(request):
    """Every rule in force on a date, with its document, article and whether the text was read:
    where the software enforces a number, the people it refuses can see where it comes from."""
    form = RulesDateForm(request.GET or None)
    day = (form.cleaned_data["on"] if form.is_valid() else None) or clock.today()
    sets = sorted(in_force(all_rule_sets(), day), key=lambda s: (s.family != "constitution", s.effective))
    return render(request, "core/rules.html", {"form": form, "day": day, "sets": sets})
