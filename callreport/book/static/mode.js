// The reader's light or dark choice, set before the page is drawn: the one they chose (the theme's
// switch stores it as "mode"), else the book's default (_config.yml), where "auto" follows the system's
// setting. The theme writes this inline; the book's Content Security Policy allows no inline script,
// so it is a file (templates/layout.html).
(function () {
  "use strict";
  const mode = localStorage.getItem("mode") || document.currentScript.dataset.defaultMode;
  const dark = window.matchMedia("(prefers-color-scheme: dark)").matches;
  document.documentElement.dataset.mode = mode;
  document.documentElement.dataset.theme = mode === "auto" ? (dark ? "dark" : "light") : mode;
})();
