"""Settings: typed, loaded once, and saved without losing what an admin wrote in the file."""

from __future__ import annotations

import pytest

from app.config import ConfigError, load_settings, save_settings

WRITTEN_BY_AN_ADMIN = """\
# Zhangfang settings for the finance office — ask 李工 before changing
[ocr]
engine = "rapidocr"  # paddle is slower on these PCs
workers = 2

[bots]
# the company's approved browser
browser = "/opt/chromium/chrome"

[targets.erp]
type = "rest"  # the ERP's expense API
url = "http://erp.local/api"

[targets.old-oa]
type = "bot"
bot = "/srv/bots/claim.bot.yaml"
reference = "claim_no"

[team]
# a section another part of the app owns
server = "https://zhangfang.corp"
"""


def test_saving_keeps_comments_order_and_sections_it_does_not_own(tmp_path) -> None:
    path = tmp_path / "settings.toml"
    path.write_text(WRITTEN_BY_AN_ADMIN, encoding="utf-8")
    settings = load_settings(path)
    assert (settings.ocr_engine, settings.capture_workers) == ("rapidocr", 2)
    assert settings.browser == "/opt/chromium/chrome" and settings.bots_folder is None
    assert set(settings.targets) == {"erp", "old-oa"}
    assert settings.extra == {"team": {"server": "https://zhangfang.corp"}}

    settings.capture_workers = 1
    settings.targets["erp"]["url"] = "http://erp2.local/api"
    del settings.targets["old-oa"]
    settings.watched_folder = "/srv/scans"
    save_settings(settings, path)

    text = path.read_text(encoding="utf-8")
    for kept in (
        "# Zhangfang settings for the finance office — ask 李工 before changing",
        'engine = "rapidocr"  # paddle is slower on these PCs',
        "# the company's approved browser",
        'type = "rest"  # the ERP\'s expense API',
        "# a section another part of the app owns",
    ):
        assert kept in text
    assert "workers = 1" in text and "erp2.local" in text and "old-oa" not in text
    assert text.index("[ocr]") < text.index("[bots]") < text.index("[targets.erp]")
    again = load_settings(path)
    assert again.watched_folder == "/srv/scans" and again.extra == settings.extra
    assert again.targets == {"erp": {"type": "rest", "url": "http://erp2.local/api"}}


def test_a_value_set_back_to_its_default_leaves_the_file(tmp_path) -> None:
    path = tmp_path / "settings.toml"
    path.write_text(WRITTEN_BY_AN_ADMIN, encoding="utf-8")
    settings = load_settings(path)
    settings.browser = None
    save_settings(settings, path)
    assert "browser" not in path.read_text(encoding="utf-8")
    assert load_settings(path).browser is None


@pytest.mark.parametrize(
    ("text", "says"),
    [("[ocr\nengine = 1", "is not valid TOML"), ("ocr = 3", "[ocr] must be a table")],
)
def test_a_broken_file_is_named_with_the_fix(tmp_path, text: str, says: str) -> None:
    path = tmp_path / "settings.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match=r".*") as caught:
        load_settings(path)
    assert str(path) in str(caught.value) and says in str(caught.value)
