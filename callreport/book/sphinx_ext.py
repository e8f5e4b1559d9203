"""The book's own Sphinx extension.

- Renders Vega-Lite outputs as interactive figures (a myst-nb mime renderer),
  with a static SVG fallback, the data as a table and a CSV download.
- Serves vega, vega-lite and vega-embed from the book itself, pinned by
  vl-convert-python, with Vega's expression interpreter, and loads them only on pages
  that hold a chart.
- Writes each chart's SVG, PNG, CSV and spec under charts/, and describes each chapter's sharing
  card (callreport.book.cards, which draws them after the build) in _build/cards/.
- Holds every page to the strict Content Security Policy in callreport.book.csp: the policy
  as the first tag of the head, the theme's inline scripts and onclick buttons moved into files.
- Closes each "How we counted" box, stored open so that JupyterLab shows it (callreport.report.chapter).
"""

from __future__ import annotations

import functools
import hashlib
import json
import posixpath
import re
from pathlib import Path
from typing import ClassVar

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.errors import ExtensionError
from sphinx.util import logging

from callreport.book import cards, citation, csp, downloads, masthead, metadata, reading, vendor
from callreport.dataset import codebook, paths
from callreport.report import chapter, figures, html_tables, prose, theme, typeface
from callreport.report.escape import html_attr, html_text, script_json, url

logger = logging.getLogger(__name__)
STATIC = Path(__file__).parent / "static"
FONTS_DIR = "fonts"  # _static/fonts/: the book's faces (callreport.report.typeface)
PALETTE_CSS = "palette.css"  # _static/palette.css: each meaning's colour for HTML marks (theme.palette_css)
FONTS_CSS = "fonts.css"  # _static/fonts.css: their @font-face rules and the stacks report.css sets text in
# Each weight of the sans face a chart sets text in: charts.js waits for them, so that Vega measures
# its labels in the face it draws them in.
CHART_FONTS = [f"{face.weight} 12px '{face.family}'" for face in typeface.FACES if face.family == typeface.SANS]
TEMPLATES = Path(__file__).parent / "templates"
CHARTS_DIR = "charts"
VEGA_BUNDLE = f"vendor/{vendor.vendored().name}"
INTERPRETER = f"vendor/{vendor.vendored_interpreter().name}"
# The theme's header buttons that run script, by the code it would put in their onclick attribute,
# and the action static/buttons.js binds to them instead.
BUTTON_ACTIONS = {"window.print()": "print", "toggleFullScreen()": "fullscreen"}


def _relative(docname: str, target: str) -> str:
    return posixpath.relpath(target, posixpath.dirname(docname) or ".")


KEYS = "Keyboard: Tab to the chart's first mark, arrow keys to the others, Enter to read it in the article."


def chart_html(spec: dict, docname: str) -> str:
    """The figure a chart becomes in the book: the visible caption (takeaway title, what is drawn, source),
    view and fallback, the long description in a "Describe this chart" disclosure, data table and downloads."""
    meta = figures.figure_meta(spec)
    fig_id = meta["id"]
    title = figures.title_text(spec)
    subtitle = spec["title"].get("subtitle", "") if isinstance(spec["title"], dict) else ""
    description = spec["description"]
    files = _relative(docname, f"{CHARTS_DIR}/{fig_id}")
    rows = figures.table_rows(spec)
    table = html_tables.html_table(rows, list(meta["columns"].values()), caption=f"Data behind the chart: {title}")
    label = (
        f"Interactive chart: {title}. Tap, hover or focus a mark for its text; its link to the article appears below."
    )
    download_links = " · ".join(
        f'<a href="{url(files + suffix)}" download>{what}</a>'
        for suffix, what in ((".csv", "data (CSV)"), (".svg", "chart (SVG)"), (".png", "chart (PNG)"))
    )
    download_links += f' · <a href="{url(files + ".vl.json")}" download>Vega-Lite spec (JSON)</a>'
    source = meta.get("source", "")
    # What a reader can do with the live chart: screen only (report.css leaves it out of print).
    how = " ".join(filter(None, [meta.get("how", ""), KEYS]))
    return "\n".join(
        [
            f'<figure class="report-chart" id="{html_attr(fig_id)}" aria-labelledby="{html_attr(fig_id)}-title">',
            '<figcaption class="report-chart__caption">'
            f'<span class="report-chart__title" id="{html_attr(fig_id)}-title">'
            f"{html_text(title)}</span>"
            f'<span class="report-chart__subtitle">{html_text(subtitle)}</span>'
            f'<span class="report-chart__source">{html_text(source)} · '
            f'<a class="headerlink-figure" href="#{html_attr(fig_id)}">Link to this chart</a></span></figcaption>',
            f'<div class="report-chart__view" role="group" tabindex="0" data-spec="{html_attr(fig_id)}-spec" '
            f'data-figure="{html_attr(fig_id)}" aria-label="{html_attr(label)}" '
            f'aria-describedby="{html_attr(fig_id)}-description">',
            f'<img class="report-chart__fallback" src="{url(files + ".svg")}" alt="{html_attr(description)}" '
            'loading="eager">',
            "</div>",
            f'<p class="report-chart__how">{html_text(how)}</p>',
            f'<p class="report-chart__follow" id="{html_attr(fig_id)}-follow" aria-live="polite"></p>',
            '<details class="report-chart__describe"><summary>Describe this chart</summary>',
            f'<p id="{html_attr(fig_id)}-description">{html_text(description)}</p>',
            "</details>",
            f'<details class="report-chart__data"><summary>The data behind this chart ({len(rows)} rows)</summary>',
            table,
            "</details>",
            f'<p class="report-chart__downloads">Download: {download_links}</p>',
            f'<script type="application/json" id="{html_attr(fig_id)}-spec">{script_json(spec)}</script>',
            "</figure>",
        ]
    )


