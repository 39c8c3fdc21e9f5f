// The person picker (jiceng/people/picker.py, templates/people/_picker.html) and "全选 / 全不选"
// (a button with data-pick="all" or "none" and data-target="<id of a list>" ticks or clears every
// check box in it). Loaded by app.js on a page that has either. No inline code (CSP).
(function () {
  function reveal(root) {
    root.querySelectorAll("[data-pick]").forEach(function (b) { b.classList.remove("d-none"); });
  }
  function chosenValues(picker) {
    var out = {};
    picker.querySelectorAll(".picker-chosen input:checked").forEach(function (box) { out[box.value] = true; });
    return out;
  }
  document.addEventListener("click", function (e) {
    var button = e.target.closest ? e.target.closest("[data-pick]") : null;
    if (!button) return;
    var list = document.getElementById(button.dataset.target);
    if (!list) return;
    list.querySelectorAll("input[type=checkbox]").forEach(function (box) { box.checked = button.dataset.pick === "all"; });
  });
  // A match ticked in the results joins the chosen (for one person: replaces them); a chosen
  // person unticked leaves the list.
  document.addEventListener("change", function (e) {
    var box = e.target;
    var picker = box.closest ? box.closest("[data-picker]") : null;
    var chosen = picker && picker.querySelector(".picker-chosen");
    if (!chosen) return;
    var item = box.closest("label");
    if (box.closest(".picker-results")) {
      if (!box.checked) return;
      if (box.type === "radio") {
        chosen.querySelectorAll("input[type=radio]").forEach(function (r) { if (r.value) r.closest("label").remove(); });
        picker.querySelector(".picker-results").innerHTML = "";
        picker.querySelector("input[type=search]").value = "";
      }
      chosen.appendChild(item);
    } else if (box.type === "checkbox" && !box.checked) {
      item.remove();
    }
  });
  // Enter in the search box does not send the form: it picks the match when there is only one.
  document.addEventListener("keydown", function (e) {
    if (e.key !== "Enter" || !e.target.matches || !e.target.matches("[data-picker] input[type=search]")) return;
    e.preventDefault();
    var found = e.target.closest("[data-picker]").querySelectorAll(".picker-results input");
    if (found.length === 1) {
      found[0].checked = true;
      found[0].dispatchEvent(new Event("change", { bubbles: true }));
    }
  });
  // The matches already chosen are not offered again.
  document.addEventListener("htmx:afterSwap", function (e) {
    reveal(e.target);
    var picker = e.target.closest ? e.target.closest("[data-picker]") : null;
    if (!picker) return;
    var have = chosenValues(picker);
    e.target.querySelectorAll("input").forEach(function (box) { if (have[box.value]) box.closest("label").remove(); });
  });
  reveal(document);
})();
