// Makes the chapter-menu button that readers see work, on a phone and on a desktop.
// sphinx-book-theme renders its own menu button (class primary-toggle) in the article header,
// and pydata-sphinx-theme >= 0.17 adds a second one, hidden, to the top bar; both themes wire
// only the first element with that class, so the visible button did nothing
// (pydata/pydata-sphinx-theme issue 2451). Every other primary-toggle forwards its click to the
// wired one: a dialog with the chapters below 992 px, a collapsing sidebar above.
(function () {
  "use strict";
  function wire() {
    const toggles = Array.from(document.querySelectorAll(".primary-toggle"));
    const wired = toggles[0];
    toggles.slice(1).forEach(function (button) {
      button.addEventListener("click", function (event) {
        event.preventDefault();
        event.stopPropagation();
        button.blur();
        wired.click();
        const sidebar = document.getElementById("pst-primary-sidebar");
        if (sidebar) button.setAttribute("aria-expanded", String(!sidebar.classList.contains("pst-sidebar-hidden")));
      });
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", wire);
  } else {
    wire();
  }
})();
