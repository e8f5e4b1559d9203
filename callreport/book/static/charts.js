// Draws the page's charts with the self-hosted vega-embed, replacing their static SVGs.
// Loaded (deferred) only on pages that hold a chart. The Vega bundle itself (0.9 MB) is fetched
// only when a chart comes near the viewport, so a reader who never scrolls to one never pays
// for it; window.reportDrawAllCharts() draws them all at once (for printing, say).
// Under the book's Content Security Policy nothing may be compiled from text, so Vega's
// expressions run in its interpreter (vega-interpreter, fetched with the bundle), and the
// styles vega-embed and vega-tooltip would inject as <style> come from report.css instead.
(function () {
  "use strict";
  const bundle = document.currentScript.dataset.vega;
  const interpreter = document.currentScript.dataset.interpreter;
  // The book's sans face at each weight a chart uses (sphinx_ext.CHART_FONTS): Vega measures its
  // labels when it draws, so it waits for the face, or for the browser to refuse it.
  const fonts = JSON.parse(document.currentScript.dataset.fonts || "[]");
  const views = (window.reportCharts = window.reportCharts || {});
  const elements = Array.from(document.querySelectorAll(".report-chart__view[data-spec]"));
  let loading = null;

  function loadScript(src) {
    return new Promise(function (resolve, reject) {
      const script = document.createElement("script");
      script.src = src;
      script.onload = resolve;
      script.onerror = function () { reject(new Error("could not load " + src)); };
      document.head.appendChild(script);
    });
  }

  function loadVega() {
    if (!loading) {
      const faces = document.fonts
        ? Promise.all(fonts.map(function (font) { return document.fonts.load(font); })).catch(function () {})
        : Promise.resolve();
      loading = Promise.all([loadScript(bundle), loadScript(interpreter), faces]);
    }
    return loading;
  }

  function fail(element, error) {
    element.dataset.drawn = "failed";
    console.error("Chart " + element.dataset.figure + " could not be drawn: " + error);
  }

  // Vega sizes a single view to its container ("width": "container") by itself, but not the views of
  // a concatenation: those are drawn at a trial width, measured, and drawn again at the width that
  // makes the whole drawing (axis labels and legends included) exactly as wide as its column.
  function withWidth(spec, width) {
    const copy = JSON.parse(JSON.stringify(spec));
    (copy.vconcat || copy.hconcat || []).forEach(function (view) {
      if (view.width !== undefined) view.width = Math.max(80, Math.floor(width));
    });
    return copy;
  }

  // The page's colour mode (the theme sets data-theme on <html>): the chart's spec carries the
  // dark variant of its config in usermeta.figure.dark, merged over its own config in dark mode.
  function dark() {
    return document.documentElement.dataset.theme === "dark";
  }

  function merge(base, over) {
    const out = Object.assign({}, base);
    Object.keys(over || {}).forEach(function (key) {
      const value = over[key];
      out[key] = value && typeof value === "object" && !Array.isArray(value) ? merge(base[key] || {}, value) : value;
    });
    return out;
  }

  // The live drawing leaves its title to the figure's caption, which wraps at any width.
  function themed(spec) {
    const copy = Object.assign({}, spec);
    delete copy.title;
    const variant = spec.usermeta && spec.usermeta.figure && spec.usermeta.figure.dark;
    if (dark() && variant) copy.config = merge(spec.config || {}, variant);
    return copy;
  }

  // A tap (or click) on a mark shows its tooltip and, below the chart, a link to its text in the
  // annotated article: following it is a second, deliberate action.
  function offerLink(element, datum) {
    const follow = document.getElementById(element.dataset.figure + "-follow");
    if (!follow || !datum || !datum.href) return;
    const name = datum.quote_id || datum.demand_id || datum.event_id || datum.sentence_id || datum.marker_id ||
      (datum.actor_name && datum.issue ? datum.actor_name + " on " + datum.issue : "this mark");
    const link = document.createElement("a");
    link.href = datum.href;
    link.textContent = "Read " + name + " in the annotated article";
    follow.replaceChildren(link);
  }

  function showTooltip(view, event, item) {
    const tooltip = view.tooltip();
    if (!tooltip || !item || item.tooltip == null) return;
    tooltip.call(view, null, event, item, item.tooltip);
    // vega-tooltip flips a tooltip that would pass the window's right edge to the mark's left, where on
    // a phone it can pass the left edge instead: keep it inside the window.
    const box = document.getElementById("vg-tooltip-element");
    const rect = box ? box.getBoundingClientRect() : null;
    if (rect && rect.left < 4) box.style.left = parseFloat(box.style.left) - rect.left + 4 + "px";
  }

  function offerLinks(element, view) {
    view.addEventListener("click", function (event, item) {
      // A touch pointer leaves the mark as the finger lifts, which hides the tooltip the tap
      // showed; the click that follows shows it again, until the next tap elsewhere.
      showTooltip(view, event, item);
      offerLink(element, item && item.datum);
    });
  }

  // The marks that stand for a passage of the article, in drawing order: every item of a data mark
  // (not its text labels or rules) that carries a link and the label a screen reader announces.
  function linkedItems(view) {
    const found = [];
    (function walk(group) {
      (group.items || []).forEach(function (mark) {
        if (mark.marktype === "group") {
          mark.items.forEach(walk);
        } else if (mark.role === "mark" && mark.marktype !== "text" && mark.marktype !== "rule") {
          mark.items.forEach(function (item) {
            const node = item._svg;
            if (item.datum && item.datum.href && node && node.getAttribute("aria-label")) found.push(item);
          });
        }
      });
    })(view.scenegraph().root.items[0] || {});
    return found;
  }

  // The keyboard's way through a chart: Tab reaches its first mark (one stop a chart), the arrow
  // keys, Home and End move between marks, each announced as a link by its label; focusing a mark
  // shows its tooltip and the link below the chart, and Enter follows it.
  function keyboard(element, view) {
    const items = linkedItems(view);
    items.forEach(function (item, index) {
      const node = item._svg;
      node.setAttribute("tabindex", index === 0 ? "0" : "-1");
      node.setAttribute("role", "link");
      node.removeAttribute("aria-roledescription");
      node.addEventListener("focus", function () {
        items.forEach(function (other) { other._svg.setAttribute("tabindex", other === item ? "0" : "-1"); });
        const box = node.getBoundingClientRect();
        showTooltip(view, { clientX: box.right, clientY: box.top + box.height / 2 }, item);
        offerLink(element, item.datum);
      });
      node.addEventListener("blur", function () {
        const tooltip = view.tooltip();
        if (tooltip) tooltip.call(view, null, {}, item, null);  // no value: the tooltip hides
      });
      node.addEventListener("keydown", function (event) {
        const moves = { ArrowDown: 1, ArrowRight: 1, ArrowUp: -1, ArrowLeft: -1 };
        let next = null;
        if (event.key in moves) next = Math.min(items.length - 1, Math.max(0, index + moves[event.key]));
        else if (event.key === "Home") next = 0;
        else if (event.key === "End") next = items.length - 1;
        else if (event.key === "Enter") {
          event.preventDefault();
          window.location.assign(new URL(item.datum.href, document.baseURI).href);
          return;
        } else return;
        event.preventDefault();
        items[next]._svg.focus();
      });
    });
  }

  const options = {
    actions: false,
    renderer: "svg",
    ast: true,
    defaultStyle: false,
    tooltip: { theme: "light", disableDefaultStyle: true },
  };

  function embed(element, spec, width) {
    const target = document.createElement("div");
    target.className = "report-chart__live";
    element.appendChild(target);
    const opts = Object.assign({ expr: window.vegaInterpreter.expressionInterpreter }, options);
    return vegaEmbed(target, width === undefined ? spec : withWidth(spec, width), opts).then(
      function (result) { return { target: target, result: result }; },
      function (error) { target.remove(); throw error; }
    );
  }

  function drawnWidth(target) {
    const svg = target.querySelector("svg");
    return svg ? svg.getBoundingClientRect().width : 0;
  }

  // A chart whose words are wrapped for a phone may carry a variant wrapped for a wider column
  // (usermeta.figure.wide: its spec and the column width from which it is drawn instead).
  function forWidth(spec, column) {
    const wide = spec.usermeta && spec.usermeta.figure && spec.usermeta.figure.wide;
    return wide && column >= wide.min_width ? wide.spec : spec;
  }

  function render(element) {
    const column = element.clientWidth;
    const spec = themed(forWidth(JSON.parse(document.getElementById(element.dataset.spec).textContent), column));
    const old = element.querySelector(".report-chart__live");
    if (old) old.classList.add("report-chart__live--old");
    if (!(spec.vconcat || spec.hconcat)) return embed(element, spec);
    function attempt(width, tries) {
      return embed(element, spec, width).then(function (trial) {
        // Labels, legends and padding beside the views; or whatever still spills out of the column.
        const extra = Math.max(drawnWidth(trial.target) - column, element.scrollWidth - element.clientWidth);
        if (extra <= 0 && (extra > -2 || tries === 0)) return trial;
        if (tries === 0) return trial;  // still too wide after three tries: the width test says so
        trial.result.finalize();
        trial.target.remove();
        return attempt(width - extra - (tries < 2 ? 1 : 0), tries - 1);
      });
    }
    return attempt(column, 3);
  }

  function draw(element) {
    if (element.dataset.drawing) return element.drawing;
    element.dataset.drawing = "true";
    element.drawing = loadVega().then(function () { return redraw(element); });
    return element.drawing;
  }

  // Draw (or draw again, after a change of width or of colour mode), then swap the new drawing in.
  function redraw(element) {
    const id = element.dataset.figure;
    element.dataset.width = String(element.clientWidth);
    element.dataset.mode = dark() ? "dark" : "light";
    return render(element)
      .then(function (drawn) {
        // A brush is a mouse affordance with no content of its own; the data are in the table
        // beside the chart, so the brush's rectangles are hidden from assistive technology.
        drawn.target.querySelectorAll("g[class*='_brush']").forEach(function (g) {
          g.setAttribute("aria-hidden", "true");
        });
        // Vega puts a chart's bound inputs in a form it adds after the drawing, and adds it empty when
        // the chart binds none (none of the book's do): a form with no control and no way to send it.
        drawn.target.querySelectorAll("form.vega-bindings").forEach(function (form) {
          if (!form.elements.length) form.remove();
        });
        element.querySelectorAll(".report-chart__live--old").forEach(function (old) { old.remove(); });
        if (views[id]) views[id].finalize();
        const fallback = element.querySelector(".report-chart__fallback");
        if (fallback) fallback.remove();
        element.dataset.drawn = "true";
        if (performance.getEntriesByName("report-first-chart").length === 0) {
          performance.mark("report-first-chart");  // read by the benchmark (bench/run.py)
        }
        views[id] = drawn.result.view;
        offerLinks(element, drawn.result.view);
        keyboard(element, drawn.result.view);
      })
      .catch(function (error) {
        element.querySelectorAll(".report-chart__live--old").forEach(function (old) {
          old.classList.remove("report-chart__live--old");
        });
        fail(element, error);
      });
  }

  // A drawn chart whose column changes width (a rotated phone, a resized window, the print layout)
  // or whose page changes colour mode is drawn again; one redraw at a time per chart.
  function refresh(element) {
    if (element.dataset.drawn !== "true" || element.refreshing) return;
    const width = String(element.clientWidth);
    const mode = dark() ? "dark" : "light";
    if (width === element.dataset.width && mode === element.dataset.mode) return;
    element.dataset.redrawing = "true";
    element.refreshing = redraw(element).then(function () {
      element.refreshing = null;
      delete element.dataset.redrawing;
      refresh(element);
    });
  }

  const resizes = new ResizeObserver(function (entries) {
    entries.forEach(function (entry) { refresh(entry.target); });
  });
  elements.forEach(function (element) { resizes.observe(element); });
  new MutationObserver(function () { elements.forEach(refresh); }).observe(document.documentElement, {
    attributes: true,
    attributeFilter: ["data-theme"],
  });

  const observer = new IntersectionObserver(function (entries) {
    entries.forEach(function (entry) {
      if (entry.isIntersecting) {
        observer.unobserve(entry.target);
        draw(entry.target);
      }
    });
  }, { rootMargin: "100px 0px" });  // start a little before the chart scrolls into view
  elements.forEach(function (element) { observer.observe(element); });

  window.reportDrawAllCharts = function () {
    return Promise.all(elements.map(function (element) {
      observer.unobserve(element);
      return draw(element);
    }));
  };
})();
