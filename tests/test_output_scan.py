"""The output scan (scripts/scan_site.py): the real built site is clean, and each kind of
payload, planted in a small crafted site, is found with its file and line."""

from __future__ import annotations

import json

import pytest

from scripts import scan_site

MATERIAL_SCOPE = (
    '__md_scope=new URL("{base}",location),__md_hash=e=>[...e].reduce(((e,_)=>(e<<5)-e+_.charCodeAt(0)),0),'
    '__md_get=(e,_=localStorage,t=__md_scope)=>JSON.parse(_.getItem(t.pathname+"."+e)),'
    '__md_set=(e,_,t=localStorage,a=__md_scope)=>{{try{{t.setItem(a.pathname+"."+e,JSON.stringify(_))}}'
    "catch(e){{}}}}"
)
SITEMAP = (
    '<?xml version="1.0" encoding="UTF-8"?>\n<urlset><url><loc>https://site.example/docs/</loc></url>'
    "<url><loc>https://site.example/docs/topics/a/</loc></url></urlset>\n"
)


def page(body: str = "", head: str = "", base: str = "../..") -> str:
    """A page shaped like Material's: its scripts, its configuration, the content in the article."""
    pre = base if base.endswith("/") else base + "/"
    config = json.dumps({"base": base, "search": f"{pre}assets/javascripts/workers/search.1234abcd.min.js"})
    return f"""<!doctype html>
<html><head>
<link rel="canonical" href="https://site.example/docs/topics/a/">
<link rel="stylesheet" href="{pre}assets/stylesheets/main.0123abcd.min.css">
{head}
<script>{MATERIAL_SCOPE.format(base=base)}</script>
</head><body>
<div id="__drawer"></div>
<article class="md-content__inner md-typeset">
<h1 id="a">A</h1>
<table><tr><td style="text-align: right;">1</td></tr></table>
<p><a href="https://elsewhere.example/paper">a reference</a></p>
{body}
</article>
<script id="__config" type="application/json">{config}</script>
<script src="{pre}assets/javascripts/bundle.0123abcd.min.js"></script>
<script src="{pre}javascripts/kb.js"></script>
</body></html>
"""


CLEAN = {
    "sitemap.xml": SITEMAP,
    "topics/a/index.html": page(),
    "assets/stylesheets/main.0123abcd.min.css": '.md-icon{--i:url("data:image/svg+xml;charset=utf-8,<svg/>")}',
    "stylesheets/extra.css": ".x{background:url(../assets/images/a.png)}",
    "search/search_index.json": json.dumps({"docs": [{"location": "topics/a/", "text": "<p>A <code>x</code></p>"}]}),
}


def make_site(tmp_path, files: dict[str, str]):
    """Write a crafted site: the clean one, with ``files`` added or replaced."""
    site = tmp_path / "site"
    for rel, text in {**CLEAN, **files}.items():
        (site / rel).parent.mkdir(parents=True, exist_ok=True)
        (site / rel).write_text(text, encoding="utf-8")
    return site


def test_real_site_is_clean(built_site):
    found = scan_site.scan_site(built_site)
    assert not found, "\n".join(map(str, found))


def test_real_site_scan_sees_its_scripts(built_site):
    """The scan reads the real site's scripts: drop the known inline hashes and each page's
    Material snippets are reported (so the clean result above is not from reading nothing)."""
    pages = sorted(p for p in built_site.rglob("*.html"))
    known, scan_site.KNOWN_INLINE = scan_site.KNOWN_INLINE, set()
    try:
        found = scan_site.scan_site(built_site)
    finally:
        scan_site.KNOWN_INLINE = known
    reported = {p.path for p in found if "inline <script>" in p.message}
    assert reported == {p.relative_to(built_site).as_posix() for p in pages}


def test_crafted_clean_site(tmp_path):
    assert scan_site.scan_site(make_site(tmp_path, {})) == []


