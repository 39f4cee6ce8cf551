"""`make demo` runs as a user meets the system: DEBUG off, so a wrong address shows the Chinese
404 page, not Django's English debug page listing every URL pattern; static files still load,
served by WhiteNoise as in production (issue 16, "no loose ends")."""

import re
from pathlib import Path

from django.conf import settings


def demo_recipe() -> str:
    makefile = (Path(settings.BASE_DIR) / "Makefile").read_text()
    return re.search(r"^demo:.*?(?=^\S)", makefile, re.S | re.M).group(0)


def test_make_demo_serves_with_debug_off():
    recipe = demo_recipe()
    assert re.search(r"DJANGO_DEBUG=false \S+ manage\.py runserver", recipe)
    assert re.search(r"DJANGO_DEBUG=false \S+ manage\.py db_worker", recipe)


def test_with_debug_off_a_wrong_address_gets_the_chinese_page_and_static_files_still_load(
    registry, client_for, plain_member, settings
):
    settings.DEBUG = False
    client = client_for(plain_member)
    page = client.get("/orgs/999999/").content.decode()
    assert "页面不存在" in page and "URLconf" not in page and "Django" not in page
    assert client.get("/static/css/app.css").status_code == 200
