// Kibaru's editor, enhanced when JavaScript runs: live preview, LIRE AUSSI search, images from the media library,
// tag suggestions. Without JavaScript every one of these has a plain form equivalent.
(function () {
  "use strict";
  var form = document.getElementById("editeur");
  if (!form) { return; }
  var csrf = form.querySelector("input[name=_csrf]").value;
  var body = document.getElementById("body");
  var site = document.getElementById("site");

  function insertAtCursor(text) {
    var start = body.selectionStart, end = body.selectionEnd, value = body.value;
    var before = value.slice(0, start), after = value.slice(end);
    var block = (before && !/\n\n$/.test(before) ? (/\n$/.test(before) ? "\n" : "\n\n") : "") + text + "\n\n";
    body.value = before + block + after;
    body.selectionStart = body.selectionEnd = before.length + block.length;
    body.focus();
    body.dispatchEvent(new Event("input"));
  }

  // Live preview, rendered by the server through the same renderer as the public page.
  var preview = document.getElementById("apercu-direct");
  var timer = null;
  function refreshPreview() {
    var data = new URLSearchParams();
    data.set("body", body.value);
    data.set("site", site.value);
    fetch("/admin/apercu/", {
      method: "POST", credentials: "same-origin",
      headers: { "Content-Type": "application/x-www-form-urlencoded", "X-CSRF-Token": csrf },
      body: data.toString()
    }).then(function (response) { return response.ok ? response.text() : ""; })
      .then(function (html) { preview.innerHTML = html; preview.hidden = false; });
  }
  if (preview) {
    body.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(refreshPreview, 400); });
  }

  // LIRE AUSSI: search the site's articles, insert the block of the one chosen.
  var search = document.getElementById("lire-aussi-recherche");
  var results = document.getElementById("lire-aussi-resultats");
  if (search && results) {
    search.hidden = false;
    search.querySelector("input").addEventListener("input", function (event) {
      var query = event.target.value;
      if (query.length < 2) { results.textContent = ""; return; }
      fetch("/admin/articles/recherche.json?site=" + encodeURIComponent(site.value) + "&q=" + encodeURIComponent(query),
            { credentials: "same-origin" })
        .then(function (response) { return response.json(); })
        .then(function (articles) {
          results.textContent = "";
          articles.forEach(function (article) {
            var item = document.createElement("li");
            var button = document.createElement("button");
            button.type = "button";
            button.className = "lire-aussi-choix";
            button.textContent = article.title;
            button.addEventListener("click", function () {
              insertAtCursor("::: lire-aussi\narticle: " + article.id + "\n:::");
            });
            item.appendChild(button);
            results.appendChild(item);
          });
        });
    });
  }

  // Images of the media library: one click inserts their figure block.
  Array.prototype.forEach.call(document.querySelectorAll(".media li"), function (item) {
    var snippet = item.querySelector("pre").textContent;
    var button = document.createElement("button");
    button.type = "button";
    button.className = "inserer-figure";
    button.textContent = item.getAttribute("data-insert-label") || "Insérer";
    button.addEventListener("click", function () { insertAtCursor(snippet); });
    item.appendChild(button);
  });

  // Tags: suggest the site's existing tags for the word being typed.
  var tags = document.getElementById("tags");
  var list = document.getElementById("etiquettes-connues");
  if (tags && list) {
    tags.addEventListener("input", function () {
      var parts = tags.value.split(","), last = parts.pop().trim();
      if (last.length < 1) { return; }
      fetch("/admin/etiquettes.json?site=" + encodeURIComponent(site.value) + "&q=" + encodeURIComponent(last),
            { credentials: "same-origin" })
        .then(function (response) { return response.json(); })
        .then(function (names) {
          var prefix = parts.map(function (part) { return part.trim(); }).filter(Boolean);
          list.textContent = "";
          names.forEach(function (name) {
            var option = document.createElement("option");
            option.value = prefix.concat([name]).join(", ");
            list.appendChild(option);
          });
        });
    });
  }
})();
