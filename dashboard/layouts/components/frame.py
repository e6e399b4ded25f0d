"""Component ids of the application frame (dashboard/layouts/shell.py) that the pages'
callbacks read too: the URL, the page container, the data date, the demo badge and the logout
button."""

URL = "url"
PAGE = "page-content"
DATA_DATE = "data-date"
DEMO_BADGE = "demo-badge"
LOGOUT_BUTTON = "uitloggen"
