"""Bot files from someone else: a hostile or broken file is refused with a message, quickly,
and never stops the Bots page, `bot check`, a run folder or the single-instance socket."""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
import time
import urllib.error
import urllib.request
from multiprocessing.connection import Client
from pathlib import Path

import pytest

from app.demo.oa_server import DemoOA
from app.platform import single_instance
from app.services.bots import list_bots
from bots.errors import BotFileError
from bots.model import Bot, Locator, Step, Target, is_artifact_name
from bots.runner import RunOptions, run_bot
from bots.yaml_text import MAX_FILE_BYTES

ROOT = Path(__file__).resolve().parents[1]
GOOD = ROOT / "resources" / "bots" / "demo_claim_lookup.bot.yaml"
HEAD = "schema: zhangfang.bot/1\nname: hostile\n"


def _refused(text: str, tmp_path: Path) -> str:
    file = tmp_path / "hostile.bot.yaml"
    file.write_text(text, encoding="utf-8")
    with pytest.raises(BotFileError) as caught:
        Bot.load(file)
    return caught.value.message


def test_anchors_and_aliases_are_refused_with_the_line(tmp_path):
    text = HEAD + "steps:\n- &login {action: goto, url: 'http://oa'}\n- *login\n"
    message = _refused(text, tmp_path)
    assert "anchors and aliases" in message and "line 4" in message


def test_an_alias_bomb_is_refused_at_once(tmp_path):
    lines = ['a0: &a0 ["x", "x", "x", "x", "x", "x", "x", "x", "x"]']
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 10)]
    text = HEAD + "\n".join(lines) + "\nsteps:\n- {action: goto, url: 'http://oa', text: *a9}\n"
    assert len(text) < 10_000
    started = time.monotonic()
    assert "anchors and aliases" in _refused(text, tmp_path)
    assert time.monotonic() - started < 5  # before: never finished


@pytest.mark.parametrize("depth", [200, 5000])
def test_deep_nesting_is_refused_not_a_recursion_error(tmp_path, depth):
    nested = "[" * depth + "]" * depth
    message = _refused(HEAD + f"steps: [{{action: goto, url: 'http://oa', text: {nested}}}]\n",
                       tmp_path)  # fmt: skip
    assert "levels deep" in message


def test_nested_repeat_steps_past_the_limit_are_refused(tmp_path):
    step = "{action: goto, url: 'http://oa'}"
    for _ in range(40):
        step = f"{{action: if_exists, steps: [{step}]}}"
    assert "levels deep" in _refused(HEAD + f"steps: [{step}]\n", tmp_path)


def test_a_number_of_5000_digits_is_refused(tmp_path):
    message = _refused(HEAD + f"steps:\n- action: wait\n  timeout_ms: {'9' * 5000}\n", tmp_path)
    assert "5000 digits" in message and "line 5" in message


@pytest.mark.parametrize(
    "value", ["!!bool maybe", "!!int 0x", "!!int ''", "!!timestamp 2026-02-30", "!!float abc"]
)
def test_a_value_yaml_cannot_build_is_a_message_with_its_line(tmp_path, value):
    message = _refused(HEAD + f"steps:\n- action: goto\n  url: {value}\n", tmp_path)
    assert "cannot be read" in message and "quote it" in message and "line 5" in message


def test_a_date_like_value_stays_the_text_it_was(tmp_path):
    file = tmp_path / "dated.bot.yaml"
    text = HEAD + "parameters:\n- name: day\n  type: date\n  default: 2026-01-31\n"
    file.write_text(text + "steps:\n- action: wait\n  text: 2026-13-01\n", encoding="utf-8")
    bot = Bot.load(file)  # before: 2026-13-01 raised ValueError (a traceback in `bot check`)
    assert bot.parameters[0].default == "2026-01-31"
    assert bot.steps[0].text == "2026-13-01"


@pytest.mark.parametrize(
    "url", ["file:///etc/passwd", "JaVaScRiPt:alert(1)", "data:text/html,<b>x</b>",
            "chrome://settings", "view-source:http://oa", "http:", ""],
)  # fmt: skip
def test_a_goto_that_is_not_a_web_page_is_refused(tmp_path, url):
    message = _refused(HEAD + f"steps:\n- action: goto\n  url: '{url}'\n", tmp_path)
    assert "not a web address" in message and "step 1 (goto)" in message


