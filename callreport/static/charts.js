// Draws every chart on the page with the self-hosted vega-embed, replacing its static SVG.
// Loaded (deferred, after the Vega bundle) only on pages that hold a chart.
(function () {
  "use strict";
  const views = (window.reportCharts = window.reportCharts || {});
  document.querySelectorAll(".report-chart__view[data-spec]").forEach(function (element) {
    const id = element.dataset.figure;
    const spec = JSON.parse(document.getElementById(element.dataset.spec).textContent);
    const target = document.createElement("div");
    target.className = "report-chart__live";
    element.appendChild(target);
    vegaEmbed(target, spec, { actions: false, renderer: "svg", tooltip: { theme: "light" } })
      .then(function (result) {
        // A brush is a mouse affordance with no content of its own; the data are in the table
        // beside the chart, so the brush's rectangles are hidden from assistive technology.
        target.querySelectorAll("g[class*='_brush']").forEach(function (g) {
          g.setAttribute("aria-hidden", "true");
        });
        const fallback = element.querySelector(".report-chart__fallback");
        if (fallback) fallback.remove();
        element.dataset.drawn = "true";
        views[id] = result.view;
      })
      .catch(function (error) {
        target.remove();
        element.dataset.drawn = "failed";
        console.error("Chart " + id + " could not be drawn: " + error);
      });
  });
})();
