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
