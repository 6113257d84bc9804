// Search over the site's briefs, in the page's language, without a server.
// The form is hidden in the HTML and shown here, so readers without
// JavaScript never see a search box that cannot work. The index
// (<lang>/search-index.json) is fetched on the first keystroke. Words are
// folded exactly as mujaz folds them when it writes the index (src/search.rs):
// Arabic diacritics and tatweel dropped, أ إ آ ٱ → ا, ة → ه, ى → ي,
// Arabic-Indic digits → Latin, Latin lowercased.
(function () {
  "use strict";
  var form = document.querySelector("form.site-search");
  if (!form || !window.fetch) return;
  var input = form.querySelector("input[type=search]");
  var list = document.getElementById("site-search-results");
  var status = document.getElementById("site-search-status");
  var base = form.getAttribute("data-base");
  var index = null;
  var loading = null;
  form.hidden = false;

  function fold(text) {
    var out = "";
    for (var i = 0; i < text.length; i++) {
      var c = text.charCodeAt(i);
      if ((c >= 0x064b && c <= 0x065f) || c === 0x0670 || c === 0x0640 || (c >= 0x06d6 && c <= 0x06ed)) continue;
      if (c === 0x0623 || c === 0x0625 || c === 0x0622 || c === 0x0671) { out += "\u0627"; continue; }
      if (c === 0x0629) { out += "\u0647"; continue; }
      if (c === 0x0649) { out += "\u064a"; continue; }
      if (c >= 0x0660 && c <= 0x0669) { out += String(c - 0x0660); continue; }
      if (c >= 0x06f0 && c <= 0x06f9) { out += String(c - 0x06f0); continue; }
      out += text[i].toLowerCase();
    }
    return out;
  }

  function terms(text) {
    return fold(text).split(/[^\p{L}\p{N}]+/u).filter(function (w) { return w.length > 0; });
  }

  // A query word matches a word of the index that starts with it, also
  // after an Arabic article or a clinging conjunction (ال، وال، بال، لل، و).
  var PREFIXES = ["", "\u0627\u0644", "\u0648\u0627\u0644", "\u0628\u0627\u0644", "\u0644\u0644", "\u0648"];
  function matches(words, q) {
    for (var p = 0; p < PREFIXES.length; p++) {
      var needle = " " + PREFIXES[p] + q;
      if (words.indexOf(needle) !== -1) return true;
    }
    return false;
  }

  function load() {
    if (!loading) {
      loading = fetch(base + "search-index.json")
        .then(function (r) { return r.json(); })
        .then(function (docs) {
          index = docs.map(function (d) { d.padded = " " + d.w; d.title = " " + terms(d.t).join(" "); return d; });
        });
    }
    return loading;
  }

  function render(query) {
    var qs = terms(query);
    list.textContent = "";
    if (qs.length === 0) { status.textContent = ""; return; }
    var hits = index.filter(function (d) {
      return qs.every(function (q) { return matches(d.padded, q); });
    });
    hits.sort(function (a, b) {
      var at = qs.filter(function (q) { return matches(a.title, q); }).length;
      var bt = qs.filter(function (q) { return matches(b.title, q); }).length;
      return bt - at;
    });
    hits.slice(0, 20).forEach(function (d) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = base + d.u;
      a.textContent = d.t;
      li.appendChild(a);
      if (d.d) {
        var time = document.createElement("span");
        time.className = "search-date";
        time.textContent = d.d;
        li.appendChild(time);
      }
      list.appendChild(li);
    });
    var template = hits.length === 0 ? form.getAttribute("data-none") : form.getAttribute("data-count");
    status.textContent = template.replace("{n}", String(hits.length));
  }

  var timer = null;
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () { load().then(function () { render(input.value); }); }, 120);
  });
  form.addEventListener("submit", function (e) {
    e.preventDefault();
    load().then(function () { render(input.value); });
  });
})();
