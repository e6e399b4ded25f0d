"""The widgets that several pages share (card, filters, map, help, duiding, notices): a page's
layout imports from here, never from another page."""
