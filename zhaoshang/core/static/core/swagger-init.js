/* Starts Swagger UI on the API docs page. Its settings come from the data-settings
   attribute of #swagger-ui (JSON, escaped by the template), so the page holds no script
   element other than files; the CSRF header is added for signed-in use, as django-ninja's
   own starter does. */
(function () {
  const root = document.getElementById("swagger-ui");
  const body = document.body.dataset;
  const config = JSON.parse(root.dataset.settings);
  config.dom_id = "#swagger-ui";
  config.presets = [SwaggerUIBundle.presets.apis, SwaggerUIBundle.SwaggerUIStandalonePreset];
  if (body.apiCsrf && body.csrfToken) {
    config.requestInterceptor = function (request) {
      request.headers["X-CSRFToken"] = body.csrfToken;
      return request;
    };
  }
  SwaggerUIBundle(config);
})();
