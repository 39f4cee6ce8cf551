def test_the_home_page_shows_the_key_counts_of_the_users_scope(registry, client_for, clerk):
    page = client_for(clerk).get("/").content.decode()
    assert 'data-testid="member-count">9<' in page and 'data-testid="unit-count">2<' in page


def test_a_user_without_a_role_is_told_to_ask_for_one(registry, client_for, outsider):
    assert "尚未分配角色" in client_for(outsider).get("/").content.decode()


def test_a_plain_member_is_pointed_to_their_own_record(registry, client_for, plain_member):
    page = client_for(plain_member).get("/").content.decode()
    assert f"/members/{registry.li_si.pk}/" in page


def test_pages_are_never_cached(registry, client_for, clerk):
    assert client_for(clerk).get("/members/")["Cache-Control"] == "no-store"


def test_english_can_be_chosen_and_chinese_is_the_default(registry, client_for, clerk):
    client = client_for(clerk)
    assert "党员名册" in client.get("/members/", headers={"Accept-Language": "en"}).content.decode()
    client.post("/i18n/setlang/", {"language": "en", "next": "/members/"})
    assert "Party members" in client.get("/members/").content.decode()


def test_the_login_page_explains_a_wrong_password_in_chinese(registry, client, clerk):
    page = client.post("/accounts/login/", {"username": "clerk", "password": "wrong"}).content.decode()
    assert "用户名或密码错误" in page
