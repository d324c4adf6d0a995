"""The demo legacy OA behaves like the real thing bots are recorded against."""

from __future__ import annotations

import json
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar

import pytest

from app.demo.oa_pages import VARIANTS
from app.demo.oa_server import DEMO_USERS, DemoOA
from testkit.support import file_claim_by_hand

pytestmark = pytest.mark.slow  # a real browser, server or killed processes: not in test-fast

FORM = {
    "department": "财务部",
    "claim_type": "办公费",
    "claim_date": "2026-11-02",
    "invoice_no": "88886666",
    "amount": "66.00",
    "reason": "购买打印纸",
}


def _client():
    return urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))


def _post(opener, url: str, data: dict[str, str]) -> str:
    body = urllib.parse.urlencode(data, encoding="gbk").encode("ascii")
    with opener.open(url, body) as response:
        assert "GBK" in response.headers["Content-Type"]
        return response.read().decode("gbk")


def _login(opener, oa: DemoOA) -> None:
    _post(opener, oa.url + "login.do", {"username": "zhangsan", "password": DEMO_USERS["zhangsan"]})


def test_pages_are_gbk_and_forms_post_gbk() -> None:
    with DemoOA(captcha=False) as oa:
        web = _client()
        _login(web, oa)
        html = _post(web, oa.url + "claim/save.do", FORM)
        assert "提交成功" in html
        (claim,) = json.loads(urllib.request.urlopen(oa.url + "api/claims").read())
        assert claim["reason"] == "购买打印纸" and claim["claim_type"] == "办公费"


def test_the_same_invoice_cannot_be_claimed_twice() -> None:
    with DemoOA(captcha=False) as oa:
        web = _client()
        _login(web, oa)
        _post(web, oa.url + "claim/save.do", FORM)
        html = _post(web, oa.url + "claim/save.do", FORM)
        assert "已经报销过" in html
        assert len(oa.claims) == 1


def test_a_wrong_captcha_raises_an_alert_and_does_not_log_in() -> None:
    with DemoOA(captcha=True) as oa:
        web = _client()
        web.open(oa.url + "captcha.png").read()
        html = _post(
            web,
            oa.url + "login.do",
            {"username": "zhangsan", "password": DEMO_USERS["zhangsan"], "captcha": "0000"},
        )
        assert "alert('验证码错误" in html
        with web.open(oa.url + "index.do") as response:
            assert response.url.endswith("/")  # sent back to the login page


@pytest.mark.parametrize("variant", VARIANTS)
def test_every_variant_serves_a_claim_form(variant: str) -> None:
    with DemoOA(variant=variant, captcha=False) as oa:
        web = _client()
        ids = oa.look
        _post(
            web,
            oa.url + "login.do",
            {ids.id("username"): "zhangsan", ids.id("password"): DEMO_USERS["zhangsan"]},
        )
        html = web.open(oa.url + "claim/new.do").read().decode("gbk")
        assert f'id="{ids.id("amount")}"' in html
        frames = web.open(oa.url + "index.do").read().decode("gbk")
        assert ("<iframe" in frames) == (variant == "iframe")


def test_a_person_can_file_a_claim_in_chromium(tmp_path) -> None:
    """The whole flow by hand-written Playwright: frameset, calendar popup, dynamic rows,
    iframe upload and a confirm dialog raised inside a frame."""
    from playwright.sync_api import sync_playwright

    from bots.browser import launch

    attachment = tmp_path / "发票.pdf"
    attachment.write_bytes(b"%PDF-1.4 demo")
    with DemoOA(captcha=False) as oa, sync_playwright() as p:
        browser = launch(p)
        page = browser.new_page()
        dialogs: list[str] = []
        page.on("dialog", lambda d: (dialogs.append(d.message), d.accept()))
        page.goto(oa.url)
        file_claim_by_hand(
            page,
            DEMO_USERS["zhangsan"],
            invoice_no="12345678",
            amount="123.45",
            reason="出差北京",
            line=("高铁票", "123.45"),
            attachment=attachment,
        )
        main = page.frame_locator('frame[name="main"]')
        claim_no = main.locator("#claim_no").inner_text()
        browser.close()
    assert dialogs == ["确认提交报销单？"]
    (claim,) = oa.claims
    assert claim["claim_no"] == claim_no
    assert claim["claim_date"].endswith("-15")
    assert claim["lines"] == [{"item": "高铁票", "amount": "123.45"}]
    assert claim["attachment"] == "发票.pdf"
    assert claim["reason"] == "出差北京"