def test_a_goto_that_renders_to_a_local_file_fails_before_the_browser_opens_it(tmp_path):
    """The check cannot see what ``{{ start_url }}`` will be; the run checks what it renders."""
    secret = tmp_path / "secret.txt"
    secret.write_text("password=hunter2", encoding="utf-8")
    bot = Bot(
        "leak",
        [Step("goto", url="{{ start_url }}"),
         Step("extract", target=Target([Locator("css", "body")]), into="leaked")],
        outputs=["leaked"],
    )  # fmt: skip
    bot.start_url = secret.as_uri()
    result = run_bot(bot, {}, RunOptions(timeout_ms=3000, trace=False))
    assert result.status == "failed" and "not a web address" in result.error
    assert "hunter2" not in str(result.outputs)


@pytest.mark.parametrize("url", ["http://127.0.0.1:8765/", "https://oa.example.com/a?b=1",
                                 "about:blank", "{{ start_url }}login.do"])  # fmt: skip
def test_web_addresses_and_templates_pass_the_check(tmp_path, url):
    file = tmp_path / "ok.bot.yaml"
    file.write_text(HEAD + f"steps:\n- action: goto\n  url: '{url}'\n", encoding="utf-8")
    assert Bot.load(file).steps[0].url == url


def test_a_huge_file_is_refused_without_reading_it_all(tmp_path):
    file = tmp_path / "big.bot.yaml"
    with file.open("w", encoding="utf-8") as out:
        out.write(HEAD + "description: |\n")
        line = "  " + "x" * 1000 + "\n"
        for _ in range(MAX_FILE_BYTES // len(line) + 10):
            out.write(line)
    with pytest.raises(BotFileError, match="over 4 MB"):
        Bot.load(file)


def test_a_file_that_is_not_utf8_names_the_byte_and_the_fix(tmp_path):
    file = tmp_path / "gbk.bot.yaml"
    file.write_bytes((HEAD + "description: 报销\nsteps: []\n").encode("gbk"))
    with pytest.raises(BotFileError, match=r"not UTF-8 text .*save it as UTF-8"):
        Bot.load(file)


def test_a_bad_value_is_quoted_short_in_the_message(tmp_path):
    message = _refused(HEAD + f"steps:\n- action: goto\n  url: [{', '.join(['1'] * 5000)}]\n",
                       tmp_path)  # fmt: skip
    assert "step 1 (goto)" in message and len(message) < 1500


@pytest.mark.parametrize(
    "name", ["../../escaped", "/tmp/escaped", "..\\..\\escaped", "C:escaped", "a/b", "..", "x\n"]
)
def test_a_screenshot_name_that_leaves_the_run_folder_is_refused(tmp_path, name):
    bot = Bot.load(GOOD)
    bot.steps.append(Step("screenshot", name=name))
    text = bot.to_yaml()
    assert "must be a plain file name" in _refused(text, tmp_path)
    assert not is_artifact_name(name)


def test_plain_screenshot_names_are_kept():
    assert all(is_artifact_name(n) for n in ("报销单已提交", "step-3", "after save", "v1.2"))


@pytest.mark.slow
def test_a_bot_built_in_code_still_cannot_write_outside_its_run_folder(tmp_path):
    from bots.runner import RunOptions, run_bot

    run_folder = tmp_path / "runs" / "one"
    with DemoOA() as oa:
        bot = Bot("escape", [Step("goto", url=oa.url), Step("screenshot", name="../../escaped")])
        result = run_bot(bot, {}, RunOptions(artifacts_dir=run_folder, timeout_ms=5000))
    assert result.status == "failed"
    assert "not a plain file name" in result.error
    assert not list(tmp_path.rglob("escaped*"))


def test_a_broken_bot_file_is_a_row_with_its_error_beside_the_good_ones(tmp_path):
    (tmp_path / "good.bot.yaml").write_bytes(GOOD.read_bytes())
    (tmp_path / "deep.bot.yaml").write_text(HEAD + "steps: " + "[" * 3000 + "]" * 3000)
    (tmp_path / "digits.bot.yaml").write_text(HEAD + "steps: []\nx: " + "7" * 5000)
    (tmp_path / "binary.bot.yaml").write_bytes(b"\x00\xff\xfe" * 100)
    entries = {e.path.name: e for e in list_bots(tmp_path)}
    assert set(entries) == {"good.bot.yaml", "deep.bot.yaml", "digits.bot.yaml", "binary.bot.yaml"}
    assert entries["good.bot.yaml"].bot is not None and not entries["good.bot.yaml"].error
    for name in ("deep.bot.yaml", "digits.bot.yaml", "binary.bot.yaml"):
        assert entries[name].bot is None and entries[name].error


def test_the_bots_page_opens_with_broken_files_in_the_folder(qtbot, gui_ctx):
    from app.gui.screens.bots_page import BotsPage

    folder = gui_ctx.settings.bots_dir()
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "deep.bot.yaml").write_text(HEAD + "steps: " + "[" * 3000 + "]" * 3000)
    page = BotsPage(gui_ctx)
    qtbot.addWidget(page)
    rows = {page.table.item(r, 0).text(): page.table.item(r, 3).text()
            for r in range(page.table.rowCount())}  # fmt: skip
    assert "deep" in rows and "levels deep" in rows["deep"]


