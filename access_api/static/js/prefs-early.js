/* Applies the reader's saved settings to <html> before the page is drawn.
 * Loaded without `defer` on purpose: a late change would make the page flash. */
(function () {
  "use strict";
  var root = document.documentElement;
  root.classList.add("js");
  try {
    var saved = JSON.parse(window.localStorage.getItem("access_api.preferences") || "{}");
    ["size", "lines", "letters", "font", "theme"].forEach(function (name) {
      var value = saved[name];
      if (typeof value === "string" && /^[a-z0-9]{1,12}$/.test(value)) {
        root.setAttribute("data-" + name, value);
      }
    });
  } catch (ignored) {
    /* Storage blocked or damaged: the device's own settings still apply. */
  }
})();
