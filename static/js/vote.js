// Ballot page: the slip's QR code carries the code in the URL fragment, which browsers never
// send to the server (so it is in no access log). Move it into the form, then drop it from the
// address bar and history so the next person using this phone does not see it.
(function () {
  document.addEventListener("DOMContentLoaded", function () {
    var input = document.getElementById("code");
    var code = decodeURIComponent(window.location.hash.replace(/^#/, "")).trim();
    if (input && code && !input.value) {
      input.value = code;
      var note = document.getElementById("code-note");
      if (note) note.textContent = "已从评议票二维码读取评议码";
    }
    if (window.location.hash) {
      history.replaceState(null, "", window.location.pathname + window.location.search);
    }
  });
})();
