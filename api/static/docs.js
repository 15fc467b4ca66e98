// Swagger UI over innograph's OpenAPI document, from the package's own copy (works offline).
window.addEventListener('load', function () {
  window.ui = SwaggerUIBundle({ url: '/openapi.json', dom_id: '#swagger-ui', deepLinking: true });
});
