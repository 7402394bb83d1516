"""Prints the address of the stylesheet an HTML page links: python3 stylesheet_of.py PAGE.html"""

import re, sys
html = open(sys.argv[1], encoding="utf-8").read()
for tag in re.findall(r"<link\b[^>]*>", html):
    if re.search(r"rel=\"?stylesheet", tag):
        print(re.search(r"href=\"([^\"]+)\"", tag).group(1)); break
