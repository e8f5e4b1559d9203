// The reader's light or dark choice, set before the page is drawn. The theme writes this inline;
// the book's Content Security Policy allows no inline script, so it is a file (templates/layout.html).
(function () {
  "use strict";
  const fallback = document.currentScript.dataset.defaultMode;
  document.documentElement.dataset.mode = localStorage.getItem("mode") || fallback;
  document.documentElement.dataset.theme = localStorage.getItem("theme") || fallback;
})();