def test_bot_check_gives_messages_not_tracebacks(tmp_path):
    deep = tmp_path / "deep.bot.yaml"
    deep.write_text(HEAD + "steps: " + "[" * 3000 + "]" * 3000)
    digits = tmp_path / "digits.bot.yaml"
    digits.write_text(HEAD + "steps: []\nx: " + "7" * 5000)
    done = subprocess.run(
        [sys.executable, "-m", "app", "bot", "check", str(deep), str(digits), str(GOOD)],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
        env={**os.environ, "ZHANGFANG_HOME": str(tmp_path / "home")},
    )  # fmt: skip
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr
    assert "levels deep" in done.stderr and "digits" in done.stderr
    assert f"{GOOD}: ok" in done.stdout


# ---- the single-instance socket ---------------------------------------------------------------
class _Boom:
    def __reduce__(self):
        return (os.system, (f"touch {_Boom.witness}",))

    witness = ""


@pytest.mark.skipif(sys.platform == "win32", reason="the witness file uses touch")
def test_the_single_instance_socket_never_unpickles(tmp_path):
    _Boom.witness = str(tmp_path / "unpickled")
    got: list[str] = []
    listening = single_instance.Listening(got.append)
    try:
        with Client(single_instance.address()) as conn:
            conn.send_bytes(pickle.dumps(_Boom()))
            with pytest.raises(EOFError):  # dropped, unanswered
                conn.recv_bytes(64)
        assert not Path(_Boom.witness).exists()
        assert single_instance.hand_over("show") and got == ["show"]
    finally:
        listening.close()


@pytest.mark.skipif(sys.platform == "win32", reason="Unix socket permissions")
def test_a_silent_connection_does_not_keep_the_next_start_from_being_heard():
    got: list[str] = []
    listening = single_instance.Listening(got.append)
    try:
        assert oct(os.stat(single_instance.address()).st_mode & 0o777) == "0o600"
        with Client(single_instance.address()):  # connects and says nothing
            assert single_instance.hand_over("show")
        assert got == ["show"]
    finally:
        listening.close()


# ---- the demo OA ------------------------------------------------------------------------------
def test_the_demo_oa_answers_a_bad_page_number_with_400(tmp_path):
    with DemoOA(captcha=False) as oa:
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor())
        look = oa.look
        form = f"{look.id('username')}=zhangsan&{look.id('password')}=demo-pass-123"
        opener.open(f"{oa.url}login.do", data=form.encode()).read()
        for bad in ("abc", "-1", "1e9", "９"):
            with pytest.raises(urllib.error.HTTPError) as caught:
                opener.open(f"{oa.url}claim/list.do?page={urllib.parse.quote(bad)}")
            with caught.value as answer:
                assert answer.code == 400 and "页码必须是数字" in answer.read().decode("gbk")
        assert opener.open(f"{oa.url}claim/list.do?page=2").status == 200
        request = urllib.request.Request(f"{oa.url}upload.do", data=b"x", method="POST")
        request.add_header("Content-Length", "lots")
        with pytest.raises(urllib.error.HTTPError) as caught:
            opener.open(request)
        with caught.value as answer:
            assert answer.code == 400
