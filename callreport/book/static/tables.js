// Sorting (click a column header) and filtering (type in the box) for the report's tables.
// Loaded (deferred) only on pages that hold such a table. No dependencies.
(function () {
  "use strict";
  function cellValue(row, index) {
    const text = row.cells[index].textContent.trim();
    const number = Number(text);
    return text !== "" && !Number.isNaN(number) ? number : text.toLowerCase();
  }
  document.querySelectorAll(".report-table table").forEach(function (table) {
    const body = table.tBodies[0];
    table.querySelectorAll("th[data-sort-column]").forEach(function (header) {
      const index = Number(header.dataset.sortColumn);
      const button = document.createElement("button");
      button.type = "button";
      button.className = "report-table__sort";
      button.textContent = header.textContent;
      button.setAttribute("aria-label", "Sort by " + header.textContent);
      header.textContent = "";
      header.appendChild(button);
      button.addEventListener("click", function () {
        const ascending = header.getAttribute("aria-sort") !== "ascending";
        table.querySelectorAll("th[aria-sort]").forEach(function (th) { th.removeAttribute("aria-sort"); });
        header.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        const rows = Array.from(body.rows);
        rows.sort(function (a, b) {
          const x = cellValue(a, index), y = cellValue(b, index);
          return (x < y ? -1 : x > y ? 1 : 0) * (ascending ? 1 : -1);
        });
        rows.forEach(function (row) { body.appendChild(row); });
      });
    });
  });
  document.querySelectorAll(".report-table__filter input").forEach(function (input) {
    const table = document.getElementById(input.getAttribute("aria-controls"));
    input.addEventListener("input", function () {
      const query = input.value.trim().toLowerCase();
      Array.from(table.tBodies[0].rows).forEach(function (row) {
        row.hidden = query !== "" && !row.textContent.toLowerCase().includes(query);
      });
    });
  });
})();
