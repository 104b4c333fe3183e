// Every htmx request from the page carries the CSRF token of the page's first form, so
// that buttons and forms htmx posts outside a Django form are accepted too.
document.addEventListener("htmx:configRequest", (event) => {
  const field = document.querySelector("[name=csrfmiddlewaretoken]");
  if (field) event.detail.headers["X-CSRFToken"] = field.value;
});
