/* What an open page says when the server refuses an update (issue 9). Without this the page
   would just stop updating. The renderer's fetch of /_dash-update-component is wrapped:
   - 503 (database unreachable): a banner, and the same request is sent again after a pause
     until it succeeds; then the banner goes and the page carries on as if nothing happened
     (a 503 means nothing was stored, so sending it again is safe);
   - 401 (session ended) and 403 (new user protocol, or rights taken away): a banner with a
     link that brings the user back to this same view; no automatic jump, so nothing the
     user was typing is lost. The renderer is told "no update", so the page keeps what it
     shows.
   A file in assets/ (not an inline script), so the Content-Security-Policy stays strict. */
(function () {
  "use strict";
  if (window.__dashboardRequestStatus || !window.fetch) {
    return;
  }
  window.__dashboardRequestStatus = true;

  var UPDATE_PATH = "/_dash-update-component";
  var BANNER_ID = "verzoek-melding";
  var RETRY_MS = [3000, 5000, 10000, 15000];
  var MESSAGES = {
    database: {
      text: "De database is tijdelijk niet bereikbaar; de pagina probeert het opnieuw.",
      style: "alert-warning"
    },
    sessie: {
      text: "Uw sessie is verlopen; log opnieuw in.",
      link: "Opnieuw inloggen",
      href: function () { return "/login?next=" + here(); },
      style: "alert-danger"
    },
    protocol: {
      text: "Er is een nieuwe versie van het gebruikersprotocol; lees die en ga akkoord om verder te werken.",
      link: "Naar het protocol",
      href: function () { return "/protocol?next=" + here(); },
      style: "alert-danger"
    },
    toegang: {
      text: "U heeft geen toegang (meer) tot deze gegevens.",
      link: "Pagina vernieuwen",
      href: function () { return window.location.pathname + window.location.search; },
      style: "alert-danger"
    }
  };
  var originalFetch = window.fetch.bind(window);

  function here() {
    return encodeURIComponent(window.location.pathname + window.location.search);
  }

  function isUpdate(input) {
    var url = typeof input === "string" ? input : (input && input.url) || "";
    return url.indexOf(UPDATE_PATH) !== -1;
  }

  function show(kind) {
    var message = MESSAGES[kind];
    var banner = document.getElementById(BANNER_ID);
    if (banner && banner.getAttribute("data-soort") === kind) {
      return;
    }
    if (!banner) {
      banner = document.createElement("div");
      banner.id = BANNER_ID;
      banner.setAttribute("role", "alert");
      document.body.appendChild(banner);
    }
    banner.className = "alert shadow " + message.style;
    banner.setAttribute("data-soort", kind);
    banner.textContent = message.text;
    if (message.link) {
      var link = document.createElement("a");
      link.href = message.href();
      link.className = "alert-link ms-2";
      link.textContent = message.link;
      banner.appendChild(link);
    }
  }

  function hide(kind) {
    var banner = document.getElementById(BANNER_ID);
    if (banner && banner.getAttribute("data-soort") === kind) {
      banner.parentNode.removeChild(banner);
    }
  }

  function pause(ms) {
    return new Promise(function (resolve) { window.setTimeout(resolve, ms); });
  }

  /* The banner says what happened; the renderer gets "no update" (204), so the page keeps
     what it shows and reports no callback error of its own. */
  function noUpdate() {
    return new Response(null, { status: 204, statusText: "No Content" });
  }

  function refused(response) {
    return response.text().then(function (body) {
      var kind = "sessie";
      if (response.status === 403) {
        kind = "toegang";
        try {
          if (JSON.parse(body).error === "protocol niet geaccepteerd") {
            kind = "protocol";
          }
        } catch (ignored) { /* an HTML 403: no access to this data */ }
      }
      show(kind);
      return noUpdate();
    });
  }

  function send(input, init, attempt) {
    return originalFetch(input, init).then(function (response) {
      if (response.status === 503) {
        show("database");
        var wait = RETRY_MS[Math.min(attempt, RETRY_MS.length - 1)];
        return pause(wait).then(function () { return send(input, init, attempt + 1); });
      }
      hide("database");
      if (response.status === 401 || response.status === 403) {
        return refused(response);
      }
      return response;
    });
  }

  window.fetch = function (input, init) {
    return isUpdate(input) ? send(input, init, 0) : originalFetch(input, init);
  };
})();
