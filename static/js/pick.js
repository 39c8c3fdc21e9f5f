// "全选 / 全不选" for a list of checkboxes (issue 10.12): a button with data-pick="all" or "none"
// and data-target="<id of the list>" ticks or clears every checkbox in it. The buttons are hidden
// until this script runs, so a page without JavaScript shows no dead buttons. No inline code (CSP).
(function () {
  function ready() {
    document.querySelectorAll("[data-pick]").forEach(function (button) {
      button.classList.remove("d-none");
      button.addEventListener("click", function () {
        var list = document.getElementById(button.dataset.target);
        if (!list) return;
        list.querySelectorAll("input[type=checkbox]").forEach(function (box) {
          box.checked = button.dataset.pick === "all";
        });
      });
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", ready);
  else ready();
})();
