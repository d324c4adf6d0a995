"""Helpers shared by tests and benchmarks."""

from __future__ import annotations

import socket

from keyring.backend import KeyringBackend


class MemoryKeyring(KeyringBackend):
    """An in-memory keyring backend (headless machines have none; users get the OS one)."""

    priority = 1

    def __init__(self) -> None:
        self.values: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.values.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.values[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.values.pop((service, username), None)


def file_claim_by_hand(
    page,
    password: str,
    *,
    invoice_no: str,
    amount: str,
    day: str = "15",
    reason: str | None = None,
    line: tuple[str, str] | None = None,
    attachment=None,
    approver: str | None = None,
    captcha: str | None = None,
) -> None:
    """What a person does in the demo OA: log in (typing the captcha when given), open the
    claim form, fill it and submit. Playwright actions are trusted input, so a recorder
    sees them too."""
    page.get_by_label("用户名").fill("zhangsan")
    page.get_by_label("密码").fill(password)
    if captcha is not None:
        page.get_by_label("验证码").fill(captcha)
    page.get_by_role("button", name="登录").click()
    page.frame_locator('frame[name="menu"]').get_by_text("报销申请").click()
    main = page.frame_locator('frame[name="main"]')
    main.get_by_label("部门").select_option("技术部")
    main.get_by_label("交通费").check()
    main.get_by_role("button", name="日历").click()
    main.locator("#calendar td.day", has_text=day).first.click()
    main.get_by_label("发票号码").fill(invoice_no)
    main.get_by_label("金额").fill(amount)
    if reason is not None:
        main.get_by_label("事由").fill(reason)
    if approver is not None:  # a window.open popup that closes itself after the choice
        with page.expect_popup() as opened:
            main.get_by_role("button", name="选择审批人").click()
        popup = opened.value
        popup.get_by_role("link", name=approver).click()
        if not popup.is_closed():
            popup.wait_for_event("close")
    if line is not None:
        main.get_by_role("button", name="添加一行").click()
        main.locator("input[name=line_item]").fill(line[0])
        main.locator("input[name=line_amount]").fill(line[1])
    if attachment is not None:
        upload = main.frame_locator('iframe[name="upload"]')
        upload.locator("input[type=file]").set_input_files(str(attachment))
        upload.locator("input[type=submit]").click()
        upload.locator("#uploaded").wait_for()
    main.get_by_role("button", name="提交").click()
    main.locator("#claim_no").wait_for()


def captcha_on_screen(oa) -> str:
    """The captcha the demo OA last showed (what a person reads off the image)."""
    shown = [s.captcha for s in oa.sessions.values() if s.captcha]
    assert len(shown) == 1, "exactly one login page should be open"
    return shown[0]


def free_port() -> int:
    """A TCP port on 127.0.0.1 nobody listens on right now (for the test servers)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]
