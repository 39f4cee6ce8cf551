from django.shortcuts import render, resolve_url


def render_form(request, form, *, title: str, cancel_url: str, intro: str = ""):
    """The one form page: title, optional intro, the form, save and cancel."""
    context = {"form": form, "title": title, "cancel_url": resolve_url(cancel_url), "intro": intro}
    return render(request, "core/form.html", context)
