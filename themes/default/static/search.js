// Search over the site's briefs and pages, in the page's language, without
// a server. Loaded by the search page only (<lang>/search/); the masthead's
// box sends its words there as ?q=.
//
// The first half is the word analysis, the same as mujaz's when it writes
// the index (src/search/analyse.rs): keep the two in step. A node test
// (tests/browser/search.test.js) runs it on the vectors the Rust side
// writes (tests/data/search/vectors.json).
//
// The index lies beside the page (see src/search/shards.rs): meta.json
// first, then the shard of each query word (t/<i>.json), then the details
// of the results shown (d/<j>.json). Nothing else is fetched.
(function () {
  "use strict";

  // ---- Analysis -------------------------------------------------------

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
      if (c < 0x80) { out += text[i].toLowerCase(); continue; }
      if (c >= 0x0600 && c <= 0x06ff) { out += text[i]; continue; }
      var cp = text.codePointAt(i);
      var ch = String.fromCodePoint(cp);
      if (cp > 0xffff) i++;
      out += ch.toLowerCase();
    }
    return out;
  }

  var NOT_WORD = /[^\p{Alphabetic}\p{N}]+/u;

  function length(s) { return Array.from(s).length; }

  function words(text) {
    return fold(text).split(NOT_WORD).filter(function (w) { return length(w) >= 2; });
  }

  var MIN_STEM = 3;
  var CLINGING = "\u0648\u0641\u0628\u0643\u0644"; // و ف ب ك ل

  // The article goes while three letters remain; a clinging letter while
  // three remain besides an ending.
  function stripPrefixes(w) {
    for (var step = 0; step < 4; step++) {
      if (w.length >= 2 + MIN_STEM && w[0] === "\u0627" && w[1] === "\u0644") w = w.slice(2);
      else if (w.length > 0 && CLINGING.indexOf(w[0]) !== -1 && core(w.slice(1)) >= MIN_STEM) w = w.slice(1);
      else break;
    }
    return w;
  }

  // The letters of `w` before its longest ending, if it has one.
  function core(w) {
    for (var i = 0; i < SUFFIXES.length; i++) {
      var s = SUFFIXES[i];
      if (w.length > s.length && endsWith(w, s)) return w.length - s.length;
    }
    return w.length;
  }

  var SUFFIXES = ["ها", "هم", "هن", "كم", "نا", "ات", "ون", "ين", "ان", "يه", "يا", "ه", "ي"].map(function (s) { return Array.from(s); });
  var PRONOUNS = ["ها", "هم", "هن", "كم", "نا", "ه"].map(function (s) { return Array.from(s); });

  function endsWith(w, s) {
    if (w.length < s.length) return false;
    for (var i = 0; i < s.length; i++) if (w[w.length - s.length + i] !== s[i]) return false;
    return true;
  }

  function stripSuffixes(w) {
    for (var step = 0; step < 2; step++) {
      var cut = 0;
      for (var i = 0; i < SUFFIXES.length; i++) {
        var s = SUFFIXES[i];
        if (w.length >= s.length + MIN_STEM && endsWith(w, s)) { cut = s.length; break; }
      }
      if (!cut) break;
      w = w.slice(0, w.length - cut);
    }
    return w;
  }

  // Plural → singular, both folded and without prefixes: meta.json's "pl".
  function plurals(pairs) {
    var map = new Map();
    (pairs || []).forEach(function (p) { map.set(p[0], p[1]); });
    return map;
  }

  function singular(w, map) {
    var found = map.get(w.join(""));
    if (found !== undefined) return Array.from(found);
    for (var i = 0; i < PRONOUNS.length; i++) {
      var p = PRONOUNS[i];
      if (w.length >= p.length + MIN_STEM && endsWith(w, p)) {
        found = map.get(w.slice(0, w.length - p.length).join(""));
        if (found !== undefined) return Array.from(found);
      }
    }
    return null;
  }

  // Words no step touches: the ه of الله is not an ending.
  var KEPT = ["\u0627\u0644\u0644\u0647"];

  function arabic(word, map) {
    var w = stripPrefixes(Array.from(word));
    if (KEPT.indexOf(w.join("")) !== -1) return w.join("");
    var s = singular(w, map);
    return stripSuffixes(s || w).join("");
  }

  function hasVowel(s) { return /[aeiouy]/.test(s); }

  var ENDINGS = [["ment", 4], ["ing", 3], ["ion", 4], ["ed", 3], ["er", 4]];

  function english(word) {
    var w = word;
    if (w.length <= 3 || !/^[a-z]+$/.test(w)) return w;
    if (/ies$/.test(w) && w.length > 4) w = w.slice(0, -3) + "y";
    else if (/sses$/.test(w)) w = w.slice(0, -2);
    else if (/s$/.test(w) && !/(ss|us|is)$/.test(w)) w = w.slice(0, -1);
    for (var i = 0; i < ENDINGS.length; i++) {
      var end = ENDINGS[i][0];
      var stem = w.slice(0, w.length - end.length);
      if (w.length > end.length && w.slice(-end.length) === end && stem.length >= ENDINGS[i][1] && hasVowel(stem)) {
        w = undouble(stem);
        break;
      }
    }
    if (w.length > 4 && w[w.length - 1] === "e") w = w.slice(0, -1);
    return w;
  }

  function undouble(w) {
    var n = w.length;
    if (n >= 4 && w[n - 1] === w[n - 2] && !/[aeiouslz]/.test(w[n - 1])) return w.slice(0, -1);
    return w;
  }

  function term(word, map) {
    var c = word.charCodeAt(0);
    if (c >= 0x0621 && c <= 0x064a) return arabic(word, map);
    if (c >= 0x61 && c <= 0x7a) return english(word);
    return word;
  }

  function terms(text, map) {
    return words(text).map(function (w) { return term(w, map); }).filter(function (t) { return length(t) >= 2; });
  }

  // The CLDR plural category of the whole number n: src/plural.rs's
  // `select`, which the vectors check this against.
  function category(lang, n) {
    if (/^ar(-|$)/.test(lang)) {
      var r = n % 100;
      return n === 0 ? "zero" : n === 1 ? "one" : n === 2 ? "two" : r >= 3 && r <= 10 ? "few" : r >= 11 ? "many" : "other";
    }
    return n === 1 ? "one" : "other";
  }

  var analysis = { fold: fold, words: words, term: term, terms: terms, plurals: plurals, category: category };
  if (typeof module !== "undefined" && module.exports) module.exports = analysis;
  if (typeof document === "undefined") return;

  // ---- The page -------------------------------------------------------

  var form = document.querySelector("form.search-form");
  if (!form || !window.fetch) return;
  var input = form.querySelector("input[type=search]");
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  var suggest = document.getElementById("search-suggest");
  var text = function (key) { return form.getAttribute("data-" + key) || ""; };
  var PER_PAGE = 10;
  document.getElementById("search-nojs").hidden = true;

  var cache = {};
  function get(path) {
    if (!cache[path]) {
      cache[path] = fetch(path).then(function (r) {
        if (!r.ok) throw new Error(path + ": " + r.status);
        return r.json();
      });
    }
    return cache[path];
  }
  var meta = null;
  function loadMeta() {
    return get("meta.json").then(function (m) {
      if (!meta) { meta = m; meta.map = plurals(m.pl); }
      return meta;
    });
  }

  // Code point order, as mujaz sorts the terms.
  function before(a, b) {
    var x = Array.from(a), y = Array.from(b);
    for (var i = 0; i < x.length && i < y.length; i++) {
      var d = x[i].codePointAt(0) - y[i].codePointAt(0);
      if (d) return d < 0;
    }
    return x.length < y.length;
  }
  // The shard that holds `t`, if any could.
  function shardOf(t) {
    var lo = 0, hi = meta.s.length - 1, found = -1;
    while (lo <= hi) {
      var mid = (lo + hi) >> 1;
      if (before(t, meta.s[mid])) hi = mid - 1; else { found = mid; lo = mid + 1; }
    }
    return found;
  }
  function shard(i) { return i < 0 ? Promise.resolve({}) : get("t/" + i + ".json"); }

  // The documents of one query term: { id: score }, and the index terms
  // it matched. The last word, still being typed, also matches the terms
  // it begins when it is none itself.
  function postings(t, last) {
    var i = shardOf(t);
    var next = i + 1 < meta.s.length && meta.s[i + 1].indexOf(t) === 0 ? i + 1 : -1;
    return Promise.all([shard(i), shard(next)]).then(function (shards) {
      var docs = {}, matched = [], s = shards[0];
      function add(k, p) {
        matched.push(k);
        for (var j = 1; j < p.length; j += 2) docs[p[j]] = Math.max(docs[p[j]] || 0, p[j + 1]);
      }
      if (s[t]) add(t, s[t]);
      else if (last && length(t) >= 3) {
        shards.forEach(function (sh) {
          Object.keys(sh).forEach(function (k) { if (k.indexOf(t) === 0) add(k, sh[k]); });
        });
      }
      return { docs: docs, matched: matched, shard: s };
    });
  }

  function search(query, typing) {
    var qs = terms(query, meta.map).filter(function (t, i, all) { return all.indexOf(t) === i; });
    if (qs.length === 0) return Promise.resolve(null);
    var lastOpen = typing && !/\s$/.test(query);
    return Promise.all(qs.map(function (t, i) { return postings(t, lastOpen && i === qs.length - 1); })).then(function (each) {
      var scores = null;
      each.forEach(function (p) {
        var next = {};
        Object.keys(p.docs).forEach(function (id) {
          if (scores === null) next[id] = p.docs[id];
          else if (id in scores) next[id] = scores[id] + p.docs[id];
        });
        scores = next;
      });
      var ids = Object.keys(scores).map(Number);
      ids.sort(function (a, b) {
        return (a >= meta.b) - (b >= meta.b) || scores[b] - scores[a] || a - b;
      });
      var matched = new Set();
      each.forEach(function (p) { p.matched.forEach(function (m) { matched.add(m); }); });
      return { ids: ids, matched: matched, qs: qs, each: each };
    });
  }

  function details(ids) {
    var chunks = {};
    ids.forEach(function (id) { chunks[Math.floor(id / meta.c)] = true; });
    return Promise.all(Object.keys(chunks).map(function (j) {
      return get("d/" + j + ".json").then(function (ds) { return [Number(j), ds]; });
    })).then(function (got) {
      var byChunk = {};
      got.forEach(function (g) { byChunk[g[0]] = g[1]; });
      return ids.map(function (id) { return byChunk[Math.floor(id / meta.c)][id % meta.c]; });
    });
  }

  // ---- Showing results ------------------------------------------------

  var digits = text("digits");
  function number(n) {
    return String(n).replace(/[0-9]/g, function (d) { return digits ? digits[Number(d)] : d; });
  }

  // The count in the theme's plural forms (count_results), by the
  // language's rule.
  var countForms = JSON.parse(text("count") || "{}");
  function countText(n) {
    var form = countForms[category(text("lang"), n)] || countForms.other || "{n}";
    return form.replace("{n}", number(n));
  }

  // A text with the words whose terms were matched in <mark>.
  var WORD = /[\p{Alphabetic}\p{N}\u064b-\u065f\u0670\u0640\u06d6-\u06ed]+/gu;
  function marked(parent, str, matched) {
    var at = 0, m;
    WORD.lastIndex = 0;
    while ((m = WORD.exec(str)) !== null) {
      var ts = terms(m[0], meta.map);
      if (ts.length && ts.every(function (t) { return matched.has(t); })) {
        parent.appendChild(document.createTextNode(str.slice(at, m.index)));
        var mark = document.createElement("mark");
        mark.textContent = m[0];
        parent.appendChild(mark);
        at = m.index + m[0].length;
      }
    }
    parent.appendChild(document.createTextNode(str.slice(at)));
  }

  function item(d, matched) {
    var li = document.createElement("li");
    li.className = "search-result" + (d.k === "p" ? " search-result-page" : "");
    var h = document.createElement("h2");
    var a = document.createElement("a");
    a.href = "../" + d.u;
    marked(a, d.t, matched);
    h.appendChild(a);
    li.appendChild(h);
    var info = document.createElement("p");
    info.className = "search-meta";
    if (d.k === "p") {
      var kind = document.createElement("span");
      kind.className = "search-kind";
      kind.textContent = text("page");
      info.appendChild(kind);
    }
    if (d.d) {
      var time = document.createElement("span");
      time.className = "search-date";
      time.textContent = d.d;
      info.appendChild(time);
    }
    (d.p || []).forEach(function (p) {
      var t = document.createElement("a");
      t.className = "search-topic";
      t.href = "../" + p[1];
      t.textContent = p[0];
      info.appendChild(t);
    });
    if (info.childNodes.length) li.appendChild(info);
    if (d.s) {
      var s = document.createElement("p");
      s.className = "search-summary";
      marked(s, d.s, matched);
      li.appendChild(s);
    }
    return li;
  }

  // Words of the index near a word that found nothing: its own shard's,
  // one or two letters apart, the most common first.
  function distance(a, b) {
    a = Array.from(a); b = Array.from(b);
    var prev = [], cur = [];
    for (var j = 0; j <= b.length; j++) prev[j] = j;
    for (var i = 1; i <= a.length; i++) {
      cur = [i];
      for (j = 1; j <= b.length; j++) {
        cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      }
      prev = cur;
    }
    return prev[b.length];
  }
  function nearest(t, s) {
    var best = null;
    Object.keys(s).forEach(function (k) {
      var d = distance(t, k);
      if (d === 0 || d > (length(t) > 4 ? 2 : 1)) return;
      var rank = [d, -(s[k].length), k];
      if (!best || rank[0] < best[0] || (rank[0] === best[0] && (rank[1] < best[1] || (rank[1] === best[1] && rank[2] < best[2])))) best = rank;
    });
    return best && s[best[2]][0];
  }

  function suggestions(query, found) {
    suggest.textContent = "";
    var ws = words(query);
    var changed = false;
    var fixed = ws.map(function (w, i) {
      var t = found.qs.indexOf(term(w, meta.map));
      var p = t === -1 ? null : found.each[t];
      if (!p || p.matched.length) return w;
      var near = nearest(found.qs[t], p.shard);
      if (near) { changed = true; return near; }
      return w;
    });
    var p = document.createElement("p");
    if (changed) {
      p.appendChild(document.createTextNode(text("did-you-mean") + " "));
      var a = document.createElement("a");
      var q = fixed.join(" ");
      a.href = "?q=" + encodeURIComponent(q);
      a.textContent = q;
      a.addEventListener("click", function (e) { e.preventDefault(); input.value = q; run(false); });
      p.appendChild(a);
      p.appendChild(document.createTextNode(" "));
    }
    p.appendChild(document.createTextNode(text("try")));
    suggest.appendChild(p);
    suggest.hidden = false;
  }

  var shown = 0, current = null, more = null;
  function showMore(found) {
    var ids = found.ids.slice(shown, shown + PER_PAGE);
    return details(ids).then(function (ds) {
      if (current !== found) return;
      ds.forEach(function (d) { list.appendChild(item(d, found.matched)); });
      shown += ids.length;
      if (more) { more.remove(); more = null; }
      if (shown < found.ids.length) {
        more = document.createElement("button");
        more.type = "button";
        more.className = "search-more";
        more.textContent = text("more");
        more.addEventListener("click", function () {
          var first = list.children[shown];
          showMore(found).then(function () {
            var next = list.children[shown - ids.length] || first;
            var link = next && next.querySelector("a");
            if (link) link.focus();
          });
        });
        list.after(more);
      }
    });
  }

  function run(typing) {
    var query = input.value;
    var url = new URL(window.location.href);
    if (query.trim()) url.searchParams.set("q", query); else url.searchParams.delete("q");
    history.replaceState(null, "", url.pathname + url.search + url.hash);
    return loadMeta().then(function () { return search(query, typing); }).then(function (found) {
      if (input.value !== query) return;
      current = found;
      shown = 0;
      list.textContent = "";
      suggest.hidden = true;
      if (more) { more.remove(); more = null; }
      if (!found) { status.textContent = ""; return; }
      if (found.ids.length === 0) {
        status.textContent = text("none").replace("{q}", query.trim());
        suggestions(query, found);
        return;
      }
      // The count is announced once the first results are there to read.
      return showMore(found).then(function () {
        if (current === found) status.textContent = countText(found.ids.length);
      });
    }).catch(function () {
      status.textContent = text("error");
    });
  }

  var timer = null;
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () { run(true); }, 150);
  });
  form.addEventListener("submit", function (e) {
    e.preventDefault();
    clearTimeout(timer);
    run(false);
  });
  var q = new URLSearchParams(window.location.search).get("q");
  if (q) {
    input.value = q;
    run(false);
  } else if (q === "") {
    // Sent here by the header's magnifier with nothing typed (on a phone the
    // header has no box): the reader came to type, so the box takes focus.
    input.focus();
  }
})();
