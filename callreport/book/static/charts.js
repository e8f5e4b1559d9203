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
      loading = Promise.all([loadScript(bundle), loadScript(interpreter)]);
    }
    return loading;
  }

  function fail(element, error) {
    element.dataset.drawn = "failed";
    console.error("Chart " + element.dataset.figure + " could not be drawn: " + error);
  }

  function draw(element) {
    if (element.dataset.drawing) return element.drawing;
    element.dataset.drawing = "true";
    const id = element.dataset.figure;
    element.drawing = loadVega()
      .then(function () {
        const spec = JSON.parse(document.getElementById(element.dataset.spec).textContent);
        const target = document.createElement("div");
        target.className = "report-chart__live";
        element.appendChild(target);
        return vegaEmbed(target, spec, {
          actions: false,
          renderer: "svg",
          ast: true,
          expr: window.vegaInterpreter.expressionInterpreter,
          defaultStyle: false,
          tooltip: { theme: "light", disableDefaultStyle: true },
        })
          .then(function (result) {
            // A brush is a mouse affordance with no content of its own; the data are in the table
            // beside the chart, so the brush's rectangles are hidden from assistive technology.
            target.querySelectorAll("g[class*='_brush']").forEach(function (g) {
              g.setAttribute("aria-hidden", "true");
            });
            const fallback = element.querySelector(".report-chart__fallback");
            if (fallback) fallback.remove();
            element.dataset.drawn = "true";
            if (performance.getEntriesByName("report-first-chart").length === 0) {
              performance.mark("report-first-chart");  // read by the benchmark (bench/run.py)
            }
            views[id] = result.view;
          })
          .catch(function (error) {
            target.remove();
            throw error;
          });
      })
      .catch(function (error) { fail(element, error); });
    return element.drawing;
  }

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