class VegaLiteRenderer:
    """myst-nb mime renderer: a Vega-Lite v6 output becomes the book's chart figure."""

    mime_priority_overrides: ClassVar = [(b, figures.VEGALITE_MIME, 1) for b in ("html", "dirhtml", "singlehtml")]

    @staticmethod
    def handle_mime(renderer, data, inline):
        if data.mime_type != figures.VEGALITE_MIME or inline:
            return None
        spec = data.content if isinstance(data.content, dict) else json.loads(data.string)
        env = renderer.renderer.sphinx_env
        fig_id = figures.figure_meta(spec)["id"]
        charts = _charts(env).setdefault(env.docname, {})
        charts[fig_id] = spec
        return [nodes.raw("", chart_html(spec, env.docname), format="html")]


def _charts(env) -> dict[str, dict[str, dict]]:
    """The charts found on each page, kept in the environment so incremental builds keep them."""
    if not hasattr(env, "callreport_charts"):
        env.callreport_charts = {}
    return env.callreport_charts


def _purge(app: Sphinx, env, docname: str) -> None:
    _charts(env).pop(docname, None)


def _merge(app: Sphinx, env, docnames, other) -> None:
    for docname in docnames:
        if docname in _charts(other):
            _charts(env)[docname] = _charts(other)[docname]


def _check_unique(app: Sphinx, env) -> None:
    seen: dict[str, str] = {}
    for docname, charts in sorted(_charts(env).items()):
        for fig_id in charts:
            if fig_id in seen:
                logger.warning("figure id %s is used on both %s and %s", fig_id, seen[fig_id], docname)
            seen[fig_id] = docname


