// Wheel to zoom and drag to pan the world map, by changing its viewBox. Ours; no library.
(function () {
  "use strict";
  var svg = document.getElementById("worldmap");
  if (!svg) { return; }
  var full = svg.viewBox.baseVal;
  var box = { x: full.x, y: full.y, w: full.width, h: full.height };
  var fullW = full.width;
  function apply() { svg.setAttribute("viewBox", [box.x, box.y, box.w, box.h].join(" ")); }
  function point(event) {
    var rect = svg.getBoundingClientRect();
    return { x: box.x + (event.clientX - rect.left) / rect.width * box.w,
             y: box.y + (event.clientY - rect.top) / rect.height * box.h };
  }
  svg.addEventListener("wheel", function (event) {
    event.preventDefault();
    var at = point(event);
    var factor = event.deltaY < 0 ? 0.8 : 1.25;
    var w = Math.min(fullW, Math.max(fullW / 40, box.w * factor));
    var scale = w / box.w;
    box.x = at.x - (at.x - box.x) * scale;
    box.y = at.y - (at.y - box.y) * scale;
    box.w = w;
    box.h = box.h * scale;
    apply();
  }, { passive: false });
  var drag = null;
  svg.addEventListener("pointerdown", function (event) { drag = { x: event.clientX, y: event.clientY }; });
  window.addEventListener("pointerup", function () { drag = null; });
  svg.addEventListener("pointermove", function (event) {
    if (!drag) { return; }
    var rect = svg.getBoundingClientRect();
    box.x -= (event.clientX - drag.x) / rect.width * box.w;
    box.y -= (event.clientY - drag.y) / rect.height * box.h;
    drag = { x: event.clientX, y: event.clientY };
    apply();
  });
}());