# (what, files to plant, the file and line of the finding, text of the finding)
CASES = [
    (
        "other host's script",
        {"topics/a/index.html": page(head='<script src="https://evil.example/x.js"></script>')},
        "topics/a/index.html",
        5,
        "that is not one of the site's scripts",
    ),
    (
        "a script of the site not known",
        {"topics/a/index.html": page(head='<script src="../../js/x.js"></script>')},
        "topics/a/index.html",
        5,
        "that is not one of the site's scripts",
    ),
    (
        "an inline script",
        {"topics/a/index.html": page(body="<script>window.__hostile=1</script>")},
        "topics/a/index.html",
        13,
        "an inline <script> that is not one of Material's",
    ),
    (
        "a module script with Material's text",
        {"topics/a/index.html": page(head=f'<script type="module">{MATERIAL_SCOPE.format(base="..")}</script>')},
        "topics/a/index.html",
        5,
        "an inline <script>",
    ),
    (
        "an event handler in content",
        {"topics/a/index.html": page(body='<img src="x.png" onerror="alert(1)">')},
        "topics/a/index.html",
        13,
        "the onerror attribute of <img>",
    ),
    (
        "an event handler outside content",
        {"topics/a/index.html": page(head='<link rel="x" href="y" onload="z">')},
        "topics/a/index.html",
        5,
        "the onload attribute of <link>",
    ),
    (
        "details ontoggle",
        {"topics/a/index.html": page(body="<details/open/ontoggle=alert(1)>")},
        "topics/a/index.html",
        13,
        "the ontoggle attribute of <details>",
    ),
    (
        "javascript: link",
        {"topics/a/index.html": page(body='<a href="javascript:alert(1)">x</a>')},
        "topics/a/index.html",
        13,
        "is a javascript: URL",
    ),
    (
        "encoded javascript: link",
        {"topics/a/index.html": page(body='<a href="jav&#x61;scr&#x09;ipt:alert(1)">x</a>')},
        "topics/a/index.html",
        13,
        "is a javascript: URL",
    ),
    (
        "javascript: in a MathML href",
        {"topics/a/index.html": page(body='<math><mrow href=" JAVASCRIPT:alert(1)"><mi>x</mi></mrow></math>')},
        "topics/a/index.html",
        13,
        "is a javascript: URL",
    ),
    (
        "javascript: in an SVG animation",
        {
            "topics/a/index.html": page(
                body='<svg><a><animate attributeName="href" to="javascript:alert(1)"/></a></svg>'
            )
        },
        "topics/a/index.html",
        13,
        "the to attribute of <animate> is a javascript: URL",
    ),
    (
        "data: link",
        {"topics/a/index.html": page(body='<a href="data:text/html,<script>alert(1)</script>">x</a>')},
        "topics/a/index.html",
        13,
        "is a data: URL",
    ),
    (
        "data: image",
        {"topics/a/index.html": page(body='<img src="data:image/svg+xml,<svg onload=alert(1)>">')},
        "topics/a/index.html",
        13,
        "is a data: URL",
    ),
    (
        "data: in a stylesheet not known",
        {"stylesheets/other.css": ".x{background:url(data:image/svg+xml,abc)}"},
        "stylesheets/other.css",
        1,
        "is a data: URL",
    ),
    (
        "javascript: in JSON",
        {"questions.json": json.dumps({"references": [{"url": "javascript:alert(1)"}]})},
        "questions.json",
        None,
        "/references/0/url is a javascript: URL",
    ),
    (
        "data: in JSON",
        {"questions.json": json.dumps({"url": "data:text/html,x"})},
        "questions.json",
        None,
        "/url is a data: URL",
    ),
    (
        "HTML with a handler in the search index",
        {"search/search_index.json": json.dumps({"docs": [{"text": '<p>x<img src="a.png" onerror="alert(1)"></p>'}]})},
        "search/search_index.json",
        None,
        "the onerror attribute of <img>",
    ),
    (
        "a script in the search index",
        {"search/search_index.json": json.dumps({"docs": [{"text": "<script>x</script>"}]})},
        "search/search_index.json",
        None,
        "an inline <script>",
    ),
    (
        "the theme's configuration pointing elsewhere",
        {"topics/a/index.html": page().replace('"search": "', '"search": "data:text/javascript,alert(1)//')},
        "topics/a/index.html",
        15,
        "the theme's configuration /search is a data: URL",
    ),
    (
        "a style attribute in content",
        {"topics/a/index.html": page(body='<p style="position:fixed;inset:0;z-index:9">x</p>')},
        "topics/a/index.html",
        13,
        "a style attribute on <p>",
    ),
    (
        "a style on a table cell beyond alignment",
        {
            "topics/a/index.html": page(
                body='<table><tr><td style="text-align: right; position: fixed">1</td></tr></table>'
            )
        },
        "topics/a/index.html",
        13,
        "a style attribute on <td>",
    ),
    (
        "a style attribute outside content",
        {"topics/a/index.html": page(head='<meta name="x" style="color:red">')},
        "topics/a/index.html",
        5,
        "a style attribute on <meta>",
    ),
    (
        "__config in content",
        {"topics/a/index.html": page(body='<div id="__config">{}</div>')},
        "topics/a/index.html",
        13,
        "the id '__config' on <div>",
    ),
    (
        "a theme id after leaving the article early",
        {"topics/a/index.html": page(body='</article><div id="__drawer">')},
        "topics/a/index.html",
        13,
        "the id '__drawer' on <div>",
    ),
    (
        "an unknown __ id outside content",
        {"topics/a/index.html": page(head='<meta id="__evil">')},
        "topics/a/index.html",
        5,
        "the id '__evil' on <meta>",
    ),
    (
        "a tracking image",
        {"topics/a/index.html": page(body='<img src="https://evil.example/t.gif">')},
        "topics/a/index.html",
        13,
        "loads from another host, evil.example",
    ),
    (
        "a protocol-relative image",
        {"topics/a/index.html": page(body=r'<img src="\\evil.example/t.gif">')},
        "topics/a/index.html",
        13,
        "loads from another host, evil.example",
    ),
    (
        "a srcset from another host",
        {"topics/a/index.html": page(body='<img src="a.png" srcset="a.png 1x, https://evil.example/b.png 2x">')},
        "topics/a/index.html",
        13,
        "the srcset of <img> loads from another host",
    ),
    (
        "a stylesheet from another host",
        {"topics/a/index.html": page(head='<link rel="stylesheet" href="https://evil.example/x.css">')},
        "topics/a/index.html",
        5,
        "the href of <link> loads from another host",
    ),
    (
        "an iframe",
        {"topics/a/index.html": page(body='<iframe srcdoc="<script>alert(1)</script>"></iframe>')},
        "topics/a/index.html",
        13,
        "a <iframe> element",
    ),
    (
        "a base element",
        {"topics/a/index.html": page(head='<base href="https://evil.example/">')},
        "topics/a/index.html",
        5,
        "a <base> element",
    ),
    (
        "a refresh",
        {"topics/a/index.html": page(head='<meta http-equiv="refresh" content="0;url=https://evil.example/">')},
        "topics/a/index.html",
        5,
        "pages may not redirect",
    ),
    (
        "a form sent elsewhere",
        {"topics/a/index.html": page(body='<form action="https://evil.example/collect"></form>')},
        "topics/a/index.html",
        13,
        "the action of <form> loads from another host",
    ),
    (
        "CSS @import of another host",
        {"stylesheets/extra.css": '@import "https://evil.example/x.css";\n.x{}'},
        "stylesheets/extra.css",
        1,
        "a CSS @import loads from another host",
    ),
    (
        "CSS @import escaped",
        {"stylesheets/extra.css": "\n@\\69mport url(//evil.example/x.css);"},
        "stylesheets/extra.css",
        2,
        "loads from another host, evil.example",
    ),
    (
        "CSS url() escaped",
        {"stylesheets/extra.css": ".a{}\n\n.x{background:u\\72l(https://evil.example/t.gif)}"},
        "stylesheets/extra.css",
        3,
        "a CSS url() loads from another host",
    ),
    (
        "CSS in a style element loading elsewhere",
        {"topics/a/index.html": page(body='<p style="background:url(https://evil.example/t.gif)">x</p>')},
        "topics/a/index.html",
        13,
        "a CSS url() loads from another host",
    ),
    (
        "an SVG with a script",
        {"images/x.svg": '<svg xmlns="http://www.w3.org/2000/svg">\n<script>alert(1)</script></svg>'},
        "images/x.svg",
        2,
        "an inline <script>",
    ),
    (
        "an SVG with a handler",
        {"images/x.svg": '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"></svg>'},
        "images/x.svg",
        1,
        "the onload attribute of <svg>",
    ),
    (
        "an SVG with HTML inside",
        {"images/x.svg": "<svg><foreignObject><p>x</p></foreignObject></svg>"},
        "images/x.svg",
        1,
        "foreignObject",
    ),
    (
        "an SVG loading elsewhere",
        {"images/x.svg": '<svg><image href="https://evil.example/t.png"/></svg>'},
        "images/x.svg",
        1,
        "the href of <image> loads from another host",
    ),
    (
        "an HTML file beside the pages",
        {"extra/x.htm": '<p>x</p><script src="https://evil.example/x.js"></script>'},
        "extra/x.htm",
        1,
        "that is not one of the site's scripts",
    ),
    (
        "an XML file with a stylesheet",
        {"feed.xml": '<?xml-stylesheet href="https://evil.example/x.xsl"?><a/>'},
        "feed.xml",
        1,
        "an xml-stylesheet instruction",
    ),
]


