/* Starts Swagger UI on the API reference page, from a file so that the page
 * keeps its strict Content Security Policy (no inline script).
 *
 * Swagger UI's own layout puts a second <main> inside the page's; ours is the
 * same parts (the description, the operations, the schemas) in plain <div>s,
 * so the page keeps one main landmark. */
(function () {
  "use strict";

  function AccessibleLayout(system) {
    var h = system.React.createElement;
    function part(name) {
      var Part = system.getComponent(name, true);
      return Part ? h(Part, null) : null;
    }
    return {
      components: {
        AccessibleLayout: function () {
          return h(
            "div",
            { className: "swagger-ui" },
            part("SvgAssets"),
            h("div", { className: "information-container wrapper" }, part("InfoContainer")),
            h("div", { className: "wrapper" }, part("errors")),
            h("div", { className: "wrapper", id: "operations" }, part("operations")),
            h("div", { className: "wrapper" }, part("Models"))
          );
        },
      },
    };
  }

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
      plugins: [AccessibleLayout],
      layout: "AccessibleLayout",
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
