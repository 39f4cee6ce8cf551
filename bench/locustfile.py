"""The load mix of `make load` (run by bench.load, which passes the demo's ids in LOAD_*
variables): officers and staff open the tree, search members, open details, read statistics
and their inboxes; 5% of actions write (a transfer issued and withdrawn)."""

import os
import random
import re
from http.cookiejar import DefaultCookiePolicy

from locust import HttpUser, between, task

PASSWORD = os.environ["LOAD_PASSWORD"]
DESTINATION = os.environ["LOAD_DESTINATION"]  # a branch to transfer to (its code)
TODAY = os.environ["LOAD_TODAY"]
SEARCHES = ["zs", "li", "wang", "zh", "liu", "chen", "yang", "zhao", "hw", "xl"]
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


# Production cookies are Secure; the load runs over plain HTTP on 127.0.0.1 (the server is told
# by X-Forwarded-Proto that the request came through HTTPS). requests copies the cookie jar for
# every request with the default policy, so the policy itself is told to send them: this
# process talks to nothing but the loopback server.
DefaultCookiePolicy.return_ok_secure = lambda self, cookie, request: True


class Officer(HttpUser):
    abstract = True
    wait_time = between(1, 4)
    username = ""

    def on_start(self):
        name = self.username.upper()
        self.members = [int(x) for x in os.environ[f"LOAD_{name}_MEMBERS"].split(",") if x]
        self.organizations = [int(x) for x in os.environ[f"LOAD_{name}_ORGANIZATIONS"].split(",") if x]
        self.client.headers["X-Forwarded-Proto"] = "https"
        page = self.client.get("/accounts/login/", name="login form")
        self.client.post(
            "/accounts/login/",
            {"username": self.username, "password": PASSWORD, "csrfmiddlewaretoken": _csrf(page)},
            headers={"Referer": _secure(self.host, "/accounts/login/")},
            name="log in",
        )

    @task(10)
    def tree(self):
        self.client.get("/orgs/", name="tree")
        self.client.get(f"/orgs/{random.choice(self.organizations)}/children/", name="tree: expand")

    @task(10)
    def search(self):
        self.client.get("/members/", params={"q": random.choice(SEARCHES)}, name="members: search")

    @task(8)
    def member_list(self):
        self.client.get("/members/", params={"page": random.randint(1, 20)}, name="members: a page")

    @task(10)
    def detail(self):
        self.client.get(f"/members/{random.choice(self.members)}/", name="member detail")

    @task(4)
    def organization(self):
        self.client.get(f"/orgs/{random.choice(self.organizations)}/", name="organization detail")

    @task(5)
    def todo(self):
        self.client.get("/todo/", name="to-do")


class Reader(Officer):
    """District-body staff: reads the whole district, statistics above all."""

    weight = 1
    username = "zuzhibu"

    @task(10)
    def statistics(self):
        self.client.get("/stats/", name="statistics")

    @task(3)
    def superiors(self):
        self.client.get("/stats/superiors/", name="superiors report")


class BranchSecretary(Officer):
    """A branch secretary: their branch, their inbox, and now and then a transfer."""

    weight = 2
    username = "zhibushuji"

    @task(5)
    def inbox(self):
        self.client.get("/transfers/", name="transfers inbox")

    @task(5)
    def transfer(self):
        """Issue a transfer of one of the branch's members and withdraw it: two writes."""
        member = random.choice(self.members)
        url = f"/transfers/members/{member}/new/"
        form = self.client.get(url, name="transfer form")
        with self.client.post(
            url,
            {"destination": DESTINATION, "day": TODAY, "reason": "负载测试", "csrfmiddlewaretoken": _csrf(form)},
            headers={"Referer": _secure(self.host, url)},
            name="transfer: issue",
            catch_response=True,
        ) as response:
            issued = re.search(r"/transfers/(\d+)/cancel/", response.text)
            if response.status_code == 200 and not issued:
                response.success()  # refused with a message (another user's transfer is pending)
                return
        if issued:
            self.client.post(
                f"/transfers/{issued.group(1)}/cancel/",
                {"day": TODAY, "csrfmiddlewaretoken": _csrf(response)},
                headers={"Referer": _secure(self.host, f"/transfers/{issued.group(1)}/")},
                name="transfer: withdraw",
            )


class OrganOfficer(Officer):
    """An organ party committee's officer: the committee's subtree and its statistics."""

    weight = 2
    username = "jiguandangwei"

    @task(4)
    def statistics(self):
        self.client.get("/stats/", name="statistics (subtree)")

    @task(5)
    def inbox(self):
        self.client.get("/transfers/", name="transfers inbox")


def _csrf(response) -> str:
    found = CSRF.search(response.text)
    return found.group(1) if found else ""


def _secure(host: str, path: str) -> str:
    """The Referer a browser would send over HTTPS (Django checks it on secure requests)."""
    return host.replace("http://", "https://", 1) + path
