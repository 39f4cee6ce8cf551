from django.conf import settings
from django.core.paginator import Paginator


def paginate(request, qs, per_page: int | None = None):
    """A page of `qs` from ?page=N (out-of-range numbers give the last page), and the query
    string without `page` for the page links."""
    page = Paginator(qs, per_page or settings.PAGE_SIZE).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    return page, params.urlencode()
