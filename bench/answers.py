"""Prints one answer set of an article's self-check as a form body, from the fixture the tests
read: python3 bench/answers.py SLUG calm|every_level"""

import pathlib
import sys
import tomllib
import urllib.parse

slug, name = sys.argv[1], sys.argv[2]
fixture = pathlib.Path(__file__).resolve().parent.parent / "tests/fixtures/answers" / f"{slug}.toml"
sets = tomllib.loads(fixture.read_text(encoding="utf-8"))
print(urllib.parse.urlencode([tuple(pair) for pair in sets[name]]))
