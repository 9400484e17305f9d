/* Starts Swagger UI on the API reference page, from a file so that the page
 * keeps its strict Content Security Policy (no inline script). */
(function () {
  "use strict";

  function start() {
    var target = document.getElementById("api-reference");
    if (!target || typeof window.SwaggerUIBundle !== "function") {
      return;
    }
    window.SwaggerUIBundle({
      url: target.dataset.spec,
      domNode: target,
      deepLinking: false,
      docExpansion: "list",
      defaultModelsExpandDepth: 0,
      tryItOutEnabled: false,
      layout: "BaseLayout",
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
