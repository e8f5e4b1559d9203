// Makes the sidebar buttons that readers see work, on a phone and on a desktop: the chapter menu
// (primary) and the page's contents (secondary). sphinx-book-theme renders each button in the
// article header, and pydata-sphinx-theme >= 0.17 adds a second, hidden, to the top bar; the
// themes wire only the first element with each class, so the visible button did nothing
// (pydata/pydata-sphinx-theme issue 2451). Every other toggle of a kind forwards its click to the
// wired one: a dialog below the width at which the sidebar shows, a collapsing sidebar above
// (the chapter menu).
(function () {
  "use strict";
  // Each kind of toggle, and the sidebar whose collapsed state its aria-expanded reports (the page's
  // contents open only as a modal dialog, which takes the focus, so they report none).
  const SIDEBARS = { "primary-toggle": "pst-primary-sidebar", "secondary-toggle": null };
  function wire() {
    Object.keys(SIDEBARS).forEach(function (kind) {
      const toggles = Array.from(document.querySelectorAll("." + kind));
      const wired = toggles[0];
      toggles.slice(1).forEach(function (button) {
        button.addEventListener("click", function (event) {
          event.preventDefault();
          event.stopPropagation();
          button.blur();
          wired.click();
          const sidebar = SIDEBARS[kind] && document.getElementById(SIDEBARS[kind]);
          if (sidebar) button.setAttribute("aria-expanded", String(!sidebar.classList.contains("pst-sidebar-hidden")));
        });
      });
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", wire);
  } else {
    wire();
  }
})();
