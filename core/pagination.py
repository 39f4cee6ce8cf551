from django.conf import settings
from django.core.paginator import Paginator


def paginate(request, qs, per_page: int | None = None, *, by_key: bool = False):
    """A page of `qs` from ?page=N (out-of-range numbers give the last page), and the query
    string without `page` for the page links.

    With `by_key` the page is first found by primary key alone, which an index can answer
    without reading the rows it skips (page 1,000 of a million-row list), and only the page's
    own rows are then read in full."""
    source = qs.values_list("pk", flat=True) if by_key else qs
    page = Paginator(source, per_page or settings.PAGE_SIZE).get_page(request.GET.get("page"))
    if by_key:
        keys = list(page.object_list)
        rows = qs.order_by().in_bulk(keys)
        page.object_list = [rows[k] for k in keys]
    params = request.GET.copy()
    params.pop("page", None)
    return page, params.urlencode()
