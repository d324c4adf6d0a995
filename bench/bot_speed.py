"""Runner overhead: the demo claim flow as a bot and as a plain hand-written Playwright script
(same browser, same OCR for the captcha), and the time to resolve a target's locators.

    python bench/bot_speed.py [--runs N]
"""

from __future__ import annotations

import argparse
import statistics
import time

from botkit import ATTACHMENT, BOT, install_keyring, params
from playwright.sync_api import sync_playwright

from app.demo.oa_server import DEMO_USERS, DemoOA
from app.services.bots import ocr_reader
from bots.browser import launch
from bots.locate import resolve_frame, try_candidates
from bots.model import Bot
from bots.runner import RunOptions, run_bot


def plain_script(url: str, invoice_no: str, reader) -> str:
    with sync_playwright() as p:
        browser = launch(p)
        page = browser.new_page()
        page.on("dialog", lambda d: d.accept())
        page.goto(url)
        page.get_by_label("用户名").fill("zhangsan")
        page.get_by_label("密码").fill(DEMO_USERS["zhangsan"])
        page.get_by_label("验证码").fill(reader(page.locator("#captcha_img").screenshot()))
        page.get_by_role("button", name="登录").click()
        page.frame_locator('frame[name="menu"]').locator("#menu_new").click()
        main = page.frame_locator('frame[name="main"]')
        main.get_by_label("部门").select_option(label="财务部")
        main.get_by_label("交通费").check()
        main.locator("#claim_date").evaluate("(e) => { e.value = '2026-11-03'; }")
        main.get_by_label("发票号码").fill(invoice_no)
        main.get_by_label("金额").fill("88.50")
        main.get_by_label("事由").fill("日常报销")
        with page.expect_popup() as opened:
            main.get_by_role("button", name="选择审批人").click()
        opened.value.get_by_role("link", name="王经理").click()
        for item, amount in (("出租车", "40.00"), ("地铁", "48.50")):
            main.get_by_role("button", name="添加一行").click()
            main.locator("tbody tr:last-child input[name=line_item]").fill(item)
            main.locator("tbody tr:last-child input[name=line_amount]").fill(amount)
        upload = main.frame_locator('iframe[name="upload"]')
        upload.locator("input[type=file]").set_input_files(str(ATTACHMENT))
        upload.get_by_role("button", name="上传").click()
        upload.locator("#uploaded").wait_for()
        main.get_by_role("button", name="提交").click()
        claim_no = main.locator("#claim_no").inner_text()
        browser.close()
        return claim_no


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    install_keyring()
    reader = ocr_reader()
    bot = Bot.load(BOT)
    bot_times, plain_times = [], []
    with DemoOA() as oa:
        bot.start_url = oa.url
        plain_script(oa.url, "warm-up-1", reader)  # models and browser files warm
        for n in range(args.runs):
            started = time.perf_counter()
            plain_script(oa.url, f"p{n}", reader)
            plain_times.append(time.perf_counter() - started)
            started = time.perf_counter()
            result = run_bot(bot, params(f"b{n}"), RunOptions(ocr=reader, trace=False))
            bot_times.append(time.perf_counter() - started)
            assert result.status == "passed", result.error
    # locator resolution on the loaded claim form
    form_targets = [
        s.target
        for _, s in bot.walk()
        if s.target is not None
        and [f.name for f in s.target.frame] == ["main"]
        and "{{" not in s.target.locators[0].value
    ]
    timings = []
    with DemoOA(captcha=False) as oa, sync_playwright() as p:
        browser = launch(p)
        page = browser.new_page()
        page.goto(oa.url)
        page.get_by_label("用户名").fill("zhangsan")
        page.get_by_label("密码").fill(DEMO_USERS["zhangsan"])
        page.get_by_role("button", name="登录").click()
        page.frame_locator('frame[name="menu"]').locator("#menu_new").click()
        page.frame_locator('frame[name="main"]').locator("#amount").wait_for()
        frame = resolve_frame(page, form_targets[0].frame, 5)
        # the fields of a fresh form (line rows and the result page come later)
        form_targets = [t for t in form_targets if try_candidates(frame, t) is not None]
        for _ in range(5):
            for target in form_targets:
                started = time.perf_counter()
                frame = resolve_frame(page, target.frame, 5)
                try_candidates(frame, target)
                timings.append((time.perf_counter() - started) * 1000)
        browser.close()
    bot_median, plain_median = statistics.median(bot_times), statistics.median(plain_times)
    print(f"demo claim flow, {args.runs} runs each (browser start included, captcha by OCR)")
    print(f"  hand-written Playwright script  median {plain_median:5.2f} s")
    print(f"  Zhangfang bot runner            median {bot_median:5.2f} s")
    print(f"  runner overhead ratio           {bot_median / plain_median:5.2f}×  (target ≤ 1.15×)")
    print(
        f"locator resolution (frame + ranked candidates, {len(form_targets)} form targets): "
        f"median {statistics.median(timings):.1f} ms, max {max(timings):.1f} ms"
    )


if __name__ == "__main__":
    main()
