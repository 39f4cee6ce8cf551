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
