import zipfile

from bots.secrets import MASK, Redactor


def test_every_encoded_form_of_a_secret_is_scrubbed(tmp_path) -> None:
    redact = Redactor()
    redact.add("密码 p&w=1")
    trace = tmp_path / "trace.zip"
    with zipfile.ZipFile(trace, "w") as z:
        z.writestr("a.txt", "plain 密码 p&w=1 end")
        z.writestr("b.dat", "password=%C3%DC%C2%EB+p%26w%3D1")  # GBK form post
        z.writestr("c.dat", "password=%E5%AF%86%E7%A0%81%20p%26w%3D1")  # UTF-8 URL
    redact.scrub_file(trace)
    with zipfile.ZipFile(trace) as z:
        texts = [z.read(n).decode() for n in z.namelist()]
    assert all("p&w=1" not in t and "p%26w" not in t for t in texts)
    assert all(MASK in t for t in texts)
    assert redact("error with 密码 p&w=1 inside") == f"error with {MASK} inside"
