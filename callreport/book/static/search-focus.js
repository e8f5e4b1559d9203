// The search page puts the cursor in its own search field. (The theme does this in an inline script,
// which the book's Content Security Policy blocks, and picks the header's hidden search field.)
(function () {
  "use strict";
  const input = document.querySelector(".bd-search-container form.bd-search input");
  if (input) {
    input.focus();
    input.select();
  }
})();
