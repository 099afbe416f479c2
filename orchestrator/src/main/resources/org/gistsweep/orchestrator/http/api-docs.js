// Starts Swagger UI on the API's own OpenAPI document. An external file, not an inline script:
// the page's Content-Security-Policy allows only same-origin scripts. "Try it out" calls that
// change state carry Content-Type: application/json and the page's X-XSRF-Token (access.js), as
// the server asks of every browser.
(function () {
  "use strict";
  var root = document.getElementById("swagger-ui");
  window.ui = SwaggerUIBundle({
    url: root.getAttribute("data-spec"),
    domNode: root,
    deepLinking: true,
    presets: [SwaggerUIBundle.presets.apis],
    layout: "BaseLayout",
    validatorUrl: null,
    requestInterceptor: function (request) {
      var method = String(request.method || "GET").toUpperCase();
      if (method !== "GET" && method !== "HEAD" && method !== "OPTIONS") {
        if (!request.headers["Content-Type"]) request.headers["Content-Type"] = "application/json";
        request.headers["X-XSRF-Token"] = window.gistAccess ? window.gistAccess.xsrf() : "";
      }
      return request;
    }
  });
})();