@pytest.mark.parametrize("what, files, path, line, says", CASES, ids=[c[0] for c in CASES])
def test_each_payload_is_found(tmp_path, what, files, path, line, says):
    found = scan_site.scan_site(make_site(tmp_path, files))
    assert any(p.path == path and p.line == line and says in p.message for p in found), (
        f"{what}: expected {path}:{line}: …{says}…, found:\n" + "\n".join(map(str, found))
    )


def test_link_to_another_host_is_fine_but_a_load_is_not(tmp_path):
    site = make_site(
        tmp_path,
        {
            "topics/a/index.html": page(
                body='<a href="https://elsewhere.example/">x</a><img src="https://site.example/docs/a.png">'
            )
        },
    )
    assert scan_site.scan_site(site) == []
    assert scan_site.scan_site(site, hosts={"other.example"}), "the site's own host was not taken from --host"


def test_site_hosts_come_from_the_sitemap(tmp_path):
    assert scan_site.site_hosts(make_site(tmp_path, {})) == {"site.example"}


def test_known_inline_script_with_any_base(tmp_path):
    """Material writes the page's base path into its helpers; every base is the same known script."""
    files = {"index.html": page(base="."), "404.html": page(base="/"), "topics/a/index.html": page(base="../..")}
    assert scan_site.scan_site(make_site(tmp_path, files)) == []


def test_cli(tmp_path, capsys):
    assert scan_site.main([str(make_site(tmp_path, {}))]) == 0
    assert "nothing found" in capsys.readouterr().out
    bad = make_site(tmp_path / "bad", {"topics/a/index.html": page(body='<img src="x" onerror="alert(1)">')})
    assert scan_site.main([str(bad)]) == 1
    out = capsys.readouterr().out
    assert "topics/a/index.html:13: an inline event handler, the onerror attribute of <img>" in out
