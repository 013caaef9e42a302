"""Accessibility checks shared by the browser tests (staff pages and the chat widget).

axe-core (npm, MPL-2.0) is installed by scripts/setup-browser.sh into var/axe/ (gitignored); when
it is missing the check runs that script once, and fails (never skips) if it still cannot get it.
The script is evaluated through the DevTools protocol, so the pages' Content-Security-Policy
(script-src 'self') does not stop it. Each run's violations are written to artefacts/axe/<name>.json.
"""
from __future__ import annotations

import json
import subprocess
from functools import lru_cache
from pathlib import Path

REPO = Path(__file__).resolve().parents[3]
AXE = REPO / "var" / "axe" / "node_modules" / "axe-core" / "axe.min.js"
OUT = REPO / "artefacts" / "axe"
BLOCKING = ("serious", "critical")


@lru_cache(maxsize=1)
def axe_source() -> str:
    if not AXE.exists():
        p = subprocess.run(["bash", str(REPO / "scripts" / "setup-browser.sh")], capture_output=True, text=True,
                           timeout=600)
        assert AXE.exists(), f"axe-core is missing and scripts/setup-browser.sh did not install it: {p.stderr[-500:]}"
    return AXE.read_text(encoding="utf-8")


def violations(page, name: str) -> list[dict]:
    """Run axe-core (WCAG 2.x A and AA rules and best practices) on the page as it is now."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(axe_source())
    found = page.evaluate("""async () => {
        const r = await axe.run(document, {resultTypes: ['violations']});
        return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
            nodes: v.nodes.slice(0, 5).map(n => n.target.join(' '))}));
    }""")
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / f"{name}.json").write_text(json.dumps({"url": page.url, "violations": found}, indent=2), encoding="utf-8")
    return found


def assert_accessible(page, name: str) -> list[dict]:
    """No serious or critical axe violation; returns the minor/moderate ones (recorded, not failed)."""
    found = violations(page, name)
    bad = [v for v in found if v["impact"] in BLOCKING]
    assert not bad, f"{name}: axe found serious/critical violations: " + json.dumps(bad, indent=1)
    return found


def _lum(rgb: tuple[float, float, float]) -> float:
    def ch(c: float) -> float:
        c /= 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (ch(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def parse_rgb(css: str) -> tuple[float, float, float]:
    inner = css[css.index("(") + 1: css.index(")")].replace("/", " ").replace(",", " ").split()
    return tuple(float(x) for x in inner[:3])  # type: ignore[return-value]


def contrast(a: str, b: str) -> float:
    la, lb = _lum(parse_rgb(a)), _lum(parse_rgb(b))
    hi, lo = max(la, lb), min(la, lb)
    return (hi + 0.05) / (lo + 0.05)


# The focused element's outline and the colour the ring is drawn on (the first opaque background
# among its ancestors: the ring sits outside the element, offset from it).
FOCUS_RING_JS = """() => {
    const el = document.activeElement;
    const cs = getComputedStyle(el);
    let node = el.parentElement, bg = 'rgb(255, 255, 255)';
    while (node) {
        const b = getComputedStyle(node).backgroundColor;
        if (b && b !== 'transparent' && !b.startsWith('rgba(0, 0, 0, 0)')) { bg = b; break; }
        node = node.parentElement;
    }
    return {tag: el.tagName, cls: el.className, style: cs.outlineStyle, width: parseFloat(cs.outlineWidth),
            color: cs.outlineColor, background: bg, visible: el.matches(':focus-visible')};
}"""
