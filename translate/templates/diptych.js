(function () {
  function pair(event, on) {
    var el = event.target.closest ? event.target.closest("[data-pair]") : null;
    if (!el) { return; }
    var other = document.getElementById(el.getAttribute("data-pair"));
    if (other) { other.classList.toggle("pair", on); }
  }
  ["mouseover", "focusin"].forEach(function (name) {
    document.addEventListener(name, function (event) { pair(event, true); });
  });
  ["mouseout", "focusout"].forEach(function (name) {
    document.addEventListener(name, function (event) { pair(event, false); });
  });
})();
