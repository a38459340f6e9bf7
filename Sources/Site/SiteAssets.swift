/// The site's fixed files: names, the search script and the stylesheet (``SiteStyle``).
enum SiteAssets {
    static let styleFile = "style.css"
    static let searchIndexFile = "search-index.js"
    static let searchScriptFile = "search.js"
    static let indexFile = "index.html"
    static let assetsFolder = "Assets"

    /// `search.js`: reveals the search box (hidden without JavaScript), filters
    /// `window.VECTORBOOK_SEARCH` (every word must occur; title matches rank first) and lists the
    /// matches with a snippet. Results are built with `textContent`, never as HTML.
    static let searchScript = #"""
// Vectorbook client-side search. Plain JavaScript, no network: the index is search-index.js.
(function () {
  "use strict";
  var entries = window.VECTORBOOK_SEARCH;
  var form = document.querySelector("form.search");
  var input = document.getElementById("search-input");
  var panel = document.getElementById("search-results");
  if (!Array.isArray(entries) || !form || !input || !panel) { return; }
  form.hidden = false;

  var documents = entries.map(function (entry) {
    return {
      entry: entry,
      title: (entry.chapter + " " + entry.section).toLowerCase(),
      body: (entry.text + "\n" + entry.code).toLowerCase()
    };
  });

  function words(query) {
    return query.toLowerCase().split(/\s+/).filter(function (word) { return word.length > 0; });
  }

  function score(doc, terms) {
    var total = 0;
    for (var i = 0; i < terms.length; i++) {
      var inTitle = doc.title.indexOf(terms[i]) >= 0;
      var inBody = doc.body.indexOf(terms[i]) >= 0;
      if (!inTitle && !inBody) { return 0; }
      total += (inTitle ? 10 : 0) + (inBody ? 1 : 0);
    }
    return total;
  }

  function snippet(entry, term) {
    var source = entry.text.toLowerCase().indexOf(term) >= 0 || !entry.code ? entry.text : entry.code;
    var at = Math.max(0, source.toLowerCase().indexOf(term));
    var start = Math.max(0, at - 60);
    var end = Math.min(source.length, start + 180);
    return (start > 0 ? "\u2026" : "") + source.slice(start, end) + (end < source.length ? "\u2026" : "");
  }

  function render() {
    var terms = words(input.value);
    panel.textContent = "";
    if (terms.length === 0) { panel.hidden = true; return; }
    var hits = [];
    documents.forEach(function (doc) {
      var value = score(doc, terms);
      if (value > 0) { hits.push({ doc: doc, score: value }); }
    });
    hits.sort(function (a, b) { return b.score - a.score; });
    var count = document.createElement("p");
    count.className = "search-count";
    count.textContent = hits.length === 0 ? "No results"
      : hits.length + (hits.length === 1 ? " result" : " results");
    panel.appendChild(count);
    var list = document.createElement("ol");
    hits.slice(0, 25).forEach(function (hit) {
      var entry = hit.doc.entry;
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = entry.url;
      link.textContent = entry.section === entry.chapter ? entry.chapter : entry.chapter + " \u203A " + entry.section;
      item.appendChild(link);
      var text = document.createElement("p");
      text.textContent = snippet(entry, terms[0]);
      item.appendChild(text);
      list.appendChild(item);
    });
    panel.appendChild(list);
    panel.hidden = false;
  }

  input.addEventListener("input", render);
  input.addEventListener("keydown", function (event) {
    if (event.key === "Escape") { input.value = ""; render(); }
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var first = panel.querySelector("a");
    if (first) { window.location.href = first.href; }
  });
  var query = new URLSearchParams(window.location.search).get("q");
  if (query) { input.value = query; render(); }
})();
"""#
}
