"""Component ids of the application frame (dashboard/layouts/shell.py) that the pages'
callbacks read too: the URL, the page container, the data date, the demo badge, the logout
button and the menu that folds behind a button on small screens."""

URL = "url"
PAGE = "page-content"
DATA_DATE = "data-date"
DEMO_BADGE = "demo-badge"
LOGOUT_BUTTON = "uitloggen"
MENU = "menu"  # the navbar's links and user block: folded below 1200 px
MENU_BUTTON = "menu-knop"
