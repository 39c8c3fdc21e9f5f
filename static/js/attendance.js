// The meeting form (issue 10.12): "全部出席 / 全部缺席 / 按名单勾选" set everyone's choice at once,
// the counts and the quorum follow every tap (the same rules as meetings/rules.py: 党员大会 more
// than half of the voting members, 村民代表会议 at least two thirds), and the late-notice warning
// shows before the notice is sent. Plain script, no inline code (the Content-Security-Policy).
(function () {
  var ATTENDED = { present: 1, late: 1, left_early: 1 };

  function box() { return document.getElementById("attendance-box"); }
  function rows(root) { return root.querySelectorAll("li[data-person]"); }
  function valueOf(li) { var c = li.querySelector("input[type=radio]:checked"); return c ? c.value : "absent"; }

  function update() {
    var root = box();
    var counts = document.getElementById("live-counts");
    if (!root || !counts) return;
    var kind = root.dataset.kind;
    var excludeAway = root.dataset.excludeAway === "1" && kind !== "representatives";
    var n = 0, came = 0, excused = 0, absent = 0, should = 0, present = 0, left = 0;
    rows(root).forEach(function (li) {
      var v = valueOf(li);
      n++;
      if (ATTENDED[v]) came++; else if (v === "excused") excused++; else absent++;
      if (li.dataset.voting !== "1") return;
      if (excludeAway && li.dataset.away === "1" && !ATTENDED[v]) { left++; return; }
      should++;
      if (ATTENDED[v]) present++;
    });
    counts.textContent = "应到 " + n + "，实到 " + came + "，请假 " + excused + "，缺席 " + absent;
    var q = document.getElementById("live-quorum");
    if (!q) return;
    var reached, needed, text;
    if (kind === "representatives") {
      reached = should > 0 && present * 3 >= should * 2;
      needed = Math.ceil(should * 2 / 3);
      text = "组成人员应到 " + should + " 人，到会 " + present + " 人：" +
        (reached ? "达到三分之二，可以开会表决（决定须经到会人员过半数同意）" : "不足三分之二（需 " + needed + " 人）") + "。";
    } else {
      reached = present * 2 > should;
      needed = Math.floor(should / 2) + 1;
      text = "有表决权党员应到 " + should + " 人" + (left ? "（外出务工未要求参加的 " + left + " 人不计入）" : "") +
        "，到会 " + present + " 人：" + (reached ? "超过半数，可以开会表决" : "不足半数（需 " + needed + " 人）") + "。";
    }
    q.textContent = text;
    q.classList.toggle("alert-success", reached);
    q.classList.toggle("alert-warning", !reached);
  }

  function setAll(mode) {
    var root = box();
    if (!root) return;
    rows(root).forEach(function (li) {
      li.querySelectorAll("input[type=radio]").forEach(function (r) {
        r.checked = (mode === "all_present" && r.value === "present") || (mode === "all_absent" && r.value === "absent");
      });
    });
  }

  // Whole calendar days from today to the meeting's day, as rules.notice_lead_days counts them.
  function warnNotice() {
    var warning = document.getElementById("notice-late-warning");
    var input = document.getElementById("id_starts_at");
    var notify = document.getElementById("id_notify");
    if (!warning || !input || !input.value) return;
    var parts = input.value.slice(0, 10).split("-");
    var day = new Date(+parts[0], +parts[1] - 1, +parts[2]);
    var now = new Date();
    var today = new Date(now.getFullYear(), now.getMonth(), now.getDate());
    var days = Math.round((day - today) / 86400000);
    warning.hidden = !(notify && notify.checked && days < +warning.dataset.leadDays);
  }

  document.addEventListener("change", function (e) {
    var t = e.target;
    if (t.name === "attendance_mode") setAll(t.value);
    else if (/^p\d+$/.test(t.name || "")) {
      var byList = document.getElementById("mode-by_list");
      if (byList && !byList.checked) byList.checked = true;
    }
    if (t.id === "id_starts_at" || t.id === "id_notify") warnNotice();
    update();
  });
  document.addEventListener("input", function (e) { if (e.target.id === "id_starts_at") warnNotice(); });
  document.addEventListener("htmx:afterSettle", update);
  document.addEventListener("DOMContentLoaded", function () { update(); warnNotice(); });
})();
