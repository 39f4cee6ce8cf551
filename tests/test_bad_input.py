import pytest
from django.test import Client

from members.models import Member


def test_a_forged_csrf_token_gets_a_clean_chinese_403_and_changes_nothing(registry, secretary):
    from conftest import verify_second_factor

    client = Client(enforce_csrf_checks=True)
    client.force_login(secretary)
    verify_second_factor(client, secretary)
    response = client.post(
        f"/members/{registry.zhang_san.pk}/event/",
        {"kind": "deceased", "day": "2025-01-01", "csrfmiddlewaretoken": "forged"},
    )
    assert response.status_code == 403 and "表单已过期或并非来自本系统" in response.content.decode()
    assert Member.objects.get(pk=registry.zhang_san.pk).status == "active"


def test_an_oversized_body_gets_413_before_anything_reads_it(registry, client_for, clerk, settings):
    settings.MAX_REQUEST_BYTES = 1000
    response = client_for(clerk).post("/members/new/", {"name": "x" * 5000})
    assert response.status_code == 413 and "提交的内容过大" in response.content.decode()


def test_fields_not_on_the_form_are_ignored(registry, client_for, clerk):
    member = registry.zhang_san
    client_for(clerk).post(
        f"/members/{member.pk}/edit/",
        {
            "name": "张三",
            "id_number": "",
            "phone": "",
            "ethnicity": "01",
            "education": "bachelor",
            "join_date": "2010-07-01",
            "full_member_date": "2011-07-01",
            "status": "deceased",
            "organization": registry.branch_c.pk,
            "id_number_hash": "0" * 64,
        },
    )
    member.refresh_from_db()
    assert (member.status, member.organization) == ("active", registry.branch_a)


@pytest.mark.parametrize(
    "url",
    [
        "/members/?page=abc",
        "/members/?age=x-y",
        "/members/?organization=abc",
        "/stats/?as_of=not-a-date",
        "/orgs/?q=%00",
        "/members/?unknown=1&category=nonsense",
        "/orgs/units/?category=999999",
        "/audit/?start=2024-13-45",
    ],
)
def test_odd_query_parameters_never_give_a_500(registry, client_for, secretary, url):
    assert client_for(secretary).get(url).status_code in {200, 400, 404}


def test_security_headers_are_set(registry, client_for, clerk):
    response = client_for(clerk).get("/members/")
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "frame-ancestors 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "no-store"
    assert response.cookies["sessionid"]["httponly"] and response.cookies["sessionid"]["samesite"] == "Lax"
