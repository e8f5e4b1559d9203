// The theme's header buttons that run script (print, full screen), bound here: the theme gives them
// onclick attributes, which the book's Content Security Policy blocks (see BUTTON_ACTIONS in sphinx_ext.py).
(function () {
  "use strict";
  const actions = {
    print: function () { window.print(); },
    fullscreen: function () { window.toggleFullScreen(); },
  };
  document.querySelectorAll("[data-report-action]").forEach(function (button) {
    button.addEventListener("click", actions[button.dataset.reportAction]);
  });
})();
