"""Prints one answer set of an article's self-check as a form body.

python3 bench/answers.py SLUG calm|every_level   from the fixture the tests read
python3 bench/answers.py every_sign < PAGE.html  every warning sign the article page's form asks
                                                 about, ticked (its first step: the signs)
"""

import html.parser
import pathlib
import sys
import tomllib
import urllib.parse


class FirstStep(html.parser.HTMLParser):
    """Every option of the article page's self-check form but "none", one per radio group."""

    def __init__(self):
        super().__init__()
        self.answers = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag != "input" or a.get("type") not in ("checkbox", "radio") or a.get("value") == "none":
            return
        if a.get("type") == "radio" and any(name == a.get("name") for name, _ in self.answers):
            return
        self.answers.append((a["name"], a["value"]))


if sys.argv[1] == "every_sign":
    form = FirstStep()
    form.feed(sys.stdin.read())
    assert form.answers, "no warning sign in the page's form"
    print(urllib.parse.urlencode(form.answers))
else:
    slug, name = sys.argv[1], sys.argv[2]
    root = pathlib.Path(__file__).resolve().parent.parent
    fixture = root / "tests/fixtures/answers" / f"{slug}.toml"
    sets = tomllib.loads(fixture.read_text(encoding="utf-8"))
    print(urllib.parse.urlencode([tuple(pair) for pair in sets[name]]))