def _page_assets(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """Load the chart script only where a chart is, the table script only where a table is."""
    body = context.get("body", "")
    if not app.env.get_domain("math").has_equations(pagename):
        # Sphinx's single-page builder adds MathJax (from a CDN) to every page; this book has no math.
        context["script_files"][:] = [js for js in context["script_files"] if "mathjax" not in str(js.filename).lower()]
    if "report-chart__view" in body:
        # charts.js fetches the Vega bundle and its interpreter itself, when a chart first nears the viewport.
        bundle = context["pathto"](f"_static/{VEGA_BUNDLE}", 1)
        interpreter = context["pathto"](f"_static/{INTERPRETER}", 1)
        fonts = {"data-vega": bundle, "data-interpreter": interpreter, "data-fonts": json.dumps(CHART_FONTS)}
        app.add_js_file("charts.js", loading_method="defer", **fonts)
    if "report-table" in body:
        app.add_js_file("tables.js", loading_method="defer")


def _defer_scripts(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """Run every script file after the page is parsed, so none holds back the first paint on a slow
    phone. Deferred scripts run in the page's order, so documentation_options.js still sets its
    globals before the scripts that read them (the page's inline scripts too, now files: csp.py).
    The search page stays as it is: its theme template loads the search scripts, which need doctools.js."""
    if pagename == "search":
        return
    files = context.get("script_files", [])
    for i, js in enumerate(files):
        waits = {"defer", "async"} & set(js.attributes) or js.attributes.get("type") == "module"
        if js.filename and not waits:
            files[i] = type(js)(js.filename, priority=js.priority, **{**js.attributes, "defer": "defer"})


def _write_assets(app: Sphinx, exception) -> None:
    if exception is not None or app.builder.format != "html":
        return
    outdir = Path(app.outdir)
    # Sphinx does not overwrite a changed static file on an incremental build; these must be current.
    for source in (p for p in STATIC.rglob("*") if p.is_file()):
        target = outdir / "_static" / source.relative_to(STATIC)
        target.parent.mkdir(parents=True, exist_ok=True)
        _write_if_changed(target, source.read_bytes())
    downloads.write(outdir)
    target = outdir / CHARTS_DIR
    target.mkdir(exist_ok=True)
    for docname, charts in _charts(app.env).items():
        drawings = _drawings(app, docname) if charts else {}
        for fig_id, spec in charts.items():
            _write_if_changed(target / f"{fig_id}.vl.json", json.dumps(spec, indent=1, sort_keys=True).encode())
            _write_if_changed(target / f"{fig_id}.svg", drawings[fig_id]["svg"].encode())
            _write_if_changed(target / f"{fig_id}.png", drawings[fig_id]["png"])
            _write_if_changed(target / f"{fig_id}.csv", figures.to_csv(spec).encode())


def _drawings(app: Sphinx, docname: str) -> dict[str, dict]:
    """Each chart's drawings, SVG and PNG, from the outputs committed in the page's notebook:
    the build draws no chart of its own (make outputs did)."""
    notebook = json.loads(Path(app.env.doc2path(docname)).read_text(encoding="utf-8"))
    found = {}
    for cell in notebook["cells"]:
        for output in cell.get("outputs", []):
            bundle = output.get("data", {})
            if figures.VEGALITE_MIME not in bundle:
                continue
            if "image/svg+xml" not in bundle:
                raise ExtensionError(f"{docname}: a chart's output lacks its drawing: run make outputs")
            svg = "".join(bundle["image/svg+xml"])
            found[figures.figure_meta(bundle[figures.VEGALITE_MIME])["id"]] = {"svg": svg, "png": _picture(svg)}
    return found


@functools.cache
def _faces() -> str:
    return typeface.fingerprint()


def _picture(svg: str) -> bytes:
    """The drawing as the PNG download, rasterised once for each drawing and set of faces the machine
    has (typeface.fingerprint), and kept in _build/pictures/ for the next build."""
    key = hashlib.sha256(f"{_faces()}\n{svg}".encode()).hexdigest()[:32]
    cached = paths.BUILD / "pictures" / f"{key}.png"
    if not cached.exists():
        cached.parent.mkdir(parents=True, exist_ok=True)
        cached.write_bytes(figures.to_png(svg, scale=figures.PNG_SCALE))
    return cached.read_bytes()


def _mystnb_css_first(app: Sphinx) -> None:
    """myst-nb copies its stylesheet only after the pages are written, so a clean build links it
    without the ?v=checksum that a rebuild adds. Copied before any page, both write the same pages."""
    if app.builder.format == "html":
        from myst_nb.sphinx_ext import add_global_html_resources

        (Path(app.outdir) / "_static").mkdir(parents=True, exist_ok=True)
        add_global_html_resources(app, None)


def _type_first(app: Sphinx) -> None:
    """The faces and their stylesheet, and the palette's, written before any page, so that a clean
    build links fonts.css and palette.css with the same ?v=checksum as a rebuild does."""
    if app.builder.format != "html":
        return
    static = Path(app.outdir) / "_static"
    (static / FONTS_DIR).mkdir(parents=True, exist_ok=True)
    for face in typeface.FACES:
        _write_if_changed(static / FONTS_DIR / face.file, (typeface.FONTS / face.file).read_bytes())
    _write_if_changed(static / FONTS_CSS, typeface.font_face_css(f"{FONTS_DIR}/").encode())
    _write_if_changed(static / PALETTE_CSS, theme.palette_css().encode())


def _write_if_changed(path: Path, content: bytes) -> None:
    if not path.exists() or path.read_bytes() != content:
        path.write_bytes(content)


def _configure(app: Sphinx, config) -> None:
    """Serve our static files, and derive every address and credit from the one metadata source."""
    config.html_static_path.append(str(STATIC))
    config.templates_path.insert(0, str(TEMPLATES))  # before the theme's components, which it overrides
    # The faces the first screen sets text in, fetched before the stylesheet that names them is read.
    config.html_context["report_font_preloads"] = [f"_static/{FONTS_DIR}/{f.file}" for f in typeface.FACES if f.preload]
    meta = metadata.read()
    config.html_baseurl = meta.url
    config.ogp_site_url = meta.url
    config.ogp_site_name = meta.title
    config.notfound_urls_prefix = meta.base_path
    config.notfound_context = {
        "title": "Page not found",
        "body": (
            "<h1>Page not found</h1><p>There is no page at this address in "
            f"<em>{html_text(meta.title)}</em>. Chapters keep their addresses from version to version; "
            f'start again from <a href="{url(meta.base_path + "chapters/index.html")}">the landing page</a>.</p>'
        ),
    }
    config.copyright = f"{meta.year}, {meta.author}"
    options = config.html_theme_options
    # The theme writes the book's title into its navbar as raw HTML unless a logo text is given.
    logo = {**options.get("logo", {}), "text": html_text(meta.title)}
    config.html_theme_options = {
        **options,
        **masthead.HEADER_OPTIONS,
        "extra_footer": metadata.footer_html(meta),
        "logo": logo,
    }


def _first_chart(app: Sphinx, pagename: str) -> dict | None:
    charts = _charts(app.env).get(pagename) or {}
    return next(iter(charts.values()), None)


def _complete_sitemap(app: Sphinx, exception) -> None:
    """sphinx-sitemap lists the pages written in this run, in the order written; an incremental build
    writes few. Give it every chapter, sorted, before it writes sitemap.xml, so a rebuild writes what
    a clean build does."""
    if exception is not None or app.builder.name != "html":
        return
    links = app.env.app.sitemap_links
    queued = {}
    while not links.empty():
        link, updated = links.get_nowait()
        queued[link] = updated
    for docname in app.env.all_docs:
        queued.setdefault(f"{docname}.html", None)
    for link in sorted(queued):
        links.put((link, queued[link]))


def _citation(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """On every chapter: the cite box, the citation_* tags, and the chapter's sharing card as its preview image."""
    if pagename not in app.env.all_docs:
        return
    meta = metadata.read()
    if app.builder.name == "singlehtml":  # the PDF: one cover, and links between chapters become in-page
        body = re.sub(r'href="(?:\.\./)?(?:chapters/)?[a-z]+\.html#', 'href="#', context.get("body", ""))
        context["body"] = metadata.cover_html(meta) + body
        return
    title = app.env.titles[pagename].astext()
    page = citation.Page(pagename, title, reading.lead(context.get("body", "")))
    context["body"] = about_chapter(context.get("body", ""), citation.cite_box_html(meta, page))
    # The description is the page's whole opening paragraph, its numbers filled in: written here, so
    # sphinxext-opengraph (which would cut its own from the unrendered text) writes none of its own.
    context["metatags"] = context.get("metatags", "") + (
        f'<meta name="description" content="{html_attr(page.abstract)}" />\n' + citation.meta_html(meta, page)
    )
    fields = context.get("meta") if context.get("meta") is not None else {}
    context["meta"] = fields
    fields["og:description"] = html_attr(page.abstract)  # sphinxext-opengraph escapes only double quotes
    if app.builder.name == "html":
        for path, text in citation.files(meta, page).items():
            target = Path(app.outdir) / path
            target.parent.mkdir(parents=True, exist_ok=True)
            _write_if_changed(target, text.encode("utf-8"))
        _sharing_card(app, pagename, context, meta, title)


def _sharing_card(app: Sphinx, pagename: str, context: dict, meta: metadata.Metadata, title: str) -> None:
    """The chapter's preview image (OpenGraph, Twitter): its card, described for drawing into cards/."""
    spec = _first_chart(app, pagename)
    chart_svg = _drawings(app, pagename)[figures.figure_meta(spec)["id"]]["svg"] if spec else None
    card = cards.Card(
        report=meta.title,
        chapter=title,
        finding=cards.finding(context.get("body", "")),
        chart_svg=chart_svg,
        chart_title=figures.title_text(spec) if spec else "",
        address=meta.url.split("://", 1)[-1].rstrip("/"),
    )
    path = f"{cards.PICTURES}/{pagename}.png"  # drawn after the build: make cards (python -m callreport.book.cards)
    description = Path(app.outdir).parent / cards.DESCRIPTIONS / f"{pagename}.json"
    description.parent.mkdir(parents=True, exist_ok=True)
    _write_if_changed(description, cards.describe(card))
    image = f"{meta.url}{path}"
    fields = context["meta"]
    fields["og:image"] = image
    # sphinxext-opengraph escapes only double quotes in what it writes.
    fields["og:image:alt"] = html_attr(cards.alt_text(card))
    fields["og:image:width"], fields["og:image:height"] = str(cards.WIDTH), str(cards.HEIGHT)
    context["metatags"] += (
        '<meta name="twitter:card" content="summary_large_image" />\n'
        f'<meta name="twitter:image" content="{html_attr(image)}" />\n'
        f'<meta name="twitter:image:alt" content="{html_attr(cards.alt_text(card))}" />\n'
        f'<meta name="twitter:title" content="{html_attr(title)}" />\n'
    )


# The last section of a chapter, "Data used in this chapter" (its heading and the data_used list).
DATA_USED = re.compile(
    r'<section id="data-used-in-this-chapter">\s*<h2>(.*?)<a class="headerlink"[^>]*>#</a></h2>(.*?)</section>', re.S
)


def about_chapter(body: str, cite_box: str) -> str:
    """The chapter's furniture folded into one collapsed footer: the data it used, then how to cite it."""
    used = DATA_USED.search(body)
    inside = ""
    if used:
        body = body[: used.start()] + body[used.end() :]
        inside = f'<section id="data-used-in-this-chapter"><h2>{used.group(1)}</h2>{used.group(2)}</section>'
    return (
        f'{body}<details class="about-chapter" id="about-this-chapter"><summary>About this chapter: '
        f"{'the data it uses, and ' if used else ''}how to cite it</summary>{inside}{cite_box}</details>"
    )


def _download_menu(app: Sphinx, pagename: str, context: dict) -> None:
    """The download menu offers the chapter's notebook (or source), the data and the whole report's
    PDF (report.pdf), where the theme's ".pdf" printed the current page."""
    for button in context.get("header_buttons", []):
        if button.get("label") != "download-buttons":
            continue
        pathto = context["pathto"]
        source = next((b for b in button["buttons"] if b.get("label") == "download-notebook-button"), None)
        source = source or next(b for b in button["buttons"] if b.get("label") == "download-source-button")
        descriptor = codebook.read_descriptor(paths.DATA / "datapackage.json")
        source.update(text="This chapter's notebook" if source["url"].endswith(".ipynb") else "This page's source")
        button["tooltip"] = "Downloads"
        button["buttons"] = [
            source,
            {
                "type": "link",
                "url": pathto(f"data/{codebook.zip_name(descriptor)}", 1),
                "text": "The data (zip)",
                "tooltip": "The whole data package this chapter draws on",
                "icon": "fas fa-table",
                "label": "download-data-button",
            },
            {
                "type": "link",
                "url": pathto(metadata.PDF_NAME, 1),
                "text": "The whole report (PDF)",
                "tooltip": "The whole report as one PDF",
                "icon": "fas fa-file-pdf",
                "label": "download-pdf-button",
            },
        ]


def _masthead(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """The kicker above each chapter's headline and the byline under its dek (callreport/book/masthead.py)."""
    if "body" not in context or pagename not in app.env.found_docs:
        return
    meta = metadata.read()
    root = app.config.root_doc
    pathto = context["pathto"]
    where = masthead.place(pagename, metadata.parts(), metadata.REPORT_PART)
    top = masthead.kicker(meta, pathto(root), None if pagename == root else where)
    # The report's chapters carry a byline; the front page's own header block has one
    # (callreport.report.frontpage.header), and the pages about the data and their use need none.
    chapters = metadata.parts()[metadata.REPORT_PART]
    under = masthead.byline(meta, pathto("chapters/changes")) if pagename in chapters else ""
    try:
        context["body"] = masthead.set_around(context["body"], top, under)
    except ValueError as error:
        raise ExtensionError(f"{pagename}: {error}") from None


def _close_counted(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """Every "How we counted" box on the page closed: a disclosure the reader opens."""
    if "body" in context:
        context["body"] = chapter.book_closed(context["body"])


def _strict_page(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """After every other extension: the policy first in the head, no inline script, no onclick."""
    context["metatags"] = f"{csp.META}\n{context.get('metatags', '')}"
    _download_menu(app, pagename, context)
    if _bind_header_buttons(context.get("header_buttons", [])):
        app.add_js_file("buttons.js", loading_method="defer")
    context["script_files"] = csp.externalise_scripts(context["script_files"], Path(app.outdir))


def _bind_header_buttons(buttons: list[dict]) -> bool:
    """Turn the theme's script buttons into buttons static/buttons.js binds; True if there are any."""
    found = False
    for button in buttons:
        if button.get("type") == "group":
            found = _bind_header_buttons(button["buttons"]) or found
        elif button.get("type") == "javascript":
            code = button.pop("javascript")
            if code not in BUTTON_ACTIONS:
                raise ExtensionError(f"the theme has a header button running {code!r}: give it an action in buttons.js")
            button.update(type="action", action=BUTTON_ACTIONS[code])
            found = True
    return found


def _root_redirect(app: Sphinx, exception) -> None:
    """The site's root page: a redirect to the landing page, under the same policy as every page.
    (sphinx-external-toc writes a bare one when none exists; this runs first.)"""
    if exception is not None or app.builder.format != "html":
        return
    target = f"{app.config.root_doc}.html"
    title = html_text(metadata.read().title)
    page = (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8" />\n'
        f'{csp.META}\n<meta http-equiv="Refresh" content="0; url={url(target)}" />\n'
        f"<title>{title}</title>\n</head>\n"
        f'<body><p><a href="{url(target)}">{title}</a></p></body>\n</html>\n'
    )
    _write_if_changed(Path(app.outdir) / "index.html", page.encode())


class _CitedValue:
    """The {eval} role of the chapters' prose, shown in the book as the value the notebook glued under
    the same key (myst-nb's own eval role needs a running kernel; the book renders stored outputs).
    Only the two forms callreport.report.prose.CITATION allows: `key`, or `format(key, 'spec')`."""

    def __call__(self, name, rawtext, text, lineno, inliner, options=None, content=()):
        from myst_nb.ext.glue.roles import PasteRoleAny, PasteTextRole

        match = prose.CITATION.fullmatch(f"{{eval}}`{text}`")
        if match is None:
            message = inliner.reporter.error(
                f"{{eval}}`{text}` is not a citation of a finding: write {{eval}}`key` or "
                f"{{eval}}`format(key, 'spec')`",
                line=lineno,
            )
            return [inliner.problematic(rawtext, rawtext, message)], [message]
        plain, key, spec = match.groups()
        if plain:
            return PasteRoleAny()(name, rawtext, plain, lineno, inliner, options, content)
        return PasteTextRole()(name, rawtext, f"{key}:{spec}", lineno, inliner, options, content)


def _cited_values(app: Sphinx) -> None:
    """After every extension's setup, so this role, not myst-nb's, reads {eval}."""
    app.add_role("eval", _CitedValue(), override=True)


def setup(app: Sphinx) -> dict:
    app.connect("config-inited", _configure)
    app.connect("builder-inited", _mystnb_css_first)
    app.connect("builder-inited", _type_first)
    app.connect("builder-inited", _cited_values)
    app.add_css_file(FONTS_CSS)
    app.add_css_file("icons.css")
    app.add_css_file(PALETTE_CSS)
    app.add_css_file("report.css")
    app.add_js_file("menu.js", loading_method="defer")
    app.add_js_file("backlink.js", loading_method="defer")
    app.connect("env-purge-doc", _purge)
    app.connect("env-merge-info", _merge)
    app.connect("env-check-consistency", _check_unique)
    app.connect("html-page-context", _citation, priority=400)  # before sphinxext-opengraph reads og:image
    app.connect("html-page-context", _page_assets)
    app.connect("html-page-context", _close_counted)
    app.connect("html-page-context", _masthead)
    app.connect("html-page-context", _strict_page, priority=900)  # after the theme adds its scripts and buttons
    app.connect("html-page-context", _defer_scripts, priority=950)  # after every script, inline ones moved into files
    app.connect("build-finished", _write_assets)
    app.connect("build-finished", _complete_sitemap, priority=400)  # before sphinx-sitemap writes the file
    app.connect("build-finished", _root_redirect, priority=400)  # before sphinx-external-toc writes its own
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True, "env_version": 2}
