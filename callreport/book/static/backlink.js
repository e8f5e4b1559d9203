// "Back to where you were": following a link between the annotated article and the tables (or any
// in-book link to an anchor) remembers the spot the reader left; the page it lands on offers a link
// straight back to that spot, so a reader can walk quote -> row -> quote without the Back button.
(function () {
  "use strict";
  const KEY = "report-backlink";
  document.addEventListener("click", function (event) {
    const link = event.target.closest ? event.target.closest("a[href*='#']") : null;
    if (!link || link.origin !== location.origin || link.classList.contains("report-backlink")) return;
    if (link.closest(".bd-header, .bd-sidebar-primary, .bd-sidebar-secondary")) return;
    const spot = link.closest("[id]");  // the link itself (an article tag, #tag-q-05), else its row or section
    const from = location.href.split("#")[0] + (spot ? "#" + spot.id : "");
    try {
      sessionStorage.setItem(KEY, JSON.stringify({ from: from, to: link.href }));
    } catch (e) { /* storage refused: no back link, nothing else lost */ }
  });
  function offer() {
    let saved = null;
    try { saved = JSON.parse(sessionStorage.getItem(KEY) || "null"); } catch (e) { return; }
    let back = document.querySelector("a.report-backlink");
    if (!saved || saved.to !== location.href || saved.from === location.href) {
      if (back) back.hidden = true;
      return;
    }
    if (!back) {
      back = document.createElement("a");
      back.className = "report-backlink";
      document.body.appendChild(back);
    }
    back.href = saved.from;
    back.textContent = "\u2190 Back to where you were";
    back.hidden = false;
  }
  offer();
  window.addEventListener("hashchange", offer);
})();
