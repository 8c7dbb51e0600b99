"""Links: LinkChecker crawls the served site and finds no broken internal link or anchor.

LinkChecker (PyPI) follows every internal link from the home page, checks each
fragment against the target page's anchors (its AnchorCheck plugin), and reports
external links without fetching them.
"""

import csv
import io
import subprocess
import sys
from pathlib import Path

from conftest import site_pages

CONFIG = """\
[checking]
threads=4
# With the LinkChecker header our test server sends, this lifts the per-host throttle.
maxrequestspersecond=1000
[filtering]
checkextern=0
[AnchorCheck]
"""


def _linkchecker(url: str, tmp_path: Path) -> list[dict]:
    """Crawl ``url`` with LinkChecker; return its CSV rows (one per checked link)."""
    config = tmp_path / "linkcheckerrc"
    config.write_text(CONFIG, encoding="utf-8")
    linkchecker = Path(sys.executable).with_name("linkchecker")
    proc = subprocess.run([str(linkchecker), "--config", str(config), "--no-robots", "--no-status", "--verbose",
                           "--output", "csv", url], capture_output=True, text=True, timeout=900)
    assert proc.returncode in (0, 1), proc.stdout[-3000:] + proc.stderr[-3000:]  # 1: problems found
    lines = [ln for ln in proc.stdout.splitlines() if not ln.startswith("#")]
    return list(csv.DictReader(io.StringIO("\n".join(lines)), delimiter=";"))


def test_no_broken_internal_links_or_anchors(built_site, site_url, tmp_path):
    rows = _linkchecker(site_url, tmp_path)
    internal = [r for r in rows if r["url"].startswith(site_url)]
    broken = [f"{r['parentname'] or '(start)'}:{r['line']}: {r['urlname']} — {r['result']} {r['warningstring'][:200]}".strip()
              for r in internal if r["valid"] != "True" or r["warningstring"]]
    assert not broken, f"{len(broken)} broken link(s) or anchor(s):\n" + "\n".join(broken)
    # The crawl reached every page of the built site.
    checked = {r["url"].split("#")[0].removeprefix(site_url) for r in internal}
    assert set(site_pages(built_site)) - {"404.html"} <= checked
    # Fragments were checked against anchors (a question link on a topic page exists).
    assert any("#" in r["url"] for r in internal)
