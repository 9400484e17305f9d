"""The HTTP shell around access_api: REST API, pages and problem details."""
