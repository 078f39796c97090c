// A little script that only improves pages that work without it: menus close
// on Escape or an outside click, and the ID field gets a Copy button.
(function () {
  "use strict";
  function openMenus() { return document.querySelectorAll("details.menu[open]"); }
  document.addEventListener("keydown", function (e) {
    if (e.key !== "Escape") return;
    openMenus().forEach(function (d) {
      d.removeAttribute("open");
      var s = d.querySelector("summary");
      if (s && d.contains(document.activeElement)) s.focus();
    });
  });
  document.addEventListener("click", function (e) {
    openMenus().forEach(function (d) { if (!d.contains(e.target)) d.removeAttribute("open"); });
  });
  document.querySelectorAll("[data-copy]").forEach(function (b) {
    if (!navigator.clipboard) return;
    b.hidden = false;
    b.addEventListener("click", function () {
      var field = document.getElementById(b.getAttribute("data-copy"));
      if (!field) return;
      navigator.clipboard.writeText(field.value).then(function () { b.textContent = "Copied"; });
    });
  });
})();
